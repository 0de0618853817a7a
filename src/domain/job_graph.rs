//! A Flink job's operators (its job vertices) and the edges between them, and the bottleneck: the first busy operator that is not itself backpressured, below a chain of backpressured ones.

/// Flink's own line between "low" and "high" in its web UI: half of every second.
pub const HIGH_MS_PER_SEC: f64 = 500.0;

/// One operator (job vertex), its time per second taken as the maximum over its subtasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    pub id: String,
    pub name: String,
    pub parallelism: u32,
    /// The vertex's status as Flink tells it: RUNNING, SCHEDULED, FAILED…
    pub status: String,
    /// busyTimeMsPerSecond, the worst subtask's.
    pub busy_ms: Option<f64>,
    /// backPressuredTimeMsPerSecond, the worst subtask's.
    pub backpressured_ms: Option<f64>,
    /// idleTimeMsPerSecond, the worst subtask's.
    pub idle_ms: Option<f64>,
    /// Records in and out per second, summed over the subtasks.
    pub records_in: Option<f64>,
    pub records_out: Option<f64>,
    /// The lowest input watermark over the subtasks (None before the first one, and on sources).
    pub watermark: Option<crate::domain::Timestamp>,
    /// The subtask with the most busy time.
    pub worst_subtask: Option<u32>,
}

impl Operator {
    pub fn busy(&self) -> bool {
        self.busy_ms.is_some_and(|ms| ms >= HIGH_MS_PER_SEC)
    }

    pub fn backpressured(&self) -> bool {
        self.backpressured_ms
            .is_some_and(|ms| ms >= HIGH_MS_PER_SEC)
    }
}

/// The operators in topological order (sources first) and the edges `(from, to)` between them,
/// as indexes into `operators`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobGraph {
    pub operators: Vec<Operator>,
    pub edges: Vec<(usize, usize)>,
}

/// The bottleneck named: the busy operator, and the backpressured operators before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bottleneck {
    pub operator: usize,
    /// The backpressured operators upstream of it, each joined to it through backpressured
    /// operators only, in topological order.
    pub backpressured: Vec<usize>,
}

impl Bottleneck {
    /// "sink-to-payments is busy 97 %; the 3 operators before it are backpressured".
    pub fn sentence(&self, graph: &JobGraph) -> String {
        let Some(operator) = graph.operators.get(self.operator) else {
            return String::new();
        };
        let busy = operator.busy_ms.unwrap_or_default() / 10.0;
        let before = match self.backpressured.len() {
            1 => "the operator before it is backpressured".to_string(),
            n => format!("the {n} operators before it are backpressured"),
        };
        let subtask = operator
            .worst_subtask
            .filter(|_| operator.parallelism > 1)
            .map(|s| format!(" (subtask {s} the busiest)"))
            .unwrap_or_default();
        format!("{} is busy {busy:.0} %{subtask}; {before}", operator.name)
    }
}

/// The first operator, in topological order, that is busy and not backpressured while at least
/// one operator upstream is backpressured through a chain of backpressured operators: the one
/// that holds the others back. None when no operator fits (a busy source alone is not one).
pub fn bottleneck(graph: &JobGraph) -> Option<Bottleneck> {
    let operators = &graph.operators;
    (0..operators.len())
        .filter(|&i| operators[i].busy() && !operators[i].backpressured())
        .find_map(|candidate| {
            let backpressured = backpressured_chain(graph, candidate);
            (!backpressured.is_empty()).then_some(Bottleneck {
                operator: candidate,
                backpressured,
            })
        })
}

/// The backpressured operators that reach `target` through backpressured operators only.
fn backpressured_chain(graph: &JobGraph, target: usize) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    let mut frontier = vec![target];
    while let Some(next) = frontier.pop() {
        for &(from, to) in &graph.edges {
            let upstream_backpressured = graph
                .operators
                .get(from)
                .is_some_and(Operator::backpressured);
            if to == next && upstream_backpressured && !found.contains(&from) {
                found.push(from);
                frontier.push(from);
            }
        }
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator(name: &str, busy: f64, backpressured: f64) -> Operator {
        Operator {
            id: name.into(),
            name: name.into(),
            parallelism: 4,
            status: "RUNNING".into(),
            busy_ms: Some(busy),
            backpressured_ms: Some(backpressured),
            idle_ms: None,
            records_in: None,
            records_out: None,
            watermark: None,
            worst_subtask: Some(2),
        }
    }

    /// source → parse → enrich → sink, in a line.
    fn line(operators: Vec<Operator>) -> JobGraph {
        let edges = (1..operators.len()).map(|i| (i - 1, i)).collect();
        JobGraph { operators, edges }
    }

    #[test]
    fn the_busy_sink_below_three_backpressured_operators_is_named() {
        let graph = line(vec![
            operator("source", 20.0, 900.0),
            operator("parse", 80.0, 850.0),
            operator("enrich", 120.0, 800.0),
            operator("sink-to-payments", 970.0, 0.0),
        ]);
        let found = bottleneck(&graph).unwrap();
        assert_eq!(found.operator, 3);
        assert_eq!(found.backpressured, vec![0, 1, 2]);
        assert_eq!(
            found.sentence(&graph),
            "sink-to-payments is busy 97 % (subtask 2 the busiest); the 3 operators before it are backpressured"
        );
    }

    #[test]
    fn the_first_busy_operator_holds_the_others_back_not_one_further_down() {
        // enrich is the bottleneck; the sink after it is busy too but nothing before it is
        // backpressured through backpressured operators (enrich is not).
        let graph = line(vec![
            operator("source", 10.0, 700.0),
            operator("enrich", 950.0, 100.0),
            operator("sink", 900.0, 0.0),
        ]);
        let found = bottleneck(&graph).unwrap();
        assert_eq!(found.operator, 1);
        assert_eq!(found.backpressured, vec![0]);
        assert!(
            found
                .sentence(&graph)
                .ends_with("the operator before it is backpressured")
        );
    }

    #[test]
    fn a_busy_source_alone_or_an_idle_job_has_no_bottleneck() {
        let busy_source = line(vec![
            operator("source", 990.0, 0.0),
            operator("sink", 50.0, 0.0),
        ]);
        assert_eq!(bottleneck(&busy_source), None);
        let idle = line(vec![
            operator("source", 5.0, 0.0),
            operator("sink", 5.0, 0.0),
        ]);
        assert_eq!(bottleneck(&idle), None);
        assert_eq!(bottleneck(&JobGraph::default()), None);
    }

    #[test]
    fn a_join_is_held_back_by_both_backpressured_branches_but_not_by_a_free_one() {
        // orders ─┐
        // users  ─┼→ join → sink
        // prices ─┘ (prices flows freely)
        let graph = JobGraph {
            operators: vec![
                operator("orders", 30.0, 800.0),
                operator("users", 30.0, 700.0),
                operator("prices", 30.0, 50.0),
                operator("join", 990.0, 0.0),
                operator("sink", 40.0, 0.0),
            ],
            edges: vec![(0, 3), (1, 3), (2, 3), (3, 4)],
        };
        let found = bottleneck(&graph).unwrap();
        assert_eq!(found.operator, 3);
        assert_eq!(found.backpressured, vec![0, 1]);
    }

    #[test]
    fn missing_metrics_are_neither_busy_nor_backpressured() {
        let mut unknown = operator("sink", 0.0, 0.0);
        unknown.busy_ms = None;
        unknown.backpressured_ms = None;
        assert!(!unknown.busy() && !unknown.backpressured());
        let graph = line(vec![operator("source", 10.0, 900.0), unknown]);
        assert_eq!(bottleneck(&graph), None);
    }
}

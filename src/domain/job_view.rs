//! Flink's own view of one job: its operators, checkpoints (history, configuration, the slowest part of the latest), exception history and task managers, and where the view came from.
use super::Timestamp;
use super::job_graph::{Bottleneck, JobGraph, bottleneck};

/// Where a job view was read: the panel says so, since the same screen serves several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobSource {
    /// A self-managed cluster's REST API.
    Rest { cluster: String, url: String },
    /// A Managed Flink application's Flink dashboard: `url` is its base, never its token.
    Dashboard { app: String, url: String },
    /// The demo's simulated engine.
    Simulated,
}

impl JobSource {
    pub fn label(&self) -> String {
        match self {
            Self::Rest { cluster, url } => format!("Flink REST of {cluster} ({url})"),
            Self::Dashboard { app, url } => {
                format!("the Flink dashboard of {app} ({url}, authToken=…)")
            }
            Self::Simulated => "the simulated engine".to_string(),
        }
    }
}

/// One checkpoint (or savepoint) from the history, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointRun {
    pub id: u64,
    /// COMPLETED, FAILED or IN_PROGRESS.
    pub status: String,
    pub savepoint: bool,
    pub triggered: Timestamp,
    pub duration_ms: i64,
    pub size_bytes: u64,
    /// The checkpoint the job was restored from.
    pub restored: bool,
}

/// How the job checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointSettings {
    pub interval_ms: i64,
    pub timeout_ms: i64,
    pub unaligned: bool,
    pub tolerable_failures: u32,
    /// exactly_once or at_least_once.
    pub mode: String,
}

/// The operator and subtask that took longest in one checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct SlowestPart {
    pub checkpoint: u64,
    pub operator: String,
    pub duration_ms: i64,
    /// The slowest subtask of that operator, when Flink told it.
    pub subtask: Option<(u32, i64)>,
}

/// One entry of the exception history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobException {
    pub at: Timestamp,
    /// The root cause's line: the last `Caused by:` of the trace, else its first line.
    pub root_cause: String,
    /// The exception's class as Flink names it.
    pub name: String,
    pub task: Option<String>,
    /// `host:port` of the task manager it happened on.
    pub host: Option<String>,
    pub stack: String,
}

/// One task manager: its slots and heap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskManager {
    pub id: String,
    pub slots_total: u32,
    pub slots_free: u32,
    pub heap_used: Option<u64>,
    pub heap_max: Option<u64>,
}

/// Where a savepoint (or a stop with one) stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavepointStatus {
    InProgress,
    /// Its location.
    Completed(String),
    /// The root cause Flink gave.
    Failed(String),
}

/// Everything the Job tab shows, read at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct JobView {
    pub source: JobSource,
    pub job_id: String,
    pub name: String,
    /// The job's state as Flink tells it: RUNNING, RESTARTING, FAILED…
    pub state: String,
    /// All of the job's tasks run (a RUNNING job with tasks waiting for slots does not).
    pub all_running: bool,
    pub graph: JobGraph,
    pub checkpoints: Vec<CheckpointRun>,
    pub checkpoint_settings: Option<CheckpointSettings>,
    pub slowest: Option<SlowestPart>,
    /// Newest first.
    pub exceptions: Vec<JobException>,
    pub task_managers: Vec<TaskManager>,
    /// How many REST calls (or simulated ones) the view took.
    pub calls: u32,
}

impl JobView {
    pub fn bottleneck(&self) -> Option<Bottleneck> {
        bottleneck(&self.graph)
    }

    /// A source operator spending most of its time backpressured: the job cannot keep up
    /// with what it reads.
    pub fn source_backpressured(&self) -> Option<&str> {
        let has_input: Vec<usize> = self.graph.edges.iter().map(|&(_, to)| to).collect();
        self.graph
            .operators
            .iter()
            .enumerate()
            .find(|(i, o)| !has_input.contains(i) && o.backpressured())
            .map(|(_, o)| o.name.as_str())
    }

    /// The newest exception's root cause, when the history has one.
    pub fn root_exception(&self) -> Option<&JobException> {
        self.exceptions.first()
    }

    /// How far the slowest operator's watermark is behind `now`.
    pub fn watermark_lag(&self, now: Timestamp) -> Option<chrono::Duration> {
        self.graph
            .operators
            .iter()
            .filter_map(|o| o.watermark)
            .min()
            .map(|w| now - w)
    }
}

/// The last `Caused by:` line of a Java stack trace, without the prefix.
pub fn last_cause(trace: &str) -> Option<&str> {
    trace
        .lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("Caused by: "))
        .map(str::trim)
}

/// The root cause of a Java stack trace: its last `Caused by:`, else its first line.
pub fn root_cause(trace: &str) -> String {
    last_cause(trace)
        .or_else(|| trace.lines().next().map(str::trim))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::job_graph::Operator;

    fn operator(name: &str, backpressured: f64) -> Operator {
        Operator {
            id: name.into(),
            name: name.into(),
            parallelism: 2,
            status: "RUNNING".into(),
            busy_ms: Some(10.0),
            backpressured_ms: Some(backpressured),
            idle_ms: None,
            records_in: None,
            records_out: None,
            watermark: None,
            worst_subtask: None,
        }
    }

    fn view(operators: Vec<Operator>, edges: Vec<(usize, usize)>) -> JobView {
        JobView {
            source: JobSource::Simulated,
            job_id: "j".into(),
            name: "j".into(),
            state: "RUNNING".into(),
            all_running: true,
            graph: JobGraph { operators, edges },
            checkpoints: vec![],
            checkpoint_settings: None,
            slowest: None,
            exceptions: vec![],
            task_managers: vec![],
            calls: 0,
        }
    }

    #[test]
    fn only_an_operator_without_inputs_counts_as_a_backpressured_source() {
        let held = view(
            vec![operator("orders", 800.0), operator("parse", 900.0)],
            vec![(0, 1)],
        );
        assert_eq!(held.source_backpressured(), Some("orders"));
        let inner = view(
            vec![operator("orders", 100.0), operator("parse", 900.0)],
            vec![(0, 1)],
        );
        assert_eq!(inner.source_backpressured(), None);
    }
}

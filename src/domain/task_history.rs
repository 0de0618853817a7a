//! A Managed Flink application's tasks over the last hour from CloudWatch (MetricsLevel TASK or finer): busy, backpressured and idle time per minute for each task, when the backing up began and where, and the likely bottleneck when the live view cannot be read.
use super::Timestamp;
use super::app_metrics::NAMESPACE;
use super::job_graph::HIGH_MS_PER_SEC;
use super::metrics::{MetricQuery, MetricSeries, Stat};

/// The task-level metrics read, in the order their series are asked for.
pub const TASK_METRICS: [&str; 3] = [
    "busyTimeMsPerSecond",
    "backPressuredTimeMsPerSecond",
    "idleTimeMsPerSecond",
];

/// The dimension CloudWatch names a task by.
pub const TASK_DIMENSION: &str = "Task";

/// A task's name as CloudWatch's `Task` dimension carries it: spaces as `_`
/// (`Source: Kafka source` → `Source:_Kafka_source`).
pub fn dimension_value(task: &str) -> String {
    task.replace(' ', "_")
}

/// The ListMetrics filter that finds the application's task metrics (and their dimensions,
/// which are only documented for the task level: the others are discovered, never guessed).
pub fn task_filter(app: &str) -> MetricQuery {
    MetricQuery {
        namespace: NAMESPACE.to_string(),
        metric: TASK_METRICS[0].to_string(),
        dimensions: vec![("Application".to_string(), app.to_string())],
        stat: Stat::Maximum,
    }
}

/// The tasks a ListMetrics answer names: the dimension sets that are exactly `Application` and
/// `Task` (finer levels add dimensions of their own), sorted, once each.
pub fn tasks_listed(found: &[MetricQuery]) -> Vec<String> {
    let mut tasks: Vec<String> = found
        .iter()
        .filter(|q| q.dimensions.len() == 2)
        .filter(|q| q.dimensions.iter().any(|(n, _)| n == "Application"))
        .filter_map(|q| {
            q.dimensions
                .iter()
                .find(|(n, _)| n == TASK_DIMENSION)
                .map(|(_, v)| v.clone())
        })
        .collect();
    tasks.sort();
    tasks.dedup();
    tasks
}

/// The GetMetricData queries of `tasks`: for each task, its `TASK_METRICS` in order (the
/// worst subtask's, as the live view shows them).
pub fn task_queries(app: &str, tasks: &[String]) -> Vec<MetricQuery> {
    tasks
        .iter()
        .flat_map(|task| {
            TASK_METRICS.iter().map(move |metric| MetricQuery {
                namespace: NAMESPACE.to_string(),
                metric: (*metric).to_string(),
                dimensions: vec![
                    ("Application".to_string(), app.to_string()),
                    (TASK_DIMENSION.to_string(), task.clone()),
                ],
                stat: Stat::Maximum,
            })
        })
        .collect()
}

/// One task's last hour, a point a minute.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskSeries {
    /// As CloudWatch names it (spaces as `_`).
    pub task: String,
    pub busy: MetricSeries,
    pub backpressured: MetricSeries,
    pub idle: MetricSeries,
}

impl TaskSeries {
    /// The task's name as Flink shows it.
    pub fn name(&self) -> String {
        self.task.replace('_', " ")
    }

    /// This is the series of the live view's operator `name`.
    pub fn is_of(&self, name: &str) -> bool {
        self.task == dimension_value(name)
    }

    fn backpressured_at(&self, at: Timestamp) -> bool {
        self.backpressured
            .points
            .iter()
            .any(|(t, v)| *t == at && *v >= HIGH_MS_PER_SEC)
    }
}

/// The likely bottleneck from CloudWatch alone, which carries no topology.
#[derive(Debug, Clone, PartialEq)]
pub struct LikelyBottleneck {
    pub task: String,
    pub busy_ms: f64,
    /// How many other tasks were backpressured in the same minute.
    pub backpressured: usize,
    pub at: Timestamp,
}

impl LikelyBottleneck {
    /// "sink-to-payments was busy 97 % at 18:42 while 2 other tasks were backpressured".
    pub fn sentence(&self, clock: &str) -> String {
        let others = match self.backpressured {
            1 => "another task was".to_string(),
            n => format!("{n} other tasks were"),
        };
        format!(
            "{} was busy {:.0} % at {clock} while {others} backpressured",
            self.task.replace('_', " "),
            self.busy_ms / 10.0,
        )
    }
}

/// A stretch of minutes in which some task was backpressured, up to the newest minute.
#[derive(Debug, Clone, PartialEq)]
pub struct BackedUp {
    pub since: Timestamp,
    /// The newest minute CloudWatch has: now (less its delay) while the job runs.
    pub until: Timestamp,
    /// The task backpressured first, as Flink names it.
    pub first: String,
}

/// The tasks' last hour, as CloudWatch tells it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskHistory {
    pub tasks: Vec<TaskSeries>,
}

impl TaskHistory {
    /// The history from `task_queries`' answers, in the same order.
    pub fn from_series(tasks: &[String], series: Vec<MetricSeries>) -> Self {
        let mut series = series.into_iter();
        let mut next = || series.next().unwrap_or_default().sorted();
        Self {
            tasks: tasks
                .iter()
                .map(|task| TaskSeries {
                    task: task.clone(),
                    busy: next(),
                    backpressured: next(),
                    idle: next(),
                })
                .collect(),
        }
    }

    /// The series of the live view's operator `name`.
    pub fn of(&self, name: &str) -> Option<&TaskSeries> {
        self.tasks.iter().find(|t| t.is_of(name))
    }

    /// The newest minute any task has a busy point for.
    fn latest_minute(&self) -> Option<Timestamp> {
        self.tasks
            .iter()
            .filter_map(|t| t.busy.points.last().map(|(at, _)| *at))
            .max()
    }

    /// The busiest task in the newest minute that was busy and not backpressured while another
    /// was backpressured: what holds the others back, as far as CloudWatch can tell.
    pub fn likely_bottleneck(&self) -> Option<LikelyBottleneck> {
        let at = self.latest_minute()?;
        let value = |s: &MetricSeries| {
            s.points
                .iter()
                .find(|(t, _)| *t == at)
                .map(|(_, v)| *v)
                .filter(|v| v.is_finite())
        };
        let held = |t: &TaskSeries| value(&t.backpressured).is_some_and(|v| v >= HIGH_MS_PER_SEC);
        let (task, busy_ms) = self
            .tasks
            .iter()
            .filter(|t| !held(t))
            .filter_map(|t| Some((t, value(&t.busy)?)))
            .filter(|(_, busy)| *busy >= HIGH_MS_PER_SEC)
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        let backpressured = self
            .tasks
            .iter()
            .filter(|t| t.task != task.task && held(t))
            .count();
        (backpressured > 0).then(|| LikelyBottleneck {
            task: task.task.clone(),
            busy_ms,
            backpressured,
            at,
        })
    }

    /// When the backing up that lasts to the newest minute began, and the first task
    /// backpressured then: the first minute of the newest unbroken run of minutes in which a
    /// task was backpressured; and that newest minute.
    pub fn backed_up(&self) -> Option<BackedUp> {
        let mut minutes: Vec<Timestamp> = self
            .tasks
            .iter()
            .flat_map(|t| t.backpressured.points.iter().map(|(at, _)| *at))
            .collect();
        minutes.sort_unstable();
        minutes.dedup();
        let held_at = |at: Timestamp| self.tasks.iter().find(|t| t.backpressured_at(at));
        let newest = *minutes.last()?;
        held_at(newest)?;
        let mut start = newest;
        for &at in minutes.iter().rev().skip(1) {
            if held_at(at).is_none() {
                break;
            }
            start = at;
        }
        held_at(start).map(|t| BackedUp {
            since: start,
            until: newest,
            first: t.name(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn minutes(values: &[f64]) -> MetricSeries {
        MetricSeries {
            points: values
                .iter()
                .enumerate()
                .map(|(i, v)| (from_epoch_secs(1_800_000_000 + 60 * i as i64), *v))
                .collect(),
        }
    }

    fn task(name: &str, busy: &[f64], backpressured: &[f64]) -> TaskSeries {
        TaskSeries {
            task: name.into(),
            busy: minutes(busy),
            backpressured: minutes(backpressured),
            idle: MetricSeries::default(),
        }
    }

    #[test]
    fn only_the_application_and_task_dimension_sets_name_tasks() {
        let listed = |dims: &[(&str, &str)]| MetricQuery {
            dimensions: dims
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..task_filter("a")
        };
        let found = [
            listed(&[("Application", "a"), ("Task", "Source:_orders")]),
            listed(&[("Application", "a"), ("Task", "Sink:_payments")]),
            // Operator level: a dimension kinetic does not know, and does not guess.
            listed(&[
                ("Application", "a"),
                ("Task", "Sink:_payments"),
                ("Operator", "x"),
            ]),
            listed(&[("Application", "a")]),
        ];
        assert_eq!(tasks_listed(&found), ["Sink:_payments", "Source:_orders"]);
        assert_eq!(
            dimension_value("Source: Kafka source"),
            "Source:_Kafka_source"
        );
        let queries = task_queries("a", &tasks_listed(&found));
        assert_eq!(queries.len(), 6);
        assert_eq!(queries[1].metric, "backPressuredTimeMsPerSecond");
    }

    #[test]
    fn the_busy_task_beside_backpressured_ones_is_the_likely_bottleneck() {
        let history = TaskHistory {
            tasks: vec![
                task("Source:_orders", &[20.0, 20.0], &[0.0, 900.0]),
                task("parse", &[90.0, 80.0], &[0.0, 850.0]),
                task("Sink:_payments", &[300.0, 970.0], &[0.0, 0.0]),
            ],
        };
        let found = history.likely_bottleneck().unwrap();
        assert_eq!(found.task, "Sink:_payments");
        assert_eq!(found.backpressured, 2);
        assert!(found.sentence("18:42").starts_with(
            "Sink: payments was busy 97 % at 18:42 while 2 other tasks were backpressured"
        ));
        // A busy task with nothing held back is not a bottleneck.
        let alone = TaskHistory {
            tasks: vec![task("Sink:_payments", &[970.0], &[0.0])],
        };
        assert_eq!(alone.likely_bottleneck(), None);
    }

    #[test]
    fn the_backing_up_began_with_the_newest_unbroken_run_of_backpressured_minutes() {
        let history = TaskHistory {
            tasks: vec![
                task(
                    "Source:_orders",
                    &[0.0; 6],
                    &[700.0, 0.0, 0.0, 600.0, 800.0, 900.0],
                ),
                task("parse", &[0.0; 6], &[0.0, 0.0, 600.0, 0.0, 0.0, 0.0]),
            ],
        };
        let found = history.backed_up().unwrap();
        assert_eq!(found.since, from_epoch_secs(1_800_000_000 + 120));
        assert_eq!(found.until, from_epoch_secs(1_800_000_000 + 300));
        assert_eq!(found.first, "parse");
        let calm = TaskHistory {
            tasks: vec![task("parse", &[0.0; 3], &[700.0, 0.0, 0.0])],
        };
        assert_eq!(calm.backed_up(), None);
    }
}

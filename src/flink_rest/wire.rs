//! The JSON shapes of Flink's REST answers that kinetic reads, tolerant of 1.20 and 2.x (2.x dropped `root-exception` and an exception's `location`; 2.x adds `pending-operators`), and their reading into domain types.
use crate::domain::job_graph::{JobGraph, Operator};
use serde::Deserialize;
use std::collections::HashMap;

pub use super::wire_changes::*;

/// `GET /jobs/overview`.
#[derive(Debug, Clone, Deserialize)]
pub struct JobsOverview {
    pub jobs: Vec<JobOverview>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobOverview {
    pub jid: String,
    pub name: String,
    pub state: String,
    #[serde(rename = "start-time")]
    pub start_time: i64,
    pub duration: i64,
    /// Tasks by state (lower case here, upper case in a job's detail).
    #[serde(default)]
    pub tasks: HashMap<String, u32>,
}

impl JobOverview {
    /// Every task of the job runs or has finished (the overview counts tasks by lower-case
    /// state). A finished task is done, not waiting: a source subtask without a split of its
    /// own finishes at once, after a rescale too.
    pub fn all_tasks_running(&self) -> bool {
        let count = |state: &str| self.tasks.get(state).copied().unwrap_or_default();
        let total = count("total");
        total == 0 || count("running") + count("finished") == total
    }
}

/// `GET /jobs`: every job's id and status (what AWS's sample reads through a Managed Flink
/// dashboard).
#[derive(Debug, Clone, Deserialize)]
pub struct JobList {
    pub jobs: Vec<JobIdStatus>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobIdStatus {
    pub id: String,
    pub status: String,
}

impl JobList {
    /// The job a Managed Flink application runs: the first that has not ended (its cluster
    /// keeps ended runs of the application for a while), else the first.
    pub fn current(&self) -> Option<&JobIdStatus> {
        let ended = |s: &str| matches!(s, "FINISHED" | "CANCELED" | "FAILED");
        self.jobs
            .iter()
            .find(|j| !ended(&j.status))
            .or_else(|| self.jobs.first())
    }
}

/// `GET /jobs/:id`.
#[derive(Debug, Clone, Deserialize)]
pub struct JobDetail {
    pub jid: String,
    #[serde(rename = "start-time", default)]
    pub start_time: i64,
    /// The cluster's clock when it answered.
    #[serde(default)]
    pub now: Option<i64>,
    pub name: String,
    pub state: String,
    pub vertices: Vec<Vertex>,
    pub plan: Plan,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Vertex {
    pub id: String,
    pub name: String,
    pub parallelism: u32,
    pub status: String,
    /// Tasks by state: a job is only running when all of its tasks are.
    #[serde(default)]
    pub tasks: HashMap<String, u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Plan {
    pub nodes: Vec<PlanNode>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanNode {
    pub id: String,
    /// Absent on sources.
    #[serde(default)]
    pub inputs: Vec<PlanInput>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanInput {
    pub id: String,
}

/// `GET /jobs/:id/vertices/:vid/subtasks/metrics?get=…&agg=max`: one entry per metric asked.
#[derive(Debug, Clone, Deserialize)]
pub struct AggregatedMetric {
    pub id: String,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub max: Option<f64>,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub min: Option<f64>,
    #[serde(default, deserialize_with = "finite_or_none")]
    pub sum: Option<f64>,
}

/// A number, or none where Flink has no finite one: its JSON writer sends NaN and the
/// infinities as the strings "NaN", "Infinity", "-Infinity" (seen on a real 1.20 cluster for
/// a subtask that has not reported yet).
fn finite_or_none<'de, D: serde::Deserializer<'de>>(from: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(f64),
        Text(String),
    }
    Ok(match Option::<NumberOrText>::deserialize(from)? {
        Some(NumberOrText::Number(n)) => Some(n),
        Some(NumberOrText::Text(text)) => text.parse::<f64>().ok(),
        None => None,
    }
    .filter(|n| n.is_finite()))
}

/// `GET /jobs/:id/exceptions`: only the history, which both 1.20 and 2.x send.
#[derive(Debug, Clone, Deserialize)]
pub struct Exceptions {
    #[serde(rename = "exceptionHistory")]
    pub history: ExceptionHistory,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExceptionHistory {
    pub entries: Vec<ExceptionEntry>,
    #[serde(default)]
    pub truncated: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExceptionEntry {
    #[serde(rename = "exceptionName")]
    pub name: String,
    pub stacktrace: String,
    pub timestamp: i64,
    #[serde(rename = "taskName", default)]
    pub task: Option<String>,
    /// `host:port` of the task manager (1.20 also sends it as `location`).
    #[serde(default)]
    pub endpoint: Option<String>,
}

impl ExceptionEntry {
    /// The root cause's sentence: the last `Caused by:` of the trace, else its first line.
    pub fn root_cause(&self) -> String {
        root_cause(&self.stacktrace)
    }
}

/// `GET /jobs/:id/checkpoints`.
#[derive(Debug, Clone, Deserialize)]
pub struct Checkpoints {
    pub counts: CheckpointCounts,
    #[serde(default)]
    pub history: Vec<CheckpointEntry>,
    #[serde(default)]
    pub latest: Option<LatestCheckpoints>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LatestCheckpoints {
    #[serde(default)]
    pub restored: Option<RestoredCheckpoint>,
    /// The newest savepoint of the run (a stopped job keeps the one it stopped with).
    #[serde(default)]
    pub savepoint: Option<LatestSavepoint>,
    /// The newest completed checkpoint, with its path when it is retained.
    #[serde(default)]
    pub completed: Option<LatestSavepoint>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LatestSavepoint {
    #[serde(default)]
    pub external_path: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RestoredCheckpoint {
    pub id: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointCounts {
    pub restored: u64,
    pub total: u64,
    pub in_progress: u64,
    pub completed: u64,
    pub failed: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointEntry {
    pub id: u64,
    pub status: String,
    pub is_savepoint: bool,
    pub trigger_timestamp: i64,
    pub end_to_end_duration: i64,
    pub checkpointed_size: u64,
}

/// An error answer: `{"errors": ["<a whole Java stack trace>"]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorBody {
    pub errors: Vec<String>,
}

impl ErrorBody {
    /// One sentence for the operator: the first line of the first error and, when there is
    /// one, the last `Caused by:` (where the real reason is).
    pub fn sentence(&self) -> String {
        let Some(first) = self.errors.first() else {
            return "Flink answered with an error and no message".to_string();
        };
        let head = first.lines().next().unwrap_or_default().trim();
        match last_cause(first) {
            Some(cause) if cause != head => format!("{head} (caused by {cause})"),
            _ => head.to_string(),
        }
    }
}

pub use crate::domain::job_view::{last_cause, root_cause};

impl JobDetail {
    /// The operators in topological order (sources first) and the edges between them, with the
    /// busy and backpressured time per vertex id where `metrics` has them.
    pub fn graph(&self, metrics: &HashMap<String, VertexMetrics>) -> JobGraph {
        let inputs: HashMap<&str, Vec<&str>> = self
            .plan
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.as_str(),
                    n.inputs.iter().map(|i| i.id.as_str()).collect(),
                )
            })
            .collect();
        // Kahn's algorithm over the plan, keeping the vertices' own order among equals.
        let mut order: Vec<usize> = Vec::new();
        let mut placed: Vec<bool> = vec![false; self.vertices.len()];
        while order.len() < self.vertices.len() {
            let before = order.len();
            for (i, vertex) in self.vertices.iter().enumerate() {
                if placed[i] {
                    continue;
                }
                let ready = inputs.get(vertex.id.as_str()).is_none_or(|ins| {
                    ins.iter().all(|input| {
                        self.vertices
                            .iter()
                            .position(|v| v.id == *input)
                            .is_none_or(|j| placed[j])
                    })
                });
                if ready {
                    placed[i] = true;
                    order.push(i);
                }
            }
            if order.len() == before {
                // A cycle cannot come from Flink; keep what is left in its own order.
                order.extend((0..self.vertices.len()).filter(|i| !placed[*i]));
                break;
            }
        }
        let operators: Vec<Operator> = order
            .iter()
            .map(|&i| {
                let vertex = &self.vertices[i];
                let m = metrics.get(&vertex.id).copied().unwrap_or_default();
                Operator {
                    id: vertex.id.clone(),
                    name: vertex.name.clone(),
                    parallelism: vertex.parallelism,
                    status: vertex.status.clone(),
                    busy_ms: m.busy_ms,
                    backpressured_ms: m.backpressured_ms,
                    idle_ms: m.idle_ms,
                    records_in: m.records_in,
                    records_out: m.records_out,
                    watermark: m.watermark,
                    worst_subtask: None,
                }
            })
            .collect();
        let index = |id: &str| operators.iter().position(|o| o.id == id);
        let edges = self
            .plan
            .nodes
            .iter()
            .flat_map(|node| {
                node.inputs
                    .iter()
                    .filter_map(|input| Some((index(&input.id)?, index(&node.id)?)))
                    .collect::<Vec<_>>()
            })
            .collect();
        JobGraph { operators, edges }
    }

    /// All of the job's tasks are running (or finished, done with their part): a job RUNNING
    /// with scheduled tasks (no free slots) is not running yet.
    pub fn all_tasks_running(&self) -> bool {
        self.state == "RUNNING"
            && self.vertices.iter().all(|v| {
                v.tasks.iter().all(|(state, n)| {
                    *n == 0
                        || state.eq_ignore_ascii_case("RUNNING")
                        || state.eq_ignore_ascii_case("FINISHED")
                })
            })
    }
}

/// The subtask metrics asked of every vertex (`agg=max,min,sum`). Asking for a metric a vertex
/// does not have empties the whole answer, so sources are not asked for an input watermark.
pub const VERTEX_METRICS: &str = "busyTimeMsPerSecond,backPressuredTimeMsPerSecond,idleTimeMsPerSecond,numRecordsInPerSecond,numRecordsOutPerSecond";
pub const WATERMARK_METRIC: &str = "currentInputWatermark";

/// One vertex's metrics over its subtasks: time per second at its worst subtask, records
/// summed, the lowest input watermark.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct VertexMetrics {
    pub busy_ms: Option<f64>,
    pub backpressured_ms: Option<f64>,
    pub idle_ms: Option<f64>,
    pub records_in: Option<f64>,
    pub records_out: Option<f64>,
    pub watermark: Option<crate::domain::Timestamp>,
}

impl VertexMetrics {
    pub fn read(metrics: &[AggregatedMetric]) -> Self {
        let find = |id: &str| metrics.iter().find(|m| m.id == id);
        let max = |id: &str| find(id).and_then(|m| m.max);
        let sum = |id: &str| find(id).and_then(|m| m.sum);
        // Long.MIN_VALUE (as a double) is Flink's "no watermark yet".
        let watermark = find(WATERMARK_METRIC)
            .and_then(|m| m.min)
            .filter(|w| *w > 0.0)
            .map(|w| crate::domain::time::from_epoch_millis(w as i64));
        Self {
            busy_ms: max("busyTimeMsPerSecond"),
            backpressured_ms: max("backPressuredTimeMsPerSecond"),
            idle_ms: max("idleTimeMsPerSecond"),
            records_in: sum("numRecordsInPerSecond"),
            records_out: sum("numRecordsOutPerSecond"),
            watermark,
        }
    }
}

/// `GET /jobs/:id/vertices/:vid/metrics?get=0.x,1.x` and `/taskmanagers/:id/metrics`: values
/// as strings.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricValue {
    pub id: String,
    pub value: String,
}

/// `GET /jobs/:id/checkpoints/config`.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointConfig {
    pub mode: String,
    pub interval: i64,
    pub timeout: i64,
    #[serde(default)]
    pub unaligned_checkpoints: bool,
    #[serde(default)]
    pub tolerable_failed_checkpoints: u32,
}

/// `GET /jobs/:id/checkpoints/details/:cid`: each vertex's part.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointDetail {
    pub id: u64,
    #[serde(default)]
    pub tasks: HashMap<String, CheckpointTask>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointTask {
    #[serde(default)]
    pub end_to_end_duration: i64,
}

/// `GET /jobs/:id/checkpoints/details/:cid/subtasks/:vid`.
#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointSubtasks {
    #[serde(default)]
    pub subtasks: Vec<CheckpointSubtask>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointSubtask {
    pub index: u32,
    #[serde(default)]
    pub end_to_end_duration: Option<i64>,
}

/// `GET /jobmanager/config`: one entry per key.
#[derive(Debug, Clone, Deserialize)]
pub struct ConfigEntry {
    pub key: String,
    pub value: String,
}

/// `GET /taskmanagers`.
#[derive(Debug, Clone, Deserialize)]
pub struct TaskManagers {
    pub taskmanagers: Vec<TaskManagerEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TaskManagerEntry {
    pub id: String,
    #[serde(rename = "slotsNumber")]
    pub slots: u32,
    #[serde(rename = "freeSlots")]
    pub free_slots: u32,
}

/// `GET /overview`: the cluster.
#[derive(Debug, Clone, Deserialize)]
pub struct ClusterOverview {
    #[serde(rename = "flink-version")]
    pub version: String,
    #[serde(rename = "slots-total")]
    pub slots_total: u32,
    #[serde(rename = "slots-available")]
    pub slots_available: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_tasks_count_as_done_and_scheduled_ones_as_not_running() {
        let job = |tasks: &[(&str, u32)]| JobOverview {
            jid: "j".into(),
            name: "keyed-counter".into(),
            state: "RUNNING".into(),
            start_time: 0,
            duration: 0,
            tasks: tasks.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
        };
        // After a rescale to 2, the source subtask without a split finishes at once.
        assert!(job(&[("total", 10), ("running", 8), ("finished", 2)]).all_tasks_running());
        assert!(!job(&[("total", 10), ("running", 8), ("scheduled", 2)]).all_tasks_running());
    }

    #[test]
    fn an_error_body_is_its_first_line_and_its_last_cause() {
        let body = ErrorBody {
            errors: vec![
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat org.apache.flink...\nCaused by: java.util.concurrent.CompletionException: boom\n\tat ...\nCaused by: java.io.FileNotFoundException: /jars/x.jar (No such file or directory)\n\tat ...".into(),
            ],
        };
        assert_eq!(
            body.sentence(),
            "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application. (caused by java.io.FileNotFoundException: /jars/x.jar (No such file or directory))"
        );
        let plain = ErrorBody {
            errors: vec!["Job not found.".into()],
        };
        assert_eq!(plain.sentence(), "Job not found.");
        assert_eq!(
            ErrorBody { errors: vec![] }.sentence(),
            "Flink answered with an error and no message"
        );
        assert_eq!(root_cause("java.lang.X: y\n\tat a"), "java.lang.X: y");
    }

    #[test]
    fn an_aggregate_flink_could_not_compute_is_none() {
        let metrics: Vec<AggregatedMetric> = serde_json::from_str(
            r#"[{"id":"busyTimeMsPerSecond","min":"NaN","max":"Infinity","sum":12.5},{"id":"idleTimeMsPerSecond","max":3}]"#,
        )
        .unwrap();
        assert_eq!(metrics[0].min, None);
        assert_eq!(metrics[0].max, None);
        assert_eq!(metrics[0].sum, Some(12.5));
        assert_eq!(metrics[1].max, Some(3.0));
    }
}

//! The answers of Flink's REST calls that change a cluster, as kinetic reads them: jars uploaded, planned and run, savepoints triggered and followed.
use super::wire::root_cause;
use serde::Deserialize;

/// `GET /jars`: the jars uploaded to the cluster.
#[derive(Debug, Clone, Deserialize)]
pub struct Jars {
    #[serde(default)]
    pub files: Vec<UploadedJar>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct UploadedJar {
    /// What `/jars/:id/run` takes: the upload's id and the file name.
    pub id: String,
    pub name: String,
    /// Epoch milliseconds.
    #[serde(default)]
    pub uploaded: i64,
    /// The entry classes the jar's manifest names.
    #[serde(default)]
    pub entry: Vec<JarEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JarEntry {
    pub name: String,
}

/// `POST /jars/upload`: where the cluster put the file (its last segment is the jar's id).
#[derive(Debug, Clone, Deserialize)]
pub struct Uploaded {
    pub filename: String,
}

/// `POST /jars/:id/run`.
#[derive(Debug, Clone, Deserialize)]
pub struct Started {
    pub jobid: String,
}

/// `POST /jars/:id/plan`: the job the jar's program would submit, of which only its name is read.
#[derive(Debug, Clone, Deserialize)]
pub struct JarPlan {
    pub plan: JarPlanJob,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JarPlanJob {
    pub name: String,
}

/// The answer to a call that starts an asynchronous operation (a savepoint, a stop).
#[derive(Debug, Clone, Deserialize)]
pub struct Triggered {
    #[serde(rename = "request-id")]
    pub request_id: String,
}

/// `GET /jobs/:id/savepoints/:trigger`. Flink reports a failed savepoint as COMPLETED with a
/// `failure-cause`: that is a failure.
#[derive(Debug, Clone, Deserialize)]
pub struct SavepointAnswer {
    pub status: SavepointState,
    #[serde(default)]
    pub operation: Option<SavepointOperation>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavepointState {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavepointOperation {
    #[serde(default)]
    pub location: Option<String>,
    #[serde(rename = "failure-cause", default)]
    pub failure_cause: Option<FailureCause>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FailureCause {
    #[serde(rename = "stack-trace", default)]
    pub stack_trace: String,
}

impl SavepointAnswer {
    pub fn status(&self) -> crate::domain::job_view::SavepointStatus {
        use crate::domain::job_view::SavepointStatus;
        let operation = self.operation.as_ref();
        match (self.status.id.as_str(), operation) {
            ("COMPLETED", Some(op)) => match (&op.location, &op.failure_cause) {
                (_, Some(cause)) => SavepointStatus::Failed(root_cause(&cause.stack_trace)),
                (Some(location), None) => SavepointStatus::Completed(location.clone()),
                (None, None) => SavepointStatus::Failed("Flink named no location".to_string()),
            },
            ("COMPLETED", None) => SavepointStatus::Failed("Flink named no location".to_string()),
            _ => SavepointStatus::InProgress,
        }
    }
}

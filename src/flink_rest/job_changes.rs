//! Changing jobs through a self-managed cluster's REST API: savepoints, stop, cancel, jars uploaded and run, and a rescale under the adaptive scheduler.
use super::client::{Body, FlinkRest};
use super::wire::{JarPlan, Jars, SavepointAnswer, Started, Triggered, Uploaded};
use crate::domain::PortError;
use crate::domain::job_view::SavepointStatus;
use bytes::Bytes;

/// What `/jars/:id/run` is asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JarRun {
    pub entry_class: Option<String>,
    pub args: Vec<String>,
    pub parallelism: u32,
    pub savepoint: Option<String>,
    pub allow_non_restored_state: bool,
    /// The field the claim mode goes in on this cluster (`claimMode` or `restoreMode`).
    pub claim_field: &'static str,
}

impl FlinkRest {
    /// `PUT /jobs/:id/resource-requirements` with every operator's upper bound at
    /// `parallelism` (its lower bound 1), from the requirements read just before.
    pub async fn set_parallelism(&self, job: &str, parallelism: u32) -> Result<(), PortError> {
        let path = format!("/jobs/{job}/resource-requirements");
        let current: serde_json::Map<String, serde_json::Value> = self.get(&path).await?;
        let wanted: serde_json::Map<String, serde_json::Value> = current
            .keys()
            .map(|vertex| {
                (
                    vertex.clone(),
                    serde_json::json!({
                        "parallelism": { "lowerBound": 1, "upperBound": parallelism }
                    }),
                )
            })
            .collect();
        let _: serde_json::Value = self
            .send(
                hyper::Method::PUT,
                &path,
                Some(serde_json::Value::Object(wanted)),
            )
            .await?;
        Ok(())
    }

    /// `POST /jobs/:id/savepoints` into `directory`: the trigger id to follow.
    pub async fn trigger_savepoint(&self, job: &str, directory: &str) -> Result<String, PortError> {
        let body = serde_json::json!({ "target-directory": directory, "cancel-job": false });
        let answer: Triggered = self
            .send(
                hyper::Method::POST,
                &format!("/jobs/{job}/savepoints"),
                Some(body),
            )
            .await?;
        Ok(answer.request_id)
    }

    /// `POST /jobs/:id/stop`: a savepoint into `directory`, then the job FINISHED (`drain`
    /// first flushes event time to the end, firing every timer and window).
    pub async fn stop_with_savepoint(
        &self,
        job: &str,
        directory: &str,
        drain: bool,
    ) -> Result<String, PortError> {
        let body = serde_json::json!({ "targetDirectory": directory, "drain": drain });
        let answer: Triggered = self
            .send(
                hyper::Method::POST,
                &format!("/jobs/{job}/stop"),
                Some(body),
            )
            .await?;
        Ok(answer.request_id)
    }

    /// `PATCH /jobs/:id?mode=cancel`.
    pub async fn cancel(&self, job: &str) -> Result<(), PortError> {
        let _: serde_json::Value = self
            .send(
                hyper::Method::PATCH,
                &format!("/jobs/{job}?mode=cancel"),
                None,
            )
            .await?;
        Ok(())
    }

    /// `GET /jobs/:id/savepoints/:trigger`: in progress, or its location, or why it failed.
    pub async fn savepoint_status(
        &self,
        job: &str,
        trigger: &str,
    ) -> Result<SavepointStatus, PortError> {
        let answer: SavepointAnswer = self
            .get(&format!("/jobs/{job}/savepoints/{trigger}"))
            .await?;
        Ok(answer.status())
    }

    /// `GET /jars`: the jars uploaded to the cluster, newest first.
    pub async fn jars(&self) -> Result<Jars, PortError> {
        let mut jars: Jars = self.get("/jars").await?;
        jars.files.sort_by_key(|j| std::cmp::Reverse(j.uploaded));
        Ok(jars)
    }

    /// `POST /jars/upload` of a jar's bytes under `file_name`: the jar's id on the cluster.
    pub async fn upload_jar(&self, file_name: &str, jar: Vec<u8>) -> Result<String, PortError> {
        let boundary = format!("kinetic-{:016x}", jar.len() as u64 ^ 0x6b69_6e65_7469_63ff);
        let mut bytes = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"{file_name}\"\r\nContent-Type: application/x-java-archive\r\n\r\n"
        )
        .into_bytes();
        bytes.extend_from_slice(&jar);
        bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let answer: Uploaded = self
            .call(
                hyper::Method::POST,
                "/jars/upload",
                Body::Multipart {
                    boundary,
                    bytes: Bytes::from(bytes),
                },
            )
            .await?;
        Ok(answer
            .filename
            .rsplit('/')
            .next()
            .unwrap_or(&answer.filename)
            .to_string())
    }

    /// `POST /jars/:id/run`: the new job's id.
    pub async fn run_jar(&self, jar_id: &str, run: &JarRun) -> Result<String, PortError> {
        let mut body = serde_json::json!({
            "programArgsList": run.args,
            "parallelism": run.parallelism,
            "allowNonRestoredState": run.allow_non_restored_state,
        });
        if let Some(class) = &run.entry_class {
            body["entryClass"] = serde_json::json!(class);
        }
        if let Some(savepoint) = &run.savepoint {
            body["savepointPath"] = serde_json::json!(savepoint);
            // Sent, not left to the cluster's default: the savepoint stays the operator's.
            body[run.claim_field] = serde_json::json!(crate::domain::deployment::CLAIM_MODE);
        }
        let answer: Started = self
            .send(
                hyper::Method::POST,
                &format!("/jars/{jar_id}/run"),
                Some(body),
            )
            .await?;
        Ok(answer.jobid)
    }

    /// The name the jar's program gives its job (`POST /jars/:id/plan`, which runs its main
    /// method on the JobManager without submitting anything): a new job is known by it.
    pub async fn job_name_in_jar(
        &self,
        jar_id: &str,
        entry_class: Option<&str>,
        args: &[String],
    ) -> Result<String, PortError> {
        let mut body = serde_json::json!({ "programArgsList": args });
        if let Some(class) = entry_class {
            body["entryClass"] = serde_json::json!(class);
        }
        let answer: JarPlan = self
            .send(
                hyper::Method::POST,
                &format!("/jars/{jar_id}/plan"),
                Some(body),
            )
            .await?;
        Ok(answer.plan.name)
    }
}

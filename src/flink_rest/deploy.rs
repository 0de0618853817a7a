//! One deployment of a self-managed job through its cluster's REST API: the jar uploaded first
//! (so a bad file stops nothing), the running job stopped with a savepoint (or cancelled, for a
//! way back that restores an older savepoint), the jar run from that savepoint, and the
//! deployment recorded.
use super::client::FlinkRest;
use super::deployments::DeploymentLog;
use super::job_changes::JarRun;
use crate::domain::PortError;
use crate::domain::deployment::{
    DeployKind, Deployment, Jar, JobDeploy, OriginalRun, Replaced, StartFrom, UNKNOWN_JAR,
};
use crate::domain::job_view::SavepointStatus;
use crate::domain::time::Timestamp;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How often a stop's savepoint or a cancel is looked at while the deployment waits for it.
const LOOK_EVERY: Duration = Duration::from_millis(500);
/// A savepoint of a large state takes minutes; past this the deployment gives up, the job
/// keeps running (Flink carries on when a stop's savepoint fails) and the operator is told.
const SAVEPOINT_LIMIT: Duration = Duration::from_mins(10);
const CANCEL_LIMIT: Duration = Duration::from_mins(2);

/// The jar's id on the cluster and its SHA-256 when kinetic uploaded it.
async fn jar_on_cluster(
    rest: &FlinkRest,
    jar: &Jar,
) -> Result<(String, Option<String>), PortError> {
    match jar {
        Jar::Uploaded { id, .. } => Ok((id.clone(), None)),
        Jar::Local { path } => {
            let bytes = tokio::fs::read(path)
                .await
                .map_err(|e| PortError::InvalidArgument {
                    detail: format!("cannot read the jar {}: {e}", path.display()),
                })?;
            let sha = Sha256::digest(&bytes)
                .iter()
                .fold(String::new(), |mut hex, b| {
                    use std::fmt::Write;
                    let _ = write!(hex, "{b:02x}");
                    hex
                });
            let id = rest.upload_jar(&jar.name(), bytes).await?;
            Ok((id, Some(sha)))
        }
    }
}

/// Stops `job` with a savepoint into `dir` and waits for the savepoint's location.
async fn stop_with_savepoint(rest: &FlinkRest, job: &str, dir: &str) -> Result<String, PortError> {
    let trigger = rest.stop_with_savepoint(job, dir, false).await?;
    let failed = |why: String| PortError::Service {
        api: "StopWithSavepoint".into(),
        detail: format!(
            "the savepoint of job {job} failed, so nothing was deployed and the job keeps running: {why}"
        ),
    };
    let waited = tokio::time::timeout(SAVEPOINT_LIMIT, async {
        loop {
            match rest.savepoint_status(job, &trigger).await? {
                SavepointStatus::InProgress => tokio::time::sleep(LOOK_EVERY).await,
                SavepointStatus::Completed(location) => return Ok(location),
                SavepointStatus::Failed(why) => return Err(failed(why)),
            }
        }
    })
    .await;
    waited.unwrap_or_else(|_| {
        Err(failed(format!(
            "it was not done within {} minutes",
            SAVEPOINT_LIMIT.as_secs() / 60
        )))
    })
}

/// Cancels `job` when it is live and waits until Flink says it is no longer running.
async fn cancel(rest: &FlinkRest, job: &str) -> Result<(), PortError> {
    let state = rest.job(job).await?.state;
    if is_terminal(&state) {
        return Ok(());
    }
    rest.cancel(job).await?;
    let waited = tokio::time::timeout(CANCEL_LIMIT, async {
        loop {
            if is_terminal(&rest.job(job).await?.state) {
                return Ok(());
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
    .await;
    waited.unwrap_or_else(|_| {
        Err(PortError::Service {
            api: "CancelJob".into(),
            detail: format!(
                "job {job} was still not cancelled after {} s, so nothing was deployed",
                CANCEL_LIMIT.as_secs()
            ),
        })
    })
}

/// The newest completed checkpoint of `job`, read once it is cancelled: Flink keeps a
/// cancelled job's checkpoints where retention says RETAIN_ON_CANCELLATION.
async fn newest_checkpoint(rest: &FlinkRest, job: &str) -> Result<Option<String>, PortError> {
    Ok(rest
        .checkpoints(job)
        .await?
        .latest
        .and_then(|l| l.completed)
        .and_then(|c| c.external_path))
}

fn is_terminal(state: &str) -> bool {
    matches!(state, "CANCELED" | "FINISHED" | "FAILED")
}

/// Records the run a first deployment stopped as version 0: its job id, the jar it ran when
/// the operator named it (uploaded now, when local), its parallelism.
async fn record_original(
    rest: &FlinkRest,
    request: &JobDeploy,
    original: &OriginalRun,
    log: &DeploymentLog,
    now: &(dyn Fn() -> Timestamp + Send + Sync),
) -> Result<(), PortError> {
    let (jar_name, jar_id, sha) = match &original.jar {
        Some(jar) => {
            let (id, sha) = jar_on_cluster(rest, jar).await?;
            (jar.name(), id, sha)
        }
        None => (UNKNOWN_JAR.to_string(), String::new(), None),
    };
    log.record(&Deployment {
        at: now(),
        kind: DeployKind::Original,
        cluster: request.cluster.clone(),
        job_name: request.job_name.clone(),
        job_id: original.job_id.clone(),
        jar_name,
        jar_id,
        jar_sha256: sha,
        entry_class: None,
        args: Vec::new(),
        parallelism: original.parallelism,
        allow_non_restored_state: false,
        started_from: None,
        replaced: Replaced::Nothing,
    })
}

/// Runs the deployment and records it: the new run's job id.
pub async fn deploy(
    rest: &FlinkRest,
    savepoint_dir: Option<&str>,
    request: &JobDeploy,
    log: &DeploymentLog,
    now: &(dyn Fn() -> Timestamp + Send + Sync),
) -> Result<String, PortError> {
    let (jar_id, sha) = jar_on_cluster(rest, &request.jar).await?;
    if request.new_job {
        // A new job is followed and gated by its name: the program must give the one planned.
        let named = rest
            .job_name_in_jar(&jar_id, request.entry_class.as_deref(), &request.args)
            .await?;
        if named != request.job_name {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "{}'s program names its job '{named}', not '{}', so nothing was run; the jar is on the cluster now as {jar_id}: :deploy {jar_id} --cluster {} plans it under its own name",
                    request.jar.name(),
                    request.job_name,
                    request.cluster
                ),
            });
        }
    }
    // A jar deployed again (a way back, a rescale) keeps the checksum it was uploaded with.
    let sha = sha.or_else(|| {
        log.all()
            .into_iter()
            .rev()
            .find(|d| d.jar_id == jar_id)
            .and_then(|d| d.jar_sha256)
    });
    let (replaced, savepoint) = match (&request.from, &request.running_job) {
        (StartFrom::StopWithSavepoint, Some(job)) => {
            let dir = savepoint_dir.ok_or_else(|| PortError::InvalidArgument {
                detail: format!(
                    "the Flink cluster {} has no savepoint directory to stop {job} into",
                    request.cluster
                ),
            })?;
            let savepoint = stop_with_savepoint(rest, job, dir).await?;
            if let Some(original) = &request.original {
                // Version 0 is kept from here on, whatever the new run does next.
                record_original(rest, request, original, log, now).await?;
            }
            (
                Replaced::StoppedWithSavepoint {
                    job_id: job.clone(),
                    savepoint: savepoint.clone(),
                },
                Some(savepoint),
            )
        }
        (StartFrom::StopWithSavepoint, None) => (Replaced::Nothing, None),
        (StartFrom::CancelThenSavepoint(savepoint), running) => {
            let (replaced, state) = match running {
                Some(job) => {
                    cancel(rest, job).await?;
                    let state = if request.newest_checkpoint {
                        newest_checkpoint(rest, job)
                            .await?
                            .unwrap_or_else(|| savepoint.clone())
                    } else {
                        savepoint.clone()
                    };
                    (
                        Replaced::Cancelled {
                            job_id: job.clone(),
                        },
                        state,
                    )
                }
                None => (Replaced::Nothing, savepoint.clone()),
            };
            (replaced, Some(state))
        }
    };
    let run = JarRun {
        entry_class: request.entry_class.clone(),
        args: request.args.clone(),
        parallelism: request.parallelism,
        savepoint: savepoint.clone(),
        allow_non_restored_state: request.allow_non_restored_state,
        claim_field: request.claim_field,
    };
    let job_id = rest.run_jar(&jar_id, &run).await.map_err(|error| {
        let before = match &replaced {
            Replaced::StoppedWithSavepoint { job_id, savepoint } => {
                format!("job {job_id} was stopped with savepoint {savepoint}, ")
            }
            Replaced::Cancelled { job_id } => format!("job {job_id} was cancelled, "),
            Replaced::Nothing => String::new(),
        };
        PortError::Service {
            api: "RunJar".into(),
            detail: format!(
                "{before}but {} did not start: {error}{}",
                request.jar.name(),
                savepoint
                    .as_deref()
                    .map(|s| format!(" — its state is in {s}"))
                    .unwrap_or_default()
            ),
        }
    })?;
    log.record(&Deployment {
        at: now(),
        kind: request.kind,
        cluster: request.cluster.clone(),
        job_name: request.job_name.clone(),
        job_id: job_id.clone(),
        jar_name: request.jar.name(),
        jar_id,
        jar_sha256: sha,
        entry_class: request.entry_class.clone(),
        args: request.args.clone(),
        parallelism: request.parallelism,
        allow_non_restored_state: request.allow_non_restored_state,
        started_from: savepoint,
        replaced,
    })?;
    Ok(job_id)
}

//! Changes to self-managed jobs through their cluster's REST API (`ClusterOpsPort`): savepoints into the cluster's savepoint directory, stop and cancel, the facts a deployment is planned from, the deployment itself, a run's state and a rescale in place.
use super::client::FlinkRest;
use super::clusters::{WithClusters, job_status, split};
use crate::domain::deployment::{self, ClusterJar, DeployFacts, JobDeploy, LiveRun};
use crate::domain::job_view::SavepointStatus;
use crate::domain::time::from_epoch_millis;
use crate::domain::{AppStatus, PortError};
use crate::ports::ClusterOpsPort;
use async_trait::async_trait;

impl WithClusters {
    /// Where the cluster's savepoints go: its entry's `savepoint_dir`, else its own
    /// `state.savepoints.dir`; refused before any change when it has neither.
    async fn savepoint_dir(&self, rest: &FlinkRest) -> Result<String, PortError> {
        if let Some(dir) = self.entry_savepoint_dir(rest) {
            return Ok(dir);
        }
        rest.savepoint_dir()
            .await?
            .ok_or_else(|| no_savepoint_dir(rest))
    }

    fn rest_of(&self, app: &str) -> Result<&FlinkRest, PortError> {
        let (_, cluster) = split(app).ok_or_else(|| PortError::InvalidArgument {
            detail: format!("{app} is not a job of a self-managed Flink cluster"),
        })?;
        self.cluster(cluster)
    }
}

fn no_savepoint_dir(rest: &FlinkRest) -> PortError {
    PortError::InvalidArgument {
        detail: format!(
            "the Flink cluster {} has no savepoint directory: set state.savepoints.dir in its configuration, or savepoint_dir in its [[flink]] entry",
            rest.name()
        ),
    }
}

#[async_trait]
impl ClusterOpsPort for WithClusters {
    async fn trigger_savepoint(&self, app: &str, job_id: &str) -> Result<String, PortError> {
        let rest = self.rest_of(app)?;
        let dir = self.savepoint_dir(rest).await?;
        rest.trigger_savepoint(job_id, &dir).await
    }

    async fn stop_job(&self, app: &str, job_id: &str, drain: bool) -> Result<String, PortError> {
        let rest = self.rest_of(app)?;
        let dir = self.savepoint_dir(rest).await?;
        rest.stop_with_savepoint(job_id, &dir, drain).await
    }

    async fn cancel_job(&self, app: &str, job_id: &str) -> Result<(), PortError> {
        self.rest_of(app)?.cancel(job_id).await
    }

    async fn savepoint_status(
        &self,
        app: &str,
        job_id: &str,
        trigger: &str,
    ) -> Result<SavepointStatus, PortError> {
        self.rest_of(app)?.savepoint_status(job_id, trigger).await
    }

    async fn deploy_facts(&self, app: &str) -> Result<DeployFacts, PortError> {
        let (job, cluster) = split(app).ok_or_else(|| PortError::InvalidArgument {
            detail: format!("{app} is not a job of a self-managed Flink cluster"),
        })?;
        let rest = self.cluster(cluster)?;
        let (overview, jars, jobs, settings) =
            tokio::try_join!(rest.overview(), rest.jars(), rest.jobs(), rest.settings())?;
        let newest = jobs
            .jobs
            .iter()
            .filter(|j| j.name == job)
            .max_by_key(|j| j.start_time);
        let run = match newest {
            Some(found) => {
                let (detail, exceptions, checkpoints) = tokio::try_join!(
                    rest.job(&found.jid),
                    rest.exceptions(&found.jid),
                    rest.checkpoints(&found.jid)
                )?;
                let newest = exceptions
                    .history
                    .entries
                    .iter()
                    .max_by_key(|e| e.timestamp);
                Some(LiveRun {
                    job_id: found.jid.clone(),
                    status: job_status(&detail.state, detail.all_tasks_running()),
                    parallelism: detail
                        .vertices
                        .iter()
                        .map(|v| v.parallelism)
                        .max()
                        .unwrap_or(0),
                    restarts: exceptions.history.entries.len(),
                    root_exception: newest.map(super::wire::ExceptionEntry::root_cause),
                    last_savepoint: checkpoints
                        .latest
                        .as_ref()
                        .and_then(|l| l.savepoint.as_ref())
                        .and_then(|s| s.external_path.clone()),
                    latest_checkpoint: checkpoints
                        .latest
                        .and_then(|l| l.completed)
                        .and_then(|c| c.external_path),
                })
            }
            None => None,
        };
        let all = self.deployments.all();
        Ok(DeployFacts {
            app: app.to_string(),
            cluster: cluster.to_string(),
            job_name: job.to_string(),
            run,
            jars: jars
                .files
                .into_iter()
                .map(|j| ClusterJar {
                    id: j.id,
                    name: j.name,
                    uploaded: (j.uploaded > 0).then(|| from_epoch_millis(j.uploaded)),
                    entry: j.entry.into_iter().map(|e| e.name).collect(),
                })
                .collect(),
            slots_total: overview.slots_total,
            slots_available: overview.slots_available,
            adaptive: settings.adaptive,
            savepoint_dir: self.entry_savepoint_dir(rest).or(settings.savepoint_dir),
            original: deployment::original(&all, cluster, job).cloned(),
            versions: deployment::versions(&all, cluster, job)
                .into_iter()
                .cloned()
                .collect(),
            flink_version: overview.version.clone(),
            production: self
                .entries
                .iter()
                .any(|e| e.name == cluster && e.production),
            at: chrono::Utc::now(),
        })
    }

    async fn job_name_in_jar(
        &self,
        cluster: &str,
        jar: &str,
        entry_class: Option<&str>,
        args: &[String],
    ) -> Result<String, PortError> {
        let rest = self.cluster(cluster)?;
        let found = rest
            .jars()
            .await?
            .files
            .into_iter()
            .filter(|j| j.id == jar || j.name == jar)
            .max_by_key(|j| j.uploaded)
            .ok_or_else(|| PortError::InvalidArgument {
                detail: format!(
                    "the Flink cluster {cluster} has no jar {jar}: name one it lists (D on one of its jobs), or a local file"
                ),
            })?;
        rest.job_name_in_jar(&found.id, entry_class, args).await
    }

    async fn deploy_job(&self, app: &str, request: &JobDeploy) -> Result<String, PortError> {
        let rest = self.rest_of(app)?;
        let dir = self.savepoint_dir(rest).await.ok();
        super::deploy::deploy(
            rest,
            dir.as_deref(),
            request,
            &self.deployments,
            &chrono::Utc::now,
        )
        .await
    }

    async fn run_state(&self, app: &str, job_id: &str) -> Result<(AppStatus, u32), PortError> {
        let detail = self.rest_of(app)?.job(job_id).await?;
        let parallelism = detail
            .vertices
            .iter()
            .map(|v| v.parallelism)
            .max()
            .unwrap_or(0);
        Ok((
            job_status(&detail.state, detail.all_tasks_running()),
            parallelism,
        ))
    }

    async fn rescale_in_place(
        &self,
        app: &str,
        job_id: &str,
        parallelism: u32,
    ) -> Result<(), PortError> {
        self.rest_of(app)?
            .set_parallelism(job_id, parallelism)
            .await
    }
}

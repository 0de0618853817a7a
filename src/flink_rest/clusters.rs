//! Self-managed Flink clusters beside Managed Flink: their jobs listed with the applications as `job@cluster`, described and viewed through each cluster's REST API; every other name goes to the Managed Flink ports.
use super::client::FlinkRest;
use super::deployments::DeploymentLog;
use crate::domain::app_metrics::AppMetrics;
use crate::domain::deployment;
use crate::domain::flink::{CheckpointConfig, ParallelismConfig};
pub use crate::domain::flink_cluster::{ClusterEntry, SEPARATOR, split};
use crate::domain::job_view::{JobView, SlowestPart};
use crate::domain::time::from_epoch_millis;
use crate::domain::{
    AppDetail, AppStatus, AppSummary, OperationDetail, OperationSummary, PortError, Snapshot,
    VersionSummary,
};
use crate::ports::{FlinkPort, JobsPort};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A job's status with its tasks: RUNNING with tasks still scheduled or deploying (no free
/// slots, or starting) is STARTING — a savepoint or a stop would fail.
pub fn job_status(state: &str, all_tasks_running: bool) -> AppStatus {
    if state == "RUNNING" && !all_tasks_running {
        return AppStatus::Starting;
    }
    app_status(state)
}

/// Flink's job state as the applications table shows it. A cancelled job is stopped, as a
/// READY application is; the others keep Flink's word.
pub fn app_status(state: &str) -> AppStatus {
    match state {
        "RUNNING" => AppStatus::Running,
        "CREATED" | "INITIALIZING" | "RECONCILING" => AppStatus::Starting,
        "CANCELLING" => AppStatus::Stopping,
        "CANCELED" => AppStatus::Ready,
        other => AppStatus::Other(other.to_string()),
    }
}

/// The Managed Flink ports with the clusters' jobs beside them.
pub struct WithClusters {
    managed: Arc<dyn FlinkPort>,
    managed_jobs: Arc<dyn JobsPort>,
    clusters: Vec<Arc<FlinkRest>>,
    pub(super) entries: Vec<ClusterEntry>,
    /// Each cluster's jobs as last listed: shown (as UNREACHABLE) while it does not answer.
    known: Mutex<HashMap<String, Vec<AppSummary>>>,
    /// What kinetic deployed: the self-managed jobs' versions.
    pub(super) deployments: DeploymentLog,
}

impl WithClusters {
    pub fn new(
        managed: Arc<dyn FlinkPort>,
        managed_jobs: Arc<dyn JobsPort>,
        clusters: &[ClusterEntry],
        deployments: DeploymentLog,
    ) -> Self {
        Self {
            deployments,
            managed,
            managed_jobs,
            clusters: clusters
                .iter()
                .map(|c| Arc::new(FlinkRest::for_cluster(c)))
                .collect(),
            entries: clusters.to_vec(),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The clusters' clients, for the other ports over them (their logs): one client, and one
    /// request budget, per cluster.
    pub fn clients(&self) -> Vec<Arc<FlinkRest>> {
        self.clusters.clone()
    }

    pub(super) fn cluster(&self, name: &str) -> Result<&FlinkRest, PortError> {
        super::client::find_cluster(&self.clusters, name)
    }

    /// The cluster entry's `savepoint_dir`, which wins over the cluster's own.
    pub(super) fn entry_savepoint_dir(&self, rest: &FlinkRest) -> Option<String> {
        self.entries
            .iter()
            .find(|e| e.name == rest.name())
            .and_then(|e| e.savepoint_dir.clone())
    }

    /// The newest job of that name on the cluster: a job resubmitted gets a new id.
    async fn job_id(&self, rest: &FlinkRest, job: &str) -> Result<String, PortError> {
        let jobs = rest.jobs().await?;
        jobs.jobs
            .iter()
            .filter(|j| j.name == job)
            .max_by_key(|j| j.start_time)
            .map(|j| j.jid.clone())
            .ok_or_else(|| PortError::NotFound {
                resource: format!("job {job} on Flink cluster {}", rest.name()),
            })
    }

    /// The id of the job's newest run, when the cluster answers.
    async fn running_job(&self, cluster: &str, job: &str) -> Option<String> {
        let rest = self.cluster(cluster).ok()?;
        self.job_id(rest, job).await.ok()
    }

    /// One row per job name (its newest run), or the rows last seen marked UNREACHABLE.
    async fn cluster_jobs(&self, rest: &FlinkRest) -> Vec<AppSummary> {
        let (overview, jobs) = tokio::join!(rest.overview(), rest.jobs());
        let version = overview.map(|o| runtime(&o.version));
        let listed = match (version, jobs) {
            (Ok(runtime), Ok(jobs)) => {
                let mut newest: HashMap<&str, &super::wire::JobOverview> = HashMap::new();
                for job in &jobs.jobs {
                    let entry = newest.entry(job.name.as_str()).or_insert(job);
                    if job.start_time > entry.start_time {
                        *entry = job;
                    }
                }
                let deployed = self.deployments.all();
                let mut rows: Vec<AppSummary> = newest
                    .values()
                    .map(|job| AppSummary {
                        name: format!("{}{SEPARATOR}{}", job.name, rest.name()),
                        arn: job_arn(rest, &job.jid),
                        status: job_status(&job.state, job.all_tasks_running()),
                        // The run's version in kinetic's record; 0 when kinetic did not start it.
                        version_id: deployment::versions(&deployed, rest.name(), &job.name)
                            .iter()
                            .rposition(|d| d.job_id == job.jid)
                            .map_or(0, |i| i64::try_from(i + 1).unwrap_or(i64::MAX)),
                        runtime: runtime.clone(),
                    })
                    .collect();
                rows.sort_by(|a, b| a.name.cmp(&b.name));
                Some(rows)
            }
            _ => None,
        };
        let Ok(mut known) = self.known.lock() else {
            return listed.unwrap_or_default();
        };
        if let Some(rows) = listed {
            known.insert(rest.name().to_string(), rows.clone());
            return rows;
        }
        let unreachable = AppStatus::Other("UNREACHABLE".to_string());
        match known.get(rest.name()) {
            Some(rows) if !rows.is_empty() => rows
                .iter()
                .map(|r| AppSummary {
                    status: unreachable.clone(),
                    ..r.clone()
                })
                .collect(),
            // Never reached: one row says so where its jobs would be.
            _ => vec![AppSummary {
                name: format!("?{SEPARATOR}{}", rest.name()),
                arn: rest.url().to_string(),
                status: unreachable,
                version_id: 0,
                runtime: String::new(),
            }],
        }
    }

    async fn describe_job(&self, rest: &FlinkRest, job: &str) -> Result<AppDetail, PortError> {
        let jid = self.job_id(rest, job).await?;
        let detail = rest.job(&jid).await?;
        let config = rest.checkpoint_config(&jid).await.ok();
        let version = rest.overview().await.map(|o| o.version).ok();
        let parallelism = detail
            .vertices
            .iter()
            .map(|v| i32::try_from(v.parallelism).unwrap_or(i32::MAX))
            .max()
            .unwrap_or(0);
        let all = self.deployments.all();
        let versions = deployment::versions(&all, rest.name(), job);
        let recorded = versions.iter().rposition(|d| d.job_id == jid);
        let runtime_now = version.as_deref().map(runtime).unwrap_or_default();
        if let Some(index) = recorded {
            // The run kinetic deployed: its version as recorded, with the run's live facts.
            let mut found = versions[index].as_version(index + 1, true, None, &runtime_now);
            found.arn = job_arn(rest, &jid);
            found.description = Some(format!(
                "job {jid} on the self-managed Flink cluster {} ({}), version {} deployed by kinetic{}",
                rest.name(),
                rest.url(),
                index + 1,
                read_only_said(rest)
            ));
            found.status = job_status(&detail.state, detail.all_tasks_running());
            found.created = (detail.start_time > 0).then(|| from_epoch_millis(detail.start_time));
            found.checkpoint = config.map(|c| CheckpointConfig {
                enabled: c.interval > 0 && c.interval < i64::MAX,
                interval_ms: c.interval,
                min_pause_ms: 0,
                configuration_type: "FLINK".to_string(),
            });
            found.log_stream_arns = vec![super::cluster_logs::log_arn(rest.name())];
            return Ok(found);
        }
        Ok(AppDetail {
            name: format!("{job}{SEPARATOR}{}", rest.name()),
            arn: job_arn(rest, &jid),
            description: Some(format!(
                "job {jid} on the self-managed Flink cluster {} ({}), not deployed by kinetic{}",
                rest.name(),
                rest.url(),
                read_only_said(rest)
            )),
            status: job_status(&detail.state, detail.all_tasks_running()),
            runtime: runtime_now,
            version_id: 0,
            role: None,
            created: (detail.start_time > 0).then(|| from_epoch_millis(detail.start_time)),
            last_updated: None,
            version_created: None,
            updated_from: None,
            rolled_back_from: None,
            rolled_back_to: None,
            code: None,
            checkpoint: config.map(|c| CheckpointConfig {
                enabled: c.interval > 0 && c.interval < i64::MAX,
                interval_ms: c.interval,
                min_pause_ms: 0,
                configuration_type: "FLINK".to_string(),
            }),
            parallelism: Some(ParallelismConfig {
                parallelism,
                per_kpu: 1,
                current: parallelism,
                autoscaling: false,
            }),
            snapshots_enabled: false,
            system_rollback_enabled: false,
            log_stream_arns: vec![super::cluster_logs::log_arn(rest.name())],
            property_groups: vec![crate::domain::flink::PropertyGroup {
                id: "job".into(),
                properties: [
                    (
                        "record".to_string(),
                        "not deployed by kinetic: its first :deploy starts the record".to_string(),
                    ),
                    ("job id".to_string(), jid.clone()),
                    (
                        "operators".to_string(),
                        detail
                            .vertices
                            .iter()
                            .map(|v| v.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" → "),
                    ),
                ]
                .into_iter()
                .collect(),
            }],
            conditional_token: None,
            monitoring: None,
            maintenance: None,
        })
    }
}

/// "; read-only: …" when the cluster takes no changes, said where the job is described.
fn read_only_said(rest: &FlinkRest) -> String {
    rest.read_only()
        .map(|why| format!("; read-only: {why}"))
        .unwrap_or_default()
}

/// "FLINK-1_20", as Managed Flink names its runtimes.
fn runtime(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some(major), Some(minor)) => format!("FLINK-{major}_{minor}"),
        _ => format!("FLINK-{version}"),
    }
}

/// Where the job is on its cluster's web UI.
fn job_arn(rest: &FlinkRest, jid: &str) -> String {
    crate::domain::flink_cluster::job_url(rest.url(), jid)
}

/// One recorded deployment as an operation: it succeeded when the run started (its health
/// gate's verdict is in the audit log).
fn deployment_operation(d: &crate::domain::deployment::Deployment) -> OperationDetail {
    let name = match d.kind {
        crate::domain::deployment::DeployKind::Deploy => "DeployJob",
        crate::domain::deployment::DeployKind::Rollback => "RollbackJob",
        crate::domain::deployment::DeployKind::Rescale => "RescaleJob",
        crate::domain::deployment::DeployKind::Original => "OriginalJob",
    };
    OperationDetail {
        summary: OperationSummary {
            id: d.job_id.clone(),
            operation: name.to_string(),
            status: crate::domain::OperationStatus::Successful,
            started: Some(d.at),
            ended: Some(d.at),
        },
        updated_from: None,
        updated_to: None,
        rollback_operation_id: None,
        error: None,
    }
}

/// A job kinetic did not deploy has no versions: Flink keeps none.
fn not_deployed(app: &str) -> PortError {
    PortError::Unavailable {
        what: format!("versions of {app}"),
        why: "it was not deployed by kinetic, and Flink keeps no history of what ran; its first deploy from kinetic (D) starts the record".to_string(),
    }
}

/// What a self-managed job does not have yet, said where the tab's data would be.
fn not_yet(what: &str) -> PortError {
    PortError::Unavailable {
        what: format!("{what} of a self-managed Flink job"),
        why: "Flink keeps no history of them; kinetic does not record its own for self-managed jobs yet"
            .to_string(),
    }
}

#[async_trait]
impl FlinkPort for WithClusters {
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError> {
        // A slow cluster must not hold back the Managed Flink list: both are asked at once.
        let clusters = async {
            let mut rows = Vec::new();
            for rest in &self.clusters {
                rows.extend(self.cluster_jobs(rest).await);
            }
            rows
        };
        let (managed, jobs) = tokio::join!(self.managed.list_applications(), clusters);
        let mut apps = managed?;
        apps.extend(jobs);
        Ok(apps)
    }

    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError> {
        match split(app) {
            Some((job, cluster)) => self.describe_job(self.cluster(cluster)?, job).await,
            None => self.managed.describe_application(app).await,
        }
    }

    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError> {
        let Some((job, cluster)) = split(app) else {
            return self.managed.list_versions(app).await;
        };
        let all = self.deployments.all();
        let versions = deployment::versions(&all, cluster, job);
        if versions.is_empty() {
            // Only what Flink tells of the run: version 0, "not deployed by kinetic".
            let detail = self.describe_application(app).await?;
            return Ok(vec![VersionSummary {
                version_id: 0,
                status: detail.status,
            }]);
        }
        let running = self.running_job(cluster, job).await;
        // Version 0 (the run kinetic found) when it was recorded, then kinetic's own.
        let original = deployment::original(&all, cluster, job);
        let mut listed: Vec<VersionSummary> = original
            .into_iter()
            .chain(versions.iter().copied())
            .enumerate()
            .map(|(i, d)| VersionSummary {
                version_id: i64::try_from(i + usize::from(original.is_none())).unwrap_or(i64::MAX),
                status: if running.as_deref() == Some(d.job_id.as_str()) {
                    AppStatus::Running
                } else {
                    AppStatus::Ready
                },
            })
            .collect();
        listed.reverse();
        Ok(listed)
    }

    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError> {
        let Some((job, cluster)) = split(app) else {
            return self.managed.describe_version(app, version).await;
        };
        let all = self.deployments.all();
        let versions = deployment::versions(&all, cluster, job);
        if version == 0 {
            // The run kinetic found, as recorded when it first deployed over it; else the run
            // Flink tells of.
            let Some(original) = deployment::original(&all, cluster, job) else {
                return self.describe_application(app).await;
            };
            let running = self.running_job(cluster, job).await;
            let started = versions.first().and_then(|v| v.started_from.clone());
            return Ok(original.as_version(
                0,
                running.as_deref() == Some(original.job_id.as_str()),
                started.as_deref(),
                "",
            ));
        }
        let index = usize::try_from(version).unwrap_or(0);
        let found = index
            .checked_sub(1)
            .and_then(|i| versions.get(i))
            .ok_or_else(|| PortError::NotFound {
                resource: format!("version {version} of {app} in kinetic's deployment record"),
            })?;
        let running = self.running_job(cluster, job).await;
        let runtime = match self.cluster(cluster) {
            Ok(rest) => rest
                .overview()
                .await
                .map(|o| runtime(&o.version))
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let ended = deployment::ended_with(&versions, index);
        Ok(found.as_version(
            index,
            running.as_deref() == Some(found.job_id.as_str()),
            ended.as_deref(),
            &runtime,
        ))
    }

    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError> {
        let Some((job, cluster)) = split(app) else {
            return self.managed.list_snapshots(app).await;
        };
        // The savepoints kinetic's deployments stopped runs with, newest first: the ones a way
        // back may start from.
        let all = self.deployments.all();
        let versions = deployment::versions(&all, cluster, job);
        let mut found: Vec<Snapshot> = (1..=versions.len())
            .filter_map(|v| {
                deployment::ended_with(&versions, v).map(|location| Snapshot {
                    name: location,
                    status: "READY".into(),
                    version_id: i64::try_from(v).unwrap_or(i64::MAX),
                    created: versions.get(v).map(|next| next.at),
                    runtime: None,
                })
            })
            .collect();
        if found.is_empty() && versions.is_empty() {
            return Err(not_deployed(app));
        }
        found.reverse();
        Ok(found)
    }

    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError> {
        let Some((job, cluster)) = split(app) else {
            return self.managed.list_operations(app).await;
        };
        // Kinetic's deployments are the job's operations, newest first; each is named by the
        // run it started.
        let all = self.deployments.all();
        let versions = deployment::versions(&all, cluster, job);
        if versions.is_empty() {
            return Err(not_deployed(app));
        }
        Ok(versions
            .iter()
            .rev()
            .map(|d| deployment_operation(d).summary)
            .collect())
    }

    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError> {
        let Some((job, cluster)) = split(app) else {
            return self.managed.describe_operation(app, id).await;
        };
        let all = self.deployments.all();
        let versions = deployment::versions(&all, cluster, job);
        let index = versions
            .iter()
            .position(|d| d.job_id == id)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("the deployment that started run {id} of {app}"),
            })?;
        let mut detail = deployment_operation(versions[index]);
        detail.updated_from = (index > 0).then(|| i64::try_from(index).unwrap_or(i64::MAX));
        detail.updated_to = Some(i64::try_from(index + 1).unwrap_or(i64::MAX));
        Ok(detail)
    }

    async fn describe_snapshot(&self, app: &str, name: &str) -> Result<Snapshot, PortError> {
        match split(app) {
            Some(_) => Err(not_yet("Savepoints")),
            None => self.managed.describe_snapshot(app, name).await,
        }
    }

    async fn dashboard_url(
        &self,
        app: &str,
    ) -> Result<crate::domain::secret::PresignedUrl, PortError> {
        match split(app) {
            Some((job, cluster)) => {
                let rest = self.cluster(cluster)?;
                let jid = self.job_id(rest, job).await?;
                Ok(crate::domain::secret::PresignedUrl::new(job_arn(
                    rest, &jid,
                )))
            }
            None => self.managed.dashboard_url(app).await,
        }
    }
}

#[async_trait]
impl JobsPort for WithClusters {
    async fn job_view(&self, app: &str) -> Result<JobView, PortError> {
        match split(app) {
            Some((job, cluster)) => {
                let rest = self.cluster(cluster)?;
                let jid = self.job_id(rest, job).await?;
                let mut view = rest.job_view(&jid).await?;
                // The name lookup is part of this view's cost.
                view.calls += 1;
                Ok(view)
            }
            None => self.managed_jobs.job_view(app).await,
        }
    }

    async fn checkpoint_detail(
        &self,
        app: &str,
        checkpoint: u64,
    ) -> Result<SlowestPart, PortError> {
        match split(app) {
            Some((job, cluster)) => {
                let rest = self.cluster(cluster)?;
                let jid = self.job_id(rest, job).await?;
                let detail = rest.job(&jid).await?;
                rest.slowest_of(&detail, checkpoint).await
            }
            None => self.managed_jobs.checkpoint_detail(app, checkpoint).await,
        }
    }

    async fn job_metrics(&self, app: &str) -> Result<AppMetrics, PortError> {
        match split(app) {
            Some((job, cluster)) => {
                let rest = self.cluster(cluster)?;
                let jid = self.job_id(rest, job).await?;
                let detail = rest.job(&jid).await?;
                let checkpoints = rest.checkpoints(&jid).await?;
                let exceptions = rest.exceptions(&jid).await?;
                Ok(super::job_health::metrics_from_histories(
                    &detail,
                    &checkpoints,
                    &exceptions,
                ))
            }
            None => self.managed_jobs.job_metrics(app).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_states_read_as_application_statuses() {
        assert_eq!(app_status("RUNNING"), AppStatus::Running);
        assert_eq!(app_status("CANCELED"), AppStatus::Ready);
        assert_eq!(
            app_status("RESTARTING"),
            AppStatus::Other("RESTARTING".into())
        );
        assert_eq!(job_status("RUNNING", false), AppStatus::Starting);
        assert_eq!(job_status("RUNNING", true), AppStatus::Running);
        assert_eq!(runtime("1.20.5"), "FLINK-1_20");
        assert_eq!(runtime("2.2.1"), "FLINK-2_2");
    }
}

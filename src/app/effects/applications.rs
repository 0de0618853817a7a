//! Commands that read Managed Flink applications (kinesisanalyticsv2, their CloudWatch metrics,
//! the code in S3): one port call (or one composed read) each, its answer as a `Msg`.
use super::super::command::Command;
use super::super::msg::Msg;
use super::{EffectRunner, reads};

impl EffectRunner {
    /// The answer to an applications command; any other command comes back untouched.
    pub(super) async fn applications_command(&self, command: Command) -> Result<Msg, Command> {
        let at = || (self.clock)();
        Ok(match command {
            Command::ListApplications { request } => Msg::AppsListed {
                request,
                result: self.flink.list_applications().await,
                at: at(),
            },
            Command::DescribeApplication { app } => Msg::AppDescribed {
                result: self.flink.describe_application(&app).await,
                app,
                at: at(),
            },
            Command::ListOperations { app } => Msg::OperationsListed {
                result: self.flink.list_operations(&app).await,
                app,
                at: at(),
            },
            Command::AppMetrics {
                request,
                apps,
                window,
            } => Msg::AppMetricsLoaded {
                request,
                result: self.app_metrics(&apps, window).await,
                at: at(),
            },
            Command::ListVersions { request, app } => Msg::VersionsListed {
                request,
                result: self.flink.list_versions(&app).await,
                at: at(),
            },
            Command::DescribeVersion {
                request,
                app,
                version,
            } => Msg::VersionDescribed {
                request,
                version,
                result: self.flink.describe_version(&app, version).await,
                at: at(),
            },
            Command::ListSnapshots { request, app } => Msg::SnapshotsListed {
                request,
                result: self.flink.list_snapshots(&app).await,
                at: at(),
            },
            Command::DescribeOperation { request, app, id } => Msg::OperationDescribed {
                request,
                result: self.flink.describe_operation(&app, &id).await,
                id,
                at: at(),
            },
            Command::CheckpointMetrics {
                request,
                app,
                runtime,
                window,
            } => Msg::CheckpointsLoaded {
                request,
                // A self-managed job's checkpoints come from its own history.
                result: if crate::domain::flink_cluster::split(&app).is_some() {
                    self.jobs.job_metrics(&app).await
                } else {
                    reads::checkpoint_metrics(self.metrics.as_ref(), &app, &runtime, window).await
                },
                at: at(),
            },
            Command::LoadJobView { request, app } => Msg::JobViewLoaded {
                request,
                result: self.jobs.job_view(&app).await.map(Box::new),
                app,
                at: at(),
            },
            Command::LoadTaskHistory { request, app } => Msg::TaskHistoryLoaded {
                request,
                result: reads::task_history(self.metrics.as_ref(), &app, at()).await,
                at: at(),
            },
            Command::LoadDeployFacts { app, intent } => Msg::DeployFactsLoaded {
                result: self.deploy_facts(&app, &intent).await,
                app,
                intent,
            },
            Command::LoadNewJobFacts { cluster, choice } => {
                let (app, result) = self.new_job_facts(&cluster, &choice).await;
                Msg::DeployFactsLoaded {
                    app,
                    intent: crate::ops::job_deploy_plan::JobIntent::Deploy(choice),
                    result,
                }
            }
            Command::LoadCheckpointDetail {
                request,
                app,
                checkpoint,
            } => Msg::CheckpointDetailLoaded {
                request,
                checkpoint,
                result: self.jobs.checkpoint_detail(&app, checkpoint).await,
                at: at(),
            },
            Command::DashboardUrl { app } => Msg::DashboardUrl {
                result: self.flink.dashboard_url(&app).await,
                app,
            },
            other => return self.application_facts(other).await,
        })
    }

    /// CloudWatch's numbers of the Managed Flink applications, and self-managed jobs' own (a
    /// cluster that does not answer leaves its jobs' numbers as last seen).
    async fn app_metrics(
        &self,
        apps: &[(String, String)],
        window: crate::domain::MetricWindow,
    ) -> Result<Vec<(String, crate::domain::app_metrics::AppMetrics)>, crate::domain::PortError>
    {
        let (jobs, managed): (Vec<_>, Vec<_>) = apps
            .iter()
            .cloned()
            .partition(|(app, _)| crate::domain::flink_cluster::split(app).is_some());
        let mut found = if managed.is_empty() {
            Vec::new()
        } else {
            reads::app_metrics(self.metrics.as_ref(), &managed, window).await?
        };
        for (app, _) in jobs {
            if let Ok(metrics) = self.jobs.job_metrics(&app).await {
                found.push((app, metrics));
            }
        }
        Ok(found)
    }

    /// The facts a dialog or the rollback guide plans from.
    async fn application_facts(&self, command: Command) -> Result<Msg, Command> {
        let at = || (self.clock)();
        Ok(match command {
            Command::LoadAppInputs {
                request,
                app,
                query,
            } => Msg::AppInputsLoaded {
                result: crate::ops::inputs::app_inputs(
                    self.flink.as_ref(),
                    self.code.as_ref(),
                    &app,
                    &query,
                    at(),
                )
                .await
                .map(Box::new),
                request,
                at: at(),
            },
            Command::LoadRollbackFacts {
                request,
                app,
                read_log,
            } => Msg::RollbackFactsLoaded {
                request,
                result: crate::ops::rollback_facts::read(
                    self.flink.as_ref(),
                    self.code.as_ref(),
                    read_log.then_some(self.logs.as_ref()),
                    &app,
                    at(),
                )
                .await
                .map(Box::new),
                at: at(),
            },
            other => return Err(other),
        })
    }
}

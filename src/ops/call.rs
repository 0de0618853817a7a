//! Every call kinetic makes to change something, with its inputs: what the confirm dialog shows,
//! what the audit log records and what the effect runner sends.
use crate::domain::capacity::Distribution;
use crate::domain::channel::Channel;
use crate::domain::{AppUpdate, CapacityMode, Restore, Timestamp};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq)]
pub enum OpCall {
    /// UpdateShardCount with UNIFORM_SCALING.
    UpdateShardCount {
        target: u32,
    },
    SplitShard {
        shard: String,
        at: u128,
    },
    MergeShards {
        shard: String,
        adjacent: String,
    },
    UpdateStreamMode {
        arn: String,
        from: CapacityMode,
        to: CapacityMode,
    },
    /// Increase- or DecreaseStreamRetentionPeriod, whichever moves `from` to `to` hours.
    SetRetention {
        from: u32,
        to: u32,
    },
    UpdateWarmThroughput {
        target: u32,
    },
    /// On-demand Advantage on or off (MinimumThroughputBillingCommitment).
    UpdateAccountSettings {
        on: bool,
    },
    UpdateDistribution {
        arn: String,
        from: Distribution,
        to: Distribution,
    },
    UpdateMaxRecordSize {
        arn: String,
        from: u32,
        to: u32,
    },
    /// UpdateChannel's data freshness.
    UpdateChannelFreshness {
        channel: Box<Channel>,
        from: Option<u32>,
        to: u32,
    },
    CreateApplicationSnapshot {
        name: String,
    },
    /// AWS wants the snapshot's creation time as well as its name.
    DeleteApplicationSnapshot {
        name: String,
        created: Timestamp,
    },
    StartApplication {
        restore: Restore,
    },
    StopApplication {
        force: bool,
    },
    UpdateApplication(AppUpdate),
    /// The daily maintenance window's start, `HH:MM` UTC.
    UpdateMaintenanceWindow {
        from: Option<String>,
        to: String,
    },
    /// Back to the previous version; `current_version` is re-read just before the call.
    RollbackApplication {
        current_version: i64,
    },
    /// A self-managed job's savepoint, into its cluster's savepoint directory.
    TriggerSavepoint {
        cluster: String,
        job_id: String,
    },
    /// A self-managed job stopped with a savepoint (`drain`: event time flushed first).
    StopJob {
        cluster: String,
        job_id: String,
        drain: bool,
    },
    /// A self-managed job cancelled: no savepoint.
    CancelJob {
        cluster: String,
        job_id: String,
    },
    /// A self-managed job deployed: the running job stopped with a savepoint (or cancelled,
    /// for a way back), a jar run from the savepoint, the deployment recorded.
    DeployJob(Box<crate::domain::deployment::JobDeploy>),
    /// A self-managed job rescaled in place by the adaptive scheduler.
    RescaleJob {
        cluster: String,
        job_id: String,
        from: u32,
        to: u32,
    },
}

impl OpCall {
    /// The AWS operation name, for the audit log and messages.
    pub fn api(&self) -> &'static str {
        match self {
            Self::UpdateShardCount { .. } => "UpdateShardCount",
            Self::SplitShard { .. } => "SplitShard",
            Self::MergeShards { .. } => "MergeShards",
            Self::UpdateStreamMode { .. } => "UpdateStreamMode",
            Self::SetRetention { from, to } if to < from => "DecreaseStreamRetentionPeriod",
            Self::SetRetention { .. } => "IncreaseStreamRetentionPeriod",
            Self::UpdateWarmThroughput { .. } => "UpdateStreamWarmThroughput",
            Self::UpdateAccountSettings { .. } => "UpdateAccountSettings",
            Self::UpdateDistribution { .. } => "UpdateStreamRecordDistributionStrategy",
            Self::UpdateMaxRecordSize { .. } => "UpdateMaxRecordSize",
            Self::UpdateChannelFreshness { .. } => "UpdateChannel",
            Self::CreateApplicationSnapshot { .. } => "CreateApplicationSnapshot",
            Self::DeleteApplicationSnapshot { .. } => "DeleteApplicationSnapshot",
            Self::StartApplication { .. } => "StartApplication",
            Self::StopApplication { .. } => "StopApplication",
            Self::UpdateApplication(_) => "UpdateApplication",
            Self::UpdateMaintenanceWindow { .. } => "UpdateApplicationMaintenanceConfiguration",
            Self::RollbackApplication { .. } => "RollbackApplication",
            Self::TriggerSavepoint { .. } => "TriggerSavepoint",
            Self::StopJob { .. } => "StopWithSavepoint",
            Self::CancelJob { .. } => "CancelJob",
            Self::DeployJob(request) => match request.kind {
                crate::domain::deployment::DeployKind::Deploy => "DeployJob",
                crate::domain::deployment::DeployKind::Rollback => "RollbackJob",
                crate::domain::deployment::DeployKind::Rescale => "RescaleJob",
                crate::domain::deployment::DeployKind::Original => "OriginalJob",
            },
            Self::RescaleJob { .. } => "RescaleJob",
        }
    }

    /// The inputs as the audit log records them.
    pub fn inputs(&self) -> Value {
        match self {
            Self::UpdateShardCount { target } => {
                json!({ "target_shard_count": target, "scaling_type": "UNIFORM_SCALING" })
            }
            Self::SplitShard { shard, at } => {
                json!({ "shard_to_split": shard, "new_starting_hash_key": at.to_string() })
            }
            Self::MergeShards { shard, adjacent } => {
                json!({ "shard_to_merge": shard, "adjacent_shard_to_merge": adjacent })
            }
            Self::UpdateStreamMode { arn, from, to } => {
                json!({ "stream_arn": arn, "from": from.as_str(), "to": to.as_str() })
            }
            Self::SetRetention { from, to } => {
                json!({ "from_hours": from, "retention_period_hours": to })
            }
            Self::UpdateWarmThroughput { target } => json!({ "warm_throughput_mibps": target }),
            Self::UpdateAccountSettings { on } => json!({
                "minimum_throughput_billing_commitment": if *on { "ENABLED" } else { "DISABLED" },
            }),
            Self::UpdateDistribution { arn, from, to } => json!({
                "stream_arn": arn, "from": from.api(), "record_distribution_strategy": to.api(),
            }),
            Self::UpdateMaxRecordSize { arn, from, to } => json!({
                "stream_arn": arn, "from_kib": from, "max_record_size_in_kib": to,
            }),
            Self::UpdateChannelFreshness { channel, from, to } => json!({
                "channel_arn": channel.arn, "from_seconds": from, "data_freshness_in_seconds": to,
            }),
            Self::CreateApplicationSnapshot { name } => json!({ "snapshot_name": name }),
            Self::DeleteApplicationSnapshot { name, created } => json!({
                "snapshot_name": name,
                "snapshot_creation_timestamp": created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            }),
            Self::StartApplication { restore } => json!({
                "application_restore_type": restore.api_type(),
                "snapshot_name": restore.snapshot(),
            }),
            Self::StopApplication { force } => json!({ "force": force }),
            Self::UpdateApplication(update) => json!({
                "current_version": update.expected_version,
                "code": update.code.as_ref().map(|c| json!({
                    "bucket_arn": c.bucket_arn,
                    "file_key": c.file_key,
                    "object_version": c.object_version,
                })),
                "parallelism": update.parallelism.map(|p| json!({
                    "parallelism": p.parallelism,
                    "parallelism_per_kpu": p.per_kpu,
                    "auto_scaling_enabled": p.autoscaling,
                })),
                "runtime": update.runtime,
                "property_groups": update.properties.as_ref().map(std::vec::Vec::len),
                "application_restore_type": update.restore.api_type(),
                "snapshot_name": update.restore.snapshot(),
                "allow_non_restored_state": update.allow_non_restored_state,
                "metrics_level": update.monitoring.as_ref().map(|m| m.metrics_level.as_str()),
            }),
            Self::UpdateMaintenanceWindow { from, to } => json!({
                "from": from, "application_maintenance_window_start_time": to,
            }),
            Self::RollbackApplication { current_version } => {
                json!({ "current_application_version_id": current_version })
            }
            Self::TriggerSavepoint { cluster, job_id } => {
                json!({ "cluster": cluster, "job_id": job_id, "cancel_job": false })
            }
            Self::StopJob {
                cluster,
                job_id,
                drain,
            } => json!({ "cluster": cluster, "job_id": job_id, "drain": drain }),
            Self::CancelJob { cluster, job_id } => {
                json!({ "cluster": cluster, "job_id": job_id, "mode": "cancel" })
            }
            Self::RescaleJob {
                cluster,
                job_id,
                from,
                to,
            } => json!({
                "cluster": cluster, "job_id": job_id, "from": from, "parallelism": to,
                "mode": "adaptive scheduler, in place",
            }),
            Self::DeployJob(request) => {
                use crate::domain::deployment::{Jar, StartFrom};
                json!({
                    "cluster": request.cluster,
                    "job_id": request.running_job,
                    "jar": match &request.jar {
                        Jar::Uploaded { id, .. } => id.clone(),
                        Jar::Local { path } => path.display().to_string(),
                    },
                    "entry_class": request.entry_class,
                    "program_args": request.args,
                    "parallelism": request.parallelism,
                    "allow_non_restored_state": request.allow_non_restored_state,
                    "claim_mode": crate::domain::deployment::CLAIM_MODE,
                    "from": match &request.from {
                        StartFrom::StopWithSavepoint => "stop-with-savepoint".to_string(),
                        StartFrom::CancelThenSavepoint(savepoint) => format!("cancel, then {savepoint}"),
                    },
                })
            }
        }
    }

    /// The exact call as the confirm dialog shows it.
    pub fn text(&self) -> String {
        match self {
            Self::UpdateShardCount { target } => {
                format!("UpdateShardCount(TargetShardCount={target}, UNIFORM_SCALING)")
            }
            Self::SplitShard { shard, at } => {
                format!("SplitShard({shard}, NewStartingHashKey={at})")
            }
            Self::MergeShards { shard, adjacent } => format!("MergeShards({shard}, {adjacent})"),
            Self::UpdateStreamMode { to, .. } => format!("UpdateStreamMode(StreamMode={to})"),
            Self::SetRetention { to, .. } => format!("{}(RetentionPeriodHours={to})", self.api()),
            Self::UpdateWarmThroughput { target } => {
                format!("UpdateStreamWarmThroughput(WarmThroughputMiBps={target})")
            }
            Self::UpdateAccountSettings { on } => format!(
                "UpdateAccountSettings(MinimumThroughputBillingCommitment.Status={})",
                if *on { "ENABLED" } else { "DISABLED" }
            ),
            Self::UpdateDistribution { to, .. } => format!(
                "UpdateStreamRecordDistributionStrategy(RecordDistributionStrategy={})",
                to.api()
            ),
            Self::UpdateMaxRecordSize { to, .. } => {
                format!("UpdateMaxRecordSize(MaxRecordSizeInKiB={to})")
            }
            Self::UpdateChannelFreshness { channel, to, .. } => format!(
                "UpdateChannel({}, {}DestinationConfiguration.DataFreshnessInSeconds={to})",
                channel.name,
                match channel.destination {
                    crate::domain::channel::Destination::S3 { .. } => "S3",
                    crate::domain::channel::Destination::Iceberg { .. } => "S3Tables",
                }
            ),
            Self::CreateApplicationSnapshot { name } => {
                format!("CreateApplicationSnapshot(SnapshotName={name})")
            }
            Self::DeleteApplicationSnapshot { name, created } => format!(
                "DeleteApplicationSnapshot(SnapshotName={name}, SnapshotCreationTimestamp={})",
                created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
            Self::StartApplication { restore } => match restore.snapshot() {
                Some(name) => format!(
                    "StartApplication({}, SnapshotName={name})",
                    restore.api_type()
                ),
                None => format!("StartApplication({})", restore.api_type()),
            },
            Self::StopApplication { force } => format!("StopApplication(Force={force})"),
            Self::UpdateApplication(update) => {
                let mut parts = vec![format!(
                    "ConditionalToken re-read, version {}",
                    update.expected_version
                )];
                if let Some(code) = &update.code {
                    parts.push(format!(
                        "S3ContentLocationUpdate(FileKey={}, ObjectVersion={})",
                        code.file_key,
                        code.object_version.as_deref().unwrap_or("latest")
                    ));
                }
                if let Some(runtime) = &update.runtime {
                    parts.push(format!("RuntimeEnvironmentUpdate={runtime}"));
                }
                if let Some(groups) = &update.properties {
                    parts.push(format!(
                        "EnvironmentPropertyUpdates({} groups)",
                        groups.len()
                    ));
                }
                if let Some(m) = &update.monitoring {
                    parts.push(format!(
                        "MonitoringConfigurationUpdate(CUSTOM, MetricsLevel={}, LogLevel={})",
                        m.metrics_level, m.log_level
                    ));
                }
                if let Some(p) = &update.parallelism {
                    parts.push(format!(
                        "ParallelismConfigurationUpdate(Parallelism={}, ParallelismPerKPU={}, AutoScalingEnabled={})",
                        p.parallelism, p.per_kpu, p.autoscaling
                    ));
                }
                parts.push(match update.restore.snapshot() {
                    Some(name) => format!("{}({name})", update.restore.api_type()),
                    None => update.restore.api_type().to_string(),
                });
                parts.push(format!(
                    "AllowNonRestoredState={}",
                    update.allow_non_restored_state
                ));
                format!("UpdateApplication({})", parts.join(", "))
            }
            Self::RollbackApplication { current_version } => format!(
                "RollbackApplication(CurrentApplicationVersionId={current_version}, re-read)"
            ),
            Self::UpdateMaintenanceWindow { to, .. } => format!(
                "UpdateApplicationMaintenanceConfiguration(ApplicationMaintenanceWindowStartTimeUpdate={to})"
            ),
            Self::TriggerSavepoint { cluster, job_id } => format!(
                "POST /jobs/{job_id}/savepoints on {cluster} (the cluster's savepoint directory, cancel-job false)"
            ),
            Self::StopJob {
                cluster,
                job_id,
                drain,
            } => format!(
                "POST /jobs/{job_id}/stop on {cluster} (the cluster's savepoint directory, drain {drain})"
            ),
            Self::CancelJob { cluster, job_id } => {
                format!("PATCH /jobs/{job_id}?mode=cancel on {cluster}")
            }
            Self::DeployJob(request) => deploy_text(request),
            Self::RescaleJob {
                cluster,
                job_id,
                to,
                ..
            } => format!(
                "PUT /jobs/{job_id}/resource-requirements on {cluster} (every operator: lowerBound 1, upperBound {to})"
            ),
        }
    }

    /// What the resource is doing while the call runs, in a row's status column: "UPDATING".
    pub fn doing(&self) -> &'static str {
        match self {
            Self::CreateApplicationSnapshot { .. } => "SNAPSHOT",
            Self::DeleteApplicationSnapshot { .. } => "DEL-SNAP",
            Self::StartApplication { .. } => "STARTING",
            Self::StopApplication { .. } => "STOPPING",
            Self::RollbackApplication { .. } => "ROLLBACK",
            Self::TriggerSavepoint { .. } => "SAVEPOINT",
            Self::StopJob { .. } => "STOPPING",
            Self::CancelJob { .. } => "CANCELLING",
            Self::DeployJob(_) => "DEPLOYING",
            Self::RescaleJob { .. } => "RESCALING",
            _ => "UPDATING",
        }
    }

    /// Successful scalings count against AWS's 10-a-day rule.
    pub fn is_scaling(&self) -> bool {
        matches!(self, Self::UpdateShardCount { .. })
    }
}

/// A deployment's calls in order, as the confirm dialog shows them.
fn deploy_text(request: &crate::domain::deployment::JobDeploy) -> String {
    use crate::domain::deployment::{Jar, StartFrom};
    let mut steps = Vec::new();
    let jar = match &request.jar {
        Jar::Uploaded { id, .. } => id.clone(),
        Jar::Local { path } => {
            steps.push(format!("POST /jars/upload ({})", path.display()));
            "(its id)".to_string()
        }
    };
    let job = request.running_job.as_deref().unwrap_or("(none running)");
    let savepoint = match &request.from {
        StartFrom::StopWithSavepoint => {
            if request.running_job.is_some() {
                steps.push(format!("POST /jobs/{job}/stop (savepoint, drain false)"));
                "its savepoint".to_string()
            } else {
                "no savepoint".to_string()
            }
        }
        StartFrom::CancelThenSavepoint(savepoint) => {
            if request.running_job.is_some() {
                steps.push(format!("PATCH /jobs/{job}?mode=cancel"));
            }
            savepoint.clone()
        }
    };
    let claim = if savepoint == "no savepoint" {
        String::new()
    } else {
        format!(
            ", {} {}",
            request.claim_field,
            crate::domain::deployment::CLAIM_MODE
        )
    };
    steps.push(format!(
        "POST /jars/{jar}/run (parallelism {}, savepointPath {savepoint}{claim}, allowNonRestoredState {}) on {}",
        request.parallelism, request.allow_non_restored_state, request.cluster
    ));
    steps.join(" → ")
}

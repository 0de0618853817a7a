//! Sends one confirmed change: audited before the call (no record, no call), the call through
//! its port, audited again with AWS's answer and the operation id it returned.
use super::audit::{AuditEntry, Auditor, Phase};
use super::call::OpCall;
use super::plan::Resource;
use crate::domain::{PortError, Timestamp};
use crate::ports::{ClusterOpsPort, FlinkOpsPort, FlinkPort, StreamOpsPort};

/// The ports a change may need; the ops ports are absent when the console cannot change things.
pub struct ChangePorts<'a> {
    pub stream_ops: Option<&'a dyn StreamOpsPort>,
    pub flink: &'a dyn FlinkPort,
    pub flink_ops: Option<&'a dyn FlinkOpsPort>,
    /// Self-managed Flink jobs, when clusters were given.
    pub cluster_ops: Option<&'a dyn ClusterOpsPort>,
}

/// AWS accepted the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The OperationId of calls that start a Flink operation.
    pub operation_id: Option<String>,
}

fn cannot_change(what: &str) -> PortError {
    PortError::InvalidArgument {
        detail: format!("this console was started without the permission to change {what}"),
    }
}

/// Audits, calls, audits. A log that cannot be written refuses the change before any call.
pub async fn execute(
    ports: &ChangePorts<'_>,
    auditor: Option<&Auditor>,
    now: &(dyn Fn() -> Timestamp + Send + Sync),
    resource: &Resource,
    call: &OpCall,
    reason: Option<String>,
) -> Result<Sent, PortError> {
    let started = AuditEntry::started(resource, call.api(), call.inputs(), reason);
    if let Some(auditor) = auditor {
        auditor.write(now(), &started)?;
    }
    let result = send(ports, resource.name(), call).await;
    if let Some(auditor) = auditor {
        let answer = match &result {
            Ok(sent) => AuditEntry {
                operation_id: sent.operation_id.clone(),
                ..started.then(Phase::Call, "accepted", None)
            },
            Err(error) => started.then(Phase::Call, "refused", Some(error.to_string())),
        };
        auditor.write(now(), &answer)?;
    }
    result
}

async fn send(ports: &ChangePorts<'_>, name: &str, call: &OpCall) -> Result<Sent, PortError> {
    let none = |()| Sent { operation_id: None };
    let operation = |operation_id| Sent { operation_id };
    let streams = || ports.stream_ops.ok_or_else(|| cannot_change("streams"));
    let flink = || ports.flink_ops.ok_or_else(|| cannot_change("applications"));
    let clusters = || {
        ports
            .cluster_ops
            .ok_or_else(|| cannot_change("self-managed Flink jobs"))
    };
    match call {
        OpCall::UpdateShardCount { target } => {
            streams()?.update_shard_count(name, *target).await.map(none)
        }
        OpCall::SplitShard { shard, at } => {
            streams()?.split_shard(name, shard, *at).await.map(none)
        }
        OpCall::MergeShards { shard, adjacent } => streams()?
            .merge_shards(name, shard, adjacent)
            .await
            .map(none),
        OpCall::UpdateStreamMode { arn, to, .. } => {
            streams()?.update_stream_mode(arn, *to).await.map(none)
        }
        OpCall::SetRetention { from, to } => {
            streams()?.set_retention(name, *from, *to).await.map(none)
        }
        OpCall::UpdateWarmThroughput { target } => streams()?
            .update_warm_throughput(name, *target)
            .await
            .map(none),
        OpCall::UpdateAccountSettings { on } => streams()?
            .update_advantage(*on)
            .await
            .map(|_| Sent { operation_id: None }),
        OpCall::UpdateDistribution { arn, to, .. } => {
            streams()?.update_distribution(arn, *to).await.map(none)
        }
        OpCall::UpdateMaxRecordSize { arn, to, .. } => {
            streams()?.update_max_record_size(arn, *to).await.map(none)
        }
        OpCall::UpdateChannelFreshness { channel, to, .. } => streams()?
            .update_channel_freshness(channel, *to)
            .await
            .map(none),
        OpCall::CreateApplicationSnapshot { name: snapshot } => {
            flink()?.create_snapshot(name, snapshot).await.map(none)
        }
        OpCall::DeleteApplicationSnapshot {
            name: snapshot,
            created,
        } => flink()?
            .delete_snapshot(name, snapshot, *created)
            .await
            .map(none),
        OpCall::StartApplication { restore } => flink()?
            .start_application(name, restore)
            .await
            .map(operation),
        OpCall::StopApplication { force } => {
            flink()?.stop_application(name, *force).await.map(operation)
        }
        OpCall::UpdateApplication(update) => {
            let flink = flink()?;
            let current = still_at(ports.flink, name, update.expected_version).await?;
            let token = current.conditional_token.unwrap_or_default();
            flink
                .update_application(name, &token, update)
                .await
                .map(operation)
        }
        OpCall::UpdateMaintenanceWindow { to, .. } => flink()?
            .update_maintenance_window(name, to)
            .await
            .map(|_| Sent { operation_id: None }),
        OpCall::TriggerSavepoint { job_id, .. } => clusters()?
            .trigger_savepoint(name, job_id)
            .await
            .map(|trigger| operation(Some(trigger))),
        OpCall::StopJob { job_id, drain, .. } => clusters()?
            .stop_job(name, job_id, *drain)
            .await
            .map(|trigger| operation(Some(trigger))),
        OpCall::CancelJob { job_id, .. } => clusters()?.cancel_job(name, job_id).await.map(none),
        OpCall::RescaleJob { job_id, to, .. } => clusters()?
            .rescale_in_place(name, job_id, *to)
            .await
            .map(|()| operation(Some(job_id.clone()))),
        OpCall::DeployJob(request) => clusters()?
            .deploy_job(name, request)
            .await
            .map(|job| operation(Some(job))),
        OpCall::RollbackApplication { current_version } => {
            let flink = flink()?;
            let current = still_at(ports.flink, name, *current_version).await?;
            flink
                .rollback_application(name, current.version_id)
                .await
                .map(operation)
        }
    }
}

/// The application read just before a call that needs its ConditionalToken or version id; a
/// version other than the planned one means someone changed it meanwhile, and nothing is sent.
async fn still_at(
    flink: &dyn FlinkPort,
    app: &str,
    planned_version: i64,
) -> Result<crate::domain::AppDetail, PortError> {
    let current = flink.describe_application(app).await?;
    if current.version_id != planned_version {
        return Err(PortError::ConcurrentModification {
            resource: format!("application {app}"),
            detail: format!(
                "it is at version {} now, the plan was made for version {planned_version}",
                current.version_id
            ),
        });
    }
    Ok(current)
}

//! Sends one confirmed change: audited before the call (no record, no call), the call through
//! its port, audited again with AWS's answer and the operation id it returned.
use super::audit::{AuditEntry, Auditor, Phase};
use super::call::OpCall;
use super::plan::Resource;
use crate::domain::{PortError, Timestamp};
use crate::ports::{FlinkOpsPort, FlinkPort, StreamOpsPort};

/// The ports a change may need; the ops ports are absent when the console cannot change things.
pub struct ChangePorts<'a> {
    pub stream_ops: Option<&'a dyn StreamOpsPort>,
    pub flink: &'a dyn FlinkPort,
    pub flink_ops: Option<&'a dyn FlinkOpsPort>,
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
    if let Some(result) = send_to_stream(ports, name, call).await {
        return result.map(none);
    }
    let flink = ports
        .flink_ops
        .ok_or_else(|| cannot_change("applications"))?;
    match call {
        OpCall::CreateApplicationSnapshot { name: snapshot } => {
            flink.create_snapshot(name, snapshot).await.map(none)
        }
        OpCall::DeleteApplicationSnapshot {
            name: snapshot,
            created,
        } => flink
            .delete_snapshot(name, snapshot, *created)
            .await
            .map(none),
        OpCall::StartApplication { restore } => {
            flink.start_application(name, restore).await.map(operation)
        }
        OpCall::StopApplication { force } => {
            flink.stop_application(name, *force).await.map(operation)
        }
        OpCall::UpdateApplication(update) => {
            // The token is read just before the call; the version must still be the planned one.
            let current = ports.flink.describe_application(name).await?;
            if current.version_id != update.expected_version {
                return Err(PortError::ConcurrentModification {
                    resource: format!("application {name}"),
                    detail: format!(
                        "it is at version {} now, the plan was made for version {}",
                        current.version_id, update.expected_version
                    ),
                });
            }
            let token = current.conditional_token.unwrap_or_default();
            flink
                .update_application(name, &token, update)
                .await
                .map(operation)
        }
        OpCall::RollbackApplication { current_version } => {
            // CurrentApplicationVersionId is read just before the call, and must be the planned one.
            let current = ports.flink.describe_application(name).await?;
            if current.version_id != *current_version {
                return Err(PortError::ConcurrentModification {
                    resource: format!("application {name}"),
                    detail: format!(
                        "it is at version {} now, the plan was made for version {current_version}",
                        current.version_id
                    ),
                });
            }
            flink
                .rollback_application(name, current.version_id)
                .await
                .map(operation)
        }
        _ => Err(cannot_change("this resource")),
    }
}

/// Stream calls; None when `call` is not one.
async fn send_to_stream(
    ports: &ChangePorts<'_>,
    stream: &str,
    call: &OpCall,
) -> Option<Result<(), PortError>> {
    let is_stream_call = matches!(
        call,
        OpCall::UpdateShardCount { .. }
            | OpCall::SplitShard { .. }
            | OpCall::MergeShards { .. }
            | OpCall::UpdateStreamMode { .. }
            | OpCall::SetRetention { .. }
    );
    if !is_stream_call {
        return None;
    }
    let Some(ops) = ports.stream_ops else {
        return Some(Err(cannot_change("streams")));
    };
    Some(match call {
        OpCall::UpdateShardCount { target } => ops.update_shard_count(stream, *target).await,
        OpCall::SplitShard { shard, at } => ops.split_shard(stream, shard, *at).await,
        OpCall::MergeShards { shard, adjacent } => ops.merge_shards(stream, shard, adjacent).await,
        OpCall::UpdateStreamMode { arn, to, .. } => ops.update_stream_mode(arn, *to).await,
        OpCall::SetRetention { from, to } => ops.set_retention(stream, *from, *to).await,
        _ => return None,
    })
}

//! Commands of the one change path: the audited call, the looks that follow it, the health
//! gate's looks, and the audit lines of what following saw.
use super::super::command::Command;
use super::super::msg::Msg;
use super::{EffectRunner, reads};

impl EffectRunner {
    /// The answer to a change command (`None`: nothing to say back); any other command comes
    /// back untouched.
    pub(super) async fn changes_command(&self, command: Command) -> Result<Option<Msg>, Command> {
        let at = || (self.clock)();
        Ok(Some(match command {
            Command::Execute {
                op,
                resource,
                call,
                reason,
            } => {
                let ports = crate::ops::execute::ChangePorts {
                    stream_ops: self.ops.as_deref(),
                    flink: self.flink.as_ref(),
                    flink_ops: self.flink_ops.as_deref(),
                    cluster_ops: self.cluster_ops.as_deref(),
                };
                let result = crate::ops::execute::execute(
                    &ports,
                    self.auditor.as_ref(),
                    self.clock.as_ref(),
                    &resource,
                    &call,
                    reason,
                )
                .await;
                Msg::OpSent {
                    op,
                    result,
                    at: at(),
                }
            }
            Command::Follow {
                op,
                resource,
                probe,
            } => Msg::Followed {
                op,
                result: reads::look(
                    self.streams.as_ref(),
                    self.flink.as_ref(),
                    self.cluster_ops.as_deref(),
                    &resource,
                    probe,
                )
                .await,
                at: at(),
            },
            Command::GateProbe { op, app, since } => Msg::GateObserved {
                op,
                result: if crate::domain::flink_cluster::split(&app).is_some() {
                    reads::job_gate_look(
                        self.flink.as_ref(),
                        self.jobs.as_ref(),
                        &app,
                        since,
                        self.clock.as_ref(),
                    )
                    .await
                } else {
                    reads::gate_look(
                        self.flink.as_ref(),
                        self.metrics.as_ref(),
                        &app,
                        since,
                        self.clock.as_ref(),
                    )
                    .await
                },
            },
            Command::Audit(entry) => {
                let Some(auditor) = self.auditor.as_ref() else {
                    return Ok(None);
                };
                match auditor.write(at(), &entry) {
                    Ok(()) => return Ok(None),
                    Err(error) => Msg::AuditFailed { error },
                }
            }
            other => return Err(other),
        }))
    }
}

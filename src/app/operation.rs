//! Changes kinetic sent: followed to their end, then (on a running application) watched through
//! the health gate. Finished ones are kept for the screens and the incident timeline.
use crate::domain::Timestamp;
use crate::ops::gate::Gate;
use crate::ops::{OpPlan, Replan, Resource};

/// How many finished changes are kept.
pub const HISTORY: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub enum OpPhase {
    /// The call is on its way (audited first).
    Sending,
    /// AWS accepted it; followed until the plan's `follow` says it ended.
    Following {
        /// The operation looked at: the call's own, or the rollback its failure set off.
        operation_id: Option<String>,
        /// What the last look saw: "IN_PROGRESS", "CREATING", "UPDATING".
        seen: Option<String>,
        /// Why the operation failed, while following the rollback the service started for it.
        failed: Option<String>,
    },
    /// Landed on a running application: the health gate watches it.
    Gating(Gate),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunningOp {
    pub id: u64,
    pub plan: OpPlan,
    pub reason: Option<String>,
    /// How the plan is made again after a concurrent modification.
    pub replan: Option<Replan>,
    pub phase: OpPhase,
    pub started: Timestamp,
    /// The OperationId AWS returned for the call.
    pub operation_id: Option<String>,
    /// When the follow loop last looked, whether a look is in flight, and why the last failed.
    pub last_check: Option<Timestamp>,
    pub pending: bool,
    pub check_error: Option<String>,
    /// Looks that failed in a row: the next waits longer (see `backoff`).
    pub failed_looks: u32,
}

impl RunningOp {
    /// The audit line of how it ended (`phase`: its call's outcome, or its health gate's).
    pub fn outcome_entry(
        &self,
        phase: crate::ops::audit::Phase,
        result: &str,
        error: Option<String>,
    ) -> crate::ops::audit::AuditEntry {
        crate::ops::audit::AuditEntry {
            operation_id: self.operation_id.clone(),
            ..crate::ops::audit::AuditEntry::started(
                self.resource(),
                self.plan.call.api(),
                self.plan.call.inputs(),
                self.reason.clone(),
            )
            .then(phase, result, error)
        }
    }

    pub fn new(
        id: u64,
        plan: OpPlan,
        reason: Option<String>,
        replan: Option<Replan>,
        now: Timestamp,
    ) -> Self {
        Self {
            id,
            plan,
            reason,
            replan,
            phase: OpPhase::Sending,
            started: now,
            operation_id: None,
            last_check: None,
            pending: false,
            check_error: None,
            failed_looks: 0,
        }
    }

    pub fn resource(&self) -> &Resource {
        &self.plan.resource
    }

    /// Still changing its resource (rather than watching it through the health gate).
    pub fn is_changing(&self) -> bool {
        !matches!(self.phase, OpPhase::Gating(_))
    }

    pub fn gate(&self) -> Option<&Gate> {
        match &self.phase {
            OpPhase::Gating(gate) => Some(gate),
            _ => None,
        }
    }

    /// What the row and the detail say: "UPDATING 0:42", "SNAPSHOT 0:05", "GATE 1:10".
    pub fn badge(&self, now: Timestamp) -> String {
        match &self.phase {
            OpPhase::Sending => format!("SENDING {}", clock(now - self.started)),
            OpPhase::Following {
                failed: Some(_), ..
            } => {
                format!("ROLLBACK {}", clock(now - self.started))
            }
            OpPhase::Following { .. } => {
                format!("{} {}", self.plan.call.doing(), clock(now - self.started))
            }
            OpPhase::Gating(gate) => format!("GATE {}", clock(now - gate.started)),
        }
    }
}

/// How a change ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpOutcome {
    Succeeded,
    /// AWS refused the call, or the operation failed: the sentence says why.
    Failed(String),
    Cancelled(String),
    /// The operation failed and the service rolled the application back by itself.
    RolledBack(String),
}

impl OpOutcome {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Succeeded => "SUCCEEDED",
            Self::Failed(_) => "FAILED",
            Self::Cancelled(_) => "CANCELLED",
            Self::RolledBack(_) => "ROLLED BACK",
        }
    }
}

/// A change that ended, with how, and its health gate when it had one.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedOp {
    pub id: u64,
    pub plan: OpPlan,
    pub reason: Option<String>,
    pub operation_id: Option<String>,
    pub started: Timestamp,
    pub ended: Timestamp,
    pub outcome: OpOutcome,
    pub gate: Option<Gate>,
    /// When the way back this change belongs to was confirmed (a rollback guide's recovery).
    pub recovery_since: Option<Timestamp>,
}

/// "m:ss" of a duration (never negative).
pub fn clock(duration: chrono::Duration) -> String {
    let secs = duration.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

//! An executed change being followed until the stream is ACTIVE again.
use crate::domain::Timestamp;
use crate::ops::ReshardPlan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpPhase {
    /// The call is on its way.
    Sending,
    /// AWS accepted it; waiting for ACTIVE.
    Updating,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunningOp {
    pub id: u64,
    /// The plan as confirmed: its first step is the call in flight; later steps are
    /// confirmed again, as a new operation, once this one lands.
    pub plan: ReshardPlan,
    pub phase: OpPhase,
    pub started: Timestamp,
    /// When the stream's status was last asked for.
    pub last_check: Option<Timestamp>,
}

impl RunningOp {
    pub fn stream(&self) -> &str {
        &self.plan.stream
    }

    /// The open shard count the call in flight leads to.
    pub fn target(&self) -> u32 {
        self.plan.steps.first().copied().unwrap_or(self.plan.to)
    }
}

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
    pub plan: ReshardPlan,
    pub step: usize,
    pub phase: OpPhase,
    pub started: Timestamp,
    pub step_started: Timestamp,
    /// When the stream's status was last asked for.
    pub last_check: Option<Timestamp>,
}

impl RunningOp {
    pub fn stream(&self) -> &str {
        &self.plan.stream
    }

    pub fn target(&self) -> u32 {
        self.plan
            .steps
            .get(self.step)
            .copied()
            .unwrap_or(self.plan.to)
    }
}

//! Modal dialogs of operator workflows: the reshard planner and the type-to-confirm dialog.
use crate::domain::Loadable;
use crate::ops::{ReshardInputs, ReshardPlan};

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Planner(PlannerState),
    SplitPoint(SplitPointState),
    Retention(RetentionState),
    Confirm(ConfirmState),
}

/// `t`: the new retention period.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionState {
    pub stream: String,
    pub status: crate::domain::StreamStatus,
    pub open_shards: u32,
    pub current_hours: u32,
    /// "48h", "7d" or hours.
    pub input: String,
    pub error: Option<String>,
}

/// `s`: where to split the selected shard.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitPointState {
    pub stream: String,
    pub shard: crate::domain::Shard,
    /// Empty for the midpoint, "25%", or a decimal hash key.
    pub input: String,
    pub error: Option<String>,
}

/// `R`: what the stream can be scaled to, and the operator's target.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannerState {
    pub stream: String,
    pub inputs: Loadable<ReshardInputs>,
    pub target: String,
    pub error: Option<String>,
}

/// The plan before it runs: type the stream name and press Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmState {
    /// Its first step is what Enter sends; later steps are confirmed when it lands.
    pub plan: ReshardPlan,
    pub typed: String,
    pub error: Option<String>,
}

impl ConfirmState {
    /// A fresh dialog for `plan`: nothing typed yet.
    pub fn new(plan: ReshardPlan) -> Self {
        Self {
            plan,
            typed: String::new(),
            error: None,
        }
    }
}

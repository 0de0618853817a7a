//! Operator workflows as plans: pure validation first (plan), then confirm, execute and follow.
pub mod app_checks;
pub mod app_intent;
pub mod audit;
pub mod call;
pub mod capacity_plan;
pub mod checks;
pub mod deploy_plan;
pub mod execute;
pub mod gate;
pub mod inputs;
pub mod job_deploy_checks;
pub mod job_deploy_choice;
pub mod job_deploy_plan;
pub mod job_plan;
#[cfg(test)]
mod job_plan_fixtures;
pub mod job_rescale_plan;
pub mod job_way_back_plan;
pub mod json_lines;
pub mod lifecycle_plan;
pub mod maintenance_plan;
pub mod metrics_level_plan;
pub mod plan;
pub mod reshard_plan;
pub mod rollback_facts;
pub mod rollback_plan;
pub mod scale_plan;
pub mod settings_plan;
pub mod shard_plan;
pub mod snapshot_plan;
pub mod timeline;
pub mod way_back_plan;

pub use app_intent::{AppIntent, Replan};
pub use call::OpCall;
pub use checks::{Check, CheckOutcome};
pub use plan::{Change, Confirmation, Follow, NextStep, OpPlan, Resource};
pub use reshard_plan::{Recommendation, ReshardInputs};

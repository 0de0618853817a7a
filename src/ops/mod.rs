//! Operator workflows as plans: pure validation first (plan), then confirm, execute and verify.
pub mod audit;
pub mod checks;
pub mod reshard_plan;
pub mod settings_plan;
pub mod shard_plan;

pub use checks::{Check, CheckOutcome};
pub use reshard_plan::{Recommendation, ReshardCall, ReshardInputs, ReshardPlan};

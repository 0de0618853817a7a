//! Whole workflows over the simulated account: resharding, records and keys, logs, every action
//! on Flink applications from the keyboard, every refusal producing no command, the health gate
//! passing and failing, the dialogs' pictures, the fuzz of the loop, and the account's own
//! rules and call budgets.
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
#[path = "../support/mod.rs"]
mod support;

mod alarms;
mod apps_workflow;
mod capacity;
mod deploy;
mod dialogs;
mod fuzz;
mod lifecycle;
mod links;
mod log_tail;
mod managed_job;
mod profiles;
mod properties;
mod records;
mod refusals;
mod reliability;
mod reshard_flow;
mod rollback;
mod self_managed;
mod simulator;
mod snapshots;
mod typed_ahead;
mod watched;

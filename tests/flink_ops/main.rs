//! Acting on Flink applications: every action over the simulated account from the keyboard,
//! every refusal producing no command, the health gate passing and failing, the dialogs' pictures.
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
mod deploy;
mod dialogs;
mod fuzz;
mod lifecycle;
mod links;
mod profiles;
mod properties;
mod refusals;
mod reliability;
mod rollback;
mod snapshots;
mod typed_ahead;

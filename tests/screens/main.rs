//! The pure loop screen by screen: keys and answers into `update`, the model and its commands
//! out, every screen drawn and held to its snapshot, and the config files' errors. No terminal,
//! no AWS.
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

#[path = "../support/mod.rs"]
mod support;

mod apps_snapshots;
mod config_files;
mod contexts_snapshots;
mod job_deploy_snapshots;
mod job_snapshots;
mod logs_view;
mod snapshots;
mod update_detail;
mod update_streams;

//! End to end over HTTP against emulators we did not write: Kinesis on moto and kinesis-mock
//! (what both serve runs on both; what only kinesis-mock models, CREATING and UPDATING that last,
//! AWS's paging, the account's limits, has tests of its own), and on moto the console's
//! contexts (expiring credentials, profiles and regions switched live) and the code in S3; and
//! the Flink REST client against real Apache Flink session clusters (1.20 and 2.2).
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
#[path = "../support/mod.rs"]
mod support;

mod adapter;
mod capacity;
mod console;
mod dashboard;
mod errors;
mod flink_deploy;
mod flink_live;
mod flink_ops;
mod flink_proxy;
mod flink_tls;
mod lifecycle;
mod moto_contexts;
mod moto_flink;
mod records;
mod shared_budget;
mod watched_contexts;

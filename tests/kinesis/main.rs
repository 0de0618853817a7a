//! Kinesis end to end over HTTP against two emulators we did not write: moto and kinesis-mock.
//! What both serve runs on both; what only kinesis-mock models (CREATING and UPDATING that last,
//! AWS's paging, the account's limits) has tests of its own.
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
mod console;
mod errors;
mod lifecycle;
mod records;

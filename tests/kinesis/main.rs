//! Kinesis end to end over HTTP against two emulators we did not write: moto and kinesis-mock.
//! What both serve runs on both; what only kinesis-mock models (CREATING and UPDATING that last,
//! AWS's paging, the account's limits) has tests of its own.
#[path = "../support/mod.rs"]
mod support;

mod adapter;
mod console;
mod errors;
mod lifecycle;
mod records;

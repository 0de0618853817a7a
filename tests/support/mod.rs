//! Shared helpers for integration tests: local moto and kinesis-mock servers, SDK clients pointed at
//! them, and model builders.
#![allow(dead_code)]

pub mod answers;
pub mod console;
pub mod dashboard;
pub mod deployments;
pub mod diagnostic_log;
pub mod drive;
pub mod emulator;
pub mod endpoint_console;
pub mod flink;
pub mod forwarder;
pub mod kinesis_mock;
pub mod models;
pub mod moto;
pub mod profiles;
pub mod proxy;
pub mod reading;

//! kinetic: a terminal operations console for Kinesis Data Streams and Managed Service for Apache Flink.
#![forbid(unsafe_code)]
// Unit tests read as examples, not as API: pedantry is for the product code (checked without them).
#![cfg_attr(test, allow(clippy::pedantic))]

pub mod app;
pub mod aws;
pub mod cli;
pub mod config;
pub mod console;
pub mod domain;
pub mod flink_rest;
pub mod ops;
pub mod ports;
pub mod sim;
pub mod ui;

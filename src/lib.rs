//! kinetic: a terminal operations console for Kinesis Data Streams and Managed Service for Apache Flink.
#![forbid(unsafe_code)]

pub mod app;
pub mod aws;
pub mod cli;
pub mod config;
pub mod console;
pub mod domain;
pub mod ops;
pub mod ports;
pub mod sim;
pub mod ui;

//! The simulated account behind each port the console uses, one file per port as in `aws/`.
mod code;
mod demo;
mod flink;
mod flink_ops;
mod jobs;
mod logs;
mod metrics;
mod stream_ops;
mod streams;

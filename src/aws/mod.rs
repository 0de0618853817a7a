//! Real adapters over the AWS SDK for Rust. SDK types are converted to domain types here and go no further.
pub mod clients;
pub mod code;
pub mod config;
pub mod error;
pub mod flink;
pub mod flink_ops;
pub mod logs;
pub mod metrics;
pub mod profiles;
pub mod quotas;
pub mod rate_limiter;
pub mod retry;
pub mod shared_budget;
pub mod stream_ops;
pub mod streams;

pub use clients::Clients;
pub use code::AwsCode;
pub use config::{AwsSession, load_session};
pub use flink::AwsFlink;
pub use flink_ops::AwsFlinkOps;
pub use logs::AwsLogs;
pub use metrics::AwsMetrics;
pub use stream_ops::AwsStreamOps;
pub use streams::AwsStreams;

//! Plain domain types: streams, shards, hash ranges, applications, versions, snapshots, operations, metrics. No SDK types here.
pub mod alarm;
pub mod app_change;
pub mod app_metrics;
pub mod capacity;
pub mod channel;
pub mod code_object;
pub mod console_link;
pub mod consumer;
pub mod dashboard;
pub mod deployment;
pub mod drill;
pub mod error;
pub mod flink;
pub mod flink_cluster;
pub mod hash_range;
pub mod health;
pub mod job_graph;
pub mod job_view;
pub mod key_report;
pub mod kpl;
pub mod lineage;
pub mod loadable;
pub mod log_buffer;
pub mod log_event;
pub mod metrics;
pub mod monitoring;
pub mod partition_key;
pub mod read_from;
pub mod record;
pub mod record_buffer;
pub mod regions;
pub mod secret;
pub mod shard;
pub mod stream;
pub mod task_history;
pub mod time;
pub mod version_diff;
pub mod watch;

pub use alarm::{Alarm, AlarmState};
pub use app_change::{AppUpdate, MonitoringChange, ParallelismChange, Restore};
pub use code_object::CodeObject;
pub use consumer::Consumer;
pub use error::PortError;
pub use flink::{
    AppDetail, AppStatus, AppSummary, Direction, OperationDetail, OperationStatus,
    OperationSummary, Snapshot, VersionSummary,
};
pub use hash_range::HashRange;
pub use loadable::Loadable;
pub use metrics::{MetricQuery, MetricSeries, MetricWindow, Stat, StreamMetric, StreamMetrics};
pub use shard::Shard;
pub use stream::{CapacityMode, StreamListing, StreamStatus, StreamSummary};
pub use time::Timestamp;

//! Counts the API calls the simulator answers, page by page, as AWS would bill and throttle them.
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct CallCounts {
    pub list_streams: AtomicU64,
    pub describe_stream_summary: AtomicU64,
    pub list_shards: AtomicU64,
    pub list_stream_consumers: AtomicU64,
    pub get_metric_data: AtomicU64,
    /// Metrics requested through GetMetricData (CloudWatch bills per metric).
    pub metrics_requested: AtomicU64,
    /// kinesisanalyticsv2 control-plane calls (all of them, including those counted below).
    pub flink: AtomicU64,
    pub describe_application: AtomicU64,
    pub describe_operation: AtomicU64,
    pub describe_snapshot: AtomicU64,
    pub list_operations: AtomicU64,
    pub list_snapshots: AtomicU64,
    /// S3 calls (ListObjectVersions, HeadObject).
    pub s3: AtomicU64,
    /// CloudWatch Logs FilterLogEvents pages.
    pub filter_log_events: AtomicU64,
    /// DescribeAlarms pages (one per state asked).
    pub describe_alarms: AtomicU64,
    pub get_shard_iterator: AtomicU64,
    pub get_records: AtomicU64,
    /// DescribeAccountSettings and ListChannels pages (the account-wide reads of every refresh).
    pub describe_account_settings: AtomicU64,
    pub list_channels: AtomicU64,
}

/// A point-in-time copy of the counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallSnapshot {
    pub list_streams: u64,
    pub describe_stream_summary: u64,
    pub list_shards: u64,
    pub list_stream_consumers: u64,
    pub get_metric_data: u64,
    pub metrics_requested: u64,
    pub flink: u64,
    pub describe_application: u64,
    pub describe_operation: u64,
    pub describe_snapshot: u64,
    pub list_operations: u64,
    pub list_snapshots: u64,
    pub s3: u64,
    pub filter_log_events: u64,
    pub describe_alarms: u64,
    pub get_shard_iterator: u64,
    pub get_records: u64,
    pub describe_account_settings: u64,
    pub list_channels: u64,
}

impl CallCounts {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> CallSnapshot {
        CallSnapshot {
            list_streams: self.list_streams.load(Ordering::Relaxed),
            describe_stream_summary: self.describe_stream_summary.load(Ordering::Relaxed),
            list_shards: self.list_shards.load(Ordering::Relaxed),
            list_stream_consumers: self.list_stream_consumers.load(Ordering::Relaxed),
            get_metric_data: self.get_metric_data.load(Ordering::Relaxed),
            metrics_requested: self.metrics_requested.load(Ordering::Relaxed),
            flink: self.flink.load(Ordering::Relaxed),
            describe_application: self.describe_application.load(Ordering::Relaxed),
            describe_operation: self.describe_operation.load(Ordering::Relaxed),
            describe_snapshot: self.describe_snapshot.load(Ordering::Relaxed),
            list_operations: self.list_operations.load(Ordering::Relaxed),
            list_snapshots: self.list_snapshots.load(Ordering::Relaxed),
            s3: self.s3.load(Ordering::Relaxed),
            filter_log_events: self.filter_log_events.load(Ordering::Relaxed),
            describe_alarms: self.describe_alarms.load(Ordering::Relaxed),
            get_shard_iterator: self.get_shard_iterator.load(Ordering::Relaxed),
            get_records: self.get_records.load(Ordering::Relaxed),
            describe_account_settings: self.describe_account_settings.load(Ordering::Relaxed),
            list_channels: self.list_channels.load(Ordering::Relaxed),
        }
    }
}

impl std::ops::Sub for CallSnapshot {
    type Output = CallSnapshot;
    fn sub(self, before: CallSnapshot) -> CallSnapshot {
        CallSnapshot {
            list_streams: self.list_streams - before.list_streams,
            describe_stream_summary: self.describe_stream_summary - before.describe_stream_summary,
            list_shards: self.list_shards - before.list_shards,
            list_stream_consumers: self.list_stream_consumers - before.list_stream_consumers,
            get_metric_data: self.get_metric_data - before.get_metric_data,
            metrics_requested: self.metrics_requested - before.metrics_requested,
            flink: self.flink - before.flink,
            describe_application: self.describe_application - before.describe_application,
            describe_operation: self.describe_operation - before.describe_operation,
            describe_snapshot: self.describe_snapshot - before.describe_snapshot,
            list_operations: self.list_operations - before.list_operations,
            list_snapshots: self.list_snapshots - before.list_snapshots,
            s3: self.s3 - before.s3,
            filter_log_events: self.filter_log_events - before.filter_log_events,
            describe_alarms: self.describe_alarms - before.describe_alarms,
            get_shard_iterator: self.get_shard_iterator - before.get_shard_iterator,
            get_records: self.get_records - before.get_records,
            describe_account_settings: self.describe_account_settings
                - before.describe_account_settings,
            list_channels: self.list_channels - before.list_channels,
        }
    }
}

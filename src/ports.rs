//! The traits the app needs from an account. AWS and the simulator both implement them.
use crate::domain::{
    AppDetail, AppSummary, Consumer, MetricQuery, MetricSeries, MetricWindow, OperationDetail,
    OperationSummary, PortError, Shard, Snapshot, StreamListing, StreamSummary, VersionSummary,
};
use async_trait::async_trait;

/// Read access to Kinesis Data Streams.
#[async_trait]
pub trait StreamsPort: Send + Sync {
    /// Every stream in the account and region, following every page.
    async fn list_streams(&self) -> Result<Vec<StreamListing>, PortError>;
    async fn describe_stream_summary(&self, stream: &str) -> Result<StreamSummary, PortError>;
    /// Every shard of the stream (open and closed within retention), following every page.
    async fn list_shards(&self, stream: &str) -> Result<Vec<Shard>, PortError>;
    async fn list_consumers(&self, stream_arn: &str) -> Result<Vec<Consumer>, PortError>;
}

/// CloudWatch metrics.
#[async_trait]
pub trait MetricsPort: Send + Sync {
    /// One series per query, in the order asked; batching and paging are the adapter's job.
    async fn get_metrics(
        &self,
        queries: &[MetricQuery],
        window: MetricWindow,
    ) -> Result<Vec<MetricSeries>, PortError>;

    /// Every metric matching the filter's namespace, name and dimensions, with its full
    /// dimension set (ListMetrics), so metrics with unknown dimensions can be queried.
    async fn list_metrics(&self, filter: &MetricQuery) -> Result<Vec<MetricQuery>, PortError>;
}

/// Read access to Managed Service for Apache Flink (kinesisanalyticsv2).
#[async_trait]
pub trait FlinkPort: Send + Sync {
    /// Every application, following every page.
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError>;
    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError>;
    /// Every version, newest first, following every page.
    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError>;
    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError>;
    /// Every snapshot, newest first.
    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError>;
    /// Every operation, most recent first.
    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError>;
    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError>;
}

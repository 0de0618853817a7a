//! The traits the app needs from an account. AWS and the simulator both implement them.
use crate::domain::{
    Consumer, MetricQuery, MetricSeries, MetricWindow, PortError, Shard, StreamListing,
    StreamSummary,
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
}

//! Gathers the facts a plan is made from, fresh from the account: a stream's shards, limits and
//! peaks for resharding; an application's state, operations, snapshots and code for its actions.
use super::audit::AuditLog;
use super::reshard_plan::{DEFAULT_HEADROOM, ReshardInputs};
use crate::domain::code_object::bucket_name;
use crate::domain::shard::count_open;
use crate::domain::{
    AppDetail, CodeObject, MetricSeries, MetricWindow, OperationSummary, PortError, Snapshot,
    StreamMetric, Timestamp,
};
use crate::ports::{CodePort, FlinkPort, MetricsPort, StreamOpsPort, StreamsPort};

/// Summary, exact open count, account limits, the last 24 h peaks and the scalings of the day.
pub async fn reshard_inputs(
    streams: &dyn StreamsPort,
    metrics: &dyn MetricsPort,
    ops: Option<&dyn StreamOpsPort>,
    audit: Option<&AuditLog>,
    stream: &str,
    now: Timestamp,
) -> Result<ReshardInputs, PortError> {
    let summary = streams.describe_stream_summary(stream).await?;
    let shards = streams.list_shards(stream).await?;
    let limits = match ops {
        Some(ops) => ops
            .describe_limits()
            .await
            .ok()
            .filter(|(limit, _)| *limit > 0),
        None => None,
    };
    let window = MetricWindow {
        start: now - chrono::Duration::hours(24),
        end: now,
        period_secs: 60,
    };
    let queries = [
        StreamMetric::IncomingBytes.query(stream),
        StreamMetric::IncomingRecords.query(stream),
    ];
    let peaks = metrics.get_metrics(&queries, window).await.ok();
    let peak = |i: usize| {
        peaks
            .as_ref()
            .and_then(|p| p.get(i))
            .and_then(MetricSeries::max)
            .map(|per_minute| per_minute / 60.0)
    };
    let scalings = audit.map_or(0, |log| {
        log.scalings_since(stream, now - chrono::Duration::hours(24))
    });
    Ok(ReshardInputs {
        stream: stream.to_string(),
        status: summary.status,
        mode: summary.mode,
        open_shards: count_open(&shards),
        scalings_last_day: scalings,
        account_limit: limits,
        consumers: summary.consumers,
        peak_bytes_per_sec: peak(0),
        peak_records_per_sec: peak(1),
        headroom: DEFAULT_HEADROOM,
    })
}

/// Which S3 facts an application plan needs besides the application's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeQuery {
    /// List the versions of this key (the deploy picker): a key of the application's bucket.
    pub versions_of: Option<String>,
    /// HeadObject of this key and version (the deploy's "the object exists" check).
    pub head: Option<(String, Option<String>)>,
}

/// What an application's actions are planned from, read at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct AppInputs {
    pub detail: AppDetail,
    /// Most recent first.
    pub operations: Vec<OperationSummary>,
    /// Newest first.
    pub snapshots: Vec<Snapshot>,
    /// The versions of the key asked for, newest first, or why they could not be listed.
    pub objects: Option<Result<Vec<CodeObject>, PortError>>,
    /// The object to deploy, or why it cannot be had.
    pub head: Option<Result<CodeObject, PortError>>,
    pub at: Timestamp,
}

impl AppInputs {
    pub fn name(&self) -> &str {
        &self.detail.name
    }
}

/// DescribeApplication, ListApplicationOperations and ListApplicationSnapshots (plus S3 when asked).
pub async fn app_inputs(
    flink: &dyn FlinkPort,
    code: &dyn CodePort,
    app: &str,
    query: &CodeQuery,
    now: Timestamp,
) -> Result<AppInputs, PortError> {
    // Three independent reads: one round trip instead of three.
    let (detail, operations, snapshots) = tokio::try_join!(
        flink.describe_application(app),
        flink.list_operations(app),
        flink.list_snapshots(app)
    )?;
    let bucket = detail
        .code
        .as_ref()
        .map(|c| bucket_name(&c.bucket_arn).to_string());
    let objects = match (&query.versions_of, &bucket) {
        (Some(key), Some(bucket)) => Some(code.list_object_versions(bucket, key).await),
        (Some(_), None) => Some(Err(no_s3_code(app))),
        _ => None,
    };
    let head = match (&query.head, &bucket) {
        (Some((key, version)), Some(bucket)) => {
            Some(code.head_object(bucket, key, version.as_deref()).await)
        }
        (Some(_), None) => Some(Err(no_s3_code(app))),
        _ => None,
    };
    Ok(AppInputs {
        detail,
        operations,
        snapshots,
        objects,
        head,
        at: now,
    })
}

fn no_s3_code(app: &str) -> PortError {
    PortError::InvalidArgument {
        detail: format!("{app} does not run code from S3, so kinetic cannot deploy new code to it"),
    }
}

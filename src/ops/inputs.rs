//! Gathers the facts a plan is made from, fresh from the account: a stream's shards, limits and
//! peaks for resharding; an application's state, operations, snapshots and code for its actions;
//! and for the rollback guide, the version to go back to and the errors logged since the change.
use super::audit::AuditLog;
use super::reshard_plan::{DEFAULT_HEADROOM, ReshardInputs};
use super::rollback_plan::{LogFindings, RollbackFacts, target_version};
use crate::domain::code_object::bucket_name;
use crate::domain::log_event::{LogLevel, LogLine};
use crate::domain::shard::count_open;
use crate::domain::{
    AppDetail, CodeObject, MetricSeries, MetricWindow, OperationSummary, PortError, Snapshot,
    StreamMetric, Timestamp,
};
use crate::ports::{
    CodePort, FlinkPort, LogQuery, LogsPort, MetricsPort, StreamOpsPort, StreamsPort,
};

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
    let scalings = audit
        .map(|log| log.scalings_since(stream, now - chrono::Duration::hours(24)))
        .unwrap_or(0);
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

/// FilterLogEvents pages read at most while counting ERROR lines for the rollback guide.
pub const LOG_PAGES_READ: usize = 10;
/// How far back the guide looks for ERROR lines at most, when the last update is older.
pub const LOG_WINDOW_HOURS: i64 = 6;

/// The rollback guide's facts: the application, its operations and snapshots, the version to go
/// back to, the latest operation described, and the ERROR lines since the last update.
pub async fn rollback_facts(
    flink: &dyn FlinkPort,
    code: &dyn CodePort,
    logs: &dyn LogsPort,
    app: &str,
    now: Timestamp,
) -> Result<RollbackFacts, PortError> {
    let inputs = app_inputs(flink, code, app, &CodeQuery::default(), now).await?;
    // Since the last update: the latest UpdateApplication, else the running version's creation.
    let changed = inputs
        .operations
        .iter()
        .find(|o| o.operation == "UpdateApplication")
        .and_then(|o| o.started)
        .or(inputs.detail.version_created)
        .or(inputs.detail.last_updated);
    let earliest = now - chrono::Duration::hours(LOG_WINDOW_HOURS);
    let since = changed.map_or(earliest, |t| t.max(earliest)) - chrono::Duration::minutes(1);
    // The version, the last operation and the log are independent reads too.
    let target = async {
        match target_version(&inputs.detail) {
            Some(version) => flink.describe_version(app, version).await.map(Some),
            None => Ok(None),
        }
    };
    let last_operation = async {
        match inputs.operations.first() {
            Some(op) => flink.describe_operation(app, &op.id).await.map(Some),
            None => Ok(None),
        }
    };
    let (target, last_operation, log) = tokio::join!(
        target,
        last_operation,
        log_findings(logs, &inputs.detail, since, now)
    );
    let (target, last_operation) = (target?, last_operation?);
    Ok(RollbackFacts {
        inputs,
        target,
        last_operation,
        log,
    })
}

/// ERROR lines in the application's log from `since`, and the first exception among them.
async fn log_findings(
    logs: &dyn LogsPort,
    detail: &AppDetail,
    since: Timestamp,
    now: Timestamp,
) -> LogFindings {
    let mut found = LogFindings {
        since: Some(since),
        ..Default::default()
    };
    let Some((group, stream)) = detail.log_destination() else {
        found.unavailable = Some("the application has no CloudWatch logging configured".into());
        return found;
    };
    let query = LogQuery {
        group,
        stream_prefix: (!stream.is_empty()).then_some(stream),
        pattern: Some("ERROR".into()),
    };
    let mut token = None;
    for page in 0..LOG_PAGES_READ {
        match logs.filter_page(&query, since, Some(now), token).await {
            Ok(events) => {
                for event in &events.events {
                    let line = LogLine::parse(&event.message);
                    if line.level != Some(LogLevel::Error) && !event.message.contains("ERROR") {
                        continue;
                    }
                    found.errors += 1;
                    if found.first_exception.is_empty() && !line.stack.is_empty() {
                        found.first_exception = std::iter::once(line.message.clone())
                            .chain(line.stack.iter().take(4).cloned())
                            .collect();
                        found.first_at = Some(event.timestamp);
                    }
                }
                token = events.next_token;
                if token.is_none() {
                    break;
                }
                found.more = page + 1 == LOG_PAGES_READ;
            }
            Err(error) => {
                found.unavailable = Some(error.to_string());
                break;
            }
        }
    }
    found
}

//! The rollback guide's facts, read at one moment: the application, its operations and snapshots,
//! the version a way back returns to, the latest operation described, and the ERROR lines logged
//! since the last update.
use super::inputs::{AppInputs, CodeQuery, app_inputs};
use crate::domain::log_event::{LogLevel, LogLine};
use crate::domain::{AppDetail, OperationDetail, PortError, Timestamp};
use crate::ports::{CodePort, FlinkPort, LogQuery, LogsPort};

/// What the application's log said since the last update.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogFindings {
    /// The start of the window read (the last update, or an hour back).
    pub since: Option<Timestamp>,
    /// ERROR lines in the window (at most `LOG_EVENTS_READ` are read).
    pub errors: usize,
    /// The count stopped at the limit of events read.
    pub more: bool,
    /// The first exception: its message, then the first lines of its stack trace.
    pub first_exception: Vec<String>,
    pub first_at: Option<Timestamp>,
    /// Why the log could not be read (no CloudWatch logging, access denied), if it could not.
    pub unavailable: Option<String>,
}

/// Everything the guide shows and plans from, read at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct RollbackFacts {
    /// The running version (`inputs.detail`), its operations and snapshots.
    pub inputs: AppInputs,
    /// The version to go back to, described.
    pub target: Option<AppDetail>,
    /// The latest operation, described (status, ErrorString, the rollback it set off).
    pub last_operation: Option<OperationDetail>,
    pub log: LogFindings,
}

/// The version a way back returns to: the one the running version was updated from. None when
/// the running version is itself a rollback, or has no earlier version.
pub fn target_version(running: &AppDetail) -> Option<i64> {
    if running.rolled_back_from.is_some() {
        return None;
    }
    running.updated_from
}

/// FilterLogEvents pages read at most while counting ERROR lines for the rollback guide.
pub const LOG_PAGES_READ: usize = 10;
/// How far back the guide looks for ERROR lines at most, when the last update is older.
pub const LOG_WINDOW_HOURS: i64 = 6;

/// The rollback guide's facts: the application, its operations and snapshots, the version to go
/// back to, the latest operation described, and the ERROR lines since the last update.
/// Without `logs` the ERROR lines are not read (the caller keeps the findings it has).
pub async fn read(
    flink: &dyn FlinkPort,
    code: &dyn CodePort,
    logs: Option<&dyn LogsPort>,
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
    let log = async {
        match logs {
            Some(logs) => log_findings(logs, &inputs.detail, since, now).await,
            None => LogFindings::default(),
        }
    };
    let (target, last_operation, log) = tokio::join!(target, last_operation, log);
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

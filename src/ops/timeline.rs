//! The incident timeline of an application, for the post-incident review: AWS's operations on it
//! and kinetic's audit records for it (calls, outcomes, health gates, the way back taken), in time
//! order, as Markdown.
use super::audit::AuditLog;
use crate::domain::flink::operation_label;
use crate::domain::{OperationDetail, PortError, Timestamp};
use crate::ports::FlinkPort;

/// How far back the timeline reaches.
pub const DAYS: i64 = 7;
/// Failed operations described (for their error strings) at most.
pub const DESCRIBED: usize = 10;

/// One row of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: Timestamp,
    pub source: String,
    pub what: String,
}

/// AWS's operations (failed ones described) and the audit log's records for `app`.
pub async fn gather(
    flink: &dyn FlinkPort,
    audit: Option<&AuditLog>,
    app: &str,
    now: Timestamp,
) -> Result<(Vec<OperationDetail>, Vec<serde_json::Value>), PortError> {
    let since = now - chrono::Duration::days(DAYS);
    // A self-managed job's operations are kinetic's own deployments: the audit log tells them,
    // with what following them saw.
    let summaries = if crate::domain::flink_cluster::split(app).is_some() {
        Vec::new()
    } else {
        flink.list_operations(app).await?
    };
    let mut operations = Vec::new();
    let mut described = 0;
    for summary in summaries
        .into_iter()
        .filter(|o| o.started.is_none_or(|t| t >= since))
    {
        let failed = summary.status == crate::domain::OperationStatus::Failed;
        if failed && described < DESCRIBED {
            described += 1;
            operations.push(flink.describe_operation(app, &summary.id).await?);
        } else {
            operations.push(OperationDetail {
                summary,
                updated_from: None,
                updated_to: None,
                rollback_operation_id: None,
                error: None,
            });
        }
    }
    let records = audit
        .map(|log| log.records_for("application", app, since))
        .unwrap_or_default();
    Ok((operations, records))
}

fn stamp(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The rows, oldest first: an operation's start and end, and every audit record.
pub fn entries(operations: &[OperationDetail], audit: &[serde_json::Value]) -> Vec<Entry> {
    let mut rows = Vec::new();
    for op in operations {
        let s = &op.summary;
        let versions = match (op.updated_from, op.updated_to) {
            (Some(from), Some(to)) => format!(", version {from} → {to}"),
            _ => String::new(),
        };
        if let Some(started) = s.started {
            rows.push(Entry {
                at: started,
                source: format!("AWS {}", s.id),
                what: format!("{} started{versions}", operation_label(&s.operation)),
            });
        }
        if let Some(ended) = s.ended {
            let mut what = format!("{} {}", operation_label(&s.operation), s.status.as_str());
            if let Some(error) = &op.error {
                what.push_str(&format!(": {error}"));
            }
            if let Some(rollback) = &op.rollback_operation_id {
                what.push_str(&format!(" (the service rolled it back: {rollback})"));
            }
            rows.push(Entry {
                at: ended,
                source: format!("AWS {}", s.id),
                what,
            });
        }
    }
    for record in audit {
        let Some(at) = record["time"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
        else {
            continue;
        };
        let text = |key: &str| record[key].as_str().unwrap_or_default().to_string();
        let mut what = match text("phase").as_str() {
            "gate" => format!("health gate {} after {}", text("result"), text("action")),
            "outcome" => format!("{} {} (as followed)", text("action"), text("result")),
            _ => format!("{} {}", text("action"), text("result")),
        };
        if let Some(id) = record["operation_id"].as_str() {
            what.push_str(&format!(", operation {id}"));
        }
        if let Some(reason) = record["reason"].as_str() {
            what.push_str(&format!(" — reason: {reason}"));
        }
        if let Some(error) = record["error"].as_str() {
            what.push_str(&format!(" — {error}"));
        }
        let user = record["user"].as_str().unwrap_or("unknown user");
        rows.push(Entry {
            at,
            source: format!("kinetic ({user})"),
            what,
        });
    }
    rows.sort_by_key(|e| e.at);
    rows
}

/// The Markdown file: a heading, when it was written, and the rows in a table.
pub fn render(app: &str, written: Timestamp, rows: &[Entry]) -> String {
    let from = if crate::domain::flink_cluster::split(app).is_some() {
        format!("kinetic's audit log of its changes to {app} on its Flink cluster")
    } else {
        format!("AWS's operations on {app} and kinetic's audit log")
    };
    let mut text = format!(
        "# Incident timeline: {app}\n\nWritten by kinetic at {} UTC from {from} (the last {DAYS} days).\n\n| time (UTC) | source | what |\n|---|---|---|\n",
        stamp(written)
    );
    for row in rows {
        let what = row.what.replace('|', "\\|").replace('\n', " ");
        text.push_str(&format!(
            "| {} | {} | {what} |\n",
            stamp(row.at),
            row.source
        ));
    }
    if rows.is_empty() {
        text.push_str("| — | — | nothing recorded in this window |\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;
    use crate::domain::{OperationStatus, OperationSummary};

    #[test]
    fn operations_and_audit_records_interleave_in_time_order() {
        let t = |s: i64| from_epoch_secs(1_800_000_000 + s);
        let failed = OperationDetail {
            summary: OperationSummary {
                id: "op-1".into(),
                operation: "UpdateApplication".into(),
                status: OperationStatus::Failed,
                started: Some(t(0)),
                ended: Some(t(90)),
            },
            updated_from: Some(4),
            updated_to: Some(5),
            rollback_operation_id: Some("op-2".into()),
            error: Some("ClassNotFoundException | boom".into()),
        };
        let audit = vec![
            serde_json::json!({"time": "2027-01-15T08:02:00.000Z", "user": "ana", "action": "RollbackApplication", "phase": "call", "result": "accepted", "operation_id": "op-3", "reason": "INC-7"}),
            serde_json::json!({"time": "2027-01-15T08:09:00.000Z", "user": "ana", "action": "RollbackApplication", "phase": "gate", "result": "passed"}),
        ];
        let rows = entries(&[failed], &audit);
        assert_eq!(rows.len(), 4);
        assert!(rows[1].what.contains("FAILED: ClassNotFoundException"));
        assert!(rows[1].what.contains("the service rolled it back: op-2"));
        assert!(rows[2].what.contains("reason: INC-7") && rows[2].source.contains("ana"));
        assert_eq!(rows[3].what, "health gate passed after RollbackApplication");
        let markdown = render("orders", t(600), &rows);
        assert!(markdown.starts_with("# Incident timeline: orders"));
        assert!(
            markdown.contains("\\| boom"),
            "pipes are escaped: {markdown}"
        );
        assert_eq!(
            markdown.lines().filter(|l| l.starts_with("| 20")).count(),
            4
        );
    }
}

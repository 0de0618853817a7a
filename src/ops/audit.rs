//! The audit log: JSON lines for every change, written before its call, with the call's answer,
//! and with the outcome that following it saw (and its health gate).
use super::plan::Resource;
use crate::domain::{PortError, Timestamp};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Who acts where; the same on every record of a session.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct AuditContext {
    pub user: Option<String>,
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
}

/// Which part of a change a record tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the call ("started") and with its answer ("accepted" or "refused").
    Call,
    /// What following the change saw at its end ("succeeded", "failed", "cancelled").
    Outcome,
    /// The health gate after a change to a running application ("passed", "failed",
    /// "interrupted").
    Gate,
}

/// What a record says about one change; the log adds the time and who acted where.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditEntry {
    /// "stream" or "application".
    pub resource_kind: String,
    pub resource: String,
    pub action: String,
    pub inputs: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Why, in the operator's words (typed in the confirm dialog).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub phase: Phase,
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AuditEntry {
    /// The "started" entry of `action` on `resource`, written before its call is sent.
    pub fn started(
        resource: &Resource,
        action: &str,
        inputs: serde_json::Value,
        reason: Option<String>,
    ) -> Self {
        Self {
            resource_kind: resource.kind().to_string(),
            resource: resource.name().to_string(),
            action: action.to_string(),
            inputs,
            operation_id: None,
            reason,
            phase: Phase::Call,
            result: "started".into(),
            error: None,
        }
    }

    /// The same change at a later phase.
    pub fn then(&self, phase: Phase, result: &str, error: Option<String>) -> Self {
        Self {
            phase,
            result: result.to_string(),
            error,
            ..self.clone()
        }
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditRecord {
    pub time: String,
    #[serde(flatten)]
    pub context: AuditContext,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    /// The caller's identity once STS has answered (asked in the background at start).
    caller: std::sync::Arc<std::sync::OnceLock<String>>,
}

impl AuditLog {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            caller: std::sync::Arc::default(),
        }
    }

    /// Records who is acting, for every record from now on that names no user.
    pub fn set_caller(&self, arn: String) {
        let _ = self.caller.set(arn);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and flushes it to disk, so a crash mid-call still leaves the record.
    pub fn append(&self, record: &AuditRecord) -> std::io::Result<()> {
        let mut record = record.clone();
        if record.context.user.is_none() {
            record.context.user = self.caller.get().cloned();
        }
        super::json_lines::append(&self.path, &record)
    }

    /// Every record written at or after `since`, oldest first; unreadable lines are skipped.
    fn records_since(&self, since: Timestamp) -> Vec<serde_json::Value> {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Vec::new();
        };
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|r| {
                r["time"]
                    .as_str()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .is_some_and(|t| t.with_timezone(&chrono::Utc) >= since)
            })
            .collect()
    }

    /// The records about one resource since `since`, oldest first (for the incident timeline).
    pub fn records_for(&self, kind: &str, name: &str, since: Timestamp) -> Vec<serde_json::Value> {
        self.records_since(since)
            .into_iter()
            .filter(|r| r["resource_kind"] == kind && r["resource"] == name)
            .collect()
    }

    /// UpdateShardCount calls on `stream` that AWS accepted since `since` (for the 10-a-day rule).
    /// Records written before changes were followed to their end carry `stream` and
    /// "succeeded" for an accepted call; they still count.
    pub fn scalings_since(&self, stream: &str, since: Timestamp) -> u32 {
        self.records_since(since)
            .iter()
            .filter(|r| {
                let accepted = match r["phase"].as_str() {
                    Some("call") => r["result"] == "accepted",
                    Some(_) => false,
                    None => r["result"] == "succeeded",
                };
                let on_stream = r["stream"] == stream
                    || (r["resource_kind"] == "stream" && r["resource"] == stream);
                r["action"] == "UpdateShardCount" && on_stream && accepted
            })
            .count() as u32
    }
}

/// The audit log and who acts where: writes entries as records.
#[derive(Debug, Clone)]
pub struct Auditor {
    pub log: AuditLog,
    pub context: AuditContext,
}

impl Auditor {
    pub fn new(log: AuditLog, context: AuditContext) -> Self {
        Self { log, context }
    }

    /// Writes `entry` stamped `at`; a failure is a sentence that says the log could not be written.
    pub fn write(&self, at: Timestamp, entry: &AuditEntry) -> Result<(), PortError> {
        let record = AuditRecord {
            time: at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            context: self.context.clone(),
            entry: entry.clone(),
        };
        self.log.append(&record).map_err(|e| PortError::Service {
            api: "the audit log".into(),
            detail: format!("cannot write {}: {e}", self.log.path().display()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn stream(name: &str) -> Resource {
        Resource::Stream(name.into())
    }

    #[test]
    fn records_are_json_lines_and_accepted_scalings_are_counted_per_stream_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let auditor = Auditor::new(
            AuditLog::new(dir.path().join("state/audit.jsonl")),
            AuditContext {
                user: Some("arn:aws:sts::1:assumed-role/oncall/ana".into()),
                profile: Some("prod".into()),
                region: "eu-west-1".into(),
                endpoint: None,
            },
        );
        let now = from_epoch_secs(1_800_000_000);
        for (hours_ago, name, phase, result) in [
            (30, "orders", Phase::Call, "accepted"),
            (2, "orders", Phase::Call, "started"),
            (2, "orders", Phase::Call, "accepted"),
            (2, "orders", Phase::Outcome, "succeeded"),
            (1, "orders", Phase::Call, "refused"),
            (1, "other", Phase::Call, "accepted"),
        ] {
            let started = AuditEntry::started(
                &stream(name),
                "UpdateShardCount",
                serde_json::json!({"target": 8}),
                Some("hot shard".into()),
            );
            auditor
                .write(
                    now - chrono::Duration::hours(hours_ago),
                    &started.then(phase, result, None),
                )
                .unwrap();
        }
        assert_eq!(
            auditor
                .log
                .scalings_since("orders", now - chrono::Duration::hours(24)),
            1,
            "the accepted call counts once, its outcome does not count again"
        );
        let text = std::fs::read_to_string(auditor.log.path()).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["profile"], "prod");
        assert_eq!(first["resource_kind"], "stream");
        assert_eq!(first["resource"], "orders");
        assert_eq!(first["reason"], "hot shard");
        assert_eq!(first["phase"], "call");
        assert_eq!(first["inputs"]["target"], 8);
        assert_eq!(first["user"], "arn:aws:sts::1:assumed-role/oncall/ana");
    }

    #[test]
    fn records_from_before_operations_were_followed_still_count() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        let now = from_epoch_secs(1_800_000_000);
        let line = r#"{"time":"2027-01-15T07:00:00.000Z","region":"eu-west-1","action":"UpdateShardCount","stream":"orders","inputs":{},"result":"succeeded"}"#;
        std::fs::write(log.path(), format!("{line}\n")).unwrap();
        assert_eq!(
            log.scalings_since("orders", now - chrono::Duration::hours(24)),
            1
        );
    }

    #[test]
    fn the_caller_fills_records_that_name_no_user_once_known() {
        let dir = tempfile::tempdir().unwrap();
        let auditor = Auditor::new(
            AuditLog::new(dir.path().join("audit.jsonl")),
            AuditContext {
                region: "eu-west-1".into(),
                ..Default::default()
            },
        );
        let entry = AuditEntry::started(&stream("s"), "SplitShard", serde_json::json!({}), None);
        auditor.write(from_epoch_secs(1), &entry).unwrap();
        auditor.log.set_caller("arn:aws:iam::1:user/ana".into());
        auditor.write(from_epoch_secs(2), &entry).unwrap();
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(auditor.log.path())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(lines[0]["user"].is_null(), "unknown before STS answers");
        assert!(lines[0].get("reason").is_none(), "no reason, no field");
        assert_eq!(lines[1]["user"], "arn:aws:iam::1:user/ana");
    }

    #[test]
    fn a_log_that_cannot_be_written_is_a_sentence() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: the append fails.
        let auditor = Auditor::new(
            AuditLog::new(dir.path().to_path_buf()),
            AuditContext::default(),
        );
        let entry = AuditEntry::started(&stream("s"), "SplitShard", serde_json::json!({}), None);
        let error = auditor.write(from_epoch_secs(1), &entry).unwrap_err();
        assert!(error.to_string().contains("cannot write"), "{error}");
    }
}

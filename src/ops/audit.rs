//! The audit log: one JSON line per executed call, written before it is sent and after it answers.
use crate::domain::Timestamp;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who acts where; the same on every record of a session.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct AuditContext {
    pub user: Option<String>,
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditRecord {
    pub time: String,
    #[serde(flatten)]
    pub context: AuditContext,
    pub action: String,
    pub stream: String,
    pub inputs: serde_json::Value,
    /// "started" before the call, "succeeded" or "failed" after it.
    pub result: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AuditRecord {
    pub fn new(
        context: &AuditContext,
        at: Timestamp,
        action: &str,
        stream: &str,
        inputs: serde_json::Value,
    ) -> Self {
        Self {
            time: at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            context: context.clone(),
            action: action.to_string(),
            stream: stream.to_string(),
            inputs,
            result: "started".into(),
            error: None,
        }
    }
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
            caller: Default::default(),
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
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        let mut record = record.clone();
        if record.context.user.is_none() {
            record.context.user = self.caller.get().cloned();
        }
        let line = serde_json::to_string(&record).map_err(std::io::Error::other)?;
        writeln!(file, "{line}")?;
        file.sync_data()
    }

    /// Successful UpdateShardCount calls on `stream` since `since` (for the 10-a-day rule).
    pub fn scalings_since(&self, stream: &str, since: Timestamp) -> u32 {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return 0;
        };
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|r| {
                r["action"] == "UpdateShardCount"
                    && r["stream"] == stream
                    && r["result"] == "succeeded"
                    && r["time"]
                        .as_str()
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                        .is_some_and(|t| t.with_timezone(&chrono::Utc) >= since)
            })
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    #[test]
    fn records_are_json_lines_and_scalings_are_counted_per_stream_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("state/audit.jsonl"));
        let context = AuditContext {
            user: Some("arn:aws:sts::1:assumed-role/oncall/ana".into()),
            profile: Some("prod".into()),
            region: "eu-west-1".into(),
            endpoint: None,
        };
        let now = from_epoch_secs(1_800_000_000);
        for (hours_ago, stream, result) in [
            (30, "orders", "succeeded"),
            (2, "orders", "started"),
            (2, "orders", "succeeded"),
            (1, "orders", "failed"),
            (1, "other", "succeeded"),
        ] {
            let mut record = AuditRecord::new(
                &context,
                now - chrono::Duration::hours(hours_ago),
                "UpdateShardCount",
                stream,
                serde_json::json!({"target": 8}),
            );
            record.result = result.into();
            log.append(&record).unwrap();
        }
        assert_eq!(
            log.scalings_since("orders", now - chrono::Duration::hours(24)),
            1
        );
        let text = std::fs::read_to_string(log.path()).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["profile"], "prod");
        assert_eq!(first["inputs"]["target"], 8);
        assert_eq!(first["user"], "arn:aws:sts::1:assumed-role/oncall/ana");
    }

    #[test]
    fn the_caller_fills_records_that_name_no_user_once_known() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::new(dir.path().join("audit.jsonl"));
        let context = AuditContext {
            region: "eu-west-1".into(),
            ..Default::default()
        };
        let record = AuditRecord::new(
            &context,
            from_epoch_secs(1),
            "SplitShard",
            "s",
            serde_json::json!({}),
        );
        log.append(&record).unwrap();
        log.clone().set_caller("arn:aws:iam::1:user/ana".into());
        log.append(&record).unwrap();
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(log.path())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert!(lines[0]["user"].is_null(), "unknown before STS answers");
        assert_eq!(lines[1]["user"], "arn:aws:iam::1:user/ana");
    }
}

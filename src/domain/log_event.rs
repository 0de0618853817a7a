//! A CloudWatch Logs event and how the console reads it: level, logger, message, folded stack trace.
use super::Timestamp;

/// One log event as CloudWatch delivers it (FilterLogEvents or a live-tail update).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    pub timestamp: Timestamp,
    pub log_stream: String,
    pub message: String,
}

/// Identifies an event across polling pages and live-tail updates. Live tail carries no
/// event id, so the key is the stream, the millisecond and the text: two identical lines in
/// the same stream in the same millisecond count as one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventKey {
    pub millis: i64,
    pub log_stream: String,
    pub message_hash: u64,
}

impl LogEvent {
    pub fn key(&self) -> EventKey {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.message.hash(&mut hasher);
        EventKey {
            millis: self.timestamp.timestamp_millis(),
            log_stream: self.log_stream.clone(),
            message_hash: hasher.finish(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "ERROR" | "FATAL" | "SEVERE" => Some(Self::Error),
            "WARN" | "WARNING" => Some(Self::Warn),
            "INFO" => Some(Self::Info),
            "DEBUG" => Some(Self::Debug),
            "TRACE" => Some(Self::Trace),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Error => "ERROR",
            Self::Warn => "WARN",
            Self::Info => "INFO",
            Self::Debug => "DEBUG",
            Self::Trace => "TRACE",
        }
    }
}

/// An event read for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub level: Option<LogLevel>,
    pub logger: Option<String>,
    pub message: String,
    /// Stack trace lines (first line is the exception), folded to one line until expanded.
    pub stack: Vec<String>,
}

impl LogLine {
    /// Reads Managed Flink's JSON lines (messageType, logger, message, throwableInformation)
    /// and falls back to plain text with a level word in it.
    pub fn parse(message: &str) -> Self {
        let trimmed = message.trim_end();
        if trimmed.starts_with('{')
            && let Ok(serde_json::Value::Object(json)) =
                serde_json::from_str::<serde_json::Value>(trimmed)
        {
            let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_string);
            let level = text("messageType")
                .or_else(|| text("level"))
                .and_then(|l| LogLevel::parse(&l));
            let stack = match json
                .get("throwableInformation")
                .or_else(|| json.get("stackTrace"))
            {
                Some(serde_json::Value::String(s)) => s.lines().map(str::to_string).collect(),
                Some(serde_json::Value::Array(lines)) => lines
                    .iter()
                    .filter_map(|l| l.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            return Self {
                level,
                logger: text("logger").or_else(|| text("loggerName")),
                message: text("message").unwrap_or_else(|| trimmed.to_string()),
                stack,
            };
        }
        let mut lines = trimmed.lines();
        let first = lines.next().unwrap_or_default().to_string();
        let level = first
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| !word.is_empty())
            .take(6)
            .find_map(LogLevel::parse);
        Self {
            level,
            logger: None,
            message: first,
            stack: lines.map(str::to_string).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_managed_flink_json_with_a_stack_trace() {
        let line = LogLine::parse(
            r#"{"locationInformation":"org.apache.flink.runtime.taskmanager.Task.transitionState(Task.java:1080)","logger":"org.apache.flink.runtime.taskmanager.Task","message":"Source: orders -> Map (1/4) switched from RUNNING to FAILED.","throwableInformation":"java.lang.NullPointerException: null\n\tat com.acme.Enricher.map(Enricher.java:42)\n\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)","threadName":"Map (1/4)","applicationARN":"arn","applicationVersionId":"5","messageSchemaVersion":"1","messageType":"WARN"}"#,
        );
        assert_eq!(line.level, Some(LogLevel::Warn));
        assert_eq!(
            line.logger.as_deref(),
            Some("org.apache.flink.runtime.taskmanager.Task")
        );
        assert!(line.message.starts_with("Source: orders"));
        assert_eq!(line.stack.len(), 3);
        assert!(line.stack[0].starts_with("java.lang.NullPointerException"));
    }

    #[test]
    fn reads_plain_text_levels_and_trailing_stack_lines() {
        let line = LogLine::parse(
            "2026-11-21 12:00:01,123 ERROR Checkpoint 42 failed\njava.io.IOException: disk\n\tat x.y(Z.java:1)",
        );
        assert_eq!(line.level, Some(LogLevel::Error));
        assert_eq!(line.stack.len(), 2);
        assert_eq!(LogLine::parse("just words").level, None);
    }

    #[test]
    fn broken_json_is_plain_text() {
        let line = LogLine::parse("{\"message\": oops");
        assert_eq!(line.message, "{\"message\": oops");
    }
}

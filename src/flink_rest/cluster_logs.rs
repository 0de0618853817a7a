//! A self-managed cluster's job manager and task manager logs, read over its REST API as if they were a CloudWatch log group (`flink-rest://CLUSTER`): lines split into events (a stack trace stays with its line), filtered by time and by the pattern's terms; every other group goes to CloudWatch Logs.
use super::client::FlinkRest;
use crate::domain::log_event::LogEvent;
use crate::domain::{PortError, Timestamp};
use crate::ports::{LiveTailEvent, LogPage, LogQuery, LogsPort};
use async_trait::async_trait;
use std::sync::Arc;

/// The log group a cluster's logs are read as.
pub const GROUP_PREFIX: &str = "flink-rest://";

/// The log "stream ARN" a self-managed job's description carries, so that `l` opens its
/// cluster's logs the way it opens a Managed Flink application's.
pub fn log_arn(cluster: &str) -> String {
    format!("flink-rest:log-group:{GROUP_PREFIX}{cluster}")
}

/// Events of one log file: a line that starts with Flink's log4j time
/// (`2026-12-06 10:22:01,234`) begins one, the lines after it (a stack trace) belong to it.
/// The time is read as UTC: Flink's containers log in UTC unless told otherwise.
pub fn parse(text: &str, stream: &str) -> Vec<LogEvent> {
    let mut events: Vec<LogEvent> = Vec::new();
    for line in text.lines() {
        let stamp = line
            .get(..23)
            .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S,%3f").ok());
        match (stamp, events.last_mut()) {
            (Some(at), _) => events.push(LogEvent {
                timestamp: at.and_utc(),
                log_stream: stream.to_string(),
                message: line.to_string(),
            }),
            (None, Some(last)) => {
                last.message.push('\n');
                last.message.push_str(line);
            }
            (None, None) => {}
        }
    }
    events
}

/// A CloudWatch filter pattern's plain form: every term (a word, or a "quoted phrase") must be
/// in the event, `-term` must not. JSON and metric patterns match nothing here.
pub fn matches(pattern: Option<&str>, message: &str) -> bool {
    let Some(pattern) = pattern.map(str::trim).filter(|p| !p.is_empty()) else {
        return true;
    };
    if pattern.starts_with('{') || pattern.starts_with('[') {
        return false;
    }
    let mut terms: Vec<String> = Vec::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let negated = rest.starts_with("-\"") || rest.starts_with('-');
        let body = rest.strip_prefix('-').unwrap_or(rest);
        let (term, after) = if let Some(quoted) = body.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            (&body[..end], &body[end..])
        };
        if !term.is_empty() {
            terms.push(if negated {
                format!("-{term}")
            } else {
                term.to_string()
            });
        }
        rest = after;
    }
    terms.iter().all(|t| match t.strip_prefix('-') {
        Some(excluded) => !message.contains(excluded),
        None => message.contains(t.as_str()),
    })
}

/// CloudWatch Logs with the clusters' logs beside it.
pub struct WithClusterLogs {
    cloudwatch: Arc<dyn LogsPort>,
    clusters: Vec<Arc<FlinkRest>>,
}

impl WithClusterLogs {
    /// Over the clusters' clients of `WithClusters::clients`.
    pub fn new(cloudwatch: Arc<dyn LogsPort>, clusters: Vec<Arc<FlinkRest>>) -> Self {
        Self {
            cloudwatch,
            clusters,
        }
    }

    fn cluster(&self, group: &str) -> Option<Result<&FlinkRest, PortError>> {
        let name = group.strip_prefix(GROUP_PREFIX)?;
        Some(super::client::find_cluster(&self.clusters, name))
    }
}

#[async_trait]
impl LogsPort for WithClusterLogs {
    async fn filter_page(
        &self,
        query: &LogQuery,
        start: Timestamp,
        end: Option<Timestamp>,
        next_token: Option<String>,
    ) -> Result<LogPage, PortError> {
        let Some(rest) = self.cluster(&query.group) else {
            return self
                .cloudwatch
                .filter_page(query, start, end, next_token)
                .await;
        };
        let rest = rest?;
        // The whole files each time: Flink serves no part of one.
        let mut streams = vec!["jobmanager".to_string()];
        streams.extend(rest.task_manager_ids().await?);
        let mut events = Vec::new();
        for stream in streams {
            if query
                .stream_prefix
                .as_deref()
                .is_some_and(|p| !stream.starts_with(p))
            {
                continue;
            }
            let text = rest.log(&stream).await?;
            events.extend(parse(&text, &stream).into_iter().filter(|e| {
                e.timestamp >= start
                    && end.is_none_or(|end| e.timestamp <= end)
                    && matches(query.pattern.as_deref(), &e.message)
            }));
        }
        events.sort_by_key(|e| e.timestamp);
        Ok(LogPage {
            events,
            next_token: None,
        })
    }

    fn live_tail_available(&self) -> bool {
        self.cloudwatch.live_tail_available()
    }

    async fn live_tail(
        &self,
        query: &LogQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<LiveTailEvent>, PortError> {
        if query.group.starts_with(GROUP_PREFIX) {
            return Err(PortError::Unavailable {
                what: "a live tail of a self-managed cluster's logs".to_string(),
                why: "Flink's REST API serves whole log files; kinetic polls them".to_string(),
            });
        }
        self.cloudwatch.live_tail(query).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_trace_stays_with_its_line_and_lines_before_the_first_stamp_are_dropped() {
        let text = "preamble\n2026-12-06 10:22:01,234 INFO  org.apache.flink.X [] - started\n2026-12-06 10:22:02,500 ERROR org.apache.flink.Y [] - failed\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n";
        let events = parse(text, "jobmanager");
        assert_eq!(events.len(), 2);
        assert_eq!(
            events[1].timestamp.to_rfc3339(),
            "2026-12-06T10:22:02.500+00:00"
        );
        assert!(events[1].message.ends_with("\tat a.B.c(B.java:1)"));
        assert_eq!(events[0].log_stream, "jobmanager");
    }

    #[test]
    fn pattern_terms_must_all_be_there_and_excluded_ones_not() {
        let line = "2026-12-06 10:22:02,500 ERROR org.apache.flink.Y [] - has no currency";
        assert!(matches(None, line));
        assert!(matches(Some("ERROR"), line));
        assert!(matches(Some("ERROR \"no currency\""), line));
        assert!(!matches(Some("ERROR -currency"), line));
        assert!(!matches(Some("WARN"), line));
        assert!(!matches(Some("{ $.level = \"ERROR\" }"), line));
    }

    #[test]
    fn the_log_arn_reads_back_as_the_cluster_s_group() {
        let detail = crate::domain::AppDetail {
            log_stream_arns: vec![log_arn("prod-flink")],
            ..crate::sim::apps::build(chrono::Utc::now())
                .remove(0)
                .current()
                .clone()
        };
        assert_eq!(
            detail.log_destination(),
            Some(("flink-rest://prod-flink".to_string(), String::new()))
        );
    }
}

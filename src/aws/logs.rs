//! `LogsPort` over CloudWatch Logs: FilterLogEvents paced at 2 calls/s, StartLiveTail's event stream.
use super::error::Endpoint;
use super::quotas;
use super::rate_limiter::RateLimiter;
use crate::domain::log_event::LogEvent;
use crate::domain::time::from_epoch_millis;
use crate::domain::{PortError, Timestamp};
use crate::ports::{LiveTailEvent, LogPage, LogQuery, LogsPort};
use async_trait::async_trait;
use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use std::sync::Arc;
use tokio::sync::mpsc;

/// Live-tail updates buffered between the SDK stream and the console.
const LIVE_BUFFER: usize = 64;

pub struct AwsLogs {
    client: Client,
    endpoint: Endpoint,
    limiter: Arc<RateLimiter>,
    /// With a custom endpoint the SDK's `stream-` host prefix breaks StartLiveTail
    /// (`stream-localhost`), and the SDK has no switch to turn the prefix off.
    live_tail: bool,
}

impl AwsLogs {
    pub fn new(client: Client, custom_endpoint: bool) -> Self {
        Self {
            endpoint: Endpoint::aws("logs", client.config().region()),
            client,
            limiter: Arc::new(RateLimiter::new(quotas::FILTER_LOG_EVENTS)),
            live_tail: !custom_endpoint,
        }
    }

    /// Its limiter, to be shared with other contexts of the same account and region.
    pub fn limiters(&self) -> Vec<Arc<RateLimiter>> {
        vec![Arc::clone(&self.limiter)]
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }

    /// StartLiveTail wants log group ARNs; a name is resolved with DescribeLogGroups.
    async fn group_arn(&self, group: &str) -> Result<String, PortError> {
        if group.starts_with("arn:") {
            return Ok(group.trim_end_matches(":*").to_string());
        }
        let output = self
            .client
            .describe_log_groups()
            .log_group_name_prefix(group)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeLogGroups", &format!("log group {group}"), e)
            })?;
        output
            .log_groups()
            .iter()
            .find(|g| g.log_group_name() == Some(group))
            .and_then(|g| g.log_group_arn().or(g.arn()))
            .map(|arn| arn.trim_end_matches(":*").to_string())
            .ok_or_else(|| PortError::NotFound {
                resource: format!("log group {group}"),
            })
    }
}

#[async_trait]
impl LogsPort for AwsLogs {
    async fn filter_page(
        &self,
        query: &LogQuery,
        start: Timestamp,
        end: Option<Timestamp>,
        next_token: Option<String>,
    ) -> Result<LogPage, PortError> {
        self.limiter.acquire().await;
        let page = self
            .client
            .filter_log_events()
            .log_group_name(&query.group)
            .set_log_stream_name_prefix(query.stream_prefix.clone())
            .set_filter_pattern(query.pattern.clone())
            .start_time(start.timestamp_millis())
            .set_end_time(end.map(|e| e.timestamp_millis()))
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("FilterLogEvents", &format!("log group {}", query.group), e)
            })?;
        Ok(LogPage {
            events: page
                .events()
                .iter()
                .map(|e| LogEvent {
                    timestamp: from_epoch_millis(e.timestamp().unwrap_or_default()),
                    log_stream: e.log_stream_name().unwrap_or_default().to_string(),
                    message: e.message().unwrap_or_default().to_string(),
                })
                .collect(),
            next_token: page.next_token().map(str::to_string),
        })
    }

    fn live_tail_available(&self) -> bool {
        self.live_tail
    }

    async fn live_tail(
        &self,
        query: &LogQuery,
    ) -> Result<mpsc::Receiver<LiveTailEvent>, PortError> {
        if !self.live_tail {
            return Err(PortError::InvalidArgument {
                detail: "live tail does not work through a custom endpoint".into(),
            });
        }
        let arn = self.group_arn(&query.group).await?;
        let mut output = self
            .client
            .start_live_tail()
            .log_group_identifiers(arn)
            .set_log_stream_name_prefixes(query.stream_prefix.clone().map(|p| vec![p]))
            .set_log_event_filter_pattern(query.pattern.clone())
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("StartLiveTail", &format!("log group {}", query.group), e)
            })?;
        let (tx, rx) = mpsc::channel(LIVE_BUFFER);
        tokio::spawn(async move {
            loop {
                let event = match output.response_stream.recv().await {
                    Ok(Some(StartLiveTailResponseStream::SessionStart(_))) => {
                        LiveTailEvent::Started
                    }
                    Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                        LiveTailEvent::Update {
                            sampled: update.session_metadata().is_some_and(
                                aws_sdk_cloudwatchlogs::types::LiveTailSessionMetadata::sampled,
                            ),
                            events: update
                                .session_results()
                                .iter()
                                .map(|e| LogEvent {
                                    timestamp: from_epoch_millis(e.timestamp().unwrap_or_default()),
                                    log_stream: e.log_stream_name().unwrap_or_default().to_string(),
                                    message: e.message().unwrap_or_default().to_string(),
                                })
                                .collect(),
                        }
                    }
                    Ok(Some(_)) => continue,
                    Ok(None) => LiveTailEvent::Ended {
                        reason: "the live tail session ended".into(),
                    },
                    Err(e) => LiveTailEvent::Ended {
                        reason: format!(
                            "the live tail session broke: {}",
                            first_line(&super::error::chain(&e))
                        ),
                    },
                };
                let ended = matches!(event, LiveTailEvent::Ended { .. });
                // A closed receiver means the log view went away: stop reading.
                if tx.send(event).await.is_err() || ended {
                    break;
                }
            }
        });
        Ok(rx)
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

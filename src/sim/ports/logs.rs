//! LogsPort over the simulated account: the applications' logs, paged and live.
use super::super::SimAccount;
use super::super::application::SimApp;
use super::super::calls::CallCounts;
use super::super::logs;
use crate::domain::PortError;
use crate::ports::LiveTailEvent;
use crate::ports::LogPage;
use crate::ports::LogQuery;
use crate::ports::LogsPort;
use async_trait::async_trait;
use std::time::Duration;

/// FilterLogEvents returns at most this many events a page.
const LOG_PAGE: usize = 1_000;

impl SimAccount {
    fn app_for_group(&self, group: &str) -> Result<SimApp, PortError> {
        self.apps()
            .iter()
            .find(|a| logs::group_of(&a.current().name) == group)
            .cloned()
            .ok_or_else(|| PortError::NotFound {
                resource: format!("log group {group}"),
            })
    }
}

/// Applies the query's stream prefix and (simple, substring) filter pattern.
fn matches_query(query: &LogQuery, event: &crate::domain::log_event::LogEvent) -> bool {
    query
        .stream_prefix
        .as_ref()
        .is_none_or(|p| event.log_stream.starts_with(p.as_str()))
        && query.pattern.as_ref().is_none_or(|p| {
            p.trim_matches('"')
                .split_whitespace()
                .all(|term| event.message.contains(term))
        })
}

#[async_trait]
impl LogsPort for SimAccount {
    async fn filter_page(
        &self,
        query: &LogQuery,
        start: crate::domain::Timestamp,
        end: Option<crate::domain::Timestamp>,
        next_token: Option<String>,
    ) -> Result<LogPage, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.filter_log_events, 1);
        self.check_throttle("FilterLogEvents")?;
        let app = self.app_for_group(&query.group)?;
        let end = end.unwrap_or_else(|| self.inner.clock.now());
        // The token is the millisecond to continue from, as AWS's is opaque to callers.
        let from = next_token
            .and_then(|t| t.parse::<i64>().ok())
            .map_or(start, crate::domain::time::from_epoch_millis);
        let mut events: Vec<_> = logs::events_between(&app, from, end, usize::MAX / 2)
            .into_iter()
            .filter(|e| matches_query(query, e))
            .collect();
        let next_token = (events.len() > LOG_PAGE).then(|| {
            let next = events[LOG_PAGE].timestamp.timestamp_millis();
            next.to_string()
        });
        events.truncate(LOG_PAGE);
        Ok(LogPage { events, next_token })
    }

    fn live_tail_available(&self) -> bool {
        true
    }

    async fn live_tail(
        &self,
        query: &LogQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<LiveTailEvent>, PortError> {
        self.check_throttle("StartLiveTail")?;
        let app = self.app_for_group(&query.group)?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let sim = self.clone();
        let query = query.clone();
        tokio::spawn(async move {
            if tx.send(LiveTailEvent::Started).await.is_err() {
                return;
            }
            let mut last = sim.clock().now();
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let now = sim.clock().now();
                let events: Vec<_> = logs::events_between(&app, last, now, 500)
                    .into_iter()
                    .filter(|e| matches_query(&query, e))
                    .collect();
                last = now;
                if tx
                    .send(LiveTailEvent::Update {
                        events,
                        sampled: false,
                    })
                    .await
                    .is_err()
                {
                    return;
                }
            }
        });
        Ok(rx)
    }
}

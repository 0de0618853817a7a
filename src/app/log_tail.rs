//! The long-lived log tail: CloudWatch Logs' live tail when possible, polling otherwise;
//! reconnects when a live session ends, and reports everything as `Msg`s. Stopped by aborting
//! its task. (In kinetic, "follow" is what is done to a change until it ends.)
use super::logs_page::LogsMode;
use super::msg::Msg;
use crate::domain::Timestamp;
use crate::domain::log_event::LogEvent;
use crate::ports::{LiveTailEvent, LogQuery, LogsPort};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// How often polling asks for new events.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// Polling re-reads this far behind the newest event, for events ingested late.
pub const POLL_OVERLAP: chrono::Duration = chrono::Duration::seconds(10);
/// A live session that ends sooner than this did not really start.
const QUICK_END: Duration = Duration::from_secs(10);

/// The wait before the next poll after `failures` failed ones in a row.
fn poll_wait(failures: u32, session: u64) -> Duration {
    if failures == 0 {
        return POLL_EVERY;
    }
    let every = chrono::Duration::from_std(POLL_EVERY).unwrap_or_default();
    super::backoff::wait(
        failures,
        every,
        every * super::backoff::CAP_PERIODS,
        session,
    )
    .to_std()
    .unwrap_or(POLL_EVERY)
}

/// Pages followed per poll at most (FilterLogEvents pages may be empty while more follow).
const MAX_PAGES: usize = 50;

pub struct LogTail {
    pub logs: Arc<dyn LogsPort>,
    pub tx: UnboundedSender<Msg>,
    pub session: u64,
    pub query: LogQuery,
    pub clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
}

impl LogTail {
    fn send(&self, msg: Msg) -> bool {
        self.tx.send(msg).is_ok()
    }

    fn note(&self, note: impl Into<String>) -> bool {
        self.send(Msg::LogsNote {
            session: self.session,
            note: note.into(),
        })
    }

    /// Reads every page from `start` to now; returns the newest timestamp seen.
    async fn poll_once(
        &self,
        start: Timestamp,
    ) -> Result<Option<Timestamp>, crate::domain::PortError> {
        let mut token = None;
        let mut newest = None;
        for _ in 0..MAX_PAGES {
            let page = self
                .logs
                .filter_page(&self.query, start, None, token)
                .await?;
            newest = page.events.iter().map(|e| e.timestamp).max().max(newest);
            if !page.events.is_empty() {
                self.send(Msg::LogEvents {
                    session: self.session,
                    events: page.events,
                    sampled: false,
                });
            }
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        Ok(newest)
    }

    /// Runs until the task is aborted or the console goes away.
    pub async fn run(self, since: Timestamp, mode: LogsMode) {
        let live = match mode {
            LogsMode::Poll => false,
            LogsMode::Live | LogsMode::Auto => {
                if self.logs.live_tail_available() {
                    true
                } else {
                    self.note("polling (live tail does not work through a custom endpoint)");
                    false
                }
            }
        };
        // First the history since `since`, by polling; then follow.
        let mut cursor = since;
        match self.poll_once(cursor).await {
            Ok(newest) => {
                cursor = newest.map_or(cursor, |n| n - POLL_OVERLAP).max(cursor);
            }
            Err(error) => {
                self.send(Msg::LogsFailed {
                    session: self.session,
                    error,
                });
            }
        }
        if live {
            self.follow_live(cursor).await;
        } else {
            self.follow_polling(cursor).await;
        }
    }

    async fn follow_polling(&self, mut cursor: Timestamp) {
        self.note(format!("polling every {} s", POLL_EVERY.as_secs()));
        let mut failures = 0;
        loop {
            tokio::time::sleep(poll_wait(failures, self.session)).await;
            let answered = match self.poll_once(cursor).await {
                Ok(Some(newest)) => {
                    cursor = (newest - POLL_OVERLAP).max(cursor);
                    true
                }
                Ok(None) => true,
                Err(error) => {
                    failures += 1;
                    if !self.send(Msg::LogsFailed {
                        session: self.session,
                        error,
                    }) {
                        return;
                    }
                    false
                }
            };
            if answered && failures > 0 {
                failures = 0;
                self.send(Msg::LogsAnswered {
                    session: self.session,
                });
            }
            if self.tx.is_closed() {
                return;
            }
        }
    }

    async fn follow_live(&self, mut cursor: Timestamp) {
        let mut quick_ends = 0;
        loop {
            let started = std::time::Instant::now();
            let mut rx = match self.logs.live_tail(&self.query).await {
                Ok(rx) => rx,
                Err(error) => {
                    self.note(format!("polling (live tail unavailable: {error})"));
                    return self.follow_polling(cursor).await;
                }
            };
            self.note("live tail");
            let mut ended = String::from("the live tail session ended");
            while let Some(event) = rx.recv().await {
                match event {
                    LiveTailEvent::Started => {}
                    LiveTailEvent::Update { events, sampled } => {
                        if let Some(newest) = events.iter().map(|e: &LogEvent| e.timestamp).max() {
                            cursor = cursor.max(newest - POLL_OVERLAP);
                        }
                        if !self.send(Msg::LogEvents {
                            session: self.session,
                            events,
                            sampled,
                        }) {
                            return;
                        }
                    }
                    LiveTailEvent::Ended { reason } => {
                        ended = reason;
                        break;
                    }
                }
            }
            // Sessions end after 3 hours: catch up by polling the gap, then reconnect. One that
            // ends at once is a failure: reconnecting waits longer each time.
            if !self.note(format!("{ended}; reconnecting")) {
                return;
            }
            if started.elapsed() < QUICK_END {
                quick_ends += 1;
                tokio::time::sleep(poll_wait(quick_ends, self.session)).await;
            } else {
                quick_ends = 0;
            }
            let _ = self.poll_once(cursor).await;
            cursor = cursor.max((self.clock)() - POLL_OVERLAP);
        }
    }
}

/// Events before `before`, looking back `minutes`, at most `limit` (the newest of them).
pub async fn older(
    logs: &dyn LogsPort,
    query: &LogQuery,
    before: Timestamp,
    minutes: i64,
    limit: usize,
) -> Result<Vec<LogEvent>, crate::domain::PortError> {
    let start = before - chrono::Duration::minutes(minutes);
    let mut events = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page = logs.filter_page(query, start, Some(before), token).await?;
        events.extend(page.events);
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    if events.len() > limit {
        events.drain(..events.len() - limit);
    }
    Ok(events)
}

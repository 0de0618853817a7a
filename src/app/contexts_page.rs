//! The watched contexts as the console keeps them: each one's pulse, when it is read next, the alarms it has seen firing and the failure already said, and the contexts screen's cursor.
use super::table::TableState;
use crate::domain::Timestamp;
use crate::domain::watch::{ContextPulse, WatchedContext};
use std::collections::BTreeSet;

/// A watched context not in view is read once a minute, whatever its size.
pub const READ_EVERY_SECS: i64 = 60;
/// A context that keeps failing is asked at most this rarely.
pub const MAX_BACKOFF_SECS: i64 = 600;

/// One watched context and what the console knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    pub pulse: ContextPulse,
    /// When it is read next; None: at once.
    pub next_read: Option<Timestamp>,
    pub in_flight: bool,
    /// Failed reads in a row: each doubles the wait, up to `MAX_BACKOFF_SECS`.
    pub failures: u32,
    /// The alarms in ALARM at its last read (None before the first): one that joins them is
    /// said once.
    pub firing: Option<BTreeSet<String>>,
}

impl Watched {
    pub fn new(context: WatchedContext) -> Self {
        Self {
            pulse: ContextPulse::new(context),
            next_read: None,
            in_flight: false,
            failures: 0,
            firing: None,
        }
    }

    pub fn label(&self) -> &str {
        &self.pulse.context.label
    }

    /// The wait before the next read: a minute, doubled per failure in a row, capped.
    pub fn wait(&self) -> chrono::Duration {
        let doubled = READ_EVERY_SECS.saturating_mul(1_i64 << self.failures.min(6));
        chrono::Duration::seconds(doubled.min(MAX_BACKOFF_SECS))
    }
}

/// The `:contexts` screen and the watched contexts behind it.
#[derive(Debug, Clone, Default)]
pub struct ContextsPage {
    pub watched: Vec<Watched>,
    pub table: TableState,
}

impl ContextsPage {
    pub fn new(contexts: Vec<WatchedContext>) -> Self {
        Self {
            watched: contexts.into_iter().map(Watched::new).collect(),
            table: TableState::default(),
        }
    }

    /// The watched context with `label`.
    pub fn get_mut(&mut self, label: &str) -> Option<&mut Watched> {
        self.watched.iter_mut().find(|w| w.label() == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_in_a_row_back_off_to_ten_minutes() {
        let mut watched = Watched::new(WatchedContext::parse("prod@eu-west-1").unwrap());
        assert_eq!(watched.wait().num_seconds(), 60);
        watched.failures = 1;
        assert_eq!(watched.wait().num_seconds(), 120);
        watched.failures = 30;
        assert_eq!(watched.wait().num_seconds(), 600);
    }
}

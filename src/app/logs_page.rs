//! State of the log view: the buffer, follow/pause, scroll, search, folds and the session's mode.
use super::search::Search;
use crate::domain::log_buffer::LogBuffer;
use crate::domain::log_event::{EventKey, LogEvent};
use crate::ports::LogQuery;
use std::collections::HashSet;

/// How events are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogsMode {
    /// Live tail when it can work, polling otherwise.
    #[default]
    Auto,
    Live,
    Poll,
}

impl LogsMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "auto" => Some(Self::Auto),
            "live" => Some(Self::Live),
            "poll" => Some(Self::Poll),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct LogsPage {
    /// Changes whenever the query changes; events of an older session are dropped.
    pub session: u64,
    pub query: LogQuery,
    pub requested_mode: LogsMode,
    /// "live tail", "polling every 2 s", … as reported by the follower.
    pub mode_note: String,
    pub buffer: LogBuffer,
    pub following: bool,
    /// Index of the selected event (the top of the screen's focus) when paused.
    pub cursor: usize,
    /// Client-side highlight search, and the events holding it.
    pub search: Search<EventKey>,
    pub expanded: HashSet<EventKey>,
    pub sampled_updates: u64,
    pub loading_older: bool,
    /// No older events were found the last time `[` looked.
    pub older_exhausted: bool,
    pub error: Option<String>,
}

impl LogsPage {
    pub fn new(session: u64, query: LogQuery, mode: LogsMode, capacity: usize) -> Self {
        Self {
            session,
            query,
            requested_mode: mode,
            mode_note: "starting…".into(),
            buffer: LogBuffer::new(capacity),
            following: true,
            cursor: 0,
            search: Search::default(),
            expanded: HashSet::new(),
            sampled_updates: 0,
            loading_older: false,
            older_exhausted: false,
            error: None,
        }
    }

    /// Recomputes which events contain the search (case-insensitive); when the search changes.
    pub fn refresh_matches(&mut self) {
        self.search
            .refresh(self.buffer.iter(), LogEvent::key, |e, needle| {
                contains_ignoring_case(&e.message, needle)
            });
    }

    /// Adds events to the buffer, testing only the new ones against the search.
    pub fn ingest(&mut self, events: Vec<LogEvent>) -> usize {
        let hits = self.search.hits(&events, LogEvent::key, |e, needle| {
            contains_ignoring_case(&e.message, needle)
        });
        let (added, evicted) = self.buffer.insert_tracking(events);
        for old in evicted {
            self.search.keys.remove(&old.key());
        }
        for key in hits {
            if self.buffer.contains(&key) {
                self.search.keys.insert(key);
            }
        }
        added
    }

    /// Indexes of the matching events, oldest first (computed when navigating, not per frame).
    pub fn match_indexes(&self) -> Vec<usize> {
        self.search.indexes(self.buffer.iter(), LogEvent::key)
    }
}

/// ASCII case-insensitive search without allocating a lowered copy of the haystack.
pub fn contains_ignoring_case(haystack: &str, lowered_needle: &str) -> bool {
    let needle = lowered_needle.as_bytes();
    if needle.is_empty() {
        return true;
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

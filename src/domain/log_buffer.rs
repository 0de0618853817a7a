//! A bounded, ordered, de-duplicated buffer of log events that counts what it drops.
use super::log_event::{EventKey, LogEvent};
use std::collections::{HashSet, VecDeque};

pub const DEFAULT_CAPACITY: usize = 10_000;

#[derive(Debug, Clone)]
pub struct LogBuffer {
    events: VecDeque<LogEvent>,
    keys: HashSet<EventKey>,
    capacity: usize,
    /// Events pushed out of the top to stay within the capacity.
    dropped: u64,
    /// Events refused because they were already in the buffer.
    duplicates: u64,
}

impl LogBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            events: VecDeque::new(),
            keys: HashSet::new(),
            capacity: capacity.max(1),
            dropped: 0,
            duplicates: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&LogEvent> {
        self.events.get(index)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogEvent> + ExactSizeIterator {
        self.events.iter()
    }

    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    pub fn oldest(&self) -> Option<&LogEvent> {
        self.events.front()
    }

    pub fn newest(&self) -> Option<&LogEvent> {
        self.events.back()
    }

    /// Adds events in timestamp order, skipping ones already held; returns how many were added.
    /// When full, the oldest events go and are counted as dropped.
    pub fn insert(&mut self, events: impl IntoIterator<Item = LogEvent>) -> usize {
        self.insert_tracking(events).0
    }

    /// Where an event is now, found by time (the buffer is ordered) and then by key.
    pub fn position_of(&self, event: &LogEvent) -> Option<usize> {
        let key = event.key();
        let first = self
            .events
            .partition_point(|e| e.timestamp < event.timestamp);
        self.events
            .range(first..)
            .take_while(|e| e.timestamp == event.timestamp)
            .position(|e| e.key() == key)
            .map(|offset| first + offset)
    }

    pub fn contains(&self, key: &EventKey) -> bool {
        self.keys.contains(key)
    }

    /// Like `insert`, also returning the events pushed out of the top (for incremental indexes).
    pub fn insert_tracking(
        &mut self,
        events: impl IntoIterator<Item = LogEvent>,
    ) -> (usize, Vec<LogEvent>) {
        let mut evicted = Vec::new();
        let mut added = 0;
        for event in events {
            let key = event.key();
            if self.keys.contains(&key) {
                self.duplicates += 1;
                continue;
            }
            // Most events arrive in order: append; otherwise find the place by time.
            let position = if self
                .events
                .back()
                .is_none_or(|last| last.timestamp <= event.timestamp)
            {
                self.events.len()
            } else {
                self.events
                    .partition_point(|e| e.timestamp <= event.timestamp)
            };
            if position == 0 && self.events.len() >= self.capacity {
                // Older than everything in a full buffer: it would be dropped at once.
                self.dropped += 1;
                continue;
            }
            self.keys.insert(key);
            self.events.insert(position, event);
            added += 1;
            while self.events.len() > self.capacity {
                if let Some(old) = self.events.pop_front() {
                    self.keys.remove(&old.key());
                    self.dropped += 1;
                    evicted.push(old);
                }
            }
        }
        (added, evicted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_millis;

    fn event(ms: i64, text: &str) -> LogEvent {
        LogEvent {
            timestamp: from_epoch_millis(ms),
            log_stream: "s".into(),
            message: text.into(),
        }
    }

    fn texts(buffer: &LogBuffer) -> Vec<&str> {
        buffer.iter().map(|e| e.message.as_str()).collect()
    }

    #[test]
    fn keeps_time_order_and_refuses_duplicates() {
        let mut buffer = LogBuffer::new(10);
        assert_eq!(buffer.insert([event(1, "a"), event(3, "c")]), 2);
        assert_eq!(
            buffer.insert([event(2, "b"), event(3, "c"), event(1, "a")]),
            1
        );
        assert_eq!(texts(&buffer), ["a", "b", "c"]);
        assert_eq!(buffer.duplicates(), 2);
    }

    #[test]
    fn drops_the_oldest_when_full_and_counts_them() {
        let mut buffer = LogBuffer::new(3);
        buffer.insert((1..=5).map(|i| event(i, &i.to_string())));
        assert_eq!(texts(&buffer), ["3", "4", "5"]);
        assert_eq!(buffer.dropped(), 2);
        // An event older than everything in a full buffer is dropped, not shown.
        assert_eq!(buffer.insert([event(0, "old")]), 0);
        assert_eq!(buffer.dropped(), 3);
        // A dropped event may come back later as new (its key was forgotten).
        buffer.insert([event(6, "6")]);
        assert_eq!(texts(&buffer), ["4", "5", "6"]);
    }

    #[test]
    fn same_time_different_text_are_both_kept() {
        let mut buffer = LogBuffer::new(10);
        assert_eq!(buffer.insert([event(1, "x"), event(1, "y")]), 2);
    }
}

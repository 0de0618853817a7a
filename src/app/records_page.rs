//! State of the record viewer: what is read (stream, shards, from where), the buffer, follow and
//! pause, search and filter, folds, and each shard's reading state.
use super::logs_page::contains_ignoring_case;
use super::search::Search;
use crate::domain::key_report::KeyReport;
use crate::domain::read_from::ReadFrom;
use crate::domain::record::{Record, RecordKey};
use crate::domain::record_buffer::RecordBuffer;
use crate::domain::{PortError, Timestamp};
use std::collections::{BTreeMap, HashSet};

/// Which shards are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every open shard (and the children of any that close while reading).
    AllOpen,
    /// One shard (and its children once it closes).
    Shard(String),
}

/// How one shard's reading goes.
#[derive(Debug, Clone, PartialEq)]
pub enum ShardReading {
    Reading {
        behind_ms: Option<i64>,
    },
    /// ProvisionedThroughputExceeded: the shard's read capacity is used up; backing off.
    Throttled,
    /// Reads fail (the sentence said once, and a few words for the title); backing off.
    Failed {
        sentence: String,
        short: &'static str,
    },
    /// Read to its end (it was closed by a reshard); its children are read instead.
    Ended {
        children: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct RecordsPage {
    /// Changes whenever reading restarts; answers of an older session are dropped.
    pub session: u64,
    pub stream: String,
    pub scope: Scope,
    pub from: ReadFrom,
    pub started: Timestamp,
    pub all: RecordBuffer,
    /// The records matching `filter`, when there is one (else `all` is shown).
    pub filtered: Option<RecordBuffer>,
    pub filter: String,
    pub following: bool,
    /// Index of the selected record in the shown buffer, when paused.
    pub cursor: usize,
    /// Highlight search (`/`), and the shown records containing it.
    pub search: Search<RecordKey>,
    /// Records shown pretty-printed (`enter`).
    pub expanded: HashSet<RecordKey>,
    pub shards: BTreeMap<String, ShardReading>,
    /// GetRecords answers of ProvisionedThroughputExceeded since reading started.
    pub throttled: u64,
    /// Why reading fails, when every shard fails the same way (shown in place of the records).
    pub error: Option<String>,
    /// Shards whose failure was said on the bottom line ("" for the shard list), so it is said
    /// once, and its end only when its start was.
    pub said: HashSet<String>,
    /// The partition-key report, rebuilt as records arrive while `:keys` is open.
    pub keys: Option<KeyReport>,
    /// Reading from the past: hold once the buffer is nearly full, so the records from the
    /// moment asked for are not pushed out before the operator sees them.
    pub hold_when_full: bool,
    /// The shards the read walks, once the reader has planned it.
    pub walk: Option<Walk>,
}

/// How many shards a read walks, and how many of them are closed (read first, parents before
/// their children).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Walk {
    pub shards: usize,
    pub closed: usize,
}

impl RecordsPage {
    /// The busiest partition key's share of the bytes read, once `:keys` has a report.
    pub fn dominant_key_share(&self) -> Option<f64> {
        self.keys
            .as_ref()
            .and_then(|report| report.by_bytes.first())
            .map(|key| key.byte_share)
    }

    pub fn new(
        session: u64,
        stream: String,
        scope: Scope,
        from: ReadFrom,
        started: Timestamp,
        capacity: usize,
    ) -> Self {
        Self {
            session,
            stream,
            scope,
            from: from.clone(),
            started,
            all: RecordBuffer::new(capacity),
            filtered: None,
            filter: String::new(),
            following: true,
            cursor: 0,
            search: Search::default(),
            expanded: HashSet::new(),
            shards: BTreeMap::new(),
            throttled: 0,
            error: None,
            said: HashSet::new(),
            keys: None,
            hold_when_full: !matches!(from, ReadFrom::Latest),
            walk: None,
        }
    }

    /// The records on screen: the filtered ones when a filter is set.
    pub fn shown(&self) -> &RecordBuffer {
        self.filtered.as_ref().unwrap_or(&self.all)
    }

    /// Adds records; the filter and search test only the new ones. Returns how many are shown.
    pub fn ingest(&mut self, records: Vec<Record>) -> usize {
        let filter = self.filter.to_lowercase();
        let for_filter: Vec<Record> = match &self.filtered {
            Some(_) => records
                .iter()
                .filter(|r| matches(r, &filter))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let shown_new: Vec<&Record> = if self.filtered.is_some() {
            for_filter.iter().collect()
        } else {
            records.iter().collect()
        };
        let hits = self
            .search
            .hits(shown_new.iter().copied(), Record::key, matches);
        let count = shown_new.len();
        let evicted_all = self.all.insert(records);
        let evicted_shown = match &mut self.filtered {
            Some(filtered) => filtered.insert(for_filter),
            None => evicted_all,
        };
        for old in evicted_shown {
            self.search.keys.remove(&old.key());
            self.expanded.remove(&old.key());
        }
        self.search.keys.extend(hits);
        count
    }

    /// Rebuilds the filtered buffer after the filter changed.
    pub fn apply_filter(&mut self) {
        let filter = self.filter.to_lowercase();
        self.filtered = (!filter.is_empty()).then(|| {
            let mut filtered = RecordBuffer::new(self.all.len().max(1));
            filtered.insert(
                self.all
                    .iter()
                    .filter(|r| matches(r, &filter))
                    .cloned()
                    .collect(),
            );
            filtered
        });
        self.cursor = self.shown().len().saturating_sub(1);
        self.refresh_matches();
    }

    /// Recomputes which shown records contain the search; when the search changes.
    pub fn refresh_matches(&mut self) {
        self.search.current = None;
        let shown = self.filtered.as_ref().unwrap_or(&self.all);
        self.search.refresh(shown.iter(), Record::key, matches);
    }

    /// Indexes of the shown records matching the search, oldest first.
    pub fn match_indexes(&self) -> Vec<usize> {
        self.search.indexes(self.shown().iter(), Record::key)
    }

    /// How far behind the newest record the slowest shard being read is.
    pub fn behind_ms(&self) -> Option<i64> {
        self.shards
            .values()
            .filter_map(|s| match s {
                ShardReading::Reading { behind_ms } => *behind_ms,
                _ => None,
            })
            .max()
    }

    /// Shards being read now (not ended).
    /// Closed shards of the walk not yet read to their end.
    pub fn closed_to_read(&self) -> usize {
        let ended = self
            .shards
            .values()
            .filter(|s| matches!(s, ShardReading::Ended { .. }))
            .count();
        self.walk.map_or(0, |w| w.closed.saturating_sub(ended))
    }

    pub fn reading(&self) -> usize {
        self.shards
            .values()
            .filter(|s| !matches!(s, ShardReading::Ended { .. }))
            .count()
    }

    /// Shards whose reads fail now (other than throttling), and why in a few words.
    pub fn failing_now(&self) -> (usize, Option<&'static str>) {
        let mut count = 0;
        let mut why = None;
        for reading in self.shards.values() {
            if let ShardReading::Failed { short, .. } = reading {
                count += 1;
                why.get_or_insert(*short);
            }
        }
        (count, why)
    }

    pub fn throttled_now(&self) -> usize {
        self.shards
            .values()
            .filter(|s| matches!(s, ShardReading::Throttled))
            .count()
    }

    /// A failure of one shard; the page's error when no shard reads.
    pub fn shard_failed(&mut self, shard: String, error: &PortError, sentence: String) {
        if error.is_throttling() {
            self.throttled += 1;
            self.shards.insert(shard, ShardReading::Throttled);
        } else {
            self.shards.insert(
                shard,
                ShardReading::Failed {
                    sentence: sentence.clone(),
                    short: error.short(),
                },
            );
        }
        let none_reading = self
            .shards
            .values()
            .all(|s| !matches!(s, ShardReading::Reading { .. }));
        if none_reading && !error.is_throttling() {
            self.error = Some(sentence);
        }
    }
}

/// Whether the record's key, shard or payload contains the (lower-case) text.
pub fn matches(record: &Record, lowered: &str) -> bool {
    lowered.is_empty()
        || contains_ignoring_case(&record.partition_key, lowered)
        || contains_ignoring_case(record.payload.line(), lowered)
        || contains_ignoring_case(&record.shard, lowered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::from_kinesis;
    use crate::domain::time::from_epoch_secs;

    fn record(seq: u32, key: &str, body: &str) -> Record {
        from_kinesis(
            "shardId-0",
            &seq.to_string(),
            key,
            from_epoch_secs(seq as i64),
            body.as_bytes(),
        )
        .pop()
        .unwrap()
    }

    #[test]
    fn the_filter_shows_only_matching_records_and_follows_new_ones() {
        let mut page = RecordsPage::new(
            1,
            "s".into(),
            Scope::AllOpen,
            ReadFrom::Latest,
            from_epoch_secs(0),
            100,
        );
        page.ingest(vec![record(1, "a", "apple"), record(2, "b", "banana")]);
        page.filter = "NAN".into();
        page.apply_filter();
        assert_eq!(page.shown().len(), 1);
        page.ingest(vec![record(3, "c", "ananas"), record(4, "d", "cherry")]);
        assert_eq!(page.shown().len(), 2);
        assert_eq!(page.all.len(), 4);
        page.filter.clear();
        page.apply_filter();
        assert_eq!(page.shown().len(), 4);
    }

    #[test]
    fn search_matches_keys_and_payloads_and_forgets_evicted_ones() {
        let mut page = RecordsPage::new(
            1,
            "s".into(),
            Scope::AllOpen,
            ReadFrom::Latest,
            from_epoch_secs(0),
            2,
        );
        page.search.text = "tenant".into();
        page.ingest(vec![
            record(1, "tenant-1", "x"),
            record(2, "k", "{\"tenant\":1}"),
        ]);
        assert_eq!(page.match_indexes(), [0, 1]);
        page.ingest(vec![record(3, "k", "y")]);
        assert_eq!(page.match_indexes(), [0]);
        assert_eq!(page.search.keys.len(), 1);
    }
}

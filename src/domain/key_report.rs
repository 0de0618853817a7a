//! The partition keys behind the records read: the top keys by records and by bytes, the shard
//! each maps to, and for the hottest shard the hash key that halves its sampled load.
use super::partition_key::{BalancedSplit, SplitError, balanced_split, shard_for};
use super::record::Record;
use super::{HashRange, Shard, Timestamp};
use std::collections::HashMap;

/// Per-shard write limits: 1,000 records/s and 1 MiB/s. A record above this many bytes
/// reaches the byte limit before the record limit.
const BYTES_PER_RECORD_AT_BOTH_LIMITS: f64 = 1_048_576.0 / 1000.0;

/// One partition key's share of what was read.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyLoad {
    pub key: String,
    /// Records and bytes read.
    pub records: u64,
    pub bytes: u64,
    /// The key's rate over the time its shard's records span: shards read side by side in
    /// batches cover different stretches of time, so counts alone would favour the shards
    /// read most.
    pub records_per_sec: f64,
    pub bytes_per_sec: f64,
    /// Shares of the rates of all keys read.
    pub record_share: f64,
    pub byte_share: f64,
    pub hash_key: u128,
    /// The open shard whose range holds the key's hash key (None while shards are unknown).
    pub shard: Option<String>,
}

/// One open shard's share of what was read.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardLoad {
    pub shard: String,
    pub range: HashRange,
    pub records: u64,
    pub bytes: u64,
    /// Records a second over the time its records span: shards read side by side in batches
    /// cover different stretches of time, so counts alone would mislead.
    pub records_per_sec: f64,
    pub bytes_per_sec: f64,
    /// This shard's share of the records per second of all shards read.
    pub share: f64,
    pub keys: usize,
    first: Option<Timestamp>,
    last: Option<Timestamp>,
}

/// What the split weighs: the limit the shard's records reach first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Records,
    Bytes,
}

/// The hottest shard and where to split it.
#[derive(Debug, Clone, PartialEq)]
pub struct HotShard {
    pub shard: String,
    pub range: HashRange,
    pub weight: Weight,
    pub split: Result<BalancedSplit, SplitError>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyReport {
    pub records: u64,
    pub bytes: u64,
    pub distinct_keys: usize,
    pub first: Option<Timestamp>,
    pub last: Option<Timestamp>,
    pub by_records: Vec<KeyLoad>,
    pub by_bytes: Vec<KeyLoad>,
    /// Open shards, busiest first.
    pub shards: Vec<ShardLoad>,
    pub hottest: Option<HotShard>,
}

/// Builds the report over `records`, mapping keys onto the open shards in `shards`; `top` keys
/// are kept per ranking.
pub fn report<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    shards: &[Shard],
    top: usize,
) -> KeyReport {
    struct Tally {
        records: u64,
        bytes: u64,
        hash_key: u128,
        first: Timestamp,
        last: Timestamp,
    }
    let mut keys: HashMap<&str, Tally> = HashMap::new();
    let mut report = KeyReport::default();
    for record in records {
        report.records += 1;
        report.bytes += record.size as u64;
        report.first = report
            .first
            .min(Some(record.arrival))
            .or(Some(record.arrival));
        report.last = report.last.max(Some(record.arrival));
        let tally = keys.entry(record.partition_key.as_str()).or_insert(Tally {
            records: 0,
            bytes: 0,
            hash_key: record.hash_key,
            first: record.arrival,
            last: record.arrival,
        });
        tally.records += 1;
        tally.bytes += record.size as u64;
        tally.first = tally.first.min(record.arrival);
        tally.last = tally.last.max(record.arrival);
    }
    report.distinct_keys = keys.len();
    let share = |part: f64, whole: f64| if whole > 0.0 { part / whole } else { 0.0 };
    let mut loads: Vec<KeyLoad> = keys
        .iter()
        .map(|(key, tally)| KeyLoad {
            key: (*key).to_string(),
            records: tally.records,
            bytes: tally.bytes,
            records_per_sec: 0.0,
            bytes_per_sec: 0.0,
            record_share: 0.0,
            byte_share: 0.0,
            hash_key: tally.hash_key,
            shard: shard_for(tally.hash_key, shards).map(|s| s.id.clone()),
        })
        .collect();

    let spans: HashMap<&str, (Timestamp, Timestamp)> = keys
        .iter()
        .map(|(key, tally)| (*key, (tally.first, tally.last)))
        .collect();
    let mut per_shard: HashMap<&str, ShardLoad> = HashMap::new();
    for load in &loads {
        let Some(shard) = load
            .shard
            .as_deref()
            .and_then(|id| shards.iter().find(|s| s.id == id))
        else {
            continue;
        };
        let entry = per_shard.entry(shard.id.as_str()).or_insert(ShardLoad {
            shard: shard.id.clone(),
            range: shard.hash_range,
            records: 0,
            bytes: 0,
            records_per_sec: 0.0,
            bytes_per_sec: 0.0,
            share: 0.0,
            keys: 0,
            first: None,
            last: None,
        });
        entry.records += load.records;
        entry.bytes += load.bytes;
        entry.keys += 1;
        if let Some((first, last)) = spans.get(load.key.as_str()) {
            entry.first = entry.first.min(Some(*first)).or(Some(*first));
            entry.last = entry.last.max(Some(*last));
        }
    }
    let seconds_between = |first: Option<Timestamp>, last: Option<Timestamp>| match (first, last) {
        (Some(first), Some(last)) => ((last - first).num_milliseconds() as f64 / 1000.0).max(1.0),
        _ => 1.0,
    };
    let mut shard_loads: Vec<ShardLoad> = per_shard.into_values().collect();
    let mut shard_seconds: HashMap<String, f64> = HashMap::new();
    for load in &mut shard_loads {
        let seconds = seconds_between(load.first, load.last);
        shard_seconds.insert(load.shard.clone(), seconds);
        load.records_per_sec = load.records as f64 / seconds;
        load.bytes_per_sec = load.bytes as f64 / seconds;
    }
    let total_rate: f64 = shard_loads.iter().map(|l| l.records_per_sec).sum();
    for load in &mut shard_loads {
        load.share = share(load.records_per_sec, total_rate);
    }
    // Keys: their rate over their shard's span (the whole sample's when the shard is unknown).
    let whole = seconds_between(report.first, report.last);
    for load in &mut loads {
        let seconds = load
            .shard
            .as_ref()
            .and_then(|s| shard_seconds.get(s))
            .copied()
            .unwrap_or(whole);
        load.records_per_sec = load.records as f64 / seconds;
        load.bytes_per_sec = load.bytes as f64 / seconds;
    }
    let (all_records, all_bytes): (f64, f64) = loads.iter().fold((0.0, 0.0), |(r, b), l| {
        (r + l.records_per_sec, b + l.bytes_per_sec)
    });
    for load in &mut loads {
        load.record_share = share(load.records_per_sec, all_records);
        load.byte_share = share(load.bytes_per_sec, all_bytes);
    }
    shard_loads.sort_by(|a, b| {
        b.records_per_sec
            .total_cmp(&a.records_per_sec)
            .then(a.shard.cmp(&b.shard))
    });

    report.hottest = shard_loads.first().map(|hot| {
        let weight = if hot.records > 0
            && hot.bytes as f64 / hot.records as f64 > BYTES_PER_RECORD_AT_BOTH_LIMITS
        {
            Weight::Bytes
        } else {
            Weight::Records
        };
        let samples: Vec<(u128, f64)> = loads
            .iter()
            .filter(|l| l.shard.as_deref() == Some(hot.shard.as_str()))
            .map(|l| {
                let w = match weight {
                    Weight::Records => l.records as f64,
                    Weight::Bytes => l.bytes as f64,
                };
                (l.hash_key, w)
            })
            .collect();
        HotShard {
            shard: hot.shard.clone(),
            range: hot.range,
            weight,
            split: balanced_split(hot.range, &samples),
        }
    });
    report.shards = shard_loads;

    loads.sort_by(|a, b| {
        b.records_per_sec
            .total_cmp(&a.records_per_sec)
            .then(a.key.cmp(&b.key))
    });
    report.by_records = loads.iter().take(top).cloned().collect();
    loads.sort_by(|a, b| {
        b.bytes_per_sec
            .total_cmp(&a.bytes_per_sec)
            .then(a.key.cmp(&b.key))
    });
    report.by_bytes = loads.into_iter().take(top).collect();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::partition_key::hash_key;
    use crate::domain::record::from_kinesis;
    use crate::domain::time::from_epoch_secs;

    fn shard(id: &str, range: HashRange) -> Shard {
        Shard {
            id: id.into(),
            hash_range: range,
            parent: None,
            adjacent_parent: None,
            open: true,
            starting_sequence: "0".into(),
        }
    }

    fn records(key: &str, n: usize, size: usize) -> Vec<Record> {
        (0..n)
            .flat_map(|i| {
                from_kinesis(
                    "any",
                    &i.to_string(),
                    key,
                    from_epoch_secs(i as i64),
                    &vec![b'x'; size],
                )
            })
            .collect()
    }

    #[test]
    fn ranks_keys_maps_them_and_splits_the_hottest_shard_in_half() {
        let halves = HashRange::even_split(2);
        let shards = vec![shard("low", halves[0]), shard("high", halves[1])];
        // Find keys on each half, deterministically.
        let on = |half: &HashRange, skip: usize| {
            (0..)
                .map(|i| format!("key-{i}"))
                .filter(|k| half.start <= hash_key(k) && hash_key(k) <= half.end)
                .nth(skip)
                .unwrap()
        };
        let (hot, warm, other) = (on(&halves[0], 0), on(&halves[0], 1), on(&halves[1], 0));
        let mut all = records(&hot, 50, 10);
        all.extend(records(&warm, 50, 10));
        all.extend(records(&other, 20, 2000));
        let report = report(&all, &shards, 10);

        assert_eq!(report.records, 120);
        assert_eq!(report.distinct_keys, 3);
        // Rates, not counts: "low" was read over 49 s (two keys, 50 records each) and "high"
        // over 19 s (20 records), so `other` writes fastest though fewest of it were read.
        let (hot_rate, other_rate) = (50.0 / 49.0, 20.0 / 19.0);
        assert_eq!(report.by_records[0].key, other);
        assert!((report.by_records[0].records_per_sec - other_rate).abs() < 1e-9);
        let all = 2.0 * hot_rate + other_rate;
        assert!((report.by_records[0].record_share - other_rate / all).abs() < 1e-9);
        assert_eq!(report.by_records[1].shard.as_deref(), Some("low"));
        assert_eq!(report.by_bytes[0].key, other);
        let (hot_bytes, other_bytes) = (500.0 / 49.0, 40_000.0 / 19.0);
        let share = other_bytes / (other_bytes + 2.0 * hot_bytes);
        assert!((report.by_bytes[0].byte_share - share).abs() < 1e-9);
        assert_eq!(report.shards[0].shard, "low");
        assert_eq!(report.shards[0].records, 100);
        assert!((report.shards[0].records_per_sec - 100.0 / 49.0).abs() < 1e-9);

        let hottest = report.hottest.unwrap();
        assert_eq!(hottest.shard, "low");
        assert_eq!(hottest.weight, Weight::Records);
        let split = hottest.split.unwrap();
        assert!((split.lower_share - 0.5).abs() < 1e-9);
        // The split point lies strictly between the two keys' hash keys.
        let (a, b) = {
            let (x, y) = (hash_key(&hot), hash_key(&warm));
            (x.min(y), x.max(y))
        };
        assert!(a < split.at && split.at <= b);
    }

    #[test]
    fn big_records_split_by_bytes() {
        let shards = vec![shard("only", HashRange::FULL)];
        // 2 KB a record on average: the 1 MB/s limit comes before 1,000 records/s.
        let mut all = records("a", 100, 4000);
        all.extend(records("b", 100, 10));
        let report = report(&all, &shards, 5);
        let hottest = report.hottest.unwrap();
        assert_eq!(hottest.weight, Weight::Bytes);
    }

    #[test]
    fn one_key_cannot_be_split() {
        let shards = vec![shard("only", HashRange::FULL)];
        let report = report(&records("a", 5, 1), &shards, 5);
        assert_eq!(report.hottest.unwrap().split, Err(SplitError::OneKey));
    }

    #[test]
    fn nothing_read_is_an_empty_report() {
        let report = report(&[], &[], 5);
        assert_eq!(report.records, 0);
        assert!(report.hottest.is_none());
    }
}

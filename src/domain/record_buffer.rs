//! A bounded buffer of records in arrival order that counts what it drops.
use super::record::Record;
use std::collections::VecDeque;

pub const DEFAULT_CAPACITY: usize = 10_000;

#[derive(Debug, Clone)]
pub struct RecordBuffer {
    records: VecDeque<Record>,
    capacity: usize,
    /// Records pushed out of the top to stay within the capacity.
    dropped: u64,
    /// Records and bytes ever added (for the rate in the title).
    added: u64,
    added_bytes: u64,
}

impl RecordBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            records: VecDeque::new(),
            capacity: capacity.max(1),
            dropped: 0,
            added: 0,
            added_bytes: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Record> {
        self.records.get(index)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Record> + ExactSizeIterator {
        self.records.iter()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    pub fn added(&self) -> u64 {
        self.added
    }

    pub fn added_bytes(&self) -> u64 {
        self.added_bytes
    }

    /// Adds records in arrival order (shards are read side by side, so a batch may belong
    /// among records already held). When full, the oldest go and are counted as dropped; they
    /// are returned so indexes over the buffer can forget them.
    pub fn insert(&mut self, mut records: Vec<Record>) -> Vec<Record> {
        self.added += records.len() as u64;
        self.added_bytes += records.iter().map(|r| r.size as u64).sum::<u64>();
        // A shard's batch is in order already; the stable sort keeps its order on ties.
        records.sort_by_key(|r| r.arrival);
        let in_order = match (self.records.back(), records.first()) {
            (Some(last), Some(first)) => last.arrival <= first.arrival,
            _ => true,
        };
        if in_order {
            self.records.extend(records);
        } else {
            // Merge once rather than inserting one by one: a batch from a shard behind the
            // others would otherwise move the whole buffer for every record.
            let held: Vec<Record> = self.records.drain(..).collect();
            let mut merged = VecDeque::with_capacity(held.len() + records.len());
            let (mut a, mut b) = (held.into_iter().peekable(), records.into_iter().peekable());
            loop {
                let take_held = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => x.arrival <= y.arrival,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                let next = if take_held { a.next() } else { b.next() };
                merged.extend(next);
            }
            self.records = merged;
        }
        let excess = self.records.len().saturating_sub(self.capacity);
        self.dropped += excess as u64;
        self.records.drain(..excess).collect()
    }

    /// Where a record is now (after inserts moved it), searched from its arrival time.
    pub fn position_of(&self, record: &Record) -> Option<usize> {
        let first = self.records.partition_point(|r| r.arrival < record.arrival);
        self.records
            .range(first..)
            .take_while(|r| r.arrival == record.arrival)
            .position(|r| {
                r.sequence == record.sequence
                    && r.sub_index == record.sub_index
                    && r.shard == record.shard
            })
            .map(|offset| first + offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::from_kinesis;
    use crate::domain::time::from_epoch_secs;

    fn record(shard: &str, seq: u32, at: i64) -> Record {
        from_kinesis(shard, &seq.to_string(), "k", from_epoch_secs(at), b"x")
            .pop()
            .unwrap()
    }

    #[test]
    fn keeps_arrival_order_across_shards() {
        let mut buffer = RecordBuffer::new(10);
        buffer.insert(vec![record("a", 1, 1), record("a", 2, 3)]);
        buffer.insert(vec![record("b", 1, 2)]);
        let order: Vec<(&str, &str)> = buffer
            .iter()
            .map(|r| (r.shard.as_str(), r.sequence.as_str()))
            .collect();
        assert_eq!(order, [("a", "1"), ("b", "1"), ("a", "2")]);
        assert_eq!(buffer.position_of(&record("b", 1, 2)), Some(1));
    }

    #[test]
    fn drops_the_oldest_when_full_and_counts_them() {
        let mut buffer = RecordBuffer::new(3);
        let evicted = buffer.insert((1..=5).map(|i| record("a", i, i as i64)).collect());
        assert_eq!(evicted.len(), 2);
        assert_eq!(buffer.dropped(), 2);
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.added(), 5);
        // Older than everything in a full buffer: dropped at once.
        let evicted = buffer.insert(vec![record("b", 1, 0)]);
        assert_eq!(evicted[0].shard, "b");
        assert_eq!(buffer.dropped(), 3);
        assert_eq!(buffer.get(0).map(|r| r.sequence.as_str()), Some("3"));
    }
}

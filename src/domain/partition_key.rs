//! Where a partition key lands: MD5 of the key is a 128-bit hash key, and the shard whose range
//! holds it takes the record. And where to split a shard so its sampled load is halved.
use super::{HashRange, Shard};
use md5::{Digest, Md5};

/// The hash key Kinesis gives `partition_key`: its MD5, read as a big-endian 128-bit number.
pub fn hash_key(partition_key: &str) -> u128 {
    let digest: [u8; 16] = Md5::digest(partition_key.as_bytes()).into();
    u128::from_be_bytes(digest)
}

/// The open shard whose hash range holds `hash_key`.
pub fn shard_for(hash_key: u128, shards: &[Shard]) -> Option<&Shard> {
    shards
        .iter()
        .filter(|s| s.open)
        .find(|s| s.hash_range.start <= hash_key && hash_key <= s.hash_range.end)
}

/// A split point that halves a shard's sampled load.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalancedSplit {
    /// NewStartingHashKey: the lower child takes the keys below it.
    pub at: u128,
    /// Share of the sampled load the lower child would take, 0 to 1.
    pub lower_share: f64,
}

/// Why no split point halves the load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    #[error("no records of this shard were read yet")]
    NoSamples,
    #[error("one hash key carries the whole sampled load: a split cannot divide a single key")]
    OneKey,
}

/// The hash key that splits `range` so the sampled `load` (hash key, weight) falls as evenly
/// as it can between the two children. Exact: the split lands between two sampled keys.
pub fn balanced_split(range: HashRange, load: &[(u128, f64)]) -> Result<BalancedSplit, SplitError> {
    let mut samples: Vec<(u128, f64)> = load
        .iter()
        .copied()
        .filter(|(key, weight)| range.start <= *key && *key <= range.end && *weight > 0.0)
        .collect();
    if samples.is_empty() {
        return Err(SplitError::NoSamples);
    }
    samples.sort_by_key(|(key, _)| *key);
    let total: f64 = samples.iter().map(|(_, w)| w).sum();
    // Candidate boundaries: just above each distinct sampled key but the last, so both
    // children keep some load.
    let mut best: Option<BalancedSplit> = None;
    let mut below = 0.0;
    for (i, (key, weight)) in samples.iter().enumerate() {
        below += weight;
        let Some((next, _)) = samples.get(i + 1) else {
            break;
        };
        if next == key {
            continue;
        }
        // Halfway between two sampled keys, so neither moves with a rounding of the split.
        let at = key + (next - key) / 2 + 1;
        let Some(_) = range.split_at(at) else {
            continue;
        };
        let candidate = BalancedSplit {
            at,
            lower_share: below / total,
        };
        let better =
            best.is_none_or(|b| (candidate.lower_share - 0.5).abs() < (b.lower_share - 0.5).abs());
        if better {
            best = Some(candidate);
        }
    }
    best.ok_or(SplitError::OneKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partition_key_maps_to_the_md5_of_its_bytes() {
        // md5("") = d41d8cd98f00b204e9800998ecf8427e, md5("a") = 0cc175b9c0f1b6a831c399e269772661
        assert_eq!(hash_key(""), 0xd41d8cd98f00b204e9800998ecf8427e);
        assert_eq!(hash_key("a"), 0x0cc175b9c0f1b6a831c399e269772661);
    }

    #[test]
    fn the_shard_is_the_open_one_whose_range_holds_the_key() {
        let halves = HashRange::even_split(2);
        let shard = |id: &str, range: HashRange, open: bool| Shard {
            id: id.into(),
            hash_range: range,
            parent: None,
            adjacent_parent: None,
            open,
            starting_sequence: "0".into(),
        };
        let shards = vec![
            shard("old", HashRange::FULL, false),
            shard("low", halves[0], true),
            shard("high", halves[1], true),
        ];
        assert_eq!(shard_for(0, &shards).map(|s| s.id.as_str()), Some("low"));
        assert_eq!(
            shard_for(u128::MAX, &shards).map(|s| s.id.as_str()),
            Some("high")
        );
        assert_eq!(
            shard_for(halves[1].start, &shards).map(|s| s.id.as_str()),
            Some("high")
        );
        assert_eq!(
            shard_for(halves[0].end, &shards).map(|s| s.id.as_str()),
            Some("low")
        );
    }

    #[test]
    fn the_split_halves_the_sampled_load_between_sampled_keys() {
        let range = HashRange::new(1_000, 2_000).unwrap();
        // One heavy key at 1,200 (half the load) and light ones spread above it.
        let load = [(1_200, 10.0), (1_500, 4.0), (1_600, 3.0), (1_900, 3.0)];
        let split = balanced_split(range, &load).unwrap();
        assert_eq!(split.at, 1_351, "between 1,200 and 1,500");
        assert!((split.lower_share - 0.5).abs() < 1e-9);
        assert!(range.split_at(split.at).is_some());
        // Samples outside the shard do not count.
        let split = balanced_split(range, &[(10, 100.0), (1_100, 1.0), (1_300, 1.0)]).unwrap();
        assert_eq!(split.at, 1_201);
    }

    #[test]
    fn one_key_or_none_cannot_be_split() {
        let range = HashRange::FULL;
        assert_eq!(balanced_split(range, &[]), Err(SplitError::NoSamples));
        assert_eq!(
            balanced_split(range, &[(42, 5.0), (42, 7.0)]),
            Err(SplitError::OneKey)
        );
    }

    #[test]
    fn exact_at_the_top_of_the_keyspace() {
        let range = HashRange::FULL;
        let split = balanced_split(range, &[(u128::MAX - 2, 1.0), (u128::MAX, 1.0)]).unwrap();
        assert_eq!(split.at, u128::MAX);
        assert_eq!(split.lower_share, 0.5);
    }
}

//! A shard's hash-key range within the 128-bit keyspace, with exact integer arithmetic.
use std::fmt;

/// Inclusive range of 128-bit hash keys, as AWS writes them in decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HashRange {
    pub start: u128,
    pub end: u128,
}

/// Why a hash range from AWS or the operator could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashRangeError {
    #[error("hash key {0:?} is not a decimal number between 0 and 2^128-1")]
    NotAHashKey(String),
    #[error("hash range starts at {start} but ends before it at {end}")]
    Inverted { start: u128, end: u128 },
}

impl HashRange {
    /// The whole keyspace, 0 to 2^128-1: what a one-shard stream covers.
    pub const FULL: HashRange = HashRange {
        start: 0,
        end: u128::MAX,
    };

    pub fn new(start: u128, end: u128) -> Result<Self, HashRangeError> {
        if end < start {
            return Err(HashRangeError::Inverted { start, end });
        }
        Ok(Self { start, end })
    }

    /// Parses AWS's decimal strings.
    pub fn parse(start: &str, end: &str) -> Result<Self, HashRangeError> {
        let parse_key = |raw: &str| {
            raw.trim()
                .parse::<u128>()
                .map_err(|_| HashRangeError::NotAHashKey(raw.to_string()))
        };
        Self::new(parse_key(start)?, parse_key(end)?)
    }

    /// Number of keys in the range minus one (so the full keyspace fits in a u128).
    pub fn span(&self) -> u128 {
        self.end - self.start
    }

    /// Share of the keyspace this range covers, 0.0 to 1.0.
    pub fn fraction(&self) -> f64 {
        (self.span() as f64 + 1.0) / (u128::MAX as f64 + 1.0)
    }

    /// Position of the first key as a percentage of the keyspace.
    pub fn start_percent(&self) -> f64 {
        self.start as f64 / u128::MAX as f64 * 100.0
    }

    /// Position of the last key as a percentage of the keyspace.
    pub fn end_percent(&self) -> f64 {
        self.end as f64 / u128::MAX as f64 * 100.0
    }

    /// The key that splits the range into two halves (the upper half starts here).
    pub fn midpoint(&self) -> u128 {
        self.start + self.span() / 2 + 1
    }

    /// Two ranges are adjacent when one ends exactly one key before the other starts.
    pub fn is_adjacent(&self, other: &HashRange) -> bool {
        self.end.checked_add(1) == Some(other.start) || other.end.checked_add(1) == Some(self.start)
    }

    /// The range covering both, when they are adjacent.
    pub fn merged(&self, other: &HashRange) -> Option<HashRange> {
        self.is_adjacent(other).then(|| HashRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        })
    }

    /// Splits at `at`, which must lie strictly inside the range (AWS's NewStartingHashKey rule).
    pub fn split_at(&self, at: u128) -> Option<(HashRange, HashRange)> {
        (at > self.start && at <= self.end).then(|| {
            (
                HashRange {
                    start: self.start,
                    end: at - 1,
                },
                HashRange {
                    start: at,
                    end: self.end,
                },
            )
        })
    }

    /// Cuts the full keyspace into `n` contiguous ranges as even as integers allow.
    pub fn even_split(n: u32) -> Vec<HashRange> {
        let n = u128::from(n.max(1));
        let width = u128::MAX / n;
        (0..n)
            .map(|i| {
                let start = i * width + i.min(u128::MAX % n + 1);
                let end = if i + 1 == n {
                    u128::MAX
                } else {
                    (i + 1) * width + (i + 1).min(u128::MAX % n + 1) - 1
                };
                HashRange { start, end }
            })
            .collect()
    }
}

impl fmt::Display for HashRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}%–{:.1}%", self.start_percent(), self.end_percent())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn even_split_covers_the_whole_keyspace_without_gaps() {
        for n in [1u32, 2, 3, 7, 10, 64, 1000] {
            let ranges = HashRange::even_split(n);
            assert_eq!(ranges.len(), n as usize);
            assert_eq!(ranges[0].start, 0);
            assert_eq!(ranges[ranges.len() - 1].end, u128::MAX);
            for pair in ranges.windows(2) {
                assert!(pair[0].is_adjacent(&pair[1]), "gap in split of {n}");
            }
        }
    }

    #[test]
    fn split_at_midpoint_is_exact_and_adjacent() {
        let (low, high) = HashRange::FULL
            .split_at(HashRange::FULL.midpoint())
            .unwrap();
        assert_eq!(low.end, (1u128 << 127) - 1);
        assert_eq!(high.start, 1u128 << 127);
        assert!(low.is_adjacent(&high));
        assert_eq!(low.merged(&high), Some(HashRange::FULL));
    }

    #[test]
    fn split_refuses_keys_outside_or_at_the_start() {
        let range = HashRange::new(10, 20).unwrap();
        assert!(range.split_at(10).is_none());
        assert!(range.split_at(21).is_none());
        assert!(range.split_at(20).is_some());
    }

    #[test]
    fn parse_rejects_non_numbers_and_inverted_ranges() {
        assert!(HashRange::parse("340282366920938463463374607431768211455", "0").is_err());
        assert!(HashRange::parse("x", "1").is_err());
        assert!(HashRange::parse("340282366920938463463374607431768211456", "1").is_err());
        assert_eq!(
            HashRange::parse("0", "340282366920938463463374607431768211455").unwrap(),
            HashRange::FULL
        );
    }

    #[test]
    fn non_adjacent_ranges_do_not_merge() {
        let a = HashRange::new(0, 9).unwrap();
        let c = HashRange::new(11, 20).unwrap();
        assert!(a.merged(&c).is_none());
    }
}

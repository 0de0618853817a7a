//! Synthetic traffic: a daily shape plus per-minute noise, split over shards by hash range, with hot shards.
use super::rng::noise;
use crate::domain::{HashRange, Timestamp};

/// Per-shard write capacity of a provisioned stream.
pub const SHARD_RECORDS_PER_SEC: f64 = 1000.0;
pub const SHARD_BYTES_PER_SEC: f64 = 1_048_576.0;

/// How one stream's producers behave.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficProfile {
    pub key: u64,
    /// Records per second at the daily average.
    pub records_per_sec: f64,
    pub bytes_per_record: f64,
    /// Hour of the day (UTC) when traffic peaks.
    pub peak_hour: f64,
    /// Relative size of the per-minute jitter.
    pub jitter: f64,
    /// A shard that takes `weight` times its share of the keyspace (a skewed partition key).
    pub hot_key: Option<HotKey>,
    /// Consumer lag in milliseconds at the start and how fast it grows per hour.
    pub iterator_age_ms: f64,
    pub iterator_age_growth_per_hour: f64,
    /// When the consumers started falling behind.
    pub lag_started: Timestamp,
    /// A step in traffic: from `since` on, `factor` times the usual rate.
    pub burst: Option<Burst>,
    /// Records spread evenly by the service (AUTO distribution): keys no longer pick shards.
    pub spread: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Burst {
    pub since: Timestamp,
    pub factor: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotKey {
    /// The point of the keyspace, 0.0–1.0, where the skewed keys land.
    pub at: f64,
    pub weight: f64,
}

/// Records and bytes per second at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rate {
    pub records_per_sec: f64,
    pub bytes_per_sec: f64,
}

impl TrafficProfile {
    /// Whole-stream rate at `t` (minute resolution: the same within a minute).
    pub fn rate_at(&self, t: Timestamp) -> Rate {
        let minute = t.timestamp().div_euclid(60);
        let hour_of_day = (t.timestamp().rem_euclid(86_400)) as f64 / 3600.0;
        let daily =
            1.0 + 0.45 * ((hour_of_day - self.peak_hour) / 24.0 * std::f64::consts::TAU).cos();
        let jitter = 1.0 + self.jitter * noise(self.key, minute);
        let burst = self
            .burst
            .filter(|b| t >= b.since)
            .map_or(1.0, |b| b.factor);
        let records = (self.records_per_sec * daily * jitter * burst).max(0.0);
        Rate {
            records_per_sec: records,
            bytes_per_sec: records * self.bytes_per_record,
        }
    }

    /// The share of the stream's traffic that lands in `range` (hot keys included).
    pub fn share_of(&self, range: &HashRange, open: &[HashRange]) -> f64 {
        let total: f64 = open.iter().map(|r| self.weight(r)).sum();
        if total <= 0.0 {
            0.0
        } else {
            self.weight(range) / total
        }
    }

    /// The share of each of `open` (in their order): `share_of` for all at once.
    pub fn shares(&self, open: &[HashRange]) -> Vec<f64> {
        let weights: Vec<f64> = open.iter().map(|r| self.weight(r)).collect();
        let total: f64 = weights.iter().sum();
        weights
            .into_iter()
            .map(|w| if total <= 0.0 { 0.0 } else { w / total })
            .collect()
    }

    /// How much of the traffic a range draws before normalising: its part of the keyspace, and
    /// more where the skewed keys land.
    fn weight(&self, range: &HashRange) -> f64 {
        let base = range.fraction();
        match self.hot_key {
            Some(hot) if !self.spread && contains_fraction(range, hot.at) => {
                base + hot.weight * base.max(0.02)
            }
            _ => base,
        }
    }

    pub fn iterator_age_at(&self, t: Timestamp) -> f64 {
        let hours = (t - self.lag_started).num_seconds().max(0) as f64 / 3600.0;
        let minute = t.timestamp().div_euclid(60);
        (self.iterator_age_ms + self.iterator_age_growth_per_hour * hours)
            * (1.0 + 0.2 * noise(self.key ^ 0xA6E, minute))
    }
}

fn contains_fraction(range: &HashRange, at: f64) -> bool {
    let key = (at.clamp(0.0, 1.0) * u128::MAX as f64) as u128;
    range.start <= key && key <= range.end
}

/// The part of the stream's traffic its one dominant partition key carries (0 without one).
pub fn dominant_key_share(profile: &TrafficProfile) -> f64 {
    profile
        .hot_key
        .map_or(0.0, |hot| hot.weight / (1.0 + hot.weight))
}

/// Records or bytes above the shard's write capacity, per second (what gets throttled).
pub fn excess(rate: Rate, shards: f64) -> Rate {
    Rate {
        records_per_sec: (rate.records_per_sec - SHARD_RECORDS_PER_SEC * shards).max(0.0),
        bytes_per_sec: (rate.bytes_per_sec - SHARD_BYTES_PER_SEC * shards).max(0.0),
    }
}

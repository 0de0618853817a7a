//! On-demand capacity: the account's Advantage mode, a stream's warm throughput, record distribution and maximum record size, and why an on-demand stream throttles.
use super::metrics::StreamMetrics;
use super::time::Timestamp;

/// UpdateStreamWarmThroughput's default ceiling: 10 GiB/s per on-demand stream.
pub const MAX_WARM_MIBPS: u32 = 10_240;
/// UpdateMaxRecordSize's range, in KiB (1 MiB, the default, to 10 MiB).
pub const MIN_RECORD_KIB: u32 = 1_024;
pub const MAX_RECORD_KIB: u32 = 10_240;
/// Records above this many bytes need a stream whose maximum record size was raised.
pub const ONE_MIB: usize = 1_048_576;
/// Enhanced fan-out consumers per stream, in Standard and in Advantage mode.
pub const CONSUMERS_STANDARD: u32 = 20;
pub const CONSUMERS_ADVANTAGE: u32 = 50;
/// One shard takes 1 MiB/s of writes in every mode: the bound of one partition key.
pub const SHARD_WRITE_MIBPS: f64 = 1.0;
/// A recommendation leaves this much room above the peak it is made from.
pub const WARM_HEADROOM: f64 = 1.5;

/// The account's On-demand Advantage mode (MinimumThroughputBillingCommitment) in this region.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Advantage {
    /// Standard on-demand: no commitment.
    #[default]
    Off,
    /// Committed since `started`; it cannot end before `earliest_end` (at least 24 hours).
    On {
        started: Option<Timestamp>,
        earliest_end: Option<Timestamp>,
    },
    /// Turned off before its 24 hours were up: it ends at `ends`.
    Ending { ends: Option<Timestamp> },
}

impl Advantage {
    /// Whether on-demand streams have Advantage's levers (warm throughput, 50 consumers) now.
    pub fn is_on(&self) -> bool {
        !matches!(self, Self::Off)
    }

    /// The header's words: `on-demand: Advantage` / `Standard`, and a scheduled end.
    pub fn label(&self) -> String {
        match self {
            Self::Off => "Standard".to_string(),
            Self::On { .. } => "Advantage".to_string(),
            Self::Ending { ends: Some(at) } => {
                format!("Advantage until {}", at.format("%Y-%m-%d %H:%M UTC"))
            }
            Self::Ending { ends: None } => "Advantage (ending)".to_string(),
        }
    }

    /// How many enhanced fan-out consumers a stream may have.
    pub fn consumer_limit(&self) -> u32 {
        if self.is_on() {
            CONSUMERS_ADVANTAGE
        } else {
            CONSUMERS_STANDARD
        }
    }
}

/// A stream's warm throughput (DescribeStreamSummary `WarmThroughput`), in MiB/s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WarmThroughput {
    pub target_mibps: Option<u32>,
    pub current_mibps: Option<u32>,
}

impl WarmThroughput {
    /// Scaling toward a target it has not reached.
    pub fn warming(&self) -> bool {
        matches!((self.target_mibps, self.current_mibps), (Some(t), Some(c)) if c < t)
            || (self.target_mibps.is_some() && self.current_mibps.is_none())
    }

    /// `120 MiB/s` or `40 → 120 MiB/s` while warming.
    pub fn text(&self) -> String {
        match (self.current_mibps, self.target_mibps) {
            (Some(0) | None, Some(0) | None) => "none".to_string(),
            (Some(current), Some(target)) if current < target => {
                format!("{current} → {target} MiB/s")
            }
            (Some(current), _) => format!("{current} MiB/s"),
            (None, Some(target)) => format!("→ {target} MiB/s"),
        }
    }
}

/// What DescribeStreamSummary says of a stream's capacity beyond its shards (newer fields:
/// absent on older endpoints and the emulators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamCapacity {
    /// Present for on-demand streams in an Advantage account.
    pub warm: Option<WarmThroughput>,
    pub max_record_kib: Option<u32>,
    pub distribution: Option<Distribution>,
    /// Delivery channels (to S3 or an Iceberg table).
    pub channels: Option<u32>,
}

impl StreamCapacity {
    /// The maximum record size, `1 MiB` by default.
    pub fn max_record_text(&self) -> String {
        let kib = self.max_record_kib.unwrap_or(MIN_RECORD_KIB);
        if kib.is_multiple_of(1_024) {
            format!("{} MiB", kib / 1_024)
        } else {
            format!("{kib} KiB")
        }
    }
}

/// How records are placed on shards (UpdateStreamRecordDistributionStrategy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Distribution {
    /// By partition key (or explicit hash key): per-key order kept. The default.
    #[default]
    PartitionKey,
    /// Spread evenly by Kinesis, keys ignored: no per-key order.
    Auto,
}

impl Distribution {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Self::Auto),
            "partition-key" | "user_partition_key" | "key" => Some(Self::PartitionKey),
            _ => None,
        }
    }

    /// The API's value.
    pub fn api(&self) -> &'static str {
        match self {
            Self::PartitionKey => "USER_PARTITION_KEY",
            Self::Auto => "AUTO",
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PartitionKey => "partition-key",
            Self::Auto => "auto",
        }
    }
}

impl std::fmt::Display for Distribution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A warm throughput with room above `peak_mibps` (the stream's peak write rate): 1.5 × the
/// peak, rounded up to 10 MiB/s, at least 10, at most the service's maximum.
pub fn recommended_warm(peak_mibps: f64) -> u32 {
    let wanted = (peak_mibps.max(0.0) * WARM_HEADROOM / 10.0).ceil() * 10.0;
    // Clamped to 10..=10,240 first, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let wanted = wanted.clamp(10.0, f64::from(MAX_WARM_MIBPS)) as u32;
    wanted
}

/// Why an on-demand stream throttles, in sentences computed from its metrics, and the levers.
#[derive(Debug, Clone, PartialEq)]
pub struct ThrottleReasons {
    /// Records throttled in the window.
    pub throttled: f64,
    /// The window's peak write rate and the earliest rate, in MiB/s.
    pub peak_mibps: f64,
    pub lines: Vec<String>,
    pub levers: Vec<Lever>,
}

/// A change that can relieve a throttling on-demand stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lever {
    /// UpdateStreamWarmThroughput to this many MiB/s (needs Advantage).
    Warm(u32),
    /// Turn On-demand Advantage on first (warm throughput needs it).
    Advantage,
    /// UpdateStreamRecordDistributionStrategy to AUTO (one key dominates).
    Auto,
    /// UpdateStreamMode to provisioned at this many shards.
    Provisioned(u32),
    /// Sample the records for the partition keys (`:keys`).
    Keys,
}

impl Lever {
    /// The command line that opens its planned change.
    pub fn command(&self) -> String {
        match self {
            Self::Warm(mibps) => format!("warm {mibps}"),
            Self::Advantage => "advantage on".to_string(),
            Self::Auto => "distribution auto".to_string(),
            Self::Provisioned(_) => "mode".to_string(),
            Self::Keys => "keys".to_string(),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Warm(mibps) => format!(
                "warm the stream to {mibps} MiB/s (ready before traffic, billed as Advantage)"
            ),
            Self::Advantage => {
                "turn On-demand Advantage on (warm throughput needs it; a 24-hour commitment)"
                    .to_string()
            }
            Self::Auto => {
                "spread records evenly (AUTO): removes a hot key's limit, loses per-key order"
                    .to_string()
            }
            Self::Provisioned(shards) => {
                format!("switch to provisioned at {shards} shards and manage the count yourself")
            }
            Self::Keys => {
                "read the records and rank their partition keys (a minute's sample)".to_string()
            }
        }
    }
}

/// The explanation for an on-demand stream that throttled writes in the last 15 minutes of
/// its metrics (before `now`); None when it did not. `dominant_key` is the share (0–1) of the
/// busiest partition key where a sample of records tells it.
pub fn throttle_reasons(
    metrics: &StreamMetrics,
    advantage: &Advantage,
    warm: Option<WarmThroughput>,
    dominant_key: Option<f64>,
    now: Timestamp,
) -> Option<ThrottleReasons> {
    if metrics
        .write_throttled
        .sum_since(now - chrono::Duration::minutes(15))
        <= 0.0
    {
        return None;
    }
    let throttled: f64 = metrics.write_throttled.points.iter().map(|(_, v)| v).sum();
    let per_sec = |bytes_a_minute: f64| bytes_a_minute / 60.0 / 1_048_576.0;
    let rates: Vec<f64> = metrics
        .incoming_bytes
        .points
        .iter()
        .map(|(_, v)| per_sec(*v))
        .collect();
    let peak = rates.iter().copied().fold(0.0, f64::max);
    let mut lines = vec![format!(
        "{} writes throttled in the last hour; peak write rate {peak:.1} MiB/s",
        thousands(throttled)
    )];
    // The fastest doubling within 15 minutes: on-demand Standard adapts to twice the previous
    // peak, and may throttle when traffic more than doubles within 15 minutes.
    let doubled = rates.iter().enumerate().any(|(i, rate)| {
        rates[i.saturating_sub(15)..i]
            .iter()
            .any(|before| *before > 0.0 && *rate > 2.0 * before)
    });
    // Zero is what an Advantage account reports for a stream never warmed.
    let warm_current = warm.and_then(|w| w.current_mibps).filter(|c| *c > 0);
    let key_dominates = dominant_key.is_some_and(|share| share >= 0.4);
    let mut levers = Vec::new();
    let warm_lever = if advantage.is_on() {
        Lever::Warm(recommended_warm(peak))
    } else {
        Lever::Advantage
    };
    match warm_current {
        Some(current) if f64::from(current) < peak => lines.push(format!(
            "the stream is warm for {current} MiB/s, below the peak: writes above it wait for on-demand to scale"
        )),
        _ if doubled => lines.push(
            "traffic more than doubled within 15 minutes: on-demand takes double its previous peak (30 days) at once, and scales behind a faster rise"
                .to_string(),
        ),
        _ => lines.push(
            "the writes did not rise faster than on-demand adapts (double the previous peak at once)"
                .to_string(),
        ),
    }
    let burst = doubled || warm_current.is_some_and(|c| f64::from(c) < peak);
    match dominant_key {
        Some(share) if key_dominates => {
            lines.push(format!(
                "one partition key carries {:.0} % of the writes: a key is bounded by one shard's {SHARD_WRITE_MIBPS:.0} MiB/s in every mode",
                share * 100.0
            ));
            levers.push(Lever::Auto);
        }
        Some(_) => {}
        None if burst => lines.push(format!(
            "a single partition key is bounded by one shard's {SHARD_WRITE_MIBPS:.0} MiB/s in every mode: :keys samples the records to tell"
        )),
        None => {
            lines.push(format!(
                "so one partition key over a shard's {SHARD_WRITE_MIBPS:.0} MiB/s is the likely cause: :keys samples the records to tell"
            ));
            levers.push(Lever::Keys);
            levers.push(Lever::Auto);
        }
    }
    if burst {
        levers.insert(0, warm_lever);
    } else {
        levers.push(warm_lever);
    }
    levers.push(Lever::Provisioned(provisioned_shards(peak, metrics)));
    Some(ThrottleReasons {
        throttled,
        peak_mibps: peak,
        lines,
        levers,
    })
}

/// Shards for the window's peak with headroom: 1 MiB/s and 1,000 records/s each.
pub fn provisioned_shards(peak_mibps: f64, metrics: &StreamMetrics) -> u32 {
    let peak_records = metrics
        .incoming_records
        .points
        .iter()
        .map(|(_, v)| v / 60.0)
        .fold(0.0, f64::max);
    let needed = (peak_mibps / SHARD_WRITE_MIBPS)
        .max(peak_records / 1_000.0)
        .max(1.0)
        * WARM_HEADROOM;
    // At most 10,000 shards per stream: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let shards = needed.ceil().min(10_000.0) as u32;
    shards
}

/// `715,588`.
fn thousands(value: f64) -> String {
    #[allow(clippy::cast_possible_truncation)]
    let digits = (value.round() as i64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && c != '-' {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MetricSeries;

    fn at(minute: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_700_000_000 + minute * 60, 0).unwrap()
    }

    fn metrics(mib_per_sec: &[f64], throttled_at: &[usize]) -> StreamMetrics {
        let bytes = mib_per_sec
            .iter()
            .enumerate()
            .map(|(i, m)| (at(i as i64), m * 60.0 * 1_048_576.0))
            .collect();
        let throttled = throttled_at
            .iter()
            .map(|i| (at(*i as i64), 120.0))
            .collect();
        StreamMetrics {
            incoming_bytes: MetricSeries { points: bytes },
            write_throttled: MetricSeries { points: throttled },
            ..StreamMetrics::default()
        }
    }

    #[test]
    fn recommendations_leave_half_again_in_tens_within_the_maximum() {
        assert_eq!(recommended_warm(0.0), 10);
        assert_eq!(recommended_warm(33.0), 50);
        assert_eq!(recommended_warm(80.0), 120);
        assert_eq!(recommended_warm(50_000.0), MAX_WARM_MIBPS);
    }

    #[test]
    fn warming_shows_current_toward_target() {
        let warming = WarmThroughput {
            target_mibps: Some(120),
            current_mibps: Some(40),
        };
        assert!(warming.warming());
        assert_eq!(warming.text(), "40 → 120 MiB/s");
        let warm = WarmThroughput {
            target_mibps: Some(120),
            current_mibps: Some(120),
        };
        assert!(!warm.warming());
        assert_eq!(warm.text(), "120 MiB/s");
    }

    #[test]
    fn throttling_over_a_quarter_hour_ago_is_not_explained_now() {
        assert_eq!(
            throttle_reasons(
                &metrics(&[5.0, 6.0], &[0]),
                &Advantage::Off,
                None,
                None,
                at(20)
            ),
            None
        );
    }

    #[test]
    fn no_throttling_no_explanation() {
        assert_eq!(
            throttle_reasons(
                &metrics(&[5.0, 6.0], &[]),
                &Advantage::Off,
                None,
                None,
                at(2)
            ),
            None
        );
    }

    #[test]
    fn a_doubling_burst_on_standard_is_named_and_advantage_offered_first() {
        let mut rates = vec![10.0; 20];
        rates.extend([25.0, 30.0]);
        let reasons = throttle_reasons(
            &metrics(&rates, &[20, 21]),
            &Advantage::Off,
            None,
            None,
            at(22),
        )
        .unwrap();
        assert_eq!(reasons.throttled, 240.0);
        assert!((reasons.peak_mibps - 30.0).abs() < 1e-9);
        assert!(
            reasons
                .lines
                .iter()
                .any(|l| l.contains("more than doubled within 15 minutes"))
        );
        assert!(reasons.lines[0].starts_with("240 writes throttled"));
        assert_eq!(thousands(715_588.0), "715,588");
        assert_eq!(thousands(12.0), "12");
        assert_eq!(reasons.levers[0], Lever::Advantage);
        assert_eq!(reasons.levers.last(), Some(&Lever::Provisioned(45)));
    }

    #[test]
    fn in_advantage_a_cold_stream_is_offered_warm_throughput_and_a_hot_key_auto() {
        let on = Advantage::On {
            started: None,
            earliest_end: None,
        };
        let warm = WarmThroughput {
            target_mibps: Some(10),
            current_mibps: Some(10),
        };
        let reasons = throttle_reasons(
            &metrics(&[8.0, 40.0], &[1]),
            &on,
            Some(warm),
            Some(0.7),
            at(2),
        )
        .unwrap();
        assert!(
            reasons
                .lines
                .iter()
                .any(|l| l.contains("warm for 10 MiB/s"))
        );
        assert!(reasons.lines.iter().any(|l| l.contains("70 %")));
        assert_eq!(
            reasons.levers,
            vec![Lever::Warm(60), Lever::Auto, Lever::Provisioned(60)]
        );
    }

    #[test]
    fn advantage_says_its_end_and_its_consumer_limit() {
        assert_eq!(Advantage::Off.label(), "Standard");
        assert_eq!(Advantage::Off.consumer_limit(), 20);
        let ending = Advantage::Ending { ends: Some(at(0)) };
        assert!(ending.is_on());
        assert_eq!(ending.consumer_limit(), 50);
        assert!(ending.label().starts_with("Advantage until 2023-11-14"));
    }

    #[test]
    fn distribution_parses_the_operator_s_words() {
        assert_eq!(Distribution::parse("AUTO"), Some(Distribution::Auto));
        assert_eq!(
            Distribution::parse("partition-key"),
            Some(Distribution::PartitionKey)
        );
        assert_eq!(Distribution::parse("random"), None);
        assert_eq!(Distribution::Auto.api(), "AUTO");
    }
}

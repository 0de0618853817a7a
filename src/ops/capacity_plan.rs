//! On-demand capacity as plans: warm throughput, the account's On-demand Advantage mode, the record distribution strategy and the maximum record size.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::capacity::{
    Advantage, Distribution, MAX_RECORD_KIB, MAX_WARM_MIBPS, MIN_RECORD_KIB, StreamCapacity,
    recommended_warm,
};
use crate::domain::channel::{Channel, ChannelStatus, MAX_FRESHNESS_SECS, MIN_FRESHNESS_SECS};
use crate::domain::{CapacityMode, StreamStatus, StreamSummary, Timestamp};

/// What a stream-level capacity plan is made from: the stream as last described.
#[derive(Debug, Clone, Copy)]
pub struct StreamFacts<'a> {
    pub summary: &'a StreamSummary,
    /// Another change of this stream is running (kinetic's own, or UPDATING in AWS).
    pub busy: bool,
}

impl StreamFacts<'_> {
    fn name(&self) -> &str {
        &self.summary.name
    }

    fn capacity(&self) -> StreamCapacity {
        self.summary.capacity
    }

    fn active(&self) -> Check {
        Check::either(
            "stream ACTIVE",
            self.summary.status == StreamStatus::Active && !self.busy,
            "ACTIVE, nothing in flight",
            format!(
                "the stream is {}{}; wait until it is ACTIVE",
                self.summary.status,
                if self.busy {
                    " with a change in flight"
                } else {
                    ""
                }
            ),
        )
    }

    fn on_demand(&self, what: &str) -> Check {
        let mode = self.summary.mode;
        Check::either(
            "on-demand",
            mode == Some(CapacityMode::OnDemand),
            "ON_DEMAND",
            format!(
                "{} is {}: {what} is for on-demand streams (`:mode` switches it)",
                self.name(),
                mode.map_or("of unknown mode".to_string(), |m| m.to_string())
            ),
        )
    }
}

/// Parses `:warm MIBPS` ("120", "120mib", "120 MiB/s").
pub fn parse_mibps(input: &str) -> Result<u32, String> {
    let text = input.trim().to_ascii_lowercase();
    let number = text
        .trim_end_matches("/s")
        .trim_end_matches("mibps")
        .trim_end_matches("mib")
        .trim();
    number
        .parse::<u32>()
        .map_err(|_| format!("\"{input}\" is not a throughput in MiB/s, like 120"))
}

/// UpdateStreamWarmThroughput to `target` MiB/s; `peak_mibps` is the stream's recent peak write
/// rate, for the recommendation.
pub fn warm_throughput(
    facts: StreamFacts<'_>,
    advantage: &Advantage,
    target: u32,
    peak_mibps: Option<f64>,
) -> OpPlan {
    let stream = facts.name().to_string();
    let before = facts
        .capacity()
        .warm
        .map_or("none".to_string(), |w| w.text());
    let mut checks = vec![facts.active(), facts.on_demand("warm throughput")];
    checks.push(Check::either(
        "On-demand Advantage",
        advantage.is_on(),
        format!("the account is in {}", advantage.label()),
        "the account is in on-demand Standard: warm throughput needs On-demand Advantage (`:advantage on`, a 24-hour commitment)",
    ));
    checks.push(Check::either(
        "range",
        target <= MAX_WARM_MIBPS,
        format!("{target} MiB/s, within the {MAX_WARM_MIBPS} MiB/s maximum"),
        format!(
            "{target} MiB/s is over the service's maximum of {MAX_WARM_MIBPS} MiB/s per stream"
        ),
    ));
    if let Some(peak) = peak_mibps {
        let recommended = recommended_warm(peak);
        checks.push(if f64::from(target) < peak {
            Check::warn(
                "recommendation",
                format!("{target} MiB/s is below the last hour's peak of {peak:.1} MiB/s; {recommended} leaves room (1.5 × the peak)"),
            )
        } else {
            Check::pass(
                "recommendation",
                format!("peak {peak:.1} MiB/s in the last hour; {recommended} MiB/s leaves room (1.5 × the peak)"),
            )
        });
    }
    checks.push(Check::warn(
        "cost",
        "warm throughput is billed per MiB/s-hour kept warm, whether used or not; setting it lower releases it",
    ));
    OpPlan {
        resource: Resource::Stream(stream.clone()),
        title: format!("Warm {stream}"),
        changes: vec![Change::new(
            "warm throughput",
            before,
            format!("{target} MiB/s"),
        )],
        call: OpCall::UpdateWarmThroughput { target },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::WarmThroughput { target },
        gate: false,
        recovery: false,
        done: format!("{stream} is warm for {target} MiB/s"),
        next: None,
        notes: vec![
            "the stream stays readable and writable while UPDATING; followed until the current warm throughput reaches the target".to_string(),
        ],
    }
}

/// UpdateAccountSettings: On-demand Advantage `on` or off for the region's account.
pub fn advantage(region: &str, now_mode: &Advantage, on: bool, now: Timestamp) -> OpPlan {
    let after = if on {
        "Advantage".to_string()
    } else {
        match now_mode {
            Advantage::On {
                earliest_end: Some(end),
                ..
            } if *end > now => format!(
                "Advantage until {} (the earliest allowed end), then Standard",
                end.format("%Y-%m-%d %H:%M UTC")
            ),
            _ => "Standard".to_string(),
        }
    };
    let mut checks = Vec::new();
    let already = match (on, now_mode) {
        (true, Advantage::On { .. }) => Some("On-demand Advantage is already on"),
        (false, Advantage::Off) => Some("On-demand Advantage is already off"),
        (false, Advantage::Ending { .. }) => {
            Some("On-demand Advantage already ends at its earliest allowed end")
        }
        _ => None,
    };
    checks.push(match already {
        Some(why) => Check::fail("change", why),
        None => Check::pass("change", format!("{} → {after}", now_mode.label())),
    });
    if on {
        checks.push(match now_mode {
            Advantage::Ending { .. } => Check::pass(
                "scheduled end",
                "turning it on again cancels the scheduled end; the commitment goes on",
            ),
            _ => Check::warn(
                "commitment",
                "at least 24 hours: it cannot end sooner. Billing of every on-demand stream in this region changes to Advantage's committed throughput",
            ),
        });
    } else {
        checks.push(Check::warn(
            "effect",
            "every on-demand stream in the region returns to Standard: warm throughput is released and streams take up to double their previous peak at once; consumers per stream drop to 20",
        ));
    }
    OpPlan {
        resource: Resource::Account(region.to_string()),
        title: format!(
            "Turn On-demand Advantage {} in {region}",
            if on { "on" } else { "off" }
        ),
        changes: vec![Change::new(
            "on-demand mode",
            now_mode.label(),
            after.clone(),
        )],
        call: OpCall::UpdateAccountSettings { on },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::AccountSettled { on },
        gate: false,
        recovery: false,
        done: format!("on-demand mode in {region}: {after}"),
        next: None,
        notes: vec![format!(
            "account-wide: type the region ({region}) to confirm"
        )],
    }
}

/// UpdateStreamRecordDistributionStrategy to `to`.
pub fn distribution(facts: StreamFacts<'_>, to: Distribution) -> OpPlan {
    let stream = facts.name().to_string();
    let from = facts.capacity().distribution.unwrap_or_default();
    let mut checks = vec![
        facts.active(),
        facts.on_demand("the record distribution strategy"),
    ];
    checks.push(Check::either(
        "change",
        from != to,
        format!("{from} → {to}"),
        format!("the stream already distributes by {to}"),
    ));
    match to {
        Distribution::Auto => checks.push(Check::warn(
            DESTRUCTIVE,
            "per-key ordering is lost for every consumer: records with the same partition key land on any shard, and partition and explicit hash keys are ignored",
        )),
        Distribution::PartitionKey => checks.push(Check::pass(
            "ordering",
            "records with the same partition key go to the same shard again (from now on)",
        )),
    }
    checks.push(Check::pass(
        "records already written",
        "keep their shards: only new records are placed the new way",
    ));
    OpPlan {
        resource: Resource::Stream(stream.clone()),
        title: format!("Change how {stream} places records"),
        changes: vec![Change::new(
            "record distribution",
            from.as_str(),
            to.as_str(),
        )],
        call: OpCall::UpdateDistribution {
            arn: facts.summary.arn.clone(),
            from,
            to,
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!("{stream} distributes records by {to}"),
        next: None,
        notes: Vec::new(),
    }
}

/// UpdateChannel: `channel`'s data freshness to `to` seconds (300–900, refused outside before any
/// call; a FAILED channel cannot be changed).
pub fn channel_freshness(channel: &Channel, to: u32) -> OpPlan {
    let from = channel.freshness_secs;
    let mut checks = vec![match channel.status {
        ChannelStatus::Active => Check::pass("channel ACTIVE", "ACTIVE"),
        ChannelStatus::Failed => Check::fail(
            "channel ACTIVE",
            format!(
                "{}: a FAILED channel cannot be changed; delete it and create it again",
                channel.status_text()
            ),
        ),
        ref other => Check::fail(
            "channel ACTIVE",
            format!("the channel is {}; wait until it is ACTIVE", other.as_str()),
        ),
    }];
    checks.push(if !(MIN_FRESHNESS_SECS..=MAX_FRESHNESS_SECS).contains(&to) {
        Check::fail(
            "range",
            format!("{to} s is outside {MIN_FRESHNESS_SECS}–{MAX_FRESHNESS_SECS} s (5 to 15 minutes)"),
        )
    } else if from == Some(to) {
        Check::fail("range", format!("the data freshness is already {to} s"))
    } else {
        Check::pass("range", format!("{to} s, within {MIN_FRESHNESS_SECS}–{MAX_FRESHNESS_SECS} s"))
    });
    checks.push(Check::pass(
        "effect",
        "lower delivers sooner in smaller files; higher batches more into fewer, larger files",
    ));
    OpPlan {
        resource: Resource::Channel(channel.name.clone()),
        title: format!("Change the data freshness of channel {}", channel.name),
        changes: vec![Change::new(
            "data freshness",
            from.map_or("unknown".to_string(), |s| format!("{s} s")),
            format!("{to} s"),
        )],
        call: OpCall::UpdateChannelFreshness {
            channel: Box::new(channel.clone()),
            from,
            to,
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::ChannelActive {
            arn: channel.arn.clone(),
        },
        gate: false,
        recovery: false,
        done: format!("channel {} delivers within {to} s", channel.name),
        next: None,
        notes: vec![format!("delivers to {}", channel.destination.text())],
    }
}

/// Parses `:max-record-size KIB` ("2048", "2048kib", "2mib").
pub fn parse_record_size(input: &str) -> Result<u32, String> {
    let text = input.trim().to_ascii_lowercase();
    let (number, factor) = match text.strip_suffix("mib") {
        Some(mib) => (mib, 1_024),
        None => (text.strip_suffix("kib").unwrap_or(&text), 1),
    };
    number
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("\"{input}\" is not a size like 2048 (KiB) or 2mib"))
}

/// UpdateMaxRecordSize to `to` KiB (refused outside 1,024–10,240 before any call).
pub fn max_record_size(facts: StreamFacts<'_>, to: u32) -> OpPlan {
    let stream = facts.name().to_string();
    let capacity = facts.capacity();
    let from = capacity.max_record_kib.unwrap_or(MIN_RECORD_KIB);
    let mut checks = vec![facts.active()];
    checks.push(if !(MIN_RECORD_KIB..=MAX_RECORD_KIB).contains(&to) {
        Check::fail(
            "range",
            format!("{to} KiB is outside {MIN_RECORD_KIB}–{MAX_RECORD_KIB} KiB (1 to 10 MiB)"),
        )
    } else if to == from {
        Check::fail("range", format!("the maximum is already {to} KiB"))
    } else {
        Check::pass("range", format!("{from} KiB → {to} KiB"))
    });
    if to > MIN_RECORD_KIB {
        checks.push(Check::warn(
            "consumers",
            "every consumer must read records this large: older KCL and Lambda settings may fail on records over 1 MiB",
        ));
    }
    checks.push(Check::pass(
        "shard limits",
        "unchanged: a shard still takes 1 MiB/s of writes, so a large record uses a shard's whole second",
    ));
    OpPlan {
        resource: Resource::Stream(stream.clone()),
        title: format!("Change the maximum record size of {stream}"),
        changes: vec![Change::new(
            "maximum record size",
            format!("{from} KiB"),
            format!("{to} KiB"),
        )],
        call: OpCall::UpdateMaxRecordSize {
            arn: facts.summary.arn.clone(),
            from,
            to,
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!("{stream} takes records up to {to} KiB"),
        next: None,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::capacity::WarmThroughput;

    fn summary(mode: CapacityMode) -> StreamSummary {
        StreamSummary {
            name: "checkout-events".into(),
            arn: "arn:aws:kinesis:us-east-1:123456789012:stream/checkout-events".into(),
            status: StreamStatus::Active,
            mode: Some(mode),
            open_shards: 4,
            retention_hours: 24,
            consumers: 0,
            shard_level_metrics: Vec::new(),
            encryption: None,
            created: None,
            capacity: StreamCapacity {
                warm: Some(WarmThroughput {
                    target_mibps: Some(0),
                    current_mibps: Some(0),
                }),
                max_record_kib: Some(1_024),
                distribution: Some(Distribution::PartitionKey),
                channels: None,
            },
        }
    }

    fn on() -> Advantage {
        Advantage::On {
            started: None,
            earliest_end: None,
        }
    }

    fn at(hours: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_700_000_000 + hours * 3600, 0).unwrap()
    }

    #[test]
    fn warm_throughput_needs_on_demand_advantage_activity_and_the_range() {
        let on_demand = summary(CapacityMode::OnDemand);
        let facts = StreamFacts {
            summary: &on_demand,
            busy: false,
        };
        let plan = warm_throughput(facts, &on(), 30, Some(11.4));
        assert!(plan.runnable(), "{:?}", plan.checks);
        assert_eq!(plan.call, OpCall::UpdateWarmThroughput { target: 30 });
        assert_eq!(plan.follow, Follow::WarmThroughput { target: 30 });
        assert_eq!(plan.changes[0].before, "none");
        assert!(!warm_throughput(facts, &Advantage::Off, 30, None).runnable());
        assert!(!warm_throughput(facts, &on(), MAX_WARM_MIBPS + 1, None).runnable());
        let busy = StreamFacts {
            summary: &on_demand,
            busy: true,
        };
        assert!(!warm_throughput(busy, &on(), 30, None).runnable());
        let provisioned = summary(CapacityMode::Provisioned);
        let facts = StreamFacts {
            summary: &provisioned,
            busy: false,
        };
        assert!(!warm_throughput(facts, &on(), 30, None).runnable());
    }

    #[test]
    fn a_warm_target_below_the_peak_is_warned_with_the_recommendation() {
        let on_demand = summary(CapacityMode::OnDemand);
        let facts = StreamFacts {
            summary: &on_demand,
            busy: false,
        };
        let plan = warm_throughput(facts, &on(), 5, Some(11.4));
        let advice = plan
            .checks
            .iter()
            .find(|c| c.name == "recommendation")
            .unwrap();
        assert!(
            advice.detail.contains("20 leaves room"),
            "{}",
            advice.detail
        );
        assert!(plan.runnable());
    }

    #[test]
    fn advantage_off_early_ends_at_the_earliest_allowed_end_and_on_cancels_an_end() {
        let committed = Advantage::On {
            started: Some(at(0)),
            earliest_end: Some(at(24)),
        };
        let off = advantage("us-east-1", &committed, false, at(2));
        assert!(off.runnable());
        assert!(off.changes[0].after.contains("until 2023-11-15"));
        assert_eq!(off.resource, Resource::Account("us-east-1".into()));
        assert!(off.needs_name());
        let ending = Advantage::Ending { ends: Some(at(24)) };
        let again = advantage("us-east-1", &ending, true, at(3));
        assert!(again.runnable());
        assert!(again.checks.iter().any(|c| c.detail.contains("cancels")));
        assert!(!advantage("us-east-1", &committed, true, at(3)).runnable());
        assert!(!advantage("us-east-1", &Advantage::Off, false, at(3)).runnable());
    }

    #[test]
    fn auto_distribution_is_destructive_and_only_for_on_demand() {
        let on_demand = summary(CapacityMode::OnDemand);
        let facts = StreamFacts {
            summary: &on_demand,
            busy: false,
        };
        let plan = distribution(facts, Distribution::Auto);
        assert!(plan.runnable() && plan.destructive());
        assert!(!distribution(facts, Distribution::PartitionKey).runnable());
        let provisioned = summary(CapacityMode::Provisioned);
        let facts = StreamFacts {
            summary: &provisioned,
            busy: false,
        };
        assert!(!distribution(facts, Distribution::Auto).runnable());
    }

    #[test]
    fn record_sizes_outside_one_to_ten_mib_are_refused_before_any_call() {
        assert_eq!(parse_record_size("2mib"), Ok(2_048));
        assert_eq!(parse_record_size("4096"), Ok(4_096));
        assert!(parse_record_size("big").is_err());
        assert_eq!(parse_mibps("120 MiB/s"), Ok(120));
        assert_eq!(
            parse_mibps("lots"),
            Err("\"lots\" is not a throughput in MiB/s, like 120".to_string())
        );
        let stream = summary(CapacityMode::Provisioned);
        let facts = StreamFacts {
            summary: &stream,
            busy: false,
        };
        assert!(max_record_size(facts, 2_048).runnable());
        assert!(!max_record_size(facts, 512).runnable());
        assert!(!max_record_size(facts, 10_241).runnable());
        assert!(!max_record_size(facts, 1_024).runnable());
    }
}

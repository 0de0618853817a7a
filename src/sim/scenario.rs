//! Builds the simulated account for a seed: named scenario streams first, then a varied crowd.
use super::rng::Rng;
use super::stream::{OnDemandState, Pending, SimStream};
use super::traffic::{Burst, HotKey, SHARD_BYTES_PER_SEC, TrafficProfile};
use crate::domain::capacity::MIN_RECORD_KIB;
use crate::domain::{CapacityMode, Consumer, HashRange, StreamStatus, Timestamp};

pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";

const DOMAINS: [&str; 20] = [
    "orders",
    "payments",
    "clickstream",
    "inventory",
    "shipments",
    "telemetry",
    "audit",
    "fraud-signals",
    "user-events",
    "search-queries",
    "recommendations",
    "ad-impressions",
    "iot-sensors",
    "billing",
    "notifications",
    "sessions",
    "ledger",
    "pricing",
    "returns",
    "reviews",
];
const KINDS: [&str; 8] = [
    "ingest",
    "events",
    "raw",
    "cdc",
    "enriched",
    "aggregates",
    "dlq",
    "stream",
];
const SHARD_COUNTS: [u32; 16] = [1, 2, 2, 2, 4, 4, 4, 6, 8, 8, 10, 12, 16, 24, 32, 48];

/// The first streams of every account, each showing one thing an operator must spot.
const SCENARIOS: [&str; 6] = [
    "orders-ingest",      // hot shard, throttling
    "payments-events",    // split and merge lineage
    "clickstream-raw",    // big on-demand stream
    "inventory-cdc",      // resharding in progress (UPDATING)
    "telemetry-enriched", // consumers falling behind
    "audit-events",       // being created
];

/// On-demand streams in each state of their capacity, after the first scenarios.
const CAPACITY_SCENARIOS: [&str; 3] = [
    "checkout-events", // cold: throttles on a burst that more than doubled
    "ledger-events",   // one partition key carries most of the writes
    "search-queries",  // warming toward its target
];

/// How many of the first streams `build` makes are shaped scenarios (throttled, being created,
/// in ALARM…) rather than ordinary traffic.
pub const SHAPED: usize = SCENARIOS.len() + CAPACITY_SCENARIOS.len();

fn stream_name(index: usize, rng: &mut Rng) -> String {
    if let Some(name) = SCENARIOS.get(index) {
        return (*name).to_string();
    }
    let domain = DOMAINS[index % DOMAINS.len()];
    let kind = KINDS[(index / DOMAINS.len()) % KINDS.len()];
    let env = rng.pick(&["prod", "prod", "staging", "dev"]);
    if let Some(name) = CAPACITY_SCENARIOS.get(index - SCENARIOS.len()) {
        // The pick above keeps every later stream as it was before these were added.
        return (*name).to_string();
    }
    format!("{domain}-{kind}-{env}-{index:04}")
}

/// Every stream of the account, created `now`-relative so ages and lineage look real.
pub fn build(seed: u64, count: usize, now: Timestamp) -> Vec<SimStream> {
    let mut rng = Rng::new(seed);
    let mut streams: Vec<SimStream> = (0..count)
        .map(|index| {
            let name = stream_name(index, &mut rng);
            crowd_stream(name, index, &mut rng, now)
        })
        .collect();
    for stream in streams
        .iter_mut()
        .take(SCENARIOS.len() + CAPACITY_SCENARIOS.len())
    {
        shape_scenario(stream, now);
    }
    streams.sort_by(|a, b| a.name.cmp(&b.name));
    streams
}

fn crowd_stream(name: String, index: usize, rng: &mut Rng, now: Timestamp) -> SimStream {
    let mode = if rng.chance(0.25) {
        CapacityMode::OnDemand
    } else {
        CapacityMode::Provisioned
    };
    let shard_count = *rng.pick(&SHARD_COUNTS);
    let capacity = f64::from(shard_count) * 1000.0;
    let records_per_sec = capacity * (0.02 + rng.next_f64() * 0.5);
    let key = rng.next_u64();
    let mut stream = SimStream {
        arn: format!("arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/{name}"),
        name,
        mode,
        status: StreamStatus::Active,
        retention_hours: *rng.pick(&[24, 24, 24, 48, 168, 168, 720]),
        created: now - chrono::Duration::days(rng.range(3, 900) as i64),
        shards: Vec::new(),
        next_shard: 0,
        consumers: Vec::new(),
        shard_level_metrics: if rng.chance(0.3) {
            vec!["IncomingBytes".into(), "IncomingRecords".into()]
        } else {
            Vec::new()
        },
        encryption: rng.chance(0.6).then(|| "KMS".to_string()),
        traffic: TrafficProfile {
            key,
            records_per_sec,
            bytes_per_record: 120.0 + rng.next_f64() * 900.0,
            peak_hour: rng.next_f64() * 24.0,
            jitter: 0.05 + rng.next_f64() * 0.2,
            hot_key: None,
            iterator_age_ms: 50.0 + rng.next_f64() * 800.0,
            iterator_age_growth_per_hour: 0.0,
            lag_started: now - chrono::Duration::minutes(30),
            burst: None,
            spread: false,
        },
        busy_until: None,
        pending: None,
        scalings: Vec::new(),
        shard_times: std::collections::HashMap::new(),
        on_demand: OnDemandState {
            max_record_kib: MIN_RECORD_KIB,
            standard_mibps: 0.0,
            ..OnDemandState::default()
        },
    };
    for range in HashRange::even_split(shard_count) {
        stream.add_shard(range, None, None);
    }
    // Some streams were resharded in the past: their closed parents are still listed.
    if index % 7 == 3 && shard_count >= 2 {
        let first = stream.shards[0].id.clone();
        let at = stream.shards[0].hash_range.midpoint();
        stream.apply_split(&first, at);
    }
    let consumers = rng.range(0, 4);
    for n in 0..consumers {
        let consumer = ["analytics", "archiver", "flink-app", "lambda-fanout"][n as usize];
        stream.consumers.push(Consumer {
            name: consumer.to_string(),
            arn: format!("{}/consumer/{consumer}:{}", stream.arn, 1_600_000_000 + n),
            status: "ACTIVE".to_string(),
            created: Some(stream.created + chrono::Duration::days(1)),
        });
    }
    stream
}

fn reset_shards(stream: &mut SimStream, count: u32) {
    stream.shards.clear();
    stream.next_shard = 0;
    for range in HashRange::even_split(count) {
        stream.add_shard(range, None, None);
    }
}

fn shape_scenario(stream: &mut SimStream, now: Timestamp) {
    match stream.name.as_str() {
        "orders-ingest" => {
            stream.mode = CapacityMode::Provisioned;
            reset_shards(stream, 4);
            stream.shard_level_metrics = vec!["ALL".into()];
            // Plenty of room overall (2.2 of 4 MB/s), but one partition key floods shard 2.
            stream.traffic.records_per_sec = 3200.0;
            stream.traffic.bytes_per_record = 700.0;
            stream.traffic.hot_key = Some(HotKey {
                at: 0.6,
                weight: 4.0,
            });
        }
        "payments-events" => {
            stream.mode = CapacityMode::Provisioned;
            reset_shards(stream, 4);
            stream.shard_level_metrics = vec!["IncomingBytes".into(), "IncomingRecords".into()];
            let first = stream.shards[0].id.clone();
            let at = stream.shards[0].hash_range.midpoint();
            stream.apply_split(&first, at);
            let (third, fourth) = (stream.shards[2].id.clone(), stream.shards[3].id.clone());
            stream.apply_merge(&third, &fourth);
            stream.traffic.records_per_sec = 900.0;
        }
        "clickstream-raw" => {
            stream.mode = CapacityMode::OnDemand;
            reset_shards(stream, 48);
            stream.traffic.records_per_sec = 21_000.0;
            stream.traffic.bytes_per_record = 420.0;
            // Warmed ahead of its peak.
            stream.on_demand.warm_target = Some(200);
            stream.on_demand.warm_current = Some(200);
            stream.on_demand.standard_mibps = 20.0;
        }
        "checkout-events" => {
            stream.mode = CapacityMode::OnDemand;
            reset_shards(stream, 4);
            stream.consumers.clear();
            stream.traffic.records_per_sec = 4_000.0;
            stream.traffic.bytes_per_record = 1_000.0;
            stream.traffic.hot_key = None;
            // A sale started 12 minutes ago: traffic tripled, faster than on-demand adapts.
            stream.traffic.burst = Some(Burst {
                since: now - chrono::Duration::minutes(12),
                factor: 3.0,
            });
            // Double the rate before the sale, whatever the hour: the sale outruns it.
            let before = stream.traffic.rate_at(now - chrono::Duration::minutes(13));
            stream.on_demand.standard_mibps = 2.0 * before.bytes_per_sec / SHARD_BYTES_PER_SEC;
        }
        "ledger-events" => {
            stream.mode = CapacityMode::OnDemand;
            reset_shards(stream, 4);
            // At any hour, four in five of these bytes exceed one shard's 1 MiB/s.
            stream.traffic.records_per_sec = 3_000.0;
            stream.traffic.bytes_per_record = 900.0;
            // One account's entries: most of the writes under one key, over one shard's 1 MiB/s.
            stream.traffic.hot_key = Some(HotKey {
                at: 0.3,
                weight: 4.0,
            });
            stream.on_demand.standard_mibps = 40.0;
        }
        "search-queries" => {
            stream.mode = CapacityMode::OnDemand;
            reset_shards(stream, 8);
            stream.traffic.records_per_sec = 3_000.0;
            stream.traffic.bytes_per_record = 400.0;
            stream.on_demand.standard_mibps = 16.0;
            stream.on_demand.warm_target = Some(120);
            stream.on_demand.warm_current = Some(40);
            stream.on_demand.warm_started = Some(now - chrono::Duration::seconds(30));
            stream.start_update(Pending::Warm { from: 20 }, now, 90);
        }
        "inventory-cdc" => {
            stream.mode = CapacityMode::Provisioned;
            reset_shards(stream, 4);
            stream.traffic.records_per_sec = 2500.0;
            stream.scalings.push(now - chrono::Duration::hours(3));
            stream.scalings.push(now);
            stream.start_update(Pending::UniformScale { target: 8 }, now, 45);
        }
        "telemetry-enriched" => {
            stream.traffic.iterator_age_ms = 40_000.0;
            stream.traffic.iterator_age_growth_per_hour = 90_000.0;
            if stream.consumers.is_empty() {
                stream.consumers.push(Consumer {
                    name: "flink-app".into(),
                    arn: format!("{}/consumer/flink-app:1600000000", stream.arn),
                    status: "ACTIVE".into(),
                    created: Some(stream.created),
                });
            }
        }
        "audit-events" => {
            stream.created = now;
            stream.status = StreamStatus::Creating;
            stream.busy_until = Some(now + chrono::Duration::seconds(20));
            stream.pending = Some(Pending::Activate);
        }
        _ => {}
    }
}

//! Records in the simulated account: each shard's accepted traffic as records with realistic
//! JSON payloads, keyed so every key hashes into the shard that holds it (one skewed key on a
//! hot shard), KPL-aggregated on telemetry streams. Records are a pure function of the stream,
//! the shard and the second, so reading twice reads the same records.
use super::rng::mix;
use super::stream::SimStream;
use super::traffic::{SHARD_BYTES_PER_SEC, SHARD_RECORDS_PER_SEC};
use crate::domain::kpl::{UserRecord, aggregate};
use crate::domain::partition_key::hash_key;
use crate::domain::read_from::ReadFrom;
use crate::domain::time::from_epoch_millis;
use crate::domain::{HashRange, PortError, Timestamp};
use crate::ports::{RawRecord, RecordBatch};
use std::collections::HashMap;
use std::sync::Mutex;

/// GetRecords calls a shard answers per second, shared by every reader (AWS's quota).
pub const READS_PER_SHARD_PER_SEC: u32 = 5;
/// Shard iterators expire after this long, as AWS's do.
pub const ITERATOR_LIFETIME: chrono::Duration = chrono::Duration::minutes(5);
/// One GetRecords looks at most this far ahead (AWS answers empty batches while it catches up
/// through a quiet shard).
const SCAN: i64 = 3600;
/// Distinct ordinary keys per shard.
const KEYS_PER_SHARD: usize = 300;
/// User records in one KPL aggregate, at most.
const KPL_BATCH: u64 = 8;

/// Keys that hash into each shard, found once per shard.
#[derive(Default)]
pub struct KeyPools {
    pools: Mutex<HashMap<(String, String), std::sync::Arc<Pool>>>,
}

/// The keys of one shard: ordinary ones, and the skewed one when the hot key lands here.
pub struct Pool {
    keys: Vec<String>,
    skewed: Option<String>,
}

impl KeyPools {
    fn pool(&self, stream: &SimStream, shard: &str, range: HashRange) -> std::sync::Arc<Pool> {
        let mut pools = self
            .pools
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pools
            .entry((stream.name.clone(), shard.to_string()))
            .or_insert_with(|| std::sync::Arc::new(Pool::find(stream, range)))
            .clone()
    }
}

impl Pool {
    fn find(stream: &SimStream, range: HashRange) -> Self {
        let prefix = match kind(&stream.name) {
            Kind::Orders => "customer",
            Kind::Telemetry => "device",
            Kind::Events => "user",
        };
        let inside = |key: &String| range.start <= hash_key(key) && hash_key(key) <= range.end;
        let keys: Vec<String> = (0u64..)
            .map(|i| format!("{prefix}-{}", 10_000 + mix(stream.traffic.key ^ i) % 90_000))
            .filter(inside)
            .take(KEYS_PER_SHARD)
            .collect();
        let skewed = stream.traffic.hot_key.and_then(|hot| {
            let at = (hot.at.clamp(0.0, 1.0) * u128::MAX as f64) as u128;
            (range.start <= at && at <= range.end).then(|| {
                // A key of every hash range is found long before the range ends.
                (0u64..=u64::from(u32::MAX))
                    .map(|i| format!("tenant-{i}"))
                    .find(inside)
                    .unwrap_or_default()
            })
        });
        Self { keys, skewed }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Orders,
    Telemetry,
    Events,
}

fn kind(stream: &str) -> Kind {
    if stream.starts_with("orders")
        || stream.starts_with("payments")
        || stream.starts_with("billing")
    {
        Kind::Orders
    } else if stream.starts_with("telemetry") || stream.starts_with("iot") {
        Kind::Telemetry
    } else {
        Kind::Events
    }
}

/// Where an iterator is: the next record is record `index` of second `second`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    stream: String,
    shard: String,
    second: i64,
    index: u64,
    issued_ms: i64,
}

impl Position {
    fn encode(&self) -> String {
        format!(
            "sim|{}|{}|{}|{}|{}",
            self.stream, self.shard, self.second, self.index, self.issued_ms
        )
    }

    fn decode(iterator: &str) -> Option<Self> {
        let mut parts = iterator.split('|');
        (parts.next()? == "sim").then_some(())?;
        Some(Self {
            stream: parts.next()?.to_string(),
            shard: parts.next()?.to_string(),
            second: parts.next()?.parse().ok()?,
            index: parts.next()?.parse().ok()?,
            issued_ms: parts.next()?.parse().ok()?,
        })
    }
}

fn shard_number(shard: &str) -> u64 {
    shard
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn sequence(shard: &str, second: i64, index: u64) -> String {
    format!("49{:05}{:012}{:07}", shard_number(shard), second, index)
}

fn parse_sequence(sequence: &str) -> Option<(i64, u64)> {
    if sequence.len() != 26 || !sequence.is_ascii() || !sequence.starts_with("49") {
        return None;
    }
    Some((sequence[7..19].parse().ok()?, sequence[19..].parse().ok()?))
}

/// The share of the stream's traffic that lands in `range` (the same for every second of a call).
fn share_of(stream: &SimStream, range: &HashRange) -> f64 {
    stream.traffic.share_of(range, &stream.open_ranges())
}

/// Kinesis records the shard (with `share` of the stream's traffic) accepted in `second`;
/// writes above the shard's limits were throttled, as on AWS.
fn count_in(stream: &SimStream, share: f64, second: i64) -> u64 {
    let t = crate::domain::time::from_epoch_secs(second);
    let rate = stream.traffic.rate_at(t);
    let records = (rate.records_per_sec * share)
        .min(SHARD_RECORDS_PER_SEC)
        .min(SHARD_BYTES_PER_SEC / stream.traffic.bytes_per_record.max(1.0));
    let records = if kind(&stream.name) == Kind::Telemetry {
        records / KPL_BATCH as f64 * 2.0
    } else {
        records
    };
    let whole = records.floor();
    let fraction = records - whole;
    let roll = (mix(stream.traffic.key ^ (second as u64).wrapping_mul(0x9E37)) >> 11) as f64
        / (1u64 << 53) as f64;
    whole as u64 + u64::from(roll < fraction)
}

fn arrival_ms(second: i64, index: u64, count: u64) -> i64 {
    second * 1000 + (index * 1000 / count.max(1)) as i64
}

/// The first index of `second` that arrives at or after `ms`.
fn first_at(second: i64, count: u64, ms: i64) -> u64 {
    let into = (ms - second * 1000).clamp(0, 1000) as u64;
    (into * count).div_ceil(1000)
}

/// The second a shard opened and closed (None while open).
fn window(stream: &SimStream, shard: &str) -> (i64, Option<i64>) {
    let (opened, closed) = stream.shard_window(shard);
    (opened.timestamp(), closed.map(|c| c.timestamp()))
}

pub fn shard_iterator(
    stream: &SimStream,
    shard: &str,
    from: &ReadFrom,
    now: Timestamp,
) -> Result<String, PortError> {
    let Some(found) = stream.shards.iter().find(|s| s.id == shard) else {
        return Err(PortError::NotFound {
            resource: format!("shard {shard} of stream {}", stream.name),
        });
    };
    let range = found.hash_range;
    let (opened, _) = window(stream, shard);
    let oldest = opened.max(now.timestamp() - i64::from(stream.retention_hours) * 3600);
    let (second, index) = match from {
        ReadFrom::TrimHorizon => (oldest, 0),
        ReadFrom::Latest => (now.timestamp() + 1, 0),
        ReadFrom::At(at) => {
            let second = at.timestamp().max(oldest);
            (
                second,
                first_at(
                    second,
                    count_in(stream, share_of(stream, &range), second),
                    at.timestamp_millis(),
                ),
            )
        }
        ReadFrom::After(sequence) => {
            let (second, index) =
                parse_sequence(sequence).ok_or_else(|| PortError::InvalidArgument {
                    detail: format!("{sequence} is not a sequence number of {shard}"),
                })?;
            (second, index + 1)
        }
    };
    Ok(Position {
        stream: stream.name.clone(),
        shard: shard.to_string(),
        second,
        index,
        issued_ms: now.timestamp_millis(),
    }
    .encode())
}

pub fn get_records(
    stream: &SimStream,
    pools: &KeyPools,
    iterator: &str,
    limit: u32,
    now: Timestamp,
) -> Result<RecordBatch, PortError> {
    let Some(mut at) = Position::decode(iterator) else {
        return Err(PortError::InvalidArgument {
            detail: "the shard iterator is not one this account issued".into(),
        });
    };
    if now.timestamp_millis() - at.issued_ms > ITERATOR_LIFETIME.num_milliseconds() {
        return Err(PortError::IteratorExpired {
            resource: format!("shard {} of stream {}", at.shard, stream.name),
        });
    }
    let Some(shard) = stream.shards.iter().find(|s| s.id == at.shard) else {
        return Err(PortError::NotFound {
            resource: format!("shard {} of stream {}", at.shard, stream.name),
        });
    };
    let range = shard.hash_range;
    let pool = pools.pool(stream, &shard.id, range);
    let (_, closed) = window(stream, &shard.id);
    let now_ms = now.timestamp_millis();
    let end_second = closed.unwrap_or(now.timestamp());
    let share = share_of(stream, &range);
    let mut records = Vec::new();
    let mut newest_ms = None;
    let scan_to = (at.second + SCAN).min(end_second);
    while at.second <= scan_to && records.len() < limit as usize {
        let count = count_in(stream, share, at.second);
        // The current second: only what has arrived by now.
        let available = if at.second == now.timestamp() {
            first_at(at.second, count, now_ms + 1)
        } else if closed.is_some_and(|c| at.second >= c) {
            0
        } else {
            count
        };
        while at.index < available && records.len() < limit as usize {
            let ms = arrival_ms(at.second, at.index, count);
            records.push(record(
                stream, &pool, &shard.id, range, at.second, at.index, ms,
            ));
            newest_ms = Some(ms);
            at.index += 1;
        }
        if at.index >= available && (at.second < now.timestamp() || closed.is_some()) {
            at.second += 1;
            at.index = 0;
        } else {
            break;
        }
    }
    let ended = closed.is_some_and(|c| at.second > c);
    let children = if ended {
        stream
            .shards
            .iter()
            .filter(|s| {
                s.parent.as_deref() == Some(shard.id.as_str())
                    || s.adjacent_parent.as_deref() == Some(shard.id.as_str())
            })
            .map(|s| s.id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let behind_ms = if ended {
        0
    } else {
        newest_ms.map_or((now.timestamp() - at.second).max(0) * 1000, |ms| {
            (now_ms - ms).max(0)
        })
    };
    at.issued_ms = now_ms;
    Ok(RecordBatch {
        records,
        next_iterator: (!ended).then(|| at.encode()),
        behind_ms: Some(behind_ms),
        children,
    })
}

fn unit(seed: u64) -> f64 {
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

fn record(
    stream: &SimStream,
    pool: &Pool,
    shard: &str,
    range: HashRange,
    second: i64,
    index: u64,
    ms: i64,
) -> RawRecord {
    let seed = stream.traffic.key ^ mix(shard_number(shard) << 48 ^ (second as u64) << 16 ^ index);
    let key_of = |salt: u64| -> String {
        // The skewed key's part of this shard's records, as the traffic model weighs it.
        let skew_share = stream.traffic.hot_key.map_or(0.0, |hot| {
            let base = range.fraction();
            let hot_part = hot.weight * base.max(0.02);
            hot_part / (base + hot_part)
        });
        match &pool.skewed {
            Some(skewed) if unit(seed ^ salt) < skew_share => skewed.clone(),
            _ => {
                // A mild skew among the ordinary keys, as real customers and devices have.
                let u = unit(seed ^ salt ^ 0x00C0_FFEE);
                let i = ((u * u) * pool.keys.len() as f64) as usize;
                pool.keys
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| "unkeyed".into())
            }
        }
    };
    let arrival = from_epoch_millis(ms);
    let partition_key = key_of(0);
    let data = match kind(&stream.name) {
        Kind::Orders => order(
            &partition_key,
            seed,
            arrival,
            stream.traffic.bytes_per_record,
        ),
        Kind::Events => event(
            &stream.name,
            &partition_key,
            seed,
            arrival,
            stream.traffic.bytes_per_record,
        ),
        Kind::Telemetry => {
            let users: Vec<UserRecord> = (0..2 + mix(seed) % (KPL_BATCH - 1))
                .map(|i| {
                    let key = key_of(i + 1);
                    UserRecord {
                        data: reading(&key, seed ^ i, arrival),
                        partition_key: key,
                        explicit_hash_key: None,
                    }
                })
                .collect();
            aggregate(&users)
        }
    };
    RawRecord {
        sequence: sequence(shard, second, index),
        partition_key,
        arrival,
        data,
    }
}

fn order(customer: &str, seed: u64, at: Timestamp, size: f64) -> Vec<u8> {
    let skus = [
        "SKU-1042", "SKU-2207", "SKU-3310", "SKU-4471", "SKU-5003", "SKU-6128",
    ];
    let lines = ((size / 70.0) as u64).clamp(1, 40);
    let items: Vec<serde_json::Value> = (0..lines)
        .map(|i| {
            let h = mix(seed ^ i);
            serde_json::json!({
                "sku": skus[(h % skus.len() as u64) as usize],
                "qty": 1 + h % 4,
                "price": ((h >> 8) % 20_000) as f64 / 100.0,
            })
        })
        .collect();
    let total: f64 = items
        .iter()
        .map(|i| i["price"].as_f64().unwrap_or(0.0) * i["qty"].as_f64().unwrap_or(0.0))
        .sum();
    serde_json::json!({
        "type": "OrderPlaced",
        "order_id": format!("o-{:010}", mix(seed) % 10_000_000_000),
        "customer_id": customer,
        "placed_at": at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "currency": "EUR",
        "total": (total * 100.0).round() / 100.0,
        "items": items,
    })
    .to_string()
    .into_bytes()
}

fn event(stream: &str, user: &str, seed: u64, at: Timestamp, size: f64) -> Vec<u8> {
    let names = [
        "page_view",
        "click",
        "add_to_cart",
        "search",
        "login",
        "logout",
    ];
    let pages = [
        "/",
        "/search",
        "/product/42",
        "/cart",
        "/checkout",
        "/account",
    ];
    let attributes = ((size / 40.0) as u64).clamp(0, 30);
    let mut extra = serde_json::Map::new();
    for i in 0..attributes {
        extra.insert(
            format!("attr_{i}"),
            format!("{:08x}", mix(seed ^ i) as u32).into(),
        );
    }
    serde_json::json!({
        "event": names[(mix(seed) % names.len() as u64) as usize],
        "source": stream,
        "user_id": user,
        "page": pages[(mix(seed ^ 7) % pages.len() as u64) as usize],
        "at": at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "attributes": extra,
    })
    .to_string()
    .into_bytes()
}

fn reading(device: &str, seed: u64, at: Timestamp) -> Vec<u8> {
    serde_json::json!({
        "device": device,
        "at": at.timestamp_millis(),
        "temperature_c": 18.0 + (mix(seed) % 900) as f64 / 100.0,
        "humidity": (mix(seed ^ 3) % 100) as f64,
        "battery": (mix(seed ^ 5) % 100) as f64 / 100.0,
    })
    .to_string()
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_round_trip_and_sort_like_numbers() {
        let a = sequence("shardId-000000000002", 1_795_348_800, 41);
        let b = sequence("shardId-000000000002", 1_795_348_801, 0);
        assert_eq!(parse_sequence(&a), Some((1_795_348_800, 41)));
        assert!(a < b);
        assert_eq!(a.len(), 26);
    }

    #[test]
    fn iterators_round_trip() {
        let position = Position {
            stream: "s".into(),
            shard: "shardId-000000000001".into(),
            second: 5,
            index: 6,
            issued_ms: 7,
        };
        assert_eq!(Position::decode(&position.encode()), Some(position));
        assert_eq!(Position::decode("not one"), None);
    }
}

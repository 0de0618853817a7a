//! Answers CloudWatch queries from the traffic model, minute by minute.
use super::stream::SimStream;
use super::traffic::{Rate, SHARD_BYTES_PER_SEC, dominant_key_share, excess};
use crate::domain::time::from_epoch_secs;
use crate::domain::{CapacityMode, MetricQuery, MetricSeries, MetricWindow, Timestamp};

fn dimension<'a>(query: &'a MetricQuery, name: &str) -> Option<&'a str> {
    query
        .dimensions
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The series CloudWatch would return; empty for unknown streams or metrics, as CloudWatch does.
pub fn series_for(
    streams: &[SimStream],
    query: &MetricQuery,
    window: MetricWindow,
    now: Timestamp,
) -> MetricSeries {
    if query.namespace != "AWS/Kinesis" {
        return MetricSeries::default();
    }
    let Some(stream) =
        dimension(query, "StreamName").and_then(|name| streams.iter().find(|s| s.name == name))
    else {
        return MetricSeries::default();
    };
    let shard = dimension(query, "ShardId");
    if shard.is_some() && stream.shard_level_metrics.is_empty() {
        return MetricSeries::default();
    }
    let open = stream.open_ranges();
    let shard_range = match shard {
        Some(id) => match stream.shards.iter().find(|s| s.id == id && s.open) {
            Some(s) => Some(s.hash_range),
            None => return MetricSeries::default(),
        },
        None => None,
    };
    let period = i64::from(window.period_secs.max(60));
    let first = window.start.timestamp();
    let last = window.end.timestamp().min(now.timestamp());
    // The shards' shares change only with a reshard: worked out once, not once a datapoint.
    let shares = stream.traffic.shares(&open);
    let shard_share = shard_range.map(|range| stream.traffic.share_of(&range, &open));
    let mut points = Vec::new();
    let mut t = first;
    while t + period <= last + period && t < last {
        let at = from_epoch_secs(t);
        if at >= stream.created {
            let total = stream.traffic.rate_at(at);
            let value = match shard_share {
                Some(share) => shard_value(&query.metric, scale(total, share), period),
                None => stream_value(stream, &query.metric, total, &shares, at, period),
            };
            if let Some(v) = value {
                points.push((at, v));
            }
        }
        t += period;
    }
    MetricSeries { points }
}

fn scale(rate: Rate, share: f64) -> Rate {
    Rate {
        records_per_sec: rate.records_per_sec * share,
        bytes_per_sec: rate.bytes_per_sec * share,
    }
}

fn shard_value(metric: &str, rate: Rate, period: i64) -> Option<f64> {
    let seconds = period as f64;
    match metric {
        "IncomingBytes" => Some((rate.bytes_per_sec * seconds).round()),
        "IncomingRecords" => Some((rate.records_per_sec * seconds).round()),
        _ => None,
    }
}

/// Records a second an on-demand stream throttles: writes above what it takes at once (double
/// its previous peak, or its warm throughput when higher), and a dominant key's writes above
/// one shard's 1 MiB/s while keys pick shards. Streams without a modelled peak never throttle.
fn on_demand_throttled(stream: &SimStream, total: Rate) -> f64 {
    let state = &stream.on_demand;
    if state.standard_mibps <= 0.0 {
        return 0.0;
    }
    let warm = f64::from(state.warm_current.unwrap_or(0));
    let capacity = state.standard_mibps.max(warm) * SHARD_BYTES_PER_SEC;
    let over = (total.bytes_per_sec - capacity).max(0.0);
    let key_over = if stream.traffic.spread {
        0.0
    } else {
        (total.bytes_per_sec * dominant_key_share(&stream.traffic) - SHARD_BYTES_PER_SEC).max(0.0)
    };
    (over + key_over) / stream.traffic.bytes_per_record
}

fn stream_value(
    stream: &SimStream,
    metric: &str,
    total: Rate,
    shares: &[f64],
    at: Timestamp,
    period: i64,
) -> Option<f64> {
    let seconds = period as f64;
    match metric {
        "IncomingBytes" | "IncomingRecords" => shard_value(metric, total, period),
        "WriteProvisionedThroughputExceeded" => {
            if stream.mode == CapacityMode::OnDemand {
                return Some((on_demand_throttled(stream, total) * seconds).round());
            }
            // Throttling happens per shard: a hot shard throttles even when the stream has room.
            let throttled: f64 = shares
                .iter()
                .map(|share| {
                    let over = excess(scale(total, *share), 1.0);
                    over.records_per_sec
                        .max(over.bytes_per_sec / stream.traffic.bytes_per_record)
                })
                .sum();
            Some((throttled * seconds).round())
        }
        "ReadProvisionedThroughputExceeded" => Some(0.0),
        "GetRecords.IteratorAgeMilliseconds" => {
            if stream.consumers.is_empty() {
                None
            } else {
                Some(stream.traffic.iterator_age_at(at).round())
            }
        }
        _ => None,
    }
}

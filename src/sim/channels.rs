//! The simulated account's delivery channels: a healthy one to S3 and a FAILED one to an Iceberg table, with UpdateChannel's UPDATING period and AWS's freshness range.
use super::scenario::{ACCOUNT_ID, REGION};
use crate::domain::channel::{
    Channel, ChannelStatus, Destination, MAX_FRESHNESS_SECS, MIN_FRESHNESS_SECS,
};
use crate::domain::{MetricQuery, MetricSeries, MetricWindow, PortError, Timestamp};

/// How long UpdateChannel keeps a channel UPDATING here.
const UPDATE_SECS: i64 = 20;

#[derive(Debug, Clone)]
pub struct SimChannel {
    pub channel: Channel,
    /// UPDATING until then.
    pub busy_until: Option<Timestamp>,
}

fn stream_arn(stream: &str) -> String {
    format!("arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/{stream}")
}

fn channel(name: &str, stream: &str, destination: Destination, now: Timestamp) -> Channel {
    Channel {
        name: name.to_string(),
        arn: format!("arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:channel/{name}"),
        streams: vec![stream_arn(stream)],
        status: ChannelStatus::Active,
        reason: None,
        destination,
        freshness_secs: Some(MIN_FRESHNESS_SECS),
        created: Some(now - chrono::Duration::days(20)),
    }
}

/// The channels of an account whose streams include the scenario streams named here.
pub fn build(streams: &[String], now: Timestamp) -> Vec<SimChannel> {
    let mut channels = Vec::new();
    if streams.iter().any(|s| s == "clickstream-raw") {
        channels.push(channel(
            "clickstream-to-s3",
            "clickstream-raw",
            Destination::S3 {
                bucket: Some("arn:aws:s3:::clickstream-archive".into()),
            },
            now,
        ));
    }
    if streams.iter().any(|s| s == "ledger-events") {
        let mut failed = channel(
            "ledger-to-iceberg",
            "ledger-events",
            Destination::Iceberg {
                tables: vec!["ledger.entries".into()],
            },
            now,
        );
        failed.status = ChannelStatus::Failed;
        failed.reason = Some(
            "the destination table ledger.entries was deleted; delete the channel and create it again"
                .into(),
        );
        channels.push(failed);
    }
    channels
        .into_iter()
        .map(|channel| SimChannel {
            channel,
            busy_until: None,
        })
        .collect()
}

impl SimChannel {
    /// Lands an UPDATING period that has ended.
    pub fn settle(&mut self, now: Timestamp) {
        if self.busy_until.is_some_and(|until| until <= now) {
            self.busy_until = None;
            self.channel.status = ChannelStatus::Active;
        }
    }

    /// UpdateChannel's data freshness: 300–900 s; a FAILED channel cannot be changed, and one
    /// in another change is in use.
    pub fn set_freshness(&mut self, seconds: u32, now: Timestamp) -> Result<(), PortError> {
        if !(MIN_FRESHNESS_SECS..=MAX_FRESHNESS_SECS).contains(&seconds) {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "DataFreshnessInSeconds must be {MIN_FRESHNESS_SECS} to {MAX_FRESHNESS_SECS}, got {seconds}"
                ),
            });
        }
        match self.channel.status {
            ChannelStatus::Active => {}
            ChannelStatus::Failed => {
                return Err(PortError::ResourceInUse {
                    resource: format!("channel {}", self.channel.name),
                    detail:
                        "it is FAILED, which cannot be recovered: delete it and create it again"
                            .into(),
                });
            }
            ref other => {
                return Err(PortError::ResourceInUse {
                    resource: format!("channel {}", self.channel.name),
                    detail: format!("it is {}", other.as_str()),
                });
            }
        }
        self.channel.freshness_secs = Some(seconds);
        self.channel.status = ChannelStatus::Updating;
        self.busy_until = Some(now + chrono::Duration::seconds(UPDATE_SECS));
        Ok(())
    }
}

/// The dimension the simulator files delivery metrics under. Its own choice: kinetic finds the
/// metrics by the channel's name among the dimension values, not by this name.
const CHANNEL_DIMENSION: &str = "ChannelName";

/// ListMetrics for a delivery metric: one per channel of the matching destination kind.
pub fn list_delivery_metrics(channels: &[SimChannel], filter: &MetricQuery) -> Vec<MetricQuery> {
    channels
        .iter()
        .filter(|c| {
            let (freshness, failed) = c.channel.destination.delivery_metric_names();
            filter.metric == freshness || filter.metric == failed
        })
        .map(|c| MetricQuery {
            dimensions: vec![
                (
                    "StreamName".to_string(),
                    c.channel
                        .streams
                        .first()
                        .and_then(|arn| arn.rsplit('/').next())
                        .unwrap_or_default()
                        .to_string(),
                ),
                (CHANNEL_DIMENSION.to_string(), c.channel.name.clone()),
            ],
            ..filter.clone()
        })
        .collect()
}

/// A delivery metric's datapoints, a minute apart over the window: a healthy channel delivers
/// within about two thirds of its freshness setting and fails nothing; a FAILED one falls
/// further behind every minute and fails every record.
pub fn delivery_series(
    channels: &[SimChannel],
    query: &MetricQuery,
    window: MetricWindow,
    now: Timestamp,
) -> Option<MetricSeries> {
    let name = query
        .dimensions
        .iter()
        .find(|(n, _)| n == CHANNEL_DIMENSION)
        .map(|(_, v)| v)?;
    let channel = &channels.iter().find(|c| &c.channel.name == name)?.channel;
    let (freshness_metric, _) = channel.destination.delivery_metric_names();
    let failed = channel.failed();
    let setting = f64::from(channel.freshness_secs.unwrap_or(MIN_FRESHNESS_SECS));
    let mut points = Vec::new();
    let mut t = window.start.timestamp() - window.start.timestamp().rem_euclid(60);
    let end = window.end.min(now).timestamp();
    let failed_since = now - chrono::Duration::minutes(40);
    while t < end {
        let at = crate::domain::time::from_epoch_secs(t);
        let value = if query.metric == freshness_metric {
            if failed && at >= failed_since {
                setting + (at - failed_since).num_seconds() as f64
            } else {
                setting * (0.6 + 0.1 * ((t / 60) % 3) as f64)
            }
        } else if failed && at >= failed_since {
            1_800.0
        } else {
            0.0
        };
        points.push((at, value));
        t += 60;
    }
    Some(MetricSeries { points })
}

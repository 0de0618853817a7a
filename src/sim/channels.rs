//! The simulated account's delivery channels: a healthy one to S3 and a FAILED one to an Iceberg table, with UpdateChannel's UPDATING period and AWS's freshness range.
use super::scenario::{ACCOUNT_ID, REGION};
use crate::domain::channel::{
    Channel, ChannelStatus, Destination, MAX_FRESHNESS_SECS, MIN_FRESHNESS_SECS,
};
use crate::domain::{PortError, Timestamp};

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

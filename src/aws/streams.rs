//! `StreamsPort` over the Kinesis API: paging by AWS's rules, paced by per-API limiters.
use super::error::Endpoint;
use super::quotas;
use super::rate_limiter::RateLimiter;
use crate::domain::capacity::{Advantage, Distribution, StreamCapacity, WarmThroughput};
use crate::domain::channel::{Channel, ChannelStatus, Destination};
use crate::domain::read_from::ReadFrom;
use crate::domain::time::from_epoch_millis;
use crate::domain::{
    CapacityMode, Consumer, HashRange, PortError, Shard, StreamListing, StreamStatus,
    StreamSummary, Timestamp,
};
use crate::ports::{RawRecord, RecordBatch, StreamsPort};
use async_trait::async_trait;
use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::types as k;
use std::sync::Arc;

/// A safety net against a service that keeps saying "more" without making progress.
const MAX_PAGES: usize = 10_000;

pub struct AwsStreams {
    client: Client,
    endpoint: Endpoint,
    list_streams: Arc<RateLimiter>,
    describe_summary: Arc<RateLimiter>,
    list_shards: Arc<RateLimiter>,
    list_consumers: Arc<RateLimiter>,
}

impl AwsStreams {
    pub fn new(client: Client) -> Self {
        Self {
            endpoint: Endpoint::aws("kinesis", client.config().region()),
            client,
            list_streams: Arc::new(RateLimiter::new(quotas::LIST_STREAMS)),
            describe_summary: Arc::new(RateLimiter::new(quotas::DESCRIBE_STREAM_SUMMARY)),
            list_shards: Arc::new(RateLimiter::new(quotas::LIST_SHARDS)),
            list_consumers: Arc::new(RateLimiter::new(quotas::LIST_STREAM_CONSUMERS)),
        }
    }

    /// Its limiters, to be shared with other contexts of the same account and region.
    pub fn limiters(&self) -> Vec<Arc<RateLimiter>> {
        vec![
            Arc::clone(&self.list_streams),
            Arc::clone(&self.describe_summary),
            Arc::clone(&self.list_shards),
            Arc::clone(&self.list_consumers),
        ]
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }
}

#[async_trait]
impl StreamsPort for AwsStreams {
    async fn list_streams(&self) -> Result<Vec<StreamListing>, PortError> {
        let mut listings: Vec<StreamListing> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            self.list_streams.acquire().await;
            let mut request = self.client.list_streams().limit(quotas::LIST_STREAMS_PAGE);
            // A NextToken continues the listing; without one, the older
            // HasMoreStreams + ExclusiveStartStreamName protocol does.
            request = match (&next_token, listings.last()) {
                (Some(token), _) => request.next_token(token),
                (None, Some(last)) => request.exclusive_start_stream_name(&last.name),
                (None, None) => request,
            };
            let page = request
                .send()
                .await
                .map_err(|e| self.endpoint.error("ListStreams", "the stream list", e))?;
            let before = listings.len();
            // StreamNames defines the page; summaries are matched by name because some
            // emulators return every summary on every page.
            let names: Vec<&str> = if page.stream_names().is_empty() {
                page.stream_summaries()
                    .iter()
                    .map(aws_sdk_kinesis::types::StreamSummary::stream_name)
                    .collect()
            } else {
                page.stream_names().iter().map(String::as_str).collect()
            };
            for name in names {
                if !seen.insert(name.to_string()) {
                    continue;
                }
                let listing = page
                    .stream_summaries()
                    .iter()
                    .find(|s| s.stream_name() == name)
                    .map_or_else(
                        || StreamListing {
                            // Name only: status and mode arrive with DescribeStreamSummary.
                            name: name.to_string(),
                            arn: String::new(),
                            status: None,
                            mode: None,
                            created: None,
                        },
                        listing_from_sdk,
                    );
                listings.push(listing);
            }
            next_token = page.next_token().map(str::to_string);
            let made_progress = listings.len() > before;
            if next_token.is_none() && !(page.has_more_streams() && made_progress) {
                break;
            }
        }
        Ok(listings)
    }

    async fn describe_stream_summary(&self, stream: &str) -> Result<StreamSummary, PortError> {
        self.describe_summary.acquire().await;
        let output = self
            .client
            .describe_stream_summary()
            .stream_name(stream)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeStreamSummary", &stream_label(stream), e)
            })?;
        let summary = output
            .stream_description_summary()
            .ok_or_else(|| PortError::Service {
                api: "DescribeStreamSummary".into(),
                detail: "the answer had no StreamDescriptionSummary".into(),
            })?;
        Ok(summary_from_sdk(summary))
    }

    async fn list_shards(&self, stream: &str) -> Result<Vec<Shard>, PortError> {
        let mut shards = Vec::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            self.list_shards.acquire().await;
            // AWS rejects StreamName together with NextToken: the token alone names the stream.
            let request = match &next_token {
                Some(token) => self.client.list_shards().next_token(token),
                None => self.client.list_shards().stream_name(stream),
            }
            .max_results(quotas::LIST_SHARDS_PAGE);
            let page = request
                .send()
                .await
                .map_err(|e| self.endpoint.error("ListShards", &stream_label(stream), e))?;
            for shard in page.shards() {
                shards.push(shard_from_sdk(shard)?);
            }
            next_token = page.next_token().map(str::to_string);
            if next_token.is_none() {
                break;
            }
        }
        Ok(shards)
    }

    async fn list_consumers(&self, stream_arn: &str) -> Result<Vec<Consumer>, PortError> {
        let mut consumers = Vec::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            self.list_consumers.acquire().await;
            let mut request = self
                .client
                .list_stream_consumers()
                .stream_arn(stream_arn)
                .max_results(100);
            if let Some(token) = &next_token {
                request = request.next_token(token);
            }
            let page = request.send().await.map_err(|e| {
                self.endpoint
                    .error("ListStreamConsumers", &format!("stream {stream_arn}"), e)
            })?;
            consumers.extend(page.consumers().iter().map(|c| Consumer {
                name: c.consumer_name().to_string(),
                arn: c.consumer_arn().to_string(),
                status: c.consumer_status().as_str().to_string(),
                created: Some(timestamp(c.consumer_creation_timestamp())),
            }));
            next_token = page.next_token().map(str::to_string);
            if next_token.is_none() {
                break;
            }
        }
        Ok(consumers)
    }

    async fn list_channels(&self) -> Result<Vec<Channel>, PortError> {
        let mut channels = Vec::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut request = self.client.list_channels().max_results(100);
            if let Some(token) = &next_token {
                request = request.next_token(token);
            }
            let page = request
                .send()
                .await
                .map_err(|e| self.endpoint.error("ListChannels", "the account", e))?;
            channels.extend(page.channel_summaries().iter().map(channel_from_summary));
            next_token = page.next_token().map(str::to_string);
            if next_token.is_none() {
                break;
            }
        }
        Ok(channels)
    }

    async fn describe_channel(&self, channel_arn: &str) -> Result<Channel, PortError> {
        let output = self
            .client
            .describe_channel()
            .channel_arn(channel_arn)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeChannel", &format!("channel {channel_arn}"), e)
            })?;
        output
            .channel_description()
            .map(channel_from_description)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("channel {channel_arn}"),
            })
    }

    async fn describe_account_settings(&self) -> Result<Advantage, PortError> {
        let output = self
            .client
            .describe_account_settings()
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeAccountSettings", "the account", e)
            })?;
        Ok(advantage_from_sdk(
            output.minimum_throughput_billing_commitment(),
        ))
    }

    // GetShardIterator and GetRecords have per-shard quotas (5/s each): the record reader paces
    // every shard it reads at 1 GetRecords a second, so there is no account-wide limiter here.
    async fn shard_iterator(
        &self,
        stream: &str,
        shard: &str,
        from: &ReadFrom,
    ) -> Result<String, PortError> {
        let mut request = self
            .client
            .get_shard_iterator()
            .stream_name(stream)
            .shard_id(shard)
            .shard_iterator_type(k::ShardIteratorType::from(from.iterator_type()));
        request = match from {
            ReadFrom::At(at) => request.timestamp(aws_smithy_types::DateTime::from_millis(
                at.timestamp_millis(),
            )),
            ReadFrom::After(sequence) => request.starting_sequence_number(sequence),
            ReadFrom::TrimHorizon | ReadFrom::Latest => request,
        };
        let output = request.send().await.map_err(|e| {
            self.endpoint
                .error("GetShardIterator", &shard_label(stream, shard), e)
        })?;
        output
            .shard_iterator()
            .map(str::to_string)
            .ok_or_else(|| PortError::Service {
                api: "GetShardIterator".into(),
                detail: "the answer had no ShardIterator".into(),
            })
    }

    async fn get_records(
        &self,
        stream: &str,
        shard: &str,
        iterator: &str,
        limit: u32,
    ) -> Result<RecordBatch, PortError> {
        let output = self
            .client
            .get_records()
            .shard_iterator(iterator)
            .limit(limit.clamp(1, 10_000) as i32)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("GetRecords", &shard_label(stream, shard), e)
            })?;
        Ok(RecordBatch {
            records: output
                .records()
                .iter()
                .map(|r| RawRecord {
                    sequence: r.sequence_number().to_string(),
                    partition_key: r.partition_key().unwrap_or_default().to_string(),
                    arrival: r
                        .approximate_arrival_timestamp()
                        .map(timestamp)
                        .unwrap_or_default(),
                    data: r.data().as_ref().to_vec(),
                })
                .collect(),
            next_iterator: output.next_shard_iterator().map(str::to_string),
            behind_ms: output.millis_behind_latest(),
            children: output
                .child_shards()
                .iter()
                .map(|c| c.shard_id().to_string())
                .collect(),
        })
    }
}

fn shard_label(stream: &str, shard: &str) -> String {
    format!("shard {shard} of stream {stream}")
}

fn stream_label(stream: &str) -> String {
    format!("stream {stream}")
}

fn timestamp(t: &aws_smithy_types::DateTime) -> Timestamp {
    from_epoch_millis(t.to_millis().unwrap_or_default())
}

fn mode_from_sdk(details: Option<&k::StreamModeDetails>) -> Option<CapacityMode> {
    details.and_then(|d| CapacityMode::parse(d.stream_mode().as_str()))
}

fn listing_from_sdk(summary: &k::StreamSummary) -> StreamListing {
    StreamListing {
        name: summary.stream_name().to_string(),
        arn: summary.stream_arn().to_string(),
        status: Some(StreamStatus::parse(summary.stream_status().as_str())),
        mode: mode_from_sdk(summary.stream_mode_details()),
        created: summary.stream_creation_timestamp().map(timestamp),
    }
}

fn summary_from_sdk(summary: &k::StreamDescriptionSummary) -> StreamSummary {
    StreamSummary {
        name: summary.stream_name().to_string(),
        arn: summary.stream_arn().to_string(),
        status: StreamStatus::parse(summary.stream_status().as_str()),
        mode: mode_from_sdk(summary.stream_mode_details()),
        open_shards: u32::try_from(summary.open_shard_count()).unwrap_or_default(),
        retention_hours: u32::try_from(summary.retention_period_hours()).unwrap_or_default(),
        consumers: summary
            .consumer_count()
            .and_then(|c| u32::try_from(c).ok())
            .unwrap_or_default(),
        shard_level_metrics: summary
            .enhanced_monitoring()
            .iter()
            .flat_map(aws_sdk_kinesis::types::EnhancedMetrics::shard_level_metrics)
            .map(|m| m.as_str().to_string())
            .collect(),
        encryption: summary
            .encryption_type()
            .map(|e| e.as_str().to_string())
            .filter(|e| e != "NONE"),
        created: Some(timestamp(summary.stream_creation_timestamp())),
        capacity: StreamCapacity {
            warm: summary.warm_throughput().map(warm_from_sdk),
            max_record_kib: summary
                .max_record_size_in_kib()
                .and_then(|k| u32::try_from(k).ok()),
            distribution: summary
                .record_distribution_strategy()
                .map(distribution_from_sdk),
            channels: summary.channel_count().and_then(|c| u32::try_from(c).ok()),
        },
    }
}

fn channel_from_summary(summary: &k::ChannelSummary) -> Channel {
    Channel {
        name: summary.channel_name().to_string(),
        arn: summary.channel_arn().to_string(),
        streams: summary
            .streams()
            .iter()
            .map(|s| s.stream_arn().to_string())
            .collect(),
        status: ChannelStatus::parse(summary.channel_status().as_str()),
        reason: summary.channel_status_reason().map(str::to_string),
        destination: match summary.channel_destination_type() {
            k::ChannelDestinationType::S3Tables => Destination::Iceberg { tables: Vec::new() },
            _ => Destination::S3 { bucket: None },
        },
        freshness_secs: None,
        created: Some(timestamp(summary.channel_creation_timestamp())),
    }
}

fn channel_from_description(description: &k::ChannelDescription) -> Channel {
    let (destination, freshness) = match (
        description.s3_destination_configuration(),
        description.s3_tables_destination_configuration(),
    ) {
        (_, Some(tables)) => (
            Destination::Iceberg {
                tables: tables
                    .s3_tables_configuration_list()
                    .iter()
                    .map(|t| format!("{}.{}", t.namespace(), t.table_name()))
                    .collect(),
            },
            Some(tables.data_freshness_in_seconds()),
        ),
        (Some(s3), None) => (
            Destination::S3 {
                bucket: s3
                    .storage_configuration()
                    .map(|c| c.bucket_arn().to_string()),
            },
            Some(s3.data_freshness_in_seconds()),
        ),
        (None, None) => (Destination::S3 { bucket: None }, None),
    };
    Channel {
        name: description.channel_name().to_string(),
        arn: description.channel_arn().to_string(),
        streams: description
            .stream_configuration_list()
            .iter()
            .map(|s| s.stream_arn().to_string())
            .collect(),
        status: ChannelStatus::parse(description.channel_status().as_str()),
        reason: description.channel_status_reason().map(str::to_string),
        destination,
        freshness_secs: freshness.and_then(|f| u32::try_from(f).ok()),
        created: Some(timestamp(description.channel_creation_timestamp())),
    }
}

/// The account's mode from MinimumThroughputBillingCommitment (absent: never enabled).
pub(super) fn advantage_from_sdk(
    commitment: Option<&k::MinimumThroughputBillingCommitmentOutput>,
) -> Advantage {
    use k::MinimumThroughputBillingCommitmentOutputStatus as Status;
    let Some(commitment) = commitment else {
        return Advantage::Off;
    };
    match commitment.status() {
        Status::Enabled => Advantage::On {
            started: commitment.started_at().map(timestamp),
            earliest_end: commitment.earliest_allowed_end_at().map(timestamp),
        },
        Status::EnabledUntilEarliestAllowedEnd => Advantage::Ending {
            ends: commitment.earliest_allowed_end_at().map(timestamp),
        },
        _ => Advantage::Off,
    }
}

pub(super) fn warm_from_sdk(warm: &k::WarmThroughputObject) -> WarmThroughput {
    WarmThroughput {
        target_mibps: warm.target_mibps().and_then(|m| u32::try_from(m).ok()),
        current_mibps: warm.current_mibps().and_then(|m| u32::try_from(m).ok()),
    }
}

fn distribution_from_sdk(strategy: &k::RecordDistributionStrategy) -> Distribution {
    match strategy {
        k::RecordDistributionStrategy::Auto => Distribution::Auto,
        _ => Distribution::PartitionKey,
    }
}

fn shard_from_sdk(shard: &k::Shard) -> Result<Shard, PortError> {
    let invalid = |detail: String| PortError::Service {
        api: "ListShards".into(),
        detail,
    };
    let range = shard
        .hash_key_range()
        .ok_or_else(|| invalid(format!("shard {} has no hash key range", shard.shard_id())))?;
    let hash_range = HashRange::parse(range.starting_hash_key(), range.ending_hash_key())
        .map_err(|e| invalid(format!("shard {}: {e}", shard.shard_id())))?;
    let sequence = shard.sequence_number_range();
    Ok(Shard {
        id: shard.shard_id().to_string(),
        hash_range,
        parent: shard.parent_shard_id().map(str::to_string),
        adjacent_parent: shard.adjacent_parent_shard_id().map(str::to_string),
        open: sequence.is_none_or(|s| s.ending_sequence_number().is_none()),
        starting_sequence: sequence
            .map(|s| s.starting_sequence_number().to_string())
            .unwrap_or_default(),
    })
}

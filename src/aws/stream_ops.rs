//! `StreamOpsPort` over Kinesis: DescribeLimits, UpdateShardCount, SplitShard, MergeShards.
use super::error::Endpoint;
use crate::domain::PortError;
use crate::domain::capacity::{Advantage, Distribution};
use crate::domain::channel::{Channel, Destination};
use crate::ports::StreamOpsPort;
use async_trait::async_trait;
use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::types::{
    MinimumThroughputBillingCommitmentInput,
    MinimumThroughputBillingCommitmentInputStatus as CommitmentStatus, RecordDistributionStrategy,
    S3DestinationUpdateInput, S3TablesDestinationUpdateInput, ScalingType, StreamMode,
    StreamModeDetails,
};

pub struct AwsStreamOps {
    client: Client,
    endpoint: Endpoint,
}

impl AwsStreamOps {
    pub fn new(client: Client) -> Self {
        Self {
            endpoint: Endpoint::aws("kinesis", client.config().region()),
            client,
        }
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }
}

fn label(stream: &str) -> String {
    format!("stream {stream}")
}

#[async_trait]
impl StreamOpsPort for AwsStreamOps {
    async fn describe_limits(&self) -> Result<(u32, u32), PortError> {
        let output = self
            .client
            .describe_limits()
            .send()
            .await
            .map_err(|e| self.endpoint.error("DescribeLimits", "the account", e))?;
        Ok((
            u32::try_from(output.shard_limit()).unwrap_or_default(),
            u32::try_from(output.open_shard_count()).unwrap_or_default(),
        ))
    }

    async fn update_shard_count(&self, stream: &str, target: u32) -> Result<(), PortError> {
        self.client
            .update_shard_count()
            .stream_name(stream)
            .target_shard_count(i32::try_from(target).unwrap_or(i32::MAX))
            .scaling_type(ScalingType::UniformScaling)
            .send()
            .await
            .map_err(|e| self.endpoint.error("UpdateShardCount", &label(stream), e))?;
        Ok(())
    }

    async fn split_shard(
        &self,
        stream: &str,
        shard: &str,
        new_starting_hash_key: u128,
    ) -> Result<(), PortError> {
        self.client
            .split_shard()
            .stream_name(stream)
            .shard_to_split(shard)
            .new_starting_hash_key(new_starting_hash_key.to_string())
            .send()
            .await
            .map_err(|e| self.endpoint.error("SplitShard", &label(stream), e))?;
        Ok(())
    }

    async fn update_stream_mode(
        &self,
        stream_arn: &str,
        mode: crate::domain::CapacityMode,
    ) -> Result<(), PortError> {
        let mode = match mode {
            crate::domain::CapacityMode::OnDemand => StreamMode::OnDemand,
            crate::domain::CapacityMode::Provisioned => StreamMode::Provisioned,
        };
        let details = StreamModeDetails::builder()
            .stream_mode(mode)
            .build()
            .map_err(|e| PortError::InvalidArgument {
                detail: e.to_string(),
            })?;
        self.client
            .update_stream_mode()
            .stream_arn(stream_arn)
            .stream_mode_details(details)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("UpdateStreamMode", &format!("stream {stream_arn}"), e)
            })?;
        Ok(())
    }

    async fn update_warm_throughput(&self, stream: &str, mibps: u32) -> Result<(), PortError> {
        self.client
            .update_stream_warm_throughput()
            .stream_name(stream)
            .warm_throughput_mibps(i32::try_from(mibps).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("UpdateStreamWarmThroughput", &label(stream), e)
            })?;
        Ok(())
    }

    async fn update_advantage(&self, on: bool) -> Result<Advantage, PortError> {
        let status = if on {
            CommitmentStatus::Enabled
        } else {
            CommitmentStatus::Disabled
        };
        let commitment = MinimumThroughputBillingCommitmentInput::builder()
            .status(status)
            .build()
            .map_err(|e| PortError::InvalidArgument {
                detail: e.to_string(),
            })?;
        let output = self
            .client
            .update_account_settings()
            .minimum_throughput_billing_commitment(commitment)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("UpdateAccountSettings", "the account", e)
            })?;
        if let Some(commitment) = output.minimum_throughput_billing_commitment() {
            return Ok(super::streams::advantage_from_sdk(Some(commitment)));
        }
        // An answer without the settings (kinesis-mock sends an empty body) says nothing of the
        // mode: ask for it rather than report it off.
        let settings = self
            .client
            .describe_account_settings()
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeAccountSettings", "the account", e)
            })?;
        Ok(super::streams::advantage_from_sdk(
            settings.minimum_throughput_billing_commitment(),
        ))
    }

    async fn update_distribution(
        &self,
        stream_arn: &str,
        distribution: Distribution,
    ) -> Result<(), PortError> {
        let strategy = match distribution {
            Distribution::Auto => RecordDistributionStrategy::Auto,
            Distribution::PartitionKey => RecordDistributionStrategy::UserPartitionKey,
        };
        self.client
            .update_stream_record_distribution_strategy()
            .stream_arn(stream_arn)
            .record_distribution_strategy(strategy)
            .send()
            .await
            .map_err(|e| {
                self.endpoint.error(
                    "UpdateStreamRecordDistributionStrategy",
                    &format!("stream {stream_arn}"),
                    e,
                )
            })?;
        Ok(())
    }

    async fn update_channel_freshness(
        &self,
        channel: &Channel,
        seconds: u32,
    ) -> Result<(), PortError> {
        let seconds = i32::try_from(seconds).unwrap_or(i32::MAX);
        let mut request = self.client.update_channel().channel_arn(&channel.arn);
        request = match channel.destination {
            Destination::Iceberg { .. } => request.s3_tables_destination_configuration(
                S3TablesDestinationUpdateInput::builder()
                    .data_freshness_in_seconds(seconds)
                    .build()
                    .map_err(|e| PortError::InvalidArgument {
                        detail: e.to_string(),
                    })?,
            ),
            Destination::S3 { .. } => request.s3_destination_configuration(
                S3DestinationUpdateInput::builder()
                    .data_freshness_in_seconds(seconds)
                    .build()
                    .map_err(|e| PortError::InvalidArgument {
                        detail: e.to_string(),
                    })?,
            ),
        };
        request.send().await.map_err(|e| {
            self.endpoint
                .error("UpdateChannel", &format!("channel {}", channel.name), e)
        })?;
        Ok(())
    }

    async fn update_max_record_size(&self, stream_arn: &str, kib: u32) -> Result<(), PortError> {
        self.client
            .update_max_record_size()
            .stream_arn(stream_arn)
            .max_record_size_in_kib(i32::try_from(kib).unwrap_or(i32::MAX))
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("UpdateMaxRecordSize", &format!("stream {stream_arn}"), e)
            })?;
        Ok(())
    }

    async fn set_retention(&self, stream: &str, from: u32, to: u32) -> Result<(), PortError> {
        let hours = i32::try_from(to).unwrap_or(i32::MAX);
        if to > from {
            self.client
                .increase_stream_retention_period()
                .stream_name(stream)
                .retention_period_hours(hours)
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("IncreaseStreamRetentionPeriod", &label(stream), e)
                })?;
        } else {
            self.client
                .decrease_stream_retention_period()
                .stream_name(stream)
                .retention_period_hours(hours)
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("DecreaseStreamRetentionPeriod", &label(stream), e)
                })?;
        }
        Ok(())
    }

    async fn merge_shards(
        &self,
        stream: &str,
        shard: &str,
        adjacent: &str,
    ) -> Result<(), PortError> {
        self.client
            .merge_shards()
            .stream_name(stream)
            .shard_to_merge(shard)
            .adjacent_shard_to_merge(adjacent)
            .send()
            .await
            .map_err(|e| self.endpoint.error("MergeShards", &label(stream), e))?;
        Ok(())
    }
}

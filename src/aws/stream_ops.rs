//! `StreamOpsPort` over Kinesis: DescribeLimits, UpdateShardCount, SplitShard, MergeShards.
use super::error::map_sdk_error;
use crate::domain::PortError;
use crate::ports::StreamOpsPort;
use async_trait::async_trait;
use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::types::{ScalingType, StreamMode, StreamModeDetails};

pub struct AwsStreamOps {
    client: Client,
}

impl AwsStreamOps {
    pub fn new(client: Client) -> Self {
        Self { client }
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
            .map_err(|e| map_sdk_error("DescribeLimits", "the account", e))?;
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
            .map_err(|e| map_sdk_error("UpdateShardCount", &label(stream), e))?;
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
            .map_err(|e| map_sdk_error("SplitShard", &label(stream), e))?;
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
            .map_err(|e| map_sdk_error("UpdateStreamMode", &format!("stream {stream_arn}"), e))?;
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
                .map_err(|e| map_sdk_error("IncreaseStreamRetentionPeriod", &label(stream), e))?;
        } else {
            self.client
                .decrease_stream_retention_period()
                .stream_name(stream)
                .retention_period_hours(hours)
                .send()
                .await
                .map_err(|e| map_sdk_error("DecreaseStreamRetentionPeriod", &label(stream), e))?;
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
            .map_err(|e| map_sdk_error("MergeShards", &label(stream), e))?;
        Ok(())
    }
}

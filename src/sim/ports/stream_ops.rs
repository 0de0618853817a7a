//! StreamOpsPort over the simulated account: limits, resharding, mode and retention.
use super::super::ACCOUNT_SHARD_LIMIT;
use super::super::SimAccount;
use super::super::find_mut;
use super::super::not_found;
use crate::domain::PortError;
use crate::ports::StreamOpsPort;
use async_trait::async_trait;

#[async_trait]
impl StreamOpsPort for SimAccount {
    async fn describe_limits(&self) -> Result<(u32, u32), PortError> {
        self.network().await;
        self.check_throttle("DescribeLimits")?;
        Ok((ACCOUNT_SHARD_LIMIT, self.open_shards()))
    }

    async fn update_shard_count(&self, stream: &str, target: u32) -> Result<(), PortError> {
        self.network().await;
        SimAccount::update_shard_count(self, stream, target)
    }

    async fn split_shard(
        &self,
        stream: &str,
        shard: &str,
        new_starting_hash_key: u128,
    ) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("SplitShard")?;
        let now = self.inner.clock.now();
        let mut streams = self.streams();
        find_mut(&mut streams, stream)?.begin_split(shard, new_starting_hash_key, now)
    }

    async fn update_stream_mode(
        &self,
        stream_arn: &str,
        mode: crate::domain::CapacityMode,
    ) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateStreamMode")?;
        let now = self.inner.clock.now();
        let mut streams = self.streams();
        let stream = streams
            .iter_mut()
            .find(|s| s.arn == stream_arn)
            .ok_or_else(|| not_found(stream_arn))?;
        stream.begin_mode_switch(mode, now)
    }

    async fn update_warm_throughput(&self, stream: &str, mibps: u32) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateStreamWarmThroughput")?;
        let advantage = self.advantage().is_on();
        let now = self.inner.clock.now();
        let mut streams = self.streams();
        find_mut(&mut streams, stream)?.begin_warm(mibps, advantage, now)
    }

    async fn update_advantage(
        &self,
        on: bool,
    ) -> Result<crate::domain::capacity::Advantage, PortError> {
        self.network().await;
        self.check_throttle("UpdateAccountSettings")?;
        Ok(self.set_advantage(on))
    }

    async fn update_distribution(
        &self,
        stream_arn: &str,
        distribution: crate::domain::capacity::Distribution,
    ) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateStreamRecordDistributionStrategy")?;
        let mut streams = self.streams();
        streams
            .iter_mut()
            .find(|s| s.arn == stream_arn)
            .ok_or_else(|| not_found(stream_arn))?
            .set_distribution(distribution)
    }

    async fn update_channel_freshness(
        &self,
        channel: &crate::domain::channel::Channel,
        seconds: u32,
    ) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateChannel")?;
        let now = self.inner.clock.now();
        let mut channels = self.channels();
        channels
            .iter_mut()
            .find(|c| c.channel.arn == channel.arn)
            .ok_or_else(|| not_found(&channel.arn))?
            .set_freshness(seconds, now)
    }

    async fn update_max_record_size(&self, stream_arn: &str, kib: u32) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateMaxRecordSize")?;
        let mut streams = self.streams();
        streams
            .iter_mut()
            .find(|s| s.arn == stream_arn)
            .ok_or_else(|| not_found(stream_arn))?
            .set_max_record_size(kib)
    }

    async fn set_retention(&self, stream: &str, _from: u32, to: u32) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("UpdateStreamRetention")?;
        let mut streams = self.streams();
        find_mut(&mut streams, stream)?.set_retention(to)
    }

    async fn merge_shards(
        &self,
        stream: &str,
        shard: &str,
        adjacent: &str,
    ) -> Result<(), PortError> {
        self.network().await;
        self.check_throttle("MergeShards")?;
        let now = self.inner.clock.now();
        let mut streams = self.streams();
        find_mut(&mut streams, stream)?.begin_merge(shard, adjacent, now)
    }
}

//! StreamsPort over the simulated account: listing, summaries, shards, consumers, records.
use super::super::LIST_PAGE;
use super::super::SimAccount;
use super::super::calls::CallCounts;
use super::super::not_found;
use super::super::records;
use super::super::stream::SimStream;
use crate::domain::Consumer;
use crate::domain::PortError;
use crate::domain::Shard;
use crate::domain::StreamListing;
use crate::domain::StreamSummary;
use crate::domain::read_from::ReadFrom;
use crate::ports::RecordBatch;
use crate::ports::StreamsPort;
use async_trait::async_trait;

#[async_trait]
impl StreamsPort for SimAccount {
    async fn list_streams(&self) -> Result<Vec<StreamListing>, PortError> {
        self.network().await;
        let streams = self.streams();
        let pages = streams.len().div_ceil(LIST_PAGE).max(1) as u64;
        CallCounts::add(&self.inner.calls.list_streams, pages);
        self.check_throttle("ListStreams")?;
        Ok(streams.iter().map(SimStream::listing).collect())
    }

    async fn describe_stream_summary(&self, stream: &str) -> Result<StreamSummary, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.describe_stream_summary, 1);
        self.check_throttle("DescribeStreamSummary")?;
        let advantage = self.advantage().is_on();
        let mut summary = self.with_stream(stream, |s| Ok(s.summary(advantage)))?;
        let count = self
            .channels()
            .iter()
            .filter(|c| c.channel.streams.contains(&summary.arn))
            .count();
        summary.capacity.channels = u32::try_from(count).ok();
        Ok(summary)
    }

    async fn list_shards(&self, stream: &str) -> Result<Vec<Shard>, PortError> {
        self.network().await;
        let shards = self.with_stream(stream, |found| Ok(found.listed_shards()))?;
        let pages = shards.len().div_ceil(1000).max(1) as u64;
        CallCounts::add(&self.inner.calls.list_shards, pages);
        self.check_throttle("ListShards")?;
        Ok(shards)
    }

    async fn list_consumers(&self, stream_arn: &str) -> Result<Vec<Consumer>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.list_stream_consumers, 1);
        self.check_throttle("ListStreamConsumers")?;
        let streams = self.streams();
        let stream = streams
            .iter()
            .find(|s| s.arn == stream_arn)
            .ok_or_else(|| not_found(stream_arn))?;
        Ok(stream.consumers.clone())
    }

    async fn list_channels(&self) -> Result<Vec<crate::domain::channel::Channel>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.list_channels, 1);
        self.check_throttle("ListChannels")?;
        Ok(self
            .channels()
            .iter()
            .map(|c| crate::domain::channel::Channel {
                // ListChannels tells neither the freshness nor the destination's names.
                freshness_secs: None,
                destination: match &c.channel.destination {
                    crate::domain::channel::Destination::S3 { .. } => {
                        crate::domain::channel::Destination::S3 { bucket: None }
                    }
                    crate::domain::channel::Destination::Iceberg { .. } => {
                        crate::domain::channel::Destination::Iceberg { tables: Vec::new() }
                    }
                },
                ..c.channel.clone()
            })
            .collect())
    }

    async fn describe_channel(
        &self,
        channel_arn: &str,
    ) -> Result<crate::domain::channel::Channel, PortError> {
        self.network().await;
        self.check_throttle("DescribeChannel")?;
        self.channels()
            .iter()
            .find(|c| c.channel.arn == channel_arn)
            .map(|c| c.channel.clone())
            .ok_or_else(|| not_found(channel_arn))
    }

    async fn describe_account_settings(
        &self,
    ) -> Result<crate::domain::capacity::Advantage, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.describe_account_settings, 1);
        self.check_throttle("DescribeAccountSettings")?;
        Ok(self.advantage())
    }

    async fn shard_iterator(
        &self,
        stream: &str,
        shard: &str,
        from: &ReadFrom,
    ) -> Result<String, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.get_shard_iterator, 1);
        self.check_throttle("GetShardIterator")?;
        let now = self.inner.clock.now();
        self.with_stream(stream, |found| {
            records::shard_iterator(found, shard, from, now)
        })
    }

    async fn get_records(
        &self,
        stream: &str,
        shard: &str,
        iterator: &str,
        limit: u32,
    ) -> Result<RecordBatch, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.get_records, 1);
        self.check_throttle("GetRecords")?;
        let now = self.inner.clock.now();
        {
            let mut reads = self
                .inner
                .reads
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let count = reads
                .entry(format!("{stream}/{shard}"))
                .or_insert((now.timestamp(), 0));
            if count.0 != now.timestamp() {
                *count = (now.timestamp(), 0);
            }
            count.1 += 1;
            if count.1 > records::READS_PER_SHARD_PER_SEC {
                return Err(PortError::Throttled {
                    api: "GetRecords".into(),
                });
            }
        }
        self.with_stream(stream, |found| {
            records::get_records(found, &self.inner.key_pools, iterator, limit, now)
        })
    }
}

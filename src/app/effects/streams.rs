//! Commands that read Kinesis and CloudWatch for streams and alarms: one port call (or one
//! composed read) each, its answer as a `Msg`.
use super::super::command::Command;
use super::super::msg::Msg;
use super::{EffectRunner, reads};
use crate::domain::shard::count_open;

impl EffectRunner {
    /// The answer to a streams command; any other command comes back untouched.
    pub(super) async fn streams_command(&self, command: Command) -> Result<Msg, Command> {
        let at = || (self.clock)();
        Ok(match command {
            Command::ListStreams { request } => Msg::StreamsListed {
                request,
                result: self.streams.list_streams().await,
                at: at(),
            },
            Command::DescribeSummary { stream } => Msg::SummaryLoaded {
                result: self.streams.describe_stream_summary(&stream).await,
                stream,
                at: at(),
            },
            Command::CountShards { stream } => Msg::ShardsCounted {
                result: self
                    .streams
                    .list_shards(&stream)
                    .await
                    .map(|s| count_open(&s)),
                stream,
                at: at(),
            },
            Command::LoadShards { request, stream } => Msg::ShardsLoaded {
                request,
                result: self.streams.list_shards(&stream).await,
                stream,
                at: at(),
            },
            Command::LoadConsumers {
                request,
                stream,
                arn,
            } => Msg::ConsumersLoaded {
                request,
                stream,
                result: self.streams.list_consumers(&arn).await,
                at: at(),
            },
            Command::StreamMetrics {
                request,
                streams,
                window,
            } => Msg::StreamMetricsLoaded {
                request,
                result: reads::stream_metrics(self.metrics.as_ref(), &streams, window).await,
                at: at(),
            },
            Command::ShardMetrics {
                request,
                stream,
                shards,
                window,
            } => Msg::ShardMetricsLoaded {
                request,
                result: reads::shard_metrics(self.metrics.as_ref(), &stream, &shards, window).await,
                stream,
                at: at(),
            },
            Command::DescribeAccountSettings { request } => Msg::AccountSettingsLoaded {
                request,
                result: self.streams.describe_account_settings().await,
                at: at(),
            },
            Command::ListChannels { request } => Msg::ChannelsListed {
                request,
                result: self.streams.list_channels().await,
                at: at(),
            },
            Command::DescribeChannel { arn } => Msg::ChannelDescribed {
                result: self.streams.describe_channel(&arn).await,
                arn,
            },
            Command::ChannelMetrics { channel, window } => Msg::ChannelMetricsLoaded {
                result: reads::delivery_metrics(self.metrics.as_ref(), &channel, window).await,
                arn: channel.arn.clone(),
                at: at(),
            },
            Command::DescribeAlarms { request } => Msg::AlarmsLoaded {
                request,
                result: self.metrics.describe_alarms().await,
                at: at(),
            },
            Command::LoadReshardInputs {
                stream,
                next_target,
            } => Msg::ReshardInputsLoaded {
                result: crate::ops::inputs::reshard_inputs(
                    self.streams.as_ref(),
                    self.metrics.as_ref(),
                    self.ops.as_deref(),
                    self.auditor.as_ref().map(|a| &a.log),
                    &stream,
                    at(),
                )
                .await,
                stream,
                next_target,
                at: at(),
            },
            other => return Err(other),
        })
    }
}

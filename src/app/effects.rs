//! Runs `Command`s on tokio tasks through the ports and sends each result back as a `Msg`.
use super::command::Command;
use super::msg::Msg;
use crate::domain::shard::count_open;
use crate::domain::{MetricQuery, MetricSeries, PortError, StreamMetric, StreamMetrics, Timestamp};
use crate::ports::{MetricsPort, StreamsPort};
use crate::sim::SimAccount;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// Where "now" comes from when stamping results.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

#[derive(Clone)]
pub struct EffectRunner {
    streams: Arc<dyn StreamsPort>,
    metrics: Arc<dyn MetricsPort>,
    sim: Option<SimAccount>,
    tx: UnboundedSender<Msg>,
    clock: Clock,
}

impl EffectRunner {
    pub fn new(
        streams: Arc<dyn StreamsPort>,
        metrics: Arc<dyn MetricsPort>,
        tx: UnboundedSender<Msg>,
        clock: Clock,
    ) -> Self {
        Self {
            streams,
            metrics,
            sim: None,
            tx,
            clock,
        }
    }

    /// Over the simulated account: both ports plus its drill switches.
    pub fn simulated(sim: SimAccount, tx: UnboundedSender<Msg>) -> Self {
        let clock_sim = sim.clone();
        let clock: Clock = Arc::new(move || clock_sim.clock().now());
        let mut runner = Self::new(Arc::new(sim.clone()), Arc::new(sim.clone()), tx, clock);
        runner.sim = Some(sim);
        runner
    }

    /// Starts the command on its own task; its result arrives later as a `Msg`.
    pub fn run(&self, command: Command) {
        let runner = self.clone();
        tokio::spawn(async move {
            if let Some(msg) = runner.execute(command).await {
                // The receiver is gone only when the console is shutting down.
                let _ = runner.tx.send(msg);
            }
        });
    }

    /// Performs one command and returns the message carrying its result.
    pub async fn execute(&self, command: Command) -> Option<Msg> {
        let now = || (self.clock)();
        Some(match command {
            Command::ListStreams { request } => {
                let result = self.streams.list_streams().await;
                Msg::StreamsListed {
                    request,
                    at: now(),
                    result,
                }
            }
            Command::DescribeSummary { stream } => {
                let result = self.streams.describe_stream_summary(&stream).await;
                Msg::SummaryLoaded {
                    stream,
                    at: now(),
                    result,
                }
            }
            Command::CountShards { stream } => {
                let result = self
                    .streams
                    .list_shards(&stream)
                    .await
                    .map(|s| count_open(&s));
                Msg::ShardsCounted {
                    stream,
                    at: now(),
                    result,
                }
            }
            Command::LoadShards { request, stream } => {
                let result = self.streams.list_shards(&stream).await;
                Msg::ShardsLoaded {
                    request,
                    stream,
                    at: now(),
                    result,
                }
            }
            Command::LoadConsumers {
                request,
                stream,
                arn,
            } => {
                let result = self.streams.list_consumers(&arn).await;
                Msg::ConsumersLoaded {
                    request,
                    stream,
                    at: now(),
                    result,
                }
            }
            Command::StreamMetrics {
                request,
                streams,
                window,
            } => {
                let queries: Vec<(String, StreamMetric, MetricQuery)> = streams
                    .iter()
                    .flat_map(|s| StreamMetric::ALL.map(|m| (s.clone(), m, m.query(s))))
                    .collect();
                let result = self.fetch(&queries, window).await;
                Msg::StreamMetricsLoaded {
                    request,
                    at: now(),
                    result,
                }
            }
            Command::ShardMetrics {
                request,
                stream,
                shards,
                window,
            } => {
                let queries: Vec<(String, StreamMetric, MetricQuery)> = shards
                    .iter()
                    .flat_map(|shard| {
                        StreamMetric::SHARD_LEVEL
                            .map(|m| (shard.clone(), m, m.shard_query(&stream, shard)))
                    })
                    .collect();
                let result = self.fetch(&queries, window).await;
                Msg::ShardMetricsLoaded {
                    request,
                    stream,
                    at: now(),
                    result,
                }
            }
            Command::SimThrottling(on) => {
                if let Some(sim) = &self.sim {
                    sim.set_throttling(on);
                }
                return None;
            }
        })
    }

    /// One batched metrics request, regrouped per owner (a stream or a shard) in first-seen order.
    async fn fetch(
        &self,
        queries: &[(String, StreamMetric, MetricQuery)],
        window: crate::domain::MetricWindow,
    ) -> Result<Vec<(String, StreamMetrics)>, PortError> {
        let plain: Vec<MetricQuery> = queries.iter().map(|(_, _, q)| q.clone()).collect();
        let series: Vec<MetricSeries> = self.metrics.get_metrics(&plain, window).await?;
        let mut grouped: Vec<(String, StreamMetrics)> = Vec::new();
        for ((owner, metric, _), s) in queries.iter().zip(series) {
            match grouped.last_mut() {
                Some((last, metrics)) if last == owner => *metrics.series_mut(*metric) = s,
                _ => grouped.push((owner.clone(), StreamMetrics::from_series([(*metric, s)]))),
            }
        }
        Ok(grouped)
    }
}

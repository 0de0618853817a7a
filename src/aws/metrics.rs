//! `MetricsPort` over CloudWatch GetMetricData: up to 500 queries a call, every page followed.
use super::error::Endpoint;
use super::quotas;
use super::rate_limiter::RateLimiter;
use crate::domain::time::from_epoch_millis;
use crate::domain::{MetricQuery, MetricSeries, MetricWindow, PortError};
use crate::ports::MetricsPort;
use async_trait::async_trait;
use aws_sdk_cloudwatch::Client;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};
use aws_smithy_types::DateTime;
use std::sync::Arc;

const MAX_PAGES: usize = 1_000;

pub struct AwsMetrics {
    client: Client,
    endpoint: Endpoint,
    limiter: Arc<RateLimiter>,
    list_limiter: Arc<RateLimiter>,
    alarms_limiter: Arc<RateLimiter>,
}

impl AwsMetrics {
    pub fn new(client: Client) -> Self {
        Self {
            endpoint: Endpoint::aws("monitoring", client.config().region()),
            client,
            limiter: Arc::new(RateLimiter::new(quotas::GET_METRIC_DATA)),
            list_limiter: Arc::new(RateLimiter::new(quotas::LIST_METRICS)),
            alarms_limiter: Arc::new(RateLimiter::new(quotas::DESCRIBE_ALARMS)),
        }
    }

    /// Its limiters, to be shared with other contexts of the same account and region.
    pub fn limiters(&self) -> Vec<Arc<RateLimiter>> {
        vec![
            Arc::clone(&self.limiter),
            Arc::clone(&self.list_limiter),
            Arc::clone(&self.alarms_limiter),
        ]
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }
}

/// GetMetricData ids must start with a lower-case letter; the index maps answers back.
fn query_id(index: usize) -> String {
    format!("q{index}")
}

fn to_sdk_query(index: usize, query: &MetricQuery, period: i32) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(&query.namespace)
        .metric_name(&query.metric)
        .set_dimensions(Some(
            query
                .dimensions
                .iter()
                .map(|(name, value)| Dimension::builder().name(name).value(value).build())
                .collect(),
        ))
        .build();
    MetricDataQuery::builder()
        .id(query_id(index))
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(period)
                .stat(query.stat.as_str())
                .build(),
        )
        .return_data(true)
        .build()
}

#[async_trait]
impl MetricsPort for AwsMetrics {
    async fn get_metrics(
        &self,
        queries: &[MetricQuery],
        window: MetricWindow,
    ) -> Result<Vec<MetricSeries>, PortError> {
        let mut series = vec![MetricSeries::default(); queries.len()];
        for (chunk_index, chunk) in queries.chunks(quotas::METRIC_QUERIES_PER_CALL).enumerate() {
            let offset = chunk_index * quotas::METRIC_QUERIES_PER_CALL;
            let sdk_queries: Vec<MetricDataQuery> = chunk
                .iter()
                .enumerate()
                .map(|(i, q)| to_sdk_query(offset + i, q, window.period_secs))
                .collect();
            let mut next_token: Option<String> = None;
            for _ in 0..MAX_PAGES {
                self.limiter.acquire().await;
                let page = self
                    .client
                    .get_metric_data()
                    .set_metric_data_queries(Some(sdk_queries.clone()))
                    .start_time(DateTime::from_millis(window.start.timestamp_millis()))
                    .end_time(DateTime::from_millis(window.end.timestamp_millis()))
                    .scan_by(ScanBy::TimestampAscending)
                    .set_next_token(next_token.clone())
                    .send()
                    .await
                    .map_err(|e| self.endpoint.error("GetMetricData", "metrics", e))?;
                for result in page.metric_data_results() {
                    let Some(index) = result
                        .id()
                        .and_then(|id| id.strip_prefix('q'))
                        .and_then(|n| n.parse::<usize>().ok())
                        .filter(|i| *i < series.len())
                    else {
                        continue;
                    };
                    series[index].points.extend(
                        result
                            .timestamps()
                            .iter()
                            .zip(result.values())
                            .map(|(t, v)| (from_epoch_millis(t.to_millis().unwrap_or(0)), *v)),
                    );
                }
                next_token = page.next_token().map(str::to_string);
                if next_token.is_none() {
                    break;
                }
            }
        }
        Ok(series.into_iter().map(MetricSeries::sorted).collect())
    }

    async fn list_metrics(&self, filter: &MetricQuery) -> Result<Vec<MetricQuery>, PortError> {
        let mut found = Vec::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            self.list_limiter.acquire().await;
            let page = self
                .client
                .list_metrics()
                .namespace(&filter.namespace)
                .metric_name(&filter.metric)
                .set_dimensions(Some(
                    filter
                        .dimensions
                        .iter()
                        .map(|(name, value)| {
                            aws_sdk_cloudwatch::types::DimensionFilter::builder()
                                .name(name)
                                .value(value)
                                .build()
                        })
                        .collect(),
                ))
                .set_next_token(next_token.clone())
                .send()
                .await
                .map_err(|e| self.endpoint.error("ListMetrics", "metrics", e))?;
            for metric in page.metrics() {
                found.push(MetricQuery {
                    namespace: metric.namespace().unwrap_or(&filter.namespace).to_string(),
                    metric: metric.metric_name().unwrap_or(&filter.metric).to_string(),
                    dimensions: dimensions(metric.dimensions()),
                    stat: filter.stat,
                });
            }
            next_token = page.next_token().map(str::to_string);
            if next_token.is_none() {
                break;
            }
        }
        Ok(found)
    }

    async fn describe_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        use aws_sdk_cloudwatch::types::StateValue;
        // Two filtered reads are a page or two where one unfiltered read pages through every OK
        // alarm of the account.
        let mut alarms = self.alarms_in(StateValue::Alarm).await?;
        alarms.extend(self.alarms_in(StateValue::InsufficientData).await?);
        Ok(alarms)
    }

    async fn describe_firing_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        self.alarms_in(aws_sdk_cloudwatch::types::StateValue::Alarm)
            .await
    }
}

impl AwsMetrics {
    /// The metric alarms in `state`, every page.
    async fn alarms_in(
        &self,
        state: aws_sdk_cloudwatch::types::StateValue,
    ) -> Result<Vec<crate::domain::Alarm>, PortError> {
        let mut alarms = Vec::new();
        let mut next_token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            self.alarms_limiter.acquire().await;
            let page = self
                .client
                .describe_alarms()
                .state_value(state.clone())
                .set_next_token(next_token.clone())
                .send()
                .await
                .map_err(|e| self.endpoint.error("DescribeAlarms", "alarms", e))?;
            alarms.extend(page.metric_alarms().iter().filter_map(to_alarm));
            next_token = page.next_token().map(str::to_string);
            if next_token.is_none() {
                break;
            }
        }
        Ok(alarms)
    }
}

/// An SDK metric alarm as the console's `Alarm`; None without a name or a known state.
fn to_alarm(alarm: &aws_sdk_cloudwatch::types::MetricAlarm) -> Option<crate::domain::Alarm> {
    Some(crate::domain::Alarm {
        name: alarm.alarm_name()?.to_string(),
        state: crate::domain::AlarmState::parse(alarm.state_value()?.as_str())?,
        since: alarm
            .state_updated_timestamp()
            .map(|t| from_epoch_millis(t.to_millis().unwrap_or_default()))
            .unwrap_or_default(),
        namespace: alarm.namespace().unwrap_or_default().to_string(),
        metric: alarm.metric_name().unwrap_or_default().to_string(),
        dimensions: dimensions(alarm.dimensions()),
        reason: alarm.state_reason().unwrap_or_default().to_string(),
    })
}

/// CloudWatch dimensions as (name, value) pairs.
fn dimensions(dimensions: &[Dimension]) -> Vec<(String, String)> {
    dimensions
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_string(),
                d.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

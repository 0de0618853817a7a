//! MetricsPort over the simulated account: its traffic and applications as CloudWatch metrics, alarms.
use super::super::SimAccount;
use super::super::app_metrics;
use super::super::calls::CallCounts;
use super::super::series_for;
use crate::domain::MetricQuery;
use crate::domain::MetricSeries;
use crate::domain::MetricWindow;
use crate::domain::PortError;
use crate::ports::MetricsPort;
use async_trait::async_trait;

#[async_trait]
impl MetricsPort for SimAccount {
    async fn get_metrics(
        &self,
        queries: &[MetricQuery],
        window: MetricWindow,
    ) -> Result<Vec<MetricSeries>, PortError> {
        self.network().await;
        let calls = queries.len().div_ceil(500).max(1) as u64;
        CallCounts::add(&self.inner.calls.get_metric_data, calls);
        CallCounts::add(&self.inner.calls.metrics_requested, queries.len() as u64);
        self.check_throttle("GetMetricData")?;
        let now = self.inner.clock.now();
        let streams = self.streams();
        let apps = self.apps();
        let channels = self.channels();
        Ok(queries
            .iter()
            .map(|q| {
                super::super::channels::delivery_series(&channels, q, window, now)
                    .unwrap_or_else(|| series_for(&streams, &apps, q, window, now))
            })
            .collect())
    }

    async fn describe_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.describe_alarms, 2);
        self.check_throttle("DescribeAlarms")?;
        Ok(self.evaluated_alarms())
    }

    async fn describe_firing_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        self.network().await;
        // One page: the state asked is ALARM only.
        CallCounts::add(&self.inner.calls.describe_alarms, 1);
        self.check_throttle("DescribeAlarms")?;
        Ok(self
            .evaluated_alarms()
            .into_iter()
            .filter(|a| a.state == crate::domain::AlarmState::Alarm)
            .collect())
    }

    async fn list_metrics(&self, filter: &MetricQuery) -> Result<Vec<MetricQuery>, PortError> {
        self.network().await;
        self.check_throttle("ListMetrics")?;
        if filter.metric.starts_with("DeliveryTo") {
            return Ok(super::super::channels::list_delivery_metrics(
                &self.channels(),
                filter,
            ));
        }
        let app_name = filter
            .dimensions
            .iter()
            .find(|(n, _)| n == "Application")
            .map(|(_, v)| v.clone());
        let apps = self.apps();
        if crate::domain::task_history::TASK_METRICS.contains(&filter.metric.as_str()) {
            // What CloudWatch kept of the last two weeks: tasks of applications that report them.
            let now = self.inner.clock.now();
            return Ok(apps
                .iter()
                .filter(|a| app_name.as_ref().is_none_or(|n| *n == a.current().name))
                .flat_map(|a| {
                    super::super::jobs::task_names(a, now)
                        .into_iter()
                        .map(|task| MetricQuery {
                            dimensions: vec![
                                ("Application".to_string(), a.current().name.clone()),
                                (
                                    crate::domain::task_history::TASK_DIMENSION.to_string(),
                                    task,
                                ),
                            ],
                            ..filter.clone()
                        })
                })
                .collect());
        }
        if filter.metric != crate::domain::app_metrics::LAG_METRIC {
            return Ok(Vec::new());
        }
        Ok(apps
            .iter()
            .filter(|a| app_name.as_ref().is_none_or(|n| *n == a.current().name))
            .flat_map(app_metrics::lag_dimensions)
            .map(|dimensions| MetricQuery {
                dimensions,
                ..filter.clone()
            })
            .collect())
    }
}

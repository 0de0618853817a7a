//! The AWS/KinesisAnalytics metrics the console reads per application.
use super::metrics::{MetricQuery, MetricSeries, Stat};

pub const NAMESPACE: &str = "AWS/KinesisAnalytics";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppMetric {
    Kpus,
    Uptime,
    Downtime,
    Restarts,
    FailedCheckpoints,
    CheckpointDuration,
    CheckpointSize,
    Cpu,
    Heap,
}

impl AppMetric {
    pub const ALL: [AppMetric; 9] = [
        Self::Kpus,
        Self::Uptime,
        Self::Downtime,
        Self::Restarts,
        Self::FailedCheckpoints,
        Self::CheckpointDuration,
        Self::CheckpointSize,
        Self::Cpu,
        Self::Heap,
    ];

    /// The CloudWatch name; restarts are `numRestarts` from Flink 2.2 on, `fullRestarts` before.
    pub fn cloudwatch_name(&self, runtime: &str) -> &'static str {
        match self {
            Self::Kpus => "KPUs",
            Self::Uptime => "uptime",
            Self::Downtime => "downtime",
            Self::Restarts if flink_2(runtime) => "numRestarts",
            Self::Restarts => "fullRestarts",
            Self::FailedCheckpoints => "numberOfFailedCheckpoints",
            Self::CheckpointDuration => "lastCheckpointDuration",
            Self::CheckpointSize => "lastCheckpointSize",
            Self::Cpu => "cpuUtilization",
            Self::Heap => "heapMemoryUtilization",
        }
    }

    fn stat(self) -> Stat {
        match self {
            Self::Cpu | Self::Heap => Stat::Average,
            _ => Stat::Maximum,
        }
    }

    pub fn query(&self, app: &str, runtime: &str) -> MetricQuery {
        MetricQuery {
            namespace: NAMESPACE.to_string(),
            metric: self.cloudwatch_name(runtime).to_string(),
            dimensions: vec![("Application".to_string(), app.to_string())],
            stat: self.stat(),
        }
    }
}

/// Flink 2.x runtimes ("FLINK-2_2") report numRestarts instead of fullRestarts.
fn flink_2(runtime: &str) -> bool {
    runtime
        .strip_prefix("FLINK-")
        .and_then(|v| v.split('_').next())
        .and_then(|major| major.parse::<u32>().ok())
        .is_some_and(|major| major >= 2)
}

/// The consumer-lag metric, whose dimensions (per source) are discovered with ListMetrics.
pub const LAG_METRIC: &str = "millisBehindLatest";

/// The lag query filter: every millisBehindLatest series of the application.
pub fn lag_filter(app: &str) -> MetricQuery {
    MetricQuery {
        namespace: NAMESPACE.to_string(),
        metric: LAG_METRIC.to_string(),
        dimensions: vec![("Application".to_string(), app.to_string())],
        stat: Stat::Maximum,
    }
}

/// One application's series over the window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppMetrics {
    pub kpus: MetricSeries,
    pub uptime_ms: MetricSeries,
    pub downtime_ms: MetricSeries,
    pub restarts: MetricSeries,
    pub failed_checkpoints: MetricSeries,
    pub checkpoint_duration_ms: MetricSeries,
    pub checkpoint_size_bytes: MetricSeries,
    pub cpu_percent: MetricSeries,
    pub heap_percent: MetricSeries,
    /// The worst (maximum) lag across the application's sources, per minute.
    pub lag_ms: MetricSeries,
}

impl AppMetrics {
    pub fn series_mut(&mut self, metric: AppMetric) -> &mut MetricSeries {
        match metric {
            AppMetric::Kpus => &mut self.kpus,
            AppMetric::Uptime => &mut self.uptime_ms,
            AppMetric::Downtime => &mut self.downtime_ms,
            AppMetric::Restarts => &mut self.restarts,
            AppMetric::FailedCheckpoints => &mut self.failed_checkpoints,
            AppMetric::CheckpointDuration => &mut self.checkpoint_duration_ms,
            AppMetric::CheckpointSize => &mut self.checkpoint_size_bytes,
            AppMetric::Cpu => &mut self.cpu_percent,
            AppMetric::Heap => &mut self.heap_percent,
        }
    }

    /// Folds several per-source lag series into one: the maximum at each minute.
    pub fn merge_lag(series: impl IntoIterator<Item = MetricSeries>) -> MetricSeries {
        let mut by_time: std::collections::BTreeMap<super::Timestamp, f64> =
            std::collections::BTreeMap::new();
        for s in series {
            for (t, v) in s.points {
                let entry = by_time.entry(t).or_insert(v);
                *entry = entry.max(v);
            }
        }
        MetricSeries {
            points: by_time.into_iter().collect(),
        }
    }
}

/// How much a cumulative counter grew since `since` (0 when unknown).
pub fn increase_since(series: &MetricSeries, since: super::Timestamp) -> f64 {
    let recent = series.values_since(since);
    let before = series
        .points
        .iter()
        .rev()
        .find(|(t, _)| *t < since)
        .map(|(_, v)| *v);
    match (before.or(recent.first().copied()), recent.last()) {
        (Some(first), Some(last)) => (last - first).max(0.0),
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_metric_follows_the_runtime() {
        assert_eq!(
            AppMetric::Restarts.cloudwatch_name("FLINK-1_20"),
            "fullRestarts"
        );
        assert_eq!(
            AppMetric::Restarts.cloudwatch_name("FLINK-2_2"),
            "numRestarts"
        );
    }
}

//! Answers AWS/KinesisAnalytics queries for simulated applications, minute by minute.
use super::application::SimApp;
use super::rng::noise;
use crate::domain::app_metrics::{LAG_METRIC, NAMESPACE};
use crate::domain::task_history::{TASK_DIMENSION, TASK_METRICS};
use crate::domain::time::from_epoch_secs;
use crate::domain::{AppStatus, MetricQuery, MetricSeries, MetricWindow, Timestamp};

fn dimension<'a>(query: &'a MetricQuery, name: &str) -> Option<&'a str> {
    query
        .dimensions
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The lag series' full dimensions, as ListMetrics reports them: one per source stream.
pub fn lag_dimensions(app: &SimApp) -> Vec<Vec<(String, String)>> {
    app.current()
        .streams()
        .into_iter()
        .filter(|(d, _)| *d == crate::domain::Direction::Reads)
        .map(|(_, stream)| {
            vec![
                ("Application".to_string(), app.current().name.clone()),
                ("Flow".to_string(), "Input".to_string()),
                ("Id".to_string(), stream),
            ]
        })
        .collect()
}

/// How long after a minute ends its Managed Flink metrics reach CloudWatch (AWS delivers them
/// minutes late; two is what the simulated account models).
pub const DELAY_SECS: i64 = 120;

pub fn series_for(
    apps: &[SimApp],
    query: &MetricQuery,
    window: MetricWindow,
    now: Timestamp,
) -> MetricSeries {
    if query.namespace != NAMESPACE {
        return MetricSeries::default();
    }
    let Some(app) = dimension(query, "Application")
        .and_then(|name| apps.iter().find(|a| a.current().name == name))
    else {
        return MetricSeries::default();
    };
    // A stopped job publishes nothing (its tasks' last minutes before it stopped stay).
    let task = dimension(query, TASK_DIMENSION);
    if task.is_none()
        && !app.current().status.is_live()
        && app.current().status != AppStatus::RolledBack
    {
        return MetricSeries::default();
    }
    if query.metric == LAG_METRIC && dimension(query, "Id").is_none() {
        return MetricSeries::default();
    }
    let b = &app.behaviour;
    let restarts_name = if app.current().runtime.starts_with("FLINK-2") {
        "numRestarts"
    } else {
        "fullRestarts"
    };
    let period = i64::from(window.period_secs.max(60));
    // CloudWatch reports a period once it has ended, and Managed Flink's metrics arrive minutes
    // after that: the newest datapoint describes the period that ended `DELAY_SECS` ago.
    let last = window
        .end
        .timestamp()
        .min(now.timestamp() - DELAY_SECS - period + 1);
    let mut points = Vec::new();
    // Datapoints sit on period boundaries, whatever the window's start.
    let mut t =
        window.start.timestamp() + (period - window.start.timestamp().rem_euclid(period)) % period;
    while t < last {
        let at = from_epoch_secs(t);
        let minute = t.div_euclid(60);
        let since_start_min = (t - b.started.timestamp()).max(0) / 60;
        let jitter = |salt: u64, size: f64| 1.0 + size * noise(b.key ^ salt, minute);
        let value = match query.metric.as_str() {
            "KPUs" => app.current().kpus().map(f64::from),
            // A restarting job's uptime is the time since its last restart.
            "uptime" => Some(
                (if b.restart_every_min > 0 {
                    since_start_min % b.restart_every_min
                } else {
                    since_start_min
                } * 60_000) as f64,
            ),
            "downtime" => Some(0.0),
            name if name == restarts_name => Some(if b.restart_every_min > 0 {
                (since_start_min / b.restart_every_min) as f64
            } else {
                0.0
            }),
            "numberOfFailedCheckpoints" => Some(if b.checkpoint_failure_every_min > 0 {
                (since_start_min / b.checkpoint_failure_every_min) as f64
            } else {
                0.0
            }),
            "lastCheckpointDuration" => Some((b.checkpoint_duration_ms * jitter(1, 0.2)).round()),
            "lastCheckpointSize" => Some((b.checkpoint_size_bytes * jitter(2, 0.05)).round()),
            "cpuUtilization" => Some((b.cpu_percent * jitter(3, 0.15)).clamp(0.0, 100.0)),
            "heapMemoryUtilization" => Some((55.0 * jitter(4, 0.1)).clamp(0.0, 100.0)),
            name if TASK_METRICS.contains(&name) => {
                task.and_then(|task| super::jobs::task_metric(app, task, name, at))
            }
            LAG_METRIC => {
                let hours = (t - b.started.timestamp()).max(0) as f64 / 3600.0;
                Some(((b.lag_ms + b.lag_growth_per_hour * hours) * jitter(5, 0.1)).round())
            }
            _ => None,
        };
        if let Some(v) = value
            && at >= b.started - chrono::Duration::days(365)
        {
            points.push((at, v));
        }
        t += period;
    }
    MetricSeries { points }
}

//! Reads made of several port calls: metrics asked in one batch and regrouped per stream, shard or
//! application; a look at a followed change; the health gate's look; the incident timeline.
use super::super::command::Probe;
use super::super::msg::Observation;
use crate::domain::app_metrics::{AppMetric, AppMetrics, lag_filter};
use crate::domain::channel::{Channel, DeliveryMetrics};
use crate::domain::task_history::{self, TaskHistory};
use crate::domain::{
    MetricQuery, MetricSeries, MetricWindow, PortError, Stat, StreamMetric, StreamMetrics,
    Timestamp,
};
use crate::ops::Resource;
use crate::ops::audit::AuditLog;
use crate::ops::gate::GateObservation;
use crate::ports::{FlinkPort, MetricsPort, StreamsPort};

/// The stream-level metrics of `streams`, one entry per stream.
pub async fn stream_metrics(
    metrics: &dyn MetricsPort,
    streams: &[String],
    window: MetricWindow,
) -> Result<Vec<(String, StreamMetrics)>, PortError> {
    let queries: Vec<(String, StreamMetric, MetricQuery)> = streams
        .iter()
        .flat_map(|s| StreamMetric::ALL.map(|m| (s.clone(), m, m.query(s))))
        .collect();
    fetch(metrics, &queries, window).await
}

/// The shard-level metrics of `shards` of `stream`, one entry per shard.
pub async fn shard_metrics(
    metrics: &dyn MetricsPort,
    stream: &str,
    shards: &[String],
    window: MetricWindow,
) -> Result<Vec<(String, StreamMetrics)>, PortError> {
    let queries: Vec<(String, StreamMetric, MetricQuery)> = shards
        .iter()
        .flat_map(|shard| {
            StreamMetric::SHARD_LEVEL.map(|m| (shard.clone(), m, m.shard_query(stream, shard)))
        })
        .collect();
    fetch(metrics, &queries, window).await
}

/// One batched metrics request, regrouped per owner (a stream or a shard) in first-seen order.
async fn fetch(
    metrics: &dyn MetricsPort,
    queries: &[(String, StreamMetric, MetricQuery)],
    window: MetricWindow,
) -> Result<Vec<(String, StreamMetrics)>, PortError> {
    let plain: Vec<MetricQuery> = queries.iter().map(|(_, _, q)| q.clone()).collect();
    let series: Vec<MetricSeries> = metrics.get_metrics(&plain, window).await?;
    let mut grouped: Vec<(String, StreamMetrics)> = Vec::new();
    for ((owner, metric, _), s) in queries.iter().zip(series) {
        match grouped.last_mut() {
            Some((last, metrics)) if last == owner => *metrics.series_mut(*metric) = s,
            _ => grouped.push((owner.clone(), StreamMetrics::from_series([(*metric, s)]))),
        }
    }
    Ok(grouped)
}

/// The applications' metrics in one batched request; lag dimensions are discovered first.
/// `apps` are (name, runtime): the runtime names the restart metric.
pub async fn app_metrics(
    metrics: &dyn MetricsPort,
    apps: &[(String, String)],
    window: MetricWindow,
) -> Result<Vec<(String, AppMetrics)>, PortError> {
    // (application, Some(metric) or None for a lag series, query)
    let mut queries: Vec<(usize, Option<AppMetric>, MetricQuery)> = Vec::new();
    for (index, (app, runtime)) in apps.iter().enumerate() {
        for metric in AppMetric::ALL {
            queries.push((index, Some(metric), metric.query(app, runtime)));
        }
        // millisBehindLatest carries per-source dimensions we cannot guess.
        for lag in metrics.list_metrics(&lag_filter(app)).await? {
            queries.push((index, None, lag));
        }
    }
    let plain: Vec<MetricQuery> = queries.iter().map(|(_, _, q)| q.clone()).collect();
    let series = metrics.get_metrics(&plain, window).await?;
    let mut result: Vec<(String, AppMetrics, Vec<MetricSeries>)> = apps
        .iter()
        .map(|(name, _)| (name.clone(), AppMetrics::default(), Vec::new()))
        .collect();
    for ((index, metric, _), s) in queries.iter().zip(series) {
        let (_, app_metrics, lags) = &mut result[*index];
        match metric {
            Some(metric) => *app_metrics.series_mut(*metric) = s,
            None => lags.push(s),
        }
    }
    Ok(result
        .into_iter()
        .map(|(name, mut app_metrics, lags)| {
            app_metrics.lag_ms = AppMetrics::merge_lag(lags);
            (name, app_metrics)
        })
        .collect())
}

/// A delivery channel's metrics. Their dimensions are not documented where kinetic could
/// confirm them, so they are found with ListMetrics: the metrics of the channel's destination
/// kind whose dimension values name the channel (by name or ARN). None when none do.
pub async fn delivery_metrics(
    metrics: &dyn MetricsPort,
    channel: &Channel,
    window: MetricWindow,
) -> Result<Option<DeliveryMetrics>, PortError> {
    let (freshness, failed) = channel.destination.delivery_metric_names();
    let names_channel = |query: &MetricQuery| {
        query
            .dimensions
            .iter()
            .any(|(_, value)| *value == channel.name || *value == channel.arn)
    };
    let mut queries = Vec::new();
    for (metric, stat) in [(&freshness, Stat::Maximum), (&failed, Stat::Sum)] {
        let filter = MetricQuery {
            namespace: "AWS/Kinesis".to_string(),
            metric: metric.clone(),
            dimensions: Vec::new(),
            stat,
        };
        let found = metrics.list_metrics(&filter).await?;
        let Some(query) = found.into_iter().find(names_channel) else {
            return Ok(None);
        };
        queries.push(MetricQuery { stat, ..query });
    }
    let mut series = metrics.get_metrics(&queries, window).await?.into_iter();
    Ok(Some(DeliveryMetrics {
        freshness_secs: series.next().unwrap_or_default().sorted(),
        failed: series.next().unwrap_or_default().sorted(),
    }))
}

/// A Managed Flink application's tasks over the last hour: the tasks CloudWatch has (their
/// `Application` + `Task` dimension sets, found with ListMetrics), then their busy,
/// backpressured and idle time in one GetMetricData. No tasks: none reported in two weeks.
pub async fn task_history(
    metrics: &dyn MetricsPort,
    app: &str,
    now: crate::domain::Timestamp,
) -> Result<TaskHistory, PortError> {
    let found = metrics
        .list_metrics(&task_history::task_filter(app))
        .await?;
    let tasks = task_history::tasks_listed(&found);
    if tasks.is_empty() {
        return Ok(TaskHistory::default());
    }
    let queries = task_history::task_queries(app, &tasks);
    let series = metrics
        .get_metrics(&queries, MetricWindow::last_minutes(now, 60))
        .await?;
    Ok(TaskHistory::from_series(&tasks, series))
}

/// The Checkpoints tab's series of one application.
pub async fn checkpoint_metrics(
    metrics: &dyn MetricsPort,
    app: &str,
    runtime: &str,
    window: MetricWindow,
) -> Result<AppMetrics, PortError> {
    let wanted = [
        AppMetric::CheckpointDuration,
        AppMetric::CheckpointSize,
        AppMetric::FailedCheckpoints,
        AppMetric::Restarts,
    ];
    let queries: Vec<MetricQuery> = wanted.iter().map(|m| m.query(app, runtime)).collect();
    let series = metrics.get_metrics(&queries, window).await?;
    let mut found = AppMetrics::default();
    for (metric, s) in wanted.iter().zip(series) {
        *found.series_mut(*metric) = s;
    }
    Ok(found)
}

/// One look at a followed change.
pub async fn look(
    streams: &dyn StreamsPort,
    flink: &dyn FlinkPort,
    clusters: Option<&dyn crate::ports::ClusterOpsPort>,
    resource: &Resource,
    probe: Probe,
) -> Result<Observation, PortError> {
    let name = resource.name();
    let clusters = || {
        clusters.ok_or_else(|| PortError::Unavailable {
            what: "a self-managed job".to_string(),
            why: "no Flink cluster was given".to_string(),
        })
    };
    Ok(match probe {
        Probe::Stream => Observation::Stream(streams.describe_stream_summary(name).await?),
        Probe::Operation(id) => Observation::Operation(flink.describe_operation(name, &id).await?),
        Probe::Application => {
            Observation::Application(Box::new(flink.describe_application(name).await?))
        }
        Probe::Snapshot(snapshot) => match flink.describe_snapshot(name, &snapshot).await {
            Ok(found) => Observation::Snapshot(Some(found)),
            Err(PortError::NotFound { .. }) => Observation::Snapshot(None),
            Err(error) => return Err(error),
        },
        Probe::Account => Observation::Account(streams.describe_account_settings().await?),
        Probe::Channel(arn) => Observation::Channel(streams.describe_channel(&arn).await?),
        Probe::Savepoint { job_id, trigger } => Observation::Savepoint(
            clusters()?
                .savepoint_status(name, &job_id, &trigger)
                .await?,
        ),
        Probe::Run(job_id) => {
            let (status, parallelism) = clusters()?.run_state(name, &job_id).await?;
            Observation::Run(status, parallelism)
        }
    })
}

/// The health gate's look: status now, and the application's metrics since the gate began
/// (from a few minutes before, so counters have a point to rise from).
pub async fn gate_look(
    flink: &dyn FlinkPort,
    metrics: &dyn MetricsPort,
    app: &str,
    since: Timestamp,
    clock: &(dyn Fn() -> Timestamp + Send + Sync),
) -> Result<GateObservation, PortError> {
    // The runtime read now: a rollback or an upgrade changes which restart metric counts.
    let detail = flink.describe_application(app).await?;
    let runtime = detail.runtime.clone();
    let at = clock();
    let window = MetricWindow {
        start: since - chrono::Duration::minutes(5),
        end: at,
        period_secs: 60,
    };
    let mut found = app_metrics(metrics, &[(app.to_string(), runtime)], window).await?;
    Ok(GateObservation {
        at,
        status: detail.status,
        metrics: found.pop().map(|(_, m)| m).unwrap_or_default(),
        period_secs: crate::ops::gate::PERIOD_SECS,
    })
}

/// The health gate's look at a self-managed job: its status and the numbers of its own
/// histories, read live. Counters are given a point at the gate's start and one now, so the
/// rises since the change are counted and the data reaches now.
pub async fn job_gate_look(
    flink: &dyn FlinkPort,
    jobs: &dyn crate::ports::JobsPort,
    app: &str,
    since: Timestamp,
    clock: &(dyn Fn() -> Timestamp + Send + Sync),
) -> Result<GateObservation, PortError> {
    let (detail, mut metrics) =
        tokio::try_join!(flink.describe_application(app), jobs.job_metrics(app))?;
    let at = clock();
    metrics.restarts = counted_from(&metrics.restarts, since, at);
    metrics.failed_checkpoints = counted_from(&metrics.failed_checkpoints, since, at);
    Ok(GateObservation {
        at,
        status: detail.status,
        metrics,
        period_secs: 0,
    })
}

/// A cumulative count as points: its value at `since`, each rise after it, and its value at
/// `now`.
fn counted_from(series: &MetricSeries, since: Timestamp, now: Timestamp) -> MetricSeries {
    let before = series
        .points
        .iter()
        .rev()
        .find(|(t, _)| *t < since)
        .map_or(0.0, |(_, v)| *v);
    let mut points = vec![(since, before)];
    points.extend(series.points.iter().filter(|(t, _)| *t >= since).copied());
    let last = points.last().map_or(before, |(_, v)| *v);
    if now > since {
        points.push((now, last));
    }
    MetricSeries { points }
}

/// The incident timeline of `app` as Markdown, and how many entries it holds.
pub async fn timeline(
    flink: &dyn FlinkPort,
    audit: Option<&AuditLog>,
    app: &str,
    at: Timestamp,
) -> Result<(String, usize), String> {
    use crate::ops::timeline;
    let (operations, records) = timeline::gather(flink, audit, app, at)
        .await
        .map_err(|e| e.to_string())?;
    let rows = timeline::entries(&operations, &records);
    Ok((timeline::render(app, at, &rows), rows.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;
    use crate::ops::gate::{Gate, GateCheck};

    fn at(secs: i64) -> Timestamp {
        from_epoch_secs(1_800_000_000 + secs)
    }

    /// A job's exception history as a cumulative count: two failures before the change, one
    /// after it. The gate counts the one after, and the data reaches now.
    #[test]
    fn a_jobs_counts_rise_only_for_what_happened_since_the_change() {
        let history = MetricSeries {
            points: vec![(at(-60), 1.0), (at(-30), 2.0), (at(20), 3.0)],
        };
        let shaped = counted_from(&history, at(0), at(30));
        assert_eq!(
            shaped.points,
            vec![(at(0), 2.0), (at(20), 3.0), (at(30), 3.0)]
        );
        assert!((crate::ops::gate::rises_since(&shaped, at(0)) - 1.0).abs() < f64::EPSILON);
        // Nothing since the change: no rise, and a point now says the count was read.
        let quiet = counted_from(&history, at(40), at(70));
        assert_eq!(quiet.points, vec![(at(40), 3.0), (at(70), 3.0)]);
        let mut gate = Gate::new(at(40), chrono::Duration::seconds(15), None);
        gate.observe(&GateObservation {
            at: at(70),
            status: crate::domain::AppStatus::Running,
            metrics: AppMetrics {
                restarts: quiet,
                ..AppMetrics::default()
            },
            period_secs: 0,
        });
        assert!(
            matches!(gate.checks[1], GateCheck::Passing(_)),
            "{:?}",
            gate.checks
        );
        gate.tick(at(70));
        assert_eq!(gate.verdict, Some(crate::ops::gate::Verdict::Passed));
    }
}

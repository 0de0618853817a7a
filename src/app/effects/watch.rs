//! Reading a watched context that is not in view, cheaply: its streams' statuses (ListStreams pages), its applications (ListApplications) with one GetMetricData of the numbers that make one failing, and its alarms in ALARM — no per-stream or per-shard calls, whatever its size.
use super::EffectRunner;
use crate::domain::app_metrics::{AppMetric, AppMetrics};
use crate::domain::health::{AppFacts, Health, app_health};
use crate::domain::watch::{ContextCounts, WatchedContext};
use crate::domain::{MetricWindow, PortError};
use crate::ports::{FlinkPort, MetricsPort, StreamsPort};
use std::collections::HashMap;
use std::sync::Arc;

/// The metrics that make an application failing (restarts, failed checkpoints, downtime):
/// three per application, so one GetMetricData (500 queries) covers 166 applications.
const FAILING_METRICS: [AppMetric; 3] = [
    AppMetric::Restarts,
    AppMetric::FailedCheckpoints,
    AppMetric::Downtime,
];

/// The read ports of one watched context, built once and kept.
#[derive(Clone)]
pub struct WatchedPorts {
    pub streams: Arc<dyn StreamsPort>,
    pub metrics: Arc<dyn MetricsPort>,
    pub flink: Arc<dyn FlinkPort>,
}

/// Every watched context's ports, by label; shared by the runners of every context in view.
pub type Watchers = Arc<tokio::sync::Mutex<HashMap<String, WatchedPorts>>>;

impl EffectRunner {
    /// One cheap read of `context`: its counts, or why it could not be read, as a sentence.
    pub(super) async fn read_watched(
        &self,
        context: &WatchedContext,
    ) -> Result<ContextCounts, PortError> {
        let ports = self.watched_ports(context).await?;
        read(&ports, (self.clock)()).await
    }

    /// The context's ports, connected on first use (the SDK's own profile handling: SSO,
    /// credential_process, a profile's endpoint_url).
    async fn watched_ports(&self, context: &WatchedContext) -> Result<WatchedPorts, PortError> {
        let mut watchers = self.watchers.lock().await;
        if let Some(ports) = watchers.get(&context.label) {
            return Ok(ports.clone());
        }
        let contexts = self
            .contexts
            .as_ref()
            .ok_or_else(|| PortError::Unavailable {
                what: format!("the context {}", context.label),
                why: "this console cannot watch other contexts".into(),
            })?;
        let (runner, _) =
            contexts
                .connect_watched(context)
                .await
                .map_err(|why| PortError::Unavailable {
                    what: format!("the context {}", context.label),
                    why,
                })?;
        let ports = WatchedPorts {
            streams: runner.streams.clone(),
            metrics: runner.metrics.clone(),
            flink: runner.account_flink.clone(),
        };
        watchers.insert(context.label.clone(), ports.clone());
        Ok(ports)
    }
}

/// The three reads, side by side, and the counts made from them.
pub async fn read(
    ports: &WatchedPorts,
    now: crate::domain::Timestamp,
) -> Result<ContextCounts, PortError> {
    let (streams, apps, alarms) = tokio::join!(
        ports.streams.list_streams(),
        ports.flink.list_applications(),
        ports.metrics.describe_firing_alarms()
    );
    let streams = streams?;
    // Applications or alarms that cannot be read (an endpoint without Managed Flink or
    // CloudWatch) leave the rest of the counts standing, the reason said in the row.
    let mut trouble = Vec::new();
    let apps = apps.unwrap_or_else(|error| {
        trouble.push(format!("applications not read: {error}"));
        Vec::new()
    });
    let alarms = alarms.unwrap_or_else(|error| {
        trouble.push(format!("alarms not read: {error}"));
        Vec::new()
    });
    let alarms: Vec<_> = alarms
        .into_iter()
        .filter(|a| crate::domain::alarm::NAMESPACES.contains(&a.namespace.as_str()))
        .collect();
    let live: Vec<(String, String)> = apps
        .iter()
        .filter(|a| a.status.is_live())
        .map(|a| (a.name.clone(), a.runtime.clone()))
        .collect();
    let metrics = failing_numbers(ports.metrics.as_ref(), &live, now)
        .await
        .unwrap_or_else(|error| {
            trouble.push(format!("application metrics not read: {error}"));
            HashMap::new()
        });
    let mut counts = ContextCounts {
        trouble: (!trouble.is_empty()).then(|| trouble.join("; ")),
        ..ContextCounts::default()
    };
    for stream in &streams {
        if alarms
            .iter()
            .any(|a| a.stream() == Some(stream.name.as_str()))
        {
            counts.streams_degraded += 1;
        } else {
            counts.streams_ok += 1;
        }
    }
    for app in &apps {
        let facts = AppFacts {
            summary: app,
            detail: None,
            metrics: metrics.get(&app.name),
            operations: None,
            source_backpressure: None,
        };
        match app_health(&facts, now) {
            Health::Failing(_) => {
                counts.apps_failing += 1;
                counts.failing.push(app.name.clone());
            }
            Health::Degraded(_) => counts.apps_degraded += 1,
            _ if alarms
                .iter()
                .any(|a| a.application() == Some(app.name.as_str())) =>
            {
                counts.apps_degraded += 1;
            }
            _ => counts.apps_ok += 1,
        }
    }
    counts.alarms = alarms;
    Ok(counts)
}

/// Restarts, failed checkpoints and downtime of the live applications over the health rules'
/// window, in one batched request (none when no application runs).
async fn failing_numbers(
    metrics: &dyn MetricsPort,
    apps: &[(String, String)],
    now: crate::domain::Timestamp,
) -> Result<HashMap<String, AppMetrics>, PortError> {
    if apps.is_empty() {
        return Ok(HashMap::new());
    }
    let queries: Vec<(usize, AppMetric, crate::domain::MetricQuery)> = apps
        .iter()
        .enumerate()
        .flat_map(|(i, (app, runtime))| FAILING_METRICS.map(|m| (i, m, m.query(app, runtime))))
        .collect();
    let plain: Vec<_> = queries.iter().map(|(_, _, q)| q.clone()).collect();
    let window = MetricWindow::last_minutes(now, crate::domain::health::RECENT_MINUTES);
    let series = metrics.get_metrics(&plain, window).await?;
    let mut found: HashMap<String, AppMetrics> = HashMap::new();
    for ((index, metric, _), s) in queries.iter().zip(series) {
        let name = &apps[*index].0;
        *found.entry(name.clone()).or_default().series_mut(*metric) = s;
    }
    Ok(found)
}

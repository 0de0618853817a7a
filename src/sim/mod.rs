//! The in-process simulated account (`--demo`) behind the same ports as AWS.
mod alarms;
mod app_metrics;
pub mod application;
pub mod apps;
pub mod calls;
pub mod clock;
pub mod code;
pub mod faults;
pub mod lifecycle;
pub mod logs;
mod metrics;
pub mod records;
pub mod rng;
pub mod scenario;
pub mod stream;
pub mod traffic;

use crate::domain::read_from::ReadFrom;
use crate::domain::{
    AppDetail, AppSummary, AppUpdate, CodeObject, Consumer, MetricQuery, MetricSeries,
    MetricWindow, OperationDetail, OperationSummary, PortError, Restore, Shard, Snapshot,
    StreamListing, StreamSummary, Timestamp, VersionSummary,
};
use crate::ports::{
    CodePort, FlinkOpsPort, FlinkPort, LiveTailEvent, LogPage, LogQuery, LogsPort, MetricsPort,
    RecordBatch, StreamOpsPort, StreamsPort,
};
use application::SimApp;
use async_trait::async_trait;
use calls::{CallCounts, CallSnapshot};
use clock::SimClock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use stream::SimStream;

/// The account's shard quota (us-east-1's default).
pub const ACCOUNT_SHARD_LIMIT: u32 = 20_000;
/// ListStreams page size, as AWS caps it.
const LIST_PAGE: usize = 100;

/// How to build the simulated account.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub seed: u64,
    pub streams: usize,
    /// Flink applications; the first nine are the named scenarios (tests often take seven).
    pub apps: usize,
    /// Added to every call so the console's loading states are visible, as on a real network.
    pub latency: Duration,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self {
            seed: 7,
            streams: 24,
            apps: 7,
            latency: Duration::ZERO,
        }
    }
}

/// A whole account in memory; cheap to clone (shared state).
#[derive(Clone)]
pub struct SimAccount {
    inner: Arc<Inner>,
}

pub use crate::domain::drill::Drill;

struct Inner {
    streams: Mutex<Vec<SimStream>>,
    apps: Mutex<Vec<SimApp>>,
    /// The code bucket's objects.
    objects: Vec<code::SimObject>,
    clock: SimClock,
    calls: CallCounts,
    throttling: AtomicBool,
    latency: Duration,
    faults: Mutex<faults::FaultPlan>,
    key_pools: records::KeyPools,
    /// GetRecords calls per shard in the current second (AWS allows 5, shared by all readers).
    reads: Mutex<std::collections::HashMap<String, (i64, u32)>>,
}

impl SimAccount {
    pub fn new(options: &SimOptions, clock: SimClock) -> Self {
        let streams = scenario::build(options.seed, options.streams, clock.now());
        let apps = apps::build_many(options.apps, clock.now());
        let histories: Vec<&[AppDetail]> = apps.iter().map(|a| a.versions.as_slice()).collect();
        let objects = code::build(&histories, clock.now());
        Self {
            inner: Arc::new(Inner {
                streams: Mutex::new(streams),
                apps: Mutex::new(apps),
                objects,
                clock,
                calls: CallCounts::default(),
                throttling: AtomicBool::new(false),
                latency: options.latency,
                faults: Mutex::new(faults::FaultPlan::new(options.seed)),
                key_pools: records::KeyPools::default(),
                reads: Mutex::new(std::collections::HashMap::new()),
            }),
        }
    }

    pub fn clock(&self) -> &SimClock {
        &self.inner.clock
    }

    pub fn calls(&self) -> CallSnapshot {
        self.inner.calls.snapshot()
    }

    /// Makes every call fail with AWS's throttling error until switched off.
    pub fn set_throttling(&self, on: bool) {
        self.inner.throttling.store(on, Ordering::Relaxed);
    }

    pub fn throttling(&self) -> bool {
        self.inner.throttling.load(Ordering::Relaxed)
    }

    fn faults(&self) -> MutexGuard<'_, faults::FaultPlan> {
        self.inner.faults.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Faults on `rate` of all calls (latency spikes, timeouts, throttling, 5xx, expired
    /// credentials); 0 switches them off.
    pub fn set_fault_rate(&self, rate: f64) {
        self.faults().set_rate(rate);
    }

    /// `api` fails on every call with `error` (a role without the permission, an endpoint
    /// without the service); `None` lets it answer again.
    pub fn fail_always(&self, api: &str, error: Option<PortError>) {
        self.faults().fail_always(api, error);
    }

    /// The streams, with any finished UPDATING period landed first.
    fn streams(&self) -> MutexGuard<'_, Vec<SimStream>> {
        let mut streams = self.inner.streams.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.inner.clock.now();
        for stream in streams.iter_mut() {
            stream.settle(now);
        }
        streams
    }

    /// The applications, with any finished update landed first.
    fn apps(&self) -> MutexGuard<'_, Vec<SimApp>> {
        let mut apps = self.inner.apps.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.inner.clock.now();
        for app in apps.iter_mut() {
            app.settle(now);
        }
        apps
    }

    fn with_app<T>(
        &self,
        api: &str,
        name: &str,
        f: impl FnOnce(&SimApp) -> T,
    ) -> Result<T, PortError> {
        CallCounts::add(&self.inner.calls.flink, 1);
        let calls = &self.inner.calls;
        match api {
            "DescribeApplication" => CallCounts::add(&calls.describe_application, 1),
            "DescribeApplicationOperation" => CallCounts::add(&calls.describe_operation, 1),
            "DescribeApplicationSnapshot" => CallCounts::add(&calls.describe_snapshot, 1),
            "ListApplicationOperations" => CallCounts::add(&calls.list_operations, 1),
            "ListApplicationSnapshots" => CallCounts::add(&calls.list_snapshots, 1),
            _ => {}
        }
        self.check_throttle(api)?;
        let apps = self.apps();
        apps.iter()
            .find(|a| a.current().name == name)
            .map(f)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("application {name}"),
            })
    }

    /// Changes an application with `f` (a lifecycle call), counted and throttled like a call.
    fn change_app<T>(
        &self,
        api: &str,
        name: &str,
        f: impl FnOnce(&mut SimApp, Timestamp, &[code::SimObject]) -> Result<T, PortError>,
    ) -> Result<T, PortError> {
        CallCounts::add(&self.inner.calls.flink, 1);
        self.check_throttle(api)?;
        let now = self.inner.clock.now();
        let mut apps = self.apps();
        let app = apps
            .iter_mut()
            .find(|a| a.current().name == name)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("application {name}"),
            })?;
        f(app, now, &self.inner.objects)
    }

    /// Runs a drill on an application.
    pub fn drill(&self, drill: &Drill) {
        let name = match drill {
            Drill::Conflict(name) | Drill::SnapshotsFull(name) => name,
            Drill::Faults { percent } => {
                return self.set_fault_rate(f64::from(*percent) / 100.0);
            }
        };
        let mut apps = self.apps();
        if let Some(app) = apps.iter_mut().find(|a| &a.current().name == name) {
            match drill {
                Drill::Conflict(_) => app.conflict_next = true,
                Drill::SnapshotsFull(_) => app.snapshot_limit = app.snapshots.len(),
                Drill::Faults { .. } => {}
            }
        }
    }

    /// Total open shards in the account, for the shard quota.
    pub fn open_shards(&self) -> u32 {
        self.streams().iter().map(SimStream::open_count).sum()
    }

    /// UpdateShardCount with AWS's rules: ACTIVE only, provisioned only, ½×–2×, 10 per 24 h, shard quota.
    pub fn update_shard_count(&self, stream: &str, target: u32) -> Result<(), PortError> {
        self.check_throttle("UpdateShardCount")?;
        let now = self.inner.clock.now();
        let mut streams = self.streams();
        let used: u32 = streams.iter().map(SimStream::open_count).sum();
        let headroom = ACCOUNT_SHARD_LIMIT.saturating_sub(used);
        let stream = find_mut(&mut streams, stream)?;
        stream.begin_uniform_scale(target, now, headroom)
    }

    fn check_throttle(&self, api: &str) -> Result<(), PortError> {
        if self.throttling() {
            return Err(PortError::Throttled { api: api.into() });
        }
        match self.faults().roll(api) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    async fn network(&self) {
        let spike = self.faults().spike();
        let latency = if spike {
            faults::SPIKE
        } else {
            self.inner.latency
        };
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
    }
}

/// A metric of the account, from the streams' or the applications' model by its namespace.
fn series_for(
    streams: &[SimStream],
    apps: &[SimApp],
    query: &MetricQuery,
    window: MetricWindow,
    now: Timestamp,
) -> MetricSeries {
    match query.namespace.as_str() {
        crate::domain::app_metrics::NAMESPACE => app_metrics::series_for(apps, query, window, now),
        _ => metrics::series_for(streams, query, window, now),
    }
}

fn find<'a>(streams: &'a [SimStream], name: &str) -> Result<&'a SimStream, PortError> {
    streams
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| not_found(name))
}

fn find_mut<'a>(streams: &'a mut [SimStream], name: &str) -> Result<&'a mut SimStream, PortError> {
    streams
        .iter_mut()
        .find(|s| s.name == name)
        .ok_or_else(|| not_found(name))
}

fn not_found(name: &str) -> PortError {
    PortError::NotFound {
        resource: format!("stream {name}"),
    }
}

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
        Ok(find(&self.streams(), stream)?.summary())
    }

    async fn list_shards(&self, stream: &str) -> Result<Vec<Shard>, PortError> {
        self.network().await;
        let streams = self.streams();
        let found = find(&streams, stream)?;
        let pages = found.shards.len().div_ceil(1000).max(1) as u64;
        CallCounts::add(&self.inner.calls.list_shards, pages);
        self.check_throttle("ListShards")?;
        Ok(found.shards.clone())
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
        records::shard_iterator(find(&self.streams(), stream)?, shard, from, now)
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
            let mut reads = self.inner.reads.lock().unwrap_or_else(|p| p.into_inner());
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
        let streams = self.streams();
        records::get_records(
            find(&streams, stream)?,
            &self.inner.key_pools,
            iterator,
            limit,
            now,
        )
    }
}

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
        Ok(queries
            .iter()
            .map(|q| series_for(&streams, &apps, q, window, now))
            .collect())
    }

    async fn describe_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.describe_alarms, 2);
        self.check_throttle("DescribeAlarms")?;
        let now = self.inner.clock.now();
        let streams = self.streams();
        let apps = self.apps();
        Ok(alarms::firing(&streams, &apps, now, |query, window| {
            series_for(&streams, &apps, query, window, now)
        }))
    }

    async fn list_metrics(&self, filter: &MetricQuery) -> Result<Vec<MetricQuery>, PortError> {
        self.network().await;
        self.check_throttle("ListMetrics")?;
        if filter.metric != crate::domain::app_metrics::LAG_METRIC {
            return Ok(Vec::new());
        }
        let app_name = filter
            .dimensions
            .iter()
            .find(|(n, _)| n == "Application")
            .map(|(_, v)| v.clone());
        let apps = self.apps();
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

#[async_trait]
impl FlinkPort for SimAccount {
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError> {
        self.network().await;
        let apps = self.apps();
        CallCounts::add(
            &self.inner.calls.flink,
            apps.len().div_ceil(50).max(1) as u64,
        );
        self.check_throttle("ListApplications")?;
        Ok(apps.iter().map(SimApp::summary).collect())
    }

    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplication", app, |a| a.current().clone())
    }

    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError> {
        self.network().await;
        self.with_app("ListApplicationVersions", app, SimApp::version_summaries)
    }

    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationVersion", app, |a| {
            a.versions.iter().find(|v| v.version_id == version).cloned()
        })?
        .ok_or_else(|| PortError::NotFound {
            resource: format!("version {version} of application {app}"),
        })
    }

    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError> {
        self.network().await;
        self.with_app("ListApplicationSnapshots", app, |a| a.snapshots.clone())
    }

    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError> {
        self.network().await;
        self.with_app("ListApplicationOperations", app, |a| {
            a.operations.iter().map(|o| o.summary.clone()).collect()
        })
    }

    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationOperation", app, |a| {
            a.operations.iter().find(|o| o.summary.id == id).cloned()
        })?
        .ok_or_else(|| PortError::NotFound {
            resource: format!("operation {id} of application {app}"),
        })
    }

    async fn describe_snapshot(&self, app: &str, name: &str) -> Result<Snapshot, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationSnapshot", app, |a| {
            a.describe_snapshot(name)
        })?
    }

    async fn dashboard_url(&self, app: &str) -> Result<String, PortError> {
        self.network().await;
        let now = self.inner.clock.now();
        self.with_app("CreateApplicationPresignedUrl", app, |a| {
            if a.current().status != crate::domain::AppStatus::Running {
                return Err(PortError::ResourceInUse {
                    resource: format!("application {app}"),
                    detail: format!(
                        "the Flink dashboard needs it RUNNING; it is {}",
                        a.current().status
                    ),
                });
            }
            Ok(format!(
                "https://simulated.flink-dashboard.invalid/{app}/#/overview?authToken=sim-{}",
                now.timestamp()
            ))
        })?
    }
}

#[async_trait]
impl FlinkOpsPort for SimAccount {
    async fn create_snapshot(&self, app: &str, name: &str) -> Result<(), PortError> {
        self.network().await;
        self.change_app("CreateApplicationSnapshot", app, |a, now, _| {
            a.create_snapshot(name, now)
        })
    }

    async fn delete_snapshot(
        &self,
        app: &str,
        name: &str,
        created: Timestamp,
    ) -> Result<(), PortError> {
        self.network().await;
        self.change_app("DeleteApplicationSnapshot", app, |a, now, _| {
            a.delete_snapshot(name, created, now)
        })
    }

    async fn start_application(
        &self,
        app: &str,
        restore: &Restore,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("StartApplication", app, |a, now, objects| {
            a.start(restore, now, objects).map(Some)
        })
    }

    async fn stop_application(&self, app: &str, force: bool) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("StopApplication", app, |a, now, _| {
            a.stop(force, now).map(Some)
        })
    }

    async fn rollback_application(
        &self,
        app: &str,
        current_version: i64,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("RollbackApplication", app, |a, now, objects| {
            a.rollback(current_version, now, objects).map(Some)
        })
    }

    async fn update_application(
        &self,
        app: &str,
        conditional_token: &str,
        update: &AppUpdate,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("UpdateApplication", app, |a, now, objects| {
            a.update(conditional_token, update, now, objects).map(Some)
        })
    }
}

#[async_trait]
impl CodePort for SimAccount {
    async fn list_object_versions(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Vec<CodeObject>, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.s3, 1);
        self.check_throttle("ListObjectVersions")?;
        if bucket != code::BUCKET {
            return Err(PortError::NotFound {
                resource: format!("bucket {bucket}"),
            });
        }
        Ok(code::versions(&self.inner.objects, key))
    }

    async fn head_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<CodeObject, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.s3, 1);
        self.check_throttle("HeadObject")?;
        let found = (bucket == code::BUCKET)
            .then(|| code::find(&self.inner.objects, key, version))
            .flatten()
            .ok_or_else(|| PortError::NotFound {
                resource: format!(
                    "s3://{bucket}/{key}{}",
                    version.map(|v| format!(" version {v}")).unwrap_or_default()
                ),
            })?;
        Ok(CodeObject {
            key: found.key.clone(),
            version_id: Some(found.version_id.clone()),
            size: found.size,
            uploaded: Some(found.uploaded),
            latest: code::versions(&self.inner.objects, key)
                .first()
                .is_some_and(|o| o.version_id.as_deref() == Some(found.version_id.as_str())),
        })
    }
}

/// FilterLogEvents returns at most this many events a page.
const LOG_PAGE: usize = 1_000;

impl SimAccount {
    fn app_for_group(&self, group: &str) -> Result<SimApp, PortError> {
        self.apps()
            .iter()
            .find(|a| logs::group_of(&a.current().name) == group)
            .cloned()
            .ok_or_else(|| PortError::NotFound {
                resource: format!("log group {group}"),
            })
    }
}

/// Applies the query's stream prefix and (simple, substring) filter pattern.
fn matches_query(query: &LogQuery, event: &crate::domain::log_event::LogEvent) -> bool {
    query
        .stream_prefix
        .as_ref()
        .is_none_or(|p| event.log_stream.starts_with(p.as_str()))
        && query.pattern.as_ref().is_none_or(|p| {
            p.trim_matches('"')
                .split_whitespace()
                .all(|term| event.message.contains(term))
        })
}

#[async_trait]
impl LogsPort for SimAccount {
    async fn filter_page(
        &self,
        query: &LogQuery,
        start: crate::domain::Timestamp,
        end: Option<crate::domain::Timestamp>,
        next_token: Option<String>,
    ) -> Result<LogPage, PortError> {
        self.network().await;
        CallCounts::add(&self.inner.calls.filter_log_events, 1);
        self.check_throttle("FilterLogEvents")?;
        let app = self.app_for_group(&query.group)?;
        let end = end.unwrap_or_else(|| self.inner.clock.now());
        // The token is the millisecond to continue from, as AWS's is opaque to callers.
        let from = next_token
            .and_then(|t| t.parse::<i64>().ok())
            .map(crate::domain::time::from_epoch_millis)
            .unwrap_or(start);
        let mut events: Vec<_> = logs::events_between(&app, from, end, usize::MAX / 2)
            .into_iter()
            .filter(|e| matches_query(query, e))
            .collect();
        let next_token = (events.len() > LOG_PAGE).then(|| {
            let next = events[LOG_PAGE].timestamp.timestamp_millis();
            next.to_string()
        });
        events.truncate(LOG_PAGE);
        Ok(LogPage { events, next_token })
    }

    fn live_tail_available(&self) -> bool {
        true
    }

    async fn live_tail(
        &self,
        query: &LogQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<LiveTailEvent>, PortError> {
        self.check_throttle("StartLiveTail")?;
        let app = self.app_for_group(&query.group)?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let sim = self.clone();
        let query = query.clone();
        tokio::spawn(async move {
            if tx.send(LiveTailEvent::Started).await.is_err() {
                return;
            }
            let mut last = sim.clock().now();
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let now = sim.clock().now();
                let events: Vec<_> = logs::events_between(&app, last, now, 500)
                    .into_iter()
                    .filter(|e| matches_query(&query, e))
                    .collect();
                last = now;
                if tx
                    .send(LiveTailEvent::Update {
                        events,
                        sampled: false,
                    })
                    .await
                    .is_err()
                {
                    return;
                }
            }
        });
        Ok(rx)
    }
}

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

impl crate::ports::DemoPort for SimAccount {
    fn now(&self) -> crate::domain::Timestamp {
        self.clock().now()
    }

    fn drill(&self, drill: &Drill) {
        SimAccount::drill(self, drill);
    }

    fn set_throttling(&self, on: bool) {
        SimAccount::set_throttling(self, on);
    }
}

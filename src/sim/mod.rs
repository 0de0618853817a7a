//! The in-process simulated account (`--demo`) behind the same ports as AWS.
pub mod account;
mod alarms;
mod app_history;
mod app_metrics;
pub mod application;
pub mod apps;
pub mod calls;
pub mod channels;
pub mod clock;
pub mod code;
pub mod faults;
mod jobs;
pub mod lifecycle;
pub mod logs;
mod metrics;
mod ports;
pub mod records;
pub mod regions;
pub mod rng;
pub mod scenario;
pub mod stream;
mod stream_index;
pub mod traffic;

use crate::domain::{AppDetail, MetricQuery, MetricSeries, MetricWindow, PortError, Timestamp};
use application::SimApp;
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
    stream_index: stream_index::StreamIndex,
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
    /// On-demand Advantage: the demo account has had it for three days.
    account: Mutex<account::AccountSettings>,
    channels: Mutex<Vec<channels::SimChannel>>,
    /// The alarms as evaluated in one minute (its number since the epoch).
    alarms: Mutex<Option<(i64, Vec<crate::domain::Alarm>)>>,
}

impl SimAccount {
    pub fn new(options: &SimOptions, clock: SimClock) -> Self {
        let streams = scenario::build(options.seed, options.streams, clock.now());
        let names: Vec<String> = streams.iter().map(|s| s.name.clone()).collect();
        let channels = channels::build(&names, clock.now());
        let apps = apps::build_many(options.apps, clock.now());
        let histories: Vec<&[AppDetail]> = apps.iter().map(|a| a.versions.as_slice()).collect();
        let objects = code::build(&histories, clock.now());
        let account =
            account::AccountSettings::committed_since(clock.now() - chrono::Duration::days(3));
        Self {
            inner: Arc::new(Inner {
                streams: Mutex::new(streams),
                stream_index: stream_index::StreamIndex::default(),
                apps: Mutex::new(apps),
                objects,
                clock,
                calls: CallCounts::default(),
                throttling: AtomicBool::new(false),
                latency: options.latency,
                faults: Mutex::new(faults::FaultPlan::new(options.seed)),
                key_pools: records::KeyPools::default(),
                reads: Mutex::new(std::collections::HashMap::new()),
                account: Mutex::new(account),
                channels: Mutex::new(channels),
                alarms: Mutex::new(None),
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
        self.inner
            .faults
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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

    fn account(&self) -> MutexGuard<'_, account::AccountSettings> {
        self.inner
            .account
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The account's On-demand Advantage mode now.
    pub fn advantage(&self) -> crate::domain::capacity::Advantage {
        let now = self.inner.clock.now();
        self.account().describe(now)
    }

    /// UpdateAccountSettings.
    pub fn set_advantage(&self, on: bool) -> crate::domain::capacity::Advantage {
        let now = self.inner.clock.now();
        self.account().update(on, now)
    }

    /// The delivery channels, with any finished UPDATING period landed first.
    pub(crate) fn channels(&self) -> MutexGuard<'_, Vec<channels::SimChannel>> {
        let mut channels = self
            .inner
            .channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = self.inner.clock.now();
        for channel in channels.iter_mut() {
            channel.settle(now);
        }
        channels
    }

    /// The streams, with any finished UPDATING period landed first.
    fn streams(&self) -> MutexGuard<'_, Vec<SimStream>> {
        let mut streams = self
            .inner
            .streams
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = self.inner.clock.now();
        for stream in streams.iter_mut() {
            stream.settle(now);
        }
        streams
    }

    /// `read` of the stream `name`, with its own finished UPDATING period landed first and no
    /// other stream touched (a call about one stream in an account of thousands).
    fn with_stream<T>(
        &self,
        name: &str,
        read: impl FnOnce(&SimStream) -> Result<T, PortError>,
    ) -> Result<T, PortError> {
        let mut streams = self
            .inner
            .streams
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let stream = self
            .inner
            .stream_index
            .position(&streams, name)
            .and_then(|at| streams.get_mut(at))
            .ok_or_else(|| not_found(name))?;
        stream.settle(self.inner.clock.now());
        read(stream)
    }

    /// The applications, with any finished update landed first.
    fn apps(&self) -> MutexGuard<'_, Vec<SimApp>> {
        let mut apps = self
            .inner
            .apps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
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
            Drill::Burst(stream) | Drill::HotKey(stream) => {
                let now = self.inner.clock.now();
                if let Some(found) = self.streams().iter_mut().find(|s| &s.name == stream) {
                    match drill {
                        Drill::Burst(_) => found.drill_burst(now),
                        _ => found.drill_hot_key(),
                    }
                }
                return;
            }
        };
        let mut apps = self.apps();
        if let Some(app) = apps.iter_mut().find(|a| &a.current().name == name) {
            match drill {
                Drill::Conflict(_) => app.conflict_next = true,
                Drill::SnapshotsFull(_) => app.snapshot_limit = app.snapshots.len(),
                Drill::Faults { .. } | Drill::Burst(_) | Drill::HotKey(_) => {}
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

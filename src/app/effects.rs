//! Runs `Command`s on tokio tasks through the ports and sends each result back as a `Msg`.
use super::command::Command;
use super::msg::Msg;
use crate::domain::app_metrics::{AppMetric, AppMetrics, lag_filter};
use crate::domain::shard::count_open;
use crate::domain::{
    MetricQuery, MetricSeries, MetricWindow, PortError, StreamMetric, StreamMetrics, Timestamp,
};
use crate::ops::audit::{AuditContext, AuditLog, Auditor};
use crate::ports::{
    CodePort, DemoPort, FlinkOpsPort, FlinkPort, LogsPort, MetricsPort, StreamOpsPort, StreamsPort,
};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;

/// Where "now" comes from when stamping results.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

/// A runner and header context being built for another profile or region.
pub type Connecting = std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<(EffectRunner, super::context::Context), String>>
            + Send,
    >,
>;

/// The AWS contexts the console may switch to: the profiles there are, and the clients for one.
pub trait Contexts: Send + Sync {
    /// The profile names of the AWS config and credentials files.
    fn profiles(&self) -> Result<Vec<String>, String>;
    /// A runner (and the header's context) for `profile` in `region`; `region` None means the
    /// profile's own, else `fallback_region`.
    fn connect(
        &self,
        profile: Option<String>,
        region: Option<String>,
        fallback_region: String,
    ) -> Connecting;
}

/// A record reader at work.
struct RunningReader {
    session: u64,
    task: tokio::task::AbortHandle,
    paused: tokio::sync::watch::Sender<bool>,
}

#[derive(Clone)]
pub struct EffectRunner {
    streams: Arc<dyn StreamsPort>,
    metrics: Arc<dyn MetricsPort>,
    flink: Arc<dyn FlinkPort>,
    logs: Arc<dyn LogsPort>,
    code: Arc<dyn CodePort>,
    ops: Option<Arc<dyn StreamOpsPort>>,
    flink_ops: Option<Arc<dyn FlinkOpsPort>>,
    auditor: Option<Auditor>,
    /// Running log followers by session, so they can be stopped.
    followers: Arc<Mutex<HashMap<u64, tokio::task::AbortHandle>>>,
    /// The running record reader: its session, its task, and how to pause it.
    reader: Arc<Mutex<Option<RunningReader>>>,
    /// The demo's controls, when the account is simulated.
    drills: Option<Arc<dyn DemoPort>>,
    /// Running in a real terminal: the clipboard and the browser may be used.
    terminal: bool,
    /// Which context this runner serves, and which one is current: answers from a runner of
    /// a context the console has left are dropped.
    generation: u64,
    current: Arc<std::sync::atomic::AtomicU64>,
    /// How to reach another profile or region, and the runner built for it until swapped in.
    contexts: Option<Arc<dyn Contexts>>,
    switched: Arc<Mutex<Option<EffectRunner>>>,
    tx: UnboundedSender<Msg>,
    clock: Clock,
}

impl EffectRunner {
    pub fn new(
        streams: Arc<dyn StreamsPort>,
        metrics: Arc<dyn MetricsPort>,
        flink: Arc<dyn FlinkPort>,
        logs: Arc<dyn LogsPort>,
        code: Arc<dyn CodePort>,
        tx: UnboundedSender<Msg>,
        clock: Clock,
    ) -> Self {
        Self {
            streams,
            metrics,
            flink,
            logs,
            code,
            ops: None,
            flink_ops: None,
            auditor: None,
            followers: Arc::new(Mutex::new(HashMap::new())),
            reader: Arc::new(Mutex::new(None)),
            drills: None,
            terminal: false,
            generation: 0,
            current: Arc::new(std::sync::atomic::AtomicU64::new(0)),
            contexts: None,
            switched: Arc::new(Mutex::new(None)),
            tx,
            clock,
        }
    }

    /// Over a simulated account, which serves every port and the demo's controls, on its own
    /// clock.
    pub fn simulated<A>(sim: A, tx: UnboundedSender<Msg>) -> Self
    where
        A: StreamsPort
            + MetricsPort
            + FlinkPort
            + LogsPort
            + CodePort
            + StreamOpsPort
            + FlinkOpsPort
            + DemoPort
            + Clone
            + 'static,
    {
        let clock_sim = sim.clone();
        let clock: Clock = Arc::new(move || clock_sim.now());
        let mut runner = Self::new(
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            tx,
            clock,
        );
        runner.ops = Some(Arc::new(sim.clone()));
        runner.flink_ops = Some(Arc::new(sim.clone()));
        runner.drills = Some(Arc::new(sim));
        runner
    }

    /// Enables changes to streams through `ops`.
    pub fn with_ops(mut self, ops: Arc<dyn StreamOpsPort>) -> Self {
        self.ops = Some(ops);
        self
    }

    /// Enables changes to Flink applications through `ops`.
    pub fn with_flink_ops(mut self, ops: Arc<dyn FlinkOpsPort>) -> Self {
        self.flink_ops = Some(ops);
        self
    }

    /// Lets links reach the terminal's clipboard and the system's browser.
    pub fn in_terminal(mut self) -> Self {
        self.terminal = true;
        self
    }

    /// Records every change in `log`, with `context` on each line.
    pub fn with_audit(mut self, log: AuditLog, context: AuditContext) -> Self {
        self.auditor = Some(Auditor::new(log, context));
        self
    }

    /// Starts the command on its own task; its result arrives later as a `Msg`.
    pub fn run(&self, command: Command) {
        match command {
            Command::StartLogs {
                session,
                query,
                since,
                mode,
            } => return self.start_follower(session, query, since, mode),
            Command::StopLogs { session } => return self.stop_follower(session),
            Command::StartRecords {
                session,
                stream,
                scope,
                from,
            } => return self.start_reader(session, stream, scope, from),
            Command::PauseRecords { session, paused } => {
                if let Some(reader) = self.reader().as_ref().filter(|r| r.session == session) {
                    let _ = reader.paused.send(paused);
                }
                return;
            }
            Command::StopRecords { session } => {
                let mut reader = self.reader();
                if reader.as_ref().is_some_and(|r| r.session == session)
                    && let Some(old) = reader.take()
                {
                    old.task.abort();
                }
                return;
            }
            _ => {}
        }
        let runner = self.clone();
        tokio::spawn(async move {
            if let Some(msg) = runner.execute(command).await
                && runner.is_current()
            {
                // The receiver is gone only when the console is shutting down.
                let _ = runner.tx.send(msg);
            }
        });
    }

    /// Whether this runner still serves the console's context.
    pub fn is_current(&self) -> bool {
        self.current.load(std::sync::atomic::Ordering::SeqCst) == self.generation
    }

    /// Lets `:ctx` and `:region` reach other profiles and regions.
    pub fn with_contexts(mut self, contexts: Arc<dyn Contexts>) -> Self {
        self.contexts = Some(contexts);
        self
    }

    /// After `Msg::ContextSwitched`: the runner built for the new context, now current. Whoever
    /// owns the runner (the runtime, a test's driver) swaps it in before running more commands.
    pub fn take_switched(&self) -> Option<EffectRunner> {
        let next = self
            .switched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        Some(self.hand_over(next))
    }

    /// Makes `next` (built for another profile or region) the current runner: answers still on
    /// their way from this one are dropped, and its log followers stop.
    pub fn hand_over(&self, mut next: EffectRunner) -> EffectRunner {
        next.generation = self.generation + 1;
        next.current = self.current.clone();
        next.terminal = self.terminal;
        next.contexts = self.contexts.clone();
        next.switched = self.switched.clone();
        self.current
            .store(next.generation, std::sync::atomic::Ordering::SeqCst);
        for (_, follower) in self.followers().drain() {
            follower.abort();
        }
        if let Some(reader) = self.reader().take() {
            reader.task.abort();
        }
        next
    }

    fn reader(&self) -> std::sync::MutexGuard<'_, Option<RunningReader>> {
        self.reader.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start_reader(
        &self,
        session: u64,
        stream: String,
        scope: super::records_page::Scope,
        from: crate::domain::read_from::ReadFrom,
    ) {
        let (paused, paused_rx) = tokio::sync::watch::channel(false);
        let reader = super::record_reader::Reader {
            streams: self.streams.clone(),
            tx: self.tx.clone(),
            session,
            stream,
            clock: self.clock.clone(),
            discover_every: super::record_reader::DISCOVER_EVERY,
            paused: paused_rx,
        };
        let task = tokio::spawn(reader.run(scope, from));
        // One reader at a time: a new session replaces the old one.
        if let Some(old) = self.reader().replace(RunningReader {
            session,
            task: task.abort_handle(),
            paused,
        }) {
            old.task.abort();
        }
    }

    /// Whether a record reader is running (for tests).
    pub fn reading_records(&self) -> bool {
        self.reader()
            .as_ref()
            .is_some_and(|r| !r.task.is_finished())
    }

    fn followers(&self) -> std::sync::MutexGuard<'_, HashMap<u64, tokio::task::AbortHandle>> {
        self.followers.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn start_follower(
        &self,
        session: u64,
        query: crate::ports::LogQuery,
        since: Timestamp,
        mode: super::logs_page::LogsMode,
    ) {
        let follower = super::log_follow::Follower {
            logs: self.logs.clone(),
            tx: self.tx.clone(),
            session,
            query,
            clock: self.clock.clone(),
        };
        let task = tokio::spawn(follower.run(since, mode));
        // One follower at a time: a new session replaces the others.
        let mut followers = self.followers();
        for (_, old) in followers.drain() {
            old.abort();
        }
        followers.insert(session, task.abort_handle());
    }

    fn stop_follower(&self, session: u64) {
        if let Some(task) = self.followers().remove(&session) {
            task.abort();
        }
    }

    /// Followers still running (for tests).
    pub fn running_followers(&self) -> usize {
        self.followers()
            .values()
            .filter(|t| !t.is_finished())
            .count()
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
            Command::ListProfiles => Msg::ProfilesListed {
                result: match &self.contexts {
                    Some(contexts) => contexts.profiles(),
                    None => Err("this console cannot switch profiles".into()),
                },
            },
            Command::SwitchContext {
                profile,
                region,
                fallback_region,
            } => {
                let Some(contexts) = &self.contexts else {
                    return Some(Msg::ContextSwitched {
                        result: Err("this console cannot switch profiles".into()),
                    });
                };
                let result = match contexts.connect(profile, region, fallback_region).await {
                    Ok((runner, context)) => {
                        *self.switched.lock().unwrap_or_else(|p| p.into_inner()) = Some(runner);
                        Ok(context)
                    }
                    Err(error) => Err(error),
                };
                Msg::ContextSwitched { result }
            }
            Command::DashboardUrl { app } => Msg::DashboardUrl {
                result: self.flink.dashboard_url(&app).await,
                app,
            },
            Command::CopyToClipboard(text) => {
                if self.terminal {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(crate::domain::console_link::osc52(&text).as_bytes());
                    let _ = out.flush();
                }
                return None;
            }
            Command::OpenUrl(url) => {
                if self.terminal
                    && let Some(opener) = system_opener()
                {
                    let _ = std::process::Command::new(opener)
                        .arg(url)
                        .stdin(std::process::Stdio::null())
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null())
                        .spawn();
                }
                return None;
            }
            Command::DescribeAlarms { request } => Msg::AlarmsLoaded {
                request,
                result: self.metrics.describe_alarms().await,
                at: now(),
            },
            Command::ListApplications { request } => Msg::AppsListed {
                request,
                result: self.flink.list_applications().await,
                at: now(),
            },
            Command::DescribeApplication { app } => Msg::AppDescribed {
                result: self.flink.describe_application(&app).await,
                app,
                at: now(),
            },
            Command::ListOperations { app } => Msg::OperationsListed {
                result: self.flink.list_operations(&app).await,
                app,
                at: now(),
            },
            Command::AppMetrics {
                request,
                apps,
                window,
            } => Msg::AppMetricsLoaded {
                request,
                result: self.app_metrics(&apps, window).await,
                at: now(),
            },
            Command::ListVersions { request, app } => Msg::VersionsListed {
                request,
                result: self.flink.list_versions(&app).await,
                at: now(),
            },
            Command::DescribeVersion {
                request,
                app,
                version,
            } => Msg::VersionDescribed {
                request,
                version,
                result: self.flink.describe_version(&app, version).await,
                at: now(),
            },
            Command::ListSnapshots { request, app } => Msg::SnapshotsListed {
                request,
                result: self.flink.list_snapshots(&app).await,
                at: now(),
            },
            Command::DescribeOperation { request, app, id } => Msg::OperationDescribed {
                request,
                result: self.flink.describe_operation(&app, &id).await,
                id,
                at: now(),
            },
            Command::CheckpointMetrics {
                request,
                app,
                runtime,
                window,
            } => {
                let wanted = [
                    AppMetric::CheckpointDuration,
                    AppMetric::CheckpointSize,
                    AppMetric::FailedCheckpoints,
                    AppMetric::Restarts,
                ];
                let queries: Vec<MetricQuery> =
                    wanted.iter().map(|m| m.query(&app, &runtime)).collect();
                let result = self
                    .metrics
                    .get_metrics(&queries, window)
                    .await
                    .map(|series| {
                        let mut metrics = AppMetrics::default();
                        for (metric, s) in wanted.iter().zip(series) {
                            *metrics.series_mut(*metric) = s;
                        }
                        metrics
                    });
                Msg::CheckpointsLoaded {
                    request,
                    result,
                    at: now(),
                }
            }
            Command::StartLogs { .. }
            | Command::StopLogs { .. }
            | Command::StartRecords { .. }
            | Command::PauseRecords { .. }
            | Command::StopRecords { .. } => {
                self.run(command);
                return None;
            }
            Command::OlderLogs {
                session,
                query,
                before,
                minutes,
            } => Msg::OlderLogsLoaded {
                session,
                result: super::log_follow::older(
                    self.logs.as_ref(),
                    &query,
                    before,
                    minutes,
                    crate::domain::log_buffer::DEFAULT_CAPACITY,
                )
                .await,
            },
            Command::WriteLogs { path, text } => Msg::LogsWritten {
                result: std::fs::write(&path, &text)
                    .map(|_| text.lines().count())
                    .map_err(|e| e.to_string()),
                path,
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
                    now(),
                )
                .await,
                stream,
                next_target,
                at: now(),
            },
            Command::LoadAppInputs {
                request,
                app,
                query,
            } => Msg::AppInputsLoaded {
                result: crate::ops::inputs::app_inputs(
                    self.flink.as_ref(),
                    self.code.as_ref(),
                    &app,
                    &query,
                    now(),
                )
                .await
                .map(Box::new),
                request,
                at: now(),
            },
            Command::LoadRollbackFacts {
                request,
                app,
                read_log,
            } => Msg::RollbackFactsLoaded {
                request,
                result: crate::ops::rollback_facts::read(
                    self.flink.as_ref(),
                    self.code.as_ref(),
                    read_log.then_some(self.logs.as_ref()),
                    &app,
                    now(),
                )
                .await
                .map(Box::new),
                at: now(),
            },
            Command::WriteTimeline { app, path } => Msg::TimelineWritten {
                result: self.write_timeline(&app, &path).await,
                path,
            },
            Command::Execute {
                op,
                resource,
                call,
                reason,
            } => {
                let ports = crate::ops::execute::ChangePorts {
                    stream_ops: self.ops.as_deref(),
                    flink: self.flink.as_ref(),
                    flink_ops: self.flink_ops.as_deref(),
                };
                let result = crate::ops::execute::execute(
                    &ports,
                    self.auditor.as_ref(),
                    self.clock.as_ref(),
                    &resource,
                    &call,
                    reason,
                )
                .await;
                Msg::OpSent {
                    op,
                    result,
                    at: now(),
                }
            }
            Command::Follow {
                op,
                resource,
                probe,
            } => Msg::Followed {
                op,
                result: self.look(&resource, probe).await,
                at: now(),
            },
            Command::GateProbe { op, app, since } => Msg::GateObserved {
                op,
                result: self.gate_look(&app, since).await,
            },
            Command::Audit(entry) => {
                let auditor = self.auditor.as_ref()?;
                match auditor.write(now(), &entry) {
                    Ok(()) => return None,
                    Err(error) => Msg::AuditFailed { error },
                }
            }
            Command::SimDrill(drill) => {
                if let Some(drills) = &self.drills {
                    drills.drill(&drill);
                }
                return None;
            }
            Command::SimThrottling(on) => {
                if let Some(drills) = &self.drills {
                    drills.set_throttling(on);
                }
                return None;
            }
        })
    }

    /// Gathers, renders and writes the incident timeline of `app`; the number of rows written.
    async fn write_timeline(&self, app: &str, path: &std::path::Path) -> Result<usize, String> {
        use crate::ops::timeline;
        let at = (self.clock)();
        let (operations, records) = timeline::gather(
            self.flink.as_ref(),
            self.auditor.as_ref().map(|a| &a.log),
            app,
            at,
        )
        .await
        .map_err(|e| e.to_string())?;
        let rows = timeline::entries(&operations, &records);
        std::fs::write(path, timeline::render(app, at, &rows)).map_err(|e| e.to_string())?;
        Ok(rows.len())
    }

    /// One look at a followed change.
    async fn look(
        &self,
        resource: &crate::ops::Resource,
        probe: super::command::Probe,
    ) -> Result<super::msg::Observation, PortError> {
        use super::command::Probe;
        use super::msg::Observation;
        let name = resource.name();
        Ok(match probe {
            Probe::Stream => Observation::Stream(self.streams.describe_stream_summary(name).await?),
            Probe::Operation(id) => {
                Observation::Operation(self.flink.describe_operation(name, &id).await?)
            }
            Probe::Application => {
                Observation::Application(Box::new(self.flink.describe_application(name).await?))
            }
            Probe::Snapshot(snapshot) => {
                match self.flink.describe_snapshot(name, &snapshot).await {
                    Ok(found) => Observation::Snapshot(Some(found)),
                    Err(PortError::NotFound { .. }) => Observation::Snapshot(None),
                    Err(error) => return Err(error),
                }
            }
        })
    }

    /// The health gate's look: status now, and the application's metrics since the gate began
    /// (from a few minutes before, so counters have a point to rise from).
    async fn gate_look(
        &self,
        app: &str,
        since: Timestamp,
    ) -> Result<crate::ops::gate::GateObservation, PortError> {
        // The runtime read now: a rollback or an upgrade changes which restart metric counts.
        let detail = self.flink.describe_application(app).await?;
        let runtime = detail.runtime.clone();
        let at = (self.clock)();
        let window = MetricWindow {
            start: since - chrono::Duration::minutes(5),
            end: at,
            period_secs: 60,
        };
        let mut metrics = self
            .app_metrics(&[(app.to_string(), runtime)], window)
            .await?;
        Ok(crate::ops::gate::GateObservation {
            at,
            status: detail.status,
            metrics: metrics.pop().map(|(_, m)| m).unwrap_or_default(),
        })
    }

    /// The applications' metrics in one batched request; lag dimensions are discovered first.
    async fn app_metrics(
        &self,
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
            for lag in self.metrics.list_metrics(&lag_filter(app)).await? {
                queries.push((index, None, lag));
            }
        }
        let plain: Vec<MetricQuery> = queries.iter().map(|(_, _, q)| q.clone()).collect();
        let series = self.metrics.get_metrics(&plain, window).await?;
        let mut result: Vec<(String, AppMetrics, Vec<MetricSeries>)> = apps
            .iter()
            .map(|(name, _)| (name.clone(), AppMetrics::default(), Vec::new()))
            .collect();
        for ((index, metric, _), s) in queries.iter().zip(series) {
            let (_, metrics, lags) = &mut result[*index];
            match metric {
                Some(metric) => *metrics.series_mut(*metric) = s,
                None => lags.push(s),
            }
        }
        Ok(result
            .into_iter()
            .map(|(name, mut metrics, lags)| {
                metrics.lag_ms = AppMetrics::merge_lag(lags);
                (name, metrics)
            })
            .collect())
    }

    /// One batched metrics request, regrouped per owner (a stream or a shard) in first-seen order.
    async fn fetch(
        &self,
        queries: &[(String, StreamMetric, MetricQuery)],
        window: MetricWindow,
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

/// The system's URL opener, if one is on PATH.
fn system_opener() -> Option<&'static str> {
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    ["xdg-open", "open"].into_iter().find(|name| on_path(name))
}

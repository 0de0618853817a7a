//! The effect runner: runs each `Command` on a tokio task through the ports and sends its answer
//! back as a `Msg`. It keeps the long-lived readers (`readers`) and hands over to the runner of
//! another profile or region; what each command asks of the ports is in `streams`,
//! `applications`, `changes` and `console`, the reads made of several calls in `reads`, and the
//! machine's own side effects behind `LocalPort` (`local`).
mod applications;
mod changes;
mod console;
mod contexts;
mod deploy_facts;
pub mod local;
mod readers;
pub mod reads;
mod streams;
pub mod watch;

pub use contexts::{Connecting, Contexts};

use super::command::Command;
use super::msg::Msg;
use crate::domain::Timestamp;
use crate::ops::audit::{AuditContext, AuditLog, Auditor};
use crate::ports::{
    CodePort, DemoPort, FlinkOpsPort, FlinkPort, JobsPort, LocalPort, LogsPort, MetricsPort,
    StreamOpsPort, StreamsPort,
};
use std::sync::Arc;
use std::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;

/// Where "now" comes from when stamping results.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

#[derive(Clone)]
pub struct EffectRunner {
    streams: Arc<dyn StreamsPort>,
    metrics: Arc<dyn MetricsPort>,
    flink: Arc<dyn FlinkPort>,
    /// The account's own Managed Flink applications, without the self-managed clusters'
    /// jobs: what a watched context counts (the clusters are watched from the one in view).
    account_flink: Arc<dyn FlinkPort>,
    /// Flink's own view of a job (self-managed clusters' REST APIs, or the simulated engine).
    jobs: Arc<dyn JobsPort>,
    logs: Arc<dyn LogsPort>,
    code: Arc<dyn CodePort>,
    ops: Option<Arc<dyn StreamOpsPort>>,
    flink_ops: Option<Arc<dyn FlinkOpsPort>>,
    /// Changes to self-managed Flink jobs, when clusters were given.
    cluster_ops: Option<Arc<dyn crate::ports::ClusterOpsPort>>,
    auditor: Option<Auditor>,
    readers: readers::Readers,
    /// The demo's controls, when the account is simulated.
    demo: Option<Arc<dyn DemoPort>>,
    /// Files, the clipboard, the browser.
    local: Arc<dyn LocalPort>,
    /// Which context this runner serves, and which one is current: answers from a runner of
    /// a context the console has left are dropped.
    generation: u64,
    current: Arc<std::sync::atomic::AtomicU64>,
    /// How to reach another profile or region, and the runner built for it until swapped in.
    contexts: Option<Arc<dyn Contexts>>,
    switched: Arc<Mutex<Option<EffectRunner>>>,
    /// The watched contexts' read ports, connected on first read and kept across switches.
    watchers: watch::Watchers,
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
        // Strict until told the region and endpoint: a dashboard's token goes only over HTTPS
        // to AWS's commercial domain.
        let jobs = Arc::new(crate::flink_rest::dashboard::ManagedDashboards::new(
            flink.clone(),
            "",
            false,
            clock.clone(),
        ));
        Self {
            streams,
            metrics,
            account_flink: flink.clone(),
            flink,
            jobs,
            logs,
            code,
            ops: None,
            flink_ops: None,
            cluster_ops: None,
            auditor: None,
            readers: readers::Readers::default(),
            demo: None,
            local: Arc::new(local::SystemLocal { terminal: false }),
            generation: 0,
            current: Arc::new(std::sync::atomic::AtomicU64::new(0)),
            contexts: None,
            switched: Arc::new(Mutex::new(None)),
            watchers: watch::Watchers::default(),
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
            + JobsPort
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
        runner.jobs = Arc::new(sim.clone());
        runner.demo = Some(Arc::new(sim));
        runner
    }

    /// Reads Managed Flink applications' jobs through their Flink dashboards in `region`;
    /// `custom_endpoint` (`--endpoint-url`) lets the dashboard URL point anywhere.
    pub fn with_dashboards(mut self, region: &str, custom_endpoint: bool) -> Self {
        self.jobs = Arc::new(crate::flink_rest::dashboard::ManagedDashboards::new(
            self.flink.clone(),
            region,
            custom_endpoint,
            self.clock.clone(),
        ));
        self
    }

    /// Lists the jobs of self-managed Flink clusters beside the applications, and reads their
    /// job views from each cluster's REST API.
    pub fn with_clusters(
        mut self,
        clusters: &[crate::flink_rest::clusters::ClusterEntry],
        deployments: crate::flink_rest::deployments::DeploymentLog,
    ) -> Self {
        if clusters.is_empty() {
            return self;
        }
        let both = Arc::new(crate::flink_rest::clusters::WithClusters::new(
            self.flink.clone(),
            self.jobs.clone(),
            clusters,
            deployments,
        ));
        self.logs = Arc::new(crate::flink_rest::cluster_logs::WithClusterLogs::new(
            self.logs.clone(),
            both.clients(),
        ));
        self.flink = both.clone();
        self.jobs = both.clone();
        self.cluster_ops = Some(both);
        self
    }

    /// The Flink port the console reads applications (and self-managed jobs) through.
    pub fn flink_port(&self) -> &dyn FlinkPort {
        self.flink.as_ref()
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
    pub fn in_terminal(self) -> Self {
        self.with_local(Arc::new(local::SystemLocal { terminal: true }))
    }

    /// Files, the clipboard and the browser through `local` (tests see them this way).
    pub fn with_local(mut self, local: Arc<dyn LocalPort>) -> Self {
        self.local = local;
        self
    }

    /// Records every change in `log`, with `context` on each line.
    pub fn with_audit(mut self, log: AuditLog, context: AuditContext) -> Self {
        self.auditor = Some(Auditor::new(log, context));
        self
    }

    /// Lets `:ctx` and `:region` reach other profiles and regions.
    pub fn with_contexts(mut self, contexts: Arc<dyn Contexts>) -> Self {
        self.contexts = Some(contexts);
        self
    }

    /// Starts the command: a reader or follower is started, paused or stopped at once; anything
    /// else runs on its own task and its result arrives later as a `Msg`.
    pub fn run(&self, command: Command) {
        let command = match command {
            Command::StartLogs {
                session,
                query,
                since,
                mode,
            } => {
                let (logs, tx, clock) = (self.logs.clone(), self.tx.clone(), self.clock.clone());
                let what = (session, query, since, mode);
                return self.readers.start_follower(logs, tx, clock, what);
            }
            Command::StopLogs { session } => return self.readers.stop_follower(session),
            Command::StartRecords {
                session,
                stream,
                scope,
                from,
            } => {
                let (streams, tx) = (self.streams.clone(), self.tx.clone());
                let what = (session, stream, scope, from);
                return self
                    .readers
                    .start_reader(streams, tx, self.clock.clone(), what);
            }
            Command::PauseRecords { session, paused } => {
                return self.readers.pause_reader(session, paused);
            }
            Command::StopRecords { session } => return self.readers.stop_reader(session),
            other => other,
        };
        let runner = self.clone();
        tokio::spawn(async move {
            // A watched context's read is labelled with it: still good after a switch.
            if let Some(msg) = runner.execute(command).await
                && (runner.is_current() || matches!(msg, Msg::WatchedRead { .. }))
            {
                // The receiver is gone only when the console is shutting down.
                let _ = runner.tx.send(msg);
            }
        });
    }

    /// Performs one command and returns the message carrying its result.
    pub async fn execute(&self, command: Command) -> Option<Msg> {
        let command = match self.streams_command(command).await {
            Ok(msg) => return Some(msg),
            Err(other) => other,
        };
        let command = match self.applications_command(command).await {
            Ok(msg) => return Some(msg),
            Err(other) => other,
        };
        let command = match self.changes_command(command).await {
            Ok(msg) => return msg,
            Err(other) => other,
        };
        match self.console_command(command).await {
            Ok(msg) => msg,
            // Readers and followers are started and stopped by `run`, not on a task.
            Err(
                reader @ (Command::StartLogs { .. }
                | Command::StopLogs { .. }
                | Command::StartRecords { .. }
                | Command::PauseRecords { .. }
                | Command::StopRecords { .. }),
            ) => {
                self.run(reader);
                None
            }
            Err(other) => {
                tracing::error!(command = other.kind(), "no effect runs this command");
                None
            }
        }
    }

    /// Whether this runner still serves the console's context.
    pub fn is_current(&self) -> bool {
        self.current.load(std::sync::atomic::Ordering::SeqCst) == self.generation
    }

    /// After `Msg::ContextSwitched`: the runner built for the new context, now current. Whoever
    /// owns the runner (the runtime, a test's driver) swaps it in before running more commands.
    pub fn take_switched(&self) -> Option<EffectRunner> {
        let next = self
            .switched
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()?;
        Some(self.hand_over(next))
    }

    /// Makes `next` (built for another profile or region) the current runner: answers still on
    /// their way from this one are dropped, and its readers stop.
    pub fn hand_over(&self, mut next: EffectRunner) -> EffectRunner {
        next.generation = self.generation + 1;
        next.current.clone_from(&self.current);
        next.local.clone_from(&self.local);
        next.contexts.clone_from(&self.contexts);
        next.switched.clone_from(&self.switched);
        next.watchers.clone_from(&self.watchers);
        self.current
            .store(next.generation, std::sync::atomic::Ordering::SeqCst);
        self.readers.stop_all();
        next
    }

    /// Whether a record reader is running (for tests).
    pub fn reading_records(&self) -> bool {
        self.readers.reading_records()
    }

    /// Followers still running (for tests).
    pub fn running_followers(&self) -> usize {
        self.readers.running_followers()
    }
}

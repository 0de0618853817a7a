//! A simulated Flink application: its versions, snapshots, operations, how its metrics behave,
//! and the changes under way.
use super::code::CodeQuality;
use crate::domain::{AppDetail, AppSummary, OperationDetail, Snapshot, Timestamp, VersionSummary};

/// Snapshots an application may have before manual ones fail (configurable in the console).
pub const DEFAULT_SNAPSHOT_LIMIT: usize = 1_000;

/// What happens when a change's time is up.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    SnapshotReady {
        name: String,
    },
    SnapshotGone {
        name: String,
    },
    Started {
        op: String,
        quality: CodeQuality,
        failure: Option<String>,
    },
    Stopped {
        op: String,
    },
    Updated {
        op: String,
        next: Box<AppDetail>,
        quality: Option<CodeQuality>,
    },
    RolledBack {
        op: String,
        restored: Box<AppDetail>,
        quality: CodeQuality,
        /// Why the rollback fails when it lands (a snapshot that does not fit), if it does.
        failure: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub at: Timestamp,
    pub transition: Transition,
}

/// How an application's metrics behave (see `app_metrics`).
#[derive(Debug, Clone, PartialEq)]
pub struct AppBehaviour {
    pub key: u64,
    /// When the running job last (re)started.
    pub started: Timestamp,
    /// A checkpoint fails every this many minutes (0: never).
    pub checkpoint_failure_every_min: i64,
    /// The job restarts every this many minutes (0: never).
    pub restart_every_min: i64,
    pub checkpoint_duration_ms: f64,
    pub checkpoint_size_bytes: f64,
    pub lag_ms: f64,
    /// Lag added per hour since `started`.
    pub lag_growth_per_hour: f64,
    pub cpu_percent: f64,
    /// When its code last failed to start (logged at ERROR with the exception).
    pub failed_at: Option<Timestamp>,
    /// The job ran until then and no job runs since (an update that never started): its task
    /// metrics end there.
    pub ran_until: Option<Timestamp>,
    /// The job backs up from then on, its sink the bottleneck, whatever its lag.
    pub backed_up_from: Option<Timestamp>,
}

impl AppBehaviour {
    /// The job (re)starts at `at` running code of `quality`.
    pub fn run(&mut self, quality: CodeQuality, at: Timestamp) {
        use CodeQuality;
        self.started = at;
        self.ran_until = None;
        self.backed_up_from = None;
        self.restart_every_min = 0;
        self.checkpoint_failure_every_min = 0;
        self.lag_ms = 400.0;
        self.lag_growth_per_hour = 0.0;
        self.checkpoint_duration_ms = self.checkpoint_duration_ms.min(2_500.0);
        if quality == CodeQuality::RestartsEveryMinute {
            self.restart_every_min = 1;
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimApp {
    /// Every version's configuration, oldest first; the last is current.
    pub versions: Vec<AppDetail>,
    pub snapshots: Vec<Snapshot>,
    /// Most recent first, with their details.
    pub operations: Vec<OperationDetail>,
    pub behaviour: AppBehaviour,
    /// Changes under way and when they land.
    pub pending: Vec<Pending>,
    /// Snapshots it may have before manual ones fail (the `snapshots-full` drill lowers it).
    pub snapshot_limit: usize,
    /// The `conflict` drill: another tool changes it just before the next UpdateApplication.
    pub conflict_next: bool,
    /// The number of the last operation id handed out.
    pub next_op: u32,
}

impl SimApp {
    pub fn current(&self) -> &AppDetail {
        // Built with at least one version; see `build`.
        &self.versions[self.versions.len() - 1]
    }

    pub fn summary(&self) -> AppSummary {
        let current = self.current();
        AppSummary {
            name: current.name.clone(),
            arn: current.arn.clone(),
            status: current.status.clone(),
            version_id: current.version_id,
            runtime: current.runtime.clone(),
        }
    }

    pub fn version_summaries(&self) -> Vec<VersionSummary> {
        self.versions
            .iter()
            .rev()
            .map(|v| VersionSummary {
                version_id: v.version_id,
                status: v.status.clone(),
            })
            .collect()
    }
}

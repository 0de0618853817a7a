//! What a change to a Flink application asks for: the restore choice and an UpdateApplication's content.
use super::flink::{CodeLocation, ParallelismConfig, PropertyGroup};
use std::fmt;

/// Which state a start or an update restores (ApplicationRestoreConfiguration).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Restore {
    /// RESTORE_FROM_LATEST_SNAPSHOT.
    Latest,
    /// RESTORE_FROM_CUSTOM_SNAPSHOT with this snapshot.
    Snapshot(String),
    /// SKIP_RESTORE_FROM_SNAPSHOT: the application starts with empty state.
    Skip,
}

impl Restore {
    /// The ApplicationRestoreType AWS names it by.
    pub fn api_type(&self) -> &'static str {
        match self {
            Self::Latest => "RESTORE_FROM_LATEST_SNAPSHOT",
            Self::Snapshot(_) => "RESTORE_FROM_CUSTOM_SNAPSHOT",
            Self::Skip => "SKIP_RESTORE_FROM_SNAPSHOT",
        }
    }

    pub fn snapshot(&self) -> Option<&str> {
        match self {
            Self::Snapshot(name) => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for Restore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => f.write_str("restore the latest snapshot"),
            Self::Snapshot(name) => write!(f, "restore snapshot {name}"),
            Self::Skip => f.write_str("no restore (empty state)"),
        }
    }
}

/// New parallelism settings (ParallelismConfigurationUpdate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParallelismChange {
    pub parallelism: i32,
    pub per_kpu: i32,
    pub autoscaling: bool,
}

impl ParallelismChange {
    /// KPUs = ceil(parallelism / parallelism per KPU).
    pub fn kpus(&self) -> i32 {
        let per = self.per_kpu.max(1);
        (self.parallelism.max(0) + per - 1) / per
    }

    /// The settings an application runs with now.
    pub fn from_config(config: &ParallelismConfig) -> Self {
        Self {
            parallelism: config.parallelism,
            per_kpu: config.per_kpu,
            autoscaling: config.autoscaling,
        }
    }
}

/// UpdateApplication's content, as kinetic sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppUpdate {
    /// The version the plan was made against. The ConditionalToken is re-read just before the
    /// call, and a different version by then refuses the call as a concurrent modification.
    pub expected_version: i64,
    /// New code: the S3 location and object version.
    pub code: Option<CodeLocation>,
    pub parallelism: Option<ParallelismChange>,
    /// A runtime to move to (RuntimeEnvironmentUpdate); one-way towards newer runtimes.
    pub runtime: Option<String>,
    /// Every property group, replacing the running ones (EnvironmentPropertyUpdates).
    pub properties: Option<Vec<PropertyGroup>>,
    pub restore: Restore,
    /// Always sent: AWS resets it to false on any update that leaves it out.
    pub allow_non_restored_state: bool,
    /// A new metrics level (MonitoringConfigurationUpdate, CUSTOM), with the log level kept.
    pub monitoring: Option<MonitoringChange>,
}

/// MonitoringConfigurationUpdate as kinetic sends it: CUSTOM, the new metrics level, and the
/// log level the application has (CUSTOM would otherwise leave it to AWS's default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitoringChange {
    pub metrics_level: super::monitoring::MetricsLevel,
    pub log_level: String,
}

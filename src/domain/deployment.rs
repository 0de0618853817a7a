//! A self-managed Flink job's versions, as kinetic records them: Flink keeps no history of what
//! ran, so every deployment kinetic makes is one record (jar, checksum, entry class, arguments,
//! parallelism, the savepoint it started from and how the run before it ended).
use super::flink::{AppDetail, AppStatus, CodeLocation, ParallelismConfig, PropertyGroup};
use super::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a deployment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeployKind {
    /// New code or arguments.
    Deploy,
    /// Back to an earlier version (the rollback guide's way back).
    Rollback,
    /// The same jar at another parallelism, from a savepoint.
    Rescale,
    /// Version 0: the run kinetic found when it first deployed the job (started by `flink run`,
    /// CI…), recorded with what is known of it so that a way back can bring it back.
    Original,
}

impl DeployKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deploy => "deploy",
            Self::Rollback => "rollback",
            Self::Rescale => "rescale",
            Self::Original => "original",
        }
    }
}

/// How the run a deployment replaced ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replaced {
    /// Stopped with a savepoint, which the new run started from.
    StoppedWithSavepoint { job_id: String, savepoint: String },
    /// Cancelled: nothing saved (a failing run's state is not taken along).
    Cancelled { job_id: String },
    /// No run was live.
    Nothing,
}

/// One deployment kinetic made, as the state file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub at: Timestamp,
    pub kind: DeployKind,
    pub cluster: String,
    /// The job's name, as `JOB@CLUSTER` names it in the console.
    pub job_name: String,
    /// The run this deployment started.
    pub job_id: String,
    /// The jar's file name and its id on the cluster.
    pub jar_name: String,
    pub jar_id: String,
    /// SHA-256 of the jar, when kinetic uploaded it (a jar picked from the cluster's uploads
    /// cannot be read back).
    pub jar_sha256: Option<String>,
    pub entry_class: Option<String>,
    pub args: Vec<String>,
    pub parallelism: u32,
    pub allow_non_restored_state: bool,
    /// The savepoint the run started from; None started without state.
    pub started_from: Option<String>,
    pub replaced: Replaced,
}

/// Which jar a deployment runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jar {
    /// Already uploaded to the cluster: its id there and its file name.
    Uploaded { id: String, name: String },
    /// A local file that kinetic uploads first.
    Local { path: std::path::PathBuf },
}

impl Jar {
    /// The jar's file name.
    pub fn name(&self) -> String {
        match self {
            Self::Uploaded { name, .. } => name.clone(),
            Self::Local { path } => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// Where the new run's state comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartFrom {
    /// Stop the running job with a savepoint and start from it (a deploy, a rescale).
    StopWithSavepoint,
    /// Cancel the running job, if one is live, and start from this savepoint (the way back:
    /// the failing run's state is not taken along).
    CancelThenSavepoint(String),
}

/// A deployment asked for: what runs next and where its state comes from.
// Each flag is a separate fact of the request (Flink's own flag, and three of kinetic's record
// and run); no two of them make a state machine together.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDeploy {
    pub kind: DeployKind,
    pub cluster: String,
    pub job_name: String,
    /// The run it replaces, when one is live.
    pub running_job: Option<String>,
    pub jar: Jar,
    pub entry_class: Option<String>,
    pub args: Vec<String>,
    pub parallelism: u32,
    pub allow_non_restored_state: bool,
    pub from: StartFrom,
    /// The field the run's claim mode (NO_CLAIM) goes in: `claimMode` from Flink 1.20 on,
    /// `restoreMode` before.
    pub claim_field: &'static str,
    /// The run it replaces, when kinetic did not deploy it: recorded as version 0 once it is
    /// stopped with its savepoint.
    pub original: Option<OriginalRun>,
    /// A version before this one exists for the way back (B) to return to.
    pub has_way_back: bool,
    /// A job the cluster does not run yet: the jar's program must name its job `job_name`,
    /// which is checked once the jar is on the cluster, before anything runs.
    pub new_job: bool,
    /// The state is the running job's newest retained checkpoint as it is cancelled: the one
    /// the plan named (in `from`) may have been subsumed and deleted by a newer one since.
    pub newest_checkpoint: bool,
}

/// What is known of a run kinetic did not deploy, when it first deploys over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalRun {
    pub job_id: String,
    /// The jar it ran, as the operator named it (`--was JAR`); None: not known.
    pub jar: Option<Jar>,
    pub parallelism: u32,
}

/// What a version 0 record holds for a jar nobody named.
pub const UNKNOWN_JAR: &str = "(unknown)";

/// The claim mode kinetic runs from a savepoint with: the savepoint stays the operator's (the
/// new run never deletes it), its first checkpoint is a full one.
pub const CLAIM_MODE: &str = "NO_CLAIM";

/// Where the claim mode goes on a cluster of `flink_version` (`1.20.5`): `claimMode` from 1.20
/// on (it wins there when both are sent), `restoreMode` before.
pub fn claim_field(flink_version: &str) -> &'static str {
    let mut parts = flink_version
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) >= (1, 20) {
        "claimMode"
    } else {
        "restoreMode"
    }
}

/// A jar uploaded to the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterJar {
    pub id: String,
    pub name: String,
    pub uploaded: Option<Timestamp>,
    /// The entry classes its manifest names.
    pub entry: Vec<String>,
}

/// The run of a job that is live now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRun {
    pub job_id: String,
    /// RUNNING only when all its tasks run.
    pub status: AppStatus,
    /// The most subtasks of one operator: the slots it holds with slot sharing.
    pub parallelism: u32,
    /// Entries in its exception history (each a failure and, while it restarts, a restart).
    pub restarts: usize,
    /// The newest entry's root cause.
    pub root_exception: Option<String>,
    /// The run's newest savepoint (a run stopped with a savepoint keeps it), when Flink says.
    pub last_savepoint: Option<String>,
    /// Where the run's newest completed checkpoint is kept, when it is retained.
    pub latest_checkpoint: Option<String>,
}

/// What a deployment (or a way back) of a self-managed job is planned from, read together.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployFacts {
    pub app: String,
    pub cluster: String,
    pub job_name: String,
    /// The job's newest run, when it has one.
    pub run: Option<LiveRun>,
    /// Newest first.
    pub jars: Vec<ClusterJar>,
    pub slots_total: u32,
    pub slots_available: u32,
    /// The cluster runs the adaptive scheduler: a rescale changes the job in place.
    pub adaptive: bool,
    pub savepoint_dir: Option<String>,
    /// What kinetic deployed of this job, oldest first.
    pub versions: Vec<Deployment>,
    /// Version 0: the run kinetic found when it first deployed the job, when it recorded one.
    pub original: Option<Deployment>,
    pub production: bool,
    /// The cluster's Flink version, as `/overview` says it: `1.20.5`.
    pub flink_version: String,
    pub at: Timestamp,
}

impl DeployFacts {
    /// Where a run's claim mode goes on this cluster.
    pub fn claim_field(&self) -> &'static str {
        claim_field(&self.flink_version)
    }

    /// Which recorded version the newest run is (1-based), when kinetic started it.
    pub fn running_version(&self) -> Option<usize> {
        let run = self.run.as_ref()?;
        self.versions
            .iter()
            .rposition(|d| d.job_id == run.job_id)
            .map(|i| i + 1)
    }

    /// The newest run holds slots (it is not over).
    pub fn run_is_live(&self) -> bool {
        self.run.as_ref().is_some_and(|r| {
            !matches!(&r.status, AppStatus::Ready)
                && !matches!(&r.status, AppStatus::Other(s) if s == "FINISHED" || s == "FAILED")
        })
    }
}

/// A job's deployments, oldest first: version 1 is the first (version 0, the run kinetic found,
/// is apart: `original`).
pub fn versions<'a>(all: &'a [Deployment], cluster: &str, job_name: &str) -> Vec<&'a Deployment> {
    all.iter()
        .filter(|d| {
            d.cluster == cluster && d.job_name == job_name && d.kind != DeployKind::Original
        })
        .collect()
}

/// Version 0 of a job: the run its first kinetic deployment replaced, when it was recorded.
pub fn original<'a>(
    all: &'a [Deployment],
    cluster: &str,
    job_name: &str,
) -> Option<&'a Deployment> {
    let first = versions(all, cluster, job_name).into_iter().next()?;
    let replaced = match &first.replaced {
        Replaced::StoppedWithSavepoint { job_id, .. } | Replaced::Cancelled { job_id } => job_id,
        Replaced::Nothing => return None,
    };
    all.iter().rev().find(|d| {
        d.kind == DeployKind::Original
            && d.cluster == cluster
            && d.job_name == job_name
            && &d.job_id == replaced
    })
}

impl Deployment {
    /// Version 0 names its jar: it was given when kinetic first deployed over it.
    pub fn jar_known(&self) -> bool {
        self.jar_name != UNKNOWN_JAR
    }
}

/// The savepoint `version`'s run ended with, when the next deployment stopped it with one.
pub fn ended_with(versions: &[&Deployment], version: usize) -> Option<String> {
    let run = versions.get(version.checked_sub(1)?)?;
    versions.get(version).and_then(|next| match &next.replaced {
        Replaced::StoppedWithSavepoint { job_id, savepoint } if *job_id == run.job_id => {
            Some(savepoint.clone())
        }
        _ => None,
    })
}

impl Deployment {
    /// The version as an application version, so the Versions tab and its diff show it: the
    /// jar as the code, its checksum as the object version, the rest as the "job" properties.
    pub fn as_version(
        &self,
        version: usize,
        running: bool,
        ended_with: Option<&str>,
        runtime: &str,
    ) -> AppDetail {
        let mut job = BTreeMap::new();
        job.insert("kind".to_string(), self.kind.as_str().to_string());
        job.insert(
            "entry class".to_string(),
            self.entry_class
                .clone()
                .unwrap_or_else(|| "(the jar's manifest)".into()),
        );
        job.insert(
            "arguments".to_string(),
            if self.kind == DeployKind::Original {
                "(not known: Flink does not tell them)".to_string()
            } else {
                self.args.join(" ")
            },
        );
        job.insert("job id".to_string(), self.job_id.clone());
        job.insert(
            "started from".to_string(),
            self.started_from
                .clone()
                .unwrap_or_else(|| "no savepoint (empty state)".into()),
        );
        job.insert(
            "ended with".to_string(),
            match (ended_with, running) {
                (Some(savepoint), _) => savepoint.to_string(),
                (None, true) => "(running)".into(),
                (None, false) => "no savepoint".into(),
            },
        );
        job.insert(
            "allowNonRestoredState".to_string(),
            self.allow_non_restored_state.to_string(),
        );
        AppDetail {
            name: format!(
                "{}{}{}",
                self.job_name,
                super::flink_cluster::SEPARATOR,
                self.cluster
            ),
            arn: String::new(),
            description: None,
            status: if running {
                AppStatus::Running
            } else {
                AppStatus::Ready
            },
            runtime: runtime.to_string(),
            version_id: i64::try_from(version).unwrap_or(i64::MAX),
            role: None,
            created: Some(self.at),
            last_updated: Some(self.at),
            version_created: Some(self.at),
            updated_from: version
                .checked_sub(1)
                .filter(|v| *v > 0)
                .map(|v| i64::try_from(v).unwrap_or(i64::MAX)),
            rolled_back_from: None,
            rolled_back_to: None,
            code: Some(CodeLocation {
                // The cluster's uploaded jars: the cluster is in the job's name.
                bucket_arn: "jars".to_string(),
                file_key: self.jar_name.clone(),
                object_version: Some(
                    self.jar_sha256
                        .as_deref()
                        .map_or_else(|| format!("jar {}", self.jar_id), short_sha),
                ),
            }),
            checkpoint: None,
            parallelism: Some(ParallelismConfig {
                parallelism: i32::try_from(self.parallelism).unwrap_or(i32::MAX),
                per_kpu: 1,
                current: i32::try_from(self.parallelism).unwrap_or(i32::MAX),
                autoscaling: false,
            }),
            snapshots_enabled: true,
            system_rollback_enabled: false,
            log_stream_arns: Vec::new(),
            property_groups: vec![PropertyGroup {
                id: "job".into(),
                properties: job,
            }],
            conditional_token: None,
            monitoring: None,
            maintenance: None,
        }
    }
}

/// "sha256:1a2b3c4d5e6f", for narrow places.
pub fn short_sha(sha: &str) -> String {
    format!("sha256:{}", sha.get(..12).unwrap_or(sha))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_claim_mode_goes_where_each_flink_version_reads_it() {
        assert_eq!(claim_field("1.20.5"), "claimMode");
        assert_eq!(claim_field("2.2.1"), "claimMode");
        assert_eq!(claim_field("1.19.2"), "restoreMode");
        assert_eq!(claim_field("1.15"), "restoreMode");
    }

    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn deployment(job_id: &str, replaced: Replaced) -> Deployment {
        Deployment {
            at: from_epoch_secs(1_800_000_000),
            kind: DeployKind::Deploy,
            cluster: "local".into(),
            job_name: "keyed-counter".into(),
            job_id: job_id.into(),
            jar_name: "keyed-counter.jar".into(),
            jar_id: "abc_keyed-counter.jar".into(),
            jar_sha256: Some("0123456789abcdef0123".into()),
            entry_class: None,
            args: vec!["200".into()],
            parallelism: 1,
            allow_non_restored_state: false,
            started_from: None,
            replaced,
        }
    }

    #[test]
    fn a_version_ended_with_the_savepoint_its_successor_stopped_it_with() {
        let all = vec![
            deployment("a", Replaced::Nothing),
            deployment(
                "b",
                Replaced::StoppedWithSavepoint {
                    job_id: "a".into(),
                    savepoint: "file:/sp/1".into(),
                },
            ),
            deployment("c", Replaced::Cancelled { job_id: "b".into() }),
        ];
        let versions = versions(&all, "local", "keyed-counter");
        assert_eq!(ended_with(&versions, 1).as_deref(), Some("file:/sp/1"));
        assert_eq!(ended_with(&versions, 2), None);
        assert_eq!(ended_with(&versions, 3), None);
        assert_eq!(ended_with(&versions, 0), None);
        let detail = versions[1].as_version(2, false, None, "Flink 1.20.5");
        assert_eq!(detail.updated_from, Some(1));
        assert_eq!(
            detail.code.and_then(|c| c.object_version).as_deref(),
            Some("sha256:0123456789ab")
        );
        assert_eq!(
            detail.property_groups[0].properties["ended with"],
            "no savepoint"
        );
    }
}

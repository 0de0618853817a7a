//! What a self-managed job's deployment is checked against: the jar it names, the run it replaces and where the state comes from, the savepoint directory, the slots, allowNonRestoredState; and how versions and arguments read in its dialog.
use super::checks::{Check, DESTRUCTIVE};
use crate::domain::AppStatus;
use crate::domain::deployment::{DeployFacts, Deployment, Jar, StartFrom, short_sha};
use std::path::PathBuf;

/// A local jar as the effect found it: its size, or why it cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalJar {
    pub path: PathBuf,
    pub size: Result<u64, String>,
}

/// Whether `typed` names a local file rather than a jar uploaded to the cluster.
pub fn is_local(typed: &str) -> bool {
    typed.contains('/') || typed.starts_with('~')
}

/// The jar a choice names: a local file, or the newest upload of that name or id.
pub(super) fn resolve_jar(
    facts: &DeployFacts,
    typed: &str,
    local: Option<&LocalJar>,
) -> (Option<Jar>, Check) {
    if let Some(local) = local.filter(|_| is_local(typed)) {
        return match &local.size {
            Ok(size) => (
                Some(Jar::Local {
                    path: local.path.clone(),
                }),
                Check::pass(
                    "jar",
                    format!(
                        "{} ({} KiB), uploaded to {} when confirmed",
                        local.path.display(),
                        size.div_ceil(1024),
                        facts.cluster
                    ),
                ),
            ),
            Err(why) => (None, Check::fail("jar", why.clone())),
        };
    }
    // By id; by name, the upload a recorded version ran (its checksum is known), else the newest.
    let recorded = facts
        .versions
        .iter()
        .rev()
        .filter(|d| d.jar_name == typed)
        .find_map(|d| facts.jars.iter().find(|j| j.id == d.jar_id));
    let found = facts
        .jars
        .iter()
        .find(|j| j.id == typed)
        .or(recorded)
        .or_else(|| facts.jars.iter().find(|j| j.name == typed));
    if let Some(jar) = found {
        return (
            Some(Jar::Uploaded {
                id: jar.id.clone(),
                name: jar.name.clone(),
            }),
            Check::pass("jar", format!("{} uploaded to {}", jar.id, facts.cluster)),
        );
    }
    let names: Vec<&str> = facts.jars.iter().take(5).map(|j| j.name.as_str()).collect();
    let why = if names.is_empty() {
        format!(
            "no jar {typed} on {}, which has no jars uploaded: give a local path (./target/job.jar)",
            facts.cluster
        )
    } else {
        format!(
            "no jar {typed} on {}; uploaded there: {} — or give a local path",
            facts.cluster,
            names.join(", ")
        )
    };
    (None, Check::fail("jar", why))
}

/// The version running now, when kinetic deployed it.
pub(super) fn running_version(facts: &DeployFacts) -> Option<(usize, &Deployment)> {
    let version = facts.running_version()?;
    Some((version, facts.versions.get(version - 1)?))
}

pub(super) fn running_check(facts: &DeployFacts) -> Check {
    match &facts.run {
        Some(run) if run.status == AppStatus::Running => Check::pass(
            "savepoint",
            format!(
                "job {} and all its tasks run: its savepoint can be taken",
                run.job_id
            ),
        ),
        Some(run) => Check::fail(
            "savepoint",
            format!(
                "job {} is {}: Flink takes a savepoint only while the job and all its tasks run (the way back, B, starts from an earlier savepoint)",
                run.job_id, run.status
            ),
        ),
        None => Check::fail(
            "savepoint",
            format!(
                "{} has no run on {} to take a savepoint of",
                facts.job_name, facts.cluster
            ),
        ),
    }
}

/// Where a deployment's state comes from, as its plan says it.
pub(super) struct StateSource {
    pub(super) from: StartFrom,
    /// The run the deployment stops, when one is live.
    pub(super) stops: Option<String>,
    pub(super) check: Check,
    pub(super) before: String,
    pub(super) after: String,
}

/// A live run is stopped with a savepoint; a run that is over starts the new one from the
/// savepoint it ended with (Flink keeps it on the finished job), else from empty state.
pub(super) fn state_source(facts: &DeployFacts) -> StateSource {
    let Some(run) = facts.run.as_ref().filter(|_| facts.run_is_live()) else {
        let ended = facts.run.as_ref();
        return match ended.and_then(|r| r.last_savepoint.clone()) {
            Some(savepoint) => StateSource {
                from: StartFrom::CancelThenSavepoint(savepoint.clone()),
                stops: None,
                check: Check::pass(
                    "savepoint",
                    format!(
                        "{savepoint}: the newest savepoint of job {}, which is {}",
                        ended.map_or("", |r| r.job_id.as_str()),
                        ended.map_or_else(String::new, |r| r.status.to_string())
                    ),
                ),
                before: format!("in {savepoint}"),
                after: "restored by the new run".to_string(),
            },
            None => StateSource {
                from: StartFrom::StopWithSavepoint,
                stops: None,
                check: Check::warn(
                    DESTRUCTIVE,
                    match ended {
                        Some(r) => format!(
                            "job {} is {} and has no savepoint: the new run starts with empty state",
                            r.job_id, r.status
                        ),
                        None => format!(
                            "{} has no run on {}: the new run starts with empty state",
                            facts.job_name, facts.cluster
                        ),
                    },
                ),
                before: "none".to_string(),
                after: "empty".to_string(),
            },
        };
    };
    StateSource {
        from: StartFrom::StopWithSavepoint,
        stops: Some(run.job_id.clone()),
        check: running_check(facts),
        before: "in the running job".to_string(),
        after: "a savepoint taken by the stop, restored by the new run".to_string(),
    }
}

pub(super) fn directory_check(facts: &DeployFacts) -> Check {
    match &facts.savepoint_dir {
        Some(dir) => Check::pass("savepoint directory", dir.clone()),
        None => Check::fail(
            "savepoint directory",
            format!(
                "{} has none: set state.savepoints.dir in its configuration or savepoint_dir in its [[flink]] entry",
                facts.cluster
            ),
        ),
    }
}

/// The new run needs `parallelism` slots (slot sharing: its widest operator); the live run
/// gives its slots back when it stops.
pub(super) fn slots_check(facts: &DeployFacts, parallelism: u32) -> Check {
    let freed = if facts.run_is_live() {
        facts.run.as_ref().map_or(0, |r| r.parallelism)
    } else {
        0
    };
    let free = facts.slots_available + freed;
    let when = if facts.run_is_live() {
        " once the running job stops"
    } else {
        ""
    };
    Check::either(
        "slots",
        parallelism <= free,
        format!(
            "{parallelism} needed; {free} free{when} ({} in all)",
            facts.slots_total
        ),
        format!(
            "{parallelism} needed but only {free} free{when} ({} in all): the job would wait for slots and never run — lower the parallelism or add task managers",
            facts.slots_total
        ),
    )
}

pub(super) fn non_restored_check(allow: bool) -> Check {
    if allow {
        Check::warn(
            "allowNonRestoredState",
            "true: state in the savepoint for an operator the new jar does not have (a removed or renamed uid) is dropped",
        )
    } else {
        Check::pass(
            "allowNonRestoredState",
            "false: the run is refused if the savepoint holds state the new jar cannot take (--allow-non-restored-state drops it instead)",
        )
    }
}

pub(super) fn version_text(deployment: Option<&Deployment>, version: Option<usize>) -> String {
    match (deployment, version) {
        (Some(d), Some(v)) => match d.jar_sha256.as_deref() {
            Some(sha) => format!("version {v}: {} {}", d.jar_name, short_sha(sha)),
            None => format!("version {v}: {}", d.jar_name),
        },
        _ => "not deployed by kinetic".to_string(),
    }
}

pub(super) fn shown_args(args: &[String]) -> String {
    if args.is_empty() {
        "(none)".to_string()
    } else {
        args.join(" ")
    }
}

/// How the new run takes the savepoint: NO_CLAIM, sent in the field this cluster's Flink reads.
pub(super) fn claim_check(facts: &DeployFacts) -> Check {
    Check::pass(
        "restore mode",
        format!(
            "{} sent as {} (Flink {}): the savepoint stays yours, the new run's first checkpoint is a full one",
            crate::domain::deployment::CLAIM_MODE,
            facts.claim_field(),
            if facts.flink_version.is_empty() {
                "version not told"
            } else {
                &facts.flink_version
            }
        ),
    )
}

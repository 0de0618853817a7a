//! Deploying a self-managed Flink job, rescaling it through a savepoint, and the way back from a
//! failing version: plans over what the cluster and kinetic's deployment record say.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::AppStatus;
use crate::domain::deployment::{
    DeployFacts, DeployKind, Deployment, Jar, JobDeploy, StartFrom, short_sha,
};
use crate::domain::version_diff::diff;
use std::path::PathBuf;

/// What the operator asked of a self-managed job, kept apart from the plan: planned once the
/// cluster's facts are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobIntent {
    Deploy(DeployChoice),
    Rescale(u32),
    WayBack,
    /// No plan yet: the jars to pick from (`D`).
    Pick,
}

impl JobIntent {
    /// The local jar the effect looks at before planning, when one is named.
    pub fn local_jar(&self) -> Option<PathBuf> {
        match self {
            Self::Deploy(choice) if is_local(&choice.jar) => Some(PathBuf::from(&choice.jar)),
            _ => None,
        }
    }

    /// The plan, or why there is none to make (no way back to go).
    pub fn plan(&self, facts: &DeployFacts, local: Option<&LocalJar>) -> Result<OpPlan, String> {
        Ok(match self {
            Self::Deploy(choice) => deploy(facts, choice, local),
            Self::Rescale(parallelism) => return rescale(facts, *parallelism),
            Self::WayBack => return way_back(facts),
            Self::Pick => return Err("pick a jar first".to_string()),
        })
    }
}

/// What the operator typed after `:deploy`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeployChoice {
    /// A local path, or the name or id of a jar uploaded to the cluster.
    pub jar: String,
    pub entry_class: Option<String>,
    pub parallelism: Option<u32>,
    /// None: the running version's arguments.
    pub args: Option<Vec<String>>,
    pub allow_non_restored_state: bool,
}

/// The `:deploy` syntax, for messages.
pub const USAGE: &str =
    ":deploy JAR [-p PARALLELISM] [-c ENTRY_CLASS] [--allow-non-restored-state] [-- ARGS...]";

/// Reads `JAR [-p N] [-c CLASS] [--allow-non-restored-state] [-- ARGS...]`.
pub fn parse(line: &str) -> Result<DeployChoice, String> {
    let (options, args) = match line.split_once(" -- ") {
        Some((options, args)) => (options, Some(args)),
        None => match line.strip_suffix(" --") {
            Some(options) => (options, Some("")),
            None => (line, None),
        },
    };
    let mut words = options.split_whitespace();
    let mut choice = DeployChoice {
        args: args.map(|a| a.split_whitespace().map(str::to_string).collect()),
        ..DeployChoice::default()
    };
    while let Some(word) = words.next() {
        match word {
            "-p" | "--parallelism" => {
                let value = words.next().ok_or("-p needs a parallelism")?;
                let parallelism = value
                    .parse::<u32>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| format!("parallelism {value} is not a whole number above 0"))?;
                choice.parallelism = Some(parallelism);
            }
            "-c" | "--class" => {
                let value = words.next().ok_or("-c needs an entry class")?;
                choice.entry_class = Some(value.to_string());
            }
            "--allow-non-restored-state" => choice.allow_non_restored_state = true,
            other if other.starts_with('-') => {
                return Err(format!("{other} is not an option of {USAGE}"));
            }
            jar if choice.jar.is_empty() => choice.jar = jar.to_string(),
            extra => {
                return Err(format!(
                    "{extra}: one jar only; program arguments go after -- ({USAGE})"
                ));
            }
        }
    }
    if choice.jar.is_empty() {
        return Err(format!("which jar? {USAGE}"));
    }
    Ok(choice)
}

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
fn resolve_jar(facts: &DeployFacts, typed: &str, local: Option<&LocalJar>) -> (Option<Jar>, Check) {
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
fn running_version(facts: &DeployFacts) -> Option<(usize, &Deployment)> {
    let version = facts.running_version()?;
    Some((version, facts.versions.get(version - 1)?))
}

fn running_check(facts: &DeployFacts) -> Check {
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
struct StateSource {
    from: StartFrom,
    /// The run the deployment stops, when one is live.
    stops: Option<String>,
    check: Check,
    before: String,
    after: String,
}

/// A live run is stopped with a savepoint; a run that is over starts the new one from the
/// savepoint it ended with (Flink keeps it on the finished job), else from empty state.
fn state_source(facts: &DeployFacts) -> StateSource {
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

fn directory_check(facts: &DeployFacts) -> Check {
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
fn slots_check(facts: &DeployFacts, parallelism: u32) -> Check {
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

fn non_restored_check(allow: bool) -> Check {
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

fn version_text(deployment: Option<&Deployment>, version: Option<usize>) -> String {
    match (deployment, version) {
        (Some(d), Some(v)) => match d.jar_sha256.as_deref() {
            Some(sha) => format!("version {v}: {} {}", d.jar_name, short_sha(sha)),
            None => format!("version {v}: {}", d.jar_name),
        },
        _ => "not deployed by kinetic".to_string(),
    }
}

/// Deploy `choice`: stop the running job with a savepoint, run the jar from it, follow the new
/// run until all its tasks run, then the health gate.
pub fn deploy(facts: &DeployFacts, choice: &DeployChoice, local: Option<&LocalJar>) -> OpPlan {
    let current = running_version(facts);
    let (jar, jar_check) = resolve_jar(facts, &choice.jar, local);
    let parallelism = choice
        .parallelism
        .or_else(|| current.map(|(_, d)| d.parallelism))
        .or_else(|| facts.run.as_ref().map(|r| r.parallelism).filter(|p| *p > 0))
        .unwrap_or(1);
    let (args, args_check) = match (&choice.args, current) {
        (Some(args), _) => (args.clone(), None),
        (None, Some((v, d))) => (
            d.args.clone(),
            Some(Check::pass(
                "arguments",
                format!("as version {v}: {}", shown_args(&d.args)),
            )),
        ),
        (None, None) => (
            Vec::new(),
            Some(Check::warn(
                "arguments",
                "none: the running job was not deployed by kinetic, so its arguments are not known — give them after --",
            )),
        ),
    };
    let entry_class = choice
        .entry_class
        .clone()
        .or_else(|| current.and_then(|(_, d)| d.entry_class.clone()));
    let state = state_source(facts);
    let mut checks = vec![jar_check, state.check.clone()];
    if state.stops.is_some() {
        checks.push(directory_check(facts));
    }
    checks.extend(args_check);
    checks.push(slots_check(facts, parallelism));
    checks.push(non_restored_check(choice.allow_non_restored_state));
    let next = facts.versions.len() + 1;
    let jar_name = jar.as_ref().map_or_else(|| choice.jar.clone(), Jar::name);
    let request = JobDeploy {
        kind: DeployKind::Deploy,
        cluster: facts.cluster.clone(),
        job_name: facts.job_name.clone(),
        running_job: state.stops.clone(),
        jar: jar.unwrap_or(Jar::Uploaded {
            id: choice.jar.clone(),
            name: choice.jar.clone(),
        }),
        entry_class,
        args: args.clone(),
        parallelism,
        allow_non_restored_state: choice.allow_non_restored_state,
        from: state.from.clone(),
    };
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!("Deploy {jar_name} to {}", facts.app),
        changes: vec![
            Change::new(
                "jar",
                version_text(current.map(|(_, d)| d), current.map(|(v, _)| v)),
                format!("version {next}: {jar_name}"),
            ),
            Change::new(
                "arguments",
                current.map_or_else(|| "(not known)".to_string(), |(_, d)| shown_args(&d.args)),
                shown_args(&args),
            ),
            Change::new(
                "parallelism",
                facts
                    .run
                    .as_ref()
                    .map_or_else(|| "—".to_string(), |r| r.parallelism.to_string()),
                parallelism.to_string(),
            ),
            Change::new("state", state.before.clone(), state.after.clone()),
        ],
        call: OpCall::DeployJob(Box::new(request)),
        checks,
        // A deployment restarts the job: the typed name, on any cluster.
        confirmation: Confirmation::TypeName,
        follow: Follow::JobRunning,
        gate: true,
        recovery: false,
        done: format!("version {next} of {} runs with all its tasks", facts.app),
        next: None,
        notes: [
            state.stops.as_ref().map(|_| {
                "The job stops with a savepoint first; if the savepoint fails, nothing else happens and the job keeps running.".to_string()
            }),
            Some(format!(
                "Recorded as version {next} in kinetic's deployments (beside the audit log); B goes back to the version before."
            )),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

fn shown_args(args: &[String]) -> String {
    if args.is_empty() {
        "(none)".to_string()
    } else {
        args.join(" ")
    }
}

/// Another parallelism: in place where the cluster runs the adaptive scheduler, else the same
/// jar again through a savepoint. The dialog says which, and what it costs.
pub fn rescale(facts: &DeployFacts, parallelism: u32) -> Result<OpPlan, String> {
    if facts.adaptive {
        Ok(rescale_in_place(facts, parallelism))
    } else {
        rescale_through_savepoint(facts, parallelism)
    }
}

fn parallelism_check(facts: &DeployFacts, parallelism: u32) -> Check {
    let from = facts.run.as_ref().map_or(0, |r| r.parallelism);
    Check::either(
        "parallelism",
        parallelism != from,
        format!("{from} → {parallelism}"),
        format!("the job already runs at parallelism {from}"),
    )
}

/// The adaptive scheduler's rescale: the job's resource requirements changed, and the
/// scheduler restarts its tasks at the new parallelism from their latest checkpoint.
fn rescale_in_place(facts: &DeployFacts, parallelism: u32) -> OpPlan {
    let run = facts.run.as_ref();
    let from = run.map_or(0, |r| r.parallelism);
    let job_id = run.map(|r| r.job_id.clone()).unwrap_or_default();
    let checks = vec![
        Check::either(
            "state allows it",
            run.is_some_and(|r| r.status == AppStatus::Running),
            "the job and all its tasks run".to_string(),
            format!(
                "the job is {}: rescale it once it runs",
                run.map_or_else(|| "not running".to_string(), |r| r.status.to_string())
            ),
        ),
        // In place the job keeps the slots it holds and takes the difference from the free ones.
        Check::either(
            "slots",
            parallelism.saturating_sub(from) <= facts.slots_available,
            format!(
                "{} more needed; {} free ({} in all)",
                parallelism.saturating_sub(from),
                facts.slots_available,
                facts.slots_total
            ),
            format!(
                "{} more needed but only {} free ({} in all): the scheduler would keep the job at what it can get — lower the parallelism or add task managers",
                parallelism.saturating_sub(from),
                facts.slots_available,
                facts.slots_total
            ),
        ),
        parallelism_check(facts, parallelism),
    ];
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!(
            "Rescale {} to parallelism {parallelism} in place",
            facts.app
        ),
        changes: vec![
            Change::new("parallelism", from.to_string(), parallelism.to_string()),
            Change::new(
                "job",
                format!("{job_id} running"),
                "the same job, its tasks restarted from their latest checkpoint",
            ),
        ],
        call: OpCall::RescaleJob {
            cluster: facts.cluster.clone(),
            job_id,
            from,
            to: parallelism,
        },
        checks,
        confirmation: if facts.production {
            Confirmation::TypeName
        } else {
            Confirmation::Enter
        },
        follow: Follow::JobRescaled { parallelism },
        gate: true,
        recovery: false,
        done: format!("{} runs at parallelism {parallelism}", facts.app),
        next: None,
        notes: vec![
            "This cluster runs the adaptive scheduler: the job is rescaled in place, without a savepoint; it pauses while its tasks restart from their latest checkpoint, after the scheduler's cooldown (jobmanager.adaptive-scheduler.scaling-interval.min).".to_string(),
            "An in-place rescale is not a new version: the Overview shows the live parallelism; :scale again goes back.".to_string(),
        ],
    }
}

/// The same jar at another parallelism, through a savepoint: the job restarts from it.
fn rescale_through_savepoint(facts: &DeployFacts, parallelism: u32) -> Result<OpPlan, String> {
    let Some((_, running)) = running_version(facts) else {
        return Err(format!(
            "{}'s running job was not deployed by kinetic, so its jar and arguments are not known and this cluster (no adaptive scheduler) rescales through a redeploy: deploy it once with :deploy JAR -p {parallelism} -- ARGS",
            facts.app
        ));
    };
    let checks = vec![
        running_check(facts),
        directory_check(facts),
        slots_check(facts, parallelism),
        parallelism_check(facts, parallelism),
    ];
    let from = facts.run.as_ref().map_or(0, |r| r.parallelism);
    let request = JobDeploy {
        kind: DeployKind::Rescale,
        cluster: facts.cluster.clone(),
        job_name: facts.job_name.clone(),
        running_job: facts.run.as_ref().map(|r| r.job_id.clone()),
        jar: Jar::Uploaded {
            id: running.jar_id.clone(),
            name: running.jar_name.clone(),
        },
        entry_class: running.entry_class.clone(),
        args: running.args.clone(),
        parallelism,
        allow_non_restored_state: false,
        from: StartFrom::StopWithSavepoint,
    };
    let next = facts.versions.len() + 1;
    Ok(OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!("Rescale {} to parallelism {parallelism}", facts.app),
        changes: vec![
            Change::new("parallelism", from.to_string(), parallelism.to_string()),
            Change::new(
                "job",
                "running",
                "stopped with a savepoint, run again from it (a restart)",
            ),
        ],
        call: OpCall::DeployJob(Box::new(request)),
        checks,
        // A deployment restarts the job: the typed name, on any cluster.
        confirmation: Confirmation::TypeName,
        follow: Follow::JobRunning,
        gate: true,
        recovery: false,
        done: format!("{} runs at parallelism {parallelism} (version {next})", facts.app),
        next: None,
        notes: vec![
            "This cluster does not run the adaptive scheduler, so the job is rescaled through a savepoint: it stops, and runs again from the savepoint at the new parallelism (a restart; records are read again from the savepoint's positions).".to_string(),
        ],
    })
}

/// The way back from a failing version kinetic deployed: the version before it, run from the
/// savepoint taken when the failing version was deployed (never one of the failing version),
/// the failing run cancelled first.
pub fn way_back(facts: &DeployFacts) -> Result<OpPlan, String> {
    let app = &facts.app;
    let current = running_version(facts);
    let previous = current.and_then(|(v, _)| v.checked_sub(1).filter(|p| *p > 0));
    let target = previous.and_then(|p| facts.versions.get(p - 1));
    let from = current.and_then(|(_, d)| d.started_from.clone());
    let (Some((version, failing)), Some(p), Some(t)) = (current, previous, target) else {
        return Err(match current {
            None => format!(
                "{app}'s running job was not deployed by kinetic, so the version before it is not known: there is no way back to plan (X stops it with a savepoint; :deploy runs a jar you name)"
            ),
            Some((v, _)) => format!(
                "version {v} is the first kinetic deployed of {app}: there is nothing older to go back to (:deploy runs a jar you name)"
            ),
        });
    };
    let mut checks = vec![Check::pass(
        "version to go back to",
        format!("version {p}: {}", t.jar_name),
    )];
    let savepoint_check = match &from {
        Some(savepoint) => Check::pass(
            "savepoint",
            format!("{savepoint}: taken when version {version} was deployed, before it ran"),
        ),
        None => Check::warn(
            DESTRUCTIVE,
            "the failing version started without a savepoint: the version before starts with empty state",
        ),
    };
    checks.push(savepoint_check);
    checks.push(slots_check(facts, t.parallelism));
    checks.push(Check::warn(
        "failing run",
        "cancelled first, without a savepoint: what it did since it was deployed is not kept, and its input is read again from the savepoint's positions",
    ));
    let mut notes = vec!["What is wrong:".to_string()];
    notes.push(format!(
        "  {} is {}{}",
        app,
        facts
            .run
            .as_ref()
            .map_or_else(|| "not running".to_string(), |r| r.status.to_string()),
        facts
            .run
            .as_ref()
            .filter(|r| r.restarts > 0)
            .map(|r| format!(
                ", {} failure{} in its exception history",
                r.restarts,
                if r.restarts == 1 { "" } else { "s" }
            ))
            .unwrap_or_default()
    ));
    if let Some(root) = facts.run.as_ref().and_then(|r| r.root_exception.as_ref()) {
        notes.push(format!("  root exception: {root}"));
    }
    notes.push(format!("What changed from version {p} to {version}:"));
    let before = t.as_version(p, false, None, "");
    let after = failing.as_version(version, true, None, "");
    for row in diff(&before, &after).into_iter().filter(|r| r.changed) {
        // Which run and which savepoint differ for every version: not what changed.
        if row.field == "version"
            || row.field.ends_with("job id")
            || row.field.ends_with("ended with")
            || row.field.ends_with("started from")
        {
            continue;
        }
        notes.push(format!("  {}: {} → {}", row.field, row.before, row.after));
    }
    let next = facts.versions.len() + 1;
    let request = JobDeploy {
        kind: DeployKind::Rollback,
        cluster: facts.cluster.clone(),
        job_name: facts.job_name.clone(),
        running_job: facts
            .run
            .as_ref()
            .filter(|_| facts.run_is_live())
            .map(|r| r.job_id.clone()),
        jar: Jar::Uploaded {
            id: t.jar_id.clone(),
            name: t.jar_name.clone(),
        },
        entry_class: t.entry_class.clone(),
        args: t.args.clone(),
        parallelism: t.parallelism,
        allow_non_restored_state: false,
        from: StartFrom::CancelThenSavepoint(from.clone().unwrap_or_default()),
    };
    Ok(OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Roll {app} back to version {p}"),
        changes: vec![
            Change::new(
                "jar",
                version_text(Some(failing), Some(version)),
                version_text(Some(t), Some(p)),
            ),
            Change::new(
                "state",
                "the failing run's",
                from.clone().unwrap_or_else(|| "empty".to_string()),
            ),
        ],
        call: OpCall::DeployJob(Box::new(request)),
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::JobRunning,
        gate: true,
        recovery: true,
        done: format!("{app} runs version {p} again (recorded as version {next})"),
        next: None,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deployment::{ClusterJar, LiveRun, Replaced};
    use crate::domain::time::from_epoch_secs;

    fn version(job_id: &str, jar: &str, started_from: Option<&str>) -> Deployment {
        Deployment {
            at: from_epoch_secs(1_800_000_000),
            kind: DeployKind::Deploy,
            cluster: "local".into(),
            job_name: "keyed-counter".into(),
            job_id: job_id.into(),
            jar_name: jar.into(),
            jar_id: format!("id_{jar}"),
            jar_sha256: Some("aaaaaaaaaaaaaaaaaaaa".into()),
            entry_class: None,
            args: vec!["200".into(), "16".into()],
            parallelism: 1,
            allow_non_restored_state: false,
            started_from: started_from.map(str::to_string),
            replaced: Replaced::Nothing,
        }
    }

    fn facts(status: AppStatus, versions: Vec<Deployment>) -> DeployFacts {
        DeployFacts {
            app: "keyed-counter@local".into(),
            cluster: "local".into(),
            job_name: "keyed-counter".into(),
            run: Some(LiveRun {
                job_id: versions.last().map_or("ext".into(), |d| d.job_id.clone()),
                status,
                parallelism: 1,
                restarts: 7,
                root_exception: Some("IllegalStateException: boom".into()),
                last_savepoint: None,
            }),
            jars: vec![ClusterJar {
                id: "id_keyed-counter.jar".into(),
                name: "keyed-counter.jar".into(),
                uploaded: None,
                entry: vec!["KeyedCounter".into()],
            }],
            slots_total: 4,
            slots_available: 3,
            adaptive: false,
            savepoint_dir: Some("file:/sp".into()),
            versions,
            production: false,
            at: from_epoch_secs(1_800_000_000),
        }
    }

    #[test]
    fn the_command_line_reads_jar_options_and_arguments() {
        let choice =
            parse("./job.jar -p 2 -c com.Main --allow-non-restored-state -- 200 16 0").unwrap();
        assert_eq!(choice.jar, "./job.jar");
        assert_eq!(choice.parallelism, Some(2));
        assert_eq!(choice.entry_class.as_deref(), Some("com.Main"));
        assert!(choice.allow_non_restored_state);
        assert_eq!(
            choice.args,
            Some(vec!["200".into(), "16".into(), "0".into()])
        );
        assert_eq!(parse("job.jar").unwrap().args, None);
        assert_eq!(parse("job.jar --").unwrap().args, Some(Vec::new()));
        assert!(parse("").is_err());
        assert!(parse("job.jar -p 0").is_err());
        assert!(parse("job.jar -x").is_err());
        assert!(parse("a.jar b.jar").is_err());
    }

    #[test]
    fn a_deploy_asking_for_more_slots_than_free_is_refused_before_any_call() {
        let facts = facts(
            AppStatus::Running,
            vec![version("v1", "keyed-counter.jar", None)],
        );
        let choice = parse("keyed-counter.jar -p 5").unwrap();
        let plan = deploy(&facts, &choice, None);
        assert!(!plan.runnable());
        let slots = plan.checks.iter().find(|c| c.name == "slots").unwrap();
        assert!(
            slots.detail.contains("5 needed but only 4 free"),
            "{}",
            slots.detail
        );
        let fits = deploy(&facts, &parse("keyed-counter.jar -p 4").unwrap(), None);
        assert!(fits.runnable(), "{:?}", fits.checks);
        assert_eq!(fits.confirmation, Confirmation::TypeName);
        // Arguments not given are the running version's.
        let OpCall::DeployJob(request) = &fits.call else {
            panic!("not a deploy")
        };
        assert_eq!(request.args, vec!["200".to_string(), "16".to_string()]);
        assert!(!deploy(&facts, &parse("missing.jar").unwrap(), None).runnable());
        let restarting = self::facts(
            AppStatus::Other("RESTARTING".into()),
            vec![version("v1", "keyed-counter.jar", None)],
        );
        assert!(!deploy(&restarting, &choice, None).runnable());
    }

    #[test]
    fn the_way_back_runs_the_version_before_from_the_savepoint_taken_when_the_failing_one_was_deployed()
     {
        let facts = facts(
            AppStatus::Other("RESTARTING".into()),
            vec![
                version("v1", "keyed-counter.jar", None),
                version(
                    "v2",
                    "keyed-counter-broken.jar",
                    Some("file:/sp/savepoint-1"),
                ),
            ],
        );
        let plan = way_back(&facts).unwrap();
        assert!(plan.runnable(), "{:?}", plan.checks);
        assert!(plan.recovery && plan.gate && plan.needs_name());
        let OpCall::DeployJob(request) = &plan.call else {
            panic!("not a deploy")
        };
        assert_eq!(
            request.from,
            StartFrom::CancelThenSavepoint("file:/sp/savepoint-1".into())
        );
        assert_eq!(request.jar.name(), "keyed-counter.jar");
        assert_eq!(request.running_job.as_deref(), Some("v2"));
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("code key: keyed-counter.jar → keyed-counter-broken.jar")),
            "{:?}",
            plan.notes
        );
        assert!(plan.notes.iter().any(|n| n.contains("7 failures")));
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("root exception: IllegalStateException: boom"))
        );
        // Nothing kinetic deployed before: no way back.
        let first = self::facts(
            AppStatus::Running,
            vec![version("v1", "keyed-counter.jar", None)],
        );
        let refused = way_back(&first).unwrap_err();
        assert!(refused.contains("version 1 is the first"), "{refused}");
        let external = self::facts(AppStatus::Running, Vec::new());
        let refused = way_back(&external).unwrap_err();
        assert!(refused.contains("not deployed by kinetic"), "{refused}");
    }

    #[test]
    fn a_stopped_job_is_deployed_from_the_savepoint_it_stopped_with() {
        let mut stopped = facts(
            AppStatus::Other("FINISHED".into()),
            vec![version("v1", "keyed-counter.jar", None)],
        );
        if let Some(run) = stopped.run.as_mut() {
            run.last_savepoint = Some("file:/sp/stop-1".into());
        }
        let plan = deploy(&stopped, &parse("keyed-counter.jar").unwrap(), None);
        assert!(plan.runnable(), "{:?}", plan.checks);
        let OpCall::DeployJob(request) = &plan.call else {
            panic!("not a deploy")
        };
        assert_eq!(request.running_job, None, "nothing to stop");
        assert_eq!(
            request.from,
            StartFrom::CancelThenSavepoint("file:/sp/stop-1".into())
        );
        // Without a savepoint it starts empty: said, DESTRUCTIVE.
        if let Some(run) = stopped.run.as_mut() {
            run.last_savepoint = None;
        }
        let empty = deploy(&stopped, &parse("keyed-counter.jar").unwrap(), None);
        assert!(empty.runnable() && empty.destructive());
    }

    #[test]
    fn a_rescale_is_in_place_under_the_adaptive_scheduler_and_through_a_savepoint_otherwise() {
        let recorded = vec![version("v1", "keyed-counter.jar", None)];
        let through = rescale(&facts(AppStatus::Running, recorded.clone()), 2).unwrap();
        assert!(through.runnable(), "{:?}", through.checks);
        assert!(
            matches!(&through.call, OpCall::DeployJob(r) if r.kind == DeployKind::Rescale && r.parallelism == 2)
        );
        assert!(through.needs_name());
        let adaptive = DeployFacts {
            adaptive: true,
            ..facts(AppStatus::Running, recorded)
        };
        let in_place = rescale(&adaptive, 2).unwrap();
        assert!(in_place.runnable(), "{:?}", in_place.checks);
        assert_eq!(
            in_place.call,
            OpCall::RescaleJob {
                cluster: "local".into(),
                job_id: "v1".into(),
                from: 1,
                to: 2
            }
        );
        assert_eq!(in_place.follow, Follow::JobRescaled { parallelism: 2 });
        assert!(!rescale(&adaptive, 1).unwrap().runnable(), "already at 1");
        assert!(
            !rescale(&adaptive, 9).unwrap().runnable(),
            "more slots than there are"
        );
        // Through a savepoint needs the jar kinetic deployed.
        let external = facts(AppStatus::Running, Vec::new());
        let refused = rescale(&external, 2).unwrap_err();
        assert!(refused.contains("not deployed by kinetic"), "{refused}");
    }
}

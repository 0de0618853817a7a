//! What the operator asks of a self-managed Flink job (a deploy, a rescale, the way back) and the deploy's plan over what the cluster and kinetic's deployment record say; the rescale and the way back have plans of their own.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
pub use super::job_deploy_checks::{LocalJar, is_local};
use super::job_deploy_checks::{
    StateSource, claim_check, directory_check, non_restored_check, resolve_jar, running_version,
    shown_args, slots_check, state_source, version_text,
};
pub use super::job_rescale_plan::rescale;
pub use super::job_way_back_plan::{NoWayBack, way_back};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::deployment::{DeployFacts, DeployKind, Jar, JobDeploy, OriginalRun, StartFrom};
use std::path::PathBuf;

/// What the operator asked of a self-managed job, kept apart from the plan: planned once the
/// cluster's facts are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobIntent {
    Deploy(DeployChoice),
    Rescale(u32),
    /// The way back; the jar version 0 ran, when it is named (`:rollback APP --jar JAR`).
    WayBack(Option<String>),
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

    /// The plan, or why there is none to make (no way back to go, or version 0's jar to name).
    pub fn plan(&self, facts: &DeployFacts, local: Option<&LocalJar>) -> Result<OpPlan, NoWayBack> {
        Ok(match self {
            Self::Deploy(choice) => deploy(facts, choice, local),
            Self::Rescale(parallelism) => {
                return rescale(facts, *parallelism).map_err(NoWayBack::Said);
            }
            Self::WayBack(jar) => return way_back(facts, jar.as_deref()),
            Self::Pick => return Err(NoWayBack::Said("pick a jar first".to_string())),
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
    /// `--from-savepoint`: start from this state, cancelling the running job (for every case
    /// the guided way back does not cover).
    pub from: Option<FromState>,
    /// `--was JAR|unknown`: the jar the running job runs, when kinetic did not deploy it.
    pub was: Option<String>,
}

/// The state `--from-savepoint` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FromState {
    /// A savepoint's (or a retained checkpoint's) path.
    Path(String),
    /// The newest retained checkpoint of the job's run.
    LatestCheckpoint,
}

/// The `:deploy` syntax, for messages.
pub const USAGE: &str = ":deploy JAR [-p PARALLELISM] [-c ENTRY_CLASS] [--allow-non-restored-state] [--from-savepoint PATH|latest-checkpoint] [--was JAR|unknown] [-- ARGS...]";

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
            "--was" => {
                let value = words
                    .next()
                    .ok_or("--was needs the jar the running job runs, or unknown")?;
                choice.was = Some(value.to_string());
            }
            "--from-savepoint" => {
                let value = words
                    .next()
                    .ok_or("--from-savepoint needs a savepoint's path, or latest-checkpoint")?;
                choice.from = Some(if value == "latest-checkpoint" {
                    FromState::LatestCheckpoint
                } else {
                    FromState::Path(value.to_string())
                });
            }
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

/// The state `--from-savepoint` names: the running job (when one is live) is cancelled, not
/// stopped with a savepoint, and the jar runs from that state.
fn named_state(facts: &DeployFacts, from: &FromState) -> StateSource {
    let live = facts.run.as_ref().filter(|_| facts.run_is_live());
    let path = match from {
        FromState::Path(path) => Some(path.clone()),
        FromState::LatestCheckpoint => facts.run.as_ref().and_then(|r| r.latest_checkpoint.clone()),
    };
    let Some(path) = path else {
        return StateSource {
            from: StartFrom::CancelThenSavepoint(String::new()),
            stops: live.map(|r| r.job_id.clone()),
            check: Check::fail(
                "savepoint",
                format!(
                    "{} has no retained checkpoint to start from (execution.checkpointing.externalized-checkpoint-retention keeps them): name a savepoint's path instead",
                    facts
                        .run
                        .as_ref()
                        .map_or_else(|| facts.job_name.clone(), |r| format!("job {}", r.job_id))
                ),
            ),
            before: "—".to_string(),
            after: "—".to_string(),
        };
    };
    let check = match live {
        Some(run) => Check::warn(
            DESTRUCTIVE,
            format!(
                "job {} is cancelled first, without a savepoint: what it did since {path} was taken is not kept, and its input is read again from that state's positions",
                run.job_id
            ),
        ),
        None => Check::pass("savepoint", format!("{path}, named with --from-savepoint")),
    };
    StateSource {
        from: StartFrom::CancelThenSavepoint(path.clone()),
        stops: live.map(|r| r.job_id.clone()),
        check,
        before: live.map_or_else(
            || "none running".to_string(),
            |_| "in the running job".to_string(),
        ),
        after: format!("{path}, restored by the new run"),
    }
}

/// The run a first deployment replaces, when kinetic did not deploy it: recorded as version 0
/// (with the jar `--was` names, when it names one) once the stop's savepoint is taken, so that
/// B can bring it back.
fn original_run(
    facts: &DeployFacts,
    choice: &DeployChoice,
    state: &StateSource,
) -> (Option<OriginalRun>, Option<Check>) {
    let first = facts.versions.is_empty() && facts.original.is_none();
    let run = facts.run.as_ref().filter(|_| facts.run_is_live());
    let (Some(run), true, StartFrom::StopWithSavepoint) = (run, first, &state.from) else {
        return (None, None);
    };
    let (jar, check) = match choice.was.as_deref() {
        None | Some("unknown") => (
            None,
            Check::warn(
                "version 0",
                format!(
                    "job {} was not deployed by kinetic and the jar it runs is not known: it is recorded as version 0 from the savepoint the stop takes, and B will ask for its jar (name it now with --was JAR)",
                    run.job_id
                ),
            ),
        ),
        Some(typed) if is_local(typed) => (
            Some(Jar::Local {
                path: PathBuf::from(typed),
            }),
            Check::pass(
                "version 0",
                format!(
                    "job {} is recorded as version 0 running {typed} (uploaded when confirmed): B brings it back from the savepoint the stop takes",
                    run.job_id
                ),
            ),
        ),
        Some(typed) => match resolve_jar(facts, typed, None) {
            (Some(jar), _) => {
                let check = Check::pass(
                    "version 0",
                    format!(
                        "job {} is recorded as version 0 running {}: B brings it back from the savepoint the stop takes",
                        run.job_id,
                        jar.name()
                    ),
                );
                (Some(jar), check)
            }
            (None, refused) => (None, Check::fail("version 0", refused.detail)),
        },
    };
    (
        Some(OriginalRun {
            job_id: run.job_id.clone(),
            jar,
            parallelism: run.parallelism,
        }),
        Some(check),
    )
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
    let state = match &choice.from {
        Some(from) => named_state(facts, from),
        None => state_source(facts),
    };
    let mut checks = vec![jar_check, state.check.clone()];
    let stops_with_savepoint = state.stops.is_some() && state.from == StartFrom::StopWithSavepoint;
    if stops_with_savepoint {
        checks.push(directory_check(facts));
    }
    checks.extend(args_check);
    checks.push(slots_check(facts, parallelism));
    checks.push(non_restored_check(choice.allow_non_restored_state));
    if state.after != "empty" {
        checks.push(claim_check(facts));
    }
    let (original, original_check) = original_run(facts, choice, &state);
    checks.extend(original_check);
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
        claim_field: facts.claim_field(),
        original: original.clone(),
        has_way_back: original.is_some() || current.is_some(),
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
            stops_with_savepoint.then(|| {
                "The job stops with a savepoint first; if the savepoint fails, nothing else happens and the job keeps running.".to_string()
            }),
            Some(match (&original, current) {
                (Some(_), _) => format!(
                    "Recorded as version {next} in kinetic's deployments (beside the audit log), and the run it replaces as version 0: B goes back to it from the savepoint the stop takes."
                ),
                (None, Some((v, _))) => format!(
                    "Recorded as version {next} in kinetic's deployments (beside the audit log); B goes back to version {v}."
                ),
                (None, None) => format!(
                    "Recorded as version {next} in kinetic's deployments (beside the audit log); there is no earlier version for B to go back to."
                ),
            }),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AppStatus;
    use crate::ops::job_plan_fixtures::{facts, version};
    use crate::ops::plan::Confirmation;

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
    fn a_first_deploy_over_a_run_kinetic_did_not_deploy_records_it_as_version_0() {
        let outside = facts(AppStatus::Running, vec![]);
        let unknown = deploy(&outside, &parse("new.jar -- 1").unwrap(), None);
        let OpCall::DeployJob(request) = &unknown.call else {
            panic!("not a deploy")
        };
        let original = request.original.as_ref().unwrap();
        assert_eq!(
            (original.job_id.as_str(), original.jar.clone()),
            ("ext", None)
        );
        assert!(request.has_way_back);
        let check = unknown
            .checks
            .iter()
            .find(|c| c.name == "version 0")
            .unwrap();
        assert!(
            check.detail.contains("B will ask for its jar"),
            "{}",
            check.detail
        );
        assert!(
            unknown
                .notes
                .iter()
                .any(|n| n.contains("the run it replaces as version 0")),
            "{:?}",
            unknown.notes
        );
        // Named with --was: a jar on the cluster.
        let named = deploy(
            &outside,
            &parse("new.jar --was keyed-counter.jar -- 1").unwrap(),
            None,
        );
        let OpCall::DeployJob(request) = &named.call else {
            panic!("not a deploy")
        };
        assert_eq!(
            request
                .original
                .as_ref()
                .and_then(|o| o.jar.as_ref())
                .map(Jar::name),
            Some("keyed-counter.jar".to_string())
        );
        assert!(!deploy(&outside, &parse("new.jar --was nowhere.jar").unwrap(), None).runnable());
    }

    #[test]
    fn a_job_deployed_on_an_empty_cluster_promises_no_way_back() {
        let mut empty = facts(AppStatus::Running, vec![]);
        empty.run = None;
        let plan = deploy(&empty, &parse("keyed-counter.jar -- 1").unwrap(), None);
        let OpCall::DeployJob(request) = &plan.call else {
            panic!("not a deploy")
        };
        assert!(!request.has_way_back && request.original.is_none());
        assert!(
            plan.notes
                .iter()
                .any(|n| n.contains("no earlier version for B")),
            "{:?}",
            plan.notes
        );
    }
}

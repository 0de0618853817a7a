//! What the operator asks of a self-managed Flink job (a deploy, a rescale, the way back) and the deploy's plan over what the cluster and kinetic's deployment record say; the rescale and the way back have plans of their own.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
pub use super::job_deploy_checks::{LocalJar, is_local};
use super::job_deploy_checks::{
    StateSource, claim_check, directory_check, non_restored_check, resolve_jar, running_version,
    shown_args, slots_check, state_source, version_text,
};
pub use super::job_deploy_choice::{DeployChoice, FromState, USAGE, parse};
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
    let check = match (live, from) {
        (Some(run), FromState::LatestCheckpoint) => Check::warn(
            DESTRUCTIVE,
            format!(
                "job {} is cancelled first, without a savepoint, and runs again from its newest retained checkpoint at that moment ({path} now): what it did since is not kept, and its input is read again from that checkpoint's positions",
                run.job_id
            ),
        ),
        (Some(run), FromState::Path(_)) => Check::warn(
            DESTRUCTIVE,
            format!(
                "job {} is cancelled first, without a savepoint: what it did since {path} was taken is not kept, and its input is read again from that state's positions",
                run.job_id
            ),
        ),
        (None, _) => Check::pass("savepoint", format!("{path}, named with --from-savepoint")),
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

/// A new job (`--cluster`) is started only where no job of its name runs: deploying over one
/// is a deploy from its row, which keeps its state.
fn new_job_check(facts: &DeployFacts) -> Check {
    match facts.run.as_ref().filter(|_| facts.run_is_live()) {
        Some(run) => Check::fail(
            "new job",
            format!(
                "a job named {} already runs on {} (job {}): deploy over it from its row, which stops it with a savepoint and keeps its state",
                facts.job_name, facts.cluster, run.job_id
            ),
        ),
        None => Check::pass(
            "new job",
            format!(
                "{} on {}: before anything runs, kinetic checks that the jar's program names its job so",
                facts.job_name, facts.cluster
            ),
        ),
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
    let new_job = choice.cluster.is_some();
    let state = match &choice.from {
        Some(from) => named_state(facts, from),
        None if new_job && facts.run.is_none() => StateSource {
            from: StartFrom::StopWithSavepoint,
            stops: None,
            check: Check::pass("state", "none: a new job starts with empty state"),
            before: "none".to_string(),
            after: "empty".to_string(),
        },
        None => state_source(facts),
    };
    let mut checks = vec![jar_check, state.check.clone()];
    if new_job {
        checks.push(new_job_check(facts));
    }
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
        new_job: new_job && state.stops.is_none(),
        newest_checkpoint: matches!(choice.from, Some(FromState::LatestCheckpoint))
            && state.stops.is_some(),
    };
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: if new_job {
            format!("Start {jar_name} as the new job {}", facts.app)
        } else {
            format!("Deploy {jar_name} to {}", facts.app)
        },
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

    #[test]
    fn a_new_job_starts_empty_and_is_refused_where_one_of_its_name_runs() {
        let mut empty = facts(AppStatus::Running, Vec::new());
        empty.run = None;
        let choice = parse("keyed-counter.jar --cluster local -- 1").unwrap();
        let plan = deploy(&empty, &choice, None);
        assert!(plan.runnable(), "{:?}", plan.checks);
        assert!(!plan.destructive(), "{:?}", plan.checks);
        assert_eq!(
            plan.title,
            "Start keyed-counter.jar as the new job keyed-counter@local"
        );
        let OpCall::DeployJob(request) = &plan.call else {
            panic!("not a deploy")
        };
        assert!(request.new_job);
        assert_eq!(request.running_job, None);
        assert!(!request.has_way_back);
        let running = facts(AppStatus::Running, Vec::new());
        let refused = deploy(&running, &choice, None);
        assert!(!refused.runnable());
        assert!(
            refused
                .checks
                .iter()
                .any(|c| c.name == "new job" && c.detail.contains("already runs on local")),
            "{:?}",
            refused.checks
        );
    }
}

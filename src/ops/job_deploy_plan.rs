//! What the operator asks of a self-managed Flink job (a deploy, a rescale, the way back) and the deploy's plan over what the cluster and kinetic's deployment record say; the rescale and the way back have plans of their own.
use super::call::OpCall;
use super::checks::Check;
pub use super::job_deploy_checks::{LocalJar, is_local};
use super::job_deploy_checks::{
    claim_check, directory_check, non_restored_check, resolve_jar, running_version, shown_args,
    slots_check, state_source, version_text,
};
pub use super::job_rescale_plan::rescale;
pub use super::job_way_back_plan::way_back;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::deployment::{DeployFacts, DeployKind, Jar, JobDeploy};
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
    if state.after != "empty" {
        checks.push(claim_check(facts));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AppStatus;
    use crate::domain::deployment::Deployment;
    use crate::domain::deployment::StartFrom;
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
            flink_version: "1.20.5".into(),
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

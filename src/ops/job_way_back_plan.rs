//! The way back from a failing version of a self-managed job: the version before it, run from the savepoint taken when the failing version was deployed, the failing run cancelled first; the dialog says what is wrong and what changed.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::job_deploy_checks::{is_local, resolve_jar, running_version, slots_check, version_text};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::deployment::{DeployFacts, DeployKind, Jar, JobDeploy, StartFrom};
use crate::domain::version_diff::diff;

/// Why no way back is planned: a sentence, or the jar version 0 ran is to be named first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoWayBack {
    Said(String),
    /// Version 0's jar was not recorded: the operator names it (`:rollback APP --jar JAR`).
    NeedsJar(String),
}

impl NoWayBack {
    pub fn sentence(&self) -> &str {
        match self {
            Self::Said(s) | Self::NeedsJar(s) => s,
        }
    }
}

/// The way back from a failing version kinetic deployed: the version before it — version 0,
/// the run kinetic found, when the failing one is the first it deployed — run from the
/// savepoint taken when the failing version was deployed (never one of the failing version),
/// the failing run cancelled first. `jar` is the jar version 0 ran, when it is named now.
pub fn way_back(facts: &DeployFacts, jar: Option<&str>) -> Result<OpPlan, NoWayBack> {
    let app = &facts.app;
    let current = running_version(facts);
    let previous = current.and_then(|(v, _)| v.checked_sub(1));
    let target = previous.and_then(|p| match p {
        0 => facts.original.as_ref(),
        p => facts.versions.get(p - 1),
    });
    let from = current.and_then(|(_, d)| d.started_from.clone());
    let (Some((version, failing)), Some(p), Some(t)) = (current, previous, target) else {
        return Err(NoWayBack::Said(match current {
            None => format!(
                "{app}'s running job was not deployed by kinetic, so the version before it is not known: there is no way back to plan (X stops it with a savepoint; :deploy JAR --from-savepoint PATH runs a jar from the state you name)"
            ),
            Some((v, _)) => format!(
                "version {v} is the first kinetic deployed of {app}, over no run it could record: there is nothing older to go back to (:deploy JAR --from-savepoint PATH runs a jar from the state you name)"
            ),
        }));
    };
    // Version 0's jar: as recorded, or as named now; else it is asked for.
    let target_jar = match (jar, t.jar_known()) {
        (Some(typed), _) if is_local(typed) => Jar::Local {
            path: std::path::PathBuf::from(typed),
        },
        (Some(typed), _) => match resolve_jar(facts, typed, None) {
            (Some(jar), _) => jar,
            (None, refused) => return Err(NoWayBack::NeedsJar(refused.detail)),
        },
        (None, true) => Jar::Uploaded {
            id: t.jar_id.clone(),
            name: t.jar_name.clone(),
        },
        (None, false) => {
            return Err(NoWayBack::NeedsJar(format!(
                "version 0 of {app} (job {}, which kinetic found running) was recorded without its jar: name it — a jar on the cluster or a local path — and enter",
                t.job_id
            )));
        }
    };
    let mut checks = vec![Check::pass(
        "version to go back to",
        format!("version {p}: {}", target_jar.name()),
    )];
    // Flink does not tell a run's arguments: version 0's are not known.
    let args = if p == 0 {
        checks.push(Check::warn(
            "arguments",
            format!(
                "version 0's are not known (Flink does not tell them): it runs with version {version}'s, {}",
                if failing.args.is_empty() {
                    "none".to_string()
                } else {
                    failing.args.join(" ")
                }
            ),
        ));
        failing.args.clone()
    } else {
        t.args.clone()
    };
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
    if from.is_some() {
        checks.push(super::job_deploy_checks::claim_check(facts));
    }
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
        jar: target_jar.clone(),
        entry_class: t.entry_class.clone(),
        args,
        parallelism: t.parallelism,
        allow_non_restored_state: false,
        from: StartFrom::CancelThenSavepoint(from.clone().unwrap_or_default()),
        claim_field: facts.claim_field(),
        original: None,
        has_way_back: true,
        new_job: false,
        newest_checkpoint: false,
    };
    Ok(OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Roll {app} back to version {p}"),
        changes: vec![
            Change::new(
                "jar",
                version_text(Some(failing), Some(version)),
                if p == 0 {
                    format!("version 0: {}", target_jar.name())
                } else {
                    version_text(Some(t), Some(p))
                },
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
    use crate::domain::AppStatus;
    use crate::domain::deployment::Replaced;
    use crate::ops::job_plan_fixtures::{facts, version};

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
        let plan = way_back(&facts, None).unwrap();
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
        let refused = way_back(&first, None).unwrap_err();
        assert!(
            refused.sentence().contains("version 1 is the first"),
            "{refused:?}"
        );
        let external = self::facts(AppStatus::Running, Vec::new());
        let refused = way_back(&external, None).unwrap_err();
        assert!(
            refused.sentence().contains("not deployed by kinetic"),
            "{refused:?}"
        );
    }

    #[test]
    fn the_way_back_from_the_first_deploy_asks_for_version_0s_jar_when_it_was_not_named() {
        let mut first = version("v1", "new.jar", Some("file:/sp/stop-ext"));
        first.replaced = Replaced::StoppedWithSavepoint {
            job_id: "ext".into(),
            savepoint: "file:/sp/stop-ext".into(),
        };
        let mut failing = facts(AppStatus::Other("RESTARTING".into()), vec![first]);
        let mut original = version("ext", crate::domain::deployment::UNKNOWN_JAR, None);
        original.kind = DeployKind::Original;
        failing.original = Some(original.clone());
        let asked = way_back(&failing, None).unwrap_err();
        assert!(matches!(asked, NoWayBack::NeedsJar(_)), "{asked:?}");
        let plan = way_back(&failing, Some("keyed-counter.jar")).unwrap();
        assert!(plan.runnable(), "{:?}", plan.checks);
        let OpCall::DeployJob(request) = &plan.call else {
            panic!("not a deploy")
        };
        assert_eq!(
            request.from,
            StartFrom::CancelThenSavepoint("file:/sp/stop-ext".into())
        );
        assert_eq!(request.jar.name(), "keyed-counter.jar");
        assert!(plan.title.ends_with("back to version 0"), "{}", plan.title);
        // Recorded with its jar: nothing to ask.
        original.jar_name = "keyed-counter.jar".into();
        failing.original = Some(original);
        assert!(way_back(&failing, None).is_ok());
    }
}

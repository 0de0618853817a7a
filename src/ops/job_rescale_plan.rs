//! Rescaling a self-managed job: in place under the adaptive scheduler, else the same jar again through a savepoint; the dialog says which, and what it costs.
use super::call::OpCall;
use super::checks::Check;
use super::job_deploy_checks::{
    claim_check, directory_check, running_check, running_version, slots_check,
};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::AppStatus;
use crate::domain::deployment::{DeployFacts, DeployKind, Jar, JobDeploy, StartFrom};

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
        claim_check(facts),
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
        claim_field: facts.claim_field(),
        original: None,
        has_way_back: true,
        new_job: false,
        newest_checkpoint: false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AppStatus;
    use crate::ops::job_plan_fixtures::{facts, version};

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

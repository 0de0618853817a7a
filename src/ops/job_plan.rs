//! Changes to a self-managed Flink job through its cluster's REST API: a savepoint, a stop with a savepoint (optionally draining), and a cancel, which saves nothing.
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::AppStatus;
use crate::domain::job_view::CheckpointRun;

/// What a plan for a self-managed job is made from (read with the job, just before).
#[derive(Debug, Clone, PartialEq)]
pub struct JobFacts {
    /// `job@cluster`, as the applications list names it.
    pub app: String,
    pub cluster: String,
    pub job_id: String,
    pub status: AppStatus,
    /// Changes need the typed name on a production cluster.
    pub production: bool,
    /// The newest completed checkpoint the job view showed, when it did.
    pub last_checkpoint: Option<CheckpointRun>,
}

impl JobFacts {
    fn confirmation(&self, otherwise: Confirmation) -> Confirmation {
        if self.production {
            Confirmation::TypeName
        } else {
            otherwise
        }
    }

    fn running(&self, what: &str) -> Check {
        Check::either(
            "state allows it",
            self.status == AppStatus::Running,
            format!("the job and all its tasks run: {what} can be taken"),
            format!(
                "the job is {}; Flink takes {what} only while the job and all its tasks run",
                self.status
            ),
        )
    }

    /// The job as the dialog names it.
    fn job(&self) -> String {
        if self.job_id.is_empty() {
            "(id not known)".to_string()
        } else {
            self.job_id.clone()
        }
    }

    fn job_known(&self) -> Check {
        Check::either(
            "job id",
            !self.job_id.is_empty(),
            format!("job {}", self.job_id),
            "the job's id is not known yet: wait for the application to be described",
        )
    }
}

/// A savepoint into the cluster's savepoint directory; confirmed with Enter (nothing running
/// changes), followed by its trigger id until it completes with a location.
pub fn savepoint(facts: &JobFacts) -> OpPlan {
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!("Take a savepoint of {}", facts.app),
        changes: vec![Change::new(
            "savepoints",
            "—",
            format!("+ one of job {} on {}", facts.job(), facts.cluster),
        )],
        call: OpCall::TriggerSavepoint {
            cluster: facts.cluster.clone(),
            job_id: facts.job_id.clone(),
        },
        checks: vec![facts.job_known(), facts.running("a savepoint")],
        confirmation: facts.confirmation(Confirmation::Enter),
        follow: Follow::Savepoint {
            job_id: facts.job_id.clone(),
        },
        gate: false,
        recovery: false,
        done: format!("savepoint of {} completed", facts.app),
        next: None,
        notes: vec![
            "Flink reports a failed savepoint as COMPLETED with a cause: kinetic says it failed."
                .to_string(),
        ],
    }
}

/// Stop with a savepoint (graceful): the job ends FINISHED and its state is in the savepoint.
/// `drain` flushes event time to the end first, firing every timer and window: for a job that
/// will not be restarted from it.
pub fn stop(facts: &JobFacts, drain: bool) -> OpPlan {
    let mut checks = vec![facts.job_known(), facts.running("a stop with savepoint")];
    if drain {
        checks.push(Check::warn(
            "drain",
            "drain fires every timer and window as if the input had ended: restarting from this savepoint may emit results twice",
        ));
    }
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!("Stop {} with a savepoint", facts.app),
        changes: vec![Change::new(
            "job",
            format!("{} {}", facts.job(), facts.status),
            "FINISHED, its state in a new savepoint",
        )],
        call: OpCall::StopJob {
            cluster: facts.cluster.clone(),
            job_id: facts.job_id.clone(),
            drain,
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::Savepoint {
            job_id: facts.job_id.clone(),
        },
        gate: false,
        recovery: false,
        done: format!("{} stopped; its savepoint completed", facts.app),
        next: None,
        notes: vec!["Nothing reads the source until the job is run again.".to_string()],
    }
}

/// Cancel (force): no savepoint; the state since the last checkpoint is lost. DESTRUCTIVE.
pub fn cancel(facts: &JobFacts) -> OpPlan {
    let lost = match &facts.last_checkpoint {
        Some(c) => format!(
            "no savepoint is taken: the state since checkpoint #{} is lost; a restart could use that checkpoint if the cluster retains checkpoints on cancel",
            c.id
        ),
        None => {
            "no savepoint is taken and no completed checkpoint is known: the job's state is lost"
                .to_string()
        }
    };
    OpPlan {
        resource: Resource::Application(facts.app.clone()),
        title: format!("Cancel {}", facts.app),
        changes: vec![Change::new(
            "job",
            format!("{} {}", facts.job(), facts.status),
            "CANCELED, no savepoint",
        )],
        call: OpCall::CancelJob {
            cluster: facts.cluster.clone(),
            job_id: facts.job_id.clone(),
        },
        checks: vec![
            facts.job_known(),
            Check::either(
                "state allows it",
                facts.status.is_live()
                    || matches!(&facts.status, AppStatus::Other(s) if s == "RESTARTING"),
                format!("{} can be cancelled", facts.status),
                format!("the job is {}: there is nothing to cancel", facts.status),
            ),
            Check::warn(DESTRUCTIVE, lost),
        ],
        confirmation: Confirmation::TypeName,
        follow: Follow::JobCancelled,
        gate: false,
        recovery: false,
        done: format!("{} is cancelled", facts.app),
        next: None,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: AppStatus) -> JobFacts {
        JobFacts {
            app: "keyed-counter@prod".into(),
            cluster: "prod".into(),
            job_id: "6cbf8ca48ce522c486e484f272c85920".into(),
            status,
            production: false,
            last_checkpoint: None,
        }
    }

    #[test]
    fn a_savepoint_needs_a_running_job_and_is_confirmed_with_enter_unless_production() {
        let plan = savepoint(&facts(AppStatus::Running));
        assert!(plan.runnable());
        assert_eq!(plan.confirmation, Confirmation::Enter);
        assert_eq!(
            plan.call.text(),
            "POST /jobs/6cbf8ca48ce522c486e484f272c85920/savepoints on prod (the cluster's savepoint directory, cancel-job false)"
        );
        assert!(!savepoint(&facts(AppStatus::Ready)).runnable());
        let production = JobFacts {
            production: true,
            ..facts(AppStatus::Running)
        };
        assert_eq!(savepoint(&production).confirmation, Confirmation::TypeName);
        let unknown = JobFacts {
            job_id: String::new(),
            ..facts(AppStatus::Running)
        };
        assert!(!savepoint(&unknown).runnable());
    }

    #[test]
    fn a_cancel_is_destructive_and_names_the_checkpoint_a_restart_could_use() {
        let with_checkpoint = JobFacts {
            last_checkpoint: Some(CheckpointRun {
                id: 42,
                status: "COMPLETED".into(),
                savepoint: false,
                triggered: chrono::DateTime::default(),
                duration_ms: 10,
                size_bytes: 10,
                restored: false,
            }),
            ..facts(AppStatus::Running)
        };
        let plan = cancel(&with_checkpoint);
        assert!(plan.destructive() && plan.needs_name());
        assert!(
            plan.checks
                .iter()
                .any(|c| c.detail.contains("since checkpoint #42"))
        );
        assert!(!cancel(&facts(AppStatus::Ready)).runnable());
        let stop = stop(&facts(AppStatus::Running), true);
        assert!(stop.runnable() && stop.needs_name());
        assert!(stop.checks.iter().any(|c| c.name == "drain"));
    }
}

//! The way back from a failing Flink application, chosen by rules: RollbackApplication when the
//! application runs and has a snapshot it can restore; otherwise UpdateApplication back to the
//! previous version's code and configuration restoring a snapshot that fits (then a start when it
//! is READY); without any snapshot, that redeploy without restore, flagged DESTRUCTIVE.
use super::app_checks::ready;
use super::lifecycle_plan::runtime_version;
use super::rollback_facts::{RollbackFacts, target_version};
use crate::domain::time::age;
use crate::domain::{AppDetail, AppStatus, OperationStatus, Snapshot, Timestamp};

/// How to go back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// RollbackApplication: the service goes back and restores the latest snapshot.
    Rollback,
    /// UpdateApplication to the target's code and configuration, then StartApplication when the
    /// application is READY.
    Redeploy { then_start: bool },
}

/// What the operator chose in the guide, on top of the rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice {
    #[default]
    Rules,
    /// Redeploy restoring this snapshot.
    Snapshot(String),
    /// The other path the rules offer (after a warning).
    Alternative,
}

/// The way back, said in one sentence with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct WayBack {
    /// None: no way back now, and `sentence` says why.
    pub path: Option<Path>,
    /// What is restored; None restores nothing (DESTRUCTIVE).
    pub snapshot: Option<Snapshot>,
    pub sentence: String,
    pub warnings: Vec<String>,
    /// The other path offered, as its key's hint says it.
    pub alternative: Option<String>,
}

impl WayBack {
    fn refused(sentence: String) -> Self {
        Self {
            path: None,
            snapshot: None,
            sentence,
            warnings: Vec::new(),
            alternative: None,
        }
    }
}

/// The snapshot's runtime is no newer than `runtime`, so it can be restored there.
pub fn fits(snapshot: &Snapshot, runtime: &str) -> bool {
    match (
        snapshot.runtime.as_deref().and_then(runtime_version),
        runtime_version(runtime),
    ) {
        (Some(taken), Some(target)) => taken <= target,
        _ => true,
    }
}

pub(super) fn describe(s: &Snapshot, now: Timestamp) -> String {
    format!(
        "{} (version {}, {}{})",
        s.name,
        s.version_id,
        s.runtime.as_deref().unwrap_or("runtime unknown"),
        s.created
            .map(|t| format!(", {} old", age(t, now)))
            .unwrap_or_default()
    )
}

/// The snapshot a redeploy restores by default: the newest READY one of the target version,
/// else the newest READY one that fits the target's runtime.
fn best_for(target: &AppDetail, snapshots: &[Snapshot]) -> Option<Snapshot> {
    ready(snapshots)
        .find(|s| s.version_id == target.version_id && fits(s, &target.runtime))
        .or_else(|| ready(snapshots).find(|s| fits(s, &target.runtime)))
        .cloned()
}

/// The rules: which way back, restoring what, and why.
pub fn decide(facts: &RollbackFacts, choice: &Choice) -> WayBack {
    let running = &facts.inputs.detail;
    let app = &running.name;
    let now = facts.inputs.at;
    match &running.status {
        AppStatus::Running | AppStatus::Updating | AppStatus::Autoscaling => {}
        AppStatus::Ready => {
            let stopped = facts.inputs.operations.first().is_some_and(|op| {
                op.operation == "StopApplication" && op.status == OperationStatus::Successful
            });
            if stopped {
                return WayBack::refused(format!(
                    "{app} was stopped on purpose (StopApplication); nothing failed to go back from — U starts it"
                ));
            }
        }
        other => {
            return WayBack::refused(format!(
                "{app} is {other}: wait until it settles, then open the guide again"
            ));
        }
    }
    let Some(target_id) = target_version(running) else {
        return WayBack::refused(match (running.rolled_back_from, running.rolled_back_to) {
            (Some(from), Some(to)) => format!(
                "{app} already runs version {to}'s configuration again (rolled back from {from}); there is nothing older to go back to from here"
            ),
            _ => format!(
                "version {} of {app} has no earlier version to go back to",
                running.version_id
            ),
        });
    };
    let Some(target) = &facts.target else {
        return WayBack::refused(format!("version {target_id} of {app} could not be read"));
    };
    let snapshots = &facts.inputs.snapshots;
    let status = &running.status;
    let redeploy_start = *status == AppStatus::Ready;
    let redeploy = |snapshot: Option<Snapshot>, sentence: String, warnings: Vec<String>| WayBack {
        path: Some(Path::Redeploy {
            then_start: redeploy_start,
        }),
        snapshot,
        sentence,
        warnings,
        alternative: None,
    };
    let steps = if redeploy_start {
        ", then start it: two confirmed steps"
    } else {
        ""
    };
    if let Choice::Snapshot(name) = choice {
        return match ready(snapshots).find(|s| &s.name == name) {
            Some(s) if fits(s, &target.runtime) => redeploy(
                Some(s.clone()),
                format!(
                    "Update {app} back to version {target_id}'s code and configuration restoring the snapshot you chose, {}{steps}.",
                    describe(s, now)
                ),
                Vec::new(),
            ),
            Some(s) => WayBack::refused(format!(
                "{} was taken on {}; it cannot be restored on version {target_id}'s {}",
                s.name,
                s.runtime.as_deref().unwrap_or("?"),
                target.runtime
            )),
            None => WayBack::refused(format!("{app} has no READY snapshot named {name}")),
        };
    }
    let best = best_for(target, snapshots);
    if redeploy_start {
        let why = match &facts.last_operation {
            Some(op) if op.summary.status == OperationStatus::Failed => {
                format!("{} failed", op.summary.operation)
            }
            _ => "it stopped".to_string(),
        };
        return match best {
            Some(s) => redeploy(
                Some(s.clone()),
                format!(
                    "{app} is READY because {why}: update it back to version {target_id}'s code and configuration restoring {}{steps}.",
                    describe(&s, now)
                ),
                Vec::new(),
            ),
            None => redeploy(
                None,
                format!(
                    "{app} is READY because {why}, and no snapshot fits version {target_id}: redeploy its code without restoring state{steps}."
                ),
                vec!["DESTRUCTIVE: the application starts with empty state".into()],
            ),
        };
    }
    let Some(latest) = ready(snapshots).next().cloned() else {
        return redeploy(
            None,
            format!(
                "{app} has no snapshot, and AWS refuses RollbackApplication without one: redeploy version {target_id}'s code without restoring state."
            ),
            vec!["DESTRUCTIVE: the application's state is lost".into()],
        );
    };
    if !fits(&latest, &target.runtime) {
        let sentence = format!(
            "RollbackApplication would restore {}, which version {target_id}'s {} cannot restore: ",
            describe(&latest, now),
            target.runtime
        );
        return match best {
            Some(s) => redeploy(
                Some(s.clone()),
                format!(
                    "{sentence}update back to version {target_id} restoring {} instead.",
                    describe(&s, now)
                ),
                Vec::new(),
            ),
            None => redeploy(
                None,
                format!(
                    "{sentence}no snapshot fits, so redeploy version {target_id} without restoring state."
                ),
                vec!["DESTRUCTIVE: the application's state is lost".into()],
            ),
        };
    }
    // The latest snapshot is the failing version's own: rolling back restores what it wrote.
    let warning = (latest.version_id == running.version_id).then(|| {
        format!(
            "{} was taken by the failing version {}: rolling back restores the state that version wrote",
            latest.name, running.version_id
        )
    });
    let alternative = warning.as_ref().and(
        best.as_ref()
            .filter(|s| s.version_id == target_id && s.name != latest.name),
    );
    if *choice == Choice::Alternative
        && let Some(s) = alternative
    {
        return redeploy(
            Some(s.clone()),
            format!(
                "Update {app} back to version {target_id}'s code and configuration restoring {}, a snapshot of version {target_id} itself.",
                describe(s, now)
            ),
            warning.into_iter().collect(),
        );
    }
    WayBack {
        path: Some(Path::Rollback),
        snapshot: Some(latest.clone()),
        sentence: format!(
            "RollbackApplication takes {app} back to version {target_id} and restores its latest snapshot, {}.",
            describe(&latest, now)
        ),
        warnings: warning.into_iter().collect(),
        alternative: alternative.map(|s| {
            format!("p: instead redeploy version {target_id} restoring {}, taken by version {target_id}", s.name)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Restore;
    use crate::domain::time::from_epoch_secs;
    use crate::domain::{OperationDetail, OperationSummary};
    use crate::ops::call::OpCall;
    use crate::ops::inputs::AppInputs;
    use crate::ops::plan::NextStep;
    use crate::ops::rollback_facts::LogFindings;
    use crate::ops::way_back_plan::plan;

    fn now() -> Timestamp {
        from_epoch_secs(1_800_000_000)
    }

    fn version(id: i64, runtime: &str, from: Option<i64>, status: AppStatus) -> AppDetail {
        let mut d = crate::sim::apps::build(now()).remove(0).current().clone();
        d.name = "app".into();
        d.version_id = id;
        d.runtime = runtime.into();
        d.updated_from = from;
        d.rolled_back_from = None;
        d.rolled_back_to = None;
        d.status = status;
        d
    }

    fn snapshot(name: &str, version: i64, runtime: &str, hours_ago: i64) -> Snapshot {
        Snapshot {
            name: name.into(),
            status: "READY".into(),
            version_id: version,
            created: Some(now() - chrono::Duration::hours(hours_ago)),
            runtime: Some(runtime.into()),
        }
    }

    fn op(operation: &str, status: OperationStatus) -> OperationSummary {
        OperationSummary {
            id: "op".into(),
            operation: operation.into(),
            status,
            started: Some(now()),
            ended: None,
        }
    }

    fn facts(
        status: AppStatus,
        runtime: &str,
        snapshots: Vec<Snapshot>,
        last: Option<OperationSummary>,
    ) -> RollbackFacts {
        RollbackFacts {
            inputs: AppInputs {
                detail: version(2, runtime, Some(1), status),
                operations: last.clone().into_iter().collect(),
                snapshots,
                objects: None,
                head: None,
                at: now(),
            },
            target: Some(version(1, "FLINK-1_20", None, AppStatus::Ready)),
            last_operation: last.map(|summary| OperationDetail {
                summary,
                updated_from: Some(1),
                updated_to: Some(2),
                rollback_operation_id: None,
                error: Some("boom".into()),
            }),
            log: LogFindings::default(),
        }
    }

    #[test]
    fn running_with_a_snapshot_of_the_target_rolls_back_and_names_it() {
        for status in [
            AppStatus::Running,
            AppStatus::Updating,
            AppStatus::Autoscaling,
        ] {
            let f = facts(
                status.clone(),
                "FLINK-1_20",
                vec![snapshot("s1", 1, "FLINK-1_20", 3)],
                None,
            );
            let way = decide(&f, &Choice::Rules);
            assert_eq!(way.path, Some(Path::Rollback), "{status}");
            assert!(
                way.sentence.contains("s1 (version 1, FLINK-1_20, 3h old)"),
                "{}",
                way.sentence
            );
            let plan = plan(&f, &way).unwrap();
            assert_eq!(
                plan.call,
                OpCall::RollbackApplication { current_version: 2 }
            );
            assert!(plan.runnable() && plan.gate && plan.recovery && plan.needs_name());
        }
    }

    #[test]
    fn a_latest_snapshot_of_the_failing_version_warns_and_offers_one_of_the_target() {
        let snapshots = vec![
            snapshot("by-v2", 2, "FLINK-1_20", 1),
            snapshot("by-v1", 1, "FLINK-1_20", 5),
        ];
        let f = facts(AppStatus::Running, "FLINK-1_20", snapshots, None);
        let way = decide(&f, &Choice::Rules);
        assert_eq!(way.path, Some(Path::Rollback));
        assert!(way.warnings[0].contains("taken by the failing version 2"));
        assert!(way.alternative.as_deref().unwrap().contains("by-v1"));
        let other = decide(&f, &Choice::Alternative);
        assert_eq!(other.path, Some(Path::Redeploy { then_start: false }));
        let plan = plan(&f, &other).unwrap();
        let OpCall::UpdateApplication(update) = &plan.call else {
            panic!()
        };
        assert_eq!(update.restore, Restore::Snapshot("by-v1".into()));
        assert_eq!(update.expected_version, 2);
    }

    #[test]
    fn a_snapshot_on_a_newer_runtime_cannot_come_back_so_one_that_fits_is_restored() {
        let snapshots = vec![
            snapshot("on-2_2", 2, "FLINK-2_2", 1),
            snapshot("pre-upgrade", 1, "FLINK-1_20", 72),
        ];
        let f = facts(AppStatus::Running, "FLINK-2_2", snapshots, None);
        let way = decide(&f, &Choice::Rules);
        assert_eq!(way.path, Some(Path::Redeploy { then_start: false }));
        assert_eq!(way.snapshot.as_ref().unwrap().name, "pre-upgrade");
        let plan = plan(&f, &way).unwrap();
        let OpCall::UpdateApplication(update) = &plan.call else {
            panic!()
        };
        assert_eq!(update.runtime.as_deref(), Some("FLINK-1_20"));
        assert!(plan.checks.iter().any(|c| c.name == "runtime"));
        // Picking the newer one by hand is refused with the reason.
        let refused = decide(&f, &Choice::Snapshot("on-2_2".into()));
        assert_eq!(refused.path, None);
        assert!(
            refused.sentence.contains("cannot be restored"),
            "{}",
            refused.sentence
        );
    }

    #[test]
    fn ready_after_a_failed_update_redeploys_then_starts_in_two_steps() {
        let f = facts(
            AppStatus::Ready,
            "FLINK-1_20",
            vec![snapshot("s1", 1, "FLINK-1_20", 2)],
            Some(op("RollbackApplication", OperationStatus::Failed)),
        );
        let way = decide(&f, &Choice::Rules);
        assert_eq!(way.path, Some(Path::Redeploy { then_start: true }));
        assert!(
            way.sentence.contains("RollbackApplication failed"),
            "{}",
            way.sentence
        );
        let plan = plan(&f, &way).unwrap();
        assert_eq!(
            plan.next,
            Some(NextStep::Start {
                restore: Restore::Snapshot("s1".into())
            })
        );
        assert!(!plan.gate, "the gate follows the start");
        let OpCall::UpdateApplication(update) = &plan.call else {
            panic!()
        };
        assert_eq!(update.restore, Restore::Snapshot("s1".into()));
    }

    #[test]
    fn no_snapshot_at_all_explains_the_refusal_and_offers_a_destructive_redeploy() {
        let f = facts(AppStatus::Running, "FLINK-1_20", vec![], None);
        let way = decide(&f, &Choice::Rules);
        assert_eq!(way.path, Some(Path::Redeploy { then_start: false }));
        assert!(
            way.sentence
                .contains("AWS refuses RollbackApplication without one")
        );
        let plan = plan(&f, &way).unwrap();
        assert!(plan.destructive());
        let OpCall::UpdateApplication(update) = &plan.call else {
            panic!()
        };
        assert_eq!(update.restore, Restore::Skip);
    }

    #[test]
    fn states_with_nowhere_to_go_are_refused_with_the_reason() {
        for status in [
            AppStatus::Starting,
            AppStatus::Stopping,
            AppStatus::RollingBack,
        ] {
            let f = facts(
                status.clone(),
                "FLINK-1_20",
                vec![snapshot("s1", 1, "FLINK-1_20", 3)],
                None,
            );
            let way = decide(&f, &Choice::Rules);
            assert_eq!(way.path, None, "{status}");
            assert!(way.sentence.contains("wait until it settles"));
            assert!(plan(&f, &way).is_none());
        }
        let stopped = facts(
            AppStatus::Ready,
            "FLINK-1_20",
            vec![],
            Some(op("StopApplication", OperationStatus::Successful)),
        );
        assert!(
            decide(&stopped, &Choice::Rules)
                .sentence
                .contains("stopped on purpose")
        );
        let mut rolled_back = facts(AppStatus::Running, "FLINK-1_20", vec![], None);
        rolled_back.inputs.detail.rolled_back_from = Some(3);
        rolled_back.inputs.detail.rolled_back_to = Some(2);
        assert!(
            decide(&rolled_back, &Choice::Rules)
                .sentence
                .contains("already runs version 2")
        );
    }
}

//! The way back as a plan: the call a chosen way back makes (RollbackApplication, or UpdateApplication to the previous version's code and configuration, then a start), its checks, how it is confirmed and followed.
use super::app_checks;
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::lifecycle_plan::runtime_version;
use super::plan::{Change, Confirmation, Follow, NextStep, OpPlan, Resource};
use super::rollback_facts::RollbackFacts;
use super::rollback_plan::{Path, WayBack, describe, fits};
use crate::domain::{AppDetail, AppStatus, AppUpdate, ParallelismChange, Restore};

/// The plan for a way back; None when there is none.
pub fn plan(facts: &RollbackFacts, way: &WayBack) -> Option<OpPlan> {
    let path = way.path?;
    let target = facts.target.as_ref()?;
    let running = &facts.inputs.detail;
    let app = running.name.clone();
    let now = facts.inputs.at;
    let code = |d: &AppDetail| {
        d.code
            .as_ref()
            .map(|c| {
                format!(
                    "{}@{}",
                    c.file_key,
                    c.object_version.as_deref().unwrap_or("(unversioned)")
                )
            })
            .unwrap_or_default()
    };
    let parallelism = |d: &AppDetail| {
        d.parallelism
            .as_ref()
            .map(|p| format!("{} on {} KPUs", p.parallelism, p.kpus()))
            .unwrap_or_default()
    };
    let restored = way
        .snapshot
        .as_ref()
        .map_or_else(|| "nothing: empty state".into(), |s| describe(s, now));
    let mut changes = vec![
        Change::new(
            "version",
            running.version_id.to_string(),
            format!(
                "{} (version {}'s configuration)",
                running.version_id + 1,
                target.version_id
            ),
        ),
        Change::new("code", code(running), code(target)),
        Change::new("runtime", running.runtime.clone(), target.runtime.clone()),
        Change::new("parallelism", parallelism(running), parallelism(target)),
        Change::new("state", "—", format!("restore {restored}")),
    ];
    let mut checks = Vec::new();
    let runtime_back = runtime_version(&target.runtime) < runtime_version(&running.runtime);
    if runtime_back {
        checks.push(Check::warn(
            "runtime",
            format!(
                "back from {} to {}: only a snapshot taken on {} or older can be restored",
                running.runtime, target.runtime, target.runtime
            ),
        ));
    }
    for warning in &way.warnings {
        checks.push(if warning.starts_with(DESTRUCTIVE) {
            Check::warn(DESTRUCTIVE, warning.trim_start_matches("DESTRUCTIVE: "))
        } else {
            Check::warn("snapshot", warning.clone())
        });
    }
    // The snapshot the way back restores must fit the runtime it goes back to.
    let restorable = way.snapshot.as_ref().map(|s| {
        Check::either(
            "snapshot to restore",
            fits(s, &target.runtime),
            describe(s, now),
            format!("{} cannot be restored on {}", s.name, target.runtime),
        )
    });
    let (title, call, next, gate) = match path {
        Path::Rollback => {
            checks.insert(
                0,
                app_checks::state_allows(
                    "RollbackApplication",
                    &running.status,
                    &[
                        AppStatus::Running,
                        AppStatus::Updating,
                        AppStatus::Autoscaling,
                    ],
                ),
            );
            checks.insert(
                1,
                restorable.unwrap_or_else(|| {
                    Check::fail(
                        "snapshot to restore",
                        "AWS refuses RollbackApplication without a snapshot",
                    )
                }),
            );
            if running.status == AppStatus::Updating {
                checks.push(Check::warn(
                    "update in progress",
                    "the update in progress is abandoned for the rollback",
                ));
            }
            (
                format!("Roll back {app} to version {}", target.version_id),
                OpCall::RollbackApplication {
                    current_version: running.version_id,
                },
                None,
                true,
            )
        }
        Path::Redeploy { then_start } => {
            checks.insert(
                0,
                app_checks::state_allows(
                    "UpdateApplication",
                    &running.status,
                    &[AppStatus::Running, AppStatus::Ready],
                ),
            );
            checks.insert(1, app_checks::nothing_in_flight(&facts.inputs));
            if let Some(check) = restorable {
                checks.insert(2, check);
            }
            let restore = way
                .snapshot
                .as_ref()
                .map_or(Restore::Skip, |s| Restore::Snapshot(s.name.clone()));
            let update = AppUpdate {
                expected_version: running.version_id,
                code: target.code.clone(),
                parallelism: target
                    .parallelism
                    .as_ref()
                    .map(ParallelismChange::from_config),
                runtime: (target.runtime != running.runtime).then(|| target.runtime.clone()),
                properties: (target.property_groups != running.property_groups)
                    .then(|| target.property_groups.clone()),
                restore: restore.clone(),
                allow_non_restored_state: false,
                monitoring: None,
            };
            let mut title = format!("Redeploy version {} to {app}", target.version_id);
            if then_start {
                title.push_str(" (step 1 of 2, then start)");
            }
            (
                title,
                OpCall::UpdateApplication(update),
                then_start.then_some(NextStep::Start { restore }),
                !then_start,
            )
        }
    };
    Some(OpPlan {
        resource: Resource::Application(app.clone()),
        title,
        changes: {
            changes.retain(|c| !c.after.is_empty());
            changes
        },
        call,
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::Operation,
        gate,
        recovery: true,
        done: format!(
            "{app} runs version {}'s configuration again",
            target.version_id
        ),
        next,
        notes: vec![way.sentence.clone()],
    })
}

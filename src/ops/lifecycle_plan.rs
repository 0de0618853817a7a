//! Starting and stopping a Flink application: StartApplication with a restore choice,
//! StopApplication graceful (AWS snapshots first) or forced.
use super::app_checks::{self, AppLimits, ready};
use super::call::OpCall;
use super::checks::{Check, DESTRUCTIVE};
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::{AppStatus, Restore};

/// The states AWS allows a forced stop in.
pub const FORCE_STOP_STATES: [AppStatus; 5] = [
    AppStatus::Starting,
    AppStatus::Updating,
    AppStatus::Stopping,
    AppStatus::Autoscaling,
    AppStatus::Running,
];

pub use crate::domain::flink::runtime_version;

/// A snapshot taken on a newer runtime cannot be restored on an older one.
fn runtime_fits(snapshot_runtime: Option<&str>, app_runtime: &str) -> bool {
    match (
        snapshot_runtime.and_then(runtime_version),
        runtime_version(app_runtime),
    ) {
        (Some(snapshot), Some(app)) => snapshot <= app,
        _ => true,
    }
}

/// What the restore choice restores, checked against the snapshots there are.
fn restore_check(inputs: &AppInputs, restore: &Restore) -> Check {
    let runtime = &inputs.detail.runtime;
    match restore {
        Restore::Latest => match ready(&inputs.snapshots).next() {
            Some(s) => Check::pass(
                "restore",
                format!(
                    "the latest snapshot, {} (version {}{})",
                    s.name,
                    s.version_id,
                    s.created
                        .map(|t| format!(", {} old", crate::domain::time::age(t, inputs.at)))
                        .unwrap_or_default()
                ),
            ),
            None => Check::warn(
                "restore",
                "there is no READY snapshot: the application starts with empty state",
            ),
        },
        Restore::Snapshot(name) => match inputs.snapshots.iter().find(|s| &s.name == name) {
            None => Check::fail("restore", format!("there is no snapshot named {name}")),
            Some(s) if s.status != "READY" => {
                Check::fail("restore", format!("{name} is {}, not READY", s.status))
            }
            Some(s) if !runtime_fits(s.runtime.as_deref(), runtime) => Check::fail(
                "restore",
                format!(
                    "{name} was taken on {}; it cannot be restored on the older {runtime}",
                    s.runtime.as_deref().unwrap_or("?")
                ),
            ),
            Some(s) => Check::pass(
                "restore",
                format!(
                    "{name} (version {}, {})",
                    s.version_id,
                    s.runtime.as_deref().unwrap_or("runtime unknown")
                ),
            ),
        },
        Restore::Skip => Check::warn(
            DESTRUCTIVE,
            "no restore: the application starts with empty state; the state in its snapshots is not used",
        ),
    }
}

/// StartApplication from READY. Confirmed with Enter when it restores state, with the typed name
/// when it does not. The health gate follows.
pub fn start(inputs: &AppInputs, restore: &Restore, limits: &AppLimits) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let kpus = detail.kpus().unwrap_or(1);
    let checks = vec![
        app_checks::state_allows("StartApplication", &detail.status, &[AppStatus::Ready]),
        app_checks::nothing_in_flight(inputs),
        restore_check(inputs, restore),
        app_checks::kpu_limit(kpus, limits.kpu_limit),
    ];
    let confirmation = if *restore == Restore::Skip {
        Confirmation::TypeName
    } else {
        Confirmation::Enter
    };
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Start {app}"),
        changes: vec![
            Change::new("status", detail.status.to_string(), "RUNNING"),
            Change::new("state", "—", restore.to_string()),
            Change::new(
                "cost",
                "$0.00/h",
                format!(
                    "${:.2}/h ({kpus} KPUs + 1)",
                    app_checks::cost_per_hour(kpus, limits.kpu_price)
                ),
            ),
        ],
        call: OpCall::StartApplication {
            restore: restore.clone(),
        },
        checks,
        confirmation,
        follow: Follow::Operation,
        gate: true,
        recovery: false,
        done: format!("{app} started ({restore})"),
        next: None,
        notes: Vec::new(),
    }
}

/// StopApplication: graceful by default (only from RUNNING; AWS takes a snapshot), or forced
/// (no snapshot; data may be lost or duplicated) in the states AWS allows it.
pub fn stop(inputs: &AppInputs, force: bool) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let mut checks = Vec::new();
    if force {
        checks.push(app_checks::state_allows(
            "a forced StopApplication",
            &detail.status,
            &FORCE_STOP_STATES,
        ));
        checks.push(Check::warn(
            DESTRUCTIVE,
            "forced: no snapshot is taken, and records in flight may be lost or processed twice",
        ));
    } else {
        checks.push(app_checks::state_allows(
            "StopApplication",
            &detail.status,
            &[AppStatus::Running],
        ));
        checks.push(app_checks::nothing_in_flight(inputs));
        checks.push(if detail.snapshots_enabled {
            Check::pass("snapshot on stop", "AWS takes a snapshot as it stops")
        } else {
            Check::warn(
                DESTRUCTIVE,
                "snapshots are disabled: no snapshot is taken, so the next start has no state",
            )
        });
    }
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: if force {
            format!("Force-stop {app}")
        } else {
            format!("Stop {app}")
        },
        changes: vec![
            Change::new("status", detail.status.to_string(), "READY"),
            Change::new(
                "processing",
                "running",
                "stopped: the sources are not read until it starts again",
            ),
        ],
        call: OpCall::StopApplication { force },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::Operation,
        gate: false,
        recovery: false,
        done: format!("{app} stopped"),
        next: None,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtimes_compare_by_major_then_minor() {
        assert!(runtime_version("FLINK-1_20") < runtime_version("FLINK-2_2"));
        assert!(runtime_version("FLINK-1_9") < runtime_version("FLINK-1_18"));
        assert!(runtime_fits(Some("FLINK-1_20"), "FLINK-2_2"));
        assert!(!runtime_fits(Some("FLINK-2_2"), "FLINK-1_20"));
        assert!(runtime_fits(None, "FLINK-1_20"));
    }
}

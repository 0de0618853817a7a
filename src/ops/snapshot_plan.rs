//! Snapshots of a Flink application: take one (CreateApplicationSnapshot) and delete one
//! (DeleteApplicationSnapshot, which also needs its creation time).
use super::app_checks::{self, AppLimits, ready};
use super::call::OpCall;
use super::checks::Check;
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::{AppStatus, Timestamp};

/// AWS's limit on a snapshot name's length.
pub const MAX_NAME: usize = 256;

/// The proposed name: `APP-YYYYMMDD-HHMM` at `now`.
pub fn proposed_name(app: &str, now: Timestamp) -> String {
    format!("{app}-{}", now.format("%Y%m%d-%H%M"))
}

/// A snapshot name AWS accepts: 1–256 of letters, digits, `_`, `.` and `-`.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("type a snapshot name".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!(
            "a snapshot name has at most {MAX_NAME} characters; this one has {}",
            name.chars().count()
        ));
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
    {
        Some(c) => Err(format!(
            "{c:?} is not allowed in a snapshot name: use letters, digits, _ . and -"
        )),
        None => Ok(()),
    }
}

/// CreateApplicationSnapshot named `name`; confirmed with Enter (it changes nothing that runs).
pub fn create(inputs: &AppInputs, name: &str, limits: &AppLimits) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let mut checks = vec![match validate_name(name) {
        Ok(()) => Check::pass("name", format!("{name} is a valid snapshot name")),
        Err(why) => Check::fail("name", why),
    }];
    if inputs.snapshots.iter().any(|s| s.name == name) {
        checks.push(Check::fail(
            "name unused",
            format!("{app} already has a snapshot named {name}"),
        ));
    }
    checks.push(app_checks::state_allows(
        "CreateApplicationSnapshot",
        &detail.status,
        &[AppStatus::Running],
    ));
    checks.push(Check::either(
        "snapshots enabled",
        detail.snapshots_enabled,
        "enabled",
        "snapshots are disabled for this application; AWS refuses to take one",
    ));
    checks.push(app_checks::nothing_in_flight(inputs));
    checks.push(app_checks::snapshot_quota(
        inputs,
        limits.snapshot_quota,
        true,
    ));
    let count = inputs.snapshots.len();
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Take a snapshot of {app}"),
        changes: vec![Change::new(
            "snapshots",
            count.to_string(),
            format!(
                "{} (+ {name} of version {}, {})",
                count + 1,
                detail.version_id,
                detail.runtime
            ),
        )],
        call: OpCall::CreateApplicationSnapshot {
            name: name.to_string(),
        },
        checks,
        confirmation: Confirmation::Enter,
        follow: Follow::SnapshotReady {
            name: name.to_string(),
        },
        gate: false,
        recovery: false,
        done: format!("snapshot {name} of {app} is READY"),
        next: None,
        notes: Vec::new(),
    }
}

/// DeleteApplicationSnapshot of `name`; the typed name confirms it. Deleting what a rollback
/// would restore says so.
pub fn delete(inputs: &AppInputs, name: &str) -> OpPlan {
    let app = inputs.name().to_string();
    let snapshot = inputs.snapshots.iter().find(|s| s.name == name);
    let mut checks = Vec::new();
    let created = snapshot.and_then(|s| s.created);
    match snapshot {
        None => checks.push(Check::fail(
            "snapshot exists",
            format!("{app} has no snapshot named {name} (any more)"),
        )),
        Some(s) => {
            checks.push(Check::either(
                "snapshot settled",
                s.status == "READY" || s.status == "FAILED",
                format!("{} {}", s.name, s.status),
                format!(
                    "{} is {}; wait until it is READY or FAILED",
                    s.name, s.status
                ),
            ));
            checks.push(Check::either(
                "creation time known",
                created.is_some(),
                "AWS needs it with the name, and reported it",
                "AWS did not report its creation time, which DeleteApplicationSnapshot needs",
            ));
            let newest_of_running = ready(&inputs.snapshots)
                .find(|r| r.version_id == inputs.detail.version_id)
                .is_some_and(|r| r.name == s.name);
            if newest_of_running {
                checks.push(Check::warn(
                    "what a rollback restores",
                    format!(
                        "{name} is the newest READY snapshot of the running version {}: it is what RollbackApplication and a start from the latest snapshot restore; without it they restore an older one, or none",
                        inputs.detail.version_id
                    ),
                ));
            }
        }
    }
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Delete a snapshot of {app}"),
        changes: vec![Change::new(
            "snapshot",
            snapshot.map_or_else(
                || name.to_string(),
                |s| format!("{} (version {}, {})", s.name, s.version_id, s.status),
            ),
            "deleted",
        )],
        call: OpCall::DeleteApplicationSnapshot {
            name: name.to_string(),
            created: created.unwrap_or_default(),
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::SnapshotGone {
            name: name.to_string(),
        },
        gate: false,
        recovery: false,
        done: format!("snapshot {name} of {app} is deleted"),
        next: None,
        notes: Vec::new(),
    }
}

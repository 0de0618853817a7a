//! Pre-flight checks shared by every action on a Flink application, and the limits they use.
use super::checks::{Check, DESTRUCTIVE};
use super::inputs::AppInputs;
use crate::domain::{AppStatus, OperationStatus, Snapshot};

/// AWS's default KPU limit per application (raisable through Service Quotas).
pub const DEFAULT_KPU_LIMIT: i32 = 64;
/// Snapshots per application before manual ones fail with LimitExceeded. Not verified: AWS's
/// quota page gives the number, and accounts can differ, so it is configurable.
pub const DEFAULT_SNAPSHOT_QUOTA: usize = 1_000;
/// On-demand price of one KPU-hour in us-east-1, in US dollars (AWS's pricing page).
pub const DEFAULT_KPU_PRICE: f64 = 0.11;
/// The most parallel tasks one KPU may run (ParallelismPerKPU).
pub const MAX_PARALLELISM_PER_KPU: i32 = 8;
/// A newest READY snapshot older than this is worth a warning before a change.
pub const SNAPSHOT_AGE_WARN_HOURS: i64 = 24;

/// The limits and price the Flink plans check against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppLimits {
    pub kpu_limit: i32,
    pub snapshot_quota: usize,
    pub kpu_price: f64,
}

impl Default for AppLimits {
    fn default() -> Self {
        Self {
            kpu_limit: DEFAULT_KPU_LIMIT,
            snapshot_quota: DEFAULT_SNAPSHOT_QUOTA,
            kpu_price: DEFAULT_KPU_PRICE,
        }
    }
}

/// The application is in a state that allows `api`.
pub fn state_allows(api: &str, status: &AppStatus, allowed: &[AppStatus]) -> Check {
    let names: Vec<&str> = allowed.iter().map(AppStatus::as_str).collect();
    Check::either(
        "state allows it",
        allowed.contains(status),
        format!("{status} allows {api}"),
        format!(
            "the application is {status}; AWS allows {api} only in {}",
            names.join(" or ")
        ),
    )
}

/// No operation IN_PROGRESS (ListApplicationOperations): a second change meets ResourceInUse.
pub fn nothing_in_flight(inputs: &AppInputs) -> Check {
    match inputs
        .operations
        .iter()
        .find(|o| o.status == OperationStatus::InProgress)
    {
        Some(op) => Check::fail(
            "nothing in flight",
            format!(
                "{} {} is IN_PROGRESS{}; wait until it ends",
                op.operation,
                op.id,
                op.started
                    .map(|t| format!(" since {}", crate::domain::time::age(t, inputs.at)))
                    .unwrap_or_default()
            ),
        ),
        None => Check::pass("nothing in flight", "no operation IN_PROGRESS"),
    }
}

/// Snapshots must be enabled for a change that would otherwise lose state; the operator may
/// accept the loss explicitly, which turns the failure into a DESTRUCTIVE warning.
pub fn snapshots_enabled(inputs: &AppInputs, accept_loss: bool) -> Check {
    if inputs.detail.snapshots_enabled {
        Check::pass(
            "snapshots enabled",
            "AWS snapshots the state as the change begins",
        )
    } else if accept_loss {
        Check::warn(
            DESTRUCTIVE,
            "snapshots are disabled: the application's state is lost (accepted)",
        )
    } else {
        Check::fail(
            "snapshots enabled",
            "snapshots are disabled, so this change loses the application's state; accept the loss in the previous dialog to go on",
        )
    }
}

/// READY snapshots, newest first.
pub fn ready(snapshots: &[Snapshot]) -> impl Iterator<Item = &Snapshot> {
    snapshots.iter().filter(|s| s.status == "READY")
}

/// The age of the newest READY snapshot: what a failed change could go back to.
pub fn newest_snapshot(inputs: &AppInputs) -> Check {
    match ready(&inputs.snapshots).next() {
        Some(s) => {
            let age = s.created.map(|t| inputs.at - t);
            let old = age.is_some_and(|a| a > chrono::Duration::hours(SNAPSHOT_AGE_WARN_HOURS));
            let text = format!(
                "{} of version {}, {}",
                s.name,
                s.version_id,
                s.created.map_or_else(
                    || "age unknown".into(),
                    |t| format!("{} old", crate::domain::time::age(t, inputs.at))
                )
            );
            if old {
                Check::warn(
                    "newest snapshot",
                    format!("{text}: consider a fresh one first"),
                )
            } else {
                Check::pass("newest snapshot", text)
            }
        }
        None => Check::warn(
            "newest snapshot",
            "no READY snapshot: if this goes wrong there is no state to go back to",
        ),
    }
}

/// Snapshots counted against the per-application quota; `manual` when this call adds one.
pub fn snapshot_quota(inputs: &AppInputs, quota: usize, manual: bool) -> Check {
    let used = inputs
        .snapshots
        .iter()
        .filter(|s| s.status != "DELETING")
        .count();
    let text = format!("{used} of {quota} used");
    if used >= quota && manual {
        Check::fail(
            "snapshot quota",
            format!("{text}: AWS refuses manual snapshots (LimitExceeded); delete old ones first"),
        )
    } else if used >= quota {
        Check::warn(
            "snapshot quota",
            format!("{text}: manual snapshots fail until old ones are deleted"),
        )
    } else if used * 10 >= quota * 9 {
        Check::warn("snapshot quota", format!("{text}: nearly full"))
    } else {
        Check::pass("snapshot quota", text)
    }
}

/// KPUs against the application's KPU limit.
pub fn kpu_limit(kpus: i32, limit: i32) -> Check {
    Check::either(
        "KPU limit",
        kpus <= limit,
        format!("{kpus} of {limit} KPUs"),
        format!("{kpus} KPUs is over the limit of {limit}; raise it in Service Quotas first"),
    )
}

/// The hourly cost of `kpus` KPUs: AWS bills one more KPU per application for orchestration.
pub fn cost_per_hour(kpus: i32, price: f64) -> f64 {
    f64::from(kpus.max(0) + 1) * price
}

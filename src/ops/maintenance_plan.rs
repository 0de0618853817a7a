//! Moving an application's maintenance window (UpdateApplicationMaintenanceConfiguration): READY or RUNNING only, an 8-hour window from the new start in UTC, from the next scheduled maintenance on.
use super::app_checks;
use super::call::OpCall;
use super::checks::Check;
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::AppStatus;
use crate::domain::flink::MaintenanceWindow;

/// The window to start at `start` (`HH:MM`, UTC); confirmed with Enter (nothing restarts now).
pub fn maintenance(inputs: &AppInputs, start: &str) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let from = detail.maintenance.clone();
    let wanted = MaintenanceWindow::starting(start);
    let to_start = wanted
        .as_ref()
        .map_or_else(|_| start.trim().to_string(), |w| w.start.clone());
    let mut checks = vec![
        match &wanted {
            Ok(window) => Check::pass("start time", format!("the window is {window}")),
            Err(why) => Check::fail("start time", why.clone()),
        },
        app_checks::state_allows(
            "UpdateApplicationMaintenanceConfiguration",
            &detail.status,
            &[AppStatus::Running, AppStatus::Ready],
        ),
        Check::either(
            "a change",
            from.as_ref().is_none_or(|f| f.start != to_start),
            "the start differs",
            "the window already starts then",
        ),
        app_checks::nothing_in_flight(inputs),
    ];
    if inputs.operations.iter().any(|o| {
        o.operation == crate::domain::flink::MAINTENANCE_OPERATION
            && o.status == crate::domain::OperationStatus::InProgress
    }) {
        checks.push(Check::warn(
            "maintenance under way",
            "AWS is maintaining it now: the new window applies from the next one",
        ));
    }
    let shown = |w: Option<&MaintenanceWindow>| {
        w.map_or_else(|| "not told".to_string(), ToString::to_string)
    };
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Move the maintenance window of {app}"),
        changes: vec![Change::new(
            "maintenance window",
            shown(from.as_ref()),
            shown(wanted.as_ref().ok()),
        )],
        call: OpCall::UpdateMaintenanceWindow {
            from: from.map(|f| f.start),
            to: to_start.clone(),
        },
        checks,
        confirmation: Confirmation::Enter,
        follow: Follow::MaintenanceWindow { start: to_start },
        gate: false,
        recovery: false,
        done: format!("{app}'s maintenance window starts at {start} UTC from its next maintenance"),
        next: None,
        notes: vec![
            "AWS applies it from the next scheduled maintenance, not to one already scheduled; nothing restarts now".to_string(),
            "AWS's maintenance restarts the application for 10–30 s; it shows in Operations as maintenance (AWS restarted it)".to_string(),
        ],
    }
}

//! Changing what an application reports to CloudWatch (UpdateApplication with a MonitoringConfigurationUpdate): the level before → after, what it adds to the bill, and whether it restarts the application.
use super::app_checks;
use super::call::OpCall;
use super::checks::Check;
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::monitoring::{MetricsLevel, level_cost};
use crate::domain::{AppStatus, AppUpdate, MonitoringChange, Restore};

/// The metrics level set to `to`; `tasks` is how many tasks the job has, when known.
pub fn metrics_level(inputs: &AppInputs, to: MetricsLevel, tasks: Option<u32>) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let from = detail.metrics_level();
    let running = detail.status == AppStatus::Running;
    let parallelism = detail.parallelism.as_ref().map_or(1, |p| {
        u32::try_from(p.current.max(p.parallelism)).unwrap_or(1)
    });
    let cost = level_cost(from, to, tasks, parallelism);
    let mut checks = vec![
        app_checks::state_allows(
            "UpdateApplication",
            &detail.status,
            &[AppStatus::Running, AppStatus::Ready],
        ),
        Check::either(
            "a change",
            from != to,
            format!("{from} → {to}"),
            format!("{app} already reports at {to}"),
        ),
        app_checks::nothing_in_flight(inputs),
    ];
    if running {
        checks.push(app_checks::snapshots_enabled(inputs, false));
        checks.push(app_checks::newest_snapshot(inputs));
    }
    if to > from {
        checks.push(Check::warn("CloudWatch cost", cost.said.clone()));
    }
    let restart = if running {
        "UpdateApplication restarts the RUNNING application: a snapshot, then the job starts again from it (processing pauses for the restart)".to_string()
    } else {
        format!(
            "{app} is {}: nothing restarts; the level applies at its next start",
            detail.status
        )
    };
    let log_level = detail
        .monitoring
        .as_ref()
        .and_then(|m| m.log_level.clone())
        .unwrap_or_else(|| "INFO".to_string());
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Set the metrics level of {app}"),
        changes: vec![
            Change::new("metrics level", from.as_str(), to.as_str()),
            Change::new("CloudWatch", "", cost.short.clone()),
            Change::new("restart", "", if running { "yes" } else { "no" }),
        ],
        call: OpCall::UpdateApplication(AppUpdate {
            expected_version: detail.version_id,
            code: None,
            parallelism: None,
            runtime: None,
            properties: None,
            restore: Restore::Latest,
            allow_non_restored_state: false,
            monitoring: Some(MonitoringChange {
                metrics_level: to,
                log_level,
            }),
        }),
        checks,
        // A restart of a running job is disruptive: the name is typed.
        confirmation: if running {
            Confirmation::TypeName
        } else {
            Confirmation::Enter
        },
        follow: Follow::Operation,
        gate: running,
        recovery: false,
        done: format!("{app} reports at {to}"),
        next: None,
        notes: vec![
            restart,
            "the log level stays as it is; CloudWatch keeps the task metrics of the last two weeks either way".to_string(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn inputs(status: AppStatus) -> AppInputs {
        let mut detail = crate::sim::apps::build(from_epoch_secs(1_800_000_000))
            .into_iter()
            .find(|a| a.current().name == "alerts-router")
            .map(|a| a.current().clone())
            .unwrap();
        detail.status = status;
        AppInputs {
            detail,
            operations: vec![],
            snapshots: vec![],
            objects: None,
            head: None,
            at: from_epoch_secs(1_800_000_000),
        }
    }

    #[test]
    fn raising_the_level_of_a_running_application_restarts_it_and_says_what_it_costs() {
        let plan = metrics_level(&inputs(AppStatus::Running), MetricsLevel::Task, Some(4));
        assert!(plan.runnable(), "{:?}", plan.checks);
        assert!(plan.needs_name() && plan.gate);
        assert!(plan.notes[0].contains("restarts the RUNNING application"));
        let cost = plan
            .checks
            .iter()
            .find(|c| c.name == "CloudWatch cost")
            .unwrap();
        assert!(cost.detail.contains("about 40 metrics"), "{}", cost.detail);
        let OpCall::UpdateApplication(update) = &plan.call else {
            panic!("{:?}", plan.call)
        };
        assert_eq!(
            update.monitoring.as_ref().map(|m| m.metrics_level),
            Some(MetricsLevel::Task)
        );
    }

    #[test]
    fn a_ready_application_is_not_restarted_and_the_same_level_is_refused() {
        let plan = metrics_level(&inputs(AppStatus::Ready), MetricsLevel::Task, None);
        assert!(!plan.needs_name() && !plan.gate);
        assert!(plan.notes[0].contains("nothing restarts"));
        let same = metrics_level(&inputs(AppStatus::Running), MetricsLevel::Application, None);
        assert!(!same.runnable());
    }
}

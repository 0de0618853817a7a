//! Scaling a Flink application: parallelism, parallelism per KPU and autoscaling
//! (UpdateApplication), with KPUs and the hourly cost before → after.
use super::app_checks::{self, AppLimits, MAX_PARALLELISM_PER_KPU};
use super::call::OpCall;
use super::checks::Check;
use super::inputs::AppInputs;
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::{AppStatus, AppUpdate, ParallelismChange, Restore};

/// Parses a whole number typed into the scale dialog.
pub fn parse_count(what: &str, input: &str) -> Result<i32, String> {
    let text = input.trim();
    match text.parse::<i32>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err(format!("{what} must be at least 1")),
        Err(_) if text.is_empty() => Err(format!("type the {what}")),
        Err(_) => Err(format!("{text:?} is not a whole number ({what})")),
    }
}

/// UpdateApplication with new parallelism settings.
pub fn scale(
    inputs: &AppInputs,
    to: ParallelismChange,
    accept_state_loss: bool,
    limits: &AppLimits,
) -> OpPlan {
    let app = inputs.name().to_string();
    let detail = &inputs.detail;
    let from = detail
        .parallelism
        .as_ref()
        .map(ParallelismChange::from_config);
    let (from_kpus, to_kpus) = (from.map_or(0, |f| f.kpus()), to.kpus());
    let mut checks = vec![
        app_checks::state_allows(
            "UpdateApplication",
            &detail.status,
            &[AppStatus::Running, AppStatus::Ready],
        ),
        Check::either(
            "parallelism",
            to.parallelism >= 1,
            format!("{}", to.parallelism),
            "parallelism must be at least 1",
        ),
        Check::either(
            "parallelism per KPU",
            (1..=MAX_PARALLELISM_PER_KPU).contains(&to.per_kpu),
            format!("{}", to.per_kpu),
            format!("parallelism per KPU must be 1–{MAX_PARALLELISM_PER_KPU}"),
        ),
        app_checks::kpu_limit(to_kpus, limits.kpu_limit),
        Check::either(
            "a change",
            from != Some(to),
            "the settings differ",
            "these are the settings it runs with",
        ),
        app_checks::nothing_in_flight(inputs),
        app_checks::snapshots_enabled(inputs, accept_state_loss),
        app_checks::newest_snapshot(inputs),
    ];
    if to.autoscaling {
        checks.push(Check::warn(
            "autoscaling",
            "on: AWS may raise parallelism (and the bill) by itself, up to the KPU limit",
        ));
    }
    let cost = |kpus| {
        format!(
            "${:.2}/h",
            app_checks::cost_per_hour(kpus, limits.kpu_price)
        )
    };
    let before = |f: fn(&ParallelismChange) -> String| from.as_ref().map(f).unwrap_or_default();
    let gate = detail.status == AppStatus::Running;
    OpPlan {
        resource: Resource::Application(app.clone()),
        title: format!("Scale {app}"),
        changes: vec![
            Change::new(
                "parallelism",
                before(|f| f.parallelism.to_string()),
                to.parallelism.to_string(),
            ),
            Change::new(
                "parallelism per KPU",
                before(|f| f.per_kpu.to_string()),
                to.per_kpu.to_string(),
            ),
            Change::new(
                "autoscaling",
                before(|f| on_off(f.autoscaling)),
                on_off(to.autoscaling),
            ),
            Change::new("KPUs", from_kpus.to_string(), to_kpus.to_string()),
            Change::new("cost", cost(from_kpus), cost(to_kpus)),
        ],
        call: OpCall::UpdateApplication(AppUpdate {
            expected_version: detail.version_id,
            code: None,
            parallelism: Some(to),
            runtime: None,
            properties: None,
            restore: Restore::Latest,
            allow_non_restored_state: false,
            monitoring: None,
        }),
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::Operation,
        gate,
        recovery: false,
        done: format!(
            "{app} runs with parallelism {} on {to_kpus} KPUs",
            to.parallelism
        ),
        next: None,
        notes: vec![format!(
            "cost at ${:.2} per KPU-hour, including the one KPU AWS bills per application for orchestration",
            limits.kpu_price
        )],
    }
}

fn on_off(on: bool) -> String {
    if on { "on".into() } else { "off".into() }
}

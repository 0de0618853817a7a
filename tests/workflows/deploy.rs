//! Deploying code: a good version passes the gate, a bad one fails it, code that cannot start is
//! rolled back by the service, a stale token is re-planned, AWS's code validation is a sentence.
use crate::support::console::Console;
use crossterm::event::KeyCode;
use kinetic::app::modal::Modal;
use kinetic::domain::{AppStatus, Restore};
use kinetic::ops::OpCall;

const GOOD: &str = "tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU";

/// D on the selected application, Enter on the preselected version: the confirm dialog.
async fn plan_deploy(c: &mut Console, app: &str) {
    c.select_app(app).await;
    c.text("D").await;
    c.enter().await;
}

#[tokio::test]
async fn a_good_version_deploys_in_a_few_keys_is_followed_and_passes_the_gate() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    // Keys from the application list: D, Enter (the newest version is preselected), the name, Enter.
    let mut keystrokes = 0;
    c.text("D").await;
    keystrokes += 1;
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    assert_eq!(dialog.app, "orders-enricher");
    c.enter().await;
    keystrokes += 1;
    let confirm = c.confirm();
    assert!(confirm.plan.runnable(), "{:?}", confirm.plan.checks);
    let OpCall::UpdateApplication(update) = &confirm.plan.call else {
        panic!()
    };
    let code = update.code.as_ref().unwrap();
    assert_eq!(code.object_version.as_deref(), Some(GOOD));
    assert_eq!(update.restore, Restore::Latest);
    assert!(
        !update.allow_non_restored_state,
        "sent explicitly, false by default"
    );
    assert!(confirm.plan.needs_name());
    assert!(
        c.enter().await.is_empty(),
        "Enter without the name sends nothing"
    );
    c.text("orders-enricher").await;
    keystrokes += "orders-enricher".len();
    let before = c.sim.calls();
    let sent = c.enter().await;
    keystrokes += 1;
    assert_eq!(keystrokes, 3 + "orders-enricher".len());
    assert_eq!(Console::changes(&sent).len(), 1, "{sent:?}");
    assert!(
        c.status().contains("UpdateApplication sent"),
        "{}",
        c.status()
    );
    // Followed: the row says so with the elapsed time.
    c.after(30).await;
    assert!(c.draw().contains("UPDATING 0:30"), "{}", c.draw());
    // The update lands after 90 s; the gate starts.
    let took = c
        .run_until_said(120, 5, "health gate: watching orders-enricher")
        .await;
    let following = c.sim.calls() - before;
    assert!(took.contains("done: orders-enricher runs"), "{took}");
    assert!(
        following.describe_operation <= 100 / 5 + 1,
        "one DescribeApplicationOperation every 5 s: {following:?}"
    );
    let summary = c
        .model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == "orders-enricher")
        .unwrap();
    assert_eq!(
        (summary.version_id, &summary.status),
        (6, &AppStatus::Running)
    );
    // Five minutes of health, then PASSED.
    c.run_until_said(660, 10, "health gate PASSED").await;
    assert!(c.model.operations.is_empty());
    let audit = c.audit_lines();
    let results: Vec<(&str, &str)> = audit
        .iter()
        .map(|r| (r["phase"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        results,
        [
            ("call", "started"),
            ("call", "accepted"),
            ("outcome", "succeeded"),
            ("gate", "passed")
        ]
    );
    assert!(
        audit[1]["operation_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("op-"))
    );
    assert_eq!(audit[3]["resource_kind"], "application");
    assert!(c.draw().contains("health gate PASSED"), "{}", c.draw());
}

#[tokio::test]
async fn a_bad_version_runs_restarts_and_fails_the_gate_which_names_the_way_back() {
    let mut c = Console::start(false).await;
    plan_deploy(&mut c, "telemetry-aggregator").await;
    c.text("telemetry-aggregator").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    c.run_until_said(120, 5, "health gate: watching").await;
    let status = c.run_until_said(600, 10, "health gate FAILED").await;
    assert!(
        status.contains("health gate FAILED for telemetry-aggregator")
            && status.contains("restart"),
        "{status}"
    );
    assert!(status.contains("the way back"), "{status}");
    let last = c.audit_lines().pop().unwrap();
    assert_eq!(
        (last["phase"].as_str(), last["result"].as_str()),
        (Some("gate"), Some("failed"))
    );
    assert!(last["error"].as_str().unwrap().contains("restarts"));
}

/// A two-minute gate over metrics that arrive minutes late (as CloudWatch delivers Managed
/// Flink's): at 2:00 nothing after the change is reported, so the gate waits for the data and
/// says so, and fails on the restarts once they show. It had said "health gate PASSED after 2:00
/// … ✓ restarts none since the change" and then watched the restart alarm fire.
#[tokio::test]
async fn a_short_gate_waits_for_late_metrics_and_never_passes_a_restarting_version() {
    let mut c = Console::start(false).await;
    c.model.health_gate = chrono::Duration::minutes(2);
    plan_deploy(&mut c, "telemetry-aggregator").await;
    c.text("telemetry-aggregator").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    c.run_until_said(120, 5, "health gate: watching").await;
    c.run_until(200, 10, |c| {
        c.model
            .operations
            .iter()
            .any(|op| op.gate().is_some_and(|g| g.extended))
    })
    .await;
    c.enter().await;
    assert!(
        c.draw()
            .contains("waiting for CloudWatch's late metrics: they cover"),
        "{}",
        c.draw()
    );
    let status = c.run_until_said(600, 10, "health gate FAILED").await;
    assert!(status.contains("restart"), "{status}");
    assert!(
        !c.audit_lines()
            .iter()
            .any(|l| l["phase"] == "gate" && l["result"] == "passed"),
        "a passed gate was audited"
    );
}

#[tokio::test]
async fn code_that_cannot_start_fails_and_the_services_own_rollback_is_followed_too() {
    let mut c = Console::start(false).await;
    c.select_app("audit-archiver").await;
    c.text("D").await;
    // Another key: the 4.3.0 build, typed.
    c.text("e").await;
    for _ in 0..60 {
        c.press(KeyCode::Backspace).await;
    }
    c.text("audit-archiver/audit-archiver-4.3.0.jar").await;
    c.enter().await;
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    let objects = dialog
        .inputs
        .value()
        .unwrap()
        .objects
        .clone()
        .unwrap()
        .unwrap();
    assert_eq!(objects.len(), 1, "{objects:?}");
    c.enter().await;
    c.text("audit-archiver").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    let status = c.run_until_said(120, 5, "rolling back by itself").await;
    assert!(
        status.contains("FAILED") && status.contains("ClassNotFoundException"),
        "{status}"
    );
    assert!(c.draw().contains("ROLLBACK"), "the row says so");
    c.run_until_said(120, 5, "the service rolled it back").await;
    let outcomes: Vec<String> = c
        .audit_lines()
        .iter()
        .filter(|r| r["phase"] == "outcome")
        .map(|r| r["result"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(outcomes, ["failed", "rolled back"]);
    let summary = c
        .model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == "audit-archiver")
        .unwrap();
    assert_eq!(summary.status, AppStatus::Running);
}

#[tokio::test]
async fn another_tools_change_meets_concurrent_modification_and_the_plan_is_shown_again_fresh() {
    let mut c = Console::start(false).await;
    c.command("drill conflict orders-enricher").await;
    plan_deploy(&mut c, "orders-enricher").await;
    c.text("orders-enricher").await;
    let sent = c.enter().await;
    assert_eq!(Console::changes(&sent).len(), 1, "one call, refused");
    assert!(c.status().contains("was not changed"), "{}", c.status());
    let confirm = c.confirm();
    assert!(
        confirm
            .notice
            .as_deref()
            .unwrap()
            .contains("changed since the plan was made"),
        "{:?}",
        confirm.notice
    );
    let OpCall::UpdateApplication(update) = &confirm.plan.call else {
        panic!()
    };
    assert_eq!(
        update.expected_version, 6,
        "planned against the version the other tool made"
    );
    assert!(
        c.model.operations.is_empty(),
        "nothing is retried by itself"
    );
    c.text("orders-enricher").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    assert!(
        c.status().contains("UpdateApplication sent"),
        "{}",
        c.status()
    );
}

#[tokio::test]
async fn a_jar_aws_cannot_validate_is_one_sentence_and_nothing_is_followed() {
    let mut c = Console::start(false).await;
    plan_deploy(&mut c, "payments-fraud-scorer").await;
    c.text("payments-fraud-scorer").await;
    c.enter().await;
    assert!(
        c.status()
            .contains("was not changed: AWS could not validate the application code"),
        "{}",
        c.status()
    );
    assert!(c.model.operations.is_empty());
    assert_eq!(c.audit_lines().last().unwrap()["result"], "refused");
}

#[tokio::test]
async fn the_running_code_and_a_missing_key_are_refused_before_any_call() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("D").await;
    c.text("j").await;
    c.enter().await;
    let failing: Vec<_> = c
        .confirm()
        .plan
        .checks
        .iter()
        .filter(|k| k.outcome == kinetic::ops::CheckOutcome::Fail)
        .collect();
    assert!(failing[0].detail.contains("already runs"), "{failing:?}");
    c.text("orders-enricher").await;
    c.enter().await;
    c.esc().await;
    c.text("D").await;
    c.text("e").await;
    c.text("-old").await;
    c.enter().await;
    c.enter().await;
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    assert!(
        dialog
            .error
            .as_deref()
            .unwrap()
            .contains("no object version"),
        "{:?}",
        dialog.error
    );
    assert!(Console::changes(&c.executed).is_empty());
}

//! Taking and deleting snapshots: followed until READY or gone, the quota, the names AWS takes.
use crate::support::console::Console;
use crossterm::event::KeyCode;
use kinetic::app::modal::{AppForm, Modal};
use kinetic::ops::OpCall;

fn snapshot_status(c: &Console, name: &str) -> Option<String> {
    let page = c.model.app_detail.as_ref()?;
    page.snapshots
        .value()?
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.status.clone())
}

#[tokio::test]
async fn a_snapshot_confirms_with_enter_shows_creating_then_ready() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.enter().await;
    c.text("3").await;
    c.text("S").await;
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    let AppForm::Snapshot { name } = &dialog.form else {
        panic!()
    };
    assert_eq!(name, "orders-enricher-20261121-1200", "APP-YYYYMMDD-HHMM");
    let name = name.clone();
    c.enter().await;
    assert!(!c.confirm().plan.needs_name());
    let sent = c.enter().await;
    assert_eq!(
        Console::changes(&sent),
        [OpCall::CreateApplicationSnapshot { name: name.clone() }]
    );
    assert_eq!(
        snapshot_status(&c, &name).as_deref(),
        Some("CREATING"),
        "the tab shows it at once"
    );
    c.run_until_said(
        30,
        2,
        &format!("snapshot {name} of orders-enricher is READY"),
    )
    .await;
    assert_eq!(
        snapshot_status(&c, &name).as_deref(),
        Some("READY"),
        "the tab reloaded"
    );
    let audit = c.audit_lines();
    assert_eq!(audit.last().unwrap()["result"], "succeeded");
}

#[tokio::test]
async fn deleting_needs_the_name_sends_the_creation_time_and_warns_about_what_a_rollback_restores()
{
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.enter().await;
    c.text("3").await;
    // The newest READY snapshot of the running version is the first row.
    c.text("x").await;
    let plan = &c.confirm().plan;
    assert!(plan.needs_name());
    assert!(
        plan.checks
            .iter()
            .any(|k| k.name == "what a rollback restores"),
        "{:?}",
        plan.checks
    );
    let OpCall::DeleteApplicationSnapshot { name, created } = plan.call.clone() else {
        panic!()
    };
    c.text("orders-enricher").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    assert_eq!(
        c.audit_lines()[0]["inputs"]["snapshot_creation_timestamp"],
        created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    );
    c.run_until_said(10, 2, "is deleted").await;
    assert_eq!(snapshot_status(&c, &name), None, "gone from the tab");
}

#[tokio::test]
async fn a_full_quota_is_refused_by_aws_or_by_the_plan_when_kinetic_knows_it() {
    let mut c = Console::start(false).await;
    c.command("drill snapshots-full orders-enricher").await;
    c.select_app("orders-enricher").await;
    c.text("S").await;
    c.enter().await;
    c.enter().await;
    assert!(
        c.status()
            .contains("was not changed: an AWS limit was reached"),
        "{}",
        c.status()
    );
    // With the quota configured, the plan itself says so and nothing is sent.
    c.model.limits.snapshot_quota = 4;
    c.text("S").await;
    c.enter().await;
    let quota = c
        .confirm()
        .plan
        .checks
        .iter()
        .find(|k| k.name == "snapshot quota")
        .unwrap()
        .clone();
    assert_eq!(quota.outcome, kinetic::ops::CheckOutcome::Fail, "{quota:?}");
    let before = Console::changes(&c.executed).len();
    c.enter().await;
    assert_eq!(Console::changes(&c.executed).len(), before);
}

#[tokio::test]
async fn bad_names_are_refused_before_any_call() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    let sent = c.command("snapshot has/slash").await;
    assert!(sent.is_empty(), "{sent:?}");
    assert!(
        c.status().contains("not allowed in a snapshot name"),
        "{}",
        c.status()
    );
    c.text("S").await;
    for _ in 0..40 {
        c.press(KeyCode::Backspace).await;
    }
    assert!(c.enter().await.is_empty());
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    assert!(
        dialog
            .error
            .as_deref()
            .unwrap()
            .contains("type a snapshot name")
    );
    c.text(&"a".repeat(257)).await;
    assert!(c.enter().await.is_empty());
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    assert!(
        dialog.error.as_deref().unwrap().contains("at most 256"),
        "{:?}",
        dialog.error
    );
    c.esc().await;
    // A good name straight from the command line goes to the confirm dialog.
    c.command("snapshot before-the-upgrade").await;
    assert_eq!(
        c.confirm().plan.call,
        OpCall::CreateApplicationSnapshot {
            name: "before-the-upgrade".into()
        }
    );
    assert!(Console::changes(&c.executed).is_empty());
}

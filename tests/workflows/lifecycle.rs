//! Stop (graceful and forced), start (latest snapshot, a picked one, none) and scale.
use crate::support::console::Console;
use kinetic::domain::{AppStatus, Restore};
use kinetic::ops::OpCall;

fn status_of(c: &Console, app: &str) -> AppStatus {
    c.model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == app)
        .unwrap()
        .status
        .clone()
}

#[tokio::test]
async fn a_graceful_stop_snapshots_and_a_start_from_it_runs_and_passes_the_gate() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("X").await;
    c.enter().await;
    let confirm = c.confirm();
    assert_eq!(confirm.plan.call, OpCall::StopApplication { force: false });
    assert!(!confirm.plan.destructive());
    c.text("orders-enricher").await;
    assert_eq!(
        Console::changes(&c.enter().await),
        [OpCall::StopApplication { force: false }]
    );
    c.run_until_said(60, 5, "done: orders-enricher stopped")
        .await;
    assert_eq!(status_of(&c, "orders-enricher"), AppStatus::Ready);
    // Start: the latest snapshot (the one the stop took) is the default and confirms with Enter.
    c.text("U").await;
    c.enter().await;
    assert!(
        !c.confirm().plan.needs_name(),
        "a start that restores confirms with Enter"
    );
    let restore = c
        .confirm()
        .plan
        .checks
        .iter()
        .find(|k| k.name == "restore")
        .unwrap()
        .detail
        .clone();
    assert!(
        restore.contains("-stop-"),
        "restores the stop's snapshot: {restore}"
    );
    assert_eq!(
        Console::changes(&c.enter().await),
        [OpCall::StartApplication {
            restore: Restore::Latest
        }]
    );
    c.run_until_said(100, 5, "health gate: watching").await;
    c.run_until_said(660, 10, "health gate PASSED").await;
}

#[tokio::test]
async fn a_forced_stop_is_an_explicit_destructive_choice() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("X").await;
    c.text("j").await;
    c.enter().await;
    let confirm = c.confirm();
    assert_eq!(confirm.plan.call, OpCall::StopApplication { force: true });
    assert!(confirm.plan.destructive());
    assert!(c.draw().contains("DESTRUCTIVE"));
    c.text("orders-enricher").await;
    assert_eq!(
        Console::changes(&c.enter().await),
        [OpCall::StopApplication { force: true }]
    );
    c.run_for(20, 5).await;
    assert_eq!(status_of(&c, "orders-enricher"), AppStatus::Ready);
}

#[tokio::test]
async fn start_from_a_picked_snapshot_or_without_restore_which_needs_the_name() {
    let mut c = Console::start(false).await;
    c.select_app("clickstream-sessionizer").await;
    c.text("U").await;
    c.text("j").await;
    c.enter().await;
    let OpCall::StartApplication {
        restore: Restore::Snapshot(name),
    } = &c.confirm().plan.call
    else {
        panic!("{:?}", c.confirm().plan.call)
    };
    assert!(name.starts_with("clickstream-sessionizer-"));
    c.esc().await;
    c.text("U").await;
    c.text("jjjjj").await;
    c.enter().await;
    let confirm = c.confirm();
    assert_eq!(
        confirm.plan.call,
        OpCall::StartApplication {
            restore: Restore::Skip
        }
    );
    assert!(confirm.plan.needs_name() && confirm.plan.destructive());
    assert!(c.enter().await.is_empty(), "no name, no call");
    c.text("clickstream-sessionizer").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
}

#[tokio::test]
async fn scaling_shows_kpus_and_cost_and_more_parallelism_lands_through_the_gate() {
    let mut c = Console::start(false).await;
    c.select_app("telemetry-aggregator").await;
    c.text("s").await;
    c.press(crossterm::event::KeyCode::Backspace).await;
    c.text("6").await;
    c.enter().await;
    let plan = &c.confirm().plan;
    let kpus = plan.changes.iter().find(|ch| ch.what == "KPUs").unwrap();
    assert_eq!((kpus.before.as_str(), kpus.after.as_str()), ("2", "6"));
    let cost = plan.changes.iter().find(|ch| ch.what == "cost").unwrap();
    assert_eq!(
        (cost.before.as_str(), cost.after.as_str()),
        ("$0.33/h", "$0.77/h"),
        "one more KPU billed"
    );
    c.text("telemetry-aggregator").await;
    let sent = Console::changes(&c.enter().await);
    let [OpCall::UpdateApplication(update)] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(update.parallelism.map(|p| p.parallelism), Some(6));
    assert!(update.code.is_none());
    c.run_until_said(120, 5, "health gate: watching").await;
    c.run_until_said(660, 10, "health gate PASSED").await;
}

//! Every refusal says why and produces no change: read-only mode, states AWS refuses, bad
//! capacity, an operation in flight, a change still running.
use crate::support::console::Console;
use crossterm::event::KeyCode;
use kinetic::app::Command;
use kinetic::app::modal::Modal;
use kinetic::ops::CheckOutcome;

/// The failing checks of the open confirm dialog, by name.
fn failing(c: &Console) -> Vec<String> {
    c.confirm()
        .plan
        .checks
        .iter()
        .filter(|k| k.outcome == CheckOutcome::Fail)
        .map(|k| format!("{}: {}", k.name, k.detail))
        .collect()
}

/// Enter with the name typed: a failing check blocks, nothing is sent.
async fn enter_sends_nothing(c: &mut Console, app: &str) {
    c.text(app).await;
    let sent = c.enter().await;
    assert!(Console::changes(&sent).is_empty(), "{sent:?}");
    assert!(c.draw().contains("a failing check blocks this change"));
}

#[tokio::test]
async fn read_only_mode_refuses_every_application_action_with_no_command_at_all() {
    let mut c = Console::start(true).await;
    c.select_app("orders-enricher").await;
    for key in ["S", "D", "s", "U", "X"] {
        let sent = c.text(key).await;
        assert!(sent.is_empty(), "{key}: {sent:?}");
        assert!(c.model.modal.is_none(), "{key}");
        assert!(
            c.status().contains("read-only mode"),
            "{key}: {}",
            c.status()
        );
    }
    for line in [
        "snapshot",
        "snapshot nightly",
        "deploy",
        "scale",
        "start",
        "stop",
    ] {
        let sent = c.command(line).await;
        assert!(sent.is_empty(), "{line}: {sent:?}");
        assert!(c.model.modal.is_none(), "{line}");
    }
    c.enter().await;
    c.text("3").await;
    assert!(c.text("x").await.is_empty());
    assert!(c.model.modal.is_none());
    assert!(Console::changes(&c.executed).is_empty());
    assert!(c.audit_lines().is_empty());
}

#[tokio::test]
async fn start_when_running_and_stop_when_ready_are_refused_with_aws_rules() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("U").await;
    c.enter().await;
    assert!(
        failing(&c)[0].contains("AWS allows StartApplication only in READY"),
        "{:?}",
        failing(&c)
    );
    enter_sends_nothing(&mut c, "orders-enricher").await;
    c.esc().await;
    c.select_app("clickstream-sessionizer").await;
    c.text("X").await;
    c.enter().await;
    assert!(
        failing(&c)[0].contains("only in RUNNING"),
        "{:?}",
        failing(&c)
    );
    enter_sends_nothing(&mut c, "clickstream-sessionizer").await;
    c.esc().await;
    // A stopped application takes no snapshot either.
    c.text("S").await;
    c.enter().await;
    assert!(
        failing(&c)
            .iter()
            .any(|f| f.contains("CreateApplicationSnapshot only in RUNNING"))
    );
    assert!(Console::changes(&c.executed).is_empty());
}

#[tokio::test]
async fn parallelism_zero_and_past_the_kpu_limit_are_refused() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("s").await;
    c.press(KeyCode::Backspace).await;
    c.text("0").await;
    assert!(c.enter().await.is_empty());
    let Modal::App(dialog) = c.modal() else {
        panic!()
    };
    assert!(
        dialog.error.as_deref().unwrap().contains("at least 1"),
        "{:?}",
        dialog.error
    );
    c.press(KeyCode::Backspace).await;
    c.text("65").await;
    c.enter().await;
    assert!(
        failing(&c)
            .iter()
            .any(|f| f.contains("65 KPUs is over the limit of 64")),
        "{:?}",
        failing(&c)
    );
    enter_sends_nothing(&mut c, "orders-enricher").await;
    // The same settings as now are no change.
    c.esc().await;
    c.text("s").await;
    c.enter().await;
    assert!(
        failing(&c)
            .iter()
            .any(|f| f.contains("these are the settings it runs with"))
    );
}

#[tokio::test]
async fn an_operation_in_flight_blocks_every_change_to_the_application() {
    let mut c = Console::start(false).await;
    c.select_app("inventory-sync").await;
    c.text("D").await;
    c.enter().await;
    let failing = failing(&c);
    assert!(
        failing
            .iter()
            .any(|f| f.contains("UpdateApplication op-is-3 is IN_PROGRESS")),
        "{failing:?}"
    );
    assert!(
        failing
            .iter()
            .any(|f| f.contains("the application is UPDATING")),
        "{failing:?}"
    );
    enter_sends_nothing(&mut c, "inventory-sync").await;
}

#[tokio::test]
async fn a_change_still_running_makes_the_next_one_wait_and_keys_never_send_twice() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.text("D").await;
    c.enter().await;
    c.text("orders-enricher").await;
    let sent = c
        .keys(&[
            crate::support::console::key(KeyCode::Enter),
            crate::support::console::key(KeyCode::Enter),
            crate::support::console::key(KeyCode::Enter),
        ])
        .await;
    assert_eq!(
        Console::changes(&sent).len(),
        1,
        "one call however often Enter is pressed"
    );
    c.select_app("orders-enricher").await;
    let sent = c.text("S").await;
    assert!(sent.is_empty() && c.model.modal.is_none());
    assert!(
        c.status()
            .contains("a change to application orders-enricher is still running"),
        "{}",
        c.status()
    );
}

#[tokio::test]
async fn actions_need_an_application() {
    let mut c = Console::start(false).await;
    let sent = c.text("S").await;
    assert!(
        sent.is_empty(),
        "S on the streams screen is not bound to an action there: {sent:?}"
    );
    let sent = c.command("deploy").await;
    assert!(
        !sent
            .iter()
            .any(|s| matches!(s, Command::LoadAppInputs { .. }))
    );
    assert!(
        c.status().contains("select an application first"),
        "{}",
        c.status()
    );
}

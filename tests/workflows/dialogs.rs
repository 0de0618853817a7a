//! Pictures of every application dialog, the confirm dialogs they lead to, and the operation panel
//! with the health gate's checklist (live and failed).
use crate::support::console::Console;

async fn orders_enricher() -> Console {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c
}

#[tokio::test]
async fn snapshot_start_stop_and_scale_dialogs() {
    let mut c = orders_enricher().await;
    c.text("S").await;
    let snapshot = c.draw();
    c.esc().await;
    c.text("X").await;
    c.text("j").await;
    let stop = c.draw();
    c.esc().await;
    c.text("s").await;
    c.press(crossterm::event::KeyCode::Tab).await;
    let scale = c.draw();
    c.esc().await;
    c.select_app("clickstream-sessionizer").await;
    c.text("U").await;
    c.text("j").await;
    let start = c.draw();
    insta::assert_snapshot!(format!("{snapshot}\n{stop}\n{scale}\n{start}"));
}

#[tokio::test]
async fn deploy_picker_and_its_confirm_dialog() {
    let mut c = orders_enricher().await;
    c.text("D").await;
    let picker = c.draw();
    c.enter().await;
    c.text("orders-en").await;
    let confirm = c.draw();
    insta::assert_snapshot!(format!("{picker}\n{confirm}"));
}

#[tokio::test]
async fn destructive_confirm_dialogs_say_so_in_their_title() {
    let mut c = orders_enricher().await;
    c.enter().await;
    c.text("3").await;
    c.text("x").await;
    let delete = c.draw();
    c.esc().await;
    c.esc().await;
    c.text("X").await;
    c.text("j").await;
    c.enter().await;
    let force = c.draw();
    insta::assert_snapshot!(format!("{delete}\n{force}"));
}

#[tokio::test]
async fn the_operation_panel_follows_the_change_then_shows_the_gate_live_and_failed() {
    let mut c = Console::start(false).await;
    c.select_app("telemetry-aggregator").await;
    c.text("D").await;
    c.enter().await;
    c.text("telemetry-aggregator").await;
    c.enter().await;
    c.enter().await;
    c.run_for(30, 5).await;
    let following = c.draw();
    let gate_running = |c: &Console| c.model.operations.iter().any(|op| op.gate().is_some());
    c.run_until(120, 5, gate_running).await;
    c.after(20).await;
    let gating = c.draw();
    c.run_until(600, 10, |c| !gate_running(c)).await;
    let failed = c.draw();
    insta::assert_snapshot!(format!("{following}\n{gating}\n{failed}"));
}

#[tokio::test]
async fn the_rollback_guide_on_each_path() {
    let mut c = Console::start(false).await;
    let mut pictures = Vec::new();
    for app in [
        "recommendations-trainer",
        "session-windows",
        "alerts-router",
        "audit-archiver",
    ] {
        c.command(&format!("rollback {app}")).await;
        pictures.push(c.draw());
        c.esc().await;
    }
    c.command("rollback recommendations-trainer").await;
    c.enter().await;
    pictures.push(c.draw());
    insta::assert_snapshot!(pictures.join("\n"));
}

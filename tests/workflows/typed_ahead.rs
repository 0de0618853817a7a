//! Keys typed before a dialog can act: an Enter pressed while the dialog's facts load is acted on
//! when they arrive, the keys typed since go to the plan it shows, and an Enter typed before the
//! plan showed never confirms it. Esc gives up, and keys that cannot be used are said to be.
use crate::support::console::{Console, key};
use crate::support::drive::settle;
use crossterm::event::KeyCode;
use kinetic::app::modal::Modal;
use kinetic::app::update::update;
use kinetic::app::waiting::waiting_for;
use kinetic::app::{Command, Msg, Route};

/// Keys into `update` without running what they ask for: the facts are still on their way.
fn typed(console: &mut Console, text: &str) -> Vec<Command> {
    let mut asked = Vec::new();
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\u{1b}' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        asked.extend(update(&mut console.model, Msg::Key(key(code))));
    }
    asked
}

fn changes(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::Execute { .. }))
        .count()
}

fn confirm_typed(console: &Console) -> Option<String> {
    match &console.model.modal {
        Some(Modal::Confirm(c)) => Some(c.typed.clone()),
        _ => None,
    }
}

fn said(console: &Console) -> String {
    console
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// `R`, `8`, Enter typed before the planner's facts arrive, then the stream's name and Enter:
/// the plan shows when the facts do, with the name typed in, and waits for an Enter of its own.
#[tokio::test]
async fn an_enter_typed_before_the_reshard_facts_arrive_plans_when_they_do() {
    let mut c = Console::start(false).await;
    c.text("/orders-ingest").await;
    c.enter().await;
    let mut asked = typed(&mut c, "R8\n");
    assert!(
        waiting_for(&c.model).is_some(),
        "the planner forgot the Enter"
    );
    let screen = c.draw();
    assert!(
        screen.contains("enter pressed: acting on it as soon as the stream's shards"),
        "{screen}"
    );
    asked.extend(typed(&mut c, "orders-ingest\n"));
    assert_eq!(c.model.typed_ahead.len(), 14);
    assert_eq!(changes(&asked), 0);

    // The facts arrive: the plan shows, the name typed ahead in it, and nothing is sent.
    let sent = settle(&mut c.model, &c.runner, asked).await;
    assert_eq!(changes(&sent), 0);
    assert_eq!(confirm_typed(&c).as_deref(), Some("orders-ingest"));
    assert!(said(&c).contains("does not confirm it"), "{}", said(&c));
    assert!(c.model.typed_ahead.is_empty());

    // The operator's own Enter, once the plan showed, sends exactly one change.
    let sent = c.enter().await;
    assert_eq!(changes(&sent), 1);
}

/// `D` then Enter before the application's facts arrive: the newest version is chosen when they
/// do, the plan is made from fresh facts, and the name typed meanwhile lands in its dialog.
#[tokio::test]
async fn an_enter_typed_before_the_deploy_dialog_loaded_chooses_when_it_has() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    let mut asked = typed(&mut c, "D\n");
    assert!(waiting_for(&c.model).is_some());
    asked.extend(typed(&mut c, "orders-enricher"));
    let sent = settle(&mut c.model, &c.runner, asked).await;
    assert_eq!(changes(&sent), 0);
    assert_eq!(confirm_typed(&c).as_deref(), Some("orders-enricher"));
    let sent = c.enter().await;
    assert_eq!(changes(&sent), 1);
}

/// Enter in the rollback guide before it has read the application: the way back is planned as
/// soon as it has.
#[tokio::test]
async fn an_enter_typed_before_the_rollback_guide_read_plans_the_way_back() {
    let mut c = Console::start(false).await;
    let asked = typed(&mut c, ":rollback telemetry-aggregator\n\n");
    assert_eq!(
        c.model.route(),
        &Route::Rollback("telemetry-aggregator".into())
    );
    assert!(waiting_for(&c.model).is_some());
    assert!(c.draw().contains("enter pressed"), "{}", c.draw());
    let sent = settle(&mut c.model, &c.runner, asked).await;
    assert_eq!(changes(&sent), 0);
    assert!(
        matches!(c.model.modal, Some(Modal::Confirm(_))),
        "no plan: {}",
        said(&c)
    );
}

/// Esc while a dialog waits gives up: nothing is sent, the held keys are dropped and that is said.
#[tokio::test]
async fn esc_while_waiting_sends_nothing_and_says_what_was_dropped() {
    let mut c = Console::start(false).await;
    c.text("/orders-ingest").await;
    c.enter().await;
    let mut asked = typed(&mut c, "R\nab");
    asked.extend(typed(&mut c, "\u{1b}"));
    assert!(c.model.modal.is_none());
    assert!(waiting_for(&c.model).is_none());
    assert_eq!(
        said(&c),
        "cancelled: nothing was sent; the 2 keys typed ahead were dropped"
    );
    let sent = settle(&mut c.model, &c.runner, asked).await;
    assert_eq!(changes(&sent), 0);
    assert!(c.model.modal.is_none(), "the late facts reopened a dialog");
}

/// The facts fail to load: no plan shows, and the keys typed ahead are said not to be used.
#[tokio::test]
async fn keys_typed_ahead_of_facts_that_never_come_are_said_not_used() {
    let mut c = Console::start(false).await;
    c.text("/orders-ingest").await;
    c.enter().await;
    let asked = typed(&mut c, "R\n");
    let stream = match &c.model.modal {
        Some(Modal::Planner(p)) => p.stream.clone(),
        other => panic!("{other:?}"),
    };
    typed(&mut c, "xy");
    drop(asked);
    let at = c.model.now;
    update(
        &mut c.model,
        Msg::ReshardInputsLoaded {
            stream,
            next_target: None,
            at,
            result: Err(kinetic::domain::PortError::Throttled {
                api: "DescribeLimits".into(),
            }),
        },
    );
    assert!(waiting_for(&c.model).is_none());
    assert!(c.model.typed_ahead.is_empty());
    assert_eq!(
        said(&c),
        "the 2 keys typed ahead were not used: no plan could be shown to type them into"
    );
}

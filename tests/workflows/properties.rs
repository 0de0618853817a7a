//! The loop under random input: any sequence of keys (every binding, dialog keys, the right name
//! typed), clock jumps and resizes goes through `update` and `view` without a panic, and the
//! safety rules hold — read-only sends no change; every change leaves a confirmed dialog (with
//! no failing check and the name typed where it must be) and an audit record.
use crate::support::console::{Console, key};
use crossterm::event::KeyCode;
use kinetic::app::Command;
use kinetic::app::modal::Modal;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Event {
    Key(KeyCode),
    /// Types the name the open confirm dialog asks for (else the selected application's).
    TypeName,
    Tick(i64),
    Resize(u16, u16),
    /// A self-managed job's facts arrive for one of its plans (deploy, rescale in place or
    /// through a savepoint, the way back) or the jar picker, as after `:deploy`, `:scale N`,
    /// `B` or `D`.
    JobFacts(u8),
    /// A `:` command line of a change typed whole (`:metrics-level task`, `:maintenance 22:30`).
    Line(&'static str),
}

/// Changes typed whole on the command line, good and bad.
const LINES: [&str; 6] = [
    "metrics-level task",
    "metrics-level application",
    "metrics-level sideways",
    "maintenance 22:30",
    "maintenance 25:00",
    "snapshot fuzzed",
];

fn keys() -> impl Strategy<Value = KeyCode> {
    let chars: Vec<char> = "SDsUXxBRcmtjkgG123451/:eanLp?q0 ".chars().collect();
    prop_oneof![
        4 => prop::sample::select(chars).prop_map(KeyCode::Char),
        3 => Just(KeyCode::Enter),
        1 => Just(KeyCode::Esc),
        1 => Just(KeyCode::Tab),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Down),
    ]
}

/// An action carried through: its key, Enter in its dialog, the name, Enter to confirm.
fn act(action: char) -> Vec<Event> {
    vec![
        Event::Key(KeyCode::Char(action)),
        Event::Key(KeyCode::Enter),
        Event::TypeName,
        Event::Key(KeyCode::Enter),
    ]
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    let one = prop_oneof![
        8 => keys().prop_map(|k| vec![Event::Key(k)]),
        2 => Just(vec![Event::TypeName]),
        3 => prop::sample::select("SDsUXBRct".chars().collect::<Vec<_>>()).prop_map(act),
        2 => (1i64..120).prop_map(|s| vec![Event::Tick(s)]),
        1 => (1u16..220, 1u16..70).prop_map(|(w, h)| vec![Event::Resize(w, h)]),
        1 => (0u8..5).prop_map(|i| vec![Event::JobFacts(i)]),
        2 => prop::sample::select(LINES.to_vec()).prop_map(|line| vec![
            Event::Line(line),
            Event::TypeName,
            Event::Key(KeyCode::Enter),
        ]),
        1 => (0u8..5).prop_map(|i| vec![
            Event::JobFacts(i),
            Event::TypeName,
            Event::Key(KeyCode::Enter),
        ]),
    ];
    prop::collection::vec(one, 1..40).prop_map(|events| events.concat())
}

/// The name Enter would need now, if a confirm dialog is open.
fn confirm_needs(c: &Console) -> Option<(bool, bool, String, String)> {
    match &c.model.modal {
        Some(Modal::Confirm(confirm)) => Some((
            confirm.plan.runnable(),
            confirm.plan.needs_name(),
            confirm.typed.clone(),
            confirm.plan.resource.name().to_string(),
        )),
        _ => None,
    }
}

async fn play(read_only: bool, events: Vec<Event>) -> Result<(), TestCaseError> {
    let mut c = Console::start(read_only).await;
    // Start on the applications, where most actions live.
    c.command("apps").await;
    let mut changes = 0;
    for event in events {
        let before = confirm_needs(&c);
        let sent = match event {
            Event::Key(code) => c.keys(&[key(code)]).await,
            Event::TypeName => {
                let name = before
                    .as_ref()
                    .map(|(_, _, _, name)| name.clone())
                    .or_else(|| c.model.apps.selected().map(|s| s.name.clone()))
                    .unwrap_or_default();
                c.text(&name).await
            }
            Event::Tick(seconds) => c.after(seconds).await,
            Event::Line(line) => c.command(line).await,
            Event::JobFacts(which) => {
                use kinetic::ops::job_deploy_plan::{JobIntent, parse};
                let (intent, adaptive) = match which {
                    0 => (JobIntent::WayBack(None), false),
                    1 => (
                        JobIntent::Deploy(parse("keyed-counter.jar -- 1").unwrap()),
                        true,
                    ),
                    2 => (JobIntent::Rescale(2), true),
                    3 => (JobIntent::Rescale(2), false),
                    _ => (JobIntent::Pick, false),
                };
                let commands = kinetic::app::update::update(
                    &mut c.model,
                    kinetic::app::Msg::DeployFactsLoaded {
                        app: "keyed-counter@local".into(),
                        intent,
                        result: Ok(Box::new((
                            crate::support::deployments::job_facts(adaptive),
                            None,
                        ))),
                    },
                );
                crate::support::drive::settle(&mut c.model, &c.runner, commands).await
            }
            Event::Resize(width, height) => {
                let commands = kinetic::app::update::update(
                    &mut c.model,
                    kinetic::app::Msg::Resize { width, height },
                );
                crate::support::drive::settle(&mut c.model, &c.runner, commands).await
            }
        };
        let executed = sent
            .iter()
            .filter(|s| matches!(s, Command::Execute { .. }))
            .count();
        if executed > 0 {
            prop_assert!(!read_only, "read-only sent a change: {sent:?}");
            prop_assert_eq!(executed, 1, "one key, one change");
            let Some((runnable, needs_name, typed, name)) = before else {
                return Err(TestCaseError::fail(format!(
                    "a change without a confirm dialog: {sent:?}"
                )));
            };
            prop_assert!(runnable, "a change with a failing check");
            prop_assert!(!needs_name || typed == name, "typed {typed:?} for {name:?}");
            changes += 1;
        }
        // Drawing any state at any size never panics.
        let _ = c.draw();
        // The room the tables leave for the operation panel is the panel the screen draws.
        let apps: Vec<String> = c
            .model
            .apps
            .summaries()
            .iter()
            .map(|s| s.name.clone())
            .collect();
        for app in apps {
            let drawn = kinetic::ui::views::operation_panel::lines(
                &c.model,
                &app,
                &kinetic::ui::Theme::default_theme(),
            )
            .len();
            let room = usize::from(c.model.operation_panel_height(&app));
            prop_assert_eq!(
                room,
                if drawn == 0 { 0 } else { drawn + 1 },
                "panel of {}",
                app
            );
        }
    }
    let started = c
        .audit_lines()
        .iter()
        .filter(|r| r["phase"] == "call" && r["result"] == "started")
        .count();
    prop_assert_eq!(started, changes, "every change has its audit record");
    Ok(())
}

fn run(read_only: bool, events: Vec<Event>) -> Result<(), TestCaseError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    runtime.block_on(play(read_only, events))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn changes_need_a_confirmed_dialog_and_leave_an_audit_record(events in events()) {
        run(false, events)?;
    }

    #[test]
    fn read_only_never_sends_a_change(events in events()) {
        run(true, events)?;
    }
}

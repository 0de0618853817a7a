//! The pure loop under random messages: every key the keymap binds and random characters,
//! resizes from 1×1 to 400×120, clock jumps, and port results in any order — answers to current
//! and superseded requests, and every kind of `PortError` — go into `update`, and every step is
//! drawn with `view`. Nothing panics, selections stay in bounds, read-only never yields a change,
//! and a change only ever leaves a confirmed dialog. (The audit-first rule is the effect runner's:
//! `properties.rs` checks it over the simulated account.)
use crate::support::answers::{World, failed, for_request, world};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::modal::Modal;
use kinetic::app::msg::RequestId;
use kinetic::app::update::update;
use kinetic::app::{Command, Model, Msg};
use kinetic::ui::{Theme, view};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One message, chosen by `pick` numbers (so proptest shrinks them) against the model as it is.
fn message(world: &World, model: &Model, pick: (u8, u32, u32, u16, u16)) -> Msg {
    let (kind, a, b, w, h) = pick;
    let key = |code| Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
    // An open dialog is mostly carried through, as an operator would, so the confirm path is
    // walked to its end and not only skirted.
    let kind = if model.modal.is_some() && kind % 4 != 0 {
        16
    } else {
        kind
    };
    // A `:` command line being typed is mostly carried through too: every command of the
    // console (the screens, :ctx, :region, :console, :dashboard, :drill …) gets run.
    if let kinetic::app::model::Input::Command(typed) = &model.input
        && kind % 4 != 0
    {
        let lines = command_lines();
        let longer: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with(typed.as_str()) && l.len() > typed.len())
            .collect();
        let line = if lines.contains(typed) && (longer.is_empty() || a % 3 == 0) {
            Some(typed)
        } else {
            longer.get(a as usize % longer.len().max(1)).copied()
        };
        return match line {
            Some(line) if line.len() > typed.len() => key(KeyCode::Char(
                line[typed.len()..].chars().next().unwrap_or(' '),
            )),
            Some(_) => key(KeyCode::Enter),
            None => key(KeyCode::Backspace),
        };
    }
    match kind % 18 {
        0..=5 => Msg::Key(world.keys[a as usize % world.keys.len()]),
        // The operator carries an open dialog through: Enter, or the next letter of the name.
        16 | 17 => match &model.modal {
            // The facts an application's dialog waits for arrive (or fail).
            Some(Modal::App(dialog)) if dialog.inputs.is_loading() => {
                let inputs = world
                    .answers
                    .iter()
                    .find(|m| matches!(m, Msg::AppInputsLoaded { .. }));
                match inputs {
                    Some(answer) if b % 4 != 0 => for_request(answer, dialog.request),
                    Some(answer) => failed(
                        &for_request(answer, dialog.request),
                        world.errors[b as usize % world.errors.len()].clone(),
                    ),
                    None => key(KeyCode::Esc),
                }
            }
            Some(Modal::Confirm(c))
                if c.plan.needs_name() && c.typed.len() < c.plan.resource.name().len() =>
            {
                let name = c.plan.resource.name();
                let next = name[c.typed.len()..].chars().next().unwrap_or('x');
                if name.starts_with(&c.typed) {
                    key(KeyCode::Char(next))
                } else {
                    key(KeyCode::Backspace)
                }
            }
            Some(_) => key(KeyCode::Enter),
            None => Msg::Key(world.keys[a as usize % world.keys.len()]),
        },
        6 => key(KeyCode::Char(char::from_u32(32 + a % 95).unwrap_or('x'))),
        7 => key(KeyCode::Char(char::from_u32(a % 0x3000).unwrap_or('é'))),
        8 => Msg::Resize {
            width: 1 + w % 400,
            height: 1 + h % 120,
        },
        9 => Msg::Tick(model.now + chrono::Duration::seconds(i64::from(a % 4000))),
        10 => Msg::Tick(model.now + chrono::Duration::milliseconds(i64::from(a % 3000))),
        11..=13 => {
            // An answer for the current request, or one superseded a few requests ago.
            let answer = &world.answers[a as usize % world.answers.len()];
            // The latest request (next_request is the next to hand out), or an older one.
            let id = model
                .next_request
                .saturating_sub(1 + u64::from(b % 6))
                .max(1);
            let answer = for_request(answer, RequestId(id));
            retarget_op(answer, model, b)
        }
        _ => {
            let answer = &world.answers[a as usize % world.answers.len()];
            let id = model
                .next_request
                .saturating_sub(1 + u64::from(b % 6))
                .max(1);
            let error = world.errors[b as usize % world.errors.len()].clone();
            retarget_op(failed(&for_request(answer, RequestId(id)), error), model, b)
        }
    }
}

/// Answers about a change go to one the model follows now, or to one long gone.
fn retarget_op(mut msg: Msg, model: &Model, b: u32) -> Msg {
    let op = model
        .operations
        .get(b as usize % (model.operations.len() + 1))
        .map_or(u64::from(b), |o| o.id);
    let session = model.logs.as_ref().map_or(0, |l| l.session);
    match &mut msg {
        Msg::OpSent { op: id, .. }
        | Msg::Followed { op: id, .. }
        | Msg::GateObserved { op: id, .. } => *id = op,
        Msg::LogEvents { session: s, .. }
        | Msg::LogsNote { session: s, .. }
        | Msg::LogsFailed { session: s, .. }
        | Msg::LogsAnswered { session: s }
        | Msg::OlderLogsLoaded { session: s, .. } => *s = session,
        _ => {}
    }
    msg
}

/// The confirm dialog's state, if one is open: (runnable, needs the name, typed, name).
fn confirm(model: &Model) -> Option<(bool, bool, String, String)> {
    match &model.modal {
        Some(Modal::Confirm(c)) => Some((
            c.plan.runnable(),
            c.plan.needs_name(),
            c.typed.clone(),
            c.plan.resource.name().to_string(),
        )),
        _ => None,
    }
}

/// Applies `msg`, draws, and checks the invariants; the number of changes it yielded.
fn step(model: &mut Model, msg: Msg, read_only: bool) -> Result<usize, String> {
    let before = confirm(model);
    let commands = update(model, msg.clone());
    let changes = commands
        .iter()
        .filter(|c| matches!(c, Command::Execute { .. }))
        .count();
    if changes > 0 {
        if read_only {
            return Err(format!("read-only yielded a change after {msg:?}"));
        }
        match before {
            Some((true, needs_name, typed, name)) if !needs_name || typed == name => {}
            other => {
                return Err(format!(
                    "a change without a confirmed dialog ({other:?}) after {msg:?}"
                ));
            }
        }
        if changes > 1 {
            return Err(format!("{changes} changes from one message"));
        }
    }
    // The real loop ends on quit; here the operator changes their mind and goes on.
    model.quit = false;
    let (width, height) = (model.width.min(400), model.height.min(120));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).map_err(|e| e.to_string())?;
    terminal
        .draw(|frame| view(model, &Theme::default_theme(), frame))
        .map_err(|e| e.to_string())?;
    in_bounds(model)?;
    Ok(changes)
}

fn in_bounds(model: &Model) -> Result<(), String> {
    let check = |name: &str, cursor: usize, len: usize| {
        if len > 0 && cursor >= len {
            Err(format!("{name} cursor {cursor} beyond {len} rows"))
        } else {
            Ok(())
        }
    };
    check(
        "streams",
        model.streams.table.cursor,
        model.streams.rows.len(),
    )?;
    check(
        "applications",
        model.apps.table.cursor,
        model.apps.rows.len(),
    )?;
    if let Some(detail) = &model.stream_detail {
        check("shards", detail.table.cursor, detail.rows.len())?;
    }
    if let Some(page) = &model.app_detail {
        check(
            "versions",
            page.versions_table.cursor,
            page.versions().len(),
        )?;
        check(
            "operations",
            page.operations_table.cursor,
            page.operations().len(),
        )?;
        check(
            "snapshots",
            page.snapshots_table.cursor,
            page.snapshots.value().map_or(0, Vec::len),
        )?;
    }
    if let Some(logs) = &model.logs {
        check("log lines", logs.cursor, logs.buffer.len())?;
    }
    // Keys are held only while a dialog waits to act on an Enter; then they are used or said.
    if !model.typed_ahead.is_empty() && kinetic::app::waiting::waiting_for(model).is_none() {
        return Err(format!(
            "{} keys held with nothing waiting to act",
            model.typed_ahead.len()
        ));
    }
    if let Some(records) = &model.records {
        check("records", records.cursor, records.shown().len())?;
        // Reading stops when the view closes, however it was left.
        if !model
            .routes
            .iter()
            .any(|r| matches!(r, kinetic::app::Route::Records(_)))
        {
            return Err(format!(
                "records are still read with the viewer closed: {:?}",
                model.routes
            ));
        }
    }
    Ok(())
}

fn picks() -> impl Strategy<Value = Vec<(u8, u32, u32, u16, u16)>> {
    prop::collection::vec(any::<(u8, u32, u32, u16, u16)>(), 1..200)
}

fn fuzz(read_only: bool, cases: u32) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let world = runtime.block_on(world(read_only));
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let changes = std::cell::Cell::new(0);
    runner
        .run(&(0..world.starts.len(), picks()), |(start, picks)| {
            let mut model = world.starts[start].clone();
            for pick in picks {
                let msg = message(&world, &model, pick);
                let made = step(&mut model, msg, read_only).map_err(TestCaseError::fail)?;
                changes.set(changes.get() + made);
            }
            Ok(())
        })
        .unwrap();
    // The confirm path is walked, not only skirted: some sequences carry a change through.
    eprintln!(
        "fuzz (read-only: {read_only}): {} confirmed changes",
        changes.get()
    );
    if !read_only {
        assert!(changes.get() > 0, "no sequence reached a confirmed change");
    }
}

#[test]
fn random_messages_never_panic_and_keep_the_invariants() {
    fuzz(false, 32);
}

#[test]
fn random_messages_in_read_only_never_yield_a_change() {
    fuzz(true, 32);
}

/// The long run: `cargo test --release --test workflows long_fuzz -- --ignored --nocapture`.
/// 1,000,000 messages (half of them read-only), each drawn; prints the count and the time.
#[test]
#[ignore = "minutes long; run by hand"]
fn long_fuzz_of_a_million_messages() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let mut messages = 0u64;
    let mut changes = 0usize;
    let mut rng = kinetic::sim::rng::Rng::new(20_261_122);
    for read_only in [false, true] {
        let world = runtime.block_on(world(read_only));
        let until = messages + 500_000;
        while messages < until {
            // A fresh console every thousand messages, as an operator restarts it.
            let start = (messages / 1_000) as usize % world.starts.len();
            let mut model = world.starts[start].clone();
            for _ in 0..1_000 {
                let n = rng.next_u64();
                let pick = (
                    n as u8,
                    (n >> 8) as u32,
                    rng.next_u64() as u32,
                    (n >> 40) as u16,
                    (n >> 56) as u16 * 7,
                );
                let msg = message(&world, &model, pick);
                match step(&mut model, msg, read_only) {
                    Ok(n) => changes += n,
                    Err(e) => panic!("after {messages} messages: {e}"),
                }
                messages += 1;
            }
        }
    }
    eprintln!(
        "long fuzz: {messages} messages in {:.1} s ({changes} confirmed changes), no panic, invariants held",
        started.elapsed().as_secs_f64()
    );
}

/// Command lines the fuzz types: every command, some with an argument.
fn command_lines() -> Vec<String> {
    let mut lines: Vec<String> = kinetic::app::update::COMMANDS
        .iter()
        .map(|(name, _)| (*name).to_string())
        .collect();
    lines.extend(
        [
            "ctx prod-ops",
            "region eu-west-1",
            "region nowhere-1",
            "dashboard orders-enricher",
            "drill faults 30%",
            "records trim-horizon",
            "records 15m shardId-000000000002",
            "records 10:30",
            "records nonsense",
            "drill faults off",
            "drill conflict",
            "rollback alerts-router",
            "logs /aws/kinesis-analytics/orders-enricher",
            "warm 40",
            "drill burst",
            "drill hot-key ledger-events",
            "channel clickstream-to-s3 freshness 600",
            "channel ledger-to-iceberg freshness 10",
            "warm 99999",
            "advantage off",
            "advantage on",
            "distribution auto",
            "distribution partition-key",
            "max-record-size 2048",
            "max-record-size 100",
            "metrics-level task",
            "metrics-level operator",
            "metrics-level nonsense",
            "maintenance 22:30",
            "maintenance 3:00",
            "job session-windows",
            "rollback keyed-counter@local --jar keyed-counter.jar",
            "rollback --jar ./old.jar",
            "deploy keyed-counter.jar --from-savepoint latest-checkpoint",
            "deploy keyed-counter.jar --was unknown -- 1",
            "deploy keyed-counter.jar --cluster local -- 1",
            "deploy ./new.jar --cluster local --name new-job -p 2",
            "deploy keyed-counter.jar --name orphan",
            "contexts",
        ]
        .map(String::from),
    );
    lines.sort();
    lines
}

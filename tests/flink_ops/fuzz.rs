//! The pure loop under random messages: every key the keymap binds and random characters,
//! resizes from 1×1 to 400×120, clock jumps, and port results in any order — answers to current
//! and superseded requests, and every kind of `PortError` — go into `update`, and every step is
//! drawn with `view`. Nothing panics, selections stay in bounds, read-only never yields a change,
//! and a change only ever leaves a confirmed dialog. (The audit-first rule is the effect runner's:
//! `properties.rs` checks it over the simulated account.)
use crate::support::console::Console;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::modal::Modal;
use kinetic::app::msg::{Observation, RequestId};
use kinetic::app::update::update;
use kinetic::app::{Command, Model, Msg};
use kinetic::config::Section;
use kinetic::domain::PortError;
use kinetic::ui::{Theme, view};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One of each kind an adapter can return.
fn every_error() -> Vec<PortError> {
    let api = "DescribeApplication".to_string();
    vec![
        PortError::Throttled { api: api.clone() },
        PortError::Credentials {
            detail: "ExpiredToken".into(),
        },
        PortError::AccessDenied {
            api: api.clone(),
            detail: "not authorized".into(),
        },
        PortError::NotFound {
            resource: "application x".into(),
        },
        PortError::ResourceInUse {
            resource: "stream x".into(),
            detail: "UPDATING".into(),
        },
        PortError::ConcurrentModification {
            resource: "application x".into(),
            detail: "token".into(),
        },
        PortError::LimitExceeded {
            detail: "10 scalings".into(),
        },
        PortError::InvalidArgument {
            detail: "bad".into(),
        },
        PortError::CodeValidation {
            detail: "not a jar".into(),
        },
        PortError::Network {
            detail: "reset".into(),
        },
        PortError::NotUnderstood {
            api: "GetMetricData".into(),
            detail: "HTTP 404".into(),
        },
        PortError::Service {
            api,
            detail: "InternalFailure".into(),
        },
    ]
}

/// The same answer for another request (`None`: the message carries no request id).
fn for_request(msg: &Msg, id: RequestId) -> Msg {
    let mut msg = msg.clone();
    match &mut msg {
        Msg::StreamsListed { request, .. }
        | Msg::ShardsLoaded { request, .. }
        | Msg::ConsumersLoaded { request, .. }
        | Msg::StreamMetricsLoaded { request, .. }
        | Msg::ShardMetricsLoaded { request, .. }
        | Msg::AppsListed { request, .. }
        | Msg::AppMetricsLoaded { request, .. }
        | Msg::VersionsListed { request, .. }
        | Msg::VersionDescribed { request, .. }
        | Msg::SnapshotsListed { request, .. }
        | Msg::OperationDescribed { request, .. }
        | Msg::CheckpointsLoaded { request, .. }
        | Msg::AppInputsLoaded { request, .. }
        | Msg::RollbackFactsLoaded { request, .. } => *request = id,
        // A reader's session is a request id too: aim at the viewer open now, or an old one.
        Msg::RecordsRead { session, .. }
        | Msg::RecordsFailed { session, .. }
        | Msg::ShardEnded { session, .. } => *session = id.0,
        _ => {}
    }
    msg
}

/// The same message, failed with `error`.
fn failed(msg: &Msg, error: PortError) -> Msg {
    let mut msg = msg.clone();
    let e = error.clone();
    match &mut msg {
        Msg::StreamsListed { result, .. } => *result = Err(e),
        Msg::SummaryLoaded { result, .. } => *result = Err(e),
        Msg::ShardsCounted { result, .. } => *result = Err(e),
        Msg::ShardsLoaded { result, .. } => *result = Err(e),
        Msg::ConsumersLoaded { result, .. } => *result = Err(e),
        Msg::StreamMetricsLoaded { result, .. } | Msg::ShardMetricsLoaded { result, .. } => {
            *result = Err(e)
        }
        Msg::AppsListed { result, .. } => *result = Err(e),
        Msg::AppDescribed { result, .. } | Msg::VersionDescribed { result, .. } => *result = Err(e),
        Msg::OperationsListed { result, .. } => *result = Err(e),
        Msg::AppMetricsLoaded { result, .. } => *result = Err(e),
        Msg::VersionsListed { result, .. } => *result = Err(e),
        Msg::SnapshotsListed { result, .. } => *result = Err(e),
        Msg::OperationDescribed { result, .. } => *result = Err(e),
        Msg::CheckpointsLoaded { result, .. } => *result = Err(e),
        Msg::ReshardInputsLoaded { result, .. } => *result = Err(e),
        Msg::AppInputsLoaded { result, .. } => *result = Err(e),
        Msg::RollbackFactsLoaded { result, .. } => *result = Err(e),
        Msg::OpSent { result, .. } => *result = Err(e),
        Msg::Followed { result, .. } => *result = Err(e),
        Msg::GateObserved { result, .. } => *result = Err(e),
        Msg::OlderLogsLoaded { result, .. } => *result = Err(e),
        _ => return Msg::AuditFailed { error },
    }
    msg
}

/// What the fuzzer draws from: a loaded console, its bound keys, and real answers to replay.
struct World {
    /// Where sequences start: the streams, the applications, one application, the alarms.
    starts: Vec<Model>,
    keys: Vec<KeyEvent>,
    answers: Vec<Msg>,
    errors: Vec<PortError>,
}

async fn world(read_only: bool) -> World {
    let mut c = Console::start(read_only).await;
    // Answers to every kind of read the console made while loading, opening and following.
    c.command("apps").await;
    c.enter().await;
    for tab in ['2', '3', '4', '5'] {
        c.text(&tab.to_string()).await;
    }
    c.esc().await;
    // The facts the dialogs are planned from: an application's action and a reshard.
    for action in ["S", "D", "s", "X"] {
        c.text(action).await;
        c.esc().await;
        c.esc().await;
    }
    c.command("streams").await;
    c.text("R").await;
    c.esc().await;
    c.esc().await;
    c.command("apps").await;
    let mut answers = Vec::new();
    for command in c.executed.clone() {
        if matches!(
            command,
            Command::Execute { .. }
                | Command::Audit(_)
                | Command::WriteLogs { .. }
                | Command::WriteTimeline { .. }
                | Command::StartLogs { .. }
                | Command::StopLogs { .. }
                | Command::StartRecords { .. }
                | Command::PauseRecords { .. }
                | Command::StopRecords { .. }
                | Command::SimDrill(_)
                | Command::SimThrottling(_)
        ) {
            continue;
        }
        if let Some(msg) = c.runner.execute(command).await
            && !answers
                .iter()
                .any(|a: &Msg| std::mem::discriminant(a) == std::mem::discriminant(&msg))
        {
            answers.push(msg);
        }
    }
    let app = c
        .model
        .apps
        .summaries()
        .first()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let detail = c.model.apps.details.get(&app).map(|(d, _)| d.clone());
    let at = c.model.now;
    if let Some(detail) = detail {
        answers.push(Msg::Followed {
            op: 1,
            at,
            result: Ok(Observation::Application(Box::new(detail))),
        });
    }
    answers.push(Msg::Followed {
        op: 1,
        at,
        result: Ok(Observation::Snapshot(None)),
    });
    answers.push(Msg::OpSent {
        op: 1,
        at,
        result: Ok(kinetic::ops::execute::Sent {
            operation_id: Some("op-1".into()),
        }),
    });
    answers.push(Msg::LogEvents {
        session: 1,
        events: Vec::new(),
        sampled: true,
    });
    answers.push(Msg::LogsAnswered { session: 1 });
    // Records as the reader reports them: a batch of orders (KPL and bytes among them), a
    // throttled or denied read, and a shard read to its end.
    let mut records = Vec::new();
    for (i, data) in [
        br#"{"type":"OrderPlaced","order_id":"o-1"}"#.to_vec(),
        b"plain text".to_vec(),
        vec![0, 255, 7],
        kinetic::domain::kpl::aggregate(&[kinetic::domain::kpl::UserRecord {
            partition_key: "device-1".into(),
            explicit_hash_key: None,
            data: b"{}".to_vec(),
        }]),
    ]
    .iter()
    .enumerate()
    {
        records.extend(kinetic::domain::record::from_kinesis(
            "shardId-000000000002",
            &format!("4900{i}"),
            "tenant-3",
            at,
            data,
        ));
    }
    answers.push(Msg::RecordsRead {
        session: 1,
        shard: "shardId-000000000002".into(),
        records,
        behind_ms: Some(1500),
    });
    answers.push(Msg::RecordsFailed {
        session: 1,
        shard: "shardId-000000000001".into(),
        error: PortError::Throttled {
            api: "GetRecords".into(),
        },
    });
    answers.push(Msg::RecordsFailed {
        session: 1,
        shard: String::new(),
        error: PortError::AccessDenied {
            api: "GetRecords".into(),
            detail: "denied".into(),
        },
    });
    answers.push(Msg::ShardEnded {
        session: 1,
        shard: "shardId-000000000002".into(),
        children: vec!["shardId-000000000004".into(), "shardId-000000000005".into()],
    });
    let mut keys: Vec<KeyEvent> = Section::ALL
        .iter()
        .flat_map(|section| c.model.keymap.bindings(*section).map(|(k, _)| k.to_event()))
        .collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    keys.dedup();
    let mut starts = Vec::new();
    for line in ["streams", "apps", "alarms"] {
        c.command(line).await;
        starts.push(c.model.clone());
    }
    c.command("apps").await;
    c.enter().await;
    starts.push(c.model.clone());
    // The record viewer and the key view of the hot stream, with records held.
    c.command("streams").await;
    c.text("/orders-ingest").await;
    c.enter().await;
    c.enter().await;
    c.command("records").await;
    if let Some(Msg::RecordsRead { records, .. }) = answers
        .iter()
        .find(|m| matches!(m, Msg::RecordsRead { .. }))
        .cloned()
        && let Some(page) = c.model.records.as_mut()
    {
        page.ingest(records);
    }
    starts.push(c.model.clone());
    c.press(KeyCode::Char('K')).await;
    starts.push(c.model.clone());
    World {
        starts,
        keys,
        answers,
        errors: every_error(),
    }
}

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
    if let Some(detail) = &model.detail {
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

/// The long run: `cargo test --release --test flink_ops long_fuzz -- --ignored --nocapture`.
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
        ]
        .map(String::from),
    );
    lines.sort();
    lines
}

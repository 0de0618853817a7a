//! The running console: terminal events, ticks and effect results feed `update`; `view` draws when something changed.
use super::command::Command;
use super::effects::EffectRunner;
use super::model::Model;
use super::msg::Msg;
use super::update::{init, update};
use crate::ui::{Theme, view};
use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// How often the clock ticks: drives refreshes and status expiry. Idle redraws only follow changes.
const TICK: Duration = Duration::from_secs(1);
/// At most this many frames a second while messages stream in.
const MIN_FRAME: Duration = Duration::from_millis(33);

/// Time since the process started (the first call sets the start: `main` calls it at once).
pub fn since_start() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Reads terminal events on a plain thread (crossterm's read blocks) and forwards them.
pub fn spawn_input_thread(tx: UnboundedSender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(key)) => Msg::Key(key),
                Ok(Event::Resize(width, height)) => Msg::Resize { width, height },
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}

/// Turns SIGTERM, SIGHUP and SIGINT into `Msg::Signal`, so the console leaves the way `q` does
/// and the terminal is restored. (In raw mode ctrl-c is a key, not SIGINT.)
pub fn spawn_signal_listener(tx: UnboundedSender<Msg>) {
    use tokio::signal::unix::{SignalKind, signal};
    for (kind, number) in [
        (SignalKind::terminate(), 15),
        (SignalKind::hangup(), 1),
        (SignalKind::interrupt(), 2),
    ] {
        let Ok(mut stream) = signal(kind) else {
            tracing::warn!(number, "cannot listen for signal");
            continue;
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            if stream.recv().await.is_some() {
                let _ = tx.send(Msg::Signal(number));
            }
        });
    }
}

/// Runs until the model asks to quit; returns the signal that ended it, if one did. The caller
/// owns terminal setup and restore.
pub async fn run(
    terminal: &mut DefaultTerminal,
    mut model: Model,
    theme: &Theme,
    mut runner: EffectRunner,
    mut rx: UnboundedReceiver<Msg>,
    clock: impl Fn() -> crate::domain::Timestamp,
) -> std::io::Result<Option<i32>> {
    let dispatch = |runner: &EffectRunner, commands: Vec<Command>| {
        for command in commands {
            runner.run(command);
        }
    };
    dispatch(&runner, init(&mut model));
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_frame = tokio::time::Instant::now() - MIN_FRAME;
    let mut dirty = true;
    let mut first_table_logged = false;
    loop {
        if dirty && last_frame.elapsed() >= MIN_FRAME {
            terminal.draw(|frame| view(&model, theme, frame))?;
            last_frame = tokio::time::Instant::now();
            dirty = false;
        }
        let msg = if dirty {
            // A frame is owed: wait no longer than the frame cap for more input.
            tokio::select! {
                msg = rx.recv() => msg,
                _ = tokio::time::sleep(MIN_FRAME.saturating_sub(last_frame.elapsed())) => continue,
            }
        } else {
            tokio::select! {
                msg = rx.recv() => msg,
                _ = ticker.tick() => Some(Msg::Tick(clock())),
            }
        };
        let Some(msg) = msg else { break };
        let mut changed = changes_screen(&model, &msg);
        swap_if_switched(&mut runner, &msg);
        dispatch(&runner, update(&mut model, msg));
        // Drain whatever else is queued before drawing once.
        while let Ok(msg) = rx.try_recv() {
            changed |= changes_screen(&model, &msg);
            swap_if_switched(&mut runner, &msg);
            dispatch(&runner, update(&mut model, msg));
        }
        dirty |= changed;
        if !first_table_logged && first_table_ready(&model) {
            first_table_logged = true;
            // Drawn on the next pass: this is the time to the first complete table.
            tracing::info!(
                since_start_ms = since_start().as_millis() as u64,
                streams = model.streams.listings().len(),
                "first complete streams table (names and exact shard counts)"
            );
        }
        if model.quit {
            break;
        }
    }
    Ok(model.exit_signal)
}

/// The clients for a new profile or region take over before the model asks anything of them.
pub fn swap_if_switched(runner: &mut EffectRunner, msg: &Msg) {
    if matches!(msg, Msg::ContextSwitched { result: Ok(_) })
        && let Some(next) = runner.take_switched()
    {
        *runner = next;
    }
}

/// A tick only redraws when it may have changed what is shown (the status line or a refresh).
fn changes_screen(model: &Model, msg: &Msg) -> bool {
    match msg {
        Msg::Tick(now) => {
            model.status.is_some()
                || !model.operations.is_empty()
                || model
                    .last_refresh
                    .is_none_or(|at| *now - at >= model.refresh_every)
        }
        _ => true,
    }
}

/// The listing is in and every visible row has its exact shard count.
fn first_table_ready(model: &Model) -> bool {
    let page = &model.streams;
    page.list.value().is_some()
        && page
            .table
            .visible(page.rows.len(), model.streams_page_rows())
            .all(|i| {
                page.listings()
                    .get(page.rows[i])
                    .is_some_and(|l| page.shard_counts.contains_key(&l.name))
            })
}

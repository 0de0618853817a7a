//! The running console: terminal events, ticks and effect results feed `update`; `view` draws when something changed.
use crate::app::command::Command;
use crate::app::effects::EffectRunner;
use crate::app::model::Model;
use crate::app::msg::Msg;
use crate::app::update::{init, update};
use crate::ui::{Theme, view};
use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// The longest an idle console sleeps before it looks at the clock again.
const LONGEST_SLEEP: Duration = Duration::from_mins(1);
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

/// How long to sleep until the model's next due moment, in wall time: the console's clock runs
/// `speed` times faster in a sped-up demo.
fn sleep_until_due(model: &Model, now: crate::domain::Timestamp, speed: f64) -> Duration {
    let due = (crate::app::wake::next_wake(model) - now)
        .to_std()
        .unwrap_or_default();
    due.div_f64(speed.max(1.0)).min(LONGEST_SLEEP)
}

/// Runs until the model asks to quit; returns the signal that ended it, if one did. The caller
/// owns terminal setup and restore. The console wakes for input, for answers, and for what is
/// due (`wake::next_wake`): an idle console sleeps until its next refresh. `speed` is how much
/// faster than the wall clock `clock` runs (1 but in a sped-up demo).
pub async fn run(
    terminal: &mut DefaultTerminal,
    mut model: Model,
    theme: &Theme,
    mut runner: EffectRunner,
    mut rx: UnboundedReceiver<Msg>,
    clock: impl Fn() -> crate::domain::Timestamp,
    speed: f64,
) -> std::io::Result<Option<i32>> {
    let mut first_table = FirstTable::default();
    let commands = init(&mut model);
    first_table.count(&commands);
    dispatch(&runner, commands);
    let mut last_frame = tokio::time::Instant::now() - MIN_FRAME;
    let mut dirty = true;
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
                () = tokio::time::sleep(MIN_FRAME.saturating_sub(last_frame.elapsed())) => continue,
            }
        } else {
            tokio::select! {
                msg = rx.recv() => msg,
                () = tokio::time::sleep(sleep_until_due(&model, clock(), speed)) => Some(Msg::Tick(clock())),
            }
        };
        let Some(first) = msg else { break };
        let mut msg = Some(first);
        // This message, then whatever else is queued, before drawing once.
        while let Some(next) = msg {
            dirty |= changes_screen(&model, &next);
            swap_if_switched(&mut runner, &next);
            let commands = update(&mut model, next);
            first_table.check(&model);
            first_table.count(&commands);
            dispatch(&runner, commands);
            msg = rx.try_recv().ok();
        }
        if model.quit {
            break;
        }
    }
    Ok(model.exit_signal)
}

fn dispatch(runner: &EffectRunner, commands: Vec<Command>) {
    for command in commands {
        runner.run(command);
    }
}

/// The time to the first complete streams table and what was asked before it, for the log.
#[derive(Default)]
struct FirstTable {
    asked: std::collections::BTreeMap<String, usize>,
    logged: bool,
}

impl FirstTable {
    fn count(&mut self, commands: &[Command]) {
        if !self.logged {
            for command in commands {
                *self.asked.entry(command.kind()).or_default() += 1;
            }
        }
    }

    fn check(&mut self, model: &Model) {
        if self.logged || !first_table_ready(model) {
            return;
        }
        self.logged = true;
        let asked = self
            .asked
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        // Drawn on the next pass: this is the time to the first complete table.
        tracing::info!(
            since_start_ms = since_start().as_millis() as u64,
            streams = model.streams.listings().len(),
            asked,
            "first complete streams table (names and exact shard counts)"
        );
    }
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
                    .is_some_and(|l| page.facts.shard_counts.has(&l.name))
            })
}

//! The command line, and wiring it to the console: settings, ports (AWS or simulated), terminal.
mod args;
mod connect;
mod contexts;

use crate::app::model::Model;
use crate::config::Keymap;
pub use args::{Cli, StartupError, parse_cluster, parse_price, parse_since, parse_watch};
pub use connect::{Account, connect};
pub use contexts::CliContexts;
use contexts::with_the_one_in_view;
use std::sync::Arc;

/// Builds the first model for a terminal of `size`.
pub fn initial_model(cli: &Cli, account: &Account, keymap: Keymap, size: (u16, u16)) -> Model {
    let mut model = Model::new(account.context.clone(), keymap, (account.clock)(), size);
    model.refresh_every =
        chrono::Duration::seconds(i64::try_from(cli.refresh_secs()).unwrap_or(10));
    if cli.demo {
        // The simulated clock runs --demo-speed times faster; messages stay up as long as ever.
        let speed = i64::try_from(cli.demo_speed).unwrap_or(1);
        model.status_for = chrono::Duration::seconds(10 * speed);
        model.refresh_every = model.refresh_every * i32::try_from(speed).unwrap_or(1);
    }
    model.tz = *chrono::Local::now().offset();
    model.reshard_headroom = cli.reshard_headroom as f64 / 100.0;
    model.health_gate = cli.health_gate_duration();
    model.clusters = cli.flink_clusters();
    model.contexts = crate::app::contexts_page::ContextsPage::new(with_the_one_in_view(
        cli.watched(),
        &account.context,
    ));
    model.limits = crate::ops::app_checks::AppLimits {
        kpu_limit: i32::try_from(cli.kpu_limit).unwrap_or(i32::MAX),
        snapshot_quota: usize::try_from(cli.snapshot_quota).unwrap_or(usize::MAX),
        kpu_price: cli.kpu_price,
    };
    model.log_settings = crate::app::model::LogSettings {
        mode: crate::app::logs_page::LogsMode::parse(&cli.logs_mode).unwrap_or_default(),
        since: cli.since,
        capacity: usize::try_from(cli.log_buffer).unwrap_or(10_000),
    };
    model
}

/// Runs the interactive console; the terminal is restored on every exit path, panics and
/// signals included. Returns the signal that ended it, if one did.
pub async fn run(mut cli: Cli) -> Result<Option<i32>, StartupError> {
    cli.load_settings()?;
    let theme = cli.load_theme()?;
    let keymap = cli.load_keymap()?;
    init_tracing(&cli);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let account = connect(&cli, tx.clone()).await?;
    if cli.print {
        let model = initial_model(&cli, &account, keymap, crate::console::headless::SIZE);
        return Box::pin(crate::console::headless::print_streams(
            model,
            &account.runner,
            &theme,
            rx,
        ))
        .await
        .map(|()| None)
        .map_err(StartupError);
    }
    // Listening before the terminal changes mode: a signal from here on restores it.
    crate::console::runtime::spawn_signal_listener(tx.clone());
    let mut terminal = ratatui::init();
    let guard = TerminalGuard;
    let size = terminal.size().map_or((120, 40), |s| (s.width, s.height));
    let model = initial_model(&cli, &account, keymap, size);
    let tx_for_contexts = tx.clone();
    crate::console::runtime::spawn_input_thread(tx);
    let runner = account
        .runner
        .clone()
        .in_terminal()
        .with_contexts(Arc::new(CliContexts {
            cli: cli.clone(),
            tx: tx_for_contexts,
        }));
    let clock = account.clock.clone();
    let speed = if cli.demo { cli.demo_speed as f64 } else { 1.0 };
    let result = Box::pin(crate::console::runtime::run(
        &mut terminal,
        model,
        &theme,
        runner,
        rx,
        move || clock(),
        speed,
    ))
    .await;
    drop(guard);
    result.map_err(|e| StartupError(format!("terminal error: {e}")))
}

/// Restores the terminal when dropped, whatever way `run` leaves.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

fn init_tracing(cli: &Cli) {
    let path = cli.log_file_path();
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = tracing_subscriber::fmt()
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .try_init();
    }
}

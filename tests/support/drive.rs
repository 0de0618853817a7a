//! Drives the real update and effect runner to quiescence, one command at a time (deterministic).
use kinetic::app::Command;
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use std::collections::VecDeque;

/// Executes `commands` and every command their results lead to; returns all that were executed.
pub async fn settle(
    model: &mut Model,
    runner: &EffectRunner,
    commands: Vec<Command>,
) -> Vec<Command> {
    let mut queue: VecDeque<Command> = commands.into();
    let mut executed = Vec::new();
    while let Some(command) = queue.pop_front() {
        executed.push(command.clone());
        if let Some(msg) = runner.execute(command).await {
            queue.extend(update(model, msg));
        }
    }
    executed
}

/// As `settle`, swapping in a switched context's runner as the console's runtime does; what
/// the bottom line said along the way is appended to `said`, each sentence once in a row.
pub async fn settle_switching(
    model: &mut Model,
    runner: &mut EffectRunner,
    commands: Vec<Command>,
    said: &mut Vec<String>,
) {
    let mut queue: VecDeque<Command> = commands.into();
    while let Some(command) = queue.pop_front() {
        if let Some(msg) = runner.execute(command).await {
            kinetic::console::runtime::swap_if_switched(runner, &msg);
            queue.extend(update(model, msg));
            if let Some(text) = model.status.as_ref().map(|s| s.text.clone())
                && said.last() != Some(&text)
            {
                said.push(text);
            }
        }
    }
}

/// The whole screen of `model`, as text.
pub fn screen(model: &Model) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(
        model.width,
        model.height,
    ))
    .unwrap();
    terminal
        .draw(|frame| kinetic::ui::view(model, &kinetic::ui::Theme::default_theme(), frame))
        .unwrap();
    terminal.backend().to_string()
}

/// The console the command line `cli` starts (its account, first model and a runner that can
/// switch and watch contexts), loaded; and the account's clock.
pub async fn console_of(
    cli: &kinetic::cli::Cli,
    size: (u16, u16),
    said: &mut Vec<String>,
) -> (
    Model,
    EffectRunner,
    std::sync::Arc<dyn Fn() -> kinetic::domain::Timestamp + Send + Sync>,
) {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let account = kinetic::cli::connect(cli, tx.clone()).await.unwrap();
    let mut model = kinetic::cli::initial_model(
        cli,
        &account,
        kinetic::config::Keymap::default_keymap().unwrap(),
        size,
    );
    let mut runner =
        account
            .runner
            .clone()
            .with_contexts(std::sync::Arc::new(kinetic::cli::CliContexts {
                cli: cli.clone(),
                tx,
            }));
    let commands = kinetic::app::update::init(&mut model);
    settle_switching(&mut model, &mut runner, commands, said).await;
    (model, runner, account.clock.clone())
}

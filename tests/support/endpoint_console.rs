//! The whole console against an emulator's endpoint: the real clients (through a profile in a
//! temporary AWS config), the real effect runner and update, keys in, the screen drawn.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use kinetic::app::{Command, Msg};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct EndpointConsole {
    pub model: Model,
    pub runner: EffectRunner,
    /// What long-lived tasks (the record reader) report.
    pub rx: UnboundedReceiver<Msg>,
    /// Every command run since the console started.
    pub executed: Vec<Command>,
    _dir: tempfile::TempDir,
}

impl EndpointConsole {
    /// The console on `endpoint` (profile `emulator` in a temporary AWS config) with `flags`,
    /// on a terminal of `size`, after its first loads.
    pub async fn start(endpoint: &str, flags: &[&str], size: (u16, u16)) -> Self {
        use clap::Parser;
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[profile emulator]\nregion = us-east-1\nendpoint_url = {endpoint}\naws_access_key_id = test\naws_secret_access_key = test\n"
            ),
        )
        .unwrap();
        let credentials = dir.path().join("credentials");
        std::fs::write(&credentials, "").unwrap();
        let audit = dir.path().join("audit.jsonl");
        let mut args = vec![
            "kinetic",
            "--profile",
            "emulator",
            "--audit-log",
            audit.to_str().unwrap(),
        ];
        args.extend_from_slice(flags);
        let mut cli = kinetic::cli::Cli::parse_from(args);
        cli.profile_files = Some((config, credentials));
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let account = kinetic::cli::connect(&cli, tx).await.unwrap();
        let model = kinetic::cli::initial_model(
            &cli,
            &account,
            kinetic::config::Keymap::default_keymap().unwrap(),
            size,
        );
        let mut console = Self {
            model,
            runner: account.runner.clone(),
            rx,
            executed: Vec::new(),
            _dir: dir,
        };
        let commands = kinetic::app::update::init(&mut console.model);
        console.settle(commands).await;
        console
    }

    /// Runs `commands` and every command their answers lead to.
    pub async fn settle(&mut self, commands: Vec<Command>) {
        let executed = super::drive::settle(&mut self.model, &self.runner, commands).await;
        self.executed.extend(executed);
    }

    pub async fn send(&mut self, msg: Msg) {
        let commands = update(&mut self.model, msg);
        self.settle(commands).await;
    }

    /// Types `text`; `\n` is Enter.
    pub async fn keys(&mut self, text: &str) {
        for c in text.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            self.press(code).await;
        }
    }

    pub async fn press(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .await;
    }

    /// A tick at the wall clock's time (the console's clock is the wall clock here).
    pub async fn tick(&mut self) {
        self.send(Msg::Tick(chrono::Utc::now())).await;
    }

    /// Ticks every `every` and takes what long-lived tasks report, until `done` or `ceiling`;
    /// true when `done`.
    pub async fn until(
        &mut self,
        ceiling: Duration,
        every: Duration,
        done: impl Fn(&Model) -> bool,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + ceiling;
        let mut next_tick = tokio::time::Instant::now();
        while !done(&self.model) {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::select! {
                msg = self.rx.recv() => {
                    if let Some(msg) = msg {
                        self.send(msg).await;
                    }
                }
                _ = tokio::time::sleep_until(next_tick) => {
                    next_tick += every;
                    self.tick().await;
                }
            }
        }
        true
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(
            self.model.width,
            self.model.height,
        ))
        .unwrap();
        terminal
            .draw(|frame| {
                kinetic::ui::view(&self.model, &kinetic::ui::Theme::default_theme(), frame)
            })
            .unwrap();
        terminal.backend().to_string()
    }
}

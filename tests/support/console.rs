//! A console over the simulated account with a hand-moved clock: keys in, commands executed to
//! quiescence, the screen drawn on demand, the audit log read back.
use super::drive::settle;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::{Context, Model};
use kinetic::app::update::{init, update};
use kinetic::app::{Command, Msg};
use kinetic::config::Keymap;
use kinetic::domain::time::from_epoch_secs;
use kinetic::ops::OpCall;
use kinetic::ops::audit::{AuditContext, AuditLog};
use kinetic::sim::clock::SimClock;
use kinetic::sim::{SimAccount, SimOptions};
use kinetic::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub struct Console {
    pub sim: SimAccount,
    pub runner: EffectRunner,
    pub model: Model,
    pub audit: std::path::PathBuf,
    /// Every command executed since the console started.
    pub executed: Vec<Command>,
    /// What long-lived tasks (the record reader, log followers) report.
    pub rx: tokio::sync::mpsc::UnboundedReceiver<Msg>,
    _dir: tempfile::TempDir,
}

/// The simulated account every workflow test starts from: seed 7, 24 streams and `apps`
/// applications, its clock held at 2026-11-21 12:00 UTC.
pub fn account(apps: usize) -> SimAccount {
    account_at(apps, from_epoch_secs(1_795_262_400))
}

/// The same account with its clock held at `start`.
pub fn account_at(apps: usize, start: kinetic::domain::Timestamp) -> SimAccount {
    SimAccount::new(
        &SimOptions {
            seed: 7,
            streams: 24,
            apps,
            latency: Default::default(),
        },
        SimClock::manual(start),
    )
}

/// A demo console's model (us-east-1, no profile) on a terminal of `size`.
pub fn demo_model(read_only: bool, size: (u16, u16), now: kinetic::domain::Timestamp) -> Model {
    let context = Context {
        profile: None,
        region: "us-east-1".into(),
        endpoint: None,
        read_only,
        demo: true,
        production: false,
        read_only_reason: None,
    };
    Model::new(context, Keymap::default_keymap().unwrap(), now, size)
}

/// A console over `sim` without an audit log, loaded: for screens and reads, never for changes.
pub async fn started(sim: &SimAccount, size: (u16, u16)) -> (Model, EffectRunner) {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    let mut model = demo_model(false, size, sim.clock().now());
    let commands = init(&mut model);
    settle(&mut model, &runner, commands).await;
    (model, runner)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl Console {
    /// The simulated account (seed 7, 24 streams, every scenario application) at
    /// 2026-11-21 12:00 UTC on a 150x45 terminal.
    pub async fn start(read_only: bool) -> Self {
        Self::with(read_only, kinetic::sim::apps::SCENARIOS, (150, 45)).await
    }

    /// The same account with `apps` applications on a terminal of `size`.
    pub async fn with(read_only: bool, apps: usize, size: (u16, u16)) -> Self {
        Self::build(read_only, size, &[], account(apps)).await
    }

    /// An account without Managed Flink applications, with the jobs of `clusters` (real Flink
    /// session clusters) in the applications list.
    pub async fn on_clusters(clusters: &[kinetic::domain::flink_cluster::ClusterEntry]) -> Self {
        Self::build(false, (150, 45), clusters, account(0)).await
    }

    /// On clusters, with the account's clock at the wall's now: a real engine's timestamps and
    /// the console's agree (`in_real_time` keeps them so).
    pub async fn on_clusters_now(
        clusters: &[kinetic::domain::flink_cluster::ClusterEntry],
    ) -> Self {
        Self::build(
            false,
            (150, 45),
            clusters,
            account_at(0, chrono::Utc::now()),
        )
        .await
    }

    /// Moves the account's clock to the wall's now and ticks the console once.
    pub async fn in_real_time(&mut self) -> Vec<Command> {
        let behind = chrono::Utc::now() - self.sim.clock().now();
        let seconds = behind.num_seconds().max(0);
        self.after(seconds).await
    }

    async fn build(
        read_only: bool,
        size: (u16, u16),
        clusters: &[kinetic::domain::flink_cluster::ClusterEntry],
        sim: SimAccount,
    ) -> Self {
        Self::with_runner(read_only, size, clusters, sim, EffectRunner::simulated).await
    }

    /// A console over `sim` whose effect runner `runner` makes from it (the simulated one, or
    /// one with some ports of another kind), audited into the console's own log.
    pub async fn with_runner(
        read_only: bool,
        size: (u16, u16),
        clusters: &[kinetic::domain::flink_cluster::ClusterEntry],
        sim: SimAccount,
        runner: impl FnOnce(SimAccount, tokio::sync::mpsc::UnboundedSender<Msg>) -> EffectRunner,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let audit = dir.path().join("audit.jsonl");
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let runner = runner(sim.clone(), tx)
            .with_audit(
                AuditLog::new(audit.clone()),
                AuditContext {
                    user: Some("tester".into()),
                    profile: None,
                    region: "us-east-1".into(),
                    endpoint: None,
                },
            )
            .with_clusters(
                clusters,
                kinetic::flink_rest::deployments::DeploymentLog::beside(&audit),
            );
        let mut model = demo_model(read_only, size, sim.clock().now());
        model.clusters = clusters.to_vec();
        let commands = init(&mut model);
        let executed = settle(&mut model, &runner, commands).await;
        Self {
            sim,
            runner,
            model,
            audit,
            executed,
            rx,
            _dir: dir,
        }
    }

    pub async fn keys(&mut self, keys: &[KeyEvent]) -> Vec<Command> {
        let mut sent = Vec::new();
        for k in keys {
            let commands = update(&mut self.model, Msg::Key(*k));
            sent.extend(settle(&mut self.model, &self.runner, commands).await);
        }
        self.executed.extend(sent.clone());
        sent
    }

    pub async fn press(&mut self, code: KeyCode) -> Vec<Command> {
        self.keys(&[key(code)]).await
    }

    pub async fn text(&mut self, text: &str) -> Vec<Command> {
        let keys: Vec<_> = text.chars().map(|c| key(KeyCode::Char(c))).collect();
        self.keys(&keys).await
    }

    pub async fn enter(&mut self) -> Vec<Command> {
        self.press(KeyCode::Enter).await
    }

    pub async fn esc(&mut self) -> Vec<Command> {
        self.press(KeyCode::Esc).await
    }

    /// Runs a `:` command line.
    pub async fn command(&mut self, line: &str) -> Vec<Command> {
        let mut sent = self.text(&format!(":{line}")).await;
        sent.extend(self.enter().await);
        sent
    }

    /// The applications screen with `app` selected (by filter).
    pub async fn select_app(&mut self, app: &str) {
        self.command("apps").await;
        self.text(&format!("/{app}")).await;
        self.enter().await;
        assert_eq!(
            self.model.apps.selected().map(|s| s.name.as_str()),
            Some(app),
            "{app} is not selected"
        );
    }

    /// The applications screen with `app` selected, when it is listed (else as it is).
    pub async fn select_app_when_listed(&mut self, app: &str) {
        if self.model.routes != vec![kinetic::app::Route::Apps] {
            self.command("apps").await;
        }
        if let Some(index) = self
            .model
            .apps
            .summaries()
            .iter()
            .position(|s| s.name == app)
        {
            let position = self.model.apps.rows.iter().position(|r| *r == index);
            if let Some(row) = position {
                self.model.apps.table.cursor = row;
            }
        }
    }

    /// Moves the account's clock on by `seconds` and ticks the console once.
    pub async fn after(&mut self, seconds: i64) -> Vec<Command> {
        self.sim.clock().advance(chrono::Duration::seconds(seconds));
        let commands = update(&mut self.model, Msg::Tick(self.sim.clock().now()));
        let sent = settle(&mut self.model, &self.runner, commands).await;
        self.executed.extend(sent.clone());
        let apps: Vec<String> = self
            .model
            .apps
            .summaries()
            .iter()
            .map(|s| s.name.clone())
            .collect();
        for app in apps {
            self.assert_panel_room(&app);
        }
        sent
    }

    /// Lets long-lived tasks run for `seconds` of the account's time, a second at a time (tokio's
    /// clock must be paused: their waits pass at once), applying what they report.
    pub async fn pump(&mut self, seconds: i64) {
        for _ in 0..seconds {
            self.sim.clock().advance(chrono::Duration::seconds(1));
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            self.drain().await;
            let commands = update(&mut self.model, Msg::Tick(self.sim.clock().now()));
            let sent = settle(&mut self.model, &self.runner, commands).await;
            self.executed.extend(sent);
        }
    }

    /// Applies every message the long-lived tasks sent so far.
    pub async fn drain(&mut self) {
        while let Ok(msg) = self.rx.try_recv() {
            let commands = update(&mut self.model, msg);
            let sent = settle(&mut self.model, &self.runner, commands).await;
            self.executed.extend(sent);
        }
    }

    /// Ticks every `step` seconds for `seconds`.
    pub async fn run_for(&mut self, seconds: i64, step: i64) -> Vec<Command> {
        let mut sent = Vec::new();
        let mut elapsed = 0;
        while elapsed < seconds {
            sent.extend(self.after(step).await);
            elapsed += step;
        }
        sent
    }

    /// Ticks every `step` seconds until `done` holds (at most `limit` seconds); the time it took.
    pub async fn run_until(
        &mut self,
        limit: i64,
        step: i64,
        done: impl Fn(&Console) -> bool,
    ) -> i64 {
        let mut elapsed = 0;
        while !done(self) {
            assert!(
                elapsed < limit,
                "not done after {limit} s; the bottom line says {:?}",
                self.status()
            );
            self.after(step).await;
            elapsed += step;
        }
        elapsed
    }

    /// Ticks until the bottom line contains `text` (it fades after ten seconds, so wait for it).
    pub async fn run_until_said(&mut self, limit: i64, step: i64, text: &str) -> String {
        self.run_until(limit, step, |c| c.status().contains(text))
            .await;
        self.status()
    }

    /// The room the model leaves above an application's tabs is what the panel draws.
    pub fn assert_panel_room(&self, app: &str) {
        let drawn =
            kinetic::ui::views::operation_panel::lines(&self.model, app, &Theme::default_theme())
                .len();
        let room = usize::from(self.model.operation_panel_height(app));
        assert_eq!(
            room,
            if drawn == 0 { 0 } else { drawn + 1 },
            "panel of {app}"
        );
    }

    pub fn status(&self) -> String {
        self.model
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn draw(&self) -> String {
        let mut terminal =
            Terminal::new(TestBackend::new(self.model.width, self.model.height)).unwrap();
        terminal
            .draw(|frame| view(&self.model, &Theme::default_theme(), frame))
            .unwrap();
        terminal.backend().to_string()
    }

    /// The audit log, one JSON value a line.
    pub fn audit_lines(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.audit)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The changes among `commands` (every call that changes something).
    pub fn changes(commands: &[Command]) -> Vec<OpCall> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::Execute { call, .. } => Some(call.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn modal(&self) -> &kinetic::app::modal::Modal {
        self.model.modal.as_ref().expect("no dialog is open")
    }

    /// The plan in the open confirm dialog.
    pub fn confirm(&self) -> &kinetic::app::modal::ConfirmState {
        match self.modal() {
            kinetic::app::modal::Modal::Confirm(confirm) => confirm,
            other => panic!("expected the confirm dialog, found {other:?}"),
        }
    }
}

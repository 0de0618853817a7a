//! Idle cost of the demo: simulated minutes of the streams screen, woken only when the model says something is due (`wake::next_wake`), at 1,000 and 5,000 streams, and at 5,000 with four more contexts watched (1,000 streams each, read once a minute). Reports wakes a minute, milliseconds of work a minute (update, the simulated account's answers, one frame per wake) as a share of one core, and the process's RSS.
//!
//! Run with `cargo bench --bench idle`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
#[path = "support/rss.rs"]
mod common;
use kinetic::app::Command;
use kinetic::app::effects::{Connecting, Contexts, EffectRunner};
use kinetic::app::model::{Context, Model};
use kinetic::app::update::{init, update};
use kinetic::config::Keymap;
use kinetic::domain::watch::WatchedContext;
use kinetic::sim::clock::SimClock;
use kinetic::sim::{SimAccount, SimOptions};
use kinetic::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const MINUTES: i64 = 10;

fn context(region: &str) -> Context {
    Context {
        profile: None,
        region: region.into(),
        endpoint: None,
        read_only: false,
        demo: true,
        production: false,
        read_only_reason: None,
    }
}

fn options(streams: usize) -> SimOptions {
    SimOptions {
        seed: 7,
        streams,
        apps: 9,
        latency: Duration::ZERO,
    }
}

/// The watched regions' accounts, on the bench's clock.
struct SimRegions {
    clock: SimClock,
    tx: tokio::sync::mpsc::UnboundedSender<kinetic::app::Msg>,
}

impl Contexts for SimRegions {
    fn profiles(&self) -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }

    fn connect(
        &self,
        _profile: Option<String>,
        region: Option<String>,
        fallback_region: String,
    ) -> Connecting {
        let region = region.unwrap_or(fallback_region);
        let sim = SimAccount::regional(&region, &options(1_000), self.clock.clone());
        let runner = EffectRunner::simulated(sim, self.tx.clone());
        Box::pin(async move { Ok((runner, context(&region))) })
    }
}

fn rss_mb() -> f64 {
    common::rss_kb() as f64 / 1024.0
}

async fn settle(model: &mut Model, runner: &EffectRunner, commands: Vec<Command>) {
    let mut queue: VecDeque<Command> = commands.into();
    while let Some(command) = queue.pop_front() {
        if let Some(msg) = runner.execute(command).await {
            queue.extend(update(model, msg));
        }
    }
}

/// `MINUTES` idle minutes of `streams` streams with `watched` other contexts.
fn idle(runtime: &tokio::runtime::Runtime, theme: &Theme, streams: usize, watched: usize) {
    let clock = SimClock::manual(chrono::Utc::now());
    let sim = SimAccount::new(&options(streams), clock.clone());
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner =
        EffectRunner::simulated(sim.clone(), tx.clone()).with_contexts(Arc::new(SimRegions {
            clock: clock.clone(),
            tx,
        }));
    let mut model = Model::new(
        context("us-east-1"),
        Keymap::default_keymap().unwrap(),
        clock.now(),
        (WIDTH, HEIGHT),
    );
    let regions = [
        "us-east-1",
        "eu-west-1",
        "ap-southeast-2",
        "us-west-2",
        "eu-central-1",
    ];
    model.contexts = kinetic::app::contexts_page::ContextsPage::new(
        regions[..=watched]
            .iter()
            .map(|r| WatchedContext {
                label: (*r).into(),
                profile: None,
                region: Some((*r).into()),
                endpoint: None,
            })
            .collect(),
    );
    let first = init(&mut model);
    runtime.block_on(settle(&mut model, &runner, first));
    // A first minute to load everything, then the idle minutes measured.
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let mut wakes = Vec::new();
    let mut drawing = Duration::ZERO;
    let measure_from = clock.now() + chrono::Duration::minutes(1);
    let until = measure_from + chrono::Duration::minutes(MINUTES);
    while clock.now() < until {
        let due = kinetic::app::wake::next_wake(&model);
        clock.advance((due - clock.now()).max(chrono::Duration::milliseconds(1)));
        let start = Instant::now();
        let tick = update(&mut model, kinetic::app::Msg::Tick(clock.now()));
        runtime.block_on(settle(&mut model, &runner, tick));
        let drawn = Instant::now();
        terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        if clock.now() >= measure_from {
            drawing += drawn.elapsed();
            wakes.push(start.elapsed());
        }
    }
    let total: Duration = wakes.iter().sum();
    let per_minute_ms = total.as_secs_f64() * 1e3 / MINUTES as f64;
    println!(
        "idle, {streams:>5} streams, {:>1} contexts: {:>5.1} wakes a minute, {:>7.1} ms of work a minute ({:.1} drawing) = {:.2} % of a core; RSS {:.0} MB",
        watched + 1,
        wakes.len() as f64 / MINUTES as f64,
        per_minute_ms,
        drawing.as_secs_f64() * 1e3 / MINUTES as f64,
        per_minute_ms / 600.0,
        rss_mb()
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let theme = Theme::default_theme();
    idle(&runtime, &theme, 1_000, 0);
    idle(&runtime, &theme, 5_000, 0);
    idle(&runtime, &theme, 5_000, 4);
}

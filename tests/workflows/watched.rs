//! Watched contexts over the demo's simulated regions: a context not in view costs a fixed set of calls per read whatever its size, is read once a minute, and says an alarm that starts firing once; an application failing in eu-west-1 shows in us-east-1's header; Enter on the contexts screen switches to it with the live switch.
use crate::support::drive::{console_of, screen, settle_switching};
use clap::Parser;
use kinetic::app::effects::watch::{WatchedPorts, read};
use kinetic::app::{Command, Msg};
use kinetic::domain::watch::ContextCounts;
use kinetic::sim::clock::SimClock;
use kinetic::sim::{SimAccount, SimOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One cheap read of a 5,000-stream account: ListStreams' pages, one ListApplications, one
/// DescribeAlarms (ALARM only), one GetMetricData — nothing per stream or per shard.
#[tokio::test]
async fn a_read_costs_the_same_few_calls_whatever_the_size() {
    let clock = SimClock::manual(kinetic::domain::time::from_epoch_secs(1_800_000_000));
    let sim = SimAccount::new(
        &SimOptions {
            streams: 5000,
            apps: 9,
            ..SimOptions::default()
        },
        clock.clone(),
    );
    let ports = WatchedPorts {
        streams: Arc::new(sim.clone()),
        metrics: Arc::new(sim.clone()),
        flink: Arc::new(sim.clone()),
    };
    let live = kinetic::ports::FlinkPort::list_applications(&sim)
        .await
        .unwrap()
        .iter()
        .filter(|a| a.status.is_live())
        .count() as u64;
    let before = sim.calls();
    let counts = read(&ports, clock.now()).await.unwrap();
    let calls = sim.calls();
    assert_eq!(
        calls.list_streams - before.list_streams,
        50,
        "100 streams a page"
    );
    assert_eq!(calls.flink - before.flink, 1, "ListApplications");
    assert_eq!(
        calls.describe_alarms - before.describe_alarms,
        1,
        "ALARM only"
    );
    assert_eq!(calls.get_metric_data - before.get_metric_data, 1);
    assert_eq!(
        calls.metrics_requested - before.metrics_requested,
        3 * live,
        "restarts, failed checkpoints and downtime per live application"
    );
    for (what, n) in [
        ("DescribeStreamSummary", calls.describe_stream_summary),
        ("ListShards", calls.list_shards),
        ("DescribeApplication", calls.describe_application),
        ("ListApplicationOperations", calls.list_operations),
    ] {
        assert_eq!(n, 0, "{what} is not called for a watched context");
    }
    assert_eq!(counts.streams_ok + counts.streams_degraded, 5000);
    assert_eq!(
        counts.apps_ok + counts.apps_degraded + counts.apps_failing,
        9
    );
    assert!(
        counts.apps_failing > 0,
        "the demo's failing applications are seen"
    );
}

fn demo(speed: &str) -> kinetic::cli::Cli {
    kinetic::cli::Cli::parse_from(["kinetic", "--demo", "--demo-speed", speed])
}

/// One watched read of the `index`th context `cli` watches, through the console's own runner:
/// its label and counts.
async fn read_watched(cli: &kinetic::cli::Cli, index: usize) -> (String, ContextCounts) {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let account = kinetic::cli::connect(cli, tx.clone()).await.unwrap();
    let runner = account
        .runner
        .with_contexts(Arc::new(kinetic::cli::CliContexts {
            cli: cli.clone(),
            tx,
        }));
    let context = cli.watched()[index].clone();
    let Some(Msg::WatchedRead { label, result, .. }) =
        runner.execute(Command::ReadWatched { context }).await
    else {
        panic!("a watched read answers with its counts");
    };
    (label, result.unwrap())
}

/// `--watch` in the demo adds a quiet simulated region of at most 1,000 streams, its ARNs its
/// own: five contexts without an account.
#[tokio::test]
async fn the_demo_watches_the_regions_a_watch_names() {
    let cli = kinetic::cli::Cli::parse_from([
        "kinetic",
        "--demo",
        "--demo-streams",
        "5000",
        "--watch",
        "ops@us-west-2",
        "--watch",
        "ops@eu-central-1",
        "--watch",
        "ops@eu-west-1",
    ]);
    let labels: Vec<String> = cli.watched().into_iter().map(|w| w.label).collect();
    assert_eq!(
        labels,
        [
            "us-east-1",
            "eu-west-1",
            "ap-southeast-2",
            "us-west-2",
            "eu-central-1"
        ],
        "eu-west-1 is simulated already"
    );
    let (label, counts) = read_watched(&cli, 3).await;
    assert_eq!(label, "us-west-2");
    assert_eq!(counts.streams_ok + counts.streams_degraded, 1_000);
    assert_eq!(counts.apps_failing, 0, "a quiet account");
}

/// A self-managed cluster is watched from the context in view only: a watched context counts
/// its account's own applications, not the cluster's jobs (here a cluster that cannot be
/// reached, which the context in view lists as such).
#[tokio::test]
async fn a_watched_context_counts_its_own_applications_not_the_clusters_jobs() {
    let cli =
        kinetic::cli::Cli::parse_from(["kinetic", "--demo", "--flink-rest", "http://127.0.0.1:9"]);
    let (_, counts) = read_watched(&cli, 1).await;
    assert_eq!(
        counts.apps_ok + counts.apps_degraded + counts.apps_failing,
        1,
        "eu-west-1's one application: {counts:?}"
    );
    assert_eq!(counts.trouble, None, "{counts:?}");
}

/// Five minutes of ticks, each read answered at once: each context out of view is read once
/// a minute (five or six times), the one in view never.
#[tokio::test]
async fn each_context_out_of_view_is_read_once_a_minute() {
    let cli = demo("1");
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let account = kinetic::cli::connect(&cli, tx).await.unwrap();
    let mut model = kinetic::cli::initial_model(
        &cli,
        &account,
        kinetic::config::Keymap::default_keymap().unwrap(),
        (160, 40),
    );
    let start = model.now;
    let mut reads: std::collections::BTreeMap<String, usize> = Default::default();
    for second in (0..300).step_by(5) {
        let at = start + chrono::Duration::seconds(second);
        for command in kinetic::app::update::update(&mut model, Msg::Tick(at)) {
            if let Command::ReadWatched { context } = command {
                *reads.entry(context.label.clone()).or_default() += 1;
                kinetic::app::update::update(
                    &mut model,
                    Msg::WatchedRead {
                        label: context.label,
                        result: Ok(ContextCounts::default()),
                        at,
                    },
                );
            }
        }
    }
    assert_eq!(
        reads.get("us-east-1"),
        None,
        "the context in view is read by its screens"
    );
    for label in ["eu-west-1", "ap-southeast-2"] {
        assert_eq!(reads.get(label), Some(&5), "{label}: {reads:?}");
    }
}

/// The demo at 100× speed: eu-west-1's application starts failing four simulated minutes in;
/// us-east-1's header says so, its alarm is said once, and Enter on the contexts screen goes
/// there (the same simulated account the watch read).
#[tokio::test(flavor = "multi_thread")]
async fn a_failure_elsewhere_is_in_the_header_said_once_and_one_enter_away() {
    let cli = demo("100");
    let mut said = Vec::new();
    let (mut model, mut runner, clock) = console_of(&cli, (160, 40), &mut said).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let firing = "eu-west-1: alarm orders-enricher-restarts is firing";
    // Until the failure has been seen, and a few reads after it.
    let mut reads_after = 0;
    while reads_after < 3 {
        assert!(Instant::now() < deadline, "never said: {said:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let commands = kinetic::app::update::update(&mut model, Msg::Tick(clock()));
        let read = commands
            .iter()
            .any(|c| matches!(c, Command::ReadWatched { context } if context.label == "eu-west-1"));
        settle_switching(&mut model, &mut runner, commands, &mut said).await;
        if read && said.iter().any(|s| s.starts_with(firing)) {
            reads_after += 1;
        }
    }
    assert_eq!(
        said.iter().filter(|s| s.starts_with(firing)).count(),
        1,
        "{said:?}"
    );
    let drawn = screen(&model);
    assert!(drawn.contains("eu-west-1: 1 failing · 1 alarm"), "{drawn}");

    // The contexts screen, eu-west-1's row, Enter: the live switch.
    kinetic::app::update::update(&mut model, Msg::Key(key(':')));
    for c in "contexts".chars() {
        kinetic::app::update::update(&mut model, Msg::Key(key(c)));
    }
    let commands = kinetic::app::update::update(&mut model, Msg::Key(enter()));
    settle_switching(&mut model, &mut runner, commands, &mut said).await;
    let drawn = screen(&model);
    assert!(drawn.contains("Contexts [3 watched]"), "{drawn}");
    let row = model
        .contexts
        .watched
        .iter()
        .position(|w| w.label() == "eu-west-1")
        .unwrap();
    for _ in 0..row {
        kinetic::app::update::update(&mut model, Msg::Key(key('j')));
    }
    let commands = kinetic::app::update::update(&mut model, Msg::Key(enter()));
    settle_switching(&mut model, &mut runner, commands, &mut said).await;
    assert_eq!(model.context.region, "eu-west-1", "{said:?}");
    assert_eq!(model.streams.listings().len(), 6);
    let apps = runner.flink_port().list_applications().await.unwrap();
    assert_eq!(apps.len(), 1, "the account the watch read");
}

fn key(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

fn enter() -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )
}

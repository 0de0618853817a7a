//! The simulated account: deterministic for a seed, AWS-like lifecycle and limits, and the
//! console's whole streams workflow over it with its API call budget.

use crate::support::drive::settle;

use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::msg::Msg;
use kinetic::app::update::{init, update};
use kinetic::aws::quotas;
use kinetic::domain::shard::count_open;
use kinetic::domain::time::from_epoch_secs;
use kinetic::domain::{MetricWindow, PortError, StreamMetric, StreamStatus};
use kinetic::ports::{MetricsPort, StreamsPort};
use kinetic::sim::clock::SimClock;
use kinetic::sim::{SimAccount, SimOptions};

fn account(seed: u64, streams: usize) -> SimAccount {
    account_with_apps(seed, streams, 7)
}

fn account_with_apps(seed: u64, streams: usize, apps: usize) -> SimAccount {
    let clock = SimClock::manual(from_epoch_secs(1_795_262_400));
    SimAccount::new(
        &SimOptions {
            seed,
            streams,
            apps,
            latency: Default::default(),
        },
        clock,
    )
}

#[tokio::test]
async fn the_same_seed_builds_the_same_account() {
    let (a, b, c) = (account(42, 50), account(42, 50), account(43, 50));
    let (la, lb, lc) = (
        a.list_streams().await.unwrap(),
        b.list_streams().await.unwrap(),
        c.list_streams().await.unwrap(),
    );
    assert_eq!(la, lb);
    assert_ne!(la, lc);
    for listing in la.iter().take(10) {
        assert_eq!(
            a.list_shards(&listing.name).await.unwrap(),
            b.list_shards(&listing.name).await.unwrap()
        );
    }
    let window = MetricWindow::last_minutes(a.clock().now(), 60);
    let queries = [StreamMetric::IncomingBytes.query("orders-ingest")];
    assert_eq!(
        a.get_metrics(&queries, window).await.unwrap(),
        b.get_metrics(&queries, window).await.unwrap()
    );
}

#[tokio::test]
async fn scales_to_a_thousand_streams_and_ten_thousand_shards() {
    let sim = account(7, 1_000);
    assert_eq!(sim.list_streams().await.unwrap().len(), 1_000);
    assert!(
        sim.open_shards() >= 10_000,
        "only {} shards",
        sim.open_shards()
    );
    // Each shard listed with its own 56-digit starting sequence number, as AWS's.
    let stream = &sim.list_streams().await.unwrap()[0].name;
    let shards = sim.list_shards(stream).await.unwrap();
    let sequences: std::collections::HashSet<&str> = shards
        .iter()
        .map(|s| s.starting_sequence.as_str())
        .collect();
    assert_eq!(sequences.len(), shards.len(), "{shards:?}");
    assert!(
        sequences
            .iter()
            .all(|s| s.len() == 56 && s.bytes().all(|b| b.is_ascii_digit())),
        "{sequences:?}"
    );
}

#[tokio::test]
async fn mixes_modes_lineage_consumers_and_a_hot_shard() {
    let sim = account(7, 24);
    let listings = sim.list_streams().await.unwrap();
    let modes: std::collections::HashSet<_> = listings.iter().map(|l| l.mode).collect();
    assert!(modes.len() >= 2, "both provisioned and on-demand streams");
    let payments = sim.list_shards("payments-events").await.unwrap();
    assert!(
        payments.iter().any(|s| s.adjacent_parent.is_some()),
        "a merge in the lineage"
    );
    assert!(
        payments
            .iter()
            .any(|s| s.parent.is_some() && s.adjacent_parent.is_none()),
        "a split in the lineage"
    );
    let summary = sim.describe_stream_summary("orders-ingest").await.unwrap();
    assert!(sim.list_consumers(&summary.arn).await.is_ok());

    // The hot shard of orders-ingest writes past one shard's 1,000 records/s and throttles.
    let window = MetricWindow::last_minutes(sim.clock().now(), 10);
    let shards = sim.list_shards("orders-ingest").await.unwrap();
    let queries: Vec<_> = shards
        .iter()
        .map(|s| StreamMetric::IncomingRecords.shard_query("orders-ingest", &s.id))
        .collect();
    let per_shard: Vec<f64> = sim
        .get_metrics(&queries, window)
        .await
        .unwrap()
        .iter()
        .map(|s| s.latest().unwrap() / 60.0)
        .collect();
    let hottest = per_shard.iter().cloned().fold(0.0, f64::max);
    assert!(hottest > 1_000.0, "{per_shard:?}");
    assert!(
        per_shard.iter().filter(|r| **r < 1_000.0).count() >= 3,
        "only one shard is hot: {per_shard:?}"
    );
    let throttled = sim
        .get_metrics(
            &[StreamMetric::WriteThrottled.query("orders-ingest")],
            window,
        )
        .await
        .unwrap();
    assert!(throttled[0].latest().unwrap() > 0.0);
}

#[tokio::test]
async fn traffic_moves_over_time() {
    let sim = account(7, 24);
    let query = [StreamMetric::IncomingBytes.query("orders-ingest")];
    let now = sim.clock().now();
    let morning = sim
        .get_metrics(&query, MetricWindow::last_minutes(now, 5))
        .await
        .unwrap();
    sim.clock().advance(chrono::Duration::hours(8));
    let later = sim
        .get_metrics(
            &query,
            MetricWindow::last_minutes(now + chrono::Duration::hours(8), 5),
        )
        .await
        .unwrap();
    assert_ne!(morning[0].latest(), later[0].latest());
}

#[tokio::test]
async fn resharding_stays_updating_until_done_then_lineage_is_updated() {
    let sim = account(7, 24);
    let name = "inventory-cdc";
    assert_eq!(
        sim.describe_stream_summary(name).await.unwrap().status,
        StreamStatus::Updating
    );
    // AWS refuses a second change while one is in progress.
    assert!(matches!(
        sim.update_shard_count(name, 6),
        Err(PortError::ResourceInUse { .. })
    ));
    sim.clock().advance(chrono::Duration::seconds(60));
    let summary = sim.describe_stream_summary(name).await.unwrap();
    assert_eq!(summary.status, StreamStatus::Active);
    let shards = sim.list_shards(name).await.unwrap();
    assert_eq!(count_open(&shards), 8);
    assert_eq!(shards.len(), 12, "the four parents stay listed, closed");
    assert!(shards.iter().filter(|s| s.open).all(|s| s.parent.is_some()));
}

#[tokio::test]
async fn update_shard_count_enforces_aws_limits() {
    let sim = account(7, 24);
    let name = "orders-ingest"; // provisioned, 4 shards
    assert!(matches!(
        sim.update_shard_count(name, 9),
        Err(PortError::LimitExceeded { .. })
    ));
    assert!(matches!(
        sim.update_shard_count(name, 1),
        Err(PortError::LimitExceeded { .. })
    ));
    assert!(matches!(
        sim.update_shard_count(name, 0),
        Err(PortError::InvalidArgument { .. })
    ));
    assert!(matches!(
        sim.update_shard_count("clickstream-raw", 60),
        Err(PortError::InvalidArgument { .. })
    ));
    assert!(matches!(
        sim.update_shard_count("nope", 2),
        Err(PortError::NotFound { .. })
    ));
    // Ten scalings in 24 hours, then LimitExceeded.
    let mut target = 4;
    for _ in 0..10 {
        target = if target == 4 { 5 } else { 4 };
        sim.update_shard_count(name, target).unwrap();
        sim.clock().advance(chrono::Duration::minutes(5));
    }
    let error = sim.update_shard_count(name, 8).unwrap_err();
    assert!(error.to_string().contains("10 times"), "{error}");
}

#[tokio::test]
async fn throttling_can_be_switched_on_and_off() {
    let sim = account(7, 24);
    sim.set_throttling(true);
    assert!(matches!(
        sim.list_streams().await,
        Err(PortError::Throttled { .. })
    ));
    sim.set_throttling(false);
    assert!(sim.list_streams().await.is_ok());
}

fn demo_model(width: u16, height: u16, now: kinetic::domain::Timestamp) -> Model {
    crate::support::console::demo_model(false, (width, height), now)
}

#[tokio::test]
async fn a_thousand_streams_refresh_within_half_of_every_quota() {
    // No applications: their calls have their own budget test.
    let sim = account_with_apps(7, 1_000, 0);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    let mut model = demo_model(200, 60, sim.clock().now());
    let commands = init(&mut model);
    settle(&mut model, &runner, commands).await;
    let first = sim.calls();
    assert_eq!(model.streams.rows.len(), 1_000);
    let visible = model.streams_page_rows() as u64;

    // The next refresh, ten seconds later.
    sim.clock().advance(chrono::Duration::seconds(10));
    let commands = update(&mut model, Msg::Tick(sim.clock().now()));
    settle(&mut model, &runner, commands).await;
    let per_refresh = sim.calls() - first;

    assert_eq!(
        first.list_streams, 10,
        "1,000 streams are ten ListStreams pages"
    );
    assert_eq!(first.describe_stream_summary, visible + 16);
    assert_eq!(first.list_shards, visible + 16);
    assert_eq!(
        first.get_metric_data, 1,
        "one batched GetMetricData for the visible rows"
    );
    assert_eq!(first.metrics_requested, visible * 5);

    assert_eq!(per_refresh.list_streams, 10);
    assert!(
        per_refresh.describe_stream_summary <= 16,
        "fresh summaries are not re-read: {per_refresh:?}"
    );
    assert_eq!(
        per_refresh.list_shards,
        visible + 16,
        "visible counts refresh, plus the background fill"
    );
    assert_eq!(
        per_refresh.get_metric_data, 0,
        "metrics are at most once a minute"
    );
    assert_eq!(
        (
            per_refresh.describe_account_settings,
            per_refresh.list_channels
        ),
        (1, 1),
        "the on-demand mode and the delivery channels: one call each a refresh, whatever the count of streams"
    );

    // Per refresh at the default 10 s, every API stays under half its quota.
    let seconds = 10.0;
    let within =
        |calls: u64, budget: quotas::ApiBudget| (calls as f64) / seconds <= budget.quota_tps / 2.0;
    assert!(within(per_refresh.list_streams, quotas::LIST_STREAMS));
    assert!(within(
        first.describe_stream_summary,
        quotas::DESCRIBE_STREAM_SUMMARY
    ));
    assert!(within(first.get_metric_data, quotas::GET_METRIC_DATA));
}

/// A large account is not listed whole every refresh: 5,000 streams are 50 ListStreams pages,
/// read once a minute (a tenth of AWS's 5/s), while the rows on screen keep the refresh's
/// pace; ctrl-r reads everything at once.
#[tokio::test]
async fn five_thousand_streams_are_listed_once_a_minute_the_screen_every_refresh() {
    let sim = account_with_apps(7, 5_000, 0);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    let mut model = demo_model(200, 60, sim.clock().now());
    let commands = init(&mut model);
    settle(&mut model, &runner, commands).await;
    assert_eq!(sim.calls().list_streams, 50, "100 streams a page");
    let visible = model.streams_page_rows() as u64;

    let mut listed = Vec::new();
    for _ in 0..12 {
        let before = sim.calls();
        sim.clock().advance(chrono::Duration::seconds(10));
        let commands = update(&mut model, Msg::Tick(sim.clock().now()));
        settle(&mut model, &runner, commands).await;
        let refresh = sim.calls() - before;
        assert!(
            refresh.list_shards >= visible,
            "the rows on screen are counted every refresh: {refresh:?}"
        );
        listed.push(refresh.list_streams);
    }
    assert_eq!(
        listed,
        [0, 0, 0, 0, 0, 50, 0, 0, 0, 0, 0, 50],
        "the whole listing once a minute"
    );
    assert_eq!(model.streams.rows.len(), 5_000);

    // A listing that fails is tried again at its fault's pace, not a minute later, so the
    // failure is not forgotten between tries (and so not said again each minute).
    sim.set_throttling(true);
    let mut tried = 0;
    for _ in 0..13 {
        let before = sim.calls();
        sim.clock().advance(chrono::Duration::seconds(10));
        let commands = update(&mut model, Msg::Tick(sim.clock().now()));
        settle(&mut model, &runner, commands).await;
        tried += (sim.calls() - before).list_streams;
        if tried > 0 {
            assert!(
                model
                    .faults
                    .get(kinetic::app::faults::Api::ListStreams)
                    .is_some(),
                "the failing listing stays known"
            );
        }
    }
    assert!(
        tried >= 2 * 50,
        "tried again at the fault's pace: {tried} pages"
    );
    assert_eq!(
        model.streams.rows.len(),
        5_000,
        "the last good listing stays"
    );
    sim.set_throttling(false);

    let before = sim.calls();
    let commands = update(
        &mut model,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('r'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    settle(&mut model, &runner, commands).await;
    assert_eq!(
        (sim.calls() - before).list_streams,
        50,
        "ctrl-r reads the whole listing again"
    );
}

#[tokio::test]
async fn throttling_during_a_refresh_leaves_the_table_stale_not_blank() {
    let sim = account(7, 30);
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    let mut model = demo_model(140, 40, sim.clock().now());
    let commands = init(&mut model);
    settle(&mut model, &runner, commands).await;
    sim.set_throttling(true);
    sim.clock().advance(chrono::Duration::seconds(10));
    let commands = update(&mut model, Msg::Tick(sim.clock().now()));
    settle(&mut model, &runner, commands).await;
    assert!(model.streams.list.is_stale());
    assert_eq!(model.streams.rows.len(), 30);
    assert!(model.streams.list.error().unwrap().is_throttling());
}

/// After a switch of profile or region, answers still on their way from the old context's
/// runner never reach the console; the new runner's do.
#[tokio::test]
async fn answers_from_the_context_left_behind_are_dropped() {
    let options = SimOptions::default();
    let old_account = SimAccount::new(&options, SimClock::manual(from_epoch_secs(1_795_262_400)));
    let new_account = SimAccount::new(&options, SimClock::manual(from_epoch_secs(1_795_262_400)));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let old = EffectRunner::simulated(old_account, tx.clone());
    let list = || kinetic::app::Command::ListStreams {
        request: kinetic::app::msg::RequestId(1),
    };
    old.run(list());
    assert!(
        matches!(rx.recv().await, Some(Msg::StreamsListed { .. })),
        "current: delivered"
    );
    let new = old.hand_over(EffectRunner::simulated(new_account, tx));
    assert!(!old.is_current() && new.is_current());
    old.run(list());
    new.run(list());
    assert!(
        matches!(rx.recv().await, Some(Msg::StreamsListed { .. })),
        "the new one's"
    );
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(rx.try_recv().is_err(), "the old one's answer was dropped");
}

/// Each simulated application's numbers tell one story: a job that restarted within the last
/// hour has been up no longer than since its last restart, and its metrics arrive late, on
/// minute boundaries, as CloudWatch delivers Managed Flink's.
#[tokio::test]
async fn each_application_s_metrics_tell_one_story() {
    use kinetic::domain::app_metrics::AppMetric;
    use kinetic::ports::FlinkPort;
    let sim = account_with_apps(7, 5, kinetic::sim::apps::SCENARIOS);
    let now = sim.clock().now();
    let window = MetricWindow::last_minutes(now, 60);
    let mut restarting = 0;
    for app in sim.list_applications().await.unwrap() {
        let queries = [
            AppMetric::Restarts.query(&app.name, &app.runtime),
            AppMetric::Uptime.query(&app.name, &app.runtime),
        ];
        let series = sim.get_metrics(&queries, window).await.unwrap();
        let (restarts, uptime) = (&series[0], &series[1]);
        let Some((newest, up_ms)) = uptime.points.last().copied() else {
            continue;
        };
        assert_eq!(
            newest.timestamp() % 60,
            0,
            "{}: off a minute boundary",
            app.name
        );
        assert!(
            now - newest >= chrono::Duration::minutes(3),
            "{}: a datapoint for {newest} already at {now}",
            app.name
        );
        let last_restart = restarts
            .points
            .windows(2)
            .rev()
            .find(|pair| pair[1].1 > pair[0].1)
            .map(|pair| pair[1].0);
        if let Some(restarted) = last_restart {
            restarting += 1;
            let since = (newest - restarted).num_milliseconds() as f64 + 60_000.0;
            assert!(
                up_ms <= since,
                "{}: up {up_ms} ms but it restarted {since} ms before its uptime was reported",
                app.name
            );
        }
    }
    assert!(restarting >= 2, "only {restarting} restarting applications");
}

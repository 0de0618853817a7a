//! Render-time benchmark: the streams screen with 1,000 streams and the shards screen with
//! 10,000 shards at 200×60, plus the sort/filter rebuild. Prints p50/p99/max per case.
//!
//! Also the record viewer: records decoded and ingested a second, and frames with 10,000 held.
//! The idle console's cost is `benches/idle.rs`.
//!
//! Run with `cargo bench --bench render`.
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
#[path = "support/rss.rs"]
mod common;
use common::rss_kb;
use kinetic::app::Command;
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::{Context, Input, Model};
use kinetic::app::msg::RequestId;
use kinetic::app::route::Route;
use kinetic::app::stream_detail_page::StreamDetailPage;
use kinetic::app::update::{init, update};
use kinetic::config::Keymap;
use kinetic::domain::{HashRange, Loadable, MetricSeries, Shard, StreamMetrics};
use kinetic::sim::clock::SimClock;
use kinetic::sim::{SimAccount, SimOptions};
use kinetic::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    println!(
        "{name:<48} n={:<5} p50={:>8.3} ms  p99={:>8.3} ms  max={:>8.3} ms",
        samples.len(),
        pick(0.50).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
}

fn time(iterations: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    for i in 0..iterations / 10 {
        f(i);
    }
    (0..iterations)
        .map(|i| {
            let start = Instant::now();
            f(i);
            start.elapsed()
        })
        .collect()
}

/// A model of the simulated account with every visible row loaded, as after start-up.
fn loaded_model(runtime: &tokio::runtime::Runtime, streams: usize) -> Model {
    loaded_account(runtime, streams, 7).0
}

fn loaded_account(
    runtime: &tokio::runtime::Runtime,
    streams: usize,
    apps: usize,
) -> (Model, SimAccount) {
    let sim = SimAccount::new(
        &SimOptions {
            seed: 7,
            streams,
            apps,
            latency: Duration::ZERO,
        },
        SimClock::manual(chrono::Utc::now()),
    );
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    let context = Context {
        profile: None,
        region: "us-east-1".into(),
        endpoint: None,
        read_only: false,
        demo: true,
        production: false,
        read_only_reason: None,
    };
    let mut model = Model::new(
        context,
        Keymap::default_keymap().unwrap(),
        sim.clock().now(),
        (WIDTH, HEIGHT),
    );
    runtime.block_on(async {
        let mut queue: VecDeque<Command> = init(&mut model).into();
        while let Some(command) = queue.pop_front() {
            if let Some(msg) = runner.execute(command).await {
                queue.extend(update(&mut model, msg));
            }
        }
    });
    (model, sim)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let theme = Theme::default_theme();

    let start = Instant::now();
    let model = loaded_model(&runtime, 1_000);
    println!(
        "simulated account of 1,000 streams built and first screen loaded in {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    let mut scrolled = model.clone();
    report(
        "streams screen, 1,000 streams, 200x60",
        time(2_000, |i| {
            // Move the cursor so every frame differs, as when an operator scrolls.
            scrolled.streams.table.cursor = i % 50;
            terminal
                .draw(|frame| view(&scrolled, &theme, frame))
                .unwrap();
        }),
    );

    let mut filtering = model.clone();
    filtering.input = Input::Filter;
    report(
        "filter keystroke (re-filter + re-sort 1,000 rows)",
        time(2_000, |i| {
            filtering.streams.table.filter = if i % 2 == 0 {
                "ingest".into()
            } else {
                "ingest-".into()
            };
            let page = filtering.streams_page_rows();
            filtering.streams.rebuild_rows(page);
        }),
    );

    // One stream with 10,000 shards, per-shard rates for the visible ones.
    let mut detail_model = model.clone();
    let shards: Vec<Shard> = HashRange::even_split(10_000)
        .into_iter()
        .enumerate()
        .map(|(i, hash_range)| Shard {
            id: format!("shardId-{i:012}"),
            hash_range,
            parent: (i % 3 == 0).then(|| format!("shardId-{:012}", 20_000 + i)),
            adjacent_parent: None,
            open: true,
            starting_sequence: "1".into(),
        })
        .collect();
    let name = "orders-ingest".to_string();
    let mut page = StreamDetailPage::new(name.clone(), RequestId(1));
    page.refreshing = false;
    page.summary = Loadable::Loaded {
        value: kinetic::domain::StreamSummary {
            name: name.clone(),
            arn: "arn:aws:kinesis:us-east-1:123456789012:stream/orders-ingest".into(),
            status: kinetic::domain::StreamStatus::Active,
            mode: Some(kinetic::domain::CapacityMode::Provisioned),
            open_shards: 10_000,
            retention_hours: 24,
            consumers: 2,
            shard_level_metrics: vec!["ALL".into()],
            encryption: None,
            created: None,
            capacity: Default::default(),
        },
        at: model.now,
    };
    for shard in shards.iter().take(100) {
        let point = vec![(model.now, 50_000_000.0)];
        page.shard_metrics.insert(
            shard.id.clone(),
            StreamMetrics {
                incoming_bytes: MetricSeries {
                    points: point.clone(),
                },
                incoming_records: MetricSeries { points: point },
                ..Default::default()
            },
        );
    }
    page.shards = Loadable::Loaded {
        value: shards,
        at: model.now,
    };
    let rows = detail_model.shards_page_rows();
    page.rebuild_rows(rows);
    detail_model.stream_detail = Some(page);
    detail_model.routes.push(Route::StreamDetail(name));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    report(
        "shards screen, 10,000 shards, 200x60",
        time(2_000, |i| {
            if let Some(detail) = detail_model.stream_detail.as_mut() {
                detail.table.cursor = i % 40;
            }
            terminal
                .draw(|frame| view(&detail_model, &theme, frame))
                .unwrap();
        }),
    );
    report(
        "shards re-sort (10,000 shards)",
        time(200, |i| {
            if let Some(detail) = detail_model.stream_detail.as_mut() {
                detail.table.sort.column = i % 5;
                detail.rebuild_rows(rows);
            }
        }),
    );

    applications(&runtime, &theme);
    rollback_guide(&runtime, &theme);
    logs(&theme);
    records(&runtime, &theme);
}

/// The rollback guide: how long its facts take to read over the simulated account with the
/// demo's 25 ms a call, how many calls that is, and how long the filled guide takes to draw.
fn rollback_guide(runtime: &tokio::runtime::Runtime, theme: &Theme) {
    let (mut model, _) = loaded_account(runtime, 24, kinetic::sim::apps::SCENARIOS);
    let sim = SimAccount::new(
        &SimOptions {
            seed: 7,
            streams: 24,
            apps: kinetic::sim::apps::SCENARIOS,
            latency: Duration::from_millis(25),
        },
        SimClock::manual(model.now),
    );
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = EffectRunner::simulated(sim.clone(), tx);
    for app in ["recommendations-trainer", "session-windows"] {
        let before = sim.calls();
        let mut message = None;
        let fills = time(20, |_| {
            message = runtime.block_on(runner.execute(Command::LoadRollbackFacts {
                request: RequestId(1),
                app: app.to_string(),
                read_log: true,
            }));
        });
        let calls = sim.calls() - before;
        let runs = 22; // time() runs 2 warm-ups before the 20 it measures
        println!(
            "rollback guide of {app}: {} kinesisanalyticsv2 calls a fill (DescribeApplication {}, ListApplicationOperations {}, ListApplicationSnapshots {}, DescribeApplicationOperation {}, plus one DescribeApplicationVersion) and FilterLogEvents",
            calls.flink / runs,
            calls.describe_application / runs,
            calls.list_operations / runs,
            calls.list_snapshots / runs,
            calls.describe_operation / runs,
        );
        report(&format!("guide fill, {app}, 25 ms a call"), fills);
        if app == "recommendations-trainer"
            && let Some(msg) = message
        {
            let page =
                kinetic::app::rollback_page::RollbackPage::new(app.into(), RequestId(1), None);
            model.rollback = Some(page);
            model.routes.push(Route::Rollback(app.into()));
            let _ = update(&mut model, msg);
        }
    }
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    report(
        "rollback guide, 200x60",
        time(2_000, |_| {
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
}

/// Ingesting 100,000 lines through the update, and drawing 10,000 with a search active.
fn logs(theme: &Theme) {
    use kinetic::app::Msg;
    use kinetic::domain::log_event::LogEvent;
    let context = Context {
        profile: None,
        region: "us-east-1".into(),
        endpoint: None,
        read_only: false,
        demo: true,
        production: false,
        read_only_reason: None,
    };
    let now = chrono::Utc::now();
    let mut model = Model::new(
        context,
        Keymap::default_keymap().unwrap(),
        now,
        (WIDTH, HEIGHT),
    );
    let query = kinetic::ports::LogQuery {
        group: "/aws/kinesis-analytics/bench".into(),
        stream_prefix: None,
        pattern: None,
    };
    kinetic::app::update::logs::open(&mut model, query, "bench".into());
    let session = model.logs.as_ref().unwrap().session;
    let line = |i: usize| LogEvent {
        timestamp: now + chrono::Duration::milliseconds(i as i64),
        log_stream: "kinesis-analytics-log-stream".into(),
        message: if i.is_multiple_of(50) {
            format!(
                r#"{{"logger":"org.apache.flink.runtime.executiongraph.ExecutionGraph","message":"Task {i} switched from RUNNING to FAILED.","throwableInformation":"java.lang.NullPointerException: null\n\tat com.acme.Job.map(Job.java:42)\n\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)","messageType":"ERROR"}}"#
            )
        } else {
            format!(
                r#"{{"logger":"com.acme.pipeline.MetricsReporter","message":"processed {i} records in the last second","messageType":"INFO"}}"#
            )
        },
    };
    let batches: Vec<Vec<LogEvent>> = (0..200)
        .map(|b| (b * 500..(b + 1) * 500).map(line).collect())
        .collect();
    let before = rss_kb();
    let start = Instant::now();
    for events in batches {
        update(
            &mut model,
            Msg::LogEvents {
                session,
                events,
                sampled: false,
            },
        );
    }
    let elapsed = start.elapsed();
    let page = model.logs.as_ref().unwrap();
    println!(
        "ingest 100,000 lines in batches of 500: {:.1} ms = {:.0} lines/s; buffer {} lines, {} dropped; RSS grew {} KB",
        elapsed.as_secs_f64() * 1e3,
        100_000.0 / elapsed.as_secs_f64(),
        page.buffer.len(),
        page.buffer.dropped(),
        rss_kb().saturating_sub(before)
    );
    model.routes = vec![Route::Logs("bench".into())];
    if let Some(page) = model.logs.as_mut() {
        page.search.text = "failed".into();
        page.refresh_matches();
    }
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    report(
        "log view, 10,000 lines, search active, following",
        time(2_000, |_| {
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
    if let Some(page) = model.logs.as_mut() {
        page.following = false;
    }
    report(
        "log view, 10,000 lines, search active, paused",
        time(2_000, |i| {
            if let Some(page) = model.logs.as_mut() {
                page.cursor = 5_000 + i % 100;
            }
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
    let start = Instant::now();
    for i in 0..20 {
        let events = (100_000 + i * 500..100_000 + (i + 1) * 500)
            .map(line)
            .collect();
        update(
            &mut model,
            Msg::LogEvents {
                session,
                events,
                sampled: false,
            },
        );
    }
    println!(
        "ingest while paused with a search active: {:.0} lines/s",
        10_000.0 / start.elapsed().as_secs_f64()
    );
}

/// `:apps` with 100 applications and the Versions tab with 200 versions.
fn applications(runtime: &tokio::runtime::Runtime, theme: &Theme) {
    let (mut model, sim) = loaded_account(runtime, 24, 100);
    let calls = sim.calls();
    println!(
        "start-up with 24 streams and 100 applications: {} GetMetricData calls, {} metrics requested (the streams screen's 24 streams x 5 plus the applications')",
        calls.get_metric_data, calls.metrics_requested
    );
    model.routes = vec![Route::Apps];
    let page = model.streams_page_rows();
    let now = model.now;
    model.apps.rebuild_rows(page, now);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    report(
        ":apps screen, 100 applications, 200x60",
        time(2_000, |i| {
            model.apps.table.cursor = i % 50;
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );

    let app = model.apps.summaries()[0].name.clone();
    let base = model
        .apps
        .facts
        .details
        .get(&app)
        .map(|(d, _)| d.clone())
        .unwrap();
    let mut page = kinetic::app::app_detail_page::AppDetailPage::new(app.clone(), RequestId(1));
    page.tab = kinetic::app::app_detail_page::AppTab::Versions;
    page.detail = Loadable::Loaded {
        value: base.clone(),
        at: model.now,
    };
    let versions: Vec<kinetic::domain::VersionSummary> = (1..=200)
        .rev()
        .map(|v| kinetic::domain::VersionSummary {
            version_id: v,
            status: kinetic::domain::AppStatus::Ready,
        })
        .collect();
    for v in [200, 199, 198] {
        let mut detail = base.clone();
        detail.version_id = v;
        detail.updated_from = Some(v - 1);
        page.version_details.insert(
            v,
            Loadable::Loaded {
                value: detail,
                at: model.now,
            },
        );
    }
    page.versions = Loadable::Loaded {
        value: versions,
        at: model.now,
    };
    page.marked = vec![200, 198];
    model.app_detail = Some(page);
    model.routes.push(Route::AppDetail(app));
    report(
        "Versions tab, 200 versions with a diff, 200x60",
        time(2_000, |i| {
            if let Some(page) = model.app_detail.as_mut() {
                page.versions_table.cursor = i % 40;
            }
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );

    if let Some(page) = model.app_detail.as_mut() {
        page.tab = kinetic::app::app_detail_page::AppTab::Job;
        page.job = Loadable::Loaded {
            value: job_of_50_operators(model.now),
            at: model.now,
        };
    }
    report(
        "Job tab, 50 operators, 200x60",
        time(2_000, |i| {
            if let Some(page) = model.app_detail.as_mut() {
                page.job_cursor = i % 25;
                page.unfolded = i % 2 == 0;
            }
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
}

/// A job of 50 operators in a line, the last busy and the others backpressured, with a full
/// checkpoint history, 20 exceptions and 13 task managers.
fn job_of_50_operators(now: kinetic::domain::Timestamp) -> kinetic::domain::job_view::JobView {
    use kinetic::domain::job_graph::{JobGraph, Operator};
    use kinetic::domain::job_view::*;
    let operators: Vec<Operator> = (0..50)
        .map(|i| Operator {
            id: format!("{i:032x}"),
            name: format!("operator-{i:02} (a keyed window aggregation)"),
            parallelism: 48,
            status: "RUNNING".into(),
            busy_ms: Some(if i == 49 { 990.0 } else { 20.0 }),
            backpressured_ms: Some(if i == 49 { 0.0 } else { 900.0 }),
            idle_ms: Some(10.0),
            records_in: Some(120_000.0),
            records_out: Some(120_000.0),
            watermark: Some(now - chrono::Duration::seconds(90)),
            worst_subtask: (i == 49).then_some(17),
        })
        .collect();
    let stack = "java.lang.IllegalStateException: boom\n\tat a.b.C.d(C.java:1)\n".repeat(20);
    JobView {
        source: JobSource::Simulated,
        job_id: "0".repeat(32),
        name: "big-job".into(),
        state: "RUNNING".into(),
        all_running: true,
        graph: JobGraph {
            operators,
            edges: (1..50).map(|i| (i - 1, i)).collect(),
        },
        checkpoints: (0..10)
            .map(|i| CheckpointRun {
                id: 100 - i,
                status: "COMPLETED".into(),
                savepoint: false,
                triggered: now,
                duration_ms: 40_000,
                size_bytes: 2_000_000_000,
                restored: false,
            })
            .collect(),
        checkpoint_settings: None,
        slowest: None,
        exceptions: (0..20)
            .map(|_| JobException {
                at: now,
                root_cause: "java.lang.IllegalStateException: boom".into(),
                name: "java.lang.IllegalStateException".into(),
                task: Some("operator-49 (3/48)".into()),
                host: Some("10.0.0.1:6121".into()),
                stack: stack.clone(),
            })
            .collect(),
        task_managers: (0..13)
            .map(|i| TaskManager {
                id: format!("tm-{i}"),
                slots_total: 4,
                slots_free: 0,
                heap_used: Some(1_000_000_000),
                heap_max: Some(2_000_000_000),
            })
            .collect(),
        calls: 0,
    }
}

/// The record viewer: decoding and ingesting orders-ingest's records (JSON orders and KPL
/// telemetry from the simulated account), then frames with 10,000 records held.
fn records(runtime: &tokio::runtime::Runtime, theme: &Theme) {
    use kinetic::app::records_page::{RecordsPage, Scope};
    use kinetic::domain::read_from::ReadFrom;
    use kinetic::domain::record::{Record, from_kinesis};
    use kinetic::ports::StreamsPort;
    let (mut model, sim) = loaded_account(runtime, 24, 7);
    // Raw records as GetRecords returns them: orders from the hot shard, KPL from telemetry.
    let raw = |stream: &str, shard: &str, want: usize| {
        runtime.block_on(async {
            let mut raw = Vec::new();
            let from = ReadFrom::At(sim.clock().now() - chrono::Duration::hours(2));
            let mut iterator = sim.shard_iterator(stream, shard, &from).await.unwrap();
            while raw.len() < want {
                // A shard answers 5 GetRecords a second: let a second pass between batches.
                sim.clock().advance(chrono::Duration::seconds(1));
                let batch = sim
                    .get_records(stream, shard, &iterator, 2_000)
                    .await
                    .unwrap();
                raw.extend(batch.records);
                match batch.next_iterator {
                    Some(next) => iterator = next,
                    None => break,
                }
            }
            raw
        })
    };
    let orders = raw("orders-ingest", "shardId-000000000002", 50_000);
    let telemetry = raw("telemetry-enriched", "shardId-000000000000", 5_000);
    let decode = |raw: &[kinetic::ports::RawRecord]| -> Vec<Record> {
        raw.iter()
            .flat_map(|r| {
                from_kinesis(
                    "shardId-000000000002",
                    &r.sequence,
                    &r.partition_key,
                    r.arrival,
                    &r.data,
                )
            })
            .collect()
    };
    let start = Instant::now();
    let decoded = decode(&orders);
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<48} {:>9.0} records/s ({} JSON orders, {:.0} bytes each)",
        "decode (JSON orders)",
        decoded.len() as f64 / seconds,
        decoded.len(),
        orders.iter().map(|r| r.data.len()).sum::<usize>() as f64 / orders.len() as f64
    );
    let start = Instant::now();
    let users = decode(&telemetry);
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<48} {:>9.0} user records/s ({} from {} KPL aggregates)",
        "decode (KPL de-aggregation)",
        users.len() as f64 / seconds,
        users.len(),
        telemetry.len()
    );
    // Ingest into the viewer's page, 2,000 a batch as the reader sends them.
    let mut page = RecordsPage::new(
        1,
        "orders-ingest".into(),
        Scope::AllOpen,
        ReadFrom::Latest,
        model.now,
        10_000,
    );
    page.search.text = "sku-1042".into();
    let start = Instant::now();
    for batch in decoded.chunks(2_000) {
        page.ingest(batch.to_vec());
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{:<48} {:>9.0} records/s (10,000 held, {} dropped, search on)",
        "ingest into the viewer",
        decoded.len() as f64 / seconds,
        page.all.dropped()
    );

    let stream = "orders-ingest".to_string();
    model.records = Some(page);
    model.routes.push(Route::StreamDetail(stream.clone()));
    model.routes.push(Route::Records(stream.clone()));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    report(
        "record viewer, 10,000 held, following, 200x60",
        time(2_000, |_| {
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
    if let Some(page) = model.records.as_mut() {
        page.following = false;
        let first = page.all.get(100).map(Record::key);
        page.expanded.extend(first);
    }
    report(
        "record viewer, paused, scrolling, one expanded",
        time(2_000, |i| {
            if let Some(page) = model.records.as_mut() {
                page.cursor = 100 + i % 40;
            }
            terminal.draw(|frame| view(&model, theme, frame)).unwrap();
        }),
    );
    let shards = runtime
        .block_on(sim.list_shards(&stream))
        .unwrap_or_default();
    report(
        "key report over 10,000 records",
        time(200, |_| {
            if let Some(page) = model.records.as_ref() {
                let report = kinetic::domain::key_report::report(page.all.iter(), &shards, 20);
                assert!(report.records > 0);
            }
        }),
    );
}

//! Flink applications end to end over the simulator: health rules, pulse, tabs, version diff, jumps.

use crate::support::console::account;
use crate::support::drive::settle;

use crate::support::models::{char_key, key, type_text};
use crossterm::event::KeyCode;
use kinetic::app::Command;
use kinetic::app::Route;
use kinetic::app::app_detail_page::AppTab;
use kinetic::app::effects::EffectRunner;
use kinetic::app::health_pulse::{Counts, counts};
use kinetic::app::model::Model;
use kinetic::app::msg::Msg;
use kinetic::app::update::update;
use kinetic::domain::health::Health;
use kinetic::sim::SimAccount;

fn sim(apps: usize) -> SimAccount {
    account(apps)
}

async fn started(sim: &SimAccount) -> (Model, EffectRunner) {
    crate::support::console::started(sim, (150, 40)).await
}

async fn press(model: &mut Model, runner: &EffectRunner, msg: Msg) -> Vec<Command> {
    let commands = update(model, msg);
    settle(model, runner, commands).await
}

async fn run_command(model: &mut Model, runner: &EffectRunner, line: &str) {
    update(model, char_key(':'));
    type_text(model, line);
    press(model, runner, key(KeyCode::Enter)).await;
}

fn health_of(model: &Model, app: &str) -> Health {
    let summary = model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == app)
        .unwrap();
    model.apps.row_for(summary).health(model.now)
}

#[tokio::test]
async fn every_simulated_application_gets_the_verdict_its_scenario_calls_for() {
    let sim = sim(7);
    let (model, _) = started(&sim).await;
    assert_eq!(model.apps.summaries().len(), 7);
    assert_eq!(health_of(&model, "orders-enricher"), Health::Healthy);
    assert_eq!(
        health_of(&model, "inventory-sync"),
        Health::Healthy,
        "an update in progress is not a failure"
    );
    assert_eq!(
        health_of(&model, "clickstream-sessionizer"),
        Health::Stopped
    );
    let fraud = health_of(&model, "payments-fraud-scorer");
    assert!(
        matches!(&fraud, Health::Failing(r) if r[0].contains("failed checkpoint")),
        "{fraud:?}"
    );
    let trainer = health_of(&model, "recommendations-trainer");
    assert!(
        matches!(&trainer, Health::Failing(r) if r[0].contains("restart")),
        "{trainer:?}"
    );
    let telemetry = health_of(&model, "telemetry-aggregator");
    assert!(
        matches!(&telemetry, Health::Degraded(r) if r.iter().any(|r| r.contains("lag"))),
        "{telemetry:?}"
    );
    assert!(
        matches!(&telemetry, Health::Degraded(r) if r.iter().any(|r| r.contains("checkpoint took"))),
        "{telemetry:?}"
    );
    let archiver = health_of(&model, "audit-archiver");
    assert!(
        matches!(&archiver, Health::Degraded(r) if r[0].contains("update failed")),
        "{archiver:?}"
    );
    let (_, apps) = counts(&model);
    assert_eq!(
        apps,
        Counts {
            healthy: 2,
            degraded: 2,
            failing: 2
        }
    );
}

#[tokio::test]
async fn a_finished_update_lands_and_the_application_runs_the_new_version() {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    let before = model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == "inventory-sync")
        .unwrap()
        .version_id;
    sim.clock().advance(chrono::Duration::seconds(90));
    let commands = update(&mut model, Msg::Tick(sim.clock().now()));
    settle(&mut model, &runner, commands).await;
    let after = model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == "inventory-sync")
        .unwrap();
    assert_eq!(after.version_id, before + 1);
    assert_eq!(after.status, kinetic::domain::AppStatus::Running);
}

#[tokio::test]
async fn pulse_jumps_to_a_failing_application() {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    press(&mut model, &runner, char_key('P')).await;
    let Route::AppDetail(app) = model.route().clone() else {
        panic!("{:?}", model.route())
    };
    assert!(matches!(health_of(&model, &app), Health::Failing(_)));
}

#[tokio::test]
async fn tabs_switch_by_number_and_tab_and_load_only_what_they_show() {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    run_command(&mut model, &runner, "apps").await;
    assert_eq!(model.route(), &Route::Apps);
    update(&mut model, char_key('/'));
    type_text(&mut model, "orders-enricher");
    update(&mut model, key(KeyCode::Enter));
    let opened = press(&mut model, &runner, key(KeyCode::Enter)).await;
    assert!(!opened.iter().any(|c| matches!(
        c,
        Command::ListVersions { .. } | Command::ListSnapshots { .. }
    )));
    assert_eq!(model.app_detail.as_ref().unwrap().tab, AppTab::Overview);

    let loaded = press(&mut model, &runner, char_key('2')).await;
    assert!(
        loaded
            .iter()
            .any(|c| matches!(c, Command::ListVersions { .. }))
    );
    assert_eq!(
        loaded
            .iter()
            .filter(|c| matches!(c, Command::DescribeVersion { .. }))
            .count(),
        1,
        "only the selected version"
    );
    assert_eq!(model.app_detail.as_ref().unwrap().versions().len(), 5);

    let again = press(&mut model, &runner, char_key('2')).await;
    assert!(again.is_empty(), "already loaded: {again:?}");
    press(&mut model, &runner, key(KeyCode::Tab)).await;
    assert_eq!(model.app_detail.as_ref().unwrap().tab, AppTab::Snapshots);
    assert!(
        model
            .app_detail
            .as_ref()
            .unwrap()
            .snapshots
            .value()
            .is_some_and(|s| !s.is_empty())
    );
    press(&mut model, &runner, key(KeyCode::BackTab)).await;
    assert_eq!(model.app_detail.as_ref().unwrap().tab, AppTab::Versions);
    let checkpoints = press(&mut model, &runner, char_key('4')).await;
    assert!(
        checkpoints
            .iter()
            .any(|c| matches!(c, Command::CheckpointMetrics { .. }))
    );
    assert!(
        model
            .app_detail
            .as_ref()
            .unwrap()
            .checkpoints
            .value()
            .is_some_and(|m| !m.checkpoint_duration_ms.points.is_empty())
    );
    let ops = press(&mut model, &runner, char_key('5')).await;
    assert_eq!(
        ops.iter()
            .filter(|c| matches!(c, Command::DescribeOperation { .. }))
            .count(),
        1,
        "only the selected operation"
    );
    press(&mut model, &runner, char_key('j')).await;
    let page = model.app_detail.as_ref().unwrap();
    assert_eq!(page.operation_details.len(), 2);
}

#[tokio::test]
async fn marking_two_versions_shows_what_changed() {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    run_command(&mut model, &runner, "apps").await;
    update(&mut model, char_key('/'));
    type_text(&mut model, "orders-enricher");
    update(&mut model, key(KeyCode::Enter));
    press(&mut model, &runner, key(KeyCode::Enter)).await;
    press(&mut model, &runner, char_key('2')).await;
    // Newest first: mark 5, move to 4, mark it.
    press(&mut model, &runner, char_key(' ')).await;
    press(&mut model, &runner, char_key('j')).await;
    press(&mut model, &runner, char_key(' ')).await;
    let page = model.app_detail.as_ref().unwrap();
    assert_eq!(page.marked, [5, 4]);
    let (older, newer) = page.compared().expect("both versions loaded");
    assert_eq!((older.version_id, newer.version_id), (4, 5));
    let changes: Vec<_> = kinetic::domain::version_diff::diff(older, newer)
        .into_iter()
        .filter(|d| d.changed)
        .map(|d| d.field)
        .collect();
    assert_eq!(changes, ["version", "code key", "code object version"]);
    // Esc clears the marks before leaving the screen.
    press(&mut model, &runner, key(KeyCode::Esc)).await;
    assert!(model.app_detail.as_ref().unwrap().marked.is_empty());
    assert!(matches!(model.route(), Route::AppDetail(_)));
    // A third mark replaces the oldest.
    press(&mut model, &runner, char_key(' ')).await;
    press(&mut model, &runner, char_key('j')).await;
    press(&mut model, &runner, char_key(' ')).await;
    press(&mut model, &runner, char_key('j')).await;
    press(&mut model, &runner, char_key(' ')).await;
    assert_eq!(model.app_detail.as_ref().unwrap().marked, [3, 2]);
}

#[tokio::test]
async fn streams_and_applications_link_both_ways() {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    assert!(
        model
            .apps
            .using_stream("orders-ingest")
            .iter()
            .any(|(_, app)| app == "orders-enricher")
    );
    update(&mut model, char_key('/'));
    type_text(&mut model, "orders-ingest");
    update(&mut model, key(KeyCode::Enter));
    press(&mut model, &runner, key(KeyCode::Enter)).await;
    assert_eq!(model.route(), &Route::StreamDetail("orders-ingest".into()));
    press(&mut model, &runner, key(KeyCode::Tab)).await;
    assert!(model.stream_detail.as_ref().unwrap().focus_apps);
    let using = model.apps.using_stream("orders-ingest");
    let target = using[model.stream_detail.as_ref().unwrap().app_cursor]
        .1
        .clone();
    press(&mut model, &runner, key(KeyCode::Enter)).await;
    assert_eq!(model.route(), &Route::AppDetail(target.clone()));

    // From the application's overview, Enter on a stream opens it.
    let streams = model.app_detail.as_ref().unwrap().streams();
    let other = streams
        .iter()
        .position(|(_, s)| s != "orders-ingest")
        .unwrap();
    for _ in 0..other {
        press(&mut model, &runner, char_key('j')).await;
    }
    press(&mut model, &runner, key(KeyCode::Enter)).await;
    let Route::StreamDetail(stream) = model.route().clone() else {
        panic!()
    };
    assert_ne!(stream, "orders-ingest");
    assert_eq!(model.stream_detail.as_ref().unwrap().stream, stream);

    // Back twice returns through the application to orders-ingest, reloaded.
    press(&mut model, &runner, key(KeyCode::Esc)).await;
    assert_eq!(model.route(), &Route::AppDetail(target));
    press(&mut model, &runner, key(KeyCode::Esc)).await;
    assert_eq!(model.route(), &Route::StreamDetail("orders-ingest".into()));
    assert_eq!(
        model.stream_detail.as_ref().unwrap().stream,
        "orders-ingest"
    );
    assert!(
        model
            .stream_detail
            .as_ref()
            .unwrap()
            .shards
            .value()
            .is_some()
    );
}

#[tokio::test]
async fn a_hundred_applications_cost_two_metric_calls_a_minute() {
    let sim = sim(100);
    let before = sim.calls();
    let (mut model, runner) = started(&sim).await;
    run_command(&mut model, &runner, "apps").await;
    let first = sim.calls() - before;
    assert_eq!(model.apps.summaries().len(), 100);
    // Streams (≤ 24 on screen, 5 each) plus applications (9 each plus one lag series per source).
    let streams_metrics = 24 * 5;
    let apps_metrics = first.metrics_requested - streams_metrics;
    assert!((1_000..=1_100).contains(&apps_metrics), "{apps_metrics}");
    assert!(first.get_metric_data <= 4, "{first:?}");
    // Ten seconds later nothing is re-fetched from CloudWatch; a minute later it is, once.
    let mark = sim.calls();
    sim.clock().advance(chrono::Duration::seconds(10));
    let commands = update(&mut model, Msg::Tick(sim.clock().now()));
    settle(&mut model, &runner, commands).await;
    assert_eq!((sim.calls() - mark).get_metric_data, 0);
}

#[tokio::test]
async fn a_source_backpressured_across_job_views_for_a_minute_degrades_the_application_and_the_pulse()
 {
    let sim = sim(7);
    let (mut model, runner) = started(&sim).await;
    run_command(&mut model, &runner, "job telemetry-aggregator").await;
    let page = model.app_detail.as_ref().unwrap();
    assert_eq!(page.tab, AppTab::Job);
    let view = page.job.value().unwrap();
    assert_eq!(
        view.source_backpressured(),
        Some("Source: telemetry-enriched"),
        "the simulated engine backpressures the lagging job's source"
    );
    let reasons = |model: &Model| health_of(model, "telemetry-aggregator").reasons().to_vec();
    assert!(
        !reasons(&model).iter().any(|r| r.contains("backpressured")),
        "one read is not sustained: {:?}",
        reasons(&model)
    );
    // The tab re-reads the job on each refresh; a minute and more of reads that agree.
    for _ in 0..7 {
        sim.clock().advance(chrono::Duration::seconds(11));
        press(&mut model, &runner, Msg::Tick(sim.clock().now())).await;
    }
    assert!(
        reasons(&model)
            .iter()
            .any(|r| r == "source Source: telemetry-enriched backpressured for 1 min"),
        "{:?}",
        reasons(&model)
    );
    let (_, before) = counts(&model);
    // A healthy application whose job views show the same counts in the pulse as degraded.
    model.apps.facts.source_backpressure.insert(
        "orders-enricher".into(),
        (
            "Source: orders-ingest".into(),
            model.now - chrono::Duration::minutes(2),
        ),
    );
    let (_, after) = counts(&model);
    assert_eq!(
        (after.healthy, after.degraded),
        (before.healthy - 1, before.degraded + 1)
    );
}

//! Update tests for the stream detail screen.

use crate::support::models::*;
use crossterm::event::KeyCode;
use kinetic::app::msg::Msg;
use kinetic::app::update::update;
use kinetic::app::{Command, Route};
use kinetic::domain::{Loadable, PortError};

fn open_orders() -> (kinetic::app::Model, Vec<Command>) {
    let (mut model, _) = loaded(140, 40, fleet());
    update(&mut model, char_key('/'));
    type_text(&mut model, "orders");
    update(&mut model, key(KeyCode::Enter));
    let commands = update(&mut model, key(KeyCode::Enter));
    (model, commands)
}

fn shards_request(commands: &[Command]) -> kinetic::app::msg::RequestId {
    commands
        .iter()
        .find_map(|c| match c {
            Command::LoadShards { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap()
}

#[test]
fn enter_opens_the_stream_and_loads_shards_summary_and_consumers() {
    let (model, commands) = open_orders();
    assert_eq!(model.route(), &Route::StreamDetail("orders-ingest".into()));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::LoadShards { stream, .. } if stream == "orders-ingest"))
    );
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::DescribeSummary { stream } if stream == "orders-ingest"))
    );
    assert!(commands.iter().any(
        |c| matches!(c, Command::LoadConsumers { arn, .. } if arn.ends_with("/orders-ingest"))
    ));
}

#[test]
fn shards_arrive_and_update_the_stream_count_and_esc_goes_back() {
    let (mut model, commands) = open_orders();
    let request = shards_request(&commands);
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(shards(4)),
        },
    );
    let detail = model.stream_detail.as_ref().unwrap();
    assert_eq!(detail.rows.len(), 4);
    assert_eq!(
        model.streams.facts.shard_counts.value("orders-ingest"),
        Some(&4)
    );
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.route(), &Route::Streams);
    assert!(model.stream_detail.is_none());
}

#[test]
fn results_for_a_closed_detail_are_dropped() {
    let (mut model, commands) = open_orders();
    let request = shards_request(&commands);
    update(&mut model, key(KeyCode::Esc));
    update(&mut model, key(KeyCode::Enter));
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(shards(4)),
        },
    );
    assert!(model.stream_detail.as_ref().unwrap().shards.is_loading());
}

#[test]
fn a_failed_shard_refresh_keeps_the_shards_on_screen() {
    let (mut model, commands) = open_orders();
    let request = shards_request(&commands);
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(shards(4)),
        },
    );
    let now = t0() + chrono::Duration::seconds(10);
    model.now = now;
    let commands = update(&mut model, Msg::Tick(now));
    let request = shards_request(&commands);
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: now,
            result: Err(PortError::Network {
                endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
                reason: "connection refused".into(),
            }),
        },
    );
    let detail = model.stream_detail.as_ref().unwrap();
    assert!(detail.shards.is_stale());
    assert_eq!(detail.rows.len(), 4);
}

#[test]
fn shard_metrics_are_requested_only_with_enhanced_monitoring() {
    let (mut model, commands) = open_orders();
    let request = shards_request(&commands);
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(shards(4)),
        },
    );
    let commands = update(
        &mut model,
        Msg::SummaryLoaded {
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(summary("orders-ingest", 4)),
        },
    );
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ShardMetrics { .. }))
    );
    let mut monitored = summary("orders-ingest", 4);
    monitored.shard_level_metrics = vec!["ALL".into()];
    let commands = update(
        &mut model,
        Msg::SummaryLoaded {
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(monitored),
        },
    );
    let shards_asked: Vec<usize> = commands
        .iter()
        .filter_map(|c| match c {
            Command::ShardMetrics { shards, .. } => Some(shards.len()),
            _ => None,
        })
        .collect();
    assert_eq!(shards_asked, [4]);
    assert!(matches!(
        model.stream_detail.as_ref().unwrap().summary,
        Loadable::Loaded { .. }
    ));
}

#[test]
fn shard_filter_selects_open_or_closed_shards() {
    let (mut model, commands) = open_orders();
    let request = shards_request(&commands);
    let mut all = shards(4);
    all[0].open = false;
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(all),
        },
    );
    update(&mut model, char_key('/'));
    type_text(&mut model, "status:closed");
    assert_eq!(model.stream_detail.as_ref().unwrap().rows.len(), 1);
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.stream_detail.as_ref().unwrap().rows.len(), 4);
    // Open shards sort first by default.
    let detail = model.stream_detail.as_ref().unwrap();
    assert!(detail.shards()[detail.rows[3]].id.ends_with("000"));
}

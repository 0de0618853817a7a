//! Every screen in every state, drawn into a TestBackend with a fixed clock and compared with insta.

use crate::support::models::*;
use crossterm::event::KeyCode;
use kinetic::app::Model;
use kinetic::app::msg::Msg;
use kinetic::app::update::update;
use kinetic::domain::{Loadable, MetricSeries, PortError, StreamMetrics};
use kinetic::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const W: u16 = 120;
const H: u16 = 24;

fn draw(model: &Model) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(model.width, model.height)).unwrap();
    terminal
        .draw(|frame| view(model, &Theme::default_theme(), frame))
        .unwrap();
    terminal
}

fn series(per_minute: &[f64]) -> MetricSeries {
    MetricSeries {
        points: per_minute
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    t0() - chrono::Duration::minutes((per_minute.len() - i) as i64),
                    *v,
                )
            })
            .collect(),
    }
}

fn metrics(
    bytes_per_sec: f64,
    records_per_sec: f64,
    throttled: f64,
    age_ms: Option<f64>,
) -> StreamMetrics {
    let shape: Vec<f64> = (0..60)
        .map(|i| 0.7 + 0.3 * ((i as f64) / 10.0).sin().abs())
        .collect();
    StreamMetrics {
        incoming_bytes: series(
            &shape
                .iter()
                .map(|s| s * bytes_per_sec * 60.0)
                .collect::<Vec<_>>(),
        ),
        incoming_records: series(
            &shape
                .iter()
                .map(|s| s * records_per_sec * 60.0)
                .collect::<Vec<_>>(),
        ),
        write_throttled: series(&[0.0, 0.0, throttled]),
        read_throttled: series(&[0.0]),
        iterator_age_ms: age_ms.map(|a| series(&[a])).unwrap_or_default(),
    }
}

/// The fleet with details, shard counts and metrics filled in.
fn full_model() -> Model {
    let (mut model, _) = loaded(W, H, fleet());
    for (name, shards, bytes, records, throttled, age) in [
        ("orders-ingest", 4, 2_300_000.0, 3_200.0, 840.0, Some(950.0)),
        ("payments-events", 4, 330_000.0, 900.0, 0.0, Some(120.0)),
        (
            "clickstream-raw",
            48,
            9_800_000.0,
            23_000.0,
            0.0,
            Some(75_000.0),
        ),
        ("inventory-cdc", 4, 2_700_000.0, 2_500.0, 0.0, None),
        ("audit-events", 1, 0.0, 0.0, 0.0, None),
    ] {
        update(
            &mut model,
            Msg::ShardsCounted {
                stream: name.into(),
                at: t0(),
                result: Ok(shards),
            },
        );
        let mut s = summary(name, shards);
        s.retention_hours = if name == "orders-ingest" { 168 } else { 24 };
        // The summary agrees with the listing: both are answers of the same moment.
        if let Some(listed) = fleet().into_iter().find(|l| l.name == name) {
            s.status = listed.status.unwrap_or(s.status);
            s.mode = listed.mode;
        }
        update(
            &mut model,
            Msg::SummaryLoaded {
                stream: name.into(),
                at: t0(),
                result: Ok(s),
            },
        );
        model.streams.facts.metrics.insert(
            name.into(),
            metrics(bytes, records, throttled, age),
            t0(),
        );
    }
    model.streams.facts.metrics_request = None;
    let page = model.streams_page_rows();
    model.streams.rebuild_rows(page);
    model
}

#[test]
fn streams_loading() {
    let mut model = model(W, H);
    kinetic::app::update::init(&mut model);
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_empty() {
    let (model, _) = loaded(W, H, vec![]);
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_loaded() {
    insta::assert_snapshot!(draw(&full_model()).backend());
}

#[test]
fn streams_loaded_read_only_with_endpoint() {
    let mut model = full_model();
    model.context.read_only = true;
    model.context.endpoint = Some("http://127.0.0.1:5000".into());
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_stale_after_throttling() {
    let mut model = full_model();
    let now = t0() + chrono::Duration::seconds(10);
    let commands = update(&mut model, Msg::Tick(now));
    let request = list_request(&commands);
    update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: now,
            result: Err(PortError::Throttled {
                api: "ListStreams".into(),
            }),
        },
    );
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_error_without_data() {
    let mut model = model(W, H);
    let request = list_request(&kinetic::app::update::init(&mut model));
    update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: t0(),
            result: Err(PortError::Credentials {
                detail: "ExpiredToken".into(),
            }),
        },
    );
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_filter_typing_and_no_match() {
    let mut model = full_model();
    update(&mut model, char_key('/'));
    type_text(&mut model, "zzz");
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn streams_command_line() {
    let mut model = full_model();
    update(&mut model, char_key(':'));
    type_text(&mut model, "stre");
    insta::assert_snapshot!(draw(&model).backend());
}

fn open_detail(model: &mut Model, name: &str) -> kinetic::app::msg::RequestId {
    update(model, char_key('/'));
    type_text(model, name);
    update(model, key(KeyCode::Enter));
    let commands = update(model, key(KeyCode::Enter));
    commands
        .iter()
        .find_map(|c| match c {
            kinetic::app::Command::LoadShards { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap()
}

fn detail_model() -> Model {
    let mut model = full_model();
    model.height = 30;
    let request = open_detail(&mut model, "orders-ingest");
    let mut all = shards(4);
    // Shard 0 was split: it is closed and its two children are open.
    all[0].open = false;
    let (low, high) = all[0]
        .hash_range
        .split_at(all[0].hash_range.midpoint())
        .unwrap();
    for (i, range) in [low, high].into_iter().enumerate() {
        all.push(kinetic::domain::Shard {
            id: format!("shardId-00000000000{}", 4 + i),
            hash_range: range,
            parent: Some(all[0].id.clone()),
            adjacent_parent: None,
            open: true,
            starting_sequence: "2".into(),
        });
    }
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(all),
        },
    );
    let mut monitored = summary("orders-ingest", 5);
    monitored.shard_level_metrics = vec!["ALL".into()];
    monitored.consumers = 2;
    let commands = update(
        &mut model,
        Msg::SummaryLoaded {
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(monitored),
        },
    );
    let metrics_request = commands
        .iter()
        .find_map(|c| match c {
            kinetic::app::Command::ShardMetrics { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap();
    let rates = [
        ("shardId-000000000001", 0.2, 300.0),
        ("shardId-000000000002", 1.6, 2_300.0),
        ("shardId-000000000003", 0.85, 700.0),
        ("shardId-000000000004", 0.1, 150.0),
        ("shardId-000000000005", 0.1, 150.0),
    ];
    update(
        &mut model,
        Msg::ShardMetricsLoaded {
            request: metrics_request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(rates
                .iter()
                .map(|(id, mb, rec)| (id.to_string(), metrics(mb * 1_048_576.0, *rec, 0.0, None)))
                .collect()),
        },
    );
    let consumers_request = model.stream_detail.as_ref().unwrap().request;
    update(
        &mut model,
        Msg::ConsumersLoaded {
            request: consumers_request,
            stream: "orders-ingest".into(),
            at: t0(),
            result: Ok(vec![kinetic::domain::Consumer {
                name: "flink-enricher".into(),
                arn: "arn:consumer".into(),
                status: "ACTIVE".into(),
                created: Some(t0() - chrono::Duration::days(12)),
            }]),
        },
    );
    model
}

#[test]
fn detail_loading() {
    let mut model = full_model();
    model.height = 30;
    open_detail(&mut model, "payments");
    model.stream_detail.as_mut().unwrap().summary = Loadable::Loading;
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn detail_loaded_with_hot_shard() {
    let model = detail_model();
    let terminal = draw(&model);
    insta::assert_snapshot!(terminal.backend());
    // The hot shard's id is drawn in the theme's `hot` colour.
    let buffer = terminal.backend().buffer();
    let theme = Theme::default_theme();
    let hot_row = (0..model.height)
        .find(|y| {
            (0..20)
                .map(|x| buffer[(x + 1, *y)].symbol().to_string())
                .collect::<String>()
                .starts_with("shardId-000000000002")
        })
        .expect("hot shard row");
    assert_eq!(buffer[(1, hot_row)].fg, theme.slots.hot);
}

#[test]
fn detail_stale_shards() {
    let mut model = detail_model();
    let now = t0() + chrono::Duration::seconds(10);
    let commands = update(&mut model, Msg::Tick(now));
    let request = commands
        .iter()
        .find_map(|c| match c {
            kinetic::app::Command::LoadShards { request, .. } => Some(*request),
            _ => None,
        })
        .unwrap();
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "orders-ingest".into(),
            at: now,
            result: Err(PortError::Network {
                endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
                reason: "the connection was reset".into(),
            }),
        },
    );
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn detail_error_and_empty() {
    let mut model = full_model();
    model.height = 30;
    let request = open_detail(&mut model, "audit");
    update(
        &mut model,
        Msg::ShardsLoaded {
            request,
            stream: "audit-events".into(),
            at: t0(),
            result: Err(PortError::NotFound {
                resource: "stream audit-events".into(),
            }),
        },
    );
    update(
        &mut model,
        Msg::ConsumersLoaded {
            request,
            stream: "audit-events".into(),
            at: t0(),
            result: Ok(vec![]),
        },
    );
    insta::assert_snapshot!(draw(&model).backend());
}

#[test]
fn help_screen() {
    let mut model = full_model();
    model.height = 40;
    update(&mut model, char_key('?'));
    insta::assert_snapshot!(draw(&model).backend());
}

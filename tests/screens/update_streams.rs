//! Update tests for the streams screen: keys in, model and commands out. No terminal, no AWS.

use crate::support::models::*;
use crossterm::event::KeyCode;
use kinetic::app::model::Input;
use kinetic::app::msg::{Msg, RequestId};
use kinetic::app::update::{init, update};
use kinetic::app::{Command, Route};
use kinetic::domain::{CapacityMode, PortError, StreamStatus};

fn names(model: &kinetic::app::Model) -> Vec<String> {
    model
        .streams
        .rows
        .iter()
        .map(|i| model.streams.listings()[*i].name.clone())
        .collect()
}

/// Answers every CountShards among `commands` (four open shards each); what the answers ask next.
fn count_every_shard(model: &mut kinetic::app::Model, commands: &[Command]) -> Vec<Command> {
    let mut later = Vec::new();
    for command in commands {
        if let Command::CountShards { stream } = command {
            later.extend(update(
                model,
                Msg::ShardsCounted {
                    stream: stream.clone(),
                    at: t0(),
                    result: Ok(4),
                },
            ));
        }
    }
    later
}

#[test]
fn start_up_lists_streams_once_then_fills_visible_rows() {
    let mut model = model(120, 30);
    let commands = init(&mut model);
    // The first screen waits for the listing alone: the pulse's other lists come after it.
    assert!(
        matches!(commands.as_slice(), [Command::ListStreams { .. }]),
        "{commands:?}"
    );
    assert!(model.streams.list.is_loading());
    // A second refresh while the first is in flight sends nothing.
    assert!(update(&mut model, ctrl('r')).is_empty());

    let request = list_request(&commands);
    let commands = update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: t0(),
            result: Ok(fleet()),
        },
    );
    let summaries = commands
        .iter()
        .filter(|c| matches!(c, Command::DescribeSummary { .. }))
        .count();
    let counts = commands
        .iter()
        .filter(|c| matches!(c, Command::CountShards { .. }))
        .count();
    let metrics: Vec<_> = commands
        .iter()
        .filter_map(|c| match c {
            Command::StreamMetrics { streams, .. } => Some(streams.len()),
            _ => None,
        })
        .collect();
    assert_eq!((summaries, counts), (5, 5));
    assert_eq!(
        metrics,
        [5],
        "one batched metrics request for all visible streams"
    );
    // The applications and alarms (for the pulse) once the rows on screen are counted.
    let pulse = |commands: &[Command]| {
        commands
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Command::ListApplications { .. } | Command::DescribeAlarms { .. }
                )
            })
            .count()
    };
    assert_eq!(pulse(&commands), 0, "{commands:?}");
    let later = count_every_shard(&mut model, &commands);
    assert_eq!(pulse(&later), 2, "{later:?}");
    assert_eq!(
        names(&model),
        [
            "audit-events",
            "clickstream-raw",
            "inventory-cdc",
            "orders-ingest",
            "payments-events"
        ]
    );
}

#[test]
fn only_visible_rows_and_a_bounded_background_fill_are_described() {
    let listings: Vec<_> = (0..200)
        .map(|i| {
            listing(
                &format!("s-{i:03}"),
                StreamStatus::Active,
                CapacityMode::Provisioned,
            )
        })
        .collect();
    let (mut model, commands) = loaded(120, 20, listings);
    let visible = model.streams_page_rows();
    let count = |commands: &[Command], summaries: bool| {
        commands
            .iter()
            .filter(|c| {
                if summaries {
                    matches!(c, Command::DescribeSummary { .. })
                } else {
                    matches!(c, Command::CountShards { .. })
                }
            })
            .count()
    };
    // The rows on screen first: the rows beyond them would compete for the same endpoint.
    assert_eq!(count(&commands, true), visible);
    assert_eq!(count(&commands, false), visible);
    // Once they are counted, a bounded fill of the rows beyond them, once.
    let later = count_every_shard(&mut model, &commands);
    assert_eq!(count(&later, true), 16);
    assert_eq!(count(&later, false), 16);
    let metric_streams: usize = commands
        .iter()
        .map(|c| match c {
            Command::StreamMetrics { streams, .. } => streams.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(
        metric_streams, visible,
        "metrics cost money: visible rows only"
    );
}

#[test]
fn a_failed_refresh_keeps_the_last_good_rows_marked_stale() {
    let (mut model, _) = loaded(120, 30, fleet());
    let now = t0() + chrono::Duration::seconds(11);
    model.now = now;
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
    assert!(model.streams.list.is_stale());
    assert_eq!(model.streams.rows.len(), 5, "rows stay on screen");
    assert_eq!(model.streams.list.as_of(), Some(t0()));
    // One throttled refresh is shown in place only; the next failure in a row is said.
    assert!(model.status.is_none(), "{:?}", model.status);
    let later = now + chrono::Duration::seconds(25);
    model.now = later;
    let commands = update(&mut model, Msg::Tick(later));
    let request = list_request(&commands);
    update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: later,
            result: Err(PortError::Throttled {
                api: "ListStreams".into(),
            }),
        },
    );
    let status = model.status.as_ref().unwrap();
    assert!(
        status.text.contains("throttling ListStreams"),
        "{}",
        status.text
    );
}

#[test]
fn a_response_to_a_superseded_request_is_dropped() {
    let (mut model, _) = loaded(120, 30, fleet());
    let stale = update(
        &mut model,
        Msg::StreamsListed {
            request: RequestId(999),
            at: t0(),
            result: Ok(vec![]),
        },
    );
    assert!(stale.is_empty());
    assert_eq!(model.streams.rows.len(), 5);
}

#[test]
fn navigation_keys_move_the_cursor_within_bounds() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('j'));
    update(&mut model, key(KeyCode::Down));
    assert_eq!(model.streams.table.cursor, 2);
    update(&mut model, char_key('G'));
    assert_eq!(model.streams.table.cursor, 4);
    update(&mut model, char_key('j'));
    assert_eq!(model.streams.table.cursor, 4);
    update(&mut model, char_key('g'));
    assert_eq!(model.streams.table.cursor, 0);
    update(&mut model, char_key('k'));
    assert_eq!(model.streams.table.cursor, 0);
    update(&mut model, key(KeyCode::PageDown));
    assert_eq!(model.streams.table.cursor, 4);
}

#[test]
fn filter_applies_while_typing_enter_keeps_it_and_esc_clears_it() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('/'));
    assert_eq!(model.input, Input::Filter);
    type_text(&mut model, "ord");
    assert_eq!(names(&model), ["orders-ingest"]);
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.input, Input::Normal);
    assert_eq!(names(&model), ["orders-ingest"]);
    // Esc on the table clears the filter before it would go anywhere.
    update(&mut model, key(KeyCode::Esc));
    assert_eq!(model.streams.rows.len(), 5);
    assert_eq!(model.route(), &Route::Streams);
    assert!(!model.quit);
}

#[test]
fn filter_understands_status_and_mode_terms() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('/'));
    type_text(&mut model, "mode:on-demand");
    assert_eq!(names(&model), ["audit-events", "clickstream-raw"]);
    update(&mut model, key(KeyCode::Esc));
    update(&mut model, char_key('/'));
    type_text(&mut model, "status:updating");
    assert_eq!(names(&model), ["inventory-cdc"]);
    for _ in 0..8 {
        update(&mut model, key(KeyCode::Backspace));
    }
    assert_eq!(model.streams.table.filter, "status:");
}

#[test]
fn sorting_cycles_columns_and_reverses() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('>'));
    assert_eq!(model.streams.sort().label(), "status");
    assert_eq!(
        names(&model)[0],
        "audit-events",
        "CREATING sorts first in lifecycle order"
    );
    update(&mut model, char_key('<'));
    assert_eq!(model.streams.sort().label(), "name");
    update(&mut model, char_key('o'));
    assert_eq!(names(&model)[0], "payments-events");
}

#[test]
fn sorting_by_shards_uses_counted_shards() {
    let (mut model, _) = loaded(120, 30, fleet());
    for (name, count) in [
        ("orders-ingest", 4),
        ("clickstream-raw", 48),
        ("payments-events", 2),
    ] {
        update(
            &mut model,
            Msg::ShardsCounted {
                stream: name.into(),
                at: t0(),
                result: Ok(count),
            },
        );
    }
    for _ in 0..3 {
        update(&mut model, char_key('>'));
    }
    assert_eq!(model.streams.sort().label(), "shards");
    assert_eq!(
        &names(&model)[..3],
        ["clickstream-raw", "orders-ingest", "payments-events"]
    );
}

#[test]
fn the_cursor_stays_on_the_same_stream_across_refreshes() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('G'));
    let selected = model.streams.selected().unwrap().name.clone();
    let now = t0() + chrono::Duration::seconds(10);
    model.now = now;
    let request = list_request(&update(&mut model, Msg::Tick(now)));
    let mut more = fleet();
    more.push(listing(
        "aaa-first",
        StreamStatus::Active,
        CapacityMode::Provisioned,
    ));
    update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: now,
            result: Ok(more),
        },
    );
    assert_eq!(model.streams.selected().unwrap().name, selected);
}

#[test]
fn q_quits_from_the_top_and_ctrl_c_quits_anywhere() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('?'));
    assert_eq!(model.route(), &Route::Help);
    update(&mut model, char_key('q'));
    assert_eq!(
        model.route(),
        &Route::Streams,
        "q on a sub-screen goes back"
    );
    assert!(!model.quit);
    update(&mut model, char_key('?'));
    update(&mut model, ctrl('c'));
    assert!(model.quit);
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, char_key('q'));
    assert!(model.quit);
}

#[test]
fn command_line_switches_screens_and_explains_unknown_commands() {
    let (mut model, _) = loaded(120, 30, fleet());
    update(&mut model, key(KeyCode::Enter));
    assert!(matches!(model.route(), Route::StreamDetail(_)));
    update(&mut model, char_key(':'));
    type_text(&mut model, "st");
    update(&mut model, key(KeyCode::Tab));
    assert_eq!(model.input, Input::Command("streams".into()));
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.route(), &Route::Streams);
    assert!(model.stream_detail.is_none());

    update(&mut model, char_key(':'));
    type_text(&mut model, "apps");
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.route(), &Route::Apps);

    update(&mut model, char_key(':'));
    type_text(&mut model, "logs");
    update(&mut model, key(KeyCode::Enter));
    assert!(
        model
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("usage: :logs LOG-GROUP")
    );

    update(&mut model, char_key(':'));
    type_text(&mut model, "bogus");
    update(&mut model, key(KeyCode::Enter));
    assert!(
        model
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("unknown command :bogus")
    );

    update(&mut model, char_key(':'));
    type_text(&mut model, "throttle on");
    let commands = update(&mut model, key(KeyCode::Enter));
    assert!(commands.is_empty(), "no simulator to throttle against AWS");
    assert!(model.status.as_ref().unwrap().text.contains("--demo"));
}

#[test]
fn throttle_drill_switches_the_simulator_in_demo_mode() {
    let (mut model, _) = loaded(120, 30, fleet());
    model.context.demo = true;
    update(&mut model, char_key(':'));
    type_text(&mut model, "throttle on");
    let commands = update(&mut model, key(KeyCode::Enter));
    assert_eq!(commands, [Command::SimThrottling(true)]);
}

#[test]
fn tick_refreshes_only_when_due_and_status_messages_fade() {
    let (mut model, _) = loaded(120, 30, fleet());
    model.say(kinetic::app::model::Level::Info, "hello");
    let soon = t0() + chrono::Duration::seconds(3);
    let commands = update(&mut model, Msg::Tick(soon));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ListStreams { .. }))
    );
    let later = t0() + chrono::Duration::seconds(11);
    let commands = update(&mut model, Msg::Tick(later));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListStreams { .. }))
    );
    assert!(model.status.is_none());
}

#[test]
fn metrics_are_not_requested_again_within_a_minute() {
    let (mut model, _) = loaded(120, 30, fleet());
    let request = model.streams.facts.metrics_request.unwrap();
    update(
        &mut model,
        Msg::StreamMetricsLoaded {
            request,
            at: t0(),
            result: Ok(fleet()
                .into_iter()
                .map(|l| (l.name, Default::default()))
                .collect()),
        },
    );
    let now = t0() + chrono::Duration::seconds(30);
    model.now = now;
    let commands = update(&mut model, ctrl('r'));
    let request = list_request(&commands);
    let commands = update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: now,
            result: Ok(fleet()),
        },
    );
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::StreamMetrics { .. }))
    );
    let now = t0() + chrono::Duration::seconds(61);
    model.now = now;
    let request = list_request(&update(&mut model, ctrl('r')));
    let commands = update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: now,
            result: Ok(fleet()),
        },
    );
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::StreamMetrics { .. }))
    );
}

#[test]
fn rows_without_datapoints_sort_last_by_throughput() {
    let (mut model, _) = loaded(120, 30, fleet());
    let mut busy = kinetic::domain::StreamMetrics::default();
    busy.incoming_bytes.points.push((t0(), 6_000_000.0));
    model
        .streams
        .facts
        .metrics
        .insert("payments-events".into(), busy, t0());
    model
        .streams
        .facts
        .metrics
        .insert("audit-events".into(), Default::default(), t0());
    while model.streams.sort() != kinetic::app::streams_page::StreamSort::MbPerSec {
        update(&mut model, char_key('>'));
    }
    assert!(model.streams.table.sort.descending);
    assert_eq!(names(&model)[0], "payments-events");
    update(&mut model, char_key('o'));
    assert_eq!(
        names(&model)[0],
        "payments-events",
        "still first ascending: the only known value"
    );
}

//! The log view's update and its screens: bound and drop counter, dedupe, pause anchoring,
//! search, folds, older events, filter pattern sessions, write-out; snapshots of each state.

use crate::support::drive::screen as draw;
use crate::support::models::{char_key, key, model, t0, type_text};
use crossterm::event::KeyCode;
use kinetic::app::model::Model;
use kinetic::app::update::{logs, update};
use kinetic::app::{Command, Msg, Route};
use kinetic::domain::log_event::LogEvent;
use kinetic::ports::LogQuery;

const ERROR_JSON: &str = r#"{"logger":"org.apache.flink.runtime.executiongraph.ExecutionGraph","message":"Source: orders -> Enrich (2/4) switched from RUNNING to FAILED.","throwableInformation":"java.lang.NullPointerException: order.customer is null\n\tat com.acme.Enrich.map(Enrich.java:42)\n\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)","messageType":"ERROR"}"#;

fn event(second: i64, text: &str) -> LogEvent {
    LogEvent {
        timestamp: t0() + chrono::Duration::milliseconds(second * 1000 + 123),
        log_stream: "kinesis-analytics-log-stream".into(),
        message: text.into(),
    }
}

fn info(second: i64) -> LogEvent {
    event(
        second,
        &format!(
            r#"{{"logger":"com.acme.Reporter","message":"processed {second} batches","messageType":"INFO"}}"#
        ),
    )
}

fn with_capacity(capacity: usize) -> (Model, u64, Vec<Command>) {
    let mut model = model(120, 20);
    model.log_settings.capacity = capacity;
    let query = LogQuery {
        group: "/aws/kinesis-analytics/orders-enricher".into(),
        stream_prefix: Some("kinesis-analytics-log-stream".into()),
        pattern: None,
    };
    let commands = logs::open(&mut model, query, "orders-enricher logs".into());
    let session = model.logs.as_ref().unwrap().session;
    (model, session, commands)
}

fn deliver(model: &mut Model, session: u64, events: Vec<LogEvent>, sampled: bool) {
    update(
        model,
        Msg::LogEvents {
            session,
            events,
            sampled,
        },
    );
}

#[test]
fn opening_starts_one_follower_from_since_and_leaving_stops_it() {
    let (mut model, session, commands) = with_capacity(100);
    assert!(
        matches!(&commands[..], [Command::StartLogs { session: s, since, .. }] if *s == session && *since == t0() - chrono::Duration::minutes(15))
    );
    assert_eq!(model.route(), &Route::Logs("orders-enricher logs".into()));
    let commands = update(&mut model, key(KeyCode::Esc));
    assert_eq!(commands, [Command::StopLogs { session }]);
    assert!(model.logs.is_none());
}

#[test]
fn the_buffer_is_bounded_dedupes_and_counts_what_it_drops() {
    let (mut model, session, _) = with_capacity(100);
    deliver(&mut model, session, (0..150).map(info).collect(), false);
    deliver(&mut model, session, (140..160).map(info).collect(), false);
    let page = model.logs.as_ref().unwrap();
    assert_eq!(page.buffer.len(), 100);
    assert_eq!(page.buffer.dropped(), 60);
    assert_eq!(page.buffer.duplicates(), 10);
    assert!(draw(&model).contains("60 dropped from the top"));
}

#[test]
fn events_of_an_old_session_are_ignored() {
    let (mut model, session, _) = with_capacity(100);
    deliver(&mut model, session + 1_000, vec![info(1)], false);
    assert!(model.logs.as_ref().unwrap().buffer.is_empty());
}

#[test]
fn pausing_keeps_the_selected_line_while_new_events_arrive() {
    let (mut model, session, _) = with_capacity(100);
    deliver(&mut model, session, (0..10).map(info).collect(), false);
    update(&mut model, char_key(' '));
    update(&mut model, char_key('k'));
    update(&mut model, char_key('k'));
    let page = model.logs.as_ref().unwrap();
    assert!(!page.following);
    let selected = page.buffer.get(page.cursor).unwrap().clone();
    deliver(&mut model, session, (10..20).map(info).collect(), false);
    // An older event arriving late shifts indexes, not the selection.
    deliver(&mut model, session, vec![event(-5, "late")], false);
    let page = model.logs.as_ref().unwrap();
    assert_eq!(page.buffer.get(page.cursor), Some(&selected));
    update(&mut model, char_key('G'));
    assert!(model.logs.as_ref().unwrap().following);
}

#[test]
fn search_highlights_and_n_moves_between_matches() {
    let (mut model, session, _) = with_capacity(100);
    deliver(
        &mut model,
        session,
        vec![
            info(1),
            event(2, ERROR_JSON),
            info(3),
            event(4, ERROR_JSON.replace("2/4", "3/4").as_str()),
            info(5),
        ],
        false,
    );
    update(&mut model, char_key('/'));
    type_text(&mut model, "failed");
    update(&mut model, key(KeyCode::Enter));
    assert_eq!(model.logs.as_ref().unwrap().match_indexes(), [1, 3]);
    update(&mut model, char_key('n'));
    assert_eq!(
        model.logs.as_ref().unwrap().cursor,
        1,
        "from the bottom, n wraps to the first match"
    );
    update(&mut model, char_key('n'));
    assert_eq!(model.logs.as_ref().unwrap().cursor, 3);
    update(&mut model, char_key('N'));
    assert_eq!(model.logs.as_ref().unwrap().cursor, 1);
    assert!(draw(&model).contains("/failed 1/2"));
}

#[test]
fn enter_unfolds_and_folds_a_stack_trace() {
    let (mut model, session, _) = with_capacity(100);
    deliver(
        &mut model,
        session,
        vec![info(1), event(2, ERROR_JSON), info(3)],
        false,
    );
    update(&mut model, char_key(' '));
    update(&mut model, char_key('k'));
    assert!(draw(&model).contains("⤷ +2 lines:"));
    update(&mut model, key(KeyCode::Enter));
    let screen = draw(&model);
    assert!(
        screen.contains("at com.acme.Enrich.map(Enrich.java:42)"),
        "{screen}"
    );
    update(&mut model, key(KeyCode::Enter));
    assert!(!draw(&model).contains("Enrich.java:42"));
}

#[test]
fn older_events_are_asked_for_before_the_oldest_line_once_at_a_time() {
    let (mut model, session, _) = with_capacity(100);
    deliver(&mut model, session, (10..20).map(info).collect(), false);
    let commands = update(&mut model, char_key('['));
    let oldest = info(10).timestamp;
    assert!(
        matches!(&commands[..], [Command::OlderLogs { before, minutes: 15, .. }] if *before == oldest)
    );
    assert!(
        update(&mut model, char_key('[')).is_empty(),
        "one request at a time"
    );
    update(
        &mut model,
        Msg::OlderLogsLoaded {
            session,
            result: Ok((0..10).map(info).collect()),
        },
    );
    assert_eq!(model.logs.as_ref().unwrap().buffer.len(), 20);
    assert!(
        model
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("loaded 10 older events")
    );
}

#[test]
fn a_filter_pattern_starts_a_new_session_with_the_pattern() {
    let (mut model, session, _) = with_capacity(100);
    deliver(&mut model, session, (0..5).map(info).collect(), false);
    update(&mut model, char_key('f'));
    type_text(&mut model, "ERROR");
    let commands = update(&mut model, key(KeyCode::Enter));
    assert_eq!(commands[0], Command::StopLogs { session });
    let Command::StartLogs {
        session: new,
        query,
        ..
    } = &commands[1]
    else {
        panic!("{commands:?}")
    };
    assert_ne!(*new, session);
    assert_eq!(query.pattern.as_deref(), Some("ERROR"));
    assert!(model.logs.as_ref().unwrap().buffer.is_empty());
    assert_eq!(
        model
            .routes
            .iter()
            .filter(|r| matches!(r, Route::Logs(_)))
            .count(),
        1
    );
}

#[test]
fn w_writes_the_buffer_with_stack_traces() {
    let (mut model, session, _) = with_capacity(100);
    deliver(
        &mut model,
        session,
        vec![info(1), event(2, ERROR_JSON)],
        false,
    );
    let commands = update(&mut model, char_key('w'));
    let [Command::WriteLogs { path, text }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert!(
        path.to_string_lossy()
            .starts_with("kinetic-logs-aws_kinesis-analytics_orders-enricher")
    );
    assert_eq!(text.lines().count(), 5);
    assert!(
        text.contains(
            "ERROR org.apache.flink.runtime.executiongraph.ExecutionGraph Source: orders"
        )
    );
    assert!(text.contains("    \tat com.acme.Enrich.map"));
}

#[test]
fn logs_command_and_application_key_open_the_right_group() {
    let mut model = model(120, 20);
    update(&mut model, char_key(':'));
    type_text(&mut model, "logs /aws/lambda/fn 2026/");
    let commands = update(&mut model, key(KeyCode::Enter));
    let [Command::StartLogs { query, .. }] = &commands[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(
        (query.group.as_str(), query.stream_prefix.as_deref()),
        ("/aws/lambda/fn", Some("2026/"))
    );
}

fn snapshot_model() -> (Model, u64) {
    let (mut model, session, _) = with_capacity(100);
    let mut events: Vec<LogEvent> = (0..12).map(info).collect();
    events.push(event(12, ERROR_JSON));
    events.push(event(13, r#"{"logger":"org.apache.flink.runtime.checkpoint.CheckpointFailureManager","message":"Failed to trigger or complete checkpoint 812 (1 consecutive failed attempts so far)","messageType":"WARN"}"#));
    events.push(info(14));
    deliver(&mut model, session, events, false);
    update(
        &mut model,
        Msg::LogsNote {
            session,
            note: "live tail".into(),
        },
    );
    (model, session)
}

#[test]
fn snapshot_following() {
    let (model, _) = snapshot_model();
    insta::assert_snapshot!(draw(&model));
}

#[test]
fn snapshot_paused_and_expanded_with_search() {
    let (mut model, _) = snapshot_model();
    update(&mut model, char_key('/'));
    type_text(&mut model, "checkpoint");
    update(&mut model, key(KeyCode::Enter));
    update(&mut model, char_key(' '));
    update(&mut model, char_key('k'));
    update(&mut model, char_key('k'));
    update(&mut model, key(KeyCode::Enter));
    insta::assert_snapshot!(draw(&model));
}

#[test]
fn snapshot_filtered_sampled_with_drops() {
    let (mut model, session, _) = with_capacity(8);
    update(&mut model, char_key('f'));
    type_text(&mut model, "ERROR");
    update(&mut model, key(KeyCode::Enter));
    let session = model.logs.as_ref().map(|l| l.session).unwrap_or(session);
    deliver(
        &mut model,
        session,
        (0..10)
            .map(|s| event(s, ERROR_JSON))
            .collect::<Vec<_>>()
            .into_iter()
            .enumerate()
            .map(|(i, mut e)| {
                e.message = e.message.replace("2/4", &format!("{i}/10"));
                e
            })
            .collect(),
        true,
    );
    update(
        &mut model,
        Msg::LogsNote {
            session,
            note: "polling every 2 s".into(),
        },
    );
    insta::assert_snapshot!(draw(&model));
}

#[test]
fn snapshot_waiting_and_error() {
    let (mut model, session, _) = with_capacity(100);
    update(
        &mut model,
        Msg::LogsFailed {
            session,
            error: kinetic::domain::PortError::NotFound {
                resource: "log group /aws/kinesis-analytics/orders-enricher".into(),
            },
        },
    );
    insta::assert_snapshot!(draw(&model));
}

#[test]
fn search_matches_follow_arrivals_and_evictions() {
    let (mut model, session, _) = with_capacity(4);
    update(&mut model, char_key('/'));
    type_text(&mut model, "failed");
    update(&mut model, key(KeyCode::Enter));
    deliver(
        &mut model,
        session,
        vec![event(1, ERROR_JSON), info(2), info(3)],
        false,
    );
    assert_eq!(model.logs.as_ref().unwrap().search.keys.len(), 1);
    deliver(
        &mut model,
        session,
        vec![event(4, &ERROR_JSON.replace("2/4", "4/4"))],
        false,
    );
    assert_eq!(model.logs.as_ref().unwrap().match_indexes(), [0, 3]);
    // Two more push the first error out of the top: its match goes with it.
    deliver(&mut model, session, vec![info(5), info(6)], false);
    assert_eq!(model.logs.as_ref().unwrap().match_indexes(), [1]);
    assert!(draw(&model).contains("/failed –/1"));
}

//! Tailing logs: moto end to end by polling, and a scripted live tail (updates, sampling,
//! session end and reconnect). Every event must appear exactly once, in order.

use crate::support::models::model;
use async_trait::async_trait;
use kinetic::app::Msg;
use kinetic::app::log_tail::LogTail;
use kinetic::app::logs_page::LogsMode;
use kinetic::app::model::Model;
use kinetic::app::update::{logs, update};
use kinetic::aws::AwsLogs;
use kinetic::domain::log_event::LogEvent;
use kinetic::domain::time::from_epoch_millis;
use kinetic::domain::{PortError, Timestamp};
use kinetic::ports::{LiveTailEvent, LogPage, LogQuery, LogsPort};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

/// Applies follower messages to a model until `done` or the deadline.
async fn drain_until(
    model: &mut Model,
    rx: &mut UnboundedReceiver<Msg>,
    seconds: u64,
    done: impl Fn(&Model) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    while !done(model) {
        let msg = tokio::select! {
            msg = rx.recv() => msg,
            _ = tokio::time::sleep_until(deadline) => None,
        };
        let Some(msg) = msg else { break };
        update(model, msg);
    }
}

fn texts(model: &Model) -> Vec<String> {
    model
        .logs
        .as_ref()
        .unwrap()
        .buffer
        .iter()
        .map(|e| e.message.clone())
        .collect()
}

fn opened(query: LogQuery) -> (Model, u64) {
    let mut model = model(120, 30);
    logs::open(&mut model, query, "test".into());
    let session = model.logs.as_ref().unwrap().session;
    (model, session)
}

#[tokio::test]
async fn polling_moto_shows_events_put_while_following_exactly_once_in_order() {
    let client = crate::support::moto::logs_client();
    let group = format!("/kinetic/test/{}", crate::support::moto::unique("poll"));
    client
        .create_log_group()
        .log_group_name(&group)
        .send()
        .await
        .unwrap();
    client
        .create_log_stream()
        .log_group_name(&group)
        .log_stream_name("app")
        .send()
        .await
        .unwrap();
    let now = chrono::Utc::now().timestamp_millis();
    let put = |messages: Vec<(i64, String)>| {
        let client = client.clone();
        let group = group.clone();
        async move {
            let events = messages
                .into_iter()
                .map(|(ts, m)| {
                    aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                        .timestamp(ts)
                        .message(m)
                        .build()
                        .unwrap()
                })
                .collect();
            client
                .put_log_events()
                .log_group_name(&group)
                .log_stream_name("app")
                .set_log_events(Some(events))
                .send()
                .await
                .unwrap();
        }
    };
    put((0..5)
        .map(|i| (now - 60_000 + i * 1000, format!("before {i}")))
        .collect())
    .await;

    let query = LogQuery {
        group: group.clone(),
        stream_prefix: None,
        pattern: None,
    };
    let (mut model, session) = opened(query.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = LogTail {
        logs: Arc::new(AwsLogs::new(client.clone(), true)),
        tx,
        session,
        query,
        clock: Arc::new(chrono::Utc::now),
    };
    let task = tokio::spawn(follower.run(from_epoch_millis(now - 300_000), LogsMode::Auto));
    drain_until(&mut model, &mut rx, 60, |m| texts(m).len() == 5).await;
    assert_eq!(
        texts(&model),
        (0..5).map(|i| format!("before {i}")).collect::<Vec<_>>()
    );
    assert!(
        model.logs.as_ref().unwrap().mode_note.contains("polling"),
        "custom endpoint: polling"
    );

    // Put more while following; a late one is older than the newest seen (but inside the overlap).
    let later = chrono::Utc::now().timestamp_millis();
    put(vec![
        (later - 3_000, "late arrival".into()),
        (later, "after 0".into()),
        (later + 1, "after 1".into()),
    ])
    .await;
    drain_until(&mut model, &mut rx, 60, |m| texts(m).len() == 8).await;
    // Let a few more polls re-read the overlap: nothing may appear twice.
    drain_until(&mut model, &mut rx, 5, |_| false).await;
    task.abort();
    let shown = texts(&model);
    assert_eq!(shown.len(), 8, "{shown:?}");
    assert_eq!(&shown[5..], ["late arrival", "after 0", "after 1"]);
    assert!(
        model.logs.as_ref().unwrap().buffer.duplicates() > 0,
        "the overlap re-read events and they were dropped"
    );
}

/// Live tail scripted session by session; FilterLogEvents answers from a fixed store.
struct ScriptedLogs {
    sessions: Mutex<VecDeque<Vec<LiveTailEvent>>>,
    store: Vec<LogEvent>,
    live: bool,
}

fn event(ms: i64, text: &str) -> LogEvent {
    LogEvent {
        timestamp: from_epoch_millis(ms),
        log_stream: "s".into(),
        message: text.into(),
    }
}

#[async_trait]
impl LogsPort for ScriptedLogs {
    async fn filter_page(
        &self,
        _: &LogQuery,
        start: Timestamp,
        end: Option<Timestamp>,
        _: Option<String>,
    ) -> Result<LogPage, PortError> {
        Ok(LogPage {
            events: self
                .store
                .iter()
                .filter(|e| e.timestamp >= start && end.is_none_or(|end| e.timestamp < end))
                .cloned()
                .collect(),
            next_token: None,
        })
    }

    fn live_tail_available(&self) -> bool {
        self.live
    }

    async fn live_tail(
        &self,
        _: &LogQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<LiveTailEvent>, PortError> {
        let script = self
            .sessions
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_default();
        let (tx, rx) = tokio::sync::mpsc::channel(16);
        tokio::spawn(async move {
            for item in script {
                if tx.send(item).await.is_err() {
                    return;
                }
            }
            // An exhausted script stays open, like a quiet session.
            std::future::pending::<()>().await;
        });
        Ok(rx)
    }
}

#[tokio::test]
async fn live_tail_updates_sampling_and_reconnect_show_each_event_once() {
    let first = vec![
        LiveTailEvent::Started,
        LiveTailEvent::Update {
            events: vec![event(1_000, "a"), event(2_000, "b")],
            sampled: false,
        },
        LiveTailEvent::Update {
            events: vec![event(3_000, "c")],
            sampled: true,
        },
        LiveTailEvent::Ended {
            reason: "the live tail session ended after 3 hours".into(),
        },
    ];
    let second = vec![
        LiveTailEvent::Started,
        LiveTailEvent::Update {
            events: vec![event(3_000, "c"), event(4_000, "d")],
            sampled: false,
        },
    ];
    let logs = ScriptedLogs {
        sessions: Mutex::new(VecDeque::from([first, second])),
        // The catch-up poll after the session ends finds "c" again.
        store: vec![event(3_000, "c")],
        live: true,
    };
    let query = LogQuery {
        group: "g".into(),
        stream_prefix: None,
        pattern: None,
    };
    let (mut model, session) = opened(query.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = LogTail {
        logs: Arc::new(logs),
        tx,
        session,
        query,
        clock: Arc::new(chrono::Utc::now),
    };
    let task = tokio::spawn(follower.run(from_epoch_millis(0), LogsMode::Auto));
    let mut notes = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while texts(&model).len() < 4 && tokio::time::Instant::now() < deadline {
        let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await else {
            break;
        };
        if let Msg::LogsNote { note, .. } = &msg {
            notes.push(note.clone());
        }
        update(&mut model, msg);
    }
    task.abort();
    assert_eq!(texts(&model), ["a", "b", "c", "d"]);
    let page = model.logs.as_ref().unwrap();
    assert_eq!(
        page.sampled_updates, 1,
        "the sampled update is counted for the badge"
    );
    assert!(
        notes.iter().any(|n| n.contains("reconnecting")),
        "{notes:?}"
    );
    assert_eq!(
        notes.iter().filter(|n| *n == "live tail").count(),
        2,
        "{notes:?}"
    );
}

#[tokio::test]
async fn without_live_tail_the_follower_polls_and_says_why() {
    let logs = ScriptedLogs {
        sessions: Mutex::new(VecDeque::new()),
        store: vec![event(1_000, "x")],
        live: false,
    };
    let query = LogQuery {
        group: "g".into(),
        stream_prefix: None,
        pattern: None,
    };
    let (mut model, session) = opened(query.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = LogTail {
        logs: Arc::new(logs),
        tx,
        session,
        query,
        clock: Arc::new(chrono::Utc::now),
    };
    let task = tokio::spawn(follower.run(from_epoch_millis(0), LogsMode::Live));
    drain_until(&mut model, &mut rx, 60, |m| {
        m.logs
            .as_ref()
            .unwrap()
            .mode_note
            .starts_with("polling every")
    })
    .await;
    task.abort();
    assert_eq!(texts(&model), ["x"]);
}

//! Answers to every kind of read the console makes, taken from the simulated account, and the
//! same answers failed with any `PortError`: what the fuzz and the error-screen tests feed into
//! `update` at the screens where sequences start.
use super::console::Console;
use crossterm::event::{KeyCode, KeyEvent};
use kinetic::app::msg::{Observation, RequestId};
use kinetic::app::{Command, Model, Msg};
use kinetic::config::Section;
use kinetic::domain::PortError;

/// One of each kind an adapter can return.
pub fn every_error() -> Vec<PortError> {
    let api = "DescribeApplication".to_string();
    vec![
        PortError::Throttled { api: api.clone() },
        PortError::Credentials {
            detail: "ExpiredToken".into(),
        },
        PortError::AccessDenied {
            api: api.clone(),
            detail: "not authorized".into(),
        },
        PortError::NotFound {
            resource: "application x".into(),
        },
        PortError::ResourceInUse {
            resource: "stream x".into(),
            detail: "UPDATING".into(),
        },
        PortError::ConcurrentModification {
            resource: "application x".into(),
            detail: "token".into(),
        },
        PortError::LimitExceeded {
            detail: "10 scalings".into(),
        },
        PortError::InvalidArgument {
            detail: "bad".into(),
        },
        PortError::CodeValidation {
            detail: "not a jar".into(),
        },
        PortError::Network {
            endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
            reason: "the connection was reset".into(),
        },
        PortError::NotUnderstood {
            api: "GetMetricData".into(),
            detail: "HTTP 404".into(),
        },
        PortError::Service {
            api,
            detail: "InternalFailure".into(),
        },
        PortError::ClusterUnreachable {
            cluster: "prod-flink".into(),
            url: "http://10.0.0.5:8081".into(),
            reason: "connection refused".into(),
        },
        PortError::Unavailable {
            what: "Flink's own job view".into(),
            why: "not here".into(),
        },
    ]
}

/// The same answer for another request (`None`: the message carries no request id).
pub fn for_request(msg: &Msg, id: RequestId) -> Msg {
    let mut msg = msg.clone();
    match &mut msg {
        Msg::StreamsListed { request, .. }
        | Msg::ShardsLoaded { request, .. }
        | Msg::ConsumersLoaded { request, .. }
        | Msg::StreamMetricsLoaded { request, .. }
        | Msg::ShardMetricsLoaded { request, .. }
        | Msg::AppsListed { request, .. }
        | Msg::AppMetricsLoaded { request, .. }
        | Msg::VersionsListed { request, .. }
        | Msg::VersionDescribed { request, .. }
        | Msg::SnapshotsListed { request, .. }
        | Msg::OperationDescribed { request, .. }
        | Msg::CheckpointsLoaded { request, .. }
        | Msg::JobViewLoaded { request, .. }
        | Msg::CheckpointDetailLoaded { request, .. }
        | Msg::AppInputsLoaded { request, .. }
        | Msg::RollbackFactsLoaded { request, .. } => *request = id,
        // A reader's session is a request id too: aim at the viewer open now, or an old one.
        Msg::RecordsRead { session, .. }
        | Msg::RecordsWalk { session, .. }
        | Msg::RecordsFailed { session, .. }
        | Msg::ShardEnded { session, .. } => *session = id.0,
        _ => {}
    }
    msg
}

/// The same message, failed with `error`.
pub fn failed(msg: &Msg, error: PortError) -> Msg {
    let mut msg = msg.clone();
    let e = error.clone();
    match &mut msg {
        Msg::StreamsListed { result, .. } => *result = Err(e),
        Msg::SummaryLoaded { result, .. } => *result = Err(e),
        Msg::ShardsCounted { result, .. } => *result = Err(e),
        Msg::ShardsLoaded { result, .. } => *result = Err(e),
        Msg::ConsumersLoaded { result, .. } => *result = Err(e),
        Msg::StreamMetricsLoaded { result, .. } | Msg::ShardMetricsLoaded { result, .. } => {
            *result = Err(e)
        }
        Msg::AppsListed { result, .. } => *result = Err(e),
        Msg::AppDescribed { result, .. } | Msg::VersionDescribed { result, .. } => *result = Err(e),
        Msg::OperationsListed { result, .. } => *result = Err(e),
        Msg::AppMetricsLoaded { result, .. } => *result = Err(e),
        Msg::VersionsListed { result, .. } => *result = Err(e),
        Msg::SnapshotsListed { result, .. } => *result = Err(e),
        Msg::OperationDescribed { result, .. } => *result = Err(e),
        Msg::CheckpointsLoaded { result, .. } => *result = Err(e),
        Msg::JobViewLoaded { result, .. } => *result = Err(e),
        Msg::CheckpointDetailLoaded { result, .. } => *result = Err(e),
        Msg::ReshardInputsLoaded { result, .. } => *result = Err(e),
        Msg::AppInputsLoaded { result, .. } => *result = Err(e),
        Msg::RollbackFactsLoaded { result, .. } => *result = Err(e),
        Msg::OpSent { result, .. } => *result = Err(e),
        Msg::Followed { result, .. } => *result = Err(e),
        Msg::GateObserved { result, .. } => *result = Err(e),
        Msg::OlderLogsLoaded { result, .. } => *result = Err(e),
        Msg::LogsFailed { error, .. } | Msg::RecordsFailed { error, .. } => *error = e,
        _ => return Msg::AuditFailed { error },
    }
    msg
}

/// What the fuzzer draws from: a loaded console, its bound keys, and real answers to replay.
pub struct World {
    /// Where sequences start: the streams, the applications, one application, the alarms.
    pub starts: Vec<Model>,
    pub keys: Vec<KeyEvent>,
    pub answers: Vec<Msg>,
    pub errors: Vec<PortError>,
}

pub async fn world(read_only: bool) -> World {
    let mut c = Console::start(read_only).await;
    // Answers to every kind of read the console made while loading, opening and following.
    c.command("apps").await;
    c.enter().await;
    for tab in ['2', '3', '4', '5', '6'] {
        c.text(&tab.to_string()).await;
    }
    c.esc().await;
    // The facts the dialogs are planned from: an application's action and a reshard.
    for action in ["S", "D", "s", "X"] {
        c.text(action).await;
        c.esc().await;
        c.esc().await;
    }
    c.command("streams").await;
    c.text("R").await;
    c.esc().await;
    c.esc().await;
    c.command("apps").await;
    let mut answers = Vec::new();
    for command in c.executed.clone() {
        if matches!(
            command,
            Command::Execute { .. }
                | Command::Audit(_)
                | Command::WriteLogs { .. }
                | Command::WriteTimeline { .. }
                | Command::StartLogs { .. }
                | Command::StopLogs { .. }
                | Command::StartRecords { .. }
                | Command::PauseRecords { .. }
                | Command::StopRecords { .. }
                | Command::SimDrill(_)
                | Command::SimThrottling(_)
        ) {
            continue;
        }
        if let Some(msg) = c.runner.execute(command).await
            && !answers
                .iter()
                .any(|a: &Msg| std::mem::discriminant(a) == std::mem::discriminant(&msg))
        {
            answers.push(msg);
        }
    }
    let app = c
        .model
        .apps
        .summaries()
        .first()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let detail = c.model.apps.facts.details.get(&app).map(|(d, _)| d.clone());
    let at = c.model.now;
    if let Some(detail) = detail {
        answers.push(Msg::Followed {
            op: 1,
            at,
            result: Ok(Observation::Application(Box::new(detail))),
        });
    }
    answers.push(Msg::Followed {
        op: 1,
        at,
        result: Ok(Observation::Snapshot(None)),
    });
    answers.push(Msg::OpSent {
        op: 1,
        at,
        result: Ok(kinetic::ops::execute::Sent {
            operation_id: Some("op-1".into()),
        }),
    });
    answers.push(Msg::LogEvents {
        session: 1,
        events: Vec::new(),
        sampled: true,
    });
    answers.push(Msg::LogsAnswered { session: 1 });
    answers.push(Msg::LogsFailed {
        session: 1,
        error: PortError::Throttled {
            api: "FilterLogEvents".into(),
        },
    });
    // Records as the reader reports them: a batch of orders (KPL and bytes among them), a
    // throttled or denied read, and a shard read to its end.
    let mut records = Vec::new();
    for (i, data) in [
        br#"{"type":"OrderPlaced","order_id":"o-1"}"#.to_vec(),
        b"plain text".to_vec(),
        vec![0, 255, 7],
        kinetic::domain::kpl::aggregate(&[kinetic::domain::kpl::UserRecord {
            partition_key: "device-1".into(),
            explicit_hash_key: None,
            data: b"{}".to_vec(),
        }]),
    ]
    .iter()
    .enumerate()
    {
        records.extend(kinetic::domain::record::from_kinesis(
            "shardId-000000000002",
            &format!("4900{i}"),
            "tenant-3",
            at,
            data,
        ));
    }
    answers.push(Msg::RecordsWalk {
        session: 1,
        shards: 12,
        closed: 4,
    });
    answers.push(Msg::RecordsRead {
        session: 1,
        shard: "shardId-000000000002".into(),
        records,
        behind_ms: Some(1500),
    });
    answers.push(Msg::RecordsFailed {
        session: 1,
        shard: "shardId-000000000001".into(),
        error: PortError::Throttled {
            api: "GetRecords".into(),
        },
    });
    answers.push(Msg::RecordsFailed {
        session: 1,
        shard: String::new(),
        error: PortError::AccessDenied {
            api: "GetRecords".into(),
            detail: "denied".into(),
        },
    });
    answers.push(Msg::ShardEnded {
        session: 1,
        shard: "shardId-000000000002".into(),
        children: vec!["shardId-000000000004".into(), "shardId-000000000005".into()],
    });
    let mut keys: Vec<KeyEvent> = Section::ALL
        .iter()
        .flat_map(|section| c.model.keymap.bindings(*section).map(|(k, _)| k.to_event()))
        .collect();
    keys.sort_by_key(|k| format!("{k:?}"));
    keys.dedup();
    // Watched contexts: the one in view and two others, read well (a failing application,
    // an alarm firing) or badly (expired credentials).
    c.model.contexts = kinetic::app::contexts_page::ContextsPage::new(
        ["us-east-1", "eu-west-1", "ap-southeast-2"]
            .map(|region| kinetic::domain::watch::WatchedContext {
                label: region.into(),
                profile: None,
                region: Some(region.into()),
                endpoint: None,
            })
            .to_vec(),
    );
    let firing = c.model.relevant_alarms().first().map(|a| (*a).clone());
    answers.push(Msg::WatchedRead {
        label: "eu-west-1".into(),
        result: Ok(kinetic::domain::watch::ContextCounts {
            streams_ok: 5,
            streams_degraded: 1,
            apps_failing: 1,
            failing: vec!["orders-enricher".into()],
            alarms: firing.into_iter().collect(),
            ..Default::default()
        }),
        at,
    });
    answers.push(Msg::WatchedRead {
        label: "ap-southeast-2".into(),
        result: Err(PortError::Credentials {
            detail: "the SSO session expired".into(),
        }),
        at,
    });
    let mut starts = Vec::new();
    for line in ["streams", "apps", "alarms", "contexts"] {
        c.command(line).await;
        starts.push(c.model.clone());
    }
    c.command("apps").await;
    c.enter().await;
    starts.push(c.model.clone());
    // The hot stream's detail: shards, traffic and consumers.
    c.command("streams").await;
    c.text("/orders-ingest").await;
    c.enter().await;
    c.enter().await;
    starts.push(c.model.clone());
    // The record viewer and the key view of the hot stream, with records held.
    c.command("streams").await;
    c.text("/orders-ingest").await;
    c.enter().await;
    c.enter().await;
    c.command("records").await;
    if let Some(Msg::RecordsRead { records, .. }) = answers
        .iter()
        .find(|m| matches!(m, Msg::RecordsRead { .. }))
        .cloned()
        && let Some(page) = c.model.records.as_mut()
    {
        page.ingest(records);
    }
    starts.push(c.model.clone());
    c.press(KeyCode::Char('K')).await;
    starts.push(c.model.clone());
    World {
        starts,
        keys,
        answers,
        errors: every_error(),
    }
}

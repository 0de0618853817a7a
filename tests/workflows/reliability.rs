//! Failing background calls: they back off, are said once when they start and once when they
//! clear, stay visible in place, never cover the operator's own message, and every screen
//! recovers by itself; a change being followed outlives a fault.
use crate::support::console::{Console, key};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::Route;
use kinetic::app::faults::Api;
use kinetic::domain::PortError;
use kinetic::ops::OpCall;

fn denied(api: &str) -> PortError {
    PortError::AccessDenied {
        api: api.into(),
        detail: format!("not authorized to perform: cloudwatch:{api}"),
    }
}

/// Every bottom-line message while `seconds` pass in steps of `step`, in order, without repeats
/// of the one before.
async fn said_while(c: &mut Console, seconds: i64, step: i64) -> Vec<String> {
    let mut said: Vec<String> = Vec::new();
    let mut elapsed = 0;
    while elapsed < seconds {
        c.after(step).await;
        elapsed += step;
        let status = c.status();
        if !status.is_empty() && said.last() != Some(&status) {
            said.push(status);
        }
    }
    said
}

#[tokio::test]
async fn get_metric_data_failing_for_ten_minutes_makes_a_handful_of_calls_said_once() {
    let mut c = Console::start(false).await;
    c.sim
        .fail_always("GetMetricData", Some(denied("GetMetricData")));
    let before = c.sim.calls();
    // The console ticks every second; metrics are due every minute and rows fill every tick.
    let said = said_while(&mut c, 600, 1).await;
    let calls = (c.sim.calls() - before).get_metric_data;
    eprintln!("GetMetricData calls in ten minutes of failing: {calls}");
    assert!(
        (3..=8).contains(&calls),
        "GetMetricData was called {calls} times in ten minutes of failing"
    );
    let about_it: Vec<&String> = said
        .iter()
        .filter(|s| s.contains("cloudwatch:GetMetricData"))
        .collect();
    assert_eq!(
        about_it,
        [
            "access denied for cloudwatch:GetMetricData: add it to the role's IAM policy (the README lists what kinetic needs); traffic, throttling, lag and checkpoints stay as last seen"
        ],
        "said once, as a sentence: {said:?}"
    );
    // In place while it lasts: the header names the call, the table says what is missing.
    let screen = c.draw();
    assert!(screen.contains("GetMetricData access denied"), "{screen}");
    assert!(screen.contains("traffic STALE: access denied"), "{screen}");

    // The permission is added: within one capped wait it answers, and that is said once.
    c.sim.fail_always("GetMetricData", None);
    let said = said_while(&mut c, 300, 1).await;
    assert!(
        said.iter()
            .any(|s| s.starts_with("GetMetricData answers again")),
        "{said:?}"
    );
    assert!(c.model.faults.is_empty());
    assert!(!c.draw().contains("STALE"));
}

#[tokio::test]
async fn the_operators_message_outranks_a_background_failure_which_waits_its_turn() {
    let mut c = Console::start(true).await;
    c.press(KeyCode::Char('R')).await;
    let refusal = c.status();
    assert!(refusal.starts_with("read-only mode"), "{refusal}");
    c.sim.fail_always(
        "ListStreams",
        Some(PortError::Throttled {
            api: "ListStreams".into(),
        }),
    );
    // The refresh fails while the refusal is up: the refusal stays for its ten seconds.
    for _ in 0..10 {
        c.after(1).await;
        assert_eq!(c.status(), refusal);
    }
    assert!(c.model.faults.get(Api::ListStreams).is_some());
    // Then the failure is said, once.
    let said = said_while(&mut c, 60, 1).await;
    assert_eq!(
        said,
        [
            "AWS is throttling ListStreams; kinetic asks less often until it answers; the stream list stays as last seen"
        ],
    );
    // The list is kept, marked stale, while it lasts.
    let screen = c.draw();
    assert!(screen.contains("STALE · THROTTLED"), "{screen}");
    assert!(screen.contains("orders-ingest"), "{screen}");
}

#[tokio::test]
async fn stream_traffic_says_unavailable_and_why_or_keeps_the_last_good_marked_stale() {
    let mut c = Console::start(false).await;
    c.text("/orders-in").await;
    c.enter().await;
    c.enter().await;
    assert!(matches!(c.model.route(), Route::StreamDetail(_)));
    assert!(c.draw().contains("In "), "traffic is shown");
    c.sim
        .fail_always("GetMetricData", Some(denied("GetMetricData")));
    c.run_for(120, 5).await;
    let screen = c.draw();
    assert!(screen.contains("STALE"), "{screen}");
    assert!(screen.contains("as of 12:00:00: access denied"), "{screen}");

    // Opened while metrics fail, with none read before: unavailable, and why.
    let mut c = Console::start(false).await;
    c.sim
        .fail_always("GetMetricData", Some(denied("GetMetricData")));
    c.model.streams.facts.metrics.clear();
    c.after(60).await;
    c.text("/orders-in").await;
    c.enter().await;
    c.enter().await;
    let screen = c.draw();
    assert!(
        screen.contains("Traffic: unavailable  access denied for cloudwatch:GetMetricData"),
        "{screen}"
    );
    assert!(!screen.contains("loading"), "{screen}");
}

#[tokio::test]
async fn a_jump_to_the_worst_builds_the_route_walking_there_would() {
    let mut c = Console::start(false).await;
    c.text("P").await;
    let Route::AppDetail(app) = c.model.route().clone() else {
        panic!("P opened {:?}", c.model.route());
    };
    assert_eq!(
        c.model.routes,
        [Route::Apps, Route::AppDetail(app.clone())],
        "as if walked: :apps, then Enter"
    );
    assert!(
        c.draw().contains(&format!("Flink applications › {app}")),
        "{}",
        c.draw()
    );
    c.esc().await;
    assert_eq!(c.model.route(), &Route::Apps);
}

#[tokio::test]
async fn ctrl_r_asks_a_failing_call_at_once() {
    let mut c = Console::start(false).await;
    c.sim.fail_always(
        "ListStreams",
        Some(PortError::Network {
            endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
            reason: "the connection was reset".into(),
        }),
    );
    c.run_for(60, 1).await;
    let before = c.sim.calls().list_streams;
    c.keys(&[KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)])
        .await;
    assert_eq!(c.sim.calls().list_streams, before + 1);
}

#[tokio::test]
async fn a_change_being_followed_outlives_a_fault_and_its_outcome_is_audited() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    c.enter().await;
    c.text("S").await;
    c.enter().await;
    let sent = c.enter().await;
    assert!(matches!(
        Console::changes(&sent)[..],
        [OpCall::CreateApplicationSnapshot { .. }]
    ));
    // Every look fails for two minutes: the looks back off, the operation is still followed.
    let looks = |c: &Console| c.sim.calls().describe_snapshot;
    c.sim.fail_always(
        "DescribeApplicationSnapshot",
        Some(PortError::Service {
            api: "DescribeApplicationSnapshot".into(),
            detail: "InternalFailure (HTTP 503)".into(),
        }),
    );
    let before = looks(&c);
    c.run_for(120, 1).await;
    let failed_looks = looks(&c) - before;
    assert!(
        (3..=10).contains(&failed_looks),
        "{failed_looks} looks in two minutes of failing (every 2 s would be 60)"
    );
    assert_eq!(c.model.operations.len(), 1, "still followed");
    assert!(c.draw().contains("the last look failed"), "{}", c.draw());
    c.sim.fail_always("DescribeApplicationSnapshot", None);
    c.run_until(60, 1, |c| c.model.operations.is_empty()).await;
    let audit = c.audit_lines();
    assert_eq!(audit.last().unwrap()["result"], "succeeded", "{audit:?}");
}

/// Faults on a third of all calls for five minutes over every screen, then none: nothing panics,
/// every message is a sentence, and every screen recovers by itself.
#[tokio::test]
async fn under_injected_faults_every_screen_degrades_to_stale_data_and_recovers() {
    let mut c = Console::start(false).await;
    c.command("drill faults 33%").await;
    assert!(
        c.status().starts_with("drill: 33% of calls"),
        "{}",
        c.status()
    );
    let mut said = Vec::new();
    let screens: [&[KeyEvent]; 5] = [
        &[key(KeyCode::Enter)],
        &[key(KeyCode::Esc), key(KeyCode::Char(':'))],
        &[],
        &[key(KeyCode::Enter), key(KeyCode::Char('3'))],
        &[key(KeyCode::Char('5'))],
    ];
    for (i, keys) in screens.iter().enumerate() {
        c.keys(keys).await;
        if i == 1 {
            c.text("apps").await;
            c.enter().await;
        }
        for _ in 0..60 {
            c.after(1).await;
            let status = c.status();
            if !status.is_empty() && said.last() != Some(&status) {
                said.push(status);
            }
            c.draw();
        }
    }
    for line in &said {
        assert!(
            !line.contains("Error {") && !line.contains("ServiceError") && !line.contains("{ "),
            "a dump reached the screen: {line}"
        );
    }
    assert!(
        said.iter().any(|s| s.contains("credentials")
            || s.contains("throttling")
            || s.contains("cannot reach")
            || s.contains("failed")),
        "no fault was said in five minutes at 33%: {said:?}"
    );
    c.command("drill faults off").await;
    c.run_until(600, 5, |c| c.model.faults.is_empty()).await;
    c.run_for(60, 5).await;
    assert!(!c.model.streams.list.is_stale());
    assert!(!c.model.apps.list.is_stale());
    let page = c
        .model
        .app_detail
        .as_ref()
        .expect("still on the application");
    assert!(!page.detail.is_stale() && !page.operations.is_stale());
    assert!(!c.draw().contains("STALE"), "{}", c.draw());
}

#[tokio::test]
async fn a_change_is_refused_before_any_call_when_the_audit_log_cannot_be_written() {
    let mut c = Console::start(false).await;
    let dir = tempfile::tempdir().unwrap();
    // A directory where the log file should be: every append fails.
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    c.runner = kinetic::app::effects::EffectRunner::simulated(c.sim.clone(), tx).with_audit(
        kinetic::ops::audit::AuditLog::new(dir.path().to_path_buf()),
        kinetic::ops::audit::AuditContext {
            user: Some("tester".into()),
            profile: None,
            region: "us-east-1".into(),
            endpoint: None,
        },
    );
    c.select_app("orders-enricher").await;
    c.enter().await;
    c.text("S").await;
    c.enter().await;
    let count = |sim: &kinetic::sim::SimAccount| {
        let sim = sim.clone();
        async move {
            use kinetic::ports::FlinkPort;
            sim.list_snapshots("orders-enricher").await.unwrap().len()
        }
    };
    let before = count(&c.sim).await;
    let sent = c.enter().await;
    assert!(
        c.status().contains("was not changed") && c.status().contains("audit"),
        "{}",
        c.status()
    );
    assert_eq!(Console::changes(&sent).len(), 1, "the change was asked for");
    assert_eq!(count(&c.sim).await, before, "and refused before the call");
}

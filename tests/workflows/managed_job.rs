//! A Managed Flink application's job in the demo: the live view with the last hour per task from
//! CloudWatch beside it, the likely bottleneck from that hour when no job runs, the metrics
//! level raised on the one operations path, the maintenance window moved and AWS's maintenance
//! said as such in the operations and the incident timeline.
use crate::support::console::Console;
use kinetic::app::app_detail_page::AppTab;
use kinetic::domain::monitoring::MetricsLevel;
use kinetic::ops::OpCall;

fn tasks_of(c: &Console) -> usize {
    c.model
        .app_detail
        .as_ref()
        .and_then(|p| p.tasks.value())
        .map_or(0, |h| h.tasks.len())
}

#[tokio::test]
async fn the_job_tab_shows_the_last_hour_per_task_beside_the_live_view() {
    let mut c = Console::start(false).await;
    c.command("job telemetry-aggregator").await;
    assert_eq!(tasks_of(&c), 4, "one series set per task");
    let screen = c.draw();
    assert!(
        screen.contains("BUSY 1h") && screen.contains("BACKPR 1h"),
        "{screen}"
    );
    // The job started 40 minutes ago far behind its source: backed up ever since.
    assert!(
        screen.contains("Backing up since 11:20:00 (40m ago), first in Source: telemetry-enriched"),
        "{screen}"
    );
    // One ListMetrics and one GetMetricData a minute, not every refresh.
    let asked = |c: &Console| {
        c.executed
            .iter()
            .filter(|cmd| matches!(cmd, kinetic::app::Command::LoadTaskHistory { .. }))
            .count()
    };
    let before = asked(&c);
    c.run_for(50, 10).await;
    assert_eq!(asked(&c), before, "within the minute: no new read");
    c.run_for(20, 10).await;
    assert_eq!(asked(&c), before + 1, "a minute on: read again");
    // An application at the APPLICATION level says what raising it costs.
    c.command("job alerts-router").await;
    let screen = c.draw();
    assert!(
        screen.contains("No hour per task at MetricsLevel APPLICATION: :metrics-level task adds it (≈ 40 metrics, ≈ $12 a month"),
        "{screen}"
    );
}

#[tokio::test]
async fn without_a_running_job_the_last_hour_names_the_likely_bottleneck() {
    let mut c = Console::start(false).await;
    c.command("job session-windows").await;
    let screen = c.draw();
    assert!(
        screen.contains("the application is READY: no job runs"),
        "the live view's absence is said: {screen}"
    );
    assert!(
        screen.contains("Likely bottleneck: Sink: user-events was busy")
            && screen.contains("while 3 other tasks were backpressured"),
        "{screen}"
    );
    assert!(
        screen.contains("Backed up from 11:05:00 to 11:19:00, when its task metrics end; first in Source: clickstream-raw"),
        "{screen}"
    );
}

#[tokio::test]
async fn raising_the_metrics_level_restarts_the_application_on_the_one_path() {
    let mut c = Console::start(false).await;
    c.command("job alerts-router").await;
    // Refused before anything is read: a level that is not one.
    let sent = c.command("metrics-level sideways").await;
    assert!(sent.is_empty(), "{sent:?}");
    assert!(
        c.status().contains("is not a metrics level"),
        "{}",
        c.status()
    );
    c.command("metrics-level task").await;
    let plan = &c.confirm().plan;
    assert!(
        plan.needs_name(),
        "a running application restarts: the name is typed"
    );
    assert!(plan.gate);
    assert!(
        plan.notes[0].contains("restarts the RUNNING application"),
        "{:?}",
        plan.notes
    );
    assert!(c.draw().contains("≈ 40 metrics, ≈ $12 a month"));
    let OpCall::UpdateApplication(update) = &plan.call else {
        panic!("{:?}", plan.call)
    };
    assert_eq!(
        update.monitoring.as_ref().map(|m| m.metrics_level),
        Some(MetricsLevel::Task)
    );
    c.text("alerts-router").await;
    let sent = Console::changes(&c.enter().await);
    assert!(
        matches!(sent.as_slice(), [OpCall::UpdateApplication(_)]),
        "{sent:?}"
    );
    let record = c
        .audit_lines()
        .into_iter()
        .find(|r| r["action"] == "UpdateApplication")
        .unwrap();
    assert_eq!(record["inputs"]["metrics_level"], "TASK");
    c.run_until_said(200, 5, "health gate").await;
    let detail = c.model.app_detail.as_ref().unwrap().detail.value().unwrap();
    assert_eq!(detail.metrics_level(), MetricsLevel::Task);
    // CloudWatch has its tasks from the restart on, a few minutes late.
    c.model.app_detail.as_mut().unwrap().tab = AppTab::Job;
    c.run_until(400, 10, |c| tasks_of(c) == 4).await;
}

#[tokio::test]
async fn the_maintenance_window_moves_from_the_next_maintenance_and_is_followed_until_described() {
    let mut c = Console::start(false).await;
    c.command("job orders-enricher").await;
    let sent = c.command("maintenance 3:00").await;
    assert!(sent.is_empty(), "{sent:?}");
    assert!(c.status().contains("is not a start time"), "{}", c.status());
    c.command("maintenance 22:30").await;
    let plan = c.confirm().plan.clone();
    assert!(!plan.needs_name(), "nothing restarts now: Enter confirms");
    assert!(plan.notes[0].contains("from the next scheduled maintenance"));
    assert_eq!(
        plan.call,
        OpCall::UpdateMaintenanceWindow {
            from: Some("12:00".into()),
            to: "22:30".into()
        }
    );
    let screen = c.draw();
    assert!(
        screen.contains("12:00–20:00 UTC") && screen.contains("22:30–06:30 UTC"),
        "{screen}"
    );
    assert_eq!(Console::changes(&c.enter().await), [plan.call]);
    c.run_until_said(
        30,
        2,
        "done: orders-enricher's maintenance window starts at 22:30",
    )
    .await;
    let page = c.model.app_detail.as_ref().unwrap();
    assert_eq!(
        page.detail
            .value()
            .unwrap()
            .maintenance
            .as_ref()
            .unwrap()
            .start,
        "22:30"
    );
    let audit = c.audit_lines();
    assert!(
        audit.iter().any(
            |r| r["action"] == "UpdateApplicationMaintenanceConfiguration"
                && r["inputs"]["application_maintenance_window_start_time"] == "22:30"
        ),
        "{audit:?}"
    );
    // Not while AWS changes the application.
    c.command("job inventory-sync").await;
    c.command("maintenance 02:00").await;
    assert!(!c.confirm().plan.runnable());
}

#[tokio::test]
async fn aws_maintenance_shows_as_such_in_operations_and_the_incident_timeline() {
    let mut c = Console::start(false).await;
    c.command("job orders-enricher").await;
    c.text("5").await;
    let screen = c.draw();
    assert!(
        screen.contains("maintenance (AWS restarted it)"),
        "{screen}"
    );
    let operations = kinetic::ports::FlinkPort::list_operations(&c.sim, "orders-enricher")
        .await
        .unwrap()
        .into_iter()
        .map(|o| kinetic::domain::OperationDetail {
            summary: o,
            updated_from: None,
            updated_to: None,
            rollback_operation_id: None,
            error: None,
        })
        .collect::<Vec<_>>();
    let rows = kinetic::ops::timeline::entries(&operations, &[]);
    assert!(
        rows.iter()
            .any(|r| r.what == "maintenance (AWS restarted it) SUCCESSFUL"),
        "{:?}",
        rows.iter().map(|r| &r.what).collect::<Vec<_>>()
    );
}

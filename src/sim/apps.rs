//! The simulated account's Flink applications: each scenario's version history, snapshots,
//! operations and behaviour.
use super::app_history::{
    Change, app, base, behaviour, evolve, in_window, op, streams, with_metrics_level,
};
use super::application::SimApp;
use super::scenario::{ACCOUNT_ID, REGION};
use crate::domain::{AppStatus, OperationStatus, Snapshot, Timestamp};
use chrono::Duration;

/// How many named applications `build` makes.
pub const SCENARIOS: usize = 9;

/// The simulated applications; their streams are the scenario streams of `scenario`.
pub fn build(now: Timestamp) -> Vec<SimApp> {
    let mut apps = Vec::new();

    // Healthy, with a long history: code, parallelism and a runtime upgrade.
    let mut history = vec![base("orders-enricher", "FLINK-1_19", now)];
    history[0].property_groups = streams("orders-ingest", "payments-events");
    with_metrics_level(
        &mut history[0],
        crate::domain::flink::MetricsLevel::Operator,
    );
    evolve(
        &mut history,
        &[
            (
                Change::Code(
                    "orders-enricher-1.1.0.jar",
                    "fQ2hbV1xOj1o4Z9lR6hl.Y8xg3V6kcYb",
                ),
                60,
            ),
            (Change::Parallelism(8), 45),
            (Change::Runtime("FLINK-1_20"), 20),
            (
                Change::Code(
                    "orders-enricher-1.2.0.jar",
                    "p7Lr2mEk2H6dCJfVw5QK2eX6v3sYx1Nb",
                ),
                2,
            ),
        ],
        now,
    );
    let ops = vec![
        // AWS's own maintenance, two hours into yesterday's window: a restart of under a minute.
        op(
            "op-oe-m1",
            crate::domain::flink::MAINTENANCE_OPERATION,
            OperationStatus::Successful,
            in_window("orders-enricher", now - Duration::days(1)) + Duration::hours(2),
            1,
        ),
        op(
            "op-oe-5",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(2),
            4,
        ),
        op(
            "op-oe-4",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(20),
            6,
        ),
        op(
            "op-oe-3",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(45),
            3,
        ),
        op(
            "op-oe-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(60),
            3,
        ),
        op(
            "op-oe-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(120),
            2,
        ),
    ];
    apps.push(app(history, ops, behaviour(11, now), now, false));

    // Running, but checkpoints keep failing.
    let mut history = vec![base("payments-fraud-scorer", "FLINK-1_20", now)];
    history[0].property_groups = streams("payments-events", "audit-events");
    evolve(
        &mut history,
        &[
            (
                Change::Property(
                    "ConsumerConfigProperties",
                    "flink.stream.initpos",
                    "TRIM_HORIZON",
                ),
                9,
            ),
            (
                Change::Code("fraud-scorer-3.4.0.jar", "Wd0k1nUoN0nEwC0d3Vq8sd7aS1kLq0pZ"),
                1,
            ),
        ],
        now,
    );
    let mut b = behaviour(23, now);
    b.checkpoint_failure_every_min = 4;
    b.checkpoint_duration_ms = 41_000.0;
    b.checkpoint_size_bytes = 2_400_000_000.0;
    b.cpu_percent = 78.0;
    let ops = vec![
        op(
            "op-pf-3",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(1),
            5,
        ),
        op(
            "op-pf-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(9),
            4,
        ),
        op(
            "op-pf-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(120),
            2,
        ),
    ];
    apps.push(app(history, ops, b, now, true));

    // Running, but falling behind its source stream.
    let mut history = vec![base("telemetry-aggregator", "FLINK-1_20", now)];
    history[0].property_groups = streams("telemetry-enriched", "clickstream-raw");
    with_metrics_level(&mut history[0], crate::domain::flink::MetricsLevel::Task);
    evolve(&mut history, &[(Change::Parallelism(2), 5)], now);
    let mut b = behaviour(37, now);
    b.lag_ms = 45_000.0;
    b.lag_growth_per_hour = 240_000.0;
    b.started = now - Duration::minutes(40);
    b.checkpoint_duration_ms = 34_000.0;
    let ops = vec![
        op(
            "op-ta-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(5),
            3,
        ),
        op(
            "op-ta-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(80),
            2,
        ),
    ];
    apps.push(app(history, ops, b, now, false));

    // Being updated right now.
    let mut history = vec![base("inventory-sync", "FLINK-1_20", now)];
    history[0].property_groups = streams("inventory-cdc", "orders-ingest");
    evolve(
        &mut history,
        &[(
            Change::Code(
                "inventory-sync-2.0.1.jar",
                "Xk9q0Vd2mJ7pL4bZt8Rw1cN5sA3yE6uH",
            ),
            12,
        )],
        now,
    );
    let mut next = history[history.len() - 1].clone();
    next.updated_from = Some(next.version_id);
    next.version_id += 1;
    next.version_created = Some(now + Duration::seconds(60));
    if let Some(code) = &mut next.code {
        code.file_key = "inventory-sync/inventory-sync-2.1.0.jar".into();
        code.object_version = Some("Ba3nK8pQ2wE5rT7yU1iO9pA4sD6fG0hJ".into());
    }
    if let Some(last) = history.last_mut() {
        last.status = AppStatus::Updating;
    }
    let mut updating = op(
        "op-is-3",
        "UpdateApplication",
        OperationStatus::InProgress,
        now - Duration::seconds(20),
        0,
    );
    updating.summary.ended = None;
    updating.updated_from = Some(next.version_id - 1);
    updating.updated_to = Some(next.version_id);
    let ops = vec![
        updating,
        op(
            "op-is-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(12),
            4,
        ),
        op(
            "op-is-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(90),
            2,
        ),
    ];
    let mut sim = app(history, ops, behaviour(41, now), now, false);
    sim.pending.push(super::application::Pending {
        at: now + Duration::seconds(60),
        transition: super::application::Transition::Updated {
            op: "op-is-3".into(),
            next: Box::new(next),
            quality: Some(super::code::CodeQuality::Good),
        },
    });
    apps.push(sim);

    // Stopped on purpose.
    let mut history = vec![base("clickstream-sessionizer", "FLINK-1_18", now)];
    history[0].property_groups = streams("clickstream-raw", "user-events");
    history[0].status = AppStatus::Ready;
    let ops = vec![
        op(
            "op-cs-2",
            "StopApplication",
            OperationStatus::Successful,
            now - Duration::days(3),
            2,
        ),
        op(
            "op-cs-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(200),
            2,
        ),
    ];
    apps.push(app(history, ops, behaviour(53, now), now, false));

    // The last update failed; system rollback put the previous configuration back.
    let mut history = vec![base("audit-archiver", "FLINK-1_20", now)];
    history[0].property_groups = streams("audit-events", "orders-ingest");
    evolve(
        &mut history,
        &[
            (
                Change::Code(
                    "audit-archiver-4.2.0.jar",
                    "Mm3bQ5nW8eR1tY4uI7oP0aS2dF5gH8jK",
                ),
                30,
            ),
            (
                Change::Code(
                    "audit-archiver-4.3.0.jar",
                    "Zx1cV4bN7mQ0wE3rT6yU9iO2pA5sD8fG",
                ),
                0,
            ),
        ],
        now,
    );
    let failed_version = history[history.len() - 1].clone();
    let mut rolled_back = history[history.len() - 2].clone();
    rolled_back.version_id = failed_version.version_id + 1;
    rolled_back.updated_from = None;
    rolled_back.rolled_back_from = Some(failed_version.version_id);
    rolled_back.rolled_back_to = Some(failed_version.version_id - 1);
    rolled_back.version_created = Some(now - Duration::minutes(35));
    rolled_back.last_updated = rolled_back.version_created;
    if let Some(v) = history.last_mut() {
        v.status = AppStatus::RolledBack;
    }
    history.push(rolled_back);
    let mut failed = op(
        "op-aa-4",
        "UpdateApplication",
        OperationStatus::Failed,
        now - Duration::minutes(50),
        12,
    );
    failed.updated_from = Some(failed_version.version_id - 1);
    failed.updated_to = Some(failed_version.version_id);
    failed.rollback_operation_id = Some("op-aa-5".into());
    failed.error = Some(
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application. Caused by: java.lang.ClassNotFoundException: com.acme.audit.ArchiverJobV43".into(),
    );
    let mut rollback = op(
        "op-aa-5",
        "RollbackApplication",
        OperationStatus::Successful,
        now - Duration::minutes(38),
        3,
    );
    rollback.updated_from = Some(failed_version.version_id);
    rollback.updated_to = Some(failed_version.version_id + 1);
    let ops = vec![
        rollback,
        failed,
        op(
            "op-aa-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(30),
            4,
        ),
        op(
            "op-aa-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(150),
            2,
        ),
    ];
    let mut b = behaviour(61, now);
    b.started = now - Duration::minutes(35);
    apps.push(app(history, ops, b, now, false));

    // Flink 2.2 job that keeps restarting (numRestarts instead of fullRestarts).
    let mut history = vec![base("recommendations-trainer", "FLINK-1_20", now)];
    history[0].property_groups = streams("clickstream-raw", "recommendations-ingest-staging-0010");
    evolve(&mut history, &[(Change::Runtime("FLINK-2_2"), 3)], now);
    let mut b = behaviour(71, now);
    b.restart_every_min = 9;
    b.started = now - Duration::days(3);
    let ops = vec![
        op(
            "op-rt-2",
            "UpdateApplication",
            OperationStatus::Successful,
            now - Duration::days(3),
            7,
        ),
        op(
            "op-rt-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(40),
            2,
        ),
    ];
    let mut trainer = app(history, ops, b, now, false);
    // The snapshot taken before the in-place upgrade, on FLINK-1_20, is its newest: version 2
    // has restarted ever since and never completed one.
    trainer.snapshots.clear();
    trainer.snapshots.push(Snapshot {
        name: "recommendations-trainer-pre-upgrade-1_20".into(),
        status: "READY".into(),
        version_id: 1,
        created: Some(now - Duration::days(3) - Duration::minutes(25)),
        runtime: Some("FLINK-1_20".into()),
    });
    apps.push(trainer);

    apps.push(session_windows(now));
    apps.push(alerts_router(now));
    apps
}

/// An update that could not start, and a system rollback that failed too: READY on the failed
/// version, with snapshots of the version before.
fn session_windows(now: Timestamp) -> SimApp {
    let mut history = vec![base("session-windows", "FLINK-1_20", now)];
    history[0].property_groups = streams("clickstream-raw", "user-events");
    evolve(
        &mut history,
        &[(
            Change::Code(
                "session-windows-2.0.0.jar",
                "Rq4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB",
            ),
            0,
        )],
        now,
    );
    let deployed = now - Duration::minutes(40);
    if let Some(failed) = history.last_mut() {
        failed.status = AppStatus::Ready;
        failed.version_created = Some(deployed);
        failed.last_updated = Some(deployed);
    }
    let mut update = op(
        "op-sw-3",
        "UpdateApplication",
        OperationStatus::Failed,
        deployed,
        3,
    );
    update.updated_from = Some(1);
    update.updated_to = Some(2);
    update.rollback_operation_id = Some("op-sw-4".into());
    update.error = Some(
        "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application. Caused by: java.lang.ClassNotFoundException: com.acme.sessions.SessionJobV2".into(),
    );
    let mut rollback = op(
        "op-sw-4",
        "RollbackApplication",
        OperationStatus::Failed,
        deployed + Duration::minutes(3),
        2,
    );
    rollback.updated_from = Some(2);
    rollback.updated_to = Some(3);
    rollback.error = Some(
        "The application could not be rolled back: the job manager did not come up in time".into(),
    );
    let ops = vec![
        rollback,
        update,
        op(
            "op-sw-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(60),
            2,
        ),
    ];
    let mut b = behaviour(83, now);
    b.failed_at = Some(deployed + Duration::minutes(2));
    // Version 1 backed up for a quarter of an hour (what version 2 was to fix), then stopped
    // for the update that never started.
    b.ran_until = Some(deployed);
    b.backed_up_from = Some(deployed - Duration::minutes(15));
    for version in &mut history {
        with_metrics_level(version, crate::domain::flink::MetricsLevel::Task);
    }
    let mut app = app(history, ops, b, now, false);
    app.snapshots = vec![
        Snapshot {
            name: "session-windows-update-before-2_0".into(),
            status: "READY".into(),
            version_id: 1,
            created: Some(deployed - Duration::seconds(20)),
            runtime: Some("FLINK-1_20".into()),
        },
        Snapshot {
            name: "session-windows-v1-daily".into(),
            status: "READY".into(),
            version_id: 1,
            created: Some(now - Duration::hours(20)),
            runtime: Some("FLINK-1_20".into()),
        },
    ];
    app
}

/// A young application whose second build restarts every minute, and that has no snapshot yet.
fn alerts_router(now: Timestamp) -> SimApp {
    let mut history = vec![base("alerts-router", "FLINK-1_20", now)];
    history[0].property_groups = streams("audit-events", "notifications-ingest-prod-0014");
    history[0].created = Some(now - Duration::days(1));
    history[0].version_created = history[0].created;
    evolve(
        &mut history,
        &[(
            Change::Code(
                "alerts-router-1.1.0.jar",
                "Lm2nB5vC8xZ1aS4dF7gH0jK3qW6eR9tY",
            ),
            0,
        )],
        now,
    );
    let deployed = now - Duration::minutes(15);
    if let Some(current) = history.last_mut() {
        current.version_created = Some(deployed);
        current.last_updated = Some(deployed);
    }
    let mut update = op(
        "op-ar-2",
        "UpdateApplication",
        OperationStatus::Successful,
        deployed,
        2,
    );
    update.updated_from = Some(1);
    update.updated_to = Some(2);
    let ops = vec![
        update,
        op(
            "op-ar-1",
            "StartApplication",
            OperationStatus::Successful,
            now - Duration::days(1),
            2,
        ),
    ];
    let mut b = behaviour(97, now);
    b.restart_every_min = 1;
    b.started = deployed + Duration::minutes(2);
    let mut app = app(history, ops, b, now, false);
    app.snapshots.clear();
    app
}

/// The same shape with `count` applications, for scale tests and benchmarks.
pub fn build_many(count: usize, now: Timestamp) -> Vec<SimApp> {
    let templates = build(now);
    (0..count)
        .map(|i| {
            let mut app = templates[i % templates.len()].clone();
            if i >= templates.len() {
                let name = format!("{}-{:03}", app.current().name, i);
                for v in &mut app.versions {
                    v.name.clone_from(&name);
                    v.arn = format!(
                        "arn:aws:kinesisanalytics:{REGION}:{ACCOUNT_ID}:application/{name}"
                    );
                }
                app.behaviour.key = app.behaviour.key.wrapping_add(i as u64 * 7919);
            }
            app
        })
        .collect()
}

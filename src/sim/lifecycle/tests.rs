//! The simulated lifecycle against AWS's rules: updates, refusals, failures and rollbacks, snapshots, start and stop.
use super::super::application::SimApp;
use super::super::code::{self, BUCKET, SimObject};
use super::*;
use crate::domain::flink::CodeLocation;
use crate::domain::time::from_epoch_secs;
use crate::domain::{
    AppDetail, AppStatus, AppUpdate, OperationStatus, PortError, Restore, Timestamp,
};
use chrono::Duration;

fn apps() -> (Vec<SimApp>, Vec<SimObject>, Timestamp) {
    let now = from_epoch_secs(1_795_262_400);
    let apps = super::super::apps::build(now);
    let histories: Vec<&[AppDetail]> = apps.iter().map(|a| a.versions.as_slice()).collect();
    let objects = code::build(&histories, now);
    (apps, objects, now)
}

fn named<'a>(apps: &'a mut [SimApp], name: &str) -> &'a mut SimApp {
    apps.iter_mut().find(|a| a.current().name == name).unwrap()
}

fn deploy(app: &SimApp, key: &str, version: &str) -> (String, AppUpdate) {
    let current = app.current();
    (
        current.conditional_token.clone().unwrap(),
        AppUpdate {
            expected_version: current.version_id,
            code: Some(CodeLocation {
                bucket_arn: format!("arn:aws:s3:::{BUCKET}"),
                file_key: key.into(),
                object_version: Some(version.into()),
            }),
            parallelism: None,
            runtime: None,
            properties: None,
            restore: Restore::Latest,
            allow_non_restored_state: false,
            monitoring: None,
        },
    )
}

#[test]
fn an_update_goes_through_updating_snapshots_and_lands_a_new_version() {
    let (mut apps, objects, now) = apps();
    let app = named(&mut apps, "orders-enricher");
    let before = app.current().version_id;
    let (token, update) = deploy(
        app,
        "orders-enricher/orders-enricher-1.2.0.jar",
        "tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU",
    );
    let op = app.update(&token, &update, now, &objects).unwrap();
    assert_eq!(app.current().status, AppStatus::Updating);
    assert!(app.snapshots[0].name.contains("-update-"));
    assert_eq!(
        app.operations[0].summary.status,
        OperationStatus::InProgress
    );
    app.settle(now + Duration::seconds(UPDATE_SECS - 1));
    assert_eq!(app.current().status, AppStatus::Updating);
    app.settle(now + Duration::seconds(UPDATE_SECS));
    assert_eq!(app.current().version_id, before + 1);
    assert_eq!(app.current().status, AppStatus::Running);
    assert_eq!(app.operations[0].summary.id, op);
    assert_eq!(
        app.operations[0].summary.status,
        OperationStatus::Successful
    );
    assert_eq!(app.snapshots[0].status, "READY");
    assert!(
        app.update(&token, &update, now, &objects).is_err(),
        "the old token is stale now"
    );
}

#[test]
fn aws_refusals_come_with_aws_error_types() {
    let (mut apps, objects, now) = apps();
    let app = named(&mut apps, "orders-enricher");
    let (token, mut update) = deploy(app, "orders-enricher/nope.jar", "v1");
    assert!(matches!(
        app.update(&token, &update, now, &objects),
        Err(PortError::InvalidArgument { .. })
    ));
    update.code.as_mut().unwrap().file_key = "orders-enricher/orders-enricher-1.2.0.jar".into();
    update.code.as_mut().unwrap().object_version = Some("tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU".into());
    assert!(matches!(
        app.update("stale", &update, now, &objects),
        Err(PortError::ConcurrentModification { .. })
    ));
    app.conflict_next = true;
    assert!(matches!(
        app.update(&token, &update, now, &objects),
        Err(PortError::ConcurrentModification { .. })
    ));
    let scorer = named(&mut apps, "payments-fraud-scorer");
    let (token, update) = deploy(
        scorer,
        "payments-fraud-scorer/fraud-scorer-3.4.0.jar",
        "Hx0aZ5sE3dR7fT1gY9uJ2kL6mN4bV8cQ",
    );
    assert!(matches!(
        scorer.update(&token, &update, now, &objects),
        Err(PortError::CodeValidation { .. })
    ));
    let stopped = named(&mut apps, "clickstream-sessionizer");
    assert!(matches!(
        stopped.stop(false, now),
        Err(PortError::ResourceInUse { .. })
    ));
    assert!(matches!(
        stopped.create_snapshot("x", now),
        Err(PortError::ResourceInUse { .. })
    ));
    let running = named(&mut apps, "orders-enricher");
    assert!(matches!(
        running.start(&Restore::Latest, now, &objects),
        Err(PortError::ResourceInUse { .. })
    ));
    running.snapshot_limit = running.snapshots.len();
    assert!(matches!(
        running.create_snapshot("one-more", now),
        Err(PortError::LimitExceeded { .. })
    ));
}

#[test]
fn code_that_cannot_start_fails_the_update_and_the_service_rolls_back() {
    let (mut apps, objects, now) = apps();
    let app = named(&mut apps, "audit-archiver");
    let before = app.current().clone();
    let (token, update) = deploy(
        app,
        "audit-archiver/audit-archiver-4.3.0.jar",
        "Zx1cV4bN7mQ0wE3rT6yU9iO2pA5sD8fG",
    );
    let op = app.update(&token, &update, now, &objects).unwrap();
    app.settle(now + Duration::seconds(UPDATE_SECS));
    let failed = app
        .operations
        .iter()
        .find(|o| o.summary.id == op)
        .unwrap()
        .clone();
    assert_eq!(failed.summary.status, OperationStatus::Failed);
    assert!(failed.error.unwrap().contains("ClassNotFoundException"));
    let rollback = failed.rollback_operation_id.unwrap();
    assert_eq!(app.current().status, AppStatus::RollingBack);
    app.settle(now + Duration::seconds(UPDATE_SECS + ROLLBACK_SECS));
    assert_eq!(app.current().status, AppStatus::Running);
    assert_eq!(
        app.current().code,
        before.code,
        "the previous code runs again"
    );
    assert_eq!(app.current().rolled_back_from, Some(before.version_id + 1));
    let rb = app
        .operations
        .iter()
        .find(|o| o.summary.id == rollback)
        .unwrap();
    assert_eq!(rb.summary.status, OperationStatus::Successful);
}

#[test]
fn snapshots_stop_start_and_delete_take_their_time() {
    let (mut apps, objects, now) = apps();
    let app = named(&mut apps, "orders-enricher");
    app.create_snapshot("orders-enricher-20261121-1200", now)
        .unwrap();
    assert_eq!(
        app.describe_snapshot("orders-enricher-20261121-1200")
            .unwrap()
            .status,
        "CREATING"
    );
    app.settle(now + Duration::seconds(SNAPSHOT_SECS));
    let snap = app
        .describe_snapshot("orders-enricher-20261121-1200")
        .unwrap();
    assert_eq!(snap.status, "READY");
    assert!(
        app.delete_snapshot(&snap.name, now - Duration::days(1), now)
            .is_err(),
        "timestamp must match"
    );
    app.delete_snapshot(&snap.name, snap.created.unwrap(), now)
        .unwrap();
    app.settle(now + Duration::seconds(SNAPSHOT_SECS + DELETE_SECS));
    assert!(matches!(
        app.describe_snapshot(&snap.name),
        Err(PortError::NotFound { .. })
    ));

    let later = now + Duration::minutes(5);
    app.stop(false, later).unwrap();
    assert_eq!(app.current().status, AppStatus::Stopping);
    app.settle(later + Duration::seconds(STOP_SECS));
    assert_eq!(app.current().status, AppStatus::Ready);
    assert!(
        app.snapshots[0].name.contains("-stop-"),
        "graceful stops snapshot"
    );
    app.start(&Restore::Latest, later + Duration::minutes(1), &objects)
        .unwrap();
    app.settle(later + Duration::minutes(1) + Duration::seconds(START_SECS));
    assert_eq!(app.current().status, AppStatus::Running);
}

//! The kinesisanalyticsv2 change calls as AWS receives them (aws-smithy-mocks): the fresh
//! ConditionalToken, AllowNonRestoredState always sent, the restore choice, the snapshot's
//! creation time, Force only when chosen; and AWS's refusals as sentences.
use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::operation::create_application_snapshot::{
    CreateApplicationSnapshotError, CreateApplicationSnapshotOutput,
};
use aws_sdk_kinesisanalyticsv2::operation::delete_application_snapshot::DeleteApplicationSnapshotOutput;
use aws_sdk_kinesisanalyticsv2::operation::describe_application::DescribeApplicationOutput;
use aws_sdk_kinesisanalyticsv2::operation::describe_application_snapshot::{
    DescribeApplicationSnapshotError, DescribeApplicationSnapshotOutput,
};
use aws_sdk_kinesisanalyticsv2::operation::start_application::StartApplicationOutput;
use aws_sdk_kinesisanalyticsv2::operation::stop_application::StopApplicationOutput;
use aws_sdk_kinesisanalyticsv2::operation::update_application::{
    UpdateApplicationError, UpdateApplicationOutput,
};
use aws_sdk_kinesisanalyticsv2::types::{
    ApplicationRestoreType, ConfigurationType, RuntimeEnvironment, SnapshotDetails, SnapshotStatus,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::{AwsFlink, AwsFlinkOps};
use kinetic::domain::flink::CodeLocation;
use kinetic::domain::time::from_epoch_millis;
use kinetic::domain::{AppUpdate, ParallelismChange, PortError, Restore};
use kinetic::ops::OpCall;
use kinetic::ops::Resource;
use kinetic::ops::audit::{AuditContext, AuditLog, Auditor};
use kinetic::ops::execute::{ChangePorts, execute};
use kinetic::ports::{FlinkOpsPort, FlinkPort};

fn deploy(version: i64) -> AppUpdate {
    AppUpdate {
        expected_version: version,
        code: Some(CodeLocation {
            bucket_arn: "arn:aws:s3:::artifacts".into(),
            file_key: "app/app-1.2.jar".into(),
            object_version: Some("v124".into()),
        }),
        parallelism: None,
        runtime: None,
        properties: None,
        restore: Restore::Latest,
        allow_non_restored_state: false,
        monitoring: None,
    }
}

fn described(version: i64, token: &str) -> DescribeApplicationOutput {
    DescribeApplicationOutput::builder()
        .application_detail(super::detail_with_token(version, token))
        .build()
}

fn error(code: &str, message: &str) -> ErrorMetadata {
    ErrorMetadata::builder().code(code).message(message).build()
}

fn ports<'a>(flink: &'a AwsFlink, ops: &'a AwsFlinkOps) -> ChangePorts<'a> {
    ChangePorts {
        stream_ops: None,
        flink,
        flink_ops: Some(ops),
        cluster_ops: None,
    }
}

#[tokio::test]
async fn a_deploy_reads_the_token_just_before_and_sends_code_restore_and_allow_non_restored_state()
{
    let describe = mock!(Client::describe_application)
        .match_requests(|r| r.application_name() == Some("enricher"))
        .then_output(|| described(7, "token-7-fresh"));
    let update = mock!(Client::update_application)
        .match_requests(|r| {
            let run = r.run_configuration_update().unwrap();
            let s3 = r
                .application_configuration_update()
                .and_then(|c| c.application_code_configuration_update())
                .and_then(|c| c.code_content_update())
                .and_then(|c| c.s3_content_location_update())
                .unwrap();
            r.application_name() == Some("enricher")
                && r.conditional_token() == Some("token-7-fresh")
                && r.current_application_version_id().is_none()
                && s3.bucket_arn_update() == Some("arn:aws:s3:::artifacts")
                && s3.file_key_update() == Some("app/app-1.2.jar")
                && s3.object_version_update() == Some("v124")
                // Sent explicitly: AWS resets it to false when it is left out.
                && run.flink_run_configuration().and_then(|f| f.allow_non_restored_state()) == Some(false)
                && run.application_restore_configuration().map(|c| c.application_restore_type())
                    == Some(&ApplicationRestoreType::RestoreFromLatestSnapshot)
        })
        .then_output(|| UpdateApplicationOutput::builder().operation_id("op-8").build());
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&describe, &update]
    );
    let (flink, ops) = {
        let flink = AwsFlink::new(client);
        let ops = flink.ops();
        (flink, ops)
    };
    let dir = tempfile::tempdir().unwrap();
    let auditor = Auditor::new(
        AuditLog::new(dir.path().join("audit.jsonl")),
        AuditContext::default(),
    );
    let sent = execute(
        &ports(&flink, &ops),
        Some(&auditor),
        &chrono::Utc::now,
        &Resource::Application("enricher".into()),
        &OpCall::UpdateApplication(deploy(7)),
        Some("ORD-1142".into()),
    )
    .await
    .unwrap();
    assert_eq!(sent.operation_id.as_deref(), Some("op-8"));
    assert_eq!((describe.num_calls(), update.num_calls()), (1, 1));
    let audit = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[1]["operation_id"], "op-8");
    assert_eq!(lines[1]["reason"], "ORD-1142");
    assert_eq!(lines[1]["inputs"]["allow_non_restored_state"], false);
}

#[tokio::test]
async fn a_version_changed_since_the_plan_refuses_the_update_without_sending_it() {
    let describe = mock!(Client::describe_application).then_output(|| described(8, "token-8"));
    let update = mock!(Client::update_application).then_output(|| {
        UpdateApplicationOutput::builder()
            .operation_id("never")
            .build()
    });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&describe, &update]
    );
    let (flink, ops) = {
        let flink = AwsFlink::new(client);
        let ops = flink.ops();
        (flink, ops)
    };
    let error = execute(
        &ports(&flink, &ops),
        None,
        &chrono::Utc::now,
        &Resource::Application("enricher".into()),
        &OpCall::UpdateApplication(deploy(7)),
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, PortError::ConcurrentModification { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("version 8 now"), "{error}");
    assert_eq!(update.num_calls(), 0);
}

#[tokio::test]
async fn a_scale_sends_custom_parallelism_and_no_code() {
    let update = mock!(Client::update_application)
        .match_requests(|r| {
            let p = r
                .application_configuration_update()
                .and_then(|c| c.flink_application_configuration_update())
                .and_then(|f| f.parallelism_configuration_update())
                .unwrap();
            r.application_configuration_update()
                .and_then(|c| c.application_code_configuration_update())
                .is_none()
                && p.configuration_type_update() == Some(&ConfigurationType::Custom)
                && p.parallelism_update() == Some(12)
                && p.parallelism_per_kpu_update() == Some(2)
                && p.auto_scaling_enabled_update() == Some(false)
        })
        .then_output(|| {
            UpdateApplicationOutput::builder()
                .operation_id("op-9")
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&update]);
    let scale = AppUpdate {
        code: None,
        parallelism: Some(ParallelismChange {
            parallelism: 12,
            per_kpu: 2,
            autoscaling: false,
        }),
        ..deploy(7)
    };
    let id = AwsFlink::new(client)
        .ops()
        .update_application("enricher", "token-7", &scale)
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("op-9"));
}

#[tokio::test]
async fn without_a_token_the_update_names_the_version_instead() {
    let update = mock!(Client::update_application)
        .match_requests(|r| {
            r.conditional_token().is_none() && r.current_application_version_id() == Some(7)
        })
        .then_output(|| UpdateApplicationOutput::builder().build());
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&update]);
    AwsFlink::new(client)
        .ops()
        .update_application("enricher", "", &deploy(7))
        .await
        .unwrap();
    assert_eq!(update.num_calls(), 1);
}

#[tokio::test]
async fn snapshots_are_created_by_name_and_deleted_with_their_creation_time() {
    let created = from_epoch_millis(1_795_240_800_123);
    let create = mock!(Client::create_application_snapshot)
        .match_requests(|r| {
            r.application_name() == Some("enricher")
                && r.snapshot_name() == Some("enricher-20261121-1200")
        })
        .then_output(|| CreateApplicationSnapshotOutput::builder().build());
    let delete = mock!(Client::delete_application_snapshot)
        .match_requests(move |r| {
            r.snapshot_name() == Some("old")
                && r.snapshot_creation_timestamp()
                    == Some(&DateTime::from_millis(1_795_240_800_123))
        })
        .then_output(|| DeleteApplicationSnapshotOutput::builder().build());
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&create, &delete]
    );
    let ops = AwsFlink::new(client).ops();
    ops.create_snapshot("enricher", "enricher-20261121-1200")
        .await
        .unwrap();
    ops.delete_snapshot("enricher", "old", created)
        .await
        .unwrap();
    assert_eq!((create.num_calls(), delete.num_calls()), (1, 1));
}

#[tokio::test]
async fn force_goes_out_only_when_chosen() {
    let graceful = mock!(Client::stop_application)
        .match_requests(|r| r.force().is_none())
        .then_output(|| {
            StopApplicationOutput::builder()
                .operation_id("op-stop")
                .build()
        });
    let forced = mock!(Client::stop_application)
        .match_requests(|r| r.force() == Some(true))
        .then_output(|| {
            StopApplicationOutput::builder()
                .operation_id("op-force")
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&graceful, &forced]
    );
    let ops = AwsFlink::new(client).ops();
    assert_eq!(
        ops.stop_application("enricher", false)
            .await
            .unwrap()
            .as_deref(),
        Some("op-stop")
    );
    assert_eq!(
        ops.stop_application("enricher", true)
            .await
            .unwrap()
            .as_deref(),
        Some("op-force")
    );
    assert_eq!((graceful.num_calls(), forced.num_calls()), (1, 1));
}

#[tokio::test]
async fn a_start_carries_the_restore_choice_and_a_picked_snapshot_by_name() {
    let custom = mock!(Client::start_application)
        .match_requests(|r| {
            let restore = r
                .run_configuration()
                .and_then(|c| c.application_restore_configuration())
                .unwrap();
            restore.application_restore_type() == &ApplicationRestoreType::RestoreFromCustomSnapshot
                && restore.snapshot_name() == Some("before-upgrade")
        })
        .then_output(|| {
            StartApplicationOutput::builder()
                .operation_id("op-start")
                .build()
        });
    let skip = mock!(Client::start_application)
        .match_requests(|r| {
            r.run_configuration()
                .and_then(|c| c.application_restore_configuration())
                .map(|c| c.application_restore_type())
                == Some(&ApplicationRestoreType::SkipRestoreFromSnapshot)
        })
        .then_output(|| {
            StartApplicationOutput::builder()
                .operation_id("op-empty")
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&custom, &skip]
    );
    let ops = AwsFlink::new(client).ops();
    let id = ops
        .start_application("enricher", &Restore::Snapshot("before-upgrade".into()))
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("op-start"));
    let id = ops
        .start_application("enricher", &Restore::Skip)
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("op-empty"));
}

#[tokio::test]
async fn a_snapshot_is_described_and_a_gone_one_is_not_found() {
    let found = mock!(Client::describe_application_snapshot)
        .match_requests(|r| r.snapshot_name() == Some("nightly"))
        .then_output(|| {
            DescribeApplicationSnapshotOutput::builder()
                .snapshot_details(
                    SnapshotDetails::builder()
                        .snapshot_name("nightly")
                        .snapshot_status(SnapshotStatus::Creating)
                        .application_version_id(7)
                        .snapshot_creation_timestamp(DateTime::from_secs(1_795_240_800))
                        .runtime_environment(RuntimeEnvironment::Flink120)
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let gone = mock!(Client::describe_application_snapshot)
        .match_requests(|r| r.snapshot_name() == Some("gone"))
        .then_error(|| {
            DescribeApplicationSnapshotError::generic(error(
                "ResourceNotFoundException",
                "Snapshot gone not found",
            ))
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&found, &gone]
    );
    let flink = AwsFlink::new(client);
    let snapshot = flink
        .describe_snapshot("enricher", "nightly")
        .await
        .unwrap();
    assert_eq!(
        (
            snapshot.status.as_str(),
            snapshot.version_id,
            snapshot.runtime.as_deref()
        ),
        ("CREATING", 7, Some("FLINK-1_20"))
    );
    assert!(matches!(
        flink.describe_snapshot("enricher", "gone").await,
        Err(PortError::NotFound { .. })
    ));
}

#[tokio::test]
async fn aws_refusals_become_sentences_an_operator_can_act_on() {
    for (code, check) in [
        (
            "ConcurrentModificationException",
            "another change to application enricher is in progress",
        ),
        ("ResourceInUseException", "application enricher is busy"),
        (
            "CodeValidationException",
            "AWS could not validate the application code",
        ),
        ("InvalidArgumentException", "AWS rejected the request"),
        ("InvalidRequestException", "AWS rejected the request"),
    ] {
        let rule = mock!(Client::update_application)
            .then_error(move || UpdateApplicationError::generic(error(code, "details from AWS")));
        let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
        let refused = AwsFlink::new(client)
            .ops()
            .update_application("enricher", "token", &deploy(7))
            .await
            .unwrap_err();
        assert!(refused.to_string().contains(check), "{code}: {refused}");
        assert!(
            refused.to_string().contains("details from AWS"),
            "{code}: {refused}"
        );
    }
    let full = mock!(Client::create_application_snapshot).then_error(|| {
        CreateApplicationSnapshotError::generic(error(
            "LimitExceededException",
            "snapshot limit reached",
        ))
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&full]);
    let refused = AwsFlink::new(client)
        .ops()
        .create_snapshot("enricher", "x")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, PortError::LimitExceeded { .. }),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_rollback_names_the_current_version_read_just_before_and_maps_its_refusals() {
    use aws_sdk_kinesisanalyticsv2::operation::rollback_application::{
        RollbackApplicationError, RollbackApplicationOutput,
    };
    let describe = mock!(Client::describe_application).then_output(|| described(7, "token-7"));
    let rollback = mock!(Client::rollback_application)
        .match_requests(|r| {
            r.application_name() == Some("enricher")
                && r.current_application_version_id() == Some(7)
        })
        .then_output(|| {
            RollbackApplicationOutput::builder()
                .operation_id("op-rb")
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&describe, &rollback]
    );
    let (flink, ops) = {
        let flink = AwsFlink::new(client);
        let ops = flink.ops();
        (flink, ops)
    };
    let sent = execute(
        &ports(&flink, &ops),
        None,
        &chrono::Utc::now,
        &Resource::Application("enricher".into()),
        &OpCall::RollbackApplication { current_version: 7 },
        None,
    )
    .await
    .unwrap();
    assert_eq!(sent.operation_id.as_deref(), Some("op-rb"));

    // Planned for version 6, but 7 is current: refused before RollbackApplication is sent.
    let describe = mock!(Client::describe_application).then_output(|| described(7, "token-7"));
    let never = mock!(Client::rollback_application)
        .then_output(|| RollbackApplicationOutput::builder().build());
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::MatchAny,
        [&describe, &never]
    );
    let (flink, ops) = {
        let flink = AwsFlink::new(client);
        let ops = flink.ops();
        (flink, ops)
    };
    let stale = execute(
        &ports(&flink, &ops),
        None,
        &chrono::Utc::now,
        &Resource::Application("enricher".into()),
        &OpCall::RollbackApplication { current_version: 6 },
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(stale, PortError::ConcurrentModification { .. }),
        "{stale:?}"
    );
    assert_eq!(never.num_calls(), 0);

    for (code, message, check) in [
        (
            "ResourceInUseException",
            "Application is in READY state",
            "application enricher is busy",
        ),
        (
            "InvalidRequestException",
            "No snapshot available to restore",
            "AWS rejected the request: No snapshot available to restore",
        ),
        (
            "ConcurrentModificationException",
            "version 7 is not the current version",
            "another change to application enricher is in progress",
        ),
    ] {
        let rule = mock!(Client::rollback_application)
            .then_error(move || RollbackApplicationError::generic(error(code, message)));
        let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
        let refused = AwsFlink::new(client)
            .ops()
            .rollback_application("enricher", 7)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains(check), "{code}: {refused}");
    }
}

#[tokio::test]
async fn a_redeploy_of_an_older_version_sends_its_runtime_and_every_property_group() {
    let update = mock!(Client::update_application)
        .match_requests(|r| {
            let groups = r
                .application_configuration_update()
                .and_then(|c| c.environment_property_updates())
                .map(|e| e.property_groups().to_vec())
                .unwrap_or_default();
            r.runtime_environment_update() == Some(&RuntimeEnvironment::Flink120)
                && groups.len() == 1
                && groups[0].property_group_id() == "ConsumerConfigProperties"
                && groups[0]
                    .property_map()
                    .get("input.stream.name")
                    .map(String::as_str)
                    == Some("orders")
                && r.run_configuration_update()
                    .and_then(|run| run.application_restore_configuration())
                    .and_then(|c| c.snapshot_name())
                    == Some("pre-upgrade")
        })
        .then_output(|| {
            UpdateApplicationOutput::builder()
                .operation_id("op-back")
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&update]);
    let back = AppUpdate {
        runtime: Some("FLINK-1_20".into()),
        properties: Some(vec![kinetic::domain::flink::PropertyGroup {
            id: "ConsumerConfigProperties".into(),
            properties: [("input.stream.name".to_string(), "orders".to_string())].into(),
        }]),
        restore: Restore::Snapshot("pre-upgrade".into()),
        ..deploy(7)
    };
    let id = AwsFlink::new(client)
        .ops()
        .update_application("enricher", "token-7", &back)
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("op-back"));
}

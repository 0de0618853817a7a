//! The kinesisanalyticsv2 adapter and the Flink metric discovery, with aws-smithy-mocks (no network).
#[path = "flink_mocks/changes.rs"]
mod changes;
#[path = "flink_mocks/dashboard.rs"]
mod dashboard;
#[path = "flink_mocks/monitoring.rs"]
mod monitoring;

use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::operation::describe_application::{
    DescribeApplicationError, DescribeApplicationOutput,
};
use aws_sdk_kinesisanalyticsv2::operation::describe_application_operation::DescribeApplicationOperationOutput;
use aws_sdk_kinesisanalyticsv2::operation::describe_application_version::DescribeApplicationVersionOutput;
use aws_sdk_kinesisanalyticsv2::operation::list_application_operations::ListApplicationOperationsOutput;
use aws_sdk_kinesisanalyticsv2::operation::list_application_snapshots::ListApplicationSnapshotsOutput;
use aws_sdk_kinesisanalyticsv2::operation::list_application_versions::ListApplicationVersionsOutput;
use aws_sdk_kinesisanalyticsv2::operation::list_applications::{
    ListApplicationsError, ListApplicationsOutput,
};
use aws_sdk_kinesisanalyticsv2::types::error::ResourceNotFoundException;
use aws_sdk_kinesisanalyticsv2::types::{
    ApplicationCodeConfigurationDescription, ApplicationConfigurationDescription,
    ApplicationDetail, ApplicationOperationInfo, ApplicationOperationInfoDetails,
    ApplicationStatus, ApplicationSummary, ApplicationVersionChangeDetails,
    ApplicationVersionSummary, CheckpointConfigurationDescription, CodeContentDescription,
    CodeContentType, EnvironmentPropertyDescriptions, ErrorInfo,
    FlinkApplicationConfigurationDescription, OperationFailureDetails, OperationStatus,
    ParallelismConfigurationDescription, PropertyGroup, RuntimeEnvironment,
    S3ApplicationCodeLocationDescription, SnapshotDetails, SnapshotStatus,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::{AwsFlink, AwsMetrics};
use kinetic::domain::app_metrics::lag_filter;
use kinetic::domain::{AppStatus, Direction, OperationStatus as Status, PortError};
use kinetic::ports::{FlinkPort, MetricsPort};

fn summary(name: &str, status: ApplicationStatus) -> ApplicationSummary {
    ApplicationSummary::builder()
        .application_name(name)
        .application_arn(format!(
            "arn:aws:kinesisanalytics:eu-west-1:1:application/{name}"
        ))
        .application_status(status)
        .application_version_id(3)
        .runtime_environment(RuntimeEnvironment::Flink120)
        .build()
        .unwrap()
}

fn detail(version: i64) -> ApplicationDetail {
    detail_with_token(version, "token-3")
}

fn detail_with_token(version: i64, token: &str) -> ApplicationDetail {
    let config = ApplicationConfigurationDescription::builder()
        .application_code_configuration_description(
            ApplicationCodeConfigurationDescription::builder()
                .code_content_type(CodeContentType::Zipfile)
                .code_content_description(
                    CodeContentDescription::builder()
                        .s3_application_code_location_description(
                            S3ApplicationCodeLocationDescription::builder()
                                .bucket_arn("arn:aws:s3:::artifacts")
                                .file_key("app/app-1.2.jar")
                                .object_version("v123")
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .flink_application_configuration_description(
            FlinkApplicationConfigurationDescription::builder()
                .checkpoint_configuration_description(
                    CheckpointConfigurationDescription::builder()
                        .checkpointing_enabled(true)
                        .checkpoint_interval(30_000)
                        .build(),
                )
                .parallelism_configuration_description(
                    ParallelismConfigurationDescription::builder()
                        .parallelism(6)
                        .parallelism_per_kpu(2)
                        .current_parallelism(6)
                        .auto_scaling_enabled(true)
                        .build(),
                )
                .build(),
        )
        .environment_property_descriptions(
            EnvironmentPropertyDescriptions::builder()
                .property_group_descriptions(
                    PropertyGroup::builder()
                        .property_group_id("ConsumerConfigProperties")
                        .property_map("input.stream.name", "orders")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .build();
    ApplicationDetail::builder()
        .application_arn("arn:aws:kinesisanalytics:eu-west-1:1:application/enricher")
        .application_name("enricher")
        .runtime_environment(RuntimeEnvironment::Flink120)
        .application_status(ApplicationStatus::Running)
        .application_version_id(version)
        .application_version_updated_from(version - 1)
        .conditional_token(token)
        .application_configuration_description(config)
        .build()
        .unwrap()
}

#[tokio::test]
async fn list_applications_follows_every_page() {
    let first = mock!(Client::list_applications)
        .match_requests(|r| r.next_token().is_none() && r.limit() == Some(50))
        .then_output(|| {
            ListApplicationsOutput::builder()
                .application_summaries(summary("a", ApplicationStatus::Running))
                .next_token("p2")
                .build()
                .unwrap()
        });
    let second = mock!(Client::list_applications)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(|| {
            ListApplicationsOutput::builder()
                .application_summaries(summary("b", ApplicationStatus::Ready))
                .build()
                .unwrap()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&first, &second]
    );
    let apps = AwsFlink::new(client).list_applications().await.unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[1].status, AppStatus::Ready);
    assert_eq!(apps[0].runtime, "FLINK-1_20");
    assert_eq!(apps[0].version_id, 3);
}

#[tokio::test]
async fn throttling_on_list_applications_is_reported_as_throttling() {
    let rule = mock!(Client::list_applications).then_error(|| {
        ListApplicationsError::generic(
            ErrorMetadata::builder()
                .code("ThrottlingException")
                .message("Rate exceeded")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let error = AwsFlink::new(client).list_applications().await.unwrap_err();
    assert_eq!(
        error,
        PortError::Throttled {
            api: "ListApplications".into()
        }
    );
}

#[tokio::test]
async fn describe_application_maps_code_checkpoints_parallelism_and_streams() {
    let rule = mock!(Client::describe_application)
        .match_requests(|r| r.application_name() == Some("enricher"))
        .then_output(|| {
            DescribeApplicationOutput::builder()
                .application_detail(detail(3))
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let app = AwsFlink::new(client)
        .describe_application("enricher")
        .await
        .unwrap();
    assert_eq!(app.version_id, 3);
    assert_eq!(app.updated_from, Some(2));
    assert_eq!(app.conditional_token.as_deref(), Some("token-3"));
    let code = app.code.as_ref().unwrap();
    assert_eq!(
        (code.file_key.as_str(), code.object_version.as_deref()),
        ("app/app-1.2.jar", Some("v123"))
    );
    assert_eq!(app.checkpoint.as_ref().unwrap().interval_ms, 30_000);
    assert_eq!(app.kpus(), Some(3));
    assert_eq!(app.streams(), [(Direction::Reads, "orders".to_string())]);
}

#[tokio::test]
async fn an_unknown_application_is_not_found() {
    let rule = mock!(Client::describe_application).then_error(|| {
        // The SDK's deserializer fills the metadata (code, message) from the response.
        DescribeApplicationError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message("Application ghost not found")
                .meta(
                    ErrorMetadata::builder()
                        .code("ResourceNotFoundException")
                        .message("Application ghost not found")
                        .build(),
                )
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let error = AwsFlink::new(client)
        .describe_application("ghost")
        .await
        .unwrap_err();
    assert_eq!(
        error,
        PortError::NotFound {
            resource: "application ghost".into()
        }
    );
    assert!(
        error
            .to_string()
            .contains("application ghost was not found")
    );
}

#[tokio::test]
async fn versions_are_paged_and_sorted_newest_first_and_one_version_is_described() {
    let first = mock!(Client::list_application_versions)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            ListApplicationVersionsOutput::builder()
                .application_version_summaries(
                    ApplicationVersionSummary::builder()
                        .application_version_id(1)
                        .application_status(ApplicationStatus::Ready)
                        .build()
                        .unwrap(),
                )
                .next_token("more")
                .build()
        });
    let second = mock!(Client::list_application_versions)
        .match_requests(|r| r.next_token() == Some("more"))
        .then_output(|| {
            ListApplicationVersionsOutput::builder()
                .application_version_summaries(
                    ApplicationVersionSummary::builder()
                        .application_version_id(2)
                        .application_status(ApplicationStatus::Running)
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let describe = mock!(Client::describe_application_version)
        .match_requests(|r| r.application_version_id() == Some(2))
        .then_output(|| {
            DescribeApplicationVersionOutput::builder()
                .application_version_detail(detail(2))
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&first, &second, &describe]
    );
    let flink = AwsFlink::new(client);
    let versions = flink.list_versions("enricher").await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version_id).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(
        flink
            .describe_version("enricher", 2)
            .await
            .unwrap()
            .version_id,
        2
    );
}

#[tokio::test]
async fn snapshots_are_paged_with_status_version_and_time() {
    let snapshot = |name: &str, status: SnapshotStatus, secs: i64| {
        SnapshotDetails::builder()
            .snapshot_name(name)
            .snapshot_status(status)
            .application_version_id(2)
            .snapshot_creation_timestamp(DateTime::from_secs(secs))
            .build()
            .unwrap()
    };
    let first = mock!(Client::list_application_snapshots)
        .match_requests(|r| r.next_token().is_none() && r.limit() == Some(50))
        .then_output(move || {
            ListApplicationSnapshotsOutput::builder()
                .snapshot_summaries(snapshot("old", SnapshotStatus::Ready, 1_000))
                .next_token("p2")
                .build()
        });
    let second = mock!(Client::list_application_snapshots)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(move || {
            ListApplicationSnapshotsOutput::builder()
                .snapshot_summaries(snapshot("new", SnapshotStatus::Failed, 2_000))
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&first, &second]
    );
    let snapshots = AwsFlink::new(client)
        .list_snapshots("enricher")
        .await
        .unwrap();
    assert_eq!(snapshots[0].name, "new");
    assert_eq!(snapshots[0].status, "FAILED");
    assert_eq!(snapshots[1].version_id, 2);
}

#[tokio::test]
async fn operations_are_paged_and_a_failed_one_carries_its_error_string() {
    let info = |id: &str, status: OperationStatus, secs: i64| {
        ApplicationOperationInfo::builder()
            .operation_id(id)
            .operation("UpdateApplication")
            .operation_status(status)
            .start_time(DateTime::from_secs(secs))
            .build()
    };
    let first = mock!(Client::list_application_operations)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            ListApplicationOperationsOutput::builder()
                .application_operation_info_list(info("op-1", OperationStatus::Successful, 1_000))
                .next_token("p2")
                .build()
        });
    let second = mock!(Client::list_application_operations)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(move || {
            ListApplicationOperationsOutput::builder()
                .application_operation_info_list(info("op-2", OperationStatus::Failed, 2_000))
                .build()
        });
    let describe = mock!(Client::describe_application_operation)
        .match_requests(|r| r.operation_id() == Some("op-2"))
        .then_output(|| {
            DescribeApplicationOperationOutput::builder()
                .application_operation_info_details(
                    ApplicationOperationInfoDetails::builder()
                        .operation("UpdateApplication")
                        .start_time(DateTime::from_secs(2_000))
                        .end_time(DateTime::from_secs(2_600))
                        .operation_status(OperationStatus::Failed)
                        .application_version_change_details(
                            ApplicationVersionChangeDetails::builder()
                                .application_version_updated_from(3)
                                .application_version_updated_to(4)
                                .build()
                                .unwrap(),
                        )
                        .operation_failure_details(
                            OperationFailureDetails::builder()
                                .rollback_operation_id("op-3")
                                .error_info(
                                    ErrorInfo::builder()
                                        .error_string("ClassNotFoundException: com.acme.Job")
                                        .build(),
                                )
                                .build(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let client = mock_client!(
        aws_sdk_kinesisanalyticsv2,
        RuleMode::Sequential,
        [&first, &second, &describe]
    );
    let flink = AwsFlink::new(client);
    let ops = flink.list_operations("enricher").await.unwrap();
    assert_eq!(
        ops.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        ["op-2", "op-1"]
    );
    let failed = flink.describe_operation("enricher", "op-2").await.unwrap();
    assert_eq!(failed.summary.status, Status::Failed);
    assert_eq!((failed.updated_from, failed.updated_to), (Some(3), Some(4)));
    assert_eq!(failed.rollback_operation_id.as_deref(), Some("op-3"));
    assert!(failed.error.unwrap().contains("ClassNotFoundException"));
}

#[tokio::test]
async fn lag_dimensions_are_discovered_with_list_metrics_across_pages() {
    use aws_sdk_cloudwatch::operation::list_metrics::ListMetricsOutput;
    use aws_sdk_cloudwatch::types::{Dimension, Metric};
    let metric = |id: &str| {
        Metric::builder()
            .namespace("AWS/KinesisAnalytics")
            .metric_name("millisBehindLatest")
            .dimensions(
                Dimension::builder()
                    .name("Application")
                    .value("enricher")
                    .build(),
            )
            .dimensions(Dimension::builder().name("Flow").value("Input").build())
            .dimensions(Dimension::builder().name("Id").value(id).build())
            .build()
    };
    let first = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(|r| {
            r.namespace() == Some("AWS/KinesisAnalytics")
                && r.metric_name() == Some("millisBehindLatest")
                && r.dimensions()
                    .iter()
                    .any(|d| d.name() == Some("Application") && d.value() == Some("enricher"))
                && r.next_token().is_none()
        })
        .then_output(move || {
            ListMetricsOutput::builder()
                .metrics(metric("orders"))
                .next_token("p2")
                .build()
        });
    let second = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(move || {
            ListMetricsOutput::builder()
                .metrics(metric("payments"))
                .build()
        });
    let client = mock_client!(aws_sdk_cloudwatch, RuleMode::Sequential, [&first, &second]);
    let found = AwsMetrics::new(client)
        .list_metrics(&lag_filter("enricher"))
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[1].dimensions[2],
        ("Id".to_string(), "payments".to_string())
    );
    assert_eq!(found[0].metric, "millisBehindLatest");
}

#[tokio::test]
async fn flink_metric_queries_use_the_application_dimension_and_the_runtime_restart_metric() {
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use kinetic::domain::app_metrics::AppMetric;
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| {
            let names: Vec<&str> = r
                .metric_data_queries()
                .iter()
                .filter_map(|q| q.metric_stat()?.metric()?.metric_name())
                .collect();
            r.metric_data_queries().iter().all(|q| {
                let metric = q.metric_stat().and_then(|s| s.metric()).unwrap();
                metric.namespace() == Some("AWS/KinesisAnalytics")
                    && metric.dimensions()[0].name() == Some("Application")
                    && metric.dimensions()[0].value() == Some("trainer")
            }) && names.contains(&"numRestarts")
                && !names.contains(&"fullRestarts")
                && names.contains(&"numberOfFailedCheckpoints")
                && names.contains(&"lastCheckpointDuration")
        })
        .then_output(|| GetMetricDataOutput::builder().build());
    let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
    let queries: Vec<_> = AppMetric::ALL
        .iter()
        .map(|m| m.query("trainer", "FLINK-2_2"))
        .collect();
    let window = kinetic::domain::MetricWindow::last_minutes(
        kinetic::domain::time::from_epoch_secs(1_795_262_400),
        60,
    );
    AwsMetrics::new(client)
        .get_metrics(&queries, window)
        .await
        .unwrap();
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn the_dashboard_link_is_a_presigned_flink_dashboard_url() {
    use aws_sdk_kinesisanalyticsv2::operation::create_application_presigned_url::CreateApplicationPresignedUrlOutput;
    let rule = mock!(aws_sdk_kinesisanalyticsv2::Client::create_application_presigned_url)
        .match_requests(|r| {
            r.application_name() == Some("orders-enricher")
                && r.url_type()
                    == Some(&aws_sdk_kinesisanalyticsv2::types::UrlType::FlinkDashboardUrl)
                // An hour's session: a token that leaks is dead soon.
                && r.session_expiration_duration_in_seconds() == Some(3_600)
        })
        .then_output(|| {
            CreateApplicationPresignedUrlOutput::builder()
                .authorized_url("https://dashboard.example/orders-enricher?authToken=t")
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let url = kinetic::aws::AwsFlink::new(client)
        .dashboard_url("orders-enricher")
        .await
        .unwrap();
    assert_eq!(
        url.expose(),
        "https://dashboard.example/orders-enricher?authToken=t"
    );
    // Shown or logged, the URL has no token.
    assert_eq!(
        format!("{url} {url:?}"),
        "https://dashboard.example/orders-enricher?authToken=… PresignedUrl(https://dashboard.example/orders-enricher?authToken=…)"
    );
}

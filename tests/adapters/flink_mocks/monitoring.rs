//! What an application reports to CloudWatch and when AWS maintains it, as AWS describes and
//! receives them (aws-smithy-mocks): the metrics level and maintenance window read, a metrics
//! level sent as a CUSTOM MonitoringConfigurationUpdate that keeps the log level, and the
//! window's start sent with UpdateApplicationMaintenanceConfiguration; AWS's refusal a sentence.
use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::operation::describe_application::DescribeApplicationOutput;
use aws_sdk_kinesisanalyticsv2::operation::update_application::UpdateApplicationOutput;
use aws_sdk_kinesisanalyticsv2::operation::update_application_maintenance_configuration::{
    UpdateApplicationMaintenanceConfigurationError, UpdateApplicationMaintenanceConfigurationOutput,
};
use aws_sdk_kinesisanalyticsv2::types::{
    ApplicationConfigurationDescription, ApplicationDetail,
    ApplicationMaintenanceConfigurationDescription, ApplicationStatus, ConfigurationType,
    FlinkApplicationConfigurationDescription, LogLevel, MetricsLevel as SdkLevel,
    MonitoringConfigurationDescription, RuntimeEnvironment,
};
use aws_smithy_mocks::{mock, mock_client};
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::AwsFlink;
use kinetic::domain::monitoring::MetricsLevel;
use kinetic::domain::{AppUpdate, MonitoringChange, PortError, Restore};
use kinetic::ports::{FlinkOpsPort, FlinkPort};

fn described() -> ApplicationDetail {
    ApplicationDetail::builder()
        .application_arn("arn:aws:kinesisanalytics:eu-west-1:1:application/enricher")
        .application_name("enricher")
        .runtime_environment(RuntimeEnvironment::Flink120)
        .application_status(ApplicationStatus::Running)
        .application_version_id(3)
        .application_configuration_description(
            ApplicationConfigurationDescription::builder()
                .flink_application_configuration_description(
                    FlinkApplicationConfigurationDescription::builder()
                        .monitoring_configuration_description(
                            MonitoringConfigurationDescription::builder()
                                .configuration_type(ConfigurationType::Custom)
                                .metrics_level(SdkLevel::Operator)
                                .log_level(LogLevel::Warn)
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .application_maintenance_configuration_description(
            ApplicationMaintenanceConfigurationDescription::builder()
                .application_maintenance_window_start_time("03:00")
                .application_maintenance_window_end_time("11:00")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_metrics_level_and_the_maintenance_window_are_read_from_describe_application() {
    let rule = mock!(Client::describe_application).then_output(|| {
        DescribeApplicationOutput::builder()
            .application_detail(described())
            .build()
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let app = AwsFlink::new(client)
        .describe_application("enricher")
        .await
        .unwrap();
    assert_eq!(app.metrics_level(), MetricsLevel::Operator);
    let monitoring = app.monitoring.unwrap();
    assert_eq!(monitoring.configuration_type, "CUSTOM");
    assert_eq!(monitoring.log_level.as_deref(), Some("WARN"));
    assert_eq!(app.maintenance.unwrap().to_string(), "03:00–11:00 UTC");
}

#[tokio::test]
async fn a_metrics_level_goes_out_as_a_custom_monitoring_update_that_keeps_the_log_level() {
    let rule = mock!(Client::update_application)
        .match_requests(|r| {
            let flink = r
                .application_configuration_update()
                .and_then(|c| c.flink_application_configuration_update());
            let monitoring = flink.and_then(|f| f.monitoring_configuration_update());
            r.conditional_token() == Some("token-3")
                && flink.is_some_and(|f| f.parallelism_configuration_update().is_none())
                && monitoring.and_then(|m| m.configuration_type_update())
                    == Some(&ConfigurationType::Custom)
                && monitoring.and_then(|m| m.metrics_level_update()) == Some(&SdkLevel::Task)
                && monitoring.and_then(|m| m.log_level_update()) == Some(&LogLevel::Warn)
                // AllowNonRestoredState always goes out.
                && r.run_configuration_update()
                    .and_then(|u| u.flink_run_configuration())
                    .and_then(|f| f.allow_non_restored_state())
                    == Some(false)
        })
        .then_output(|| {
            UpdateApplicationOutput::builder()
                .operation_id("op-level")
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&rule]);
    let update = AppUpdate {
        expected_version: 3,
        code: None,
        parallelism: None,
        runtime: None,
        properties: None,
        restore: Restore::Latest,
        allow_non_restored_state: false,
        monitoring: Some(MonitoringChange {
            metrics_level: MetricsLevel::Task,
            log_level: "WARN".into(),
        }),
    };
    let id = AwsFlink::new(client)
        .ops()
        .update_application("enricher", "token-3", &update)
        .await
        .unwrap();
    assert_eq!(id.as_deref(), Some("op-level"));
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn the_maintenance_window_start_is_sent_and_a_busy_application_refused_in_a_sentence() {
    let moved = mock!(Client::update_application_maintenance_configuration)
        .match_requests(|r| {
            r.application_name() == Some("enricher")
                && r.application_maintenance_configuration_update()
                    .map(|u| u.application_maintenance_window_start_time_update())
                    == Some("22:30")
        })
        .then_output(|| {
            UpdateApplicationMaintenanceConfigurationOutput::builder()
                .application_arn("arn:aws:kinesisanalytics:eu-west-1:1:application/enricher")
                .application_maintenance_configuration_description(
                    ApplicationMaintenanceConfigurationDescription::builder()
                        .application_maintenance_window_start_time("22:30")
                        .application_maintenance_window_end_time("06:30")
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&moved]);
    let window = AwsFlink::new(client)
        .ops()
        .update_maintenance_window("enricher", "22:30")
        .await
        .unwrap();
    assert_eq!(window.to_string(), "22:30–06:30 UTC");

    let busy = mock!(Client::update_application_maintenance_configuration).then_error(|| {
        UpdateApplicationMaintenanceConfigurationError::ResourceInUseException(
            aws_sdk_kinesisanalyticsv2::types::error::ResourceInUseException::builder()
                .message("Application enricher is in UPDATING state")
                .meta(
                    ErrorMetadata::builder()
                        .code("ResourceInUseException")
                        .message("Application enricher is in UPDATING state")
                        .build(),
                )
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesisanalyticsv2, [&busy]);
    let refused = AwsFlink::new(client)
        .ops()
        .update_maintenance_window("enricher", "22:30")
        .await
        .unwrap_err();
    assert!(
        matches!(refused, PortError::ResourceInUse { .. }),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("UPDATING"), "{refused}");
}

/// The tasks are the `Application` + `Task` dimension sets ListMetrics names (the operator
/// level's extra dimension is ignored, not guessed), read in one GetMetricData: three metrics
/// a task, each by its task.
#[tokio::test]
async fn the_task_history_is_discovered_with_list_metrics_and_read_in_one_call() {
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use aws_sdk_cloudwatch::operation::list_metrics::ListMetricsOutput;
    use aws_sdk_cloudwatch::types::{Dimension, Metric};
    let metric = |dims: &[(&str, &str)]| {
        let mut m = Metric::builder()
            .namespace("AWS/KinesisAnalytics")
            .metric_name("busyTimeMsPerSecond");
        for (name, value) in dims {
            m = m.dimensions(Dimension::builder().name(*name).value(*value).build());
        }
        m.build()
    };
    let listed = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(|r| {
            r.namespace() == Some("AWS/KinesisAnalytics")
                && r.metric_name() == Some("busyTimeMsPerSecond")
                && r.dimensions()
                    .iter()
                    .any(|d| d.name() == Some("Application") && d.value() == Some("enricher"))
        })
        .then_output(move || {
            ListMetricsOutput::builder()
                .metrics(metric(&[
                    ("Application", "enricher"),
                    ("Task", "Source:_orders"),
                ]))
                .metrics(metric(&[
                    ("Application", "enricher"),
                    ("Task", "Sink:_payments"),
                ]))
                .metrics(metric(&[
                    ("Application", "enricher"),
                    ("Task", "Sink:_payments"),
                    ("Operator", "whatever-it-is-called"),
                ]))
                .build()
        });
    let read = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| {
            let queries = r.metric_data_queries();
            queries.len() == 6
                && queries.iter().all(|q| {
                    let dims = q
                        .metric_stat()
                        .and_then(|s| s.metric())
                        .unwrap()
                        .dimensions();
                    dims.len() == 2 && dims[1].name() == Some("Task")
                })
        })
        .then_output(|| GetMetricDataOutput::builder().build());
    let client = mock_client!(
        aws_sdk_cloudwatch,
        aws_smithy_mocks::RuleMode::MatchAny,
        [&listed, &read]
    );
    let history = kinetic::app::effects::reads::task_history(
        &kinetic::aws::AwsMetrics::new(client),
        "enricher",
        kinetic::domain::time::from_epoch_secs(1_795_262_400),
    )
    .await
    .unwrap();
    let tasks: Vec<String> = history.tasks.iter().map(|t| t.name()).collect();
    assert_eq!(tasks, ["Sink: payments", "Source: orders"]);
    assert_eq!((listed.num_calls(), read.num_calls()), (1, 1));
}

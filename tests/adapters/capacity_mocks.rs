//! The on-demand capacity calls with aws-smithy-mocks: request shapes, the account's mode read
//! from each status, and the errors an operator meets (not on-demand, not Advantage, out of
//! range, in use, over the call rate) as sentences.
use aws_sdk_kinesis::operation::describe_account_settings::DescribeAccountSettingsOutput;
use aws_sdk_kinesis::operation::update_account_settings::UpdateAccountSettingsOutput;
use aws_sdk_kinesis::operation::update_max_record_size::UpdateMaxRecordSizeOutput;
use aws_sdk_kinesis::operation::update_stream_record_distribution_strategy::UpdateStreamRecordDistributionStrategyOutput;
use aws_sdk_kinesis::operation::update_stream_warm_throughput::{
    UpdateStreamWarmThroughputError, UpdateStreamWarmThroughputOutput,
};
use aws_sdk_kinesis::types::{
    MinimumThroughputBillingCommitmentInputStatus as InputStatus,
    MinimumThroughputBillingCommitmentOutput,
    MinimumThroughputBillingCommitmentOutputStatus as OutputStatus, RecordDistributionStrategy,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::{AwsStreamOps, AwsStreams};
use kinetic::domain::PortError;
use kinetic::domain::capacity::{Advantage, Distribution};
use kinetic::ports::{StreamOpsPort, StreamsPort};

fn commitment(status: OutputStatus) -> MinimumThroughputBillingCommitmentOutput {
    MinimumThroughputBillingCommitmentOutput::builder()
        .status(status)
        .started_at(DateTime::from_secs(1_795_000_000))
        .earliest_allowed_end_at(DateTime::from_secs(1_795_086_400))
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_account_mode_is_read_from_each_commitment_status() {
    let enabled = mock!(aws_sdk_kinesis::Client::describe_account_settings).then_output(|| {
        DescribeAccountSettingsOutput::builder()
            .minimum_throughput_billing_commitment(commitment(OutputStatus::Enabled))
            .build()
    });
    let ending = mock!(aws_sdk_kinesis::Client::describe_account_settings).then_output(|| {
        DescribeAccountSettingsOutput::builder()
            .minimum_throughput_billing_commitment(commitment(
                OutputStatus::EnabledUntilEarliestAllowedEnd,
            ))
            .build()
    });
    let never = mock!(aws_sdk_kinesis::Client::describe_account_settings)
        .then_output(|| DescribeAccountSettingsOutput::builder().build());
    let client = mock_client!(
        aws_sdk_kinesis,
        RuleMode::Sequential,
        [&enabled, &ending, &never]
    );
    let streams = AwsStreams::new(client);
    let on = streams.describe_account_settings().await.unwrap();
    assert!(
        matches!(
            on,
            Advantage::On {
                earliest_end: Some(_),
                ..
            }
        ),
        "{on:?}"
    );
    let ending = streams.describe_account_settings().await.unwrap();
    assert!(
        ending.label().starts_with("Advantage until 2026-11-19"),
        "{}",
        ending.label()
    );
    assert_eq!(
        streams.describe_account_settings().await.unwrap(),
        Advantage::Off
    );
}

#[tokio::test]
async fn each_lever_sends_the_documented_request() {
    let warm = mock!(aws_sdk_kinesis::Client::update_stream_warm_throughput)
        .match_requests(|r| {
            r.stream_name() == Some("checkout-events") && r.warm_throughput_mibps() == Some(30)
        })
        .then_output(|| UpdateStreamWarmThroughputOutput::builder().build());
    let account = mock!(aws_sdk_kinesis::Client::update_account_settings)
        .match_requests(|r| {
            r.minimum_throughput_billing_commitment()
                .is_some_and(|c| c.status() == &InputStatus::Disabled)
        })
        .then_output(|| {
            UpdateAccountSettingsOutput::builder()
                .minimum_throughput_billing_commitment(commitment(
                    OutputStatus::EnabledUntilEarliestAllowedEnd,
                ))
                .build()
        });
    let distribution = mock!(aws_sdk_kinesis::Client::update_stream_record_distribution_strategy)
        .match_requests(|r| {
            r.stream_arn() == Some("arn:s")
                && r.record_distribution_strategy() == Some(&RecordDistributionStrategy::Auto)
        })
        .then_output(|| UpdateStreamRecordDistributionStrategyOutput::builder().build());
    let size = mock!(aws_sdk_kinesis::Client::update_max_record_size)
        .match_requests(|r| {
            r.stream_arn() == Some("arn:s") && r.max_record_size_in_kib() == Some(4096)
        })
        .then_output(|| UpdateMaxRecordSizeOutput::builder().build());
    let client = mock_client!(
        aws_sdk_kinesis,
        RuleMode::MatchAny,
        [&warm, &account, &distribution, &size]
    );
    let ops = AwsStreamOps::new(client);
    ops.update_warm_throughput("checkout-events", 30)
        .await
        .unwrap();
    let after = ops.update_advantage(false).await.unwrap();
    assert!(
        matches!(after, Advantage::Ending { ends: Some(_) }),
        "{after:?}"
    );
    ops.update_distribution("arn:s", Distribution::Auto)
        .await
        .unwrap();
    ops.update_max_record_size("arn:s", 4096).await.unwrap();
    assert_eq!(warm.num_calls(), 1);
    assert_eq!(account.num_calls(), 1);
    assert_eq!(distribution.num_calls(), 1);
    assert_eq!(size.num_calls(), 1);
}

async fn warm_error(code: &'static str, message: &'static str) -> PortError {
    let rule =
        mock!(aws_sdk_kinesis::Client::update_stream_warm_throughput).then_error(move || {
            UpdateStreamWarmThroughputError::generic(
                ErrorMetadata::builder().code(code).message(message).build(),
            )
        });
    let client = mock_client!(aws_sdk_kinesis, RuleMode::MatchAny, [&rule]);
    AwsStreamOps::new(client)
        .update_warm_throughput("checkout-events", 30)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn the_errors_an_operator_meets_are_sentences() {
    let provisioned = warm_error(
        "InvalidArgumentException",
        "Warm throughput is only supported for on-demand streams",
    )
    .await;
    assert!(
        matches!(provisioned, PortError::InvalidArgument { .. }),
        "{provisioned:?}"
    );
    assert!(
        provisioned.to_string().contains("on-demand"),
        "{provisioned}"
    );
    let not_advantage = warm_error(
        "InvalidArgumentException",
        "MinimumThroughputBillingCommitment is not enabled for this account",
    )
    .await;
    assert!(
        not_advantage
            .to_string()
            .contains("MinimumThroughputBillingCommitment"),
        "{not_advantage}"
    );
    let in_use = warm_error(
        "ResourceInUseException",
        "Stream checkout-events is UPDATING",
    )
    .await;
    assert!(
        matches!(in_use, PortError::ResourceInUse { .. }),
        "{in_use:?}"
    );
    let rate = warm_error("LimitExceededException", "Rate exceeded").await;
    assert!(
        matches!(
            rate,
            PortError::Throttled { .. } | PortError::LimitExceeded { .. }
        ),
        "{rate:?}"
    );
    for error in [provisioned, not_advantage, in_use, rate] {
        let text = error.to_string();
        assert!(!text.contains("Some(") && !text.contains("{ "), "{text}");
    }
}

#[tokio::test]
async fn channels_are_listed_described_and_their_freshness_sent_to_the_right_destination() {
    use aws_sdk_kinesis::operation::describe_channel::DescribeChannelOutput;
    use aws_sdk_kinesis::operation::list_channels::ListChannelsOutput;
    use aws_sdk_kinesis::operation::update_channel::UpdateChannelOutput;
    use aws_sdk_kinesis::types::{
        ChannelDescription, ChannelDestinationType, ChannelStatus, ChannelStreamIdentifier,
        ChannelSummary, S3TablesConfiguration, S3TablesDestinationDescription,
    };
    use kinetic::domain::channel::Destination;

    let summary = |name: &str, status: ChannelStatus, kind: ChannelDestinationType| {
        ChannelSummary::builder()
            .channel_name(name)
            .channel_arn(format!("arn:c/{name}"))
            .channel_id(name)
            .channel_status(status)
            .channel_creation_timestamp(DateTime::from_secs(1_795_000_000))
            .channel_destination_type(kind)
            .streams(
                ChannelStreamIdentifier::builder()
                    .stream_arn("arn:s")
                    .stream_creation_timestamp(DateTime::from_secs(1_700_000_000))
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    };
    let first = mock!(aws_sdk_kinesis::Client::list_channels).then_output(move || {
        ListChannelsOutput::builder()
            .channel_summaries(summary(
                "to-s3",
                ChannelStatus::Active,
                ChannelDestinationType::S3,
            ))
            .next_token("page-2")
            .build()
            .unwrap()
    });
    let second = mock!(aws_sdk_kinesis::Client::list_channels)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_output(move || {
            let mut failed = summary(
                "to-iceberg",
                ChannelStatus::Failed,
                ChannelDestinationType::S3Tables,
            );
            failed.channel_status_reason = Some("table deleted".into());
            ListChannelsOutput::builder()
                .channel_summaries(failed)
                .build()
                .unwrap()
        });
    let describe = mock!(aws_sdk_kinesis::Client::describe_channel)
        .match_requests(|r| r.channel_arn() == Some("arn:c/to-iceberg"))
        .then_output(|| {
            DescribeChannelOutput::builder()
                .channel_description(
                    ChannelDescription::builder()
                        .channel_name("to-iceberg")
                        .channel_arn("arn:c/to-iceberg")
                        .channel_id("to-iceberg")
                        .channel_status(ChannelStatus::Failed)
                        .channel_creation_timestamp(DateTime::from_secs(1_795_000_000))
                        .service_execution_role_arn("arn:role")
                        .set_stream_configuration_list(Some(Vec::new()))
                        .s3_tables_destination_configuration(
                            S3TablesDestinationDescription::builder()
                                .data_freshness_in_seconds(600)
                                .s3_tables_configuration_list(
                                    S3TablesConfiguration::builder()
                                        .table_bucket_arn("arn:tables")
                                        .namespace("ledger")
                                        .table_name("entries")
                                        .compression_type(
                                            aws_sdk_kinesis::types::S3TablesCompressionType::Zstd,
                                        )
                                        .build()
                                        .unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build()
                        .unwrap(),
                )
                .build()
        });
    let update = mock!(aws_sdk_kinesis::Client::update_channel)
        .match_requests(|r| {
            r.channel_arn() == Some("arn:c/to-iceberg")
                && r.s3_tables_destination_configuration()
                    .is_some_and(|c| c.data_freshness_in_seconds() == 900)
                && r.s3_destination_configuration().is_none()
        })
        .then_output(|| UpdateChannelOutput::builder().build());
    let client = mock_client!(
        aws_sdk_kinesis,
        RuleMode::MatchAny,
        [&second, &first, &describe, &update]
    );
    let streams = AwsStreams::new(client.clone());
    let channels = streams.list_channels().await.unwrap();
    assert_eq!(channels.len(), 2, "both pages: {channels:?}");
    assert!(channels[1].failed());
    assert_eq!(channels[1].status_text(), "FAILED: table deleted");
    let described = streams.describe_channel("arn:c/to-iceberg").await.unwrap();
    assert_eq!(described.freshness_secs, Some(600));
    assert_eq!(
        described.destination,
        Destination::Iceberg {
            tables: vec!["ledger.entries".into()]
        }
    );
    AwsStreamOps::new(client)
        .update_channel_freshness(&described, 900)
        .await
        .unwrap();
    assert_eq!(update.num_calls(), 1);
}

#[tokio::test]
async fn a_record_size_out_of_range_is_said_as_aws_says_it() {
    use aws_sdk_kinesis::operation::update_max_record_size::UpdateMaxRecordSizeError;
    let rule = mock!(aws_sdk_kinesis::Client::update_max_record_size).then_error(|| {
        UpdateMaxRecordSizeError::generic(
            ErrorMetadata::builder()
                .code("InvalidArgumentException")
                .message("MaxRecordSizeInKiB must be between 1024 and 10240")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesis, RuleMode::MatchAny, [&rule]);
    let range = AwsStreamOps::new(client)
        .update_max_record_size(
            "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
            20_000,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(range, PortError::InvalidArgument { .. }),
        "{range:?}"
    );
    assert!(range.to_string().contains("1024 and 10240"), "{range}");
}

/// Delivery metrics are found by the channel's name among the dimension values (their dimension
/// names are not documented where kinetic could confirm them); a channel no metric names has
/// none, and nothing is asked of GetMetricData for it.
#[tokio::test]
async fn delivery_metrics_are_found_by_the_channel_s_name_or_not_at_all() {
    use aws_sdk_cloudwatch::operation::list_metrics::ListMetricsOutput;
    use aws_sdk_cloudwatch::types::{Dimension, Metric};
    use kinetic::app::effects::reads::delivery_metrics;
    use kinetic::aws::AwsMetrics;
    use kinetic::domain::MetricWindow;
    use kinetic::domain::channel::{Channel, ChannelStatus, Destination};

    let listed = mock!(aws_sdk_cloudwatch::Client::list_metrics)
        .match_requests(|r| {
            r.namespace() == Some("AWS/Kinesis")
                && r.metric_name()
                    .is_some_and(|m| m.starts_with("DeliveryToS3."))
        })
        .then_output(|| {
            ListMetricsOutput::builder()
                .metrics(
                    Metric::builder()
                        .namespace("AWS/Kinesis")
                        .metric_name("DeliveryToS3.DataFreshness")
                        .dimensions(
                            Dimension::builder()
                                .name("SomeChannelDimension")
                                .value("other-channel")
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
    let never = mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_output(|| {
        aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput::builder().build()
    });
    let client = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, [&listed, &never]);
    let channel = Channel {
        name: "to-s3".into(),
        arn: "arn:c/to-s3".into(),
        streams: vec![],
        status: ChannelStatus::Active,
        reason: None,
        destination: Destination::S3 { bucket: None },
        freshness_secs: Some(300),
        created: None,
    };
    let now = kinetic::domain::time::from_epoch_secs(1_795_262_400);
    let found = delivery_metrics(
        &AwsMetrics::new(client),
        &channel,
        MetricWindow::last_minutes(now, 60),
    )
    .await
    .unwrap();
    assert_eq!(found, None, "no metric names to-s3");
    assert_eq!(never.num_calls(), 0);
}

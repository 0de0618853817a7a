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

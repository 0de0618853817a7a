//! The SDK clients of every service kinetic calls, built alike from one SDK configuration.
use super::retry::AnotherProtocolIsFinal;

/// The clients of every service kinetic calls, each with `AnotherProtocolIsFinal`.
pub struct Clients {
    pub kinesis: aws_sdk_kinesis::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub flink: aws_sdk_kinesisanalyticsv2::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub s3: aws_sdk_s3::Client,
}

impl Clients {
    /// Clients for `sdk`; with a custom endpoint S3 puts the bucket in the path, not the host.
    pub fn new(sdk: &aws_config::SdkConfig, custom_endpoint: bool) -> Self {
        Self {
            kinesis: aws_sdk_kinesis::Client::from_conf(
                aws_sdk_kinesis::config::Builder::from(sdk)
                    .retry_classifier(AnotherProtocolIsFinal)
                    .build(),
            ),
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                aws_sdk_cloudwatch::config::Builder::from(sdk)
                    .retry_classifier(AnotherProtocolIsFinal)
                    .build(),
            ),
            flink: aws_sdk_kinesisanalyticsv2::Client::from_conf(
                aws_sdk_kinesisanalyticsv2::config::Builder::from(sdk)
                    .retry_classifier(AnotherProtocolIsFinal)
                    .build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                aws_sdk_cloudwatchlogs::config::Builder::from(sdk)
                    .retry_classifier(AnotherProtocolIsFinal)
                    .build(),
            ),
            s3: aws_sdk_s3::Client::from_conf(
                aws_sdk_s3::config::Builder::from(sdk)
                    .force_path_style(custom_endpoint)
                    .retry_classifier(AnotherProtocolIsFinal)
                    .build(),
            ),
        }
    }
}

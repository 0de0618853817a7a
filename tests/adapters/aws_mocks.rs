//! Request shape, paging and error mapping of the SDK calls, with aws-smithy-mocks (no network).
use aws_sdk_cloudwatch::operation::get_metric_data::{GetMetricDataError, GetMetricDataOutput};
use aws_sdk_cloudwatch::types::MetricDataResult;
use aws_sdk_kinesis::operation::describe_stream_summary::DescribeStreamSummaryError;
use aws_sdk_kinesis::operation::list_shards::ListShardsOutput;
use aws_sdk_kinesis::operation::list_streams::ListStreamsOutput;
use aws_sdk_kinesis::types::{
    HashKeyRange, SequenceNumberRange, Shard, StreamStatus as SdkStatus, StreamSummary,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;
use aws_smithy_types::error::ErrorMetadata;
use kinetic::aws::{AwsMetrics, AwsStreams};
use kinetic::domain::time::from_epoch_secs;
use kinetic::domain::{MetricQuery, MetricWindow, PortError, StreamMetric};
use kinetic::ports::{MetricsPort, StreamsPort};

fn summary(name: &str) -> StreamSummary {
    StreamSummary::builder()
        .stream_name(name)
        .stream_arn(format!("arn:aws:kinesis:us-east-1:1:stream/{name}"))
        .stream_status(SdkStatus::Active)
        .build()
        .unwrap()
}

fn page(
    names: &[&str],
) -> aws_sdk_kinesis::operation::list_streams::builders::ListStreamsOutputBuilder {
    let mut builder = ListStreamsOutput::builder();
    for name in names {
        builder = builder
            .stream_names(name.to_string())
            .stream_summaries(summary(name));
    }
    builder
}

fn shard(id: &str, start: u128, end: u128) -> Shard {
    Shard::builder()
        .shard_id(id)
        .hash_key_range(
            HashKeyRange::builder()
                .starting_hash_key(start.to_string())
                .ending_hash_key(end.to_string())
                .build()
                .unwrap(),
        )
        .sequence_number_range(
            SequenceNumberRange::builder()
                .starting_sequence_number("1")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn list_streams_follows_next_token() {
    let first = mock!(aws_sdk_kinesis::Client::list_streams)
        .match_requests(|r| r.next_token().is_none() && r.limit() == Some(100))
        .then_output(|| {
            page(&["a", "b"])
                .has_more_streams(true)
                .next_token("page-2")
                .build()
                .unwrap()
        });
    let second = mock!(aws_sdk_kinesis::Client::list_streams)
        .match_requests(|r| {
            r.next_token() == Some("page-2") && r.exclusive_start_stream_name().is_none()
        })
        .then_output(|| page(&["c"]).has_more_streams(false).build().unwrap());
    let client = mock_client!(aws_sdk_kinesis, RuleMode::Sequential, [&first, &second]);
    let listings = AwsStreams::new(client).list_streams().await.unwrap();
    let names: Vec<&str> = listings.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(first.num_calls(), 1);
    assert_eq!(second.num_calls(), 1);
}

#[tokio::test]
async fn list_streams_falls_back_to_exclusive_start_name_without_a_token() {
    let first = mock!(aws_sdk_kinesis::Client::list_streams)
        .match_requests(|r| r.exclusive_start_stream_name().is_none())
        .then_output(|| page(&["a", "b"]).has_more_streams(true).build().unwrap());
    let second = mock!(aws_sdk_kinesis::Client::list_streams)
        .match_requests(|r| r.exclusive_start_stream_name() == Some("b"))
        .then_output(|| page(&["c"]).has_more_streams(false).build().unwrap());
    let client = mock_client!(aws_sdk_kinesis, RuleMode::Sequential, [&first, &second]);
    let listings = AwsStreams::new(client).list_streams().await.unwrap();
    assert_eq!(listings.len(), 3);
    assert_eq!(second.num_calls(), 1);
}

#[tokio::test]
async fn list_streams_stops_when_a_page_makes_no_progress() {
    // A service that says "more" forever with nothing new must not spin.
    let stuck = mock!(aws_sdk_kinesis::Client::list_streams)
        .then_output(|| page(&["a"]).has_more_streams(true).build().unwrap());
    let client = mock_client!(aws_sdk_kinesis, RuleMode::MatchAny, [&stuck]);
    let listings = AwsStreams::new(client).list_streams().await.unwrap();
    assert_eq!(listings.len(), 1);
    assert_eq!(stuck.num_calls(), 2);
}

#[tokio::test]
async fn list_shards_sends_the_token_without_the_stream_name() {
    let half = u128::MAX / 2;
    let first = mock!(aws_sdk_kinesis::Client::list_shards)
        .match_requests(|r| r.stream_name() == Some("orders") && r.next_token().is_none())
        .then_output(move || {
            ListShardsOutput::builder()
                .shards(shard("shardId-000000000000", 0, half))
                .next_token("t2")
                .build()
        });
    // AWS rejects StreamName together with NextToken: page two must carry the token alone.
    let second = mock!(aws_sdk_kinesis::Client::list_shards)
        .match_requests(|r| r.next_token() == Some("t2") && r.stream_name().is_none())
        .then_output(move || {
            ListShardsOutput::builder()
                .shards(shard("shardId-000000000001", half + 1, u128::MAX))
                .build()
        });
    let client = mock_client!(aws_sdk_kinesis, RuleMode::Sequential, [&first, &second]);
    let shards = AwsStreams::new(client).list_shards("orders").await.unwrap();
    assert_eq!(shards.len(), 2);
    assert!(shards[0].hash_range.is_adjacent(&shards[1].hash_range));
    assert_eq!(second.num_calls(), 1);
}

#[tokio::test]
async fn a_malformed_hash_key_is_an_error_not_a_panic() {
    let bad = mock!(aws_sdk_kinesis::Client::list_shards).then_output(|| {
        ListShardsOutput::builder()
            .shards(
                Shard::builder()
                    .shard_id("shardId-1")
                    .hash_key_range(
                        HashKeyRange::builder()
                            .starting_hash_key("not-a-number")
                            .ending_hash_key("5")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_kinesis, [&bad]);
    let error = AwsStreams::new(client).list_shards("s").await.unwrap_err();
    assert!(error.to_string().contains("not-a-number"), "{error}");
}

async fn summary_error(code: &'static str, message: &'static str) -> PortError {
    let rule = mock!(aws_sdk_kinesis::Client::describe_stream_summary).then_error(move || {
        DescribeStreamSummaryError::generic(
            ErrorMetadata::builder().code(code).message(message).build(),
        )
    });
    let client = mock_client!(aws_sdk_kinesis, [&rule]);
    AwsStreams::new(client)
        .describe_stream_summary("orders")
        .await
        .unwrap_err()
}

#[tokio::test]
async fn aws_errors_become_operator_sentences() {
    let throttled =
        summary_error("LimitExceededException", "Rate exceeded for stream orders").await;
    assert!(
        matches!(throttled, PortError::Throttled { .. }),
        "{throttled:?}"
    );
    assert!(throttled.to_string().contains("asks less often"));

    let expired = summary_error(
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )
    .await;
    assert!(
        matches!(expired, PortError::Credentials { .. }),
        "{expired:?}"
    );
    assert!(expired.to_string().contains("aws sso login"));

    let missing = summary_error("ResourceNotFoundException", "Stream orders not found").await;
    assert_eq!(
        missing,
        PortError::NotFound {
            resource: "stream orders".into()
        }
    );

    let busy = summary_error("ResourceInUseException", "Stream orders is UPDATING").await;
    assert!(matches!(busy, PortError::ResourceInUse { .. }));

    let denied = summary_error(
        "AccessDeniedException",
        "not authorized to perform kinesis:DescribeStreamSummary",
    )
    .await;
    assert!(denied.to_string().contains("IAM"), "{denied}");

    let other = summary_error("InternalFailure", "boom").await;
    assert_eq!(
        other.to_string(),
        "DescribeStreamSummary failed: InternalFailure: boom"
    );
}

fn window() -> MetricWindow {
    MetricWindow::last_minutes(from_epoch_secs(1_795_262_400), 60)
}

fn queries(count: usize) -> Vec<MetricQuery> {
    (0..count)
        .map(|i| StreamMetric::IncomingBytes.query(&format!("stream-{i}")))
        .collect()
}

#[tokio::test]
async fn metrics_are_batched_500_queries_per_call_and_mapped_back_by_id() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| r.metric_data_queries().len() <= 500)
        .then_compute_output(|request| {
            let results = request
                .metric_data_queries()
                .iter()
                .map(|q| {
                    let id = q.id().unwrap_or_default().to_string();
                    let index: f64 = id[1..].parse().unwrap();
                    MetricDataResult::builder()
                        .id(id)
                        .timestamps(DateTime::from_secs(1_795_262_340))
                        .timestamps(DateTime::from_secs(1_795_262_280))
                        .values(index)
                        .values(index + 0.5)
                        .build()
                })
                .collect::<Vec<_>>();
            GetMetricDataOutput::builder()
                .set_metric_data_results(Some(results))
                .build()
        });
    let client = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, [&rule]);
    let series = AwsMetrics::new(client)
        .get_metrics(&queries(1_200), window())
        .await
        .unwrap();
    assert_eq!(
        rule.num_calls(),
        3,
        "1,200 queries need exactly three calls"
    );
    assert_eq!(series.len(), 1_200);
    // Each series comes back sorted oldest first, under its own query.
    assert_eq!(series[1_199].points[0].1, 1_199.5);
    assert_eq!(series[1_199].latest(), Some(1_199.0));
    assert_eq!(series[0].points.len(), 2);
}

#[tokio::test]
async fn metrics_follow_next_token_and_merge_pages() {
    let first = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("q0")
                        .timestamps(DateTime::from_secs(60))
                        .values(1.0)
                        .build(),
                )
                .next_token("more")
                .build()
        });
    let second = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| r.next_token() == Some("more"))
        .then_output(|| {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    MetricDataResult::builder()
                        .id("q0")
                        .timestamps(DateTime::from_secs(120))
                        .values(2.0)
                        .build(),
                )
                .build()
        });
    let client = mock_client!(aws_sdk_cloudwatch, RuleMode::Sequential, [&first, &second]);
    let series = AwsMetrics::new(client)
        .get_metrics(&queries(1), window())
        .await
        .unwrap();
    assert_eq!(
        series[0].points.iter().map(|p| p.1).collect::<Vec<_>>(),
        [1.0, 2.0]
    );
}

#[tokio::test]
async fn metric_queries_carry_namespace_dimensions_stat_and_period() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data)
        .match_requests(|r| {
            let q = &r.metric_data_queries()[0];
            let stat = q.metric_stat().unwrap();
            let metric = stat.metric().unwrap();
            let dims: Vec<(&str, &str)> = metric
                .dimensions()
                .iter()
                .map(|d| (d.name().unwrap(), d.value().unwrap()))
                .collect();
            metric.namespace() == Some("AWS/Kinesis")
                && metric.metric_name() == Some("GetRecords.IteratorAgeMilliseconds")
                && dims
                    == [
                        ("StreamName", "orders"),
                        ("ShardId", "shardId-000000000001"),
                    ]
                && stat.stat() == Some("Maximum")
                && stat.period() == Some(60)
                && r.start_time().is_some()
        })
        .then_output(|| GetMetricDataOutput::builder().build());
    let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
    AwsMetrics::new(client)
        .get_metrics(
            &[StreamMetric::IteratorAge.shard_query("orders", "shardId-000000000001")],
            window(),
        )
        .await
        .unwrap();
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn cloudwatch_throttling_is_reported_as_throttling() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_error(|| {
        GetMetricDataError::generic(
            ErrorMetadata::builder()
                .code("Throttling")
                .message("Rate exceeded")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
    let error = AwsMetrics::new(client)
        .get_metrics(&queries(3), window())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        PortError::Throttled {
            api: "GetMetricData".into()
        }
    );
}

/// What moto (and a proxy's error page) answers to CloudWatch's current protocol: not an AWS
/// error, so no code. It must read as a question about the endpoint, not an SDK dump.
#[tokio::test]
async fn an_answer_that_is_not_cloudwatch_says_so_in_a_sentence() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_http_response(|| {
        aws_smithy_runtime_api::http::Response::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(404).unwrap(),
            aws_smithy_types::body::SdkBody::from("<!DOCTYPE html><title>404 Not Found</title>"),
        )
    });
    let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
    let error = AwsMetrics::new(client)
        .get_metrics(&queries(3), window())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the endpoint's answer to GetMetricData is not a CloudWatch response (HTTP 404); does --endpoint-url serve CloudWatch?"
    );
    assert!(!format!("{error}").contains("ServiceError"));
}

#[tokio::test]
async fn access_denied_names_the_permission_to_add() {
    let rule = mock!(aws_sdk_cloudwatch::Client::get_metric_data).then_error(|| {
        GetMetricDataError::generic(
            ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User: arn:aws:sts::1:assumed-role/oncall/x is not authorized to perform: cloudwatch:GetMetricData")
                .build(),
        )
    });
    let client = mock_client!(aws_sdk_cloudwatch, [&rule]);
    let error = AwsMetrics::new(client)
        .get_metrics(&queries(3), window())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "access denied for cloudwatch:GetMetricData: add it to the role's IAM policy (the README lists what kinetic needs)"
    );
}

/// DescribeAlarms: ALARM and INSUFFICIENT_DATA asked separately, every page followed, each
/// metric alarm mapped with its state, since, metric, dimensions and reason.
#[tokio::test]
async fn alarms_are_read_by_state_across_pages() {
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::types::{Dimension, MetricAlarm, StateValue};
    let alarm = |name: &str, state: StateValue, stream: &str| {
        MetricAlarm::builder()
            .alarm_name(name)
            .state_value(state)
            .state_updated_timestamp(DateTime::from_secs(1_795_262_000))
            .namespace("AWS/Kinesis")
            .metric_name("WriteProvisionedThroughputExceeded")
            .dimensions(
                Dimension::builder()
                    .name("StreamName")
                    .value(stream)
                    .build(),
            )
            .state_reason(
                "Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0)",
            )
            .build()
    };
    let first = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .match_requests(|r| r.state_value() == Some(&StateValue::Alarm) && r.next_token().is_none())
        .then_output(move || {
            DescribeAlarmsOutput::builder()
                .metric_alarms(alarm("orders-throttled", StateValue::Alarm, "orders"))
                .next_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_output(move || {
            DescribeAlarmsOutput::builder()
                .metric_alarms(alarm("payments-throttled", StateValue::Alarm, "payments"))
                .build()
        });
    let insufficient = mock!(aws_sdk_cloudwatch::Client::describe_alarms)
        .match_requests(|r| r.state_value() == Some(&StateValue::InsufficientData))
        .then_output(move || {
            DescribeAlarmsOutput::builder()
                .metric_alarms(alarm(
                    "audit-throttled",
                    StateValue::InsufficientData,
                    "audit",
                ))
                .build()
        });
    let client = mock_client!(
        aws_sdk_cloudwatch,
        RuleMode::MatchAny,
        [&first, &second, &insufficient]
    );
    let alarms = AwsMetrics::new(client).describe_alarms().await.unwrap();
    let names: Vec<&str> = alarms.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["orders-throttled", "payments-throttled", "audit-throttled"]
    );
    assert_eq!(alarms[0].state, kinetic::domain::AlarmState::Alarm);
    assert_eq!(alarms[0].stream(), Some("orders"));
    assert_eq!(alarms[0].since, from_epoch_secs(1_795_262_000));
    assert!(alarms[0].reason.starts_with("Threshold Crossed"));
    assert_eq!(
        alarms[2].state,
        kinetic::domain::AlarmState::InsufficientData
    );
    assert_eq!(
        (
            first.num_calls(),
            second.num_calls(),
            insufficient.num_calls()
        ),
        (1, 1, 1)
    );
}

async fn get_records_error(code: &'static str) -> PortError {
    use aws_sdk_kinesis::operation::get_records::GetRecordsError;
    let rule = mock!(aws_sdk_kinesis::Client::get_records).then_error(move || {
        GetRecordsError::generic(ErrorMetadata::builder().code(code).message("m").build())
    });
    let client = mock_client!(aws_sdk_kinesis, [&rule]);
    AwsStreams::new(client)
        .get_records("orders", "shardId-000000000001", "iterator", 100)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn record_reads_map_expiry_throughput_and_denial_to_what_the_reader_does() {
    assert_eq!(
        get_records_error("ExpiredIteratorException").await,
        PortError::IteratorExpired {
            resource: "shard shardId-000000000001 of stream orders".into()
        }
    );
    assert!(
        get_records_error("ProvisionedThroughputExceededException")
            .await
            .is_throttling()
    );
    let denied = get_records_error("AccessDeniedException").await;
    assert!(
        denied.to_string().contains("kinesis:GetRecords"),
        "{denied}"
    );
}

#[tokio::test]
async fn get_records_answers_carry_children_at_a_closed_shards_end() {
    use aws_sdk_kinesis::operation::get_records::GetRecordsOutput;
    use aws_sdk_kinesis::types::{ChildShard, Record};
    let rule = mock!(aws_sdk_kinesis::Client::get_records).then_output(|| {
        GetRecordsOutput::builder()
            .records(
                Record::builder()
                    .sequence_number("49001")
                    .partition_key("k")
                    .data(aws_smithy_types::Blob::new(b"{\"a\":1}".to_vec()))
                    .approximate_arrival_timestamp(DateTime::from_secs(1_795_262_400))
                    .build()
                    .unwrap(),
            )
            .millis_behind_latest(0)
            .child_shards(
                ChildShard::builder()
                    .shard_id("shardId-000000000002")
                    .parent_shards("shardId-000000000001")
                    .hash_key_range(
                        HashKeyRange::builder()
                            .starting_hash_key("0")
                            .ending_hash_key("1")
                            .build()
                            .unwrap(),
                    )
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let client = mock_client!(aws_sdk_kinesis, [&rule]);
    let batch = AwsStreams::new(client)
        .get_records("orders", "shardId-000000000001", "iterator", 100)
        .await
        .unwrap();
    assert_eq!(batch.next_iterator, None);
    assert_eq!(batch.children, ["shardId-000000000002"]);
    assert_eq!(batch.records[0].arrival, from_epoch_secs(1_795_262_400));
    assert_eq!(batch.records[0].data, b"{\"a\":1}");
}

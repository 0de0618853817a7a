//! On-demand capacity against kinesis-mock, which models the account's commitment, warm
//! throughput and the maximum record size (0.6.2; not the record distribution strategy nor
//! delivery channels), and against moto, which models none of them: what an endpoint does not
//! serve is left out quietly.
use crate::support::emulator::Emulator;
use crate::support::endpoint_console::EndpointConsole;
use crate::support::kinesis_mock::another_kinesis_mock;
use crate::support::moto::moto;
use kinetic::app::modal::Modal;
use kinetic::aws::{AwsStreamOps, AwsStreams};
use kinetic::domain::PortError;
use kinetic::domain::capacity::{Advantage, Distribution, WarmThroughput};
use kinetic::ports::{StreamOpsPort, StreamsPort};
use std::time::Duration;

#[tokio::test]
async fn kinesis_mock_agrees_with_the_adapter_on_the_calls_it_models() {
    // Its own emulator: the account's mode is account-wide.
    let mock = another_kinesis_mock(&[]);
    let client = mock.client();
    Emulator::KinesisMock.create_on_demand(&client, "od").await;
    Emulator::KinesisMock.create_stream(&client, "pv", 2).await;
    let streams = AwsStreams::new(client.clone());
    let ops = AwsStreamOps::new(client);

    assert_eq!(
        streams.describe_account_settings().await.unwrap(),
        Advantage::Off
    );
    let on = ops.update_advantage(true).await.unwrap();
    assert!(on.is_on(), "{on:?}");
    assert!(streams.describe_account_settings().await.unwrap().is_on());

    let provisioned = ops.update_warm_throughput("pv", 50).await.unwrap_err();
    assert!(
        matches!(provisioned, PortError::InvalidArgument { .. }),
        "{provisioned:?}"
    );
    assert!(
        provisioned.to_string().contains("on-demand"),
        "{provisioned}"
    );
    ops.update_warm_throughput("od", 50).await.unwrap();
    let od = streams.describe_stream_summary("od").await.unwrap();
    assert_eq!(
        od.capacity.warm,
        Some(WarmThroughput {
            target_mibps: Some(50),
            current_mibps: Some(50)
        }),
        "kinesis-mock warms at once, with no UPDATING"
    );

    let pv = streams.describe_stream_summary("pv").await.unwrap();
    assert_eq!(
        pv.capacity.warm, None,
        "no warm throughput on a provisioned stream"
    );
    let small = ops.update_max_record_size(&pv.arn, 512).await.unwrap_err();
    assert!(
        small.to_string().contains("between 1024 and 10240"),
        "{small}"
    );
    ops.update_max_record_size(&pv.arn, 2048).await.unwrap();
    let pv = streams.describe_stream_summary("pv").await.unwrap();
    assert_eq!(pv.capacity.max_record_kib, Some(2048));

    // Not modelled by kinesis-mock 0.6.2: the answer is still one sentence, never a dump.
    let unmodelled = ops
        .update_distribution(&od.arn, Distribution::Auto)
        .await
        .unwrap_err();
    let text = unmodelled.to_string();
    assert!(!text.contains("{ ") && !text.contains("Some("), "{text}");
}

/// Through the whole console: in on-demand Standard, warm throughput is refused by the planner
/// even though kinesis-mock would take it — AWS documents the operation for accounts with
/// MinimumThroughputBillingCommitment enabled only, and AWS wins. `:advantage on` with the
/// region typed, then the same `:warm` goes through and is followed until warm.
#[tokio::test]
async fn the_console_warms_an_on_demand_stream_once_the_account_is_in_advantage() {
    let mock = another_kinesis_mock(&[]);
    let client = mock.client();
    Emulator::KinesisMock.create_on_demand(&client, "od").await;
    let mut console = EndpointConsole::start(&mock.endpoint, &[], (140, 40)).await;
    assert!(
        console.screen().contains("on-demand Standard"),
        "{}",
        console.screen()
    );
    // kinesis-mock does not know ListChannels (it answers with an access denial naming no
    // operation): nothing is said of it.
    assert!(
        console
            .model
            .faults
            .get(kinetic::app::faults::Api::ListChannels)
            .is_none(),
        "{}",
        console.screen()
    );
    console.keys("\n").await;
    console.keys(":warm 50\n").await;
    let screen = console.screen();
    assert!(
        screen.contains("warm throughput needs On-demand Advantage"),
        "{screen}"
    );
    console.keys("od\n").await;
    assert!(
        !console
            .executed
            .iter()
            .any(|c| matches!(c, kinetic::app::Command::Execute { .. })),
        "a failed check sends nothing"
    );
    console.press(crossterm::event::KeyCode::Esc).await;

    console.keys(":advantage on\n").await;
    assert!(
        matches!(&console.model.modal, Some(Modal::Confirm(_))),
        "{}",
        console.screen()
    );
    console.keys("us-east-1\n").await;
    let settled = console
        .until(Duration::from_secs(30), Duration::from_millis(300), |m| {
            m.operations.is_empty()
        })
        .await;
    assert!(settled, "{}", console.screen());
    assert!(
        console.screen().contains("on-demand Advantage"),
        "{}",
        console.screen()
    );

    console.keys(":warm 50\n").await;
    console.keys("od\n").await;
    let warmed = console
        .until(Duration::from_secs(30), Duration::from_millis(300), |m| {
            m.operations.is_empty()
        })
        .await;
    assert!(warmed, "{}", console.screen());
    let summary = console.model.streams.facts.summaries.value("od").unwrap();
    assert_eq!(
        summary.capacity.warm.and_then(|w| w.current_mibps),
        Some(50)
    );
    assert!(
        console
            .model
            .history
            .iter()
            .any(|h| format!("{h:?}").contains("od is warm for 50 MiB/s")),
        "{:?}",
        console.model.history
    );
}

/// moto answers DescribeAccountSettings with an HTML error page: the header leaves the mode
/// out and nothing is said about it, every refresh.
#[tokio::test]
async fn where_the_endpoint_has_no_account_settings_the_header_leaves_them_out_quietly() {
    let moto = moto();
    let mut console = EndpointConsole::start(&moto.endpoint, &[], (140, 30)).await;
    console.tick().await;
    let screen = console.screen();
    // The header (its first line) names no mode; other tests' streams may be on-demand.
    let header = screen.lines().next().unwrap_or_default();
    assert!(!header.contains("on-demand"), "{screen}");
    assert!(!screen.contains("DescribeAccountSettings"), "{screen}");
    for api in [
        kinetic::app::faults::Api::DescribeAccountSettings,
        kinetic::app::faults::Api::ListChannels,
    ] {
        assert!(console.model.faults.get(api).is_none(), "{api:?}");
    }
    assert!(!screen.contains("ListChannels"), "{screen}");
}

/// kinesis-mock with the stream's maximum record size raised to 2 MiB takes a 1.5 MiB record;
/// the console's record viewer marks it as over 1 MiB.
#[tokio::test]
async fn a_record_over_one_mib_is_marked_in_the_record_viewer() {
    let mock = another_kinesis_mock(&[]);
    let client = mock.client();
    Emulator::KinesisMock.create_stream(&client, "big", 1).await;
    let streams = AwsStreams::new(client.clone());
    let arn = streams.describe_stream_summary("big").await.unwrap().arn;
    AwsStreamOps::new(client.clone())
        .update_max_record_size(&arn, 2048)
        .await
        .unwrap();
    let payload = vec![b'x'; 1_536 * 1024];
    client
        .put_record()
        .stream_name("big")
        .partition_key("large-1")
        .data(aws_sdk_kinesis::primitives::Blob::new(payload))
        .send()
        .await
        .expect("a 1.5 MiB record is accepted once the maximum is 2 MiB");
    client
        .put_record()
        .stream_name("big")
        .partition_key("small-1")
        .data(aws_sdk_kinesis::primitives::Blob::new(b"hello".to_vec()))
        .send()
        .await
        .unwrap();
    let mut console = EndpointConsole::start(&mock.endpoint, &["--read-only"], (160, 40)).await;
    console.keys("/big\n\n:records trim-horizon\n").await;
    let read = console
        .until(Duration::from_secs(60), Duration::from_secs(1), |model| {
            model.records.as_ref().is_some_and(|p| p.all.len() >= 2)
        })
        .await;
    assert!(read, "{}", console.screen());
    let screen = console.screen();
    let large = screen
        .lines()
        .find(|l| l.contains("large-1"))
        .unwrap_or_default();
    let small = screen
        .lines()
        .find(|l| l.contains("small-1"))
        .unwrap_or_default();
    assert!(large.contains("▲"), "the large record is marked: {screen}");
    assert!(!small.contains("▲"), "the small one is not: {screen}");
}

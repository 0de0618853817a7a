//! What only kinesis-mock models, through the whole console: UPDATING that lasts (a reshard, a
//! split, a merge followed until ACTIVE), the account's shard limit checked before any call and
//! answered in operator words, and AWS's paging of a stream of 2,250 shards.
use crate::support::emulator::{Emulator, wait_active};
use crate::support::endpoint_console::EndpointConsole;
use crate::support::kinesis_mock::{another_kinesis_mock, kinesis_mock};
use crate::support::moto::unique;
use kinetic::app::modal::Modal;
use kinetic::app::{Command, Route};
use kinetic::aws::{AwsStreamOps, AwsStreams};
use kinetic::domain::shard::count_open;
use kinetic::domain::{PortError, StreamStatus};
use kinetic::ports::{StreamOpsPort, StreamsPort};
use std::time::Duration;

fn changes(console: &EndpointConsole) -> usize {
    console
        .executed
        .iter()
        .filter(|c| matches!(c, Command::Execute { .. }))
        .count()
}

/// Types the plan's name where it needs one, and confirms.
async fn confirm(console: &mut EndpointConsole) {
    let name = match &console.model.modal {
        Some(Modal::Confirm(c)) => c.plan.resource.name().to_string(),
        other => panic!("no plan to confirm: {other:?}\n{}", console.screen()),
    };
    console.keys(&format!("{name}\n")).await;
}

/// Follows the change kinetic sent until it ended; the statuses the stream's row showed meanwhile.
async fn follow(console: &mut EndpointConsole, stream: &str) -> Vec<StreamStatus> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !console.model.operations.is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "still following after 60 s:\n{}",
            console.screen()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
        // The console's clock moves on by the follow period each look, the emulator's by 0.5 s.
        let later = console.model.now + chrono::Duration::seconds(2);
        console.send(kinetic::app::Msg::Tick(later)).await;
        if let Some((summary, _)) = console.model.streams.facts.summaries.get(stream)
            && seen.last() != Some(&summary.status)
        {
            seen.push(summary.status.clone());
        }
    }
    seen
}

/// `R`, the target, the name: UPDATING is seen and followed to ACTIVE, then a split and a merge
/// in the stream's detail, each followed the same way. (moto makes every change at once.)
#[tokio::test]
async fn a_reshard_a_split_and_a_merge_are_followed_through_updating_to_active() {
    let mock = another_kinesis_mock(&[]);
    let client = mock.client();
    Emulator::KinesisMock
        .create_stream(&client, "orders", 2)
        .await;
    let mut console = EndpointConsole::start(&mock.endpoint, &[], (140, 40)).await;

    console.keys("R").await;
    console.press(crossterm::event::KeyCode::Backspace).await;
    console.press(crossterm::event::KeyCode::Backspace).await;
    console.keys("4\n").await;
    confirm(&mut console).await;
    assert_eq!(changes(&console), 1);
    let seen = follow(&mut console, "orders").await;
    assert_eq!(
        seen,
        [StreamStatus::Updating, StreamStatus::Active],
        "{seen:?}"
    );
    assert!(
        console.screen().contains("now has 4 open shards"),
        "{}",
        console.screen()
    );

    // The detail, its first open shard split at its midpoint.
    console.keys("\n").await;
    assert_eq!(console.model.route(), &Route::StreamDetail("orders".into()));
    console.keys("s\n").await;
    confirm(&mut console).await;
    assert_eq!(changes(&console), 2);
    let seen = follow(&mut console, "orders").await;
    assert_eq!(seen.last(), Some(&StreamStatus::Active));
    assert!(seen.contains(&StreamStatus::Updating), "{seen:?}");
    let shards = AwsStreams::new(client.clone())
        .list_shards("orders")
        .await
        .unwrap();
    assert_eq!(count_open(&shards), 5);

    // The first open shard merged back with its neighbour: four open shards again.
    console.keys("gm").await;
    confirm(&mut console).await;
    assert_eq!(changes(&console), 3);
    let seen = follow(&mut console, "orders").await;
    assert!(seen.contains(&StreamStatus::Updating), "{seen:?}");
    let shards = AwsStreams::new(client).list_shards("orders").await.unwrap();
    assert_eq!(count_open(&shards), 4);
}

/// An account of 10 shards with 8 open: the planner's check fails before any call, with the
/// numbers; and where AWS itself refuses (the emulator's limit answered to a direct call), the
/// sentence says which limit.
#[tokio::test]
async fn the_account_shard_limit_is_checked_before_the_call_and_said_in_operator_words() {
    let mock = another_kinesis_mock(&[("SHARD_LIMIT", "10")]);
    let client = mock.client();
    Emulator::KinesisMock
        .create_stream(&client, "wide", 8)
        .await;
    let mut console = EndpointConsole::start(&mock.endpoint, &[], (140, 40)).await;
    console.keys("R").await;
    console.press(crossterm::event::KeyCode::Backspace).await;
    console.press(crossterm::event::KeyCode::Backspace).await;
    console.keys("16\n").await;
    let screen = console.screen();
    assert!(screen.contains("FAIL"), "{screen}");
    assert!(screen.contains("8 of 10 shards open"), "{screen}");
    console.keys("wide\n").await;
    assert_eq!(changes(&console), 0, "a failing check sent a change");

    let error = AwsStreamOps::new(client.clone())
        .update_shard_count("wide", 16)
        .await
        .unwrap_err();
    assert!(
        matches!(error, PortError::LimitExceeded { .. }),
        "{error:?}"
    );
    let sentence = error.to_string();
    assert!(sentence.contains("shard limit"), "{sentence}");
    assert!(sentence.contains("Service Quotas"), "{sentence}");
}

/// CreateStream's limit of five streams CREATING at once, as kinesis-mock answers it (kinetic
/// creates no streams; the answer is AWS's own shape, so its sentence is checked).
#[tokio::test]
async fn the_creating_limit_is_a_sentence_not_throttling() {
    let mock = another_kinesis_mock(&[("CREATE_STREAM_DURATION", "5s")]);
    let client = mock.client();
    let mut refused = None;
    for i in 0..8 {
        if let Err(e) = client
            .create_stream()
            .stream_name(format!("burst-{i}"))
            .shard_count(1)
            .send()
            .await
        {
            refused = Some(kinetic::aws::error::map_sdk_error(
                &mock.endpoint,
                "CreateStream",
                "stream",
                e,
            ));
            break;
        }
    }
    let error = refused.expect("kinesis-mock refused the sixth stream CREATING at once");
    assert!(
        matches!(error, PortError::LimitExceeded { .. }),
        "{error:?}"
    );
    assert!(!error.is_transient(), "a limit is not a blip: {error:?}");
}

/// A stream of 2,250 open shards (CreateStream allows 1,000; then 2,000 and 2,250 by
/// UpdateShardCount): ListShards pages of 100 with `NextToken` alone, every shard once.
#[tokio::test]
async fn a_stream_of_2250_shards_is_listed_across_pages() {
    let client = kinesis_mock().client();
    let name = unique("huge");
    Emulator::KinesisMock
        .create_stream(&client, &name, 1_000)
        .await;
    let ops = AwsStreamOps::new(client.clone());
    for target in [2_000, 2_250] {
        ops.update_shard_count(&name, target).await.unwrap();
        wait_active(&client, &name).await;
    }
    let shards = AwsStreams::new(client).list_shards(&name).await.unwrap();
    assert_eq!(count_open(&shards), 2_250);
    let mut ids: Vec<&str> = shards.iter().map(|s| s.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), shards.len(), "a shard was listed twice");
}

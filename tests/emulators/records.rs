//! The record reader on both emulators: PutRecords then read from the oldest kept, from now and
//! from a moment; text, bytes and KPL aggregates decoded; a split while reading followed into
//! the children; across a reshard every record read once, the closed parents first, each key's
//! records in the order written; and the whole console's record view.
use crate::on_both;
use crate::support::emulator::{Emulator, wait_active};
use crate::support::endpoint_console::EndpointConsole;
use crate::support::moto::unique;
use crate::support::reading::{Reading, orders, put, start};
use kinetic::app::Route;
use kinetic::app::records_page::Scope;
use kinetic::aws::AwsStreams;
use kinetic::domain::kpl::{UserRecord, aggregate};
use kinetic::domain::partition_key::hash_key;
use kinetic::domain::read_from::ReadFrom;
use kinetic::domain::record::{Payload, Record};
use kinetic::ports::StreamsPort;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

on_both!(
    trim_horizon_reads_every_record_put_once_decoded_and_in_its_shard,
    latest_follows_only_what_is_put_after_it_started,
    at_timestamp_starts_at_the_moment_asked,
    a_shard_split_while_reading_is_followed_into_its_children,
    put_records_then_view_them_in_the_console,
    trim_horizon_reads_the_closed_parents_then_their_children,
);

/// A stream of `shards` shards, ACTIVE.
async fn stream(emulator: Emulator, shards: i32) -> (aws_sdk_kinesis::Client, String) {
    let client = emulator.client();
    let name = unique("records");
    emulator.create_stream(&client, &name, shards).await;
    (client, name)
}

/// A four-shard stream with orders 0..120 written, then resharded to eight, then orders
/// 120..160 written into the new shards.
async fn resharded(emulator: Emulator) -> (aws_sdk_kinesis::Client, String) {
    let client = emulator.client();
    let name = unique("lineage");
    emulator.create_stream(&client, &name, 4).await;
    put(&client, &name, orders(0, 120)).await;
    reshard(&client, &name, 8).await;
    put(&client, &name, orders(120, 160)).await;
    (client, name)
}

async fn reshard(client: &aws_sdk_kinesis::Client, name: &str, to: i32) {
    client
        .update_shard_count()
        .stream_name(name)
        .target_shard_count(to)
        .scaling_type(aws_sdk_kinesis::types::ScalingType::UniformScaling)
        .send()
        .await
        .expect("update_shard_count");
    wait_active(client, name).await;
}

/// Each partition key's orders, in the order the reader reported them.
fn per_key(reading: &Reading) -> HashMap<String, Vec<i64>> {
    let mut keys: HashMap<String, Vec<i64>> = HashMap::new();
    for record in &reading.records {
        if let Payload::Json(text) = &record.payload
            && let Some(order) = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v["order"].as_i64())
        {
            keys.entry(record.partition_key.clone())
                .or_default()
                .push(order);
        }
    }
    keys
}

fn assert_in_key_order(reading: &Reading) {
    for (key, orders) in per_key(reading) {
        assert!(
            orders.windows(2).all(|w| w[0] < w[1]),
            "{key}'s records out of order: {orders:?}"
        );
    }
}

/// Before, the reader read only the open shards: the 120 orders in the closed parents were never
/// shown ("Waiting for records…" forever on kinesis-mock).
async fn trim_horizon_reads_the_closed_parents_then_their_children(emulator: Emulator) {
    let (client, name) = resharded(emulator).await;
    let mut reading = start(
        client,
        &name,
        Scope::AllOpen,
        ReadFrom::TrimHorizon,
        Duration::from_secs(2),
    );
    reading
        .until(60, |r| r.records.len() >= 160 && r.ended.len() >= 4)
        .await;
    assert_eq!(reading.orders(), (0..160).collect::<Vec<i64>>());
    let (walked, closed) = reading.walk.expect("the reader says what it walks");
    assert!(closed >= 4, "walks {walked} shards, {closed} closed");
    assert!(walked >= 12, "walks {walked} shards, {closed} closed");
    assert!(
        reading.ended.len() >= 4,
        "the parents were read to their end: {:?}",
        reading.ended
    );
    assert_in_key_order(&reading);
    // Nothing more arrives: every record was read once.
    reading.until(3, |_| false).await;
    assert_eq!(reading.records.len(), 160);
}

/// From a moment after the first 60 orders and before the reshard: orders 60..160, once each.
/// On kinesis-mock only: moto's UpdateShardCount stamps every record already written with the
/// time of the reshard, where AWS keeps each record's ApproximateArrivalTimestamp as written, so
/// on moto no moment before a reshard can be read from.
#[tokio::test]
async fn a_moment_before_the_reshard_reads_from_there_on() {
    let emulator = Emulator::KinesisMock;
    let client = emulator.client();
    let name = unique("moment");
    emulator.create_stream(&client, &name, 4).await;
    put(&client, &name, orders(0, 60)).await;
    // Arrival times are kept to the millisecond; a clear second either side of the moment.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let moment = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    put(&client, &name, orders(60, 120)).await;
    reshard(&client, &name, 8).await;
    put(&client, &name, orders(120, 160)).await;
    let mut reading = start(
        client,
        &name,
        Scope::AllOpen,
        ReadFrom::At(moment),
        Duration::from_secs(2),
    );
    reading.until(60, |r| r.records.len() >= 100).await;
    assert_eq!(reading.orders(), (60..160).collect::<Vec<i64>>());
    assert_in_key_order(&reading);
    reading.until(3, |_| false).await;
    assert_eq!(reading.records.len(), 100);
}

async fn trim_horizon_reads_every_record_put_once_decoded_and_in_its_shard(emulator: Emulator) {
    let (client, name) = stream(emulator, 2).await;
    put(&client, &name, orders(0, 40)).await;
    let mut extra = vec![
        ("text".to_string(), b"plain text\n".to_vec()),
        ("bytes".to_string(), vec![0u8, 159, 146, 150]),
    ];
    let users: Vec<UserRecord> = (0..3)
        .map(|i| UserRecord {
            partition_key: format!("device-{i}"),
            explicit_hash_key: None,
            data: format!(r#"{{"reading":{i}}}"#).into_bytes(),
        })
        .collect();
    extra.push(("aggregate".to_string(), aggregate(&users)));
    put(&client, &name, extra).await;

    let mut reading = start(
        client.clone(),
        &name,
        Scope::AllOpen,
        ReadFrom::TrimHorizon,
        Duration::from_secs(30),
    );
    reading.until(60, |r| r.records.len() >= 45).await;
    assert_eq!(reading.orders(), (0..40).collect::<Vec<i64>>());
    assert_eq!(
        reading.records.len(),
        45,
        "40 orders, text, bytes and 3 user records"
    );

    let by_key: BTreeMap<&str, &Record> = reading
        .records
        .iter()
        .map(|r| (r.partition_key.as_str(), r))
        .collect();
    assert_eq!(by_key["text"].payload, Payload::Text("plain text\n".into()));
    assert!(matches!(by_key["bytes"].payload, Payload::Binary { .. }));
    for i in 0..3 {
        let user = by_key[format!("device-{i}").as_str()];
        assert_eq!(user.sub_index, Some(i));
        assert_eq!(user.payload, Payload::Json(format!(r#"{{"reading":{i}}}"#)));
    }
    // Each record came from the shard whose range holds MD5 of its key (KPL's outer key
    // placed the aggregate, so its user records are checked by the aggregate's key).
    let shards = AwsStreams::new(client.clone())
        .list_shards(&name)
        .await
        .unwrap();
    for record in reading.records.iter().filter(|r| r.sub_index.is_none()) {
        let shard = shards.iter().find(|s| s.id == record.shard).unwrap();
        let key = hash_key(&record.partition_key);
        assert!(
            shard.hash_range.start <= key && key <= shard.hash_range.end,
            "{record:?}"
        );
    }
}

async fn latest_follows_only_what_is_put_after_it_started(emulator: Emulator) {
    let (client, name) = stream(emulator, 1).await;
    put(&client, &name, orders(0, 10)).await;
    let mut reading = start(
        client.clone(),
        &name,
        Scope::AllOpen,
        ReadFrom::Latest,
        Duration::from_secs(30),
    );
    // Let the iterator be taken before writing.
    reading.until(2, |_| false).await;
    put(&client, &name, orders(10, 15)).await;
    reading.until(60, |r| r.records.len() >= 5).await;
    put(&client, &name, orders(15, 20)).await;
    reading.until(60, |r| r.records.len() >= 10).await;
    assert_eq!(reading.orders(), (10..20).collect::<Vec<i64>>());
}

async fn at_timestamp_starts_at_the_moment_asked(emulator: Emulator) {
    let (client, name) = stream(emulator, 1).await;
    put(&client, &name, orders(0, 10)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let moment = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    put(&client, &name, orders(10, 20)).await;
    let mut reading = start(
        client.clone(),
        &name,
        Scope::AllOpen,
        ReadFrom::At(moment),
        Duration::from_secs(30),
    );
    reading.until(60, |r| r.records.len() >= 10).await;
    assert_eq!(reading.orders(), (10..20).collect::<Vec<i64>>());
    assert!(
        reading
            .records
            .iter()
            .all(|r| r.arrival >= moment - chrono::Duration::seconds(1))
    );
}

async fn a_shard_split_while_reading_is_followed_into_its_children(emulator: Emulator) {
    let (client, name) = stream(emulator, 1).await;
    put(&client, &name, orders(0, 5)).await;
    let shards = AwsStreams::new(client.clone())
        .list_shards(&name)
        .await
        .unwrap();
    let parent = shards[0].clone();
    let mut reading = start(
        client.clone(),
        &name,
        Scope::Shard(parent.id.clone()),
        ReadFrom::TrimHorizon,
        Duration::from_secs(1),
    );
    reading.until(60, |r| r.records.len() >= 5).await;

    client
        .split_shard()
        .stream_name(&name)
        .shard_to_split(&parent.id)
        .new_starting_hash_key(parent.hash_range.midpoint().to_string())
        .send()
        .await
        .unwrap();
    wait_active(&client, &name).await;
    put(&client, &name, orders(5, 25)).await;
    let children: Vec<String> = AwsStreams::new(client.clone())
        .list_shards(&name)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.parent.as_deref() == Some(parent.id.as_str()))
        .map(|s| s.id)
        .collect();
    assert_eq!(children.len(), 2);
    // kinesis-mock ends the closed parent with its children, as AWS does; moto never ends it
    // (and still writes into it), so there the children are found by reading the shard list
    // again. Either way both are read from their start.
    reading
        .until(60, |r| {
            r.records.len() >= 25 && children.iter().all(|c| r.shards_read.contains(c))
        })
        .await;
    assert_eq!(reading.orders(), (0..25).collect::<Vec<i64>>());
    for child in &children {
        assert!(
            reading.shards_read.contains(child),
            "{child} never read: {:?}",
            reading.shards_read
        );
    }
}

/// The whole console: PutRecords, then `:records trim-horizon` in the stream's detail shows
/// them on screen, decoded; leaving the view stops the reader.
async fn put_records_then_view_them_in_the_console(emulator: Emulator) {
    let (client, name) = stream(emulator, 2).await;
    put(&client, &name, orders(0, 12)).await;
    let mut console =
        EndpointConsole::start(&emulator.endpoint(), &["--read-only"], (160, 40)).await;
    console
        .keys(&format!("/{name}\n\n:records trim-horizon\n"))
        .await;
    assert_eq!(console.model.route(), &Route::Records(name.clone()));
    let read = console
        .until(Duration::from_secs(60), Duration::from_secs(1), |model| {
            model.records.as_ref().is_some_and(|p| p.all.len() >= 12)
        })
        .await;
    assert!(read, "{}", console.screen());
    assert_eq!(
        console.model.records.as_ref().map(|p| p.all.len()),
        Some(12)
    );
    let screen = console.screen();
    assert!(screen.contains(r#"{"order":11,"total":33.5}"#), "{screen}");
    assert!(screen.contains("customer-4"), "{screen}");
    assert!(screen.contains("2 shards from the oldest kept"), "{screen}");

    console.press(crossterm::event::KeyCode::Esc).await;
    assert!(console.model.records.is_none());
    // The reader's task ends once the runtime next polls it: waited for, not raced.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while console.runner.reading_records() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!console.runner.reading_records());
}

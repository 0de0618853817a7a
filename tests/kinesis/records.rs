//! Reading records across a reshard on both emulators: from the oldest kept and from a moment
//! before the reshard, every record is read exactly once, the closed parents first, each key's
//! records in the order they were written.
use crate::on_both;
use crate::support::emulator::{Emulator, wait_active};
use crate::support::moto::unique;
use crate::support::reading::{Reading, orders, put, start};
use kinetic::app::records_page::Scope;
use kinetic::domain::read_from::ReadFrom;
use kinetic::domain::record::Payload;
use std::collections::HashMap;
use std::time::Duration;

on_both!(trim_horizon_reads_the_closed_parents_then_their_children);

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

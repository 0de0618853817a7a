//! The streams adapter on both emulators: listing and paging, shards, summaries, consumers, modes,
//! and the changes (UpdateShardCount, SplitShard, MergeShards) seen in the listed shards.
use crate::on_both;
use crate::support::emulator::{Emulator, wait_active};
use crate::support::moto::unique;
use kinetic::aws::{AwsStreamOps, AwsStreams};
use kinetic::domain::shard::count_open;
use kinetic::domain::{CapacityMode, HashRange, PortError, StreamStatus};
use kinetic::ports::{StreamOpsPort, StreamsPort};

on_both!(
    lists_every_stream_across_pages,
    lists_all_shards_of_a_wide_stream_covering_the_keyspace,
    counts_open_shards_after_a_split_from_list_shards,
    describes_a_stream_summary_and_its_consumers,
    an_unknown_stream_is_not_found_in_operator_words,
    on_demand_streams_report_their_mode,
    update_shard_count_split_and_merge_change_the_listed_shards,
);

/// Creates `count` streams of one shard, five at a time (kinesis-mock allows five CREATING).
pub async fn create_many(emulator: Emulator, prefix: &str, count: usize) {
    let client = emulator.client();
    let names: Vec<String> = (0..count).map(|i| format!("{prefix}-{i:03}")).collect();
    for batch in names.chunks(5) {
        let creates = batch.iter().cloned().map(|name| {
            let client = client.clone();
            async move { emulator.create_stream(&client, &name, 1).await }
        });
        futures_join_all(creates).await;
    }
}

/// Joins futures without another dependency.
async fn futures_join_all<F: std::future::Future<Output = ()> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    for handle in handles {
        handle.await.expect("task");
    }
}

/// More than one ListStreams page (100 a page): moto pages with `HasMoreStreams` and
/// `ExclusiveStartStreamName`, kinesis-mock the same with names only (no summaries, no
/// `NextToken`), AWS with `NextToken` (the SDK mocks test that).
async fn lists_every_stream_across_pages(emulator: Emulator) {
    let prefix = unique("page");
    create_many(emulator, &prefix, 130).await;
    let listings = AwsStreams::new(emulator.client())
        .list_streams()
        .await
        .unwrap();
    let ours: Vec<_> = listings
        .iter()
        .filter(|l| l.name.starts_with(&prefix))
        .collect();
    assert_eq!(ours.len(), 130);
    let mut names: Vec<&str> = ours.iter().map(|l| l.name.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 130, "a stream was listed twice");
    match emulator {
        Emulator::Moto => {
            assert!(ours.iter().all(|l| l.status == Some(StreamStatus::Active)));
            assert!(ours.iter().all(|l| l.arn.ends_with(&l.name)));
        }
        // AWS sends StreamSummaries with the names; kinesis-mock (like older endpoints) sends
        // names only, so status and mode are left for DescribeStreamSummary, never guessed.
        Emulator::KinesisMock => {
            assert!(ours.iter().all(|l| l.status.is_none() && l.mode.is_none()));
        }
    }
}

async fn lists_all_shards_of_a_wide_stream_covering_the_keyspace(emulator: Emulator) {
    let client = emulator.client();
    let name = unique("wide");
    emulator.create_stream(&client, &name, 150).await;
    let shards = AwsStreams::new(client).list_shards(&name).await.unwrap();
    assert_eq!(shards.len(), 150);
    assert_eq!(count_open(&shards), 150);
    let mut ranges: Vec<HashRange> = shards.iter().map(|s| s.hash_range).collect();
    ranges.sort();
    assert_eq!(ranges[0].start, 0);
    assert_eq!(ranges[149].end, u128::MAX);
    assert!(ranges.windows(2).all(|w| w[0].is_adjacent(&w[1])));
}

async fn counts_open_shards_after_a_split_from_list_shards(emulator: Emulator) {
    let client = emulator.client();
    let name = unique("split");
    emulator.create_stream(&client, &name, 2).await;
    let adapter = AwsStreams::new(client.clone());
    let before = adapter.list_shards(&name).await.unwrap();
    let parent = &before[0];
    client
        .split_shard()
        .stream_name(&name)
        .shard_to_split(&parent.id)
        .new_starting_hash_key(parent.hash_range.midpoint().to_string())
        .send()
        .await
        .expect("split_shard");
    wait_active(&client, &name).await;
    let after = adapter.list_shards(&name).await.unwrap();
    assert_eq!(count_open(&after), 3);
    let children: Vec<_> = after
        .iter()
        .filter(|s| s.parent.as_deref() == Some(parent.id.as_str()))
        .collect();
    assert_eq!(children.len(), 2);
    assert!(children[0].hash_range.is_adjacent(&children[1].hash_range));
    assert!(!after.iter().find(|s| s.id == parent.id).unwrap().open);
}

async fn describes_a_stream_summary_and_its_consumers(emulator: Emulator) {
    let client = emulator.client();
    let name = unique("summary");
    emulator.create_stream(&client, &name, 3).await;
    let adapter = AwsStreams::new(client.clone());
    let summary = adapter.describe_stream_summary(&name).await.unwrap();
    assert_eq!(summary.name, name);
    assert_eq!(summary.status, StreamStatus::Active);
    assert_eq!(summary.mode, Some(CapacityMode::Provisioned));
    assert_eq!(summary.open_shards, 3);
    assert_eq!(summary.retention_hours, 24);
    client
        .register_stream_consumer()
        .stream_arn(&summary.arn)
        .consumer_name("archiver")
        .send()
        .await
        .expect("register consumer");
    let consumers = adapter.list_consumers(&summary.arn).await.unwrap();
    assert_eq!(consumers.len(), 1);
    assert_eq!(consumers[0].name, "archiver");
}

async fn an_unknown_stream_is_not_found_in_operator_words(emulator: Emulator) {
    let adapter = AwsStreams::new(emulator.client());
    let error = adapter
        .describe_stream_summary("no-such-stream-anywhere")
        .await
        .unwrap_err();
    assert!(matches!(error, PortError::NotFound { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-stream-anywhere"));
}

async fn on_demand_streams_report_their_mode(emulator: Emulator) {
    let client = emulator.client();
    let name = unique("ondemand");
    emulator.create_on_demand(&client, &name).await;
    let adapter = AwsStreams::new(client);
    let summary = adapter.describe_stream_summary(&name).await.unwrap();
    assert_eq!(summary.mode, Some(CapacityMode::OnDemand));
}

async fn update_shard_count_split_and_merge_change_the_listed_shards(emulator: Emulator) {
    let client = emulator.client();
    let name = unique("reshard");
    emulator.create_stream(&client, &name, 4).await;
    let streams = AwsStreams::new(client.clone());
    let ops = AwsStreamOps::new(client.clone());

    ops.update_shard_count(&name, 8).await.unwrap();
    wait_active(&client, &name).await;
    let after_scaling = streams.list_shards(&name).await.unwrap();
    assert_eq!(count_open(&after_scaling), 8);
    let mut open: Vec<HashRange> = after_scaling
        .iter()
        .filter(|s| s.open)
        .map(|s| s.hash_range)
        .collect();
    open.sort();
    assert_eq!(
        (open[0].start, open[7].end),
        (0, u128::MAX),
        "open shards cover the keyspace"
    );
    assert!(open.windows(2).all(|w| w[0].is_adjacent(&w[1])));

    let first = after_scaling
        .iter()
        .filter(|s| s.open)
        .min_by_key(|s| s.hash_range.start)
        .unwrap()
        .clone();
    ops.split_shard(&name, &first.id, first.hash_range.midpoint())
        .await
        .unwrap();
    wait_active(&client, &name).await;
    let after_split = streams.list_shards(&name).await.unwrap();
    assert_eq!(count_open(&after_split), 9);
    let children: Vec<_> = after_split
        .iter()
        .filter(|s| s.parent.as_deref() == Some(first.id.as_str()))
        .collect();
    assert_eq!(children.len(), 2);

    let (a, b) = (children[0].clone(), children[1].clone());
    ops.merge_shards(&name, &a.id, &b.id).await.unwrap();
    wait_active(&client, &name).await;
    let after_merge = streams.list_shards(&name).await.unwrap();
    assert_eq!(count_open(&after_merge), 8);
    let merged = after_merge
        .iter()
        .find(|s| s.open && s.parent.as_deref() == Some(a.id.as_str()))
        .unwrap();
    assert_eq!(
        merged.hash_range, first.hash_range,
        "the merge restores the split parent's range"
    );
}

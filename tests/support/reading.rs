//! The record reader over a real endpoint: started on a stream, what it reports collected.
use aws_sdk_kinesis::primitives::Blob;
use aws_sdk_kinesis::types::PutRecordsRequestEntry;
use kinetic::app::Msg;
use kinetic::app::record_reader::Reader;
use kinetic::app::records_page::Scope;
use kinetic::aws::AwsStreams;
use kinetic::domain::read_from::ReadFrom;
use kinetic::domain::record::{Payload, Record};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

pub async fn put(client: &aws_sdk_kinesis::Client, stream: &str, records: Vec<(String, Vec<u8>)>) {
    let entries: Vec<PutRecordsRequestEntry> = records
        .into_iter()
        .map(|(key, data)| {
            PutRecordsRequestEntry::builder()
                .partition_key(key)
                .data(Blob::new(data))
                .build()
                .unwrap()
        })
        .collect();
    let answer = client
        .put_records()
        .stream_name(stream)
        .set_records(Some(entries))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.failed_record_count(), Some(0));
}

pub fn orders(from: usize, to: usize) -> Vec<(String, Vec<u8>)> {
    (from..to)
        .map(|i| {
            (
                format!("customer-{}", i % 7),
                format!(r#"{{"order":{i},"total":{}.5}}"#, i * 3).into_bytes(),
            )
        })
        .collect()
}

pub struct Reading {
    rx: UnboundedReceiver<Msg>,
    task: tokio::task::JoinHandle<()>,
    /// Records in the order the reader reported them.
    pub records: Vec<Record>,
    pub ended: Vec<(String, Vec<String>)>,
    /// The walk the reader planned: (shards, closed).
    pub walk: Option<(usize, usize)>,
    /// Every shard a batch (empty or not) came from.
    pub shards_read: std::collections::BTreeSet<String>,
}

pub fn start(
    client: aws_sdk_kinesis::Client,
    stream: &str,
    scope: Scope,
    from: ReadFrom,
    discover_every: Duration,
) -> Reading {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    // A dropped sender would end the reader's wait on it: keep it for the whole test.
    let (paused_tx, paused) = tokio::sync::watch::channel(false);
    std::mem::forget(paused_tx);
    let reader = Reader {
        streams: Arc::new(AwsStreams::new(client)),
        tx,
        session: 1,
        stream: stream.to_string(),
        clock: Arc::new(chrono::Utc::now),
        discover_every,
        paused,
    };
    Reading {
        rx,
        task: tokio::spawn(reader.run(scope, from)),
        records: Vec::new(),
        ended: Vec::new(),
        walk: None,
        shards_read: Default::default(),
    }
}

impl Reading {
    /// Collects what the reader reports until `done` or `seconds` pass.
    pub async fn until(&mut self, seconds: u64, done: impl Fn(&Reading) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
        while !done(self) {
            let msg = tokio::select! {
                msg = self.rx.recv() => msg,
                _ = tokio::time::sleep_until(deadline) => None,
            };
            match msg {
                Some(Msg::RecordsRead { records, shard, .. }) => {
                    self.shards_read.insert(shard);
                    self.records.extend(records)
                }
                Some(Msg::ShardEnded {
                    shard, children, ..
                }) => self.ended.push((shard, children)),
                Some(Msg::RecordsWalk { shards, closed, .. }) => self.walk = Some((shards, closed)),
                Some(Msg::RecordsFailed { shard, error, .. }) => panic!("{shard}: {error}"),
                Some(_) => {}
                None => break,
            }
        }
    }

    pub fn orders(&self) -> Vec<i64> {
        let mut orders: Vec<i64> = self
            .records
            .iter()
            .filter_map(|r| match &r.payload {
                Payload::Json(text) => {
                    serde_json::from_str::<serde_json::Value>(text).ok()?["order"].as_i64()
                }
                _ => None,
            })
            .collect();
        orders.sort();
        orders
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        self.task.abort();
    }
}

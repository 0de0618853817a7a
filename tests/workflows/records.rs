//! The record viewer and the partition-key view on the simulated account: JSON records with the
//! skewed key on orders-ingest's hot shard, manners (1 GetRecords/s/shard, nothing while paused
//! or closed), throttling and denial said in place, expired iterators renewed without loss, a
//! split while reading, KPL user records, and the split point offered to the split dialog.

use crate::support::console::Console;
use crossterm::event::KeyCode;
use kinetic::app::Route;
use kinetic::app::modal::Modal;
use kinetic::app::records_page::ShardReading;
use kinetic::domain::PortError;
use kinetic::domain::record::Payload;
use kinetic::ports::StreamOpsPort;
use std::collections::HashSet;

async fn reading(stream: &str, line: &str) -> Console {
    let mut console = Console::start(false).await;
    console.text(&format!("/{stream}")).await;
    console.enter().await;
    console.enter().await;
    assert_eq!(console.model.route(), &Route::StreamDetail(stream.into()));
    console.command(line).await;
    assert_eq!(console.model.route(), &Route::Records(stream.into()));
    console
}

fn held(console: &Console) -> usize {
    console.model.records.as_ref().map_or(0, |p| p.all.len())
}

fn sequences(console: &Console) -> Vec<(String, String, Option<u32>)> {
    console
        .model
        .records
        .as_ref()
        .unwrap()
        .all
        .iter()
        .map(|r| (r.shard.clone(), r.sequence.clone(), r.sub_index))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn orders_ingest_shows_json_orders_and_its_hot_shard_is_one_tenants() {
    let mut console = reading("orders-ingest", "records").await;
    let before = console.sim.calls();
    console.pump(5).await;
    let calls = console.sim.calls() - before;
    let page = console.model.records.as_ref().unwrap();
    assert!(page.all.len() > 1000, "only {} records", page.all.len());
    assert!(
        page.all
            .iter()
            .all(|r| matches!(r.payload, Payload::Json(_))),
        "orders are JSON"
    );
    // Every record sits in the shard whose range holds its key's MD5 hash key.
    let shards = console
        .model
        .stream_detail
        .as_ref()
        .unwrap()
        .shards()
        .to_vec();
    for record in page.all.iter().take(500) {
        let shard = shards.iter().find(|s| s.id == record.shard).unwrap();
        assert!(
            shard.hash_range.start <= record.hash_key && record.hash_key <= shard.hash_range.end
        );
    }
    // Manners: four open shards, at most one GetRecords each a second (plus the first).
    assert!(
        calls.get_records <= 4 * 6,
        "{} GetRecords in 5 s over 4 shards",
        calls.get_records
    );
    assert_eq!(calls.get_shard_iterator, 4);
    let screen = console.draw();
    assert!(
        screen.contains("reading shares each shard's read capacity"),
        "{screen}"
    );
    assert!(screen.contains("OrderPlaced"), "{screen}");

    // The keys: one tenant floods shard 2, and the split point is offered exactly.
    console.press(KeyCode::Char('K')).await;
    assert_eq!(console.model.route(), &Route::Keys("orders-ingest".into()));
    let report = console
        .model
        .records
        .as_ref()
        .unwrap()
        .keys
        .clone()
        .unwrap();
    let top = &report.by_records[0];
    assert!(top.key.starts_with("tenant-"), "{top:?}");
    assert_eq!(top.shard.as_deref(), Some("shardId-000000000002"));
    let hot = report.hottest.clone().unwrap();
    assert_eq!(hot.shard, "shardId-000000000002");
    let split = hot.split.clone().unwrap();
    assert!(hot.range.start < split.at && split.at <= hot.range.end);
    let screen = console.draw();
    assert!(screen.contains(&split.at.to_string()), "{screen}");
    assert!(screen.contains("alone carries"), "{screen}");

    console.press(KeyCode::Char('s')).await;
    match console.modal() {
        Modal::SplitPoint(dialog) => {
            assert_eq!(dialog.shard.id, "shardId-000000000002");
            assert_eq!(dialog.input, split.at.to_string());
        }
        other => panic!("expected the split dialog, got {other:?}"),
    }
    // Enter plans the split at that exact point: the confirm dialog, nothing sent yet.
    let sent = console.enter().await;
    assert!(Console::changes(&sent).is_empty());
    let confirm = console.confirm();
    assert!(
        format!("{:?}", confirm.plan).contains(&split.at.to_string()),
        "{:?}",
        confirm.plan
    );
}

#[tokio::test(start_paused = true)]
async fn reading_stops_when_the_view_closes_and_holds_while_paused() {
    let mut console = reading("orders-ingest", "records").await;
    console.pump(3).await;
    assert!(console.runner.reading_records());

    // Paused: no GetRecords at all, and the held records stay put.
    console.press(KeyCode::Char(' ')).await;
    let before = console.sim.calls();
    let count = held(&console);
    console.pump(10).await;
    assert_eq!((console.sim.calls() - before).get_records, 0);
    assert_eq!(held(&console), count);
    assert!(console.draw().contains("PAUSED"));

    // Resumed: reading goes on where each shard was, nothing read twice.
    console.press(KeyCode::Char('G')).await;
    console.pump(2).await;
    let sequences = sequences(&console);
    let unique: HashSet<_> = sequences.iter().collect();
    assert_eq!(unique.len(), sequences.len(), "a record was read twice");

    // Closed: the reader is gone and asks nothing more.
    console.esc().await;
    assert_eq!(
        console.model.route(),
        &Route::StreamDetail("orders-ingest".into())
    );
    assert!(console.model.records.is_none());
    console.pump(1).await;
    assert!(!console.runner.reading_records());
    let before = console.sim.calls();
    console.pump(5).await;
    assert_eq!((console.sim.calls() - before).get_records, 0);
}

#[tokio::test(start_paused = true)]
async fn an_expired_iterator_is_renewed_where_reading_was() {
    let mut console = reading("payments-events", "records").await;
    console.pump(2).await;
    console.press(KeyCode::Char(' ')).await;
    let last: Vec<_> = sequences(&console);
    // Six minutes paused: every iterator has expired.
    console.sim.clock().advance(chrono::Duration::minutes(6));
    let before = console.sim.calls();
    console.press(KeyCode::Char('G')).await;
    console.pump(2).await;
    let calls = console.sim.calls() - before;
    let shards = console.model.records.as_ref().unwrap().reading() as u64;
    assert!(calls.get_shard_iterator >= shards, "{calls:?}");
    let after = sequences(&console);
    assert!(after.len() > last.len());
    let unique: HashSet<_> = after.iter().collect();
    assert_eq!(unique.len(), after.len(), "a record was read twice");
    // AFTER_SEQUENCE_NUMBER: each shard's next record follows the last one read before.
    let status = console.status();
    assert!(!status.contains("expired"), "{status}");
}

#[tokio::test(start_paused = true)]
async fn throttled_reads_back_off_and_say_so_in_the_title() {
    let mut console = reading("payments-events", "records").await;
    console.pump(2).await;
    let shards = console.model.records.as_ref().unwrap().reading() as u64;
    console.sim.set_throttling(true);
    let before = console.sim.calls();
    console.pump(40).await;
    let calls = console.sim.calls() - before;
    // At 1/s every shard would ask 40 times; backing off asks far fewer.
    assert!(
        calls.get_records < shards * 40 / 3,
        "{} GetRecords from {shards} shards while throttled",
        calls.get_records
    );
    let screen = console.draw();
    assert!(screen.contains("THROTTLED"), "{screen}");
    console.sim.set_throttling(false);
    console.pump(15).await;
    let page = console.model.records.as_ref().unwrap();
    assert_eq!(page.throttled_now(), 0);
    assert!(page.throttled > 0);
}

#[tokio::test(start_paused = true)]
async fn denied_reads_say_what_the_role_lacks_in_place() {
    let mut console = Console::start(false).await;
    console.sim.fail_always(
        "GetShardIterator",
        Some(PortError::AccessDenied {
            api: "GetShardIterator".into(),
            detail: "not authorized".into(),
        }),
    );
    console.text("/payments-events").await;
    console.enter().await;
    console.enter().await;
    console.command("records trim-horizon").await;
    console.pump(3).await;
    let screen = console.draw();
    assert!(
        screen.contains("may not read the stream's data"),
        "{screen}"
    );
    assert!(
        console.status().contains("kinesis:GetShardIterator"),
        "{}",
        console.status()
    );
}

#[tokio::test(start_paused = true)]
async fn a_split_while_reading_goes_on_to_the_children() {
    let mut console = reading("payments-events", "records").await;
    console.pump(3).await;
    let open: Vec<_> = console
        .model
        .stream_detail
        .as_ref()
        .unwrap()
        .shards()
        .iter()
        .filter(|s| s.open)
        .cloned()
        .collect();
    let parent = open[0].clone();
    console
        .sim
        .split_shard("payments-events", &parent.id, parent.hash_range.midpoint())
        .await
        .unwrap();
    console.pump(40).await;
    let page = console.model.records.as_ref().unwrap();
    match page.shards.get(&parent.id) {
        Some(ShardReading::Ended { children }) => {
            assert_eq!(children.len(), 2, "{children:?}");
            for child in children {
                assert!(
                    matches!(page.shards.get(child), Some(ShardReading::Reading { .. })),
                    "{child} is not read: {:?}",
                    page.shards
                );
                assert!(
                    page.all.iter().any(|r| &r.shard == child),
                    "nothing from {child}"
                );
            }
        }
        other => panic!("{} did not end: {other:?}", parent.id),
    }
}

#[tokio::test(start_paused = true)]
async fn telemetry_records_are_kpl_aggregates_opened_into_user_records() {
    let mut console = reading("telemetry-enriched", "records 1m").await;
    console.pump(3).await;
    let page = console.model.records.as_ref().unwrap();
    assert!(!page.all.is_empty());
    assert!(
        page.all
            .iter()
            .all(|r| r.sub_index.is_some() && r.problem.is_none())
    );
    assert!(
        page.all
            .iter()
            .all(|r| r.partition_key.starts_with("device-"))
    );
    // Aggregates share a sequence number; each user record keeps its own key.
    let aggregates: HashSet<_> = page.all.iter().map(|r| (&r.shard, &r.sequence)).collect();
    assert!(aggregates.len() < page.all.len());
}

#[tokio::test(start_paused = true)]
async fn from_a_moment_search_filter_and_write() {
    let mut console = reading("orders-ingest", "records 10m").await;
    console.pump(1).await;
    let page = console.model.records.as_ref().unwrap();
    let start =
        console.sim.clock().now() - chrono::Duration::minutes(10) - chrono::Duration::seconds(2);
    assert!(page.all.iter().all(|r| r.arrival >= start));
    assert!(
        page.behind_ms().unwrap_or(0) > 60_000,
        "reading from 10 minutes ago is behind"
    );
    // Reading from the past holds before the buffer overflows, so 10 minutes ago stays on show.
    assert!(!page.following);
    assert_eq!(page.all.dropped(), 0);
    assert!(
        console.status().contains("reading holds"),
        "{}",
        console.status()
    );

    // Filter: only the tenant's records; search highlights within them.
    console.press(KeyCode::Char('f')).await;
    console.text("tenant-").await;
    console.enter().await;
    let page = console.model.records.as_ref().unwrap();
    assert!(page.shown().len() < page.all.len());
    assert!(page.shown().iter().all(|r| r.partition_key.starts_with("tenant-") || r.payload.line().contains("tenant-")));
    console.text("/SKU-1042").await;
    console.enter().await;
    console.press(KeyCode::Char('n')).await;
    let page = console.model.records.as_ref().unwrap();
    assert!(!page.following);
    assert!(page.search.current.is_some());

    // Enter pretty-prints the selected JSON record.
    console.enter().await;
    assert!(console.draw().contains("\"order_id\": "));

    // w writes the shown records as JSON lines.
    let sent = console.press(KeyCode::Char('w')).await;
    let text = sent
        .iter()
        .find_map(|c| match c {
            kinetic::app::Command::WriteLogs { path, text } => {
                assert!(path.to_string_lossy().ends_with(".jsonl"));
                Some(text.clone())
            }
            _ => None,
        })
        .expect("w writes");
    let shown = console.model.records.as_ref().unwrap().shown().len();
    assert_eq!(text.lines().count(), shown);
    for line in text.lines().take(20) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["data"]["type"], "OrderPlaced");
    }
    let _ = std::fs::remove_file(
        sent.iter()
            .find_map(|c| match c {
                kinetic::app::Command::WriteLogs { path, .. } => Some(path.clone()),
                _ => None,
            })
            .unwrap(),
    );
}

#[tokio::test(start_paused = true)]
async fn bad_places_to_read_from_are_refused_before_any_call() {
    let mut console = Console::start(false).await;
    console.text("/orders-ingest").await;
    console.enter().await;
    console.enter().await;
    let before = console.sim.calls();
    let sent = console.command("records yesterdayish").await;
    assert!(
        sent.iter()
            .all(|c| !matches!(c, kinetic::app::Command::StartRecords { .. }))
    );
    assert!(
        console.status().contains("not a place to read from"),
        "{}",
        console.status()
    );
    assert_eq!((console.sim.calls() - before).get_shard_iterator, 0);
    assert_eq!(
        console.model.route(),
        &Route::StreamDetail("orders-ingest".into())
    );
}

#[tokio::test(start_paused = true)]
async fn the_read_key_reads_the_selected_shard_only() {
    let mut console = Console::start(false).await;
    console.text("/orders-ingest").await;
    console.enter().await;
    console.enter().await;
    console.press(KeyCode::Char('r')).await;
    console.pump(3).await;
    let page = console.model.records.as_ref().unwrap();
    let selected = console
        .model
        .stream_detail
        .as_ref()
        .unwrap()
        .selected()
        .unwrap()
        .id
        .clone();
    assert_eq!(
        page.scope,
        kinetic::app::records_page::Scope::Shard(selected.clone())
    );
    assert!(!page.all.is_empty());
    assert!(page.all.iter().all(|r| r.shard == selected));
}

/// Feeds one deterministic batch of each shard into the open viewer (the running reader's own
/// reports are left unread, so the screen does not depend on task timing).
async fn feed(console: &mut Console, stream: &str, shards: &[&str], limit: u32) {
    use kinetic::ports::StreamsPort;
    let session = console.model.records.as_ref().unwrap().session;
    for shard in shards {
        let iterator = console
            .sim
            .shard_iterator(
                stream,
                shard,
                &kinetic::domain::read_from::ReadFrom::At(
                    console.sim.clock().now() - chrono::Duration::seconds(30),
                ),
            )
            .await
            .unwrap();
        let batch = console
            .sim
            .get_records(stream, shard, &iterator, limit)
            .await
            .unwrap();
        let records = batch
            .records
            .iter()
            .flat_map(|r| {
                kinetic::domain::record::from_kinesis(
                    shard,
                    &r.sequence,
                    &r.partition_key,
                    r.arrival,
                    &r.data,
                )
            })
            .collect();
        kinetic::app::update::update(
            &mut console.model,
            kinetic::app::Msg::RecordsRead {
                session,
                shard: shard.to_string(),
                records,
                behind_ms: batch.behind_ms,
            },
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_record_view_on_screen() {
    let mut console = reading("orders-ingest", "records 30s").await;
    feed(&mut console, "orders-ingest", &["shardId-000000000002"], 40).await;
    console.press(KeyCode::Char('k')).await;
    console.press(KeyCode::Char('k')).await;
    console.enter().await;
    insta::assert_snapshot!(console.draw());
}

#[tokio::test(start_paused = true)]
async fn the_keys_view_on_screen() {
    let mut console = reading("orders-ingest", "records 30s").await;
    let shards = [
        "shardId-000000000000",
        "shardId-000000000001",
        "shardId-000000000002",
        "shardId-000000000003",
    ];
    feed(&mut console, "orders-ingest", &shards, 1500).await;
    console.press(KeyCode::Char('K')).await;
    insta::assert_snapshot!(console.draw());
}

#[tokio::test(start_paused = true)]
async fn read_only_reads_records_but_the_split_point_changes_nothing() {
    let mut console = Console::start(true).await;
    console.text("/orders-ingest").await;
    console.enter().await;
    console.enter().await;
    console.command("keys").await;
    console.pump(3).await;
    assert_eq!(console.model.route(), &Route::Keys("orders-ingest".into()));
    assert!(held(&console) > 0, "reading is allowed in read-only mode");
    let sent = console.press(KeyCode::Char('s')).await;
    assert!(Console::changes(&sent).is_empty());
    assert!(console.model.modal.is_none());
    assert!(
        console.status().to_lowercase().contains("read-only"),
        "{}",
        console.status()
    );
}

#[tokio::test(start_paused = true)]
async fn a_shard_that_keeps_failing_stays_visible_while_the_others_read() {
    let mut console = reading("orders-ingest", "records").await;
    console.pump(2).await;
    let session = console.model.records.as_ref().unwrap().session;
    let fail = |console: &mut Console| {
        kinetic::app::update::update(
            &mut console.model,
            kinetic::app::Msg::RecordsFailed {
                session,
                shard: "shardId-000000000001".into(),
                error: PortError::Network {
                    endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
                    reason: "the connection was reset".into(),
                },
            },
        );
    };
    fail(&mut console);
    let screen = console.draw();
    assert!(
        screen.contains("READS FAIL on 1 shard (unreachable)"),
        "{screen}"
    );
    // A blip is not said; one that outlasts a retry is, once.
    assert!(
        !console.status().contains("shardId-000000000001"),
        "{}",
        console.status()
    );
    fail(&mut console);
    assert!(
        console.status().contains("reading shardId-000000000001"),
        "{}",
        console.status()
    );
    // The next answer of that shard clears it, and says so (its start was said).
    kinetic::app::update::update(
        &mut console.model,
        kinetic::app::Msg::RecordsRead {
            session,
            shard: "shardId-000000000001".into(),
            records: Vec::new(),
            behind_ms: Some(0),
        },
    );
    assert!(!console.draw().contains("READS FAIL"));
    assert!(
        console.status().contains("answers again"),
        "{}",
        console.status()
    );
}

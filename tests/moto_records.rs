//! The record reader against moto over HTTP: PutRecords then read (TRIM_HORIZON, LATEST,
//! AT_TIMESTAMP), following new records, KPL aggregates opened, and a shard split while reading.
mod support;

use kinetic::app::Msg;
use kinetic::app::records_page::Scope;
use kinetic::aws::AwsStreams;
use kinetic::domain::kpl::{UserRecord, aggregate};
use kinetic::domain::partition_key::hash_key;
use kinetic::domain::read_from::ReadFrom;
use kinetic::domain::record::{Payload, Record};
use kinetic::ports::StreamsPort;
use std::collections::BTreeMap;
use std::time::Duration;
use support::moto::{kinesis_client, unique};
use support::reading::{self, Reading, orders, put};

async fn stream(shards: i32) -> (aws_sdk_kinesis::Client, String) {
    let client = kinesis_client();
    let name = unique("records");
    client
        .create_stream()
        .stream_name(&name)
        .shard_count(shards)
        .send()
        .await
        .unwrap();
    (client, name)
}

fn start(stream: &str, scope: Scope, from: ReadFrom, discover_every: Duration) -> Reading {
    reading::start(kinesis_client(), stream, scope, from, discover_every)
}

#[tokio::test]
async fn trim_horizon_reads_every_record_put_once_decoded_and_in_its_shard() {
    let (client, name) = stream(2).await;
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

#[tokio::test]
async fn latest_follows_only_what_is_put_after_it_started() {
    let (client, name) = stream(1).await;
    put(&client, &name, orders(0, 10)).await;
    let mut reading = start(
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

#[tokio::test]
async fn at_timestamp_starts_at_the_moment_asked() {
    let (client, name) = stream(1).await;
    put(&client, &name, orders(0, 10)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let moment = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(500)).await;
    put(&client, &name, orders(10, 20)).await;
    let mut reading = start(
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

#[tokio::test]
async fn a_shard_split_while_reading_is_followed_into_its_children() {
    let (client, name) = stream(1).await;
    put(&client, &name, orders(0, 5)).await;
    let shards = AwsStreams::new(client.clone())
        .list_shards(&name)
        .await
        .unwrap();
    let parent = shards[0].clone();
    let mut reading = start(
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
    // moto never ends the closed parent (and still writes into it), so the children are found
    // by reading the shard list again; both are read from their start.
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

/// The whole console over moto: PutRecords, then `:records trim-horizon` in the stream's detail
/// shows them on screen, decoded; leaving the view stops the reader.
#[tokio::test]
async fn put_records_then_view_them_in_the_console() {
    use clap::Parser;
    use kinetic::app::update::update;
    let (client, name) = stream(2).await;
    put(&client, &name, orders(0, 12)).await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile moto]\nregion = us-east-1\nendpoint_url = {}\naws_access_key_id = test\naws_secret_access_key = test\n",
            support::moto::moto().endpoint
        ),
    )
    .unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(&credentials, "").unwrap();
    let mut cli = kinetic::cli::Cli::parse_from(["kinetic", "--profile", "moto", "--read-only"]);
    cli.profile_files = Some((config, credentials));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let account = kinetic::cli::connect(&cli, tx).await.unwrap();
    let mut model = kinetic::cli::initial_model(
        &cli,
        &account,
        kinetic::config::Keymap::default_keymap().unwrap(),
        (160, 40),
    );
    let runner = account.runner.clone();
    let commands = kinetic::app::update::init(&mut model);
    support::drive::settle(&mut model, &runner, commands).await;
    let keys = |text: &str| -> Vec<Msg> {
        text.chars()
            .map(|c| {
                let code = match c {
                    '\n' => crossterm::event::KeyCode::Enter,
                    c => crossterm::event::KeyCode::Char(c),
                };
                Msg::Key(crossterm::event::KeyEvent::new(
                    code,
                    crossterm::event::KeyModifiers::NONE,
                ))
            })
            .collect()
    };
    for msg in keys(&format!("/{name}\n\n:records trim-horizon\n")) {
        let commands = update(&mut model, msg);
        support::drive::settle(&mut model, &runner, commands).await;
    }
    assert_eq!(model.route(), &kinetic::app::Route::Records(name.clone()));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while model.records.as_ref().is_none_or(|p| p.all.len() < 12) {
        let msg = tokio::select! {
            msg = rx.recv() => msg,
            _ = tokio::time::sleep_until(deadline) => None,
        };
        let Some(msg) = msg else { break };
        let commands = update(&mut model, msg);
        support::drive::settle(&mut model, &runner, commands).await;
    }
    assert_eq!(model.records.as_ref().map(|p| p.all.len()), Some(12));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 40)).unwrap();
    terminal
        .draw(|frame| kinetic::ui::view(&model, &kinetic::ui::Theme::default_theme(), frame))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains(r#"{"order":11,"total":33.5}"#), "{screen}");
    assert!(screen.contains("customer-4"), "{screen}");
    assert!(screen.contains("2 shards from the oldest kept"), "{screen}");

    let esc = Msg::Key(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Esc,
        crossterm::event::KeyModifiers::NONE,
    ));
    let commands = update(&mut model, esc);
    support::drive::settle(&mut model, &runner, commands).await;
    assert!(model.records.is_none());
    // The reader's task ends once the runtime next polls it: waited for, not raced.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while runner.reading_records() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!runner.reading_records());
}

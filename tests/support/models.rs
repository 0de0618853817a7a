//! Builders for models in known states, with fixed clocks so tests and snapshots are stable.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kinetic::app::Command;
use kinetic::app::model::{Context, Model};
use kinetic::app::msg::{Msg, RequestId};
use kinetic::app::update::update;
use kinetic::config::Keymap;
use kinetic::domain::time::from_epoch_secs;
use kinetic::domain::{
    CapacityMode, HashRange, Shard, StreamListing, StreamStatus, StreamSummary, Timestamp,
};

/// 2026-11-21 12:00:00 UTC.
pub fn t0() -> Timestamp {
    from_epoch_secs(1_795_262_400)
}

pub fn context() -> Context {
    Context {
        profile: Some("prod-ops".into()),
        region: "eu-west-1".into(),
        endpoint: None,
        read_only: false,
        demo: false,
        production: false,
        read_only_reason: None,
    }
}

pub fn model(width: u16, height: u16) -> Model {
    Model::new(
        context(),
        Keymap::default_keymap().unwrap(),
        t0(),
        (width, height),
    )
}

pub fn listing(name: &str, status: StreamStatus, mode: CapacityMode) -> StreamListing {
    StreamListing {
        name: name.to_string(),
        arn: format!("arn:aws:kinesis:eu-west-1:123456789012:stream/{name}"),
        status: Some(status),
        mode: Some(mode),
        created: Some(t0() - chrono::Duration::days(30)),
    }
}

pub fn summary(name: &str, shards: u32) -> StreamSummary {
    StreamSummary {
        name: name.to_string(),
        arn: format!("arn:aws:kinesis:eu-west-1:123456789012:stream/{name}"),
        status: StreamStatus::Active,
        mode: Some(CapacityMode::Provisioned),
        open_shards: shards,
        retention_hours: 24,
        consumers: 1,
        shard_level_metrics: vec![],
        encryption: Some("KMS".into()),
        created: Some(t0() - chrono::Duration::days(30)),
        capacity: Default::default(),
    }
}

pub fn shards(count: u32) -> Vec<Shard> {
    HashRange::even_split(count)
        .into_iter()
        .enumerate()
        .map(|(i, hash_range)| Shard {
            id: format!("shardId-{i:012}"),
            hash_range,
            parent: None,
            adjacent_parent: None,
            open: true,
            starting_sequence: "1".into(),
        })
        .collect()
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn char_key(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types each character of `text` as a key press; returns every command produced.
pub fn type_text(model: &mut Model, text: &str) -> Vec<Command> {
    text.chars()
        .flat_map(|c| update(model, char_key(c)))
        .collect()
}

/// The request id of the ListStreams the model just asked for.
pub fn list_request(commands: &[Command]) -> RequestId {
    commands
        .iter()
        .find_map(|c| match c {
            Command::ListStreams { request } => Some(*request),
            _ => None,
        })
        .expect("no ListStreams command")
}

/// A model that has listed `listings` successfully at t0.
pub fn loaded(width: u16, height: u16, listings: Vec<StreamListing>) -> (Model, Vec<Command>) {
    let mut model = model(width, height);
    let commands = kinetic::app::update::init(&mut model);
    let request = list_request(&commands);
    let commands = update(
        &mut model,
        Msg::StreamsListed {
            request,
            at: t0(),
            result: Ok(listings),
        },
    );
    (model, commands)
}

/// The standard fixture: a handful of streams in different states.
pub fn fleet() -> Vec<StreamListing> {
    vec![
        listing(
            "orders-ingest",
            StreamStatus::Active,
            CapacityMode::Provisioned,
        ),
        listing(
            "payments-events",
            StreamStatus::Active,
            CapacityMode::Provisioned,
        ),
        listing(
            "clickstream-raw",
            StreamStatus::Active,
            CapacityMode::OnDemand,
        ),
        listing(
            "inventory-cdc",
            StreamStatus::Updating,
            CapacityMode::Provisioned,
        ),
        listing(
            "audit-events",
            StreamStatus::Creating,
            CapacityMode::OnDemand,
        ),
    ]
}

//! The record viewer and the partition-key view: opening them on a stream or a shard, reading
//! answers, follow and pause, search and filter, folds, writing the buffer, and the split point.
use super::super::command::Command;
use super::super::model::{Input, Level, Model};
use super::super::records_page::{RecordsPage, Scope, ShardReading};
use super::super::route::Route;
use super::super::tail_cursor::{self, Place};
use crate::config::Action;
use crate::domain::PortError;
use crate::domain::key_report;
use crate::domain::read_from::ReadFrom;
use crate::domain::record::Record;
use crate::domain::record_buffer::DEFAULT_CAPACITY;

/// `:keys` without a reader running reads from this long ago: enough records for the shares.
pub const KEYS_LOOKBACK: chrono::Duration = chrono::Duration::minutes(1);
/// Keys listed per ranking in `:keys`.
pub const TOP_KEYS: usize = 20;

/// The stream on show: the open stream detail, or the stream selected in the list.
fn stream_in_view(model: &Model) -> Option<String> {
    match model.route() {
        Route::StreamDetail(stream) | Route::Records(stream) | Route::Keys(stream) => {
            Some(stream.clone())
        }
        Route::Streams => model.streams.selected().map(|s| s.name.clone()),
        _ => None,
    }
}

/// `:records [trim-horizon|latest|TIME] [SHARD]`: every open shard, or one.
pub fn from_command(model: &mut Model, from: Option<&str>, shard: Option<&str>) -> Vec<Command> {
    let Some(stream) = stream_in_view(model) else {
        model.say(
            Level::Warn,
            "open a stream first: :records reads the stream in view",
        );
        return Vec::new();
    };
    let from = match ReadFrom::parse(from, model.now, model.tz) {
        Ok(from) => from,
        Err(error) => {
            model.say(Level::Error, error);
            return Vec::new();
        }
    };
    let scope = match shard {
        Some(shard) => Scope::Shard(shard.to_string()),
        None => Scope::AllOpen,
    };
    open(model, &stream, scope, from)
}

/// The read key in the stream detail: the selected shard, from now on.
pub fn read_selected_shard(model: &mut Model) -> Vec<Command> {
    let Some((stream, shard)) = model
        .stream_detail
        .as_ref()
        .and_then(|d| Some((d.stream.clone(), d.selected()?.id.clone())))
    else {
        return Vec::new();
    };
    open(model, &stream, Scope::Shard(shard), ReadFrom::Latest)
}

/// Opens the viewer over the stream's detail (opening the detail first when it is not open).
pub fn open(model: &mut Model, stream: &str, scope: Scope, from: ReadFrom) -> Vec<Command> {
    let mut commands = stop(model);
    // The viewer sits on the stream's detail: Esc goes back to it, and the key view maps keys
    // on its shards.
    while matches!(model.route(), Route::Records(_) | Route::Keys(_)) {
        model.routes.pop();
    }
    if model.route() != &Route::StreamDetail(stream.to_string()) {
        commands.extend(super::navigate::open_stream(model, stream));
        if model.route() != &Route::StreamDetail(stream.to_string()) {
            return commands;
        }
    }
    let session = model.request_id().0;
    model.records = Some(RecordsPage::new(
        session,
        stream.to_string(),
        scope.clone(),
        from.clone(),
        model.now,
        DEFAULT_CAPACITY,
    ));
    model.routes.push(Route::Records(stream.to_string()));
    commands.push(Command::StartRecords {
        session,
        stream: stream.to_string(),
        scope,
        from,
    });
    commands
}

/// Stops the running reader, if any.
pub fn stop(model: &mut Model) -> Vec<Command> {
    match model.records.take() {
        Some(page) => vec![Command::StopRecords {
            session: page.session,
        }],
        None => Vec::new(),
    }
}

/// `:keys`: the partition keys of the records read; starts reading the last minutes when
/// nothing is being read on this stream.
pub fn open_keys(model: &mut Model) -> Vec<Command> {
    let Some(stream) = stream_in_view(model) else {
        model.say(
            Level::Warn,
            "open a stream first: :keys shows the partition keys of the stream in view",
        );
        return Vec::new();
    };
    let mut commands = Vec::new();
    if model.records.as_ref().is_none_or(|p| p.stream != stream) {
        let from = ReadFrom::At(model.now - KEYS_LOOKBACK);
        commands = open(model, &stream, Scope::AllOpen, from);
        match model.records.as_mut() {
            // The keys are about now: the sample keeps moving with the newest records.
            Some(page) => page.hold_when_full = false,
            None => return commands,
        }
    }
    if model.route() != &Route::Keys(stream.clone()) {
        while matches!(model.route(), Route::Keys(_)) {
            model.routes.pop();
        }
        model.routes.push(Route::Keys(stream));
    }
    refresh_keys(model);
    commands
}

/// Rebuilds the key report from the records held and the stream's open shards.
fn refresh_keys(model: &mut Model) {
    let shards = model
        .stream_detail
        .as_ref()
        .map(|d| d.shards().to_vec())
        .unwrap_or_default();
    if let Some(page) = &mut model.records {
        page.keys = Some(key_report::report(page.all.iter(), &shards, TOP_KEYS));
    }
}

fn current(model: &mut Model, session: u64) -> Option<&mut RecordsPage> {
    model.records.as_mut().filter(|p| p.session == session)
}

pub fn on_read(
    model: &mut Model,
    session: u64,
    shard: String,
    records: Vec<Record>,
    behind_ms: Option<i64>,
) -> Vec<Command> {
    let tz = model.tz;
    let Some(page) = current(model, session) else {
        return Vec::new();
    };
    page.error = None;
    // The end of a fault is said only when its start was.
    let recovered = page.said.remove(&shard) | page.said.remove("");
    page.shards
        .insert(shard.clone(), ShardReading::Reading { behind_ms });
    let arrived = !records.is_empty();
    if arrived {
        // Keep the operator's place when paused: the cursor follows its record.
        let anchor = (!page.following)
            .then(|| page.shown().get(page.cursor).cloned())
            .flatten();
        page.ingest(records);
        page.cursor = match anchor {
            Some(record) => page.shown().position_of(&record).unwrap_or(0),
            None => page.shown().len().saturating_sub(1),
        };
    }
    let mut commands = Vec::new();
    let capacity = page.all.capacity();
    let room = capacity
        .saturating_sub(page.reading() * crate::app::record_reader::BATCH as usize)
        .max(capacity / 4);
    if page.hold_when_full && page.following && page.all.len() >= room {
        page.hold_when_full = false;
        page.cursor = 0;
        commands = set_following(page, false);
        let from = page.from.describe(tz);
        model.say(
            Level::Info,
            format!("reading holds with the buffer nearly full, so the records {from} stay; space reads on (the oldest then make room)"),
        );
    }
    // Empty batches (every second per shard) change nothing the report shows.
    if arrived && matches!(model.route(), Route::Keys(_)) {
        refresh_keys(model);
    }
    if recovered {
        model.say_background(Level::Info, format!("{shard} answers again"));
    }
    commands
}

/// A sentence in place of records, and once on the bottom line; throttling only in the title.
pub fn on_failed(model: &mut Model, session: u64, shard: String, error: PortError) -> Vec<Command> {
    let sentence = match &error {
        PortError::AccessDenied { api, .. } if api == "GetRecords" || api == "GetShardIterator" => {
            format!(
                "access denied for kinesis:{api}: this role may not read the stream's data. Reading needs kinesis:GetShardIterator and kinesis:GetRecords (some teams leave them out on purpose: they read the data itself)"
            )
        }
        _ => model.sentence(&error),
    };
    let Some(page) = current(model, session) else {
        return Vec::new();
    };
    // Said once: at once when it needs the operator (a permission, credentials), and a
    // transient one (network, 5xx) once it outlasts a retry. Throttling shows in the title.
    let failed_before = shard.is_empty() && page.error.is_some()
        || matches!(page.shards.get(&shard), Some(ShardReading::Failed { .. }));
    let say = !error.is_throttling()
        && !page.said.contains(&shard)
        && (!error.is_transient() || failed_before);
    if say {
        page.said.insert(shard.clone());
    }
    if shard.is_empty() {
        page.error = Some(sentence.clone());
    } else {
        page.shard_failed(shard.clone(), &error, sentence.clone());
    }
    if say {
        let place = if shard.is_empty() {
            String::from("reading records")
        } else {
            format!("reading {shard}")
        };
        model.say_background(
            Level::Error,
            format!("{place}: {sentence} (kinetic keeps trying, less often)"),
        );
    }
    Vec::new()
}

/// The reader planned its walk: said once, and shown in the title while closed shards remain.
pub fn on_walk(model: &mut Model, session: u64, shards: usize, closed: usize) -> Vec<Command> {
    let tz = model.tz;
    let Some(page) = current(model, session) else {
        return Vec::new();
    };
    page.walk = Some(crate::app::records_page::Walk { shards, closed });
    let from = page.from.describe(tz);
    if closed > 0 {
        let text = format!(
            "reading {shards} shards {from}: the {closed} closed by a reshard first, each before its children, then the open ones"
        );
        model.say_background(Level::Info, text);
    }
    Vec::new()
}

pub fn on_shard_ended(
    model: &mut Model,
    session: u64,
    shard: String,
    children: Vec<String>,
) -> Vec<Command> {
    let Some(page) = current(model, session) else {
        return Vec::new();
    };
    page.shards.insert(
        shard.clone(),
        ShardReading::Ended {
            children: children.clone(),
        },
    );
    let text = if children.is_empty() {
        format!("{shard} is closed and was read to its end")
    } else {
        format!(
            "{shard} is closed and was read to its end; reading its children {}",
            children.join(", ")
        )
    };
    model.say_background(Level::Info, text);
    Vec::new()
}

/// Following is reading: looking at a record holds the reader still, so it does not scroll
/// away (each shard keeps its place and reads on when following resumes).
fn set_following(page: &mut RecordsPage, following: bool) -> Vec<Command> {
    if page.following == following {
        return Vec::new();
    }
    page.following = following;
    vec![Command::PauseRecords {
        session: page.session,
        paused: !following,
    }]
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    if matches!(model.route(), Route::Keys(_)) {
        return on_keys_action(model, action);
    }
    let rows = model.log_rows();
    let Some(page) = model.records.as_mut() else {
        return Vec::new();
    };
    let place = Place {
        following: page.following,
        cursor: page.cursor,
    };
    if let Some((place, hit)) = tail_cursor::moved(action, place, page.shown().len(), rows, || {
        page.match_indexes()
    }) {
        page.cursor = place.cursor;
        if hit.is_some() {
            page.search.current = hit;
        }
        return set_following(page, place.following);
    }
    let last = page.shown().len().saturating_sub(1);
    match action {
        Action::Open => {
            if page.following {
                page.cursor = last;
            }
            if let Some(record) = page.shown().get(page.cursor) {
                let key = record.key();
                if !page.expanded.remove(&key) {
                    page.expanded.insert(key);
                }
            }
            return set_following(page, false);
        }
        Action::LogPattern => {
            model.input = Input::RecordFilter(page.filter.clone());
        }
        Action::WriteLogs => return write(model),
        Action::Keys => return open_keys(model),
        _ => {}
    }
    Vec::new()
}

fn on_keys_action(model: &mut Model, action: Action) -> Vec<Command> {
    match action {
        Action::Split => split_hottest(model),
        Action::Keys => {
            model.routes.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `s` in `:keys`: the split dialog on the hottest shard, at the hash key that halves its load.
fn split_hottest(model: &mut Model) -> Vec<Command> {
    let Some(hot) = model
        .records
        .as_ref()
        .and_then(|p| p.keys.as_ref())
        .and_then(|k| k.hottest.clone())
    else {
        model.say(Level::Warn, "no records read yet: nothing to split by");
        return Vec::new();
    };
    let at = match hot.split {
        Ok(split) => split.at,
        Err(error) => {
            model.say(Level::Warn, format!("{}: {error}", hot.shard));
            return Vec::new();
        }
    };
    super::stream_ops::open_split_at(model, &hot.shard, at)
}

/// Typing a filter; it applies as typed, Enter keeps it, Esc clears it.
pub fn on_filter_key(model: &mut Model, key: crossterm::event::KeyEvent) -> Vec<Command> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let Input::RecordFilter(text) = &mut model.input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            text.clear();
            model.input = Input::Normal;
        }
        KeyCode::Enter => {
            model.input = Input::Normal;
            return Vec::new();
        }
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => text.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
        _ => return Vec::new(),
    }
    let filter = match &model.input {
        Input::RecordFilter(text) => text.clone(),
        _ => String::new(),
    };
    if let Some(page) = &mut model.records {
        page.filter = filter;
        page.apply_filter();
    }
    Vec::new()
}

/// `w`: the shown records as JSON lines, to a file in the working directory.
fn write(model: &mut Model) -> Vec<Command> {
    let Some(page) = model.records.as_ref() else {
        return Vec::new();
    };
    let mut text = String::new();
    for record in page.shown().iter() {
        text.push_str(&record.to_json_line());
        text.push('\n');
    }
    let path = std::path::PathBuf::from(format!(
        "kinetic-records-{}-{}.jsonl",
        tail_cursor::file_name_part(&page.stream),
        model.now.format("%Y%m%dT%H%M%SZ")
    ));
    vec![Command::WriteLogs { path, text }]
}

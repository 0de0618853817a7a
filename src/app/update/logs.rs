//! The log view: opening a query, following, scrolling, search, folds, older events, writing out.
use super::super::command::Command;
use super::super::logs_page::LogsPage;
use super::super::model::{Input, Level, Model};
use super::super::route::Route;
use super::super::tail_cursor::{self, Place};
use crate::config::Action;
use crate::domain::PortError;
use crate::domain::log_event::{LogEvent, LogLine};
use crate::ports::LogQuery;

/// `[` looks this far back before the oldest loaded event.
pub const OLDER_MINUTES: i64 = 15;

/// Opens the log view on a query (from `:logs` or an application), from `--since` ago.
pub fn open(model: &mut Model, query: LogQuery, title: String) -> Vec<Command> {
    let since = model.now - model.log_settings.since;
    open_from(model, query, title, since)
}

/// Opens the log view on a query from `since`.
pub fn open_from(
    model: &mut Model,
    query: LogQuery,
    title: String,
    since: crate::domain::Timestamp,
) -> Vec<Command> {
    let mut commands = stop(model);
    let session = model.request_id().0;
    let settings = model.log_settings;
    model.logs = Some(LogsPage::new(
        session,
        query.clone(),
        settings.mode,
        settings.capacity,
    ));
    model.routes.push(Route::Logs(title));
    commands.push(Command::StartLogs {
        session,
        query,
        since,
        mode: settings.mode,
    });
    commands
}

/// Stops the running follower, if any.
pub fn stop(model: &mut Model) -> Vec<Command> {
    match model.logs.take() {
        Some(page) => vec![Command::StopLogs {
            session: page.session,
        }],
        None => Vec::new(),
    }
}

/// `:logs GROUP [STREAM-PREFIX]`.
pub fn from_command(model: &mut Model, group: Option<&str>, prefix: Option<&str>) -> Vec<Command> {
    let Some(group) = group else {
        model.say(Level::Error, "usage: :logs LOG-GROUP [STREAM-PREFIX]");
        return Vec::new();
    };
    let query = LogQuery {
        group: group.to_string(),
        stream_prefix: prefix.map(str::to_string),
        pattern: None,
    };
    open(model, query, group.to_string())
}

/// `l` on an application: its CloudWatch logging destination.
pub fn for_app(model: &mut Model, app: &str) -> Vec<Command> {
    let since = model.now - model.log_settings.since;
    for_app_from(model, app, since)
}

/// The application's logs from `since` (the rollback guide opens them at the failure).
pub fn for_app_from(model: &mut Model, app: &str, since: crate::domain::Timestamp) -> Vec<Command> {
    let detail = model
        .app_detail
        .as_ref()
        .filter(|p| p.app == app)
        .and_then(|p| p.detail.value().cloned())
        .or_else(|| model.apps.facts.details.value(app).cloned());
    let Some(detail) = detail else {
        model.say(
            Level::Warn,
            format!("{app}'s configuration has not loaded yet; try again in a moment"),
        );
        return Vec::new();
    };
    let Some((group, stream)) = detail.log_destination() else {
        model.say(
            Level::Warn,
            format!("{app} has no CloudWatch logging configured"),
        );
        return Vec::new();
    };
    let query = LogQuery {
        group,
        stream_prefix: (!stream.is_empty()).then_some(stream),
        pattern: None,
    };
    open_from(model, query, format!("{app} logs"), since)
}

fn page_mut(model: &mut Model) -> Option<&mut LogsPage> {
    model.logs.as_mut()
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let rows = model.log_rows();
    let now = model.now;
    let Some(page) = page_mut(model) else {
        return Vec::new();
    };
    let place = Place {
        following: page.following,
        cursor: page.cursor,
    };
    if let Some((place, hit)) = tail_cursor::moved(action, place, page.buffer.len(), rows, || {
        page.match_indexes()
    }) {
        page.following = place.following;
        page.cursor = place.cursor;
        if hit.is_some() {
            page.search.current = hit;
        }
        return Vec::new();
    }
    match action {
        Action::Open => {
            if let Some(event) = page.buffer.get(page.cursor) {
                let key = event.key();
                if !page.expanded.remove(&key) {
                    page.expanded.insert(key);
                }
            }
        }
        Action::Older => {
            if page.loading_older {
                return Vec::new();
            }
            let before = page.buffer.oldest().map_or(now, |e| e.timestamp);
            page.loading_older = true;
            return vec![Command::OlderLogs {
                session: page.session,
                query: page.query.clone(),
                before,
                minutes: OLDER_MINUTES,
            }];
        }
        Action::LogPattern => {
            let current = page.query.pattern.clone().unwrap_or_default();
            model.input = Input::LogPattern(current);
        }
        Action::WriteLogs => return write(model),
        _ => {}
    }
    Vec::new()
}

/// Typing a filter pattern; Enter restarts the session with it, Esc cancels.
pub fn on_pattern_key(model: &mut Model, key: crossterm::event::KeyEvent) -> Vec<Command> {
    use crossterm::event::KeyCode;
    let Input::LogPattern(text) = &mut model.input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => model.input = Input::Normal,
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) => text.push(c),
        KeyCode::Enter => {
            let pattern = text.trim().to_string();
            model.input = Input::Normal;
            let Some(page) = model.logs.as_ref() else {
                return Vec::new();
            };
            let mut query = page.query.clone();
            query.pattern = (!pattern.is_empty()).then_some(pattern);
            let title = match model.route() {
                Route::Logs(title) => title.clone(),
                _ => query.group.clone(),
            };
            // A new pattern is a new session: its events replace the buffer.
            model.routes.pop();
            return open(model, query, title);
        }
        _ => {}
    }
    Vec::new()
}

fn current(model: &mut Model, session: u64) -> Option<&mut LogsPage> {
    model.logs.as_mut().filter(|p| p.session == session)
}

pub fn on_events(
    model: &mut Model,
    session: u64,
    events: Vec<LogEvent>,
    sampled: bool,
) -> Vec<Command> {
    if let Some(page) = current(model, session) {
        // Keep the operator's place when paused: the cursor follows its event.
        let anchor = (!page.following)
            .then(|| page.buffer.get(page.cursor).cloned())
            .flatten();
        page.ingest(events);
        if sampled {
            page.sampled_updates += 1;
        }
        match anchor {
            Some(event) => page.cursor = page.buffer.position_of(&event).unwrap_or(0),
            None => page.cursor = page.buffer.len().saturating_sub(1),
        }
    }
    on_answered(model, session)
}

pub fn on_note(model: &mut Model, session: u64, note: String) -> Vec<Command> {
    if let Some(page) = current(model, session) {
        page.mode_note = note;
    }
    Vec::new()
}

/// Shown in place while reads fail; said once when they start failing.
pub fn on_failed(model: &mut Model, session: u64, error: PortError) -> Vec<Command> {
    let sentence = model.sentence(&error);
    if let Some(page) = current(model, session) {
        let starts = page.error.is_none();
        page.error = Some(sentence.clone());
        if starts {
            model.say_background(
                Level::Error,
                format!("{sentence} (the log keeps what it has and asks less often)"),
            );
        }
    }
    Vec::new()
}

/// Reads answer again after failing.
pub fn on_answered(model: &mut Model, session: u64) -> Vec<Command> {
    if let Some(page) = current(model, session)
        && page.error.take().is_some()
    {
        model.say_background(Level::Info, "the log answers again");
    }
    Vec::new()
}

pub fn on_older(
    model: &mut Model,
    session: u64,
    result: Result<Vec<LogEvent>, PortError>,
) -> Vec<Command> {
    let Some(page) = current(model, session) else {
        return Vec::new();
    };
    page.loading_older = false;
    match result {
        Ok(events) => {
            let anchor = page.buffer.get(page.cursor).cloned();
            page.older_exhausted = events.is_empty();
            let added = page.ingest(events);
            if let Some(event) = anchor {
                page.cursor = page.buffer.position_of(&event).unwrap_or(0);
            }
            let text = if added == 0 {
                format!("no older events in the {OLDER_MINUTES} minutes before the oldest line")
            } else {
                format!("loaded {added} older events")
            };
            model.say(Level::Info, text);
        }
        Err(error) => model.say(Level::Error, error.to_string()),
    }
    Vec::new()
}

pub fn on_written(
    model: &mut Model,
    path: std::path::PathBuf,
    result: Result<usize, String>,
) -> Vec<Command> {
    match result {
        Ok(lines) => model.say(
            Level::Info,
            format!("wrote {lines} lines to {}", path.display()),
        ),
        Err(error) => model.say(
            Level::Error,
            format!("could not write {}: {error}", path.display()),
        ),
    }
    Vec::new()
}

/// `w`: the buffer as text, one event per line with its stack trace, to a file in the working directory.
fn write(model: &mut Model) -> Vec<Command> {
    let Some(page) = model.logs.as_ref() else {
        return Vec::new();
    };
    let mut text = String::new();
    for event in page.buffer.iter() {
        let line = LogLine::parse(&event.message);
        text.push_str(&format!(
            "{} {} {} {}\n",
            event.timestamp.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            line.level.map_or("-", |l| l.as_str()),
            line.logger.as_deref().unwrap_or("-"),
            line.message
        ));
        for stack_line in &line.stack {
            text.push_str(&format!("    {stack_line}\n"));
        }
    }
    let path = std::path::PathBuf::from(format!(
        "kinetic-logs-{}-{}.log",
        tail_cursor::file_name_part(&page.query.group),
        model.now.format("%Y%m%dT%H%M%SZ")
    ));
    vec![Command::WriteLogs { path, text }]
}

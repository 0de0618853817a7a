//! The watched contexts: reading those not in view when due, what a read says (an alarm that starts firing, a failure, once each), and the `:contexts` screen, whose Enter switches.
use super::super::command::Command;
use super::super::contexts_page::Watched;
use super::super::model::{Level, Model};
use super::super::route::Route;
use crate::config::Action;
use crate::domain::watch::{ContextCounts, WatchedContext};
use crate::domain::{PortError, Timestamp};

/// Whether `context` is the one in view.
pub fn in_view(model: &Model, context: &WatchedContext) -> bool {
    context.is(model.context.profile.as_deref(), &model.context.region)
        && (context.endpoint.is_none() || context.endpoint == model.context.endpoint)
}

/// A read of every watched context not in view whose time has come.
pub fn due(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let in_view: Vec<bool> = model
        .contexts
        .watched
        .iter()
        .map(|w| in_view(model, &w.pulse.context))
        .collect();
    model
        .contexts
        .watched
        .iter_mut()
        .zip(in_view)
        .filter(|(w, shown)| !shown && !w.in_flight && w.next_read.is_none_or(|at| at <= now))
        .map(|(w, _)| {
            w.in_flight = true;
            Command::ReadWatched {
                context: w.pulse.context.clone(),
            }
        })
        .collect()
}

/// When the next watched read is due (None: nothing is watched out of view).
pub fn next_due(model: &Model) -> Option<Timestamp> {
    model
        .contexts
        .watched
        .iter()
        .filter(|w| !w.in_flight && !in_view(model, &w.pulse.context))
        .map(|w| w.next_read.unwrap_or(model.now))
        .min()
}

/// A watched context's read came back.
pub fn on_read(
    model: &mut Model,
    label: &str,
    result: Result<ContextCounts, PortError>,
    at: Timestamp,
) -> Vec<Command> {
    let sentence = result.as_ref().err().map(|e| sentence(model, label, e));
    let now = model.now;
    let Some(watched) = model.contexts.get_mut(label) else {
        return Vec::new();
    };
    watched.in_flight = false;
    // The next read is due on the console's own clock, whenever the answer was made.
    let said = match (result, sentence) {
        (Ok(counts), _) => read_well(watched, counts, at, now),
        (Err(_), Some(sentence)) => read_badly(watched, sentence, now),
        (Err(_), None) => None,
    };
    if let Some((level, text)) = said {
        model.say_background(level, text);
    }
    Vec::new()
}

/// The counts replace the last; a failure that stood is over; alarms that joined those in
/// ALARM are said (not those already firing at the first read: the row and header show them).
fn read_well(
    watched: &mut Watched,
    counts: ContextCounts,
    at: Timestamp,
    now: Timestamp,
) -> Option<(Level, String)> {
    let label = watched.label().to_string();
    let recovered = watched.pulse.failure.take().is_some();
    watched.failures = 0;
    watched.next_read = Some(now + watched.wait());
    watched.pulse.read_at = Some(at);
    let now_firing: std::collections::BTreeSet<String> =
        counts.alarms.iter().map(|a| a.name.clone()).collect();
    let started: Vec<&crate::domain::Alarm> = match &watched.firing {
        Some(before) => counts
            .alarms
            .iter()
            .filter(|a| !before.contains(&a.name))
            .collect(),
        None => Vec::new(),
    };
    let said = match started.as_slice() {
        [] if recovered => Some((Level::Info, format!("{label} answers again"))),
        [] => None,
        [alarm] => Some((
            Level::Error,
            format!(
                "{label}: alarm {} is firing ({} {}); :contexts, then enter, to look",
                alarm.name,
                alarm.metric,
                on_what(alarm)
            ),
        )),
        many => Some((
            Level::Error,
            format!(
                "{label}: {} alarms started firing ({}); :contexts, then enter, to look",
                many.len(),
                many.iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    };
    watched.firing = Some(now_firing);
    watched.pulse.counts = Some(counts);
    said
}

/// What an alarm is on, in a few words.
fn on_what(alarm: &crate::domain::Alarm) -> String {
    alarm
        .stream()
        .map(|s| format!("on stream {s}"))
        .or_else(|| alarm.application().map(|a| format!("on application {a}")))
        .unwrap_or_default()
}

/// The last counts stay, marked stale with the sentence; a new failure is said once.
fn read_badly(watched: &mut Watched, sentence: String, now: Timestamp) -> Option<(Level, String)> {
    watched.failures = watched.failures.saturating_add(1);
    watched.next_read = Some(now + watched.wait());
    let new = watched.pulse.failure.as_deref() != Some(sentence.as_str());
    watched.pulse.failure = Some(sentence.clone());
    new.then_some((Level::Warn, sentence))
}

/// A watched context's failure as the operator acts on it: expired credentials name its
/// own profile.
fn sentence(model: &Model, label: &str, error: &PortError) -> String {
    let watched = model
        .contexts
        .watched
        .iter()
        .find(|w| w.label() == label)
        .map(|w| &w.pulse.context);
    match (error, watched) {
        (PortError::Credentials { .. }, Some(context)) => {
            let profile = context.profile.as_deref().unwrap_or("default");
            format!(
                "{label}: AWS credentials for profile {profile} are expired or invalid: run `aws sso login --profile {profile}`; the other contexts carry on"
            )
        }
        (error, _) => format!(
            "{label}: {}; its last counts stay, marked STALE",
            model.sentence(error)
        ),
    }
}

/// `:contexts`: the screen of every watched context.
pub fn open(model: &mut Model) -> Vec<Command> {
    if model.contexts.watched.is_empty() {
        model.say(
            Level::Info,
            "no other context is watched: add [[watch]] entries to kinetic's config file, or start it with --watch PROFILE@REGION",
        );
        return Vec::new();
    }
    model.routes = vec![Route::Contexts];
    model.stream_detail = None;
    model.app_detail = None;
    due(model)
}

/// Moving through the contexts; Enter switches to the selected one.
pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let len = model.contexts.watched.len();
    let page = model.streams_page_rows();
    if model.contexts.table.navigate(action, len, page) {
        return Vec::new();
    }
    if action != Action::Open {
        return Vec::new();
    }
    let Some(context) = model
        .contexts
        .watched
        .get(model.contexts.table.cursor)
        .map(|w| w.pulse.context.clone())
    else {
        return Vec::new();
    };
    if in_view(model, &context) {
        model.say(
            Level::Info,
            format!("{} is the context in view", context.label),
        );
        return Vec::new();
    }
    super::switch_context::to_watched(model, context)
}

/// The worst of the contexts not in view, for every screen's header: "eu-west-1: 1 failing ·
/// 2 alarms", or that one cannot be read.
pub fn worst_elsewhere(model: &Model) -> Option<String> {
    let others: Vec<&Watched> = model
        .contexts
        .watched
        .iter()
        .filter(|w| !in_view(model, &w.pulse.context))
        .collect();
    let worst = others
        .iter()
        .filter_map(|w| Some((w, w.pulse.counts.as_ref()?.worst()?)))
        .max_by_key(|(w, _)| w.pulse.counts.as_ref().map(ContextCounts::severity));
    let stale = others.iter().filter(|w| w.pulse.stale()).count();
    match (worst, stale) {
        (Some((w, text)), 0) => Some(format!("{}: {text}", w.label())),
        (Some((w, text)), n) => Some(format!("{}: {text} · {n} stale", w.label())),
        (None, 0) => None,
        (None, 1) => others
            .iter()
            .find(|w| w.pulse.stale())
            .map(|w| format!("{}: STALE", w.label())),
        (None, n) => Some(format!("{n} contexts STALE")),
    }
}

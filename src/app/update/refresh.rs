//! When to reload: at start, every `--refresh` seconds for the screen on show, and on ctrl-r.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::route::Route;
use super::{app_detail, apps, stream_detail, streams};

/// The first loads when the console starts.
pub fn init(model: &mut Model) -> Vec<Command> {
    refresh_now(model)
}

/// Reloads the data of the screen on show; a load already in flight is not repeated.
pub fn refresh_now(model: &mut Model) -> Vec<Command> {
    model.last_refresh = Some(model.now);
    // Both lists feed the health pulse in the header, so both refresh on every screen.
    let mut commands = Vec::new();
    let now = model.now;
    if !listing_due(model) {
        // A large account's listing waits for its minute: the rows on screen keep this pace.
        if model.route() == &Route::Streams && model.streams.list_request.is_none() {
            commands.extend(streams::fill_details(model, true));
        }
    } else if model.streams.list_request.is_none() && model.faults.ready(Api::ListStreams, now) {
        let request = model.request_id();
        model.streams.list_request = Some(request);
        model.streams.list_asked = Some(now);
        model.streams.list.start();
        commands.push(Command::ListStreams { request });
    }
    // The first screen is the streams table: what feeds only the pulse waits for its listing.
    let first_screen = model.route() == &Route::Streams && model.streams.list.is_loading();
    if !first_screen {
        commands.extend(super::pulse_lists::ask(model));
    }
    match model.route() {
        // The record and key views map keys onto the stream's shards: keep them current.
        Route::StreamDetail(_) | Route::Records(_) | Route::Keys(_) => {
            commands.extend(stream_detail::refresh(model));
        }
        Route::AppDetail(_) => commands.extend(app_detail::refresh(model)),
        Route::Rollback(_)
            if !model
                .rollback
                .as_ref()
                .is_some_and(|p| p.facts.is_loading())
                && model.faults.ready(Api::RollbackFacts, now) =>
        {
            commands.extend(super::rollback::load(model));
        }
        _ => {}
    }
    commands
}

/// Whether the whole stream listing is read again at this refresh (see `listing_pace`): a
/// failing listing is tried again at its fault's pace instead, so the failure stays known and
/// is said once.
fn listing_due(model: &Model) -> bool {
    if model.faults.get(Api::ListStreams).is_some() {
        return true;
    }
    let every =
        crate::app::listing_pace::listing_every(model.streams.items().len(), model.refresh_every);
    model
        .streams
        .list_asked
        .is_none_or(|at| model.now - at >= every)
}

pub fn on_tick(model: &mut Model) -> Vec<Command> {
    let mut commands = super::follow::on_tick(model);
    commands.extend(on_tick_screen(model));
    commands
}

fn on_tick_screen(model: &mut Model) -> Vec<Command> {
    let due = model
        .last_refresh
        .is_none_or(|at| model.now - at >= model.refresh_every);
    if due {
        return refresh_now(model);
    }
    fill_screen(model)
}

/// Between refreshes: the details of rows that came into view.
pub fn fill_screen(model: &mut Model) -> Vec<Command> {
    match model.route() {
        Route::Streams => streams::fill_details(model, false),
        Route::StreamDetail(_) => stream_detail::fill_shard_metrics(model),
        Route::Apps => apps::fill(model),
        Route::AppDetail(_)
        | Route::Logs(_)
        | Route::Records(_)
        | Route::Keys(_)
        | Route::Rollback(_)
        | Route::Help
        | Route::Alarms
        | Route::Contexts => Vec::new(),
    }
}

//! When to reload: at start, every `--refresh` seconds for the screen on show, and on ctrl-r.
use super::super::command::Command;
use super::super::model::Model;
use super::super::route::Route;
use super::{detail, streams};

/// The first loads when the console starts.
pub fn init(model: &mut Model) -> Vec<Command> {
    refresh_now(model)
}

/// Reloads the data of the screen on show; a load already in flight is not repeated.
pub fn refresh_now(model: &mut Model) -> Vec<Command> {
    model.last_refresh = Some(model.now);
    let on_detail = model
        .routes
        .iter()
        .any(|r| matches!(r, Route::StreamDetail(_)));
    if on_detail {
        return detail::refresh(model);
    }
    let mut commands = Vec::new();
    if model.streams.list_request.is_none() {
        let request = model.request_id();
        model.streams.list_request = Some(request);
        model.streams.list.start();
        commands.push(Command::ListStreams { request });
    }
    commands
}

pub fn on_tick(model: &mut Model) -> Vec<Command> {
    let due = model
        .last_refresh
        .is_none_or(|at| model.now - at >= model.refresh_every);
    if due {
        return refresh_now(model);
    }
    // Between refreshes, fill rows that scrolled into view.
    match model.route() {
        Route::Streams => streams::fill_details(model, false),
        Route::StreamDetail(_) => detail::fill_shard_metrics(model),
        Route::Help => Vec::new(),
    }
}

//! Key presses: ctrl-c, the input line modes, then the keymap's actions for the current screen.
use super::super::action::Action;
use super::super::command::Command;
use super::super::model::{Input, Model};
use super::super::route::Route;
use super::{command_line, detail, refresh, streams};
use crate::config::KeySpec;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    if KeySpec::is_ctrl_c(&key) {
        model.quit = true;
        return Vec::new();
    }
    match model.input {
        Input::Command(_) => command_line::on_key(model, key),
        Input::Filter => on_filter_key(model, key),
        Input::Normal => match KeySpec::from_event(&key)
            .and_then(|spec| model.keymap.action_for(&model.sections(), &spec))
        {
            Some(action) => apply(model, action),
            None => Vec::new(),
        },
    }
}

/// Runs one action on the current screen.
pub fn apply(model: &mut Model, action: Action) -> Vec<Command> {
    match action {
        Action::Quit => {
            if model.routes.len() <= 1 {
                model.quit = true;
            } else {
                go_back(model);
            }
            Vec::new()
        }
        Action::Help => {
            if model.route() != &Route::Help {
                model.help_offset = 0;
                model.routes.push(Route::Help);
            }
            Vec::new()
        }
        Action::CommandMode => {
            model.input = Input::Command(String::new());
            Vec::new()
        }
        Action::FilterMode => {
            if model.route() != &Route::Help {
                model.input = Input::Filter;
            }
            Vec::new()
        }
        Action::Back => {
            if !clear_filter(model) {
                go_back(model);
            }
            Vec::new()
        }
        Action::Refresh => refresh::refresh_now(model),
        Action::None => Vec::new(),
        _ => match model.route().clone() {
            Route::Streams => streams::on_action(model, action),
            Route::StreamDetail(_) => detail::on_action(model, action),
            Route::Help => {
                on_help_action(model, action);
                Vec::new()
            }
        },
    }
}

fn go_back(model: &mut Model) {
    if model.routes.len() > 1 {
        let left = model.routes.pop();
        if matches!(left, Some(Route::StreamDetail(_))) {
            model.detail = None;
        }
    }
}

fn on_help_action(model: &mut Model, action: Action) {
    match action {
        Action::Down => model.help_offset += 1,
        Action::Up => model.help_offset = model.help_offset.saturating_sub(1),
        _ => {}
    }
}

/// Clears the current table's filter; false when there was none.
fn clear_filter(model: &mut Model) -> bool {
    let page = model.streams_page_rows();
    let shard_page = model.shards_page_rows();
    match model.route() {
        Route::Streams if !model.streams.table.filter.is_empty() => {
            model.streams.table.filter.clear();
            model.streams.rebuild_rows(page);
            true
        }
        Route::StreamDetail(_) => match &mut model.detail {
            Some(detail) if !detail.table.filter.is_empty() => {
                detail.table.filter.clear();
                detail.rebuild_rows(shard_page);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Typing filters live; Enter keeps the filter, Esc clears it.
fn on_filter_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let page = model.streams_page_rows();
    let shard_page = model.shards_page_rows();
    let on_streams = model.route() == &Route::Streams;
    let Some(filter) = (if on_streams {
        Some(&mut model.streams.table.filter)
    } else {
        model.detail.as_mut().map(|d| &mut d.table.filter)
    }) else {
        model.input = Input::Normal;
        return Vec::new();
    };
    match key.code {
        KeyCode::Enter => model.input = Input::Normal,
        KeyCode::Esc => {
            filter.clear();
            model.input = Input::Normal;
        }
        KeyCode::Backspace => {
            filter.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => filter.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => filter.push(c),
        _ => return Vec::new(),
    }
    if on_streams {
        model.streams.table.cursor = 0;
        model.streams.rebuild_rows(page);
    } else if let Some(detail) = &mut model.detail {
        detail.table.cursor = 0;
        detail.rebuild_rows(shard_page);
    }
    Vec::new()
}

//! Key presses: ctrl-c, the input line modes, then the keymap's actions for the current screen.
use super::super::command::Command;
use super::super::model::{Input, Model};
use super::super::route::Route;
use super::app_ops::{self, AppAction};
use super::{
    alarms, app_detail, apps, command_line, confirm, logs, navigate, pulse, records, refresh,
    rollback, stream_detail, stream_ops, streams,
};
use crate::app::modal::Modal;
use crate::config::Action;
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
    if super::typed_ahead::waiting_for(model).is_some() {
        return super::typed_ahead::hold(model, key);
    }
    match &model.modal {
        Some(Modal::Confirm(_)) => return confirm::on_confirm_key(model, key),
        Some(Modal::App(_)) => return app_ops::on_dialog_key(model, key),
        Some(Modal::Jars(_)) => return super::job_deploy::on_picker_key(model, key),
        Some(_) => return stream_ops::on_dialog_key(model, key),
        None => {}
    }
    match model.input {
        Input::Command(_) => {
            let (mut commands, action) = command_line::on_key(model, key);
            if let Some(action) = action {
                commands.extend(apply(model, action));
            }
            commands
        }
        Input::Filter => on_filter_key(model, key),
        Input::LogPattern(_) => logs::on_pattern_key(model, key),
        Input::RecordFilter(_) => records::on_filter_key(model, key),
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
    if action == Action::Open
        && let Some(target) = navigate::open_target(model)
    {
        return navigate::open(model, target);
    }
    match action {
        Action::Quit => {
            if model.routes.len() <= 1 {
                model.quit = true;
                Vec::new()
            } else {
                navigate::go_back(model)
            }
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
            if matches!(
                model.route(),
                Route::Streams
                    | Route::StreamDetail(_)
                    | Route::Apps
                    | Route::Logs(_)
                    | Route::Records(_)
            ) {
                // A new `/` starts a new filter, as in k9s and less.
                clear_filter(model);
                model.input = Input::Filter;
            }
            Vec::new()
        }
        Action::Back => {
            if clear_filter(model) || app_detail::clear_marks(model) {
                return Vec::new();
            }
            navigate::go_back(model)
        }
        Action::Pulse => pulse::jump_to_worst(model),
        Action::Contexts => super::contexts::open(model),
        Action::ReadShard => records::read_selected_shard(model),
        Action::Reshard => stream_ops::open_planner(model),
        Action::Split if matches!(model.route(), Route::Keys(_)) => {
            records::on_action(model, action)
        }
        Action::Split => stream_ops::open_split(model),
        Action::Merge => stream_ops::plan_merge(model),
        Action::CapacityMode => stream_ops::plan_mode_switch(model),
        Action::Retention => stream_ops::open_retention(model),
        Action::Warm => super::capacity::warm(model, None),
        Action::Spread => super::capacity::distribution(model, Some("auto")),
        Action::Snapshot => app_ops::begin(model, AppAction::Snapshot, None),
        Action::DeleteSnapshot => app_ops::begin(model, AppAction::DeleteSnapshot, None),
        Action::Start => app_ops::begin(model, AppAction::Start, None),
        Action::Stop => app_ops::begin(model, AppAction::Stop, None),
        Action::Deploy => app_ops::begin(model, AppAction::Deploy, None),
        Action::Scale => app_ops::begin(model, AppAction::Scale, None),
        Action::Rollback => match app_ops::target_app(model) {
            Some(app) => navigate::open_rollback(model, &app, None),
            None => Vec::new(),
        },
        Action::Logs if matches!(model.route(), Route::Rollback(_)) => {
            rollback::on_action(model, action)
        }
        Action::Logs => {
            let app = match model.route() {
                Route::Apps => model.apps.selected().map(|s| s.name.clone()),
                Route::AppDetail(app) => Some(app.clone()),
                _ => None,
            };
            app.map(|app| logs::for_app(model, &app))
                .unwrap_or_default()
        }
        Action::Refresh => {
            // The operator asked: failing calls are tried at once, whatever their wait.
            let now = model.now;
            model.faults.retry_now(now);
            // And everything is read again, a large account's whole listing too.
            model.streams.list_asked = None;
            refresh::refresh_now(model)
        }
        Action::None => Vec::new(),
        _ => match model.route().clone() {
            Route::Streams => streams::on_action(model, action),
            Route::StreamDetail(_) => stream_detail::on_action(model, action),
            Route::Apps => apps::on_action(model, action),
            Route::AppDetail(_) => app_detail::on_action(model, action),
            Route::Logs(_) => logs::on_action(model, action),
            Route::Rollback(_) => rollback::on_action(model, action),
            Route::Help => {
                on_help_action(model, action);
                Vec::new()
            }
            Route::Alarms => alarms::on_action(model, action),
            Route::Contexts => super::contexts::on_action(model, action),
            Route::Records(_) | Route::Keys(_) => records::on_action(model, action),
        },
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
        Route::Logs(_) if model.logs.as_ref().is_some_and(|l| !l.search.is_empty()) => {
            if let Some(logs) = &mut model.logs {
                logs.search.clear();
            }
            true
        }
        Route::Records(_) if model.records.as_ref().is_some_and(|r| !r.search.is_empty()) => {
            if let Some(records) = &mut model.records {
                records.search.clear();
            }
            true
        }
        Route::Records(_) if model.records.as_ref().is_some_and(|r| !r.filter.is_empty()) => {
            if let Some(records) = &mut model.records {
                records.filter.clear();
                records.apply_filter();
            }
            true
        }
        Route::Apps if !model.apps.table.filter.is_empty() => {
            model.apps.table.filter.clear();
            let now = model.now;
            model.apps.rebuild_rows(page, now);
            true
        }
        Route::StreamDetail(_) => match &mut model.stream_detail {
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
    let route = model.route().clone();
    let Some(filter) = (match route {
        Route::Streams => Some(&mut model.streams.table.filter),
        Route::Apps => Some(&mut model.apps.table.filter),
        Route::Logs(_) => model.logs.as_mut().map(|l| &mut l.search.text),
        Route::Records(_) => model.records.as_mut().map(|r| &mut r.search.text),
        Route::Keys(_) => None,
        _ => model.stream_detail.as_mut().map(|d| &mut d.table.filter),
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
    match route {
        Route::Streams => {
            model.streams.table.cursor = 0;
            model.streams.rebuild_rows(page);
        }
        Route::Apps => {
            model.apps.table.cursor = 0;
            let now = model.now;
            model.apps.rebuild_rows(page, now);
        }
        Route::Logs(_) => {
            if let Some(logs) = &mut model.logs {
                logs.search.current = None;
                logs.refresh_matches();
            }
        }
        Route::Records(_) => {
            if let Some(records) = &mut model.records {
                records.refresh_matches();
            }
        }
        _ => {
            if let Some(detail) = &mut model.stream_detail {
                detail.table.cursor = 0;
                detail.rebuild_rows(shard_page);
            }
        }
    }
    Vec::new()
}

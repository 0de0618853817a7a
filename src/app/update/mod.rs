//! The pure update: applies one `Msg` to the `Model` and returns the effects to run. No I/O here.
mod alarms;
mod app_action;
mod app_detail;
pub mod app_ops;
mod apps;
mod capacity;
pub(crate) mod command_line;
pub mod confirm;
pub mod contexts;
pub mod follow;
mod gate_end;
mod job_actions;
pub(crate) mod job_deploy;
mod keys;
mod links;
pub mod logs;
mod navigate;
pub mod pulse;
mod pulse_lists;
pub mod records;
mod refresh;
pub mod rollback;
mod stream_detail;
pub mod stream_ops;
mod streams;
mod switch_context;
mod text_field;
pub mod typed_ahead;

use super::command::Command;
use super::model::{self, Model};
use super::msg::Msg;

pub use refresh::init;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Command> {
    let moves_rows = matches!(msg, Msg::Key(_) | Msg::Resize { .. });
    let before = moves_rows.then(|| rows_on_screen(model));
    let mut commands = apply(model, msg);
    // Rows a key or a resize brought into view are filled now, not at the next tick.
    if before.is_some_and(|before| before != rows_on_screen(model)) {
        commands.extend(refresh::fill_screen(model));
    }
    commands.extend(stop_unseen_readers(model));
    // Keys typed while a dialog waited go to the plan it now shows, as if typed now.
    for key in typed_ahead::released(model) {
        commands.extend(keys::on_key(model, key));
        if !matches!(model.modal, Some(super::modal::Modal::Confirm(_))) {
            break;
        }
    }
    commands
}

/// Which rows the screen shows: its route and where its tables are scrolled.
fn rows_on_screen(model: &Model) -> (super::route::Route, [usize; 6]) {
    let detail = model
        .stream_detail
        .as_ref()
        .map_or((0, 0), |d| (d.table.offset, d.rows.len()));
    (
        model.route().clone(),
        [
            model.streams.table.offset,
            model.streams.rows.len(),
            model.apps.table.offset,
            model.apps.rows.len(),
            detail.0,
            detail.1,
        ],
    )
}

/// A reader runs only while its view is on the route stack: however the operator left it
/// (Esc, a jump, `:streams`, a context switch), reading stops.
fn stop_unseen_readers(model: &mut Model) -> Vec<Command> {
    let mut commands = Vec::new();
    let on_stack =
        |model: &Model, wanted: fn(&super::route::Route) -> bool| model.routes.iter().any(wanted);
    if model.records.is_some() && !on_stack(model, |r| matches!(r, super::route::Route::Records(_)))
    {
        commands.extend(records::stop(model));
    }
    if model.logs.is_some() && !on_stack(model, |r| matches!(r, super::route::Route::Logs(_))) {
        commands.extend(logs::stop(model));
    }
    commands
}

fn apply(model: &mut Model, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(key) => keys::on_key(model, key),
        Msg::Resize { width, height } => {
            model.width = width;
            model.height = height;
            let page = model.streams_page_rows();
            model
                .streams
                .table
                .keep_visible(model.streams.rows.len(), page);
            let page = model.shards_page_rows();
            if let Some(detail) = &mut model.stream_detail {
                detail.table.keep_visible(detail.rows.len(), page);
            }
            let page = model.streams_page_rows();
            model.apps.table.keep_visible(model.apps.rows.len(), page);
            Vec::new()
        }
        Msg::Signal(number) => {
            model.quit = true;
            model.exit_signal = Some(number);
            Vec::new()
        }
        Msg::Tick(now) => {
            model.now = now;
            model.fade_status();
            let grace = model.refresh_every * 3;
            model.faults.forget_unasked(now, grace);
            let mut commands = refresh::on_tick(model);
            // The watched contexts out of view, read when due whatever the screen.
            commands.extend(contexts::due(model));
            commands
        }
        Msg::StreamsListed {
            request,
            at,
            result,
        } => streams::on_listed(model, request, at, result),
        Msg::SummaryLoaded { stream, at, result } => streams::on_summary(model, stream, at, result),
        Msg::ShardsCounted { stream, at, result } => {
            streams::on_shard_count(model, stream, at, result)
        }
        Msg::StreamMetricsLoaded {
            request,
            at,
            result,
        } => streams::on_metrics(model, request, at, result),
        Msg::ShardsLoaded {
            request,
            stream,
            at,
            result,
        } => stream_detail::on_shards(model, request, &stream, at, result),
        Msg::ConsumersLoaded {
            request,
            stream,
            at,
            result,
        } => stream_detail::on_consumers(model, request, &stream, at, result),
        Msg::ShardMetricsLoaded {
            request,
            stream,
            at,
            result,
        } => stream_detail::on_shard_metrics(model, request, &stream, at, result),
        Msg::AppsListed {
            request,
            at,
            result,
        } => apps::on_listed(model, request, at, result),
        Msg::ProfilesListed { result } => switch_context::on_profiles(model, result),
        Msg::ContextSwitched { result } => switch_context::on_switched(model, result),
        Msg::DashboardUrl { app, result } => links::on_dashboard_url(model, app, result),
        Msg::AlarmsLoaded {
            request,
            at,
            result,
        } => alarms::on_loaded(model, request, at, result),
        Msg::ChannelsListed {
            request,
            at,
            result,
        } => pulse_lists::on_channels(model, request, at, result),
        Msg::ChannelDescribed { arn, result } => pulse_lists::on_channel(model, &arn, result),
        Msg::ChannelMetricsLoaded { arn, at, result } => {
            pulse_lists::on_channel_metrics(model, &arn, at, result)
        }
        Msg::AccountSettingsLoaded {
            request,
            at,
            result,
        } => pulse_lists::on_account(model, request, at, result),
        Msg::AppDescribed { app, at, result } => apps::on_described(model, app, at, result),
        Msg::OperationsListed { app, at, result } => apps::on_operations(model, app, at, result),
        Msg::AppMetricsLoaded {
            request,
            at,
            result,
        } => apps::on_metrics(model, request, at, result),
        Msg::VersionsListed {
            request,
            at,
            result,
        } => app_detail::on_versions(model, request, at, result),
        Msg::VersionDescribed {
            request,
            version,
            at,
            result,
        } => app_detail::on_version(model, request, version, at, result),
        Msg::SnapshotsListed {
            request,
            at,
            result,
        } => app_detail::on_snapshots(model, request, at, result),
        Msg::OperationDescribed {
            request,
            id,
            at,
            result,
        } => app_detail::on_operation(model, request, id, at, result),
        Msg::CheckpointsLoaded {
            request,
            at,
            result,
        } => app_detail::on_checkpoints(model, request, at, result),
        Msg::CheckpointDetailLoaded {
            request,
            checkpoint,
            at,
            result,
        } => app_detail::on_checkpoint_detail(model, request, checkpoint, at, result),
        Msg::JobViewLoaded {
            request,
            app,
            at,
            result,
        } => app_detail::on_job_view(model, request, &app, at, result),
        Msg::TaskHistoryLoaded {
            request,
            at,
            result,
        } => app_detail::on_task_history(model, request, at, result),
        Msg::WatchedRead { label, result, at } => contexts::on_read(model, &label, result, at),
        Msg::DeployFactsLoaded {
            app,
            intent,
            result,
        } => job_deploy::on_facts(model, &app, &intent, result),
        Msg::LogEvents {
            session,
            events,
            sampled,
        } => logs::on_events(model, session, events, sampled),
        Msg::LogsNote { session, note } => logs::on_note(model, session, note),
        Msg::LogsFailed { session, error } => logs::on_failed(model, session, error),
        Msg::LogsAnswered { session } => logs::on_answered(model, session),
        Msg::OlderLogsLoaded { session, result } => logs::on_older(model, session, result),
        Msg::LogsWritten { path, result } => logs::on_written(model, path, result),
        Msg::RecordsWalk {
            session,
            shards,
            closed,
        } => records::on_walk(model, session, shards, closed),
        Msg::RecordsRead {
            session,
            shard,
            records: read,
            behind_ms,
        } => records::on_read(model, session, shard, read, behind_ms),
        Msg::RecordsFailed {
            session,
            shard,
            error,
        } => records::on_failed(model, session, shard, error),
        Msg::ShardEnded {
            session,
            shard,
            children,
        } => records::on_shard_ended(model, session, shard, children),
        Msg::ReshardInputsLoaded {
            stream,
            next_target,
            at,
            result,
        } => stream_ops::on_inputs(model, stream, next_target, at, result),
        Msg::AppInputsLoaded {
            request,
            at,
            result,
        } => app_ops::on_inputs(model, request, at, result),
        Msg::RollbackFactsLoaded {
            request,
            at,
            result,
        } => rollback::on_facts(model, request, at, result),
        Msg::TimelineWritten { path, result } => {
            match result {
                Ok(rows) => model.say(
                    model::Level::Info,
                    format!("timeline written: {} ({rows} entries)", path.display()),
                ),
                Err(error) => model.say(
                    model::Level::Error,
                    format!("could not write the timeline {}: {error}", path.display()),
                ),
            }
            Vec::new()
        }
        Msg::OpSent { op, at, result } => confirm::on_sent(model, op, at, result),
        Msg::Followed { op, at, result } => follow::on_followed(model, op, at, result),
        Msg::GateObserved { op, result } => gate_end::on_gate_observed(model, op, result),
        Msg::AuditFailed { error } => {
            model.say(
                model::Level::Error,
                format!("the audit log could not record an outcome: {error}"),
            );
            Vec::new()
        }
    }
}
pub use crate::app::app_detail_page::CHECKPOINT_HOURS;
pub use crate::app::command_names::COMMANDS;

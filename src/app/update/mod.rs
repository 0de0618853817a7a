//! The pure update: applies one `Msg` to the `Model` and returns the effects to run. No I/O here.
pub(crate) mod command_line;
mod detail;
mod keys;
mod refresh;
mod streams;

use super::command::Command;
use super::model::Model;
use super::msg::Msg;

/// How long a status-line message stays up.
const STATUS_SECONDS: i64 = 10;

pub use refresh::init;

pub fn update(model: &mut Model, msg: Msg) -> Vec<Command> {
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
            if let Some(detail) = &mut model.detail {
                detail.table.keep_visible(detail.rows.len(), page);
            }
            Vec::new()
        }
        Msg::Tick(now) => {
            model.now = now;
            if model
                .status
                .as_ref()
                .is_some_and(|s| now - s.at > chrono::Duration::seconds(STATUS_SECONDS))
            {
                model.status = None;
            }
            refresh::on_tick(model)
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
        } => detail::on_shards(model, request, &stream, at, result),
        Msg::ConsumersLoaded {
            request,
            stream,
            at,
            result,
        } => detail::on_consumers(model, request, &stream, at, result),
        Msg::ShardMetricsLoaded {
            request,
            stream,
            at,
            result,
        } => detail::on_shard_metrics(model, request, &stream, at, result),
    }
}
pub use command_line::COMMANDS;

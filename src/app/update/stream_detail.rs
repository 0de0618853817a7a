//! The stream detail screen: loading and refreshing it, and its shards table.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use super::super::stream_detail_page::ShardSort;
use crate::config::Action;
use crate::domain::metrics::METRICS_MAX_AGE_SECS;
use crate::domain::shard::count_open;
use crate::domain::{
    Consumer, MetricWindow, PortError, Shard, StreamMetrics, StreamSummary, Timestamp,
};

/// Reloads the open stream unless a reload is already in flight.
pub fn refresh(model: &mut Model) -> Vec<Command> {
    let request = model.request_id();
    if !model.faults.ready(Api::ListShards, model.now) {
        return Vec::new();
    }
    match &mut model.stream_detail {
        Some(detail) if !detail.refreshing => {
            detail.request = request;
            detail.refreshing = true;
            load(model, request)
        }
        _ => Vec::new(),
    }
}

/// The detail's data: shards, summary, consumers, and metrics when they are older than a minute.
pub fn load(model: &mut Model, request: RequestId) -> Vec<Command> {
    let Some(detail) = &model.stream_detail else {
        return Vec::new();
    };
    let stream = detail.stream.clone();
    let arn = model
        .streams
        .listings()
        .iter()
        .find(|l| l.name == stream)
        .map(|l| l.arn.clone())
        .filter(|arn| !arn.is_empty())
        .or_else(|| detail.summary.value().map(|s| s.arn.clone()));
    let mut commands = vec![
        Command::LoadShards {
            request,
            stream: stream.clone(),
        },
        Command::DescribeSummary {
            stream: stream.clone(),
        },
    ];
    model.streams.facts.summaries.ask(&stream.clone());
    if let Some(arn) = arn {
        commands.push(Command::LoadConsumers {
            request,
            stream: stream.clone(),
            arn,
        });
    }
    let stale_metrics = model.streams.facts.metrics.older_than(
        &stream,
        model.now,
        chrono::Duration::seconds(METRICS_MAX_AGE_SECS),
    );
    if stale_metrics
        && model.streams.facts.metrics_request.is_none()
        && model.faults.ready(Api::GetMetricData, model.now)
    {
        let metrics_request = model.request_id();
        model.streams.facts.metrics_request = Some(metrics_request);
        commands.push(Command::StreamMetrics {
            request: metrics_request,
            streams: vec![stream],
            window: MetricWindow::last_minutes(model.now, 60),
        });
    }
    commands.extend(describe_channels(model));
    commands
}

/// DescribeChannel for each delivery channel of the stream in view (at most two a stream), for
/// its destination and data freshness, which ListChannels does not tell.
pub fn describe_channels(model: &mut Model) -> Vec<Command> {
    // A listing in flight describes them when it answers: not twice a refresh.
    if model.channels_request.is_some() {
        return Vec::new();
    }
    let Some(detail) = &model.stream_detail else {
        return Vec::new();
    };
    // The listing's ARN, or the summary's where the endpoint listed names only.
    let Some(arn) = model
        .streams
        .listings()
        .iter()
        .find(|l| l.name == detail.stream)
        .map(|l| l.arn.clone())
        .filter(|arn| !arn.is_empty())
        .or_else(|| detail.summary.value().map(|s| s.arn.clone()))
    else {
        return Vec::new();
    };
    let window = MetricWindow::last_minutes(model.now, 60);
    let now = model.now;
    // Metrics at most once a minute, and never twice at once.
    let due = |m: Option<&crate::domain::Loadable<_>>| {
        m.is_none_or(|m| {
            !m.is_loading()
                && m.as_of()
                    .is_none_or(|at| now - at >= chrono::Duration::seconds(METRICS_MAX_AGE_SECS))
        })
    };
    let channels: Vec<crate::domain::channel::Channel> =
        model.channels_of(&arn).into_iter().cloned().collect();
    let mut commands = Vec::new();
    for channel in channels {
        commands.push(Command::DescribeChannel {
            arn: channel.arn.clone(),
        });
        if due(model.channel_metrics.get(&channel.arn)) {
            model
                .channel_metrics
                .entry(channel.arn.clone())
                .or_default()
                .start();
            commands.push(Command::ChannelMetrics {
                channel: Box::new(channel),
                window,
            });
        }
    }
    commands
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let page = model.shards_page_rows();
    let using: Vec<String> = model
        .stream_detail
        .as_ref()
        .map(|d| model.apps.using_stream(&d.stream))
        .unwrap_or_default()
        .into_iter()
        .map(|(_, app)| app)
        .collect();
    let Some(detail) = &mut model.stream_detail else {
        return Vec::new();
    };
    if action == Action::NextTab {
        detail.focus_apps = !detail.focus_apps && !using.is_empty();
        return Vec::new();
    }
    if detail.focus_apps {
        match action {
            Action::Down => {
                detail.app_cursor = (detail.app_cursor + 1).min(using.len().saturating_sub(1));
            }
            Action::Up => detail.app_cursor = detail.app_cursor.saturating_sub(1),
            _ => {}
        }
        return Vec::new();
    }
    let len = detail.rows.len();
    let table = &mut detail.table;
    if table.navigate(action, len, page) {
        return Vec::new();
    }
    // Shard sorts read naturally ascending (the rate sorts already put the busiest first).
    if table.sort_key(action, ShardSort::ALL.len(), |_| false) {
        detail.rebuild_rows(page);
    }
    Vec::new()
}

pub fn on_summary(
    model: &mut Model,
    result: Result<StreamSummary, PortError>,
    at: Timestamp,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(detail) = &mut model.stream_detail else {
        return commands;
    };
    let needs_consumers = matches!(detail.consumers, crate::domain::Loadable::Loading)
        && !model
            .streams
            .listings()
            .iter()
            .any(|l| l.name == detail.stream && !l.arn.is_empty());
    if let (Ok(summary), true) = (&result, needs_consumers) {
        commands.push(Command::LoadConsumers {
            request: detail.request,
            stream: detail.stream.clone(),
            arn: summary.arn.clone(),
        });
    }
    detail.summary.finish(result, at);
    commands.extend(fill_shard_metrics(model));
    commands
}

pub fn on_shards(
    model: &mut Model,
    request: RequestId,
    stream: &str,
    at: Timestamp,
    result: Result<Vec<Shard>, PortError>,
) -> Vec<Command> {
    let page = model.shards_page_rows();
    if model
        .stream_detail
        .as_ref()
        .is_none_or(|d| d.request != request)
    {
        return Vec::new();
    }
    match &result {
        Ok(shards) => {
            model
                .streams
                .facts
                .shard_counts
                .insert(stream.to_string(), count_open(shards), at);
            model.background_answered(Api::ListShards);
        }
        Err(error) => model.background_failed(Api::ListShards, error),
    }
    let Some(detail) = model.stream_detail.as_mut() else {
        return Vec::new();
    };
    detail.refreshing = false;
    detail.shards.finish(result, at);
    detail.rebuild_rows(page);
    fill_shard_metrics(model)
}

pub fn on_consumers(
    model: &mut Model,
    request: RequestId,
    _stream: &str,
    at: Timestamp,
    result: Result<Vec<Consumer>, PortError>,
) -> Vec<Command> {
    if model
        .stream_detail
        .as_ref()
        .is_none_or(|d| d.request != request)
    {
        return Vec::new();
    }
    model.background_result(Api::ListStreamConsumers, &result);
    if let Some(detail) = model.stream_detail.as_mut() {
        detail.consumers.finish(result, at);
    }
    Vec::new()
}

pub fn on_shard_metrics(
    model: &mut Model,
    request: RequestId,
    _stream: &str,
    at: Timestamp,
    result: Result<Vec<(String, StreamMetrics)>, PortError>,
) -> Vec<Command> {
    let page = model.shards_page_rows();
    let Some(detail) = model
        .stream_detail
        .as_mut()
        .filter(|d| d.shard_metrics_request == Some(request))
    else {
        return Vec::new();
    };
    detail.shard_metrics_request = None;
    match result {
        Ok(all) => {
            detail.shard_metrics.extend(all);
            detail.shard_metrics_at = Some(at);
            if matches!(
                detail.sort(),
                ShardSort::MbPerSec | ShardSort::RecordsPerSec
            ) {
                detail.rebuild_rows(page);
            }
            model.background_answered(Api::GetMetricData);
        }
        Err(error) => model.background_failed(Api::GetMetricData, &error),
    }
    Vec::new()
}

/// Shard-level metrics for the open shards on screen, when the stream has enhanced monitoring.
pub fn fill_shard_metrics(model: &mut Model) -> Vec<Command> {
    let page = model.shards_page_rows();
    let now = model.now;
    let Some(detail) = &model.stream_detail else {
        return Vec::new();
    };
    if !model.faults.ready(Api::GetMetricData, now) {
        return Vec::new();
    }
    let monitored = detail
        .summary
        .value()
        .is_some_and(StreamSummary::has_shard_metrics);
    if !monitored || detail.shard_metrics_request.is_some() {
        return Vec::new();
    }
    let fresh = detail
        .shard_metrics_at
        .is_some_and(|at| now - at < chrono::Duration::seconds(METRICS_MAX_AGE_SECS));
    let shards = detail.shards();
    let wanted: Vec<String> = detail
        .table
        .visible(detail.rows.len(), page)
        .filter_map(|i| shards.get(detail.rows[i]))
        .filter(|s| s.open)
        .filter(|s| !fresh || !detail.shard_metrics.contains_key(&s.id))
        .map(|s| s.id.clone())
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let stream = detail.stream.clone();
    let request = model.request_id();
    if let Some(detail) = &mut model.stream_detail {
        detail.shard_metrics_request = Some(request);
    }
    vec![Command::ShardMetrics {
        request,
        stream,
        shards: wanted,
        window: MetricWindow::last_minutes(now, 10),
    }]
}

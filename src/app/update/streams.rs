//! The Streams screen: navigation, opening a stream, and filling rows with details as they come into view.
use super::super::command::Command;
use super::super::faults::Api;
use super::super::list_page::PerItem;
use super::super::model::Model;
use super::super::msg::RequestId;
use super::super::streams_page::StreamSort;
use super::stream_detail;
use crate::config::Action;
use crate::domain::metrics::METRICS_MAX_AGE_SECS;
use crate::domain::{
    MetricWindow, PortError, StreamListing, StreamMetrics, StreamStatus, Timestamp,
};

/// DescribeStreamSummary is re-read for a visible row at most this often (retention and consumers rarely change).
pub const SUMMARY_MAX_AGE_SECS: i64 = 60;
/// Rows beyond the screen whose details are filled per refresh, so sorting by shards eventually sees all.
pub const BACKGROUND_FILL: usize = 16;

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let page = model.streams_page_rows();
    let len = model.streams.rows.len();
    let table = &mut model.streams.table;
    if table.navigate(action, len, page) {
        return Vec::new();
    }
    // Busiest first is what an operator wants from a numeric column.
    if table.sort_key(action, StreamSort::ALL.len(), |i| {
        !matches!(
            StreamSort::from_index(i),
            StreamSort::Name | StreamSort::Status | StreamSort::Mode
        )
    }) {
        model.streams.rebuild_rows(page);
        return Vec::new();
    }
    Vec::new()
}

pub fn on_listed(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<StreamListing>, PortError>,
) -> Vec<Command> {
    let listing_answer = Api::ListStreams;
    model.background_result(listing_answer, &result);
    if !model.streams.take_listing(request, at, result) {
        return Vec::new();
    }
    let page = model.streams_page_rows();
    model.streams.rebuild_rows(page);
    // Rows are filled for the screen on show; the first load fills them anywhere (for the pulse).
    let mut commands =
        if model.route() == &crate::app::Route::Streams || model.streams.facts.metrics.is_empty() {
            fill_details(model, true)
        } else {
            Vec::new()
        };
    // The pulse's other lists wait for the first screen (see `refresh`): until its rows are
    // counted, or now when there is nothing to count.
    if !visible_pending(model) {
        commands.extend(first_screen_done(model));
    }
    commands
}

/// The first screen is complete: the applications and alarms (for the pulse), asked once.
fn first_screen_done(model: &mut Model) -> Vec<Command> {
    if matches!(model.apps.list, crate::domain::Loadable::NotAsked) {
        super::pulse_lists::ask(model)
    } else {
        Vec::new()
    }
}

pub fn on_summary(
    model: &mut Model,
    stream: String,
    at: Timestamp,
    result: Result<crate::domain::StreamSummary, PortError>,
) -> Vec<Command> {
    model.streams.facts.summaries.answered(&stream);
    let mut commands = Vec::new();
    match &result {
        Ok(summary) => {
            let before = model
                .streams
                .facts
                .summaries
                .insert(stream.clone(), summary.clone(), at);
            // Where the listing carried no status or mode, this answer brings them: the filter
            // and the sort may place the row elsewhere now.
            let changed = before
                .is_none_or(|(old, _)| old.status != summary.status || old.mode != summary.mode);
            if sorts_by_details(model) || (changed && !sorts_by_name(model)) {
                let page = model.streams_page_rows();
                model.streams.rebuild_rows(page);
            }
            model.background_answered(Api::DescribeStreamSummary);
        }
        Err(error) => model.background_failed(Api::DescribeStreamSummary, error),
    }
    if model
        .stream_detail
        .as_ref()
        .is_some_and(|d| d.stream == stream)
    {
        commands.extend(stream_detail::on_summary(model, result, at));
    }
    commands
}

pub fn on_shard_count(
    model: &mut Model,
    stream: String,
    at: Timestamp,
    result: Result<u32, PortError>,
) -> Vec<Command> {
    model.streams.facts.shard_counts.answered(&stream);
    let was_on_screen = on_screen(model, &stream);
    match result {
        Ok(count) => {
            model.background_answered(Api::ListShards);
            model.streams.facts.shard_counts.insert(stream, count, at);
            if model.streams.sort() == StreamSort::Shards {
                let page = model.streams_page_rows();
                model.streams.rebuild_rows(page);
            }
        }
        Err(error) => model.background_failed(Api::ListShards, &error),
    }
    // The last row on screen is counted: the rows beyond it take their turn now.
    if was_on_screen && !visible_pending(model) {
        let mut commands = first_screen_done(model);
        if model.route() == &crate::app::Route::Streams {
            commands.extend(fill_details(model, false));
        }
        return commands;
    }
    Vec::new()
}

fn on_screen(model: &Model, stream: &str) -> bool {
    model.streams.shows(stream, model.streams_page_rows())
}

/// Whether a row on screen still waits for its shard count.
fn visible_pending(model: &Model) -> bool {
    let counts = &model.streams.facts.shard_counts;
    model
        .streams
        .visible(model.streams_page_rows())
        .iter()
        .any(|listing| counts.is_pending(&listing.name))
}

pub fn on_metrics(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<(String, StreamMetrics)>, PortError>,
) -> Vec<Command> {
    if model.streams.facts.metrics_request != Some(request) {
        return Vec::new();
    }
    model.streams.facts.metrics_request = None;
    match result {
        Ok(all) => {
            model.background_answered(Api::GetMetricData);
            for (stream, metrics) in all {
                model.streams.facts.metrics.insert(stream, metrics, at);
            }
            if sorts_by_details(model) {
                let page = model.streams_page_rows();
                model.streams.rebuild_rows(page);
            }
        }
        Err(error) => model.background_failed(Api::GetMetricData, &error),
    }
    Vec::new()
}

/// Sorted by name with no filter: a row's status or mode cannot move it.
fn sorts_by_name(model: &Model) -> bool {
    model.streams.sort() == StreamSort::Name && model.streams.table.filter.is_empty()
}

fn sorts_by_details(model: &Model) -> bool {
    !matches!(
        model.streams.sort(),
        StreamSort::Name | StreamSort::Status | StreamSort::Mode
    )
}

/// Asks for the details of visible rows (and a few more), skipping what is fresh or in flight.
/// `recount` re-counts the shards of visible rows even when a count is known.
pub fn fill_details(model: &mut Model, recount: bool) -> Vec<Command> {
    let now = model.now;
    let ready = |api| model.faults.ready(api, now);
    let (summaries_ready, counts_ready, metrics_ready) = (
        ready(Api::DescribeStreamSummary),
        ready(Api::ListShards),
        ready(Api::GetMetricData),
    );
    let page_rows = model.streams_page_rows();
    let refresh_every = model.refresh_every;
    let page = &mut model.streams;
    let listed_at = page.list.as_of();
    let facts = &mut page.facts;
    let listings = page.list.value().map(Vec::as_slice).unwrap_or_default();
    let visible: Vec<&StreamListing> = page
        .table
        .visible(page.rows.len(), page_rows)
        .filter_map(|i| listings.get(page.rows[i]))
        .collect();
    let mut commands = Vec::new();

    let summary_due =
        |summaries: &PerItem<_>, listing: &StreamListing| match summaries.get(&listing.name) {
            None => true,
            Some((summary, at)) => {
                let summary: &crate::domain::StreamSummary = summary;
                let age = now - *at;
                let changed = match &listing.status {
                    // The listing says the stream changed since it was described.
                    Some(listed) => listed_at.is_some_and(|l| l > *at) && *listed != summary.status,
                    // Where the listing carries no status, only the summary tells when a change
                    // ends: a stream in one is described again every refresh.
                    None => summary.status != StreamStatus::Active && age >= refresh_every,
                };
                changed || age > chrono::Duration::seconds(SUMMARY_MAX_AGE_SECS)
            }
        };
    // Rows beyond the screen wait until the rows on it are counted: they compete for the same
    // endpoint, and the first screen is what the operator waits for.
    let visible_counted = visible
        .iter()
        .all(|l| facts.shard_counts.has(&l.name) && !facts.shard_counts.is_pending(&l.name));
    let background: Vec<&StreamListing> = page
        .rows
        .iter()
        .filter_map(|i| listings.get(*i))
        .filter(|_| visible_counted)
        .filter(|l| !facts.summaries.has(&l.name) || !facts.shard_counts.has(&l.name))
        .filter(|l| !visible.iter().any(|v| v.name == l.name))
        .take(BACKGROUND_FILL)
        .collect();
    let wanted = visible
        .iter()
        .map(|l| (*l, true))
        .chain(background.into_iter().map(|l| (l, false)));
    let mut metrics_wanted = Vec::new();
    for (listing, on_screen) in wanted {
        let name = &listing.name;
        if summaries_ready && summary_due(&facts.summaries, listing) && facts.summaries.ask(name) {
            commands.push(Command::DescribeSummary {
                stream: name.clone(),
            });
        }
        let count_due = !facts.shard_counts.has(name) || (recount && on_screen);
        if counts_ready && count_due && facts.shard_counts.ask(name) {
            commands.push(Command::CountShards {
                stream: name.clone(),
            });
        }
        let metrics_due =
            facts
                .metrics
                .older_than(name, now, chrono::Duration::seconds(METRICS_MAX_AGE_SECS));
        if on_screen && metrics_due {
            metrics_wanted.push(name.clone());
        }
    }
    if metrics_ready && !metrics_wanted.is_empty() && facts.metrics_request.is_none() {
        let request = model.request_id();
        model.streams.facts.metrics_request = Some(request);
        commands.push(Command::StreamMetrics {
            request,
            streams: metrics_wanted,
            window: MetricWindow::last_minutes(now, 60),
        });
    }
    commands
}

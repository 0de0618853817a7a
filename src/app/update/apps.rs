//! The applications screen: navigation, opening an application, and filling rows with details and metrics.
use super::super::apps_page::AppSort;
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use super::app_detail;
use crate::config::Action;
use crate::domain::app_metrics::AppMetrics;
use crate::domain::metrics::METRICS_MAX_AGE_SECS;
use crate::domain::{AppDetail, AppSummary, MetricWindow, OperationSummary, PortError, Timestamp};

/// Application details and operations are re-read at most this often per application.
pub const DETAIL_MAX_AGE_SECS: i64 = 60;
/// Applications beyond the screen filled per refresh, so the health pulse covers all of them.
pub const BACKGROUND_FILL: usize = 10;

fn rebuild(model: &mut Model) {
    let page = model.streams_page_rows();
    let now = model.now;
    model.apps.rebuild_rows(page, now);
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let page = model.streams_page_rows();
    let len = model.apps.rows.len();
    let table = &mut model.apps.table;
    if table.navigate(action, len, page) {
        return Vec::new();
    }
    if table.sort_key(action, AppSort::ALL.len(), |i| {
        !matches!(
            AppSort::from_index(i),
            AppSort::Name | AppSort::Health | AppSort::Status
        )
    }) {
        rebuild(model);
        return Vec::new();
    }
    Vec::new()
}

pub fn on_listed(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<AppSummary>, PortError>,
) -> Vec<Command> {
    model.background_result(Api::ListApplications, &result);
    if !model.apps.take_listing(request, at, result) {
        return Vec::new();
    }
    rebuild(model);
    fill(model)
}

pub fn on_described(
    model: &mut Model,
    app: String,
    at: Timestamp,
    result: Result<AppDetail, PortError>,
) -> Vec<Command> {
    model.apps.facts.details.answered(&app);
    let mut commands = Vec::new();
    match &result {
        Ok(detail) => {
            model
                .apps
                .facts
                .details
                .insert(app.clone(), detail.clone(), at);
            rebuild(model);
            model.background_answered(Api::DescribeApplication);
        }
        Err(error) => model.background_failed(Api::DescribeApplication, error),
    }
    if model.app_detail.as_ref().is_some_and(|d| d.app == app) {
        commands.extend(app_detail::on_detail(model, result, at));
    }
    commands
}

pub fn on_operations(
    model: &mut Model,
    app: String,
    at: Timestamp,
    result: Result<Vec<OperationSummary>, PortError>,
) -> Vec<Command> {
    model.apps.facts.operations.answered(&app);
    match &result {
        Ok(ops) => {
            model
                .apps
                .facts
                .operations
                .insert(app.clone(), ops.clone(), at);
            rebuild(model);
            model.background_answered(Api::ListApplicationOperations);
        }
        Err(error) => model.background_failed(Api::ListApplicationOperations, error),
    }
    if model.app_detail.as_ref().is_some_and(|d| d.app == app) {
        return app_detail::on_operations(model, result, at);
    }
    Vec::new()
}

pub fn on_metrics(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<(String, AppMetrics)>, PortError>,
) -> Vec<Command> {
    if model.apps.facts.metrics_request != Some(request) {
        return Vec::new();
    }
    model.apps.facts.metrics_request = None;
    match result {
        Ok(all) => {
            for (app, metrics) in all {
                model.apps.facts.metrics.insert(app, metrics, at);
            }
            rebuild(model);
            model.background_answered(Api::GetMetricData);
        }
        Err(error) => model.background_failed(Api::GetMetricData, &error),
    }
    Vec::new()
}

/// Details and operations for visible applications (and a few more, for the pulse), and one
/// batched metrics request for every application whose metrics are older than a minute.
pub fn fill(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let (details_ready, operations_ready, metrics_ready) = (
        model.faults.ready(Api::DescribeApplication, now),
        model.faults.ready(Api::ListApplicationOperations, now),
        model.faults.ready(Api::GetMetricData, now),
    );
    let page_rows = model.streams_page_rows();
    let page = &mut model.apps;
    let summaries = page.list.value().map(Vec::as_slice).unwrap_or_default();
    let visible: Vec<&AppSummary> = page
        .table
        .visible(page.rows.len(), page_rows)
        .filter_map(|i| summaries.get(page.rows[i]))
        .collect();
    let facts = &mut page.facts;
    let stale = |at: &Timestamp| now - *at > chrono::Duration::seconds(DETAIL_MAX_AGE_SECS);
    let background: Vec<&AppSummary> = summaries
        .iter()
        .filter(|s| !facts.details.has(&s.name) || !facts.operations.has(&s.name))
        .filter(|s| !visible.iter().any(|v| v.name == s.name))
        .take(BACKGROUND_FILL)
        .collect();
    let mut commands = Vec::new();
    for summary in visible.iter().copied().chain(background) {
        let name = &summary.name;
        let detail_due = facts.details.get(name).is_none_or(|(d, at)| {
            stale(at) || d.version_id != summary.version_id || d.status != summary.status
        });
        if details_ready && detail_due && facts.details.ask(name) {
            commands.push(Command::DescribeApplication { app: name.clone() });
        }
        let ops_due = facts.operations.get(name).is_none_or(|(_, at)| stale(at));
        if operations_ready && ops_due && facts.operations.ask(name) {
            commands.push(Command::ListOperations { app: name.clone() });
        }
    }
    let metrics_max_age = chrono::Duration::seconds(METRICS_MAX_AGE_SECS);
    let metrics_due: Vec<(String, String)> = summaries
        .iter()
        .filter(|s| facts.metrics.older_than(&s.name, now, metrics_max_age))
        .map(|s| (s.name.clone(), s.runtime.clone()))
        .collect();
    if metrics_ready && !metrics_due.is_empty() && facts.metrics_request.is_none() {
        let request = model.request_id();
        model.apps.facts.metrics_request = Some(request);
        commands.push(Command::AppMetrics {
            request,
            apps: metrics_due,
            window: MetricWindow::last_minutes(now, 60),
        });
    }
    commands
}

//! The application detail screen: tabs, lazily loaded data, version marks for the diff.
use super::super::app_detail_page::{AppDetailPage, AppTab, JobRow};
use super::super::command::Command;
use super::super::faults::Api;
use super::super::model::Model;
use super::super::msg::RequestId;
use crate::config::Action;
use crate::domain::app_metrics::AppMetrics;
use crate::domain::job_view::{JobView, SlowestPart};
use crate::domain::task_history::TaskHistory;
use crate::domain::{
    AppDetail, Loadable, MetricWindow, OperationDetail, OperationSummary, PortError, Snapshot,
    Timestamp, VersionSummary,
};

/// Reloads the application and its tab after a change, even with a reload in flight (that one
/// may have read the state before the change), and its operations.
pub fn reload(model: &mut Model) -> Vec<Command> {
    if let Some(page) = &mut model.app_detail {
        page.refreshing = false;
    }
    let mut commands = refresh(model);
    if let Some(page) = &model.app_detail
        && page.tab != AppTab::Operations
    {
        let app = page.app.clone();
        model.apps.facts.operations.ask(&app.clone());
        commands.push(Command::ListOperations { app });
    }
    commands
}

/// Reloads what the current tab shows, unless a reload is already in flight.
pub fn refresh(model: &mut Model) -> Vec<Command> {
    let request = model.request_id();
    if !model.faults.ready(Api::DescribeApplication, model.now) {
        return Vec::new();
    }
    match &mut model.app_detail {
        Some(page) if !page.refreshing => {
            page.request = request;
            page.refreshing = true;
            // Answers to the old request are dropped: forget what was waiting for them.
            page.version_details.retain(|_, d| !d.is_loading());
            page.operation_details.retain(|_, d| !d.is_loading());
            load(model)
        }
        _ => Vec::new(),
    }
}

/// The application and what its current tab shows.
pub fn load(model: &mut Model) -> Vec<Command> {
    let Some(page) = &model.app_detail else {
        return Vec::new();
    };
    let app = page.app.clone();
    model.apps.facts.details.ask(&app.clone());
    let mut commands = vec![Command::DescribeApplication { app }];
    commands.extend(load_tab(model, true));
    commands
}

/// The data the current tab needs; `reload` re-fetches what is already there.
fn load_tab(model: &mut Model, reload: bool) -> Vec<Command> {
    let now = model.now;
    let Some(page) = &mut model.app_detail else {
        return Vec::new();
    };
    let request = page.request;
    let app = page.app.clone();
    // A reload is the periodic one: a failing call waits its turn. A tab switch asks at once.
    let faults = &model.faults;
    let due = |loaded: bool, api: Api| (reload && faults.ready(api, now)) || !loaded;
    let mut commands = Vec::new();
    match page.tab {
        AppTab::Overview => {}
        AppTab::Versions
            if due(
                page.versions.value().is_some(),
                Api::ListApplicationVersions,
            ) =>
        {
            page.versions.start();
            commands.push(Command::ListVersions { request, app });
        }
        AppTab::Snapshots
            if due(
                page.snapshots.value().is_some(),
                Api::ListApplicationSnapshots,
            ) =>
        {
            page.snapshots.start();
            commands.push(Command::ListSnapshots { request, app });
        }
        AppTab::Operations
            if due(
                page.operations.value().is_some(),
                Api::ListApplicationOperations,
            ) =>
        {
            page.operations.start();
            model.apps.facts.operations.ask(&app.clone());
            commands.push(Command::ListOperations { app });
        }
        AppTab::Job => {
            if due(page.job.value().is_some(), Api::JobView) {
                page.job.start();
                commands.push(Command::LoadJobView {
                    request,
                    app: app.clone(),
                });
            }
            // CloudWatch has a point a minute: the last hour is read at most once a minute.
            let stale = page.tasks.as_of().is_none_or(|at| {
                now - at >= chrono::Duration::seconds(crate::domain::metrics::METRICS_MAX_AGE_SECS)
            });
            let managed = crate::domain::flink_cluster::split(&app).is_none();
            if managed && stale && due(page.tasks.value().is_some(), Api::GetMetricData) {
                page.tasks.start();
                commands.push(Command::LoadTaskHistory { request, app });
            }
        }
        AppTab::Checkpoints if due(page.checkpoints.value().is_some(), Api::GetMetricData) => {
            let runtime = page
                .detail
                .value()
                .map(|d| d.runtime.clone())
                .unwrap_or_default();
            page.checkpoints.start();
            commands.push(Command::CheckpointMetrics {
                request,
                app,
                runtime,
                window: MetricWindow::last_minutes(
                    now,
                    crate::app::app_detail_page::CHECKPOINT_HOURS * 60,
                ),
            });
        }
        _ => {}
    }
    commands.extend(looked_at(model));
    commands
}

/// Details of the selected (and marked) versions and of the selected operation, fetched once.
fn looked_at(model: &mut Model) -> Vec<Command> {
    let Some(page) = &mut model.app_detail else {
        return Vec::new();
    };
    let request = page.request;
    let app = page.app.clone();
    let mut commands = Vec::new();
    match page.tab {
        AppTab::Versions => {
            let mut wanted: Vec<i64> = page.marked.clone();
            wanted.extend(page.selected_version());
            for version in wanted {
                if let std::collections::hash_map::Entry::Vacant(entry) =
                    page.version_details.entry(version)
                {
                    entry.insert(Loadable::Loading);
                    commands.push(Command::DescribeVersion {
                        request,
                        app: app.clone(),
                        version,
                    });
                }
            }
        }
        AppTab::Operations => {
            if let Some(id) = page.selected_operation().map(|o| o.id.clone())
                && !page.operation_details.contains_key(&id)
            {
                page.operation_details.insert(id.clone(), Loadable::Loading);
                commands.push(Command::DescribeOperation { request, app, id });
            }
        }
        _ => {}
    }
    commands
}

/// Shows `tab` of the open application, loading what it needs.
pub fn switch_tab(model: &mut Model, tab: AppTab) -> Vec<Command> {
    if let Some(page) = &mut model.app_detail {
        page.tab = tab;
    }
    load_tab(model, false)
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let rows = model.app_tab_rows();
    let Some(page) = &mut model.app_detail else {
        return Vec::new();
    };
    let tab = page.tab;
    match action {
        Action::NextTab | Action::PrevTab => {
            return switch_tab(model, tab.cycle(action == Action::NextTab));
        }
        Action::Tab1 => return switch_tab(model, AppTab::Overview),
        Action::Tab2 => return switch_tab(model, AppTab::Versions),
        Action::Tab3 => return switch_tab(model, AppTab::Snapshots),
        Action::Tab4 => return switch_tab(model, AppTab::Checkpoints),
        Action::Tab5 => return switch_tab(model, AppTab::Operations),
        Action::Tab6 => return switch_tab(model, AppTab::Job),
        _ => {}
    }
    match tab {
        AppTab::Overview => {
            let streams = page.streams();
            match action {
                Action::Down => {
                    page.stream_cursor =
                        (page.stream_cursor + 1).min(streams.len().saturating_sub(1));
                }
                Action::Up => page.stream_cursor = page.stream_cursor.saturating_sub(1),
                _ => {}
            }
            Vec::new()
        }
        AppTab::Versions => {
            let len = page.versions().len();
            if page.versions_table.navigate(action, len, rows) {
                return looked_at(model);
            }
            if action == Action::Mark
                && let Some(version) = page.selected_version()
            {
                if let Some(position) = page.marked.iter().position(|v| *v == version) {
                    page.marked.remove(position);
                } else {
                    if page.marked.len() == 2 {
                        page.marked.remove(0);
                    }
                    page.marked.push(version);
                }
                return looked_at(model);
            }
            Vec::new()
        }
        AppTab::Snapshots => {
            let len = page.snapshots.value().map_or(0, Vec::len);
            page.snapshots_table.navigate(action, len, rows);
            Vec::new()
        }
        AppTab::Operations => {
            let len = page.operations().len();
            if page.operations_table.navigate(action, len, rows) {
                return looked_at(model);
            }
            Vec::new()
        }
        AppTab::Checkpoints => Vec::new(),
        AppTab::Job => {
            let len = page.job_rows().len();
            match action {
                Action::Down if page.job_cursor + 1 < len => {
                    page.job_cursor += 1;
                    page.unfolded = false;
                }
                Action::Up if page.job_cursor > 0 => {
                    page.job_cursor -= 1;
                    page.unfolded = false;
                }
                Action::Open => match page.selected_job_row() {
                    Some(JobRow::Exception(_)) => page.unfolded = !page.unfolded,
                    Some(JobRow::Checkpoint(checkpoint))
                        if !page
                            .checkpoint_details
                            .get(&checkpoint)
                            .is_some_and(|d| d.value().is_some() || d.is_loading()) =>
                    {
                        page.checkpoint_details
                            .insert(checkpoint, Loadable::Loading);
                        return vec![Command::LoadCheckpointDetail {
                            request: page.request,
                            app: page.app.clone(),
                            checkpoint,
                        }];
                    }
                    _ => {}
                },
                _ => {}
            }
            Vec::new()
        }
    }
}

pub fn on_job_view(
    model: &mut Model,
    request: RequestId,
    app: &str,
    at: Timestamp,
    result: Result<Box<JobView>, PortError>,
) -> Vec<Command> {
    model.apps.facts.note_job(app, result.as_deref().ok(), at);
    if current(model, request).is_some() {
        model.background_result(Api::JobView, &result);
    }
    if let Some(page) = current(model, request) {
        let first = page.job.value().is_none();
        page.job.finish(result.map(|v| *v), at);
        let rows = page.job_rows();
        if first {
            // At 3 a.m. the exceptions matter first: the cursor starts on the newest.
            page.job_cursor = rows
                .iter()
                .position(|r| matches!(r, JobRow::Exception(_)))
                .unwrap_or(0);
        }
        page.job_cursor = page.job_cursor.min(rows.len().saturating_sub(1));
    }
    Vec::new()
}

pub fn on_task_history(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<TaskHistory, PortError>,
) -> Vec<Command> {
    if current(model, request).is_some() {
        model.background_result(Api::GetMetricData, &result);
    }
    if let Some(page) = current(model, request) {
        page.tasks.finish(result, at);
    }
    Vec::new()
}

pub fn on_checkpoint_detail(
    model: &mut Model,
    request: RequestId,
    checkpoint: u64,
    at: Timestamp,
    result: Result<SlowestPart, PortError>,
) -> Vec<Command> {
    if let Some(page) = current(model, request) {
        page.checkpoint_details
            .entry(checkpoint)
            .or_insert(Loadable::Loading)
            .finish(result, at);
    }
    Vec::new()
}

/// Esc on the Versions tab clears the marks before leaving the screen.
pub fn clear_marks(model: &mut Model) -> bool {
    match &mut model.app_detail {
        Some(page) if page.tab == AppTab::Versions && !page.marked.is_empty() => {
            page.marked.clear();
            true
        }
        _ => false,
    }
}

fn current(model: &mut Model, request: RequestId) -> Option<&mut AppDetailPage> {
    model.app_detail.as_mut().filter(|p| p.request == request)
}

pub fn on_detail(
    model: &mut Model,
    result: Result<AppDetail, PortError>,
    at: Timestamp,
) -> Vec<Command> {
    if let Some(page) = &mut model.app_detail {
        page.refreshing = false;
        page.detail.finish(result, at);
    }
    Vec::new()
}

pub fn on_operations(
    model: &mut Model,
    result: Result<Vec<OperationSummary>, PortError>,
    at: Timestamp,
) -> Vec<Command> {
    let rows = model.app_tab_rows();
    if let Some(page) = &mut model.app_detail {
        page.operations.finish(result, at);
        let len = page.operations().len();
        page.operations_table.keep_visible(len, rows);
    }
    looked_at(model)
}

pub fn on_versions(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<VersionSummary>, PortError>,
) -> Vec<Command> {
    let rows = model.app_tab_rows();
    if model
        .app_detail
        .as_ref()
        .is_none_or(|p| p.request != request)
    {
        return Vec::new();
    }
    model.background_result(Api::ListApplicationVersions, &result);
    let Some(page) = current(model, request) else {
        return Vec::new();
    };
    page.versions.finish(result, at);
    let len = page.versions().len();
    page.versions_table.keep_visible(len, rows);
    looked_at(model)
}

pub fn on_version(
    model: &mut Model,
    request: RequestId,
    version: i64,
    at: Timestamp,
    result: Result<AppDetail, PortError>,
) -> Vec<Command> {
    if current(model, request).is_some() {
        model.background_result(Api::DescribeApplicationVersion, &result);
    }
    if let Some(page) = current(model, request) {
        page.version_details
            .entry(version)
            .or_insert(Loadable::Loading)
            .finish(result, at);
    }
    Vec::new()
}

pub fn on_snapshots(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Vec<Snapshot>, PortError>,
) -> Vec<Command> {
    if current(model, request).is_some() {
        model.background_result(Api::ListApplicationSnapshots, &result);
    }
    if let Some(page) = current(model, request) {
        page.snapshots.finish(result, at);
    }
    Vec::new()
}

pub fn on_operation(
    model: &mut Model,
    request: RequestId,
    id: String,
    at: Timestamp,
    result: Result<OperationDetail, PortError>,
) -> Vec<Command> {
    if current(model, request).is_some() {
        model.background_result(Api::DescribeApplicationOperation, &result);
    }
    if let Some(page) = current(model, request) {
        page.operation_details
            .entry(id)
            .or_insert(Loadable::Loading)
            .finish(result, at);
    }
    Vec::new()
}

pub fn on_checkpoints(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<AppMetrics, PortError>,
) -> Vec<Command> {
    if current(model, request).is_some() {
        model.background_result(Api::GetMetricData, &result);
    }
    if let Some(page) = current(model, request) {
        page.checkpoints.finish(result, at);
    }
    Vec::new()
}

//! Moving between screens: what Enter opens, opening a stream or an application, going back.
//! The one place that pushes and pops detail routes, so screens never call each other.
use super::super::app_detail_page::{AppDetailPage, AppTab};
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::super::route::Route;
use super::super::stream_detail_page::StreamDetailPage;
use super::{app_detail, rollback, stream_detail};
use crate::domain::Loadable;

/// Something a screen can open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stream(String),
    App(String),
}

/// What Enter opens on the current screen, if anything (else the screen handles Enter itself).
pub fn open_target(model: &Model) -> Option<Target> {
    match model.route() {
        Route::Streams => model
            .streams
            .selected()
            .map(|l| Target::Stream(l.name.clone())),
        Route::Apps => model.apps.selected().map(|s| Target::App(s.name.clone())),
        Route::StreamDetail(_) => {
            let detail = model.stream_detail.as_ref().filter(|d| d.focus_apps)?;
            model
                .apps
                .using_stream(&detail.stream)
                .get(detail.app_cursor)
                .map(|(_, app)| Target::App(app.clone()))
        }
        Route::AppDetail(_) => {
            let page = model
                .app_detail
                .as_ref()
                .filter(|p| p.tab == AppTab::Overview)?;
            page.streams()
                .get(page.stream_cursor)
                .map(|(_, stream)| Target::Stream(stream.clone()))
        }
        Route::Alarms => {
            let alarms = model.relevant_alarms();
            let alarm = alarms.get(model.alarms.table.cursor)?;
            if let Some(stream) = alarm.stream() {
                return Some(Target::Stream(stream.to_string()));
            }
            if let Some(app) = alarm.application() {
                return Some(Target::App(app.to_string()));
            }
            // A custom metric that names a known stream or application in another dimension.
            let names = |n: &str| alarm.names(n);
            model
                .streams
                .listings()
                .iter()
                .find(|l| names(&l.name))
                .map(|l| Target::Stream(l.name.clone()))
                .or_else(|| {
                    model
                        .apps
                        .summaries()
                        .iter()
                        .find(|a| names(&a.name))
                        .map(|a| Target::App(a.name.clone()))
                })
        }
        Route::Logs(_)
        | Route::Records(_)
        | Route::Keys(_)
        | Route::Rollback(_)
        | Route::Help
        | Route::Contexts => None,
    }
}

pub fn open(model: &mut Model, target: Target) -> Vec<Command> {
    match target {
        Target::Stream(stream) => open_stream(model, &stream),
        Target::App(app) => open_app(model, &app),
    }
}

/// Opens `target` from its list, wherever the operator is: the route stack is the one walking
/// there builds (Streams › stream, Flink applications › application), so the breadcrumb reads
/// the same and Esc goes back to the list.
pub fn jump(model: &mut Model, target: Target) -> Vec<Command> {
    // A log or record view left behind stops with it (`update` stops readers off the stack).
    model.rollback = None;
    model.stream_detail = None;
    model.app_detail = None;
    model.routes = vec![match target {
        Target::Stream(_) => Route::Streams,
        Target::App(_) => Route::Apps,
    }];
    open(model, target)
}

/// Opens a stream's detail: summary, shards and consumers load together.
pub fn open_stream(model: &mut Model, stream: &str) -> Vec<Command> {
    if !model.streams.listings().iter().any(|l| l.name == stream) {
        model.say(
            Level::Warn,
            format!("stream {stream} is not in this account and region (or not listed yet)"),
        );
        return Vec::new();
    }
    let request = model.request_id();
    let mut page = StreamDetailPage::new(stream.to_string(), request);
    if let Some((summary, at)) = model.streams.facts.summaries.get(stream) {
        // Show what is known at once; the load below replaces it.
        page.summary = Loadable::Loaded {
            value: summary.clone(),
            at: *at,
        };
    }
    model.stream_detail = Some(page);
    model.routes.push(Route::StreamDetail(stream.to_string()));
    model.last_refresh = Some(model.now);
    stream_detail::load(model, request)
}

/// Opens an application on its Overview tab.
pub fn open_app(model: &mut Model, app: &str) -> Vec<Command> {
    let request = model.request_id();
    let mut page = AppDetailPage::new(app.to_string(), request);
    if let Some((detail, at)) = model.apps.facts.details.get(app) {
        page.detail = Loadable::Loaded {
            value: detail.clone(),
            at: *at,
        };
    }
    if let Some((ops, at)) = model.apps.facts.operations.get(app) {
        page.operations = Loadable::Loaded {
            value: ops.clone(),
            at: *at,
        };
    }
    model.app_detail = Some(page);
    model.routes.push(Route::AppDetail(app.to_string()));
    model.last_refresh = Some(model.now);
    app_detail::load(model)
}

/// `:job [APP]`: the application's Job tab, opening the application when it is not open.
pub fn open_job(model: &mut Model, app: &str) -> Vec<Command> {
    if model.app_detail.as_ref().is_none_or(|p| p.app != app) {
        let mut commands = open_app(model, app);
        commands.extend(app_detail::switch_tab(model, AppTab::Job));
        return commands;
    }
    app_detail::switch_tab(model, AppTab::Job)
}

/// Opens the rollback guide of `app`; `notice` says why it opened (a failed gate).
pub fn open_rollback(model: &mut Model, app: &str, notice: Option<String>) -> Vec<Command> {
    open_rollback_with(model, app, notice, None)
}

/// The same; `jar` names the jar a self-managed job's version 0 ran (`:rollback APP --jar JAR`).
pub fn open_rollback_with(
    model: &mut Model,
    app: &str,
    notice: Option<String>,
    jar: Option<String>,
) -> Vec<Command> {
    if crate::domain::flink_cluster::split(app).is_some() {
        // Its way back is planned from the cluster and kinetic's deployment record, and shown
        // on the confirm dialog: what is wrong, what changed, the way back.
        return super::job_deploy::begin(
            model,
            app,
            crate::ops::job_deploy_plan::JobIntent::WayBack(jar),
        );
    }
    if model.route() == &Route::Rollback(app.to_string()) {
        return rollback::load(model);
    }
    let request = model.request_id();
    model.rollback = Some(crate::app::rollback_page::RollbackPage::new(
        app.to_string(),
        request,
        notice,
    ));
    model.routes.push(Route::Rollback(app.to_string()));
    rollback::load(model)
}

/// Leaves the current screen. A detail screen or guide underneath that shows another item than
/// the loaded one (after jumps between streams and applications) is reloaded.
pub fn go_back(model: &mut Model) -> Vec<Command> {
    if model.routes.len() <= 1 {
        return Vec::new();
    }
    model.routes.pop();
    let mut commands = Vec::new();
    if !model.routes.iter().any(|r| matches!(r, Route::Rollback(_))) {
        model.rollback = None;
    }
    let still_needed = |name: &str, is_stream: bool| {
        model.routes.iter().any(|r| match r {
            Route::StreamDetail(n) => is_stream && n == name,
            Route::AppDetail(n) => !is_stream && n == name,
            _ => false,
        })
    };
    if model
        .stream_detail
        .as_ref()
        .is_some_and(|d| !still_needed(&d.stream, true))
    {
        model.stream_detail = None;
    }
    if model
        .app_detail
        .as_ref()
        .is_some_and(|d| !still_needed(&d.app, false))
    {
        model.app_detail = None;
    }
    commands.extend(match model.route().clone() {
        Route::StreamDetail(name)
            if model
                .stream_detail
                .as_ref()
                .is_none_or(|d| d.stream != name) =>
        {
            model.routes.pop();
            open_stream(model, &name)
        }
        Route::AppDetail(name) if model.app_detail.as_ref().is_none_or(|d| d.app != name) => {
            model.routes.pop();
            open_app(model, &name)
        }
        Route::Rollback(name) if model.rollback.as_ref().is_none_or(|p| p.app != name) => {
            model.routes.pop();
            open_rollback(model, &name, None)
        }
        _ => Vec::new(),
    });
    commands
}

//! `:console` and `:dashboard`: links out of kinetic to the AWS console and the Flink dashboard.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::super::route::Route;
use crate::domain::{AppStatus, PortError, console_link};

/// `:console`: the console page of the stream or application in view, copied to the clipboard.
pub fn console(model: &mut Model) -> Vec<Command> {
    let region = model.context.region.clone();
    let url = match model.route() {
        Route::StreamDetail(stream) => Some(console_link::stream(&region, stream)),
        Route::AppDetail(app) | Route::Rollback(app) => {
            Some(console_link::application(&region, app))
        }
        Route::Streams => model
            .streams
            .selected()
            .map(|l| console_link::stream(&region, &l.name)),
        Route::Apps => model
            .apps
            .selected()
            .map(|s| console_link::application(&region, &s.name)),
        _ => None,
    };
    let Some(url) = url else {
        model.say(
            Level::Warn,
            ":console links the stream or application in view: select or open one first",
        );
        return Vec::new();
    };
    if model.context.demo {
        model.say(
            Level::Info,
            format!("console (the simulated account has no console page; in AWS): {url}"),
        );
        return Vec::new();
    }
    model.say(
        Level::Info,
        format!("console: {url} (copied to the clipboard where the terminal allows OSC 52)"),
    );
    vec![Command::CopyToClipboard(url)]
}

/// `:dashboard [APP]`: a presigned Flink dashboard URL for a RUNNING application.
pub fn dashboard(model: &mut Model, app: String) -> Vec<Command> {
    let status = model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == app)
        .map(|s| s.status.clone());
    if status != Some(AppStatus::Running) {
        let status = status.map_or_else(|| "unknown".to_string(), |s| s.to_string());
        model.say(
            Level::Warn,
            format!("the Flink dashboard needs {app} RUNNING; it is {status}"),
        );
        return Vec::new();
    }
    model.say(
        Level::Info,
        format!("asking for a dashboard link to {app}…"),
    );
    vec![Command::DashboardUrl { app }]
}

pub fn on_dashboard_url(
    model: &mut Model,
    app: String,
    result: Result<crate::domain::secret::PresignedUrl, PortError>,
) -> Vec<Command> {
    match result {
        Ok(url) => {
            model.say(
                Level::Info,
                // The URL is shown without its token: the browser gets it whole.
                format!("Flink dashboard of {app} (open it within 3 minutes; it opens in the browser where there is one): {url}"),
            );
            if model.context.demo {
                return Vec::new();
            }
            vec![Command::OpenUrl(url)]
        }
        Err(error) => {
            let sentence = model.sentence(&error);
            model.say(
                Level::Error,
                format!("no dashboard link for {app}: {sentence}"),
            );
            Vec::new()
        }
    }
}

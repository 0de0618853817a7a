//! The `:` command line: typing, Tab completion and running commands like `:streams`.
use super::super::command::Command;
use super::super::model::{Input, Level, Model};
use super::super::route::Route;
use super::app_ops::{self, AppAction};
use crate::app::command_names::COMMANDS;
use crate::config::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Keys on the command line; Enter runs it. An action comes back when the command is one a key
/// also triggers (the key handler runs it, so the two never call each other).
pub fn on_key(model: &mut Model, key: KeyEvent) -> (Vec<Command>, Option<Action>) {
    let Input::Command(text) = &mut model.input else {
        return (Vec::new(), None);
    };
    match key.code {
        KeyCode::Esc => model.input = Input::Normal,
        KeyCode::Backspace if text.pop().is_none() => model.input = Input::Normal,
        KeyCode::Backspace => {}
        KeyCode::Tab if text.starts_with("region ") => {
            let typed = text["region ".len()..].to_string();
            if let Some(region) = crate::domain::regions::REGIONS
                .iter()
                .find(|r| !typed.is_empty() && r.starts_with(typed.as_str()))
            {
                *text = format!("region {region}");
            }
        }
        KeyCode::Tab => {
            if let Some((name, _)) = COMMANDS
                .iter()
                .find(|(name, _)| !text.is_empty() && name.starts_with(text.as_str()))
            {
                *text = (*name).to_string();
            }
        }
        KeyCode::Enter => {
            let line = text.trim().to_string();
            model.input = Input::Normal;
            return run(model, &line);
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => text.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
        _ => {}
    }
    (Vec::new(), None)
}

/// Runs a command line such as `streams` or `throttle on`.
pub fn run(model: &mut Model, line: &str) -> (Vec<Command>, Option<Action>) {
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else {
        return (Vec::new(), None);
    };
    let argument = words.next();
    let action = |action| (Vec::new(), Some(action));
    let commands = match name {
        "streams" | "stream" | "st" | "kinesis" => {
            model.routes = vec![Route::Streams];
            model.stream_detail = None;
            model.app_detail = None;
            Vec::new()
        }
        "apps" | "app" | "applications" | "flink" => {
            model.routes = vec![Route::Apps];
            model.stream_detail = None;
            model.app_detail = None;
            super::apps::fill(model)
        }
        "alarms" | "alarm" => {
            model.routes = vec![Route::Alarms];
            model.stream_detail = None;
            model.app_detail = None;
            model.alarms.table.top();
            Vec::new()
        }
        "console" => super::links::console(model),
        "contexts" | "contexts!" | "watch" => super::contexts::open(model),
        "ctx" | "context" | "profile" => super::switch_context::ctx(model, argument),
        "region" => super::switch_context::region(model, argument),
        "dashboard" => match application(model, argument, ":dashboard [APP]") {
            Some(app) => super::links::dashboard(model, app),
            None => Vec::new(),
        },
        "pulse" => return action(Action::Pulse),
        "logs" | "log" => super::logs::from_command(model, argument, words.next()),
        "records" | "record" | "data" => {
            super::records::from_command(model, argument, words.next())
        }
        "keys" | "partition-keys" => super::records::open_keys(model),
        "snapshot" => app_ops::begin(model, AppAction::Snapshot, argument),
        "deploy" => {
            let rest = line
                .split_once(char::is_whitespace)
                .map(|(_, rest)| rest.trim())
                .filter(|rest| !rest.is_empty());
            // `--cluster NAME` starts a new job there, whatever row is selected.
            match rest.map(crate::ops::job_deploy_plan::parse) {
                Some(Ok(choice)) if choice.cluster.is_some() => {
                    super::job_deploy::new_job(model, choice)
                }
                _ => app_ops::begin(model, AppAction::Deploy, rest),
            }
        }
        "scale" => app_ops::begin(model, AppAction::Scale, argument),
        "metrics-level" => app_ops::begin(model, AppAction::MetricsLevel, argument),
        "maintenance" => app_ops::begin(model, AppAction::Maintenance, argument),
        "start" => app_ops::begin(model, AppAction::Start, None),
        "stop" => app_ops::begin(model, AppAction::Stop, argument),
        "drill" => drill(model, argument, words.next()),
        "job" | "jobs" => match application(model, argument, ":job [APP]") {
            Some(app) => super::navigate::open_job(model, &app),
            None => Vec::new(),
        },
        "rollback" => {
            // `:rollback [APP] [--jar JAR]`: the jar a self-managed job's version 0 ran.
            let (app, jar) = match (argument, words.next(), words.next()) {
                (Some("--jar"), jar, _) => (None, jar),
                (app, Some("--jar"), jar) => (app, jar),
                (app, _, _) => (app, None),
            };
            match application(model, app, ":rollback [APP] [--jar JAR]") {
                Some(app) => {
                    super::navigate::open_rollback_with(model, &app, None, jar.map(str::to_string))
                }
                None => Vec::new(),
            }
        }
        "timeline" => timeline(model, argument),
        "help" | "h" => return action(Action::Help),
        "q" | "quit" | "q!" | "exit" => {
            model.quit = true;
            Vec::new()
        }
        "throttle" => throttle(model, argument),
        "warm" => super::capacity::warm(model, argument),
        "advantage" => super::capacity::set_advantage(model, argument),
        "distribution" => super::capacity::distribution(model, argument),
        "max-record-size" => super::capacity::max_record_size(model, argument),
        "channel" => {
            let rest: Vec<&str> = words.by_ref().collect();
            super::capacity::channel(model, argument, &rest)
        }
        other => {
            model.say(
                Level::Error,
                format!("unknown command :{other}; try :streams, :apps, :logs, :help or :q"),
            );
            Vec::new()
        }
    };
    (commands, None)
}

/// `:timeline [APP]`: the incident timeline of the selected or open application, as Markdown in
/// the working directory.
fn timeline(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    let Some(app) = application(model, argument, ":timeline [APP]") else {
        return Vec::new();
    };
    let path = std::path::PathBuf::from(format!(
        "kinetic-timeline-{app}-{}.md",
        model.now.format("%Y%m%d-%H%M%S")
    ));
    vec![Command::WriteTimeline { app, path }]
}

/// `:drill conflict APP` makes another tool change APP (the next change meets
/// ConcurrentModification); `:drill snapshots-full APP` fills APP's snapshot quota.
fn drill(model: &mut Model, kind: Option<&str>, app: Option<&str>) -> Vec<Command> {
    if !model.context.demo {
        model.say(
            Level::Error,
            ":drill only works on the simulated account (--demo)",
        );
        return Vec::new();
    }
    let usage = ":drill conflict|snapshots-full [APP], :drill burst|hot-key [STREAM] or :drill faults PERCENT|off";
    if kind == Some("faults") {
        return faults(model, app, usage);
    }
    if let Some(kind @ ("burst" | "hot-key")) = kind {
        let stream = app
            .map(str::to_string)
            .or_else(|| super::stream_ops::stream_in_view(model));
        let Some(stream) = stream else {
            model.say(
                Level::Error,
                format!("usage: {usage} (STREAM: the selected or open stream)"),
            );
            return Vec::new();
        };
        let (drill, text) = if kind == "burst" {
            (
                crate::domain::drill::Drill::Burst(stream.clone()),
                format!(
                    "drill: {stream}'s writes triple from now, faster than on-demand adapts (an on-demand stream throttles)"
                ),
            )
        } else {
            (
                crate::domain::drill::Drill::HotKey(stream.clone()),
                format!(
                    "drill: one partition key carries most of {stream}'s writes, placed by key"
                ),
            )
        };
        model.say(Level::Info, text);
        return vec![Command::SimDrill(drill)];
    }
    let conflict = match kind {
        Some("conflict") => true,
        Some("snapshots-full") => false,
        _ => {
            model.say(
                Level::Error,
                format!("usage: {usage} (APP: the selected or open application)"),
            );
            return Vec::new();
        }
    };
    let Some(app) = application(model, app, usage) else {
        return Vec::new();
    };
    let (drill, text) = if conflict {
        (
            crate::domain::drill::Drill::Conflict(app.clone()),
            format!("drill: another tool will change {app} just before your next change to it"),
        )
    } else {
        (
            crate::domain::drill::Drill::SnapshotsFull(app.clone()),
            format!("drill: {app}'s snapshot quota is full"),
        )
    };
    model.say(Level::Info, text);
    vec![Command::SimDrill(drill)]
}

/// `:drill faults 20%`: a fifth of all calls meet a fault; `:drill faults off` ends them.
fn faults(model: &mut Model, rate: Option<&str>, usage: &str) -> Vec<Command> {
    let Some(rate) = rate.and_then(crate::domain::drill::parse_rate) else {
        model.say(
            Level::Error,
            format!("usage: {usage} (PERCENT: 0% to 100% of calls)"),
        );
        return Vec::new();
    };
    let percent = (rate * 100.0).round() as u32;
    let text = if percent == 0 {
        "drill: faults are off; every screen should recover by itself".to_string()
    } else {
        format!(
            "drill: {percent}% of calls meet a latency spike, a timeout, throttling, a 5xx or expired credentials"
        )
    };
    model.say(Level::Info, text);
    vec![Command::SimDrill(crate::domain::drill::Drill::Faults {
        percent,
    })]
}

fn throttle(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    if !model.context.demo {
        model.say(
            Level::Error,
            ":throttle only works on the simulated account (--demo)",
        );
        return Vec::new();
    }
    let on = match argument {
        Some("on") => true,
        Some("off") => false,
        _ => {
            model.say(Level::Error, "usage: :throttle on|off");
            return Vec::new();
        }
    };
    model.say(
        Level::Info,
        if on {
            "simulated AWS now throttles every call"
        } else {
            "simulated AWS stopped throttling"
        },
    );
    if model.route() == &Route::Help {
        model.routes.pop();
    }
    vec![Command::SimThrottling(on)]
}

/// The application a command names, else the selected or open one; a sentence (and None) when
/// there is none or it is not in the account, before anything is asked of AWS.
fn application(model: &mut Model, argument: Option<&str>, usage: &str) -> Option<String> {
    let Some(app) = argument
        .map(str::to_string)
        .or_else(|| app_ops::target_app(model))
    else {
        model.say(
            Level::Error,
            format!("usage: {usage} (APP: the selected or open application)"),
        );
        return None;
    };
    if !model.apps.summaries().iter().any(|s| s.name == app) {
        model.say(
            Level::Error,
            format!("there is no application named {app} in this account and region"),
        );
        return None;
    }
    Some(app)
}

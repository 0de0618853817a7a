//! The `:` command line: typing, Tab completion and running commands like `:streams`.
use super::super::command::Command;
use super::super::model::{Input, Level, Model};
use super::super::route::Route;
use super::keys;
use crate::app::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Commands the line knows, for completion and the help screen.
pub const COMMANDS: [(&str, &str); 7] = [
    ("streams", "Kinesis data streams (home)"),
    ("apps", "Managed Flink applications"),
    ("pulse", "jump to the worst stream or application"),
    ("logs", "CloudWatch logs: :logs GROUP [STREAM-PREFIX]"),
    ("help", "key bindings"),
    ("throttle", "simulated account only: throttle on|off"),
    ("quit", "leave kinetic"),
];

pub fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let Input::Command(text) = &mut model.input else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => model.input = Input::Normal,
        KeyCode::Backspace if text.pop().is_none() => model.input = Input::Normal,
        KeyCode::Backspace => {}
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
    Vec::new()
}

/// Runs a command line such as `streams` or `throttle on`.
pub fn run(model: &mut Model, line: &str) -> Vec<Command> {
    let mut words = line.split_whitespace();
    let Some(name) = words.next() else {
        return Vec::new();
    };
    let argument = words.next();
    match name {
        "streams" | "stream" | "st" | "kinesis" => {
            model.routes = vec![Route::Streams];
            model.detail = None;
            model.app_detail = None;
            Vec::new()
        }
        "apps" | "app" | "applications" | "flink" => {
            model.routes = vec![Route::Apps];
            model.detail = None;
            model.app_detail = None;
            super::apps::fill(model)
        }
        "pulse" => keys::apply(model, Action::Pulse),
        "logs" | "log" => super::logs::from_command(model, argument, words.next()),
        "help" | "h" => keys::apply(model, Action::Help),
        "q" | "quit" | "q!" | "exit" => {
            model.quit = true;
            Vec::new()
        }
        "throttle" => throttle(model, argument),
        other => {
            model.say(
                Level::Error,
                format!("unknown command :{other}; try :streams, :apps, :logs, :help or :q"),
            );
            Vec::new()
        }
    }
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

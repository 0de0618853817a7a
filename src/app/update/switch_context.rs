//! `:ctx` and `:region`: another AWS profile or region while the console runs. The clients are
//! built anew, every screen starts over, and answers for the old context are dropped.
use super::super::command::Command;
use super::super::model::{Context, Level, Model};
use crate::domain::regions::REGIONS;
use crate::domain::watch::WatchedContext;

/// `:ctx` lists the profiles; `:ctx NAME` switches to one (in its own region).
pub fn ctx(model: &mut Model, name: Option<&str>) -> Vec<Command> {
    if refuse_in_demo(model) {
        return Vec::new();
    }
    match name {
        None => vec![Command::ListProfiles],
        Some(name) => switch(model, Some(name.to_string()), None),
    }
}

/// `:region NAME` switches the region, on the same profile.
pub fn region(model: &mut Model, name: Option<&str>) -> Vec<Command> {
    if refuse_in_demo(model) {
        return Vec::new();
    }
    let Some(name) = name else {
        model.say(
            Level::Info,
            format!(
                "region {}; :region NAME switches (tab completes, e.g. eu-west-1)",
                model.context.region
            ),
        );
        return Vec::new();
    };
    if !REGIONS.contains(&name) {
        model.say(
            Level::Error,
            format!("{name} is not an AWS region kinetic knows; tab completes from the list (e.g. eu-west-1)"),
        );
        return Vec::new();
    }
    let profile = model.context.profile.clone();
    switch(model, profile, Some(name.to_string()))
}

fn refuse_in_demo(model: &mut Model) -> bool {
    if model.context.demo {
        model.say(
            Level::Warn,
            "the simulated account has no profiles or regions to switch to; start kinetic with --profile NAME",
        );
    }
    model.context.demo
}

/// A change being followed stays in its own context to its end and its audit record: the
/// console does not leave it.
fn following(model: &mut Model) -> bool {
    if let Some(op) = model.operations.first() {
        let what = format!("{} on {}", op.plan.call.api(), op.plan.resource.name());
        model.say(
            Level::Warn,
            format!("kinetic is following {what}; switch once it has ended (and its health gate)"),
        );
        return true;
    }
    false
}

/// Enter on the contexts screen: the live switch to a watched context.
pub fn to_watched(model: &mut Model, context: WatchedContext) -> Vec<Command> {
    if following(model) {
        return Vec::new();
    }
    model.say(Level::Info, format!("switching to {}…", context.label));
    vec![Command::SwitchToWatched { context }]
}

fn switch(model: &mut Model, profile: Option<String>, region: Option<String>) -> Vec<Command> {
    if following(model) {
        return Vec::new();
    }
    let target = match (&profile, &region) {
        (Some(p), Some(r)) => format!("profile {p} in {r}"),
        (Some(p), None) => format!("profile {p}"),
        (None, Some(r)) => format!("region {r}"),
        (None, None) => "the default profile".to_string(),
    };
    model.say(Level::Info, format!("switching to {target}…"));
    vec![Command::SwitchContext {
        profile,
        region,
        fallback_region: model.context.region.clone(),
    }]
}

/// The profile names of the AWS config and credentials files (names only).
pub fn on_profiles(model: &mut Model, result: Result<Vec<String>, String>) -> Vec<Command> {
    match result {
        Ok(names) if names.is_empty() => model.say(
            Level::Warn,
            "no profiles in the AWS config or credentials file; see `aws configure sso`",
        ),
        Ok(names) => {
            let current = model.context.profile.as_deref().unwrap_or("default");
            model.say(
                Level::Info,
                format!(
                    "profiles: {} (now {current}); :ctx NAME switches",
                    names.join(", ")
                ),
            );
        }
        Err(error) => model.say(
            Level::Error,
            format!("cannot read the AWS profiles: {error}"),
        ),
    }
    Vec::new()
}

/// The clients for the new context are ready (or could not be built): every screen starts over.
pub fn on_switched(model: &mut Model, result: Result<Context, String>) -> Vec<Command> {
    let context = match result {
        Ok(context) => context,
        Err(error) => {
            let still = model.context.profile.as_deref().unwrap_or("default");
            model.say(
                Level::Error,
                format!(
                    "still on profile {still} in {}: {error}",
                    model.context.region
                ),
            );
            return Vec::new();
        }
    };
    let mut fresh = Model::new(
        context,
        model.keymap.clone(),
        model.now,
        (model.width, model.height),
    );
    fresh.tz = model.tz;
    fresh.limits = model.limits;
    fresh.health_gate = model.health_gate;
    fresh.log_settings = model.log_settings;
    fresh.reshard_headroom = model.reshard_headroom;
    fresh.refresh_every = model.refresh_every;
    fresh.status_for = model.status_for;
    fresh.next_request = model.next_request;
    fresh.clusters = std::mem::take(&mut model.clusters);
    // The watched contexts carry on: the one left is read from now on, the one in view no more.
    fresh.contexts = std::mem::take(&mut model.contexts);
    for watched in &mut fresh.contexts.watched {
        watched.next_read = None;
    }
    *model = fresh;
    let profile = model.context.profile.as_deref().unwrap_or("default");
    let mut note = if model.context.demo {
        format!("now on the simulated account in {}", model.context.region)
    } else {
        format!("now on profile {profile} in {}", model.context.region)
    };
    if model.context.production {
        note.push_str(" (PRODUCTION: every change needs the name typed)");
    }
    if model.context.read_only {
        note.push_str(" (read-only)");
    }
    model.say(Level::Info, note);
    super::refresh::refresh_now(model)
}

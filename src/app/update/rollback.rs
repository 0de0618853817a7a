//! The rollback guide: what is wrong, what changed and the way back for one application, read
//! fresh; the operator may pick another snapshot or the other path, then confirms once on the one
//! confirm path. Following the change and its health gate prove the application healthy again.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::super::msg::RequestId;
use super::confirm::{busy, open_confirm, refuse_read_only};
use crate::config::Action;
use crate::domain::{PortError, Timestamp};
use crate::ops::rollback_facts::RollbackFacts;
use crate::ops::rollback_plan::{self, Choice};
use crate::ops::{Replan, Resource};

/// Reads the guide's facts (again).
pub fn load(model: &mut Model) -> Vec<Command> {
    let request = model.request_id();
    let now = model.now;
    match &mut model.rollback {
        // The job's own exception history, when Flink's view of it can be read, names the
        // root exception before the log search does.
        Some(page) => vec![
            page.load(request, now),
            Command::LoadJobView {
                request,
                app: page.app.clone(),
            },
        ],
        None => Vec::new(),
    }
}

pub fn on_facts(
    model: &mut Model,
    request: RequestId,
    at: Timestamp,
    result: Result<Box<RollbackFacts>, PortError>,
) -> Vec<Command> {
    if model.rollback.as_ref().is_none_or(|p| p.request != request) {
        return Vec::new();
    }
    model.background_result(super::super::faults::Api::RollbackFacts, &result);
    let Some(page) = model.rollback.as_mut() else {
        return Vec::new();
    };
    let result = result.map(|mut facts| {
        match page.facts.value() {
            Some(previous) if !page.reading_log => facts.log = previous.log.clone(),
            _ => page.log_read_at = Some(at),
        }
        *facts
    });
    page.facts.finish(result, at);
    // The list starts on the snapshot the way back restores.
    let restored = page.way().and_then(|w| w.snapshot).map(|s| s.name);
    if let Some(name) = restored {
        page.cursor = page
            .snapshots()
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(0);
    }
    // The Enter pressed while the guide read is acted on now (`update` then hands the plan the
    // keys typed since).
    if std::mem::take(&mut page.plan_when_read) && page.facts.value().is_some() {
        return plan(model);
    }
    Vec::new()
}

pub fn on_action(model: &mut Model, action: Action) -> Vec<Command> {
    let Some(page) = &mut model.rollback else {
        return Vec::new();
    };
    let snapshots = page.snapshots().len();
    match action {
        Action::Down => page.cursor = (page.cursor + 1).min(snapshots.saturating_sub(1)),
        Action::Up => page.cursor = page.cursor.saturating_sub(1),
        Action::ChooseSnapshot => {
            if !page.snapshot_choice_offered() {
                model.say(
                    Level::Info,
                    "no snapshot can be restored from here: there is no way back now (3 says why)",
                );
                return Vec::new();
            }
            let picked = page.snapshots().get(page.cursor).map(|s| s.name.clone());
            page.choice = match (picked, &page.choice) {
                (Some(name), Choice::Snapshot(current)) if *current == name => Choice::Rules,
                (Some(name), _) => Choice::Snapshot(name),
                (None, _) => Choice::Rules,
            };
        }
        Action::OtherPath => {
            if !page.other_path_offered() {
                model.say(
                    Level::Info,
                    "there is no other path here: the way back shown is the only one",
                );
                return Vec::new();
            }
            page.choice = match page.choice {
                Choice::Alternative => Choice::Rules,
                _ => Choice::Alternative,
            };
        }
        Action::Logs => return logs_at_the_failure(model),
        Action::Plan => return plan(model),
        _ => {}
    }
    Vec::new()
}

/// `l`: the application's log from shortly before the first error (or the last change).
fn logs_at_the_failure(model: &mut Model) -> Vec<Command> {
    let Some(page) = &model.rollback else {
        return Vec::new();
    };
    let app = page.app.clone();
    let log = page
        .facts
        .value()
        .map(|f| f.log.clone())
        .unwrap_or_default();
    let since = log
        .first_at
        .map(|t| t - chrono::Duration::minutes(1))
        .or(log.since)
        .unwrap_or(model.now - model.log_settings.since);
    super::logs::for_app_from(model, &app, since)
}

/// Enter: the plan of the way back, on the one confirm path.
fn plan(model: &mut Model) -> Vec<Command> {
    if refuse_read_only(model) {
        return Vec::new();
    }
    let Some(page) = &model.rollback else {
        return Vec::new();
    };
    let app = page.app.clone();
    let Some(facts) = page.facts.value() else {
        if let Some(page) = &mut model.rollback
            && page.facts.is_loading()
        {
            page.plan_when_read = true;
        }
        return Vec::new();
    };
    let way = rollback_plan::decide(facts, &page.choice);
    let plan = crate::ops::way_back_plan::plan(facts, &way);
    let notice = page.notice.clone();
    if busy(model, &Resource::Application(app)) {
        return Vec::new();
    }
    match plan {
        Some(plan) => open_confirm(model, plan, Some(Replan::Guide), notice),
        None => model.say(Level::Warn, format!("no way back now: {}", way.sentence)),
    }
    Vec::new()
}

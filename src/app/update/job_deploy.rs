//! A self-managed job's deployment, rescale and way back from the keyboard: `D` fills the
//! command line with the running version's jar and arguments, `:deploy`, `:scale N` and `B`
//! read the cluster's facts and open the one confirm dialog over the plan made from them.
use super::super::command::Command;
use super::super::modal::{JarPicker, Modal};
use super::super::model::{Input, Level, Model};
use super::confirm::{busy, open_confirm, refuse_read_only};
use crate::domain::PortError;
use crate::domain::deployment::DeployFacts;
use crate::ops::Resource;
use crate::ops::job_deploy_plan::{self, DeployChoice, JobIntent, LocalJar, NoWayBack};
use crossterm::event::{KeyCode, KeyEvent};

/// Starts planning `intent` on `app`: its facts are read first.
pub fn begin(model: &mut Model, app: &str, intent: JobIntent) -> Vec<Command> {
    if refuse_read_only(model) || busy(model, &Resource::Application(app.to_string())) {
        return Vec::new();
    }
    model.say(
        Level::Info,
        format!("reading {app}'s cluster: its run, jars, slots and kinetic's deployments"),
    );
    vec![Command::LoadDeployFacts {
        app: app.to_string(),
        intent,
    }]
}

/// `:deploy JAR --cluster NAME`: a new job there, planned once its name and the cluster's
/// facts are read.
pub fn new_job(model: &mut Model, choice: DeployChoice) -> Vec<Command> {
    let Some(cluster) = choice.cluster.clone() else {
        return Vec::new();
    };
    if refuse_read_only(model) {
        return Vec::new();
    }
    model.say(
        Level::Info,
        format!("reading {cluster}: the new job's name, its jars, slots and kinetic's deployments"),
    );
    vec![Command::LoadNewJobFacts { cluster, choice }]
}

/// `:deploy ...` on a self-managed job.
pub fn from_command(model: &mut Model, app: &str, line: &str) -> Vec<Command> {
    match job_deploy_plan::parse(line) {
        Ok(choice) => begin(model, app, JobIntent::Deploy(choice)),
        Err(why) => {
            model.say(Level::Error, format!("nothing deployed: {why}"));
            Vec::new()
        }
    }
}

/// `U`: the command line, filled with the running version's jar and arguments to edit.
pub fn fill_command_line(model: &mut Model, app: &str) {
    if refuse_read_only(model) {
        return;
    }
    let detail = model.apps.facts.details.get(app).map(|(d, _)| d);
    let jar = detail
        .and_then(|d| d.code.as_ref())
        .map(|c| c.file_key.clone());
    let args = detail
        .and_then(|d| d.property_groups.iter().find(|g| g.id == "job"))
        .and_then(|g| g.properties.get("arguments").cloned());
    edit_deploy(model, jar.as_deref(), args.as_deref());
}

/// The command line, filled with a deploy of `jar` (and `args`) to edit.
fn edit_deploy(model: &mut Model, jar: Option<&str>, args: Option<&str>) {
    let line = match (jar, args) {
        (Some(jar), Some(args)) => format!("deploy {jar} -- {args}"),
        (Some(jar), None) => format!("deploy {jar}"),
        _ => "deploy ".to_string(),
    };
    model.input = Input::Command(line);
    model.say(
        Level::Info,
        format!(
            "edit the jar (a local path, or one uploaded to the cluster) and arguments, Enter plans it: {}",
            job_deploy_plan::USAGE
        ),
    );
}

/// The facts arrived: the plan, on the confirm dialog (unless another dialog opened meanwhile).
pub fn on_facts(
    model: &mut Model,
    app: &str,
    intent: &JobIntent,
    result: Result<Box<(DeployFacts, Option<LocalJar>)>, PortError>,
) -> Vec<Command> {
    match result {
        Ok(found) => {
            let (facts, local) = *found;
            if model.modal.is_some() {
                model.say(
                    Level::Warn,
                    format!("{app}'s plan was not opened: another dialog is open"),
                );
                return Vec::new();
            }
            if *intent == JobIntent::Pick {
                model.modal = Some(Modal::Jars(Box::new(JarPicker { facts, cursor: 0 })));
                return Vec::new();
            }
            match intent.plan(&facts, local.as_ref()) {
                Ok(plan) => open_confirm(model, plan, None, None),
                // Version 0's jar is asked for on the command line: the jar, then enter.
                Err(NoWayBack::NeedsJar(why)) => {
                    model.input = Input::Command(format!("rollback {app} --jar "));
                    model.say(Level::Warn, why);
                }
                Err(NoWayBack::Said(why)) => model.say(Level::Warn, why),
            }
        }
        Err(error) => {
            let sentence = model.sentence(&error);
            model.say(Level::Error, format!("cannot plan for {app}: {sentence}"));
        }
    }
    Vec::new()
}

/// Keys in the jar picker: `j`/`k` choose, Enter fills the command line with a deploy of the
/// chosen jar (the running version's arguments) to edit, Esc closes it.
pub fn on_picker_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let Some(Modal::Jars(picker)) = &mut model.modal else {
        return Vec::new();
    };
    let rows = picker.facts.jars.len() + 1;
    match key.code {
        KeyCode::Esc => {
            model.modal = None;
            model.say(Level::Info, "cancelled: nothing was sent");
        }
        KeyCode::Down | KeyCode::Char('j') => picker.cursor = (picker.cursor + 1).min(rows - 1),
        KeyCode::Up | KeyCode::Char('k') => picker.cursor = picker.cursor.saturating_sub(1),
        KeyCode::Enter => {
            let facts = &picker.facts;
            let running = facts
                .running_version()
                .and_then(|v| facts.versions.get(v - 1));
            let args = running.map(|d| d.args.join(" "));
            let jar = facts.jars.get(picker.cursor).map(|j| j.id.clone());
            model.modal = None;
            match jar {
                Some(jar) => edit_deploy(model, Some(&jar), args.as_deref()),
                None => edit_deploy(model, Some("./"), args.as_deref()),
            }
            model.say(
                Level::Info,
                format!(
                    "edit the arguments (after --), -p or -c if need be; Enter plans it: {}",
                    job_deploy_plan::USAGE
                ),
            );
        }
        _ => {}
    }
    Vec::new()
}

//! The one path every change takes: the confirm dialog (typed name where the plan needs it, an
//! optional reason), one audited call, AWS's answer. Following it lives in `follow`.
use super::super::command::Command;
use super::super::modal::{AppDialog, AppForm, ConfirmField, ConfirmState, Modal};
use super::super::model::{Level, Model};
use super::super::operation::{FinishedOp, HISTORY, OpOutcome, OpPhase, RunningOp};
use super::text_field::{FieldKey, field_key};
use super::{app_detail, stream_detail};
use crate::domain::{Loadable, PortError, Timestamp};
use crate::ops::execute::Sent;
use crate::ops::inputs::CodeQuery;
use crate::ops::{AppIntent, OpPlan, Replan, Resource};
use crossterm::event::{KeyCode, KeyEvent};

/// The sentence shown for every change in `--read-only` mode.
pub const READ_ONLY: &str =
    "read-only mode: kinetic was started with --read-only, so nothing can be changed";

/// In read-only mode every change is refused with the same sentence, before anything else.
pub fn refuse_read_only(model: &mut Model) -> bool {
    if model.context.read_only {
        match model.context.read_only_reason.clone() {
            Some(reason) => model.say(
                Level::Warn,
                format!("read-only mode: {reason}, so nothing can be changed"),
            ),
            None => model.say(Level::Warn, READ_ONLY),
        }
    }
    model.context.read_only
}

/// One change at a time per resource: a second waits until the first has ended.
pub fn busy(model: &mut Model, resource: &Resource) -> bool {
    let now = model.now;
    let running = model
        .operations
        .iter()
        .find(|op| op.resource() == resource && op.is_changing())
        .map(|op| format!("{} ({})", op.plan.call.api(), op.badge(now)));
    if let Some(running) = &running {
        model.say(
            Level::Warn,
            format!("a change to {resource} is still running: {running}; wait until it has ended"),
        );
    }
    running.is_some()
}

/// Shows `plan` in the confirm dialog.
pub fn open_confirm(
    model: &mut Model,
    plan: OpPlan,
    replan: Option<Replan>,
    notice: Option<String>,
) {
    let mut plan = plan;
    // Muscle memory must not confirm a change to production: every one needs the name typed.
    if model.context.production {
        plan.confirmation = crate::ops::Confirmation::TypeName;
    }
    model.modal = Some(Modal::Confirm(Box::new(
        ConfirmState::new(plan).with_replan(replan, notice),
    )));
}

/// Keys in the confirm dialog: typing goes to the focused field, tab switches fields.
pub fn on_confirm_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let Some(Modal::Confirm(confirm)) = &mut model.modal else {
        return Vec::new();
    };
    if key.code == KeyCode::Tab || key.code == KeyCode::BackTab {
        if confirm.plan.needs_name() {
            confirm.field = match confirm.field {
                ConfirmField::Name => ConfirmField::Reason,
                ConfirmField::Reason => ConfirmField::Name,
            };
        }
        return Vec::new();
    }
    let field = match confirm.field {
        ConfirmField::Name => &mut confirm.typed,
        ConfirmField::Reason => &mut confirm.reason,
    };
    match field_key(field, &mut confirm.error, key) {
        FieldKey::Cancel => {
            model.modal = None;
            model.say(Level::Info, "cancelled: nothing was sent");
            Vec::new()
        }
        FieldKey::Submit => submit(model),
        FieldKey::Edited | FieldKey::Other => Vec::new(),
    }
}

/// Enter in the confirm dialog: exactly one call, and only with no failing check and the name
/// typed where the plan needs it. The dialog closes first, so a repeated Enter sends nothing.
fn submit(model: &mut Model) -> Vec<Command> {
    let Some(Modal::Confirm(confirm)) = &mut model.modal else {
        return Vec::new();
    };
    if !confirm.plan.runnable() {
        confirm.error = Some("a failing check blocks this change; Esc to go back".into());
        return Vec::new();
    }
    let name = confirm.plan.resource.name().to_string();
    if confirm.plan.needs_name() && confirm.typed != name {
        confirm.error = Some(format!("type {name} exactly to confirm"));
        confirm.field = ConfirmField::Name;
        return Vec::new();
    }
    let Some(Modal::Confirm(confirm)) = model.modal.take() else {
        return Vec::new();
    };
    let confirm = *confirm;
    if refuse_read_only(model) {
        return Vec::new();
    }
    let now = model.now;
    let id = model.request_id().0;
    let plan = confirm.plan;
    // A new change ends the health gate still watching the application.
    for running in &mut model.operations {
        if running.resource() == &plan.resource
            && let OpPhase::Gating(gate) = &mut running.phase
        {
            gate.interrupt(now, plan.call.api());
        }
    }
    if plan.recovery {
        // The first step of a way back starts the clock of "healthy again after".
        model
            .recoveries
            .entry(plan.resource.name().to_string())
            .or_insert(now);
    }
    let reason = Some(confirm.reason.trim().to_string()).filter(|r| !r.is_empty());
    let command = Command::Execute {
        op: id,
        resource: plan.resource.clone(),
        call: plan.call.clone(),
        reason: reason.clone(),
    };
    model
        .operations
        .push(RunningOp::new(id, plan, reason, confirm.replan, now));
    vec![command]
}

/// AWS answered the call: follow it, or say why nothing changed and read the resource again.
pub fn on_sent(
    model: &mut Model,
    op: u64,
    at: Timestamp,
    result: Result<Sent, PortError>,
) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| o.id == op) else {
        return Vec::new();
    };
    match result {
        Ok(sent) => {
            let running = &mut model.operations[index];
            running.operation_id.clone_from(&sent.operation_id);
            running.phase = OpPhase::Following {
                operation_id: sent.operation_id,
                seen: None,
                failed: None,
            };
            let plan = &running.plan;
            let change = plan
                .changes
                .iter()
                .find(|c| c.before != c.after)
                .map(|c| format!(" {} {} → {}", c.what, c.before, c.after))
                .unwrap_or_default();
            let text = format!(
                "{} sent: {}{change}; following {}",
                plan.call.api(),
                plan.resource.name(),
                plan.follow.until()
            );
            model.say(Level::Info, text);
            // An application's lists show the change at once (UPDATING, a snapshot CREATING).
            match model.operations[index].resource().clone() {
                resource @ Resource::Application(_) => reread(model, &resource),
                Resource::Stream(_) | Resource::Account(_) | Resource::Channel(_) => Vec::new(),
            }
        }
        Err(error) => {
            let running = model.operations.remove(index);
            let resource = running.resource().clone();
            model.say(
                Level::Error,
                format!("{} was not changed: {error}", resource.name()),
            );
            let concurrent = matches!(error, PortError::ConcurrentModification { .. });
            let again = running.replan.clone();
            remember(model, running, at, OpOutcome::Failed(error.to_string()));
            let mut commands = reread(model, &resource);
            if let (true, Some(again), Resource::Application(app)) = (concurrent, again, &resource)
                && model.modal.is_none()
            {
                let notice = format!(
                    "{app} changed since the plan was made ({error}). Nothing was sent; this plan is made from the fresh state."
                );
                commands.extend(match again {
                    Replan::Intent(intent) => replan(model, app, intent, Some(notice)),
                    Replan::Guide => reread_guide(model, app, notice),
                });
            }
            commands
        }
    }
}

/// Reads the application again and shows the plan for `intent` on its fresh state, with
/// `notice` above it when there is something to say why.
pub fn replan(
    model: &mut Model,
    app: &str,
    intent: AppIntent,
    notice: Option<String>,
) -> Vec<Command> {
    let form = AppForm::from_intent(&intent);
    let query = intent.code_query();
    open_app_dialog(model, app, form, Some(intent), notice, query)
}

/// Opens an application's dialog over facts being read (`query` says what of S3 to read too);
/// with `planning`, the plan for that choice is shown as soon as they arrive.
pub fn open_app_dialog(
    model: &mut Model,
    app: &str,
    form: AppForm,
    planning: Option<AppIntent>,
    notice: Option<String>,
    query: CodeQuery,
) -> Vec<Command> {
    let request = model.request_id();
    model.modal = Some(Modal::App(Box::new(AppDialog {
        app: app.to_string(),
        request,
        inputs: Loadable::Loading,
        form,
        error: None,
        planning,
        submitted: false,
        notice,
    })));
    vec![Command::LoadAppInputs {
        request,
        app: app.to_string(),
        query,
    }]
}

/// Reads the rollback guide's facts again (it shows the way back they lead to, and why).
fn reread_guide(model: &mut Model, app: &str, notice: String) -> Vec<Command> {
    let request = model.request_id();
    let now = model.now;
    match &mut model.rollback {
        Some(guide) if guide.app == app => {
            guide.facts = Loadable::Loading;
            guide.log_read_at = None;
            guide.notice = Some(notice);
            vec![guide.load(request, now)]
        }
        _ => Vec::new(),
    }
}

/// Keeps a change that ended (bounded).
pub fn remember(model: &mut Model, running: RunningOp, at: Timestamp, outcome: OpOutcome) {
    let gate = running.gate().cloned();
    model.history.push(FinishedOp {
        id: running.id,
        plan: running.plan,
        reason: running.reason,
        operation_id: running.operation_id,
        started: running.started,
        ended: at,
        outcome,
        gate,
        recovery_since: None,
    });
    if model.history.len() > HISTORY {
        model.history.remove(0);
    }
}

/// After a change (done or refused), read the resource again, and its detail screen if open.
pub fn reread(model: &mut Model, resource: &Resource) -> Vec<Command> {
    match resource {
        Resource::Stream(stream) => {
            let mut commands = vec![
                Command::DescribeSummary {
                    stream: stream.clone(),
                },
                Command::CountShards {
                    stream: stream.clone(),
                },
            ];
            model.streams.facts.summaries.ask(&stream.clone());
            model.streams.facts.shard_counts.ask(&stream.clone());
            if model
                .stream_detail
                .as_ref()
                .is_some_and(|d| &d.stream == stream)
            {
                commands.extend(stream_detail::refresh(model));
            }
            commands
        }
        Resource::Channel(_) => {
            if model.channels_request.is_some() {
                return Vec::new();
            }
            let request = model.request_id();
            model.channels_request = Some(request);
            vec![Command::ListChannels { request }]
        }
        Resource::Account(_) => {
            if model.account_request.is_some() {
                return Vec::new();
            }
            let request = model.request_id();
            model.account_request = Some(request);
            vec![Command::DescribeAccountSettings { request }]
        }
        Resource::Application(app) => {
            if model.app_detail.as_ref().is_some_and(|d| &d.app == app) {
                return app_detail::reload(model);
            }
            model.apps.facts.details.ask(&app.clone());
            model.apps.facts.operations.ask(&app.clone());
            vec![
                Command::DescribeApplication { app: app.clone() },
                Command::ListOperations { app: app.clone() },
            ]
        }
    }
}

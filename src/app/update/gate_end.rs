//! The health gate's looks after a change lands, and its end: the verdict audited, said once (with the way back when it failed, or "healthy again" after a way back), kept in the history.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::super::operation::{OpOutcome, OpPhase, clock};
use super::confirm::{remember, reread};
use crate::config::Action;
use crate::domain::PortError;
use crate::ops::Resource;
use crate::ops::audit::Phase;
use crate::ops::gate::{GateObservation, Verdict};

/// A look for the health gate.
pub fn on_gate_observed(
    model: &mut Model,
    op: u64,
    result: Result<GateObservation, PortError>,
) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| o.id == op) else {
        return Vec::new();
    };
    let running = &mut model.operations[index];
    running.pending = false;
    let OpPhase::Gating(gate) = &mut running.phase else {
        return Vec::new();
    };
    match result {
        Ok(observation) => {
            running.check_error = None;
            running.failed_looks = 0;
            gate.observe(&observation);
        }
        Err(error) => {
            running.check_error = Some(error.to_string());
            running.failed_looks += 1;
        }
    }
    if gate.is_over() {
        return end_gate(model, op);
    }
    Vec::new()
}

/// A gate ended: audit its verdict, say it, keep it in the history.
pub(super) fn end_gate(model: &mut Model, op: u64) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| o.id == op) else {
        return Vec::new();
    };
    let running = model.operations.remove(index);
    let Some(gate) = running.gate().cloned() else {
        return Vec::new();
    };
    let ended = gate.ended.unwrap_or(model.now);
    let app = running.resource().name().to_string();
    let watched = clock(ended - gate.started);
    // A way back confirmed from the rollback guide ends with whether it worked.
    let recovery = model.recoveries.remove(&app);
    let (result, error, level, text) = match (&gate.verdict, recovery) {
        (Some(Verdict::Passed), Some(confirmed)) => (
            "passed",
            None,
            Level::Info,
            format!(
                "{app} is healthy again after {} (the health gate passed after {watched})",
                clock(ended - confirmed)
            ),
        ),
        (Some(Verdict::Failed(why)), Some(_)) => (
            "failed",
            Some(why.join("; ")),
            Level::Error,
            format!(
                "{app} is still failing: {} — next: {} reads its logs, {} opens the guide to try another snapshot, {} stops it",
                why.join("; "),
                model.app_key_or(Action::Logs, ":logs GROUP"),
                model.app_key_or(Action::Rollback, ":rollback"),
                model.app_key_or(Action::Stop, ":stop"),
            ),
        ),
        (Some(Verdict::Passed), None) => (
            "passed",
            None,
            Level::Info,
            format!("health gate PASSED: {app} stayed healthy for {watched}"),
        ),
        (Some(Verdict::Failed(why)), None) => (
            "failed",
            Some(why.join("; ")),
            Level::Error,
            format!(
                "health gate FAILED for {app} after {watched}: {} — {}",
                why.join("; "),
                match &running.plan.call {
                    // A job's first version over no run kinetic could record: nothing older.
                    crate::ops::OpCall::DeployJob(request) if !request.has_way_back => {
                        "there is no earlier version to go back to: :deploy JAR --from-savepoint PATH runs a jar from the state you name".to_string()
                    }
                    _ => model.way_back(&app),
                }
            ),
        ),
        (Some(Verdict::Unproven(why)), recovery) => (
            "unproven",
            Some(why.join("; ")),
            Level::Warn,
            format!(
                "health gate UNPROVEN for {app}{}: {} — CloudWatch never showed enough to judge; look yourself: {} its logs, 4 its checkpoints",
                if recovery.is_some() {
                    " after the way back"
                } else {
                    ""
                },
                why.join("; "),
                model.app_key_or(Action::Logs, ":logs GROUP"),
            ),
        ),
        (Some(Verdict::Interrupted(why)), _) => (
            "interrupted",
            Some(why.clone()),
            Level::Warn,
            format!("health gate for {app} ended early: {why}"),
        ),
        (None, _) => return Vec::new(),
    };
    let audit = running.outcome_entry(Phase::Gate, result, error);
    // An interrupted gate must not hide the message of the change that interrupted it.
    if !matches!(gate.verdict, Some(Verdict::Interrupted(_))) {
        model.say(level, text);
    }
    remember(model, running, ended, OpOutcome::Succeeded);
    if let Some(finished) = model.history.last_mut() {
        finished.recovery_since = recovery;
    }
    let resource = Resource::Application(app);
    let mut commands = vec![Command::Audit(audit)];
    commands.extend(reread(model, &resource));
    commands
}

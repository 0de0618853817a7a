//! Following every sent change to its end: a stream until ACTIVE, a Flink operation until it
//! ends (and the rollback its failure set off), a snapshot until READY or gone; then the health
//! gate for changes to a running application. Every end is audited with what was seen.
use super::super::command::{Command, Probe};
use super::super::model::{Level, Model};
use super::super::msg::Observation;
use super::super::operation::{OpOutcome, OpPhase, RunningOp, clock};
use super::confirm::{remember, replan, reread};
use crate::config::Action;
use crate::domain::capacity::Advantage;
use crate::domain::channel::ChannelStatus;
use crate::domain::job_view::SavepointStatus;
use crate::domain::{AppStatus, OperationStatus, PortError, StreamStatus, Timestamp};
use crate::ops::audit::Phase;
use crate::ops::gate::Gate;
use crate::ops::{Follow, NextStep};

/// How often a stream's status or a snapshot is looked at while a change runs.
pub const FOLLOW_EVERY_SECS: i64 = 2;
/// How often DescribeApplicationOperation is asked (Flink operations take minutes).
pub const OPERATION_EVERY_SECS: i64 = 5;
/// How often the health gate looks at the application.
pub const GATE_EVERY_SECS: i64 = 30;
/// How often it looks at a self-managed job, whose numbers are read live from its cluster
/// (CloudWatch's come a minute at a time).
pub const JOB_GATE_EVERY_SECS: i64 = 5;

/// Every tick: a look at each change that is due one, and gates whose time is up end.
pub fn on_tick(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let mut commands = Vec::new();
    let mut ended = Vec::new();
    for op in &mut model.operations {
        if let OpPhase::Gating(gate) = &mut op.phase {
            gate.tick(now);
            if gate.is_over() {
                ended.push(op.id);
                continue;
            }
        }
        let every = match &op.phase {
            OpPhase::Sending => continue,
            OpPhase::Following {
                operation_id: Some(_),
                ..
            } => OPERATION_EVERY_SECS,
            OpPhase::Following { .. } => FOLLOW_EVERY_SECS,
            OpPhase::Gating(_)
                if crate::domain::flink_cluster::split(op.resource().name()).is_some() =>
            {
                JOB_GATE_EVERY_SECS
            }
            OpPhase::Gating(_) => GATE_EVERY_SECS,
        };
        let every = chrono::Duration::seconds(every);
        // A look that failed is tried again later each time, but never minutes late.
        let every = if op.failed_looks == 0 {
            every
        } else {
            let cap = every * crate::app::backoff::FOLLOW_CAP_PERIODS;
            crate::app::backoff::wait(op.failed_looks, every, cap, op.id)
        };
        let due = op.last_check.is_none_or(|at| now - at >= every);
        if op.pending || !due {
            continue;
        }
        op.pending = true;
        op.last_check = Some(now);
        commands.push(look(op));
    }
    for id in ended {
        commands.extend(super::gate_end::end_gate(model, id));
    }
    commands
}

/// The command for one look at `op`.
fn look(op: &RunningOp) -> Command {
    let resource = op.resource().clone();
    if let OpPhase::Gating(gate) = &op.phase {
        return Command::GateProbe {
            op: op.id,
            app: resource.name().to_string(),
            since: gate.started,
        };
    }
    let probe = match (&op.plan.follow, &op.phase) {
        (Follow::StreamActive | Follow::WarmThroughput { .. }, _) => Probe::Stream,
        (Follow::AccountSettled { .. }, _) => Probe::Account,
        (Follow::ChannelActive { arn }, _) => Probe::Channel(arn.clone()),
        (Follow::SnapshotReady { name } | Follow::SnapshotGone { name }, _) => {
            Probe::Snapshot(name.clone())
        }
        (
            Follow::Operation,
            OpPhase::Following {
                operation_id: Some(id),
                ..
            },
        ) => Probe::Operation(id.clone()),
        (Follow::Operation | Follow::JobCancelled | Follow::MaintenanceWindow { .. }, _) => {
            Probe::Application
        }
        (
            Follow::Savepoint { job_id },
            OpPhase::Following {
                operation_id: Some(trigger),
                ..
            },
        ) => Probe::Savepoint {
            job_id: job_id.clone(),
            trigger: trigger.clone(),
        },
        (
            Follow::JobRunning | Follow::JobRescaled { .. },
            OpPhase::Following {
                operation_id: Some(job),
                ..
            },
        ) => Probe::Run(job.clone()),
        (Follow::Savepoint { .. } | Follow::JobRunning | Follow::JobRescaled { .. }, _) => {
            Probe::Application
        }
    };
    Command::Follow {
        op: op.id,
        resource,
        probe,
    }
}

/// What a look saw: still running, landed, or ended badly.
pub fn on_followed(
    model: &mut Model,
    op: u64,
    at: Timestamp,
    result: Result<Observation, PortError>,
) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| o.id == op) else {
        return Vec::new();
    };
    model.operations[index].pending = false;
    let observation = match result {
        Ok(observation) => observation,
        Err(error) => {
            // Said in place (row and detail); a later look tries again.
            let sentence = model.sentence(&error);
            let running = &mut model.operations[index];
            running.check_error = Some(sentence);
            running.failed_looks += 1;
            return Vec::new();
        }
    };
    model.operations[index].check_error = None;
    model.operations[index].failed_looks = 0;
    let follow = model.operations[index].plan.follow.clone();
    match observation {
        Observation::Stream(summary) => {
            let mut active = summary.status == StreamStatus::Active;
            if let Follow::WarmThroughput { target } = follow {
                let warm = summary.capacity.warm.unwrap_or_default();
                if warm.warming() || !active {
                    set_seen(
                        &mut model.operations[index],
                        Some(format!("{} warming {}", summary.status, warm.text())),
                    );
                }
                let reached = warm.current_mibps.is_some_and(|c| c >= target);
                let told = warm.current_mibps.is_some();
                active = active && (reached || (!told && warm.target_mibps == Some(target)));
            }
            model
                .streams
                .facts
                .summaries
                .insert(summary.name.clone(), summary, at);
            if active {
                return landed(model, index, at);
            }
            Vec::new()
        }
        Observation::Channel(channel) => {
            set_seen(&mut model.operations[index], Some(channel.status_text()));
            let status = channel.status.clone();
            model.channel_details.insert(channel.arn.clone(), channel);
            match status {
                ChannelStatus::Active => landed(model, index, at),
                ChannelStatus::Failed => {
                    let why = format!("the channel is {}", status.as_str());
                    ended_badly(model, index, at, OpOutcome::Failed(why))
                }
                _ => Vec::new(),
            }
        }
        Observation::Account(advantage) => {
            set_seen(&mut model.operations[index], Some(advantage.label()));
            let settled = match follow {
                Follow::AccountSettled { on: true } => matches!(advantage, Advantage::On { .. }),
                _ => !matches!(advantage, Advantage::On { .. }),
            };
            model.account.finish(Ok(advantage), at);
            if settled {
                return landed(model, index, at);
            }
            Vec::new()
        }
        Observation::Snapshot(snapshot) => {
            let status = snapshot.as_ref().map(|s| s.status.clone());
            set_seen(&mut model.operations[index], status.clone());
            match (&follow, status.as_deref()) {
                (Follow::SnapshotReady { .. }, Some("READY")) => landed(model, index, at),
                (Follow::SnapshotReady { name }, Some("FAILED")) => {
                    let why = format!("snapshot {name} FAILED");
                    ended_badly(model, index, at, OpOutcome::Failed(why))
                }
                (Follow::SnapshotGone { .. }, None) => landed(model, index, at),
                _ => Vec::new(),
            }
        }
        Observation::Savepoint(status) => match status {
            SavepointStatus::InProgress => {
                set_seen(&mut model.operations[index], Some("IN_PROGRESS".into()));
                Vec::new()
            }
            SavepointStatus::Completed(location) => {
                set_seen(&mut model.operations[index], Some("COMPLETED".into()));
                let op = &mut model.operations[index];
                op.plan.done = format!("{} at {location}", op.plan.done);
                landed(model, index, at)
            }
            SavepointStatus::Failed(why) => {
                let why = format!("Flink completed the savepoint with a failure: {why}");
                ended_badly(model, index, at, OpOutcome::Failed(why))
            }
        },
        Observation::Run(status, parallelism) => {
            set_seen(
                &mut model.operations[index],
                Some(format!("{status} at parallelism {parallelism}")),
            );
            match (&status, &follow) {
                (
                    AppStatus::Running,
                    Follow::JobRescaled {
                        parallelism: wanted,
                    },
                ) if parallelism != *wanted => Vec::new(),
                (AppStatus::Running, _) => landed(model, index, at),
                _ => run_ended(model, index, at, &status),
            }
        }
        Observation::Application(detail) => {
            set_seen(
                &mut model.operations[index],
                Some(detail.status.to_string()),
            );
            let settled = match follow {
                Follow::MaintenanceWindow { start } => detail
                    .maintenance
                    .as_ref()
                    .is_some_and(|w| w.start == start),
                // A cancelled job is READY (CANCELED); FAILED or FINISHED end it too.
                Follow::JobCancelled => {
                    detail.status == AppStatus::Ready
                        || matches!(&detail.status, AppStatus::Other(s) if s == "FAILED" || s == "FINISHED")
                }
                _ => matches!(detail.status, AppStatus::Running | AppStatus::Ready),
            };
            if settled {
                return landed(model, index, at);
            }
            Vec::new()
        }
        Observation::Operation(detail) => {
            set_seen(
                &mut model.operations[index],
                Some(detail.summary.status.as_str().to_string()),
            );
            let failed_before = match &model.operations[index].phase {
                OpPhase::Following { failed, .. } => failed.clone(),
                _ => None,
            };
            match (&detail.summary.status, failed_before) {
                (OperationStatus::Successful, None) => landed(model, index, at),
                (OperationStatus::Successful, Some(why)) => {
                    ended_badly(model, index, at, OpOutcome::RolledBack(why))
                }
                (OperationStatus::Failed, None) => {
                    let why = detail
                        .error
                        .clone()
                        .unwrap_or_else(|| "AWS gave no error string".into());
                    match detail.rollback_operation_id {
                        Some(rollback) => following_rollback(model, index, why, rollback),
                        None => ended_badly(model, index, at, OpOutcome::Failed(why)),
                    }
                }
                (OperationStatus::Failed, Some(why)) => {
                    let rollback_error = detail.error.clone().unwrap_or_default();
                    let why = format!("{why}; the service's rollback failed too: {rollback_error}");
                    ended_badly(model, index, at, OpOutcome::Failed(why))
                }
                (OperationStatus::Cancelled, _) => ended_badly(
                    model,
                    index,
                    at,
                    OpOutcome::Cancelled("the operation was CANCELLED".into()),
                ),
                _ => Vec::new(),
            }
        }
    }
}

/// A run that is not RUNNING with all its tasks: restarting (it started; the health gate judges
/// it), ended (the change failed), or still starting.
fn run_ended(model: &mut Model, index: usize, at: Timestamp, status: &AppStatus) -> Vec<Command> {
    match status {
        AppStatus::Other(s) if s == "RESTARTING" => landed(model, index, at),
        AppStatus::Other(s) if s == "FAILED" || s == "FINISHED" || s == "SUSPENDED" => {
            let why = format!("the run is {status}");
            ended_badly(model, index, at, OpOutcome::Failed(why))
        }
        AppStatus::Ready => {
            let why = "the run was cancelled".to_string();
            ended_badly(model, index, at, OpOutcome::Failed(why))
        }
        _ => Vec::new(),
    }
}

fn set_seen(op: &mut RunningOp, status: Option<String>) {
    if let OpPhase::Following { seen, .. } = &mut op.phase {
        *seen = status;
    }
}

/// The operation failed and the service rolls back by itself: say so and follow the rollback.
fn following_rollback(
    model: &mut Model,
    index: usize,
    why: String,
    rollback: String,
) -> Vec<Command> {
    let op = &mut model.operations[index];
    let audit = op.outcome_entry(Phase::Outcome, "failed", Some(why.clone()));
    let text = format!(
        "{} of {} FAILED: {why} — the service is rolling back by itself (operation {rollback}); following it",
        op.plan.call.api(),
        op.resource().name()
    );
    op.phase = OpPhase::Following {
        operation_id: Some(rollback),
        seen: None,
        failed: Some(why),
    };
    op.last_check = None;
    model.say(Level::Error, text);
    vec![Command::Audit(audit)]
}

/// The change did not do what was asked.
fn ended_badly(model: &mut Model, index: usize, at: Timestamp, outcome: OpOutcome) -> Vec<Command> {
    let op = model.operations.remove(index);
    let took = clock(at - op.started);
    let name = op.resource().name().to_string();
    let api = op.plan.call.api();
    let (result, why, text) = match &outcome {
        OpOutcome::RolledBack(why) => (
            "rolled back",
            why.clone(),
            format!("{api} of {name} failed and the service rolled it back after {took}: {why}"),
        ),
        OpOutcome::Cancelled(why) => (
            "cancelled",
            why.clone(),
            format!("{api} of {name} was cancelled after {took}"),
        ),
        OpOutcome::Failed(why) => (
            "failed",
            why.clone(),
            format!("{api} of {name} FAILED after {took}: {why}"),
        ),
        OpOutcome::Succeeded => ("succeeded", String::new(), String::new()),
    };
    let mut commands = vec![Command::Audit(op.outcome_entry(
        Phase::Outcome,
        result,
        Some(why),
    ))];
    model.say(Level::Error, text);
    let resource = op.resource().clone();
    model.recoveries.remove(resource.name());
    remember(model, op, at, outcome);
    commands.extend(reread(model, &resource));
    commands
}

/// The change landed: audit it, read the resource again, then the next step, the health gate,
/// or done.
fn landed(model: &mut Model, index: usize, at: Timestamp) -> Vec<Command> {
    let now = model.now;
    let op = &model.operations[index];
    let resource = op.resource().clone();
    let took = clock(at - op.started);
    let mut commands = vec![Command::Audit(op.outcome_entry(
        Phase::Outcome,
        "succeeded",
        None,
    ))];
    let next = op.plan.next.clone();
    let done = op.plan.done.clone();
    if op.plan.gate {
        let interval = model
            .apps
            .facts
            .details
            .get(resource.name())
            .and_then(|(d, _)| d.checkpoint.as_ref())
            .filter(|c| c.enabled)
            .map(|c| c.interval_ms);
        let gate = Gate::new(now, model.health_gate, interval);
        let op = &mut model.operations[index];
        op.phase = OpPhase::Gating(gate);
        op.last_check = None;
        model.say(
            Level::Info,
            format!(
                "done: {done} (in {took}); health gate: watching {} for {}",
                resource.name(),
                clock(model.health_gate)
            ),
        );
        commands.extend(reread(model, &resource));
        return commands;
    }
    let op = model.operations.remove(index);
    match next {
        Some(NextStep::Reshard { target }) => {
            model.say(
                Level::Info,
                format!(
                    "step done: {done}; confirm the next step to reach {target} (planned from fresh facts)"
                ),
            );
            commands.push(Command::LoadReshardInputs {
                stream: resource.name().to_string(),
                next_target: Some(target),
            });
        }
        Some(NextStep::Start { restore }) => {
            let app = resource.name().to_string();
            let notice = format!(
                "Step 1 of 2 done: {done}. Step 2 starts {app} ({restore}); its health gate follows."
            );
            if model.modal.is_none() {
                commands.extend(replan(
                    model,
                    &app,
                    crate::ops::AppIntent::Start { restore },
                    Some(notice),
                ));
            } else {
                let start = model.app_key_or(Action::Start, ":start");
                model.say(Level::Info, format!("{notice} Press {start} to start it."));
            }
        }
        None => model.say(Level::Info, format!("done: {done} (in {took})")),
    }
    remember(model, op, at, OpOutcome::Succeeded);
    commands.extend(reread(model, &resource));
    commands
}

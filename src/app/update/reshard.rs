//! Resharding: plan (pure checks) → confirm (type the stream name) → execute (one audited call
//! per step) → verify (follow the status until ACTIVE, then confirm the next step).
use super::super::command::Command;
use super::super::modal::{ConfirmState, Modal, PlannerState, RetentionState, SplitPointState};
use super::super::model::{Level, Model};
use super::super::operation::{OpPhase, RunningOp};
use super::super::route::Route;
use crate::domain::{CapacityMode, Loadable, PortError, StreamStatus, StreamSummary, Timestamp};
use crate::ops::reshard_plan::{self, ReshardInputs};
use crate::ops::{ReshardCall, settings_plan, shard_plan};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// How often a running change's stream status is re-read.
pub const VERIFY_EVERY_SECS: i64 = 2;

/// The sentence shown for every mutating key in `--read-only` mode.
pub const READ_ONLY: &str =
    "read-only mode: kinetic was started with --read-only, so nothing can be changed";

/// The stream `R` applies to on the current screen.
fn target_stream(model: &Model) -> Option<String> {
    match model.route() {
        Route::Streams => model.streams.selected().map(|l| l.name.clone()),
        Route::StreamDetail(name) => Some(name.clone()),
        _ => None,
    }
}

/// `R`: opens the planner and loads what it needs. Nothing at all in read-only mode.
pub fn open_planner(model: &mut Model) -> Vec<Command> {
    if read_only(model) {
        return Vec::new();
    }
    let Some(stream) = target_stream(model) else {
        return Vec::new();
    };
    if busy(model, &stream) {
        return Vec::new();
    }
    model.modal = Some(Modal::Planner(PlannerState {
        stream: stream.clone(),
        inputs: Loadable::Loading,
        target: String::new(),
        error: None,
    }));
    vec![Command::LoadReshardInputs { stream }]
}

pub fn on_inputs(
    model: &mut Model,
    stream: String,
    at: Timestamp,
    result: Result<ReshardInputs, PortError>,
) -> Vec<Command> {
    let headroom = model.reshard_headroom;
    let result = result.map(|inputs| ReshardInputs { headroom, ..inputs });
    if let Some(Modal::Planner(planner)) = &mut model.modal
        && planner.stream == stream
    {
        if let Ok(inputs) = &result
            && planner.target.is_empty()
            && let Some(rec) = reshard_plan::recommend(inputs, inputs.headroom)
        {
            planner.target = rec.target.to_string();
        }
        planner.inputs.finish(result, at);
    }
    Vec::new()
}

/// Keys while a modal is open: typing, Enter, Esc. Returns None when the modal did not take the key.
/// What a key did to a dialog's text field.
enum FieldKey {
    Cancel,
    Submit,
    Other,
}

/// Typing, Backspace, Enter and Esc on a dialog's one text field (typing clears its error).
fn field_key(text: &mut String, error: &mut Option<String>, key: KeyEvent) -> FieldKey {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => return FieldKey::Cancel,
        KeyCode::Enter => return FieldKey::Submit,
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char(c) if !ctrl && !c.is_control() => text.push(c),
        _ => return FieldKey::Other,
    }
    *error = None;
    FieldKey::Other
}

/// Keys while a dialog is open: they never reach the screen underneath.
pub fn on_modal_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let outcome = match &mut model.modal {
        Some(Modal::Planner(p)) => field_key(&mut p.target, &mut p.error, key),
        Some(Modal::SplitPoint(p)) => field_key(&mut p.input, &mut p.error, key),
        Some(Modal::Retention(p)) => field_key(&mut p.input, &mut p.error, key),
        Some(Modal::Confirm(p)) => field_key(&mut p.typed, &mut p.error, key),
        None => return Vec::new(),
    };
    match outcome {
        FieldKey::Other => Vec::new(),
        FieldKey::Cancel => {
            if matches!(model.modal, Some(Modal::Confirm(_))) {
                model.say(Level::Info, "cancelled: nothing was sent");
            }
            model.modal = None;
            Vec::new()
        }
        FieldKey::Submit => match &model.modal {
            Some(Modal::Planner(_)) => plan_from_planner(model),
            Some(Modal::SplitPoint(_)) => plan_split(model),
            Some(Modal::Retention(_)) => plan_retention(model),
            Some(Modal::Confirm(_)) => submit(model),
            None => Vec::new(),
        },
    }
}

fn plan_retention(model: &mut Model) -> Vec<Command> {
    let Some(Modal::Retention(retention)) = &mut model.modal else {
        return Vec::new();
    };
    match settings_plan::parse_retention(&retention.input) {
        Err(error) => retention.error = Some(error),
        Ok(to) => {
            let plan = settings_plan::retention(
                &retention.stream,
                &retention.status,
                retention.open_shards,
                retention.current_hours,
                to,
            );
            model.modal = Some(Modal::Confirm(ConfirmState::new(plan)));
        }
    }
    Vec::new()
}

fn plan_from_planner(model: &mut Model) -> Vec<Command> {
    let Some(Modal::Planner(planner)) = &mut model.modal else {
        return Vec::new();
    };
    let Some(inputs) = planner.inputs.value().cloned() else {
        planner.error = Some("still loading the stream's facts; try again in a moment".into());
        return Vec::new();
    };
    if inputs.mode == Some(CapacityMode::OnDemand) {
        planner.error = Some(
            "this stream is ON_DEMAND: AWS manages its shards. Esc, then c switches it to PROVISIONED so you can set a count".into(),
        );
        return Vec::new();
    }
    match reshard_plan::parse_target(&planner.target) {
        Err(error) => planner.error = Some(error),
        Ok(target) => {
            let plan = reshard_plan::plan(&inputs, target);
            model.modal = Some(Modal::Confirm(ConfirmState::new(plan)));
        }
    }
    Vec::new()
}

/// Enter in the confirm dialog: exactly one call, and only with the name typed and no failing check.
fn submit(model: &mut Model) -> Vec<Command> {
    let Some(Modal::Confirm(confirm)) = &mut model.modal else {
        return Vec::new();
    };
    if !confirm.plan.runnable() {
        confirm.error = Some("a failing check blocks this change; Esc to go back".into());
        return Vec::new();
    }
    if confirm.typed != confirm.plan.stream {
        confirm.error = Some(format!("type {} exactly to confirm", confirm.plan.stream));
        return Vec::new();
    }
    let plan = confirm.plan.clone();
    // The dialog closes before the call goes out: a repeated Enter cannot send it twice.
    model.modal = None;
    let now = model.now;
    let id = model.request_id().0;
    let target = plan.steps.first().copied().unwrap_or(plan.to);
    let stream = plan.stream.clone();
    let command = match &plan.call {
        ReshardCall::UniformScaling => Command::UpdateShardCount {
            op: id,
            stream,
            target,
        },
        call => Command::ChangeShards {
            op: id,
            stream,
            call: call.clone(),
        },
    };
    model.operations.push(RunningOp {
        id,
        plan,
        phase: OpPhase::Sending,
        started: now,
        last_check: None,
    });
    vec![command]
}

/// The selected shard of the open stream detail, with the stream's status and open count.
fn selected_shard(model: &Model) -> Option<(String, StreamStatus, u32, crate::domain::Shard)> {
    let detail = model.detail.as_ref()?;
    let shard = detail.selected()?.clone();
    let status = detail
        .summary
        .value()
        .map(|s| s.status.clone())
        .unwrap_or(StreamStatus::Other("unknown".into()));
    let open = crate::domain::shard::count_open(detail.shards());
    Some((detail.stream.clone(), status, open, shard))
}

/// In read-only mode every change is refused with the same sentence, before anything else.
fn read_only(model: &mut Model) -> bool {
    if model.context.read_only {
        model.say(Level::Warn, READ_ONLY);
    }
    model.context.read_only
}

/// One change at a time per stream: a second one waits until the first is ACTIVE.
fn busy(model: &mut Model, stream: &str) -> bool {
    let busy = model.operations.iter().any(|op| op.stream() == stream);
    if busy {
        model.say(
            Level::Warn,
            format!("a change to {stream} is still running; wait until it is ACTIVE"),
        );
    }
    busy
}

/// `s` in the stream detail: ask where to split the selected shard.
pub fn open_split(model: &mut Model) -> Vec<Command> {
    if read_only(model) {
        return Vec::new();
    }
    let Some((stream, _, _, shard)) = selected_shard(model) else {
        return Vec::new();
    };
    if busy(model, &stream) {
        return Vec::new();
    }
    model.modal = Some(Modal::SplitPoint(SplitPointState {
        stream,
        shard,
        input: String::new(),
        error: None,
    }));
    Vec::new()
}

fn plan_split(model: &mut Model) -> Vec<Command> {
    let Some(Modal::SplitPoint(split)) = &mut model.modal else {
        return Vec::new();
    };
    match shard_plan::split_point(&split.shard.hash_range, &split.input) {
        Err(error) => split.error = Some(error),
        Ok(at) => {
            let (stream, shard) = (split.stream.clone(), split.shard.clone());
            let Some((_, status, open, _)) = selected_shard(model) else {
                return Vec::new();
            };
            let plan = shard_plan::split(&stream, &status, open, &shard, at);
            model.modal = Some(Modal::Confirm(ConfirmState::new(plan)));
        }
    }
    Vec::new()
}

/// What the settings need: the stream's summary (status, mode, ARN, retention) and open count.
fn stream_facts(model: &Model) -> Option<(crate::domain::StreamSummary, u32)> {
    let stream = target_stream(model)?;
    let summary = model
        .detail
        .as_ref()
        .filter(|d| d.stream == stream)
        .and_then(|d| d.summary.value().cloned())
        .or_else(|| model.streams.summaries.get(&stream).map(|(s, _)| s.clone()))?;
    let open = model
        .streams
        .shard_counts
        .get(&stream)
        .copied()
        .unwrap_or(summary.open_shards);
    Some((summary, open))
}

/// `c`: switch the stream's capacity mode.
pub fn plan_mode_switch(model: &mut Model) -> Vec<Command> {
    if read_only(model) {
        return Vec::new();
    }
    let Some(stream) = target_stream(model) else {
        return Vec::new();
    };
    if busy(model, &stream) {
        return Vec::new();
    }
    let Some((summary, open)) = stream_facts(model) else {
        model.say(
            Level::Warn,
            format!("{stream}'s summary has not loaded yet; try again in a moment"),
        );
        return Vec::new();
    };
    let current = summary.mode.unwrap_or(CapacityMode::Provisioned);
    let plan = settings_plan::switch_mode(&stream, &summary.arn, &summary.status, current, open);
    model.modal = Some(Modal::Confirm(ConfirmState::new(plan)));
    Vec::new()
}

/// `t`: ask for the new retention period.
pub fn open_retention(model: &mut Model) -> Vec<Command> {
    if read_only(model) {
        return Vec::new();
    }
    let Some(stream) = target_stream(model) else {
        return Vec::new();
    };
    if busy(model, &stream) {
        return Vec::new();
    }
    let Some((summary, open)) = stream_facts(model) else {
        model.say(
            Level::Warn,
            format!("{stream}'s summary has not loaded yet; try again in a moment"),
        );
        return Vec::new();
    };
    model.modal = Some(Modal::Retention(RetentionState {
        stream,
        status: summary.status,
        open_shards: open,
        current_hours: summary.retention_hours,
        input: String::new(),
        error: None,
    }));
    Vec::new()
}

/// `m` in the stream detail: merge the selected shard with its adjacent open neighbour.
pub fn plan_merge(model: &mut Model) -> Vec<Command> {
    if read_only(model) {
        return Vec::new();
    }
    let Some((stream, status, open, shard)) = selected_shard(model) else {
        return Vec::new();
    };
    if busy(model, &stream) {
        return Vec::new();
    }
    let Some(detail) = model.detail.as_ref() else {
        return Vec::new();
    };
    match shard_plan::merge(&stream, &status, open, &shard, detail.shards(), |id| {
        detail.shard_rates(id)
    }) {
        Ok(plan) => model.modal = Some(Modal::Confirm(ConfirmState::new(plan))),
        Err(reason) => model.say(Level::Warn, format!("cannot merge: {reason}")),
    }
    Vec::new()
}

pub fn on_sent(
    model: &mut Model,
    op: u64,
    _at: Timestamp,
    result: Result<(), PortError>,
) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| o.id == op) else {
        return Vec::new();
    };
    match result {
        Ok(()) => {
            let running = &mut model.operations[index];
            running.phase = OpPhase::Updating;
            let text = format!(
                "{} sent: {} {}; following until ACTIVE",
                running.plan.call.api(),
                running.stream(),
                running
                    .plan
                    .call
                    .change(running.plan.from, running.target())
            );
            model.say(Level::Info, text);
            Vec::new()
        }
        Err(error) => {
            let running = model.operations.remove(index);
            model.say(
                Level::Error,
                format!("{} was not changed: {error}", running.stream()),
            );
            reread(model, running.stream())
        }
    }
}

/// After a change (done or refused), read the stream again: its count, and the detail if open.
fn reread(model: &mut Model, stream: &str) -> Vec<Command> {
    let mut commands = vec![
        Command::DescribeSummary {
            stream: stream.to_string(),
        },
        Command::CountShards {
            stream: stream.to_string(),
        },
    ];
    if model.detail.as_ref().is_some_and(|d| d.stream == stream) {
        commands.extend(super::detail::refresh(model));
    }
    commands
}

/// Every few seconds, re-read the status of streams with a change in flight.
pub fn on_tick(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let mut commands = Vec::new();
    for op in &mut model.operations {
        let due = op
            .last_check
            .is_none_or(|at| now - at >= chrono::Duration::seconds(VERIFY_EVERY_SECS));
        if op.phase == OpPhase::Updating
            && due
            && !model.streams.summaries_pending.contains(op.stream())
        {
            op.last_check = Some(now);
            model
                .streams
                .summaries_pending
                .insert(op.stream().to_string());
            commands.push(Command::DescribeSummary {
                stream: op.stream().to_string(),
            });
        }
    }
    commands
}

/// A fresh summary of a stream with a change in flight: ACTIVE means the step is done.
pub fn on_summary(model: &mut Model, summary: &StreamSummary) -> Vec<Command> {
    let Some(index) = model.operations.iter().position(|o| {
        o.stream() == summary.name && o.phase == OpPhase::Updating && o.last_check.is_some()
    }) else {
        return Vec::new();
    };
    if summary.status != StreamStatus::Active {
        return Vec::new();
    }
    let now = model.now;
    let running = model.operations.remove(index);
    let commands = reread(model, running.stream());
    let more_steps = running.plan.steps.len() > 1;
    if more_steps {
        // A multi-step plan: each step is confirmed on its own, re-planned from where the
        // stream is now, with fresh checks.
        let inputs = ReshardInputs {
            stream: running.plan.stream.clone(),
            status: StreamStatus::Active,
            mode: summary.mode,
            open_shards: running.target(),
            scalings_last_day: 0,
            account_limit: None,
            consumers: summary.consumers,
            peak_bytes_per_sec: None,
            peak_records_per_sec: None,
            headroom: model.reshard_headroom,
        };
        let plan = reshard_plan::plan(&inputs, running.plan.to);
        model.modal = Some(Modal::Confirm(ConfirmState::new(plan)));
        model.say(
            Level::Info,
            format!(
                "step done: {} has {} shards; confirm the next step to reach {}",
                running.stream(),
                running.target(),
                running.plan.to
            ),
        );
    } else {
        let took = (now - running.started).num_seconds();
        let text = match &running.plan.call {
            ReshardCall::SetMode { .. } | ReshardCall::SetRetention { .. } => format!(
                "done: {} {} (in {}:{:02})",
                running.stream(),
                running.plan.call.change(running.plan.from, running.plan.to),
                took / 60,
                took % 60
            ),
            _ => format!(
                "done: {} now has {} open shards ({} → {} in {}:{:02})",
                running.stream(),
                running.target(),
                running.plan.from,
                running.plan.to,
                took / 60,
                took % 60
            ),
        };
        model.say(Level::Info, text);
    }
    commands
}

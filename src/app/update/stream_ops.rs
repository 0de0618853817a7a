//! Changes to streams from the keyboard: the reshard planner (`R`), split (`s`), merge (`m`),
//! capacity mode (`c`) and retention (`t`). Each builds a plan for the one confirm path.
use super::super::command::Command;
use super::super::modal::{Modal, PlannerState, RetentionState, SplitPointState};
use super::super::model::{Level, Model};
use super::super::route::Route;
use super::confirm::{busy, open_confirm, refuse_read_only};
use super::text_field::{FieldKey, field_key};
use crate::domain::{CapacityMode, Loadable, PortError, StreamStatus, Timestamp};
use crate::ops::reshard_plan::{self, ReshardInputs};
use crate::ops::{Resource, settings_plan, shard_plan};
use crossterm::event::KeyEvent;

/// The stream a key applies to on the current screen.
fn target_stream(model: &Model) -> Option<String> {
    match model.route() {
        Route::Streams => model.streams.selected().map(|l| l.name.clone()),
        Route::StreamDetail(name) | Route::Keys(name) => Some(name.clone()),
        _ => None,
    }
}

/// The stream selected or open, for commands that default to it.
pub(super) fn stream_in_view(model: &Model) -> Option<String> {
    target_stream(model)
}

/// Read-only and busy refusals shared by every stream change; the stream when it may go on.
fn may_change(model: &mut Model, stream: Option<String>) -> Option<String> {
    if refuse_read_only(model) {
        return None;
    }
    let stream = stream?;
    if busy(model, &Resource::Stream(stream.clone())) {
        return None;
    }
    Some(stream)
}

/// `R`: opens the planner and loads what it needs. Nothing at all in read-only mode.
pub fn open_planner(model: &mut Model) -> Vec<Command> {
    let Some(stream) = may_change(model, target_stream(model)) else {
        return Vec::new();
    };
    model.modal = Some(Modal::Planner(PlannerState {
        stream: stream.clone(),
        inputs: Loadable::Loading,
        target: String::new(),
        error: None,
        submitted: false,
    }));
    vec![Command::LoadReshardInputs {
        stream,
        next_target: None,
    }]
}

/// The planner's facts arrived; or, after a step of a longer plan landed, the facts its next
/// step is planned from.
pub fn on_inputs(
    model: &mut Model,
    stream: String,
    next_target: Option<u32>,
    at: Timestamp,
    result: Result<ReshardInputs, PortError>,
) -> Vec<Command> {
    let headroom = model.reshard_headroom;
    let result = result.map(|inputs| ReshardInputs { headroom, ..inputs });
    if let Some(target) = next_target {
        match result {
            Ok(inputs) if model.modal.is_none() => {
                let plan = reshard_plan::plan(&inputs, target);
                open_confirm(model, plan, None, None);
            }
            Ok(_) => model.say(
                Level::Info,
                format!("{stream}: press R to plan the next step towards {target} shards"),
            ),
            Err(error) => model.say(
                Level::Error,
                format!("cannot plan the next step for {stream}: {error}; press R to try again"),
            ),
        }
        return Vec::new();
    }
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
        // The Enter pressed while they loaded is acted on now (`update` then hands the plan
        // the keys typed since).
        if std::mem::take(&mut planner.submitted) && planner.inputs.value().is_some() {
            plan_from_planner(model);
        }
    }
    Vec::new()
}

/// Keys in the planner, split and retention dialogs.
pub fn on_dialog_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let outcome = match &mut model.modal {
        Some(Modal::Planner(p)) => field_key(&mut p.target, &mut p.error, key),
        Some(Modal::SplitPoint(p)) => field_key(&mut p.input, &mut p.error, key),
        Some(Modal::Retention(p)) => field_key(&mut p.input, &mut p.error, key),
        _ => return Vec::new(),
    };
    match outcome {
        FieldKey::Cancel => model.modal = None,
        FieldKey::Submit => match &model.modal {
            Some(Modal::Planner(_)) => plan_from_planner(model),
            Some(Modal::SplitPoint(_)) => plan_split(model),
            Some(Modal::Retention(_)) => plan_retention(model),
            _ => {}
        },
        FieldKey::Edited | FieldKey::Other => {}
    }
    Vec::new()
}

fn plan_retention(model: &mut Model) {
    let Some(Modal::Retention(retention)) = &mut model.modal else {
        return;
    };
    match settings_plan::parse_retention(&retention.input) {
        Err(error) => retention.error = Some(error),
        Ok(to) => {
            let plan = settings_plan::retention(
                &retention.stream,
                &retention.status,
                retention.current_hours,
                to,
            );
            open_confirm(model, plan, None, None);
        }
    }
}

fn plan_from_planner(model: &mut Model) {
    let Some(Modal::Planner(planner)) = &mut model.modal else {
        return;
    };
    let Some(inputs) = planner.inputs.value().cloned() else {
        if planner.inputs.is_loading() {
            planner.submitted = true;
            planner.error = None;
        }
        return;
    };
    if inputs.mode == Some(CapacityMode::OnDemand) {
        planner.error = Some(
            "this stream is ON_DEMAND: AWS manages its shards. Esc, then c switches it to PROVISIONED so you can set a count".into(),
        );
        return;
    }
    match reshard_plan::parse_target(&planner.target) {
        Err(error) => planner.error = Some(error),
        Ok(target) => {
            let plan = reshard_plan::plan(&inputs, target);
            open_confirm(model, plan, None, None);
        }
    }
}

/// The selected shard of the open stream detail, with the stream's status and open count.
fn selected_shard(model: &Model) -> Option<(String, StreamStatus, u32, crate::domain::Shard)> {
    let detail = model.stream_detail.as_ref()?;
    let shard = detail.selected()?.clone();
    let status = detail
        .summary
        .value()
        .map_or(StreamStatus::Other("unknown".into()), |s| s.status.clone());
    let open = crate::domain::shard::count_open(detail.shards());
    Some((detail.stream.clone(), status, open, shard))
}

/// `s` in the stream detail: ask where to split the selected shard.
pub fn open_split(model: &mut Model) -> Vec<Command> {
    let stream = selected_shard(model).map(|(stream, ..)| stream);
    if may_change(model, stream).is_none() {
        return Vec::new();
    }
    let Some((stream, _, _, shard)) = selected_shard(model) else {
        return Vec::new();
    };
    model.modal = Some(Modal::SplitPoint(SplitPointState {
        stream,
        shard,
        input: String::new(),
        error: None,
    }));
    Vec::new()
}

/// The split dialog on `shard` of the stream in view, its split point filled in (from `:keys`).
pub fn open_split_at(model: &mut Model, shard: &str, at: u128) -> Vec<Command> {
    let Some(stream) = may_change(model, target_stream(model)) else {
        return Vec::new();
    };
    let Some(shard) = model
        .stream_detail
        .as_ref()
        .filter(|d| d.stream == stream)
        .and_then(|d| d.shards().iter().find(|s| s.id == shard && s.open).cloned())
    else {
        model.say(
            Level::Warn,
            format!("{shard} is not an open shard of {stream} any more; refresh and look again"),
        );
        return Vec::new();
    };
    model.modal = Some(Modal::SplitPoint(SplitPointState {
        stream,
        shard,
        input: at.to_string(),
        error: None,
    }));
    Vec::new()
}

fn plan_split(model: &mut Model) {
    let Some(Modal::SplitPoint(split)) = &mut model.modal else {
        return;
    };
    match shard_plan::split_point(&split.shard.hash_range, &split.input) {
        Err(error) => split.error = Some(error),
        Ok(at) => {
            let (stream, shard) = (split.stream.clone(), split.shard.clone());
            let Some((summary, open)) = stream_facts(model, &stream) else {
                return;
            };
            let plan = shard_plan::split(&stream, &summary.status, open, &shard, at);
            open_confirm(model, plan, None, None);
        }
    }
}

/// What the settings need: the stream's summary (status, mode, ARN, retention) and open count.
fn stream_facts(model: &Model, stream: &str) -> Option<(crate::domain::StreamSummary, u32)> {
    let summary = model
        .stream_detail
        .as_ref()
        .filter(|d| d.stream == stream)
        .and_then(|d| d.summary.value().cloned())
        .or_else(|| model.streams.facts.summaries.value(stream).cloned())?;
    let open = model
        .streams
        .facts
        .shard_counts
        .value(stream)
        .copied()
        .unwrap_or(summary.open_shards);
    Some((summary, open))
}

/// The facts of the stream a settings key applies to, or the sentence that they are not there.
pub(super) fn settings_facts(
    model: &mut Model,
) -> Option<(String, crate::domain::StreamSummary, u32)> {
    let stream = may_change(model, target_stream(model))?;
    if let Some((summary, open)) = stream_facts(model, &stream) {
        Some((stream, summary, open))
    } else {
        model.say(
            Level::Warn,
            format!("{stream}'s summary has not loaded yet; try again in a moment"),
        );
        None
    }
}

/// `c`: switch the stream's capacity mode.
pub fn plan_mode_switch(model: &mut Model) -> Vec<Command> {
    let Some((stream, summary, open)) = settings_facts(model) else {
        return Vec::new();
    };
    let current = summary.mode.unwrap_or(CapacityMode::Provisioned);
    let plan = settings_plan::switch_mode(&stream, &summary.arn, &summary.status, current, open);
    open_confirm(model, plan, None, None);
    Vec::new()
}

/// `t`: ask for the new retention period.
pub fn open_retention(model: &mut Model) -> Vec<Command> {
    let Some((stream, summary, _)) = settings_facts(model) else {
        return Vec::new();
    };
    model.modal = Some(Modal::Retention(RetentionState {
        stream,
        status: summary.status,
        current_hours: summary.retention_hours,
        input: String::new(),
        error: None,
    }));
    Vec::new()
}

/// `m` in the stream detail: merge the selected shard with its adjacent open neighbour.
pub fn plan_merge(model: &mut Model) -> Vec<Command> {
    let stream = selected_shard(model).map(|(stream, ..)| stream);
    if may_change(model, stream).is_none() {
        return Vec::new();
    }
    let Some((stream, status, open, shard)) = selected_shard(model) else {
        return Vec::new();
    };
    let Some(detail) = model.stream_detail.as_ref() else {
        return Vec::new();
    };
    match shard_plan::merge(&stream, &status, open, &shard, detail.shards(), |id| {
        detail.shard_rates(id)
    }) {
        Ok(plan) => open_confirm(model, plan, None, None),
        Err(reason) => model.say(Level::Warn, format!("cannot merge: {reason}")),
    }
    Vec::new()
}

//! On-demand capacity from the keyboard: warm throughput (`W`, `:warm`), the account's On-demand Advantage (`:advantage`), record distribution (`:distribution`) and the maximum record size (`:max-record-size`); each a plan on the one confirm path.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::confirm::{busy, open_confirm, refuse_read_only};
use super::stream_ops::settings_facts;
use crate::domain::StreamMetrics;
use crate::domain::capacity::{Advantage, Distribution, recommended_warm};
use crate::domain::channel::parse_freshness;
use crate::ops::Resource;
use crate::ops::capacity_plan::{self, StreamFacts};

/// The account's mode as last read; Standard until DescribeAccountSettings has answered.
fn advantage(model: &Model) -> Advantage {
    model.account.value().cloned().unwrap_or_default()
}

/// The last hour's peak write rate of `stream`, in MiB/s, from the metrics on hand.
pub fn peak_mibps(metrics: Option<&StreamMetrics>) -> Option<f64> {
    metrics
        .and_then(|m| m.incoming_bytes.max())
        .map(|bytes| bytes / 60.0 / 1_048_576.0)
}

/// `W` / `:warm [MIBPS]`: warm throughput for the stream in view; without a number, the
/// recommendation from its peak.
pub fn warm(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    let Some((stream, summary, _)) = settings_facts(model) else {
        return Vec::new();
    };
    let peak = peak_mibps(model.streams.facts.metrics.value(&stream));
    let target = match argument.map(capacity_plan::parse_mibps) {
        Some(Ok(target)) => target,
        Some(Err(error)) => {
            model.say(
                Level::Error,
                format!("{error}; :warm MIBPS, e.g. :warm 120"),
            );
            return Vec::new();
        }
        None => {
            let Some(peak) = peak else {
                model.say(
                    Level::Warn,
                    format!("{stream}'s traffic has not loaded yet: give a target, :warm MIBPS"),
                );
                return Vec::new();
            };
            recommended_warm(peak)
        }
    };
    let plan = capacity_plan::warm_throughput(
        StreamFacts {
            summary: &summary,
            busy: false,
        },
        &advantage(model),
        target,
        peak,
    );
    open_confirm(model, plan, None, None);
    Vec::new()
}

/// `:advantage on|off`: the account's On-demand Advantage mode in this region.
pub fn set_advantage(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    if refuse_read_only(model) {
        return Vec::new();
    }
    let on = match argument.map(str::to_ascii_lowercase).as_deref() {
        Some("on") => true,
        Some("off") => false,
        _ => {
            let now = advantage(model).label();
            model.say(
                Level::Error,
                format!("usage: :advantage on|off (the account is in on-demand {now})"),
            );
            return Vec::new();
        }
    };
    if model.account.value().is_none() {
        model.say(
            Level::Warn,
            "the account's on-demand mode has not been read yet (DescribeAccountSettings); try again in a moment",
        );
        return Vec::new();
    }
    let region = model.context.region.clone();
    let mut plan = capacity_plan::advantage(&region, &advantage(model), on, model.now);
    if model.context.production {
        plan.checks.push(crate::ops::Check::warn(
            "production",
            "this profile is marked production: the change is account-wide and billed",
        ));
    }
    open_confirm(model, plan, None, None);
    Vec::new()
}

/// `:distribution auto|partition-key`.
pub fn distribution(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    let Some(to) = argument.and_then(Distribution::parse) else {
        model.say(Level::Error, "usage: :distribution auto|partition-key");
        return Vec::new();
    };
    plan_stream_in_view(model, |facts| capacity_plan::distribution(facts, to))
}

/// Plans a change of the stream in view from its last summary (the read-only, busy and
/// not-loaded refusals first), and opens the confirm dialog.
fn plan_stream_in_view(
    model: &mut Model,
    plan: impl FnOnce(StreamFacts<'_>) -> crate::ops::OpPlan,
) -> Vec<Command> {
    let Some((_, summary, _)) = settings_facts(model) else {
        return Vec::new();
    };
    let plan = plan(StreamFacts {
        summary: &summary,
        // settings_facts has refused a stream with a change of kinetic's in flight.
        busy: false,
    });
    open_confirm(model, plan, None, None);
    Vec::new()
}

/// `:channel NAME freshness SECONDS`: a delivery channel's data freshness (UpdateChannel).
pub fn channel(model: &mut Model, name: Option<&str>, rest: &[&str]) -> Vec<Command> {
    if refuse_read_only(model) {
        return Vec::new();
    }
    let Some(name) = name else {
        model.say(
            Level::Error,
            "usage: :channel NAME freshness SECONDS (300–900)",
        );
        return Vec::new();
    };
    let to = match parse_freshness(rest) {
        Ok(seconds) => seconds,
        Err(error) => {
            model.say(Level::Error, error);
            return Vec::new();
        }
    };
    let found = model
        .channels
        .value()
        .and_then(|all| all.iter().find(|c| c.name == name))
        .map(|c| model.channel_details.get(&c.arn).unwrap_or(c).clone());
    let Some(channel) = found else {
        let known: Vec<String> = model
            .channels
            .value()
            .map(|all| all.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default();
        let hint = if known.is_empty() {
            "no delivery channels are known in this region".to_string()
        } else {
            format!("the channels are {}", known.join(", "))
        };
        model.say(Level::Error, format!("no channel {name}: {hint}"));
        return Vec::new();
    };
    if busy(model, &Resource::Channel(channel.name.clone())) {
        return Vec::new();
    }
    let plan = capacity_plan::channel_freshness(&channel, to);
    open_confirm(model, plan, None, None);
    Vec::new()
}

/// `:max-record-size KIB`: refused outside 1,024–10,240 KiB before any call (by the plan).
pub fn max_record_size(model: &mut Model, argument: Option<&str>) -> Vec<Command> {
    let to = match argument.map(capacity_plan::parse_record_size) {
        Some(Ok(kib)) => kib,
        Some(Err(error)) => {
            model.say(
                Level::Error,
                format!("{error}; :max-record-size KIB (1024–10240)"),
            );
            return Vec::new();
        }
        None => {
            model.say(Level::Error, "usage: :max-record-size KIB (1024–10240)");
            return Vec::new();
        }
    };
    plan_stream_in_view(model, |facts| capacity_plan::max_record_size(facts, to))
}

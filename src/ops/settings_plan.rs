//! Stream settings as plans: capacity mode (on-demand ↔ provisioned) and retention, whose
//! decrease deletes older data and is flagged as destructive.
use super::call::OpCall;
use super::checks::{Check, CheckOutcome};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use crate::domain::{CapacityMode, StreamStatus};

/// Retention AWS allows, in hours.
pub const MIN_RETENTION: u32 = 24;
pub const MAX_RETENTION: u32 = 8_760;

fn active(status: &StreamStatus) -> Check {
    if *status == StreamStatus::Active {
        Check::new("stream ACTIVE", CheckOutcome::Pass, "ACTIVE")
    } else {
        Check::new(
            "stream ACTIVE",
            CheckOutcome::Fail,
            format!("the stream is {status}; wait until it is ACTIVE"),
        )
    }
}

/// UpdateStreamMode to the other mode.
pub fn switch_mode(
    stream: &str,
    arn: &str,
    status: &StreamStatus,
    current: CapacityMode,
    open_shards: u32,
) -> OpPlan {
    let to = match current {
        CapacityMode::Provisioned => CapacityMode::OnDemand,
        CapacityMode::OnDemand => CapacityMode::Provisioned,
    };
    let effect = match to {
        CapacityMode::OnDemand => "AWS will manage the shard count; billing changes to on-demand (per GB and per stream-hour)".to_string(),
        CapacityMode::Provisioned => format!("the stream keeps its {open_shards} open shards, and you manage the count from now on"),
    };
    OpPlan {
        resource: Resource::Stream(stream.to_string()),
        title: format!("Switch the capacity mode of {stream}"),
        changes: vec![Change::new(
            "capacity mode",
            current.to_string(),
            to.to_string(),
        )],
        call: OpCall::UpdateStreamMode {
            arn: arn.to_string(),
            from: current,
            to,
        },
        checks: vec![
            active(status),
            Check::new("effect", CheckOutcome::Warn, effect),
            Check::new(
                "switches per 24 h",
                CheckOutcome::Warn,
                "AWS allows only a few mode switches a day (about two; not verified): switching back may have to wait",
            ),
        ],
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!("{stream} {current} → {to}"),
        next: None,
        notes: Vec::new(),
    }
}

/// Parses the operator's retention: hours ("168", "168h") or days ("7d").
pub fn parse_retention(input: &str) -> Result<u32, String> {
    let text = input.trim().to_ascii_lowercase();
    let (number, factor) = match text.strip_suffix('d') {
        Some(days) => (days, 24),
        None => (text.strip_suffix('h').unwrap_or(&text), 1),
    };
    number
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("{input:?} is not a retention like 48h or 7d"))
}

/// Increase/DecreaseStreamRetentionPeriod from `from` to `to` hours.
pub fn retention(stream: &str, status: &StreamStatus, from: u32, to: u32) -> OpPlan {
    let mut checks = vec![active(status)];
    checks.push(if !(MIN_RETENTION..=MAX_RETENTION).contains(&to) {
        Check::new(
            "range",
            CheckOutcome::Fail,
            format!("{to} h is outside {MIN_RETENTION}–{MAX_RETENTION} hours"),
        )
    } else if to == from {
        Check::new(
            "range",
            CheckOutcome::Fail,
            format!("the retention is already {from} h"),
        )
    } else {
        Check::new("range", CheckOutcome::Pass, format!("{from} h → {to} h"))
    });
    if to < from {
        checks.push(Check::new(
            super::checks::DESTRUCTIVE,
            CheckOutcome::Warn,
            format!("records older than {to} h are deleted at once and cannot be read again"),
        ));
    } else if to > from {
        checks.push(Check::new(
            "cost",
            CheckOutcome::Warn,
            "retention beyond 24 h is billed per shard-hour (and beyond 7 days per GB)",
        ));
    }
    OpPlan {
        resource: Resource::Stream(stream.to_string()),
        title: format!("Change the retention of {stream}"),
        changes: vec![Change::new(
            "retention",
            format!("{from} h"),
            format!("{to} h"),
        )],
        call: OpCall::SetRetention { from, to },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!("{stream} retention {from} h → {to} h"),
        next: None,
        notes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_hours_or_days_within_aws_range_and_decreases_are_destructive() {
        assert_eq!(parse_retention("7d"), Ok(168));
        assert_eq!(parse_retention("48h"), Ok(48));
        assert_eq!(parse_retention(" 72 "), Ok(72));
        assert!(parse_retention("a week").is_err());
        let active = StreamStatus::Active;
        assert!(retention("s", &active, 24, 168).runnable());
        assert!(!retention("s", &active, 24, 12).runnable());
        assert!(!retention("s", &active, 24, 9_000).runnable());
        assert!(!retention("s", &active, 24, 24).runnable());
        let down = retention("s", &active, 168, 24);
        assert!(down.runnable());
        assert!(down.checks.iter().any(|c| c.name == "DESTRUCTIVE"));
        assert!(!retention("s", &StreamStatus::Updating, 24, 48).runnable());
    }

    #[test]
    fn mode_switch_goes_to_the_other_mode() {
        let plan = switch_mode(
            "s",
            "arn",
            &StreamStatus::Active,
            CapacityMode::OnDemand,
            12,
        );
        assert!(matches!(
            plan.call,
            OpCall::UpdateStreamMode {
                to: CapacityMode::Provisioned,
                ..
            }
        ));
        assert!(plan.runnable());
        assert!(
            !switch_mode(
                "s",
                "arn",
                &StreamStatus::Creating,
                CapacityMode::OnDemand,
                12
            )
            .runnable()
        );
    }
}

//! Uniform scaling (UpdateShardCount) planned within AWS's rules: ½×–2× per step, 10 scalings a
//! rolling day, 10,000 shards a stream, the account's shard quota, ACTIVE and PROVISIONED only.
use super::call::OpCall;
use super::checks::{Check, CheckOutcome};
use super::plan::{Change, Confirmation, Follow, NextStep, OpPlan, Resource};
use crate::domain::{CapacityMode, StreamStatus};

/// AWS's per-stream ceiling for UpdateShardCount.
pub const MAX_SHARDS: u32 = 10_000;
/// UpdateShardCount calls allowed per stream in a rolling 24 hours.
pub const SCALINGS_PER_DAY: u32 = 10;
/// Write capacity of one shard.
pub const SHARD_BYTES_PER_SEC: f64 = 1_048_576.0;
pub const SHARD_RECORDS_PER_SEC: f64 = 1_000.0;
/// Spare capacity the recommendation keeps above the observed peak, by default.
pub const DEFAULT_HEADROOM: f64 = 0.25;

/// What the planner knows about the stream and the account.
#[derive(Debug, Clone, PartialEq)]
pub struct ReshardInputs {
    pub stream: String,
    pub status: StreamStatus,
    pub mode: Option<CapacityMode>,
    pub open_shards: u32,
    /// UpdateShardCount calls on this stream in the last 24 hours (from the audit log).
    pub scalings_last_day: u32,
    /// The account's shard quota and current open shards (DescribeLimits), when known.
    pub account_limit: Option<(u32, u32)>,
    pub consumers: u32,
    /// The busiest minute of the last 24 hours, per second.
    pub peak_bytes_per_sec: Option<f64>,
    pub peak_records_per_sec: Option<f64>,
    /// Spare capacity the recommendation keeps above the peak (0.25 = 25 %).
    pub headroom: f64,
}

/// The shard count the traffic calls for, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub target: u32,
    pub reasons: Vec<String>,
}

/// The targets one UpdateShardCount call may reach from `current`: ½× to 2×, at most 10,000.
pub fn one_step_range(current: u32) -> (u32, u32) {
    let current = current.max(1);
    (
        current.div_ceil(2),
        current.saturating_mul(2).min(MAX_SHARDS),
    )
}

/// AWS's recommended targets: 25 % steps of the current count within one step's range.
pub fn quarter_steps(current: u32) -> Vec<u32> {
    let (low, high) = one_step_range(current);
    let mut steps: Vec<u32> = [0.5, 0.75, 1.25, 1.5, 1.75, 2.0]
        .iter()
        .map(|f| (f64::from(current) * f).round() as u32)
        .filter(|t| *t >= low && *t <= high && *t != current && *t >= 1)
        .collect();
    steps.dedup();
    steps
}

/// Shards needed for the peak plus headroom, against 1 MB/s and 1,000 records/s per shard.
pub fn recommend(inputs: &ReshardInputs, headroom: f64) -> Option<Recommendation> {
    let bytes = inputs.peak_bytes_per_sec?;
    let records = inputs.peak_records_per_sec?;
    let by_bytes = bytes / SHARD_BYTES_PER_SEC;
    let by_records = records / SHARD_RECORDS_PER_SEC;
    let needed = by_bytes.max(by_records) * (1.0 + headroom);
    let target = (needed.ceil() as u32).clamp(1, MAX_SHARDS);
    let reasons = vec![
        format!(
            "24 h peak {:.2} MB/s needs {by_bytes:.1} shards at 1 MB/s each",
            bytes / SHARD_BYTES_PER_SEC
        ),
        format!(
            "24 h peak {records:.0} records/s needs {by_records:.1} shards at 1,000 records/s each"
        ),
        format!(
            "{:.1} shards + {:.0} % headroom = {target}",
            by_bytes.max(by_records),
            headroom * 100.0
        ),
    ];
    Some(Recommendation { target, reasons })
}

/// The steps from `from` to `to`, each within ½×–2× of the previous count.
pub fn steps(from: u32, to: u32) -> Vec<u32> {
    let mut steps = Vec::new();
    let mut current = from.max(1);
    while current != to {
        let (low, high) = one_step_range(current);
        current = to.clamp(low, high);
        steps.push(current);
        if steps.len() > 32 {
            break;
        }
    }
    steps
}

/// Parses the operator's target; a sentence when it is not a whole number of shards.
pub fn parse_target(input: &str) -> Result<u32, String> {
    let trimmed = input.trim();
    match trimmed.parse::<u32>() {
        Ok(0) => Err("the target must be at least 1 shard".into()),
        Ok(n) => Ok(n),
        Err(_) if trimmed.is_empty() => Err("type a target shard count".into()),
        Err(_) => Err(format!("{trimmed:?} is not a whole number of shards")),
    }
}

/// Checks every rule and builds the steps; a plan with a failing check cannot run.
pub fn plan(inputs: &ReshardInputs, target: u32) -> OpPlan {
    let from = inputs.open_shards;
    let steps = steps(from, target);
    let mut checks = Vec::new();
    let status_ok = inputs.status == StreamStatus::Active;
    checks.push(Check::new(
        "stream ACTIVE",
        if status_ok {
            CheckOutcome::Pass
        } else {
            CheckOutcome::Fail
        },
        if status_ok {
            "ACTIVE".to_string()
        } else {
            format!(
                "the stream is {}; AWS only reshards ACTIVE streams",
                inputs.status
            )
        },
    ));
    let provisioned = inputs.mode != Some(CapacityMode::OnDemand);
    checks.push(Check::new(
        "capacity mode",
        if provisioned {
            CheckOutcome::Pass
        } else {
            CheckOutcome::Fail
        },
        if provisioned {
            "PROVISIONED".to_string()
        } else {
            "ON_DEMAND: AWS manages the shard count; switch to provisioned first".to_string()
        },
    ));
    let (changes, in_range) = (target != from, (1..=MAX_SHARDS).contains(&target));
    checks.push(Check::new(
        "target",
        if changes && in_range {
            CheckOutcome::Pass
        } else {
            CheckOutcome::Fail
        },
        if !in_range {
            format!("{target} is outside 1–{MAX_SHARDS} shards")
        } else if !changes {
            format!("the stream already has {from} open shards")
        } else if steps.len() == 1 {
            format!(
                "{from} → {target} in one step (allowed {}–{})",
                one_step_range(from).0,
                one_step_range(from).1
            )
        } else {
            format!(
                "{from} → {target} needs {} steps ({}), each within ½×–2×, confirmed one at a time",
                steps.len(),
                steps
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" → ")
            )
        },
    ));
    let remaining = SCALINGS_PER_DAY.saturating_sub(inputs.scalings_last_day);
    let needed = steps.len() as u32;
    checks.push(Check::new(
        "scalings in 24 h",
        if needed > remaining {
            CheckOutcome::Fail
        } else if remaining - needed <= 2 {
            CheckOutcome::Warn
        } else {
            CheckOutcome::Pass
        },
        format!(
            "{} used of {SCALINGS_PER_DAY}; this plan uses {needed}",
            inputs.scalings_last_day
        ),
    ));
    match inputs.account_limit {
        Some((limit, open)) if limit > 0 => {
            // Transient shards during a reshard count against the quota: allow for both sets.
            let peak_need = open + steps.iter().copied().max().unwrap_or(target);
            let outcome = if peak_need > limit {
                CheckOutcome::Fail
            } else if f64::from(peak_need) > f64::from(limit) * 0.9 {
                CheckOutcome::Warn
            } else {
                CheckOutcome::Pass
            };
            checks.push(Check::new(
                "account shard quota",
                outcome,
                format!("{open} of {limit} shards open; the change needs up to {peak_need} while it runs"),
            ));
        }
        _ => checks.push(Check::new(
            "account shard quota",
            CheckOutcome::Warn,
            "unknown (DescribeLimits unavailable); AWS will refuse the call if the quota is full",
        )),
    }
    if let Some(rec) = recommend(inputs, inputs.headroom)
        && target < rec.target
    {
        checks.push(Check::new(
            "capacity for the 24 h peak",
            CheckOutcome::Warn,
            format!(
                "{target} shards is below the {} the last day's peak calls for: expect throttling",
                rec.target
            ),
        ));
    }
    if inputs.consumers > 0 {
        checks.push(Check::new(
            "consumers",
            CheckOutcome::Warn,
            format!(
                "{} enhanced fan-out consumer(s) will move to new child shards; KCL/Flink consumers follow lineage by themselves",
                inputs.consumers
            ),
        ));
    }
    let first = steps.first().copied().unwrap_or(target);
    let mut notes = Vec::new();
    if steps.len() > 1 {
        notes.push(format!(
            "{from} → {target} in {} steps; this is step 1, the next is planned afresh and confirmed when it lands",
            steps.len()
        ));
    }
    OpPlan {
        resource: Resource::Stream(inputs.stream.clone()),
        title: format!("Reshard {}", inputs.stream),
        changes: vec![Change::new(
            "open shards",
            from.to_string(),
            first.to_string(),
        )],
        call: OpCall::UpdateShardCount { target: first },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!(
            "{} now has {first} open shards ({from} → {first})",
            inputs.stream
        ),
        next: (steps.len() > 1).then_some(NextStep::Reshard { target }),
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(open: u32) -> ReshardInputs {
        ReshardInputs {
            stream: "orders".into(),
            status: StreamStatus::Active,
            mode: Some(CapacityMode::Provisioned),
            open_shards: open,
            scalings_last_day: 0,
            account_limit: Some((500, 100)),
            consumers: 0,
            peak_bytes_per_sec: Some(3.0 * SHARD_BYTES_PER_SEC),
            peak_records_per_sec: Some(2_500.0),
            headroom: DEFAULT_HEADROOM,
        }
    }

    #[test]
    fn one_step_is_half_to_double_capped_at_ten_thousand() {
        assert_eq!(one_step_range(8), (4, 16));
        assert_eq!(one_step_range(7), (4, 14));
        assert_eq!(one_step_range(1), (1, 2));
        assert_eq!(one_step_range(6_000), (3_000, 10_000));
    }

    #[test]
    fn quarter_steps_stay_in_range() {
        assert_eq!(quarter_steps(8), [4, 6, 10, 12, 14, 16]);
        assert_eq!(quarter_steps(1), [2]);
    }

    #[test]
    fn far_targets_become_multi_step_plans_within_double_and_half() {
        assert_eq!(steps(4, 20), [8, 16, 20]);
        assert_eq!(steps(40, 7), [20, 10, 7]);
        assert_eq!(steps(4, 6), [6]);
        let plan = plan(&inputs(4), 20);
        assert_eq!(plan.call, OpCall::UpdateShardCount { target: 8 });
        assert_eq!(plan.next, Some(NextStep::Reshard { target: 20 }));
        assert!(plan.runnable());
        assert!(plan.checks.iter().any(|c| c.detail.contains("3 steps")));
    }

    #[test]
    fn recommendation_uses_the_busier_of_bytes_and_records_plus_headroom() {
        let rec = recommend(&inputs(2), 0.25).unwrap();
        assert_eq!(
            rec.target, 4,
            "3 MB/s beats 2.5k records/s: 3 × 1.25 = 3.75 → 4"
        );
        assert_eq!(rec.reasons.len(), 3);
        let mut busy = inputs(2);
        busy.peak_records_per_sec = Some(9_100.0);
        assert_eq!(recommend(&busy, 0.0).unwrap().target, 10);
        busy.peak_bytes_per_sec = None;
        assert!(recommend(&busy, 0.0).is_none());
    }

    #[test]
    fn every_rule_fails_with_a_reason() {
        let mut updating = inputs(4);
        updating.status = StreamStatus::Updating;
        assert!(!plan(&updating, 6).runnable());
        let mut on_demand = inputs(4);
        on_demand.mode = Some(CapacityMode::OnDemand);
        assert!(!plan(&on_demand, 6).runnable());
        assert!(!plan(&inputs(4), 4).runnable(), "no change");
        assert!(!plan(&inputs(4), 10_001).runnable());
        let mut used = inputs(4);
        used.scalings_last_day = 9;
        assert!(
            plan(&used, 8).runnable(),
            "one scaling left is enough for one step"
        );
        assert!(
            !plan(&used, 20).runnable(),
            "three steps need three scalings"
        );
        let mut full = inputs(4);
        full.account_limit = Some((110, 100));
        let blocked = plan(&full, 16);
        assert!(!blocked.runnable());
        assert!(
            blocked
                .checks
                .iter()
                .any(|c| c.name == "account shard quota" && c.outcome == CheckOutcome::Fail)
        );
    }

    #[test]
    fn scaling_below_the_peak_warns_but_does_not_block() {
        let mut busy = inputs(8);
        busy.peak_bytes_per_sec = Some(5.0 * SHARD_BYTES_PER_SEC);
        let plan = plan(&busy, 4);
        assert!(plan.runnable());
        assert!(
            plan.checks
                .iter()
                .any(|c| c.name.contains("peak") && c.outcome == CheckOutcome::Warn)
        );
    }

    #[test]
    fn bad_targets_are_sentences() {
        assert_eq!(parse_target(" 12 "), Ok(12));
        assert!(parse_target("0").unwrap_err().contains("at least 1"));
        assert!(
            parse_target("ten")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(parse_target("").unwrap_err().contains("type a target"));
        assert!(parse_target("-3").is_err());
    }
}

//! Targeted resharding: split one shard (midpoint, a percent of its range, or a hash key) or
//! merge it with an adjacent open neighbour — checked like AWS checks them, with exact 128-bit keys.
use super::call::OpCall;
use super::checks::{Check, CheckOutcome};
use super::plan::{Change, Confirmation, Follow, OpPlan, Resource};
use super::reshard_plan::{SHARD_BYTES_PER_SEC, SHARD_RECORDS_PER_SEC};
use crate::domain::{HashRange, Shard, StreamStatus};

/// Where to split: the typed text ("" or "mid" for the midpoint, "25%", "33.5%", or a hash key).
pub fn split_point(range: &HashRange, input: &str) -> Result<u128, String> {
    let text = input.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("mid") || text.eq_ignore_ascii_case("midpoint")
    {
        return Ok(range.midpoint());
    }
    if let Some(percent) = text.strip_suffix('%') {
        let basis_points = parse_basis_points(percent.trim())
            .ok_or_else(|| format!("{text:?} is not a percent like 25% or 33.5%"))?;
        if basis_points == 0 || basis_points >= 10_000 {
            return Err(
                "the split percent must be strictly between 0% and 100% of the shard's range"
                    .into(),
            );
        }
        // start + span × bp / 10,000 without overflowing 128 bits.
        let span = range.span();
        let offset = span / 10_000 * basis_points + span % 10_000 * basis_points / 10_000;
        return Ok(range.start + offset.max(1));
    }
    text.parse::<u128>().map_err(|_| {
        format!("{text:?} is not a hash key (0 to 2^128-1), a percent, or empty for the midpoint")
    })
}

/// "33.5" → 3,350 basis points (two decimals at most).
fn parse_basis_points(text: &str) -> Option<u128> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 2 || whole.is_empty() {
        return None;
    }
    let whole: u128 = whole.parse().ok()?;
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<2}").parse().ok()?
    };
    Some(whole * 100 + fraction)
}

fn active_check(status: &StreamStatus) -> Check {
    if *status == StreamStatus::Active {
        Check::new("stream ACTIVE", CheckOutcome::Pass, "ACTIVE")
    } else {
        Check::new(
            "stream ACTIVE",
            CheckOutcome::Fail,
            format!("the stream is {status}; AWS only splits and merges shards of ACTIVE streams"),
        )
    }
}

/// SplitShard of `shard` at `at`: AWS wants an open shard and a key strictly inside its range.
pub fn split(
    stream: &str,
    status: &StreamStatus,
    open_shards: u32,
    shard: &Shard,
    at: u128,
) -> OpPlan {
    let mut checks = vec![active_check(status)];
    checks.push(if shard.open {
        Check::new(
            "shard open",
            CheckOutcome::Pass,
            format!("{} is open", shard.id),
        )
    } else {
        Check::new(
            "shard open",
            CheckOutcome::Fail,
            format!("{} is closed; only open shards can be split", shard.id),
        )
    });
    checks.push(match shard.hash_range.split_at(at) {
        Some((low, high)) => Check::new(
            "split point",
            CheckOutcome::Pass,
            format!(
                "{} becomes {low} and {high} of the keyspace",
                shard.hash_range
            ),
        ),
        None => Check::new(
            "split point",
            CheckOutcome::Fail,
            format!(
                "{at} is not strictly inside {}'s range {}–{}",
                shard.id, shard.hash_range.start, shard.hash_range.end
            ),
        ),
    });
    OpPlan {
        resource: Resource::Stream(stream.to_string()),
        title: format!("Split a shard of {stream}"),
        changes: vec![
            Change::new(
                "open shards",
                open_shards.to_string(),
                (open_shards + 1).to_string(),
            ),
            Change::new(
                "shard",
                shard.id.clone(),
                format!("two children, split at {at}"),
            ),
        ],
        call: OpCall::SplitShard {
            shard: shard.id.clone(),
            at,
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!(
            "{stream} now has {} open shards ({open_shards} → {})",
            open_shards + 1,
            open_shards + 1
        ),
        next: None,
        notes: Vec::new(),
    }
}

/// The open shard whose range touches `shard`'s: the one above first, else the one below.
pub fn adjacent_neighbour<'a>(shard: &Shard, shards: &'a [Shard]) -> Option<&'a Shard> {
    let open = || shards.iter().filter(|s| s.open && s.id != shard.id);
    open()
        .find(|s| shard.hash_range.end.checked_add(1) == Some(s.hash_range.start))
        .or_else(|| {
            open().find(|s| s.hash_range.end.checked_add(1) == Some(shard.hash_range.start))
        })
}

/// MergeShards of `shard` with its adjacent neighbour, or the reason it cannot be merged.
/// `rates` gives a shard's (MB/s, records/s) when shard-level metrics exist.
pub fn merge(
    stream: &str,
    status: &StreamStatus,
    open_shards: u32,
    shard: &Shard,
    shards: &[Shard],
    rates: impl Fn(&str) -> Option<(f64, f64)>,
) -> Result<OpPlan, String> {
    if !shard.open {
        return Err(format!(
            "{} is closed; only open shards can be merged",
            shard.id
        ));
    }
    let neighbour = adjacent_neighbour(shard, shards).ok_or_else(|| {
        format!(
            "{} has no open neighbour whose hash range touches its own; nothing to merge with",
            shard.id
        )
    })?;
    // AWS wants the lower range first as ShardToMerge.
    let (first, second) = if shard.hash_range.start < neighbour.hash_range.start {
        (shard, neighbour)
    } else {
        (neighbour, shard)
    };
    let mut checks = vec![active_check(status)];
    checks.push(Check::new(
        "adjacent",
        CheckOutcome::Pass,
        format!(
            "{} ({}) + {} ({}) touch",
            first.id, first.hash_range, second.id, second.hash_range
        ),
    ));
    checks.push(match (rates(&first.id), rates(&second.id)) {
        (Some((mb1, rec1)), Some((mb2, rec2))) => {
            let (mb, rec) = (mb1 + mb2, rec1 + rec2);
            let load = (mb / (SHARD_BYTES_PER_SEC / 1_048_576.0)).max(rec / SHARD_RECORDS_PER_SEC);
            Check::new(
                "combined throughput",
                if load >= 1.0 { CheckOutcome::Fail } else if load >= 0.8 { CheckOutcome::Warn } else { CheckOutcome::Pass },
                format!("{mb:.2} MB/s and {rec:.0} records/s together: {:.0} % of one shard's 1 MB/s / 1,000 records/s", load * 100.0),
            )
        }
        _ => Check::new(
            "combined throughput",
            CheckOutcome::Warn,
            "unknown: enable shard-level metrics to see per-shard rates",
        ),
    });
    let to = open_shards.saturating_sub(1);
    Ok(OpPlan {
        resource: Resource::Stream(stream.to_string()),
        title: format!("Merge two shards of {stream}"),
        changes: vec![
            Change::new("open shards", open_shards.to_string(), to.to_string()),
            Change::new(
                "shards",
                format!("{} + {}", first.id, second.id),
                "one child covering both ranges",
            ),
        ],
        call: OpCall::MergeShards {
            shard: first.id.clone(),
            adjacent: second.id.clone(),
        },
        checks,
        confirmation: Confirmation::TypeName,
        follow: Follow::StreamActive,
        gate: false,
        recovery: false,
        done: format!("{stream} now has {to} open shards ({open_shards} → {to})"),
        next: None,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(id: &str, range: HashRange, open: bool) -> Shard {
        Shard {
            id: id.into(),
            hash_range: range,
            parent: None,
            adjacent_parent: None,
            open,
            starting_sequence: "1".into(),
        }
    }

    #[test]
    fn split_points_are_exact_in_128_bits() {
        let full = HashRange::FULL;
        assert_eq!(split_point(&full, "").unwrap(), 1u128 << 127);
        assert_eq!(split_point(&full, "50%").unwrap(), u128::MAX / 2);
        assert_eq!(
            split_point(&full, "25%").unwrap(),
            u128::MAX / 4,
            "floor of span × 25 %"
        );
        let small = HashRange::new(100, 199).unwrap();
        assert_eq!(split_point(&small, "33.5%").unwrap(), 100 + 33);
        assert_eq!(split_point(&small, "150").unwrap(), 150);
        assert!(split_point(&small, "0%").is_err());
        assert!(split_point(&small, "100%").is_err());
        assert!(split_point(&small, "12.345%").is_err());
        assert!(split_point(&small, "abc").is_err());
        assert!(split_point(&small, "340282366920938463463374607431768211456").is_err());
    }

    #[test]
    fn a_split_must_be_strictly_inside_an_open_shard() {
        let s = shard("s0", HashRange::new(100, 199).unwrap(), true);
        assert!(split("orders", &StreamStatus::Active, 4, &s, 150).runnable());
        assert!(
            !split("orders", &StreamStatus::Active, 4, &s, 100).runnable(),
            "the start is not inside"
        );
        assert!(!split("orders", &StreamStatus::Active, 4, &s, 200).runnable());
        assert!(!split("orders", &StreamStatus::Updating, 4, &s, 150).runnable());
        let closed = shard("s0", HashRange::new(100, 199).unwrap(), false);
        assert!(!split("orders", &StreamStatus::Active, 4, &closed, 150).runnable());
        let plan = split("orders", &StreamStatus::Active, 4, &s, 150);
        assert_eq!(plan.changes[0].before, "4");
        assert_eq!(plan.changes[0].after, "5");
    }

    #[test]
    fn merges_need_an_open_neighbour_that_touches() {
        let ranges = HashRange::even_split(3);
        let shards = vec![
            shard("a", ranges[0], true),
            shard("b", ranges[1], false),
            shard("c", ranges[2], true),
        ];
        let no_rates = |_: &str| None;
        let refused =
            merge("s", &StreamStatus::Active, 2, &shards[0], &shards, no_rates).unwrap_err();
        assert!(refused.contains("no open neighbour"), "{refused}");
        let shards = vec![
            shard("a", ranges[0], true),
            shard("b", ranges[1], true),
            shard("c", ranges[2], true),
        ];
        let plan = merge("s", &StreamStatus::Active, 3, &shards[2], &shards, no_rates).unwrap();
        assert_eq!(
            plan.call,
            OpCall::MergeShards {
                shard: "b".into(),
                adjacent: "c".into()
            },
            "lower range first"
        );
        assert_eq!(
            (
                plan.changes[0].before.as_str(),
                plan.changes[0].after.as_str()
            ),
            ("3", "2")
        );
        let hot = |id: &str| {
            Some(if id == "b" {
                (0.7, 700.0)
            } else {
                (0.5, 200.0)
            })
        };
        let blocked = merge("s", &StreamStatus::Active, 3, &shards[1], &shards, hot).unwrap();
        assert!(!blocked.runnable(), "1.2 MB/s does not fit one shard");
    }
}

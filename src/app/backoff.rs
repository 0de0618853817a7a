//! How long a failing periodic call waits before it is asked again: exponential, with jitter.
use backon::{BackoffBuilder, ExponentialBuilder};

/// How much longer than its normal period a failing background read may wait at most.
pub const CAP_PERIODS: i32 = 30;
/// The same for a change being followed: its outcome must not be seen minutes late.
pub const FOLLOW_CAP_PERIODS: i32 = 12;

/// The wait after the `failures`-th failure in a row: the normal `period` at first, doubling
/// each time, plus up to as much again of jitter (so consoles that failed together do not ask
/// together), never longer than `cap`. `seed` makes the jitter repeatable.
pub fn wait(
    failures: u32,
    period: chrono::Duration,
    cap: chrono::Duration,
    seed: u64,
) -> chrono::Duration {
    let period = period.to_std().unwrap_or_default();
    let cap = cap.to_std().unwrap_or_default().max(period);
    let delay = ExponentialBuilder::new()
        .with_min_delay(period)
        // Jitter adds up to the delay again: half the cap keeps the sum under it.
        .with_max_delay((cap / 2).max(period))
        .with_factor(2.0)
        .with_jitter()
        .with_jitter_seed(seed)
        .without_max_times()
        .build()
        .nth(usize::try_from(failures.saturating_sub(1)).unwrap_or(usize::MAX))
        .unwrap_or(cap)
        .min(cap);
    chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn waits_grow_from_the_period_to_the_cap_and_vary() {
        let period = Duration::seconds(10);
        let cap = Duration::minutes(5);
        let waits: Vec<Duration> = (1..=10).map(|n| wait(n, period, cap, 7)).collect();
        assert!(waits[0] >= period && waits[0] < period * 2, "{waits:?}");
        assert!(waits[1] >= period * 2, "{waits:?}");
        assert!(waits.iter().all(|w| *w <= cap), "{waits:?}");
        assert!(waits[9] >= cap / 2, "{waits:?}");
        // Another seed, another jitter.
        assert_ne!(wait(3, period, cap, 7), wait(3, period, cap, 8));
        assert_eq!(wait(3, period, cap, 7), wait(3, period, cap, 7));
    }

    #[test]
    fn a_cap_below_the_period_is_the_period() {
        let period = Duration::seconds(10);
        assert_eq!(wait(5, period, Duration::seconds(1), 1), period);
    }
}

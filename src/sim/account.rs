//! The simulated account's On-demand Advantage mode (MinimumThroughputBillingCommitment), by AWS's documented rules.
use crate::domain::Timestamp;
use crate::domain::capacity::Advantage;

/// A commitment lasts at least this long before it can end.
pub const MINIMUM_COMMITMENT_HOURS: i64 = 24;

#[derive(Debug, Clone, Default)]
pub struct AccountSettings {
    started: Option<Timestamp>,
    /// Set when turned off before the minimum commitment was up.
    ends: Option<Timestamp>,
}

impl AccountSettings {
    /// An account committed since `started`.
    pub fn committed_since(started: Timestamp) -> Self {
        Self {
            started: Some(started),
            ends: None,
        }
    }

    fn earliest_end(&self) -> Option<Timestamp> {
        self.started
            .map(|s| s + chrono::Duration::hours(MINIMUM_COMMITMENT_HOURS))
    }

    /// DescribeAccountSettings at `now` (a scheduled end that has passed has ended).
    pub fn describe(&mut self, now: Timestamp) -> Advantage {
        if self.ends.is_some_and(|ends| ends <= now) {
            *self = Self::default();
        }
        match (self.started, self.ends) {
            (None, _) => Advantage::Off,
            (Some(_), Some(ends)) => Advantage::Ending { ends: Some(ends) },
            (Some(started), None) => Advantage::On {
                started: Some(started),
                earliest_end: self.earliest_end(),
            },
        }
    }

    /// UpdateAccountSettings: enabling starts a commitment (or cancels a scheduled end);
    /// disabling ends it now, or at the earliest allowed end when that is still to come.
    pub fn update(&mut self, enable: bool, now: Timestamp) -> Advantage {
        self.describe(now);
        if enable {
            if self.started.is_some() {
                self.ends = None;
            } else {
                self.started = Some(now);
            }
        } else {
            match self.earliest_end() {
                Some(end) if end > now => self.ends = Some(end),
                _ => *self = Self::default(),
            }
        }
        self.describe(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_700_000_000 + hours * 3600, 0).unwrap()
    }

    #[test]
    fn turning_off_early_schedules_the_end_and_turning_on_cancels_it() {
        let mut account = AccountSettings::default();
        assert_eq!(account.describe(at(0)), Advantage::Off);
        assert!(account.update(true, at(0)).is_on());
        let ending = account.update(false, at(2));
        assert_eq!(ending, Advantage::Ending { ends: Some(at(24)) });
        assert!(matches!(account.update(true, at(3)), Advantage::On { .. }));
        account.update(false, at(4));
        assert_eq!(account.describe(at(24)), Advantage::Off);
    }

    #[test]
    fn after_the_minimum_it_ends_at_once() {
        let mut account = AccountSettings::committed_since(at(0));
        assert_eq!(account.update(false, at(30)), Advantage::Off);
    }
}

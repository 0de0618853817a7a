//! Faults the simulated account injects: on a share of calls, a latency spike, a timeout,
//! throttling, a server error or expired credentials; or one API failing on every call.
use super::rng::Rng;
use crate::domain::PortError;
use std::collections::HashMap;
use std::time::Duration;

/// How long a latency spike holds a call (wall clock, whatever the demo's speed).
pub const SPIKE: Duration = Duration::from_millis(1500);

/// The account's fault plan.
#[derive(Debug)]
pub struct FaultPlan {
    /// Share of calls that meet a fault, 0 to 1.
    rate: f64,
    rng: Rng,
    /// APIs that fail on every call with this error, until cleared.
    always: HashMap<String, PortError>,
}

impl FaultPlan {
    pub fn new(seed: u64) -> Self {
        Self {
            rate: 0.0,
            rng: Rng::new(seed),
            always: HashMap::new(),
        }
    }

    /// Faults on `rate` of all calls (0 switches them off).
    pub fn set_rate(&mut self, rate: f64) {
        self.rate = rate.clamp(0.0, 1.0);
    }

    /// `api` fails on every call with `error`; `None` lets it answer again.
    pub fn fail_always(&mut self, api: &str, error: Option<PortError>) {
        match error {
            Some(error) => self.always.insert(api.to_string(), error),
            None => self.always.remove(api),
        };
    }

    /// Whether the next call is slow (a fifth of the faults are latency spikes).
    pub fn spike(&mut self) -> bool {
        self.rate > 0.0 && self.rng.chance(self.rate / 5.0)
    }

    /// The error the next call to `api` fails with, if it fails (the other four fifths of the
    /// faults: a timeout, throttling, a server error, expired credentials).
    pub fn roll(&mut self, api: &str) -> Option<PortError> {
        if let Some(error) = self.always.get(api) {
            return Some(error.clone());
        }
        if self.rate <= 0.0 || !self.rng.chance(self.rate * 4.0 / 5.0) {
            return None;
        }
        let api = api.to_string();
        Some(match self.rng.range(0, 4) {
            0 => PortError::Network {
                endpoint: "the simulated account".into(),
                reason: format!("{api} timed out after 3 attempts"),
            },
            1 => PortError::Throttled { api },
            2 => PortError::Service {
                detail: "InternalFailure: the service is unavailable (HTTP 503)".into(),
                api,
            },
            _ => PortError::Credentials {
                detail:
                    "ExpiredTokenException: the security token included in the request is expired"
                        .into(),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_injects_about_that_share_of_every_kind() {
        let mut plan = FaultPlan::new(1);
        plan.set_rate(0.3);
        let rolls: Vec<Option<PortError>> = (0..10_000).map(|_| plan.roll("ListStreams")).collect();
        let failures = rolls.iter().filter(|r| r.is_some()).count();
        assert!((2_100..2_700).contains(&failures), "{failures}");
        let spikes = (0..10_000).filter(|_| plan.spike()).count();
        assert!((450..750).contains(&spikes), "{spikes}");
        let kinds: std::collections::HashSet<&str> =
            rolls.iter().flatten().map(PortError::short).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        plan.set_rate(0.0);
        assert!((0..1000).all(|_| plan.roll("ListStreams").is_none()));
    }

    #[test]
    fn one_api_can_fail_always_until_cleared() {
        let mut plan = FaultPlan::new(1);
        let denied = PortError::AccessDenied {
            api: "GetMetricData".into(),
            detail: "not authorized".into(),
        };
        plan.fail_always("GetMetricData", Some(denied.clone()));
        assert_eq!(plan.roll("GetMetricData"), Some(denied));
        assert_eq!(plan.roll("ListStreams"), None);
        plan.fail_always("GetMetricData", None);
        assert_eq!(plan.roll("GetMetricData"), None);
    }
}

//! The simulated account's three regions, so the demo shows watched contexts without an account: us-east-1 as always, a smaller eu-west-1 where an application starts failing a few minutes in, and a quiet ap-southeast-2.
use super::clock::SimClock;
use super::{SimAccount, SimOptions};

/// The regions the demo simulates; the first is the one the console opens on.
pub const DEMO_REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];

/// The demo's accounts by region, built on first use and kept: the account a watched region
/// is read from is the one the console switches to, its clock and changes going on.
#[derive(Clone, Default)]
pub struct DemoAccounts(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, SimAccount>>>,
);

impl std::fmt::Debug for DemoAccounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DemoAccounts")
    }
}

impl DemoAccounts {
    /// The account of `region`, built by `build` the first time it is asked for.
    pub fn get_or_build(&self, region: &str, build: impl FnOnce() -> SimAccount) -> SimAccount {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(region.to_string())
            .or_insert_with(build)
            .clone()
    }
}

/// How long eu-west-1's first application runs well before it restarts every minute.
pub const FAILS_AFTER_MINUTES: i64 = 4;

impl SimAccount {
    /// The account of `region`: `options` for us-east-1 (and any region the demo does not
    /// know), smaller ones for the others.
    pub fn regional(region: &str, options: &SimOptions, clock: SimClock) -> Self {
        let sized = |seed: u64, streams: usize, apps: usize| SimOptions {
            seed: options.seed.wrapping_add(seed),
            streams,
            apps,
            latency: options.latency,
        };
        match region {
            "eu-west-1" => {
                let sim = Self::quiet(&sized(1, 6, 1), clock);
                sim.fail_from(0, FAILS_AFTER_MINUTES);
                sim
            }
            "ap-southeast-2" => Self::quiet(&sized(2, 3, 1), clock),
            _ => Self::new(options, clock),
        }
    }

    /// An account of `options.streams` ordinary streams (none of the shaped scenarios), one
    /// healthy application per `options.apps`, and no delivery channels.
    fn quiet(options: &SimOptions, clock: SimClock) -> Self {
        let wider = SimOptions {
            streams: options.streams + super::scenario::SHAPED,
            ..options.clone()
        };
        let sim = Self::new(&wider, clock);
        let shaped =
            super::scenario::build(options.seed, super::scenario::SHAPED, sim.inner.clock.now());
        sim.streams()
            .retain(|s| !shaped.iter().any(|shaped| shaped.name == s.name));
        sim.inner
            .channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
        sim
    }

    /// The `index`th application runs well for `minutes` from now, then restarts every minute.
    fn fail_from(&self, index: usize, minutes: i64) {
        let now = self.inner.clock.now();
        if let Some(app) = self.apps().get_mut(index) {
            app.behaviour.restart_every_min = 1;
            app.behaviour.started = now + chrono::Duration::minutes(minutes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::FlinkPort;

    #[tokio::test]
    async fn eu_west_1_is_smaller_and_ap_southeast_2_quiet() {
        let options = SimOptions::default();
        let eu = SimAccount::regional(
            "eu-west-1",
            &options,
            SimClock::manual(crate::domain::time::from_epoch_secs(1_800_000_000)),
        );
        let ap = SimAccount::regional(
            "ap-southeast-2",
            &options,
            SimClock::manual(crate::domain::time::from_epoch_secs(1_800_000_000)),
        );
        assert_eq!(eu.list_applications().await.unwrap().len(), 1);
        assert_eq!(ap.list_applications().await.unwrap().len(), 1);
        assert_eq!(
            crate::ports::StreamsPort::list_streams(&eu)
                .await
                .unwrap()
                .len(),
            6
        );
        assert!(
            crate::ports::MetricsPort::describe_firing_alarms(&ap)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(eu.apps()[0].behaviour.restart_every_min, 1);
    }
}

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

/// The region the demo opens on, its account built from the command line's options.
pub const DEMO_REGION: &str = DEMO_REGIONS[0];

/// The most streams of a region the demo does not simulate, watched with `--watch`.
pub const OTHER_REGION_STREAMS: usize = 1_000;

/// How long eu-west-1's first application runs well before it restarts every minute.
pub const FAILS_AFTER_MINUTES: i64 = 4;

impl SimAccount {
    /// The account of `region`: `options` for us-east-1, smaller ones for the others; a region
    /// the demo does not simulate (one added with `--watch`) is a quiet account of at most
    /// `OTHER_REGION_STREAMS` streams.
    pub fn regional(region: &str, options: &SimOptions, clock: SimClock) -> Self {
        let sized = |seed: u64, streams: usize, apps: usize| SimOptions {
            seed: options.seed.wrapping_add(seed),
            streams,
            apps,
            latency: options.latency,
        };
        let sim = match region {
            "eu-west-1" => {
                let sim = Self::quiet(&sized(1, 6, 1), clock);
                sim.fail_from(0, FAILS_AFTER_MINUTES);
                sim
            }
            "ap-southeast-2" => Self::quiet(&sized(2, 3, 1), clock),
            DEMO_REGION => Self::new(options, clock),
            _ => Self::quiet(
                &sized(3, options.streams.min(OTHER_REGION_STREAMS), 1),
                clock,
            ),
        };
        if region != DEMO_REGION {
            sim.relocate(region);
        }
        sim
    }

    /// Every ARN names `region`: the accounts are built as us-east-1's.
    fn relocate(&self, region: &str) {
        let from = format!(":{}:", super::scenario::REGION);
        let to = format!(":{region}:");
        let here = |arn: &mut String| *arn = arn.replacen(&from, &to, 1);
        for stream in self.streams().iter_mut() {
            here(&mut stream.arn);
            for consumer in &mut stream.consumers {
                here(&mut consumer.arn);
            }
        }
        for app in self.apps().iter_mut() {
            for version in &mut app.versions {
                here(&mut version.arn);
                version.log_stream_arns.iter_mut().for_each(here);
            }
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

    #[tokio::test]
    async fn a_region_s_arns_name_it() {
        let clock = SimClock::manual(crate::domain::time::from_epoch_secs(1_800_000_000));
        let eu = SimAccount::regional("eu-west-1", &SimOptions::default(), clock.clone());
        let streams = crate::ports::StreamsPort::list_streams(&eu).await.unwrap();
        assert!(streams.iter().all(|s| s.arn.contains(":eu-west-1:")));
        let app = &eu.list_applications().await.unwrap()[0];
        let detail = eu.describe_application(&app.name).await.unwrap();
        assert!(
            detail
                .arn
                .starts_with("arn:aws:kinesisanalytics:eu-west-1:")
        );
        assert!(
            detail
                .log_stream_arns
                .iter()
                .all(|l| l.contains(":eu-west-1:"))
        );
        let home = SimAccount::regional("us-east-1", &SimOptions::default(), clock);
        let streams = crate::ports::StreamsPort::list_streams(&home)
            .await
            .unwrap();
        assert!(streams.iter().all(|s| s.arn.contains(":us-east-1:")));
    }

    #[test]
    fn a_region_the_demo_does_not_simulate_is_quiet_and_small() {
        let options = SimOptions {
            streams: 5_000,
            ..SimOptions::default()
        };
        let clock = SimClock::manual(crate::domain::time::from_epoch_secs(1_800_000_000));
        let other = SimAccount::regional("us-west-2", &options, clock);
        assert_eq!(other.streams().len(), OTHER_REGION_STREAMS);
        assert_eq!(other.apps().len(), 1);
        assert!(
            other
                .streams()
                .iter()
                .all(|s| s.arn.contains(":us-west-2:"))
        );
    }
}

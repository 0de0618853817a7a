//! Background calls that are failing: when each is asked again, and what the operator was told.
use crate::domain::{PortError, Timestamp};
use std::collections::BTreeMap;

/// A call the console makes by itself, on a period, rather than because the operator asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    ListStreams,
    DescribeStreamSummary,
    ListShards,
    ListStreamConsumers,
    GetMetricData,
    DescribeAlarms,
    ListApplications,
    DescribeApplication,
    ListApplicationOperations,
    ListApplicationVersions,
    DescribeApplicationVersion,
    ListApplicationSnapshots,
    DescribeApplicationOperation,
    /// The rollback guide's facts (several kinesisanalyticsv2 calls and FilterLogEvents).
    RollbackFacts,
    DescribeAccountSettings,
    ListChannels,
    /// The Job tab's read of Flink's REST API (or the simulated engine).
    JobView,
}

impl Api {
    pub fn name(self) -> &'static str {
        match self {
            Self::ListStreams => "ListStreams",
            Self::DescribeStreamSummary => "DescribeStreamSummary",
            Self::ListShards => "ListShards",
            Self::ListStreamConsumers => "ListStreamConsumers",
            Self::GetMetricData => "GetMetricData",
            Self::DescribeAlarms => "DescribeAlarms",
            Self::ListApplications => "ListApplications",
            Self::DescribeApplication => "DescribeApplication",
            Self::ListApplicationOperations => "ListApplicationOperations",
            Self::ListApplicationVersions => "ListApplicationVersions",
            Self::DescribeApplicationVersion => "DescribeApplicationVersion",
            Self::ListApplicationSnapshots => "ListApplicationSnapshots",
            Self::DescribeApplicationOperation => "DescribeApplicationOperation",
            Self::RollbackFacts => "the rollback guide's reads",
            Self::DescribeAccountSettings => "DescribeAccountSettings",
            Self::ListChannels => "ListChannels",
            Self::JobView => "Flink's REST API",
        }
    }

    /// What the operator goes without while it fails.
    pub fn loses(self) -> &'static str {
        match self {
            Self::ListStreams => "the stream list stays as last seen",
            Self::DescribeStreamSummary => {
                "stream status, retention and consumers stay as last seen"
            }
            Self::ListShards => "shard counts and the shard table stay as last seen",
            Self::ListStreamConsumers => "the consumer list stays as last seen",
            Self::GetMetricData => "traffic, throttling, lag and checkpoints stay as last seen",
            Self::DescribeAlarms => "alarm badges stay as last seen",
            Self::ListApplications => "the application list stays as last seen",
            Self::DescribeApplication => "application status, version and KPUs stay as last seen",
            Self::ListApplicationOperations => "the operations stay as last seen",
            Self::ListApplicationVersions => "the version list stays as last seen",
            Self::DescribeApplicationVersion => "the version diff stays as last seen",
            Self::ListApplicationSnapshots => "the snapshot list stays as last seen",
            Self::DescribeApplicationOperation => "the operation's details stay as last seen",
            Self::RollbackFacts => "the guide shows what it last read",
            Self::DescribeAccountSettings => "the on-demand mode stays as last seen",
            Self::ListChannels => "delivery channels stay as last seen",
            Self::JobView => "the Job tab shows what it last read",
        }
    }
}

/// One failing call.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub error: PortError,
    pub since: Timestamp,
    /// Failures in a row.
    pub failures: u32,
    /// Not asked again before this.
    pub retry_at: Timestamp,
    /// The operator was told (a single transient failure is only shown in place).
    pub said: bool,
}

/// Every failing background call, by API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    failing: BTreeMap<Api, Fault>,
}

impl Faults {
    /// Whether `api` may be asked now: it is not failing, or its wait is over.
    pub fn ready(&self, api: Api, now: Timestamp) -> bool {
        self.failing.get(&api).is_none_or(|f| now >= f.retry_at)
    }

    /// Records a failure and sets the next try `period` away or more (see `backoff::wait`).
    /// True when it is time to tell the operator: at once when the error needs them (a
    /// permission, credentials); when it may pass by itself, once it has outlasted a retry
    /// (failures of one burst, such as a page of rows filled at once, count as one).
    pub fn failed(
        &mut self,
        api: Api,
        error: PortError,
        now: Timestamp,
        period: chrono::Duration,
        cap: chrono::Duration,
    ) -> bool {
        let fault = self.failing.entry(api).or_insert_with(|| Fault {
            error: error.clone(),
            since: now,
            failures: 0,
            retry_at: now,
            said: false,
        });
        fault.failures += 1;
        let lasted = now - fault.since >= period;
        let say = !fault.said && (lasted || !error.is_transient());
        fault.said |= say;
        fault.error = error;
        let seed = (api as u64) << 32 | u64::from(fault.failures);
        fault.retry_at = now + super::backoff::wait(fault.failures, period, cap, seed);
        say
    }

    /// `api` answered: the fault it was in, if any, is over.
    pub fn answered(&mut self, api: Api) -> Option<Fault> {
        self.failing.remove(&api)
    }

    /// Forgets faults of calls nothing asked again for `grace` after they were due: the screen
    /// that needed them was left, so they no longer say anything about what is shown.
    pub fn forget_unasked(&mut self, now: Timestamp, grace: chrono::Duration) {
        self.failing
            .retain(|_, fault| now - fault.retry_at <= grace);
    }

    /// The operator asked for a refresh: every failing call may be asked at once.
    pub fn retry_now(&mut self, now: Timestamp) {
        for fault in self.failing.values_mut() {
            fault.retry_at = now;
        }
    }

    pub fn get(&self, api: Api) -> Option<&Fault> {
        self.failing.get(&api)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Api, &Fault)> {
        self.failing.iter().map(|(api, fault)| (*api, fault))
    }

    pub fn is_empty(&self) -> bool {
        self.failing.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(seconds: i64) -> Timestamp {
        crate::domain::time::from_epoch_secs(1_795_262_400 + seconds)
    }

    const PERIOD: Duration = Duration::seconds(10);
    const CAP: Duration = Duration::seconds(300);

    #[test]
    fn an_error_that_needs_the_operator_is_said_at_once_and_only_once() {
        let mut faults = Faults::default();
        let denied = PortError::AccessDenied {
            api: "GetMetricData".into(),
            detail: "no".into(),
        };
        assert!(faults.failed(Api::GetMetricData, denied.clone(), at(0), PERIOD, CAP));
        assert!(!faults.ready(Api::GetMetricData, at(9)));
        let retry = faults.get(Api::GetMetricData).map(|f| f.retry_at);
        assert!(
            retry.is_some_and(|r| r >= at(10) && r < at(20)),
            "{retry:?}"
        );
        assert!(!faults.failed(Api::GetMetricData, denied, at(20), PERIOD, CAP));
        assert!(faults.answered(Api::GetMetricData).is_some_and(|f| f.said));
        assert!(faults.ready(Api::GetMetricData, at(21)));
    }

    #[test]
    fn a_transient_error_is_said_only_when_it_repeats() {
        let mut faults = Faults::default();
        let throttled = PortError::Throttled {
            api: "ListStreams".into(),
        };
        assert!(!faults.failed(Api::ListStreams, throttled.clone(), at(0), PERIOD, CAP));
        assert!(faults.answered(Api::ListStreams).is_some_and(|f| !f.said));
        assert!(!faults.failed(Api::ListStreams, throttled.clone(), at(30), PERIOD, CAP));
        // A burst in the same moment is one failure.
        assert!(!faults.failed(Api::ListStreams, throttled.clone(), at(30), PERIOD, CAP));
        assert!(faults.failed(Api::ListStreams, throttled, at(50), PERIOD, CAP));
    }

    #[test]
    fn ctrl_r_and_leaving_the_screen() {
        let mut faults = Faults::default();
        let down = PortError::Network {
            endpoint: "https://kinesis.eu-west-1.amazonaws.com".into(),
            reason: "the connection was reset".into(),
        };
        faults.failed(Api::ListShards, down, at(0), PERIOD, CAP);
        faults.retry_now(at(1));
        assert!(faults.ready(Api::ListShards, at(1)));
        faults.forget_unasked(at(20), PERIOD * 3);
        assert!(
            faults.get(Api::ListShards).is_some(),
            "still within its grace"
        );
        faults.forget_unasked(at(40), PERIOD * 3);
        assert!(faults.is_empty(), "nothing asked for it since");
    }
}

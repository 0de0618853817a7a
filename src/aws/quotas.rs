//! AWS control-plane quotas and the share of each that kinetic allows itself.
//!
//! Every rate here is at most half of AWS's quota so the console never competes
//! with the producers, consumers and automation that share the account.

/// A per-API budget: requests per second and the burst allowed after idling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApiBudget {
    pub api: &'static str,
    /// AWS's documented quota in transactions per second.
    pub quota_tps: f64,
    /// What kinetic sends at most, on average.
    pub rate_per_sec: f64,
    pub burst: u32,
}

pub const LIST_STREAMS: ApiBudget = ApiBudget {
    api: "ListStreams",
    quota_tps: 5.0,
    rate_per_sec: 2.0,
    burst: 2,
};

pub const DESCRIBE_STREAM_SUMMARY: ApiBudget = ApiBudget {
    api: "DescribeStreamSummary",
    quota_tps: 20.0,
    rate_per_sec: 8.0,
    burst: 8,
};

/// ListShards' quota is per stream; kinetic's budget is for all streams together.
pub const LIST_SHARDS: ApiBudget = ApiBudget {
    api: "ListShards",
    quota_tps: 1000.0,
    rate_per_sec: 100.0,
    burst: 100,
};

/// ListStreamConsumers' quota is per stream; kinetic's budget is for all streams together.
pub const LIST_STREAM_CONSUMERS: ApiBudget = ApiBudget {
    api: "ListStreamConsumers",
    quota_tps: 5.0,
    rate_per_sec: 2.0,
    burst: 2,
};

/// GetMetricData: 50 TPS per account by default.
pub const GET_METRIC_DATA: ApiBudget = ApiBudget {
    api: "GetMetricData",
    quota_tps: 50.0,
    rate_per_sec: 5.0,
    burst: 5,
};

/// ListMetrics: 25 TPS per account by default.
pub const LIST_METRICS: ApiBudget = ApiBudget {
    api: "ListMetrics",
    quota_tps: 25.0,
    rate_per_sec: 5.0,
    burst: 5,
};

/// DescribeAlarms: 9 TPS per account by default.
pub const DESCRIBE_ALARMS: ApiBudget = ApiBudget {
    api: "DescribeAlarms",
    quota_tps: 9.0,
    rate_per_sec: 2.0,
    burst: 2,
};

/// kinesisanalyticsv2 control plane. Its per-API quotas are not in the references we hold
/// (unverified); 5 TPS is assumed and kinetic keeps under half of it.
pub const FLINK_CONTROL_PLANE: ApiBudget = ApiBudget {
    api: "kinesisanalyticsv2",
    quota_tps: 5.0,
    rate_per_sec: 2.5,
    burst: 2,
};

/// FilterLogEvents: 5 TPS per account, not adjustable; kinetic keeps to 2 per console.
pub const FILTER_LOG_EVENTS: ApiBudget = ApiBudget {
    api: "FilterLogEvents",
    quota_tps: 5.0,
    rate_per_sec: 2.0,
    burst: 2,
};

pub const ALL: [ApiBudget; 9] = [
    DESCRIBE_ALARMS,
    FILTER_LOG_EVENTS,
    LIST_STREAMS,
    DESCRIBE_STREAM_SUMMARY,
    LIST_SHARDS,
    LIST_STREAM_CONSUMERS,
    GET_METRIC_DATA,
    LIST_METRICS,
    FLINK_CONTROL_PLANE,
];

/// ListStreams returns at most this many streams a page.
pub const LIST_STREAMS_PAGE: i32 = 100;
/// ListShards returns at most this many shards a page.
pub const LIST_SHARDS_PAGE: i32 = 1000;
/// GetMetricData takes at most this many queries a call.
pub const METRIC_QUERIES_PER_CALL: usize = 500;

#[cfg(test)]
mod tests {
    #[test]
    fn every_budget_stays_under_half_of_its_quota() {
        for budget in super::ALL {
            assert!(
                budget.rate_per_sec <= budget.quota_tps / 2.0,
                "{} budget {} exceeds half of {}",
                budget.api,
                budget.rate_per_sec,
                budget.quota_tps
            );
            assert!(f64::from(budget.burst) <= budget.quota_tps / 2.0);
        }
    }
}

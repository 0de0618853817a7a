//! The health rules for streams and applications, in one place (the README quotes them).
use super::app_metrics::{AppMetrics, increase_since};
use super::flink::{AppDetail, AppStatus, AppSummary, OperationStatus, OperationSummary};
use super::{StreamMetrics, StreamStatus, Timestamp};

/// Failed checkpoints or restarts within this window make an application failing.
pub const RECENT_MINUTES: i64 = 15;
/// Consumer lag above this, and growing, makes an application degraded.
pub const LAG_DEGRADED_MS: f64 = 60_000.0;
/// Stream iterator age above this makes a stream degraded.
pub const ITERATOR_AGE_DEGRADED_MS: f64 = 60_000.0;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    /// Worst first, so sorting puts failing items on top.
    Failing(Vec<String>),
    Degraded(Vec<String>),
    /// Stopped on purpose (READY after a successful stop).
    Stopped,
    Healthy,
    /// Not enough data yet to judge.
    Unknown,
}

impl Health {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Failing(_) => "failing",
            Self::Degraded(_) => "degraded",
            Self::Stopped => "stopped",
            Self::Healthy => "healthy",
            Self::Unknown => "unknown",
        }
    }

    pub fn reasons(&self) -> &[String] {
        match self {
            Self::Failing(r) | Self::Degraded(r) => r,
            _ => &[],
        }
    }
}

/// Everything the application rules look at.
pub struct AppFacts<'a> {
    pub summary: &'a AppSummary,
    pub detail: Option<&'a AppDetail>,
    pub metrics: Option<&'a AppMetrics>,
    /// Most recent first.
    pub operations: Option<&'a [OperationSummary]>,
    /// A source operator backpressured in every job view read since then (its name).
    pub source_backpressure: Option<(&'a str, Timestamp)>,
}

/// A source operator backpressured this long is sustained: the job cannot keep up.
pub const SUSTAINED_BACKPRESSURE_MINUTES: i64 = 1;

/// An application is
/// - **failing** when it is ROLLING_BACK, ROLLED_BACK or FORCE_STOPPING; or READY when its latest
///   operation was not a successful stop (it was running and is not); or checkpoints failed or it
///   restarted in the last 15 minutes; or it reports downtime; or (a self-managed job) Flink
///   says it is RESTARTING, FAILING or FAILED;
/// - **degraded** when its consumer lag (millisBehindLatest) is over a minute and growing, or the
///   last checkpoint took longer than half the checkpoint interval, or an update failed in the
///   last 24 hours (so it runs an older version than was deployed, after a system rollback),
///   or the job view has shown a source operator backpressured for a minute and more;
/// - **stopped** when READY after a successful StopApplication;
/// - otherwise **healthy** (or **unknown** before its metrics arrive).
pub fn app_health(facts: &AppFacts<'_>, now: Timestamp) -> Health {
    let status = &facts.summary.status;
    // A self-managed cluster that does not answer: nothing is known of its jobs now.
    if matches!(status, AppStatus::Other(s) if s == "UNREACHABLE") {
        return Health::Unknown;
    }
    let mut failing = Vec::new();
    let mut degraded = Vec::new();
    // A job Flink says is restarting, failing or failed is never healthy, whatever its
    // histories say yet (a self-managed job's come a minute at a time).
    let job_in_trouble = matches!(status, AppStatus::Other(s) if matches!(s.as_str(), "RESTARTING" | "FAILING" | "FAILED"));
    if job_in_trouble
        || matches!(
            status,
            AppStatus::RollingBack | AppStatus::RolledBack | AppStatus::ForceStopping
        )
    {
        failing.push(format!("status {status}"));
    }
    let latest = facts.operations.and_then(|ops| ops.first());
    if *status == AppStatus::Ready {
        match latest {
            Some(op)
                if op.operation == "StopApplication"
                    && op.status == OperationStatus::Successful =>
            {
                return Health::Stopped;
            }
            Some(op) => failing.push(format!(
                "not running after {} {}",
                op.operation,
                op.status.as_str()
            )),
            None => return Health::Stopped,
        }
    }
    if let Some(failed) = facts.operations.and_then(|ops| {
        ops.iter().find(|op| {
            op.operation == "UpdateApplication"
                && op.status == OperationStatus::Failed
                && op
                    .started
                    .is_some_and(|t| now - t < chrono::Duration::hours(24))
        })
    }) && status.is_live()
    {
        let ago = failed
            .started
            .map(|t| format!(" {} min ago", (now - t).num_minutes()))
            .unwrap_or_default();
        degraded.push(format!("update failed{ago}, rolled back"));
    }
    if let Some((operator, since)) = facts.source_backpressure
        && status.is_live()
        && now - since >= chrono::Duration::minutes(SUSTAINED_BACKPRESSURE_MINUTES)
    {
        degraded.push(format!(
            "source {operator} backpressured for {} min",
            (now - since).num_minutes()
        ));
    }
    let since = now - chrono::Duration::minutes(RECENT_MINUTES);
    if let Some(metrics) = facts.metrics {
        let failed = increase_since(&metrics.failed_checkpoints, since);
        if failed > 0.0 {
            let plural = plural(failed);
            failing.push(format!(
                "{failed:.0} failed checkpoint{plural} in {RECENT_MINUTES} min"
            ));
        }
        let restarts = increase_since(&metrics.restarts, since);
        if restarts > 0.0 {
            let plural = plural(restarts);
            failing.push(format!(
                "{restarts:.0} restart{plural} in {RECENT_MINUTES} min"
            ));
        }
        if metrics.downtime_ms.latest().is_some_and(|d| d > 0.0) {
            failing.push("reports downtime".into());
        }
        let lag: Vec<f64> = metrics
            .lag_ms
            .points
            .iter()
            .filter(|(t, _)| *t >= since)
            .map(|(_, v)| *v)
            .collect();
        if let (Some(first), Some(last)) = (lag.first(), lag.last())
            && *last > LAG_DEGRADED_MS
            && last > first
        {
            degraded.push(format!("lag {:.0} s and growing", last / 1000.0));
        }
        let interval = facts
            .detail
            .and_then(|d| d.checkpoint.as_ref())
            .map(|c| c.interval_ms as f64);
        if let (Some(duration), Some(interval)) =
            (metrics.checkpoint_duration_ms.latest(), interval)
            && interval > 0.0
            && duration > interval / 2.0
        {
            degraded.push(format!(
                "checkpoint took {:.0} s of a {:.0} s interval",
                duration / 1000.0,
                interval / 1000.0
            ));
        }
    }
    if !failing.is_empty() {
        Health::Failing(failing)
    } else if !degraded.is_empty() {
        Health::Degraded(degraded)
    } else if facts.metrics.is_none() && status.is_live() {
        Health::Unknown
    } else {
        Health::Healthy
    }
}

/// "s" for a count other than one (the counts are whole numbers held as f64).
pub fn plural(count: f64) -> &'static str {
    if count.round() as i64 == 1 { "" } else { "s" }
}

/// A stream is **degraded** when it throttled in the last five minutes or its consumers'
/// iterator age is over a minute; otherwise **healthy**. Before its metrics arrive (or where
/// CloudWatch does not answer) an ACTIVE or UPDATING stream is healthy as far as is known; one
/// being created or deleted, or whose status is not known yet, is unknown.
pub fn stream_health(
    status: Option<&StreamStatus>,
    metrics: Option<&StreamMetrics>,
    now: Timestamp,
) -> Health {
    let Some(metrics) = metrics else {
        return match status {
            Some(StreamStatus::Active | StreamStatus::Updating) => Health::Healthy,
            _ => Health::Unknown,
        };
    };
    let mut reasons = Vec::new();
    if metrics.throttled_recently(now) {
        reasons.push("throttled in the last 5 min".to_string());
    }
    if let Some(age) = metrics.iterator_age_ms()
        && age > ITERATOR_AGE_DEGRADED_MS
    {
        reasons.push(format!("iterator age {:.0} s", age / 1000.0));
    }
    if reasons.is_empty() {
        Health::Healthy
    } else {
        Health::Degraded(reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flink::CheckpointConfig;
    use crate::domain::time::from_epoch_secs;
    use crate::domain::{MetricSeries, OperationStatus};

    fn now() -> Timestamp {
        from_epoch_secs(1_800_000_000)
    }

    fn summary(status: AppStatus) -> AppSummary {
        AppSummary {
            name: "a".into(),
            arn: "arn".into(),
            status,
            version_id: 3,
            runtime: "FLINK-1_20".into(),
        }
    }

    fn op(operation: &str, status: OperationStatus, minutes_ago: i64) -> OperationSummary {
        OperationSummary {
            id: "op".into(),
            operation: operation.into(),
            status,
            started: Some(now() - chrono::Duration::minutes(minutes_ago)),
            ended: None,
        }
    }

    /// A series of (minutes ago, value) points.
    fn series(points: &[(i64, f64)]) -> MetricSeries {
        MetricSeries {
            points: points
                .iter()
                .map(|(m, v)| (now() - chrono::Duration::minutes(*m), *v))
                .collect(),
        }
    }

    fn health(status: AppStatus, metrics: Option<&AppMetrics>, ops: &[OperationSummary]) -> Health {
        let summary = summary(status);
        app_health(
            &AppFacts {
                summary: &summary,
                detail: None,
                metrics,
                operations: Some(ops),
                source_backpressure: None,
            },
            now(),
        )
    }

    #[test]
    fn ready_after_a_stop_is_stopped_but_after_a_failure_is_failing() {
        let stopped = [op("StopApplication", OperationStatus::Successful, 60)];
        assert_eq!(health(AppStatus::Ready, None, &stopped), Health::Stopped);
        let failed = [op("UpdateApplication", OperationStatus::Failed, 5)];
        assert!(matches!(
            health(AppStatus::Ready, None, &failed),
            Health::Failing(_)
        ));
    }

    #[test]
    fn failed_checkpoints_count_only_within_fifteen_minutes() {
        let mut metrics = AppMetrics {
            failed_checkpoints: series(&[(40, 3.0), (20, 5.0), (1, 5.0)]),
            ..Default::default()
        };
        assert_eq!(
            health(AppStatus::Running, Some(&metrics), &[]),
            Health::Healthy
        );
        metrics.failed_checkpoints = series(&[(40, 3.0), (10, 5.0), (1, 6.0)]);
        assert!(matches!(
            health(AppStatus::Running, Some(&metrics), &[]),
            Health::Failing(_)
        ));
    }

    #[test]
    fn growing_lag_over_a_minute_degrades() {
        let mut metrics = AppMetrics {
            lag_ms: series(&[(10, 70_000.0), (1, 65_000.0)]),
            ..Default::default()
        };
        assert_eq!(
            health(AppStatus::Running, Some(&metrics), &[]),
            Health::Healthy,
            "shrinking lag"
        );
        metrics.lag_ms = series(&[(10, 50_000.0), (1, 65_000.0)]);
        assert!(matches!(
            health(AppStatus::Running, Some(&metrics), &[]),
            Health::Degraded(_)
        ));
    }

    #[test]
    fn a_job_flink_says_is_restarting_or_failing_is_never_healthy() {
        // No restart in its histories yet, and clean numbers: its state alone says it.
        let clean = AppMetrics::default();
        for state in ["RESTARTING", "FAILING", "FAILED"] {
            let health = health(AppStatus::Other(state.into()), Some(&clean), &[]);
            assert_eq!(
                health,
                Health::Failing(vec![format!("status {state}")]),
                "{state}"
            );
        }
        assert_eq!(
            health(AppStatus::Other("RESTARTING".into()), None, &[]),
            Health::Failing(vec!["status RESTARTING".into()])
        );
    }

    #[test]
    fn checkpoints_slower_than_half_the_interval_degrade() {
        let metrics = AppMetrics {
            checkpoint_duration_ms: series(&[(1, 31_000.0)]),
            ..Default::default()
        };
        let summary = summary(AppStatus::Running);
        let mut detail = crate::sim::apps::build(now()).remove(0).current().clone();
        detail.checkpoint = Some(CheckpointConfig {
            enabled: true,
            interval_ms: 60_000,
            min_pause_ms: 5_000,
            configuration_type: "CUSTOM".into(),
        });
        let facts = AppFacts {
            summary: &summary,
            detail: Some(&detail),
            metrics: Some(&metrics),
            operations: Some(&[]),
            source_backpressure: None,
        };
        assert!(matches!(app_health(&facts, now()), Health::Degraded(_)));
    }

    #[test]
    fn a_source_backpressured_for_a_minute_degrades_a_running_application_but_a_moment_does_not() {
        let metrics = AppMetrics::default();
        let summary = summary(AppStatus::Running);
        let facts = |since: Timestamp| AppFacts {
            summary: &summary,
            detail: None,
            metrics: Some(&metrics),
            operations: Some(&[]),
            source_backpressure: Some(("Source: orders", since)),
        };
        assert_eq!(
            app_health(&facts(now() - chrono::Duration::minutes(3)), now()),
            Health::Degraded(vec!["source Source: orders backpressured for 3 min".into()])
        );
        assert_eq!(
            app_health(&facts(now() - chrono::Duration::seconds(20)), now()),
            Health::Healthy
        );
    }

    #[test]
    fn a_recent_failed_update_degrades_a_running_application() {
        let metrics = AppMetrics::default();
        let ops = [op("UpdateApplication", OperationStatus::Failed, 30)];
        assert!(matches!(
            health(AppStatus::Running, Some(&metrics), &ops),
            Health::Degraded(_)
        ));
        let old = [op("UpdateApplication", OperationStatus::Failed, 60 * 30)];
        assert_eq!(
            health(AppStatus::Running, Some(&metrics), &old),
            Health::Healthy
        );
    }

    #[test]
    fn rolled_back_status_is_failing_and_no_metrics_is_unknown() {
        assert!(matches!(
            health(AppStatus::RolledBack, None, &[]),
            Health::Failing(_)
        ));
        assert_eq!(health(AppStatus::Running, None, &[]), Health::Unknown);
    }

    #[test]
    fn streams_degrade_on_throttling_or_old_iterators() {
        let active = Some(&StreamStatus::Active);
        assert_eq!(stream_health(None, None, now()), Health::Unknown);
        let mut metrics = StreamMetrics::default();
        assert_eq!(
            stream_health(active, Some(&metrics), now()),
            Health::Healthy
        );
        metrics.iterator_age_ms = series(&[(1, 61_000.0)]);
        assert!(matches!(
            stream_health(active, Some(&metrics), now()),
            Health::Degraded(_)
        ));
    }

    #[test]
    fn without_metrics_a_stream_is_judged_by_its_status() {
        for (status, health) in [
            (StreamStatus::Active, Health::Healthy),
            (StreamStatus::Updating, Health::Healthy),
            (StreamStatus::Creating, Health::Unknown),
            (StreamStatus::Deleting, Health::Unknown),
        ] {
            assert_eq!(
                stream_health(Some(&status), None, now()),
                health,
                "{status}"
            );
        }
    }
}

//! The health gate: after a change to a running application, watch it for a while and prove it
//! healthy (or say what failed). Pure rules over observations; the update feeds them.
use crate::domain::app_metrics::AppMetrics;
use crate::domain::health::LAG_DEGRADED_MS;
use crate::domain::{AppStatus, MetricSeries, Timestamp};

/// How long the gate watches by default (`--health-gate`).
pub const DEFAULT_DURATION_SECS: i64 = 300;

/// One look at the application: its status and its metrics since shortly before the gate began.
#[derive(Debug, Clone, PartialEq)]
pub struct GateObservation {
    pub at: Timestamp,
    pub status: AppStatus,
    pub metrics: AppMetrics,
}

/// Where one rule of the gate stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateCheck {
    /// Not enough seen yet to say.
    Waiting(String),
    Passing(String),
    Failed(String),
}

impl GateCheck {
    pub fn detail(&self) -> &str {
        match self {
            Self::Waiting(d) | Self::Passing(d) | Self::Failed(d) => d,
        }
    }
}

/// How a gate ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// What failed, one sentence each.
    Failed(Vec<String>),
    /// Another change to the application started before the gate could end.
    Interrupted(String),
}

/// The rules' names, in the order the checklist shows them.
pub const RULES: [&str; 4] = ["status RUNNING", "restarts", "checkpoints", "lag"];

#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub started: Timestamp,
    pub until: Timestamp,
    /// The configured checkpoint interval; a checkpoint is due within twice it.
    pub checkpoint_interval_ms: Option<i64>,
    /// One per rule, in `RULES` order.
    pub checks: Vec<GateCheck>,
    pub observations: usize,
    pub verdict: Option<Verdict>,
    pub ended: Option<Timestamp>,
}

/// The sum of a counter's rises over the points at or after `since`: counters restart from zero
/// when the job is redeployed, so a plain last − first would miss restarts after a drop.
pub fn rises_since(series: &MetricSeries, since: Timestamp) -> f64 {
    let recent = series.values_since(since);
    recent
        .windows(2)
        .map(|pair| (pair[1] - pair[0]).max(0.0))
        .sum()
}

impl Gate {
    pub fn new(
        started: Timestamp,
        duration: chrono::Duration,
        checkpoint_interval_ms: Option<i64>,
    ) -> Self {
        Self {
            started,
            until: started + duration,
            checkpoint_interval_ms,
            checks: RULES
                .iter()
                .map(|_| GateCheck::Waiting("no observation yet".into()))
                .collect(),
            observations: 0,
            verdict: None,
            ended: None,
        }
    }

    pub fn is_over(&self) -> bool {
        self.verdict.is_some()
    }

    /// Applies one observation; a failing rule ends the gate at once.
    pub fn observe(&mut self, seen: &GateObservation) {
        if self.is_over() {
            return;
        }
        self.observations += 1;
        let since = self.started;
        let m = &seen.metrics;
        self.checks[0] = if seen.status == AppStatus::Running {
            GateCheck::Passing("RUNNING".into())
        } else {
            GateCheck::Failed(format!("status {} instead of RUNNING", seen.status))
        };
        let restarts = rises_since(&m.restarts, since);
        self.checks[1] = if restarts > 0.0 {
            GateCheck::Failed(format!(
                "{restarts:.0} restart{} since the change",
                if restarts == 1.0 { "" } else { "s" }
            ))
        } else if m.restarts.points.iter().any(|(t, _)| *t >= since) {
            GateCheck::Passing("none since the change".into())
        } else {
            GateCheck::Waiting("no restart count reported yet".into())
        };
        self.checks[2] = self.checkpoints(m, seen.at);
        self.checks[3] = lag(&m.lag_ms, since);
        let failed: Vec<String> = self
            .checks
            .iter()
            .zip(RULES)
            .filter_map(|(check, rule)| match check {
                GateCheck::Failed(why) => Some(format!("{rule}: {why}")),
                _ => None,
            })
            .collect();
        if !failed.is_empty() {
            self.end(seen.at, Verdict::Failed(failed));
        }
    }

    fn checkpoints(&self, m: &AppMetrics, now: Timestamp) -> GateCheck {
        let failed = rises_since(&m.failed_checkpoints, self.started);
        if failed > 0.0 {
            return GateCheck::Failed(format!("{failed:.0} failed since the change"));
        }
        let Some(interval) = self.checkpoint_interval_ms.filter(|i| *i > 0) else {
            return GateCheck::Passing("no failed checkpoint (checkpointing is off)".into());
        };
        let due = chrono::Duration::milliseconds(interval * 2);
        let last = m
            .checkpoint_duration_ms
            .points
            .iter()
            .rev()
            .find(|(t, _)| *t >= self.started)
            .map(|(t, _)| *t);
        match last {
            Some(t) if now - t <= due => GateCheck::Passing(format!(
                "completing; last {}s ago",
                (now - t).num_seconds().max(0)
            )),
            Some(t) => GateCheck::Failed(format!(
                "none completed for {}s (interval {}s)",
                (now - t).num_seconds(),
                interval / 1000
            )),
            None if now - self.started > due => GateCheck::Failed(format!(
                "none completed in {}s since the change (interval {}s)",
                (now - self.started).num_seconds(),
                interval / 1000
            )),
            None => GateCheck::Waiting(format!("first one due within {}s", due.num_seconds())),
        }
    }

    /// Ends the gate once its time is up: PASSED when every rule passes, else FAILED with the
    /// rules that never passed (health that was not seen is not proven).
    pub fn tick(&mut self, now: Timestamp) {
        if self.is_over() || now < self.until {
            return;
        }
        let unproven: Vec<String> = self
            .checks
            .iter()
            .zip(RULES)
            .filter_map(|(check, rule)| match check {
                GateCheck::Passing(_) => None,
                other => Some(format!("{rule}: not proven ({})", other.detail())),
            })
            .collect();
        let verdict = if unproven.is_empty() {
            Verdict::Passed
        } else {
            Verdict::Failed(unproven)
        };
        self.end(now, verdict);
    }

    pub fn interrupt(&mut self, now: Timestamp, by: &str) {
        if !self.is_over() {
            self.end(
                now,
                Verdict::Interrupted(format!("{by} started before the gate ended")),
            );
        }
    }

    fn end(&mut self, at: Timestamp, verdict: Verdict) {
        self.verdict = Some(verdict);
        self.ended = Some(at);
    }
}

fn lag(series: &MetricSeries, since: Timestamp) -> GateCheck {
    let recent = series.values_since(since);
    match (recent.first(), recent.last()) {
        (Some(first), Some(last)) if *last > LAG_DEGRADED_MS && last > first => {
            GateCheck::Failed(format!("{:.0} s behind and growing", last / 1000.0))
        }
        (Some(_), Some(last)) => GateCheck::Passing(format!("{:.1} s behind", last / 1000.0)),
        _ if !series.points.is_empty() => {
            GateCheck::Waiting("no lag reported since the change yet".into())
        }
        // Applications without a Kinesis source report no lag at all.
        _ => GateCheck::Passing("no source lag reported".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn t(minutes: i64) -> Timestamp {
        from_epoch_secs(1_800_000_000) + chrono::Duration::minutes(minutes)
    }

    fn series(points: &[(i64, f64)]) -> MetricSeries {
        MetricSeries {
            points: points.iter().map(|(m, v)| (t(*m), *v)).collect(),
        }
    }

    fn healthy(until_minute: i64) -> AppMetrics {
        let minutes: Vec<i64> = (0..=until_minute).collect();
        AppMetrics {
            restarts: series(&minutes.iter().map(|m| (*m, 0.0)).collect::<Vec<_>>()),
            failed_checkpoints: series(&minutes.iter().map(|m| (*m, 2.0)).collect::<Vec<_>>()),
            checkpoint_duration_ms: series(
                &minutes.iter().map(|m| (*m, 900.0)).collect::<Vec<_>>(),
            ),
            lag_ms: series(&minutes.iter().map(|m| (*m, 300.0)).collect::<Vec<_>>()),
            ..Default::default()
        }
    }

    fn gate() -> Gate {
        Gate::new(t(0), chrono::Duration::minutes(5), Some(60_000))
    }

    fn look(at: i64, status: AppStatus, metrics: AppMetrics) -> GateObservation {
        GateObservation {
            at: t(at),
            status,
            metrics,
        }
    }

    #[test]
    fn a_healthy_application_passes_when_the_time_is_up_and_not_before() {
        let mut gate = gate();
        for minute in 1..=5 {
            gate.observe(&look(minute, AppStatus::Running, healthy(minute)));
            gate.tick(t(minute) - chrono::Duration::seconds(1));
            assert!(!gate.is_over(), "minute {minute}");
        }
        gate.tick(t(5));
        assert_eq!(gate.verdict, Some(Verdict::Passed));
    }

    #[test]
    fn restarts_fail_at_once_even_after_the_counter_restarted_from_zero() {
        let mut gate = gate();
        let mut metrics = healthy(3);
        // The old job had restarted 40 times; the new one starts at 0 and restarts once a minute.
        metrics.restarts = series(&[(-1, 40.0), (0, 0.0), (1, 0.0), (2, 1.0), (3, 2.0)]);
        gate.observe(&look(3, AppStatus::Running, metrics));
        let Some(Verdict::Failed(why)) = &gate.verdict else {
            panic!("{:?}", gate.verdict)
        };
        assert!(why[0].contains("2 restarts since the change"), "{why:?}");
        assert_eq!(gate.ended, Some(t(3)));
    }

    #[test]
    fn leaving_running_or_failing_checkpoints_or_growing_lag_fail() {
        let mut stopped = gate();
        stopped.observe(&look(1, AppStatus::Updating, healthy(1)));
        assert!(matches!(stopped.verdict, Some(Verdict::Failed(_))));

        let mut checkpoints = gate();
        let mut metrics = healthy(2);
        metrics.failed_checkpoints = series(&[(0, 2.0), (1, 2.0), (2, 3.0)]);
        checkpoints.observe(&look(2, AppStatus::Running, metrics));
        assert!(
            matches!(&checkpoints.verdict, Some(Verdict::Failed(w)) if w[0].starts_with("checkpoints"))
        );

        let mut lagging = gate();
        let mut metrics = healthy(2);
        metrics.lag_ms = series(&[(0, 50_000.0), (1, 70_000.0), (2, 90_000.0)]);
        lagging.observe(&look(2, AppStatus::Running, metrics));
        assert!(matches!(&lagging.verdict, Some(Verdict::Failed(w)) if w[0].starts_with("lag")));
    }

    #[test]
    fn no_checkpoint_within_twice_the_interval_fails_but_waits_before() {
        let mut gate = gate();
        let mut metrics = healthy(1);
        metrics.checkpoint_duration_ms = MetricSeries::default();
        gate.observe(&look(1, AppStatus::Running, metrics.clone()));
        assert!(!gate.is_over());
        assert!(matches!(gate.checks[2], GateCheck::Waiting(_)));
        gate.observe(&look(3, AppStatus::Running, metrics));
        assert!(
            matches!(&gate.verdict, Some(Verdict::Failed(w)) if w[0].contains("none completed")),
            "{:?}",
            gate.verdict
        );
    }

    #[test]
    fn health_never_seen_is_not_proven() {
        let mut gate = gate();
        gate.tick(t(6));
        let Some(Verdict::Failed(why)) = &gate.verdict else {
            panic!()
        };
        assert!(why.iter().all(|w| w.contains("not proven")), "{why:?}");
    }

    #[test]
    fn an_interruption_ends_the_gate_once() {
        let mut gate = gate();
        gate.interrupt(t(1), "StopApplication");
        gate.interrupt(t(2), "UpdateApplication");
        assert_eq!(
            gate.verdict,
            Some(Verdict::Interrupted(
                "StopApplication started before the gate ended".into()
            ))
        );
    }
}

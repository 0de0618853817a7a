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
    /// How long after its time a datapoint's data runs: a CloudWatch minute (60), or 0 for
    /// numbers read live from the job (a self-managed job's histories).
    pub period_secs: i64,
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
    /// The metrics never covered the window, even after waiting for them: health not proven
    /// either way. What is missing, one sentence each.
    Unproven(Vec<String>),
    /// Another change to the application started before the gate could end.
    Interrupted(String),
}

/// The rules' names, in the order the checklist shows them.
pub const RULES: [&str; 4] = ["status RUNNING", "restarts", "checkpoints", "lag"];

/// How long past its window the gate waits for late metrics before it ends unproven. CloudWatch
/// delivers Managed Flink's metrics minutes after the minute they describe.
pub const EXTEND_LIMIT_SECS: i64 = 600;

/// A CloudWatch datapoint describes the minute that starts at its time.
pub const PERIOD_SECS: i64 = 60;

#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    pub started: Timestamp,
    /// The end of the window the metrics must cover.
    pub until: Timestamp,
    /// The configured checkpoint interval; a checkpoint is due within twice it.
    pub checkpoint_interval_ms: Option<i64>,
    /// One per rule, in `RULES` order.
    pub checks: Vec<GateCheck>,
    pub observations: usize,
    /// How far after the change the metrics reach: the end of the newest minute reported.
    pub data_until: Option<Timestamp>,
    /// Set once the window has passed without metrics covering it: the gate waits for them.
    pub extended: bool,
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

/// m:ss, for how much of the window the data covers.
fn span(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
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
            data_until: None,
            extended: false,
            verdict: None,
            ended: None,
        }
    }

    pub fn is_over(&self) -> bool {
        self.verdict.is_some()
    }

    /// When the gate gives up waiting for late metrics.
    pub fn limit(&self) -> Timestamp {
        self.until + chrono::Duration::seconds(EXTEND_LIMIT_SECS)
    }

    /// How much of the time after the change the metrics cover.
    pub fn covered(&self) -> chrono::Duration {
        self.data_until
            .map_or(chrono::Duration::zero(), |t| t - self.started)
            .max(chrono::Duration::zero())
    }

    /// Whether the metrics cover the whole window.
    pub fn window_covered(&self) -> bool {
        self.data_until.is_some_and(|t| t >= self.until)
    }

    /// Applies one observation; a failing rule ends the gate at once. Counters count only from
    /// datapoints of minutes that start after the change, and "none" says how far the data goes.
    pub fn observe(&mut self, seen: &GateObservation) {
        if self.is_over() {
            return;
        }
        self.observations += 1;
        let since = self.started;
        let m = &seen.metrics;
        self.data_until = [
            &m.restarts,
            &m.failed_checkpoints,
            &m.checkpoint_duration_ms,
            &m.lag_ms,
        ]
        .iter()
        .filter_map(|series| series.points.last().map(|(t, _)| *t))
        .filter(|t| *t >= since)
        .max()
        .map(|t| t + chrono::Duration::seconds(seen.period_secs));
        let covered = span(self.covered());
        self.checks[0] = if seen.status == AppStatus::Running {
            GateCheck::Passing("RUNNING".into())
        } else {
            GateCheck::Failed(format!("status {} instead of RUNNING", seen.status))
        };
        let restarts = rises_since(&m.restarts, since);
        self.checks[1] = if restarts > 0.0 {
            GateCheck::Failed(format!(
                "{restarts:.0} restart{} since the change",
                crate::domain::health::plural(restarts)
            ))
        } else if m.restarts.points.iter().any(|(t, _)| *t >= since) {
            GateCheck::Passing(format!("none in {covered} of data"))
        } else {
            GateCheck::Waiting("no restart count reported since the change yet".into())
        };
        self.checks[2] = self.checkpoints(m);
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

    /// Judged on the data's reach, not the clock: late metrics are not missing checkpoints.
    fn checkpoints(&self, m: &AppMetrics) -> GateCheck {
        let failed = rises_since(&m.failed_checkpoints, self.started);
        if failed > 0.0 {
            return GateCheck::Failed(format!("{failed:.0} failed since the change"));
        }
        let Some(interval) = self.checkpoint_interval_ms.filter(|i| *i > 0) else {
            return GateCheck::Passing("no failed checkpoint (checkpointing is off)".into());
        };
        let due = chrono::Duration::milliseconds(interval * 2);
        let reach = self.data_until.unwrap_or(self.started);
        let last = m
            .checkpoint_duration_ms
            .points
            .iter()
            .rev()
            .find(|(t, _)| *t >= self.started)
            .map(|(t, _)| *t);
        match last {
            Some(t) if reach - t <= due => GateCheck::Passing(format!(
                "completing; last at {} after the change",
                span(t - self.started)
            )),
            Some(t) => GateCheck::Failed(format!(
                "none completed in the {} of data after the one at {} (interval {}s)",
                span(reach - t),
                span(t - self.started),
                interval / 1000
            )),
            None if reach - self.started > due => GateCheck::Failed(format!(
                "none completed in {} of data since the change (interval {}s)",
                span(reach - self.started),
                interval / 1000
            )),
            None => GateCheck::Waiting(format!(
                "first one due within {}s of data",
                due.num_seconds()
            )),
        }
    }

    /// Once its window has passed: PASSED when every rule passes over data that covers the
    /// window. Short of that, it waits for late metrics (and says so) until `limit`, then ends
    /// UNPROVEN with what was never shown: health that was not seen is not proven.
    pub fn tick(&mut self, now: Timestamp) {
        if self.is_over() || now < self.until {
            return;
        }
        let all_pass = self
            .checks
            .iter()
            .all(|c| matches!(c, GateCheck::Passing(_)));
        if all_pass && self.window_covered() {
            self.end(now, Verdict::Passed);
            return;
        }
        if now < self.limit() {
            self.extended = true;
            return;
        }
        let mut unproven: Vec<String> = Vec::new();
        if !self.window_covered() {
            unproven.push(format!(
                "the metrics reach {} of the {} after the change",
                span(self.covered()),
                span(self.until - self.started)
            ));
        }
        unproven.extend(
            self.checks
                .iter()
                .zip(RULES)
                .filter_map(|(check, rule)| match check {
                    GateCheck::Passing(_) => None,
                    other => Some(format!("{rule}: not proven ({})", other.detail())),
                }),
        );
        self.end(now, Verdict::Unproven(unproven));
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
            period_secs: PERIOD_SECS,
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
        // The same data later is still the same data: late metrics are not missing checkpoints.
        gate.observe(&look(3, AppStatus::Running, metrics));
        assert!(!gate.is_over(), "{:?}", gate.verdict);
        let mut metrics = healthy(3);
        metrics.checkpoint_duration_ms = MetricSeries::default();
        gate.observe(&look(3, AppStatus::Running, metrics));
        assert!(
            matches!(&gate.verdict, Some(Verdict::Failed(w)) if w[0].contains("none completed in 4:00 of data")),
            "{:?}",
            gate.verdict
        );
    }

    #[test]
    fn health_never_seen_is_waited_for_then_unproven_never_passed() {
        let mut gate = gate();
        gate.tick(t(6));
        assert!(!gate.is_over());
        assert!(gate.extended, "the gate says it waits for the metrics");
        gate.tick(t(15));
        let Some(Verdict::Unproven(why)) = &gate.verdict else {
            panic!("{:?}", gate.verdict)
        };
        assert_eq!(
            why[0],
            "the metrics reach 0:00 of the 5:00 after the change"
        );
        assert!(why[1..].iter().all(|w| w.contains("not proven")), "{why:?}");
    }

    /// Metrics `delay` minutes late: what CloudWatch has at minute `at` of a job that restarts
    /// every `every` minutes (0: never), one point a minute from before the change.
    fn delayed(at: i64, delay: i64, every: i64) -> AppMetrics {
        let minutes: Vec<i64> = (-3..=(at - delay - 1)).collect();
        let counter = |m: i64| {
            if m < 0 {
                40.0
            } else if every == 0 {
                0.0
            } else {
                (m / every) as f64
            }
        };
        AppMetrics {
            restarts: series(
                &minutes
                    .iter()
                    .map(|m| (*m, counter(*m)))
                    .collect::<Vec<_>>(),
            ),
            failed_checkpoints: series(&minutes.iter().map(|m| (*m, 2.0)).collect::<Vec<_>>()),
            checkpoint_duration_ms: series(
                &minutes.iter().map(|m| (*m, 900.0)).collect::<Vec<_>>(),
            ),
            lag_ms: series(&minutes.iter().map(|m| (*m, 300.0)).collect::<Vec<_>>()),
            ..Default::default()
        }
    }

    /// A two-minute gate over metrics three minutes late, on a job that restarts every minute:
    /// at 2:00 nothing after the change is reported, so it waits, and fails when the restarts
    /// show (it had passed "restarts none since the change" at 2:00).
    #[test]
    fn a_short_gate_over_late_metrics_waits_and_fails_on_the_restarts_it_then_sees() {
        let mut gate = Gate::new(t(0), chrono::Duration::minutes(2), Some(60_000));
        for second in (30..=120).step_by(30) {
            let at = t(0) + chrono::Duration::seconds(second);
            gate.observe(&GateObservation {
                period_secs: PERIOD_SECS,
                at,
                status: AppStatus::Running,
                metrics: delayed(second / 60, 3, 1),
            });
            gate.tick(at);
        }
        assert!(!gate.is_over(), "{:?}", gate.verdict);
        assert!(gate.extended);
        assert!(
            matches!(&gate.checks[1], GateCheck::Waiting(w) if w.contains("no restart count")),
            "{:?}",
            gate.checks[1]
        );
        for minute in 3..=5 {
            gate.observe(&look(minute, AppStatus::Running, delayed(minute, 3, 1)));
            gate.tick(t(minute));
        }
        let Some(Verdict::Failed(why)) = &gate.verdict else {
            panic!("{:?}", gate.verdict)
        };
        assert!(
            why[0].starts_with("restarts: 1 restart since the change"),
            "{why:?}"
        );
    }

    /// The same gate over a healthy job passes only once the data covers the two minutes, and
    /// says how far the data reaches while it does.
    #[test]
    fn a_short_gate_over_late_metrics_passes_once_the_data_covers_it() {
        let mut gate = Gate::new(t(0), chrono::Duration::minutes(2), Some(60_000));
        for minute in 1..=4 {
            gate.observe(&look(minute, AppStatus::Running, delayed(minute, 3, 0)));
            gate.tick(t(minute));
            assert!(!gate.is_over(), "minute {minute}: {:?}", gate.verdict);
        }
        assert_eq!(gate.checks[1].detail(), "none in 1:00 of data");
        gate.observe(&look(5, AppStatus::Running, delayed(5, 3, 0)));
        gate.tick(t(5));
        assert_eq!(gate.verdict, Some(Verdict::Passed));
        assert_eq!(gate.checks[1].detail(), "none in 2:00 of data");
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

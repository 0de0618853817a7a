//! The simulated account's CloudWatch alarms, evaluated on its own metrics as CloudWatch would:
//! write throttling and consumer lag on every stream, restarts on every application.
use super::application::SimApp;
use super::stream::SimStream;
use crate::domain::app_metrics::AppMetric;
use crate::domain::{
    Alarm, AlarmState, MetricQuery, MetricSeries, MetricWindow, StreamMetric, Timestamp,
};

/// How a datapoint breaches.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Any datapoint above the threshold.
    Above(f64),
    /// The counter grew since the datapoint before.
    Grows,
}

/// Datapoints an alarm looks at (CloudWatch's "evaluation periods", one minute each).
const EVALUATED: usize = 5;

struct Definition {
    name: String,
    query: MetricQuery,
    rule: Rule,
    /// What it watches: its series is worked out from that alone, not looked up by name
    /// among thousands.
    owner: Owner,
}

#[derive(Clone, Copy)]
enum Owner {
    Stream(usize),
    App(usize),
}

fn definitions(streams: &[SimStream], apps: &[SimApp]) -> Vec<Definition> {
    let mut all = Vec::new();
    for (index, stream) in streams.iter().enumerate() {
        all.push(Definition {
            name: format!("{}-write-throttled", stream.name),
            query: StreamMetric::WriteThrottled.query(&stream.name),
            rule: Rule::Above(0.0),
            owner: Owner::Stream(index),
        });
        // Only streams someone reads have a lag alarm (a team sets it up with its consumer).
        if stream.consumers.is_empty() {
            continue;
        }
        all.push(Definition {
            name: format!("{}-consumer-lag", stream.name),
            query: StreamMetric::IteratorAge.query(&stream.name),
            rule: Rule::Above(60_000.0),
            owner: Owner::Stream(index),
        });
    }
    for (index, app) in apps.iter().enumerate() {
        let current = app.current();
        all.push(Definition {
            name: format!("{}-restarts", current.name),
            query: AppMetric::Restarts.query(&current.name, &current.runtime),
            rule: Rule::Grows,
            owner: Owner::App(index),
        });
    }
    all
}

/// Whether each minute breached, oldest first.
fn breaches(series: &MetricSeries, rule: Rule) -> Vec<(Timestamp, bool)> {
    series
        .points
        .iter()
        .enumerate()
        .map(|(i, (at, value))| {
            let breached = match rule {
                Rule::Above(threshold) => *value > threshold,
                Rule::Grows => i > 0 && *value > series.points[i - 1].1,
            };
            (*at, breached)
        })
        .collect()
}

/// Every alarm in ALARM or INSUFFICIENT_DATA now, with the time its state began. `series`
/// answers a query over the streams and applications it is given: each alarm's owner alone.
pub fn firing(
    streams: &[SimStream],
    apps: &[SimApp],
    now: Timestamp,
    series: impl Fn(&[SimStream], &[SimApp], &MetricQuery, MetricWindow) -> MetricSeries,
) -> Vec<Alarm> {
    let window = MetricWindow::last_minutes(now, 60);
    // The evaluated minutes decide the state: a quarter of an hour holds them, the minutes
    // before the first (a counter's growth into it) and Managed Flink's metrics arriving
    // minutes late. The hour is read only for an alarm in ALARM, to find when it began.
    let evaluated = MetricWindow::last_minutes(now, 15);
    definitions(streams, apps)
        .into_iter()
        .filter_map(|definition| {
            let over = |window: MetricWindow| match definition.owner {
                Owner::Stream(i) => series(&streams[i..=i], &[], &definition.query, window),
                Owner::App(i) => series(&[], &apps[i..=i], &definition.query, window),
            };
            let latest = breaches(&over(evaluated), definition.rule);
            let recent = &latest[latest.len().saturating_sub(EVALUATED)..];
            let minutes = if recent.iter().any(|(_, b)| *b) {
                breaches(&over(window), definition.rule)
            } else {
                Vec::new()
            };
            let (state, since, reason) = if recent.is_empty() {
                (
                    AlarmState::InsufficientData,
                    window.start,
                    "Insufficient Data: no datapoints were received for 5 periods".to_string(),
                )
            } else if recent.iter().any(|(_, b)| *b) {
                // In ALARM since the first breach of the breaching run that reaches now.
                let since = minutes
                    .iter()
                    .rev()
                    .take_while(|(_, b)| *b)
                    .last()
                    .or_else(|| recent.iter().find(|(_, b)| *b))
                    .map_or(window.start, |(at, _)| *at);
                (
                    AlarmState::Alarm,
                    since,
                    format!(
                        "Threshold Crossed: {} of the last {} datapoints breached",
                        recent.iter().filter(|(_, b)| *b).count(),
                        recent.len()
                    ),
                )
            } else {
                return None;
            };
            Some(Alarm {
                name: definition.name,
                state,
                since,
                namespace: definition.query.namespace,
                metric: definition.query.metric,
                dimensions: definition.query.dimensions,
                reason,
            })
        })
        .collect()
}

impl super::SimAccount {
    /// The alarms as CloudWatch evaluated them this minute: CloudWatch evaluates once a
    /// minute, so the account does too, and every DescribeAlarms of the minute answers the same.
    pub(super) fn evaluated_alarms(&self) -> Vec<Alarm> {
        let now = self.inner.clock.now();
        let minute = now.timestamp().div_euclid(60);
        let mut cached = self
            .inner
            .alarms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, alarms)) = cached.as_ref()
            && *at == minute
        {
            return alarms.clone();
        }
        let streams = self.streams();
        let apps = self.apps();
        let alarms = firing(&streams, &apps, now, |streams, apps, query, window| {
            super::series_for(streams, apps, query, window, now)
        });
        *cached = Some((minute, alarms.clone()));
        alarms
    }
}

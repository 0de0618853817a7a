//! A self-managed job's health numbers from what Flink keeps, where CloudWatch has none: restarts from the exception history, failed checkpoints, checkpoint durations and sizes, uptime.
use super::wire::{CheckpointEntry, Checkpoints, Exceptions, JobDetail};
use crate::domain::app_metrics::AppMetrics;
use crate::domain::metrics::MetricSeries;
use crate::domain::time::from_epoch_millis;

/// The health rules' numbers from what Flink keeps: a restart per entry of the exception
/// history, a failed checkpoint per FAILED entry of the checkpoint history (both cumulative
/// at their time, as CloudWatch's counters are), the completed checkpoints' durations and
/// sizes, and the uptime now.
pub fn metrics_from_histories(
    job: &JobDetail,
    checkpoints: &Checkpoints,
    exceptions: &Exceptions,
) -> AppMetrics {
    let cumulative = |mut times: Vec<i64>| {
        times.sort_unstable();
        MetricSeries {
            points: times
                .into_iter()
                .enumerate()
                .map(|(i, t)| (from_epoch_millis(t), (i + 1) as f64))
                .collect(),
        }
    };
    let mut history: Vec<&CheckpointEntry> = checkpoints.history.iter().collect();
    history.sort_by_key(|c| c.trigger_timestamp);
    let completed = || history.iter().filter(|c| c.status == "COMPLETED");
    let series = |value: &dyn Fn(&CheckpointEntry) -> f64| MetricSeries {
        points: completed()
            .map(|c| (from_epoch_millis(c.trigger_timestamp), value(c)))
            .collect(),
    };
    let now_ms = job.now.unwrap_or(job.start_time);
    AppMetrics {
        restarts: cumulative(
            exceptions
                .history
                .entries
                .iter()
                .map(|e| e.timestamp)
                .collect(),
        ),
        failed_checkpoints: cumulative(
            history
                .iter()
                .filter(|c| c.status == "FAILED")
                .map(|c| c.trigger_timestamp)
                .collect(),
        ),
        checkpoint_duration_ms: series(&|c| c.end_to_end_duration as f64),
        checkpoint_size_bytes: series(&|c| c.checkpointed_size as f64),
        uptime_ms: MetricSeries {
            points: (job.state == "RUNNING")
                .then(|| {
                    (
                        from_epoch_millis(now_ms),
                        (now_ms - job.start_time).max(0) as f64,
                    )
                })
                .into_iter()
                .collect(),
        },
        ..AppMetrics::default()
    }
}

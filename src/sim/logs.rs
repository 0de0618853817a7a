//! Simulated application logs in Managed Flink's JSON format, generated deterministically per second.
use super::application::SimApp;
use super::rng::mix;
use crate::domain::Timestamp;
use crate::domain::log_event::LogEvent;
use crate::domain::time::from_epoch_millis;

pub const LOG_STREAM: &str = "kinesis-analytics-log-stream";

/// The console-default log group of an application.
pub fn group_of(app: &str) -> String {
    format!("/aws/kinesis-analytics/{app}")
}

fn json(app: &SimApp, level: &str, logger: &str, message: &str, stack: Option<&str>) -> String {
    let detail = app.current();
    let mut value = serde_json::json!({
        "locationInformation": format!("{logger}.run"),
        "logger": logger,
        "message": message,
        "threadName": "flink-akka.actor.default-dispatcher-17",
        "applicationARN": detail.arn,
        "applicationVersionId": detail.version_id.to_string(),
        "messageSchemaVersion": "1",
        "messageType": level,
    });
    if let (Some(stack), Some(object)) = (stack, value.as_object_mut()) {
        object.insert("throwableInformation".into(), stack.into());
    }
    value.to_string()
}

pub(super) const NPE: &str = "java.lang.NullPointerException: Cannot invoke \"com.acme.model.Event.getUserId()\" because \"event\" is null\n\tat com.acme.jobs.FeatureExtractor.map(FeatureExtractor.java:88)\n\tat com.acme.jobs.FeatureExtractor.map(FeatureExtractor.java:31)\n\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)\n\tat org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput.emitRecord(OneInputStreamTask.java:237)\n\tat org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.processElement(AbstractStreamTaskNetworkInput.java:146)\n\tat org.apache.flink.streaming.runtime.tasks.StreamTask.processInput(StreamTask.java:562)\n\tat org.apache.flink.runtime.taskmanager.Task.run(Task.java:566)\n\tat java.base/java.lang.Thread.run(Thread.java:829)";

pub(super) const CHECKPOINT_TIMEOUT: &str = "org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.\n\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator$CheckpointCanceller.run(CheckpointCoordinator.java:2216)\n\tat java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515)\n\tat java.base/java.util.concurrent.FutureTask.run(FutureTask.java:264)\n\tat java.base/java.lang.Thread.run(Thread.java:829)";

const CLASS_NOT_FOUND: &str = "java.lang.ClassNotFoundException: com.acme.audit.ArchiverJobV43\n\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:476)\n\tat java.base/java.lang.ClassLoader.loadClass(ClassLoader.java:589)\n\tat org.apache.flink.util.ChildFirstClassLoader.loadClassWithoutExceptionHandling(ChildFirstClassLoader.java:67)\n\tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:479)";

/// The exception of a job whose main class is missing from its jar.
pub(super) fn missing_class(app: &str) -> String {
    let class: String = app
        .split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    CLASS_NOT_FOUND.replace(
        "com.acme.audit.ArchiverJobV43",
        &format!("com.acme.{class}Job"),
    )
}

/// The events an application logged in the second starting at `second` (epoch seconds).
fn events_in_second(app: &SimApp, second: i64) -> Vec<LogEvent> {
    let b = &app.behaviour;
    let name = &app.current().name;
    let roll = mix(b.key ^ mix(second as u64));
    let mut lines: Vec<(i64, String)> = Vec::new();
    let since_start = second - b.started.timestamp();
    // A start that failed is logged whatever the application does since.
    if b.failed_at.is_some_and(|t| t.timestamp() == second) {
        lines.push((
            40,
            json(
                app,
                "ERROR",
                "org.apache.flink.runtime.webmonitor.handlers.JarRunHandler",
                "Could not execute application: the job failed to start.",
                Some(&missing_class(name)),
            ),
        ));
    }
    if since_start < 0 || !app.current().status.is_live() {
        return stamped(lines, second);
    }
    let checkpoint = since_start / 60;
    // A steady INFO flow: a record-processing line most seconds.
    if !roll.is_multiple_of(3) {
        let processed = 1_000 + roll % 9_000;
        lines.push((
            (roll % 997) as i64,
            json(
                app,
                "INFO",
                "com.acme.pipeline.MetricsReporter",
                &format!("{name}: processed {processed} records in the last second"),
                None,
            ),
        ));
    }
    // A checkpoint every minute.
    if since_start % 60 == 0 {
        lines.push((5, json(app, "INFO", "org.apache.flink.runtime.checkpoint.CheckpointCoordinator", &format!("Triggering checkpoint {checkpoint} (type=CheckpointType{{name='Checkpoint'}}) @ {} for job 7f1c2b5e9a3d4c6b8e0f1a2b3c4d5e6f.", second * 1000), None)));
    }
    if since_start % 60 == 3 {
        let failing =
            b.checkpoint_failure_every_min > 0 && checkpoint % b.checkpoint_failure_every_min == 0;
        if failing {
            lines.push((10, json(app, "WARN", "org.apache.flink.runtime.checkpoint.CheckpointFailureManager", &format!("Failed to trigger or complete checkpoint {checkpoint} for job 7f1c2b5e9a3d4c6b8e0f1a2b3c4d5e6f. (1 consecutive failed attempts so far)"), Some(CHECKPOINT_TIMEOUT))));
        } else {
            lines.push((10, json(app, "INFO", "org.apache.flink.runtime.checkpoint.CheckpointCoordinator", &format!("Completed checkpoint {checkpoint} for job 7f1c2b5e9a3d4c6b8e0f1a2b3c4d5e6f ({} bytes, checkpointDuration={} ms, finalizationTime=4 ms).", b.checkpoint_size_bytes as u64, b.checkpoint_duration_ms as u64), None)));
        }
    }
    if b.restart_every_min > 0 && since_start % (b.restart_every_min * 60) == 7 {
        let source = app
            .current()
            .streams()
            .into_iter()
            .find(|(d, _)| *d == crate::domain::Direction::Reads)
            .map_or_else(|| "source".into(), |(_, s)| s);
        lines.push((20, json(app, "ERROR", "org.apache.flink.runtime.executiongraph.ExecutionGraph", &format!("Source: {source} -> FeatureExtractor (3/4) switched from RUNNING to FAILED on 10.0.142.17:6122."), Some(NPE))));
        lines.push((25, json(app, "INFO", "org.apache.flink.runtime.executiongraph.ExecutionGraph", &format!("Job {name} (7f1c2b5e9a3d4c6b8e0f1a2b3c4d5e6f) switched from state RUNNING to RESTARTING."), None)));
    }
    if b.lag_growth_per_hour > 0.0 && since_start % 30 == 11 {
        lines.push((30, json(app, "WARN", "org.apache.flink.streaming.connectors.kinesis.internals.ShardConsumer", "Shard shardId-000000000001 is falling behind: millisBehindLatest is growing; consider more parallelism or KPUs.", None)));
    }
    if name.starts_with("audit-archiver") && since_start % 120 == 13 {
        lines.push((
            40,
            json(
                app,
                "ERROR",
                "org.apache.flink.runtime.webmonitor.handlers.JarRunHandler",
                "Could not execute application (update to version 3 was rolled back).",
                Some(CLASS_NOT_FOUND),
            ),
        ));
    }
    stamped(lines, second)
}

fn stamped(lines: Vec<(i64, String)>, second: i64) -> Vec<LogEvent> {
    lines
        .into_iter()
        .map(|(offset_ms, message)| LogEvent {
            timestamp: from_epoch_millis(second * 1000 + offset_ms),
            log_stream: LOG_STREAM.to_string(),
            message,
        })
        .collect()
}

/// Every event of `app` in [start, end), oldest first, at most `limit`, keeping the newest.
pub fn events_between(
    app: &SimApp,
    start: Timestamp,
    end: Timestamp,
    limit: usize,
) -> Vec<LogEvent> {
    let first = start.timestamp();
    let last = end.timestamp();
    let mut events = Vec::new();
    // Walk back from the end so a long window stops once `limit` recent events are found.
    let mut second = last;
    while second >= first && events.len() < limit {
        let mut batch = events_in_second(app, second);
        batch.retain(|e| e.timestamp >= start && e.timestamp < end);
        batch.reverse();
        events.extend(batch);
        second -= 1;
    }
    events.truncate(limit);
    events.reverse();
    events
}

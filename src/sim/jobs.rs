//! The simulated engine's view of each running application's job, consistent with the CloudWatch numbers it tells: a lagging job has a backpressured chain above a busy sink, a job whose checkpoints fail has a slow checkpointing operator, a restarting or failed one an exception history.
use super::application::SimApp;
use super::logs::{CHECKPOINT_TIMEOUT, NPE, missing_class};
use super::rng::mix;
use crate::domain::job_graph::{JobGraph, Operator};
use crate::domain::job_view::{
    CheckpointRun, CheckpointSettings, JobException, JobSource, JobView, SlowestPart, TaskManager,
};
use crate::domain::task_history::dimension_value;
use crate::domain::{Direction, Timestamp};
use chrono::Duration;

/// Lag above this many milliseconds means the job cannot keep up: its sink is the bottleneck.
const FALLING_BEHIND_MS: f64 = 10_000.0;

/// Checkpoints shown, newest first.
const HISTORY: i64 = 10;

/// The job view of a running application, or None when no job runs.
pub fn view(app: &SimApp, now: Timestamp) -> Option<JobView> {
    if !app.current().status.is_live() {
        return None;
    }
    let b = &app.behaviour;
    let parallelism = parallelism(app);
    let lag_ms = lag_at(app, now);
    let behind = falling_behind(app, now);
    let rate = 400.0 * f64::from(parallelism);
    let shape = shape(app, now);
    let watermark = now - Duration::milliseconds(lag_ms as i64);
    let operators: Vec<Operator> = shape
        .into_iter()
        .enumerate()
        .map(|(i, (name, busy, backpressured))| Operator {
            id: format!("{:032x}", mix(b.key ^ i as u64)),
            name,
            parallelism,
            status: "RUNNING".to_string(),
            busy_ms: Some(busy.min(1000.0)),
            backpressured_ms: Some(backpressured.min(1000.0)),
            idle_ms: Some((1000.0 - busy - backpressured).max(0.0)),
            records_in: (i > 0).then_some(rate),
            records_out: (i < 3).then_some(rate),
            watermark: (i > 0).then_some(watermark),
            // Like the REST adapter, only the bottleneck's busiest subtask is looked up.
            worst_subtask: (behind && i == 3 && parallelism > 1)
                .then(|| (mix(b.key) % u64::from(parallelism)) as u32),
        })
        .collect();
    Some(view_of(app, now, operators))
}

fn parallelism(app: &SimApp) -> u32 {
    app.current()
        .parallelism
        .as_ref()
        .map_or(1, |p| {
            u32::try_from(p.current.max(p.parallelism)).unwrap_or(1)
        })
        .max(1)
}

fn lag_at(app: &SimApp, at: Timestamp) -> f64 {
    let b = &app.behaviour;
    let hours = (at - b.started).num_seconds().max(0) as f64 / 3600.0;
    b.lag_ms + b.lag_growth_per_hour * hours
}

/// The job cannot keep up at `at`: its lag is past the line, or its story says it backs up.
fn falling_behind(app: &SimApp, at: Timestamp) -> bool {
    lag_at(app, at) > FALLING_BEHIND_MS || app.behaviour.backed_up_from.is_some_and(|f| at >= f)
}

/// Each operator's (name, busy, backpressured) ms a second at `at`, source first: a job that
/// falls behind has a backpressured chain above a busy sink.
pub fn shape(app: &SimApp, at: Timestamp) -> [(String, f64, f64); 4] {
    let b = &app.behaviour;
    let detail = app.current();
    let streams = detail.streams();
    let source = streams
        .iter()
        .find(|(d, _)| *d == Direction::Reads)
        .map_or("input", |(_, s)| s.as_str());
    let sink = streams
        .iter()
        .find(|(d, _)| *d == Direction::Writes)
        .map_or("output", |(_, s)| s.as_str());
    let work = detail.name.rsplit('-').next().unwrap_or("process");
    let wobble = |salt: u64| (mix(b.key ^ salt ^ (at.timestamp() as u64 / 10)) % 40) as f64;
    if falling_behind(app, at) {
        [
            (
                format!("Source: {source}"),
                20.0 + wobble(1),
                880.0 + wobble(2),
            ),
            ("parse".to_string(), 90.0 + wobble(3), 840.0 + wobble(4)),
            (work.to_string(), 160.0 + wobble(5), 760.0 + wobble(6)),
            (format!("Sink: {sink}"), 950.0 + wobble(7), 0.0),
        ]
    } else {
        let cpu = b.cpu_percent * 8.0;
        [
            (format!("Source: {source}"), 30.0 + wobble(1), 0.0),
            ("parse".to_string(), 60.0 + wobble(3), 0.0),
            (work.to_string(), cpu.min(900.0) + wobble(5), 0.0),
            (format!("Sink: {sink}"), 80.0 + wobble(7), 0.0),
        ]
    }
}

/// One task-level metric of the task CloudWatch names `task` (spaces as `_`) at `at`, while
/// a job ran then: busyTimeMsPerSecond, backPressuredTimeMsPerSecond or idleTimeMsPerSecond.
pub fn task_metric(app: &SimApp, task: &str, metric: &str, at: Timestamp) -> Option<f64> {
    let b = &app.behaviour;
    let running = at >= b.started
        && b.ran_until.is_none_or(|until| at < until)
        && (b.ran_until.is_some() || app.current().status.is_live());
    // CloudWatch has a task's metrics from when the level that publishes them was set.
    let published_since = app
        .versions
        .iter()
        .rev()
        .take_while(|v| v.metrics_level().has_tasks())
        .last()
        .and_then(|v| v.version_created);
    if !running || published_since.is_none_or(|since| at < since) {
        return None;
    }
    let (_, busy, backpressured) = shape(app, at)
        .into_iter()
        .find(|(name, _, _)| dimension_value(name) == task)?;
    let (busy, backpressured) = (busy.min(1000.0), backpressured.min(1000.0));
    match metric {
        "busyTimeMsPerSecond" => Some(busy),
        "backPressuredTimeMsPerSecond" => Some(backpressured),
        "idleTimeMsPerSecond" => Some((1000.0 - busy - backpressured).max(0.0)),
        _ => None,
    }
}

/// The tasks the application reports to CloudWatch, as the Task dimension names them.
pub fn task_names(app: &SimApp, now: Timestamp) -> Vec<String> {
    if !app.current().metrics_level().has_tasks() {
        return Vec::new();
    }
    shape(app, now)
        .iter()
        .map(|(name, _, _)| dimension_value(name))
        .collect()
}

fn view_of(app: &SimApp, now: Timestamp, operators: Vec<Operator>) -> JobView {
    let b = &app.behaviour;
    let detail = app.current();
    let parallelism = parallelism(app);
    let graph = JobGraph {
        operators,
        edges: vec![(0, 1), (1, 2), (2, 3)],
    };
    let checkpoints = history(app, now);
    let slowest = checkpoints
        .iter()
        .find(|c| c.status == "COMPLETED")
        .and_then(|c| slowest_of(app, now, c.id));
    JobView {
        source: JobSource::Simulated,
        job_id: format!("{:016x}{:016x}", mix(b.key), mix(b.key ^ 1)),
        name: detail.name.clone(),
        state: if b.restart_every_min > 0 && (now - b.started).num_seconds() % 60 < 5 {
            "RESTARTING".to_string()
        } else {
            "RUNNING".to_string()
        },
        all_running: true,
        graph,
        checkpoints,
        checkpoint_settings: detail.checkpoint.as_ref().map(|c| CheckpointSettings {
            interval_ms: c.interval_ms,
            timeout_ms: 600_000,
            unaligned: false,
            tolerable_failures: 0,
            mode: "exactly_once".to_string(),
        }),
        slowest,
        exceptions: exceptions(app, now),
        task_managers: task_managers(app, parallelism),
        calls: 1,
    }
}

/// The stateful operator holds the state: it takes longest in each checkpoint, on one subtask.
pub fn slowest_of(app: &SimApp, now: Timestamp, checkpoint: u64) -> Option<SlowestPart> {
    let b = &app.behaviour;
    let detail = app.current();
    let run = history(app, now).into_iter().find(|c| c.id == checkpoint)?;
    let parallelism = detail
        .parallelism
        .as_ref()
        .map_or(1, |p| {
            u32::try_from(p.current.max(p.parallelism)).unwrap_or(1)
        })
        .max(1);
    Some(SlowestPart {
        checkpoint,
        operator: detail
            .name
            .rsplit('-')
            .next()
            .unwrap_or("process")
            .to_string(),
        duration_ms: run.duration_ms,
        subtask: Some((
            (mix(b.key ^ checkpoint) % u64::from(parallelism)) as u32,
            run.duration_ms,
        )),
    })
}

/// One checkpoint a minute since the job started; every n-th fails when the application's
/// checkpoints fail, as its numberOfFailedCheckpoints says.
fn history(app: &SimApp, now: Timestamp) -> Vec<CheckpointRun> {
    let b = &app.behaviour;
    let minutes = (now - b.started).num_minutes();
    (0..HISTORY)
        .map(|back| minutes - back)
        .filter(|id| *id >= 1)
        .map(|id| {
            let failed =
                b.checkpoint_failure_every_min > 0 && id % b.checkpoint_failure_every_min == 0;
            let spread = (mix(b.key ^ id as u64) % 20) as f64 / 100.0 + 0.9;
            CheckpointRun {
                id: id as u64,
                status: if failed { "FAILED" } else { "COMPLETED" }.to_string(),
                savepoint: false,
                triggered: b.started + Duration::minutes(id),
                duration_ms: if failed {
                    600_000
                } else {
                    (b.checkpoint_duration_ms * spread) as i64
                },
                size_bytes: if failed {
                    0
                } else {
                    (b.checkpoint_size_bytes * spread) as u64
                },
                restored: false,
            }
        })
        .collect()
}

/// Newest first: a restart's exception each time the job restarted in the last hour, a
/// checkpoint that expired, or the start that failed.
fn exceptions(app: &SimApp, now: Timestamp) -> Vec<JobException> {
    let b = &app.behaviour;
    let host = format!("10.0.{}.{}:6121", mix(b.key) % 8, mix(b.key ^ 3) % 250);
    let mut found = Vec::new();
    if b.restart_every_min > 0 {
        let minutes = (now - b.started).num_minutes();
        let last = minutes - minutes % b.restart_every_min;
        let mut at = last;
        while at > 0 && minutes - at <= 60 && found.len() < 20 {
            found.push(exception(
                b.started + Duration::minutes(at),
                NPE,
                Some("parse (1/2)"),
                &host,
            ));
            at -= b.restart_every_min;
        }
    }
    if b.checkpoint_failure_every_min > 0 {
        let minutes = (now - b.started).num_minutes();
        let last = minutes - minutes % b.checkpoint_failure_every_min;
        if last > 0 {
            found.push(exception(
                b.started + Duration::minutes(last),
                CHECKPOINT_TIMEOUT,
                None,
                &host,
            ));
        }
    }
    if let Some(failed) = b.failed_at {
        found.push(exception(
            failed,
            &missing_class(&app.current().name),
            None,
            &host,
        ));
    }
    found.sort_by_key(|e| std::cmp::Reverse(e.at));
    found
}

fn exception(at: Timestamp, stack: &str, task: Option<&str>, host: &str) -> JobException {
    JobException {
        at,
        root_cause: crate::domain::job_view::root_cause(stack),
        name: stack
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
        task: task.map(str::to_string),
        host: Some(host.to_string()),
        stack: stack.to_string(),
    }
}

/// One task manager a KPU, one slot each.
fn task_managers(app: &SimApp, parallelism: u32) -> Vec<TaskManager> {
    let b = &app.behaviour;
    (0..parallelism.div_ceil(4))
        .map(|i| TaskManager {
            id: format!("tm-{:08x}-{i}", mix(b.key) as u32),
            slots_total: 4,
            slots_free: 4u32.saturating_sub(parallelism.saturating_sub(i * 4)),
            heap_used: Some(1_100_000_000 + (mix(b.key ^ u64::from(i)) % 400_000_000)),
            heap_max: Some(2_000_000_000),
        })
        .collect()
}

//! How the simulated applications are made: a first version, the versions that evolve from it, their operations, snapshots and behaviour, metrics level and maintenance window.
use super::application::{AppBehaviour, SimApp};
use super::scenario::{ACCOUNT_ID, REGION};
use crate::domain::flink::{CheckpointConfig, CodeLocation, ParallelismConfig, PropertyGroup};
use crate::domain::{
    AppDetail, AppStatus, OperationDetail, OperationStatus, OperationSummary, Snapshot, Timestamp,
};
use chrono::Duration;

pub(super) fn base(name: &str, runtime: &str, now: Timestamp) -> AppDetail {
    AppDetail {
        name: name.to_string(),
        arn: format!("arn:aws:kinesisanalytics:{REGION}:{ACCOUNT_ID}:application/{name}"),
        description: None,
        status: AppStatus::Running,
        runtime: runtime.to_string(),
        version_id: 1,
        role: Some(format!("arn:aws:iam::{ACCOUNT_ID}:role/{name}-flink")),
        created: Some(now - Duration::days(120)),
        last_updated: None,
        version_created: Some(now - Duration::days(120)),
        updated_from: None,
        rolled_back_from: None,
        rolled_back_to: None,
        code: Some(CodeLocation {
            bucket_arn: "arn:aws:s3:::acme-flink-artifacts".into(),
            file_key: format!("{name}/{name}-1.0.0.jar"),
            object_version: Some("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY".into()),
        }),
        checkpoint: Some(CheckpointConfig {
            enabled: true,
            interval_ms: 60_000,
            min_pause_ms: 5_000,
            configuration_type: "CUSTOM".into(),
        }),
        parallelism: Some(ParallelismConfig {
            parallelism: 4,
            per_kpu: 1,
            current: 4,
            autoscaling: false,
        }),
        snapshots_enabled: true,
        system_rollback_enabled: true,
        log_stream_arns: vec![format!(
            "arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:/aws/kinesis-analytics/{name}:log-stream:kinesis-analytics-log-stream"
        )],
        property_groups: Vec::new(),
        conditional_token: Some(format!("{name}-token-1")),
        monitoring: Some(crate::domain::flink::Monitoring {
            configuration_type: "DEFAULT".into(),
            metrics_level: crate::domain::flink::MetricsLevel::Application,
            log_level: Some("INFO".into()),
        }),
        // AWS picks a window for each application; these stay apart in the demo.
        maintenance: Some(maintenance_window(name)),
    }
}

/// Reports its tasks to CloudWatch (a custom monitoring configuration at `level`).
pub(super) fn with_metrics_level(
    detail: &mut AppDetail,
    level: crate::domain::flink::MetricsLevel,
) {
    detail.monitoring = Some(crate::domain::flink::Monitoring {
        configuration_type: "CUSTOM".into(),
        metrics_level: level,
        log_level: Some("INFO".into()),
    });
}

/// The start of `name`'s maintenance window on the day of `day`.
pub(super) fn in_window(name: &str, day: Timestamp) -> Timestamp {
    let start: u32 = maintenance_window(name).start[..2].parse().unwrap_or(0);
    let midnight = day.timestamp() - day.timestamp().rem_euclid(86_400);
    crate::domain::time::from_epoch_secs(midnight + i64::from(start) * 3_600)
}

/// An 8-hour window starting on the hour, in UTC, spread by the application's name.
pub(super) fn maintenance_window(name: &str) -> crate::domain::flink::MaintenanceWindow {
    let start = name.bytes().map(u32::from).sum::<u32>() % 24;
    crate::domain::flink::MaintenanceWindow {
        start: format!("{start:02}:00"),
        end: format!("{:02}:00", (start + 8) % 24),
    }
}

pub(super) fn streams(input: &str, output: &str) -> Vec<PropertyGroup> {
    vec![
        PropertyGroup {
            id: "ConsumerConfigProperties".into(),
            properties: [
                ("input.stream.name".to_string(), input.to_string()),
                ("flink.stream.initpos".to_string(), "LATEST".to_string()),
                ("aws.region".to_string(), REGION.to_string()),
            ]
            .into(),
        },
        PropertyGroup {
            id: "ProducerConfigProperties".into(),
            properties: [
                ("output.stream.name".to_string(), output.to_string()),
                ("AggregationEnabled".to_string(), "false".to_string()),
            ]
            .into(),
        },
    ]
}

/// A change from one version to the next, applied to a copy of the previous version.
pub(super) enum Change {
    Code(&'static str, &'static str),
    Parallelism(i32),
    Runtime(&'static str),
    Property(&'static str, &'static str, &'static str),
}

pub(super) fn evolve(history: &mut Vec<AppDetail>, changes: &[(Change, i64)], now: Timestamp) {
    for (change, days_ago) in changes {
        let mut next = history[history.len() - 1].clone();
        next.updated_from = Some(next.version_id);
        next.version_id += 1;
        next.rolled_back_from = None;
        next.rolled_back_to = None;
        next.version_created = Some(now - Duration::days(*days_ago));
        next.last_updated = next.version_created;
        next.conditional_token = Some(format!("{}-token-{}", next.name, next.version_id));
        match change {
            Change::Code(key, version) => {
                if let Some(code) = &mut next.code {
                    code.file_key = format!("{}/{key}", next.name);
                    code.object_version = Some((*version).to_string());
                }
            }
            Change::Parallelism(p) => {
                if let Some(par) = &mut next.parallelism {
                    par.parallelism = *p;
                    par.current = *p;
                }
            }
            Change::Runtime(r) => next.runtime = (*r).to_string(),
            Change::Property(group, key, value) => {
                if let Some(g) = next.property_groups.iter_mut().find(|g| g.id == *group) {
                    g.properties
                        .insert((*key).to_string(), (*value).to_string());
                }
            }
        }
        history.push(next);
    }
}

pub(super) fn op(
    id: &str,
    operation: &str,
    status: OperationStatus,
    started: Timestamp,
    minutes: i64,
) -> OperationDetail {
    OperationDetail {
        summary: OperationSummary {
            id: id.to_string(),
            operation: operation.to_string(),
            status,
            started: Some(started),
            ended: Some(started + Duration::minutes(minutes)),
        },
        updated_from: None,
        updated_to: None,
        rollback_operation_id: None,
        error: None,
    }
}

pub(super) fn snapshots(
    name: &str,
    history: &[AppDetail],
    now: Timestamp,
    failed: bool,
) -> Vec<Snapshot> {
    let mut list: Vec<Snapshot> = history
        .iter()
        .rev()
        .take(4)
        .enumerate()
        .map(|(i, v)| Snapshot {
            name: format!(
                "{name}-v{}-{}",
                v.version_id,
                if i == 0 { "pre-deploy" } else { "daily" }
            ),
            status: "READY".into(),
            version_id: v.version_id,
            created: Some(now - Duration::hours(6 + 30 * i as i64)),
            runtime: Some(v.runtime.clone()),
        })
        .collect();
    if failed {
        list.insert(
            1,
            Snapshot {
                name: format!("{name}-manual-{}", history.len()),
                status: "FAILED".into(),
                version_id: history[history.len() - 1].version_id,
                created: Some(now - Duration::hours(20)),
                runtime: Some(history[history.len() - 1].runtime.clone()),
            },
        );
    }
    list
}

pub(super) fn behaviour(key: u64, now: Timestamp) -> AppBehaviour {
    AppBehaviour {
        key,
        started: now - Duration::days(3),
        checkpoint_failure_every_min: 0,
        restart_every_min: 0,
        checkpoint_duration_ms: 2_500.0,
        checkpoint_size_bytes: 180_000_000.0,
        lag_ms: 400.0,
        lag_growth_per_hour: 0.0,
        cpu_percent: 35.0,
        failed_at: None,
        ran_until: None,
        backed_up_from: None,
    }
}

pub(super) fn app(
    mut versions: Vec<AppDetail>,
    operations: Vec<OperationDetail>,
    behaviour: AppBehaviour,
    now: Timestamp,
    failed_snapshot: bool,
) -> SimApp {
    // Earlier versions were superseded; AWS lists them with the status they had.
    let current_status = versions[versions.len() - 1].status.clone();
    let last = versions.len() - 1;
    for (i, v) in versions.iter_mut().enumerate() {
        if i != last && v.status != AppStatus::RolledBack {
            v.status = AppStatus::Ready;
        }
    }
    versions[last].status = current_status;
    let name = versions[0].name.clone();
    SimApp {
        snapshots: snapshots(&name, &versions, now, failed_snapshot),
        versions,
        operations,
        behaviour,
        pending: Vec::new(),
        snapshot_limit: super::application::DEFAULT_SNAPSHOT_LIMIT,
        conflict_next: false,
        next_op: 100,
    }
}

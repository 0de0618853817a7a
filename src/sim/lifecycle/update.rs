//! Simulated UpdateApplication: the ConditionalToken, the states it is allowed from, the code checked in S3, and the new version landed (or failed and rolled back by the service); and another tool changing the application meanwhile.
use super::super::application::Pending;
use super::super::application::SimApp;
use super::super::application::Transition;
use super::super::code;
use super::super::code::BUCKET;
use super::super::code::CodeQuality;
use super::super::code::SimObject;
use super::{
    CLASS_NOT_FOUND, KPU_LIMIT, ROLLBACK_SECS, SNAPSHOT_SECS, UPDATE_READY_SECS, UPDATE_SECS,
    in_use, label, newer_runtime,
};
use crate::domain::AppDetail;
use crate::domain::AppStatus;
use crate::domain::AppUpdate;
use crate::domain::OperationStatus;
use crate::domain::PortError;
use crate::domain::Restore;
use crate::domain::Timestamp;
use chrono::Duration;

impl SimApp {
    /// Another tool changes the application (the `conflict` drill): a new version appears, so a
    /// token read before it is stale.
    pub fn changed_by_another_tool(&mut self, now: Timestamp) {
        let mut next = self.current().clone();
        next.updated_from = Some(next.version_id);
        next.version_id += 1;
        next.version_created = Some(now);
        next.last_updated = Some(now);
        next.conditional_token = Some(format!("{}-token-{}", next.name, next.version_id));
        if let Some(group) = next.property_groups.first_mut() {
            group
                .properties
                .insert("changed.by".into(), "another-tool".into());
        }
        // Superseded versions are listed READY, as AWS lists them.
        self.set_status(AppStatus::Ready);
        let id = self.begin_op(
            "UpdateApplication",
            now - Duration::seconds(5),
            Some((next.version_id - 1, next.version_id)),
        );
        self.end_op(&id, now, OperationStatus::Successful, None);
        self.versions.push(next);
    }

    /// UpdateApplication: a fresh token, READY or RUNNING, nothing in flight, code that exists
    /// and validates, capacity within the KPU limit.
    pub fn update(
        &mut self,
        token: &str,
        update: &AppUpdate,
        now: Timestamp,
        objects: &[SimObject],
    ) -> Result<String, PortError> {
        let app = self.name();
        if std::mem::take(&mut self.conflict_next) {
            self.changed_by_another_tool(now);
        }
        let current = self.current().clone();
        if current.conditional_token.as_deref() != Some(token) {
            return Err(PortError::ConcurrentModification {
                resource: label(&app),
                detail: "the ConditionalToken is stale: the application changed since it was read"
                    .into(),
            });
        }
        let status = current.status.clone();
        if status != AppStatus::Running && status != AppStatus::Ready {
            return Err(in_use(
                &app,
                format!("the application is {status}; UpdateApplication needs READY or RUNNING"),
            ));
        }
        self.refuse_if_busy()?;
        let mut next = current.clone();
        next.updated_from = Some(current.version_id);
        next.version_id = current.version_id + 1;
        next.rolled_back_from = None;
        next.rolled_back_to = None;
        next.conditional_token = Some(format!("{app}-token-{}", next.version_id));
        let mut quality = None;
        if let Some(location) = &update.code {
            let bucket = crate::domain::code_object::bucket_name(&location.bucket_arn);
            let object = (bucket == BUCKET)
                .then(|| {
                    code::find(
                        objects,
                        &location.file_key,
                        location.object_version.as_deref(),
                    )
                })
                .flatten()
                .ok_or_else(|| PortError::InvalidArgument {
                    detail: format!(
                        "no such S3 object: s3://{bucket}/{} (version {})",
                        location.file_key,
                        location.object_version.as_deref().unwrap_or("latest")
                    ),
                })?;
            if object.quality == CodeQuality::Invalid {
                return Err(PortError::CodeValidation {
                    detail: format!(
                        "s3://{bucket}/{} is not a Flink application jar (no manifest)",
                        location.file_key
                    ),
                });
            }
            quality = Some(object.quality);
            next.code = Some(location.clone());
        }
        if let Some(change) = &update.parallelism {
            if change.kpus() > KPU_LIMIT {
                return Err(PortError::LimitExceeded {
                    detail: format!(
                        "{} KPUs exceeds the limit of {KPU_LIMIT} KPUs for {app}",
                        change.kpus()
                    ),
                });
            }
            if let Some(p) = &mut next.parallelism {
                p.parallelism = change.parallelism;
                p.current = change.parallelism;
                p.per_kpu = change.per_kpu;
                p.autoscaling = change.autoscaling;
            }
        }
        if let Some(change) = &update.monitoring {
            next.monitoring = Some(crate::domain::flink::Monitoring {
                configuration_type: "CUSTOM".into(),
                metrics_level: change.metrics_level,
                log_level: Some(change.log_level.clone()),
            });
        }
        if let Some(runtime) = &update.runtime {
            next.runtime.clone_from(runtime);
        }
        if let Some(groups) = &update.properties {
            next.property_groups.clone_from(groups);
        }
        if let Restore::Snapshot(name) = &update.restore {
            let snapshot = self
                .snapshots
                .iter()
                .find(|s| &s.name == name && s.status == "READY")
                .ok_or_else(|| PortError::InvalidArgument {
                    detail: format!("{app} has no READY snapshot named {name}"),
                })?;
            if newer_runtime(snapshot.runtime.as_deref(), &next.runtime) {
                return Err(PortError::InvalidArgument {
                    detail: format!(
                        "snapshot {name} was taken on {} and cannot be restored on {}",
                        snapshot.runtime.as_deref().unwrap_or("?"),
                        next.runtime
                    ),
                });
            }
        }
        if quality.is_none() && next.runtime != current.runtime {
            // A new runtime runs the same code, built for it or not.
            quality = Some(self.running_quality(objects));
        }
        let op = self.begin_op(
            "UpdateApplication",
            now,
            Some((current.version_id, next.version_id)),
        );
        let secs = if status == AppStatus::Running {
            self.system_snapshot("update", now, now + Duration::seconds(SNAPSHOT_SECS));
            self.set_status(AppStatus::Updating);
            next.status = AppStatus::Running;
            UPDATE_SECS
        } else {
            next.status = AppStatus::Ready;
            UPDATE_READY_SECS
        };
        next.version_created = Some(now + Duration::seconds(secs));
        next.last_updated = next.version_created;
        self.pending.push(Pending {
            at: now + Duration::seconds(secs),
            transition: Transition::Updated {
                op: op.clone(),
                next: Box::new(next),
                quality,
            },
        });
        Ok(op)
    }

    pub(super) fn land_update(
        &mut self,
        at: Timestamp,
        op: String,
        next: AppDetail,
        quality: Option<CodeQuality>,
    ) {
        let previous = self.current().clone();
        let was_running = next.status == AppStatus::Running;
        if was_running && quality == Some(CodeQuality::FailsToStart) {
            let error = format!("{CLASS_NOT_FOUND}: the new code's main class is missing");
            self.behaviour.failed_at = Some(at);
            let failed_version = next.version_id;
            self.set_status(AppStatus::Ready);
            let mut failed = next;
            failed.status = AppStatus::RollingBack;
            let rollback_enabled = failed.system_rollback_enabled;
            self.versions.push(failed);
            if rollback_enabled {
                let mut restored = previous;
                restored.version_id = failed_version + 1;
                restored.updated_from = None;
                restored.rolled_back_from = Some(failed_version);
                restored.rolled_back_to = Some(failed_version - 1);
                restored.status = AppStatus::Running;
                restored.conditional_token =
                    Some(format!("{}-token-{}", restored.name, restored.version_id));
                restored.version_created = Some(at + Duration::seconds(ROLLBACK_SECS));
                restored.last_updated = restored.version_created;
                let rollback = self.begin_op(
                    "RollbackApplication",
                    at,
                    Some((failed_version, failed_version + 1)),
                );
                self.end_op(&op, at, OperationStatus::Failed, Some(error));
                if let Some(failed_op) = self.operations.iter_mut().find(|o| o.summary.id == op) {
                    failed_op.rollback_operation_id = Some(rollback.clone());
                }
                self.pending.push(Pending {
                    at: at + Duration::seconds(ROLLBACK_SECS),
                    transition: Transition::RolledBack {
                        op: rollback,
                        restored: Box::new(restored),
                        quality: CodeQuality::Good,
                        failure: None,
                    },
                });
            } else {
                self.end_op(&op, at, OperationStatus::Failed, Some(error));
                self.set_status(AppStatus::Ready);
            }
            return;
        }
        // Superseded versions are listed READY, as AWS lists them.
        self.set_status(AppStatus::Ready);
        let more_parallel = next
            .parallelism
            .as_ref()
            .zip(previous.parallelism.as_ref())
            .is_some_and(|(n, p)| n.parallelism > p.parallelism);
        self.versions.push(next);
        self.end_op(&op, at, OperationStatus::Successful, None);
        if was_running {
            if let Some(quality) = quality {
                self.behaviour.run(quality, at);
            } else {
                // Same code, new capacity: the job restarts; more parallelism catches up.
                self.behaviour.started = at;
                if more_parallel {
                    self.behaviour.lag_growth_per_hour = 0.0;
                    self.behaviour.lag_ms = 800.0;
                    self.behaviour.checkpoint_duration_ms *= 0.5;
                }
            }
        }
    }
}

//! The simulated Flink lifecycle: every call takes the time AWS takes, moves through the states
//! AWS shows, leaves versions, snapshots and operations behind, and is refused with AWS's errors
//! where AWS refuses it.
use super::application::{Pending, SimApp, Transition};
use super::code::{self, BUCKET, CodeQuality, SimObject};
use crate::domain::flink::runtime_version;
use crate::domain::{
    AppDetail, AppStatus, AppUpdate, OperationDetail, OperationStatus, OperationSummary, PortError,
    Restore, Snapshot, Timestamp,
};

/// Where AWS accepts StopApplication with Force (the API reference), encoded here on its own: the
/// simulated AWS must not agree with the console's planners by sharing their rules.
const FORCE_STOP_STATES: [AppStatus; 5] = [
    AppStatus::Starting,
    AppStatus::Updating,
    AppStatus::Stopping,
    AppStatus::Autoscaling,
    AppStatus::Running,
];
use chrono::Duration;

/// How long each change takes, in (simulated) seconds.
pub const SNAPSHOT_SECS: i64 = 20;
pub const DELETE_SECS: i64 = 5;
pub const START_SECS: i64 = 75;
pub const STOP_SECS: i64 = 40;
pub const FORCE_STOP_SECS: i64 = 15;
pub const UPDATE_SECS: i64 = 90;
pub const UPDATE_READY_SECS: i64 = 10;
pub const ROLLBACK_SECS: i64 = 60;
/// AWS's default KPU limit per application.
pub const KPU_LIMIT: i32 = 64;

const CLASS_NOT_FOUND: &str = "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application. Caused by: java.lang.ClassNotFoundException";

fn label(app: &str) -> String {
    format!("application {app}")
}

fn in_use(app: &str, detail: String) -> PortError {
    PortError::ResourceInUse {
        resource: label(app),
        detail,
    }
}

/// True when a snapshot's runtime is newer than `runtime` (it cannot be restored there).
fn newer_runtime(snapshot: Option<&str>, runtime: &str) -> bool {
    snapshot
        .and_then(runtime_version)
        .zip(runtime_version(runtime))
        .is_some_and(|(snapshot, runtime)| snapshot > runtime)
}

fn initials(name: &str) -> String {
    name.split('-').filter_map(|w| w.chars().next()).collect()
}

impl SimApp {
    fn name(&self) -> String {
        self.current().name.clone()
    }

    fn status(&self) -> AppStatus {
        self.current().status.clone()
    }

    fn set_status(&mut self, status: AppStatus) {
        let last = self.versions.len() - 1;
        self.versions[last].status = status;
    }

    fn begin_op(
        &mut self,
        operation: &str,
        now: Timestamp,
        versions: Option<(i64, i64)>,
    ) -> String {
        self.next_op += 1;
        let id = format!("op-{}-{}", initials(&self.name()), self.next_op);
        self.operations.insert(
            0,
            OperationDetail {
                summary: OperationSummary {
                    id: id.clone(),
                    operation: operation.to_string(),
                    status: OperationStatus::InProgress,
                    started: Some(now),
                    ended: None,
                },
                updated_from: versions.map(|(from, _)| from),
                updated_to: versions.map(|(_, to)| to),
                rollback_operation_id: None,
                error: None,
            },
        );
        id
    }

    fn end_op(&mut self, id: &str, at: Timestamp, status: OperationStatus, error: Option<String>) {
        if let Some(op) = self.operations.iter_mut().find(|o| o.summary.id == id) {
            op.summary.status = status;
            op.summary.ended = Some(at);
            op.error = error;
        }
    }

    /// Cancels every operation still in progress (a forced stop or a rollback takes over).
    fn abandon_in_flight(&mut self, now: Timestamp, why: &str) {
        let running: Vec<String> = self
            .operations
            .iter()
            .filter(|o| o.summary.status == OperationStatus::InProgress)
            .map(|o| o.summary.id.clone())
            .collect();
        for id in running {
            self.end_op(&id, now, OperationStatus::Cancelled, Some(why.to_string()));
        }
    }

    fn in_progress(&self) -> Option<&OperationDetail> {
        self.operations
            .iter()
            .find(|o| o.summary.status == OperationStatus::InProgress)
    }

    fn refuse_if_busy(&self) -> Result<(), PortError> {
        match self.in_progress() {
            Some(op) => Err(in_use(
                &self.name(),
                format!("{} {} is in progress", op.summary.operation, op.summary.id),
            )),
            None => Ok(()),
        }
    }

    /// A snapshot taken by the service itself (on update and on stop when snapshots are enabled).
    fn system_snapshot(&mut self, why: &str, now: Timestamp, ready_at: Timestamp) {
        if !self.current().snapshots_enabled {
            return;
        }
        let name = format!("{}-{why}-{}", self.name(), now.format("%Y%m%d%H%M%S"));
        self.begin_snapshot(name, now, ready_at);
    }

    /// A snapshot of the running version, CREATING from `now` and READY at `ready_at`.
    fn begin_snapshot(&mut self, name: String, now: Timestamp, ready_at: Timestamp) {
        self.snapshots.insert(
            0,
            Snapshot {
                name: name.clone(),
                status: "CREATING".into(),
                version_id: self.current().version_id,
                created: Some(now),
                runtime: Some(self.current().runtime.clone()),
            },
        );
        self.pending.push(Pending {
            at: ready_at,
            transition: Transition::SnapshotReady { name },
        });
    }

    pub fn describe_snapshot(&self, name: &str) -> Result<Snapshot, PortError> {
        self.snapshots
            .iter()
            .find(|s| s.name == name)
            .cloned()
            .ok_or_else(|| PortError::NotFound {
                resource: format!("snapshot {name} of application {}", self.name()),
            })
    }

    /// CreateApplicationSnapshot: RUNNING only, snapshots enabled, a new name, under the quota.
    pub fn create_snapshot(&mut self, name: &str, now: Timestamp) -> Result<(), PortError> {
        let app = self.name();
        if self.status() != AppStatus::Running {
            return Err(in_use(
                &app,
                format!("the application is {}, not RUNNING", self.status()),
            ));
        }
        if !self.current().snapshots_enabled {
            return Err(PortError::InvalidArgument {
                detail: format!("snapshots are disabled for {app}"),
            });
        }
        self.refuse_if_busy()?;
        if self.snapshots.iter().any(|s| s.name == name) {
            return Err(PortError::InvalidArgument {
                detail: format!("{app} already has a snapshot named {name}"),
            });
        }
        if self.snapshots.len() >= self.snapshot_limit {
            return Err(PortError::LimitExceeded {
                detail: format!(
                    "{app} has {} snapshots, its limit; delete snapshots to take new ones",
                    self.snapshots.len()
                ),
            });
        }
        self.begin_snapshot(
            name.to_string(),
            now,
            now + Duration::seconds(SNAPSHOT_SECS),
        );
        Ok(())
    }

    /// DeleteApplicationSnapshot: the name and its creation time must both match.
    pub fn delete_snapshot(
        &mut self,
        name: &str,
        created: Timestamp,
        now: Timestamp,
    ) -> Result<(), PortError> {
        let app = self.name();
        let snapshot = self
            .snapshots
            .iter_mut()
            .find(|s| s.name == name)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("snapshot {name} of application {app}"),
            })?;
        if snapshot.created.map(|t| t.timestamp()) != Some(created.timestamp()) {
            return Err(PortError::InvalidArgument {
                detail: format!("the creation timestamp does not match snapshot {name}"),
            });
        }
        if snapshot.status == "CREATING" || snapshot.status == "DELETING" {
            return Err(in_use(
                &app,
                format!("snapshot {name} is {}", snapshot.status),
            ));
        }
        snapshot.status = "DELETING".into();
        self.pending.push(Pending {
            at: now + Duration::seconds(DELETE_SECS),
            transition: Transition::SnapshotGone {
                name: name.to_string(),
            },
        });
        Ok(())
    }

    /// The quality of the code the application runs now.
    fn running_quality(&self, objects: &[SimObject]) -> CodeQuality {
        self.current()
            .code
            .as_ref()
            .and_then(|c| code::find(objects, &c.file_key, c.object_version.as_deref()))
            .map_or(CodeQuality::Good, |o| o.quality)
    }

    /// StartApplication: READY only; a custom snapshot must exist, be READY and fit the runtime.
    pub fn start(
        &mut self,
        restore: &Restore,
        now: Timestamp,
        objects: &[SimObject],
    ) -> Result<String, PortError> {
        let app = self.name();
        if self.status() != AppStatus::Ready {
            return Err(in_use(
                &app,
                format!(
                    "the application is {}; StartApplication needs READY",
                    self.status()
                ),
            ));
        }
        self.refuse_if_busy()?;
        let mut failure = None;
        if let Restore::Snapshot(name) = restore {
            let snapshot = self
                .snapshots
                .iter()
                .find(|s| &s.name == name && s.status == "READY")
                .ok_or_else(|| PortError::InvalidArgument {
                    detail: format!("{app} has no READY snapshot named {name}"),
                })?;
            if newer_runtime(snapshot.runtime.as_deref(), &self.current().runtime) {
                failure = Some(format!(
                    "the snapshot {name} was taken on {} and cannot be restored on {}",
                    snapshot.runtime.as_deref().unwrap_or("?"),
                    self.current().runtime
                ));
            }
        }
        let quality = self.running_quality(objects);
        let op = self.begin_op("StartApplication", now, None);
        self.set_status(AppStatus::Starting);
        self.pending.push(Pending {
            at: now + Duration::seconds(START_SECS),
            transition: Transition::Started {
                op: op.clone(),
                quality,
                failure,
            },
        });
        Ok(op)
    }

    /// StopApplication: graceful from RUNNING (with a snapshot), forced from the states AWS allows.
    pub fn stop(&mut self, force: bool, now: Timestamp) -> Result<String, PortError> {
        let app = self.name();
        let status = self.status();
        if force {
            if !FORCE_STOP_STATES.contains(&status) {
                return Err(in_use(
                    &app,
                    format!("the application is {status}; a forced stop is not allowed now"),
                ));
            }
            self.abandon_in_flight(now, "cancelled by a forced stop");
            self.pending.retain(|p| {
                matches!(
                    p.transition,
                    Transition::SnapshotReady { .. } | Transition::SnapshotGone { .. }
                )
            });
        } else {
            if status != AppStatus::Running {
                return Err(in_use(
                    &app,
                    format!("the application is {status}; StopApplication needs RUNNING"),
                ));
            }
            self.refuse_if_busy()?;
        }
        let op = self.begin_op("StopApplication", now, None);
        let secs = if force { FORCE_STOP_SECS } else { STOP_SECS };
        if !force {
            self.system_snapshot("stop", now, now + Duration::seconds(secs));
        }
        self.set_status(if force {
            AppStatus::ForceStopping
        } else {
            AppStatus::Stopping
        });
        self.pending.push(Pending {
            at: now + Duration::seconds(secs),
            transition: Transition::Stopped { op: op.clone() },
        });
        Ok(op)
    }

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

    /// RollbackApplication: RUNNING, UPDATING or AUTOSCALING; the current version named; a snapshot
    /// to restore. Goes back to the version it was updated from and restores the latest snapshot.
    pub fn rollback(
        &mut self,
        current_version: i64,
        now: Timestamp,
        objects: &[SimObject],
    ) -> Result<String, PortError> {
        let app = self.name();
        if std::mem::take(&mut self.conflict_next) {
            self.changed_by_another_tool(now);
        }
        let current = self.current().clone();
        let status = current.status.clone();
        if !matches!(
            status,
            AppStatus::Running | AppStatus::Updating | AppStatus::Autoscaling
        ) {
            return Err(in_use(
                &app,
                format!(
                    "the application is {status}; RollbackApplication needs RUNNING, UPDATING or AUTOSCALING"
                ),
            ));
        }
        if current_version != current.version_id {
            return Err(PortError::ConcurrentModification {
                resource: label(&app),
                detail: format!(
                    "CurrentApplicationVersionId {current_version} is not the current version {}",
                    current.version_id
                ),
            });
        }
        let target_id = current
            .updated_from
            .or(current.rolled_back_to)
            .unwrap_or(current.version_id - 1);
        let target = self
            .versions
            .iter()
            .rev()
            .find(|v| v.version_id == target_id)
            .cloned()
            .ok_or_else(|| PortError::InvalidArgument {
                detail: format!("{app} has no version to roll back to"),
            })?;
        let snapshot = self
            .snapshots
            .iter()
            .filter(|s| s.status == "READY")
            .max_by_key(|s| s.created)
            .cloned()
            .ok_or_else(|| PortError::InvalidArgument {
                detail: format!(
                    "{app} has no snapshot; RollbackApplication restores one and needs it"
                ),
            })?;
        self.abandon_in_flight(now, "rolled back");
        self.pending
            .retain(|p| !matches!(p.transition, Transition::Updated { .. }));
        let failure = newer_runtime(snapshot.runtime.as_deref(), &target.runtime).then(|| {
            format!(
                "snapshot {} was taken on {} and cannot be restored on {}",
                snapshot.name,
                snapshot.runtime.as_deref().unwrap_or("?"),
                target.runtime
            )
        });
        let quality = target
            .code
            .as_ref()
            .and_then(|c| code::find(objects, &c.file_key, c.object_version.as_deref()))
            .map_or(CodeQuality::Good, |o| o.quality);
        let mut restored = target;
        restored.version_id = current.version_id + 1;
        restored.updated_from = None;
        restored.rolled_back_from = Some(current.version_id);
        restored.rolled_back_to = Some(target_id);
        restored.status = AppStatus::Running;
        restored.conditional_token = Some(format!("{app}-token-{}", restored.version_id));
        restored.version_created = Some(now + Duration::seconds(ROLLBACK_SECS));
        restored.last_updated = restored.version_created;
        let op = self.begin_op(
            "RollbackApplication",
            now,
            Some((current.version_id, restored.version_id)),
        );
        self.set_status(AppStatus::RollingBack);
        self.pending.push(Pending {
            at: now + Duration::seconds(ROLLBACK_SECS),
            transition: Transition::RolledBack {
                op: op.clone(),
                restored: Box::new(restored),
                quality,
                failure,
            },
        });
        Ok(op)
    }

    /// Lands every change whose time is up, oldest first.
    pub fn settle(&mut self, now: Timestamp) {
        loop {
            let Some(index) = self
                .pending
                .iter()
                .enumerate()
                .filter(|(_, p)| p.at <= now)
                .min_by_key(|(_, p)| p.at)
                .map(|(i, _)| i)
            else {
                return;
            };
            let Pending { at, transition } = self.pending.remove(index);
            self.land(at, transition);
        }
    }

    fn land(&mut self, at: Timestamp, transition: Transition) {
        match transition {
            Transition::SnapshotReady { name } => {
                if let Some(s) = self.snapshots.iter_mut().find(|s| s.name == name) {
                    s.status = "READY".into();
                }
            }
            Transition::SnapshotGone { name } => self.snapshots.retain(|s| s.name != name),
            Transition::Started {
                op,
                quality,
                failure,
            } => {
                let failure = failure.or_else(|| {
                    (quality == CodeQuality::FailsToStart)
                        .then(|| format!("{CLASS_NOT_FOUND}: the job's main class is missing"))
                });
                if let Some(error) = failure {
                    self.end_op(&op, at, OperationStatus::Failed, Some(error));
                    self.set_status(AppStatus::Ready);
                    self.behaviour.failed_at = Some(at);
                } else {
                    self.end_op(&op, at, OperationStatus::Successful, None);
                    self.set_status(AppStatus::Running);
                    self.behaviour.run(quality, at);
                }
            }
            Transition::Stopped { op } => {
                self.end_op(&op, at, OperationStatus::Successful, None);
                self.set_status(AppStatus::Ready);
            }
            Transition::Updated { op, next, quality } => self.land_update(at, op, *next, quality),
            Transition::RolledBack {
                op,
                restored,
                quality,
                failure,
            } => {
                if let Some(error) = failure {
                    self.end_op(&op, at, OperationStatus::Failed, Some(error));
                    self.set_status(AppStatus::Ready);
                } else {
                    self.set_status(AppStatus::RolledBack);
                    self.versions.push(*restored);
                    self.end_op(&op, at, OperationStatus::Successful, None);
                    self.behaviour.run(quality, at);
                }
            }
        }
    }

    fn land_update(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::flink::CodeLocation;
    use crate::domain::time::from_epoch_secs;

    fn apps() -> (Vec<SimApp>, Vec<SimObject>, Timestamp) {
        let now = from_epoch_secs(1_795_262_400);
        let apps = super::super::apps::build(now);
        let histories: Vec<&[AppDetail]> = apps.iter().map(|a| a.versions.as_slice()).collect();
        let objects = code::build(&histories, now);
        (apps, objects, now)
    }

    fn named<'a>(apps: &'a mut [SimApp], name: &str) -> &'a mut SimApp {
        apps.iter_mut().find(|a| a.current().name == name).unwrap()
    }

    fn deploy(app: &SimApp, key: &str, version: &str) -> (String, AppUpdate) {
        let current = app.current();
        (
            current.conditional_token.clone().unwrap(),
            AppUpdate {
                expected_version: current.version_id,
                code: Some(CodeLocation {
                    bucket_arn: format!("arn:aws:s3:::{BUCKET}"),
                    file_key: key.into(),
                    object_version: Some(version.into()),
                }),
                parallelism: None,
                runtime: None,
                properties: None,
                restore: Restore::Latest,
                allow_non_restored_state: false,
            },
        )
    }

    #[test]
    fn an_update_goes_through_updating_snapshots_and_lands_a_new_version() {
        let (mut apps, objects, now) = apps();
        let app = named(&mut apps, "orders-enricher");
        let before = app.current().version_id;
        let (token, update) = deploy(
            app,
            "orders-enricher/orders-enricher-1.2.0.jar",
            "tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU",
        );
        let op = app.update(&token, &update, now, &objects).unwrap();
        assert_eq!(app.current().status, AppStatus::Updating);
        assert!(app.snapshots[0].name.contains("-update-"));
        assert_eq!(
            app.operations[0].summary.status,
            OperationStatus::InProgress
        );
        app.settle(now + Duration::seconds(UPDATE_SECS - 1));
        assert_eq!(app.current().status, AppStatus::Updating);
        app.settle(now + Duration::seconds(UPDATE_SECS));
        assert_eq!(app.current().version_id, before + 1);
        assert_eq!(app.current().status, AppStatus::Running);
        assert_eq!(app.operations[0].summary.id, op);
        assert_eq!(
            app.operations[0].summary.status,
            OperationStatus::Successful
        );
        assert_eq!(app.snapshots[0].status, "READY");
        assert!(
            app.update(&token, &update, now, &objects).is_err(),
            "the old token is stale now"
        );
    }

    #[test]
    fn aws_refusals_come_with_aws_error_types() {
        let (mut apps, objects, now) = apps();
        let app = named(&mut apps, "orders-enricher");
        let (token, mut update) = deploy(app, "orders-enricher/nope.jar", "v1");
        assert!(matches!(
            app.update(&token, &update, now, &objects),
            Err(PortError::InvalidArgument { .. })
        ));
        update.code.as_mut().unwrap().file_key = "orders-enricher/orders-enricher-1.2.0.jar".into();
        update.code.as_mut().unwrap().object_version =
            Some("tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU".into());
        assert!(matches!(
            app.update("stale", &update, now, &objects),
            Err(PortError::ConcurrentModification { .. })
        ));
        app.conflict_next = true;
        assert!(matches!(
            app.update(&token, &update, now, &objects),
            Err(PortError::ConcurrentModification { .. })
        ));
        let scorer = named(&mut apps, "payments-fraud-scorer");
        let (token, update) = deploy(
            scorer,
            "payments-fraud-scorer/fraud-scorer-3.4.0.jar",
            "Hx0aZ5sE3dR7fT1gY9uJ2kL6mN4bV8cQ",
        );
        assert!(matches!(
            scorer.update(&token, &update, now, &objects),
            Err(PortError::CodeValidation { .. })
        ));
        let stopped = named(&mut apps, "clickstream-sessionizer");
        assert!(matches!(
            stopped.stop(false, now),
            Err(PortError::ResourceInUse { .. })
        ));
        assert!(matches!(
            stopped.create_snapshot("x", now),
            Err(PortError::ResourceInUse { .. })
        ));
        let running = named(&mut apps, "orders-enricher");
        assert!(matches!(
            running.start(&Restore::Latest, now, &objects),
            Err(PortError::ResourceInUse { .. })
        ));
        running.snapshot_limit = running.snapshots.len();
        assert!(matches!(
            running.create_snapshot("one-more", now),
            Err(PortError::LimitExceeded { .. })
        ));
    }

    #[test]
    fn code_that_cannot_start_fails_the_update_and_the_service_rolls_back() {
        let (mut apps, objects, now) = apps();
        let app = named(&mut apps, "audit-archiver");
        let before = app.current().clone();
        let (token, update) = deploy(
            app,
            "audit-archiver/audit-archiver-4.3.0.jar",
            "Zx1cV4bN7mQ0wE3rT6yU9iO2pA5sD8fG",
        );
        let op = app.update(&token, &update, now, &objects).unwrap();
        app.settle(now + Duration::seconds(UPDATE_SECS));
        let failed = app
            .operations
            .iter()
            .find(|o| o.summary.id == op)
            .unwrap()
            .clone();
        assert_eq!(failed.summary.status, OperationStatus::Failed);
        assert!(failed.error.unwrap().contains("ClassNotFoundException"));
        let rollback = failed.rollback_operation_id.unwrap();
        assert_eq!(app.current().status, AppStatus::RollingBack);
        app.settle(now + Duration::seconds(UPDATE_SECS + ROLLBACK_SECS));
        assert_eq!(app.current().status, AppStatus::Running);
        assert_eq!(
            app.current().code,
            before.code,
            "the previous code runs again"
        );
        assert_eq!(app.current().rolled_back_from, Some(before.version_id + 1));
        let rb = app
            .operations
            .iter()
            .find(|o| o.summary.id == rollback)
            .unwrap();
        assert_eq!(rb.summary.status, OperationStatus::Successful);
    }

    #[test]
    fn snapshots_stop_start_and_delete_take_their_time() {
        let (mut apps, objects, now) = apps();
        let app = named(&mut apps, "orders-enricher");
        app.create_snapshot("orders-enricher-20261121-1200", now)
            .unwrap();
        assert_eq!(
            app.describe_snapshot("orders-enricher-20261121-1200")
                .unwrap()
                .status,
            "CREATING"
        );
        app.settle(now + Duration::seconds(SNAPSHOT_SECS));
        let snap = app
            .describe_snapshot("orders-enricher-20261121-1200")
            .unwrap();
        assert_eq!(snap.status, "READY");
        assert!(
            app.delete_snapshot(&snap.name, now - Duration::days(1), now)
                .is_err(),
            "timestamp must match"
        );
        app.delete_snapshot(&snap.name, snap.created.unwrap(), now)
            .unwrap();
        app.settle(now + Duration::seconds(SNAPSHOT_SECS + DELETE_SECS));
        assert!(matches!(
            app.describe_snapshot(&snap.name),
            Err(PortError::NotFound { .. })
        ));

        let later = now + Duration::minutes(5);
        app.stop(false, later).unwrap();
        assert_eq!(app.current().status, AppStatus::Stopping);
        app.settle(later + Duration::seconds(STOP_SECS));
        assert_eq!(app.current().status, AppStatus::Ready);
        assert!(
            app.snapshots[0].name.contains("-stop-"),
            "graceful stops snapshot"
        );
        app.start(&Restore::Latest, later + Duration::minutes(1), &objects)
            .unwrap();
        app.settle(later + Duration::minutes(1) + Duration::seconds(START_SECS));
        assert_eq!(app.current().status, AppStatus::Running);
    }
}

//! The simulated Flink lifecycle: every call takes the time AWS takes, moves through the states
//! AWS shows, leaves versions, snapshots and operations behind, and is refused with AWS's errors
//! where AWS refuses it.
use super::application::{Pending, SimApp, Transition};
use super::code::CodeQuality;
use crate::domain::flink::runtime_version;
use crate::domain::{
    AppStatus, OperationDetail, OperationStatus, OperationSummary, PortError, Timestamp,
};

/// Where AWS accepts StopApplication with Force (the API reference), encoded here on its own: the
/// simulated AWS must not agree with the console's planners by sharing their rules.
pub(super) const FORCE_STOP_STATES: [AppStatus; 5] = [
    AppStatus::Starting,
    AppStatus::Updating,
    AppStatus::Stopping,
    AppStatus::Autoscaling,
    AppStatus::Running,
];

mod maintenance;
mod rollback;
mod snapshots;
mod start_stop;
#[cfg(test)]
mod tests;
mod update;

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

pub(super) const CLASS_NOT_FOUND: &str = "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application. Caused by: java.lang.ClassNotFoundException";

pub(super) fn label(app: &str) -> String {
    format!("application {app}")
}

pub(super) fn in_use(app: &str, detail: String) -> PortError {
    PortError::ResourceInUse {
        resource: label(app),
        detail,
    }
}

/// True when a snapshot's runtime is newer than `runtime` (it cannot be restored there).
pub(super) fn newer_runtime(snapshot: Option<&str>, runtime: &str) -> bool {
    snapshot
        .and_then(runtime_version)
        .zip(runtime_version(runtime))
        .is_some_and(|(snapshot, runtime)| snapshot > runtime)
}

pub(super) fn initials(name: &str) -> String {
    name.split('-').filter_map(|w| w.chars().next()).collect()
}

impl SimApp {
    pub(super) fn name(&self) -> String {
        self.current().name.clone()
    }

    pub(super) fn status(&self) -> AppStatus {
        self.current().status.clone()
    }

    pub(super) fn set_status(&mut self, status: AppStatus) {
        let last = self.versions.len() - 1;
        self.versions[last].status = status;
    }

    pub(super) fn begin_op(
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

    pub(super) fn end_op(
        &mut self,
        id: &str,
        at: Timestamp,
        status: OperationStatus,
        error: Option<String>,
    ) {
        if let Some(op) = self.operations.iter_mut().find(|o| o.summary.id == id) {
            op.summary.status = status;
            op.summary.ended = Some(at);
            op.error = error;
        }
    }

    /// Cancels every operation still in progress (a forced stop or a rollback takes over).
    pub(super) fn abandon_in_flight(&mut self, now: Timestamp, why: &str) {
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

    pub(super) fn in_progress(&self) -> Option<&OperationDetail> {
        self.operations
            .iter()
            .find(|o| o.summary.status == OperationStatus::InProgress)
    }

    pub(super) fn refuse_if_busy(&self) -> Result<(), PortError> {
        match self.in_progress() {
            Some(op) => Err(in_use(
                &self.name(),
                format!("{} {} is in progress", op.summary.operation, op.summary.id),
            )),
            None => Ok(()),
        }
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
}

//! Simulated RollbackApplication: back to the previous version with its newest snapshot, refused where AWS refuses it.
use super::super::application::Pending;
use super::super::application::SimApp;
use super::super::application::Transition;
use super::super::code;
use super::super::code::CodeQuality;
use super::super::code::SimObject;
use super::{ROLLBACK_SECS, in_use, label, newer_runtime};
use crate::domain::AppStatus;
use crate::domain::PortError;
use crate::domain::Timestamp;
use chrono::Duration;

impl SimApp {
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
}

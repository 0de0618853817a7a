//! Simulated StartApplication and StopApplication (with and without Force): the restore choice, the code that runs, and the states each is allowed from.
use super::super::application::Pending;
use super::super::application::SimApp;
use super::super::application::Transition;
use super::super::code;
use super::super::code::CodeQuality;
use super::super::code::SimObject;
use super::{FORCE_STOP_SECS, FORCE_STOP_STATES, START_SECS, STOP_SECS, in_use, newer_runtime};
use crate::domain::AppStatus;
use crate::domain::PortError;
use crate::domain::Restore;
use crate::domain::Timestamp;
use chrono::Duration;

impl SimApp {
    /// The quality of the code the application runs now.
    pub(super) fn running_quality(&self, objects: &[SimObject]) -> CodeQuality {
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
}

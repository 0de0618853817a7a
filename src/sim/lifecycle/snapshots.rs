//! Simulated snapshots: created and deleted in their own time, refused where AWS refuses them, and the snapshots the service takes itself.
use super::super::application::Pending;
use super::super::application::SimApp;
use super::super::application::Transition;
use super::{DELETE_SECS, SNAPSHOT_SECS, in_use};
use crate::domain::AppStatus;
use crate::domain::PortError;
use crate::domain::Snapshot;
use crate::domain::Timestamp;
use chrono::Duration;

impl SimApp {
    /// A snapshot taken by the service itself (on update and on stop when snapshots are enabled).
    pub(super) fn system_snapshot(&mut self, why: &str, now: Timestamp, ready_at: Timestamp) {
        if !self.current().snapshots_enabled {
            return;
        }
        let name = format!("{}-{why}-{}", self.name(), now.format("%Y%m%d%H%M%S"));
        self.begin_snapshot(name, now, ready_at);
    }

    /// A snapshot of the running version, CREATING from `now` and READY at `ready_at`.
    pub(super) fn begin_snapshot(&mut self, name: String, now: Timestamp, ready_at: Timestamp) {
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
}

//! The state file of self-managed Flink deployments, beside the audit log: one JSON line per
//! deployment kinetic made, read back as the jobs' versions.
use crate::domain::PortError;
use crate::domain::deployment::Deployment;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct DeploymentLog {
    path: PathBuf,
}

impl DeploymentLog {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    /// `deployments.jsonl` in the audit log's folder.
    pub fn beside(audit_log: &Path) -> Self {
        Self::new(audit_log.with_file_name("deployments.jsonl"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one deployment and flushes it to disk.
    pub fn record(&self, deployment: &Deployment) -> Result<(), PortError> {
        crate::ops::json_lines::append(&self.path, deployment).map_err(|e| {
            PortError::InvalidArgument {
                detail: format!(
                    "the deployment ran but kinetic could not record it in {}: {e}",
                    self.path.display()
                ),
            }
        })
    }

    /// Every deployment recorded, oldest first; lines that cannot be read are skipped (a file
    /// from a newer kinetic, or cut short by a crash).
    pub fn all(&self) -> Vec<Deployment> {
        let Ok(text) = std::fs::read_to_string(&self.path) else {
            return Vec::new();
        };
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deployment::{DeployKind, Replaced};
    use std::io::Write;

    #[test]
    fn deployments_are_read_back_in_the_order_they_were_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let log = DeploymentLog::beside(&dir.path().join("state/audit.jsonl"));
        assert!(log.all().is_empty());
        let first = Deployment {
            at: crate::domain::time::from_epoch_secs(1_800_000_000),
            kind: DeployKind::Deploy,
            cluster: "local".into(),
            job_name: "keyed-counter".into(),
            job_id: "a".into(),
            jar_name: "keyed-counter.jar".into(),
            jar_id: "x_keyed-counter.jar".into(),
            jar_sha256: None,
            entry_class: Some("KeyedCounter".into()),
            args: vec!["200".into(), "16".into()],
            parallelism: 2,
            allow_non_restored_state: false,
            started_from: None,
            replaced: Replaced::Nothing,
        };
        let second = Deployment {
            job_id: "b".into(),
            kind: DeployKind::Rollback,
            replaced: Replaced::Cancelled { job_id: "a".into() },
            ..first.clone()
        };
        log.record(&first).unwrap();
        log.record(&second).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(log.path())
            .unwrap()
            .write_all(b"{not a deployment\n")
            .unwrap();
        assert_eq!(log.all(), vec![first, second]);
        assert!(log.path().ends_with("state/deployments.jsonl"));
    }
}

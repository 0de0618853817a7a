//! FlinkPort over the simulated account: applications, versions, snapshots, operations.
use super::super::SimAccount;
use super::super::application::SimApp;
use super::super::calls::CallCounts;
use crate::domain::AppDetail;
use crate::domain::AppSummary;
use crate::domain::OperationDetail;
use crate::domain::OperationSummary;
use crate::domain::PortError;
use crate::domain::Snapshot;
use crate::domain::VersionSummary;
use crate::ports::FlinkPort;
use async_trait::async_trait;

#[async_trait]
impl FlinkPort for SimAccount {
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError> {
        self.network().await;
        let apps = self.apps();
        CallCounts::add(
            &self.inner.calls.flink,
            apps.len().div_ceil(50).max(1) as u64,
        );
        self.check_throttle("ListApplications")?;
        Ok(apps.iter().map(SimApp::summary).collect())
    }

    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplication", app, |a| a.current().clone())
    }

    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError> {
        self.network().await;
        self.with_app("ListApplicationVersions", app, SimApp::version_summaries)
    }

    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationVersion", app, |a| {
            a.versions.iter().find(|v| v.version_id == version).cloned()
        })?
        .ok_or_else(|| PortError::NotFound {
            resource: format!("version {version} of application {app}"),
        })
    }

    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError> {
        self.network().await;
        self.with_app("ListApplicationSnapshots", app, |a| a.snapshots.clone())
    }

    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError> {
        self.network().await;
        self.with_app("ListApplicationOperations", app, |a| {
            a.operations.iter().map(|o| o.summary.clone()).collect()
        })
    }

    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationOperation", app, |a| {
            a.operations.iter().find(|o| o.summary.id == id).cloned()
        })?
        .ok_or_else(|| PortError::NotFound {
            resource: format!("operation {id} of application {app}"),
        })
    }

    async fn describe_snapshot(&self, app: &str, name: &str) -> Result<Snapshot, PortError> {
        self.network().await;
        self.with_app("DescribeApplicationSnapshot", app, |a| {
            a.describe_snapshot(name)
        })?
    }

    async fn dashboard_url(
        &self,
        app: &str,
    ) -> Result<crate::domain::secret::PresignedUrl, PortError> {
        self.network().await;
        let now = self.inner.clock.now();
        self.with_app("CreateApplicationPresignedUrl", app, |a| {
            if a.current().status != crate::domain::AppStatus::Running {
                return Err(PortError::ResourceInUse {
                    resource: format!("application {app}"),
                    detail: format!(
                        "the Flink dashboard needs it RUNNING; it is {}",
                        a.current().status
                    ),
                });
            }
            Ok(crate::domain::secret::PresignedUrl::new(format!(
                "https://simulated.flink-dashboard.invalid/{app}/#/overview?authToken=sim-{}",
                now.timestamp()
            )))
        })?
    }
}

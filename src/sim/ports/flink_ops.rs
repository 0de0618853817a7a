//! FlinkOpsPort over the simulated account: snapshots, start, stop, update, rollback.
use super::super::SimAccount;
use crate::domain::AppUpdate;
use crate::domain::PortError;
use crate::domain::Restore;
use crate::domain::Timestamp;
use crate::ports::FlinkOpsPort;
use async_trait::async_trait;

#[async_trait]
impl FlinkOpsPort for SimAccount {
    async fn create_snapshot(&self, app: &str, name: &str) -> Result<(), PortError> {
        self.network().await;
        self.change_app("CreateApplicationSnapshot", app, |a, now, _| {
            a.create_snapshot(name, now)
        })
    }

    async fn delete_snapshot(
        &self,
        app: &str,
        name: &str,
        created: Timestamp,
    ) -> Result<(), PortError> {
        self.network().await;
        self.change_app("DeleteApplicationSnapshot", app, |a, now, _| {
            a.delete_snapshot(name, created, now)
        })
    }

    async fn start_application(
        &self,
        app: &str,
        restore: &Restore,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("StartApplication", app, |a, now, objects| {
            a.start(restore, now, objects).map(Some)
        })
    }

    async fn stop_application(&self, app: &str, force: bool) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("StopApplication", app, |a, now, _| {
            a.stop(force, now).map(Some)
        })
    }

    async fn rollback_application(
        &self,
        app: &str,
        current_version: i64,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("RollbackApplication", app, |a, now, objects| {
            a.rollback(current_version, now, objects).map(Some)
        })
    }

    async fn update_maintenance_window(
        &self,
        app: &str,
        start: &str,
    ) -> Result<crate::domain::flink::MaintenanceWindow, PortError> {
        self.network().await;
        self.change_app(
            "UpdateApplicationMaintenanceConfiguration",
            app,
            |a, _, _| a.update_maintenance(start),
        )
    }

    async fn update_application(
        &self,
        app: &str,
        conditional_token: &str,
        update: &AppUpdate,
    ) -> Result<Option<String>, PortError> {
        self.network().await;
        self.change_app("UpdateApplication", app, |a, now, objects| {
            a.update(conditional_token, update, now, objects).map(Some)
        })
    }
}

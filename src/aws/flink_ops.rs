//! `FlinkOpsPort` over kinesisanalyticsv2: snapshots, start, stop, UpdateApplication and
//! RollbackApplication, each
//! request shaped the way AWS needs it (restore choice, explicit AllowNonRestoredState, the
//! snapshot's creation time, Force only when chosen).
use super::error::Endpoint;
use super::rate_limiter::RateLimiter;
use crate::domain::flink::MaintenanceWindow;
use crate::domain::{AppUpdate, PortError, Restore, Timestamp};
use crate::ports::FlinkOpsPort;
use async_trait::async_trait;
use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::types as f;
use aws_smithy_types::DateTime;
use std::sync::Arc;

/// Made by `AwsFlink::ops`, so that reads and changes share one pace.
pub struct AwsFlinkOps {
    client: Client,
    endpoint: Endpoint,
    limiter: Arc<RateLimiter>,
}

impl AwsFlinkOps {
    pub(super) fn sharing(client: Client, endpoint: Endpoint, limiter: Arc<RateLimiter>) -> Self {
        Self {
            client,
            endpoint,
            limiter,
        }
    }
}

fn app_label(app: &str) -> String {
    format!("application {app}")
}

fn restore_configuration(
    restore: &Restore,
) -> Result<f::ApplicationRestoreConfiguration, PortError> {
    f::ApplicationRestoreConfiguration::builder()
        .application_restore_type(f::ApplicationRestoreType::from(restore.api_type()))
        .set_snapshot_name(restore.snapshot().map(str::to_string))
        .build()
        .map_err(|e| PortError::InvalidArgument {
            detail: e.to_string(),
        })
}

/// Every property group, as EnvironmentPropertyUpdates wants them (the whole set).
fn property_updates(
    groups: &[crate::domain::flink::PropertyGroup],
) -> Result<f::EnvironmentPropertyUpdates, PortError> {
    let invalid = |e: aws_smithy_types::error::operation::BuildError| PortError::InvalidArgument {
        detail: e.to_string(),
    };
    let mut updates = f::EnvironmentPropertyUpdates::builder();
    for group in groups {
        updates = updates.property_groups(
            f::PropertyGroup::builder()
                .property_group_id(&group.id)
                .set_property_map(Some(group.properties.clone().into_iter().collect()))
                .build()
                .map_err(invalid)?,
        );
    }
    updates.build().map_err(invalid)
}

/// The UpdateApplication configuration: new code, parallelism and/or properties.
fn configuration_update(
    update: &AppUpdate,
) -> Result<Option<f::ApplicationConfigurationUpdate>, PortError> {
    if update.code.is_none()
        && update.parallelism.is_none()
        && update.properties.is_none()
        && update.monitoring.is_none()
    {
        return Ok(None);
    }
    let code = update.code.as_ref().map(|code| {
        f::ApplicationCodeConfigurationUpdate::builder()
            .code_content_update(
                f::CodeContentUpdate::builder()
                    .s3_content_location_update(
                        f::S3ContentLocationUpdate::builder()
                            .bucket_arn_update(&code.bucket_arn)
                            .file_key_update(&code.file_key)
                            .set_object_version_update(code.object_version.clone())
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let parallelism = update.parallelism.map(|p| {
        f::ParallelismConfigurationUpdate::builder()
            .configuration_type_update(f::ConfigurationType::Custom)
            .parallelism_update(p.parallelism)
            .parallelism_per_kpu_update(p.per_kpu)
            .auto_scaling_enabled_update(p.autoscaling)
            .build()
    });
    // CUSTOM is what lets a metrics level be set; the log level goes with it unchanged.
    let monitoring = update.monitoring.as_ref().map(|m| {
        f::MonitoringConfigurationUpdate::builder()
            .configuration_type_update(f::ConfigurationType::Custom)
            .metrics_level_update(f::MetricsLevel::from(m.metrics_level.as_str()))
            .log_level_update(f::LogLevel::from(m.log_level.as_str()))
            .build()
    });
    let flink = (parallelism.is_some() || monitoring.is_some()).then(|| {
        f::FlinkApplicationConfigurationUpdate::builder()
            .set_parallelism_configuration_update(parallelism)
            .set_monitoring_configuration_update(monitoring)
            .build()
    });
    let properties = update
        .properties
        .as_deref()
        .map(property_updates)
        .transpose()?;
    Ok(Some(
        f::ApplicationConfigurationUpdate::builder()
            .set_application_code_configuration_update(code)
            .set_flink_application_configuration_update(flink)
            .set_environment_property_updates(properties)
            .build(),
    ))
}

#[async_trait]
impl FlinkOpsPort for AwsFlinkOps {
    async fn create_snapshot(&self, app: &str, name: &str) -> Result<(), PortError> {
        self.limiter.acquire().await;
        self.client
            .create_application_snapshot()
            .application_name(app)
            .snapshot_name(name)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("CreateApplicationSnapshot", &app_label(app), e)
            })?;
        Ok(())
    }

    async fn delete_snapshot(
        &self,
        app: &str,
        name: &str,
        created: Timestamp,
    ) -> Result<(), PortError> {
        self.limiter.acquire().await;
        self.client
            .delete_application_snapshot()
            .application_name(app)
            .snapshot_name(name)
            .snapshot_creation_timestamp(DateTime::from_millis(created.timestamp_millis()))
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DeleteApplicationSnapshot", &app_label(app), e)
            })?;
        Ok(())
    }

    async fn start_application(
        &self,
        app: &str,
        restore: &Restore,
    ) -> Result<Option<String>, PortError> {
        self.limiter.acquire().await;
        let run = f::RunConfiguration::builder()
            .application_restore_configuration(restore_configuration(restore)?)
            .build();
        let output = self
            .client
            .start_application()
            .application_name(app)
            .run_configuration(run)
            .send()
            .await
            .map_err(|e| self.endpoint.error("StartApplication", &app_label(app), e))?;
        Ok(output.operation_id().map(str::to_string))
    }

    async fn stop_application(&self, app: &str, force: bool) -> Result<Option<String>, PortError> {
        self.limiter.acquire().await;
        // Force goes out only when the operator chose it.
        let output = self
            .client
            .stop_application()
            .application_name(app)
            .set_force(force.then_some(true))
            .send()
            .await
            .map_err(|e| self.endpoint.error("StopApplication", &app_label(app), e))?;
        Ok(output.operation_id().map(str::to_string))
    }

    async fn rollback_application(
        &self,
        app: &str,
        current_version: i64,
    ) -> Result<Option<String>, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .rollback_application()
            .application_name(app)
            .current_application_version_id(current_version)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("RollbackApplication", &app_label(app), e)
            })?;
        Ok(output.operation_id().map(str::to_string))
    }

    async fn update_maintenance_window(
        &self,
        app: &str,
        start: &str,
    ) -> Result<MaintenanceWindow, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .update_application_maintenance_configuration()
            .application_name(app)
            .application_maintenance_configuration_update(
                f::ApplicationMaintenanceConfigurationUpdate::builder()
                    .application_maintenance_window_start_time_update(start)
                    .build()
                    .map_err(|e| PortError::InvalidArgument {
                        detail: e.to_string(),
                    })?,
            )
            .send()
            .await
            .map_err(|e| {
                self.endpoint.error(
                    "UpdateApplicationMaintenanceConfiguration",
                    &app_label(app),
                    e,
                )
            })?;
        output
            .application_maintenance_configuration_description()
            .map(|m| MaintenanceWindow {
                start: m.application_maintenance_window_start_time().to_string(),
                end: m.application_maintenance_window_end_time().to_string(),
            })
            .ok_or_else(|| PortError::Service {
                api: "UpdateApplicationMaintenanceConfiguration".into(),
                detail: "the answer had no ApplicationMaintenanceConfigurationDescription".into(),
            })
    }

    async fn update_application(
        &self,
        app: &str,
        conditional_token: &str,
        update: &AppUpdate,
    ) -> Result<Option<String>, PortError> {
        self.limiter.acquire().await;
        let run = f::RunConfigurationUpdate::builder()
            // AWS resets AllowNonRestoredState to false when it is left out: always send it.
            .flink_run_configuration(
                f::FlinkRunConfiguration::builder()
                    .allow_non_restored_state(update.allow_non_restored_state)
                    .build(),
            )
            .application_restore_configuration(restore_configuration(&update.restore)?)
            .build();
        let request = self
            .client
            .update_application()
            .application_name(app)
            .set_application_configuration_update(configuration_update(update)?)
            .set_runtime_environment_update(
                update.runtime.as_deref().map(f::RuntimeEnvironment::from),
            )
            .run_configuration_update(run);
        // The token when AWS gave one; the version otherwise (both guard the same thing).
        let request = if conditional_token.is_empty() {
            request.current_application_version_id(update.expected_version)
        } else {
            request.conditional_token(conditional_token)
        };
        let output = request
            .send()
            .await
            .map_err(|e| self.endpoint.error("UpdateApplication", &app_label(app), e))?;
        Ok(output.operation_id().map(str::to_string))
    }
}

//! `FlinkPort` over kinesisanalyticsv2: every page followed, paced, errors in operator words.
use super::error::Endpoint;
use super::quotas;
use super::rate_limiter::RateLimiter;
use crate::domain::flink::{
    CheckpointConfig, CodeLocation, MaintenanceWindow, MetricsLevel, Monitoring, ParallelismConfig,
    PropertyGroup,
};
use crate::domain::secret::PresignedUrl;
use crate::domain::time::from_epoch_millis;
use crate::domain::{
    AppDetail, AppStatus, AppSummary, OperationDetail, OperationStatus, OperationSummary,
    PortError, Snapshot, Timestamp, VersionSummary,
};
use crate::ports::FlinkPort;
use async_trait::async_trait;
use aws_sdk_kinesisanalyticsv2::Client;
use aws_sdk_kinesisanalyticsv2::types as f;
use std::sync::Arc;

const MAX_PAGES: usize = 1_000;
/// kinesisanalyticsv2 list calls return at most 50 items a page.
const PAGE: i32 = 50;

pub struct AwsFlink {
    client: Client,
    endpoint: Endpoint,
    limiter: Arc<RateLimiter>,
}

impl AwsFlink {
    pub fn new(client: Client) -> Self {
        Self {
            endpoint: Endpoint::aws("kinesisanalytics", client.config().region()),
            client,
            limiter: Arc::new(RateLimiter::new(quotas::FLINK_CONTROL_PLANE)),
        }
    }

    /// Names `--endpoint-url` (when there is one) in the sentence of a call that cannot get there.
    pub fn with_endpoint(mut self, custom: Option<&str>) -> Self {
        self.endpoint = self.endpoint.or_custom(custom);
        self
    }

    /// Its limiter (reads and changes alike), to be shared with other contexts of the same
    /// account and region.
    pub fn limiters(&self) -> Vec<Arc<RateLimiter>> {
        vec![Arc::clone(&self.limiter)]
    }

    /// The changes to applications, paced by the same limiter: the control plane's quota is
    /// one budget for reads and changes alike.
    pub fn ops(&self) -> super::AwsFlinkOps {
        super::AwsFlinkOps::sharing(
            self.client.clone(),
            self.endpoint.clone(),
            Arc::clone(&self.limiter),
        )
    }
}

fn app_label(app: &str) -> String {
    format!("application {app}")
}

fn timestamp(t: &aws_smithy_types::DateTime) -> Timestamp {
    from_epoch_millis(t.to_millis().unwrap_or_default())
}

fn missing(api: &str, what: &str) -> PortError {
    PortError::Service {
        api: api.into(),
        detail: format!("the answer had no {what}"),
    }
}

/// Follows `next_token` pages: `fetch` gets one page and returns its items and the next token.
macro_rules! all_pages {
    ($self:ident, |$token:ident| $fetch:expr) => {{
        let mut items = Vec::new();
        let mut $token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            $self.limiter.acquire().await;
            let (page_items, next): (Vec<_>, Option<String>) = $fetch;
            items.extend(page_items);
            $token = next;
            if $token.is_none() {
                break;
            }
        }
        items
    }};
}

#[async_trait]
impl FlinkPort for AwsFlink {
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError> {
        Ok(all_pages!(self, |token| {
            let page = self
                .client
                .list_applications()
                .limit(PAGE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("ListApplications", "the application list", e)
                })?;
            (
                page.application_summaries()
                    .iter()
                    .map(|s| AppSummary {
                        name: s.application_name().to_string(),
                        arn: s.application_arn().to_string(),
                        status: AppStatus::parse(s.application_status().as_str()),
                        version_id: s.application_version_id(),
                        runtime: s.runtime_environment().as_str().to_string(),
                    })
                    .collect(),
                page.next_token().map(str::to_string),
            )
        }))
    }

    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .describe_application()
            .application_name(app)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("DescribeApplication", &app_label(app), e)
            })?;
        output
            .application_detail()
            .map(detail_from_sdk)
            .ok_or_else(|| missing("DescribeApplication", "ApplicationDetail"))
    }

    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError> {
        let mut versions = all_pages!(self, |token| {
            let page = self
                .client
                .list_application_versions()
                .application_name(app)
                .limit(PAGE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("ListApplicationVersions", &app_label(app), e)
                })?;
            (
                page.application_version_summaries()
                    .iter()
                    .map(|v| VersionSummary {
                        version_id: v.application_version_id(),
                        status: AppStatus::parse(v.application_status().as_str()),
                    })
                    .collect(),
                page.next_token().map(str::to_string),
            )
        });
        versions.sort_by_key(|v| std::cmp::Reverse(v.version_id));
        Ok(versions)
    }

    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .describe_application_version()
            .application_name(app)
            .application_version_id(version)
            .send()
            .await
            .map_err(|e| {
                self.endpoint.error(
                    "DescribeApplicationVersion",
                    &format!("version {version} of application {app}"),
                    e,
                )
            })?;
        output
            .application_version_detail()
            .map(detail_from_sdk)
            .ok_or_else(|| missing("DescribeApplicationVersion", "ApplicationVersionDetail"))
    }

    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError> {
        let mut snapshots = all_pages!(self, |token| {
            let page = self
                .client
                .list_application_snapshots()
                .application_name(app)
                .limit(PAGE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("ListApplicationSnapshots", &app_label(app), e)
                })?;
            (
                page.snapshot_summaries()
                    .iter()
                    .map(snapshot_from_sdk)
                    .collect(),
                page.next_token().map(str::to_string),
            )
        });
        snapshots.sort_by_key(|s| std::cmp::Reverse(s.created));
        Ok(snapshots)
    }

    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError> {
        let mut operations = all_pages!(self, |token| {
            let page = self
                .client
                .list_application_operations()
                .application_name(app)
                .limit(PAGE)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    self.endpoint
                        .error("ListApplicationOperations", &app_label(app), e)
                })?;
            (
                page.application_operation_info_list()
                    .iter()
                    .map(|o| OperationSummary {
                        id: o.operation_id().unwrap_or_default().to_string(),
                        operation: o.operation().unwrap_or_default().to_string(),
                        status: OperationStatus::parse(
                            o.operation_status()
                                .map(aws_sdk_kinesisanalyticsv2::types::OperationStatus::as_str)
                                .unwrap_or_default(),
                        ),
                        started: o.start_time().map(timestamp),
                        ended: o.end_time().map(timestamp),
                    })
                    .collect(),
                page.next_token().map(str::to_string),
            )
        });
        operations.sort_by_key(|o| std::cmp::Reverse(o.started));
        Ok(operations)
    }

    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .describe_application_operation()
            .application_name(app)
            .operation_id(id)
            .send()
            .await
            .map_err(|e| {
                self.endpoint.error(
                    "DescribeApplicationOperation",
                    &format!("operation {id} of application {app}"),
                    e,
                )
            })?;
        let details = output.application_operation_info_details().ok_or_else(|| {
            missing(
                "DescribeApplicationOperation",
                "ApplicationOperationInfoDetails",
            )
        })?;
        let change = details.application_version_change_details();
        let failure = details.operation_failure_details();
        Ok(OperationDetail {
            summary: OperationSummary {
                id: id.to_string(),
                operation: details.operation().to_string(),
                status: OperationStatus::parse(details.operation_status().as_str()),
                started: Some(timestamp(details.start_time())),
                ended: Some(timestamp(details.end_time())),
            },
            updated_from: change.map(aws_sdk_kinesisanalyticsv2::types::ApplicationVersionChangeDetails::application_version_updated_from),
            updated_to: change.map(aws_sdk_kinesisanalyticsv2::types::ApplicationVersionChangeDetails::application_version_updated_to),
            rollback_operation_id: failure
                .and_then(|f| f.rollback_operation_id())
                .map(str::to_string),
            error: failure
                .and_then(|f| f.error_info())
                .and_then(|e| e.error_string())
                .map(str::to_string),
        })
    }

    async fn describe_snapshot(&self, app: &str, name: &str) -> Result<Snapshot, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .describe_application_snapshot()
            .application_name(app)
            .snapshot_name(name)
            .send()
            .await
            .map_err(|e| {
                self.endpoint.error(
                    "DescribeApplicationSnapshot",
                    &format!("snapshot {name} of application {app}"),
                    e,
                )
            })?;
        output
            .snapshot_details()
            .map(snapshot_from_sdk)
            .ok_or_else(|| missing("DescribeApplicationSnapshot", "SnapshotDetails"))
    }

    async fn dashboard_url(&self, app: &str) -> Result<PresignedUrl, PortError> {
        self.limiter.acquire().await;
        let output = self
            .client
            .create_application_presigned_url()
            .application_name(app)
            .url_type(f::UrlType::FlinkDashboardUrl)
            .session_expiration_duration_in_seconds(crate::domain::dashboard::SESSION_SECS)
            .send()
            .await
            .map_err(|e| {
                self.endpoint
                    .error("CreateApplicationPresignedUrl", &app_label(app), e)
            })?;
        output
            .authorized_url()
            .map(PresignedUrl::new)
            .ok_or_else(|| missing("CreateApplicationPresignedUrl", "AuthorizedUrl"))
    }
}

fn snapshot_from_sdk(s: &f::SnapshotDetails) -> Snapshot {
    Snapshot {
        name: s.snapshot_name().to_string(),
        status: s.snapshot_status().as_str().to_string(),
        version_id: s.application_version_id(),
        created: s.snapshot_creation_timestamp().map(timestamp),
        runtime: s.runtime_environment().map(|r| r.as_str().to_string()),
    }
}

fn detail_from_sdk(d: &f::ApplicationDetail) -> AppDetail {
    let config = d.application_configuration_description();
    let flink = config.and_then(|c| c.flink_application_configuration_description());
    let code = config
        .and_then(|c| c.application_code_configuration_description())
        .and_then(|c| c.code_content_description())
        .and_then(|c| c.s3_application_code_location_description())
        .map(|s3| CodeLocation {
            bucket_arn: s3.bucket_arn().to_string(),
            file_key: s3.file_key().to_string(),
            object_version: s3.object_version().map(str::to_string),
        });
    let checkpoint = flink
        .and_then(|f| f.checkpoint_configuration_description())
        .map(|c| CheckpointConfig {
            enabled: c.checkpointing_enabled().unwrap_or(true),
            interval_ms: c.checkpoint_interval().unwrap_or(60_000),
            min_pause_ms: c.min_pause_between_checkpoints().unwrap_or(5_000),
            configuration_type: c
                .configuration_type()
                .map_or_else(|| "DEFAULT".into(), |t| t.as_str().to_string()),
        });
    let parallelism = flink
        .and_then(|f| f.parallelism_configuration_description())
        .map(|p| ParallelismConfig {
            parallelism: p.parallelism().unwrap_or(1),
            per_kpu: p.parallelism_per_kpu().unwrap_or(1),
            current: p
                .current_parallelism()
                .unwrap_or_else(|| p.parallelism().unwrap_or(1)),
            autoscaling: p.auto_scaling_enabled().unwrap_or(false),
        });
    let property_groups = config
        .and_then(|c| c.environment_property_descriptions())
        .map(|e| {
            e.property_group_descriptions()
                .iter()
                .map(|g| PropertyGroup {
                    id: g.property_group_id().to_string(),
                    properties: g
                        .property_map()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    AppDetail {
        name: d.application_name().to_string(),
        arn: d.application_arn().to_string(),
        description: d.application_description().map(str::to_string),
        status: AppStatus::parse(d.application_status().as_str()),
        runtime: d.runtime_environment().as_str().to_string(),
        version_id: d.application_version_id(),
        role: d.service_execution_role().map(str::to_string),
        created: d.create_timestamp().map(timestamp),
        last_updated: d.last_update_timestamp().map(timestamp),
        version_created: d.application_version_create_timestamp().map(timestamp),
        updated_from: d.application_version_updated_from(),
        rolled_back_from: d.application_version_rolled_back_from(),
        rolled_back_to: d.application_version_rolled_back_to(),
        code,
        checkpoint,
        parallelism,
        snapshots_enabled: config
            .and_then(|c| c.application_snapshot_configuration_description())
            .is_some_and(aws_sdk_kinesisanalyticsv2::types::ApplicationSnapshotConfigurationDescription::snapshots_enabled),
        system_rollback_enabled: config
            .and_then(|c| c.application_system_rollback_configuration_description())
            .is_some_and(aws_sdk_kinesisanalyticsv2::types::ApplicationSystemRollbackConfigurationDescription::rollback_enabled),
        log_stream_arns: d
            .cloud_watch_logging_option_descriptions()
            .iter()
            .map(|o| o.log_stream_arn().to_string())
            .collect(),
        property_groups,
        conditional_token: d.conditional_token().map(str::to_string),
        monitoring: flink
            .and_then(|f| f.monitoring_configuration_description())
            .map(|m| Monitoring {
                configuration_type: m
                    .configuration_type()
                    .map_or_else(|| "DEFAULT".into(), |t| t.as_str().to_string()),
                metrics_level: m
                    .metrics_level()
                    .and_then(|l| MetricsLevel::parse(l.as_str()))
                    .unwrap_or(MetricsLevel::Application),
                log_level: m.log_level().map(|l| l.as_str().to_string()),
            }),
        maintenance: d
            .application_maintenance_configuration_description()
            .map(|m| MaintenanceWindow {
                start: m.application_maintenance_window_start_time().to_string(),
                end: m.application_maintenance_window_end_time().to_string(),
            }),
    }
}

//! Managed Flink applications as the console sees them: summaries, details, versions, snapshots, operations.
use super::Timestamp;
pub use super::monitoring::{MetricsLevel, Monitoring};
use std::collections::BTreeMap;
use std::fmt;

/// Application status as kinesisanalyticsv2 reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AppStatus {
    Running,
    Starting,
    Updating,
    Autoscaling,
    RollingBack,
    RolledBack,
    Maintenance,
    Stopping,
    ForceStopping,
    Ready,
    Deleting,
    Other(String),
}

impl AppStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "RUNNING" => Self::Running,
            "STARTING" => Self::Starting,
            "UPDATING" => Self::Updating,
            "AUTOSCALING" => Self::Autoscaling,
            "ROLLING_BACK" => Self::RollingBack,
            "ROLLED_BACK" => Self::RolledBack,
            "MAINTENANCE" => Self::Maintenance,
            "STOPPING" => Self::Stopping,
            "FORCE_STOPPING" => Self::ForceStopping,
            "READY" => Self::Ready,
            "DELETING" => Self::Deleting,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Running => "RUNNING",
            Self::Starting => "STARTING",
            Self::Updating => "UPDATING",
            Self::Autoscaling => "AUTOSCALING",
            Self::RollingBack => "ROLLING_BACK",
            Self::RolledBack => "ROLLED_BACK",
            Self::Maintenance => "MAINTENANCE",
            Self::Stopping => "STOPPING",
            Self::ForceStopping => "FORCE_STOPPING",
            Self::Ready => "READY",
            Self::Deleting => "DELETING",
            Self::Other(raw) => raw,
        }
    }

    /// In a state where it processes data (or is about to again by itself).
    pub fn is_live(&self) -> bool {
        matches!(
            self,
            Self::Running | Self::Starting | Self::Updating | Self::Autoscaling | Self::Maintenance
        )
    }
}

impl fmt::Display for AppStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of ListApplications.
#[derive(Debug, Clone, PartialEq)]
pub struct AppSummary {
    pub name: String,
    pub arn: String,
    pub status: AppStatus,
    pub version_id: i64,
    pub runtime: String,
}

/// Where the application's code lives in S3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLocation {
    pub bucket_arn: String,
    pub file_key: String,
    pub object_version: Option<String>,
}

impl CodeLocation {
    /// "bucket/key@version" for narrow places.
    pub fn short(&self) -> String {
        let bucket = self
            .bucket_arn
            .rsplit(':')
            .next()
            .unwrap_or(&self.bucket_arn);
        match &self.object_version {
            Some(v) => format!("{bucket}/{}@{v}", self.file_key),
            None => format!("{bucket}/{}", self.file_key),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointConfig {
    pub enabled: bool,
    pub interval_ms: i64,
    pub min_pause_ms: i64,
    /// DEFAULT (service-managed) or CUSTOM.
    pub configuration_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParallelismConfig {
    pub parallelism: i32,
    pub per_kpu: i32,
    pub current: i32,
    pub autoscaling: bool,
}

impl ParallelismConfig {
    /// KPUs = ceil(parallelism / parallelism per KPU).
    pub fn kpus(&self) -> i32 {
        let per = self.per_kpu.max(1);
        (self.current.max(self.parallelism) + per - 1) / per
    }
}

/// The application's daily maintenance window, UTC: `HH:MM` to `HH:MM` (8 hours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaintenanceWindow {
    pub start: String,
    pub end: String,
}

/// A group of runtime properties (where applications name their streams).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyGroup {
    pub id: String,
    pub properties: BTreeMap<String, String>,
}

/// Which way an application uses a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Reads,
    Writes,
}

/// DescribeApplication, or DescribeApplicationVersion for an older version.
#[derive(Debug, Clone, PartialEq)]
pub struct AppDetail {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub status: AppStatus,
    pub runtime: String,
    pub version_id: i64,
    pub role: Option<String>,
    pub created: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
    pub version_created: Option<Timestamp>,
    pub updated_from: Option<i64>,
    pub rolled_back_from: Option<i64>,
    pub rolled_back_to: Option<i64>,
    pub code: Option<CodeLocation>,
    pub checkpoint: Option<CheckpointConfig>,
    pub parallelism: Option<ParallelismConfig>,
    pub snapshots_enabled: bool,
    pub system_rollback_enabled: bool,
    pub log_stream_arns: Vec<String>,
    pub property_groups: Vec<PropertyGroup>,
    pub conditional_token: Option<String>,
    /// MonitoringConfigurationDescription, when AWS described it.
    pub monitoring: Option<Monitoring>,
    /// ApplicationMaintenanceConfigurationDescription, when AWS described it.
    pub maintenance: Option<MaintenanceWindow>,
}

impl AppDetail {
    /// The metrics level it reports at: AWS's default (APPLICATION) unless described.
    pub fn metrics_level(&self) -> MetricsLevel {
        self.monitoring
            .as_ref()
            .map_or(MetricsLevel::Application, |m| m.metrics_level)
    }

    /// Streams named in property groups: keys or groups that say input/source/consumer are
    /// read, output/sink/producer are written. Values may be names or stream ARNs.
    pub fn streams(&self) -> Vec<(Direction, String)> {
        let mut found = Vec::new();
        for group in &self.property_groups {
            let group_id = group.id.to_ascii_lowercase();
            for (key, value) in &group.properties {
                let key_lower = key.to_ascii_lowercase();
                // "input.stream.name", "OutputStreamArn", "source.stream" name a stream;
                // "flink.stream.initpos" does not.
                let names_a_stream = key_lower.contains("stream")
                    && (key_lower.contains("name")
                        || key_lower.contains("arn")
                        || key_lower.ends_with("stream"));
                if !names_a_stream {
                    continue;
                }
                let says = |words: &[&str]| {
                    words
                        .iter()
                        .any(|w| key_lower.contains(w) || group_id.contains(w))
                };
                let direction = if says(&["output", "sink", "producer"]) {
                    Direction::Writes
                } else if says(&["input", "source", "consumer"]) {
                    Direction::Reads
                } else {
                    continue;
                };
                let name = value.rsplit("stream/").next().unwrap_or(value).trim();
                if !name.is_empty() && !found.contains(&(direction, name.to_string())) {
                    found.push((direction, name.to_string()));
                }
            }
        }
        found.sort();
        found
    }

    pub fn kpus(&self) -> Option<i32> {
        self.parallelism.as_ref().map(ParallelismConfig::kpus)
    }

    /// The log group and log stream of its CloudWatch logging, from the log stream's ARN
    /// (`arn:aws:logs:REGION:ACCOUNT:log-group:GROUP:log-stream:STREAM`).
    pub fn log_destination(&self) -> Option<(String, String)> {
        let arn = self.log_stream_arns.first()?;
        let rest = arn.split_once(":log-group:")?.1;
        let (group, stream) = rest.split_once(":log-stream:").unwrap_or((rest, ""));
        Some((group.to_string(), stream.to_string()))
    }
}

/// ListApplicationVersions entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSummary {
    pub version_id: i64,
    pub status: AppStatus,
}

/// A snapshot of the application's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub name: String,
    /// CREATING, READY, DELETING or FAILED.
    pub status: String,
    pub version_id: i64,
    pub created: Option<Timestamp>,
    pub runtime: Option<String>,
}

/// Operation status: IN_PROGRESS, CANCELLED, SUCCESSFUL, FAILED.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OperationStatus {
    InProgress,
    Cancelled,
    Successful,
    Failed,
    Other(String),
}

impl OperationStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "IN_PROGRESS" => Self::InProgress,
            "CANCELLED" => Self::Cancelled,
            "SUCCESSFUL" => Self::Successful,
            "FAILED" => Self::Failed,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Cancelled => "CANCELLED",
            Self::Successful => "SUCCESSFUL",
            Self::Failed => "FAILED",
            Self::Other(raw) => raw,
        }
    }
}

/// What ListApplicationOperations calls AWS's own maintenance of an application.
pub const MAINTENANCE_OPERATION: &str = "ApplicationMaintenance";

/// An operation's name as the operator reads it: AWS's maintenance says what it did.
pub fn operation_label(operation: &str) -> String {
    if operation == MAINTENANCE_OPERATION {
        "maintenance (AWS restarted it)".to_string()
    } else {
        operation.to_string()
    }
}

/// The hours of the maintenance window AWS keeps: 8 from its start.
pub const MAINTENANCE_WINDOW_HOURS: u32 = 8;

impl MaintenanceWindow {
    /// The window starting at `start` (`HH:MM`, UTC), or why that is not a start time.
    pub fn starting(start: &str) -> Result<Self, String> {
        let text = start.trim();
        let parsed = text
            .split_once(':')
            .filter(|(h, m)| h.len() == 2 && m.len() == 2)
            .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
            .filter(|(h, m)| *h < 24 && *m < 60);
        let Some((hour, minute)) = parsed else {
            return Err(format!(
                "\"{text}\" is not a start time: give it as HH:MM in UTC, 00:00 to 23:59"
            ));
        };
        Ok(Self {
            start: format!("{hour:02}:{minute:02}"),
            end: format!("{:02}:{minute:02}", (hour + MAINTENANCE_WINDOW_HOURS) % 24),
        })
    }
}

impl fmt::Display for MaintenanceWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{} UTC", self.start, self.end)
    }
}

/// ListApplicationOperations entry (customer and system operations).
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSummary {
    pub id: String,
    pub operation: String,
    pub status: OperationStatus,
    pub started: Option<Timestamp>,
    pub ended: Option<Timestamp>,
}

/// DescribeApplicationOperation: versions changed and why it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationDetail {
    pub summary: OperationSummary,
    pub updated_from: Option<i64>,
    pub updated_to: Option<i64>,
    pub rollback_operation_id: Option<String>,
    pub error: Option<String>,
}

/// Flink runtimes compare by version: "FLINK-1_20" < "FLINK-2_2".
pub fn runtime_version(runtime: &str) -> Option<(u32, u32)> {
    let (major, minor) = runtime.strip_prefix("FLINK-")?.split_once('_')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_properties(groups: &[(&str, &[(&str, &str)])]) -> AppDetail {
        AppDetail {
            name: "a".into(),
            arn: "arn".into(),
            description: None,
            status: AppStatus::Running,
            runtime: "FLINK-1_20".into(),
            version_id: 1,
            role: None,
            created: None,
            last_updated: None,
            version_created: None,
            updated_from: None,
            rolled_back_from: None,
            rolled_back_to: None,
            code: None,
            checkpoint: None,
            parallelism: None,
            snapshots_enabled: true,
            system_rollback_enabled: false,
            log_stream_arns: vec![],
            property_groups: groups
                .iter()
                .map(|(id, props)| PropertyGroup {
                    id: id.to_string(),
                    properties: props
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                })
                .collect(),
            conditional_token: None,
            monitoring: None,
            maintenance: None,
        }
    }

    #[test]
    fn streams_come_from_properties_that_name_them() {
        let app = with_properties(&[
            (
                "ConsumerConfigProperties",
                &[
                    ("input.stream.name", "orders"),
                    ("flink.stream.initpos", "LATEST"),
                ],
            ),
            (
                "ProducerConfigProperties",
                &[(
                    "OutputStreamArn",
                    "arn:aws:kinesis:eu-west-1:1:stream/enriched",
                )],
            ),
            ("Other", &[("stream.region", "eu-west-1")]),
        ]);
        assert_eq!(
            app.streams(),
            [
                (Direction::Reads, "orders".to_string()),
                (Direction::Writes, "enriched".to_string())
            ]
        );
    }

    #[test]
    fn a_maintenance_window_starts_at_hh_mm_and_lasts_eight_hours() {
        let window = MaintenanceWindow::starting("22:30").unwrap();
        assert_eq!(window.to_string(), "22:30–06:30 UTC");
        assert_eq!(
            MaintenanceWindow::starting("3:00").unwrap_err(),
            "\"3:00\" is not a start time: give it as HH:MM in UTC, 00:00 to 23:59"
        );
        assert!(MaintenanceWindow::starting("24:00").is_err());
        assert!(MaintenanceWindow::starting("12:60").is_err());
        assert_eq!(
            operation_label("ApplicationMaintenance"),
            "maintenance (AWS restarted it)"
        );
        assert_eq!(operation_label("UpdateApplication"), "UpdateApplication");
    }

    #[test]
    fn kpus_round_up() {
        let p = ParallelismConfig {
            parallelism: 5,
            per_kpu: 2,
            current: 5,
            autoscaling: false,
        };
        assert_eq!(p.kpus(), 3);
    }
}

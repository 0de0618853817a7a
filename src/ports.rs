//! The traits the app needs from an account. AWS and the simulator both implement them.
use crate::domain::Timestamp;
use crate::domain::log_event::LogEvent;
use crate::domain::read_from::ReadFrom;
use crate::domain::{
    AppDetail, AppSummary, AppUpdate, CodeObject, Consumer, MetricQuery, MetricSeries,
    MetricWindow, OperationDetail, OperationSummary, PortError, Restore, Shard, Snapshot,
    StreamListing, StreamSummary, VersionSummary,
};
use async_trait::async_trait;

/// Read access to Kinesis Data Streams.
#[async_trait]
pub trait StreamsPort: Send + Sync {
    /// Every stream in the account and region, following every page.
    async fn list_streams(&self) -> Result<Vec<StreamListing>, PortError>;
    async fn describe_stream_summary(&self, stream: &str) -> Result<StreamSummary, PortError>;
    /// Every shard of the stream (open and closed within retention), following every page.
    async fn list_shards(&self, stream: &str) -> Result<Vec<Shard>, PortError>;
    async fn list_consumers(&self, stream_arn: &str) -> Result<Vec<Consumer>, PortError>;
    /// ListChannels: every delivery channel in the account and region, following every page.
    async fn list_channels(&self) -> Result<Vec<crate::domain::channel::Channel>, PortError>;
    /// DescribeChannel: one channel in full (destination, data freshness).
    async fn describe_channel(
        &self,
        channel_arn: &str,
    ) -> Result<crate::domain::channel::Channel, PortError>;
    /// DescribeAccountSettings: the account's On-demand Advantage mode in this region.
    async fn describe_account_settings(
        &self,
    ) -> Result<crate::domain::capacity::Advantage, PortError>;
    /// GetShardIterator: where reading `shard` starts.
    async fn shard_iterator(
        &self,
        stream: &str,
        shard: &str,
        from: &ReadFrom,
    ) -> Result<String, PortError>;
    /// GetRecords: the next batch (at most `limit` records) from `iterator`.
    async fn get_records(
        &self,
        stream: &str,
        shard: &str,
        iterator: &str,
        limit: u32,
    ) -> Result<RecordBatch, PortError>;
}

/// A record as GetRecords returns it, payload undecoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub sequence: String,
    pub partition_key: String,
    pub arrival: Timestamp,
    pub data: Vec<u8>,
}

/// One GetRecords answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordBatch {
    pub records: Vec<RawRecord>,
    /// None once a closed shard has been read to its end.
    pub next_iterator: Option<String>,
    /// How far behind the shard's newest record this batch is.
    pub behind_ms: Option<i64>,
    /// At a closed shard's end: the shards that took its hash range.
    pub children: Vec<String>,
}

/// CloudWatch metrics.
#[async_trait]
pub trait MetricsPort: Send + Sync {
    /// One series per query, in the order asked; batching and paging are the adapter's job.
    async fn get_metrics(
        &self,
        queries: &[MetricQuery],
        window: MetricWindow,
    ) -> Result<Vec<MetricSeries>, PortError>;

    /// Every metric matching the filter's namespace, name and dimensions, with its full
    /// dimension set (ListMetrics), so metrics with unknown dimensions can be queried.
    async fn list_metrics(&self, filter: &MetricQuery) -> Result<Vec<MetricQuery>, PortError>;

    /// Every metric alarm in ALARM or INSUFFICIENT_DATA (DescribeAlarms, every page).
    async fn describe_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError>;

    /// Every metric alarm in ALARM only: what a watched context not in view is read for.
    async fn describe_firing_alarms(&self) -> Result<Vec<crate::domain::Alarm>, PortError> {
        Ok(self
            .describe_alarms()
            .await?
            .into_iter()
            .filter(|a| a.state == crate::domain::AlarmState::Alarm)
            .collect())
    }
}

/// Read access to Managed Service for Apache Flink (kinesisanalyticsv2).
#[async_trait]
pub trait FlinkPort: Send + Sync {
    /// Every application, following every page.
    async fn list_applications(&self) -> Result<Vec<AppSummary>, PortError>;
    async fn describe_application(&self, app: &str) -> Result<AppDetail, PortError>;
    /// Every version, newest first, following every page.
    async fn list_versions(&self, app: &str) -> Result<Vec<VersionSummary>, PortError>;
    async fn describe_version(&self, app: &str, version: i64) -> Result<AppDetail, PortError>;
    /// Every snapshot, newest first.
    async fn list_snapshots(&self, app: &str) -> Result<Vec<Snapshot>, PortError>;
    /// Every operation, most recent first.
    async fn list_operations(&self, app: &str) -> Result<Vec<OperationSummary>, PortError>;
    async fn describe_operation(&self, app: &str, id: &str) -> Result<OperationDetail, PortError>;
    /// DescribeApplicationSnapshot: NotFound once the snapshot is gone.
    async fn describe_snapshot(&self, app: &str, name: &str) -> Result<Snapshot, PortError>;
    /// CreateApplicationPresignedUrl for the Flink dashboard of a running application, for a
    /// session of `DASHBOARD_SESSION`; the URL must be first used within 3 minutes. It carries
    /// the session's token.
    async fn dashboard_url(
        &self,
        app: &str,
    ) -> Result<crate::domain::secret::PresignedUrl, PortError>;
}

/// Flink's own view of a job: a self-managed cluster's REST API, or the simulated engine.
#[async_trait]
pub trait JobsPort: Send + Sync {
    /// The job view of `app`: a Managed Flink application's name, or a self-managed job's
    /// `name@cluster`.
    async fn job_view(&self, app: &str) -> Result<crate::domain::job_view::JobView, PortError>;

    /// The operator and subtask that took longest in one of the job's checkpoints.
    async fn checkpoint_detail(
        &self,
        app: &str,
        checkpoint: u64,
    ) -> Result<crate::domain::job_view::SlowestPart, PortError>;

    /// A self-managed job's health numbers (restarts, failed checkpoints, checkpoint duration
    /// and size, uptime) from its own histories, where CloudWatch has none.
    async fn job_metrics(
        &self,
        app: &str,
    ) -> Result<crate::domain::app_metrics::AppMetrics, PortError> {
        Err(PortError::Unavailable {
            what: format!("Flink's own numbers of {app}"),
            why: "its numbers come from CloudWatch".to_string(),
        })
    }
}

/// Changes to self-managed Flink jobs, through their cluster's REST API. The effect runner
/// audits every call before it is sent and with its answer.
#[async_trait]
pub trait ClusterOpsPort: Send + Sync {
    /// A savepoint into the cluster's savepoint directory: the trigger id to follow.
    async fn trigger_savepoint(&self, app: &str, job_id: &str) -> Result<String, PortError>;
    /// Stop with a savepoint: the trigger id to follow.
    async fn stop_job(&self, app: &str, job_id: &str, drain: bool) -> Result<String, PortError>;
    async fn cancel_job(&self, app: &str, job_id: &str) -> Result<(), PortError>;
    /// Everything a deployment is planned from: the live run, the cluster's jars and free
    /// slots, its savepoint directory and what kinetic deployed of the job before.
    async fn deploy_facts(
        &self,
        app: &str,
    ) -> Result<crate::domain::deployment::DeployFacts, PortError>;
    /// The name the program of a jar uploaded to `cluster` (by id or name) gives its job,
    /// read without submitting it: a new job is known by that name.
    async fn job_name_in_jar(
        &self,
        cluster: &str,
        jar: &str,
        entry_class: Option<&str>,
        args: &[String],
    ) -> Result<String, PortError>;
    /// Runs a deployment (stop or cancel, then run) and records it: the new run's job id.
    async fn deploy_job(
        &self,
        app: &str,
        request: &crate::domain::deployment::JobDeploy,
    ) -> Result<String, PortError>;
    /// One run's status (RUNNING only when all its tasks run) and its widest operator's
    /// parallelism.
    async fn run_state(
        &self,
        app: &str,
        job_id: &str,
    ) -> Result<(crate::domain::AppStatus, u32), PortError>;
    /// Asks the adaptive scheduler to run every operator of the job at `parallelism`.
    async fn rescale_in_place(
        &self,
        app: &str,
        job_id: &str,
        parallelism: u32,
    ) -> Result<(), PortError>;
    async fn savepoint_status(
        &self,
        app: &str,
        job_id: &str,
        trigger: &str,
    ) -> Result<crate::domain::job_view::SavepointStatus, PortError>;
}

/// Changes to Managed Flink applications. The effect runner audits every call before it is sent
/// and with its answer. Calls that start an operation return its OperationId.
#[async_trait]
pub trait FlinkOpsPort: Send + Sync {
    async fn create_snapshot(&self, app: &str, name: &str) -> Result<(), PortError>;
    /// DeleteApplicationSnapshot needs the snapshot's creation time as well as its name.
    async fn delete_snapshot(
        &self,
        app: &str,
        name: &str,
        created: Timestamp,
    ) -> Result<(), PortError>;
    async fn start_application(
        &self,
        app: &str,
        restore: &Restore,
    ) -> Result<Option<String>, PortError>;
    async fn stop_application(&self, app: &str, force: bool) -> Result<Option<String>, PortError>;
    /// RollbackApplication to the previous version, which restores the latest snapshot.
    async fn rollback_application(
        &self,
        app: &str,
        current_version: i64,
    ) -> Result<Option<String>, PortError>;
    /// UpdateApplicationMaintenanceConfiguration: the daily window starts at `start` (`HH:MM`,
    /// UTC) from the next scheduled maintenance on; the window AWS now describes.
    async fn update_maintenance_window(
        &self,
        app: &str,
        start: &str,
    ) -> Result<crate::domain::flink::MaintenanceWindow, PortError>;
    /// UpdateApplication with `conditional_token` (read just before the call).
    async fn update_application(
        &self,
        app: &str,
        conditional_token: &str,
        update: &AppUpdate,
    ) -> Result<Option<String>, PortError>;
}

/// The application code in S3 (versioned buckets).
#[async_trait]
pub trait CodePort: Send + Sync {
    /// Every version of `key` (ListObjectVersions), newest first.
    async fn list_object_versions(
        &self,
        bucket: &str,
        key: &str,
    ) -> Result<Vec<CodeObject>, PortError>;
    /// HeadObject: NotFound when the key (or that version of it) does not exist.
    async fn head_object(
        &self,
        bucket: &str,
        key: &str,
        version: Option<&str>,
    ) -> Result<CodeObject, PortError>;
}

/// Which events to read: a log group, optionally a log stream prefix and a filter pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogQuery {
    pub group: String,
    pub stream_prefix: Option<String>,
    /// A CloudWatch Logs filter pattern, applied by the service.
    pub pattern: Option<String>,
}

/// One FilterLogEvents page; it may be empty while `next_token` continues.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    pub next_token: Option<String>,
}

/// What a live-tail session reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveTailEvent {
    Started,
    /// `sampled`: CloudWatch sent only a sample of the events of that second.
    Update {
        events: Vec<LogEvent>,
        sampled: bool,
    },
    /// The session ended (AWS ends them after 3 hours) or broke.
    Ended {
        reason: String,
    },
}

/// CloudWatch Logs.
#[async_trait]
pub trait LogsPort: Send + Sync {
    /// One page of FilterLogEvents from `start` (to `end`, or now).
    async fn filter_page(
        &self,
        query: &LogQuery,
        start: Timestamp,
        end: Option<Timestamp>,
        next_token: Option<String>,
    ) -> Result<LogPage, PortError>;

    /// Whether StartLiveTail can work here (not through a custom endpoint, see the adapter).
    fn live_tail_available(&self) -> bool;

    /// Starts a live tail; its events arrive on the receiver until `Ended`.
    async fn live_tail(
        &self,
        query: &LogQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<LiveTailEvent>, PortError>;
}

/// Changes to streams. The effect runner audits every call before and after it is sent.
#[async_trait]
pub trait StreamOpsPort: Send + Sync {
    /// The account's shard quota and how many shards are open (DescribeLimits).
    async fn describe_limits(&self) -> Result<(u32, u32), PortError>;
    /// UpdateShardCount with UNIFORM_SCALING.
    async fn update_shard_count(&self, stream: &str, target: u32) -> Result<(), PortError>;
    async fn split_shard(
        &self,
        stream: &str,
        shard: &str,
        new_starting_hash_key: u128,
    ) -> Result<(), PortError>;
    /// UpdateStreamMode (needs the stream's ARN).
    async fn update_stream_mode(
        &self,
        stream_arn: &str,
        mode: crate::domain::CapacityMode,
    ) -> Result<(), PortError>;
    /// UpdateStreamWarmThroughput (on-demand streams in an Advantage account).
    async fn update_warm_throughput(&self, stream: &str, mibps: u32) -> Result<(), PortError>;
    /// UpdateAccountSettings: On-demand Advantage on or off; answers the mode it leaves.
    async fn update_advantage(
        &self,
        on: bool,
    ) -> Result<crate::domain::capacity::Advantage, PortError>;
    /// UpdateStreamRecordDistributionStrategy (needs the stream's ARN).
    async fn update_distribution(
        &self,
        stream_arn: &str,
        distribution: crate::domain::capacity::Distribution,
    ) -> Result<(), PortError>;
    /// UpdateChannel: the channel's data freshness, in seconds (its destination's kind decides
    /// which configuration carries it).
    async fn update_channel_freshness(
        &self,
        channel: &crate::domain::channel::Channel,
        seconds: u32,
    ) -> Result<(), PortError>;
    /// UpdateMaxRecordSize (needs the stream's ARN), in KiB.
    async fn update_max_record_size(&self, stream_arn: &str, kib: u32) -> Result<(), PortError>;
    /// Increase- or DecreaseStreamRetentionPeriod, whichever moves from `from` to `to` hours.
    async fn set_retention(&self, stream: &str, from: u32, to: u32) -> Result<(), PortError>;
    async fn merge_shards(
        &self,
        stream: &str,
        shard: &str,
        adjacent: &str,
    ) -> Result<(), PortError>;
}

/// The demo's simulated account: its own clock (which a sped-up demo runs faster), its drills
/// and its throttling. The app reaches it through this port, never directly.
pub trait DemoPort: Send + Sync {
    fn now(&self) -> Timestamp;
    fn drill(&self, drill: &crate::domain::drill::Drill);
    /// Throttle every call (`:throttle on`), or answer again.
    fn set_throttling(&self, on: bool);
}

/// What the console does on this machine rather than in AWS: files written, the clipboard, the
/// browser. Tests see them through an implementation of their own.
pub trait LocalPort: Send + Sync {
    /// Writes `contents` to `path`.
    fn write_file(&self, path: &std::path::Path, contents: &str) -> Result<(), String>;
    /// Copies `text` to the terminal's clipboard (OSC 52).
    fn copy_to_clipboard(&self, text: &str);
    /// Opens `url` with the system's opener, when there is one.
    fn open_url(&self, url: &str);
}

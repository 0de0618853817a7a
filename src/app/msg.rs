//! Everything that can happen to the model: keys, resizes, clock ticks and effect results.
use crate::domain::app_metrics::AppMetrics;
use crate::domain::{
    AppDetail, AppSummary, Consumer, OperationDetail, OperationSummary, PortError, Shard, Snapshot,
    StreamListing, StreamMetrics, StreamSummary, Timestamp, VersionSummary,
};
use crossterm::event::KeyEvent;

/// Identifies a request so a response to a superseded one can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Timestamp),
    /// The process was asked to end (SIGTERM, SIGHUP, SIGINT): leave like `q` does.
    Signal(i32),
    StreamsListed {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<StreamListing>, PortError>,
    },
    SummaryLoaded {
        stream: String,
        at: Timestamp,
        result: Result<StreamSummary, PortError>,
    },
    ShardsCounted {
        stream: String,
        at: Timestamp,
        result: Result<u32, PortError>,
    },
    ShardsLoaded {
        request: RequestId,
        stream: String,
        at: Timestamp,
        result: Result<Vec<Shard>, PortError>,
    },
    ConsumersLoaded {
        request: RequestId,
        stream: String,
        at: Timestamp,
        result: Result<Vec<Consumer>, PortError>,
    },
    StreamMetricsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<(String, StreamMetrics)>, PortError>,
    },
    ShardMetricsLoaded {
        request: RequestId,
        stream: String,
        at: Timestamp,
        result: Result<Vec<(String, StreamMetrics)>, PortError>,
    },
    AppsListed {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<AppSummary>, PortError>,
    },
    ProfilesListed {
        result: Result<Vec<String>, String>,
    },
    /// The clients for the new context are in place (or why they could not be built).
    ContextSwitched {
        result: Result<super::context::Context, String>,
    },
    /// A presigned Flink dashboard URL (or why there is none).
    DashboardUrl {
        app: String,
        result: Result<crate::domain::secret::PresignedUrl, PortError>,
    },
    AccountSettingsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<crate::domain::capacity::Advantage, PortError>,
    },
    ChannelsListed {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<crate::domain::channel::Channel>, PortError>,
    },
    ChannelDescribed {
        arn: String,
        result: Result<crate::domain::channel::Channel, PortError>,
    },
    /// None: no delivery metrics name the channel.
    ChannelMetricsLoaded {
        arn: String,
        at: Timestamp,
        result: Result<Option<crate::domain::channel::DeliveryMetrics>, PortError>,
    },
    AlarmsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<crate::domain::Alarm>, PortError>,
    },
    AppDescribed {
        app: String,
        at: Timestamp,
        result: Result<AppDetail, PortError>,
    },
    OperationsListed {
        app: String,
        at: Timestamp,
        result: Result<Vec<OperationSummary>, PortError>,
    },
    AppMetricsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<(String, AppMetrics)>, PortError>,
    },
    VersionsListed {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<VersionSummary>, PortError>,
    },
    VersionDescribed {
        request: RequestId,
        version: i64,
        at: Timestamp,
        result: Result<AppDetail, PortError>,
    },
    SnapshotsListed {
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<Snapshot>, PortError>,
    },
    OperationDescribed {
        request: RequestId,
        id: String,
        at: Timestamp,
        result: Result<OperationDetail, PortError>,
    },
    CheckpointsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<AppMetrics, PortError>,
    },
    CheckpointDetailLoaded {
        request: RequestId,
        checkpoint: u64,
        at: Timestamp,
        result: Result<crate::domain::job_view::SlowestPart, PortError>,
    },
    /// A watched context's counts, or why it could not be read.
    WatchedRead {
        label: String,
        result: Result<crate::domain::watch::ContextCounts, PortError>,
        at: crate::domain::Timestamp,
    },
    DeployFactsLoaded {
        app: String,
        intent: crate::ops::job_deploy_plan::JobIntent,
        result: Result<
            Box<(
                crate::domain::deployment::DeployFacts,
                Option<crate::ops::job_deploy_plan::LocalJar>,
            )>,
            PortError,
        >,
    },
    JobViewLoaded {
        request: RequestId,
        app: String,
        at: Timestamp,
        result: Result<Box<crate::domain::job_view::JobView>, PortError>,
    },
    TaskHistoryLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<crate::domain::task_history::TaskHistory, PortError>,
    },
    LogEvents {
        session: u64,
        events: Vec<crate::domain::log_event::LogEvent>,
        sampled: bool,
    },
    /// The follower's mode or state changed ("live tail", "polling", "reconnecting…").
    LogsNote {
        session: u64,
        note: String,
    },
    /// A read failed; the follower asks less often until one answers.
    LogsFailed {
        session: u64,
        error: PortError,
    },
    /// A read answered after failures.
    LogsAnswered {
        session: u64,
    },
    OlderLogsLoaded {
        session: u64,
        result: Result<Vec<crate::domain::log_event::LogEvent>, PortError>,
    },
    LogsWritten {
        path: std::path::PathBuf,
        result: Result<usize, String>,
    },
    /// The shards a read walks, as the reader planned it: how many, how many of them closed
    /// (read first, parents before children).
    RecordsWalk {
        session: u64,
        shards: usize,
        closed: usize,
    },
    /// A batch read from one shard (KPL aggregates already opened).
    RecordsRead {
        session: u64,
        shard: String,
        records: Vec<crate::domain::record::Record>,
        behind_ms: Option<i64>,
    },
    /// A read of one shard failed (an empty shard: the shard list); the reader backs off.
    RecordsFailed {
        session: u64,
        shard: String,
        error: PortError,
    },
    /// A closed shard was read to its end; its children are read from here on.
    ShardEnded {
        session: u64,
        shard: String,
        children: Vec<String>,
    },
    ReshardInputsLoaded {
        stream: String,
        next_target: Option<u32>,
        at: Timestamp,
        result: Result<crate::ops::ReshardInputs, PortError>,
    },
    AppInputsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<Box<crate::ops::inputs::AppInputs>, PortError>,
    },
    RollbackFactsLoaded {
        request: RequestId,
        at: Timestamp,
        result: Result<Box<crate::ops::rollback_facts::RollbackFacts>, PortError>,
    },
    TimelineWritten {
        path: std::path::PathBuf,
        result: Result<usize, String>,
    },
    /// AWS's answer to a change's call.
    OpSent {
        op: u64,
        at: Timestamp,
        result: Result<crate::ops::execute::Sent, PortError>,
    },
    Followed {
        op: u64,
        at: Timestamp,
        result: Result<Observation, PortError>,
    },
    GateObserved {
        op: u64,
        result: Result<crate::ops::gate::GateObservation, PortError>,
    },
    /// An audit record (an outcome or a gate result) could not be written.
    AuditFailed {
        error: PortError,
    },
}

/// What one look at a followed change saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Observation {
    Stream(StreamSummary),
    Operation(OperationDetail),
    Application(Box<AppDetail>),
    /// None once the snapshot is gone.
    Snapshot(Option<Snapshot>),
    Account(crate::domain::capacity::Advantage),
    Channel(crate::domain::channel::Channel),
    Savepoint(crate::domain::job_view::SavepointStatus),
    /// A self-managed job's run: RUNNING only when all its tasks run, and its widest
    /// operator's parallelism.
    Run(crate::domain::AppStatus, u32),
}

//! Effects the update asks for, as data. The effect runner turns them into port calls.
use super::msg::RequestId;
use crate::domain::MetricWindow;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    ListStreams {
        request: RequestId,
    },
    DescribeSummary {
        stream: String,
    },
    /// ListShards, reduced to the number of open shards.
    CountShards {
        stream: String,
    },
    LoadShards {
        request: RequestId,
        stream: String,
    },
    LoadConsumers {
        request: RequestId,
        stream: String,
        arn: String,
    },
    /// Stream-level metrics for these streams, in one batched request.
    StreamMetrics {
        request: RequestId,
        streams: Vec<String>,
        window: MetricWindow,
    },
    /// Shard-level IncomingBytes/IncomingRecords (needs enhanced monitoring).
    ShardMetrics {
        request: RequestId,
        stream: String,
        shards: Vec<String>,
        window: MetricWindow,
    },
    /// Simulated account only: switch API throttling on or off.
    SimThrottling(bool),
    /// Simulated account only: another tool changes an application, or its snapshot quota fills.
    SimDrill(crate::domain::drill::Drill),
    ListApplications {
        request: RequestId,
    },
    /// The profile names of the AWS config and credentials files.
    ListProfiles,
    /// Builds the clients for another profile or region; the runtime swaps them in.
    SwitchContext {
        profile: Option<String>,
        /// None: the profile's own region, else `fallback_region` (the one on show).
        region: Option<String>,
        fallback_region: String,
    },
    /// The live switch to a watched context (its profile, region and endpoint).
    SwitchToWatched {
        context: crate::domain::watch::WatchedContext,
    },
    /// CreateApplicationPresignedUrl for the application's Flink dashboard.
    DashboardUrl {
        app: String,
    },
    /// Puts text on the terminal's clipboard (OSC 52).
    CopyToClipboard(String),
    /// Opens a URL with the system's opener (xdg-open, open), when there is one. It may carry
    /// a credential (a dashboard's token): only the opener sees it.
    OpenUrl(crate::domain::secret::PresignedUrl),
    /// The account's On-demand Advantage mode (DescribeAccountSettings).
    DescribeAccountSettings {
        request: RequestId,
    },
    /// Every delivery channel (ListChannels).
    ListChannels {
        request: RequestId,
    },
    /// One channel in full (DescribeChannel).
    DescribeChannel {
        arn: String,
    },
    /// A channel's delivery metrics (ListMetrics to find them, then GetMetricData).
    ChannelMetrics {
        channel: Box<crate::domain::channel::Channel>,
        window: MetricWindow,
    },
    /// Alarms in ALARM or INSUFFICIENT_DATA (DescribeAlarms).
    DescribeAlarms {
        request: RequestId,
    },
    DescribeApplication {
        app: String,
    },
    ListOperations {
        app: String,
    },
    /// The list's metrics for these applications (name, runtime), in one batched request.
    AppMetrics {
        request: RequestId,
        apps: Vec<(String, String)>,
        window: MetricWindow,
    },
    ListVersions {
        request: RequestId,
        app: String,
    },
    DescribeVersion {
        request: RequestId,
        app: String,
        version: i64,
    },
    ListSnapshots {
        request: RequestId,
        app: String,
    },
    DescribeOperation {
        request: RequestId,
        app: String,
        id: String,
    },
    /// Hours of checkpoint duration, size and failures for the Checkpoints tab.
    CheckpointMetrics {
        request: RequestId,
        app: String,
        runtime: String,
        window: MetricWindow,
    },
    /// Flink's own view of the application's job, for the Job tab.
    LoadJobView {
        request: RequestId,
        app: String,
    },
    /// A Managed Flink application's tasks over the last hour from CloudWatch (ListMetrics,
    /// then one GetMetricData), for the Job tab.
    LoadTaskHistory {
        request: RequestId,
        app: String,
    },
    /// What a self-managed job's deployment, rescale or way back is planned from (and the
    /// local jar named, if any); the plan is made when they arrive.
    LoadDeployFacts {
        app: String,
        intent: crate::ops::job_deploy_plan::JobIntent,
    },
    /// A new job on a self-managed cluster (`:deploy JAR --cluster NAME`): its name (from
    /// `--name`, or from the jar's program when the jar is on the cluster), then the facts it
    /// is planned from, as for a deploy over a job of that name.
    LoadNewJobFacts {
        cluster: String,
        choice: crate::ops::job_deploy_plan::DeployChoice,
    },
    /// One cheap read of a watched context that is not in view.
    ReadWatched {
        context: crate::domain::watch::WatchedContext,
    },
    /// The slowest operator and subtask of one checkpoint of the job.
    LoadCheckpointDetail {
        request: RequestId,
        app: String,
        checkpoint: u64,
    },
    /// Starts following a log query (replacing any running session).
    StartLogs {
        session: u64,
        query: crate::ports::LogQuery,
        since: crate::domain::Timestamp,
        mode: crate::app::logs_page::LogsMode,
    },
    StopLogs {
        session: u64,
    },
    /// Events before `before`, looking back `minutes`.
    OlderLogs {
        session: u64,
        query: crate::ports::LogQuery,
        before: crate::domain::Timestamp,
        minutes: i64,
    },
    WriteLogs {
        path: std::path::PathBuf,
        text: String,
    },
    /// Starts reading records (replacing any reader running).
    StartRecords {
        session: u64,
        stream: String,
        scope: crate::app::records_page::Scope,
        from: crate::domain::read_from::ReadFrom,
    },
    /// Holds the reader still (every shard keeps its place) or lets it read again.
    PauseRecords {
        session: u64,
        paused: bool,
    },
    StopRecords {
        session: u64,
    },
    /// Everything the reshard planner needs: summary, exact count, limits, 24 h peaks, scalings.
    /// With `next_target`, the facts for the next step of a plan that just landed a step.
    LoadReshardInputs {
        stream: String,
        next_target: Option<u32>,
    },
    /// Facts an application's action is planned from: state, operations, snapshots, and S3
    /// when the query asks.
    LoadAppInputs {
        request: RequestId,
        app: String,
        query: crate::ops::inputs::CodeQuery,
    },
    /// What the rollback guide shows: the application, its operations and snapshots, the version
    /// to go back to, the latest operation described, and the ERROR lines since the last update.
    LoadRollbackFacts {
        request: RequestId,
        app: String,
        /// Read the ERROR lines too (at most once a minute; the last findings are kept between).
        read_log: bool,
    },
    /// Writes the incident timeline of an application (Markdown) to `path`.
    WriteTimeline {
        app: String,
        path: std::path::PathBuf,
    },
    /// Sends one confirmed change, audited before the call and with its answer.
    Execute {
        op: u64,
        resource: crate::ops::Resource,
        call: crate::ops::OpCall,
        reason: Option<String>,
    },
    /// One look at a change being followed.
    Follow {
        op: u64,
        resource: crate::ops::Resource,
        probe: Probe,
    },
    /// One look for the health gate: the application's status and its metrics since `since`
    /// (for the runtime it runs now: Flink 2 counts restarts in another metric).
    GateProbe {
        op: u64,
        app: String,
        since: crate::domain::Timestamp,
    },
    /// Appends to the audit log (outcomes and gate results; calls are audited by `Execute`).
    Audit(crate::ops::audit::AuditEntry),
}

/// What one look at a followed change reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// DescribeStreamSummary.
    Stream,
    /// DescribeApplicationOperation.
    Operation(String),
    /// DescribeApplication (a call that returned no operation id).
    Application,
    /// DescribeApplicationSnapshot.
    Snapshot(String),
    /// DescribeAccountSettings.
    Account,
    /// DescribeChannel of this ARN.
    Channel(String),
    /// A self-managed job's savepoint (or stop) by its trigger id.
    Savepoint { job_id: String, trigger: String },
    /// A self-managed job's run by its id.
    Run(String),
}

impl Command {
    /// The variant's name, for counting what was asked (the diagnostic log only).
    pub fn kind(&self) -> String {
        let debug = format!("{self:?}");
        debug
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

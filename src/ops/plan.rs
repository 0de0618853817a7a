//! One plan for every change: what it acts on, what it changes, the exact call, its checks, how
//! it is confirmed and how it is followed to its end.
use super::call::OpCall;
use super::checks::{Check, all_clear};
use std::fmt;

/// What a change acts on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resource {
    Stream(String),
    Application(String),
    /// The account's settings in a region (named by the region).
    Account(String),
    /// A stream's delivery channel.
    Channel(String),
}

impl Resource {
    /// "stream" or "application", as the audit log names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Stream(_) => "stream",
            Self::Application(_) => "application",
            Self::Account(_) => "account",
            Self::Channel(_) => "channel",
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::Stream(name)
            | Self::Application(name)
            | Self::Account(name)
            | Self::Channel(name) => name,
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind(), self.name())
    }
}

/// How the operator confirms: Enter for what is easily undone, the typed name for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    Enter,
    TypeName,
}

/// What "done" means once AWS has accepted the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follow {
    /// DescribeStreamSummary until the stream is ACTIVE again.
    StreamActive,
    /// DescribeApplicationOperation of the OperationId the call returned, until SUCCESSFUL,
    /// FAILED or CANCELLED (and the rollback a failure set off, to its own end).
    Operation,
    /// DescribeApplicationSnapshot until READY or FAILED (CreateApplicationSnapshot returns no
    /// operation id).
    SnapshotReady { name: String },
    /// DescribeApplicationSnapshot until the snapshot is gone.
    SnapshotGone { name: String },
    /// DescribeStreamSummary until the stream is ACTIVE with its warm throughput at `target`
    /// (or ACTIVE with `target` set, where the current value is not told).
    WarmThroughput { target: u32 },
    /// DescribeAccountSettings until On-demand Advantage is on (`on`), or off or ending.
    AccountSettled { on: bool },
    /// DescribeChannel until the channel is ACTIVE again (FAILED ends it badly).
    ChannelActive { arn: String },
    /// A self-managed job's savepoint (or stop with one), by the trigger id the call returned,
    /// until COMPLETED with a location; COMPLETED with a failure cause ends it badly.
    Savepoint { job_id: String },
    /// A self-managed job until its cluster says it is no longer running.
    JobCancelled,
    /// A deployment's new run, by the job id the call returned, until it and all its tasks
    /// run (or it restarts, which the health gate then judges); FAILED ends it badly.
    JobRunning,
    /// A job rescaled in place, by its id, until it and all its tasks run at `parallelism`.
    JobRescaled { parallelism: u32 },
    /// DescribeApplication until its maintenance window starts at `start`.
    MaintenanceWindow { start: String },
}

impl Follow {
    /// "until ACTIVE", for the sentence that says the call was sent.
    pub fn until(&self) -> &'static str {
        match self {
            Self::StreamActive => "until ACTIVE",
            Self::Operation => "until the operation ends",
            Self::SnapshotReady { .. } => "until READY",
            Self::SnapshotGone { .. } => "until it is gone",
            Self::WarmThroughput { .. } => "until it is warm",
            Self::AccountSettled { .. } => "until the account says so",
            Self::ChannelActive { .. } => "until the channel is ACTIVE",
            Self::Savepoint { .. } => "until the savepoint completes",
            Self::JobCancelled => "until the job is cancelled",
            Self::JobRunning => "until the new run and all its tasks run",
            Self::JobRescaled { .. } => "until all its tasks run at the new parallelism",
            Self::MaintenanceWindow { .. } => "until the application describes the new window",
        }
    }
}

/// One before → after line of the confirm dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub what: String,
    pub before: String,
    pub after: String,
}

impl Change {
    pub fn new(what: &str, before: impl Into<String>, after: impl Into<String>) -> Self {
        Self {
            what: what.to_string(),
            before: before.into(),
            after: after.into(),
        }
    }
}

/// A further step, planned afresh from re-read facts once this one has landed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// UpdateShardCount towards this final target (one ½×–2× step at a time).
    Reshard { target: u32 },
    /// StartApplication with this restore choice, once an update of a READY application landed.
    Start { restore: crate::domain::Restore },
}

/// A checked change, ready for the confirm dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct OpPlan {
    pub resource: Resource,
    /// Names the action: "Reshard orders-ingest", "Deploy orders-enricher".
    pub title: String,
    pub changes: Vec<Change>,
    pub call: OpCall,
    pub checks: Vec<Check>,
    pub confirmation: Confirmation,
    pub follow: Follow,
    /// Run the health gate once the change has landed (changes to a running application).
    pub gate: bool,
    /// A way back from a failure (the rollback guide's): its gate says whether the application
    /// is healthy again.
    pub recovery: bool,
    /// What is said when following ends well: "orders-ingest now has 7 open shards (4 → 7)".
    pub done: String,
    pub next: Option<NextStep>,
    /// Lines under the changes, such as which step of a longer plan this is.
    pub notes: Vec<String>,
}

impl OpPlan {
    /// True when no check fails.
    pub fn runnable(&self) -> bool {
        all_clear(&self.checks)
    }

    pub fn needs_name(&self) -> bool {
        self.confirmation == Confirmation::TypeName
    }

    /// Flagged DESTRUCTIVE by one of its checks (state or data would be lost).
    pub fn destructive(&self) -> bool {
        self.checks
            .iter()
            .any(|c| c.name == super::checks::DESTRUCTIVE)
    }
}

//! State of the application detail screen and its six tabs.
use super::msg::RequestId;
use super::table::TableState;
use crate::domain::app_metrics::AppMetrics;
use crate::domain::job_view::{JobView, SlowestPart};
use crate::domain::task_history::TaskHistory;
use crate::domain::{
    AppDetail, Direction, Loadable, OperationDetail, OperationSummary, Snapshot, VersionSummary,
};
use std::collections::HashMap;

/// The Checkpoints tab's charts cover this many hours.
pub const CHECKPOINT_HOURS: i64 = 3;

/// The tabs, in `1`–`6` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppTab {
    Overview,
    Versions,
    Snapshots,
    Checkpoints,
    Operations,
    /// Flink's own view of the job: operators, checkpoints, exceptions, task managers.
    Job,
}

impl AppTab {
    pub const ALL: [AppTab; 6] = [
        Self::Overview,
        Self::Versions,
        Self::Snapshots,
        Self::Checkpoints,
        Self::Operations,
        Self::Job,
    ];

    pub fn title(&self) -> &'static str {
        match self {
            Self::Overview => "Overview",
            Self::Versions => "Versions",
            Self::Snapshots => "Snapshots",
            Self::Checkpoints => "Checkpoints",
            Self::Operations => "Operations",
            Self::Job => "Job",
        }
    }

    pub fn index(&self) -> usize {
        Self::ALL.iter().position(|t| t == self).unwrap_or(0)
    }

    pub fn cycle(&self, forward: bool) -> Self {
        let n = Self::ALL.len();
        let i = self.index();
        Self::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Clone)]
pub struct AppDetailPage {
    pub app: String,
    pub request: RequestId,
    pub refreshing: bool,
    pub tab: AppTab,
    pub detail: Loadable<AppDetail>,
    pub versions: Loadable<Vec<VersionSummary>>,
    pub versions_table: TableState,
    /// DescribeApplicationVersion results, fetched only for versions looked at.
    pub version_details: HashMap<i64, Loadable<AppDetail>>,
    /// Up to two versions marked with space; two marked show their diff.
    pub marked: Vec<i64>,
    pub snapshots: Loadable<Vec<Snapshot>>,
    pub snapshots_table: TableState,
    pub operations: Loadable<Vec<OperationSummary>>,
    pub operations_table: TableState,
    /// DescribeApplicationOperation results, fetched only for operations looked at.
    pub operation_details: HashMap<String, Loadable<OperationDetail>>,
    /// Three hours of checkpoint metrics for the Checkpoints tab.
    pub checkpoints: Loadable<AppMetrics>,
    /// The selected stream in the Overview's stream list (Enter opens it).
    pub stream_cursor: usize,
    /// Flink's own view of the job, for the Job tab.
    pub job: Loadable<JobView>,
    /// The selected row of the Job tab: its checkpoints shown, then its exceptions (in screen
    /// order); and whether the selected exception's stack is unfolded.
    pub job_cursor: usize,
    pub unfolded: bool,
    /// The slowest operator and subtask of the checkpoints chosen with enter.
    pub checkpoint_details: HashMap<u64, Loadable<SlowestPart>>,
    /// A Managed Flink application's tasks over the last hour, from CloudWatch.
    pub tasks: Loadable<TaskHistory>,
}

/// The Job tab lists this many checkpoints, newest first.
pub const JOB_CHECKPOINT_ROWS: usize = 5;

/// A row of the Job tab the cursor can select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobRow {
    Checkpoint(u64),
    Exception(usize),
}

impl AppDetailPage {
    pub fn new(app: String, request: RequestId) -> Self {
        Self {
            app,
            request,
            refreshing: true,
            tab: AppTab::Overview,
            detail: Loadable::Loading,
            versions: Loadable::NotAsked,
            versions_table: TableState::default(),
            version_details: HashMap::new(),
            marked: Vec::new(),
            snapshots: Loadable::NotAsked,
            snapshots_table: TableState::default(),
            operations: Loadable::NotAsked,
            operations_table: TableState::default(),
            operation_details: HashMap::new(),
            checkpoints: Loadable::NotAsked,
            stream_cursor: 0,
            job: Loadable::NotAsked,
            job_cursor: 0,
            unfolded: false,
            checkpoint_details: HashMap::new(),
            tasks: Loadable::NotAsked,
        }
    }

    pub fn versions(&self) -> &[VersionSummary] {
        self.versions.value().map(Vec::as_slice).unwrap_or_default()
    }

    pub fn selected_version(&self) -> Option<i64> {
        self.versions()
            .get(self.versions_table.cursor)
            .map(|v| v.version_id)
    }

    pub fn operations(&self) -> &[OperationSummary] {
        self.operations
            .value()
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn selected_operation(&self) -> Option<&OperationSummary> {
        self.operations().get(self.operations_table.cursor)
    }

    pub fn streams(&self) -> Vec<(Direction, String)> {
        self.detail
            .value()
            .map(AppDetail::streams)
            .unwrap_or_default()
    }

    /// The Job tab's selectable rows, in screen order.
    pub fn job_rows(&self) -> Vec<JobRow> {
        let Some(view) = self.job.value() else {
            return Vec::new();
        };
        view.checkpoints
            .iter()
            .take(JOB_CHECKPOINT_ROWS)
            .map(|c| JobRow::Checkpoint(c.id))
            .chain((0..view.exceptions.len()).map(JobRow::Exception))
            .collect()
    }

    pub fn selected_job_row(&self) -> Option<JobRow> {
        self.job_rows().get(self.job_cursor).copied()
    }

    /// The two marked versions, older first, when both are loaded.
    pub fn compared(&self) -> Option<(&AppDetail, &AppDetail)> {
        let [a, b] = self.marked.as_slice() else {
            return None;
        };
        let (older, newer) = if a < b { (a, b) } else { (b, a) };
        Some((
            self.version_details.get(older)?.value()?,
            self.version_details.get(newer)?.value()?,
        ))
    }
}

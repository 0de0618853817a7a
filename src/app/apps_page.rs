//! State of the Flink applications screen: the list, per-application details, operations and metrics.
use super::filter::Filter;
use super::list_page::{ListPage, PerItem, RowFacts};
use super::msg::RequestId;
use crate::domain::app_metrics::AppMetrics;
use crate::domain::health::{AppFacts, Health, app_health};
use crate::domain::job_view::{JobException, JobView};
use crate::domain::{AppDetail, AppSummary, OperationSummary, Timestamp};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Columns the applications table can be sorted by, in `>` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppSort {
    Name,
    Health,
    Status,
    Kpus,
    CheckpointDuration,
    FailedCheckpoints,
    Lag,
    Restarts,
}

impl AppSort {
    pub const ALL: [AppSort; 8] = [
        Self::Name,
        Self::Health,
        Self::Status,
        Self::Kpus,
        Self::CheckpointDuration,
        Self::FailedCheckpoints,
        Self::Lag,
        Self::Restarts,
    ];

    pub fn from_index(index: usize) -> Self {
        Self::ALL[index % Self::ALL.len()]
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Health => "health",
            Self::Status => "status",
            Self::Kpus => "KPUs",
            Self::CheckpointDuration => "checkpoint duration",
            Self::FailedCheckpoints => "failed checkpoints",
            Self::Lag => "lag",
            Self::Restarts => "restarts",
        }
    }
}

/// One row's data, borrowed from the page.
pub struct AppRow<'a> {
    pub summary: &'a AppSummary,
    pub detail: Option<&'a AppDetail>,
    pub metrics: Option<&'a AppMetrics>,
    pub operations: Option<&'a [OperationSummary]>,
    pub source_backpressure: Option<(&'a str, Timestamp)>,
}

impl AppRow<'_> {
    pub fn health(&self, now: Timestamp) -> Health {
        app_health(
            &AppFacts {
                summary: self.summary,
                detail: self.detail,
                metrics: self.metrics,
                operations: self.operations,
                source_backpressure: self.source_backpressure,
            },
            now,
        )
    }
}

/// What the applications page reads per row: details, operations, metrics.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFacts {
    pub details: PerItem<AppDetail>,
    pub operations: PerItem<Vec<OperationSummary>>,
    pub metrics: PerItem<AppMetrics>,
    /// The one batched metrics request in flight.
    pub metrics_request: Option<RequestId>,
    /// From the job views read: the source operator backpressured in each read since when.
    pub source_backpressure: HashMap<String, (String, Timestamp)>,
    /// From the job views read: the newest entry of each job's exception history.
    pub root_exceptions: HashMap<String, JobException>,
}

impl ApplicationFacts {
    /// What a job view read at `at` tells the health rules and the rollback guide (a failed
    /// read tells nothing: the last good view stands).
    pub fn note_job(&mut self, app: &str, view: Option<&JobView>, at: Timestamp) {
        let Some(view) = view else {
            return;
        };
        match view.source_backpressured() {
            Some(operator) => {
                let same = self
                    .source_backpressure
                    .get(app)
                    .is_some_and(|(o, _)| o == operator);
                if !same {
                    self.source_backpressure
                        .insert(app.to_string(), (operator.to_string(), at));
                }
            }
            None => {
                self.source_backpressure.remove(app);
            }
        }
        match view.root_exception() {
            Some(exception) => {
                self.root_exceptions
                    .insert(app.to_string(), exception.clone());
            }
            None => {
                self.root_exceptions.remove(app);
            }
        }
    }
}

impl RowFacts for ApplicationFacts {
    fn keep_only(&mut self, names: &HashSet<&str>) {
        self.details.keep_only(names);
        self.operations.keep_only(names);
        self.metrics.keep_only(names);
        self.source_backpressure
            .retain(|name, _| names.contains(name.as_str()));
        self.root_exceptions
            .retain(|name, _| names.contains(name.as_str()));
    }
}

pub type AppsPage = ListPage<AppSummary, ApplicationFacts>;

impl AppsPage {
    pub fn summaries(&self) -> &[AppSummary] {
        self.items()
    }

    pub fn row(&self, index: usize) -> Option<AppRow<'_>> {
        let summary = self.summaries().get(index)?;
        Some(self.row_for(summary))
    }

    pub fn row_for<'a>(&'a self, summary: &'a AppSummary) -> AppRow<'a> {
        AppRow {
            summary,
            detail: self.facts.details.value(&summary.name),
            metrics: self.facts.metrics.value(&summary.name),
            operations: self
                .facts
                .operations
                .value(&summary.name)
                .map(Vec::as_slice),
            source_backpressure: self
                .facts
                .source_backpressure
                .get(&summary.name)
                .map(|(operator, since)| (operator.as_str(), *since)),
        }
    }

    pub fn sort(&self) -> AppSort {
        AppSort::from_index(self.table.sort.column)
    }

    /// Applications that read or write `stream`, from their property groups.
    pub fn using_stream(&self, stream: &str) -> Vec<(crate::domain::Direction, String)> {
        let mut found: Vec<_> = self
            .facts
            .details
            .values()
            .flat_map(|detail| {
                detail
                    .streams()
                    .into_iter()
                    .filter(|(_, s)| s == stream)
                    .map(|(d, _)| (d, detail.name.clone()))
            })
            .collect();
        found.sort();
        found
    }

    pub fn rebuild_rows(&mut self, page: usize, now: Timestamp) {
        let filter = Filter::parse(&self.table.filter);
        let sort = self.sort();
        let descending = self.table.sort.descending;
        let mut rows: Vec<(usize, Health, Option<f64>)> = (0..self.summaries().len())
            .filter_map(|i| {
                let row = self.row(i)?;
                let health = row.health(now);
                filter
                    .matches(
                        &row.summary.name,
                        row.summary.status.as_str(),
                        &row.summary.runtime,
                    )
                    .then(|| (i, health, numeric(sort, &row)))
            })
            .collect();
        rows.sort_by(|(a, ha, va), (b, hb, vb)| {
            let (Some(ra), Some(rb)) = (self.row(*a), self.row(*b)) else {
                return Ordering::Equal;
            };
            let order = match sort {
                AppSort::Name => ra.summary.name.cmp(&rb.summary.name),
                AppSort::Health => ha.cmp(hb),
                AppSort::Status => ra.summary.status.cmp(&rb.summary.status),
                _ => va.partial_cmp(vb).unwrap_or(Ordering::Equal),
            };
            let order = if descending { order.reverse() } else { order };
            let unknown = |v: &Option<f64>| {
                v.is_none() && !matches!(sort, AppSort::Name | AppSort::Health | AppSort::Status)
            };
            unknown(va)
                .cmp(&unknown(vb))
                .then(order)
                .then_with(|| ra.summary.name.cmp(&rb.summary.name))
        });
        self.show_rows(rows.into_iter().map(|(i, _, _)| i).collect(), page);
    }
}

fn numeric(sort: AppSort, row: &AppRow<'_>) -> Option<f64> {
    let m = row.metrics;
    match sort {
        AppSort::Kpus => row
            .detail
            .and_then(AppDetail::kpus)
            .map(f64::from)
            .or_else(|| m.and_then(|m| m.kpus.latest())),
        AppSort::CheckpointDuration => m.and_then(|m| m.checkpoint_duration_ms.latest()),
        AppSort::FailedCheckpoints => m.and_then(|m| m.failed_checkpoints.latest()),
        AppSort::Lag => m.and_then(|m| m.lag_ms.latest()),
        AppSort::Restarts => m.and_then(|m| m.restarts.latest()),
        AppSort::Name | AppSort::Health | AppSort::Status => None,
    }
}

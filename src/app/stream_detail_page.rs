//! State of the stream detail screen: summary, shards with per-shard rates, consumers.
use super::filter::Filter;
use super::msg::RequestId;
use super::table::TableState;
use crate::domain::{Consumer, Loadable, Shard, StreamMetrics, StreamSummary, Timestamp};
use std::cmp::Ordering;
use std::collections::HashMap;

/// Per-shard write capacity of a provisioned stream.
pub const SHARD_MB_PER_SEC: f64 = 1.0;
pub const SHARD_RECORDS_PER_SEC: f64 = 1000.0;
/// A shard above this share of either capacity is flagged before it throttles.
pub const WARM_SHARE: f64 = 0.8;

/// How close a shard is to its write capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heat {
    Normal,
    Warm,
    Hot,
}

/// Compares a shard's rates with 1 MB/s and 1,000 records/s.
pub fn heat(mb_per_sec: f64, records_per_sec: f64) -> Heat {
    let load = (mb_per_sec / SHARD_MB_PER_SEC).max(records_per_sec / SHARD_RECORDS_PER_SEC);
    if load >= 1.0 {
        Heat::Hot
    } else if load >= WARM_SHARE {
        Heat::Warm
    } else {
        Heat::Normal
    }
}

/// Columns the shards table can be sorted by, in `>` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSort {
    HashRange,
    ShardId,
    MbPerSec,
    RecordsPerSec,
    Keyspace,
}

impl ShardSort {
    pub const ALL: [ShardSort; 5] = [
        Self::HashRange,
        Self::ShardId,
        Self::MbPerSec,
        Self::RecordsPerSec,
        Self::Keyspace,
    ];

    pub fn from_index(index: usize) -> Self {
        Self::ALL[index % Self::ALL.len()]
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::HashRange => "open first, hash range",
            Self::ShardId => "shard id",
            Self::MbPerSec => "MB/s",
            Self::RecordsPerSec => "records/s",
            Self::Keyspace => "keyspace share",
        }
    }
}

#[derive(Debug, Clone)]
pub struct StreamDetailPage {
    pub stream: String,
    pub request: RequestId,
    pub summary: Loadable<StreamSummary>,
    pub shards: Loadable<Vec<Shard>>,
    pub consumers: Loadable<Vec<Consumer>>,
    pub shard_metrics: HashMap<String, StreamMetrics>,
    pub shard_metrics_request: Option<RequestId>,
    pub shard_metrics_at: Option<Timestamp>,
    pub refreshing: bool,
    pub table: TableState,
    pub rows: Vec<usize>,
    /// Focus on the applications panel (tab toggles) rather than the shards table.
    pub focus_apps: bool,
    pub app_cursor: usize,
}

impl StreamDetailPage {
    pub fn new(stream: String, request: RequestId) -> Self {
        Self {
            stream,
            request,
            summary: Loadable::Loading,
            shards: Loadable::Loading,
            consumers: Loadable::Loading,
            shard_metrics: HashMap::new(),
            shard_metrics_request: None,
            shard_metrics_at: None,
            refreshing: true,
            table: TableState::default(),
            rows: Vec::new(),
            focus_apps: false,
            app_cursor: 0,
        }
    }

    pub fn shards(&self) -> &[Shard] {
        self.shards.value().map(Vec::as_slice).unwrap_or_default()
    }

    /// MB/s and records/s of a shard from its latest shard-level datapoint.
    pub fn shard_rates(&self, shard: &str) -> Option<(f64, f64)> {
        let metrics = self.shard_metrics.get(shard)?;
        Some((metrics.mb_per_sec()?, metrics.records_per_sec()?))
    }

    pub fn selected(&self) -> Option<&Shard> {
        self.shards().get(*self.rows.get(self.table.cursor)?)
    }

    pub fn sort(&self) -> ShardSort {
        ShardSort::from_index(self.table.sort.column)
    }

    /// Re-filters (`status:open|closed`, text on ids) and re-sorts the shards.
    pub fn rebuild_rows(&mut self, page: usize) {
        let selected = self.selected().map(|s| s.id.clone());
        let filter = Filter::parse(&self.table.filter);
        let sort = self.sort();
        let shards = self.shards();
        let mut rows: Vec<usize> = (0..shards.len())
            .filter(|i| {
                let shard = &shards[*i];
                let ids = format!(
                    "{} {} {}",
                    shard.id,
                    shard.parent.as_deref().unwrap_or_default(),
                    shard.adjacent_parent.as_deref().unwrap_or_default()
                );
                filter.matches(&ids, if shard.open { "open" } else { "closed" }, "")
            })
            .collect();
        let rate =
            |i: usize, pick: fn((f64, f64)) -> f64| self.shard_rates(&shards[i].id).map(pick);
        rows.sort_by(|a, b| {
            let (sa, sb) = (&shards[*a], &shards[*b]);
            let order = match sort {
                ShardSort::HashRange => sb
                    .open
                    .cmp(&sa.open)
                    .then(sa.hash_range.start.cmp(&sb.hash_range.start)),
                ShardSort::ShardId => sa.id.cmp(&sb.id),
                ShardSort::MbPerSec => compare_desc(rate(*a, |r| r.0), rate(*b, |r| r.0)),
                ShardSort::RecordsPerSec => compare_desc(rate(*a, |r| r.1), rate(*b, |r| r.1)),
                ShardSort::Keyspace => sb.hash_range.span().cmp(&sa.hash_range.span()),
            };
            let order = if self.table.sort.descending {
                order.reverse()
            } else {
                order
            };
            // Shards without rates stay last in either direction.
            let unknown = |i: usize| {
                matches!(sort, ShardSort::MbPerSec | ShardSort::RecordsPerSec)
                    && self.shard_rates(&shards[i].id).is_none()
            };
            unknown(*a)
                .cmp(&unknown(*b))
                .then(order)
                .then_with(|| sa.id.cmp(&sb.id))
        });
        self.rows = rows;
        if let Some(id) = selected
            && let Some(position) = self.rows.iter().position(|i| self.shards()[*i].id == id)
        {
            self.table.cursor = position;
        }
        self.table.keep_visible(self.rows.len(), page);
    }
}

/// Busiest first; unknown rates last.
fn compare_desc(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => b.partial_cmp(&a).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

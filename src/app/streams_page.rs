//! State of the Streams screen: the listing, per-stream details filled in lazily, and its table.
use super::filter::Filter;
use super::list_page::{ListPage, PerItem, RowFacts};
use super::msg::RequestId;
use crate::domain::{
    CapacityMode, StreamListing, StreamMetrics, StreamStatus, StreamSummary, Timestamp,
};
use std::cmp::Ordering;
use std::collections::HashSet;

/// Columns the streams table can be sorted by, in `>` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamSort {
    Name,
    Status,
    Mode,
    Shards,
    Retention,
    Consumers,
    RecordsPerSec,
    MbPerSec,
    IteratorAge,
}

impl StreamSort {
    pub const ALL: [StreamSort; 9] = [
        Self::Name,
        Self::Status,
        Self::Mode,
        Self::Shards,
        Self::Retention,
        Self::Consumers,
        Self::RecordsPerSec,
        Self::MbPerSec,
        Self::IteratorAge,
    ];

    pub fn from_index(index: usize) -> Self {
        Self::ALL[index % Self::ALL.len()]
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Status => "status",
            Self::Mode => "mode",
            Self::Shards => "shards",
            Self::Retention => "retention",
            Self::Consumers => "consumers",
            Self::RecordsPerSec => "records/s",
            Self::MbPerSec => "MB/s",
            Self::IteratorAge => "iterator age",
        }
    }
}

/// One row's data, borrowed from the page.
#[derive(Debug, Clone, Copy)]
pub struct StreamRow<'a> {
    pub listing: &'a StreamListing,
    /// When the listing was read.
    pub listed_at: Option<Timestamp>,
    pub summary: Option<&'a StreamSummary>,
    /// When the summary was read.
    pub summary_at: Option<Timestamp>,
    pub open_shards: Option<u32>,
    pub metrics: Option<&'a StreamMetrics>,
}

impl StreamRow<'_> {
    /// Whether DescribeStreamSummary answered after ListStreams did.
    fn summary_is_fresher(&self) -> bool {
        self.summary_at.is_some() && self.summary_at >= self.listed_at
    }

    /// The status from the freshest answer that carries one: ListStreams (when the endpoint
    /// sends summaries with the names) or DescribeStreamSummary.
    pub fn status(&self) -> Option<&StreamStatus> {
        let described = self.summary.map(|s| &s.status);
        match (&self.listing.status, described) {
            (Some(_), Some(described)) if self.summary_is_fresher() => Some(described),
            (listed, described) => listed.as_ref().or(described),
        }
    }

    /// The capacity mode, from the freshest answer that carries one.
    pub fn mode(&self) -> Option<CapacityMode> {
        let described = self.summary.and_then(|s| s.mode);
        match (self.listing.mode, described) {
            (Some(_), Some(described)) if self.summary_is_fresher() => Some(described),
            (listed, described) => listed.or(described),
        }
    }
}

/// What the streams page reads per row: summaries, exact shard counts, metrics.
#[derive(Debug, Clone, Default)]
pub struct StreamFacts {
    pub summaries: PerItem<StreamSummary>,
    /// Open shards counted with ListShards (exact even where OpenShardCount lags).
    pub shard_counts: PerItem<u32>,
    pub metrics: PerItem<StreamMetrics>,
    /// The one batched metrics request in flight.
    pub metrics_request: Option<RequestId>,
}

impl RowFacts for StreamFacts {
    fn keep_only(&mut self, names: &HashSet<&str>) {
        self.summaries.keep_only(names);
        self.shard_counts.keep_only(names);
        self.metrics.keep_only(names);
    }
}

pub type StreamsPage = ListPage<StreamListing, StreamFacts>;

impl StreamsPage {
    pub fn listings(&self) -> &[StreamListing] {
        self.items()
    }

    pub fn row(&self, listing_index: usize) -> Option<StreamRow<'_>> {
        let listing = self.listings().get(listing_index)?;
        let summary = self.facts.summaries.get(&listing.name);
        Some(StreamRow {
            listing,
            listed_at: self.list.as_of(),
            summary: summary.map(|(s, _)| s),
            summary_at: summary.map(|(_, at)| *at),
            open_shards: self.facts.shard_counts.value(&listing.name).copied(),
            metrics: self.facts.metrics.value(&listing.name),
        })
    }

    pub fn sort(&self) -> StreamSort {
        StreamSort::from_index(self.table.sort.column)
    }

    /// Re-filters and re-sorts, keeping the cursor on the same stream when it is still shown.
    pub fn rebuild_rows(&mut self, page: usize) {
        let filter = Filter::parse(&self.table.filter);
        let sort = self.sort();
        let descending = self.table.sort.descending;
        let mut rows: Vec<usize> = (0..self.listings().len())
            .filter(|i| {
                self.row(*i).is_some_and(|row| {
                    filter.matches(
                        &row.listing.name,
                        row.status().map(StreamStatus::as_str).unwrap_or_default(),
                        row.mode().map(|m| m.as_str()).unwrap_or_default(),
                    )
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            let (Some(a), Some(b)) = (self.row(*a), self.row(*b)) else {
                return Ordering::Equal;
            };
            // Unknown values sort last in either direction, so they never hide the answer.
            let missing = missing(sort, &a).cmp(&missing(sort, &b));
            let order = compare(sort, &a, &b);
            let order = if descending { order.reverse() } else { order };
            missing
                .then(order)
                .then_with(|| a.listing.name.cmp(&b.listing.name))
        });
        self.show_rows(rows, page);
    }
}

/// Whether the row lacks the value it is sorted by.
fn missing(sort: StreamSort, row: &StreamRow<'_>) -> bool {
    match sort {
        StreamSort::Name => false,
        StreamSort::Status => row.status().is_none(),
        StreamSort::Mode => row.mode().is_none(),
        StreamSort::Shards => row.open_shards.is_none(),
        StreamSort::Retention | StreamSort::Consumers => row.summary.is_none(),
        StreamSort::RecordsPerSec => row
            .metrics
            .and_then(StreamMetrics::records_per_sec)
            .is_none(),
        StreamSort::MbPerSec => row.metrics.and_then(StreamMetrics::mb_per_sec).is_none(),
        StreamSort::IteratorAge => row
            .metrics
            .and_then(StreamMetrics::iterator_age_ms)
            .is_none(),
    }
}

/// Compares present values; `missing` has already put absent ones last.
fn compare_option<T: PartialOrd>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(sort: StreamSort, a: &StreamRow<'_>, b: &StreamRow<'_>) -> Ordering {
    match sort {
        StreamSort::Name => a.listing.name.cmp(&b.listing.name),
        StreamSort::Status => a.status().cmp(&b.status()),
        StreamSort::Mode => a.mode().cmp(&b.mode()),
        StreamSort::Shards => compare_option(a.open_shards, b.open_shards),
        StreamSort::Retention => compare_option(
            a.summary.map(|s| s.retention_hours),
            b.summary.map(|s| s.retention_hours),
        ),
        StreamSort::Consumers => compare_option(
            a.summary.map(|s| s.consumers),
            b.summary.map(|s| s.consumers),
        ),
        StreamSort::RecordsPerSec => compare_option(
            a.metrics.and_then(StreamMetrics::records_per_sec),
            b.metrics.and_then(StreamMetrics::records_per_sec),
        ),
        StreamSort::MbPerSec => compare_option(
            a.metrics.and_then(StreamMetrics::mb_per_sec),
            b.metrics.and_then(StreamMetrics::mb_per_sec),
        ),
        StreamSort::IteratorAge => compare_option(
            a.metrics.and_then(StreamMetrics::iterator_age_ms),
            b.metrics.and_then(StreamMetrics::iterator_age_ms),
        ),
    }
}

//! Why the on-demand stream in view throttles: the domain's explanation fed from the stream detail, its metrics, the account's mode and any key sample, and the rows its panel takes, shared by the view and the shards table's page size.
use super::records_page::RecordsPage;
use super::stream_detail_page::StreamDetailPage;
use crate::domain::capacity::{Advantage, ThrottleReasons, throttle_reasons};
use crate::domain::{CapacityMode, StreamMetrics, Timestamp};

/// The explanation for `detail`'s stream, when it is on-demand and throttled. `records` is the
/// record view, whose key sample names a dominant key when it reads the same stream.
pub fn explain(
    detail: &StreamDetailPage,
    metrics: Option<&StreamMetrics>,
    advantage: &Advantage,
    records: Option<&RecordsPage>,
    now: Timestamp,
) -> Option<ThrottleReasons> {
    let summary = detail.summary.value()?;
    if summary.mode != Some(CapacityMode::OnDemand) {
        return None;
    }
    let dominant = records
        .filter(|r| r.stream == detail.stream)
        .and_then(RecordsPage::dominant_key_share);
    throttle_reasons(metrics?, advantage, summary.capacity.warm, dominant, now)
}

/// Rows the panel takes, borders included: a line a reason and a lever, at most half of the
/// `below` rows under the summary.
pub fn panel_height(reasons: &ThrottleReasons, below: u16) -> u16 {
    u16::try_from(reasons.lines.len() + reasons.levers.len() + 2)
        .unwrap_or(u16::MAX)
        .min(below / 2)
}

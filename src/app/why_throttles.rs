//! Why the on-demand stream in view throttles: the domain's explanation fed from the model, and the rows its panel takes, shared by the view and the shards table's page size.
use super::model::Model;
use crate::domain::CapacityMode;
use crate::domain::capacity::{ThrottleReasons, throttle_reasons};

/// The explanation for the stream in the detail view, when it is on-demand and throttled.
pub fn for_stream_in_view(model: &Model) -> Option<ThrottleReasons> {
    let detail = model.stream_detail.as_ref()?;
    let summary = detail.summary.value()?;
    if summary.mode != Some(CapacityMode::OnDemand) {
        return None;
    }
    let metrics = model.streams.facts.metrics.value(&detail.stream)?;
    let advantage = model.account.value().cloned().unwrap_or_default();
    let dominant = model
        .records
        .as_ref()
        .filter(|r| r.stream == detail.stream)
        .and_then(super::records_page::RecordsPage::dominant_key_share);
    throttle_reasons(
        metrics,
        &advantage,
        summary.capacity.warm,
        dominant,
        model.now,
    )
}

/// Rows the panel takes, borders included: a line a reason and a lever, at most half of the
/// `below` rows under the summary.
pub fn panel_height(reasons: &ThrottleReasons, below: u16) -> u16 {
    u16::try_from(reasons.lines.len() + reasons.levers.len() + 2)
        .unwrap_or(u16::MAX)
        .min(below / 2)
}

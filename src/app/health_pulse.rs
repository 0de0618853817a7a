//! The health pulse: healthy / degraded / failing counts of the streams and applications on the
//! model, as the header shows them.
use super::model::Model;
use super::streams_page::StreamRow;
use crate::domain::health::{Health, stream_health};

/// Healthy / degraded / failing counts (stopped and unknown items are left out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub healthy: usize,
    pub degraded: usize,
    pub failing: usize,
}

impl Counts {
    fn add(&mut self, health: &Health) {
        match health {
            Health::Healthy => self.healthy += 1,
            Health::Degraded(_) => self.degraded += 1,
            Health::Failing(_) => self.failing += 1,
            Health::Stopped | Health::Unknown => {}
        }
    }
}

/// A stream's health with its delivery channels: a FAILED channel degrades it.
pub fn stream_row_health(model: &Model, row: &StreamRow<'_>) -> Health {
    let health = stream_health(row.status(), row.metrics, model.now);
    let arn = if row.listing.arn.is_empty() {
        row.summary.map(|s| s.arn.as_str()).unwrap_or_default()
    } else {
        row.listing.arn.as_str()
    };
    let failed: Vec<String> = model
        .channels_of(arn)
        .into_iter()
        .filter(|c| c.failed())
        .map(|c| format!("delivery channel {} FAILED", c.name))
        .collect();
    if failed.is_empty() {
        return health;
    }
    match health {
        Health::Degraded(mut reasons) => {
            reasons.extend(failed);
            Health::Degraded(reasons)
        }
        Health::Failing(reasons) => Health::Failing(reasons),
        Health::Healthy | Health::Unknown | Health::Stopped => Health::Degraded(failed),
    }
}

/// (streams, applications)
pub fn counts(model: &Model) -> (Counts, Counts) {
    let mut streams = Counts::default();
    for index in 0..model.streams.listings().len() {
        if let Some(row) = model.streams.row(index) {
            streams.add(&stream_row_health(model, &row));
        }
    }
    let mut apps = Counts::default();
    for summary in model.apps.summaries() {
        apps.add(&model.apps.row_for(summary).health(model.now));
    }
    (streams, apps)
}

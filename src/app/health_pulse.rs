//! The health pulse: healthy / degraded / failing counts of the streams and applications on the
//! model, as the header shows them.
use super::model::Model;
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

/// (streams, applications)
pub fn counts(model: &Model) -> (Counts, Counts) {
    let mut streams = Counts::default();
    for index in 0..model.streams.listings().len() {
        if let Some(row) = model.streams.row(index) {
            streams.add(&stream_health(row.status(), row.metrics, model.now));
        }
    }
    let mut apps = Counts::default();
    for summary in model.apps.summaries() {
        apps.add(&model.apps.row_for(summary).health(model.now));
    }
    (streams, apps)
}

//! The health pulse: counts of healthy, degraded and failing items, and the jump to the worst.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::navigate;
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

/// Opens the worst item: a failing application, else a degraded one, else a degraded stream.
pub fn jump_to_worst(model: &mut Model) -> Vec<Command> {
    let now = model.now;
    let worst_app = model
        .apps
        .summaries()
        .iter()
        .map(|s| (model.apps.row_for(s).health(now), s.name.clone()))
        .filter(|(h, _)| matches!(h, Health::Failing(_) | Health::Degraded(_)))
        .min();
    if let Some((Health::Failing(_), app)) = &worst_app {
        return navigate::jump(model, navigate::Target::App(app.clone()));
    }
    let worst_stream = (0..model.streams.listings().len())
        .filter_map(|i| model.streams.row(i))
        .find(|row| {
            matches!(
                stream_health(row.status(), row.metrics, now),
                Health::Degraded(_)
            )
        })
        .map(|row| row.listing.clone());
    match (worst_app, worst_stream) {
        (Some((_, app)), _) => navigate::jump(model, navigate::Target::App(app)),
        (None, Some(listing)) => navigate::jump(model, navigate::Target::Stream(listing.name)),
        (None, None) => {
            model.say(Level::Info, "everything measured so far is healthy");
            Vec::new()
        }
    }
}

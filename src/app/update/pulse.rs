//! The health pulse: jumping to the worst stream or application (the counts are `app::health_pulse`).
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::navigate;
use crate::domain::health::Health;

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
                crate::app::health_pulse::stream_row_health(model, row),
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

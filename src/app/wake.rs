//! When an idle console next has something due, so it sleeps until then instead of polling:
//! the refresh, a message fading, a change being followed, a failing call's next try.
use super::model::Model;
use crate::domain::Timestamp;

/// While a change is followed its clock ticks on screen (`UPDATING 0:42`): a look every second.
const FOLLOWING_EVERY_SECS: i64 = 1;

/// The earliest moment something is due, in the console's own time.
pub fn next_wake(model: &Model) -> Timestamp {
    let now = model.now;
    let mut due = model
        .last_refresh
        .map_or(now, |at| at + model.refresh_every);
    if let Some(status) = &model.status {
        // `fade_status` clears a message once it is older than `status_for`.
        due = due.min(status.at + model.status_for + chrono::Duration::milliseconds(1));
    }
    if !model.operations.is_empty() {
        due = due.min(now + chrono::Duration::seconds(FOLLOWING_EVERY_SECS));
    }
    if let Some(retry) = model.faults.iter().map(|(_, f)| f.retry_at).min() {
        due = due.min(retry);
    }
    if let Some(watched) = super::update::contexts::next_due(model) {
        due = due.min(watched);
    }
    due.max(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::model::{Context, Level};
    use crate::config::Keymap;
    use crate::domain::time::from_epoch_secs;

    fn model() -> Model {
        let mut model = Model::new(
            Context {
                profile: None,
                region: "us-east-1".into(),
                endpoint: None,
                read_only: false,
                demo: true,
                production: false,
                read_only_reason: None,
            },
            Keymap::default_keymap().unwrap(),
            from_epoch_secs(1_800_000_000),
            (120, 40),
        );
        model.last_refresh = Some(model.now);
        model
    }

    #[test]
    fn idle_wakes_at_the_next_refresh_only() {
        let model = model();
        assert_eq!(next_wake(&model), model.now + model.refresh_every);
    }

    #[test]
    fn a_message_wakes_it_when_it_fades() {
        let mut model = model();
        model.say(Level::Info, "done");
        let fade = model.now + model.status_for + chrono::Duration::milliseconds(1);
        assert_eq!(next_wake(&model), fade.min(model.now + model.refresh_every));
    }
}

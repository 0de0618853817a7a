//! Keys typed while a dialog waits for the facts it needs to act on the operator's Enter: held,
//! and replayed once it has acted. Never dropped without a word, and never taken as the
//! confirmation of a plan the operator has not seen.
use super::super::command::Command;
use super::super::modal::Modal;
use super::super::model::{Level, Model};
pub use super::super::waiting::waiting_for;
use crossterm::event::{KeyCode, KeyEvent};

/// At most this many keys are held (a key stuck down must not fill memory).
pub const MAX_HELD: usize = 64;

/// A key while the screen waits to act: Esc gives up (nothing is sent); anything else is held.
pub fn hold(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    if key.code == KeyCode::Esc {
        let held = std::mem::take(&mut model.typed_ahead).len();
        model.modal = None;
        if let Some(page) = &mut model.rollback {
            page.plan_when_read = false;
        }
        let dropped = match held {
            0 => String::new(),
            n => format!("; {} dropped", keys_were(n)),
        };
        model.say(Level::Info, format!("cancelled: nothing was sent{dropped}"));
        return Vec::new();
    }
    if model.typed_ahead.len() < MAX_HELD {
        model.typed_ahead.push(key);
    }
    Vec::new()
}

/// Once nothing waits any more (the dialog acted on its Enter, or went away): the keys typed
/// meanwhile that go to the plan it shows (the name, the reason), up to an Enter, which is not
/// taken as confirmation of a plan shown after it was typed. Where no plan shows, the keys are
/// dropped and that is said. `update` feeds the keys returned to the keys' handler.
pub fn released(model: &mut Model) -> Vec<KeyEvent> {
    if model.typed_ahead.is_empty() || waiting_for(model).is_some() {
        return Vec::new();
    }
    let keys = std::mem::take(&mut model.typed_ahead);
    if !matches!(model.modal, Some(Modal::Confirm(_))) {
        model.say(
            Level::Warn,
            format!(
                "{} not used: no plan could be shown to type them into",
                keys_were(keys.len())
            ),
        );
        return Vec::new();
    }
    match keys.iter().position(|k| k.code == KeyCode::Enter) {
        Some(enter) => {
            model.say(
                Level::Warn,
                "the plan is shown: an Enter typed before it showed does not confirm it; read it, then press Enter",
            );
            keys[..enter].to_vec()
        }
        None => keys,
    }
}

/// "the key typed ahead was", "the 3 keys typed ahead were".
fn keys_were(n: usize) -> String {
    if n == 1 {
        "the key typed ahead was".into()
    } else {
        format!("the {n} keys typed ahead were")
    }
}

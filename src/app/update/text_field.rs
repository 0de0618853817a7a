//! A dialog's text field: typing, Backspace, ctrl-u, Enter and Esc (typing clears its error).
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key did to the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Cancel,
    Submit,
    /// Typed into the field (or erased from it).
    Edited,
    /// Not a key the field takes.
    Other,
}

pub fn field_key(text: &mut String, error: &mut Option<String>, key: KeyEvent) -> FieldKey {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => return FieldKey::Cancel,
        KeyCode::Enter => return FieldKey::Submit,
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char(c) if !ctrl && !c.is_control() => text.push(c),
        _ => return FieldKey::Other,
    }
    *error = None;
    FieldKey::Edited
}

//! A key chord as written in keymap files ("ctrl-r", "G", "pgdn") and matched against terminal events.
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    code: KeyCodeSpec,
    ctrl: bool,
    alt: bool,
}

/// The subset of key codes a keymap can name, ordered for stable help output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum KeyCodeSpec {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

const NAMED: [(&str, KeyCodeSpec); 17] = [
    ("enter", KeyCodeSpec::Enter),
    ("esc", KeyCodeSpec::Esc),
    ("tab", KeyCodeSpec::Tab),
    ("backtab", KeyCodeSpec::BackTab),
    ("shift-tab", KeyCodeSpec::BackTab),
    ("backspace", KeyCodeSpec::Backspace),
    ("delete", KeyCodeSpec::Delete),
    ("up", KeyCodeSpec::Up),
    ("down", KeyCodeSpec::Down),
    ("left", KeyCodeSpec::Left),
    ("right", KeyCodeSpec::Right),
    ("home", KeyCodeSpec::Home),
    ("end", KeyCodeSpec::End),
    ("pgup", KeyCodeSpec::PageUp),
    ("pgdn", KeyCodeSpec::PageDown),
    ("space", KeyCodeSpec::Char(' ')),
    ("shift-backtab", KeyCodeSpec::BackTab),
];

impl KeySpec {
    /// Parses "ctrl-r", "alt-x", "G", "?", "enter", "f5"…; returns a sentence on failure.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
            *code
        } else if let Some(n) = rest
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            KeyCodeSpec::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCodeSpec::Char(c),
                _ => {
                    return Err(format!(
                        "unknown key {text:?}: use a single character, a name (enter, esc, tab, shift-tab, backspace, delete, up, down, left, right, home, end, pgup, pgdn, space, f1-f12), optionally with ctrl- or alt-"
                    ));
                }
            }
        };
        Ok(Self { code, ctrl, alt })
    }

    /// Matches a terminal key press; shift is part of the character itself ("G", "?").
    pub fn from_event(event: &KeyEvent) -> Option<Self> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeSpec::Char(c),
            KeyCode::Enter => KeyCodeSpec::Enter,
            KeyCode::Esc => KeyCodeSpec::Esc,
            KeyCode::Tab => KeyCodeSpec::Tab,
            KeyCode::BackTab => KeyCodeSpec::BackTab,
            KeyCode::Backspace => KeyCodeSpec::Backspace,
            KeyCode::Delete => KeyCodeSpec::Delete,
            KeyCode::Up => KeyCodeSpec::Up,
            KeyCode::Down => KeyCodeSpec::Down,
            KeyCode::Left => KeyCodeSpec::Left,
            KeyCode::Right => KeyCodeSpec::Right,
            KeyCode::Home => KeyCodeSpec::Home,
            KeyCode::End => KeyCodeSpec::End,
            KeyCode::PageUp => KeyCodeSpec::PageUp,
            KeyCode::PageDown => KeyCodeSpec::PageDown,
            KeyCode::F(n) => KeyCodeSpec::F(n),
            _ => return None,
        };
        Some(Self {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// The key press this chord matches (what a terminal sends for it).
    pub fn to_event(&self) -> KeyEvent {
        let code = match self.code {
            KeyCodeSpec::Char(c) => KeyCode::Char(c),
            KeyCodeSpec::Enter => KeyCode::Enter,
            KeyCodeSpec::Esc => KeyCode::Esc,
            KeyCodeSpec::Tab => KeyCode::Tab,
            KeyCodeSpec::BackTab => KeyCode::BackTab,
            KeyCodeSpec::Backspace => KeyCode::Backspace,
            KeyCodeSpec::Delete => KeyCode::Delete,
            KeyCodeSpec::Up => KeyCode::Up,
            KeyCodeSpec::Down => KeyCode::Down,
            KeyCodeSpec::Left => KeyCode::Left,
            KeyCodeSpec::Right => KeyCode::Right,
            KeyCodeSpec::Home => KeyCode::Home,
            KeyCodeSpec::End => KeyCode::End,
            KeyCodeSpec::PageUp => KeyCode::PageUp,
            KeyCodeSpec::PageDown => KeyCode::PageDown,
            KeyCodeSpec::F(n) => KeyCode::F(n),
        };
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.alt {
            modifiers |= KeyModifiers::ALT;
        }
        KeyEvent::new(code, modifiers)
    }

    pub fn is_ctrl_c(event: &KeyEvent) -> bool {
        event.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(event.code, KeyCode::Char('c' | 'C'))
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeSpec::Char(' ') => f.write_str("space"),
            KeyCodeSpec::Char(c) => write!(f, "{c}"),
            KeyCodeSpec::F(n) => write!(f, "f{n}"),
            other => {
                let name = NAMED
                    .iter()
                    .find(|(_, code)| *code == other)
                    .map_or("?", |(name, _)| *name);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_names() {
        for text in [
            "ctrl-r", "G", "?", "enter", "pgdn", "space", "f5", "alt-x", "backtab",
        ] {
            assert_eq!(KeySpec::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_unknown_names() {
        let err = KeySpec::parse("ctrl-banana").unwrap_err();
        assert!(err.contains("ctrl-banana"), "{err}");
        assert!(KeySpec::parse("f13").is_err());
        assert!(KeySpec::parse("").is_err());
    }

    #[test]
    fn shifted_characters_match_without_the_shift_flag() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeySpec::from_event(&event), KeySpec::parse("G").ok());
    }
}

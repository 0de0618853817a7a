//! The line a dialog shows while it waits for facts to act on an Enter already pressed.
use crate::app::Model;
use crate::app::waiting::waiting_for;
use crate::ui::Theme;
use ratatui::style::Style;
use ratatui::text::Line;

/// "enter pressed: acting as soon as … · 4 keys typed ahead · esc cancels", when waiting.
pub fn line(model: &Model, theme: &Theme) -> Option<Line<'static>> {
    let what = waiting_for(model)?;
    let held = match model.typed_ahead.len() {
        0 => String::new(),
        1 => " · 1 key typed ahead".to_string(),
        n => format!(" · {n} keys typed ahead"),
    };
    Some(Line::styled(
        format!("enter pressed: acting on it as soon as {what} arrive{held} · esc cancels"),
        Style::default().fg(theme.slots.info),
    ))
}

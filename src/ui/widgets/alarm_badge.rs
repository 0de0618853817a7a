//! The ALARM mark on a stream or application that has a CloudWatch alarm firing.
use crate::app::Model;
use crate::ui::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

/// " ALARM " (or " 2 ALARMS "), when alarms on `resource` are in ALARM.
pub fn badge(model: &Model, resource: &str, theme: &Theme) -> Option<Span<'static>> {
    let firing = model.alarms.firing_on(resource).len();
    let text = match firing {
        0 => return None,
        1 => " ALARM ".to_string(),
        n => format!(" {n} ALARMS "),
    };
    Some(Span::styled(
        text,
        Style::default()
            .fg(theme.slots.header_bg)
            .bg(theme.slots.danger)
            .add_modifier(Modifier::BOLD),
    ))
}

/// The names of the alarms firing on `resource`, for a detail header.
pub fn names(model: &Model, resource: &str) -> Option<String> {
    let names: Vec<&str> = model
        .alarms
        .firing_on(resource)
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

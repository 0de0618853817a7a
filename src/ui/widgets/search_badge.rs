//! The title badge of a highlight search: `· /text 2/7` (the current match of how many).
use crate::app::search::Search;
use crate::ui::Theme;
use ratatui::style::Style;
use ratatui::text::Span;
use std::hash::Hash;

pub fn badge<K: Eq + Hash>(search: &Search<K>, theme: &Theme) -> Option<Span<'static>> {
    if search.is_empty() {
        return None;
    }
    let position = search
        .current
        .map_or_else(|| "–".into(), |i| (i + 1).to_string());
    Some(Span::styled(
        format!("· /{} {position}/{} ", search.text, search.keys.len()),
        Style::default().fg(theme.slots.accent),
    ))
}

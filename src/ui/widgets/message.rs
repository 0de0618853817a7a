//! A panel that shows one centred message instead of a table (loading, empty, error).
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    block: Block<'_>,
    lines: Vec<(String, Style)>,
) {
    let inner_height = area.height.saturating_sub(2);
    let pad = inner_height.saturating_sub(lines.len() as u16) / 2;
    let mut text: Vec<Line> = (0..pad).map(|_| Line::default()).collect();
    text.extend(lines.into_iter().map(|(t, s)| Line::styled(t, s)));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(theme.text())
            .block(block),
        area,
    );
}

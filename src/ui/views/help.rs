//! The help screen, generated from the keymap so it always matches the bindings in force.
use crate::app::Model;
use crate::config::Section;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Cell, Row, Table};

/// Every line of help: (section, key, description).
pub fn lines(model: &Model) -> Vec<(String, String, String)> {
    let mut lines = vec![(
        "everywhere".to_string(),
        "ctrl-c".to_string(),
        "quit at once".to_string(),
    )];
    for section in Section::ALL {
        for (key, action) in model.keymap.bindings(section) {
            lines.push((
                section.name().to_string(),
                key.to_string(),
                action.description().to_string(),
            ));
        }
    }
    for (name, description) in crate::app::command_names::COMMANDS {
        lines.push((
            "command".into(),
            format!(":{name}"),
            description.to_string(),
        ));
    }
    lines
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let all = lines(model);
    let page = crate::app::layout::help_page_rows(model.height);
    let offset = model.help_offset.min(all.len().saturating_sub(page));
    let rows: Vec<Row> = all
        .iter()
        .skip(offset)
        .take(page)
        .map(|(section, key, description)| {
            Row::new(vec![
                Cell::from(section.clone()).style(theme.muted()),
                Cell::from(key.clone()).style(Style::default().fg(theme.slots.accent)),
                Cell::from(description.clone()),
            ])
        })
        .collect();
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(ratatui::text::Span::styled(
            format!(" Help — {} bindings · esc closes · j/k scroll ", all.len()),
            theme.title(),
        ));
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(14),
                Constraint::Length(10),
                Constraint::Min(20),
            ],
        )
        .block(block)
        .style(theme.text()),
        area,
    );
}

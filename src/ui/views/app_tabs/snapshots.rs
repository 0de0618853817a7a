//! Snapshots tab: name, status, the version it was taken from, when, and how long ago.
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::domain::Loadable;
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

/// A placeholder for a tab whose data is loading, failed or empty; None when there is data.
pub fn placeholder<T>(
    data: &Loadable<Vec<T>>,
    what: &str,
    theme: &Theme,
) -> Option<Paragraph<'static>> {
    let line = match data {
        Loadable::NotAsked | Loadable::Loading => Line::styled(
            format!("Loading {what}…"),
            Style::default().fg(theme.slots.info),
        ),
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => Line::styled(error.to_string(), Style::default().fg(theme.slots.danger)),
        other if other.value().is_some_and(Vec::is_empty) => {
            Line::styled(format!("No {what}."), theme.muted())
        }
        _ => return None,
    };
    Some(Paragraph::new(line).wrap(ratatui::widgets::Wrap { trim: true }))
}

pub fn render(model: &Model, page: &AppDetailPage, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(placeholder) = placeholder(&page.snapshots, "snapshots", theme) {
        return frame.render_widget(placeholder, area);
    }
    let snapshots = page
        .snapshots
        .value()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let rows = model.app_tab_rows();
    let s = &theme.slots;
    let body: Vec<Row> = page
        .snapshots_table
        .visible(snapshots.len(), rows)
        .map(|i| {
            let snap = &snapshots[i];
            let status_colour = match snap.status.as_str() {
                "READY" => s.ok,
                "FAILED" => s.danger,
                _ => s.warn,
            };
            let row = Row::new(vec![
                Cell::from(snap.name.clone()),
                Cell::from(snap.status.clone()).style(Style::default().fg(status_colour)),
                Cell::from(Line::from(snap.version_id.to_string()).right_aligned()),
                Cell::from(
                    snap.created
                        .map(|t| units::date(t, model.tz))
                        .unwrap_or_default(),
                ),
                Cell::from(
                    Line::from(
                        snap.created
                            .map(|t| units::age(t, model.now))
                            .unwrap_or_default(),
                    )
                    .right_aligned(),
                ),
                Cell::from(snap.runtime.clone().unwrap_or_default()).style(theme.muted()),
            ]);
            if i == page.snapshots_table.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(
        ["SNAPSHOT", "STATUS", "VERSION", "CREATED", "AGE", "RUNTIME"]
            .map(|h| Cell::from(h).style(theme.title())),
    );
    let widths = [
        Constraint::Min(28),
        Constraint::Length(9),
        Constraint::Length(8),
        Constraint::Length(17),
        Constraint::Length(5),
        Constraint::Length(11),
    ];
    frame.render_widget(Table::new(body, widths).header(header), area);
}

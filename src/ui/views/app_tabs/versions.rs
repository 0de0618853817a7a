//! Versions tab: the history with lineage; two marked versions show a side-by-side diff.
use super::overview::lineage;
use super::snapshots::placeholder;
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::domain::version_diff::diff;
use crate::domain::{AppDetail, Loadable};
use crate::ui::Theme;
use crate::ui::views::apps::status_style;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

pub fn render(model: &Model, page: &AppDetailPage, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(placeholder) = placeholder(&page.versions, "versions", theme) {
        return frame.render_widget(placeholder, area);
    }
    let [list, pane] =
        Layout::horizontal([Constraint::Length(50), Constraint::Min(40)]).areas(area);
    let versions = page.versions();
    let rows = model.app_tab_rows();
    let current = model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == page.app)
        .map(|s| s.version_id);
    let body: Vec<Row> = page
        .versions_table
        .visible(versions.len(), rows)
        .map(|i| {
            let v = &versions[i];
            let mark = if page.marked.contains(&v.version_id) {
                "●"
            } else {
                " "
            };
            let lineage_text = page
                .version_details
                .get(&v.version_id)
                .and_then(Loadable::value)
                .map(lineage)
                .unwrap_or_default();
            let current_mark = if Some(v.version_id) == current {
                " (current)"
            } else {
                ""
            };
            let row = Row::new(vec![
                Cell::from(mark).style(Style::default().fg(theme.slots.accent)),
                Cell::from(Line::from(format!("{}{current_mark}", v.version_id))),
                Cell::from(v.status.to_string()).style(status_style(theme, &v.status)),
                Cell::from(lineage_text).style(theme.muted()),
            ]);
            if i == page.versions_table.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let header =
        Row::new(["", "VERSION", "STATUS", "LINEAGE"].map(|h| Cell::from(h).style(theme.title())));
    frame.render_widget(
        Table::new(
            body,
            [
                Constraint::Length(1),
                Constraint::Length(11),
                Constraint::Length(11),
                Constraint::Min(10),
            ],
        )
        .header(header),
        list,
    );
    let pane_block = Block::default()
        .borders(Borders::LEFT)
        .border_style(Style::default().fg(theme.slots.border));
    let inner = pane_block.inner(pane);
    frame.render_widget(pane_block, pane);
    if let Some((older, newer)) = page.compared() {
        return render_diff(older, newer, theme, frame, inner);
    }
    let hint = match page.marked.len() {
        0 => "space marks a version; mark two to compare them",
        1 => "mark one more version to compare",
        _ => "loading the marked versions…",
    };
    let mut lines = vec![Line::styled(hint, theme.muted()), Line::default()];
    if let Some(detail) = page
        .selected_version()
        .and_then(|v| page.version_details.get(&v))
    {
        match detail {
            Loadable::Failed { error, .. } => lines.push(Line::styled(
                error.to_string(),
                Style::default().fg(theme.slots.danger),
            )),
            other => match other.value() {
                Some(d) => lines.extend(summary_lines(d, theme)),
                None => lines.push(Line::styled(
                    "Loading version…",
                    Style::default().fg(theme.slots.info),
                )),
            },
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn summary_lines(d: &AppDetail, theme: &Theme) -> Vec<Line<'static>> {
    let label = |l: &str| Span::styled(format!("{l:<14}"), theme.muted());
    // A self-managed job's version: what kinetic recorded of it (or that it did not deploy it).
    let job = d
        .property_groups
        .iter()
        .filter(|g| g.id == "job")
        .flat_map(|g| g.properties.iter())
        .map(|(key, value)| {
            Line::from(vec![
                Span::styled(format!("{key:<13} "), theme.muted()),
                Span::raw(value.clone()),
            ])
        })
        .collect::<Vec<_>>();
    let mut lines = vec![
        Line::from(vec![
            label("version"),
            Span::raw(format!("{}  {}", d.version_id, lineage(d))),
        ]),
        Line::from(vec![label("runtime"), Span::raw(d.runtime.clone())]),
        Line::from(vec![
            label("code"),
            Span::raw(
                d.code
                    .as_ref()
                    .map(crate::domain::flink::CodeLocation::short)
                    .unwrap_or_default(),
            ),
        ]),
        Line::from(vec![
            label("parallelism"),
            Span::raw(
                d.parallelism
                    .as_ref()
                    .map(|p| format!("{} ({} per KPU)", p.parallelism, p.per_kpu))
                    .unwrap_or_default(),
            ),
        ]),
    ];
    lines.extend(job);
    lines
}

/// Keeps the end of a long value: where versions differ (`…app-4.3.0.jar`).
fn tail(value: String, width: usize) -> String {
    let count = value.chars().count();
    if count <= width || width < 2 {
        return value;
    }
    let kept: String = value.chars().skip(count - (width - 1)).collect();
    format!("…{kept}")
}

fn render_diff(older: &AppDetail, newer: &AppDetail, theme: &Theme, frame: &mut Frame, area: Rect) {
    let value_width = usize::from(area.width.saturating_sub(1 + 24 + 3)) / 2;
    let rows: Vec<Row> = diff(older, newer)
        .into_iter()
        .map(|d| {
            let style = if d.changed {
                Style::default()
                    .fg(theme.slots.warn)
                    .add_modifier(Modifier::BOLD)
            } else {
                theme.muted()
            };
            Row::new(vec![
                Cell::from(if d.changed { "≠" } else { " " }).style(style),
                Cell::from(d.field).style(style),
                Cell::from(tail(d.before, value_width)),
                Cell::from(tail(d.after, value_width)).style(if d.changed {
                    style
                } else {
                    Style::default().fg(theme.slots.fg)
                }),
            ])
        })
        .collect();
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from("FIELD").style(theme.title()),
        Cell::from(format!("VERSION {}", older.version_id)).style(theme.title()),
        Cell::from(format!("VERSION {}", newer.version_id)).style(theme.title()),
    ]);
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(1),
                Constraint::Length(24),
                Constraint::Fill(1),
                Constraint::Fill(1),
            ],
        )
        .header(header),
        area,
    );
}

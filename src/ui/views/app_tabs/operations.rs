//! Operations tab: the timeline of customer and system operations; the selected one's details below.
use super::snapshots::placeholder;
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::domain::{Loadable, OperationStatus};
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

/// The colour of an operation's status, wherever one is shown.
pub fn status_style(theme: &Theme, status: &OperationStatus) -> Style {
    let s = &theme.slots;
    match status {
        OperationStatus::Successful => Style::default().fg(s.ok),
        OperationStatus::Failed => Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        OperationStatus::InProgress => Style::default().fg(s.status_updating),
        _ => theme.muted(),
    }
}

pub fn render(model: &Model, page: &AppDetailPage, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(placeholder) = placeholder(&page.operations, "operations", theme) {
        return frame.render_widget(placeholder, area);
    }
    let [list, details] = Layout::vertical([Constraint::Min(4), Constraint::Length(7)]).areas(area);
    let ops = page.operations();
    let rows = model.app_tab_rows().saturating_sub(7).max(1);
    let body: Vec<Row> = page
        .operations_table
        .visible(ops.len(), rows)
        .map(|i| {
            let op = &ops[i];
            let detail = page.operation_details.get(&op.id).and_then(Loadable::value);
            let versions = detail
                .and_then(|d| Some(format!("{} → {}", d.updated_from?, d.updated_to?)))
                .unwrap_or_default();
            let duration = match (op.started, op.ended) {
                (Some(s), Some(e)) => units::millis((e - s).num_milliseconds() as f64),
                (Some(s), None) => format!("{} so far", units::age(s, model.now)),
                _ => units::UNKNOWN.into(),
            };
            let row = Row::new(vec![
                Cell::from(
                    op.started
                        .map(|t| units::date(t, model.tz))
                        .unwrap_or_default(),
                ),
                Cell::from(
                    Line::from(
                        op.started
                            .map(|t| units::age(t, model.now))
                            .unwrap_or_default(),
                    )
                    .right_aligned(),
                ),
                Cell::from(crate::domain::flink::operation_label(&op.operation)),
                Cell::from(op.status.as_str().to_string()).style(status_style(theme, &op.status)),
                Cell::from(Line::from(duration).right_aligned()),
                Cell::from(versions),
            ]);
            if i == page.operations_table.cursor {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(
        ["STARTED", "AGO", "OPERATION", "STATUS", "TOOK", "VERSIONS"]
            .map(|h| Cell::from(h).style(theme.title())),
    );
    let widths = [
        Constraint::Length(17),
        Constraint::Length(4),
        Constraint::Length(30),
        Constraint::Length(12),
        Constraint::Length(12),
        Constraint::Min(8),
    ];
    frame.render_widget(Table::new(body, widths).header(header), list);

    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(Style::default().fg(theme.slots.border))
        .title(Span::styled(" Selected operation ", theme.title()));
    let lines: Vec<Line> = match page
        .selected_operation()
        .and_then(|o| page.operation_details.get(&o.id))
    {
        None => vec![],
        Some(Loadable::Failed { error, .. }) => vec![Line::styled(
            error.to_string(),
            Style::default().fg(theme.slots.danger),
        )],
        Some(other) => match other.value() {
            None => vec![Line::styled(
                "Loading operation…",
                Style::default().fg(theme.slots.info),
            )],
            Some(d) => {
                let mut lines = vec![Line::from(vec![
                    Span::styled(format!("{} ", d.summary.id), theme.muted()),
                    Span::styled(
                        crate::domain::flink::operation_label(&d.summary.operation),
                        Style::default().fg(theme.slots.fg),
                    ),
                    Span::raw("  "),
                    Span::styled(
                        d.summary.status.as_str().to_string(),
                        status_style(theme, &d.summary.status),
                    ),
                ])];
                if let (Some(from), Some(to)) = (d.updated_from, d.updated_to) {
                    lines.push(Line::from(format!("version {from} → {to}")));
                }
                if let Some(rollback) = &d.rollback_operation_id {
                    lines.push(Line::styled(
                        format!("rolled back by operation {rollback}"),
                        Style::default().fg(theme.slots.warn),
                    ));
                }
                if let Some(error) = &d.error {
                    lines.push(Line::styled(
                        error.clone(),
                        Style::default().fg(theme.slots.danger),
                    ));
                }
                if d.summary.status == OperationStatus::Failed {
                    lines.push(Line::styled(
                        "B opens the rollback guide: what is wrong, what changed, the way back",
                        Style::default().fg(theme.slots.accent),
                    ));
                }
                lines
            }
        },
    };
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        details,
    );
}

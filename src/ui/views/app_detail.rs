//! The application detail screen: a title with status and health, the tab bar, and the current tab.
use super::app_tabs;
use super::apps::{health_style, status_style};
use crate::app::Model;
use crate::app::app_detail_page::{AppDetailPage, AppTab};
use crate::domain::Loadable;
use crate::ui::Theme;
use crate::ui::widgets::message;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(page) = &model.app_detail else {
        return;
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(title(model, page, theme));
    let detail = match &page.detail {
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => {
            return message::render(
                frame,
                theme,
                area,
                block,
                vec![
                    (
                        "Could not describe the application".into(),
                        Style::default()
                            .fg(theme.slots.danger)
                            .add_modifier(Modifier::BOLD),
                    ),
                    (error.to_string(), Style::default().fg(theme.slots.danger)),
                ],
            );
        }
        other => other.value(),
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let operation = super::operation_panel::lines(model, &page.app, theme);
    let panel_height = model.operation_panel_height(&page.app);
    let [panel, tabs, body] = Layout::vertical([
        Constraint::Length(panel_height),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(inner);
    if panel_height > 0 {
        frame.render_widget(
            Paragraph::new(operation).block(
                ratatui::widgets::Block::default()
                    .borders(ratatui::widgets::Borders::BOTTOM)
                    .border_style(Style::default().fg(theme.slots.border)),
            ),
            panel,
        );
    }
    frame.render_widget(Paragraph::new(tab_bar(page, theme)), tabs);
    let Some(detail) = detail else {
        return frame.render_widget(
            Paragraph::new(Line::styled(
                "Loading application…",
                Style::default().fg(theme.slots.info),
            )),
            body,
        );
    };
    match page.tab {
        AppTab::Overview => app_tabs::overview::render(model, page, detail, theme, frame, body),
        AppTab::Versions => app_tabs::versions::render(model, page, theme, frame, body),
        AppTab::Snapshots => app_tabs::snapshots::render(model, page, theme, frame, body),
        AppTab::Checkpoints => {
            app_tabs::checkpoints::render(model, page, detail, theme, frame, body);
        }
        AppTab::Operations => app_tabs::operations::render(model, page, theme, frame, body),
        AppTab::Job => app_tabs::job::render(model, page, theme, frame, body),
    }
}

fn title(model: &Model, page: &AppDetailPage, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(format!(" {} ", page.app), theme.title())];
    if let Some(summary) = model.apps.summaries().iter().find(|s| s.name == page.app) {
        let health = model.apps.row_for(summary).health(model.now);
        spans.push(Span::styled(
            format!("{} ", summary.status),
            status_style(theme, &summary.status),
        ));
        if summary.version_id > 0 {
            spans.push(Span::styled(
                format!("v{} ", summary.version_id),
                Style::default().fg(theme.slots.fg),
            ));
        }
        spans.push(Span::styled(
            format!("{} ", health.label()),
            health_style(theme, &health),
        ));
        if !health.reasons().is_empty() {
            spans.push(Span::styled(
                format!("({}) ", health.reasons().join("; ")),
                health_style(theme, &health),
            ));
        }
    }
    if page.detail.is_stale() {
        spans.push(crate::ui::widgets::table_title::stale_badge(theme));
    }
    alarm_spans(model, &page.app, theme, &mut spans);
    Line::from(spans)
}

/// The ALARM badge and the names of the alarms firing on `resource`, for a detail title.
pub fn alarm_spans(model: &Model, resource: &str, theme: &Theme, spans: &mut Vec<Span<'static>>) {
    use crate::ui::widgets::alarm_badge;
    if let (Some(badge), Some(names)) = (
        alarm_badge::badge(model, resource, theme),
        alarm_badge::names(model, resource),
    ) {
        spans.push(badge);
        spans.push(Span::styled(
            format!(" {names} "),
            Style::default().fg(theme.slots.danger),
        ));
    }
}

fn tab_bar(page: &AppDetailPage, theme: &Theme) -> Vec<Line<'static>> {
    let mut spans = Vec::new();
    for (i, tab) in AppTab::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.title());
        let style = if *tab == page.tab {
            theme.selected()
        } else {
            Style::default().fg(theme.slots.fg)
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled("  tab/shift-tab or 1–6", theme.muted()));
    vec![Line::from(spans), Line::default()]
}

//! The title line of a table: name, counts, the active filter, the sort and a STALE mark.
use crate::ui::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub struct TableTitle<'a> {
    pub name: &'a str,
    /// "[12 of 200]" and the like.
    pub counts: String,
    pub filter: &'a str,
    pub sort: &'a str,
    pub descending: bool,
    pub stale: bool,
    /// Columns whose data cannot be had now, and why ("traffic: access denied").
    pub unavailable: Option<String>,
}

impl TableTitle<'_> {
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        let s = &theme.slots;
        let mut spans = vec![
            Span::styled(format!(" {} ", self.name), theme.title()),
            Span::styled(format!("{} ", self.counts), Style::default().fg(s.fg)),
        ];
        if !self.filter.is_empty() {
            spans.push(Span::styled(
                format!("/{} ", self.filter),
                Style::default().fg(s.accent),
            ));
        }
        let arrow = if self.descending { "↓" } else { "↑" };
        spans.push(Span::styled(
            format!("sort: {} {arrow} ", self.sort),
            theme.muted(),
        ));
        if self.stale {
            spans.push(stale_badge(theme));
        }
        if let Some(what) = &self.unavailable {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                format!(" {what} "),
                Style::default()
                    .fg(theme.slots.header_bg)
                    .bg(theme.slots.stale)
                    .add_modifier(Modifier::BOLD),
            ));
        }
        Line::from(spans)
    }
}

/// The title's note for metric columns while GetMetricData fails: stale when some were read.
pub fn metrics_unavailable(model: &crate::app::Model, what: &str, some: bool) -> Option<String> {
    let fault = model.faults.get(crate::app::faults::Api::GetMetricData)?;
    let why = fault.error.short();
    Some(if some {
        format!("{what} STALE: {why}")
    } else {
        format!("no {what}: {why}")
    })
}

/// The mark of a panel that shows its last good data because a refresh failed.
pub fn stale_badge(theme: &Theme) -> Span<'static> {
    Span::styled(
        " STALE ",
        Style::default()
            .fg(theme.slots.header_bg)
            .bg(theme.slots.stale)
            .add_modifier(Modifier::BOLD),
    )
}

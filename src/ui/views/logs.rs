//! The log view: time, level, logger and message per line, stack traces folded, search highlighted.
use crate::app::Model;
use crate::app::logs_page::{LogsPage, contains_ignoring_case};
use crate::domain::log_event::{LogEvent, LogLevel, LogLine};
use crate::ui::Theme;
use crate::ui::widgets::{follow_rows, message, units};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

fn level_style(theme: &Theme, level: Option<LogLevel>) -> Style {
    let s = &theme.slots;
    match level {
        Some(LogLevel::Error) => Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        Some(LogLevel::Warn) => Style::default().fg(s.warn),
        Some(LogLevel::Info) => Style::default().fg(s.info),
        Some(LogLevel::Debug | LogLevel::Trace) | None => theme.muted(),
    }
}

/// State badges first (they matter at 3 a.m. and must survive a narrow terminal), the group last.
fn title(page: &LogsPage, theme: &Theme) -> Line<'static> {
    let s = &theme.slots;
    let mut spans = vec![Span::styled(
        format!(" {} ", page.mode_note),
        Style::default().fg(s.info),
    )];
    spans.push(if page.following {
        Span::styled("· following ", Style::default().fg(s.ok))
    } else {
        Span::styled(
            " PAUSED ",
            Style::default()
                .fg(s.header_bg)
                .bg(s.warn)
                .add_modifier(Modifier::BOLD),
        )
    });
    spans.push(Span::styled(
        format!("· {} lines ", page.buffer.len()),
        Style::default().fg(s.fg),
    ));
    if page.buffer.dropped() > 0 {
        spans.push(Span::styled(
            format!("· {} dropped from the top ", page.buffer.dropped()),
            Style::default().fg(s.warn),
        ));
    }
    if page.sampled_updates > 0 {
        spans.push(Span::styled(
            format!(" SAMPLED ×{} ", page.sampled_updates),
            Style::default()
                .fg(s.header_bg)
                .bg(s.warn)
                .add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(" "));
    }
    if let Some(pattern) = &page.query.pattern {
        spans.push(Span::styled(
            format!("· pattern {pattern:?} "),
            Style::default().fg(s.accent),
        ));
    }
    spans.extend(crate::ui::widgets::search_badge::badge(&page.search, theme));
    spans.push(Span::styled(
        format!("· {} ", page.query.group),
        theme.title(),
    ));
    if let Some(prefix) = &page.query.stream_prefix {
        spans.push(Span::styled(format!("{prefix}* "), theme.muted()));
    }
    Line::from(spans)
}

/// Splits `text` into spans, highlighting every occurrence of the (lower-case) search.
pub(crate) fn highlighted(
    text: &str,
    search: &str,
    base: Style,
    mark: Style,
) -> Vec<Span<'static>> {
    if search.is_empty() || !contains_ignoring_case(text, search) {
        return vec![Span::styled(text.to_string(), base)];
    }
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find(search) {
        let start = at + found;
        let end = start + search.len();
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            break;
        }
        spans.push(Span::styled(text[at..start].to_string(), base));
        spans.push(Span::styled(text[start..end].to_string(), mark));
        at = end;
    }
    spans.push(Span::styled(text[at..].to_string(), base));
    spans
}

/// The screen rows of one event: its line, then its stack trace when expanded.
fn event_rows(
    event: &LogEvent,
    page: &LogsPage,
    model: &Model,
    theme: &Theme,
    selected: bool,
) -> Vec<Line<'static>> {
    let line = LogLine::parse(&event.message);
    let search = page.search.text.to_ascii_lowercase();
    let mark = Style::default()
        .fg(theme.slots.selection_fg)
        .bg(theme.slots.accent);
    let logger = line
        .logger
        .as_deref()
        .map(|l| l.rsplit('.').next().unwrap_or(l).to_string())
        .unwrap_or_default();
    let mut spans = vec![
        Span::styled(
            format!(
                "{}.{:03} ",
                units::clock(event.timestamp, model.tz),
                event.timestamp.timestamp_subsec_millis()
            ),
            theme.muted(),
        ),
        Span::styled(
            format!("{:<5} ", line.level.map_or("", |l| l.as_str())),
            level_style(theme, line.level),
        ),
    ];
    if !logger.is_empty() {
        spans.push(Span::styled(format!("{logger}: "), theme.muted()));
    }
    let message_style = match line.level {
        Some(LogLevel::Error) => Style::default().fg(theme.slots.danger),
        Some(LogLevel::Warn) => Style::default().fg(theme.slots.warn),
        _ => Style::default().fg(theme.slots.fg),
    };
    spans.extend(highlighted(&line.message, &search, message_style, mark));
    let expanded = page.expanded.contains(&event.key());
    if let Some(first) = line.stack.first()
        && !expanded
    {
        // The fold marker comes first so it survives a narrow terminal.
        let more = line.stack.len() - 1;
        let marker = if more > 0 {
            format!("  ⤷ +{more} lines: ")
        } else {
            "  ⤷ ".to_string()
        };
        spans.push(Span::styled(marker, theme.muted()));
        spans.extend(highlighted(
            first,
            &search,
            Style::default().fg(theme.slots.danger),
            mark,
        ));
    }
    let mut first_row = Line::from(spans);
    if selected {
        first_row = first_row.style(Style::default().bg(theme.slots.selection_bg));
    }
    let mut rows = vec![first_row];
    if expanded {
        for stack_line in &line.stack {
            let mut spans = vec![Span::raw("      ")];
            spans.extend(highlighted(
                stack_line,
                &search,
                Style::default().fg(theme.slots.danger),
                mark,
            ));
            rows.push(Line::from(spans));
        }
    }
    rows
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(page) = &model.logs else {
        return;
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(title(page, theme));
    if page.buffer.is_empty() {
        let mut lines = vec![(
            format!("Waiting for events in {} …", page.query.group),
            Style::default().fg(theme.slots.info),
        )];
        if let Some(error) = &page.error {
            lines.push((error.clone(), Style::default().fg(theme.slots.danger)));
        }
        return message::render(frame, theme, area, block, lines);
    }
    let height = usize::from(area.height.saturating_sub(2)).max(1);
    let rows = follow_rows::rows(
        page.buffer.len(),
        page.following,
        page.cursor,
        height,
        |index, selected| {
            page.buffer
                .get(index)
                .map(|event| event_rows(event, page, model, theme, selected))
                .unwrap_or_default()
        },
    );
    frame.render_widget(Paragraph::new(rows).block(block).style(theme.text()), area);
}

//! The record viewer: arrival, shard, sequence, partition key, size and decoded payload per line,
//! JSON pretty-printed on demand, search highlighted; the title says how reading goes.
use super::logs::highlighted;
use crate::app::Model;
use crate::app::records_page::{RecordsPage, Scope};
use crate::domain::record::{Payload, Record};
use crate::ui::Theme;
use crate::ui::widgets::{follow_rows, message, units};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// The columns before the payload; narrow terminals drop the sequence number and cut keys
/// shorter, so the payload keeps room.
#[derive(Clone, Copy)]
struct Columns {
    sequence: bool,
    key: usize,
}

impl Columns {
    fn for_width(width: u16) -> Self {
        if width >= 120 {
            Self {
                sequence: true,
                key: 22,
            }
        } else {
            Self {
                sequence: false,
                key: 16,
            }
        }
    }

    /// Characters before the payload.
    fn before_payload(&self) -> usize {
        13 + 6 + if self.sequence { 15 } else { 0 } + self.key + 10
    }
}

/// State badges first (they matter and must survive a narrow terminal), the stream last.
fn title(page: &RecordsPage, model: &Model, theme: &Theme) -> Line<'static> {
    let s = &theme.slots;
    let badge = |text: String, bg| {
        Span::styled(
            text,
            Style::default()
                .fg(s.header_bg)
                .bg(bg)
                .add_modifier(Modifier::BOLD),
        )
    };
    let mut spans = Vec::new();
    spans.push(if page.following {
        Span::styled(" following ", Style::default().fg(s.ok))
    } else {
        badge(" PAUSED: reading holds its place ".into(), s.warn)
    });
    if page.throttled_now() > 0 {
        spans.push(badge(
            format!(
                " THROTTLED {} shard{} ×{} ",
                page.throttled_now(),
                if page.throttled_now() == 1 { "" } else { "s" },
                page.throttled
            ),
            s.danger,
        ));
    } else if page.throttled > 0 {
        spans.push(Span::styled(
            format!(" · throttled ×{} ", page.throttled),
            Style::default().fg(s.warn),
        ));
    }
    // A shard that keeps failing stays visible here while the others' records scroll by.
    if let (failing @ 1.., Some(why)) = page.failing_now() {
        let why = if why == "failing" {
            String::new()
        } else {
            format!(" ({why})")
        };
        spans.push(badge(
            format!(
                " READS FAIL on {failing} shard{}{why} ",
                if failing == 1 { "" } else { "s" }
            ),
            s.danger,
        ));
    }
    let what = match &page.scope {
        // Parents first: while closed shards remain, say how the walk stands.
        Scope::AllOpen if page.closed_to_read() > 0 => format!(
            "{} shards, {} closed to read first",
            page.walk.map_or(0, |w| w.shards),
            page.closed_to_read()
        ),
        Scope::AllOpen if page.reading() == 1 => "1 shard".to_string(),
        Scope::AllOpen => format!("{} shards", page.reading()),
        Scope::Shard(shard) => shard.clone(),
    };
    spans.push(Span::styled(
        format!(" {what} {} ", page.from.describe(model.tz)),
        Style::default().fg(s.info),
    ));
    spans.push(Span::styled(
        format!("· {} held ", page.shown().len()),
        Style::default().fg(s.fg),
    ));
    if page.all.dropped() > 0 {
        spans.push(Span::styled(
            format!("· {} dropped from the top ", page.all.dropped()),
            Style::default().fg(s.warn),
        ));
    }
    if let Some(behind) = page.behind_ms().filter(|b| *b >= 1000) {
        spans.push(Span::styled(
            format!("· {} behind ", units::millis(behind as f64)),
            Style::default().fg(s.warn),
        ));
    }
    if !page.filter.is_empty() {
        spans.push(Span::styled(
            format!("· only {:?} ", page.filter),
            Style::default().fg(s.accent),
        ));
    }
    spans.extend(crate::ui::widgets::search_badge::badge(&page.search, theme));
    spans.push(Span::styled(format!("· {} ", page.stream), theme.title()));
    Line::from(spans)
}

/// Said on every screen of the viewer: reading is not free for the stream's consumers.
fn manners(theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(
        " reading shares each shard's read capacity (5 GetRecords/s, 2 MB/s) with the stream's consumers; kinetic asks once a second per shard ",
        theme.muted(),
    ))
}

fn header_row(columns: Columns, theme: &Theme) -> Line<'static> {
    let sequence = if columns.sequence {
        format!("{:<14} ", "SEQUENCE")
    } else {
        String::new()
    };
    Line::from(Span::styled(
        format!(
            "{:<12} {:>5} {sequence}{:<w$} {:>7}  PAYLOAD",
            "ARRIVED",
            "SHARD",
            "PARTITION KEY",
            "SIZE",
            w = columns.key
        ),
        theme.muted().add_modifier(Modifier::BOLD),
    ))
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        format!("{text:<width$}")
    } else {
        let mut cut: String = text.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

/// The screen rows of one record: its line, then its pretty payload when expanded.
fn record_rows(
    columns: Columns,
    record: &Record,
    page: &RecordsPage,
    model: &Model,
    theme: &Theme,
    selected: bool,
) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let search = page.search.text.to_ascii_lowercase();
    let mark = Style::default().fg(s.selection_fg).bg(s.accent);
    let mut spans = vec![
        Span::styled(
            format!(
                "{}.{:03} ",
                units::clock(record.arrival, model.tz),
                record.arrival.timestamp_subsec_millis()
            ),
            theme.muted(),
        ),
        Span::styled(
            format!("{:>5} ", units::short_shard(&record.shard)),
            Style::default().fg(s.info),
        ),
    ];
    if columns.sequence {
        spans.push(Span::styled(
            format!("{:<14} ", record.short_sequence()),
            theme.muted(),
        ));
    }
    spans.extend(highlighted(
        &cut(&record.partition_key, columns.key),
        &search,
        Style::default().fg(s.accent),
        mark,
    ));
    // Over 1 MiB a record needs a raised maximum record size, and every consumer must take it.
    let large = record.size > crate::domain::capacity::ONE_MIB;
    spans.push(Span::styled(
        format!(
            " {:>7}{} ",
            units::bytes(record.size as f64),
            if large { "▲" } else { " " }
        ),
        if large {
            Style::default().fg(s.warn).add_modifier(Modifier::BOLD)
        } else {
            theme.muted()
        },
    ));
    if let Some(problem) = &record.problem {
        spans.push(Span::styled(
            format!("⚠ {problem}: "),
            Style::default().fg(s.danger),
        ));
    }
    let payload_style = match &record.payload {
        Payload::Binary { .. } => theme.muted(),
        Payload::Json(_) | Payload::Text(_) => Style::default().fg(s.fg),
    };
    if let Payload::Binary { hex, .. } = &record.payload {
        spans.push(Span::styled(format!("hex {hex} · base64 "), theme.muted()));
    }
    if record.truncated {
        spans.push(Span::styled("(start only) ", Style::default().fg(s.warn)));
    }
    // Only what fits is drawn: a 64 kB payload is not cut into spans it cannot show.
    let room = usize::from(model.width).saturating_sub(columns.before_payload());
    let line = record.payload.display();
    let line = line.as_ref();
    let end = line
        .char_indices()
        .nth(room.max(1) + 1)
        .map_or(line.len(), |(i, _)| i);
    spans.extend(highlighted(&line[..end], &search, payload_style, mark));
    let mut first = Line::from(spans);
    if selected {
        first = first.style(Style::default().bg(s.selection_bg));
    }
    let mut rows = vec![first];
    if page.expanded.contains(&record.key()) {
        let body = record.pretty().unwrap_or_else(|| match &record.payload {
            Payload::Text(text) => text.replace('\t', "    "),
            other => other.line().to_string(),
        });
        for text in body.lines() {
            let mut spans = vec![Span::raw("      ")];
            spans.extend(highlighted(text, &search, Style::default().fg(s.fg), mark));
            rows.push(Line::from(spans));
        }
    }
    rows
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(page) = &model.records else {
        return;
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(title(page, model, theme))
        .title_bottom(manners(theme));
    let shown = page.shown();
    if shown.is_empty() {
        let waiting = if page.filter.is_empty() {
            format!(
                "Waiting for records in {} ({}) …",
                page.stream,
                page.from.describe(model.tz)
            )
        } else {
            format!(
                "No record of the {} held contains {:?}",
                page.all.len(),
                page.filter
            )
        };
        let mut lines = vec![(waiting, Style::default().fg(theme.slots.info))];
        if let Some(error) = &page.error {
            lines.push((error.clone(), Style::default().fg(theme.slots.danger)));
        }
        for (shard, reading) in &page.shards {
            if let crate::app::records_page::ShardReading::Failed { sentence: why, .. } = reading
                && page.error.as_deref() != Some(why)
            {
                lines.push((
                    format!("{shard}: {why}"),
                    Style::default().fg(theme.slots.danger),
                ));
            }
        }
        return message::render(frame, theme, area, block, lines);
    }
    let columns = Columns::for_width(area.width);
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    let mut rows = follow_rows::rows(
        shown.len(),
        page.following,
        page.cursor,
        height,
        |index, selected| {
            shown
                .get(index)
                .map(|record| record_rows(columns, record, page, model, theme, selected))
                .unwrap_or_default()
        },
    );
    rows.insert(0, header_row(columns, theme));
    frame.render_widget(Paragraph::new(rows).block(block).style(theme.text()), area);
}

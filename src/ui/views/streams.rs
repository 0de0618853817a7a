//! The Streams screen: one row per stream with status, mode, shards, traffic and throttling.
use crate::app::Model;
use crate::app::streams_page::{StreamRow, StreamSort};
use crate::domain::{CapacityMode, StreamMetrics, StreamStatus};
use crate::ui::Theme;
use crate::ui::widgets::list_table::Column;
use crate::ui::widgets::table_title::TableTitle;
use crate::ui::widgets::{message, sparkline::sparkline, units};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row};

const TREND_WIDTH: usize = 20;

const COLUMNS: [Column<StreamSort>; 11] = [
    Column::sorts("NAME", Constraint::Min(20), StreamSort::Name),
    Column::sorts("STATUS", Constraint::Length(13), StreamSort::Status),
    Column::sorts("MODE", Constraint::Length(9), StreamSort::Mode),
    Column::sorts("SHARDS", Constraint::Length(6), StreamSort::Shards),
    Column::sorts("RETAIN", Constraint::Length(6), StreamSort::Retention),
    Column::sorts("EFO", Constraint::Length(3), StreamSort::Consumers),
    Column::sorts("REC/S", Constraint::Length(7), StreamSort::RecordsPerSec),
    Column::sorts("MB/S", Constraint::Length(6), StreamSort::MbPerSec),
    Column::plain(
        "LAST HOUR (BYTES IN)",
        Constraint::Length(TREND_WIDTH as u16),
    ),
    Column::sorts("AGE", Constraint::Length(7), StreamSort::IteratorAge),
    Column::plain("THR", Constraint::Length(3)),
];

/// From this width the table is wide: it adds the on-demand warm throughput after the mode.
pub const WIDE_FROM: u16 = 160;
/// Where the wide table's warm throughput column goes (after MODE).
const WARM_AT: usize = 3;

fn columns(wide: bool) -> Vec<Column<StreamSort>> {
    let mut columns: Vec<Column<StreamSort>> = COLUMNS.to_vec();
    if wide {
        columns.insert(WARM_AT, Column::plain("WARM MiB/s", Constraint::Length(10)));
    }
    columns
}

/// The theme colour for a stream status.
pub fn status_style(theme: &Theme, status: &StreamStatus) -> Style {
    let s = &theme.slots;
    Style::default().fg(match status {
        StreamStatus::Active => s.status_active,
        StreamStatus::Updating => s.status_updating,
        StreamStatus::Creating => s.status_creating,
        StreamStatus::Deleting => s.status_deleting,
        StreamStatus::Other(_) => s.muted,
    })
}

fn title(model: &Model, theme: &Theme) -> Line<'static> {
    let page = &model.streams;
    TableTitle {
        name: "Streams",
        counts: format!("[{} of {}]", page.rows.len(), page.listings().len()),
        filter: &page.table.filter,
        sort: page.sort().label(),
        descending: page.table.sort.descending,
        stale: page.list.is_stale(),
        unavailable: crate::ui::widgets::table_title::metrics_unavailable(
            model,
            "traffic",
            !page.facts.metrics.is_empty(),
        ),
    }
    .line(theme)
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(title(model, theme));
    let page = &model.streams;
    if let Some(lines) = message::placeholder(&page.list, "streams", theme) {
        return message::render(frame, theme, area, block, lines);
    }
    if page.rows.is_empty() {
        let text = if page.listings().is_empty() {
            format!("No streams in {}.", model.context.region)
        } else {
            format!(
                "No streams match /{} — esc clears the filter.",
                page.table.filter
            )
        };
        return message::render(frame, theme, area, block, vec![(text, theme.muted())]);
    }

    let page_rows = model.streams_page_rows();
    let visible = page.table.visible(page.rows.len(), page_rows);
    let wide = area.width >= WIDE_FROM;
    let rows: Vec<Row> = visible
        .clone()
        .filter_map(|i| {
            let row = page.row(page.rows[i])?;
            Some(stream_row(&row, model, theme, i == page.table.cursor, wide))
        })
        .collect();
    crate::ui::widgets::list_table::render(
        frame,
        area,
        theme,
        block,
        &columns(wide),
        Some(page.sort()),
        rows,
    );
}

/// The status, with the elapsed time of a change kinetic is following.
fn status_cell(row: &StreamRow<'_>, model: &Model, theme: &Theme) -> Cell<'static> {
    let resource = crate::ops::Resource::Stream(row.listing.name.clone());
    match model.operation_on(&resource) {
        Some(op) => {
            Cell::from(op.badge(model.now)).style(status_style(theme, &StreamStatus::Updating))
        }
        None => match row.status() {
            Some(status) => Cell::from(status.to_string()).style(status_style(theme, status)),
            None => Cell::from(units::UNKNOWN).style(theme.muted()),
        },
    }
}

/// The warm throughput cell: `40→120` while warming, `200`, `none`; blank for provisioned streams
/// and where the account has no Advantage mode.
fn warm_cell(row: &StreamRow<'_>, theme: &Theme) -> Cell<'static> {
    let warm = row.summary.and_then(|s| s.capacity.warm);
    let text = match warm {
        Some(w) if w.warming() => format!(
            "{}→{}",
            w.current_mibps.unwrap_or_default(),
            w.target_mibps.unwrap_or_default()
        ),
        Some(w) => match w.current_mibps {
            Some(0) | None => "none".to_string(),
            Some(current) => current.to_string(),
        },
        None => String::new(),
    };
    let style = if warm.is_some_and(|w| w.warming()) {
        Style::default().fg(theme.slots.status_updating)
    } else {
        Style::default().fg(theme.slots.fg)
    };
    Cell::from(Line::from(text).right_aligned()).style(style)
}

fn stream_row<'a>(
    row: &StreamRow<'_>,
    model: &Model,
    theme: &Theme,
    selected: bool,
    wide: bool,
) -> Row<'a> {
    let s = &theme.slots;
    let metrics: Option<&StreamMetrics> = row.metrics;
    let throttled = metrics.is_some_and(|m| m.throttled_recently(model.now));
    let age = metrics.and_then(StreamMetrics::iterator_age_ms);
    let age_style = match age {
        Some(ms) if ms >= 60_000.0 => Style::default().fg(s.danger),
        Some(ms) if ms >= 10_000.0 => Style::default().fg(s.warn),
        _ => Style::default().fg(s.fg),
    };
    let shards = match (row.open_shards, row.summary) {
        (Some(n), _) => n.to_string(),
        (None, Some(summary)) => summary.open_shards.to_string(),
        (None, None) => units::UNKNOWN.to_string(),
    };
    let mode = row.mode();
    let cells = vec![
        Cell::from(Line::from(
            std::iter::once(ratatui::text::Span::raw(format!("{} ", row.listing.name)))
                .chain(crate::ui::widgets::alarm_badge::badge(
                    model,
                    &row.listing.name,
                    theme,
                ))
                .collect::<Vec<_>>(),
        )),
        status_cell(row, model, theme),
        Cell::from(mode.map_or(units::UNKNOWN, |m| m.short())).style(match mode {
            Some(CapacityMode::OnDemand) => Style::default().fg(s.info),
            _ => Style::default().fg(s.fg),
        }),
        Cell::from(Line::from(shards).right_aligned()),
        Cell::from(
            Line::from(row.summary.map_or_else(
                || units::UNKNOWN.into(),
                |s| units::hours(s.retention_hours),
            ))
            .right_aligned(),
        ),
        Cell::from(
            Line::from(
                row.summary
                    .map_or_else(|| units::UNKNOWN.into(), |s| s.consumers.to_string()),
            )
            .right_aligned(),
        ),
        Cell::from(
            Line::from(units::option(
                metrics.and_then(StreamMetrics::records_per_sec),
                units::compact,
            ))
            .right_aligned(),
        ),
        Cell::from(
            Line::from(units::option(
                metrics.and_then(StreamMetrics::mb_per_sec),
                units::mb_per_sec,
            ))
            .right_aligned(),
        ),
        Cell::from(sparkline(
            &metrics.map(StreamMetrics::bytes_trend).unwrap_or_default(),
            TREND_WIDTH,
        ))
        .style(Style::default().fg(s.sparkline)),
        Cell::from(Line::from(units::option(age, units::millis)).right_aligned()).style(age_style),
        Cell::from(if throttled { " ▲" } else { "" })
            .style(Style::default().fg(s.danger).add_modifier(Modifier::BOLD)),
    ];
    let mut cells = cells;
    if wide {
        cells.insert(WARM_AT, warm_cell(row, theme));
    }
    let row = Row::new(cells);
    if selected {
        row.style(theme.selected())
    } else {
        row
    }
}

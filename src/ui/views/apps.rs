//! The applications screen: status, version, capacity, checkpoints, lag and restarts, coloured by health.
use crate::app::Model;
use crate::app::apps_page::{AppRow, AppSort};
use crate::domain::app_metrics::increase_since;
use crate::domain::health::Health;
use crate::domain::{AppDetail, AppStatus, MetricSeries};
use crate::ui::Theme;
use crate::ui::widgets::list_table::Column;
use crate::ui::widgets::table_title::TableTitle;
use crate::ui::widgets::{message, units};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Row};

const COLUMNS: [Column<AppSort>; 13] = [
    Column::sorts("NAME", Constraint::Min(18), AppSort::Name),
    Column::sorts("HEALTH", Constraint::Length(8), AppSort::Health),
    Column::sorts("STATUS", Constraint::Length(14), AppSort::Status),
    Column::plain("RUNTIME", Constraint::Length(8)),
    Column::plain("VER", Constraint::Length(4)),
    Column::sorts("PAR/KPU", Constraint::Length(7), AppSort::Kpus),
    Column::plain("UPTIME", Constraint::Length(7)),
    Column::plain("LAST CP", Constraint::Length(7)),
    Column::sorts(
        "CP TIME",
        Constraint::Length(7),
        AppSort::CheckpointDuration,
    ),
    Column::plain("CP SIZE", Constraint::Length(8)),
    Column::sorts("CP FAIL", Constraint::Length(7), AppSort::FailedCheckpoints),
    Column::sorts("LAG", Constraint::Length(7), AppSort::Lag),
    Column::sorts("RESTARTS", Constraint::Length(8), AppSort::Restarts),
];

/// The theme colour for an application status.
pub fn status_style(theme: &Theme, status: &AppStatus) -> Style {
    let s = &theme.slots;
    Style::default().fg(match status {
        AppStatus::Running => s.status_active,
        AppStatus::Starting
        | AppStatus::Updating
        | AppStatus::Autoscaling
        | AppStatus::Maintenance => s.status_updating,
        AppStatus::RollingBack
        | AppStatus::RolledBack
        | AppStatus::ForceStopping
        | AppStatus::Deleting => s.danger,
        AppStatus::Ready | AppStatus::Stopping | AppStatus::Other(_) => s.muted,
    })
}

/// The theme colour for a health verdict.
pub fn health_style(theme: &Theme, health: &Health) -> Style {
    let s = &theme.slots;
    match health {
        Health::Failing(_) => Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        Health::Degraded(_) => Style::default().fg(s.warn),
        Health::Healthy => Style::default().fg(s.ok),
        Health::Stopped | Health::Unknown => theme.muted(),
    }
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let page = &model.apps;
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(
            TableTitle {
                name: "Flink applications",
                counts: format!("[{} of {}]", page.rows.len(), page.summaries().len()),
                filter: &page.table.filter,
                sort: page.sort().label(),
                descending: page.table.sort.descending,
                stale: page.list.is_stale(),
                unavailable: crate::ui::widgets::table_title::metrics_unavailable(
                    model,
                    "metrics",
                    !page.facts.metrics.is_empty(),
                ),
            }
            .line(theme),
        );
    if let Some(lines) = message::placeholder(&page.list, "applications", theme) {
        return message::render(frame, theme, area, block, lines);
    }
    if page.rows.is_empty() {
        let text = if page.summaries().is_empty() {
            format!("No Managed Flink applications in {}.", model.context.region)
        } else {
            format!(
                "No applications match /{} — esc clears the filter.",
                page.table.filter
            )
        };
        return message::render(frame, theme, area, block, vec![(text, theme.muted())]);
    }
    let visible = page
        .table
        .visible(page.rows.len(), model.streams_page_rows());
    let rows: Vec<Row> = visible
        .filter_map(|i| {
            let row = page.row(page.rows[i])?;
            Some(app_row(&row, model, theme, i == page.table.cursor))
        })
        .collect();
    crate::ui::widgets::list_table::render(
        frame,
        area,
        theme,
        block,
        &COLUMNS,
        Some(page.sort()),
        rows,
    );
}

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).right_aligned())
}

fn latest(series: Option<&MetricSeries>) -> Option<f64> {
    series.and_then(MetricSeries::latest)
}

/// The status, or the change kinetic follows on the application with its elapsed time.
fn status_cell(row: &AppRow<'_>, model: &Model, theme: &Theme) -> Cell<'static> {
    let resource = crate::ops::Resource::Application(row.summary.name.clone());
    match model.operation_on(&resource) {
        Some(op) => {
            Cell::from(op.badge(model.now)).style(status_style(theme, &AppStatus::Updating))
        }
        None => Cell::from(row.summary.status.to_string())
            .style(status_style(theme, &row.summary.status)),
    }
}

fn app_row<'a>(row: &AppRow<'_>, model: &Model, theme: &Theme, selected: bool) -> Row<'a> {
    let s = &theme.slots;
    let health = row.health(model.now);
    let m = row.metrics;
    let since = model.now - chrono::Duration::minutes(crate::domain::health::RECENT_MINUTES);
    let failed_recently = m.map_or(0.0, |m| increase_since(&m.failed_checkpoints, since));
    let restarted_recently = m.map_or(0.0, |m| increase_since(&m.restarts, since));
    let par = row.detail.and_then(|d: &AppDetail| {
        d.parallelism
            .as_ref()
            .map(|p| format!("{}/{}", p.current.max(p.parallelism), p.kpus()))
    });
    let last_cp = m
        .and_then(|m| m.checkpoint_duration_ms.points.last())
        .map(|(t, _)| units::age(*t, model.now));
    let interval = row
        .detail
        .and_then(|d| d.checkpoint.as_ref())
        .map(|c| c.interval_ms as f64);
    let cp_ms = latest(m.map(|m| &m.checkpoint_duration_ms));
    let cp_style = match (cp_ms, interval) {
        (Some(d), Some(i)) if d > i / 2.0 => Style::default().fg(s.warn),
        _ => Style::default().fg(s.fg),
    };
    let lag = latest(m.map(|m| &m.lag_ms));
    let lag_style = match lag {
        Some(l) if l > crate::domain::health::LAG_DEGRADED_MS => Style::default().fg(s.warn),
        _ => Style::default().fg(s.fg),
    };
    let count_style = |recent: f64| {
        if recent > 0.0 {
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(s.fg)
        }
    };
    let cells = vec![
        Cell::from(Line::from(
            std::iter::once(ratatui::text::Span::raw(format!("{} ", row.summary.name)))
                .chain(crate::ui::widgets::alarm_badge::badge(
                    model,
                    &row.summary.name,
                    theme,
                ))
                .collect::<Vec<_>>(),
        )),
        Cell::from(health.label()).style(health_style(theme, &health)),
        status_cell(row, model, theme),
        Cell::from(
            row.summary
                .runtime
                .trim_start_matches("FLINK-")
                .replace('_', "."),
        )
        .style(theme.muted()),
        // A self-managed job has no version kinetic knows of.
        right(if row.summary.version_id > 0 {
            row.summary.version_id.to_string()
        } else {
            crate::ui::widgets::units::UNKNOWN.to_string()
        }),
        right(par.unwrap_or_else(|| units::UNKNOWN.into())),
        right(units::option(
            latest(m.map(|m| &m.uptime_ms)),
            units::millis,
        )),
        right(last_cp.unwrap_or_else(|| units::UNKNOWN.into())),
        right(units::option(cp_ms, units::millis)).style(cp_style),
        right(units::option(
            latest(m.map(|m| &m.checkpoint_size_bytes)),
            units::bytes,
        )),
        right(units::option(
            latest(m.map(|m| &m.failed_checkpoints)),
            units::count,
        ))
        .style(count_style(failed_recently)),
        right(units::option(lag, units::millis)).style(lag_style),
        right(units::option(latest(m.map(|m| &m.restarts)), units::count))
            .style(count_style(restarted_recently)),
    ];
    let row = Row::new(cells);
    if selected {
        row.style(theme.selected())
    } else {
        row
    }
}

//! The Job tab's last hour per task from CloudWatch (a Managed Flink application at MetricsLevel TASK or finer): busy and backpressured sparklines beside the live view's operators, when the backing up began and where, and — when the live view cannot be read — the likely bottleneck and the tasks' hour on their own.
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::domain::Loadable;
use crate::domain::job_graph::HIGH_MS_PER_SEC;
use crate::domain::monitoring::{MetricsLevel, level_cost};
use crate::domain::task_history::{TaskHistory, TaskSeries};
use crate::ui::Theme;
use crate::ui::widgets::sparkline::sparkline_of;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

/// Cells of an hour's sparkline: five minutes a cell.
pub const SPARK: u16 = 12;

/// The history, when it has tasks.
pub fn tasks(page: &AppDetailPage) -> Option<&TaskHistory> {
    page.tasks.value().filter(|h| !h.tasks.is_empty())
}

/// The hour to `now`, five minutes a cell, on a fixed scale (a full bar is every millisecond
/// of the second); minutes without a point (no job ran) are blank.
fn hour(series: &crate::domain::MetricSeries, now: crate::domain::Timestamp) -> String {
    let cells = usize::from(SPARK) - 1;
    let start = now - chrono::Duration::minutes(60);
    (0..cells)
        .map(|cell| {
            let from = start + chrono::Duration::seconds(3_600 * cell as i64 / cells as i64);
            let to = start + chrono::Duration::seconds(3_600 * (cell as i64 + 1) / cells as i64);
            let values: Vec<f64> = series
                .points
                .iter()
                .filter(|(at, _)| *at >= from && *at < to)
                .map(|(_, v)| *v)
                .collect();
            if values.is_empty() {
                ' '
            } else {
                sparkline_of(&values, 1, 1000.0)
                    .chars()
                    .next()
                    .unwrap_or(' ')
            }
        })
        .collect()
}

/// The busy and backpressured sparklines of the live view's operator `name` (empty when
/// CloudWatch has no task of that name).
pub fn operator_cells(
    model: &Model,
    page: &AppDetailPage,
    name: &str,
    theme: &Theme,
) -> [Cell<'static>; 2] {
    match tasks(page).and_then(|h| h.of(name)) {
        Some(task) => spark_cells(model, task, theme),
        None => [Cell::from(""), Cell::from("")],
    }
}

fn spark_cells(model: &Model, task: &TaskSeries, theme: &Theme) -> [Cell<'static>; 2] {
    let held = task
        .backpressured
        .latest()
        .is_some_and(|v| v >= HIGH_MS_PER_SEC);
    [
        Cell::from(hour(&task.busy, model.now)).style(Style::default().fg(theme.slots.sparkline)),
        Cell::from(hour(&task.backpressured, model.now)).style(Style::default().fg(if held {
            theme.slots.warn
        } else {
            theme.slots.sparkline
        })),
    ]
}

/// "Backing up since 11:20:00 (40m ago), first in Source: telemetry-enriched": when the
/// backing up began, from CloudWatch's minutes; or from when to when, if its metrics ended.
pub fn backed_up_line(model: &Model, page: &AppDetailPage, theme: &Theme) -> Option<Line<'static>> {
    let found = tasks(page)?.backed_up()?;
    let clock = |t| units::clock(t, model.tz);
    // CloudWatch's newest minute of a running job is a few minutes old.
    let ended = model.now - found.until > chrono::Duration::minutes(5);
    let text = if ended {
        format!(
            "Backed up from {} to {}, when its task metrics end; first in {}",
            clock(found.since),
            clock(found.until),
            found.first
        )
    } else {
        format!(
            "Backing up since {} ({} ago), first in {} (CloudWatch's task metrics)",
            clock(found.since),
            crate::domain::time::age(found.since, model.now),
            found.first
        )
    };
    Some(Line::styled(text, Style::default().fg(theme.slots.warn)))
}

/// Why there is no hour per task: the application's metrics level, and what raising it costs.
pub fn no_tasks_line(page: &AppDetailPage, theme: &Theme) -> Option<Line<'static>> {
    let history = page.tasks.value()?;
    if !history.tasks.is_empty() {
        return None;
    }
    let detail = page.detail.value()?;
    let level = detail.metrics_level();
    let text = if level.has_tasks() {
        format!(
            "CloudWatch has no task metrics of {} in the last two weeks, although it reports at {level}.",
            detail.name
        )
    } else {
        let parallelism = detail.parallelism.as_ref().map_or(1, |p| p.parallelism);
        let tasks = page
            .job
            .value()
            .map(|v| u32::try_from(v.graph.operators.len()).unwrap_or(0));
        let cost = level_cost(
            level,
            MetricsLevel::Task,
            tasks,
            u32::try_from(parallelism).unwrap_or(1),
        );
        format!(
            "No hour per task at MetricsLevel {level}: :metrics-level task adds it ({}, estimated).",
            cost.short
        )
    };
    Some(Line::styled(text, theme.muted()))
}

/// The tasks' last hour on their own, under the sentence of why the live view is missing:
/// the likely bottleneck, when the backing up began, and every task's hour.
pub fn render_alone(
    model: &Model,
    page: &AppDetailPage,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let Some(history) = tasks(page) else {
        let line = match &page.tasks {
            Loadable::Failed {
                error,
                last_good: None,
                ..
            } => Some(Line::styled(
                format!("CloudWatch's task metrics: {error}"),
                Style::default().fg(s.danger),
            )),
            _ => no_tasks_line(page, theme),
        };
        if let Some(line) = line {
            frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
        }
        return;
    };
    let mut lines = vec![Line::styled(
        format!(
            "The last hour from CloudWatch's task metrics{}, which do not say which task feeds which:",
            page.tasks
                .as_of()
                .map(|t| format!(" (read at {})", units::clock(t, model.tz)))
                .unwrap_or_default()
        ),
        theme.title(),
    )];
    match history.likely_bottleneck() {
        Some(found) => lines.push(Line::from(vec![
            Span::styled("Likely bottleneck: ", Style::default().fg(s.danger)),
            Span::styled(
                found.sentence(&units::clock(found.at, model.tz)),
                Style::default().fg(s.danger),
            ),
        ])),
        None => lines.push(Line::styled(
            "No bottleneck in the newest minute: no busy task beside backpressured ones.",
            Style::default().fg(s.ok),
        )),
    }
    if let Some(line) = backed_up_line(model, page, theme) {
        lines.push(line);
    }
    let height = u16::try_from(lines.len()).unwrap_or(3);
    let [head, table] =
        ratatui::layout::Layout::vertical([Constraint::Length(height), Constraint::Min(0)])
            .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);
    let rows: Vec<Row> = history
        .tasks
        .iter()
        .map(|task| {
            let latest = |s: &crate::domain::MetricSeries| {
                s.latest().map_or_else(
                    || units::UNKNOWN.to_string(),
                    |v| format!("{:.0}%", v / 10.0),
                )
            };
            let [busy, backpressured] = spark_cells(model, task, theme);
            Row::new(vec![
                Cell::from(task.name()),
                Cell::from(Line::from(latest(&task.busy)).right_aligned()),
                Cell::from(Line::from(latest(&task.backpressured)).right_aligned()),
                Cell::from(Line::from(latest(&task.idle)).right_aligned()),
                busy,
                backpressured,
            ])
        })
        .collect();
    let header = Row::new(
        [
            "TASK (CloudWatch)",
            "BUSY",
            "BACKPR",
            "IDLE",
            "BUSY 1h",
            "BACKPR 1h",
        ]
        .map(|h| Cell::from(h).style(theme.title())),
    );
    let widths = [
        Constraint::Min(24),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(SPARK),
        Constraint::Length(SPARK),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), table);
}

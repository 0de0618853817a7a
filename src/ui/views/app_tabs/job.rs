//! Job tab: Flink's own view of the job — where it was read, the bottleneck named, the operators in topological order, checkpoints, the exception history (root cause first, the selected one's stack unfolded) and the task managers.
use crate::app::Model;
use crate::app::app_detail_page::{AppDetailPage, JOB_CHECKPOINT_ROWS, JobRow};
use crate::domain::Loadable;
use crate::domain::job_graph::Operator;
use crate::domain::job_view::JobView;
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::task_history;

const CHECKPOINT_ROWS: usize = JOB_CHECKPOINT_ROWS;

pub fn render(model: &Model, page: &AppDetailPage, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = match &page.job {
        Loadable::NotAsked | Loadable::Loading => {
            return frame.render_widget(
                Paragraph::new(Line::styled(
                    "Reading the job from Flink…",
                    Style::default().fg(theme.slots.info),
                )),
                area,
            );
        }
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => {
            // Without the live view, CloudWatch's hour per task says what it can.
            let [why, history] =
                Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    error.to_string(),
                    Style::default().fg(theme.slots.danger),
                ))
                .wrap(Wrap { trim: true }),
                why,
            );
            return task_history::render_alone(model, page, theme, frame, history);
        }
        other => match other.value() {
            Some(view) => view,
            None => return,
        },
    };
    let operators = view.graph.operators.len();
    let exceptions_height = if page.unfolded { 12 } else { 5 };
    // The error of a failed refresh wraps onto a second line above the bottleneck; the hour
    // per task adds when the backing up began, or why there is no such hour.
    let history_line = task_history::backed_up_line(model, page, theme)
        .or_else(|| task_history::no_tasks_line(page, theme));
    let head_height =
        if page.job.error().is_some() { 5 } else { 3 } + u16::from(history_line.is_some());
    let [head, ops, checkpoints, exceptions, tms] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Max(u16::try_from(operators + 2).unwrap_or(u16::MAX)),
        Constraint::Length(
            u16::try_from(CHECKPOINT_ROWS.min(view.checkpoints.len()) + 2).unwrap_or(3),
        ),
        Constraint::Min(exceptions_height),
        Constraint::Length(2),
    ])
    .areas(area);
    let mut lines = heading(model, page, view, theme);
    lines.extend(history_line);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), head);
    render_operators(model, page, view, theme, frame, ops);
    render_checkpoints(model, page, view, theme, frame, checkpoints);
    render_exceptions(model, page, view, theme, frame, exceptions);
    frame.render_widget(Paragraph::new(task_managers(view, theme)), tms);
}

/// Where the view was read, the job's state, and the bottleneck named (or that there is none).
fn heading(
    model: &Model,
    page: &AppDetailPage,
    view: &JobView,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let state_colour = match view.state.as_str() {
        "RUNNING" if view.all_running => s.ok,
        "FAILED" | "FAILING" | "RESTARTING" => s.danger,
        _ => s.warn,
    };
    let mut first = vec![
        Span::styled(format!("{} ", view.name), theme.title()),
        Span::styled(view.state.clone(), Style::default().fg(state_colour)),
    ];
    if view.state == "RUNNING" && !view.all_running {
        first.push(Span::styled(
            " (tasks wait for slots)",
            Style::default().fg(s.warn),
        ));
    }
    first.push(Span::styled(
        format!(
            "  job {} · from {}{}",
            view.job_id,
            view.source.label(),
            page.job
                .as_of()
                .map(|t| format!(" at {}", units::clock(t, model.tz)))
                .unwrap_or_default()
        ),
        theme.muted(),
    ));
    if page.job.is_stale() {
        first.push(Span::raw(" "));
        first.push(crate::ui::widgets::table_title::stale_badge(theme));
    }
    let mut lines = vec![Line::from(first)];
    if let Some(error) = page.job.error() {
        lines.push(Line::styled(
            error.to_string(),
            Style::default().fg(s.danger),
        ));
    }
    lines.push(match view.bottleneck() {
        Some(found) => Line::from(vec![
            Span::styled(
                "Bottleneck: ",
                Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
            ),
            Span::styled(found.sentence(&view.graph), Style::default().fg(s.danger)),
        ]),
        None => Line::styled(
            "No bottleneck: no busy operator holds back backpressured ones.",
            Style::default().fg(s.ok),
        ),
    });
    lines
}

fn per_second(ms: Option<f64>) -> String {
    ms.map_or_else(
        || units::UNKNOWN.to_string(),
        |ms| format!("{:.0}%", ms / 10.0),
    )
}

fn render_operators(
    model: &Model,
    page: &AppDetailPage,
    view: &JobView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let hour = task_history::tasks(page).is_some();
    let bottleneck = view.bottleneck();
    let rows: Vec<Row> = view
        .graph
        .operators
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let colour = if bottleneck.as_ref().is_some_and(|b| b.operator == i) {
                s.danger
            } else if o.backpressured() {
                s.warn
            } else {
                s.fg
            };
            let mut cells = operator_row(model, o);
            if hour {
                cells.extend(task_history::operator_cells(model, page, &o.name, theme));
            }
            Row::new(cells).style(Style::default().fg(colour))
        })
        .collect();
    let mut titles = vec![
        "OPERATOR",
        "PAR",
        "STATUS",
        "BUSY",
        "BACKPR",
        "IDLE",
        "IN/s",
        "OUT/s",
        "WATERMARK",
        "LAG",
        "WORST",
    ];
    if hour {
        titles.extend(["BUSY 1h", "BACKPR 1h"]);
    }
    let header = Row::new(
        titles
            .into_iter()
            .map(|h| Cell::from(h).style(theme.title())),
    );
    let mut widths = vec![
        Constraint::Min(24),
        Constraint::Length(4),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Length(9),
        Constraint::Length(7),
        Constraint::Length(6),
    ];
    if hour {
        widths.extend([
            Constraint::Length(task_history::SPARK),
            Constraint::Length(task_history::SPARK),
        ]);
    }
    frame.render_widget(Table::new(rows, widths).header(header), area);
}

fn operator_row(model: &Model, o: &Operator) -> Vec<Cell<'static>> {
    let right = |text: String| Cell::from(Line::from(text).right_aligned());
    vec![
        Cell::from(o.name.clone()),
        right(o.parallelism.to_string()),
        Cell::from(o.status.clone()),
        right(per_second(o.busy_ms)),
        right(per_second(o.backpressured_ms)),
        right(per_second(o.idle_ms)),
        right(units::option(o.records_in, units::compact)),
        right(units::option(o.records_out, units::compact)),
        Cell::from(
            o.watermark
                .map_or_else(|| units::UNKNOWN.to_string(), |w| units::clock(w, model.tz)),
        ),
        right(o.watermark.map_or_else(
            || units::UNKNOWN.to_string(),
            |w| units::millis((model.now - w).num_milliseconds() as f64),
        )),
        right(
            o.worst_subtask
                .map_or_else(String::new, |s| format!("#{s}")),
        ),
    ]
}

fn render_checkpoints(
    model: &Model,
    page: &AppDetailPage,
    view: &JobView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let [title, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let mut spans = vec![Span::styled("CHECKPOINTS ", theme.title())];
    if let Some(c) = &view.checkpoint_settings {
        spans.push(Span::styled(
            format!(
                "every {} · timeout {} · {} · {} · tolerates {} failed",
                units::millis(c.interval_ms as f64),
                units::millis(c.timeout_ms as f64),
                if c.unaligned { "unaligned" } else { "aligned" },
                c.mode.replace('_', "-"),
                c.tolerable_failures
            ),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), title);
    if view.checkpoints.is_empty() {
        return frame.render_widget(
            Paragraph::new(Line::styled("No checkpoints yet.", theme.muted())),
            table,
        );
    }
    let rows: Vec<Row> = view
        .checkpoints
        .iter()
        .take(CHECKPOINT_ROWS)
        .map(|c| {
            let colour = match c.status.as_str() {
                "COMPLETED" => s.ok,
                "FAILED" => s.danger,
                _ => s.warn,
            };
            let kind = match (c.savepoint, c.restored) {
                (_, true) => "restored from",
                (true, false) => "savepoint",
                _ => "",
            };
            let selected = page.selected_job_row() == Some(JobRow::Checkpoint(c.id));
            let row = Row::new(vec![
                Cell::from(Line::from(format!("#{}", c.id)).right_aligned()),
                Cell::from(c.status.clone()).style(Style::default().fg(colour)),
                Cell::from(units::clock(c.triggered, model.tz)),
                Cell::from(Line::from(units::millis(c.duration_ms as f64)).right_aligned()),
                Cell::from(Line::from(units::bytes(c.size_bytes as f64)).right_aligned()),
                Cell::from(kind).style(theme.muted()),
                slowest_cell(page, view, c.id, selected, theme),
            ]);
            if selected {
                row.style(theme.selected())
            } else {
                row
            }
        })
        .collect();
    let header = Row::new(
        [
            "ID",
            "STATUS",
            "TRIGGERED",
            "DURATION",
            "SIZE",
            "",
            "SLOWEST OPERATOR (SUBTASK)",
        ]
        .map(|h| Cell::from(h).style(theme.title())),
    );
    let widths = [
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Length(13),
        Constraint::Min(20),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), table);
}

/// Which operator (and subtask) took longest in checkpoint `id`: read with the view for the
/// newest, on enter for the others.
fn slowest_cell(
    page: &AppDetailPage,
    view: &JobView,
    id: u64,
    selected: bool,
    theme: &Theme,
) -> Cell<'static> {
    let chosen = page.checkpoint_details.get(&id);
    let known = chosen
        .and_then(Loadable::value)
        .or(view.slowest.as_ref().filter(|s| s.checkpoint == id));
    if let Some(slow) = known {
        let subtask = slow
            .subtask
            // An operator's time is its slowest subtask's: name which one it was.
            .map(|(i, _)| format!(" (subtask {i})"))
            .unwrap_or_default();
        return Cell::from(format!(
            "{} {}{subtask}",
            slow.operator,
            units::millis(slow.duration_ms as f64)
        ))
        .style(Style::default().fg(theme.slots.warn));
    }
    match chosen {
        Some(Loadable::Loading) => Cell::from("reading…").style(theme.muted()),
        Some(Loadable::Failed { error, .. }) => {
            Cell::from(error.short()).style(Style::default().fg(theme.slots.danger))
        }
        _ if selected => Cell::from("enter reads it").style(theme.muted()),
        _ => Cell::from(""),
    }
}

fn render_exceptions(
    model: &Model,
    page: &AppDetailPage,
    view: &JobView,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("EXCEPTIONS ({}) ", view.exceptions.len()),
            theme.title(),
        ),
        Span::styled(
            "newest first, root cause first; ↑↓ select (checkpoints too), enter unfolds",
            theme.muted(),
        ),
    ])];
    if view.exceptions.is_empty() {
        lines.push(Line::styled(
            "None since the job started.",
            Style::default().fg(s.ok),
        ));
    }
    for (i, e) in view.exceptions.iter().enumerate() {
        let selected = page.selected_job_row() == Some(JobRow::Exception(i));
        let place = match (&e.task, &e.host) {
            (Some(task), Some(host)) => format!(" in {task} on {host}"),
            (Some(task), None) => format!(" in {task}"),
            (None, Some(host)) => format!(" on {host}"),
            (None, None) => String::new(),
        };
        let line = Line::from(vec![
            Span::styled(format!("{} ", units::clock(e.at, model.tz)), theme.muted()),
            Span::styled(e.root_cause.clone(), Style::default().fg(s.danger)),
            Span::styled(place, theme.muted()),
        ]);
        lines.push(if selected {
            line.style(theme.selected())
        } else {
            line
        });
        if selected && page.unfolded {
            lines.extend(
                e.stack
                    .lines()
                    .map(|l| Line::styled(format!("    {}", l.trim_end()), theme.muted())),
            );
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn task_managers(view: &JobView, theme: &Theme) -> Vec<Line<'static>> {
    let mut spans = vec![Span::styled(
        format!("TASK MANAGERS ({}) ", view.task_managers.len()),
        theme.title(),
    )];
    for tm in &view.task_managers {
        let heap = match (tm.heap_used, tm.heap_max) {
            (Some(used), Some(max)) => format!(
                ", heap {} of {}",
                units::bytes(used as f64),
                units::bytes(max as f64)
            ),
            _ => String::new(),
        };
        spans.push(Span::styled(
            format!(
                "{}: {} of {} slots used{heap}   ",
                tm.id,
                tm.slots_total.saturating_sub(tm.slots_free),
                tm.slots_total
            ),
            Style::default().fg(theme.slots.fg),
        ));
    }
    vec![Line::from(spans)]
}

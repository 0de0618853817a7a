//! Checkpoints tab: charts of checkpoint duration (against the configured interval), size and failures.
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::app::app_detail_page::CHECKPOINT_HOURS;
use crate::domain::{AppDetail, Loadable, MetricSeries};
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

/// (minutes ago as a negative x, value) points of a series.
fn points(series: &MetricSeries, model: &Model, scale: f64) -> Vec<(f64, f64)> {
    series
        .points
        .iter()
        .map(|(t, v)| (-((model.now - *t).num_seconds() as f64 / 60.0), v * scale))
        .collect()
}

/// Per-minute increases of a cumulative counter.
fn increases(series: &MetricSeries) -> MetricSeries {
    MetricSeries {
        points: series
            .points
            .windows(2)
            .map(|w| (w[1].0, (w[1].1 - w[0].1).max(0.0)))
            .collect(),
    }
}

fn chart<'a>(
    title: String,
    data: &'a [(f64, f64)],
    reference: Option<&'a [(f64, f64)]>,
    unit: &str,
    theme: &Theme,
) -> Chart<'a> {
    let max = data
        .iter()
        .chain(reference.unwrap_or_default())
        .map(|(_, y)| *y)
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.1;
    let mut sets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(Style::default().fg(theme.slots.sparkline))
            .data(data),
    ];
    if let Some(reference) = reference {
        sets.push(
            Dataset::default()
                .name("interval")
                .marker(Marker::Dot)
                .graph_type(GraphType::Line)
                .style(Style::default().fg(theme.slots.warn))
                .data(reference),
        );
    }
    let span = (CHECKPOINT_HOURS * 60) as f64;
    Chart::new(sets)
        .x_axis(
            Axis::default()
                .bounds([-span, 0.0])
                .labels([
                    Line::from(format!("-{CHECKPOINT_HOURS}h")),
                    Line::from("now"),
                ])
                .style(theme.muted()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, max])
                .labels([Line::from("0"), Line::from(format!("{max:.0} {unit}"))])
                .style(theme.muted()),
        )
        .block(ratatui::widgets::Block::default().title(Span::styled(title, theme.title())))
}

pub fn render(
    model: &Model,
    page: &AppDetailPage,
    detail: &AppDetail,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let metrics = match &page.checkpoints {
        Loadable::NotAsked | Loadable::Loading => {
            return frame.render_widget(
                Paragraph::new(Line::styled(
                    "Loading checkpoint metrics…",
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
            return frame.render_widget(
                Paragraph::new(Line::styled(
                    error.to_string(),
                    Style::default().fg(theme.slots.danger),
                )),
                area,
            );
        }
        other => match other.value() {
            Some(m) => m,
            None => return,
        },
    };
    if metrics.checkpoint_duration_ms.points.is_empty() {
        return frame.render_widget(
            Paragraph::new(Line::styled(
                "No checkpoint metrics in the last hours (is the application running?).",
                theme.muted(),
            )),
            area,
        );
    }
    let [duration_area, size_area, failed_area] = Layout::vertical([
        Constraint::Ratio(2, 5),
        Constraint::Ratio(3, 10),
        Constraint::Ratio(3, 10),
    ])
    .areas(area);
    let duration = points(&metrics.checkpoint_duration_ms, model, 0.001);
    let interval_s = detail
        .checkpoint
        .as_ref()
        .map(|c| c.interval_ms as f64 / 1000.0);
    let reference: Vec<(f64, f64)> = interval_s
        .map(|i| vec![(-((CHECKPOINT_HOURS * 60) as f64), i), (0.0, i)])
        .unwrap_or_default();
    let latest = metrics
        .checkpoint_duration_ms
        .latest()
        .map(units::millis)
        .unwrap_or_default();
    let title = match interval_s {
        Some(i) => format!(" Checkpoint duration (latest {latest}; interval {i:.0} s, dotted) "),
        None => format!(" Checkpoint duration (latest {latest}) "),
    };
    frame.render_widget(
        chart(
            title,
            &duration,
            interval_s.map(|_| reference.as_slice()),
            "s",
            theme,
        ),
        duration_area,
    );
    let size = points(&metrics.checkpoint_size_bytes, model, 1e-6);
    let size_title = format!(
        " Checkpoint size (latest {}) ",
        metrics
            .checkpoint_size_bytes
            .latest()
            .map(units::bytes)
            .unwrap_or_default()
    );
    frame.render_widget(chart(size_title, &size, None, "MB", theme), size_area);
    let failed_series = increases(&metrics.failed_checkpoints);
    let failed = points(&failed_series, model, 1.0);
    let total: f64 = failed_series.points.iter().map(|(_, v)| v).sum();
    frame.render_widget(
        chart(
            format!(" Failed checkpoints per minute ({total:.0} in {CHECKPOINT_HOURS} h) "),
            &failed,
            None,
            "",
            theme,
        ),
        failed_area,
    );
}

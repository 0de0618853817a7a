//! Overview tab: configuration facts on the left, the streams the application reads and writes on the right.
use crate::app::Model;
use crate::app::app_detail_page::AppDetailPage;
use crate::domain::monitoring::{MetricsLevel, level_cost};
use crate::domain::{AppDetail, Direction};
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn fact(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<20}"), theme.muted()),
        Span::styled(value, Style::default().fg(theme.slots.fg)),
    ])
}

fn yes_no(value: bool) -> String {
    if value { "yes".into() } else { "no".into() }
}

/// Version lineage in words: "updated from 4", "rolled back from 6 to 5".
pub fn lineage(detail: &AppDetail) -> String {
    match (
        detail.rolled_back_from,
        detail.rolled_back_to,
        detail.updated_from,
    ) {
        (Some(from), Some(to), _) => format!("rolled back from {from} to {to}"),
        (Some(from), None, _) => format!("rolled back from {from}"),
        (_, _, Some(from)) => format!("updated from {from}"),
        _ => String::new(),
    }
}

pub fn render(
    model: &Model,
    page: &AppDetailPage,
    detail: &AppDetail,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(50), Constraint::Length(44)]).areas(area);
    let self_managed = crate::domain::flink_cluster::split(&detail.name).is_some();
    let mut lines = if self_managed {
        self_managed_facts(model, detail, theme)
    } else {
        let mut lines = managed_facts(detail, theme);
        lines.extend(monitoring_facts(page, detail, theme));
        lines
    };
    if let Some(updated) = detail.last_updated {
        lines.push(fact("Last updated", units::date(updated, model.tz), theme));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), left);
    render_streams(model, page, theme, frame, right);
}

/// A self-managed job: what its cluster's REST API tells.
fn self_managed_facts(model: &Model, detail: &AppDetail, theme: &Theme) -> Vec<Line<'static>> {
    vec![
        fact("Status", detail.status.to_string(), theme),
        fact("Runtime", detail.runtime.clone(), theme),
        fact("Job", detail.description.clone().unwrap_or_default(), theme),
        fact(
            "Started",
            detail
                .created
                .map(|t| units::date(t, model.tz))
                .unwrap_or_default(),
            theme,
        ),
        fact(
            "Parallelism",
            detail
                .parallelism
                .as_ref()
                .map(|p| format!("{} (the widest operator)", p.parallelism))
                .unwrap_or_default(),
            theme,
        ),
        fact(
            "Checkpoints",
            detail
                .checkpoint
                .as_ref()
                .map(|c| {
                    if c.enabled {
                        format!("every {}", units::millis(c.interval_ms as f64))
                    } else {
                        "OFF".to_string()
                    }
                })
                .unwrap_or_default(),
            theme,
        ),
        fact(
            "Logs",
            "the job manager's and task managers' over REST (l opens them, polled)".into(),
            theme,
        ),
    ]
}

/// A Managed Flink application: its configuration as DescribeApplication tells it.
fn managed_facts(detail: &AppDetail, theme: &Theme) -> Vec<Line<'static>> {
    let code = detail.code.as_ref();
    let par = detail.parallelism.as_ref();
    let cp = detail.checkpoint.as_ref();
    let mut lines = vec![
        fact("Status", detail.status.to_string(), theme),
        fact("Runtime", detail.runtime.clone(), theme),
        fact(
            "Version",
            format!("{}  {}", detail.version_id, lineage(detail)),
            theme,
        ),
        fact(
            "Code bucket",
            code.map(|c| c.bucket_arn.clone()).unwrap_or_default(),
            theme,
        ),
        fact(
            "Code key",
            code.map(|c| c.file_key.clone()).unwrap_or_default(),
            theme,
        ),
        fact(
            "Object version",
            code.and_then(|c| c.object_version.clone())
                .unwrap_or_else(|| "—".into()),
            theme,
        ),
        fact(
            "Parallelism",
            par.map(|p| {
                format!(
                    "{} (current {}), {} per KPU = {} KPUs, autoscaling {}",
                    p.parallelism,
                    p.current,
                    p.per_kpu,
                    p.kpus(),
                    yes_no(p.autoscaling)
                )
            })
            .unwrap_or_default(),
            theme,
        ),
        fact(
            "Checkpoints",
            cp.map(|c| {
                format!(
                    "{} every {}, min pause {} ({})",
                    if c.enabled { "on" } else { "OFF" },
                    units::millis(c.interval_ms as f64),
                    units::millis(c.min_pause_ms as f64),
                    c.configuration_type
                )
            })
            .unwrap_or_default(),
            theme,
        ),
        fact("Snapshots enabled", yes_no(detail.snapshots_enabled), theme),
        fact(
            "System rollback",
            yes_no(detail.system_rollback_enabled),
            theme,
        ),
    ];
    for arn in &detail.log_stream_arns {
        lines.push(fact("Logs", arn.clone(), theme));
    }
    if detail.log_stream_arns.is_empty() {
        lines.push(fact("Logs", "CloudWatch logging is off".into(), theme));
    }
    lines
}

/// What it reports to CloudWatch and what raising it costs; when AWS maintains it.
fn monitoring_facts(page: &AppDetailPage, detail: &AppDetail, theme: &Theme) -> Vec<Line<'static>> {
    let level = detail.metrics_level();
    let configured = detail.monitoring.as_ref().map_or("AWS's default", |m| {
        if m.configuration_type == "CUSTOM" {
            "custom"
        } else {
            "AWS's default"
        }
    });
    let mut lines = vec![fact(
        "Metrics level",
        format!("{level} ({configured}) · :metrics-level LEVEL"),
        theme,
    )];
    if let Some(next) = MetricsLevel::ALL.into_iter().find(|l| *l > level) {
        let tasks = page
            .job
            .value()
            .map(|v| v.graph.operators.len())
            .or_else(|| page.tasks.value().map(|h| h.tasks.len()).filter(|n| *n > 0))
            .and_then(|n| u32::try_from(n).ok());
        let parallelism = detail.parallelism.as_ref().map_or(1, |p| {
            u32::try_from(p.current.max(p.parallelism)).unwrap_or(1)
        });
        let cost = level_cost(level, next, tasks, parallelism);
        lines.push(fact(
            "",
            format!("{next} would add {} (an estimate)", cost.short),
            theme,
        ));
    }
    lines.push(fact(
        "Maintenance",
        detail.maintenance.as_ref().map_or_else(
            || "AWS's window (not described)".to_string(),
            |w| format!("{w}, daily · :maintenance HH:MM moves it"),
        ),
        theme,
    ));
    lines
}

fn render_streams(
    model: &Model,
    page: &AppDetailPage,
    theme: &Theme,
    frame: &mut Frame,
    right: Rect,
) {
    let streams = page.streams();
    let mut stream_lines = Vec::new();
    if streams.is_empty() {
        stream_lines.push(Line::styled(
            "No streams named in the property groups.",
            theme.muted(),
        ));
    }
    for (i, (direction, name)) in streams.iter().enumerate() {
        let arrow = match direction {
            Direction::Reads => "reads  ←",
            Direction::Writes => "writes →",
        };
        let known = model.streams.listings().iter().any(|l| &l.name == name);
        let style = if i == page.stream_cursor {
            theme.selected()
        } else if known {
            Style::default().fg(theme.slots.fg)
        } else {
            theme.muted()
        };
        stream_lines.push(Line::from(vec![
            Span::styled(format!("{arrow} "), theme.muted()),
            Span::styled(name.clone(), style),
        ]));
    }
    stream_lines.push(Line::default());
    stream_lines.push(Line::styled(
        "j/k select · enter opens the stream",
        theme.muted(),
    ));
    frame.render_widget(
        Paragraph::new(stream_lines).block(
            Block::default()
                .borders(Borders::LEFT)
                .border_style(Style::default().fg(theme.slots.border))
                .title(Span::styled(" Streams ", theme.title())),
        ),
        right,
    );
}

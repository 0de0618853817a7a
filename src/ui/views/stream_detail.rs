//! The stream detail screen: summary, the shards table with hash ranges and heat, and consumers.
use super::streams::status_style;
use crate::app::Model;
use crate::app::layout::DETAIL_SUMMARY_HEIGHT;
use crate::app::stream_detail_page::{Heat, StreamDetailPage, heat};
use crate::domain::capacity::{Lever, MIN_RECORD_KIB, ThrottleReasons};
use crate::domain::{Loadable, Shard, StreamMetrics, StreamSummary};
use crate::ui::Theme;
use crate::ui::widgets::list_table::Column;
use crate::ui::widgets::table_title::TableTitle;
use crate::ui::widgets::{hash_bar, message, sparkline::sparkline, units};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row};

const SHARD_COLUMNS: [Column<()>; 7] = [
    Column::plain("SHARD", Constraint::Length(20)),
    Column::plain("STATE", Constraint::Length(6)),
    Column::plain("HASH RANGE", Constraint::Length(14)),
    Column::plain("KEYSPACE", Constraint::Length(BAR_WIDTH as u16)),
    Column::plain("PARENTS", Constraint::Min(9)),
    Column::plain("MB/S", Constraint::Length(6)),
    Column::plain("REC/S", Constraint::Length(6)),
];

const BAR_WIDTH: usize = 12;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(detail) = &model.stream_detail else {
        return;
    };
    let [summary_area, lower] = Layout::vertical([
        Constraint::Length(DETAIL_SUMMARY_HEIGHT),
        Constraint::Min(0),
    ])
    .areas(area);
    render_summary(model, detail, theme, frame, summary_area);
    let lower = match model.why_throttles() {
        Some(reasons) => {
            let height = crate::app::why_throttles::panel_height(&reasons, lower.height);
            let [why, rest] =
                Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(lower);
            render_throttle_reasons(&reasons, theme, frame, why);
            rest
        }
        None => lower,
    };
    let [shards_area, consumers_area] =
        Layout::horizontal([Constraint::Min(60), Constraint::Length(34)]).areas(lower);
    render_shards(model, detail, theme, frame, shards_area);
    render_consumers(model, detail, theme, frame, consumers_area);
}

fn field(label: &'static str, value: String, theme: &Theme) -> [Span<'static>; 2] {
    [
        Span::styled(format!("{label} "), theme.muted()),
        Span::styled(format!("{value}   "), Style::default().fg(theme.slots.fg)),
    ]
}

fn render_summary(
    model: &Model,
    detail: &StreamDetailPage,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border))
        .title({
            let mut spans = vec![Span::styled(format!(" {} ", detail.stream), theme.title())];
            super::app_detail::alarm_spans(model, &detail.stream, theme, &mut spans);
            Line::from(spans)
        });
    let summary = match &detail.summary {
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
                vec![(error.to_string(), Style::default().fg(theme.slots.danger))],
            );
        }
        other => match other.value() {
            Some(summary) => summary,
            None => {
                return message::render(
                    frame,
                    theme,
                    area,
                    block,
                    vec![(
                        "Loading summary…".into(),
                        Style::default().fg(theme.slots.info),
                    )],
                );
            }
        },
    };
    let measured = model.streams.facts.metrics.get(&detail.stream);
    let metrics = measured.map(|(m, _)| m);
    let open = detail
        .shards
        .value()
        .map_or(summary.open_shards, |s| crate::domain::shard::count_open(s));
    // A change kinetic is following shows how long it has been running.
    let resource = crate::ops::Resource::Stream(detail.stream.clone());
    let status = match model.operation_on(&resource) {
        Some(op) => format!("{} ({})", op.badge(model.now), op.plan.call.api()),
        None => summary.status.to_string(),
    };
    let mut first = vec![
        Span::styled("Status ", theme.muted()),
        Span::styled(format!("{status}   "), status_style(theme, &summary.status)),
    ];
    first.extend(field(
        "Mode",
        summary.mode.map(|m| m.to_string()).unwrap_or_default(),
        theme,
    ));
    first.extend(field("Open shards", open.to_string(), theme));
    first.extend(field(
        "Retention",
        units::hours(summary.retention_hours),
        theme,
    ));
    let advantage = model.account.value().cloned().unwrap_or_default();
    first.extend(field(
        "EFO consumers",
        format!("{} of {}", summary.consumers, advantage.consumer_limit()),
        theme,
    ));
    let mut second = Vec::new();
    second.extend(field(
        "Encryption",
        summary.encryption.clone().unwrap_or_else(|| "none".into()),
        theme,
    ));
    second.extend(field(
        "Shard-level metrics",
        shard_metrics_label(summary),
        theme,
    ));
    if let Some(created) = summary.created {
        second.extend(field("Created", units::date(created, model.tz), theme));
    }
    // Capacity beyond shards leads the last line, before the ARN.
    let mut last = Vec::new();
    let capacity = summary.capacity;
    if let Some(warm) = capacity.warm {
        last.extend(field("Warm", warm.text(), theme));
    }
    if summary.mode == Some(crate::domain::CapacityMode::OnDemand)
        && let Some(distribution) = capacity.distribution
    {
        last.extend(field("Distribution", distribution.to_string(), theme));
    }
    if capacity
        .max_record_kib
        .is_some_and(|kib| kib != MIN_RECORD_KIB)
    {
        last.extend(field("Max record", capacity.max_record_text(), theme));
    }
    last.push(Span::styled(summary.arn.clone(), theme.muted()));
    let third = traffic_line(model, measured, theme);
    let trend = metrics.map(StreamMetrics::bytes_trend).unwrap_or_default();
    let width = usize::from(area.width.saturating_sub(20));
    let lines = vec![
        Line::from(first),
        Line::from(second),
        third,
        Line::from(vec![
            Span::styled("Bytes in, 1 h  ", theme.muted()),
            Span::styled(
                sparkline(&trend, width),
                Style::default().fg(theme.slots.sparkline),
            ),
        ]),
        Line::from(last),
    ];
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.text()), area);
}

fn render_throttle_reasons(
    reasons: &ThrottleReasons,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.danger))
        .title(Span::styled(" Why it throttles ", theme.title()));
    let mut lines: Vec<Line> = reasons
        .lines
        .iter()
        .map(|line| Line::from(Span::styled(line.clone(), theme.text())))
        .collect();
    for lever in &reasons.levers {
        let key = match lever {
            Lever::Warm(_) => "W".to_string(),
            Lever::Provisioned(_) => "c".to_string(),
            other => format!(":{}", other.command()),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {key:<20}"),
                Style::default().fg(theme.slots.accent),
            ),
            Span::styled(lever.text(), theme.muted()),
        ]));
    }
    // Narrow terminals wrap the sentences rather than cut them.
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.text())
            .wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
}

fn shard_metrics_label(summary: &StreamSummary) -> String {
    if summary.shard_level_metrics.is_empty() {
        "off (per-shard rates need enhanced monitoring)".into()
    } else {
        summary.shard_level_metrics.join(",")
    }
}

/// Traffic, throttling and iterator age; when GetMetricData fails, why, and how old what is
/// shown is.
fn traffic_line(
    model: &Model,
    measured: Option<&(StreamMetrics, crate::domain::Timestamp)>,
    theme: &Theme,
) -> Line<'static> {
    let fault = model
        .faults
        .get(crate::app::faults::Api::GetMetricData)
        .map(|f| model.sentence(&f.error));
    let Some((metrics, at)) = measured else {
        return match fault {
            Some(why) => Line::from(vec![
                Span::styled(
                    "Traffic: unavailable  ",
                    Style::default().fg(theme.slots.danger),
                ),
                Span::styled(why, theme.muted()),
            ]),
            None => Line::from(Span::styled("Traffic: loading…", theme.muted())),
        };
    };
    let mut spans = Vec::new();
    spans.extend(field(
        "In",
        format!(
            "{} MB/s · {} rec/s",
            units::option(metrics.mb_per_sec(), units::mb_per_sec),
            units::option(metrics.records_per_sec(), units::compact)
        ),
        theme,
    ));
    let since = model.now - chrono::Duration::minutes(5);
    let write = metrics.write_throttled.sum_since(since);
    let read = metrics.read_throttled.sum_since(since);
    let throttle_style = if write + read > 0.0 {
        Style::default()
            .fg(theme.slots.danger)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().fg(theme.slots.ok)
    };
    spans.push(Span::styled("Throttled (5 min) ", theme.muted()));
    spans.push(Span::styled(
        format!(
            "write {} · read {}   ",
            units::compact(write),
            units::compact(read)
        ),
        throttle_style,
    ));
    spans.extend(field(
        "Iterator age",
        units::option(metrics.iterator_age_ms(), units::millis),
        theme,
    ));
    if let Some(why) = fault {
        spans.push(crate::ui::widgets::table_title::stale_badge(theme));
        spans.push(Span::styled(
            format!(" as of {}: {why}", units::clock(*at, model.tz)),
            theme.muted(),
        ));
    }
    Line::from(spans)
}

fn render_shards(
    model: &Model,
    detail: &StreamDetailPage,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let shards = detail.shards();
    let open = shards.iter().filter(|s| s.open).count();
    let title = TableTitle {
        name: "Shards",
        counts: format!(
            "[{} of {} · {} open]",
            detail.rows.len(),
            shards.len(),
            open
        ),
        filter: &detail.table.filter,
        sort: detail.sort().label(),
        descending: detail.table.sort.descending,
        stale: detail.shards.is_stale(),
        unavailable: if detail
            .summary
            .value()
            .is_some_and(StreamSummary::has_shard_metrics)
        {
            crate::ui::widgets::table_title::metrics_unavailable(
                model,
                "shard rates",
                !detail.shard_metrics.is_empty(),
            )
        } else {
            None
        },
    }
    .line(theme);
    let block = Block::bordered()
        .border_style(Style::default().fg(s.border_focus))
        .title(title);
    if let Some(lines) = message::placeholder(&detail.shards, "shards", theme) {
        return message::render(frame, theme, area, block, lines);
    }
    if detail.rows.is_empty() {
        let text = if shards.is_empty() {
            "This stream has no shards.".to_string()
        } else {
            format!(
                "No shards match /{} — esc clears the filter.",
                detail.table.filter
            )
        };
        return message::render(frame, theme, area, block, vec![(text, theme.muted())]);
    }
    let page_rows = model.shards_page_rows();
    let rows: Vec<Row> = detail
        .table
        .visible(detail.rows.len(), page_rows)
        .map(|i| {
            shard_row(
                &shards[detail.rows[i]],
                detail,
                theme,
                i == detail.table.cursor,
            )
        })
        .collect();
    crate::ui::widgets::list_table::render::<()>(
        frame,
        area,
        theme,
        block,
        &SHARD_COLUMNS,
        None,
        rows,
    );
}

fn shard_row<'a>(
    shard: &Shard,
    detail: &StreamDetailPage,
    theme: &Theme,
    selected: bool,
) -> Row<'a> {
    let s = &theme.slots;
    let rates = detail.shard_rates(&shard.id);
    let heat_style = match rates.map(|(mb, rec)| heat(mb, rec)) {
        Some(Heat::Hot) => Style::default().fg(s.hot).add_modifier(Modifier::BOLD),
        Some(Heat::Warm) => Style::default().fg(s.warn),
        _ => Style::default().fg(s.fg),
    };
    let (before, filled, after) = hash_bar::segments(&shard.hash_range, BAR_WIDTH);
    let bar = Line::from(vec![
        Span::styled("─".repeat(before), Style::default().fg(s.bar_empty)),
        Span::styled(
            "█".repeat(filled),
            Style::default().fg(if shard.open { s.bar_fill } else { s.muted }),
        ),
        Span::styled("─".repeat(after), Style::default().fg(s.bar_empty)),
    ]);
    let parents = match (&shard.parent, &shard.adjacent_parent) {
        (Some(p), Some(a)) => format!("{} + {}", units::short_shard(p), units::short_shard(a)),
        (Some(p), None) => units::short_shard(p),
        _ => String::new(),
    };
    let base = if shard.open {
        Style::default().fg(s.fg)
    } else {
        theme.muted()
    };
    let mut id_style = base;
    if rates.is_some_and(|(mb, rec)| heat(mb, rec) == Heat::Hot) {
        id_style = Style::default().fg(s.hot).add_modifier(Modifier::BOLD);
    }
    let row = Row::new(vec![
        Cell::from(shard.id.clone()).style(id_style),
        Cell::from(if shard.open { "open" } else { "closed" }).style(if shard.open {
            Style::default().fg(s.ok)
        } else {
            theme.muted()
        }),
        Cell::from(shard.hash_range.to_string()).style(base),
        Cell::from(bar),
        Cell::from(parents).style(theme.muted()),
        Cell::from(
            Line::from(units::option(rates.map(|r| r.0), units::mb_per_sec)).right_aligned(),
        )
        .style(heat_style),
        Cell::from(Line::from(units::option(rates.map(|r| r.1), units::compact)).right_aligned())
            .style(heat_style),
    ]);
    if selected {
        row.style(theme.selected())
    } else {
        row
    }
}

fn render_consumers(
    model: &Model,
    detail: &StreamDetailPage,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let using = model.apps.using_stream(&detail.stream);
    // At most half the panel; on a tiny terminal that can be less than the usual minimum of 4.
    let apps_height = (using.len() as u16 + 3).max(4).min(area.height / 2);
    let [area, apps_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(apps_height)]).areas(area);
    render_apps(detail, &using, theme, frame, apps_area);
    let channels = detail
        .summary
        .value()
        .map(|s| model.channels_of(&s.arn))
        .unwrap_or_default();
    let area = if channels.is_empty() {
        area
    } else {
        // Two or three lines a channel, and a FAILED one's reason wrapped to the panel's width.
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let lines: usize = channels
            .iter()
            .map(|c| {
                3 + usize::from(c.freshness_secs.is_some())
                    + c.reason
                        .as_ref()
                        .filter(|_| c.failed())
                        .map_or(0, |r| r.chars().count().div_ceil(width) + 1)
            })
            .sum();
        let height = u16::try_from(lines + 2)
            .unwrap_or(u16::MAX)
            .min(area.height / 2);
        let [rest, channels_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
        render_channels(model, &channels, theme, frame, channels_area);
        rest
    };
    // How many of the stream's allowance (20, or 50 in On-demand Advantage) are taken.
    let limit = model
        .account
        .value()
        .cloned()
        .unwrap_or_default()
        .consumer_limit();
    let title = match detail.consumers.value() {
        Some(consumers) => format!(" Consumers (EFO) {} of {limit} ", consumers.len()),
        None => " Consumers (EFO) ".to_string(),
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border))
        .title(Span::styled(title, theme.title()));
    let lines: Vec<Line> = match &detail.consumers {
        Loadable::NotAsked | Loadable::Loading => vec![Line::styled(
            "Loading…",
            Style::default().fg(theme.slots.info),
        )],
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => vec![Line::styled(
            error.to_string(),
            Style::default().fg(theme.slots.danger),
        )],
        other => {
            let consumers = other.value().map(Vec::as_slice).unwrap_or_default();
            if consumers.is_empty() {
                vec![Line::styled(
                    "No enhanced fan-out consumers.",
                    theme.muted(),
                )]
            } else {
                consumers
                    .iter()
                    .map(|c| {
                        let colour = if c.status == "ACTIVE" {
                            theme.slots.ok
                        } else {
                            theme.slots.warn
                        };
                        Line::from(vec![
                            Span::styled(
                                format!("{:<17} ", truncate(&c.name, 17)),
                                Style::default().fg(theme.slots.fg),
                            ),
                            Span::styled(format!("{:<8}", c.status), Style::default().fg(colour)),
                            Span::styled(
                                c.created
                                    .map(|t| format!(" {}", units::age(t, model.now)))
                                    .unwrap_or_default(),
                                theme.muted(),
                            ),
                        ])
                    })
                    .collect()
            }
        }
    };
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.text()), area);
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Flink applications that read or write this stream; tab focuses the list, enter opens one.
/// The stream's delivery channels: name and status (a FAILED one with its reason), destination
/// and data freshness.
fn render_channels(
    model: &Model,
    channels: &[&crate::domain::channel::Channel],
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let stale = model.channels.is_stale();
    let failed = channels.iter().any(|c| c.failed());
    let border = if failed {
        theme.slots.danger
    } else {
        theme.slots.border
    };
    let mut title = vec![Span::styled(" Delivery ", theme.title())];
    if stale {
        title.push(crate::ui::widgets::table_title::stale_badge(theme));
    }
    let block = Block::bordered()
        .border_style(Style::default().fg(border))
        .title(Line::from(title));
    let mut lines = Vec::new();
    for channel in channels {
        let status_style = match channel.status {
            crate::domain::channel::ChannelStatus::Failed => Style::default()
                .fg(theme.slots.danger)
                .add_modifier(Modifier::BOLD),
            crate::domain::channel::ChannelStatus::Active => {
                Style::default().fg(theme.slots.status_active)
            }
            _ => Style::default().fg(theme.slots.status_updating),
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", channel.name),
                Style::default().fg(theme.slots.fg),
            ),
            Span::styled(channel.status.as_str().to_string(), status_style),
        ]));
        lines.push(Line::styled(channel.destination.text(), theme.muted()));
        if let Some(seconds) = channel.freshness_secs {
            lines.push(Line::styled(
                format!("fresh within {seconds} s"),
                theme.muted(),
            ));
        }
        // Delivery metrics: found by the channel's name, or said to be missing.
        let delivery = model
            .channel_metrics
            .get(&channel.arn)
            .and_then(|m| m.value());
        match delivery {
            Some(Some(metrics)) => lines.push(Line::styled(
                metrics.line(),
                if metrics.failing() {
                    Style::default().fg(theme.slots.danger)
                } else {
                    Style::default().fg(theme.slots.fg)
                },
            )),
            Some(None) => lines.push(Line::styled("no delivery metrics found", theme.muted())),
            None => {}
        }
        if let Some(reason) = channel.reason.as_ref().filter(|_| channel.failed()) {
            lines.push(Line::styled(
                reason.clone(),
                Style::default().fg(theme.slots.danger),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .style(theme.text())
            .wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

fn render_apps(
    detail: &StreamDetailPage,
    using: &[(crate::domain::Direction, String)],
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let border = if detail.focus_apps {
        theme.slots.border_focus
    } else {
        theme.slots.border
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(border))
        .title(Span::styled(" Applications (tab) ", theme.title()));
    let lines: Vec<Line> = if using.is_empty() {
        vec![Line::styled(
            "None known to read or write it.",
            theme.muted(),
        )]
    } else {
        using
            .iter()
            .enumerate()
            .map(|(i, (direction, app))| {
                let verb = match direction {
                    crate::domain::Direction::Reads => "reads ",
                    crate::domain::Direction::Writes => "writes",
                };
                let style = if detail.focus_apps && i == detail.app_cursor {
                    theme.selected()
                } else {
                    Style::default().fg(theme.slots.fg)
                };
                Line::from(vec![
                    Span::styled(format!("{verb} "), theme.muted()),
                    Span::styled(truncate(app, 24), style),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block).style(theme.text()), area);
}

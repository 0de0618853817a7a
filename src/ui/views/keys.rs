//! The partition-key view: the top keys of the records read by records and by bytes, the shard
//! each maps to, each open shard's share, and where to split the hottest one.
use crate::app::Model;
use crate::app::records_page::RecordsPage;
use crate::domain::key_report::{KeyLoad, KeyReport, Weight};
use crate::ui::Theme;
use crate::ui::widgets::{message, units};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn key_table<'a>(
    title: &'a str,
    loads: &[KeyLoad],
    hottest: Option<&str>,
    theme: &Theme,
    by_bytes: bool,
) -> Table<'a> {
    let rows: Vec<Row> = loads
        .iter()
        .map(|load| {
            let shard = load.shard.as_deref().map(units::short_shard);
            let on_hot = load.shard.is_some() && load.shard.as_deref() == hottest;
            let (read, rate, first_share, second) = if by_bytes {
                (
                    units::bytes(load.bytes as f64),
                    format!("{}/s", units::bytes(load.bytes_per_sec)),
                    percent(load.byte_share),
                    format!("{}/s", units::count(load.records_per_sec)),
                )
            } else {
                (
                    units::count(load.records as f64),
                    format!("{}/s", units::count(load.records_per_sec)),
                    percent(load.record_share),
                    format!("{}/s", units::bytes(load.bytes_per_sec)),
                )
            };
            let share_style = if load.record_share.max(load.byte_share) >= 0.25 {
                Style::default()
                    .fg(theme.slots.danger)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default().fg(theme.slots.fg)
            };
            Row::new(vec![
                Cell::from(load.key.clone()),
                Cell::from(read).style(theme.muted()),
                Cell::from(rate),
                Cell::from(first_share).style(share_style),
                Cell::from(second).style(theme.muted()),
                Cell::from(shard.unwrap_or_else(|| "?".into())).style(if on_hot {
                    Style::default().fg(theme.slots.danger)
                } else {
                    Style::default().fg(theme.slots.info)
                }),
                Cell::from(format!("{:032x}", load.hash_key)).style(theme.muted()),
            ])
        })
        .collect();
    let (a, b) = if by_bytes {
        ("BYTES/S", "RECORDS/S")
    } else {
        ("RECORDS/S", "BYTES/S")
    };
    let header = Row::new(
        [
            "PARTITION KEY",
            "READ",
            a,
            "SHARE",
            b,
            "SHARD",
            "HASH KEY (MD5)",
        ]
        .map(|h| Cell::from(h).style(theme.title())),
    );
    Table::new(
        rows,
        [
            Constraint::Min(18),
            Constraint::Length(7),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(10),
            Constraint::Length(5),
            Constraint::Length(32),
        ],
    )
    .header(header)
    .block(
        Block::bordered()
            .border_style(Style::default().fg(theme.slots.border))
            .title(Span::styled(format!(" {title} "), theme.title())),
    )
    .style(theme.text())
}

/// The shards' shares and the split point of the hottest, as lines.
fn shard_lines(report: &KeyReport, model: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let mut lines = Vec::new();
    for shard in &report.shards {
        let hot = report
            .hottest
            .as_ref()
            .is_some_and(|h| h.shard == shard.shard);
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<22}", shard.shard),
                if hot {
                    Style::default().fg(s.danger).add_modifier(Modifier::BOLD)
                } else {
                    Style::default().fg(s.info)
                },
            ),
            Span::styled(
                format!(
                    "{:>7} records/s {:>6}  {:>9}/s  {:>4} keys  ({} read)  ",
                    units::count(shard.records_per_sec),
                    percent(shard.share),
                    units::bytes(shard.bytes_per_sec),
                    shard.keys,
                    units::count(shard.records as f64),
                ),
                Style::default().fg(s.fg),
            ),
            Span::styled(
                format!(
                    "hash {:.1}%–{:.1}% of the keyspace",
                    shard.range.start_percent(),
                    shard.range.end_percent()
                ),
                theme.muted(),
            ),
        ]));
    }
    if let Some(hot) = &report.hottest {
        lines.push(Line::default());
        let weighed = match hot.weight {
            Weight::Records => "records (the 1,000 records/s limit comes first)",
            Weight::Bytes => "bytes (records average over 1 kB: the 1 MB/s limit comes first)",
        };
        match &hot.split {
            Ok(split) => {
                let key = model.key_for(crate::app::Action::Split);
                lines.push(Line::from(vec![
                    Span::styled(" Split ", Style::default().fg(s.fg)),
                    Span::styled(hot.shard.clone(), Style::default().fg(s.danger)),
                    Span::styled(" at hash key ", Style::default().fg(s.fg)),
                    Span::styled(
                        split.at.to_string(),
                        Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
                    ),
                ]));
                lines.push(Line::from(Span::styled(
                    format!(
                        " the lower child would take {} and the upper {} of its sampled {weighed}",
                        percent(split.lower_share),
                        percent(1.0 - split.lower_share)
                    ),
                    theme.muted(),
                )));
                // One key alone can be isolated by a split, never divided: say what would help.
                let in_shard = report
                    .shards
                    .iter()
                    .find(|s| s.shard == hot.shard)
                    .map_or(0, |s| s.records);
                if let Some(top) = report
                    .by_records
                    .iter()
                    .find(|k| k.shard.as_deref() == Some(hot.shard.as_str()))
                    .filter(|k| in_shard > 0 && k.records as f64 / in_shard as f64 >= 0.4)
                {
                    // AUTO distribution is for on-demand streams only.
                    let on_demand = model
                        .stream_detail
                        .as_ref()
                        .and_then(|d| d.summary.value())
                        .is_some_and(|s| s.mode == Some(crate::domain::CapacityMode::OnDemand));
                    let spread = if on_demand {
                        "spread the key, or a: AUTO"
                    } else {
                        "spread the key (a suffix)"
                    };
                    lines.push(Line::from(Span::styled(
                        format!(
                            " {} alone carries {} of {}'s records: a split isolates it, cannot divide it; {spread}",
                            top.key,
                            percent(top.records as f64 / in_shard as f64),
                            hot.shard
                        ),
                        Style::default().fg(s.warn),
                    )));
                }
                if let Some(key) = key {
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {key}"), Style::default().fg(s.accent)),
                        Span::styled(
                            " opens the split dialog with this point (previewed and confirmed as any change)",
                            theme.muted(),
                        ),
                    ]));
                }
            }
            Err(error) => lines.push(Line::from(Span::styled(
                format!(" {}: {error}", hot.shard),
                Style::default().fg(s.warn),
            ))),
        }
    }
    lines
}

fn summary(page: &RecordsPage, report: &KeyReport, model: &Model) -> String {
    let span = match (report.first, report.last) {
        (Some(first), Some(last)) => format!(
            " from {} to {}",
            units::clock(first, model.tz),
            units::clock(last, model.tz)
        ),
        _ => String::new(),
    };
    format!(
        " Partition keys of {} · {} records, {}{span} · {} distinct keys · a sample: the last {} held ",
        page.stream,
        units::count(report.records as f64),
        units::bytes(report.bytes as f64),
        report.distinct_keys,
        units::count(page.all.len() as f64),
    )
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(page) = &model.records else {
        return;
    };
    let block = Block::bordered().border_style(Style::default().fg(theme.slots.border_focus));
    let Some(report) = page.keys.as_ref().filter(|r| r.records > 0) else {
        let mut lines = vec![(
            format!(
                "No records read from {} yet ({}); the keys appear as records arrive.",
                page.stream,
                page.from.describe(model.tz)
            ),
            Style::default().fg(theme.slots.info),
        )];
        if let Some(error) = &page.error {
            lines.push((error.clone(), Style::default().fg(theme.slots.danger)));
        }
        let block = block.title(Span::styled(
            format!(" Partition keys of {} ", page.stream),
            theme.title(),
        ));
        return message::render(frame, theme, area, block, lines);
    };
    let block = block.title(Span::styled(summary(page, report, model), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shard_lines = shard_lines(report, model, theme);
    let [tables, shards] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(shard_lines.len() as u16 + 2),
    ])
    .areas(inner);
    let hottest = report.hottest.as_ref().map(|h| h.shard.as_str());
    let [left, right] = if tables.width >= 150 {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(tables)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(tables)
    };
    frame.render_widget(
        key_table(
            "Top keys by records",
            &report.by_records,
            hottest,
            theme,
            false,
        ),
        left,
    );
    frame.render_widget(
        key_table("Top keys by bytes", &report.by_bytes, hottest, theme, true),
        right,
    );
    frame.render_widget(
        Paragraph::new(shard_lines).style(theme.text()).block(
            Block::bordered()
                .border_style(Style::default().fg(theme.slots.border))
                .title(Span::styled(
                    " Open shards, busiest first (rates over the time each shard's records span) ",
                    theme.title(),
                )),
        ),
        shards,
    );
}

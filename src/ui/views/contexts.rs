//! The contexts screen: one row per watched context — its label, profile and region, streams and applications by health, alarms in ALARM, calls in trouble, when it was read, STALE with the sentence — the one in view counted from the screens themselves.
use crate::app::Model;
use crate::app::contexts_page::Watched;
use crate::ui::Theme;
use crate::ui::widgets::list_table::Column;
use crate::ui::widgets::message;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Wrap};

const COLUMNS: [Column<()>; 8] = [
    Column::plain("CONTEXT", Constraint::Length(18)),
    Column::plain("PROFILE", Constraint::Length(12)),
    Column::plain("REGION", Constraint::Length(15)),
    Column::plain("STREAMS", Constraint::Length(15)),
    Column::plain("APPS", Constraint::Length(26)),
    Column::plain("ALARMS", Constraint::Length(6)),
    Column::plain("READ", Constraint::Length(6)),
    Column::plain("STATE", Constraint::Fill(1)),
];

/// The selected context's whole sentence (a failure, calls in trouble), wrapped under the
/// table: the STATE column has room for its start only.
fn said_of(watched: &Watched) -> Option<String> {
    watched.pulse.failure.clone().or_else(|| {
        watched
            .pulse
            .counts
            .as_ref()
            .and_then(|c| c.trouble.clone())
            .map(|t| format!("{}: {t}", watched.label()))
    })
}

/// The counts shown for one row: (streams ok, degraded), (apps ok, degraded, failing), alarms.
struct Shown {
    streams: (usize, usize),
    apps: (usize, usize, usize),
    alarms: usize,
}

/// The context in view, from what its screens hold.
fn in_view(model: &Model) -> Shown {
    let (streams, apps) = crate::app::health_pulse::counts(model);
    let alarms = model
        .relevant_alarms()
        .iter()
        .filter(|a| a.state == crate::domain::AlarmState::Alarm)
        .count();
    Shown {
        streams: (streams.healthy, streams.degraded + streams.failing),
        apps: (apps.healthy, apps.degraded, apps.failing),
        alarms,
    }
}

fn row<'a>(model: &Model, theme: &Theme, watched: &'a Watched) -> Row<'a> {
    let s = &theme.slots;
    let context = &watched.pulse.context;
    let shown_here = crate::app::update::contexts::in_view(model, context);
    let shown = if shown_here {
        Some(in_view(model))
    } else {
        watched.pulse.counts.as_ref().map(|c| Shown {
            streams: (c.streams_ok, c.streams_degraded),
            apps: (c.apps_ok, c.apps_degraded, c.apps_failing),
            alarms: c.alarms.len(),
        })
    };
    let streams = shown.as_ref().map_or_else(
        || Span::styled("—", theme.muted()),
        |c| match c.streams {
            (ok, 0) => Span::styled(format!("{ok} ok"), Style::default().fg(s.ok)),
            (ok, bad) => Span::styled(format!("{ok} ok · {bad} degr"), Style::default().fg(s.warn)),
        },
    );
    let apps = shown.as_ref().map_or_else(
        || Span::styled("—", theme.muted()),
        |c| {
            let (ok, degraded, failing) = c.apps;
            let text = match (degraded, failing) {
                (0, 0) => format!("{ok} ok"),
                (d, 0) => format!("{ok} ok · {d} degr"),
                (0, f) => format!("{ok} ok · {f} failing"),
                (d, f) => format!("{ok} ok · {d} degr · {f} failing"),
            };
            let style = if failing > 0 {
                Style::default().fg(s.danger).add_modifier(Modifier::BOLD)
            } else if degraded > 0 {
                Style::default().fg(s.warn)
            } else {
                Style::default().fg(s.ok)
            };
            Span::styled(text, style)
        },
    );
    let alarms = shown.as_ref().map_or_else(
        || Span::styled("—", theme.muted()),
        |c| match c.alarms {
            0 => Span::styled("0", theme.muted()),
            n => Span::styled(
                n.to_string(),
                Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
            ),
        },
    );
    let read = if shown_here {
        "live".to_string()
    } else {
        watched.pulse.read_at.map_or_else(
            || "…".to_string(),
            |at| crate::domain::time::age(at, model.now),
        )
    };
    let state = if shown_here {
        Span::styled("in view", theme.title())
    } else if let Some(failure) = &watched.pulse.failure {
        let prefix = format!("{}: ", context.label);
        Span::styled(
            format!(
                "STALE · {}",
                failure.strip_prefix(&prefix).unwrap_or(failure)
            ),
            Style::default().fg(s.stale).add_modifier(Modifier::BOLD),
        )
    } else if let Some(trouble) = watched
        .pulse
        .counts
        .as_ref()
        .and_then(|c| c.trouble.as_ref())
    {
        Span::styled(trouble.clone(), Style::default().fg(s.warn))
    } else if watched.pulse.counts.is_none() {
        Span::styled("reading…", theme.muted())
    } else {
        Span::styled(
            watched
                .pulse
                .counts
                .as_ref()
                .filter(|c| !c.failing.is_empty())
                .map_or_else(
                    || "ok".to_string(),
                    |c| format!("failing: {}", c.failing.join(", ")),
                ),
            theme.text(),
        )
    };
    Row::new(vec![
        Cell::from(context.label.clone()),
        Cell::from(context.profile.clone().unwrap_or_else(|| {
            if model.context.demo {
                "simulated".into()
            } else {
                "default".into()
            }
        })),
        Cell::from(
            context
                .region
                .clone()
                .unwrap_or_else(|| "(profile's)".into()),
        ),
        Cell::from(streams),
        Cell::from(apps),
        Cell::from(alarms),
        Cell::from(read),
        Cell::from(state),
    ])
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let page = &model.contexts;
    let stale = page.watched.iter().filter(|w| w.pulse.stale()).count();
    let mut title = vec![
        Span::styled(" Contexts ", theme.title()),
        Span::styled(
            format!(
                "[{} watched{}] enter switches; read once a minute when not in view ",
                page.watched.len(),
                if stale > 0 {
                    format!(" · {stale} STALE")
                } else {
                    String::new()
                }
            ),
            Style::default().fg(theme.slots.fg),
        ),
    ];
    if stale > 0 {
        title.push(crate::ui::widgets::table_title::stale_badge(theme));
    }
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(Line::from(title));
    if page.watched.is_empty() {
        let text = "No context is watched: add [[watch]] entries to kinetic's config file, or start it with --watch PROFILE@REGION.".to_string();
        return message::render(frame, theme, area, block, vec![(text, theme.muted())]);
    }
    let said = page.watched.get(page.table.cursor).and_then(said_of);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [table_area, said_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(if said.is_some() { 3 } else { 0 }),
    ])
    .areas(inner);
    let visible = page
        .table
        .visible(page.watched.len(), model.streams_page_rows());
    let rows: Vec<Row> = visible
        .filter_map(|i| {
            let watched = page.watched.get(i)?;
            let row = row(model, theme, watched);
            Some(if i == page.table.cursor {
                row.style(theme.selected())
            } else {
                row
            })
        })
        .collect();
    crate::ui::widgets::list_table::render::<()>(
        frame,
        table_area,
        theme,
        Block::default(),
        &COLUMNS,
        None,
        rows,
    );
    if let Some(said) = said {
        frame.render_widget(
            Paragraph::new(said)
                .style(Style::default().fg(theme.slots.warn))
                .wrap(Wrap { trim: true }),
            said_area,
        );
    }
}

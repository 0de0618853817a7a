//! The alarms screen: alarms in ALARM or INSUFFICIENT_DATA on the streams and applications,
//! newest first; Enter opens what the selected one watches.
use crate::app::Model;
use crate::domain::{Alarm, AlarmState};
use crate::ui::Theme;
use crate::ui::widgets::list_table::Column;
use crate::ui::widgets::message;
use crate::ui::widgets::table_title::stale_badge;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row};

const COLUMNS: [Column<()>; 6] = [
    Column::plain("STATE", Constraint::Length(17)),
    Column::plain("SINCE", Constraint::Length(6)),
    Column::plain("NAME", Constraint::Min(32)),
    Column::plain("METRIC", Constraint::Min(26)),
    Column::plain("ON", Constraint::Min(30)),
    Column::plain("REASON", Constraint::Fill(1)),
];

/// The colour of an alarm state.
pub fn state_style(theme: &Theme, state: AlarmState) -> Style {
    match state {
        AlarmState::Alarm => Style::default()
            .fg(theme.slots.danger)
            .add_modifier(Modifier::BOLD),
        AlarmState::InsufficientData => Style::default().fg(theme.slots.warn),
        AlarmState::Ok => Style::default().fg(theme.slots.ok),
    }
}

/// What the alarm watches, as the operator knows it.
fn resource(alarm: &Alarm) -> String {
    alarm
        .stream()
        .map(|s| format!("stream {s}"))
        .or_else(|| alarm.application().map(|a| format!("application {a}")))
        .unwrap_or_else(|| {
            alarm
                .dimensions
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join(",")
        })
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let page = &model.alarms;
    let alarms = model.relevant_alarms();
    let firing = alarms
        .iter()
        .filter(|a| a.state == AlarmState::Alarm)
        .count();
    let mut title = vec![
        Span::styled(" Alarms ", theme.title()),
        Span::styled(
            format!(
                "[{firing} in ALARM · {} in all] newest first ",
                alarms.len()
            ),
            Style::default().fg(theme.slots.fg),
        ),
    ];
    if page.list.is_stale() {
        title.push(stale_badge(theme));
    }
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(Line::from(title));
    if let Some(lines) = message::placeholder(&page.list, "alarms", theme) {
        return message::render(frame, theme, area, block, lines);
    }
    if alarms.is_empty() {
        let text = format!(
            "No alarm on a stream or application in {} is in ALARM or INSUFFICIENT_DATA.",
            model.context.region
        );
        return message::render(frame, theme, area, block, vec![(text, theme.muted())]);
    }
    let visible = page.table.visible(alarms.len(), model.streams_page_rows());
    let rows: Vec<Row> = visible
        .filter_map(|i| {
            let alarm = alarms.get(i)?;
            let row = Row::new(vec![
                Cell::from(alarm.state.label()).style(state_style(theme, alarm.state)),
                Cell::from(crate::domain::time::age(alarm.since, model.now)),
                Cell::from(alarm.name.clone()),
                Cell::from(alarm.metric.clone()),
                Cell::from(resource(alarm)),
                Cell::from(alarm.reason.clone()).style(theme.muted()),
            ]);
            Some(if i == page.table.cursor {
                row.style(theme.selected())
            } else {
                row
            })
        })
        .collect();
    crate::ui::widgets::list_table::render::<()>(frame, area, theme, block, &COLUMNS, None, rows);
}

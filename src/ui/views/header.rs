//! The two header lines: where the console points, its freshness, and where the operator is.
use crate::app::{Model, Route};
use crate::domain::{Loadable, PortError};
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Freshness of the data on screen, for the header's right side.
#[derive(Debug, Clone, PartialEq)]
pub enum Freshness {
    Loading,
    Fresh {
        at: crate::domain::Timestamp,
        refreshing: bool,
    },
    Stale {
        at: crate::domain::Timestamp,
        throttled: bool,
    },
    Failed {
        throttled: bool,
    },
    Unknown,
}

fn freshness_of<T>(data: &Loadable<T>, refreshing: bool) -> Freshness {
    let throttled = data.error().is_some_and(PortError::is_throttling);
    match data {
        Loadable::NotAsked => Freshness::Unknown,
        Loadable::Loading => Freshness::Loading,
        Loadable::Loaded { at, .. } => Freshness::Fresh {
            at: *at,
            refreshing,
        },
        Loadable::Failed {
            last_good: Some((_, at)),
            ..
        } => Freshness::Stale { at: *at, throttled },
        Loadable::Failed { .. } => Freshness::Failed { throttled },
    }
}

/// Freshness of the current screen's main data (the screen under Help for Help).
pub fn freshness(model: &Model) -> Freshness {
    let screen = model
        .routes
        .iter()
        .rev()
        .find(|r| !matches!(r, Route::Help))
        .unwrap_or(&Route::Streams);
    match screen {
        Route::StreamDetail(_) => match &model.stream_detail {
            Some(detail) => freshness_of(&detail.shards, detail.refreshing),
            None => Freshness::Unknown,
        },
        Route::AppDetail(_) => match &model.app_detail {
            Some(page) => freshness_of(&page.detail, page.refreshing),
            None => Freshness::Unknown,
        },
        Route::Apps => freshness_of(&model.apps.list, model.apps.list_request.is_some()),
        Route::Rollback(_) => match &model.rollback {
            Some(page) => freshness_of(&page.facts, page.facts.is_loading()),
            None => Freshness::Unknown,
        },
        _ => freshness_of(&model.streams.list, model.streams.list_request.is_some()),
    }
}

/// The pulse: healthy / degraded / failing counts for streams and applications.
fn pulse(model: &Model, theme: &Theme) -> Vec<Span<'static>> {
    let (streams, apps) = crate::app::health_pulse::counts(model);
    let s = &theme.slots;
    let mut spans = Vec::new();
    // The worst of the other watched contexts, so a page elsewhere is seen without switching.
    if let Some(elsewhere) = crate::app::update::contexts::worst_elsewhere(model) {
        spans.push(Span::styled(
            elsewhere,
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled("pulse  ", theme.muted()));
    for (label, counts) in [("streams", streams), ("apps", apps)] {
        spans.push(Span::styled(format!("{label} "), theme.muted()));
        spans.push(Span::styled(
            format!("{} ok", counts.healthy),
            Style::default().fg(s.ok),
        ));
        if counts.degraded > 0 {
            spans.push(Span::styled(
                format!(" · {} degraded", counts.degraded),
                Style::default().fg(s.warn),
            ));
        }
        if counts.failing > 0 {
            spans.push(Span::styled(
                format!(" · {} failing", counts.failing),
                Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
            ));
        }
        spans.push(Span::raw("  "));
    }
    let firing = model
        .relevant_alarms()
        .iter()
        .filter(|a| a.state == crate::domain::AlarmState::Alarm)
        .count();
    if firing > 0 {
        spans.push(Span::styled(
            format!("alarms {firing}"),
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw("  "));
    }
    spans
}

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let bar = Style::default().fg(s.header_fg).bg(s.header_bg);
    let label = Style::default().fg(s.muted).bg(s.header_bg);
    let value = bar.add_modifier(Modifier::BOLD);
    let [top, crumbs] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);

    let mut left = vec![Span::styled(
        " kinetic ",
        Style::default()
            .fg(s.accent)
            .bg(s.header_bg)
            .add_modifier(Modifier::BOLD),
    )];
    let context = &model.context;
    if context.demo {
        left.push(Span::styled(" account ", label));
        left.push(Span::styled("simulated", value));
    } else {
        left.push(Span::styled(" profile ", label));
        left.push(Span::styled(
            context.profile.clone().unwrap_or_else(|| "default".into()),
            value,
        ));
    }
    left.push(Span::styled("  region ", label));
    left.push(Span::styled(context.region.clone(), value));
    if let Some(advantage) = model.account.value() {
        left.push(Span::styled("  on-demand ", label));
        left.push(Span::styled(advantage.label(), value));
    }
    if let Some(endpoint) = &context.endpoint {
        left.push(Span::styled("  endpoint ", label));
        left.push(Span::styled(endpoint.clone(), value));
    }
    if context.production {
        left.push(Span::styled("  ", bar));
        left.push(Span::styled(
            " PRODUCTION ",
            Style::default()
                .fg(s.danger)
                .bg(s.fg)
                .add_modifier(Modifier::BOLD),
        ));
    }
    if context.read_only {
        left.push(Span::styled("  ", bar));
        left.push(Span::styled(
            " READ-ONLY ",
            Style::default()
                .fg(s.read_only_fg)
                .bg(s.read_only_bg)
                .add_modifier(Modifier::BOLD),
        ));
    }

    let right = match freshness(model) {
        Freshness::Loading => vec![Span::styled(
            "loading… ",
            Style::default().fg(s.info).bg(s.header_bg),
        )],
        Freshness::Unknown => vec![],
        Freshness::Fresh { at, refreshing } => {
            let mut spans = vec![
                Span::styled("as of ", label),
                Span::styled(units::clock(at, model.tz), value),
            ];
            if refreshing {
                spans.push(Span::styled(
                    " ⟳",
                    Style::default().fg(s.info).bg(s.header_bg),
                ));
            }
            spans.push(Span::styled(" ", bar));
            spans
        }
        Freshness::Stale { at, throttled } => vec![
            Span::styled("as of ", label),
            Span::styled(units::clock(at, model.tz), value),
            Span::styled(" ", bar),
            Span::styled(
                if throttled {
                    " STALE · THROTTLED "
                } else {
                    " STALE "
                },
                Style::default()
                    .fg(s.header_bg)
                    .bg(if throttled { s.danger } else { s.stale })
                    .add_modifier(Modifier::BOLD),
            ),
        ],
        Freshness::Failed { throttled } => vec![Span::styled(
            if throttled {
                " THROTTLED "
            } else {
                " LOAD FAILED "
            },
            Style::default()
                .fg(s.header_bg)
                .bg(s.danger)
                .add_modifier(Modifier::BOLD),
        )],
    };
    let mut right = right;
    let used: usize = left.iter().chain(right.iter()).map(Span::width).sum();
    // The badge gives way before the context does: READ-ONLY must always show.
    if let Some(text) =
        faults_badge(model).filter(|t| used + t.chars().count() < usize::from(top.width))
    {
        right.insert(
            0,
            Span::styled(
                text,
                Style::default()
                    .fg(s.header_bg)
                    .bg(s.warn)
                    .add_modifier(Modifier::BOLD),
            ),
        );
        right.insert(1, Span::styled(" ", bar));
    }
    let right_width: u16 = right.iter().map(|s| s.width() as u16).sum();
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width)]).areas(top);
    frame.render_widget(Paragraph::new(Line::from(left)).style(bar), left_area);
    frame.render_widget(Paragraph::new(Line::from(right)).style(bar), right_area);

    let names: Vec<String> = model
        .routes
        .iter()
        .map(|route| match route {
            Route::Streams => "Streams".to_string(),
            Route::StreamDetail(name) | Route::AppDetail(name) => name.clone(),
            Route::Apps => "Flink applications".to_string(),
            Route::Logs(title) => title.clone(),
            Route::Rollback(app) => format!("rollback {app}"),
            Route::Help => "Help".to_string(),
            Route::Alarms => "Alarms".to_string(),
            Route::Contexts => "Contexts".to_string(),
            Route::Records(_) => "records".to_string(),
            Route::Keys(_) => "keys".to_string(),
        })
        .collect();
    let pulse = pulse(model, theme);
    let pulse_width: u16 = pulse.iter().map(|s| s.width() as u16).sum();
    let [trail_area, pulse_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(pulse_width)]).areas(crumbs);
    // One leading space, and at least two before the pulse.
    let room = usize::from(trail_area.width).saturating_sub(3);
    let shown = fit_trail(&names, room);
    let mut trail = vec![Span::styled(" ", theme.text())];
    for (i, name) in shown.iter().enumerate() {
        if i > 0 {
            trail.push(Span::styled(SEPARATOR, theme.muted()));
        }
        let style = if i + 1 == shown.len() {
            theme.title()
        } else {
            theme.muted()
        };
        trail.push(Span::styled(name.clone(), style));
    }
    frame.render_widget(
        Paragraph::new(Line::from(trail)).style(theme.text()),
        trail_area,
    );
    frame.render_widget(
        Paragraph::new(Line::from(pulse)).style(theme.text()),
        pulse_area,
    );
}

/// Background calls that are failing, in a few words: they stay named here until they answer.
fn faults_badge(model: &Model) -> Option<String> {
    let mut faults = model.faults.iter();
    let (api, fault) = faults.next()?;
    Some(match faults.count() {
        0 => format!(" {} {} ", api.name(), fault.error.short()),
        more => format!(
            " {} {} · {more} more failing ",
            api.name(),
            fault.error.short()
        ),
    })
}

const SEPARATOR: &str = " › ";

/// The trail of screens within `room` columns: the oldest screens give way to "…" first, and
/// the current one is cut short only when it alone does not fit.
fn fit_trail(names: &[String], room: usize) -> Vec<String> {
    let width = |crumbs: &[String]| -> usize {
        crumbs.iter().map(|c| c.chars().count()).sum::<usize>()
            + SEPARATOR.chars().count() * crumbs.len().saturating_sub(1)
    };
    if width(names) <= room {
        return names.to_vec();
    }
    for skip in 1..names.len() {
        let mut crumbs = vec!["…".to_string()];
        crumbs.extend(names[skip..].iter().cloned());
        if width(&crumbs) <= room {
            return crumbs;
        }
    }
    let last = names.last().cloned().unwrap_or_default();
    if last.chars().count() <= room {
        return vec![last];
    }
    let cut: String = last.chars().take(room.saturating_sub(1)).collect();
    vec![format!("{cut}…")]
}

#[cfg(test)]
mod tests {
    use super::fit_trail;

    fn trail(names: &[&str], room: usize) -> Vec<String> {
        fit_trail(
            &names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            room,
        )
    }

    #[test]
    fn the_oldest_screens_give_way_first_and_the_current_one_last() {
        let names = [
            "Flink applications",
            "telemetry-aggregator",
            "rollback telemetry-aggregator",
        ];
        assert_eq!(trail(&names, 200), names);
        assert_eq!(
            trail(&names, 60),
            ["…", "telemetry-aggregator", "rollback telemetry-aggregator"]
        );
        assert_eq!(trail(&names, 40), ["…", "rollback telemetry-aggregator"]);
        assert_eq!(trail(&names, 29), ["rollback telemetry-aggregator"]);
        assert_eq!(trail(&names, 10), ["rollback …"]);
        assert_eq!(trail(&names, 0), ["…"]);
        assert!(trail(&[], 10).is_empty());
    }
}

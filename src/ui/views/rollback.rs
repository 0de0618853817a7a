//! The rollback guide, one screen top to bottom: what is wrong, what changed, the way back
//! (with the snapshots it could restore), and the keys that take it.
use super::app_tabs::operations::status_style as operation_style;
use super::apps::{health_style, status_style};
use crate::app::Model;
use crate::app::rollback_page::RollbackPage;
use crate::config::Action;
use crate::domain::time::age;
use crate::domain::version_diff::diff;
use crate::ops::rollback_facts::RollbackFacts;
use crate::ops::rollback_plan::{Choice, Path, WayBack, fits};
use crate::ui::Theme;
use crate::ui::widgets::{message, units};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(page) = &model.rollback else {
        return;
    };
    let block = Block::bordered()
        .border_style(Style::default().fg(theme.slots.border_focus))
        .title(title(model, page, theme));
    let reading = format!(
        "Reading {}: its state, operations, snapshots, the version to go back to, and the errors it logged…",
        page.app
    );
    if let Some(mut lines) = message::waiting_for(
        &page.facts,
        &reading,
        "Could not read the application",
        theme,
    ) {
        if let Some(waiting) = crate::ui::widgets::waiting::line(model, theme) {
            lines.push((waiting.to_string(), waiting.style));
        }
        return message::render(frame, theme, area, block, lines);
    }
    let Some(facts) = page.facts.value() else {
        return;
    };
    let way = page.way();
    let mut lines = Vec::new();
    if let Some(notice) = &page.notice {
        lines.push(Line::styled(
            notice.clone(),
            Style::default().fg(theme.slots.warn),
        ));
    }
    // 5: once a way back is confirmed, following it and its health gate lead the screen.
    let following = super::operation_panel::lines(model, &page.app, theme);
    if !following.is_empty() {
        lines.push(heading(5, "Following the way back", theme));
        lines.extend(following);
        lines.push(Line::default());
    }
    lines.extend(what_is_wrong(model, page, facts, theme));
    lines.push(Line::default());
    lines.extend(what_changed(facts, theme));
    lines.push(Line::default());
    if let Some(way) = &way {
        lines.extend(the_way_back(model, page, facts, way, theme));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn title(model: &Model, page: &RollbackPage, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!(" Rollback guide: {} ", page.app),
        theme.title(),
    )];
    if let Some(summary) = model.apps.summaries().iter().find(|s| s.name == page.app) {
        spans.push(Span::styled(
            format!("{} v{} ", summary.status, summary.version_id),
            status_style(theme, &summary.status),
        ));
    }
    if page.facts.is_stale() {
        spans.push(crate::ui::widgets::table_title::stale_badge(theme));
    }
    Line::from(spans)
}

fn heading(number: u8, text: &str, theme: &Theme) -> Line<'static> {
    Line::styled(
        format!("{number}  {text}"),
        theme.title().add_modifier(Modifier::BOLD),
    )
}

fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("   {text:<17}"), theme.muted())
}

fn what_is_wrong(
    model: &Model,
    page: &RollbackPage,
    facts: &RollbackFacts,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let mut lines = vec![heading(1, "What is wrong", theme)];
    let health = model
        .apps
        .summaries()
        .iter()
        .find(|summary| summary.name == page.app)
        .map(|summary| model.apps.row_for(summary).health(model.now));
    if let Some(health) = health {
        let reasons = health.reasons().join("; ");
        lines.push(Line::from(vec![
            label("health", theme),
            Span::styled(health.label().to_string(), health_style(theme, &health)),
            Span::styled(
                if reasons.is_empty() {
                    String::new()
                } else {
                    format!(": {reasons}")
                },
                health_style(theme, &health),
            ),
        ]));
    }
    if let Some(op) = &facts.last_operation {
        let status_style = operation_style(theme, &op.summary.status);
        let when = op
            .summary
            .started
            .map(|t| format!(" {} ago", age(t, model.now)))
            .unwrap_or_default();
        let versions = match (op.updated_from, op.updated_to) {
            (Some(from), Some(to)) => format!(", version {from} → {to}"),
            _ => String::new(),
        };
        lines.push(Line::from(vec![
            label("last operation", theme),
            Span::styled(
                format!("{} ", op.summary.operation),
                Style::default().fg(s.fg),
            ),
            Span::styled(op.summary.status.as_str().to_string(), status_style),
            Span::styled(
                format!("{when}{versions} ({})", op.summary.id),
                theme.muted(),
            ),
        ]));
        if let Some(error) = &op.error {
            lines.push(Line::from(vec![
                label("", theme),
                Span::styled(error.clone(), Style::default().fg(s.danger)),
            ]));
        }
        if let Some(rollback) = &op.rollback_operation_id {
            lines.push(Line::from(vec![
                label("", theme),
                Span::styled(
                    format!("the service started its own rollback: {rollback}"),
                    Style::default().fg(s.warn),
                ),
            ]));
        }
    }
    if let Some(exception) = model.apps.facts.root_exceptions.get(&page.app) {
        let place = exception
            .task
            .as_ref()
            .map(|t| format!(" in {t}"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            label("root exception", theme),
            Span::styled(
                format!("{} ", units::clock(exception.at, model.tz)),
                theme.muted(),
            ),
            Span::styled(exception.root_cause.clone(), Style::default().fg(s.danger)),
            Span::styled(
                format!("{place} (the job's exception history)"),
                theme.muted(),
            ),
        ]));
    }
    let log = &facts.log;
    let since = log
        .since
        .map(|t| units::clock(t, model.tz))
        .unwrap_or_default();
    if let Some(why) = &log.unavailable {
        lines.push(Line::from(vec![
            label("log", theme),
            Span::styled(format!("not read: {why}"), Style::default().fg(s.warn)),
        ]));
    } else {
        let count = if log.more {
            format!("{}+", log.errors)
        } else {
            log.errors.to_string()
        };
        lines.push(Line::from(vec![
            label("log", theme),
            Span::styled(
                format!(
                    "{count} ERROR line{} since {since}",
                    if log.errors == 1 && !log.more {
                        ""
                    } else {
                        "s"
                    }
                ),
                Style::default().fg(if log.errors > 0 { s.danger } else { s.fg }),
            ),
            Span::styled(
                log.first_at
                    .map(|t| format!("; the first exception at {}", units::clock(t, model.tz)))
                    .unwrap_or_default(),
                theme.muted(),
            ),
            Span::styled(
                model
                    .key_for(Action::Logs)
                    .map(|key| format!("  ({key} opens the log there)"))
                    .unwrap_or_default(),
                theme.muted(),
            ),
        ]));
        for (i, text) in log.first_exception.iter().enumerate() {
            lines.push(Line::from(vec![
                label("", theme),
                Span::styled(
                    text.replace('\t', "  "),
                    if i == 0 {
                        Style::default().fg(s.danger)
                    } else {
                        theme.muted()
                    },
                ),
            ]));
        }
    }
    lines
}

fn what_changed(facts: &RollbackFacts, theme: &Theme) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let running = &facts.inputs.detail;
    let Some(target) = &facts.target else {
        return vec![
            heading(2, "What changed", theme),
            Line::styled("   no earlier version to compare with", theme.muted()),
        ];
    };
    let mut lines = vec![heading(
        2,
        &format!(
            "What changed: version {} (running) against version {} (where the way back leads)",
            running.version_id, target.version_id
        ),
        theme,
    )];
    let rows = diff(target, running);
    let unchanged = rows.iter().filter(|r| !r.changed).count();
    for row in rows
        .into_iter()
        .filter(|r| r.changed && r.field != "version")
    {
        lines.push(Line::from(vec![
            Span::styled("   ≠ ", Style::default().fg(s.warn)),
            Span::styled(format!("{:<24}", row.field), Style::default().fg(s.fg)),
            Span::styled(format!("{} ", row.before), theme.muted()),
            Span::styled("→ ", theme.muted()),
            Span::styled(row.after, Style::default().fg(s.warn)),
        ]));
    }
    lines.push(Line::styled(
        format!("     {unchanged} other fields unchanged (2 Versions in the application's screen shows them all)"),
        theme.muted(),
    ));
    lines
}

fn the_way_back(
    model: &Model,
    page: &RollbackPage,
    facts: &RollbackFacts,
    way: &WayBack,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let mut lines = vec![heading(3, "The way back", theme)];
    let (mark, style) = match way.path {
        Some(Path::Rollback | Path::Redeploy { .. }) => {
            ("▶ ", Style::default().fg(s.ok).add_modifier(Modifier::BOLD))
        }
        None => (
            "✗ no way back now: ",
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        ),
    };
    lines.push(Line::from(vec![
        Span::raw("   "),
        Span::styled(mark, style),
        Span::styled(way.sentence.clone(), Style::default().fg(s.fg)),
    ]));
    for warning in &way.warnings {
        let colour = if warning.starts_with("DESTRUCTIVE") {
            s.danger
        } else {
            s.warn
        };
        lines.push(Line::styled(
            format!("   ! {warning}"),
            Style::default().fg(colour),
        ));
    }
    if let Some(alternative) = &way.alternative {
        lines.push(Line::styled(format!("   {alternative}"), theme.muted()));
    }
    if page.choice == Choice::Alternative {
        lines.push(Line::styled(
            "   (the other path, chosen with p; p again goes back to the rules)",
            theme.muted(),
        ));
    }
    let target_runtime = facts
        .target
        .as_ref()
        .map(|t| t.runtime.clone())
        .unwrap_or_default();
    let snapshots = page.snapshots();
    lines.push(Line::default());
    if snapshots.is_empty() {
        lines.push(Line::styled("   snapshots: none READY", theme.muted()));
    } else {
        lines.push(Line::styled(
            format!(
                "   {:<46} {:>7}  {:<11} {:>6}",
                "SNAPSHOT", "VERSION", "RUNTIME", "AGE"
            ),
            theme.title(),
        ));
    }
    let restored = way.snapshot.as_ref().map(|s| s.name.clone());
    for (i, snapshot) in snapshots.iter().enumerate() {
        let fits_target = fits(snapshot, &target_runtime);
        let cursor = if i == page.cursor { "›" } else { " " };
        let chosen = if restored.as_deref() == Some(snapshot.name.as_str()) {
            "▶"
        } else {
            " "
        };
        let note = if fits_target {
            String::new()
        } else {
            format!("cannot be restored on {target_runtime}")
        };
        let style = if i == page.cursor {
            theme.selected()
        } else if fits_target {
            Style::default().fg(s.fg)
        } else {
            theme.muted()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {cursor}{chosen}"), Style::default().fg(s.accent)),
            Span::styled(
                format!(
                    "{:<46} {:>7}  {:<11} {:>6}  {note}",
                    snapshot.name,
                    snapshot.version_id,
                    snapshot.runtime.as_deref().unwrap_or("?"),
                    snapshot
                        .created
                        .map(|t| age(t, model.now))
                        .unwrap_or_default()
                ),
                style,
            ),
        ]));
    }
    lines.push(Line::default());
    lines.push(offered_keys(model, page, theme));
    lines
}

/// Line 4: the keys that do something on this guide now, as the keymap binds them.
fn offered_keys(model: &Model, page: &RollbackPage, theme: &Theme) -> Line<'static> {
    let key = |action: Action| model.key_for(action);
    let mut offers: Vec<(Option<String>, &str)> = Vec::new();
    if page.has_way_back() {
        offers.push((
            key(Action::Plan),
            "plans it (then type the name to confirm)",
        ));
    }
    if page.snapshot_choice_offered() {
        let choose = match (
            key(Action::Down),
            key(Action::Up),
            key(Action::ChooseSnapshot),
        ) {
            (Some(down), Some(up), Some(choose)) => Some(format!("{down}/{up} {choose}")),
            (_, _, choose) => choose,
        };
        offers.push((choose, "restore another snapshot"));
    }
    if page.other_path_offered() {
        offers.push((key(Action::OtherPath), "the other path"));
    }
    offers.push((key(Action::Logs), "logs"));
    offers.push((key(Action::Back), "back"));
    let mut spans = vec![Span::styled(
        "4  ",
        theme.title().add_modifier(Modifier::BOLD),
    )];
    for (key, what) in offers.into_iter().filter_map(|(k, w)| k.map(|k| (k, w))) {
        if spans.len() > 1 {
            spans.push(Span::styled(" · ", theme.muted()));
        }
        spans.push(Span::styled(key, Style::default().fg(theme.slots.accent)));
        spans.push(Span::styled(format!(" {what}"), theme.muted()));
    }
    Line::from(spans)
}

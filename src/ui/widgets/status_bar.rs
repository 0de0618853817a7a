//! The bottom line: the command line or filter being typed, a message, or key hints.
use crate::app::Action;
use crate::app::model::{Input, Level, Model};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let line = match &model.input {
        Input::Command(text) => Line::from(vec![
            Span::styled(
                ":",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(text.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
            Span::styled("   tab completes · enter runs · esc cancels", theme.muted()),
        ]),
        Input::Filter => Line::from(vec![
            Span::styled(
                "/",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(current_filter(model), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
            Span::styled(
                "   text · status:NAME · mode:NAME — enter keeps · esc clears",
                theme.muted(),
            ),
        ]),
        Input::RecordFilter(text) => Line::from(vec![
            Span::styled(
                "keep records containing: ",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(text.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
            Span::styled(
                "   key, shard or payload text — applies as typed · enter keeps · esc clears",
                theme.muted(),
            ),
        ]),
        Input::LogPattern(text) => Line::from(vec![
            Span::styled(
                "filter pattern: ",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(text.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
            Span::styled(
                "   CloudWatch syntax, e.g. ERROR or \"Checkpoint\" — enter applies · esc cancels",
                theme.muted(),
            ),
        ]),
        Input::Normal => match &model.status {
            Some(status) => {
                let colour = match status.level {
                    Level::Info => s.info,
                    Level::Warn => s.warn,
                    Level::Error => s.danger,
                };
                Line::styled(
                    fit(&status.text, usize::from(area.width)),
                    Style::default().fg(colour),
                )
            }
            None => hints(model, theme),
        },
    };
    frame.render_widget(Paragraph::new(line).style(theme.text()), area);
}

/// A message that does not fit ends in "…", so a cut sentence never reads as a whole one.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

fn current_filter(model: &Model) -> String {
    match model.route() {
        crate::app::Route::Logs(_) => model
            .logs
            .as_ref()
            .map(|l| l.search.text.clone())
            .unwrap_or_default(),
        crate::app::Route::Records(_) => model
            .records
            .as_ref()
            .map(|r| r.search.text.clone())
            .unwrap_or_default(),
        crate::app::Route::StreamDetail(_) => model
            .stream_detail
            .as_ref()
            .map(|d| d.table.filter.clone())
            .unwrap_or_default(),
        _ => model.streams.table.filter.clone(),
    }
}

/// The most useful keys of this screen, read from the keymap so they follow user overrides.
fn hints(model: &Model, theme: &Theme) -> Line<'static> {
    let wanted = [
        (Action::TogglePause, "pause"),
        (Action::Older, "older"),
        (Action::LogPattern, "filter"),
        (Action::Keys, "keys"),
        (Action::Split, "split"),
        (Action::ReadShard, "read shard"),
        (Action::Logs, "logs"),
        (Action::Deploy, "deploy"),
        (Action::Snapshot, "snapshot"),
        (Action::Rollback, "rollback"),
        (Action::Plan, "plan the way back"),
        (Action::OtherPath, "other path"),
        (Action::Open, "open"),
        (Action::FilterMode, "filter"),
        (Action::SortNext, "sort"),
        (Action::CommandMode, "command"),
        (Action::Refresh, "refresh"),
        (Action::Help, "help"),
        (Action::Back, "back"),
        (Action::Quit, "quit"),
    ];
    let mut spans = Vec::new();
    for (action, label) in wanted {
        if let Some(key) = model.key_for(action) {
            if action == Action::Back && model.routes.len() <= 1 {
                continue;
            }
            if !offered_on_the_guide(model, action) {
                continue;
            }
            // On the log and record views, `/` highlights rather than filters; `f` filters.
            let label = match (model.route(), action) {
                (
                    crate::app::Route::Logs(_) | crate::app::Route::Records(_),
                    Action::FilterMode,
                ) => "search",
                (crate::app::Route::Logs(_), Action::LogPattern) => "pattern",
                (crate::app::Route::Logs(_), Action::TogglePause)
                    if model.logs.as_ref().is_some_and(|l| !l.following) =>
                {
                    "follow"
                }
                (crate::app::Route::Records(_), Action::TogglePause)
                    if model.records.as_ref().is_some_and(|r| !r.following) =>
                {
                    "read on"
                }
                _ => label,
            };
            spans.push(Span::styled(key, Style::default().fg(theme.slots.accent)));
            spans.push(Span::styled(format!(" {label}  "), theme.muted()));
        }
    }
    Line::from(spans)
}

/// The guide's own keys only where they do something now.
fn offered_on_the_guide(model: &Model, action: Action) -> bool {
    let Some(page) = &model.rollback else {
        return true;
    };
    match action {
        Action::Plan => page.has_way_back(),
        Action::OtherPath => page.other_path_offered(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_too_long_for_the_line_ends_in_an_ellipsis() {
        assert_eq!(super::fit("short", 10), "short");
        assert_eq!(super::fit("a longer message", 8), "a longe…");
        assert_eq!(super::fit("a longer message", 8).chars().count(), 8);
    }
}

//! A panel that shows one centred message instead of a table (loading, empty, error).
use crate::domain::Loadable;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    block: Block<'_>,
    lines: Vec<(String, Style)>,
) {
    let inner_height = area.height.saturating_sub(2);
    let pad = inner_height.saturating_sub(lines.len() as u16) / 2;
    let mut text: Vec<Line> = (0..pad).map(|_| Line::default()).collect();
    text.extend(lines.into_iter().map(|(t, s)| Line::styled(t, s)));
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .style(theme.text())
            .block(block),
        area,
    );
}

/// What a list panel shows instead of its table while its first load runs or after it failed;
/// `None` once there is data to show (fresh or stale).
pub fn placeholder<T>(
    data: &Loadable<T>,
    what: &str,
    theme: &Theme,
) -> Option<Vec<(String, Style)>> {
    waiting_for(
        data,
        &format!("Loading {what}…"),
        &format!("Could not list {what}"),
        theme,
    )
}

/// The same for any panel: `loading` while the first load runs, `failed` above the error when
/// it failed with nothing to show.
pub fn waiting_for<T>(
    data: &Loadable<T>,
    loading: &str,
    failed: &str,
    theme: &Theme,
) -> Option<Vec<(String, Style)>> {
    let danger = Style::default().fg(theme.slots.danger);
    match data {
        Loadable::NotAsked | Loadable::Loading => Some(vec![(
            loading.to_string(),
            Style::default().fg(theme.slots.info),
        )]),
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => {
            let text = error.to_string();
            let mut lines = vec![
                (failed.to_string(), danger.add_modifier(Modifier::BOLD)),
                (text.clone(), danger),
            ];
            if !text.contains("ctrl-r") {
                lines.push(("ctrl-r retries".into(), theme.muted()));
            }
            Some(lines)
        }
        _ => None,
    }
}

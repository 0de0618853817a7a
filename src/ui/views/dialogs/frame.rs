//! The box every dialog is drawn in, and the lines dialogs share: labels, fields, checks.
use crate::ops::{Check, CheckOutcome};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Draws `lines` in a bordered box centred over the screen, clearing what is under it.
pub fn dialog(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    width: u16,
    title: String,
    border: Color,
    lines: Vec<Line<'static>>,
) {
    // Count wrapped rows, not lines, or the last lines (the confirm prompt) fall off the box.
    let inner = usize::from(width.min(area.width).saturating_sub(2)).max(1);
    // Word wrapping can need a row more than the width suggests: allow one per wrapped line.
    let rows: usize = lines
        .iter()
        .map(|l| match l.width().div_ceil(inner) {
            0 | 1 => 1,
            wrapped => wrapped + 1,
        })
        .sum();
    let rect = centred(
        area,
        width,
        u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        // Not trimmed: list rows are indented to line up under the ▶ of the chosen one.
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .style(theme.text())
            .block(
                Block::bordered()
                    .border_style(Style::default().fg(border))
                    .title(Span::styled(title, theme.title())),
            ),
        rect,
    );
}

/// A centred box of at most `width`×`height` cells.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A fixed-width label before a value.
pub fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{text:<22}"), theme.muted())
}

/// `label  value` on one line.
pub fn fact(text: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![label(text, theme), Span::raw(value)])
}

/// A prompt and the text typed so far, with the cursor when the field has the focus.
pub fn field(prompt: &str, value: &str, focused: bool, theme: &Theme) -> Line<'static> {
    let s = &theme.slots;
    let prompt_style = if focused {
        Style::default().fg(s.accent).add_modifier(Modifier::BOLD)
    } else {
        theme.muted()
    };
    let mut spans = vec![
        Span::styled(prompt.to_string(), prompt_style),
        Span::styled(value.to_string(), Style::default().fg(s.input)),
    ];
    if focused {
        spans.push(Span::styled("█", Style::default().fg(s.accent)));
    }
    Line::from(spans)
}

/// One pre-flight check: ✓ pass, ! warn or ✗ FAIL, its name and what it found.
pub fn check_line(check: &Check, theme: &Theme) -> Line<'static> {
    let s = &theme.slots;
    let (mark, colour) = match check.outcome {
        CheckOutcome::Pass => ("✓ pass", s.ok),
        CheckOutcome::Warn if check.name == crate::ops::checks::DESTRUCTIVE => ("! warn", s.danger),
        CheckOutcome::Warn => ("! warn", s.warn),
        CheckOutcome::Fail => ("✗ FAIL", s.danger),
    };
    Line::from(vec![
        Span::styled(
            format!("{mark}  "),
            Style::default().fg(colour).add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("{:<26}", check.name), Style::default().fg(s.fg)),
        Span::styled(check.detail.clone(), theme.muted()),
    ])
}

/// A line of a list the dialog offers: `▶` on the chosen one.
pub fn choice(text: String, chosen: bool, style: Style, theme: &Theme) -> Line<'static> {
    if chosen {
        Line::from(vec![
            Span::styled("▶ ", Style::default().fg(theme.slots.accent)),
            Span::styled(text, theme.selected()),
        ])
    } else {
        Line::from(vec![Span::raw("  "), Span::styled(text, style)])
    }
}

/// A toggle: `[x]` or `[ ]`, its key and what it means.
pub fn toggle(on: bool, key: &str, text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(
        format!("[{}] {key} {text}   ", if on { "x" } else { " " }),
        if on {
            Style::default().fg(theme.slots.fg)
        } else {
            theme.muted()
        },
    )
}

/// The dialog's error, in the danger colour.
pub fn error_line(error: &Option<String>, theme: &Theme) -> Option<Line<'static>> {
    error
        .as_ref()
        .map(|e| Line::styled(e.clone(), Style::default().fg(theme.slots.danger)))
}

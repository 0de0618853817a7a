//! The one confirm dialog every change passes through: what it changes, the exact call, the
//! pre-flight checks, the typed name where the plan needs it, an optional reason.
use super::frame::{check_line, dialog, error_line, field, label};
use crate::app::modal::{ConfirmField, ConfirmState};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(confirm: &ConfirmState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let plan = &confirm.plan;
    let mut lines = Vec::new();
    if let Some(notice) = &confirm.notice {
        lines.push(Line::styled(notice.clone(), Style::default().fg(s.warn)));
        lines.push(Line::default());
    }
    for change in &plan.changes {
        let value = if change.before == change.after {
            Span::styled(format!("{} (unchanged)", change.after), theme.muted())
        } else {
            Span::styled(
                format!("{} → {}", change.before, change.after),
                Style::default().fg(s.fg).add_modifier(Modifier::BOLD),
            )
        };
        lines.push(Line::from(vec![label(&change.what, theme), value]));
    }
    lines.push(Line::from(vec![
        label("call", theme),
        Span::raw(plan.call.text()),
    ]));
    for note in &plan.notes {
        lines.push(Line::from(vec![
            label("", theme),
            Span::styled(note.clone(), theme.muted()),
        ]));
    }
    lines.push(Line::default());
    lines.extend(plan.checks.iter().map(|c| check_line(c, theme)));
    lines.push(Line::default());
    let name = plan.resource.name();
    if !plan.runnable() {
        lines.push(Line::styled(
            "a failing check blocks this change",
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        ));
    } else if plan.needs_name() {
        lines.push(field(
            &format!("type {name} to confirm: "),
            &confirm.typed,
            confirm.field == ConfirmField::Name,
            theme,
        ));
    }
    if plan.runnable() {
        lines.push(field(
            "reason (optional, for the audit log): ",
            &confirm.reason,
            confirm.field == ConfirmField::Reason,
            theme,
        ));
    }
    lines.extend(error_line(&confirm.error, theme));
    lines.push(Line::styled(
        if plan.needs_name() {
            "enter sends it (once) · tab: name / reason · esc cancels, nothing is sent"
        } else {
            "enter sends it (once) · esc cancels, nothing is sent"
        },
        theme.muted(),
    ));
    let (border, flag) = if plan.destructive() {
        (s.danger, " — DESTRUCTIVE")
    } else {
        (s.warn, "")
    };
    dialog(
        frame,
        area,
        theme,
        116,
        format!(" Confirm: {}{flag} ", plan.title),
        border,
        lines,
    );
}

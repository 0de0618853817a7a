//! The jar picker of a self-managed job's deploy: the jars uploaded to its cluster, newest first,
//! with the version of kinetic's record each ran as, and a local file after them.
use super::frame::dialog;
use crate::app::modal::JarPicker;
use crate::domain::time::age;
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn jars(picker: &JarPicker, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let facts = &picker.facts;
    let running = facts.running_version();
    let mut lines = vec![
        Line::styled(
            format!(
                "Jars uploaded to {} — the running job is stopped with a savepoint and the jar runs from it",
                facts.cluster
            ),
            theme.muted(),
        ),
        Line::default(),
    ];
    let row = |chosen: bool, text: String, note: String| {
        let style = if chosen {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(s.fg)
        };
        Line::from(vec![
            Span::styled(format!("{} {text}", if chosen { "▶" } else { " " }), style),
            Span::styled(note, theme.muted()),
        ])
    };
    for (i, jar) in facts.jars.iter().enumerate() {
        // The newest version of kinetic's record that ran this upload.
        let version = facts
            .versions
            .iter()
            .rposition(|d| d.jar_id == jar.id)
            .map(|v| v + 1);
        let ran = match version {
            Some(v) if Some(v) == running => format!("  version {v}, running"),
            Some(v) => format!("  version {v}"),
            None => String::new(),
        };
        let uploaded = jar
            .uploaded
            .map(|t| format!("  uploaded {} ago", age(t, facts.at)))
            .unwrap_or_default();
        let entry = if jar.entry.is_empty() {
            String::new()
        } else {
            format!("  entry {}", jar.entry.join(", "))
        };
        lines.push(row(
            i == picker.cursor,
            format!("{:<34}", jar.name),
            format!("{}{uploaded}{entry}{ran}", short_id(&jar.id)),
        ));
    }
    if facts.jars.is_empty() {
        lines.push(Line::styled(
            "  no jars are uploaded to this cluster",
            theme.muted(),
        ));
    }
    lines.push(row(
        picker.cursor == facts.jars.len(),
        format!("{:<34}", "a local file…"),
        "type its path; kinetic uploads it when the deploy is confirmed".to_string(),
    ));
    lines.push(Line::default());
    lines.push(Line::styled(
        "j/k choose · enter puts the deploy on the command line to edit (arguments, -p, -c) · esc cancels",
        theme.muted(),
    ));
    dialog(
        frame,
        area,
        theme,
        116,
        format!(" Deploy to {}: pick a jar ", facts.app),
        s.border_focus,
        lines,
    );
}

/// The upload's id without its file name: `1f83fa54…`.
fn short_id(id: &str) -> String {
    format!("{}…", id.get(..8).unwrap_or(id))
}

//! The dialogs that lead to a stream change: the reshard planner, the retention, the split point.
use super::frame::{dialog, label};
use crate::app::modal::{PlannerState, RetentionState, SplitPointState};
use crate::domain::Loadable;
use crate::ops::reshard_plan::{self, SCALINGS_PER_DAY};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub fn planner(
    model: &crate::app::Model,
    planner: &PlannerState,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let mut lines: Vec<Line> = Vec::new();
    match &planner.inputs {
        Loadable::NotAsked | Loadable::Loading => lines.push(Line::styled(
            "Loading shards, limits and the last 24 h of traffic…",
            Style::default().fg(s.info),
        )),
        Loadable::Failed { error, .. } => lines.push(Line::styled(
            error.to_string(),
            Style::default().fg(s.danger),
        )),
        loaded @ Loadable::Loaded { .. } => {
            if let Some(inputs) = loaded.value() {
                let (low, high) = reshard_plan::one_step_range(inputs.open_shards);
                lines.push(Line::from(vec![
                    label("open shards", theme),
                    Span::raw(inputs.open_shards.to_string()),
                ]));
                if inputs.mode == Some(crate::domain::CapacityMode::OnDemand) {
                    lines.push(Line::styled(
                        "ON_DEMAND: AWS manages this stream's shards; a shard count cannot be set. Switching it to PROVISIONED comes first.",
                        Style::default().fg(s.warn),
                    ));
                } else {
                    lines.push(Line::from(vec![
                        label("one step allows", theme),
                        Span::raw(format!("{low}–{high} (½× to 2×, at most 10,000)")),
                    ]));
                    let steps = reshard_plan::quarter_steps(inputs.open_shards);
                    lines.push(Line::from(vec![
                        label("25 % steps", theme),
                        Span::raw(
                            steps
                                .iter()
                                .map(u32::to_string)
                                .collect::<Vec<_>>()
                                .join("  "),
                        ),
                    ]));
                }
                lines.push(Line::from(vec![
                    label("scalings in 24 h", theme),
                    Span::raw(format!(
                        "{} of {SCALINGS_PER_DAY} used (from the audit log)",
                        inputs.scalings_last_day
                    )),
                ]));
                lines.push(Line::from(vec![
                    label("account shards", theme),
                    Span::raw(match inputs.account_limit {
                        Some((limit, open)) => format!(
                            "{open} of {limit} open ({} free)",
                            limit.saturating_sub(open)
                        ),
                        None => "unknown (DescribeLimits unavailable)".into(),
                    }),
                ]));
                lines.push(Line::default());
                match reshard_plan::recommend(inputs, inputs.headroom) {
                    Some(rec) => {
                        lines.push(Line::from(vec![
                            label("recommended", theme),
                            Span::styled(
                                rec.target.to_string(),
                                Style::default().fg(s.ok).add_modifier(Modifier::BOLD),
                            ),
                        ]));
                        for reason in rec.reasons {
                            lines.push(Line::styled(format!("  {reason}"), theme.muted()));
                        }
                    }
                    None => lines.push(Line::styled(
                        "no traffic metrics for the last 24 h: no recommendation",
                        theme.muted(),
                    )),
                }
            }
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(
            "target shards: ",
            Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
        ),
        Span::styled(planner.target.clone(), Style::default().fg(s.input)),
        Span::styled("█", Style::default().fg(s.accent)),
    ]));
    if let Some(error) = &planner.error {
        lines.push(Line::styled(error.clone(), Style::default().fg(s.danger)));
    }
    match crate::ui::widgets::waiting::line(model, theme) {
        Some(waiting) => lines.push(waiting),
        None => lines.push(Line::styled("enter plans · esc closes", theme.muted())),
    }
    dialog(
        frame,
        area,
        theme,
        86,
        format!(" Reshard {} ", planner.stream),
        s.border_focus,
        lines,
    );
}

pub fn retention(retention: &RetentionState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let mut lines = vec![
        Line::from(vec![
            label("current", theme),
            Span::raw(format!("{} h", retention.current_hours)),
        ]),
        Line::from(vec![
            label("allowed", theme),
            Span::raw("24 h to 8,760 h (365 days)"),
        ]),
        Line::styled(
            "lowering it deletes records older than the new period at once",
            Style::default().fg(s.warn),
        ),
        Line::default(),
        Line::from(vec![
            Span::styled(
                "new retention: ",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(retention.input.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
        ]),
    ];
    if let Some(error) = &retention.error {
        lines.push(Line::styled(error.clone(), Style::default().fg(s.danger)));
    }
    lines.push(Line::styled(
        "hours (48 or 48h) or days (7d) · enter plans · esc closes",
        theme.muted(),
    ));
    dialog(
        frame,
        area,
        theme,
        80,
        format!(" Retention of {} ", retention.stream),
        s.border_focus,
        lines,
    );
}

pub fn split(split: &SplitPointState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let range = &split.shard.hash_range;
    let mut lines = vec![
        Line::from(vec![
            label("shard", theme),
            Span::raw(split.shard.id.clone()),
        ]),
        Line::from(vec![
            label("hash range", theme),
            Span::raw(format!("{range}")),
        ]),
        Line::from(vec![
            label("from", theme),
            Span::raw(range.start.to_string()),
        ]),
        Line::from(vec![label("to", theme), Span::raw(range.end.to_string())]),
        Line::from(vec![
            label("midpoint", theme),
            Span::raw(range.midpoint().to_string()),
        ]),
        Line::default(),
        Line::from(vec![
            Span::styled(
                "split at: ",
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(split.input.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
        ]),
    ];
    if let Some(error) = &split.error {
        lines.push(Line::styled(error.clone(), Style::default().fg(s.danger)));
    }
    lines.push(Line::styled(
        "empty for the midpoint, a percent of the range (25%), or a hash key · enter plans · esc closes",
        theme.muted(),
    ));
    dialog(
        frame,
        area,
        theme,
        96,
        format!(" Split a shard of {} ", split.stream),
        s.border_focus,
        lines,
    );
}

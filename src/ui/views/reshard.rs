//! The reshard planner and the type-to-confirm dialog, drawn over the current screen.
use crate::app::Model;
use crate::app::modal::{ConfirmState, Modal, PlannerState, RetentionState, SplitPointState};
use crate::domain::Loadable;
use crate::ops::ReshardCall;
use crate::ops::reshard_plan::{self, SCALINGS_PER_DAY};
use crate::ops::{Check, CheckOutcome};
use crate::ui::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Draws `lines` in a bordered box centred over the screen, clearing what is under it.
fn dialog(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    width: u16,
    title: String,
    border: ratatui::style::Color,
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
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
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

pub fn render(model: &Model, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &model.modal {
        Some(Modal::Planner(planner)) => planner_view(planner, theme, frame, area),
        Some(Modal::Confirm(confirm)) => confirm_view(confirm, theme, frame, area),
        Some(Modal::SplitPoint(split)) => split_view(split, theme, frame, area),
        Some(Modal::Retention(retention)) => retention_view(retention, theme, frame, area),
        None => {}
    }
}

fn label(text: &str, theme: &Theme) -> Span<'static> {
    Span::styled(format!("{text:<22}"), theme.muted())
}

fn planner_view(planner: &PlannerState, theme: &Theme, frame: &mut Frame, area: Rect) {
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
        other => {
            if let Some(inputs) = other.value() {
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
    lines.push(Line::styled("enter plans · esc closes", theme.muted()));
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

fn retention_view(retention: &RetentionState, theme: &Theme, frame: &mut Frame, area: Rect) {
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

fn split_view(split: &SplitPointState, theme: &Theme, frame: &mut Frame, area: Rect) {
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

fn check_line(check: &Check, theme: &Theme) -> Line<'static> {
    let s = &theme.slots;
    let (mark, colour) = match check.outcome {
        CheckOutcome::Pass => ("✓ pass", s.ok),
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

fn confirm_view(confirm: &ConfirmState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let s = &theme.slots;
    let plan = &confirm.plan;
    let first = plan.steps.first().copied().unwrap_or(plan.to);
    let mut lines = vec![
        Line::from(vec![
            label("before → after", theme),
            Span::styled(
                plan.call.change(plan.from, first),
                Style::default().fg(s.fg).add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::from(vec![
            label("call", theme),
            Span::raw(match &plan.call {
                ReshardCall::UniformScaling => {
                    format!("UpdateShardCount(TargetShardCount={first}, UNIFORM_SCALING)")
                }
                ReshardCall::SplitShard { shard, at } => {
                    format!("SplitShard({shard}, NewStartingHashKey={at})")
                }
                ReshardCall::MergeShards { shard, adjacent } => {
                    format!("MergeShards({shard}, {adjacent})")
                }
                ReshardCall::SetMode { to, .. } => format!("UpdateStreamMode(StreamMode={to})"),
                ReshardCall::SetRetention { to, .. } => {
                    format!("{}(RetentionPeriodHours={to})", plan.call.api())
                }
            }),
        ]),
    ];
    if plan.steps.len() > 1 {
        lines.push(Line::from(vec![
            label("plan", theme),
            Span::raw(format!(
                "{} → {} in {} steps; this is step 1, the next is confirmed when it lands",
                plan.from,
                plan.to,
                plan.steps.len()
            )),
        ]));
    }
    lines.push(Line::default());
    lines.extend(plan.checks.iter().map(|c| check_line(c, theme)));
    lines.push(Line::default());
    if plan.runnable() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("type {} to confirm: ", plan.stream),
                Style::default().fg(s.accent).add_modifier(Modifier::BOLD),
            ),
            Span::styled(confirm.typed.clone(), Style::default().fg(s.input)),
            Span::styled("█", Style::default().fg(s.accent)),
        ]));
    } else {
        lines.push(Line::styled(
            "a failing check blocks this change",
            Style::default().fg(s.danger).add_modifier(Modifier::BOLD),
        ));
    }
    if let Some(error) = &confirm.error {
        lines.push(Line::styled(error.clone(), Style::default().fg(s.danger)));
    }
    lines.push(Line::styled(
        "enter sends it (once) · esc cancels, nothing is sent",
        theme.muted(),
    ));
    dialog(
        frame,
        area,
        theme,
        110,
        format!(" Confirm: reshard {} ", plan.stream),
        s.warn,
        lines,
    );
}

//! The change kinetic follows on the open application: what runs and for how long, the health
//! gate's live checklist, or how the last change ended (for an hour after it did).
use crate::app::Model;
use crate::app::operation::{FinishedOp, OpOutcome, OpPhase, RunningOp, clock};
use crate::ops::Resource;
use crate::ops::gate::{Gate, GateCheck, RULES, Verdict};
use crate::ui::Theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The panel's lines for `app`; empty when there is nothing to show.
pub fn lines(model: &Model, app: &str, theme: &Theme) -> Vec<Line<'static>> {
    let resource = Resource::Application(app.to_string());
    if let Some(op) = model.operation_on(&resource) {
        return running(model, op, theme);
    }
    model
        .last_finished(&resource)
        .map(|f| finished(model, f, theme))
        .unwrap_or_default()
}

fn running(model: &Model, op: &RunningOp, theme: &Theme) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let busy = Style::default()
        .fg(s.status_updating)
        .add_modifier(Modifier::BOLD);
    let mut lines = Vec::new();
    match &op.phase {
        OpPhase::Sending | OpPhase::Following { .. } => {
            let (seen, operation, failed) = match &op.phase {
                OpPhase::Following {
                    operation_id,
                    seen,
                    failed,
                } => (
                    seen.clone().unwrap_or_else(|| "sent".into()),
                    operation_id
                        .as_ref()
                        .map(|id| format!(" {id}"))
                        .unwrap_or_default(),
                    failed.clone(),
                ),
                _ => ("sending".to_string(), String::new(), None),
            };
            lines.push(Line::from(vec![
                Span::styled("▶ ", busy),
                Span::styled(op.plan.title.clone(), Style::default().fg(s.fg)),
                Span::styled(
                    format!(" · {}{operation}", op.plan.call.api()),
                    theme.muted(),
                ),
                Span::styled(
                    format!(" · {seen} · {}", clock(model.now - op.started)),
                    busy,
                ),
            ]));
            if let Some(why) = failed {
                lines.push(Line::styled(
                    format!("  FAILED: {why} — the service is rolling it back"),
                    Style::default().fg(s.danger),
                ));
            }
        }
        OpPhase::Gating(gate) => {
            lines.push(Line::from(vec![
                Span::styled("▶ ", busy),
                Span::styled(
                    format!("health gate after {}", op.plan.title),
                    Style::default().fg(s.fg),
                ),
                Span::styled(
                    format!(
                        " · {} of {}",
                        clock(model.now - gate.started),
                        clock(gate.until - gate.started)
                    ),
                    busy,
                ),
            ]));
            if gate.extended {
                lines.push(Line::styled(
                    format!(
                        "  waiting for CloudWatch's late metrics: they cover {} of the {} (up to {} more)",
                        clock(gate.covered()),
                        clock(gate.until - gate.started),
                        clock(gate.limit() - model.now)
                    ),
                    Style::default().fg(s.warn),
                ));
            }
            lines.extend(checklist(gate, theme));
        }
    }
    if let Some(error) = &op.check_error {
        lines.push(Line::styled(
            format!("  the last look failed ({error}); looking again"),
            Style::default().fg(s.warn),
        ));
    }
    lines
}

fn checklist(gate: &Gate, theme: &Theme) -> Vec<Line<'static>> {
    let s = &theme.slots;
    gate.checks
        .iter()
        .zip(RULES)
        .map(|(check, rule)| {
            let (mark, colour) = match check {
                GateCheck::Passing(_) => ("✓", s.ok),
                GateCheck::Waiting(_) => ("…", s.info),
                GateCheck::Failed(_) => ("✗", s.danger),
            };
            Line::from(vec![
                Span::styled(format!("  {mark} "), Style::default().fg(colour)),
                Span::styled(format!("{rule:<16}"), Style::default().fg(s.fg)),
                Span::styled(check.detail().to_string(), theme.muted()),
            ])
        })
        .collect()
}

fn finished(model: &Model, op: &FinishedOp, theme: &Theme) -> Vec<Line<'static>> {
    let s = &theme.slots;
    let took = clock(op.ended - op.started);
    let (outcome_style, detail) = match &op.outcome {
        OpOutcome::Succeeded => (Style::default().fg(s.ok), String::new()),
        OpOutcome::Failed(why) | OpOutcome::Cancelled(why) | OpOutcome::RolledBack(why) => {
            (Style::default().fg(s.danger), format!(": {why}"))
        }
    };
    let mut spans = vec![
        Span::styled("■ ", outcome_style),
        Span::styled(op.plan.title.clone(), Style::default().fg(s.fg)),
        Span::styled(
            format!(" {}", op.outcome.label()),
            outcome_style.add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                " · {} ago{detail}",
                crate::domain::time::age(op.ended, model.now)
            ),
            theme.muted(),
        ),
    ];
    let mut lines = Vec::new();
    if let Some((gate, verdict)) = op
        .gate
        .as_ref()
        .and_then(|g| g.verdict.as_ref().map(|v| (g, v)))
    {
        let watched = clock(gate.ended.unwrap_or(op.ended) - gate.started);
        let (text, style) = match (verdict, op.recovery_since) {
            (Verdict::Passed, Some(since)) => (
                format!(
                    " · healthy again after {} (health gate PASSED after {watched})",
                    clock(gate.ended.unwrap_or(op.ended) - since)
                ),
                Style::default().fg(s.ok),
            ),
            (Verdict::Failed(_), Some(_)) => (
                format!(" · still failing: health gate FAILED after {watched}"),
                Style::default().fg(s.danger),
            ),
            (Verdict::Passed, None) => (
                format!(" · health gate PASSED after {watched}"),
                Style::default().fg(s.ok),
            ),
            (Verdict::Failed(_), None) => (
                format!(" · health gate FAILED after {watched}"),
                Style::default().fg(s.danger),
            ),
            (Verdict::Unproven(_), _) => (
                format!(" · health gate UNPROVEN after {watched}: the metrics never covered it"),
                Style::default().fg(s.warn),
            ),
            (Verdict::Interrupted(why), _) => (
                format!(" · health gate ended early: {why}"),
                Style::default().fg(s.warn),
            ),
        };
        spans.push(Span::styled(text, style.add_modifier(Modifier::BOLD)));
        lines.push(Line::from(spans));
        lines.extend(checklist(gate, theme));
        if matches!(verdict, Verdict::Failed(_)) {
            lines.push(Line::styled(
                format!("  {}", model.way_back(op.plan.resource.name())),
                Style::default().fg(s.warn),
            ));
        }
    } else {
        spans.push(Span::styled(format!(" · took {took}"), theme.muted()));
        lines.push(Line::from(spans));
    }
    lines
}

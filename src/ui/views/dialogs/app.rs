//! The dialogs of the application actions: a snapshot's name, the restore choice of a start,
//! graceful or forced stop, the deploy picker over the code's object versions, the scale form.
use super::frame::{choice, dialog, error_line, fact, field, toggle};
use crate::app::Model;
use crate::app::modal::{AppDialog, AppForm, DeployForm, ScaleForm};
use crate::domain::Loadable;
use crate::domain::time::age;
use crate::ops::app_checks::{self, ready};
use crate::ops::inputs::AppInputs;
use crate::ops::scale_plan;
use crate::ui::Theme;
use crate::ui::widgets::units;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn render(
    model: &Model,
    dialog_state: &AppDialog,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let s = &theme.slots;
    let app = &dialog_state.app;
    let mut lines = Vec::new();
    let (title, hint) = match &dialog_state.form {
        AppForm::Snapshot { .. } => (
            format!(" Snapshot of {app} "),
            "letters, digits, _ . - (1–256) · enter plans · esc closes",
        ),
        AppForm::Start { .. } => (
            format!(" Start {app} "),
            "j/k choose · enter plans · esc closes",
        ),
        AppForm::Stop { .. } => (
            format!(" Stop {app} "),
            "j/k or tab chooses · enter plans · esc closes",
        ),
        AppForm::Deploy(_) => (
            format!(" Deploy new code to {app} "),
            "j/k choose a version · e another key · a / n / L toggle · enter plans · esc closes",
        ),
        AppForm::Scale(_) => (
            format!(" Scale {app} "),
            "tab moves · space toggles · enter plans · esc closes",
        ),
        AppForm::Typed(intent) => (
            format!(" {} ", typed_title(intent, app)),
            "enter plans · esc closes",
        ),
    };
    if let Some(intent) = &dialog_state.planning {
        let what = match intent {
            crate::ops::AppIntent::Deploy(choice) => format!(
                "Reading {app} afresh and checking s3 object {}@{} (HeadObject)…",
                choice.key,
                choice.version.as_deref().unwrap_or("latest")
            ),
            _ => format!("Reading {app} afresh to plan…"),
        };
        lines.push(Line::styled(what, Style::default().fg(s.info)));
        if let Some(notice) = &dialog_state.notice {
            lines.push(Line::styled(notice.clone(), Style::default().fg(s.warn)));
        }
        match model.typed_ahead.len() {
            0 => lines.push(Line::styled("esc closes, nothing is sent", theme.muted())),
            n => lines.push(Line::styled(
                format!(
                    "{n} key{} typed ahead go to the plan once it shows · esc closes, nothing is sent",
                    if n == 1 { "" } else { "s" }
                ),
                theme.muted(),
            )),
        }
        return dialog(frame, area, theme, 100, title, s.border_focus, lines);
    }
    let inputs = match &dialog_state.inputs {
        Loadable::NotAsked | Loadable::Loading => {
            lines.push(Line::styled(
                format!("Reading {app}: state, operations, snapshots…"),
                Style::default().fg(s.info),
            ));
            None
        }
        Loadable::Failed {
            error,
            last_good: None,
            ..
        } => {
            lines.push(Line::styled(
                error.to_string(),
                Style::default().fg(s.danger),
            ));
            None
        }
        other => other.value(),
    };
    if let Some(inputs) = inputs {
        lines.push(summary(inputs, theme));
        match &dialog_state.form {
            AppForm::Snapshot { name } => {
                lines.push(snapshots_line(inputs, model, theme));
                lines.push(Line::default());
                lines.push(field("name: ", name, true, theme));
            }
            AppForm::Start { cursor } => start(inputs, *cursor, model, theme, &mut lines),
            AppForm::Stop { force } => stop(inputs, *force, theme, &mut lines),
            AppForm::Deploy(form) => deploy(inputs, form, model, theme, &mut lines),
            AppForm::Scale(form) => scale(inputs, form, model, theme, &mut lines),
            AppForm::Typed(intent) => {
                lines.push(Line::default());
                lines.push(Line::styled(typed_title(intent, app), theme.title()));
            }
        }
    } else if let AppForm::Snapshot { name } = &dialog_state.form {
        lines.push(field("name: ", name, true, theme));
    }
    lines.extend(error_line(&dialog_state.error, theme));
    match crate::ui::widgets::waiting::line(model, theme) {
        Some(waiting) => lines.push(waiting),
        None => lines.push(Line::styled(hint, theme.muted())),
    }
    dialog(frame, area, theme, 100, title, s.border_focus, lines);
}

/// What a change typed on the command line does, in a few words.
fn typed_title(intent: &crate::ops::AppIntent, app: &str) -> String {
    match intent {
        crate::ops::AppIntent::MetricsLevel { to, .. } => {
            format!("Set the metrics level of {app} to {to}")
        }
        crate::ops::AppIntent::Maintenance { start } => {
            format!("Start the maintenance window of {app} at {start} UTC")
        }
        _ => format!("Change {app}"),
    }
}

/// Status, version and runtime: what the choice is made on.
fn summary(inputs: &AppInputs, theme: &Theme) -> Line<'static> {
    let d = &inputs.detail;
    fact(
        "application",
        format!(
            "{} · version {} · {}{}",
            d.status,
            d.version_id,
            d.runtime,
            d.parallelism
                .as_ref()
                .map(|p| format!(" · parallelism {} on {} KPUs", p.parallelism, p.kpus()))
                .unwrap_or_default()
        ),
        theme,
    )
}

fn snapshots_line(inputs: &AppInputs, model: &Model, theme: &Theme) -> Line<'static> {
    let newest = ready(&inputs.snapshots).next().map_or_else(
        || " · no READY snapshot".into(),
        |s| {
            format!(
                " · newest READY {} ago ({})",
                s.created.map(|t| age(t, model.now)).unwrap_or_default(),
                s.name
            )
        },
    );
    fact(
        "snapshots",
        format!(
            "{} of {}{newest}",
            inputs.snapshots.len(),
            model.limits.snapshot_quota
        ),
        theme,
    )
}

fn start(
    inputs: &AppInputs,
    cursor: usize,
    model: &Model,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let snapshots: Vec<_> = ready(&inputs.snapshots).collect();
    lines.push(Line::default());
    lines.push(Line::styled("restore:", theme.title()));
    let latest = snapshots.first().map_or_else(
        || "the latest snapshot (there is none: starts empty)".into(),
        |s| format!("the latest snapshot ({}, version {})", s.name, s.version_id),
    );
    lines.push(choice(
        latest,
        cursor == 0,
        Style::default().fg(theme.slots.fg),
        theme,
    ));
    for (i, s) in snapshots.iter().enumerate() {
        lines.push(choice(
            format!(
                "{:<44} version {:<4} {:<11} {}",
                s.name,
                s.version_id,
                s.runtime.as_deref().unwrap_or("?"),
                s.created
                    .map(|t| format!("{} ago", age(t, model.now)))
                    .unwrap_or_default()
            ),
            cursor == i + 1,
            theme.muted(),
            theme,
        ));
    }
    lines.push(choice(
        "no restore — DESTRUCTIVE: starts with empty state".into(),
        cursor == snapshots.len() + 1,
        Style::default().fg(theme.slots.danger),
        theme,
    ));
}

fn stop(inputs: &AppInputs, force: bool, theme: &Theme, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::default());
    let graceful = if inputs.detail.snapshots_enabled {
        "graceful: AWS takes a snapshot, then stops (RUNNING only)"
    } else {
        "graceful: stops (snapshots are disabled, so no snapshot is taken)"
    };
    lines.push(choice(
        graceful.into(),
        !force,
        Style::default().fg(theme.slots.fg),
        theme,
    ));
    lines.push(choice(
        "force — DESTRUCTIVE: no snapshot; records may be lost or processed twice".into(),
        force,
        Style::default().fg(theme.slots.danger),
        theme,
    ));
}

fn deploy(
    inputs: &AppInputs,
    form: &DeployForm,
    model: &Model,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let running = inputs.detail.code.as_ref();
    lines.push(fact(
        "running",
        running.map_or_else(
            || "no S3 code".into(),
            |c| {
                format!(
                    "{} @ {}",
                    c.file_key,
                    c.object_version.as_deref().unwrap_or("(unversioned)")
                )
            },
        ),
        theme,
    ));
    lines.push(if form.editing_key {
        field("key: ", &form.key, true, theme)
    } else {
        fact("key", format!("{}   (e types another)", form.key), theme)
    });
    lines.push(Line::default());
    match &inputs.objects {
        None => lines.push(Line::styled(
            "Listing the key's versions…",
            Style::default().fg(theme.slots.info),
        )),
        Some(Err(error)) => lines.push(Line::styled(
            format!("cannot list the versions: {error}"),
            Style::default().fg(theme.slots.danger),
        )),
        Some(Ok(objects)) if objects.is_empty() => lines.push(Line::styled(
            format!(
                "no object named {} in the bucket; e types another key",
                form.key
            ),
            Style::default().fg(theme.slots.warn),
        )),
        Some(Ok(objects)) => {
            lines.push(Line::styled(
                format!(
                    "  {:<34} {:>9}  {:<17} {}",
                    "OBJECT VERSION", "SIZE", "UPLOADED", ""
                ),
                theme.title(),
            ));
            for (i, o) in objects.iter().enumerate().take(12) {
                let is_running = running
                    .is_some_and(|c| c.file_key == o.key && c.object_version == o.version_id);
                let mut marks = Vec::new();
                if o.latest {
                    marks.push("latest");
                }
                if is_running {
                    marks.push("running");
                }
                lines.push(choice(
                    format!(
                        "{:<34} {:>9}  {:<17} {} {}",
                        o.version_id.as_deref().unwrap_or("(unversioned)"),
                        units::bytes(o.size as f64),
                        o.uploaded
                            .map(|t| units::date(t, model.tz))
                            .unwrap_or_default(),
                        o.uploaded
                            .map(|t| format!("{} ago", age(t, model.now)))
                            .unwrap_or_default(),
                        marks.join(", ")
                    ),
                    i == form.cursor,
                    if is_running {
                        theme.muted()
                    } else {
                        Style::default().fg(theme.slots.fg)
                    },
                    theme,
                ));
            }
            if objects.len() > 12 {
                lines.push(Line::styled(
                    format!("  … {} older versions", objects.len() - 12),
                    theme.muted(),
                ));
            }
        }
    }
    lines.push(Line::default());
    let mut toggles = vec![
        toggle(
            !form.skip_restore,
            "n",
            "restore the latest snapshot",
            theme,
        ),
        toggle(
            form.allow_non_restored_state,
            "a",
            "AllowNonRestoredState",
            theme,
        ),
    ];
    if !inputs.detail.snapshots_enabled {
        toggles.push(toggle(
            form.accept_state_loss,
            "L",
            "accept losing the state (snapshots are off)",
            theme,
        ));
    }
    lines.push(Line::from(toggles));
}

fn scale(
    inputs: &AppInputs,
    form: &ScaleForm,
    model: &Model,
    theme: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let price = model.limits.kpu_price;
    if let Some(p) = &inputs.detail.parallelism {
        lines.push(fact(
            "now",
            format!(
                "parallelism {}, {} per KPU, autoscaling {} = {} KPUs (${:.2}/h)",
                p.parallelism,
                p.per_kpu,
                if p.autoscaling { "on" } else { "off" },
                p.kpus(),
                app_checks::cost_per_hour(p.kpus(), price)
            ),
            theme,
        ));
    }
    lines.push(Line::default());
    lines.push(field(
        "parallelism:          ",
        &form.parallelism,
        form.field == 0,
        theme,
    ));
    lines.push(field(
        "parallelism per KPU:  ",
        &form.per_kpu,
        form.field == 1,
        theme,
    ));
    lines.push(Line::from(vec![
        Span::styled(
            "autoscaling:          ",
            if form.field == 2 {
                Style::default().fg(theme.slots.accent)
            } else {
                theme.muted()
            },
        ),
        Span::styled(
            if form.autoscaling {
                "[x] on"
            } else {
                "[ ] off"
            },
            Style::default().fg(theme.slots.fg),
        ),
        Span::styled("   space toggles", theme.muted()),
    ]));
    if !inputs.detail.snapshots_enabled {
        lines.push(Line::from(vec![
            Span::styled(
                "state:                ",
                if form.field == 3 {
                    Style::default().fg(theme.slots.accent)
                } else {
                    theme.muted()
                },
            ),
            Span::styled(
                if form.accept_state_loss {
                    "[x] accept losing it"
                } else {
                    "[ ] keep it: refuse the change"
                },
                Style::default().fg(theme.slots.fg),
            ),
            Span::styled("   snapshots are off · space toggles", theme.muted()),
        ]));
    }
    let parsed = scale_plan::parse_count("parallelism", &form.parallelism).and_then(|p| {
        scale_plan::parse_count("parallelism per KPU", &form.per_kpu).map(|k| (p, k))
    });
    if let Ok((parallelism, per_kpu)) = parsed {
        let kpus = crate::domain::ParallelismChange {
            parallelism,
            per_kpu,
            autoscaling: form.autoscaling,
        }
        .kpus();
        let over = kpus > model.limits.kpu_limit;
        lines.push(Line::from(vec![
            super::frame::label("would be", theme),
            Span::styled(
                format!(
                    "{kpus} KPUs (limit {}) · ${:.2}/h at ${price:.2} per KPU-hour, one more KPU billed for orchestration",
                    model.limits.kpu_limit,
                    app_checks::cost_per_hour(kpus, price)
                ),
                Style::default().fg(if over { theme.slots.danger } else { theme.slots.fg }),
            ),
        ]));
    }
}

//! Changes to Flink applications from the keyboard and the command line: snapshot, delete a
//! snapshot, start, stop, deploy and scale. Each opens its dialog over facts read fresh, and its
//! choice becomes a plan for the one confirm path.
use super::super::app_detail_page::AppTab;
use super::super::command::Command;
use super::super::modal::{AppDialog, AppForm, DeployForm, Modal, ScaleForm};
use super::super::model::{Level, Model};
use super::super::route::Route;
pub use super::app_action::AppAction;
use super::confirm::{busy, open_app_dialog, open_confirm, refuse_read_only, replan};
use super::text_field::{FieldKey, field_key};
use crate::domain::{Loadable, ParallelismChange, PortError, Restore, Timestamp};
use crate::ops::app_checks::ready;
use crate::ops::deploy_plan::DeployChoice;
use crate::ops::inputs::{AppInputs, CodeQuery};
use crate::ops::{AppIntent, Replan, Resource, scale_plan, snapshot_plan};
use crossterm::event::{KeyCode, KeyEvent};

/// Facts older than this are read again before a plan is made from them.
pub const FRESH_SECS: i64 = 30;

/// The application an action applies to: the selected row, or the one open (or in the guide).
pub fn target_app(model: &Model) -> Option<String> {
    match model.route() {
        Route::Apps => model.apps.selected().map(|s| s.name.clone()),
        Route::AppDetail(app) | Route::Rollback(app) => Some(app.clone()),
        _ => None,
    }
}

/// Starts `action` on the selected or open application; `argument` is a `:snapshot NAME`.
pub fn begin(model: &mut Model, action: AppAction, argument: Option<&str>) -> Vec<Command> {
    if refuse_read_only(model) {
        return Vec::new();
    }
    let Some(app) = target_app(model) else {
        model.say(
            Level::Warn,
            "select an application first: :apps lists them, and actions apply to the selected or open one",
        );
        return Vec::new();
    };
    if busy(model, &Resource::Application(app.clone())) {
        return Vec::new();
    }
    if let Some((_, cluster)) = crate::domain::flink_cluster::split(&app) {
        return super::job_actions::begin(model, &app, cluster.to_string(), action, argument);
    }
    let running_key = model
        .apps
        .facts
        .details
        .get(&app)
        .and_then(|(d, _)| d.code.as_ref())
        .map(|c| c.file_key.clone());
    let form = match action {
        AppAction::Snapshot => match argument {
            Some(name) => {
                if let Err(why) = snapshot_plan::validate_name(name) {
                    model.say(Level::Error, format!("snapshot not taken: {why}"));
                    return Vec::new();
                }
                return replan(
                    model,
                    &app,
                    AppIntent::Snapshot {
                        name: name.to_string(),
                    },
                    None,
                );
            }
            None => AppForm::Snapshot {
                name: snapshot_plan::proposed_name(&app, model.now),
            },
        },
        AppAction::DeleteSnapshot => {
            let Some(name) = selected_snapshot(model, &app) else {
                model.say(
                    Level::Warn,
                    "select a snapshot on the Snapshots tab (3) of the application to delete it",
                );
                return Vec::new();
            };
            return replan(model, &app, AppIntent::DeleteSnapshot { name }, None);
        }
        AppAction::Start => AppForm::Start { cursor: 0 },
        AppAction::Stop => AppForm::Stop { force: false },
        AppAction::Deploy => AppForm::Deploy(DeployForm {
            key: running_key.clone().unwrap_or_default(),
            ..Default::default()
        }),
        AppAction::Scale => AppForm::Scale(ScaleForm::default()),
        AppAction::MetricsLevel | AppAction::Maintenance => {
            return match typed_intent(model, &app, action, argument) {
                Ok(intent) => replan(model, &app, intent, None),
                Err(why) => {
                    model.say(Level::Error, why);
                    Vec::new()
                }
            };
        }
    };
    let query = CodeQuery {
        versions_of: matches!(action, AppAction::Deploy)
            .then_some(running_key)
            .flatten(),
        head: None,
    };
    open_app_dialog(model, &app, form, None, None, query)
}

/// `:metrics-level LEVEL` and `:maintenance HH:MM` as intents, or why the line is not one
/// (said before anything is read).
fn typed_intent(
    model: &Model,
    app: &str,
    action: AppAction,
    argument: Option<&str>,
) -> Result<AppIntent, String> {
    if action == AppAction::Maintenance {
        let start = argument.ok_or(":maintenance HH:MM: the window's new start, in UTC")?;
        crate::domain::flink::MaintenanceWindow::starting(start)?;
        return Ok(AppIntent::Maintenance {
            start: start.trim().to_string(),
        });
    }
    let levels = ":metrics-level task|operator|parallelism|application";
    let to = argument
        .map(|a| {
            crate::domain::monitoring::MetricsLevel::parse(a)
                .ok_or(format!("\"{a}\" is not a metrics level: {levels}"))
        })
        .transpose()?
        .ok_or(levels)?;
    // The job's tasks, for the cost: the Job tab's live view, else CloudWatch's tasks.
    let page = model.app_detail.as_ref().filter(|p| p.app == app);
    let tasks = page.and_then(|p| {
        p.job
            .value()
            .map(|v| v.graph.operators.len())
            .or_else(|| p.tasks.value().map(|h| h.tasks.len()).filter(|n| *n > 0))
    });
    Ok(AppIntent::MetricsLevel {
        to,
        tasks: tasks.and_then(|n| u32::try_from(n).ok()),
    })
}

/// The snapshot selected on the open application's Snapshots tab.
fn selected_snapshot(model: &Model, app: &str) -> Option<String> {
    let page = model.app_detail.as_ref().filter(|p| p.app == app)?;
    if page.tab != AppTab::Snapshots {
        return None;
    }
    page.snapshots
        .value()?
        .get(page.snapshots_table.cursor)
        .map(|s| s.name.clone())
}

/// The dialog's choice is made: plan it now from its facts when they are fresh and enough,
/// else read them again first.
fn choose(model: &mut Model, intent: AppIntent) -> Vec<Command> {
    let now = model.now;
    let limits = model.limits;
    let Some(Modal::App(dialog)) = &mut model.modal else {
        return Vec::new();
    };
    let needs_s3 = intent.code_query() != CodeQuery::default();
    let fresh = dialog
        .inputs
        .value()
        .filter(|inputs| now - inputs.at < chrono::Duration::seconds(FRESH_SECS) && !needs_s3)
        .cloned();
    if let Some(inputs) = fresh {
        let plan = intent.plan(&inputs, &limits);
        let notice = dialog.notice.take();
        open_confirm(model, plan, Some(Replan::Intent(intent)), notice);
        Vec::new()
    } else {
        let app = dialog.app.clone();
        replan(model, &app, intent, None)
    }
}

/// Facts for a dialog, or for a plan that waits for them.
pub fn on_inputs(
    model: &mut Model,
    request: crate::app::msg::RequestId,
    at: Timestamp,
    result: Result<Box<AppInputs>, PortError>,
) -> Vec<Command> {
    let limits = model.limits;
    let Some(Modal::App(dialog)) = &mut model.modal else {
        return Vec::new();
    };
    if dialog.request != request {
        return Vec::new();
    }
    let result = result.map(|inputs| *inputs);
    if let Some(intent) = dialog.planning.take() {
        match result {
            Ok(inputs) => {
                let plan = intent.plan(&inputs, &limits);
                let notice = dialog.notice.take();
                open_confirm(model, plan, Some(Replan::Intent(intent)), notice);
            }
            Err(error) => {
                dialog.error = Some(format!("cannot plan: {error}"));
                dialog.inputs.finish(Err(error), at);
            }
        }
        return Vec::new();
    }
    dialog.inputs.finish(result, at);
    let submitted = std::mem::take(&mut dialog.submitted);
    let mut relist_key = None;
    if let Some(inputs) = dialog.inputs.value() {
        match &mut dialog.form {
            AppForm::Deploy(form) => {
                let running = inputs.detail.code.as_ref();
                match running {
                    // The key was not known when the dialog opened: list its versions now.
                    Some(code) if form.key.is_empty() => {
                        form.key.clone_from(&code.file_key);
                        relist_key = Some(form.key.clone());
                    }
                    _ => {
                        // Preselect the newest version that is not the one running.
                        let running_version = running.and_then(|c| c.object_version.clone());
                        let same_key = running.is_some_and(|c| c.file_key == form.key);
                        if let Some(Ok(objects)) = &inputs.objects {
                            form.cursor = objects
                                .iter()
                                .position(|o| !(same_key && o.version_id == running_version))
                                .unwrap_or(0);
                        }
                    }
                }
            }
            AppForm::Scale(form) if form.parallelism.is_empty() => {
                if let Some(p) = &inputs.detail.parallelism {
                    form.parallelism = p.parallelism.to_string();
                    form.per_kpu = p.per_kpu.to_string();
                    form.autoscaling = p.autoscaling;
                }
            }
            _ => {}
        }
    }
    if let Some(key) = relist_key {
        // The versions of the running key are still to come: an Enter waits for them too.
        let commands = relist(model, key);
        if let Some(Modal::App(dialog)) = &mut model.modal {
            dialog.submitted = submitted;
        }
        return commands;
    }
    if !submitted {
        return Vec::new();
    }
    // The Enter pressed while the facts loaded is acted on now (`update` then hands the plan
    // the keys typed since).
    if matches!(&model.modal, Some(Modal::App(d)) if d.inputs.value().is_some()) {
        return on_dialog_key(model, KeyEvent::from(KeyCode::Enter));
    }
    Vec::new()
}

/// Whether an Enter in this dialog needs facts that are still loading: the versions a deploy
/// picks from, the parallelism a scale starts from.
fn needs_facts_to_act(dialog: &AppDialog) -> bool {
    dialog.inputs.is_loading()
        && match &dialog.form {
            AppForm::Deploy(form) => !form.editing_key,
            AppForm::Scale(form) => form.parallelism.is_empty(),
            AppForm::Snapshot { .. }
            | AppForm::Start { .. }
            | AppForm::Stop { .. }
            | AppForm::Typed(_) => false,
        }
}

/// Keys in an application's dialog.
pub fn on_dialog_key(model: &mut Model, key: KeyEvent) -> Vec<Command> {
    let Some(Modal::App(dialog)) = &mut model.modal else {
        return Vec::new();
    };
    if key.code == KeyCode::Enter && needs_facts_to_act(dialog) {
        dialog.submitted = true;
        dialog.error = None;
        return Vec::new();
    }
    let up = matches!(key.code, KeyCode::Up | KeyCode::Char('k'));
    let down = matches!(key.code, KeyCode::Down | KeyCode::Char('j'));
    let snapshots: Vec<String> = dialog
        .inputs
        .value()
        .map(|i| ready(&i.snapshots).map(|s| s.name.clone()).collect())
        .unwrap_or_default();
    // The state-loss toggle is there only when snapshots are off.
    let scale_fields = if dialog
        .inputs
        .value()
        .is_some_and(|i| !i.detail.snapshots_enabled)
    {
        4
    } else {
        3
    };
    let intent = match &mut dialog.form {
        AppForm::Snapshot { name } => match field_key(name, &mut dialog.error, key) {
            FieldKey::Cancel => return close(model),
            FieldKey::Submit => match snapshot_plan::validate_name(name.trim()) {
                Ok(()) => AppIntent::Snapshot {
                    name: name.trim().to_string(),
                },
                Err(why) => {
                    dialog.error = Some(why);
                    return Vec::new();
                }
            },
            _ => return Vec::new(),
        },
        AppForm::Start { cursor } => {
            let last = snapshots.len() + 1;
            match key.code {
                KeyCode::Esc => return close(model),
                KeyCode::Enter => AppIntent::Start {
                    restore: match *cursor {
                        0 => Restore::Latest,
                        c if c == last => Restore::Skip,
                        c => Restore::Snapshot(snapshots[c - 1].clone()),
                    },
                },
                _ if up => {
                    *cursor = cursor.saturating_sub(1);
                    return Vec::new();
                }
                _ if down => {
                    *cursor = (*cursor + 1).min(last);
                    return Vec::new();
                }
                _ => return Vec::new(),
            }
        }
        AppForm::Typed(intent) => match key.code {
            KeyCode::Esc => return close(model),
            KeyCode::Enter => intent.clone(),
            _ => return Vec::new(),
        },
        AppForm::Stop { force } => match key.code {
            KeyCode::Esc => return close(model),
            KeyCode::Enter => AppIntent::Stop { force: *force },
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Char('f') => {
                *force = !*force;
                return Vec::new();
            }
            _ if up || down => {
                *force = !*force;
                return Vec::new();
            }
            _ => return Vec::new(),
        },
        AppForm::Deploy(form) => {
            if form.editing_key {
                return match field_key(&mut form.key, &mut dialog.error, key) {
                    FieldKey::Cancel => {
                        form.editing_key = false;
                        Vec::new()
                    }
                    FieldKey::Submit => {
                        form.editing_key = false;
                        form.cursor = 0;
                        let key = form.key.trim().to_string();
                        form.key.clone_from(&key);
                        relist(model, key)
                    }
                    _ => Vec::new(),
                };
            }
            let objects = dialog
                .inputs
                .value()
                .and_then(|i| i.objects.as_ref())
                .and_then(|o| o.as_ref().ok())
                .cloned()
                .unwrap_or_default();
            match key.code {
                KeyCode::Esc => return close(model),
                KeyCode::Char('e') => {
                    form.editing_key = true;
                    return Vec::new();
                }
                KeyCode::Char('a') => {
                    form.allow_non_restored_state = !form.allow_non_restored_state;
                    return Vec::new();
                }
                KeyCode::Char('n') => {
                    form.skip_restore = !form.skip_restore;
                    return Vec::new();
                }
                KeyCode::Char('L') => {
                    form.accept_state_loss = !form.accept_state_loss;
                    return Vec::new();
                }
                _ if up => {
                    form.cursor = form.cursor.saturating_sub(1);
                    return Vec::new();
                }
                _ if down => {
                    form.cursor = (form.cursor + 1).min(objects.len().saturating_sub(1));
                    return Vec::new();
                }
                KeyCode::Enter => {
                    if let Some(object) = objects.get(form.cursor) {
                        AppIntent::Deploy(DeployChoice {
                            key: form.key.clone(),
                            version: object.version_id.clone(),
                            restore: if form.skip_restore {
                                Restore::Skip
                            } else {
                                Restore::Latest
                            },
                            allow_non_restored_state: form.allow_non_restored_state,
                            accept_state_loss: form.accept_state_loss,
                        })
                    } else {
                        dialog.error = Some(format!(
                            "no object version of {} to deploy; e types another key",
                            form.key
                        ));
                        return Vec::new();
                    }
                }
                _ => return Vec::new(),
            }
        }
        AppForm::Scale(form) => match key.code {
            KeyCode::Tab | KeyCode::Down => {
                form.field = (form.field + 1) % scale_fields;
                return Vec::new();
            }
            KeyCode::BackTab | KeyCode::Up => {
                form.field = (form.field + scale_fields - 1) % scale_fields;
                return Vec::new();
            }
            KeyCode::Char(' ') if form.field >= 2 => {
                if form.field == 2 {
                    form.autoscaling = !form.autoscaling;
                } else {
                    form.accept_state_loss = !form.accept_state_loss;
                }
                return Vec::new();
            }
            _ => {
                let text = match form.field {
                    0 => &mut form.parallelism,
                    1 => &mut form.per_kpu,
                    _ => {
                        // Toggles take no typing; Esc and Enter still work there.
                        let mut none = String::new();
                        match field_key(&mut none, &mut dialog.error, key) {
                            FieldKey::Cancel => return close(model),
                            FieldKey::Submit => {}
                            _ => return Vec::new(),
                        }
                        return submit_scale(model);
                    }
                };
                match field_key(text, &mut dialog.error, key) {
                    FieldKey::Cancel => return close(model),
                    FieldKey::Submit => return submit_scale(model),
                    _ => return Vec::new(),
                }
            }
        },
    };
    choose(model, intent)
}

fn submit_scale(model: &mut Model) -> Vec<Command> {
    let Some(Modal::App(dialog)) = &mut model.modal else {
        return Vec::new();
    };
    let AppDialog {
        form: AppForm::Scale(form),
        error,
        ..
    } = dialog.as_mut()
    else {
        return Vec::new();
    };
    let parsed = scale_plan::parse_count("parallelism", &form.parallelism).and_then(|p| {
        scale_plan::parse_count("parallelism per KPU", &form.per_kpu).map(|k| (p, k))
    });
    match parsed {
        Err(why) => {
            *error = Some(why);
            Vec::new()
        }
        Ok((parallelism, per_kpu)) => {
            let intent = AppIntent::Scale {
                to: ParallelismChange {
                    parallelism,
                    per_kpu,
                    autoscaling: form.autoscaling,
                },
                accept_state_loss: form.accept_state_loss,
            };
            choose(model, intent)
        }
    }
}

/// Lists the versions of another key for the deploy picker.
fn relist(model: &mut Model, key: String) -> Vec<Command> {
    let request = model.request_id();
    let Some(Modal::App(dialog)) = &mut model.modal else {
        return Vec::new();
    };
    dialog.request = request;
    dialog.inputs = Loadable::Loading;
    vec![Command::LoadAppInputs {
        request,
        app: dialog.app.clone(),
        query: CodeQuery {
            versions_of: Some(key),
            head: None,
        },
    }]
}

fn close(model: &mut Model) -> Vec<Command> {
    model.modal = None;
    Vec::new()
}

//! A self-managed job's changes from the keyboard and the command line: a savepoint, a stop or a cancel planned from what was last read of the job; deploy, rescale and the version's start through the cluster's facts first; Managed Flink's own settings refused with the reason.
use super::super::command::Command;
use super::super::model::{Level, Model};
use super::app_action::AppAction;
use super::confirm::open_confirm;

/// A self-managed job's changes: `S` a savepoint, `X` (`:stop [drain|force]`) a stop with a
/// savepoint or a cancel, planned from what was last read of the job and confirmed on the same
/// dialog; `D` and `:deploy`, `:scale N` go through the cluster's facts first, and `U` fills in a
/// deploy of the job's version (from the savepoint it stopped with).
pub fn begin(
    model: &mut Model,
    app: &str,
    cluster: String,
    action: AppAction,
    argument: Option<&str>,
) -> Vec<Command> {
    use crate::ops::job_plan::{self, JobFacts};
    let detail = model.apps.facts.details.get(app).map(|(d, _)| d.clone());
    let status = detail
        .as_ref()
        .map(|d| d.status.clone())
        .or_else(|| {
            model
                .apps
                .summaries()
                .iter()
                .find(|s| s.name == app)
                .map(|s| s.status.clone())
        })
        .unwrap_or(crate::domain::AppStatus::Other("UNKNOWN".into()));
    let job_id = detail
        .as_ref()
        .and_then(|d| crate::domain::flink_cluster::job_id_of(&d.arn))
        .unwrap_or_default()
        .to_string();
    let last_checkpoint = model
        .app_detail
        .as_ref()
        .filter(|p| p.app == app)
        .and_then(|p| p.job.value())
        .and_then(|v| {
            v.checkpoints
                .iter()
                .find(|c| c.status == "COMPLETED")
                .cloned()
        });
    let facts = JobFacts {
        app: app.to_string(),
        production: model
            .clusters
            .iter()
            .any(|c| c.name == cluster && c.production),
        cluster,
        job_id,
        status,
        last_checkpoint,
    };
    let plan = match (action, argument) {
        (AppAction::Deploy, Some(line)) => {
            return super::job_deploy::from_command(model, app, line);
        }
        (AppAction::Deploy, None) => {
            return super::job_deploy::begin(
                model,
                app,
                crate::ops::job_deploy_plan::JobIntent::Pick,
            );
        }
        // A self-managed job starts again by running its jar: from the savepoint it stopped with.
        (AppAction::Start, _) => {
            super::job_deploy::fill_command_line(model, app);
            model.say(
                Level::Info,
                format!(
                    "{app} starts again by deploying its version from the savepoint it stopped with: Enter plans it (edit the jar or arguments first if need be)"
                ),
            );
            return Vec::new();
        }
        (AppAction::Scale, Some(count)) => {
            return match count.trim().parse::<u32>() {
                Ok(parallelism) if parallelism > 0 => super::job_deploy::begin(
                    model,
                    app,
                    crate::ops::job_deploy_plan::JobIntent::Rescale(parallelism),
                ),
                _ => {
                    model.say(
                        Level::Error,
                        format!("nothing rescaled: {count} is not a parallelism (:scale N)"),
                    );
                    Vec::new()
                }
            };
        }
        (AppAction::Scale, None) => {
            let now = detail
                .as_ref()
                .and_then(|d| d.parallelism.as_ref())
                .map(|p| p.parallelism.to_string())
                .unwrap_or_default();
            model.input = super::super::model::Input::Command(format!("scale {now}"));
            model.say(
                Level::Info,
                "type the new parallelism, Enter plans it: the job is stopped with a savepoint and run again from it at that parallelism",
            );
            return Vec::new();
        }
        (AppAction::Snapshot, _) => job_plan::savepoint(&facts),
        (AppAction::Stop, Some("force" | "cancel")) => job_plan::cancel(&facts),
        (AppAction::Stop, Some("drain")) => job_plan::stop(&facts, true),
        (AppAction::Stop, _) => job_plan::stop(&facts, false),
        (AppAction::MetricsLevel | AppAction::Maintenance, _) => {
            model.say(
                Level::Warn,
                format!(
                    "{} is Managed Flink's: {app} runs on a self-managed cluster, whose metrics and maintenance are its own",
                    if action == AppAction::MetricsLevel {
                        "A metrics level"
                    } else {
                        "A maintenance window"
                    }
                ),
            );
            return Vec::new();
        }
        (other, _) => {
            model.say(
                Level::Warn,
                format!(
                    "{} of a self-managed Flink job is not built yet: kinetic takes savepoints of {app} and stops it (X, :stop drain, :stop force)",
                    other.verb()
                ),
            );
            return Vec::new();
        }
    };
    open_confirm(model, plan, None, None);
    Vec::new()
}

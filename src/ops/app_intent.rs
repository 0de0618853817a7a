//! What the operator asked of an application, kept apart from the plan so that the plan can be
//! made again from fresh facts (after another tool changed the application meanwhile).
use super::app_checks::AppLimits;
use super::deploy_plan::{self, DeployChoice};
use super::inputs::{AppInputs, CodeQuery};
use super::plan::OpPlan;
use super::{lifecycle_plan, maintenance_plan, metrics_level_plan, scale_plan, snapshot_plan};
use crate::domain::{ParallelismChange, Restore};

/// How a plan is made again when AWS met a change made meanwhile by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replan {
    /// Plan this intent again from re-read facts.
    Intent(AppIntent),
    /// Read the rollback guide's facts again and show the way back they lead to.
    Guide,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppIntent {
    Snapshot {
        name: String,
    },
    DeleteSnapshot {
        name: String,
    },
    Start {
        restore: Restore,
    },
    Stop {
        force: bool,
    },
    Deploy(DeployChoice),
    Scale {
        to: ParallelismChange,
        accept_state_loss: bool,
    },
    /// `tasks`: how many tasks the job has, when the Job tab told it (for the cost).
    MetricsLevel {
        to: crate::domain::monitoring::MetricsLevel,
        tasks: Option<u32>,
    },
    /// The maintenance window's start, as typed (`HH:MM`, UTC).
    Maintenance {
        start: String,
    },
}

impl AppIntent {
    /// The S3 facts its plan needs: the object a deploy would run.
    pub fn code_query(&self) -> CodeQuery {
        match self {
            Self::Deploy(choice) => CodeQuery {
                versions_of: None,
                head: Some((choice.key.clone(), choice.version.clone())),
            },
            _ => CodeQuery::default(),
        }
    }

    /// The plan for this intent on the application as `inputs` show it.
    pub fn plan(&self, inputs: &AppInputs, limits: &AppLimits) -> OpPlan {
        match self {
            Self::Snapshot { name } => snapshot_plan::create(inputs, name, limits),
            Self::DeleteSnapshot { name } => snapshot_plan::delete(inputs, name),
            Self::Start { restore } => lifecycle_plan::start(inputs, restore, limits),
            Self::Stop { force } => lifecycle_plan::stop(inputs, *force),
            Self::Deploy(choice) => deploy_plan::deploy(inputs, choice, limits),
            Self::Scale {
                to,
                accept_state_loss,
            } => scale_plan::scale(inputs, *to, *accept_state_loss, limits),
            Self::MetricsLevel { to, tasks } => {
                metrics_level_plan::metrics_level(inputs, *to, *tasks)
            }
            Self::Maintenance { start } => maintenance_plan::maintenance(inputs, start),
        }
    }
}

//! Dialogs of operator workflows: the reshard planner, the split point, the retention, the
//! application actions' dialogs, and the one confirm dialog every change passes through.
use super::msg::RequestId;
use crate::domain::Loadable;
use crate::ops::inputs::AppInputs;
use crate::ops::{AppIntent, OpPlan, Replan, ReshardInputs};

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    Planner(PlannerState),
    SplitPoint(SplitPointState),
    Retention(RetentionState),
    App(Box<AppDialog>),
    Confirm(Box<ConfirmState>),
    Jars(Box<JarPicker>),
}

/// `D` on a self-managed job: the jars uploaded to its cluster, to pick the one to deploy (or a
/// local file, the row after them).
#[derive(Debug, Clone, PartialEq)]
pub struct JarPicker {
    pub facts: crate::domain::deployment::DeployFacts,
    /// On a jar, or on the last row: a local file.
    pub cursor: usize,
}

/// `t`: the new retention period.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionState {
    pub stream: String,
    pub status: crate::domain::StreamStatus,
    pub current_hours: u32,
    /// "48h", "7d" or hours.
    pub input: String,
    pub error: Option<String>,
}

/// `s`: where to split the selected shard.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitPointState {
    pub stream: String,
    pub shard: crate::domain::Shard,
    /// Empty for the midpoint, "25%", or a decimal hash key.
    pub input: String,
    pub error: Option<String>,
}

/// `R`: what the stream can be scaled to, and the operator's target.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannerState {
    pub stream: String,
    pub inputs: Loadable<ReshardInputs>,
    pub target: String,
    pub error: Option<String>,
    /// Enter was pressed before the facts arrived: the plan is made as soon as they do.
    pub submitted: bool,
}

/// An action on an application: its choices, over facts read when the dialog opened.
#[derive(Debug, Clone, PartialEq)]
pub struct AppDialog {
    pub app: String,
    /// The load this dialog waits for; answers to older ones are dropped.
    pub request: RequestId,
    pub inputs: Loadable<AppInputs>,
    pub form: AppForm,
    pub error: Option<String>,
    /// Set while the plan is being made from fresh facts (re-read, and for a deploy HeadObject).
    pub planning: Option<AppIntent>,
    /// Enter was pressed before the facts the choice needs arrived (the versions to deploy, the
    /// parallelism to scale from): it is acted on as soon as they do.
    pub submitted: bool,
    /// Shown above the plan once it is made (why it is shown again).
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AppForm {
    /// The snapshot's name, proposed as APP-YYYYMMDD-HHMM.
    Snapshot {
        name: String,
    },
    /// 0: the latest snapshot; 1..=n: a READY snapshot of the list; n+1: no restore.
    Start {
        cursor: usize,
    },
    Stop {
        force: bool,
    },
    Deploy(DeployForm),
    Scale(ScaleForm),
    /// A change typed whole on the command line (`:metrics-level`, `:maintenance`): nothing to
    /// choose; enter plans it.
    Typed(AppIntent),
}

/// The deploy picker: object versions of a key, and the update's options.
#[derive(Debug, Clone, PartialEq, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "each is one toggle of the dialog"
)]
pub struct DeployForm {
    /// The code key; the running one unless another is typed.
    pub key: String,
    pub editing_key: bool,
    /// The selected object version (index into the listed versions).
    pub cursor: usize,
    /// Restore the latest snapshot (default) or start the new code empty.
    pub skip_restore: bool,
    pub allow_non_restored_state: bool,
    pub accept_state_loss: bool,
}

/// The scale dialog's fields, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScaleForm {
    pub parallelism: String,
    pub per_kpu: String,
    pub autoscaling: bool,
    /// 0: parallelism, 1: per KPU, 2: autoscaling, 3: accept state loss.
    pub field: usize,
    pub accept_state_loss: bool,
}

/// Which field of the confirm dialog takes typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmField {
    Name,
    Reason,
}

/// The plan before it runs: the typed name (where it needs one), an optional reason, Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmState {
    pub plan: OpPlan,
    pub typed: String,
    /// Why, in the operator's words; it goes to the audit log.
    pub reason: String,
    pub field: ConfirmField,
    pub error: Option<String>,
    /// How to plan again from fresh facts if AWS meets a concurrent change.
    pub replan: Option<Replan>,
    /// Why the plan is shown (again): said above it.
    pub notice: Option<String>,
}

impl ConfirmState {
    /// A fresh dialog for `plan`: nothing typed yet.
    pub fn new(plan: OpPlan) -> Self {
        let field = if plan.needs_name() {
            ConfirmField::Name
        } else {
            ConfirmField::Reason
        };
        Self {
            plan,
            typed: String::new(),
            reason: String::new(),
            field,
            error: None,
            replan: None,
            notice: None,
        }
    }

    pub fn with_replan(mut self, replan: Option<Replan>, notice: Option<String>) -> Self {
        self.replan = replan;
        self.notice = notice;
        self
    }
}

impl AppForm {
    /// The dialog an intent comes from, for when its plan cannot be made and the operator
    /// must choose again.
    pub fn from_intent(intent: &AppIntent) -> Self {
        match intent {
            AppIntent::Snapshot { name } | AppIntent::DeleteSnapshot { name } => {
                Self::Snapshot { name: name.clone() }
            }
            AppIntent::Start { .. } => Self::Start { cursor: 0 },
            AppIntent::Stop { force } => Self::Stop { force: *force },
            AppIntent::Deploy(choice) => Self::Deploy(DeployForm {
                key: choice.key.clone(),
                skip_restore: choice.restore == crate::domain::Restore::Skip,
                allow_non_restored_state: choice.allow_non_restored_state,
                accept_state_loss: choice.accept_state_loss,
                ..Default::default()
            }),
            AppIntent::Scale {
                to,
                accept_state_loss,
            } => Self::Scale(ScaleForm {
                parallelism: to.parallelism.to_string(),
                per_kpu: to.per_kpu.to_string(),
                autoscaling: to.autoscaling,
                field: 0,
                accept_state_loss: *accept_state_loss,
            }),
            typed @ (AppIntent::MetricsLevel { .. } | AppIntent::Maintenance { .. }) => {
                Self::Typed(typed.clone())
            }
        }
    }
}

//! State of the rollback guide: the facts read for one application and the operator's choice.
use super::msg::RequestId;
use crate::domain::{Loadable, Snapshot};
use crate::ops::rollback_plan::{Choice, RollbackFacts, WayBack, decide};

#[derive(Debug, Clone, PartialEq)]
pub struct RollbackPage {
    pub app: String,
    pub request: RequestId,
    pub facts: Loadable<RollbackFacts>,
    pub choice: Choice,
    /// The selected row of the snapshot list.
    pub cursor: usize,
    /// Why the guide shows (again): a failed health gate, a change made meanwhile.
    pub notice: Option<String>,
}

impl RollbackPage {
    pub fn new(app: String, request: RequestId, notice: Option<String>) -> Self {
        Self {
            app,
            request,
            facts: Loadable::Loading,
            choice: Choice::Rules,
            cursor: 0,
            notice,
        }
    }

    /// The way back the rules and the operator's choice lead to, once the facts are in.
    pub fn way(&self) -> Option<WayBack> {
        self.facts.value().map(|facts| decide(facts, &self.choice))
    }

    /// The snapshots the list offers: READY ones, newest first.
    pub fn snapshots(&self) -> Vec<&Snapshot> {
        self.facts
            .value()
            .map(|f| crate::ops::app_checks::ready(&f.inputs.snapshots).collect())
            .unwrap_or_default()
    }
}

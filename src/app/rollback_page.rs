//! State of the rollback guide: the facts read for one application and the operator's choice.
use super::msg::RequestId;
use crate::domain::{Loadable, Snapshot, Timestamp};
use crate::ops::rollback_facts::RollbackFacts;
use crate::ops::rollback_plan::{Choice, WayBack, decide};

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
    /// When the ERROR lines were last read, and whether the load in flight reads them.
    pub log_read_at: Option<Timestamp>,
    pub reading_log: bool,
    /// Enter was pressed before the facts arrived: the way back is planned as soon as they do.
    pub plan_when_read: bool,
}

/// How often an open guide reads the application's log again (the rest: every refresh).
pub const LOG_EVERY_SECS: i64 = 60;

impl RollbackPage {
    pub fn new(app: String, request: RequestId, notice: Option<String>) -> Self {
        Self {
            app,
            request,
            facts: Loadable::Loading,
            choice: Choice::Rules,
            cursor: 0,
            notice,
            log_read_at: None,
            reading_log: false,
            plan_when_read: false,
        }
    }

    /// Starts reading the facts (again) as `request`: the command that reads them. The ERROR
    /// lines are read at most every `LOG_EVERY_SECS` (their pages share FilterLogEvents' quota
    /// with the log view); the last findings are kept between.
    pub fn load(&mut self, request: RequestId, now: Timestamp) -> super::command::Command {
        self.request = request;
        self.facts.start();
        self.reading_log = self
            .log_read_at
            .is_none_or(|at| now - at >= chrono::Duration::seconds(LOG_EVERY_SECS));
        super::command::Command::LoadRollbackFacts {
            request,
            app: self.app.clone(),
            read_log: self.reading_log,
        }
    }

    /// The way back the rules and the operator's choice lead to, once the facts are in.
    pub fn way(&self) -> Option<WayBack> {
        self.facts.value().map(|facts| decide(facts, &self.choice))
    }

    /// Whether the other-path key has something to switch to (or back from).
    pub fn other_path_offered(&self) -> bool {
        self.choice == Choice::Alternative || self.way().is_some_and(|w| w.alternative.is_some())
    }

    /// Whether choosing a snapshot can change the way back: there are READY snapshots and the
    /// rules found a way back (a refusal for the state or the version is not about snapshots).
    pub fn snapshot_choice_offered(&self) -> bool {
        !self.snapshots().is_empty()
            && (matches!(self.choice, Choice::Snapshot(_))
                || self
                    .facts
                    .value()
                    .is_some_and(|f| decide(f, &Choice::Rules).path.is_some()))
    }

    /// Whether there is a way back to plan now.
    pub fn has_way_back(&self) -> bool {
        self.way().is_some_and(|w| w.path.is_some())
    }

    /// The snapshots the list offers: READY ones, newest first.
    pub fn snapshots(&self) -> Vec<&Snapshot> {
        self.facts
            .value()
            .map(|f| crate::ops::app_checks::ready(&f.inputs.snapshots).collect())
            .unwrap_or_default()
    }
}

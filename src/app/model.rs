//! The whole state of the console. `update` changes it; `view` only reads it.
use super::app_detail_page::AppDetailPage;
use super::apps_page::AppsPage;
use super::layout;
use super::msg::RequestId;
use super::route::Route;
use super::stream_detail_page::StreamDetailPage;
use super::streams_page::StreamsPage;
use crate::config::{Keymap, Section};
use crate::domain::Timestamp;
use chrono::{FixedOffset, Offset};

pub use super::context::Context;

/// What the bottom line is being used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Normal,
    /// `:` typed; holds the command so far.
    Command(String),
    /// `/` typed; the filter text lives in the table and applies as it is typed.
    Filter,
    /// `f` typed in the log view: a CloudWatch filter pattern, applied on Enter.
    LogPattern(String),
    /// `f` typed in the record viewer: text the records shown must contain, applied as typed.
    RecordFilter(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A message on the bottom line; it fades after a while.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusLine {
    pub text: String,
    pub level: Level,
    pub at: Timestamp,
    /// Said by a background call (a fault starting or ending), not in answer to the operator:
    /// it never covers what the operator was just told.
    pub background: bool,
}

/// Log view settings from the command line.
#[derive(Debug, Clone, Copy)]
pub struct LogSettings {
    pub mode: super::logs_page::LogsMode,
    pub since: chrono::Duration,
    pub capacity: usize,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            mode: super::logs_page::LogsMode::Auto,
            since: chrono::Duration::minutes(15),
            capacity: crate::domain::log_buffer::DEFAULT_CAPACITY,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub context: Context,
    pub keymap: Keymap,
    pub now: Timestamp,
    /// Offset used to show times; fixed at start so snapshots are stable.
    pub tz: FixedOffset,
    pub width: u16,
    pub height: u16,
    pub routes: Vec<Route>,
    pub input: Input,
    pub status: Option<StatusLine>,
    /// A background message that waits for the operator's message to fade.
    pub deferred: Option<StatusLine>,
    /// Background calls that are failing, and when each is asked again.
    pub faults: super::faults::Faults,
    pub streams: StreamsPage,
    pub stream_detail: Option<StreamDetailPage>,
    pub apps: AppsPage,
    pub alarms: super::alarms_page::AlarmsPage,
    /// The watched contexts (`[[watch]]`, `--watch`) and the `:contexts` screen.
    pub contexts: super::contexts_page::ContextsPage,
    /// The account's On-demand Advantage mode (DescribeAccountSettings, once per refresh).
    pub account: crate::domain::Loadable<crate::domain::capacity::Advantage>,
    pub account_request: Option<super::msg::RequestId>,
    /// Every delivery channel in the account (ListChannels, once per refresh).
    pub channels: crate::domain::Loadable<Vec<crate::domain::channel::Channel>>,
    pub channels_request: Option<super::msg::RequestId>,
    /// Channels described in full (DescribeChannel), by ARN, for the stream detail.
    pub channel_details: std::collections::HashMap<String, crate::domain::channel::Channel>,
    /// Delivery metrics by channel ARN (None: no metric names the channel).
    pub channel_metrics: std::collections::HashMap<
        String,
        crate::domain::Loadable<Option<crate::domain::channel::DeliveryMetrics>>,
    >,
    pub app_detail: Option<AppDetailPage>,
    pub logs: Option<super::logs_page::LogsPage>,
    pub records: Option<super::records_page::RecordsPage>,
    pub rollback: Option<super::rollback_page::RollbackPage>,
    pub modal: Option<super::modal::Modal>,
    /// Keys typed while a dialog waits for facts to act on the operator's Enter.
    pub typed_ahead: Vec<crossterm::event::KeyEvent>,
    /// Changes sent and being followed to their end (and through the health gate).
    pub operations: Vec<super::operation::RunningOp>,
    /// Changes that ended, most recent last (at most `operation::HISTORY`).
    pub history: Vec<super::operation::FinishedOp>,
    /// When a way back (the rollback guide's) was confirmed, per application: its health gate
    /// says "healthy again after m:ss" counted from then.
    pub recoveries: std::collections::HashMap<String, Timestamp>,
    /// Limits and price the application plans check against.
    pub limits: crate::ops::app_checks::AppLimits,
    /// How long the health gate watches an application after a change.
    pub health_gate: chrono::Duration,
    /// The self-managed Flink clusters (their production flag decides how changes confirm).
    pub clusters: Vec<crate::domain::flink_cluster::ClusterEntry>,
    pub log_settings: LogSettings,
    /// Spare capacity the reshard recommendation keeps above the last day's peak.
    pub reshard_headroom: f64,
    pub help_offset: usize,
    pub refresh_every: chrono::Duration,
    /// How long a bottom-line message stays up, on the model's clock (ten seconds of the
    /// operator's time, however fast a simulated account runs).
    pub status_for: chrono::Duration,
    pub last_refresh: Option<Timestamp>,
    pub next_request: u64,
    pub quit: bool,
    /// The signal that ended the console, for the exit status (128 + its number).
    pub exit_signal: Option<i32>,
}

impl Model {
    /// The delivery channels of the stream with `arn`, described in full where they have been.
    pub fn channels_of(&self, arn: &str) -> Vec<&crate::domain::channel::Channel> {
        self.channels
            .value()
            .map(|all| {
                all.iter()
                    .filter(|c| c.streams.iter().any(|s| s == arn))
                    .map(|c| self.channel_details.get(&c.arn).unwrap_or(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn new(context: Context, keymap: Keymap, now: Timestamp, size: (u16, u16)) -> Self {
        Self {
            context,
            keymap,
            now,
            tz: chrono::Utc.fix(),
            width: size.0,
            height: size.1,
            routes: vec![Route::Streams],
            input: Input::Normal,
            status: None,
            deferred: None,
            faults: super::faults::Faults::default(),
            streams: StreamsPage::default(),
            stream_detail: None,
            apps: AppsPage::default(),
            alarms: super::alarms_page::AlarmsPage::default(),
            contexts: super::contexts_page::ContextsPage::default(),
            account: crate::domain::Loadable::default(),
            account_request: None,
            channels: crate::domain::Loadable::default(),
            channels_request: None,
            channel_details: std::collections::HashMap::new(),
            channel_metrics: std::collections::HashMap::new(),
            app_detail: None,
            logs: None,
            records: None,
            rollback: None,
            modal: None,
            typed_ahead: Vec::new(),
            operations: Vec::new(),
            history: Vec::new(),
            recoveries: std::collections::HashMap::new(),
            limits: crate::ops::app_checks::AppLimits::default(),
            health_gate: chrono::Duration::seconds(crate::ops::gate::DEFAULT_DURATION_SECS),
            clusters: Vec::new(),
            log_settings: LogSettings::default(),
            reshard_headroom: crate::ops::reshard_plan::DEFAULT_HEADROOM,
            help_offset: 0,
            refresh_every: chrono::Duration::seconds(10),
            status_for: chrono::Duration::seconds(10),
            last_refresh: None,
            next_request: 1,
            quit: false,
            exit_signal: None,
        }
    }

    pub fn route(&self) -> &Route {
        self.routes.last().unwrap_or(&Route::Streams)
    }

    pub fn request_id(&mut self) -> RequestId {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        id
    }

    /// Keymap sections for the current screen, most specific first.
    pub fn sections(&self) -> Vec<Section> {
        match self.route() {
            Route::Streams => vec![Section::Streams, Section::Table, Section::Global],
            Route::StreamDetail(_) => vec![Section::StreamDetail, Section::Table, Section::Global],
            Route::Apps => vec![Section::Apps, Section::Table, Section::Global],
            Route::AppDetail(_) => vec![Section::AppDetail, Section::Table, Section::Global],
            Route::Logs(_) => vec![Section::Logs, Section::Global],
            Route::Records(_) => vec![Section::Records, Section::Global],
            Route::Keys(_) => vec![Section::Keys, Section::Global],
            Route::Rollback(_) => vec![Section::Rollback, Section::Global],
            Route::Help => vec![Section::Help, Section::Global],
            Route::Alarms => vec![Section::Alarms, Section::Table, Section::Global],
            Route::Contexts => vec![Section::Contexts, Section::Table, Section::Global],
        }
    }

    /// The key bound to `action` on the current screen, as hints show it ("l", "enter").
    pub fn key_for(&self, action: crate::config::Action) -> Option<String> {
        self.keymap
            .keys_for(&self.sections(), action)
            .first()
            .map(std::string::ToString::to_string)
    }

    /// How to ask for `action` on an application from anywhere: the key the applications
    /// screen binds, else the `command` (a message outlives the screen it was said on).
    pub fn app_key_or(&self, action: crate::config::Action, command: &str) -> String {
        self.keymap
            .keys_for(&[Section::Apps, Section::Table, Section::Global], action)
            .first()
            .map_or_else(|| command.to_string(), std::string::ToString::to_string)
    }

    /// The sentence that names the way back after a failed gate.
    pub fn way_back(&self, app: &str) -> String {
        let guide = self.app_key_or(crate::config::Action::Rollback, ":rollback");
        format!("the way back: {guide} opens the rollback guide for {app} (:rollback)")
    }

    /// The alarms on the streams and applications of this account, newest first.
    pub fn relevant_alarms(&self) -> Vec<&crate::domain::Alarm> {
        // Drawn every frame (the pulse): one pass over the names, not one per dimension.
        let known: std::collections::HashSet<&str> = self
            .streams
            .listings()
            .iter()
            .map(|s| s.name.as_str())
            .chain(self.apps.summaries().iter().map(|a| a.name.as_str()))
            .collect();
        self.alarms.relevant(|name| known.contains(name))
    }

    pub fn streams_page_rows(&self) -> usize {
        layout::streams_page_rows(self.height)
    }

    /// Why the on-demand stream in the detail view throttles, when it does.
    pub fn why_throttles(&self) -> Option<crate::domain::capacity::ThrottleReasons> {
        let detail = self.stream_detail.as_ref()?;
        super::why_throttles::explain(
            detail,
            self.streams.facts.metrics.value(&detail.stream),
            &self.account.value().cloned().unwrap_or_default(),
            self.records.as_ref(),
            self.now,
        )
    }

    /// Rows of the shards table: fewer while the why-it-throttles panel sits above it.
    pub fn shards_page_rows(&self) -> usize {
        let rows = layout::shards_page_rows(self.height);
        match self.why_throttles() {
            Some(reasons) => {
                let below = layout::below_detail_summary(self.height);
                let taken = usize::from(super::why_throttles::panel_height(&reasons, below));
                rows.saturating_sub(taken).max(1)
            }
            None => rows,
        }
    }

    /// Rows of the log view.
    pub fn log_rows(&self) -> usize {
        layout::log_rows(self.height)
    }

    /// Rows of the tables inside an application detail tab (less the operation panel's).
    pub fn app_tab_rows(&self) -> usize {
        let panel = self
            .app_detail
            .as_ref()
            .map_or(0, |page| self.operation_panel_height(&page.app));
        layout::app_tab_rows(self.height)
            .saturating_sub(usize::from(panel))
            .max(1)
    }

    /// Height of the operation panel above an application's tabs (its border included), 0 when
    /// there is nothing to show: one line for the change, four for a health gate's checklist,
    /// one for a failure, a failed look or the way back.
    pub fn operation_panel_height(&self, app: &str) -> u16 {
        use super::operation::OpPhase;
        use crate::ops::gate::Verdict;
        let resource = crate::ops::Resource::Application(app.to_string());
        let lines = if let Some(op) = self.operation_on(&resource) {
            let body = match &op.phase {
                OpPhase::Following {
                    failed: Some(_), ..
                } => 2,
                OpPhase::Gating(gate) => {
                    1 + usize::from(gate.extended) + crate::ops::gate::RULES.len()
                }
                _ => 1,
            };
            body + usize::from(op.check_error.is_some())
        } else if let Some(finished) = self.last_finished(&resource) {
            match finished.gate.as_ref().and_then(|g| g.verdict.as_ref()) {
                Some(Verdict::Failed(_)) => 2 + crate::ops::gate::RULES.len(),
                Some(_) => 1 + crate::ops::gate::RULES.len(),
                None => 1,
            }
        } else {
            0
        };
        if lines == 0 {
            0
        } else {
            u16::try_from(lines + 1).unwrap_or(u16::MAX)
        }
    }

    /// How long a finished change stays on its application's screen.
    pub const OPERATION_SHOWN_FOR_MINUTES: i64 = 60;

    /// The latest change to `resource` that ended within the hour.
    pub fn last_finished(
        &self,
        resource: &crate::ops::Resource,
    ) -> Option<&super::operation::FinishedOp> {
        self.history.iter().rev().find(|f| {
            &f.plan.resource == resource
                && self.now - f.ended < chrono::Duration::minutes(Self::OPERATION_SHOWN_FOR_MINUTES)
        })
    }

    /// The change kinetic follows on `resource`: one still changing it first, else its gate.
    pub fn operation_on(
        &self,
        resource: &crate::ops::Resource,
    ) -> Option<&super::operation::RunningOp> {
        let on = || {
            self.operations
                .iter()
                .filter(|op| op.resource() == resource)
        };
        on().find(|op| op.is_changing()).or_else(|| on().next())
    }

    /// Tells the operator something about what they did (an outcome, a refusal, a mistake).
    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(StatusLine {
            text: text.into(),
            level,
            at: self.now,
            background: false,
        });
    }

    /// Says something the console noticed by itself. It waits while the operator's own message
    /// is up, and only the latest such message waits.
    pub fn say_background(&mut self, level: Level, text: impl Into<String>) {
        let line = StatusLine {
            text: text.into(),
            level,
            at: self.now,
            background: true,
        };
        if self.status.as_ref().is_some_and(|s| !s.background) {
            self.deferred = Some(line);
        } else {
            self.status = Some(line);
        }
    }

    /// The bottom line's time is up: the operator's message gives way to a waiting one.
    pub fn fade_status(&mut self) {
        if self
            .status
            .as_ref()
            .is_some_and(|s| self.now - s.at > self.status_for)
        {
            self.status = self.deferred.take().map(|mut line| {
                line.at = self.now;
                line
            });
        }
    }

    /// An error as the operator should read it here: credentials name this console's profile.
    pub fn sentence(&self, error: &crate::domain::PortError) -> String {
        match error {
            crate::domain::PortError::Credentials { detail } if !self.context.demo => {
                let profile = self.context.profile.as_deref().unwrap_or("default");
                format!(
                    "AWS credentials for profile {profile} are expired or invalid ({detail}): run `aws sso login --profile {profile}` (or renew them); kinetic keeps the last data and picks up new credentials on its next refresh"
                )
            }
            error => error.to_string(),
        }
    }

    /// A background call failed: it waits longer before the next try, and a fault is said once
    /// (a transient error only once it outlasts a retry). A missing resource is an answer, not a
    /// fault.
    pub fn background_failed(&mut self, api: super::faults::Api, error: &crate::domain::PortError) {
        // Not found, and what cannot be read here at all, are said where the data would be.
        if matches!(
            error,
            crate::domain::PortError::NotFound { .. }
                | crate::domain::PortError::Unavailable { .. }
        ) {
            return;
        }
        let period = self.refresh_every;
        let cap = period * super::backoff::CAP_PERIODS;
        if self
            .faults
            .failed(api, error.clone(), self.now, period, cap)
        {
            let text = format!("{}; {}", self.sentence(error), api.loses());
            self.say_background(Level::Warn, text);
        }
    }

    /// Records a background call's result: a failure or an answer.
    pub fn background_result<T>(
        &mut self,
        api: super::faults::Api,
        result: &Result<T, crate::domain::PortError>,
    ) {
        match result {
            Ok(_) => self.background_answered(api),
            Err(error) => self.background_failed(api, error),
        }
    }

    /// A background call answered: if it had been failing, that is said once.
    pub fn background_answered(&mut self, api: super::faults::Api) {
        if let Some(fault) = self.faults.answered(api).filter(|f| f.said) {
            let took = crate::domain::time::age(fault.since, self.now);
            self.say_background(
                Level::Info,
                format!("{} answers again (it failed for {took})", api.name()),
            );
        }
    }
}

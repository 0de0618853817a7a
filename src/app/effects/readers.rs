//! The long-lived readers a runner keeps: one record reader and one log follower at a time, each
//! found by its session to pause or stop it.
use super::super::log_tail::LogTail;
use super::super::logs_page::LogsMode;
use super::super::msg::Msg;
use super::super::record_reader::{DISCOVER_EVERY, Reader};
use super::super::records_page::Scope;
use super::Clock;
use crate::domain::Timestamp;
use crate::domain::read_from::ReadFrom;
use crate::ports::{LogQuery, LogsPort, StreamsPort};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc::UnboundedSender;

/// A record reader at work.
struct RunningReader {
    session: u64,
    task: tokio::task::AbortHandle,
    paused: tokio::sync::watch::Sender<bool>,
}

/// Shared by the clones of one runner.
#[derive(Clone, Default)]
pub struct Readers {
    followers: Arc<Mutex<HashMap<u64, tokio::task::AbortHandle>>>,
    reader: Arc<Mutex<Option<RunningReader>>>,
}

impl Readers {
    fn reader(&self) -> MutexGuard<'_, Option<RunningReader>> {
        self.reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn followers(&self) -> MutexGuard<'_, HashMap<u64, tokio::task::AbortHandle>> {
        self.followers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Starts reading `stream`; a new session replaces the old one.
    pub fn start_reader(
        &self,
        streams: Arc<dyn StreamsPort>,
        tx: UnboundedSender<Msg>,
        clock: Clock,
        (session, stream, scope, from): (u64, String, Scope, ReadFrom),
    ) {
        let (paused, paused_rx) = tokio::sync::watch::channel(false);
        let reader = Reader {
            streams,
            tx,
            session,
            stream,
            clock,
            discover_every: DISCOVER_EVERY,
            paused: paused_rx,
        };
        let task = tokio::spawn(reader.run(scope, from));
        if let Some(old) = self.reader().replace(RunningReader {
            session,
            task: task.abort_handle(),
            paused,
        }) {
            old.task.abort();
        }
    }

    /// Holds the reader of `session` still, or lets it read on.
    pub fn pause_reader(&self, session: u64, paused: bool) {
        if let Some(reader) = self.reader().as_ref().filter(|r| r.session == session) {
            let _ = reader.paused.send(paused);
        }
    }

    pub fn stop_reader(&self, session: u64) {
        let mut reader = self.reader();
        if reader.as_ref().is_some_and(|r| r.session == session)
            && let Some(old) = reader.take()
        {
            old.task.abort();
        }
    }

    /// Whether a record reader is running (for tests).
    pub fn reading_records(&self) -> bool {
        self.reader()
            .as_ref()
            .is_some_and(|r| !r.task.is_finished())
    }

    /// Starts following a log; a new session replaces the others.
    pub fn start_follower(
        &self,
        logs: Arc<dyn LogsPort>,
        tx: UnboundedSender<Msg>,
        clock: Clock,
        (session, query, since, mode): (u64, LogQuery, Timestamp, LogsMode),
    ) {
        let follower = LogTail {
            logs,
            tx,
            session,
            query,
            clock,
        };
        let task = tokio::spawn(follower.run(since, mode));
        let mut followers = self.followers();
        for (_, old) in followers.drain() {
            old.abort();
        }
        followers.insert(session, task.abort_handle());
    }

    pub fn stop_follower(&self, session: u64) {
        if let Some(task) = self.followers().remove(&session) {
            task.abort();
        }
    }

    /// Followers still running (for tests).
    pub fn running_followers(&self) -> usize {
        self.followers()
            .values()
            .filter(|t| !t.is_finished())
            .count()
    }

    /// Stops every reader and follower: the console left this runner's context.
    pub fn stop_all(&self) {
        for (_, follower) in self.followers().drain() {
            follower.abort();
        }
        if let Some(reader) = self.reader().take() {
            reader.task.abort();
        }
    }
}

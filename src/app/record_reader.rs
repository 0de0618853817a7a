//! The record reader: one task per shard, each at most one GetRecords a second, renewing expired
//! iterators where it was, backing off when throttled, walking the shards' lineage (every parent
//! to its end before its children) and finding shards that a reshard opened. Reports everything
//! as `Msg`s; stopped by aborting it.
use super::msg::Msg;
use super::records_page::Scope;
use crate::domain::lineage;
use crate::domain::read_from::ReadFrom;
use crate::domain::record::{Record, from_kinesis};
use crate::domain::{PortError, Shard, Timestamp};
use crate::ports::StreamsPort;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinSet;

/// GetRecords per shard per second. AWS allows five, shared by every consumer of the stream.
pub const READS_PER_SECOND: u32 = 1;
/// Records asked for per GetRecords: twice what a shard accepts a second, so reading from now
/// keeps up and reading from the past catches up, without outrunning what the view holds.
pub const BATCH: u32 = 2_000;
/// How often the shard list is read again for shards a reshard opened.
pub const DISCOVER_EVERY: Duration = Duration::from_secs(30);

fn every() -> Duration {
    Duration::from_secs(1) / READS_PER_SECOND
}

/// The wait after `failures` failed calls in a row.
fn wait(failures: u32, seed: u64) -> Duration {
    if failures == 0 {
        return every();
    }
    let period = chrono::Duration::from_std(every()).unwrap_or_default();
    super::backoff::wait(
        failures,
        period,
        period * super::backoff::FOLLOW_CAP_PERIODS,
        seed,
    )
    .to_std()
    .unwrap_or(every())
}

#[derive(Clone)]
pub struct Reader {
    pub streams: Arc<dyn StreamsPort>,
    pub tx: UnboundedSender<Msg>,
    pub session: u64,
    pub stream: String,
    pub clock: Arc<dyn Fn() -> Timestamp + Send + Sync>,
    /// How often the shard list is read for shards a reshard opened (`DISCOVER_EVERY`).
    pub discover_every: Duration,
    /// True while the operator holds the view still: no shard reads, each keeps its place.
    pub paused: tokio::sync::watch::Receiver<bool>,
}

/// The shards ListShards reports closed, shared with the shard tasks.
type Closed = Arc<Mutex<HashSet<String>>>;

/// The shards a read walks and where it stands: started at `first`, a child started once every
/// parent it walks through has ended.
struct Walk {
    shards: Vec<Shard>,
    first: Vec<String>,
    walked: HashSet<String>,
    started: HashSet<String>,
    ended: HashSet<String>,
    closed: Closed,
}

impl Walk {
    fn new(shards: Vec<Shard>, scope: &Scope, from: &ReadFrom) -> Self {
        let first: Vec<&Shard> = match scope {
            Scope::AllOpen => lineage::first_shards(&shards, from),
            Scope::Shard(id) => shards.iter().filter(|s| &s.id == id).collect(),
        };
        let walked = lineage::walk(&shards, &first);
        let first = first.iter().map(|s| s.id.clone()).collect();
        let closed = shards
            .iter()
            .filter(|s| !s.open)
            .map(|s| s.id.clone())
            .collect();
        Self {
            shards,
            first,
            walked,
            started: HashSet::new(),
            ended: HashSet::new(),
            closed: Arc::new(Mutex::new(closed)),
        }
    }

    fn listed(&self, id: &str) -> bool {
        self.shards.iter().any(|s| s.id == id)
    }

    /// Closed shards among those walked.
    fn closed_walked(&self) -> usize {
        self.shards
            .iter()
            .filter(|s| !s.open && self.walked.contains(&s.id))
            .count()
    }

    /// A new listing: children of walked shards join the walk; closed shards are known closed.
    fn relisted(&mut self, shards: Vec<Shard>) {
        if let Ok(mut closed) = self.closed.lock() {
            closed.extend(shards.iter().filter(|s| !s.open).map(|s| s.id.clone()));
        }
        let first: Vec<&Shard> = shards
            .iter()
            .filter(|s| self.walked.contains(&s.id))
            .collect();
        let walked = lineage::walk(&shards, &first);
        self.walked.extend(walked);
        self.shards = shards;
    }
}

/// How a shard's reading ended.
enum End {
    /// Read to the end of a closed shard.
    Closed {
        shard: String,
        children: Vec<String>,
    },
    /// The console went away.
    Gone,
}

impl Reader {
    fn send(&self, msg: Msg) -> bool {
        self.tx.send(msg).is_ok()
    }

    fn failed(&self, shard: &str, error: PortError) -> bool {
        self.send(Msg::RecordsFailed {
            session: self.session,
            shard: shard.to_string(),
            error,
        })
    }

    /// Runs until aborted or the console goes away.
    pub async fn run(self, scope: Scope, from: ReadFrom) {
        let Some(listed) = self.shards_until_answered().await else {
            return;
        };
        let mut walk = Walk::new(listed, &scope, &from);
        if walk.first.is_empty()
            && let Scope::Shard(id) = &scope
        {
            self.failed(
                id,
                PortError::NotFound {
                    resource: format!("shard {id} of stream {}", self.stream),
                },
            );
            return;
        }
        if !self.send(Msg::RecordsWalk {
            session: self.session,
            shards: walk.walked.len(),
            closed: walk.closed_walked(),
        }) {
            return;
        }
        let mut tasks: JoinSet<End> = JoinSet::new();
        for id in walk.first.clone() {
            self.start(&mut tasks, &mut walk, &id, from.clone());
        }
        let mut discover = tokio::time::interval_at(
            tokio::time::Instant::now() + self.discover_every,
            self.discover_every,
        );
        loop {
            tokio::select! {
                ended = tasks.join_next(), if !tasks.is_empty() => {
                    match ended {
                        Some(Ok(End::Closed { shard, children })) => {
                            walk.ended.insert(shard.clone());
                            // A reshard newer than the listing: read it again to know the children.
                            if children.iter().any(|c| !walk.listed(c))
                                || (children.is_empty() && lineage::children(&walk.shards, &shard).is_empty())
                            {
                                self.relist(&mut walk).await;
                            }
                            let children: Vec<String> = if children.is_empty() {
                                // Some endpoints do not name the children: found by parent.
                                lineage::children(&walk.shards, &shard)
                                    .into_iter()
                                    .map(|s| s.id.clone())
                                    .collect()
                            } else {
                                children
                            };
                            walk.walked.extend(children.iter().cloned());
                            if !self.send(Msg::ShardEnded {
                                session: self.session,
                                shard,
                                children,
                            }) {
                                return;
                            }
                            self.start_ready(&mut tasks, &mut walk, &from);
                        }
                        Some(Ok(End::Gone)) | None => return,
                        Some(Err(_)) => {}
                    }
                }
                _ = discover.tick() => {
                    // Shards a reshard opened while reading; and the closed set, since some
                    // endpoints never end a closed shard's reads (see `read_shard`).
                    self.relist(&mut walk).await;
                    self.start_ready(&mut tasks, &mut walk, &from);
                    if self.tx.is_closed() {
                        return;
                    }
                }
            }
        }
    }

    /// Lists the shards again (when it answers): new children join the walk, closed ones are
    /// known closed.
    async fn relist(&self, walk: &mut Walk) {
        if let Ok(shards) = self.streams.list_shards(&self.stream).await {
            walk.relisted(shards);
        }
    }

    /// Starts every shard of the walk whose parents have been read to their end.
    fn start_ready(&self, tasks: &mut JoinSet<End>, walk: &mut Walk, from: &ReadFrom) {
        let ready: Vec<String> = walk
            .shards
            .iter()
            .filter(|s| walk.walked.contains(&s.id) && !walk.started.contains(&s.id))
            .filter(|s| lineage::ready(s, &walk.walked, &walk.ended))
            .map(|s| s.id.clone())
            .collect();
        for id in ready {
            self.start(tasks, walk, &id, lineage::child_from(from));
        }
    }

    /// ListShards, asked again (less often each time) until it answers.
    async fn shards_until_answered(&self) -> Option<Vec<Shard>> {
        let mut failures = 0;
        loop {
            match self.streams.list_shards(&self.stream).await {
                Ok(shards) => return Some(shards),
                Err(error) => {
                    failures += 1;
                    if !self.failed("", error) {
                        return None;
                    }
                    tokio::time::sleep(wait(failures, self.session)).await;
                }
            }
        }
    }

    fn start(&self, tasks: &mut JoinSet<End>, walk: &mut Walk, shard: &str, from: ReadFrom) {
        if !walk.started.insert(shard.to_string()) {
            return;
        }
        let reader = self.clone();
        let shard = shard.to_string();
        let closed = walk.closed.clone();
        tasks.spawn(async move { reader.read_shard(shard, from, closed).await });
    }

    /// An iterator at `from`, asked again until it answers.
    async fn iterator(&self, shard: &str, from: &ReadFrom) -> Option<String> {
        let mut failures = 0;
        loop {
            match self.streams.shard_iterator(&self.stream, shard, from).await {
                Ok(iterator) => return Some(iterator),
                Err(error) => {
                    failures += 1;
                    if !self.failed(shard, error) {
                        return None;
                    }
                    tokio::time::sleep(wait(failures, self.session ^ u64::from(failures))).await;
                }
            }
        }
    }

    async fn read_shard(self, shard: String, from: ReadFrom, closed: Closed) -> End {
        // LATEST is renewed from the moment it was first asked, so nothing written since is lost.
        let asked = (self.clock)();
        let renew_from = |last: &Option<String>| match (last, &from) {
            (Some(sequence), _) => ReadFrom::After(sequence.clone()),
            (None, ReadFrom::Latest) => ReadFrom::At(asked),
            (None, other) => other.clone(),
        };
        let Some(mut iterator) = self.iterator(&shard, &from).await else {
            return End::Gone;
        };
        let mut last: Option<String> = None;
        let mut failures = 0u32;
        let mut next_wait = Duration::ZERO;
        let mut paused = self.paused.clone();
        loop {
            tokio::time::sleep(next_wait).await;
            while *paused.borrow_and_update() {
                if paused.changed().await.is_err() {
                    return End::Gone;
                }
            }
            match self
                .streams
                .get_records(&self.stream, &shard, &iterator, BATCH)
                .await
            {
                Ok(batch) => {
                    failures = 0;
                    // A closed shard read to its end has no next iterator; some endpoints keep
                    // answering empty batches at its tip instead, which is its end all the same.
                    let at_closed_tip = batch.records.is_empty()
                        && batch.behind_ms == Some(0)
                        && closed.lock().is_ok_and(|c| c.contains(&shard));
                    if at_closed_tip {
                        return End::Closed {
                            shard,
                            children: batch.children,
                        };
                    }
                    if let Some(newest) = batch.records.last() {
                        last = Some(newest.sequence.clone());
                    }
                    let records: Vec<Record> = batch
                        .records
                        .iter()
                        .flat_map(|r| {
                            from_kinesis(&shard, &r.sequence, &r.partition_key, r.arrival, &r.data)
                        })
                        .collect();
                    if !self.send(Msg::RecordsRead {
                        session: self.session,
                        shard: shard.clone(),
                        records,
                        behind_ms: batch.behind_ms,
                    }) {
                        return End::Gone;
                    }
                    match batch.next_iterator {
                        Some(next) => iterator = next,
                        None => {
                            return End::Closed {
                                shard,
                                children: batch.children,
                            };
                        }
                    }
                    next_wait = every();
                }
                Err(PortError::IteratorExpired { .. }) => {
                    match self.iterator(&shard, &renew_from(&last)).await {
                        Some(renewed) => iterator = renewed,
                        None => return End::Gone,
                    }
                    next_wait = Duration::ZERO;
                }
                Err(error) => {
                    failures += 1;
                    if !self.failed(&shard, error) {
                        return End::Gone;
                    }
                    next_wait = wait(failures, self.session ^ u64::from(failures));
                }
            }
        }
    }
}

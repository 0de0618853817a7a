//! One simulated stream: its shards and lineage, lifecycle (UPDATING until done) and reshard rules.
use super::traffic::TrafficProfile;
use crate::domain::capacity::{
    Distribution, MAX_RECORD_KIB, MAX_WARM_MIBPS, MIN_RECORD_KIB, StreamCapacity, WarmThroughput,
};
use crate::domain::{
    CapacityMode, Consumer, HashRange, PortError, Shard, StreamListing, StreamStatus,
    StreamSummary, Timestamp,
};

/// AWS allows this many UpdateShardCount calls per stream in a rolling 24 hours.
pub const SCALINGS_PER_DAY: usize = 10;
/// AWS's per-stream shard ceiling for UpdateShardCount.
pub const MAX_SHARDS_PER_STREAM: u32 = 10_000;

/// A change that lands when the stream's UPDATING period ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Activate,
    UniformScale {
        target: u32,
    },
    Split {
        shard: String,
        at: u128,
    },
    Merge {
        shard: String,
        adjacent: String,
    },
    Mode(CapacityMode),
    /// Warm throughput scaling from `from` toward the target it has already set.
    Warm {
        from: u32,
    },
}

/// An on-demand stream's capacity settings, as AWS keeps them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OnDemandState {
    /// The warm throughput asked for, and what the stream is scaled to now (MiB/s).
    pub warm_target: Option<u32>,
    pub warm_current: Option<u32>,
    /// When the warm-up started (it ramps over the UPDATING period).
    pub warm_started: Option<Timestamp>,
    pub max_record_kib: u32,
    pub distribution: Distribution,
    /// What on-demand Standard takes at once: double the previous 30-day peak write rate.
    pub standard_mibps: f64,
}

#[derive(Debug, Clone)]
pub struct SimStream {
    pub name: String,
    pub arn: String,
    pub mode: CapacityMode,
    pub status: StreamStatus,
    pub retention_hours: u32,
    pub created: Timestamp,
    pub shards: Vec<Shard>,
    pub next_shard: u32,
    pub consumers: Vec<Consumer>,
    pub shard_level_metrics: Vec<String>,
    pub encryption: Option<String>,
    pub traffic: TrafficProfile,
    pub busy_until: Option<Timestamp>,
    pub pending: Option<Pending>,
    /// When UpdateShardCount was accepted, for the rolling 24-hour limit.
    pub scalings: Vec<Timestamp>,
    /// When shards opened and closed by a reshard that landed here (others opened with the
    /// stream, and the closed ones among them took no records).
    pub shard_times: std::collections::HashMap<String, (Timestamp, Option<Timestamp>)>,
    pub on_demand: OnDemandState,
}

impl SimStream {
    pub fn open_shards(&self) -> impl Iterator<Item = &Shard> {
        self.shards.iter().filter(|s| s.open)
    }

    /// When `shard` opened, and when it closed (None while open).
    pub fn shard_window(&self, shard: &str) -> (Timestamp, Option<Timestamp>) {
        if let Some(times) = self.shard_times.get(shard) {
            return *times;
        }
        let open = self.shards.iter().any(|s| s.id == shard && s.open);
        (self.created, (!open).then_some(self.created))
    }

    fn note_shard_times(&mut self, open_before: &[String], at: Timestamp) {
        for shard in &self.shards {
            let was_open = open_before.contains(&shard.id);
            if was_open && !shard.open {
                let opened = self
                    .shard_times
                    .get(&shard.id)
                    .map_or(self.created, |t| t.0);
                self.shard_times
                    .insert(shard.id.clone(), (opened, Some(at)));
            } else if !was_open && shard.open && !self.shard_times.contains_key(&shard.id) {
                self.shard_times.insert(shard.id.clone(), (at, None));
            }
        }
    }

    pub fn open_count(&self) -> u32 {
        self.open_shards().count() as u32
    }

    pub fn open_ranges(&self) -> Vec<HashRange> {
        self.open_shards().map(|s| s.hash_range).collect()
    }

    pub fn add_shard(
        &mut self,
        hash_range: HashRange,
        parent: Option<String>,
        adjacent_parent: Option<String>,
    ) -> String {
        let id = format!("shardId-{:012}", self.next_shard);
        self.shards.push(Shard {
            id: id.clone(),
            hash_range,
            parent,
            adjacent_parent,
            open: true,
            // Worked out from the shard's number when listed (`listed_shards`): the shards
            // of thousands of streams need not hold 56 digits each.
            starting_sequence: String::new(),
        });
        self.next_shard += 1;
        id
    }

    fn shard(&self, id: &str) -> Option<&Shard> {
        self.shards.iter().find(|s| s.id == id)
    }

    fn close(&mut self, id: &str) {
        if let Some(shard) = self.shards.iter_mut().find(|s| s.id == id) {
            shard.open = false;
        }
    }

    /// Lands any change whose UPDATING period has ended.
    pub fn settle(&mut self, now: Timestamp) {
        self.warm_progress(now);
        if let Some(landed) = self.busy_until.filter(|until| *until <= now) {
            self.busy_until = None;
            if let Some(pending) = self.pending.take() {
                let before: Vec<String> = self.open_shards().map(|s| s.id.clone()).collect();
                self.apply(pending);
                self.note_shard_times(&before, landed);
            }
            self.status = StreamStatus::Active;
        }
    }

    fn apply(&mut self, change: Pending) {
        match change {
            Pending::Activate => {}
            Pending::UniformScale { target } => self.apply_uniform(target),
            Pending::Split { shard, at } => self.apply_split(&shard, at),
            Pending::Merge { shard, adjacent } => self.apply_merge(&shard, &adjacent),
            Pending::Mode(mode) => self.mode = mode,
            Pending::Warm { .. } => {
                self.on_demand.warm_current = self.on_demand.warm_target;
                self.on_demand.warm_started = None;
            }
        }
    }

    /// While warming, the current warm throughput climbs evenly from where it was to the target
    /// over the UPDATING period.
    fn warm_progress(&mut self, now: Timestamp) {
        let (Some(Pending::Warm { from }), Some(until), Some(started), Some(target)) = (
            &self.pending,
            self.busy_until,
            self.on_demand.warm_started,
            self.on_demand.warm_target,
        ) else {
            return;
        };
        let total = (until - started).num_milliseconds().max(1) as f64;
        let done = ((now - started).num_milliseconds() as f64 / total).clamp(0.0, 1.0);
        let from = f64::from(*from);
        let current = from + (f64::from(target) - from) * done;
        self.on_demand.warm_current = Some(current.floor() as u32);
    }

    /// UpdateStreamWarmThroughput: on-demand streams in an Advantage account, ACTIVE, at most
    /// 10,240 MiB/s. A lower value releases capacity at once; a higher one warms up while UPDATING.
    pub fn begin_warm(
        &mut self,
        mibps: u32,
        advantage: bool,
        now: Timestamp,
    ) -> Result<(), PortError> {
        if self.mode != CapacityMode::OnDemand {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "stream {} is provisioned: warm throughput is for on-demand streams",
                    self.name
                ),
            });
        }
        if !advantage {
            return Err(PortError::InvalidArgument {
                detail: "warm throughput needs the account's MinimumThroughputBillingCommitment (On-demand Advantage) enabled".to_string(),
            });
        }
        if mibps > MAX_WARM_MIBPS {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "warm throughput {mibps} MiB/s is over the limit of {MAX_WARM_MIBPS} MiB/s"
                ),
            });
        }
        self.require_active()?;
        let from = self.on_demand.warm_current.unwrap_or(0);
        self.on_demand.warm_target = Some(mibps);
        if mibps <= from {
            self.on_demand.warm_current = Some(mibps);
            self.start_update(Pending::Activate, now, 5);
        } else {
            self.on_demand.warm_current = Some(from);
            self.on_demand.warm_started = Some(now);
            self.start_update(Pending::Warm { from }, now, 60);
        }
        Ok(())
    }

    /// `:drill burst`: traffic triples from `now`, over double the rate before it (what
    /// on-demand takes at once); warm throughput is released.
    pub fn drill_burst(&mut self, now: Timestamp) {
        // The rate before any burst: a burst already running is the new normal's starting point
        // only for its producers, not for what on-demand has seen for 30 days.
        self.traffic.burst = None;
        let before = self.traffic.rate_at(now - chrono::Duration::minutes(1));
        self.traffic.burst = Some(super::traffic::Burst {
            since: now,
            factor: 3.0,
        });
        self.on_demand.standard_mibps =
            2.0 * before.bytes_per_sec / super::traffic::SHARD_BYTES_PER_SEC;
        self.on_demand.warm_target = None;
        self.on_demand.warm_current = None;
        self.on_demand.warm_started = None;
    }

    /// `:drill hot-key`: one key carries four in five writes again, placed by partition key.
    pub fn drill_hot_key(&mut self) {
        self.traffic.hot_key = Some(super::traffic::HotKey {
            at: 0.3,
            weight: 4.0,
        });
        self.traffic.spread = false;
        self.on_demand.distribution = Distribution::PartitionKey;
        // Plenty of room overall: only the key's one shard limits it.
        let rate = self.traffic.records_per_sec * self.traffic.bytes_per_record;
        self.on_demand.standard_mibps =
            (4.0 * rate / super::traffic::SHARD_BYTES_PER_SEC).max(40.0);
    }

    /// UpdateStreamRecordDistributionStrategy: on-demand only; takes effect at once.
    pub fn set_distribution(&mut self, distribution: Distribution) -> Result<(), PortError> {
        if self.mode != CapacityMode::OnDemand {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "stream {} is provisioned: the record distribution strategy is for on-demand streams",
                    self.name
                ),
            });
        }
        self.require_active()?;
        self.on_demand.distribution = distribution;
        self.traffic.spread = distribution == Distribution::Auto;
        Ok(())
    }

    /// UpdateMaxRecordSize: 1,024–10,240 KiB, ACTIVE.
    pub fn set_max_record_size(&mut self, kib: u32) -> Result<(), PortError> {
        if !(MIN_RECORD_KIB..=MAX_RECORD_KIB).contains(&kib) {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "MaxRecordSizeInKiB must be {MIN_RECORD_KIB} to {MAX_RECORD_KIB}, got {kib}"
                ),
            });
        }
        self.require_active()?;
        self.on_demand.max_record_kib = kib;
        Ok(())
    }

    /// What DescribeStreamSummary says of the stream's capacity; warm throughput only for
    /// on-demand streams in an Advantage account.
    pub fn capacity(&self, advantage: bool) -> StreamCapacity {
        let on_demand = self.mode == CapacityMode::OnDemand;
        StreamCapacity {
            warm: (on_demand && advantage).then(|| WarmThroughput {
                target_mibps: self.on_demand.warm_target.or(Some(0)),
                current_mibps: self.on_demand.warm_current.or(Some(0)),
            }),
            max_record_kib: Some(self.on_demand.max_record_kib),
            distribution: Some(self.on_demand.distribution),
            channels: Some(0),
        }
    }

    /// Replaces every open shard with `target` evenly spread ones; parents are the old shards they overlap.
    pub fn apply_uniform(&mut self, target: u32) {
        let old: Vec<Shard> = self.open_shards().cloned().collect();
        for shard in &old {
            self.close(&shard.id);
        }
        for range in HashRange::even_split(target) {
            let owner = |key: u128| {
                old.iter()
                    .find(|s| s.hash_range.start <= key && key <= s.hash_range.end)
                    .map(|s| s.id.clone())
            };
            let parent = owner(range.start);
            let adjacent = owner(range.end).filter(|id| Some(id) != parent.as_ref());
            self.add_shard(range, parent, adjacent);
        }
    }

    pub fn apply_split(&mut self, shard_id: &str, at: u128) {
        let Some((low, high)) = self.shard(shard_id).and_then(|s| s.hash_range.split_at(at)) else {
            return;
        };
        self.close(shard_id);
        self.add_shard(low, Some(shard_id.to_string()), None);
        self.add_shard(high, Some(shard_id.to_string()), None);
    }

    pub fn apply_merge(&mut self, shard_id: &str, adjacent_id: &str) {
        let (Some(a), Some(b)) = (self.shard(shard_id), self.shard(adjacent_id)) else {
            return;
        };
        let Some(merged) = a.hash_range.merged(&b.hash_range) else {
            return;
        };
        self.close(shard_id);
        self.close(adjacent_id);
        self.add_shard(
            merged,
            Some(shard_id.to_string()),
            Some(adjacent_id.to_string()),
        );
    }

    /// Validates an UpdateShardCount the way AWS does and, if accepted, starts it.
    pub fn begin_uniform_scale(
        &mut self,
        target: u32,
        now: Timestamp,
        account_headroom: u32,
    ) -> Result<(), PortError> {
        self.require_active()?;
        if self.mode == CapacityMode::OnDemand {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "stream {} is ON_DEMAND; UpdateShardCount works on PROVISIONED streams only",
                    self.name
                ),
            });
        }
        let current = self.open_count();
        if target == 0 || target > MAX_SHARDS_PER_STREAM {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "TargetShardCount must be between 1 and {MAX_SHARDS_PER_STREAM}, got {target}"
                ),
            });
        }
        if target > current.saturating_mul(2) || target.saturating_mul(2) < current {
            return Err(PortError::LimitExceeded {
                detail: format!(
                    "UpdateShardCount can only scale between half and double the current {current} shards; {target} is outside"
                ),
            });
        }
        let day_ago = now - chrono::Duration::hours(24);
        self.scalings.retain(|t| *t > day_ago);
        if self.scalings.len() >= SCALINGS_PER_DAY {
            return Err(PortError::LimitExceeded {
                detail: format!(
                    "stream {} has already been scaled {SCALINGS_PER_DAY} times in the last 24 hours",
                    self.name
                ),
            });
        }
        // AWS counts the transient shards of a reshard against the account limit.
        if target > account_headroom {
            return Err(PortError::LimitExceeded {
                detail: format!(
                    "the account's shard limit leaves room for {account_headroom} more shards; this change needs {target}"
                ),
            });
        }
        self.scalings.push(now);
        self.start_update(
            Pending::UniformScale { target },
            now,
            30 + i64::from(target) / 4,
        );
        Ok(())
    }

    /// SplitShard with AWS's rules: ACTIVE only, an open shard, a key strictly inside its range.
    pub fn begin_split(&mut self, shard: &str, at: u128, now: Timestamp) -> Result<(), PortError> {
        self.require_active()?;
        let target = self
            .shards
            .iter()
            .find(|s| s.id == shard && s.open)
            .ok_or_else(|| PortError::NotFound {
                resource: format!("open shard {shard} of stream {}", self.name),
            })?;
        if target.hash_range.split_at(at).is_none() {
            return Err(PortError::InvalidArgument {
                detail: format!(
                    "NewStartingHashKey {at} is not strictly inside {shard}'s hash range"
                ),
            });
        }
        self.start_update(
            Pending::Split {
                shard: shard.to_string(),
                at,
            },
            now,
            20,
        );
        Ok(())
    }

    /// MergeShards with AWS's rules: ACTIVE only, two open shards whose ranges touch.
    pub fn begin_merge(
        &mut self,
        shard: &str,
        adjacent: &str,
        now: Timestamp,
    ) -> Result<(), PortError> {
        self.require_active()?;
        let find = |id: &str| {
            self.shards
                .iter()
                .find(|s| s.id == id && s.open)
                .map(|s| s.hash_range)
                .ok_or_else(|| PortError::NotFound {
                    resource: format!("open shard {id} of stream {}", self.name),
                })
        };
        let (a, b) = (find(shard)?, find(adjacent)?);
        if !a.is_adjacent(&b) {
            return Err(PortError::InvalidArgument {
                detail: format!("shards {shard} and {adjacent} are not adjacent"),
            });
        }
        self.start_update(
            Pending::Merge {
                shard: shard.to_string(),
                adjacent: adjacent.to_string(),
            },
            now,
            20,
        );
        Ok(())
    }

    /// UpdateStreamMode: ACTIVE only; the stream is UPDATING while it switches.
    pub fn begin_mode_switch(
        &mut self,
        mode: CapacityMode,
        now: Timestamp,
    ) -> Result<(), PortError> {
        self.require_active()?;
        if self.mode == mode {
            return Err(PortError::InvalidArgument {
                detail: format!("stream {} is already {mode}", self.name),
            });
        }
        self.start_update(Pending::Mode(mode), now, 30);
        Ok(())
    }

    /// Increase/DecreaseStreamRetentionPeriod: 24–8,760 hours, ACTIVE only.
    pub fn set_retention(&mut self, to: u32) -> Result<(), PortError> {
        self.require_active()?;
        if !(24..=8_760).contains(&to) {
            return Err(PortError::InvalidArgument {
                detail: format!("retention must be 24 to 8,760 hours, got {to}"),
            });
        }
        self.retention_hours = to;
        Ok(())
    }

    fn require_active(&self) -> Result<(), PortError> {
        if self.status != StreamStatus::Active {
            return Err(PortError::ResourceInUse {
                resource: format!("stream {}", self.name),
                detail: format!("stream is {}, not ACTIVE", self.status),
            });
        }
        Ok(())
    }

    /// Puts the stream in UPDATING for `seconds`; `change` lands at the end.
    pub fn start_update(&mut self, change: Pending, now: Timestamp, seconds: i64) {
        self.status = StreamStatus::Updating;
        self.busy_until = Some(now + chrono::Duration::seconds(seconds));
        self.pending = Some(change);
    }

    pub fn listing(&self) -> StreamListing {
        StreamListing {
            name: self.name.clone(),
            arn: self.arn.clone(),
            status: Some(self.status.clone()),
            mode: Some(self.mode),
            created: Some(self.created),
        }
    }

    /// The shards as ListShards gives them, each with its starting sequence number.
    pub fn listed_shards(&self) -> Vec<Shard> {
        self.shards
            .iter()
            .map(|shard| Shard {
                starting_sequence: starting_sequence(&shard.id),
                ..shard.clone()
            })
            .collect()
    }

    /// DescribeStreamSummary, in an account with On-demand Advantage `advantage`.
    pub fn summary(&self, advantage: bool) -> StreamSummary {
        StreamSummary {
            name: self.name.clone(),
            arn: self.arn.clone(),
            status: self.status.clone(),
            mode: Some(self.mode),
            open_shards: self.open_count(),
            retention_hours: self.retention_hours,
            consumers: self.consumers.len() as u32,
            shard_level_metrics: self.shard_level_metrics.clone(),
            encryption: self.encryption.clone(),
            created: Some(self.created),
            capacity: self.capacity(advantage),
        }
    }
}

/// A shard's starting sequence number, from its number: 56 digits, as AWS's are.
fn starting_sequence(shard: &str) -> String {
    let number: u128 = shard
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    format!("49{:054}", number * 1_000_003 + 17)
}

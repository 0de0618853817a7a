//! A shard of a stream: its hash range, whether it is open, and its lineage.
use super::HashRange;

#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    pub id: String,
    pub hash_range: HashRange,
    pub parent: Option<String>,
    pub adjacent_parent: Option<String>,
    /// Open shards accept writes; a closed shard has an ending sequence number.
    pub open: bool,
    pub starting_sequence: String,
}

/// Counts the open shards of a ListShards result.
pub fn count_open(shards: &[Shard]) -> u32 {
    shards.iter().filter(|s| s.open).count() as u32
}

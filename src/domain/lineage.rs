//! Shard lineage for reading a stream's records: which shards held its data at the moment asked
//! for, and in what order to read them — every parent to its end before its children, as the
//! Kinesis Client Library does, so no record is skipped and per-key order holds across a reshard.
use super::Shard;
use super::read_from::ReadFrom;
use std::collections::HashSet;

/// The shards reading starts at. From the past (the oldest record kept, a moment), the oldest
/// shards still listed — those with no listed parent: every other shard is reached through them,
/// and a closed one whose records all precede the moment ends at once. From now, the open ones.
pub fn first_shards<'a>(shards: &'a [Shard], from: &ReadFrom) -> Vec<&'a Shard> {
    match from {
        ReadFrom::Latest | ReadFrom::After(_) => shards.iter().filter(|s| s.open).collect(),
        ReadFrom::TrimHorizon | ReadFrom::At(_) => {
            let listed: HashSet<&str> = shards.iter().map(|s| s.id.as_str()).collect();
            shards
                .iter()
                .filter(|s| parents(s).all(|p| !listed.contains(p)))
                .collect()
        }
    }
}

/// The ids of a shard's parents: one after a split, two after a merge.
pub fn parents(shard: &Shard) -> impl Iterator<Item = &str> {
    [&shard.parent, &shard.adjacent_parent]
        .into_iter()
        .filter_map(|p| p.as_deref())
}

/// The shards whose parent (or adjacent parent) is `id`.
pub fn children<'a>(shards: &'a [Shard], id: &str) -> Vec<&'a Shard> {
    shards
        .iter()
        .filter(|s| parents(s).any(|p| p == id))
        .collect()
}

/// Every shard reached from `first` by following children: the shards a read walks.
pub fn walk(shards: &[Shard], first: &[&Shard]) -> HashSet<String> {
    let mut walked: HashSet<String> = first.iter().map(|s| s.id.clone()).collect();
    let mut frontier: Vec<String> = walked.iter().cloned().collect();
    while let Some(id) = frontier.pop() {
        for child in children(shards, &id) {
            if walked.insert(child.id.clone()) {
                frontier.push(child.id.clone());
            }
        }
    }
    walked
}

/// Whether `shard` may be read now: each of its parents in the walk has been read to its end.
/// (A parent beyond retention, or outside the shards asked for, holds nothing to wait for.)
pub fn ready<S: std::hash::BuildHasher>(
    shard: &Shard,
    walked: &HashSet<String, S>,
    ended: &HashSet<String, S>,
) -> bool {
    parents(shard).all(|p| !walked.contains(p) || ended.contains(p))
}

/// Where a child is read from once its parents ended: from its start for the oldest record or
/// from now (every record of a child came after its parents closed, hence after "now" was asked),
/// and from the same moment for a moment.
pub fn child_from(from: &ReadFrom) -> ReadFrom {
    match from {
        ReadFrom::At(at) => ReadFrom::At(*at),
        ReadFrom::TrimHorizon | ReadFrom::Latest | ReadFrom::After(_) => ReadFrom::TrimHorizon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::HashRange;
    use crate::domain::time::from_epoch_secs;

    fn shard(id: &str, parent: Option<&str>, adjacent: Option<&str>, open: bool) -> Shard {
        Shard {
            id: id.into(),
            hash_range: HashRange::new(0, u128::MAX).unwrap(),
            parent: parent.map(str::to_string),
            adjacent_parent: adjacent.map(str::to_string),
            open,
            starting_sequence: "1".into(),
        }
    }

    /// 0 and 1 were there first; 0 split into 2 and 3; 3 and 1 merged into 4.
    fn resharded() -> Vec<Shard> {
        vec![
            shard("0", None, None, false),
            shard("1", None, None, false),
            shard("2", Some("0"), None, true),
            shard("3", Some("0"), None, false),
            shard("4", Some("3"), Some("1"), true),
        ]
    }

    fn ids(shards: &[&Shard]) -> Vec<String> {
        shards.iter().map(|s| s.id.clone()).collect()
    }

    #[test]
    fn the_past_is_read_from_the_oldest_shards_and_now_from_the_open_ones() {
        let shards = resharded();
        assert_eq!(
            ids(&first_shards(&shards, &ReadFrom::TrimHorizon)),
            ["0", "1"]
        );
        let at = ReadFrom::At(from_epoch_secs(1_800_000_000));
        assert_eq!(ids(&first_shards(&shards, &at)), ["0", "1"]);
        assert_eq!(ids(&first_shards(&shards, &ReadFrom::Latest)), ["2", "4"]);
    }

    #[test]
    fn a_parent_beyond_retention_leaves_its_child_first() {
        // 0 and 1 aged out of the listing: 2, 3 and 4's other parent are where the data starts.
        let shards: Vec<Shard> = resharded().into_iter().skip(2).collect();
        assert_eq!(
            ids(&first_shards(&shards, &ReadFrom::TrimHorizon)),
            ["2", "3"]
        );
    }

    #[test]
    fn a_child_waits_for_every_parent_it_walks_through() {
        let shards = resharded();
        let first = first_shards(&shards, &ReadFrom::TrimHorizon);
        let walked = walk(&shards, &first);
        assert_eq!(walked.len(), 5);
        let merged = &shards[4];
        let mut ended: HashSet<String> = ["0".to_string()].into();
        assert!(ready(&shards[2], &walked, &ended));
        assert!(!ready(merged, &walked, &ended), "3 and 1 are not read yet");
        ended.insert("3".into());
        assert!(!ready(merged, &walked, &ended), "1 is not read yet");
        ended.insert("1".into());
        assert!(ready(merged, &walked, &ended));
    }

    #[test]
    fn reading_one_shard_does_not_wait_for_a_parent_it_does_not_walk() {
        let shards = resharded();
        let first = vec![&shards[3]];
        let walked = walk(&shards, &first);
        assert_eq!(walked, HashSet::from(["3".to_string(), "4".to_string()]));
        let ended: HashSet<String> = ["3".to_string()].into();
        assert!(ready(&shards[4], &walked, &ended), "1 is not read here");
    }

    #[test]
    fn children_are_read_from_their_start_or_from_the_moment() {
        let at = from_epoch_secs(1_800_000_000);
        assert_eq!(child_from(&ReadFrom::At(at)), ReadFrom::At(at));
        assert_eq!(child_from(&ReadFrom::Latest), ReadFrom::TrimHorizon);
        assert_eq!(child_from(&ReadFrom::TrimHorizon), ReadFrom::TrimHorizon);
    }
}

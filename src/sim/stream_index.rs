//! Where each stream sits in the simulated account's list, so a call about one stream neither scans nor settles the thousands of others.
use super::stream::SimStream;
use std::collections::HashMap;
use std::sync::Mutex;

/// Stream name → position; checked at every use and rebuilt on a miss (a stream created or
/// deleted since, or a name the account does not have: as slow as the scan it replaces).
#[derive(Default)]
pub struct StreamIndex(Mutex<HashMap<String, usize>>);

impl StreamIndex {
    /// The position of `name` in `streams`, if the account has it.
    pub fn position(&self, streams: &[SimStream], name: &str) -> Option<usize> {
        let mut index = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let holds = |i: &usize| streams.get(*i).is_some_and(|s| s.name == name);
        if let Some(at) = index.get(name).copied().filter(holds) {
            return Some(at);
        }
        *index = streams
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        index.get(name).copied()
    }
}

//! A highlight search over a tailed list (log lines, records): what was typed, which entries hold
//! it (kept up to date as entries arrive and leave), and which match the cursor is on. Shared by
//! the log and record views.
use std::collections::HashSet;
use std::hash::Hash;

#[derive(Debug, Clone)]
pub struct Search<K> {
    /// What was typed after `/`.
    pub text: String,
    /// The entries holding it.
    pub keys: HashSet<K>,
    /// The match the cursor is on, when it jumped to one.
    pub current: Option<usize>,
}

impl<K> Default for Search<K> {
    fn default() -> Self {
        Self {
            text: String::new(),
            keys: HashSet::new(),
            current: None,
        }
    }
}

impl<K: Eq + Hash> Search<K> {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text lowered for matching; `None` when nothing is searched.
    pub fn needle(&self) -> Option<String> {
        (!self.text.is_empty()).then(|| self.text.to_lowercase())
    }

    /// The keys of `entries` that `holds` the searched text (lowered), in their order.
    pub fn hits<'a, T: 'a>(
        &self,
        entries: impl IntoIterator<Item = &'a T>,
        key: impl Fn(&T) -> K,
        holds: impl Fn(&T, &str) -> bool,
    ) -> Vec<K> {
        let Some(needle) = self.needle() else {
            return Vec::new();
        };
        entries
            .into_iter()
            .filter(|entry| holds(entry, &needle))
            .map(key)
            .collect()
    }

    /// Searches `entries` anew: the text changed, or what is shown did.
    pub fn refresh<'a, T: 'a>(
        &mut self,
        entries: impl IntoIterator<Item = &'a T>,
        key: impl Fn(&T) -> K,
        holds: impl Fn(&T, &str) -> bool,
    ) {
        let hits = self.hits(entries, key, holds);
        self.keys.clear();
        self.keys.extend(hits);
    }

    /// Indexes of the matches among `entries`, oldest first (when navigating, not per frame).
    pub fn indexes<'a, T: 'a>(
        &self,
        entries: impl IntoIterator<Item = &'a T>,
        key: impl Fn(&T) -> K,
    ) -> Vec<usize> {
        if self.keys.is_empty() {
            return Vec::new();
        }
        entries
            .into_iter()
            .enumerate()
            .filter(|(_, entry)| self.keys.contains(&key(entry)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Stops searching: the text, the matches and the current one are gone.
    pub fn clear(&mut self) {
        self.text.clear();
        self.keys.clear();
        self.current = None;
    }
}

//! One list page's mechanism, shared by the streams and applications screens: the listing, the rows it shows, the facts read per row.
use super::msg::RequestId;
use super::table::TableState;
use crate::domain::{AppSummary, Loadable, PortError, StreamListing, Timestamp};
use std::collections::{HashMap, HashSet};

/// An item of a listing, known by its name.
pub trait Listed {
    fn name(&self) -> &str;
}

impl Listed for StreamListing {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Listed for AppSummary {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Facts read per listed item, which must forget the items a new listing no longer has.
pub trait RowFacts {
    fn keep_only(&mut self, names: &HashSet<&str>);
}

/// A listing, its table, and the rows shown (indexes into the listing, filtered and sorted).
/// `F` holds what the page reads per row.
#[derive(Debug, Clone)]
pub struct ListPage<T, F> {
    pub list: Loadable<Vec<T>>,
    pub list_request: Option<RequestId>,
    /// When the listing was last asked for (a large account's is not asked every refresh).
    pub list_asked: Option<Timestamp>,
    pub table: TableState,
    /// Indexes into the listing: filtered and sorted, rebuilt when data, filter or sort change.
    pub rows: Vec<usize>,
    pub facts: F,
}

impl<T, F: Default> Default for ListPage<T, F> {
    fn default() -> Self {
        Self {
            list: Loadable::default(),
            list_request: None,
            list_asked: None,
            table: TableState::default(),
            rows: Vec::new(),
            facts: F::default(),
        }
    }
}

impl<T: Listed, F: RowFacts> ListPage<T, F> {
    pub fn items(&self) -> &[T] {
        self.list.value().map(Vec::as_slice).unwrap_or_default()
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Option<&T> {
        self.items().get(*self.rows.get(self.table.cursor)?)
    }

    /// The items on screen, `page` rows tall.
    pub fn visible(&self, page: usize) -> Vec<&T> {
        let items = self.items();
        self.table
            .visible(self.rows.len(), page)
            .filter_map(|i| items.get(*self.rows.get(i)?))
            .collect()
    }

    /// Whether `name` is on screen.
    pub fn shows(&self, name: &str, page: usize) -> bool {
        self.visible(page).iter().any(|item| item.name() == name)
    }

    /// Takes a listing answer when it is the one asked for (a late answer to an older request
    /// is dropped), forgetting the facts of items no longer listed. False when dropped.
    pub fn take_listing(
        &mut self,
        request: RequestId,
        at: Timestamp,
        result: Result<Vec<T>, PortError>,
    ) -> bool {
        if self.list_request != Some(request) {
            return false;
        }
        self.list_request = None;
        if let Ok(items) = &result {
            let names: HashSet<&str> = items.iter().map(Listed::name).collect();
            self.facts.keep_only(&names);
        }
        self.list.finish(result, at);
        true
    }

    /// Shows `rows`, keeping the cursor on the item it was on when that item is still shown.
    pub fn show_rows(&mut self, rows: Vec<usize>, page: usize) {
        let selected = self.selected().map(|item| item.name().to_string());
        self.rows = rows;
        if let Some(name) = selected
            && let Some(position) = self
                .rows
                .iter()
                .position(|i| self.items().get(*i).is_some_and(|item| item.name() == name))
        {
            self.table.cursor = position;
        }
        self.table.keep_visible(self.rows.len(), page);
    }
}

/// One kind of fact read per item (a summary, a count, metrics), with when each was read and
/// which are being asked for.
#[derive(Debug, Clone)]
pub struct PerItem<T> {
    answers: HashMap<String, (T, Timestamp)>,
    pending: HashSet<String>,
}

impl<T> Default for PerItem<T> {
    fn default() -> Self {
        Self {
            answers: HashMap::new(),
            pending: HashSet::new(),
        }
    }
}

impl<T> PerItem<T> {
    /// The fact and when it was read.
    pub fn get(&self, name: &str) -> Option<&(T, Timestamp)> {
        self.answers.get(name)
    }

    pub fn value(&self, name: &str) -> Option<&T> {
        self.answers.get(name).map(|(value, _)| value)
    }

    pub fn has(&self, name: &str) -> bool {
        self.answers.contains_key(name)
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.answers.values().map(|(value, _)| value)
    }

    /// Stores an answer; returns the one it replaces.
    pub fn insert(&mut self, name: String, value: T, at: Timestamp) -> Option<(T, Timestamp)> {
        self.answers.insert(name, (value, at))
    }

    /// Whether the fact is missing or was read at least `max_age` before `now`.
    pub fn older_than(&self, name: &str, now: Timestamp, max_age: chrono::Duration) -> bool {
        self.answers
            .get(name)
            .is_none_or(|(_, at)| now - *at >= max_age)
    }

    /// Marks the fact as asked for; false when it already is (ask nothing twice).
    pub fn ask(&mut self, name: &str) -> bool {
        self.pending.insert(name.to_string())
    }

    /// The answer (or failure) for `name` arrived.
    pub fn answered(&mut self, name: &str) {
        self.pending.remove(name);
    }

    /// How many are being asked for.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    pub fn is_pending(&self, name: &str) -> bool {
        self.pending.contains(name)
    }

    /// Forgets every answer (what is asked for stays asked).
    pub fn clear(&mut self) {
        self.answers.clear();
    }

    pub fn keep_only(&mut self, names: &HashSet<&str>) {
        self.answers.retain(|name, _| names.contains(name.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StreamStatus;

    #[derive(Debug, Default)]
    struct Counts(PerItem<u32>);

    impl RowFacts for Counts {
        fn keep_only(&mut self, names: &HashSet<&str>) {
            self.0.keep_only(names);
        }
    }

    fn listing(name: &str) -> StreamListing {
        StreamListing {
            name: name.into(),
            arn: String::new(),
            status: Some(StreamStatus::Active),
            mode: None,
            created: None,
        }
    }

    fn at(seconds: i64) -> Timestamp {
        chrono::DateTime::from_timestamp(1_700_000_000 + seconds, 0).unwrap_or_default()
    }

    #[test]
    fn a_late_listing_is_dropped_and_a_new_one_forgets_what_left() {
        let mut page: ListPage<StreamListing, Counts> = ListPage::default();
        page.facts.0.insert("gone".into(), 4, at(0));
        page.facts.0.insert("kept".into(), 2, at(0));
        page.list_request = Some(RequestId(2));
        let answer = || Ok(vec![listing("kept"), listing("new")]);
        assert!(!page.take_listing(RequestId(1), at(1), answer()));
        assert!(page.items().is_empty());
        assert!(page.take_listing(RequestId(2), at(1), answer()));
        assert_eq!(page.items().len(), 2);
        assert!(page.facts.0.has("kept") && !page.facts.0.has("gone"));
        assert_eq!(page.list_request, None);
    }

    #[test]
    fn the_cursor_stays_on_its_item_when_rows_move() {
        let mut page: ListPage<StreamListing, Counts> = ListPage {
            list_request: Some(RequestId(1)),
            ..ListPage::default()
        };
        let items = vec![listing("a"), listing("b"), listing("c")];
        assert!(page.take_listing(RequestId(1), at(0), Ok(items)));
        page.show_rows(vec![0, 1, 2], 10);
        page.table.cursor = 1;
        page.show_rows(vec![2, 1, 0], 10);
        assert_eq!(page.selected().map(|s| s.name.as_str()), Some("b"));
        page.show_rows(vec![2, 0], 10);
        assert_eq!(
            page.table.cursor, 1,
            "b is filtered out; the cursor stays in range"
        );
        assert!(page.shows("a", 10) && !page.shows("b", 10));
        assert_eq!(page.visible(1).len(), 1);
    }

    #[test]
    fn a_fact_is_asked_once_and_ages() {
        let mut counts: PerItem<u32> = PerItem::default();
        assert!(counts.ask("s") && !counts.ask("s"));
        assert!(counts.is_pending("s"));
        counts.answered("s");
        counts.insert("s".into(), 3, at(0));
        let minute = chrono::Duration::seconds(60);
        assert!(!counts.older_than("s", at(59), minute));
        assert!(counts.older_than("s", at(60), minute));
        assert!(counts.older_than("other", at(0), minute));
        assert_eq!(counts.value("s"), Some(&3));
    }
}

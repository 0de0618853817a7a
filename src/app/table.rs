//! Cursor, scroll offset and sort order of a table; the update keeps the cursor on screen.

/// Sort by a column index of the table's own column list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SortSpec {
    pub column: usize,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableState {
    pub cursor: usize,
    pub offset: usize,
    pub sort: SortSpec,
    /// The filter text as typed; parsed by `filter::Filter`.
    pub filter: String,
}

impl TableState {
    /// Moves by `delta` rows within `len`, keeping the cursor inside `page` visible rows.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        let target = self.cursor as isize + delta;
        self.cursor = target.clamp(0, len.saturating_sub(1) as isize) as usize;
        self.keep_visible(len, page);
    }

    pub fn top(&mut self) {
        self.cursor = 0;
        self.offset = 0;
    }

    pub fn bottom(&mut self, len: usize, page: usize) {
        self.cursor = len.saturating_sub(1);
        self.keep_visible(len, page);
    }

    /// Clamps after the row count or page height changed.
    pub fn keep_visible(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// The row indexes (into the filtered, sorted rows) that are on screen.
    pub fn visible(&self, len: usize, page: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..(start + page).min(len)
    }

    /// Applies a movement action; false when `action` is not a movement.
    pub fn navigate(&mut self, action: crate::app::Action, len: usize, page: usize) -> bool {
        use crate::app::Action;
        match action {
            Action::Down => self.move_by(1, len, page),
            Action::Up => self.move_by(-1, len, page),
            Action::PageDown => self.move_by(page as isize, len, page),
            Action::PageUp => self.move_by(-(page as isize), len, page),
            Action::Top => self.top(),
            Action::Bottom => self.bottom(len, page),
            _ => return false,
        }
        true
    }

    /// Applies a sort action: `>`/`<` move to the next/previous of `columns` (descending first
    /// where `descending_first(column)`, busiest first), `o` reverses. False for other actions.
    pub fn sort_key(
        &mut self,
        action: crate::app::Action,
        columns: usize,
        descending_first: impl Fn(usize) -> bool,
    ) -> bool {
        use crate::app::Action;
        match action {
            Action::SortNext | Action::SortPrev => {
                self.cycle_sort(columns, action == Action::SortNext);
                self.sort.descending = descending_first(self.sort.column);
            }
            Action::SortReverse => self.sort.descending = !self.sort.descending,
            _ => return false,
        }
        true
    }

    pub fn cycle_sort(&mut self, columns: usize, forward: bool) {
        let columns = columns.max(1);
        self.sort.column = if forward {
            (self.sort.column + 1) % columns
        } else {
            (self.sort.column + columns - 1) % columns
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_keeps_the_cursor_on_screen() {
        let mut table = TableState::default();
        table.move_by(25, 100, 10);
        assert_eq!(table.cursor, 25);
        assert_eq!(table.offset, 16);
        table.move_by(-20, 100, 10);
        assert_eq!(table.offset, 5);
        table.bottom(100, 10);
        assert_eq!((table.cursor, table.offset), (99, 90));
        table.keep_visible(3, 10);
        assert_eq!((table.cursor, table.offset), (2, 0));
        assert_eq!(table.visible(3, 10), 0..3);
    }

    #[test]
    fn empty_tables_do_not_underflow() {
        let mut table = TableState::default();
        table.move_by(5, 0, 10);
        table.bottom(0, 10);
        assert_eq!((table.cursor, table.offset), (0, 0));
        assert_eq!(table.visible(0, 10), 0..0);
    }
}

//! Screen geometry shared by the views and the update (which must know how many rows are visible).

/// Header lines at the top.
pub const HEADER_HEIGHT: u16 = 2;
/// Status/input line at the bottom.
pub const STATUS_HEIGHT: u16 = 1;
/// Height of the summary panel above the shards table.
pub const DETAIL_SUMMARY_HEIGHT: u16 = 7;

/// Rows of data the streams table shows (borders and the column header taken off).
pub fn streams_page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + 3)).max(1)
}

/// Rows under the stream detail's summary panel (the shards table and what sits above it).
pub fn below_detail_summary(height: u16) -> u16 {
    height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + DETAIL_SUMMARY_HEIGHT)
}

/// Rows of data the shards table shows.
pub fn shards_page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + DETAIL_SUMMARY_HEIGHT + 3))
        .max(1)
}

/// Rows of the help screen's body.
pub fn help_page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + 2)).max(1)
}

/// Rows of a table inside an application detail tab (tab bar and borders taken off).
pub fn app_tab_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + 3 + 3)).max(1)
}

/// Rows of text in the log view (its border taken off).
pub fn log_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_HEIGHT + STATUS_HEIGHT + 2)).max(1)
}

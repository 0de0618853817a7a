//! Small reusable pieces of the screens.
pub mod alarm_badge;
pub mod follow_rows;
pub mod hash_bar;
pub mod list_table;
pub mod message;
pub mod search_badge;
pub mod sparkline;
pub mod status_bar;
pub mod table_title;
pub mod units;
pub mod waiting;

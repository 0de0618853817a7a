//! One module per screen, plus the header shared by all.
pub mod alarms;
pub mod app_detail;
pub mod app_tabs;
pub mod apps;
pub mod contexts;
pub mod dialogs;
pub mod header;
pub mod help;
pub mod keys;
pub mod logs;
pub mod operation_panel;
pub mod records;
pub mod rollback;
pub mod stream_detail;
pub mod streams;

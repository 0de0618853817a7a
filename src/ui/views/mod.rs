//! One module per screen, plus the header shared by all.
pub mod header;
pub mod help;
pub mod stream_detail;
pub mod streams;

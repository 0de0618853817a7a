//! One renderer per application detail tab.
pub mod checkpoints;
pub mod job;
pub mod operations;
pub mod overview;
pub mod snapshots;
pub mod task_history;
pub mod versions;

//! The Elm-style loop: model, messages, actions, commands, the pure update and the effect runner.
pub mod action;
pub mod app_detail_page;
pub mod apps_page;
pub mod backoff;
pub mod command;
pub mod detail_page;
pub mod effects;
pub mod faults;
pub mod filter;
pub mod headless;
pub mod log_follow;
pub mod logs_page;
pub mod modal;
pub mod model;
pub mod msg;
pub mod operation;
pub mod rollback_page;
pub mod route;
pub mod runtime;
pub mod streams_page;
pub mod table;
pub mod update;

pub use action::Action;
pub use command::Command;
pub use model::{Context, Model};
pub use msg::Msg;
pub use route::Route;

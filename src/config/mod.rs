//! Settings read from files: the keymap (embedded default plus user overrides) and kinetic's
//! config file (safety per profile, flag defaults).
pub mod action;
pub mod key;
pub mod keymap;
pub mod settings;

pub use action::Action;
pub use key::KeySpec;
pub use keymap::{Keymap, KeymapError, Section};

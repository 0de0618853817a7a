//! Settings read from files: the keymap (embedded default plus user overrides).
pub mod key;
pub mod keymap;

pub use key::KeySpec;
pub use keymap::{Keymap, KeymapError, Section};

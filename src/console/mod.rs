//! The console at work, above the loop and its views: the terminal loop (input, answers, what is
//! due, one frame at a time) and `--print`'s headless run.
pub mod headless;
pub mod runtime;

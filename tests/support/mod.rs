//! Shared helpers for integration tests: a local moto server, SDK clients pointed at it, and model builders.
#![allow(dead_code)]

pub mod console;
pub mod drive;
pub mod models;
pub mod moto;

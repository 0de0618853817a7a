//! The AWS adapters against `aws-smithy-mocks`: the request each call sends, paging, and how
//! every error AWS answers becomes a sentence, for the calls no emulator serves.
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod aws_flink_mocks;
mod aws_mocks;
mod capacity_mocks;
mod flink_answers;

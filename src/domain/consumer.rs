//! An enhanced fan-out consumer registered on a stream.
use super::Timestamp;

#[derive(Debug, Clone, PartialEq)]
pub struct Consumer {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub created: Option<Timestamp>,
}

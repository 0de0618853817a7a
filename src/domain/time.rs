//! The one timestamp type used across the app: UTC with millisecond precision.
pub type Timestamp = chrono::DateTime<chrono::Utc>;

/// Builds a timestamp from seconds since the Unix epoch; out-of-range input clamps to the epoch.
pub fn from_epoch_secs(secs: i64) -> Timestamp {
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// Builds a timestamp from milliseconds since the Unix epoch; out-of-range input clamps to the epoch.
pub fn from_epoch_millis(millis: i64) -> Timestamp {
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

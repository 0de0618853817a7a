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

/// How long ago, shortly: "4s", "12m", "3h", "5d".
pub fn age(from: Timestamp, now: Timestamp) -> String {
    let secs = (now - from).num_seconds().max(0);
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

/// Parses "15m", "2h", "1d", "90s".
pub fn parse_duration(raw: &str) -> Result<chrono::Duration, String> {
    let raw = raw.trim();
    let (number, unit) = raw.split_at(raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len()));
    let n: i64 = number
        .parse()
        .map_err(|_| format!("{raw:?} is not a duration like 15m, 2h or 1d"))?;
    let duration = match unit {
        "s" => chrono::Duration::seconds(n),
        "m" | "" => chrono::Duration::minutes(n),
        "h" => chrono::Duration::hours(n),
        "d" => chrono::Duration::days(n),
        _ => return Err(format!("{raw:?} is not a duration like 15m, 2h or 1d")),
    };
    if duration <= chrono::Duration::zero() || duration > chrono::Duration::days(30) {
        return Err(format!("{raw:?} must be between 1s and 30d"));
    }
    Ok(duration)
}

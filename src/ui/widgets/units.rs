//! Human-readable numbers: rates, sizes, durations, times. "—" for unknown.
use crate::domain::Timestamp;
use chrono::FixedOffset;

pub const UNKNOWN: &str = "—";

/// 950, 2.1k, 13.4k, 1.2M.
pub fn compact(value: f64) -> String {
    let abs = value.abs();
    if abs >= 999_950.0 {
        format!("{:.1}M", value / 1_000_000.0)
    } else if abs >= 9_999.5 {
        format!("{:.0}k", value / 1000.0)
    } else if abs >= 999.5 {
        format!("{:.1}k", value / 1000.0)
    } else if abs >= 10.0 || value == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// A count of events (restarts, failed checkpoints): whole below a thousand, compact above.
/// CloudWatch may average a counter over a period, so the value is rounded, never shown as 6.0.
pub fn count(value: f64) -> String {
    if value.abs() >= 999.5 {
        compact(value)
    } else {
        format!("{:.0}", value.round() + 0.0)
    }
}

/// MB/s with two decimals below 10, fewer above.
pub fn mb_per_sec(value: f64) -> String {
    if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

pub fn option(value: Option<f64>, format: fn(f64) -> String) -> String {
    value.map_or_else(|| UNKNOWN.to_string(), format)
}

/// Sizes: "512 B", "180 MB", "2.4 GB" (decimal units, as CloudWatch reports bytes).
pub fn bytes(value: f64) -> String {
    let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        if value >= size {
            let scaled = value / size;
            return if scaled >= 10.0 {
                format!("{scaled:.0} {unit}")
            } else {
                format!("{scaled:.1} {unit}")
            };
        }
    }
    format!("{value:.0} B")
}

/// Retention: "24h", "7d", "365d".
pub fn hours(hours: u32) -> String {
    if hours >= 48 && hours.is_multiple_of(24) {
        format!("{}d", hours / 24)
    } else {
        format!("{hours}h")
    }
}

/// Iterator age and other durations in milliseconds: "850ms", "4.2s", "3m10s", "2h05m".
pub fn millis(ms: f64) -> String {
    let ms = ms.max(0.0);
    if ms < 1000.0 {
        format!("{ms:.0}ms")
    } else if ms < 60_000.0 {
        format!("{:.1}s", ms / 1000.0)
    } else if ms < 3_600_000.0 {
        let secs = (ms / 1000.0) as u64;
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        let mins = (ms / 60_000.0) as u64;
        format!("{}h{:02}m", mins / 60, mins % 60)
    }
}

/// Wall-clock time in the console's zone.
pub fn clock(at: Timestamp, tz: FixedOffset) -> String {
    at.with_timezone(&tz).format("%H:%M:%S").to_string()
}

pub fn date(at: Timestamp, tz: FixedOffset) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

pub use crate::domain::time::age;

/// "shardId-000000000012" → "12"; other ids unchanged.
pub fn short_shard(id: &str) -> String {
    match id.strip_prefix("shardId-") {
        Some(digits) if digits.chars().all(|c| c.is_ascii_digit()) => {
            let trimmed = digits.trim_start_matches('0');
            if trimmed.is_empty() {
                "0".into()
            } else {
                trimmed.into()
            }
        }
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_compact_and_exact_enough() {
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(2100.0), "2.1k");
        assert_eq!(compact(21_000.0), "21k");
        assert_eq!(compact(1_500_000.0), "1.5M");
        assert_eq!(compact(0.5), "0.5");
        assert_eq!(count(6.0), "6");
        assert_eq!(count(5.6), "6");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(-0.0), "0");
        assert_eq!(count(2100.0), "2.1k");
        assert_eq!(hours(24), "24h");
        assert_eq!(hours(168), "7d");
        assert_eq!(millis(850.0), "850ms");
        assert_eq!(millis(190_000.0), "3m10s");
        assert_eq!(short_shard("shardId-000000000012"), "12");
        assert_eq!(short_shard("shardId-000000000000"), "0");
        assert_eq!(bytes(180_000_000.0), "180 MB");
        assert_eq!(bytes(2_400_000_000.0), "2.4 GB");
        assert_eq!(bytes(512.0), "512 B");
    }
}

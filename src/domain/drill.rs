//! Drills a simulated account can run on itself (what another tool or the account does to an
//! application, faults on every call), as `:drill` names them. Only a simulated account has them.

/// A drill: what another tool or the account does to an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drill {
    /// Another tool changes the application just before the next UpdateApplication, which then
    /// meets ConcurrentModification.
    Conflict(String),
    /// The application's snapshot quota is full: manual snapshots fail with LimitExceeded.
    SnapshotsFull(String),
    /// This percentage of all calls meet a fault (0 switches faults off).
    Faults { percent: u32 },
    /// An on-demand stream's traffic triples from now, faster than on-demand adapts, and its
    /// warm throughput is released.
    Burst(String),
    /// One partition key of an on-demand stream carries most of its writes again, placed by key.
    HotKey(String),
}

/// Parses `:drill faults` arguments: "20%", "0.2", "off".
pub fn parse_rate(raw: &str) -> Option<f64> {
    if raw == "off" {
        return Some(0.0);
    }
    let (number, scale) = match raw.strip_suffix('%') {
        Some(percent) => (percent, 100.0),
        None => (raw, 1.0),
    };
    let rate = number.parse::<f64>().ok()? / scale;
    (0.0..=1.0).contains(&rate).then_some(rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_as_percent_or_fraction() {
        assert_eq!(parse_rate("20%"), Some(0.2));
        assert_eq!(parse_rate("0.5"), Some(0.5));
        assert_eq!(parse_rate("off"), Some(0.0));
        assert_eq!(parse_rate("150%"), None);
        assert_eq!(parse_rate("lots"), None);
    }
}

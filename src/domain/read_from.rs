//! Where reading a shard starts: the oldest record kept, the newest, a moment, or just after a
//! record already read (to renew an expired iterator without losing or repeating records).
use super::Timestamp;
use chrono::{FixedOffset, NaiveTime, TimeZone};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadFrom {
    /// TRIM_HORIZON: the oldest record the stream still keeps.
    TrimHorizon,
    /// LATEST: only records written from now on.
    Latest,
    /// AT_TIMESTAMP: records that arrived at or after this moment.
    At(Timestamp),
    /// AFTER_SEQUENCE_NUMBER: the records after this one.
    After(String),
}

impl ReadFrom {
    /// The ShardIteratorType AWS names it by.
    pub fn iterator_type(&self) -> &'static str {
        match self {
            Self::TrimHorizon => "TRIM_HORIZON",
            Self::Latest => "LATEST",
            Self::At(_) => "AT_TIMESTAMP",
            Self::After(_) => "AFTER_SEQUENCE_NUMBER",
        }
    }

    /// How the view's title says it.
    pub fn describe(&self, tz: FixedOffset) -> String {
        match self {
            Self::TrimHorizon => "from the oldest kept".into(),
            Self::Latest => "from now".into(),
            Self::At(at) => format!("from {}", at.with_timezone(&tz).format("%H:%M:%S")),
            Self::After(sequence) => format!("after {sequence}"),
        }
    }

    /// `:records [trim-horizon|latest|TIME]`: nothing is LATEST; TIME is a duration ago (`15m`),
    /// a clock time today in the console's time zone (`10:30`, yesterday if that is still to
    /// come), or an RFC 3339 moment.
    pub fn parse(raw: Option<&str>, now: Timestamp, tz: FixedOffset) -> Result<Self, String> {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return Ok(Self::Latest);
        };
        match raw.to_ascii_lowercase().as_str() {
            "trim-horizon" | "trim_horizon" | "oldest" => return Ok(Self::TrimHorizon),
            "latest" | "now" => return Ok(Self::Latest),
            _ => {}
        }
        if let Ok(ago) = super::time::parse_duration(raw)
            && raw.ends_with(|c: char| c.is_ascii_alphabetic())
        {
            return Ok(Self::At(now - ago));
        }
        for format in ["%H:%M", "%H:%M:%S"] {
            if let Ok(time) = NaiveTime::parse_from_str(raw, format) {
                let local_now = now.with_timezone(&tz);
                let today = local_now.date_naive().and_time(time);
                let Some(mut at) = tz.from_local_datetime(&today).single() else {
                    break;
                };
                if at > local_now {
                    at -= chrono::Duration::days(1);
                }
                return Ok(Self::At(at.with_timezone(&chrono::Utc)));
            }
        }
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(raw) {
            let at = at.with_timezone(&chrono::Utc);
            if at > now {
                return Err(format!(
                    "{raw} is in the future; records can only be read from the past"
                ));
            }
            return Ok(Self::At(at));
        }
        Err(format!(
            "{raw:?} is not a place to read from: use trim-horizon, latest, a duration ago such as 15m, a time such as 10:30, or an RFC 3339 time"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::from_epoch_secs;

    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }

    #[test]
    fn words_durations_and_clock_times() {
        // 2026-11-22 12:00:00 UTC
        let now = from_epoch_secs(1_795_348_800);
        assert_eq!(ReadFrom::parse(None, now, utc()), Ok(ReadFrom::Latest));
        assert_eq!(
            ReadFrom::parse(Some("trim-horizon"), now, utc()),
            Ok(ReadFrom::TrimHorizon)
        );
        assert_eq!(
            ReadFrom::parse(Some("15m"), now, utc()),
            Ok(ReadFrom::At(now - chrono::Duration::minutes(15)))
        );
        assert_eq!(
            ReadFrom::parse(Some("10:30"), now, utc()),
            Ok(ReadFrom::At(now - chrono::Duration::minutes(90)))
        );
        // A clock time still to come today means yesterday's.
        assert_eq!(
            ReadFrom::parse(Some("13:00"), now, utc()),
            Ok(ReadFrom::At(now - chrono::Duration::hours(23)))
        );
        // In the console's time zone: 10:30 at UTC+2 is 08:30 UTC.
        let plus_two = FixedOffset::east_opt(7200).unwrap();
        assert_eq!(
            ReadFrom::parse(Some("10:30"), now, plus_two),
            Ok(ReadFrom::At(now - chrono::Duration::minutes(210)))
        );
        assert_eq!(
            ReadFrom::parse(Some("2026-11-22T11:00:00Z"), now, utc()),
            Ok(ReadFrom::At(now - chrono::Duration::hours(1)))
        );
    }

    #[test]
    fn nonsense_and_the_future_are_refused() {
        let now = from_epoch_secs(1_795_348_800);
        assert!(ReadFrom::parse(Some("yesterdayish"), now, utc()).is_err());
        assert!(ReadFrom::parse(Some("25:00"), now, utc()).is_err());
        assert!(ReadFrom::parse(Some("2030-01-01T00:00:00Z"), now, utc()).is_err());
        // A bare number is not taken as minutes here: it is too easy to mean a time.
        assert!(ReadFrom::parse(Some("15"), now, utc()).is_err());
    }
}

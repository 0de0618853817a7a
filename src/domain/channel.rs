//! Delivery channels: a stream delivered to an S3 bucket or an Iceberg table (S3 Tables), their status and data freshness.
use super::time::Timestamp;

/// Data freshness AWS allows, in seconds (5 to 15 minutes; 300 by default).
pub const MIN_FRESHNESS_SECS: u32 = 300;
pub const MAX_FRESHNESS_SECS: u32 = 900;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelStatus {
    Creating,
    Active,
    Updating,
    Deleting,
    Failed,
    Other(String),
}

impl ChannelStatus {
    pub fn parse(text: &str) -> Self {
        match text {
            "CREATING" => Self::Creating,
            "ACTIVE" => Self::Active,
            "UPDATING" => Self::Updating,
            "DELETING" => Self::Deleting,
            "FAILED" => Self::Failed,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Creating => "CREATING",
            Self::Active => "ACTIVE",
            Self::Updating => "UPDATING",
            Self::Deleting => "DELETING",
            Self::Failed => "FAILED",
            Self::Other(text) => text,
        }
    }
}

/// Where a channel delivers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A general purpose S3 bucket (its ARN once described).
    S3 { bucket: Option<String> },
    /// Streaming tables on Apache Iceberg in S3 Tables (`namespace.table` once described).
    Iceberg { tables: Vec<String> },
}

impl Destination {
    /// `S3 my-bucket`, `Iceberg sales.orders`.
    pub fn text(&self) -> String {
        match self {
            Self::S3 {
                bucket: Some(bucket),
            } => {
                format!("S3 {}", bucket.rsplit(':').next().unwrap_or(bucket))
            }
            Self::S3 { bucket: None } => "S3".to_string(),
            Self::Iceberg { tables } if tables.is_empty() => "Iceberg".to_string(),
            Self::Iceberg { tables } => format!("Iceberg {}", tables.join(", ")),
        }
    }

    /// The CloudWatch metric prefix of its delivery metrics.
    pub fn metric_prefix(&self) -> &'static str {
        match self {
            Self::S3 { .. } => "DeliveryToS3",
            Self::Iceberg { .. } => "DeliveryToIceberg",
        }
    }
}

/// One channel (ListChannels, completed by DescribeChannel where shown in full).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub name: String,
    pub arn: String,
    /// The streams it reads (their ARNs).
    pub streams: Vec<String>,
    pub status: ChannelStatus,
    /// Why it FAILED.
    pub reason: Option<String>,
    pub destination: Destination,
    /// Known once described.
    pub freshness_secs: Option<u32>,
    pub created: Option<Timestamp>,
}

impl Channel {
    pub fn failed(&self) -> bool {
        self.status == ChannelStatus::Failed
    }

    /// `FAILED: the destination table was deleted`, or the status alone.
    pub fn status_text(&self) -> String {
        match &self.reason {
            Some(reason) if self.failed() => format!("FAILED: {reason}"),
            _ => self.status.as_str().to_string(),
        }
    }
}

/// A channel's delivery metrics over the last hour: how old the oldest undelivered record is
/// (DataFreshness, maximum) and the records that failed delivery (sum).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeliveryMetrics {
    pub freshness_secs: super::metrics::MetricSeries,
    pub failed: super::metrics::MetricSeries,
}

impl DeliveryMetrics {
    /// `behind 4:10 · 0 failed/1h`, short enough for the detail's side panel.
    pub fn line(&self) -> String {
        let freshness = self.freshness_secs.latest().map_or_else(
            || "freshness —".to_string(),
            |s| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let s = s.max(0.0).round() as u64;
                format!("behind {}:{:02}", s / 60, s % 60)
            },
        );
        // A float sum starts at -0.0: adding 0.0 keeps "no failures" from printing as "-0".
        let failed: f64 = self.failed.points.iter().map(|(_, v)| v).sum::<f64>() + 0.0;
        let failed = if failed >= 1_000.0 {
            format!("{:.1}k", failed / 1_000.0)
        } else {
            format!("{}", failed.max(0.0).round())
        };
        format!("{freshness} · {failed} failed/1h")
    }

    /// Records failed delivery in the window.
    pub fn failing(&self) -> bool {
        self.failed.points.iter().any(|(_, v)| *v > 0.0)
    }
}

impl Destination {
    /// The names of its freshness and failed-records metrics.
    pub fn delivery_metric_names(&self) -> (String, String) {
        let prefix = self.metric_prefix();
        let failed = match self {
            Self::S3 { .. } => "FailedRecordCount",
            Self::Iceberg { .. } => "FailedRowCount",
        };
        (
            format!("{prefix}.DataFreshness"),
            format!("{prefix}.{failed}"),
        )
    }
}

/// Parses `:channel NAME freshness SECONDS` arguments after the name: the seconds, in range.
pub fn parse_freshness(words: &[&str]) -> Result<u32, String> {
    let usage = ":channel NAME freshness SECONDS (300–900)";
    match words {
        ["freshness", seconds] => {
            let seconds = seconds
                .trim_end_matches('s')
                .parse::<u32>()
                .map_err(|_| format!("\"{seconds}\" is not a number of seconds; {usage}"))?;
            Ok(seconds)
        }
        _ => Err(format!("usage: {usage}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_and_statuses_read_as_an_operator_says_them() {
        let s3 = Destination::S3 {
            bucket: Some("arn:aws:s3:::clicks-archive".into()),
        };
        assert_eq!(s3.text(), "S3 clicks-archive");
        assert_eq!(s3.metric_prefix(), "DeliveryToS3");
        let iceberg = Destination::Iceberg {
            tables: vec!["ledger.entries".into()],
        };
        assert_eq!(iceberg.text(), "Iceberg ledger.entries");
        let channel = Channel {
            name: "c".into(),
            arn: "arn".into(),
            streams: vec![],
            status: ChannelStatus::parse("FAILED"),
            reason: Some("the table was deleted".into()),
            destination: iceberg,
            freshness_secs: None,
            created: None,
        };
        assert!(channel.failed());
        assert_eq!(channel.status_text(), "FAILED: the table was deleted");
    }

    #[test]
    fn delivery_metrics_read_as_one_short_line() {
        use crate::domain::MetricSeries;
        let at = |m: i64| chrono::DateTime::from_timestamp(1_700_000_000 + m * 60, 0).unwrap();
        let metrics = DeliveryMetrics {
            freshness_secs: MetricSeries {
                points: vec![(at(0), 200.0), (at(1), 2_595.0)],
            },
            failed: MetricSeries {
                points: vec![(at(0), 35_000.0), (at(1), 35_200.0)],
            },
        };
        assert_eq!(metrics.line(), "behind 43:15 · 70.2k failed/1h");
        assert!(metrics.failing());
        assert_eq!(
            DeliveryMetrics::default().line(),
            "freshness — · 0 failed/1h"
        );
        let s3 = Destination::S3 { bucket: None };
        assert_eq!(
            s3.delivery_metric_names(),
            (
                "DeliveryToS3.DataFreshness".to_string(),
                "DeliveryToS3.FailedRecordCount".to_string()
            )
        );
    }

    #[test]
    fn freshness_takes_seconds_and_says_its_usage() {
        assert_eq!(parse_freshness(&["freshness", "600"]), Ok(600));
        assert_eq!(parse_freshness(&["freshness", "600s"]), Ok(600));
        assert!(parse_freshness(&["freshness", "soon"]).is_err());
        assert!(
            parse_freshness(&["speed", "600"])
                .unwrap_err()
                .contains("usage")
        );
    }
}

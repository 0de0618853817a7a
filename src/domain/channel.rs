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

/// Parses `:channel NAME freshness SECONDS` arguments after the name: the seconds, in range.
pub fn parse_freshness(words: &[&str]) -> Result<u32, String> {
    let usage = ":channel NAME freshness SECONDS (300–900)";
    match words {
        ["freshness", seconds] => {
            let seconds = seconds
                .trim_end_matches('s')
                .parse::<u32>()
                .map_err(|_| format!("{seconds:?} is not a number of seconds; {usage}"))?;
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

//! A Kinesis data stream as the console sees it: the list entry and the detailed summary.
use super::Timestamp;
use std::fmt;

/// Stream lifecycle status as AWS reports it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StreamStatus {
    Creating,
    Active,
    Updating,
    Deleting,
    Other(String),
}

impl StreamStatus {
    /// Parses AWS's upper-case status names; anything unknown is kept verbatim.
    pub fn parse(raw: &str) -> Self {
        match raw {
            "CREATING" => Self::Creating,
            "ACTIVE" => Self::Active,
            "UPDATING" => Self::Updating,
            "DELETING" => Self::Deleting,
            other => Self::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Creating => "CREATING",
            Self::Active => "ACTIVE",
            Self::Updating => "UPDATING",
            Self::Deleting => "DELETING",
            Self::Other(raw) => raw,
        }
    }
}

impl fmt::Display for StreamStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the stream's shard count is managed by the operator or by AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CapacityMode {
    Provisioned,
    OnDemand,
}

impl CapacityMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.to_ascii_uppercase().replace('-', "_").as_str() {
            "PROVISIONED" => Some(Self::Provisioned),
            "ON_DEMAND" | "ONDEMAND" => Some(Self::OnDemand),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Provisioned => "PROVISIONED",
            Self::OnDemand => "ON_DEMAND",
        }
    }

    /// Short form for narrow table columns.
    pub fn short(&self) -> &'static str {
        match self {
            Self::Provisioned => "prov",
            Self::OnDemand => "on-demand",
        }
    }
}

impl fmt::Display for CapacityMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of ListStreams: cheap to fetch for every stream in the account.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamListing {
    pub name: String,
    /// Empty when the endpoint answered with names only.
    pub arn: String,
    /// None when the endpoint answered with names only (no `StreamSummaries`, as older
    /// endpoints and some emulators do): DescribeStreamSummary tells it then.
    pub status: Option<StreamStatus>,
    pub mode: Option<CapacityMode>,
    pub created: Option<Timestamp>,
}

/// DescribeStreamSummary: the per-stream facts that cost one rate-limited call each.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamSummary {
    pub name: String,
    pub arn: String,
    pub status: StreamStatus,
    pub mode: Option<CapacityMode>,
    /// AWS's own count; stale on some emulators, so the table prefers a ListShards count.
    pub open_shards: u32,
    pub retention_hours: u32,
    pub consumers: u32,
    /// Shard-level metrics enabled with EnableEnhancedMonitoring.
    pub shard_level_metrics: Vec<String>,
    pub encryption: Option<String>,
    pub created: Option<Timestamp>,
    /// Warm throughput, maximum record size, record distribution, channels.
    pub capacity: super::capacity::StreamCapacity,
}

impl StreamSummary {
    /// Whether CloudWatch has per-shard IncomingBytes/IncomingRecords for this stream.
    pub fn has_shard_metrics(&self) -> bool {
        self.shard_level_metrics
            .iter()
            .any(|m| m == "ALL" || m == "IncomingBytes" || m == "IncomingRecords")
    }
}

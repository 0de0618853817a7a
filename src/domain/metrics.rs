//! CloudWatch metric queries and the series they return, plus the stream rates derived from them.
use super::Timestamp;

/// CloudWatch has one datapoint a minute: asking more often than this buys nothing and costs money.
pub const METRICS_MAX_AGE_SECS: i64 = 60;

/// The CloudWatch statistic to request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stat {
    Sum,
    Average,
    Maximum,
}

impl Stat {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sum => "Sum",
            Self::Average => "Average",
            Self::Maximum => "Maximum",
        }
    }
}

/// One metric to fetch: namespace, name, dimensions and statistic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MetricQuery {
    pub namespace: String,
    pub metric: String,
    pub dimensions: Vec<(String, String)>,
    pub stat: Stat,
}

/// The time window and resolution of a metrics request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricWindow {
    pub start: Timestamp,
    pub end: Timestamp,
    pub period_secs: i32,
}

impl MetricWindow {
    /// The last `minutes` minutes at one-minute resolution, ending at the last whole minute before `now`.
    pub fn last_minutes(now: Timestamp, minutes: i64) -> Self {
        let end_secs = now.timestamp() - now.timestamp().rem_euclid(60);
        Self {
            start: super::time::from_epoch_secs(end_secs - minutes * 60),
            end: super::time::from_epoch_secs(end_secs),
            period_secs: 60,
        }
    }
}

/// Datapoints of one query, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricSeries {
    pub points: Vec<(Timestamp, f64)>,
}

impl MetricSeries {
    pub fn latest(&self) -> Option<f64> {
        self.points.last().map(|(_, v)| *v)
    }

    pub fn max(&self) -> Option<f64> {
        self.points.iter().map(|(_, v)| *v).reduce(f64::max)
    }

    /// The values of the datapoints at or after `since`, oldest first.
    pub fn values_since(&self, since: Timestamp) -> Vec<f64> {
        self.points
            .iter()
            .filter(|(t, _)| *t >= since)
            .map(|(_, v)| *v)
            .collect()
    }

    /// Sum of the datapoints newer than `since` (0 when there are none).
    pub fn sum_since(&self, since: Timestamp) -> f64 {
        // Float sums start at -0.0; adding 0.0 keeps "no data" from printing as "-0".
        self.points
            .iter()
            .filter(|(t, _)| *t >= since)
            .map(|(_, v)| v)
            .sum::<f64>()
            + 0.0
    }

    /// Sorts by time: GetMetricData returns newest first by default.
    pub fn sorted(mut self) -> Self {
        self.points.sort_by_key(|(t, _)| *t);
        self
    }
}

/// The Kinesis metrics the streams screens show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamMetric {
    IncomingBytes,
    IncomingRecords,
    WriteThrottled,
    ReadThrottled,
    IteratorAge,
}

impl StreamMetric {
    pub const ALL: [StreamMetric; 5] = [
        Self::IncomingBytes,
        Self::IncomingRecords,
        Self::WriteThrottled,
        Self::ReadThrottled,
        Self::IteratorAge,
    ];

    /// Metrics CloudWatch has per shard once enhanced monitoring is enabled.
    pub const SHARD_LEVEL: [StreamMetric; 2] = [Self::IncomingBytes, Self::IncomingRecords];

    pub fn cloudwatch_name(&self) -> &'static str {
        match self {
            Self::IncomingBytes => "IncomingBytes",
            Self::IncomingRecords => "IncomingRecords",
            Self::WriteThrottled => "WriteProvisionedThroughputExceeded",
            Self::ReadThrottled => "ReadProvisionedThroughputExceeded",
            Self::IteratorAge => "GetRecords.IteratorAgeMilliseconds",
        }
    }

    fn stat(self) -> Stat {
        match self {
            Self::IteratorAge => Stat::Maximum,
            _ => Stat::Sum,
        }
    }

    /// The stream-level query for this metric.
    pub fn query(&self, stream: &str) -> MetricQuery {
        MetricQuery {
            namespace: "AWS/Kinesis".to_string(),
            metric: self.cloudwatch_name().to_string(),
            dimensions: vec![("StreamName".to_string(), stream.to_string())],
            stat: self.stat(),
        }
    }

    /// The shard-level query (needs enhanced monitoring on the stream).
    pub fn shard_query(&self, stream: &str, shard: &str) -> MetricQuery {
        let mut query = self.query(stream);
        query
            .dimensions
            .push(("ShardId".to_string(), shard.to_string()));
        query
    }
}

/// One stream's (or shard's) last hour of traffic, as per-minute series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamMetrics {
    pub incoming_bytes: MetricSeries,
    pub incoming_records: MetricSeries,
    pub write_throttled: MetricSeries,
    pub read_throttled: MetricSeries,
    pub iterator_age_ms: MetricSeries,
}

impl StreamMetrics {
    /// Assembles from series returned in the order of `StreamMetric::ALL` (missing ones stay empty).
    pub fn from_series(series: impl IntoIterator<Item = (StreamMetric, MetricSeries)>) -> Self {
        let mut metrics = Self::default();
        for (metric, s) in series {
            *metrics.series_mut(metric) = s;
        }
        metrics
    }

    pub fn series_mut(&mut self, metric: StreamMetric) -> &mut MetricSeries {
        match metric {
            StreamMetric::IncomingBytes => &mut self.incoming_bytes,
            StreamMetric::IncomingRecords => &mut self.incoming_records,
            StreamMetric::WriteThrottled => &mut self.write_throttled,
            StreamMetric::ReadThrottled => &mut self.read_throttled,
            StreamMetric::IteratorAge => &mut self.iterator_age_ms,
        }
    }

    /// Latest per-minute sum of records, as records per second.
    pub fn records_per_sec(&self) -> Option<f64> {
        self.incoming_records.latest().map(|v| v / 60.0)
    }

    /// Latest per-minute sum of bytes, as MB per second (1 MB = 1,048,576 bytes, AWS's shard unit).
    pub fn mb_per_sec(&self) -> Option<f64> {
        self.incoming_bytes.latest().map(|v| v / 60.0 / 1_048_576.0)
    }

    /// Per-minute bytes over the window, for the sparkline.
    pub fn bytes_trend(&self) -> Vec<f64> {
        self.incoming_bytes.points.iter().map(|(_, v)| *v).collect()
    }

    /// Throttled reads or writes in the last five minutes of the window.
    pub fn throttled_recently(&self, now: Timestamp) -> bool {
        let since = now - chrono::Duration::minutes(5);
        self.write_throttled.sum_since(since) + self.read_throttled.sum_since(since) > 0.0
    }

    pub fn iterator_age_ms(&self) -> Option<f64> {
        self.iterator_age_ms.latest()
    }
}

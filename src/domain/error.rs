//! What can go wrong talking to an account, as sentences an operator can act on.

/// A failed call through a port, already translated from the SDK's error types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    #[error("AWS is throttling {api}; kinetic asks less often until it answers")]
    Throttled { api: String },
    #[error(
        "AWS credentials are expired or invalid ({detail}); run `aws sso login` or refresh the profile's credentials: the next refresh picks them up"
    )]
    Credentials { detail: String },
    #[error("access denied for {}: add it to the role's IAM policy (the README lists what kinetic needs)", iam_action(.api))]
    AccessDenied { api: String, detail: String },
    #[error("{resource} was not found; it may have been deleted or be in another region")]
    NotFound { resource: String },
    #[error("{resource} is busy ({detail}); wait until it is ACTIVE and try again")]
    ResourceInUse { resource: String, detail: String },
    #[error("another change to {resource} is in progress ({detail}); refresh and try again")]
    ConcurrentModification { resource: String, detail: String },
    #[error(
        "an AWS limit was reached: {detail} (an account quota, such as shards, can be raised in Service Quotas)"
    )]
    LimitExceeded { detail: String },
    #[error("AWS rejected the request: {detail}")]
    InvalidArgument { detail: String },
    #[error(
        "AWS could not validate the application code ({detail}); check that the object is the jar the build produced"
    )]
    CodeValidation { detail: String },
    /// The call never got an answer: the endpoint and why, in a few words ("connection
    /// refused", "the host name does not resolve (DNS)", "no answer in time (timed out)").
    #[error("cannot reach {endpoint}: {reason}; check the network, VPN or --endpoint-url")]
    Network { endpoint: String, reason: String },
    /// The answer came back in a form the service does not use (an endpoint that serves
    /// another service, a proxy's error page, an emulator without this API).
    #[error(
        "the endpoint's answer to {api} is not a {} response ({detail}); does --endpoint-url serve {}?",
        service_of(.api).0,
        service_of(.api).0
    )]
    NotUnderstood { api: String, detail: String },
    #[error("{api} failed: {detail}")]
    Service { api: String, detail: String },
    /// A self-managed Flink cluster's REST API did not answer.
    #[error(
        "cannot reach the Flink cluster {cluster} at {url}: {reason}; is it running, and is its --flink-rest URL (or [[flink]] entry) right?"
    )]
    ClusterUnreachable {
        cluster: String,
        url: String,
        reason: String,
    },
    /// A Flink REST API (a cluster, or a Managed Flink dashboard) refused the request's
    /// credentials with HTTP 401 or 403.
    #[error("{target} refused the request (HTTP {status}): {hint}")]
    Unauthorized {
        target: String,
        status: u16,
        hint: String,
    },
    /// Something answered at a Flink REST address, but not Flink: a web page, a login page.
    #[error("{target} {what}")]
    NotFlinkRest { target: String, what: String },
    /// What the console cannot read here, and why (said once, where the data would be).
    #[error("{what} is not available: {why}")]
    Unavailable { what: String, why: String },
    /// Shard iterators last five minutes; the reader asks for a new one where it was.
    #[error(
        "the shard iterator of {resource} expired (they last 5 minutes); reading resumes where it was"
    )]
    IteratorExpired { resource: String },
}

impl PortError {
    pub fn is_throttling(&self) -> bool {
        matches!(self, Self::Throttled { .. })
    }

    /// Likely to pass by itself (throttling, a network blip, a 5xx), rather than to need the
    /// operator (a permission, credentials, an endpoint that does not serve the API).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Throttled { .. }
                | Self::Network { .. }
                | Self::Service { .. }
                | Self::ResourceInUse { .. }
                | Self::ConcurrentModification { .. }
                | Self::IteratorExpired { .. }
                | Self::ClusterUnreachable { .. }
        )
    }

    /// A few words for a badge: why the data is not current.
    pub fn short(&self) -> &'static str {
        match self {
            Self::Throttled { .. } => "throttled",
            Self::Credentials { .. } => "credentials expired",
            Self::AccessDenied { .. } => "access denied",
            Self::NotFound { .. } => "not found",
            Self::ResourceInUse { .. } | Self::ConcurrentModification { .. } => "busy",
            Self::LimitExceeded { .. } => "limit reached",
            Self::InvalidArgument { .. } => "request rejected",
            Self::CodeValidation { .. } => "code invalid",
            Self::Network { .. } | Self::ClusterUnreachable { .. } => "unreachable",
            Self::Unavailable { .. } => "unavailable",
            Self::Unauthorized { .. } => "refused",
            Self::NotFlinkRest { .. } => "not Flink",
            Self::NotUnderstood { .. } => "not served here",
            Self::Service { .. } => "failing",
            Self::IteratorExpired { .. } => "iterator expired",
        }
    }
}

/// The service an API belongs to, as AWS names it and as IAM prefixes its actions.
pub fn service_of(api: &str) -> (&'static str, &'static str) {
    match api {
        "GetMetricData" | "ListMetrics" | "DescribeAlarms" => ("CloudWatch", "cloudwatch"),
        "FilterLogEvents" | "StartLiveTail" | "DescribeLogGroups" => ("CloudWatch Logs", "logs"),
        "ListObjectVersions" | "HeadObject" => ("S3", "s3"),
        "GetCallerIdentity" => ("STS", "sts"),
        api if api.contains("Application") => {
            ("Managed Service for Apache Flink", "kinesisanalytics")
        }
        _ => ("Kinesis", "kinesis"),
    }
}

/// The IAM action a call needs: `cloudwatch:GetMetricData`. S3's actions are not named after
/// its APIs.
pub fn iam_action(api: &str) -> String {
    let action = match api {
        "ListObjectVersions" => "ListBucketVersions",
        "HeadObject" => "GetObject",
        api => api,
    };
    format!("{}:{action}", service_of(api).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_permission_and_the_service() {
        let denied = PortError::AccessDenied {
            api: "GetMetricData".into(),
            detail: "User: arn:aws:sts::1:assumed-role/r is not authorized".into(),
        };
        assert_eq!(
            denied.to_string(),
            "access denied for cloudwatch:GetMetricData: add it to the role's IAM policy (the README lists what kinetic needs)"
        );
        let other = PortError::NotUnderstood {
            api: "GetMetricData".into(),
            detail: "HTTP 404".into(),
        };
        assert_eq!(
            other.to_string(),
            "the endpoint's answer to GetMetricData is not a CloudWatch response (HTTP 404); does --endpoint-url serve CloudWatch?"
        );
        assert_eq!(
            iam_action("DescribeApplication"),
            "kinesisanalytics:DescribeApplication"
        );
        assert_eq!(iam_action("ListShards"), "kinesis:ListShards");
        assert_eq!(iam_action("FilterLogEvents"), "logs:FilterLogEvents");
    }
}

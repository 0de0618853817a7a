//! What can go wrong talking to an account, as sentences an operator can act on.

/// A failed call through a port, already translated from the SDK's error types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortError {
    #[error("AWS is throttling {api}; showing the last good data and retrying on the next refresh")]
    Throttled { api: String },
    #[error(
        "AWS credentials are expired or invalid ({detail}); run `aws sso login` or refresh the profile's credentials, then press ctrl-r"
    )]
    Credentials { detail: String },
    #[error(
        "access denied to {api} ({detail}); the README lists the IAM permissions kinetic needs"
    )]
    AccessDenied { api: String, detail: String },
    #[error("{resource} was not found; it may have been deleted or be in another region")]
    NotFound { resource: String },
    #[error("{resource} is busy ({detail}); wait until it is ACTIVE and try again")]
    ResourceInUse { resource: String, detail: String },
    #[error("another change to {resource} is in progress ({detail}); refresh and try again")]
    ConcurrentModification { resource: String, detail: String },
    #[error("an AWS limit was reached: {detail}")]
    LimitExceeded { detail: String },
    #[error("AWS rejected the request: {detail}")]
    InvalidArgument { detail: String },
    #[error(
        "AWS could not validate the application code ({detail}); check that the object is the jar the build produced"
    )]
    CodeValidation { detail: String },
    #[error("cannot reach AWS ({detail}); check the network, VPN or --endpoint-url")]
    Network { detail: String },
    #[error("{api} failed: {detail}")]
    Service { api: String, detail: String },
}

impl PortError {
    pub fn is_throttling(&self) -> bool {
        matches!(self, Self::Throttled { .. })
    }
}

//! Maps SDK errors (any service) to the domain's operator-facing `PortError`: one sentence per
//! kind of failure, never the SDK's `Debug` output or a raw source chain.
use crate::domain::PortError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::error::Error;

/// Where an adapter's calls go: named in the sentence when they cannot get there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint(String);

impl Endpoint {
    /// AWS's regional endpoint of a service (`kinesis` in us-east-1 is
    /// https://kinesis.us-east-1.amazonaws.com).
    pub fn aws(host_prefix: &str, region: Option<&aws_config::Region>) -> Self {
        match region {
            Some(region) => Self(format!("https://{host_prefix}.{region}.amazonaws.com")),
            None => Self(format!("AWS {host_prefix}")),
        }
    }

    /// An `--endpoint-url` (or a profile's `endpoint_url`) when there is one, else `self`.
    pub fn or_custom(self, custom: Option<&str>) -> Self {
        custom.map_or(self, |url| Self(url.trim_end_matches('/').to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Translates an SDK error from `api` about `resource` into a sentence-ready `PortError`.
    pub fn error<E>(&self, api: &str, resource: &str, err: SdkError<E, HttpResponse>) -> PortError
    where
        E: ProvideErrorMetadata + Error + Send + Sync + 'static,
    {
        map_sdk_error(&self.0, api, resource, err)
    }
}

/// Translates an SDK error from `api` (sent to `endpoint`) about `resource`.
pub fn map_sdk_error<E>(
    endpoint: &str,
    api: &str,
    resource: &str,
    err: SdkError<E, HttpResponse>,
) -> PortError
where
    E: ProvideErrorMetadata + Error + Send + Sync + 'static,
{
    let code = err.code().unwrap_or_default().to_string();
    let message = err.message().unwrap_or_default().to_string();
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            let chain = chain(&err);
            if mentions_credentials(&chain) {
                return PortError::Credentials {
                    detail: first_line(&chain),
                };
            }
            let timed_out = match &err {
                SdkError::TimeoutError(_) => true,
                SdkError::DispatchFailure(failure) => failure.is_timeout(),
                _ => false,
            };
            return PortError::Network {
                endpoint: endpoint.to_string(),
                reason: network_reason(&err, timed_out),
            };
        }
        SdkError::ConstructionFailure(_) => {
            let chain = chain(&err);
            if mentions_credentials(&chain) {
                return PortError::Credentials {
                    detail: first_line(&chain),
                };
            }
            return PortError::Service {
                api: api.to_string(),
                detail: first_line(&chain),
            };
        }
        // AWS always answers an error with its code. An answer without one, or one that does not
        // parse, came from something else: a proxy, an emulator, another service.
        SdkError::ResponseError(_) => return not_understood(api, &err),
        SdkError::ServiceError(_) if code.is_empty() => return not_understood(api, &err),
        _ => {}
    }
    classify(api, resource, &code, &message).unwrap_or_else(|| PortError::Service {
        api: api.to_string(),
        detail: if code.is_empty() && message.is_empty() {
            first_line(&chain(&err))
        } else if message.is_empty() {
            code
        } else {
            format!("{code}: {message}")
        },
    })
}

/// The errors' own sentences, outermost first, without repeats: what `Display` says at each
/// link of the source chain. (The SDK's `DisplayErrorContext` ends with the `Debug` of the whole
/// error, which must never reach the screen.)
pub fn chain(err: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Why a connection failed, in a few words, from the error's kind and its source chain.
/// Why a connection failed, in a few words, from any error chain (the SDK's, or Flink REST's
/// HTTP client's).
pub fn network_reason(err: &(dyn Error + 'static), timed_out: bool) -> String {
    use std::io::ErrorKind;
    let mut io_kind = None;
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        current = e.source();
    }
    let text = chain(err).to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no such host",
        "nodename nor servname",
    ]) {
        "the host name does not resolve (DNS)".into()
    } else if has(&["notvalidforname", "not valid for name"]) {
        "TLS failed: the server's certificate does not name this host".into()
    } else if has(&[
        "invalid peer certificate: expired",
        "certificate expired",
        "expiredcontext",
    ]) {
        "TLS failed: the server's certificate has expired".into()
    } else if has(&[
        "certificaterequired",
        "certificate required",
        "alert: badcertificate",
        "alert: unknownca",
        "alert: certificateunknown",
    ]) {
        "TLS failed: the server refused kinetic's client certificate (or wants one)".into()
    } else if has(&["certificate", "unknownissuer", "unknown issuer"]) {
        "TLS failed: the server's certificate is not trusted (unknown CA)".into()
    } else if has(&["tls", "handshake", "corrupt message", "invalidcontenttype"]) {
        "the TLS handshake failed (does it speak https?)".into()
    } else if io_kind == Some(ErrorKind::ConnectionRefused) || has(&["connection refused"]) {
        "connection refused".into()
    } else if timed_out || io_kind == Some(ErrorKind::TimedOut) || has(&["timed out", "timeout"]) {
        "no answer in time (timed out)".into()
    } else if io_kind == Some(ErrorKind::ConnectionReset) || has(&["connection reset"]) {
        "the connection was reset".into()
    } else if has(&[
        "connection closed",
        "incomplete message",
        "unexpected eof",
        "broken pipe",
    ]) {
        "the connection closed before an answer".into()
    } else {
        "the connection failed".into()
    }
}

fn not_understood<E>(api: &str, err: &SdkError<E, HttpResponse>) -> PortError {
    let detail = match err.raw_response() {
        Some(response) => format!("HTTP {}", response.status().as_u16()),
        None => "no HTTP status".to_string(),
    };
    PortError::NotUnderstood {
        api: api.to_string(),
        detail,
    }
}

/// Classifies by AWS error code; `None` when the code is not one the console treats specially.
pub fn classify(api: &str, resource: &str, code: &str, message: &str) -> Option<PortError> {
    let detail = if message.is_empty() {
        code.to_string()
    } else {
        message.to_string()
    };
    let resource = resource.to_string();
    Some(match code {
        "ThrottlingException"
        | "Throttling"
        | "TooManyRequestsException"
        | "RequestLimitExceeded"
        | "ProvisionedThroughputExceededException" => PortError::Throttled {
            api: api.to_string(),
        },
        // Kinesis reports its rate limits as LimitExceededException with "Rate exceeded".
        "LimitExceededException" if message.to_ascii_lowercase().contains("rate exceeded") => {
            PortError::Throttled {
                api: api.to_string(),
            }
        }
        "LimitExceededException" => PortError::LimitExceeded { detail },
        "ExpiredTokenException"
        | "ExpiredToken"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "MissingAuthenticationToken"
        | "IncompleteSignature" => PortError::Credentials { detail },
        // An endpoint that does not know the call at all (kinesis-mock, for calls it does not
        // model) denies access without naming an operation: it did not understand the call.
        "AccessDeniedException"
            if message.contains("Unable to determine service/operation name") =>
        {
            PortError::NotUnderstood {
                api: api.to_string(),
                detail: "the endpoint does not know this call".to_string(),
            }
        }
        "AccessDeniedException" | "AccessDenied" | "KMSAccessDeniedException" => {
            PortError::AccessDenied {
                api: api.to_string(),
                detail,
            }
        }
        "ResourceNotFoundException"
        | "ResourceNotFound"
        | "NotFound"
        | "NoSuchKey"
        | "NoSuchBucket"
        | "NoSuchVersion" => PortError::NotFound { resource },
        "ResourceInUseException" => PortError::ResourceInUse { resource, detail },
        "ExpiredIteratorException" => PortError::IteratorExpired { resource },
        "ConcurrentModificationException" => PortError::ConcurrentModification { resource, detail },
        "CodeValidationException" => PortError::CodeValidation { detail },
        "InvalidArgumentException"
        | "ValidationException"
        | "InvalidParameterValue"
        | "InvalidParameterCombination"
        | "InvalidParameterValueException"
        | "InvalidRequestException"
        | "InvalidApplicationConfigurationException"
        | "UnsupportedOperationException"
        | "ExpiredNextTokenException"
        | "InvalidNextToken" => PortError::InvalidArgument { detail },
        _ => return None,
    })
}

fn mentions_credentials(detail: &str) -> bool {
    let lower = detail.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("expired token") || lower.contains("sso")
}

/// Keeps status-bar messages to one line.
fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(240)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinesis_rate_limits_are_throttling_but_quota_limits_are_not() {
        assert!(matches!(
            classify(
                "ListShards",
                "s",
                "LimitExceededException",
                "Rate exceeded for stream s"
            ),
            Some(PortError::Throttled { .. })
        ));
        assert!(matches!(
            classify(
                "UpdateShardCount",
                "s",
                "LimitExceededException",
                "shard limit"
            ),
            Some(PortError::LimitExceeded { .. })
        ));
    }

    #[test]
    fn a_denial_naming_no_operation_is_an_unknown_call_and_a_real_one_is_a_denial() {
        assert!(matches!(
            classify(
                "ListChannels",
                "the account",
                "AccessDeniedException",
                "Unable to determine service/operation name to be authorized"
            ),
            Some(PortError::NotUnderstood { .. })
        ));
        assert!(matches!(
            classify(
                "ListChannels",
                "the account",
                "AccessDeniedException",
                "User is not authorized to perform kinesis:ListChannels"
            ),
            Some(PortError::AccessDenied { .. })
        ));
    }

    #[test]
    fn unknown_codes_are_left_to_the_caller() {
        assert_eq!(classify("X", "r", "SomethingNew", "m"), None);
    }
}

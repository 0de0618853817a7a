//! Maps SDK errors (any service) to the domain's operator-facing `PortError`.
use crate::domain::PortError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Translates an SDK error from `api` about `resource` into a sentence-ready `PortError`.
pub fn map_sdk_error<E>(api: &str, resource: &str, err: SdkError<E, HttpResponse>) -> PortError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let code = err.code().unwrap_or_default().to_string();
    let message = err.message().unwrap_or_default().to_string();
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            let detail = DisplayErrorContext(&err).to_string();
            if mentions_credentials(&detail) {
                return PortError::Credentials {
                    detail: first_line(&detail),
                };
            }
            return PortError::Network {
                detail: first_line(&detail),
            };
        }
        SdkError::ConstructionFailure(_) => {
            let detail = DisplayErrorContext(&err).to_string();
            if mentions_credentials(&detail) {
                return PortError::Credentials {
                    detail: first_line(&detail),
                };
            }
            return PortError::Service {
                api: api.to_string(),
                detail: first_line(&detail),
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
            first_line(&DisplayErrorContext(&err).to_string())
        } else if message.is_empty() {
            code
        } else {
            format!("{code}: {message}")
        },
    })
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
    fn unknown_codes_are_left_to_the_caller() {
        assert_eq!(classify("X", "r", "SomethingNew", "m"), None);
    }
}

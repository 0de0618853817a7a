//! Which failed calls the SDK may send again: never one whose answer came in another protocol.
use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};

/// The SDK's standard mode retries an answer it cannot parse as a transient error, and a 5xx web
/// page like an AWS outage. Both come from something that is not the service (a proxy's error
/// page, an emulator without the API, an endpoint of another service) and answer the same again:
/// three attempts with backoff only delay the sentence that says so.
#[derive(Debug, Default, Clone, Copy)]
pub struct AnotherProtocolIsFinal;

impl ClassifyRetry for AnotherProtocolIsFinal {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let web_page = ctx.response().is_some_and(|response| {
            response
                .headers()
                .get("content-type")
                .is_some_and(|t| t.starts_with("text/html") || t.starts_with("text/plain"))
        });
        if error.is_response_error() || web_page {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "answers in another protocol are final"
    }

    fn priority(&self) -> RetryClassifierPriority {
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

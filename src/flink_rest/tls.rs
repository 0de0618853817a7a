//! HTTPS for Flink's REST API: rustls on aws-lc-rs (the TLS stack the AWS SDK builds) with the system's trust store, and a failed connection said in words.
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The system's trust store, read once a process: reading it parses every certificate.
fn system_roots() -> Arc<rustls::RootCertStore> {
    static ROOTS: OnceLock<Arc<rustls::RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let mut roots = rustls::RootCertStore::empty();
            let found = rustls_native_certs::load_native_certs();
            for error in &found.errors {
                tracing::warn!(%error, "a certificate of the system's trust store was not read");
            }
            let (added, ignored) = roots.add_parsable_certificates(found.certs);
            tracing::info!(
                added,
                ignored,
                "the system's trust store for HTTPS to Flink"
            );
            Arc::new(roots)
        })
        .clone()
}

/// TLS as kinetic speaks it to Flink: TLS 1.2 and 1.3, the system's trust store, no client
/// certificate.
fn client_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?
        .with_root_certificates(system_roots())
        .with_no_client_auth())
}

/// Plain HTTP and HTTPS alike. A cluster that does not take the connection within
/// `connect_timeout` is not there: the listing of the applications beside it must not wait on
/// it for longer.
pub fn connector(connect_timeout: Duration) -> Result<HttpsConnector<HttpConnector>, String> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(connect_timeout));
    http.enforce_http(false);
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(client_config()?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// Why a connection failed, in the words the AWS adapters use for theirs (refused, DNS, the
/// server's certificate not trusted, a handshake with something that does not speak HTTPS…).
pub fn connect_reason(error: &hyper_util::client::legacy::Error) -> String {
    crate::aws::error::network_reason(error, false)
}

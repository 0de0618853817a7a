//! HTTPS for Flink's REST API: rustls on aws-lc-rs (the TLS stack the AWS SDK builds) with the system's trust store, and a failed connection said in words.
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::path::{Path, PathBuf};
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

/// The certificates a cluster's entry names: a CA bundle trusted beside the system's, a client
/// certificate and key for mutual TLS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca_file: Option<PathBuf>,
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("its {what} {} cannot be read: {e}", path.display()))
}

/// Every certificate of a PEM file, or why there is none.
fn certificates(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = read(path, what)?;
    let found: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("its {what} {} is not PEM: {e}", path.display()))?;
    if found.is_empty() {
        return Err(format!(
            "its {what} {} holds no PEM certificate",
            path.display()
        ));
    }
    Ok(found)
}

/// TLS as kinetic speaks it to Flink: TLS 1.2 and 1.3; the system's trust store and the entry's
/// CA bundle; its client certificate when it names one.
fn client_config(files: &TlsFiles) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = (*system_roots()).clone();
    if let Some(ca) = &files.ca_file {
        for cert in certificates(ca, "CA bundle")? {
            roots.add(cert).map_err(|e| {
                format!(
                    "its CA bundle {} holds a certificate rustls refuses: {e}",
                    ca.display()
                )
            })?;
        }
    }
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS cannot be set up: {e}"))?
        .with_root_certificates(roots);
    match (&files.client_cert, &files.client_key) {
        (Some(cert), Some(key)) => {
            let chain = certificates(cert, "client certificate")?;
            let key_pem = read(key, "client key")?;
            let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| {
                format!(
                    "its client key {} is not a PEM private key: {e}",
                    key.display()
                )
            })?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("its client certificate and key do not go together: {e}"))
        }
        _ => Ok(builder.with_no_client_auth()),
    }
}

/// Plain HTTP and HTTPS alike. A cluster that does not take the connection within
/// `connect_timeout` is not there: the listing of the applications beside it must not wait on
/// it for longer.
pub fn connector(
    connect_timeout: Duration,
    files: &TlsFiles,
) -> Result<HttpsConnector<HttpConnector>, String> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(connect_timeout));
    http.enforce_http(false);
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(client_config(files)?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// Why a connection failed, in the words the AWS adapters use for theirs (refused, DNS, the
/// server's certificate not trusted, a handshake with something that does not speak HTTPS…).
pub fn connect_reason(error: &hyper_util::client::legacy::Error) -> String {
    crate::aws::error::network_reason(error, false)
}

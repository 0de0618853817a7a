//! A self-managed Flink cluster as the operator names it (`--flink-rest URL` or a `[[flink]]` entry) and how kinetic reaches it (HTTPS with a CA of its own, a client certificate, a password or token read from the environment or a file, read-only), and how its jobs are named beside Managed Flink applications: `job@cluster`.
use std::path::PathBuf;

/// Joins a job's name and its cluster's: Managed Flink names cannot hold it.
pub const SEPARATOR: char = '@';

/// One `--flink-rest URL` or `[[flink]]` entry of the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterEntry {
    pub name: String,
    pub url: String,
    /// Sent with every request (a proxy's token).
    pub headers: Vec<(String, String)>,
    /// Changes to its jobs need the typed name.
    pub production: bool,
    /// Where savepoints go, when the cluster's own `state.savepoints.dir` is not the place.
    pub savepoint_dir: Option<String>,
    /// TLS, credentials and whether changes may be sent.
    pub access: ClusterAccess,
}

/// How kinetic reaches a cluster beyond its URL.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClusterAccess {
    /// PEM certificates of the CA(s) that sign the cluster's (or its proxy's) certificate,
    /// trusted beside the system's.
    pub ca_file: Option<PathBuf>,
    /// A PEM client certificate (chain) and its PEM private key, for mutual TLS.
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    pub auth: Option<ClusterAuth>,
    /// No change is ever sent (a proxy that allows GET only, a YARN web proxy).
    pub read_only: bool,
}

/// The credentials a proxy in front of the REST API asks for. The secret itself is read from
/// the environment or a file when the cluster's client is made: never from the command line or
/// the config file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterAuth {
    /// `Authorization: Basic …`.
    Basic {
        user: String,
        password: CredentialSource,
    },
    /// `Authorization: Bearer …`.
    Bearer { token: CredentialSource },
}

/// Where a password or token is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// The environment variable of that name.
    Env(String),
    /// The whole file (a trailing newline dropped).
    File(PathBuf),
}

impl std::fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env(name) => write!(f, "the environment variable {name}"),
            Self::File(path) => write!(f, "the file {}", path.display()),
        }
    }
}

impl ClusterEntry {
    /// An entry from a bare URL, named after its host and port.
    pub fn from_url(url: &str) -> Result<Self, String> {
        let trimmed = url.trim().trim_end_matches('/');
        let not_flink = || {
            format!(
                "\"{url}\" is not a Flink REST URL like http://flink-jobmanager:8081 or https://flink.example.com/namespace/name"
            )
        };
        let Some(rest) = trimmed
            .strip_prefix("http://")
            .or_else(|| trimmed.strip_prefix("https://"))
        else {
            return Err(not_flink());
        };
        // A base path (an ingress's /NAMESPACE/NAME, a YARN proxy's /proxy/application_…)
        // stays part of the URL every request goes under.
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if let Some((_, after)) = host.rsplit_once('@') {
            // Never echoed: what is before the @ may be a password.
            return Err(format!(
                "the Flink REST URL …@{after} carries credentials: give them in its [[flink]] entry (user with password_env or password_file, or token_env or token_file); kinetic takes none from the command line"
            ));
        }
        if host.is_empty() || host.contains(['@', ' ', '?', '#']) || path.contains(['?', '#', ' '])
        {
            return Err(not_flink());
        }
        let name = if path.is_empty() {
            host.to_string()
        } else {
            format!("{host}/{path}")
        };
        Ok(Self {
            name,
            url: trimmed.to_string(),
            headers: Vec::new(),
            production: false,
            savepoint_dir: None,
            access: ClusterAccess::default(),
        })
    }
}

/// `("orders-counter", "prod-flink")` from `"orders-counter@prod-flink"`; None for a Managed
/// Flink application's name.
pub fn split(app: &str) -> Option<(&str, &str)> {
    app.rsplit_once(SEPARATOR)
}

/// Where a job is on its cluster's web UI; kinetic keeps it as the job's ARN.
pub fn job_url(base: &str, job_id: &str) -> String {
    format!("{base}/#/job/running/{job_id}/overview")
}

/// The job id in a `job_url`.
pub fn job_id_of(url: &str) -> Option<&str> {
    url.split("/#/job/running/")
        .nth(1)?
        .split('/')
        .next()
        .filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_name_splits_at_its_last_separator_and_an_application_name_not_at_all() {
        assert_eq!(split("orders@prod"), Some(("orders", "prod")));
        assert_eq!(split("a@b@prod"), Some(("a@b", "prod")));
        assert_eq!(split("payments-enricher"), None);
    }

    #[test]
    fn a_job_id_reads_back_from_its_url() {
        let url = job_url("http://127.0.0.1:8081", "6cbf8ca4");
        assert_eq!(job_id_of(&url), Some("6cbf8ca4"));
        assert_eq!(job_id_of("arn:aws:kinesisanalytics:…"), None);
    }

    #[test]
    fn cluster_urls_are_checked_before_any_request() {
        let entry = ClusterEntry::from_url("http://127.0.0.1:8081/").unwrap();
        assert_eq!(entry.name, "127.0.0.1:8081");
        assert_eq!(entry.url, "http://127.0.0.1:8081");
        // HTTPS, and a base path every request goes under (an ingress's prefix).
        let ingress =
            ClusterEntry::from_url("https://flink.example.com/analytics/orders/").unwrap();
        assert_eq!(ingress.url, "https://flink.example.com/analytics/orders");
        assert_eq!(ingress.name, "flink.example.com/analytics/orders");
        assert!(ClusterEntry::from_url("flink:8081").is_err());
        assert!(ClusterEntry::from_url("http://").is_err());
        let with_password = ClusterEntry::from_url("https://ops:hunter2@flink:8081").unwrap_err();
        assert!(
            with_password.contains("carries credentials"),
            "{with_password}"
        );
        assert!(!with_password.contains("hunter2"), "{with_password}");
        assert!(ClusterEntry::from_url("http://flink:8081/?x=1").is_err());
    }
}

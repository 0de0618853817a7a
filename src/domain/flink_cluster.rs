//! A self-managed Flink cluster as the operator names it (`--flink-rest URL` or a `[[flink]]` entry), and how its jobs are named beside Managed Flink applications: `job@cluster`.

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
}

impl ClusterEntry {
    /// An entry from a bare URL, named after its host and port.
    pub fn from_url(url: &str) -> Result<Self, String> {
        let trimmed = url.trim().trim_end_matches('/');
        let Some(host) = trimmed
            .strip_prefix("http://")
            .or_else(|| trimmed.strip_prefix("https://"))
        else {
            return Err(format!(
                "\"{url}\" is not a Flink REST URL like http://flink-jobmanager:8081"
            ));
        };
        if trimmed.starts_with("https://") {
            return Err(format!(
                "\"{url}\": kinetic reaches Flink's REST API over plain HTTP only (put it behind a tunnel or a local proxy)"
            ));
        }
        if host.is_empty() || host.contains('/') {
            return Err(format!(
                "\"{url}\" is not a Flink REST URL like http://flink-jobmanager:8081"
            ));
        }
        Ok(Self {
            name: host.to_string(),
            url: trimmed.to_string(),
            headers: Vec::new(),
            production: false,
            savepoint_dir: None,
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
        assert!(ClusterEntry::from_url("flink:8081").is_err());
        assert!(ClusterEntry::from_url("https://flink:8081").is_err());
        assert!(ClusterEntry::from_url("http://").is_err());
    }
}

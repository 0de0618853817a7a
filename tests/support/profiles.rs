//! AWS profile files for a test, in a temporary folder: profiles with a region, an endpoint URL and test keys, plus any raw entries (an expired credential_process), with no environment credentials in the way.
use std::path::PathBuf;

/// The config and (empty) credentials files; the folder goes when this is dropped.
pub struct ProfileFiles {
    _dir: tempfile::TempDir,
    pub config: PathBuf,
    pub credentials: PathBuf,
}

impl ProfileFiles {
    /// `(name, region, endpoint)` profiles with test keys, then `raw` as written.
    pub fn new(profiles: &[(&str, &str, &str)], raw: &str) -> Self {
        assert!(
            std::env::var_os("AWS_ACCESS_KEY_ID").is_none()
                && std::env::var_os("AWS_ENDPOINT_URL").is_none(),
            "unset AWS_ACCESS_KEY_ID and AWS_ENDPOINT_URL for this test: they come before the profiles under test"
        );
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        let mut text: String = profiles
            .iter()
            .map(|(name, region, endpoint)| {
                format!(
                    "[profile {name}]\nregion = {region}\nendpoint_url = {endpoint}\n\
                     aws_access_key_id = test\naws_secret_access_key = test\n\n"
                )
            })
            .collect();
        text.push_str(raw);
        std::fs::write(&config, text).unwrap();
        let credentials = dir.path().join("credentials");
        std::fs::write(&credentials, "").unwrap();
        Self {
            _dir: dir,
            config,
            credentials,
        }
    }

    /// For `Cli::profile_files`.
    pub fn paths(&self) -> (PathBuf, PathBuf) {
        (self.config.clone(), self.credentials.clone())
    }
}

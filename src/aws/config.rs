//! Builds the SDK configuration from the command line and checks that credentials and a region exist.
use aws_config::{AppName, BehaviorVersion, Region, SdkConfig, retry::RetryConfig};
use aws_credential_types::provider::ProvideCredentials;
use std::time::Duration;

/// What the operator asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct SessionOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Attempts per call including the first (AWS's standard mode uses 3).
    pub max_attempts: u32,
    /// How long one attempt may wait for its answer (`ATTEMPT_TIMEOUT` when zero). Without it an
    /// endpoint that accepts a connection and never answers holds a refresh forever.
    pub attempt_timeout: Duration,
    /// Profile files (config, credentials) to read instead of `~/.aws/config` and
    /// `~/.aws/credentials` (and `AWS_CONFIG_FILE`): for tests that must not touch the user's.
    pub profile_files: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

/// A ready-to-use SDK configuration plus what the header shows about it.
#[derive(Debug, Clone)]
pub struct AwsSession {
    pub sdk: SdkConfig,
    pub profile: Option<String>,
    pub region: String,
    pub endpoint: Option<String>,
}

/// Why the console cannot talk to AWS at all; each message says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(
        "kinetic found no usable AWS credentials ({0}): choose a profile with --profile NAME or AWS_PROFILE, run `aws sso login --profile {1}` if it uses SSO, or explore the simulated account with `kinetic --demo`."
    )]
    NoCredentials(String, String),
    #[error(
        "kinetic has no AWS region: pass --region (for example --region us-east-1), set AWS_REGION, or give the profile a region; or explore the simulated account with `kinetic --demo`."
    )]
    NoRegion,
}

/// How long one attempt of a call may wait for its answer, by default.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Loads the standard credential chain (env, profiles, SSO, IMDS) with kinetic's overrides.
pub async fn load_session(options: &SessionOptions) -> Result<AwsSession, SessionError> {
    let attempt = if options.attempt_timeout.is_zero() {
        ATTEMPT_TIMEOUT
    } else {
        options.attempt_timeout
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(options.max_attempts.max(1)))
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT.min(attempt))
                .operation_attempt_timeout(attempt)
                .build(),
        );
    if let Ok(name) = AppName::new("kinetic") {
        loader = loader.app_name(name);
    }
    if let Some((config, credentials)) = &options.profile_files {
        use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
        loader = loader.profile_files(
            EnvConfigFiles::builder()
                .with_file(EnvConfigFileKind::Config, config)
                .with_file(EnvConfigFileKind::Credentials, credentials)
                .build(),
        );
    }
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    let sdk = loader.load().await;
    // The sentence names the profile to log in with, when kinetic knows it.
    let profile = || {
        options
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok())
            .unwrap_or_else(|| "NAME".into())
    };
    let region = sdk
        .region()
        .map(std::string::ToString::to_string)
        .ok_or(SessionError::NoRegion)?;
    let provider = sdk
        .credentials_provider()
        .ok_or_else(|| SessionError::NoCredentials("no credential provider".into(), profile()))?;
    match tokio::time::timeout(Duration::from_secs(15), provider.provide_credentials()).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            return Err(SessionError::NoCredentials(
                first_line(&e.to_string()),
                profile(),
            ));
        }
        Err(_) => {
            return Err(SessionError::NoCredentials(
                "timed out looking for credentials".into(),
                profile(),
            ));
        }
    }
    Ok(AwsSession {
        profile: options
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok()),
        region,
        // A profile's own endpoint_url counts as much as --endpoint-url.
        endpoint: options
            .endpoint_url
            .clone()
            .or_else(|| sdk.endpoint_url().map(str::to_string)),
        sdk,
    })
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

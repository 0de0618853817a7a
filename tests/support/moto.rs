//! Finds or starts a local moto server. Tests never touch real AWS.
//!
//! Order: `KINETIC_MOTO_ENDPOINT` (set by scripts/test), else `moto_server` from the project's
//! `.venv`, else from PATH. Without any, the test fails with the command that installs it.
use aws_credential_types::Credentials;
use aws_sdk_kinesis::config::{BehaviorVersion, Region};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct Moto {
    pub endpoint: String,
    _watchdog: Option<Child>,
}

const HOW_TO_GET_IT: &str = "moto server not found. Run the whole suite with ./scripts/test (it installs moto into .venv), \
     or install it yourself: python3 -m venv .venv && .venv/bin/pip install 'moto[server]>=5.1,<6', \
     or point KINETIC_MOTO_ENDPOINT at a running moto server.";

fn find_moto_server() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server");
    if venv.exists() {
        return Some(venv);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("moto_server"))
            .find(|candidate| candidate.exists())
    })
}

/// A port nothing listens on now, for a server of a test's own.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// Waits (at most 60 s) until `what` listens on `port`.
pub fn wait_until_listening(what: &str, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not start listening on port {port} within 60 s");
}

/// One moto server per test binary; it stops when the test process exits (its stdin closes).
pub fn moto() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| {
        if let Ok(endpoint) = std::env::var("KINETIC_MOTO_ENDPOINT") {
            return Moto {
                endpoint,
                _watchdog: None,
            };
        }
        start_server()
    })
}

/// A Kinesis client for moto: static test credentials, no retries (an unimplemented call fails fast).
pub fn kinesis_client() -> aws_sdk_kinesis::Client {
    let config = aws_sdk_kinesis::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(&moto().endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .retry_config(aws_sdk_kinesis::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_kinesis::Client::from_conf(config)
}

/// A name no other test in this run uses, so tests can share one moto server.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A CloudWatch Logs client for moto.
pub fn logs_client() -> aws_sdk_cloudwatchlogs::Client {
    let config = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version(aws_sdk_cloudwatchlogs::config::BehaviorVersion::latest())
        .region(aws_sdk_cloudwatchlogs::config::Region::new("us-east-1"))
        .endpoint_url(&moto().endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .retry_config(aws_sdk_cloudwatchlogs::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_cloudwatchlogs::Client::from_conf(config)
}

/// An S3 client for moto: path-style addressing (a bare endpoint has no bucket host names).
pub fn s3_client() -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(&moto().endpoint)
        .force_path_style(true)
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// A moto server of its own (for tests that need two accounts), stopped when the test process ends.
pub fn another_moto() -> Moto {
    start_server()
}

fn start_server() -> Moto {
    let server = find_moto_server().unwrap_or_else(|| panic!("{HOW_TO_GET_IT}"));
    let port = free_port();
    // The shell waits on stdin; when this process dies the pipe closes and moto is killed.
    let script = format!(
        "\"{}\" -H 127.0.0.1 -p {port} >/dev/null 2>&1 & pid=$!; read _; kill $pid",
        server.display()
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .spawn()
        .expect("cannot start moto_server");
    wait_until_listening("moto server", port);
    // Keep stdin open for the life of the process by leaking the handle into the child struct.
    if let Some(stdin) = child.stdin.as_mut() {
        let _ = stdin.flush();
    }
    Moto {
        endpoint: format!("http://127.0.0.1:{port}"),
        _watchdog: Some(child),
    }
}

/// A Managed Flink (kinesisanalyticsv2) client for `endpoint` (moto, or the timestamp fixer in
/// front of it).
pub fn flink_client(endpoint: &str) -> aws_sdk_kinesisanalyticsv2::Client {
    let config = aws_sdk_kinesisanalyticsv2::Config::builder()
        .behavior_version(aws_sdk_kinesisanalyticsv2::config::BehaviorVersion::latest())
        .region(aws_sdk_kinesisanalyticsv2::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "moto"))
        .retry_config(aws_sdk_kinesisanalyticsv2::config::retry::RetryConfig::disabled())
        .build();
    aws_sdk_kinesisanalyticsv2::Client::from_conf(config)
}

/// Runs a Python snippet with boto3 (moto's install has it) against moto: `MOTO` is its endpoint.
pub fn boto3(script: &str) {
    let python = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(python.exists(), "{HOW_TO_GET_IT}");
    let output = Command::new(python)
        .arg("-c")
        .arg(format!(
            "import boto3\nMOTO = {:?}\n{script}",
            moto().endpoint
        ))
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "boto3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

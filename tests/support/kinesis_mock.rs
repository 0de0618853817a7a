//! Finds or starts kinesis-mock (npm `kinesis-local`), an independent Kinesis emulator that models
//! CREATING and UPDATING durations, AWS's paging and the account's limits. Tests never touch AWS.
//!
//! Order: `KINETIC_KINESIS_MOCK_ENDPOINT`, else `.kinesis-mock/node_modules/kinesis-local` under
//! the project (scripts/test installs it there) run with `node`. Without either, the test fails
//! with the command that installs it.
use super::moto::{free_port, wait_until_listening};
use aws_credential_types::Credentials;
use aws_sdk_kinesis::config::{BehaviorVersion, Region};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

/// The version scripts/test installs; the README's testing section names it too.
pub const VERSION: &str = "0.6.2";

/// How long the emulator takes over each lifecycle, as the tests run it: short, never zero, so
/// CREATING and UPDATING can be seen and followed.
pub const CREATE_MS: u64 = 200;
pub const UPDATE_MS: u64 = 1_500;

pub struct KinesisMock {
    pub endpoint: String,
    /// Its HTTPS endpoint, with a self-signed certificate no client trusts.
    pub tls_endpoint: Option<String>,
    _watchdog: Option<Child>,
}

const HOW_TO_GET_IT: &str = "kinesis-mock not found. Run the whole suite with ./scripts/test (it installs it into .kinesis-mock), \
     or install it yourself: npm install --prefix .kinesis-mock kinesis-local@0.6.2 (needs Node.js 18 or newer), \
     or point KINETIC_KINESIS_MOCK_ENDPOINT at a running kinesis-mock.";

fn find_main_js() -> Option<PathBuf> {
    let main = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(".kinesis-mock/node_modules/kinesis-local/main.js");
    main.exists().then_some(main)
}

/// One kinesis-mock per test binary, with a shard limit high enough for the wide-stream tests;
/// it stops when the test process exits.
pub fn kinesis_mock() -> &'static KinesisMock {
    static MOCK: OnceLock<KinesisMock> = OnceLock::new();
    MOCK.get_or_init(|| {
        if let Ok(endpoint) = std::env::var("KINETIC_KINESIS_MOCK_ENDPOINT") {
            return KinesisMock {
                endpoint,
                tls_endpoint: None,
                _watchdog: None,
            };
        }
        start(&[("SHARD_LIMIT", "20000")])
    })
}

/// A kinesis-mock of its own with extra settings (a low shard limit, say).
pub fn another_kinesis_mock(settings: &[(&str, &str)]) -> KinesisMock {
    start(settings)
}

fn start(settings: &[(&str, &str)]) -> KinesisMock {
    let main = find_main_js().unwrap_or_else(|| panic!("{HOW_TO_GET_IT}"));
    let folder = main.parent().expect("main.js has a folder").to_path_buf();
    let (plain, tls) = (free_port(), free_port());
    // It reads its certificate (server.json) beside main.js, so it runs from that folder. The
    // shell waits on stdin; when this process dies the pipe closes and the emulator is killed.
    let script = "node main.js >/dev/null 2>&1 & pid=$!; read _; kill $pid";
    let create = format!("{CREATE_MS}ms");
    let update = format!("{UPDATE_MS}ms");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .current_dir(folder)
        .env("KINESIS_MOCK_PLAIN_PORT", plain.to_string())
        .env("KINESIS_MOCK_TLS_PORT", tls.to_string())
        .env("CREATE_STREAM_DURATION", &create)
        .env("DELETE_STREAM_DURATION", &create)
        .env("REGISTER_STREAM_CONSUMER_DURATION", &create)
        .env("DEREGISTER_STREAM_CONSUMER_DURATION", &create)
        .env("UPDATE_SHARD_COUNT_DURATION", &update)
        .env("SPLIT_SHARD_DURATION", &update)
        .env("MERGE_SHARDS_DURATION", &update)
        .env("UPDATE_STREAM_MODE_DURATION", &update)
        .env("LOG_LEVEL", "ERROR")
        .stdin(Stdio::piped());
    for (name, value) in settings {
        command.env(name, value);
    }
    let child = command.spawn().expect("cannot start node for kinesis-mock");
    wait_until_listening("kinesis-mock", plain);
    KinesisMock {
        endpoint: format!("http://127.0.0.1:{plain}"),
        tls_endpoint: Some(format!("https://127.0.0.1:{tls}")),
        _watchdog: Some(child),
    }
}

impl KinesisMock {
    /// A Kinesis client for this emulator: static test credentials, no retries.
    pub fn client(&self) -> aws_sdk_kinesis::Client {
        let config = aws_sdk_kinesis::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(Credentials::new("test", "test", None, None, "kinesis-mock"))
            .retry_config(aws_sdk_kinesis::config::retry::RetryConfig::disabled())
            .build();
        aws_sdk_kinesis::Client::from_conf(config)
    }
}

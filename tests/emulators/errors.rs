//! Real SDK errors from real failures (a closed port, a server that never answers, a host that
//! does not resolve, TLS that fails, answers in no AWS protocol) each become one sentence, and no
//! panel of the console ever shows the SDK's `Debug` output or a raw source chain.
use crate::support::answers::{failed, for_request, world};
use crate::support::kinesis_mock::kinesis_mock;
use aws_credential_types::Credentials;
use kinetic::app::msg::RequestId;
use kinetic::app::update::update;
use kinetic::aws::{AwsFlink, AwsMetrics, AwsStreams};
use kinetic::domain::{MetricQuery, MetricWindow, PortError};
use kinetic::ports::{FlinkPort, MetricsPort, StreamsPort};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What must never reach the screen: Debug output, source chains, the SDK's type names.
const DEBUG_MARKS: [&str; 14] = [
    "{ ",
    "Some(",
    "source:",
    "kind:",
    "Os {",
    "DispatchFailure",
    "ConnectorError",
    "SdkError",
    "ResponseError",
    "TimeoutError",
    "ConstructionFailure",
    "hyper",
    "ErrorKind",
    "os error",
];

fn debug_marks(text: &str) -> Vec<&'static str> {
    DEBUG_MARKS
        .iter()
        .copied()
        .filter(|mark| text.contains(mark))
        .collect()
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A server that accepts connections and never answers.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// A server that answers every request with `status`, `headers` and `body`; it counts requests.
fn answering(
    status: &'static str,
    headers: &'static str,
    body: &'static str,
) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 16_384];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = stream.read(&mut buffer);
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, count)
}

const HTML: &str = "Content-Type: text/html\r\n";
const PAGE: &str = "<html><body>Bad Gateway</body></html>";

/// A server that answers every request with `status` and an HTML page, as a proxy might.
fn html_server(status: &'static str) -> u16 {
    answering(status, HTML, PAGE).0
}

/// The SDK as kinetic configures it, pointed at `endpoint`, with short timeouts and no retries.
async fn sdk(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_attempt_timeout(Duration::from_millis(500))
                .build(),
        )
        .load()
        .await
}

/// The errors the Kinesis, CloudWatch and Managed Flink adapters return for one endpoint.
async fn errors_at(endpoint: &str) -> Vec<PortError> {
    let sdk = sdk(endpoint).await;
    let streams = AwsStreams::new(aws_sdk_kinesis::Client::new(&sdk)).with_endpoint(Some(endpoint));
    let metrics =
        AwsMetrics::new(aws_sdk_cloudwatch::Client::new(&sdk)).with_endpoint(Some(endpoint));
    let flink =
        AwsFlink::new(aws_sdk_kinesisanalyticsv2::Client::new(&sdk)).with_endpoint(Some(endpoint));
    let now = chrono::Utc::now();
    let query = MetricQuery {
        namespace: "AWS/Kinesis".into(),
        metric: "IncomingBytes".into(),
        dimensions: vec![("StreamName".into(), "s".into())],
        stat: kinetic::domain::metrics::Stat::Sum,
    };
    vec![
        streams.list_streams().await.unwrap_err(),
        metrics
            .get_metrics(&[query], MetricWindow::last_minutes(now, 5))
            .await
            .unwrap_err(),
        flink.list_applications().await.unwrap_err(),
    ]
}

/// Why a call got no answer, for network failures.
fn reason_of(error: &PortError) -> Option<&str> {
    match error {
        PortError::Network { reason, .. } => Some(reason),
        _ => None,
    }
}

fn reason(error: &PortError) -> String {
    match error {
        PortError::Network { endpoint, reason } => format!("{endpoint}: {reason}"),
        other => panic!("not a network error: {other:?}"),
    }
}

/// Every kind of failure, from the real SDK, with what its sentence must say.
async fn real_failures() -> Vec<PortError> {
    let refused = format!("http://127.0.0.1:{}", closed_port());
    let silent = format!("http://127.0.0.1:{}", silent_server());
    let unresolvable = "http://kinetic-test.invalid:4568".to_string();
    let html = format!("http://127.0.0.1:{}", html_server("502 Bad Gateway"));
    let html_ok = format!("http://127.0.0.1:{}", html_server("200 OK"));
    let plain_as_tls = format!("https://127.0.0.1:{}", html_server("200 OK"));
    let untrusted = kinesis_mock()
        .tls_endpoint
        .clone()
        .expect("a kinesis-mock of our own, with its TLS port");

    let mut all = Vec::new();
    for error in errors_at(&refused).await {
        assert_eq!(reason(&error), format!("{refused}: connection refused"));
        all.push(error);
    }
    for error in errors_at(&silent).await {
        assert_eq!(
            reason(&error),
            format!("{silent}: no answer in time (timed out)")
        );
        all.push(error);
    }
    for error in errors_at(&unresolvable).await {
        assert_eq!(
            reason(&error),
            format!("{unresolvable}: the host name does not resolve (DNS)")
        );
        all.push(error);
    }
    for error in errors_at(&untrusted).await {
        assert_eq!(
            reason(&error),
            format!(
                "{untrusted}: TLS failed: the server's certificate is not trusted (unknown CA)"
            )
        );
        all.push(error);
    }
    for error in errors_at(&plain_as_tls).await {
        assert_eq!(
            reason(&error),
            format!("{plain_as_tls}: the TLS handshake failed (does it speak https?)")
        );
        all.push(error);
    }
    for endpoint in [&html, &html_ok] {
        for error in errors_at(endpoint).await {
            assert!(
                matches!(error, PortError::NotUnderstood { .. }),
                "{endpoint}: {error:?}"
            );
            all.push(error);
        }
    }
    all
}

/// Each failure reads as one sentence naming the endpoint and why, and fed as the answer to
/// every read of every screen (streams, stream detail with traffic and consumers, applications,
/// an application's tabs, alarms, records, keys, dialogs' facts, a followed change), no screen
/// shows Debug output or a source chain.
#[tokio::test]
async fn real_sdk_errors_read_as_sentences_on_every_panel() {
    let failures = real_failures().await;
    for error in &failures {
        let sentence = error.to_string();
        assert!(
            debug_marks(&sentence).is_empty(),
            "{:?} in {sentence}",
            debug_marks(&sentence)
        );
        assert!(!sentence.contains('\n'), "{sentence}");
    }
    // On screen, one of each kind of failure (the adapters' sentences differ only in the API).
    let mut kinds: Vec<&PortError> = Vec::new();
    for error in &failures {
        if !kinds
            .iter()
            .any(|k| k.short() == error.short() && reason_of(k) == reason_of(error))
        {
            kinds.push(error);
        }
    }
    assert_eq!(kinds.len(), 6, "{kinds:?}");
    let world = world(false).await;
    let mut screens = 0;
    for start in &world.starts {
        for answer in &world.answers {
            for error in &kinds {
                let mut model = start.clone();
                // Aimed at the requests the screen waits for now.
                for back in 1..=4 {
                    let id = model.next_request.saturating_sub(back).max(1);
                    let msg = failed(&for_request(answer, RequestId(id)), (*error).clone());
                    update(&mut model, msg);
                }
                let said = model.status.as_ref().map(|s| s.text.clone());
                let screen = crate::support::drive::screen(&model);
                screens += 1;
                let marks = debug_marks(&screen);
                assert!(
                    marks.is_empty(),
                    "{marks:?} on screen after {error:?}:\n{screen}"
                );
                if let Some(said) = said {
                    assert!(debug_marks(&said).is_empty(), "{said}");
                }
            }
        }
    }
    assert!(screens > 1_000, "only {screens} screens drawn");
}

/// The SDK's standard mode (three attempts) as kinetic runs it: an answer in another protocol
/// (a web page, or a body that does not parse) is asked once, not three times with backoff; an
/// AWS-shaped 503 is still retried, and a 400 is not.
#[tokio::test]
async fn answers_in_another_protocol_are_not_retried() {
    const JSON: &str = "Content-Type: application/x-amz-json-1.1\r\n";
    let cases = [
        ("502 web page", answering("502 Bad Gateway", HTML, PAGE), 1),
        ("200 web page", answering("200 OK", HTML, PAGE), 1),
        (
            "200 body that does not parse",
            answering("200 OK", JSON, "{not json"),
            1,
        ),
        (
            "AWS 503",
            answering(
                "503 Service Unavailable",
                "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ServiceUnavailableException\r\n",
                r#"{"__type":"ServiceUnavailableException","message":"try later"}"#,
            ),
            3,
        ),
        (
            "AWS 400",
            answering(
                "400 Bad Request",
                "Content-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ValidationException\r\n",
                r#"{"__type":"ValidationException","message":"no"}"#,
            ),
            1,
        ),
    ];
    for (what, (port, count), attempts) in cases {
        let sdk = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .credentials_provider(Credentials::new("test", "test", None, None, "test"))
            .retry_config(
                aws_config::retry::RetryConfig::standard()
                    .with_max_attempts(3)
                    .with_initial_backoff(Duration::from_millis(10)),
            )
            .load()
            .await;
        let clients = kinetic::aws::Clients::new(&sdk, true);
        let error = AwsStreams::new(clients.kinesis)
            .list_streams()
            .await
            .unwrap_err();
        assert_eq!(count.load(Ordering::SeqCst), attempts, "{what}: {error:?}");
    }
}

/// An endpoint that accepts connections and never answers: each attempt gives up after the
/// session's attempt timeout, so a refresh is never held forever (the console keeps the last
/// data and says the endpoint does not answer).
#[tokio::test]
async fn an_endpoint_that_never_answers_times_out_instead_of_holding_a_refresh() {
    let endpoint = format!("http://127.0.0.1:{}", silent_server());
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile silent]\nregion = us-east-1\naws_access_key_id = test\naws_secret_access_key = test\n",
    )
    .unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(&credentials, "").unwrap();
    let session = kinetic::aws::load_session(&kinetic::aws::config::SessionOptions {
        profile: Some("silent".into()),
        endpoint_url: Some(endpoint.clone()),
        max_attempts: 2,
        attempt_timeout: Duration::from_millis(500),
        profile_files: Some((config, credentials)),
        ..Default::default()
    })
    .await
    .unwrap();
    let clients = kinetic::aws::Clients::new(&session.sdk, true);
    let streams = AwsStreams::new(clients.kinesis).with_endpoint(Some(&endpoint));
    // Without the timeout the call never ends: the ceiling turns that into a failure.
    let error = tokio::time::timeout(Duration::from_secs(120), streams.list_streams())
        .await
        .expect("the call never gave up")
        .unwrap_err();
    assert_eq!(
        reason(&error),
        format!("{endpoint}: no answer in time (timed out)")
    );
}

/// Flink's REST client speaks HTTPS (rustls, the system's trust store) and says what failed in
/// the AWS adapters' words: a certificate no trusted CA signed (kinesis-mock's own), a plain
/// server spoken to over HTTPS.
#[tokio::test]
async fn the_flink_rest_client_speaks_https_and_says_why_a_handshake_fails() {
    let untrusted = kinesis_mock()
        .tls_endpoint
        .clone()
        .expect("a kinesis-mock of our own, with its TLS port");
    let plain_as_tls = format!("https://127.0.0.1:{}", html_server("200 OK"));
    for (url, why) in [
        (
            &untrusted,
            "TLS failed: the server's certificate is not trusted (unknown CA)",
        ),
        (
            &plain_as_tls,
            "the TLS handshake failed (does it speak https?)",
        ),
    ] {
        let error = kinetic::flink_rest::client::FlinkRest::new(url)
            .overview()
            .await
            .unwrap_err();
        match &error {
            PortError::ClusterUnreachable { reason, .. } => assert_eq!(reason, why, "{url}"),
            other => panic!("{url}: not unreachable: {other:?}"),
        }
        assert!(debug_marks(&error.to_string()).is_empty(), "{error}");
    }
}

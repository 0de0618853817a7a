//! The Managed Flink adapter against moto's own kinesisanalyticsv2, for what moto serves:
//! applications made with boto3, listed and described. moto sends DescribeApplication's
//! timestamps as ISO strings where AWS's JSON protocol sends epoch seconds, which the SDK (like
//! AWS's own clients) refuses; AWS wins: the refusal is a sentence, and a small fixer in front of
//! moto turns those timestamps into AWS's form so the rest of moto's answer is read as AWS
//! would send it.
use crate::support::moto::{boto3, flink_client, moto, unique};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use kinetic::aws::AwsFlink;
use kinetic::domain::AppStatus;
use kinetic::domain::monitoring::MetricsLevel;
use kinetic::ports::FlinkPort;

/// An ISO timestamp string (moto's) as epoch seconds (AWS's), in every `…Timestamp` field.
fn as_aws(mut value: serde_json::Value) -> serde_json::Value {
    match &mut value {
        serde_json::Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                let iso = field
                    .as_str()
                    .filter(|_| key.ends_with("Timestamp"))
                    .and_then(|s| {
                        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()
                    });
                *field = match iso {
                    Some(at) => serde_json::json!(at.and_utc().timestamp_millis() as f64 / 1000.0),
                    None => as_aws(field.take()),
                };
            }
        }
        serde_json::Value::Array(items) => {
            for item in items.iter_mut() {
                *item = as_aws(item.take());
            }
        }
        _ => {}
    }
    value
}

/// Forwards every request to moto and its JSON answer with AWS's timestamps: the endpoint.
async fn timestamps_as_aws() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let service = service_fn(
                    |request: hyper::Request<hyper::body::Incoming>| async move {
                        let (parts, body) = request.into_parts();
                        let body = body.collect().await?.to_bytes();
                        let mut forwarded = hyper::Request::builder()
                            .method(parts.method)
                            .uri(format!("{}{}", moto().endpoint, parts.uri.path()));
                        for (name, value) in &parts.headers {
                            if name != hyper::header::HOST {
                                forwarded = forwarded.header(name, value);
                            }
                        }
                        let client = hyper_util::client::legacy::Client::builder(
                            hyper_util::rt::TokioExecutor::new(),
                        )
                        .build_http::<Full<Bytes>>();
                        let reply = client
                            .request(forwarded.body(Full::new(body)).unwrap())
                            .await
                            .unwrap();
                        let status = reply.status();
                        let bytes = reply.into_body().collect().await?.to_bytes();
                        let fixed = serde_json::from_slice::<serde_json::Value>(&bytes)
                            .map(|json| Bytes::from(as_aws(json).to_string()))
                            .unwrap_or(bytes);
                        Ok::<_, hyper::Error>(
                            hyper::Response::builder()
                                .status(status)
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .body(Full::new(fixed))
                                .unwrap(),
                        )
                    },
                );
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn applications_made_with_boto3_are_listed_and_described_from_moto() {
    let (tasked, plain) = (unique("orders-enricher"), unique("fraud-scorer"));
    boto3(&format!(
        r#"
c = boto3.client("kinesisanalyticsv2", endpoint_url=MOTO)
c.create_application(ApplicationName="{tasked}", RuntimeEnvironment="FLINK-1_20",
    ServiceExecutionRole="arn:aws:iam::123456789012:role/flink",
    ApplicationConfiguration={{"FlinkApplicationConfiguration": {{
        "MonitoringConfiguration": {{"ConfigurationType": "CUSTOM", "MetricsLevel": "TASK", "LogLevel": "WARN"}},
        "ParallelismConfiguration": {{"ConfigurationType": "CUSTOM", "Parallelism": 4, "ParallelismPerKPU": 2, "AutoScalingEnabled": False}}}}}})
c.create_application(ApplicationName="{plain}", RuntimeEnvironment="FLINK-1_19",
    ServiceExecutionRole="arn:aws:iam::123456789012:role/flink")
"#
    ));
    // ListApplications: moto's answer is AWS's shape.
    let direct = AwsFlink::new(flink_client(&moto().endpoint));
    let listed = direct.list_applications().await.unwrap();
    let ours: Vec<_> = listed
        .iter()
        .filter(|a| a.name == tasked || a.name == plain)
        .collect();
    assert_eq!(ours.len(), 2, "{listed:?}");
    let summary = ours.iter().find(|a| a.name == tasked).unwrap();
    // moto's applications never leave STARTING.
    assert_eq!(summary.status, AppStatus::Starting);
    assert_eq!(
        (summary.version_id, summary.runtime.as_str()),
        (1, "FLINK-1_20")
    );

    // DescribeApplication straight from moto: its ISO timestamps are refused, in a sentence.
    let refused = direct.describe_application(&tasked).await.unwrap_err();
    let sentence = refused.to_string();
    assert!(
        sentence.contains("is not a Managed Service for Apache Flink response"),
        "{sentence}"
    );
    assert!(
        !sentence.contains("Error {") && !sentence.contains("DeserializeError {"),
        "a sentence, not Debug: {sentence}"
    );

    // With AWS's timestamps, the rest of moto's answer reads as AWS's would.
    let fixed = AwsFlink::new(flink_client(&timestamps_as_aws().await));
    let app = fixed.describe_application(&tasked).await.unwrap();
    assert_eq!(app.status, AppStatus::Starting);
    assert_eq!(app.runtime, "FLINK-1_20");
    assert_eq!(app.metrics_level(), MetricsLevel::Task);
    assert_eq!(
        app.monitoring.as_ref().and_then(|m| m.log_level.as_deref()),
        Some("WARN")
    );
    assert_eq!(app.kpus(), Some(2));
    assert!(app.conditional_token.is_some());
    assert!(app.created.is_some());
    let window = app
        .maintenance
        .expect("moto describes a maintenance window");
    assert_eq!(window.end.len(), 5, "{window}");
    let plain_app = fixed.describe_application(&plain).await.unwrap();
    assert_eq!(plain_app.metrics_level(), MetricsLevel::Application);
    // An application moto does not have: moto answers HTTP 500 where AWS answers
    // ResourceNotFoundException (which the aws-smithy-mocks tests map to "not found"); either
    // way the operator reads a sentence, not a panic.
    let missing = fixed.describe_application("no-such-app").await.unwrap_err();
    assert!(
        matches!(missing, kinetic::domain::PortError::NotUnderstood { .. }),
        "{missing:?}"
    );
}

//! Self-managed clusters reached as production ones are, on real Flink 1.20.5: its REST API over
//! TLS (a CA made for the test) and over mutual TLS. Their jobs listed and the Job tab read
//! through each; a CA kinetic was not given, and a missing client certificate, each said in one
//! sentence naming the cluster; the client key in no sentence and no log line.
use crate::support::diagnostic_log::diagnostic_log;
use crate::support::flink::{FlinkCluster, Rest};
use kinetic::domain::flink_cluster::{ClusterAccess, ClusterEntry};
use kinetic::domain::{AppStatus, PortError};
use kinetic::flink_rest::clusters::WithClusters;
use kinetic::ports::{FlinkPort, JobsPort};
use std::time::{Duration, Instant};

/// The cluster's jobs beside an account without Managed Flink applications.
pub(super) fn console(entry: ClusterEntry) -> WithClusters {
    let dir = tempfile::tempdir().unwrap();
    let sim = crate::support::console::account(0);
    WithClusters::new(
        std::sync::Arc::new(sim.clone()),
        std::sync::Arc::new(sim),
        &[entry],
        kinetic::flink_rest::deployments::DeploymentLog::beside(&dir.path().join("audit.jsonl")),
    )
}

fn entry(cluster: &FlinkCluster, access: ClusterAccess) -> ClusterEntry {
    ClusterEntry {
        name: "secure".into(),
        access,
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    }
}

/// The job's view through `console`, once its operators run.
async fn viewed(console: &WithClusters) -> kinetic::domain::job_view::JobView {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let last = match console.job_view("keyed-counter@secure").await {
            Ok(view) if view.graph.operators.len() == 5 => return view,
            Ok(view) => format!("{} operators", view.graph.operators.len()),
            Err(error) => error.to_string(),
        };
        assert!(Instant::now() < deadline, "no job view within 60 s: {last}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

fn unreachable_reason(error: &PortError) -> String {
    match error {
        PortError::ClusterUnreachable { reason, .. } => reason.clone(),
        other => panic!("not a connection failure: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn over_tls_with_the_clusters_ca_and_refused_without_it() {
    let cluster = FlinkCluster::start_tls("1.20.5", Rest::Tls);
    assert!(
        cluster.url.starts_with("https://127.0.0.1:"),
        "{}",
        cluster.url
    );
    let job = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    cluster.wait_running(&job);

    let trusted = console(entry(
        &cluster,
        ClusterAccess {
            ca_file: Some(cluster.tls_file("ca.pem")),
            ..ClusterAccess::default()
        },
    ));
    let listed = trusted.list_applications().await.unwrap();
    let row = listed
        .iter()
        .find(|a| a.name == "keyed-counter@secure")
        .unwrap();
    assert_eq!(row.status, AppStatus::Running);
    let view = viewed(&trusted).await;
    assert!(
        view.source.label().contains("https://127.0.0.1:"),
        "{}",
        view.source.label()
    );

    // Without the cluster's CA: one sentence, naming the cluster and what failed.
    let untrusted = console(entry(&cluster, ClusterAccess::default()));
    let error = untrusted
        .job_view("keyed-counter@secure")
        .await
        .unwrap_err();
    assert_eq!(
        unreachable_reason(&error),
        "TLS failed: the server's certificate is not trusted (unknown CA)"
    );
    assert!(
        error
            .to_string()
            .starts_with("cannot reach the Flink cluster secure at https://127.0.0.1:"),
        "{error}"
    );
    // A CA bundle that is not one is said before any connection.
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("ca.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let broken = console(entry(
        &cluster,
        ClusterAccess {
            ca_file: Some(not_pem),
            ..ClusterAccess::default()
        },
    ));
    let error = broken.job_view("keyed-counter@secure").await.unwrap_err();
    assert!(
        unreachable_reason(&error).contains("holds no PEM certificate"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn over_mutual_tls_with_a_client_certificate_and_refused_without_one() {
    let log = diagnostic_log();
    let cluster = FlinkCluster::start_tls("1.20.5", Rest::MutualTls);
    let job = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    cluster.wait_running(&job);
    let with_certificate = console(entry(
        &cluster,
        ClusterAccess {
            ca_file: Some(cluster.tls_file("ca.pem")),
            client_cert: Some(cluster.tls_file("client.pem")),
            client_key: Some(cluster.tls_file("client.key")),
            ..ClusterAccess::default()
        },
    ));
    let view = viewed(&with_certificate).await;
    assert_eq!(view.graph.operators[0].name, "Source: orders-source");

    let without = console(entry(
        &cluster,
        ClusterAccess {
            ca_file: Some(cluster.tls_file("ca.pem")),
            ..ClusterAccess::default()
        },
    ));
    let error = without.job_view("keyed-counter@secure").await.unwrap_err();
    assert_eq!(
        unreachable_reason(&error),
        "TLS failed: the server refused kinetic's client certificate (or wants one)",
        "{error}"
    );
    // The client key is read for the handshake and goes nowhere else: not into an error
    // sentence, not into the diagnostic log.
    let key = std::fs::read_to_string(cluster.tls_file("client.key")).unwrap();
    let logged = log.text();
    let sentence = error.to_string();
    for line in key
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 16)
    {
        assert!(
            !logged.contains(line),
            "the client key is in the diagnostic log"
        );
        assert!(!sentence.contains(line), "the client key is in {sentence}");
    }
}

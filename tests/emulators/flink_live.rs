//! The Flink REST client against real Apache Flink session clusters (1.20.5 and 2.2.1): our keyed
//! counter's operators and its busy sink named the bottleneck from live metrics, the failing job's
//! root cause from its exception history, checkpoints completing, and the cluster going away as
//! a sentence.
use crate::support::flink::{FlinkCluster, VERSIONS};
use kinetic::domain::PortError;
use kinetic::domain::job_graph::bottleneck;
use kinetic::flink_rest::client::FlinkRest;
use std::time::{Duration, Instant};

async fn until<T>(what: &str, mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(Instant::now() < deadline, "{what}: not within 90 s");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn on(version: &'static str) {
    let cluster = FlinkCluster::start(version);
    let counter = cluster.run("keyed-counter.jar", &["2000", "16", "2000"], 1);
    let failing = cluster.run("failing-job.jar", &["300", "100"], 1);
    let rest = FlinkRest::new(&cluster.url);

    let jobs = until("both jobs RUNNING", async || {
        let jobs = rest.jobs().await.ok()?;
        jobs.jobs
            .iter()
            .all(|j| j.state == "RUNNING" || j.state == "RESTARTING")
            .then_some(jobs)
    })
    .await;
    assert_eq!(jobs.jobs.len(), 2, "{version}");

    let (graph, found) = until("the sink named the bottleneck", async || {
        let graph = rest.job_graph(&counter).await.ok()?;
        let found = bottleneck(&graph)?;
        Some((graph, found))
    })
    .await;
    let names: Vec<&str> = graph.operators.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names[0], "Source: orders-source", "{version}");
    assert_eq!(
        graph.operators[found.operator].name, "sink-to-payments",
        "{version}"
    );
    assert!(
        found
            .sentence(&graph)
            .starts_with("sink-to-payments is busy"),
        "{version}: {}",
        found.sentence(&graph)
    );

    let root = until("the failing job's exception", async || {
        let exceptions = rest.exceptions(&failing).await.ok()?;
        exceptions.history.entries.first().map(|e| e.root_cause())
    })
    .await;
    assert!(
        root.contains("has no currency (thrown every 300 records)"),
        "{version}: {root}"
    );

    let completed = until("a completed checkpoint", async || {
        let checkpoints = rest.checkpoints(&counter).await.ok()?;
        (checkpoints.counts.completed > 0).then_some(checkpoints.counts.completed)
    })
    .await;
    assert!(completed > 0);

    let missing = rest
        .job("00000000000000000000000000000000")
        .await
        .unwrap_err();
    assert!(
        matches!(missing, PortError::NotFound { .. }),
        "{version}: {missing:?}"
    );

    cluster.stop();
    let gone = until("the cluster gone", async || rest.jobs().await.err()).await;
    assert!(
        matches!(gone, PortError::Network { .. }),
        "{version}: {gone:?}"
    );
    assert!(gone.to_string().contains(&cluster.url), "{gone}");
}

#[tokio::test(flavor = "multi_thread")]
async fn flink_1_20() {
    on(VERSIONS[0]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flink_2_2() {
    on(VERSIONS[1]).await;
}

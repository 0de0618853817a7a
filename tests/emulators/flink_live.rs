//! The Flink REST client against real Apache Flink session clusters (1.20.5 and 2.2.1): our keyed
//! counter's operators and its busy sink named the bottleneck from live metrics, the failing job's
//! root cause from its exception history, checkpoints completing, and the cluster going away as
//! a sentence.
use crate::support::console::account;
use crate::support::flink::{FlinkCluster, VERSIONS};
use kinetic::domain::flink_cluster::ClusterEntry;
use kinetic::domain::job_graph::bottleneck;
use kinetic::domain::{AppStatus, PortError};
use kinetic::flink_rest::client::FlinkRest;
use kinetic::flink_rest::cluster_logs::WithClusterLogs;
use kinetic::flink_rest::clusters::WithClusters;
use kinetic::ports::{FlinkPort, JobsPort, LogQuery, LogsPort};
use std::sync::Arc;
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

    // The same jobs as the console reads them: beside the (simulated, empty) Managed Flink
    // account, as JOB@CLUSTER rows, their job views and health numbers.
    let sim = account(0);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let console = WithClusters::new(
        Arc::new(sim.clone()),
        Arc::new(sim.clone()),
        std::slice::from_ref(&entry),
        kinetic::flink_rest::deployments::DeploymentLog::new(
            tempfile::tempdir()
                .unwrap()
                .path()
                .join("deployments.jsonl"),
        ),
    );
    let listed = console.list_applications().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        ["failing-job@local", "keyed-counter@local"],
        "{version}"
    );
    assert_eq!(listed[1].status, AppStatus::Running);
    assert_eq!(
        listed[1].runtime,
        if version.starts_with("1.") {
            "FLINK-1_20"
        } else {
            "FLINK-2_2"
        }
    );
    let detail = console
        .describe_application("keyed-counter@local")
        .await
        .unwrap();
    assert_eq!(detail.parallelism.unwrap().parallelism, 1);
    assert!(detail.checkpoint.unwrap().enabled);
    let view = until("the job view names the bottleneck", async || {
        let view = console.job_view("keyed-counter@local").await.ok()?;
        view.bottleneck().is_some().then_some(view)
    })
    .await;
    assert!(view.all_running, "{version}");
    assert_eq!(view.graph.operators.len(), 5);
    assert!(view.checkpoint_settings.is_some(), "{version}");
    assert!(!view.task_managers.is_empty() && view.task_managers[0].slots_total > 0);
    assert!(
        view.graph.operators[1..4]
            .iter()
            .all(|o| o.records_in.is_some_and(|r| r > 0.0)),
        "{version}: records flow"
    );
    // 1 lookup + 1 job + 5 vertices + checkpoints + config + the newest's detail and its
    // slowest vertex's subtasks + exceptions + task managers + 1 heap each (parallelism 1:
    // no subtask lookup for the bottleneck).
    let expected = 1 + 1 + 5 + 2 + u32::from(view.slowest.is_some()) * 2 + 1 + 1 + 1;
    assert_eq!(view.calls, expected, "{version}: calls of one job view");
    println!(
        "{version}: one job view of 5 operators took {} calls",
        view.calls
    );
    let failing_view = until("the failing job's exception history", async || {
        let view = console.job_view("failing-job@local").await.ok()?;
        (!view.exceptions.is_empty()).then_some(view)
    })
    .await;
    assert!(
        failing_view.exceptions[0]
            .root_cause
            .contains("has no currency (thrown every 300 records)"),
        "{version}: {:?}",
        failing_view.exceptions[0]
    );
    let numbers = console.job_metrics("failing-job@local").await.unwrap();
    assert!(
        numbers.restarts.latest().is_some_and(|n| n >= 1.0),
        "{version}: restarts from the exception history"
    );
    // Its logs over REST, as the log view reads a log group: the failing job's exception
    // in a task manager's log, filtered by a phrase, with its stack trace.
    let logs = WithClusterLogs::new(Arc::new(sim), console.clients());
    let detail = console
        .describe_application("failing-job@local")
        .await
        .unwrap();
    let (group, stream) = detail.log_destination().unwrap();
    assert_eq!(group, "flink-rest://local");
    let query = LogQuery {
        group,
        stream_prefix: (!stream.is_empty()).then_some(stream),
        pattern: Some("\"has no currency\"".into()),
    };
    let page = logs
        .filter_page(
            &query,
            chrono::Utc::now() - chrono::Duration::minutes(10),
            None,
            None,
        )
        .await
        .unwrap();
    assert!(!page.events.is_empty(), "{version}: no matching log line");
    assert!(
        page.events.iter().any(|e| e.message.contains("\tat ")),
        "{version}: the stack trace stays with its line"
    );
    let unknown = console.job_view("nothing@local").await.unwrap_err();
    assert!(matches!(unknown, PortError::NotFound { .. }), "{unknown:?}");

    cluster.stop();
    let gone = until("the cluster gone", async || rest.jobs().await.err()).await;
    assert!(
        matches!(gone, PortError::ClusterUnreachable { .. }),
        "{version}: {gone:?}"
    );
    assert!(gone.to_string().contains(&cluster.url), "{gone}");
    // Its jobs stay listed as last seen, marked UNREACHABLE; their views fail with a sentence.
    let listed = console.list_applications().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|a| a.status == AppStatus::Other("UNREACHABLE".into()))
    );
    let sentence = console
        .job_view("keyed-counter@local")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        sentence.starts_with("cannot reach the Flink cluster local at http://127.0.0.1:"),
        "{sentence}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn flink_1_20() {
    on(VERSIONS[0]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flink_2_2() {
    on(VERSIONS[1]).await;
}

//! Changes to a self-managed job on a real Apache Flink session cluster (1.20.5 and 2.2.1),
//! through the console's one operations path from the keyboard: a savepoint (`S`) followed to its
//! location, a savepoint of a job that is gone reported as failed, and a stop with a savepoint
//! (`X`, the name typed) that leaves the job FINISHED — each audited with the cluster and job id.
use crate::support::console::Console;
use crate::support::flink::{FlinkCluster, VERSIONS};
use kinetic::app::operation::OpOutcome;
use kinetic::domain::flink_cluster::ClusterEntry;
use kinetic::ops::OpCall;
use std::time::{Duration, Instant};

/// Ticks the console in real time (Flink's clock is the wall's) until no change runs.
async fn until_ended(c: &mut Console, what: &str) -> OpOutcome {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.after(6).await;
        if c.model.operations.is_empty() {
            let last = c.model.history.last().expect("a finished change");
            return last.outcome.clone();
        }
        assert!(
            Instant::now() < deadline,
            "{what}: not ended within 90 s; status: {}",
            c.status()
        );
    }
}

fn job_state(cluster: &FlinkCluster, job: &str) -> String {
    let output = std::process::Command::new("curl")
        .args(["-sS", &format!("{}/jobs/{job}", cluster.url)])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    value["state"].as_str().unwrap_or_default().to_string()
}

async fn on(version: &'static str) {
    let cluster = FlinkCluster::start(version);
    // Light load: savepoints complete in a moment.
    let job = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters(&[entry]).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        c.select_app_when_listed("keyed-counter@local").await;
        if job_state(&cluster, &job) == "RUNNING"
            && c.model
                .apps
                .facts
                .details
                .get("keyed-counter@local")
                .is_some_and(|(d, _)| d.status == kinetic::domain::AppStatus::Running)
        {
            break;
        }
        assert!(Instant::now() < deadline, "{version}: the job never ran");
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.after(11).await;
    }

    // S: a savepoint, confirmed with Enter, followed to its location.
    c.text("S").await;
    assert_eq!(
        c.confirm().plan.call,
        OpCall::TriggerSavepoint {
            cluster: "local".into(),
            job_id: job.clone()
        }
    );
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    assert_eq!(
        until_ended(&mut c, "the savepoint").await,
        OpOutcome::Succeeded,
        "{version}: {}",
        c.status()
    );
    let said = c.status();
    assert!(
        said.contains("savepoint of keyed-counter@local completed at file:"),
        "{said}"
    );
    let audit = std::fs::read_to_string(&c.audit).unwrap();
    assert!(
        audit.contains("\"TriggerSavepoint\"")
            && audit.contains(&job)
            && audit.contains("\"local\""),
        "{audit}"
    );

    // X: stop with a savepoint; the name typed; the job ends FINISHED. (Its counts, read while
    // it runs: a finished job's metrics are gone.)
    let counted = cluster.counted(&job);
    c.text("X").await;
    assert!(c.confirm().plan.needs_name());
    c.text("keyed-counter@local").await;
    assert_eq!(
        Console::changes(&c.enter().await),
        [OpCall::StopJob {
            cluster: "local".into(),
            job_id: job.clone(),
            drain: false
        }]
    );
    assert_eq!(
        until_ended(&mut c, "the stop").await,
        OpOutcome::Succeeded,
        "{version}: {}",
        c.status()
    );
    assert!(
        c.status()
            .contains("stopped; its savepoint completed at file:")
    );
    let finished = Instant::now() + Duration::from_secs(30);
    while job_state(&cluster, &job) != "FINISHED" {
        assert!(Instant::now() < finished, "{version}: not FINISHED");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // A savepoint of a job that is gone: Flink answers COMPLETED with a failure cause, which
    // kinetic reports as a failure (the plan was made while it ran).
    c.after(11).await;
    let gone = kinetic::ops::job_plan::savepoint(&kinetic::ops::job_plan::JobFacts {
        app: "keyed-counter@local".into(),
        cluster: "local".into(),
        job_id: job.clone(),
        status: kinetic::domain::AppStatus::Running,
        production: false,
        last_checkpoint: None,
    });
    kinetic::app::update::confirm::open_confirm(&mut c.model, gone, None, None);
    c.enter().await;
    match until_ended(&mut c, "the savepoint of a finished job").await {
        OpOutcome::Failed(why) => assert!(
            why.contains("savepoint") || why.contains("not") || why.contains("FINISHED"),
            "{version}: {why}"
        ),
        other => panic!("{version}: a savepoint of a finished job ended {other:?}"),
    }

    // A deploy of the stopped job's jar starts from the savepoint it stopped with; the keyed
    // counts continue from there.
    c.command("deploy keyed-counter.jar -- 200 16 0").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.model.modal.is_none() {
        assert!(Instant::now() < deadline, "{version}: {}", c.status());
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.after(1).await;
    }
    let plan = c.confirm().plan.clone();
    assert!(plan.runnable(), "{version}: {:?}", plan.checks);
    let OpCall::DeployJob(request) = &plan.call else {
        panic!("{version}: not a deploy")
    };
    assert_eq!(request.running_job, None, "nothing runs to stop");
    assert!(
        matches!(&request.from, kinetic::domain::deployment::StartFrom::CancelThenSavepoint(s) if s.contains("savepoint-")),
        "{version}: {:?}",
        request.from
    );
    c.text("keyed-counter@local").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    until_ended(&mut c, "the deploy from the stop's savepoint").await;
    let run = cluster.newest_run("keyed-counter").unwrap();
    assert_ne!(run, job);
    cluster.wait_running(&run);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let restored = cluster.highest_count(&run).unwrap_or_default();
        if restored > counted {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{version}: counts did not continue ({restored} after, {counted} at the stop)"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn savepoint_and_stop_on_flink_1_20() {
    on(VERSIONS[0]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn savepoint_and_stop_on_flink_2_2() {
    on(VERSIONS[1]).await;
}

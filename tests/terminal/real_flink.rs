//! The real binary against a real Apache Flink session cluster: the Job tab's bottleneck and root exception, and the guided rollback of a self-managed job.
use super::*;

/// The Job tab on a real Apache Flink session cluster, from the keyboard: the keyed counter's
/// bottleneck named, then the failing job's root exception, unfolded, and its cluster's logs.
#[test]
fn the_job_tab_on_a_real_flink_names_the_bottleneck_and_the_root_exception() {
    let cluster = flink::FlinkCluster::start(flink::VERSIONS[1]);
    cluster.run("keyed-counter.jar", &["2000", "16", "2000"], 1);
    cluster.run("failing-job.jar", &["300", "100"], 1);
    let name = cluster.url.trim_start_matches("http://").to_string();
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("job-tab", 140, 40);
    tmux.literal(&format!(
        "{BIN} --demo --refresh 2 --flink-rest {} --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        cluster.url,
        dir.path().join("audit.jsonl").display(),
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("keyed-counter@{name}"));
    tmux.literal(&format!(":job keyed-counter@{name}"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Bottleneck: sink-to-payments is busy");
    assert!(
        screen.contains(&format!("from Flink REST of {name}")),
        "{screen}"
    );
    assert!(screen.contains("Source: orders-source"), "{screen}");
    tmux.literal(&format!(":job failing-job@{name}"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("has no currency (thrown every 300 records)");
    tmux.keys(&["Enter"]);
    let unfolded = tmux.wait_for("    at ");
    assert!(unfolded.contains("EXCEPTIONS"), "{unfolded}");
    // Its cluster's logs over REST, in the log view; the search finds the exception however
    // many lines came after it.
    tmux.keys(&["l"]);
    tmux.wait_for("polling every 2 s");
    tmux.keys(&["/"]);
    tmux.literal("no currency");
    tmux.keys(&["Enter"]);
    tmux.wait_for("/no currency");
    tmux.keys(&["n"]);
    tmux.wait_for("/no currency 1/");
    tmux.literal(":q");
    tmux.keys(&["Enter"]);
    tmux.wait_for("KINETIC-EXITED-0");
}

/// Deploys `jar` over the job's newest run the way the console does (stop with a savepoint, run
/// from it, record it), and waits until the new run's tasks all run.
fn deploy_outside_the_console(
    cluster: &flink::FlinkCluster,
    log: &kinetic::flink_rest::deployments::DeploymentLog,
    jar: &str,
) -> String {
    use kinetic::domain::deployment::{DeployKind, Jar, JobDeploy, StartFrom};
    let rest = kinetic::flink_rest::client::FlinkRest::new(&cluster.url);
    let running = cluster.newest_run("keyed-counter");
    if let Some(job) = &running {
        cluster.wait_running(job);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = rest.savepoint_dir().await.unwrap();
        let request = JobDeploy {
            kind: DeployKind::Deploy,
            cluster: rest.name().to_string(),
            job_name: "keyed-counter".into(),
            running_job: running,
            jar: Jar::Local {
                path: cluster.jar(jar),
            },
            entry_class: None,
            args: vec!["200".into(), "16".into(), "0".into()],
            parallelism: 1,
            allow_non_restored_state: false,
            from: StartFrom::StopWithSavepoint,
            claim_field: kinetic::domain::deployment::claim_field(cluster.version),
            original: None,
            has_way_back: false,
            new_job: false,
            newest_checkpoint: false,
        };
        kinetic::flink_rest::deploy::deploy(&rest, dir.as_deref(), &request, log, &chrono::Utc::now)
            .await
            .unwrap()
    })
}

/// The guided way back on a real Apache Flink, in the fewest keys: version 1 (the counting job)
/// and version 2 (throws on every record) were deployed by kinetic; `:rollback`, the name typed
/// and Enter bring version 1 back from the savepoint taken when version 2 was deployed, and the
/// console says when the job is healthy again.
#[test]
fn the_guided_rollback_of_a_self_managed_job_on_a_real_flink() {
    let cluster = flink::FlinkCluster::start(flink::VERSIONS[0]);
    cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    let name = cluster.url.trim_start_matches("http://").to_string();
    let app = format!("keyed-counter@{name}");
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let log = kinetic::flink_rest::deployments::DeploymentLog::beside(&audit);
    let counting = deploy_outside_the_console(&cluster, &log, "keyed-counter.jar");
    cluster.wait_running(&counting);
    let failing = deploy_outside_the_console(&cluster, &log, "keyed-counter-broken.jar");
    let deadline = Instant::now() + Duration::from_secs(60);
    while cluster.failures(&failing) == 0 {
        assert!(Instant::now() < deadline, "version 2 never failed");
        std::thread::sleep(Duration::from_millis(300));
    }

    let tmux = Tmux::start("job-rollback", 140, 40);
    tmux.literal(&format!(
        "{BIN} --demo --refresh 2 --health-gate 15s --flink-rest {} --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        cluster.url,
        audit.display(),
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&app);
    // From the failing job to the confirmed way back: the command, the name, Enter.
    tmux.literal(&format!(":rollback {app}"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("back to version 1");
    // The failing run's root exception is read as the guide opens, a moment after it shows.
    let guide = tmux.wait_for("count-per-key cannot read");
    assert!(guide.contains("What is wrong:"), "{guide}");
    assert!(
        guide.contains("code key: keyed-counter.jar → keyed-counter-broken.jar"),
        "{guide}"
    );
    tmux.literal(&app);
    tmux.keys(&["Enter"]);
    tmux.wait_for("runs version 1 again");
    let healthy = tmux.wait_for("is healthy again after");
    assert!(healthy.contains(&app), "{healthy}");
    assert_eq!(cluster.job_state(&failing), "CANCELED");
    tmux.literal(":q");
    tmux.keys(&["Enter"]);
    tmux.wait_for("KINETIC-EXITED-0");
}

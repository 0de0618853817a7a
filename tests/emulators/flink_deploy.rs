//! Deploy and the guided way back of a self-managed job on a real Apache Flink session cluster
//! (1.20.5 and 2.2.1), from the keyboard through the one operations path: the counting job is
//! deployed by kinetic (version 1, from a savepoint of the run it replaces), a new version that
//! throws on every record is deployed from a savepoint and fails its health gate, `B` plans the
//! way back — the previous jar from the savepoint taken when the failing version was deployed —
//! and after it the job's keyed counts continue from where they were, and the gate passes. A
//! deploy asking for more slots than the cluster has is refused before any call. Under the
//! adaptive scheduler, `:scale N` rescales the job in place and follows it to the new parallelism.
//! On an empty cluster, `:deploy JAR --cluster NAME` starts a new job under the name its jar's
//! program gives it.
use crate::support::console::Console;
use crate::support::flink::{FlinkCluster, VERSIONS};
use kinetic::domain::AppStatus;
use kinetic::domain::deployment::{DeployKind, StartFrom};
use kinetic::domain::flink_cluster::ClusterEntry;
use kinetic::ops::OpCall;
use std::time::{Duration, Instant};

const APP: &str = "keyed-counter@local";

/// Ticks the console in real time until no change runs (the gates included); what it said.
async fn until_ended(c: &mut Console, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(150);
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.in_real_time().await;
        if c.model.operations.is_empty() {
            return c.status();
        }
        assert!(
            Instant::now() < deadline,
            "{what}: not ended within 150 s; status: {}; running: {:?}",
            c.status(),
            c.model
                .operations
                .iter()
                .map(|o| (&o.phase, &o.check_error))
                .collect::<Vec<_>>()
        );
    }
}

/// Runs `line` on the command line and waits for the plan it reads the cluster for.
async fn plan(c: &mut Console, line: &str) {
    c.command(line).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.model.modal.is_none() {
        assert!(
            Instant::now() < deadline,
            "{line}: no plan; status: {}",
            c.status()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.in_real_time().await;
    }
}

async fn confirm_with_name(c: &mut Console) -> OpCall {
    assert!(c.confirm().plan.runnable(), "{:?}", c.confirm().plan.checks);
    c.text(APP).await;
    let sent = Console::changes(&c.enter().await);
    assert_eq!(sent.len(), 1, "{}", c.status());
    sent.into_iter().next().unwrap()
}

async fn on(version: &'static str) {
    let cluster = FlinkCluster::start(version);
    // A run kinetic did not start: its first deploy from kinetic begins the record.
    let outside = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters_now(&[entry]).await;
    c.model.health_gate = chrono::Duration::seconds(15);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        c.select_app_when_listed(APP).await;
        let running = c
            .model
            .apps
            .facts
            .details
            .get(APP)
            .is_some_and(|(d, _)| d.status == AppStatus::Running);
        if running && cluster.job_state(&outside) == "RUNNING" {
            break;
        }
        assert!(Instant::now() < deadline, "{version}: the job never ran");
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.in_real_time().await;
    }
    // A run kinetic did not deploy: version 0, with what Flink tells of it.
    let versions = c.runner.flink_port().list_versions(APP).await.unwrap();
    assert_eq!(versions.len(), 1, "{version}");
    assert_eq!(versions[0].version_id, 0);
    let told = c
        .runner
        .flink_port()
        .describe_version(APP, 0)
        .await
        .unwrap();
    let job = &told.property_groups[0].properties;
    assert!(
        job["record"].starts_with("not deployed by kinetic"),
        "{job:?}"
    );
    assert_eq!(job["job id"], outside);
    assert!(job["operators"].contains("count-per-key"), "{job:?}");

    // More slots than the cluster has: refused in the plan, nothing sent.
    plan(&mut c, "deploy keyed-counter.jar -p 9 -- 200 16 0").await;
    let refused = c.confirm().plan.clone();
    assert!(!refused.runnable());
    assert!(
        refused
            .checks
            .iter()
            .any(|check| check.name == "slots" && check.detail.contains("9 needed")),
        "{:?}",
        refused.checks
    );
    c.text(APP).await;
    assert!(Console::changes(&c.enter().await).is_empty());
    c.esc().await;

    // Version 1: the counting job, deployed by kinetic from a savepoint of the outside run.
    let v1_jar = cluster.jar("keyed-counter.jar");
    plan(&mut c, &format!("deploy {} -- 200 16 0", v1_jar.display())).await;
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("{version}: not a deploy")
    };
    assert_eq!(request.from, StartFrom::StopWithSavepoint);
    assert_eq!(request.running_job.as_deref(), Some(outside.as_str()));
    let said = until_ended(&mut c, "version 1").await;
    assert!(said.contains("health gate PASSED"), "{version}: {said}");
    let v1 = cluster.newest_run("keyed-counter").unwrap();
    assert_ne!(v1, outside);
    assert_eq!(cluster.job_state(&outside), "FINISHED");

    // Let it count, then remember how far.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let counted = cluster.counted(&v1);

    // Version 2 throws on every record: deployed from a savepoint of version 1, gate fails.
    let broken = cluster.jar("keyed-counter-broken.jar");
    plan(&mut c, &format!("deploy {}", broken.display())).await;
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("{version}: not a deploy")
    };
    assert_eq!(request.args, ["200", "16", "0"], "the running version's");
    let said = until_ended(&mut c, "version 2").await;
    assert!(
        said.contains("health gate FAILED") && said.to_lowercase().contains("restart"),
        "{version}: {said}"
    );
    let v2 = cluster.newest_run("keyed-counter").unwrap();

    // B: the way back, planned from the record; its dialog says what is wrong and what changed.
    c.command("rollback").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.model.modal.is_none() {
        assert!(Instant::now() < deadline, "{version}: {}", c.status());
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.in_real_time().await;
    }
    let guide = c.confirm().plan.clone();
    assert!(guide.recovery);
    assert!(
        guide
            .notes
            .iter()
            .any(|n| n.contains("root exception:") && n.contains("count-per-key cannot read")),
        "{version}: {:?}",
        guide.notes
    );
    assert!(
        guide
            .notes
            .iter()
            .any(|n| n.contains("keyed-counter.jar → keyed-counter-broken.jar")),
        "{version}: {:?}",
        guide.notes
    );
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("{version}: not a way back")
    };
    assert_eq!(request.kind, DeployKind::Rollback);
    assert_eq!(request.running_job.as_deref(), Some(v2.as_str()));
    let StartFrom::CancelThenSavepoint(savepoint) = &request.from else {
        panic!("{version}: {:?}", request.from)
    };
    let versions = c
        .runner
        .flink_port()
        .describe_version(APP, 2)
        .await
        .unwrap();
    assert_eq!(
        versions.property_groups[0].properties["started from"], *savepoint,
        "the savepoint taken when version 2 was deployed"
    );
    let said = until_ended(&mut c, "the way back").await;
    eprintln!("{version}: {said}");
    assert!(said.contains("is healthy again after"), "{version}: {said}");
    let v3 = cluster.newest_run("keyed-counter").unwrap();
    assert_ne!(v3, v2);
    assert_eq!(cluster.job_state(&v2), "CANCELED");

    // State restored: the counts continue from the savepoint instead of starting at one.
    let restored = cluster.highest_count(&v3).expect("the gauge");
    assert!(
        restored >= counted,
        "{version}: counts restarted ({restored} < {counted} before version 2)"
    );

    // The record: version 0 (the outside run its first deploy replaced) and three versions, the
    // newest running; the audit names cluster and job ids.
    let listed = c.runner.flink_port().list_versions(APP).await.unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[3].version_id, 0);
    assert_eq!(listed[0].status, AppStatus::Running);
    let audit = std::fs::read_to_string(&c.audit).unwrap();
    assert!(
        audit.contains("\"RollbackJob\"") && audit.contains(&v2) && audit.contains("\"local\""),
        "{audit}"
    );

    // The incident timeline: the deployments and what the console saw of them.
    let log = kinetic::ops::audit::AuditLog::new(c.audit.clone());
    let now = chrono::Utc::now();
    let (operations, records) =
        kinetic::ops::timeline::gather(c.runner.flink_port(), Some(&log), APP, now)
            .await
            .unwrap();
    let rows = kinetic::ops::timeline::entries(&operations, &records);
    let timeline = kinetic::ops::timeline::render(APP, now, &rows);
    assert!(
        timeline.contains("RollbackJob") && timeline.contains("DeployJob"),
        "{timeline}"
    );
    assert!(timeline.contains("failed"), "{timeline}");
    eprintln!("{timeline}");
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_and_roll_back_on_flink_1_20() {
    on(VERSIONS[0]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deploy_and_roll_back_on_flink_2_2() {
    on(VERSIONS[1]).await;
}

/// The first incident a team meets: a job started outside kinetic (`flink run` from CI), its
/// first deploy from kinetic is a bad version that fails its gate, and `B` brings the original
/// back — version 0, from the savepoint kinetic stopped it with — asking for its jar, which was
/// not named at the deploy; the keyed counts continue.
#[tokio::test(flavor = "multi_thread")]
async fn the_way_back_from_the_first_deploy_brings_the_original_job_back() {
    let cluster = FlinkCluster::start(VERSIONS[0]);
    let outside = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    cluster.wait_running(&outside);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters_now(&[entry]).await;
    c.model.health_gate = chrono::Duration::seconds(15);
    c.select_app_when_listed(APP).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let counted = cluster.counted(&outside);

    // The bad version, over the outside run; its jar not named: the dialog says B will ask.
    let broken = cluster.jar("keyed-counter-broken.jar");
    plan(&mut c, &format!("deploy {} -- 200 16 0", broken.display())).await;
    let dialog = c.confirm().plan.clone();
    assert!(
        dialog
            .checks
            .iter()
            .any(|k| k.name == "version 0" && k.detail.contains("B will ask for its jar")),
        "{:?}",
        dialog.checks
    );
    assert!(
        dialog
            .notes
            .iter()
            .any(|n| n.contains("the run it replaces as version 0")),
        "{:?}",
        dialog.notes
    );
    confirm_with_name(&mut c).await;
    let said = until_ended(&mut c, "the bad first version").await;
    assert!(said.contains("health gate FAILED"), "{said}");
    assert!(
        said.contains("the way back"),
        "a way back is offered: {said}"
    );
    let failing = cluster.newest_run("keyed-counter").unwrap();
    assert_eq!(cluster.job_state(&outside), "FINISHED");

    // B: version 0's jar is asked for on the command line; the jar, enter; the name, enter.
    let mut keys = 0;
    c.text("B").await;
    keys += 1;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !matches!(c.model.input, kinetic::app::model::Input::Command(_)) {
        assert!(
            Instant::now() < deadline,
            "no jar asked for: {}",
            c.status()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.in_real_time().await;
    }
    assert!(
        c.status().contains("was recorded without its jar"),
        "{}",
        c.status()
    );
    c.text("keyed-counter.jar").await;
    c.enter().await;
    keys += "keyed-counter.jar".len() + 1;
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.model.modal.is_none() {
        assert!(Instant::now() < deadline, "no plan: {}", c.status());
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.in_real_time().await;
    }
    let back = c.confirm().plan.clone();
    assert!(back.title.ends_with("back to version 0"), "{}", back.title);
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("not a way back")
    };
    keys += APP.len() + 1;
    eprintln!("keystrokes from the failed gate to the confirmed way back: {keys}");
    assert_eq!(request.running_job.as_deref(), Some(failing.as_str()));
    assert!(matches!(request.from, StartFrom::CancelThenSavepoint(ref s) if !s.is_empty()));
    let said = until_ended(&mut c, "the way back to version 0").await;
    assert!(said.contains("is healthy again after"), "{said}");
    let restored_run = cluster.newest_run("keyed-counter").unwrap();
    let restored = cluster.counted(&restored_run);
    assert!(
        restored >= counted,
        "counts restarted ({restored} < {counted} before the bad version)"
    );
    let listed = c.runner.flink_port().list_versions(APP).await.unwrap();
    assert_eq!(
        listed.iter().map(|v| v.version_id).collect::<Vec<_>>(),
        [2, 1, 0]
    );

    // By hand, for what the guided way back does not cover: the same jar from the run's newest
    // retained checkpoint, the running job cancelled (DESTRUCTIVE, said); the counts continue.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let before = cluster.counted(&restored_run);
    plan(
        &mut c,
        "deploy keyed-counter.jar --from-savepoint latest-checkpoint -- 200 16 0",
    )
    .await;
    let by_hand = c.confirm().plan.clone();
    assert!(by_hand.destructive(), "{:?}", by_hand.checks);
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("not a deploy")
    };
    // The newest retained checkpoint as the job is cancelled, not the one seen at planning:
    // Flink deletes that one once a newer is taken.
    assert!(request.newest_checkpoint);
    let StartFrom::CancelThenSavepoint(checkpoint) = &request.from else {
        panic!("{:?}", request.from)
    };
    assert!(
        checkpoint.contains("chk-"),
        "a retained checkpoint: {checkpoint}"
    );
    let said = until_ended(&mut c, "the deploy from the latest checkpoint").await;
    assert!(said.contains("health gate PASSED"), "{said}");
    assert_eq!(cluster.job_state(&restored_run), "CANCELED");
    let latest = cluster.newest_run("keyed-counter").unwrap();
    let continued = cluster.counted(&latest);
    assert!(
        continued >= before * 0.5,
        "counts restarted from the checkpoint ({continued} against {before} before)"
    );
}

/// `:scale 2` on a cluster that runs the adaptive scheduler: PUT resource-requirements, the same
/// job followed until all its tasks run at 2, then its health gate.
#[tokio::test(flavor = "multi_thread")]
async fn rescale_in_place_under_the_adaptive_scheduler() {
    let cluster = FlinkCluster::start_adaptive(VERSIONS[0]);
    let job = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    cluster.wait_running(&job);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters_now(&[entry]).await;
    c.model.health_gate = chrono::Duration::seconds(10);
    c.select_app_when_listed(APP).await;
    plan(&mut c, "scale 2").await;
    let confirm = c.confirm().plan.clone();
    assert!(confirm.runnable(), "{:?}", confirm.checks);
    assert!(
        confirm.notes[0].contains("adaptive scheduler"),
        "{:?}",
        confirm.notes
    );
    assert!(
        !confirm.needs_name(),
        "in place, on a cluster not marked production"
    );
    assert_eq!(
        Console::changes(&c.enter().await),
        [OpCall::RescaleJob {
            cluster: "local".into(),
            job_id: job.clone(),
            from: 1,
            to: 2
        }]
    );
    let said = until_ended(&mut c, "the rescale").await;
    assert!(said.contains("health gate PASSED"), "{said}");
    assert_eq!(cluster.parallelism(&job), 2);
    assert_eq!(
        cluster.newest_run("keyed-counter").as_deref(),
        Some(job.as_str())
    );
}

/// Waits until the console says something containing `what` (a plan that cannot open says why
/// on the bottom line instead).
async fn until_said(c: &mut Console, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let said = c.status();
        if said.contains(what) {
            return said;
        }
        assert!(Instant::now() < deadline, "never said {what:?}: {said}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        c.in_real_time().await;
    }
}

/// `:deploy JAR --cluster NAME` on a cluster that runs nothing: a local jar needs the job's
/// name, which is checked against the jar's program after the upload and before anything runs
/// (a wrong name runs nothing); the jar, now on the cluster, tells its own name; the new job
/// starts empty as version 1, is followed until all its tasks run and passes its gate; a
/// second start of the same job is refused before any call.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_job_is_started_on_an_empty_cluster() {
    let cluster = FlinkCluster::start(VERSIONS[0]);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters_now(&[entry]).await;
    c.model.health_gate = chrono::Duration::seconds(15);
    let local = cluster.jar("keyed-counter.jar");

    // A local jar does not tell its job's name before it is on the cluster.
    c.command(&format!(
        "deploy {} --cluster local -- 200 16 0",
        local.display()
    ))
    .await;
    let said = until_said(&mut c, "--name JOB").await;
    assert!(
        said.contains("cannot plan for the new job on local"),
        "{said}"
    );
    assert!(c.model.modal.is_none());

    // A name the program does not give: the jar is uploaded, nothing runs.
    plan(
        &mut c,
        &format!(
            "deploy {} --cluster local --name counter -- 200 16 0",
            local.display()
        ),
    )
    .await;
    assert!(c.confirm().plan.runnable(), "{:?}", c.confirm().plan.checks);
    c.text("counter@local").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    let said = until_ended(&mut c, "the wrongly named new job").await;
    assert!(
        said.contains("names its job 'keyed-counter', not 'counter', so nothing was run"),
        "{said}"
    );
    assert_eq!(cluster.newest_run("keyed-counter"), None);
    assert_eq!(cluster.newest_run("counter"), None);

    // The jar on the cluster tells its job's name: a new job, empty, version 1.
    plan(
        &mut c,
        "deploy keyed-counter.jar --cluster local -- 200 16 0",
    )
    .await;
    let start = c.confirm().plan.clone();
    assert_eq!(
        start.title,
        "Start keyed-counter.jar as the new job keyed-counter@local"
    );
    assert!(!start.destructive(), "{:?}", start.checks);
    assert!(
        start
            .checks
            .iter()
            .any(|k| k.name == "state" && k.detail.contains("a new job starts with empty state")),
        "{:?}",
        start.checks
    );
    let OpCall::DeployJob(request) = confirm_with_name(&mut c).await else {
        panic!("not a deploy")
    };
    assert!(request.new_job);
    assert_eq!(request.running_job, None);
    let said = until_ended(&mut c, "the new job").await;
    assert!(said.contains("health gate PASSED"), "{said}");
    let run = cluster
        .newest_run("keyed-counter")
        .expect("the new job runs");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(cluster.counted(&run) > 0.0, "the new job counts");
    let listed = c.runner.flink_port().list_versions(APP).await.unwrap();
    assert_eq!(listed.iter().map(|v| v.version_id).collect::<Vec<_>>(), [1]);

    // Started again: a job of that name runs, so the plan refuses before any call.
    plan(
        &mut c,
        "deploy keyed-counter.jar --cluster local -- 200 16 0",
    )
    .await;
    let again = c.confirm().plan.clone();
    assert!(!again.runnable());
    assert!(
        again
            .checks
            .iter()
            .any(|k| k.name == "new job" && k.detail.contains("already runs on local")),
        "{:?}",
        again.checks
    );
}

/// Flink 2.2 answers `POST /jars/:id/plan` as 1.20 does: after the upload, a wrong name runs
/// nothing; the jar on the cluster then tells its own name.
#[tokio::test(flavor = "multi_thread")]
async fn flink_2_2_tells_the_name_of_the_job_in_a_jar() {
    let cluster = FlinkCluster::start(VERSIONS[1]);
    let entry = ClusterEntry {
        name: "local".into(),
        ..ClusterEntry::from_url(&cluster.url).unwrap()
    };
    let mut c = Console::on_clusters_now(&[entry]).await;
    let local = cluster.jar("failing-job.jar");
    plan(
        &mut c,
        &format!("deploy {} --cluster local --name wrong", local.display()),
    )
    .await;
    c.text("wrong@local").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    let said = until_ended(&mut c, "the wrongly named new job").await;
    assert!(
        said.contains("names its job 'failing-job', not 'wrong', so nothing was run"),
        "{said}"
    );
    plan(&mut c, "deploy failing-job.jar --cluster local").await;
    assert_eq!(
        c.confirm().plan.title,
        "Start failing-job.jar as the new job failing-job@local"
    );
    assert_eq!(cluster.newest_run("failing-job"), None);
}

//! A self-managed job's facts as a deployment plan reads them: kinetic deployed it twice, its
//! second version failing.

/// `keyed-counter@local`: version 1, then version 2 (from savepoint file:/sp/1) restarting;
/// `adaptive` runs it RUNNING on a cluster with the adaptive scheduler.
pub fn job_facts(adaptive: bool) -> kinetic::domain::deployment::DeployFacts {
    use kinetic::domain::deployment::{
        ClusterJar, DeployFacts, DeployKind, Deployment, LiveRun, Replaced,
    };
    let at = kinetic::domain::time::from_epoch_secs(1_795_262_400);
    let version = |job: &str, jar: &str, from: Option<&str>| Deployment {
        at,
        kind: DeployKind::Deploy,
        cluster: "local".into(),
        job_name: "keyed-counter".into(),
        job_id: job.into(),
        jar_name: jar.into(),
        jar_id: format!("id_{jar}"),
        jar_sha256: None,
        entry_class: None,
        args: vec!["200".into()],
        parallelism: 1,
        allow_non_restored_state: false,
        started_from: from.map(str::to_string),
        replaced: Replaced::Nothing,
    };
    DeployFacts {
        app: "keyed-counter@local".into(),
        cluster: "local".into(),
        job_name: "keyed-counter".into(),
        run: Some(LiveRun {
            job_id: "v2".into(),
            status: if adaptive {
                kinetic::domain::AppStatus::Running
            } else {
                kinetic::domain::AppStatus::Other("RESTARTING".into())
            },
            parallelism: 1,
            restarts: 3,
            root_exception: Some("IllegalStateException: boom".into()),
            latest_checkpoint: None,
            last_savepoint: None,
        }),
        jars: vec![ClusterJar {
            id: "id_keyed-counter.jar".into(),
            name: "keyed-counter.jar".into(),
            uploaded: None,
            entry: Vec::new(),
        }],
        slots_total: 4,
        slots_available: 2,
        adaptive,
        savepoint_dir: Some("file:/sp".into()),
        versions: vec![
            version("v1", "keyed-counter.jar", None),
            version("v2", "keyed-counter-broken.jar", Some("file:/sp/1")),
        ],
        production: false,
        flink_version: "1.20.5".into(),
        original: None,
        at,
    }
}

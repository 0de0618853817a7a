//! A self-managed job's facts for the plans' tests: a cluster with one jar, three free slots of four, and the versions kinetic recorded.
use crate::domain::AppStatus;
use crate::domain::deployment::{
    ClusterJar, DeployFacts, DeployKind, Deployment, LiveRun, Replaced,
};
use crate::domain::time::from_epoch_secs;

pub fn version(job_id: &str, jar: &str, started_from: Option<&str>) -> Deployment {
    Deployment {
        at: from_epoch_secs(1_800_000_000),
        kind: DeployKind::Deploy,
        cluster: "local".into(),
        job_name: "keyed-counter".into(),
        job_id: job_id.into(),
        jar_name: jar.into(),
        jar_id: format!("id_{jar}"),
        jar_sha256: Some("aaaaaaaaaaaaaaaaaaaa".into()),
        entry_class: None,
        args: vec!["200".into(), "16".into()],
        parallelism: 1,
        allow_non_restored_state: false,
        started_from: started_from.map(str::to_string),
        replaced: Replaced::Nothing,
    }
}

pub fn facts(status: AppStatus, versions: Vec<Deployment>) -> DeployFacts {
    DeployFacts {
        app: "keyed-counter@local".into(),
        cluster: "local".into(),
        job_name: "keyed-counter".into(),
        run: Some(LiveRun {
            job_id: versions.last().map_or("ext".into(), |d| d.job_id.clone()),
            status,
            parallelism: 1,
            restarts: 7,
            root_exception: Some("IllegalStateException: boom".into()),
            last_savepoint: None,
            latest_checkpoint: Some("file:/cp/chk-9".into()),
        }),
        jars: vec![ClusterJar {
            id: "id_keyed-counter.jar".into(),
            name: "keyed-counter.jar".into(),
            uploaded: None,
            entry: vec!["KeyedCounter".into()],
        }],
        slots_total: 4,
        slots_available: 3,
        adaptive: false,
        savepoint_dir: Some("file:/sp".into()),
        versions,
        production: false,
        flink_version: "1.20.5".into(),
        original: None,
        at: from_epoch_secs(1_800_000_000),
    }
}

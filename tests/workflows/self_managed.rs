//! Self-managed Flink jobs on the one operations path, without a cluster to answer: read-only
//! refuses a savepoint, a job kinetic cannot reach is refused by the plan's checks before any
//! call, and `D` (the jar picker), `U` and `:deploy` wait for the cluster's facts and say it
//! cannot be reached.
use crate::support::console::Console;
use kinetic::domain::flink_cluster::ClusterEntry;

/// A cluster nobody listens on: its row says UNREACHABLE where its jobs would be.
async fn unreachable() -> Console {
    let entry = ClusterEntry {
        name: "gone".into(),
        ..ClusterEntry::from_url("http://127.0.0.1:9").unwrap()
    };
    let mut c = Console::on_clusters(&[entry]).await;
    c.command("apps").await;
    let row = &c.model.apps.summaries()[0];
    assert_eq!(row.name, "?@gone");
    assert_eq!(row.status.to_string(), "UNREACHABLE");
    c
}

#[tokio::test]
async fn read_only_refuses_a_savepoint_of_a_self_managed_job() {
    let mut c = unreachable().await;
    c.model.context.read_only = true;
    c.text("S").await;
    assert!(c.model.modal.is_none());
    assert!(c.status().contains("read-only"), "{}", c.status());
}

#[tokio::test]
async fn a_savepoint_of_a_job_that_is_not_running_is_refused_before_any_call() {
    let mut c = unreachable().await;
    c.text("S").await;
    let confirm = c.confirm();
    assert!(!confirm.plan.runnable());
    let failing: Vec<&str> = confirm
        .plan
        .checks
        .iter()
        .filter(|k| k.outcome == kinetic::ops::checks::CheckOutcome::Fail)
        .map(|k| k.name.as_str())
        .collect();
    assert_eq!(failing, ["job id", "state allows it"]);
    insta::assert_snapshot!(c.draw());
    assert!(Console::changes(&c.enter().await).is_empty());
    c.esc().await;
    // D reads the cluster's jars for its picker: the cluster does not answer, so it says so.
    c.text("D").await;
    assert!(c.model.modal.is_none());
    assert!(
        c.status().contains("cannot plan for ?@gone"),
        "{}",
        c.status()
    );
    // U fills the command line with a deploy to edit.
    c.text("U").await;
    assert_eq!(
        c.model.input,
        kinetic::app::model::Input::Command("deploy ".into())
    );
    c.esc().await;
    c.command("deploy ./job.jar -p 2 -- a b").await;
    assert!(
        c.model.modal.is_none(),
        "no plan without the cluster's facts"
    );
    assert!(
        c.status().contains("cannot plan for ?@gone") && c.status().contains("gone"),
        "{}",
        c.status()
    );
    assert!(Console::changes(&c.executed).is_empty());
}

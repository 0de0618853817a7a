//! A self-managed cluster behind a reverse proxy, on real Flink 1.20.5: basic auth with the
//! password read from a file, a path prefix, and a second prefix that refuses every change (405).
//! Jobs listed, the Job tab read and a savepoint taken through it; a wrong password, a missing
//! login and a missing path prefix each said in one sentence; the read-only way in refused at
//! its first change and before any request afterwards, and an entry that says read_only before
//! the first.
use crate::support::diagnostic_log::diagnostic_log;
use crate::support::flink::FlinkCluster;
use crate::support::proxy::{PASSWORD, PREFIX, Proxy, READ_ONLY_PREFIX, USER};
use kinetic::domain::flink_cluster::{ClusterAccess, ClusterAuth, ClusterEntry, CredentialSource};
use kinetic::domain::{AppStatus, PortError};
use kinetic::ports::{ClusterOpsPort, FlinkPort, JobsPort};
use std::time::{Duration, Instant};

use super::flink_tls::console;

fn behind(url: &str, password: Option<&std::path::Path>, read_only: bool) -> ClusterEntry {
    ClusterEntry {
        name: "proxied".into(),
        access: ClusterAccess {
            auth: password.map(|file| ClusterAuth::Basic {
                user: USER.into(),
                password: CredentialSource::File(file.to_path_buf()),
            }),
            read_only,
            ..ClusterAccess::default()
        },
        ..ClusterEntry::from_url(url).unwrap()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_proxy_with_basic_auth_a_path_prefix_and_a_read_only_path() {
    // Installed first, so the whole test's tracing is in it.
    let log = diagnostic_log();
    let cluster = FlinkCluster::start("1.20.5");
    let job = cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    cluster.wait_running(&job);
    let proxy = Proxy::start(&cluster.url).await;
    let dir = tempfile::tempdir().unwrap();
    let password = dir.path().join("password");
    std::fs::write(&password, format!("{PASSWORD}\n")).unwrap();
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "tr0ub4dor").unwrap();

    // The right password, under the prefix: listed, viewed, and a savepoint taken.
    let through = console(behind(&proxy.url(PREFIX), Some(&password), false));
    let listed = through.list_applications().await.unwrap();
    let row = listed
        .iter()
        .find(|a| a.name == "keyed-counter@proxied")
        .unwrap();
    assert_eq!(row.status, AppStatus::Running);
    let deadline = Instant::now() + Duration::from_secs(60);
    let view = loop {
        let view = through.job_view("keyed-counter@proxied").await.unwrap();
        if view.graph.operators.len() == 5 {
            break view;
        }
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert!(
        view.source.label().contains(PREFIX),
        "{}",
        view.source.label()
    );
    let trigger = through
        .trigger_savepoint("keyed-counter@proxied", &job)
        .await
        .unwrap();
    assert!(!trigger.is_empty());

    // A wrong password: the 401 said, with where the password came from and not the password.
    let refused = console(behind(&proxy.url(PREFIX), Some(&wrong), false))
        .job_view("keyed-counter@proxied")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused
            .contains("refused the request (HTTP 401): the credentials from user ops and the file"),
        "{refused}"
    );
    assert!(
        !refused.contains("tr0ub4dor") && !refused.contains(PASSWORD),
        "{refused}"
    );

    // No credentials: the proxy's login page says the cluster wants them.
    let login = console(behind(&proxy.url(PREFIX), None, false))
        .job_view("keyed-counter@proxied")
        .await
        .unwrap_err()
        .to_string();
    assert!(
        login.contains("answered /jobs/overview with a login page: it wants credentials (give them in its [[flink]] entry"),
        "{login}"
    );

    // The path prefix left out: the proxy's own 404 page, said as what to check.
    let no_prefix = console(behind(&proxy.url(""), Some(&password), false));
    let listed = no_prefix.list_applications().await.unwrap();
    assert_eq!(listed[0].status, AppStatus::Other("UNREACHABLE".into()));
    let wrong_address = no_prefix
        .job_view(&listed[0].name)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        wrong_address.contains("answered 404 with an HTML page for /jobs/overview, not Flink's JSON: is this Flink's REST address, with its path prefix?"),
        "{wrong_address}"
    );
    assert!(!wrong_address.contains("another region"), "{wrong_address}");

    // The read-only way in: its first change answered 405, every later one refused before a
    // request, with the reason.
    let read_only = console(behind(&proxy.url(READ_ONLY_PREFIX), Some(&password), false));
    assert!(
        read_only.job_view("keyed-counter@proxied").await.is_ok(),
        "GET goes through"
    );
    let before = proxy.changes_seen();
    let first = read_only
        .trigger_savepoint("keyed-counter@proxied", &job)
        .await
        .unwrap_err();
    assert!(matches!(first, PortError::Unavailable { .. }), "{first:?}");
    assert!(
        first
            .to_string()
            .contains("with HTTP 405: it lets kinetic read, not change"),
        "{first}"
    );
    assert_eq!(proxy.changes_seen(), before + 1);
    let second = read_only
        .cancel_job("keyed-counter@proxied", &job)
        .await
        .unwrap_err();
    assert!(
        second
            .to_string()
            .contains("it lets kinetic read, not change"),
        "{second}"
    );
    assert_eq!(
        proxy.changes_seen(),
        before + 1,
        "refused before any request"
    );
    // And it is said where the job is described.
    let described = read_only
        .describe_application("keyed-counter@proxied")
        .await
        .unwrap();
    assert!(
        described
            .description
            .as_deref()
            .is_some_and(|d| d.contains("; read-only: ")),
        "{:?}",
        described.description
    );

    // An entry that says read_only: refused before the first.
    let declared = console(behind(&proxy.url(PREFIX), Some(&password), true));
    let refused = declared
        .cancel_job("keyed-counter@proxied", &job)
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("its [[flink]] entry says read_only"),
        "{refused}"
    );
    assert_eq!(proxy.changes_seen(), before + 1);
    assert_eq!(cluster.job_state(&job), "RUNNING", "nothing was cancelled");

    // In the console: a savepoint through the proxy, confirmed and audited; the password is on
    // no screen, in no audit line and nowhere in the diagnostic log.
    let mut c = crate::support::console::Console::on_clusters_now(&[behind(
        &proxy.url(PREFIX),
        Some(&password),
        false,
    )])
    .await;
    c.select_app_when_listed("keyed-counter@proxied").await;
    c.command("job keyed-counter@proxied").await;
    c.text("S").await;
    c.enter().await;
    let screen = c.draw();
    let audit = std::fs::read_to_string(&c.audit).unwrap_or_default();
    assert!(audit.contains("TriggerSavepoint"), "{audit}\n{screen}");
    // The password, and the Authorization header's value it travels in.
    let header = kinetic::domain::record::base64(format!("{USER}:{PASSWORD}").as_bytes());
    let logged = log.text();
    assert!(!logged.is_empty(), "the diagnostic log is read");
    for text in [&screen, &audit, &logged] {
        assert!(
            !text.contains(PASSWORD) && !text.contains(&header),
            "{text}"
        );
    }
}

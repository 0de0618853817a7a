//! The Job tab of Managed Flink applications read through their Flink dashboards, on a real
//! Flink behind a stand-in for the dashboard (it checks the token on every request, answers an
//! ended session with 403 and anything but GET with 405): the bottleneck and the root exception
//! named, the session renewed when refused and before its end (at most once a minute), the
//! token on no screen, in no log and in no audit line, and no change ever sent through it.
use crate::support::console::{Console, account_at};
use crate::support::dashboard::{DashboardStandIn, SimWithDashboards, presigning_client};
use crate::support::diagnostic_log::diagnostic_log;
use crate::support::flink::FlinkCluster;
use kinetic::app::effects::EffectRunner;
use kinetic::domain::PortError;
use kinetic::domain::job_view::JobSource;
use kinetic::ports::JobsPort;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Ticks every 10 s until the screen shows `text` (a real job takes a while to back up).
async fn until_drawn(c: &mut Console, text: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let screen = c.draw();
        if screen.contains(text) {
            return screen;
        }
        assert!(
            Instant::now() < deadline,
            "{text:?} not drawn within 120 s:\n{screen}"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
        c.after(10).await;
    }
}

/// A console over the simulated account whose Managed Flink applications' dashboards are the
/// stand-ins, their URLs from AWS's adapter over aws-smithy-mocks; the account's clock is the
/// wall's, so a real engine's timestamps and the console's agree.
async fn managed_console(presigned: aws_sdk_kinesisanalyticsv2::Client) -> Console {
    let sim = account_at(kinetic::sim::apps::SCENARIOS, chrono::Utc::now());
    Console::with_runner(false, (150, 45), &[], sim, move |sim, tx| {
        let clock_sim = sim.clone();
        let flink = Arc::new(SimWithDashboards {
            sim: sim.clone(),
            presigned: kinetic::aws::AwsFlink::new(presigned),
        });
        EffectRunner::new(
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            flink,
            Arc::new(sim.clone()),
            Arc::new(sim.clone()),
            tx,
            Arc::new(move || clock_sim.clock().now()),
        )
        .with_flink_ops(Arc::new(sim))
        // The stand-in is plain HTTP on 127.0.0.1: as with --endpoint-url.
        .with_dashboards("us-east-1", true)
    })
    .await
}

#[tokio::test]
async fn the_job_tab_of_a_managed_application_reads_a_real_flink_through_its_dashboard() {
    // The whole process's diagnostic log, at every level (the console's file has INFO and up).
    let log = diagnostic_log();
    let cluster = FlinkCluster::start("1.20.5");
    let counter = cluster.run("keyed-counter.jar", &["2000", "16", "2000"], 1);
    let failing = cluster.run("failing-job.jar", &["300", "100"], 1);
    let enricher = DashboardStandIn::start(&cluster.url, &counter).await;
    let router = DashboardStandIn::start(&cluster.url, &failing).await;
    let (client, rules) =
        presigning_client(&[("orders-enricher", &enricher), ("alerts-router", &router)]);
    let mut c = managed_console(client).await;
    cluster.wait_running(&counter);

    // The keyed counter's busy sink, named from the dashboard's live metrics.
    c.command("job orders-enricher").await;
    let screen = until_drawn(&mut c, "Bottleneck: sink-to-payments is busy").await;
    assert!(
        screen.contains("the Flink dashboard of orders-enricher (http://127.0.0.1:")
            && screen.contains("authToken=…)"),
        "the view says through what it was read:\n{screen}"
    );
    assert_eq!(rules[0].num_calls(), 1, "one presigned URL for the tab");
    let view = c
        .model
        .app_detail
        .as_ref()
        .unwrap()
        .job
        .value()
        .unwrap()
        .clone();
    assert!(matches!(view.source, JobSource::Dashboard { .. }));
    println!(
        "calls per Job tab refresh through the dashboard: {}",
        view.calls
    );
    assert!(view.calls >= 8, "{}", view.calls);

    // The session ends (AWS ended it, or it was revoked): the next read is refused, a new URL is
    // asked for, and the view comes back through it.
    c.after(60).await;
    enricher.expire_all();
    c.after(10).await;
    assert_eq!(rules[0].num_calls(), 2, "renewed once after the 403");
    let page = c.model.app_detail.as_ref().unwrap();
    assert!(
        page.job.error().is_none(),
        "the renewed session read the view: {:?}",
        page.job.error()
    );
    assert!(
        enricher.requests().iter().any(|(_, status)| *status == 403),
        "{:?}",
        enricher.requests()
    );
    // Refused again within the minute: no new URL, one sentence, the last view kept.
    enricher.expire_all();
    c.after(10).await;
    assert_eq!(rules[0].num_calls(), 2, "at most one URL a minute");
    let screen = c.draw();
    assert!(
        screen.contains("asks at most once a minute") && screen.contains("STALE"),
        "{screen}"
    );
    // A minute on, a new session, and the view is current again.
    c.after(60).await;
    let screen = until_drawn(&mut c, "Bottleneck: sink-to-payments").await;
    assert!(!screen.contains("STALE"), "{screen}");
    assert!(rules[0].num_calls() >= 3);

    // The failing job: its root exception, through its own application's dashboard.
    c.command("job alerts-router").await;
    let screen = until_drawn(&mut c, "has no currency (thrown every 300 records)").await;
    assert!(screen.contains("EXCEPTIONS ("), "{screen}");
    // The rollback guide's "what is wrong" names it too, from the same dashboard.
    c.command("rollback alerts-router").await;
    let guide = until_drawn(&mut c, "has no currency").await;
    assert!(guide.contains("What is wrong"), "{guide}");
    c.command("job alerts-router").await;

    // A change to the application (through AWS, not the dashboard) is audited as ever.
    c.command("snapshot before-the-fix").await;
    let needs_name = match c.model.modal.as_ref() {
        Some(kinetic::app::modal::Modal::Confirm(confirm)) => confirm.plan.needs_name(),
        other => panic!("the snapshot's confirm dialog: {other:?}"),
    };
    if needs_name {
        c.text("alerts-router").await;
    }
    c.enter().await;
    let audit = std::fs::read_to_string(&c.audit).unwrap_or_default();
    assert!(audit.contains("CreateApplicationSnapshot"), "{audit}");

    // Nothing but GET reached either dashboard, and no token is anywhere it should not be.
    assert_eq!(enricher.not_get() + router.not_get(), 0);
    let screen = c.draw();
    let logged = log.text();
    assert!(
        logged.contains("a new Flink dashboard session"),
        "the log says what happened: {logged}"
    );
    for stand_in in [&enricher, &router] {
        assert!(!stand_in.tokens().is_empty());
        stand_in.assert_no_token_in("the screen", &screen);
        stand_in.assert_no_token_in("the diagnostic log", &logged);
        stand_in.assert_no_token_in("the audit log", &audit);
        stand_in.assert_no_token_in(
            "the bottom line",
            &c.model
                .status
                .as_ref()
                .map(|s| s.text.clone())
                .unwrap_or_default(),
        );
    }
}

/// Through the adapter alone, on Flink 2.2: the view, a change refused before any request, and a
/// URL outside AWS refused before its token is sent.
#[tokio::test]
async fn a_dashboard_is_read_only_and_its_token_goes_nowhere_else() {
    let cluster = FlinkCluster::start("2.2.1");
    let failing = cluster.run("failing-job.jar", &["300", "100"], 1);
    let stand_in = DashboardStandIn::start(&cluster.url, &failing).await;
    let (client, rules) = presigning_client(&[("alerts-router", &stand_in)]);
    let flink = Arc::new(kinetic::aws::AwsFlink::new(client));
    let now: Arc<dyn Fn() -> kinetic::domain::Timestamp + Send + Sync> = Arc::new(chrono::Utc::now);
    let dashboards = kinetic::flink_rest::dashboard::ManagedDashboards::new(
        flink.clone(),
        "us-east-1",
        true,
        now.clone(),
    );
    let deadline = Instant::now() + Duration::from_secs(90);
    let view = loop {
        let view = dashboards.job_view("alerts-router").await.unwrap();
        if view.root_exception().is_some() {
            break view;
        }
        assert!(Instant::now() < deadline, "no exception within 90 s");
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    assert!(
        view.root_exception()
            .unwrap()
            .root_cause
            .contains("has no currency"),
        "{view:?}"
    );
    assert_eq!(dashboards.urls_asked(), 1, "one session for every read");
    assert_eq!(rules[0].num_calls(), 1);

    // A change through a dashboard is refused before any request.
    let token = stand_in.issue();
    let rest = kinetic::flink_rest::client::FlinkRest::dashboard(
        "the Flink dashboard of alerts-router",
        &format!("http://127.0.0.1:{}/flinkdashboard", stand_in.port),
        kinetic::domain::secret::Secret::new(token.clone()),
        &kinetic::flink_rest::client::Transport::new(
            kinetic::flink_rest::dashboard::DASHBOARD_BUDGET,
        ),
    );
    let before = stand_in.requests().len();
    let refused = rest.cancel(&failing).await.unwrap_err();
    assert!(
        matches!(&refused, PortError::Unavailable { why, .. } if why.contains("read-only")),
        "{refused}"
    );
    assert_eq!(stand_in.requests().len(), before, "nothing was sent");
    assert!(!refused.to_string().contains(&token));
    // An unknown token: a 403 said as a sentence without the token.
    let stale = kinetic::flink_rest::client::FlinkRest::dashboard(
        "the Flink dashboard of alerts-router",
        &format!("http://127.0.0.1:{}/flinkdashboard", stand_in.port),
        kinetic::domain::secret::Secret::new("tok-not-issued"),
        &kinetic::flink_rest::client::Transport::new(
            kinetic::flink_rest::dashboard::DASHBOARD_BUDGET,
        ),
    );
    let denied = stale.job_list().await.unwrap_err();
    assert!(
        matches!(denied, PortError::Unauthorized { status: 403, .. }),
        "{denied}"
    );
    assert!(!denied.to_string().contains("tok-not-issued"), "{denied}");

    // Without --endpoint-url, a dashboard URL that is not HTTPS to AWS's domain gets no token.
    let strict =
        kinetic::flink_rest::dashboard::ManagedDashboards::new(flink, "us-east-1", false, now);
    let before = stand_in.requests().len();
    let refused = strict.job_view("alerts-router").await.unwrap_err();
    assert!(refused.to_string().contains("is not HTTPS"), "{refused}");
    assert_eq!(stand_in.requests().len(), before, "the token was not sent");
    stand_in.assert_no_token_in("the sentence", &refused.to_string());
}

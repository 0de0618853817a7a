//! CloudWatch alarms over the simulated account: the badges, the pulse, `:alarms` and what Enter
//! opens; DescribeAlarms at most once per refresh.
use crate::support::console::Console;
use crossterm::event::KeyCode;
use kinetic::app::Route;
use kinetic::domain::AlarmState;

#[tokio::test]
async fn alarms_badge_their_rows_count_in_the_pulse_and_open_from_the_list() {
    let mut c = Console::start(false).await;
    let firing: Vec<String> = c
        .model
        .relevant_alarms()
        .iter()
        .filter(|a| a.state == AlarmState::Alarm)
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(
        firing,
        [
            "alerts-router-restarts",
            "checkout-events-write-throttled",
            "telemetry-enriched-consumer-lag",
            "ledger-events-write-throttled",
            "orders-ingest-write-throttled"
        ],
        "the hot stream, the two throttling on-demand streams, the lagging consumer and the restarting application, newest first"
    );
    assert!(c.draw().contains("alarms 5"), "{}", c.draw());
    c.text("/orders-in").await;
    c.enter().await;
    assert!(c.draw().contains("orders-ingest  ALARM"), "{}", c.draw());
    c.enter().await;
    assert!(
        c.draw().contains("ALARM  orders-ingest-write-throttled"),
        "the detail header names it: {}",
        c.draw()
    );

    c.command("alarms").await;
    assert_eq!(c.model.route(), &Route::Alarms);
    insta::assert_snapshot!(c.draw());
    // The newest is an application's alarm, the next a stream's: each opens its own screen.
    c.enter().await;
    assert_eq!(
        c.model.routes,
        [Route::Alarms, Route::AppDetail("alerts-router".into())]
    );
    c.esc().await;
    c.press(KeyCode::Down).await;
    c.enter().await;
    assert_eq!(
        c.model.routes,
        [Route::Alarms, Route::StreamDetail("checkout-events".into())]
    );
    c.esc().await;
    assert_eq!(c.model.route(), &Route::Alarms);
}

#[tokio::test]
async fn describe_alarms_is_asked_once_per_refresh_and_backs_off_when_denied() {
    let mut c = Console::start(false).await;
    let before = c.sim.calls();
    c.run_for(120, 1).await;
    // Two pages a refresh (ALARM, INSUFFICIENT_DATA), one refresh every 10 s.
    assert_eq!((c.sim.calls() - before).describe_alarms, 2 * 12);
    c.sim.fail_always(
        "DescribeAlarms",
        Some(kinetic::domain::PortError::AccessDenied {
            api: "DescribeAlarms".into(),
            detail: "not authorized".into(),
        }),
    );
    let before = c.sim.calls();
    c.run_for(600, 1).await;
    assert!((c.sim.calls() - before).describe_alarms <= 2 * 8);
    assert!(c.model.alarms.list.is_stale(), "marked stale");
    assert!(
        !c.model.relevant_alarms().is_empty(),
        "the last alarms seen are kept"
    );
    assert!(
        c.draw().contains("DescribeAlarms access denied"),
        "{}",
        c.draw()
    );
}

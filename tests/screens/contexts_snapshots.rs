//! The contexts screen and the header's word on the other contexts, in each state: before the first read, read well (a failing application, an alarm firing), STALE after a failed read, and expired credentials.
use crate::support::drive::screen as draw;
use crate::support::models::*;
use kinetic::app::Model;
use kinetic::app::msg::Msg;
use kinetic::app::update::update;
use kinetic::domain::watch::{ContextCounts, WatchedContext};
use kinetic::domain::{Alarm, AlarmState, PortError};

fn watched(label: &str, profile: &str, region: &str) -> WatchedContext {
    WatchedContext {
        label: label.into(),
        profile: Some(profile.into()),
        region: Some(region.into()),
        endpoint: None,
    }
}

/// prod-ops in eu-west-1 in view, three others watched.
fn watching() -> Model {
    let (mut model, _) = loaded(140, 16, vec![]);
    model.contexts = kinetic::app::contexts_page::ContextsPage::new(vec![
        watched("prod-ops-euw1", "prod-ops", "eu-west-1"),
        watched("prod-use1", "prod", "us-east-1"),
        watched("staging", "staging", "us-west-2"),
        watched("prod-apse2", "prod", "ap-southeast-2"),
    ]);
    update(&mut model, Msg::Tick(t0()));
    update(&mut model, kinetic::app::msg::Msg::Key(key(':')));
    for c in "contexts".chars() {
        update(&mut model, Msg::Key(key(c)));
    }
    update(
        &mut model,
        Msg::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    model
}

fn key(c: char) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char(c),
        crossterm::event::KeyModifiers::NONE,
    )
}

#[test]
fn contexts_before_the_first_read() {
    insta::assert_snapshot!(draw(&watching()));
}

#[test]
fn contexts_read_failing_stale_and_expired() {
    let mut model = watching();
    let alarm = Alarm {
        name: "enricher-downtime".into(),
        state: AlarmState::Alarm,
        since: t0(),
        namespace: "AWS/KinesisAnalytics".into(),
        metric: "downtime".into(),
        dimensions: vec![("Application".into(), "orders-enricher".into())],
        reason: "Threshold Crossed".into(),
    };
    let read = |label: &str, result| Msg::WatchedRead {
        label: label.into(),
        result,
        at: t0(),
    };
    update(
        &mut model,
        read(
            "prod-use1",
            Ok(ContextCounts {
                streams_ok: 11,
                streams_degraded: 1,
                apps_ok: 2,
                apps_failing: 1,
                failing: vec!["orders-enricher".into()],
                alarms: vec![alarm],
                ..ContextCounts::default()
            }),
        ),
    );
    update(
        &mut model,
        read(
            "staging",
            Ok(ContextCounts {
                streams_ok: 4,
                apps_ok: 1,
                ..ContextCounts::default()
            }),
        ),
    );
    update(
        &mut model,
        read(
            "staging",
            Err(PortError::Network {
                endpoint: "https://kinesis.us-west-2.amazonaws.com".into(),
                reason: "connection refused".into(),
            }),
        ),
    );
    update(
        &mut model,
        read(
            "prod-apse2",
            Err(PortError::Credentials {
                detail: "the SSO session expired".into(),
            }),
        ),
    );
    // On staging's row: its whole sentence under the table.
    update(&mut model, Msg::Key(key('j')));
    update(&mut model, Msg::Key(key('j')));
    insta::assert_snapshot!(draw(&model));
}

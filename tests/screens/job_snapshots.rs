//! The Job tab: Flink's own view of an application's job — a backpressured job with its bottleneck named, an exception history folded and unfolded, a view that cannot be read, and a stale one.

use crate::support::console::{account, started};
use crate::support::drive::screen as draw;
use crate::support::drive::settle;
use crate::support::models::{char_key, key, type_text};
use crossterm::event::KeyCode;
use kinetic::app::Command;
use kinetic::app::app_detail_page::{AppTab, JobRow};
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use kinetic::domain::{Loadable, PortError};

/// The simulated account at a fixed time, on `app`'s Job tab through `:job APP`.
async fn on_job(app: &str) -> (Model, EffectRunner) {
    let sim = account(9);
    let (mut model, runner) = started(&sim, (140, 40)).await;
    update(&mut model, char_key(':'));
    type_text(&mut model, &format!("job {app}"));
    let commands = update(&mut model, key(KeyCode::Enter));
    settle(&mut model, &runner, commands).await;
    assert_eq!(model.app_detail.as_ref().unwrap().tab, AppTab::Job);
    (model, runner)
}

#[tokio::test]
async fn a_lagging_job_names_its_busy_sink_the_bottleneck() {
    let (model, _) = on_job("telemetry-aggregator").await;
    let screen = draw(&model);
    assert!(
        screen.contains("Bottleneck: Sink:"),
        "the bottleneck is named: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn enter_on_an_older_checkpoint_reads_its_slowest_operator_and_subtask() {
    let (mut model, runner) = on_job("payments-fraud-scorer").await;
    // No exception selected first here: the cursor starts on the newest exception, so go up
    // to the third checkpoint.
    let rows = model.app_detail.as_ref().unwrap().job_rows();
    let third = rows
        .iter()
        .position(|r| matches!(r, JobRow::Checkpoint(_)))
        .unwrap()
        + 2;
    while model.app_detail.as_ref().unwrap().job_cursor > third {
        update(&mut model, char_key('k'));
    }
    let before = draw(&model);
    assert!(before.contains("enter reads it"), "{before}");
    let commands = update(&mut model, key(KeyCode::Enter));
    assert!(matches!(
        commands.as_slice(),
        [Command::LoadCheckpointDetail { .. }]
    ));
    settle(&mut model, &runner, commands).await;
    let after = draw(&model);
    assert!(!after.contains("enter reads it"), "{after}");
    insta::assert_snapshot!(after);
}

#[tokio::test]
async fn a_restarting_job_lists_its_exceptions_and_enter_unfolds_the_selected_stack() {
    let (mut model, runner) = on_job("alerts-router").await;
    let folded = draw(&model);
    assert!(folded.contains("NullPointerException"), "{folded}");
    let commands = update(&mut model, char_key('j'));
    settle(&mut model, &runner, commands).await;
    let commands = update(&mut model, key(KeyCode::Enter));
    settle(&mut model, &runner, commands).await;
    let unfolded = draw(&model);
    assert!(
        unfolded.contains("FeatureExtractor.map(FeatureExtractor.java:88)"),
        "{unfolded}"
    );
    insta::assert_snapshot!(format!("{folded}\n{unfolded}"));
}

#[tokio::test]
async fn a_view_that_cannot_be_read_says_why_and_a_failed_refresh_keeps_the_last_one_marked_stale()
{
    let (mut model, _) = on_job("orders-enricher").await;
    let page = model.app_detail.as_mut().unwrap();
    let last = page.job.value().cloned().unwrap();
    page.job = Loadable::Failed {
        error: PortError::ClusterUnreachable {
            cluster: "prod-flink".into(),
            url: "http://10.0.0.5:8081".into(),
            reason: "connection refused".into(),
        },
        at: model.now,
        last_good: Some((last, model.now - chrono::Duration::seconds(30))),
    };
    let stale = draw(&model);
    assert!(stale.contains("STALE") && stale.contains("cannot reach the Flink cluster prod-flink"));
    let page = model.app_detail.as_mut().unwrap();
    page.job = Loadable::Failed {
        error: PortError::Unavailable {
            what: "Flink's own job view of the Managed Flink application orders-enricher".into(),
            why: "AWS documents its Flink dashboard link (CreateApplicationPresignedUrl) for a browser, not how a program may carry that session to Flink's REST API, so kinetic does not guess; :dashboard opens it in the browser".into(),
        },
        at: model.now,
        last_good: None,
    };
    let unavailable = draw(&model);
    insta::assert_snapshot!(format!("{stale}\n{unavailable}"));
}

//! The applications list and every application tab, in loaded, empty and error states.

use crate::support::console::{account, started};
use crate::support::drive::settle;

use crate::support::models::{char_key, key, type_text};
use crossterm::event::KeyCode;
use kinetic::app::app_detail_page::AppTab;
use kinetic::app::effects::EffectRunner;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use kinetic::domain::{Loadable, PortError};
use kinetic::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(model: &Model) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(model.width, model.height)).unwrap();
    terminal
        .draw(|frame| view(model, &Theme::default_theme(), frame))
        .unwrap();
    terminal
}

/// The simulated account, loaded, on the applications screen, at a fixed time.
async fn on_apps(apps: usize, throttled: bool) -> (Model, EffectRunner) {
    let sim = account(apps);
    sim.set_throttling(throttled);
    let (mut model, runner) = started(&sim, (130, 30)).await;
    update(&mut model, char_key(':'));
    type_text(&mut model, "apps");
    let commands = update(&mut model, key(KeyCode::Enter));
    settle(&mut model, &runner, commands).await;
    (model, runner)
}

async fn open(model: &mut Model, runner: &EffectRunner, app: &str, keys: &str) {
    update(model, char_key('/'));
    type_text(model, app);
    update(model, key(KeyCode::Enter));
    let commands = update(model, key(KeyCode::Enter));
    settle(model, runner, commands).await;
    for c in keys.chars() {
        let commands = update(model, char_key(c));
        settle(model, runner, commands).await;
    }
}

#[tokio::test]
async fn apps_loaded() {
    let (model, _) = on_apps(7, false).await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn apps_empty() {
    let (model, _) = on_apps(0, false).await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn apps_error() {
    let (model, _) = on_apps(7, true).await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tab_overview() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "audit-archiver", "").await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tab_versions_with_diff() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "audit-archiver", "2 j ").await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tab_snapshots() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "payments-fraud", "3").await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tab_checkpoints() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "payments-fraud", "4").await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tab_operations_with_failure() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "audit-archiver", "5j").await;
    insta::assert_snapshot!(draw(&model).backend());
}

#[tokio::test]
async fn tabs_empty() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "clickstream-sessionizer", "").await;
    let mut shots = Vec::new();
    for (tab, keys) in [
        (AppTab::Versions, '2'),
        (AppTab::Snapshots, '3'),
        (AppTab::Checkpoints, '4'),
        (AppTab::Operations, '5'),
    ] {
        let commands = update(&mut model, char_key(keys));
        settle(&mut model, &runner, commands).await;
        let page = model.app_detail.as_mut().unwrap();
        assert_eq!(page.tab, tab);
        page.versions = Loadable::Loaded {
            value: vec![],
            at: model.now,
        };
        page.snapshots = Loadable::Loaded {
            value: vec![],
            at: model.now,
        };
        page.operations = Loadable::Loaded {
            value: vec![],
            at: model.now,
        };
        shots.push(draw(&model).backend().to_string());
    }
    insta::assert_snapshot!(shots.join("\n"));
}

#[tokio::test]
async fn tabs_error() {
    let (mut model, runner) = on_apps(7, false).await;
    open(&mut model, &runner, "orders-enricher", "").await;
    let error = PortError::AccessDenied {
        api: "ListApplicationVersions".into(),
        detail: "not authorized to perform kinesisanalytics:ListApplicationVersions".into(),
    };
    let mut shots = Vec::new();
    for keys in ['2', '3', '4', '5'] {
        update(&mut model, char_key(keys));
        let page = model.app_detail.as_mut().unwrap();
        let at = model.now;
        page.versions = Loadable::Failed {
            error: error.clone(),
            at,
            last_good: None,
        };
        page.snapshots = Loadable::Failed {
            error: error.clone(),
            at,
            last_good: None,
        };
        page.operations = Loadable::Failed {
            error: error.clone(),
            at,
            last_good: None,
        };
        page.checkpoints = Loadable::Failed {
            error: error.clone(),
            at: model.now,
            last_good: None,
        };
        shots.push(draw(&model).backend().to_string());
    }
    page_error_of_detail(&mut model);
    shots.push(draw(&model).backend().to_string());
    insta::assert_snapshot!(shots.join("\n"));
}

fn page_error_of_detail(model: &mut Model) {
    let page = model.app_detail.as_mut().unwrap();
    page.detail = Loadable::Failed {
        error: PortError::NotFound {
            resource: "application orders-enricher".into(),
        },
        at: model.now,
        last_good: None,
    };
}

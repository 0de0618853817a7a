//! A self-managed job's plans on the confirm dialog: the way back (what is wrong, what changed,
//! the previous jar from the savepoint taken when the failing version was deployed), a rescale
//! in place under the adaptive scheduler, a deploy refused for want of slots, and the jar picker.
use crate::support::console::{account, started};
use crate::support::deployments::job_facts;
use crate::support::drive::screen as draw;
use crate::support::models::key;
use crossterm::event::KeyCode;
use kinetic::app::Msg;
use kinetic::app::model::Model;
use kinetic::app::update::update;
use kinetic::ops::job_deploy_plan::{JobIntent, parse};

async fn with_facts(intent: JobIntent, adaptive: bool) -> Model {
    let sim = account(0);
    let (mut model, _) = started(&sim, (140, 40)).await;
    update(
        &mut model,
        Msg::DeployFactsLoaded {
            app: "keyed-counter@local".into(),
            intent,
            result: Ok(Box::new((job_facts(adaptive), None))),
        },
    );
    model
}

async fn planned(intent: JobIntent, adaptive: bool) -> String {
    draw(&with_facts(intent, adaptive).await)
}

#[tokio::test]
async fn the_way_back_says_what_is_wrong_what_changed_and_which_savepoint() {
    let screen = planned(JobIntent::WayBack(None), false).await;
    assert!(
        screen.contains("root exception: IllegalStateException: boom"),
        "{screen}"
    );
    assert!(
        screen.contains("keyed-counter.jar → keyed-counter-broken.jar"),
        "{screen}"
    );
    assert!(
        screen.contains("file:/sp/1: taken when version 2 was deployed"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn a_rescale_under_the_adaptive_scheduler_is_in_place() {
    let screen = planned(JobIntent::Rescale(2), true).await;
    assert!(
        screen.contains("PUT /jobs/v2/resource-requirements"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn a_deploy_wanting_more_slots_than_free_is_refused() {
    let choice = parse("keyed-counter.jar -p 8 -- 200").unwrap();
    let screen = planned(JobIntent::Deploy(choice), true).await;
    assert!(screen.contains("8 needed but only 3 free"), "{screen}");
    insta::assert_snapshot!(screen);
}

#[tokio::test]
async fn the_jar_picker_lists_the_clusters_uploads_and_enter_puts_the_deploy_on_the_command_line() {
    let mut model = with_facts(JobIntent::Pick, false).await;
    let screen = draw(&model);
    assert!(screen.contains("pick a jar"), "{screen}");
    assert!(screen.contains("a local file"), "{screen}");
    insta::assert_snapshot!(screen);
    update(&mut model, key(KeyCode::Enter));
    assert!(model.modal.is_none());
    assert_eq!(
        model.input,
        kinetic::app::model::Input::Command("deploy id_keyed-counter.jar -- 200".into())
    );
}

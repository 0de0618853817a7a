//! The rollback guide over the simulated account: each drill from the failing application to a
//! verified recovery, in a few keys; the refusals; a change made meanwhile; read-only; the timeline.
use crate::support::console::Console;
use kinetic::app::Command;
use kinetic::app::Route;
use kinetic::domain::{AppStatus, Restore};
use kinetic::ops::OpCall;
use kinetic::ops::rollback_plan::Path;

fn summary(c: &Console, app: &str) -> kinetic::domain::AppSummary {
    c.model
        .apps
        .summaries()
        .iter()
        .find(|s| s.name == app)
        .unwrap()
        .clone()
}

fn way(c: &Console) -> kinetic::ops::rollback_plan::WayBack {
    c.model
        .rollback
        .as_ref()
        .unwrap()
        .way()
        .expect("the guide has its facts")
}

#[tokio::test]
async fn recommendations_trainer_goes_back_to_flink_1_20_from_the_snapshot_before_its_upgrade() {
    let mut c = Console::start(false).await;
    c.select_app("recommendations-trainer").await;
    let before = c.sim.calls();
    // From the list: B, Enter, the name, Enter.
    let mut keystrokes = 1;
    c.text("B").await;
    let filling = c.sim.calls() - before;
    assert_eq!(
        c.model.route(),
        &Route::Rollback("recommendations-trainer".into())
    );
    let way = way(&c);
    assert_eq!(way.path, Some(Path::Rollback));
    let snapshot = way.snapshot.unwrap();
    assert_eq!(
        (
            snapshot.name.as_str(),
            snapshot.version_id,
            snapshot.runtime.as_deref()
        ),
        (
            "recommendations-trainer-pre-upgrade-1_20",
            1,
            Some("FLINK-1_20")
        )
    );
    let screen = c.draw();
    assert!(
        screen.contains("What is wrong") && screen.contains("NullPointerException"),
        "{screen}"
    );
    assert!(
        screen.contains("FLINK-1_20 → FLINK-2_2"),
        "what changed: {screen}"
    );
    // The guide is filled with a handful of calls: Describe/List x3, one version, one
    // operation, and FilterLogEvents.
    assert_eq!(
        (
            filling.describe_application,
            filling.list_operations,
            filling.list_snapshots,
            filling.describe_operation
        ),
        (1, 1, 1, 1),
        "{filling:?}"
    );
    c.enter().await;
    keystrokes += 1;
    assert_eq!(
        c.confirm().plan.call,
        OpCall::RollbackApplication { current_version: 2 }
    );
    c.text("recommendations-trainer").await;
    keystrokes += "recommendations-trainer".len();
    let sent = c.enter().await;
    keystrokes += 1;
    assert_eq!(Console::changes(&sent).len(), 1);
    assert!(
        keystrokes - "recommendations-trainer".len() <= 8,
        "{keystrokes}"
    );
    c.run_until_said(120, 5, "health gate: watching").await;
    let after = summary(&c, "recommendations-trainer");
    assert_eq!(
        (after.version_id, after.runtime.as_str()),
        (3, "FLINK-1_20")
    );
    let done = c.run_until_said(660, 10, "is healthy again after").await;
    assert!(
        done.starts_with("recommendations-trainer is healthy again after"),
        "{done}"
    );
    let audit = c.audit_lines();
    let last = audit.last().unwrap();
    assert_eq!(
        (
            last["action"].as_str(),
            last["phase"].as_str(),
            last["result"].as_str()
        ),
        (Some("RollbackApplication"), Some("gate"), Some("passed"))
    );
    assert!(
        c.draw().contains("5  Following the way back"),
        "{}",
        c.draw()
    );
}

#[tokio::test]
async fn after_a_failed_system_rollback_it_redeploys_then_starts_in_two_confirmed_steps() {
    let mut c = Console::start(false).await;
    c.command("rollback session-windows").await;
    let way = way(&c);
    assert_eq!(way.path, Some(Path::Redeploy { then_start: true }));
    assert!(
        way.sentence
            .contains("READY because RollbackApplication failed"),
        "{}",
        way.sentence
    );
    let guide = c.draw();
    assert!(
        guide.contains("could not be rolled back") && guide.contains("ClassNotFoundException"),
        "{guide}"
    );
    c.enter().await;
    let OpCall::UpdateApplication(update) = c.confirm().plan.call.clone() else {
        panic!()
    };
    assert_eq!(
        update.restore,
        Restore::Snapshot("session-windows-update-before-2_0".into())
    );
    assert!(
        update
            .code
            .unwrap()
            .file_key
            .ends_with("session-windows-1.0.0.jar")
    );
    c.text("session-windows").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    // Step 2 is offered, planned from fresh facts, once step 1 has landed.
    c.run_until(60, 5, |c| {
        matches!(&c.model.modal, Some(kinetic::app::modal::Modal::Confirm(_)))
    })
    .await;
    let step2 = c.confirm();
    assert_eq!(
        step2.plan.call,
        OpCall::StartApplication {
            restore: Restore::Snapshot("session-windows-update-before-2_0".into())
        }
    );
    assert!(
        step2
            .notice
            .as_deref()
            .unwrap()
            .starts_with("Step 1 of 2 done")
    );
    assert_eq!(
        Console::changes(&c.enter().await).len(),
        1,
        "a start that restores confirms with Enter"
    );
    c.run_until_said(120, 5, "health gate: watching").await;
    c.run_until_said(660, 10, "session-windows is healthy again after")
        .await;
    assert_eq!(summary(&c, "session-windows").status, AppStatus::Running);
}

#[tokio::test]
async fn without_any_snapshot_the_refusal_is_explained_and_the_redeploy_is_destructive() {
    let mut c = Console::start(false).await;
    c.command("rollback alerts-router").await;
    let way = way(&c);
    assert_eq!(way.path, Some(Path::Redeploy { then_start: false }));
    assert!(
        way.sentence
            .contains("AWS refuses RollbackApplication without one")
    );
    c.enter().await;
    let plan = c.confirm().plan.clone();
    assert!(plan.destructive() && plan.needs_name());
    assert!(c.draw().contains("DESTRUCTIVE"));
    let OpCall::UpdateApplication(update) = &plan.call else {
        panic!()
    };
    assert_eq!(update.restore, Restore::Skip);
    c.text("alerts-router").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    c.run_until_said(780, 10, "alerts-router is healthy again after")
        .await;
}

#[tokio::test]
async fn a_failed_gate_offers_the_guide_and_a_snapshot_of_the_failing_version_is_warned_about() {
    let mut c = Console::start(false).await;
    c.select_app("telemetry-aggregator").await;
    c.text("D").await;
    c.enter().await;
    c.text("telemetry-aggregator").await;
    c.enter().await;
    let failed = c.run_until_said(720, 10, "health gate FAILED").await;
    assert!(
        failed.contains("B opens the rollback guide for telemetry-aggregator"),
        "{failed}"
    );
    // Someone snapshots the failing version before rolling back.
    c.command("snapshot after-bad-deploy").await;
    c.enter().await;
    c.run_until_said(40, 5, "is READY").await;
    c.text("B").await;
    let rules = way(&c);
    assert_eq!(rules.path, Some(Path::Rollback));
    assert!(
        rules.warnings[0].contains("taken by the failing version 3"),
        "{:?}",
        rules.warnings
    );
    assert!(rules.alternative.as_deref().unwrap().starts_with("p: "));
    assert!(c.draw().contains("p the other path"), "{}", c.draw());
    // p: the path restoring the snapshot the update itself took of version 2.
    c.text("p").await;
    let other = way(&c);
    assert_eq!(other.path, Some(Path::Redeploy { then_start: false }));
    assert_eq!(other.snapshot.unwrap().version_id, 2);
    c.enter().await;
    c.text("telemetry-aggregator").await;
    assert_eq!(Console::changes(&c.enter().await).len(), 1);
    c.run_until_said(720, 10, "telemetry-aggregator is healthy again")
        .await;
}

#[tokio::test]
async fn keys_with_nothing_to_do_on_this_guide_are_not_offered_and_say_why() {
    let mut c = Console::start(false).await;
    // alerts-router: one way back and no snapshot, so neither p nor space has anything to do.
    c.command("rollback alerts-router").await;
    let screen = c.draw();
    assert!(screen.contains("enter plans it"), "{screen}");
    assert!(!screen.contains("the other path"), "{screen}");
    assert!(!screen.contains("restore another snapshot"), "{screen}");
    let before = way(&c);
    c.text("p").await;
    assert!(
        c.status().contains("there is no other path here"),
        "{}",
        c.status()
    );
    assert_eq!(way(&c).sentence, before.sentence);
    c.esc().await;
    // audit-archiver: snapshots exist, but already rolled back there is no way back to plan.
    c.command("rollback audit-archiver").await;
    let screen = c.draw();
    assert!(!screen.contains("enter plans it"), "{screen}");
    assert!(!screen.contains("plan the way back"), "{screen}");
    assert!(!screen.contains("restore another snapshot"), "{screen}");
    c.text(" ").await;
    assert!(
        c.status().contains("no snapshot can be restored from here"),
        "{}",
        c.status()
    );
    assert_eq!(way(&c).path, None);
    assert!(Console::changes(&c.enter().await).is_empty());
}

#[tokio::test]
async fn going_back_from_a_second_guide_shows_the_first_application_again() {
    let mut c = Console::start(false).await;
    c.command("rollback alerts-router").await;
    c.command("rollback session-windows").await;
    assert_eq!(c.model.rollback.as_ref().unwrap().app, "session-windows");
    c.esc().await;
    assert_eq!(c.model.route(), &Route::Rollback("alerts-router".into()));
    assert_eq!(c.model.rollback.as_ref().unwrap().app, "alerts-router");
    assert!(
        way(&c).sentence.contains("alerts-router has no snapshot"),
        "{}",
        way(&c).sentence
    );
}

#[tokio::test]
async fn a_guide_that_cannot_be_read_says_why_and_how_to_retry() {
    let mut c = Console::start(false).await;
    c.command("throttle on").await;
    c.command("rollback alerts-router").await;
    let screen = c.draw();
    assert!(
        screen.contains("Could not read the application"),
        "{screen}"
    );
    assert!(screen.contains("ctrl-r retries"), "{screen}");
    assert!(!screen.contains("The way back"), "{screen}");
    c.command("throttle off").await;
    c.keys(&[crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('r'),
        crossterm::event::KeyModifiers::CONTROL,
    )])
    .await;
    assert!(c.draw().contains("The way back"), "{}", c.draw());
}

#[tokio::test]
async fn commands_naming_an_application_that_is_not_there_ask_nothing_of_aws() {
    let mut c = Console::start(false).await;
    for line in [
        "rollback orders-enrichr",
        "timeline orders-enrichr",
        "drill conflict orders-enrichr",
    ] {
        let before = c.sim.calls();
        let sent = c.command(line).await;
        assert!(sent.is_empty(), "{line}: {sent:?}");
        assert_eq!(c.sim.calls(), before, "{line}");
        assert!(
            c.status()
                .contains("there is no application named orders-enrichr"),
            "{line}: {}",
            c.status()
        );
    }
    // Nothing selected on the streams screen: the usage.
    c.command("timeline").await;
    assert!(
        c.status().contains("usage: :timeline [APP]"),
        "{}",
        c.status()
    );
}

#[tokio::test]
async fn an_open_guide_reads_its_log_once_a_minute_and_the_rest_every_refresh() {
    let mut c = Console::start(false).await;
    let before = c.sim.calls();
    c.command("rollback recommendations-trainer").await;
    let first = c.sim.calls() - before;
    assert!(first.filter_log_events >= 1, "{first:?}");
    let errors = c
        .model
        .rollback
        .as_ref()
        .unwrap()
        .facts
        .value()
        .unwrap()
        .log
        .errors;
    // Two minutes open at the default 10 s refresh: twelve reads of the application, and the
    // log read again twice (once a minute), its findings kept in between.
    c.run_for(120, 5).await;
    let open = c.sim.calls() - before;
    assert_eq!(open.list_snapshots, 1 + 12, "{open:?}");
    assert!(
        open.filter_log_events <= 3 * first.filter_log_events,
        "{} FilterLogEvents pages in two minutes, {} a read",
        open.filter_log_events,
        first.filter_log_events
    );
    let log = &c
        .model
        .rollback
        .as_ref()
        .unwrap()
        .facts
        .value()
        .unwrap()
        .log;
    assert!(
        log.errors >= errors,
        "the findings are kept between reads: {log:?}"
    );
}

#[tokio::test]
async fn the_guide_names_the_keys_the_operator_bound() {
    let mut c = Console::start(false).await;
    c.model.keymap = kinetic::config::Keymap::with_overrides(
        "keymap.toml",
        "[rollback]\n\"l\" = \"none\"\n\"o\" = \"logs\"\n[apps]\n\"B\" = \"none\"\n\"g\" = \"rollback\"\n\"X\" = \"none\"\n",
    )
    .unwrap();
    // Messages name the applications screen's keys, or the command where a key is unbound.
    use kinetic::app::Action;
    assert_eq!(c.model.app_key_or(Action::Rollback, ":rollback"), "g");
    assert_eq!(c.model.app_key_or(Action::Stop, ":stop"), ":stop");
    c.command("rollback telemetry-aggregator").await;
    let screen = c.draw();
    assert!(screen.contains("(o opens the log there)"), "{screen}");
    assert!(screen.contains("· o logs ·"), "{screen}");
    assert!(!screen.contains("l opens the log"), "{screen}");
}

#[tokio::test]
async fn a_change_made_meanwhile_re_reads_the_guide_and_nothing_is_retried() {
    let mut c = Console::start(false).await;
    c.command("rollback recommendations-trainer").await;
    // Another tool changes the application between the plan and the call.
    c.command("drill conflict recommendations-trainer").await;
    c.enter().await;
    c.text("recommendations-trainer").await;
    let sent = c.enter().await;
    assert_eq!(Console::changes(&sent).len(), 1);
    assert!(c.status().contains("was not changed"), "{}", c.status());
    assert!(
        sent.iter()
            .any(|s| matches!(s, Command::LoadRollbackFacts { .. })),
        "the guide reads again"
    );
    let guide = c.model.rollback.as_ref().unwrap();
    assert!(
        guide
            .notice
            .as_deref()
            .unwrap()
            .contains("changed since the plan was made")
    );
    assert!(c.model.operations.is_empty());
    assert!(
        c.model.modal.is_none(),
        "nothing is confirmed or sent by itself"
    );
}

#[tokio::test]
async fn refusals_say_why_and_read_only_shows_the_guide_but_takes_no_way_back() {
    let mut c = Console::start(false).await;
    c.command("rollback audit-archiver").await;
    let refused = way(&c);
    assert_eq!(refused.path, None);
    assert!(
        refused
            .sentence
            .contains("already runs version 2's configuration again"),
        "{}",
        refused.sentence
    );
    assert!(c.enter().await.is_empty());
    assert!(c.status().contains("no way back now"), "{}", c.status());
    c.esc().await;
    c.command("rollback clickstream-sessionizer").await;
    assert!(way_of(&c).contains("stopped on purpose"));

    let mut ro = Console::start(true).await;
    ro.command("rollback recommendations-trainer").await;
    assert_eq!(
        way(&ro).path,
        Some(Path::Rollback),
        "the diagnosis is there in read-only mode"
    );
    let sent = ro.enter().await;
    assert!(sent.is_empty() && ro.model.modal.is_none());
    assert!(ro.status().contains("read-only mode"), "{}", ro.status());
}

fn way_of(c: &Console) -> String {
    way(c).sentence
}

#[tokio::test]
async fn the_timeline_holds_the_operations_the_audit_records_and_the_gate() {
    let mut c = Console::start(false).await;
    c.command("rollback recommendations-trainer").await;
    c.enter().await;
    c.text("recommendations-trainer").await;
    c.press(crossterm::event::KeyCode::Tab).await;
    c.text("INC-42").await;
    c.enter().await;
    c.run_until_said(720, 10, "healthy again").await;
    let sent = c.command("timeline").await;
    let Some(Command::WriteTimeline { app, path }) = sent.first() else {
        panic!("{sent:?}")
    };
    assert_eq!(app, "recommendations-trainer");
    assert!(
        path.to_string_lossy()
            .starts_with("kinetic-timeline-recommendations-trainer-")
    );
    // Write where the test can read it.
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("timeline.md");
    let written = c
        .runner
        .execute(Command::WriteTimeline {
            app: app.clone(),
            path: target.clone(),
        })
        .await;
    assert!(
        matches!(
            written,
            Some(kinetic::app::Msg::TimelineWritten { result: Ok(_), .. })
        ),
        "{written:?}"
    );
    let _ = std::fs::remove_file(path);
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with("# Incident timeline: recommendations-trainer"));
    assert!(
        text.contains("RollbackApplication started — reason: INC-42"),
        "{text}"
    );
    assert!(text.contains("RollbackApplication SUCCESSFUL"), "{text}");
    assert!(
        text.contains("health gate passed after RollbackApplication"),
        "{text}"
    );
}

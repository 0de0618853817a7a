//! Resharding from the keyboard over the simulator: plan, bad input, checks, confirm, one call,
//! audit, UPDATING until ACTIVE, multi-step plans, read-only; snapshots of both dialogs.

use crate::support::console::{Console, key as key_event};
use crate::support::models::{char_key, key, type_text};
use crossterm::event::KeyCode;
use kinetic::app::Command;
use kinetic::app::modal::Modal;
use kinetic::app::update::update;
use kinetic::ops::{NextStep, OpCall};

/// The simulated account with the seven applications these pictures were drawn with.
async fn drill(read_only: bool) -> Console {
    Console::with(read_only, 7, (130, 34)).await
}

/// The resharding steps of the console: select a stream, open its planner, clear the target.
trait Reshard {
    async fn select(&mut self, stream: &str);
    async fn planner(&mut self, stream: &str) -> Vec<Command>;
    async fn clear_target(&mut self);
}

impl Reshard for Console {
    async fn select(&mut self, stream: &str) {
        update(&mut self.model, char_key('/'));
        type_text(&mut self.model, stream);
        update(&mut self.model, key(KeyCode::Enter));
    }

    async fn planner(&mut self, stream: &str) -> Vec<Command> {
        self.select(stream).await;
        self.text("R").await
    }

    async fn clear_target(&mut self) {
        for _ in 0..6 {
            self.press(KeyCode::Backspace).await;
        }
    }
}

/// The shard counts of the UpdateShardCount calls among `sent`.
fn shard_calls(sent: &[Command]) -> Vec<u32> {
    sent.iter()
        .filter_map(|c| match c {
            Command::Execute {
                call: OpCall::UpdateShardCount { target },
                ..
            } => Some(*target),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn r_opens_the_planner_with_a_recommendation_and_sends_nothing() {
    let mut d = drill(false).await;
    let sent = d.planner("orders-ingest").await;
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::LoadReshardInputs { .. }))
    );
    assert!(shard_calls(&sent).is_empty());
    let Some(Modal::Planner(planner)) = &d.model.modal else {
        panic!("{:?}", d.model.modal)
    };
    let inputs = planner.inputs.value().unwrap();
    assert_eq!(inputs.open_shards, 4);
    assert!(inputs.peak_bytes_per_sec.is_some() && inputs.account_limit.is_some());
    assert_eq!(planner.target, "7", "prefilled with the recommendation");
}

#[tokio::test]
async fn bad_input_gets_a_sentence_and_no_command() {
    let mut d = drill(false).await;
    d.planner("orders-ingest").await;
    for (input, expected) in [("abc", "not a whole number"), ("0", "at least 1")] {
        d.clear_target().await;
        d.text(input).await;
        let sent = d.enter().await;
        assert!(sent.is_empty(), "{input}: {sent:?}");
        let Some(Modal::Planner(planner)) = &d.model.modal else {
            panic!()
        };
        assert!(
            planner
                .error
                .as_deref()
                .unwrap_or_default()
                .contains(expected),
            "{input}: {:?}",
            planner.error
        );
    }
    // Out of range: a plan whose target check fails; Enter in the dialog sends nothing.
    d.clear_target().await;
    d.text("10001").await;
    d.enter().await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!()
    };
    assert!(!confirm.plan.runnable());
    d.text("orders-ingest").await;
    assert!(shard_calls(&d.enter().await).is_empty());
    assert!(d.draw().contains("a failing check blocks this change"));
}

#[tokio::test]
async fn an_updating_stream_and_an_on_demand_stream_are_refused_with_reasons() {
    let mut d = drill(false).await;
    d.planner("inventory-cdc").await;
    d.clear_target().await;
    d.text("6").await;
    d.enter().await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!()
    };
    assert!(
        confirm
            .plan
            .checks
            .iter()
            .any(|c| c.name == "stream ACTIVE" && c.detail.contains("UPDATING"))
    );
    d.text("inventory-cdc").await;
    assert!(shard_calls(&d.enter().await).is_empty());
    d.keys(&[key_event(KeyCode::Esc)]).await;

    d.model.modal = None;
    d.keys(&[key_event(KeyCode::Esc)]).await;
    d.planner("clickstream-raw").await;
    let sent = d.enter().await;
    assert!(sent.is_empty());
    let Some(Modal::Planner(planner)) = &d.model.modal else {
        panic!()
    };
    assert!(planner.error.as_deref().unwrap().contains("ON_DEMAND"));
}

#[tokio::test]
async fn confirming_needs_the_exact_name_and_sends_exactly_one_call_audited() {
    let mut d = drill(false).await;
    d.planner("orders-ingest").await;
    d.enter().await;
    d.text("orders").await;
    assert!(
        shard_calls(&d.enter().await).is_empty(),
        "a partial name does not confirm"
    );
    d.text("-ingest").await;
    let sent = d
        .keys(&[
            key_event(KeyCode::Enter),
            key_event(KeyCode::Enter),
            key_event(KeyCode::Enter),
        ])
        .await;
    assert_eq!(
        shard_calls(&sent),
        [7],
        "one call however often Enter is pressed"
    );
    assert!(
        d.status().contains("following until ACTIVE"),
        "{}",
        d.status()
    );
    let audit = std::fs::read_to_string(&d.audit).unwrap();
    let lines: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "before the call and with its answer");
    assert_eq!(
        (lines[0]["result"].as_str(), lines[1]["result"].as_str()),
        (Some("started"), Some("accepted"))
    );
    assert_eq!(lines[1]["inputs"]["target_shard_count"], 7);
    assert_eq!(lines[1]["user"], "tester");
    assert_eq!(
        (
            lines[1]["resource_kind"].as_str(),
            lines[1]["resource"].as_str()
        ),
        (Some("stream"), Some("orders-ingest"))
    );

    // The row says UPDATING with the elapsed time, then the change lands.
    d.after(10).await;
    assert!(d.draw().contains("UPDATING 0:10") || d.model.route() != &kinetic::app::Route::Streams);
    d.after(30).await;
    d.after(2).await;
    assert!(
        d.status()
            .contains("done: orders-ingest now has 7 open shards"),
        "{}",
        d.status()
    );
    assert_eq!(
        d.model.streams.facts.shard_counts.value("orders-ingest"),
        Some(&7)
    );
    assert!(d.model.operations.is_empty());
    let audit = std::fs::read_to_string(&d.audit).unwrap();
    let outcome: serde_json::Value = serde_json::from_str(audit.lines().last().unwrap()).unwrap();
    assert_eq!(
        (outcome["phase"].as_str(), outcome["result"].as_str()),
        (Some("outcome"), Some("succeeded")),
        "the outcome that following saw is recorded too"
    );
}

#[tokio::test]
async fn a_target_beyond_one_step_runs_step_by_step_with_a_confirmation_each() {
    let mut d = drill(false).await;
    d.planner("orders-ingest").await;
    d.clear_target().await;
    d.text("12").await;
    d.enter().await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!()
    };
    assert_eq!(
        (&confirm.plan.call, &confirm.plan.next),
        (
            &OpCall::UpdateShardCount { target: 8 },
            &Some(NextStep::Reshard { target: 12 })
        ),
        "steps 8 then 12"
    );
    d.text("orders-ingest").await;
    assert_eq!(shard_calls(&d.enter().await), [8]);
    d.after(45).await;
    d.after(2).await;
    let Some(Modal::Confirm(next)) = &d.model.modal else {
        panic!("{:?} / {}", d.model.modal, d.status())
    };
    assert_eq!(
        (
            next.plan.changes[0].before.as_str(),
            &next.plan.call,
            &next.plan.next
        ),
        ("8", &OpCall::UpdateShardCount { target: 12 }, &None),
        "from 8, one step to 12"
    );
    // The next step is planned from re-read facts: today's scalings, the account quota, peaks.
    let check = |name: &str| {
        next.plan
            .checks
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no {name} check: {:?}", next.plan.checks))
            .clone()
    };
    assert!(
        check("scalings in 24 h").detail.starts_with("1 used of 10"),
        "{:?}",
        check("scalings in 24 h")
    );
    let quota = check("account shard quota");
    assert_eq!(quota.outcome, kinetic::ops::CheckOutcome::Pass, "{quota:?}");
    assert!(quota.detail.contains("of 20000 shards open"), "{quota:?}");
    d.text("orders-ingest").await;
    assert_eq!(shard_calls(&d.enter().await), [12]);
    d.after(45).await;
    d.after(2).await;
    assert!(
        d.status().contains("now has 12 open shards"),
        "{}",
        d.status()
    );
}

#[tokio::test]
async fn an_aws_error_is_one_sentence_and_the_stream_is_re_read() {
    let mut d = drill(false).await;
    // Another tool scaled the stream ten times today: the audit log cannot know, AWS refuses.
    for target in [5, 4, 5, 4, 5, 4, 5, 4, 5, 4] {
        d.sim.update_shard_count("orders-ingest", target).unwrap();
        d.sim.clock().advance(chrono::Duration::seconds(120));
    }
    d.after(1).await;
    d.planner("orders-ingest").await;
    d.enter().await;
    d.text("orders-ingest").await;
    let sent = d.enter().await;
    assert_eq!(shard_calls(&sent), [7]);
    assert!(
        d.status().starts_with("orders-ingest was not changed: an AWS limit was reached: stream orders-ingest has already been scaled 10 times"),
        "{}",
        d.status()
    );
    assert!(
        sent.iter()
            .any(|c| matches!(c, Command::DescribeSummary { stream } if stream == "orders-ingest"))
    );
    assert!(d.model.operations.is_empty());
    let audit = std::fs::read_to_string(&d.audit).unwrap();
    assert!(
        audit
            .lines()
            .last()
            .unwrap()
            .contains("\"result\":\"refused\"")
    );
}

#[tokio::test]
async fn read_only_mode_produces_no_command_at_all() {
    let mut d = drill(true).await;
    let sent = d.planner("orders-ingest").await;
    assert!(sent.is_empty(), "{sent:?}");
    assert!(d.model.modal.is_none());
    assert!(d.status().contains("read-only mode"));
    // Also from the stream detail.
    d.enter().await;
    assert!(d.text("R").await.is_empty());
}

#[tokio::test]
async fn snapshots_of_the_planner_and_the_confirm_dialog() {
    let mut d = drill(false).await;
    d.planner("orders-ingest").await;
    let planner = d.draw();
    d.enter().await;
    d.text("orders-in").await;
    let confirm = d.draw();
    insta::assert_snapshot!(format!("{planner}\n{confirm}"));
}

#[tokio::test]
async fn split_at_a_typed_percent_then_merge_back_from_the_stream_detail() {
    let mut d = drill(false).await;
    // No periodic refresh: whatever reloads the detail is the change landing.
    d.model.refresh_every = chrono::Duration::hours(1);
    d.select("payments-events").await;
    d.enter().await;
    assert!(matches!(
        d.model.route(),
        kinetic::app::Route::StreamDetail(_)
    ));
    // The first row is the lowest open shard.
    let first = d
        .model
        .stream_detail
        .as_ref()
        .unwrap()
        .selected()
        .unwrap()
        .clone();
    let open_before =
        kinetic::domain::shard::count_open(d.model.stream_detail.as_ref().unwrap().shards());
    d.text("s").await;
    d.text("25%").await;
    d.enter().await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!("{:?}", d.model.modal)
    };
    let OpCall::SplitShard { shard, at } = &confirm.plan.call else {
        panic!()
    };
    assert_eq!(shard, &first.id);
    let span = first.hash_range.span();
    assert_eq!(
        *at,
        first.hash_range.start + span / 10_000 * 2_500 + span % 10_000 * 2_500 / 10_000
    );
    d.text("payments-events").await;
    let sent = d.enter().await;
    assert!(sent.iter().any(|c| matches!(
        c,
        Command::Execute {
            call: OpCall::SplitShard { .. },
            ..
        }
    )));
    // Short ticks, within the 10 s refresh interval: the detail reloads because the change landed.
    for _ in 0..11 {
        d.after(2).await;
    }
    assert!(
        d.status()
            .contains(&format!("now has {} open shards", open_before + 1)),
        "{}",
        d.status()
    );
    let detail = d.model.stream_detail.as_ref().unwrap();
    assert_eq!(
        kinetic::domain::shard::count_open(detail.shards()),
        open_before + 1,
        "the detail reloaded its shards"
    );
    assert!(
        detail
            .shards()
            .iter()
            .filter(|s| s.parent.as_deref() == Some(first.id.as_str()))
            .count()
            == 2
    );

    // Merge the two children back.
    update(&mut d.model, char_key('g'));
    d.text("m").await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!("{:?} / {}", d.model.modal, d.status())
    };
    assert!(matches!(confirm.plan.call, OpCall::MergeShards { .. }));
    assert_eq!(
        (
            confirm.plan.changes[0].before.clone(),
            confirm.plan.changes[0].after.clone()
        ),
        ((open_before + 1).to_string(), open_before.to_string())
    );
    d.text("payments-events").await;
    d.enter().await;
    d.after(25).await;
    d.after(2).await;
    assert!(
        d.status()
            .contains(&format!("now has {open_before} open shards")),
        "{}",
        d.status()
    );
    let audit = std::fs::read_to_string(&d.audit).unwrap();
    assert!(
        audit.contains("\"action\":\"SplitShard\"") && audit.contains("\"action\":\"MergeShards\"")
    );
}

#[tokio::test]
async fn merge_is_refused_with_the_reason_and_split_input_is_checked() {
    let mut d = drill(false).await;
    d.select("payments-events").await;
    d.enter().await;
    // A closed shard (sorted last) cannot be merged or split.
    update(&mut d.model, char_key('G'));
    assert!(
        !d.model
            .stream_detail
            .as_ref()
            .unwrap()
            .selected()
            .unwrap()
            .open
    );
    assert!(d.text("m").await.is_empty());
    assert!(
        d.status().contains("cannot merge") && d.status().contains("closed"),
        "{}",
        d.status()
    );
    update(&mut d.model, char_key('g'));
    d.text("s").await;
    d.text("150%").await;
    assert!(d.enter().await.is_empty());
    let Some(Modal::SplitPoint(split)) = &d.model.modal else {
        panic!()
    };
    assert!(
        split
            .error
            .as_deref()
            .unwrap()
            .contains("between 0% and 100%")
    );
    d.keys(&[key_event(KeyCode::Esc)]).await;
    assert!(d.model.modal.is_none());
}

#[tokio::test]
async fn split_and_merge_keys_do_nothing_in_read_only_mode() {
    let mut d = drill(true).await;
    d.select("payments-events").await;
    d.enter().await;
    assert!(d.text("s").await.is_empty());
    assert!(d.model.modal.is_none());
    assert!(d.text("m").await.is_empty());
    assert!(d.model.modal.is_none());
    assert!(d.status().contains("read-only mode"));
}

#[tokio::test]
async fn retention_decrease_is_flagged_destructive_and_applied_after_confirmation() {
    let mut d = drill(false).await;
    d.select("orders-ingest").await;
    d.text("t").await;
    let Some(Modal::Retention(retention)) = &d.model.modal else {
        panic!("{:?} / {}", d.model.modal, d.status())
    };
    assert_eq!(retention.current_hours, 168);
    d.text("a week").await;
    assert!(d.enter().await.is_empty());
    for _ in 0..6 {
        d.keys(&[key_event(KeyCode::Backspace)]).await;
    }
    d.text("48h").await;
    d.enter().await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!("{:?}", d.model.modal)
    };
    assert!(
        confirm
            .plan
            .checks
            .iter()
            .any(|c| c.name == "DESTRUCTIVE" && c.detail.contains("older than 48 h"))
    );
    assert!(d.draw().contains("168 h → 48 h"));
    d.text("orders-ingest").await;
    let sent = d.enter().await;
    assert!(sent.iter().any(|c| matches!(
        c,
        Command::Execute {
            call: OpCall::SetRetention { to: 48, .. },
            ..
        }
    )));
    d.after(2).await;
    assert!(
        d.status()
            .contains("done: orders-ingest retention 168 h → 48 h"),
        "{}",
        d.status()
    );
    let audit = std::fs::read_to_string(&d.audit).unwrap();
    assert!(audit.contains("DecreaseStreamRetentionPeriod"));
}

#[tokio::test]
async fn an_on_demand_stream_points_to_c_which_switches_it_to_provisioned() {
    let mut d = drill(false).await;
    d.planner("clickstream-raw").await;
    d.enter().await;
    let Some(Modal::Planner(planner)) = &d.model.modal else {
        panic!()
    };
    assert!(
        planner
            .error
            .as_deref()
            .unwrap()
            .contains("c switches it to PROVISIONED")
    );
    d.keys(&[key_event(KeyCode::Esc)]).await;
    d.text("c").await;
    let Some(Modal::Confirm(confirm)) = &d.model.modal else {
        panic!("{:?} / {}", d.model.modal, d.status())
    };
    assert!(matches!(
        confirm.plan.call,
        OpCall::UpdateStreamMode {
            to: kinetic::domain::CapacityMode::Provisioned,
            ..
        }
    ));
    d.text("clickstream-raw").await;
    d.enter().await;
    assert!(
        d.status().contains("UpdateStreamMode sent"),
        "{}",
        d.status()
    );
    d.after(35).await;
    d.after(2).await;
    assert!(
        d.status()
            .contains("done: clickstream-raw ON_DEMAND → PROVISIONED"),
        "{}",
        d.status()
    );
    let listing = d
        .model
        .streams
        .listings()
        .iter()
        .find(|l| l.name == "clickstream-raw")
        .cloned();
    let summary = d
        .model
        .streams
        .facts
        .summaries
        .get("clickstream-raw")
        .map(|(s, _)| s.clone())
        .unwrap();
    assert_eq!(
        summary.mode,
        Some(kinetic::domain::CapacityMode::Provisioned),
        "{listing:?}"
    );
}

#[tokio::test]
async fn settings_keys_do_nothing_in_read_only_mode() {
    let mut d = drill(true).await;
    d.select("orders-ingest").await;
    assert!(d.text("c").await.is_empty());
    assert!(d.text("t").await.is_empty());
    assert!(d.model.modal.is_none());
    assert!(d.status().contains("read-only mode"));
}

#[tokio::test]
async fn the_recommendation_uses_the_configured_headroom() {
    let mut d = drill(false).await;
    d.model.reshard_headroom = 1.0;
    d.planner("orders-ingest").await;
    let Some(Modal::Planner(planner)) = &d.model.modal else {
        panic!()
    };
    let inputs = planner.inputs.value().unwrap();
    let peak_shards = (inputs.peak_bytes_per_sec.unwrap() / 1_048_576.0)
        .max(inputs.peak_records_per_sec.unwrap() / 1_000.0);
    assert_eq!(
        planner.target,
        ((peak_shards * 2.0).ceil() as u32).to_string(),
        "100 % headroom doubles the peak"
    );
    assert!(d.draw().contains("+ 100 % headroom"));
}

#[tokio::test]
async fn the_confirm_prompt_stays_visible_when_checks_wrap_on_a_narrow_terminal() {
    let mut d = drill(false).await;
    d.model.width = 90;
    d.select("orders-ingest").await;
    d.text("c").await;
    let screen = d.draw();
    assert!(screen.contains("type orders-ingest to confirm"), "{screen}");
    assert!(screen.contains("esc cancels"), "{screen}");
}

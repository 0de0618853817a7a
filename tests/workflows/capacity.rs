//! On-demand capacity end to end over the simulated account (On-demand Advantage): why a stream
//! throttles, warm throughput followed until warm, AUTO distribution for a dominant key, the
//! account mode with its typed region, the maximum record size, and every refusal.
use crate::support::console::{Console, key};
use crossterm::event::KeyCode;
use kinetic::domain::capacity::{Advantage, Distribution};
use kinetic::ops::OpCall;

/// The streams screen with `stream` open in its detail (filter, Enter: two keys and the text).
async fn open_stream(c: &mut Console, stream: &str) {
    c.text(&format!("/{stream}")).await;
    c.enter().await;
    c.enter().await;
    assert!(c.draw().contains(&format!(" {stream} ")), "{}", c.draw());
}

fn throttled_since(c: &Console, stream: &str, minutes: i64) -> f64 {
    let since = c.model.now - chrono::Duration::minutes(minutes);
    c.model
        .streams
        .facts
        .metrics
        .value(stream)
        .map_or(-1.0, |m| m.write_throttled.sum_since(since))
}

#[tokio::test]
async fn a_throttling_on_demand_stream_is_explained_and_warmed_from_the_keyboard() {
    let mut c = Console::start(false).await;
    assert!(c.draw().contains("on-demand Advantage"), "{}", c.draw());
    // From the first screen: `/checkout` ⏎ ⏎, then W, the name, ⏎.
    open_stream(&mut c, "checkout-events").await;
    let screen = c.draw();
    assert!(screen.contains("Why it throttles"), "{screen}");
    assert!(
        screen.contains("traffic more than doubled within 15 minutes"),
        "{screen}"
    );
    assert!(screen.contains("W "), "the warm lever is offered: {screen}");
    assert!(throttled_since(&c, "checkout-events", 5) > 0.0);

    c.text("W").await;
    let screen = c.draw();
    assert!(screen.contains("Warm checkout-events"), "{screen}");
    assert!(screen.contains("UpdateStreamWarmThroughput"), "{screen}");
    assert!(c.enter().await.is_empty(), "no name, no call");
    c.text("checkout-events").await;
    let calls = Console::changes(&c.enter().await);
    let [OpCall::UpdateWarmThroughput { target }] = calls.as_slice() else {
        panic!("one warm call, got {calls:?}");
    };
    let target = *target;
    assert!(
        (20..=30).contains(&target),
        "1.5 × the ~11–17 MiB/s peak, in tens: {target}"
    );
    let audit = c.audit_lines();
    assert!(
        audit
            .iter()
            .any(|l| l["action"] == "UpdateStreamWarmThroughput" && l["result"] == "accepted"),
        "{audit:?}"
    );
    let said = c.run_until_said(180, 2, "is warm for").await;
    assert!(
        said.contains(&format!("checkout-events is warm for {target} MiB/s")),
        "{said}"
    );
    let warm = c
        .model
        .streams
        .facts
        .summaries
        .value("checkout-events")
        .and_then(|s| s.capacity.warm)
        .unwrap();
    assert_eq!(
        warm.current_mibps,
        Some(target),
        "followed until current reached target"
    );

    // Once warm, the writes no longer throttle and the explanation goes.
    c.run_for(20 * 60, 60).await;
    assert_eq!(throttled_since(&c, "checkout-events", 5), 0.0);
    assert!(!c.draw().contains("Why it throttles"), "{}", c.draw());

    // The drill replays the sale: warm throughput released, traffic triples, throttling again.
    c.command("drill burst").await;
    c.run_for(5 * 60, 60).await;
    assert!(throttled_since(&c, "checkout-events", 5) > 0.0);
    assert!(c.draw().contains("Why it throttles"), "{}", c.draw());
}

#[tokio::test]
async fn auto_distribution_ends_a_dominant_key_s_throttling_after_a_destructive_confirmation() {
    let mut c = Console::start(false).await;
    open_stream(&mut c, "ledger-events").await;
    assert!(throttled_since(&c, "ledger-events", 5) > 0.0);
    assert!(c.draw().contains("Why it throttles"), "{}", c.draw());
    c.command("distribution auto").await;
    let screen = c.draw();
    assert!(screen.contains("DESTRUCTIVE"), "{screen}");
    assert!(screen.contains("per-key ordering is lost"), "{screen}");
    c.text("ledger-events").await;
    let calls = Console::changes(&c.enter().await);
    assert!(
        matches!(
            calls.as_slice(),
            [OpCall::UpdateDistribution {
                to: Distribution::Auto,
                ..
            }]
        ),
        "{calls:?}"
    );
    c.run_until_said(60, 2, "distributes records by auto").await;
    c.run_for(10 * 60, 60).await;
    assert_eq!(throttled_since(&c, "ledger-events", 5), 0.0);

    // The drill replays it: the key placed by key again, and throttling again.
    c.command("drill hot-key ledger-events").await;
    c.run_for(10 * 60, 60).await;
    assert!(throttled_since(&c, "ledger-events", 5) > 0.0);
    assert!(
        c.draw().contains("Distribution partition-key"),
        "{}",
        c.draw()
    );
}

#[tokio::test]
async fn the_account_mode_needs_the_region_typed_and_warm_throughput_is_refused_without_it() {
    let mut c = Console::start(false).await;
    c.command("advantage on").await;
    assert!(
        c.draw().contains("On-demand Advantage is already on"),
        "{}",
        c.draw()
    );
    c.esc().await;
    c.command("advantage off").await;
    let screen = c.draw();
    assert!(
        screen.contains("Turn On-demand Advantage off in us-east-1"),
        "{screen}"
    );
    assert!(
        screen.contains("consumers per stream drop to 20"),
        "{screen}"
    );
    c.text("checkout-events").await;
    assert!(
        c.enter().await.is_empty(),
        "the stream's name is not the region"
    );
    for _ in 0.."checkout-events".len() {
        c.press(KeyCode::Backspace).await;
    }
    c.text("us-east-1").await;
    let calls = Console::changes(&c.enter().await);
    assert_eq!(calls, vec![OpCall::UpdateAccountSettings { on: false }]);
    c.run_until_said(30, 2, "on-demand mode in us-east-1: Standard")
        .await;
    assert_eq!(c.model.account.value(), Some(&Advantage::Off));
    assert!(c.draw().contains("on-demand Standard"), "{}", c.draw());

    open_stream(&mut c, "checkout-events").await;
    c.command("warm 50").await;
    let screen = c.draw();
    assert!(
        screen.contains("warm throughput needs On-demand Advantage"),
        "{screen}"
    );
    c.text("checkout-events").await;
    assert!(
        Console::changes(&c.enter().await).is_empty(),
        "a failed check sends nothing"
    );
}

#[tokio::test]
async fn capacity_levers_are_refused_before_any_call() {
    let mut c = Console::start(false).await;
    open_stream(&mut c, "orders-ingest").await;
    c.command("warm 50").await;
    assert!(
        c.draw()
            .contains("warm throughput is for on-demand streams"),
        "{}",
        c.draw()
    );
    c.text("orders-ingest").await;
    assert!(Console::changes(&c.enter().await).is_empty());
    c.esc().await;
    c.command("max-record-size 512").await;
    assert!(
        c.draw().contains("512 KiB is outside 1024–10240 KiB"),
        "{}",
        c.draw()
    );
    c.text("orders-ingest").await;
    assert!(Console::changes(&c.enter().await).is_empty());
    c.esc().await;
    c.command("warm lots").await;
    assert!(c.status().contains("is not a throughput"), "{}", c.status());
    c.command("distribution sideways").await;
    assert!(
        c.status().contains("usage: :distribution"),
        "{}",
        c.status()
    );

    // A size in range lands, and the detail shows it.
    c.command("max-record-size 4mib").await;
    c.text("orders-ingest").await;
    let calls = Console::changes(&c.enter().await);
    assert!(
        matches!(
            calls.as_slice(),
            [OpCall::UpdateMaxRecordSize { to: 4096, .. }]
        ),
        "{calls:?}"
    );
    c.run_until_said(60, 2, "takes records up to 4096 KiB")
        .await;
    c.after(2).await;
    assert!(c.draw().contains("Max record 4 MiB"), "{}", c.draw());

    let mut read_only = Console::start(true).await;
    for line in [
        "warm 50",
        "advantage off",
        "distribution auto",
        "max-record-size 2048",
    ] {
        read_only.text("/checkout").await;
        read_only.enter().await;
        let sent = read_only.command(line).await;
        assert!(Console::changes(&sent).is_empty(), "{line}");
        assert!(
            read_only.model.modal.is_none(),
            "{line}: no dialog in read-only"
        );
        read_only.press(KeyCode::Esc).await;
    }
    let _ = key(KeyCode::Esc);
}

#[tokio::test]
async fn the_capacity_panels_and_dialogs_on_screen() {
    let mut c = Console::start(false).await;
    open_stream(&mut c, "checkout-events").await;
    insta::assert_snapshot!("why_it_throttles", c.draw());
    // The panel's rows come off the shards table's page, so the cursor stays on screen.
    let full = kinetic::app::layout::shards_page_rows(c.model.height);
    assert_eq!(
        c.model.shards_page_rows(),
        full - 7,
        "5 lines and 2 borders"
    );
    c.text("W").await;
    insta::assert_snapshot!("warm_dialog", c.draw());
    c.esc().await;
    c.esc().await;
    open_stream(&mut c, "search-queries").await;
    assert!(
        c.draw().contains("Warm 4"),
        "warming shows current → target: {}",
        c.draw()
    );
    c.esc().await;
    open_stream(&mut c, "ledger-events").await;
    c.command("distribution auto").await;
    insta::assert_snapshot!("distribution_dialog", c.draw());
    c.esc().await;
    c.command("advantage off").await;
    insta::assert_snapshot!("advantage_dialog", c.draw());
    c.esc().await;
    c.command("max-record-size 20000").await;
    insta::assert_snapshot!("record_size_refused", c.draw());
}

#[tokio::test]
async fn delivery_channels_show_their_state_and_freshness_changes_are_followed() {
    let mut c = Console::start(false).await;
    // A FAILED channel degrades its stream, with its reason, and shows in the detail.
    let ledger = (0..c.model.streams.listings().len())
        .filter_map(|i| c.model.streams.row(i))
        .find(|r| r.listing.name == "ledger-events")
        .map(|r| kinetic::app::health_pulse::stream_row_health(&c.model, &r))
        .unwrap();
    assert!(
        format!("{ledger:?}").contains("delivery channel ledger-to-iceberg FAILED"),
        "{ledger:?}"
    );
    open_stream(&mut c, "ledger-events").await;
    let screen = c.draw();
    assert!(screen.contains("Delivery"), "{screen}");
    assert!(screen.contains("ledger-to-iceberg FAILED"), "{screen}");
    assert!(screen.contains("ledger.entries was deleted"), "{screen}");
    assert!(
        screen.contains("behind ") && screen.contains("k failed/1h"),
        "the FAILED channel's delivery metrics, found by its name: {screen}"
    );
    c.command("channel ledger-to-iceberg freshness 600").await;
    assert!(
        c.draw().contains("a FAILED channel cannot be changed"),
        "{}",
        c.draw()
    );
    c.text("ledger-to-iceberg").await;
    assert!(Console::changes(&c.enter().await).is_empty());
    c.esc().await;
    c.esc().await;

    open_stream(&mut c, "clickstream-raw").await;
    assert!(
        c.draw().contains("clickstream-to-s3 ACTIVE"),
        "{}",
        c.draw()
    );
    assert!(c.draw().contains("fresh within 300 s"), "{}", c.draw());
    assert!(c.draw().contains(" 0 failed/1h"), "{}", c.draw());
    c.command("channel clickstream-to-s3 freshness 100").await;
    assert!(
        c.draw().contains("100 s is outside 300–900 s"),
        "{}",
        c.draw()
    );
    c.esc().await;
    c.command("channel nowhere freshness 600").await;
    assert!(
        c.status().contains("no channel nowhere: the channels are"),
        "{}",
        c.status()
    );
    c.command("channel clickstream-to-s3 freshness 600").await;
    insta::assert_snapshot!("channel_dialog", c.draw());
    c.text("clickstream-to-s3").await;
    let calls = Console::changes(&c.enter().await);
    assert!(
        matches!(
            calls.as_slice(),
            [OpCall::UpdateChannelFreshness {
                to: 600,
                from: Some(300),
                ..
            }]
        ),
        "{calls:?}"
    );
    c.run_until_said(60, 2, "channel clickstream-to-s3 delivers within 600 s")
        .await;
    c.after(2).await;
    assert!(c.draw().contains("fresh within 600 s"), "{}", c.draw());
    let audit = c.audit_lines();
    assert!(
        audit
            .iter()
            .any(|l| l["action"] == "UpdateChannel" && l["resource_kind"] == "channel"),
        "{audit:?}"
    );

    let mut read_only = Console::start(true).await;
    let sent = read_only
        .command("channel clickstream-to-s3 freshness 600")
        .await;
    assert!(Console::changes(&sent).is_empty());
    assert!(read_only.model.modal.is_none());
}

#[tokio::test(start_paused = true)]
async fn the_key_view_offers_auto_beside_the_split_when_one_key_dominates() {
    let mut c = Console::start(false).await;
    open_stream(&mut c, "ledger-events").await;
    c.command("keys").await;
    c.pump(70).await;
    let screen = c.draw();
    assert!(
        screen.contains("a split isolates it, cannot divide it"),
        "{screen}"
    );
    assert!(screen.contains("a: AUTO"), "{screen}");
    c.text("a").await;
    let screen = c.draw();
    assert!(
        screen.contains("Change how ledger-events places records — DESTRUCTIVE"),
        "{screen}"
    );
}

#[tokio::test]
async fn an_open_stream_s_channel_is_described_once_a_refresh() {
    let mut c = Console::start(false).await;
    open_stream(&mut c, "clickstream-raw").await;
    let describes = |sent: &[kinetic::app::Command]| {
        sent.iter()
            .filter(|s| matches!(s, kinetic::app::Command::DescribeChannel { .. }))
            .count()
    };
    assert!(
        c.draw().contains("fresh within 300 s"),
        "described on opening: {}",
        c.draw()
    );
    let sent = c.after(10).await;
    assert_eq!(
        describes(&sent),
        1,
        "one channel, one DescribeChannel: {sent:?}"
    );
}

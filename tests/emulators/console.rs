//! The whole console on kinesis-mock, which answers ListStreams with names only: every row's
//! status and mode, and the pulse, come from the freshest answer that carries them.
use crate::support::emulator::{Emulator, create, wait_active};
use crate::support::endpoint_console::EndpointConsole;
use crate::support::kinesis_mock::another_kinesis_mock;
use std::time::Duration;

/// Three streams, one of them resharding when the console starts: each row shows the status
/// DescribeStreamSummary gave (never `?`), the resharding one UPDATING and then ACTIVE once a
/// later answer says so, and the pulse counts all three.
#[tokio::test]
async fn every_row_shows_its_status_and_mode_where_list_streams_names_only() {
    let mock = another_kinesis_mock(&[]);
    let client = mock.client();
    for (name, shards) in [("alpha", 2), ("bravo", 1)] {
        Emulator::KinesisMock
            .create_stream(&client, name, shards)
            .await;
    }
    create(&client, "charlie", None).await;
    wait_active(&client, "charlie").await;
    client
        .update_shard_count()
        .stream_name("alpha")
        .target_shard_count(4)
        .scaling_type(aws_sdk_kinesis::types::ScalingType::UniformScaling)
        .send()
        .await
        .unwrap();

    let mut console = EndpointConsole::start(&mock.endpoint, &["--refresh", "1"], (140, 30)).await;
    let screen = console.screen();
    let row = |screen: &str, name: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains(&format!("│{name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{screen}"))
            .to_string()
    };
    assert!(row(&screen, "alpha").contains("UPDATING"), "{screen}");
    assert!(row(&screen, "bravo").contains("ACTIVE"), "{screen}");
    assert!(row(&screen, "bravo").contains("prov"), "{screen}");
    assert!(row(&screen, "charlie").contains("ACTIVE"), "{screen}");
    assert!(row(&screen, "charlie").contains("on-demand"), "{screen}");
    assert!(
        !screen.contains(" ? "),
        "a status or mode is unknown:\n{screen}"
    );
    assert!(screen.contains("streams 3 ok"), "{screen}");

    // The reshard lands: the next summary says ACTIVE and the row follows it.
    wait_active(&client, "alpha").await;
    let landed = console
        .until(
            Duration::from_secs(90),
            Duration::from_millis(1_100),
            |model| {
                model
                    .streams
                    .facts
                    .summaries
                    .get("alpha")
                    .is_some_and(|(s, _)| s.status == kinetic::domain::StreamStatus::Active)
            },
        )
        .await;
    assert!(landed, "alpha was never described ACTIVE again");
    let screen = console.screen();
    assert!(row(&screen, "alpha").contains("ACTIVE"), "{screen}");
    assert!(row(&screen, "alpha").contains("   4 "), "{screen}");
}

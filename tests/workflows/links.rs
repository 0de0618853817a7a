//! `:console` and `:dashboard`: the console link of what is in view, copied with OSC 52; a
//! Flink dashboard link for a running application only, with its three-minute limit said.
use crate::support::console::Console;
use kinetic::app::Command;

#[tokio::test]
async fn console_links_what_is_in_view_and_copies_it() {
    let mut c = Console::start(false).await;
    // Against AWS: copied with OSC 52.
    c.model.context.demo = false;
    c.text("/orders-in").await;
    c.enter().await;
    c.enter().await;
    let sent = c.command("console").await;
    let url = "https://us-east-1.console.aws.amazon.com/kinesis/home?region=us-east-1#/streams/details/orders-ingest/monitoring";
    assert!(
        sent.contains(&Command::CopyToClipboard(url.into())),
        "{sent:?}"
    );
    assert!(c.status().contains(url), "{}", c.status());
    c.select_app("alerts-router").await;
    let sent = c.command("console").await;
    assert!(sent.contains(&Command::CopyToClipboard(
        "https://us-east-1.console.aws.amazon.com/flink/home?region=us-east-1#/applications/alerts-router".into()
    )));
    c.command("alarms").await;
    let sent = c.command("console").await;
    assert!(
        !sent
            .iter()
            .any(|s| matches!(s, Command::CopyToClipboard(_)))
    );
    assert!(
        c.status().contains("select or open one first"),
        "{}",
        c.status()
    );
}

#[tokio::test]
async fn dashboard_asks_for_a_running_application_and_says_the_time_limit() {
    let mut c = Console::start(false).await;
    c.select_app("orders-enricher").await;
    let sent = c.command("dashboard").await;
    assert!(sent.contains(&Command::DashboardUrl {
        app: "orders-enricher".into()
    }));
    assert!(
        c.status().contains("orders-enricher") && c.status().contains("within 3 minutes"),
        "{}",
        c.status()
    );
    assert!(c.status().contains("https://"), "{}", c.status());
    // The link's answer is on the bottom line without its token; the browser gets it whole.
    assert!(
        c.status().contains("authToken=…") && !c.status().contains("authToken=sim-"),
        "{}",
        c.status()
    );
    // Stopped: refused before any call.
    let sent = c.command("dashboard clickstream-sessionizer").await;
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(
        c.status(),
        "the Flink dashboard needs clickstream-sessionizer RUNNING; it is READY"
    );
}

/// What the console does on the machine rather than in AWS goes through its `LocalPort`: a
/// recording one sees the link copied, the dashboard opened and the files written.
#[tokio::test]
async fn the_machines_side_effects_go_through_the_local_port() {
    use std::sync::{Arc, Mutex};
    #[derive(Default)]
    struct Recording(Mutex<Vec<String>>);
    impl kinetic::ports::LocalPort for Recording {
        fn write_file(&self, path: &std::path::Path, contents: &str) -> Result<(), String> {
            let lines = contents.lines().count();
            self.0
                .lock()
                .unwrap()
                .push(format!("write {} ({lines} lines)", path.display()));
            Ok(())
        }
        fn copy_to_clipboard(&self, text: &str) {
            self.0.lock().unwrap().push(format!("copy {text}"));
        }
        fn open_url(&self, url: &str) {
            self.0.lock().unwrap().push(format!("open {url}"));
        }
    }
    let c = Console::start(false).await;
    let seen = Arc::new(Recording::default());
    let runner = c.runner.clone().with_local(seen.clone());
    for command in [
        Command::CopyToClipboard("https://example.test/link".into()),
        Command::OpenUrl(kinetic::domain::secret::PresignedUrl::new(
            "https://example.test/dashboard?authToken=tok-1",
        )),
        Command::WriteLogs {
            path: "/nowhere/kinetic-logs.log".into(),
            text: "one\ntwo\n".into(),
        },
        Command::WriteTimeline {
            app: "telemetry-aggregator".into(),
            path: "/nowhere/kinetic-timeline.md".into(),
        },
    ] {
        runner.execute(command).await;
    }
    let seen = seen.0.lock().unwrap().clone();
    assert_eq!(seen[0], "copy https://example.test/link");
    // The opener alone gets the token.
    assert_eq!(
        seen[1],
        "open https://example.test/dashboard?authToken=tok-1"
    );
    assert_eq!(seen[2], "write /nowhere/kinetic-logs.log (2 lines)");
    assert!(
        seen[3].starts_with("write /nowhere/kinetic-timeline.md"),
        "{seen:?}"
    );
}

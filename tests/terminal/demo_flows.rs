//! Whole workflows from the keyboard on the simulated account: a reshard, a deploy with its health gate, a guided rollback, and read-only refusing the reshard key.
use super::*;

#[test]
fn the_whole_reshard_flow_from_the_keyboard_on_the_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let tmux = Tmux::start("reshard", 130, 34);
    tmux.literal(&format!(
        "{BIN} --demo --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        audit.display(),
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal("/orders-ingest");
    tmux.keys(&["Enter"]);
    tmux.literal("R");
    let planner = tmux.wait_for("recommended");
    assert!(
        planner.contains("Reshard orders-ingest") && planner.contains("one step allows"),
        "{planner}"
    );
    tmux.keys(&["C-u"]);
    for _ in 0..4 {
        tmux.keys(&["BSpace"]);
    }
    tmux.literal("8");
    tmux.keys(&["Enter"]);
    let confirm = tmux.wait_for("type orders-ingest to confirm");
    assert!(
        confirm.contains("open shards") && confirm.contains("4 → 8") && confirm.contains("pass"),
        "{confirm}"
    );
    tmux.literal("orders-ingest");
    tmux.keys(&["Enter"]);
    tmux.wait_for("UpdateShardCount sent");
    tmux.wait_for("UPDATING 0:");
    // The simulated stream is UPDATING for about 32 s, like a small real reshard.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !tmux
        .screen()
        .contains("done: orders-ingest now has 8 open shards")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "never finished:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    tmux.literal("q");
    tmux.wait_for("KINETIC-EXITED-0");
    let lines: Vec<String> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].contains("\"result\":\"started\"")
            && lines[1].contains("\"result\":\"accepted\"")
            && lines[2].contains("\"phase\":\"outcome\"")
            && lines[2].contains("\"result\":\"succeeded\""),
        "{lines:?}"
    );
}

/// Starts the demo twenty times faster (a 90 s update and a 2-minute gate take
/// about ten seconds) and filters the application list down to `app`.
fn fast_demo_at_application(
    tmux: &Tmux,
    dir: &std::path::Path,
    audit: &std::path::Path,
    app: &str,
) {
    tmux.literal(&format!(
        "{BIN} --demo --demo-speed 20 --health-gate 2m --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        audit.display(),
        dir.join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    tmux.wait_for(app);
    tmux.literal(&format!("/{app}"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("[1 of 9]");
}

#[test]
fn a_whole_deploy_from_the_application_list_with_the_health_gate() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let tmux = Tmux::start("deploy", 140, 40);
    fast_demo_at_application(&tmux, dir.path(), &audit, "orders-enricher");
    // From here: D, Enter on the preselected newer version, the name, Enter.
    let mut keystrokes = 0;
    tmux.literal("D");
    keystrokes += 1;
    let picker = tmux.wait_for("OBJECT VERSION");
    assert!(
        picker.contains("▶ tN4vJc9Qe2LrW8yHs6KdP1mXa5ZoB3fU"),
        "{picker}"
    );
    tmux.keys(&["Enter"]);
    keystrokes += 1;
    let confirm = tmux.wait_for("type orders-enricher to confirm");
    assert!(
        confirm.contains("Confirm: Deploy new code to orders-enricher"),
        "{confirm}"
    );
    assert!(confirm.contains("AllowNonRestoredState=false"), "{confirm}");
    tmux.literal("orders-enricher");
    keystrokes += "orders-enricher".len();
    tmux.keys(&["Enter"]);
    keystrokes += 1;
    assert_eq!(keystrokes, 18, "3 keys plus the typed name");
    tmux.wait_for("UPDATING 0:");
    tmux.keys(&["Enter"]);
    tmux.wait_for("health gate after Deploy new code to orders-enricher");
    let done = tmux.wait_for("health gate PASSED after ");
    assert!(done.contains("SUCCEEDED"), "{done}");
    tmux.literal("q");
    tmux.literal("q");
    tmux.wait_for("KINETIC-EXITED-0");
    let results: Vec<String> = std::fs::read_to_string(&audit)
        .unwrap()
        .lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}:{}",
                r["phase"].as_str().unwrap(),
                r["result"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            "call:started",
            "call:accepted",
            "outcome:succeeded",
            "gate:passed"
        ]
    );
}

#[test]
fn a_guided_rollback_from_the_application_list_in_a_few_keys() {
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let tmux = Tmux::start("rollback", 150, 45);
    fast_demo_at_application(&tmux, dir.path(), &audit, "recommendations-trainer");
    // From the failing application selected in the list: B, Enter, the name, Enter.
    let mut keystrokes = 0;
    tmux.literal("B");
    keystrokes += 1;
    let guide = tmux.wait_for("The way back");
    assert!(
        guide.contains("What is wrong") && guide.contains("NullPointerException"),
        "{guide}"
    );
    assert!(
        guide.contains("restores its latest snapshot, recommendations-trainer-pre-upgrade-1_20"),
        "{guide}"
    );
    tmux.keys(&["Enter"]);
    keystrokes += 1;
    tmux.wait_for("type recommendations-trainer to confirm");
    tmux.literal("recommendations-trainer");
    tmux.keys(&["Enter"]);
    keystrokes += 1;
    assert_eq!(
        keystrokes, 3,
        "three keys besides the typed name (at most 8 allowed)"
    );
    tmux.wait_for("5  Following the way back");
    let healthy = tmux.wait_for("is healthy again after");
    assert!(
        healthy.contains("recommendations-trainer is healthy again after"),
        "{healthy}"
    );
    tmux.literal("q");
    tmux.literal("q");
    tmux.literal("q");
    tmux.wait_for("KINETIC-EXITED-0");
    let audit = std::fs::read_to_string(&audit).unwrap();
    assert!(
        audit.contains("\"action\":\"RollbackApplication\""),
        "{audit}"
    );
    assert!(
        audit.contains("\"phase\":\"gate\",\"result\":\"passed\""),
        "{audit}"
    );
}

#[test]
fn read_only_mode_refuses_the_reshard_key_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("readonly", 130, 34);
    tmux.literal(&format!(
        "{BIN} --demo --read-only --log-file {}; echo KINETIC-EXITED-$?",
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("orders-ingest");
    assert!(screen.contains("READ-ONLY"), "{screen}");
    tmux.literal("R");
    tmux.wait_for("read-only mode");
    assert!(!tmux.screen().contains("Reshard orders-ingest"));
    tmux.literal("q");
    tmux.wait_for("KINETIC-EXITED-0");
}

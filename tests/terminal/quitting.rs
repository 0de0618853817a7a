//! The demo from start to quit: a stream opened, filtered, help shown; ctrl-c from a sub-screen and signals restore the terminal.
use super::*;

#[test]
fn demo_starts_opens_a_stream_filters_shows_help_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let stty = dir.path().join("stty.txt");
    let log = dir.path().join("kinetic.log");
    let tmux = Tmux::start("demo", 140, 40);
    tmux.literal(&format!(
        "{BIN} --demo --log-file {}; stty -a > {}; echo KINETIC-EXITED-$?",
        log.display(),
        stty.display()
    ));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("orders-ingest");
    assert!(screen.contains("Streams [24 of 24]"), "{screen}");
    assert!(screen.contains("account simulated"), "{screen}");

    tmux.literal("/orders-in");
    tmux.wait_for("Streams [1 of 24] /orders-in");
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Shards [");
    assert!(screen.contains("Streams › orders-ingest"), "{screen}");
    tmux.wait_for("shardId-000000000003");
    tmux.wait_for("Consumers (EFO)");

    tmux.keys(&["Escape"]);
    tmux.wait_for("Streams [1 of 24]");
    tmux.keys(&["Escape"]);
    tmux.wait_for("Streams [24 of 24]");

    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Flink applications [9 of 9]");
    assert!(screen.contains("payments-fraud-scorer"), "{screen}");
    tmux.wait_for("failing");
    tmux.literal(":streams");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Streams [24 of 24]");

    tmux.literal("?");
    let screen = tmux.wait_for("Help —");
    assert!(
        screen.contains("ctrl-c") && screen.contains("filter rows"),
        "{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_for("Streams [24 of 24]");

    tmux.literal("q");
    let screen = tmux.wait_for("KINETIC-EXITED-0");
    assert!(
        !screen.contains("Streams ["),
        "the alternate screen was left:\n{screen}"
    );
    let settings = std::fs::read_to_string(&stty).unwrap();
    let words: Vec<&str> = settings.split_whitespace().collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "terminal left raw: {settings}"
    );
}

#[test]
fn ctrl_c_quits_from_a_sub_screen_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let stty = dir.path().join("stty.txt");
    let tmux = Tmux::start("ctrlc", 120, 30);
    tmux.literal(&format!(
        "{BIN} --demo --log-file {}; stty -a > {}; echo KINETIC-EXITED-$?",
        dir.path().join("log").display(),
        stty.display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Shards [");
    tmux.keys(&["C-c"]);
    tmux.wait_for("KINETIC-EXITED-0");
    let settings = std::fs::read_to_string(&stty).unwrap();
    assert!(
        settings.split_whitespace().any(|w| w == "icanon"),
        "{settings}"
    );
}

/// SIGTERM, SIGHUP and SIGINT from outside (a closed ssh session, `kill`, a supervisor) leave
/// the terminal as `q` does: out of the alternate screen, out of raw mode, with the shell's
/// status for a signal.
#[test]
fn signals_restore_the_terminal_and_exit_with_the_signal_status() {
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        let stty = dir.path().join("stty.txt");
        let pid = dir.path().join("pid");
        let tmux = Tmux::start(&format!("signal-{signal}"), 120, 30);
        tmux.literal(&format!(
            "bash -c 'echo $$ > {}; exec {BIN} --demo --log-file {}'; echo KINETIC-EXITED-$?; stty -a > {}",
            pid.display(),
            dir.path().join("log").display(),
            stty.display()
        ));
        tmux.keys(&["Enter"]);
        tmux.wait_for("orders-ingest");
        assert_eq!(tmux.alternate_screen(), "1");
        let pid = std::fs::read_to_string(&pid).unwrap();
        let killed = Command::new("kill")
            .args([format!("-{signal}"), pid.trim().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let screen = tmux.wait_for(&format!("KINETIC-EXITED-{status}"));
        assert!(
            !screen.contains("Streams ["),
            "SIG{signal}: the alternate screen was left:\n{screen}"
        );
        assert_eq!(tmux.alternate_screen(), "0", "SIG{signal}");
        let deadline = Instant::now() + Duration::from_secs(5);
        while !stty.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let settings = std::fs::read_to_string(&stty).unwrap();
        let words: Vec<&str> = settings.split_whitespace().collect();
        assert!(
            words.contains(&"icanon") && words.contains(&"echo"),
            "SIG{signal} left the terminal raw: {settings}"
        );
    }
}

//! The real binary: in tmux on the simulated account, and its start-up errors.
// Tests stop where they fail (unwrap, expect, panic) and read as examples, not as API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kinetic");

/// A private tmux server for one test, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, width: u16, height: u16) -> Self {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "tmux not found: ./scripts/test installs it, or apt-get install tmux"
        );
        let socket = format!("kinetic-test-{name}-{}", std::process::id());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args([
                "env",
                "-u",
                "TMUX",
                "TERM=xterm-256color",
                "PS1=$ ",
                "bash",
                "--norc",
                "--noprofile",
            ])
            .status()
            .unwrap();
        assert!(status.success());
        Self { socket }
    }

    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn literal(&self, text: &str) {
        self.keys(&["-l", text]);
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// "1" while the pane shows the alternate screen, "0" otherwise.
    fn alternate_screen(&self) -> String {
        let output = Command::new("tmux")
            .args([
                "-L",
                &self.socket,
                "display",
                "-p",
                "-t",
                "0",
                "#{alternate_on}",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// Waits until the screen shows `text`; fails with the screen it saw.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text:?}; screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

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

fn without_aws(home: &PathBuf) -> Command {
    let mut command = Command::new(BIN);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    command
}

#[test]
fn without_credentials_it_says_how_to_fix_it_in_one_sentence() {
    let home = tempfile::tempdir().unwrap();
    let output = without_aws(&home.path().to_path_buf())
        .args(["--region", "eu-west-1", "--log-file", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--profile")
            && stderr.contains("aws sso login")
            && stderr.contains("--demo"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_bad_config_file_is_refused_naming_the_file_the_section_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[profiles.prod-ops]\nread-only = true\n").unwrap();
    let output = Command::new(BIN)
        .args(["--demo", "--log-file", "/dev/null", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        format!(
            "kinetic: {}: unknown key \"read-only\" in [profiles.prod-ops]; a profile may set read_only and production",
            config.display()
        )
    );
}

#[test]
fn without_a_region_it_says_how_to_fix_it() {
    let home = tempfile::tempdir().unwrap();
    let output = without_aws(&home.path().to_path_buf()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--region") && stderr.contains("--demo"),
        "{stderr}"
    );
}

#[test]
fn a_bad_theme_is_refused_before_anything_starts() {
    let output = Command::new(BIN)
        .args(["--demo", "--theme", "nope"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("dark, light, high-contrast"));
}

#[test]
fn print_mode_prints_the_complete_demo_table() {
    let output = Command::new(BIN)
        .args([
            "--demo",
            "--demo-streams",
            "30",
            "--print",
            "--log-file",
            "/dev/null",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Streams [30 of 30]"), "{stdout}");
    let orders = stdout
        .lines()
        .find(|l| l.contains("orders-ingest "))
        .unwrap();
    assert!(
        orders.contains("prov") && orders.contains(" 4 "),
        "{orders}"
    );
    assert!(
        !orders.contains('—'),
        "every cell of a live stream is filled: {orders}"
    );
    let rows = stdout
        .lines()
        .filter(|l| l.contains(" ACTIVE ") || l.contains(" UPDATING ") || l.contains(" CREATING "))
        .count();
    assert_eq!(rows, 30, "{stdout}");
}

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

#[path = "support/flink.rs"]
#[allow(dead_code)]
mod flink;

/// The Job tab on a real Apache Flink session cluster, from the keyboard: the keyed counter's
/// bottleneck named, then the failing job's root exception, unfolded, and its cluster's logs.
#[test]
fn the_job_tab_on_a_real_flink_names_the_bottleneck_and_the_root_exception() {
    let cluster = flink::FlinkCluster::start(flink::VERSIONS[1]);
    cluster.run("keyed-counter.jar", &["2000", "16", "2000"], 1);
    cluster.run("failing-job.jar", &["300", "100"], 1);
    let name = cluster.url.trim_start_matches("http://").to_string();
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("job-tab", 140, 40);
    tmux.literal(&format!(
        "{BIN} --demo --refresh 2 --flink-rest {} --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        cluster.url,
        dir.path().join("audit.jsonl").display(),
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("keyed-counter@{name}"));
    tmux.literal(&format!(":job keyed-counter@{name}"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Bottleneck: sink-to-payments is busy");
    assert!(
        screen.contains(&format!("from Flink REST of {name}")),
        "{screen}"
    );
    assert!(screen.contains("Source: orders-source"), "{screen}");
    tmux.literal(&format!(":job failing-job@{name}"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("has no currency (thrown every 300 records)");
    tmux.keys(&["Enter"]);
    let unfolded = tmux.wait_for("    at ");
    assert!(unfolded.contains("EXCEPTIONS"), "{unfolded}");
    // Its cluster's logs over REST, in the log view; the search finds the exception however
    // many lines came after it.
    tmux.keys(&["l"]);
    tmux.wait_for("polling every 2 s");
    tmux.keys(&["/"]);
    tmux.literal("no currency");
    tmux.keys(&["Enter"]);
    tmux.wait_for("/no currency");
    tmux.keys(&["n"]);
    tmux.wait_for("/no currency 1/");
    tmux.literal(":q");
    tmux.keys(&["Enter"]);
    tmux.wait_for("KINETIC-EXITED-0");
}

/// Deploys `jar` over the job's newest run the way the console does (stop with a savepoint, run
/// from it, record it), and waits until the new run's tasks all run.
fn deploy_outside_the_console(
    cluster: &flink::FlinkCluster,
    log: &kinetic::flink_rest::deployments::DeploymentLog,
    jar: &str,
) -> String {
    use kinetic::domain::deployment::{DeployKind, Jar, JobDeploy, StartFrom};
    let rest = kinetic::flink_rest::client::FlinkRest::new(&cluster.url);
    let running = cluster.newest_run("keyed-counter");
    if let Some(job) = &running {
        cluster.wait_running(job);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = rest.savepoint_dir().await.unwrap();
        let request = JobDeploy {
            kind: DeployKind::Deploy,
            cluster: rest.name().to_string(),
            job_name: "keyed-counter".into(),
            running_job: running,
            jar: Jar::Local {
                path: cluster.jar(jar),
            },
            entry_class: None,
            args: vec!["200".into(), "16".into(), "0".into()],
            parallelism: 1,
            allow_non_restored_state: false,
            from: StartFrom::StopWithSavepoint,
            claim_field: kinetic::domain::deployment::claim_field(cluster.version),
            original: None,
            has_way_back: false,
            new_job: false,
            newest_checkpoint: false,
        };
        kinetic::flink_rest::deploy::deploy(&rest, dir.as_deref(), &request, log, &chrono::Utc::now)
            .await
            .unwrap()
    })
}

/// The guided way back on a real Apache Flink, in the fewest keys: version 1 (the counting job)
/// and version 2 (throws on every record) were deployed by kinetic; `:rollback`, the name typed
/// and Enter bring version 1 back from the savepoint taken when version 2 was deployed, and the
/// console says when the job is healthy again.
#[test]
fn the_guided_rollback_of_a_self_managed_job_on_a_real_flink() {
    let cluster = flink::FlinkCluster::start(flink::VERSIONS[0]);
    cluster.run("keyed-counter.jar", &["200", "16", "0"], 1);
    let name = cluster.url.trim_start_matches("http://").to_string();
    let app = format!("keyed-counter@{name}");
    let dir = tempfile::tempdir().unwrap();
    let audit = dir.path().join("audit.jsonl");
    let log = kinetic::flink_rest::deployments::DeploymentLog::beside(&audit);
    let counting = deploy_outside_the_console(&cluster, &log, "keyed-counter.jar");
    cluster.wait_running(&counting);
    let failing = deploy_outside_the_console(&cluster, &log, "keyed-counter-broken.jar");
    let deadline = Instant::now() + Duration::from_secs(60);
    while cluster.failures(&failing) == 0 {
        assert!(Instant::now() < deadline, "version 2 never failed");
        std::thread::sleep(Duration::from_millis(300));
    }

    let tmux = Tmux::start("job-rollback", 140, 40);
    tmux.literal(&format!(
        "{BIN} --demo --refresh 2 --health-gate 15s --flink-rest {} --audit-log {} --log-file {}; echo KINETIC-EXITED-$?",
        cluster.url,
        audit.display(),
        dir.path().join("log").display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("orders-ingest");
    tmux.literal(":apps");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&app);
    // From the failing job to the confirmed way back: the command, the name, Enter.
    tmux.literal(&format!(":rollback {app}"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("back to version 1");
    // The failing run's root exception is read as the guide opens, a moment after it shows.
    let guide = tmux.wait_for("count-per-key cannot read");
    assert!(guide.contains("What is wrong:"), "{guide}");
    assert!(
        guide.contains("code key: keyed-counter.jar → keyed-counter-broken.jar"),
        "{guide}"
    );
    tmux.literal(&app);
    tmux.keys(&["Enter"]);
    tmux.wait_for("runs version 1 again");
    let healthy = tmux.wait_for("is healthy again after");
    assert!(healthy.contains(&app), "{healthy}");
    assert_eq!(cluster.job_state(&failing), "CANCELED");
    tmux.literal(":q");
    tmux.keys(&["Enter"]);
    tmux.wait_for("KINETIC-EXITED-0");
}

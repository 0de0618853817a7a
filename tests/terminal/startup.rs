//! Start-up refusals and print mode: no credentials, no region, a bad config file or theme, each said in one sentence before anything starts; --print's complete table.
use super::*;

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

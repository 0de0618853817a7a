//! The real binary: in tmux on the simulated account, and its start-up errors. This file holds the tmux harness; the tests are in its modules.
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

#[path = "../support/flink.rs"]
#[allow(dead_code)]
mod flink;

mod demo_flows;
mod quitting;
mod real_flink;
mod startup;

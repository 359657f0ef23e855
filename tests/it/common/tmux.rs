//! A terminal a test drives as a person would: the TUI started in a tmux session of 120×40,
//! keys and text sent to it, its screen read back. Shared by the end-to-end test and the
//! language test over a dossier made in the TUI.
//!
//! Each session runs on a tmux server of its own (`-S` a socket in a temporary folder, `-f
//! /dev/null`): the tests run side by side, and on one shared server the last session ending
//! makes the server exit while another test's `new-session` may be connecting to it (that
//! `new-session` then fails); a user's own tmux server, its configuration and its global
//! environment never reach the program either — the session gets this test's environment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    session: String,
    /// Holds the server's socket; removed (after the server is killed) when dropped.
    dir: tempfile::TempDir,
}

impl Tmux {
    /// Runs the shell command `cmd` in a new session named after `what`.
    pub fn start(what: &str, cmd: &str) -> Tmux {
        // Unique per start: the tests run side by side in one process.
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("xieshang-{what}-{}-{n}", std::process::id());
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("tmux")
            .arg("-S")
            .arg(dir.path().join("socket"))
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                "-s",
                &session,
                cmd,
            ])
            .env("EDITOR", "true")
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux new-session failed");
        Tmux { session, dir }
    }

    /// The socket of this session's own server.
    pub fn socket(&self) -> std::path::PathBuf {
        self.dir.path().join("socket")
    }

    /// `tmux` on this session's own server.
    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.arg("-S").arg(self.socket());
        c
    }

    /// `tmux send-keys -t SESSION args…`; whether tmux took them.
    fn send(&self, args: &[&str]) -> bool {
        self.tmux()
            .args(["send-keys", "-t", &self.session])
            .args(args)
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    /// Presses each key in turn (tmux key names: `Enter`, `Tab`, `C-s`, `j` …).
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            assert!(self.send(&[k]), "tmux send-keys {k:?} failed");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Types `s` as it is.
    pub fn text(&self, s: &str) {
        // `--`: a text like `-1` (a relative date) is not an option of tmux's.
        assert!(self.send(&["-l", "--", s]), "tmux send-keys {s:?} failed");
        std::thread::sleep(Duration::from_millis(100));
    }

    pub fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `what`; the screen then.
    pub fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The program has ended (and its session with it).
    pub fn gone(&self) -> bool {
        !self
            .tmux()
            .args(["has-session", "-t", &self.session])
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    /// Presses `q` until the program has ended.
    pub fn quit(&self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.gone() {
                return;
            }
            // Not asserted: the program may end (its session with it) between the look above
            // and this key, on an earlier `q` it was still acting on.
            self.send(&["q"]);
            std::thread::sleep(Duration::from_millis(260));
        }
        panic!("the TUI did not quit:\n{}", self.screen());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // The server serves this session only: gone with it.
        let _ = self
            .tmux()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

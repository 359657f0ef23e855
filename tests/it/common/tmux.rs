//! A terminal a test drives as a person would: the TUI started in a tmux session of 120×40,
//! keys and text sent to it, its screen read back. Shared by the end-to-end test and the
//! language test over a dossier made in the TUI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    session: String,
}

impl Tmux {
    /// Runs the shell command `cmd` in a new session named after `what`.
    pub fn start(what: &str, cmd: &str) -> Tmux {
        // Unique per start: the tests run side by side in one process.
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("xieshang-{what}-{}-{n}", std::process::id());
        let ok = Command::new("tmux")
            .args([
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
        Tmux { session }
    }

    /// Presses each key in turn (tmux key names: `Enter`, `Tab`, `C-s`, `j` …).
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .unwrap()
                .success();
            assert!(ok);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Types `s` as it is.
    pub fn text(&self, s: &str) {
        let ok = Command::new("tmux")
            // `--`: a text like `-1` (a relative date) is not an option of tmux's.
            .args(["send-keys", "-t", &self.session, "-l", "--", s])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        std::thread::sleep(Duration::from_millis(100));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
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
        !Command::new("tmux")
            .args(["has-session", "-t", &self.session])
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
            self.keys(&["q"]);
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("the TUI did not quit:\n{}", self.screen());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

//! The harness the CLI tests share: a temporary workspace, the real binary run in it with the
//! user's git configuration shut out, and small helpers to read the result.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod servers;
pub mod tmux;

pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    /// A temporary folder with an empty workspace `ws` in it (as `xieshang init` leaves it,
    /// without the demo).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ws")).unwrap();
        Ws { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_lang("en", args)
    }

    pub fn run_lang(&self, lang: &str, args: &[&str]) -> Output {
        self.run_at(lang, "2026-03-20", args)
    }

    /// Runs the binary in `lang` as on the day `today`.
    pub fn run_at(&self, lang: &str, today: &str, args: &[&str]) -> Output {
        self.command(lang, today).args(args).output().unwrap()
    }

    /// The binary on this workspace in `lang` as on the day `today`, with the user's settings shut
    /// out, for a test to add arguments and its own stand-ins (`XIESHANG_VIEWER` …) to.
    pub fn command(&self, lang: &str, today: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xieshang"));
        binary_env(&mut c, self.dir.path());
        c.arg("--workspace")
            .arg(self.root())
            .args(["--lang", lang, "--today", today])
            .env("NO_COLOR", "1")
            // PDFs set in the compiled-in font, whatever fonts this machine has.
            .env("XIESHANG_PDF_FONT", "embedded")
            .env_remove("XIESHANG_WORKSPACE")
            .env_remove("XIESHANG_LANG");
        c
    }

    /// Runs a command that must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    pub fn new_dossier_of(&self, kind: &str) -> String {
        self.ok(&[
            "new",
            "--kind",
            kind,
            "--enterprise",
            "大连测试机械有限公司",
            "--staff",
            "200",
            "--women",
            "50",
        ])
        .trim()
        .to_string()
    }

    pub fn dossier_dir(&self, id: &str) -> PathBuf {
        self.root().join(id)
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn show(&self, id: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["show", id, "--json"])).unwrap()
    }

    /// `check --json` (whatever its exit code).
    pub fn check(&self, id: &str) -> serde_json::Value {
        serde_json::from_slice(&self.run(&["check", id, "--json"]).stdout).unwrap()
    }
}

/// Shuts the machine's settings out of the binary run by `c`, as a fresh user's would be:
/// `HOME` and `XDG_CONFIG_HOME` are `home`, no system or global git configuration, none of the
/// `GIT_*` variables that select a repository or an ssh command (the binary runs `git` for
/// transfers; `cargo test` run from a git hook has `GIT_DIR`), and git's own messages, which
/// the binary quotes, in English whatever the machine's language.
pub fn binary_env<'a>(c: &'a mut Command, home: &Path) -> &'a mut Command {
    servers::isolate(c, home)
        .env("LC_ALL", "C.UTF-8")
        .env_remove("LANGUAGE")
}

/// Plain `git` in `dir` (must succeed); its stdout. Commits made this way are by "x", as a
/// person editing a dossier by hand would make them; the machine's git configuration (a global
/// `commit.gpgSign`, hooks) and a repository named by `GIT_DIR` are shut out.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_AUTHOR_NAME", "x")
        .env("GIT_AUTHOR_EMAIL", "x@localhost")
        .env("GIT_COMMITTER_NAME", "x")
        .env("GIT_COMMITTER_EMAIL", "x@localhost")
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

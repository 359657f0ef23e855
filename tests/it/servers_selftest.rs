//! The server harness (`common/servers.rs`) tested on its own with the system git: for
//! `file://`, `git daemon` and `sshd` (both URL forms) — create a bare repository, clone it,
//! commit a file with Chinese content, push, clone again elsewhere and find the file, then push
//! a second commit from there and fetch it in the first clone.

use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::servers::{self, Bare, GitDaemon, Sshd};

const FILE: &str = "要约书.md";
const FIRST: &str = "# 工资集体协商要约书\n\n企业：大连测试机械有限公司\n职工人数：200\n";
const SECOND: &str = "# 工资集体协商要约书\n\n企业：大连测试机械有限公司\n职工人数：201\n";

/// Clone `url`, commit, push, clone again, push back, fetch: with `env` added to every git.
fn round_trip(url: &str, env: &[(&str, &str)]) {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    let home = w.join("home");
    std::fs::create_dir(&home).unwrap();
    let git = |cwd: &Path, args: &[&str]| servers::git_in(cwd, &home, env, args);
    let commit = |cwd: &Path, msg: &str| {
        git(cwd, &["add", "-A"]);
        git(
            cwd,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "--quiet",
                "-m",
                msg,
            ],
        );
    };

    git(w, &["clone", "--quiet", url, "a"]);
    let a = w.join("a");
    // The clone of an empty repository may be on git's default branch; the tool's is `main`.
    git(&a, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    std::fs::write(a.join(FILE), FIRST).unwrap();
    commit(&a, "要约：第一稿");
    git(&a, &["push", "--quiet", "origin", "main"]);

    git(w, &["clone", "--quiet", "--branch", "main", url, "b"]);
    let b = w.join("b");
    assert_eq!(std::fs::read_to_string(b.join(FILE)).unwrap(), FIRST);
    assert_eq!(git(&b, &["log", "-1", "--format=%s"]), "要约：第一稿");

    std::fs::write(b.join(FILE), SECOND).unwrap();
    commit(&b, "要约：第二稿");
    git(&b, &["push", "--quiet", "origin", "main"]);
    git(&a, &["pull", "--quiet", "--ff-only", "origin", "main"]);
    assert_eq!(std::fs::read_to_string(a.join(FILE)).unwrap(), SECOND);
    assert_eq!(
        git(&a, &["rev-parse", "HEAD"]),
        git(&b, &["rev-parse", "HEAD"])
    );
}

/// After the server is dropped, nothing accepts on its port any more (polls up to 5 s).
fn assert_port_closed(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "port {port} still accepts after the server was dropped"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn file_url_round_trip() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("协商");
    assert!(bare.file_url().starts_with("file:///"));
    assert!(bare.path().join("HEAD").is_file());
    round_trip(&bare.file_url(), &[]);
    // Also by plain path.
    round_trip(bare.path().to_str().unwrap(), &[]);
}

#[test]
fn git_daemon_round_trip() {
    if !servers::need(&["git", "git-daemon"]) {
        return;
    }
    let daemon = GitDaemon::start();
    let path = daemon.create_bare("team/dossiers");
    assert_eq!(path, daemon.root().join("team/dossiers.git"));
    let url = daemon.url("team/dossiers.git");
    assert!(url.starts_with("git://127.0.0.1:"), "{url}");
    round_trip(&url, &[]);
    let port = daemon.port();
    drop(daemon);
    assert_port_closed(port);
}

#[test]
fn sshd_ssh_url_round_trip() {
    if !servers::need(&["git", "sshd", "ssh", "ssh-keygen"]) {
        return;
    }
    let sshd = Sshd::start();
    let path = sshd.create_bare("dossiers");
    let url = sshd.ssh_url(&path);
    assert!(url.starts_with("ssh://"), "{url}");
    let (k, v) = sshd.git_env();
    round_trip(&url, &[(k, &v)]);
    let port = sshd.port();
    drop(sshd);
    assert_port_closed(port);
}

#[test]
fn sshd_scp_url_round_trip() {
    if !servers::need(&["git", "sshd", "ssh", "ssh-keygen"]) {
        return;
    }
    let sshd = Sshd::start();
    let path = sshd.create_bare("nested/dossiers");
    let url = sshd.scp_url(&path);
    assert!(!url.contains("://"), "{url}");
    let (k, v) = sshd.git_env();
    round_trip(&url, &[(k, &v)]);
}

/// The session git's transport gets: git on `PATH`, `HOME` the harness's empty folder.
#[test]
fn sshd_session_finds_git() {
    if !servers::need(&["git", "sshd", "ssh", "ssh-keygen"]) {
        return;
    }
    let sshd = Sshd::start();
    let o = sshd.ssh("command -v git-upload-pack git-receive-pack && git --version && echo \"$HOME\" && echo \"$GIT_CONFIG_NOSYSTEM\"");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{}\n{}\nsshd log:\n{}",
        out,
        String::from_utf8_lossy(&o.stderr),
        sshd.log()
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].ends_with("/git-upload-pack"), "{out}");
    assert!(lines[1].ends_with("/git-receive-pack"), "{out}");
    assert!(lines[2].starts_with("git version "), "{out}");
    assert_eq!(Path::new(lines[3]), sshd.session_home(), "{out}");
    assert_eq!(lines[4], "1", "{out}");
}

/// Regression: a server counted as ready as soon as something answered on its port the way it
/// would. A test beside this one that was handed the same free port a moment earlier answers
/// exactly so, before this server has even tried to bind (and exited on failing to): the test
/// then talked to the other test's server. Here a stand-in that never binds runs while the
/// probe reaches a real daemon: it is never taken for ready.
#[test]
fn another_servers_answer_on_the_port_is_not_taken_for_ours() {
    if !servers::need(&["git", "git-daemon"]) {
        return;
    }
    let other = GitDaemon::start();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stand-in.log");
    let started = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        servers::start_on_free_port(
            "stand-in",
            &log,
            |_| "Ready to rumble".to_string(),
            |_, log| {
                std::process::Command::new("sh")
                    .args(["-c", "sleep 0.3"])
                    .stderr(log)
                    .spawn()
                    .unwrap()
            },
            |_| servers::daemon_answers(other.port()),
        )
    }));
    match started {
        Ok((mut child, port)) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the other daemon's answer was taken for a server on port {port}");
        }
        Err(e) => {
            let said = e.downcast_ref::<String>().cloned().unwrap_or_default();
            assert!(said.contains("exited before it was ready"), "{said}");
        }
    }
}

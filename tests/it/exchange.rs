//! Exchange between unions with the real binary over real transports: a grassroots union sends a
//! dossier up, the union one level up takes it in, comments clause by clause, decides and sends
//! its pre-review back, the grassroots union revises and answers, and the reviewer sees what
//! became of each opinion — over a bare repository (`file://`), `git daemon` and `sshd` started
//! by the test on 127.0.0.1. Concurrent work of both sides ends merged or refused, never lost.

use crate::common::git;
use crate::common::servers::{self, Bare, GitDaemon, Sshd};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

/// One union's workspace driven through the binary, with the transport's environment.
struct Union {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    env: Vec<(String, String)>,
}

impl Union {
    fn new(env: &[(&str, String)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        std::fs::create_dir(&root).unwrap();
        Union {
            home: dir.path().to_path_buf(),
            root,
            _dir: dir,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        }
    }

    fn run(&self, today: &str, args: &[&str]) -> Output {
        self.run_lang("en", today, args)
    }

    fn run_lang(&self, lang: &str, today: &str, args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_xieshang"));
        crate::common::binary_env(&mut c, &self.home);
        c.arg("--workspace")
            .arg(&self.root)
            .args(["--lang", lang, "--today", today])
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("XIESHANG_WORKSPACE");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn ok(&self, today: &str, args: &[&str]) -> String {
        let o = self.run(today, args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    fn json(&self, today: &str, args: &[&str]) -> Value {
        // `check` exits 1 on error findings (a draft's unfilled blanks among them) and still
        // prints its judgement.
        if args.first() == Some(&"check") {
            let o = self.run(today, args);
            assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}");
            return serde_json::from_slice(&o.stdout).unwrap();
        }
        serde_json::from_str(&self.ok(today, args)).unwrap()
    }

    fn dir(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }
}

const GRASSROOTS: &str = "210213001";
const REVIEWER: &str = "210213";

/// The grassroots union with a wage dossier whose draft is made and signed by both chiefs,
/// not yet submitted for pre-review.
fn grassroots_drafted(env: &[(&str, String)]) -> (Union, String) {
    let g = Union::new(env);
    g.ok(
        "2026-04-01",
        &[
            "union",
            "set",
            "--name",
            "大连华信精密机械有限公司工会",
            "--code",
            GRASSROOTS,
            "--person",
            "张华",
        ],
    );
    let id = g
        .ok(
            "2026-04-01",
            &[
                "new",
                "--kind",
                "wage",
                "--enterprise",
                "大连华信精密机械有限公司",
                "--staff",
                "320",
            ],
        )
        .trim()
        .to_string();
    g.ok("2026-04-02", &["draft", &id, "--template", "wage"]);
    g.ok("2026-04-03", &["draft-signed", &id, "--date", "2026-04-03"]);
    (g, id)
}

/// [`grassroots_drafted`], the draft submitted for pre-review.
fn grassroots(env: &[(&str, String)]) -> (Union, String) {
    let (g, id) = grassroots_drafted(env);
    g.ok(
        "2026-04-03",
        &["prereview", &id, "--submitted", "2026-04-03"],
    );
    (g, id)
}

/// [`grassroots`] pushing its dossier to `bare`, and the reviewer cloning it from there: the
/// grassroots union, the dossier's id, the reviewer and the key it holds the dossier under.
fn shared_through(bare: &Bare) -> (Union, String, Union, String) {
    let url = bare.file_url();
    let (g, id) = grassroots(&[]);
    g.ok("2026-04-03", &["remote", &id, "add", "origin", &url]);
    g.ok("2026-04-03", &["push", &id]);
    let r = reviewer(&[]);
    r.ok("2026-04-04", &["clone", &url]);
    let key = format!("{GRASSROOTS}/{id}");
    (g, id, r, key)
}

fn reviewer(env: &[(&str, String)]) -> Union {
    let r = Union::new(env);
    r.ok(
        "2026-04-04",
        &[
            "union",
            "set",
            "--name",
            "大连市金州区总工会",
            "--code",
            REVIEWER,
            "--person",
            "王敏",
            "--role",
            "reviewer",
        ],
    );
    r
}

/// The whole trip over `url` (a bare repository both sides reach).
fn round_trip(url: &str, env: &[(&str, String)]) {
    let (g, id) = grassroots(env);
    g.ok("2026-04-03", &["remote", &id, "add", "origin", url]);
    g.ok("2026-04-03", &["push", &id]);

    // The reviewer takes it in, under the grassroots union's code.
    let r = reviewer(env);
    let out = r.ok("2026-04-04", &["clone", url]);
    let key = format!("{GRASSROOTS}/{id}");
    assert!(out.contains(&key), "{out}");
    assert!(r.dir(&key).join("contract.md").is_file());
    // Tags travelled with the dossier.
    assert_eq!(git(&r.dir(&key), &["tag", "--list", "draft"]), "draft");
    let inbox = r.json("2026-04-06", &["inbox", "--json"]);
    assert_eq!(inbox[0]["key"], key.as_str());
    assert_eq!(inbox[0]["state"], "pending");
    assert_eq!(inbox[0]["received"], "2026-04-04");
    assert_eq!(inbox[0]["waiting_days"], 2);
    assert_eq!(inbox[0]["union_name"], "大连华信精密机械有限公司工会");

    // Opinions on two clauses (a bare id works: it names one dossier here), a refused one on a
    // clause the draft does not have, a refused change to the grassroots union's record.
    r.ok(
        "2026-04-06",
        &[
            "prereview",
            &id,
            "--clause",
            "第五条",
            "--opinion",
            "增长幅度应写明计算基数。",
        ],
    );
    r.ok(
        "2026-04-06",
        &[
            "prereview",
            &key,
            "--clause",
            "6",
            "--opinion",
            "应写明最低工资不含加班工资。",
        ],
    );
    let o = r.run(
        "2026-04-06",
        &["prereview", &id, "--clause", "第九十条", "--opinion", "x"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("has 38 clauses"));
    let o = r.run("2026-04-06", &["terms", &id, "increase=5%"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("only the pre-review"));
    r.ok(
        "2026-04-07",
        &[
            "prereview",
            &id,
            "--decision",
            "changes",
            "--date",
            "2026-04-07",
        ],
    );
    r.ok("2026-04-07", &["push", &id]);
    let log = git(&r.dir(&key), &["log", "-1", "--format=%an <%ae>%n%B"]);
    assert!(
        log.starts_with("王敏 (大连市金州区总工会) <210213@xieshang.invalid>"),
        "{log}"
    );
    assert!(log.contains("Xieshang-Union: 210213"), "{log}");

    // The grassroots union takes the pre-review in: only prereview.json changed on that side.
    let out = g.ok("2026-04-08", &["fetch", &id]);
    assert!(out.contains("prereview/210213"), "{out}");
    let shown = g.json("2026-04-08", &["show", &id, "--json"]);
    let review = &shown["prereviews"][0];
    assert_eq!(review["union"]["code"], REVIEWER);
    assert_eq!(review["entered_by"], "reviewer");
    assert_eq!(review["decision"], "pass_with_changes");
    assert_eq!(review["opinions"][1]["clause"], "第六条");
    // Nothing done yet: both opinions' clauses unchanged, unanswered → warned before the congress.
    let check = g.json("2026-04-08", &["check", &id, "--json"]);
    let follow: Vec<&Value> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "PREREVIEW-FOLLOW")
        .collect();
    assert_eq!(follow.len(), 2, "{check}");

    // Revise clause 5, insert a clause before 6 (so 第六条 becomes 第七条), answer opinion 2.
    g.ok(
        "2026-04-09",
        &[
            "clause",
            &id,
            "edit",
            "5",
            "--text",
            "职工平均工资增长幅度以上年度职工月平均工资为计算基数，增长6.5%。",
        ],
    );
    g.ok(
        "2026-04-09",
        &[
            "clause",
            &id,
            "insert",
            "--after",
            "5",
            "--text",
            "工资增长自2026年1月1日起计发。",
        ],
    );
    g.ok(
        "2026-04-09",
        &[
            "answer",
            &id,
            "--opinion",
            "2",
            "--text",
            "本企业最低工资标准已另行约定不含加班工资，见第十条。",
        ],
    );
    let check = g.json("2026-04-09", &["check", &id, "--json"]);
    assert!(
        !check["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "PREREVIEW-FOLLOW"),
        "{check}"
    );
    g.ok("2026-04-09", &["push", &id]);

    // The reviewer sees the follow-through: 第五条 changed, 第六条 unchanged (now 第七条) and
    // answered.
    let out = r.ok("2026-04-10", &["fetch", &id]);
    assert!(out.contains("origin/main"), "{out}");
    let shown = r.json("2026-04-10", &["show", &id, "--json"]);
    let f = &shown["followthrough"];
    assert_eq!(f[0]["status"], "changed", "{f}");
    assert_eq!(f[1]["status"], "unchanged", "{f}");
    assert_eq!(f[1]["now"], "第七条", "{f}");
    assert_eq!(
        f[1]["answer"],
        "本企业最低工资标准已另行约定不含加班工资，见第十条。"
    );
    let inbox = r.json("2026-04-10", &["inbox", "--json"]);
    assert_eq!(inbox[0]["changed"], 1);
    assert_eq!(inbox[0]["unchanged"], 1);
    assert_eq!(inbox[0]["answered"], 1);
    assert_eq!(inbox[0]["state"], "pass_with_changes");
    // Both copies prove themselves.
    g.ok("2026-04-10", &["verify", &id]);
    r.ok("2026-04-10", &["verify", &id]);
}

#[test]
fn round_trip_over_a_bare_repository() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    round_trip(&bare.file_url(), &[]);
    // A plain path works as well as file://.
    let bare = Bare::new("dossier2");
    round_trip(&bare.path().display().to_string(), &[]);
}

#[test]
fn round_trip_over_git_daemon() {
    if !servers::need(&["git", "git-daemon"]) {
        return;
    }
    let daemon = GitDaemon::start();
    daemon.create_bare("jinzhou/dossier.git");
    round_trip(&daemon.url("jinzhou/dossier.git"), &[]);
}

#[test]
fn round_trip_over_ssh() {
    if !servers::need(&["git", "sshd", "ssh", "ssh-keygen"]) {
        return;
    }
    let sshd = Sshd::start();
    let repo = sshd.create_bare("dossier");
    let env = [sshd.git_env()];
    round_trip(&sshd.ssh_url(&repo), &env);
    let repo = sshd.create_bare("dossier-scp");
    round_trip(&sshd.scp_url(&repo), &env);
}

/// Regression: the git a transfer runs inherited `GIT_DIR` (set for a git hook and whatever it
/// runs), which outranks `git -C <dossier>`: a push went to the repository it named instead
/// (here the push failed).
#[test]
fn a_transfer_is_of_the_dossier_whatever_git_dir_names() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    let other = tempfile::tempdir().unwrap();
    git(other.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(other.path().join("x.txt"), "x").unwrap();
    git(other.path(), &["add", "x.txt"]);
    git(other.path(), &["commit", "-q", "-m", "another repository"]);
    let elsewhere = git(other.path(), &["rev-parse", "HEAD"]);
    let git_dir = other.path().join(".git").display().to_string();
    let (g, id) = grassroots(&[("GIT_DIR", git_dir)]);
    g.ok(
        "2026-04-03",
        &["remote", &id, "add", "origin", &bare.file_url()],
    );
    g.ok("2026-04-03", &["push", &id]);
    let head = git(&g.dir(&id), &["rev-parse", "HEAD"]);
    let pushed = git(bare.path(), &["for-each-ref", "--format=%(objectname)"]);
    assert!(pushed.lines().any(|c| c == head), "{pushed}");
    assert!(!pushed.contains(&elsewhere), "{pushed}");
}

/// Both sides work at once: the grassroots union edits the draft while the reviewer records an
/// opinion; each pushes its own branch, so neither push is refused, and each fetch merges the
/// other's file. A change the sender may not make is refused and kept, not lost.
#[test]
fn concurrent_work_merges_and_a_foreign_change_is_kept_not_merged() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    let (g, id, r, key) = shared_through(&bare);
    let url = bare.file_url();

    // At the same time.
    r.ok(
        "2026-04-05",
        &[
            "prereview",
            &id,
            "--clause",
            "3",
            "--opinion",
            "请明确适用范围。",
        ],
    );
    g.ok(
        "2026-04-05",
        &[
            "clause",
            &id,
            "edit",
            "8",
            "--text",
            "加班工资按国家规定的标准支付。",
        ],
    );
    r.ok("2026-04-05", &["push", &id]);
    g.ok("2026-04-05", &["push", &id]);
    let out = g.ok("2026-04-06", &["fetch", &id]);
    assert!(out.contains("merged origin/prereview/210213"), "{out}");
    let parents = git(&g.dir(&id), &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split(' ').count(), 2, "a merge commit");
    g.ok("2026-04-06", &["push", &id]);
    let out = r.ok("2026-04-06", &["fetch", &id]);
    assert!(out.contains("origin/main"), "{out}");
    let text = std::fs::read_to_string(r.dir(&key).join("contract.md")).unwrap();
    assert!(text.contains("加班工资按国家规定的标准支付。"));
    let shown = r.json("2026-04-06", &["show", &key, "--json"]);
    assert_eq!(shown["prereviews"][0]["opinions"][0]["clause"], "第三条");

    // A reviewer's branch that rewrites the grassroots union's record is not merged.
    let forger = tempfile::tempdir().unwrap();
    let fork = forger.path().join("f");
    git(
        forger.path(),
        &["clone", "-q", &url, fork.to_str().unwrap()],
    );
    let d = fork.join("dossier.json");
    let forged = std::fs::read_to_string(&d)
        .unwrap()
        .replace("大连华信精密机械有限公司\"", "伪造公司\"");
    std::fs::write(&d, forged).unwrap();
    git(&fork, &["commit", "-q", "-am", "forged"]);
    git(
        &fork,
        &["push", "-q", "origin", "HEAD:refs/heads/prereview/999"],
    );
    let before = git(&g.dir(&id), &["rev-parse", "HEAD"]);
    let o = g.run("2026-04-07", &["fetch", &id]);
    assert_eq!(o.status.code(), Some(1), "refused");
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("dossier.json") && msg.contains("does not own"),
        "{msg}"
    );
    assert_eq!(git(&g.dir(&id), &["rev-parse", "HEAD"]), before);
    // Kept under its remote-tracking ref, and verify says so.
    git(
        &g.dir(&id),
        &["rev-parse", "refs/remotes/origin/prereview/999"],
    );
    let o = g.run("2026-04-07", &["verify", &id]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("origin/prereview/999"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// A reviewer that clones a dossier whose id it already holds from a different enterprise of the
/// same union is refused and nothing changes; an unreachable remote is a clear error.
#[test]
fn clone_refusals_change_nothing() {
    if !servers::need(&["git"]) {
        return;
    }
    let r = reviewer(&[]);
    let o = r.run("2026-04-04", &["clone", "/nonexistent/dossier.git"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("clone"));
    // The file the command would make is this test's own: a shared path (`/tmp/pwned`) could be
    // there already, left by anything else on the machine.
    let pwned = r.home.join("pwned");
    let o = r.run(
        "2026-04-04",
        &["clone", &format!("ext::sh -c touch% {}", pwned.display())],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!pwned.exists());
    let bare = Bare::new("a");
    let (g, id) = grassroots(&[]);
    g.ok(
        "2026-04-03",
        &["remote", &id, "add", "origin", &bare.file_url()],
    );
    g.ok("2026-04-03", &["push", &id]);
    r.ok("2026-04-04", &["clone", &bare.file_url()]);
    // Again: already here.
    let o = r.run("2026-04-04", &["clone", &bare.file_url()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    // Another enterprise under the same id from the same union.
    let bare2 = Bare::new("b");
    let (g2, id2) = grassroots(&[]);
    assert_eq!(id2, id);
    g2.ok(
        "2026-04-03",
        &["enterprise", &id2, "name", "大连另一家公司"],
    );
    g2.ok(
        "2026-04-03",
        &["remote", &id2, "add", "origin", &bare2.file_url()],
    );
    g2.ok("2026-04-03", &["push", &id2]);
    let o = r.run("2026-04-04", &["clone", &bare2.file_url()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("大连另一家公司"));
    // Nothing left behind in the staging area, one dossier received.
    let staged = std::fs::read_dir(r.root.join(".xieshang/new")).map_or(0, Iterator::count);
    assert_eq!(staged, 0);
    let inbox = r.json("2026-04-04", &["inbox", "--json"]);
    assert_eq!(inbox.as_array().unwrap().len(), 1);
}

/// The same trip offline, by bundle files: each is a standard bundle (`git bundle verify`
/// accepts it, `git clone` gives the dossier), an incremental one carries only what is new, and
/// bad or foreign bundles change nothing.
#[test]
fn round_trip_by_bundle_files() {
    if !servers::need(&["git"]) {
        return;
    }
    let (g, id) = grassroots(&[]);
    let files = tempfile::tempdir().unwrap();
    let up = files.path().join("up.bundle");
    g.ok("2026-04-03", &["bundle", &id, up.to_str().unwrap()]);
    git(&g.dir(&id), &["bundle", "verify", up.to_str().unwrap()]);
    let cloned = files.path().join("cloned");
    git(
        files.path(),
        &[
            "clone",
            "-q",
            up.to_str().unwrap(),
            cloned.to_str().unwrap(),
        ],
    );
    assert_eq!(
        std::fs::read(cloned.join("contract.md")).unwrap(),
        std::fs::read(g.dir(&id).join("contract.md")).unwrap()
    );

    let r = reviewer(&[]);
    let out = r.ok("2026-04-04", &["import", up.to_str().unwrap()]);
    let key = format!("{GRASSROOTS}/{id}");
    assert!(out.contains(&key), "{out}");
    r.ok(
        "2026-04-05",
        &[
            "prereview",
            &id,
            "--clause",
            "5",
            "--opinion",
            "增长幅度应写明计算基数。",
        ],
    );
    r.ok("2026-04-05", &["prereview", &id, "--decision", "changes"]);
    let down = files.path().join("down.bundle");
    r.ok("2026-04-05", &["bundle", &id, down.to_str().unwrap()]);
    git(&g.dir(&id), &["bundle", "verify", down.to_str().unwrap()]);
    let heads = git(
        &g.dir(&id),
        &["bundle", "list-heads", down.to_str().unwrap()],
    );
    assert!(heads.ends_with("refs/heads/prereview/210213"), "{heads}");
    let out = g.ok("2026-04-06", &["import", down.to_str().unwrap()]);
    assert!(out.contains("bundle/prereview/210213"), "{out}");
    let shown = g.json("2026-04-06", &["show", &id, "--json"]);
    assert_eq!(shown["prereviews"][0]["opinions"][0]["clause"], "第五条");

    // Revised; only what the reviewer lacks goes back (since the tip the reviewer sent).
    let tip = git(&r.dir(&key), &["rev-parse", "HEAD"]);
    g.ok(
        "2026-04-07",
        &[
            "clause",
            &id,
            "edit",
            "5",
            "--text",
            "职工平均工资增长幅度以上年度职工月平均工资为计算基数。",
        ],
    );
    let again = files.path().join("again.bundle");
    g.ok(
        "2026-04-07",
        &["bundle", &id, again.to_str().unwrap(), "--since", &tip],
    );
    let size = std::fs::metadata(&again).unwrap().len();
    assert!(
        size < std::fs::metadata(&up).unwrap().len(),
        "incremental: {size} bytes"
    );
    git(&r.dir(&key), &["bundle", "verify", again.to_str().unwrap()]);
    r.ok("2026-04-08", &["import", again.to_str().unwrap()]);
    let shown = r.json("2026-04-08", &["show", &key, "--json"]);
    assert_eq!(shown["followthrough"][0]["status"], "changed");
    r.ok("2026-04-08", &["verify", &key]);

    // The grassroots union's incremental bundle cannot be taken in where its base is missing.
    let stranger = reviewer(&[]);
    let o = stranger.run("2026-04-08", &["import", again.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("prerequisite"));

    // A bundle made by git itself is read too.
    let by_git = files.path().join("by-git.bundle");
    git(
        &g.dir(&id),
        &["bundle", "create", by_git.to_str().unwrap(), "--all"],
    );
    let fresh = reviewer(&[]);
    let out = fresh.ok("2026-04-09", &["import", by_git.to_str().unwrap()]);
    assert!(out.contains(&key), "{out}");
}

#[test]
fn bad_bundles_change_nothing() {
    if !servers::need(&["git"]) {
        return;
    }
    let (g, id) = grassroots(&[]);
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("good.bundle");
    g.ok("2026-04-03", &["bundle", &id, good.to_str().unwrap()]);
    let bytes = std::fs::read(&good).unwrap();
    let r = reviewer(&[]);
    let try_import = |name: &str, content: &[u8], says: &str| {
        let p = files.path().join(name);
        std::fs::write(&p, content).unwrap();
        let o = r.run("2026-04-04", &["import", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let msg = String::from_utf8_lossy(&o.stderr);
        assert!(
            msg.contains(says) && msg.contains("nothing was changed"),
            "{name}: {msg}"
        );
        assert!(
            r.json("2026-04-04", &["inbox", "--json"])
                .as_array()
                .unwrap()
                .is_empty()
        );
        let staged = std::fs::read_dir(r.root.join(".xieshang/new")).map_or(0, Iterator::count);
        assert_eq!(staged, 0, "{name}: quarantine left behind");
    };
    try_import("cut-header.bundle", &bytes[..10], "bundle");
    try_import("cut-pack.bundle", &bytes[..bytes.len() - 30], "pack");
    try_import(
        "not-a-bundle.bundle",
        "# v9 git bundle\n\n".as_bytes(),
        "bundle",
    );
    let mut huge = b"# v2 git bundle\n".to_vec();
    huge.extend(format!("{} refs/heads/main\n\nPACK", "1".repeat(40)).as_bytes());
    huge.extend([0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff]);
    try_import("huge-count.bundle", &huge, "bundle");

    // A bundle whose commit holds something besides dossier files.
    let evil = files.path().join("evil");
    git(
        files.path(),
        &[
            "clone",
            "-q",
            good.to_str().unwrap(),
            evil.to_str().unwrap(),
        ],
    );
    std::fs::create_dir(evil.join("hooks")).unwrap();
    std::fs::write(
        evil.join("hooks/post-merge"),
        "#!/bin/sh\ntouch /tmp/owned\n",
    )
    .unwrap();
    git(&evil, &["add", "hooks"]);
    git(&evil, &["commit", "-q", "-m", "x"]);
    let evil_bundle = files.path().join("evil.bundle");
    git(
        &evil,
        &["bundle", "create", evil_bundle.to_str().unwrap(), "--all"],
    );
    let content = std::fs::read(&evil_bundle).unwrap();
    try_import("evil-copy.bundle", &content, "not only dossier files");
    // Both languages name the commit and the file.
    let evil_commit = git(&evil, &["rev-parse", "HEAD"]);
    let o = r.run_lang(
        "zh-CN",
        "2026-04-04",
        &["import", evil_bundle.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains(&format!(
            "其中的提交 {evil_commit} 含有 hooks，不只是档案文件"
        )),
        "{msg}"
    );
    let o = r.run("2026-04-04", &["import", evil_bundle.to_str().unwrap()]);
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains(&format!(
            "commit {evil_commit} holds hooks, not only dossier files"
        )),
        "{msg}"
    );
}

/// When the signed agreement comes back, the reviewing union's workspace records its seal outside
/// the dossier; `verify` says the witness agrees, and catches a dossier rewritten afterwards (even
/// one rewritten consistently, seal, tag and all).
#[test]
fn the_reviewer_witnesses_the_seal_of_the_signed_agreement() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    let (g, id, r, key) = shared_through(&bare);
    r.ok("2026-04-05", &["prereview", &id, "--decision", "pass"]);
    r.ok("2026-04-05", &["push", &id]);
    g.ok("2026-04-06", &["fetch", &id]);
    g.ok(
        "2026-04-10",
        &[
            "congress",
            &id,
            "--date",
            "2026-04-10",
            "--total",
            "100",
            "--present",
            "90",
            "--for",
            "80",
        ],
    );
    g.ok("2026-04-12", &["sign", &id, "--date", "2026-04-12"]);
    g.ok("2026-04-12", &["push", &id]);
    r.ok("2026-04-13", &["fetch", &id]);
    let v = r.json("2026-04-13", &["verify", &key, "--json"]);
    assert_eq!(v[0]["intact"], true, "{v}");
    let w = v[0]["witnesses"][0].as_str().unwrap();
    assert!(w.contains("\"signed\"") && w.contains("2026-04-13"), "{w}");

    // Someone rewrites the reviewer's copy consistently: the text, the seal in dossier.json and
    // the signed tag all changed together. The seal and the tag agree with the text again; the
    // witness outside the dossier does not.
    let dir = r.dir(&key);
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    let forged = text.replacen("第一条", "第一条（改）", 1);
    std::fs::write(dir.join("contract.md"), &forged).unwrap();
    let sha = {
        use std::fmt::Write;
        let out = Command::new("sha256sum")
            .arg(dir.join("contract.md"))
            .output()
            .unwrap();
        let mut s = String::new();
        write!(s, "{}", String::from_utf8_lossy(&out.stdout)).unwrap();
        s.split_whitespace().next().unwrap().to_string()
    };
    let mut d: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dossier.json")).unwrap()).unwrap();
    d["seal"]["text_sha256"] = Value::from(sha.clone());
    std::fs::write(
        dir.join("dossier.json"),
        serde_json::to_string_pretty(&d).unwrap() + "\n",
    )
    .unwrap();
    git(&dir, &["commit", "-q", "--amend", "-a", "--no-edit"]);
    let facts = d["seal"]["facts_sha256"].as_str().unwrap().to_string();
    git(
        &dir,
        &[
            "tag",
            "-f",
            "-a",
            "signed",
            "-m",
            &format!("signed\n\nXieshang-Seal: text={sha} facts={facts}"),
        ],
    );
    let o = r.run("2026-04-14", &["verify", &key, "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"INTEGRITY-WITNESS"), "{v}");
}

/// Data flows down: the union one level up publishes its templates and region data in a
/// repository of its own; a grassroots workspace fetches it, judges by the published figures
/// (and says who published them), drafts from the published template, and follows updates.
#[test]
fn published_templates_and_region_data_flow_down() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("data");
    let work = tempfile::tempdir().unwrap();
    let w = work.path().join("w");
    git(
        work.path(),
        &[
            "clone",
            "-q",
            bare.path().to_str().unwrap(),
            w.to_str().unwrap(),
        ],
    );
    git(&w, &["checkout", "-q", "-b", "main"]);
    std::fs::create_dir_all(w.join("templates")).unwrap();
    std::fs::create_dir_all(w.join("regions")).unwrap();
    let wage = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/wage.md"))
        .unwrap()
        .replacen("第一条 ", "第一条 （大连市总工会示范文本）", 1);
    std::fs::write(w.join("templates/dl-wage.md"), wage).unwrap();
    std::fs::write(
        w.join("publisher.json"),
        r#"{"code": "210200", "name": "大连市总工会"}"#,
    )
    .unwrap();
    let region = |monthly: i64| {
        format!(
            r#"{{"regions": [{{"code": "210200", "name": "大连市", "parent": "210000", "tier": 1,
                "min_wages": [{{"from": "2026-01-01", "monthly_fen": {monthly}, "hourly_fen": 2500}}]}}]}}"#
        )
    };
    std::fs::write(w.join("regions/dalian.json"), region(250_000)).unwrap();
    git(&w, &["add", "."]);
    git(&w, &["commit", "-q", "-m", "2026年大连市最低工资标准"]);
    git(&w, &["push", "-q", "origin", "main"]);

    let g = Union::new(&[]);
    let o = g.run("2026-04-01", &["data", "fetch"]);
    assert_eq!(o.status.code(), Some(2), "no source yet");
    let out = g.ok("2026-04-01", &["data", "fetch", &bare.file_url()]);
    assert!(
        out.contains("大连市总工会") && out.contains("1 template,"),
        "{out}"
    );
    let id = g
        .ok(
            "2026-04-01",
            &[
                "new",
                "--kind",
                "wage",
                "--enterprise",
                "大连某某有限公司",
                "--region",
                "210200",
            ],
        )
        .trim()
        .to_string();
    g.ok(
        "2026-04-02",
        &["terms", &id, "min_wage=2300", "start=2026-05-01"],
    );
    let check = String::from_utf8(g.run("2026-04-02", &["check", &id]).stdout).unwrap();
    assert!(
        check.contains("2500") && check.contains("figure published by 大连市总工会"),
        "{check}"
    );
    g.ok("2026-04-02", &["draft", &id, "--template", "dl-wage"]);
    let text = std::fs::read_to_string(g.dir(&id).join("contract.md")).unwrap();
    assert!(text.contains("大连市总工会示范文本"), "{text}");

    // The publisher raises the figure; the next fetch brings it.
    std::fs::write(w.join("regions/dalian.json"), region(260_000)).unwrap();
    git(&w, &["commit", "-q", "-am", "更正"]);
    git(&w, &["push", "-q", "origin", "main"]);
    g.ok("2026-04-03", &["data", "fetch"]);
    let check = String::from_utf8(g.run("2026-04-03", &["check", &id]).stdout).unwrap();
    assert!(check.contains("2600"), "{check}");
}

/// At pre-review the draft is read against the template it came from and against the
/// enterprise's previous agreement, when the workspace holds it.
#[test]
fn the_draft_against_its_template_and_the_previous_agreement() {
    let (g, id) = grassroots(&[]);
    g.ok(
        "2026-04-04",
        &[
            "clause",
            &id,
            "edit",
            "8",
            "--text",
            "加班工资按国家规定的标准支付。",
        ],
    );
    // Rewritten beyond recognition, the clause reads as deleted and inserted in its place; the
    // other 37 are the template's.
    let v = g.json(
        "2026-04-04",
        &["diff", &id, "--against", "template", "--json"],
    );
    assert_eq!(v["summary"]["unchanged"], 37, "{v}");
    assert_eq!(v["clauses"][7]["old_label"], "第八条", "{v}");
    assert_eq!(v["clauses"][7]["change"], "deleted", "{v}");
    let o = g.run("2026-04-04", &["diff", &id, "--against", "previous"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no earlier signed agreement"));
    // Signed; next year's bargaining of the same enterprise reads against it.
    g.ok(
        "2026-04-10",
        &[
            "congress",
            &id,
            "--date",
            "2026-04-10",
            "--total",
            "100",
            "--present",
            "90",
            "--for",
            "80",
        ],
    );
    g.ok("2026-04-12", &["sign", &id, "--date", "2026-04-12"]);
    let next = g
        .ok(
            "2027-03-01",
            &[
                "new",
                "--kind",
                "wage",
                "--enterprise",
                "大连华信精密机械有限公司",
                "--staff",
                "330",
            ],
        )
        .trim()
        .to_string();
    g.ok("2027-03-02", &["draft", &next, "--template", "wage"]);
    let v = g.json(
        "2027-03-02",
        &["diff", &next, "--against", "previous", "--json"],
    );
    // Clause 8 was rewritten last year (the fresh draft has the template's words again), the
    // staff covered and the year changed.
    assert_eq!(v["summary"]["unchanged"], 35, "{v}");
    assert_eq!(v["clauses"][7]["change"], "deleted", "{v}");
    assert_eq!(v["clauses"][2]["inline"][1]["text"], "320", "{v}");
    assert_eq!(v["clauses"][2]["inline"][2]["text"], "330", "{v}");
    let o = g.run("2027-03-02", &["diff", &next, "--against", "nonsense"]);
    assert_eq!(o.status.code(), Some(1));
}

/// The reviewer owns `prereview.json`: a grassroots commit that rewrites the reviewer's opinion
/// is refused on the reviewer's fetch and kept under `refs/remotes/origin/main`, while the
/// reviewer's own record (and its unpushed withdrawal) stays as the reviewer wrote it.
#[test]
fn a_reviewer_fetch_refuses_a_grassroots_rewrite_of_its_opinions() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    let (g, id, r, key) = shared_through(&bare);
    r.ok(
        "2026-04-05",
        &[
            "prereview",
            &id,
            "--clause",
            "23",
            "--opinion",
            "工资支付日应写明。",
        ],
    );
    r.ok("2026-04-05", &["push", &id]);
    g.ok("2026-04-06", &["fetch", &id]);
    // The reviewer withdraws it, not yet sent; the grassroots side rewrites it meanwhile.
    r.ok("2026-04-06", &["prereview", &id, "--withdraw", "1"]);
    let p = g.dir(&id).join("prereview.json");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("工资支付日应写明。"), "{text}");
    std::fs::write(&p, text.replace("工资支付日应写明。", "（已删除）")).unwrap();
    git(&g.dir(&id), &["commit", "-q", "-am", "tweak"]);
    g.ok("2026-04-06", &["push", &id]);

    let before = git(&r.dir(&key), &["rev-parse", "HEAD"]);
    let o = r.run("2026-04-07", &["fetch", &id]);
    assert_eq!(o.status.code(), Some(1), "refused");
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("origin/main changes prereview.json, which its sender does not own"),
        "{msg}"
    );
    assert_eq!(git(&r.dir(&key), &["rev-parse", "HEAD"]), before);
    let mine = std::fs::read_to_string(r.dir(&key).join("prereview.json")).unwrap();
    assert!(
        mine.contains("工资支付日应写明。") && !mine.contains("（已删除）"),
        "{mine}"
    );
    git(&r.dir(&key), &["rev-parse", "refs/remotes/origin/main"]);
    let o = r.run("2026-04-07", &["verify", &key]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("origin/main"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // The grassroots side's own verify names the commit and who it came from, under the
    // pre-review's own ground (not the signed agreement's articles).
    let tweak = git(&g.dir(&id), &["rev-parse", "--short=7", "HEAD"]);
    let o = g.run("2026-04-07", &["verify", &id, "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "INTEGRITY-PREREVIEW")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(
        f["message"],
        format!(
            "commit {tweak} changed the pre-review of union 210213, but the commit comes from a sender not named (no Xieshang-Union line in the commit): only the reviewing union writes its pre-review"
        )
    );
    let o = g.run_lang("zh-CN", "2026-04-07", &["verify", &id]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!(
            "提交 {tweak} 改动了工会（210213）的预审意见，但该提交来自未注明工会的一方（提交中没有 Xieshang-Union 行）"
        )),
        "{out}"
    );
    assert!(
        out.contains("“通过下审一级”预审") && !out.contains("劳动合同法"),
        "{out}"
    );

    // An answer to an opinion the pre-review does not have says how many it has.
    let o = g.run(
        "2026-04-07",
        &["answer", &id, "--opinion", "9", "--text", "x"],
    );
    assert_eq!(o.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("the pre-review has no opinion of that number (it has 1, numbered 1 to 1)"),
        "{msg}"
    );
}

/// A pre-review typed in by the grassroots side from a paper opinion is its own to change: the
/// reviewer's fetch merges it, and the scans the grassroots union attaches with it.
#[test]
fn a_reviewer_fetch_merges_paper_opinions_and_scans_of_the_grassroots_side() {
    if !servers::need(&["git"]) {
        return;
    }
    let bare = Bare::new("dossier");
    let url = bare.file_url();
    let (g, id) = grassroots_drafted(&[]);
    g.ok("2026-04-03", &["remote", &id, "add", "origin", &url]);
    g.ok("2026-04-03", &["push", &id]);
    let r = reviewer(&[]);
    r.ok("2026-04-04", &["clone", &url]);
    let key = format!("{GRASSROOTS}/{id}");
    // Submitted on paper; the paper opinion typed in on the grassroots side.
    g.ok(
        "2026-04-05",
        &["prereview", &id, "--submitted", "2026-04-03"],
    );
    g.ok(
        "2026-04-05",
        &[
            "prereview",
            &id,
            "--clause",
            "3",
            "--opinion",
            "请明确适用范围。",
        ],
    );
    g.ok(
        "2026-04-10",
        &[
            "congress",
            &id,
            "--date",
            "2026-04-10",
            "--total",
            "100",
            "--present",
            "90",
            "--for",
            "80",
        ],
    );
    g.ok("2026-04-12", &["sign", &id, "--date", "2026-04-12"]);
    let scan = g.home.join("signed.pdf");
    std::fs::write(
        &scan,
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    )
    .unwrap();
    g.ok(
        "2026-04-12",
        &["attach", &id, scan.to_str().unwrap(), "--kind", "signed"],
    );
    g.ok("2026-04-12", &["push", &id]);
    let out = r.ok("2026-04-13", &["fetch", &id]);
    assert!(out.contains("origin/main"), "{out}");
    assert!(r.dir(&key).join("attachments/signed-1.pdf").is_file());
    let shown = r.json("2026-04-13", &["show", &key, "--json"]);
    assert_eq!(
        shown["prereviews"][0]["entered_by"], "grassroots",
        "{shown}"
    );
    assert_eq!(shown["prereviews"][0]["opinions"][0]["clause"], "第三条");
}

/// A bundle of another workspace's dossier that happens to share the id of one of this
/// workspace's own (both ran `init`; the demo names no union) is refused, naming the clash, and
/// the own dossier is left untouched; a bundle that claims this workspace's own union for an id
/// held here only as a received dossier is refused naming that dossier.
#[test]
fn a_bundle_of_an_unrelated_dossier_with_an_own_id_is_refused() {
    if !servers::need(&["git"]) {
        return;
    }
    let files = tempfile::tempdir().unwrap();
    let other = Union::new(&[]);
    other.ok("2026-04-01", &["init"]);
    // Commit times are in whole seconds: two `init`s within one second make the same commits
    // (same content, author and time), and the two demos would be one history — related, or
    // even identical, which is no clash at all. A second apart they are unrelated, as two
    // workspaces' demos are.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let r = Union::new(&[]);
    r.ok("2026-04-01", &["init"]);
    r.ok(
        "2026-04-01",
        &[
            "union",
            "set",
            "--name",
            "大连市金州区总工会",
            "--code",
            REVIEWER,
            "--person",
            "王敏",
            "--role",
            "reviewer",
        ],
    );
    let demo = other.root.join("2026-001");
    let file = files.path().join("demo.bundle");
    other.ok(
        "2026-04-02",
        &["bundle", "2026-001", file.to_str().unwrap()],
    );
    assert!(demo.is_dir());
    let before = git(&r.dir("2026-001"), &["rev-parse", "HEAD"]);
    let o = r.run("2026-04-02", &["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "refused");
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("its history is not that of your dossier \"2026-001\"")
            && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert_eq!(git(&r.dir("2026-001"), &["rev-parse", "HEAD"]), before);
    assert_eq!(
        git(&r.dir("2026-001"), &["for-each-ref", "refs/remotes"]),
        ""
    );
    r.ok("2026-04-02", &["verify", "2026-001"]);

    // A grassroots dossier received here; a bundle of the same id claims the reviewer's code.
    let (g, id) = grassroots(&[]);
    let up = files.path().join("up.bundle");
    g.ok("2026-04-03", &["bundle", &id, up.to_str().unwrap()]);
    let r = reviewer(&[]);
    r.ok("2026-04-04", &["import", up.to_str().unwrap()]);
    let forger = Union::new(&[]);
    forger.ok(
        "2026-04-01",
        &[
            "union",
            "set",
            "--name",
            "冒名工会",
            "--code",
            REVIEWER,
            "--person",
            "某人",
        ],
    );
    let fid = forger
        .ok(
            "2026-04-01",
            &[
                "new",
                "--kind",
                "wage",
                "--enterprise",
                "另一家公司",
                "--staff",
                "10",
            ],
        )
        .trim()
        .to_string();
    assert_eq!(fid, id);
    let forged = files.path().join("forged.bundle");
    forger.ok("2026-04-02", &["bundle", &fid, forged.to_str().unwrap()]);
    let o = r.run("2026-04-05", &["import", forged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "refused");
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains(&format!(
            "here \"{id}\" is only {GRASSROOTS}/{id}, received"
        )),
        "{msg}"
    );
    assert!(!r.dir(&id).exists());
}

/// A pre-review is decided once, after the dossier was received: a decision dated before the
/// receipt is refused naming both dates, another decision is refused naming the one on record
/// (the same one again changes nothing), and a receipt after the decision is refused.
#[test]
fn a_prereview_decision_is_given_once_and_not_before_receipt() {
    if !servers::need(&["git"]) {
        return;
    }
    let (g, id) = grassroots(&[]);
    let files = tempfile::tempdir().unwrap();
    let up = files.path().join("up.bundle");
    g.ok("2026-04-03", &["bundle", &id, up.to_str().unwrap()]);
    let r = reviewer(&[]);
    r.ok("2026-04-04", &["import", up.to_str().unwrap()]);
    let refused = |args: &[&str], says: &str| {
        let o = r.run("2026-04-08", args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let msg = String::from_utf8_lossy(&o.stderr);
        assert!(msg.contains(says), "{args:?}: {msg}");
    };
    refused(
        &[
            "prereview",
            &id,
            "--decision",
            "changes",
            "--date",
            "2026-04-03",
        ],
        "2026-04-03",
    );
    refused(
        &[
            "prereview",
            &id,
            "--decision",
            "changes",
            "--date",
            "2026-04-03",
        ],
        "cannot be earlier than date received (2026-04-04)",
    );
    let decide = [
        "prereview",
        &id,
        "--decision",
        "changes",
        "--date",
        "2026-04-05",
    ];
    r.ok("2026-04-05", &decide);
    let before = git(
        &r.dir(&format!("{GRASSROOTS}/{id}")),
        &["rev-parse", "HEAD"],
    );
    // The same decision again records nothing (no empty commit) and says so.
    refused(&decide, "is what is already recorded");
    refused(
        &[
            "prereview",
            &id,
            "--decision",
            "pass",
            "--date",
            "2026-04-06",
        ],
        "already decided: \"pass_with_changes\" on 2026-04-05",
    );
    refused(
        &[
            "prereview",
            &id,
            "--decision",
            "pass",
            "--date",
            "2026-04-01",
        ],
        "cannot be earlier than date submitted for pre-review (2026-04-03)",
    );
    refused(
        &["prereview", &id, "--received", "2026-04-06"],
        "cannot be later than decision (2026-04-05)",
    );
    assert_eq!(
        git(
            &r.dir(&format!("{GRASSROOTS}/{id}")),
            &["rev-parse", "HEAD"]
        ),
        before
    );
    // The inbox names the draft by the version that holds it, which `diff` takes.
    let inbox = r.json("2026-04-08", &["inbox", "--json"]);
    let head = git(
        &r.dir(&format!("{GRASSROOTS}/{id}")),
        &["rev-parse", "--short=7", "HEAD"],
    );
    assert_eq!(inbox[0]["draft"], head.as_str(), "{inbox}");
    r.ok("2026-04-08", &["diff", &id, &head]);
    let shown = r.json("2026-04-08", &["show", &id, "--json"]);
    assert_eq!(shown["prereviews"][0]["decision"], "pass_with_changes");
    assert_eq!(shown["prereviews"][0]["decided"], "2026-04-05");
    assert_eq!(shown["prereviews"][0]["received"], "2026-04-04");
}

//! SIGKILL a writer in the middle of saving, many times, and show that the dossier always opens,
//! that every change the writer saw committed is still in history, and that `HEAD` and the files
//! agree. The writer is this very test binary re-run on the `#[ignore]` test `child_writer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use xieshang::domain::{ContractKind, Dossier, Enterprise};
use xieshang::store::{StoreError, Workspace};

const ID: &str = "2026-001";
const KILLS: usize = 30;

fn counter(d: &Dossier) -> u32 {
    d.enterprise.staff.unwrap_or(0)
}

fn contract_for(n: u32) -> String {
    // Big enough that writing it is not instantaneous, so kills land inside writes too.
    format!("第一条 第{n}版\n{}", "第二条 工资按月支付。\n".repeat(2000))
}

/// The writer: loops saving ever-increasing versions; after each save returns, appends
/// `<counter> <commit>` to the report file. Reopens now and then so kills also land in
/// `open_for_write` (lock, clean-up, recovery).
#[test]
#[ignore = "run only as a child process by `sigkill_during_save_never_loses_committed_work`"]
fn child_writer() {
    let Ok(ws_path) = std::env::var("XS_KILL_WS") else {
        return;
    };
    let report = std::env::var("XS_KILL_REPORT").unwrap();
    let ws = Workspace::init(Path::new(&ws_path)).unwrap();
    loop {
        let mut w = loop {
            match ws.open_for_write(ID) {
                Ok(w) => break w,
                // The previous (killed) child's lock dies with it; wait out the OS if needed.
                Err(StoreError::InUse { .. }) => std::thread::sleep(Duration::from_millis(1)),
                Err(e) => panic!("{e}"),
            }
        };
        for _ in 0..5 {
            let mut d = w.dossier().clone();
            let n = counter(&d) + 1;
            d.enterprise.staff = Some(n);
            d.notes_for_test(n);
            let commit = w
                .save(
                    &d,
                    Some(&contract_for(n)),
                    &format!("save {n}"),
                    &[&format!("v-{n}")],
                )
                .unwrap();
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&report)
                .unwrap();
            f.write_all(format!("{n} {commit}\n").as_bytes()).unwrap();
        }
    }
}

trait Notes {
    fn notes_for_test(&mut self, n: u32);
}

impl Notes for Dossier {
    /// Grows the record too, so `dossier.json` writes are not trivially small.
    fn notes_for_test(&mut self, n: u32) {
        self.instructors = (0..n % 50).map(|i| format!("指导员{i}")).collect();
    }
}

/// This test binary re-run on one `#[ignore]`d child test, with `env` set and no git
/// configuration of the machine's.
fn spawn(exe: &Path, test: &str, env: &[(&str, &Path)], home: &Path) -> std::process::Child {
    let mut cmd = Command::new(exe);
    cmd.args([
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("HOME", home)
    .env("XDG_CONFIG_HOME", home)
    .env("GIT_CONFIG_NOSYSTEM", "1")
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// A small xorshift generator seeded from the clock: random enough to spread the kills, with
/// the seed printed so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_during_save_never_loses_committed_work() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ws");
    let report = t.path().join("report.txt");
    let ws = Workspace::init(&root).unwrap();
    let d = Dossier::new(
        ID.into(),
        ContractKind::Wage,
        Enterprise {
            name: "大连海运机械有限公司".into(),
            region: "210200".into(),
            staff: Some(0),
            ..Enterprise::default()
        },
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    );
    ws.create(&d, "create").unwrap();

    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("kill test seed {seed}");
    let mut rng = Rng(seed);
    let exe = std::env::current_exe().unwrap();
    let mut last_reported = 0u32;
    let mut baseline = 0u32;

    for round in 0..KILLS {
        let mut child = spawn(
            &exe,
            "store_kill::child_writer",
            &[("XS_KILL_WS", &root), ("XS_KILL_REPORT", &report)],
            t.path(),
        );
        // Let it get going (process start-up takes a while on a busy machine), then kill it at
        // a random moment.
        let start = Instant::now();
        let target = Duration::from_millis(30 + rng.next() % 120);
        while start.elapsed() < target {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("round {round}: writer exited on its own: {status}");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        // Read-only load must always parse: the file is only ever replaced atomically.
        let on_disk = ws.load(ID).unwrap_or_else(|e| panic!("round {round}: {e}"));

        let reported: Vec<(u32, String)> = fs::read_to_string(&report)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let (n, c) = l.split_once(' ')?;
                Some((n.parse().ok()?, c.to_string()))
            })
            .collect();
        if let Some((n, _)) = reported.last() {
            last_reported = *n;
        }
        // On disk: the last version known committed (reported by the writer, or found at HEAD
        // by the previous round — a kill can land after a save returned but before its report),
        // or the one being saved when the kill came. Never anything older.
        let n = counter(&on_disk);
        let known = last_reported.max(baseline);
        assert!(
            n == known || n == known + 1,
            "round {round}: on disk {n}, last known committed {known}"
        );

        // Opening for write must work despite leftovers (lock file, temp files, git locks), and
        // afterwards HEAD and the files agree.
        let w = ws
            .open_for_write(ID)
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let head_json = ws.file_at(ID, "HEAD", "dossier.json").unwrap().unwrap();
        let at_head: Dossier = serde_json::from_str(&head_json).unwrap();
        assert_eq!(
            w.dossier(),
            &at_head,
            "round {round}: HEAD differs from the file"
        );
        let n = counter(&at_head);
        assert!(
            n == known || n == known + 1,
            "round {round}: HEAD has {n}, last known committed {known}"
        );
        // An interrupted save is rolled back whole: record and draft are from one commit.
        let contract = w.contract_text().unwrap();
        assert_eq!(
            contract,
            ws.file_at(ID, "HEAD", "contract.md").unwrap(),
            "round {round}"
        );
        if n > 0 {
            assert_eq!(
                contract,
                Some(contract_for(n)),
                "round {round}: contract torn"
            );
        }
        drop(w);
        baseline = n;

        // Commit and tag together: the version at HEAD carries its tag, also when the kill
        // came between the commit and the tag (the open above completed it).
        if n > 0 {
            let tags = ws.tags(ID).unwrap();
            let head = ws.resolve_rev(ID, "HEAD").unwrap();
            assert!(
                tags.iter()
                    .any(|t| t.name == format!("v-{n}") && t.commit == head),
                "round {round}: HEAD (save {n}) has no tag v-{n}"
            );
        }
        // Readers see HEAD: no save is under way now, so the file is HEAD's.
        assert_eq!(counter(&ws.load(ID).unwrap()), n, "round {round}");

        // Every commit the writer saw succeed is still reachable from HEAD, and still holds
        // what was saved in it.
        let history = ws.history(ID).unwrap();
        for (k, commit) in &reported {
            assert!(
                history.iter().any(|h| &h.commit == commit),
                "round {round}: commit {commit} of save {k} lost"
            );
            let then: Dossier =
                serde_json::from_str(&ws.file_at(ID, commit, "dossier.json").unwrap().unwrap())
                    .unwrap();
            assert_eq!(counter(&then), *k);
        }
        // No temp file survives an open.
        let leftovers: Vec<_> = fs::read_dir(root.join(ID))
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".xieshang-tmp-")
            })
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
    }
    assert!(last_reported > 0, "the writer never completed a save");
    eprintln!("{KILLS} kills, {last_reported} saves committed");

    // Plain git agrees the repository is sound, when a git binary is available.
    if let Ok(out) = Command::new("git")
        .args(["fsck", "--no-dangling"])
        .current_dir(root.join(ID))
        .env("HOME", t.path())
        .env("XDG_CONFIG_HOME", t.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
    {
        assert!(
            out.status.success(),
            "git fsck: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The creator: makes dossiers one after another, reporting each id once `create` returned.
#[test]
#[ignore = "run only as a child process by `sigkill_during_new_leaves_no_debris`"]
fn child_creator() {
    let Ok(ws_path) = std::env::var("XS_NEW_WS") else {
        return;
    };
    let report = std::env::var("XS_NEW_REPORT").unwrap();
    let ws = Workspace::open(Path::new(&ws_path)).unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    loop {
        let id = ws.new_id("", day);
        let d = Dossier::new(id.clone(), ContractKind::Wage, Enterprise::default(), day);
        ws.create(&d, "new dossier").unwrap();
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&report)
            .unwrap();
        f.write_all(format!("{id}\n").as_bytes()).unwrap();
    }
}

/// Regression: a killed `new` left folders holding only `.git` or a temp file, invisible to
/// `list`, and the id was skipped. A dossier is now built aside and renamed into place: after
/// every kill each folder in the workspace is a whole dossier, ids run without gaps, and the
/// next start clears the staging folder.
#[test]
fn sigkill_during_new_leaves_no_debris() {
    const NEW_KILLS: usize = 20;
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ws");
    let report = t.path().join("report.txt");
    let ws = Workspace::init(&root).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng(u64::from(std::process::id()) | 1);
    for round in 0..NEW_KILLS {
        let mut child = spawn(
            &exe,
            "store_kill::child_creator",
            &[("XS_NEW_WS", &root), ("XS_NEW_REPORT", &report)],
            t.path(),
        );
        std::thread::sleep(Duration::from_millis(20 + rng.next() % 60));
        child.kill().unwrap();
        child.wait().unwrap();
        ws.clear_staging();
        let mut names: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for n in &names {
            let dir = root.join(n);
            assert!(
                dir.join("dossier.json").is_file() && ws.history(n).is_ok_and(|h| h.len() == 1),
                "round {round}: {n} is not a whole dossier"
            );
        }
        let expected: Vec<String> = (1..=names.len()).map(|i| format!("2026-{i:03}")).collect();
        assert_eq!(names, expected, "round {round}: ids skipped");
        let staging: Vec<_> = fs::read_dir(root.join(".xieshang/new"))
            .map(|rd| rd.flatten().collect())
            .unwrap_or_default();
        assert!(staging.is_empty(), "round {round}: staging not cleared");
        let marks: Vec<String> = fs::read_dir(root.join(".xieshang"))
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| Path::new(n).extension().is_some_and(|x| x == "tmp"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(marks.is_empty(), "round {round}: left behind {marks:?}");
        for id in fs::read_to_string(&report).unwrap_or_default().lines() {
            assert!(names.iter().any(|n| n == id), "round {round}: {id} lost");
        }
    }
}

/// Regression: a `new` killed between writing the change mark's temporary file and renaming it
/// left `.xieshang/generation.<pid>.tmp` behind for good. The next start clears the files of
/// processes that are gone, and only those.
#[test]
fn a_killed_writers_change_mark_file_is_cleared() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ws");
    let ws = Workspace::init(&root).unwrap();
    let dir = root.join(".xieshang");
    fs::create_dir_all(&dir).unwrap();
    // No process has this id (above the kernel's largest, 2^22); this test's own process lives.
    let dead = dir.join("generation.99999999.tmp");
    let alive = dir.join(format!("generation.{}.tmp", std::process::id()));
    fs::write(&dead, "1-2\n").unwrap();
    fs::write(&alive, "1-2\n").unwrap();
    fs::write(dir.join("generation"), "1-2\n").unwrap();
    ws.clear_staging();
    assert!(!dead.exists(), "a dead writer's file is cleared");
    assert!(alive.exists(), "a live writer's file is kept");
    assert!(dir.join("generation").exists(), "the mark itself is kept");
}

/// The real binary, killed with SIGKILL at a random moment of one verb after another (new, rep,
/// terms, round open/position/close, a draft from the template, clause edits), 200 times. After
/// each kill: a verb that had exited 0 has its commit at HEAD; `verify` (which first completes or
/// rolls back an interrupted save) finds the dossier intact — every closed round tagged, files
/// equal to HEAD; `git fsck --full` of the repository written is clean; the workspace holds whole
/// dossiers only.
#[test]
fn sigkill_of_the_binary_across_verbs_leaves_verifiable_dossiers() {
    const BIN_KILLS: usize = 200;
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("ws");
    fs::create_dir(&root).unwrap();
    let bin = env!("CARGO_BIN_EXE_xieshang");
    let run = |args: &[&str]| -> Command {
        let mut c = Command::new(bin);
        c.arg("--workspace")
            .arg(&root)
            .args(["--lang", "en", "--today", "2026-03-20"])
            .args(args)
            .env("HOME", t.path())
            .env("XDG_CONFIG_HOME", t.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let ok = run(&[
        "new",
        "--kind",
        "wage",
        "--enterprise",
        "大连杀进程测试有限公司",
    ])
    .status()
    .unwrap();
    assert!(ok.success());
    let id = "2026-001";
    let mut rng = Rng((u64::from(std::process::id()) * 7) | 1);
    let mut dossiers = 1;
    for k in 0..BIN_KILLS {
        let n = k.to_string();
        // Every value new, so every verb that goes through changes something (an unchanged
        // record makes no commit, rightly).
        let increase = format!("increase={}.{:02}%", 3 + k / 100, k % 100);
        let clause = format!("本条第{n}次修改：企业按月足额支付工资。");
        let (args, event): (Vec<&str>, &str) = match k % 9 {
            0 => (
                vec!["rep", id, "--side", "workers", "--name", &n],
                "representative.",
            ),
            1 => (vec!["terms", id, &increase], "terms.set"),
            2 => (
                vec![
                    "round",
                    id,
                    "open",
                    "--date",
                    "2026-03-10",
                    "--chair",
                    "workers",
                ],
                "round.opened",
            ),
            3 => (
                vec![
                    "round", id, "position", "--issue", "工资", "--side", "workers", "--value", &n,
                ],
                "round.position",
            ),
            4 => (
                vec!["round", id, "close", "--minutes-signed"],
                "round.closed",
            ),
            5 => (
                vec!["draft", id, "--template", "wage", "--force"],
                "draft.template",
            ),
            6 | 7 => (
                vec!["clause", id, "edit", "1", "--text", &clause],
                "clause.modified",
            ),
            _ => (
                vec![
                    "new",
                    "--kind",
                    "wage",
                    "--enterprise",
                    "大连杀进程测试有限公司",
                ],
                "dossier.created",
            ),
        };
        let mut child = run(&args).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_millis(rng.next() % 40);
        let mut exited = None;
        while Instant::now() < deadline {
            if let Some(s) = child.try_wait().unwrap() {
                exited = Some(s);
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        // Killing a child that already exited is a no-op; `wait` reaps it either way. A kill
        // shows as no exit code (it may have finished in the last instant).
        let _ = child.kill();
        let s = child.wait().unwrap();
        if exited.is_none() {
            exited = s.code().map(|_| s);
        }
        let dir = root.join(id);
        // (`new` makes another dossier; a draft from the template is rightly no commit when the
        // terms it is filled from did not change because their verb was killed.)
        if let Some(s) = exited
            && s.success()
            && !matches!(event, "dossier.created" | "draft.template")
        {
            let last = crate::common::git(&dir, &["log", "-1", "--format=%B"]);
            assert!(
                last.contains(&format!("Xieshang-Event: {event}")),
                "kill {k}: {args:?} exited 0 but HEAD is {last}"
            );
        }
        // Readers read HEAD: before anything completes or rolls back the interrupted save
        // (`verify` below does), `show` prints the committed record, never the half-written file.
        let head: serde_json::Value =
            serde_json::from_str(&crate::common::git(&dir, &["show", "HEAD:dossier.json"]))
                .unwrap();
        let shown = run(&["show", id, "--json"])
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(shown.status.success(), "kill {k}: show failed");
        let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        for (key, value) in head.as_object().unwrap() {
            assert_eq!(
                &shown[key], value,
                "kill {k} ({args:?}): show gives another {key} than HEAD"
            );
        }
        // A `new` that exited 0 left its whole dossier; ids run without gaps, staging is empty.
        let mut ids: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        ids.sort();
        let expected: Vec<String> = (1..=ids.len()).map(|i| format!("2026-{i:03}")).collect();
        assert_eq!(ids, expected, "kill {k}: ids skipped");
        if event == "dossier.created" && exited.is_some_and(|s| s.success()) {
            assert_eq!(
                ids.len(),
                dossiers + 1,
                "kill {k}: new exited 0, no dossier"
            );
        }
        dossiers = ids.len();
        let staging: Vec<_> = fs::read_dir(root.join(".xieshang/new"))
            .map(|rd| rd.flatten().collect())
            .unwrap_or_default();
        assert!(staging.is_empty(), "kill {k}: staging not cleared");
        let v = run(&["verify", "--all"])
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        assert!(
            v.status.success(),
            "kill {k} ({args:?}): {}",
            String::from_utf8_lossy(&v.stdout)
        );
        // After every kill: no debris, and the repository the verb wrote passes `git fsck --full`
        // (for `new`, the newest dossier); every 20th kill, every repository.
        let mut newest = None;
        for entry in fs::read_dir(&root).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            assert!(
                entry.path().join("dossier.json").is_file(),
                "kill {k}: debris {name}"
            );
            if k % 20 == 19 {
                crate::common::git(&entry.path(), &["fsck", "--full", "--no-dangling"]);
            }
            if newest.as_ref().is_none_or(|n: &String| name > *n) {
                newest = Some(name);
            }
        }
        let written = if event == "dossier.created" {
            root.join(newest.unwrap())
        } else {
            dir.clone()
        };
        crate::common::git(&written, &["fsck", "--full", "--no-dangling"]);
    }
}

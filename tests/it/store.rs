//! The store against real git repositories in temp directories (never a mock of git).
//!
//! Tests that need a process of their own (a second xieshang holding the lock, a process with no
//! git identity) re-run this test binary on one `#[ignore]` child test, steered by env vars.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use xieshang::domain::{ContractKind, Dossier, Enterprise, SCHEMA_VERSION};
use xieshang::i18n::Lang;
use xieshang::store::{StoreError, Workspace, validate_id};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn dossier(id: &str) -> Dossier {
    Dossier::new(
        id.to_string(),
        ContractKind::Wage,
        Enterprise {
            name: "大连海运机械有限公司".into(),
            region: "210200".into(),
            staff: Some(320),
            ..Enterprise::default()
        },
        date(2026, 3, 2),
    )
}

fn workspace() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::init(&dir.path().join("sessions")).unwrap();
    (dir, ws)
}

fn repo(ws: &Workspace, id: &str) -> git2::Repository {
    git2::Repository::open(ws.root().join(id)).unwrap()
}

fn head(ws: &Workspace, id: &str) -> String {
    repo(ws, id)
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id()
        .to_string()
}

fn commit_count(ws: &Workspace, id: &str) -> usize {
    ws.history(id).unwrap().len()
}

/// A child process running this binary's `child` test with `env` set; the child's git sees no
/// system or user configuration.
fn spawn_child(mode: &str, env: &[(&str, &Path)], home: &Path) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "store::child",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("XS_CHILD", mode)
    .env("HOME", home)
    .env("XDG_CONFIG_HOME", home)
    .env("GIT_CONFIG_NOSYSTEM", "1")
    .stdout(Stdio::null())
    .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "child never wrote {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Child side of the multi-process tests. Does nothing unless spawned by one of them.
#[test]
#[ignore = "run only as a child process by other tests in this file"]
fn child() {
    let Ok(mode) = std::env::var("XS_CHILD") else {
        return;
    };
    let ws = Workspace::open(Path::new(&std::env::var("XS_WS").unwrap())).unwrap();
    match mode.as_str() {
        // Hold the write lock until told to let go.
        "hold_lock" => {
            let w = ws.open_for_write("d1").unwrap();
            fs::write(std::env::var("XS_READY").unwrap(), "locked").unwrap();
            wait_for(Path::new(&std::env::var("XS_RELEASE").unwrap()));
            drop(w);
        }
        // Create a dossier with no git identity anywhere.
        "create_anonymous" => {
            ws.create(&dossier("anon"), "create").unwrap();
        }
        other => panic!("unknown child mode {other}"),
    }
}

#[test]
fn create_then_load_round_trips() {
    let (_t, ws) = workspace();
    assert!(ws.is_empty());
    let d = dossier("2026-001");
    ws.create(&d, "create dossier").unwrap();
    assert_eq!(ws.load("2026-001").unwrap(), d);
    assert_eq!(ws.ids(), vec!["2026-001".to_string()]);
    assert!(!ws.is_empty());
    let h = ws.history("2026-001").unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].message, "create dossier");
    // The file is pretty JSON a person can read and diff.
    let text = fs::read_to_string(ws.root().join("2026-001/dossier.json")).unwrap();
    assert!(text.contains("\n  \"schema_version\": 9"), "{text}");
    assert!(matches!(
        ws.create(&d, "again"),
        Err(StoreError::Exists { .. })
    ));
}

#[test]
fn ids_lists_only_dossiers_sorted() {
    let (_t, ws) = workspace();
    ws.create(&dossier("b"), "c").unwrap();
    ws.create(&dossier("a"), "c").unwrap();
    fs::create_dir(ws.root().join("empty")).unwrap();
    fs::write(ws.root().join("README.md"), "hi").unwrap();
    assert_eq!(ws.ids(), vec!["a".to_string(), "b".to_string()]);
    let all = ws.load_all();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|(_, d)| d.is_ok()));
}

#[test]
fn new_id_counts_up_per_year() {
    let (_t, ws) = workspace();
    let id = ws.new_id("大连海运", date(2026, 1, 1));
    assert_eq!(id, "2026-001");
    ws.create(&dossier(&id), "c").unwrap();
    assert_eq!(ws.new_id("大连海运", date(2026, 5, 1)), "2026-002");
    assert_eq!(ws.new_id("", date(2027, 5, 1)), "2027-001");
    assert_eq!(
        ws.new_id("Acme Ltd.", date(2026, 5, 1)),
        "2026-acme-ltd-001"
    );
    validate_id(&ws.new_id(&"x".repeat(200), date(2026, 5, 1))).unwrap();
}

#[test]
fn save_makes_exactly_one_commit_and_no_empty_ones() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let mut w = ws.open_for_write("d1").unwrap();
    let mut d = w.dossier().clone();
    d.recorder = Some("王芳".into());
    let c1 = w
        .save(&d, Some("第一条 总则\n"), "offer: received", &[])
        .unwrap();
    assert_eq!(c1, head(&ws, "d1"));
    assert_eq!(commit_count(&ws, "d1"), 2);
    assert_eq!(ws.history("d1").unwrap()[0].message, "offer: received");
    assert_eq!(w.contract_text().unwrap().as_deref(), Some("第一条 总则\n"));
    assert_eq!(w.dossier(), &d);

    // Same content again: no commit, HEAD returned.
    let c2 = w.save(&d, Some("第一条 总则\n"), "nothing", &[]).unwrap();
    assert_eq!(c2, c1);
    let c3 = w.save(&d, None, "nothing either", &[]).unwrap();
    assert_eq!(c3, c1);
    assert_eq!(commit_count(&ws, "d1"), 2);
    // The working tree is clean: only our files, all committed.
    let r = repo(&ws, "d1");
    let statuses = r.statuses(None).unwrap();
    assert_eq!(
        statuses.len(),
        0,
        "{:?}",
        statuses
            .iter()
            .map(|s| s.path().map(str::to_string))
            .collect::<Vec<_>>()
    );
    drop(w);
    assert_eq!(ws.load("d1").unwrap(), d);
}

#[test]
fn tags_history_and_file_at() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let mut w = ws.open_for_write("d1").unwrap();
    let mut d = w.dossier().clone();
    d.terms.avg_wage_increase_bp = Some(800);
    let r1 = w
        .save(
            &d,
            Some("第五条 工资增长8%\n"),
            "round 1: closed",
            &["round-1"],
        )
        .unwrap();
    d.terms.avg_wage_increase_bp = Some(650);
    let r2 = w
        .save(
            &d,
            Some("第五条 工资增长6.5%\n"),
            "round 2: closed",
            &["round-2", "draft"],
        )
        .unwrap();

    let tags = ws.tags("d1").unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["draft", "round-1", "round-2"]);
    assert_eq!(tags[1].commit, r1);

    let h = ws.history("d1").unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].commit, r2);
    assert_eq!(h[0].tags, ["draft", "round-2"]);
    assert_eq!(h[1].message, "round 1: closed");
    assert_eq!(h[1].short, r1[..7]);
    assert!(h[2].tags.is_empty());

    assert_eq!(
        ws.file_at("d1", "round-1", "contract.md")
            .unwrap()
            .as_deref(),
        Some("第五条 工资增长8%\n")
    );
    assert_eq!(
        ws.file_at("d1", "HEAD", "contract.md").unwrap().as_deref(),
        Some("第五条 工资增长6.5%\n")
    );
    assert_eq!(
        ws.file_at("d1", &r1[..8], "contract.md")
            .unwrap()
            .as_deref(),
        Some("第五条 工资增长8%\n")
    );
    assert_eq!(ws.file_at("d1", &h[2].commit, "contract.md").unwrap(), None);
    let old: Dossier = serde_json::from_str(
        &ws.file_at("d1", "round-1", "dossier.json")
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(old.terms.avg_wage_increase_bp, Some(800));
    assert_eq!(ws.resolve_rev("d1", "round-2").unwrap(), r2);
    assert_eq!(ws.resolve_rev("d1", "HEAD~1").unwrap(), r1);
    for bad in ["round-9", "deadbeef", "", "--all"] {
        assert!(
            matches!(
                ws.file_at("d1", bad, "contract.md"),
                Err(StoreError::UnknownRev { .. })
            ),
            "{bad}"
        );
    }

    // A milestone that recurs (the congress rejected, signed again): the tag moves to the new
    // commit and the old target is kept as `<tag>_1`.
    d.terms.avg_wage_increase_bp = Some(700);
    let r3 = w.save(&d, None, "draft: revised", &["draft"]).unwrap();
    assert_eq!(ws.resolve_rev("d1", "draft").unwrap(), r3);
    assert_eq!(ws.resolve_rev("d1", "draft_1").unwrap(), r2);
    // Re-tagging the same commit changes nothing; no commit either.
    assert_eq!(w.save(&d, None, "again", &["draft"]).unwrap(), r3);
    assert!(ws.resolve_rev("d1", "draft_2").is_err());
    // Regression (found by the binary kill test): an unchanged save put its tag on HEAD, a
    // commit that never recorded that event. No change, no commit, no tag.
    assert_eq!(w.save(&d, None, "mark", &["congress"]).unwrap(), r3);
    assert!(ws.resolve_rev("d1", "congress").is_err());
    assert!(matches!(
        w.save(&d, None, "x", &["bad tag"]),
        Err(StoreError::BadTag { .. })
    ));
}

#[test]
fn bad_ids_are_refused_everywhere() {
    let (t, ws) = workspace();
    let long = "a".repeat(65);
    for id in [
        "../x", "..", ".", "", &long, "a b", "a\\b", "-rf", ".git", "x\0", "档案", "../a/b",
        "a/../b", "a/b/c", "/a",
    ] {
        assert!(
            matches!(validate_id(id), Err(StoreError::BadId { .. })),
            "{id:?}"
        );
        assert!(
            matches!(ws.load(id), Err(StoreError::BadId { .. })),
            "{id:?}"
        );
        assert!(matches!(
            ws.open_for_write(id),
            Err(StoreError::BadId { .. })
        ));
        assert!(matches!(ws.history(id), Err(StoreError::BadId { .. })));
        assert!(matches!(
            ws.file_at(id, "HEAD", "dossier.json"),
            Err(StoreError::BadId { .. })
        ));
        assert!(matches!(
            ws.create(&dossier(id), "c"),
            Err(StoreError::BadId { .. })
        ));
    }
    validate_id(&"a".repeat(64)).unwrap();
    validate_id("2026-001_b").unwrap();
    // `CODE/ID` names a dossier received from union CODE: not an id, but a key (not found here).
    assert!(matches!(validate_id("a/b"), Err(StoreError::BadId { .. })));
    assert!(matches!(ws.load("a/b"), Err(StoreError::NotFound { .. })));
    // Nothing was created next to the workspace.
    let names: Vec<_> = fs::read_dir(t.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["sessions"]);
    assert!(ws.ids().is_empty());
}

#[test]
fn not_json_is_refused_with_path_and_position_and_left_alone() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let path = ws.root().join("d1/dossier.json");
    let garbage = b"{\n  \"schema_version\": 1,\n  \"id\": oops\n}\n".to_vec();
    fs::write(&path, &garbage).unwrap();
    let err = ws.load("d1").unwrap_err();
    let StoreError::Corrupt { path: p, detail } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(p, &path);
    assert!(detail.contains("line 3"), "{detail}");
    let msg = err.message(Lang::En);
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("line 3"),
        "{msg}"
    );
    assert!(err.message(Lang::ZhCn).contains("已损坏"));
    assert_eq!(err.exit_code(), 1);
    assert!(matches!(
        ws.open_for_write("d1"),
        Err(StoreError::Corrupt { .. })
    ));
    // load_all reports it without hiding the others.
    ws.create(&dossier("d2"), "create").unwrap();
    let all = ws.load_all();
    assert!(all[0].1.is_err() && all[1].1.is_ok());
    assert_eq!(fs::read(&path).unwrap(), garbage);

    // Valid JSON of the wrong shape: the field and its position are named.
    let wrong = b"{\n  \"schema_version\": 9,\n  \"id\": 5\n}\n".to_vec();
    fs::write(&path, &wrong).unwrap();
    let detail = ws.load("d1").unwrap_err().to_string();
    assert!(detail.contains("line 3"), "{detail}");
    assert_eq!(fs::read(&path).unwrap(), wrong);
}

#[test]
fn newer_schema_is_refused_and_never_written() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let path = ws.root().join("d1/dossier.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v["schema_version"] = (SCHEMA_VERSION + 1).into();
    v["a_field_from_the_future"] = "x".into();
    let bytes = serde_json::to_vec_pretty(&v).unwrap();
    fs::write(&path, &bytes).unwrap();
    let err = ws.load("d1").unwrap_err();
    assert!(
        matches!(&err, StoreError::NewerSchema { found, supported, .. } if *found == u64::from(SCHEMA_VERSION) + 1 && *supported == SCHEMA_VERSION),
        "{err:?}"
    );
    let msg = err.message(Lang::ZhCn);
    assert!(
        msg.contains("d1") && msg.contains(&(SCHEMA_VERSION + 1).to_string()),
        "{msg}"
    );
    assert!(matches!(
        ws.open_for_write("d1"),
        Err(StoreError::NewerSchema { .. })
    ));
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert_eq!(commit_count(&ws, "d1"), 1);
}

#[test]
fn a_file_without_schema_version_is_migrated_as_v1() {
    let (_t, ws) = workspace();
    let d = dossier("d1");
    ws.create(&d, "create").unwrap();
    let path = ws.root().join("d1/dossier.json");
    let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("schema_version");
    fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    assert_eq!(ws.load("d1").unwrap(), d);
}

#[test]
fn second_writer_gets_in_use_in_process() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let w = ws.open_for_write("d1").unwrap();
    let err = ws.open_for_write("d1").unwrap_err();
    assert!(matches!(&err, StoreError::InUse { id } if id == "d1"));
    // The store refused: nothing was changed (a TUI that opens it read-only says so itself).
    assert!(err.message(Lang::En).contains("nothing was changed"));
    assert!(err.message(Lang::ZhCn).contains("未作更改"));
    // Reading still works while locked.
    ws.load("d1").unwrap();
    ws.history("d1").unwrap();
    drop(w);
    // Other tests of this process spawn children; a fork between here and their exec holds a
    // copy of the lock's file description for a moment. Wait that out.
    let start = Instant::now();
    loop {
        match ws.open_for_write("d1") {
            Ok(_) => break,
            Err(StoreError::InUse { .. }) if start.elapsed() < Duration::from_secs(5) => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn second_writer_gets_in_use_across_processes() {
    let (t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let ready = t.path().join("ready");
    let release = t.path().join("release");
    let mut child = spawn_child(
        "hold_lock",
        &[
            ("XS_WS", ws.root()),
            ("XS_READY", &ready),
            ("XS_RELEASE", &release),
        ],
        t.path(),
    );
    wait_for(&ready);
    assert!(matches!(
        ws.open_for_write("d1"),
        Err(StoreError::InUse { .. })
    ));
    fs::write(&release, "go").unwrap();
    assert!(child.wait().unwrap().success());
    let mut w = ws.open_for_write("d1").unwrap();
    let mut d = w.dossier().clone();
    d.recorder = Some("李明".into());
    w.save(&d, None, "after the other left", &[]).unwrap();
    assert_eq!(commit_count(&ws, "d1"), 2);
}

#[test]
fn signature_comes_from_git_config_else_xieshang() {
    let (t, ws) = workspace();
    // A process with no git identity anywhere (no system config, HOME/XDG in a temp dir).
    let mut child = spawn_child("create_anonymous", &[("XS_WS", ws.root())], t.path());
    assert!(child.wait().unwrap().success());
    let r = repo(&ws, "anon");
    let c = r.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(c.author().name().unwrap(), "xieshang");
    assert_eq!(c.author().email().unwrap(), "xieshang@localhost");

    // The repository's own config wins over anything else.
    ws.create(&dossier("d1"), "create").unwrap();
    let r = repo(&ws, "d1");
    let mut cfg = r
        .config()
        .unwrap()
        .open_level(git2::ConfigLevel::Local)
        .unwrap();
    cfg.set_str("user.name", "张伟").unwrap();
    cfg.set_str("user.email", "zhang@union.example").unwrap();
    let mut w = ws.open_for_write("d1").unwrap();
    let mut d = w.dossier().clone();
    d.recorder = Some("张伟".into());
    w.save(&d, None, "recorder", &[]).unwrap();
    let c = r.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(c.author().name().unwrap(), "张伟");
    assert_eq!(c.committer().email().unwrap(), "zhang@union.example");
}

/// Tests run as root here, and root ignores directory permissions; so "not writable" is shown
/// with a chmod 0o500 directory only when that actually denies us, and always with a workspace
/// path that is a regular file (which no privilege can write into).
#[test]
fn non_writable_workspace_gives_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("not-a-dir");
    fs::write(&file, "x").unwrap();
    let err = Workspace::open(&file).unwrap_err();
    assert!(
        matches!(&err, StoreError::NotAFolder { path } if path == &file),
        "{err:?}"
    );
    assert!(err.message(Lang::En).contains("not-a-dir"));
    assert!(err.message(Lang::ZhCn).contains("是文件，不是工作区文件夹"));
    assert_eq!(err.exit_code(), 2);
    // Below a regular file: cannot be created.
    assert!(Workspace::init(&file.join("sessions")).is_err());

    let ro = t.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o500)).unwrap();
    let privileged = fs::write(ro.join("probe"), "x").is_ok();
    if privileged {
        eprintln!("running as root: chmod 0o500 is not enforced, only the regular-file case ran");
        return;
    }
    let ws = Workspace::open(&ro).unwrap();
    let err = ws.create(&dossier("d1"), "c").unwrap_err();
    assert!(
        matches!(&err, StoreError::NotWritable { path } if path == &ro),
        "{err:?}"
    );
    assert!(ws.is_empty());
}

#[test]
fn failed_save_leaves_head_files_and_tags_unchanged() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let mut w = ws.open_for_write("d1").unwrap();
    let mut d = w.dossier().clone();
    d.recorder = Some("王芳".into());
    w.save(&d, Some("第一条\n"), "draft", &["draft"]).unwrap();
    let dir = ws.root().join("d1");
    let before_head = head(&ws, "d1");
    let before_json = fs::read(dir.join("dossier.json")).unwrap();
    let before_tags = ws.tags("d1").unwrap();
    let check = |w: &xieshang::store::DossierWriter| {
        assert_eq!(head(&ws, "d1"), before_head);
        assert_eq!(fs::read(dir.join("dossier.json")).unwrap(), before_json);
        assert_eq!(ws.tags("d1").unwrap(), before_tags);
        assert_eq!(commit_count(&ws, "d1"), 2);
        assert_eq!(w.dossier(), &d);
        let r = repo(&ws, "d1");
        let st = r.statuses(None).unwrap();
        let dirty: Vec<_> = st
            .iter()
            .map(|s| (s.path().map(str::to_string), s.status()))
            .collect();
        assert!(dirty.is_empty(), "{dirty:?}");
    };
    let mut changed = d.clone();
    changed.recorder = Some("赵强".into());

    // 1. The tag cannot be created (a directory squats refs/tags/round-9), which fails only
    //    after the commit was made: the commit is undone.
    let squat = dir.join(".git/refs/tags/round-9");
    fs::create_dir_all(&squat).unwrap();
    fs::write(
        squat.join("x"),
        "0000000000000000000000000000000000000000\n",
    )
    .unwrap();
    let err = w
        .save(&changed, None, "round 9", &["extra", "round-9"])
        .unwrap_err();
    assert!(matches!(err, StoreError::Git { .. }), "{err:?}");
    check(&w);
    fs::remove_dir_all(&squat).unwrap();

    // 2. The commit cannot be made (git's index is locked by someone) after dossier.json and
    //    contract.md were already replaced: both are put back.
    fs::write(dir.join(".git/index.lock"), "").unwrap();
    assert!(w.save(&changed, Some("第一条 改\n"), "edit", &[]).is_err());
    fs::remove_file(dir.join(".git/index.lock")).unwrap();
    assert_eq!(
        fs::read_to_string(dir.join("contract.md")).unwrap(),
        "第一条\n"
    );
    check(&w);

    // 3. A record with another id is refused before anything is touched.
    let mut other = changed.clone();
    other.id = "d2".into();
    assert!(matches!(
        w.save(&other, None, "x", &[]),
        Err(StoreError::IdMismatch { .. })
    ));
    check(&w);

    // And the writer still works afterwards.
    w.save(&changed, None, "recorder changed", &["round-9"])
        .unwrap();
    assert_eq!(commit_count(&ws, "d1"), 3);
}

#[test]
fn a_writer_crash_mid_save_is_rolled_back_on_next_open() {
    let (_t, ws) = workspace();
    let d0 = dossier("d1");
    ws.create(&d0, "create").unwrap();
    let dir = ws.root().join("d1");
    // Simulate a writer killed after replacing dossier.json and creating contract.md but before
    // committing: its "saving" marker, a temp file, git's index.lock and our lock file remain.
    let mut d = d0.clone();
    d.recorder = Some("王芳".into());
    fs::write(
        dir.join("dossier.json"),
        serde_json::to_vec_pretty(&d).unwrap(),
    )
    .unwrap();
    fs::write(dir.join("contract.md"), "第一条\n").unwrap();
    fs::write(dir.join(".xieshang-tmp-99-0-dossier.json"), "{half").unwrap();
    fs::write(dir.join(".git/index.lock"), "").unwrap();
    fs::write(dir.join(".git/xieshang.lock"), "").unwrap();
    fs::write(dir.join(".git/xieshang-saving"), "").unwrap();
    // Regression: a reader showed the uncommitted file (which the next write then silently
    // rolled back). Readers now see the committed state.
    assert_eq!(ws.load("d1").unwrap(), d0);
    let mut w = ws.open_for_write("d1").unwrap();
    assert_eq!(w.dossier(), &d0);
    assert_eq!(w.contract_text().unwrap(), None);
    assert!(!dir.join(".xieshang-tmp-99-0-dossier.json").exists());
    assert!(!dir.join(".git/xieshang-saving").exists());
    assert_eq!(commit_count(&ws, "d1"), 1);
    // And it saves normally.
    w.save(&d, None, "recorder", &[]).unwrap();
    assert_eq!(commit_count(&ws, "d1"), 2);
}

/// Regression: a kill between the commit and its tag lost `round-N` for good. The save's marker
/// now says what it promised, and the next writer puts the missing tag on the landed commit.
#[test]
fn a_kill_between_commit_and_tag_is_completed_on_next_open() {
    let (_t, ws) = workspace();
    let d0 = dossier("d1");
    ws.create(&d0, "create").unwrap();
    let dir = ws.root().join("d1");
    let before = head(&ws, "d1");
    {
        let mut w = ws.open_for_write("d1").unwrap();
        let mut d = d0.clone();
        d.recorder = Some("王芳".into());
        w.save(&d, None, "round 3: closed", &[]).unwrap();
    }
    let landed = head(&ws, "d1");
    // The killed save had promised `round-3` (and moved nothing else) when it died.
    fs::write(
        dir.join(".git/xieshang-saving"),
        format!("head {before}\ncommit yes\ntags round-3\n"),
    )
    .unwrap();
    let w = ws.open_for_write("d1").unwrap();
    assert_eq!(w.dossier().recorder.as_deref(), Some("王芳"));
    let tags = ws.tags("d1").unwrap();
    let t: Vec<(&str, &str)> = tags
        .iter()
        .map(|t| (t.name.as_str(), t.commit.as_str()))
        .collect();
    assert_eq!(t, vec![("round-3", landed.as_str())]);
    assert!(!dir.join(".git/xieshang-saving").exists());
    assert_eq!(commit_count(&ws, "d1"), 2);
}

/// A save killed before its commit promised a tag too: nothing is tagged, the files go back.
#[test]
fn a_kill_before_the_commit_tags_nothing() {
    let (_t, ws) = workspace();
    let d0 = dossier("d1");
    ws.create(&d0, "create").unwrap();
    let dir = ws.root().join("d1");
    let before = head(&ws, "d1");
    let mut d = d0.clone();
    d.recorder = Some("半途".into());
    fs::write(
        dir.join("dossier.json"),
        serde_json::to_vec_pretty(&d).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join(".git/xieshang-saving"),
        format!("head {before}\ncommit yes\ntags round-1\n"),
    )
    .unwrap();
    let w = ws.open_for_write("d1").unwrap();
    assert_eq!(w.dossier(), &d0);
    assert!(ws.tags("d1").unwrap().is_empty());
    assert_eq!(head(&ws, "d1"), before);
}

#[test]
fn hand_edits_are_kept_and_committed_as_such() {
    let (_t, ws) = workspace();
    ws.create(&dossier("d1"), "create").unwrap();
    let dir = ws.root().join("d1");
    let mut d = ws.load("d1").unwrap();
    d.recorder = Some("手工".into());
    fs::write(
        dir.join("dossier.json"),
        serde_json::to_vec_pretty(&d).unwrap(),
    )
    .unwrap();
    let mut w = ws.open_for_write("d1").unwrap();
    assert_eq!(w.dossier(), &d);
    // Opening commits nothing (a refused command must leave the history as it was) …
    assert_eq!(ws.history("d1").unwrap().len(), 1);
    let mut d2 = d.clone();
    d2.instructors.push("李指导".into());
    w.save(&d2, None, "instructor", &[]).unwrap();
    // … the next save commits the foreign change first, on its own, saying what it is.
    let history = ws.history("d1").unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].message, "instructor");
    let history = &history[1..];
    assert!(
        history[0]
            .message
            .starts_with("hand edit outside xieshang: dossier.json"),
        "{:?}",
        history[0].message
    );
    let at_head: Dossier =
        serde_json::from_str(&ws.file_at("d1", "HEAD", "dossier.json").unwrap().unwrap()).unwrap();
    assert_eq!(at_head, d2);
}

#[test]
fn missing_dossier_is_not_found() {
    let (_t, ws) = workspace();
    for r in [
        ws.load("nope").map(|_| ()),
        ws.open_for_write("nope").map(|_| ()),
        ws.history("nope").map(|_| ()),
    ] {
        let err = r.unwrap_err();
        assert!(
            matches!(&err, StoreError::NotFound { id } if id == "nope"),
            "{err:?}"
        );
        assert!(err.message(Lang::En).contains("\"nope\""));
        assert!(err.message(Lang::ZhCn).contains("“nope”"));
        assert_eq!(err.exit_code(), 2);
    }
}

#[test]
fn messages_exist_in_both_languages() {
    let errors = [
        StoreError::NotFound { id: "x".into() },
        StoreError::BadId { id: "../x".into() },
        StoreError::InUse { id: "x".into() },
        StoreError::NewerSchema {
            id: "x".into(),
            found: 9,
            supported: 1,
        },
        StoreError::Corrupt {
            path: PathBuf::from("/w/x/dossier.json"),
            detail: "EOF at line 1 column 2".into(),
        },
        StoreError::NotWritable {
            path: PathBuf::from("/w"),
        },
        StoreError::Exists { id: "x".into() },
        StoreError::IdMismatch {
            id: "x".into(),
            found: "y".into(),
        },
        StoreError::UnknownRev {
            id: "x".into(),
            rev: "round-9".into(),
        },
        StoreError::BadTag { tag: "a b".into() },
        StoreError::BadRemoteName {
            name: "bad:name".into(),
        },
        StoreError::Io {
            path: PathBuf::from("/w/x"),
            source: std::io::Error::other("disk on fire"),
        },
        StoreError::Git {
            detail: "bad object".into(),
        },
    ];
    for e in &errors {
        let en = e.message(Lang::En);
        let zh = e.message(Lang::ZhCn);
        assert!(
            !en.starts_with("store.") && !zh.starts_with("store."),
            "{en} / {zh}"
        );
        assert_ne!(en, zh);
        assert!(!en.contains("%{") && !zh.contains("%{"), "{en} / {zh}");
        assert!((1..=2).contains(&e.exit_code()));
    }
}

/// The overview is computed on several threads for large workspaces: every dossier appears once,
/// in id order, and a broken one still has its row.
#[test]
fn the_overview_of_a_large_workspace_is_complete_and_in_order() {
    let (_t, ws) = workspace();
    let ids: Vec<String> = (0..70).map(|i| format!("d{i:03}")).collect();
    for id in &ids {
        ws.create(&dossier(id), "create").unwrap();
    }
    fs::write(ws.root().join("d042").join("dossier.json"), b"{ broken").unwrap();
    let ctx = xieshang::domain::rules::Context::new(
        xieshang::domain::region::Regions::shared(),
        xieshang::domain::calendar::HolidayCalendar::shared(),
        Lang::En,
    );
    let day = NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let rows = xieshang::service::overview::summaries(&ws, &ctx, day);
    let got: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        rows[42]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("d042"))
    );
    assert!(rows.iter().filter(|r| r.error.is_some()).count() == 1);
}

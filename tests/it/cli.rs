//! The real binary, driven as a user would: every verb of the procedure, and every kind of bad
//! input getting a clear error (field, value, rule), a non-zero exit, and the dossier unchanged on
//! disk and in git. Each test has its own temporary workspace and shuts out the user's git config.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{Ws, git};
use std::process::Command;

/// dossier.json bytes and the HEAD commit: what must not change after a refused input.
fn snapshot(ws: &Ws, id: &str) -> (Vec<u8>, String) {
    let dir = ws.dossier_dir(id);
    let bytes = std::fs::read(dir.join("dossier.json")).unwrap();
    let head = git(&dir, &["rev-parse", "HEAD"]);
    (bytes, head)
}

/// Runs a command that must be refused: exit code `code`, an error naming `field`, nothing changed.
fn refused(ws: &Ws, id: &str, args: &[&str], code: i32, field: &str) {
    let before = snapshot(ws, id);
    let o = ws.run(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(
        err.contains(field),
        "{args:?}: error does not name {field}: {err}"
    );
    assert_eq!(snapshot(ws, id), before, "{args:?} changed the dossier");
}

#[test]
fn the_whole_procedure_from_the_command_line() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    assert_eq!(id, "2026-001");
    for (side, name, extra) in [
        ("workers", "王秀兰", vec!["--chief", "--female"]),
        ("workers", "刘建军", vec![]),
        ("workers", "张丽娜", vec!["--female"]),
        ("employer", "陈国栋", vec!["--chief"]),
        ("employer", "李明", vec![]),
        ("employer", "周芳", vec!["--female"]),
    ] {
        let mut args = vec!["rep", &id, "--side", side, "--name", name];
        args.extend(extra);
        ws.ok(&args);
    }
    ws.ok(&["recorder", &id, "马晓雯"]);
    ws.ok(&["instructor", &id, "孙海燕"]);
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-03-02",
        "--received",
        "2026-03-03",
        "--topics",
        "工资增长,最低工资",
    ]);
    ws.ok(&["reply", &id, "--date", "2026-03-13"]);
    ws.ok(&[
        "prep",
        &id,
        "rules",
        "data",
        "opinions",
        "agenda",
        "venue",
        "--wage-data",
        "labour_cost,guideline,cpi,productivity,last_year_wages",
    ]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-25",
        "--chair",
        "workers",
        "--place",
        "会议室",
    ]);
    ws.ok(&[
        "round",
        &id,
        "position",
        "--issue",
        "平均工资增长",
        "--side",
        "workers",
        "--value",
        "8%",
    ]);
    ws.ok(&[
        "round",
        &id,
        "position",
        "--issue",
        "平均工资增长",
        "--side",
        "employer",
        "--value",
        "4%",
    ]);
    ws.ok(&[
        "round",
        &id,
        "agree",
        "--issue",
        "平均工资增长",
        "--value",
        "6.5%",
    ]);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    ws.ok(&[
        "terms",
        &id,
        "increase=6.5%",
        "min_wage=2100",
        "overtime=150%",
        "term=1",
        "start=2026-07-01",
    ]);
    ws.ok(&[
        "congress",
        &id,
        "--date",
        "2026-05-20",
        "--total",
        "120",
        "--present",
        "104",
        "--for",
        "97",
        "--against",
        "3",
        "--abstain",
        "4",
    ]);
    ws.ok(&["sign", &id, "--date", "2026-05-22"]);
    ws.ok(&[
        "file",
        &id,
        "--sent",
        "2026-05-27",
        "--received",
        "2026-05-28",
    ]);
    ws.ok(&["review", &id, "--date", "2026-06-12", "--no-objection"]);
    ws.ok(&["publish", &id, "--date", "2026-07-02"]);

    let d = ws.show(&id);
    assert_eq!(d["representatives"].as_array().unwrap().len(), 6);
    assert_eq!(d["terms"]["avg_wage_increase_bp"], 650);
    assert_eq!(d["terms"]["min_wage_fen"], 210_000);
    assert_eq!(d["rounds"][0]["issues"][0]["status"], "agreed");
    assert_eq!(d["congress"]["for"], 97);
    assert!(d["effective"].is_string());

    // Every change is one commit; closing a round tags it; milestones are tagged.
    let dir = ws.dossier_dir(&id);
    let tags = git(&dir, &["tag"]);
    for t in [
        "offer",
        "round-1",
        "congress",
        "signed",
        "filed",
        "effective",
    ] {
        assert!(tags.lines().any(|l| l == t), "tag {t} missing: {tags}");
    }
    let log = git(&dir, &["log", "--format=%s"]);
    assert!(log.contains("round 1: closed"), "{log}");
    assert!(log.contains("congress on 2026-05-20: 97 for"), "{log}");
    let json_log: serde_json::Value =
        serde_json::from_str(&ws.ok(&["log", &id, "--json"])).unwrap();
    assert_eq!(json_log.as_array().unwrap().len(), log.lines().count());

    let list: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["enterprise"], "大连测试机械有限公司");
}

#[test]
fn a_rule_breaking_fact_is_recorded_with_a_warning_and_judged_by_check() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // 60 of 100 present: below the two-thirds quorum. Recorded, warned, and an error for check.
    let o = ws.run(&[
        "congress",
        &id,
        "--date",
        "2026-03-20",
        "--total",
        "100",
        "--present",
        "60",
        "--for",
        "55",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("CONGRESS-QUORUM"));
    assert_eq!(ws.show(&id)["congress"]["present"], 60);
    let o = ws.run(&["check", &id, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let quorum = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "CONGRESS-QUORUM")
        .unwrap();
    assert_eq!(quorum["severity"], "error");
    assert_eq!(quorum["step"], "congress");
    assert!(quorum["citation"].as_str().unwrap().contains("36"));
    // A 4-year term is recorded too, and judged.
    ws.ok(&["terms", &id, "term=4"]);
    assert_eq!(ws.show(&id)["terms"]["term_months"], 48);
    let v: serde_json::Value =
        serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "CONTENT-TERM")
    );
}

#[test]
fn check_reports_the_reply_deadline() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-03-02",
        "--received",
        "2026-03-03",
    ]);
    let v: serde_json::Value =
        serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
    let due: Vec<&str> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["due"].as_str())
        .collect();
    assert!(due.contains(&"2026-03-23"), "{v}");
}

#[test]
fn bad_input_is_refused_and_nothing_changes() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-03-02",
        "--received",
        "2026-03-03",
    ]);
    refused(
        &ws,
        &id,
        &["reply", &id, "--date", "2026-02-30"],
        1,
        "--date",
    );
    refused(
        &ws,
        &id,
        &["reply", &id, "--date", "2026-03-01"],
        1,
        "date the request was received",
    );
    refused(
        &ws,
        &id,
        &[
            "offer",
            &id,
            "--by",
            "workers",
            "--sent",
            "2026-03-05",
            "--received",
            "2026-03-04",
        ],
        1,
        "received",
    );
    refused(
        &ws,
        &id,
        &[
            "congress",
            &id,
            "--date",
            "2026-03-20",
            "--total",
            "-5",
            "--present",
            "3",
            "--for",
            "2",
        ],
        1,
        "--total",
    );
    refused(
        &ws,
        &id,
        &[
            "congress",
            &id,
            "--date",
            "2026-03-20",
            "--total",
            "99999999999",
            "--present",
            "3",
            "--for",
            "2",
        ],
        1,
        "--total",
    );
    refused(
        &ws,
        &id,
        &[
            "congress",
            &id,
            "--date",
            "2026-03-20",
            "--total",
            "100",
            "--present",
            "70",
            "--for",
            "71",
        ],
        1,
        "for",
    );
    refused(
        &ws,
        &id,
        &[
            "congress",
            &id,
            "--date",
            "2026-03-20",
            "--total",
            "100",
            "--present",
            "101",
            "--for",
            "60",
        ],
        1,
        "number present",
    );
    refused(&ws, &id, &["terms", &id, "increase=abc"], 1, "increase");
    refused(
        &ws,
        &id,
        &["terms", &id, "overtime=-5%"],
        1,
        "Overtime rate, extended hours",
    );
    refused(
        &ws,
        &id,
        &["terms", &id, "min_wage=2100.555"],
        1,
        "Enterprise minimum wage (yuan)",
    );
    refused(
        &ws,
        &id,
        &["terms", &id, "increase=6%", "min_wage=1.234"],
        1,
        "Enterprise minimum wage (yuan)",
    );
    refused(&ws, &id, &["terms", &id, "bonus=5"], 1, "bonus");
    refused(
        &ws,
        &id,
        &["rep", &id, "--side", "both", "--name", "张三"],
        1,
        "--side",
    );
    refused(
        &ws,
        &id,
        &["rep", &id, "--side", "workers", "--name", "   "],
        1,
        "name",
    );
    refused(
        &ws,
        &id,
        &[
            "round", &id, "position", "--issue", "工资", "--side", "workers", "--value", "8%",
        ],
        1,
        "round",
    );
    refused(
        &ws,
        &id,
        &["sign", &id, "--date", "2026-13-01"],
        1,
        "--date",
    );
}

#[test]
fn bad_input_errors_are_in_the_users_language() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let o = ws.run_lang("zh-CN", &["terms", &id, "min_wage=2100.555"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("企业最低工资（元）")
            && err.contains("2100.555")
            && err.contains("小数最多 2 位"),
        "{err}"
    );
}

#[test]
fn unknown_and_hostile_ids_are_refused() {
    let ws = Ws::new();
    ws.new_dossier_of("wage");
    for bad in ["2026-999", "../etc", "a/b", "..", "/tmp/x"] {
        let o = ws.run(&["show", bad]);
        assert!(!o.status.success(), "{bad} accepted");
        assert!(!String::from_utf8_lossy(&o.stderr).is_empty());
        let o = ws.run(&["recorder", bad, "张三"]);
        assert!(!o.status.success(), "{bad} accepted for writing");
    }
    assert!(!ws.dir.path().join("etc").exists());
}

#[test]
fn a_dossier_json_that_is_not_json_or_too_new_is_refused_untouched() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let path = ws.dossier_dir(&id).join("dossier.json");
    std::fs::write(&path, b"{ not json").unwrap();
    let o = ws.run(&["recorder", &id, "张三"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("dossier.json"));
    assert_eq!(std::fs::read(&path).unwrap(), b"{ not json");

    let id2 = ws.new_dossier_of("wage");
    let path2 = ws.dossier_dir(&id2).join("dossier.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path2).unwrap()).unwrap();
    v["schema_version"] = 99.into();
    let newer = serde_json::to_vec_pretty(&v).unwrap();
    std::fs::write(&path2, &newer).unwrap();
    let o = ws.run(&["recorder", &id2, "张三"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("99"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(&path2).unwrap(), newer);
    // The list still shows the other dossiers, and says what is wrong with these two.
    let o = ws.run(&["list"]);
    assert!(o.status.success());
}

#[test]
fn a_workspace_that_cannot_be_written_is_a_clear_error() {
    let ws = Ws::new();
    // Root ignores permission bits, so use a path whose parent is a regular file.
    let file = ws.dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .arg("--workspace")
        .arg(file.join("ws"))
        .args(["--lang", "en", "new", "--kind", "wage", "--enterprise", "X"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("plain-file"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_second_writer_is_told_the_dossier_is_in_use() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let store = xieshang::store::Workspace::open(&ws.root()).unwrap();
    let _held = store.open_for_write(&id).unwrap();
    let before = snapshot(&ws, &id);
    let o = ws.run(&["recorder", &id, "张三"]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .to_lowercase()
            .contains("in use"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(snapshot(&ws, &id), before);
    // Reading still works while another writer holds it.
    assert!(ws.run(&["show", &id]).status.success());
}

#[test]
fn usage_errors_exit_2() {
    let ws = Ws::new();
    assert_eq!(ws.run(&["congress"]).status.code(), Some(2));
    assert_eq!(ws.run(&["no-such-verb"]).status.code(), Some(2));
}

#[test]
fn the_demo_builds_a_real_history() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let list: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    let d = ws.show(&id);
    assert_eq!(d["rounds"].as_array().unwrap().len(), 3);
    assert_eq!(d["terms"]["avg_wage_increase_bp"], 650);
    let dir = ws.dossier_dir(&id);
    let tags = git(&dir, &["tag"]);
    for t in [
        "round-1",
        "round-2",
        "round-3",
        "signed",
        "filed",
        "effective",
    ] {
        assert!(tags.lines().any(|l| l == t), "demo lacks tag {t}: {tags}");
    }
    let commits = git(&dir, &["rev-list", "--count", "HEAD"]);
    assert!(commits.parse::<u32>().unwrap() > 30, "{commits}");
    // The default diff (the draft's latest change: the last round whose draft differs, against
    // the current one) shows the minimum wage moving 2400 → 2300.
    let v: serde_json::Value = serde_json::from_str(&ws.ok(&["diff", &id, "--json"])).unwrap();
    assert!(v["summary"]["modified"].as_u64().unwrap() >= 1, "{v}");
    let text = v.to_string();
    assert!(
        text.contains(r#"{"op":"delete","text":"2400"},{"op":"insert","text":"2300"}"#),
        "{v}"
    );
    // A second init leaves it alone.
    ws.ok(&["init"]);
    let list: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

/// Regression: without a terminal the TUI used to panic inside the terminal library.
#[test]
fn without_a_terminal_the_screen_explains_and_exits_2() {
    let ws = Ws::new();
    let o = ws.run(&[]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("needs a terminal") && !err.contains("panicked"),
        "{err}"
    );
    // The first start still built the demo, so the command line has something to show.
    assert!(ws.ok(&["list"]).contains("大连华信精密机械有限公司"));
}

/// Regression: a closed pipe (`xieshang … | head -1`) panicked with exit 101 once the output
/// passed the pipe's buffer. It is a normal end now, as in ripgrep: exit 0, nothing on stderr.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from("大连管道测试有限公司工资专项集体合同\n\n第一章 总则\n\n");
    for n in 1..=3000 {
        text.push_str(&format!(
            "第{}条 企业应当按月足额支付职工工资，本条为第{n}条测试文字，用于产生足够长的输出。\n\n",
            xieshang::contract::numerals::to_chinese(n)
        ));
    }
    let (old, new) = (t.path().join("old.md"), t.path().join("new.md"));
    std::fs::write(&old, &text).unwrap();
    std::fs::write(&new, text.replace("按月", "按周")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .args(["--workspace"])
        .arg(t.path())
        .args(["diff", "--files"])
        .arg(&old)
        .arg(&new)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: every further write of the child meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(!first.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs the binary in `cwd` with `args` (no `--workspace` unless given).
fn run_in(cwd: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xieshang"))
        .current_dir(cwd)
        .args(["--lang", "en", "--today", "2026-03-20"])
        .args(args)
        .env("HOME", cwd)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("XIESHANG_WORKSPACE")
        .output()
        .unwrap()
}

/// Regressions: read verbs created the workspace path (`--workspace typo/deep/ws list` made three
/// folders, `list` anywhere made `./sessions`), and `new` wrote a dossier inside another dossier
/// or its `.git`. Only `init` creates a workspace now; nesting and files are refused.
#[test]
fn only_init_creates_a_workspace_and_nesting_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let here = t.path();
    for args in [
        &["--workspace", "typo/deep/ws", "list"][..],
        &["--workspace", "typo/deep/ws", "show", "x"],
        &["list"],
        &["new", "--kind", "wage", "--enterprise", "大连某厂"],
    ] {
        let o = run_in(here, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("there is no workspace at"), "{args:?}: {err}");
        assert_eq!(
            std::fs::read_dir(here).unwrap().count(),
            0,
            "{args:?} created something"
        );
    }
    let o = run_in(here, &["--workspace", "ws", "init"]);
    assert!(o.status.success());
    let id = "2026-001";
    assert!(here.join("ws").join(id).join("dossier.json").is_file());
    for inner in [
        "ws/2026-001/inner",
        "ws/2026-001/.git",
        "ws/2026-001/.git/refs",
    ] {
        let o = run_in(
            here,
            &[
                "--workspace",
                inner,
                "new",
                "--kind",
                "wage",
                "--enterprise",
                "嵌套",
            ],
        );
        assert_eq!(o.status.code(), Some(2), "{inner}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("would lie inside"), "{inner}: {err}");
        let o = run_in(here, &["--workspace", inner, "init"]);
        assert_eq!(o.status.code(), Some(2), "init {inner}");
    }
    assert!(!here.join("ws/2026-001/inner").exists());
    std::fs::write(here.join("afile"), "x").unwrap();
    let o = run_in(here, &["--workspace", "afile", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file, not a workspace folder"));
}

/// Regression: the nesting check went by name only: a symbolic link to a dossier's `.git` (or to
/// the dossier) let `init` make a workspace inside it, and a git directory not named `.git` was
/// not recognised.
#[test]
fn nesting_is_found_through_links_and_in_git_directories() {
    let t = tempfile::tempdir().unwrap();
    let here = t.path();
    assert!(
        run_in(here, &["--workspace", "ws", "init"])
            .status
            .success()
    );
    let git_dir = here.join("ws/2026-001/.git");
    assert!(git_dir.is_dir());
    std::os::unix::fs::symlink(&git_dir, here.join("lnk2")).unwrap();
    std::os::unix::fs::symlink(here.join("ws/2026-001"), here.join("lnk3")).unwrap();
    let before = std::fs::read_dir(&git_dir).unwrap().count();
    for (ws, inside) in [
        ("lnk2", "ws/2026-001/.git"),
        ("lnk2/sub", "ws/2026-001/.git"),
        ("lnk3/sub", "ws/2026-001"),
    ] {
        let o = run_in(here, &["--workspace", ws, "init"]);
        assert_eq!(o.status.code(), Some(2), "{ws}");
        let err = String::from_utf8_lossy(&o.stderr);
        let real = here.canonicalize().unwrap().join(inside);
        assert!(
            err.contains(&format!("would lie inside {}", real.display())),
            "{ws}: {err}"
        );
    }
    assert_eq!(std::fs::read_dir(&git_dir).unwrap().count(), before);
    assert!(!here.join("ws/2026-001/sub").exists());
    // A git directory under another name (a bare repository).
    let bare = here.join("bare");
    assert!(
        std::process::Command::new("git")
            .args(["init", "-q", "--bare"])
            .arg(&bare)
            .status()
            .unwrap()
            .success()
    );
    let o = run_in(here, &["--workspace", "bare/ws", "init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!bare.join("ws").exists());
}

/// Hostile text into every field the command line takes: whatever is accepted, refused or
/// echoed, no escape, bell, bidi override or zero-width character reaches the terminal, the
/// commit messages or the history (`cat -v` would show none).
#[test]
fn hostile_text_never_reaches_the_terminal_or_git() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let evil = "\u{1b}[31m夜班\u{1b}]0;PWNED\u{7}\u{202e}\u{200b}";
    let runs: Vec<Vec<String>> = vec![
        vec!["terms".into(), id.clone(), format!("allowance.{evil}=88")],
        vec!["terms".into(), id.clone(), format!("increase={evil}")],
        vec!["recorder".into(), id.clone(), evil.into()],
        vec!["instructor".into(), id.clone(), format!("王{evil}")],
        vec![
            "rep".into(),
            id.clone(),
            "--side".into(),
            evil.into(),
            "--name".into(),
            "x".into(),
        ],
        vec![
            "rep".into(),
            id.clone(),
            "--side".into(),
            "workers".into(),
            "--name".into(),
            evil.into(),
        ],
        vec![
            "enterprise".into(),
            id.clone(),
            "industry".into(),
            evil.into(),
        ],
        vec!["enterprise".into(), id.clone(), evil.into(), "x".into()],
        vec![
            "offer".into(),
            id.clone(),
            "--by".into(),
            "workers".into(),
            "--sent".into(),
            evil.into(),
            "--received".into(),
            "2026-03-02".into(),
        ],
        vec![
            "reply".into(),
            id.clone(),
            "--date".into(),
            "2026-03-05".into(),
            "--refuse".into(),
            format!("理由{evil}"),
        ],
        vec![
            "prep".into(),
            id.clone(),
            "--agenda".into(),
            format!("议程{evil}"),
        ],
        vec![
            "round".into(),
            id.clone(),
            "open".into(),
            "--date".into(),
            "2026-03-10".into(),
            "--chair".into(),
            "workers".into(),
            "--place".into(),
            format!("三楼{evil}"),
        ],
        vec![
            "round".into(),
            id.clone(),
            "position".into(),
            "--issue".into(),
            format!("工资{evil}"),
            "--side".into(),
            "workers".into(),
            "--value".into(),
            format!("5%{evil}"),
        ],
        vec![
            "draft".into(),
            id.clone(),
            "--template".into(),
            "wage".into(),
        ],
        vec![
            "clause".into(),
            id.clone(),
            "edit".into(),
            "1".into(),
            "--text".into(),
            format!("正文{evil}"),
        ],
        vec![
            "amend".into(),
            id.clone(),
            "--date".into(),
            "2026-08-01".into(),
            "--text".into(),
            format!("变更{evil}"),
            "--clause".into(),
            format!("1=条文{evil}"),
        ],
        vec![
            "correct".into(),
            id.clone(),
            "--what".into(),
            format!("round.1.place{evil}"),
            "--value".into(),
            evil.into(),
            "--reason".into(),
            evil.into(),
        ],
        vec!["show".into(), evil.into()],
        vec!["--lang".into(), evil.into(), "list".into()],
        vec!["show".into(), id.clone()],
        vec!["show".into(), id.clone(), "--json".into()],
        vec!["draft".into(), id.clone(), "--show".into()],
        vec!["log".into(), id.clone()],
        vec!["check".into(), id.clone()],
        vec!["list".into()],
    ];
    let forbidden = |s: &str| {
        s.chars()
            .any(|c| xieshang::text::is_forbidden(c) && c != '\n')
    };
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        for lang in ["en", "zh-CN"] {
            let o = ws.run_lang(lang, &args);
            let (out, err) = (
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr),
            );
            assert!(!forbidden(&out), "{args:?} stdout: {out:?}");
            assert!(!forbidden(&err), "{args:?} stderr: {err:?}");
            // As `cat -v` would see it: no control character but the line break, and no
            // escaped control character in JSON (`\u001b`) either.
            assert!(
                !out.chars()
                    .chain(err.chars())
                    .any(|c| c.is_control() && c != '\n'),
                "{args:?}: {out:?} {err:?}"
            );
            assert!(
                !out.contains("\\u001b") && !out.contains("\\u0007"),
                "{args:?}: {out}"
            );
        }
    }
    let log = git(&ws.dossier_dir(&id), &["log", "--format=%B"]);
    assert!(!forbidden(&log), "{log:?}");
    // What was refused is named with its invisibles made visible.
    let o = ws.run(&["recorder", &id, "\u{202e}"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("\\u{202E}"),
        "{o:?}"
    );
}

/// The history reads in the user's language, from each commit's event; a commit without one
/// (made by hand) shows its subject as written.
#[test]
fn log_speaks_the_users_language() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-10",
        "--chair",
        "workers",
    ]);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    let en = ws.ok(&["log", &id]);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["log", &id]).stdout).unwrap();
    assert!(en.contains(" round 1: closed (round-1)"), "{en}");
    assert!(zh.contains(" 第1轮：结束（round-1）"), "{zh}");
    assert!(zh.contains(" 第1轮：2026-03-10 开始，职工方主持"), "{zh}");
    assert!(
        zh.contains("新建档案：大连测试机械有限公司（工资专项集体合同）"),
        "{zh}"
    );
    let dir = ws.dossier_dir(&id);
    std::fs::write(dir.join("notes.txt"), "x").unwrap();
    git(&dir, &["add", "notes.txt"]);
    git(
        &dir,
        &[
            "-c",
            "user.name=x",
            "-c",
            "user.email=x@x",
            "commit",
            "-q",
            "-m",
            "手工备注",
        ],
    );
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["log", &id]).stdout).unwrap();
    assert!(zh.lines().next().unwrap().ends_with(" 手工备注"), "{zh}");
}

/// The standard error of a run that must fail.
fn refused_err(ws: &Ws, args: &[&str]) -> String {
    let o = ws.run(args);
    assert_ne!(o.status.code(), Some(0), "{args:?}");
    String::from_utf8(o.stderr).unwrap()
}

/// Regressions: a bad id, tag or remote name was echoed cleaned and uncut (`show $'2026-001\u202e'`
/// said `bad dossier id "2026-001"`, a 5000-character id came back whole), and refusals named
/// the wrong thing (`recorder = "2026-001"`, `clause = "2026-002"`, `round = ""`, a chapter line
/// as `("")`).
#[test]
fn refusals_show_the_raw_value_and_name_the_right_thing() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let err = refused_err(&ws, &["show", "2026-001\u{202e}"]);
    assert!(
        err.contains("bad dossier id \"2026-001\\u{202E}\""),
        "{err}"
    );
    assert!(!err.contains('\u{202e}'));
    let long = "a".repeat(5000);
    let err = refused_err(&ws, &["show", &long]);
    assert!(err.contains("… (5000 characters in all)"), "{err}");
    assert!(err.chars().count() < 300, "{}", err.chars().count());
    let err = refused_err(
        &ws,
        &["remote", "2026-001", "add", "or\u{202e}igin", "/tmp/x"],
    );
    assert!(err.contains("remote name = \"or\\u{202E}igin\""), "{err}");

    // The demo is signed: the refusal names the dossier, not the field.
    let err = refused_err(&ws, &["recorder", "2026-001", "新记录员"]);
    assert!(
        err.contains("dossier = \"2026-001\": the contract is signed and sealed"),
        "{err}"
    );
    let zh = String::from_utf8(
        ws.run_lang("zh-CN", &["recorder", "2026-001", "新记录员"])
            .stderr,
    )
    .unwrap();
    assert!(zh.contains("档案 = “2026-001”：合同已签字封存"), "{zh}");

    let id = ws.new_dossier_of("wage");
    let err = refused_err(&ws, &["round", &id, "close"]);
    assert!(err.contains("error: round: needs an open round"), "{err}");
    ws.ok(&["draft", &id, "--template", "wage"]);
    let err = refused_err(
        &ws,
        &["clause", &id, "edit", "5", "--text", "正文\n\n第三章 新章"],
    );
    assert!(
        err.contains("clause = \"5\": the text holds a line that reads as a clause or chapter heading of its own (\"第三章 新章\")"),
        "{err}"
    );
    let err = refused_err(
        &ws,
        &[
            "clause",
            &id,
            "edit",
            "5",
            "--text",
            "正文\n第九十九条 另起",
        ],
    );
    assert!(err.contains("(\"第九十九条 另起\")"), "{err}");
}

//! The draft verbs through the real binary: drafts from each template, imports, clause edits with
//! renumbering and cross-reference rewriting, the diff between rounds and between files, the content
//! checks on the real text, and user region data in the workspace.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{Ws, git};

const SMALL: &str = "测试工资专项集体合同\n\n第一章 总则\n\n第一条 本合同依据《劳动法》第四十四条订立。\n\n第二条 职工平均工资增长8%。\n\n第三条 本合同第二条所称工资增长自2026年7月1日起执行。\n\n第二章 附则\n\n第四条 本合同第一条至第三条由双方共同遵守。\n";

#[test]
fn every_template_makes_a_complete_draft_with_the_agreed_figures() {
    let ws = Ws::new();
    for kind in ["wage", "comprehensive", "safety", "women"] {
        let id = ws.new_dossier_of(kind);
        ws.ok(&[
            "terms",
            &id,
            "increase=6.5%",
            "min_wage=2150",
            "overtime=150%",
            "overtime_rest=200%",
            "overtime_holiday=300%",
            "term=1",
            "start=2026-07-01",
        ]);
        ws.ok(&["draft", &id, "--template", kind]);
        let text = ws.ok(&["draft", &id, "--show"]);
        assert!(text.contains("大连测试机械有限公司"), "{kind}: {text}");
        assert!(text.contains("第一条"), "{kind}");
        assert!(!text.contains("{{"), "{kind}: unfilled variable");
        if kind == "wage" {
            assert!(text.contains("6.5%") && text.contains("2150"), "{text}");
        }
        // The draft is one commit tagged `draft`.
        let dir = ws.root().join(&id);
        assert!(git(&dir, &["tag"]).lines().any(|t| t == "draft"));
        assert!(
            git(&dir, &["log", "-1", "--format=%s"]).starts_with("draft: created from template")
        );
        // A template's own draft covers its content items.
        let v: serde_json::Value =
            serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
        let rules: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        assert!(
            !rules.contains(&"CONTENT-ITEMS") && !rules.contains(&"CONTENT-CHAPTERS"),
            "{kind}: {rules:?}"
        );
    }
}

#[test]
fn clause_edits_renumber_and_rewrite_references_but_never_laws() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("small.txt", SMALL);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    ws.ok(&[
        "clause",
        &id,
        "insert",
        "--after",
        "1",
        "--text",
        "企业应当依法支付劳务派遣工工资。",
    ]);
    let text = ws.ok(&["draft", &id, "--show"]);
    assert!(
        text.contains("第二条 企业应当依法支付劳务派遣工工资。"),
        "{text}"
    );
    assert!(text.contains("第三条 职工平均工资增长8%。"), "{text}");
    assert!(text.contains("第四条 本合同第三条所称"), "{text}");
    assert!(text.contains("第五条 本合同第一条至第四条"), "{text}");
    assert!(
        text.contains("《劳动法》第四十四条"),
        "law reference touched: {text}"
    );

    ws.ok(&[
        "clause",
        &id,
        "edit",
        "3",
        "--text",
        "职工平均工资增长6.5%。",
    ]);
    assert!(
        ws.ok(&["draft", &id, "--show"])
            .contains("第三条 职工平均工资增长6.5%。")
    );

    ws.ok(&["clause", &id, "move", "2", "--after", "4"]);
    let text = ws.ok(&["draft", &id, "--show"]);
    assert!(text.contains("第二条 职工平均工资增长6.5%。"), "{text}");
    assert!(text.contains("第三条 本合同第二条所称"), "{text}");

    // Deleting a referenced clause reports the dangling reference instead of hiding it.
    let o = ws.run(&["clause", &id, "delete", "2"]);
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no longer exists"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Each edit is one commit with a message naming the clause.
    let log = git(&ws.root().join(&id), &["log", "--format=%s"]);
    assert!(log.contains("draft: clause 3 modified"), "{log}");
    assert!(log.contains("draft: clause 2 deleted"), "{log}");

    // Out-of-range clause numbers are refused and nothing changes.
    let before = std::fs::read(ws.root().join(&id).join("contract.md")).unwrap();
    let o = ws.run(&["clause", &id, "delete", "99"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read(ws.root().join(&id).join("contract.md")).unwrap(),
        before
    );
}

#[test]
fn diff_of_two_files_has_the_documented_json_shape() {
    let ws = Ws::new();
    let old = ws.file("old.txt", SMALL);
    let new_text = SMALL.replace(
        "第二条 职工平均工资增长8%。",
        "第二条 职工平均工资增长6.5%。",
    );
    let new = ws.file("new.txt", &new_text);
    let v: serde_json::Value = serde_json::from_str(&ws.ok(&[
        "diff",
        "--files",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let s = &v["summary"];
    for k in [
        "unchanged",
        "renumbered",
        "moved",
        "modified",
        "inserted",
        "deleted",
    ] {
        assert!(s[k].is_u64(), "summary.{k} missing: {v}");
    }
    assert_eq!(s["modified"], 1);
    assert_eq!(s["unchanged"], 3);
    let clauses = v["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 4);
    let m = clauses.iter().find(|c| c["change"] == "modified").unwrap();
    assert_eq!(m["old_no"], 2);
    assert_eq!(m["new_no"], 2);
    assert_eq!(m["old_label"], "第二条");
    assert_eq!(m["chapter"], "第一章 总则");
    assert_eq!(m["refs_updated"], false);
    let ops: Vec<(String, String)> = m["inline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["op"].as_str().unwrap().to_string(),
                o["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(ops.contains(&("delete".into(), "8".into())), "{ops:?}");
    assert!(ops.contains(&("insert".into(), "6.5".into())), "{ops:?}");

    // The text output starts with a one-line summary and shows only what changed.
    let text = ws.ok(&[
        "diff",
        "--files",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    let first = text.lines().next().unwrap();
    assert!(first.contains("1 modified"), "{text}");
    assert!(!text.contains("第四条"), "unchanged clause listed: {text}");
}

#[test]
fn diff_between_rounds_lists_the_changed_terms_first() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let list: serde_json::Value = serde_json::from_str(&ws.ok(&["list", "--json"])).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    let text = ws.ok(&["diff", &id, "round-1", "round-3"]);
    let first = text.lines().next().unwrap();
    assert!(
        first.contains("8%") && first.contains("6.5%"),
        "terms not first: {text}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&ws.ok(&["diff", &id, "round-1", "round-2", "--json"])).unwrap();
    assert!(v["summary"]["inserted"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["summary"]["renumbered"].as_u64().unwrap() >= 1, "{v}");
    assert!(v["summary"]["modified"].as_u64().unwrap() >= 1, "{v}");
}

#[test]
fn a_signed_draft_is_sealed() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("small.txt", SMALL);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    ws.ok(&["sign", &id, "--date", "2026-03-20"]);
    let o = ws.run(&["clause", &id, "edit", "1", "--text", "改了"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sealed"));
}

#[test]
fn hostile_text_in_an_import_is_neutralised() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let hostile = SMALL.replace("增长8%", "增长\u{1b}[2J\u{202e}8%\u{202c}\u{200b}");
    let src = ws.file("hostile.txt", &hostile);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let text = ws.ok(&["draft", &id, "--show"]);
    assert!(text.contains("职工平均工资增长8%。"), "{text}");
    assert!(!text.chars().any(xieshang::text::is_forbidden), "{text:?}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn a_draft_missing_content_items_is_reported_by_check() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("comprehensive");
    let src = ws.file("small.txt", SMALL);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let v: serde_json::Value =
        serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"CONTENT-ITEMS"), "{rules:?}");
    assert!(rules.contains(&"CONTENT-CHAPTERS"), "{rules:?}");
}

#[test]
fn user_holiday_data_in_the_workspace_moves_deadlines() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // Received 2027-01-06: day 20 is Tuesday 2027-01-26. A user file making it a holiday
    // (hypothetical data for the test) rolls the reply deadline to the next working day.
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2027-01-05",
        "--received",
        "2027-01-06",
    ]);
    let due = |ws: &Ws| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
        v["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["due"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(due(&ws).contains(&"2027-01-26".to_string()));
    let dir = ws.root().join("regions").join("holidays");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("2027.json"), r#"{"year":2027,"source":"test data","holidays":["2027-01-26","2027-01-27"],"workdays":[]}"#).unwrap();
    assert!(
        due(&ws).contains(&"2027-01-28".to_string()),
        "{:?}",
        due(&ws)
    );
    // A broken user file is an error naming the file, not a silent fallback.
    std::fs::write(dir.join("2028.json"), "{ broken").unwrap();
    let o = ws.run(&["check", &id]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("2028.json"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Regression: a newline in clause text created clauses (`…\n第九十九条 …`) or a chapter
/// (`\n\n第三章 …`), shifting every later number while references kept the old ones. Structure
/// now changes only through insert and move; an edit that would split the clause is refused and
/// nothing is committed.
#[test]
fn clause_text_cannot_smuggle_in_headings() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("small.txt", SMALL);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let before = ws.ok(&["draft", &id, "--show"]);
    let log_before = ws.ok(&["log", &id]);
    for text in [
        "正文\n第九十九条 企业另行规定。",
        "正文\n\n第三章 附则\n\n第一条 另起。",
    ] {
        for args in [
            vec!["clause", &id, "edit", "1", "--text", text],
            vec!["clause", &id, "insert", "--after", "1", "--text", text],
        ] {
            let o = ws.run(&args);
            assert_eq!(o.status.code(), Some(1), "{args:?}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains("reads as a clause or chapter heading of its own"),
                "{err}"
            );
        }
    }
    assert_eq!(ws.ok(&["draft", &id, "--show"]), before);
    assert_eq!(ws.ok(&["log", &id]), log_before);
    // Several paragraphs in one clause are fine.
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "1",
        "--text",
        "第一款正文。\n第二款正文。",
    ]);
}

/// Regression: `/dev/zero`, a folder or a FIFO given to `--from` was reported as "not found",
/// and the size limit said "characters" while it counted bytes.
#[test]
fn imports_say_what_is_wrong_with_the_file() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let dir = ws.dir.path().join("a-folder");
    std::fs::create_dir(&dir).unwrap();
    let fifo = ws.dir.path().join("a-fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let mut files = vec![dir.clone(), std::path::PathBuf::from("/dev/zero")];
    if made.is_ok_and(|s| s.success()) {
        files.push(fifo);
    }
    for f in &files {
        let o = ws.run(&["draft", &id, "--from", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{f:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("not a text file (a folder, a device or a pipe)"),
            "{f:?}: {err}"
        );
    }
    let big = ws.file("big.txt", &"第一条 工资。\n".repeat(300_000));
    let o = ws.run_lang("zh-CN", &["draft", &id, "--from", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("超过 4194304 字节"), "{err}");
    assert!(!ws.ok(&["log", &id]).contains("draft"), "nothing saved");
}

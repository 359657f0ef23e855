//! The checks a reviewer would make, each at its boundary (pass and fail), through the real
//! binary: template blanks before signing, what a new dossier still lacks, step marks, the
//! contract in effect by law once the review period passes, overdue counts, and the wage
//! template's copies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;
use crate::ui_support::*;
use xieshang::app::Screen;
use xieshang::domain::procedure::Step;
use xieshang::domain::rules::{Finding, Severity};
use xieshang::i18n::Lang;

fn out_at(ws: &Ws, lang: &str, today: &str, args: &[&str]) -> String {
    String::from_utf8(ws.run_at(lang, today, args).stdout).unwrap()
}

fn rules_in(check: &serde_json::Value, rule: &str) -> Vec<serde_json::Value> {
    check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .cloned()
        .collect()
}

#[test]
fn template_blanks_are_an_error_until_filled() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&["draft", &id, "--template", "wage"]);
    let check = ws.check(&id);
    let blanks = rules_in(&check, "DRAFT-BLANKS");
    assert_eq!(blanks.len(), 1, "{check:#}");
    assert_eq!(blanks[0]["severity"], "error");
    let m = blanks[0]["message"].as_str().unwrap();
    assert!(m.contains("clause 23 “工资支付日”"), "{m}");
    assert!(
        blanks[0]["citation"].as_str().unwrap().contains("Art. 36"),
        "{check:#}"
    );
    let zh = out_at(&ws, "zh-CN", "2026-03-20", &["check", &id]);
    assert!(zh.contains("✗ 形成草案"), "{zh}");
    assert!(zh.contains("第二十三条“工资支付日”"), "{zh}");
    // The same text with every blank filled (and a bracket that is no blank): no finding.
    let text = std::fs::read_to_string(ws.dossier_dir(&id).join("contract.md")).unwrap();
    let mut filled = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("【待定：") {
        filled.push_str(&rest[..at]);
        let end = rest[at..].find('】').unwrap() + at + '】'.len_utf8();
        filled.push_str("十五");
        rest = &rest[end..];
    }
    filled.push_str(rest);
    filled = filled.replacen("第一条", "第一条 【注：本条依法订立】", 1);
    let file = ws.file("filled.txt", &filled);
    ws.ok(&["draft", &id, "--from", file.to_str().unwrap(), "--force"]);
    assert!(rules_in(&ws.check(&id), "DRAFT-BLANKS").is_empty());
    // One blank left is enough.
    let one = filled.replacen("十五", "【待定：工资支付日】", 1);
    let file = ws.file("one.txt", &one);
    ws.ok(&["draft", &id, "--from", file.to_str().unwrap(), "--force"]);
    let check = ws.check(&id);
    let m = rules_in(&check, "DRAFT-BLANKS")[0]["message"].clone();
    assert!(
        m.as_str()
            .unwrap()
            .starts_with("The draft still has 1 unfilled blank, to fill"),
        "{m}"
    );
}

#[test]
fn a_new_dossier_says_what_it_lacks_not_that_all_is_well() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let zh = out_at(&ws, "zh-CN", "2026-03-20", &["check", &id]);
    assert!(!zh.contains("未发现问题"), "{zh}");
    assert!(
        zh.contains("产生协商代表——尚待记录：职工方尚未产生协商代表"),
        "{zh}"
    );
    let check = ws.check(&id);
    assert_eq!(check["current_step"], "representatives");
    assert_eq!(check["missing"].as_array().unwrap().len(), 2, "{check:#}");
    // Once both sides have their representatives the step lacks nothing.
    for (side, names) in [
        ("workers", ["王一", "王二", "王三"]),
        ("employer", ["李一", "李二", "李三"]),
    ] {
        for (i, n) in names.iter().enumerate() {
            let mut args = vec!["rep", &id, "--side", side, "--name", n];
            if i == 0 {
                args.push("--chief");
            }
            ws.ok(&args);
        }
    }
    let check = ws.check(&id);
    assert_ne!(check["current_step"], "representatives", "{check:#}");
}

#[test]
fn a_step_with_an_error_is_never_ticked() {
    // The demo's step 2 (the request) is done and clean: ✓.
    let app = app_on(Screen::Dossier, Lang::ZhCn, "大连海辰机械制造有限公司");
    let text = render(&app, 120, 40);
    assert!(text.contains("✓  2 要约"), "{text}");
    // The same step with an error on it: ✗; with only a warning: !.
    for (severity, mark) in [(Severity::Error, "✗"), (Severity::Warning, "!")] {
        let mut app = app_on(Screen::Dossier, Lang::ZhCn, "大连海辰机械制造有限公司");
        let l = app.open.as_mut().unwrap();
        l.analysis.findings.push(Finding {
            rule: "OFFER-REPLY",
            severity,
            step: Step::Offer,
            message: "x".into(),
            citation: "y".into(),
            due: None,
        });
        let text = render(&app, 120, 40);
        assert!(text.contains(&format!("{mark}  2 要约")), "{text}");
        assert!(!text.contains("✓  2 要约"), "{text}");
    }
}

#[test]
fn in_effect_by_law_from_the_day_after_the_review_period() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.run_at("en", "2026-01-20", &["sign", &id, "--date", "2026-01-20"]);
    let o = ws.run_at(
        "en",
        "2026-01-26",
        &[
            "file",
            &id,
            "--sent",
            "2026-01-25",
            "--received",
            "2026-01-26",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Received 2026-01-26: the 15 days run to Tuesday 2026-02-10.
    let show = |today: &str| -> serde_json::Value {
        serde_json::from_str(&out_at(&ws, "en", today, &["show", &id, "--json"])).unwrap()
    };
    assert!(show("2026-02-10").get("effective_by_law").is_none());
    let v = show("2026-02-11");
    assert_eq!(v["effective_by_law"]["date"], "2026-02-11", "{v:#}");
    assert!(
        v["effective_by_law"]["basis"]
            .as_str()
            .unwrap()
            .contains("Labour Contract Law, Art. 54")
    );
    let zh = out_at(&ws, "zh-CN", "2026-02-11", &["show", &id]);
    assert!(
        zh.contains("自 2026-02-11 起依法生效") && zh.contains("第五十四条"),
        "{zh}"
    );
    let list = out_at(&ws, "zh-CN", "2026-02-11", &["list"]);
    assert!(list.contains("自 2026-02-11 起依法生效"), "{list}");
    assert!(!out_at(&ws, "zh-CN", "2026-02-10", &["list"]).contains("依法生效"));
    let list: serde_json::Value =
        serde_json::from_str(&out_at(&ws, "en", "2026-02-11", &["list", "--json"])).unwrap();
    assert_eq!(list[0]["effective_by_law"]["date"], "2026-02-11");
    // Once the review is recorded, the record speaks instead.
    let o = ws.run_at(
        "en",
        "2026-02-12",
        &["review", &id, "--date", "2026-02-12", "--no-objection"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(show("2026-02-12").get("effective_by_law").is_none());
    assert!(!out_at(&ws, "zh-CN", "2026-02-12", &["show", &id]).contains("依法生效"));
}

#[test]
fn overdue_counts_read_as_overdue() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-01-05",
        "--received",
        "2026-01-06",
    ]);
    // The reply is due 2026-01-26.
    let zh = out_at(&ws, "zh-CN", "2026-01-27", &["check", &id]);
    assert!(zh.contains("已逾期1天") && !zh.contains("剩 -"), "{zh}");
    let en = out_at(&ws, "en", "2026-01-27", &["list"]);
    assert!(en.contains("1 day overdue"), "{en}");
    assert!(!en.contains("1 days"), "{en}");
    let zh = out_at(&ws, "zh-CN", "2026-01-26", &["list"]);
    assert!(zh.contains("今日到期"), "{zh}");
    let zh = out_at(&ws, "zh-CN", "2026-01-25", &["list"]);
    assert!(zh.contains("还剩1天"), "{zh}");
}

#[test]
fn the_wage_template_states_its_copies_once() {
    let text = include_str!("../../templates/wage.md");
    assert_eq!(
        text.matches("一式").count(),
        1,
        "copies stated more than once"
    );
    assert!(text.contains("第三十八条 本合同一式{{copies}}份"));
    assert!(text.contains("copies: count = 5"));
    // Five: one for each side and the three copies GR 42 and FILING-PACKAGE ask for.
    let explain = xieshang::domain::rules::explain("FILING-PACKAGE", Lang::ZhCn);
    assert!(explain.unwrap().contains("一式三份"));
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&["draft", &id, "--template", "wage"]);
    let draft = std::fs::read_to_string(ws.dossier_dir(&id).join("contract.md")).unwrap();
    assert!(
        draft.contains("本合同一式五份，双方各执一份，其余报送"),
        "{draft}"
    );
    assert_eq!(draft.matches("一式").count(), 1);
}

#[test]
fn the_tui_shows_the_contract_in_effect_by_law() {
    for (lang, words) in [
        (Lang::ZhCn, "自 2026-04-11 起依法生效"),
        (Lang::En, "in effect by law from 2026-04-11"),
    ] {
        let mut app = app_on(Screen::Dossier, lang, "大连海辰机械制造有限公司");
        let l = app.open.as_mut().unwrap();
        // Received Thursday 2026-03-26: the 15 days run to Friday 2026-04-10.
        l.dossier.filing = Some(xieshang::domain::dossier::Filing {
            sent: day("2026-03-25"),
            received: Some(day("2026-03-26")),
            registration_no: None,
            package: Vec::new(),
        });
        app.dossier.step = 8;
        app.today = day("2026-04-11");
        let text = render(&app, 120, 40);
        assert!(text.contains(words), "{text}");
        app.today = day("2026-04-10");
        let text = render(&app, 120, 40);
        assert!(!text.contains(words), "{text}");
    }
}

/// Issue #13 audit: `check`, the TUI's step record and the archive agree with `show` on the
/// effect by law — the day after the review period with no objection, not before; a contract
/// signed and never filed is signed, not in effect.
#[test]
fn check_the_step_record_and_the_archive_agree_on_the_effect_by_law() {
    let ws = Ws::new();
    let filed = ws.new_dossier_of("wage");
    ws.run_at(
        "en",
        "2026-01-20",
        &["sign", &filed, "--date", "2026-01-20"],
    );
    let o = ws.run_at(
        "en",
        "2026-01-26",
        &[
            "file",
            &filed,
            "--sent",
            "2026-01-25",
            "--received",
            "2026-01-26",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The demo as it stood once filed: received 2026-05-28, no review, no effective date, not
    // published — the effect step is current. What `check` and the TUI's "still needed" say of
    // it: under review to the end of the period (2026-06-12), in effect by law after.
    let demo = ws.ok(&["demo"]).trim().to_string();
    let stored = std::fs::read_to_string(ws.dossier_dir(&demo).join("dossier.json")).unwrap();
    let mut d: xieshang::domain::Dossier = serde_json::from_str(&stored).unwrap();
    d.review = None;
    d.effective = None;
    d.publication = None;
    let needed = |lang: Lang, today: &str| {
        xieshang::service::analysis::analyse_builtin(&d, lang, day(today)).blockers
    };
    assert_eq!(
        needed(Lang::ZhCn, "2026-06-12"),
        vec!["劳动行政部门审查中".to_string()]
    );
    assert_eq!(
        needed(Lang::ZhCn, "2026-06-13"),
        vec![
            "自 2026-06-13 起依法生效（审查期内未提出异议），尚待记录审查结果并向职工公布"
                .to_string()
        ]
    );
    let en = needed(Lang::En, "2026-06-13");
    assert!(
        en[0].starts_with("In effect by law from 2026-06-13"),
        "{en:?}"
    );

    // Signed on 2026-01-01 and never filed.
    let unfiled = ws.new_dossier_of("wage");
    ws.run_at(
        "en",
        "2026-01-01",
        &["sign", &unfiled, "--date", "2026-01-01"],
    );
    let search = |today: &str| -> serde_json::Value {
        serde_json::from_str(&out_at(&ws, "en", today, &["archive", "search", "--json"])).unwrap()
    };
    let status_of = |v: &serde_json::Value, id: &str| -> String {
        let row = v["agreements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == id);
        row.map_or_else(
            || panic!("{id} not in {v:#}"),
            |r| r["status"].as_str().unwrap_or_default().to_string(),
        )
    };
    let v = search("2026-02-10");
    assert_eq!(status_of(&v, &unfiled), "signed", "{v:#}");
    assert_eq!(status_of(&v, &filed), "signed", "{v:#}");
    let v = search("2026-02-11");
    assert_eq!(status_of(&v, &unfiled), "signed", "{v:#}");
    assert_eq!(status_of(&v, &filed), "effective", "{v:#}");
    let zh = out_at(&ws, "zh-CN", "2026-02-11", &["archive", "search"]);
    let line = zh.lines().find(|l| l.contains(&unfiled)).unwrap();
    assert!(
        line.contains("已签订，尚未生效") && !line.contains("生效中"),
        "{zh}"
    );
    // In effect: only the filed one.
    let only_filed: serde_json::Value = serde_json::from_str(&out_at(
        &ws,
        "en",
        "2026-02-11",
        &["archive", "search", "--status", "effective", "--json"],
    ))
    .unwrap();
    let keys: Vec<&str> = only_filed["agreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec![filed.as_str()], "{only_filed:#}");
}

/// The TUI's effect step: no effective date recorded, the day in effect by law is said with
/// its ground, and what is still needed no longer says the text is under review.
#[test]
fn the_tui_effect_step_says_the_day_in_effect_by_law() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, "大连海辰机械制造有限公司");
    let l = app.open.as_mut().unwrap();
    l.dossier.filing = Some(xieshang::domain::dossier::Filing {
        sent: day("2026-03-25"),
        received: Some(day("2026-03-26")),
        registration_no: None,
        package: Vec::new(),
    });
    l.dossier.review = None;
    l.dossier.effective = None;
    l.dossier.publication = None;
    app.dossier.step = 9;
    app.today = day("2026-04-11");
    let text = render(&app, 120, 40);
    assert!(
        text.contains("2026-04-11（审查期内未提出异议的，依法生效）"),
        "{text}"
    );
}

/// A bare signing (`new`, then `sign`) is judged like any other: no representatives, no chief,
/// no draft text on record. A new dossier with nothing done is not.
#[test]
fn a_bare_signing_lacks_representatives_and_a_text() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let check = ws.check(&id);
    for rule in ["REP-MIN", "REP-CHIEF", "DRAFT-MISSING"] {
        assert!(rules_in(&check, rule).is_empty(), "{rule}: {check:#}");
    }
    ws.ok(&["sign", &id, "--date", "2026-01-01"]);
    let check = ws.check(&id);
    for rule in ["REP-MIN", "REP-CHIEF", "DRAFT-MISSING"] {
        assert!(!rules_in(&check, rule).is_empty(), "{rule}: {check:#}");
    }
    assert_eq!(rules_in(&check, "DRAFT-MISSING")[0]["severity"], "error");
    let zh = out_at(&ws, "zh-CN", "2026-03-20", &["check", &id]);
    assert!(zh.contains("合同已签字，但没有草案文本记录"), "{zh}");
    // Signed with a draft on record: the text is there.
    let with_text = ws.new_dossier_of("wage");
    ws.ok(&["draft", &with_text, "--template", "wage"]);
    ws.ok(&["sign", &with_text, "--date", "2026-01-01"]);
    assert!(rules_in(&ws.check(&with_text), "DRAFT-MISSING").is_empty());
}

//! Contract texts in the shapes unions really have them (issue #11): run-on pastes, parties
//! blocks and signature blocks, numbering gaps, fragments, `之一`, full-width digits, `1、` items,
//! `一、` sections, hard-wrapped lines — each fixture written for this project, imported with the
//! expected chapters, clauses and items, and realistic revision pairs diffed clause by clause.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use xieshang::contract::diff::{Change, ContractDiff, apply, diff, diff_with};
use xieshang::contract::import::import_text;
use xieshang::contract::parse::parse;
use xieshang::contract::render::{clause_body, render};
use xieshang::contract::{Block, Contract};
use xieshang::i18n::Lang;

use crate::common::Ws;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/contract/shapes/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn import(name: &str) -> Contract {
    import_text(&fixture(name)).unwrap().contract
}

/// (chapters, clauses, items).
fn counts(c: &Contract) -> (usize, usize, usize) {
    let items = c
        .clauses()
        .flat_map(|(_, _, cl)| cl.blocks.iter())
        .filter(|b| matches!(b, Block::Item(_)))
        .count();
    (c.chapters.len(), c.clause_count(), items)
}

fn body(c: &Contract, n: usize) -> String {
    clause_body(c.clause(n).unwrap())
}

/// Each clause's (old label, new label, change) in diff order.
fn changes(d: &ContractDiff) -> Vec<(Option<&str>, Option<&str>, Change)> {
    d.clauses
        .iter()
        .map(|c| (c.old_label.as_deref(), c.new_label.as_deref(), c.change))
        .collect()
}

/// The canonical text reads back to the same model, front and back matter included.
fn round_trips(c: &Contract) {
    assert_eq!(&parse(&render(c)).unwrap(), c, "{}", render(c));
}

// ---- shape 1: run-on text ---------------------------------------------------------------------

#[test]
fn run_on_text_is_split_at_headings_and_never_at_references() {
    let i = import_text(&fixture("wage_runon.txt")).unwrap();
    let c = &i.contract;
    assert_eq!(c.title, "某某精密机械有限公司2026年度工资专项集体合同");
    assert_eq!(counts(c), (3, 9, 3));
    assert_eq!(c.chapters[1].title.as_deref(), Some("工资水平"));
    assert_eq!(body(c, 4), "2026年度职工月平均工资在上年度基础上增长6%。");
    assert!(body(c, 5).contains("依照本合同第四条确定的增长幅度"));
    assert!(body(c, 8).contains("依照《劳动法》第四十四条支付加班工资"));
    assert_eq!(
        body(c, 6),
        "工资由下列部分构成：\n（一）基本工资；\n（二）岗位津贴；\n（三）绩效奖金。"
    );
    assert_eq!(
        c.back,
        [
            "企业方：（企业印章）",
            "职工方：（工会印章）",
            "法定代表人（签字）：",
            "工会主席（签字）：",
            "年月日"
        ]
    );
    assert!(body(c, 9).ends_with("报地方总工会协调处理。"));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    round_trips(c);
}

#[test]
fn errors_name_the_line_and_column_of_the_input() {
    // The whole text is on line 1 (then a newline): the position is line 1, not line 2.
    let e = import_text("某某公司集体合同草案，本文尚未写出任何条款。\n").unwrap_err();
    assert_eq!((e.line, e.column), (1, 1));
    assert_eq!(
        e.message(Lang::ZhCn),
        "第 1 行第 1 列：全文未找到任何条款（第…条）"
    );
    let e = import_text("标题\n第一章 总则\n　　本章的说明文字。第一条 内容。\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 3));
    assert!(e.message(Lang::En).starts_with("line 3, column 3:"));
}

// ---- shape 2: signature block, attachments ----------------------------------------------------

#[test]
fn the_signature_block_is_back_matter_and_filling_the_date_is_no_clause_change() {
    let old = import("wage_base.txt");
    assert_eq!(counts(&old), (4, 10, 0));
    assert_eq!(body(&old, 10), "本合同未尽事宜，由双方协商解决。");
    assert_eq!(old.back.len(), 5);
    assert_eq!(old.back[4], "年　月　日");
    let text = fixture("wage_base.txt").replace("年　月　日", "2026年3月18日");
    let new = import_text(&text).unwrap().contract;
    let d = diff(&old, &new);
    assert_eq!(d.summary.unchanged, 10);
    assert!(d.front.is_empty());
    assert_eq!(d.back.len(), 1);
    assert_eq!(d.back[0].change, Change::Modified);
    assert_eq!(d.back[0].new.as_deref(), Some("2026年3月18日"));
    assert!(!d.is_empty());
    assert_eq!(apply(&old, &d, &new).unwrap(), new);

    // Moving a clause to the end is one move, not two modifications (the signature block no
    // longer travels with the last clause).
    let moved = fixture("wage_base.txt")
        .replace("第九条 企业不得克扣或者无故拖欠职工工资。\n", "")
        .replace(
            "第十条 本合同未尽事宜，由双方协商解决。",
            "第九条 本合同未尽事宜，由双方协商解决。\n第十条 企业不得克扣或者无故拖欠职工工资。",
        );
    let d = diff(&old, &import_text(&moved).unwrap().contract);
    assert_eq!(d.summary.modified, 0, "{:?}", changes(&d));
    assert_eq!(d.summary.moved, 1, "{:?}", changes(&d));
    assert!(d.back.is_empty());
}

#[test]
fn attachments_and_the_parties_block_are_separated_from_the_clauses() {
    let i = import_text(&fixture("comprehensive_sections.txt")).unwrap();
    let c = &i.contract;
    assert_eq!(c.title, "某某纺织有限公司集体合同");
    assert_eq!(c.preamble.len(), 6);
    assert_eq!(c.preamble[4], "员工人数：____人");
    assert!(c.preamble[5].starts_with("为保障职工合法权益"));
    assert_eq!(counts(c), (7, 11, 3));
    assert!(body(c, 11).ends_with("有效期三年。"));
    assert_eq!(
        c.attachments(),
        ["附件：1.职工岗位工资标准表", "2.年度带薪休假安排"]
    );
    assert_eq!(
        c.back,
        [
            "甲方（盖章）：",
            "乙方（盖章）：",
            "甲方代表（签字）：",
            "乙方代表（签字）：",
            "二〇二六年　月　日",
            "附件：1.职工岗位工资标准表",
            "2.年度带薪休假安排"
        ]
    );
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
    round_trips(c);
}

// ---- shape 3: the preamble is diffed; no title taken from the parties line -----------------

#[test]
fn a_field_filled_in_is_a_front_matter_change_and_a_parties_line_is_no_title() {
    let old = import("comprehensive_sections.txt");
    let new = import_text(&fixture("comprehensive_sections.txt").replace("____人", "350人"))
        .unwrap()
        .contract;
    let d = diff(&old, &new);
    assert_eq!(d.summary.unchanged, 11);
    assert_eq!(d.front.len(), 1);
    assert_eq!(d.front[0].old.as_deref(), Some("员工人数：____人"));
    assert_eq!(d.front[0].new.as_deref(), Some("员工人数：350人"));
    assert_ne!(d.summary_line(Lang::ZhCn), "无变化");
    assert_eq!(apply(&old, &d, &new).unwrap(), new);

    // The canonical parser too: a text without a title line has no title.
    let c = parse("甲方(工会或员工代表)乙方(企业)\n第一条 本合同自签订之日起生效。\n").unwrap();
    assert_eq!(c.title, "");
    assert_eq!(c.preamble, ["甲方(工会或员工代表)乙方(企业)"]);
    round_trips(&c);
}

#[test]
fn a_text_without_a_title_keeps_its_parties_block_as_front_matter() {
    let c = import("women_wrapped.txt");
    assert_eq!(c.title, "");
    assert_eq!(
        c.preamble,
        [
            "甲方（工会）：某某电子科技有限公司工会",
            "乙方（企业）：某某电子科技有限公司"
        ]
    );
    assert_eq!(counts(&c), (1, 5, 0));
    assert_eq!(
        c.back,
        ["甲方代表（签字）：", "乙方代表（签字）：", "2026年3月1日"]
    );
    round_trips(&c);
}

// ---- shape 4: numbering as people write it ----------------------------------------------------

#[test]
fn a_gap_is_renumbered_with_one_warning() {
    let i = import_text(&fixture("wage_gaps.txt")).unwrap();
    let c = &i.contract;
    assert_eq!(counts(c), (2, 6, 0));
    assert_eq!(body(c, 1), "本合同依据《工资集体协商试行办法》订立。");
    assert_eq!(body(c, 4), "公司实行劳动合同制，工资分配坚持按劳分配原则。");
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
    let w = &i.warnings[0];
    assert_eq!((w.line, w.column), (7, 1));
    assert_eq!(w.found, "第六条");
    assert_eq!(w.after.as_deref(), Some("第３条"));
    assert_eq!(w.now, "第四条");
    assert_eq!(
        w.message(Lang::En),
        "line 7, column 1: 第六条 follows 第３条: renumbered 第四条 — references to the old numbers were not rewritten, check them"
    );
    // Full-width digits are read, and printed the standard way.
    assert!(render(c).contains("第一条 本合同依据"));
    // With a space after the label the gap is a warning too, never silent.
    let spaced = fixture("wage_gaps.txt").replace("第六条公司", "第六条 公司");
    assert_eq!(import_text(&spaced).unwrap().warnings.len(), 1);
}

#[test]
fn a_fragment_keeps_its_start_and_a_sub_clause_is_its_own_clause() {
    let i = import_text(&fixture("safety_fragment.txt")).unwrap();
    let c = &i.contract;
    assert_eq!(c.start, Some(16));
    assert_eq!(counts(c), (1, 5, 0));
    assert!(body(c, 4).starts_with("企业发生生产安全事故"));
    assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
    assert_eq!(i.warnings[0].found, "第十八条之一");
    assert_eq!(i.warnings[0].now, "第十九条");
    let text = render(c);
    assert!(text.starts_with("第十六条 企业应当建立健全"), "{text}");
    assert!(text.contains("第十九条 企业发生生产安全事故"));
    assert!(text.contains("第二十条 从事高温作业"));
    round_trips(c);
    // Diffed against itself with a figure changed, labels keep the fragment's numbers.
    let new = import_text(&fixture("safety_fragment.txt").replace("主要负责人", "法定代表人"))
        .unwrap()
        .contract;
    let d = diff(c, &new);
    assert_eq!(
        changes(&d)[0],
        (Some("第十六条"), Some("第十六条"), Change::Modified)
    );
    assert_eq!(apply(c, &d, &new).unwrap(), new);
}

#[test]
fn arabic_and_circled_items_are_items() {
    let c = import_text(
        "标题\n第一条 工资由以下部分组成：\n1、基本工资；\n2、岗位津贴。\n第二条 加班工资包括：①延长工作时间；②休息日加班。\n",
    )
    .unwrap()
    .contract;
    assert_eq!(counts(&c), (1, 2, 4));
    assert_eq!(
        body(&c, 2),
        "加班工资包括：\n（一）延长工作时间；\n（二）休息日加班。"
    );
}

// ---- shape 5: sections ------------------------------------------------------------------------

#[test]
fn chinese_numbered_sections_are_chapter_level_divisions_never_items() {
    let c = import("comprehensive_sections.txt");
    let titles: Vec<&str> = c
        .chapters
        .iter()
        .map(|ch| ch.title.as_deref().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "总则",
            "劳动报酬",
            "工作时间和休息休假",
            "劳动安全卫生",
            "保险、福利",
            "女职工特殊保护",
            "附则"
        ]
    );
    assert!(c.chapters.iter().all(|ch| ch.section));
    let text = render(&c);
    assert!(text.contains("\n五、保险、福利\n"), "{text}");
    assert!(!text.contains("（一）保险"));
    // The canonical parser reads a section after a clause the same way.
    let c = parse("标题\n\n一、总则\n\n第一条 甲。\n\n二、保险、福利\n\n第二条 乙。\n").unwrap();
    assert_eq!(counts(&c), (2, 2, 0));
}

// ---- shape 6: hard-wrapped lines --------------------------------------------------------------

#[test]
fn hard_wrapped_lines_are_joined_into_paragraphs() {
    let c = import("women_wrapped.txt");
    assert_eq!(
        body(&c, 1),
        "为维护女职工的合法权益，减少和解决女职工在劳动中因生理特点造成的特殊困难，依据《女职工劳动保护特别规定》，双方应遵循平等自愿、协商一致的原则，订立本专项集体合同。"
    );
    assert_eq!(
        body(&c, 3),
        "女职工生育享受不少于九十八天的产假，其中产前可以休假十五天；难产的，增加产假十五天。"
    );
    // A re-wrapped paste of the same text is no change at all.
    let d = diff(&import("wage_base.txt"), &import("wage_rewrapped.txt"));
    assert!(d.is_empty(), "{:?}", changes(&d));
}

#[test]
fn draft_show_prints_one_line_per_paragraph() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("women");
    let src = ws.file("women.txt", &fixture("women_wrapped.txt"));
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let shown = ws.ok(&["draft", &id, "--show"]);
    let clause_lines: Vec<&str> = shown.lines().filter(|l| l.starts_with('第')).collect();
    assert_eq!(clause_lines.len(), 5, "{shown}");
    assert!(shown.contains("双方应遵循平等自愿、协商一致的原则"));
    assert!(
        !shown
            .lines()
            .any(|l| l.starts_with("特点造成") || l.starts_with("协商一致"))
    );
}

// ---- shape 7: matching ------------------------------------------------------------------------

#[test]
fn a_realistic_revision_gives_the_right_change_per_clause() {
    let old = import("wage_base.txt");
    let new = import("wage_revised.txt");
    let d = diff(&old, &new);
    assert_eq!(
        changes(&d),
        [
            (Some("第一条"), Some("第一条"), Change::Unchanged),
            (Some("第二条"), Some("第二条"), Change::Unchanged),
            (Some("第三条"), None, Change::Deleted),
            (Some("第四条"), Some("第三条"), Change::Renumbered),
            (Some("第五条"), Some("第四条"), Change::Modified),
            (Some("第六条"), Some("第五条"), Change::Renumbered),
            (None, Some("第六条"), Change::Inserted),
            (Some("第九条"), Some("第七条"), Change::Moved),
            (Some("第七条"), Some("第八条"), Change::Renumbered),
            (Some("第八条"), Some("第九条"), Change::Renumbered),
            (Some("第十条"), Some("第十条"), Change::Unchanged),
        ]
    );
    let by_old = |n: usize| d.clauses.iter().find(|c| c.old_no == Some(n)).unwrap();
    assert!(by_old(5).refs_updated && by_old(8).refs_updated);
    assert!(d.clauses.iter().all(|c| c.stale_refs.is_empty()));
    assert_eq!(d.front.len(), 1);
    assert_eq!(d.back.len(), 1);
    assert_eq!(apply(&old, &d, &new).unwrap(), new);
}

#[test]
fn a_clause_that_keeps_its_paragraph_and_gains_another_is_modified() {
    let old = import("wage_base.txt");
    let text = fixture("wage_base.txt").replace(
        "第九条 企业不得克扣或者无故拖欠职工工资。",
        "第九条 企业不得克扣或者无故拖欠职工工资。\n确因生产经营困难需要延期支付的，应当经企业工会同意，延期不得超过三十日，并书面告知全体职工延期的理由和期限。",
    );
    let new = import_text(&text).unwrap().contract;
    let d = diff(&old, &new);
    assert_eq!(d.summary.modified, 1, "{:?}", changes(&d));
    assert_eq!(d.summary.inserted + d.summary.deleted, 0);
    assert_eq!(apply(&old, &d, &new).unwrap(), new);
    // And the other way: losing the paragraph again.
    let d = diff(&new, &old);
    assert_eq!(d.summary.modified, 1);
    assert_eq!(d.summary.inserted + d.summary.deleted, 0);
}

#[test]
fn a_stale_reference_is_its_own_finding_not_an_update() {
    let old = import("wage_base.txt");
    // 第三条 deleted, but 第五条 still says 第四条 (now 第三条) and 第八条 still says 第五条.
    let text = fixture("wage_base.txt")
        .replace(
            "第三条 本合同期限为一年，自2026年1月1日起至2026年12月31日止。\n",
            "",
        )
        .replace("第四条 2026", "第三条 2026")
        .replace("第五条 职工", "第四条 职工")
        .replace("第六条 企业", "第五条 企业")
        .replace("第七条 企业", "第六条 企业")
        .replace("第八条 安排", "第七条 安排")
        .replace("第九条 企业", "第八条 企业")
        .replace("第十条 本合同", "第九条 本合同");
    let new = import_text(&text).unwrap().contract;
    let d = diff(&old, &new);
    let by_old = |n: usize| d.clauses.iter().find(|c| c.old_no == Some(n)).unwrap();
    let five = by_old(5);
    assert_eq!(five.change, Change::Renumbered);
    assert!(!five.refs_updated);
    assert_eq!(five.stale_refs.len(), 1);
    assert_eq!(five.stale_refs[0].text, "第四条");
    assert_eq!(five.stale_refs[0].now.as_deref(), Some("第三条"));
    assert_eq!(by_old(8).stale_refs[0].now.as_deref(), Some("第四条"));
    assert!(d.summary_line(Lang::ZhCn).contains("过时引用 2 处"));
    assert_eq!(apply(&old, &d, &new).unwrap(), new);
}

#[test]
fn a_stale_reference_is_a_check_finding() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("base.txt", &fixture("wage_base.txt"));
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let text = fixture("wage_base.txt")
        .replace(
            "第三条 本合同期限为一年，自2026年1月1日起至2026年12月31日止。\n",
            "",
        )
        .replace("第四条 2026", "第三条 2026")
        .replace("第五条 职工", "第四条 职工");
    let src = ws.file("stale.txt", &text);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap(), "--force"]);
    let v: serde_json::Value =
        serde_json::from_slice(&ws.run(&["check", &id, "--json"]).stdout).unwrap();
    let stale: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CONTENT-REFS")
        .collect();
    // 第四条 (was 第五条) still says 第四条, now 第三条; 第七条 (was 第八条) still says 第五条.
    assert_eq!(stale.len(), 2, "{v}");
    assert!(stale[0]["message"].as_str().unwrap().contains("第四条"));
}

#[test]
fn a_move_recorded_in_the_history_is_attributed_to_the_moved_clause() {
    let old = import("wage_base.txt");
    // 第九条 moved up one place: read from the texts alone, 第八条 moving down is as likely.
    let text = fixture("wage_base.txt").replace(
        "第八条 安排职工延长工作时间的，依照《劳动法》第四十四条支付加班工资，并不低于本合同第五条规定标准的150%。\n第九条 企业不得克扣或者无故拖欠职工工资。",
        "第八条 企业不得克扣或者无故拖欠职工工资。\n第九条 安排职工延长工作时间的，依照《劳动法》第四十四条支付加班工资，并不低于本合同第五条规定标准的150%。",
    );
    let new = import_text(&text).unwrap().contract;
    let d = diff_with(&old, &new, &[9]);
    let moved: Vec<_> = d
        .clauses
        .iter()
        .filter(|c| c.change == Change::Moved)
        .map(|c| c.old_label.as_deref())
        .collect();
    assert_eq!(moved, [Some("第九条")]);
    let d = diff_with(&old, &new, &[8]);
    let moved: Vec<_> = d
        .clauses
        .iter()
        .filter(|c| c.change == Change::Moved)
        .map(|c| c.old_label.as_deref())
        .collect();
    assert_eq!(moved, [Some("第八条")]);

    // Through the history: the CLI's diff of the move commit names the clause the edit moved.
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("base.txt", &fixture("wage_base.txt"));
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    ws.ok(&["clause", &id, "move", "9", "--after", "7"]);
    let v: serde_json::Value =
        serde_json::from_str(&ws.ok(&["diff", &id, "HEAD~1", "HEAD", "--json"])).unwrap();
    let moved: Vec<&str> = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "moved")
        .map(|c| c["old_label"].as_str().unwrap())
        .collect();
    assert_eq!(moved, ["第九条"]);
}

#[test]
fn the_issue_examples_with_ascii_punctuation() {
    // Run-on, then a signature block with ASCII colons and brackets on lines of its own.
    let text = "某某公司集体合同第一章总则第一条本合同依法订立。第二条本合同对双方具有约束力。第三条工会代表被录用的职工同公司签订集体合同。第二章工薪第四条公司实行月工资制，每月十日发放。第五条本合同报地方总工会。\n企业方:(企业印章)职工方:(工会印章)\n法定代表人(签字):工会主席(签字):\n年月日\n";
    let c = import_text(text).unwrap().contract;
    assert_eq!(c.title, "某某公司集体合同");
    assert_eq!(counts(&c), (2, 5, 0));
    assert_eq!(c.chapters[1].title.as_deref(), Some("工薪"));
    assert_eq!(body(&c, 5), "本合同报地方总工会。");
    assert_eq!(
        c.back,
        [
            "企业方:(企业印章)",
            "职工方:(工会印章)",
            "法定代表人(签字):",
            "工会主席(签字):",
            "年月日"
        ]
    );
    round_trips(&c);
}

#[test]
fn file_diffs_go_through_the_import() {
    let ws = Ws::new();
    let old = ws.file("old.txt", &fixture("wage_runon.txt"));
    let new = ws.file(
        "new.txt",
        &fixture("wage_runon.txt").replace("不低于2480元", "不低于2650元"),
    );
    let v: serde_json::Value = serde_json::from_str(&ws.ok(&[
        "diff",
        "--files",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_eq!(v["summary"]["modified"], 1, "{v}");
    assert_eq!(v["summary"]["unchanged"], 8, "{v}");
}

#[test]
fn a_fragment_keeps_its_numbers_through_edits_history_and_diff() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("safety");
    let src = ws.file("fragment.txt", &fixture("safety_fragment.txt"));
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    // Positions on the command line; the history and the diff speak the printed numbers.
    let out = ws.ok(&["clause", &id, "move", "5", "--after", "3"]);
    assert!(
        out.contains("draft: clause 20 moved after clause 18"),
        "{out}"
    );
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["log", &id]).stdout).unwrap();
    assert!(zh.contains("草案：第二十条移到第十八条之后"), "{zh}");
    let v: serde_json::Value =
        serde_json::from_str(&ws.ok(&["diff", &id, "HEAD~1", "HEAD", "--json"])).unwrap();
    let moved: Vec<&str> = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "moved")
        .map(|c| c["old_label"].as_str().unwrap())
        .collect();
    assert_eq!(moved, ["第二十条"], "{v}");
    let shown = ws.ok(&["draft", &id, "--show"]);
    assert!(shown.starts_with("第十六条 "), "{shown}");
    assert!(shown.contains("第十九条 从事高温作业"), "{shown}");
}

/// wage_base.txt with a clause inserted after 第三条 and the clauses after it renumbered, but no
/// reference rewritten: 第六条 (was 第五条) still says 第四条, 第九条 (was 第八条) 第五条.
fn wage_with_insertion() -> String {
    fixture("wage_base.txt")
        .replace("第十条 本合同", "第十一条 本合同")
        .replace("第九条 企业", "第十条 企业")
        .replace("第八条 安排", "第九条 安排")
        .replace("第七条 企业", "第八条 企业")
        .replace("第六条 企业", "第七条 企业")
        .replace("第五条 职工", "第六条 职工")
        .replace(
            "第四条 2026",
            "第四条 本合同期满前一个月内，双方应当协商续订。\n第五条 2026",
        )
}

fn content_refs(ws: &Ws, id: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value =
        serde_json::from_slice(&ws.run_lang("zh-CN", &["check", id, "--json"]).stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CONTENT-REFS")
        .cloned()
        .collect()
}

#[test]
fn a_stale_reference_stays_flagged_after_an_unrelated_edit_until_it_is_fixed() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let src = ws.file("base.txt", &fixture("wage_base.txt"));
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let src = ws.file("inserted.txt", &wage_with_insertion());
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap(), "--force"]);
    let stale = content_refs(&ws, &id);
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert!(stale.iter().all(|f| f["severity"] == "warning"));
    let msg = |f: &serde_json::Value| f["message"].as_str().unwrap().to_string();
    assert_eq!(
        msg(&stale[0]),
        "第六条 仍引用 第四条，但它原指的条款现为 第五条：该引用已指向别的条款"
    );
    assert_eq!(
        msg(&stale[1]),
        "第九条 仍引用 第五条，但它原指的条款现为 第六条：该引用已指向别的条款"
    );
    // An edit of another clause changes nothing about the references.
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "2",
        "--text",
        "本合同适用于企业全体职工，包括试用期内和劳务派遣的职工。",
    ]);
    let after = content_refs(&ws, &id);
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(msg(&after[0]), msg(&stale[0]));
    // Fixing one reference clears that one only.
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "6",
        "--text",
        "职工月最低工资不低于2480元，依照本合同第五条确定的增长幅度同步调整。",
    ]);
    let after = content_refs(&ws, &id);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        msg(&after[0]),
        "第九条 仍引用 第五条，但它原指的条款现为 第六条：该引用已指向别的条款"
    );
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "9",
        "--text",
        "安排职工延长工作时间的，依照《劳动法》第四十四条支付加班工资，并不低于本合同第六条规定标准的150%。",
    ]);
    assert_eq!(content_refs(&ws, &id), Vec::<serde_json::Value>::new());
}

#[test]
fn a_reference_to_a_clause_the_contract_lacks_is_an_error() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let text = fixture("wage_base.txt").replace(
        "并不低于本合同第五条规定标准",
        "并不低于本合同第十二条规定标准",
    );
    let src = ws.file("base.txt", &text);
    ws.ok(&["draft", &id, "--from", src.to_str().unwrap()]);
    let found = content_refs(&ws, &id);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(
        found[0]["message"],
        "第八条 引用了 第十二条，但合同没有这一条（最后一条是 第十条）"
    );
}

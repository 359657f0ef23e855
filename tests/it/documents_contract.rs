//! The agreement paper (`export ID contract`) built from a draft as unions write it: the parties
//! block and preamble of its front matter after the title, its own signature lines, date and
//! attachments in place of the generated signature block (never both), the last clause kept on
//! the signature block's page in the DOCX (keep-with-next, rows that never split) and in the PDF
//! (read back page by page with `pdftotext`). Also: the blanks listed in the user's language.

use crate::common::Ws;
use crate::common::servers::need;
use crate::documents::{docx_text, export, in_order, joined, part, pdftotext};

const DRAFT: &str = include_str!("../fixtures/documents/draft_with_matter.txt");

/// The `<w:p>…</w:p>` of `xml` whose text holds `needle` (the first).
fn paragraph<'a>(xml: &'a str, needle: &str) -> &'a str {
    xml.split("<w:p>")
        .find(|p| p.contains(needle))
        .and_then(|p| p.split("</w:p>").next())
        .unwrap_or_else(|| panic!("no paragraph with {needle:?}"))
}

#[test]
fn the_drafts_front_and_back_matter_replace_the_generated_signature_block() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let file = ws.file("draft.txt", DRAFT);
    ws.ok(&["draft", &id, "--from", file.to_str().unwrap()]);
    // Signed, so the draft's blank date line takes the signing date.
    ws.ok(&["sign", &id, "--date", "2026-03-18"]);
    let out = export(&ws, &[&id, "contract"]);
    let text = docx_text(&out);
    in_order(
        &text,
        &[
            // The title page, generated.
            "大连测试机械有限公司2026年度工资专项集体合同",
            "签订日期：2026年3月18日",
            // The text: its title, then the front matter as written.
            "大连测试机械有限公司2026年度工资专项集体合同\n",
            "甲方（企业）：大连测试机械有限公司\n",
            "法定代表人：赵立新\n",
            "乙方（工会）：大连测试机械有限公司工会委员会\n",
            "工会主席：孙秀梅\n",
            "员工人数：____人\n",
            "为建立企业职工工资正常增长机制，甲乙双方依据《工资集体协商试行办法》，经平等协商，订立本合同。\n",
            "第一章 总则",
            "第一条\u{3000}本合同对企业和全体职工具有约束力。",
            "第四条\u{3000}本合同一式三份，自报送人力资源社会保障行政部门审查通过之日起生效。\n",
            // The back matter as written, its blank date filled.
            "（以下无正文）\n",
            "甲方（盖章）：\n",
            "乙方（盖章）：\n",
            // One line, as the draft has it (the import cut it at each 首席代表).
            "甲方首席代表（签字）：　　乙方首席代表（签字）：\n",
            "2026年3月18日\n",
            "附件：1.职工岗位工资标准表\n",
            "2.年度工资调整测算表\n",
        ],
    );
    // The generated block is not printed as well.
    assert!(!text.contains("大连测试机械有限公司（盖章）"), "{text}");
    assert!(!text.contains("【待填：企业方首席代表】"), "{text}");
    assert_eq!(text.matches("（盖章）").count(), 2, "{text}");
    assert!(!text.contains("二〇二六年"), "{text}");
    let xml = part(&out, "word/document.xml");
    // The parties block flush left, the preamble indented like the body.
    assert!(!paragraph(&xml, "法定代表人：赵立新").contains("w:firstLine"));
    assert!(paragraph(&xml, "为建立企业职工工资正常增长机制").contains(r#"w:firstLine="640""#));
    // The last clause and the signature lines keep with what follows; the date ends the kept
    // run; the attachments are free.
    for kept in [
        "第四条",
        "（以下无正文）",
        "甲方（盖章）：",
        "乙方（盖章）：",
    ] {
        assert!(
            paragraph(&xml, kept).contains("<w:keepNext/><w:keepLines/>"),
            "{kept}"
        );
    }
    let date = paragraph(&xml, r#"preserve">2026年3月18日</w:t>"#);
    assert!(
        date.contains("<w:keepLines/>") && !date.contains("<w:keepNext/>"),
        "{date}"
    );
    assert!(!paragraph(&xml, "第三条").contains("keepNext"));
    assert!(!paragraph(&xml, "附件：").contains("keep"));
    if need(&["pdftotext"]) {
        let pdf = export(&ws, &[&id, "contract", "--format", "pdf"]);
        let t = joined(&pdftotext(&pdf));
        in_order(
            &t,
            &[
                "甲方（企业）：大连测试机械有限公司",
                "员工人数：____人",
                "第四条",
                "（以下无正文）",
                "甲方（盖章）：",
                "2026年3月18日",
                "附件：1.职工岗位工资标准表",
            ],
        );
    }
}

#[test]
fn a_draft_without_signature_lines_gets_the_generated_block_with_rows_that_never_split() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let file = ws.file(
        "draft.txt",
        "大连测试机械有限公司2026年度工资专项集体合同\n\n第一条 本合同对企业和全体职工具有约束力。\n第二条 本合同一式三份。\n\n（以下无正文）\n",
    );
    ws.ok(&["draft", &id, "--from", file.to_str().unwrap()]);
    let out = export(&ws, &[&id, "contract"]);
    in_order(
        &docx_text(&out),
        &[
            "第二条\u{3000}本合同一式三份。",
            "（以下无正文）",
            "大连测试机械有限公司（盖章）",
            "首席代表（签字）：【待填：企业方首席代表】",
            "日期：【待填：签订日期】",
        ],
    );
    let xml = part(&out, "word/document.xml");
    assert!(paragraph(&xml, "第二条").contains("<w:keepNext/>"));
    let table = &xml[xml.rfind("<w:tbl>").unwrap()..];
    assert_eq!(table.matches("<w:cantSplit/>").count(), 3, "{table}");
}

/// A contract of `fillers` one-line clauses before its last one, without signature lines.
fn filled(fillers: usize) -> String {
    let mut s = String::from("大连测试机械有限公司2026年度工资专项集体合同\n\n第一章 总则\n");
    for i in 1..=fillers {
        s.push_str(&format!(
            "第{i}条 本条为填充条款，约定双方应当遵守的一般事项。\n"
        ));
    }
    s.push_str(&format!(
        "第{}条 本合同一式三份，甲乙双方各执一份，一份报送人力资源社会保障行政部门审查。\n",
        fillers + 1
    ));
    s
}

/// The PDF's pages, as pdftotext reads them (split at its form feeds).
fn pages(text: &str) -> Vec<String> {
    text.split('\u{c}').map(joined).collect()
}

#[test]
fn the_signature_block_never_opens_a_page_alone() {
    if !need(&["pdftotext"]) {
        return;
    }
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    // With 12 to 18 fillers the last clause ends so low on page 2 that the signature block
    // (a spacing line and three rows) would start page 3 alone: measured by varying the fillers
    // before the keep was written. 11 and 19 are the neighbours, where it shares a page anyway.
    for (fillers, moved) in [(11, false), (12, true), (15, true), (18, true), (19, false)] {
        let file = ws.file("draft.txt", &filled(fillers));
        ws.ok(&["draft", &id, "--from", file.to_str().unwrap(), "--force"]);
        let pdf = export(&ws, &[&id, "contract", "--format", "pdf"]);
        let pages = pages(&pdftotext(&pdf));
        let sig = pages
            .iter()
            .position(|p| p.contains("首席代表（签字）"))
            .unwrap();
        let page = &pages[sig];
        assert!(
            page.contains("本合同一式三份，甲乙双方各执一份"),
            "{fillers}: the last clause is not on the signature's page:\n{page}"
        );
        // Where the block would have been alone, the whole last clause went over with it.
        assert_eq!(
            page.starts_with("第") && page.contains("条本合同一式三份") && !page.contains("填充"),
            moved,
            "{fillers}: {page}"
        );
        assert_eq!(sig, if fillers < 12 { 1 } else { 2 }, "{fillers}");
    }
}

#[test]
fn the_blanks_are_listed_in_the_users_language_and_printed_in_chinese() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let out = ws.dir.path().join("reply.docx");
    let o = ws.run_lang(
        "en",
        &["export", &id, "reply", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "reply to the request: printed as blanks to fill by hand: requesting party, request date, request received, topics, reply, employer's chief representative, requested party, reply date"
        ),
        "{err}"
    );
    // The paper itself stays Chinese.
    assert!(docx_text(&out).contains("【待填：回应日期】"));
    let o = ws.run_lang(
        "zh-CN",
        &["export", &id, "reply", "--out", out.to_str().unwrap()],
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "要约回应书：以下事实尚未记录，已留空待填：要约方、要约日期、要约送达日期、协商议题、回应意见、企业方首席代表、被要约方、回应日期"
        ),
        "{err}"
    );
}

/// The Dossier screen's question before export names the blanks in the interface's language.
#[test]
fn the_dossier_screens_question_lists_the_blanks_in_english() {
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, App, Effect, Event, Screen, update};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;

    let ws = Ws::new();
    ws.ok(&["demo"]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 10).unwrap();
    let mut s = StoreServices::new(ws.root(), Lang::En, today);
    let mut app = App::new(Lang::En, today);
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier("2026-001".into())) else {
        panic!("not opened")
    };
    let _ = update(&mut app, Action::Worker(Event::Opened(l)));
    app.screen = Screen::Dossier;
    app.dossier.step = 5;
    let fx = update(&mut app, Action::Key(Key::Char('p')));
    let [effect @ Effect::PrepareExport { .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let ev = s.handle(effect.clone()).unwrap();
    let _ = update(&mut app, Action::Worker(ev));
    let screen = crate::ui_support::render(&app, 120, 30);
    assert!(
        screen.contains("Export these papers as DOCX and PDF?"),
        "{screen}"
    );
    // The dialog wraps the list.
    assert!(
        screen.contains("pre-review opinion: blanks to fill by hand:")
            && screen.contains("│reviewer, reviewing union "),
        "{screen}"
    );
    assert!(!screen.contains("收到日期"), "{screen}");
}

/// The lines of each 二号 title paragraph of `xml` (`w:sz` 44), as the `<w:br/>` in its run
/// divide it, with whether the paragraph is centred.
fn title_paragraphs(xml: &str) -> Vec<(Vec<String>, bool)> {
    xml.split("<w:p>")
        .filter(|p| p.contains(r#"<w:sz w:val="44"/>"#))
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap();
            let run = p
                .split("</w:rPr>")
                .nth(1)
                .unwrap()
                .split("</w:r>")
                .next()
                .unwrap();
            let lines = run
                .split("<w:br/>")
                .map(|l| {
                    let t = l.split_once('>').unwrap().1;
                    t.strip_suffix("</w:t>").unwrap().to_string()
                })
                .collect();
            (lines, p.contains(r#"<w:jc w:val="center"/>"#))
        })
        .collect()
}

/// A line's width in characters of the title's size: a CJK character one, a digit half (as
/// Times New Roman, the DOCX's face for them, sets it).
fn title_width(line: &str) -> f32 {
    line.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// Regression: the DOCX set the title as one run that Word wrapped wherever the line filled
/// (`…股份有限公司2026年度工资` / `专项集体合同`, splitting 专项集体合同). It now breaks where
/// the PDF breaks it — before the kind of agreement, else before the year — with `<w:br/>` in
/// one centred paragraph, no line wider than the 20 characters of 二号 on the 156 mm line, and
/// reads back as one title.
#[test]
fn a_long_title_breaks_in_the_docx_where_the_pdf_breaks_it() {
    let pdf = need(&["pdftotext"]);
    for (title, expected) in [
        (
            "大连华信精密机械股份有限公司2026年度工资专项集体合同",
            &["大连华信精密机械股份有限公司2026年度", "工资专项集体合同"][..],
        ),
        (
            "大连华信精密机械制造股份有限公司2026年度工资专项集体合同",
            &[
                "大连华信精密机械制造股份有限公司",
                "2026年度工资专项集体合同",
            ][..],
        ),
        // A name longer than a line with the year: no whole-word break fits, so two even lines.
        (
            "大连经济技术开发区华信精密机械制造股份有限公司2026年度工资专项集体合同",
            &[
                "大连经济技术开发区华信精密机械制造股",
                "份有限公司2026年度工资专项集体合同",
            ][..],
        ),
    ] {
        let ws = Ws::new();
        let id = ws.new_dossier_of("wage");
        let file = ws.file(
            "draft.txt",
            &format!(
                "{title}\n\n第一条 本合同对企业和全体职工具有约束力。\n第二条 本合同一式三份。\n"
            ),
        );
        ws.ok(&["draft", &id, "--from", file.to_str().unwrap()]);
        let docx = export(&ws, &[&id, "contract", "--format", "docx"]);
        let xml = part(&docx, "word/document.xml");
        // The title page's and the text's own, the latter in the style the reader joins.
        let titles = title_paragraphs(&xml);
        assert_eq!(titles.len(), 2, "{xml}");
        for (lines, centred) in &titles {
            assert_eq!(lines, expected);
            assert!(centred);
            for l in lines {
                assert!(title_width(l) <= 20.0, "{l}: {}", title_width(l));
            }
        }
        let own = xml
            .split("<w:p>")
            .filter(|p| p.contains(expected[0]))
            .nth(1)
            .unwrap();
        assert!(
            own.contains(r#"<w:pStyle w:val="XieshangTitle"/>"#),
            "{own}"
        );
        // The PDF sets the same lines, on the title page and over the text.
        if pdf {
            let out = export(&ws, &[&id, "contract", "--format", "pdf"]);
            let text = pdftotext(&out);
            let lines = format!("{}\n", expected.join("\n"));
            assert!(text.starts_with(&lines), "{text}");
            assert_eq!(text.matches(&lines).count(), 2, "{text}");
        }
        // Read back, the lines are one title again.
        let again = ws.new_dossier_of("wage");
        ws.ok(&["draft", &again, "--from", docx.to_str().unwrap()]);
        let shown = ws.ok(&["draft", &again, "--show"]);
        assert!(shown.starts_with(&format!("{title}\n\n第一条 ")), "{shown}");
    }
}

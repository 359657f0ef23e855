//! How the papers print: characters no font has, line breaking in tables, page size, the
//! signature table, the choice of format from the file name.

use crate::common::Ws;
use crate::common::servers::need;
use crate::documents::{joined, pdftotext};
use std::process::Command;

/// A new dossier whose chiefs' names hold characters outside GB 2312 (喆, 堃), an emoji, a
/// private-use character and an unassigned one.
fn rare_names() -> (Ws, String) {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&["rep", &id, "--side", "workers", "--name", "李喆", "--chief"]);
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "employer",
        "--name",
        "张堃x😀",
        "--chief",
    ]);
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "employer",
        "--name",
        "王\u{E000}五\u{0378}",
    ]);
    (ws, id)
}

#[test]
fn characters_outside_gb2312_print_and_those_no_font_has_are_named_and_read_back() {
    if !need(&["pdftotext"]) {
        return;
    }
    let (ws, id) = rare_names();
    let out = ws.dir.path().join("offer.pdf");
    let o = ws.run_lang(
        "zh-CN",
        &[
            "export",
            &id,
            "offer",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "要约书：以下字符没有可用字体，PDF 中以 □ 代替（文字层仍为原字符）：😀（U+1F600）"
        ),
        "{err}"
    );
    assert!(err.contains("（U+E000）、\u{0378}（U+0378）"), "{err}");
    // 喆 and 堃 are in the compiled-in font: not named.
    assert!(!err.contains("U+5586") && !err.contains("U+5803"), "{err}");
    let text = pdftotext(&out);
    assert!(text.contains("职工方李喆；企业方张堃x😀。"), "{text}");
    assert!(joined(&text).contains("王\u{E000}五\u{0378}"), "{text}");
    // Never another real character in place of the missing one (glyph 0 read as the first
    // glyph of the subset was: 张喆x for 张堃x, 喆 for 😀).
    assert!(!text.contains("张喆"), "{text}");
    // In English: the same list, in English.
    let o = ws.run(&[
        "export",
        &id,
        "offer",
        "--format",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("request: no font has these characters; the PDF prints each as □ (its text still reads the character): 😀 (U+1F600), \u{E000} (U+E000), \u{0378} (U+0378)"),
        "{err}"
    );
    // The DOCX leaves fonts to the word processor: nothing to say.
    let o = ws.run(&["export", &id, "offer", "--format", "docx"]);
    assert!(!String::from_utf8(o.stderr).unwrap().contains("no font"));
}

#[test]
fn a_system_font_without_a_character_hands_it_to_the_compiled_in_one() {
    let latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if !std::path::Path::new(latin).is_file() || !need(&["pdftotext", "pdffonts"]) {
        return;
    }
    let (ws, id) = rare_names();
    let out = ws.dir.path().join("offer.pdf");
    let o = ws
        .command("en", "2026-03-20")
        .args(["export", &id, "offer", "--format", "pdf", "--out"])
        .arg(&out)
        .env("XIESHANG_PDF_FONT", latin)
        .output()
        .unwrap();
    assert!(o.status.success());
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&out).output().unwrap().stdout).unwrap();
    // DejaVu Sans sets the Latin letters and digits, the compiled-in font the hanzi.
    assert!(
        fonts.contains("XSHANA+CJK") && fonts.contains("XSHANB+CJK"),
        "{fonts}"
    );
    let text = pdftotext(&out);
    assert!(text.contains("职工方李喆；企业方张堃x😀。"), "{text}");
}

fn pdftotext_layout(pdf: &std::path::Path) -> String {
    let o = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_minutes_signature_table_holds_each_label_and_the_date_on_one_line() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let docx = crate::documents::export(&ws, &["2026-001", "minutes", "--round", "1"]);
    crate::documents::in_order(
        &crate::documents::docx_text(&docx),
        &[
            "职工方首席代表（签字） | \n",
            "企业方首席代表（签字） | \n",
            "记录人（签字） | \n",
            "日期 | 2026年3月25日\n",
        ],
    );
    if !need(&["pdftotext"]) {
        return;
    }
    let pdf = crate::documents::export(
        &ws,
        &["2026-001", "minutes", "--round", "1", "--format", "pdf"],
    );
    let text = pdftotext_layout(&pdf);
    let line = |needle: &str| text.lines().any(|l| l.contains(needle));
    assert!(line("职工方首席代表（签字）"), "{text}");
    assert!(line("企业方首席代表（签字）"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("日期") && l.trim_end().ends_with("2026年3月25日")),
        "{text}"
    );
}

#[test]
fn sums_of_money_at_the_table_print_as_the_papers_print_money() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let m1 = crate::documents::docx_text(&crate::documents::export(
        &ws,
        &["2026-001", "minutes", "--round", "1"],
    ));
    assert!(
        m1.contains("企业最低工资 | 2,400元 | 2,100元 | 未达成一致，下次会议继续协商\n"),
        "{m1}"
    );
    // An allowance is yuan a month (costing audit 15): `每月200元` is written 200元.
    assert!(m1.contains("高温津贴 | 200元 | 100元 |"), "{m1}");
    // A text issue keeps its words.
    assert!(
        m1.contains("加班工资基数 | 本人上月标准工资 | 当地最低工资标准 |"),
        "{m1}"
    );
    let m3 = crate::documents::docx_text(&crate::documents::export(
        &ws,
        &["2026-001", "minutes", "--round", "3"],
    ));
    assert!(
        m3.contains("企业最低工资 | 2,300元 | 2,300元 | 达成一致（2,300元）\n"),
        "{m3}"
    );
    assert!(m3.contains("企业最低工资：达成一致（2,300元）；"), "{m3}");
    let note = crate::documents::docx_text(&crate::documents::export(&ws, &["2026-001", "note"]));
    assert!(
        note.contains("企业最低工资 | 2,400元 | 2,100元 | 达成一致（2,300元）\n"),
        "{note}"
    );
    assert!(
        !note.contains("2300元") && !note.contains("2400元"),
        "{note}"
    );
}

#[test]
fn the_format_follows_the_out_files_extension_and_a_contradiction_is_refused() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let pdf = ws.dir.path().join("o.pdf");
    ws.ok(&[
        "export",
        "2026-001",
        "offer",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let docx = ws.dir.path().join("o.DOCX");
    ws.ok(&[
        "export",
        "2026-001",
        "offer",
        "--out",
        docx.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
    // Neither extension: DOCX.
    let other = ws.dir.path().join("o.bin");
    ws.ok(&[
        "export",
        "2026-001",
        "offer",
        "--out",
        other.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&other).unwrap().starts_with(b"PK"));
    // Agreeing: fine.
    ws.ok(&[
        "export",
        "2026-001",
        "offer",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    let bad = ws.dir.path().join("x.pdf");
    let o = ws.run(&[
        "export",
        "2026-001",
        "offer",
        "--format",
        "docx",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "--format docx but --out {} names a .pdf file: give one or make them agree",
            bad.display()
        )),
        "{err}"
    );
    assert!(!bad.exists());
    let o = ws.run_lang(
        "zh-CN",
        &[
            "export",
            "2026-001",
            "offer",
            "--format",
            "docx",
            "--out",
            bad.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("--format 为 docx，而 --out"), "{err}");
}

/// The pages of a PDF as pdftotext reads them (split at its form feeds).
fn pages(pdf: &std::path::Path) -> Vec<String> {
    let mut p: Vec<String> = pdftotext(pdf).split('\u{c}').map(str::to_string).collect();
    if p.last().is_some_and(|l| l.trim().is_empty()) {
        p.pop();
    }
    p
}

#[test]
fn every_demo_pdf_is_a4_and_no_page_holds_a_fragment() {
    if !need(&["pdftotext", "pdfinfo"]) {
        return;
    }
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let dir = crate::documents::export(&ws, &["2026-001", "--all", "--format", "pdf"]);
    for stem in [
        "offer",
        "reply",
        "minutes-1",
        "minutes-2",
        "minutes-3",
        "opinion",
        "resolution",
        "contract",
        "note",
        "filing",
    ] {
        let f = dir.join(format!("{stem}.pdf"));
        let info =
            String::from_utf8(Command::new("pdfinfo").arg(&f).output().unwrap().stdout).unwrap();
        assert!(
            info.lines()
                .any(|l| l.starts_with("Page size:") && l.ends_with("595.28 x 841.89 pts (A4)")),
            "{stem}: {info}"
        );
        // Every page holds more than a stray line: besides the page number, at least two lines
        // of text (a paragraph's last line never stands alone at the head of a page).
        for (n, p) in pages(&f).iter().enumerate() {
            let body: Vec<&str> = p
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('—') && !l.contains("SHA-256"))
                .collect();
            assert!(body.len() >= 2, "{stem} page {}: {body:?}", n + 1);
        }
    }
    // The registration number was cut: `0417号` alone on page 3.
    let filing = pages(&dir.join("filing.pdf"));
    let last = filing.last().unwrap();
    assert!(
        joined(last).contains("受理日期：2026年5月28日登记编号：大人社集备〔2026〕0417号"),
        "{last}"
    );
    // The agreement's title breaks before the kind of agreement, on the title page and page 2.
    let contract = pages(&dir.join("contract.pdf"));
    for p in &contract[..2] {
        assert!(
            p.contains("大连华信精密机械有限公司2026年度\n工资专项集体合同\n"),
            "{p}"
        );
    }
    // Opening brackets never end a line and closing ones never start one, in tables too.
    for stem in ["note", "minutes-3", "filing", "contract"] {
        let t = pdftotext(&dir.join(format!("{stem}.pdf")));
        for l in t.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(
                !l.starts_with(['，', '。', '、', '；', '：', '）', '》', '】', '%']),
                "{stem}: {l:?}"
            );
            assert!(!l.ends_with(['（', '《', '【', '“']), "{stem}: {l:?}");
        }
    }
}

#[test]
fn the_text_of_more_papers_is_stable() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let dir = crate::documents::export(&ws, &["2026-001", "--all"]);
    for stem in ["contract", "note", "reply", "minutes-1", "minutes-3"] {
        let text = crate::documents::docx_text(&dir.join(format!("{stem}.docx")));
        insta::assert_snapshot!(format!("print_docx_{}", stem.replace('-', "_")), text);
    }
    // Blank forms of a new dossier.
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let dir = crate::documents::export(&ws, &[&id, "--all"]);
    for stem in [
        "offer",
        "reply",
        "minutes-1",
        "opinion",
        "resolution",
        "note",
        "filing",
    ] {
        let text = crate::documents::docx_text(&dir.join(format!("{stem}.docx")));
        insta::assert_snapshot!(format!("print_blank_docx_{}", stem.replace('-', "_")), text);
    }
    if need(&["pdftotext"]) {
        let pdf = crate::documents::export(&ws, &[&id, "note", "--format", "pdf"]);
        insta::assert_snapshot!("print_blank_pdf_note", pdftotext(&pdf));
        let ws = Ws::new();
        ws.ok(&["demo"]);
        let pdf = crate::documents::export(
            &ws,
            &["2026-001", "minutes", "--round", "3", "--format", "pdf"],
        );
        insta::assert_snapshot!("print_pdf_minutes_3", pdftotext(&pdf));
    }
}

#[test]
fn the_english_listing_of_the_papers_is_english_only() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let out = ws.dir.path().join("all");
    let o = ws.run(&[
        "export",
        "2026-001",
        "--all",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let stdout = String::from_utf8(o.stdout).unwrap();
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stdout.contains("request: "), "{stdout}");
    assert!(stdout.contains("minutes of round 2: "), "{stdout}");
    for l in stdout.lines().chain(stderr.lines()) {
        assert!(
            !l.chars().any(|c| ('\u{3000}'..='\u{9fff}').contains(&c)
                || ('\u{ff00}'..='\u{ffef}').contains(&c)),
            "{l}"
        );
    }
}

/// The Dossier screen's question names the characters the PDF cannot print, like the blanks.
#[test]
fn the_dossier_screens_question_names_the_characters_no_font_has() {
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, App, Effect, Event, Screen, update};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;

    let (ws, id) = rare_names();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let mut s = StoreServices::new(ws.root(), Lang::En, today);
    let mut app = App::new(Lang::En, today);
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    let _ = update(&mut app, Action::Worker(Event::Opened(l)));
    app.screen = Screen::Dossier;
    app.dossier.step = 0;
    let fx = update(&mut app, Action::Key(Key::Char('p')));
    let [effect @ Effect::PrepareExport { .. }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let ev = s.handle(effect.clone()).unwrap();
    let _ = update(&mut app, Action::Worker(ev));
    let screen = crate::ui_support::render(&app, 160, 40);
    assert!(
        screen.contains("request: no font for 😀 (U+1F600)"),
        "{screen}"
    );
}

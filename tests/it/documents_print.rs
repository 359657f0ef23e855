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

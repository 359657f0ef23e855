//! The TUI's draft import (the Draft screen's `I`) tells the user what the CLI's
//! `draft ID --from FILE` tells: the table of contents left out, every renumbering, each
//! author's tracked changes — listed in a window that stays until dismissed, in the user's
//! language, from the same service result the CLI prints. Driven end to end: keys into the real
//! app, its effects through the worker's services on a real workspace, the answer back into the
//! app, the screen drawn on a `TestBackend`.

use crate::common::Ws;
use crate::ui_support::{keys, render, type_str};
use crate::word::{LAWYER, UNION, body, document, docx};
use std::path::{Path, PathBuf};
use xieshang::app::keymap::Key;
use xieshang::app::{Action, App, Effect, Event, Modal, update};
use xieshang::i18n::Lang;
use xieshang::service::NewDossier;
use xieshang::ui::store_services::StoreServices;
use xieshang::ui::worker::Services;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()
}

/// A contract as text: a table of contents after the title, and 第四条 after 第二条 (a gap).
const GAP_AND_TOC: &str = "大连某某机械有限公司2026年度工资专项集体合同

目录
第一章 总则 ........ 1
第二章 工资水平 ........ 2

第一章 总则
第一条 为建立正常的工资增长机制，订立本合同。
第二条 本合同适用于企业全体职工。
第二章 工资水平
第四条 2026年度职工月平均工资增长5%。
第五条 企业最低工资标准不低于2100元。
";

/// A workspace with one wage dossier, opened in an app on its Draft screen, in `lang`.
fn session(dir: &Path, lang: Lang) -> (StoreServices, App) {
    let root = dir.join("sessions");
    std::fs::create_dir_all(&root).unwrap();
    let mut s = StoreServices::new(root, lang, today());
    let d = NewDossier {
        kind: "wage".into(),
        enterprise: "大连某某机械有限公司".into(),
        ..NewDossier::default()
    };
    let Some(Event::Created { id }) = s.handle(Effect::Create(Box::new(d))) else {
        panic!("not created")
    };
    let mut app = App::new(lang, today());
    let ev = s.handle(Effect::OpenDossier(id)).unwrap();
    let effects = update(&mut app, Action::Worker(ev));
    run(&mut s, &mut app, effects);
    keys(&mut app, &[Key::Char('d')]);
    (s, app)
}

/// Hands `effects` to the worker's services and each answer back to the app, until quiet.
fn run(s: &mut StoreServices, app: &mut App, mut effects: Vec<Effect>) {
    while let Some(e) = effects.pop() {
        if let Some(ev) = s.handle(e) {
            effects.extend(update(app, Action::Worker(ev)));
        }
    }
}

/// Imports `file` through the Draft screen's form (tracked changes accepted, the default).
fn import(s: &mut StoreServices, app: &mut App, file: &Path) {
    keys(app, &[Key::Char('I')]);
    type_str(app, file.to_str().unwrap());
    let effects = keys(app, &[Key::Enter]);
    assert!(
        matches!(&effects[..], [Effect::ImportDraft { both: false, .. }]),
        "{effects:?}"
    );
    run(s, app, effects);
}

/// The notes the open window lists.
fn notes(app: &App) -> Vec<String> {
    match app.modal() {
        Some(Modal::Notice(n)) => n.lines.clone(),
        other => panic!("no notes shown: {other:?}"),
    }
}

/// The CLI's stderr for `draft ID --from file` in `lang` on a fresh workspace.
fn cli_stderr(file: &Path, lang: &str) -> String {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let o = ws
        .command(lang, "2026-03-20")
        .args(["draft", &id, "--from", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stderr).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let f = dir.join(name);
    std::fs::write(&f, bytes).unwrap();
    f
}

#[test]
fn a_text_with_a_gap_and_a_table_of_contents_lists_both_notes_in_both_languages() {
    for (lang, code, expected) in [
        (
            Lang::ZhCn,
            "zh-CN",
            [
                "目录（3 段）未导入：目录条目只是重复章、条标题和页码",
                "第 11 行第 1 列：第四条 接在 第二条 之后，已重新编号为 第三条——引用原编号的地方没有改写，请逐一核对",
            ],
        ),
        (
            Lang::En,
            "en",
            [
                "the table of contents (3 paragraphs) was left out: its entries repeat the chapter and clause headings with page numbers",
                "line 11, column 1: 第四条 follows 第二条: renumbered 第三条 — references to the old numbers were not rewritten, check them",
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "合同.txt", GAP_AND_TOC.as_bytes());
        let (mut s, mut app) = session(dir.path(), lang);
        import(&mut s, &mut app, &file);
        assert_eq!(notes(&app), expected);
        // The CLI prints the same notes, word for word.
        let err = cli_stderr(&file, code);
        for n in expected {
            assert!(err.contains(&format!("{n}\n")), "{err}");
        }
        // The table of contents is not in the draft; the clauses are numbered in order.
        let c = app.open.as_ref().unwrap().contract.as_ref().unwrap();
        assert_eq!(c.clause_count(), 4);
        let text = xieshang::contract::render::render(c);
        assert!(!text.contains("目录"), "{text}");
        assert!(
            text.contains("第三条 2026年度职工月平均工资增长5%。"),
            "{text}"
        );
        insta::assert_snapshot!(
            format!("tui_import_text_{}", code.replace('-', "_")),
            render(&app, 80, 24)
        );
        // The notes stay through a stray key and go with Enter, the imported draft underneath.
        keys(&mut app, &[Key::Char('x')]);
        assert_eq!(notes(&app), expected);
        keys(&mut app, &[Key::Enter]);
        assert!(app.modals.is_empty());
    }
}

#[test]
fn a_word_file_with_tracked_changes_lists_each_authors_changes_in_both_languages() {
    for (lang, code, expected) in [
        (
            Lang::ZhCn,
            "zh-CN",
            [
                format!("{LAWYER} 的修订：插入 1 处，删除 1 处"),
                format!("{UNION} 的修订：插入 1 处，删除 1 处"),
                "所有修订均已接受；如需将修订前的文本记为上一版本，请重新导入并将“修订”选为“修订前后记为两个版本”".to_string(),
            ],
        ),
        (
            Lang::En,
            "en",
            [
                format!("tracked changes by {LAWYER}: 1 insertion, 1 deletion"),
                format!("tracked changes by {UNION}: 1 insertion, 1 deletion"),
                "all tracked changes were accepted; import again with Tracked changes set to “before and after, as two versions” to keep the text before them as the previous version".to_string(),
            ],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "修订稿.docx", &docx(&document(&body())));
        let (mut s, mut app) = session(dir.path(), lang);
        import(&mut s, &mut app, &file);
        assert_eq!(notes(&app), expected);
        // The CLI prints the authors' lines word for word; the hint is each shell's own (the
        // CLI's names `--tracked both`).
        let err = cli_stderr(&file, code);
        for n in &expected[..2] {
            assert!(err.contains(&format!("{n}\n")), "{err}");
        }
        assert!(err.contains("--tracked both"), "{err}");
        insta::assert_snapshot!(
            format!("tui_import_docx_{}", code.replace('-', "_")),
            render(&app, 80, 24)
        );
    }
}

/// A list longer than the window scrolls a note at a time, and the bottom border says which
/// notes are in view.
#[test]
fn a_long_list_of_notes_scrolls_and_says_where_it_is() {
    let mut text = String::from("合同\n");
    // Every clause number jumps by two: each is a new renumbering, one note each.
    for i in 0..12u32 {
        let n = xieshang::contract::numerals::to_chinese(1 + i * 3);
        text.push_str(&format!("第{n}条 第{}项约定。\n", i + 1));
    }
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "跳号.txt", text.as_bytes());
    let (mut s, mut app) = session(dir.path(), Lang::ZhCn);
    import(&mut s, &mut app, &file);
    assert_eq!(notes(&app).len(), 11);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("第 1–"), "{screen}");
    assert!(screen.contains("条，共 11 条"), "{screen}");
    keys(&mut app, &[Key::End]);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("第 11–11 条，共 11 条"), "{screen}");
    assert!(
        screen.contains("第三十四条 接在 第三十一条 之后"),
        "{screen}"
    );
    keys(&mut app, &[Key::Esc]);
    assert!(app.modals.is_empty());
}

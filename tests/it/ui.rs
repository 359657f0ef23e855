//! Snapshot tests of every screen, in both languages and two sizes, plus overlays, hostile and
//! CJK-heavy content, tiny terminals, and a property test that no control or bidi character ever
//! reaches a cell.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ui_support::*;
use proptest::prelude::*;
use xieshang::app::form::{Form, FormKind};
use xieshang::app::keymap::Key;
use xieshang::app::{Action, Modal, Screen, update};
use xieshang::i18n::Lang;

const NAME: &str = "大连海辰机械制造有限公司";
const SCREENS: [(Screen, &str); 5] = [
    (Screen::Home, "home"),
    (Screen::Dossier, "dossier"),
    (Screen::Table, "table"),
    (Screen::Draft, "draft"),
    (Screen::Diff, "diff"),
];

#[test]
fn every_screen_in_both_languages_and_sizes() {
    for (screen, name) in SCREENS {
        for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
            for (w, h) in [(80, 24), (120, 40)] {
                let app = app_on(screen, lang, NAME);
                let text = render(&app, w, h);
                insta::assert_snapshot!(format!("{name}_{code}_{w}x{h}"), text);
            }
        }
    }
}

#[test]
fn overlays() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    app.push_modal(Modal::Help);
    insta::assert_snapshot!("help_table_zh", render(&app, 80, 30));
    let mut app = app_on(Screen::Draft, Lang::En, NAME);
    app.push_modal(Modal::Help);
    insta::assert_snapshot!("help_draft_en_80x24", render(&app, 80, 24));

    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    let _ = update(&mut app, Action::Key(Key::Char('e')));
    insta::assert_snapshot!("form_open_round_en", render(&app, 80, 24));

    // An invalid congress vote: the message from `record` sits next to the field it names.
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 6;
    let _ = update(&mut app, Action::Key(Key::Char('e')));
    for (field, value) in [(0, "2026-04-18"), (1, "100"), (2, "120"), (3, "50")] {
        if let Some(Modal::Form(f)) = app.modals.last_mut() {
            f.fields[field].value = value.into();
        }
    }
    let effects = update(&mut app, Action::Key(Key::Enter));
    assert!(effects.is_empty(), "nothing invalid is saved");
    insta::assert_snapshot!("form_congress_invalid_zh", render(&app, 80, 24));

    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    let _ = update(&mut app, Action::Key(Key::Char('x')));
    insta::assert_snapshot!("confirm_delete_clause_zh", render(&app, 80, 24));

    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    let _ = update(&mut app, Action::Key(Key::Enter));
    insta::assert_snapshot!("editor_zh", render(&app, 80, 24));

    let mut app = app_on(Screen::Diff, Lang::En, NAME);
    app.diff.side_by_side = true;
    insta::assert_snapshot!("diff_side_by_side_en", render(&app, 120, 40));
    app.diff.clause = 1;
    let text = render(&app, 120, 40);
    // Wrapped as Chinese is (禁则): `基数。` together, no line starting with `。`.
    assert!(
        text.contains("│加班工资以本人上月基本工资为计算基  │"),
        "{text}"
    );
    assert!(text.contains("│数。 "), "{text}");
    insta::assert_snapshot!("diff_side_by_side_inserted_en", text);
}

#[test]
fn home_filter_and_wizard() {
    let mut app = app_on(Screen::Home, Lang::ZhCn, NAME);
    for k in [Key::Char('/'), Key::Char('沈')] {
        let _ = update(&mut app, Action::Key(k));
    }
    insta::assert_snapshot!("home_filtered_zh", render(&app, 80, 24));
    let _ = update(&mut app, Action::Key(Key::Esc));
    let _ = update(&mut app, Action::Key(Key::Char('n')));
    insta::assert_snapshot!("wizard_zh", render(&app, 80, 24));
}

#[test]
fn tiny_terminals_never_panic() {
    for (screen, _) in SCREENS {
        for (w, h) in [
            (40, 12),
            (39, 12),
            (40, 11),
            (1, 1),
            (0, 0),
            (41, 13),
            (200, 60),
        ] {
            let app = app_on(screen, Lang::ZhCn, NAME);
            let _ = render(&app, w, h);
        }
    }
    let app = app_on(Screen::Home, Lang::ZhCn, NAME);
    insta::assert_snapshot!("too_small_zh", render(&app, 39, 11));
    let app = app_on(Screen::Table, Lang::En, NAME);
    insta::assert_snapshot!("table_en_40x12", render(&app, 40, 12));
}

const HOSTILE: &str = "恶意\u{1b}[2J\u{1b}]0;pwned\u{7}公司\u{202e}%8\u{2066}x\u{2069}\u{200b}\u{9b}31m\u{85}\r\n换行\t制表";

#[test]
fn hostile_and_cjk_heavy_content() {
    for (screen, name) in SCREENS {
        let app = app_on(screen, Lang::ZhCn, HOSTILE);
        let text = render(&app, 80, 24);
        assert!(
            !text.chars().any(xieshang::text::is_forbidden),
            "{name}: {text}"
        );
        insta::assert_snapshot!(format!("hostile_{name}"), text);
    }
    let long = "职工代表大会".repeat(30);
    let app = app_on(Screen::Draft, Lang::ZhCn, &long);
    let text = render(&app, 80, 24);
    assert!(
        text.lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80)
    );
}

fn poison(app: &mut xieshang::app::App, s: &str) {
    let Some(l) = app.open.as_mut() else { return };
    let d = &mut l.dossier;
    d.enterprise.name = s.into();
    if let Some(r) = d.representatives.first_mut() {
        r.name = s.into();
        r.post = Some(s.into());
    }
    d.recorder = Some(s.into());
    if let Some(round) = d.rounds.last_mut() {
        round.notes = s.into();
        round.place = Some(s.into());
        if let Some(i) = round.issues.first_mut() {
            i.key = s.into();
            i.workers = Some(s.into());
            i.employer = Some(s.into());
        }
    }
    if let Some(c) = l.contract.as_mut() {
        c.title = s.into();
        c.chapters[0].title = Some(s.into());
        c.chapters[0].clauses[0].blocks = vec![xieshang::contract::Block::Paragraph(s.into())];
    }
    for f in &mut l.analysis.findings {
        f.message = s.into();
        f.citation = s.into();
    }
    l.analysis.deadlines = crate::ui_support::analysis().deadlines;
    for d in &mut l.analysis.deadlines {
        d.what = s.into();
    }
    for row in &mut app.home.rows {
        row.enterprise = s.into();
    }
    for v in &mut app.diff.versions {
        v.message = s.into();
        v.tags.push(s.into());
    }
    if let Some(v) = app.diff.view.as_mut() {
        v.terms[0].new = Some(s.into());
        v.clauses[0].inline[1].1 = s.into();
        v.clauses[0].new_label = Some(s.into());
    }
}

fn hostile_string() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}".to_string()),
        Just("\u{2066}\u{2067}\u{2068}\u{2069}".to_string()),
        Just("\u{200b}\u{200c}\u{200d}\u{feff}".to_string()),
        Just("\u{80}\u{85}\u{9f}".to_string()),
        Just("工资集体协商".to_string()),
        Just("\r\n\t".to_string()),
        "[a-z ]{0,300}".prop_map(|s| s),
    ];
    proptest::collection::vec(pieces, 0..20).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn no_cell_holds_a_control_or_bidi_character(s in hostile_string(), screen in 0usize..5, modal in 0usize..6) {
        let mut app = app_on(SCREENS[screen].0, Lang::ZhCn, NAME);
        poison(&mut app, &s);
        match modal {
            1 => app.push_modal(Modal::Help),
            2 => {
                let mut f = Form::open(FormKind::Notes, None, day(TODAY), Some(&s));
                f.fields[0].value = s.clone();
                f.fields[0].cursor = s.chars().count() / 2;
                f.error = Some((Some(0), s.clone()));
                app.push_modal(Modal::Form(f));
            }
            3 => app.flash = Some(xieshang::app::Flash { error: true, text: s.clone() }),
            4 => app.push_modal(Modal::Editor(xieshang::app::new_editor(xieshang::app::EditTarget::Clause(0), &s))),
            5 => app.push_modal(Modal::Confirm(xieshang::app::Confirm { message: s.clone(), pending: xieshang::app::Pending::FromTemplate })),
            _ => {}
        }
        for (w, h) in [(80, 24), (43, 13)] {
            let backend = ratatui::backend::TestBackend::new(w, h);
            let mut t = ratatui::Terminal::new(backend).unwrap();
            t.draw(|f| xieshang::ui::draw(f, &app)).unwrap();
            for cell in t.backend().buffer().content() {
                prop_assert!(!cell.symbol().chars().any(|c| xieshang::text::is_forbidden(c) || c.is_control()),
                    "cell {:?}", cell.symbol());
            }
        }
    }
}

#[test]
fn every_step_of_the_dossier() {
    for (i, step) in xieshang::domain::procedure::Step::ALL.iter().enumerate() {
        let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
        app.dossier.step = i;
        app.pane = 1;
        insta::assert_snapshot!(
            format!("step_{:02}_{}", i + 1, step.key()),
            render(&app, 100, 30)
        );
    }
}

#[test]
fn home_scrolls_to_the_selection_among_many() {
    let mut app = app_on(Screen::Home, Lang::ZhCn, NAME);
    let base = app.home.rows[0].clone();
    app.home.rows = (0..1000)
        .map(|i| xieshang::app::view::Summary {
            id: format!("d{i:04}"),
            enterprise: format!("大连第{i}机械制造有限公司"),
            ..base.clone()
        })
        .collect();
    app.home.selected = 500;
    let text = render(&app, 80, 24);
    assert!(text.contains("大连第500机械"), "{text}");
    insta::assert_snapshot!("home_1000_selected_500", text);
    // A click lands on the row shown there, not on the row of that index from the top.
    let size = ratatui::layout::Rect::new(0, 0, 80, 24);
    let a = xieshang::ui::click(&app, size, 5, 5).unwrap();
    let _ = xieshang::app::update(&mut app, a);
    assert!(app.home.selected > 400, "{}", app.home.selected);
}

/// No cell of `text` holds a control, escape or bidi character, and no line is wider than `w`.
fn assert_clean(text: &str, w: usize) {
    assert!(
        !text
            .chars()
            .any(|c| xieshang::text::is_forbidden(c) || (c.is_control() && c != '\n')),
        "{text}"
    );
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= w,
            "too wide: {line}"
        );
    }
}

#[test]
fn inbox_in_both_languages_and_sizes() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let app = inbox_app(lang);
            let text = render(&app, w, h);
            assert_clean(&text, usize::from(w));
            assert!(!text.contains("pwned\u{7}"), "{text}");
            insta::assert_snapshot!(format!("inbox_{code}_{w}x{h}"), text);
        }
    }
    // The hostile row selected: its detail box below the table is clean too.
    let mut app = inbox_app(Lang::ZhCn);
    let at = app
        .inbox
        .visible()
        .iter()
        .position(|r| r.enterprise == HOSTILE_ENTERPRISE)
        .unwrap();
    app.inbox.selected = at;
    let text = render(&app, 80, 24);
    assert_clean(&text, 80);
    insta::assert_snapshot!("inbox_hostile_selected_zh", text);
}

#[test]
fn inbox_sorted_filtered_and_empty() {
    let mut app = inbox_app(Lang::En);
    for k in [Key::Char('s'), Key::Char('f'), Key::Char('f')] {
        let _ = update(&mut app, Action::Key(k));
    }
    let text = render(&app, 120, 40);
    assert!(
        text.contains("sort: received last · showing: decided"),
        "{text}"
    );
    insta::assert_snapshot!("inbox_received_decided_en", text);

    let mut app = inbox_app(Lang::ZhCn);
    app.inbox.rows.clear();
    app.inbox.selected = 0;
    insta::assert_snapshot!("inbox_empty_zh", render(&app, 80, 24));
    let mut app = inbox_app(Lang::En);
    app.inbox.rows.clear();
    insta::assert_snapshot!("inbox_empty_en", render(&app, 80, 24));
    // Tiny terminals never panic.
    for (w, h) in [(40, 12), (41, 13), (60, 15), (200, 60)] {
        let text = render(&inbox_app(Lang::ZhCn), w, h);
        assert_clean(&text, usize::from(w));
    }
}

#[test]
fn home_says_which_union_the_workspace_is_and_the_union_form() {
    let mut app = app_on(Screen::Home, Lang::En, NAME);
    app.identity_known = true;
    let text = render(&app, 80, 24);
    assert!(text.contains("no union set (U sets it)"), "{text}");
    insta::assert_snapshot!("home_no_union_en", text);

    let mut app = app_on(Screen::Home, Lang::ZhCn, NAME);
    let _ = update(
        &mut app,
        Action::Worker(xieshang::app::Event::Identity {
            identity: Some(
                xieshang::domain::Identity::parse(
                    "大连市甘井子区总工会",
                    "210211",
                    "王建国",
                    "both",
                )
                .unwrap(),
            ),
            changed: false,
        }),
    );
    let text = render(&app, 80, 24);
    assert!(
        text.contains("本工会：大连市甘井子区总工会（210211）"),
        "{text}"
    );
    insta::assert_snapshot!("home_union_zh", text);
    let _ = update(&mut app, Action::Key(Key::Char('U')));
    insta::assert_snapshot!("form_union_zh", render(&app, 80, 24));

    let mut app = app_on(Screen::Home, Lang::ZhCn, NAME);
    app.push_modal(Modal::Help);
    let text = render(&app, 80, 24);
    assert!(
        text.contains("I 预审收件箱") && text.contains("U 设置本工会"),
        "{text}"
    );
}

#[test]
fn the_prereview_step_follows_each_opinion_through() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Dossier, lang, NAME);
        with_prereview(app.open.as_mut().unwrap());
        app.dossier.step = 5;
        app.pane = 1;
        let text = render(&app, 100, 30);
        assert_clean(&text, 100);
        insta::assert_snapshot!(format!("step_06_prereview_followthrough_{code}"), text);
    }
    // Hostile opinion, answer and union name: nothing raw on screen.
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    let l = app.open.as_mut().unwrap();
    with_prereview(l);
    let pr = &mut l.dossier.prereviews.reviews[0];
    pr.union.as_mut().unwrap().name = HOSTILE.into();
    pr.reviewer = Some(HOSTILE.into());
    pr.opinions[0].text = HOSTILE.into();
    l.followthrough[1].answer = Some(HOSTILE.into());
    l.dossier.answers[0].text = HOSTILE.into();
    app.dossier.step = 5;
    assert_clean(&render(&app, 80, 24), 80);
}

#[test]
fn the_draft_shows_opinions_beside_their_clauses() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut app = app_on(Screen::Draft, lang, NAME);
            with_prereview(app.open.as_mut().unwrap());
            let text = render(&app, w, h);
            assert_clean(&text, usize::from(w));
            insta::assert_snapshot!(format!("draft_opinions_{code}_{w}x{h}"), text);
        }
    }
    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    let l = app.open.as_mut().unwrap();
    with_prereview(l);
    l.followthrough[0].opinion = HOSTILE.into();
    l.followthrough[1].answer = Some(HOSTILE.into());
    assert_clean(&render(&app, 80, 24), 80);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// What another union sends — names, opinions, answers, a reviewer — never puts a control or
    /// bidi character in a cell of the Inbox, the Draft's opinions or the pre-review step.
    #[test]
    fn nothing_received_reaches_a_cell_raw(s in hostile_string(), screen in 0usize..3) {
        let mut app = match screen {
            0 => inbox_app(Lang::ZhCn),
            1 => app_on(Screen::Draft, Lang::ZhCn, NAME),
            _ => app_on(Screen::Dossier, Lang::En, NAME),
        };
        for r in &mut app.inbox.rows {
            r.enterprise = s.clone();
            r.union_name = s.clone();
            r.key = format!("210211/{s}");
            if r.problem.is_some() {
                r.problem = Some(s.clone());
            }
        }
        if let Some(l) = app.open.as_mut() {
            with_prereview(l);
            let pr = &mut l.dossier.prereviews.reviews[0];
            pr.union.as_mut().unwrap().name = s.clone();
            pr.reviewer = Some(s.clone());
            pr.opinions[1].text = s.clone();
            pr.opinions[2].clause = s.clone();
            l.dossier.answers[0].text = s.clone();
            l.standing.received_from = Some(s.clone());
            for f in &mut l.followthrough {
                f.opinion = s.clone();
                f.answer = Some(s.clone());
            }
        }
        app.dossier.step = 5;
        for (w, h) in [(80, 24), (43, 13), (120, 40)] {
            let backend = ratatui::backend::TestBackend::new(w, h);
            let mut t = ratatui::Terminal::new(backend).unwrap();
            t.draw(|f| xieshang::ui::draw(f, &app)).unwrap();
            for cell in t.backend().buffer().content() {
                prop_assert!(!cell.symbol().chars().any(|c| xieshang::text::is_forbidden(c) || c.is_control()),
                    "cell {:?}", cell.symbol());
            }
        }
    }
}

#[test]
fn the_answer_form_and_a_received_dossier() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    with_prereview(app.open.as_mut().unwrap());
    app.dossier.step = 5;
    let _ = update(&mut app, Action::Key(Key::Char('a')));
    insta::assert_snapshot!("form_answer_zh", render(&app, 80, 24));

    // Received: the title says from whom, and a form of another step says why it does not open.
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    let l = app.open.as_mut().unwrap();
    with_prereview(l);
    l.standing.received_from = Some("210211".into());
    app.dossier.step = 1;
    let _ = update(&mut app, Action::Key(Key::Char('e')));
    let text = render(&app, 100, 30);
    assert!(text.contains("[received from 210211]"), "{text}");
    insta::assert_snapshot!("received_dossier_refuses_en", text);
}

/// The draft against its template: the pair named in the user's language where the versions
/// and the clause changes are titled, and no version marked.
#[test]
fn the_diff_against_the_template_and_the_previous_agreement() {
    use xieshang::service::against::Against;
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Diff, lang, NAME);
        let mut view = diff_view();
        view.terms.clear();
        view.old_label = "wage".into();
        view.new_label = "HEAD".into();
        app.diff.view = Some(view);
        app.diff.against = Some(Against::Template);
        app.diff.asked = Some(Against::Template);
        let text = render(&app, 80, 24);
        assert!(!text.contains("B "), "no version is marked: {text}");
        insta::assert_snapshot!(format!("diff_against_template_{code}"), text);
    }
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    if let Some(v) = app.diff.view.as_mut() {
        v.old_label = "210211/2025-003\u{1b}[2J".into();
    }
    app.diff.against = Some(Against::Previous);
    let text = render(&app, 120, 40);
    assert_clean(&text, 120);
    assert!(
        text.contains("╭210211/2025-003 签订文本 → 当前草案─"),
        "{text}"
    );
    // Nothing compared yet: the hint names the keys the table binds.
    let mut app = app_on(Screen::Diff, Lang::En, NAME);
    app.diff.view = None;
    let text = render(&app, 120, 40);
    assert!(text.contains("with Enter; T compares the draft"), "{text}");
    assert!(
        text.contains("template, A with the previous agreement."),
        "{text}"
    );
}

/// The exchange forms, in both languages: a remote (with a refused address at its field), the
/// bundle file to write, the bundle file to take in.
#[test]
fn the_remote_bundle_and_import_forms() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Dossier, lang, NAME);
        let _ = update(&mut app, Action::Key(Key::Char('R')));
        for c in "ext::sh".chars() {
            let _ = update(&mut app, Action::Key(Key::Char(c)));
        }
        let _ = update(&mut app, Action::Key(Key::Enter));
        insta::assert_snapshot!(format!("form_remote_{code}"), render(&app, 80, 24));

        let mut app = app_on(Screen::Dossier, lang, NAME);
        let _ = update(&mut app, Action::Key(Key::Char('B')));
        insta::assert_snapshot!(format!("form_bundle_{code}"), render(&app, 80, 24));

        let mut app = app_on(Screen::Home, lang, NAME);
        let _ = update(&mut app, Action::Key(Key::Char('B')));
        insta::assert_snapshot!(format!("form_import_{code}"), render(&app, 80, 24));
    }
}

/// `?` lists the exchange and comparison keys, from the keymap.
#[test]
fn help_lists_the_exchange_and_comparison_keys() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.push_modal(Modal::Help);
    let text = render(&app, 100, 40);
    for want in [
        "P 发送档案到远程仓库",
        "F 从远程仓库接收并合并",
        "R 添加远程仓库",
        "B 将档案写入包文件",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    insta::assert_snapshot!("help_dossier_zh", text);
    let mut app = app_on(Screen::Diff, Lang::En, NAME);
    app.push_modal(Modal::Help);
    let text = render(&app, 100, 30);
    assert!(
        text.contains("T compare the draft with its template"),
        "{text}"
    );
    assert!(
        text.contains("A compare the draft with the previous agreement"),
        "{text}"
    );
    let mut app = inbox_app(Lang::En);
    app.push_modal(Modal::Help);
    let text = render(&app, 100, 30);
    for want in [
        "P send the selected",
        "F receive the selected",
        "B take in a bundle",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}

/// The cells of `buf` styled as a search hit, as text (row by row, wide characters once).
fn hit_cells(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.bg == ratatui::style::Color::Yellow && c.fg == ratatui::style::Color::Black {
                out.push_str(c.symbol());
            }
        }
        out.push('\n');
    }
    out
}

fn render_buffer(app: &xieshang::app::App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| xieshang::ui::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

/// The Archive's three tabs in both languages and sizes, from a search for 津贴 whose answer
/// holds escape sequences, a right-to-left override and very long CJK names: nothing raw on
/// screen, nothing wider than the terminal, the hit marked by style (not brackets).
#[test]
fn the_archive_in_both_languages_and_sizes() {
    use xieshang::app::ArchiveTab;
    for tab in ArchiveTab::ALL {
        for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
            for (w, h) in [(80, 24), (120, 40)] {
                let app = archive_app(lang, tab);
                let text = render(&app, w, h);
                assert_clean(&text, usize::from(w));
                assert!(!text.contains("pwned") && !text.contains('【'), "{text}");
                insta::assert_snapshot!(format!("archive_{}_{code}_{w}x{h}", tab.key()), text);
            }
        }
    }
    // The hit is marked by style in the clause lines and in the selected clause in full.
    let app = archive_app(Lang::ZhCn, ArchiveTab::Search);
    let hits = hit_cells(&render_buffer(&app, 120, 40));
    assert!(
        hits.lines().filter(|l| l.contains("津贴")).count() >= 5,
        "{hits}"
    );
    assert!(
        hits.lines()
            .all(|l| l.is_empty() || l.chars().all(|c| "津贴".contains(c))),
        "{hits}"
    );
}

#[test]
fn the_archive_shows_hostile_and_long_agreements_and_who_falls_short() {
    use xieshang::app::ArchiveTab;
    use xieshang::service::coverage::GroupBy;
    // The received agreement (escape sequences, U+202E), then the unsigned one with a very
    // long CJK name and clause.
    for (at, name) in [(1, "received_hostile"), (2, "long_cjk")] {
        let mut app = archive_app(Lang::ZhCn, ArchiveTab::Search);
        app.archive.search.selected = at;
        let text = render(&app, 80, 24);
        assert_clean(&text, 80);
        insta::assert_snapshot!(format!("archive_search_{name}_zh"), text);
    }
    let mut app = archive_app(Lang::ZhCn, ArchiveTab::Search);
    app.archive.search.selected = 1;
    let text = render(&app, 80, 24);
    assert!(
        text.contains("恶意公司嘀嗒 换行 · 210213001/2026-002"),
        "{text}"
    );
    assert!(text.contains("职工夜班津贴每班80元"), "{text}");

    // Who falls short of the selected figure, the figures grouped by district.
    let mut app = archive_app(Lang::En, ArchiveTab::Stats);
    let _ = update(&mut app, Action::Key(Key::Char('l')));
    let text = render(&app, 80, 24);
    assert_clean(&text, 80);
    assert!(text.contains("· 沈阳华工化学股份有限公司"), "{text}");
    insta::assert_snapshot!("archive_stats_short_en", text);
    let _ = update(&mut app, Action::Key(Key::Char('b')));
    let _ = update(
        &mut app,
        Action::Worker(xieshang::app::Event::Coverage(Box::new(coverage(
            GroupBy::Region,
        )))),
    );
    for _ in 0..6 {
        let _ = update(&mut app, Action::Key(Key::Down));
    }
    let text = render(&app, 120, 40);
    assert_clean(&text, 120);
    assert!(
        text.contains("grouped by: region") && text.contains("210213 金州区"),
        "{text}"
    );
    insta::assert_snapshot!("archive_stats_by_region_en", text);
}

#[test]
fn home_counts_what_is_due_and_the_archive_keys_are_in_help() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Home, lang, NAME);
        let _ = update(
            &mut app,
            Action::Worker(xieshang::app::Event::Due(due_items())),
        );
        let text = render(&app, 80, 24);
        let want = if lang == Lang::ZhCn {
            "到期事项 4（逾期 1 项）"
        } else {
            "4 due (1 overdue)"
        };
        assert!(text.contains(want), "{text}");
        insta::assert_snapshot!(format!("home_due_{code}"), text);
    }
    let mut app = archive_app(Lang::ZhCn, xieshang::app::ArchiveTab::Search);
    app.push_modal(Modal::Help);
    let text = render(&app, 120, 40);
    for want in [
        "Ctrl-S 状态：全部",
        "Ctrl-T 类型：全部",
        "←/→ 上一条/下一条命中条款",
        "Tab 下一个标签页",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    let mut app = archive_app(Lang::En, xieshang::app::ArchiveTab::Stats);
    app.push_modal(Modal::Help);
    let text = render(&app, 100, 30);
    assert!(text.contains("l show or hide who falls short"), "{text}");
    assert!(
        text.contains("b group by: all, region, industry, year"),
        "{text}"
    );
}

#[test]
fn the_archive_in_tiny_terminals_and_when_empty() {
    use xieshang::app::ArchiveTab;
    for tab in ArchiveTab::ALL {
        for (w, h) in [(40, 12), (41, 13), (60, 15), (79, 23), (200, 60)] {
            let text = render(&archive_app(Lang::ZhCn, tab), w, h);
            assert_clean(&text, usize::from(w));
        }
    }
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = archive_app(lang, ArchiveTab::Search);
        let _ = update(&mut app, Action::Key(Key::Char('鑫')));
        let _ = update(
            &mut app,
            Action::Worker(xieshang::app::Event::ArchiveHits(Vec::new(), 0)),
        );
        let text = render(&app, 80, 24);
        assert!(
            text.contains(if lang == Lang::ZhCn {
                "未找到"
            } else {
                "no agreement found"
            }),
            "{text}"
        );
        insta::assert_snapshot!(format!("archive_search_none_{code}"), text);
    }
    let mut app = archive_app(Lang::En, ArchiveTab::Due);
    let _ = update(
        &mut app,
        Action::Worker(xieshang::app::Event::Due(Vec::new())),
    );
    assert!(render(&app, 80, 24).contains("nothing due within 90 days"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Whatever an indexed agreement holds — names, clauses, chapters, allowances, what is due,
    /// who falls short — no control or bidi character reaches a cell of the Archive.
    #[test]
    fn nothing_in_the_archive_reaches_a_cell_raw(s in hostile_string(), tab in 0usize..3, at in 0usize..4) {
        use xieshang::app::ArchiveTab;
        let mut app = archive_app(Lang::ZhCn, ArchiveTab::ALL[tab]);
        for h in &mut app.archive.search.hits {
            h.row.enterprise = s.clone();
            h.row.key = format!("210211/{s}");
            h.row.industry = Some(s.clone());
            h.row.expiry = Some(s.clone());
            h.row.allowances.push((s.clone(), 100));
            for c in &mut h.clauses {
                c.text = format!("{s}津贴{s}");
                c.chapter = Some(s.clone());
                c.label = s.clone();
            }
        }
        app.archive.search.selected = at;
        app.archive.search.query = s.clone();
        for d in &mut app.archive.due.rows {
            d.enterprise = s.clone();
            d.deadline.what = s.clone();
        }
        if let Some(c) = app.archive.stats.coverage.as_mut() {
            for g in &mut c.groups {
                g.group = s.clone();
                for f in &mut g.figures {
                    f.short.push(s.clone());
                }
            }
        }
        app.archive.stats.short = true;
        for (w, h) in [(80, 24), (43, 13), (120, 40)] {
            let buf = render_buffer(&app, w, h);
            for cell in buf.content() {
                prop_assert!(!cell.symbol().chars().any(|c| xieshang::text::is_forbidden(c) || c.is_control()),
                    "cell {:?}", cell.symbol());
            }
        }
    }
}

/// A position typed at the table is costed at once: the form's value, not yet saved, shows its
/// monthly and yearly cost and the gap to the other side in the costing pane.
#[test]
fn a_typed_position_shows_its_cost_and_the_gap() {
    use xieshang::domain::Side;
    use xieshang::domain::costing::CostingData;
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        for (w, h) in [(120, 40), (80, 24)] {
            let mut app = app_on(Screen::Table, lang, NAME);
            let l = app.open.as_mut().unwrap();
            l.dossier.preparation.costing = CostingData {
                avg_wage_fen: Some(500_000),
                staff: Some(420),
                cpi_bp: Some(210),
                ..CostingData::default()
            };
            // The employer has offered 5 % on the term key; the workers are typing theirs.
            let round = l.dossier.rounds.last_mut().unwrap();
            round.issues.insert(
                0,
                xieshang::domain::RoundIssue {
                    key: "increase".into(),
                    workers: None,
                    employer: Some("5%".into()),
                    status: xieshang::domain::IssueStatus::Open,
                    agreed: None,
                    unit: None,
                },
            );
            app.table.issue = 0;
            let mut f = Form::open(
                FormKind::Position(Side::Workers),
                app.open.as_ref().map(|l| &l.dossier),
                day(TODAY),
                Some("increase"),
            );
            f.fields[1].value = "8%".into();
            app.push_modal(Modal::Form(f));
            let text = render(&app, w, h);
            // 5000 × 420 × 8 % = 168,000 a month; 5 % = 105,000; the gap 63,000 (756,000 a year).
            let (m, g) = match lang {
                Lang::ZhCn => (
                    "职工方 8%：月 168,000 · 年 2,016,000",
                    "差距 月 63,000 · 年 756,000",
                ),
                Lang::En => (
                    "Workers 8%: 168,000/mo · 2,016,000/yr",
                    "Gap 63,000/mo · 756,000/yr",
                ),
            };
            assert!(text.contains(m) && text.contains(g), "{text}");
            // The form, the chart's title and the costing pane name the issue, never its key.
            let (form, chart) = match lang {
                Lang::ZhCn => ("议题 平均工资增长", "各轮立场 · 平均工资增长"),
                Lang::En => (
                    "Issue Average-wage increase",
                    "Positions by round · Average",
                ),
            };
            assert!(text.contains(form), "{text}");
            if w == 120 {
                assert!(text.contains(chart), "{text}");
            }
            for key in ["议题 increase", "Issue increase", "· increase"] {
                assert!(!text.contains(key), "{key}\n{text}");
            }
            insta::assert_snapshot!(format!("table_costing_typed_{code}_{w}x{h}"), text);
        }
    }
}

/// The text of the cells of `buf` drawn in red, row by row.
fn red_cells(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.fg == ratatui::style::Color::Red {
                line.push_str(c.symbol());
            }
        }
        if !line.trim().is_empty() {
            out.push_str(line.trim());
            out.push('\n');
        }
    }
    out
}

/// Integrity findings with their rule id, in red, at Home (the row) and on the Dossier (every
/// step), in both languages.
#[test]
fn integrity_findings_are_red_at_home_and_on_the_dossier() {
    for (lang, code, history, seal) in [
        (
            Lang::ZhCn,
            "zh",
            "INTEGRITY-HISTORY 提交 8f6f7be 曾在历史之中，现已不见（reset: moving to HEAD~2）：历史被重置或改写",
            "磁盘上的 contract.md 不是签字时的文本",
        ),
        (
            Lang::En,
            "en",
            "INTEGRITY-HISTORY commit 8f6f7be was in the history and is gone (reset: moving to HEAD~2): the history was reset or rewritten",
            "contract.md on disk is not the text that was signed",
        ),
    ] {
        let mut app = app_on(Screen::Home, lang, NAME);
        app.home.rows[1].integrity = vec![history.to_string()];
        let text = render(&app, 100, 16);
        insta::assert_snapshot!(format!("home_integrity_{code}"), text);
        let red = red_cells(&render_buffer(&app, 100, 16));
        assert!(red.contains("INTEGRITY-HISTORY"), "{red}");
        assert!(red.contains("✗"), "{red}");

        let mut app = app_on(Screen::Dossier, lang, NAME);
        if let Some(l) = app.open.as_mut() {
            l.analysis.findings.push(xieshang::domain::rules::Finding {
                rule: "INTEGRITY-SEAL",
                severity: xieshang::domain::rules::Severity::Error,
                step: xieshang::domain::procedure::Step::Signing,
                message: seal.to_string(),
                citation: String::new(),
                due: None,
            });
        }
        let text = render(&app, 100, 30);
        insta::assert_snapshot!(format!("dossier_integrity_{code}"), text);
        let red = red_cells(&render_buffer(&app, 100, 30));
        assert!(red.contains(&format!("INTEGRITY-SEAL{seal}")), "{red}");
    }
}

/// Regression: on a read-only mount the TUI said another program was writing the dossier. The
/// flash now names the reason the dossier is read-only.
#[test]
fn read_only_says_why() {
    for (storage, lang, want) in [
        (
            true,
            Lang::En,
            "Read-only: the storage cannot be written (a read-only disk or mount); nothing can be saved.",
        ),
        (
            true,
            Lang::ZhCn,
            "只读：存储位置不可写入（只读磁盘或挂载）；无法保存任何内容。",
        ),
        (
            false,
            Lang::En,
            "Read-only: another program is writing this dossier.",
        ),
    ] {
        let mut app = app_on(Screen::Home, lang, NAME);
        let mut l = loaded_in(NAME, lang);
        l.read_only = true;
        l.read_only_storage = storage;
        let _ = update(
            &mut app,
            Action::Worker(xieshang::app::Event::Opened(Box::new(l))),
        );
        let flash = app.flash.as_ref().unwrap();
        assert_eq!(flash.text, want);
    }
}

/// A search that matched more than the screen lists (it lists at most 200): the pane title and
/// the status line say how many matched — 201, not 200 — and how many are listed. Here the
/// worker answers 4 agreements of 201 matched.
#[test]
fn a_capped_archive_search_says_how_many_matched() {
    for (lang, said) in [
        (Lang::ZhCn, "找到 201 份合同，列出前 4 份"),
        (Lang::En, "201 agreements found, the first 4 listed"),
    ] {
        let mut app = archive_app(lang, xieshang::app::ArchiveTab::Search);
        let _ = update(
            &mut app,
            Action::Worker(xieshang::app::Event::ArchiveHits(archive_hits(), 201)),
        );
        let text = render(&app, 160, 40);
        assert_eq!(text.matches(said).count(), 2, "{text}");
        // All matched listed: the plain count.
        let _ = update(
            &mut app,
            Action::Worker(xieshang::app::Event::ArchiveHits(archive_hits(), 4)),
        );
        let text = render(&app, 160, 40);
        assert!(!text.contains("201"), "{text}");
        assert!(
            text.contains(if lang == Lang::ZhCn {
                "找到 4 份合同"
            } else {
                "4 agreements found"
            }),
            "{text}"
        );
    }
}

/// The agreed terms are shown with their units in the user's language: money in yuan, the staff
/// covered, an allowance a month, the pay day (before: bare `2300`, `420`, `高温津贴 150`, `15`).
#[test]
fn the_agreed_terms_carry_their_units() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Dossier, lang, NAME);
        let Some(open) = app.open.as_mut() else {
            panic!("no dossier")
        };
        let t = &mut open.dossier.terms;
        t.min_wage_fen = Some(230_000);
        t.last_year_avg_wage_fen = Some(685_000);
        t.staff_covered = Some(420);
        t.pay_day = Some(15);
        t.allowances.insert("高温津贴".into(), 15_000);
        app.dossier.step = 10;
        app.pane = 1;
        let text = render(&app, 100, 30);
        let want: &[&str] = if lang == Lang::ZhCn {
            &[
                "2300元",
                "6850元",
                "420人",
                "高温津贴 每月150元",
                "每月15日",
            ]
        } else {
            &[
                "¥2300",
                "¥6850",
                "420 staff",
                "高温津贴 ¥150 a month",
                "day 15 of each month",
            ]
        };
        for w in want {
            assert!(text.contains(w), "{w}\n{text}");
        }
        insta::assert_snapshot!(format!("step_11_term_units_{code}"), text);
    }
}

/// The Diff screen says the stale references the CLI's `diff` prints: a clause inserted before
/// 第二条 while 第一条 still writes `第二条` (now 第三条). The count is in the changes pane's title
/// and on the clause; the selected clause lists each with the clause it meant, in either language.
#[test]
fn the_diff_screen_shows_stale_references() {
    use xieshang::app::{Effect, Event};
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;
    let ws = crate::common::Ws::new();
    let id = ws.new_dossier_of("wage");
    let old = ws.file(
        "old.txt",
        "第一条 依照本合同第二条的规定办理。\n第二条 职工月平均工资增长百分之六。\n",
    );
    let new = ws.file(
        "new.txt",
        "第一条 依照本合同第二条的规定办理。\n第二条 新增：高温津贴每月一百八十元。\n第三条 职工月平均工资增长百分之六。\n",
    );
    ws.ok(&["draft", &id, "--from", old.to_str().unwrap()]);
    ws.ok(&["draft", &id, "--from", new.to_str().unwrap(), "--force"]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    for (lang, code, count, line) in [
        (
            Lang::ZhCn,
            "zh",
            "过时引用 1 处",
            "第二条 未随之更新：它原指的条款现为 第三条",
        ),
        (
            Lang::En,
            "en",
            "1 stale reference",
            "第二条 was not updated: the clause it named is now 第三条",
        ),
    ] {
        let mut s = StoreServices::new(ws.root(), lang, today);
        let Some(Event::History(v)) = s.handle(Effect::LoadHistory(id.clone())) else {
            panic!("no history")
        };
        let Some(Event::Diff(view)) = s.handle(Effect::ComputeDiff {
            id: id.clone(),
            old: v[1].rev.clone(),
            new: v[0].rev.clone(),
        }) else {
            panic!("no diff")
        };
        let first = view
            .clauses
            .iter()
            .position(|c| c.old_label.as_deref() == Some("第一条"))
            .expect("the clause with the stale reference is listed");
        // The fixture's versions name the pair (the store's commit ids change with the clock).
        let mut app = app_on(Screen::Diff, lang, NAME);
        app.diff.view = Some(*view);
        app.diff.clause = first;
        app.pane = 1;
        let text = render(&app, 120, 40);
        assert!(text.contains(count), "{count}\n{text}");
        assert!(text.contains(line), "{line}\n{text}");
        insta::assert_snapshot!(format!("diff_stale_refs_{code}"), text);
    }
}

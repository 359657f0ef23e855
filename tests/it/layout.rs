//! Issue #12 (8): no widget writes past its area. Every screen is drawn with random CJK and
//! ASCII content (enterprise, issues, positions, notes, places) at sizes from 40×12 to 200×60,
//! and every border cell of the same screen drawn with plain content must still be a border.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ui_support::*;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use xieshang::app::{App, Screen};
use xieshang::domain::{IssueStatus, RoundIssue, Side};
use xieshang::i18n::Lang;

const NAME: &str = "大连海辰机械制造有限公司";

fn cells(app: &App, w: u16, h: u16) -> Vec<Vec<String>> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| xieshang::ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect())
        .collect()
}

fn is_border(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(&c))
}

/// The demo at `screen` with `texts` put into every free-text place the screen shows.
fn app_with(screen: Screen, lang: Lang, texts: &[String]) -> App {
    let mut app = app_on(screen, lang, NAME);
    let t = |i: usize| texts[i % texts.len()].clone();
    if let Some(l) = app.open.as_mut() {
        let d = &mut l.dossier;
        d.enterprise.name = t(0);
        if let Some(r) = d.rounds.last_mut() {
            r.place = Some(t(1));
            r.notes = format!("{}\n{}", t(2), t(3));
            for (k, i) in r.issues.iter_mut().enumerate() {
                i.key = t(4 + k);
                i.workers = Some(t(5 + k));
            }
            r.issues.push(RoundIssue {
                key: t(7),
                workers: Some(t(8)),
                employer: Some(t(9)),
                status: IssueStatus::Open,
                agreed: None,
                unit: None,
            });
        }
        d.recorder = Some(t(10));
        d.instructors = vec![t(11)];
        if let Some(rep) = d.representatives.first_mut() {
            rep.name = t(12);
            rep.post = Some(t(13));
        }
        let _ = Side::Workers;
        // The selected clause (the third) gets the random text as paragraph and items.
        if let Some(c) = l.contract.as_mut()
            && let Some(cl) = c.chapters.get_mut(1).and_then(|ch| ch.clauses.first_mut())
        {
            cl.blocks = vec![
                xieshang::contract::Block::Paragraph(t(15)),
                xieshang::contract::Block::Item(t(16)),
            ];
        }
    }
    for s in &mut app.home.rows {
        s.enterprise = t(14);
    }
    app
}

fn text() -> impl Strategy<Value = String> {
    // CJK, ASCII words and digits, and long unbroken runs of either.
    prop::collection::vec(
        prop_oneof![
            "[\u{4e00}-\u{4e80}]{1,30}",
            "[a-zA-Z0-9%.]{1,40}",
            Just(" ".to_string()),
            Just("（一）".to_string()),
        ],
        1..6,
    )
    .prop_map(|v| v.concat())
}

/// A form opened over `screen` (the position form at the table, the correction form on the
/// Dossier screen), so the forms' boxes are checked too.
fn with_form(mut app: App, screen: Screen) -> App {
    use xieshang::app::keymap::Key;
    let key = match screen {
        Screen::Table => Key::Char('w'),
        Screen::Dossier => Key::Char('C'),
        _ => return app,
    };
    let _ = xieshang::app::update(&mut app, xieshang::app::Action::Key(key));
    app
}

const CORNERS: &[&str] = &["╭", "╮", "╰", "╯", "┌", "┐", "└", "┘"];

/// Whether cell (`x`, `y`) of a screen drawn with plain content (`base`) is still a border in
/// the same screen drawn with other content (`got`): corners and sides always; a horizontal
/// edge may give way only to a title — text running from the edge's corner to the cell (a
/// pane's title left, a "more not shown" right), never text in the middle of an edge.
fn frame_kept(base: &[Vec<String>], got: &[Vec<String>], x: usize, y: usize) -> bool {
    let b = base[y][x].as_str();
    let g = got[y][x].as_str();
    if b == "│" || CORNERS.contains(&b) {
        return is_border(g);
    }
    if b != "─" || is_border(g) {
        return true;
    }
    let row = &base[y];
    let left = row[..x].iter().rposition(|c| CORNERS.contains(&c.as_str()));
    let right = row[x + 1..]
        .iter()
        .position(|c| CORNERS.contains(&c.as_str()))
        .map(|i| x + 1 + i);
    let no_edge = |cells: &[String]| !cells.iter().any(|c| c == "─");
    left.is_some_and(|l| no_edge(&got[y][l + 1..x]))
        || right.is_some_and(|r| no_edge(&got[y][x + 1..r]))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn borders_stay_intact_whatever_the_content_and_size(
        texts in prop::collection::vec(text(), 17),
        w in 40u16..=200,
        h in 12u16..=60,
        screen in prop::sample::select(vec![
            Screen::Home, Screen::Dossier, Screen::Table, Screen::Draft, Screen::Diff,
        ]),
        en in any::<bool>(),
        form in any::<bool>(),
    ) {
        let lang = if en { Lang::En } else { Lang::ZhCn };
        let plain: Vec<String> = vec!["x".to_string()];
        // A form's height follows its content (long values wrap): its own box is checked
        // whole, on its own.
        if form && matches!(screen, Screen::Table | Screen::Dossier) {
            let app = with_form(app_with(screen, lang, &texts), screen);
            let got = cells(&app, w, h);
            prop_assert!(matches!(app.modal(), Some(xieshang::app::Modal::Form(_))));
            // The first letter of the form's title ("职工方立场", "Correct a recorded fact" …).
            let first = match (screen, en) {
                (Screen::Table, false) => "职",
                (Screen::Table, true) => "W",
                (_, false) => "更",
                (_, true) => "C",
            };
            let shown = got.iter().map(|r| r.concat()).collect::<Vec<_>>().join("\n");
            // The form's top-left corner: `╭` followed by its title (or a cut one at 40 columns).
            let top = got.iter().enumerate().find_map(|(y, r)| {
                r.windows(2).position(|p| p[0] == "╭" && p[1] == first).map(|x| (x, y))
            });
            let Some((left, top)) = top else {
                return Ok(());
            };
            let right = got[top][left + 1..]
                .iter()
                .position(|c| c == "╮")
                .map(|i| left + 1 + i);
            prop_assert!(right.is_some(), "{w}x{h}: no right corner\n{shown}");
            let right = right.unwrap_or_default();
            let bottom = (top + 1..got.len()).find(|&y| got[y][left] == "╰");
            prop_assert!(bottom.is_some(), "{w}x{h}: no bottom corner\n{shown}");
            let bottom = bottom.unwrap_or_default();
            prop_assert_eq!(got[bottom][right].as_str(), "╯", "{}x{}\n{}", w, h, shown);
            for (y, row) in got.iter().enumerate().take(bottom).skip(top + 1) {
                prop_assert!(
                    row[left] == "│" && row[right] == "│",
                    "{w}x{h}: the form's side at row {y}\n{shown}"
                );
            }
            for (x, cell) in got[bottom].iter().enumerate().take(right).skip(left + 1) {
                prop_assert!(
                    is_border(cell),
                    "{w}x{h}: the form's bottom at ({x},{bottom})\n{shown}"
                );
            }
            return Ok(());
        }
        let base = cells(&app_with(screen, lang, &plain), w, h);
        let got = cells(&app_with(screen, lang, &texts), w, h);
        for (y, row) in base.iter().enumerate() {
            for (x, _) in row.iter().enumerate() {
                // The frame of a pane: corners, sides and edges (the boxes are the same
                // whatever the text).
                prop_assert!(
                    frame_kept(&base, &got, x, y),
                    "{screen:?} {w}x{h}: border at ({x},{y}) became {:?}\n{}",
                    got[y][x],
                    got.iter().map(|r| r.concat()).collect::<Vec<_>>().join("\n")
                );
            }
        }
    }
}

/// Issue #12 (8): a form holding long CJK and ASCII text (the round's notes) wraps it inside its
/// box at every width: each row between the form's corners ends on its right border. The form
/// was wrapped by ratatui, whose extra lines were not counted in its height.
#[test]
fn a_form_with_long_text_keeps_its_right_border() {
    let long = "双方就平均工资增长6.5%达成一致，企业最低工资待下轮确认；高温津贴按每月300元发放，\
                七至九月执行。Overtime base: basic wage of the previous month. "
        .repeat(2);
    for w in [40u16, 57, 64, 80, 101, 120] {
        for lang in [Lang::ZhCn, Lang::En] {
            let mut app = app_on(Screen::Table, lang, NAME);
            if let Some(r) = app.open.as_mut().and_then(|l| l.dossier.rounds.last_mut()) {
                r.notes.clone_from(&long);
            }
            let _ = xieshang::app::update(
                &mut app,
                xieshang::app::Action::Key(xieshang::app::keymap::Key::Char('N')),
            );
            let rows = cells(&app, w, 24);
            // The form's left border is just before the focus mark `›`.
            let (mark_y, left) = rows
                .iter()
                .enumerate()
                .find_map(|(y, r)| {
                    r.windows(2)
                        .position(|p| p[0] == "│" && p[1] == "›")
                        .map(|x| (y, x))
                })
                .unwrap_or_else(|| panic!("{w}: no focused field"));
            let top = (0..mark_y).rev().find(|&y| rows[y][left] == "╭").unwrap();
            let right = (left + 1..rows[top].len())
                .find(|&x| rows[top][x] == "╮")
                .unwrap();
            let bottom = (top + 1..rows.len())
                .find(|&y| rows[y][left] == "╰")
                .unwrap_or_else(|| panic!("{w}: no bottom corner"));
            assert!(bottom - top > 3, "{w}: the form has rows");
            for (y, row) in rows.iter().enumerate().take(bottom).skip(top + 1) {
                assert_eq!(
                    row[right],
                    "│",
                    "{w} {lang:?}: row {y} lost its border:\n{}",
                    rows.iter()
                        .map(|r| r.concat())
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// An import's notes (long CJK and ASCII lines, scrolled anywhere) stay inside their window
    /// at every size: its corners are where they belong and each row between them ends on its
    /// borders.
    #[test]
    fn a_notice_keeps_its_box_whatever_the_notes_and_size(
        lines in prop::collection::vec(text(), 1..15),
        w in 40u16..=200,
        h in 12u16..=60,
        top in 0usize..15,
        en in any::<bool>(),
    ) {
        let lang = if en { Lang::En } else { Lang::ZhCn };
        let mut app = app_on(Screen::Draft, lang, NAME);
        let mut notice = xieshang::app::Notice::new("导入提示".into(), lines);
        notice.top = top.min(notice.lines.len() - 1);
        app.push_modal(xieshang::app::Modal::Notice(notice));
        let got = cells(&app, w, h);
        let shown = got.iter().map(|r| r.concat()).collect::<Vec<_>>().join("\n");
        let found = got.iter().enumerate().find_map(|(y, r)| {
            r.windows(2).position(|p| p[0] == "╭" && p[1] == "导").map(|x| (x, y))
        });
        prop_assert!(found.is_some(), "{w}x{h}: no window\n{shown}");
        let (left, top) = found.unwrap_or_default();
        let right = (left + 1..got[top].len()).find(|&x| got[top][x] == "╮");
        prop_assert!(right.is_some(), "{w}x{h}: no right corner\n{shown}");
        let right = right.unwrap_or_default();
        let bottom = (top + 1..got.len()).find(|&y| got[y][left] == "╰");
        prop_assert!(bottom.is_some(), "{w}x{h}: no bottom corner\n{shown}");
        let bottom = bottom.unwrap_or_default();
        prop_assert_eq!(got[bottom][right].as_str(), "╯", "{}x{}\n{}", w, h, shown);
        for (y, row) in got.iter().enumerate().take(bottom).skip(top + 1) {
            prop_assert!(
                row[left] == "│" && row[right] == "│",
                "{w}x{h}: the window's side at row {y}\n{shown}"
            );
        }
    }
}

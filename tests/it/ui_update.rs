//! Unit tests of `app::update`: actions in, state and effects out. No terminal involved.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ui_support::*;
use xieshang::app::keymap::Key;
use xieshang::app::view::Loaded;
use xieshang::app::{
    Action, App, ArchiveTab, DraftOp, EditTarget, Effect, Event, InboxFilter, Modal, Screen,
    dispatch, update,
};
use xieshang::domain::record::Change;
use xieshang::i18n::Lang;
use xieshang::service::Fact;
use xieshang::service::fact::Env;
use xieshang::service::inbox::InboxSort;
use xieshang::service::tui_archive::Search;

const NAME: &str = "大连海辰机械制造有限公司";

/// The one `Record` effect in `fx`, as the record it gives on `before` (what the worker's service
/// call will save).
fn recorded(fx: &[Effect], before: &xieshang::domain::Dossier) -> (String, Change) {
    let [Effect::Record { id, fact }] = fx else {
        panic!("{fx:?}")
    };
    let standing = xieshang::service::fact::Standing::default();
    let env = Env {
        today: day(TODAY),
        calendar: xieshang::domain::calendar::HolidayCalendar::shared(),
        standing: &standing,
    };
    (id.clone(), fact.apply(before, &env).unwrap())
}

#[test]
fn home_opens_the_selected_dossier_and_lands_on_the_current_step() {
    let mut app = App::new(Lang::ZhCn, day(TODAY));
    assert_eq!(
        app.start(),
        vec![Effect::ListDossiers, Effect::LoadIdentity, Effect::LoadDue]
    );
    let _ = update(&mut app, Action::Worker(Event::Listed(summaries())));
    let fx = keys(&mut app, &[Key::Down, Key::Enter]);
    assert_eq!(fx, vec![Effect::OpenDossier("shenyang-huagong".into())]);
    let _ = update(
        &mut app,
        Action::Worker(Event::Opened(Box::new(loaded(NAME)))),
    );
    assert_eq!(app.screen, Screen::Dossier);
    assert_eq!(app.dossier.step, 3, "rounds is current");
    assert_eq!(app.busy(), 0);
}

#[test]
fn filter_narrows_the_list() {
    let mut app = App::new(Lang::En, day(TODAY));
    let _ = update(&mut app, Action::Worker(Event::Listed(summaries())));
    keys(&mut app, &[Key::Char('/')]);
    type_str(&mut app, "anshan");
    assert_eq!(app.home.visible().len(), 1);
    // While filtering, letters are text, not commands.
    assert!(!app.quit);
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.home.visible().len(), 3);
}

#[test]
fn new_dossier_wizard_validates_through_record() {
    let mut app = App::new(Lang::ZhCn, day(TODAY));
    keys(&mut app, &[Key::Char('n')]);
    // Empty enterprise name: refused, the form stays open with the message at the field.
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(fx.is_empty());
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("form closed")
    };
    assert_eq!(f.error.as_ref().and_then(|e| e.0), Some(0));
    type_str(&mut app, "大连新厂");
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(matches!(&fx[..], [Effect::Create(d)] if d.enterprise == "大连新厂"));
    assert!(app.modal().is_none());
}

#[test]
fn recording_a_position_saves_a_change() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    let before = shown(&app);
    keys(&mut app, &[Key::Down, Key::Char('w')]);
    type_str(&mut app, "2150元");
    let fx = keys(&mut app, &[Key::Enter]);
    let (id, change) = recorded(&fx, &before);
    assert_eq!(id, "dalian-jixie-2026");
    assert!(
        change.message().contains("企业最低工资"),
        "{}",
        change.message()
    );
    let shown = app.shown_round().unwrap().issue("企业最低工资").unwrap();
    assert_eq!(shown.workers.as_deref(), Some("2150元"), "shown at once");
}

#[test]
fn closing_a_round_asks_first_then_saves_with_its_tag() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    // Issue #12 (7): closing asks whether the minutes were signed (it always said "signed").
    assert!(keys(&mut app, &[Key::Char('c')]).is_empty());
    assert_eq!(
        form_of(&app).value("minutes_signed"),
        "",
        "not signed unless ticked"
    );
    assert!(keys(&mut app, &[Key::Esc]).is_empty(), "Esc means no");
    assert!(app.modal().is_none());
    keys(&mut app, &[Key::Char('c'), Key::Char(' ')]);
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    assert_eq!(change.tags, vec!["round-3".to_string()]);
    assert!(change.dossier.rounds[2].minutes_signed);
    // With no open round, the round keys explain instead of acting.
    assert!(keys(&mut app, &[Key::Char('w')]).is_empty());
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
}

#[test]
fn invalid_vote_is_not_saved() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    app.dossier.step = 6;
    keys(&mut app, &[Key::Char('e')]);
    if let Some(Modal::Form(f)) = app.modals.last_mut() {
        // No pre-review decision on record: the date opens empty.
        f.fields[0].value = "2026-04-18".into();
        f.fields[1].value = "100".into();
        f.fields[2].value = "120".into();
        f.fields[3].value = "50".into();
    }
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let Some(Modal::Form(f)) = app.modal() else {
        panic!()
    };
    let (at, msg) = f.error.clone().unwrap();
    assert_eq!(at, Some(2), "present names the field: {msg}");
}

#[test]
fn draft_edits_go_to_the_worker() {
    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    keys(&mut app, &[Key::Char('x')]);
    let fx = keys(&mut app, &[Key::Enter]);
    assert_eq!(
        fx,
        vec![Effect::EditDraft {
            id: "dalian-jixie-2026".into(),
            op: DraftOp::Delete { number: 3 }
        }]
    );
    app.draft.clause = 0;
    let fx = keys(&mut app, &[Key::Char('J')]);
    assert!(matches!(
        &fx[..],
        [Effect::EditDraft {
            op: DraftOp::Move {
                number: 1,
                after: 2
            },
            ..
        }]
    ));
    // In-place edit: type, save with Ctrl-S.
    keys(&mut app, &[Key::Enter, Key::End]);
    type_str(&mut app, "新增");
    let fx = keys(&mut app, &[Key::Ctrl('s')]);
    let [
        Effect::EditDraft {
            op: DraftOp::Edit { number, text },
            ..
        },
    ] = &fx[..]
    else {
        panic!("{fx:?}")
    };
    assert_eq!(*number, 2);
    assert!(text.ends_with("新增"), "{text}");
    // Esc on a changed edit asks before discarding; "no" returns to the editor.
    keys(&mut app, &[Key::Enter, Key::Char('x'), Key::Esc]);
    assert!(matches!(app.modal(), Some(Modal::Confirm(_))));
    keys(&mut app, &[Key::Char('n')]);
    assert!(matches!(app.modal(), Some(Modal::Editor(_))));
    // Pasted text is sanitised.
    let _ = update(&mut app, Action::Paste("\u{1b}[2J粘贴\u{202e}".into()));
    let Some(Modal::Editor(e)) = app.modal() else {
        panic!()
    };
    assert!(e.text().contains("粘贴") && !e.text().chars().any(xieshang::text::is_forbidden));
}

#[test]
fn diff_defaults_to_the_latest_change_as_the_cli_does() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    let fx = keys(&mut app, &[Key::Char('v')]);
    assert_eq!(fx, vec![Effect::LoadHistory("dalian-jixie-2026".into())]);
    let fx = update(&mut app, Action::Worker(Event::History(versions())));
    let [Effect::ComputeDiff { old, new, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    // Regression: the TUI compared the newest version with the last round while `xieshang diff`
    // compared the last two rounds; both now take the service's one default: the clause changed
    // after round 2, so round 2 against the current draft.
    assert!(old.starts_with("b2c3d4e") && new.starts_with("a1b2c3d"));
    keys(&mut app, &[Key::Down, Key::Down, Key::Char('b')]);
    assert_eq!(app.diff.base, Some(2));
    keys(&mut app, &[Key::Char('s')]);
    assert!(app.diff.side_by_side);
}

#[test]
fn back_walks_up_and_quits_from_home() {
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    keys(&mut app, &[Key::Char('q')]);
    assert_eq!(app.screen, Screen::Dossier);
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    assert_eq!(app.screen, Screen::Home);
    assert_eq!(keys(&mut app, &[Key::Char('q')]), vec![Effect::Quit]);
    assert!(app.quit);
}

#[test]
fn help_opens_and_any_key_closes() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    keys(&mut app, &[Key::Char('?')]);
    assert!(matches!(app.modal(), Some(Modal::Help)));
    assert!(keys(&mut app, &[Key::Char('c')]).is_empty());
    assert!(app.modal().is_none());
}

#[test]
fn read_only_dossiers_are_never_saved() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    if let Some(l) = app.open.as_mut() {
        l.read_only = true;
    }
    keys(&mut app, &[Key::Char('c')]);
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
}

#[test]
fn saved_event_replaces_the_dossier_and_failure_reloads() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    let l: Loaded = loaded(NAME);
    let _ = update(
        &mut app,
        Action::Worker(Event::Saved {
            loaded: Box::new(l),
            message: "round 3: closed".into(),
            notes: Vec::new(),
        }),
    );
    assert!(app.flash.as_ref().is_some_and(|f| !f.error));
    let fx = update(&mut app, Action::Worker(Event::Failed("磁盘已满".into())));
    assert_eq!(fx, vec![Effect::OpenDossier("dalian-jixie-2026".into())]);
}

#[test]
fn a_reload_after_the_first_save_does_not_undo_a_second_queued_save() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    // The worker's answer to the first save: the dossier as stored right after it.
    let before = shown(&app);
    keys(&mut app, &[Key::Down, Key::Char('w')]);
    type_str(&mut app, "2150元");
    let first = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&first, &before);
    let mut after_first = loaded(NAME);
    after_first.dossier = change.dossier.clone();
    // A second entry typed before the first is answered.
    keys(&mut app, &[Key::Char('e')]);
    type_str(&mut app, "1900元");
    let second = keys(&mut app, &[Key::Enter]);
    assert!(matches!(&second[..], [Effect::Record { .. }]), "{second:?}");
    assert_eq!(app.saves_pending, 2);

    let _ = update(
        &mut app,
        Action::Worker(Event::Saved {
            loaded: Box::new(after_first),
            message: "first".into(),
            notes: Vec::new(),
        }),
    );
    let shown = app.shown_round().unwrap().issue("企业最低工资").unwrap();
    assert_eq!(shown.workers.as_deref(), Some("2150元"));
    assert_eq!(
        shown.employer.as_deref(),
        Some("1900元"),
        "the second entry survives the first reload"
    );
    assert_eq!(app.saves_pending, 1);

    // The second answer is the truth again and is adopted.
    let mut after_second = loaded(NAME);
    after_second.dossier.enterprise.name = "adopted".into();
    let _ = update(
        &mut app,
        Action::Worker(Event::Saved {
            loaded: Box::new(after_second),
            message: "second".into(),
            notes: Vec::new(),
        }),
    );
    assert_eq!(
        app.open.as_ref().unwrap().dossier.enterprise.name,
        "adopted"
    );
    assert_eq!(app.saves_pending, 0);
}

#[test]
fn insert_without_a_draft_explains_instead_of_editing() {
    let mut app = app_on(Screen::Draft, Lang::En, NAME);
    if let Some(l) = app.open.as_mut() {
        l.contract = None;
    }
    let fx = keys(&mut app, &[Key::Char('i')]);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.modal().is_none(), "no editor opens");
    let f = app.flash.as_ref().unwrap();
    assert!(f.error);
    assert!(f.text.contains("press t"), "{}", f.text);
}

/// The left pane of rendered row `y`: up to its second border.
fn left_pane(frame: &str, y: u16) -> String {
    let line = frame.lines().nth(usize::from(y)).unwrap();
    line.chars()
        .skip(1)
        .take_while(|c| *c != '│')
        .collect::<String>()
}

#[test]
fn clicks_in_scrolled_lists_pick_the_row_drawn_there() {
    let (w, h) = (80, 12);
    let size = ratatui::layout::Rect::new(0, 0, w, h);
    // Dossier steps, scrolled to the last step: the top row is no longer step 1.
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 10;
    let frame = render(&app, w, h);
    let top = left_pane(&frame, 2);
    let a = xieshang::ui::click(&app, size, 3, 2).unwrap();
    let _ = update(&mut app, a);
    assert!(app.dossier.step > 0, "scrolled: {top}");
    assert!(
        top.contains(&format!("{:>2} ", app.dossier.step + 1)),
        "clicked {} on {top:?}",
        app.dossier.step
    );

    // Diff versions (no comparison yet, so the list gets the most room), scrolled to the last.
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    app.diff.view = None;
    app.diff.version = app.diff.versions.len() - 1;
    let (_, versions, _, _) =
        xieshang::ui::diff::areas(ratatui::layout::Rect::new(0, 1, w, h - 2), 0);
    let frame = render(&app, w, h);
    let y = versions.y + 1;
    let a = xieshang::ui::click(&app, size, versions.x + 3, y).unwrap();
    let _ = update(&mut app, a);
    let top = left_pane(&frame, y);
    assert!(app.diff.version > 0, "scrolled: {top}");
    assert!(
        top.contains(&app.diff.versions[app.diff.version].short),
        "clicked {} on {top:?}",
        app.diff.version
    );
}

#[test]
fn instructors_and_prereview_opinions_are_recorded_from_their_steps() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 0;
    assert!(keys(&mut app, &[Key::Char('i')]).is_empty());
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    type_str(&mut app, "王指导");
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(matches!(&fx[..], [Effect::Record { .. }]), "{fx:?}");
    let d = &app.open.as_ref().unwrap().dossier;
    assert!(d.instructors.iter().any(|n| n == "王指导"));

    // An opinion needs a submission to belong to: refused at first, with the form kept.
    app.dossier.step = 5;
    keys(&mut app, &[Key::Char('o')]);
    type_str(&mut app, "第三条");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "增幅表述应明确基数。");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("form closed")
    };
    assert!(f.error.is_some());
    keys(&mut app, &[Key::Esc]);
    let d = app.open.as_ref().unwrap().dossier.clone();
    let submitted = xieshang::domain::record::record_submission(&d, day(TODAY)).unwrap();
    app.open.as_mut().unwrap().dossier = submitted.dossier;
    keys(&mut app, &[Key::Char('o')]);
    type_str(&mut app, "第三条");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "增幅表述应明确基数。");
    let fx = keys(&mut app, &[Key::Enter]);
    assert!(matches!(&fx[..], [Effect::Record { .. }]), "{fx:?}");
    let pr = app
        .open
        .as_ref()
        .unwrap()
        .dossier
        .prereview()
        .cloned()
        .unwrap();
    assert_eq!(pr.opinions.len(), 1);
    assert_eq!(pr.opinions[0].clause, "第三条");
    // Elsewhere the keys do nothing.
    app.dossier.step = 2;
    assert!(keys(&mut app, &[Key::Char('o')]).is_empty());
    assert!(app.modal().is_none());
}

#[test]
fn mouse_selects_and_scrolls() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    let size = ratatui::layout::Rect::new(0, 0, 80, 24);
    // Title line, then the stepper's border: step 1 is on row 2.
    let a = xieshang::ui::click(&app, size, 3, 2 + 5).unwrap();
    let _ = update(&mut app, a);
    assert_eq!(app.dossier.step, 5);
    let _ = update(&mut app, Action::Scroll(2));
    assert_eq!(app.dossier.step, 7);
    // On the checklist, a click below the heading picks the factor drawn there.
    app.dossier.step = 2;
    let (_, detail, _) = xieshang::ui::dossier::areas(ratatui::layout::Rect::new(0, 1, 80, 22));
    let a = xieshang::ui::click(&app, size, detail.x + 3, detail.y + 1 + 6).unwrap();
    let _ = update(&mut app, a);
    assert_eq!((app.pane, app.dossier.item), (1, 5));
}

#[test]
fn editing_a_selected_representative_updates_it() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 0;
    keys(&mut app, &[Key::Tab, Key::Down, Key::Char('e')]);
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.value("name"), "李芳");
    type_str(&mut app, "、女工委员");
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    assert!(
        change.message().contains("李芳 updated"),
        "{}",
        change.message()
    );
    // Removing asks first, each choice on its own line; "they left" then asks the day (it
    // was recorded on today's date), today by default, `-3` for three days ago.
    keys(&mut app, &[Key::Char('x')]);
    let Some(Modal::Confirm(c)) = app.modal() else {
        panic!("no question")
    };
    assert_eq!(
        c.message,
        "移除协商代表 李芳：\nl  已离任（席位空缺，须在15日内补足）\nm  误录（不记空缺）\nEsc  保留"
    );
    let before = shown(&app);
    assert!(keys(&mut app, &[Key::Char('l')]).is_empty());
    let f = form_of(&app);
    assert_eq!(
        (f.value("date"), f.fields[0].hint.as_ref().map(|h| h.0)),
        (TODAY, Some("ui.hint.left_today"))
    );
    keys(&mut app, &[Key::Ctrl('u')]);
    type_str(&mut app, "-3");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let v = &change.dossier.vacancies[0];
    assert_eq!((v.name.as_str(), v.vacated), ("李芳", day("2026-04-17")));
}

#[test]
fn a_sealed_draft_refuses_edits_before_typing() {
    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    if let Some(l) = app.open.as_mut() {
        l.dossier.signing = Some(xieshang::domain::Signing {
            date: day("2026-04-10"),
            workers_chief: None,
            employer_chief: None,
            seals: true,
        });
    }
    for k in [
        Key::Enter,
        Key::Char('E'),
        Key::Char('i'),
        Key::Char('x'),
        Key::Char('t'),
    ] {
        assert!(keys(&mut app, &[k]).is_empty());
        assert!(app.modal().is_none(), "{k:?} opened something");
        assert!(app.flash.as_ref().is_some_and(|f| f.error));
    }
}

/// Requests carry ids: an answer made stale by a newer request of its kind is dropped, and the
/// count of requests in flight comes back to zero.
#[test]
fn a_stale_diff_is_dropped_and_the_newest_adopted() {
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    app.diff.view = None;
    let ask = |app: &mut App, old: &str| {
        let (reqs, _) = xieshang::app::dispatch(
            app,
            vec![Effect::ComputeDiff {
                id: "dalian-jixie-2026".into(),
                old: old.into(),
                new: "HEAD".into(),
            }],
        );
        reqs[0].id
    };
    let first = ask(&mut app, "round-1");
    let second = ask(&mut app, "round-2");
    assert_eq!(app.busy(), 2);
    let view = |label: &str| {
        Box::new(xieshang::app::view::DiffView {
            old_label: label.into(),
            ..xieshang::app::view::DiffView::default()
        })
    };
    update(
        &mut app,
        Action::Reply {
            id: first,
            event: Event::Diff(view("round-1")),
        },
    );
    assert!(app.diff.view.is_none(), "the first answer is stale");
    update(
        &mut app,
        Action::Reply {
            id: second,
            event: Event::Diff(view("round-2")),
        },
    );
    assert_eq!(app.diff.view.as_ref().unwrap().old_label, "round-2");
    assert_eq!(app.busy(), 0);
}

/// Regression: the "working" count was decremented for events that never incremented it (the
/// `$EDITOR` hand-over), and saves are never dropped as stale.
#[test]
fn only_requests_count_as_work_and_every_save_answer_counts() {
    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    let fx = update(
        &mut app,
        Action::Worker(Event::Edited {
            target: EditTarget::Clause(0),
            text: Some("企业按月支付工资。".into()),
        }),
    );
    assert_eq!(app.busy(), 0, "an editor hand-over is not a request");
    let (reqs, local) = xieshang::app::dispatch(&mut app, fx);
    assert!(local.is_empty());
    let (more, _) = xieshang::app::dispatch(
        &mut app,
        vec![Effect::EditDraft {
            id: "dalian-jixie-2026".into(),
            op: DraftOp::Delete { number: 2 },
        }],
    );
    assert_eq!(app.busy(), 2);
    for r in reqs.into_iter().chain(more) {
        update(
            &mut app,
            Action::Reply {
                id: r.id,
                event: Event::Saved {
                    loaded: Box::new(loaded(NAME)),
                    message: "草案：修改第一条".into(),
                    notes: Vec::new(),
                },
            },
        );
    }
    assert_eq!(app.busy(), 0);
    assert_eq!(app.saves_pending, 0, "both saves answered, neither dropped");
}

fn inbox_keys(app: &App) -> Vec<String> {
    app.inbox.visible().iter().map(|r| r.key.clone()).collect()
}

#[test]
fn the_inbox_is_listed_sorted_filtered_and_opened_by_key() {
    let mut app = App::new(Lang::ZhCn, day(TODAY));
    let _ = update(&mut app, Action::Worker(Event::Listed(summaries())));
    // `I` on Home: the Inbox screen, listed through the worker.
    assert_eq!(keys(&mut app, &[Key::Char('I')]), vec![Effect::ListInbox]);
    assert_eq!(app.screen, Screen::Inbox);
    assert!(!app.inbox.loaded);
    let _ = update(&mut app, Action::Worker(Event::Inbox(inbox_rows())));
    // Longest waiting first, undecided before decided (the service's own sort).
    assert_eq!(
        inbox_keys(&app)[..3],
        [
            "210211/2026-001".to_string(),
            "210211/2026-002".into(),
            "210213/2026-005".into(),
        ]
    );
    assert_eq!(app.inbox.sort, InboxSort::Waiting);
    // `s` cycles the order; the selected dossier stays selected.
    keys(&mut app, &[Key::Down]);
    let picked = inbox_keys(&app)[1].clone();
    keys(&mut app, &[Key::Char('s')]);
    assert_eq!(app.inbox.sort, InboxSort::Received);
    assert_eq!(
        inbox_keys(&app)[0],
        "210211/2026-002",
        "received last first"
    );
    assert_eq!(inbox_keys(&app)[app.inbox.selected], picked);
    for expected in [InboxSort::Union, InboxSort::Enterprise, InboxSort::Waiting] {
        keys(&mut app, &[Key::Char('s')]);
        assert_eq!(app.inbox.sort, expected);
        assert_eq!(inbox_keys(&app)[app.inbox.selected], picked);
    }
    // `f` cycles all → undecided → decided → all.
    assert_eq!(app.inbox.filter, InboxFilter::All);
    assert_eq!(app.inbox.visible().len(), 6);
    keys(&mut app, &[Key::Char('f')]);
    assert_eq!(app.inbox.filter, InboxFilter::Pending);
    assert_eq!(app.inbox.visible().len(), 4);
    assert!(app.inbox.visible().iter().all(|r| !r.state.decided()));
    keys(&mut app, &[Key::Char('f')]);
    assert_eq!(app.inbox.filter, InboxFilter::Decided);
    assert_eq!(inbox_keys(&app), ["210212/2026-003", "210213/2026-004"]);
    // A click picks the row drawn there (title, order line, border, header, then the rows).
    let size = ratatui::layout::Rect::new(0, 0, 80, 24);
    let a = xieshang::ui::click(&app, size, 5, 4).unwrap();
    let _ = update(&mut app, a);
    assert_eq!(app.inbox.selected, 0);
    // Enter opens the selected row by its CODE/ID key, as Home opens its rows.
    keys(&mut app, &[Key::Down]);
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        vec![Effect::OpenDossier("210213/2026-004".into())]
    );
    keys(&mut app, &[Key::Char('f')]);
    assert_eq!(app.inbox.filter, InboxFilter::All);
    // `r` lists again; a fresh listing keeps the order and the selection.
    assert_eq!(keys(&mut app, &[Key::Char('r')]), vec![Effect::ListInbox]);
    // Back from a dossier opened here comes back here; Esc goes Home.
    let mut l = loaded(NAME);
    l.standing.received_from = Some("210213".into());
    let _ = update(&mut app, Action::Worker(Event::Opened(Box::new(l))));
    assert_eq!(app.screen, Screen::Dossier);
    assert_eq!(keys(&mut app, &[Key::Esc]), vec![Effect::ListInbox]);
    assert_eq!(app.screen, Screen::Inbox);
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    assert_eq!(app.screen, Screen::Home);
    // A dossier opened from Home goes back Home.
    keys(&mut app, &[Key::Enter]);
    let _ = update(
        &mut app,
        Action::Worker(Event::Opened(Box::new(loaded(NAME)))),
    );
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn a_stale_inbox_listing_is_dropped_and_a_failed_one_does_not_reopen_a_dossier() {
    let mut app = app_on(Screen::Home, Lang::En, NAME);
    let fx = keys(&mut app, &[Key::Char('I')]);
    let (first, _) = xieshang::app::dispatch(&mut app, fx);
    let fx = keys(&mut app, &[Key::Char('r')]);
    let (second, _) = xieshang::app::dispatch(&mut app, fx);
    let _ = update(
        &mut app,
        Action::Reply {
            id: first[0].id,
            event: Event::Inbox(Vec::new()),
        },
    );
    assert!(!app.inbox.loaded, "the older answer is dropped");
    let _ = update(
        &mut app,
        Action::Reply {
            id: second[0].id,
            event: Event::Inbox(inbox_rows()),
        },
    );
    assert_eq!(app.inbox.rows.len(), 6);
    assert_eq!(app.busy(), 0);
    // A dossier is still held in `open`: a failure on the Inbox shows, and stays on the Inbox.
    let fx = update(&mut app, Action::Worker(Event::Failed("no".into())));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.screen, Screen::Inbox);
}

#[test]
fn the_union_form_is_prefilled_checked_and_sent_to_the_worker() {
    let mut app = App::new(Lang::En, day(TODAY));
    let _ = update(
        &mut app,
        Action::Worker(Event::Identity {
            identity: None,
            changed: false,
        }),
    );
    assert!(app.identity_known && app.identity.is_none());
    keys(&mut app, &[Key::Char('U')]);
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.kind, xieshang::app::form::FormKind::Union);
    assert_eq!(f.value("role"), "grassroots");
    type_str(&mut app, "大连市甘井子区总工会");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "2102 11");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "王建国");
    keys(&mut app, &[Key::Tab, Key::Char(' ')]);
    // A code with a space is refused in the form, at the code, by the service's own check.
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("form closed")
    };
    assert_eq!(f.error.as_ref().and_then(|e| e.0), Some(1), "{f:?}");
    assert!(f.error.as_ref().unwrap().1.contains("2102 11"));
    keys(&mut app, &[Key::Ctrl('u')]);
    type_str(&mut app, "210211");
    let fx = keys(&mut app, &[Key::Enter]);
    assert_eq!(
        fx,
        vec![Effect::SetIdentity {
            name: "大连市甘井子区总工会".into(),
            code: "210211".into(),
            person: "王建国".into(),
            role: "reviewer".into(),
        }]
    );
    assert!(app.modal().is_none());
    // The worker's answer: the union is shown and said.
    let identity =
        xieshang::domain::Identity::parse("大连市甘井子区总工会", "210211", "王建国", "reviewer")
            .unwrap();
    let _ = update(
        &mut app,
        Action::Worker(Event::Identity {
            identity: Some(identity.clone()),
            changed: true,
        }),
    );
    assert_eq!(app.identity.as_ref(), Some(&identity));
    let flash = app.flash.clone().unwrap();
    assert!(!flash.error && flash.text.contains("210211"), "{flash:?}");
    // Opened again, the form shows what is set.
    keys(&mut app, &[Key::Char('U')]);
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.value("code"), "210211");
    assert_eq!(f.value("role"), "reviewer");
}

#[test]
fn answering_an_opinion_records_the_answer_fact() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    with_prereview(app.open.as_mut().unwrap());
    app.dossier.step = 5;
    let before = shown(&app);
    keys(&mut app, &[Key::Char('a')]);
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.kind, xieshang::app::form::FormKind::Answer);
    // Opinion 1 is the first standing one not answered yet.
    assert_eq!(f.value("opinion"), "1");
    type_str(&mut app, "已采纳，第三条已改写。");
    let fx = keys(&mut app, &[Key::Enter]);
    let [Effect::Record { fact, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        **fact,
        Fact::Answer {
            opinion: 1,
            text: "已采纳，第三条已改写。".into(),
        }
    );
    let (_, change) = recorded(&fx, &before);
    assert!(
        change
            .dossier
            .answers
            .iter()
            .any(|a| a.opinion == 1 && a.text == "已采纳，第三条已改写。")
    );
    // An opinion that does not exist is refused at its field.
    keys(&mut app, &[Key::Char('a'), Key::BackTab, Key::Ctrl('u')]);
    type_str(&mut app, "9");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "答复");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("form closed")
    };
    assert_eq!(f.error.as_ref().and_then(|e| e.0), Some(0));
}

#[test]
fn a_received_dossier_records_only_its_prereview() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    let l = app.open.as_mut().unwrap();
    with_prereview(l);
    l.standing.received_from = Some("210211".into());
    // Every other step's forms say why instead of opening.
    for (step, key) in [
        (0, 'a'),
        (0, 'E'),
        (1, 'e'),
        (0, 'i'),
        (2, ' '),
        (4, 'e'),
        (6, 'e'),
        (10, 'e'),
    ] {
        app.dossier.step = step;
        app.pane = usize::from(key == ' ');
        app.flash = None;
        assert!(keys(&mut app, &[Key::Char(key)]).is_empty());
        assert!(app.modal().is_none(), "step {step} key {key}");
        let flash = app.flash.clone().unwrap();
        assert!(
            flash.error && flash.text.contains("only the pre-review is recorded here"),
            "{flash:?}"
        );
        assert!(flash.text.contains("210211"));
    }
    // Looking still works: Enter on the draft step shows the draft.
    app.dossier.step = 4;
    app.pane = 0;
    keys(&mut app, &[Key::Enter]);
    assert_eq!(app.screen, Screen::Draft);
    // …whose clauses are not edited here,
    assert!(keys(&mut app, &[Key::Char('e')]).is_empty());
    assert!(app.modal().is_none());
    assert!(app.flash.as_ref().unwrap().text.contains("210211"));
    // …and nor is the table.
    app.screen = Screen::Table;
    assert!(keys(&mut app, &[Key::Char('w')]).is_empty());
    assert!(app.modal().is_none());
    assert!(app.flash.as_ref().unwrap().text.contains("210211"));
    // On the pre-review step the reviewer records a decision and opinions…
    app.screen = Screen::Dossier;
    app.dossier.step = 5;
    keys(&mut app, &[Key::Char('o')]);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    keys(&mut app, &[Key::Esc]);
    keys(&mut app, &[Key::Char('e')]);
    assert!(matches!(app.modal(), Some(Modal::Form(_))));
    keys(&mut app, &[Key::Esc]);
    // …but the answers are the other union's.
    app.flash = None;
    assert!(keys(&mut app, &[Key::Char('a')]).is_empty());
    assert!(app.modal().is_none());
    let flash = app.flash.clone().unwrap();
    assert!(flash.text.contains("Answers") && flash.text.contains("210211"));
}

#[test]
fn an_opinion_from_the_draft_names_the_clause_under_the_cursor() {
    let mut app = app_on(Screen::Draft, Lang::ZhCn, NAME);
    app.draft.clause = 3;
    keys(&mut app, &[Key::Char('o')]);
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.kind, xieshang::app::form::FormKind::Opinion);
    assert_eq!(f.value("clause"), "第四条");
    assert_eq!(f.focus, 1, "typing starts at the opinion");
}

/// Answers request `id` with `event`, as the runtime does.
fn reply(app: &mut App, id: xieshang::app::RequestId, event: Event) -> Vec<Effect> {
    update(app, Action::Reply { id, event })
}

fn form_of(app: &App) -> xieshang::app::form::Form {
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    f.clone()
}

#[test]
fn send_receive_remote_and_bundle_keys_on_the_dossier_become_effects() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    let id = "dalian-jixie-2026".to_string();
    assert_eq!(
        keys(&mut app, &[Key::Char('P')]),
        vec![Effect::Push(id.clone())]
    );
    assert_eq!(
        keys(&mut app, &[Key::Char('F')]),
        vec![Effect::Fetch(id.clone())]
    );
    // The remote form: `origin` offered, typing starts at the address; what the store would
    // refuse stays in the form at its field.
    keys(&mut app, &[Key::Char('R')]);
    let f = form_of(&app);
    assert_eq!(f.value("name"), "origin");
    assert_eq!(f.focus, 1);
    type_str(&mut app, "ext::sh -c touch% /tmp/pwned");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form_of(&app);
    assert_eq!(f.error.as_ref().and_then(|e| e.0), Some(1), "{f:?}");
    keys(&mut app, &[Key::Ctrl('u')]);
    type_str(&mut app, "/srv/git/hub.git");
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        vec![Effect::AddRemote {
            id: id.clone(),
            name: "origin".into(),
            url: "/srv/git/hub.git".into(),
        }]
    );
    assert!(app.modal().is_none());
    // The bundle form offers a file named after the dossier in the current directory.
    keys(&mut app, &[Key::Char('B')]);
    assert_eq!(form_of(&app).value("file"), "dalian-jixie-2026.bundle");
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        vec![Effect::WriteBundle {
            id,
            file: "dalian-jixie-2026.bundle".into(),
        }]
    );
}

#[test]
fn a_received_dossier_is_sent_and_bundled_by_its_key() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    app.open.as_mut().unwrap().standing.received_from = Some("210211".into());
    // Exchange is not a record: a received dossier's own union is not asked for here.
    assert_eq!(
        keys(&mut app, &[Key::Char('P')]),
        vec![Effect::Push("210211/dalian-jixie-2026".into())]
    );
    assert!(app.flash.is_none());
    keys(&mut app, &[Key::Char('B')]);
    assert_eq!(
        form_of(&app).value("file"),
        "210211-dalian-jixie-2026.bundle"
    );
}

#[test]
fn the_inbox_sends_and_receives_the_selected_row_and_takes_bundles_in() {
    let mut app = inbox_app(Lang::ZhCn);
    keys(&mut app, &[Key::Down]);
    let key = app.inbox.visible()[1].key.clone();
    assert_eq!(
        keys(&mut app, &[Key::Char('P')]),
        vec![Effect::Push(key.clone())]
    );
    assert_eq!(keys(&mut app, &[Key::Char('F')]), vec![Effect::Fetch(key)]);
    // Import: an empty path is refused at the field; a path is sent.
    keys(&mut app, &[Key::Char('B')]);
    assert_eq!(form_of(&app).kind, xieshang::app::form::FormKind::Import);
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    assert_eq!(form_of(&app).error.as_ref().and_then(|e| e.0), Some(0));
    type_str(&mut app, "来件/2026-001.bundle");
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        vec![Effect::ImportBundle("来件/2026-001.bundle".into())]
    );
    // Home takes bundles in too; with nothing open, the dossier's keys do nothing there.
    let mut app = App::new(Lang::En, day(TODAY));
    keys(&mut app, &[Key::Char('B')]);
    assert_eq!(form_of(&app).kind, xieshang::app::form::FormKind::Import);
    keys(&mut app, &[Key::Esc]);
    assert!(keys(&mut app, &[Key::Char('P'), Key::Char('F')]).is_empty());
}

#[test]
fn an_exchange_is_flashed_and_a_merge_reloads_what_is_shown() {
    let exchanged = |changed: bool| Event::Exchanged {
        message: "dalian-jixie-2026: merged origin/prereview/210213\u{1b}[2J".into(),
        changed,
    };
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    let fx = update(&mut app, Action::Worker(exchanged(false)));
    assert!(fx.is_empty(), "{fx:?}");
    let flash = app.flash.clone().unwrap();
    assert!(!flash.error);
    assert!(!flash.text.contains('\u{1b}'), "{flash:?}");
    assert!(
        flash
            .text
            .starts_with("dalian-jixie-2026: merged origin/prereview/210213")
    );
    // Merged: the open dossier is read again; the inbox or Home list again.
    assert_eq!(
        update(&mut app, Action::Worker(exchanged(true))),
        vec![Effect::OpenDossier("dalian-jixie-2026".into())]
    );
    let mut app = inbox_app(Lang::En);
    assert_eq!(
        update(&mut app, Action::Worker(exchanged(true))),
        vec![Effect::ListInbox]
    );
    let mut app = App::new(Lang::En, day(TODAY));
    assert_eq!(
        update(&mut app, Action::Worker(exchanged(true))),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    // A refused send is said; nothing is reloaded, the screen stays.
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    app.dossier.step = 1;
    let fx = update(
        &mut app,
        Action::Worker(Event::Refused(
            "dossier \"dalian-jixie-2026\" has no remote \"origin\"".into(),
        )),
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.flash.as_ref().unwrap().error);
    assert_eq!((app.screen, app.dossier.step), (Screen::Dossier, 1));
    // Every exchange answer counts: none is dropped as stale.
    let (reqs, _) = xieshang::app::dispatch(
        &mut app,
        vec![
            Effect::Push("dalian-jixie-2026".into()),
            Effect::Fetch("dalian-jixie-2026".into()),
        ],
    );
    reply(&mut app, reqs[0].id, exchanged(false));
    assert!(app.flash.as_ref().is_some_and(|f| !f.error));
    app.flash = None;
    let fx = reply(&mut app, reqs[1].id, exchanged(true));
    assert_eq!(fx, vec![Effect::OpenDossier("dalian-jixie-2026".into())]);
    assert!(app.flash.is_some());
    assert_eq!(app.busy(), 0);
}

#[test]
fn the_diff_compares_with_the_template_or_the_previous_agreement_and_drops_stale_answers() {
    use xieshang::service::against::Against;
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    let id = "dalian-jixie-2026".to_string();
    let fx = keys(&mut app, &[Key::Char('T')]);
    assert_eq!(
        fx,
        vec![Effect::CompareAgainst {
            id: id.clone(),
            against: Against::Template,
        }]
    );
    assert!(app.diff.loading);
    let (first, _) = xieshang::app::dispatch(&mut app, fx);
    let fx = keys(&mut app, &[Key::Char('A')]);
    assert_eq!(
        fx,
        vec![Effect::CompareAgainst {
            id,
            against: Against::Previous,
        }]
    );
    let (second, _) = xieshang::app::dispatch(&mut app, fx);
    let view = |label: &str| {
        Box::new(xieshang::app::view::DiffView {
            old_label: label.into(),
            new_label: "HEAD".into(),
            ..xieshang::app::view::DiffView::default()
        })
    };
    reply(&mut app, first[0].id, Event::Diff(view("wage")));
    assert_eq!(app.diff.view.as_ref().unwrap().old_label, "round-2");
    assert_eq!(app.diff.against, None, "the first answer is stale");
    reply(&mut app, second[0].id, Event::Diff(view("2025-003")));
    assert_eq!(app.diff.view.as_ref().unwrap().old_label, "2025-003");
    assert_eq!(app.diff.against, Some(Against::Previous));
    assert!(!app.diff.loading);
    assert_eq!(app.busy(), 0);
    // Picking a version goes back to comparing versions (the pair kept meanwhile).
    let fx = keys(&mut app, &[Key::Down, Key::Char('b')]);
    assert!(matches!(&fx[..], [Effect::ComputeDiff { .. }]), "{fx:?}");
    let _ = update(&mut app, Action::Worker(Event::Diff(view("round-2"))));
    assert_eq!(app.diff.against, None);
    assert_eq!((app.diff.base, app.diff.target), (Some(1), Some(0)));
    // No previous agreement: said, the view stays, the screen stays, nothing reloads.
    keys(&mut app, &[Key::Char('A')]);
    let fx = update(
        &mut app,
        Action::Worker(Event::Refused(
            "本工作区没有该企业此前签订的集体合同".into(),
        )),
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(app.screen, Screen::Diff);
    assert!(!app.diff.loading);
    assert!(app.flash.as_ref().unwrap().error);
    assert_eq!(app.diff.view.as_ref().unwrap().old_label, "round-2");
    assert_eq!(app.diff.against, None);
}

/// The template asked for before the history came in is what is shown: the default pair of
/// rounds does not replace it.
#[test]
fn a_comparison_asked_for_while_the_history_loads_is_not_replaced_by_the_default_pair() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    keys(&mut app, &[Key::Char('v')]);
    let fx = keys(&mut app, &[Key::Char('T')]);
    assert!(matches!(&fx[..], [Effect::CompareAgainst { .. }]), "{fx:?}");
    let fx = update(&mut app, Action::Worker(Event::History(versions())));
    assert!(fx.is_empty(), "{fx:?}");
    assert!(app.diff.loading, "the comparison has not answered");
    assert_eq!((app.diff.base, app.diff.target), (Some(1), Some(0)));
    let _ = update(
        &mut app,
        Action::Worker(Event::Diff(Box::new(xieshang::app::view::DiffView {
            old_label: "wage".into(),
            new_label: "HEAD".into(),
            ..xieshang::app::view::DiffView::default()
        }))),
    );
    assert!(!app.diff.loading);
    assert_eq!(
        app.diff.against,
        Some(xieshang::service::against::Against::Template)
    );
}

fn searched(fx: &[Effect]) -> Vec<Search> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::ArchiveSearch(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn search(text: &str, status: Option<&str>, kind: Option<&str>) -> Search {
    Search {
        text: text.into(),
        status: status.map(str::to_string),
        kind: kind.map(str::to_string),
    }
}

/// Search as you type: each change of the query line is a search with a newer request id, a
/// letter is text (even `q`), and an answer to an older search is dropped.
#[test]
fn typing_in_the_archive_searches_with_rising_ids_and_drops_stale_answers() {
    let mut app = App::new(Lang::ZhCn, day(TODAY));
    let fx = keys(&mut app, &[Key::Char('A')]);
    assert_eq!(app.screen, Screen::Archive);
    assert_eq!(app.archive.tab, ArchiveTab::Search);
    assert!(app.archive.typing());
    // Opening lists every agreement (no phrase yet).
    assert_eq!(searched(&fx), vec![search("", None, None)]);
    let (first, _) = dispatch(&mut app, fx);
    let mut ids = vec![first[0].id];
    for c in ['津', 'q', '贴'] {
        let fx = keys(&mut app, &[Key::Char(c)]);
        let (reqs, local) = dispatch(&mut app, fx);
        assert!(local.is_empty());
        ids.push(reqs[0].id);
    }
    assert!(!app.quit, "q is text while the query line takes the typing");
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    let fx = keys(&mut app, &[Key::Backspace, Key::Char('贴')]);
    assert_eq!(
        searched(&fx),
        vec![search("津q", None, None), search("津q贴", None, None)]
    );
    let fx = keys(&mut app, &[Key::Backspace, Key::Backspace]);
    assert_eq!(
        searched(&fx),
        vec![search("津q", None, None), search("津", None, None)]
    );
    let fx = keys(&mut app, &[Key::Char('贴')]);
    let (reqs, _) = dispatch(&mut app, fx);
    let newest = reqs[0].id;
    assert_eq!(app.busy(), ids.len() + 1);

    // The answer to "津" comes late: dropped, still searching.
    let _ = reply(
        &mut app,
        ids[1],
        Event::ArchiveHits(archive_hits()[..1].to_vec(), 1),
    );
    assert!(app.archive.search.hits.is_empty());
    assert!(app.archive.search.searching);
    // The newest answers: shown, with its phrase to mark.
    let _ = reply(&mut app, newest, Event::ArchiveHits(archive_hits(), 4));
    assert_eq!(app.archive.search.hits.len(), 4);
    assert_eq!(app.archive.search.shown, "津贴");
    assert!(!app.archive.search.searching);
    // Older answers arriving after it change nothing.
    let _ = reply(&mut app, ids[2], Event::ArchiveHits(Vec::new(), 0));
    assert_eq!(app.archive.search.hits.len(), 4);

    // Pasted text is one sanitised line, searched at once.
    let fx = update(&mut app, Action::Paste("\u{1b}[31m高温\r\n".into()));
    assert_eq!(searched(&fx), vec![search("津贴高温", None, None)]);
    let fx = keys(&mut app, &[Key::Ctrl('u')]);
    assert_eq!(searched(&fx), vec![search("", None, None)]);
    assert!(
        keys(&mut app, &[Key::Ctrl('u')]).is_empty(),
        "already empty"
    );

    // Esc lets go of the typing first (the phrase stays); then letters are keys again.
    assert!(keys(&mut app, &[Key::Esc]).is_empty());
    assert_eq!(app.screen, Screen::Archive);
    assert!(!app.archive.typing());
    assert!(keys(&mut app, &[Key::Char('x')]).is_empty());
    keys(&mut app, &[Key::Char('/')]);
    assert!(app.archive.typing());
    keys(&mut app, &[Key::Esc]);
    assert_eq!(
        keys(&mut app, &[Key::Char('q')]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    assert_eq!(app.screen, Screen::Home);
}

#[test]
fn the_status_and_kind_chips_cycle_and_each_change_searches() {
    let mut app = archive_app(Lang::En, ArchiveTab::Search);
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let fx = keys(&mut app, &[Key::Ctrl('s')]);
        statuses.push(searched(&fx)[0].status.clone());
    }
    assert_eq!(
        statuses,
        vec![
            Some("effective".into()),
            Some("expiring".into()),
            Some("expired".into()),
            Some("draft".into()),
            None
        ]
    );
    let mut kinds = Vec::new();
    for _ in 0..5 {
        let fx = keys(&mut app, &[Key::Ctrl('t')]);
        kinds.push(searched(&fx)[0].kind.clone());
    }
    assert_eq!(
        kinds,
        vec![
            Some("wage".into()),
            Some("comprehensive".into()),
            Some("safety".into()),
            Some("women".into()),
            None
        ]
    );
    let fx = keys(&mut app, &[Key::Ctrl('s'), Key::Ctrl('t')]);
    assert_eq!(
        searched(&fx).last(),
        Some(&search("津贴", Some("effective"), Some("wage")))
    );
    // The chips work while typing and when not.
    keys(&mut app, &[Key::Esc]);
    let fx = keys(&mut app, &[Key::Ctrl('s')]);
    assert_eq!(
        searched(&fx),
        vec![search("津贴", Some("expiring"), Some("wage"))]
    );
}

/// Enter opens the selected agreement read-only, at the selected matching clause — by its key,
/// a received one's `CODE/ID` too; the answer lands on the Draft at that clause, and Back walks
/// back to the search as it was.
#[test]
fn enter_opens_the_agreement_read_only_at_the_selected_clause() {
    let mut app = archive_app(Lang::ZhCn, ArchiveTab::Search);
    // The demo's agreement, its third matching clause (第十九条).
    let fx = keys(&mut app, &[Key::Right, Key::Right, Key::Enter]);
    assert_eq!(
        fx,
        vec![Effect::ViewAgreement {
            key: "2026-001".into(),
            clause: Some(18)
        }]
    );
    // No further than the last clause, no earlier than the first.
    keys(&mut app, &[Key::Right, Key::Right, Key::Right]);
    assert_eq!(app.archive.search.clause, 3);
    keys(
        &mut app,
        &[Key::Left, Key::Left, Key::Left, Key::Left, Key::Left],
    );
    assert_eq!(app.archive.search.clause, 0);
    // The received agreement: another row starts at its first clause.
    keys(&mut app, &[Key::Right, Key::Down]);
    assert_eq!(app.archive.search.clause, 0);
    let fx = keys(&mut app, &[Key::Right, Key::Enter]);
    assert_eq!(
        fx,
        vec![Effect::ViewAgreement {
            key: "210213001/2026-002".into(),
            clause: Some(3)
        }]
    );
    assert_eq!(app.opened_from, Screen::Archive);
    let (reqs, _) = dispatch(&mut app, fx);

    let mut l = loaded(NAME);
    l.read_only = true;
    l.standing.received_from = Some("210213001".into());
    let _ = reply(
        &mut app,
        reqs[0].id,
        Event::Viewed {
            loaded: Box::new(l),
            clause: Some(3),
        },
    );
    assert_eq!(app.screen, Screen::Draft);
    assert_eq!(app.draft.clause, 3);
    assert_eq!(
        app.open.as_ref().unwrap().standing.received_from.as_deref(),
        Some("210213001")
    );
    let flash = app.flash.clone().unwrap();
    assert!(!flash.error && flash.text.contains("第四条"), "{flash:?}");
    // Read-only: nothing is edited.
    assert!(keys(&mut app, &[Key::Char('e')]).is_empty());
    assert!(app.modal().is_none());
    // Back: the dossier, then the search as it was (asked again, selection kept).
    keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Dossier);
    let fx = keys(&mut app, &[Key::Esc]);
    assert_eq!(app.screen, Screen::Archive);
    assert_eq!(searched(&fx), vec![search("津贴", None, None)]);
    let _ = update(
        &mut app,
        Action::Worker(Event::ArchiveHits(archive_hits(), 4)),
    );
    assert_eq!(
        (app.archive.search.selected, app.archive.search.clause),
        (1, 1)
    );

    // A clause past the end of the draft as loaded: its last clause; none: the dossier.
    let mut app = archive_app(Lang::ZhCn, ArchiveTab::Search);
    let _ = update(
        &mut app,
        Action::Worker(Event::Viewed {
            loaded: Box::new(loaded(NAME)),
            clause: Some(40),
        }),
    );
    assert_eq!((app.screen, app.draft.clause), (Screen::Draft, 4));
    let _ = update(
        &mut app,
        Action::Worker(Event::Viewed {
            loaded: Box::new(loaded(NAME)),
            clause: None,
        }),
    );
    assert_eq!(app.screen, Screen::Dossier);
    // A filter-only search found agreements without clauses: Enter opens at the dossier.
    let mut app = archive_app(Lang::ZhCn, ArchiveTab::Search);
    for h in &mut app.archive.search.hits {
        h.clauses.clear();
    }
    assert_eq!(
        keys(&mut app, &[Key::Enter]),
        vec![Effect::ViewAgreement {
            key: "2026-001".into(),
            clause: None
        }]
    );
}

/// Tab and the numbers switch tabs, each asking for what it shows; the Due tab opens its row's
/// dossier; the figures are grouped in turn and who falls short is shown on request.
#[test]
fn tabs_switch_and_load_what_they_show() {
    use xieshang::service::coverage::GroupBy;
    let mut app = archive_app(Lang::En, ArchiveTab::Search);
    assert_eq!(keys(&mut app, &[Key::Tab]), vec![Effect::LoadDue]);
    assert_eq!(app.archive.tab, ArchiveTab::Due);
    assert_eq!(
        keys(&mut app, &[Key::Tab]),
        vec![Effect::LoadCoverage(GroupBy::All)]
    );
    assert_eq!(app.archive.tab, ArchiveTab::Stats);
    let fx = keys(&mut app, &[Key::Tab]);
    assert_eq!(searched(&fx), vec![search("津贴", None, None)]);
    assert_eq!(app.archive.tab, ArchiveTab::Search);
    assert!(app.archive.typing(), "the search takes the typing again");
    assert_eq!(
        keys(&mut app, &[Key::BackTab]),
        vec![Effect::LoadCoverage(GroupBy::All)]
    );
    // Numbers: on the search only when the query line does not take the typing.
    assert_eq!(keys(&mut app, &[Key::Char('2')]), vec![Effect::LoadDue]);
    assert_eq!(app.archive.tab, ArchiveTab::Due);
    keys(&mut app, &[Key::Char('1')]);
    assert_eq!(app.archive.tab, ArchiveTab::Search);
    keys(&mut app, &[Key::Char('3')]);
    assert_eq!(app.archive.tab, ArchiveTab::Search, "3 is typed");
    assert_eq!(app.archive.search.query, "津贴3");
    keys(&mut app, &[Key::Backspace, Key::Esc]);
    keys(&mut app, &[Key::Char('3')]);
    assert_eq!(app.archive.tab, ArchiveTab::Stats);

    // Stats: b groups in turn, l shows who falls short of the selected figure.
    let mut by = Vec::new();
    for _ in 0..4 {
        let fx = keys(&mut app, &[Key::Char('b')]);
        let [Effect::LoadCoverage(g)] = fx[..] else {
            panic!("{fx:?}")
        };
        by.push(g);
    }
    assert_eq!(
        by,
        vec![
            GroupBy::Region,
            GroupBy::Industry,
            GroupBy::Year,
            GroupBy::All
        ]
    );
    assert!(!app.archive.stats.short);
    keys(&mut app, &[Key::Down, Key::Char('l')]);
    assert!(app.archive.stats.short);
    assert_eq!(app.archive.stats.selected, 1);
    keys(&mut app, &[Key::Enter]);
    assert!(!app.archive.stats.short);
    keys(&mut app, &[Key::End]);
    assert_eq!(app.archive.stats.selected, 5, "six figures");
    // A stale coverage is dropped; the newest is adopted.
    let fx = keys(&mut app, &[Key::Char('r')]);
    let (old, _) = dispatch(&mut app, fx);
    let fx = keys(&mut app, &[Key::Char('b')]);
    let (new, _) = dispatch(&mut app, fx);
    let _ = reply(
        &mut app,
        old[0].id,
        Event::Coverage(Box::new(coverage(GroupBy::All))),
    );
    assert_eq!(app.archive.stats.figures().len(), 6);
    let _ = reply(
        &mut app,
        new[0].id,
        Event::Coverage(Box::new(coverage(GroupBy::Region))),
    );
    assert_eq!(app.archive.stats.figures().len(), 12);

    // Due: Enter opens the row's dossier (for work, not read-only); Back returns to the digest.
    keys(&mut app, &[Key::Char('2')]);
    let fx = keys(&mut app, &[Key::Down, Key::Down, Key::Enter]);
    assert_eq!(fx, vec![Effect::OpenDossier("210213001/2026-002".into())]);
    let _ = update(
        &mut app,
        Action::Worker(Event::Opened(Box::new(loaded(NAME)))),
    );
    assert_eq!(app.screen, Screen::Dossier);
    assert_eq!(keys(&mut app, &[Key::Esc]), vec![Effect::LoadDue]);
    assert_eq!(
        (app.screen, app.archive.tab),
        (Screen::Archive, ArchiveTab::Due)
    );
    assert_eq!(app.archive.due.selected, 2);
    // A failed search is not still searching, and reopens no dossier.
    keys(&mut app, &[Key::Char('1')]);
    assert!(app.archive.search.searching);
    let fx = update(
        &mut app,
        Action::Worker(Event::Failed("index: disk full".into())),
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert!(!app.archive.search.searching);
}

/// Home counts what is due: the digest is asked for at start and whenever Home lists again.
#[test]
fn home_asks_for_the_due_digest_with_its_listing() {
    let mut app = App::new(Lang::ZhCn, day(TODAY));
    assert!(app.start().contains(&Effect::LoadDue));
    let _ = update(&mut app, Action::Worker(Event::Due(due_items())));
    assert_eq!(app.archive.due.rows.len(), 4);
    assert_eq!(app.archive.due.overdue(), 1);
    assert_eq!(
        keys(&mut app, &[Key::Char('r')]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
    // From the Archive, Esc (twice: the typing first) goes back Home with both listed.
    keys(&mut app, &[Key::Char('A')]);
    assert_eq!(keys(&mut app, &[Key::Esc]), Vec::new());
    assert_eq!(
        keys(&mut app, &[Key::Esc]),
        vec![Effect::ListDossiers, Effect::LoadDue]
    );
}

/// `o` on the Archive's Search opens the selected agreement's scan — the signed agreement's when
/// there is one — through the same service call as `xieshang attachments ID --open N`; an
/// agreement without scans opens nothing and says so, and the facts line says which scans there
/// are.
#[test]
fn o_opens_the_scan_of_the_selected_agreement() {
    let mut app = archive_app(Lang::En, ArchiveTab::Search);
    keys(&mut app, &[Key::Esc]);
    assert!(!app.archive.typing());
    assert!(keys(&mut app, &[Key::Char('o')]).is_empty());
    let screen = crate::ui_support::render(&app, 240, 40);
    assert!(
        screen.contains(
            "This agreement has no scan to open (xieshang attach ID FILE --kind signed adds one)."
        ),
        "{screen}"
    );
    app.archive.search.hits[0].row.attachments = vec!["receipt".into(), "signed".into()];
    let key = app.archive.search.hits[0].row.key.clone();
    let fx = keys(&mut app, &[Key::Char('o')]);
    assert_eq!(fx, vec![Effect::OpenAttachment { key, n: 2 }]);
    let screen = crate::ui_support::render(&app, 240, 40);
    assert!(
        screen.contains("scans: filing receipt, signed and stamped agreement (o opens)"),
        "{screen}"
    );
    // While the query line takes the typing, `o` is a letter of the query.
    keys(&mut app, &[Key::Char('/')]);
    let fx = keys(&mut app, &[Key::Char('o')]);
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::OpenAttachment { .. }))
    );
}

/// Issue #12 (1): both sides at 2100元 — the agree form starts at the value (shown selected) and
/// typing replaces it; it used to start at the issue's name, where the typed value made a new,
/// fake agreed issue `企业最低工资2100元`.
#[test]
fn agreeing_types_the_value_and_never_creates_an_issue() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    let before = shown(&app);
    keys(&mut app, &[Key::Down, Key::Char('a')]);
    let f = form_of(&app);
    assert_eq!((f.focus, f.value("value")), (1, "2100元"));
    type_str(&mut app, "2100元");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let r = change.dossier.rounds.last().unwrap();
    assert_eq!(r.issues.len(), 3, "no new issue");
    let i = r.issue("企业最低工资").unwrap();
    assert_eq!(i.agreed.as_deref(), Some("2100元"));
    // The issue is the selected row and cannot be typed into: ↑ and Tab stay on the value, and
    // what is typed goes to the value (it used to reach the issue's key, `X` a new issue).
    keys(&mut app, &[Key::Char('a'), Key::Up]);
    assert_eq!(form_of(&app).focus, 1);
    keys(&mut app, &[Key::Tab, Key::BackTab, Key::Up]);
    type_str(&mut app, "X");
    let f = form_of(&app);
    assert_eq!(
        (f.focus, f.value("issue"), f.value("value")),
        (1, "企业最低工资", "X")
    );
}

/// Issue #12 (2): after `i` adds an issue the cursor is on it, so the next `e` is about it (it
/// stayed on the previous row, and `e` overwrote 高温津贴).
#[test]
fn a_new_issue_takes_the_cursor() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    keys(&mut app, &[Key::Char('i')]);
    type_str(&mut app, "延时加班工资比例");
    // Tab to the unit: `p` picks percent; then the workers' value.
    keys(&mut app, &[Key::Tab, Key::Char('p'), Key::Tab]);
    assert_eq!(form_of(&app).value("unit"), "percent");
    type_str(&mut app, "200%");
    let fx = keys(&mut app, &[Key::Enter]);
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert_eq!(app.selected_issue(), Some("延时加班工资比例"));
    keys(&mut app, &[Key::Char('e')]);
    assert_eq!(form_of(&app).value("issue"), "延时加班工资比例");
}

/// Issue #12 (3): positions are typed by the issue's unit; a position below the legal floor is
/// marked at once with its rule; the form opens on the side's last value.
#[test]
fn positions_are_typed_and_a_figure_below_the_floor_is_marked() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    // The minimum wage is yuan a month: text is refused at the value.
    keys(&mut app, &[Key::Down, Key::Char('w')]);
    assert_eq!(form_of(&app).value("value"), "2100元", "the last value");
    type_str(&mut app, "✓本人上月标");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form_of(&app);
    assert_eq!(f.error.as_ref().and_then(|e| e.0), Some(1));
    keys(&mut app, &[Key::Esc]);
    // A new overtime issue, the employer offering 120 % (LL 44: at least 150 %).
    keys(&mut app, &[Key::Char('i')]);
    type_str(&mut app, "延时加班工资比例");
    keys(&mut app, &[Key::Tab, Key::Char('p'), Key::Tab]);
    type_str(&mut app, "150%");
    keys(&mut app, &[Key::Enter, Key::Char('e')]);
    type_str(&mut app, "120%");
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1);
    let frame = render(&app, 120, 40);
    assert!(frame.contains("120%!"), "{frame}");
    assert!(frame.contains("CONTENT-OVERTIME"), "{frame}");
}

/// Issue #12 (8): Home shows each dossier's id (what the CLI takes), and its count is of what the
/// filter lets through (it counted every dossier whatever the filter).
#[test]
fn home_shows_ids_and_counts_what_the_filter_shows() {
    let mut app = App::new(Lang::En, day(TODAY));
    let _ = update(&mut app, Action::Worker(Event::Listed(summaries())));
    let frame = render(&app, 120, 40);
    assert!(frame.contains("dalian-jixie-2026"), "{frame}");
    assert!(frame.contains("3 dossiers"), "{frame}");
    keys(&mut app, &[Key::Char('/')]);
    type_str(&mut app, "anshan");
    let frame = render(&app, 120, 40);
    assert!(frame.contains("1 / 3 dossiers"), "{frame}");
}

/// Issue #12 (6): text typed on a choice field is never dropped (it goes to the next text field),
/// first letters pick a choice, the next round opens on the date and place agreed at the
/// suspension, and a date after today is asked about once.
#[test]
fn forms_keep_typed_text_prefill_the_next_round_and_ask_about_future_dates() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    // Suspend round 3 for three days (`+3`, from 2026-04-20), at another place, minutes signed.
    keys(&mut app, &[Key::Char('s'), Key::Up, Key::Ctrl('u')]);
    type_str(&mut app, "+3");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "工会活动室");
    keys(&mut app, &[Key::Tab, Key::Tab, Key::Char(' ')]);
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let r = change.dossier.rounds.last().unwrap();
    assert!(r.minutes_signed, "signed minutes on a suspension");
    assert!(matches!(
        &r.state,
        xieshang::domain::RoundState::Suspended { until, place: Some(p), .. }
            if *until == day("2026-04-23") && p == "工会活动室"
    ));
    // The next round: date and place from the suspension; the chair alternates.
    keys(&mut app, &[Key::Char('o')]);
    let f = form_of(&app);
    assert_eq!(f.value("date"), "2026-04-23");
    assert_eq!(f.value("place"), "工会活动室");
    assert_eq!(f.value("chair"), "employer");
    // On the chair (a choice) `w` picks workers; other letters go to the place, not nowhere.
    keys(&mut app, &[Key::Tab, Key::Char('w')]);
    assert_eq!(form_of(&app).value("chair"), "workers");
    type_str(&mut app, "X");
    let f = form_of(&app);
    assert_eq!((f.focus, f.value("place")), (2, "工会活动室X"));
    // 2026-04-23 is after today (2026-04-20): asked once, then saved.
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form_of(&app);
    assert_eq!(
        f.error.as_ref().and_then(|e| e.0),
        Some(0),
        "a future date is asked about"
    );
    assert_eq!(
        keys(&mut app, &[Key::Enter]).len(),
        1,
        "Enter again saves it"
    );
}

/// Issue #12 (5): on a step, `C` corrects a recorded fact with a reason (the newest closed
/// round's date here), and the step's record then says what was corrected, when and why.
#[test]
fn a_recorded_fact_is_corrected_with_a_reason_from_its_step() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    keys(&mut app, &[Key::Char('C')]);
    let f = form_of(&app);
    assert_eq!(
        (f.value("what"), f.value("value"), f.focus),
        ("round.2.date", "2026-03-17", 2)
    );
    type_str(&mut app, "minutes say the 16th");
    keys(&mut app, &[Key::BackTab, Key::Ctrl('u')]);
    type_str(&mut app, "2026-03-16");
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    assert_eq!(change.dossier.rounds[1].date, day("2026-03-16"));
    assert_eq!(change.dossier.corrections[0].old, "2026-03-17");
    let frame = render(&app, 120, 40);
    assert!(
        frame.contains("date of round 2 2026-03-17 → 2026-03-16, corrected on 2026-04-20 because"),
        "{frame}"
    );
}

/// Issue #12 (5): removing a representative asks whether they left (a vacancy) or were entered
/// by mistake (`m`: none, so nothing shows as overdue on Home for good).
#[test]
fn a_representative_entered_by_mistake_is_removed_without_a_vacancy() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 0;
    app.pane = 1;
    keys(&mut app, &[Key::Char('x')]);
    assert!(matches!(app.modal(), Some(Modal::Confirm(_))));
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Char('m')]);
    let (_, change) = recorded(&fx, &before);
    assert_eq!(
        change.dossier.representatives.len(),
        before.representatives.len() - 1
    );
    assert_eq!(change.dossier.vacancies.len(), before.vacancies.len());
}

/// Issue #12 (6): a preparation tick is dated (it was stamped with today, no way to say when the
/// task was done), and a form on a recorded fact opens with what is recorded.
#[test]
fn ticks_are_dated_and_recorded_facts_reopen_as_recorded() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 2;
    app.pane = 1;
    // The first entry not done yet.
    let d = shown(&app);
    let i = xieshang::app::prep_entries()
        .iter()
        .position(|e| match e {
            xieshang::app::PrepEntry::Task(t) => !d.preparation.tasks.contains_key(t),
            xieshang::app::PrepEntry::Factor(f) => !d.preparation.wage_data.contains_key(f),
        })
        .unwrap();
    app.dossier.item = i;
    keys(&mut app, &[Key::Char(' ')]);
    assert_eq!(form_of(&app).value("date"), TODAY);
    keys(&mut app, &[Key::Ctrl('u')]);
    type_str(&mut app, "-5");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &d);
    let dates: Vec<_> = change
        .dossier
        .preparation
        .tasks
        .values()
        .chain(change.dossier.preparation.wage_data.values())
        .copied()
        .collect();
    assert!(dates.contains(&day("2026-04-15")), "{dates:?}");
    // The request on record is not typed again: `e` opens its correction, on the date sent.
    app.dossier.step = 1;
    keys(&mut app, &[Key::Char('e')]);
    let f = form_of(&app);
    assert_eq!(
        (f.value("what"), f.value("value")),
        ("offer.sent", "2026-02-10")
    );
}

/// Issue #12 (9): the Diff screen's default pair, with a draft made after round 1: the first draft
/// against the current one (it compared round 1, which had no draft, with HEAD).
#[test]
fn the_default_pair_compares_two_drafts_when_the_draft_came_after_round_1() {
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    let v = |short: &str, tags: &[&str], draft: Option<&str>| xieshang::app::view::Version {
        rev: format!("{short}000000000000000000000000000000000000"),
        short: short.into(),
        time: "2026-04-20 10:00".into(),
        message: String::new(),
        text: String::new(),
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        draft: draft.map(str::to_string),
    };
    app.diff.asked = None;
    let _ = update(
        &mut app,
        Action::Worker(Event::History(vec![
            v("c3", &[], Some("blob-2")),
            v("b2", &[], Some("blob-1")),
            v("a1", &["round-1"], None),
        ])),
    );
    assert_eq!((app.diff.base, app.diff.target), (Some(1), Some(0)));
}

/// The form on step `step` opened with `key`, and its date field `id` with the hint beside it.
fn date_on(app: &mut App, step: usize, key: Key, id: &str) -> (String, Option<&'static str>) {
    app.modals.clear();
    app.screen = Screen::Dossier;
    app.dossier.step = step;
    app.pane = 0;
    keys(app, &[key]);
    let f = form_of(app);
    let field = f.fields.iter().find(|x| x.id == id).unwrap();
    (field.value.clone(), field.hint.as_ref().map(|h| h.0))
}

/// Issue #12 (6): every date field opens on the step's natural date, with a hint saying which —
/// the draft on the last round, the pre-review on the day the draft was agreed, the congress on
/// the pre-review's decision, the signing on the congress, the filing on the signing, the review
/// on the receipt plus the 15-day review period, the publication on the effective date — or
/// empty when no recorded date says it (a suspension's next date, the filing receipt). A whole
/// procedure is walked here taking each default with Enter.
#[test]
fn date_fields_open_on_the_steps_natural_date() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    // Suspending: the next meeting's date is to be agreed, not today.
    keys(&mut app, &[Key::Char('s')]);
    let f = form_of(&app);
    assert_eq!((f.value("suspend_until"), f.focus), ("", 0));
    keys(&mut app, &[Key::Esc, Key::Char('c'), Key::Enter]);
    assert!(!shown(&app).rounds[2].is_open(), "round 3 closed");
    // The draft is agreed at the last round (2026-03-31).
    assert_eq!(
        date_on(&mut app, 4, Key::Char('E'), "date"),
        ("2026-03-31".into(), Some("forms2.hint.draft_signed"))
    );
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1);
    // It goes to the union above the day it is agreed; the decision's date is typed.
    assert_eq!(
        date_on(&mut app, 5, Key::Char('e'), "submitted"),
        ("2026-03-31".into(), Some("forms2.hint.prereview_submitted"))
    );
    assert_eq!(form_of(&app).value("decided"), "");
    keys(&mut app, &[Key::BackTab, Key::Char('p'), Key::Tab]);
    type_str(&mut app, "04-08");
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1, "{:?}", app.modal());
    // The congress on the pre-review's decision.
    assert_eq!(
        date_on(&mut app, 6, Key::Char('e'), "date"),
        ("2026-04-08".into(), Some("forms2.hint.congress"))
    );
    for (i, v) in [(1, "100"), (2, "90"), (3, "80")] {
        if let Some(Modal::Form(f)) = app.modals.last_mut() {
            f.fields[i].value = v.into();
        }
    }
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1, "{:?}", app.modal());
    // The signing on the congress's day.
    assert_eq!(
        date_on(&mut app, 7, Key::Char('e'), "date"),
        ("2026-04-08".into(), Some("forms2.hint.signing"))
    );
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1, "{:?}", app.modal());
    // The filing on the signing; the receipt is typed.
    assert_eq!(
        date_on(&mut app, 8, Key::Char('e'), "sent"),
        ("2026-04-08".into(), Some("forms2.hint.filing_sent"))
    );
    let f = form_of(&app);
    assert_eq!((f.value("received"), f.focus), ("", 1));
    type_str(&mut app, "04-09");
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1, "{:?}", app.modal());
    // The review at the end of the 15-day period from the receipt (2026-04-09 + 15).
    assert_eq!(
        date_on(&mut app, 9, Key::Char('e'), "date"),
        ("2026-04-24".into(), Some("forms2.hint.review"))
    );
    assert_eq!(form_of(&app).value("effective"), "");
    // 2026-04-24 is after today: asked once.
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    assert_eq!(keys(&mut app, &[Key::Enter]).len(), 1, "{:?}", app.modal());
    let effective = shown(&app).effective.unwrap();
    assert_eq!(
        effective,
        day("2026-05-01"),
        "the later of the term's start and the day after the period"
    );
    // The publication on the effective date.
    assert_eq!(
        date_on(&mut app, 9, Key::Char('E'), "date"),
        ("2026-05-01".into(), Some("forms2.hint.publication"))
    );
}

/// Issue #12 (6): the reply opens on the day the request was received; a request's dates open
/// empty, and a receipt left empty is the sending day (a request handed over in person).
#[test]
fn the_reply_opens_on_the_receipt_and_a_request_received_by_hand_takes_one_date() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    if let Some(l) = app.open.as_mut() {
        l.dossier.reply = None;
    }
    assert_eq!(
        date_on(&mut app, 1, Key::Char('E'), "date"),
        ("2026-02-11".into(), Some("forms2.hint.reply"))
    );
    if let Some(l) = app.open.as_mut() {
        l.dossier.offer = None;
        l.dossier.reply = None;
    }
    assert_eq!(
        date_on(&mut app, 1, Key::Char('e'), "sent"),
        (String::new(), Some("forms2.hint.offer_sent"))
    );
    assert_eq!(form_of(&app).focus, 1, "on the sending date");
    type_str(&mut app, "02-10");
    keys(&mut app, &[Key::Tab, Key::Tab]);
    type_str(&mut app, "平均工资增长");
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let o = change.dossier.offer.unwrap();
    assert_eq!((o.sent, o.received), (day("2026-02-10"), day("2026-02-10")));
    // The data handed over, on record: its correction, a date field; an amendment: empty.
    assert_eq!(
        date_on(&mut app, 2, Key::Char('e'), "value"),
        ("2026-02-25".into(), Some("forms2.hint.correct_date"))
    );
    assert_eq!(
        date_on(&mut app, 2, Key::Char('M'), "date"),
        (String::new(), Some("forms2.hint.amend_date"))
    );
}

/// Issue #12: a position is written the one way its unit writes figures — `２２００` typed with
/// a Chinese IME at the minimum wage (yuan a month) is `2200元`, as the other rounds' values are,
/// so the gap and the trend compare like with like; a text issue keeps what was typed.
#[test]
fn positions_typed_in_another_form_are_stored_as_their_unit_writes_them() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    let before = shown(&app);
    keys(&mut app, &[Key::Down, Key::Char('w')]);
    type_str(&mut app, "２２００");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let i = change.dossier.rounds[2].issue("企业最低工资").unwrap();
    assert_eq!(i.workers.as_deref(), Some("2200元"));
    let frame = render(&app, 120, 40);
    assert!(
        frame.contains("100元/月"),
        "the gap 2200元 − 2100元: {frame}"
    );
    // The high-temperature allowance is yuan a month a head (costing audit 15: it was text and
    // kept `３００` full-width, without 元).
    let before = shown(&app);
    keys(&mut app, &[Key::Down, Key::Char('w')]);
    type_str(&mut app, "每月３００元");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    let i = change.dossier.rounds[2].issue("高温津贴").unwrap();
    assert_eq!(i.workers.as_deref(), Some("300元"));
}

/// Regression (audit of #12, 2 and 4): `e` on the request step, whose request is on record,
/// opened the request form and Enter saved a changed date with no reason and no history. It
/// opens the correction form on the date sent; its value is a date field (`02-09`, `+3`, a
/// future date asked about once) and it is saved as a correction with its reason.
#[test]
fn e_on_a_recorded_step_corrects_it_with_a_reason_in_a_date_field() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    let before = shown(&app);
    app.dossier.step = 1;
    app.pane = 0;
    keys(&mut app, &[Key::Char('e')]);
    let f = form_of(&app);
    assert_eq!(
        (f.value("what"), f.value("value"), f.focus),
        ("offer.sent", "2026-02-10", 2)
    );
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|f| !f.error && f.text.contains("更正"))
    );
    // `MM-DD` in the value; without a reason it is refused at the reason.
    keys(&mut app, &[Key::BackTab]);
    type_str(&mut app, "02-09");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form_of(&app);
    assert_eq!(f.fields[f.focus].id, "reason");
    type_str(&mut app, "要约原件日期");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    assert_eq!(change.dossier.offer.unwrap().sent, day("2026-02-09"));
    let c = &change.dossier.corrections[0];
    assert_eq!(
        (
            c.what.as_str(),
            c.old.as_str(),
            c.new.as_str(),
            c.reason.as_str()
        ),
        ("offer.sent", "2026-02-10", "2026-02-09", "要约原件日期")
    );
    // The reply's date, three days from today: asked about once, then saved as that date.
    keys(&mut app, &[Key::Char('e')]);
    keys(
        &mut app,
        &[Key::BackTab, Key::BackTab, Key::Right, Key::Right],
    );
    assert_eq!(form_of(&app).value("what"), "reply.date");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "+3");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "回函落款");
    assert!(keys(&mut app, &[Key::Enter]).is_empty(), "asked first");
    let f = form_of(&app);
    assert_eq!(f.fields[f.focus].id, "value");
    let fx = keys(&mut app, &[Key::Enter]);
    let (_, change) = recorded(&fx, &before);
    assert_eq!(change.dossier.reply.unwrap().date, day("2026-04-23"));
}

/// Regression (audit of #12, 13): `e` on a signed step opened the form and refused it only on
/// Enter (`合同已签字封存，只能以修订记录的形式变更`); it says at once to use `C` or `M`.
#[test]
fn e_on_a_sealed_step_points_to_c_and_m_before_any_form() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    if let Some(l) = app.open.as_mut() {
        l.dossier.signing = Some(xieshang::domain::Signing {
            date: day("2026-04-10"),
            workers_chief: None,
            employer_chief: None,
            seals: true,
        });
    }
    for (step, key) in [(1, 'e'), (1, 'E'), (2, 'e')] {
        app.flash = None;
        app.dossier.step = step;
        app.pane = 0;
        assert!(keys(&mut app, &[Key::Char(key)]).is_empty());
        assert!(app.modal().is_none(), "{step} {key} opened a form");
        let flash = app.flash.clone().unwrap();
        assert!(flash.error, "{flash:?}");
        assert_eq!(
            flash.text,
            "合同已签字封存：按 C 更正事实（形成新的封存状态），或按 M 记录协议变更。"
        );
    }
}

/// Regression (audit of #12, 5): rounds 1 and 2 hold the same draft and the draft was edited
/// since: the Diff screen compared round 1 with round 2 ("两个版本之间没有变化"); it compares
/// round 2 with the current draft.
#[test]
fn the_default_pair_shows_an_edit_made_after_two_rounds_with_the_same_draft() {
    let mut app = app_on(Screen::Diff, Lang::ZhCn, NAME);
    let v = |short: &str, tags: &[&str], draft: Option<&str>| xieshang::app::view::Version {
        rev: format!("{short}000000000000000000000000000000000000"),
        short: short.into(),
        time: "2026-04-20 10:00".into(),
        message: String::new(),
        text: String::new(),
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        draft: draft.map(str::to_string),
    };
    app.diff.asked = None;
    let _ = update(
        &mut app,
        Action::Worker(Event::History(vec![
            v("d4", &[], Some("blob-2")),
            v("c3", &["round-2"], Some("blob-1")),
            v("b2", &["round-1"], Some("blob-1")),
            v("a1", &[], Some("blob-1")),
        ])),
    );
    assert_eq!((app.diff.base, app.diff.target), (Some(1), Some(0)));
}

/// Regression (audit of #12, 7): an agreed value below the local minimum wage showed as a
/// green `✓1000元` with no mark; it is red with `!`, its floor and rule named under the table,
/// as a position below a floor is.
#[test]
fn an_agreed_value_below_a_floor_is_marked_as_a_position_is() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    if let Some(l) = app.open.as_mut()
        && let Some(r) = l.dossier.rounds.last_mut()
        && let Some(i) = r.issues.iter_mut().find(|i| i.key == "企业最低工资")
    {
        i.agreed = Some("1000元".into());
        i.status = xieshang::domain::IssueStatus::Agreed;
    }
    let screen = render(&app, 120, 40);
    assert!(screen.contains("✓1000元!"), "{screen}");
}

/// Regression (audit of #12, 8): an issue added by mistake with `i` could only be withdrawn, and
/// a withdrawn issue still counted in the round's total. `x` on one no earlier round raised
/// offers `d` to remove it; the total leaves withdrawn issues out.
#[test]
fn an_issue_added_by_mistake_is_removed_and_withdrawn_ones_do_not_count() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 3;
    let screen = render(&app, 120, 40);
    assert!(screen.contains("1/2"), "{screen}");
    assert!(!screen.contains("1/3"), "{screen}");
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    if let Some(l) = app.open.as_mut()
        && let Some(r) = l.dossier.rounds.last_mut()
    {
        r.issues
            .push(xieshang::domain::RoundIssue::new("误加议题", None));
    }
    app.table.issue = 3;
    keys(&mut app, &[Key::Char('x')]);
    let Some(Modal::Confirm(c)) = app.modal() else {
        panic!("no question")
    };
    assert!(c.message.contains("\nd  误加，删除"), "{}", c.message);
    let before = shown(&app);
    let fx = keys(&mut app, &[Key::Char('d')]);
    let (_, change) = recorded(&fx, &before);
    let keys_left: Vec<&str> = change.dossier.rounds[2]
        .issues
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    assert_eq!(keys_left, vec!["平均工资增长", "企业最低工资", "高温津贴"]);
    // An issue raised in an earlier round: withdraw only (`d` does nothing).
    app.table.issue = 0;
    keys(&mut app, &[Key::Char('x')]);
    let Some(Modal::Confirm(c)) = app.modal() else {
        panic!("no question")
    };
    assert!(!c.message.contains("误加"), "{}", c.message);
    assert!(keys(&mut app, &[Key::Char('d')]).is_empty());
}

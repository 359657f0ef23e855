//! Issue #12's forms, one by one: the enterprise details (`N`), each field of the agreed terms,
//! round attendance, the correction form's pick list, the hints of date fields — `update()` tests
//! with literal values and one 80×24 snapshot each — and the 80×24 table help and pane titles
//! cut with `…`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ui_support::*;
use xieshang::app::form::Form;
use xieshang::app::keymap::Key;
use xieshang::app::{App, Effect, Modal, Screen};
use xieshang::domain::Dossier;
use xieshang::domain::calendar::HolidayCalendar;
use xieshang::domain::region::Regions;
use xieshang::domain::rules::{Context, check};
use xieshang::i18n::Lang;
use xieshang::service::fact::{Env, Standing};

const NAME: &str = "大连海辰机械制造有限公司";

fn form(app: &App) -> Form {
    match app.modal() {
        Some(Modal::Form(f)) => f.clone(),
        other => panic!("no form: {other:?}"),
    }
}

/// The dossier the one `Record` effect in `fx` gives on `before`.
fn saved(fx: &[Effect], before: &Dossier) -> Dossier {
    let [Effect::Record { fact, .. }] = fx else {
        panic!("{fx:?}")
    };
    let standing = Standing::default();
    let env = Env {
        today: day(TODAY),
        calendar: HolidayCalendar::shared(),
        standing: &standing,
    };
    fact.apply(before, &env).unwrap().dossier
}

fn delegation_warnings(d: &Dossier) -> Vec<String> {
    let regions = Regions::builtin();
    let cal = HolidayCalendar::builtin();
    let ctx = Context::new(&regions, &cal, Lang::ZhCn);
    check(d, &ctx, day(TODAY))
        .findings
        .into_iter()
        .filter(|f| f.rule == "REP-CHIEF-DELEGATION")
        .map(|f| f.message)
        .collect()
}

/// `N` records the enterprise's union chair, legal representative and credit code. The union
/// chair opens on the workers' representative whose post is 工会主席 (王建国, the chief) — whom
/// REP-CHIEF-DELEGATION already takes as the chair by his post while none is recorded — and
/// saving it keeps it so; the employer's chief (总经理, not the legal representative) still needs
/// a delegation.
#[test]
fn the_enterprise_form_records_the_union_chair_and_ends_the_delegation_warning() {
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    app.dossier.step = 0;
    let before = shown(&app);
    let warned = delegation_warnings(&before);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("刘总"), "{warned:?}");
    keys(&mut app, &[Key::Char('N')]);
    let f = form(&app);
    assert_eq!(
        (
            f.value("union_chair"),
            f.value("legal_representative"),
            f.focus
        ),
        ("王建国", "", 1)
    );
    insta::assert_snapshot!("form_enterprise_zh", render(&app, 80, 24));
    type_str(&mut app, "刘海辰");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "91210200MA0XYW1231");
    let after = saved(&keys(&mut app, &[Key::Enter]), &before);
    let e = &after.enterprise;
    assert_eq!(e.union_chair.as_deref(), Some("王建国"));
    assert_eq!(e.legal_representative.as_deref(), Some("刘海辰"));
    assert_eq!(e.credit_code.as_deref(), Some("91210200MA0XYW1231"));
    let warned = delegation_warnings(&after);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("刘总"), "{warned:?}");
    // Reopened: as recorded.
    app.open.as_mut().unwrap().dossier = after;
    keys(&mut app, &[Key::Char('N')]);
    assert_eq!(form(&app).value("legal_representative"), "刘海辰");
}

/// Each field of the terms form: overtime (three rates), last year's average wage, pay day and
/// an allowance typed `名称=金额`; only what was typed is sent, and a rate below the legal floor
/// is refused at its field.
#[test]
fn every_terms_field_is_recorded() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    app.dossier.step = 4;
    let before = shown(&app);
    keys(&mut app, &[Key::Char('e')]);
    let f = form(&app);
    assert_eq!(
        (f.value("increase"), f.value("start")),
        ("6.5%", "2026-05-01")
    );
    insta::assert_snapshot!("form_terms_en", render(&app, 80, 24));
    let set = |app: &mut App, id: &str, v: &str| {
        if let Some(Modal::Form(f)) = app.modals.last_mut() {
            let i = f.fields.iter().position(|x| x.id == id).unwrap();
            f.fields[i].value = v.into();
        }
    };
    set(&mut app, "overtime", "150%");
    set(&mut app, "overtime_rest", "200%");
    set(&mut app, "overtime_holiday", "300%");
    set(&mut app, "last_avg_wage", "6800");
    set(&mut app, "pay_day", "15");
    set(&mut app, "overtime_base", "岗位工资");
    set(&mut app, "min_wage", "2300");
    set(&mut app, "term", "24m");
    set(&mut app, "allowance", "高温津贴=150, 夜班津贴=50");
    let after = saved(&keys(&mut app, &[Key::Enter]), &before);
    let t = &after.terms;
    assert_eq!(
        (
            t.overtime_extended_bp,
            t.overtime_rest_day_bp,
            t.overtime_holiday_bp
        ),
        (Some(15_000), Some(20_000), Some(30_000))
    );
    assert_eq!(t.last_year_avg_wage_fen, Some(680_000));
    assert_eq!(t.pay_day, Some(15));
    assert_eq!(t.allowances.get("高温津贴"), Some(&15_000));
    assert_eq!(t.allowances.get("夜班津贴"), Some(&5_000));
    assert_eq!(t.overtime_base.as_deref(), Some("岗位工资"));
    assert_eq!(t.avg_wage_increase_bp, Some(650), "untouched");
    // Reopened: every field as recorded — the allowances and the overtime base too (the
    // allowance field opened empty with 高温津贴=150 on record, and the base had no field).
    app.open.as_mut().unwrap().dossier = after;
    keys(&mut app, &[Key::Char('e')]);
    let f = form(&app);
    let all: Vec<(&str, &str)> = f.fields.iter().map(|x| (x.id, x.value.as_str())).collect();
    assert_eq!(
        all,
        vec![
            ("increase", "6.5%"),
            ("min_wage", "2300"),
            ("term", "2"),
            ("start", "2026-05-01"),
            ("overtime", "150%"),
            ("overtime_rest", "200%"),
            ("overtime_holiday", "300%"),
            ("overtime_base", "岗位工资"),
            ("last_avg_wage", "6800"),
            ("pay_day", "15"),
            ("allowance", "夜班津贴=50, 高温津贴=150"),
        ]
    );
    // A rate that is no percent, a pay day that is no day of a month: refused at the field.
    set(&mut app, "overtime", "一倍半");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form(&app);
    let at = f.error.as_ref().and_then(|e| e.0);
    assert_eq!(
        at.map(|i| f.fields[i].id),
        Some("overtime"),
        "{:?}",
        f.error
    );
    keys(&mut app, &[Key::Esc, Key::Char('e')]);
    set(&mut app, "pay_day", "32");
    assert!(keys(&mut app, &[Key::Enter]).is_empty());
    let f = form(&app);
    let at = f.error.as_ref().and_then(|e| e.0);
    assert_eq!(at.map(|i| f.fields[i].id), Some("pay_day"), "{:?}", f.error);
}

/// Round attendance from the table's `N`: names as the language lists them (、，,), kept once.
#[test]
fn round_attendance_is_recorded_from_the_table() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    let before = shown(&app);
    keys(&mut app, &[Key::Char('N')]);
    assert_eq!(
        form(&app).fields[form(&app).focus].id,
        "present",
        "the notes are written: the attendance is what is left"
    );
    type_str(&mut app, "王建国、李芳，刘总, 王建国");
    insta::assert_snapshot!("form_attendance_zh", render(&app, 80, 24));
    let after = saved(&keys(&mut app, &[Key::Enter]), &before);
    assert_eq!(
        after.rounds[2].attendance,
        vec!["王建国".to_string(), "李芳".into(), "刘总".into()]
    );
    // Reopened: the attendance as recorded.
    app.open.as_mut().unwrap().dossier = after;
    keys(&mut app, &[Key::Char('N')]);
    assert_eq!(form(&app).value("present"), "王建国, 李芳, 刘总");
}

/// `C` lists the step's correctable facts with the value each holds now (they were typed as
/// keys); ←/→ pick another and the value follows it, shown selected so typing replaces it.
#[test]
fn the_correction_form_picks_a_fact_from_a_list() {
    let mut app = app_on(Screen::Dossier, Lang::En, NAME);
    app.dossier.step = 1;
    keys(&mut app, &[Key::Char('C')]);
    let f = form(&app);
    let what = &f.fields[0];
    assert_eq!(
        what.options,
        vec![
            ("offer.sent".to_string(), "2026-02-10".to_string()),
            ("offer.received".into(), "2026-02-11".into()),
            ("reply.date".into(), "2026-02-20".into()),
            ("offer.by".into(), "workers".into()),
            (
                "offer.topics".into(),
                "平均工资增长, 企业最低工资, 加班工资基数".into()
            ),
            ("reply.refusal".into(), "-".into()),
        ]
    );
    assert_eq!(
        (f.value("what"), f.value("value"), f.focus),
        ("offer.sent", "2026-02-10", 2)
    );
    insta::assert_snapshot!("form_correct_pick_en", render(&app, 80, 24));
    // To the pick, then the next fact: its value follows.
    keys(
        &mut app,
        &[Key::BackTab, Key::BackTab, Key::Right, Key::Right],
    );
    let f = form(&app);
    assert_eq!(
        (f.value("what"), f.value("value")),
        ("reply.date", "2026-02-20")
    );
    keys(&mut app, &[Key::Left]);
    assert_eq!(form(&app).value("value"), "2026-02-11");
    // Typed over the suggestion, with a reason.
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "2026-02-12");
    keys(&mut app, &[Key::Tab]);
    type_str(&mut app, "签收单写的是12日");
    let before = shown(&app);
    let after = saved(&keys(&mut app, &[Key::Enter]), &before);
    assert_eq!(after.offer.unwrap().received, day("2026-02-12"));
    assert_eq!(after.corrections[0].what, "offer.received");
    // On the rounds step, in Chinese: each closed round's date and place, newest first.
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, NAME);
    keys(&mut app, &[Key::Char('C')]);
    let keys_listed: Vec<String> = form(&app).fields[0]
        .options
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(
        keys_listed,
        vec![
            "round.2.date",
            "round.1.date",
            "round.2.place",
            "round.1.place",
            "round.2.minutes_signed",
            "round.1.minutes_signed",
            "round.2.attendance",
            "round.1.attendance",
            "round.2.notes",
            "round.1.notes",
        ]
    );
    insta::assert_snapshot!("form_correct_pick_zh", render(&app, 80, 24));
}

/// Date fields say what their default is: the filing form opens on the signing date.
#[test]
fn date_hints_say_where_the_default_comes_from() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Dossier, lang, NAME);
        if let Some(l) = app.open.as_mut() {
            l.dossier.signing = Some(xieshang::domain::Signing {
                date: day("2026-04-16"),
                workers_chief: Some("王建国".into()),
                employer_chief: Some("刘总".into()),
                seals: true,
            });
        }
        app.dossier.step = 8;
        keys(&mut app, &[Key::Char('e')]);
        assert_eq!(form(&app).value("sent"), "2026-04-16");
        insta::assert_snapshot!(format!("form_filing_dates_{code}"), render(&app, 80, 24));
    }
}

/// At 80×24 the table's help is in two columns narrower than its lines, and step titles carry
/// key hints: both are cut with `…`, never in the middle of a word without a mark.
#[test]
fn help_and_pane_titles_at_80x24_are_cut_with_an_ellipsis() {
    for (lang, code) in [(Lang::ZhCn, "zh"), (Lang::En, "en")] {
        let mut app = app_on(Screen::Table, lang, NAME);
        app.push_modal(Modal::Help);
        let text = render(&app, 80, 24);
        insta::assert_snapshot!(format!("help_table_{code}_80x24"), text);
        let mut app = app_on(Screen::Dossier, lang, NAME);
        app.dossier.step = 2;
        let text = render(&app, 80, 24);
        insta::assert_snapshot!(format!("dossier_preparation_{code}_80x24"), text);
    }
}

/// A table cell longer than its column (a long issue name, a position typed as a sentence) is cut
/// with `…` at 80×24; it was cut at the column's edge, reading as complete.
#[test]
fn table_cells_longer_than_their_column_end_with_an_ellipsis() {
    let mut app = app_on(Screen::Table, Lang::ZhCn, NAME);
    if let Some(r) = app.open.as_mut().and_then(|l| l.dossier.rounds.last_mut()) {
        r.issues[2].key = "高温津贴及夜班津贴标准调整".into();
        r.issues[2].workers = Some("每月300元，七至九月发放".into());
    }
    let text = render(&app, 80, 24);
    let row = text
        .lines()
        .find(|l| l.contains("高温津贴"))
        .unwrap_or_default();
    assert!(row.contains("高温津贴及夜班津…"), "{row}");
    assert!(row.contains("每月300元，七至…"), "{row}");
}

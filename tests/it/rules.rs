#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The rules engine, the calendar and the procedure status, judged from plain dossiers: for every
//! rule of procedure.md §3 that can be judged from dossier data, a passing and a failing case,
//! with the boundaries the spec names.

use chrono::NaiveDate;
use proptest::prelude::*;
use xieshang::domain::calendar::{HolidayCalendar, period_end};
use xieshang::domain::procedure::{
    Blocker, SentBackBy, Step, StepState, status, status_with_policy,
};
use xieshang::domain::region::Regions;
use xieshang::domain::rules::{self, Context, Report, Severity, check};
use xieshang::domain::*;
use xieshang::i18n::Lang;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn rep(name: &str, side: Side, chief: bool) -> Representative {
    Representative {
        name: name.into(),
        side,
        post: None,
        chief,
        outsider: false,
        female: false,
        delegated: false,
    }
}

fn enterprise(region: &str) -> Enterprise {
    Enterprise {
        name: "大连某机械有限公司".into(),
        region: region.into(),
        staff: Some(200),
        women_staff: Some(20),
        union_chair: Some("王工".into()),
        legal_representative: Some("李总".into()),
        ..Enterprise::default()
    }
}

/// A dossier in Dalian with lawful rosters, nothing else.
fn base(kind: ContractKind) -> Dossier {
    let mut x = Dossier::new("t".into(), kind, enterprise("210200"), d("2026-01-05"));
    x.representatives = vec![
        rep("王工", Side::Workers, true),
        rep("赵一", Side::Workers, false),
        rep("钱二", Side::Workers, false),
        rep("李总", Side::Employer, true),
        rep("孙三", Side::Employer, false),
        rep("周四", Side::Employer, false),
    ];
    x.instructors = vec!["吴指导".into()];
    x
}

fn closed_round(n: u32, date: &str, chair: Side) -> Round {
    Round {
        number: n,
        date: d(date),
        place: Some("会议室".into()),
        chair,
        attendance: vec![],
        issues: vec![],
        notes: String::new(),
        minutes_signed: true,
        state: RoundState::Closed { date: d(date) },
    }
}

fn congress(total: u32, present: u32, votes_for: u32) -> Congress {
    Congress {
        date: d("2026-04-10"),
        body: CongressBody::Delegates,
        total,
        present,
        votes_for,
        against: 0,
        abstain: 0,
    }
}

fn signing(date: &str) -> Signing {
    Signing {
        date: d(date),
        workers_chief: Some("王工".into()),
        employer_chief: Some("李总".into()),
        seals: true,
    }
}

struct Env {
    regions: Regions,
    cal: HolidayCalendar,
}

impl Env {
    fn new() -> Self {
        Env {
            regions: Regions::builtin(),
            cal: HolidayCalendar::builtin(),
        }
    }

    fn run(&self, x: &Dossier, today: &str) -> Report {
        self.run_lang(x, today, Lang::ZhCn)
    }

    fn run_lang(&self, x: &Dossier, today: &str, lang: Lang) -> Report {
        let ctx = Context::new(&self.regions, &self.cal, lang);
        let r = check(x, &ctx, d(today));
        for f in &r.findings {
            assert!(
                translated(&f.message) && translated(&f.citation),
                "untranslated: {}",
                f.message
            );
        }
        r
    }
}

/// rust-i18n answers a missing key with `<locale>.<key>`; a placeholder left over means an
/// argument was not passed.
fn translated(s: &str) -> bool {
    !s.starts_with("en.") && !s.starts_with("zh-CN.") && !s.contains("%{") && !s.is_empty()
}

fn ids(r: &Report, rule: &str) -> Vec<Severity> {
    r.of(rule).map(|f| f.severity).collect()
}

// ---------- calendar ----------

#[test]
fn period_counting_cc201_cc203() {
    let cal = HolidayCalendar::builtin();
    // 3 March 2026 + 20 days = 23 March, a Monday.
    assert_eq!(period_end(d("2026-03-03"), 20, &cal), d("2026-03-23"));
    // Saturday 2026-03-07 rolls to Monday 9 March.
    assert_eq!(period_end(d("2026-02-25"), 10, &cal), d("2026-03-09"));
    // Landing on 2026-10-03 (National Day) rolls past the whole block to 2026-10-08.
    assert_eq!(period_end(d("2026-09-23"), 10, &cal), d("2026-10-08"));
    // Saturday 2026-10-10 is an adjusted workday: no roll.
    assert_eq!(period_end(d("2026-09-30"), 10, &cal), d("2026-10-10"));
    // Unknown year: weekends only. 2027-01-02 is a Saturday.
    assert_eq!(period_end(d("2026-12-23"), 10, &cal), d("2027-01-04"));
}

proptest! {
    #[test]
    fn period_end_is_a_working_day_not_before_start_plus_days(
        offset in 0i64..1100, days in 0u32..120
    ) {
        let cal = HolidayCalendar::builtin();
        let start = d("2025-01-01") + chrono::Duration::days(offset);
        let end = period_end(start, days, &cal);
        prop_assert!(!cal.is_rest_day(end));
        prop_assert!(end >= start + chrono::Duration::days(i64::from(days)));
        // No later than needed: every day between the nominal end and the result is a rest day.
        let mut x = start + chrono::Duration::days(i64::from(days));
        while x < end {
            prop_assert!(cal.is_rest_day(x));
            x = x.succ_opt().unwrap();
        }
    }
}

// ---------- representatives ----------

#[test]
fn lawful_rosters_give_no_representative_findings() {
    let env = Env::new();
    let r = env.run(&base(ContractKind::Wage), "2026-01-10");
    assert!(
        r.findings.iter().all(|f| f.step != Step::Representatives),
        "{:#?}",
        r.findings
    );
}

#[test]
fn an_empty_new_dossier_is_not_scolded() {
    let env = Env::new();
    let x = Dossier::new(
        "n".into(),
        ContractKind::Wage,
        enterprise("210200"),
        d("2026-01-05"),
    );
    let r = env.run(&x, "2026-01-10");
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn rep_min_and_equal() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.representatives.retain(|r| r.name != "钱二");
    let r = env.run(&x, "2026-01-10");
    assert_eq!(ids(&r, "REP-MIN"), vec![Severity::Error]);
    assert_eq!(ids(&r, "REP-EQUAL"), vec![Severity::Error]);
    assert!(r.of("REP-MIN").next().unwrap().message.contains("2 人"));
}

#[test]
fn rep_max_local() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    for i in 0..6 {
        x.representatives
            .push(rep(&format!("工{i}"), Side::Workers, false));
        x.representatives
            .push(rep(&format!("企{i}"), Side::Employer, false));
    }
    // 9 per side: at the maximum, fine.
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-MAX").is_empty());
    x.representatives.push(rep("工9", Side::Workers, false));
    x.representatives.push(rep("企9", Side::Employer, false));
    assert_eq!(
        ids(&env.run(&x, "2026-01-10"), "REP-MAX"),
        vec![Severity::Warning, Severity::Warning]
    );
    // No region data: no local maximum.
    x.enterprise.region = "110000".into();
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-MAX").is_empty());
}

#[test]
fn rep_chief_exactly_one() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.representatives[4].chief = true;
    x.representatives[0].chief = false;
    let r = env.run(&x, "2026-01-10");
    let msgs: Vec<_> = r.of("REP-CHIEF").map(|f| f.message.clone()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[0].contains("职工方没有首席代表"), "{msgs:?}");
}

#[test]
fn rep_chief_insider_and_outsiders() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    // One outsider of three: 1*3 <= 3, allowed.
    x.representatives[1].outsider = true;
    let r = env.run(&x, "2026-01-10");
    assert!(ids(&r, "REP-OUTSIDERS").is_empty());
    // The instructor at the table counts as a second outsider: 2*3 > 3.
    x.representatives[2].name = "吴指导".into();
    let r = env.run(&x, "2026-01-10");
    assert_eq!(ids(&r, "REP-OUTSIDERS"), vec![Severity::Error]);
    assert!(ids(&r, "REP-CHIEF-INSIDER").is_empty());
    x.representatives[0].outsider = true;
    let r = env.run(&x, "2026-01-10");
    assert_eq!(ids(&r, "REP-CHIEF-INSIDER"), vec![Severity::Error]);
}

#[test]
fn rep_chief_delegation() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-CHIEF-DELEGATION").is_empty());
    x.enterprise.union_chair = Some("别人".into());
    let r = env.run(&x, "2026-01-10");
    assert_eq!(ids(&r, "REP-CHIEF-DELEGATION"), vec![Severity::Warning]);
    x.representatives[0].delegated = true;
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-CHIEF-DELEGATION").is_empty());
}

/// Issue #12 (7): with no union chair or legal representative on record, a chief whose post is
/// that office (工会主席, union chair; 法定代表人) needs no delegation; a vice-chair does.
#[test]
fn rep_chief_delegation_by_post() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.enterprise.union_chair = None;
    x.enterprise.legal_representative = None;
    let workers = x
        .representatives
        .iter()
        .position(|r| r.chief && r.side == xieshang::domain::Side::Workers)
        .unwrap();
    let employer = x
        .representatives
        .iter()
        .position(|r| r.chief && r.side == xieshang::domain::Side::Employer)
        .unwrap();
    for (post_w, post_e, warnings) in [
        ("工会主席", "法定代表人、董事长", 0),
        ("Union Chair", "general manager", 1),
        ("工会副主席", "法定代表人", 1),
        ("车间主任", "总经理", 2),
    ] {
        x.representatives[workers].post = Some(post_w.into());
        x.representatives[employer].post = Some(post_e.into());
        let r = env.run(&x, "2026-01-10");
        assert_eq!(
            ids(&r, "REP-CHIEF-DELEGATION").len(),
            warnings,
            "{post_w} / {post_e}"
        );
    }
}

#[test]
fn rep_cross() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-CROSS").is_empty());
    x.representatives[5].name = "赵一".into();
    assert_eq!(
        ids(&env.run(&x, "2026-01-10"), "REP-CROSS"),
        vec![Severity::Error]
    );
}

#[test]
fn rep_women_threshold_is_inclusive() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.enterprise.women_staff = Some(39); // 39 of 200 < 1/5
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-WOMEN").is_empty());
    x.enterprise.women_staff = Some(40); // exactly 1/5
    assert_eq!(
        ids(&env.run(&x, "2026-01-10"), "REP-WOMEN"),
        vec![Severity::Warning]
    );
    x.representatives[1].female = true;
    assert!(ids(&env.run(&x, "2026-01-10"), "REP-WOMEN").is_empty());
}

#[test]
fn rep_vacancy_15_days() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    // Vacated Monday 2026-03-02: due Tuesday 17 March.
    x.vacancies.push(Vacancy {
        side: Side::Workers,
        name: "赵一".into(),
        vacated: d("2026-03-02"),
        refilled: None,
    });
    let r = env.run(&x, "2026-03-17");
    assert_eq!(ids(&r, "REP-VACANCY"), vec![Severity::Info]);
    assert_eq!(
        r.of("REP-VACANCY").next().unwrap().due,
        Some(d("2026-03-17"))
    );
    assert_eq!(
        ids(&env.run(&x, "2026-03-18"), "REP-VACANCY"),
        vec![Severity::Warning]
    );
    x.vacancies[0].refilled = Some(d("2026-03-17"));
    assert!(ids(&env.run(&x, "2026-04-01"), "REP-VACANCY").is_empty());
    x.vacancies[0].refilled = Some(d("2026-03-18"));
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "REP-VACANCY"),
        vec![Severity::Warning]
    );
}

#[test]
fn recorder_named_and_neutral() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.rounds.push(closed_round(1, "2026-03-10", Side::Workers));
    assert_eq!(
        ids(&env.run(&x, "2026-03-11"), "RECORDER"),
        vec![Severity::Error]
    );
    x.recorder = Some("赵一".into());
    assert_eq!(
        ids(&env.run(&x, "2026-03-11"), "RECORDER"),
        vec![Severity::Error]
    );
    x.recorder = Some("郑记录".into());
    assert!(ids(&env.run(&x, "2026-03-11"), "RECORDER").is_empty());
}

#[test]
fn instructor_expected_in_liaoning() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.offer = Some(Offer {
        by: Side::Workers,
        sent: d("2026-03-02"),
        received: d("2026-03-03"),
        topics: vec![],
    });
    assert!(ids(&env.run(&x, "2026-03-04"), "INSTRUCTOR").is_empty());
    x.instructors.clear();
    assert_eq!(
        ids(&env.run(&x, "2026-03-04"), "INSTRUCTOR"),
        vec![Severity::Warning]
    );
    x.enterprise.region = "110000".into();
    assert!(ids(&env.run(&x, "2026-03-04"), "INSTRUCTOR").is_empty());
}

// ---------- offer and preparation ----------

fn with_offer() -> Dossier {
    let mut x = base(ContractKind::Wage);
    x.offer = Some(Offer {
        by: Side::Workers,
        sent: d("2026-03-02"),
        received: d("2026-03-03"),
        topics: vec!["平均工资增幅".into()],
    });
    x
}

#[test]
fn offer_recorded_before_rounds() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.rounds.push(closed_round(1, "2026-03-10", Side::Workers));
    assert_eq!(
        ids(&env.run(&x, "2026-03-11"), "OFFER-RECORDED"),
        vec![Severity::Error]
    );
    let mut y = with_offer();
    y.rounds.push(closed_round(1, "2026-03-10", Side::Workers));
    assert!(ids(&env.run(&y, "2026-03-11"), "OFFER-RECORDED").is_empty());
}

#[test]
fn offer_reply_day_20_and_21() {
    let env = Env::new();
    let mut x = with_offer();
    // Received 3 March: due 23 March (Monday).
    let r = env.run(&x, "2026-03-10");
    let f = r.of("OFFER-REPLY").next().unwrap();
    assert_eq!((f.severity, f.due), (Severity::Info, Some(d("2026-03-23"))));
    assert_eq!(r.deadlines[0].due, d("2026-03-23"));
    assert!(!r.deadlines[0].overdue);
    assert_eq!(
        ids(&env.run(&x, "2026-03-23"), "OFFER-REPLY"),
        vec![Severity::Info]
    );
    let late = env.run(&x, "2026-03-24");
    assert_eq!(ids(&late, "OFFER-REPLY"), vec![Severity::Error]);
    assert!(late.deadlines[0].overdue);
    x.reply = Some(Reply {
        date: d("2026-03-23"),
        accepted: true,
        reason: None,
    });
    assert!(ids(&env.run(&x, "2026-04-01"), "OFFER-REPLY").is_empty());
    x.reply.as_mut().unwrap().date = d("2026-03-24");
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "OFFER-REPLY"),
        vec![Severity::Error]
    );
}

#[test]
fn offer_reply_deadline_on_saturday_rolls_to_monday() {
    let env = Env::new();
    let mut x = with_offer();
    // Received Sunday 8 March: day 20 is Saturday 28 March → Monday 30 March.
    x.offer.as_mut().unwrap().received = d("2026-03-08");
    let r = env.run(&x, "2026-03-10");
    assert_eq!(
        r.of("OFFER-REPLY").next().unwrap().due,
        Some(d("2026-03-30"))
    );
    assert_eq!(
        ids(&env.run(&x, "2026-03-30"), "OFFER-REPLY"),
        vec![Severity::Info]
    );
}

#[test]
fn offer_refusal_needs_reason() {
    let env = Env::new();
    let mut x = with_offer();
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: false,
        reason: None,
    });
    assert_eq!(
        ids(&env.run(&x, "2026-03-11"), "OFFER-REFUSAL"),
        vec![Severity::Warning]
    );
    x.reply.as_mut().unwrap().reason = Some("企业正在重组".into());
    assert!(ids(&env.run(&x, "2026-03-11"), "OFFER-REFUSAL").is_empty());
}

fn prepared(mut x: Dossier, by: &str) -> Dossier {
    for t in PrepTask::ALL {
        x.preparation.tasks.insert(t, d(by));
    }
    for f in WageFactor::ALL {
        x.preparation.wage_data.insert(f, d(by));
    }
    x.recorder = Some("郑记录".into());
    x
}

#[test]
fn prep_tasks_before_first_round() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    assert!(ids(&env.run(&x, "2026-03-26"), "PREP-TASKS").is_empty());
    x.preparation.tasks.remove(&PrepTask::Agenda);
    x.preparation.tasks.insert(PrepTask::Venue, d("2026-03-26"));
    let r = env.run(&x, "2026-03-27");
    assert_eq!(ids(&r, "PREP-TASKS"), vec![Severity::Warning]);
    let m = &r.of("PREP-TASKS").next().unwrap().message;
    assert!(m.contains("拟定议题") && m.contains("确定时间地点"), "{m}");
}

#[test]
fn prep_wage_data_for_wage_only() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    assert!(ids(&env.run(&x, "2026-03-26"), "PREP-WAGE-DATA").is_empty());
    x.preparation.wage_data.remove(&WageFactor::Cpi);
    assert_eq!(
        ids(&env.run(&x, "2026-03-26"), "PREP-WAGE-DATA"),
        vec![Severity::Warning]
    );
    x.kind = ContractKind::Comprehensive;
    assert!(ids(&env.run(&x, "2026-03-26"), "PREP-WAGE-DATA").is_empty());
}

#[test]
fn prep_data_lead_five_days() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    // Due 2026-03-20: provided on the 20th is in time, on the 21st late.
    x.preparation.data_provided = Some(d("2026-03-20"));
    assert!(ids(&env.run(&x, "2026-03-26"), "PREP-DATA-LEAD").is_empty());
    x.preparation.data_provided = Some(d("2026-03-21"));
    assert_eq!(
        ids(&env.run(&x, "2026-03-26"), "PREP-DATA-LEAD"),
        vec![Severity::Warning]
    );
    // Not yet provided, round scheduled: a deadline.
    x.preparation.data_provided = None;
    let r = env.run(&x, "2026-03-18");
    assert_eq!(ids(&r, "PREP-DATA-LEAD"), vec![Severity::Info]);
    assert!(
        r.deadlines
            .iter()
            .any(|dl| dl.rule == "PREP-DATA-LEAD" && dl.due == d("2026-03-20"))
    );
    assert_eq!(
        ids(&env.run(&x, "2026-03-22"), "PREP-DATA-LEAD"),
        vec![Severity::Warning]
    );
}

// ---------- rounds ----------

#[test]
fn round_chair_alternates() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.rounds.push(closed_round(2, "2026-03-30", Side::Employer));
    assert!(ids(&env.run(&x, "2026-04-01"), "ROUND-CHAIR").is_empty());
    x.rounds[1].chair = Side::Workers;
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "ROUND-CHAIR"),
        vec![Severity::Warning]
    );
}

#[test]
fn round_minutes_signed_once_closed() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    let mut r1 = closed_round(1, "2026-03-25", Side::Workers);
    r1.minutes_signed = false;
    x.rounds.push(r1);
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "ROUND-MINUTES"),
        vec![Severity::Warning]
    );
    x.rounds[0].state = RoundState::Open;
    assert!(ids(&env.run(&x, "2026-04-01"), "ROUND-MINUTES").is_empty());
}

#[test]
fn round_suspend_records_next_meeting() {
    let env = Env::new();
    let mut x = prepared(with_offer(), "2026-03-20");
    let mut r1 = closed_round(1, "2026-03-25", Side::Workers);
    r1.state = RoundState::Suspended {
        until: d("2026-04-08"),
        place: None,
        content: Some("工资增幅".into()),
    };
    x.rounds.push(r1);
    let r = env.run(&x, "2026-03-26");
    assert_eq!(
        ids(&r, "ROUND-SUSPEND"),
        vec![Severity::Warning, Severity::Info]
    );
    if let RoundState::Suspended { place, .. } = &mut x.rounds[0].state {
        *place = Some("三楼会议室".into());
    }
    let r = env.run(&x, "2026-03-26");
    assert_eq!(ids(&r, "ROUND-SUSPEND"), vec![Severity::Info]);
    assert_eq!(
        r.of("ROUND-SUSPEND").next().unwrap().due,
        Some(d("2026-04-08"))
    );
}

// ---------- content ----------

#[test]
fn content_min_wage_against_region_on_start_date() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.terms.start = Some(d("2026-05-01"));
    // Liaoning's first tier from 2025-12-01 (transcribed, not verified): 2230 yuan.
    x.terms.min_wage_fen = Some(223_000);
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-MIN-WAGE").is_empty());
    x.terms.min_wage_fen = Some(222_999);
    let r = env.run(&x, "2026-04-01");
    assert_eq!(ids(&r, "CONTENT-MIN-WAGE"), vec![Severity::Error]);
    let m = &r.of("CONTENT-MIN-WAGE").next().unwrap().message;
    assert!(m.contains("2230") && m.contains("示例"), "{m}");
    let en = env.run_lang(&x, "2026-04-01", Lang::En);
    let m = &en.of("CONTENT-MIN-WAGE").next().unwrap().message;
    assert!(m.contains("sample") && m.contains("2230"), "{m}");
    // Back in 2015 Dalian's figure was 900 yuan.
    x.terms.start = Some(d("2015-05-01"));
    x.terms.min_wage_fen = Some(95_000);
    assert!(ids(&env.run(&x, "2015-04-01"), "CONTENT-MIN-WAGE").is_empty());
}

/// Without a minimum wage in force on the judged date, or without data for the area, the
/// agreed figure goes unchecked: an info finding says so and names the file to add.
#[test]
fn content_min_wage_without_region_data_names_the_file() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.terms.min_wage_fen = Some(80_000);
    // Dalian's first figure runs from 2010-07-10: the day before, nothing is in force.
    x.terms.start = Some(d("2010-07-09"));
    let r = env.run(&x, "2010-06-01");
    assert_eq!(ids(&r, "CONTENT-MIN-WAGE"), vec![Severity::Info]);
    let m = &r.of("CONTENT-MIN-WAGE").next().unwrap().message;
    assert!(
        m.contains("regions/210200.json") && m.contains("2010-07-09"),
        "{m}"
    );
    x.terms.start = Some(d("2010-07-10"));
    assert_eq!(
        ids(&env.run(&x, "2010-06-01"), "CONTENT-MIN-WAGE"),
        vec![Severity::Error]
    );
    x.enterprise.region = "110000".into();
    let r = env.run_lang(&x, "2010-06-01", Lang::En);
    let m = &r.of("CONTENT-MIN-WAGE").next().unwrap().message;
    assert!(m.contains("regions/110000.json"), "{m}");
    assert_eq!(ids(&r, "CONTENT-MIN-WAGE"), vec![Severity::Info]);
}

#[test]
fn content_overtime_floors() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.terms.overtime_extended_bp = Some(15_000);
    x.terms.overtime_rest_day_bp = Some(20_000);
    x.terms.overtime_holiday_bp = Some(30_000);
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-OVERTIME").is_empty());
    x.terms.overtime_extended_bp = Some(14_999);
    x.terms.overtime_holiday_bp = Some(20_000);
    let r = env.run(&x, "2026-04-01");
    assert_eq!(
        ids(&r, "CONTENT-OVERTIME"),
        vec![Severity::Error, Severity::Error]
    );
    assert!(r.of("CONTENT-OVERTIME").any(|f| f.message.contains("300%")));
}

#[test]
fn content_guideline_lines_inclusive() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.terms.start = Some(d("2013-06-01"));
    for bp in [500, 1200, 1700] {
        x.terms.avg_wage_increase_bp = Some(bp);
        assert!(ids(&env.run(&x, "2013-05-01"), "CONTENT-GUIDELINE").is_empty());
    }
    x.terms.avg_wage_increase_bp = Some(499);
    let r = env.run(&x, "2013-05-01");
    assert_eq!(ids(&r, "CONTENT-GUIDELINE"), vec![Severity::Warning]);
    assert!(
        r.of("CONTENT-GUIDELINE")
            .next()
            .unwrap()
            .message
            .contains("4.99%")
    );
    x.terms.avg_wage_increase_bp = Some(1701);
    assert_eq!(
        ids(&env.run(&x, "2013-05-01"), "CONTENT-GUIDELINE"),
        vec![Severity::Warning]
    );
    // No guideline for 2026 in the data: nothing to compare with, and the finding says so and
    // names the file to add, even for a cut in wages.
    x.terms.start = Some(d("2026-06-01"));
    x.terms.avg_wage_increase_bp = Some(-500);
    let r = env.run(&x, "2026-05-01");
    assert_eq!(ids(&r, "CONTENT-GUIDELINE"), vec![Severity::Info]);
    let m = &r.of("CONTENT-GUIDELINE").next().unwrap().message;
    assert!(
        m.contains("regions/210200.json") && m.contains("-5%"),
        "{m}"
    );
}

#[test]
fn content_term_one_to_three_years() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    for m in [12, 36] {
        x.terms.term_months = Some(m);
        assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-TERM").is_empty());
    }
    for m in [11, 37] {
        x.terms.term_months = Some(m);
        assert_eq!(
            ids(&env.run(&x, "2026-04-01"), "CONTENT-TERM"),
            vec![Severity::Error]
        );
    }
    // From dates: 2026-01-01..2028-12-31 is exactly 3 years; one more day is too long.
    x.terms.term_months = None;
    x.terms.start = Some(d("2026-01-01"));
    x.terms.end = Some(d("2028-12-31"));
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-TERM").is_empty());
    x.terms.end = Some(d("2029-01-01"));
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "CONTENT-TERM"),
        vec![Severity::Error]
    );
    x.terms.end = Some(d("2026-12-30"));
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "CONTENT-TERM"),
        vec![Severity::Error]
    );
}

#[test]
fn content_special_looks_at_the_enterprises_other_agreements() {
    let env = Env::new();
    let mut x = base(ContractKind::Comprehensive);
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-SPECIAL").is_empty());
    x.enterprise.high_risk = true;
    x.enterprise.women_staff = Some(100); // half of 200: concentrated
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "CONTENT-SPECIAL"),
        vec![Severity::Warning, Severity::Warning]
    );
    // A wage agreement alone is warned too (issue 10: the enterprise needs the special ones).
    x.kind = ContractKind::Wage;
    assert_eq!(
        ids(&env.run(&x, "2026-04-01"), "CONTENT-SPECIAL"),
        vec![Severity::Warning, Severity::Warning]
    );
    // With a safety agreement among its dossiers, only the women's contract is missing.
    let other = |key: &str, kind| OtherAgreement {
        key: key.into(),
        kind,
        created: d("2026-01-02"),
        signed: None,
        start: None,
        end: None,
    };
    x.others.push(other("2026-002", ContractKind::Safety));
    let f = env.run(&x, "2026-04-01");
    let special: Vec<_> = f
        .findings
        .iter()
        .filter(|f| f.rule == "CONTENT-SPECIAL")
        .collect();
    assert_eq!(special.len(), 1);
    assert!(special[0].message.contains("women") || special[0].message.contains("女职工"));
    x.others.push(other("2026-003", ContractKind::Women));
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-SPECIAL").is_empty());
    // A safety contract itself is not asked for more.
    x.others.clear();
    x.kind = ContractKind::Safety;
    assert!(ids(&env.run(&x, "2026-04-01"), "CONTENT-SPECIAL").is_empty());
}

#[test]
fn overlapping_agreements_and_a_renewal_nobody_opened() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.signing = Some(signing("2026-02-20"));
    x.terms.start = Some(d("2026-03-01"));
    x.terms.end = Some(d("2027-02-28"));
    // Before the window (3 months before expiry) nothing; inside it, a reminder until a new
    // dossier of the same kind is opened.
    assert!(ids(&env.run(&x, "2026-11-27"), "RENEWAL-NEW").is_empty());
    assert_eq!(
        ids(&env.run(&x, "2026-11-28"), "RENEWAL-NEW"),
        vec![Severity::Warning]
    );
    let mut next = OtherAgreement {
        key: "2026-009".into(),
        kind: ContractKind::Wage,
        created: d("2026-12-01"),
        signed: None,
        start: None,
        end: None,
    };
    x.others.push(next.clone());
    assert!(ids(&env.run(&x, "2026-12-02"), "RENEWAL-NEW").is_empty());
    // Signed for a term that overlaps this one by two months.
    next.signed = Some(d("2026-12-20"));
    next.start = Some(d("2027-01-01"));
    next.end = Some(d("2027-12-31"));
    x.others = vec![next.clone()];
    let f = env.run(&x, "2026-12-21");
    let o: Vec<_> = f
        .findings
        .iter()
        .filter(|f| f.rule == "AGREEMENT-OVERLAP")
        .collect();
    assert_eq!(o.len(), 1);
    assert!(o[0].message.contains("2026-009") && o[0].message.contains("2027-01-01"));
    // Another kind, or no overlap: nothing.
    next.start = Some(d("2027-03-01"));
    x.others = vec![next.clone()];
    assert!(ids(&env.run(&x, "2026-12-21"), "AGREEMENT-OVERLAP").is_empty());
    next.start = Some(d("2027-01-01"));
    next.kind = ContractKind::Safety;
    x.others = vec![next];
    assert!(ids(&env.run(&x, "2026-12-21"), "AGREEMENT-OVERLAP").is_empty());
}

// ---------- congress, signing ----------

#[test]
fn congress_quorum_boundaries() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.congress = Some(congress(100, 67, 60));
    assert!(ids(&env.run(&x, "2026-04-11"), "CONGRESS-QUORUM").is_empty());
    x.congress = Some(congress(100, 66, 60));
    let r = env.run(&x, "2026-04-11");
    assert_eq!(ids(&r, "CONGRESS-QUORUM"), vec![Severity::Error]);
    let m = &r.of("CONGRESS-QUORUM").next().unwrap().message;
    assert_eq!(m, "出席 66 人，未达到应到 100 人的三分之二（67 人）");
    x.congress = Some(congress(3, 2, 2));
    assert!(ids(&env.run(&x, "2026-04-11"), "CONGRESS-QUORUM").is_empty());
    x.congress = Some(congress(3, 1, 1));
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "CONGRESS-QUORUM"),
        vec![Severity::Error]
    );
    assert_eq!(rules::quorum_needed(100), 67);
    assert_eq!(rules::quorum_needed(3), 2);
    assert_eq!(rules::quorum_needed(0), 0);
}

#[test]
fn congress_majority_of_all_delegates() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.congress = Some(congress(100, 80, 51));
    assert!(ids(&env.run(&x, "2026-04-11"), "CONGRESS-MAJORITY").is_empty());
    // 50 of 100: exactly half, a warning here (and not adopted: see the signing test).
    x.congress = Some(congress(100, 80, 50));
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "CONGRESS-MAJORITY"),
        vec![Severity::Warning]
    );
    // 49 of 100 though a majority of the 80 present: not adopted.
    x.congress = Some(congress(100, 80, 49));
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "CONGRESS-MAJORITY"),
        vec![Severity::Error]
    );
}

#[test]
fn congress_counts_consistent() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    let mut c = congress(100, 80, 60);
    c.against = 10;
    c.abstain = 10;
    x.congress = Some(c.clone());
    assert!(ids(&env.run(&x, "2026-04-11"), "CONGRESS-COUNTS").is_empty());
    c.abstain = 11;
    x.congress = Some(c);
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "CONGRESS-COUNTS"),
        vec![Severity::Error]
    );
    x.congress = Some(congress(100, 101, 60));
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "CONGRESS-COUNTS"),
        vec![Severity::Error]
    );
}

#[test]
fn prereview_before_congress_in_liaoning() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.congress = Some(congress(100, 80, 60));
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "PREREVIEW"),
        vec![Severity::Warning]
    );
    x.prereview_submitted = Some(d("2026-04-01"));
    x.prereviews.reviews = vec![PreReview {
        decided: Some(d("2026-04-03")),
        decision: Some(PreReviewDecision::PassWithChanges),
        ..PreReview::new(d("2026-04-01"), None, EnteredBy::Grassroots)
    }];
    assert!(ids(&env.run(&x, "2026-04-11"), "PREREVIEW").is_empty());
    x.prereviews.reviews[0].decision = Some(PreReviewDecision::Return);
    assert_eq!(
        ids(&env.run(&x, "2026-04-11"), "PREREVIEW"),
        vec![Severity::Warning]
    );
    x.prereview_submitted = None;
    x.prereviews.reviews.clear();
    x.enterprise.region = "110000".into(); // no such policy elsewhere
    assert!(ids(&env.run(&x, "2026-04-11"), "PREREVIEW").is_empty());
}

#[test]
fn sign_after_congress() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.signing = Some(signing("2026-04-12"));
    assert_eq!(
        ids(&env.run(&x, "2026-04-13"), "SIGN-AFTER-CONGRESS"),
        vec![Severity::Error]
    );
    x.congress = Some(congress(100, 80, 60));
    assert!(ids(&env.run(&x, "2026-04-13"), "SIGN-AFTER-CONGRESS").is_empty());
    x.signing = Some(signing("2026-04-09"));
    assert_eq!(
        ids(&env.run(&x, "2026-04-13"), "SIGN-AFTER-CONGRESS"),
        vec![Severity::Error]
    );
    x.signing = Some(signing("2026-04-12"));
    x.congress = Some(congress(100, 80, 40));
    assert_eq!(
        ids(&env.run(&x, "2026-04-13"), "SIGN-AFTER-CONGRESS"),
        vec![Severity::Error]
    );
}

/// Regression: 50 of 100 for the draft let signing, filing and publishing through with one
/// warning while the resolution said 未获通过. More than half of all delegates adopt (GR 36).
#[test]
fn signing_after_a_vote_short_of_half_is_an_error_and_exactly_half_only_a_warning() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.signing = Some(signing("2026-04-12"));
    // 49 of 100: not adopted, and signing after it is an error.
    x.congress = Some(congress(100, 67, 49));
    let r = env.run(&x, "2026-04-13");
    assert_eq!(ids(&r, "SIGN-AFTER-CONGRESS"), vec![Severity::Error]);
    assert!(!rules::adopted(x.congress.as_ref().unwrap()));
    // Exactly half: adopted on the literal reading of 半数以上 (procedure.md), with a warning.
    x.congress = Some(congress(100, 67, 50));
    let r = env.run(&x, "2026-04-13");
    assert!(ids(&r, "SIGN-AFTER-CONGRESS").is_empty());
    assert_eq!(ids(&r, "CONGRESS-MAJORITY"), vec![Severity::Warning]);
    assert!(rules::adopted(x.congress.as_ref().unwrap()));
    x.congress = Some(congress(100, 67, 51));
    let r = env.run(&x, "2026-04-13");
    assert!(ids(&r, "SIGN-AFTER-CONGRESS").is_empty());
    assert!(ids(&r, "CONGRESS-MAJORITY").is_empty());
    assert!(rules::adopted(x.congress.as_ref().unwrap()));
}

#[test]
fn sign_chiefs() {
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.congress = Some(congress(100, 80, 60));
    x.signing = Some(signing("2026-04-12"));
    assert!(ids(&env.run(&x, "2026-04-13"), "SIGN-CHIEFS").is_empty());
    x.signing.as_mut().unwrap().employer_chief = None;
    x.signing.as_mut().unwrap().workers_chief = Some("赵一".into());
    assert_eq!(
        ids(&env.run(&x, "2026-04-13"), "SIGN-CHIEFS"),
        vec![Severity::Error, Severity::Error]
    );
}

/// An amendment rewriting clauses follows the procedure of concluding the agreement (GR 41), so
/// its congress approval is expected; an approved one, a correction and a free-text amendment
/// (no clause) are not warned about.
#[test]
fn amend_approval() {
    use xieshang::domain::{AmendedClause, Amendment};
    let env = Env::new();
    let mut x = base(ContractKind::Wage);
    x.congress = Some(congress(100, 80, 60));
    x.signing = Some(signing("2026-04-12"));
    let amendment = |clauses: &[usize], approved: Option<&str>, corrects: Option<&str>| Amendment {
        date: d("2026-08-01"),
        what: "调整".into(),
        clauses: clauses
            .iter()
            .map(|n| AmendedClause {
                number: *n,
                text: "新文本。".into(),
            })
            .collect(),
        approved: approved.map(d),
        follows: Some("signed".into()),
        seal: None,
        corrects: corrects.map(str::to_string),
    };
    assert!(ids(&env.run(&x, "2026-08-02"), "AMEND-APPROVAL").is_empty());
    x.amendments = vec![
        amendment(&[], None, None),
        amendment(&[], None, Some("signing.date")),
        amendment(&[3], Some("2026-07-30"), None),
    ];
    assert!(ids(&env.run(&x, "2026-08-02"), "AMEND-APPROVAL").is_empty());
    x.amendments.push(amendment(&[1, 5], None, None));
    let r = env.run(&x, "2026-08-02");
    assert_eq!(ids(&r, "AMEND-APPROVAL"), vec![Severity::Warning]);
    let f = r.of("AMEND-APPROVAL").next().unwrap();
    assert_eq!(
        f.message,
        "2026-08-01 的第4次变更改写了第 1、5 条，但未记录职工代表大会的审议通过（--approved）"
    );
    assert!(
        f.citation.contains("《集体合同规定》第四十一条"),
        "{}",
        f.citation
    );
    let en = env.run_lang(&x, "2026-08-02", Lang::En);
    assert_eq!(
        en.of("AMEND-APPROVAL").next().unwrap().message,
        "Amendment 4 of 2026-08-01 rewrites clauses: 1, 5; no congress approval is recorded (--approved)"
    );
}

// ---------- filing, review, effect, renewal ----------

fn signed(kind: ContractKind, date: &str) -> Dossier {
    let mut x = base(kind);
    x.congress = Some(congress(100, 80, 60));
    x.signing = Some(signing(date));
    x
}

#[test]
fn filing_deadline_comprehensive_10_days() {
    let env = Env::new();
    // Signed Monday 2026-06-01: 10 days → Thursday 11 June.
    let mut x = signed(ContractKind::Comprehensive, "2026-06-01");
    let r = env.run(&x, "2026-06-11");
    let f = r.of("FILING-DEADLINE").next().unwrap();
    assert_eq!((f.severity, f.due), (Severity::Info, Some(d("2026-06-11"))));
    assert_eq!(
        ids(&env.run(&x, "2026-06-12"), "FILING-DEADLINE"),
        vec![Severity::Error]
    );
    x.filing = Some(Filing {
        sent: d("2026-06-11"),
        received: None,
        registration_no: None,
        package: FilingItem::ALL.to_vec(),
    });
    assert!(ids(&env.run(&x, "2026-06-12"), "FILING-DEADLINE").is_empty());
    x.filing.as_mut().unwrap().sent = d("2026-06-12");
    assert_eq!(
        ids(&env.run(&x, "2026-06-13"), "FILING-DEADLINE"),
        vec![Severity::Error]
    );
}

#[test]
fn filing_deadline_wage_warns_after_7() {
    let env = Env::new();
    // Signed Monday 2026-06-01: 7 days → Monday 8 June; 10 days → Thursday 11 June.
    let mut x = signed(ContractKind::Wage, "2026-06-01");
    let r = env.run(&x, "2026-06-08");
    assert_eq!(
        r.of("FILING-DEADLINE").next().unwrap().due,
        Some(d("2026-06-08"))
    );
    assert_eq!(
        ids(&env.run(&x, "2026-06-09"), "FILING-DEADLINE"),
        vec![Severity::Warning]
    );
    assert_eq!(
        ids(&env.run(&x, "2026-06-12"), "FILING-DEADLINE"),
        vec![Severity::Error]
    );
    x.filing = Some(Filing {
        sent: d("2026-06-09"),
        received: None,
        registration_no: None,
        package: FilingItem::ALL.to_vec(),
    });
    assert_eq!(
        ids(&env.run(&x, "2026-06-20"), "FILING-DEADLINE"),
        vec![Severity::Warning]
    );
}

#[test]
fn filing_deadline_rolls_over_national_day() {
    let env = Env::new();
    // Signed 2026-09-23: ten days end 2026-10-03, in the holiday block → 2026-10-08.
    let x = signed(ContractKind::Comprehensive, "2026-09-23");
    let r = env.run(&x, "2026-09-24");
    assert_eq!(
        r.of("FILING-DEADLINE").next().unwrap().due,
        Some(d("2026-10-08"))
    );
    assert_eq!(
        ids(&env.run(&x, "2026-10-08"), "FILING-DEADLINE"),
        vec![Severity::Info]
    );
}

#[test]
fn filing_package_complete() {
    let env = Env::new();
    let mut x = signed(ContractKind::Comprehensive, "2026-06-01");
    let mut package = FilingItem::ALL.to_vec();
    package.retain(|i| *i != FilingItem::WageFigures);
    x.filing = Some(Filing {
        sent: d("2026-06-05"),
        received: None,
        registration_no: None,
        package,
    });
    // Wage figures are not needed for a comprehensive contract.
    assert!(ids(&env.run(&x, "2026-06-06"), "FILING-PACKAGE").is_empty());
    x.kind = ContractKind::Wage;
    assert_eq!(
        ids(&env.run(&x, "2026-06-06"), "FILING-PACKAGE"),
        vec![Severity::Warning]
    );
}

#[test]
fn review_period_15_days() {
    let env = Env::new();
    let mut x = signed(ContractKind::Wage, "2026-06-01");
    x.filing = Some(Filing {
        sent: d("2026-06-05"),
        received: Some(d("2026-06-08")),
        registration_no: None,
        package: FilingItem::ALL.to_vec(),
    });
    // 8 June + 15 = 23 June (Tuesday); effective the next day.
    let r = env.run(&x, "2026-06-10");
    let f = r.of("REVIEW-PERIOD").next().unwrap();
    assert_eq!((f.severity, f.due), (Severity::Info, Some(d("2026-06-23"))));
    assert!(f.message.contains("2026-06-24"), "{}", f.message);
    assert_eq!(
        rules::effective_without_objection(d("2026-06-08"), &env.cal),
        d("2026-06-24")
    );
    let lapsed = env.run(&x, "2026-06-24");
    assert_eq!(lapsed.of("REVIEW-PERIOD").next().unwrap().due, None);
    x.review = Some(Review {
        date: d("2026-06-20"),
        outcome: ReviewOutcome::Objection {
            text: "第五条低于最低工资".into(),
        },
    });
    let r = env.run(&x, "2026-06-21");
    assert!(
        r.of("REVIEW-PERIOD")
            .next()
            .unwrap()
            .message
            .contains("审查意见书")
    );
    x.review = Some(Review {
        date: d("2026-06-20"),
        outcome: ReviewOutcome::NoObjection,
    });
    assert!(ids(&env.run(&x, "2026-06-21"), "REVIEW-PERIOD").is_empty());
}

#[test]
fn publish_within_5_days() {
    let env = Env::new();
    let mut x = signed(ContractKind::Wage, "2026-06-01");
    // Effective Wednesday 24 June: 5 days → Monday 29 June.
    x.effective = Some(d("2026-06-24"));
    let r = env.run(&x, "2026-06-25");
    assert_eq!(r.of("PUBLISH").next().unwrap().due, Some(d("2026-06-29")));
    assert_eq!(
        ids(&env.run(&x, "2026-06-30"), "PUBLISH"),
        vec![Severity::Warning]
    );
    x.publication = Some(Publication {
        date: d("2026-06-29"),
    });
    assert!(ids(&env.run(&x, "2026-07-10"), "PUBLISH").is_empty());
    x.publication = Some(Publication {
        date: d("2026-06-30"),
    });
    assert_eq!(
        ids(&env.run(&x, "2026-07-10"), "PUBLISH"),
        vec![Severity::Warning]
    );
}

#[test]
fn renewal_window() {
    let env = Env::new();
    let mut x = signed(ContractKind::Comprehensive, "2026-06-01");
    x.terms.end = Some(d("2027-06-30"));
    // Before the window opens the expiry is already a reminder on the calendar.
    let early = env.run(&x, "2026-11-26");
    let f = early.of("RENEWAL").next().unwrap();
    assert_eq!((f.severity, f.due), (Severity::Info, Some(d("2027-06-30"))));
    assert!(f.message.contains("2027-03-30"), "{}", f.message);
    let r = env.run(&x, "2027-03-30");
    let f = r.of("RENEWAL").next().unwrap();
    assert_eq!((f.severity, f.due), (Severity::Info, Some(d("2027-06-30"))));
    x.kind = ContractKind::Wage;
    let r = env.run(&x, "2027-05-01");
    assert!(r.of("RENEWAL").next().unwrap().message.contains("60 日"));
    assert!(
        env.run(&x, "2027-07-01")
            .of("RENEWAL")
            .next()
            .unwrap()
            .message
            .contains("期满")
    );
    x.signing = None;
    assert!(ids(&env.run(&x, "2027-05-01"), "RENEWAL").is_empty());
}

#[test]
fn nothing_about_filing_before_signing() {
    let env = Env::new();
    let x = base(ContractKind::Wage);
    let r = env.run(&x, "2026-12-31");
    for id in [
        "FILING-DEADLINE",
        "FILING-PACKAGE",
        "REVIEW-PERIOD",
        "PUBLISH",
        "RENEWAL",
    ] {
        assert!(ids(&r, id).is_empty(), "{id}");
    }
}

#[test]
fn findings_sorted_by_step_then_severity_and_both_languages() {
    let env = Env::new();
    let mut x = signed(ContractKind::Wage, "2026-06-01");
    x.representatives.pop();
    x.terms.term_months = Some(48);
    x.congress = Some(congress(100, 60, 55));
    for lang in [Lang::ZhCn, Lang::En] {
        let r = env.run_lang(&x, "2026-07-01", lang);
        let keys: Vec<_> = r.findings.iter().map(|f| (f.step, f.severity)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(r.errors() >= 3);
        let q = r.of("CONGRESS-QUORUM").next().unwrap();
        match lang {
            Lang::ZhCn => assert!(
                q.citation.contains("《集体合同规定》第三十六条"),
                "{}",
                q.citation
            ),
            Lang::En => {
                assert!(
                    q.citation
                        .contains("Collective Contract Provisions, Art. 36")
                );
                assert!(q.message.contains("60 present"), "{}", q.message);
            }
        }
    }
    assert!(
        rules::explain("CONGRESS-QUORUM", Lang::En)
            .unwrap()
            .contains("two thirds")
    );
    assert_eq!(rules::step_label(Step::Congress, Lang::ZhCn), "职代会审议");
}

// ---------- procedure status ----------

#[test]
fn status_walks_the_steps() {
    let mut x = Dossier::new(
        "s".into(),
        ContractKind::Wage,
        enterprise("210200"),
        d("2026-01-05"),
    );
    let s = status(&x, d("2026-01-06"));
    assert_eq!(s.current, Some(Step::Representatives));
    assert_eq!(s.blockers.len(), 2);
    x = with_offer();
    let s = status(&x, d("2026-03-04"));
    assert_eq!(s.current, Some(Step::Offer));
    assert_eq!(s.blockers, vec![Blocker::NoReply]);
    assert!(s.blockers[0].message(Lang::En).contains("No reply"));
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: true,
        reason: None,
    });
    let s = status(&x, d("2026-03-11"));
    assert_eq!(
        s.state(Step::Offer),
        StepState::Done {
            date: Some(d("2026-03-10"))
        }
    );
    assert_eq!(s.current, Some(Step::Preparation));
    x = prepared(x, "2026-03-20");
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.draft_signed = Some(d("2026-03-28"));
    x.prereview_submitted = Some(d("2026-03-29"));
    x.prereviews.reviews = vec![PreReview {
        decided: Some(d("2026-04-02")),
        decision: Some(PreReviewDecision::Pass),
        ..PreReview::new(d("2026-03-29"), None, EnteredBy::Grassroots)
    }];
    x.congress = Some(congress(100, 80, 60));
    x.signing = Some(signing("2026-04-12"));
    let s = status(&x, d("2026-04-13"));
    assert_eq!(s.current, Some(Step::Filing));
    assert_eq!(s.blockers, vec![Blocker::NotFiled]);
    x.filing = Some(Filing {
        sent: d("2026-04-14"),
        received: Some(d("2026-04-15")),
        registration_no: None,
        package: vec![],
    });
    x.terms.end = Some(d("2027-04-30"));
    let s = status(&x, d("2026-04-20"));
    assert_eq!(s.current, Some(Step::Effect));
    assert_eq!(s.blockers, vec![Blocker::UnderReview]);
    x.effective = Some(d("2026-05-01"));
    x.publication = Some(Publication {
        date: d("2026-05-03"),
    });
    let s = status(&x, d("2026-06-01"));
    assert_eq!(s.current, Some(Step::Term));
    assert_eq!(
        s.blockers,
        vec![Blocker::Running {
            until: Some(d("2027-04-30"))
        }]
    );
    assert!(status(&x, d("2027-05-01")).current.is_none());
}

#[test]
fn prereview_skipped_when_congress_met_without_it() {
    let mut x = prepared(with_offer(), "2026-03-20");
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: true,
        reason: None,
    });
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.congress = Some(congress(100, 80, 60));
    let s = status(&x, d("2026-04-11"));
    assert_eq!(s.state(Step::PreReview), StepState::Skipped);
    assert_eq!(
        s.state(Step::Draft),
        StepState::Done {
            date: Some(d("2026-04-10"))
        }
    );
    assert_eq!(s.current, Some(Step::Signing));
}

#[test]
fn a_rejected_vote_sends_the_bargaining_back_to_rounds() {
    let mut x = prepared(with_offer(), "2026-03-20");
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: true,
        reason: None,
    });
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.congress = Some(congress(100, 80, 40));
    let s = status(&x, d("2026-04-11"));
    assert_eq!(s.current, Some(Step::Rounds));
    assert_eq!(
        s.sent_back,
        Some((SentBackBy::CongressRejection, d("2026-04-10")))
    );
    assert_eq!(
        s.blockers,
        vec![Blocker::SentBack {
            date: d("2026-04-10")
        }]
    );
    // The app moves the failed pass aside; a new round after it moves things on again.
    x.earlier_attempts.push(Attempt {
        congress: x.congress.take(),
        ..Attempt::default()
    });
    x.rounds.push(closed_round(2, "2026-04-20", Side::Employer));
    let s = status(&x, d("2026-04-21"));
    assert_eq!(s.attempt, 2);
    assert_eq!(s.current, Some(Step::Draft));
}

#[test]
fn an_objection_sends_the_bargaining_back() {
    let mut x = prepared(with_offer(), "2026-03-20");
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: true,
        reason: None,
    });
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.congress = Some(congress(100, 80, 60));
    x.signing = Some(signing("2026-04-12"));
    x.filing = Some(Filing {
        sent: d("2026-04-14"),
        received: Some(d("2026-04-15")),
        registration_no: None,
        package: vec![],
    });
    x.review = Some(Review {
        date: d("2026-04-25"),
        outcome: ReviewOutcome::Objection { text: "x".into() },
    });
    let s = status(&x, d("2026-04-26"));
    assert_eq!(s.sent_back, Some((SentBackBy::Objection, d("2026-04-25"))));
    assert_eq!(s.current, Some(Step::Rounds));
    assert_eq!(s.state(Step::Signing), StepState::NotYet);
}

#[test]
fn region_data_from_user_json() {
    let user = r#"{"regions":[{"code":"110000","name":"北京市","min_wages":[{"from":"2025-09-01","monthly_fen":254000,"hourly_fen":2760,"sample":true}],"policy":{"rep_max":10}}]}"#;
    let mut regions = Regions::builtin();
    regions.merge(Regions::from_json(user).unwrap());
    let cal = HolidayCalendar::builtin();
    let ctx = Context::new(&regions, &cal, Lang::ZhCn);
    let mut x = base(ContractKind::Wage);
    x.enterprise.region = "110105".into();
    x.terms.min_wage_fen = Some(200_000);
    x.terms.start = Some(d("2026-01-01"));
    let r = check(&x, &ctx, d("2026-01-02"));
    assert_eq!(r.of("CONTENT-MIN-WAGE").count(), 1);
}

#[test]
fn every_message_variant_renders_in_both_languages() {
    let env = Env::new();
    let mut x = signed(ContractKind::Wage, "2026-04-12");
    // REP-CHIEF several, REP-CROSS, RECORDER as representative.
    x.representatives[1].chief = true;
    x.representatives[2].name = "孙三".into();
    x.recorder = Some("周四".into());
    // OFFER-RECORDED after the first round; OFFER-REFUSAL.
    x.offer = Some(Offer {
        by: Side::Employer,
        sent: d("2026-03-20"),
        received: d("2026-03-26"),
        topics: vec![],
    });
    x.reply = Some(Reply {
        date: d("2026-03-27"),
        accepted: false,
        reason: Some("  ".into()),
    });
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    // CONGRESS-COUNTS no total; PREREVIEW decided after the congress.
    x.congress = Some(congress(0, 0, 0));
    x.prereview_submitted = Some(d("2026-04-01"));
    x.prereviews.reviews = vec![PreReview {
        decided: Some(d("2026-04-11")),
        decision: Some(PreReviewDecision::Pass),
        ..PreReview::new(d("2026-04-01"), None, EnteredBy::Grassroots)
    }];
    x.terms.term_months = Some(6);
    x.enterprise.name = "恶意\u{202e}公司".into();
    x.representatives[3].name = "李\u{1b}[31m总".into();
    for lang in [Lang::ZhCn, Lang::En] {
        let r = env.run_lang(&x, "2026-04-13", lang);
        for id in [
            "REP-CHIEF",
            "REP-CROSS",
            "RECORDER",
            "OFFER-RECORDED",
            "OFFER-REFUSAL",
            "CONGRESS-COUNTS",
            "PREREVIEW",
            "CONTENT-TERM",
            "SIGN-AFTER-CONGRESS",
        ] {
            assert!(
                r.of(id).next().is_some(),
                "{id} in {lang:?}: {:#?}",
                r.findings
            );
        }
        for f in &r.findings {
            assert!(!f.message.contains('\u{1b}') && !f.message.contains('\u{202e}'));
        }
    }
}

#[test]
fn prereview_is_skipped_where_policy_does_not_require_it() {
    let mut x = prepared(with_offer(), "2026-03-20");
    x.reply = Some(Reply {
        date: d("2026-03-10"),
        accepted: true,
        reason: None,
    });
    x.rounds.push(closed_round(1, "2026-03-25", Side::Workers));
    x.draft_signed = Some(d("2026-03-28"));
    let s = status(&x, d("2026-03-29"));
    assert_eq!(s.current, Some(Step::PreReview));
    assert_eq!(s.blockers, vec![Blocker::PreReviewPending]);
    let national = xieshang::domain::region::Policy::default();
    let s = status_with_policy(&x, &national, d("2026-03-29"));
    assert_eq!(s.state(Step::PreReview), StepState::Skipped);
    assert_eq!(s.current, Some(Step::Congress));
    let liaoning = Regions::builtin().area("210200").unwrap().policy();
    assert_eq!(
        status_with_policy(&x, &liaoning, d("2026-03-29")).current,
        Some(Step::PreReview)
    );
}

// ---------- local rules limited to some kinds of contract ----------

/// A dossier of `kind` in 郑州 (河南) with the workers' request received Monday 2026-03-02.
fn henan(kind: ContractKind) -> Dossier {
    let mut x = base(kind);
    x.enterprise.region = "410100".into();
    x.offer = Some(Offer {
        by: Side::Workers,
        sent: d("2026-03-02"),
        received: d("2026-03-02"),
        topics: vec!["工资".into()],
    });
    x
}

fn replied(mut x: Dossier, on: &str) -> Dossier {
    x.reply = Some(Reply {
        date: d(on),
        accepted: true,
        reason: None,
    });
    x
}

/// 河南's 企业工资集体协商条例 covers wage bargaining only: a wage agreement's request is answered
/// within 10 working days (due Monday 03-16), a comprehensive contract's within the national 20
/// days (day 20 is Sunday 03-22, moved to Monday 03-23).
#[test]
fn henan_reply_period_applies_to_a_wage_agreement_only() {
    let env = Env::new();
    let wage = env.run(&henan(ContractKind::Wage), "2026-03-03");
    let f = wage.of("OFFER-REPLY").next().unwrap();
    assert_eq!(f.due, Some(d("2026-03-16")));
    assert!(
        f.message.contains("河南省企业工资集体协商条例"),
        "{}",
        f.message
    );
    assert!(
        ids(
            &env.run(
                &replied(henan(ContractKind::Wage), "2026-03-16"),
                "2026-04-01"
            ),
            "OFFER-REPLY"
        )
        .is_empty()
    );
    assert_eq!(
        ids(
            &env.run(
                &replied(henan(ContractKind::Wage), "2026-03-17"),
                "2026-04-01"
            ),
            "OFFER-REPLY"
        ),
        vec![Severity::Error]
    );
    for kind in [
        ContractKind::Comprehensive,
        ContractKind::Safety,
        ContractKind::Women,
    ] {
        let r = env.run(&henan(kind), "2026-03-03");
        let f = r.of("OFFER-REPLY").next().unwrap();
        assert_eq!(f.due, Some(d("2026-03-23")), "{kind:?}");
        assert!(!f.message.contains("条例"), "{kind:?}: {}", f.message);
        // 03-17 is late for a wage agreement, in time for the others; 03-23 the last day.
        for (on, late) in [
            ("2026-03-17", false),
            ("2026-03-23", false),
            ("2026-03-24", true),
        ] {
            let r = env.run(&replied(henan(kind), on), "2026-04-01");
            assert_eq!(
                ids(&r, "OFFER-REPLY").len(),
                usize::from(late),
                "{kind:?} {on}"
            );
        }
    }
}

/// 河南's and 山东's rule that every representative present signs the minutes is part of their
/// wage-bargaining regulations: a comprehensive contract's minutes are judged on the national
/// rule (both chiefs).
#[test]
fn henan_and_shandong_minutes_rule_applies_to_a_wage_agreement_only() {
    let env = Env::new();
    for region in ["410100", "370200"] {
        for (kind, local) in [
            (ContractKind::Wage, true),
            (ContractKind::Comprehensive, false),
        ] {
            let mut x = henan(kind);
            x.enterprise.region = region.into();
            let mut r1 = closed_round(1, "2026-03-25", Side::Workers);
            r1.minutes_signed = false;
            x.rounds.push(r1);
            let r = env.run(&x, "2026-04-01");
            let f = r.of("ROUND-MINUTES").next().unwrap();
            let all = f.message.contains("出席的全体协商代表");
            let chiefs = f.message.contains("双方首席代表");
            assert_eq!(
                (all, chiefs),
                (local, !local),
                "{region} {kind:?}: {}",
                f.message
            );
        }
    }
}

/// 杭州's own rule covers wage bargaining; a comprehensive contract there falls back to 浙江's
/// 集体合同条例, which covers every kind (10 working days too, under the province's citation).
#[test]
fn hangzhou_comprehensive_contract_takes_zhejiangs_rule() {
    let env = Env::new();
    for (kind, cites) in [
        (ContractKind::Wage, "杭州市企业工资集体协商条例"),
        (ContractKind::Comprehensive, "浙江省集体合同条例"),
    ] {
        let mut x = henan(kind);
        x.enterprise.region = "330106".into();
        let r = env.run(&x, "2026-03-03");
        let f = r.of("OFFER-REPLY").next().unwrap();
        assert_eq!(f.due, Some(d("2026-03-16")), "{kind:?}");
        assert!(f.message.contains(cites), "{kind:?}: {}", f.message);
    }
}

/// A workspace region file written before `kinds` existed: its local period covers every kind.
#[test]
fn a_region_file_without_kinds_covers_every_kind() {
    let mut env = Env::new();
    let old = r#"{"regions": [{"code": "410000", "name": "河南省",
        "policy": {"reply_period": {"days": 10, "working_days": true, "citation": "《河南省企业工资集体协商条例》（2013）"}}}]}"#;
    env.regions.merge(Regions::from_json(old).unwrap());
    let r = env.run(&henan(ContractKind::Comprehensive), "2026-03-03");
    assert_eq!(
        r.of("OFFER-REPLY").next().unwrap().due,
        Some(d("2026-03-16"))
    );
}

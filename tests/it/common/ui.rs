//! Shared fixtures for the UI tests: a demo-like dossier built through `domain::record` (a Dalian
//! manufacturer, three rounds converging 8%→7%→6.5% against 3%→5%→6.5%), its draft, analysis,
//! history and a diff, and a helper that renders a frame into text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use xieshang::app::view::{
    Analysis, ChangeKind, ClauseChange, DiffView, InlineKind, Loaded, StepState, StepView, Summary,
    TermChange, Version,
};
use xieshang::app::{App, Screen};
use xieshang::contract::{Block, Chapter, Clause, Contract};
use xieshang::domain::procedure::Step;
use xieshang::domain::record::{self, CloseRound, NewDossier, PrepInput};
use xieshang::domain::rules::{Deadline, Finding, Severity};
use xieshang::domain::{Dossier, Representative, Side};
use xieshang::i18n::Lang;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub const TODAY: &str = "2026-04-20";

fn rep(name: &str, side: Side, chief: bool, post: &str) -> Representative {
    Representative {
        name: name.into(),
        side,
        post: Some(post.into()),
        chief,
        outsider: false,
        female: name.ends_with('芳') || name.ends_with('丽'),
        delegated: false,
    }
}

/// The demo dossier, built the way a user would record it.
pub fn demo_dossier(name: &str) -> Dossier {
    let mut d = record::new_dossier(
        "dalian-jixie-2026".into(),
        &NewDossier {
            kind: "wage",
            enterprise: name,
            region: Some("210200"),
            staff: Some("420"),
            women: Some("96"),
            ..NewDossier::default()
        },
        day("2026-02-01"),
    )
    .unwrap();
    let apply = |d: &mut Dossier, c: Result<record::Change, xieshang::domain::Invalid>| {
        *d = c.unwrap().dossier;
    };
    for (n, s, chief, post) in [
        ("王建国", Side::Workers, true, "工会主席"),
        ("李芳", Side::Workers, false, "车间主任"),
        ("张伟", Side::Workers, false, "技术员"),
        ("刘总", Side::Employer, true, "总经理"),
        ("陈丽", Side::Employer, false, "人力资源部经理"),
        ("赵强", Side::Employer, false, "财务总监"),
    ] {
        let c = record::set_representative(&d, &rep(n, s, chief, post), day("2026-02-05"));
        apply(&mut d, c);
    }
    let c = record::set_recorder(&d, "孙晓");
    apply(&mut d, c);
    let c = record::record_offer(
        &d,
        Side::Workers,
        day("2026-02-10"),
        day("2026-02-11"),
        &["平均工资增长、企业最低工资、加班工资基数".into()],
    );
    apply(&mut d, c);
    let c = record::record_reply(&d, day("2026-02-20"), None);
    apply(&mut d, c);
    let c = record::record_preparation(
        &d,
        &PrepInput {
            tasks: vec!["rules", "data", "opinions", "agenda", "venue"],
            wage_data: vec!["labour_cost", "guideline", "cpi"],
            data_provided: Some(day("2026-02-25")),
            agenda: vec!["平均工资增长", "企业最低工资", "高温津贴"],
        },
        day("2026-02-24"),
    );
    apply(&mut d, c);
    let rounds = [
        ("2026-03-03", "8%", "3%", "2200元", "1910元"),
        ("2026-03-17", "7%", "5%", "2150元", "2000元"),
        ("2026-03-31", "6.5%", "6.5%", "2100元", "2100元"),
    ];
    for (i, (date, w, e, mw, me)) in rounds.iter().enumerate() {
        let chair = if i % 2 == 0 {
            Side::Workers
        } else {
            Side::Employer
        };
        let c = record::open_round(&d, day(date), chair, Some("公司三楼会议室"));
        apply(&mut d, c);
        for (issue, wv, ev) in [("平均工资增长", *w, *e), ("企业最低工资", *mw, *me)] {
            let c = record::record_position(&d, issue, Side::Workers, wv);
            apply(&mut d, c);
            let c = record::record_position(&d, issue, Side::Employer, ev);
            apply(&mut d, c);
        }
        if i == 0 {
            let c = record::record_position(&d, "高温津贴", Side::Workers, "每月300元");
            apply(&mut d, c);
        }
        if i == 2 {
            let c = record::record_agreement(&d, "平均工资增长", "6.5%");
            apply(&mut d, c);
            let c = record::withdraw_issue(&d, "高温津贴");
            apply(&mut d, c);
            let c = record::round_notes(
                &d,
                Some("双方就平均工资增长6.5%达成一致。\n企业最低工资待下轮确认。"),
                &[],
            );
            apply(&mut d, c);
        } else {
            let c = record::close_round(
                &d,
                &CloseRound {
                    minutes_signed: true,
                    ..CloseRound::default()
                },
            );
            apply(&mut d, c);
        }
    }
    let c = record::set_terms(
        &d,
        &[
            ("increase", "6.5%"),
            ("term", "12m"),
            ("start", "2026-05-01"),
        ],
    );
    apply(&mut d, c);
    d
}

pub fn contract(name: &str) -> Contract {
    let p = |s: &str| Block::Paragraph(s.into());
    let it = |s: &str| Block::Item(s.into());
    Contract {
        back: vec![],
        start: None,
        title: format!("{name}2026年度工资专项集体合同"),
        preamble: vec![],
        chapters: vec![
            Chapter {
                section: false,
                title: Some("总则".into()),
                clauses: vec![
                    Clause {
                        blocks: vec![p(
                            "为维护职工和企业的合法权益，根据《劳动法》《劳动合同法》《工资集体协商试行办法》等规定，经双方平等协商，订立本合同。",
                        )],
                    },
                    Clause {
                        blocks: vec![p("本合同适用于企业全体职工。")],
                    },
                ],
            },
            Chapter {
                section: false,
                title: Some("工资分配".into()),
                clauses: vec![
                    Clause {
                        blocks: vec![
                            p("2026年度职工平均工资增长6.5%，具体办法如下："),
                            it("基本工资同比例增长；"),
                            it("绩效工资按本合同第五条执行。"),
                        ],
                    },
                    Clause {
                        blocks: vec![p(
                            "企业最低工资标准为每月2100元，不低于大连市最低工资标准。",
                        )],
                    },
                    Clause {
                        blocks: vec![p(
                            "加班工资以本人上月基本工资为计算基数，延时加班按150%支付。",
                        )],
                    },
                ],
            },
        ],
    }
}

pub fn analysis() -> Analysis {
    let steps = Step::ALL
        .iter()
        .map(|s| StepView {
            step: *s,
            state: match s {
                Step::Representatives => StepState::Done(Some(day("2026-02-05"))),
                Step::Offer => StepState::Done(Some(day("2026-02-20"))),
                Step::Preparation => StepState::Done(Some(day("2026-02-24"))),
                Step::Rounds => StepState::Current,
                _ => StepState::NotYet,
            },
        })
        .collect();
    Analysis {
        steps,
        findings: vec![
            Finding {
                rule: "ROUND-MINUTES",
                severity: Severity::Warning,
                step: Step::Rounds,
                message: "第3轮会议记录尚未由双方首席代表签字".into(),
                citation: "集体合同规定 第34条".into(),
                due: None,
            },
            Finding {
                rule: "PREP-WAGE-DATA",
                severity: Severity::Warning,
                step: Step::Preparation,
                message: "缺少工资协商资料：劳动生产率、上年度工资总额".into(),
                citation: "工资集体协商试行办法 第8条".into(),
                due: None,
            },
        ],
        deadlines: vec![Deadline {
            what: "第3轮协商结束".into(),
            rule: "ROUND-SUSPEND",
            step: Step::Rounds,
            due: day("2026-04-24"),
            overdue: false,
        }],
        blockers: Vec::new(),
        local_min_wage_fen: Some(198_000),
    }
}

/// The demo as the worker would load it, judged by the real rules on `TODAY`.
pub fn loaded(name: &str) -> Loaded {
    loaded_in(name, Lang::ZhCn)
}

pub fn loaded_in(name: &str, lang: Lang) -> Loaded {
    let dossier = demo_dossier(name);
    Loaded {
        analysis: xieshang::service::analysis::analyse_builtin(&dossier, lang, day(TODAY)),
        dossier,
        contract: Some(contract(name)),
        contract_error: None,
        read_only: false,
        read_only_storage: false,
        calendar: xieshang::domain::calendar::HolidayCalendar::builtin(),
        regions: xieshang::domain::region::Regions::builtin(),
        standing: xieshang::service::fact::Standing {
            draft: xieshang::service::exchange::draft_clauses(Some(
                &xieshang::contract::render::render(&contract(name)),
            )),
            ..Default::default()
        },
        followthrough: Vec::new(),
    }
}

pub fn summaries() -> Vec<Summary> {
    let a = analysis();
    vec![
        Summary {
            id: "dalian-jixie-2026".into(),
            enterprise: "大连海辰机械制造有限公司".into(),
            kind: xieshang::domain::ContractKind::Wage,
            step: Some(Step::Rounds),
            next: a.deadlines.first().cloned(),
            error: None,
            integrity: Vec::new(),
            effect: None,
        },
        Summary {
            id: "shenyang-huagong".into(),
            enterprise: "沈阳华工化学股份有限公司".into(),
            kind: xieshang::domain::ContractKind::Comprehensive,
            step: Some(Step::Offer),
            next: Some(Deadline {
                what: "要约回应期限".into(),
                rule: "OFFER-REPLY",
                step: Step::Offer,
                due: day("2026-04-10"),
                overdue: true,
            }),
            error: None,
            integrity: Vec::new(),
            effect: None,
        },
        Summary {
            id: "anshan-steel".into(),
            enterprise: "Anshan Steel Works".into(),
            kind: xieshang::domain::ContractKind::Safety,
            step: Some(Step::Filing),
            next: Some(Deadline {
                what: "filing".into(),
                rule: "FILING-DEADLINE",
                step: Step::Filing,
                due: day("2026-06-01"),
                overdue: false,
            }),
            error: None,
            integrity: Vec::new(),
            effect: None,
        },
    ]
}

pub fn versions() -> Vec<Version> {
    versions_in(Lang::ZhCn)
}

/// A history as the service gives it: commit messages with event trailers (and one older commit
/// without), described in `lang`.
pub fn versions_in(lang: Lang) -> Vec<Version> {
    use xieshang::domain::event::{Event, commit_message, describe};
    let v = |short: &str, msg: String, tags: &[&str]| Version {
        rev: format!("{short}000000000000000000000000000000000000"),
        short: short.into(),
        time: "2026-03-31 10:00".into(),
        text: describe(&msg, lang),
        message: msg,
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        draft: Some(format!("blob-{short}")),
    };
    let ev = |e: Event| commit_message(&[e]);
    vec![
        v(
            "a1b2c3d",
            ev(Event::new("clause.modified").arg("clause", "第三条")),
            &[],
        ),
        v(
            "b2c3d4e",
            ev(Event::new("round.closed").arg("round", 2)),
            &["round-2"],
        ),
        v(
            "c3d4e5f",
            ev(Event::new("round.closed").arg("round", 1)),
            &["round-1"],
        ),
        v(
            "d4e5f6a",
            "offer: sent 2026-02-10 by workers".into(),
            &["offer"],
        ),
    ]
}

pub fn diff_view() -> DiffView {
    DiffView {
        old_label: "round-2".into(),
        new_label: "HEAD".into(),
        terms: vec![TermChange {
            key: "increase".into(),
            old: Some("6.0%".into()),
            new: Some("6.5%".into()),
        }],
        clauses: vec![
            ClauseChange {
                kind: ChangeKind::Modified,
                old_label: Some("第三条".into()),
                new_label: Some("第三条".into()),
                old_text: "2026年度职工平均工资增长6.0%。".into(),
                new_text: "2026年度职工平均工资增长6.5%。".into(),
                inline: vec![
                    (InlineKind::Equal, "2026年度职工平均工资增长".into()),
                    (InlineKind::Delete, "6.0%".into()),
                    (InlineKind::Insert, "6.5%".into()),
                    (InlineKind::Equal, "。".into()),
                ],
                refs_updated: false,
                stale_refs: vec![],
            },
            ClauseChange {
                kind: ChangeKind::Inserted,
                old_label: None,
                new_label: Some("第五条".into()),
                old_text: String::new(),
                new_text: "加班工资以本人上月基本工资为计算基数。".into(),
                inline: vec![],
                refs_updated: false,
                stale_refs: vec![],
            },
            ClauseChange {
                kind: ChangeKind::Renumbered,
                old_label: Some("第五条".into()),
                new_label: Some("第六条".into()),
                old_text: "本合同一年。".into(),
                new_text: "本合同一年。".into(),
                inline: vec![],
                refs_updated: true,
                stale_refs: vec![],
            },
        ],
    }
}

/// An app on `screen` with the demo loaded (on the Rounds step, the third clause, the
/// comparison of round 2 with the newest version).
pub fn app_on(screen: Screen, lang: Lang, name: &str) -> App {
    let mut app = App::new(lang, day(TODAY));
    app.home.rows = summaries();
    app.home.loaded = true;
    app.open = Some(loaded_in(name, lang));
    app.screen = screen;
    app.dossier.step = 3;
    app.diff.versions = versions_in(lang);
    app.diff.base = Some(1);
    app.diff.target = Some(0);
    app.diff.view = Some(diff_view());
    app.draft.clause = 2;
    app
}

/// Presses `ks` in turn; the effects they asked for.
pub fn keys(app: &mut App, ks: &[xieshang::app::keymap::Key]) -> Vec<xieshang::app::Effect> {
    ks.iter()
        .flat_map(|k| xieshang::app::update(app, xieshang::app::Action::Key(*k)))
        .collect()
}

/// Types `s` a character at a time.
pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        let _ = xieshang::app::update(
            app,
            xieshang::app::Action::Key(xieshang::app::keymap::Key::Char(c)),
        );
    }
}

/// The open dossier as the screens show it.
pub fn shown(app: &App) -> Dossier {
    app.open.as_ref().unwrap().dossier.clone()
}

/// Renders one frame and returns it as text, one line per row; wide characters occupy their
/// cell and the continuation cell is skipped so columns line up as on a terminal.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let backend = TestBackend::new(w, h);
    let mut t = Terminal::new(backend).unwrap();
    t.draw(|f| xieshang::ui::draw(f, app)).unwrap();
    buffer_text(t.backend().buffer())
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            let w = unicode_width::UnicodeWidthStr::width(sym);
            skip = w.saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Enterprise names a received dossier can carry: escape sequences (clear screen, set the
/// window title, a C1 CSI), a right-to-left override, and a very long CJK name.
pub const HOSTILE_ENTERPRISE: &str =
    "恶意\u{1b}[2J\u{1b}]0;pwned\u{7}公司\u{202e}嘀嗒\u{9b}31m\r\n换行";

pub fn long_cjk_enterprise() -> String {
    format!("{}有限公司", "大连经济技术开发区职工代表大会".repeat(8))
}

/// The reviewer's inbox as the service lists it (in key order), built by hand: every state, a
/// dossier that could not be read, hostile and very long names.
pub fn inbox_rows() -> Vec<xieshang::service::inbox::InboxRow> {
    use xieshang::service::inbox::{InboxRow, InboxState};
    let row = |key: &str, union: &str, enterprise: &str, state: InboxState| InboxRow {
        key: key.into(),
        union_code: key.split_once('/').map_or("", |(c, _)| c).into(),
        union_name: union.into(),
        enterprise: enterprise.into(),
        submitted: Some(day("2026-04-01")),
        received: Some(day("2026-04-02")),
        waiting_days: None,
        draft: Some("a1b2c3d".into()),
        clauses: 12,
        errors: 0,
        warnings: 1,
        state,
        opinions: 0,
        changed: 0,
        unchanged: 0,
        deleted: 0,
        answered: 0,
        problem: None,
    };
    vec![
        InboxRow {
            waiting_days: Some(18),
            ..row(
                "210211/2026-001",
                "大连市甘井子区总工会",
                "大连海辰机械制造有限公司",
                InboxState::Pending,
            )
        },
        InboxRow {
            received: Some(day("2026-04-12")),
            waiting_days: Some(8),
            errors: 2,
            warnings: 3,
            ..row(
                "210211/2026-002",
                "大连市甘井子区总工会",
                HOSTILE_ENTERPRISE,
                InboxState::Pending,
            )
        },
        InboxRow {
            received: Some(day("2026-03-20")),
            opinions: 4,
            changed: 2,
            unchanged: 1,
            deleted: 1,
            answered: 1,
            ..row(
                "210212/2026-003",
                "Dalian Shahekou District Federation of Trade Unions",
                &long_cjk_enterprise(),
                InboxState::PassWithChanges,
            )
        },
        InboxRow {
            received: Some(day("2026-03-01")),
            opinions: 2,
            unchanged: 2,
            answered: 0,
            ..row(
                "210213/2026-004",
                "",
                "Harbour Machine Works",
                InboxState::Return,
            )
        },
        InboxRow {
            submitted: None,
            received: None,
            draft: None,
            clauses: 0,
            ..row(
                "210213/2026-005",
                "大连市金州区总工会",
                "金州重工股份有限公司",
                InboxState::NotSubmitted,
            )
        },
        InboxRow {
            submitted: None,
            received: None,
            draft: None,
            clauses: 0,
            warnings: 0,
            problem: Some("dossier.json: 不是有效的档案\u{1b}[31m（第3行）".into()),
            ..row("210214/2026-006", "", "", InboxState::NotSubmitted)
        },
    ]
}

pub const SUBMITTED: &str = "2026-04-10";

/// The demo, submitted for pre-review on `SUBMITTED` and reviewed by the district union: the
/// first opinion named 第二条 (since renumbered 第三条 and rewritten), the second 第三条 (left as
/// it was, answered), the third 第四条 (left as it was, unanswered), the fourth withdrawn.
pub fn with_prereview(l: &mut Loaded) {
    use xieshang::domain::{
        ClauseOpinion, EnteredBy, OpinionAnswer, PreReview, PreReviewDecision, UnionRef,
    };
    use xieshang::service::followthrough::{FollowThrough, Followed};
    let submitted = day(SUBMITTED);
    let op = |no: u32, clause: &str, text: &str, withdrawn: bool| ClauseOpinion {
        no,
        clause: clause.into(),
        text: text.into(),
        date: Some(day("2026-04-13")),
        draft: Some("a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0".into()),
        withdrawn: withdrawn.then(|| day("2026-04-15")),
    };
    let opinions = vec![
        op(1, "第二条", "适用范围应写明包括劳务派遣职工。", false),
        op(2, "第三条", "增幅表述应明确以上年度平均工资为基数。", false),
        op(3, "第四条", "企业最低工资标准应注明所依据的文件。", false),
        op(4, "第五条", "加班工资基数不得低于最低工资。", true),
    ];
    let d = &mut l.dossier;
    d.prereview_submitted = Some(submitted);
    d.prereviews.reviews.push(PreReview {
        submitted,
        union: Some(UnionRef {
            code: "210200".into(),
            name: "大连市总工会".into(),
        }),
        entered_by: EnteredBy::Reviewer,
        reviewer: Some("周审".into()),
        received: Some(day("2026-04-11")),
        decided: Some(day("2026-04-16")),
        decision: Some(PreReviewDecision::PassWithChanges),
        opinions: opinions.clone(),
    });
    let answer = "基数已在第三条第一款明确，不再修改。";
    d.answers.push(OpinionAnswer {
        submitted,
        opinion: 2,
        text: answer.into(),
        date: day("2026-04-18"),
    });
    let follow = |o: &ClauseOpinion, now: Option<&str>, status: Followed, answer: Option<&str>| {
        FollowThrough {
            submitted,
            no: o.no,
            clause: o.clause.clone(),
            now: now.map(str::to_string),
            opinion: o.text.clone(),
            status,
            withdrawn: o.withdrawn.is_some(),
            answer: answer.map(str::to_string),
        }
    };
    l.followthrough = vec![
        follow(&opinions[0], Some("第三条"), Followed::Changed, None),
        follow(
            &opinions[1],
            Some("第三条"),
            Followed::Unchanged,
            Some(answer),
        ),
        follow(&opinions[2], Some("第四条"), Followed::Unchanged, None),
        follow(&opinions[3], Some("第五条"), Followed::Unchanged, None),
    ];
}

/// An app on the Inbox with the rows loaded (sorted as the screen sorts them).
pub fn inbox_app(lang: Lang) -> App {
    let mut app = App::new(lang, day(TODAY));
    app.screen = Screen::Inbox;
    let _ = xieshang::app::update(
        &mut app,
        xieshang::app::Action::Worker(xieshang::app::Event::Inbox(inbox_rows())),
    );
    app
}

/// A clause found by an archive search.
pub fn clause_hit(
    version: &str,
    no: i64,
    chapter: Option<&str>,
    text: &str,
) -> xieshang::service::archive::ClauseHit {
    xieshang::service::archive::ClauseHit {
        version: version.into(),
        no,
        label: xieshang::contract::render::clause_label(usize::try_from(no).unwrap()),
        chapter: chapter.map(str::to_string),
        text: text.into(),
    }
}

/// What an archive search for 津贴 answers, built by hand: the demo's signed agreement with its
/// four clauses, a received agreement (key `CODE/ID`) with escape sequences and a right-to-left
/// override in its name and clause, an unsigned draft with a very long CJK name and clause, and
/// an expired agreement whose signed text no longer matches its seal.
pub fn archive_hits() -> Vec<xieshang::service::archive::AgreementHit> {
    use xieshang::service::archive::AgreementHit;
    use xieshang::store::archive::AgreementRow;
    let demo = AgreementRow {
        key: "2026-001".into(),
        enterprise: "大连华信精密机械有限公司".into(),
        credit_code: Some("91210200MA0XH5QK3A".into()),
        region: "210200".into(),
        industry: Some("通用设备制造业".into()),
        kind: "wage".into(),
        signed: Some("2026-03-22".into()),
        effective: Some("2026-04-01".into()),
        expiry: Some("2027-03-31".into()),
        staff: Some(420),
        increase_bp: Some(650),
        min_wage_fen: Some(215_000),
        instructor: Some("孙海燕".into()),
        seal_ok: Some(true),
        allowances: vec![("高温津贴".into(), 15_000)],
        ..AgreementRow::default()
    };
    let received = AgreementRow {
        key: "210213001/2026-002".into(),
        enterprise: HOSTILE_ENTERPRISE.into(),
        region: "210213".into(),
        industry: Some("建筑业\u{1b}[1m".into()),
        kind: "comprehensive".into(),
        signed: Some("2025-05-01".into()),
        expiry: Some("2026-05-10".into()),
        staff: Some(86),
        increase_bp: Some(400),
        seal_ok: Some(true),
        allowances: vec![("夜班\u{1b}[31m津贴\u{202e}".into(), 8_000)],
        ..AgreementRow::default()
    };
    let draft = AgreementRow {
        key: "2026-003".into(),
        enterprise: long_cjk_enterprise(),
        region: "210211".into(),
        kind: "safety".into(),
        ..AgreementRow::default()
    };
    let expired = AgreementRow {
        key: "2023-004".into(),
        enterprise: "Anshan Steel Works".into(),
        region: "210300".into(),
        kind: "women".into(),
        signed: Some("2023-01-10".into()),
        effective: Some("2023-02-01".into()),
        expiry: Some("2025-12-31".into()),
        increase_bp: Some(300),
        min_wage_fen: Some(198_000),
        seal_ok: Some(false),
        ..AgreementRow::default()
    };
    vec![
        AgreementHit {
            row: demo,
            clauses: vec![
                clause_hit(
                    "signed",
                    7,
                    Some("第二章 工资分配制度"),
                    "第七条 职工工资由基本工资、岗位工资、绩效工资、工龄工资、津贴补贴和加班加点工资等部分构成。企业应当依据岗位测评结果制定各岗位的工资标准，并在企业内公示。",
                ),
                clause_hit(
                    "signed",
                    16,
                    Some("第四章 企业最低工资"),
                    "第十六条 下列各项不作为最低工资的组成部分，企业应当另行支付：\n（一）延长工作时间工资；\n（二）中班、夜班、高温、低温、井下、有毒有害等特殊工作环境、条件下的津贴；\n（三）法律、法规和国家规定的劳动者福利待遇。",
                ),
                clause_hit(
                    "signed",
                    19,
                    Some("第五章 奖金、津贴和补贴"),
                    "第十九条 企业按照下列标准向职工发放津贴和补贴：高温津贴每月150元。国家和地方规定的津贴、补贴标准高于本条标准的，按照国家和地方的标准执行。",
                ),
                clause_hit(
                    "signed",
                    20,
                    Some("第五章 奖金、津贴和补贴"),
                    "第二十条 津贴、补贴项目的增设、取消和标准的调整，应当与工会协商确定。",
                ),
            ],
        },
        AgreementHit {
            row: received,
            clauses: vec![
                clause_hit(
                    "signed",
                    3,
                    Some("第一章\u{1b}[2J 总则"),
                    "第三条 职工\u{1b}]0;pwned\u{7}夜班津贴\u{202e}每班80元，\u{9b}31m由企业按月\r\n发放。",
                ),
                clause_hit(
                    "current",
                    4,
                    None,
                    "第四条 津贴\u{200b}标准每年与工会协商一次。",
                ),
            ],
        },
        AgreementHit {
            row: draft,
            clauses: vec![clause_hit(
                "current",
                12,
                Some("第三章 劳动安全卫生"),
                &format!(
                    "第十二条 {}在高温季节向从事露天作业的职工发放防暑降温津贴，{}",
                    "大连经济技术开发区职工代表大会".repeat(4),
                    "并提供符合国家标准的劳动防护用品。".repeat(3)
                ),
            )],
        },
        AgreementHit {
            row: expired,
            clauses: vec![clause_hit(
                "signed",
                9,
                None,
                "第九条 女职工经期、孕期、哺乳期的卫生津贴按每月30元发放。",
            )],
        },
    ]
}

fn deadline(what: &str, rule: &'static str, due: &str, overdue: bool) -> Deadline {
    Deadline {
        what: what.into(),
        rule,
        step: Step::Filing,
        due: day(due),
        overdue,
    }
}

/// The due digest as the service lists it (overdue first): a reply overdue, a filing, a
/// received agreement with a hostile name expiring, a very long CJK name.
pub fn due_items() -> Vec<xieshang::service::tui_archive::DueItem> {
    use xieshang::service::tui_archive::DueItem;
    let item = |key: &str, ent: &str, d: Deadline| DueItem {
        key: key.into(),
        enterprise: ent.into(),
        deadline: d,
    };
    vec![
        item(
            "2026-005",
            "沈阳华工化学股份有限公司",
            deadline("要约回应期限", "OFFER-REPLY", "2026-04-10", true),
        ),
        item(
            "2026-001",
            "大连华信精密机械有限公司",
            deadline(
                "报送人力资源社会保障行政部门审查",
                "FILING-DEADLINE",
                "2026-04-24",
                false,
            ),
        ),
        item(
            "210213001/2026-002",
            HOSTILE_ENTERPRISE,
            deadline(
                "合同期满\u{1b}[31m，应提出续订要约\u{202e}",
                "RENEWAL-WINDOW",
                "2026-05-10",
                false,
            ),
        ),
        item(
            "2026-003",
            &long_cjk_enterprise(),
            deadline(
                "劳动安全卫生专项集体合同到期",
                "EXPIRY",
                "2026-07-15",
                false,
            ),
        ),
    ]
}

/// Coverage as the service reports it for the whole workspace (`groups` other than all: the
/// same figures under two districts), with hostile and long names among those short.
pub fn coverage(by: xieshang::service::coverage::GroupBy) -> xieshang::service::coverage::Coverage {
    use xieshang::service::coverage::{Coverage, Figure, Group, GroupBy};
    let fig = |key: &'static str,
               n: i64,
               of: i64,
               value: Option<i64>,
               target: Option<i64>,
               short: Vec<String>| Figure {
        key,
        numerator: n,
        denominator: of,
        unknown: 0,
        value_bp: value,
        target_bp: target,
        met: value.zip(target).map(|(v, t)| v >= t),
        short,
    };
    let figures = vec![
        fig(
            "coverage",
            17,
            20,
            Some(8500),
            Some(9500),
            vec![
                "沈阳华工化学股份有限公司".into(),
                HOSTILE_ENTERPRISE.into(),
                long_cjk_enterprise(),
            ],
        ),
        fig("instructor", 12, 12, Some(10_000), Some(10_000), Vec::new()),
        fig(
            "special_safety",
            2,
            3,
            Some(6666),
            Some(10_000),
            vec!["Anshan Steel Works".into()],
        ),
        fig("special_women", 0, 0, None, Some(10_000), Vec::new()),
        fig("workers", 5120, 12, None, None, Vec::new()),
        fig(
            "increase",
            7800,
            12,
            Some(650),
            Some(1000),
            vec!["大连华信精密机械有限公司".into()],
        ),
    ];
    let groups = match by {
        GroupBy::All => vec![Group {
            group: String::new(),
            figures,
        }],
        _ => vec![
            Group {
                group: "210211 甘井子区".into(),
                figures: figures.clone(),
            },
            Group {
                group: "210213 金州区\u{1b}[2J".into(),
                figures,
            },
        ],
    };
    Coverage {
        today: day(TODAY),
        registry: false,
        groups,
    }
}

/// An app on the Archive's `tab` with the search for 津贴, the due digest and the coverage
/// loaded through `update`, as the worker's answers would arrive.
pub fn archive_app(lang: Lang, tab: xieshang::app::ArchiveTab) -> App {
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, Event, update};
    let mut app = App::new(lang, day(TODAY));
    app.home.rows = summaries();
    app.home.loaded = true;
    let _ = update(&mut app, Action::Key(Key::Char('A')));
    for c in "津贴".chars() {
        let _ = update(&mut app, Action::Key(Key::Char(c)));
    }
    let _ = update(
        &mut app,
        Action::Worker(Event::ArchiveHits(archive_hits(), 4)),
    );
    let _ = update(&mut app, Action::Worker(Event::Due(due_items())));
    let _ = update(
        &mut app,
        Action::Worker(Event::Coverage(Box::new(coverage(
            xieshang::service::coverage::GroupBy::All,
        )))),
    );
    app.archive.tab = tab;
    app
}

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
        title: format!("{name}2026年度工资专项集体合同"),
        preamble: vec![],
        chapters: vec![
            Chapter {
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
        calendar: xieshang::domain::calendar::HolidayCalendar::builtin(),
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
            integrity: None,
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
            integrity: None,
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
            integrity: None,
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
            },
            ClauseChange {
                kind: ChangeKind::Inserted,
                old_label: None,
                new_label: Some("第五条".into()),
                old_text: String::new(),
                new_text: "加班工资以本人上月基本工资为计算基数。".into(),
                inline: vec![],
                refs_updated: false,
            },
            ClauseChange {
                kind: ChangeKind::Renumbered,
                old_label: Some("第五条".into()),
                new_label: Some("第六条".into()),
                old_text: "本合同一年。".into(),
                new_text: "本合同一年。".into(),
                inline: vec![],
                refs_updated: true,
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

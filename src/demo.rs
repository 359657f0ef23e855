//! The demo dossier: a realistic wage bargaining at a Dalian manufacturer — representatives, the
//! request and reply, preparation, three rounds with positions converging, a draft from the
//! template edited between rounds, the congress vote, signing, filing, effect, publication.
//!
//! It is built only through the service layer, fact by fact and clause edit by clause edit,
//! exactly as a user at the table would build it, so a newcomer's first start shows real history and diffs —
//! and so the demo doubles as a test that the whole procedure works end to end.

use crate::contract::{Block, Contract, render};
use crate::domain::dossier::{Representative, Side};
use crate::domain::{Invalid, Problem};
use crate::service::fact::Vote;
use crate::service::{DraftOp, DraftSource, Fact, Failure, NewDossier, Service};
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Invalid::new("date", format!("{y}-{m}-{d}"), Problem::NotADate))
}

struct Builder<'a> {
    svc: &'a mut Service,
    id: String,
}

impl Builder<'_> {
    fn record(&mut self, fact: &Fact) -> Result<(), Failure> {
        self.svc.record(&self.id, fact)?;
        Ok(())
    }

    /// Opens a round in the company's meeting room, chaired by `chair`.
    fn open_round(&mut self, date: NaiveDate, chair: Side) -> Result<(), Failure> {
        self.record(&Fact::OpenRound {
            date,
            chair,
            place: Some("公司行政楼三楼会议室".into()),
        })
    }

    /// Both sides' positions on each issue: (issue, workers, employer).
    fn positions(&mut self, rows: &[(&str, &str, &str)]) -> Result<(), Failure> {
        for (issue, w, e) in rows {
            for (side, value) in [(Side::Workers, w), (Side::Employer, e)] {
                self.record(&Fact::Position {
                    issue: (*issue).into(),
                    side,
                    value: (*value).into(),
                    unit: None,
                })?;
            }
        }
        Ok(())
    }

    fn agree(&mut self, issue: &str, value: &str) -> Result<(), Failure> {
        self.record(&Fact::Agree {
            issue: issue.into(),
            value: value.into(),
        })
    }

    /// Closes the open round with minutes signed by both chiefs (tags `round-N`).
    fn close_round(&mut self) -> Result<(), Failure> {
        self.record(&Fact::CloseRound {
            suspend_until: None,
            next_place: None,
            next_content: None,
            minutes_signed: true,
        })
    }

    /// Retypes a figure in every clause that holds it, one clause edit (one commit) each, as an
    /// instructor would at the Draft screen.
    fn retype(&mut self, from: &str, to: &str) -> Result<(), Failure> {
        let c = self.svc.contract(&self.id)?;
        let edits: Vec<(usize, String)> = c
            .clauses()
            .filter(|(_, _, cl)| cl.blocks.iter().any(|b| block_text(b).contains(from)))
            .map(|(n, _, cl)| (n, render::clause_body(cl).replace(from, to)))
            .collect();
        for (number, text) in edits {
            self.svc
                .edit_draft(&self.id, &DraftOp::Edit { number, text })?;
        }
        Ok(())
    }
}

/// Builds the demo dossier in the workspace at `root` and returns its id. The bargaining is
/// dated in 2026 whatever the day: the dossier is opened on 24 February 2026.
pub(crate) fn build(root: &std::path::Path, lang: crate::i18n::Lang) -> Result<String, Failure> {
    let mut svc = Service::open(root, lang, day(2026, 2, 24)?)?;
    let svc = &mut svc;
    let created = svc.create(&NewDossier {
        kind: "wage".into(),
        enterprise: "大连华信精密机械有限公司".into(),
        region: Some("210200".into()),
        staff: Some("420".into()),
        women: Some("96".into()),
        union_members: Some("398".into()),
        industry: Some("通用设备制造业".into()),
        high_risk: false,
        area_or_sector: false,
    })?;
    let id = created.id;
    let mut b = Builder {
        svc,
        id: id.clone(),
    };

    for (k, v) in [
        ("union_name", "大连华信精密机械有限公司工会委员会"),
        ("union_chair", "王秀兰"),
        ("legal_representative", "陈国栋"),
        ("credit_code", "91210200MA0XH5QK3A"),
    ] {
        b.record(&Fact::Enterprise {
            key: k.into(),
            value: v.into(),
        })?;
    }

    let reps: [(&str, Side, &str, bool, bool, bool); 10] = [
        ("王秀兰", Side::Workers, "工会主席", true, false, true),
        (
            "刘建军",
            Side::Workers,
            "数控车间班组长",
            false,
            false,
            false,
        ),
        ("张丽娜", Side::Workers, "质检员", false, false, true),
        ("赵志强", Side::Workers, "装配工", false, false, false),
        (
            "孙海燕",
            Side::Workers,
            "区总工会工资集体协商指导员",
            false,
            true,
            true,
        ),
        ("陈国栋", Side::Employer, "总经理", true, false, false),
        (
            "李明",
            Side::Employer,
            "人力资源部经理",
            false,
            false,
            false,
        ),
        ("周芳", Side::Employer, "财务部经理", false, false, true),
        ("吴刚", Side::Employer, "生产部部长", false, false, false),
        ("郑伟", Side::Employer, "法务专员", false, false, false),
    ];
    let rep_day = day(2026, 2, 26)?;
    for (name, side, post, chief, outsider, female) in reps {
        let rep = Representative {
            name: name.into(),
            side,
            post: Some(post.into()),
            chief,
            outsider,
            female,
            delegated: false,
        };
        b.record(&Fact::Representative { rep, date: rep_day })?;
    }
    b.record(&Fact::Recorder("马晓雯".into()))?;
    b.record(&Fact::Instructor("孙海燕".into()))?;

    b.record(&Fact::Offer {
        by: Side::Workers,
        sent: day(2026, 3, 2)?,
        received: day(2026, 3, 3)?,
        topics: vec![
            "职工平均工资增长幅度，企业最低工资标准，加班工资计算基数，高温津贴".to_string(),
        ],
    })?;
    b.record(&Fact::Reply {
        date: day(2026, 3, 13)?,
        refusal: None,
    })?;
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    b.record(&Fact::Preparation {
        tasks: strings(&["rules", "data", "opinions", "agenda", "venue"]),
        wage_data: strings(&[
            "labour_cost",
            "guideline",
            "cpi",
            "productivity",
            "last_year_wages",
        ]),
        data_provided: Some(day(2026, 3, 16)?),
        agenda: strings(&["平均工资增长", "企业最低工资", "加班工资基数", "高温津贴"]),
        date: day(2026, 3, 18)?,
    })?;

    // The figures the costing pane and the note on the bargaining work from. The enterprise is
    // invented, and so are these figures: the source says so.
    b.record(&Fact::Costing(
        [
            ("avg_wage", "6850"),
            ("staff", "420"),
            ("cpi", "1.8%"),
            ("productivity", "7.2%"),
            ("source", "演示数据，虚构，非官方公布"),
            ("social_insurance", "26%"),
            ("housing_fund", "10%"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect(),
    ))?;
    // The wage distribution by band: 420 staff averaging exactly 6850 yuan (2,877,000 a month
    // in all); the 30 in the two lowest bands earn less than the 2300 yuan the workers will ask
    // as the enterprise minimum.
    let band = |name: &str, headcount: u32, yuan: i64| crate::domain::costing::WageBand {
        band: name.into(),
        headcount,
        monthly_fen: yuan * 100,
    };
    b.record(&Fact::Distribution(vec![
        band("学徒工", 12, 2240),
        band("普工一级", 18, 2280),
        band("普工二级", 110, 5128),
        band("技术工人", 160, 7000),
        band("班组长及技术员", 90, 9000),
        band("管理人员", 30, 10_500),
    ]))?;

    // The first draft comes from the template, filled with the workers' opening figures.
    let terms = [
        ("increase", "8%"),
        ("min_wage", "2400"),
        ("overtime", "150%"),
        ("overtime_rest", "200%"),
        ("overtime_holiday", "300%"),
        ("term", "1"),
        ("start", "2026-07-01"),
        ("pay_day", "15"),
        ("last_avg_wage", "6850"),
        ("staff_covered", "420"),
        ("overtime_base", "本人上月标准工资"),
        ("allowance.高温津贴", "150"),
    ];
    b.record(&Fact::Terms(
        terms
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
    ))?;
    b.svc
        .make_draft(&b.id, &DraftSource::Template(None), false)?;

    // Who sat at each round: all ten representatives (the minutes print what is recorded).
    let present = || {
        [
            "王秀兰",
            "刘建军",
            "张丽娜",
            "赵志强",
            "孙海燕",
            "陈国栋",
            "李明",
            "周芳",
            "吴刚",
            "郑伟",
        ]
        .map(String::from)
        .to_vec()
    };

    // Round 1: far apart.
    b.open_round(day(2026, 3, 25)?, Side::Workers)?;
    b.positions(&[
        ("平均工资增长", "8%", "3%"),
        ("企业最低工资", "2400元", "2100元"),
        ("加班工资基数", "本人上月标准工资", "当地最低工资标准"),
        ("高温津贴", "每月200元", "每月100元"),
    ])?;
    b.record(&Fact::Notes {
        text: Some("企业方介绍上年度经营情况：销售收入增长9.6%，利润增长4.1%。职工方提出物价上涨及同行业工资水平。".into()),
        present: present(),
    })?;
    b.close_round()?;

    // Between rounds the draft moves: the increase, and a clause on dispatched workers.
    b.retype("8%", "7%")?;
    let after = find_clause(&b.svc.contract(&b.id)?, "最低工资").unwrap_or(1);
    b.svc.edit_draft(
        &b.id,
        &DraftOp::Insert {
            after,
            text: "本合同约定的工资增长和最低工资标准同样适用于在本企业工作的劳务派遣工，由企业督促劳务派遣单位落实。".into(),
        },
    )?;

    // Round 2: converging.
    b.open_round(day(2026, 4, 8)?, Side::Employer)?;
    b.positions(&[
        ("平均工资增长", "7%", "5%"),
        ("企业最低工资", "2350元", "2250元"),
        ("高温津贴", "每月180元", "每月150元"),
    ])?;
    b.agree("加班工资基数", "本人上月标准工资")?;
    b.agree("高温津贴", "每月150元")?;
    b.record(&Fact::Notes {
        text: Some("企业方将平均工资增幅提高至5%，职工方降至7%。双方同意加班工资以本人上月标准工资为计算基数，高温津贴每月150元。企业最低工资差距100元，下轮继续协商。".into()),
        present: present(),
    })?;
    b.close_round()?;
    b.retype("7%", "6.5%")?;

    // Round 3: agreement.
    b.open_round(day(2026, 4, 22)?, Side::Workers)?;
    b.positions(&[
        ("平均工资增长", "6.5%", "6.5%"),
        ("企业最低工资", "2300元", "2300元"),
    ])?;
    b.agree("平均工资增长", "6.5%")?;
    b.agree("企业最低工资", "2300元")?;
    b.record(&Fact::Terms(vec![
        ("increase".into(), "6.5%".into()),
        ("min_wage".into(), "2300".into()),
    ]))?;
    b.record(&Fact::Notes {
        text: Some("双方就全部议题达成一致：平均工资增长6.5%，企业最低工资每月2300元，自2026年7月1日起执行。职工方首席代表将草案提交职工代表大会审议。".into()),
        present: present(),
    })?;
    b.close_round()?;
    b.retype("2400", "2300")?;

    b.record(&Fact::DraftSigned(day(2026, 4, 24)?))?;
    b.record(&Fact::PreReview {
        submitted: Some(day(2026, 4, 27)?),
        received: None,
        decision: None,
        opinion: None,
        withdraw: None,
    })?;
    b.record(&Fact::PreReview {
        submitted: None,
        received: Some(day(2026, 4, 28)?),
        decision: None,
        opinion: None,
        withdraw: None,
    })?;
    b.record(&Fact::PreReview {
        submitted: None,
        received: None,
        decision: Some(("pass".into(), day(2026, 5, 8)?)),
        opinion: Some(("第三条".into(), "建议明确工资增长的计发时间。".into())),
        withdraw: None,
    })?;
    b.record(&Fact::Congress {
        date: day(2026, 5, 20)?,
        vote: Vote {
            total: 120,
            present: 104,
            votes_for: 97,
            against: 3,
            abstain: 4,
            all_staff: false,
        },
    })?;
    b.record(&Fact::Signing {
        date: day(2026, 5, 22)?,
        seals: true,
    })?;
    b.record(&Fact::Filing {
        sent: day(2026, 5, 27)?,
        received: Some(day(2026, 5, 28)?),
        registration_no: Some("大人社集备〔2026〕0417号".into()),
        package: strings(&[
            "text",
            "explanation",
            "wage_figures",
            "parties",
            "congress_resolution",
            "representatives",
            "minutes",
        ]),
    })?;
    b.record(&Fact::Review {
        date: day(2026, 6, 12)?,
        objection: None,
        effective: None,
    })?;
    b.record(&Fact::Publication(day(2026, 7, 2)?))?;
    Ok(id)
}

/// The number of the first clause whose text contains `needle`.
fn find_clause(c: &Contract, needle: &str) -> Option<usize> {
    c.clauses()
        .find(|(_, _, cl)| cl.blocks.iter().any(|b| block_text(b).contains(needle)))
        .map(|(n, _, _)| n)
}

fn block_text(b: &Block) -> &str {
    match b {
        Block::Paragraph(t) | Block::Item(t) => t,
    }
}

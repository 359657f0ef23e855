//! The demo dossier: a realistic wage bargaining at a Dalian manufacturer — representatives, the
//! request and reply, preparation, three rounds with positions converging, a draft from the
//! template edited between rounds, the congress vote, signing, filing, effect, publication.
//!
//! It is built only through the public API (`domain::record`, `contract`, `store`), exactly as a
//! user at the table would build it, so a newcomer's first start shows real history and diffs —
//! and so the demo doubles as a test that the whole procedure works end to end.

use crate::contract::{edit, parse, render, template};
use crate::domain::dossier::{Dossier, Representative, Side};
use crate::domain::record::{self, Change, CloseRound, NewDossier, PrepInput, Vote};
use crate::domain::{Invalid, Problem};
use crate::store::{DossierWriter, StoreError, Workspace};
use chrono::NaiveDate;

/// Why the demo could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Invalid::new("demo date", format!("{y}-{m}-{d}"), Problem::NotADate))
}

struct Builder {
    writer: DossierWriter,
    contract: Option<String>,
}

impl Builder {
    fn dossier(&self) -> &Dossier {
        self.writer.dossier()
    }

    fn apply(
        &mut self,
        f: impl FnOnce(&Dossier) -> Result<Change, Invalid>,
    ) -> Result<(), DemoError> {
        let change = f(self.writer.dossier())?;
        let tags: Vec<&str> = change.tags.iter().map(String::as_str).collect();
        self.writer.save(
            &change.dossier,
            self.contract.as_deref(),
            &change.message,
            &tags,
        )?;
        Ok(())
    }

    /// Opens a round in the company's meeting room, chaired by `chair`.
    fn open_round(&mut self, date: NaiveDate, chair: Side) -> Result<(), DemoError> {
        self.apply(|d| record::open_round(d, date, chair, Some("公司行政楼三楼会议室")))
    }

    /// Both sides' positions on each issue: (issue, workers, employer).
    fn positions(&mut self, rows: &[(&str, &str, &str)]) -> Result<(), DemoError> {
        for (issue, w, e) in rows {
            self.apply(|d| record::record_position(d, issue, Side::Workers, w))?;
            self.apply(|d| record::record_position(d, issue, Side::Employer, e))?;
        }
        Ok(())
    }

    /// Closes the open round with minutes signed by both chiefs (tags `round-N`).
    fn close_round(&mut self) -> Result<(), DemoError> {
        let how = CloseRound {
            minutes_signed: true,
            ..CloseRound::default()
        };
        self.apply(|d| record::close_round(d, &how))
    }

    /// Changes the draft text; one commit with a message saying what changed.
    fn edit_draft(
        &mut self,
        message: &str,
        f: impl FnOnce(&crate::contract::Contract) -> Result<crate::contract::Contract, Invalid>,
    ) -> Result<(), DemoError> {
        let current = self.contract.as_deref().unwrap_or_default();
        let parsed = parse::parse(current)
            .map_err(|e| Invalid::new("demo draft", "", Problem::Other(e.to_string())))?;
        let next = f(&parsed)?;
        self.contract = Some(render::render(&next));
        let d = self.writer.dossier().clone();
        self.writer
            .save(&d, self.contract.as_deref(), message, &[])?;
        Ok(())
    }
}

fn contract_err(e: impl std::fmt::Display) -> Invalid {
    Invalid::new("demo draft", "", Problem::Other(e.to_string()))
}

/// Builds the demo dossier in `ws` and returns its id.
pub fn build(ws: &Workspace, today: NaiveDate) -> Result<String, DemoError> {
    let id = ws.new_id("", today);
    let input = NewDossier {
        kind: "wage",
        enterprise: "大连华信精密机械有限公司",
        region: Some("210200"),
        staff: Some("420"),
        women: Some("96"),
        union_members: Some("398"),
        industry: Some("通用设备制造业"),
        high_risk: false,
        area_or_sector: false,
    };
    let created = day(2026, 2, 24)?;
    let d = record::new_dossier(id.clone(), &input, created)?;
    ws.create(&d, "new dossier: 大连华信精密机械有限公司 (wage)")?;
    let mut b = Builder {
        writer: ws.open_for_write(&id)?,
        contract: None,
    };

    for (k, v) in [
        ("union_name", "大连华信精密机械有限公司工会委员会"),
        ("union_chair", "王秀兰"),
        ("legal_representative", "陈国栋"),
        ("credit_code", "91210200MA0XH5QK3P"),
    ] {
        b.apply(|d| record::set_enterprise_field(d, k, v))?;
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
        b.apply(|d| record::set_representative(d, &rep, rep_day))?;
    }
    b.apply(|d| record::set_recorder(d, "马晓雯"))?;
    b.apply(|d| record::add_instructor(d, "孙海燕"))?;

    let topics =
        vec!["职工平均工资增长幅度，企业最低工资标准，加班工资计算基数，高温津贴".to_string()];
    b.apply(|d| {
        record::record_offer(
            d,
            Side::Workers,
            day(2026, 3, 2)?,
            day(2026, 3, 3)?,
            &topics,
        )
    })?;
    b.apply(|d| record::record_reply(d, day(2026, 3, 13)?, None))?;
    let prep = PrepInput {
        tasks: vec!["rules", "data", "opinions", "agenda", "venue"],
        wage_data: vec![
            "labour_cost",
            "guideline",
            "cpi",
            "productivity",
            "last_year_wages",
        ],
        data_provided: Some(day(2026, 3, 16)?),
        agenda: vec!["平均工资增长", "企业最低工资", "加班工资基数", "高温津贴"],
    };
    b.apply(|d| record::record_preparation(d, &prep, day(2026, 3, 18)?))?;

    // The first draft comes from the template, filled with the workers' opening figures.
    b.apply(|d| {
        record::set_terms(
            d,
            &[
                ("increase", "8%"),
                ("min_wage", "2300"),
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
            ],
        )
    })?;
    let tpl = template::Template::for_kind(b.dossier().kind)
        .ok_or_else(|| contract_err("no template for kind"))?;
    let filled = tpl.fill(b.dossier());
    b.contract = Some(render::render(
        &parse::parse(&filled.text).map_err(contract_err)?,
    ));
    let d = b.dossier().clone();
    b.writer.save(
        &d,
        b.contract.as_deref(),
        "draft: created from template wage",
        &[],
    )?;

    // Round 1: far apart.
    b.open_round(day(2026, 3, 25)?, Side::Workers)?;
    b.positions(&[
        ("平均工资增长", "8%", "3%"),
        ("企业最低工资", "2300元", "2000元"),
        ("加班工资基数", "本人上月标准工资", "当地最低工资标准"),
        ("高温津贴", "每月200元", "每月100元"),
    ])?;
    b.apply(|d| record::round_notes(d, Some("企业方介绍上年度经营情况：销售收入增长 9.6%，利润增长 4.1%。职工方提出物价上涨及同行业工资水平。"), &[]))?;
    b.close_round()?;

    // Between rounds the draft moves: the increase, and a clause on dispatched workers.
    b.edit_draft("draft: clauses revised after round 1", |c| {
        let c = replace_in_clauses(c, "8%", "7%");
        let after = find_clause(&c, "最低工资").unwrap_or(1);
        edit::insert_clause(&c, edit::Place::After(after), "本合同约定的工资增长和最低工资标准同样适用于在本企业工作的劳务派遣工，由企业督促劳务派遣单位落实。")
            .map(|o| o.contract)
            .map_err(contract_err)
    })?;

    // Round 2: converging.
    b.open_round(day(2026, 4, 8)?, Side::Employer)?;
    b.positions(&[
        ("平均工资增长", "7%", "5%"),
        ("企业最低工资", "2200元", "2100元"),
        ("高温津贴", "每月180元", "每月150元"),
    ])?;
    b.apply(|d| record::record_agreement(d, "加班工资基数", "本人上月标准工资"))?;
    b.apply(|d| record::record_agreement(d, "高温津贴", "每月150元"))?;
    b.close_round()?;
    b.edit_draft("draft: clauses revised after round 2", |c| {
        Ok(replace_in_clauses(c, "7%", "6.5%"))
    })?;

    // Round 3: agreement.
    b.open_round(day(2026, 4, 22)?, Side::Workers)?;
    b.positions(&[
        ("平均工资增长", "6.5%", "6.5%"),
        ("企业最低工资", "2150元", "2150元"),
    ])?;
    b.apply(|d| record::record_agreement(d, "平均工资增长", "6.5%"))?;
    b.apply(|d| record::record_agreement(d, "企业最低工资", "2150元"))?;
    b.apply(|d| record::set_terms(d, &[("increase", "6.5%"), ("min_wage", "2150")]))?;
    b.close_round()?;
    b.edit_draft("draft: agreed figures written in", |c| {
        Ok(replace_in_clauses(c, "2300", "2150"))
    })?;

    b.apply(|d| record::record_draft_signed(d, day(2026, 4, 24)?))?;
    b.apply(|d| record::record_prereview(d, Some(day(2026, 4, 27)?), None, None))?;
    b.apply(|d| {
        record::record_prereview(
            d,
            None,
            Some(("pass", day(2026, 5, 8)?)),
            Some(("第三条", "建议明确工资增长的计发时间。")),
        )
    })?;
    let vote = Vote {
        total: 120,
        present: 104,
        votes_for: 97,
        against: 3,
        abstain: 4,
        all_staff: false,
    };
    b.apply(|d| record::record_congress(d, day(2026, 5, 20)?, &vote))?;
    b.apply(|d| record::record_signing(d, day(2026, 5, 22)?, true))?;
    b.apply(|d| {
        record::record_filing(
            d,
            day(2026, 5, 27)?,
            Some(day(2026, 5, 28)?),
            Some("大人社集备〔2026〕0417号"),
            &[
                "text",
                "explanation",
                "wage_figures",
                "parties",
                "congress_resolution",
                "representatives",
                "minutes",
            ],
        )
    })?;
    let calendar = ws.region_data().map_or_else(
        |_| crate::domain::calendar::HolidayCalendar::builtin(),
        |r| r.calendar,
    );
    b.apply(|d| record::record_review(d, day(2026, 6, 12)?, None, None, &calendar))?;
    b.apply(|d| record::record_publication(d, day(2026, 7, 2)?))?;
    Ok(id)
}

/// The number of the first clause whose text contains `needle`.
fn find_clause(c: &crate::contract::Contract, needle: &str) -> Option<usize> {
    c.clauses()
        .find(|(_, _, cl)| cl.blocks.iter().any(|b| block_text(b).contains(needle)))
        .map(|(n, _, _)| n)
}

fn block_text(b: &crate::contract::Block) -> &str {
    match b {
        crate::contract::Block::Paragraph(t) | crate::contract::Block::Item(t) => t,
    }
}

/// Replaces a figure everywhere it appears in clause text (as an instructor would retype it).
fn replace_in_clauses(
    c: &crate::contract::Contract,
    from: &str,
    to: &str,
) -> crate::contract::Contract {
    let mut c = c.clone();
    for ch in &mut c.chapters {
        for cl in &mut ch.clauses {
            for b in &mut cl.blocks {
                match b {
                    crate::contract::Block::Paragraph(t) | crate::contract::Block::Item(t) => {
                        *t = t.replace(from, to);
                    }
                }
            }
        }
    }
    c
}

//! Costing at the table (`prep` costing data, `cost`), the national region data (`region list`,
//! `region show`), and the local procedure periods the rules read (山东 10 days, 河南 10 working
//! days). Expected figures are worked out by hand and written as literals.

use crate::common::Ws;
use serde_json::Value;

/// 420 staff in four bands; 37 of them (12 + 25) earn less than 2300 yuan.
const DISTRIBUTION: &str =
    "档次,人数,月工资\n学徒工,12,2000\n普工一级,25,2150\n普工二级,183,3000\n技术岗,200,4500\n";

fn wage_dossier(ws: &Ws, region: &str) -> String {
    ws.ok(&[
        "new",
        "--kind",
        "wage",
        "--enterprise",
        "青岛海弘精工机械有限公司",
        "--region",
        region,
        "--staff",
        "420",
    ])
    .trim()
    .to_string()
}

fn positions(ws: &Ws, id: &str, issue: &str, workers: &str, employer: &str) {
    ws.ok(&[
        "round", id, "position", "--issue", issue, "--side", "workers", "--value", workers,
    ]);
    ws.ok(&[
        "round", id, "position", "--issue", issue, "--side", "employer", "--value", employer,
    ]);
}

/// Round 1 of the hand-computed case: the increase 8 % / 5 %, the minimum wage 2300 / 2200元,
/// the high-temperature allowance 300 / 200.
fn hand_computed_round(ws: &Ws, id: &str) {
    ws.ok(&[
        "round",
        id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
    positions(ws, id, "increase", "8%", "5%");
    positions(ws, id, "min_wage", "2300", "2200元");
    positions(ws, id, "allowance.高温津贴", "300", "200");
}

fn issue<'a>(c: &'a Value, key: &str) -> &'a Value {
    c["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap()
}

#[test]
fn cost_matches_the_hand_computed_figures() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file("分布.csv", DISTRIBUTION);
    ws.ok(&[
        "prep",
        &id,
        "--distribution",
        csv.to_str().unwrap(),
        "--social-insurance",
        "16%",
        "--housing-fund",
        "12%",
        "--cpi",
        "2.1%",
        "--productivity",
        "5%",
        "--guideline",
        "4/7/10",
        "--source",
        "青岛市人社局2026年企业工资指导线",
    ]);
    hand_computed_round(&ws, &id);

    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert_eq!(c["round"], 1);
    // Wage bill 1,526,750 yuan a month: 8 % = 122,140; 5 % = 76,337.50.
    let inc = issue(&c, "increase");
    assert_eq!(inc["workers"]["monthly_fen"], 12_214_000);
    assert_eq!(inc["workers"]["yearly_fen"], 146_568_000);
    assert_eq!(inc["workers"]["social_insurance_monthly_fen"], 1_954_240);
    assert_eq!(inc["workers"]["housing_fund_monthly_fen"], 1_465_680);
    assert_eq!(inc["employer"]["monthly_fen"], 7_633_750);
    assert_eq!(inc["gap"]["monthly_fen"], 4_580_250);
    assert_eq!(inc["gap"]["yearly_fen"], 54_963_000);
    // 8 % against CPI 2.1 %: real 5.9 %; between the guideline's base and upper lines.
    assert_eq!(inc["increase"][0][1]["real_bp"], 590);
    assert_eq!(inc["increase"][0][1]["guideline"], "base_to_upper");
    assert_eq!(inc["increase"][0][1]["meets_target"], false);
    // 12 × 300 + 25 × 150 = 7,350 yuan; 12 × 200 + 25 × 50 = 3,650.
    let min = issue(&c, "min_wage");
    assert_eq!(min["workers"]["monthly_fen"], 735_000);
    assert_eq!(min["employer"]["monthly_fen"], 365_000);
    assert_eq!(min["gap"]["yearly_fen"], 4_440_000);
    // 300 and 200 yuan a head for the 420 in the distribution.
    let hot = issue(&c, "allowance.高温津贴");
    assert_eq!(hot["workers"]["monthly_fen"], 12_600_000);
    assert_eq!(hot["employer"]["monthly_fen"], 8_400_000);
    // Package: 122,140 + 7,350 + 126,000 = 255,490 against 76,337.50 + 3,650 + 84,000 =
    // 163,987.50, less the overlap of the increase and the minimum wage: the 12 apprentices
    // (2000) get 2300, not 2160 + 300; the 25 at 2150 get 2322, not 2322 + 150. Workers:
    // 12 × 160 + 25 × 150 = 5,670; employer (5 %, 2200): 12 × 100 + 25 × 50 = 2,450.
    assert_eq!(c["workers"]["overlap"]["monthly_fen"], 567_000);
    assert_eq!(c["employer"]["overlap"]["monthly_fen"], 245_000);
    assert_eq!(c["workers"]["money"]["monthly_fen"], 24_982_000);
    assert_eq!(c["employer"]["money"]["monthly_fen"], 16_153_750);
    // 249,820 − 161,537.50 = 88,282.50 a month, 1,059,390 a year.
    assert_eq!(c["gap"]["monthly_fen"], 8_828_250);
    // A year: the allowance's gap (42,000) for 4 months, the rest (46,282.50) for 12:
    // 555,390 + 168,000 = 723,390.
    assert_eq!(c["gap"]["yearly_fen"], 72_339_000);
    // Staff comes from the distribution; the average wage is not needed with it.
    assert_eq!(c["basis"]["staff"], 420);
    assert_eq!(c["basis"]["staff_from"], "distribution");
    assert_eq!(c["basis"]["distribution"], true);

    let text = ws.ok(&["cost", &id]);
    assert!(text.contains("122,140 a month, 1,465,680 a year"), "{text}");
    assert!(text.contains("76,337.50 a month"), "{text}");
    // Real growth by subtraction, said to be approximate: 8 − 2.1 = 5.9.
    assert!(text.contains("real ≈ 5.9%"), "{text}");
    assert!(
        text.contains("Workers: 249,820 a month, 1,989,840 a year"),
        "{text}"
    );
    assert!(
        text.contains(
            "less the overlap of the increase and the minimum wage: 5,670 a month, 68,040 a year"
        ),
        "{text}"
    );
    assert!(text.contains("count each worker below the new minimum wage once"));
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["cost", &id]).stdout).unwrap();
    assert!(zh.contains("每月 45,802.50，每年 549,630"), "{zh}");
    assert!(zh.contains("覆盖职工 420 人（来自工资分布）"), "{zh}");
}

/// The demo's preparation holds the costing data (6850 yuan, 420 staff, CPI 1.8 %, productivity
/// 7.2 %, on-cost rates 26 % and 10 %) and a wage distribution of six bands adding up to
/// 2,877,000 yuan a month; the minimum wage is costed from it.
#[test]
fn the_demo_is_costed_on_its_preparation_data_and_distribution() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", "2026-001", "--json"])).unwrap();
    assert_eq!(c["basis"]["avg_wage_fen"], 685_000);
    // With a distribution, it is the basis; the demo's preparation figures (6850, 420) agree
    // with it, so nothing is flagged.
    assert_eq!(c["basis"]["avg_wage_from"], "distribution");
    assert_eq!(c["basis"]["staff_from"], "distribution");
    assert_eq!(c["basis"]["distribution"], true);
    assert!(c["basis"].get("conflicts").is_none(), "{}", c["basis"]);
    // Round 3 agreed 6.5 %: 2,877,000 × 6.5 % = 187,005 yuan a month.
    let inc = issue(&c, "平均工资增长");
    assert_eq!(inc["agreed"]["monthly_fen"], 18_700_500);
    // 2300 a month lifts 12 apprentices from 2240 (60 each) and 18 from 2280 (20 each): 1,080.
    let min = issue(&c, "企业最低工资");
    assert_eq!(min["agreed"]["monthly_fen"], 108_000);
    // The package: 187,005 + 1,080 + 63,000 (高温津贴 150 × 420), less the 1,080 the increase
    // already pays them (2240 × 1.065 = 2385.60 is above 2300) = 250,005; on-costs 26 % and 10 %.
    assert_eq!(c["agreed"]["money"]["monthly_fen"], 25_000_500);
    assert_eq!(
        c["agreed"]["money"]["social_insurance_monthly_fen"],
        6_500_130
    );
    assert_eq!(c["agreed"]["money"]["housing_fund_monthly_fen"], 2_500_050);
    assert_eq!(c["agreed"]["overlap"]["monthly_fen"], 108_000);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["cost", "2026-001"]).stdout).unwrap();
    assert!(
        zh.contains(
            "测算依据：上年月平均工资 6,850 元（来自工资分布）；覆盖职工 420 人（来自工资分布）；增资和最低工资按工资分布逐档测算"
        ),
        "{zh}"
    );
    assert!(!zh.contains("注意"), "{zh}");
    // Real growth 6.5 − 1.8 = 4.7, approximately; against productivity 6.5 − 7.2 = −0.7
    // percentage points.
    assert!(
        zh.contains("已商定 6.5%，实际增长约 4.7%，低于劳动生产率增长 0.7 个百分点"),
        "{zh}"
    );
    let en = ws.ok(&["cost", "2026-001", "--round", "1"]);
    assert!(en.contains("Workers 8%: 230,160 a month"), "{en}");
}

/// Preparation data comes first; the agreed terms fill what it lacks; each figure says where
/// it came from.
#[test]
fn preparation_data_comes_before_the_agreed_terms() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    ws.ok(&["terms", &id, "last_avg_wage=6850", "staff_covered=400"]);
    ws.ok(&["prep", &id, "--avg-wage", "7000"]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
    positions(&ws, &id, "increase", "8%", "5%");
    let en = ws.ok(&["cost", &id]);
    assert!(
        en.contains(
            "7,000 yuan a month (from preparation); 400 staff covered (from the agreed terms)"
        ),
        "{en}"
    );
    // 7,000 × 400 × 8 % = 224,000 yuan a month.
    assert!(en.contains("Workers 8%: 224,000 a month"), "{en}");
}

#[test]
fn missing_data_is_unknown_never_zero() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
    positions(&ws, &id, "increase", "8%", "5%");
    positions(&ws, &id, "min_wage", "2300", "2200");
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    let inc = issue(&c, "increase");
    assert_eq!(inc["workers"]["state"], "unknown");
    assert_eq!(inc["workers"]["missing"], "avg_wage");
    assert_eq!(issue(&c, "min_wage")["workers"]["missing"], "distribution");
    assert_eq!(
        c["workers"]["unknown"],
        serde_json::json!(["increase", "min_wage"])
    );
    let text = ws.ok(&["cost", &id]);
    assert!(
        text.contains("unknown (last year's average wage not entered)"),
        "{text}"
    );
    // With the average wage, staff comes from the enterprise (420).
    ws.ok(&["prep", &id, "--avg-wage", "5000"]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert_eq!(issue(&c, "increase")["workers"]["monthly_fen"], 16_800_000);
    // Without a guideline in the preparation data, the region's for the round's year is used.
    std::fs::create_dir_all(ws.root().join("regions")).unwrap();
    std::fs::write(
        ws.root().join("regions/qingdao.json"),
        r#"{"regions":[{"code":"370200","name":"青岛市","parent":"370000","guidelines":[{"year":2026,"lower_bp":400,"base_bp":700,"upper_bp":1000}]}]}"#,
    )
    .unwrap();
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    let checks = &issue(&c, "increase")["increase"];
    assert_eq!(checks[0][1]["guideline"], "base_to_upper");
    assert_eq!(checks[1][1]["guideline"], "lower_to_base");
    assert!(checks[0][1].get("real_bp").unwrap().is_null());
    // A bad figure is refused, naming the field; nothing is saved.
    let o = ws.run(&["prep", &id, "--guideline", "9/7/10"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("guideline"));
    let o = ws.run(&["cost", &id, "--round", "7"]);
    assert!(!o.status.success());
}

#[test]
fn a_bad_distribution_names_its_lines_and_saves_nothing() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file(
        "bad.csv",
        "档次,人数,月工资\n学徒工,十二,2000\n普工,25,abc\n",
    );
    let o = ws.run(&[
        "prep",
        &id,
        "--distribution",
        csv.to_str().unwrap(),
        "--staff",
        "420",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "(columns band, headcount, wage): line 2: headcount \"十二\" is not a whole number \
             of people; line 3: wage \"abc\" is not an amount of yuan"
        ),
        "{err}"
    );
    // In Chinese, each line's problem in Chinese (it used to be `2: headcount=十二`).
    let o = ws.run_lang(
        "zh-CN",
        &["prep", &id, "--distribution", csv.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "（列：档次、人数、月工资）：第2行：人数“十二”不是有效的人数；第3行：月工资“abc”不是有效的金额"
        ),
        "{err}"
    );
    let empty = ws.file("empty.csv", "档次,人数,月工资\n");
    let o = ws.run_lang(
        "zh-CN",
        &["prep", &id, "--distribution", empty.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("：表头之下没有任何档次"), "{err}");
    assert!(ws.show(&id)["preparation"].get("costing").is_none());
}

const PROVINCES: [&str; 31] = [
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000",
];

#[test]
fn region_show_answers_for_every_province() {
    let ws = Ws::new();
    for code in PROVINCES {
        let v: Value =
            serde_json::from_str(&ws.ok(&["region", "show", code, "--on", "2025-07-01", "--json"]))
                .unwrap();
        assert_eq!(v["found"], code);
        assert!(v["applies"]["monthly_fen"].as_i64().unwrap() > 0, "{code}");
        assert_eq!(v["applies"]["sample"], true, "{code}");
        assert!(v["applies"]["source"].as_str().is_some(), "{code}");
    }
    let sd = ws.ok(&["region", "show", "370000", "--on", "2025-07-01"]);
    assert!(
        sd.contains("1820 yuan/month, 18 yuan/hour, from 2025-07-01 [not verified, date assumed]"),
        "{sd}"
    );
    assert!(sd.contains("Reply to a request: 10 days"), "{sd}");
    assert!(
        sd.contains("Minutes signed by all representatives present"),
        "{sd}"
    );
    let before = ws.ok(&["region", "show", "370000", "--on", "2025-06-30"]);
    assert!(before.contains("no minimum wage in the data"), "{before}");
    let list = ws.ok(&["region", "list", "--on", "2026-01-01"]);
    assert!(
        list.contains("210000  辽宁省  1:2230 / 2:2080 / 3:1930"),
        "{list}"
    );
    assert!(list.contains("440300  深圳市  2520"), "{list}");
    let o = ws.run(&["region", "show", "9x"]);
    assert!(!o.status.success());
    let o = ws.run(&["region", "show", "990000"]);
    assert!(!o.status.success());
}

/// `region show` says when a local procedure rule covers wage agreements only, and which rule
/// the other kinds take (杭州 → 浙江's 集体合同条例; 山东 → the national rule).
#[test]
fn region_show_says_which_kinds_a_local_rule_covers() {
    let ws = Ws::new();
    let hz = ws.ok(&["region", "show", "330100", "--on", "2025-07-01"]);
    assert!(
        hz.contains("Reply to a request: 10 working days (《杭州市企业工资集体协商条例》（2014）) — only for: wage special contract"),
        "{hz}"
    );
    assert!(
        hz.contains("Reply to a request, other kinds: 10 working days (《浙江省集体合同条例》（2010 年修订）)"),
        "{hz}"
    );
    let sd = ws.ok(&["region", "show", "370000", "--on", "2025-07-01"]);
    assert!(
        sd.contains("Minutes of other kinds of contract: signed by both chief representatives (national rule)"),
        "{sd}"
    );
    assert!(!sd.contains("other kinds: 20"), "{sd}");
    let v: Value = serde_json::from_str(&ws.ok(&["region", "show", "410000", "--json"])).unwrap();
    assert_eq!(v["reply_period"]["kinds"][0], "wage");
    assert_eq!(v["minutes_rule_wage_only"], true);
    assert!(v.get("reply_period_other_kinds").is_none());
    // 上海's 集体合同条例 covers every kind: no restriction is stated.
    let sh: Value = serde_json::from_str(&ws.ok(&["region", "show", "310000", "--json"])).unwrap();
    assert!(sh["reply_period"].get("kinds").is_none());
    assert!(sh.get("minutes_rule_wage_only").is_none());
}

#[test]
fn a_workspace_figure_from_the_future_must_say_it_was_announced() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root().join("regions")).unwrap();
    let file = |announced: bool| {
        format!(
            r#"{{"regions":[{{"code":"370000","name":"山东省","min_wages":[{{"from":"2026-10-01","monthly_fen":240000,"hourly_fen":2400,"source":"鲁政字〔2026〕示例号","announced":{announced}}}]}}]}}"#
        )
    };
    std::fs::write(ws.root().join("regions/sd.json"), file(false)).unwrap();
    let o = ws.run(&["region", "show", "370000"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("announced"));
    std::fs::write(ws.root().join("regions/sd.json"), file(true)).unwrap();
    let v: Value =
        serde_json::from_str(&ws.ok(&["region", "show", "370000", "--on", "2026-10-01", "--json"]))
            .unwrap();
    assert_eq!(v["applies"]["monthly_fen"], 240_000);
    assert_eq!(v["applies"]["announced"], true);
}

fn reply_finding(ws: &Ws, id: &str) -> Option<Value> {
    ws.check(id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "OFFER-REPLY")
        .cloned()
}

/// Received Monday 2026-03-02: 山东's 10 days end on Thursday 03-12; 河南's 10 working days on
/// Monday 03-16; the national 20 days on Sunday 03-22, moved to Monday 03-23.
#[test]
fn shandong_judges_a_10_day_reply_and_henan_10_working_days() {
    let ws = Ws::new();
    for (region, last_ok, first_late) in [
        ("370200", "2026-03-12", "2026-03-13"),
        ("410100", "2026-03-16", "2026-03-17"),
        ("210200", "2026-03-23", "2026-03-24"),
    ] {
        for (reply, late) in [(last_ok, false), (first_late, true)] {
            let id = wage_dossier(&ws, region);
            ws.ok(&[
                "offer",
                &id,
                "--by",
                "workers",
                "--sent",
                "2026-03-02",
                "--received",
                "2026-03-02",
            ]);
            ws.ok(&["reply", &id, "--date", reply]);
            let f = reply_finding(&ws, &id);
            assert_eq!(f.is_some(), late, "{region} {reply}: {f:?}");
            if let Some(f) = f {
                let m = f["message"].as_str().unwrap();
                assert!(m.contains(last_ok), "{m}");
                match region {
                    "370200" => assert!(
                        m.contains("10 days") && m.contains("山东省企业工资集体协商条例"),
                        "{m}"
                    ),
                    "410100" => assert!(m.contains("10 working days") && m.contains("河南"), "{m}"),
                    _ => assert!(!m.contains("local"), "{m}"),
                }
            }
        }
    }
}

/// Working days are counted on the holiday calendar: from Friday 2026-05-22, 5 working days
/// end on Friday 05-29; from Monday 2026-03-02, 10 end on Monday 03-16.
#[test]
fn working_days_skip_weekends_and_holidays() {
    use xieshang::domain::calendar::{HolidayCalendar, working_days_end};
    let cal = HolidayCalendar::builtin();
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    assert_eq!(working_days_end(d("2026-05-22"), 5, &cal), d("2026-05-29"));
    assert_eq!(working_days_end(d("2026-03-02"), 10, &cal), d("2026-03-16"));
    // Across Labour Day (05-01 to 05-05 off, Saturday 05-09 worked): 05-06, 07, 08, 09, 11.
    assert_eq!(working_days_end(d("2026-04-30"), 5, &cal), d("2026-05-11"));
}

/// The rules on plain dossiers: 河南's filing period (5 working days) and 山东's minutes signed
/// by all representatives present, each message naming the local rule.
#[test]
fn henan_filing_and_shandong_minutes_follow_local_rules() {
    use xieshang::domain::calendar::HolidayCalendar;
    use xieshang::domain::region::Regions;
    use xieshang::domain::rules::{Context, check};
    use xieshang::domain::*;
    use xieshang::i18n::Lang;
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (regions, cal) = (Regions::builtin(), HolidayCalendar::builtin());
    let ctx = Context::new(&regions, &cal, Lang::En);
    let enterprise = |region: &str| Enterprise {
        name: "郑州某精密机械有限公司".into(),
        region: region.into(),
        staff: Some(200),
        ..Enterprise::default()
    };
    let mut x = Dossier::new(
        "t".into(),
        ContractKind::Wage,
        enterprise("410100"),
        d("2026-04-01"),
    );
    // Signed Thursday 2026-04-30: 5 working days end on Monday 05-11 (Labour Day off,
    // Saturday 05-09 worked).
    x.signing = Some(Signing {
        date: d("2026-04-30"),
        workers_chief: None,
        employer_chief: None,
        seals: true,
    });
    let filing = |sent: &str| Filing {
        sent: d(sent),
        received: None,
        registration_no: None,
        package: Vec::new(),
    };
    x.filing = Some(filing("2026-05-11"));
    let r = check(&x, &ctx, d("2026-05-20"));
    assert_eq!(r.of("FILING-DEADLINE").count(), 0);
    x.filing = Some(filing("2026-05-12"));
    let r = check(&x, &ctx, d("2026-05-20"));
    let m = &r.of("FILING-DEADLINE").next().unwrap().message;
    assert!(
        m.contains("5 working days") && m.contains("2026-05-11"),
        "{m}"
    );
    // A comprehensive contract is not under the wage-bargaining regulation: GR 42's 10 days
    // (to Sunday 05-10, moved to Monday 05-11; filed 05-12, late by the national rule).
    x.kind = ContractKind::Comprehensive;
    let r = check(&x, &ctx, d("2026-05-20"));
    let m = &r.of("FILING-DEADLINE").next().unwrap().message;
    assert!(!m.contains("working days") && !m.contains("河南"), "{m}");
    x.filing = Some(filing("2026-05-11"));
    let r = check(&x, &ctx, d("2026-05-20"));
    assert_eq!(r.of("FILING-DEADLINE").count(), 0);

    let mut y = Dossier::new(
        "s".into(),
        ContractKind::Wage,
        enterprise("370200"),
        d("2026-04-01"),
    );
    y.rounds.push(Round {
        number: 1,
        date: d("2026-04-10"),
        place: None,
        chair: Side::Workers,
        attendance: Vec::new(),
        issues: Vec::new(),
        notes: String::new(),
        minutes_signed: false,
        state: RoundState::Closed {
            date: d("2026-04-10"),
        },
    });
    let r = check(&y, &ctx, d("2026-04-20"));
    let m = &r.of("ROUND-MINUTES").next().unwrap().message;
    assert!(
        m.contains("all representatives present") && m.contains("第二十六条"),
        "{m}"
    );
}

/// The Preparation step's costing form (E) records the same fact as `prep --avg-wage … --cpi …`;
/// a field left as it was is not sent again.
#[test]
fn the_costing_form_records_what_prep_records() {
    use crate::ui_support::{TODAY, app_on, day};
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, Effect, Modal, Screen, update};
    use xieshang::i18n::Lang;
    use xieshang::service::Fact;
    let mut app = app_on(Screen::Dossier, Lang::ZhCn, "大连海辰机械制造有限公司");
    app.dossier.step = 2;
    let _ = update(&mut app, Action::Key(Key::Char('E')));
    let Some(Modal::Form(f)) = app.modal() else {
        panic!("no form")
    };
    assert_eq!(f.kind, xieshang::app::form::FormKind::Costing);
    let mut fx = Vec::new();
    for k in "6850"
        .chars()
        .map(Key::Char)
        .chain([Key::Tab, Key::Tab])
        .chain("4/7/10".chars().map(Key::Char))
        .chain([Key::Tab])
        .chain("2.1%".chars().map(Key::Char))
        .chain([Key::Enter])
    {
        fx.extend(update(&mut app, Action::Key(k)));
    }
    let [Effect::Record { fact, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        **fact,
        Fact::Costing(vec![
            ("avg_wage".into(), "6850".into()),
            ("guideline".into(), "4/7/10".into()),
            ("cpi".into(), "2.1%".into()),
        ])
    );
    let standing = xieshang::service::fact::Standing::default();
    let env = xieshang::service::fact::Env {
        today: day(TODAY),
        calendar: xieshang::domain::calendar::HolidayCalendar::shared(),
        standing: &standing,
    };
    let before = app.open.as_ref().unwrap().dossier.clone();
    let change = fact.apply(&before, &env).unwrap();
    let c = &change.dossier.preparation.costing;
    assert_eq!((c.avg_wage_fen, c.cpi_bp), (Some(685_000), Some(210)));
}

/// The months a summer allowance is paid, which the pane says can be changed, are a field of
/// the costing form (as `prep --summer-months`), and `show` states them.
#[test]
fn the_summer_months_are_in_the_costing_form_and_in_show() {
    use crate::ui_support::{TODAY, day};
    use xieshang::app::Effect;
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, update};
    use xieshang::service::Fact;
    let mut app = costing_form(xieshang::i18n::Lang::ZhCn);
    // Up from the first field: the last, the summer months.
    let mut fx = update(&mut app, Action::Key(Key::BackTab));
    fx.extend(type_keys(&mut app, "3\n"));
    let [Effect::Record { fact, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        **fact,
        Fact::Costing(vec![("summer_months".into(), "3".into())])
    );
    let standing = xieshang::service::fact::Standing::default();
    let env = xieshang::service::fact::Env {
        today: day(TODAY),
        calendar: xieshang::domain::calendar::HolidayCalendar::shared(),
        standing: &standing,
    };
    let before = app.open.as_ref().unwrap().dossier.clone();
    let change = fact.apply(&before, &env).unwrap();
    assert_eq!(change.dossier.preparation.costing.summer_months, Some(3));

    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    ws.ok(&["prep", &id, "--summer-months", "3"]);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["show", &id]).stdout).unwrap();
    assert!(zh.contains("高温津贴发放月数 3"), "{zh}");
    assert!(
        ws.ok(&["show", &id]).contains("summer allowance months 3"),
        "show"
    );
}

/// Opens the costing form (`E` on the Preparation step) of the table fixture.
fn costing_form(lang: xieshang::i18n::Lang) -> xieshang::app::App {
    use crate::ui_support::app_on;
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, Screen, update};
    let mut app = app_on(Screen::Dossier, lang, "大连海辰机械制造有限公司");
    app.dossier.step = 2;
    let _ = update(&mut app, Action::Key(Key::Char('E')));
    app
}

/// Types `keys` (a `\t` is Tab, a `\n` Enter) and returns the effects.
fn type_keys(app: &mut xieshang::app::App, keys: &str) -> Vec<xieshang::app::Effect> {
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, update};
    let mut fx = Vec::new();
    for c in keys.chars() {
        let k = match c {
            '\t' => Key::Tab,
            '\n' => Key::Enter,
            c => Key::Char(c),
        };
        fx.extend(update(app, Action::Key(k)));
    }
    fx
}

/// The form's overtime hours are the costing fact's `hours.*` pairs, as `prep
/// --overtime-hours/--rest-day-hours/--holiday-hours` records them.
#[test]
fn the_costing_form_takes_overtime_hours() {
    use xieshang::app::Effect;
    use xieshang::service::Fact;
    let mut app = costing_form(xieshang::i18n::Lang::ZhCn);
    // Nine fields of figures, then the three kinds of hours.
    let fx = type_keys(&mut app, "\t\t\t\t\t\t\t\t\t1200\t160\t24\n");
    let [Effect::Record { fact, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        **fact,
        Fact::Costing(vec![
            ("hours.overtime".into(), "1200".into()),
            ("hours.overtime_rest".into(), "160".into()),
            ("hours.overtime_holiday".into(), "24".into()),
        ])
    );
    // The preview (shown until the save answers) holds them already.
    let hours = &app
        .open
        .as_ref()
        .unwrap()
        .dossier
        .preparation
        .costing
        .overtime_hours;
    assert_eq!(hours.get("overtime_rest"), Some(&160));

    // Hours that are not a count are refused at their field; nothing is sent.
    let mut app = costing_form(xieshang::i18n::Lang::En);
    let fx = type_keys(&mut app, "\t\t\t\t\t\t\t\t\t\tabc\n");
    assert!(fx.is_empty(), "{fx:?}");
    let Some(xieshang::app::Modal::Form(f)) = app.modal() else {
        panic!("the form closed")
    };
    assert_eq!(f.fields[f.focus].id, "hours.overtime_rest");
    assert!(f.error.is_some());
}

/// A distribution file typed in the form goes to the worker with the figures changed, as one
/// request: the app reads no file.
#[test]
fn the_costing_form_sends_a_distribution_file_to_the_worker() {
    use xieshang::app::Effect;
    use xieshang::service::Fact;
    let mut app = costing_form(xieshang::i18n::Lang::ZhCn);
    let fx = type_keys(&mut app, "6850\t\t\t\t\t\t\t\t\t\t\t\t分布.csv\n");
    let [
        Effect::RecordCosting {
            fact, distribution, ..
        },
    ] = &fx[..]
    else {
        panic!("{fx:?}")
    };
    assert_eq!(
        fact.as_deref(),
        Some(&Fact::Costing(vec![("avg_wage".into(), "6850".into())]))
    );
    assert_eq!(distribution, &std::path::PathBuf::from("分布.csv"));
    // Only a file: no figures to record with it.
    let mut app = costing_form(xieshang::i18n::Lang::ZhCn);
    let fx = type_keys(&mut app, "\t\t\t\t\t\t\t\t\t\t\t\t/tmp/x.csv\n");
    let [Effect::RecordCosting { fact: None, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    // A bad figure beside the file is refused at its field before anything is sent.
    let mut app = costing_form(xieshang::i18n::Lang::ZhCn);
    let fx = type_keys(&mut app, "\t五百\t\t\t\t\t\t\t\t\t\t\tx.csv\n");
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn the_costing_form_in_both_languages() {
    use crate::ui_support::render;
    for (lang, code) in [
        (xieshang::i18n::Lang::ZhCn, "zh"),
        (xieshang::i18n::Lang::En, "en"),
    ] {
        let mut app = costing_form(lang);
        type_keys(&mut app, "\t\t\t\t\t\t\t\t\t1200\t160\t24\t分布.csv");
        insta::assert_snapshot!(format!("form_costing_{code}"), render(&app, 80, 24));
    }
}

/// The worker reads the file through the service, then records the figures and the
/// distribution; a bad file records nothing.
#[test]
fn the_worker_records_a_distribution_read_from_its_file() {
    use xieshang::app::{Effect, Event};
    use xieshang::service::{Fact, NewDossier};
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("sessions");
    std::fs::create_dir_all(&root).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 20).unwrap();
    let mut s = StoreServices::new(root, xieshang::i18n::Lang::En, today);
    let d = NewDossier {
        kind: "wage".into(),
        enterprise: "青岛海弘精工机械有限公司".into(),
        ..NewDossier::default()
    };
    let Some(Event::Created { id }) = s.handle(Effect::Create(Box::new(d))) else {
        panic!("not created")
    };
    let _ = s.handle(Effect::OpenDossier(id.clone()));
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "档次,人数,月工资\n学徒工,十二,2000\n").unwrap();
    let hours = Fact::Costing(vec![("hours.overtime".into(), "1200".into())]);
    let Some(Event::Failed(m)) = s.handle(Effect::RecordCosting {
        id: id.clone(),
        fact: Some(Box::new(hours.clone())),
        distribution: bad,
    }) else {
        panic!("a bad file was taken")
    };
    assert!(
        m.contains("line 2: headcount \"十二\" is not a whole number of people"),
        "{m}"
    );
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    assert!(l.dossier.preparation.costing.is_empty());

    let good = dir.path().join("分布.csv");
    std::fs::write(&good, DISTRIBUTION).unwrap();
    let Some(Event::Saved {
        loaded, message, ..
    }) = s.handle(Effect::RecordCosting {
        id,
        fact: Some(Box::new(hours)),
        distribution: good,
    })
    else {
        panic!("not saved")
    };
    let c = &loaded.dossier.preparation.costing;
    assert_eq!(c.overtime_hours.get("overtime"), Some(&1200));
    assert_eq!(c.distribution.len(), 4);
    assert!(message.contains("4 bands, 420 staff"), "{message}");
}

/// The local periods cite the regulations they come from (forms-and-review.md §3): 山东 and
/// 河南 from their wage-bargaining regulations, whose filing periods apply to wage agreements
/// only; 杭州 and 宁波 from theirs (2014).
#[test]
fn local_periods_cite_their_regulations() {
    let ws = Ws::new();
    let show = |code: &str| ws.ok(&["region", "show", code, "--on", "2026-03-01"]);
    let sd = show("370000");
    assert!(
        sd.contains("Reply to a request: 10 days (《山东省企业工资集体协商条例》（2016）)"),
        "{sd}"
    );
    assert!(
        sd.contains("Filing a wage agreement after signing: 10 days"),
        "{sd}"
    );
    assert!(
        sd.contains("《山东省企业工资集体协商条例》第二十六条"),
        "{sd}"
    );
    let hn = show("410100");
    assert!(
        hn.contains(
            "Filing a wage agreement after signing: 5 working days (《河南省企业工资集体协商条例》（2013）)"
        ),
        "{hn}"
    );
    assert!(!hn.contains("Filing after signing"), "{hn}");
    assert!(show("330100").contains("《杭州市企业工资集体协商条例》（2014）"));
    assert!(show("330200").contains("《宁波市企业工资集体协商条例》（2014）"));
    assert!(show("330000").contains("10 working days (《浙江省集体合同条例》（2010 年修订）)"));
    assert!(show("310000").contains("15 days (《上海市集体合同条例》)"));
}

/// The Dossier screen's floor: the area whose data gave the figure, its source, and how the
/// tier was chosen.
#[test]
fn the_floor_says_its_source_and_how_its_tier_was_chosen() {
    use xieshang::domain::region::Regions;
    use xieshang::domain::*;
    use xieshang::i18n::Lang;
    use xieshang::service::region::floor_source_line;
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let regions = Regions::builtin();
    let mut x = Dossier::new(
        "t".into(),
        ContractKind::Wage,
        Enterprise {
            name: "青岛海弘精工机械有限公司".into(),
            region: "370200".into(),
            ..Enterprise::default()
        },
        d("2026-03-01"),
    );
    let line = floor_source_line(Lang::ZhCn, &regions, &x, d("2026-03-01")).unwrap();
    assert!(
        line.starts_with(
            "依据山东省资料：人社部《全国各地区最低工资标准情况（截至2025年7月1日）》"
        ),
        "{line}"
    );
    assert!(line.ends_with("地区资料未指定档次，按最低档"), "{line}");
    x.preparation.costing.tier = Some(2);
    let line = floor_source_line(Lang::En, &regions, &x, d("2026-03-01")).unwrap();
    assert!(
        line.ends_with("tier set for this dossier (prep --tier)"),
        "{line}"
    );
    // 大连: tier 1 in the region data, from 辽宁's table.
    x.enterprise.region = "210200".into();
    let line = floor_source_line(Lang::En, &regions, &x, d("2026-03-01")).unwrap();
    assert!(line.starts_with("From the data of 辽宁省: "), "{line}");
    assert!(line.ends_with("tier set by the region data"), "{line}");
    // Before any figure: nothing to say.
    x.enterprise.region = "370200".into();
    assert_eq!(
        floor_source_line(Lang::En, &regions, &x, d("2025-01-01")),
        None
    );
}

/// The costing pane keeps the package's gap in sight at 80×24 and 120×40 in both languages, on
/// the demo (nothing costable: "unknown") and with a position being typed and employer on-costs
/// entered (the most lines the pane has for one issue): what does not fit is cut from the least
/// important end, and the border says so.
#[test]
fn the_costing_pane_keeps_the_package_gap_in_sight() {
    use crate::ui_support::{TODAY, app_on, day, render};
    use xieshang::app::form::{Form, FormKind};
    use xieshang::app::{Modal, Screen};
    use xieshang::domain::Side;
    use xieshang::domain::costing::CostingData;
    use xieshang::i18n::Lang;
    const NAME: &str = "大连海辰机械制造有限公司";
    for (lang, demo_gap, typed_gap, cut) in [
        (
            Lang::ZhCn,
            "一揽子合计 差距 未知（双方无可比项）",
            "一揽子合计 差距 月 63,000 · 年 756,000",
            "…其余从略╯",
        ),
        (
            Lang::En,
            "Package Gap unknown (no issue",
            "Package Gap 63,000/mo · 756,000/yr",
            "… more not shown╯",
        ),
    ] {
        // At 120×40 the issue table takes only its rows and the pane has room for everything
        // (issue #14 audit: it was cut beside ten empty rows of the table).
        for (w, h, is_cut) in [(80, 24, true), (120, 40, false)] {
            let app = app_on(Screen::Table, lang, NAME);
            let text = render(&app, w, h);
            assert!(text.contains(demo_gap), "{w}x{h}\n{text}");
            assert_eq!(text.contains(cut), is_cut, "{w}x{h}\n{text}");

            let mut app = app_on(Screen::Table, lang, NAME);
            let l = app.open.as_mut().unwrap();
            l.dossier.preparation.costing = CostingData {
                avg_wage_fen: Some(500_000),
                staff: Some(420),
                cpi_bp: Some(210),
                social_insurance_bp: Some(1600),
                housing_fund_bp: Some(1000),
                ..CostingData::default()
            };
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
            // 5000 × 420 × (8 % − 5 %) = 63,000 a month, 756,000 a year.
            assert!(text.contains(typed_gap), "{w}x{h}\n{text}");
            assert_eq!(text.contains(cut), is_cut, "{w}x{h}\n{text}");
        }
    }
}

/// The table's costing pane for every issue of the dossier's latest round, opened from the
/// workspace as the TUI opens it, on the day the CLI runs (`Ws::run`: 2026-03-20). A terminal
/// 100 wide puts the pane in the chart's place, 12 rows tall.
fn panes(ws: &Ws, id: &str) -> std::collections::BTreeMap<String, String> {
    panes_at(ws, id, 100)
}

/// [`panes`] on a terminal `width` columns wide (40 rows).
fn panes_at(ws: &Ws, id: &str, width: u16) -> std::collections::BTreeMap<String, String> {
    use xieshang::app::{Action, App, Effect, Event, Screen, update};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    let mut s = StoreServices::new(ws.root(), Lang::En, today);
    let mut app = App::new(Lang::En, today);
    let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.into())) else {
        panic!("not opened")
    };
    let n = l.dossier.rounds.last().unwrap().issues.len();
    let _ = update(&mut app, Action::Worker(Event::Opened(l)));
    app.screen = Screen::Table;
    (0..n)
        .map(|i| {
            app.table.issue = i;
            let key = app.selected_issue().unwrap().to_string();
            (key, crate::ui_support::render(&app, width, 40))
        })
        .collect()
}

/// An issue: its key, the workers', employer's and gap's (monthly, yearly) fen, and how the
/// costing pane writes them.
type Case<'a> = (&'a str, [(i64, i64); 3], [&'a str; 3]);

/// `(monthly, yearly)` fen of a cost in `cost --json`.
fn fen(v: &Value) -> (i64, i64) {
    (
        v["monthly_fen"].as_i64().unwrap(),
        v["yearly_fen"].as_i64().unwrap(),
    )
}

/// `cost ID --json` and the table's costing pane give the same figures, issue by issue and for
/// the package: the demo (costed on its agreed terms) and a dossier with a wage distribution.
/// Every figure is worked out by hand and written here once for both.
#[test]
fn cost_json_and_the_costing_pane_agree() {
    // The demo: its distribution adds up to 2,877,000 a month; 6.5 % = 187,005 (2,244,060 a
    // year); 高温津贴 180 and 150 a head: 75,600 and 63,000; the minimum wage of 2300 lifts 30
    // people by 1,080 a month in all (12,960 a year).
    let ws = Ws::new();
    ws.ok(&["init"]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", "2026-001", "--json"])).unwrap();
    let p = panes(&ws, "2026-001");
    let inc = issue(&c, "平均工资增长");
    for (side, want) in [
        ("workers", "Workers 6.5%"),
        ("employer", "Employer 6.5%"),
        ("agreed", "Agreed 6.5%"),
    ] {
        assert_eq!(fen(&inc[side]), (18_700_500, 224_406_000));
        assert!(
            p["平均工资增长"].contains(&format!("{want}: 187,005/mo · 2,244,060/yr")),
            "{}",
            p["平均工资增长"]
        );
    }
    assert_eq!(fen(&inc["gap"]), (0, 0));
    assert!(
        p["平均工资增长"].contains(" Gap 0/mo · 0/yr"),
        "{}",
        p["平均工资增长"]
    );
    let min = issue(&c, "企业最低工资");
    assert_eq!(fen(&min["workers"]), (108_000, 1_296_000));
    assert!(
        p["企业最低工资"].contains("Workers ¥2300: 1,080/mo · 12,960/yr"),
        "{}",
        p["企业最低工资"]
    );
    // A summer allowance, paid 4 months a year: 180 × 420 = 75,600 a month, 302,400 a year;
    // 150 × 420 = 63,000 and 252,000. Agreed at 150: no gap.
    let hot = issue(&c, "高温津贴");
    assert_eq!(fen(&hot["workers"]), (7_560_000, 30_240_000));
    assert_eq!(fen(&hot["employer"]), (6_300_000, 25_200_000));
    assert_eq!(fen(&hot["agreed"]), (6_300_000, 25_200_000));
    assert_eq!(fen(&hot["gap"]), (0, 0));
    for want in [
        // Yuan a month, as an allowance is (`每月180元` written 180元, ¥180 in English).
        "Workers ¥180: 75,600/mo · 302,400/yr",
        "Employer ¥150: 63,000/mo · 252,000/yr",
        "Agreed ¥150: 63,000/mo · 252,000/yr",
        " Gap none (agreed)",
        "a year is 4 months",
    ] {
        assert!(p["高温津贴"].contains(want), "{want}\n{}", p["高温津贴"]);
    }
    // Every issue is agreed, so every package is the agreed one: 187,005 + 1,080 + 63,000 −
    // 1,080 (the increase already lifts all 30 above 2300) = 250,005 a month; a year
    // 187,005 × 12 = 2,244,060 + 63,000 × 4 = 252,000 → 2,496,060. No gap.
    assert_eq!(fen(&c["workers"]["money"]), (25_000_500, 249_606_000));
    assert_eq!(fen(&c["employer"]["money"]), (25_000_500, 249_606_000));
    assert_eq!(fen(&c["agreed"]["money"]), (25_000_500, 249_606_000));
    assert_eq!(fen(&c["gap"]), (0, 0));
    // (加班工资基数 cannot be costed: a narrow table keeps its chart, without the pane.)
    for pane in p.values().filter(|t| t.contains("╭Costing")) {
        for want in [
            "Package Gap 0/mo · 0/yr",
            " Workers: 250,005/mo · 2,496,060/yr",
            " Employer: 250,005/mo · 2,496,060/yr",
            " Agreed: 250,005/mo · 2,496,060/yr",
        ] {
            assert!(pane.contains(want), "{want}\n{pane}");
        }
    }

    // With a distribution (the hand-computed case of `cost_matches_the_hand_computed_figures`).
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file("分布.csv", DISTRIBUTION);
    ws.ok(&[
        "prep",
        &id,
        "--distribution",
        csv.to_str().unwrap(),
        "--cpi",
        "2.1%",
    ]);
    hand_computed_round(&ws, &id);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    let p = panes(&ws, &id);
    let cases: [Case; 3] = [
        // Wage bill 1,526,750 a month: 8 % = 122,140; 5 % = 76,337.50; gap 45,802.50.
        (
            "increase",
            [
                (12_214_000, 146_568_000),
                (7_633_750, 91_605_000),
                (4_580_250, 54_963_000),
            ],
            [
                "Workers 8%: 122,140/mo · 1,465,680/yr",
                "Employer 5%: 76,337.50/mo · 916,050/yr",
                " Gap 45,802.50/mo · 549,630/yr",
            ],
        ),
        // 12 × 300 + 25 × 150 = 7,350; 12 × 200 + 25 × 50 = 3,650.
        (
            "min_wage",
            [
                (735_000, 8_820_000),
                (365_000, 4_380_000),
                (370_000, 4_440_000),
            ],
            [
                "Workers ¥2300: 7,350/mo · 88,200/yr",
                "Employer ¥2200: 3,650/mo · 43,800/yr",
                " Gap 3,700/mo · 44,400/yr",
            ],
        ),
        // 300 and 200 a head for 420, paid 4 months a year (a summer allowance).
        (
            "allowance.高温津贴",
            [
                (12_600_000, 50_400_000),
                (8_400_000, 33_600_000),
                (4_200_000, 16_800_000),
            ],
            [
                "Workers ¥300: 126,000/mo · 504,000/yr",
                "Employer ¥200: 84,000/mo · 336,000/yr",
                " Gap 42,000/mo · 168,000/yr",
            ],
        ),
    ];
    for (key, figures, texts) in cases {
        let i = issue(&c, key);
        assert_eq!(
            [fen(&i["workers"]), fen(&i["employer"]), fen(&i["gap"])],
            figures,
            "{key}"
        );
        for want in texts {
            assert!(p[key].contains(want), "{key}: {want}\n{}", p[key]);
        }
    }
    // The package, netted of the increase/minimum-wage overlap (5,670 and 2,450 a month):
    // 249,820 against 161,537.50; the gap 88,282.50. A year: the allowance 4 months, the rest
    // 12 — workers 123,820 × 12 + 504,000 = 1,989,840; employer 77,537.50 × 12 + 336,000 =
    // 1,266,450; the gap 46,282.50 × 12 + 168,000 = 723,390.
    assert_eq!(fen(&c["workers"]["money"]), (24_982_000, 198_984_000));
    assert_eq!(fen(&c["employer"]["money"]), (16_153_750, 126_645_000));
    assert_eq!(fen(&c["workers"]["overlap"]), (567_000, 6_804_000));
    assert_eq!(fen(&c["employer"]["overlap"]), (245_000, 2_940_000));
    assert_eq!(fen(&c["gap"]), (8_828_250, 72_339_000));
    // (加班工资基数 cannot be costed: a narrow table keeps its chart, without the pane.)
    for pane in p.values().filter(|t| t.contains("╭Costing")) {
        for want in [
            "Package Gap 88,282.50/mo · 723,390/yr",
            " Workers: 249,820/mo · 1,989,840/yr",
            " Employer: 161,537.50/mo · 1,266,450/yr",
        ] {
            assert!(pane.contains(want), "{want}\n{pane}");
        }
    }
}

/// 300 people in three bands: 100 × 4000 + 150 × 5000 + 50 × 8000 = 1,550,000 yuan a month,
/// 5,166.67 a head (1,550,000 / 300 = 5,166.666…).
const DIST_300: &str = "档次,人数,月工资\nA,100,4000\nB,150,5000\nC,50,8000\n";

/// Costing audit 5: `prep --staff 150 --avg-wage 5000` with a distribution of 300 people costed
/// the increase on the 300 and allowances and overtime on the 150 at 5,000, without a word.
/// The distribution is the one basis now, and the figures against it are flagged in `cost`
/// (both languages) and in the table's pane.
#[test]
fn a_distribution_is_the_one_basis_and_figures_against_it_are_flagged() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file("dist.csv", DIST_300);
    ws.ok(&[
        "prep",
        &id,
        "--staff",
        "150",
        "--avg-wage",
        "5000",
        "--overtime-hours",
        "1000",
        "--distribution",
        csv.to_str().unwrap(),
    ]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
    positions(&ws, &id, "increase", "9%", "4%");
    positions(&ws, &id, "allowance.高温津贴", "300", "200");
    positions(&ws, &id, "overtime", "200%", "150%");
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert_eq!(c["basis"]["staff"], 300);
    assert_eq!(c["basis"]["staff_from"], "distribution");
    assert_eq!(c["basis"]["avg_wage_fen"], 516_667);
    assert_eq!(c["basis"]["avg_wage_from"], "distribution");
    assert_eq!(
        c["basis"]["conflicts"],
        serde_json::json!([
            {"what": "staff", "entered": 150, "from": "preparation", "used": 300},
            {"what": "avg_wage", "entered": 500_000, "from": "preparation", "used": 516_667}
        ])
    );
    // 9 % and 4 % of 1,550,000: 139,500 and 62,000.
    let inc = issue(&c, "increase");
    assert_eq!(inc["workers"]["monthly_fen"], 13_950_000);
    assert_eq!(inc["employer"]["monthly_fen"], 6_200_000);
    // Per head on the same 300: 300 × 300 = 90,000; 200 × 300 = 60,000.
    let hot = issue(&c, "allowance.高温津贴");
    assert_eq!(hot["workers"]["monthly_fen"], 9_000_000);
    assert_eq!(hot["employer"]["monthly_fen"], 6_000_000);
    // Overtime at the same average: 5,166.67 / 174 h × (200 % − the statutory 150 %) ×
    // 1000 h = 14,846.75; the statutory 150 % itself adds nothing.
    let ot = issue(&c, "overtime");
    assert_eq!(ot["workers"]["monthly_fen"], 1_484_675);
    assert_eq!(ot["employer"]["monthly_fen"], 0);

    let en = ws.ok(&["cost", &id]);
    for want in [
        "Warning: staff covered 150 (preparation) differs from the wage distribution's 300; everything is costed on the distribution",
        "Warning: average wage 5,000 yuan (preparation) differs from the wage distribution's 5,166.67 yuan; everything is costed on the distribution",
        "only what is paid over the statutory 150% is costed",
    ] {
        assert!(en.contains(want), "{want}\n{en}");
    }
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["cost", &id]).stdout).unwrap();
    for want in [
        "注意：协商准备资料的覆盖职工 150 人与工资分布的 300 人不一致，全部按工资分布测算",
        "注意：协商准备资料的月平均工资 5,000 元与工资分布的 5,166.67 元不一致，全部按工资分布测算",
        "只计超出法定标准 150% 的部分",
        // Costing audit 15: an allowance's position is yuan a month (`300` stored as 300元), and
        // a summer allowance says its months.
        "高温津贴（高温月份发放，全年按 4 个月计）",
        "职工方 300元：每月 90,000，每年 360,000",
    ] {
        assert!(zh.contains(want), "{want}\n{zh}");
    }
    // And `check` says it, in both languages (COSTING-BASIS).
    let f: Vec<Value> = ws.check(&id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "COSTING-BASIS")
        .cloned()
        .collect();
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0]["severity"], "warning");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("Staff covered 150 (preparation) differs from the wage distribution's 300"),
        "{f:?}"
    );
    let zh_check = String::from_utf8(ws.run_lang("zh-CN", &["check", &id]).stdout).unwrap();
    assert!(
        zh_check.contains("协商准备资料的月平均工资 5,000 元与工资分布的 5,166.67 元不一致"),
        "{zh_check}"
    );
    let p = panes_at(&ws, &id, 200);
    let pane = &p["increase"];
    // Costing audit 18: 9 % against 4 % is 5 percentage points apart, not 5 %.
    assert!(pane.contains(" 5 pp "), "{pane}");
    assert!(pane.contains("5 pp above productivity") || !pane.contains("productivity"));
    assert!(
        pane.contains("Warning: staff entered 150, distribution 300; costed on the distribution"),
        "{}",
        p["increase"]
    );
}

/// Costing audit 6: an issue agreed in round 2 still showed its old gap in round 3 (issues
/// carry over), and the package gap with every issue agreed was not 0. The agreed value stands
/// for both sides from then on.
#[test]
fn an_agreed_issue_has_no_gap_in_its_round_or_any_later_one() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file("dist.csv", DIST_300);
    ws.ok(&[
        "prep",
        &id,
        "--overtime-hours",
        "1000",
        "--distribution",
        csv.to_str().unwrap(),
    ]);
    let open = |date: &str| {
        ws.ok(&["round", &id, "open", "--date", date, "--chair", "workers"]);
    };
    open("2026-03-20");
    positions(&ws, &id, "overtime", "200%", "150%");
    positions(&ws, &id, "allowance.高温津贴", "300", "200");
    ws.ok(&["round", &id, "close"]);
    open("2026-03-27");
    ws.ok(&[
        "round", &id, "agree", "--issue", "overtime", "--value", "150%",
    ]);
    ws.ok(&["round", &id, "close"]);
    open("2026-04-03");
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--round", "3", "--json"])).unwrap();
    let ot = issue(&c, "overtime");
    assert_eq!(ot["status"], "agreed");
    assert_eq!(ot["gap"]["monthly_fen"], 0);
    // The package gap is the allowance's alone: (300 − 200) × 300 = 30,000 a month, for its
    // 4 months 120,000 a year.
    assert_eq!(fen(&c["gap"]), (3_000_000, 12_000_000));
    let text = ws.ok(&["cost", &id, "--round", "3"]);
    assert!(text.contains("Gap: none (agreed)"), "{text}");
    assert!(
        text.contains("Gap: 30,000 a month, 120,000 a year"),
        "{text}"
    );
    assert!(
        text.contains("The summer allowance is counted for 4 months a year"),
        "{text}"
    );
    // Every issue agreed: no gap at all.
    ws.ok(&[
        "round",
        &id,
        "agree",
        "--issue",
        "allowance.高温津贴",
        "--value",
        "250",
    ]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert_eq!(fen(&c["gap"]), (0, 0));
    // Each package is the agreed one: overtime at the statutory 150 % costs nothing over the
    // law; the allowance 250 × 300 = 75,000 a month, 300,000 for its 4 months.
    for side in ["workers", "employer", "agreed"] {
        assert_eq!(fen(&c[side]["money"]), (7_500_000, 30_000_000), "{side}");
    }
    let p = panes_at(&ws, &id, 200);
    let pane = &p["overtime"];
    assert!(pane.contains("Gap none (agreed)"), "{}", p["overtime"]);
    assert!(
        pane.contains("Package Gap 0/mo · 0/yr"),
        "{}",
        p["overtime"]
    );
}

/// Costing audit 7: agenda items named after terms (平均工资增长, 企业最低工资) and positions on
/// the terms' keys (`increase`, `min_wage`) made two rows each, one empty, and the package said
/// it left out issues it had counted. A position on a term's key lands on the agenda's issue.
#[test]
fn a_position_on_a_terms_key_lands_on_the_agenda_item_naming_it() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "370200");
    let csv = ws.file("dist.csv", DIST_300);
    ws.ok(&[
        "prep",
        &id,
        "--agenda",
        "平均工资增长",
        "--agenda",
        "企业最低工资",
        "--agenda",
        "increase",
        "--distribution",
        csv.to_str().unwrap(),
    ]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
    positions(&ws, &id, "increase", "8%", "5%");
    positions(&ws, &id, "min_wage", "4500", "4200");
    ws.ok(&[
        "round", &id, "agree", "--issue", "min_wage", "--value", "4300",
    ]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    let keys: Vec<&str> = c["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    // One issue a term, named as the agenda names it (the second `increase` item is the same).
    assert_eq!(keys, ["平均工资增长", "企业最低工资"]);
    // 8 % of 1,550,000 = 124,000; the minimum wage agreed at 4300 lifts the 100 at 4000 by
    // 300: 30,000 a month.
    assert_eq!(
        issue(&c, "平均工资增长")["workers"]["monthly_fen"],
        12_400_000
    );
    assert_eq!(
        issue(&c, "企业最低工资")["agreed"]["monthly_fen"],
        3_000_000
    );
    assert_eq!(c["workers"]["unknown"], serde_json::json!([]));
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["cost", &id]).stdout).unwrap();
    assert!(!zh.contains("未计入"), "{zh}");
    assert!(!zh.contains("未提出"), "{zh}");
}

/// Costing audit 11: `prep --guideline 5/8/12` was used by `cost` and the note, but `check`
/// said there was no guideline for 沈阳 2026 and asked for regions/210100.json. The rule judges
/// the agreed increase by the guideline entered, citing its source.
#[test]
fn check_judges_the_increase_by_the_guideline_entered_in_preparation() {
    let ws = Ws::new();
    let id = wage_dossier(&ws, "210100");
    let guideline = |ws: &Ws| -> Vec<Value> {
        ws.check(&id)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "CONTENT-GUIDELINE")
            .cloned()
            .collect()
    };
    ws.ok(&["terms", &id, "increase=4%", "start=2026-05-01"]);
    // Without a guideline anywhere: the finding asks for one (as before).
    let f = guideline(&ws);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("regions/210100.json")
    );
    ws.ok(&[
        "prep",
        &id,
        "--guideline",
        "5/8/12",
        "--source",
        "沈阳市人社局2026年企业工资指导线",
    ]);
    // 4 % is below the entered lower line of 5 %: a warning citing the source, and no request
    // for region data.
    let f = guideline(&ws);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["severity"], "warning");
    let m = f[0]["message"].as_str().unwrap();
    assert!(
        m.contains("4% is below the lower line of 5% of the wage guideline entered in preparation")
            && m.contains("source: 沈阳市人社局2026年企业工资指导线"),
        "{m}"
    );
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["check", &id]).stdout).unwrap();
    assert!(
        zh.contains("平均工资增幅 4% 低于协商准备资料录入的工资指导线下线 5%（基准线 8%，上线 12%；来源：沈阳市人社局2026年企业工资指导线）"),
        "{zh}"
    );
    assert!(!zh.contains("regions/210100.json"), "{zh}");
    // Within the lines: nothing to say.
    ws.ok(&["terms", &id, "increase=6%"]);
    assert!(guideline(&ws).is_empty());
}

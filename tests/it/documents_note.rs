//! The note on the bargaining (`export ID note`, 协商情况说明) with the costing of the agreed
//! package as `xieshang cost` works it out: the monthly and yearly cost, what it leaves out, the
//! increase against the wage guideline's lines and prices, real wage growth. Facts not on record
//! are visible blanks, listed in the user's language. Expected figures are literals.

use crate::common::Ws;
use crate::common::servers::need;
use crate::documents::{docx_text, export, in_order, joined, pdftotext};

const ID: &str = "2026-001";

#[test]
fn the_note_costs_the_agreed_package_against_the_guideline_and_prices() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    // The CPI and the guideline straight into the preparation data (the demo is signed, so
    // `prep` would refuse): 2 % prices, guideline 4 % / 7 % / 10 %.
    let path = ws.dossier_dir(ID).join("dossier.json");
    let mut d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    d["preparation"]["costing"]["cpi_bp"] = 200.into();
    d["preparation"]["costing"]["productivity_bp"] = 500.into();
    d["preparation"]["costing"]["guideline"] =
        serde_json::json!({"lower_bp": 400, "base_bp": 700, "upper_bp": 1000});
    std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    crate::common::git(&ws.dossier_dir(ID), &["commit", "-qam", "hand edit"]);
    // The figures `cost` gives: 2,877,000 (the demo's distribution, 6,850 × 420) × 6.5 % =
    // 187,005 a month for the increase, 420 × 150 = 63,000 for the heat allowance; the minimum
    // wage's 1,080 is paid by the increase already (counted once). A year: 187,005 × 12 =
    // 2,244,060, and the heat allowance for its 4 months only, 252,000: 2,496,060.
    let cost = ws.ok(&["cost", ID]);
    assert!(
        cost.contains("Agreed: 250,005 a month, 2,496,060 a year"),
        "{cost}"
    );
    let out = export(&ws, &[ID, "note"]);
    let expected = [
        // The representatives, as a table (§4 of forms-and-review: 代表产生情况).
        "一、协商代表的产生",
        "职工方 | 王秀兰 | 工会主席 | 首席代表\n",
        "企业方 | 陈国栋 | 总经理 | 首席代表\n",
        "三、主要议题及协商结果",
        "四、工资调整及测算",
        "上年度职工月平均工资6,850元，本合同涉及职工420人，本年度职工平均工资增长6.5%。",
        "按双方约定事项测算，企业每月增加工资支出250,005元，全年增加2,496,060元。",
        "工资增长幅度介于下线与基准线之间（工资指导线下线4%、基准线7%、上线10%）；",
        "同期居民消费价格指数上涨2%，扣除价格因素后职工实际工资增长约4.5%；",
        "同期企业劳动生产率提高5%，工资增长高于劳动生产率增长1.5个百分点。",
        "工资增长未达到规划提出的年均增长10%的目标。",
        "五、审议和签订",
    ];
    let text = docx_text(&out);
    in_order(&text, &expected);
    assert!(!text.contains("【待填"), "{text}");
    if need(&["pdftotext"]) {
        let pdf = export(&ws, &[ID, "note", "--format", "pdf"]);
        let t = joined(&pdftotext(&pdf));
        let e: Vec<String> = expected
            .iter()
            .map(|s| joined(&s.replace(" | ", "")))
            .collect();
        in_order(&t, &e.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

#[test]
fn without_rounds_or_data_the_costing_is_a_visible_blank_listed_in_the_users_language() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let out = ws.dir.path().join("note.docx");
    let o = ws.run_lang(
        "en",
        &["export", &id, "note", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("monthly cost of the agreed package, yearly cost of the agreed package, the increase against the wage guideline, consumer price growth, real wage growth, labour productivity growth, increase against productivity growth, increase against the growth target"),
        "{err}"
    );
    let text = docx_text(&out);
    in_order(
        &text,
        &[
            "本合同涉及职工200人",
            "企业每月增加工资支出【待填：约定事项每月增加工资支出】，全年增加【待填：约定事项全年增加工资支出】。",
            "工资增长幅度【待填：工资增幅与工资指导线比较】；同期居民消费价格指数上涨【待填：居民消费价格指数涨幅】，扣除价格因素后职工实际工资增长约【待填：实际工资增长幅度】；",
            "同期企业劳动生产率提高【待填：劳动生产率增长幅度】，【待填：工资增长与劳动生产率增长比较】。【待填：工资增长与增长目标比较】",
        ],
    );
    let o = ws.run_lang(
        "zh-CN",
        &["export", &id, "note", "--out", out.to_str().unwrap()],
    );
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("约定事项每月增加工资支出、约定事项全年增加工资支出、工资增幅与工资指导线比较、居民消费价格指数涨幅、实际工资增长幅度"),
        "{err}"
    );
}

/// Issue #14: the increase agreed at the table (no agreed terms yet) and the preparation's
/// average wage, staff, prices, productivity and guideline: the note says what `cost` says.
#[test]
fn the_note_reads_the_increase_agreed_at_the_table_on_costs_basis() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let run = |args: &[&str]| {
        let o = ws.run_at("en", "2026-03-21", args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    run(&[
        "prep",
        &id,
        "--avg-wage",
        "6000",
        "--staff",
        "300",
        "--cpi",
        "2.1%",
        "--productivity",
        "7%",
        "--guideline",
        "4%/7%/10%",
    ]);
    run(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-21",
        "--chair",
        "workers",
    ]);
    run(&[
        "round", &id, "position", "--issue", "increase", "--side", "workers", "--value", "8%",
    ]);
    run(&[
        "round", &id, "position", "--issue", "increase", "--side", "employer", "--value", "4%",
    ]);
    run(&[
        "round", &id, "agree", "--issue", "increase", "--value", "6%",
    ]);
    run(&["round", &id, "close"]);
    let cost = ws.ok(&["cost", &id]);
    assert!(
        cost.contains("Agreed 6%, real ≈ 3.9%, between the lower line and the base line, 1 pp below productivity growth, short of the 10% target"),
        "{cost}"
    );
    let out = export(&ws, &[&id, "note"]);
    let text = docx_text(&out);
    in_order(
        &text,
        &[
            "四、工资调整及测算",
            "上年度职工月平均工资6,000元，本合同涉及职工300人，本年度职工平均工资增长6%。\
             按双方约定事项测算，企业每月增加工资支出108,000元，全年增加1,296,000元。\
             工资增长幅度介于下线与基准线之间（工资指导线下线4%、基准线7%、上线10%）；\
             同期居民消费价格指数上涨2.1%，扣除价格因素后职工实际工资增长约3.9%；\
             同期企业劳动生产率提高7%，工资增长低于劳动生产率增长1个百分点。\
             工资增长未达到规划提出的年均增长10%的目标。",
            "五、审议和签订",
        ],
    );
}

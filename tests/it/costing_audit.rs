//! Issue #14's audit: a workspace region file adds to the built-in area instead of replacing it,
//! costing follows the issue's unit, the package gap leaves out what one side has no cost for,
//! working days that run into a year without a holiday schedule say so. Expected figures are
//! worked out by hand and written as literals.

use crate::common::Ws;
use serde_json::Value;

fn dossier(ws: &Ws, region: &str) -> String {
    ws.ok(&[
        "new",
        "--kind",
        "wage",
        "--enterprise",
        "青岛海弘精工机械有限公司",
        "--region",
        region,
        "--staff",
        "100",
    ])
    .trim()
    .to_string()
}

fn open_round(ws: &Ws, id: &str) {
    ws.ok(&[
        "round",
        id,
        "open",
        "--date",
        "2026-03-20",
        "--chair",
        "workers",
    ]);
}

fn regions_file(ws: &Ws, name: &str, text: &str) {
    std::fs::create_dir_all(ws.root().join("regions")).unwrap();
    std::fs::write(ws.root().join("regions").join(name), text).unwrap();
}

/// A guideline for 山东 in the workspace used to replace the whole province: no minimum wage,
/// no 10-day reply rule.
#[test]
fn a_workspace_guideline_keeps_the_built_in_area() {
    let ws = Ws::new();
    let id = dossier(&ws, "370200");
    regions_file(
        &ws,
        "sd.json",
        r#"{"regions":[{"code":"370000","name":"山东省","guidelines":[{"year":2026,"lower_bp":400,"base_bp":700,"upper_bp":1000}],
            "cpi":[{"year":2026,"bp":180,"source":"山东省统计局2026年公报"}]}]}"#,
    );
    regions_file(
        &ws,
        "dl.json",
        r#"{"regions":[{"code":"210200","guidelines":[{"year":2026,"lower_bp":450,"base_bp":750,"upper_bp":1050}]}]}"#,
    );
    let sd = ws.ok(&["region", "show", "370200", "--on", "2026-03-20"]);
    assert!(!sd.contains("no minimum wage in the data"), "{sd}");
    assert!(sd.contains("1820 yuan/month"), "{sd}");
    assert!(sd.contains("Reply to a request: 10 days"), "{sd}");
    let dl = ws.ok(&["region", "show", "210200", "--on", "2026-03-20"]);
    assert!(
        dl.contains("Tier: 1") && dl.contains("2230 yuan/month"),
        "{dl}"
    );
    // Received Monday 03-02, replied on day 11 (03-13): late under 山东's 10 days.
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
    ws.ok(&["reply", &id, "--date", "2026-03-13"]);
    let f = ws.check(&id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "OFFER-REPLY")
        .cloned()
        .unwrap();
    assert!(f["message"].as_str().unwrap().contains("10 days"), "{f}");
    // The guideline and the CPI are the workspace's, the CPI with its source.
    ws.ok(&["prep", &id, "--avg-wage", "5000"]);
    open_round(&ws, &id);
    ws.ok(&[
        "round", &id, "position", "--issue", "increase", "--side", "workers", "--value", "8%",
    ]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    let check = &c["issues"][0]["increase"][0][1];
    assert_eq!(check["guideline"], "base_to_upper");
    // 8 % − 1.8 % = 6.2 % real.
    assert_eq!(check["real_bp"], 620);
    assert_eq!(c["basis"]["cpi_from"]["from"], "region");
    let text = ws.ok(&["cost", &id]);
    assert!(
        text.contains("CPI growth 1.8% (region data, 370000 山东省: 山东省统计局2026年公报)"),
        "{text}"
    );
    // The dossier's own CPI wins over the region's.
    ws.ok(&["prep", &id, "--cpi", "2.1%"]);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert_eq!(c["issues"][0]["increase"][0][1]["real_bp"], 590);
    assert_eq!(c["basis"]["cpi_from"]["from"], "preparation");
}

/// A key the region data does not have is refused, naming the file and the key.
#[test]
fn an_unknown_key_in_a_region_file_is_refused() {
    let ws = Ws::new();
    dossier(&ws, "370200");
    regions_file(
        &ws,
        "sd.json",
        r#"{"regions":[{"code":"370000","cpl":[{"year":2026,"bp":180}]}]}"#,
    );
    let o = ws.run(&["region", "show", "370200"]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("sd.json") && e.contains("cpl"), "{e}");
}

fn position(ws: &Ws, id: &str, issue: &str, side: &str, value: &str, unit: Option<&str>) {
    let mut args = vec![
        "round", id, "position", "--issue", issue, "--side", side, "--value", value,
    ];
    if let Some(u) = unit {
        args.extend(["--unit", u]);
    }
    ws.ok(&args);
}

fn issue<'a>(c: &'a Value, key: &str) -> &'a Value {
    c["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key)
        .unwrap()
}

/// Costing reads the issue's unit: a yearly amount is a twelfth a month, a percentage allowance
/// is unknown (no wage to take it of), a yuan issue not named …津贴 is an amount per head.
#[test]
fn costing_follows_the_unit_of_each_issue() {
    let ws = Ws::new();
    let id = dossier(&ws, "370200");
    ws.ok(&["prep", &id, "--avg-wage", "5000", "--staff", "100"]);
    open_round(&ws, &id);
    position(&ws, &id, "交通补贴", "workers", "1200", Some("yuan_year"));
    position(&ws, &id, "交通补贴", "employer", "600", None);
    position(&ws, &id, "allowance.餐补", "workers", "5%", Some("percent"));
    position(&ws, &id, "午餐费", "workers", "300", Some("yuan_month"));
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    // 1200 / 12 × 100 = 10,000 yuan a month, 120,000 a year; 600 a year: 5,000 a month.
    let t = issue(&c, "交通补贴");
    assert_eq!(t["workers"]["monthly_fen"], 1_000_000);
    assert_eq!(t["workers"]["yearly_fen"], 12_000_000);
    assert_eq!(t["employer"]["monthly_fen"], 500_000);
    assert_eq!(t["gap"]["monthly_fen"], 500_000);
    let m = issue(&c, "allowance.餐补");
    assert_eq!(m["workers"]["state"], "unknown");
    assert_eq!(m["workers"]["missing"], "base");
    // 300 × 100 = 30,000 yuan a month.
    assert_eq!(issue(&c, "午餐费")["workers"]["monthly_fen"], 3_000_000);
    let text = ws.ok(&["cost", &id]);
    assert!(text.contains("10,000 a month, 120,000 a year"), "{text}");
    assert!(
        text.contains("unknown (a percentage, and the wage it is a percentage of"),
        "{text}"
    );
}

/// Only the employer has a position: the workers' package is unknown, not 0, and there is no
/// gap to speak of — `cost`, `cost --json` and the table's pane say the same.
#[test]
fn a_package_with_one_side_missing_is_not_counted_as_zero() {
    let ws = Ws::new();
    let id = dossier(&ws, "370200");
    ws.ok(&["prep", &id, "--avg-wage", "5000", "--staff", "100"]);
    open_round(&ws, &id);
    position(&ws, &id, "increase", "employer", "5%", None);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    assert!(c["workers"]["money"].is_null(), "{c}");
    assert_eq!(c["employer"]["money"]["monthly_fen"], 2_500_000);
    assert!(c["gap"].is_null(), "{c}");
    assert_eq!(c["complete"], false);
    assert_eq!(c["gap_excluded"], serde_json::json!(["increase"]));
    let text = ws.ok(&["cost", &id]);
    assert!(
        text.contains("Workers: unknown (nothing could be costed)"),
        "{text}"
    );
    assert!(text.contains("Employer: 25,000 a month"), "{text}");
    assert!(
        text.contains("Gap: unknown (no issue costed for both)"),
        "{text}"
    );
    assert!(!text.contains("-25,000"), "{text}");
    // A per-head issue on both sides: the gap is over it alone, and says what it leaves out.
    position(&ws, &id, "午餐费", "workers", "300", Some("yuan_month"));
    position(&ws, &id, "午餐费", "employer", "200", None);
    let c: Value = serde_json::from_str(&ws.ok(&["cost", &id, "--json"])).unwrap();
    // (300 − 200) × 100 = 10,000 yuan a month.
    assert_eq!(c["gap"]["monthly_fen"], 1_000_000);
    assert_eq!(c["gap_excluded"], serde_json::json!(["increase"]));
    let text = ws.ok(&["cost", &id]);
    assert!(
        text.contains("Gap: 10,000 a month, 120,000 a year (not counted: "),
        "{text}"
    );
}

/// 河南's 10 working days from a request received Friday 2026-12-18 end on Friday 2027-01-01,
/// a day the program has no holiday schedule for: the finding says the date counts weekends
/// only there. From Thursday 12-17 they end on 12-31, all in 2026: nothing to say.
#[test]
fn working_days_into_a_year_without_a_schedule_say_so() {
    use xieshang::domain::calendar::HolidayCalendar;
    use xieshang::domain::region::Regions;
    use xieshang::domain::rules::{Context, check};
    use xieshang::domain::*;
    use xieshang::i18n::Lang;
    let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let (regions, cal) = (Regions::builtin(), HolidayCalendar::builtin());
    for (lang, note) in [
        (Lang::En, "without the 2027 holiday schedule (weekends only"),
        (Lang::ZhCn, "未含 2027 年节假日安排，仅按周末计算"),
    ] {
        let ctx = Context::new(&regions, &cal, lang);
        let mut x = Dossier::new(
            "t".into(),
            ContractKind::Wage,
            Enterprise {
                name: "郑州某精密机械有限公司".into(),
                region: "410100".into(),
                staff: Some(200),
                ..Enterprise::default()
            },
            d("2026-12-01"),
        );
        let offer = |received: &str| Offer {
            by: Side::Workers,
            sent: d(received),
            received: d(received),
            topics: Vec::new(),
        };
        x.offer = Some(offer("2026-12-17"));
        let r = check(&x, &ctx, d("2026-12-20"));
        let m = &r.of("OFFER-REPLY").next().unwrap().message;
        assert!(m.contains("2026-12-31") && !m.contains("2027"), "{m}");
        x.offer = Some(offer("2026-12-18"));
        let r = check(&x, &ctx, d("2026-12-20"));
        let m = &r.of("OFFER-REPLY").next().unwrap().message;
        assert!(m.contains("2027-01-01") && m.contains(note), "{m}");
        assert!(m.contains("regions/holidays/2027.json"), "{m}");
        // FILING-DEADLINE: 5 working days from Friday 2026-12-25: 28, 29, 30, 31 and 2027-01-01.
        x.signing = Some(Signing {
            date: d("2026-12-25"),
            workers_chief: None,
            employer_chief: None,
            seals: true,
        });
        let r = check(&x, &ctx, d("2026-12-26"));
        let m = &r.of("FILING-DEADLINE").next().unwrap().message;
        assert!(m.contains("2027-01-01") && m.contains(note), "{m}");
        // From Thursday 12-24 they end on 12-31: no note.
        x.signing.as_mut().unwrap().date = d("2026-12-24");
        let r = check(&x, &ctx, d("2026-12-26"));
        let m = &r.of("FILING-DEADLINE").next().unwrap().message;
        assert!(m.contains("2026-12-31") && !m.contains("2027"), "{m}");
    }
}

//! The archive on a generated workspace of 200 signed agreements with known figures
//! (`benches/support/archive_gen.rs`): search by phrase (three characters and more through the
//! trigram index, one and two through a scan), filters and figures, due, a deleted index rebuilt,
//! CSV for Excel. Expected counts are literals worked out from the generator's formulas.

#[path = "../../benches/support/archive_gen.rs"]
mod archive_gen;

use crate::common::Ws;
use serde_json::Value;

/// A workspace with the demo (its signed contract is the base text) and 200 generated agreements.
fn archive() -> Ws {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let base = std::fs::read_to_string(ws.root().join("2026-001/contract.md")).unwrap();
    assert!(base.contains("高温津贴每月150元"));
    archive_gen::generate(&ws.root(), 200, &base);
    ws
}

fn search(ws: &Ws, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["archive", "search", "--json", "--limit", "0"];
    all.extend_from_slice(args);
    let v: Value = serde_json::from_str(&ws.ok(&all)).unwrap();
    // Nothing left out with --limit 0.
    assert_eq!(v["cut"], false);
    assert_eq!(v["matched"].as_u64(), Some(v["listed"].as_u64().unwrap()));
    v["agreements"].as_array().unwrap().clone()
}

#[test]
fn search_filters_figures_due_and_a_rebuilt_index() {
    let ws = archive();
    // A phrase of 6 characters: every 25th generated agreement (8 of 200), not the demo.
    let hits = search(&ws, &["夜班津贴每班"]);
    assert_eq!(hits.len(), 8);
    assert!(hits.iter().all(|h| h["clauses"][0]["label"] == "第十九条"));
    // Two characters (below the trigram index's reach): every agreement has 津贴 somewhere.
    assert_eq!(search(&ws, &["津贴"]).len(), 201);
    // One character that no clause has.
    assert_eq!(search(&ws, &["鑫"]).len(), 0);
    // 高温津贴 above 150 yuan: i % 10 in 6..=9 → 80 generated (the demo has exactly 150).
    assert_eq!(search(&ws, &["--allowance", "高温津贴>150"]).len(), 80);
    // …and in 210211 (i % 5 == 2): i % 10 in {7} → 20.
    assert_eq!(
        search(&ws, &["--allowance", "高温津贴>150", "--region", "210211"]).len(),
        20
    );
    // A city code takes its districts: all 200 generated are in 2102xx, and the demo too.
    assert_eq!(search(&ws, &["--region", "210200"]).len(), 201);
    // Increase below 4%: 3.0% and 3.5% (i % 7 in {0, 1}): 58 of 200.
    assert_eq!(search(&ws, &["--increase-below", "4%"]).len(), 58);
    // Minimum wage below 2010 yuan: i % 6 == 0 → 34.
    assert_eq!(search(&ws, &["--min-wage-below", "2010"]).len(), 34);
    // Safety contracts: i % 10 == 9 → 20; of those in 建筑业 (i % 4 == 1): i ≡ 9 mod 20 → 10.
    assert_eq!(search(&ws, &["--kind", "safety"]).len(), 20);
    assert_eq!(
        search(&ws, &["--kind", "safety", "--industry", "建筑业"]).len(),
        10
    );
    // Signed in 2025 (i % 3 == 1): 67.
    assert_eq!(search(&ws, &["--year", "2025"]).len(), 67);
    // As of 2026-03-20 (the harness's today): 2024's expired (67), 2025's ended 2026-02-28
    // (67 expired too), 2026's in effect (66); the demo is not in effect yet on that day.
    assert_eq!(search(&ws, &["--status", "expired"]).len(), 134);
    assert_eq!(search(&ws, &["--status", "effective"]).len(), 66);
    // Text and filters together, with the hit in context.
    let hits = search(&ws, &["高温津贴每月190元", "--region", "210281"]);
    assert_eq!(hits.len(), 20);
    let out = ws.ok(&["archive", "search", "高温津贴每月190元", "--limit", "1"]);
    assert!(out.contains("【高温津贴每月190元】"), "{out}");

    // Refused filters name the value and the rule.
    let o = ws.run(&["archive", "search", "--allowance", "高温津贴"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NAME>AMOUNT"));
    let o = ws.run(&["archive", "search", "--status", "lapsed"]);
    assert_eq!(o.status.code(), Some(1));
    let o = ws.run(&["archive", "search", "--region", "大连"]);
    assert_eq!(o.status.code(), Some(1));

    // The index is derived: deleted, it is rebuilt on the next use, with the same answers.
    std::fs::remove_file(ws.root().join(".xieshang/archive.sqlite")).unwrap();
    assert_eq!(search(&ws, &["夜班津贴每班"]).len(), 8);
    let out = ws.ok(&["archive", "reindex"]);
    assert!(out.contains("201 of 201"), "{out}");

    // A dossier added or changed is seen by the next search (its HEAD moved): a draft.
    let id = ws.new_dossier_of("wage");
    ws.ok(&["terms", &id, "allowance.高温津贴=500"]);
    let hits = search(&ws, &["--allowance", "高温津贴>400"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["key"], id.as_str());
    assert_eq!(search(&ws, &["--status", "draft"]).len(), 1);
    ws.ok(&["draft", &id, "--template", "wage"]);
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "8",
        "--text",
        "加班工资以职工本人岗位工资为基数计发。",
    ]);
    let hits = search(&ws, &["岗位工资为基数"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["clauses"][0]["version"], "current");

    // Due within 400 days as of 2026-03-20: the demo's expiry (2027-06-30) is beyond; the 2026
    // agreements end 2027-02-28 → 66 renewal lines, none overdue.
    let v: Value =
        serde_json::from_str(&ws.ok(&["archive", "due", "--within", "400", "--json"])).unwrap();
    let renewals = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "RENEWAL")
        .count();
    assert_eq!(renewals, 66);
}

#[test]
fn csv_for_excel_with_a_bom_and_no_formula_injection() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&["enterprise", &id, "industry", "=HYPERLINK(\"http://x\")"]);
    let file = ws.dir.path().join("out.csv");
    ws.ok(&[
        "archive",
        "search",
        "--industry",
        "HYPERLINK",
        "--csv",
        file.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(lines[0].starts_with("Dossier,Enterprise,"), "{}", lines[0]);
    assert!(
        lines[1].starts_with(&format!("{id},大连测试机械有限公司,")),
        "{}",
        lines[1]
    );
    // The formula is shown, not run.
    assert!(
        lines[1].contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{}",
        lines[1]
    );
}

/// Coverage without a registry: the enterprises with dossiers are the denominator. As of
/// 2026-03-20, the agreements signed in 2026 (i % 3 == 2: 66) are in effect, 60 of them wage
/// agreements; the demo is signed but not yet in effect.
#[test]
fn coverage_against_the_plan_on_the_generated_archive() {
    let ws = archive();
    let v: Value = serde_json::from_str(&ws.ok(&["archive", "stats", "--json"])).unwrap();
    assert_eq!(v["registry"], false);
    let figs = v["groups"][0]["figures"].as_array().unwrap();
    let fig = |k: &str| figs.iter().find(|f| f["key"] == k).unwrap().clone();
    let c = fig("coverage");
    assert_eq!(
        (c["numerator"].as_i64(), c["denominator"].as_i64()),
        (Some(60), Some(201))
    );
    assert_eq!(c["value_bp"], 2985);
    assert_eq!(c["target_bp"], 9500);
    assert_eq!(c["met"], false);
    assert_eq!(c["short"].as_array().unwrap().len(), 141);
    // Instructors, over the wage agreements signed and not expired: the 60 wage ones of 2026
    // (i % 3 == 2, i % 10 != 9) and the demo (signed, ends 2027-06-30) = 61; with an instructor:
    // the even ones (i % 6 == 2: 2, 8, …, 194 → 33) and the demo = 34. Expired ones and the
    // safety contracts are not asked for one.
    let i = fig("instructor");
    assert_eq!(
        (i["numerator"].as_i64(), i["denominator"].as_i64()),
        (Some(34), Some(61))
    );
    assert_eq!(i["unknown"], 0);
    // High-risk enterprises (i % 8 == 0: 25); none has a safety contract (those are i % 10 == 9).
    let s = fig("special_safety");
    assert_eq!(
        (s["numerator"].as_i64(), s["denominator"].as_i64()),
        (Some(0), Some(25))
    );
    // Workers covered by the 66 agreements in effect, one enterprise each: 66 enterprises.
    let w = fig("workers");
    assert_eq!(
        (w["numerator"].as_i64(), w["denominator"].as_i64()),
        (Some(22770), Some(66))
    );
    // The average increase over the 60 wage agreements of those (the 6 safety contracts, i = 29,
    // 59, 89, 119, 149, 179, are left out): all 66 sum to 29650 (4.49 % each on average); the six
    // have i % 7 = 1, 3, 5, 0, 2, 4 → 350 + 450 + 550 + 300 + 400 + 500 = 2550; (29650 − 2550) / 60
    // = 27100 / 60 = 451 bp.
    let inc = fig("increase");
    assert_eq!(
        (inc["numerator"].as_i64(), inc["denominator"].as_i64()),
        (Some(27100), Some(60))
    );
    assert_eq!(inc["value_bp"], 451);
    assert_eq!(inc["met"], false);
    // By region: five districts of the generated agreements and Dalian (the demo).
    let v: Value =
        serde_json::from_str(&ws.ok(&["archive", "stats", "--by", "region", "--json"])).unwrap();
    let groups: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(
        groups,
        ["210200", "210203", "210204", "210211", "210213", "210281"]
    );
    let o = ws.run(&["archive", "stats", "--by", "street"]);
    assert_eq!(o.status.code(), Some(1));
}

/// With the registry imported, coverage counts unionised enterprises of the registry (4 of the
/// fixture's 6): one has a wage agreement in effect (signed, filed and through the review period
/// with no objection — signed and never filed is not), matched by credit code; the high-risk
/// chemical company lacks its safety contract until one is signed.
#[test]
fn coverage_against_the_registry() {
    let ws = Ws::new();
    let csv = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/registry/dalian.csv"
    );
    ws.ok(&["enterprises", "import", csv]);
    let sign = |name: &str, code: &str, kind: &str| {
        let id = ws
            .ok(&["new", "--kind", kind, "--enterprise", name])
            .trim()
            .to_string();
        ws.ok(&["enterprise", &id, "credit_code", code]);
        ws.ok(&["sign", &id, "--date", "2026-01-10"]);
        id
    };
    // Received 2026-01-13: in effect by law long before today (2026-03-20).
    let file = |id: &str| {
        ws.ok(&[
            "file",
            id,
            "--sent",
            "2026-01-12",
            "--received",
            "2026-01-13",
        ]);
    };
    let wage = sign("大连某某机械有限公司", "91210211MA0QBC1E4T", "wage");
    let stats = |ws: &Ws| -> Value {
        serde_json::from_str(&ws.ok(&["archive", "stats", "--json"])).unwrap()
    };
    // Signed, never filed: not in effect, not covered.
    let v = stats(&ws);
    let figs = v["groups"][0]["figures"].as_array().unwrap().clone();
    let c = figs.iter().find(|f| f["key"] == "coverage").unwrap();
    assert_eq!(
        (c["numerator"].as_i64(), c["denominator"].as_i64()),
        (Some(0), Some(4))
    );
    file(&wage);
    let v = stats(&ws);
    assert_eq!(v["registry"], true);
    let figs = v["groups"][0]["figures"].as_array().unwrap().clone();
    let fig = |figs: &[Value], k: &str| figs.iter().find(|f| f["key"] == k).unwrap().clone();
    let c = fig(&figs, "coverage");
    assert_eq!(
        (c["numerator"].as_i64(), c["denominator"].as_i64()),
        (Some(1), Some(4))
    );
    assert_eq!(c["value_bp"], 2500);
    let short: Vec<&str> = c["short"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        short,
        // In credit-code order.
        [
            "大连星海服装有限公司",
            "大连港湾物流(集团)有限公司",
            "大连海湾化工股份有限公司"
        ]
    );
    // High-risk: the chemical company and the builder (not unionised, still high-risk): 0 of 2.
    let s = fig(&figs, "special_safety");
    assert_eq!(
        (s["numerator"].as_i64(), s["denominator"].as_i64()),
        (Some(0), Some(2))
    );
    // Women-concentrated (≥ 50 %): 星海服装 (168 of 210) and the restaurant (30 of 48).
    let w = fig(&figs, "special_women");
    assert_eq!(w["denominator"], 2);
    sign("大连海湾化工股份有限公司", "912102132416033710", "safety");
    let v = stats(&ws);
    let figs = v["groups"][0]["figures"].as_array().unwrap().clone();
    let s = fig(&figs, "special_safety");
    assert_eq!(
        (s["numerator"].as_i64(), s["denominator"].as_i64()),
        (Some(1), Some(2))
    );
    // The text report names the registry as the denominator.
    let out = ws.ok(&["archive", "stats", "--list"]);
    assert!(
        out.contains("unionised enterprises of the registry"),
        "{out}"
    );
    assert!(out.contains("大连金州建筑工程有限公司"), "{out}");
}

/// The archive index keeps the first seal it indexed for each agreement: `verify` names it as a
/// witness that agrees, and catches a dossier rewritten consistently afterwards (text, seal and
/// tag together) — which a later refresh of the index does not paper over.
#[test]
fn the_index_witnesses_the_seal() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    ws.ok(&["archive", "search", "津贴"]);
    let v: Value = serde_json::from_str(&ws.ok(&["verify", "2026-001", "--json"])).unwrap();
    assert_eq!(v[0]["intact"], true, "{v}");
    assert!(
        v[0]["witnesses"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap()
                == "the seal recorded in the dossier agrees with the one the archive index recorded when it first indexed the agreement (witness outside the dossier; whether the text matches that seal is checked on its own)"),
        "{v}"
    );
    let dir = ws.root().join("2026-001");
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    std::fs::write(dir.join("contract.md"), text.replacen("2300", "1000", 1)).unwrap();
    let sha = crate::common::git(&dir, &["hash-object", "contract.md"]);
    let out = std::process::Command::new("sha256sum")
        .arg(dir.join("contract.md"))
        .output()
        .unwrap();
    let sha256 = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(sha.len(), 40);
    let mut d: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("dossier.json")).unwrap()).unwrap();
    d["seal"]["text_sha256"] = Value::from(sha256.clone());
    std::fs::write(
        dir.join("dossier.json"),
        serde_json::to_string_pretty(&d).unwrap() + "\n",
    )
    .unwrap();
    crate::common::git(&dir, &["commit", "-q", "-a", "-m", "rewritten"]);
    // The index refreshes (the stamp moved) but keeps what it first saw.
    ws.ok(&["archive", "search", "津贴"]);
    let o = ws.run(&["verify", "2026-001", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msgs: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "INTEGRITY-WITNESS")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(msgs.iter().any(|m| m.contains("archive index")), "{v}");
}

/// A save through xieshang moves the workspace's change mark: the next search sees it without
/// sweeping every dossier. A commit made by hand does not move the mark; `archive reindex` (or
/// the sweep a minute later) picks it up.
#[test]
fn a_save_is_found_at_once_and_a_hand_commit_after_a_reindex() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let id = ws.new_dossier_of("wage");
    ws.ok(&["draft", &id, "--template", "wage"]);
    assert!(search(&ws, &["鑫淼之约"]).is_empty());
    ws.ok(&["clause", &id, "edit", "5", "--text", "双方同意鑫淼之约。"]);
    let hits = search(&ws, &["鑫淼之约"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["key"], Value::from(id.clone()));

    let dir = ws.dossier_dir(&id);
    let text = std::fs::read_to_string(dir.join("contract.md")).unwrap();
    std::fs::write(
        dir.join("contract.md"),
        text.replace("鑫淼之约", "森淼之约"),
    )
    .unwrap();
    crate::common::git(&dir, &["commit", "-q", "-a", "-m", "by hand"]);
    // Within the minute the index still answers from what xieshang last saw …
    assert_eq!(search(&ws, &["鑫淼之约"]).len(), 1);
    // … and a reindex reads every dossier again.
    ws.ok(&["archive", "reindex"]);
    assert_eq!(search(&ws, &["森淼之约"]).len(), 1);
    assert!(search(&ws, &["鑫淼之约"]).is_empty());
}

/// The registry and the seven imported agreements of the table below.
fn seven_agreements() -> Ws {
    let ws = Ws::new();
    let dir = ws.dir.path();
    let registry = dir.join("registry.csv");
    std::fs::write(
        &registry,
        "序号,企业名称,统一社会信用代码,地区,行业,职工人数,女职工人数,是否建会,高危\n\
         1,大连测试000有限公司,91210211MA0000000G,210211,建筑业,100,10,是,是\n\
         2,大连测试001有限公司,91210211MA0000001K,210213,食品制造业,101,10,是,否\n\
         3,大连测试002有限公司,91210211MA0000002N,210202,建筑业,102,10,是,否\n\
         4,大连测试003有限公司,91210211MA0000003R,210211,批发和零售业,103,60,是,否\n\
         5,大连测试004有限公司,91210211MA0000004W,210213,通用设备制造业,104,10,是,否\n",
    )
    .unwrap();
    ws.ok(&["enterprises", "import", registry.to_str().unwrap()]);
    let texts = dir.join("texts");
    std::fs::create_dir(&texts).unwrap();
    let rows = [
        (
            "a",
            "大连测试000有限公司",
            "91210211MA0000000G",
            "工资专项",
            "2025-12-20",
            "2026-01-01",
            "2026-12-31",
            "100",
            "5%",
        ),
        (
            "b",
            "大连测试000有限公司",
            "91210211MA0000000G",
            "劳动安全卫生",
            "2025-12-20",
            "2026-01-01",
            "2027-12-31",
            "100",
            "",
        ),
        (
            "c",
            "大连测试001有限公司",
            "91210211MA0000001K",
            "综合",
            "2025-02-20",
            "2025-03-01",
            "2027-02-28",
            "101",
            "12%",
        ),
        (
            "d",
            "大连测试002有限公司",
            "91210211MA0000002N",
            "工资专项",
            "2023-12-20",
            "2024-01-01",
            "2025-12-31",
            "102",
            "3%",
        ),
        (
            "e",
            "大连测试003有限公司",
            "91210211MA0000003R",
            "女职工",
            "2026-01-10",
            "2026-02-01",
            "2028-12-31",
            "40",
            "",
        ),
        (
            "f",
            "大连测试003有限公司",
            "91210211MA0000003R",
            "工资专项",
            "2026-01-10",
            "2026-02-01",
            "2027-01-31",
            "103",
            "8%",
        ),
        (
            "g",
            "名录外企业0",
            "91210211MA0000900K",
            "工资专项",
            "2024-12-20",
            "2025-01-01",
            "2026-12-31",
            "50",
            "7%",
        ),
    ];
    let mut facts = String::from(
        "文件名,企业名称,统一社会信用代码,行政区划代码,合同类型,签订日期,生效日期,终止日期,覆盖职工人数,工资增长幅度（%）\n",
    );
    for (f, name, code, kind, signed, from, to, staff, inc) in rows {
        std::fs::write(
            texts.join(format!("{f}.txt")),
            format!("{name}{kind}集体合同（{f}）\n\n第一条 本合同由{name}与企业工会订立。\n"),
        )
        .unwrap();
        facts.push_str(&format!(
            "{f}.txt,{name},{code},210211,{kind},{signed},{from},{to},{staff},{inc}\n"
        ));
    }
    let facts_csv = dir.join("facts.csv");
    std::fs::write(&facts_csv, facts).unwrap();
    ws.ok(&[
        "archive",
        "import",
        texts.to_str().unwrap(),
        "--facts",
        facts_csv.to_str().unwrap(),
    ]);
    ws
}

/// A registry of five unionised enterprises (E0 high-risk, E3 women-concentrated: 60 of 103) and
/// seven imported agreements, as of 2026-03-20:
///
/// | file | enterprise | kind          | signed     | in force              | staff | increase |
/// |------|------------|---------------|------------|-----------------------|-------|----------|
/// | a    | E0         | wage          | 2025-12-20 | 2026-01-01–2026-12-31 | 100   | 5 %      |
/// | b    | E0         | safety        | 2025-12-20 | 2026-01-01–2027-12-31 | 100   | —        |
/// | c    | E1         | comprehensive | 2025-02-20 | 2025-03-01–2027-02-28 | 101   | 12 %     |
/// | d    | E2         | wage          | 2023-12-20 | 2024-01-01–2025-12-31 | 102   | 3 %      |
/// | e    | E3         | women         | 2026-01-10 | 2026-02-01–2028-12-31 | 40    | —        |
/// | f    | E3         | wage          | 2026-01-10 | 2026-02-01–2027-01-31 | 103   | 8 %      |
/// | g    | outside    | wage          | 2024-12-20 | 2025-01-01–2026-12-31 | 50    | 7 %      |
///
/// By hand:
/// - coverage: E0 (a), E1 (c), E3 (f) of 5 = 60 % (d expired; E4 has none).
/// - instructor: wage and comprehensive agreements signed and not expired, of the registry: a, c,
///   f — all imported, the facts table has no instructor column: 3 unknown, 0 of 0 known (not
///   "0 of 7": d is expired, b and e are special contracts, g is outside the registry).
/// - workers: each enterprise once, by its widest agreement in effect: E0 100 (a and b cover the
///   same 100, not 200), E1 101, E3 103 (f, not e's 40) = 304 in 3 enterprises.
/// - increase: a, c, f = (500 + 1200 + 800) / 3 = 833 bp (the safety and women's contracts state
///   none; d is expired).
/// - safety: E0 has b → 1 of 1; women's: E3 has e → 1 of 1.
/// - by year: 2023 (d), 2025 (a, b, c), 2026 (e, f) — no 2024 (g is outside the registry).
///   Coverage 0 + 2 + 1 = 3; unknown instructors 0 + 2 + 1 = 3; workers 0 + (100 + 101) + 103
///   = 304 in 0 + 2 + 1 = 3 enterprises; increase 2025: (500 + 1200) / 2 = 850, 2026: 800.
#[test]
fn coverage_counts_each_enterprise_once_and_the_years_add_up() {
    let ws = seven_agreements();
    let figures = |v: &Value, g: usize| -> Vec<(String, i64, i64, i64, Value)> {
        v["groups"][g]["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["key"].as_str().unwrap().to_string(),
                    f["numerator"].as_i64().unwrap(),
                    f["denominator"].as_i64().unwrap(),
                    f["unknown"].as_i64().unwrap(),
                    f["value_bp"].clone(),
                )
            })
            .collect()
    };
    let row = |k: &str, n: i64, of: i64, unknown: i64, v: Value| (k.to_string(), n, of, unknown, v);
    let v: Value = serde_json::from_str(&ws.ok(&["archive", "stats", "--json"])).unwrap();
    assert_eq!(
        figures(&v, 0),
        [
            row("coverage", 3, 5, 0, 6000.into()),
            row("instructor", 0, 0, 3, Value::Null),
            row("special_safety", 1, 1, 0, 10_000.into()),
            row("special_women", 1, 1, 0, 10_000.into()),
            row("workers", 304, 3, 0, Value::Null),
            row("increase", 2500, 3, 0, 833.into()),
        ]
    );
    let v: Value =
        serde_json::from_str(&ws.ok(&["archive", "stats", "--by", "year", "--json"])).unwrap();
    let years: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(years, ["2023", "2025", "2026"]);
    let pick = |g: usize, k: &str| figures(&v, g).into_iter().find(|f| f.0 == k).unwrap();
    assert_eq!(pick(0, "coverage"), row("coverage", 0, 5, 0, 0.into()));
    assert_eq!(pick(1, "coverage"), row("coverage", 2, 5, 0, 4000.into()));
    assert_eq!(pick(2, "coverage"), row("coverage", 1, 5, 0, 2000.into()));
    assert_eq!(
        pick(0, "instructor"),
        row("instructor", 0, 0, 0, Value::Null)
    );
    assert_eq!(
        pick(1, "instructor"),
        row("instructor", 0, 0, 2, Value::Null)
    );
    assert_eq!(
        pick(2, "instructor"),
        row("instructor", 0, 0, 1, Value::Null)
    );
    assert_eq!(pick(0, "workers"), row("workers", 0, 0, 0, Value::Null));
    assert_eq!(pick(1, "workers"), row("workers", 201, 2, 0, Value::Null));
    assert_eq!(pick(2, "workers"), row("workers", 103, 1, 0, Value::Null));
    assert_eq!(pick(1, "increase"), row("increase", 1700, 2, 0, 850.into()));
    assert_eq!(pick(2, "increase"), row("increase", 800, 1, 0, 800.into()));

    // The words say what is counted, in both languages.
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["archive", "stats"]).stdout).unwrap();
    assert!(
        zh.contains("工资集体协商覆盖（工资专项或综合集体合同生效）：已建会企业 5 家中 3 家 = 60%"),
        "{zh}"
    );
    assert!(
        zh.contains("未到期的工资专项和综合集体合同 0 份中 0 份 = —（目标 100%）；另有 3 份未知"),
        "{zh}"
    );
    assert!(zh.contains("生效合同覆盖职工：304 人（3 家企业"), "{zh}");
    let en = ws.ok(&["archive", "stats", "--by", "year"]);
    assert!(en.contains("so the years add up to the whole"), "{en}");
    assert!(
        en.contains("; unknown for 2 more (imported without a record of an instructor"),
        "{en}"
    );
    assert!(
        en.contains("workers covered by agreements in effect: 201 in 2 enterprises"),
        "{en}"
    );
}

/// A search that finds more than it lists says so: `--status expired` as of 2026-03-20 matches
/// the 2024 and 2025 agreements (i % 3 in {0, 1}: 67 + 67 = 134), the default list is 50.
#[test]
fn a_cut_search_says_how_many_matched_and_csv_writes_them_all() {
    let ws = archive();
    let o = ws.run(&["archive", "search", "--status", "expired"]);
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 50, "{out}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("listed 50 of the 134 agreements found (--limit N lists more, --limit 0 all)"),
        "{err}"
    );
    let zh = ws.run_lang("zh-CN", &["archive", "search", "--status", "expired"]);
    assert!(
        String::from_utf8(zh.stderr)
            .unwrap()
            .contains("共找到 134 份合同，仅列出前 50 份")
    );
    // Everything listed: no notice.
    let o = ws.run(&["archive", "search", "--status", "effective", "--limit", "0"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 66);
    assert!(o.stderr.is_empty(), "{o:?}");
    // JSON says it in fields.
    let v: Value =
        serde_json::from_str(&ws.ok(&["archive", "search", "--status", "expired", "--json"]))
            .unwrap();
    assert_eq!(v["matched"], 134);
    assert_eq!(v["listed"], 50);
    assert_eq!(v["cut"], true);
    assert_eq!(v["agreements"].as_array().unwrap().len(), 50);
    // --csv is an export: every agreement found unless --limit is given.
    let file = ws.dir.path().join("expired.csv");
    let o = ws.run(&[
        "archive",
        "search",
        "--status",
        "expired",
        "--csv",
        file.to_str().unwrap(),
    ]);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("134 agreements written to"),
        "{o:?}"
    );
    let rows = |f: &std::path::Path| {
        std::fs::read_to_string(f)
            .unwrap()
            .trim_end()
            .split("\r\n")
            .count()
            - 1
    };
    assert_eq!(rows(&file), 134);
    let o = ws.run(&[
        "archive",
        "search",
        "--status",
        "expired",
        "--limit",
        "10",
        "--csv",
        file.to_str().unwrap(),
    ]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("10 agreements written to"), "{err}");
    assert!(
        err.contains("listed 10 of the 134 agreements found"),
        "{err}"
    );
    assert_eq!(rows(&file), 10);
}

/// `archive due` on the seven agreements (see `coverage_counts_each_enterprise_once…`) as of
/// 2026-12-02, 90 days ahead (to 2027-03-02): a (ends 2026-12-31), c (2027-02-28), f
/// (2027-01-31) and g (2026-12-31) are in their renewal window with no new bargaining opened,
/// d expired on 2025-12-31 — one item each (RENEWAL-NEW, not RENEWAL besides), 5 in all; b and
/// e end in 2027-12 and 2028. d's item says it in the past tense.
#[test]
fn due_lists_one_renewal_item_per_agreement_and_an_expired_one_in_the_past_tense() {
    let ws = seven_agreements();
    let o = ws.run_at("en", "2026-12-02", &["archive", "due", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let renewals: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("RENEWAL"))
        .map(|d| (d["key"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(renewals.len(), 5, "{v:#}");
    assert!(renewals.iter().all(|(_, r)| *r == "RENEWAL-NEW"), "{v:#}");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("expired on 2025-12-31"), "{text}");
    assert!(!text.contains("expires on 2025-12-31"), "{text}");
    let zh =
        String::from_utf8(ws.run_at("zh-CN", "2026-12-02", &["archive", "due"]).stdout).unwrap();
    assert!(
        zh.contains(
            "合同已于 2025-12-31 期满（续订期自 2025-09-30 起），但尚未为该企业启动新一轮协商"
        ),
        "{zh}"
    );
    assert!(
        zh.contains("合同 2026-12-31 期满，续订期自 2026-09-30 起已开始"),
        "{zh}"
    );
}

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
    v.as_array().unwrap().clone()
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
    // Instructors: every even agreement (100) and the demo, of 201 signed.
    let i = fig("instructor");
    assert_eq!(
        (i["numerator"].as_i64(), i["denominator"].as_i64()),
        (Some(101), Some(201))
    );
    // High-risk enterprises (i % 8 == 0: 25); none has a safety contract (those are i % 10 == 9).
    let s = fig("special_safety");
    assert_eq!(
        (s["numerator"].as_i64(), s["denominator"].as_i64()),
        (Some(0), Some(25))
    );
    // Workers covered by the 66 agreements in effect, and their average increase (4.49 %).
    let w = fig("workers");
    assert_eq!(
        (w["numerator"].as_i64(), w["denominator"].as_i64()),
        (Some(22770), Some(66))
    );
    let inc = fig("increase");
    assert_eq!(inc["value_bp"], 449);
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

//! The enterprise registry through the real binary: `xieshang enterprises import FILE.csv` in
//! every encoding and header style a union's spreadsheet comes in, refusals that list every bad
//! row and leave the registry as it was, and the registry matched to the workspace's dossiers.

use crate::common::Ws;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/registry")
        .join(name)
}

fn arg(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

/// `enterprises --json`.
fn listing(ws: &Ws) -> Value {
    serde_json::from_str(&ws.ok(&["enterprises", "--json"])).unwrap()
}

fn names(v: &Value) -> Vec<String> {
    v["enterprises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const MACHINERY: &str = "91210211MA0QBC1E4T";
const CHEMICALS: &str = "912102132416033710";
const GARMENTS: &str = "91210202MA0XT8NK7K";

#[test]
fn a_utf8_file_with_a_bom_and_chinese_headers_is_imported() {
    let ws = Ws::new();
    assert!(
        ws.ok(&["enterprises"]).contains("no registry yet"),
        "before the first import"
    );
    let out = ws.ok(&["enterprises", "import", arg(&fixture("dalian.csv"))]);
    assert!(
        out.starts_with("imported 6 enterprises from dalian.csv (UTF-8 with BOM)"),
        "{out}"
    );
    let v = listing(&ws);
    assert_eq!(v["source"], "dalian.csv");
    assert_eq!(v["imported"], "2026-03-20");
    let first = &v["enterprises"][0];
    assert_eq!(first["name"], "大连某某机械有限公司");
    assert_eq!(first["credit_code"], MACHINERY);
    assert_eq!(first["region"], "210211");
    // A quoted cell keeps its comma.
    assert_eq!(first["industry"], "制造业,通用设备");
    assert_eq!(first["staff"], 320);
    assert_eq!(first["women"], 86);
    assert_eq!(first["unionised"], true);
    assert_eq!(first["high_risk"], false);
    let chemicals = &v["enterprises"][1];
    assert_eq!(chemicals["credit_code"], CHEMICALS);
    assert_eq!(chemicals["high_risk"], true);
    assert_eq!(v["enterprises"][4]["unionised"], false);
    assert_eq!(names(&v)[5], "大连甘井子区“老李家”餐饮有限公司");
    // The registry is kept in the workspace's own folder.
    assert!(ws.root().join(".xieshang/registry.json").is_file());
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["enterprises"]).stdout).unwrap();
    assert!(
        zh.starts_with("企业名录共 6 家，2026-03-20 从 dalian.csv 导入"),
        "{zh}"
    );
    assert!(
        zh.contains("职工 320 人（女 86 人）  已建会") && zh.contains("高危"),
        "{zh}"
    );
}

#[test]
fn the_same_file_saved_as_gbk_reads_the_same() {
    let ws = Ws::new();
    ws.ok(&["enterprises", "import", arg(&fixture("dalian.csv"))]);
    let utf8 = listing(&ws);
    let text = std::fs::read_to_string(fixture("dalian.csv")).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let (bytes, _, lossy) = encoding_rs::GBK.encode(text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let path = ws.dir.path().join("名录-gbk.csv");
    std::fs::write(&path, &bytes).unwrap();
    let out = ws.ok(&["enterprises", "import", arg(&path)]);
    assert!(
        out.starts_with(
            "imported 6 enterprises from 名录-gbk.csv (GBK/GB18030), replacing the registry of 6"
        ),
        "{out}"
    );
    assert_eq!(listing(&ws)["enterprises"], utf8["enterprises"]);
}

#[test]
fn english_headers_in_another_order_with_quoted_commas_and_quotes() {
    let ws = Ws::new();
    let out = ws.ok(&["enterprises", "import", arg(&fixture("english.csv"))]);
    assert!(
        out.starts_with("imported 4 enterprises from english.csv (UTF-8)"),
        "{out}"
    );
    let v = listing(&ws);
    let garments = &v["enterprises"][2];
    assert_eq!(garments["name"], "Dalian \"Xinghai\" Garments Co., Ltd.");
    assert_eq!(garments["credit_code"], GARMENTS);
    assert_eq!(garments["women"], 168);
    assert_eq!(v["enterprises"][0]["industry"], "制造业,通用设备");
    assert_eq!(v["enterprises"][1]["high_risk"], true);
}

#[test]
fn a_file_with_bad_rows_is_refused_whole_and_every_bad_row_is_named() {
    let ws = Ws::new();
    ws.ok(&["enterprises", "import", arg(&fixture("english.csv"))]);
    let before = std::fs::read(ws.root().join(".xieshang/registry.json")).unwrap();
    let o = ws.run(&["enterprises", "import", arg(&fixture("broken.csv"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("broken.csv: nothing imported, the registry is unchanged (2 problems)"),
        "{err}"
    );
    assert!(
        err.contains("row 4 credit_code = \"91210202MA0XT8NK\": not a unified social credit code"),
        "{err}"
    );
    assert!(
        err.contains("row 6 staff = \"约四百三十\": not a whole number"),
        "{err}"
    );
    // The registry imported before is still there, byte for byte.
    assert_eq!(
        std::fs::read(ws.root().join(".xieshang/registry.json")).unwrap(),
        before
    );
    assert_eq!(listing(&ws)["source"], "english.csv");
    assert_eq!(names(&listing(&ws)).len(), 4);
    let zh = stderr(&ws.run_lang(
        "zh-CN",
        &["enterprises", "import", arg(&fixture("broken.csv"))],
    ));
    assert!(
        zh.contains("第4行 统一社会信用代码 = “91210202MA0XT8NK”"),
        "{zh}"
    );
    assert!(
        zh.contains("第6行 职工人数 = “约四百三十”：不是整数"),
        "{zh}"
    );
}

#[test]
fn a_first_import_that_is_refused_leaves_no_registry() {
    let ws = Ws::new();
    let o = ws.run(&["enterprises", "import", arg(&fixture("broken.csv"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!ws.root().join(".xieshang/registry.json").exists());
    assert!(ws.ok(&["enterprises"]).contains("no registry yet"));
}

#[test]
fn duplicate_credit_codes_name_both_rows() {
    let ws = Ws::new();
    let o = ws.run(&["enterprises", "import", arg(&fixture("duplicate.csv"))]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "row 5 credit_code = \"{MACHINERY}\": the same code as row 2"
        )),
        "{err}"
    );
}

#[test]
fn the_report_matches_the_registry_to_the_dossiers() {
    let ws = Ws::new();
    // By credit code: the dossier's name is written differently.
    let by_code = ws.new_dossier_of("wage");
    ws.ok(&["enterprise", &by_code, "credit_code", MACHINERY]);
    // By name: no credit code on the dossier.
    let by_name = ws
        .ok(&[
            "new",
            "--kind",
            "women",
            "--enterprise",
            "大连星海服装有限公司",
        ])
        .trim()
        .to_string();
    // Same name as a registry row, another code: not matched, and the report says why.
    let other_code = ws
        .ok(&[
            "new",
            "--kind",
            "wage",
            "--enterprise",
            "大连海湾化工股份有限公司",
        ])
        .trim()
        .to_string();
    ws.ok(&[
        "enterprise",
        &other_code,
        "credit_code",
        "91210213MA0AAAAA13",
    ]);
    let stranger = ws
        .ok(&[
            "new",
            "--kind",
            "wage",
            "--enterprise",
            "大连无名贸易有限公司",
        ])
        .trim()
        .to_string();

    let out = ws.ok(&["enterprises", "import", arg(&fixture("dalian.csv"))]);
    assert!(
        out.contains(
            "with a dossier: 2, without: 4; dossiers naming an enterprise not in the registry: 2"
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "\nwithout a dossier:\n  {CHEMICALS}  大连海湾化工股份有限公司\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("  {by_name}  大连星海服装有限公司  {GARMENTS}")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  {other_code}  大连海湾化工股份有限公司  91210213MA0AAAAA13  (the registry has this name under {CHEMICALS})"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  {stranger}  大连无名贸易有限公司  no credit code"
        )),
        "{out}"
    );

    let v = listing(&ws);
    let machinery = &v["enterprises"][0]["dossiers"];
    assert_eq!(machinery[0]["key"].as_str().unwrap(), by_code);
    assert_eq!(machinery[0]["by"], "credit_code");
    assert_eq!(machinery[0]["kind"], "wage");
    let garments = &v["enterprises"][2]["dossiers"];
    assert_eq!(garments[0]["by"], "name");
    assert_eq!(garments[0]["kind"], "women");
    let unregistered: Vec<&str> = v["unregistered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["key"].as_str().unwrap())
        .collect();
    assert_eq!(unregistered, [other_code.as_str(), stranger.as_str()]);

    let text = ws.ok(&["enterprises"]);
    assert!(
        text.contains(&format!(
            "    ↳ {by_name}  women workers' special contract  (matched by name: the dossier has no credit code)"
        )),
        "{text}"
    );
    assert!(text.contains("    ↳ no dossier"), "{text}");
}

#[test]
fn hostile_text_in_a_file_never_reaches_the_terminal_raw() {
    let ws = Ws::new();
    let hostile = "大连\u{1b}[2J\u{1b}]0;pwned\u{7}恶意\u{202E}公司";
    let csv = format!(
        "名称,统一社会信用代码,地区,职工人数,是否建会,高危\n\
         {hostile},{MACHINERY},210211,10,是,否\n"
    );
    let path = ws.file("hostile.csv", &csv);
    let out = ws.ok(&["enterprises", "import", arg(&path)]);
    let list = ws.ok(&["enterprises"]);
    let json = ws.ok(&["enterprises", "--json"]);
    for o in [&out, &list, &json] {
        assert!(
            !o.contains('\u{1b}') && !o.contains('\u{202E}') && !o.contains('\u{7}'),
            "{o:?}"
        );
    }
    assert!(list.contains("大连恶意公司"), "{list}");

    // A refused value is shown as written, its invisible characters made visible.
    let bad = "名称,统一社会信用代码,地区,职工人数,是否建会,高危\n\
               大连某公司,9121\u{1b}[31m\u{202E},210211,10,是,否\n";
    let path = ws.file("hostile-bad.csv", bad);
    let o = ws.run(&["enterprises", "import", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202E}'),
        "{err:?}"
    );
    assert!(
        err.contains("row 2 credit_code = \"9121\\x1b[31m\\u{202E}\""),
        "{err}"
    );
}

#[test]
fn files_that_are_not_csv_text_are_refused_with_what_to_do() {
    let ws = Ws::new();
    let path = ws.dir.path().join("bad.csv");
    std::fs::write(&path, b"\xd6\xd0\xce\xc4,\xff\xfe\n").unwrap();
    let o = ws.run(&["enterprises", "import", arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("neither UTF-8 nor GBK/GB18030 text (line 1, byte 5)"),
        "{}",
        stderr(&o)
    );
    let xlsx = ws.dir.path().join("名录.xlsx");
    std::fs::write(&xlsx, b"PK\x03\x04\x14\x00\x06\x00").unwrap();
    let o = ws.run_lang("zh-CN", &["enterprises", "import", arg(&xlsx)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("Excel 或 WPS 工作簿，不是 CSV"),
        "{}",
        stderr(&o)
    );
    let o = ws.run(&["enterprises", "import", arg(ws.dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a text file"), "{}", stderr(&o));
    let o = ws.run(&["enterprises", "import", "/nonexistent/registry.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!ws.root().join(".xieshang/registry.json").exists());
}

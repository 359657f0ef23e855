//! Issue #11's seven shapes through the real binary only (`draft --from`, `draft --show`,
//! `diff --files --json`), so the same tests also run against a build from before the issue —
//! where each of them failed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/contract/shapes/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// `draft ID --from FILE` into a new dossier; the draft as `--show` prints it, and stderr.
fn imported(ws: &Ws, text: &str) -> (String, String) {
    let id = ws.new_dossier_of("wage");
    let src = ws.file("in.txt", text);
    let out = ws.run(&["draft", &id, "--from", src.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        ws.ok(&["draft", &id, "--show"]),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn file_diff(ws: &Ws, old: &str, new: &str) -> serde_json::Value {
    let o = ws.file("old.txt", old);
    let n = ws.file("new.txt", new);
    serde_json::from_str(&ws.ok(&[
        "diff",
        "--files",
        o.to_str().unwrap(),
        n.to_str().unwrap(),
        "--json",
    ]))
    .unwrap()
}

#[test]
fn shape_1_run_on_text_imports() {
    let ws = Ws::new();
    let (shown, _) = imported(&ws, &fixture("wage_runon.txt"));
    assert_eq!(
        shown
            .lines()
            .filter(|l| l.starts_with('第') && l.contains('条'))
            .count(),
        9,
        "{shown}"
    );
    assert!(shown.contains("\n第二章 工资水平\n"));
}

#[test]
fn shape_2_filling_the_signing_date_changes_no_clause() {
    let ws = Ws::new();
    let base = fixture("wage_base.txt");
    let v = file_diff(&ws, &base, &base.replace("年　月　日", "2026年3月18日"));
    assert_eq!(v["summary"]["unchanged"], 10, "{v}");
    assert_eq!(v["summary"]["modified"], 0, "{v}");
}

#[test]
fn shape_3_a_filled_in_field_is_a_front_matter_change() {
    let ws = Ws::new();
    let base = fixture("wage_base.txt");
    let v = file_diff(&ws, &base, &base.replace("____人", "350人"));
    assert_eq!(v["front"][0]["new"], "员工人数：350人", "{v}");
}

#[test]
fn shape_4_gaps_and_fragments_are_read_as_found() {
    let ws = Ws::new();
    let (shown, warnings) = imported(&ws, &fixture("wage_gaps.txt"));
    assert!(shown.contains("第四条 公司实行劳动合同制"), "{shown}");
    assert!(warnings.contains("第六条"), "{warnings}");
    let (shown, _) = imported(&ws, &fixture("safety_fragment.txt"));
    assert!(shown.starts_with("第十六条 "), "{shown}");
}

#[test]
fn shape_5_sections_stay_sections() {
    let ws = Ws::new();
    let (shown, _) = imported(&ws, &fixture("comprehensive_sections.txt"));
    assert!(shown.contains("\n五、保险、福利\n"), "{shown}");
    assert!(!shown.contains("（二）劳动报酬"), "{shown}");
}

#[test]
fn shape_6_hard_wrapped_lines_are_joined() {
    let ws = Ws::new();
    let (shown, _) = imported(&ws, &fixture("women_wrapped.txt"));
    assert!(shown.contains("平等自愿、协商一致"), "{shown}");
    let v = file_diff(
        &ws,
        &fixture("wage_base.txt"),
        &fixture("wage_rewrapped.txt"),
    );
    assert_eq!(v["summary"]["unchanged"], 10, "{v}");
}

#[test]
fn shape_7_a_clause_gaining_a_paragraph_is_modified() {
    let ws = Ws::new();
    let base = fixture("wage_base.txt");
    let new = base.replace(
        "第九条 企业不得克扣或者无故拖欠职工工资。",
        "第九条 企业不得克扣或者无故拖欠职工工资。\n确因生产经营困难需要延期支付的，应当经企业工会同意，延期不得超过三十日，并书面告知全体职工延期的理由和期限。",
    );
    let v = file_diff(&ws, &base, &new);
    assert_eq!(v["summary"]["modified"], 1, "{v}");
    assert_eq!(v["summary"]["inserted"], 0, "{v}");
}

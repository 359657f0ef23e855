//! Issue #12 through the real binary: typed positions and their floor, corrections that keep
//! history (`correct`), a representative removed as entered by mistake (no vacancy), and the
//! default `diff ID` when the draft was made after round 1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;

fn round_one(ws: &Ws, id: &str) {
    ws.ok(&[
        "round",
        id,
        "open",
        "--date",
        "2026-03-05",
        "--chair",
        "workers",
        "--place",
        "会议室",
    ]);
    ws.ok(&[
        "round",
        id,
        "position",
        "--issue",
        "平均工资增长",
        "--side",
        "workers",
        "--value",
        "8%",
    ]);
}

#[test]
fn positions_are_typed_by_the_issues_unit() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    // A percent issue refuses words; a yuan issue refuses them too.
    let o = ws.run(&[
        "round",
        &id,
        "position",
        "--issue",
        "平均工资增长",
        "--side",
        "employer",
        "--value",
        "本人上月标准",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("value") && err.contains("本人上月标准"),
        "{err}"
    );
    // A custom issue in days, and one whose unit is not one of the five.
    ws.ok(&[
        "round",
        &id,
        "position",
        "--issue",
        "带薪年休假",
        "--side",
        "workers",
        "--value",
        "7",
        "--unit",
        "days",
    ]);
    let o = ws.run(&[
        "round",
        &id,
        "position",
        "--issue",
        "年终奖",
        "--side",
        "workers",
        "--value",
        "1",
        "--unit",
        "dozens",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--unit"));
    let d = ws.show(&id);
    assert_eq!(d["rounds"][0]["issues"][0]["unit"], "percent");
    assert_eq!(d["rounds"][0]["issues"][1]["unit"], "days");
}

#[test]
fn a_fact_is_corrected_with_a_reason_and_the_old_value_kept() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    let out = ws.ok(&[
        "correct",
        &id,
        "--what",
        "round.1.date",
        "--value",
        "2026-03-04",
        "--reason",
        "会议纪要载明为3月4日",
    ]);
    assert_eq!(
        out,
        "2026-001: date of round 1 corrected: 2026-03-05 → 2026-03-04, because 会议纪要载明为3月4日\n"
    );
    let d = ws.show(&id);
    assert_eq!(d["rounds"][0]["date"], "2026-03-04");
    assert_eq!(d["corrections"][0]["old"], "2026-03-05");
    assert_eq!(d["corrections"][0]["reason"], "会议纪要载明为3月4日");
    // Its own commit.
    let log = crate::common::git(&ws.dossier_dir(&id), &["log", "-1", "--format=%s"]);
    assert!(log.contains("corrected"), "{log}");
    // Without a reason: refused, naming the field.
    let o = ws.run(&[
        "correct",
        &id,
        "--what",
        "round.1.date",
        "--value",
        "2026-03-03",
        "--reason",
        " ",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("reason"));
}

#[test]
fn a_representative_entered_by_mistake_leaves_no_vacancy() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "workers",
        "--name",
        "王秀兰",
        "--chief",
    ]);
    ws.ok(&["rep", &id, "--side", "workers", "--name", "王秀兰2"]);
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "workers",
        "--name",
        "王秀兰2",
        "--remove",
        "--mistake",
    ]);
    let d = ws.show(&id);
    assert_eq!(d["representatives"].as_array().unwrap().len(), 1);
    assert!(
        d["vacancies"].as_array().is_none_or(Vec::is_empty),
        "{}",
        d["vacancies"]
    );
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "workers",
        "--name",
        "王秀兰",
        "--remove",
    ]);
    assert_eq!(ws.show(&id)["vacancies"].as_array().unwrap().len(), 1);
}

/// The draft made after round 1: `diff ID` compares the first draft with the current one (it
/// failed with "须先记录草案").
#[test]
fn the_default_diff_works_once_two_versions_of_the_draft_exist() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    ws.ok(&["draft", &id, "--template", "wage"]);
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "1",
        "--text",
        "为保障职工合法权益，经平等协商，订立本协议。",
    ]);
    let out = ws.ok(&["diff", &id]);
    // The first draft against the edited one: only clause 1 changed (round 1, which had no
    // draft, against HEAD listed every clause as inserted).
    assert!(out.contains("第一条"), "{out}");
    assert!(!out.contains("新增"), "{out}");
}

/// A draft made and edited while round 1 is still open: no round is closed, and `diff ID`
/// still compares the two drafts (it was refused: "no closed rounds yet").
#[test]
fn the_default_diff_needs_no_closed_round_when_two_drafts_exist() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["draft", &id, "--template", "wage"]);
    ws.ok(&[
        "clause",
        &id,
        "edit",
        "1",
        "--text",
        "为保障职工合法权益，经平等协商，订立本协议。",
    ]);
    let out = ws.ok(&["diff", &id]);
    assert!(out.contains("第一条"), "{out}");
}

//! Issue #12 through the real binary: typed positions and their floor, corrections that keep
//! history (`correct`), a representative removed as entered by mistake (no vacancy), and the
//! default `diff ID` when the draft was made after round 1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{Ws, git};

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

fn head(ws: &Ws, id: &str) -> String {
    crate::common::git(&ws.dossier_dir(id), &["rev-parse", "HEAD"])
        .trim()
        .to_string()
}

/// Regression (audit of #12, 2): recording the request or the reply again with another date
/// changed it silently — no reason, no history. A recorded fact is now changed only by
/// `correct`: a second recording with another value is refused (nothing committed) and says
/// how; the same value again is a no-op.
#[test]
fn a_recorded_fact_is_not_recorded_again_with_another_value() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let offer = |sent: &str| {
        ws.run(&[
            "offer",
            &id,
            "--by",
            "workers",
            "--sent",
            sent,
            "--received",
            "2026-03-03",
        ])
    };
    assert!(offer("2026-03-02").status.success());
    ws.ok(&["reply", &id, "--date", "2026-03-10"]);
    let before = head(&ws, &id);
    let o = offer("2026-03-01");
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "error: date the request was sent = \"2026-03-01\": already recorded as \"2026-03-02\"; \
         a recorded fact is changed by a correction with a reason (xieshang correct ID --what \
         offer.sent --value … --reason …; in the Dossier screen, C)\n"
    );
    let o = ws.run_lang("zh-CN", &["reply", &id, "--date", "2026-03-11"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("回应日期 = “2026-03-11”：已记录为“2026-03-10”"),
        "{o:?}"
    );
    assert_eq!(head(&ws, &id), before, "nothing committed");
    // The same values again: accepted, and nothing to commit.
    assert!(offer("2026-03-02").status.success());
    ws.ok(&["reply", &id, "--date", "2026-03-10"]);
    assert_eq!(head(&ws, &id), before);
    let d = ws.show(&id);
    assert_eq!(d["offer"]["sent"], "2026-03-02");
    assert!(d["corrections"].as_array().is_none_or(Vec::is_empty));
    // Corrected, with a reason: the old value kept.
    ws.ok(&[
        "correct",
        &id,
        "--what",
        "offer.sent",
        "--value",
        "2026-03-01",
        "--reason",
        "要约原件日期",
    ]);
    let d = ws.show(&id);
    assert_eq!(d["offer"]["sent"], "2026-03-01");
    assert_eq!(d["corrections"][0]["old"], "2026-03-02");
}

/// Regression (audit of #12, 3): a closed round's minutes signed, attendance and notes could
/// not be corrected (`无法识别`), so a round closed as "minutes not signed" whose minutes were
/// signed later kept its ROUND-MINUTES warning for good.
#[test]
fn a_closed_rounds_minutes_attendance_and_notes_are_corrected() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["round", &id, "close"]);
    let rules = |ws: &Ws| -> Vec<String> {
        ws.check(&id)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["rule"].as_str().map(str::to_string))
            .collect()
    };
    assert!(rules(&ws).contains(&"ROUND-MINUTES".to_string()));
    let fix = |what: &str, value: &str| {
        ws.run_lang(
            "zh-CN",
            &[
                "correct",
                &id,
                "--what",
                what,
                "--value",
                value,
                "--reason",
                "纪要补签",
            ],
        )
    };
    assert!(fix("round.1.minutes_signed", "是").status.success());
    assert!(fix("round.1.attendance", "王建国、李芳").status.success());
    assert!(fix("round.1.notes", "双方交换了意见").status.success());
    let d = ws.show(&id);
    assert_eq!(d["rounds"][0]["minutes_signed"], true);
    assert_eq!(d["rounds"][0]["attendance"][1], "李芳");
    assert_eq!(d["rounds"][0]["notes"], "双方交换了意见");
    // The history keeps one spelling, whatever language it was typed in.
    assert_eq!(d["corrections"][0]["old"], "no");
    assert_eq!(d["corrections"][0]["new"], "yes");
    assert!(!rules(&ws).contains(&"ROUND-MINUTES".to_string()));
    // `show` says it in the user's language (是, not yes).
    let shown = String::from_utf8_lossy(&ws.run_lang("zh-CN", &["show", &id]).stdout).into_owned();
    assert!(shown.contains("第1轮纪要已签字 否 → 是"), "{shown}");
    // Not a yes or no: refused, nothing corrected.
    assert_eq!(fix("round.1.minutes_signed", "也许").status.code(), Some(1));
}

/// Regression (audit of #12, 11): a correction's refusal named the facts by their keys
/// (`不能早于offer.sent（2026-03-05）`, `round 2 = …`).
#[test]
fn correction_refusals_name_the_facts_in_words() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "offer",
        &id,
        "--by",
        "workers",
        "--sent",
        "2026-03-05",
        "--received",
        "2026-03-06",
    ]);
    round_one(&ws, &id);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-12",
        "--chair",
        "employer",
    ]);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    let refused = |what: &str, value: &str| {
        let o = ws.run_lang(
            "zh-CN",
            &[
                "correct", &id, "--what", what, "--value", value, "--reason", "x",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{o:?}");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert_eq!(
        refused("offer.received", "2026-03-04"),
        "错误：要约收到日期 = “2026-03-04”：不能早于要约发出日期（2026-03-05）\n"
    );
    assert_eq!(
        refused("round.2.date", "2026-03-04"),
        "错误：第2轮协商日期 = “2026-03-04”：不能早于第1轮协商日期（2026-03-05）\n"
    );
    assert_eq!(
        refused("round.1.date", "2026-03-13"),
        "错误：第1轮协商日期 = “2026-03-13”：不能晚于第2轮协商日期（2026-03-12）\n"
    );
}

/// Regression (audit of #12, 5): a draft made in round 1, rounds 1 and 2 closed with no change
/// to it, then a clause edited: `diff ID` compared round 1 with round 2 and printed "no
/// changes", hiding the edit. The default pair is the latest change: round 2 → the current
/// draft.
#[test]
fn the_default_diff_shows_edits_made_after_two_rounds_with_the_same_draft() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["draft", &id, "--template", "wage"]);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-12",
        "--chair",
        "employer",
    ]);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
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
    assert!(!out.contains("no changes"), "{out}");
    assert_eq!(out, ws.ok(&["diff", &id, "round-2", "HEAD"]));
}

/// Regression (audit of #12, 7): an agreed value below a legal floor was accepted without a
/// word (and shown green). It is recorded — it is what was said — with a warning on stderr, as
/// a position below a floor is.
#[test]
fn agreeing_or_proposing_below_a_floor_warns_on_stderr() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&[
        "round",
        &id,
        "position",
        "--issue",
        "企业最低工资",
        "--side",
        "workers",
        "--value",
        "2500",
    ]);
    let o = ws.run_lang(
        "zh-CN",
        &[
            "round",
            &id,
            "agree",
            "--issue",
            "企业最低工资",
            "--value",
            "1000",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "警告：企业最低工资 1000元 低于法定下限 2230元/月（CONTENT-MIN-WAGE）\n"
    );
    let o = ws.run_lang(
        "zh-CN",
        &[
            "round",
            &id,
            "position",
            "--issue",
            "延时加班工资比例",
            "--side",
            "employer",
            "--value",
            "120%",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "警告：延时加班工资比例 120% 低于法定下限 150%（CONTENT-OVERTIME）\n"
    );
    // At or above the floor: nothing on stderr.
    let o = ws.run(&[
        "round",
        &id,
        "agree",
        "--issue",
        "企业最低工资",
        "--value",
        "2300",
    ]);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    let d = ws.show(&id);
    assert_eq!(d["rounds"][0]["issues"][1]["agreed"], "2300元");
}

/// Regression (audit of #12, 14): an event dated after today was saved without a word. It is
/// recorded (it may be planned) with a warning on stderr.
#[test]
fn a_date_after_today_is_recorded_with_a_warning() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let o = ws.run_lang(
        "zh-CN",
        &[
            "offer",
            &id,
            "--by",
            "workers",
            "--sent",
            "2027-01-10",
            "--received",
            "2027-01-10",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    // (after the new findings, also on stderr)
    assert!(
        String::from_utf8_lossy(&o.stderr).ends_with(
            "\n警告：--sent 2027-01-10 晚于今天（2026-03-20），已按输入记录\n\
             警告：--received 2027-01-10 晚于今天（2026-03-20），已按输入记录\n"
        ),
        "{o:?}"
    );
    assert_eq!(ws.show(&id)["offer"]["sent"], "2027-01-10");
    // `check` says so too, each date with its name (DATE-FUTURE), as long as it stays.
    let messages: Vec<String> = ws.check(&id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DATE-FUTURE")
        .filter_map(|f| f["message"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        messages,
        vec![
            "date the request was sent is 2027-01-10, after today (2026-03-20)".to_string(),
            "date the request was received is 2027-01-10, after today (2026-03-20)".to_string(),
        ]
    );
    // Today or before: nothing said.
    let o = ws.run(&["reply", &id, "--date", "2027-01-10"]);
    assert!(
        String::from_utf8_lossy(&o.stderr).ends_with(
            "warning: --date 2027-01-10 is after today (2026-03-20); recorded as typed\n"
        ),
        "{o:?}"
    );
    let id2 = ws.new_dossier_of("wage");
    let o = ws.run(&[
        "offer",
        &id2,
        "--by",
        "workers",
        "--sent",
        "2026-03-20",
        "--received",
        "2026-03-20",
    ]);
    assert!(o.status.success());
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("after today"),
        "{o:?}"
    );
}

/// Regression (audit of #12, 8): an issue added by mistake could only be withdrawn. It is
/// removed from the open round when no earlier round holds a position on it; one raised
/// earlier is refused (withdraw it).
#[test]
fn an_issue_added_by_mistake_is_removed() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    round_one(&ws, &id);
    ws.ok(&["round", &id, "close", "--minutes-signed"]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-12",
        "--chair",
        "employer",
    ]);
    ws.ok(&[
        "round",
        &id,
        "position",
        "--issue",
        "平均工资增长6.5%",
        "--side",
        "workers",
        "--value",
        "6.5%",
    ]);
    let out = ws.ok(&["round", &id, "remove-issue", "--issue", "平均工资增长6.5%"]);
    assert_eq!(
        out,
        "2026-001: round 2: 平均工资增长6.5% removed (added by mistake)\n"
    );
    let d = ws.show(&id);
    let keys: Vec<&str> = d["rounds"][1]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["key"].as_str())
        .collect();
    assert_eq!(keys, vec!["平均工资增长"]);
    let o = ws.run_lang(
        "zh-CN",
        &["round", &id, "remove-issue", "--issue", "平均工资增长"],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "错误：议题 = “平均工资增长”：此前各轮已有立场：只能撤回，不能删除\n"
    );
}

/// A signed and filed dossier whose review (2026-06-10) raised an objection, the filed text
/// received on 2026-05-28; the workspace's today is 2026-07-20.
fn filed_with_an_objection(ws: &Ws) -> String {
    let id = ws.new_dossier_of("wage");
    let at = |args: &[&str]| {
        let o = ws.run_at("en", "2026-07-20", args);
        assert!(o.status.success(), "{args:?}: {o:?}");
        String::from_utf8(o.stdout).unwrap()
    };
    at(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-25",
        "--chair",
        "workers",
    ]);
    at(&["round", &id, "close", "--minutes-signed"]);
    at(&[
        "congress",
        &id,
        "--date",
        "2026-05-20",
        "--total",
        "120",
        "--present",
        "104",
        "--for",
        "97",
        "--against",
        "3",
        "--abstain",
        "4",
    ]);
    at(&["sign", &id, "--date", "2026-05-22"]);
    at(&[
        "file",
        &id,
        "--sent",
        "2026-05-27",
        "--received",
        "2026-05-28",
    ]);
    at(&[
        "review",
        &id,
        "--date",
        "2026-06-10",
        "--objection",
        "第五条低于当地最低工资",
    ]);
    id
}

/// The PUBLISH findings of `check --json` (the one rule that counts from the effective date).
fn publish_findings(ws: &Ws, id: &str) -> Vec<String> {
    let o = ws.run_at("zh-CN", "2026-07-20", &["check", id, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "PUBLISH")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

/// GR 47: an objection recorded by mistake left the contract not in effect. `correct --what
/// review.objection` takes it back (`否`, `no` or `-`) and the contract takes effect the day after
/// the 15-day review period (received 2026-05-28: from 2026-06-13), tagged `effective` as a
/// review without objection is; corrected again to an objection, the effective date goes and the
/// bargaining may go back to the table (GR 46). "Yes" is not an objection: its text is.
#[test]
fn a_review_objection_recorded_by_mistake_is_taken_back_and_the_contract_takes_effect() {
    let ws = Ws::new();
    let id = filed_with_an_objection(&ws);
    let dir = ws.dossier_dir(&id);
    let run = |lang: &str, args: &[&str]| ws.run_at(lang, "2026-07-20", args);
    let show = |lang: &str| String::from_utf8(run(lang, &["show", &id]).stdout).unwrap();
    assert!(show("en").ends_with("review: 2026-06-10 objection: 第五条低于当地最低工资\n"));
    assert_eq!(publish_findings(&ws, &id), Vec::<String>::new());

    let o = run(
        "zh-CN",
        &[
            "correct",
            &id,
            "--what",
            "review.objection",
            "--value",
            "否",
            "--reason",
            "误录：审查意见书系另一企业的",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "2026-001：更正 审查异议：第五条低于当地最低工资 → 否，理由：误录：审查意见书系另一企业的；\
         审查：2026-06-10 无异议\n"
    );
    let d = ws.show(&id);
    assert_eq!(d["review"]["outcome"], "no_objection");
    assert_eq!(d["effective"], "2026-06-13");
    assert_eq!(d["corrections"][0]["old"], "第五条低于当地最低工资");
    assert_eq!(d["corrections"][0]["new"], "-");
    assert!(
        show("zh-CN").ends_with(
            "审查：2026-06-10 无异议\n生效：2026-06-13\n更正：\n  审查异议 第五条低于当地最低工资 → 否，\
             2026-07-20 更正，理由：误录：审查意见书系另一企业的\n"
        ),
        "{}",
        show("zh-CN")
    );
    assert!(
        show("en").contains("review: 2026-06-10 no objection\neffective: 2026-06-13\n"),
        "{}",
        show("en")
    );
    assert_eq!(
        publish_findings(&ws, &id),
        vec!["2026-06-13 生效，应于 2026-06-18 前公布，尚未公布".to_string()]
    );
    // The `effective` milestone is on the correction's commit, which carries the review event.
    assert_eq!(
        git(&dir, &["rev-parse", "effective^{}"]),
        git(&dir, &["rev-parse", "HEAD"])
    );
    let msg = git(&dir, &["log", "-1", "--format=%B"]);
    assert!(
        msg.contains("Xieshang-Event: review.no_objection date=2026-06-10"),
        "{msg}"
    );
    assert_eq!(
        String::from_utf8_lossy(&run("en", &["verify", &id]).stdout),
        "2026-001: intact\n"
    );
    let log = String::from_utf8(run("en", &["log", &id]).stdout).unwrap();
    assert!(
        log.lines().next().unwrap().ends_with(
            "objection raised by the review corrected: 第五条低于当地最低工资 → no, because \
             误录：审查意见书系另一企业的; review: no objection on 2026-06-10 (effective)"
        ),
        "{log}"
    );

    // "Yes" says nothing the administration objected to: refused, nothing committed.
    let before = git(&dir, &["rev-parse", "HEAD"]);
    for (lang, yes, expected) in [
        (
            "en",
            "yes",
            "error: value = \"yes\": an objection is recorded by its text (what the review \
             opinion says); \"-\" or \"no\" records none\n",
        ),
        (
            "zh-CN",
            "是",
            "错误：取值 = “是”：审查异议须填写其内容（审查意见书所载意见）；填“-”或“否”表示无异议\n",
        ),
    ] {
        let o = run(
            lang,
            &[
                "correct",
                &id,
                "--what",
                "review.objection",
                "--value",
                yes,
                "--reason",
                "x",
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&o.stderr), expected);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), before);
    }

    // And back: an objection after all. Not in effect; the table is open again (GR 46).
    let o = run(
        "en",
        &[
            "correct",
            &id,
            "--what",
            "review.objection",
            "--value",
            "Clause 5 is below the local minimum wage",
            "--reason",
            "the opinion arrived late",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "2026-001: objection raised by the review corrected: no → Clause 5 is below the local \
         minimum wage, because the opinion arrived late; review: objection on 2026-06-10\n"
    );
    let d = ws.show(&id);
    assert_eq!(
        d["review"]["text"],
        "Clause 5 is below the local minimum wage"
    );
    assert!(d["effective"].is_null(), "{d}");
    assert!(
        show("en").contains(
            "review: 2026-06-10 objection: Clause 5 is below the local minimum wage\ncorrections:\n"
        ),
        "{}",
        show("en")
    );
    assert_eq!(publish_findings(&ws, &id), Vec::<String>::new());
    assert_eq!(
        String::from_utf8_lossy(&run("en", &["verify", &id]).stdout),
        "2026-001: intact\n"
    );
    run(
        "en",
        &[
            "round",
            &id,
            "open",
            "--date",
            "2026-07-15",
            "--chair",
            "workers",
        ],
    );
    let d = ws.show(&id);
    assert_eq!(d["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(
        d["earlier_attempts"][0]["review"]["text"],
        "Clause 5 is below the local minimum wage"
    );
}

/// The demo's agreement was published as in effect (2026-07-02): an objection can no longer be
/// recorded by correction — the publication it would contradict is a fact that stays.
#[test]
fn a_published_agreement_takes_no_objection_by_correction() {
    let ws = Ws::new();
    ws.ok(&["demo"]);
    let dir = ws.dossier_dir("2026-001");
    let head = git(&dir, &["rev-parse", "HEAD"]);
    for (lang, expected) in [
        (
            "en",
            "error: value = \"第五条\": the agreement was published as in effect on 2026-07-02: an \
             objection can no longer be recorded\n",
        ),
        (
            "zh-CN",
            "错误：取值 = “第五条”：协议已于 2026-07-02 作为已生效协议公布，不能再记录审查异议\n",
        ),
    ] {
        let o = ws.run_at(
            lang,
            "2026-12-02",
            &[
                "correct",
                "2026-001",
                "--what",
                "review.objection",
                "--value",
                "第五条",
                "--reason",
                "x",
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&o.stderr), expected);
        assert_eq!(git(&dir, &["rev-parse", "HEAD"]), head);
    }
}

/// The TUI's correction form (`C` on the Effect step) offers the review's objection with the
/// value it holds in the user's language — its text, or 否 / no when none — and its worker
/// records the correction through the service: the step then shows the effective date.
#[test]
fn the_correction_form_switches_the_reviews_objection_both_ways() {
    use crate::ui_support::{keys, render, type_str};
    use xieshang::app::keymap::Key;
    use xieshang::app::{Action, App, Effect, Event, Modal, Screen, update};
    use xieshang::domain::procedure::Step;
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;

    let ws = Ws::new();
    let id = filed_with_an_objection(&ws);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 7, 20).unwrap();
    for (lang, none, reason, effective, corrected) in [
        (
            Lang::ZhCn,
            "否",
            "误录",
            "生效日期：2026-06-13",
            "审查异议 第五条低于当地最低工资 → 否，2026-07-20 更正，理由：误录",
        ),
        (
            Lang::En,
            "no",
            "entered by mistake",
            "Effective from: 2026-06-13",
            "objection raised by the review 第五条低于当地最低工资 → no, corrected on 2026-07-20 \
             because entered by mistake",
        ),
    ] {
        let mut s = StoreServices::new(ws.root(), lang, today);
        let Some(Event::Opened(l)) = s.handle(Effect::OpenDossier(id.clone())) else {
            panic!("not opened")
        };
        let mut app = App::new(lang, today);
        app.open = Some(*l);
        app.screen = Screen::Dossier;
        app.dossier.step = Step::ALL.iter().position(|s| *s == Step::Effect).unwrap();
        let form = |app: &App| match app.modal() {
            Some(Modal::Form(f)) => f.clone(),
            other => panic!("no form: {other:?}"),
        };
        // To the pick (the form starts at the reason), then the objection: its text, selected.
        keys(&mut app, &[Key::Char('C'), Key::BackTab, Key::BackTab]);
        let f = form(&app);
        let listed: Vec<&str> = f.fields[0]
            .options
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(listed, vec!["review.date", "review.objection"]);
        keys(&mut app, &[Key::Right]);
        let f = form(&app);
        assert_eq!(
            (f.value("what"), f.value("value")),
            ("review.objection", "第五条低于当地最低工资")
        );
        // Typed over: none; with a reason.
        keys(&mut app, &[Key::Tab]);
        type_str(&mut app, none);
        keys(&mut app, &[Key::Tab]);
        type_str(&mut app, reason);
        let fx = keys(&mut app, &[Key::Enter]);
        let [Effect::Record { id: rid, fact }] = &fx[..] else {
            panic!("{fx:?}")
        };
        let Some(Event::Saved {
            loaded, message, ..
        }) = s.handle(Effect::Record {
            id: rid.clone(),
            fact: fact.clone(),
        })
        else {
            panic!("not saved")
        };
        let _ = update(
            &mut app,
            Action::Worker(Event::Saved {
                loaded,
                message: message.clone(),
                notes: Vec::new(),
            }),
        );
        let frame = render(&app, 160, 40);
        assert!(frame.contains(effective), "{frame}");
        assert!(frame.contains(corrected), "{frame}");
        // Reopened: the objection holds none, said in the user's language.
        keys(&mut app, &[Key::Char('C'), Key::BackTab, Key::BackTab]);
        let f = form(&app);
        let shown: Vec<(&str, &str)> = f.fields[0]
            .options
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("review.date", "2026-06-10"),
                ("review.objection", none),
                ("effective", "2026-06-13")
            ]
        );
        keys(&mut app, &[Key::Right]);
        assert_eq!(form(&app).value("value"), none);
        // Back to an objection, for the next language.
        keys(&mut app, &[Key::Tab]);
        type_str(&mut app, "第五条低于当地最低工资");
        keys(&mut app, &[Key::Tab]);
        type_str(&mut app, "复核");
        let fx = keys(&mut app, &[Key::Enter]);
        let [Effect::Record { id: rid, fact }] = &fx[..] else {
            panic!("{fx:?}")
        };
        let Some(Event::Saved { loaded, .. }) = s.handle(Effect::Record {
            id: rid.clone(),
            fact: fact.clone(),
        }) else {
            panic!("not saved")
        };
        assert!(loaded.dossier.effective.is_none());
    }
    let d = ws.show(&id);
    assert_eq!(d["corrections"].as_array().unwrap().len(), 4);
    assert_eq!(d["review"]["text"], "第五条低于当地最低工资");
    let o = ws.run_at("en", "2026-07-20", &["verify", &id]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2026-001: intact\n");
}

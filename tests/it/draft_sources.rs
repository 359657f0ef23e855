//! A draft made from the template takes each value from the agreed terms, else from the issues
//! agreed at the table, else from the preparation's data — and says which came from where. The
//! CLI's `draft ID` and the TUI's `t` make it by the same service call.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;

/// A wage dossier whose round 1 agreed 6.5 %, 2300 yuan and a transport allowance of 200 yuan,
/// whose preparation recorded an average wage of 5000 yuan, and with no terms recorded.
fn agreed_at_the_table(ws: &Ws) -> String {
    let id = ws.new_dossier_of("wage");
    ws.ok(&["prep", &id, "--avg-wage", "5000"]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-05",
        "--chair",
        "workers",
    ]);
    for (issue, value) in [
        ("平均工资增长", "8%"),
        ("企业最低工资", "2500"),
        ("交通补贴", "300"),
    ] {
        ws.ok(&[
            "round", &id, "position", "--issue", issue, "--side", "workers", "--value", value,
        ]);
    }
    for (issue, value) in [
        ("平均工资增长", "6.5%"),
        ("企业最低工资", "2300"),
        ("交通补贴", "200"),
    ] {
        ws.ok(&["round", &id, "agree", "--issue", issue, "--value", value]);
    }
    id
}

fn draft_text(ws: &Ws, id: &str) -> String {
    std::fs::read_to_string(ws.dossier_dir(id).join("contract.md")).unwrap()
}

#[test]
fn a_template_draft_takes_the_values_agreed_at_the_table_and_the_preparation() {
    let ws = Ws::new();
    let id = agreed_at_the_table(&ws);
    let o = ws.run_lang("zh-CN", &["draft", &id, "--template", "wage"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    let text = draft_text(&ws, &id);
    for blank in [
        "【待定：平均工资增长幅度】",
        "【待定：企业最低工资标准】",
        "【待定：津贴补贴项目及标准】",
        "【待定：上年度职工月平均工资】",
        "【待定：本年度职工月平均工资】",
    ] {
        assert!(!text.contains(blank), "{blank} left in:\n{text}");
    }
    assert!(text.contains("6.5%"), "{text}");
    assert!(text.contains("2300元"), "{text}");
    assert!(text.contains("交通补贴每月200元"), "{text}");
    // 5000 × 1.065 = 5325.
    assert!(text.contains("5325元"), "{text}");
    assert!(
        err.contains(
            "取自谈判桌上一致的议题：平均工资增长幅度（6.5%）、企业最低工资标准（2300元）、\
             津贴补贴项目及标准（交通补贴每月200元）"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "取自准备资料：上年度职工月平均工资（5000元）、本年度职工月平均工资（5325元）"
        ),
        "{err}"
    );
    // Staff covered: the enterprise's 200, the preparation having recorded none.
    assert!(
        err.contains("取自企业信息：合同覆盖职工人数（200）"),
        "{err}"
    );
}

#[test]
fn agreed_terms_win_over_the_table_and_the_sources_are_said_in_english() {
    let ws = Ws::new();
    let id = agreed_at_the_table(&ws);
    ws.ok(&["terms", &id, "increase=7%", "last_avg_wage=5200"]);
    let o = ws.run(&["draft", &id, "--template", "wage"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    let text = draft_text(&ws, &id);
    assert!(text.contains("7%") && !text.contains("6.5%"), "{text}");
    // 5200 × 1.07 = 5564.
    assert!(text.contains("5564元"), "{text}");
    assert!(
        err.contains(
            "filled from the agreed terms: last year's average monthly wage (¥5200), average wage increase (7%), this year's average monthly wage (¥5564)"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "filled from the issues agreed at the table: enterprise minimum wage (¥2300), allowances (交通补贴每月200元)"
        ),
        "{err}"
    );
}

/// The TUI's `t` (the worker's `DraftFromTemplate`) makes the same draft by the same call, and
/// its message says the same sources, in either language.
#[test]
fn the_tui_template_draft_says_where_its_values_came_from() {
    use xieshang::app::{Effect, Event};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    for (lang, table, prep) in [
        (
            Lang::ZhCn,
            "取自谈判桌上一致的议题：平均工资增长幅度（6.5%）",
            "取自准备资料：上年度职工月平均工资（5000元）",
        ),
        (
            Lang::En,
            "filled from the issues agreed at the table: average wage increase (6.5%)",
            "filled from the preparation data: last year's average monthly wage (¥5000)",
        ),
    ] {
        let ws = Ws::new();
        let id = agreed_at_the_table(&ws);
        let mut s = StoreServices::new(ws.root(), lang, today);
        let Some(Event::Opened(_)) = s.handle(Effect::OpenDossier(id.clone())) else {
            panic!("not opened")
        };
        let Some(Event::Saved { message, .. }) =
            s.handle(Effect::DraftFromTemplate { id: id.clone() })
        else {
            panic!("no draft")
        };
        assert!(message.contains(table), "{message}");
        assert!(message.contains(prep), "{message}");
        let text = draft_text(&ws, &id);
        assert!(!text.contains("【待定：平均工资增长幅度】"), "{text}");
        assert!(text.contains("交通补贴每月200元"), "{text}");
    }
}

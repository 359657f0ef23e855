//! Regression tests for findings of an audit: messages that contradicted themselves or named
//! the wrong thing, one test per behaviour, in both languages where it is about text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::Ws;

fn stderr_of(ws: &Ws, lang: &str, args: &[&str]) -> String {
    let o = ws.run_lang(lang, args);
    assert!(!o.status.success(), "{args:?} should be refused");
    String::from_utf8(o.stderr).unwrap()
}

/// `pay_day=32` and `pay_day=0` both give the real range of a day of the month, 1 to 31 (32
/// used to say 0 to 31).
#[test]
fn a_pay_day_out_of_range_names_one_to_thirty_one() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    for v in ["32", "0", "-1"] {
        let arg = format!("pay_day={v}");
        assert_eq!(
            stderr_of(&ws, "zh-CN", &["terms", &id, &arg]).trim(),
            format!("错误：工资发放日 = “{v}”：须在 1 至 31 之间")
        );
        assert_eq!(
            stderr_of(&ws, "en", &["terms", &id, &arg]).trim(),
            format!("error: Pay day = \"{v}\": must be between 1 and 31")
        );
    }
}

mod credit_code {
    use crate::common::Ws;
    use proptest::prelude::*;
    use xieshang::domain::values::{CREDIT_CODE_CHARS, credit_code_check, parse_credit_code};

    /// The demo's code, worked by hand (GB 32100-2015). Values: digits as themselves, M=21,
    /// A=10, X=29, H=17, Q=24, K=19. `9 1 2 1 0 2 0 0 M A 0 X H 5 Q K 3` × weights `1 3 9 27 19
    /// 26 16 17 20 29 25 13 8 24 10 30 28` = 9+3+18+27+0+52+0+0+420+290+0+377+136+120+240+570+84
    /// = 2346; 2346 mod 31 = 21; 31 − 21 = 10 → `A`.
    const DEMO: &str = "91210200MA0XH5QK3A";

    #[test]
    fn known_codes_check_and_the_demo_is_valid() {
        assert_eq!(credit_code_check("91210200MA0XH5QK3"), Some('A'));
        assert_eq!(parse_credit_code("c", DEMO).unwrap(), DEMO);
        // Codes of the tests' enterprises, valid: a check value of 31 is written 0.
        for code in [
            "912102132416033710",
            "91210211MA0QBC1E4T",
            "91210202MA0XT8NK7K",
            "91210100MA0XXXXX10",
        ] {
            assert_eq!(parse_credit_code("c", code).unwrap(), code);
        }
        // The demo's old code, one character off.
        assert!(parse_credit_code("c", "91210200MA0XH5QK3P").is_err());
        // Lower case and full-width forms are taken, raised.
        assert_eq!(
            parse_credit_code("c", " 91210200ma0xh5qk3a ").unwrap(),
            DEMO
        );
        assert_eq!(
            parse_credit_code("c", "９１２１０２００ＭＡ０ＸＨ５ＱＫ３Ａ").unwrap(),
            DEMO
        );
        // I, O, S, V and Z are not in the code's alphabet.
        assert!(credit_code_check("91210200MA0XH5QKO").is_none());
    }

    fn first17() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..31usize, 17).prop_map(|v| {
            v.into_iter()
                .map(|i| CREDIT_CODE_CHARS.as_bytes()[i] as char)
                .collect()
        })
    }

    proptest! {
        /// Seventeen characters with their check character make a valid code.
        #[test]
        fn a_code_with_its_check_character_is_accepted(body in first17()) {
            let check = credit_code_check(&body).unwrap();
            let code = format!("{body}{check}");
            prop_assert_eq!(parse_credit_code("c", &code).unwrap(), code);
        }

        /// Any one character changed (to another of the alphabet) is caught: the weights are
        /// nonzero mod 31, a prime.
        #[test]
        fn one_character_changed_is_refused(body in first17(), at in 0..18usize, to in 1..31usize) {
            let code = format!("{body}{}", credit_code_check(&body).unwrap());
            let mut chars: Vec<char> = code.chars().collect();
            let old = CREDIT_CODE_CHARS.find(chars[at]).unwrap();
            chars[at] = CREDIT_CODE_CHARS.as_bytes()[(old + to) % 31] as char;
            let bad: String = chars.into_iter().collect();
            prop_assert!(parse_credit_code("c", &bad).is_err(), "{} accepted", bad);
        }
    }

    /// `enterprise ID credit_code` refuses a wrong check character in both languages, and
    /// recording a second code says it changed the first (as every enterprise detail does).
    #[test]
    fn enterprise_credit_code_is_checked_and_a_change_is_said() {
        let ws = Ws::new();
        let id = ws.new_dossier_of("wage");
        for bad in ["91210100MA0XXXXX1A", "91210100MA0XXXXX1Y"] {
            assert_eq!(
                super::stderr_of(&ws, "zh-CN", &["enterprise", &id, "credit_code", bad]).trim(),
                format!(
                    "错误：统一社会信用代码 = “{bad}”：校验码不符（GB 32100-2015）：按前 17 位，\
                     第 18 位应为 0；请对照营业执照核对"
                )
            );
            assert_eq!(
                super::stderr_of(&ws, "en", &["enterprise", &id, "credit_code", bad]).trim(),
                format!(
                    "error: unified social credit code = \"{bad}\": the check character does not \
                     match (GB 32100-2015): from the first 17 characters the 18th would be 0; \
                     check the code on the business licence"
                )
            );
        }
        assert!(ws.show(&id)["enterprise"].get("credit_code").is_none());
        let o = ws.run_lang(
            "zh-CN",
            &["enterprise", &id, "credit_code", "91210100MA0XXXXX10"],
        );
        assert_eq!(
            String::from_utf8(o.stdout).unwrap().trim(),
            format!("{id}：企业信息：统一社会信用代码设为 91210100MA0XXXXX10")
        );
        let o = ws.run_lang("zh-CN", &["enterprise", &id, "credit_code", DEMO]);
        assert_eq!(
            String::from_utf8(o.stdout).unwrap().trim(),
            format!(
                "{id}：企业信息：统一社会信用代码由 91210100MA0XXXXX10 改为 91210200MA0XH5QK3A"
            )
        );
        assert_eq!(
            ws.ok(&["enterprise", &id, "credit_code", "91210100MA0XXXXX10"])
                .trim(),
            format!(
                "{id}: enterprise: credit code changed from 91210200MA0XH5QK3A to \
                 91210100MA0XXXXX10"
            )
        );
    }
}

/// A bad position typed in the TUI's position form is reported under the field's name as the
/// form shows it (职工方立场, 企业方立场), not the record's role name (`取值`).
#[test]
fn a_bad_position_names_the_side_as_the_form_does() {
    use crate::ui_support::{app_on, keys, type_str};
    use xieshang::app::keymap::Key;
    use xieshang::app::{Modal, Screen};
    use xieshang::i18n::Lang;
    for (lang, key, expected) in [
        (
            Lang::ZhCn,
            'w',
            "职工方立场 = “8.5.1”：不是百分数（应写作 6.5% 这样的形式）",
        ),
        (
            Lang::ZhCn,
            'e',
            "企业方立场 = “8.5.1”：不是百分数（应写作 6.5% 这样的形式）",
        ),
        (
            Lang::En,
            'w',
            "Workers' position = \"8.5.1\": not a percentage (write it like 6.5%)",
        ),
        (
            Lang::En,
            'e',
            "Employer's position = \"8.5.1\": not a percentage (write it like 6.5%)",
        ),
    ] {
        let mut app = app_on(Screen::Table, lang, "大连海辰机械制造有限公司");
        // The first issue, the average increase, is in percent.
        keys(&mut app, &[Key::Char(key)]);
        type_str(&mut app, "8.5.1");
        assert!(keys(&mut app, &[Key::Enter]).is_empty());
        let Some(Modal::Form(f)) = app.modal() else {
            panic!("no form")
        };
        let (at, message) = f.error.clone().unwrap();
        assert_eq!(at, Some(1));
        assert_eq!(message, expected);
    }
}

/// A CLI write refused because the TUI holds the dossier says it changed nothing (it opened
/// nothing read-only; that is the TUI's own wording, on its side).
#[test]
fn a_cli_write_while_the_tui_holds_the_dossier_says_nothing_was_changed() {
    use xieshang::app::{Effect, Event};
    use xieshang::i18n::Lang;
    use xieshang::ui::store_services::StoreServices;
    use xieshang::ui::worker::Services;
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    let mut tui = StoreServices::new(
        ws.root(),
        Lang::ZhCn,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
    );
    let Some(Event::Opened(l)) = tui.handle(Effect::OpenDossier(id.clone())) else {
        panic!("not opened")
    };
    assert!(!l.read_only);
    let args = ["enterprise", id.as_str(), "industry", "通用设备制造业"];
    assert_eq!(
        stderr_of(&ws, "zh-CN", &args).trim(),
        format!("错误：档案“{id}”正被另一个 xieshang 使用，未作更改（关闭另一处后再试）")
    );
    assert_eq!(
        stderr_of(&ws, "en", &args).trim(),
        format!(
            "error: dossier \"{id}\" is in use by another xieshang; nothing was changed (close \
             the other window and try again)"
        )
    );
    assert!(ws.show(&id)["enterprise"].get("industry").is_none());
}

/// The CLI's warning of a position below a legal floor names a term typed by its key as the
/// table does (企业最低工资, not `min_wage`), and writes yuan as English does (¥2000).
#[test]
fn a_floor_warning_names_the_term_not_its_key() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-05",
        "--chair",
        "workers",
    ]);
    let o = ws.run_lang(
        "zh-CN",
        &[
            "round", &id, "position", "--issue", "min_wage", "--side", "employer", "--value",
            "2000",
        ],
    );
    assert_eq!(
        String::from_utf8(o.stderr).unwrap().trim(),
        "警告：企业最低工资 2000元 低于法定下限 2230元/月（CONTENT-MIN-WAGE）"
    );
    let o = ws.run(&[
        "round", &id, "position", "--issue", "min_wage", "--side", "workers", "--value", "2000",
    ]);
    assert_eq!(
        String::from_utf8(o.stderr).unwrap().trim(),
        "warning: Enterprise minimum wage ¥2000 is below the legal floor ¥2230/mo \
         (CONTENT-MIN-WAGE)"
    );
}

/// `correct … round.N.minutes_signed` says yes/no in the user's language (是 → 否).
#[test]
fn a_corrected_yes_no_fact_is_said_in_the_users_language() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let o = ws.run_lang(
        "zh-CN",
        &[
            "correct",
            "2026-001",
            "--what",
            "round.2.minutes_signed",
            "--value",
            "false",
            "--reason",
            "笔误",
        ],
    );
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "2026-001：更正 第2轮纪要已签字：是 → 否，理由：笔误"
    );
}

/// English workspace: a Latin enterprise name gets an id like the README's (`2026-001`), the
/// chief is `Wang Fang (chief)`, a round without a place has no double space, and the missing
/// parts of a suspension read `place and content`.
#[test]
fn an_english_workspace_reads_as_english() {
    let ws = Ws::new();
    let id = ws
        .ok(&[
            "new",
            "--kind",
            "wage",
            "--enterprise",
            "Dalian Haibin Textile Co.",
        ])
        .trim()
        .to_string();
    assert_eq!(id, "2026-001");
    ws.ok(&[
        "rep",
        &id,
        "--side",
        "workers",
        "--name",
        "Wang Fang",
        "--chief",
    ]);
    ws.ok(&[
        "round",
        &id,
        "open",
        "--date",
        "2026-03-10",
        "--chair",
        "workers",
    ]);
    ws.ok(&["round", &id, "close", "--suspend-until", "2026-03-25"]);
    let show = ws.ok(&["show", &id]);
    assert!(show.contains("\nworkers: Wang Fang (chief)\n"), "{show}");
    assert!(
        show.contains("\nRound 1 2026-03-10 suspended until 2026-03-25\n"),
        "{show}"
    );
    let o = ws.run(&["check", &id]);
    let check = format!(
        "{}{}",
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap()
    );
    assert!(
        check.contains(
            "Round 1 was suspended without agreeing the next meeting's place and content"
        ),
        "{check}"
    );
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["show", &id]).stdout).unwrap();
    assert!(zh.contains("\n职工方：Wang Fang（首席）\n"), "{zh}");
}

/// `show` states every recorded fact of the preparation and the instructors: the demo's, in both
/// languages, and a guideline, overtime hours and a tier typed on another dossier.
#[test]
fn show_states_the_instructors_and_the_preparation() {
    let ws = Ws::new();
    ws.ok(&["init"]);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["show", "2026-001"]).stdout).unwrap();
    for line in [
        "协商指导员：孙海燕",
        "准备工作：熟悉法律法规和政策 2026-03-18、收集资料 2026-03-18、征求职工意见 2026-03-18、\
         拟定议题 2026-03-18、确定时间地点 2026-03-18",
        "向职工方提供资料：2026-03-16",
        "拟定议题：平均工资增长、企业最低工资、加班工资基数、高温津贴",
        "测算资料：上年平均工资 6,850元；覆盖职工人数 420人；居民消费价格指数涨幅 1.8%；\
         劳动生产率增长 7.2%；企业社会保险缴费比例 26%；企业住房公积金缴存比例 10%；\
         资料来源 演示数据，虚构，非官方公布",
        "工资分布：6 档，共 420 人，平均 6,850元",
    ] {
        assert!(zh.contains(&format!("\n{line}\n")), "{line}\n{zh}");
    }
    assert!(
        zh.contains("\n工资协商资料：人工成本水平及职工平均工资 2026-03-18、"),
        "{zh}"
    );
    let en = ws.ok(&["show", "2026-001"]);
    for line in [
        "instructors: 孙海燕",
        "data provided to the workers' side: 2026-03-16",
        "costing data: last year's average wage ¥6,850; staff covered 420; CPI growth 1.8%; \
         productivity growth 7.2%; employer social insurance rate 26%; employer housing fund \
         rate 10%; source 演示数据，虚构，非官方公布",
        "wage distribution: 6 bands, 420 staff, average ¥6,850",
    ] {
        assert!(en.contains(&format!("\n{line}\n")), "{line}\n{en}");
    }
    assert!(
        en.contains("\npreparation: learning the rules and policies 2026-03-18, "),
        "{en}"
    );
    // The JSON is the record itself: the same facts.
    let j = ws.show("2026-001");
    assert_eq!(j["instructors"][0], "孙海燕");
    assert_eq!(j["preparation"]["costing"]["avg_wage_fen"], 685_000);
    assert_eq!(j["preparation"]["data_provided"], "2026-03-16");

    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "prep",
        &id,
        "--guideline",
        "4/7/10",
        "--overtime-hours",
        "1200",
        "--tier",
        "2",
    ]);
    let en = ws.ok(&["show", &id]);
    assert!(
        en.contains(
            "\ncosting data: wage guideline (lower/base/upper) 4%/7%/10%; overtime hours a month \
             (extended hours) 1200; minimum-wage tier 2\n"
        ),
        "{en}"
    );
}

/// `show` states the agreed terms with their units in the user's language (before: bare
/// `企业最低工资=2300`, `覆盖人数=420`, `高温津贴=150`, `发薪日=15`).
#[test]
fn show_states_the_agreed_terms_with_their_units() {
    let ws = Ws::new();
    let id = ws.new_dossier_of("wage");
    ws.ok(&[
        "terms",
        &id,
        "min_wage=2300",
        "last_avg_wage=6850",
        "staff_covered=420",
        "pay_day=15",
        "allowance.高温津贴=150",
    ]);
    let zh = String::from_utf8(ws.run_lang("zh-CN", &["show", &id]).stdout).unwrap();
    for part in [
        "企业最低工资=2300元",
        "上年平均工资=6850元",
        "覆盖人数=420人",
        "发薪日=每月15日",
        "高温津贴=每月150元",
    ] {
        assert!(zh.contains(part), "{part}\n{zh}");
    }
    let en = ws.ok(&["show", &id]);
    for part in [
        "=¥2300",
        "=¥6850",
        "=420 staff",
        "=day 15 of each month",
        "高温津贴=¥150 a month",
    ] {
        assert!(en.contains(part), "{part}\n{en}");
    }
}

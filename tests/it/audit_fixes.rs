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

//! Typed bargaining issues: the unit each issue's positions are in (percent, yuan a month, yuan a
//! year, days, free text), the agreed term an issue stands for (found from its name), checking a
//! typed position against the unit, the legal floor some terms have (overtime 150/200/300 % under
//! LL 44, the local minimum wage under LCL 55) and the gap between the two sides.
//!
//! Pure: the local minimum wage comes in as a figure; names are matched against the term labels
//! of both languages so that an agenda typed in Chinese or English finds its term.

use crate::domain::invalid::{Invalid, Problem};
use crate::domain::rules::terms::OVERTIME_FLOORS_BP;
use crate::domain::values::{
    format_bp, format_fen, parse_count, parse_money_fen, parse_percent_bp,
};
use crate::i18n::{Lang, tr};
use serde::{Deserialize, Serialize};

/// The unit of an issue's positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    YuanMonth,
    YuanYear,
    Days,
    #[default]
    Text,
}

impl Unit {
    pub const ALL: [Unit; 5] = [
        Unit::Percent,
        Unit::YuanMonth,
        Unit::YuanYear,
        Unit::Days,
        Unit::Text,
    ];

    /// The stored and typed key (`percent`, `yuan_month` …).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::YuanMonth => "yuan_month",
            Unit::YuanYear => "yuan_year",
            Unit::Days => "days",
            Unit::Text => "text",
        }
    }

    /// Every key, for choice fields and error messages.
    pub const KEYS: &'static [&'static str] =
        &["percent", "yuan_month", "yuan_year", "days", "text"];

    /// The unit typed as `key`, or an error naming the field and listing the keys.
    pub fn parse(field: &str, key: &str) -> Result<Unit, Invalid> {
        Unit::ALL
            .into_iter()
            .find(|u| u.key() == key.trim())
            .ok_or_else(|| {
                Invalid::new(
                    field,
                    key,
                    Problem::UnknownKey {
                        valid: Unit::KEYS.join(", "),
                    },
                )
            })
    }

    /// The unit an agreed term's value is in.
    pub fn of_term(term: &str) -> Unit {
        match term {
            "increase" | "overtime" | "overtime_rest" | "overtime_holiday" => Unit::Percent,
            "min_wage" | "last_avg_wage" => Unit::YuanMonth,
            "pay_day" => Unit::Days,
            t if t.starts_with("allowance") => Unit::YuanMonth,
            _ => Unit::Text,
        }
    }

    /// A typed position checked against the unit: its figure in the unit's smallest step (basis
    /// points, fen, days), or `None` for text. `field` names the field in the error.
    pub fn check(self, field: &str, value: &str) -> Result<Option<i64>, Invalid> {
        Ok(match self {
            Unit::Percent => Some(i64::from(parse_percent_bp(field, value, true)?)),
            // `每月180元` in yuan a month is 180元: the period is the unit's own.
            Unit::YuanMonth => {
                let v = crate::domain::values::halfwidth(value);
                let t = v.trim();
                let t = t.strip_prefix("每月").unwrap_or(t);
                let t = t.strip_suffix("/月").unwrap_or(t);
                Some(parse_money_fen(field, t).map_err(|e| Invalid::new(field, value, e.problem))?)
            }
            Unit::YuanYear => Some(parse_money_fen(field, value)?),
            // Full-width digits as a Chinese IME types them, as percent and money take them.
            // The unit may follow the number, as the gap column shows it (`10天`, `10 days`).
            Unit::Days => {
                let v = crate::domain::values::halfwidth(value);
                let t = v.trim();
                let n = ["天", "日", "days", "day"]
                    .iter()
                    .find_map(|u| t.strip_suffix(u))
                    .unwrap_or(t);
                Some(i64::from(
                    parse_count(field, n.trim(), 3660)
                        .map_err(|e| Invalid::new(field, value, e.problem))?,
                ))
            }
            Unit::Text => None,
        })
    }

    /// A typed position written the one way its unit writes figures, so that the table, the
    /// costing and the diff compare like with like: `6.5` or `６．５％` in a percent issue is
    /// `6.5%`, `2,300` or `¥2300` yuan is `2300元`, ` 015 ` days is `15`. Text, and anything the
    /// unit does not read as a figure, is kept as typed (the check refuses the latter anyway).
    pub fn normalise(self, value: &str) -> String {
        match (self, self.check("value", value)) {
            (Unit::Percent, Ok(Some(bp))) => format_bp(bp),
            (Unit::YuanMonth | Unit::YuanYear, Ok(Some(fen))) => format!("{}元", format_fen(fen)),
            (Unit::Days, Ok(Some(n))) => n.to_string(),
            _ => value.to_string(),
        }
    }

    /// A figure (in the unit's smallest step) as shown: `6.5%`, `2100元/月`, `15天`.
    pub fn show(self, lang: Lang, figure: i64) -> String {
        let v = match self {
            Unit::Percent => return format_bp(figure),
            Unit::YuanMonth | Unit::YuanYear => format_fen(figure),
            Unit::Days | Unit::Text => figure.to_string(),
        };
        crate::i18n::trf(lang, &format!("unit.{}.fmt", self.key()), &[("v", &v)])
    }
}

/// The agreed term an issue's name stands for (`increase` for 平均工资增长幅度), if any: the term
/// key itself, or a name holding the term's label in either language (its `（元）` aside).
pub fn term_of(issue: &str) -> Option<&'static str> {
    const TERMS: &[&str] = &[
        "increase",
        "min_wage",
        "overtime_holiday",
        "overtime_rest",
        "overtime",
        "last_avg_wage",
        "pay_day",
    ];
    let name = normalise(issue);
    if name.is_empty() {
        return None;
    }
    TERMS.iter().copied().find(|t| {
        name == *t
            || [Lang::ZhCn, Lang::En].into_iter().any(|l| {
                let label = normalise(&tr(l, &format!("term.{t}")));
                label.chars().count() >= 3 && (name == label || name.contains(&label))
            })
    })
}

/// The agreed term `issue` is the very name of: the term's key (`increase`) or its label in
/// either language (平均工资增长, its `（元）` aside) — not a longer name that holds the label
/// (平均工资增长6.5%, a value typed into the name), which [`term_of`] also reads as the term.
pub fn exact_term(issue: &str) -> Option<&'static str> {
    let t = term_of(issue)?;
    let name = normalise(issue);
    (name == t
        || [Lang::ZhCn, Lang::En]
            .into_iter()
            .any(|l| name == normalise(&tr(l, &format!("term.{t}")))))
    .then_some(t)
}

/// An issue's name as shown in `lang`: a term key typed as the name (`increase`, `min_wage`) by
/// the term's name (平均工资增长, Enterprise minimum wage); an allowance's key (`allowance.高温津贴`)
/// by the allowance's name, which is the user's in either language (高温津贴); a name the user
/// wrote, as written.
pub fn label(issue: &str, lang: Lang) -> String {
    let name = issue.trim();
    if let Some(allowance) = name.strip_prefix("allowance.")
        && !allowance.trim().is_empty()
    {
        return crate::text::sanitize_line(allowance.trim());
    }
    match term_of(name) {
        Some(t) if t == name => crate::i18n::lookup(lang, &format!("ui.term.{t}"))
            .unwrap_or_else(|| tr(lang, &format!("term.{t}"))),
        _ => crate::text::sanitize_line(issue),
    }
}

/// A position as shown in `lang`. Stored as its unit writes it (`2500元`, `6.5%`); in English a
/// sum of yuan reads `¥2500`, as the table's gaps and floors (`¥0/mo`) do (a text position is the
/// user's and shown as written).
pub fn show_position(value: &str, lang: Lang) -> String {
    let value = crate::text::sanitize_line(value);
    if lang == Lang::En
        && let Some(n) = value.strip_suffix('元')
        && !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return format!("¥{n}");
    }
    value
}

/// Lower case, without a bracketed aside (`（元）`, `(yuan)`) and spaces.
fn normalise(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth == 0 && !c.is_whitespace() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// The unit of an issue named `issue`, when it is not chosen: its term's; an allowance
/// (`allowance.…`, `…津贴`, `…补贴`) yuan a month a head; else text.
pub fn unit_of(issue: &str) -> Unit {
    match term_of(issue) {
        Some(t) => Unit::of_term(t),
        None if is_allowance(issue) => Unit::YuanMonth,
        None => Unit::Text,
    }
}

/// Whether an issue named `issue` is an allowance: `allowance.…` (the terms' form), or a name
/// ending in 津贴 or 补贴.
pub fn is_allowance(issue: &str) -> bool {
    let name = issue.trim();
    name.strip_prefix("allowance.")
        .is_some_and(|n| !n.trim().is_empty())
        || name.ends_with("津贴")
        || name.ends_with("补贴")
}

/// A legal floor under a term: the least figure allowed and the rule that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Floor {
    pub figure: i64,
    pub rule: &'static str,
}

/// The floor under an issue named `issue`, given the local minimum wage (fen a month) if known.
pub fn floor(issue: &str, local_min_wage_fen: Option<i64>) -> Option<Floor> {
    let overtime = |k: &str| {
        OVERTIME_FLOORS_BP
            .iter()
            .find(|(key, _)| *key == k)
            .map(|&(_, bp)| Floor {
                figure: i64::from(bp),
                rule: "CONTENT-OVERTIME",
            })
    };
    match term_of(issue)? {
        "overtime" => overtime("extended"),
        "overtime_rest" => overtime("rest_day"),
        "overtime_holiday" => overtime("holiday"),
        "min_wage" => local_min_wage_fen.map(|figure| Floor {
            figure,
            rule: "CONTENT-MIN-WAGE",
        }),
        _ => None,
    }
}

/// The floor `value` falls below, for an issue named `issue` in `unit`.
pub fn below_floor(
    issue: &str,
    unit: Unit,
    value: &str,
    local_min_wage_fen: Option<i64>,
) -> Option<Floor> {
    let f = floor(issue, local_min_wage_fen)?;
    let got = unit.check("value", value).ok()??;
    (got < f.figure).then_some(f)
}

/// The gap between the sides' positions, in the issue's unit (`None` for text or a side missing
/// or not a figure).
pub fn gap(unit: Unit, workers: Option<&str>, employer: Option<&str>) -> Option<i64> {
    let w = unit.check("value", workers?).ok()??;
    let e = unit.check("value", employer?).ok()??;
    Some((w - e).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_key_as_the_name_is_shown_by_the_terms_name() {
        assert_eq!(label("increase", Lang::ZhCn), "平均工资增长");
        assert_eq!(label("min_wage", Lang::ZhCn), "企业最低工资");
        assert_eq!(label("increase", Lang::En), "Average-wage increase");
        assert_eq!(label("高温津贴", Lang::En), "高温津贴");
        assert_eq!(label("平均工资增长", Lang::ZhCn), "平均工资增长");
        assert_eq!(label("overtime", Lang::ZhCn), "延时加班");
    }

    /// Regression: `allowance.高温津贴` was printed as its key on the papers, the CLI and the TUI.
    #[test]
    fn an_allowance_key_is_shown_by_the_allowances_name_in_both_languages() {
        assert_eq!(label("allowance.高温津贴", Lang::ZhCn), "高温津贴");
        assert_eq!(label("allowance.高温津贴", Lang::En), "高温津贴");
        assert_eq!(label(" allowance.meal ", Lang::En), "meal");
        assert_eq!(label("allowance.", Lang::En), "allowance.");
    }

    #[test]
    fn yuan_positions_read_in_english() {
        assert_eq!(show_position("2500元", Lang::En), "¥2500");
        assert_eq!(show_position("2500.5元", Lang::En), "¥2500.5");
        assert_eq!(show_position("2500元", Lang::ZhCn), "2500元");
        assert_eq!(show_position("每月150元", Lang::En), "每月150元");
        assert_eq!(show_position("6.5%", Lang::En), "6.5%");
    }

    #[test]
    fn names_find_their_terms_in_either_language() {
        assert_eq!(term_of("平均工资增长"), Some("increase"));
        assert_eq!(term_of("企业最低工资"), Some("min_wage"));
        assert_eq!(term_of("企业最低工资（元）"), Some("min_wage"));
        assert_eq!(term_of("延时加班工资比例"), Some("overtime"));
        assert_eq!(term_of("休息日加班工资比例"), Some("overtime_rest"));
        assert_eq!(term_of("Overtime rate, extended hours"), Some("overtime"));
        assert_eq!(term_of("overtime_holiday"), Some("overtime_holiday"));
        assert_eq!(term_of("高温津贴"), None);
        // The very name of a term, not a longer one holding it.
        assert_eq!(exact_term("平均工资增长"), Some("increase"));
        assert_eq!(exact_term("increase"), Some("increase"));
        assert_eq!(exact_term("企业最低工资（元）"), Some("min_wage"));
        assert_eq!(exact_term("平均工资增长6.5%"), None);
        assert_eq!(unit_of("平均工资增长"), Unit::Percent);
        assert_eq!(unit_of("企业最低工资"), Unit::YuanMonth);
        // An allowance is yuan a month a head (costing audit 15: it was text, `300` without 元).
        assert_eq!(unit_of("高温津贴"), Unit::YuanMonth);
        assert_eq!(unit_of("allowance.高温津贴"), Unit::YuanMonth);
        assert_eq!(unit_of("交通补贴"), Unit::YuanMonth);
        assert_eq!(unit_of("劳动合同期限"), Unit::Text);
        assert_eq!(Unit::YuanMonth.normalise("３００"), "300元");
        assert_eq!(Unit::YuanMonth.normalise("每月180元"), "180元");
    }

    /// Regression (audit of #12, 10): `10天` was refused (`不是整数`) though the gap column
    /// shows days as `5天`.
    #[test]
    fn days_take_their_unit_after_the_number() {
        for typed in [
            "10",
            "10天",
            "10 天",
            "１０天",
            "10日",
            "10 days",
            "10days",
            " 10 ",
        ] {
            assert_eq!(Unit::Days.check("value", typed), Ok(Some(10)), "{typed}");
            assert_eq!(Unit::Days.normalise(typed), "10", "{typed}");
        }
        for bad in ["天", "十天", "10周", "days"] {
            let e = Unit::Days.check("value", bad).unwrap_err();
            assert_eq!((e.field.as_str(), e.value.as_str()), ("value", bad));
        }
    }

    #[test]
    fn positions_are_checked_against_the_unit() {
        assert_eq!(Unit::Percent.check("value", "6.5%"), Ok(Some(650)));
        assert_eq!(Unit::YuanMonth.check("value", "2100元"), Ok(Some(210_000)));
        assert!(Unit::YuanMonth.check("value", "✓本人上月标").is_err());
        assert!(Unit::Percent.check("value", "很多").is_err());
        assert_eq!(Unit::Text.check("value", "每月300元"), Ok(None));
        assert_eq!(Unit::parse("unit", "days"), Ok(Unit::Days));
        assert!(Unit::parse("unit", "dozens").is_err());
    }

    /// Issue #12: positions were stored as typed (`6.5`, `６．５％` and `6.5%` were three values).
    #[test]
    fn positions_are_written_the_one_way_their_unit_writes_them() {
        assert_eq!(Unit::Percent.normalise("6.5"), "6.5%");
        assert_eq!(Unit::Percent.normalise("６．５％"), "6.5%");
        assert_eq!(Unit::Percent.normalise(" 6.50 % "), "6.5%");
        assert_eq!(Unit::Percent.normalise("150%"), "150%");
        assert_eq!(Unit::Percent.normalise("-0.5"), "-0.5%");
        assert_eq!(Unit::YuanMonth.normalise("2300"), "2300元");
        assert_eq!(Unit::YuanMonth.normalise("２３００元"), "2300元");
        assert_eq!(Unit::YuanMonth.normalise("¥2,300.50"), "2300.50元");
        assert_eq!(Unit::YuanYear.normalise("36000.00"), "36000元");
        assert_eq!(Unit::Days.normalise(" １５ "), "15");
        assert_eq!(Unit::Days.normalise("015"), "15");
        // Text issues, and what the unit cannot read, keep the typed text.
        assert_eq!(Unit::Text.normalise("每月３００元"), "每月３００元");
        assert_eq!(Unit::Percent.normalise("很多"), "很多");
    }

    #[test]
    fn floors_mark_overtime_and_the_local_minimum_wage() {
        let f = below_floor("延时加班工资比例", Unit::Percent, "120%", None);
        assert_eq!(
            f,
            Some(Floor {
                figure: 15_000,
                rule: "CONTENT-OVERTIME"
            })
        );
        assert_eq!(
            below_floor("延时加班工资比例", Unit::Percent, "150%", None),
            None
        );
        assert_eq!(
            below_floor("法定节假日加班工资比例", Unit::Percent, "200%", None).map(|f| f.figure),
            Some(30_000)
        );
        assert_eq!(
            below_floor("企业最低工资", Unit::YuanMonth, "1900元", Some(198_000)).map(|f| f.rule),
            Some("CONTENT-MIN-WAGE")
        );
        assert_eq!(
            below_floor("企业最低工资", Unit::YuanMonth, "1900元", None),
            None
        );
    }

    #[test]
    fn the_gap_is_in_the_issues_unit() {
        assert_eq!(gap(Unit::Percent, Some("8%"), Some("3%")), Some(500));
        assert_eq!(
            gap(Unit::YuanMonth, Some("2200元"), Some("1910")),
            Some(29_000)
        );
        assert_eq!(gap(Unit::Text, Some("a"), Some("b")), None);
        assert_eq!(gap(Unit::Percent, Some("8%"), None), None);
        assert_eq!(Unit::Percent.show(Lang::ZhCn, 500), "5%");
    }
}

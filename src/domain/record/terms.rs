//! The agreed terms (wage increase, minimum wage, overtime rates, term and dates, allowances …):
//! setting them from `key=value` pairs as typed, parsing each value, and showing them back — as
//! display pairs and as the list of terms that changed between two versions, which the diff puts
//! first. Kept together so that a new term touches one file here — `TERM_KEYS`, `apply_term` and
//! `term_values` — besides its field in `AgreedTerms` and its `term.<key>` label in
//! `locales/common.yml`.

use super::{Change, MAX_COUNT, line, not_before, not_sealed};
use crate::domain::dossier::{AgreedTerms, Dossier};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::values::{
    format_bp, format_fen, parse_count, parse_date, parse_money_fen, parse_percent_bp,
};

/// The keys `terms` understands, for help and error messages.
pub const TERM_KEYS: &[&str] = &[
    "increase",
    "min_wage",
    "overtime",
    "overtime_rest",
    "overtime_holiday",
    "overtime_base",
    "term",
    "start",
    "end",
    "last_avg_wage",
    "staff_covered",
    "pay_day",
    "allowance.<名称>",
];

/// Sets agreed terms from `key=value` pairs, all or nothing.
pub fn set_terms(d: &Dossier, pairs: &[(&str, &str)]) -> Result<Change, Invalid> {
    not_sealed(d)?;
    if pairs.is_empty() {
        return Err(Invalid::new("terms", "", Problem::Empty));
    }
    let mut t = d.terms.clone();
    let mut said = Event::new("terms.set");
    for &(key, value) in pairs {
        apply_term(&mut t, key.trim(), value)?;
        said = said.arg(key.trim(), value.trim());
    }
    if let (Some(s), Some(e)) = (t.start, t.end) {
        not_before("end", e, "start", s)?;
    }
    // Start + term give the end unless the end itself was typed: a new start or term must not
    // leave a stale end behind (RENEWAL and expiry read the end, CONTENT-TERM the term).
    let typed_end = pairs.iter().any(|(k, _)| k.trim() == "end");
    let touched = pairs
        .iter()
        .any(|(k, _)| matches!(k.trim(), "start" | "term"));
    if touched
        && !typed_end
        && let (Some(s), Some(m)) = (t.start, t.term_months)
    {
        t.end = s
            .checked_add_months(chrono::Months::new(m))
            .and_then(|e| e.pred_opt());
    }
    let mut n = d.clone();
    n.terms = t;
    Ok(Change::new(n, said))
}

fn apply_term(t: &mut AgreedTerms, key: &str, value: &str) -> Result<(), Invalid> {
    match key {
        "increase" => t.avg_wage_increase_bp = Some(parse_percent_bp(key, value, true)?),
        "min_wage" => t.min_wage_fen = Some(parse_money_fen(key, value)?),
        "overtime" => t.overtime_extended_bp = Some(parse_rate(key, value)?),
        "overtime_rest" => t.overtime_rest_day_bp = Some(parse_rate(key, value)?),
        "overtime_holiday" => t.overtime_holiday_bp = Some(parse_rate(key, value)?),
        "overtime_base" => t.overtime_base = Some(line(key, value)?),
        "term" => t.term_months = Some(parse_term_months(key, value)?),
        "start" => t.start = Some(parse_date(key, value)?),
        "end" => t.end = Some(parse_date(key, value)?),
        "last_avg_wage" => t.last_year_avg_wage_fen = Some(parse_money_fen(key, value)?),
        "staff_covered" => t.staff_covered = Some(parse_count(key, value, MAX_COUNT)?),
        "pay_day" => {
            // A day of the month is 1 to 31, and every refusal of a number says so (not the
            // counter's 0 to 31 for `32` and 1 to 31 for `0`).
            let day = parse_count(key, value, 31)
                .map_err(|e| match e.problem {
                    Problem::OutOfRange { .. } => {
                        Invalid::new(key, value, Problem::OutOfRange { min: 1, max: 31 })
                    }
                    _ => e,
                })
                .and_then(|day| {
                    if day == 0 {
                        Err(Invalid::new(
                            key,
                            value,
                            Problem::OutOfRange { min: 1, max: 31 },
                        ))
                    } else {
                        Ok(day)
                    }
                })?;
            t.pay_day = Some(day as u8);
        }
        _ => {
            if let Some(name) = key.strip_prefix("allowance.") {
                let name = line(key, name)?;
                t.allowances.insert(name, parse_money_fen(key, value)?);
            } else {
                return Err(Invalid::new(
                    "key",
                    key,
                    Problem::UnknownKey {
                        valid: TERM_KEYS.join(", "),
                    },
                ));
            }
        }
    }
    Ok(())
}

fn parse_rate(key: &str, value: &str) -> Result<u32, Invalid> {
    let bp = parse_percent_bp(key, value, false)?;
    u32::try_from(bp).map_err(|_| Invalid::new(key, value, Problem::NotAPercent))
}

/// `1`, `2y`, `2年` are years; `18m`, `18个月` months. Between 1 month and 10 years is possible
/// (the 1–3 year limit is a rule, judged later).
fn parse_term_months(key: &str, value: &str) -> Result<u32, Invalid> {
    let v = value.trim();
    let (num, months) = if let Some(m) = v.strip_suffix("个月").or_else(|| v.strip_suffix('m')) {
        (m, true)
    } else {
        (
            v.strip_suffix('年')
                .or_else(|| v.strip_suffix('y'))
                .unwrap_or(v),
            false,
        )
    };
    let n = parse_count(key, num, 1200)?;
    let total = if months { n } else { n * 12 };
    if !(1..=120).contains(&total) {
        return Err(Invalid::new(
            key,
            value,
            Problem::OutOfRange { min: 1, max: 120 },
        ));
    }
    Ok(total)
}

/// The agreed terms as display pairs (`平均工资增长`, `6.5%`), keyed for comparison across versions.
/// Allowances are keyed `allowance.<名称>`.
pub fn term_values(t: &AgreedTerms) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut push = |k: &str, s: Option<String>| {
        if let Some(s) = s {
            v.push((k.to_string(), s));
        }
    };
    push(
        "increase",
        t.avg_wage_increase_bp.map(|b| format_bp(i64::from(b))),
    );
    push("min_wage", t.min_wage_fen.map(format_fen));
    push(
        "overtime",
        t.overtime_extended_bp.map(|b| format_bp(i64::from(b))),
    );
    push(
        "overtime_rest",
        t.overtime_rest_day_bp.map(|b| format_bp(i64::from(b))),
    );
    push(
        "overtime_holiday",
        t.overtime_holiday_bp.map(|b| format_bp(i64::from(b))),
    );
    push("overtime_base", t.overtime_base.clone());
    push(
        "term",
        t.term_months.map(|m| {
            if m % 12 == 0 {
                format!("{}y", m / 12)
            } else {
                format!("{m}m")
            }
        }),
    );
    push("start", t.start.map(|d| d.to_string()));
    push("end", t.end.map(|d| d.to_string()));
    push("last_avg_wage", t.last_year_avg_wage_fen.map(format_fen));
    push("staff_covered", t.staff_covered.map(|s| s.to_string()));
    push("pay_day", t.pay_day.map(|s| s.to_string()));
    for (name, fen) in &t.allowances {
        push(&format!("allowance.{name}"), Some(format_fen(*fen)));
    }
    v
}

/// One agreed term that differs between two versions of a dossier (`None`: not set there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermChange {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The agreed terms that changed between two versions — what people argue about first, so the
/// diff lists them above the clause changes. Set, changed and removed terms all count.
pub fn term_changes(old: &AgreedTerms, new: &AgreedTerms) -> Vec<TermChange> {
    let (o, n) = (term_values(old), term_values(new));
    let mut keys: Vec<&String> = o.iter().map(|(k, _)| k).collect();
    for (k, _) in &n {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let get =
        |v: &[(String, String)], k: &str| v.iter().find(|(x, _)| x == k).map(|(_, s)| s.clone());
    keys.into_iter()
        .filter_map(|k| {
            let (ov, nv) = (get(&o, k), get(&n, k));
            (ov != nv).then(|| TermChange {
                key: k.clone(),
                old: ov,
                new: nv,
            })
        })
        .collect()
}

/// A term's value as shown in the user's language: the term `1y` is 1年 / 1 year, `18m` is
/// 18个月 / 18 months; money is 2300元 / ¥2300, an allowance 每月150元 / ¥150 a month, the staff
/// covered 420人 / 420 staff, the pay day 每月15日 / day 15 of each month; other values as recorded.
pub fn term_display(key: &str, value: &str, lang: crate::i18n::Lang) -> String {
    if key == "term" {
        // A bare number is years, as `set_terms` reads it.
        let value = value.trim();
        let years = if value.parse::<u32>().is_ok() {
            format!("{value}y")
        } else {
            value.to_string()
        };
        for (suffix, unit) in [('y', "unit.years"), ('m', "unit.months")] {
            if let Some(n) = years
                .strip_suffix(suffix)
                .filter(|n| n.parse::<u32>().is_ok())
            {
                let unit = if n == "1" {
                    format!("{unit}.one")
                } else {
                    unit.to_string()
                };
                return crate::i18n::trf(lang, &unit, &[("n", n)]);
            }
        }
    }
    // A bare number gets its unit: money in yuan, an allowance a month, staff, the pay day.
    let n = value.trim();
    let number = !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    if number {
        let (unit, arg) = match key {
            "min_wage" | "last_avg_wage" => ("event.unit.yuan", "v"),
            "staff_covered" => ("unit.staff", "n"),
            "pay_day" => ("unit.day_of_month", "n"),
            k if k.starts_with("allowance.") => ("unit.yuan_a_month", "v"),
            _ => return value.to_string(),
        };
        return crate::i18n::trf(lang, unit, &[(arg, n)]);
    }
    value.to_string()
}

/// A term key's name in the user's language (`increase` → 平均工资增长; an allowance is its name).
pub fn term_label(key: &str, lang: crate::i18n::Lang) -> String {
    key.strip_prefix("allowance.").map_or_else(
        || crate::i18n::lookup(lang, &format!("term.{key}")).unwrap_or_else(|| key.to_string()),
        crate::text::sanitize_line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};

    #[test]
    fn term_values_are_shown_with_their_units() {
        use crate::i18n::Lang;
        let zh = |k: &str, v: &str| term_display(k, v, Lang::ZhCn);
        let en = |k: &str, v: &str| term_display(k, v, Lang::En);
        assert_eq!(zh("min_wage", "2300"), "2300元");
        assert_eq!(en("min_wage", "2300"), "¥2300");
        assert_eq!(zh("last_avg_wage", "6850.50"), "6850.50元");
        assert_eq!(en("last_avg_wage", "6850"), "¥6850");
        assert_eq!(zh("staff_covered", "420"), "420人");
        assert_eq!(en("staff_covered", "420"), "420 staff");
        assert_eq!(zh("allowance.高温津贴", "150"), "每月150元");
        assert_eq!(en("allowance.高温津贴", "150"), "¥150 a month");
        assert_eq!(zh("pay_day", "15"), "每月15日");
        assert_eq!(en("pay_day", "15"), "day 15 of each month");
        assert_eq!(zh("increase", "6.5%"), "6.5%");
        assert_eq!(zh("overtime_base", "基本工资"), "基本工资");
    }

    #[test]
    fn terms_are_typed_and_all_or_nothing() {
        let d = dossier();
        let c = set_terms(
            &d,
            &[("increase", "6.5%"), ("min_wage", "2100"), ("term", "4")],
        )
        .unwrap();
        assert_eq!(c.dossier.terms.avg_wage_increase_bp, Some(650));
        assert_eq!(c.dossier.terms.min_wage_fen, Some(210_000));
        assert_eq!(c.dossier.terms.term_months, Some(48)); // breaks CONTENT-TERM, still recorded
        let e = set_terms(&d, &[("increase", "7%"), ("min_wage", "2100.555")]).unwrap_err();
        assert_eq!(e.field, "min_wage");
        assert!(set_terms(&d, &[("bonus", "1")]).is_err());
        assert!(set_terms(&d, &[("overtime", "-5%")]).is_err());
    }

    #[test]
    fn a_new_term_moves_the_end_unless_the_end_is_typed() {
        let d = dossier();
        let d = set_terms(&d, &[("start", "2026-07-01"), ("term", "1")])
            .unwrap()
            .dossier;
        assert_eq!(d.terms.end, Some(day("2027-06-30")));
        let d = set_terms(&d, &[("term", "2")]).unwrap().dossier;
        assert_eq!(d.terms.end, Some(day("2028-06-30")));
        let d = set_terms(&d, &[("term", "3"), ("end", "2028-12-31")])
            .unwrap()
            .dossier;
        assert_eq!(d.terms.end, Some(day("2028-12-31")));
    }
}

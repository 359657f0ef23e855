//! Typed values at the edge: dates, counts, percentages (basis points) and money (fen) parsed from
//! what a person typed, and formatted back. Integer arithmetic only — a wage figure that went
//! through a float is a figure somebody will dispute.

use super::invalid::{Invalid, Problem};
use chrono::NaiveDate;

/// `YYYY-MM-DD`, and the day must exist (2026-02-30 is refused).
pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, Invalid> {
    let t = s.trim();
    let ok = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
    if !ok {
        return Err(Invalid::new(field, s, Problem::NotADate));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Invalid::new(field, s, Problem::NotADate))
}

/// A whole count within `0..=max`.
pub fn parse_count(field: &str, s: &str, max: u32) -> Result<u32, Invalid> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(Invalid::new(
            field,
            s,
            Problem::OutOfRange {
                min: 0,
                max: i64::from(max),
            },
        ));
    }
    let n: u64 = t
        .parse()
        .map_err(|_| Invalid::new(field, s, Problem::NotANumber))?;
    u32::try_from(n).ok().filter(|n| *n <= max).ok_or_else(|| {
        Invalid::new(
            field,
            s,
            Problem::OutOfRange {
                min: 0,
                max: i64::from(max),
            },
        )
    })
}

/// Full-width digits and signs (as typed with a Chinese IME) to their ASCII forms.
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | '．' | '－' | '＋' | '，' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Splits `123.45` into (negative, whole, fraction digits); refuses anything else.
fn decimal_parts(t: &str) -> Option<(bool, &str, &str)> {
    let (neg, rest) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (whole, frac) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits(whole)
        || !digits(frac)
        || (rest.contains('.') && frac.is_empty())
    {
        return None;
    }
    Some((neg, whole, frac))
}

/// Scales a decimal with at most `places` fraction digits to an integer (`6.5`, 2 → 650).
fn scaled(field: &str, s: &str, t: &str, places: u32, bad: &Problem) -> Result<i64, Invalid> {
    let (neg, whole, frac) = decimal_parts(t).ok_or_else(|| Invalid::new(field, s, bad.clone()))?;
    if frac.len() > places as usize {
        return Err(Invalid::new(
            field,
            s,
            Problem::TooManyDecimals { max: places },
        ));
    }
    let too_big = || {
        Invalid::new(
            field,
            s,
            Problem::OutOfRange {
                min: 0,
                max: 1_000_000_000,
            },
        )
    };
    let w: i64 = whole.parse().map_err(|_| too_big())?;
    let mut f: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| too_big())?
    };
    for _ in frac.len()..places as usize {
        f *= 10;
    }
    let v = w
        .checked_mul(10_i64.pow(places))
        .and_then(|v| v.checked_add(f))
        .ok_or_else(too_big)?;
    Ok(if neg { -v } else { v })
}

/// A percentage to basis points: `6.5%` → 650, `6.5` → 650. Full-width `％` is accepted.
/// `allow_negative` is for increases (a cut is a fact to record); rates are never negative.
pub fn parse_percent_bp(field: &str, s: &str, allow_negative: bool) -> Result<i32, Invalid> {
    let t = halfwidth(s);
    let t = t.trim();
    let t = t
        .strip_suffix('%')
        .or_else(|| t.strip_suffix('％'))
        .unwrap_or(t)
        .trim();
    let v = scaled(field, s, t, 2, &Problem::NotAPercent)?;
    if v < 0 && !allow_negative {
        return Err(Invalid::new(field, s, Problem::NotAPercent));
    }
    // ±1000 % is more than any real figure; beyond it the input is a typo.
    if !(-100_000..=100_000).contains(&v) {
        return Err(Invalid::new(
            field,
            s,
            Problem::OutOfRange {
                min: -1000,
                max: 1000,
            },
        ));
    }
    i32::try_from(v).map_err(|_| Invalid::new(field, s, Problem::NotAPercent))
}

/// Yuan to fen: `2100` → 210000, `2100.5` → 210050; three decimals are refused; never negative.
/// `元` / `¥` decorations are accepted.
pub fn parse_money_fen(field: &str, s: &str) -> Result<i64, Invalid> {
    let t = halfwidth(s);
    let t = t.trim();
    let t = t.strip_suffix('元').unwrap_or(t).trim();
    let t = t
        .strip_prefix('¥')
        .or_else(|| t.strip_prefix('￥'))
        .unwrap_or(t)
        .trim();
    let t: String = t.chars().filter(|c| *c != ',').collect();
    let v = scaled(field, s, &t, 2, &Problem::NotMoney)?;
    if v < 0 {
        return Err(Invalid::new(field, s, Problem::NotMoney));
    }
    // 10 million yuan a month: beyond any wage.
    if v > 1_000_000_000 {
        return Err(Invalid::new(
            field,
            s,
            Problem::OutOfRange {
                min: 0,
                max: 10_000_000,
            },
        ));
    }
    Ok(v)
}

/// Basis points as a percentage: 650 → `6.5%`, 15000 → `150%`, -50 → `-0.5%`.
pub fn format_bp(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let a = bp.unsigned_abs();
    let (w, f) = (a / 100, a % 100);
    if f == 0 {
        format!("{sign}{w}%")
    } else if f.is_multiple_of(10) {
        format!("{sign}{w}.{}%", f / 10)
    } else {
        format!("{sign}{w}.{f:02}%")
    }
}

/// Fen as yuan: 210000 → `2100`, 210050 → `2100.50`.
pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    if a.is_multiple_of(100) {
        format!("{sign}{}", a / 100)
    } else {
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// Yuan as [`format_fen`] writes them, with the thousands grouped: `187,005`, `76,337.50`,
/// `-2,500` — for sums of money read by people (costing), not for values typed back in.
pub fn format_fen_grouped(fen: i64) -> String {
    let plain = format_fen(fen);
    let (sign, rest) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |r| ("-", r));
    let (int, cents) = rest
        .split_once('.')
        .map_or((rest, None), |(i, c)| (i, Some(c)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(c) = cents {
        out.push('.');
        out.push_str(c);
    }
    out
}

/// The first number in a free-text position (`8%`, `不低于2100元`, `６．５％`), scaled by 100 so
/// positions across rounds can be charted with integers. `None` when there is no number.
pub fn leading_number_centi(s: &str) -> Option<i64> {
    let norm = halfwidth(s);
    let start = norm.find(|c: char| c.is_ascii_digit())?;
    let rest = &norm[start..];
    let end = rest
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit()
                || (c == '.' && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
        })
        .map_or(rest.len(), |(i, _)| i);
    let num = &rest[..end];
    let (w, f) = num.split_once('.').unwrap_or((num, ""));
    let w: i64 = w.parse().ok()?;
    let f2: String = f.chars().chain("00".chars()).take(2).collect();
    let f: i64 = f2.parse().ok()?;
    let neg = norm[..start].ends_with('-');
    let v = w.checked_mul(100)?.checked_add(f)?;
    Some(if neg { -v } else { v })
}

/// The characters of a unified social credit code (GB 32100-2015), in the order of their
/// values 0 to 30: the digits and the capitals without I, O, S, V and Z.
pub const CREDIT_CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of the first 17 characters: 3^i mod 31.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character of the first 17 characters of a unified social credit code: 31 minus
/// the weighted sum mod 31 (31 written 0), as a character of [`CREDIT_CODE_CHARS`]. `None` when
/// `first17` is not 17 characters of that set.
pub fn credit_code_check(first17: &str) -> Option<char> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in chars.iter().zip(CREDIT_CODE_WEIGHTS) {
        let v = CREDIT_CODE_CHARS.find(*c)?;
        sum += v as u32 * w;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_CHARS.chars().nth(check as usize)
}

/// A unified social credit code as typed (full-width forms folded, spaces around trimmed,
/// lower case raised): 18 characters of [`CREDIT_CODE_CHARS`] whose last is the check
/// character of the others. `field` names the field in the error.
pub fn parse_credit_code(field: &str, s: &str) -> Result<String, Invalid> {
    // Full-width letters and digits as a Chinese IME types them.
    let v: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_ascii_uppercase();
    let chars: Vec<char> = v.chars().collect();
    if chars.len() != 18 || !chars.iter().all(|c| CREDIT_CODE_CHARS.contains(*c)) {
        return Err(Invalid::new(field, s, Problem::BadCreditCode));
    }
    let first17: String = chars[..17].iter().collect();
    match credit_code_check(&first17) {
        Some(expected) if expected == chars[17] => Ok(v),
        Some(expected) => Err(Invalid::new(
            field,
            s,
            Problem::CreditCodeCheck { expected },
        )),
        None => Err(Invalid::new(field, s, Problem::BadCreditCode)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Issue #14 audit: costing printed `187005` and `2244060` ungrouped.
    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(format_fen_grouped(18_700_500), "187,005");
        assert_eq!(format_fen_grouped(224_406_000), "2,244,060");
        assert_eq!(format_fen_grouped(7_633_750), "76,337.50");
        assert_eq!(format_fen_grouped(-2_500_000), "-25,000");
        assert_eq!(format_fen_grouped(99_999), "999.99");
        assert_eq!(format_fen_grouped(100_000), "1,000");
        assert_eq!(format_fen_grouped(0), "0");
        assert_eq!(format_fen_grouped(-5), "-0.05");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(parse_date("date", "2026-02-30").is_err());
        assert!(parse_date("date", "2026-2-3").is_err());
        assert!(parse_date("date", "tomorrow").is_err());
        assert_eq!(
            parse_date("date", "2028-02-29").ok(),
            NaiveDate::from_ymd_opt(2028, 2, 29)
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent_bp("increase", "6.5%", true), Ok(650));
        assert_eq!(parse_percent_bp("increase", "６．５％", true), Ok(650));
        assert_eq!(parse_percent_bp("increase", "12％", true), Ok(1200));
        assert_eq!(parse_percent_bp("increase", "-0.5%", true), Ok(-50));
        assert!(parse_percent_bp("overtime", "-5%", false).is_err());
        assert!(parse_percent_bp("increase", "abc", true).is_err());
        assert!(parse_percent_bp("increase", "6.555%", true).is_err());
        assert!(parse_percent_bp("increase", "5000%", true).is_err());
        assert!(parse_percent_bp("increase", ".5%", true).is_err());
    }

    #[test]
    fn money() {
        assert_eq!(parse_money_fen("min_wage", "2100"), Ok(210_000));
        assert_eq!(parse_money_fen("min_wage", "2100.5"), Ok(210_050));
        assert_eq!(parse_money_fen("min_wage", "¥2,100.05元"), Ok(210_005));
        let e = parse_money_fen("min_wage", "2100.555").err();
        assert_eq!(
            e.map(|e| e.problem),
            Some(Problem::TooManyDecimals { max: 2 })
        );
        assert!(parse_money_fen("min_wage", "-1").is_err());
        assert!(parse_money_fen("min_wage", "99999999999999999999").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("total", "120", 1_000_000), Ok(120));
        assert!(parse_count("total", "-3", 1_000_000).is_err());
        assert!(parse_count("total", "1e9", 1_000_000).is_err());
        assert!(parse_count("total", "2000000", 1_000_000).is_err());
    }

    #[test]
    fn leading_numbers() {
        assert_eq!(leading_number_centi("8%"), Some(800));
        assert_eq!(leading_number_centi("不低于2100元"), Some(210_000));
        assert_eq!(leading_number_centi("６．５％"), Some(650));
        assert_eq!(leading_number_centi("维持现状"), None);
    }

    proptest! {
        #[test]
        fn percent_round_trips(bp in -100_000i32..=100_000) {
            prop_assert_eq!(parse_percent_bp("x", &format_bp(i64::from(bp)), true), Ok(bp));
        }

        #[test]
        fn money_round_trips(fen in 0i64..=1_000_000_000) {
            prop_assert_eq!(parse_money_fen("x", &format_fen(fen)), Ok(fen));
        }

        #[test]
        fn parsers_never_panic(s in any::<String>()) {
            let _ = parse_percent_bp("x", &s, true);
            let _ = parse_money_fen("x", &s);
            let _ = parse_count("x", &s, 100);
            let _ = parse_date("x", &s);
            let _ = leading_number_centi(&s);
        }
    }
}

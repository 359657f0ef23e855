//! Chinese numerals both ways, for 第几条 / 第几章 / （几） labels and for reading references.
//!
//! Owns only the conversion between numbers and their written forms; it must not know about
//! clauses or contracts. Reading is lenient because people paste from Word and WPS: 两, 〇 and
//! 零, the financial forms (壹贰叁…), positional forms (二〇二六) and Arabic digits (half- and
//! full-width) are all accepted. Writing always produces the standard form used in contracts
//! (十一, not 一十一; 一百一十, not 一百十).

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The standard Chinese numeral for `n`: `0 → 零`, `11 → 十一`, `105 → 一百零五`,
/// `1001 → 一千零一`, `20_001 → 二万零一`.
pub fn to_chinese(n: u32) -> String {
    if n == 0 {
        return "零".to_string();
    }
    let mut out = String::new();
    // 亿 and 万 groups each hold a four-digit section; a zero is written where a gap lies
    // between two non-zero parts (一万零五), which is what `section` and `gap` handle.
    let yi = n / 100_000_000;
    let wan = (n / 10_000) % 10_000;
    let low = n % 10_000;
    let mut started = false;
    for (part, unit) in [(yi, "亿"), (wan, "万"), (low, "")] {
        if part == 0 {
            continue;
        }
        if started && part < 1000 {
            out.push('零');
        }
        section(part, &mut out);
        out.push_str(unit);
        started = true;
    }
    // 一十一 is written 十一 when it opens the number (but 一百一十 keeps its 一).
    if n >= 10 && out.starts_with("一十") {
        out.remove(0);
    }
    out
}

/// Writes a number below 10,000 with its units and inner zeros (一千零一, 二百三十).
fn section(n: u32, out: &mut String) {
    let places = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut pending_zero = false;
    let mut written = false;
    for (value, unit) in places {
        let d = (n / value) % 10;
        if d == 0 {
            pending_zero = written;
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(digit_char(d));
        if unit != ' ' {
            out.push(unit);
        }
        written = true;
    }
}

fn digit_char(d: u32) -> char {
    DIGITS.get(d as usize).copied().unwrap_or('零')
}

/// The value of a Chinese digit character (standard, financial or variant form).
fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// The value of an Arabic digit, half- or full-width.
fn arabic_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// True for every character [`from_chinese`] may accept, so scanners can find the extent of a
/// numeral inside running text (`第一百零五条`).
pub fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some() || arabic_value(c).is_some()
}

/// True if `s` is written with Arabic digits (so a rewritten reference keeps that style).
pub fn is_arabic(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| arabic_value(c).is_some())
}

/// Reads a numeral: `十一`, `一百零五`, `两千`, `壹佰贰拾`, `二〇二六`, `5`, `１２`.
/// `None` for anything that is not a well-formed numeral or does not fit a `u32`.
pub fn from_chinese(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| arabic_value(c).is_some()) {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(arabic_value(c)?)
        });
    }
    // Positional form (二〇二六, 一〇五): digits only, no units.
    if s.chars().count() > 1 && s.chars().all(|c| digit_value(c).is_some()) {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(digit_value(c)?)
        });
    }
    // Value = 亿 part + 万 part + the current group below 万.
    let mut yi_part: u32 = 0;
    let mut wan_part: u32 = 0;
    let mut group: u32 = 0;
    let mut digit: Option<u32> = None;
    let mut last_small_unit = u32::MAX; // units inside a group must decrease (千 > 百 > 十)
    let mut last_big_unit = u32::MAX;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            // Two digits in a row are only allowed across a zero (一百零五).
            if digit.is_some_and(|p| p != 0) {
                return None;
            }
            digit = Some(d);
        } else if let Some(u) = unit_value(c) {
            if u >= 10_000 {
                if u >= last_big_unit {
                    return None;
                }
                group = group.checked_add(digit.take().unwrap_or(0))?;
                if u == 10_000 {
                    if group == 0 {
                        return None;
                    }
                    wan_part = group.checked_mul(u)?;
                } else {
                    let sum = yi_part.checked_add(wan_part)?.checked_add(group)?;
                    if sum == 0 {
                        return None;
                    }
                    yi_part = sum.checked_mul(u)?;
                    wan_part = 0;
                }
                group = 0;
                last_big_unit = u;
                last_small_unit = u32::MAX;
            } else {
                if u >= last_small_unit {
                    return None;
                }
                // A bare unit counts one of it: 十 = 10, 十五 = 15.
                let d = match digit.take() {
                    Some(0) => return None,
                    Some(d) => d,
                    None => 1,
                };
                group = group.checked_add(d.checked_mul(u)?)?;
                last_small_unit = u;
            }
        } else {
            return None;
        }
    }
    group = group.checked_add(digit.unwrap_or(0))?;
    yi_part.checked_add(wan_part)?.checked_add(group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn standard_forms() {
        let cases = [
            (1, "一"),
            (2, "二"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (230, "二百三十"),
            (999, "九百九十九"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (9999, "九千九百九十九"),
            (10_000, "一万"),
            (10_005, "一万零五"),
            (20_100, "二万零一百"),
            (100_000_000, "一亿"),
        ];
        for (n, s) in cases {
            assert_eq!(to_chinese(n), s, "{n}");
            assert_eq!(from_chinese(s), Some(n), "{s}");
        }
    }

    #[test]
    fn variants_are_read() {
        assert_eq!(from_chinese("两千"), Some(2000));
        assert_eq!(from_chinese("一十一"), Some(11));
        assert_eq!(from_chinese("一百〇五"), Some(105));
        assert_eq!(from_chinese("壹佰贰拾"), Some(120));
        assert_eq!(from_chinese("二〇二六"), Some(2026));
        assert_eq!(from_chinese("5"), Some(5));
        assert_eq!(from_chinese("１２"), Some(12));
        assert_eq!(from_chinese("零"), Some(0));
    }

    #[test]
    fn garbage_is_rejected() {
        for s in [
            "",
            "条",
            "十十",
            "百十百",
            "一二三十",
            "五a",
            "99999999999",
            "零十",
        ] {
            assert_eq!(from_chinese(s), None, "{s}");
        }
    }

    proptest! {
        #[test]
        fn round_trip(n in 0u32..=u32::MAX) {
            prop_assert_eq!(from_chinese(&to_chinese(n)), Some(n));
        }

        #[test]
        fn round_trip_small(n in 1u32..=9999) {
            let s = to_chinese(n);
            prop_assert!(s.chars().all(is_numeral_char));
            prop_assert_eq!(from_chinese(&s), Some(n));
            prop_assert_eq!(from_chinese(&n.to_string()), Some(n));
        }
    }
}

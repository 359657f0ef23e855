//! Cross-references inside clause text: finding `第N条` and rewriting it when clauses are
//! renumbered.
//!
//! Owns the decision "is this a reference to a clause of *this* contract?" and nothing else.
//! A reference into a law — after a `《…》` title, after a law name ending in 法 / 规定 / 办法 /
//! 条例 / 细则, or chained to such a reference by 至 / 、 / 和 (`《劳动法》第四十条至第四十二条`) —
//! is never internal and never rewritten. `前款`, `本条` and `第二款` name no clause number and are
//! left alone. It must not decide *how* numbers change: callers pass the mapping. It also names
//! the references that point past the contract's last clause, which the text alone proves wrong.

use std::ops::Range;

use super::model::Contract;
use super::numerals::{from_chinese, is_arabic, is_numeral_char, to_chinese};
use super::render::clause_body;

/// One `第N条` in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseRef {
    /// Byte range of the whole `第N条` in the text.
    pub range: Range<usize>,
    /// Byte range of the numeral `N` alone.
    pub numeral: Range<usize>,
    pub number: u32,
    /// A reference into a law or regulation, not into this contract.
    pub law: bool,
}

/// What became of a referenced clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Still there, now numbered so.
    To(u32),
    /// Removed from the contract: the reference dangles.
    Deleted,
    /// Not a clause this operation knows about (a number that never existed): left as written.
    Unknown,
}

/// A reference whose clause is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// The reference as written, e.g. `第五条`.
    pub text: String,
    /// The number it pointed at.
    pub target: u32,
}

/// Connectors that continue a list or range of references (`第三条至第五条`, `第三条、第五条`).
const CONNECTORS: [&str; 11] = [
    "至", "、", "和", "及", "或", "到", "与", "-", "—", "～", "~",
];
/// Endings of a law's name: a `第N条` right after one of these belongs to that law.
const LAW_ENDINGS: [&str; 7] = ["》", "法", "规定", "办法", "条例", "细则", "〉"];

/// Every `第N条` in `text`, in order, internal or not.
pub fn find_refs(text: &str) -> Vec<ClauseRef> {
    let mut out: Vec<ClauseRef> = Vec::new();
    // `match_indices` on a char uses a fast byte search; most of a clause is not `第`.
    for (start, _) in text.match_indices('第') {
        let num_start = start + '第'.len_utf8();
        let Some(tail) = text.get(num_start..) else {
            continue;
        };
        let num_len = tail
            .char_indices()
            .find(|&(_, c)| !is_numeral_char(c))
            .map_or(tail.len(), |(i, _)| i);
        let Some(after) = tail.get(num_len..) else {
            continue;
        };
        if num_len == 0 || !after.starts_with('条') {
            continue;
        }
        let Some(number) = tail.get(..num_len).and_then(from_chinese) else {
            continue;
        };
        let end = num_start + num_len + '条'.len_utf8();
        let before = text.get(..start).unwrap_or("");
        let law = match out.last() {
            Some(prev) if chained(text.get(prev.range.end..start).unwrap_or("")) => prev.law,
            _ => follows_law_name(before),
        };
        out.push(ClauseRef {
            range: start..end,
            numeral: num_start..num_start + num_len,
            number,
            law,
        });
    }
    out
}

/// The references of a whole contract that name a clause it does not have: for each, the
/// number of the clause writing it and the reference as written. A fragment ([`Contract::start`])
/// gives none: its references may name clauses outside it.
pub fn unknown_targets(c: &Contract) -> Vec<(usize, String)> {
    if c.start.is_some() {
        return Vec::new();
    }
    let count = c.clauses().count();
    let mut out = Vec::new();
    for (n, _, clause) in c.clauses() {
        let body = clause_body(clause);
        for r in internal_refs(&body) {
            if r.number == 0 || r.number as usize > count {
                out.push((n, body.get(r.range).unwrap_or("").to_string()));
            }
        }
    }
    out
}

/// Only the references into this contract.
pub fn internal_refs(text: &str) -> Vec<ClauseRef> {
    find_refs(text).into_iter().filter(|r| !r.law).collect()
}

fn follows_law_name(before: &str) -> bool {
    let b = before.trim_end();
    LAW_ENDINGS.iter().any(|e| b.ends_with(e))
}

/// True if the text between two references continues the first one's list or range: a
/// connector, possibly after 款/项 qualifiers of the first (`第五条第二款、第六条`).
fn chained(gap: &str) -> bool {
    let mut g = gap.trim();
    // Drop qualifiers such as 第二款, 第（三）项 that belong to the previous reference.
    while let Some(rest) = g.strip_prefix('第') {
        let Some(end) = rest.find(['款', '项']) else {
            break;
        };
        if rest.get(..end).is_none_or(|q| q.chars().count() > 6) {
            break;
        }
        g = rest.get(end + '款'.len_utf8()..).unwrap_or("").trim();
    }
    CONNECTORS.contains(&g)
}

/// Rewrites every internal reference by `fate`; law references are untouched. References to
/// deleted clauses stay as written and are returned, so nothing dangles silently.
pub fn rewrite(text: &str, fate: impl Fn(u32) -> Fate) -> (String, Vec<Dangling>) {
    rewrite_each(text, |_, n| fate(n))
}

/// [`rewrite`] deciding per reference: `fate` is given the reference's index among the text's
/// internal references (in order) and its number, so two references written with the same
/// number can fare differently (one followed its clause, the other was left stale).
pub fn rewrite_each(text: &str, fate: impl Fn(usize, u32) -> Fate) -> (String, Vec<Dangling>) {
    let mut out = String::with_capacity(text.len());
    let mut dangling = Vec::new();
    let mut pos = 0;
    for (k, r) in internal_refs(text).into_iter().enumerate() {
        match fate(k, r.number) {
            Fate::To(n) if n != r.number => {
                out.push_str(text.get(pos..r.numeral.start).unwrap_or(""));
                let written = text.get(r.numeral.clone()).unwrap_or("");
                if is_arabic(written) {
                    out.push_str(&n.to_string());
                } else {
                    out.push_str(&to_chinese(n));
                }
                pos = r.numeral.end;
            }
            Fate::Deleted => dangling.push(Dangling {
                text: text.get(r.range.clone()).unwrap_or("").to_string(),
                target: r.number,
            }),
            Fate::To(_) | Fate::Unknown => {}
        }
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    (out, dangling)
}

/// The text with every internal reference's number blanked (`第#条`), so two versions that only
/// differ by renumbered references compare equal before the diff knows the renumbering.
pub fn blind(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in internal_refs(text) {
        out.push_str(text.get(pos..r.numeral.start).unwrap_or(""));
        out.push('#');
        pos = r.numeral.end;
    }
    out.push_str(text.get(pos..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(text: &str) -> Vec<u32> {
        internal_refs(text).iter().map(|r| r.number).collect()
    }

    #[test]
    fn internal_and_law_references() {
        assert_eq!(internal("依照本合同第五条执行"), vec![5]);
        assert_eq!(internal("第三条至第五条"), vec![3, 5]);
        assert_eq!(internal("第三条、第五条"), vec![3, 5]);
        assert_eq!(internal("第五条第二款"), vec![5]);
        assert_eq!(internal("第五条第（三）项"), vec![5]);
        assert_eq!(internal("第5条"), vec![5]);
        assert_eq!(internal("前款、本条"), Vec::<u32>::new());
        assert_eq!(internal("《劳动法》第四十四条"), Vec::<u32>::new());
        assert_eq!(internal("劳动合同法第五十一条"), Vec::<u32>::new());
        assert_eq!(internal("《集体合同规定》第三十六条"), Vec::<u32>::new());
        assert_eq!(
            internal("《劳动法》第四十条至第四十二条"),
            Vec::<u32>::new()
        );
        assert_eq!(
            internal("《工资支付暂行规定》第十八条第二款、第十九条"),
            Vec::<u32>::new()
        );
        assert_eq!(
            internal("依据《劳动法》第四十四条，本合同第六条、第七条"),
            vec![6, 7]
        );
    }

    #[test]
    fn rewrite_keeps_style_and_reports_deleted() {
        let fate = |n| match n {
            5 => Fate::To(6),
            3 => Fate::Deleted,
            _ => Fate::Unknown,
        };
        let (t, d) = rewrite("见第5条及第五条第二款，《劳动法》第五条，第三条", fate);
        assert_eq!(t, "见第6条及第六条第二款，《劳动法》第五条，第三条");
        assert_eq!(
            d,
            vec![Dangling {
                text: "第三条".into(),
                target: 3
            }]
        );
        assert_eq!(
            blind("本合同第五条与《劳动法》第五条"),
            "本合同第#条与《劳动法》第五条"
        );
    }
}

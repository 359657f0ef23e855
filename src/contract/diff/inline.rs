//! The change inside one modified clause. Owns the tokeniser — numbers and Latin words whole,
//! CJK and punctuation one character each, so `8` → `6.5` reads as one replaced figure instead
//! of scattered digits — and the token diff merged into runs of equal, deleted and inserted
//! text. It compares two strings it is given; which clauses to compare is decided elsewhere.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::types::{InlineOp, Op};

/// Splits text for the inline diff: numbers whole (`6.5`, `2,100`, `１２`), Latin words whole,
/// everything else (CJK, punctuation) one character per token.
pub fn tokenize(text: &str) -> Vec<&str> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        let mut end = start + c.len_utf8();
        if is_digit(c) {
            while let Some(&(i, d)) = iter.peek() {
                let next_is_digit = text
                    .get(i + d.len_utf8()..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(is_digit);
                if is_digit(d)
                    || (matches!(d, '.' | ',' | '．' | '，') && next_is_digit && d != '，')
                {
                    end = i + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        } else if c.is_ascii_alphabetic() {
            while let Some(&(i, d)) = iter.peek() {
                if d.is_ascii_alphabetic() {
                    end = i + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
        }
        if let Some(tok) = text.get(start..end) {
            out.push(tok);
        }
    }
    out
}

/// Inline ops from `old` to `new`, adjacent changes merged: between two equal runs all deleted
/// text comes first, then all inserted text.
pub fn inline_diff(old: &str, new: &str) -> Vec<InlineOp> {
    let a = tokenize(old);
    let b = tokenize(new);
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let join = |toks: &[&str], r: std::ops::Range<usize>| -> String {
        toks.get(r).map(<[&str]>::concat).unwrap_or_default()
    };
    let mut out: Vec<InlineOp> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<InlineOp>, del: &mut String, ins: &mut String| {
        for (op, text) in [(Op::Delete, del), (Op::Insert, ins)] {
            if !text.is_empty() {
                out.push(InlineOp {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {
                flush(&mut out, &mut del, &mut ins);
                let text = join(&a, op.old_range());
                match out.last_mut() {
                    Some(last) if last.op == Op::Equal => last.text.push_str(&text),
                    _ => out.push(InlineOp {
                        op: Op::Equal,
                        text,
                    }),
                }
            }
            DiffOp::Delete { .. } => del.push_str(&join(&a, op.old_range())),
            DiffOp::Insert { .. } => ins.push_str(&join(&b, op.new_range())),
            DiffOp::Replace { .. } => {
                del.push_str(&join(&a, op.old_range()));
                ins.push_str(&join(&b, op.new_range()));
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(
            tokenize("增长8%，即6.5元"),
            vec!["增", "长", "8", "%", "，", "即", "6.5", "元"]
        );
        let ops = inline_diff("工资增长8%。", "工资增长6.5%。");
        assert_eq!(
            ops,
            vec![
                InlineOp {
                    op: Op::Equal,
                    text: "工资增长".into()
                },
                InlineOp {
                    op: Op::Delete,
                    text: "8".into()
                },
                InlineOp {
                    op: Op::Insert,
                    text: "6.5".into()
                },
                InlineOp {
                    op: Op::Equal,
                    text: "%。".into()
                },
            ]
        );
    }
}

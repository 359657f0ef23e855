//! The diff of front and back matter: the lines around the clauses (parties block, preamble,
//! signature block, date, attachments) compared line by line, so filling in `员工人数：____人`
//! or the signing date is reported where it happened and never as a clause change.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::inline::inline_diff;
use super::normalize;
use super::types::{Change, LineChange};

/// The changed lines between `old` and `new`: replaced runs pair up line by line as
/// `modified`, what is left over is `inserted` or `deleted`. Equal up to width folding is equal.
pub(super) fn line_changes(old: &[String], new: &[String]) -> Vec<LineChange> {
    let a: Vec<String> = old.iter().map(|l| normalize(l)).collect();
    let b: Vec<String> = new.iter().map(|l| normalize(l)).collect();
    let mut out = Vec::new();
    let line = |v: &[String], i: usize| v.get(i).cloned();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend((old_index..old_index + old_len).map(|i| LineChange {
                change: Change::Deleted,
                old: line(old, i),
                new: None,
                inline: Vec::new(),
            })),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend((new_index..new_index + new_len).map(|j| LineChange {
                change: Change::Inserted,
                old: None,
                new: line(new, j),
                inline: Vec::new(),
            })),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                for k in 0..old_len.max(new_len) {
                    let (o, n) = (
                        (k < old_len).then(|| line(old, old_index + k)).flatten(),
                        (k < new_len).then(|| line(new, new_index + k)).flatten(),
                    );
                    let (change, inline) = match (&o, &n) {
                        (Some(x), Some(y)) => (Change::Modified, inline_diff(x, y)),
                        (Some(_), None) => (Change::Deleted, Vec::new()),
                        _ => (Change::Inserted, Vec::new()),
                    };
                    out.push(LineChange {
                        change,
                        old: o,
                        new: n,
                        inline,
                    });
                }
            }
        }
    }
    out
}

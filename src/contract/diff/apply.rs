//! Replaying a diff: rebuilds the new version from the old one and the diff alone, taking from
//! the new version only what the diff cannot carry (titles, preamble, inserted clauses). It is
//! the check that the diff reports every change — the property tests hold `apply(old, diff(old,
//! new), new) == new` — and so it must never consult the new text of a clause the diff claims
//! to describe.

use std::collections::HashMap;

use super::types::{Change, ContractDiff, Op};
use crate::contract::model::{Chapter, Clause, Contract};
use crate::contract::numerals::from_chinese;
use crate::contract::parse::clause_from_body;
use crate::contract::refs::{Fate, rewrite_each};
use crate::contract::render::clause_body;

/// Why [`apply`] could not rebuild the new version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("entry for new clause {0} does not fit the old contract")]
    Mismatch(usize),
    #[error("new clause {0} is missing from the diff")]
    Missing(usize),
}

/// Rebuilds NEW from OLD and the diff — the proof that the diff reports every change. From
/// `new` only the title, preamble, chapter titles and the bodies of clauses reported `inserted`
/// are taken; every other clause is OLD's text with references renumbered by the diff's own
/// old → new mapping and, for `modified`, its inline ops applied (checked against OLD first).
/// Clauses land in the chapter their `chapter` label names. Equality holds up to width
/// folding (`８` vs `8`), which the diff deliberately treats as no change.
pub fn apply(old: &Contract, d: &ContractDiff, new: &Contract) -> Result<Contract, ApplyError> {
    let old_clauses: Vec<&Clause> = old.clauses().map(|(_, _, c)| c).collect();
    let map: HashMap<usize, usize> = d
        .clauses
        .iter()
        .filter_map(|c| Some((c.old_no?, c.new_no?)))
        .collect();
    let old_count = old_clauses.len();
    let (old_off, new_off) = (old.offset(), new.offset());
    let fate = |r: u32| {
        let Some(r) = (r as usize).checked_sub(old_off) else {
            return Fate::Unknown;
        };
        match map.get(&r) {
            Some(&n) => Fate::To(u32::try_from(n + new_off).unwrap_or(u32::MAX)),
            None if (1..=old_count).contains(&r) => Fate::Deleted,
            None => Fate::Unknown,
        }
    };
    let mut out = Contract {
        title: new.title.clone(),
        preamble: new.preamble.clone(),
        chapters: new
            .chapters
            .iter()
            .map(|c| Chapter {
                title: c.title.clone(),
                clauses: Vec::new(),
                section: c.section,
            })
            .collect(),
        back: new.back.clone(),
        start: new.start,
    };
    if out.chapters.is_empty() {
        out.chapters.push(Chapter::default());
    }
    let mut placed: Vec<(usize, usize, Clause)> = Vec::new();
    for c in &d.clauses {
        let Some(n) = c.new_no else { continue };
        let clause = if c.change == Change::Inserted {
            new.clause(n).ok_or(ApplyError::Missing(n))?.clone()
        } else {
            let o = c
                .old_no
                .and_then(|o| old_clauses.get(o.wrapping_sub(1)))
                .ok_or(ApplyError::Mismatch(n))?;
            let body = clause_body(o);
            // References the diff reports stale stay as written.
            let (remapped, _) = rewrite_each(&body, |k, r| {
                match c.stale_refs.iter().find(|s| s.index == k) {
                    Some(s) => Fate::To(s.target),
                    None => fate(r),
                }
            });
            if c.change == Change::Modified {
                let from: String = c
                    .inline
                    .iter()
                    .filter(|op| op.op != Op::Insert)
                    .map(|op| op.text.as_str())
                    .collect();
                if from != remapped {
                    return Err(ApplyError::Mismatch(n));
                }
                let to: String = c
                    .inline
                    .iter()
                    .filter(|op| op.op != Op::Delete)
                    .map(|op| op.text.as_str())
                    .collect();
                clause_from_body(&to)
            } else if remapped == body {
                (*o).clone()
            } else {
                clause_from_body(&remapped)
            }
        };
        let chapter = c.chapter.as_deref().and_then(chapter_number).unwrap_or(1);
        placed.push((n, chapter, clause));
    }
    placed.sort_by_key(|(n, _, _)| *n);
    for (i, (n, chapter, clause)) in placed.into_iter().enumerate() {
        if n != i + 1 {
            return Err(ApplyError::Missing(i + 1));
        }
        let slot = out
            .chapters
            .get_mut(chapter.saturating_sub(1))
            .ok_or(ApplyError::Mismatch(n))?;
        slot.clauses.push(clause);
    }
    Ok(out)
}

/// `第二章 工资水平` → 2; a section's `五、保险、福利` → 5.
fn chapter_number(label: &str) -> Option<usize> {
    if let Some(rest) = label.strip_prefix('第')
        && let Some((num, _)) = rest.split_once('章')
    {
        return from_chinese(num).map(|n| n as usize);
    }
    let (num, _) = label.split_once('、')?;
    from_chinese(num).map(|n| n as usize)
}

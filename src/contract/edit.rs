//! Structural edits with renumbering: insert, delete, move and replace clauses.
//!
//! Owns the bookkeeping that keeps every internal cross-reference pointing at the same clause
//! when numbers shift: each clause carries its old number through the operation, the old → new
//! mapping is built from that, and [`super::refs::rewrite`] applies it. A reference to a deleted
//! clause is reported in [`EditOutcome::dangling`], never silently left behind. Text handed in
//! is sanitised and read like a clause body (`parse::parse_clause_body`); its references are
//! taken as written, in the numbering of the contract *after* the edit. Pure: returns a new
//! contract, never mutates the input.

use std::collections::HashMap;

use super::model::{Clause, Contract};
use super::parse::parse_clause_body;
use super::refs::{Fate, rewrite};
use crate::contract::model::Block;
use crate::i18n::{Lang, trf};

/// Where a clause goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Right after clause `m` (numbered as before the edit), in `m`'s chapter; `After(0)` is
    /// the very front of the contract.
    After(usize),
    /// First clause of chapter `k` (1-based) — also the way into an empty chapter.
    StartOfChapter(usize),
}

/// A reference left pointing at a clause that no longer exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingRef {
    /// The clause (numbered after the edit) whose text holds the reference.
    pub in_clause: usize,
    /// The reference as written, e.g. `第五条`.
    pub text: String,
    /// The number of the deleted clause it pointed at (numbered before the edit).
    pub target: usize,
}

/// The edited contract and what the edit left dangling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditOutcome {
    pub contract: Contract,
    pub dangling: Vec<DanglingRef>,
}

/// Why an edit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no clause {n} (the contract has {count})")]
    NoSuchClause { n: usize, count: usize },
    #[error("there is no chapter {n} (the contract has {count})")]
    NoSuchChapter { n: usize, count: usize },
    #[error("the clause text is empty")]
    EmptyText,
    /// The text holds a line that reads as a clause or chapter heading of its own: saved, it
    /// would split the clause and shift every later number while references kept the old ones.
    #[error("the text holds a heading of its own: {line}")]
    Structure { line: String },
}

impl EditError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EditError::NoSuchClause { n, count } => trf(
                lang,
                "contract.edit.no_such_clause",
                &[("n", &n.to_string()), ("count", &count.to_string())],
            ),
            EditError::NoSuchChapter { n, count } => trf(
                lang,
                "contract.edit.no_such_chapter",
                &[("n", &n.to_string()), ("count", &count.to_string())],
            ),
            EditError::EmptyText => trf(lang, "contract.edit.empty_text", &[]),
            EditError::Structure { line } => trf(
                lang,
                "contract.edit.structure",
                &[("line", &crate::text::sanitize_line(line))],
            ),
        }
    }
}

/// A clause on its way through an edit: the old number it had, `None` if it is new.
type Layout = Vec<Vec<(Clause, Option<usize>)>>;

fn layout(c: &Contract) -> Layout {
    let mut n = 0;
    c.chapters
        .iter()
        .map(|ch| {
            ch.clauses
                .iter()
                .map(|cl| {
                    n += 1;
                    (cl.clone(), Some(n))
                })
                .collect()
        })
        .collect()
}

fn check_clause(c: &Contract, n: usize) -> Result<(), EditError> {
    let count = c.clause_count();
    if n == 0 || n > count {
        return Err(EditError::NoSuchClause { n, count });
    }
    Ok(())
}

fn clause_from_text(text: &str) -> Result<Clause, EditError> {
    let clause = parse_clause_body(text);
    if clause.blocks.is_empty() {
        return Err(EditError::EmptyText);
    }
    Ok(clause)
}

/// Where `place` is in `lay`: (chapter index, index within chapter).
fn locate(c: &Contract, lay: &Layout, place: Place) -> Result<(usize, usize), EditError> {
    match place {
        Place::After(0) => Ok((0, 0)),
        Place::After(m) => {
            check_clause(c, m)?;
            lay.iter()
                .enumerate()
                .find_map(|(ci, ch)| {
                    ch.iter()
                        .position(|(_, old)| *old == Some(m))
                        .map(|i| (ci, i + 1))
                })
                .ok_or(EditError::NoSuchClause {
                    n: m,
                    count: c.clause_count(),
                })
        }
        Place::StartOfChapter(k) => {
            if k == 0 || k > lay.len() {
                return Err(EditError::NoSuchChapter {
                    n: k,
                    count: lay.len(),
                });
            }
            Ok((k - 1, 0))
        }
    }
}

fn remove(lay: &mut Layout, n: usize) -> Option<Clause> {
    for ch in lay.iter_mut() {
        if let Some(i) = ch.iter().position(|(_, old)| *old == Some(n)) {
            return Some(ch.remove(i).0);
        }
    }
    None
}

/// Numbers the layout, rewrites references in every pre-existing clause by the old → new
/// mapping, and collects the references that now dangle.
fn finish(c: &Contract, lay: Layout) -> EditOutcome {
    let old_count = c.clause_count();
    let mut map: HashMap<usize, usize> = HashMap::new();
    let mut n = 0;
    for (_, old) in lay.iter().flatten() {
        n += 1;
        if let Some(o) = old {
            map.insert(*o, n);
        }
    }
    // A fragment's references are written in its printed numbers (第十八条 is position 3 of a
    // part that starts at 第十六条).
    let offset = c.offset();
    let fate = |r: u32| {
        let Some(r) = (r as usize).checked_sub(offset) else {
            return Fate::Unknown;
        };
        match map.get(&r) {
            Some(&to) => Fate::To(u32::try_from(to + offset).unwrap_or(u32::MAX)),
            None if (1..=old_count).contains(&r) => Fate::Deleted,
            None => Fate::Unknown,
        }
    };
    let mut dangling = Vec::new();
    let mut contract = c.clone();
    let mut n = 0;
    for (chapter, clauses) in contract.chapters.iter_mut().zip(lay) {
        chapter.clauses = clauses
            .into_iter()
            .map(|(mut clause, old)| {
                n += 1;
                if old.is_some() {
                    for block in &mut clause.blocks {
                        let (Block::Paragraph(t) | Block::Item(t)) = block;
                        let (new_text, gone) = rewrite(t, fate);
                        *t = new_text;
                        dangling.extend(gone.into_iter().map(|d| DanglingRef {
                            in_clause: n,
                            text: d.text,
                            target: d.target as usize,
                        }));
                    }
                }
                clause
            })
            .collect();
    }
    EditOutcome { contract, dangling }
}

/// Refuses clause text that would not come back as the same structure: the canonical parser is
/// line-based, so a line in the text that reads as `第九十九条 …` or `第三章 …` would become a
/// clause or chapter of its own once saved. Structure changes only through insert and move.
fn same_structure(edited: &Contract, chapters: usize, clauses: usize) -> Result<(), EditError> {
    let text = super::render::render(edited);
    let reparsed = super::parse::parse(&text).ok();
    let same = reparsed
        .as_ref()
        .is_some_and(|r| r.chapters.len() == chapters && r.clause_count() == clauses);
    if same {
        return Ok(());
    }
    // Name the offending line: the first rendered line the original structure does not have —
    // a clause's, or else a new chapter's heading as it stands in the text.
    let line = reparsed
        .and_then(|r| {
            let before: Vec<String> = edited.clauses().map(|(_, _, cl)| first_line(cl)).collect();
            // As typed, with its `第N条` label, when the text has it on a line of its own.
            let clause = r
                .clauses()
                .map(|(_, _, cl)| first_line(cl))
                .find(|l| !before.contains(l))
                .map(|b| {
                    text.lines()
                        .map(str::trim)
                        .find(|l| {
                            l.starts_with('第') && l.ends_with(b.as_str()) && l.len() > b.len()
                        })
                        .map_or(b.clone(), |l| l.chars().take(40).collect())
                });
            clause.or_else(|| {
                let titles: Vec<&Option<String>> =
                    edited.chapters.iter().map(|c| &c.title).collect();
                let (i, ch) = r
                    .chapters
                    .iter()
                    .enumerate()
                    .find(|(_, c)| !titles.contains(&&c.title))?;
                let typed = text.lines().map(str::trim).find(|l| {
                    l.starts_with('第')
                        && match ch.title.as_deref() {
                            Some(t) => l.ends_with(t),
                            None => l.ends_with('章') && l.chars().count() <= 8,
                        }
                });
                typed
                    .map(|l| l.chars().take(40).collect())
                    .or_else(|| super::render::chapter_heading(&r, i + 1))
            })
        })
        .unwrap_or_default();
    Err(EditError::Structure { line })
}

fn first_line(cl: &Clause) -> String {
    super::render::clause_body(cl)
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect()
}

/// Inserts a new clause at `place`; later clauses are renumbered and references follow them.
pub fn insert_clause(c: &Contract, place: Place, text: &str) -> Result<EditOutcome, EditError> {
    let outcome = insert_unchecked(c, place, text)?;
    same_structure(
        &outcome.contract,
        c.chapters.len().max(1),
        c.clause_count() + 1,
    )?;
    Ok(outcome)
}

fn insert_unchecked(c: &Contract, place: Place, text: &str) -> Result<EditOutcome, EditError> {
    let clause = clause_from_text(text)?;
    let mut lay = layout(c);
    if lay.is_empty() {
        lay.push(Vec::new());
    }
    let (ci, i) = locate(c, &lay, place)?;
    if let Some(ch) = lay.get_mut(ci) {
        ch.insert(i.min(ch.len()), (clause, None));
    }
    let mut base = c.clone();
    if base.chapters.is_empty() {
        base.chapters.push(super::model::Chapter::default());
    }
    Ok(finish(&base, lay))
}

/// Deletes clause `n`; later clauses are renumbered, references to `n` are reported dangling.
pub fn delete_clause(c: &Contract, n: usize) -> Result<EditOutcome, EditError> {
    check_clause(c, n)?;
    let mut lay = layout(c);
    remove(&mut lay, n);
    Ok(finish(c, lay))
}

/// Moves clause `n` to `place` (numbers in `place` are those before the move; `After(n)` leaves
/// it where it is). Moving after the last clause of another chapter, or to the start of a
/// chapter, moves it into that chapter.
pub fn move_clause(c: &Contract, n: usize, place: Place) -> Result<EditOutcome, EditError> {
    check_clause(c, n)?;
    if place == Place::After(n) {
        return Ok(finish(c, layout(c)));
    }
    let mut lay = layout(c);
    let Some(clause) = remove(&mut lay, n) else {
        return Err(EditError::NoSuchClause {
            n,
            count: c.clause_count(),
        });
    };
    let (ci, i) = locate(c, &lay, place)?;
    if let Some(ch) = lay.get_mut(ci) {
        ch.insert(i.min(ch.len()), (clause, Some(n)));
    }
    Ok(finish(c, lay))
}

/// Replaces the text of clause `n`. Numbers do not change, so no other clause is touched.
pub fn edit_clause(c: &Contract, n: usize, text: &str) -> Result<EditOutcome, EditError> {
    check_clause(c, n)?;
    let clause = clause_from_text(text)?;
    let mut contract = c.clone();
    if let Some(slot) = contract
        .chapters
        .iter_mut()
        .flat_map(|ch| ch.clauses.iter_mut())
        .nth(n - 1)
    {
        *slot = clause;
    }
    same_structure(&contract, c.chapters.len(), c.clause_count())?;
    Ok(EditOutcome {
        contract,
        dangling: Vec::new(),
    })
}

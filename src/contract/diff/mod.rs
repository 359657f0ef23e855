//! The clause-aware diff between two versions of a contract.
//!
//! Owns matching clauses across versions and classifying each one. Identity comes from content,
//! never from numbers or hidden ids, so any two texts (a Word import included) can be compared:
//!
//! 1. exact matches on a normalised key — full-width and half-width forms of the same ASCII
//!    character and U+3000 are equal, whitespace runs collapse, and internal cross-references
//!    are blinded (`第#条`) so renumbering alone cannot break a match;
//! 2. among what is left, candidates share character bigrams (an inverted index, very common
//!    bigrams skipped), and only the best few candidates per clause get the real similarity
//!    ratio — so work stays close to linear even for 2,000 clauses, never n² full diffs;
//! 3. the old → new numbering from those matches rewrites old references; a matched pair whose
//!    texts still differ is `modified`, otherwise `moved` (outside the longest increasing run of
//!    matches, or into another chapter), `renumbered` or `unchanged`.
//!
//! Inline changes inside a modified clause are computed on tokens that keep numbers whole
//! (`8` → `6.5`) and split CJK per character. Pure: no I/O, no clock (hence no diff deadline).
//! It must not present anything: the result is data (serialised as-is for `--json`), and the
//! terminal listing lives with the CLI in `cli::diff_text`, the TUI's view in `ui::diff`.
//!
//! This file holds the orchestration — [`diff`] turning matches into per-clause entries, the
//! chapter and title changes, and [`normalize`], which every step compares through. The parts:
//! `types.rs` (the serialised result), `matching.rs` (which clause is which), `inline.rs` (the
//! change inside one clause) and `apply.rs` (rebuilding the new version, the diff's proof).

mod apply;
mod inline;
mod matching;
mod matter;
mod types;

use std::collections::{HashMap, HashSet};

use super::model::{Chapter, Contract};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::refs::{ClauseRef, Fate, internal_refs, rewrite_each};
use super::render::{chapter_heading, clause_label};
use matching::{Side, is, key_of, lis, match_clauses, set, sides};

pub use apply::{ApplyError, apply};
pub use inline::{inline_diff, tokenize};
pub use types::{
    Change, ChapterChange, ClauseDiff, ContractDiff, InlineOp, LineChange, Op, StaleRef, Summary,
    TitleChange,
};

/// Width-folding for comparison: U+FF01–U+FF5E become their ASCII forms, U+3000 a space, runs
/// of whitespace one space, ends trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn chapter_of(c: &Contract, ci: usize) -> Option<String> {
    chapter_heading(c, ci + 1)
}

fn chapter_title(ch: Option<&Chapter>) -> Option<&str> {
    ch.and_then(|c| c.title.as_deref())
}

/// Compares two versions clause by clause. See the module documentation.
pub fn diff(old: &Contract, new: &Contract) -> ContractDiff {
    diff_with(old, new, &[])
}

/// [`diff`], told by the history which old clauses (by printed number: a position, shifted for a
/// fragment) a recorded edit moved:
/// when a move can be read either way (第十三条 up one place is also 第十二条 down one), the
/// clause the edit moved is the one reported `moved`. A hint the texts contradict is ignored.
pub fn diff_with(old: &Contract, new: &Contract, moved: &[usize]) -> ContractDiff {
    diff_following(old, new, moved, None).0
}

/// What each internal reference of one version was written to name: per clause (by position),
/// per reference (in order), the printed number of the clause it meant in that version, or
/// `None` when that clause has since been deleted. A reference nobody has renumbered or
/// rewritten keeps meaning what it meant when it was written, however many versions later.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intents(Vec<Vec<Option<u32>>>);

/// [`diff_with`], carrying the references' meaning through history: `prior` is what the old
/// version's references meant (from the diff that produced it); without it, every reference
/// means the clause it names. Returns the diff and what the new version's references mean, for
/// the next diff. So a reference left stale by a renumbering stays stale, through any number of
/// unrelated edits, until its own number is changed.
pub fn diff_following(
    old: &Contract,
    new: &Contract,
    moved: &[usize],
    prior: Option<&Intents>,
) -> (ContractDiff, Intents) {
    let os = sides(old);
    let ns = sides(new);
    let mut pairs = match_clauses(&os, &ns);
    pairs.sort_unstable();
    let new_of_old: HashMap<usize, usize> = pairs.iter().copied().collect();
    let old_count = os.len();
    let (old_off, new_off) = (old.offset(), new.offset());
    let fate = |r: u32| {
        let Some(r) = (r as usize).checked_sub(old_off) else {
            return Fate::Unknown;
        };
        match r.checked_sub(1).and_then(|i| new_of_old.get(&i)) {
            Some(&j) => Fate::To(u32::try_from(j + 1 + new_off).unwrap_or(u32::MAX)),
            None if (1..=old_count).contains(&r) => Fate::Deleted,
            None => Fate::Unknown,
        }
    };
    let old_label = |i: usize| clause_label(i + 1 + old_off);
    let new_label = |j: usize| clause_label(j + 1 + new_off);
    // Matches in old order; those on the longest run increasing in new order stayed in place.
    // Only exact matches vote: a similarity match is less certain, and one wrong pairing of
    // two boilerplate-heavy clauses must not make a correctly placed clause look moved. A
    // modified clause is reported `modified` whatever its order, so it needs no vote.
    let exact: Vec<bool> = pairs
        .iter()
        .map(|&(i, j)| key_of(&os, i) == key_of(&ns, j))
        .collect();
    let all_voters: Vec<usize> = (0..pairs.len()).filter(|&k| is(&exact, k)).collect();
    let seq_of = |voters: &[usize]| -> Vec<usize> {
        voters
            .iter()
            .filter_map(|&k| pairs.get(k).map(|&(_, j)| j))
            .collect()
    };
    // A hinted clause sits out the vote when the run of stayers is as long without it: then
    // the texts allow reading it as the one that moved, and the history says it was.
    let unhinted: Vec<usize> = all_voters
        .iter()
        .copied()
        .filter(|&k| {
            pairs
                .get(k)
                .is_none_or(|&(i, _)| !moved.contains(&(i + 1 + old_off)))
        })
        .collect();
    let voters = if unhinted.len() < all_voters.len()
        && lis(&seq_of(&unhinted)).len() == lis(&seq_of(&all_voters)).len()
    {
        unhinted
    } else {
        all_voters
    };
    let seq = seq_of(&voters);
    let mut in_order = vec![false; pairs.len()];
    for v in lis(&seq) {
        if let Some(&k) = voters.get(v) {
            set(&mut in_order, k);
        }
    }
    let new_titles: Vec<Option<&str>> = new.chapters.iter().map(|c| c.title.as_deref()).collect();

    // (sort key, entry): new clauses at (new index, 0, 0); deleted after the nearest preceding
    // old clause that stayed in place.
    let mut entries: Vec<((i64, u8, usize), ClauseDiff)> = Vec::new();
    let mut anchor_of_old: Vec<Option<usize>> = vec![None; os.len()];
    // Clauses the diff does not pair (inserted ones) mean what they write.
    let mut carried: Vec<Vec<Option<u32>>> = ns
        .iter()
        .map(|n| {
            internal_refs(&n.body)
                .iter()
                .map(|r| Some(r.number))
                .collect()
        })
        .collect();
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let (Some(o), Some(n)) = (os.get(i), ns.get(j)) else {
            continue;
        };
        // Each reference of the new text that sits in unchanged text is compared with the one it
        // was: left at its old number although its clause moved, it is stale; a reference the
        // new text rewrote by hand is what its writer meant.
        let (stale, intents) = follow_refs(
            &o.body,
            &n.body,
            prior.and_then(|p| p.0.get(i)).map(Vec::as_slice),
            fate,
        );
        if let Some(slot) = carried.get_mut(j) {
            *slot = intents;
        }
        // The old text renumbered as the diff expects it: every reference follows its clause
        // but the stale ones, which stay as the new text writes them.
        let (remapped, _) = rewrite_each(&o.body, |at, r| {
            match stale.iter().find(|s| s.index == at) {
                Some(s) => Fate::To(s.target),
                None => fate(r),
            }
        });
        let refs_updated = remapped != o.body;
        let old_title = chapter_title(old.chapters.get(o.chapter));
        let new_title = chapter_title(new.chapters.get(n.chapter));
        // A clause "moved to another chapter" when its old chapter still exists under the same
        // title but the clause now sits elsewhere.
        let changed_chapter =
            old_title.is_some() && old_title != new_title && new_titles.contains(&old_title);
        // Byte equality first: the common case needs no normalising at all.
        let same = remapped == n.body || normalize(&remapped) == normalize(&n.body);
        let (change, inline) = if !same {
            (Change::Modified, inline_diff(&remapped, &n.body))
        } else if !is(&in_order, k) || changed_chapter {
            (Change::Moved, Vec::new())
        } else if i != j {
            (Change::Renumbered, Vec::new())
        } else {
            (Change::Unchanged, Vec::new())
        };
        // A deleted clause is listed after the nearest preceding clause that did not move.
        if change != Change::Moved
            && let Some(a) = anchor_of_old.get_mut(i)
        {
            *a = Some(j);
        }
        entries.push((
            (j as i64, 0, 0),
            ClauseDiff {
                change,
                old_no: Some(i + 1),
                new_no: Some(j + 1),
                old_label: Some(old_label(i)),
                new_label: Some(new_label(j)),
                chapter: chapter_of(new, n.chapter),
                refs_updated,
                stale_refs: stale,
                inline,
            },
        ));
    }
    let matched_new: HashSet<usize> = pairs.iter().map(|&(_, j)| j).collect();
    for (j, n) in ns.iter().enumerate() {
        if !matched_new.contains(&j) {
            entries.push((
                (j as i64, 0, 0),
                ClauseDiff {
                    change: Change::Inserted,
                    old_no: None,
                    new_no: Some(j + 1),
                    old_label: None,
                    new_label: Some(new_label(j)),
                    chapter: chapter_of(new, n.chapter),
                    refs_updated: false,
                    stale_refs: Vec::new(),
                    inline: Vec::new(),
                },
            ));
        }
    }
    let mut anchor: i64 = -1;
    for (i, o) in os.iter().enumerate() {
        if let Some(Some(j)) = anchor_of_old.get(i) {
            anchor = *j as i64;
        }
        if !new_of_old.contains_key(&i) {
            entries.push((
                (anchor, 1, i),
                ClauseDiff {
                    change: Change::Deleted,
                    old_no: Some(i + 1),
                    new_no: None,
                    old_label: Some(old_label(i)),
                    new_label: None,
                    chapter: chapter_of(old, o.chapter),
                    refs_updated: false,
                    stale_refs: Vec::new(),
                    inline: Vec::new(),
                },
            ));
        }
    }
    entries.sort_by_key(|(k, _)| *k);
    let clauses: Vec<ClauseDiff> = entries.into_iter().map(|(_, e)| e).collect();
    let mut summary = Summary::default();
    for c in &clauses {
        *match c.change {
            Change::Unchanged => &mut summary.unchanged,
            Change::Renumbered => &mut summary.renumbered,
            Change::Moved => &mut summary.moved,
            Change::Modified => &mut summary.modified,
            Change::Inserted => &mut summary.inserted,
            Change::Deleted => &mut summary.deleted,
        } += 1;
    }
    let d = ContractDiff {
        summary,
        clauses,
        chapters: chapter_changes(old, new, &os, &ns, &pairs),
        title: (normalize(&old.title) != normalize(&new.title)).then(|| TitleChange {
            old: old.title.clone(),
            new: new.title.clone(),
        }),
        front: matter::line_changes(&old.preamble, &new.preamble),
        back: matter::line_changes(&old.back, &new.back),
    };
    (d, Intents(carried))
}

/// Follows the references of one clause from its `old` text to its `new` text. `prior` is what
/// each reference of `old` meant (`None`: the clause it names). A reference of `new` paired with
/// one of `old` (same place in unchanged text) whose number is unchanged, or changed exactly as
/// the renumbering moved that number, still means what the old one meant, moved by `fate`: when
/// that is not the number it writes (or that clause was deleted), it is stale. Any other
/// reference of `new` — added, or rewritten by hand — means what it writes. Returns the stale
/// references (indexed by their place in `old`) and what each reference of `new` means.
fn follow_refs(
    old: &str,
    new: &str,
    prior: Option<&[Option<u32>]>,
    fate: impl Fn(u32) -> Fate,
) -> (Vec<StaleRef>, Vec<Option<u32>>) {
    let orefs = internal_refs(old);
    let nrefs = internal_refs(new);
    let mut meant: Vec<Option<u32>> = nrefs.iter().map(|r| Some(r.number)).collect();
    let mut stale = Vec::new();
    if orefs.is_empty() || nrefs.is_empty() {
        return (stale, meant);
    }
    for (k, k2) in pair_refs(old, &orefs, new, &nrefs) {
        let (Some(o), Some(n)) = (orefs.get(k), nrefs.get(k2)) else {
            continue;
        };
        let renumbered = fate(o.number) == Fate::To(n.number);
        if n.number != o.number && !renumbered {
            continue;
        }
        let was = prior
            .and_then(|p| p.get(k))
            .copied()
            .unwrap_or(Some(o.number));
        let now = was.and_then(|t| match fate(t) {
            Fate::To(x) => Some(x),
            Fate::Deleted => None,
            Fate::Unknown => Some(t),
        });
        // A reference to a deleted clause is stale too: its number now names another clause
        // or none.
        if now != Some(n.number) {
            stale.push(StaleRef {
                text: new.get(n.range.clone()).unwrap_or("").to_string(),
                target: n.number,
                now: now.map(|x| clause_label(x as usize)),
                index: k,
            });
        }
        if let Some(m) = meant.get_mut(k2) {
            *m = now;
        }
    }
    (stale, meant)
}

/// Pairs the references of `old` with those of `new` that stand at the same place of the
/// clause's text: a token diff of both texts with every reference one blinded token, and the
/// references on equal runs paired in order. Indices into `orefs` / `nrefs`.
fn pair_refs(
    old: &str,
    orefs: &[ClauseRef],
    new: &str,
    nrefs: &[ClauseRef],
) -> Vec<(usize, usize)> {
    const REF: &str = "第#条";
    let tokens = |text: &'_ str, refs: &[ClauseRef]| {
        let mut toks: Vec<String> = Vec::new();
        let mut which: Vec<Option<usize>> = Vec::new();
        let mut pos = 0;
        for (k, r) in refs.iter().enumerate() {
            for t in tokenize(text.get(pos..r.range.start).unwrap_or("")) {
                toks.push(normalize(t));
                which.push(None);
            }
            toks.push(REF.to_string());
            which.push(Some(k));
            pos = r.range.end;
        }
        for t in tokenize(text.get(pos..).unwrap_or("")) {
            toks.push(normalize(t));
            which.push(None);
        }
        (toks, which)
    };
    let (a, aw) = tokens(old, orefs);
    let (b, bw) = tokens(new, nrefs);
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for t in 0..len {
                if let (Some(Some(k)), Some(Some(k2))) =
                    (aw.get(old_index + t), bw.get(new_index + t))
                {
                    out.push((*k, *k2));
                }
            }
        }
    }
    out
}

/// Chapters are matched by title first, then an old chapter whose clauses mostly went to one
/// new chapter with a different title counts as `retitled`; the rest are inserted / deleted.
fn chapter_changes(
    old: &Contract,
    new: &Contract,
    os: &[Side],
    ns: &[Side],
    pairs: &[(usize, usize)],
) -> Vec<ChapterChange> {
    let title = |c: &Contract, i: usize| chapter_heading(c, i + 1);
    let norm = |ch: &Chapter| ch.title.as_deref().map(normalize);
    let mut old_done = vec![false; old.chapters.len()];
    let mut new_done = vec![false; new.chapters.len()];
    for (i, oc) in old.chapters.iter().enumerate() {
        if let Some(j) = new
            .chapters
            .iter()
            .enumerate()
            .position(|(j, nc)| !is(&new_done, j) && norm(nc) == norm(oc))
        {
            set(&mut old_done, i);
            set(&mut new_done, j);
        }
    }
    let mut votes: HashMap<(usize, usize), usize> = HashMap::new();
    for &(i, j) in pairs {
        if let (Some(o), Some(n)) = (os.get(i), ns.get(j)) {
            *votes.entry((o.chapter, n.chapter)).or_default() += 1;
        }
    }
    let mut votes: Vec<((usize, usize), usize)> = votes.into_iter().collect();
    votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::new();
    for ((i, j), _) in votes {
        if !is(&old_done, i) && !is(&new_done, j) {
            set(&mut old_done, i);
            set(&mut new_done, j);
            out.push(ChapterChange {
                change: "retitled".into(),
                old: title(old, i),
                new: title(new, j),
            });
        }
    }
    for i in (0..old.chapters.len()).filter(|&i| !is(&old_done, i)) {
        out.push(ChapterChange {
            change: "deleted".into(),
            old: title(old, i),
            new: None,
        });
    }
    for j in (0..new.chapters.len()).filter(|&j| !is(&new_done, j)) {
        out.push(ChapterChange {
            change: "inserted".into(),
            old: None,
            new: title(new, j),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_folding() {
        assert_eq!(normalize("第５条　８％ "), "第5条 8%");
    }
}

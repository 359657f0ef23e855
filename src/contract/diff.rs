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

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::model::{Chapter, Clause, Contract};
use super::numerals::from_chinese;
use super::parse::clause_from_body;
use super::refs::{Fate, blind, rewrite};
use super::render::{chapter_heading, clause_body, clause_label};
use crate::i18n::{Lang, tr, trf};
use crate::text::sanitize_text;

/// Below this similarity two clauses are not the same clause edited, but one deleted and
/// another inserted.
pub const SIMILARITY_THRESHOLD: f32 = 0.5;
/// How many candidates per new clause get the full similarity computation.
const CANDIDATES: usize = 4;
/// Candidates whose bigram Dice coefficient is below this are not compared further: for the
/// char ratio to reach [`SIMILARITY_THRESHOLD`] most bigrams must be shared too.
const DICE_GATE: f32 = 0.4;
/// Only candidates within this Dice distance of the best one get the full ratio.
const DICE_SLACK: f32 = 0.15;

/// The whole diff. Serialises exactly as documented in `docs`: `summary`, `clauses`, and the
/// optional `chapters` / `title` only when something changed there.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ContractDiff {
    pub summary: Summary,
    pub clauses: Vec<ClauseDiff>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<ChapterChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<TitleChange>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub unchanged: usize,
    pub renumbered: usize,
    pub moved: usize,
    pub modified: usize,
    pub inserted: usize,
    pub deleted: usize,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Unchanged,
    Renumbered,
    Moved,
    Modified,
    Inserted,
    Deleted,
}

/// One clause of either version. `inline` is non-empty only for `modified`; every other entry
/// carries `inline: []`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClauseDiff {
    pub change: Change,
    pub old_no: Option<usize>,
    pub new_no: Option<usize>,
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    /// The new chapter's full heading for present clauses, the old one for deleted clauses;
    /// `null` when the contract has a single untitled chapter.
    pub chapter: Option<String>,
    /// The clause's cross-references were rewritten to follow renumbering.
    pub refs_updated: bool,
    /// For `modified`: equal + delete spell the old text with references already renumbered;
    /// equal + insert spell the new text.
    pub inline: Vec<InlineOp>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InlineOp {
    pub op: Op,
    pub text: String,
}

/// A chapter whose heading changed, appeared or disappeared.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ChapterChange {
    /// `retitled`, `inserted` or `deleted`.
    pub change: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TitleChange {
    pub old: String,
    pub new: String,
}

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

/// A clause as the diff sees it.
struct Side {
    chapter: usize,
    body: String,
    key: String,
}

fn sides(c: &Contract) -> Vec<Side> {
    c.chapters
        .iter()
        .enumerate()
        .flat_map(|(ci, ch)| ch.clauses.iter().map(move |cl| (ci, cl)))
        .map(|(chapter, clause)| {
            let body = clause_body(clause);
            let key = normalize(&blind(&body));
            Side { chapter, body, key }
        })
        .collect()
}

/// Character bigrams as integers, sorted and deduplicated: the cheap similarity prefilter.
fn bigrams(key: &str) -> Vec<u64> {
    let chars: Vec<char> = key.chars().collect();
    let mut v: Vec<u64> = chars
        .windows(2)
        .map(|w| match w {
            [a, b] => (u64::from(u32::from(*a)) << 32) | u64::from(u32::from(*b)),
            _ => 0,
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

/// similar's ratio over characters.
fn char_ratio(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// Pairs (old index, new index), 0-based.
fn match_clauses(old: &[Side], new: &[Side]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    // 1. Exact: the k-th old clause with a key pairs with the k-th new clause with that key.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in old.iter().enumerate().rev() {
        by_key.entry(s.key.as_str()).or_default().push(i);
    }
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    for (j, s) in new.iter().enumerate() {
        if let Some(i) = by_key.get_mut(s.key.as_str()).and_then(Vec::pop) {
            pairs.push((i, j));
            set(&mut old_taken, i);
            set(&mut new_taken, j);
        }
    }
    // 2. Similar: inverted bigram index over the unmatched old clauses.
    let old_left: Vec<usize> = (0..old.len()).filter(|&i| !is(&old_taken, i)).collect();
    let new_left: Vec<usize> = (0..new.len()).filter(|&j| !is(&new_taken, j)).collect();
    if old_left.is_empty() || new_left.is_empty() {
        return pairs;
    }
    let old_grams: HashMap<usize, Vec<u64>> = old_left
        .iter()
        .map(|&i| (i, bigrams(key_of(old, i))))
        .collect();
    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    for (&i, grams) in &old_grams {
        for g in grams {
            index.entry(*g).or_default().push(i);
        }
    }
    // Bigrams in a large share of clauses (本合同, 工资) say nothing about identity and would
    // make the candidate count quadratic.
    let common = 32 + old_left.len() / 8;
    let mut scored: Vec<(f32, usize, usize)> = Vec::new();
    for &j in &new_left {
        let grams = bigrams(key_of(new, j));
        let mut hits: HashMap<usize, usize> = HashMap::new();
        for g in &grams {
            if let Some(post) = index.get(g).filter(|p| p.len() <= common) {
                for &i in post {
                    *hits.entry(i).or_default() += 1;
                }
            }
        }
        let mut cands: Vec<(usize, usize)> = hits.into_iter().map(|(i, h)| (h, i)).collect();
        cands.sort_unstable_by(|a, b| b.cmp(a));
        // The bigram Dice coefficient is cheap; the real ratio (a Myers diff, slow on
        // dissimilar texts) runs only for candidates close to the best one.
        let diced: Vec<(f32, usize)> = cands
            .iter()
            .take(CANDIDATES)
            .filter_map(|&(_, i)| Some((dice(old_grams.get(&i)?, &grams), i)))
            .filter(|&(d, _)| d >= DICE_GATE)
            .collect();
        let best = diced.iter().map(|&(d, _)| d).fold(0.0f32, f32::max);
        for &(d, i) in &diced {
            if d + DICE_SLACK < best {
                continue;
            }
            let (a, b) = (key_of(old, i), key_of(new, j));
            let (la, lb) = (a.chars().count(), b.chars().count());
            // Length alone bounds the ratio: 2·min / (la + lb).
            let bound = 2.0 * la.min(lb) as f32 / (la + lb).max(1) as f32;
            if bound < SIMILARITY_THRESHOLD {
                continue;
            }
            let r = char_ratio(a, b);
            if r >= SIMILARITY_THRESHOLD {
                scored.push((r, i, j));
            }
        }
    }
    // 3. Greedy best-first; ties favour the pair closest in position.
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.abs_diff(a.2).cmp(&b.1.abs_diff(b.2)))
            .then_with(|| (a.1, a.2).cmp(&(b.1, b.2)))
    });
    for (_, i, j) in scored {
        if !is(&old_taken, i) && !is(&new_taken, j) {
            set(&mut old_taken, i);
            set(&mut new_taken, j);
            pairs.push((i, j));
        }
    }
    pairs
}

fn key_of(s: &[Side], i: usize) -> &str {
    s.get(i).map_or("", |s| s.key.as_str())
}

fn is(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

fn set(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}

/// Indices (into `seq`) of one longest strictly increasing subsequence, O(n log n).
fn lis(seq: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into seq of the tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (k, &v) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq.get(t).is_some_and(|&x| x < v));
        if pos > 0
            && let Some(p) = prev.get_mut(k)
        {
            *p = tails.get(pos - 1).copied();
        }
        if pos == tails.len() {
            tails.push(k);
        } else if let Some(t) = tails.get_mut(pos) {
            *t = k;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        out.push(k);
        cur = prev.get(k).copied().flatten();
    }
    out.reverse();
    out
}

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

fn chapter_of(c: &Contract, ci: usize) -> Option<String> {
    chapter_heading(c, ci + 1)
}

fn chapter_title(ch: Option<&Chapter>) -> Option<&str> {
    ch.and_then(|c| c.title.as_deref())
}

/// Compares two versions clause by clause. See the module documentation.
pub fn diff(old: &Contract, new: &Contract) -> ContractDiff {
    let os = sides(old);
    let ns = sides(new);
    let mut pairs = match_clauses(&os, &ns);
    pairs.sort_unstable();
    let new_of_old: HashMap<usize, usize> = pairs.iter().copied().collect();
    let old_count = os.len();
    let fate = |r: u32| {
        let r = r as usize;
        match r.checked_sub(1).and_then(|i| new_of_old.get(&i)) {
            Some(&j) => Fate::To(u32::try_from(j + 1).unwrap_or(u32::MAX)),
            None if (1..=old_count).contains(&r) => Fate::Deleted,
            None => Fate::Unknown,
        }
    };
    // Matches in old order; those on the longest run increasing in new order stayed in place.
    // Only exact matches vote: a similarity match is less certain, and one wrong pairing of
    // two boilerplate-heavy clauses must not make a correctly placed clause look moved. A
    // modified clause is reported `modified` whatever its order, so it needs no vote.
    let exact: Vec<bool> = pairs
        .iter()
        .map(|&(i, j)| key_of(&os, i) == key_of(&ns, j))
        .collect();
    let voters: Vec<usize> = (0..pairs.len()).filter(|&k| is(&exact, k)).collect();
    let seq: Vec<usize> = voters
        .iter()
        .filter_map(|&k| pairs.get(k).map(|&(_, j)| j))
        .collect();
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
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let (Some(o), Some(n)) = (os.get(i), ns.get(j)) else {
            continue;
        };
        let (remapped, _) = rewrite(&o.body, fate);
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
                old_label: Some(clause_label(i + 1)),
                new_label: Some(clause_label(j + 1)),
                chapter: chapter_of(new, n.chapter),
                refs_updated,
                inline,
            },
        ));
    }
    let matched_new: std::collections::HashSet<usize> = pairs.iter().map(|&(_, j)| j).collect();
    for (j, n) in ns.iter().enumerate() {
        if !matched_new.contains(&j) {
            entries.push((
                (j as i64, 0, 0),
                ClauseDiff {
                    change: Change::Inserted,
                    old_no: None,
                    new_no: Some(j + 1),
                    old_label: None,
                    new_label: Some(clause_label(j + 1)),
                    chapter: chapter_of(new, n.chapter),
                    refs_updated: false,
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
                    old_label: Some(clause_label(i + 1)),
                    new_label: None,
                    chapter: chapter_of(old, o.chapter),
                    refs_updated: false,
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
    ContractDiff {
        summary,
        clauses,
        chapters: chapter_changes(old, new, &os, &ns, &pairs),
        title: (normalize(&old.title) != normalize(&new.title)).then(|| TitleChange {
            old: old.title.clone(),
            new: new.title.clone(),
        }),
    }
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

impl ContractDiff {
    /// True when no clause changed in any way and neither chapters nor title changed.
    pub fn is_empty(&self) -> bool {
        self.summary.unchanged == self.clauses.len()
            && self.chapters.is_empty()
            && self.title.is_none()
    }

    /// `2 modified, 1 inserted, 3 renumbered` / `修改 2 条，新增 1 条，重新编号 3 条`.
    pub fn summary_line(&self, lang: Lang) -> String {
        let s = &self.summary;
        let parts: Vec<String> = [
            ("modified", s.modified),
            ("inserted", s.inserted),
            ("deleted", s.deleted),
            ("moved", s.moved),
            ("renumbered", s.renumbered),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| {
            trf(
                lang,
                &format!("contract.diff.count.{k}"),
                &[("n", &n.to_string())],
            )
        })
        .collect();
        if parts.is_empty() {
            return tr(lang, "contract.diff.no_changes");
        }
        parts.join(&tr(lang, "contract.diff.separator"))
    }
}

fn change_name(lang: Lang, c: Change) -> String {
    let key = match c {
        Change::Unchanged => "unchanged",
        Change::Renumbered => "renumbered",
        Change::Moved => "moved",
        Change::Modified => "modified",
        Change::Inserted => "inserted",
        Change::Deleted => "deleted",
    };
    tr(lang, &format!("contract.diff.kind.{key}"))
}

const RED: &str = "\u{1b}[31;9m";
const GREEN: &str = "\u{1b}[32;4m";
const BOLD: &str = "\u{1b}[1m";
const RESET: &str = "\u{1b}[0m";

/// Text in a listing: sanitised again (a diff can be built from contracts that never went
/// through the parser) and line breaks indented.
fn show(text: &str) -> String {
    sanitize_text(text).replace('\n', "\n    ")
}

/// A human-readable listing of what changed (unchanged clauses are left out), labels old →
/// new, inline changes marked with ANSI colour when `color`, else `[-删-]{+增+}`.
pub fn render_text(
    d: &ContractDiff,
    old: &Contract,
    new: &Contract,
    lang: Lang,
    color: bool,
) -> String {
    let mut out = String::new();
    let (b, r) = if color { (BOLD, RESET) } else { ("", "") };
    let _ = writeln!(out, "{b}{}{r}", d.summary_line(lang));
    if let Some(t) = &d.title {
        let _ = writeln!(
            out,
            "{}: {} → {}",
            tr(lang, "contract.diff.title"),
            show(&t.old),
            show(&t.new)
        );
    }
    for ch in &d.chapters {
        let _ = writeln!(
            out,
            "{}: {} → {}",
            tr(lang, &format!("contract.diff.chapter.{}", ch.change)),
            ch.old.as_deref().map_or_else(|| "—".to_string(), show),
            ch.new.as_deref().map_or_else(|| "—".to_string(), show)
        );
    }
    let old_bodies: Vec<String> = old.clauses().map(|(_, _, c)| clause_body(c)).collect();
    let new_bodies: Vec<String> = new.clauses().map(|(_, _, c)| clause_body(c)).collect();
    for c in d
        .clauses
        .iter()
        .filter(|c| c.change != Change::Unchanged || c.refs_updated)
    {
        let label = match (&c.old_label, &c.new_label) {
            (Some(o), Some(n)) if o == n => o.clone(),
            (Some(o), Some(n)) => format!("{o} → {n}"),
            (Some(o), None) => o.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::new(),
        };
        let mut head = format!("{b}{label}{r} [{}]", change_name(lang, c.change));
        if let Some(ch) = &c.chapter {
            let _ = write!(head, " ({})", show(ch));
        }
        if c.refs_updated {
            let _ = write!(head, " {}", tr(lang, "contract.diff.refs_updated"));
        }
        let _ = writeln!(out, "{head}");
        let body = match c.change {
            Change::Modified => {
                let mut s = String::new();
                for op in &c.inline {
                    let t = show(&op.text);
                    match (op.op, color) {
                        (Op::Equal, _) => s.push_str(&t),
                        (Op::Delete, true) => {
                            let _ = write!(s, "{RED}{t}{RESET}");
                        }
                        (Op::Insert, true) => {
                            let _ = write!(s, "{GREEN}{t}{RESET}");
                        }
                        (Op::Delete, false) => {
                            let _ = write!(s, "[-{t}-]");
                        }
                        (Op::Insert, false) => {
                            let _ = write!(s, "{{+{t}+}}");
                        }
                    }
                }
                Some(s)
            }
            Change::Inserted => c
                .new_no
                .and_then(|n| new_bodies.get(n.checked_sub(1)?))
                .map(|t| show(t)),
            Change::Deleted => c
                .old_no
                .and_then(|n| old_bodies.get(n.checked_sub(1)?))
                .map(|t| show(t)),
            _ => None,
        };
        if let Some(body) = body {
            let _ = writeln!(out, "    {body}");
        }
    }
    out
}

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
    let fate = |r: u32| {
        let r = r as usize;
        match map.get(&r) {
            Some(&n) => Fate::To(u32::try_from(n).unwrap_or(u32::MAX)),
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
            })
            .collect(),
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
            let (remapped, _) = rewrite(&body, fate);
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

/// `第二章 工资水平` → 2.
fn chapter_number(label: &str) -> Option<usize> {
    let rest = label.strip_prefix('第')?;
    let (num, _) = rest.split_once('章')?;
    from_chinese(num).map(|n| n as usize)
}

/// Generators for benchmarks and timing against `git diff`: realistic wage-contract clauses.
#[doc(hidden)]
pub mod bench_support {
    use std::fmt::Write as _;

    use super::super::model::{Block, Chapter, Clause, Contract};

    const TOPICS: [&str; 10] = [
        "企业应当按照本合同约定的标准按时足额支付职工工资，不得无故克扣或者拖欠",
        "职工在法定工作时间内提供了正常劳动的，企业支付的工资不得低于当地最低工资标准",
        "企业安排职工延长工作时间的，按照不低于工资的百分之一百五十支付工资报酬",
        "年度工资总额增长幅度由双方根据企业经济效益和当地工资指导线协商确定",
        "一线职工工资增长幅度不低于企业平均工资增长幅度，并向技术工人倾斜",
        "企业根据生产经营情况设立岗位津贴、夜班津贴和高温津贴，具体标准另行公布",
        "职工依法享受带薪年休假、婚丧假、产假期间，企业按照正常出勤支付工资",
        "企业经营困难确需延期支付工资的，应当经职工代表大会讨论并告知全体职工",
        "双方每年第四季度就下一年度工资调整事项进行协商，协商结果报人力资源社会保障部门审查",
        "本合同履行期间发生争议的，双方应当协商解决，协商不成的可以申请劳动争议仲裁",
    ];

    /// A deterministic pseudo-random stream (no clock, no RNG crate): splitmix64.
    pub struct Stream(u64);

    impl Stream {
        pub fn new(seed: u64) -> Self {
            Stream(seed)
        }
        pub fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        pub fn below(&mut self, n: usize) -> usize {
            (self.next_u64() % (n.max(1) as u64)) as usize
        }
    }

    /// Clause text of about 270 characters, unique per `id`, with an internal reference now
    /// and then and a law reference.
    pub fn clause_text(s: &mut Stream, id: usize, clauses: usize) -> String {
        let mut t = String::new();
        for k in 0..4 {
            let topic = TOPICS.get(s.below(TOPICS.len())).copied().unwrap_or("");
            t.push_str(topic);
            let _ = write!(
                t,
                "，其中第{}类岗位的标准为每月{}元",
                id * 3 + k,
                2000 + s.below(3000)
            );
            t.push('；');
        }
        if s.below(3) == 0 && clauses > 1 {
            let _ = write!(
                t,
                "本合同第{}条另有约定的除外；",
                super::super::numerals::to_chinese(1 + s.below(clauses) as u32)
            );
        }
        t.push_str("依照《中华人民共和国劳动法》第四十四条执行，工资增长率为");
        let _ = write!(t, "{}.{}%。", 3 + s.below(6), s.below(10));
        t
    }

    const NEW_TOPICS: [&str; 6] = [
        "为稳定技术骨干队伍，企业设立技能等级津贴",
        "疫情等突发事件期间停工停产的，企业在一个工资支付周期内按劳动合同约定支付工资",
        "企业实行计件工资制的，应当合理确定劳动定额和计件单价",
        "新入职职工试用期工资不得低于本单位相同岗位最低档工资",
        "企业为职工建立企业年金，缴费比例由职工代表大会审议确定",
        "女职工在孕期、产期、哺乳期内，企业不得降低其基本工资",
    ];

    /// Text for a clause that did not exist before: different subject and phrasing, as a
    /// genuinely new clause would have.
    pub fn new_clause_text(s: &mut Stream, id: usize) -> String {
        let mut t = String::new();
        for k in 0..4 {
            let topic = NEW_TOPICS
                .get(s.below(NEW_TOPICS.len()))
                .copied()
                .unwrap_or("");
            let _ = write!(t, "{topic}（细则{id}-{k}）。");
        }
        let _ = write!(t, "上述标准自{}月起执行。", 1 + s.below(12));
        t
    }

    /// A contract of `clauses` clauses in chapters of 30.
    pub fn contract(clauses: usize, seed: u64) -> Contract {
        let mut s = Stream::new(seed);
        let mut chapters: Vec<Chapter> = Vec::new();
        for i in 0..clauses {
            if i % 30 == 0 {
                chapters.push(Chapter {
                    title: Some(format!("工资事项{}", i / 30 + 1)),
                    clauses: Vec::new(),
                });
            }
            if let Some(ch) = chapters.last_mut() {
                ch.clauses.push(Clause {
                    blocks: vec![Block::Paragraph(clause_text(&mut s, i, clauses))],
                });
            }
        }
        Contract {
            title: "某某有限公司工资专项集体合同".into(),
            preamble: vec!["为建立工资集体协商机制，经双方平等协商，订立本合同。".into()],
            chapters,
        }
    }

    /// A second version: `modified` clauses reworded, `inserted` new clauses, then `deleted`
    /// clauses removed — all through `edit`, so references are renumbered as a user's edits
    /// would be.
    pub fn revise(
        c: &Contract,
        modified: usize,
        inserted: usize,
        deleted: usize,
        seed: u64,
    ) -> Contract {
        use super::super::edit::{Place, delete_clause, edit_clause, insert_clause};
        let mut s = Stream::new(seed);
        let mut cur = c.clone();
        for _ in 0..modified {
            let n = 1 + s.below(cur.clause_count());
            let body = super::super::render::clause_body(
                cur.clauses()
                    .nth(n - 1)
                    .map_or(&Clause::default(), |(_, _, c)| c),
            );
            let changed = body
                .replacen("工资增长率为", "工资增长率调整为", 1)
                .replacen("元", "元（含津贴）", 1);
            if let Ok(o) = edit_clause(&cur, n, &changed) {
                cur = o.contract;
            }
        }
        for k in 0..inserted {
            let n = s.below(cur.clause_count());
            let text = new_clause_text(&mut s, k);
            if let Ok(o) = insert_clause(&cur, Place::After(n), &text) {
                cur = o.contract;
            }
        }
        // Delete clauses nobody refers to and that were not just inserted, so the expected
        // counts stay exact (a dangling reference would be repointed by the next renumbering).
        let mut done = 0;
        for _ in 0..deleted * 20 {
            if done == deleted {
                break;
            }
            let n = 1 + s.below(cur.clause_count());
            let body = cur
                .clause(n)
                .map(super::super::render::clause_body)
                .unwrap_or_default();
            let referenced = cur.clauses().any(|(_, _, c)| {
                super::super::refs::internal_refs(&super::super::render::clause_body(c))
                    .iter()
                    .any(|r| r.number as usize == n)
            });
            if referenced || body.contains("细则") {
                continue;
            }
            if let Ok(o) = delete_clause(&cur, n) {
                cur = o.contract;
                done += 1;
            }
        }
        cur
    }
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

    #[test]
    fn width_folding() {
        assert_eq!(normalize("第５条　８％ "), "第5条 8%");
    }

    #[test]
    fn lis_finds_the_stayers() {
        assert_eq!(lis(&[0, 1, 5, 2, 3, 4]), vec![0, 1, 3, 4, 5]);
        assert_eq!(lis(&[]), Vec::<usize>::new());
    }
}

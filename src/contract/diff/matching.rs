//! Which old clause is which new clause. Owns the clause's comparison key, the bigram index that
//! keeps candidate search near linear, the similarity measures (bigram Dice as a cheap gate,
//! similar's character ratio as the verdict) and the greedy pairing; plus the longest increasing
//! subsequence that tells clauses that stayed in place from those that moved. It decides only
//! pairs: whether a pair is `modified`, `moved` or `renumbered` is the caller's business.

use std::collections::HashMap;

use similar::{Algorithm, capture_diff_slices};

use super::normalize;
use crate::contract::model::Contract;
use crate::contract::refs::blind;
use crate::contract::render::clause_body;

/// Below this similarity two clauses are not the same clause edited, but one deleted and
/// another inserted.
const SIMILARITY_THRESHOLD: f32 = 0.5;
/// How many candidates per new clause get the full similarity computation.
const CANDIDATES: usize = 4;
/// Candidates whose bigram Dice coefficient is below this are not compared further: for the
/// char ratio to reach [`SIMILARITY_THRESHOLD`] most bigrams must be shared too.
const DICE_GATE: f32 = 0.4;
/// Only candidates within this Dice distance of the best one get the full ratio.
const DICE_SLACK: f32 = 0.15;
/// A clause whose text is this much contained in another's (by bigrams, then by characters) is
/// that clause with paragraphs gained or lost, however different the lengths.
const CONTAINED_GATE: f32 = 0.8;
/// Shorter texts than this (in characters) are too short to count as contained in another.
const CONTAINED_MIN: usize = 12;

/// A clause as the diff sees it.
pub(super) struct Side {
    /// Index of the chapter the clause sits in, 0-based.
    pub(super) chapter: usize,
    pub(super) body: String,
    /// Normalised with references blinded: the identity exact matching compares.
    key: String,
}

pub(super) fn sides(c: &Contract) -> Vec<Side> {
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

/// The Dice coefficient of two bigram sets, or — when one clause is mostly contained in the
/// other (a clause that kept its paragraph and gained another) — that containment scaled to
/// [`CONTAINED_GATE`]'s terms, whichever is higher.
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
    let dice = 2.0 * shared as f32 / (a.len() + b.len()) as f32;
    let contained = shared as f32 / a.len().min(b.len()).max(1) as f32;
    if contained >= CONTAINED_GATE {
        dice.max(DICE_GATE)
    } else {
        dice
    }
}

/// similar's ratio over characters.
fn char_ratio(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    similar::diff_ratio(&ops, a.len(), b.len())
}

/// Pairs (old index, new index), 0-based.
pub(super) fn match_clauses(old: &[Side], new: &[Side]) -> Vec<(usize, usize)> {
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
            // Length alone bounds the ratio: 2·min / (la + lb); only containment can still pair.
            let bound = 2.0 * la.min(lb) as f32 / (la + lb).max(1) as f32;
            if bound < SIMILARITY_THRESHOLD && la.min(lb) < CONTAINED_MIN {
                continue;
            }
            let r = char_ratio(a, b);
            // Characters in common, from the ratio 2·M / (la + lb), over the shorter text.
            let contained = r * (la + lb) as f32 / 2.0 / la.min(lb).max(1) as f32;
            if r >= SIMILARITY_THRESHOLD {
                scored.push((r, i, j));
            } else if contained >= CONTAINED_GATE && la.min(lb) >= CONTAINED_MIN {
                // Ranked below every true similarity, so a real edit pairs first.
                scored.push((contained * SIMILARITY_THRESHOLD * 0.99, i, j));
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

/// The comparison key of clause `i`; out of range reads as empty rather than panicking.
pub(super) fn key_of(s: &[Side], i: usize) -> &str {
    s.get(i).map_or("", |s| s.key.as_str())
}

/// Flag `i` of a taken/in-order bitmap; out of range reads as unset (no indexing, no panic).
pub(super) fn is(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

/// Sets flag `i`; out of range is ignored.
pub(super) fn set(v: &mut [bool], i: usize) {
    if let Some(x) = v.get_mut(i) {
        *x = true;
    }
}

/// Indices (into `seq`) of one longest strictly increasing subsequence, O(n log n).
pub(super) fn lis(seq: &[usize]) -> Vec<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis_finds_the_stayers() {
        assert_eq!(lis(&[0, 1, 5, 2, 3, 4]), vec![0, 1, 3, 4, 5]);
        assert_eq!(lis(&[]), Vec::<usize>::new());
    }
}

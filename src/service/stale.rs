//! CONTENT-REFS: references the current draft left at their old numbers although the clause
//! they named was renumbered by some change of the text — the reference's target no longer
//! says what it said. The draft alone cannot tell (any number may be meant), so this follows
//! every version of `contract.md` in the dossier's history through the clause diff, carrying
//! what each reference meant from version to version, and turns each reference of the draft
//! that no longer names what it meant into a finding. It also reads the history for the diff's
//! move hints (which clause a recorded edit moved). The rule itself — its findings, and why a
//! stale reference is a warning but a reference to no clause an error — is
//! `domain::rules::refs`.

use super::{Failure, Service};
use crate::contract::diff::{self, ContractDiff, Intents};
use crate::contract::numerals::from_chinese;
use crate::contract::refs::unknown_targets;
use crate::contract::render::clause_label;
use crate::contract::{Contract, parse};
use crate::domain::event::parse_events;
use crate::domain::rules::{Finding, refs};
use crate::i18n::Lang;

/// The findings for the stale references of `diff` (old → current draft).
pub(crate) fn findings(d: &ContractDiff, lang: Lang) -> Vec<Finding> {
    d.clauses
        .iter()
        .flat_map(|c| {
            let at = c.new_label.clone().unwrap_or_default();
            c.stale_refs
                .iter()
                .map(move |s| refs::stale(&at, &s.text, s.now.as_deref(), lang))
        })
        .collect()
}

/// The errors for references of `c` to clauses it does not have.
pub(crate) fn unknown(c: &Contract, lang: Lang) -> Vec<Finding> {
    let last = clause_label(c.clauses().count());
    unknown_targets(c)
        .iter()
        .map(|(n, text)| refs::missing(&clause_label(*n), text, &last, lang))
        .collect()
}

/// Old clause positions the recorded edits of one commit moved (`clause.moved` events).
pub(crate) fn moved_in(message: &str) -> Vec<usize> {
    parse_events(message)
        .iter()
        .filter(|e| e.kind == "clause.moved" || e.kind == "clause.moved_first")
        .filter_map(|e| {
            let label = e.get("clause")?;
            let num = label.strip_prefix('第')?.strip_suffix('条')?;
            from_chinese(num).map(|n| n as usize)
        })
        .collect()
}

impl Service {
    /// CONTENT-REFS for dossier `id` whose draft at HEAD is `current` (text and parse): the
    /// references to clauses the draft does not have, then the stale ones.
    ///
    /// A reference goes stale in the version that renumbered its clause without it, and stays
    /// stale through every later version until its own number is changed — so the draft is not
    /// compared with the last version alone (one unrelated edit would hide it) but followed
    /// through every version of the text, oldest first, each diff carrying what each reference
    /// meant into the next.
    pub(crate) fn stale_findings(
        &self,
        id: &str,
        text: &str,
        current: &Contract,
    ) -> Result<Vec<Finding>, Failure> {
        let history = self.ws.history(id)?;
        // The distinct versions of the text, oldest first, each with the move hints of the
        // commit that made it.
        let mut versions: Vec<(String, Vec<usize>)> = Vec::new();
        for entry in history.iter().rev() {
            let Some(t) = self
                .ws
                .file_at(id, &entry.commit, crate::store::CONTRACT_FILE)?
            else {
                continue;
            };
            if versions.last().is_none_or(|(last, _)| *last != t) {
                versions.push((t, moved_in(&entry.message)));
            }
        }
        if versions.last().is_none_or(|(last, _)| last != text) {
            versions.push((text.to_string(), Vec::new()));
        }
        let mut out = unknown(current, self.lang);
        let Some(((_, moved), earlier)) = versions.split_last() else {
            return Ok(out);
        };
        let mut prev: Option<(Contract, Option<Intents>)> = None;
        for (t, hints) in earlier {
            // A version that no longer parses breaks the chain: its references start afresh.
            let Ok(c) = parse::parse(t) else {
                prev = None;
                continue;
            };
            let intents =
                prev.map(|(p, meant)| diff::diff_following(&p, &c, hints, meant.as_ref()).1);
            prev = Some((c, intents));
        }
        let Some((old, meant)) = prev else {
            return Ok(out);
        };
        let (d, _) = diff::diff_following(&old, current, moved, meant.as_ref());
        out.extend(findings(&d, self.lang));
        Ok(out)
    }

    /// The diff's move hints for comparing `from` with `to`: the clauses moved by `to`'s own
    /// recorded edit when `from` is its parent; none otherwise (numbers would not line up).
    pub(crate) fn move_hints(&self, id: &str, from: &str, to: &str) -> Vec<usize> {
        let Ok(history) = self.ws.history(id) else {
            return Vec::new();
        };
        let at = |rev: &str| {
            let commit = self.ws.resolve_rev(id, rev).ok()?;
            history.iter().position(|e| e.commit == commit)
        };
        match (at(from), at(to)) {
            (Some(f), Some(t)) if f == t + 1 => history
                .get(t)
                .map(|e| moved_in(&e.message))
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

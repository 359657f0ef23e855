//! CONTENT-REFS: references the current draft left at their old numbers although the clause
//! they named was renumbered by the last change of the text — the reference's target no longer
//! says what it said. The draft alone cannot tell (any number may be meant), so this compares
//! the draft with the last different version of `contract.md` in the dossier's history, through
//! the clause diff, and turns each stale reference the diff finds into a finding. It also reads
//! the history for the diff's move hints (which clause a recorded edit moved).

use super::{Failure, Service};
use crate::contract::diff::{self, ContractDiff};
use crate::contract::numerals::from_chinese;
use crate::contract::{Contract, parse};
use crate::domain::event::parse_events;
use crate::domain::procedure::Step;
use crate::domain::rules::{Finding, Severity};
use crate::i18n::{Lang, tr, trf};

/// The findings for the stale references of `diff` (old → current draft).
pub(crate) fn findings(d: &ContractDiff, lang: Lang) -> Vec<Finding> {
    d.clauses
        .iter()
        .flat_map(|c| {
            let at = c.new_label.clone().unwrap_or_default();
            c.stale_refs.iter().map(move |s| Finding {
                rule: "CONTENT-REFS",
                severity: Severity::Warning,
                step: Step::Draft,
                message: trf(
                    lang,
                    "contract_import.rule.stale",
                    &[
                        ("clause", &at),
                        ("text", &crate::text::sanitize_line(&s.text)),
                        ("now", &s.now),
                    ],
                ),
                citation: tr(lang, "contract_import.rule.citation"),
                due: None,
            })
        })
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
    /// CONTENT-REFS for dossier `id` whose draft at HEAD is `current` (text and parse).
    pub(crate) fn stale_findings(
        &self,
        id: &str,
        text: &str,
        current: &Contract,
    ) -> Result<Vec<Finding>, Failure> {
        let history = self.ws.history(id)?;
        for entry in history.iter().skip(1) {
            let Some(old) = self
                .ws
                .file_at(id, &entry.commit, crate::store::CONTRACT_FILE)?
            else {
                return Ok(Vec::new());
            };
            if old == text {
                continue;
            }
            let Ok(old) = parse::parse(&old) else {
                return Ok(Vec::new());
            };
            return Ok(findings(&diff::diff(&old, current), self.lang));
        }
        Ok(Vec::new())
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

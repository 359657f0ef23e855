//! Versions of a dossier: its history in the user's language (from each commit's events), the
//! default pair to compare, and the clause-by-clause comparison of two versions with the changed
//! agreed terms first. The CLI's `log`/`diff` and the TUI's Diff screen both come through here,
//! so they choose the same default pair and describe commits in the same words.

use super::view::{ChangeKind, ClauseChange, DiffView, InlineKind, Version};
use super::{Failure, Service};
use crate::contract::diff::{self, ContractDiff};
use crate::contract::{Contract, parse, render};
use crate::domain::event::describe;
use crate::domain::record::{TermChange, term_changes};
use crate::domain::{AgreedTerms, Dossier, Invalid, Problem};
use std::path::Path;

/// Two versions compared.
#[derive(Debug, Clone)]
pub(crate) struct Comparison {
    pub from: String,
    pub to: String,
    pub old: Contract,
    pub new: Contract,
    pub diff: ContractDiff,
    pub terms: Vec<TermChange>,
}

/// The default comparison, from the tags present: the last two rounds (`round-2` → `round-3`);
/// with one round, that round against the current state (`HEAD`); with none, nothing.
pub(crate) fn default_revs<'a>(
    tags: impl IntoIterator<Item = &'a str>,
) -> Option<(String, String)> {
    let mut rounds: Vec<u32> = tags
        .into_iter()
        .filter_map(|t| t.strip_prefix("round-")?.parse().ok())
        .collect();
    rounds.sort_unstable();
    rounds.dedup();
    match rounds.as_slice() {
        [.., a, b] => Some((format!("round-{a}"), format!("round-{b}"))),
        [a] => Some((format!("round-{a}"), "HEAD".into())),
        [] => None,
    }
}

/// The default pair as positions in a version list (newest first), for the Diff screen and the
/// CLI alike: the latest change of the draft. A draft just imported with its tracked changes as
/// two versions (`--tracked both`) before any round compares those two: what the other side
/// proposed. Otherwise, with the current draft (`HEAD`'s):
///
/// - from: the newest round whose draft differs from the current one; without one, the first
///   draft (when it differs) — so the pair works whenever two versions of the draft exist,
///   however late the draft was made; without that, the newest version whose draft differs;
/// - to: the first round after it that holds the current draft (`round-2 → round-3` when the
///   draft has not changed since round 3), else the current state (`HEAD`) — so edits made
///   after the last round are never hidden behind two rounds with the same draft.
///
/// Only when no version's draft differs from the current one does it fall back to
/// [`default_revs`], the last two rounds (the terms may still differ).
pub(crate) fn default_pair(versions: &[Version]) -> Option<(usize, usize)> {
    let revisions_last = versions.first().is_some_and(|v| {
        crate::domain::event::parse_events(&v.message)
            .iter()
            .any(|e| e.kind == "draft.revisions_accepted")
    });
    let is_round = |v: &Version| v.tags.iter().any(|t| t.starts_with("round-"));
    let no_rounds = !versions.iter().any(is_round);
    if revisions_last && no_rounds && versions.len() > 1 {
        return Some((1, 0));
    }
    let Some(head) = versions.first().and_then(|v| v.draft.as_ref()) else {
        return default_tag_pair(versions);
    };
    let differs = |v: &Version| v.draft.as_ref().is_some_and(|d| d != head);
    let from = versions
        .iter()
        .position(|v| is_round(v) && differs(v))
        .or_else(|| {
            versions
                .iter()
                .rposition(|v| v.draft.is_some())
                .filter(|&i| differs(&versions[i]))
        })
        .or_else(|| versions.iter().position(differs));
    let Some(from) = from else {
        return default_tag_pair(versions);
    };
    let to = (1..from)
        .rev()
        .find(|&i| is_round(&versions[i]) && versions[i].draft.as_ref() == Some(head))
        .unwrap_or(0);
    Some((from, to))
}

/// [`default_revs`] as positions in a version list.
fn default_tag_pair(versions: &[Version]) -> Option<(usize, usize)> {
    let (from, to) = default_revs(
        versions
            .iter()
            .flat_map(|v| v.tags.iter().map(String::as_str)),
    )?;
    let at = |rev: &str| {
        if rev == "HEAD" {
            return Some(0);
        }
        versions
            .iter()
            .position(|v| v.tags.iter().any(|t| t == rev))
    };
    Some((at(&from)?, at(&to)?))
}

fn terms(d: Option<&Dossier>) -> AgreedTerms {
    d.map(|d| d.terms.clone()).unwrap_or_default()
}

impl Service {
    /// The dossier's commits, newest first, each described in the user's language.
    pub fn history(&self, id: &str) -> Result<Vec<Version>, Failure> {
        Ok(self
            .ws
            .history(id)?
            .into_iter()
            .map(|e| Version {
                draft: self
                    .ws
                    .file_oid_at(id, &e.commit, crate::store::CONTRACT_FILE)
                    .ok()
                    .flatten(),
                text: describe(&e.message, self.lang),
                rev: e.commit,
                short: e.short,
                time: e.time.format("%Y-%m-%d %H:%M").to_string(),
                message: e.message,
                tags: e.tags,
            })
            .collect())
    }

    /// The default pair for dossier `id` (see [`default_pair`]), named by round tag where the
    /// version has one; refused when there is nothing to compare.
    pub(crate) fn default_revs(&self, id: &str) -> Result<(String, String), Failure> {
        let versions = self.history(id)?;
        let name = |i: usize| -> String {
            let Some(v) = versions.get(i) else {
                return "HEAD".into();
            };
            if i == 0 {
                return "HEAD".into();
            }
            v.tags
                .iter()
                .find(|t| t.starts_with("round-"))
                .cloned()
                .unwrap_or_else(|| v.rev.clone())
        };
        default_pair(&versions)
            .map(|(a, b)| (name(a), name(b)))
            .ok_or_else(|| Failure::Refused(crate::i18n::tr(self.lang, "cli.diff_no_rounds")))
    }

    /// Versions `from` and `to` of dossier `id` compared. A version without a draft compares
    /// as an empty contract (everything inserted), so the history before drafting still reads.
    pub(crate) fn compare(&self, id: &str, from: &str, to: &str) -> Result<Comparison, Failure> {
        let lang = self.lang;
        let contract_at = |rev: &str| -> Result<Contract, Failure> {
            match self.ws.file_at(id, rev, crate::store::CONTRACT_FILE)? {
                Some(t) => parse::parse(&t).map_err(|e| {
                    Invalid::new("contract.md", rev, Problem::Other(e.message(lang))).into()
                }),
                None => Ok(Contract::default()),
            }
        };
        let (old, new) = (contract_at(from)?, contract_at(to)?);
        let dossier_at = |rev: &str| self.ws.dossier_at(id, rev).ok().flatten();
        let terms = term_changes(
            &terms(dossier_at(from).as_ref()),
            &terms(dossier_at(to).as_ref()),
        );
        let moved = self.move_hints(id, from, to);
        Ok(Comparison {
            diff: diff::diff_with(&old, &new, &moved),
            from: from.to_string(),
            to: to.to_string(),
            old,
            new,
            terms,
        })
    }

    /// Two contract files compared (no terms).
    pub(crate) fn compare_files(&self, old: &Path, new: &Path) -> Result<Comparison, Failure> {
        let read = |field: &str, p: &Path| -> Result<Contract, Failure> {
            // Word files too: `diff --files a.docx b.docx` (tracked changes accepted).
            let file = super::word_import::read_draft_file(field, p, self.lang)?;
            file.import(&file.text).map(|i| i.contract).map_err(|e| {
                Invalid::new(
                    field,
                    p.display().to_string(),
                    Problem::Other(e.message(self.lang)),
                )
                .into()
            })
        };
        let (o, n) = (read("OLD", old)?, read("NEW", new)?);
        Ok(Comparison {
            diff: diff::diff(&o, &n),
            from: old.display().to_string(),
            to: new.display().to_string(),
            old: o,
            new: n,
            terms: Vec::new(),
        })
    }

    /// The comparison in the shape the Diff screen reads.
    pub(crate) fn diff_view(&self, id: &str, from: &str, to: &str) -> Result<DiffView, Failure> {
        Ok(view(&self.compare(id, from, to)?, self.lang))
    }
}

/// Changed lines of the front or back matter as entries of the Diff screen, labelled `首部` /
/// `尾部` so they never read as a clause.
fn matter_changes(
    lines: &[diff::LineChange],
    which: &str,
    lang: crate::i18n::Lang,
) -> Vec<ClauseChange> {
    let label = crate::i18n::tr(lang, &format!("contract_import.label.{which}"));
    lines
        .iter()
        .map(|l| ClauseChange {
            kind: match l.change {
                diff::Change::Inserted => ChangeKind::Inserted,
                diff::Change::Deleted => ChangeKind::Deleted,
                _ => ChangeKind::Modified,
            },
            old_label: l.old.as_ref().map(|_| label.clone()),
            new_label: l.new.as_ref().map(|_| label.clone()),
            old_text: l.old.clone().unwrap_or_default(),
            new_text: l.new.clone().unwrap_or_default(),
            inline: l
                .inline
                .iter()
                .map(|o| {
                    let k = match o.op {
                        diff::Op::Equal => InlineKind::Equal,
                        diff::Op::Delete => InlineKind::Delete,
                        diff::Op::Insert => InlineKind::Insert,
                    };
                    (k, o.text.clone())
                })
                .collect(),
            refs_updated: false,
            stale_refs: Vec::new(),
        })
        .collect()
}

fn clause_text(c: &Contract, no: Option<usize>) -> String {
    no.and_then(|n| c.clauses().nth(n.saturating_sub(1)))
        .map(|(_, _, cl)| render::clause_body(cl))
        .unwrap_or_default()
}

/// The Diff screen's view of a comparison: only the clauses that changed, and (as the CLI lists
/// them) those whose only change is an updated cross-reference; front and back matter first and last.
pub(crate) fn view(c: &Comparison, lang: crate::i18n::Lang) -> DiffView {
    let mut clauses: Vec<ClauseChange> = matter_changes(&c.diff.front, "front", lang);
    let body: Vec<ClauseChange> = c
        .diff
        .clauses
        .iter()
        .filter(|x| {
            x.change != diff::Change::Unchanged || x.refs_updated || !x.stale_refs.is_empty()
        })
        .map(|x| ClauseChange {
            kind: match x.change {
                diff::Change::Unchanged => ChangeKind::Unchanged,
                diff::Change::Renumbered => ChangeKind::Renumbered,
                diff::Change::Moved => ChangeKind::Moved,
                diff::Change::Modified => ChangeKind::Modified,
                diff::Change::Inserted => ChangeKind::Inserted,
                diff::Change::Deleted => ChangeKind::Deleted,
            },
            old_label: x.old_label.clone(),
            new_label: x.new_label.clone(),
            old_text: clause_text(&c.old, x.old_no),
            new_text: clause_text(&c.new, x.new_no),
            inline: x
                .inline
                .iter()
                .map(|o| {
                    let k = match o.op {
                        diff::Op::Equal => InlineKind::Equal,
                        diff::Op::Delete => InlineKind::Delete,
                        diff::Op::Insert => InlineKind::Insert,
                    };
                    (k, o.text.clone())
                })
                .collect(),
            refs_updated: x.refs_updated,
            stale_refs: x.stale_refs.clone(),
        })
        .collect();
    clauses.extend(body);
    clauses.extend(matter_changes(&c.diff.back, "back", lang));
    let short = |r: &str| r.chars().take(7).collect::<String>();
    DiffView {
        old_label: short(&c.from),
        new_label: short(&c.to),
        terms: c.terms.clone(),
        clauses,
    }
}

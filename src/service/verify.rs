//! Integrity: whether a dossier is what its history says it is. `verify` judges the facts the
//! store reads (`store::integrity`) and returns findings with rule ids of their own, shown by
//! `verify`, `check` and the TUI like any other finding:
//!
//! - `INTEGRITY-WORKTREE`: a file differs from the last commit (an edit outside xieshang);
//! - `INTEGRITY-SEAL`: the signed text or facts no longer match the seal taken at signing, or a
//!   signed dossier has no seal;
//! - `INTEGRITY-WITNESS`: the seal in `dossier.json` and the one carried by the annotated `signed`
//!   tag disagree (one of them was rewritten), or a received dossier's seal is not the one this
//!   workspace recorded when the signed agreement came back (`store::witness`);
//! - `INTEGRITY-HISTORY`: a tag is not in the history, sits on a commit that did not record its
//!   event, or a milestone on record has no tag; a commit the branch once held is gone (a reset
//!   or a rebase);
//! - `INTEGRITY-OBJECTS`: objects of the history are missing;
//! - `INTEGRITY-ID`: the id in `dossier.json` is not the folder's;
//! - `INTEGRITY-ATTACHMENT`: an attached scan is missing, is not the file recorded, differs on
//!   disk, or is not the file its tag bound.
//!
//! Judging only: nothing here writes. Completing an interrupted save happens when the dossier is
//! opened for writing, and `verify` reports what that fixed.

use super::{Failure, Service};
use crate::domain::event::parse_events;
use crate::domain::procedure::Step;
use crate::domain::rules::{Finding, Severity};
use crate::domain::seal::{Seal, facts_sha256, sha256};
use crate::domain::{Dossier, RoundState};
use crate::i18n::{Lang, trf};
use crate::store::integrity::RepoFacts;
use crate::store::{CONTRACT_FILE, DOSSIER_FILE};

/// The outcome of verifying one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub id: String,
    pub findings: Vec<Finding>,
    /// What opening the dossier repaired first (an interrupted save completed or rolled back).
    pub fixed: Vec<String>,
    /// Witnesses outside the dossier that agree with it (in the user's language).
    pub witnesses: Vec<String>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// The event kinds a milestone tag must sit on (a tag `<name>_N` kept from an earlier pass too).
fn tag_events(tag: &str) -> Option<&'static [&'static str]> {
    let base = tag.split_once('_').map_or(tag, |(b, _)| b);
    Some(match base {
        "offer" => &["offer.recorded"],
        "draft" => &["draft.signed", "draft.template", "draft.imported"],
        "congress" => &["congress.recorded"],
        "signed" => &["signing.recorded"],
        "filed" => &["filing.recorded", "filing.received"],
        "effective" => &["review.no_objection"],
        _ if base.starts_with("amend-") => &["amendment.recorded"],
        _ if base.starts_with("attach-") => &["attachment.added"],
        _ if base.starts_with("round-") => &["round.closed", "round.suspended"],
        _ => return None,
    })
}

struct Judge {
    lang: Lang,
    out: Vec<Finding>,
}

impl Judge {
    fn add(&mut self, rule: &'static str, step: Step, key: &str, args: &[(&str, &str)]) {
        self.out.push(Finding {
            rule,
            severity: Severity::Error,
            step,
            message: trf(self.lang, &format!("verify.{key}"), args),
            citation: trf(self.lang, "verify.citation", &[]),
            due: None,
        });
    }
}

fn short(s: &str) -> String {
    s.chars().take(7).collect()
}

/// The pre-review file is the reviewing union's: every commit that changed one of its reviews
/// must say it was made by that union (`Xieshang-Union`). A review typed in by the grassroots
/// side from a paper opinion is theirs to change. Anything else is someone writing in another
/// union's name.
fn prereview_findings(j: &mut Judge, d: &Dossier, facts: &RepoFacts) {
    let reviews = |b: &Option<Vec<u8>>| -> Vec<crate::domain::PreReview> {
        b.as_deref()
            .and_then(|b| serde_json::from_slice::<crate::domain::PreReviews>(b).ok())
            .map(|p| p.reviews)
            .unwrap_or_default()
    };
    let owner = d.union.as_ref().map(|u| u.code.as_str());
    for c in &facts.prereview_changes {
        let before = reviews(&c.before);
        let after = reviews(&c.after);
        let touched = after.iter().filter(|r| !before.contains(r)).chain(
            before
                .iter()
                .filter(|r| !after.iter().any(|a| a.submitted == r.submitted)),
        );
        for r in touched {
            let ok = match r.entered_by {
                crate::domain::EnteredBy::Reviewer => {
                    r.union.as_ref().map(|u| u.code.as_str()) == c.union.as_deref()
                        && c.union.is_some()
                }
                crate::domain::EnteredBy::Grassroots => {
                    c.union.is_none() || c.union.as_deref() == owner
                }
            };
            if !ok {
                let named = |code: Option<&str>, none: &str| match code {
                    Some(code) => trf(
                        j.lang,
                        "verify.union_named",
                        &[("code", &crate::text::sanitize_line(code))],
                    ),
                    None => trf(j.lang, none, &[]),
                };
                let by = named(c.union.as_deref(), "verify.unnamed");
                let of = named(
                    r.union.as_ref().map(|u| u.code.as_str()),
                    "verify.unnamed_review",
                );
                j.add(
                    "INTEGRITY-PREREVIEW",
                    Step::PreReview,
                    "prereview_foreign",
                    &[("commit", &short(&c.commit)), ("by", &by), ("union", &of)],
                );
                // The pre-review exists before anything is signed: its own ground, not the
                // signed agreement's.
                if let Some(f) = j.out.last_mut() {
                    f.citation = trf(j.lang, "verify.citation_prereview", &[]);
                }
                break;
            }
        }
    }
}

/// The findings for `facts` of dossier `id`.
pub fn judge(id: &str, facts: &RepoFacts, lang: Lang) -> Vec<Finding> {
    let mut j = Judge {
        lang,
        out: Vec::new(),
    };
    let head: Option<Dossier> = facts
        .head_dossier
        .as_deref()
        .and_then(|b| crate::store::parse_committed(id, b));
    let sealed = head.as_ref().is_some_and(Dossier::is_sealed);
    if !facts.hand_edited.is_empty() {
        let files = facts.hand_edited.join(", ");
        let key = if sealed {
            "worktree_sealed"
        } else {
            "worktree"
        };
        j.add(
            "INTEGRITY-WORKTREE",
            Step::Signing,
            key,
            &[("files", &files)],
        );
    }
    if let Some(d) = &head {
        // A received dossier's key is `CODE/ID`: the folder is the last part.
        if d.id != id.rsplit('/').next().unwrap_or(id) {
            j.add(
                "INTEGRITY-ID",
                Step::Representatives,
                "id",
                &[("id", id), ("found", &crate::text::sanitize_line(&d.id))],
            );
        }
        seal_findings(&mut j, d, facts);
        history_findings(&mut j, d, facts);
        prereview_findings(&mut j, d, facts);
        attachment_findings(&mut j, d, facts);
    }
    for branch in &facts.unmerged {
        j.out.push(Finding {
            rule: "INTEGRITY-UNMERGED",
            severity: Severity::Warning,
            step: Step::PreReview,
            message: trf(
                lang,
                "verify.unmerged",
                &[("branch", &crate::text::sanitize_line(branch))],
            ),
            citation: trf(lang, "verify.citation", &[]),
            due: None,
        });
    }
    for (what, oid) in &facts.missing {
        j.add(
            "INTEGRITY-OBJECTS",
            Step::Signing,
            "missing",
            &[
                ("what", &crate::text::sanitize_line(what)),
                ("id", &short(oid)),
            ],
        );
    }
    j.out
}

fn seal_findings(j: &mut Judge, d: &Dossier, facts: &RepoFacts) {
    if !d.is_sealed() {
        return;
    }
    let Some(signed) = &d.seal else {
        j.add("INTEGRITY-SEAL", Step::Signing, "unsealed", &[]);
        return;
    };
    // The text and facts are judged against the seal in force (the last amendment's, if any).
    let seal = d.current_seal().unwrap_or(signed);
    // The committed state against the seal: a rewritten history shows here.
    let text = facts.head_contract.as_deref().unwrap_or_default();
    if sha256(text) != seal.text_sha256 {
        j.add(
            "INTEGRITY-SEAL",
            Step::Signing,
            "text",
            &[("file", CONTRACT_FILE)],
        );
    }
    if facts_sha256(d) != seal.facts_sha256 {
        j.add(
            "INTEGRITY-SEAL",
            Step::Signing,
            "facts",
            &[("file", DOSSIER_FILE)],
        );
    }
    // The files on disk against the seal: an edit not (yet) committed shows here.
    if facts.work_contract.as_deref().unwrap_or_default() != text
        && sha256(facts.work_contract.as_deref().unwrap_or_default()) != seal.text_sha256
    {
        j.add(
            "INTEGRITY-SEAL",
            Step::Signing,
            "work_text",
            &[("file", CONTRACT_FILE)],
        );
    }
    // The record on disk against the seal (when it still parses).
    if let Some(w) = facts
        .work_dossier
        .as_deref()
        .filter(|w| Some(*w) != facts.head_dossier.as_deref())
        .and_then(|b| crate::store::parse_committed(&d.id, b))
        && facts_sha256(&w) != seal.facts_sha256
    {
        j.add(
            "INTEGRITY-SEAL",
            Step::Signing,
            "work_facts",
            &[("file", DOSSIER_FILE)],
        );
    }
    // The witnesses in the annotated tags: `signed`, then each `amend-N`, a chain in which every
    // amendment names the state it follows.
    witness(j, facts, "signed", signed);
    let mut before = "signed".to_string();
    for (i, a) in d.amendments.iter().enumerate() {
        let Some(s) = &a.seal else {
            continue;
        };
        let name = format!("amend-{}", i + 1);
        if a.follows.as_deref() != Some(before.as_str()) {
            j.add(
                "INTEGRITY-HISTORY",
                Step::Signing,
                "chain",
                &[("tag", &name), ("follows", &before)],
            );
        }
        witness(j, facts, &name, s);
        before = name;
    }
    chain_findings(j, d, signed, facts);
}

/// Walks the committed states from the `signed` commit to `HEAD`: the signed commit must hold
/// what its seal names, and every later commit that changes the sealed text or facts must record
/// an amendment or a correction, seal exactly the state it leaves, and change only what it
/// records (an amendment its clauses, a correction its one fact). A change committed by hand, or
/// a seal taken over one, breaks the chain even when `HEAD` matches the last seal.
fn chain_findings(j: &mut Judge, d: &Dossier, signed: &Seal, facts: &RepoFacts) {
    let mut states = facts.since_signed.iter();
    let Some(first) = states.next() else {
        return;
    };
    let parse = |s: &crate::store::integrity::StateFact| {
        s.dossier
            .as_deref()
            .and_then(|b| crate::store::parse_committed(&d.id, b))
    };
    let text_of = |s: &crate::store::integrity::StateFact| {
        String::from_utf8_lossy(s.contract.as_deref().unwrap_or_default()).into_owned()
    };
    let Some(mut prev) = parse(first) else {
        return;
    };
    let mut prev_text = text_of(first);
    if Seal::of(&prev, Some(&prev_text)) != *signed {
        j.add(
            "INTEGRITY-SEAL",
            Step::Signing,
            "chain_signed",
            &[("commit", &short(&first.commit))],
        );
        return;
    }
    for s in states {
        let Some(now) = parse(s) else {
            continue;
        };
        let text = text_of(s);
        let text_same = text == prev_text;
        let facts_same = facts_sha256(&now) == facts_sha256(&prev);
        if !(text_same && facts_same || derived(j.lang, &prev, &prev_text, &now, &text, s)) {
            let file = match (text_same, facts_same) {
                (false, false) => format!("{CONTRACT_FILE}, {DOSSIER_FILE}"),
                (false, true) => CONTRACT_FILE.to_string(),
                _ => DOSSIER_FILE.to_string(),
            };
            j.add(
                "INTEGRITY-SEAL",
                Step::Signing,
                "chain_unrecorded",
                &[("commit", &short(&s.commit)), ("file", &file)],
            );
        }
        prev = now;
        prev_text = text;
    }
}

/// Whether the sealed state `now`/`text` of commit `s` follows from `prev`/`prev_text` through the
/// one amendment or correction the commit records, and nothing else.
fn derived(
    lang: Lang,
    prev: &Dossier,
    prev_text: &str,
    now: &Dossier,
    text: &str,
    s: &crate::store::integrity::StateFact,
) -> bool {
    let recorded = parse_events(&s.message)
        .iter()
        .any(|e| e.kind == "amendment.recorded");
    if !recorded || now.amendments.len() != prev.amendments.len() + 1 {
        return false;
    }
    let Some(a) = now.amendments.last() else {
        return false;
    };
    if a.seal.as_ref() != Some(&Seal::of(now, Some(text))) {
        return false;
    }
    // A correction changes its one fact and leaves the text alone; an amendment rewrites its
    // clauses and leaves the facts alone.
    if let Some(what) = &a.corrects {
        text == prev_text && facts_without(prev, what) == facts_without(now, what)
    } else {
        let clauses: Vec<(usize, String)> = a
            .clauses
            .iter()
            .map(|c| (c.number, c.text.clone()))
            .collect();
        facts_sha256(now) == facts_sha256(prev)
            && super::draft::amended(&now.id, prev_text, &clauses, lang).is_ok_and(|t| t == text)
    }
}

/// The signed facts of `d` with the fact at `path` (`signing.date`) blanked.
fn facts_without(d: &Dossier, path: &str) -> Option<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_slice(&crate::domain::seal::facts(d)).ok()?;
    let mut at = &mut v;
    for part in path.split('.') {
        at = at.get_mut(part)?;
    }
    *at = serde_json::Value::Null;
    Some(v)
}

/// Each attachment on record must be committed with the bytes recorded, the same on disk, and
/// bound by its tag to that very file and to a seal this agreement had.
fn attachment_findings(j: &mut Judge, d: &Dossier, facts: &RepoFacts) {
    let seals: Vec<&Seal> = d
        .seal
        .iter()
        .chain(d.amendments.iter().filter_map(|a| a.seal.as_ref()))
        .collect();
    for (a, f) in &facts.attachments {
        let file = [("file", a.file.as_str())];
        match &f.head_sha256 {
            None => j.add(
                "INTEGRITY-ATTACHMENT",
                Step::Signing,
                "attachment_missing",
                &file,
            ),
            Some(h) if *h != a.sha256 => j.add(
                "INTEGRITY-ATTACHMENT",
                Step::Signing,
                "attachment_altered",
                &file,
            ),
            Some(h) if f.work_sha256.as_ref() != Some(h) => j.add(
                "INTEGRITY-ATTACHMENT",
                Step::Signing,
                "attachment_work",
                &file,
            ),
            Some(_) => {}
        }
        let tag = [("file", a.file.as_str()), ("tag", f.tag.as_str())];
        if !f.tag_found {
            j.add(
                "INTEGRITY-HISTORY",
                Step::Signing,
                "attachment_untagged",
                &tag,
            );
        } else if !f.tag_same_file {
            j.add(
                "INTEGRITY-ATTACHMENT",
                Step::Signing,
                "attachment_moved",
                &tag,
            );
        }
        if let Some(s) = &f.tag_seal
            && !seals.contains(&s)
        {
            j.add("INTEGRITY-WITNESS", Step::Signing, "attachment_seal", &tag);
        }
    }
}

/// The annotated tag `name` must carry `seal`.
fn witness(j: &mut Judge, facts: &RepoFacts, name: &str, seal: &Seal) {
    match facts.tags.iter().find(|t| t.name == name) {
        Some(t) => match t.note.as_deref().and_then(Seal::from_tag_message) {
            Some(w) if &w == seal => {}
            Some(_) => j.add(
                "INTEGRITY-WITNESS",
                Step::Signing,
                "witness_differs",
                &[("tag", name)],
            ),
            None => j.add(
                "INTEGRITY-WITNESS",
                Step::Signing,
                "witness_missing",
                &[("tag", name)],
            ),
        },
        None => j.add(
            "INTEGRITY-HISTORY",
            Step::Signing,
            "tag_missing",
            &[("tag", name)],
        ),
    }
}

fn history_findings(j: &mut Judge, d: &Dossier, facts: &RepoFacts) {
    for t in &facts.tags {
        let name = crate::text::sanitize_line(&t.name);
        if !t.in_history {
            j.add(
                "INTEGRITY-HISTORY",
                Step::Signing,
                "tag_outside",
                &[("tag", &name), ("commit", &short(&t.commit))],
            );
            continue;
        }
        if let Some(kinds) = tag_events(&t.name) {
            let events = parse_events(&t.commit_message);
            // `round-3` must sit on the commit that closed round 3, not on any round's close.
            let round = t
                .name
                .strip_prefix("round-")
                .map(|r| r.split_once('_').map_or(r, |(n, _)| n));
            let names_it = |e: &crate::domain::event::Event| {
                kinds.contains(&e.kind.as_str()) && round.is_none_or(|n| e.get("round") == Some(n))
            };
            // A commit from before events were written (no trailer at all) cannot be judged.
            if !events.is_empty() && !events.iter().any(names_it) {
                j.add(
                    "INTEGRITY-HISTORY",
                    Step::Signing,
                    "tag_moved",
                    &[("tag", &name), ("commit", &short(&t.commit))],
                );
            }
        }
    }
    let has = |tag: &str| facts.tags.iter().any(|t| t.name == tag);
    let mut expected: Vec<String> = Vec::new();
    if d.offer.is_some() {
        expected.push("offer".into());
    }
    for r in &d.rounds {
        if !matches!(r.state, RoundState::Open) {
            expected.push(format!("round-{}", r.number));
        }
    }
    if d.congress.is_some() {
        expected.push("congress".into());
    }
    if d.filing.is_some() {
        expected.push("filed".into());
    }
    if d.effective.is_some() && d.review.is_some() {
        expected.push("effective".into());
    }
    for tag in expected.iter().filter(|t| !has(t)) {
        j.add(
            "INTEGRITY-HISTORY",
            Step::Signing,
            "tag_missing",
            &[("tag", tag)],
        );
    }
    for lost in &facts.lost {
        j.add(
            "INTEGRITY-HISTORY",
            Step::Signing,
            "lost",
            &[
                ("commit", &short(&lost.commit)),
                ("how", &crate::text::sanitize_line(&lost.how)),
            ],
        );
    }
}

impl Service {
    /// Verifies dossier `id`. Opening it for writing first completes or rolls back an
    /// interrupted save (reported in `fixed`); on read-only storage or while another program
    /// holds it, the dossier is judged as it is.
    pub fn verify(&mut self, id: &str) -> Result<Verification, Failure> {
        let mut fixed = Vec::new();
        if let Ok(Some(r)) = self.ws.recover(id) {
            fixed.push(match r {
                crate::store::Recovered::Completed { tags } => trf(
                    self.lang,
                    "verify.fixed_completed",
                    &[("tags", &tags.join(", "))],
                ),
                crate::store::Recovered::RolledBack => {
                    trf(self.lang, "verify.fixed_rolled_back", &[])
                }
            });
        }
        let facts = self.ws.repo_facts(id, true)?;
        let mut findings = judge(id, &facts, self.lang);
        let key = self.ws.key_of(id)?;
        let mut witnesses = Vec::new();
        let seen = self.ws.witnesses(&key)?;
        let witnessed_here = !seen.is_empty();
        if !seen.is_empty() {
            let d = self.ws.load(id)?;
            for w in &seen {
                let now = if w.tag == "signed" {
                    d.seal.as_ref()
                } else {
                    w.tag
                        .strip_prefix("amend-")
                        .and_then(|n| n.parse::<usize>().ok())
                        .and_then(|n| d.amendments.get(n.checked_sub(1)?))
                        .and_then(|a| a.seal.as_ref())
                };
                if now == Some(&w.seal) {
                    witnesses.push(trf(
                        self.lang,
                        "verify.witness_agrees",
                        &[("tag", &w.tag), ("seen", &w.seen.to_string())],
                    ));
                } else {
                    findings.push(Finding {
                        rule: "INTEGRITY-WITNESS",
                        severity: Severity::Error,
                        step: Step::Signing,
                        message: trf(
                            self.lang,
                            // A dossier of this workspace's own was witnessed when imported.
                            if key.contains('/') {
                                "verify.witness_reviewer"
                            } else {
                                "verify.witness_imported"
                            },
                            &[("tag", &w.tag), ("seen", &w.seen.to_string())],
                        ),
                        citation: trf(self.lang, "verify.citation", &[]),
                        due: None,
                    });
                }
            }
        }
        // The archive index, when this workspace has one, witnessed the first seal it indexed.
        if self.ws.root().join(".xieshang/archive.sqlite").is_file()
            && let Ok(idx) = self.ws.archive_index()
            && let Ok(Some(seen)) = idx.witnessed(&key)
            && let Ok(d) = self.ws.load(id)
            && let Some(now) = d.current_seal()
        {
            let first_is_now = d
                .amendments
                .iter()
                .all(|a| a.seal.is_none())
                .then_some(now.text_sha256 == seen);
            match first_is_now {
                Some(true) => {
                    witnesses.push(trf(self.lang, "verify.witness_index", &[]));
                    // An agreement imported before imports wrote `.xieshang/witnesses.json`
                    // had the index as its only witness: the seal the index vouches for is
                    // written there now, so deleting the (derived) index loses nothing. On
                    // read-only storage it stays as it was.
                    if !witnessed_here && !key.contains('/') && d.imported.is_some() {
                        let _ = self.ws.witness(
                            &key,
                            &[("signed".to_string(), now.clone())],
                            self.today,
                        );
                    }
                }
                Some(false) => findings.push(Finding {
                    rule: "INTEGRITY-WITNESS",
                    severity: Severity::Error,
                    step: Step::Signing,
                    message: trf(self.lang, "verify.witness_index_differs", &[]),
                    citation: trf(self.lang, "verify.citation", &[]),
                    due: None,
                }),
                // Amended since: the index saw an earlier sealed state; nothing to compare.
                None => {}
            }
        }
        self.paper_witnesses(id, &mut witnesses, &mut findings);
        Ok(Verification {
            id: id.to_string(),
            findings,
            fixed,
            witnesses,
        })
    }

    /// The exported agreements in the workspace's exports folder: each footer's seal must be one
    /// this agreement had (the current one, or an earlier sealed state the paper was exported
    /// under); a paper carrying another seal is a finding. Papers without a seal (a draft, a
    /// note) witness nothing; a PDF is read only when `pdftotext` is there, and the line says so
    /// when it is not.
    fn paper_witnesses(&self, id: &str, witnesses: &mut Vec<String>, findings: &mut Vec<Finding>) {
        let papers = crate::store::export::exported_papers(self.ws.root(), id);
        if papers.is_empty() {
            return;
        }
        let Ok(d) = self.ws.load(id) else {
            return;
        };
        let mut seals: Vec<(String, &Seal)> = d.seal.iter().map(|s| ("signed".into(), s)).collect();
        for (i, a) in d.amendments.iter().enumerate() {
            if let Some(s) = &a.seal {
                seals.push((format!("amend-{}", i + 1), s));
            }
        }
        let current = d.current_seal();
        for p in papers {
            let file = crate::text::sanitize_line(&p.file);
            let text = match p.text {
                Ok(t) => t,
                Err(crate::store::export::Unread::NoPdfProgram(program)) => {
                    witnesses.push(trf(
                        self.lang,
                        "verify.paper_unread_pdf",
                        &[
                            ("file", &file),
                            ("program", &crate::text::sanitize_line(&program)),
                        ],
                    ));
                    continue;
                }
                Err(crate::store::export::Unread::Damaged) => {
                    witnesses.push(trf(self.lang, "verify.paper_unread", &[("file", &file)]));
                    continue;
                }
            };
            let Some(seen) = crate::domain::seal::seal_in_text(&text) else {
                continue;
            };
            match seals.iter().find(|(_, s)| **s == seen) {
                Some((_, s)) if Some(*s) == current => {
                    witnesses.push(trf(self.lang, "verify.paper_agrees", &[("file", &file)]));
                }
                Some((tag, _)) => witnesses.push(trf(
                    self.lang,
                    "verify.paper_earlier",
                    &[("file", &file), ("tag", tag)],
                )),
                None => findings.push(Finding {
                    rule: "INTEGRITY-WITNESS",
                    severity: Severity::Error,
                    step: Step::Signing,
                    message: trf(self.lang, "verify.paper_differs", &[("file", &file)]),
                    citation: trf(self.lang, "verify.citation", &[]),
                    due: None,
                }),
            }
        }
    }

    /// Every dossier's verification, in id order.
    pub fn verify_all(&mut self) -> Result<Vec<Verification>, Failure> {
        let ids = self.ws.ids();
        let mut out = Vec::new();
        for id in ids {
            out.push(self.verify(&id)?);
        }
        Ok(out)
    }
}

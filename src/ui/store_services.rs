//! The worker's services backed by the real workspace: the store for files and git, the rules
//! for the judgement, the contract engine for parsing, editing and diffing. Each effect becomes
//! one call sequence here and one `Event` back.
//!
//! While a dossier is open, its writer (and so its lock) is held, so a second program gets the
//! store's "in use" message; if the lock is taken, the dossier opens read-only. Nothing here
//! touches the terminal or decides anything the domain decides.

use super::worker::Services;
use crate::app::view::{
    Analysis, ChangeKind, ClauseChange, DiffView, InlineKind, Loaded, StepState, StepView, Summary,
    TermChange, Version,
};
use crate::app::{DraftOp, Effect, Event};
use crate::contract::{Contract, diff, edit, parse, render, template};
use crate::domain::procedure;
use crate::domain::record;
use crate::domain::{Dossier, calendar, region, rules};
use crate::i18n::{Lang, tr};
use crate::store::{DossierWriter, StoreError, Workspace};
use chrono::NaiveDate;
use std::path::PathBuf;

pub struct StoreServices {
    root: PathBuf,
    lang: Lang,
    today: NaiveDate,
    ws: Option<Workspace>,
    /// The workspace's region and holiday data (built-in merged with the user's files).
    data: Option<crate::store::RegionData>,
    /// The open dossier's writer; `None` when nothing is open or it is read-only.
    writer: Option<DossierWriter>,
}

impl StoreServices {
    pub fn new(root: PathBuf, lang: Lang, today: NaiveDate) -> Self {
        StoreServices {
            root,
            lang,
            today,
            ws: None,
            data: None,
            writer: None,
        }
    }

    fn ws(&mut self) -> Result<&Workspace, String> {
        if self.ws.is_none() {
            self.ws = Some(Workspace::open(&self.root).map_err(|e| e.message(self.lang))?);
        }
        self.ws
            .as_ref()
            .ok_or_else(|| tr(self.lang, "ui.store_missing"))
    }

    /// The rules' context with the workspace's region data, read once.
    fn data(&mut self) -> Result<&crate::store::RegionData, String> {
        if self.data.is_none() {
            let lang = self.lang;
            let data = self.ws()?.region_data().map_err(|e| match e {
                crate::store::RegionDataError::Invalid(i) => i.message(lang),
                crate::store::RegionDataError::Store(s) => s.message(lang),
            })?;
            self.data = Some(data);
        }
        self.data
            .as_ref()
            .ok_or_else(|| tr(self.lang, "ui.store_missing"))
    }

    fn err(&self, e: &StoreError) -> String {
        e.message(self.lang)
    }

    fn handle_result(&mut self, effect: Effect) -> Result<Option<Event>, String> {
        Ok(Some(match effect {
            Effect::ListDossiers => {
                // Leaving a dossier releases its lock.
                self.writer = None;
                Event::Listed(self.list()?)
            }
            Effect::OpenDossier(id) => Event::Opened(Box::new(self.open(&id)?)),
            Effect::Create(d) => {
                let ws = self.ws()?;
                let id = ws.new_id(&d.enterprise.name, d.created);
                let d = Dossier {
                    id: id.clone(),
                    ..*d
                };
                let message = format!("new dossier: {} ({})", d.enterprise.name, d.kind.key());
                ws.create(&d, &message).map_err(|e| self.err(&e))?;
                Event::Created { id }
            }
            Effect::Save { id, change } => {
                let tags: Vec<&str> = change.tags.iter().map(String::as_str).collect();
                let w = self.writer_for(&id)?;
                w.save(&change.dossier, None, &change.message, &tags)
                    .map_err(|e| e.message(self.lang))?;
                Event::Saved {
                    loaded: Box::new(self.reload(&id)?),
                    message: change.message.clone(),
                }
            }
            Effect::EditDraft { id, op } => {
                let message = self.edit_draft(&id, &op)?;
                Event::Saved {
                    loaded: Box::new(self.reload(&id)?),
                    message,
                }
            }
            Effect::DraftFromTemplate { id } => {
                let message = self.draft_from_template(&id)?;
                Event::Saved {
                    loaded: Box::new(self.reload(&id)?),
                    message,
                }
            }
            Effect::LoadHistory(id) => {
                let lang = self.lang;
                let entries = self.ws()?.history(&id).map_err(|e| e.message(lang))?;
                Event::History(
                    entries
                        .into_iter()
                        .map(|e| Version {
                            rev: e.commit,
                            short: e.short,
                            time: e.time.format("%Y-%m-%d %H:%M").to_string(),
                            message: e.message,
                            tags: e.tags,
                        })
                        .collect(),
                )
            }
            Effect::ComputeDiff { id, old, new } => {
                Event::Diff(Box::new(self.diff(&id, &old, &new)?))
            }
            // The runtime handles these itself.
            Effect::ExternalEdit { .. } | Effect::Quit => return Ok(None),
        }))
    }

    fn writer_for(&mut self, id: &str) -> Result<&mut DossierWriter, String> {
        if self.writer.as_ref().is_none_or(|w| w.id() != id) {
            let lang = self.lang;
            let w = self.ws()?.open_for_write(id).map_err(|e| e.message(lang))?;
            self.writer = Some(w);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| tr(self.lang, "ui.store_missing"))
    }

    fn list(&mut self) -> Result<Vec<Summary>, String> {
        let (lang, today) = (self.lang, self.today);
        let data = self.data()?.clone();
        let ctx = rules::Context::new(&data.regions, &data.calendar, lang);
        Ok(crate::store::overview::summaries(self.ws()?, &ctx, today))
    }

    /// Opens for writing (taking the lock); falls back to read-only when another holds it.
    fn open(&mut self, id: &str) -> Result<Loaded, String> {
        self.writer = None;
        let lang = self.lang;
        match self.ws()?.open_for_write(id) {
            Ok(w) => {
                let d = w.dossier().clone();
                let text = w.contract_text().map_err(|e| e.message(lang))?;
                self.writer = Some(w);
                Ok(self.loaded(d, text.as_deref(), false))
            }
            Err(StoreError::InUse { .. }) => {
                let ws = self.ws()?;
                let d = ws.load(id).map_err(|e| e.message(lang))?;
                let text = ws.file_at(id, "HEAD", "contract.md").ok().flatten();
                Ok(self.loaded(d, text.as_deref(), true))
            }
            Err(e) => Err(e.message(lang)),
        }
    }

    fn reload(&mut self, id: &str) -> Result<Loaded, String> {
        let lang = self.lang;
        let w = self.writer_for(id)?;
        let d = w.dossier().clone();
        let text = w.contract_text().map_err(|e| e.message(lang))?;
        Ok(self.loaded(d, text.as_deref(), false))
    }

    fn loaded(&self, dossier: Dossier, text: Option<&str>, read_only: bool) -> Loaded {
        let (contract, contract_error) = match text.map(parse::parse) {
            Some(Ok(c)) => (Some(c), None),
            Some(Err(e)) => (None, Some(e.message(self.lang))),
            None => (None, None),
        };
        // Home has loaded the workspace's region data before any dossier opens.
        let mut analysis = match &self.data {
            Some(data) => analyse_with(
                &dossier,
                &rules::Context::new(&data.regions, &data.calendar, self.lang),
                self.today,
            ),
            None => analyse(&dossier, self.lang, self.today),
        };
        if let Some(c) = &contract {
            add_content_findings(&mut analysis, &dossier, c, self.lang);
        }
        Loaded {
            dossier,
            contract,
            contract_error,
            analysis,
            read_only,
        }
    }

    fn edit_draft(&mut self, id: &str, op: &DraftOp) -> Result<String, String> {
        let lang = self.lang;
        let w = self.writer_for(id)?;
        let d = w.dossier().clone();
        let text = w.contract_text().map_err(|e| e.message(lang))?;
        // No draft yet: refuse rather than edit an empty contract, whose rendering would be
        // saved as a contract.md that does not parse back.
        let t = text.ok_or_else(|| tr(lang, "ui.flash.no_draft"))?;
        let c: Contract = parse::parse(&t).map_err(|e| e.message(lang))?;
        let (outcome, message) = match op {
            DraftOp::Edit { number, text } => (
                edit::edit_clause(&c, *number, text),
                format!("draft: {} modified", render::clause_label(*number)),
            ),
            DraftOp::Insert { after, text } => (
                edit::insert_clause(&c, edit::Place::After(*after), text),
                format!(
                    "draft: clause inserted after {}",
                    render::clause_label(*after)
                ),
            ),
            DraftOp::Delete { number } => (
                edit::delete_clause(&c, *number),
                format!("draft: {} deleted", render::clause_label(*number)),
            ),
            DraftOp::Move { number, after } => (
                edit::move_clause(&c, *number, edit::Place::After(*after)),
                format!(
                    "draft: {} moved after {}",
                    render::clause_label(*number),
                    render::clause_label(*after)
                ),
            ),
        };
        let outcome = outcome.map_err(|e| e.message(lang))?;
        let rendered = render::render(&outcome.contract);
        w.save(&d, Some(&rendered), &message, &[])
            .map_err(|e| e.message(lang))?;
        Ok(message)
    }

    /// Fills the kind's template from the dossier (agreed terms become the variables), parses
    /// and renders it canonically, and saves it tagged `draft`.
    fn draft_from_template(&mut self, id: &str) -> Result<String, String> {
        let lang = self.lang;
        let w = self.writer_for(id)?;
        let d = w.dossier().clone();
        let tpl = template::Template::for_kind(d.kind).ok_or_else(|| tr(lang, "ui.no_template"))?;
        let filled = tpl.fill(&d);
        let c = parse::parse(&filled.text).map_err(|e| e.message(lang))?;
        let text = render::render(&c);
        let message = format!("draft: created from template {}", tpl.name);
        w.save(&d, Some(&text), &message, &["draft"])
            .map_err(|e| e.message(lang))?;
        Ok(message)
    }

    fn diff(&mut self, id: &str, old: &str, new: &str) -> Result<DiffView, String> {
        let lang = self.lang;
        let ws = self.ws()?;
        let contract_at = |rev: &str| -> Result<Contract, String> {
            match ws
                .file_at(id, rev, "contract.md")
                .map_err(|e| e.message(lang))?
            {
                Some(t) => parse::parse(&t).map_err(|e| e.message(lang)),
                None => Ok(Contract::default()),
            }
        };
        let dossier_at = |rev: &str| -> Option<Dossier> { ws.dossier_at(id, rev).ok().flatten() };
        let (oc, nc) = (contract_at(old)?, contract_at(new)?);
        let d = diff::diff(&oc, &nc);
        let terms = term_changes(dossier_at(old).as_ref(), dossier_at(new).as_ref());
        let clauses = d
            .clauses
            .iter()
            .filter(|c| c.change != diff::Change::Unchanged)
            .map(|c| ClauseChange {
                kind: match c.change {
                    diff::Change::Unchanged => ChangeKind::Unchanged,
                    diff::Change::Renumbered => ChangeKind::Renumbered,
                    diff::Change::Moved => ChangeKind::Moved,
                    diff::Change::Modified => ChangeKind::Modified,
                    diff::Change::Inserted => ChangeKind::Inserted,
                    diff::Change::Deleted => ChangeKind::Deleted,
                },
                old_label: c.old_label.clone(),
                new_label: c.new_label.clone(),
                old_text: clause_text(&oc, c.old_no),
                new_text: clause_text(&nc, c.new_no),
                inline: c
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
                refs_updated: c.refs_updated,
            })
            .collect();
        let short = |r: &str| r.chars().take(7).collect::<String>();
        Ok(DiffView {
            old_label: short(old),
            new_label: short(new),
            terms,
            clauses,
        })
    }
}

fn clause_text(c: &Contract, no: Option<usize>) -> String {
    no.and_then(|n| c.clauses().nth(n.saturating_sub(1)))
        .map(|(_, _, cl)| render::clause_body(cl))
        .unwrap_or_default()
}

/// The agreed terms that differ between two versions of the dossier, by key.
fn term_changes(old: Option<&Dossier>, new: Option<&Dossier>) -> Vec<TermChange> {
    let none = crate::domain::AgreedTerms::default();
    let terms = |d: Option<&Dossier>| d.map_or(none.clone(), |d| d.terms.clone());
    record::term_changes(&terms(old), &terms(new))
}

/// CONTENT-ITEMS / CONTENT-CHAPTERS on a parsed draft, merged and ordered as `xieshang check`
/// shows them, so the TUI's checklist and the CLI's agree.
pub fn add_content_findings(analysis: &mut Analysis, d: &Dossier, contract: &Contract, lang: Lang) {
    let tpl = template::Template::for_kind(d.kind);
    analysis.findings.extend(crate::contract::content::check(
        d.kind,
        contract,
        tpl.as_ref(),
        lang,
    ));
    analysis.findings.sort_by_key(|f| (f.step, f.severity));
}

/// The rules' judgement with the built-in region data (tests, benchmarks).
pub fn analyse(d: &Dossier, lang: Lang, today: NaiveDate) -> Analysis {
    let ctx = rules::Context::new(
        region::Regions::shared(),
        calendar::HolidayCalendar::shared(),
        lang,
    );
    analyse_with(d, &ctx, today)
}

/// The rules' judgement in the shape the screens read.
pub fn analyse_with(d: &Dossier, ctx: &rules::Context<'_>, today: NaiveDate) -> Analysis {
    let status = procedure::status_with_policy(d, &ctx.policy(d), today);
    let report = rules::check(d, ctx, today);
    Analysis {
        steps: status
            .steps
            .iter()
            .map(|s| StepView {
                step: s.step,
                state: match s.state {
                    procedure::StepState::Done { date } => StepState::Done(date),
                    procedure::StepState::Skipped => StepState::Done(None),
                    procedure::StepState::Current => StepState::Current,
                    procedure::StepState::NotYet => StepState::NotYet,
                },
            })
            .collect(),
        findings: report.findings,
        deadlines: report.deadlines,
        blockers: status
            .blockers
            .iter()
            .map(|b| b.message(ctx.lang))
            .collect(),
    }
}

impl Services for StoreServices {
    fn handle(&mut self, effect: Effect) -> Option<Event> {
        match self.handle_result(effect) {
            Ok(e) => e,
            Err(message) => Some(Event::Failed(message)),
        }
    }
}

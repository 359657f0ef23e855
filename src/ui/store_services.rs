//! The worker's services: each effect becomes one call into the service layer and one `Event`
//! back. Nothing is decided here — the service validates, records, commits, tags and judges
//! exactly as it does for the CLI.
//!
//! While a dossier is open, the service holds its writer (and so its lock), so a second program
//! gets the store's "in use" message; if the lock is taken, the dossier opens read-only.

use super::exchange_services;
use super::worker::Services;
use crate::app::{Effect, Event};
use crate::i18n::{Lang, tr, trf};
use crate::service::{DraftSource, Failure, Service};
use chrono::NaiveDate;
use std::path::PathBuf;

pub struct StoreServices {
    root: PathBuf,
    lang: Lang,
    today: NaiveDate,
    svc: Option<Service>,
}

impl StoreServices {
    pub fn new(root: PathBuf, lang: Lang, today: NaiveDate) -> Self {
        StoreServices {
            root,
            lang,
            today,
            svc: None,
        }
    }

    fn svc(&mut self) -> Result<&mut Service, Failure> {
        if self.svc.is_none() {
            self.svc = Some(Service::open(&self.root, self.lang, self.today)?);
        }
        self.svc
            .as_mut()
            .ok_or_else(|| Failure::Refused(tr(self.lang, "ui.store_missing")))
    }

    fn saved(&mut self, id: &str, text: String) -> Result<Event, Failure> {
        self.saved_with(id, text, Vec::new())
    }

    /// A save answered with `notes` the user must read (an import's warnings).
    fn saved_with(&mut self, id: &str, text: String, notes: Vec<String>) -> Result<Event, Failure> {
        let loaded = self.svc()?.loaded(id, false)?;
        Ok(Event::Saved {
            loaded: Box::new(loaded),
            message: text,
            notes,
        })
    }

    fn handle_result(&mut self, effect: Effect) -> Result<Option<Event>, Failure> {
        let lang = self.lang;
        Ok(Some(match effect {
            Effect::ListDossiers => {
                // Leaving a dossier releases its lock.
                let svc = self.svc()?;
                svc.release();
                Event::Listed(svc.overview()?)
            }
            Effect::ListInbox => {
                let svc = self.svc()?;
                svc.release();
                Event::Inbox(svc.inbox()?)
            }
            Effect::LoadIdentity => Event::Identity {
                identity: self.svc()?.identity().cloned(),
                changed: false,
            },
            Effect::SetIdentity {
                name,
                code,
                person,
                role,
            } => Event::Identity {
                identity: Some(self.svc()?.set_identity(&name, &code, &person, &role)?),
                changed: true,
            },
            Effect::OpenDossier(id) => {
                let svc = self.svc()?;
                let held = svc.hold(&id)?;
                let loaded = svc.loaded(&id, !held)?;
                Event::Opened(Box::new(loaded))
            }
            Effect::Create(input) => Event::Created {
                id: self.svc()?.create(&input)?.id,
            },
            Effect::Record { id, fact } => {
                let done = self.svc()?.record(&id, &fact)?;
                let mut text = crate::service::events_text(lang, &done.events);
                if let Some(f) = done.new_findings.first() {
                    text.push_str(&format!(" · {} {}", f.rule, f.message));
                }
                self.saved(&id, text)?
            }
            Effect::RecordCosting {
                id,
                fact,
                distribution,
            } => {
                let events = self
                    .svc()?
                    .record_costing(&id, fact.as_deref(), &distribution)?;
                let text = crate::service::events_text(lang, &events);
                self.saved(&id, text)?
            }
            Effect::EditDraft { id, op } => {
                let done = self.svc()?.edit_draft(&id, &op)?;
                let mut text = crate::service::events_text(lang, &done.events);
                for d in &done.dangling {
                    text.push_str(" · ");
                    text.push_str(&trf(
                        lang,
                        "cli.dangling",
                        &[("clause", &d.clause), ("text", &d.text)],
                    ));
                }
                self.saved(&id, text)?
            }
            Effect::DraftFromTemplate { id } => {
                let done = self
                    .svc()?
                    .make_draft(&id, &DraftSource::Template(None), true)?;
                let mut text = crate::service::events_text(lang, &done.events);
                for line in done
                    .from_lines(lang)
                    .into_iter()
                    .chain(done.missing_line(lang))
                {
                    text.push_str(" · ");
                    text.push_str(&line);
                }
                self.saved(&id, text)?
            }
            Effect::ImportDraft { id, file, both } => {
                let source = if both {
                    DraftSource::ImportTracked(file)
                } else {
                    DraftSource::Import(file)
                };
                let done = self.svc()?.make_draft(&id, &source, true)?;
                // The notes the CLI prints, from the same result; the hint about the two
                // versions names what the TUI has for `--tracked both`.
                let mut notes = done.notes(lang);
                if done.before.is_some() {
                    notes.push(tr(lang, "ui.import.both_recorded"));
                } else if done.both_possible {
                    notes.push(tr(lang, "ui.import.accepted_hint"));
                }
                let mut text = crate::service::events_text(lang, &done.events);
                if !notes.is_empty() {
                    text.push_str(" · ");
                    text.push_str(&trf(
                        lang,
                        "ui.import.notes",
                        &[("n", &notes.len().to_string())],
                    ));
                }
                self.saved_with(&id, text, notes)?
            }
            Effect::LoadHistory(id) => Event::History(self.svc()?.history(&id)?),
            Effect::ComputeDiff { id, old, new } => {
                Event::Diff(Box::new(self.svc()?.diff_view(&id, &old, &new)?))
            }
            // No template or no earlier agreement is said, not a reason to reload anything.
            Effect::CompareAgainst { id, against } => {
                match self.svc()?.against_view(&id, against) {
                    Ok(view) => Event::Diff(Box::new(view)),
                    Err(f) => Event::Refused(f.message(lang)),
                }
            }
            // A refused send (no remote, the other side moved on) changed nothing here.
            Effect::Push(id) => exchange_services::push(self.svc()?, lang, &id)
                .unwrap_or_else(|f| Event::Refused(f.message(lang))),
            Effect::Fetch(id) => exchange_services::fetch(self.svc()?, lang, &id)?,
            Effect::AddRemote { id, name, url } => {
                exchange_services::add_remote(self.svc()?, lang, &id, &name, &url)
                    .unwrap_or_else(|f| Event::Refused(f.message(lang)))
            }
            Effect::WriteBundle { id, file } => {
                exchange_services::bundle(self.svc()?, lang, &id, &file)
                    .unwrap_or_else(|f| Event::Refused(f.message(lang)))
            }
            Effect::ImportBundle(file) => exchange_services::import(self.svc()?, lang, &file)?,
            Effect::PrepareExport { id, kinds } => match self.svc()?.papers(&id, &kinds) {
                Ok(papers) => Event::ExportReady { id, papers },
                Err(f) => Event::Refused(f.message(lang)),
            },
            Effect::Export { id, kinds } => match self.svc()?.export_papers(&id, &kinds) {
                Ok(dir) => Event::Exchanged {
                    message: trf(
                        lang,
                        "ui.export.written",
                        &[
                            ("n", &kinds.len().to_string()),
                            ("dir", &dir.display().to_string()),
                        ],
                    ),
                    changed: false,
                },
                Err(f) => Event::Refused(f.message(lang)),
            },
            // The Archive is not a dossier: nothing stays locked while it is shown.
            Effect::ArchiveSearch(search) => {
                let svc = self.svc()?;
                svc.release();
                let found = svc.tui_search(&search)?;
                Event::ArchiveHits(found.hits, found.matched)
            }
            Effect::LoadDue => {
                let svc = self.svc()?;
                svc.release();
                Event::Due(svc.due_digest()?)
            }
            Effect::LoadCoverage(by) => {
                let svc = self.svc()?;
                svc.release();
                Event::Coverage(Box::new(svc.coverage_view(by)?))
            }
            // Read-only by choice: the archive shows an agreement, it does not take its lock.
            Effect::ViewAgreement { key, clause } => {
                let svc = self.svc()?;
                svc.release();
                Event::Viewed {
                    loaded: Box::new(svc.loaded(&key, true)?),
                    clause,
                }
            }
            Effect::OpenAttachment { key, n } => {
                let svc = self.svc()?;
                match svc.open_attachment(&key, n) {
                    Ok((path, viewer)) => Event::Said(crate::i18n::trf(
                        lang,
                        "attachment.opening",
                        &[("file", &path.display().to_string()), ("viewer", &viewer)],
                    )),
                    Err(f) => Event::Refused(f.message(lang)),
                }
            }
            // The runtime handles these itself.
            Effect::ExternalEdit { .. } | Effect::Quit => return Ok(None),
        }))
    }
}

impl Services for StoreServices {
    fn handle(&mut self, effect: Effect) -> Option<Event> {
        match self.handle_result(effect) {
            Ok(e) => e,
            Err(f) => Some(Event::Failed(f.message(self.lang))),
        }
    }
}

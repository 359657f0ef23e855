//! The service layer: one function per user action, shared by the command line, the TUI's worker
//! and the demo. Each action runs "validate → record → save → commit → tag → judge" here and
//! nowhere else, and returns a typed outcome (commit, tags, events, new findings, dangling
//! references, unfilled template variables), so the same action gives the same record, the same
//! commit and the same words in either shell.
//!
//! A [`Service`] is the context: the workspace, its region and holiday data (built-in merged with
//! the workspace's own files, read once), the language and "today". The shells (`cli`, `ui`,
//! `app`) import nothing from `store` or `domain::record`: only from here (a test enforces it).
//! This layer does no terminal work and prints nothing.

pub mod against;
pub mod analysis;
pub mod archive;
pub(crate) mod archive_import;
pub(crate) mod attachments;
pub mod costing;
pub mod coverage;
pub(crate) mod draft;
pub mod exchange;
pub mod export;
pub mod fact;
pub mod followthrough;
pub mod inbox;
pub(crate) mod others;
pub mod overview;
pub mod region;
pub mod registry;
pub(crate) mod sealed;
pub(crate) mod stale;
pub mod tui_archive;
pub mod tui_exchange;
pub mod verify;
pub mod versions;
pub mod view;
pub(crate) mod word_import;

use crate::domain::rules::{self, Finding, Severity};
use crate::domain::{Dossier, Invalid};
use crate::i18n::Lang;
use crate::store::{DossierWriter, RegionData, RegionDataError, StoreError, Workspace};
use chrono::NaiveDate;
use std::cell::OnceCell;
use std::path::Path;

pub use crate::domain::event::{Event, describe};
pub use draft::{DraftOp, DraftSource, Drafted, Edited};
pub use fact::{Env, Fact, NewDossier};
pub use view::{Analysis, DiffView, Loaded, Summary, Version};

/// Why an action was not done. Nothing was saved.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The input cannot be true: the field, the value and the rule.
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Store(#[from] StoreError),
    /// A refusal already phrased in the user's language (a draft exists and `--force` was not
    /// given, no template for the kind …).
    #[error("{0}")]
    Refused(String),
}

impl Failure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Invalid(e) => e.message(lang),
            Failure::Store(e) => e.message(lang),
            Failure::Refused(s) => s.clone(),
        }
    }

    /// 1 for input that breaks a rule, 2 for usage and I/O (as the store says).
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Invalid(_) => 1,
            Failure::Store(e) => e.exit_code(),
            Failure::Refused(_) => 2,
        }
    }
}

impl From<RegionDataError> for Failure {
    fn from(e: RegionDataError) -> Self {
        match e {
            RegionDataError::Invalid(i) => Failure::Invalid(i),
            RegionDataError::Store(s) => Failure::Store(s),
        }
    }
}

/// A fact recorded: the commit that holds it and what the rules now say that they did not before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub commit: String,
    pub tags: Vec<String>,
    pub events: Vec<Event>,
    pub dossier: Dossier,
    /// Warnings and errors the change introduced (the fact is recorded either way).
    pub new_findings: Vec<Finding>,
}

/// A dossier created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub commit: String,
    pub events: Vec<Event>,
}

/// The context every action runs in.
pub struct Service {
    ws: Workspace,
    lang: Lang,
    today: NaiveDate,
    data: OnceCell<RegionData>,
    /// The dossier the TUI has open, held under its write lock so a second program gets the
    /// store's "in use" message.
    held: Option<DossierWriter>,
    /// The last [`Service::hold`] failed because the storage cannot be written.
    storage_read_only: bool,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("workspace", &self.ws.root())
            .field("lang", &self.lang)
            .field("today", &self.today)
            .finish_non_exhaustive()
    }
}

impl Service {
    /// The service on the existing workspace at `root` (nothing is created; what an interrupted
    /// `new` left behind is cleared).
    pub fn open(root: &Path, lang: Lang, today: NaiveDate) -> Result<Service, Failure> {
        let ws = Workspace::open(root)?;
        ws.clear_staging();
        Ok(Self::with(ws, lang, today))
    }

    /// The service on the workspace at `root`, created when missing (`init`, the TUI's first
    /// start on the default workspace).
    pub fn init(root: &Path, lang: Lang, today: NaiveDate) -> Result<Service, Failure> {
        Ok(Self::with(Workspace::init(root)?, lang, today))
    }

    fn with(ws: Workspace, lang: Lang, today: NaiveDate) -> Service {
        Service {
            ws,
            lang,
            today,
            data: OnceCell::new(),
            held: None,
            storage_read_only: false,
        }
    }

    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    pub(crate) fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn root(&self) -> &Path {
        self.ws.root()
    }

    /// True when the workspace holds no dossier yet.
    pub fn is_empty(&self) -> bool {
        self.ws.is_empty()
    }

    /// The region and holiday data in force: read once, on first use.
    pub(crate) fn data(&self) -> Result<&RegionData, Failure> {
        if let Some(d) = self.data.get() {
            return Ok(d);
        }
        let d = self.ws.region_data_on(self.today)?;
        Ok(self.data.get_or_init(|| d))
    }

    /// The rules' context with the workspace's data.
    pub(crate) fn rules(&self) -> Result<rules::Context<'_>, Failure> {
        let data = self.data()?;
        Ok(rules::Context::new(
            &data.regions,
            &data.calendar,
            self.lang,
        ))
    }

    /// Dossier `id` as stored (committed state), never locking.
    pub fn load(&self, id: &str) -> Result<Dossier, Failure> {
        Ok(self.ws.load(id)?)
    }

    /// Creates a dossier from what was typed; the store picks the id. Bad input creates nothing.
    pub fn create(&self, input: &NewDossier) -> Result<Created, Failure> {
        // Validate before asking the store for an id.
        let probe = input.build(self.today)?;
        // `<year>-NNN` whatever the enterprise's name, as the README promises (a Latin name
        // made ids like `2026-dalian-haibin-textile-co-001`, a Chinese one `2026-001`): the id
        // is what the user types after every command, and the name is shown beside it anyway.
        let id = self.ws.new_id("", self.today);
        // A workspace that bargains stamps its dossiers with its union: a reviewer receiving
        // one files it under that union.
        let union = self
            .ws
            .identity()
            .filter(|i| i.role != crate::domain::Role::Reviewer)
            .map(|i| i.union.clone());
        let d = Dossier {
            id: id.clone(),
            union,
            ..probe
        };
        let events = vec![
            Event::new("dossier.created")
                .arg("enterprise", &d.enterprise.name)
                .arg("kind", d.kind.key()),
        ];
        self.ws
            .create(&d, &crate::domain::event::commit_message(&events))?;
        let commit = self.ws.resolve_rev(&id, "HEAD")?;
        Ok(Created { id, commit, events })
    }

    /// Keeps dossier `id` open under its write lock until [`Service::release`] or another hold.
    /// Returns false (and holds nothing) when another program has it: the caller shows it
    /// read-only.
    pub(crate) fn hold(&mut self, id: &str) -> Result<bool, Failure> {
        self.held = None;
        self.storage_read_only = false;
        match self.ws.open_for_write(id) {
            Ok(w) => {
                self.held = Some(w);
                Ok(true)
            }
            // Another program has it, or the storage is read-only: shown, not changed.
            Err(StoreError::InUse { .. }) => Ok(false),
            Err(StoreError::NotWritable { .. }) => {
                self.storage_read_only = true;
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Lets go of the held dossier's lock.
    pub(crate) fn release(&mut self) {
        self.held = None;
    }

    /// The writer for `id`: the held one when it is that dossier, else a fresh one, kept until
    /// the service is dropped or holds another (a CLI verb runs one action and exits).
    fn writer(&mut self, id: &str) -> Result<&mut DossierWriter, Failure> {
        if self.held.as_ref().is_none_or(|w| w.id() != id) {
            // Another dossier held (the TUI holds only the open one) is let go: one lock at a time.
            self.held = None;
            self.held = Some(self.ws.open_for_write(id)?);
        }
        self.held
            .as_mut()
            .ok_or_else(|| Failure::Refused(crate::i18n::tr(self.lang, "ui.store_missing")))
    }

    /// Records `fact` on dossier `id`: one commit (and its tags), or nothing when refused.
    pub(crate) fn record(&mut self, id: &str, fact: &Fact) -> Result<Recorded, Failure> {
        let data = self.data()?.clone();
        let lang = self.lang;
        let (before, text) = {
            let w = self.writer(id)?;
            (w.dossier().clone(), w.contract_text()?)
        };
        self.seal_holds(id)?;
        let standing = self.standing(id, &before, text.as_deref());
        let env = Env {
            today: self.today,
            calendar: &data.calendar,
            standing: &standing,
        };
        let w = self.writer(id)?;
        let mut change = fact.apply(&before, &env)?;
        let mut new_text = None;
        // Signing seals the agreement: the fingerprint of the text and facts as signed.
        if matches!(fact, Fact::Signing { .. }) {
            let text = w.contract_text()?;
            change.dossier.seal = Some(crate::domain::seal::Seal::of(
                &change.dossier,
                text.as_deref(),
            ));
        }
        // An amendment rewrites its clauses (structure kept) and seals the amended state.
        if let Fact::Amendment { clauses, .. } = fact {
            let text = w.contract_text()?.unwrap_or_default();
            let rendered = draft::amended(id, &text, clauses, lang)?;
            let seal = crate::domain::seal::Seal::of(&change.dossier, Some(&rendered));
            if let Some(a) = change.dossier.amendments.last_mut() {
                a.seal = Some(seal);
            }
            new_text = Some(rendered);
        }
        // A correction of a signed fact seals the corrected state (the text is unchanged).
        if matches!(fact, Fact::Correct { .. })
            && change.dossier.amendments.len() > before.amendments.len()
        {
            let text = w.contract_text()?;
            let seal = crate::domain::seal::Seal::of(&change.dossier, text.as_deref());
            if let Some(a) = change.dossier.amendments.last_mut() {
                a.seal = Some(seal);
            }
        }
        let tags: Vec<&str> = change.tags.iter().map(String::as_str).collect();
        let commit = w.save(
            &change.dossier,
            new_text.as_deref(),
            &change.message(),
            &tags,
        )?;
        let after = w.dossier().clone();
        let ctx = rules::Context::new(&data.regions, &data.calendar, self.lang);
        let new_findings = new_findings(&ctx, &before, &after, self.today);
        Ok(Recorded {
            commit,
            tags: change.tags,
            events: change.events,
            dossier: after,
            new_findings,
        })
    }

    /// Refuses to record anything on a sealed dossier whose committed text or facts are not the
    /// ones its seal in force names (a change committed by hand): a new record, and above all a
    /// new seal, would make the tampered state look signed. `verify` says what differs.
    pub(crate) fn seal_holds(&self, id: &str) -> Result<(), Failure> {
        let Some(bytes) = self.ws.file_at(id, "HEAD", crate::store::DOSSIER_FILE)? else {
            return Ok(());
        };
        let Some(head) = crate::store::parse_committed(id, bytes.as_bytes()) else {
            return Ok(());
        };
        let Some(seal) = head.current_seal().filter(|_| head.is_sealed()) else {
            return Ok(());
        };
        let text = self.ws.file_at(id, "HEAD", crate::store::CONTRACT_FILE)?;
        if crate::domain::seal::Seal::of(&head, text.as_deref()) == *seal {
            Ok(())
        } else {
            Err(Failure::Refused(crate::i18n::trf(
                self.lang,
                "verify.refused_broken_seal",
                &[("id", &crate::text::sanitize_line(id))],
            )))
        }
    }

    /// The dossier with its draft and the rules' judgement, as the screens show it. Held
    /// dossiers are read from their writer; others from the committed files.
    pub(crate) fn loaded(&mut self, id: &str, read_only: bool) -> Result<Loaded, Failure> {
        let (d, text) = match self.held.as_ref().filter(|w| w.id() == id) {
            Some(w) => (w.dossier().clone(), w.contract_text()?),
            None => (
                self.ws.load(id)?,
                self.ws.file_at(id, "HEAD", crate::store::CONTRACT_FILE)?,
            ),
        };
        let d = self.with_others(id, d);
        let integrity = self.integrity(id, false)?;
        let standing = self.standing(id, &d, text.as_deref());
        let data = self.data()?;
        let mut l = analysis::loaded(
            d,
            text.as_deref(),
            &data.calendar,
            &rules::Context::new(&data.regions, &data.calendar, self.lang),
            self.today,
            read_only,
        );
        l.standing = standing;
        l.read_only_storage = read_only && self.storage_read_only;
        l.followthrough = self.followthrough(id, &l.dossier, text.as_deref());
        l.analysis.findings.extend(followthrough::findings(
            &l.dossier,
            &l.followthrough,
            self.lang,
        ));
        l.analysis.findings.extend(integrity);
        if let (Some(t), Some(c)) = (text.as_deref(), l.contract.as_ref()) {
            l.analysis.findings.extend(self.stale_findings(id, t, c)?);
        }
        Ok(l)
    }

    /// The judgement of dossier `id` with its draft's content findings, as `check` prints it.
    pub(crate) fn check(&self, id: &str) -> Result<(Dossier, Analysis), Failure> {
        let d = self.with_others(id, self.ws.load(id)?);
        let text = self.ws.file_at(id, "HEAD", crate::store::CONTRACT_FILE)?;
        let contract = text
            .as_deref()
            .and_then(|t| crate::contract::parse::parse(t).ok());
        let mut a = analysis::analyse(&d, contract.as_ref(), &self.rules()?, self.today);
        let follows = self.followthrough(id, &d, text.as_deref());
        a.findings
            .extend(followthrough::findings(&d, &follows, self.lang));
        a.findings.extend(self.integrity(id, true)?);
        if let (Some(t), Some(c)) = (text.as_deref(), contract.as_ref()) {
            a.findings.extend(self.stale_findings(id, t, c)?);
        }
        Ok((d, a))
    }

    /// What became of each opinion of the latest pre-review in the draft `text`.
    pub(crate) fn followthrough(
        &self,
        id: &str,
        d: &Dossier,
        text: Option<&str>,
    ) -> Vec<followthrough::FollowThrough> {
        followthrough::follow(d, text, |blob| self.ws.blob_text(id, blob).ok().flatten())
    }

    /// The integrity findings of dossier `id` (see `verify`), without repairing anything;
    /// `walk`: also check that every object of the history is present.
    pub fn integrity(&self, id: &str, walk: bool) -> Result<Vec<Finding>, Failure> {
        Ok(verify::judge(id, &self.ws.repo_facts(id, walk)?, self.lang))
    }

    /// The workspace overview for `list` and Home.
    pub fn overview(&self) -> Result<Vec<Summary>, Failure> {
        Ok(overview::summaries(&self.ws, &self.rules()?, self.today))
    }
}

/// What a commit's events say, in `lang` (an event this program has no text for shows its
/// English subject).
pub fn events_text(lang: Lang, events: &[Event]) -> String {
    events
        .iter()
        .map(|e| e.text(lang).unwrap_or_else(|| e.subject()))
        .collect::<Vec<_>>()
        .join(if lang == Lang::ZhCn { "；" } else { "; " })
}

/// Private scratch files for editing a clause in `$EDITOR` (see `store::scratch`).
pub mod scratch {
    pub use crate::store::scratch::{create, read, remove};
}

/// Warnings and errors in `after`'s judgement that `before`'s did not have.
fn new_findings(
    ctx: &rules::Context<'_>,
    before: &Dossier,
    after: &Dossier,
    today: NaiveDate,
) -> Vec<Finding> {
    let old = rules::check(before, ctx, today);
    rules::check(after, ctx, today)
        .findings
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .filter(|f| {
            !old.findings
                .iter()
                .any(|o| o.rule == f.rule && o.message == f.message)
        })
        .collect()
}

//! View models: the shapes in which slow or derived data (the overview, history, the rules'
//! judgement, the clause diff) leaves the service layer for the shells.
//!
//! The service builds these from the store, the rules and the contract engine; the app only holds
//! them and the UI and CLI only read them. Keeping them here, decoupled from those modules' own types,
//! means a change in how the store or the diff reports things touches one adapter, not every screen.
//! Nothing here does I/O or computes a judgement.

use crate::contract::Contract;
use crate::domain::Dossier;
use crate::domain::procedure::Step;
use crate::domain::rules::{Deadline, Finding};
use chrono::NaiveDate;

pub use super::overview::Summary;

/// Where one step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done(Option<NaiveDate>),
    Current,
    NotYet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepView {
    pub step: Step,
    pub state: StepState,
}

/// The rules' judgement of one dossier on one day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    pub steps: Vec<StepView>,
    pub findings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
    /// Why the current step cannot be completed yet, in the user's language.
    pub blockers: Vec<String>,
    /// The local minimum wage in force today (fen a month), when the region is known: the floor
    /// a minimum-wage position at the table is marked against.
    pub local_min_wage_fen: Option<i64>,
}

impl Analysis {
    /// The step the procedure is at: the first one marked current.
    pub(crate) fn current(&self) -> Option<Step> {
        self.steps
            .iter()
            .find(|s| s.state == StepState::Current)
            .map(|s| s.step)
    }

    /// The worst severity among `step`'s findings: a step with an error is never shown done.
    pub(crate) fn worst(&self, step: Step) -> Option<crate::domain::rules::Severity> {
        self.findings
            .iter()
            .filter(|f| f.step == step)
            .map(|f| f.severity)
            .min()
    }

    /// The earliest deadline.
    pub(crate) fn next_deadline(&self) -> Option<&Deadline> {
        self.deadlines.iter().min_by_key(|d| d.due)
    }
}

/// An opened dossier with everything the screens show about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub dossier: Dossier,
    /// The draft as structure, when `contract.md` exists and parses.
    pub contract: Option<Contract>,
    /// Why the draft could not be parsed, if it could not.
    pub contract_error: Option<String>,
    pub analysis: Analysis,
    /// Another writer holds the lock: everything is shown, nothing can be saved.
    pub read_only: bool,
    /// Read-only because the storage cannot be written (a read-only mount), not because another
    /// program holds the dossier.
    pub read_only_storage: bool,
    /// The workspace's holiday calendar, so a form's preview of a fact counts days as the save will.
    pub calendar: crate::domain::calendar::HolidayCalendar,
    /// The workspace's region data, so the costing pane and the floor line read what the rules do.
    pub regions: crate::domain::region::Regions,
    /// Where this workspace stands towards the dossier (own or received, who records the
    /// pre-review, the draft's clauses): what a form's preview of a fact needs.
    pub standing: super::fact::Standing,
    /// What became of each opinion of the latest pre-review in the current draft.
    pub followthrough: Vec<super::followthrough::FollowThrough>,
}

/// One version a diff can start or end at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// What to ask the store for (a commit id).
    pub rev: String,
    pub short: String,
    pub time: String,
    /// The commit message as written (subject, trailers).
    pub message: String,
    /// What happened, in the user's language (from the commit's events, else its subject).
    pub text: String,
    pub tags: Vec<String>,
    /// The draft's blob id at this version (`None`: no draft yet): two versions hold different
    /// drafts when these differ.
    pub draft: Option<String>,
}

/// How one clause changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Unchanged,
    Renumbered,
    Moved,
    Modified,
    Inserted,
    Deleted,
}

impl ChangeKind {
    pub(crate) fn key(self) -> &'static str {
        match self {
            ChangeKind::Unchanged => "unchanged",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Moved => "moved",
            ChangeKind::Modified => "modified",
            ChangeKind::Inserted => "inserted",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// A piece of inline change inside a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineKind {
    Equal,
    Delete,
    Insert,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseChange {
    pub kind: ChangeKind,
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    pub old_text: String,
    pub new_text: String,
    pub inline: Vec<(InlineKind, String)>,
    /// Only cross-references changed, because of renumbering.
    pub refs_updated: bool,
    /// References left at a clause's old number after a renumbering (each with the clause it
    /// meant, now numbered otherwise, or none when that clause was deleted).
    pub stale_refs: Vec<crate::contract::diff::StaleRef>,
}

pub use crate::domain::record::TermChange;

/// The comparison of two versions of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffView {
    pub old_label: String,
    pub new_label: String,
    pub terms: Vec<TermChange>,
    pub clauses: Vec<ClauseChange>,
}

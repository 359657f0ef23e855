//! The reviewer's inbox: the dossiers received from the unions below, one row each — the union,
//! the enterprise, when it came, how long it has waited for a decision, which draft it holds, what
//! the checks say, the decision, and what became of the opinions. What `xieshang inbox` prints and
//! the TUI's Inbox screen shows.

use super::followthrough::Followed;
use super::{Failure, Service};
use crate::domain::PreReviewDecision;
use crate::domain::rules::Severity;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a received dossier's pre-review stands.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum InboxState {
    /// Not submitted yet (received early) — nothing to decide.
    NotSubmitted,
    /// Submitted, no decision on this submission yet.
    Pending,
    Pass,
    PassWithChanges,
    Return,
}

impl InboxState {
    pub fn key(self) -> &'static str {
        match self {
            InboxState::NotSubmitted => "not_submitted",
            InboxState::Pending => "pending",
            InboxState::Pass => "pass",
            InboxState::PassWithChanges => "pass_with_changes",
            InboxState::Return => "return",
        }
    }

    pub fn decided(self) -> bool {
        matches!(
            self,
            InboxState::Pass | InboxState::PassWithChanges | InboxState::Return
        )
    }
}

/// One received dossier.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct InboxRow {
    /// `CODE/ID`.
    pub key: String,
    pub union_code: String,
    pub union_name: String,
    pub enterprise: String,
    pub submitted: Option<NaiveDate>,
    pub received: Option<NaiveDate>,
    /// Days since it was received (or submitted), while no decision is recorded.
    pub waiting_days: Option<i64>,
    /// The draft held: the version (commit id, shortened, as `diff` takes it) that holds it,
    /// and its clause count.
    pub draft: Option<String>,
    pub clauses: usize,
    pub errors: usize,
    pub warnings: usize,
    pub state: InboxState,
    pub opinions: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub answered: usize,
    /// The dossier could not be read (message in the user's language).
    pub problem: Option<String>,
}

/// How the inbox is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InboxSort {
    /// Longest waiting first (undecided before decided).
    #[default]
    Waiting,
    Received,
    Union,
    Enterprise,
}

impl InboxSort {
    pub const KEYS: &'static str = "waiting, received, union, enterprise";

    pub fn parse(s: &str) -> Option<InboxSort> {
        Some(match s {
            "waiting" => InboxSort::Waiting,
            "received" => InboxSort::Received,
            "union" => InboxSort::Union,
            "enterprise" => InboxSort::Enterprise,
            _ => return None,
        })
    }

    pub fn next(self) -> InboxSort {
        match self {
            InboxSort::Waiting => InboxSort::Received,
            InboxSort::Received => InboxSort::Union,
            InboxSort::Union => InboxSort::Enterprise,
            InboxSort::Enterprise => InboxSort::Waiting,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            InboxSort::Waiting => "waiting",
            InboxSort::Received => "received",
            InboxSort::Union => "union",
            InboxSort::Enterprise => "enterprise",
        }
    }
}

/// Sorts `rows` in place.
pub fn sort(rows: &mut [InboxRow], by: InboxSort) {
    match by {
        InboxSort::Waiting => rows.sort_by(|a, b| {
            a.state
                .decided()
                .cmp(&b.state.decided())
                .then(b.waiting_days.cmp(&a.waiting_days))
                .then(a.key.cmp(&b.key))
        }),
        InboxSort::Received => {
            rows.sort_by(|a, b| b.received.cmp(&a.received).then(a.key.cmp(&b.key)));
        }
        InboxSort::Union => {
            rows.sort_by(|a, b| a.union_code.cmp(&b.union_code).then(a.key.cmp(&b.key)));
        }
        InboxSort::Enterprise => {
            rows.sort_by(|a, b| a.enterprise.cmp(&b.enterprise).then(a.key.cmp(&b.key)));
        }
    }
}

impl Service {
    /// Every dossier received from another union, in key order (sort with [`sort`]).
    pub fn inbox(&self) -> Result<Vec<InboxRow>, Failure> {
        let keys = self.ws.received_keys();
        let ctx = self.rules()?;
        let mut rows = Vec::with_capacity(keys.len());
        for key in keys {
            let code = key.split_once('/').map_or("", |(c, _)| c).to_string();
            let d = match self.ws.load(&key) {
                Ok(d) => d,
                Err(e) => {
                    rows.push(InboxRow {
                        key,
                        union_code: code,
                        union_name: String::new(),
                        enterprise: String::new(),
                        submitted: None,
                        received: None,
                        waiting_days: None,
                        draft: None,
                        clauses: 0,
                        errors: 0,
                        warnings: 0,
                        state: InboxState::NotSubmitted,
                        opinions: 0,
                        changed: 0,
                        unchanged: 0,
                        deleted: 0,
                        answered: 0,
                        problem: Some(e.message(self.lang)),
                    });
                    continue;
                }
            };
            let text = self.ws.file_at(&key, "HEAD", crate::store::CONTRACT_FILE)?;
            let contract = text
                .as_deref()
                .and_then(|t| crate::contract::parse::parse(t).ok());
            let mut a = super::analysis::analyse(&d, contract.as_ref(), &ctx, self.today);
            let follows = self.followthrough(&key, &d, text.as_deref());
            a.findings
                .extend(super::followthrough::findings(&d, &follows, self.lang));
            let current = d.prereview();
            let latest = d.prereviews.reviews.last();
            let state = match (d.prereview_submitted, current.and_then(|p| p.decision)) {
                (None, _) => InboxState::NotSubmitted,
                (Some(_), None) => InboxState::Pending,
                (Some(_), Some(PreReviewDecision::Pass)) => InboxState::Pass,
                (Some(_), Some(PreReviewDecision::PassWithChanges)) => InboxState::PassWithChanges,
                (Some(_), Some(PreReviewDecision::Return)) => InboxState::Return,
            };
            let received = current
                .and_then(|p| p.received)
                .or(latest.and_then(|p| p.received));
            let since = received.or(d.prereview_submitted);
            let waiting_days = since
                .filter(|_| state == InboxState::Pending)
                .map(|s| (self.today - s).num_days().max(0));
            let count = |f: Followed| {
                follows
                    .iter()
                    .filter(|x| !x.withdrawn && x.status == f)
                    .count()
            };
            // The version that holds the draft (the commit `diff` and `show` take), not the
            // text's blob id, which names no version.
            let draft = text.as_ref().and_then(|_| {
                self.ws
                    .resolve_rev(&key, "HEAD")
                    .ok()
                    .and_then(|c| c.get(..7).map(str::to_string))
            });
            rows.push(InboxRow {
                union_name: d.union.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
                union_code: code,
                enterprise: d.enterprise.name.clone(),
                submitted: d.prereview_submitted,
                received,
                waiting_days,
                draft,
                clauses: contract
                    .as_ref()
                    .map_or(0, crate::contract::Contract::clause_count),
                errors: a
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count(),
                warnings: a
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .count(),
                state,
                opinions: follows.iter().filter(|x| !x.withdrawn).count(),
                changed: count(Followed::Changed),
                unchanged: count(Followed::Unchanged),
                deleted: count(Followed::Deleted),
                answered: follows
                    .iter()
                    .filter(|x| !x.withdrawn && x.answer.is_some())
                    .count(),
                key,
                problem: None,
            });
        }
        Ok(rows)
    }
}

//! What the TUI's Archive screen needs around the archive besides the verbs the CLI calls: a
//! search as the screen asks for it (a phrase and two filter chips, comparable so the app can
//! hold it in an effect), where an agreement stands today (the words `archive search` prints),
//! the due digest as named rows, and coverage with the regions named.
//!
//! Nothing here searches, judges or counts by itself: `archive` and `coverage` do, for both
//! shells.

use super::archive::{AgreementHit, Query, Searched};
use super::coverage::{Coverage, GroupBy};
use super::{Failure, Service};
use crate::domain::rules::Deadline;
use chrono::NaiveDate;

/// The most agreements one search on the screen lists.
pub const SEARCH_LIMIT: usize = 200;

/// How far ahead the due digest looks: `archive due`'s default.
pub const DUE_DAYS: u64 = 90;

/// The statuses a search can be narrowed to, in the order the screen cycles them.
pub const STATUSES: [&str; 4] = ["effective", "expiring", "expired", "draft"];

/// A search as the Archive screen asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// The phrase typed (empty: the filters alone).
    pub text: String,
    /// One of [`STATUSES`].
    pub status: Option<String>,
    /// A contract kind's key.
    pub kind: Option<String>,
}

/// One row of the due digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// The dossier's key in the workspace (`CODE/ID` when received).
    pub key: String,
    pub enterprise: String,
    pub deadline: Deadline,
}

/// Where the agreement `hit` stands on `today`: the key of `archive.status.*` — `draft`,
/// `signed` (not yet in effect), `effective`, `expiring` (within 90 days) or `expired`, as
/// `archive search` says it.
pub fn status(hit: &AgreementHit, today: NaiveDate) -> &'static str {
    let now = today.to_string();
    let soon = (today + chrono::Days::new(DUE_DAYS)).to_string();
    let r = &hit.row;
    match (&r.signed, &r.expiry, &r.effective) {
        (None, _, _) => "draft",
        (Some(_), Some(e), _) if *e < now => "expired",
        (Some(_), Some(e), _) if *e <= soon => "expiring",
        // Signed and not filed (or not yet through the review): not in effect.
        (Some(_), _, None) => "signed",
        (Some(_), _, Some(eff)) if *eff > now => "signed",
        _ => "effective",
    }
}

impl Service {
    /// The agreements matching `s` (the index refreshed first), at most [`SEARCH_LIMIT`], and
    /// how many matched in all.
    pub(crate) fn tui_search(&self, s: &Search) -> Result<Searched, Failure> {
        let text = crate::text::sanitize_line(&s.text);
        self.archive_search_noting(Query {
            text: (!text.is_empty()).then_some(text),
            status: s.status.clone(),
            kind: s.kind.clone(),
            limit: SEARCH_LIMIT,
            ..Query::default()
        })
    }

    /// What is due within [`DUE_DAYS`], overdue first.
    pub(crate) fn due_digest(&self) -> Result<Vec<DueItem>, Failure> {
        Ok(self
            .archive_due(DUE_DAYS)?
            .into_iter()
            .map(|(key, enterprise, deadline)| DueItem {
                key,
                enterprise,
                deadline,
            })
            .collect())
    }

    /// Coverage grouped by `by`; a region's group is named `CODE NAME` when the region data
    /// knows the code.
    pub(crate) fn coverage_view(&self, by: GroupBy) -> Result<Coverage, Failure> {
        let mut c = self.coverage_report(by)?;
        if by == GroupBy::Region {
            let data = self.data()?;
            for g in &mut c.groups {
                if let Some(r) = data.regions.get(&g.group) {
                    g.group = format!("{} {}", g.group, r.name);
                }
            }
        }
        Ok(c)
    }
}

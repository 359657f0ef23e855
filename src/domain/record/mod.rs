//! Recording facts: every way the record of a bargaining can change, as pure functions
//! `(&Dossier, input) -> Result<Change, Invalid>`.
//!
//! The line drawn here is the product's promise: a well-formed fact that breaks a rule (a 4-year
//! term, 60 of 100 delegates present, signing before the vote) is *recorded* — the union one level
//! up must be able to enter a dossier as it happened — and judged later by `rules`. Only input that
//! cannot be true (malformed, impossible, self-contradictory) is refused, with the field, the value
//! and the problem. The CLI and the TUI both call these functions; neither validates on its own.
//!
//! Nothing here does I/O or reads the clock: every date, "today" included, is a parameter.
//!
//! This file owns the `Change` every step returns and the checks the steps share (one-line and
//! free text, "one of these keys", "not before", "not sealed", "missing"). The steps themselves
//! live one family per file, in the order of the procedure:
//!
//! - `parties`: the new dossier, the enterprise, the representatives, recorder and instructors;
//! - `offer`: the written request, the reply, the preparation;
//! - `rounds`: the bargaining rounds, and going back to the table after a rejection or objection;
//! - `terms`: the agreed terms — setting, parsing and showing them, and what changed;
//! - `approval`: the draft's way to a signed contract (draft signed, pre-review, congress,
//!   signing);
//! - `prereview`: the pre-review by the union one level up (submission and answers on the
//!   grassroots side, receipt, opinions and decision on the reviewer's);
//! - `filing`: after signing (filing, the administration's review and the effective date,
//!   publication, amendments).

mod approval;
mod correct;
mod costing;
mod filing;
mod offer;
mod parties;
mod prereview;
mod rounds;
mod terms;

pub use approval::{Vote, record_congress, record_draft_signed, record_signing};
pub use correct::{
    CORRECTABLE, NONE as NO_VALUE, SEALED, candidates as correctable, correct,
    current as current_fact, is_date as is_date_fact, label as fact_label, shown as shown_fact,
    step_of as correction_step,
};
pub use costing::{COSTING_KEYS, set_costing, set_distribution};
pub use filing::{record_amendment, record_filing, record_publication, record_review};
pub use offer::{PrepInput, record_offer, record_preparation, record_reply};
pub use parties::{
    DEFAULT_REGION, NewDossier, add_instructor, new_dossier, remove_representative,
    remove_representative_as, set_enterprise_field, set_enterprise_fields, set_recorder,
    set_representative,
};
pub use prereview::{
    DraftClauses, PreReviewEntry, ReviewerId, record_answer, record_prereview, record_submission,
};
pub use rounds::{
    CloseRound, close_round, open_round, record_agreement, record_position, record_position_in,
    remove_issue, rename_issue, round_notes, withdraw_issue,
};
pub use terms::{
    TERM_KEYS, TermChange, set_terms, term_changes, term_display, term_label, term_values,
};

use super::dossier::Dossier;
use super::event::Event;
use super::invalid::{Invalid, Problem};
use crate::text::{sanitize_line, sanitize_text};
use chrono::NaiveDate;

/// Longest name, place or short value we accept (characters).
pub(crate) const MAX_LINE: usize = 200;
/// Longest free text (notes, objections, topics).
pub(crate) const MAX_TEXT: usize = 20_000;
/// Largest headcount we accept: more than any enterprise or congress.
pub const MAX_COUNT: u32 = 10_000_000;

/// A new version of the dossier, with the events and tags that record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub dossier: Dossier,
    pub events: Vec<Event>,
    pub tags: Vec<String>,
}

impl Change {
    fn new(dossier: Dossier, event: Event) -> Self {
        Change {
            dossier,
            events: vec![event],
            tags: Vec::new(),
        }
    }

    /// The commit message: the events' English texts as subject, the events as trailers.
    pub fn message(&self) -> String {
        super::event::commit_message(&self.events)
    }

    fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }
}

/// A one-line text field: sanitised, trimmed, non-empty, bounded.
/// [`line`], for the rest of the domain (the workspace's identity).
pub(crate) fn checked_line(field: &str, value: &str) -> Result<String, Invalid> {
    line(field, value)
}

pub(crate) fn line(field: &str, value: &str) -> Result<String, Invalid> {
    let v = sanitize_line(value);
    if v.is_empty() {
        return Err(Invalid::new(field, value, Problem::Empty));
    }
    if v.chars().count() > MAX_LINE {
        return Err(Invalid::new(
            field,
            value,
            Problem::TooLong { max: MAX_LINE },
        ));
    }
    Ok(v)
}

/// A free-text field: sanitised, may span lines, bounded.
pub(crate) fn text(field: &str, value: &str) -> Result<String, Invalid> {
    let v = sanitize_text(value).trim().to_string();
    if v.chars().count() > MAX_TEXT {
        return Err(Invalid::new(
            field,
            value,
            Problem::TooLong { max: MAX_TEXT },
        ));
    }
    Ok(v)
}

fn not_before(
    field: &str,
    date: NaiveDate,
    other_field: &str,
    other: NaiveDate,
) -> Result<(), Invalid> {
    if date < other {
        return Err(Invalid::new(
            field,
            date.to_string(),
            Problem::Before {
                other_field: other_field.into(),
                other_value: other.to_string(),
            },
        ));
    }
    Ok(())
}

/// `date` of `field` must not be later than `other` of `other_field`.
fn not_after(
    field: &str,
    date: NaiveDate,
    other_field: &str,
    other: NaiveDate,
) -> Result<(), Invalid> {
    if date > other {
        return Err(Invalid::new(
            field,
            date.to_string(),
            Problem::After {
                other_field: other_field.into(),
                other_value: other.to_string(),
            },
        ));
    }
    Ok(())
}

fn not_sealed(d: &Dossier) -> Result<(), Invalid> {
    if d.is_sealed() {
        return Err(Invalid::new("dossier", d.id.clone(), Problem::Sealed));
    }
    Ok(())
}

fn missing(field: &str, what: &str) -> Invalid {
    Invalid::new(field, "", Problem::Missing { what: what.into() })
}

/// One of a fixed set of keys (`rules`, `cpi`, `text` …), or an error listing them all.
fn one_of<T: Copy>(
    field: &str,
    value: &str,
    all: &[T],
    key: fn(T) -> &'static str,
) -> Result<T, Invalid> {
    all.iter()
        .copied()
        .find(|k| key(*k) == value.trim())
        .ok_or_else(|| {
            let valid = all.iter().map(|k| key(*k)).collect::<Vec<_>>().join(", ");
            Invalid::new(field, value, Problem::UnknownKey { valid })
        })
}

/// What the step files' tests start from: a day, and a fresh wage dossier of 100 staff.
#[cfg(test)]
mod fixture {
    use super::{NewDossier, new_dossier};
    use crate::domain::dossier::Dossier;
    use crate::domain::values::parse_date;
    use chrono::NaiveDate;

    pub(super) fn day(s: &str) -> NaiveDate {
        parse_date("d", s).unwrap()
    }

    pub(super) fn dossier() -> Dossier {
        let input = NewDossier {
            kind: "wage",
            enterprise: "大连测试机械有限公司",
            staff: Some("100"),
            women: Some("30"),
            ..NewDossier::default()
        };
        new_dossier("2026-001".into(), &input, day("2026-03-01")).unwrap()
    }
}

//! Follow-through of the pre-review's opinions: each opinion was made on one draft (its git blob
//! id is kept with it); the clause diff between that draft and the current one says whether the
//! clause it names was changed, left as it was, or deleted — following renumbering and moves,
//! because the diff matches clauses by content, not by number. PREREVIEW-FOLLOW warns, before
//! the congress, about an opinion whose clause is unchanged and which the grassroots union has
//! not answered.

use crate::contract::diff::{self, Change};
use crate::contract::parse;
use crate::domain::procedure::Step;
use crate::domain::rules::{Finding, Severity};
use crate::domain::{Dossier, PreReview};
use crate::i18n::{Lang, tr, trf};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde::Serialize;

/// What became of an opinion's clause in the current draft.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Followed {
    /// The clause was modified since the opinion.
    Changed,
    /// The clause reads as it did (perhaps under another number).
    Unchanged,
    /// The clause is gone.
    Deleted,
    /// The draft the opinion was made on is not in this copy's history (or not recorded).
    Unknown,
}

impl Followed {
    pub fn key(self) -> &'static str {
        match self {
            Followed::Changed => "changed",
            Followed::Unchanged => "unchanged",
            Followed::Deleted => "deleted",
            Followed::Unknown => "unknown",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("followed.{}", self.key()))
    }
}

/// One opinion and what became of it.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct FollowThrough {
    pub submitted: NaiveDate,
    pub no: u32,
    /// The clause as the opinion named it.
    pub clause: String,
    /// The same clause's label in the current draft, when it is still there.
    pub now: Option<String>,
    pub opinion: String,
    pub status: Followed,
    pub withdrawn: bool,
    /// The grassroots union's answer, if any.
    pub answer: Option<String>,
}

/// The pre-review whose opinions are followed: the latest one with opinions.
pub(crate) fn followed_review(d: &Dossier) -> Option<&PreReview> {
    d.prereviews
        .reviews
        .iter()
        .rev()
        .find(|r| !r.opinions.is_empty())
}

/// Follows every opinion of the latest pre-review into `current` (the draft now), reading the
/// draft each opinion was made on with `old_text(blob id)`.
pub(crate) fn follow(
    d: &Dossier,
    current: Option<&str>,
    old_text: impl Fn(&str) -> Option<String>,
) -> Vec<FollowThrough> {
    let Some(review) = followed_review(d) else {
        return Vec::new();
    };
    let now = current.and_then(|t| parse::parse(t).ok());
    let mut cache: Vec<(String, Option<diff::ContractDiff>)> = Vec::new();
    review
        .opinions
        .iter()
        .map(|o| {
            let diff = o.draft.as_ref().and_then(|blob| {
                if let Some((_, d)) = cache.iter().find(|(b, _)| b == blob) {
                    return d.clone();
                }
                let d = old_text(blob)
                    .and_then(|t| parse::parse(&t).ok())
                    .zip(now.as_ref())
                    .map(|(old, new)| diff::diff(&old, new));
                cache.push((blob.clone(), d.clone()));
                d
            });
            let (status, now_label) = match diff {
                Some(df) => locate(&df, &o.clause),
                None => (Followed::Unknown, None),
            };
            FollowThrough {
                submitted: review.submitted,
                no: o.no,
                clause: o.clause.clone(),
                now: now_label,
                opinion: o.text.clone(),
                status,
                withdrawn: o.withdrawn.is_some(),
                answer: d
                    .answers
                    .iter()
                    .find(|a| a.submitted == review.submitted && a.opinion == o.no)
                    .map(|a| a.text.clone()),
            }
        })
        .collect()
}

/// Where the clause labelled `label` in the old draft went.
fn locate(df: &diff::ContractDiff, label: &str) -> (Followed, Option<String>) {
    let Some(c) = df
        .clauses
        .iter()
        .find(|c| c.old_label.as_deref() == Some(label))
    else {
        return (Followed::Unknown, None);
    };
    // A clause rewritten beyond recognition reads to the diff as one deleted and one inserted;
    // when the inserted one stands where the deleted one stood, the clause was rewritten.
    if c.change == Change::Deleted
        && let Some(n) = df
            .clauses
            .iter()
            .find(|x| x.change == Change::Inserted && x.new_label.as_deref() == Some(label))
    {
        return (Followed::Changed, n.new_label.clone());
    }
    let status = match c.change {
        Change::Modified => Followed::Changed,
        Change::Deleted => Followed::Deleted,
        // Only its cross-references were renumbered: the words are the same.
        Change::Unchanged | Change::Renumbered | Change::Moved => Followed::Unchanged,
        Change::Inserted => Followed::Unknown,
    };
    (status, c.new_label.clone())
}

/// PREREVIEW-FOLLOW: before the congress, every standing opinion whose clause is unchanged needs
/// the grassroots union's answer (LN: the union one level up reviews the draft; its opinions
/// are either taken in or answered).
pub(crate) fn findings(d: &Dossier, follows: &[FollowThrough], lang: Lang) -> Vec<Finding> {
    if d.congress.is_some() {
        return Vec::new();
    }
    follows
        .iter()
        .filter(|f| !f.withdrawn && f.status == Followed::Unchanged && f.answer.is_none())
        .map(|f| Finding {
            rule: "PREREVIEW-FOLLOW",
            severity: Severity::Warning,
            step: Step::PreReview,
            message: trf(
                lang,
                "rule.PREREVIEW-FOLLOW.unanswered",
                &[
                    ("no", &f.no.to_string()),
                    (
                        "clause",
                        &sanitize_line(f.now.as_deref().unwrap_or(&f.clause)),
                    ),
                    ("opinion", &cut(&sanitize_line(&f.opinion), 40)),
                ],
            ),
            citation: tr(lang, "citation.LN"),
            due: None,
        })
        .collect()
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

//! Pre-review, the congress vote and signing (GR 36–37; CC 1259; LN): PREREVIEW, CONGRESS-*,
//! SIGN-*.
//!
//! Owns the vote arithmetic — integer only, the bounds exactly as GR 36 and CC 1259 read — which
//! `procedure::status` also uses to decide whether a draft was adopted. Reads the dossier only.

use super::{Context, Hit, Rule, Severity};
use crate::domain::dossier::{Congress, Dossier, PreReviewDecision, Side};
use crate::domain::procedure::Step;
use chrono::NaiveDate;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "PREREVIEW",
        severity: Severity::Warning,
        step: Step::PreReview,
        citations: &["LN"],
        check: prereview,
    },
    Rule {
        id: "CONGRESS-COUNTS",
        severity: Severity::Error,
        step: Step::Congress,
        citations: &["GR36"],
        check: congress_counts,
    },
    Rule {
        id: "CONGRESS-QUORUM",
        severity: Severity::Error,
        step: Step::Congress,
        citations: &["GR36", "CC1259"],
        check: congress_quorum,
    },
    Rule {
        id: "CONGRESS-MAJORITY",
        severity: Severity::Error,
        step: Step::Congress,
        citations: &["GR36", "CC1259"],
        check: congress_majority,
    },
    Rule {
        id: "SIGN-AFTER-CONGRESS",
        severity: Severity::Error,
        step: Step::Signing,
        citations: &["GR37"],
        check: sign_after_congress,
    },
    Rule {
        id: "SIGN-CHIEFS",
        severity: Severity::Error,
        step: Step::Signing,
        citations: &["GR37"],
        check: sign_chiefs,
    },
    Rule {
        id: "AMEND-APPROVAL",
        severity: Severity::Warning,
        step: Step::Signing,
        citations: &["GR41", "GR36"],
        check: amend_approval,
    },
];

/// Delegates needed for a quorum: the least `p` with `p * 3 >= total * 2` (二分之三以上, bound
/// included per CC 1259): 67 of 100, 2 of 3.
pub fn quorum_needed(total: u32) -> u32 {
    let t = u64::from(total);
    ((t * 2).div_ceil(3)) as u32
}

/// `present * 3 >= total * 2`, in u64 so no count can overflow.
pub fn quorum_met(c: &Congress) -> bool {
    u64::from(c.present) * 3 >= u64::from(c.total) * 2
}

/// How the votes for compare with half of **all** delegates (GR 36), not of those present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Majority {
    /// `for * 2 > total`: adopted.
    Clear,
    /// `for * 2 == total`: a literal reading of 半数以上 admits it, practice does not.
    ExactlyHalf,
    /// Fewer: not adopted.
    Short,
}

pub fn majority(c: &Congress) -> Majority {
    let (f, t) = (u64::from(c.votes_for) * 2, u64::from(c.total));
    match f.cmp(&t) {
        std::cmp::Ordering::Greater => Majority::Clear,
        std::cmp::Ordering::Equal => Majority::ExactlyHalf,
        std::cmp::Ordering::Less => Majority::Short,
    }
}

/// Adopted on the literal reading of GR 36 (半数以上 includes the bound, CC 1259: the disputed
/// exact half is adopted, and CONGRESS-MAJORITY warns that practice does not accept it, as
/// procedure.md rules), with a quorum and consistent counts. The one test of adoption: the
/// procedure, SIGN-AFTER-CONGRESS and the resolution's wording all use it, so a paper cannot say
/// 未获通过 while signing is let through, nor the other way round.
pub fn adopted(c: &Congress) -> bool {
    counts_consistent(c) && quorum_met(c) && majority(c) != Majority::Short
}

fn counts_consistent(c: &Congress) -> bool {
    let cast = u64::from(c.votes_for) + u64::from(c.against) + u64::from(c.abstain);
    cast <= u64::from(c.present) && c.present <= c.total && c.total > 0
}

fn prereview(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(c) = &d.congress else {
        return Vec::new();
    };
    if !ctx.policy(d).prereview_required {
        return Vec::new();
    }
    let passed = |decision| {
        matches!(
            decision,
            Some(PreReviewDecision::Pass | PreReviewDecision::PassWithChanges)
        )
    };
    match d.prereview() {
        None => vec![Hit::new(Severity::Warning, "missing").arg("congress", c.date)],
        Some(p) if !passed(p.decision) => {
            vec![Hit::new(Severity::Warning, "not_passed").arg("congress", c.date)]
        }
        Some(p) if p.decided.is_some_and(|x| x > c.date) => vec![
            Hit::new(Severity::Warning, "after_congress")
                .arg("decided", p.decided.unwrap_or(c.date))
                .arg("congress", c.date),
        ],
        Some(_) => Vec::new(),
    }
}

fn congress_counts(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(c) = &d.congress else {
        return Vec::new();
    };
    let cast = u64::from(c.votes_for) + u64::from(c.against) + u64::from(c.abstain);
    let mut hits = Vec::new();
    if c.total == 0 {
        hits.push(Hit::new(Severity::Error, "no_total"));
    }
    if c.present > c.total {
        hits.push(
            Hit::new(Severity::Error, "present_over_total")
                .arg("present", c.present)
                .arg("total", c.total),
        );
    }
    if cast > u64::from(c.present) {
        hits.push(
            Hit::new(Severity::Error, "votes_over_present")
                .arg("for", c.votes_for)
                .arg("against", c.against)
                .arg("abstain", c.abstain)
                .arg("cast", cast)
                .arg("present", c.present),
        );
    }
    hits
}

fn congress_quorum(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    match &d.congress {
        Some(c) if !quorum_met(c) => vec![
            Hit::new(Severity::Error, "short")
                .arg("present", c.present)
                .arg("total", c.total)
                .arg("needed", quorum_needed(c.total)),
        ],
        _ => Vec::new(),
    }
}

fn congress_majority(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(c) = &d.congress else {
        return Vec::new();
    };
    let needed = c.total / 2 + 1;
    let hit = |sev, key| {
        Hit::new(sev, key)
            .arg("for", c.votes_for)
            .arg("total", c.total)
            .arg("needed", needed)
    };
    match majority(c) {
        Majority::Clear => Vec::new(),
        Majority::ExactlyHalf => vec![hit(Severity::Warning, "exactly_half")],
        Majority::Short => vec![hit(Severity::Error, "short")],
    }
}

fn sign_after_congress(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(s) = &d.signing else {
        return Vec::new();
    };
    match &d.congress {
        None => vec![Hit::new(Severity::Error, "no_congress").arg("signed", s.date)],
        Some(c) if !adopted(c) => vec![
            Hit::new(Severity::Error, "not_adopted")
                .arg("signed", s.date)
                .arg("congress", c.date),
        ],
        Some(c) if s.date < c.date => vec![
            Hit::new(Severity::Error, "before")
                .arg("signed", s.date)
                .arg("congress", c.date),
        ],
        Some(_) => Vec::new(),
    }
}

fn sign_chiefs(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(s) = &d.signing else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for side in Side::ALL {
        let signer = match side {
            Side::Workers => s.workers_chief.as_deref(),
            Side::Employer => s.employer_chief.as_deref(),
        }
        .map(str::trim)
        .filter(|n| !n.is_empty());
        match (signer, d.chief(side)) {
            (None, _) => {
                hits.push(Hit::new(Severity::Error, "missing").arg("side", ctx.side(side)));
            }
            (Some(n), Some(chief)) if chief.name.trim() != n => hits.push(
                Hit::new(Severity::Error, "not_chief")
                    .arg("side", ctx.side(side))
                    .arg("name", n)
                    .arg("chief", &chief.name),
            ),
            _ => {}
        }
    }
    hits
}

/// A change of the agreement's clauses follows the procedure of concluding it (GR 41), so the
/// congress approves it as it approved the agreement (GR 36): an amendment that rewrites clauses
/// with no approval on record is a warning. A correction of a mistyped fact, or an amendment
/// recorded as free text only, changes no clause.
fn amend_approval(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let sep = match ctx.lang {
        crate::i18n::Lang::ZhCn => "、",
        crate::i18n::Lang::En => ", ",
    };
    d.amendments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.corrects.is_none() && !a.clauses.is_empty() && a.approved.is_none())
        .map(|(i, a)| {
            let clauses: Vec<String> = a.clauses.iter().map(|c| c.number.to_string()).collect();
            Hit::new(Severity::Warning, "unapproved")
                .arg("n", i + 1)
                .arg("date", a.date)
                .arg("clauses", clauses.join(sep))
        })
        .collect()
}

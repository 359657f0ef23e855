//! The procedure's steps (procedure.md §2) and where a dossier stands among them.
//!
//! This module owns `Step` and `status`: for each step whether it is done (and when), skipped,
//! current or not yet reached, and what blocks the current one. It follows the loops of the
//! procedure — a congress rejection or a review objection (GR 46) sends the bargaining back to
//! the rounds, so everything from the rounds on must happen again after the date it was sent
//! back. It judges no lawfulness (that is `rules`) and does no I/O; "today" is a parameter.

use super::dossier::{Dossier, IssueStatus, PreReviewDecision, ReviewOutcome, RoundState, Side};
use super::region::Policy;
use super::rules::adopted;
use crate::i18n::{Lang, tr, trf};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The eleven steps, in order.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Representatives,
    Offer,
    Preparation,
    Rounds,
    Draft,
    PreReview,
    Congress,
    Signing,
    Filing,
    Effect,
    Term,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Representatives,
        Step::Offer,
        Step::Preparation,
        Step::Rounds,
        Step::Draft,
        Step::PreReview,
        Step::Congress,
        Step::Signing,
        Step::Filing,
        Step::Effect,
        Step::Term,
    ];

    /// The stable key used in JSON and locale files (`step.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Step::Representatives => "representatives",
            Step::Offer => "offer",
            Step::Preparation => "preparation",
            Step::Rounds => "rounds",
            Step::Draft => "draft",
            Step::PreReview => "prereview",
            Step::Congress => "congress",
            Step::Signing => "signing",
            Step::Filing => "filing",
            Step::Effect => "effect",
            Step::Term => "term",
        }
    }

    /// The step's name in the user's language.
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("step.{}", self.key()))
    }
}

/// Where one step stands.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    /// Completed; the date when the record has one.
    Done {
        date: Option<NaiveDate>,
    },
    /// Passed over: the congress met without the (optional) pre-review.
    Skipped,
    /// The first step not yet done.
    Current,
    NotYet,
}

/// Why the current step cannot be completed yet.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Blocker {
    NoRepresentatives {
        side: Side,
    },
    NoChief {
        side: Side,
    },
    NoOffer,
    NoReply,
    Refused,
    PrepTasks {
        missing: usize,
    },
    NoRecorder,
    NoRounds,
    RoundOpen {
        number: u32,
    },
    RoundSuspended {
        number: u32,
        until: NaiveDate,
    },
    IssuesOpen {
        count: usize,
    },
    /// The bargaining was sent back (congress rejection or objection) and needs a new round.
    SentBack {
        date: NaiveDate,
    },
    DraftNotSigned,
    PreReviewPending,
    PreReviewReturned,
    NoCongress,
    NotSigned,
    NotFiled,
    NotReceived,
    UnderReview,
    /// The review period passed with no objection recorded: in effect by law (LCL 54) from
    /// `from`, the review and the publication not yet recorded.
    EffectiveByLaw {
        from: NaiveDate,
    },
    NotEffective,
    NotPublished,
    Running {
        until: Option<NaiveDate>,
    },
}

impl Blocker {
    /// The blocker as one line in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let side = |s: &Side| tr(lang, &format!("rules.side.{}", s.key()));
        match self {
            Blocker::NoRepresentatives { side: s } => {
                trf(lang, "status.no_representatives", &[("side", &side(s))])
            }
            Blocker::NoChief { side: s } => trf(lang, "status.no_chief", &[("side", &side(s))]),
            Blocker::NoOffer => tr(lang, "status.no_offer"),
            Blocker::NoReply => tr(lang, "status.no_reply"),
            Blocker::Refused => tr(lang, "status.refused"),
            Blocker::PrepTasks { missing } => {
                trf(lang, "status.prep_tasks", &[("n", &missing.to_string())])
            }
            Blocker::NoRecorder => tr(lang, "status.no_recorder"),
            Blocker::NoRounds => tr(lang, "status.no_rounds"),
            Blocker::RoundOpen { number } => {
                trf(lang, "status.round_open", &[("n", &number.to_string())])
            }
            Blocker::RoundSuspended { number, until } => trf(
                lang,
                "status.round_suspended",
                &[("n", &number.to_string()), ("until", &until.to_string())],
            ),
            Blocker::IssuesOpen { count } => {
                trf(lang, "status.issues_open", &[("n", &count.to_string())])
            }
            Blocker::SentBack { date } => {
                trf(lang, "status.sent_back", &[("date", &date.to_string())])
            }
            Blocker::DraftNotSigned => tr(lang, "status.draft_not_signed"),
            Blocker::PreReviewPending => tr(lang, "status.prereview_pending"),
            Blocker::PreReviewReturned => tr(lang, "status.prereview_returned"),
            Blocker::NoCongress => tr(lang, "status.no_congress"),
            Blocker::NotSigned => tr(lang, "status.not_signed"),
            Blocker::NotFiled => tr(lang, "status.not_filed"),
            Blocker::NotReceived => tr(lang, "status.not_received"),
            Blocker::UnderReview => tr(lang, "status.under_review"),
            Blocker::EffectiveByLaw { from } => trf(
                lang,
                "status.effective_by_law",
                &[("from", &from.to_string())],
            ),
            Blocker::NotEffective => tr(lang, "status.not_effective"),
            Blocker::NotPublished => tr(lang, "status.not_published"),
            Blocker::Running { until: Some(u) } => {
                trf(lang, "status.running_until", &[("until", &u.to_string())])
            }
            Blocker::Running { until: None } => tr(lang, "status.running"),
        }
    }
}

/// Why the bargaining went back to the rounds.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SentBackBy {
    CongressRejection,
    Objection,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct StepStatus {
    pub step: Step,
    pub state: StepState,
}

/// Where the dossier stands.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ProcedureStatus {
    /// All eleven steps, in order.
    pub steps: Vec<StepStatus>,
    /// The first step not done; `None` once the term has run out.
    pub current: Option<Step>,
    /// What keeps the current step from being done.
    pub blockers: Vec<Blocker>,
    /// 1 for the first pass; +1 for each time the bargaining was sent back.
    pub attempt: usize,
    /// The latest send-back, if any: why and when.
    pub sent_back: Option<(SentBackBy, NaiveDate)>,
}

impl ProcedureStatus {
    pub fn state(&self, step: Step) -> StepState {
        self.steps
            .iter()
            .find(|s| s.step == step)
            .map_or(StepState::NotYet, |s| s.state)
    }

    pub fn is_done(&self, step: Step) -> bool {
        matches!(
            self.state(step),
            StepState::Done { .. } | StepState::Skipped
        )
    }
}

/// The latest send-back: a failed vote or an objection still in the current record (the app may
/// not yet have moved it to `earlier_attempts`), or the end of the last earlier attempt.
fn sent_back(d: &Dossier) -> Option<(SentBackBy, NaiveDate)> {
    let mut latest: Option<(SentBackBy, NaiveDate)> = None;
    let mut consider = |by, date: NaiveDate| {
        if latest.is_none_or(|(_, l)| date > l) {
            latest = Some((by, date));
        }
    };
    for a in &d.earlier_attempts {
        if let Some(r) = &a.review
            && matches!(r.outcome, ReviewOutcome::Objection { .. })
        {
            consider(SentBackBy::Objection, r.date);
        } else {
            // An attempt without an objection ended at the congress that rejected it; its last
            // recorded date is when it ended, whatever else was recorded.
            let last = [
                a.congress.as_ref().map(|c| c.date),
                a.signing.as_ref().map(|s| s.date),
                a.prereview_submitted,
            ]
            .into_iter()
            .flatten()
            .max();
            if let Some(date) = last {
                consider(SentBackBy::CongressRejection, date);
            }
        }
    }
    if let Some(c) = &d.congress
        && !adopted(c)
    {
        consider(SentBackBy::CongressRejection, c.date);
    }
    if let Some(r) = &d.review
        && matches!(r.outcome, ReviewOutcome::Objection { .. })
    {
        consider(SentBackBy::Objection, r.date);
    }
    latest
}

/// Where the dossier stands on `today`, taking the pre-review as expected (the Liaoning plan's
/// practice). Use [`status_with_policy`] when the region's policy is at hand.
pub fn status(d: &Dossier, today: NaiveDate) -> ProcedureStatus {
    status_inner(d, today, true, None)
}

/// Where the dossier stands on `today` under a region's policy: where pre-review is not
/// required and none was asked for, the step is skipped rather than blocking the congress.
pub fn status_with_policy(d: &Dossier, policy: &Policy, today: NaiveDate) -> ProcedureStatus {
    status_inner(d, today, policy.prereview_required, None)
}

/// [`status_with_policy`], knowing the day the contract is in effect by law when no objection
/// is raised (`rules::effect::effective_from`): from that day the effect step no longer waits
/// for the review but says the contract is in effect by law.
pub fn status_with_effect(
    d: &Dossier,
    policy: &Policy,
    today: NaiveDate,
    by_law: Option<NaiveDate>,
) -> ProcedureStatus {
    status_inner(d, today, policy.prereview_required, by_law)
}

fn status_inner(
    d: &Dossier,
    today: NaiveDate,
    prereview_required: bool,
    by_law: Option<NaiveDate>,
) -> ProcedureStatus {
    // An agreement imported into the archive (signed before xieshang) has no procedure on
    // record: the steps before its term are simply not here, and its term is where it stands.
    if d.imported.is_some() {
        let steps = Step::ALL
            .iter()
            .map(|&step| StepStatus {
                step,
                state: if step == Step::Term {
                    StepState::Current
                } else {
                    StepState::Skipped
                },
            })
            .collect();
        return ProcedureStatus {
            steps,
            current: Some(Step::Term),
            blockers: Vec::new(),
            attempt: 1,
            sent_back: None,
        };
    }
    let back = sent_back(d);
    // After a send-back, only what happened after it counts for the rounds onwards.
    let fresh = |date: NaiveDate| back.is_none_or(|(_, b)| date > b);
    let mut blockers: Vec<(Step, Blocker)> = Vec::new();
    let mut done: Vec<(Step, StepState)> = Vec::new();
    let mut mark = |step, state| done.push((step, state));
    let finished = |date| StepState::Done { date };

    // 1. Representatives: both sides with someone and a chief.
    let mut reps_ok = true;
    for s in Side::ALL {
        if d.side(s).next().is_none() {
            reps_ok = false;
            blockers.push((
                Step::Representatives,
                Blocker::NoRepresentatives { side: s },
            ));
        } else if d.chief(s).is_none() {
            reps_ok = false;
            blockers.push((Step::Representatives, Blocker::NoChief { side: s }));
        }
    }
    mark(
        Step::Representatives,
        if reps_ok {
            finished(None)
        } else {
            StepState::NotYet
        },
    );

    // 2. Offer: an accepting reply.
    let offer_state = match (&d.offer, &d.reply) {
        (Some(_), Some(r)) if r.accepted => finished(Some(r.date)),
        (Some(_), Some(_)) => {
            blockers.push((Step::Offer, Blocker::Refused));
            StepState::NotYet
        }
        (Some(_), None) => {
            blockers.push((Step::Offer, Blocker::NoReply));
            StepState::NotYet
        }
        (None, _) => {
            blockers.push((Step::Offer, Blocker::NoOffer));
            StepState::NotYet
        }
    };
    mark(Step::Offer, offer_state);

    // 3. Preparation: the five tasks and the recorder.
    let tasks = &d.preparation.tasks;
    let missing = super::dossier::PrepTask::ALL
        .iter()
        .filter(|t| !tasks.contains_key(t))
        .count();
    let recorder = d.recorder.as_deref().is_some_and(|r| !r.trim().is_empty());
    if missing > 0 {
        blockers.push((Step::Preparation, Blocker::PrepTasks { missing }));
    }
    if !recorder {
        blockers.push((Step::Preparation, Blocker::NoRecorder));
    }
    mark(
        Step::Preparation,
        if missing == 0 && recorder {
            finished(tasks.values().max().copied())
        } else {
            StepState::NotYet
        },
    );

    // 4. Rounds: the last round closed with no issue left open (or a signed draft), after any
    // send-back.
    let draft_signed = d.draft_signed.filter(|&x| fresh(x));
    let rounds_state = match d.rounds.last() {
        None => {
            blockers.push((Step::Rounds, Blocker::NoRounds));
            StepState::NotYet
        }
        Some(r) => match &r.state {
            RoundState::Closed { date } if !fresh(*date) => {
                if let Some((_, b)) = back {
                    blockers.push((Step::Rounds, Blocker::SentBack { date: b }));
                }
                StepState::NotYet
            }
            RoundState::Closed { date } => {
                let open = r
                    .issues
                    .iter()
                    .filter(|i| i.status == IssueStatus::Open)
                    .count();
                if open == 0 || draft_signed.is_some() {
                    finished(Some(*date))
                } else {
                    blockers.push((Step::Rounds, Blocker::IssuesOpen { count: open }));
                    StepState::NotYet
                }
            }
            RoundState::Open => {
                blockers.push((Step::Rounds, Blocker::RoundOpen { number: r.number }));
                StepState::NotYet
            }
            RoundState::Suspended { until, .. } => {
                blockers.push((
                    Step::Rounds,
                    Blocker::RoundSuspended {
                        number: r.number,
                        until: *until,
                    },
                ));
                StepState::NotYet
            }
        },
    };
    mark(Step::Rounds, rounds_state);

    // 5. Draft: signed by both chiefs, or evidently finished because a congress voted on it.
    let congress = d.congress.as_ref().filter(|c| fresh(c.date));
    let draft_date = draft_signed.or(congress.map(|c| c.date));
    if draft_date.is_none() {
        blockers.push((Step::Draft, Blocker::DraftNotSigned));
    }
    mark(
        Step::Draft,
        draft_date.map_or(StepState::NotYet, |x| finished(Some(x))),
    );

    // 6. Pre-review: passed; skipped when the congress met without it.
    let pre = d.prereview().filter(|p| fresh(p.submitted));
    let pre_state = match pre.map(|p| (p.decision, p.decided)) {
        Some((Some(PreReviewDecision::Pass | PreReviewDecision::PassWithChanges), date)) => {
            finished(date)
        }
        _ if congress.is_some() => StepState::Skipped,
        None if !prereview_required => StepState::Skipped,
        Some((Some(PreReviewDecision::Return), _)) => {
            blockers.push((Step::PreReview, Blocker::PreReviewReturned));
            StepState::NotYet
        }
        _ => {
            blockers.push((Step::PreReview, Blocker::PreReviewPending));
            StepState::NotYet
        }
    };
    mark(Step::PreReview, pre_state);

    // 7. Congress: adopted.
    let congress_state = match congress {
        Some(c) if adopted(c) => finished(Some(c.date)),
        _ => {
            blockers.push((Step::Congress, Blocker::NoCongress));
            StepState::NotYet
        }
    };
    mark(Step::Congress, congress_state);

    // 8. Signing.
    let signing = d.signing.as_ref().filter(|s| fresh(s.date));
    if signing.is_none() {
        blockers.push((Step::Signing, Blocker::NotSigned));
    }
    mark(
        Step::Signing,
        signing.map_or(StepState::NotYet, |s| finished(Some(s.date))),
    );

    // 9. Filing: received by the administration.
    let filing = d.filing.as_ref().filter(|f| fresh(f.sent));
    let filing_state = match filing {
        Some(f) if f.received.is_some() => finished(f.received),
        Some(_) => {
            blockers.push((Step::Filing, Blocker::NotReceived));
            StepState::NotYet
        }
        None => {
            blockers.push((Step::Filing, Blocker::NotFiled));
            StepState::NotYet
        }
    };
    mark(Step::Filing, filing_state);

    // 10. Effect: effective and published.
    let effect_state = match (d.effective, &d.publication) {
        (Some(e), Some(p)) => finished(Some(e.max(p.date))),
        (Some(_), None) => {
            blockers.push((Step::Effect, Blocker::NotPublished));
            StepState::NotYet
        }
        (None, _) => {
            let under_review = filing.is_some_and(|f| f.received.is_some()) && d.review.is_none();
            blockers.push((
                Step::Effect,
                match by_law.filter(|&from| under_review && today >= from) {
                    Some(from) => Blocker::EffectiveByLaw { from },
                    None if under_review => Blocker::UnderReview,
                    None => Blocker::NotEffective,
                },
            ));
            StepState::NotYet
        }
    };
    mark(Step::Effect, effect_state);

    // 11. Term: running until the end date.
    let term_state = match d.terms.end {
        Some(end) if today > end && d.effective.is_some() => finished(Some(end)),
        end => {
            blockers.push((Step::Term, Blocker::Running { until: end }));
            StepState::NotYet
        }
    };
    mark(Step::Term, term_state);

    let current = done
        .iter()
        .find(|(_, s)| matches!(s, StepState::NotYet))
        .map(|(step, _)| *step);
    let steps = done
        .into_iter()
        .map(|(step, state)| StepStatus {
            step,
            state: if Some(step) == current {
                StepState::Current
            } else {
                state
            },
        })
        .collect();
    ProcedureStatus {
        steps,
        current,
        blockers: blockers
            .into_iter()
            .filter(|(s, _)| Some(*s) == current)
            .map(|(_, b)| b)
            .collect(),
        attempt: 1 + d.earlier_attempts.len(),
        sent_back: back,
    }
}

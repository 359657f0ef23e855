//! Facts: every change to the procedure record a user can make, as one typed value. The CLI
//! builds a [`Fact`] from its arguments, a TUI form builds the same value from its fields, the
//! demo writes them out by hand — and [`Fact::apply`] is the one place a fact becomes a
//! `domain::record` call, so the same fact gives the same record, events and tags everywhere.
//!
//! Pure: no I/O. The holiday calendar and "today" come in through [`Env`].

use crate::domain::calendar::HolidayCalendar;
use crate::domain::record::{
    self, Change, CloseRound, DraftClauses, PreReviewEntry, PrepInput, ReviewerId,
};
use crate::domain::{Dossier, Invalid, Representative, Side};
use chrono::NaiveDate;

pub use crate::domain::record::{MAX_COUNT, Vote};

/// What applying a fact depends on besides the dossier.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub today: NaiveDate,
    /// The workspace's calendar (built-in merged with the user's holiday files): the review
    /// period and so the effective date are counted with it.
    pub calendar: &'a HolidayCalendar,
    /// Where this workspace stands towards the dossier.
    pub standing: &'a Standing,
}

/// Where a workspace stands towards one dossier: who records pre-review facts here, the current
/// draft's clauses (what opinions may name), and whether the dossier was received from another
/// union (then only the pre-review is recorded here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    pub reviewer: ReviewerId,
    pub draft: DraftClauses,
    /// The union the dossier was received from, when it is not this workspace's own.
    pub received_from: Option<String>,
}

/// One change to the record, its values already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// An enterprise detail: `name`, `credit_code`, `industry`, `union_name`, `union_chair`,
    /// `legal_representative`.
    Enterprise {
        key: String,
        value: String,
    },
    /// Several enterprise details at once (the TUI's form; the CLI sets them one by one).
    EnterpriseDetails(Vec<(String, String)>),
    /// Adds a representative, or updates the one with the same name and side.
    Representative {
        rep: Representative,
        date: NaiveDate,
    },
    RemoveRepresentative {
        side: Side,
        name: String,
        date: NaiveDate,
        /// Entered by mistake: removed without leaving a vacancy.
        mistake: bool,
    },
    Recorder(String),
    Instructor(String),
    Offer {
        by: Side,
        sent: NaiveDate,
        received: NaiveDate,
        topics: Vec<String>,
    },
    Reply {
        date: NaiveDate,
        refusal: Option<String>,
    },
    Preparation {
        tasks: Vec<String>,
        wage_data: Vec<String>,
        data_provided: Option<NaiveDate>,
        agenda: Vec<String>,
        date: NaiveDate,
    },
    OpenRound {
        date: NaiveDate,
        chair: Side,
        place: Option<String>,
    },
    Position {
        issue: String,
        side: Side,
        value: String,
        /// The unit of an issue added by this position (none: the unit its name implies).
        unit: Option<crate::domain::issue::Unit>,
    },
    Agree {
        issue: String,
        value: String,
    },
    Withdraw {
        issue: String,
    },
    /// An issue added by mistake, removed from the open round (none earlier holds a position).
    RemoveIssue {
        issue: String,
    },
    /// An issue of the round at the table renamed (a typo, the other side's word); its positions
    /// in every round go with it.
    RenameIssue {
        issue: String,
        to: String,
        reason: Option<String>,
    },
    Notes {
        text: Option<String>,
        present: Vec<String>,
    },
    CloseRound {
        suspend_until: Option<NaiveDate>,
        next_place: Option<String>,
        next_content: Option<String>,
        minutes_signed: bool,
    },
    /// Agreed terms as `key=value` pairs, all or nothing.
    Terms(Vec<(String, String)>),
    /// Costing data (preparation) as `key=value` pairs, all or nothing.
    Costing(Vec<(String, String)>),
    /// The wage distribution, parsed from CSV.
    Distribution(Vec<crate::domain::costing::WageBand>),
    DraftSigned(NaiveDate),
    /// The pre-review: the grassroots side's submission, and the reviewing union's receipt,
    /// opinion on a clause (dated today), withdrawal of an opinion and decision.
    PreReview {
        submitted: Option<NaiveDate>,
        received: Option<NaiveDate>,
        decision: Option<(String, NaiveDate)>,
        opinion: Option<(String, String)>,
        withdraw: Option<u32>,
    },
    /// The grassroots union's answer to opinion `opinion` of the current pre-review.
    Answer {
        opinion: u32,
        text: String,
    },
    Congress {
        date: NaiveDate,
        vote: Vote,
    },
    Signing {
        date: NaiveDate,
        seals: bool,
    },
    Filing {
        sent: NaiveDate,
        received: Option<NaiveDate>,
        registration_no: Option<String>,
        package: Vec<String>,
    },
    Review {
        date: NaiveDate,
        objection: Option<String>,
        /// The effective date when it is not the one counted from the review period.
        effective: Option<NaiveDate>,
    },
    Publication(NaiveDate),
    /// An amendment of the signed agreement: what it is, the clauses it rewrites (number, new
    /// text) and the congress approval date where needed. Re-seals under `amend-N`.
    Amendment {
        date: NaiveDate,
        text: String,
        clauses: Vec<(usize, String)>,
        approved: Option<NaiveDate>,
    },
    /// A recorded fact (`offer.sent`, `round.2.date` …) corrected to `value` because of
    /// `reason`, on `date`; the old value stays in the dossier's corrections.
    Correct {
        what: String,
        value: String,
        reason: String,
        date: NaiveDate,
    },
}

impl Fact {
    /// The new record, with the events and tags the commit will carry, or why it cannot be.
    pub fn apply(&self, d: &Dossier, env: &Env<'_>) -> Result<Change, Invalid> {
        if let Some(owner) = &env.standing.received_from
            && !self.is_reviewers()
        {
            return Err(Invalid::new(
                "dossier",
                d.id.clone(),
                crate::domain::Problem::NotOwner {
                    owner: owner.clone(),
                },
            ));
        }
        match self {
            Fact::Enterprise { key, value } => record::set_enterprise_field(d, key, value),
            Fact::EnterpriseDetails(pairs) => {
                let pairs: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                record::set_enterprise_fields(d, &pairs)
            }
            Fact::Representative { rep, date } => record::set_representative(d, rep, *date),
            Fact::RemoveRepresentative {
                side,
                name,
                date,
                mistake,
            } => record::remove_representative_as(d, *side, name, *date, !*mistake),
            Fact::Recorder(name) => record::set_recorder(d, name),
            Fact::Instructor(name) => record::add_instructor(d, name),
            Fact::Offer {
                by,
                sent,
                received,
                topics,
            } => record::record_offer(d, *by, *sent, *received, topics),
            Fact::Reply { date, refusal } => record::record_reply(d, *date, refusal.as_deref()),
            Fact::Preparation {
                tasks,
                wage_data,
                data_provided,
                agenda,
                date,
            } => {
                let input = PrepInput {
                    tasks: strs(tasks),
                    wage_data: strs(wage_data),
                    data_provided: *data_provided,
                    agenda: strs(agenda),
                };
                record::record_preparation(d, &input, *date)
            }
            Fact::OpenRound { date, chair, place } => {
                record::open_round(d, *date, *chair, place.as_deref())
            }
            Fact::Position {
                issue,
                side,
                value,
                unit,
            } => record::record_position_in(d, issue, *side, value, *unit),
            Fact::Agree { issue, value } => record::record_agreement(d, issue, value),
            Fact::Withdraw { issue } => record::withdraw_issue(d, issue),
            Fact::RemoveIssue { issue } => record::remove_issue(d, issue),
            Fact::RenameIssue { issue, to, reason } => {
                record::rename_issue(d, issue, to, reason.as_deref())
            }
            Fact::Notes { text, present } => record::round_notes(d, text.as_deref(), present),
            Fact::CloseRound {
                suspend_until,
                next_place,
                next_content,
                minutes_signed,
            } => record::close_round(
                d,
                &CloseRound {
                    suspend_until: *suspend_until,
                    next_place: next_place.as_deref(),
                    next_content: next_content.as_deref(),
                    minutes_signed: *minutes_signed,
                },
            ),
            Fact::Costing(pairs) => {
                let pairs: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                record::set_costing(d, &pairs)
            }
            Fact::Distribution(bands) => record::set_distribution(d, bands.clone()),
            Fact::Terms(pairs) => {
                let pairs: Vec<(&str, &str)> = pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                record::set_terms(d, &pairs)
            }
            Fact::DraftSigned(date) => record::record_draft_signed(d, *date),
            Fact::PreReview {
                submitted,
                received,
                decision,
                opinion,
                withdraw,
            } => {
                let mut change = match submitted {
                    Some(s) => Some(record::record_submission(d, *s)?),
                    None => None,
                };
                let entry = PreReviewEntry {
                    received: *received,
                    decision: decision.clone(),
                    opinion: opinion
                        .as_ref()
                        .map(|(c, t)| (c.clone(), t.clone(), env.today)),
                    withdraw: withdraw.map(|n| (n, env.today)),
                };
                if entry.received.is_some()
                    || entry.decision.is_some()
                    || entry.opinion.is_some()
                    || entry.withdraw.is_some()
                    || change.is_none()
                {
                    let base = change.as_ref().map_or(d, |c| &c.dossier);
                    let next = record::record_prereview(
                        base,
                        &env.standing.reviewer,
                        &entry,
                        &env.standing.draft,
                    )?;
                    change = Some(match change {
                        Some(mut c) => {
                            c.events.extend(next.events);
                            c.dossier = next.dossier;
                            c
                        }
                        None => next,
                    });
                }
                change.ok_or_else(|| Invalid::new("prereview", "", crate::domain::Problem::Empty))
            }
            Fact::Answer { opinion, text } => record::record_answer(d, *opinion, text, env.today),
            Fact::Congress { date, vote } => record::record_congress(d, *date, vote),
            Fact::Signing { date, seals } => record::record_signing(d, *date, *seals),
            Fact::Filing {
                sent,
                received,
                registration_no,
                package,
            } => record::record_filing(
                d,
                *sent,
                *received,
                registration_no.as_deref(),
                &strs(package),
            ),
            Fact::Review {
                date,
                objection,
                effective,
            } => record::record_review(d, *date, objection.as_deref(), *effective, env.calendar),
            Fact::Publication(date) => record::record_publication(d, *date),
            Fact::Amendment {
                date,
                text,
                clauses,
                approved,
            } => {
                let clauses: Vec<(usize, &str)> =
                    clauses.iter().map(|(n, t)| (*n, t.as_str())).collect();
                record::record_amendment(d, *date, text, &clauses, *approved)
            }
            Fact::Correct {
                what,
                value,
                reason,
                date,
            } => record::correct(d, what, value, reason, *date, env.calendar),
        }
    }
}

impl Fact {
    /// The dates this fact records, each with the option or fact it comes from (a date after
    /// today is usually a typo: the CLI warns about it).
    pub fn dates(&self) -> Vec<(&'static str, NaiveDate)> {
        let mut out: Vec<(&'static str, Option<NaiveDate>)> = Vec::new();
        match self {
            Fact::Offer { sent, received, .. } => {
                out.extend([("--sent", Some(*sent)), ("--received", Some(*received))]);
            }
            Fact::Reply { date, .. }
            | Fact::OpenRound { date, .. }
            | Fact::Congress { date, .. }
            | Fact::Signing { date, .. }
            | Fact::DraftSigned(date)
            | Fact::Publication(date) => out.push(("--date", Some(*date))),
            Fact::Preparation {
                data_provided,
                date,
                ..
            } => out.extend([("--data-provided", *data_provided), ("--date", Some(*date))]),
            Fact::PreReview {
                submitted,
                received,
                decision,
                ..
            } => out.extend([
                ("--submitted", *submitted),
                ("--received", *received),
                ("--date", decision.as_ref().map(|d| d.1)),
            ]),
            Fact::Filing { sent, received, .. } => {
                out.extend([("--sent", Some(*sent)), ("--received", *received)]);
            }
            Fact::Review {
                date, effective, ..
            } => out.extend([("--date", Some(*date)), ("--effective", *effective)]),
            Fact::Amendment { date, approved, .. } => {
                out.extend([("--date", Some(*date)), ("--approved", *approved)]);
            }
            Fact::Correct { what, value, .. } if record::is_date_fact(what) => {
                out.push(("--value", value.parse().ok()));
            }
            _ => {}
        }
        out.into_iter().filter_map(|(k, d)| Some((k, d?))).collect()
    }

    /// Whether this is the reviewing union's to record (all a received dossier accepts).
    pub fn is_reviewers(&self) -> bool {
        matches!(
            self,
            Fact::PreReview {
                submitted: None,
                ..
            }
        )
    }
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The facts of `step` that can be corrected, as `correct` takes them (`round.2.date` …).
pub fn correctable(d: &Dossier, step: crate::domain::procedure::Step) -> Vec<String> {
    record::correctable(d, step)
}

/// The value fact `what` holds now, as `correct` takes it.
pub fn current_fact(d: &Dossier, what: &str) -> Option<String> {
    record::current_fact(d, what)
}

/// A correctable fact's name in the user's language (`round.2.date` → 第2轮协商日期).
pub fn fact_label(lang: crate::i18n::Lang, what: &str) -> String {
    record::fact_label(lang, what)
}

/// A fact's value as `current_fact` gives it, shown in `lang` (`yes` is 是).
pub fn shown_fact(lang: crate::i18n::Lang, what: &str, value: &str) -> String {
    record::shown_fact(lang, what, value)
}

/// Whether issue `issue` of the open round may be removed (added by mistake: no earlier round
/// holds a position on it), not only withdrawn.
pub fn issue_removable(d: &Dossier, issue: &str) -> bool {
    record::remove_issue(d, issue).is_ok()
}

/// Whether a correctable fact holds a date (its value is typed as a date).
pub fn is_date_fact(what: &str) -> bool {
    record::is_date_fact(what)
}

/// The step a correctable fact belongs to (where its correction is shown).
pub fn correction_step(what: &str) -> Option<crate::domain::procedure::Step> {
    record::correction_step(what)
}

/// The enterprise facts a new dossier starts from, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDossier {
    pub kind: String,
    pub enterprise: String,
    pub region: Option<String>,
    pub staff: Option<String>,
    pub women: Option<String>,
    pub union_members: Option<String>,
    pub industry: Option<String>,
    pub high_risk: bool,
    pub area_or_sector: bool,
}

impl NewDossier {
    /// The new dossier (with an empty id, which the store assigns), or why it cannot be.
    pub(crate) fn build(&self, today: NaiveDate) -> Result<Dossier, Invalid> {
        let input = record::NewDossier {
            kind: &self.kind,
            enterprise: &self.enterprise,
            region: self.region.as_deref(),
            staff: self.staff.as_deref(),
            women: self.women.as_deref(),
            union_members: self.union_members.as_deref(),
            industry: self.industry.as_deref(),
            high_risk: self.high_risk,
            area_or_sector: self.area_or_sector,
        };
        record::new_dossier(String::new(), &input, today)
    }
}

/// The region assumed when a new dossier names none.
pub(crate) const DEFAULT_REGION: &str = record::DEFAULT_REGION;

/// The keys `terms` understands.
pub(crate) const TERM_KEYS: &[&str] = record::TERM_KEYS;

/// The agreed terms as (key, value) pairs, as a form shows them.
pub(crate) fn term_values(t: &crate::domain::AgreedTerms) -> Vec<(String, String)> {
    record::term_values(t)
}

/// A term's value in the user's language (`1y` → 1年).
pub(crate) fn term_display(key: &str, value: &str, lang: crate::i18n::Lang) -> String {
    record::term_display(key, value, lang)
}

/// A term key's name in the user's language.
pub(crate) fn term_label(key: &str, lang: crate::i18n::Lang) -> String {
    record::term_label(key, lang)
}

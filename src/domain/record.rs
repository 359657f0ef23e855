//! Recording facts: every way the record of a bargaining can change, as pure functions
//! `(&Dossier, input) -> Result<Change, Invalid>`.
//!
//! The line drawn here is the product's promise: a well-formed fact that breaks a rule (a 4-year
//! term, 60 of 100 delegates present, signing before the vote) is *recorded* — the union one level
//! up must be able to enter a dossier as it happened — and judged later by `rules`. Only input that
//! cannot be true (malformed, impossible, self-contradictory) is refused, with the field, the value
//! and the problem. The CLI and the TUI both call these functions; neither validates on its own.

use super::dossier::{
    AgreedTerms, Amendment, Attempt, ClauseOpinion, Congress, CongressBody, ContractKind, Dossier,
    Enterprise, Filing, FilingItem, IssueStatus, Offer, PreReview, PreReviewDecision, PrepTask,
    Publication, Reply, Representative, Review, ReviewOutcome, Round, RoundIssue, RoundState, Side,
    Signing, Vacancy, WageFactor,
};
use super::event::Event;
use super::invalid::{Invalid, Problem};
use super::values::{
    format_bp, format_fen, parse_count, parse_date, parse_money_fen, parse_percent_bp,
};
use crate::text::{sanitize_line, sanitize_text};
use chrono::{Datelike, NaiveDate};

/// Longest name, place or short value we accept (characters).
pub const MAX_LINE: usize = 200;
/// Longest free text (notes, objections, topics).
pub const MAX_TEXT: usize = 20_000;
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
pub fn line(field: &str, value: &str) -> Result<String, Invalid> {
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
pub fn text(field: &str, value: &str) -> Result<String, Invalid> {
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

fn not_sealed(d: &Dossier, field: &str) -> Result<(), Invalid> {
    if d.is_sealed() {
        return Err(Invalid::new(field, d.id.clone(), Problem::Sealed));
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

/// The enterprise facts a new dossier starts from, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewDossier<'a> {
    pub kind: &'a str,
    pub enterprise: &'a str,
    pub region: Option<&'a str>,
    pub staff: Option<&'a str>,
    pub women: Option<&'a str>,
    pub union_members: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub high_risk: bool,
    pub area_or_sector: bool,
}

/// The region used when none is given: Dalian, the province's reference city.
pub const DEFAULT_REGION: &str = "210200";

/// Builds a new dossier from what was typed (the id comes from the store).
pub fn new_dossier(
    id: String,
    input: &NewDossier<'_>,
    created: NaiveDate,
) -> Result<Dossier, Invalid> {
    let kind = one_of("kind", input.kind, &ContractKind::ALL, ContractKind::key)?;
    let name = line("enterprise", input.enterprise)?;
    let region = input.region.unwrap_or(DEFAULT_REGION).trim();
    if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new("region", region, Problem::BadRegionCode));
    }
    let count =
        |field: &str, v: Option<&str>| v.map(|v| parse_count(field, v, MAX_COUNT)).transpose();
    let staff = count("staff", input.staff)?;
    let women = count("women", input.women)?;
    let members = count("union_members", input.union_members)?;
    for (field, part) in [("women", women), ("union_members", members)] {
        if let (Some(s), Some(p)) = (staff, part)
            && p > s
        {
            return Err(Invalid::new(
                field,
                p.to_string(),
                Problem::Exceeds {
                    other_field: "staff".into(),
                    other_value: s.to_string(),
                },
            ));
        }
    }
    let enterprise = Enterprise {
        name,
        region: region.to_string(),
        staff,
        women_staff: women,
        union_members: members,
        industry: input.industry.map(|i| line("industry", i)).transpose()?,
        high_risk: input.high_risk,
        ..Enterprise::default()
    };
    let mut d = Dossier::new(id, kind, enterprise, created);
    d.area_or_sector = input.area_or_sector;
    Ok(d)
}

/// Enterprise details that can be set later (legal representative, union chair …).
pub fn set_enterprise_field(d: &Dossier, key: &str, value: &str) -> Result<Change, Invalid> {
    not_sealed(d, key)?;
    let mut n = d.clone();
    let e = &mut n.enterprise;
    match key {
        "name" => e.name = line(key, value)?,
        "credit_code" => {
            let v = line(key, value)?.to_ascii_uppercase();
            if v.len() != 18 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(Invalid::new(key, value, Problem::BadCreditCode));
            }
            e.credit_code = Some(v);
        }
        "industry" => e.industry = Some(line(key, value)?),
        "union_name" => e.union_name = Some(line(key, value)?),
        "union_chair" => e.union_chair = Some(line(key, value)?),
        "legal_representative" => e.legal_representative = Some(line(key, value)?),
        _ => {
            let valid =
                "name, credit_code, industry, union_name, union_chair, legal_representative".into();
            return Err(Invalid::new("key", key, Problem::UnknownKey { valid }));
        }
    }
    let shown = value.trim().to_string();
    Ok(Change::new(
        n,
        Event::new("enterprise.set")
            .arg("field", key)
            .arg("value", shown),
    ))
}

/// Adds a representative, or updates the one with the same name on the same side. A new
/// representative added on `date` fills the side's open vacancy (GR 31).
pub fn set_representative(
    d: &Dossier,
    rep: &Representative,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d, "representative")?;
    let name = line("name", &rep.name)?;
    let post = rep.post.as_deref().map(|p| line("post", p)).transpose()?;
    let rep = Representative {
        name: name.clone(),
        post,
        ..rep.clone()
    };
    let mut n = d.clone();
    let verb = if let Some(r) = n
        .representatives
        .iter_mut()
        .find(|r| r.name == name && r.side == rep.side)
    {
        *r = rep.clone();
        "updated"
    } else {
        n.representatives.push(rep.clone());
        "added"
    };
    if verb == "added"
        && let Some(v) = n
            .vacancies
            .iter_mut()
            .find(|v| v.side == rep.side && v.refilled.is_none())
    {
        v.refilled = Some(date.max(v.vacated));
    }
    Ok(Change::new(
        n,
        Event::new(&format!("representative.{verb}"))
            .arg("name", &name)
            .arg("side", rep.side.key()),
    ))
}

/// Removes a representative; the seat is recorded as vacant from `date` (GR 31).
pub fn remove_representative(
    d: &Dossier,
    side: Side,
    name: &str,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d, "representative")?;
    let name = line("name", name)?;
    let mut n = d.clone();
    let before = n.representatives.len();
    n.representatives
        .retain(|r| !(r.name == name && r.side == side));
    if n.representatives.len() == before {
        return Err(Invalid::new("name", name, Problem::NotFound));
    }
    n.vacancies.push(Vacancy {
        side,
        name: name.clone(),
        vacated: date,
        refilled: None,
    });
    Ok(Change::new(
        n,
        Event::new("representative.removed")
            .arg("name", &name)
            .arg("side", side.key()),
    ))
}

pub fn set_recorder(d: &Dossier, name: &str) -> Result<Change, Invalid> {
    not_sealed(d, "recorder")?;
    let name = line("recorder", name)?;
    let mut n = d.clone();
    n.recorder = Some(name.clone());
    Ok(Change::new(n, Event::new("recorder.set").arg("name", name)))
}

pub fn add_instructor(d: &Dossier, name: &str) -> Result<Change, Invalid> {
    let name = line("instructor", name)?;
    let mut n = d.clone();
    if n.instructors.contains(&name) {
        return Err(Invalid::new("instructor", name, Problem::Duplicate));
    }
    n.instructors.push(name.clone());
    Ok(Change::new(
        n,
        Event::new("instructor.added").arg("name", name),
    ))
}

/// The written request (要约). Received before sent cannot be true.
pub fn record_offer(
    d: &Dossier,
    by: Side,
    sent: NaiveDate,
    received: NaiveDate,
    topics: &[String],
) -> Result<Change, Invalid> {
    not_sealed(d, "offer")?;
    not_before("received", received, "sent", sent)?;
    let topics = topics
        .iter()
        .flat_map(|t| t.split([',', '，', '、', ';', '；']))
        .map(sanitize_line)
        .filter(|t| !t.is_empty())
        .collect();
    let mut n = d.clone();
    n.offer = Some(Offer {
        by,
        sent,
        received,
        topics,
    });
    Ok(Change::new(
        n,
        Event::new("offer.recorded")
            .arg("sent", sent)
            .arg("by", by.key())
            .arg("received", received),
    )
    .tag("offer"))
}

/// The written reply. A reply dated before the request arrived cannot be true.
pub fn record_reply(
    d: &Dossier,
    date: NaiveDate,
    refusal: Option<&str>,
) -> Result<Change, Invalid> {
    not_sealed(d, "reply")?;
    let offer = d.offer.as_ref().ok_or_else(|| missing("reply", "offer"))?;
    not_before("date", date, "offer.received", offer.received)?;
    let reason = refusal.map(|r| text("refuse", r)).transpose()?;
    let accepted = reason.is_none();
    let mut n = d.clone();
    n.reply = Some(Reply {
        date,
        accepted,
        reason,
    });
    let what = if accepted { "accepted" } else { "refused" };
    Ok(Change::new(
        n,
        Event::new(&format!("reply.{what}")).arg("date", date),
    ))
}

/// Preparation tasks done (GR 33), wage data on file (WM 8), data provided, agenda.
#[derive(Debug, Clone, Default)]
pub struct PrepInput<'a> {
    pub tasks: Vec<&'a str>,
    pub wage_data: Vec<&'a str>,
    pub data_provided: Option<NaiveDate>,
    pub agenda: Vec<&'a str>,
}

pub fn record_preparation(
    d: &Dossier,
    input: &PrepInput<'_>,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d, "prep")?;
    let mut n = d.clone();
    let mut done = Vec::new();
    for t in &input.tasks {
        let task = one_of("task", t, &PrepTask::ALL, PrepTask::key)?;
        n.preparation.tasks.entry(task).or_insert(date);
        done.push(task.key());
    }
    for f in &input.wage_data {
        let factor = one_of("wage_data", f, &WageFactor::ALL, WageFactor::key)?;
        n.preparation.wage_data.entry(factor).or_insert(date);
        done.push(factor.key());
    }
    if let Some(p) = input.data_provided {
        n.preparation.data_provided = Some(p);
        done.push("data_provided");
    }
    for a in &input.agenda {
        let key = line("agenda", a)?;
        if !n.preparation.agenda.contains(&key) {
            n.preparation.agenda.push(key);
        }
        if !done.contains(&"agenda_items") {
            done.push("agenda_items");
        }
    }
    if done.is_empty() {
        return Err(Invalid::new("task", "", Problem::Empty));
    }
    Ok(Change::new(
        n,
        Event::new("preparation.recorded").arg("items", done.join(",")),
    ))
}

/// Opens the next round. A round dated before the previous one, or while one is open, cannot be.
/// After a congress rejection or a review objection, the earlier pass is archived and the
/// bargaining goes back to the table (GR 46).
pub fn open_round(
    d: &Dossier,
    date: NaiveDate,
    chair: Side,
    place: Option<&str>,
) -> Result<Change, Invalid> {
    not_sealed_unless_objection(d)?;
    if let Some(last) = d.rounds.last() {
        if last.is_open() {
            return Err(Invalid::new(
                "round",
                last.number.to_string(),
                Problem::RoundAlreadyOpen,
            ));
        }
        not_before("date", date, &format!("round {}", last.number), last.date)?;
    }
    let place = place.map(|p| line("place", p)).transpose()?;
    let mut n = d.clone();
    if sent_back(d) {
        n.earlier_attempts.push(Attempt {
            prereview: n.prereview.take(),
            congress: n.congress.take(),
            signing: n.signing.take(),
            filing: n.filing.take(),
            review: n.review.take(),
        });
        n.draft_signed = None;
    }
    let number = n.rounds.last().map_or(1, |r| r.number + 1);
    // Issues carry over with their last positions: at the table only changes are typed.
    let issues = match n.rounds.last() {
        Some(prev) => prev.issues.clone(),
        None => n
            .preparation
            .agenda
            .iter()
            .map(|k| RoundIssue {
                key: k.clone(),
                workers: None,
                employer: None,
                status: IssueStatus::Open,
                agreed: None,
            })
            .collect(),
    };
    n.rounds.push(Round {
        number,
        date,
        place,
        chair,
        attendance: Vec::new(),
        issues,
        notes: String::new(),
        minutes_signed: false,
        state: RoundState::Open,
    });
    Ok(Change::new(
        n,
        Event::new("round.opened")
            .arg("round", number)
            .arg("date", date)
            .arg("chair", chair.key()),
    ))
}

/// True when the last pass through the congress or the administration sent the draft back.
pub fn sent_back(d: &Dossier) -> bool {
    let rejected = d
        .congress
        .as_ref()
        .is_some_and(|c| !super::rules::adopted(c));
    let objected = d
        .review
        .as_ref()
        .is_some_and(|r| matches!(r.outcome, ReviewOutcome::Objection { .. }));
    rejected || objected
}

fn not_sealed_unless_objection(d: &Dossier) -> Result<(), Invalid> {
    if d.is_sealed() && !sent_back(d) {
        return Err(Invalid::new("round", d.id.clone(), Problem::Sealed));
    }
    Ok(())
}

fn open_round_mut(n: &mut Dossier) -> Result<&mut Round, Invalid> {
    n.rounds
        .last_mut()
        .filter(|r| r.is_open())
        .ok_or_else(|| missing("round", "open_round"))
}

fn issue_mut<'a>(round: &'a mut Round, key: &str) -> &'a mut RoundIssue {
    if let Some(i) = round.issues.iter().position(|i| i.key == key) {
        &mut round.issues[i]
    } else {
        round.issues.push(RoundIssue {
            key: key.to_string(),
            workers: None,
            employer: None,
            status: IssueStatus::Open,
            agreed: None,
        });
        let last = round.issues.len() - 1;
        &mut round.issues[last]
    }
}

/// One side's position on one issue in the open round.
pub fn record_position(
    d: &Dossier,
    issue: &str,
    side: Side,
    value: &str,
) -> Result<Change, Invalid> {
    let key = line("issue", issue)?;
    let value = line("value", value)?;
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    let i = issue_mut(round, &key);
    match side {
        Side::Workers => i.workers = Some(value.clone()),
        Side::Employer => i.employer = Some(value.clone()),
    }
    if i.status == IssueStatus::Withdrawn {
        i.status = IssueStatus::Open;
    }
    Ok(Change::new(
        n,
        Event::new("round.position")
            .arg("round", number)
            .arg("issue", &key)
            .arg("side", side.key())
            .arg("value", &value),
    ))
}

/// Both sides agree on an issue.
pub fn record_agreement(d: &Dossier, issue: &str, value: &str) -> Result<Change, Invalid> {
    let key = line("issue", issue)?;
    let value = line("value", value)?;
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    let i = issue_mut(round, &key);
    i.status = IssueStatus::Agreed;
    i.agreed = Some(value.clone());
    Ok(Change::new(
        n,
        Event::new("round.agreed")
            .arg("round", number)
            .arg("issue", &key)
            .arg("value", &value),
    ))
}

/// An issue taken off the table.
pub fn withdraw_issue(d: &Dossier, issue: &str) -> Result<Change, Invalid> {
    let key = line("issue", issue)?;
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    if round.issue(&key).is_none() {
        return Err(Invalid::new("issue", key, Problem::NotFound));
    }
    let i = issue_mut(round, &key);
    i.status = IssueStatus::Withdrawn;
    Ok(Change::new(
        n,
        Event::new("round.withdrawn")
            .arg("round", number)
            .arg("issue", &key),
    ))
}

/// Notes and attendance of the open round.
pub fn round_notes(
    d: &Dossier,
    notes: Option<&str>,
    attendance: &[String],
) -> Result<Change, Invalid> {
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    if let Some(t) = notes {
        round.notes = text("notes", t)?;
    }
    for a in attendance {
        let a = line("attendance", a)?;
        if !round.attendance.contains(&a) {
            round.attendance.push(a);
        }
    }
    let number = round.number;
    Ok(Change::new(
        n,
        Event::new("round.notes").arg("round", number),
    ))
}

/// How a round ends.
#[derive(Debug, Clone, Default)]
pub struct CloseRound<'a> {
    pub suspend_until: Option<NaiveDate>,
    pub next_place: Option<&'a str>,
    pub next_content: Option<&'a str>,
    pub minutes_signed: bool,
}

/// Closes (or suspends, 中止) the open round; tags `round-N`.
pub fn close_round(d: &Dossier, how: &CloseRound<'_>) -> Result<Change, Invalid> {
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    round.minutes_signed |= how.minutes_signed;
    let message = if let Some(until) = how.suspend_until {
        not_before(
            "suspend_until",
            until,
            &format!("round {number}"),
            round.date,
        )?;
        round.state = RoundState::Suspended {
            until,
            place: how.next_place.map(|p| line("place", p)).transpose()?,
            content: how.next_content.map(|c| text("content", c)).transpose()?,
        };
        Event::new("round.suspended")
            .arg("round", number)
            .arg("until", until)
    } else {
        round.state = RoundState::Closed { date: round.date };
        Event::new("round.closed").arg("round", number)
    };
    Ok(Change::new(n, message).tag(format!("round-{number}")))
}

/// The keys `terms` understands, for help and error messages.
pub const TERM_KEYS: &[&str] = &[
    "increase",
    "min_wage",
    "overtime",
    "overtime_rest",
    "overtime_holiday",
    "overtime_base",
    "term",
    "start",
    "end",
    "last_avg_wage",
    "staff_covered",
    "pay_day",
    "allowance.<名称>",
];

/// Sets agreed terms from `key=value` pairs, all or nothing.
pub fn set_terms(d: &Dossier, pairs: &[(&str, &str)]) -> Result<Change, Invalid> {
    not_sealed(d, "terms")?;
    if pairs.is_empty() {
        return Err(Invalid::new("terms", "", Problem::Empty));
    }
    let mut t = d.terms.clone();
    let mut said = Event::new("terms.set");
    for &(key, value) in pairs {
        apply_term(&mut t, key.trim(), value)?;
        said = said.arg(key.trim(), value.trim());
    }
    if let (Some(s), Some(e)) = (t.start, t.end) {
        not_before("end", e, "start", s)?;
    }
    // Start + term give the end unless the end itself was typed: a new start or term must not
    // leave a stale end behind (RENEWAL and expiry read the end, CONTENT-TERM the term).
    let typed_end = pairs.iter().any(|(k, _)| k.trim() == "end");
    let touched = pairs
        .iter()
        .any(|(k, _)| matches!(k.trim(), "start" | "term"));
    if touched
        && !typed_end
        && let (Some(s), Some(m)) = (t.start, t.term_months)
    {
        t.end = s
            .checked_add_months(chrono::Months::new(m))
            .and_then(|e| e.pred_opt());
    }
    let mut n = d.clone();
    n.terms = t;
    Ok(Change::new(n, said))
}

fn apply_term(t: &mut AgreedTerms, key: &str, value: &str) -> Result<(), Invalid> {
    match key {
        "increase" => t.avg_wage_increase_bp = Some(parse_percent_bp(key, value, true)?),
        "min_wage" => t.min_wage_fen = Some(parse_money_fen(key, value)?),
        "overtime" => t.overtime_extended_bp = Some(parse_rate(key, value)?),
        "overtime_rest" => t.overtime_rest_day_bp = Some(parse_rate(key, value)?),
        "overtime_holiday" => t.overtime_holiday_bp = Some(parse_rate(key, value)?),
        "overtime_base" => t.overtime_base = Some(line(key, value)?),
        "term" => t.term_months = Some(parse_term_months(key, value)?),
        "start" => t.start = Some(parse_date(key, value)?),
        "end" => t.end = Some(parse_date(key, value)?),
        "last_avg_wage" => t.last_year_avg_wage_fen = Some(parse_money_fen(key, value)?),
        "staff_covered" => t.staff_covered = Some(parse_count(key, value, MAX_COUNT)?),
        "pay_day" => {
            let day = parse_count(key, value, 31)?;
            if day == 0 {
                return Err(Invalid::new(
                    key,
                    value,
                    Problem::OutOfRange { min: 1, max: 31 },
                ));
            }
            t.pay_day = Some(day as u8);
        }
        _ => {
            if let Some(name) = key.strip_prefix("allowance.") {
                let name = line(key, name)?;
                t.allowances.insert(name, parse_money_fen(key, value)?);
            } else {
                return Err(Invalid::new(
                    "key",
                    key,
                    Problem::UnknownKey {
                        valid: TERM_KEYS.join(", "),
                    },
                ));
            }
        }
    }
    Ok(())
}

fn parse_rate(key: &str, value: &str) -> Result<u32, Invalid> {
    let bp = parse_percent_bp(key, value, false)?;
    u32::try_from(bp).map_err(|_| Invalid::new(key, value, Problem::NotAPercent))
}

/// `1`, `2y`, `2年` are years; `18m`, `18个月` months. Between 1 month and 10 years is possible
/// (the 1–3 year limit is a rule, judged later).
pub fn parse_term_months(key: &str, value: &str) -> Result<u32, Invalid> {
    let v = value.trim();
    let (num, months) = if let Some(m) = v.strip_suffix("个月").or_else(|| v.strip_suffix('m')) {
        (m, true)
    } else {
        (
            v.strip_suffix('年')
                .or_else(|| v.strip_suffix('y'))
                .unwrap_or(v),
            false,
        )
    };
    let n = parse_count(key, num, 1200)?;
    let total = if months { n } else { n * 12 };
    if !(1..=120).contains(&total) {
        return Err(Invalid::new(
            key,
            value,
            Problem::OutOfRange { min: 1, max: 120 },
        ));
    }
    Ok(total)
}

/// The congress vote, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vote {
    pub total: u32,
    pub present: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstain: u32,
    pub all_staff: bool,
}

/// The vote on the draft. Counts that contradict each other cannot be true; a missed quorum or
/// majority is a fact, judged by CONGRESS-*.
pub fn record_congress(d: &Dossier, date: NaiveDate, v: &Vote) -> Result<Change, Invalid> {
    not_sealed(d, "congress")?;
    if v.total == 0 {
        return Err(Invalid::new(
            "total",
            "0",
            Problem::OutOfRange {
                min: 1,
                max: i64::from(MAX_COUNT),
            },
        ));
    }
    let exceeds = |f: &str, val: u32, of: &str, ov: u32| {
        Invalid::new(
            f,
            val.to_string(),
            Problem::Exceeds {
                other_field: of.into(),
                other_value: ov.to_string(),
            },
        )
    };
    if v.present > v.total {
        return Err(exceeds("present", v.present, "total", v.total));
    }
    if v.votes_for > v.present {
        return Err(exceeds("for", v.votes_for, "present", v.present));
    }
    let cast = u64::from(v.votes_for) + u64::from(v.against) + u64::from(v.abstain);
    if cast > u64::from(v.present) {
        return Err(Invalid::new(
            "for + against + abstain",
            cast.to_string(),
            Problem::Exceeds {
                other_field: "present".into(),
                other_value: v.present.to_string(),
            },
        ));
    }
    if let Some(last) = d.rounds.last() {
        not_before("date", date, &format!("round {}", last.number), last.date)?;
    }
    let mut n = d.clone();
    n.congress = Some(Congress {
        date,
        body: if v.all_staff {
            CongressBody::AllStaff
        } else {
            CongressBody::Delegates
        },
        total: v.total,
        present: v.present,
        votes_for: v.votes_for,
        against: v.against,
        abstain: v.abstain,
    });
    Ok(Change::new(
        n,
        Event::new("congress.recorded")
            .arg("date", date)
            .arg("for", v.votes_for)
            .arg("against", v.against)
            .arg("abstain", v.abstain)
            .arg("present", v.present)
            .arg("total", v.total),
    )
    .tag("congress"))
}

/// Signing by both chiefs (GR 37). The signers are the chiefs on record.
pub fn record_signing(d: &Dossier, date: NaiveDate, seals: bool) -> Result<Change, Invalid> {
    not_sealed(d, "sign")?;
    let mut n = d.clone();
    n.signing = Some(Signing {
        date,
        workers_chief: d.chief(Side::Workers).map(|r| r.name.clone()),
        employer_chief: d.chief(Side::Employer).map(|r| r.name.clone()),
        seals,
    });
    Ok(Change::new(n, Event::new("signing.recorded").arg("date", date)).tag("signed"))
}

/// The draft signed by both chiefs before it goes to pre-review and the congress (GR 34).
pub fn record_draft_signed(d: &Dossier, date: NaiveDate) -> Result<Change, Invalid> {
    not_sealed(d, "draft")?;
    let mut n = d.clone();
    n.draft_signed = Some(date);
    Ok(Change::new(n, Event::new("draft.signed").arg("date", date)).tag("draft"))
}

/// Filing with the labour administration. Filing before signing, or received before sent,
/// cannot be true.
pub fn record_filing(
    d: &Dossier,
    sent: NaiveDate,
    received: Option<NaiveDate>,
    registration_no: Option<&str>,
    package: &[&str],
) -> Result<Change, Invalid> {
    let signing = d
        .signing
        .as_ref()
        .ok_or_else(|| missing("file", "signing"))?;
    not_before("sent", sent, "signing", signing.date)?;
    if let Some(r) = received {
        not_before("received", r, "sent", sent)?;
    }
    let mut items = d
        .filing
        .as_ref()
        .map(|f| f.package.clone())
        .unwrap_or_default();
    for p in package {
        let item = one_of("package", p, &FilingItem::ALL, FilingItem::key)?;
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items.sort();
    let mut n = d.clone();
    n.filing = Some(Filing {
        sent,
        received,
        registration_no: registration_no
            .map(|r| line("registration_no", r))
            .transpose()?,
        package: items,
    });
    let what = received.map_or_else(
        || Event::new("filing.recorded").arg("sent", sent),
        |r| {
            Event::new("filing.received")
                .arg("sent", sent)
                .arg("received", r)
        },
    );
    Ok(Change::new(n, what).tag("filed"))
}

/// The administration's review. With no objection the contract takes effect on `effective`
/// (computed by the caller from the review period, GR 47).
///
/// Without objection the contract takes effect the day after the 15-day review period counted on
/// `cal` (GR 47; CC 201/203), or on the agreed start if that is later — unless `effective` says
/// otherwise (a date the administration or the parties fixed).
pub fn record_review(
    d: &Dossier,
    date: NaiveDate,
    objection: Option<&str>,
    effective: Option<NaiveDate>,
    cal: &super::calendar::HolidayCalendar,
) -> Result<Change, Invalid> {
    let filing = d
        .filing
        .as_ref()
        .ok_or_else(|| missing("review", "filing"))?;
    let received = filing
        .received
        .ok_or_else(|| missing("review", "filing_received"))?;
    not_before("date", date, "filing.received", received)?;
    let mut n = d.clone();
    if let Some(t) = objection {
        let t = text("objection", t)?;
        if t.is_empty() {
            return Err(Invalid::new("objection", "", Problem::Empty));
        }
        n.review = Some(Review {
            date,
            outcome: ReviewOutcome::Objection { text: t },
        });
        n.effective = None;
        return Ok(Change::new(
            n,
            Event::new("review.objection").arg("date", date),
        ));
    }
    n.review = Some(Review {
        date,
        outcome: ReviewOutcome::NoObjection,
    });
    let computed = effective_date(d, cal);
    n.effective = effective.or(computed);
    let c = Change::new(n, Event::new("review.no_objection").arg("date", date));
    Ok(if n_effective(&c) {
        c.tag("effective")
    } else {
        c
    })
}

fn n_effective(c: &Change) -> bool {
    c.dossier.effective.is_some()
}

/// The day the contract takes effect if the administration raises no objection (GR 47): the day
/// after the 15-day review period, counted by CC 201/203, or the agreed start if later.
pub fn effective_date(d: &Dossier, cal: &super::calendar::HolidayCalendar) -> Option<NaiveDate> {
    let received = d.filing.as_ref()?.received?;
    let day_after = super::rules::effective_without_objection(received, cal);
    Some(d.terms.start.map_or(day_after, |s| s.max(day_after)))
}

/// Publication to both sides (GR 48).
pub fn record_publication(d: &Dossier, date: NaiveDate) -> Result<Change, Invalid> {
    d.effective.ok_or_else(|| missing("publish", "effect"))?;
    let mut n = d.clone();
    n.publication = Some(Publication { date });
    Ok(Change::new(
        n,
        Event::new("publication.recorded").arg("date", date),
    ))
}

/// Pre-review by the union one level up: submission, opinions per clause, decision.
pub fn record_prereview(
    d: &Dossier,
    submitted: Option<NaiveDate>,
    decision: Option<(&str, NaiveDate)>,
    opinion: Option<(&str, &str)>,
) -> Result<Change, Invalid> {
    not_sealed(d, "prereview")?;
    let mut n = d.clone();
    let mut said = Vec::new();
    if let Some(s) = submitted {
        // A second submission is only true after the draft was returned; otherwise it would
        // silently replace the opinions and decision already on record.
        if let Some(pr) = &d.prereview
            && pr.decision != Some(PreReviewDecision::Return)
        {
            return Err(Invalid::new("submitted", s.to_string(), Problem::Duplicate));
        }
        if let Some(pr) = d.prereview.clone() {
            n.earlier_attempts.push(Attempt {
                prereview: Some(pr),
                ..Attempt::default()
            });
        }
        n.prereview = Some(PreReview {
            submitted: s,
            decided: None,
            decision: None,
            opinions: Vec::new(),
        });
        said.push(Event::new("prereview.submitted").arg("date", s));
    }
    let pr = n
        .prereview
        .as_mut()
        .ok_or_else(|| missing("prereview", "prereview_submission"))?;
    if let Some((clause, t)) = opinion {
        pr.opinions.push(ClauseOpinion {
            clause: line("clause", clause)?,
            text: text("opinion", t)?,
        });
        said.push(Event::new("prereview.opinion").arg("clause", clause));
    }
    if let Some((key, date)) = decision {
        let decision = match key {
            "pass" => PreReviewDecision::Pass,
            "changes" | "pass_with_changes" => PreReviewDecision::PassWithChanges,
            "return" => PreReviewDecision::Return,
            _ => {
                return Err(Invalid::new(
                    "decision",
                    key,
                    Problem::UnknownKey {
                        valid: "pass, changes, return".into(),
                    },
                ));
            }
        };
        not_before("date", date, "submitted", pr.submitted)?;
        pr.decision = Some(decision);
        pr.decided = Some(date);
        let key = match decision {
            PreReviewDecision::Pass => "pass",
            PreReviewDecision::PassWithChanges => "pass_with_changes",
            PreReviewDecision::Return => "return",
        };
        said.push(
            Event::new("prereview.decision")
                .arg("decision", key)
                .arg("date", date),
        );
    }
    if said.is_empty() {
        return Err(Invalid::new("prereview", "", Problem::Empty));
    }
    Ok(Change {
        dossier: n,
        events: said,
        tags: Vec::new(),
    })
}

/// An amendment to a sealed contract, recorded rather than edited in.
pub fn record_amendment(d: &Dossier, date: NaiveDate, what: &str) -> Result<Change, Invalid> {
    // An amendment changes a signed contract; before signing the text is simply edited.
    let signing = d
        .signing
        .as_ref()
        .ok_or_else(|| missing("amend", "signing"))?;
    not_before("date", date, "signing", signing.date)?;
    let what = text("amendment", what)?;
    if what.is_empty() {
        return Err(Invalid::new("amendment", "", Problem::Empty));
    }
    let mut n = d.clone();
    n.amendments.push(Amendment { date, what });
    Ok(Change::new(
        n,
        Event::new("amendment.recorded").arg("date", date),
    ))
}

/// The agreed terms as display pairs (`平均工资增长`, `6.5%`), keyed for comparison across versions.
/// Allowances are keyed `allowance.<名称>`.
pub fn term_values(t: &AgreedTerms) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut push = |k: &str, s: Option<String>| {
        if let Some(s) = s {
            v.push((k.to_string(), s));
        }
    };
    push(
        "increase",
        t.avg_wage_increase_bp.map(|b| format_bp(i64::from(b))),
    );
    push("min_wage", t.min_wage_fen.map(format_fen));
    push(
        "overtime",
        t.overtime_extended_bp.map(|b| format_bp(i64::from(b))),
    );
    push(
        "overtime_rest",
        t.overtime_rest_day_bp.map(|b| format_bp(i64::from(b))),
    );
    push(
        "overtime_holiday",
        t.overtime_holiday_bp.map(|b| format_bp(i64::from(b))),
    );
    push("overtime_base", t.overtime_base.clone());
    push(
        "term",
        t.term_months.map(|m| {
            if m % 12 == 0 {
                format!("{}y", m / 12)
            } else {
                format!("{m}m")
            }
        }),
    );
    push("start", t.start.map(|d| d.to_string()));
    push("end", t.end.map(|d| d.to_string()));
    push("last_avg_wage", t.last_year_avg_wage_fen.map(format_fen));
    push("staff_covered", t.staff_covered.map(|s| s.to_string()));
    push("pay_day", t.pay_day.map(|s| s.to_string()));
    for (name, fen) in &t.allowances {
        push(&format!("allowance.{name}"), Some(format_fen(*fen)));
    }
    v
}

/// One agreed term that differs between two versions of a dossier (`None`: not set there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermChange {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The agreed terms that changed between two versions — what people argue about first, so the
/// diff lists them above the clause changes. Set, changed and removed terms all count.
pub fn term_changes(old: &AgreedTerms, new: &AgreedTerms) -> Vec<TermChange> {
    let (o, n) = (term_values(old), term_values(new));
    let mut keys: Vec<&String> = o.iter().map(|(k, _)| k).collect();
    for (k, _) in &n {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let get =
        |v: &[(String, String)], k: &str| v.iter().find(|(x, _)| x == k).map(|(_, s)| s.clone());
    keys.into_iter()
        .filter_map(|k| {
            let (ov, nv) = (get(&o, k), get(&n, k));
            (ov != nv).then(|| TermChange {
                key: k.clone(),
                old: ov,
                new: nv,
            })
        })
        .collect()
}

/// A term key's name in the user's language (`increase` → 平均工资增长; an allowance is its name).
pub fn term_label(key: &str, lang: crate::i18n::Lang) -> String {
    key.strip_prefix("allowance.").map_or_else(
        || crate::i18n::tr(lang, &format!("term.{key}")),
        crate::text::sanitize_line,
    )
}

/// The year a dossier's contract is for: its start, else the year it was opened.
pub fn contract_year(d: &Dossier) -> i32 {
    d.terms.start.map_or(d.created.year(), |s| s.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date("d", s).unwrap()
    }

    fn dossier() -> Dossier {
        let input = NewDossier {
            kind: "wage",
            enterprise: "大连测试机械有限公司",
            staff: Some("100"),
            women: Some("30"),
            ..NewDossier::default()
        };
        new_dossier("2026-001".into(), &input, day("2026-03-01")).unwrap()
    }

    #[test]
    fn reply_before_receipt_is_refused() {
        let d = dossier();
        let d = record_offer(&d, Side::Workers, day("2026-03-02"), day("2026-03-03"), &[])
            .unwrap()
            .dossier;
        let e = record_reply(&d, day("2026-03-01"), None).unwrap_err();
        assert_eq!(e.field, "date");
        assert!(matches!(e.problem, Problem::Before { .. }));
        assert!(record_reply(&d, day("2026-03-23"), None).is_ok());
    }

    #[test]
    fn contradictory_votes_are_refused_but_a_missed_quorum_is_recorded() {
        let d = dossier();
        let vote = |total, present, votes_for| Vote {
            total,
            present,
            votes_for,
            ..Vote::default()
        };
        assert_eq!(
            record_congress(&d, day("2026-04-01"), &vote(100, 101, 50))
                .unwrap_err()
                .field,
            "present"
        );
        assert_eq!(
            record_congress(&d, day("2026-04-01"), &vote(100, 60, 61))
                .unwrap_err()
                .field,
            "for"
        );
        let v = Vote {
            total: 100,
            present: 60,
            votes_for: 40,
            against: 15,
            abstain: 10,
            all_staff: false,
        };
        assert_eq!(
            record_congress(&d, day("2026-04-01"), &v)
                .unwrap_err()
                .field,
            "for + against + abstain"
        );
        let ok = record_congress(&d, day("2026-04-01"), &vote(100, 60, 55)).unwrap();
        assert_eq!(ok.dossier.congress.unwrap().present, 60);
        assert_eq!(ok.tags, vec!["congress".to_string()]);
    }

    #[test]
    fn terms_are_typed_and_all_or_nothing() {
        let d = dossier();
        let c = set_terms(
            &d,
            &[("increase", "6.5%"), ("min_wage", "2100"), ("term", "4")],
        )
        .unwrap();
        assert_eq!(c.dossier.terms.avg_wage_increase_bp, Some(650));
        assert_eq!(c.dossier.terms.min_wage_fen, Some(210_000));
        assert_eq!(c.dossier.terms.term_months, Some(48)); // breaks CONTENT-TERM, still recorded
        let e = set_terms(&d, &[("increase", "7%"), ("min_wage", "2100.555")]).unwrap_err();
        assert_eq!(e.field, "min_wage");
        assert!(set_terms(&d, &[("bonus", "1")]).is_err());
        assert!(set_terms(&d, &[("overtime", "-5%")]).is_err());
    }

    #[test]
    fn rounds_carry_issues_and_tag_on_close() {
        let d = dossier();
        let d = open_round(&d, day("2026-03-10"), Side::Workers, Some("会议室"))
            .unwrap()
            .dossier;
        let d = record_position(&d, "工资增长", Side::Workers, "8%")
            .unwrap()
            .dossier;
        let d = record_position(&d, "工资增长", Side::Employer, "4%")
            .unwrap()
            .dossier;
        assert!(open_round(&d, day("2026-03-11"), Side::Employer, None).is_err());
        let c = close_round(&d, &CloseRound::default()).unwrap();
        assert_eq!(c.tags, vec!["round-1".to_string()]);
        let d = open_round(&c.dossier, day("2026-03-17"), Side::Employer, None)
            .unwrap()
            .dossier;
        assert_eq!(
            d.rounds[1]
                .issue("工资增长")
                .and_then(|i| i.workers.clone()),
            Some("8%".into())
        );
        assert!(
            open_round(
                &close_round(&d, &CloseRound::default()).unwrap().dossier,
                day("2026-03-01"),
                Side::Workers,
                None
            )
            .is_err()
        );
    }

    #[test]
    fn a_signed_dossier_is_sealed() {
        let d = record_signing(&dossier(), day("2026-04-10"), true)
            .unwrap()
            .dossier;
        assert_eq!(
            set_terms(&d, &[("increase", "7%")]).unwrap_err().problem,
            Problem::Sealed
        );
        assert!(
            record_filing(
                &d,
                day("2026-04-12"),
                Some(day("2026-04-13")),
                None,
                &["text"]
            )
            .is_ok()
        );
        assert!(record_filing(&d, day("2026-04-09"), None, None, &[]).is_err());
    }

    #[test]
    fn a_new_term_moves_the_end_unless_the_end_is_typed() {
        let d = dossier();
        let d = set_terms(&d, &[("start", "2026-07-01"), ("term", "1")])
            .unwrap()
            .dossier;
        assert_eq!(d.terms.end, Some(day("2027-06-30")));
        let d = set_terms(&d, &[("term", "2")]).unwrap().dossier;
        assert_eq!(d.terms.end, Some(day("2028-06-30")));
        let d = set_terms(&d, &[("term", "3"), ("end", "2028-12-31")])
            .unwrap()
            .dossier;
        assert_eq!(d.terms.end, Some(day("2028-12-31")));
    }

    #[test]
    fn no_objection_makes_the_contract_effective_after_the_review_period() {
        let cal = crate::domain::calendar::HolidayCalendar::builtin();
        let d = record_signing(&dossier(), day("2026-05-22"), true)
            .unwrap()
            .dossier;
        let d = record_filing(&d, day("2026-05-27"), Some(day("2026-05-28")), None, &[])
            .unwrap()
            .dossier;
        let c = record_review(&d, day("2026-06-12"), None, None, &cal).unwrap();
        // 15 days after 2026-05-28 is 2026-06-12 (a Friday); effect the day after.
        assert_eq!(c.dossier.effective, Some(day("2026-06-13")));
        assert_eq!(c.tags, vec!["effective".to_string()]);
        let o = record_review(
            &d,
            day("2026-06-12"),
            Some("第五条低于最低工资标准"),
            None,
            &cal,
        )
        .unwrap();
        assert_eq!(o.dossier.effective, None);
        assert!(o.tags.is_empty());
    }

    #[test]
    fn a_missed_quorum_sends_the_draft_back_and_the_next_round_archives_it() {
        let d = dossier();
        let v = Vote {
            total: 100,
            present: 60,
            votes_for: 55,
            ..Vote::default()
        };
        let d = record_congress(&d, day("2026-04-01"), &v).unwrap().dossier;
        assert!(sent_back(&d));
        let d = open_round(&d, day("2026-04-10"), Side::Workers, None)
            .unwrap()
            .dossier;
        assert!(d.congress.is_none());
        assert_eq!(d.earlier_attempts.len(), 1);
    }

    #[test]
    fn a_prereview_is_not_silently_resubmitted() {
        let d = record_prereview(
            &dossier(),
            Some(day("2026-04-01")),
            None,
            Some(("第五条", "明确计发时间")),
        )
        .unwrap()
        .dossier;
        let e = record_prereview(&d, Some(day("2026-04-02")), None, None).unwrap_err();
        assert_eq!(e.problem, Problem::Duplicate);
        let d = record_prereview(&d, None, Some(("return", day("2026-04-05"))), None)
            .unwrap()
            .dossier;
        let d = record_prereview(&d, Some(day("2026-04-20")), None, None)
            .unwrap()
            .dossier;
        assert_eq!(d.earlier_attempts.len(), 1);
        assert_eq!(d.prereview.unwrap().submitted, day("2026-04-20"));
    }

    #[test]
    fn an_amendment_needs_a_signed_contract() {
        assert!(record_amendment(&dossier(), day("2026-06-01"), "第五条修改").is_err());
        let d = record_signing(&dossier(), day("2026-05-22"), true)
            .unwrap()
            .dossier;
        assert!(record_amendment(&d, day("2026-05-21"), "第五条修改").is_err());
        assert!(record_amendment(&d, day("2026-06-01"), "第五条修改").is_ok());
    }

    #[test]
    fn hostile_names_are_neutralised() {
        let rep = Representative {
            name: "张\u{202E}三\u{1b}[2J".into(),
            side: Side::Workers,
            post: None,
            chief: true,
            outsider: false,
            female: false,
            delegated: false,
        };
        let c = set_representative(&dossier(), &rep, day("2026-03-02")).unwrap();
        assert_eq!(c.dossier.representatives[0].name, "张三");
    }
}

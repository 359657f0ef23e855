//! Corrections that keep history: a fact recorded wrong (a date, a place, a registration
//! number) is corrected with a reason. The fact takes the new value and the dossier keeps a
//! [`Correction`] with the old one, the day and the reason, so the record can say "corrected on …
//! because …". Positions in an open round need none of this — they are simply typed again.
//!
//! The administration's review is corrected both ways (an objection taken back as recorded by
//! mistake, or a missed one recorded), and what follows from it follows again: the effective
//! date (GR 47) and its `effective` milestone, or going back to the table (GR 46).
//!
//! What the parties signed (the congress vote, the signing) is sealed: a correction of its date
//! is also a new sealed state, `amend-N`, following the one before (`signed` never moves), so
//! `verify` can check the whole chain.

use super::{Change, line, missing, not_after, not_before, text};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::dossier::{Amendment, CongressBody, Correction, Dossier, ReviewOutcome, Side};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::procedure::Step;
use crate::domain::values::parse_date;
use chrono::NaiveDate;

/// The facts `correct` takes (`round.N.…` with a round number).
pub const CORRECTABLE: &[&str] = &[
    "offer.sent",
    "offer.received",
    "reply.date",
    "offer.by",
    "offer.topics",
    "reply.refusal",
    "data_provided",
    "round.N.date",
    "round.N.place",
    "round.N.minutes_signed",
    "round.N.attendance",
    "round.N.notes",
    "draft_signed",
    "prereview_submitted",
    "congress.date",
    "congress.total",
    "congress.present",
    "congress.for",
    "congress.against",
    "congress.abstain",
    "congress.all_staff",
    "signing.date",
    "filing.sent",
    "filing.received",
    "filing.registration_no",
    "review.date",
    "review.objection",
    "effective",
    "publication.date",
];

/// The value that says "none" where a fact may hold nothing: a reply without refusal (accepted).
pub const NONE: &str = "-";

/// Whether fact `what` holds a date (its value is typed as one).
pub fn is_date(what: &str) -> bool {
    matches!(
        what,
        "offer.sent"
            | "offer.received"
            | "reply.date"
            | "data_provided"
            | "draft_signed"
            | "prereview_submitted"
            | "congress.date"
            | "signing.date"
            | "filing.sent"
            | "filing.received"
            | "review.date"
            | "effective"
            | "publication.date"
    ) || matches!(
        what.split('.').collect::<Vec<_>>()[..],
        ["round", _, "date"]
    )
}

/// The procedure step a correctable fact belongs to (where its correction is shown).
pub fn step_of(what: &str) -> Option<Step> {
    let head = what.split('.').next()?;
    Some(match head {
        "offer" | "reply" => Step::Offer,
        "data_provided" => Step::Preparation,
        "round" => Step::Rounds,
        "draft_signed" => Step::Draft,
        "prereview_submitted" => Step::PreReview,
        "congress" => Step::Congress,
        "signing" => Step::Signing,
        "filing" => Step::Filing,
        "review" | "effective" | "publication" => Step::Effect,
        _ => return None,
    })
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// A list as the forms show it (`a, b`); `None` when empty (nothing recorded).
fn listed(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join(", "))
}

/// The value fact `what` holds now, as `correct` takes it (`None`: not recorded).
pub fn current(d: &Dossier, what: &str) -> Option<String> {
    let date = |x: Option<NaiveDate>| x.map(|x| x.to_string());
    let vote = |f: fn(&crate::domain::dossier::Congress) -> u32| {
        d.congress.as_ref().map(|c| f(c).to_string())
    };
    match what {
        "offer.by" => d.offer.as_ref().map(|o| o.by.key().to_string()),
        "offer.sent" => date(d.offer.as_ref().map(|o| o.sent)),
        "offer.received" => date(d.offer.as_ref().map(|o| o.received)),
        "offer.topics" => d.offer.as_ref().and_then(|o| listed(&o.topics)),
        "reply.date" => date(d.reply.as_ref().map(|r| r.date)),
        "reply.refusal" => d
            .reply
            .as_ref()
            .map(|r| r.reason.clone().unwrap_or_else(|| NONE.to_string())),
        "data_provided" => date(d.preparation.data_provided),
        "draft_signed" => date(d.draft_signed),
        "prereview_submitted" => date(d.prereview_submitted),
        "congress.date" => date(d.congress.as_ref().map(|c| c.date)),
        "congress.total" => vote(|c| c.total),
        "congress.present" => vote(|c| c.present),
        "congress.for" => vote(|c| c.votes_for),
        "congress.against" => vote(|c| c.against),
        "congress.abstain" => vote(|c| c.abstain),
        "congress.all_staff" => d
            .congress
            .as_ref()
            .map(|c| yes_no(c.body == CongressBody::AllStaff)),
        "signing.date" => date(d.signing.as_ref().map(|s| s.date)),
        "filing.sent" => date(d.filing.as_ref().map(|f| f.sent)),
        "filing.received" => date(d.filing.as_ref().and_then(|f| f.received)),
        "filing.registration_no" => d.filing.as_ref().and_then(|f| f.registration_no.clone()),
        "review.date" => date(d.review.as_ref().map(|r| r.date)),
        // No objection is recorded as none (`-`, shown 否): a correction turns it into one.
        "review.objection" => d.review.as_ref().map(|r| match &r.outcome {
            ReviewOutcome::Objection { text } => text.clone(),
            ReviewOutcome::NoObjection => NONE.to_string(),
        }),
        "effective" => date(d.effective),
        "publication.date" => date(d.publication.as_ref().map(|p| p.date)),
        other => {
            let mut parts = other.split('.');
            let (Some("round"), Some(no), Some(field), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            let r = d.rounds.iter().find(|r| no.parse() == Ok(r.number))?;
            match field {
                "date" => Some(r.date.to_string()),
                "place" => r.place.clone(),
                "minutes_signed" => Some(yes_no(r.minutes_signed)),
                // Recorded, if only as "nobody noted": a closed round's attendance and notes
                // are added by correction.
                "attendance" => Some(r.attendance.join(", ")),
                "notes" => Some(r.notes.clone()),
                _ => None,
            }
        }
    }
}

/// Refuses a new record `n` of `d` that changes a fact of `keys` already recorded: a recorded
/// fact changes only by [`correct`], which keeps the old value and the reason. Recording the
/// same value again, or a value where none was recorded, is fine.
pub(crate) fn keep_recorded(d: &Dossier, n: &Dossier, keys: &[&str]) -> Result<(), Invalid> {
    for key in keys {
        if let Some(old) = current(d, key)
            && current(n, key).as_deref() != Some(old.as_str())
        {
            return Err(Invalid::new(
                *key,
                current(n, key).unwrap_or_default(),
                Problem::Recorded {
                    what: (*key).to_string(),
                    old,
                },
            ));
        }
    }
    Ok(())
}

/// The facts of `step` that hold a value and can be corrected, as concrete keys (the rounds'
/// as `round.N.date` for each round no longer open, newest first).
pub fn candidates(d: &Dossier, step: Step) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for key in CORRECTABLE {
        if step_of(key) != Some(step) {
            continue;
        }
        if key.starts_with("round.N") {
            let field = key.trim_start_matches("round.N.");
            for r in d.rounds.iter().rev().filter(|r| !r.is_open()) {
                out.push(format!("round.{}.{field}", r.number));
            }
        } else {
            out.push((*key).to_string());
        }
    }
    out.retain(|k| current(d, k).is_some());
    out
}

/// The fact `what` by its name in `lang` (`signing.date` is 签字日期, `round.2.date` is
/// 第2轮协商日期); a key this program doesn't know (from a newer one) as it is, made visible.
pub fn label(lang: crate::i18n::Lang, what: &str) -> String {
    let mut parts = what.split('.');
    if let (Some("round"), Some(n), Some(field), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
        && n.bytes().all(|b| b.is_ascii_digit())
        && let Some(t) = crate::i18n::lookup(lang, &format!("fact.round.{field}"))
    {
        return t.replace("%{n}", n);
    }
    crate::i18n::lookup(lang, &format!("fact.{what}")).unwrap_or_else(|| crate::text::visible(what))
}

fn unknown(what: &str) -> Invalid {
    Invalid::new(
        "what",
        what,
        Problem::UnknownKey {
            valid: CORRECTABLE.join(", "),
        },
    )
}

/// Corrects fact `what` to `value` because of `reason`, on `today`. The review period, and so
/// the effective date a corrected review gives, is counted on `cal`.
pub fn correct(
    d: &Dossier,
    what: &str,
    value: &str,
    reason: &str,
    today: NaiveDate,
    cal: &HolidayCalendar,
) -> Result<Change, Invalid> {
    let what = what.trim();
    let reason = line("reason", reason)?;
    // An objection is free text, as long as the review opinion it quotes.
    let value = if what == "review.objection" {
        let v = text("value", value)?;
        if v.is_empty() {
            return Err(Invalid::new("value", value, Problem::Empty));
        }
        canonical(what, &v)?
    } else {
        canonical(what, &line("value", value)?)?
    };
    if what == "review.objection" {
        let review = d.review.as_ref().ok_or_else(|| missing("what", "review"))?;
        return correct_review(d, review, &value, (&reason, today), cal);
    }
    let mut n = d.clone();
    let date = || parse_date("value", &value);
    let set = |slot: &mut NaiveDate| -> Result<String, Invalid> {
        let old = slot.to_string();
        *slot = date()?;
        Ok(old)
    };
    let set_opt = |slot: &mut Option<NaiveDate>, field: &str| -> Result<String, Invalid> {
        let old = slot.ok_or_else(|| missing(field, field))?.to_string();
        *slot = Some(date()?);
        Ok(old)
    };
    let old = match what {
        "offer.by" => {
            let o = n.offer.as_mut().ok_or_else(|| missing("what", "offer"))?;
            let old = o.by.key().to_string();
            o.by = side("value", &value)?;
            old
        }
        "offer.topics" => {
            let o = n.offer.as_mut().ok_or_else(|| missing("what", "offer"))?;
            let old = o.topics.join(", ");
            o.topics = list(&value);
            old
        }
        "reply.refusal" => {
            let r = n.reply.as_mut().ok_or_else(|| missing("what", "reply"))?;
            let old = r.reason.clone().unwrap_or_else(|| NONE.to_string());
            r.reason = (value != NONE).then(|| value.clone());
            r.accepted = r.reason.is_none();
            old
        }
        "congress.total" | "congress.present" | "congress.for" | "congress.against"
        | "congress.abstain" | "congress.all_staff" => {
            let c = n
                .congress
                .as_mut()
                .ok_or_else(|| missing("what", "congress"))?;
            let count = || crate::domain::values::parse_count("value", &value, super::MAX_COUNT);
            let slot = match what {
                "congress.total" => &mut c.total,
                "congress.present" => &mut c.present,
                "congress.for" => &mut c.votes_for,
                "congress.against" => &mut c.against,
                "congress.abstain" => &mut c.abstain,
                _ => {
                    let old = yes_no(c.body == CongressBody::AllStaff);
                    c.body = if flag("value", &value)? {
                        CongressBody::AllStaff
                    } else {
                        CongressBody::Delegates
                    };
                    return Ok(finish(d, n, what, (&old, &value, &reason), today));
                }
            };
            let old = slot.to_string();
            *slot = count()?;
            super::approval::check_counts(c)?;
            old
        }
        "offer.sent" | "offer.received" => {
            let o = n.offer.as_mut().ok_or_else(|| missing("what", "offer"))?;
            let old = if what == "offer.sent" {
                set(&mut o.sent)?
            } else {
                set(&mut o.received)?
            };
            not_before("offer.received", o.received, "offer.sent", o.sent)?;
            old
        }
        "reply.date" => set(&mut n
            .reply
            .as_mut()
            .ok_or_else(|| missing("what", "reply"))?
            .date)?,
        "data_provided" => set_opt(&mut n.preparation.data_provided, "data_provided")?,
        "draft_signed" => set_opt(&mut n.draft_signed, "draft_signed")?,
        "prereview_submitted" => set_opt(&mut n.prereview_submitted, "prereview_submitted")?,
        // What the parties signed is sealed: correcting it makes a new sealed state (below).
        "congress.date" => {
            let c = n
                .congress
                .as_mut()
                .ok_or_else(|| missing("what", "congress"))?;
            let old = set(&mut c.date)?;
            let date = c.date;
            if let Some(last) = n.rounds.last() {
                not_before(
                    what,
                    date,
                    &format!("round.{}.date", last.number),
                    last.date,
                )?;
            }
            if let Some(s) = &n.signing {
                not_after(what, date, "signing.date", s.date)?;
            }
            old
        }
        "signing.date" => {
            let s = n
                .signing
                .as_mut()
                .ok_or_else(|| missing("what", "signing"))?;
            let old = set(&mut s.date)?;
            let date = s.date;
            if let Some(c) = &n.congress {
                not_before(what, date, "congress.date", c.date)?;
            }
            if let Some(f) = &n.filing {
                not_after(what, date, "filing.sent", f.sent)?;
            }
            if let Some(a) = n.amendments.iter().map(|a| a.date).min() {
                not_after(what, date, "amendment", a)?;
            }
            old
        }
        "filing.sent" => set(&mut n
            .filing
            .as_mut()
            .ok_or_else(|| missing("what", "filing"))?
            .sent)?,
        "filing.received" => set_opt(
            &mut n
                .filing
                .as_mut()
                .ok_or_else(|| missing("what", "filing"))?
                .received,
            "filing.received",
        )?,
        "filing.registration_no" => {
            let f = n.filing.as_mut().ok_or_else(|| missing("what", "filing"))?;
            let old = f.registration_no.replace(value.clone());
            old.ok_or_else(|| missing("what", "filing.registration_no"))?
        }
        "review.date" => set(&mut n
            .review
            .as_mut()
            .ok_or_else(|| missing("what", "review"))?
            .date)?,
        "effective" => set_opt(&mut n.effective, "effective")?,
        "publication.date" => set(&mut n
            .publication
            .as_mut()
            .ok_or_else(|| missing("what", "publication"))?
            .date)?,
        other => correct_round(&mut n, other, &value)?,
    };
    Ok(finish(d, n, what, (&old, &value, &reason), today))
}

/// The administration's review corrected: an objection reworded, or recorded by mistake and
/// taken back (`-`), or missed and recorded. What follows from it follows again. Without
/// objection the contract takes effect when the review period ends (GR 47; LCL 54), so the
/// effective date is counted again on `cal` and tagged as a review without objection would be;
/// an objection takes the effective date back and lets the bargaining go back to the table
/// (GR 46). An agreement already published as in effect takes no objection: the publication is
/// a fact the correction could not undo.
fn correct_review(
    d: &Dossier,
    review: &crate::domain::dossier::Review,
    value: &str,
    (reason, today): (&str, NaiveDate),
    cal: &HolidayCalendar,
) -> Result<Change, Invalid> {
    const WHAT: &str = "review.objection";
    let old = current(d, WHAT).unwrap_or_else(|| NONE.to_string());
    let mut n = d.clone();
    let mut then = None;
    match (&review.outcome, value == NONE) {
        // Reworded, or none again: nothing follows.
        (ReviewOutcome::Objection { .. }, false) | (ReviewOutcome::NoObjection, true) => {}
        (ReviewOutcome::NoObjection, false) => {
            if let Some(p) = &d.publication {
                return Err(Invalid::new(
                    "value",
                    value,
                    Problem::Published {
                        date: p.date.to_string(),
                    },
                ));
            }
            n.effective = None;
            then = Some(Event::new("review.objection").arg("date", review.date));
        }
        (ReviewOutcome::Objection { .. }, true) => {
            n.effective = super::filing::effective_date(d, cal);
            then = Some(Event::new("review.no_objection").arg("date", review.date));
        }
    }
    if let Some(r) = n.review.as_mut() {
        r.outcome = if value == NONE {
            ReviewOutcome::NoObjection
        } else {
            ReviewOutcome::Objection {
                text: value.to_string(),
            }
        };
    }
    let mut change = finish(d, n, WHAT, (&old, value, reason), today);
    if let Some(e) = then {
        let effective = e.kind == "review.no_objection" && change.dossier.effective.is_some();
        change.events.push(e);
        if effective {
            change = change.tag("effective");
        }
    }
    Ok(change)
}

/// The corrected record `n` of `d`: the correction kept with its old value and reason, its
/// event, and for a signed fact a new sealed state.
fn finish(
    d: &Dossier,
    mut n: Dossier,
    what: &str,
    (old, value, reason): (&str, &str, &str),
    today: NaiveDate,
) -> Change {
    n.corrections.push(Correction {
        date: today,
        what: what.to_string(),
        old: old.to_string(),
        new: value.to_string(),
        reason: reason.to_string(),
    });
    let mut change = Change::new(
        n,
        Event::new("fact.corrected")
            .arg("what", what)
            .arg("old", old)
            .arg("new", value)
            .arg("reason", reason),
    );
    // A signed fact is corrected as a new sealed state: `signed` never moves, and the chain of
    // `amend-N` states says what changed since. The caller seals it (it holds the text).
    if d.is_sealed() && SEALED.contains(&what) {
        let (follows, tag) = next_sealed_state(d);
        change.dossier.amendments.push(Amendment {
            date: today,
            what: reason.to_string(),
            clauses: Vec::new(),
            approved: None,
            follows: Some(follows.clone()),
            seal: None,
            corrects: Some(what.to_string()),
        });
        change.events.push(
            Event::new("amendment.recorded")
                .arg("date", today)
                .arg("n", change.dossier.amendments.len())
                .arg("follows", follows),
        );
        change = change.tag(tag);
    }
    change
}

/// The facts the parties signed (part of the seal) that `correct` takes.
pub const SEALED: &[&str] = &[
    "congress.date",
    "congress.total",
    "congress.present",
    "congress.for",
    "congress.against",
    "congress.abstain",
    "congress.all_staff",
    "signing.date",
];

/// Whether fact `what` is a yes or no.
fn is_flag(what: &str) -> bool {
    what == "congress.all_staff"
        || (what.starts_with("round.") && what.ends_with(".minutes_signed"))
}

/// A yes/no or a side as its key (`是` is `yes`, `职工方` is `workers`), so the record and its
/// history hold one spelling whatever language it was typed in; no objection from the review
/// (`否`, `no`, `无`) as none (`-`), an objection by its text; other values as they are.
fn canonical(what: &str, value: &str) -> Result<String, Invalid> {
    Ok(if is_flag(what) {
        yes_no(flag("value", value)?)
    } else if what == "review.objection" {
        match value.trim().to_lowercase().as_str() {
            NONE | "no" | "n" | "false" | "none" | "否" | "无" | "无异议" | "no objection" => {
                NONE.to_string()
            }
            "yes" | "y" | "true" | "是" | "有" | "有异议" => {
                return Err(Invalid::new("value", value, Problem::ObjectionText));
            }
            _ => value.to_string(),
        }
    } else if what == "offer.by" {
        side("value", value)?.key().to_string()
    } else {
        value.to_string()
    })
}

/// A value as `current` gives it, shown in `lang` (`yes` is 是, `workers` is 职工方).
pub fn shown(lang: crate::i18n::Lang, what: &str, value: &str) -> String {
    let key = match value {
        "yes" if is_flag(what) => "ui.yes",
        "no" if is_flag(what) => "ui.no",
        "workers" if what == "offer.by" => "ui.choice.workers",
        "employer" if what == "offer.by" => "ui.choice.employer",
        NONE if what == "review.objection" => "ui.no",
        _ => return value.to_string(),
    };
    crate::i18n::tr(lang, key)
}

/// A side as typed: its key or its name.
fn side(field: &str, v: &str) -> Result<Side, Invalid> {
    match v.trim().to_lowercase().as_str() {
        "workers" | "职工方" => Ok(Side::Workers),
        "employer" | "企业方" => Ok(Side::Employer),
        _ => Err(Invalid::new(
            field,
            v,
            Problem::UnknownKey {
                valid: "workers, employer".into(),
            },
        )),
    }
}

/// Yes or no as typed.
fn flag(field: &str, v: &str) -> Result<bool, Invalid> {
    match v.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        _ => Err(Invalid::new(
            field,
            v,
            Problem::UnknownKey {
                valid: "yes, no".into(),
            },
        )),
    }
}

/// A list as typed (`a, b`, `a、b`).
fn list(v: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in v.split([',', '，', '、', ';', '；']) {
        let item = crate::text::sanitize_line(item);
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The state a new sealed state follows (`signed` or the last `amend-N`) and its own tag.
pub(crate) fn next_sealed_state(d: &Dossier) -> (String, String) {
    let k = d.amendments.len();
    let follows = if k == 0 {
        "signed".to_string()
    } else {
        format!("amend-{k}")
    };
    (follows, format!("amend-{}", k + 1))
}

/// A fact of round N (`round.N.date`, `.place`, `.minutes_signed`, `.attendance`, `.notes`) —
/// of a round no longer open, as the pick list offers them (an open round's are typed again at
/// the table). A round's date stays between its neighbours'.
fn correct_round(n: &mut Dossier, what: &str, value: &str) -> Result<String, Invalid> {
    let mut parts = what.split('.');
    let (Some("round"), Some(no), Some(field), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(unknown(what));
    };
    let no: u32 = no.parse().map_err(|_| unknown(what))?;
    let at = n
        .rounds
        .iter()
        .position(|r| r.number == no)
        .ok_or_else(|| Invalid::new("what", what, Problem::NotFound))?;
    match field {
        "date" => {
            let date = parse_date("value", value)?;
            if let Some(prev) = at.checked_sub(1).and_then(|i| n.rounds.get(i)) {
                not_before(
                    what,
                    date,
                    &format!("round.{}.date", prev.number),
                    prev.date,
                )?;
            }
            if let Some(next) = n.rounds.get(at + 1) {
                not_after(
                    what,
                    date,
                    &format!("round.{}.date", next.number),
                    next.date,
                )?;
            }
            let r = &mut n.rounds[at];
            let old = r.date.to_string();
            r.date = date;
            Ok(old)
        }
        "place" => {
            let r = &mut n.rounds[at];
            Ok(r.place.replace(value.to_string()).unwrap_or_default())
        }
        "minutes_signed" => {
            let r = &mut n.rounds[at];
            let old = yes_no(r.minutes_signed);
            r.minutes_signed = flag("value", value)?;
            Ok(old)
        }
        "attendance" => {
            let r = &mut n.rounds[at];
            let old = r.attendance.join(", ");
            r.attendance = list(value);
            Ok(old)
        }
        "notes" => {
            let r = &mut n.rounds[at];
            Ok(std::mem::replace(&mut r.notes, value.to_string()))
        }
        _ => Err(unknown(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::Side;
    use crate::domain::record::fixture::{day, dossier};
    use crate::domain::record::{CloseRound, close_round, open_round};

    /// [`super::correct`] on the built-in calendar.
    fn correct(
        d: &Dossier,
        what: &str,
        value: &str,
        reason: &str,
        today: NaiveDate,
    ) -> Result<Change, Invalid> {
        super::correct(d, what, value, reason, today, HolidayCalendar::shared())
    }

    #[test]
    fn a_closed_rounds_date_is_corrected_with_its_reason_kept() {
        let d = open_round(&dossier(), day("2026-03-10"), Side::Workers, Some("会议室"))
            .unwrap()
            .dossier;
        let d = close_round(&d, &CloseRound::default()).unwrap().dossier;
        let c = correct(
            &d,
            "round.1.date",
            "2026-03-09",
            "录入错误",
            day("2026-03-12"),
        )
        .unwrap();
        assert_eq!(c.dossier.rounds[0].date, day("2026-03-09"));
        assert_eq!(
            c.dossier.corrections,
            vec![Correction {
                date: day("2026-03-12"),
                what: "round.1.date".into(),
                old: "2026-03-10".into(),
                new: "2026-03-09".into(),
                reason: "录入错误".into(),
            }]
        );
        assert!(c.message().contains("fact.corrected"), "{}", c.message());
        // A reason is required; an unknown fact names the ones there are.
        assert_eq!(
            correct(&d, "round.1.date", "2026-03-09", " ", day("2026-03-12"))
                .unwrap_err()
                .field,
            "reason"
        );
        assert_eq!(
            correct(&d, "round.9.date", "2026-03-09", "x", day("2026-03-12"))
                .unwrap_err()
                .problem,
            Problem::NotFound
        );
        assert!(matches!(
            correct(&d, "nonsense", "1", "x", day("2026-03-12"))
                .unwrap_err()
                .problem,
            Problem::UnknownKey { .. }
        ));
    }

    /// A signed fact is corrected as a new sealed state that follows the one before; the order
    /// of the signed facts holds.
    #[test]
    fn a_signed_date_is_corrected_as_a_new_sealed_state() {
        use crate::domain::record::{Vote, record_congress, record_signing};
        let d = open_round(&dossier(), day("2026-03-10"), Side::Workers, None)
            .unwrap()
            .dossier;
        let d = close_round(&d, &CloseRound::default()).unwrap().dossier;
        let vote = Vote {
            total: 100,
            present: 80,
            votes_for: 70,
            against: 5,
            abstain: 5,
            all_staff: false,
        };
        let d = record_congress(&d, day("2026-04-01"), &vote)
            .unwrap()
            .dossier;
        let d = record_signing(&d, day("2026-04-03"), true).unwrap().dossier;
        let c = correct(&d, "signing.date", "2026-04-02", "落款", day("2026-06-01")).unwrap();
        assert_eq!(c.tags, vec!["amend-1".to_string()]);
        let a = &c.dossier.amendments[0];
        assert_eq!(
            (
                a.date,
                a.follows.as_deref(),
                a.corrects.as_deref(),
                a.what.as_str()
            ),
            (
                day("2026-06-01"),
                Some("signed"),
                Some("signing.date"),
                "落款"
            )
        );
        assert!(
            c.message().contains("amendment.recorded"),
            "{}",
            c.message()
        );
        let c = correct(
            &c.dossier,
            "congress.date",
            "2026-03-31",
            "决议",
            day("2026-06-02"),
        )
        .unwrap();
        assert_eq!(c.tags, vec!["amend-2".to_string()]);
        assert_eq!(c.dossier.amendments[1].follows.as_deref(), Some("amend-1"));
        // The congress cannot move after the signing, nor the signing before the congress.
        let e = correct(
            &c.dossier,
            "congress.date",
            "2026-04-03",
            "x",
            day("2026-06-03"),
        )
        .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.value.as_str()),
            ("congress.date", "2026-04-03")
        );
        assert!(matches!(e.problem, Problem::After { .. }));
        let e = correct(
            &c.dossier,
            "signing.date",
            "2026-03-30",
            "x",
            day("2026-06-03"),
        )
        .unwrap_err();
        assert!(matches!(e.problem, Problem::Before { .. }));
        // Before signing, a congress date is corrected without a sealed state.
        let unsigned = record_congress(
            &close_round(
                &open_round(&dossier(), day("2026-03-10"), Side::Workers, None)
                    .unwrap()
                    .dossier,
                &CloseRound::default(),
            )
            .unwrap()
            .dossier,
            day("2026-04-01"),
            &vote,
        )
        .unwrap()
        .dossier;
        let c = correct(
            &unsigned,
            "congress.date",
            "2026-04-02",
            "x",
            day("2026-04-05"),
        )
        .unwrap();
        assert!(c.tags.is_empty() && c.dossier.amendments.is_empty());
    }

    #[test]
    fn facts_are_named_in_the_users_language() {
        use crate::i18n::Lang;
        assert_eq!(label(Lang::ZhCn, "round.2.date"), "第2轮协商日期");
        assert_eq!(label(Lang::En, "signing.date"), "signing date");
        assert_eq!(label(Lang::ZhCn, "filing.registration_no"), "备案登记号");
        for what in CORRECTABLE {
            let what = what.replace(".N.", ".1.");
            for lang in [Lang::ZhCn, Lang::En] {
                assert_ne!(label(lang, &what), what, "{what} has no name in {lang:?}");
            }
        }
    }
}

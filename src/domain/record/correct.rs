//! Corrections that keep history: a fact recorded wrong (a date, a place, a registration
//! number) is corrected with a reason. The fact takes the new value and the dossier keeps a
//! [`Correction`] with the old one, the day and the reason, so the record can say "corrected on …
//! because …". Positions in an open round need none of this — they are simply typed again.
//!
//! What the parties signed (the congress vote, the signing) is sealed: it is not corrected here.

use super::{Change, line, missing, not_before};
use crate::domain::dossier::{Correction, Dossier};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::procedure::Step;
use crate::domain::values::parse_date;
use chrono::NaiveDate;

/// The facts `correct` takes (`round.N.date` and `round.N.place` with a round number).
pub const CORRECTABLE: &[&str] = &[
    "offer.sent",
    "offer.received",
    "reply.date",
    "data_provided",
    "round.N.date",
    "round.N.place",
    "draft_signed",
    "prereview_submitted",
    "congress.date",
    "signing.date",
    "filing.sent",
    "filing.received",
    "filing.registration_no",
    "review.date",
    "effective",
    "publication.date",
];

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

/// The value fact `what` holds now, as `correct` takes it (`None`: not recorded).
pub fn current(d: &Dossier, what: &str) -> Option<String> {
    let date = |x: Option<NaiveDate>| x.map(|x| x.to_string());
    match what {
        "offer.sent" => date(d.offer.as_ref().map(|o| o.sent)),
        "offer.received" => date(d.offer.as_ref().map(|o| o.received)),
        "reply.date" => date(d.reply.as_ref().map(|r| r.date)),
        "data_provided" => date(d.preparation.data_provided),
        "draft_signed" => date(d.draft_signed),
        "prereview_submitted" => date(d.prereview_submitted),
        "congress.date" => date(d.congress.as_ref().map(|c| c.date)),
        "signing.date" => date(d.signing.as_ref().map(|s| s.date)),
        "filing.sent" => date(d.filing.as_ref().map(|f| f.sent)),
        "filing.received" => date(d.filing.as_ref().and_then(|f| f.received)),
        "filing.registration_no" => d.filing.as_ref().and_then(|f| f.registration_no.clone()),
        "review.date" => date(d.review.as_ref().map(|r| r.date)),
        "effective" => date(d.effective),
        "publication.date" => date(d.publication.as_ref().map(|p| p.date)),
        other => {
            let mut parts = other.split('.');
            let (Some("round"), Some(no), Some(field)) = (parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            let r = d.rounds.iter().find(|r| no.parse() == Ok(r.number))?;
            match field {
                "date" => Some(r.date.to_string()),
                "place" => r.place.clone(),
                _ => None,
            }
        }
    }
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

fn unknown(what: &str) -> Invalid {
    Invalid::new(
        "what",
        what,
        Problem::UnknownKey {
            valid: CORRECTABLE.join(", "),
        },
    )
}

/// Corrects fact `what` to `value` because of `reason`, on `today`.
pub fn correct(
    d: &Dossier,
    what: &str,
    value: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<Change, Invalid> {
    let what = what.trim();
    let reason = line("reason", reason)?;
    let value = line("value", value)?;
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
        // What the parties signed is sealed with the agreement.
        "congress.date" | "signing.date" if d.is_sealed() => {
            return Err(Invalid::new("what", what, Problem::Sealed));
        }
        "signing.date" => return Err(missing("what", "signing")),
        "congress.date" => set(&mut n
            .congress
            .as_mut()
            .ok_or_else(|| missing("what", "congress"))?
            .date)?,
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
    n.corrections.push(Correction {
        date: today,
        what: what.to_string(),
        old: old.clone(),
        new: value.clone(),
        reason: reason.clone(),
    });
    Ok(Change::new(
        n,
        Event::new("fact.corrected")
            .arg("what", what)
            .arg("old", &old)
            .arg("new", &value)
            .arg("reason", &reason),
    ))
}

/// `round.N.date` or `round.N.place` of a round that is no longer open (an open round's facts
/// are typed again at the table). A round's date stays between its neighbours'.
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
                not_before("value", date, &format!("round {}", prev.number), prev.date)?;
            }
            if let Some(next) = n.rounds.get(at + 1) {
                not_before(&format!("round {}", next.number), next.date, "value", date)?;
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
        _ => Err(unknown(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::Side;
    use crate::domain::record::fixture::{day, dossier};
    use crate::domain::record::{CloseRound, close_round, open_round};

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
}

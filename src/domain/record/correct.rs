//! Corrections that keep history: a fact recorded wrong (a date, a place, a registration
//! number) is corrected with a reason. The fact takes the new value and the dossier keeps a
//! [`Correction`] with the old one, the day and the reason, so the record can say "corrected on …
//! because …". Positions in an open round need none of this — they are simply typed again.
//!
//! What the parties signed (the congress vote, the signing) is sealed: a correction of its date
//! is also a new sealed state, `amend-N`, following the one before (`signed` never moves), so
//! `verify` can check the whole chain.

use super::{Change, line, missing, not_after, not_before};
use crate::domain::dossier::{Amendment, Correction, Dossier};
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
        // What the parties signed is sealed: correcting it makes a new sealed state (below).
        "congress.date" => {
            let c = n
                .congress
                .as_mut()
                .ok_or_else(|| missing("what", "congress"))?;
            let old = set(&mut c.date)?;
            let date = c.date;
            if let Some(last) = n.rounds.last() {
                not_before(what, date, &format!("round {}", last.number), last.date)?;
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
    n.corrections.push(Correction {
        date: today,
        what: what.to_string(),
        old: old.clone(),
        new: value.clone(),
        reason: reason.clone(),
    });
    let mut change = Change::new(
        n,
        Event::new("fact.corrected")
            .arg("what", what)
            .arg("old", &old)
            .arg("new", &value)
            .arg("reason", &reason),
    );
    // A signed fact is corrected as a new sealed state: `signed` never moves, and the chain of
    // `amend-N` states says what changed since. The caller seals it (it holds the text).
    if d.is_sealed() && SEALED.contains(&what) {
        let (follows, tag) = next_sealed_state(d);
        change.dossier.amendments.push(Amendment {
            date: today,
            what: reason,
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
    Ok(change)
}

/// The facts the parties signed (part of the seal) that `correct` takes.
pub const SEALED: &[&str] = &["congress.date", "signing.date"];

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

//! After signing, with the labour administration: filing the contract, the administration's
//! review and the day the contract takes effect (GR 47), publication to both sides (GR 48), and
//! amendments to the sealed contract, which are recorded rather than edited in.

use super::{Change, line, missing, not_before, one_of, text};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::dossier::{
    AmendedClause, Amendment, Dossier, Filing, FilingItem, Publication, Review, ReviewOutcome,
};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use chrono::NaiveDate;

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
    // A receipt or number left out keeps the one on record (they are added as they come).
    let earlier = d.filing.as_ref();
    let registration_no = match registration_no {
        Some(r) => Some(line("registration_no", r)?),
        None => earlier.and_then(|f| f.registration_no.clone()),
    };
    let received = received.or_else(|| earlier.and_then(|f| f.received));
    let mut n = d.clone();
    n.filing = Some(Filing {
        sent,
        received,
        registration_no,
        package: items,
    });
    super::correct::keep_recorded(
        d,
        &n,
        &["filing.sent", "filing.received", "filing.registration_no"],
    )?;
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

/// The administration's review. An objection takes back any day of effect; `rounds` then takes
/// the draft back to the table (GR 46).
///
/// Without objection the contract takes effect the day after the 15-day review period counted on
/// `cal` (GR 47; CC 201/203), or on the agreed start if that is later — unless `effective` says
/// otherwise (a date the administration or the parties fixed).
pub fn record_review(
    d: &Dossier,
    date: NaiveDate,
    objection: Option<&str>,
    effective: Option<NaiveDate>,
    cal: &HolidayCalendar,
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
        keep_review(d, &n)?;
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
    keep_review(d, &n)?;
    let c = Change::new(n, Event::new("review.no_objection").arg("date", date));
    Ok(if c.dossier.effective.is_some() {
        c.tag("effective")
    } else {
        c
    })
}

/// A second review may not change the one on record: its date, its outcome, its objection or
/// the effective date.
fn keep_review(d: &Dossier, n: &Dossier) -> Result<(), Invalid> {
    if let (Some(old), Some(new)) = (&d.review, &n.review)
        && matches!(old.outcome, ReviewOutcome::Objection { .. })
            != matches!(new.outcome, ReviewOutcome::Objection { .. })
    {
        let shown = |r: &Review| match &r.outcome {
            ReviewOutcome::Objection { text } => text.clone(),
            ReviewOutcome::NoObjection => super::correct::NONE.to_string(),
        };
        return Err(Invalid::new(
            "review.objection",
            shown(new),
            Problem::Recorded {
                what: "review.objection".into(),
                old: shown(old),
            },
        ));
    }
    super::correct::keep_recorded(d, n, &["review.date", "review.objection", "effective"])
}

/// The day the contract takes effect if the administration raises no objection (GR 47): the day
/// after the 15-day review period, counted by CC 201/203, or the agreed start if later.
pub(super) fn effective_date(d: &Dossier, cal: &HolidayCalendar) -> Option<NaiveDate> {
    let received = d.filing.as_ref()?.received?;
    let day_after = crate::domain::rules::effective_without_objection(received, cal);
    Some(d.terms.start.map_or(day_after, |s| s.max(day_after)))
}

/// Publication to both sides (GR 48).
pub fn record_publication(d: &Dossier, date: NaiveDate) -> Result<Change, Invalid> {
    d.effective.ok_or_else(|| missing("publish", "effect"))?;
    let mut n = d.clone();
    n.publication = Some(Publication { date });
    super::correct::keep_recorded(d, &n, &["publication.date"])?;
    Ok(Change::new(
        n,
        Event::new("publication.recorded").arg("date", date),
    ))
}

/// An amendment to a sealed contract, recorded rather than edited in.
/// An amendment (变更) of the signed agreement: what it is, the clauses it rewrites, and the
/// date the congress approved it where needed. Tagged `amend-N`, following `signed` or the
/// amendment before; the new seal is taken by the caller, who holds the amended text.
pub fn record_amendment(
    d: &Dossier,
    date: NaiveDate,
    what: &str,
    clauses: &[(usize, &str)],
    approved: Option<NaiveDate>,
) -> Result<Change, Invalid> {
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
    if let Some(a) = approved {
        not_before("approved", a, "signing", signing.date)?;
    }
    let mut amended: Vec<AmendedClause> = Vec::new();
    for (number, text) in clauses {
        // One text per clause: `--clause 1=abc --clause 1=def` says two things of clause 1.
        if amended.iter().any(|a| a.number == *number) {
            return Err(Invalid::new(
                "clause",
                number.to_string(),
                Problem::Duplicate,
            ));
        }
        let t = super::text("clause", text)?;
        if t.is_empty() {
            return Err(Invalid::new("clause", number.to_string(), Problem::Empty));
        }
        amended.push(AmendedClause {
            number: *number,
            text: t,
        });
    }
    let k = d.amendments.len();
    let (follows, tag) = super::correct::next_sealed_state(d);
    let mut n = d.clone();
    n.amendments.push(Amendment {
        date,
        what,
        clauses: amended,
        approved,
        follows: Some(follows.clone()),
        seal: None,
        corrects: None,
    });
    Ok(Change::new(
        n,
        Event::new("amendment.recorded")
            .arg("date", date)
            .arg("n", k + 1)
            .arg("follows", follows),
    )
    .tag(tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};
    use crate::domain::record::{record_signing, set_terms};

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
    fn an_amendment_needs_a_signed_contract() {
        assert!(record_amendment(&dossier(), day("2026-06-01"), "第五条修改", &[], None).is_err());
        let d = record_signing(&dossier(), day("2026-05-22"), true)
            .unwrap()
            .dossier;
        assert!(record_amendment(&d, day("2026-05-21"), "第五条修改", &[], None).is_err());
        assert!(record_amendment(&d, day("2026-06-01"), "第五条修改", &[], None).is_ok());
    }

    /// Regression: `--clause 1=abc --clause 1=def` was taken, saying two things of clause 1.
    #[test]
    fn an_amendment_names_each_clause_once() {
        let d = record_signing(&dossier(), day("2026-05-22"), true)
            .unwrap()
            .dossier;
        let e = record_amendment(
            &d,
            day("2026-06-01"),
            "变更",
            &[(1, "abc"), (2, "x"), (1, "def")],
            None,
        )
        .unwrap_err();
        assert_eq!((e.field.as_str(), e.value.as_str()), ("clause", "1"));
        assert_eq!(e.problem, Problem::Duplicate);
        let ok = record_amendment(&d, day("2026-06-01"), "变更", &[(1, "abc"), (2, "x")], None);
        assert_eq!(ok.unwrap().dossier.amendments[0].clauses.len(), 2);
    }
}

//! The draft's way to a signed contract: the draft signed by both chiefs (GR 34), pre-review by
//! the union one level up, the vote of the workers' congress, and the signing (GR 37) that seals
//! the dossier. A missed quorum or majority is recorded as it happened; `rounds` takes a rejected
//! draft back to the table.

use super::{Change, MAX_COUNT, not_before, not_sealed};
use crate::domain::dossier::{Congress, CongressBody, Dossier, Side, Signing};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use chrono::NaiveDate;

/// The draft signed by both chiefs before it goes to pre-review and the congress (GR 34).
pub fn record_draft_signed(d: &Dossier, date: NaiveDate) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let mut n = d.clone();
    n.draft_signed = Some(date);
    super::correct::keep_recorded(d, &n, &["draft_signed"])?;
    Ok(Change::new(n, Event::new("draft.signed").arg("date", date)).tag("draft"))
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
    not_sealed(d)?;
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
    let congress = Congress {
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
    };
    check_counts(&congress)?;
    if let Some(last) = d.rounds.last() {
        not_before(
            "date",
            date,
            &format!("round.{}.date", last.number),
            last.date,
        )?;
    }
    let mut n = d.clone();
    n.congress = Some(congress);
    super::correct::keep_recorded(d, &n, CONGRESS_FACTS)?;
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

/// The congress facts a second vote may not change (a draft sent back takes the vote away
/// with the rest of the pass when the next round opens).
const CONGRESS_FACTS: &[&str] = &[
    "congress.date",
    "congress.total",
    "congress.present",
    "congress.for",
    "congress.against",
    "congress.abstain",
    "congress.all_staff",
];

/// Counts that contradict each other cannot be true: more present than delegates, more votes
/// for than present, more votes cast than present.
pub(super) fn check_counts(c: &Congress) -> Result<(), Invalid> {
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
    if c.present > c.total {
        return Err(exceeds("present", c.present, "total", c.total));
    }
    if c.votes_for > c.present {
        return Err(exceeds("for", c.votes_for, "present", c.present));
    }
    let cast = u64::from(c.votes_for) + u64::from(c.against) + u64::from(c.abstain);
    if cast > u64::from(c.present) {
        return Err(Invalid::new(
            "votes",
            cast.to_string(),
            Problem::Exceeds {
                other_field: "present".into(),
                other_value: c.present.to_string(),
            },
        ));
    }
    Ok(())
}

/// Signing by both chiefs (GR 37). The signers are the chiefs on record.
pub fn record_signing(d: &Dossier, date: NaiveDate, seals: bool) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let mut n = d.clone();
    n.signing = Some(Signing {
        date,
        workers_chief: d.chief(Side::Workers).map(|r| r.name.clone()),
        employer_chief: d.chief(Side::Employer).map(|r| r.name.clone()),
        seals,
    });
    Ok(Change::new(n, Event::new("signing.recorded").arg("date", date)).tag("signed"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};

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
            "votes"
        );
        let ok = record_congress(&d, day("2026-04-01"), &vote(100, 60, 55)).unwrap();
        assert_eq!(ok.dossier.congress.unwrap().present, 60);
        assert_eq!(ok.tags, vec!["congress".to_string()]);
    }
}

//! At the table: opening a round, each side's position on each issue, agreement, withdrawal,
//! removing an issue added by mistake or renaming one (across every round), notes and
//! attendance, closing or suspending (中止) the round. After a congress rejection or a
//! review objection the next round archives the earlier pass and the bargaining goes back to the
//! table (GR 46) — the one way a sealed dossier opens again.

use super::{Change, line, missing, not_before, text};
use crate::domain::dossier::{
    Attempt, Dossier, IssueStatus, ReviewOutcome, Round, RoundIssue, RoundState, Side,
};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::issue::{Unit, term_of};
use chrono::NaiveDate;

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
            prereview_submitted: n.prereview_submitted.take(),
            congress: n.congress.take(),
            signing: n.signing.take(),
            filing: n.filing.take(),
            review: n.review.take(),
        });
        n.draft_signed = None;
    }
    // Regression: a hand-edited round 4294967295 made the next one "round 0".
    let number = match n.rounds.last() {
        None => 1,
        Some(r) => r.number.checked_add(1).ok_or_else(|| {
            Invalid::new(
                "round",
                r.number.to_string(),
                Problem::OutOfRange {
                    min: 1,
                    max: i64::from(u32::MAX - 1),
                },
            )
        })?,
    };
    // Issues carry over with their last positions: at the table only changes are typed.
    let issues = if let Some(prev) = n.rounds.last() {
        prev.issues.clone()
    } else {
        // One issue an agenda item, but one for a term however many items name it (`increase`
        // and 平均工资增长 are one issue, named as the agenda first names it).
        let mut first = Round {
            number,
            date,
            place: None,
            chair,
            attendance: Vec::new(),
            issues: Vec::new(),
            notes: String::new(),
            minutes_signed: false,
            state: RoundState::Open,
        };
        for k in &n.preparation.agenda {
            if first.issue_index(k).is_none() {
                first.issues.push(RoundIssue::new(k, None));
            }
        }
        first.issues
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
fn sent_back(d: &Dossier) -> bool {
    let rejected = d
        .congress
        .as_ref()
        .is_some_and(|c| !crate::domain::rules::adopted(c));
    let objected = d
        .review
        .as_ref()
        .is_some_and(|r| matches!(r.outcome, ReviewOutcome::Objection { .. }));
    rejected || objected
}

fn not_sealed_unless_objection(d: &Dossier) -> Result<(), Invalid> {
    if d.is_sealed() && !sent_back(d) {
        return Err(Invalid::new("dossier", d.id.clone(), Problem::Sealed));
    }
    Ok(())
}

fn open_round_mut(n: &mut Dossier) -> Result<&mut Round, Invalid> {
    n.rounds
        .last_mut()
        .filter(|r| r.is_open())
        .ok_or_else(|| missing("round", "open_round"))
}

/// The issue `key` names in `round` (by name, else by the agreed term it stands for: see
/// [`Round::issue_index`]), added in `unit` when there is none.
fn issue_mut<'a>(round: &'a mut Round, key: &str, unit: Option<Unit>) -> &'a mut RoundIssue {
    if let Some(i) = round.issue_index(key) {
        &mut round.issues[i]
    } else {
        round.issues.push(RoundIssue::new(key, unit));
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
    record_position_in(d, issue, side, value, None)
}

/// One side's position on one issue in the open round; an issue not at the table yet is added
/// in `unit` (or the unit its name implies). The value is checked against the issue's unit.
pub fn record_position_in(
    d: &Dossier,
    issue: &str,
    side: Side,
    value: &str,
    unit: Option<Unit>,
) -> Result<Change, Invalid> {
    let key = line("issue", issue)?;
    let value = line("value", value)?;
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    let i = issue_mut(round, &key, unit);
    // The issue's own name: `increase` typed for the agenda's 平均工资增长 is that issue.
    let key = i.key.clone();
    i.unit().check("value", &value)?;
    let value = i.unit().normalise(&value);
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
    // Agreement is on an issue at the table: a typo (or a value typed into the issue's name)
    // must not create an agreed issue that can only be withdrawn, never removed.
    if round.find_issue(&key).is_none() {
        return Err(Invalid::new("issue", key, Problem::NotFound));
    }
    let i = issue_mut(round, &key, None);
    let key = i.key.clone();
    i.unit().check("value", &value)?;
    let value = i.unit().normalise(&value);
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
    if round.find_issue(&key).is_none() {
        return Err(Invalid::new("issue", key, Problem::NotFound));
    }
    let i = issue_mut(round, &key, None);
    let key = i.key.clone();
    i.status = IssueStatus::Withdrawn;
    Ok(Change::new(
        n,
        Event::new("round.withdrawn")
            .arg("round", number)
            .arg("issue", &key),
    ))
}

/// An issue added by mistake, taken out of the open round as if never raised. Only one that no
/// earlier round holds a position or an agreement on: what was said at the table is withdrawn,
/// never erased.
pub fn remove_issue(d: &Dossier, issue: &str) -> Result<Change, Invalid> {
    let key = line("issue", issue)?;
    let mut n = d.clone();
    let round = open_round_mut(&mut n)?;
    let number = round.number;
    let at = round
        .issue_index(&key)
        .ok_or_else(|| Invalid::new("issue", key.clone(), Problem::NotFound))?;
    let key = round.issues[at].key.clone();
    let raised = d.rounds.iter().filter(|r| !r.is_open()).any(|r| {
        r.issue(&key)
            .is_some_and(|i| i.workers.is_some() || i.employer.is_some() || i.agreed.is_some())
    });
    if raised {
        return Err(Invalid::new("issue", key, Problem::RaisedEarlier));
    }
    round.issues.remove(at);
    Ok(Change::new(
        n,
        Event::new("round.issue_removed")
            .arg("round", number)
            .arg("issue", &key),
    ))
}

/// An issue renamed: a typo (`高温津帖`), or the other side's word for it. The issue keeps its
/// identity — its name is its key in every round — so it is renamed wherever it is that key: in
/// every round that holds it (the positions, agreements and trend of earlier rounds carry over,
/// and the chart and the costing follow it) and in the agenda it came from. The request's topics
/// stay as the requesting side wrote them. The old name stays in the history: the commit's event
/// (`log`) says what it was renamed from, and why when a reason is given.
///
/// The issue is one of the round shown at the table (the last; open or not yet followed by
/// another). A signed dossier is sealed and refuses it, as it refuses every change to the rounds.
///
/// What an issue stands for is read from its name: the agreed term (`issue::term_of`), and with it
/// how it is costed (`costing::kind_of`) and the legal floor its positions are held to
/// (`issue::floor`: overtime under LL 44, the minimum wage under LCL 55). Renaming a term's issue
/// (`increase`, 平均工资增长, 企业最低工资 …) to a name that stands for another term or for none
/// would silently drop the costing and the floor from positions already taken, and the table
/// would no longer say so — so it is refused, and the new name must still name the term
/// (平均工资增长 → 平均工资增长幅度 is fine). The other way is what renaming is for when a term's
/// name was mistyped (平均工资增涨 → 平均工资增长): the issue gains the term's costing and floor —
/// if its positions are in the term's unit (or are text, read by their first figure); positions in
/// another unit would be costed and held to a floor as if they were in the term's. The unit itself
/// never changes with the name: it is pinned as it was.
pub fn rename_issue(
    d: &Dossier,
    issue: &str,
    new_name: &str,
    reason: Option<&str>,
) -> Result<Change, Invalid> {
    let typed = line("issue", issue)?;
    let new = line("new_name", new_name)?;
    let reason = reason
        .map(|r| line("reason", r))
        .transpose()
        .or_else(|e| match e.problem {
            // An empty reason is no reason (the form's field left blank).
            Problem::Empty => Ok(None),
            _ => Err(e),
        })?;
    if d.is_sealed() {
        return Err(Invalid::new("dossier", d.id.clone(), Problem::Sealed));
    }
    let last = d.rounds.last().ok_or_else(|| missing("round", "round"))?;
    let number = last.number;
    // By name, or by the term key it stands for (`increase` for an agenda's 平均工资增长), as the
    // other table verbs find it; from here on the issue's own name.
    let i = last
        .find_issue(&typed)
        .ok_or_else(|| Invalid::new("issue", typed.clone(), Problem::NotFound))?;
    let key = i.key.clone();
    let unit = i.unit();
    if new == key {
        return Err(Invalid::new("new_name", new, Problem::Unchanged));
    }
    let (was, becomes) = (term_of(&key), term_of(&new));
    match (was, becomes) {
        (Some(t), b) if b != Some(t) => {
            return Err(Invalid::new(
                "new_name",
                new,
                Problem::KeepsTerm {
                    term: t.to_string(),
                },
            ));
        }
        (None, Some(t)) if unit != Unit::of_term(t) && unit != Unit::Text => {
            return Err(Invalid::new(
                "new_name",
                new,
                Problem::TermUnit {
                    term: t.to_string(),
                    unit: unit.key().to_string(),
                },
            ));
        }
        _ => {}
    }
    // One name, one issue, in every round: another issue by that name (or, the name naming a
    // term, another issue standing for that term) would merge two issues' histories.
    let clash = d.rounds.iter().flat_map(|r| &r.issues).find(|o| {
        o.key != key && (o.key == new || (becomes.is_some() && term_of(&o.key) == becomes))
    });
    if let Some(o) = clash {
        return Err(Invalid::new(
            "new_name",
            new,
            Problem::IssueExists {
                other: o.key.clone(),
            },
        ));
    }
    let mut n = d.clone();
    for r in &mut n.rounds {
        for i in r.issues.iter_mut().filter(|i| i.key == key) {
            i.unit = Some(i.unit());
            i.key.clone_from(&new);
        }
    }
    for a in n.preparation.agenda.iter_mut().filter(|a| **a == key) {
        a.clone_from(&new);
    }
    let mut event = Event::new("round.issue_renamed")
        .arg("round", number)
        .arg("issue", &key)
        .arg("to", &new);
    if let Some(r) = &reason {
        event = event.arg("reason", r);
    }
    Ok(Change::new(n, event))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::{day, dossier};
    use crate::domain::record::{Vote, record_congress};

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

    /// A misspelt term's name (平均工资增涨, typed in percent) becomes the term's and keeps its
    /// unit; an issue from before units were stored (`unit` absent) keeps the one its old name
    /// gave it, not the new name's.
    #[test]
    fn a_renamed_issue_keeps_its_unit_and_may_gain_its_term() {
        let d = open_round(&dossier(), day("2026-03-10"), Side::Workers, None)
            .unwrap()
            .dossier;
        let d = record_position_in(&d, "平均工资增涨", Side::Workers, "8", Some(Unit::Percent))
            .unwrap()
            .dossier;
        let mut d = record_position(&d, "夜班补助", Side::Workers, "每晚20元")
            .unwrap()
            .dossier;
        d.rounds[0].issues[1].unit = None;
        let c = rename_issue(&d, "平均工资增涨", "平均工资增长", None).unwrap();
        let i = &c.dossier.rounds[0].issues[0];
        assert_eq!(
            (i.key.as_str(), i.unit, i.workers.as_deref()),
            ("平均工资增长", Some(Unit::Percent), Some("8%"))
        );
        assert_eq!(
            c.message().lines().last(),
            Some("Xieshang-Event: round.issue_renamed round=1 issue=平均工资增涨 to=平均工资增长")
        );
        let c = rename_issue(&d, "夜班补助", "企业最低工资", Some(" ")).unwrap();
        assert_eq!(c.dossier.rounds[0].issues[1].unit, Some(Unit::Text));
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
}

#[cfg(test)]
mod overflow_tests {
    use super::super::fixture::{day, dossier};
    use super::*;

    /// Regression: a hand-edited round number 4294967295 made the next round "round 0".
    #[test]
    fn the_last_round_number_cannot_overflow() {
        let mut d = open_round(&dossier(), day("2026-03-02"), Side::Workers, None)
            .unwrap()
            .dossier;
        if let Some(r) = d.rounds.last_mut() {
            r.number = u32::MAX;
            r.state = RoundState::Closed { date: r.date };
        }
        let e = open_round(&d, day("2026-03-03"), Side::Workers, None).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.value.as_str()),
            ("round", "4294967295")
        );
    }
}

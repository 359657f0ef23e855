//! Recording the pre-review by the union one level up: the grassroots side's submission and
//! answers (in `dossier.json`), and the reviewing union's receipt, opinions, withdrawals and
//! decision (in `prereview.json`). Which side may record what is the caller's rule (the service
//! knows whose workspace it is); these functions make sure each fact lands in its owner's part.

use super::{Change, line, missing, not_after, not_before, not_sealed, text};
use crate::domain::dossier::{
    ClauseOpinion, Dossier, EnteredBy, OpinionAnswer, PreReview, PreReviewDecision, UnionRef,
};
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use chrono::NaiveDate;

/// The draft the opinions are about: its clause labels (`第一条` …) in order, and the git blob
/// id of its text (kept with each opinion so a later draft can be compared with it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftClauses {
    pub labels: Vec<String>,
    pub blob: Option<String>,
}

/// Who records a pre-review fact: the reviewing union in its own workspace, or the grassroots
/// union typing in a paper opinion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewerId {
    pub union: Option<UnionRef>,
    pub person: Option<String>,
    pub entered_by: EnteredBy,
}

impl Default for ReviewerId {
    /// The grassroots side typing in a paper opinion: the usual case in a workspace that
    /// bargains.
    fn default() -> Self {
        ReviewerId {
            union: None,
            person: None,
            entered_by: EnteredBy::Grassroots,
        }
    }
}

/// One pre-review entry as typed. Everything optional, at least one thing given.
#[derive(Debug, Clone, Default)]
pub struct PreReviewEntry {
    pub received: Option<NaiveDate>,
    /// Decision key (`pass`, `changes`, `return`) and its date.
    pub decision: Option<(String, NaiveDate)>,
    /// Clause label or number, the opinion, its date.
    pub opinion: Option<(String, String, NaiveDate)>,
    /// Opinion number and the date it was withdrawn.
    pub withdraw: Option<(u32, NaiveDate)>,
}

/// The grassroots union sends the draft to the union one level up. A second submission is only
/// true after the draft was returned; otherwise it would hide the pre-review already on record.
pub fn record_submission(d: &Dossier, date: NaiveDate) -> Result<Change, Invalid> {
    not_sealed(d)?;
    if d.prereview_submitted.is_some()
        && d.prereview().and_then(|p| p.decision) != Some(PreReviewDecision::Return)
    {
        return Err(Invalid::new(
            "submitted",
            date.to_string(),
            Problem::Duplicate,
        ));
    }
    let mut n = d.clone();
    n.prereview_submitted = Some(date);
    Ok(Change::new(
        n,
        Event::new("prereview.submitted").arg("date", date),
    ))
}

/// The reviewing union's side: receipt, an opinion on a clause of the current draft, the
/// withdrawal of an opinion, the decision.
pub fn record_prereview(
    d: &Dossier,
    who: &ReviewerId,
    entry: &PreReviewEntry,
    draft: &DraftClauses,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let submitted = d
        .prereview_submitted
        .ok_or_else(|| missing("prereview", "prereview_submission"))?;
    let mut n = d.clone();
    let reviews = &mut n.prereviews.reviews;
    let at = if let Some(i) = reviews.iter().rposition(|r| r.submitted == submitted) {
        i
    } else {
        reviews.push(PreReview::new(submitted, who.union.clone(), who.entered_by));
        reviews.len() - 1
    };
    let pr = &mut reviews[at];
    // Whoever records last is who the file now speaks for; a reviewer taking over a paper
    // record makes it theirs.
    if who.union.is_some() {
        pr.union.clone_from(&who.union);
    }
    pr.entered_by = who.entered_by;
    if let Some(p) = &who.person {
        pr.reviewer = Some(line("reviewer", p)?);
    }
    let mut said = Vec::new();
    if let Some(r) = entry.received {
        not_before("received", r, "submitted", submitted)?;
        if let Some(decided) = pr.decided {
            not_after("received", r, "decision", decided)?;
        }
        pr.received = Some(r);
        said.push(Event::new("prereview.received").arg("date", r));
    }
    if let Some((clause, t, date)) = &entry.opinion {
        let label = clause_label(clause, &draft.labels)?;
        let no = pr.opinions.iter().map(|o| o.no).max().unwrap_or(0) + 1;
        pr.opinions.push(ClauseOpinion {
            no,
            clause: label.clone(),
            text: nonempty_text("opinion", t)?,
            date: Some(*date),
            draft: draft.blob.clone(),
            withdrawn: None,
        });
        said.push(
            Event::new("prereview.opinion")
                .arg("no", no)
                .arg("clause", label),
        );
    }
    if let Some((no, date)) = entry.withdraw {
        let count = pr.opinions.len();
        let o = pr.opinions.iter_mut().find(|o| o.no == no).ok_or_else(|| {
            Invalid::new("opinion", no.to_string(), Problem::NoSuchOpinion { count })
        })?;
        if o.withdrawn.is_some() {
            return Err(Invalid::new("opinion", no.to_string(), Problem::NotFound));
        }
        o.withdrawn = Some(date);
        said.push(Event::new("prereview.withdrawn").arg("no", no));
    }
    if let Some((key, date)) = &entry.decision {
        let decision = match key.as_str() {
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
        not_before("date", *date, "submitted", submitted)?;
        if let Some(received) = pr.received {
            not_before("date", *date, "received", received)?;
        }
        // Decided once: the same decision again changes nothing, another is refused rather
        // than written over the one the grassroots union may already act on.
        if let (Some(old), Some(on)) = (pr.decision, pr.decided)
            && (old, on) != (decision, *date)
        {
            return Err(Invalid::new(
                "decision",
                key,
                Problem::Decided {
                    old: old.key().to_string(),
                    date: on.to_string(),
                },
            ));
        }
        if (pr.decision, pr.decided) == (Some(decision), Some(*date)) {
            // The same decision again: nothing to record (no empty commit, no second line in
            // the history), and said so when it was all the command asked.
            if said.is_empty() {
                return Err(Invalid::new("decision", key, Problem::Unchanged));
            }
        } else {
            pr.decision = Some(decision);
            pr.decided = Some(*date);
            said.push(
                Event::new("prereview.decision")
                    .arg("decision", decision.key())
                    .arg("date", *date),
            );
        }
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

/// The grassroots union answers one opinion of the current pre-review (a later answer to the
/// same opinion replaces the earlier one: the answer is what they say now).
pub fn record_answer(
    d: &Dossier,
    opinion: u32,
    answer: &str,
    date: NaiveDate,
) -> Result<Change, Invalid> {
    not_sealed(d)?;
    let pr = d
        .prereview()
        .ok_or_else(|| missing("answer", "prereview_submission"))?;
    if pr.opinion(opinion).is_none() {
        return Err(Invalid::new(
            "opinion",
            opinion.to_string(),
            Problem::NoSuchOpinion {
                count: pr.opinions.len(),
            },
        ));
    }
    let t = nonempty_text("answer", answer)?;
    let mut n = d.clone();
    n.answers
        .retain(|a| !(a.submitted == pr.submitted && a.opinion == opinion));
    n.answers.push(OpinionAnswer {
        submitted: pr.submitted,
        opinion,
        text: t,
        date,
    });
    Ok(Change::new(
        n,
        Event::new("prereview.answered").arg("no", opinion),
    ))
}

fn nonempty_text(field: &str, value: &str) -> Result<String, Invalid> {
    let t = text(field, value)?;
    if t.is_empty() {
        return Err(Invalid::new(field, value, Problem::Empty));
    }
    Ok(t)
}

/// The label of the clause `input` names (`第五条`, `5`, `第5条`), which must be one of the
/// draft's: an opinion on `第九十条` of a 38-clause draft can't be true.
fn clause_label(input: &str, labels: &[String]) -> Result<String, Invalid> {
    let typed = line("clause", input)?;
    let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let number = compact
        .strip_prefix('第')
        .and_then(|s| s.strip_suffix('条'))
        .unwrap_or(&compact);
    let found = if let Ok(n) = number.parse::<usize>() {
        n.checked_sub(1).and_then(|i| labels.get(i))
    } else {
        labels.iter().find(|l| **l == compact)
    };
    found.cloned().ok_or_else(|| {
        Invalid::new(
            "clause",
            input,
            if labels.is_empty() {
                Problem::Missing {
                    what: "draft".into(),
                }
            } else {
                Problem::NoSuchClause {
                    count: labels.len(),
                }
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ContractKind, Enterprise};

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dossier() -> Dossier {
        Dossier::new(
            "2026-001".into(),
            ContractKind::Wage,
            Enterprise::default(),
            date("2026-01-05"),
        )
    }

    fn draft() -> DraftClauses {
        DraftClauses {
            labels: ["第一条", "第二条", "第三条"].map(String::from).to_vec(),
            blob: Some("a".repeat(40)),
        }
    }

    fn reviewer() -> ReviewerId {
        ReviewerId {
            union: Some(UnionRef {
                code: "210200".into(),
                name: "大连市总工会".into(),
            }),
            person: Some("王敏".into()),
            entered_by: EnteredBy::Reviewer,
        }
    }

    #[test]
    fn an_opinion_lands_in_the_reviewers_part_numbered_and_tied_to_the_draft() {
        let d = record_submission(&dossier(), date("2026-04-01"))
            .unwrap()
            .dossier;
        let entry = PreReviewEntry {
            opinion: Some(("2".into(), "加班工资基数应写明".into(), date("2026-04-03"))),
            ..PreReviewEntry::default()
        };
        let c = record_prereview(&d, &reviewer(), &entry, &draft()).unwrap();
        let p = c.dossier.prereview().unwrap();
        assert_eq!(p.opinions[0].no, 1);
        assert_eq!(p.opinions[0].clause, "第二条");
        assert_eq!(
            p.opinions[0].draft.as_deref(),
            Some("a".repeat(40).as_str())
        );
        assert_eq!(p.union.as_ref().unwrap().code, "210200");
        assert_eq!(p.reviewer.as_deref(), Some("王敏"));
        assert_eq!(c.dossier.prereview_submitted, Some(date("2026-04-01")));
    }

    #[test]
    fn an_opinion_on_a_clause_the_draft_lacks_is_refused() {
        let d = record_submission(&dossier(), date("2026-04-01"))
            .unwrap()
            .dossier;
        let entry = PreReviewEntry {
            opinion: Some(("第九十条".into(), "x".into(), date("2026-04-03"))),
            ..PreReviewEntry::default()
        };
        let e = record_prereview(&d, &reviewer(), &entry, &draft()).unwrap_err();
        assert_eq!(e.problem, Problem::NoSuchClause { count: 3 });
        let entry = PreReviewEntry {
            opinion: Some(("90".into(), "x".into(), date("2026-04-03"))),
            ..PreReviewEntry::default()
        };
        assert!(record_prereview(&d, &reviewer(), &entry, &draft()).is_err());
    }

    #[test]
    fn withdrawn_and_answered_opinions_keep_their_numbers() {
        let mut d = record_submission(&dossier(), date("2026-04-01"))
            .unwrap()
            .dossier;
        for c in ["1", "3"] {
            let entry = PreReviewEntry {
                opinion: Some((c.into(), format!("意见{c}"), date("2026-04-03"))),
                ..PreReviewEntry::default()
            };
            d = record_prereview(&d, &reviewer(), &entry, &draft())
                .unwrap()
                .dossier;
        }
        let entry = PreReviewEntry {
            withdraw: Some((1, date("2026-04-04"))),
            ..PreReviewEntry::default()
        };
        d = record_prereview(&d, &reviewer(), &entry, &draft())
            .unwrap()
            .dossier;
        let p = d.prereview().unwrap();
        assert_eq!(p.standing().map(|o| o.no).collect::<Vec<_>>(), vec![2]);
        d = record_answer(&d, 2, "已改", date("2026-04-05"))
            .unwrap()
            .dossier;
        d = record_answer(&d, 2, "已按意见修改", date("2026-04-06"))
            .unwrap()
            .dossier;
        assert_eq!(d.answers.len(), 1);
        assert_eq!(d.answers[0].text, "已按意见修改");
        assert_eq!(
            record_answer(&d, 7, "x", date("2026-04-06"))
                .unwrap_err()
                .problem,
            Problem::NoSuchOpinion { count: 2 }
        );
    }

    #[test]
    fn a_returned_draft_submitted_again_gets_a_new_prereview() {
        let d = record_submission(&dossier(), date("2026-04-01"))
            .unwrap()
            .dossier;
        let entry = PreReviewEntry {
            decision: Some(("return".into(), date("2026-04-05"))),
            ..PreReviewEntry::default()
        };
        let d = record_prereview(&d, &reviewer(), &entry, &draft())
            .unwrap()
            .dossier;
        let d = record_submission(&d, date("2026-04-10")).unwrap().dossier;
        assert!(d.prereview().is_none());
        assert_eq!(d.prereviews.reviews.len(), 1);
        // Not returned: a second submission would hide the decision.
        let entry = PreReviewEntry {
            decision: Some(("pass".into(), date("2026-04-12"))),
            ..PreReviewEntry::default()
        };
        let d = record_prereview(&d, &reviewer(), &entry, &draft())
            .unwrap()
            .dossier;
        assert_eq!(d.prereviews.reviews.len(), 2);
        assert_eq!(
            record_submission(&d, date("2026-04-20"))
                .unwrap_err()
                .problem,
            Problem::Duplicate
        );
    }
}

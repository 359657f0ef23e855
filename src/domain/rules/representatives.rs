//! Representatives (GR 19–24, 31, 33(5); LN): REP-*, RECORDER, INSTRUCTOR.
//!
//! Owns the judgements about who sits at the table. The rosters are judged once anyone is on
//! them or bargaining has begun — an empty roster on day one is the next task, not an error.
//! Reads only the dossier and the local policy; never changes either.

use super::{Context, Hit, Rule, Severity};
use crate::domain::dossier::{Dossier, Representative, Side};
use crate::domain::procedure::Step;
use chrono::NaiveDate;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "REP-MIN",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR19"],
        check: rep_min,
    },
    Rule {
        id: "REP-EQUAL",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR19"],
        check: rep_equal,
    },
    Rule {
        id: "REP-MAX",
        severity: Severity::Warning,
        step: Step::Representatives,
        citations: &["LOCAL"],
        check: rep_max,
    },
    Rule {
        id: "REP-CHIEF",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR19"],
        check: rep_chief,
    },
    Rule {
        id: "REP-CHIEF-INSIDER",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR23"],
        check: rep_chief_insider,
    },
    Rule {
        id: "REP-CHIEF-DELEGATION",
        severity: Severity::Warning,
        step: Step::Representatives,
        citations: &["GR20", "GR21"],
        check: rep_chief_delegation,
    },
    Rule {
        id: "REP-OUTSIDERS",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR23"],
        check: rep_outsiders,
    },
    Rule {
        id: "REP-CROSS",
        severity: Severity::Error,
        step: Step::Representatives,
        citations: &["GR24"],
        check: rep_cross,
    },
    Rule {
        id: "REP-WOMEN",
        severity: Severity::Warning,
        step: Step::Representatives,
        citations: &["LOCAL"],
        check: rep_women,
    },
    Rule {
        id: "REP-VACANCY",
        severity: Severity::Warning,
        step: Step::Representatives,
        citations: &["GR31", "CC201", "CC203"],
        check: rep_vacancy,
    },
    Rule {
        id: "RECORDER",
        severity: Severity::Error,
        step: Step::Preparation,
        citations: &["GR33"],
        check: recorder,
    },
    Rule {
        id: "INSTRUCTOR",
        severity: Severity::Warning,
        step: Step::Representatives,
        citations: &["LN"],
        check: instructor,
    },
];

/// The rosters are judged once someone is on them or the bargaining has moved on without them
/// (a request, a round, a draft signed, a pre-review, a congress, a signing, a filing).
fn rosters_apply(d: &Dossier) -> bool {
    !d.representatives.is_empty()
        || d.offer.is_some()
        || !d.rounds.is_empty()
        || d.draft_signed.is_some()
        || d.prereview_submitted.is_some()
        || d.congress.is_some()
        || d.signing.is_some()
        || d.filing.is_some()
}

fn count(d: &Dossier, side: Side) -> usize {
    d.side(side).count()
}

/// An outsider by flag, or an instructor sitting at the table (GR 23: counts as outsider).
fn is_outsider(d: &Dossier, r: &Representative) -> bool {
    r.outsider || d.instructors.iter().any(|i| i.trim() == r.name.trim())
}

fn rep_min(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    if !rosters_apply(d) {
        return Vec::new();
    }
    Side::ALL
        .into_iter()
        .filter(|&s| count(d, s) < 3)
        .map(|s| {
            Hit::new(Severity::Error, "too_few")
                .arg("side", ctx.side(s))
                .arg("n", count(d, s))
        })
        .collect()
}

fn rep_equal(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let (w, e) = (count(d, Side::Workers), count(d, Side::Employer));
    if !rosters_apply(d) || w == e {
        return Vec::new();
    }
    vec![
        Hit::new(Severity::Error, "unequal")
            .arg("workers", w)
            .arg("employer", e),
    ]
}

fn rep_max(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(max) = ctx.policy(d).rep_max else {
        return Vec::new();
    };
    Side::ALL
        .into_iter()
        .filter(|&s| count(d, s) > max as usize)
        .map(|s| {
            Hit::new(Severity::Warning, "too_many")
                .arg("side", ctx.side(s))
                .arg("n", count(d, s))
                .arg("max", max)
        })
        .collect()
}

fn rep_chief(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    if !rosters_apply(d) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for s in Side::ALL {
        let chiefs = d.side(s).filter(|r| r.chief).count();
        if chiefs == 0 {
            hits.push(Hit::new(Severity::Error, "none").arg("side", ctx.side(s)));
        } else if chiefs > 1 {
            hits.push(
                Hit::new(Severity::Error, "several")
                    .arg("side", ctx.side(s))
                    .arg("n", chiefs),
            );
        }
    }
    hits
}

fn rep_chief_insider(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    d.representatives
        .iter()
        .filter(|r| r.chief && is_outsider(d, r))
        .map(|r| {
            Hit::new(Severity::Error, "outsider_chief")
                .arg("side", ctx.side(r.side))
                .arg("name", &r.name)
        })
        .collect()
}

fn rep_chief_delegation(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in Side::ALL {
        let Some(chief) = d.chief(s) else { continue };
        // Who may be chief without a delegation: the union chair, the legal representative.
        let principal = match s {
            Side::Workers => d.enterprise.union_chair.as_deref(),
            Side::Employer => d.enterprise.legal_representative.as_deref(),
        };
        // The office's holder as recorded; while none is, the chief's own post may say it.
        let is_principal = match principal.filter(|p| !p.trim().is_empty()) {
            Some(p) => p.trim() == chief.name.trim(),
            None => chief.holds_office(s),
        };
        if !is_principal && !chief.delegated {
            let key = match s {
                Side::Workers => "workers",
                Side::Employer => "employer",
            };
            hits.push(
                Hit::new(Severity::Warning, key)
                    .arg("side", ctx.side(s))
                    .arg("name", &chief.name),
            );
        }
    }
    hits
}

fn rep_outsiders(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let mut hits = Vec::new();
    for s in Side::ALL {
        let total = count(d, s);
        let outsiders = d.side(s).filter(|r| is_outsider(d, r)).count();
        // GR 23: no more than one third — integer arithmetic, the bound included.
        if outsiders * 3 > total {
            hits.push(
                Hit::new(Severity::Error, "too_many")
                    .arg("side", ctx.side(s))
                    .arg("outsiders", outsiders)
                    .arg("total", total)
                    .arg("max", total / 3),
            );
        }
    }
    hits
}

fn rep_cross(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let mut names: Vec<&str> = d
        .side(Side::Workers)
        .map(|r| r.name.trim())
        .filter(|w| d.side(Side::Employer).any(|e| e.name.trim() == *w))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|n| Hit::new(Severity::Error, "both_sides").arg("name", n))
        .collect()
}

fn rep_women(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let (Some(staff), Some(women)) = (d.enterprise.staff, d.enterprise.women_staff) else {
        return Vec::new();
    };
    let threshold = ctx.policy(d).women_threshold_bp;
    let applies = staff > 0 && u64::from(women) * 10_000 >= u64::from(staff) * u64::from(threshold);
    let workers = count(d, Side::Workers);
    if !applies || workers == 0 || d.side(Side::Workers).any(|r| r.female) {
        return Vec::new();
    }
    vec![
        Hit::new(Severity::Warning, "no_woman")
            .arg("women", women)
            .arg("staff", staff)
            .arg(
                "threshold",
                crate::domain::values::format_bp(i64::from(threshold)),
            ),
    ]
}

fn rep_vacancy(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let mut hits = Vec::new();
    for v in &d.vacancies {
        let due = ctx.period_end(v.vacated, 15);
        let base = |sev, key| {
            Hit::new(sev, key)
                .arg("side", ctx.side(v.side))
                .arg("name", &v.name)
                .arg("vacated", v.vacated)
                .arg("due", due)
        };
        match v.refilled {
            Some(r) if r > due => hits.push(base(Severity::Warning, "late").arg("refilled", r)),
            Some(_) => {}
            None if today > due => hits.push(base(Severity::Warning, "overdue").due(due)),
            None => hits.push(base(Severity::Info, "pending").due(due)),
        }
    }
    hits
}

fn recorder(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    match d.recorder.as_deref().map(str::trim) {
        None | Some("") if !d.rounds.is_empty() => {
            vec![Hit::new(Severity::Error, "missing")]
        }
        Some(name)
            if !name.is_empty() && d.representatives.iter().any(|r| r.name.trim() == name) =>
        {
            vec![Hit::new(Severity::Error, "is_representative").arg("name", name)]
        }
        _ => Vec::new(),
    }
}

fn instructor(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let started = d.offer.is_some() || !d.rounds.is_empty();
    if started && d.instructors.is_empty() && ctx.policy(d).instructor_expected {
        vec![Hit::new(Severity::Warning, "none")]
    } else {
        Vec::new()
    }
}

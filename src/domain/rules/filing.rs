//! Filing, review, effect, publication and renewal (GR 38, 42–48; WM; LL 34; LCL 54):
//! FILING-DEADLINE, FILING-PACKAGE, REVIEW-PERIOD, PUBLISH, RENEWAL.
//!
//! Owns the deadlines after signing, all counted with `period_end` (CC 201, 203). A rule
//! applies only once its starting event is recorded — nothing is said about filing before
//! signing. Reads the dossier only.

use super::{Context, Hit, Rule, Severity};
use crate::domain::calendar::{HolidayCalendar, period_end};
use crate::domain::dossier::{ContractKind, Dossier, FilingItem, ReviewOutcome};
use crate::domain::procedure::Step;
use crate::i18n::tr;
use chrono::{Days, Months, NaiveDate};

/// Copies of the text filed with the labour administration (GR 42: 一式三份). The filing
/// checklist prints it, and the templates' `copies` (one for each side and these) agree with it.
pub const FILED_COPIES: u32 = 3;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "FILING-DEADLINE",
        severity: Severity::Error,
        step: Step::Filing,
        citations: &["GR42", "WM", "CC201", "CC203"],
        check: filing_deadline,
    },
    Rule {
        id: "FILING-PACKAGE",
        severity: Severity::Warning,
        step: Step::Filing,
        citations: &["GR43", "WM"],
        check: filing_package,
    },
    Rule {
        id: "REVIEW-PERIOD",
        severity: Severity::Info,
        step: Step::Filing,
        citations: &["GR47", "LL34", "LCL54", "GR45", "GR46"],
        check: review_period,
    },
    Rule {
        id: "PUBLISH",
        severity: Severity::Warning,
        step: Step::Effect,
        citations: &["GR48", "WM"],
        check: publish,
    },
    Rule {
        id: "RENEWAL",
        severity: Severity::Info,
        step: Step::Term,
        citations: &["GR38", "WM"],
        check: renewal,
    },
    Rule {
        id: "RENEWAL-NEW",
        severity: Severity::Warning,
        step: Step::Term,
        // GR 38 gives the renewal window (either side may ask within the 3 months before
        // expiry); GR 40 is about changing or ending an agreement in force, not renewal.
        citations: &["GR38", "WM"],
        check: renewal_new,
    },
    Rule {
        id: "AGREEMENT-OVERLAP",
        severity: Severity::Warning,
        step: Step::Term,
        citations: &["GR38"],
        check: overlap,
    },
];

/// The renewal window is open (3 months before expiry) and no new dossier of the same kind has
/// been opened for the enterprise since this one was signed: a reminder that someone must act.
fn renewal_new(d: &Dossier, _: &Context, today: NaiveDate) -> Vec<Hit> {
    let (Some(s), Some(end)) = (&d.signing, d.terms.end) else {
        return Vec::new();
    };
    let Some(opens) = end.checked_sub_months(Months::new(3)) else {
        return Vec::new();
    };
    if today < opens {
        return Vec::new();
    }
    let renewed = d
        .others
        .iter()
        .any(|o| o.kind == d.kind && o.created >= s.date);
    if renewed {
        return Vec::new();
    }
    // Past its end the agreement has expired: said in the past tense.
    let key = if today > end { "none_expired" } else { "none" };
    vec![
        Hit::new(Severity::Warning, key)
            .arg("end", end)
            .arg("opens", opens)
            .due(end),
    ]
}

/// Two signed agreements of the same kind for one enterprise whose terms overlap.
fn overlap(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let (Some(_), Some(a0), Some(a1)) = (&d.signing, d.terms.start, d.terms.end) else {
        return Vec::new();
    };
    d.others
        .iter()
        .filter(|o| o.kind == d.kind && o.signed.is_some())
        .filter_map(|o| {
            let (b0, b1) = (o.start?, o.end?);
            (a0 <= b1 && b0 <= a1).then(|| {
                Hit::new(Severity::Warning, "overlap")
                    .arg("other", crate::text::sanitize_line(&o.key))
                    .arg("from", a0.max(b0))
                    .arg("to", a1.min(b1))
            })
        })
        .collect()
}

/// GR 42: file within 10 days after signing; WM: 7 days for a wage agreement.
pub const FILING_DAYS: u32 = 10;
pub const FILING_DAYS_WAGE: u32 = 7;
/// GR 47: no objection within 15 days after receipt and the contract takes effect.
pub const REVIEW_DAYS: u32 = 15;
/// WM: publish within 5 days of effect.
pub const PUBLISH_DAYS: u32 = 5;
/// WM: a wage agreement's renewal is requested within 60 days before expiry.
pub const RENEWAL_DAYS_WAGE: u64 = 60;

/// The last day of the review period (GR 47) for a text received on `received`.
pub fn review_period_end(received: NaiveDate, cal: &HolidayCalendar) -> NaiveDate {
    period_end(received, REVIEW_DAYS, cal)
}

/// The day a contract takes effect when no objection is raised: the day after the review
/// period ends, because the period runs to the end of its last day (CC 203).
pub fn effective_without_objection(received: NaiveDate, cal: &HolidayCalendar) -> NaiveDate {
    let end = review_period_end(received, cal);
    end.checked_add_days(Days::new(1)).unwrap_or(end)
}

fn filing_deadline(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(s) = &d.signing else {
        return Vec::new();
    };
    let wage = d.kind == ContractKind::Wage;
    // A local rule's period (山东 10 days, 河南 5 working days) replaces GR 42 and WM's
    // periods, and is named in the message.
    if let Some(p) = ctx.area(d).and_then(|a| a.filing_period(d.kind).cloned()) {
        let due = ctx.local_period_end(s.date, &p);
        let base = |sev, key| {
            Hit::new(sev, key)
                .arg("signed", s.date)
                .arg("due", due)
                .arg("period", ctx.period_words(&p))
                .arg("basis", &p.citation)
                .arg("calendar", ctx.calendar_note(s.date, &p, due))
        };
        return match &d.filing {
            Some(f) if f.sent > due => {
                vec![base(Severity::Error, "late_local").arg("sent", f.sent)]
            }
            Some(_) => Vec::new(),
            None if today > due => vec![base(Severity::Error, "overdue_local").due(due)],
            None => vec![base(Severity::Info, "pending_local").due(due)],
        };
    }
    let due10 = ctx.period_end(s.date, FILING_DAYS);
    let due7 = ctx.period_end(s.date, FILING_DAYS_WAGE);
    let base = |sev, key| {
        Hit::new(sev, key)
            .arg("signed", s.date)
            .arg("due", due10)
            .arg("due7", due7)
    };
    match &d.filing {
        Some(f) if f.sent > due10 => vec![base(Severity::Error, "late").arg("sent", f.sent)],
        Some(f) if wage && f.sent > due7 => {
            vec![base(Severity::Warning, "late_wage").arg("sent", f.sent)]
        }
        Some(_) => Vec::new(),
        None if today > due10 => vec![base(Severity::Error, "overdue").due(due10)],
        None if wage && today > due7 => vec![base(Severity::Warning, "overdue_wage").due(due10)],
        None if wage => vec![base(Severity::Info, "pending_wage").due(due7)],
        None => vec![base(Severity::Info, "pending").due(due10)],
    }
}

fn filing_package(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(f) = &d.filing else {
        return Vec::new();
    };
    let missing: Vec<String> = FilingItem::ALL
        .into_iter()
        // Wage figures are part of the package only for a wage agreement (WM).
        .filter(|i| *i != FilingItem::WageFigures || d.kind == ContractKind::Wage)
        .filter(|i| !f.package.contains(i))
        .map(|i| tr(ctx.lang, &format!("rules.filing_item.{}", i.key())))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Hit::new(Severity::Warning, "missing").arg("missing", ctx.list(&missing))]
}

fn review_period(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(received) = d.filing.as_ref().and_then(|f| f.received) else {
        return Vec::new();
    };
    let end = review_period_end(received, ctx.calendar);
    let effective = effective_without_objection(received, ctx.calendar);
    let base = |key| {
        Hit::new(Severity::Info, key)
            .arg("received", received)
            .arg("end", end)
            .arg("effective", effective)
    };
    match &d.review {
        Some(r) => match &r.outcome {
            ReviewOutcome::Objection { .. } => vec![base("objection").arg("date", r.date)],
            ReviewOutcome::NoObjection => Vec::new(),
        },
        None if d.effective.is_some() => Vec::new(),
        None if today <= end => vec![base("pending").due(end)],
        None => vec![base("lapsed")],
    }
}

fn publish(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(eff) = d.effective else {
        return Vec::new();
    };
    let due = ctx.period_end(eff, PUBLISH_DAYS);
    let base = |sev, key| Hit::new(sev, key).arg("effective", eff).arg("due", due);
    match &d.publication {
        Some(p) if p.date > due => vec![base(Severity::Warning, "late").arg("date", p.date)],
        Some(_) => Vec::new(),
        None if today > due => vec![base(Severity::Warning, "overdue").due(due)],
        None => vec![base(Severity::Info, "pending").due(due)],
    }
}

fn renewal(d: &Dossier, _: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(end) = d.terms.end else {
        return Vec::new();
    };
    // Renewal concerns a contract that exists: signed (and not sent back).
    if d.signing.is_none() {
        return Vec::new();
    }
    let Some(opens) = end.checked_sub_months(Months::new(3)) else {
        return Vec::new();
    };
    let wm = end
        .checked_sub_days(Days::new(RENEWAL_DAYS_WAGE))
        .unwrap_or(end);
    if today > end {
        return vec![Hit::new(Severity::Info, "expired").arg("end", end)];
    }
    // Before the window opens the expiry is still worth a line on the calendar: it is the
    // next date the dossier's people must act on.
    let key = if d.kind == ContractKind::Wage {
        "open_wage"
    } else {
        "open"
    };
    vec![
        Hit::new(Severity::Info, key)
            .arg("opens", opens)
            .arg("wm", wm)
            .arg("end", end)
            .due(end),
    ]
}

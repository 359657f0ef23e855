//! The request (要约) and preparation (GR 32–33; WM 8; TUL 54): OFFER-*, PREP-*.
//!
//! Owns the judgements about how bargaining was asked for and prepared. The reply deadline is
//! counted with `period_end` (CC 201, 203). Reads the dossier only; never changes it.

use super::{Context, Hit, Rule, Severity};
use crate::domain::dossier::{ContractKind, Dossier, PrepTask, WageFactor};
use crate::domain::procedure::Step;
use crate::i18n::tr;
use chrono::{Days, NaiveDate};

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "OFFER-RECORDED",
        severity: Severity::Error,
        step: Step::Offer,
        citations: &["GR32"],
        check: offer_recorded,
    },
    Rule {
        id: "OFFER-REPLY",
        severity: Severity::Error,
        step: Step::Offer,
        citations: &["GR32", "WM", "CC201", "CC203"],
        check: offer_reply,
    },
    Rule {
        id: "OFFER-REFUSAL",
        severity: Severity::Warning,
        step: Step::Offer,
        citations: &["TUL54"],
        check: offer_refusal,
    },
    Rule {
        id: "PREP-TASKS",
        severity: Severity::Warning,
        step: Step::Preparation,
        citations: &["GR33"],
        check: prep_tasks,
    },
    Rule {
        id: "PREP-WAGE-DATA",
        severity: Severity::Warning,
        step: Step::Preparation,
        citations: &["WM8"],
        check: prep_wage_data,
    },
    Rule {
        id: "PREP-DATA-LEAD",
        severity: Severity::Warning,
        step: Step::Preparation,
        citations: &["WM"],
        check: prep_data_lead,
    },
    Rule {
        id: "DATE-FUTURE",
        severity: Severity::Warning,
        step: Step::Offer,
        citations: &["RECORD"],
        check: date_future,
    },
];

/// Recorded events dated after today — usually a typo (2027 for 2026): each with its date. The
/// effective date and a suspension's next meeting are not events and may lie ahead.
fn date_future(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    const EVENTS: &[&str] = &[
        "offer.sent",
        "offer.received",
        "reply.date",
        "data_provided",
        "draft_signed",
        "prereview_submitted",
        "congress.date",
        "signing.date",
        "filing.sent",
        "filing.received",
        "review.date",
        "publication.date",
    ];
    let rounds: Vec<String> = d
        .rounds
        .iter()
        .map(|r| format!("round.{}.date", r.number))
        .collect();
    EVENTS
        .iter()
        .copied()
        .chain(rounds.iter().map(String::as_str))
        .filter_map(|what| {
            let v = crate::domain::record::current_fact(d, what)?;
            let date: NaiveDate = v.parse().ok()?;
            (date > today).then(|| {
                Hit::new(Severity::Warning, "after_today")
                    .arg("what", crate::domain::record::fact_label(ctx.lang, what))
                    .arg("date", date)
                    .arg("today", today)
            })
        })
        .collect()
}

/// Days the other side has to answer a request (GR 32).
pub const REPLY_DAYS: u32 = 20;
/// Days before bargaining that requested data must be in hand (WM).
pub const DATA_LEAD_DAYS: u64 = 5;

fn first_round(d: &Dossier) -> Option<NaiveDate> {
    d.rounds.iter().map(|r| r.date).min()
}

fn offer_recorded(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    match (&d.offer, first_round(d)) {
        (None, Some(first)) => vec![Hit::new(Severity::Error, "missing").arg("first", first)],
        (Some(o), Some(first)) if o.received > first => vec![
            Hit::new(Severity::Error, "after_round")
                .arg("received", o.received)
                .arg("first", first),
        ],
        _ => Vec::new(),
    }
}

fn offer_reply(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(offer) = &d.offer else {
        return Vec::new();
    };
    // A local rule's period (上海 15 days, 山东 10, 河南 and 浙江 10 working days) overrides
    // GR 32's 20 days and is named in the message — only for the kinds of contract the rule
    // covers (山东's and 河南's 企业工资集体协商条例: wage agreements only).
    let local = ctx.area(d).and_then(|a| a.reply_period(d.kind).cloned());
    let due = local.as_ref().map_or_else(
        || ctx.period_end(offer.received, REPLY_DAYS),
        |p| ctx.local_period_end(offer.received, p),
    );
    let base = |sev, key: &'static str, local_key: &'static str| {
        let h = Hit::new(sev, if local.is_some() { local_key } else { key })
            .arg("received", offer.received)
            .arg("due", due)
            .arg("side", ctx.side(offer.by.other()));
        match &local {
            Some(p) => h
                .arg("period", ctx.period_words(p))
                .arg("basis", &p.citation)
                .arg("calendar", ctx.calendar_note(offer.received, p, due)),
            None => h,
        }
    };
    match &d.reply {
        Some(r) if r.date > due => {
            vec![base(Severity::Error, "late", "late_local").arg("date", r.date)]
        }
        Some(_) => Vec::new(),
        None if today > due => vec![base(Severity::Error, "overdue", "overdue_local").due(due)],
        None => vec![base(Severity::Info, "pending", "pending_local").due(due)],
    }
}

fn offer_refusal(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    match &d.reply {
        Some(r) if !r.accepted && r.reason.as_deref().is_none_or(|s| s.trim().is_empty()) => {
            vec![Hit::new(Severity::Warning, "no_reason").arg("date", r.date)]
        }
        _ => Vec::new(),
    }
}

fn prep_tasks(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some(first) = first_round(d) else {
        return Vec::new();
    };
    // A task recorded only after the first round was not preparation for it.
    let missing: Vec<String> = PrepTask::ALL
        .into_iter()
        .filter(|t| d.preparation.tasks.get(t).is_none_or(|&done| done > first))
        .map(|t| tr(ctx.lang, &format!("rules.prep_task.{}", t.key())))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![
        Hit::new(Severity::Warning, "missing")
            .arg("first", first)
            .arg("missing", ctx.list(&missing)),
    ]
}

fn prep_wage_data(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    if d.kind != ContractKind::Wage || d.rounds.is_empty() {
        return Vec::new();
    }
    let missing: Vec<String> = WageFactor::ALL
        .into_iter()
        .filter(|f| !d.preparation.has_factor(*f))
        .map(|f| tr(ctx.lang, &format!("rules.wage_factor.{}", f.key())))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Hit::new(Severity::Warning, "missing").arg("missing", ctx.list(&missing))]
}

/// Counted backwards from the first round, and deliberately *not* rolled forward over holidays:
/// CC 203 extends a period's end for the one who must act, whereas rolling a "5 days before"
/// date forward would shorten the lead time the rule protects.
fn prep_data_lead(d: &Dossier, _: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(first) = first_round(d) else {
        return Vec::new();
    };
    let Some(due) = first.checked_sub_days(Days::new(DATA_LEAD_DAYS)) else {
        return Vec::new();
    };
    match d.preparation.data_provided {
        Some(p) if p > due => vec![
            Hit::new(Severity::Warning, "late")
                .arg("provided", p)
                .arg("first", first)
                .arg("due", due),
        ],
        // Data matters most in wage bargaining (WM 8); elsewhere no record means none was asked.
        None if d.kind == ContractKind::Wage && today <= due => vec![
            Hit::new(Severity::Info, "pending")
                .arg("first", first)
                .arg("due", due)
                .due(due),
        ],
        None if d.kind == ContractKind::Wage && today < first => vec![
            Hit::new(Severity::Warning, "overdue")
                .arg("first", first)
                .arg("due", due)
                .due(due),
        ],
        // In time, or no data was asked for.
        Some(_) | None => Vec::new(),
    }
}

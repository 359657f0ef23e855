//! Bargaining rounds (GR 34–35): ROUND-CHAIR, ROUND-MINUTES, ROUND-SUSPEND; and COSTING-BASIS,
//! the figures the table's costing rests on (WM).
//!
//! Owns the judgements about how meetings were run and recorded. An open round is still being
//! held, so its minutes are not yet due. Reads the dossier only.

use super::{Context, Hit, Rule, Severity};
use crate::domain::dossier::{Dossier, RoundState};
use crate::domain::procedure::Step;
use crate::domain::region::SignedBy;
use chrono::NaiveDate;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "ROUND-CHAIR",
        severity: Severity::Warning,
        step: Step::Rounds,
        citations: &["GR34"],
        check: round_chair,
    },
    Rule {
        id: "ROUND-MINUTES",
        severity: Severity::Warning,
        step: Step::Rounds,
        citations: &["GR34", "GR43"],
        check: round_minutes,
    },
    Rule {
        id: "ROUND-SUSPEND",
        severity: Severity::Warning,
        step: Step::Rounds,
        citations: &["GR35"],
        check: round_suspend,
    },
    Rule {
        id: "COSTING-BASIS",
        severity: Severity::Warning,
        step: Step::Preparation,
        citations: &["WM"],
        check: costing_basis,
    },
];

/// A staff figure or average wage entered (preparation, agreed terms) that the wage
/// distribution contradicts: costing rests on the distribution alone (`domain::costing`), so
/// the entered figure is not what the costing used — said here, as `cost` and the pane say it.
fn costing_basis(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    use crate::domain::costing::{Basis, ConflictKind, RegionFigures};
    let fen = |v: i64| crate::domain::values::format_fen_grouped(v);
    Basis::of(d, &RegionFigures::default())
        .conflicts
        .iter()
        .map(|c| {
            let (entered, used) = match c.what {
                ConflictKind::Staff => (c.entered.to_string(), c.used.to_string()),
                ConflictKind::AvgWage => (fen(c.entered), fen(c.used)),
            };
            Hit::new(Severity::Warning, c.what.key())
                .arg("entered", entered)
                .arg("used", used)
                .arg(
                    "from",
                    crate::i18n::tr(ctx.lang, &format!("costing5.from.{}", c.from.key())),
                )
        })
        .collect()
}

fn round_chair(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    d.rounds
        .windows(2)
        .filter(|w| w[0].chair == w[1].chair)
        .map(|w| {
            Hit::new(Severity::Warning, "same_chair")
                .arg("prev", w[0].number)
                .arg("n", w[1].number)
                .arg("side", ctx.side(w[1].chair))
        })
        .collect()
}

fn round_minutes(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    // 山东 and 河南: every representative present signs, not only the chiefs; the message says
    // so and names the local rule. Their rules cover wage bargaining only.
    let all = ctx
        .area(d)
        .and_then(|a| a.minutes_signers(d.kind).cloned())
        .filter(|s| s.who == SignedBy::AllPresent);
    d.rounds
        .iter()
        .filter(|r| !r.is_open() && !r.minutes_signed)
        .map(|r| {
            let h = match &all {
                Some(s) => Hit::new(Severity::Warning, "unsigned_all").arg("basis", &s.citation),
                None => Hit::new(Severity::Warning, "unsigned"),
            };
            h.arg("n", r.number).arg("date", r.date)
        })
        .collect()
}

fn round_suspend(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let mut hits = Vec::new();
    let last = d.rounds.len().saturating_sub(1);
    for (i, r) in d.rounds.iter().enumerate() {
        let RoundState::Suspended {
            until,
            place,
            content,
        } = &r.state
        else {
            continue;
        };
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        let mut missing = Vec::new();
        if blank(place) {
            missing.push(crate::i18n::tr(ctx.lang, "rules.round.place"));
        }
        if blank(content) {
            missing.push(crate::i18n::tr(ctx.lang, "rules.round.content"));
        }
        if !missing.is_empty() {
            hits.push(
                Hit::new(Severity::Warning, "incomplete")
                    .arg("n", r.number)
                    .arg("missing", ctx.list(&missing)),
            );
        }
        // The resumption is a date on the calendar until a later round is recorded.
        if i == last && today <= *until {
            hits.push(
                Hit::new(Severity::Info, "resume")
                    .arg("n", r.number)
                    .arg("until", until)
                    .due(*until),
            );
        }
    }
    hits
}

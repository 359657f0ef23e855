//! The agreed terms of the draft (LCL 52, 55; LL 44, 48; GR 38; WM 8; LN): CONTENT-MIN-WAGE,
//! CONTENT-OVERTIME, CONTENT-GUIDELINE, CONTENT-TERM, CONTENT-SPECIAL.
//!
//! Owns the judgements on the typed figures in `AgreedTerms` against the law and the region's
//! (sample) data. It does not read the contract text — CONTENT-ITEMS and CONTENT-CHAPTERS do
//! that in the contract layer — and every region figure it quotes carries its sample label.
//! CONTENT-GUIDELINE judges by the guideline entered in preparation when there is one (citing
//! the source entered with it), as costing does, else by the region data's.

use super::{Context, Hit, Rule, Severity};
use crate::domain::dossier::{ContractKind, Dossier};
use crate::domain::procedure::Step;
use crate::domain::values::{format_bp, format_fen};
use crate::i18n::{tr, trf};
use chrono::{Datelike, Days, Months, NaiveDate};

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "CONTENT-SPECIAL",
        severity: Severity::Warning,
        step: Step::Draft,
        citations: &["LN", "LCL52"],
        check: content_special,
    },
    Rule {
        id: "CONTENT-MIN-WAGE",
        severity: Severity::Error,
        step: Step::Draft,
        citations: &["LCL55", "LL48"],
        check: content_min_wage,
    },
    Rule {
        id: "CONTENT-OVERTIME",
        severity: Severity::Error,
        step: Step::Draft,
        citations: &["LL44"],
        check: content_overtime,
    },
    Rule {
        id: "CONTENT-GUIDELINE",
        severity: Severity::Warning,
        step: Step::Draft,
        citations: &["WM8"],
        check: content_guideline,
    },
    Rule {
        id: "CONTENT-TERM",
        severity: Severity::Error,
        step: Step::Draft,
        citations: &["GR38"],
        check: content_term,
    },
];

/// LL 44 floors, basis points of the base: extended hours, rest day, statutory holiday.
pub const OVERTIME_FLOORS_BP: [(&str, u32); 3] = [
    ("extended", 15_000),
    ("rest_day", 20_000),
    ("holiday", 30_000),
];

/// The date the terms are judged on: the contract's start, or today while it has none.
fn judged_on(d: &Dossier, today: NaiveDate) -> NaiveDate {
    d.terms.start.unwrap_or(today)
}

fn content_special(d: &Dossier, ctx: &Context, _: NaiveDate) -> Vec<Hit> {
    // The wage or comprehensive agreement is where the question arises; a special contract
    // the enterprise already has (another dossier here) answers it.
    if !matches!(d.kind, ContractKind::Comprehensive | ContractKind::Wage) {
        return Vec::new();
    }
    let has = |k: ContractKind| d.others.iter().any(|o| o.kind == k);
    let mut hits = Vec::new();
    if d.enterprise.high_risk && !has(ContractKind::Safety) {
        hits.push(Hit::new(Severity::Warning, "safety"));
    }
    if let (Some(staff), Some(women)) = (d.enterprise.staff, d.enterprise.women_staff) {
        let bp = ctx.policy(d).women_concentrated_bp;
        if staff > 0
            && u64::from(women) * 10_000 >= u64::from(staff) * u64::from(bp)
            && !has(ContractKind::Women)
        {
            hits.push(
                Hit::new(Severity::Warning, "women")
                    .arg("women", women)
                    .arg("staff", staff)
                    .arg("threshold", format_bp(i64::from(bp))),
            );
        }
    }
    hits
}

fn content_min_wage(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(agreed) = d.terms.min_wage_fen else {
        return Vec::new();
    };
    let on = judged_on(d, today);
    let code = d.enterprise.region.clone();
    let Some(area) = ctx.area(d) else {
        return vec![
            Hit::new(Severity::Info, "no_area")
                .arg("code", code)
                .arg("agreed", format_fen(agreed)),
        ];
    };
    let Some(min) = area.min_wage_on(on) else {
        // Nothing to judge against is itself worth saying: the agreed figure went unchecked.
        return vec![
            Hit::new(Severity::Info, "no_data")
                .arg("region", area.name())
                .arg("on", on)
                .arg("code", code)
                .arg("agreed", format_fen(agreed)),
        ];
    };
    if agreed >= min.monthly_fen {
        return Vec::new();
    }
    // Which tier was used, and whether the date is the national table's assumed one, as
    // `region show` says.
    let mut detail = Vec::new();
    if let Some(t) = min.tier {
        let key = if area.tier().is_some() {
            "rules.min_wage_tier"
        } else {
            "rules.min_wage_tier_lowest"
        };
        detail.push(trf(ctx.lang, key, &[("n", &t.to_string())]));
    }
    if min.date_assumed {
        detail.push(tr(ctx.lang, "rules.min_wage_assumed"));
    }
    let detail = if detail.is_empty() {
        String::new()
    } else {
        let sep = match ctx.lang {
            crate::i18n::Lang::ZhCn => "；",
            crate::i18n::Lang::En => "; ",
        };
        trf(
            ctx.lang,
            "rules.min_wage_detail",
            &[("parts", &detail.join(sep))],
        )
    };
    vec![
        Hit::new(Severity::Error, "below")
            .arg("agreed", format_fen(agreed))
            .arg("min", format_fen(min.monthly_fen))
            .arg("region", area.name())
            .arg("from", min.from)
            .arg("detail", detail)
            .arg("on", on)
            .arg("sample", ctx.source(min.sample, min.published)),
    ]
}

fn content_overtime(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let t = &d.terms;
    let agreed = [
        t.overtime_extended_bp,
        t.overtime_rest_day_bp,
        t.overtime_holiday_bp,
    ];
    OVERTIME_FLOORS_BP
        .iter()
        .zip(agreed)
        .filter_map(|(&(key, floor), got)| {
            let got = got?;
            (got < floor).then(|| {
                Hit::new(Severity::Error, key)
                    .arg("agreed", format_bp(i64::from(got)))
                    .arg("floor", format_bp(i64::from(floor)))
            })
        })
        .collect()
}

/// The increase against the guideline entered for the dossier in preparation (`prep
/// --guideline`), citing the source entered with it. It is the one costing judges by (the
/// dossier's own entry wins over the region data's), so `cost`, the note and `check` agree.
fn entered_guideline(
    d: &Dossier,
    ctx: &Context,
    inc: i32,
    g: crate::domain::costing::GuidelineBp,
) -> Vec<Hit> {
    let key = if inc < g.lower_bp {
        "below_entered"
    } else if inc > g.upper_bp {
        "above_entered"
    } else {
        return Vec::new();
    };
    let source = d
        .preparation
        .costing
        .source
        .as_deref()
        .map(crate::text::sanitize_line)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| tr(ctx.lang, "rules.guideline_no_source"));
    vec![
        Hit::new(Severity::Warning, key)
            .arg("agreed", format_bp(i64::from(inc)))
            .arg("lower", format_bp(i64::from(g.lower_bp)))
            .arg("base", format_bp(i64::from(g.base_bp)))
            .arg("upper", format_bp(i64::from(g.upper_bp)))
            .arg("source", source),
    ]
}

fn content_guideline(d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Hit> {
    let Some(inc) = d.terms.avg_wage_increase_bp else {
        return Vec::new();
    };
    if let Some(g) = d.preparation.costing.guideline {
        return entered_guideline(d, ctx, inc, g);
    }
    let year = judged_on(d, today).year();
    let code = d.enterprise.region.clone();
    let Some(area) = ctx.area(d) else {
        return vec![
            Hit::new(Severity::Info, "no_area")
                .arg("code", code)
                .arg("agreed", format_bp(i64::from(inc))),
        ];
    };
    let Some(g) = area.guideline(year) else {
        // Without the year's guideline an increase, even a cut, would pass unremarked.
        return vec![
            Hit::new(Severity::Info, "no_data")
                .arg("region", area.name())
                .arg("year", year)
                .arg("code", code)
                .arg("agreed", format_bp(i64::from(inc))),
        ];
    };
    let key = if inc < g.lower_bp {
        "below"
    } else if inc > g.upper_bp {
        "above"
    } else {
        return Vec::new();
    };
    vec![
        Hit::new(Severity::Warning, key)
            .arg("agreed", format_bp(i64::from(inc)))
            .arg("lower", format_bp(i64::from(g.lower_bp)))
            .arg("base", format_bp(i64::from(g.base_bp)))
            .arg("upper", format_bp(i64::from(g.upper_bp)))
            .arg("region", area.name())
            .arg("year", year)
            .arg("sample", ctx.source(g.sample, g.published)),
    ]
}

/// The term in whole months and whether days are left over, from the recorded months or else
/// from start and end (the end day included, so 2026-01-01..2026-12-31 is 12 months exactly).
fn term_of(d: &Dossier) -> Option<(u32, bool)> {
    if let Some(m) = d.terms.term_months {
        return Some((m, false));
    }
    let (start, end) = (d.terms.start?, d.terms.end?);
    let after_end = end.checked_add_days(Days::new(1))?;
    let mut months = 0u32;
    while months < 1200 {
        match start.checked_add_months(Months::new(months + 1)) {
            Some(next) if next <= after_end => months += 1,
            _ => break,
        }
    }
    let whole = start.checked_add_months(Months::new(months))?;
    Some((months, whole < after_end))
}

fn content_term(d: &Dossier, _: &Context, _: NaiveDate) -> Vec<Hit> {
    let Some((months, extra_days)) = term_of(d) else {
        return Vec::new();
    };
    // GR 38: 1 to 3 years, both bounds included.
    let too_short = months < 12;
    let too_long = months > 36 || (months == 36 && extra_days);
    if !too_short && !too_long {
        return Vec::new();
    }
    let key = if too_short { "too_short" } else { "too_long" };
    vec![Hit::new(Severity::Error, key).arg("months", months)]
}

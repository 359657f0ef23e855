//! Region data for people: `xieshang region list` (every area with its own figures and the
//! figure in force) and `region show CODE [--on DATE]` (which minimum wage applies on a date, by
//! tier, where it comes from, and the local procedure periods), and the floor line of the
//! Dossier screen. Reads the region data in force (built-in, published, the workspace's own).

use super::{Failure, Service};
use crate::domain::ContractKind;
use crate::domain::region::{Area, MinWage, Period, Regions, SignedBy};
use crate::domain::values::format_fen;
use crate::domain::{Dossier, Invalid, Problem};
use crate::i18n::{Lang, tr, trf};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde::Serialize;

/// One area in `region list`.
#[derive(Serialize, Debug, Clone)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The figures in force on the date, lowest tier first (the area's own figure alone when it
    /// has one).
    pub in_force: Vec<MinWage>,
}

/// `region show`: the area, its ancestors, the figure that applies and every tier.
#[derive(Serialize, Debug, Clone)]
pub struct RegionShown {
    pub code: String,
    pub name: String,
    /// The area whose data answered (an unknown district answers with its city or province).
    pub found: String,
    pub chain: Vec<String>,
    pub on: NaiveDate,
    pub tier: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies: Option<MinWage>,
    /// Which area's data the figure that applies comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_from_area: Option<String>,
    pub tiers: Vec<MinWage>,
    /// The reply period for a wage agreement (a local rule may cover some kinds only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_period: Option<Period>,
    /// The reply period for a comprehensive contract, when it differs from the wage one
    /// (杭州: 浙江's rule, since 杭州's own covers wage bargaining only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_period_other_kinds: Option<Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filing_period: Option<Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filing_period_wage: Option<Period>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes_signed_by_all_present: Option<String>,
    /// Whether that minutes rule covers wage agreements only, the other kinds signed by the
    /// chiefs (山东 and 河南's wage-bargaining regulations).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub minutes_rule_wage_only: bool,
}

fn shown(code: &str, on: NaiveDate, a: &Area<'_>) -> RegionShown {
    let applies = a.min_wage_with_source(on);
    RegionShown {
        code: code.to_string(),
        name: a.name().to_string(),
        found: a.code().to_string(),
        chain: a
            .chain()
            .map(|r| format!("{} {}", r.code, r.name))
            .collect(),
        on,
        tier: a.tier(),
        applies_from_area: applies.as_ref().map(|(_, r)| r.code.clone()),
        applies: applies.map(|(w, _)| w),
        tiers: a.tiers_on(on),
        reply_period: a.reply_period(ContractKind::Wage).cloned(),
        reply_period_other_kinds: a
            .reply_period(ContractKind::Comprehensive)
            .filter(|p| a.reply_period(ContractKind::Wage) != Some(*p))
            .cloned(),
        filing_period: a.filing_period(ContractKind::Comprehensive).cloned(),
        filing_period_wage: a.filing_period(ContractKind::Wage).cloned(),
        minutes_signed_by_all_present: a
            .minutes_signers(ContractKind::Wage)
            .filter(|s| s.who == SignedBy::AllPresent)
            .map(|s| s.citation.clone()),
        minutes_rule_wage_only: a.minutes_signers(ContractKind::Wage).is_some_and(|s| {
            s.who == SignedBy::AllPresent && !s.covers(ContractKind::Comprehensive)
        }),
    }
}

/// The rows of `region list` for `regions` on `on`.
pub fn rows(regions: &Regions, on: NaiveDate) -> Vec<RegionRow> {
    regions
        .codes()
        .filter_map(|c| {
            let r = regions.get(c)?;
            let a = regions.area(c)?;
            // An area with its own figure, or a tier of its own in the data (大连 1, 阜新 3),
            // shows the one figure that applies there; a province without a tier its table.
            let own = a.min_wage_with_source(on).filter(|(w, _)| w.tier.is_none());
            let in_force = match own {
                Some((w, _)) => vec![w],
                None if a.tier().is_some() => a.min_wage_on(on).into_iter().collect(),
                None => a.tiers_on(on),
            };
            Some(RegionRow {
                code: r.code.clone(),
                name: r.name.clone(),
                parent: r.parent.clone(),
                in_force,
            })
        })
        .collect()
}

impl Service {
    /// `region list`.
    pub fn region_list(&self, on: Option<NaiveDate>) -> Result<Vec<RegionRow>, Failure> {
        Ok(rows(&self.data()?.regions, on.unwrap_or(self.today)))
    }

    /// `region show CODE [--on DATE]`: a code the data cannot answer for is refused.
    pub fn region_show(&self, code: &str, on: Option<NaiveDate>) -> Result<RegionShown, Failure> {
        let code = code.trim();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new("code", code, Problem::BadRegionCode).into());
        }
        let on = on.unwrap_or(self.today);
        let data = self.data()?;
        let a = data
            .regions
            .area(code)
            .ok_or_else(|| Invalid::new("code", code, Problem::NotFound))?;
        Ok(shown(code, on, &a))
    }
}

fn flags(lang: Lang, w: &MinWage) -> String {
    let mut f = Vec::new();
    if w.sample {
        f.push(tr(lang, "region.unverified"));
    }
    if w.date_assumed {
        f.push(tr(lang, "region.date_assumed"));
    }
    if w.announced {
        f.push(tr(lang, "region.announced"));
    }
    if f.is_empty() {
        String::new()
    } else {
        format!(
            " [{}]",
            f.join(if lang == Lang::ZhCn { "、" } else { ", " })
        )
    }
}

fn figure(lang: Lang, w: &MinWage) -> String {
    let tier = w
        .tier
        .map(|t| trf(lang, "region.tier", &[("n", &t.to_string())]))
        .unwrap_or_default();
    trf(
        lang,
        "region.figure",
        &[
            ("tier", &tier),
            ("monthly", &format_fen(w.monthly_fen)),
            ("hourly", &format_fen(w.hourly_fen)),
            ("from", &w.from.to_string()),
        ],
    ) + &flags(lang, w)
}

/// `region list`: a line per area — the figures in force, the date they apply from, whether
/// they are verified, and which source (numbered; the sources are listed once at the end).
pub fn list_lines(lang: Lang, rows: &[RegionRow]) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut line = list_line(lang, r);
            if let Some(s) = r.in_force.first().and_then(|w| w.source.as_deref()) {
                let s = sanitize_line(s);
                let n = if let Some(i) = sources.iter().position(|x| *x == s) {
                    i + 1
                } else {
                    sources.push(s);
                    sources.len()
                };
                line.push_str(&trf(
                    lang,
                    "region.list_source_ref",
                    &[("n", &n.to_string())],
                ));
            }
            line
        })
        .collect();
    if !sources.is_empty() {
        out.push(tr(lang, "region.list_sources"));
        out.extend(sources.iter().enumerate().map(|(i, s)| {
            trf(
                lang,
                "region.list_source",
                &[("n", &(i + 1).to_string()), ("source", s)],
            )
        }));
    }
    out
}

/// One line of `region list`, without its source: code, name, the figures (by tier), the date
/// they apply from and their marks (not verified, date assumed).
pub fn list_line(lang: Lang, r: &RegionRow) -> String {
    let figs: Vec<String> = r
        .in_force
        .iter()
        .map(|w| {
            let t = w.tier.map(|t| format!("{t}:")).unwrap_or_default();
            format!("{t}{}", format_fen(w.monthly_fen))
        })
        .collect();
    let figs = match r.in_force.first() {
        None => tr(lang, "region.no_figure"),
        Some(w) => format!(
            "{}  {}{}",
            figs.join(" / "),
            trf(lang, "region.list_from", &[("from", &w.from.to_string())]),
            flags(lang, w)
        ),
    };
    format!("{}  {}  {figs}", r.code, sanitize_line(&r.name))
}

fn period(lang: Lang, key: &str, p: &Period) -> String {
    let mut s = trf(
        lang,
        key,
        &[
            ("days", &p.days.to_string()),
            (
                "unit",
                &tr(
                    lang,
                    if p.working_days {
                        "region.working_days"
                    } else {
                        "region.days"
                    },
                ),
            ),
            ("citation", &sanitize_line(&p.citation)),
        ],
    );
    // A rule limited to some kinds of contract says which.
    if let Some(kinds) = &p.kinds {
        let names: Vec<String> = kinds
            .iter()
            .map(|k| tr(lang, &format!("kind.{}", k.key())))
            .collect();
        s.push_str(&trf(
            lang,
            "costing3.kinds_only",
            &[(
                "kinds",
                &names.join(if lang == Lang::ZhCn { "、" } else { ", " }),
            )],
        ));
    }
    s
}

/// The lines of `region show`.
pub fn show_lines(lang: Lang, s: &RegionShown) -> Vec<String> {
    let mut out = vec![trf(
        lang,
        "region.show_title",
        &[
            ("code", &s.code),
            ("name", &sanitize_line(&s.name)),
            ("on", &s.on.to_string()),
        ],
    )];
    out.push(format!("  {}", sanitize_line(&s.chain.join(" → "))));
    out.push(match s.tier {
        Some(t) => trf(lang, "region.tier_line", &[("n", &t.to_string())]),
        None => tr(lang, "region.no_tier"),
    });
    match &s.applies {
        Some(w) => {
            out.push(format!(
                "{}{}{}",
                tr(lang, "region.applies"),
                crate::i18n::colon(lang),
                figure(lang, w)
            ));
            if let Some(src) = &w.source {
                out.push(format!(
                    "  {}{}{}",
                    tr(lang, "region.source"),
                    crate::i18n::colon(lang),
                    sanitize_line(src)
                ));
            }
        }
        None => out.push(tr(lang, "region.no_figure")),
    }
    if !s.tiers.is_empty() {
        out.push(tr(lang, "region.tiers"));
        for w in &s.tiers {
            out.push(format!("  {}", figure(lang, w)));
        }
    }
    if let Some(p) = &s.reply_period {
        out.push(period(lang, "region.reply_period", p));
    }
    if let Some(p) = &s.reply_period_other_kinds {
        out.push(period(lang, "costing3.reply_period_other", p));
    }
    if let Some(p) = &s.filing_period {
        out.push(period(lang, "region.filing_period", p));
    }
    // A wage agreement's own period (山东, 河南: their wage-bargaining regulations).
    if let Some(p) = s
        .filing_period_wage
        .as_ref()
        .filter(|p| s.filing_period.as_ref() != Some(p))
    {
        out.push(period(lang, "costing2.filing_period_wage", p));
    }
    if let Some(c) = &s.minutes_signed_by_all_present {
        out.push(trf(
            lang,
            "region.minutes_all",
            &[("citation", &sanitize_line(c))],
        ));
        if s.minutes_rule_wage_only {
            out.push(format!("  {}", tr(lang, "costing3.minutes_chiefs_other")));
        }
    }
    out
}

/// The Dossier screen's floor line: the minimum wage judged by, with its date and flags.
pub fn floor_line(lang: Lang, regions: &Regions, d: &Dossier, on: NaiveDate) -> String {
    let Some(a) = regions.area_with_tier(&d.enterprise.region, d.preparation.costing.tier) else {
        return tr(lang, "region.floor_none");
    };
    match a.min_wage_on(on) {
        Some(w) => trf(
            lang,
            "region.floor",
            &[
                ("area", &sanitize_line(a.name())),
                ("figure", &figure(lang, &w)),
            ],
        ),
        None => tr(lang, "region.floor_none"),
    }
}

/// The Dossier screen's second floor line: where the figure comes from (the area whose data gave
/// it and its source) and how the tier was chosen (the region data, this dossier, or none — the
/// lowest). `None` when there is no figure.
pub fn floor_source_line(
    lang: Lang,
    regions: &Regions,
    d: &Dossier,
    on: NaiveDate,
) -> Option<String> {
    let tier_set = d.preparation.costing.tier;
    let a = regions.area_with_tier(&d.enterprise.region, tier_set)?;
    let (w, from) = a.min_wage_with_source(on)?;
    let source = w
        .source
        .as_deref()
        .map_or_else(|| tr(lang, "costing2.no_source"), sanitize_line);
    let mut parts = vec![trf(
        lang,
        "costing2.floor_source",
        &[("area", &sanitize_line(&from.name)), ("source", &source)],
    )];
    if w.tier.is_some() {
        let in_data = a.chain().any(|r| r.tier.is_some());
        parts.push(tr(
            lang,
            match (in_data, tier_set) {
                (true, _) => "costing2.tier_from_data",
                (false, Some(_)) => "costing2.tier_from_dossier",
                (false, None) => "costing2.tier_lowest",
            },
        ));
    }
    Some(parts.join(if lang == Lang::ZhCn { "；" } else { "; " }))
}

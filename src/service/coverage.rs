//! Coverage against the Liaoning plan (辽工发〔2011〕57号), for the union that keeps the archive:
//! wage bargaining in ≥ 80 % of unionised enterprises by 2013 and ≥ 95 % by the end of the 12th
//! Five-Year Plan, a bargaining instructor taking part everywhere, special contracts (劳动安全卫生,
//! 女职工权益保护) where an enterprise is high-risk or women-concentrated, average wage growth
//! ≥ 10 % a year. Each figure says its numerator and denominator and lists the enterprises that
//! fall short, so a union can act on it rather than argue with it.
//!
//! The denominator of coverage is the enterprise registry (unionised enterprises) when one was
//! imported; without it, the enterprises the workspace has dossiers for — said as such.

use super::{Failure, Service};
use crate::domain::calendar::HolidayCalendar;
use crate::domain::registry::Enterprise as Listed;
use crate::domain::{ContractKind, Dossier};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// How the figures are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    All,
    Region,
    Industry,
    Year,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "all" => GroupBy::All,
            "region" => GroupBy::Region,
            "industry" => GroupBy::Industry,
            "year" => GroupBy::Year,
            _ => return None,
        })
    }
}

/// One figure: `numerator` of `denominator`, against a target, with who falls short.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// `coverage`, `instructor`, `special_safety`, `special_women`, `increase`, `workers`.
    pub key: &'static str,
    pub numerator: i64,
    pub denominator: i64,
    /// Left out of both because the records do not say (`instructor`: imported agreements,
    /// whose facts table has no instructor column); 0 for the other figures.
    pub unknown: i64,
    /// numerator / denominator in basis points (for `increase`: the average increase itself).
    pub value_bp: Option<i64>,
    /// The plan's target in basis points, where it sets one.
    pub target_bp: Option<i64>,
    pub met: Option<bool>,
    /// The enterprises behind the shortfall (names).
    pub short: Vec<String>,
}

impl Figure {
    /// The figure as a sentence in `lang` (`工资集体协商覆盖 … 200 家中 140 家，70%，目标 …`), with
    /// the unknowns said apart: the one wording `archive stats` and the Stats screen share.
    pub fn sentence(&self, lang: crate::i18n::Lang) -> String {
        use crate::domain::values::format_bp;
        use crate::i18n::trf;
        let value = self.value_bp.map_or_else(|| "—".to_string(), format_bp);
        let target = self.target_bp.map(format_bp).unwrap_or_default();
        let mut line = trf(
            lang,
            &format!("archive.stats.{}", self.key),
            &[
                ("n", &self.numerator.to_string()),
                ("of", &self.denominator.to_string()),
                ("value", &value),
                ("target", &target),
            ],
        );
        if self.unknown > 0 {
            line.push_str(&trf(
                lang,
                "archive.stats.instructor_unknown",
                &[("n", &self.unknown.to_string())],
            ));
        }
        line
    }
}

/// The figures of one group.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The region code, industry or year; empty for the whole.
    pub group: String,
    pub figures: Vec<Figure>,
}

/// The whole report.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub today: NaiveDate,
    /// The denominator of coverage came from the registry (else: enterprises with dossiers).
    pub registry: bool,
    pub groups: Vec<Group>,
}

/// One enterprise as the figures see it.
struct Unit {
    name: String,
    key: String,
    region: String,
    industry: String,
    unionised: bool,
    high_risk: bool,
    women_concentrated: bool,
}

/// In effect on `today`: in effect as recorded or by law (a contract signed and never filed is
/// not), and not past its end.
fn in_effect(d: &Dossier, cal: &HolidayCalendar, today: NaiveDate) -> bool {
    crate::domain::rules::effect::effective_from(d, cal).is_some_and(|e| e <= today)
        && d.terms.end.is_none_or(|e| e >= today)
}

fn pct(n: i64, d: i64) -> Option<i64> {
    (d > 0).then(|| n * 10_000 / d)
}

impl Service {
    /// Coverage as of today against the imported registry (or, without one, the enterprises
    /// the workspace has dossiers for).
    pub fn coverage_report(&self, by: GroupBy) -> Result<Coverage, Failure> {
        let reg = self.ws.registry_file()?;
        self.coverage(by, reg.as_ref().map(|r| r.enterprises.as_slice()))
    }

    /// Coverage as of today, grouped as asked.
    pub fn coverage(&self, by: GroupBy, registry: Option<&[Listed]>) -> Result<Coverage, Failure> {
        let ctx = self.rules()?;
        let today = self.today;
        let dossiers: Vec<Dossier> = self
            .ws
            .ids()
            .iter()
            .filter_map(|k| self.ws.load(k).ok())
            .collect();
        // An enterprise is its credit code, else its name.
        let key_of = |code: Option<&str>, name: &str| {
            code.filter(|c| !c.is_empty()).map_or_else(
                || format!("name:{name}"),
                |c| format!("code:{}", c.to_uppercase()),
            )
        };
        let mut units: BTreeMap<String, Unit> = BTreeMap::new();
        match registry {
            Some(rows) => {
                for e in rows {
                    let women_bp = e
                        .women
                        .filter(|_| e.staff > 0)
                        .map(|w| i64::from(w) * 10_000 / i64::from(e.staff));
                    let threshold = ctx
                        .regions
                        .area(&e.region)
                        .map_or(5000, |a| a.policy().women_concentrated_bp);
                    units.insert(
                        key_of(Some(&e.credit_code), &e.name),
                        Unit {
                            name: e.name.clone(),
                            key: key_of(Some(&e.credit_code), &e.name),
                            region: e.region.clone(),
                            industry: e.industry.clone().unwrap_or_default(),
                            unionised: e.unionised,
                            high_risk: e.high_risk,
                            women_concentrated: women_bp.is_some_and(|w| w >= i64::from(threshold)),
                        },
                    );
                }
            }
            None => {
                for d in &dossiers {
                    let e = &d.enterprise;
                    let k = key_of(e.credit_code.as_deref(), &e.name);
                    let women_bp = e
                        .women_staff
                        .zip(e.staff.filter(|s| *s > 0))
                        .map(|(w, s)| i64::from(w) * 10_000 / i64::from(s));
                    let threshold = ctx.policy(d).women_concentrated_bp;
                    units.entry(k.clone()).or_insert(Unit {
                        name: e.name.clone(),
                        key: k,
                        region: e.region.clone(),
                        industry: e.industry.clone().unwrap_or_default(),
                        unionised: true,
                        high_risk: e.high_risk,
                        women_concentrated: women_bp.is_some_and(|w| w >= i64::from(threshold)),
                    });
                }
            }
        }
        // Agreements per enterprise: by credit code; a dossier without one by its name, when
        // exactly one enterprise bears it (as `enterprises` matches them).
        let mut by_name: BTreeMap<&str, Option<&str>> = BTreeMap::new();
        for (k, u) in &units {
            by_name
                .entry(u.name.as_str())
                .and_modify(|v| *v = None)
                .or_insert(Some(k.as_str()));
        }
        let mut by_unit: BTreeMap<&str, Vec<&Dossier>> = BTreeMap::new();
        for d in &dossiers {
            let k = key_of(d.enterprise.credit_code.as_deref(), &d.enterprise.name);
            let k = units
                .get_key_value(&k)
                .map(|(k, _)| k.as_str())
                .or_else(|| {
                    d.enterprise
                        .credit_code
                        .is_none()
                        .then(|| by_name.get(d.enterprise.name.as_str()).copied().flatten())
                        .flatten()
                });
            if let Some(k) = k {
                by_unit.entry(k).or_default().push(d);
            }
        }
        // What stands for each enterprise, so that an enterprise counts once in a figure and,
        // grouped by year, in one year only (the groups add up to the whole): for coverage its
        // latest-signed wage or comprehensive agreement in effect; for each special contract its
        // latest-signed one not expired; for the workers covered its agreement in effect that
        // says it covers the most workers (the latest-signed of equals).
        let wage = [ContractKind::Wage, ContractKind::Comprehensive];
        let signed_on = |d: &Dossier| d.signing.as_ref().map(|s| s.date);
        let year_of = |d: &Dossier| {
            d.signing
                .as_ref()
                .map(|s| s.date.format("%Y").to_string())
                .unwrap_or_default()
        };
        let not_expired =
            |d: &Dossier| d.signing.is_some() && d.terms.end.is_none_or(|e| e >= today);
        // The workers an agreement covers: as it says, else the enterprise's staff as recorded.
        let covers =
            |d: &Dossier| i64::from(d.terms.staff_covered.or(d.enterprise.staff).unwrap_or(0));
        let latest = |u: &Unit, ok: &dyn Fn(&Dossier) -> bool| -> Option<&Dossier> {
            by_unit.get(u.key.as_str()).and_then(|ds| {
                ds.iter()
                    .copied()
                    .filter(|d| ok(d))
                    .max_by_key(|d| signed_on(d))
            })
        };
        let wage_of = |u: &Unit| {
            latest(u, &|d: &Dossier| {
                wage.contains(&d.kind) && in_effect(d, ctx.calendar, today)
            })
        };
        let special_of = |u: &Unit, kind: ContractKind| {
            latest(u, &|d: &Dossier| d.kind == kind && not_expired(d))
        };
        let widest_of = |u: &Unit| {
            by_unit.get(u.key.as_str()).and_then(|ds| {
                ds.iter()
                    .copied()
                    .filter(|d| in_effect(d, ctx.calendar, today))
                    .max_by_key(|d| (covers(d), signed_on(d)))
            })
        };
        // Years group agreements: every enterprise is in every year's denominator, and an
        // enterprise counts in the year its standing agreement was signed.
        let group_of_unit = |u: &Unit| match by {
            GroupBy::Region => u.region.clone(),
            GroupBy::Industry => u.industry.clone(),
            GroupBy::All | GroupBy::Year => String::new(),
        };
        let mut groups: BTreeMap<String, Vec<Figure>> = BTreeMap::new();
        let mut names: Vec<String> = units.values().map(group_of_unit).collect();
        if by == GroupBy::Year {
            // Only the agreements of enterprises the figures count (those of the registry).
            names = by_unit
                .values()
                .flatten()
                .filter(|d| d.signing.is_some())
                .map(|d| year_of(d))
                .collect();
        }
        names.sort();
        names.dedup();
        for g in names {
            let in_group = |u: &Unit| by == GroupBy::Year || group_of_unit(u) == g;
            let agreement_in_group = |d: &Dossier| by != GroupBy::Year || year_of(d) == g;
            let counts = |d: Option<&Dossier>| d.is_some_and(&agreement_in_group);
            let mut figures = Vec::new();
            // Coverage: unionised enterprises with a wage (or comprehensive) agreement in effect.
            let unionised: Vec<&Unit> = units
                .values()
                .filter(|u| in_group(u) && u.unionised)
                .collect();
            let covered = |u: &Unit| counts(wage_of(u));
            let target = if today.year() <= 2013 { 8000 } else { 9500 };
            let n = i64::try_from(unionised.iter().filter(|u| covered(u)).count()).unwrap_or(0);
            let dn = i64::try_from(unionised.len()).unwrap_or(0);
            figures.push(Figure {
                key: "coverage",
                numerator: n,
                denominator: dn,
                unknown: 0,
                value_bp: pct(n, dn),
                target_bp: Some(target),
                met: pct(n, dn).map(|v| v >= target),
                short: unionised
                    .iter()
                    .filter(|u| !covered(u))
                    .map(|u| u.name.clone())
                    .collect(),
            });
            // The agreements of the group's enterprises (of the registry, when there is one).
            let agreements: Vec<&Dossier> = units
                .values()
                .filter(|u| in_group(u))
                .filter_map(|u| by_unit.get(u.key.as_str()))
                .flatten()
                .copied()
                .filter(|d| d.signing.is_some() && agreement_in_group(d))
                .collect();
            // Instructor: the plan asks it of every enterprise bargaining wages, so the wage and
            // comprehensive agreements signed and not expired. An agreement imported from
            // elsewhere with no instructor recorded is unknown — the facts table has no such
            // column — and is left out of both sides and counted apart.
            let bargained: Vec<&Dossier> = agreements
                .iter()
                .copied()
                .filter(|d| wage.contains(&d.kind) && not_expired(d))
                .collect();
            let unknown = |d: &Dossier| d.imported.is_some() && d.instructors.is_empty();
            let known: Vec<&Dossier> = bargained.iter().copied().filter(|d| !unknown(d)).collect();
            let with = known.iter().filter(|d| !d.instructors.is_empty()).count();
            let (n, dn) = (
                i64::try_from(with).unwrap_or(0),
                i64::try_from(known.len()).unwrap_or(0),
            );
            figures.push(Figure {
                key: "instructor",
                numerator: n,
                denominator: dn,
                unknown: i64::try_from(bargained.len() - known.len()).unwrap_or(0),
                value_bp: pct(n, dn),
                target_bp: Some(10_000),
                met: pct(n, dn).map(|v| v >= 10_000),
                short: known
                    .iter()
                    .filter(|d| d.instructors.is_empty())
                    .map(|d| d.enterprise.name.clone())
                    .collect(),
            });
            // Special contracts where they are required: signed and not expired.
            for (key, need, kind) in [
                ("special_safety", true, ContractKind::Safety),
                ("special_women", false, ContractKind::Women),
            ] {
                let required: Vec<&Unit> = units
                    .values()
                    .filter(|u| in_group(u))
                    .filter(|u| {
                        if need {
                            u.high_risk
                        } else {
                            u.women_concentrated
                        }
                    })
                    .collect();
                let ok = |u: &Unit| counts(special_of(u, kind));
                let n = i64::try_from(required.iter().filter(|u| ok(u)).count()).unwrap_or(0);
                let dn = i64::try_from(required.len()).unwrap_or(0);
                figures.push(Figure {
                    key,
                    numerator: n,
                    denominator: dn,
                    unknown: 0,
                    value_bp: pct(n, dn),
                    target_bp: Some(10_000),
                    met: pct(n, dn).map(|v| v >= 10_000),
                    short: required
                        .iter()
                        .filter(|u| !ok(u))
                        .map(|u| u.name.clone())
                        .collect(),
                });
            }
            // Workers covered: each enterprise once, by the agreement in effect that covers the
            // most of them. Not the sum over agreements — a wage and a safety contract of one
            // enterprise cover the same people — and not the registry's staff, which is there only
            // with a registry and may be of another date than the agreement; a special contract
            // (the women's) may cover only part of the staff, and the widest agreement says how
            // many the enterprise's agreements reach. The denominator is the enterprises.
            let widest: Vec<&Dossier> = units
                .values()
                .filter(|u| in_group(u))
                .filter_map(&widest_of)
                .filter(|d| agreement_in_group(d))
                .collect();
            figures.push(Figure {
                key: "workers",
                numerator: widest.iter().map(|d| covers(d)).sum(),
                denominator: i64::try_from(widest.len()).unwrap_or(0),
                unknown: 0,
                value_bp: None,
                target_bp: None,
                met: None,
                short: Vec::new(),
            });
            // The average agreed increase: over the wage and comprehensive agreements in effect
            // that state one (a special contract agrees no wage increase).
            let stating: Vec<&Dossier> = agreements
                .iter()
                .copied()
                .filter(|d| wage.contains(&d.kind) && in_effect(d, ctx.calendar, today))
                .filter(|d| d.terms.avg_wage_increase_bp.is_some())
                .collect();
            let incs: Vec<i64> = stating
                .iter()
                .filter_map(|d| d.terms.avg_wage_increase_bp.map(i64::from))
                .collect();
            let n = i64::try_from(incs.len()).unwrap_or(0);
            let avg = (n > 0).then(|| incs.iter().sum::<i64>() / n);
            figures.push(Figure {
                key: "increase",
                numerator: incs.iter().sum(),
                denominator: n,
                unknown: 0,
                value_bp: avg,
                target_bp: Some(1000),
                met: avg.map(|a| a >= 1000),
                short: stating
                    .iter()
                    .filter(|d| d.terms.avg_wage_increase_bp.is_some_and(|b| b < 1000))
                    .map(|d| d.enterprise.name.clone())
                    .collect(),
            });
            groups.insert(g, figures);
        }
        Ok(Coverage {
            today,
            registry: registry.is_some(),
            groups: groups
                .into_iter()
                .map(|(group, figures)| Group { group, figures })
                .collect(),
        })
    }
}

impl Service {
    /// Writes `c` to `path` as CSV (UTF-8 with BOM, formulas neutralised): one row per figure
    /// of each group, with its numerator, denominator, value, target and who falls short.
    /// Returns the number of figures written.
    pub(crate) fn coverage_csv(
        &self,
        c: &Coverage,
        path: &std::path::Path,
    ) -> Result<usize, Failure> {
        let l = self.lang;
        let header: Vec<String> = [
            "group",
            "figure",
            "numerator",
            "denominator",
            "value",
            "target",
            "met",
            "short",
            "unknown",
        ]
        .iter()
        .map(|k| crate::i18n::tr(l, &format!("archive.stats_csv.{k}")))
        .collect();
        let mut rows = vec![header];
        let sep = if l == crate::i18n::Lang::ZhCn {
            "、"
        } else {
            "; "
        };
        for g in &c.groups {
            for f in &g.figures {
                rows.push(vec![
                    g.group.clone(),
                    crate::i18n::tr(l, &format!("archive.stats_csv.figure.{}", f.key)),
                    f.numerator.to_string(),
                    f.denominator.to_string(),
                    f.value_bp
                        .map(crate::domain::values::format_bp)
                        .unwrap_or_default(),
                    f.target_bp
                        .map(crate::domain::values::format_bp)
                        .unwrap_or_default(),
                    match f.met {
                        Some(true) => crate::i18n::tr(l, "archive.stats_csv.yes"),
                        Some(false) => crate::i18n::tr(l, "archive.stats_csv.no"),
                        None => String::new(),
                    },
                    f.short.join(sep),
                    if f.key == "instructor" {
                        f.unknown.to_string()
                    } else {
                        String::new()
                    },
                ]);
            }
        }
        crate::store::archive::write_csv(path, &rows)?;
        Ok(rows.len() - 1)
    }
}

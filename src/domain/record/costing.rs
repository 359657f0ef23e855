//! Recording the preparation data costing works from: `key=value` pairs (average wage, staff,
//! CPI, productivity, on-cost rates, overtime hours, the wage guideline and its source, the
//! area's tier, the months a summer allowance is paid) and the wage distribution imported from
//! CSV. All or nothing, like the terms.

use super::{Change, MAX_COUNT, line, not_sealed};
use crate::domain::costing::{CostingData, GuidelineBp, WageBand};
use crate::domain::dossier::Dossier;
use crate::domain::event::Event;
use crate::domain::invalid::{Invalid, Problem};
use crate::domain::values::{parse_count, parse_money_fen, parse_percent_bp};

/// The keys `prep` understands for costing, for help and error messages.
pub const COSTING_KEYS: &[&str] = &[
    "avg_wage",
    "staff",
    "cpi",
    "productivity",
    "social_insurance",
    "housing_fund",
    "hours.overtime",
    "hours.overtime_rest",
    "hours.overtime_holiday",
    "guideline",
    "source",
    "tier",
    "summer_months",
];

/// Sets costing data from `key=value` pairs, all or nothing.
pub fn set_costing(d: &Dossier, pairs: &[(&str, &str)]) -> Result<Change, Invalid> {
    not_sealed(d)?;
    if pairs.is_empty() {
        return Err(Invalid::new("prep", "", Problem::Empty));
    }
    let mut c = d.preparation.costing.clone();
    let mut said = Event::new("costing.set");
    for &(key, value) in pairs {
        apply(&mut c, key.trim(), value)?;
        said = said.arg(key.trim(), value.trim());
    }
    let mut n = d.clone();
    n.preparation.costing = c;
    Ok(Change::new(n, said))
}

/// Replaces the wage distribution (bands already parsed from the CSV).
pub fn set_distribution(d: &Dossier, bands: Vec<WageBand>) -> Result<Change, Invalid> {
    not_sealed(d)?;
    if bands.is_empty() {
        return Err(Invalid::new("distribution", "", Problem::Empty));
    }
    let heads: u64 = bands.iter().map(|b| u64::from(b.headcount)).sum();
    if heads > u64::from(MAX_COUNT) {
        return Err(Invalid::new(
            "distribution",
            heads.to_string(),
            Problem::OutOfRange {
                min: 0,
                max: i64::from(MAX_COUNT),
            },
        ));
    }
    let said = Event::new("costing.distribution")
        .arg("bands", bands.len())
        .arg("staff", heads);
    let mut n = d.clone();
    n.preparation.costing.distribution = bands;
    Ok(Change::new(n, said))
}

fn rate(key: &str, value: &str) -> Result<u32, Invalid> {
    let bp = parse_percent_bp(key, value, false)?;
    u32::try_from(bp).map_err(|_| Invalid::new(key, value, Problem::NotAPercent))
}

fn apply(c: &mut CostingData, key: &str, value: &str) -> Result<(), Invalid> {
    match key {
        "avg_wage" => c.avg_wage_fen = Some(parse_money_fen(key, value)?),
        "staff" => c.staff = Some(parse_count(key, value, MAX_COUNT)?),
        "cpi" => c.cpi_bp = Some(parse_percent_bp(key, value, true)?),
        "productivity" => c.productivity_bp = Some(parse_percent_bp(key, value, true)?),
        "social_insurance" => c.social_insurance_bp = Some(rate(key, value)?),
        "housing_fund" => c.housing_fund_bp = Some(rate(key, value)?),
        "source" => c.source = Some(line(key, value)?),
        "tier" => {
            let t = parse_count(key, value, 9)?;
            if t == 0 {
                return Err(Invalid::new(
                    key,
                    value,
                    Problem::OutOfRange { min: 1, max: 9 },
                ));
            }
            c.tier = u8::try_from(t).ok();
        }
        "guideline" => c.guideline = Some(guideline(key, value)?),
        // The months a summer allowance is paid (高温津贴: June to September is 4).
        "summer_months" => {
            let m = parse_count(key, value, 12)?;
            if m == 0 {
                return Err(Invalid::new(
                    key,
                    value,
                    Problem::OutOfRange { min: 1, max: 12 },
                ));
            }
            c.summer_months = u8::try_from(m).ok();
        }
        _ => {
            let Some(term) = key
                .strip_prefix("hours.")
                .filter(|t| matches!(*t, "overtime" | "overtime_rest" | "overtime_holiday"))
            else {
                return Err(Invalid::new(
                    "key",
                    key,
                    Problem::UnknownKey {
                        valid: COSTING_KEYS.join(", "),
                    },
                ));
            };
            c.overtime_hours
                .insert(term.to_string(), parse_count(key, value, MAX_COUNT)?);
        }
    }
    Ok(())
}

/// `LOWER/BASE/UPPER` in percent, e.g. `4/7/10` or `4%/7%/10%`; lower ≤ base ≤ upper.
fn guideline(key: &str, value: &str) -> Result<GuidelineBp, Invalid> {
    let parts: Vec<&str> = value.split(['/', '／']).collect();
    let [l, b, u] = parts.as_slice() else {
        return Err(Invalid::new(key, value, Problem::NotAPercent));
    };
    let g = GuidelineBp {
        lower_bp: parse_percent_bp(key, l, true)?,
        base_bp: parse_percent_bp(key, b, true)?,
        upper_bp: parse_percent_bp(key, u, true)?,
    };
    if !(g.lower_bp <= g.base_bp && g.base_bp <= g.upper_bp) {
        return Err(Invalid::new(
            key,
            value,
            Problem::Exceeds {
                other_field: "guideline.upper".into(),
                other_value: u.trim().to_string(),
            },
        ));
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::fixture::dossier;

    #[test]
    fn pairs_are_parsed_all_or_nothing() {
        let d = dossier();
        let c = set_costing(
            &d,
            &[
                ("avg_wage", "5000"),
                ("staff", "420"),
                ("cpi", "2.1%"),
                ("guideline", "4/7/10"),
                ("hours.overtime", "1200"),
                ("tier", "2"),
            ],
        )
        .unwrap();
        let k = &c.dossier.preparation.costing;
        assert_eq!(k.avg_wage_fen, Some(500_000));
        assert_eq!(k.staff, Some(420));
        assert_eq!(k.cpi_bp, Some(210));
        assert_eq!(
            k.guideline,
            Some(GuidelineBp {
                lower_bp: 400,
                base_bp: 700,
                upper_bp: 1000
            })
        );
        assert_eq!(k.overtime_hours.get("overtime"), Some(&1200));
        assert_eq!(k.tier, Some(2));
        let e = set_costing(&d, &[("staff", "10"), ("guideline", "9/7/10")]).unwrap_err();
        assert_eq!(e.field, "guideline");
        let e = set_costing(&d, &[("hours.bonus", "3")]).unwrap_err();
        assert_eq!(e.field, "key");
        assert!(set_costing(&d, &[("tier", "0")]).is_err());
    }
}

//! Region data: minimum wages, wage guidelines and local policy settings, keyed by
//! administrative division code (e.g. `210200` 大连市).
//!
//! This module owns the shape of `templates/regions/*.json`, the built-in copy embedded in the
//! binary, and inheritance: an area without its own figure or setting takes its parent's
//! (大连市 → 辽宁省), and an unknown district code falls back to its city and province by code.
//! It does no I/O (a user's file arrives as text from the store layer) and judges nothing — the
//! rules decide what a figure means. Every shipped figure is a *sample* and says so.

use super::calendar::DataError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A minimum wage in force from a date (LCL 55; LL 48).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MinWage {
    pub from: NaiveDate,
    pub monthly_fen: i64,
    pub hourly_fen: i64,
    /// The provincial tier (档次) this figure belongs to; `None` for a figure of the area itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    /// Sample data: shown with a "sample" label.
    #[serde(default)]
    pub sample: bool,
    /// Published by the union one level up (see [`Regions::publisher`]), not typed in here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published: bool,
}

/// A year's government wage guideline (工资指导线, WM 8), basis points of average-wage growth.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guideline {
    pub year: i32,
    pub lower_bp: i32,
    pub base_bp: i32,
    pub upper_bp: i32,
    #[serde(default)]
    pub sample: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published: bool,
}

/// Local policy settings as stored: every field optional, so a child overrides only what differs.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PolicyFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women_threshold_bp: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women_concentrated_bp: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prereview_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructor_expected: Option<bool>,
}

/// The settings in force for an area, after inheritance and defaults.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// REP-MAX: most representatives per side; `None` = no local maximum.
    pub rep_max: Option<u32>,
    /// REP-WOMEN: women's share of staff (basis points) from which a woman must sit for the workers.
    pub women_threshold_bp: u32,
    /// CONTENT-SPECIAL: women's share from which they count as "concentrated" (女职工集中).
    pub women_concentrated_bp: u32,
    /// PREREVIEW: the union one level up must pre-review before the congress.
    pub prereview_required: bool,
    /// INSTRUCTOR: a bargaining instructor is expected to take part.
    pub instructor_expected: bool,
}

impl Default for Policy {
    /// Without region data only national law applies: no local maximum, no pre-review, no
    /// instructor; the 1/5 women's threshold and 1/2 concentration are common local readings.
    fn default() -> Self {
        Policy {
            rep_max: None,
            women_threshold_bp: 2000,
            women_concentrated_bp: 5000,
            prereview_required: false,
            instructor_expected: false,
        }
    }
}

/// One area as stored.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Which provincial tier applies here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    #[serde(default)]
    pub min_wages: Vec<MinWage>,
    #[serde(default)]
    pub guidelines: Vec<Guideline>,
    #[serde(default)]
    pub policy: PolicyFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Deserialize)]
struct RegionsFile {
    regions: Vec<Region>,
}

/// All known areas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Regions {
    by_code: BTreeMap<String, Region>,
    /// The union that published the figures marked `published` (region data fetched from the
    /// union one level up), so a message can say whose figure it judged by.
    publisher: Option<String>,
}

const BUILTIN: [&str; 1] = [include_str!("../../templates/regions/liaoning.json")];

/// Parents are followed at most this far: province → city → district → street is 4; the bound
/// also stops a parent loop in user data.
const MAX_DEPTH: usize = 6;

impl Regions {
    /// The data shipped with the program (sample figures). A broken built-in file is caught by the
    /// test suite; at run time it is skipped so checks run with national law only.
    /// The built-in data, parsed once per process (`list` judges a thousand dossiers with it).
    pub fn shared() -> &'static Regions {
        static SHARED: std::sync::OnceLock<Regions> = std::sync::OnceLock::new();
        SHARED.get_or_init(Regions::builtin)
    }

    pub fn builtin() -> Self {
        let mut regions = Self::default();
        for text in BUILTIN {
            if let Ok(more) = Self::from_json(text) {
                regions.merge(more);
            }
        }
        regions
    }

    /// Areas from JSON text `{"regions": [...]}`.
    pub fn from_json(text: &str) -> Result<Self, DataError> {
        let file: RegionsFile =
            serde_json::from_str(text).map_err(|e| DataError::Json(e.to_string()))?;
        let mut by_code = BTreeMap::new();
        for r in file.regions {
            if r.code.is_empty() || !r.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DataError::Inconsistent(format!(
                    "region code {:?} is not a numeric division code",
                    r.code
                )));
            }
            if let Some(g) = r
                .guidelines
                .iter()
                .find(|g| !(g.lower_bp <= g.base_bp && g.base_bp <= g.upper_bp))
            {
                return Err(DataError::Inconsistent(format!(
                    "{} guideline {}: lower <= base <= upper does not hold",
                    r.code, g.year
                )));
            }
            if let Some(w) = r.min_wages.iter().find(|w| w.monthly_fen <= 0) {
                return Err(DataError::Inconsistent(format!(
                    "{} minimum wage from {} is not positive",
                    r.code, w.from
                )));
            }
            by_code.insert(r.code.clone(), r);
        }
        Ok(Regions {
            by_code,
            publisher: None,
        })
    }

    /// Marks every figure here as published by union `name` (data fetched from the union one
    /// level up); merged into other data, the mark travels with the figures.
    pub fn mark_published(&mut self, name: &str) {
        for r in self.by_code.values_mut() {
            for w in &mut r.min_wages {
                w.published = true;
            }
            for g in &mut r.guidelines {
                g.published = true;
            }
        }
        self.publisher = Some(name.to_string());
    }

    /// Who published the figures marked `published`.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }

    /// Adds or replaces areas (a user's file wins over the built-in one, area by area).
    pub fn merge(&mut self, other: Regions) {
        if other.publisher.is_some() {
            self.publisher = other.publisher;
        }
        self.by_code.extend(other.by_code);
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.by_code.get(code)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }

    /// The area for `code` with its ancestors. An unknown code falls back along the division
    /// code (`210203` → `210200` → `210000`), because a district's figures are its city's unless
    /// the data says otherwise.
    pub fn area(&self, code: &str) -> Option<Area<'_>> {
        let start = self.get(code).or_else(|| {
            let (prov, city) = (code.get(..2)?, code.get(..4)?);
            self.get(&format!("{city}00"))
                .or_else(|| self.get(&format!("{prov}0000")))
        })?;
        let mut chain = vec![start];
        let mut cur = start;
        while let Some(parent) = cur.parent.as_deref().and_then(|p| self.get(p)) {
            if chain.len() >= MAX_DEPTH || chain.iter().any(|r| r.code == parent.code) {
                break;
            }
            chain.push(parent);
            cur = parent;
        }
        Some(Area { chain })
    }
}

/// An area together with its ancestors, nearest first: the view the rules use.
#[derive(Clone, Debug)]
pub struct Area<'a> {
    chain: Vec<&'a Region>,
}

impl Area<'_> {
    pub fn code(&self) -> &str {
        self.chain.first().map_or("", |r| r.code.as_str())
    }

    pub fn name(&self) -> &str {
        self.chain.first().map_or("", |r| r.name.as_str())
    }

    /// The tier that applies: the nearest one stated.
    pub fn tier(&self) -> Option<u8> {
        self.chain.iter().find_map(|r| r.tier)
    }

    /// The minimum wage in force on `date`: the latest figure from on or before that date among
    /// the area's own and inherited figures, taking only the area's tier from tiered tables. An
    /// area without a tier gets the lowest tier — the floor that holds anywhere in the province.
    pub fn min_wage_on(&self, date: NaiveDate) -> Option<MinWage> {
        let tier = self.tier();
        let in_force = self
            .chain
            .iter()
            .flat_map(|r| r.min_wages.iter())
            .filter(|w| w.from <= date)
            .filter(|w| match (w.tier, tier) {
                (None, _) | (_, None) => true,
                (Some(a), Some(b)) => a == b,
            });
        // Latest date first; on the same date the nearer area's figure (earlier in the chain)
        // wins, and among several tiers the lowest figure.
        let mut best: Option<MinWage> = None;
        for w in in_force {
            best = match best {
                None => Some(*w),
                Some(b) if w.from > b.from => Some(*w),
                Some(b) if w.from == b.from && tier.is_none() && w.monthly_fen < b.monthly_fen => {
                    Some(*w)
                }
                keep => keep,
            };
        }
        best
    }

    /// The wage guideline for `year`, from the nearest area that has one.
    pub fn guideline(&self, year: i32) -> Option<Guideline> {
        self.chain
            .iter()
            .find_map(|r| r.guidelines.iter().find(|g| g.year == year).copied())
    }

    /// The policy settings in force: each from the nearest area that states it, else the default.
    pub fn policy(&self) -> Policy {
        let pick = |f: fn(&PolicyFile) -> Option<u32>| self.chain.iter().find_map(|r| f(&r.policy));
        let pick_bool =
            |f: fn(&PolicyFile) -> Option<bool>| self.chain.iter().find_map(|r| f(&r.policy));
        let def = Policy::default();
        Policy {
            rep_max: pick(|p| p.rep_max),
            women_threshold_bp: pick(|p| p.women_threshold_bp).unwrap_or(def.women_threshold_bp),
            women_concentrated_bp: pick(|p| p.women_concentrated_bp)
                .unwrap_or(def.women_concentrated_bp),
            prereview_required: pick_bool(|p| p.prereview_required)
                .unwrap_or(def.prereview_required),
            instructor_expected: pick_bool(|p| p.instructor_expected)
                .unwrap_or(def.instructor_expected),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn builtin_loads() {
        for text in BUILTIN {
            Regions::from_json(text).unwrap();
        }
        let r = Regions::builtin();
        assert_eq!(r.area("210200").unwrap().name(), "大连市");
    }

    #[test]
    fn dalian_history_and_inheritance() {
        let r = Regions::builtin();
        let dalian = r.area("210200").unwrap();
        assert_eq!(
            dalian.min_wage_on(d("2015-01-01")).unwrap().monthly_fen,
            90_000
        );
        let now = dalian.min_wage_on(d("2026-01-01")).unwrap();
        assert_eq!(
            (now.monthly_fen, now.hourly_fen, now.sample),
            (191_000, 1920, true)
        );
        assert!(dalian.min_wage_on(d("2000-01-01")).is_none());
        assert_eq!(dalian.guideline(2013).unwrap().base_bp, 1200);
        assert!(dalian.guideline(2014).is_none());
        let p = dalian.policy();
        assert_eq!(p.rep_max, Some(9));
        assert!(p.prereview_required && p.instructor_expected);
    }

    #[test]
    fn tiers_and_fallback() {
        let r = Regions::builtin();
        let tier3 = r.area("210900").unwrap();
        assert_eq!(
            tier3.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            158_000
        );
        let province = r.area("210000").unwrap();
        assert_eq!(
            province.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            142_000
        );
        // An unknown Dalian district falls back to Dalian.
        assert_eq!(r.area("210203").unwrap().code(), "210200");
        // An unknown Liaoning city falls back to the province.
        assert_eq!(r.area("211300").unwrap().code(), "210000");
        assert!(r.area("110000").is_none());
        assert_eq!(
            r.area("210100")
                .unwrap()
                .min_wage_on(d("2012-01-01"))
                .unwrap()
                .monthly_fen,
            110_000
        );
    }

    #[test]
    fn bad_data_is_refused() {
        assert!(Regions::from_json("[]").is_err());
        let bad = r#"{"regions":[{"code":"x1","name":"n"}]}"#;
        assert!(Regions::from_json(bad).is_err());
        let bad = r#"{"regions":[{"code":"1","name":"n","guidelines":[{"year":2020,"lower_bp":900,"base_bp":500,"upper_bp":1000}]}]}"#;
        assert!(Regions::from_json(bad).is_err());
        let looped = r#"{"regions":[{"code":"1","name":"a","parent":"2"},{"code":"2","name":"b","parent":"1"}]}"#;
        let r = Regions::from_json(looped).unwrap();
        assert_eq!(r.area("1").unwrap().policy(), Policy::default());
    }
}

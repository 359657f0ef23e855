//! Region data: minimum wages, wage guidelines and local policy settings, keyed by
//! administrative division code (e.g. `210200` 大连市).
//!
//! This module owns the shape of `templates/regions/*.json`, the built-in copy embedded in the
//! binary, and inheritance: an area without its own figure or setting takes its parent's
//! (大连市 → 辽宁省), and an unknown district code falls back to its city and province by code.
//! It does no I/O (a user's file arrives as text from the store layer) and judges nothing — the
//! rules decide what a figure means. Every shipped figure is a *sample* and says so.

use super::calendar::DataError;
use super::dossier::ContractKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A minimum wage in force from a date (LCL 55; LL 48).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MinWage {
    pub from: NaiveDate,
    pub monthly_fen: i64,
    pub hourly_fen: i64,
    /// The provincial tier (档次) this figure belongs to; `None` for a figure of the area itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    /// Sample data, or transcribed and not yet checked against the government's own notice:
    /// shown with a "not verified" label.
    #[serde(default)]
    pub sample: bool,
    /// Published by the union one level up (see [`Regions::publisher`]), not typed in here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published: bool,
    /// Where the figure comes from (a notice, a national table, a report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The date the figure took effect is not known: `from` is assumed (the national table's
    /// date, 2025-07-01), and the file must say so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_assumed: bool,
    /// Announced ahead of its date: a figure from a date after today is accepted only with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub announced: bool,
}

/// A year's government wage guideline (工资指导线, WM 8), basis points of average-wage growth.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
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

/// A year's growth rate entered for an area (CPI or labour productivity, WM 8), basis points,
/// with where it comes from. Costing uses it when the dossier has none of its own.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct YearRate {
    pub year: i32,
    pub bp: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published: bool,
}

/// Local policy settings as stored: every field optional, so a child overrides only what differs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
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
    /// OFFER-REPLY: the reply period for a request (要约), with the local rule that sets it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_period: Option<Period>,
    /// FILING-DEADLINE: the filing period after signing (every kind of contract).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_period: Option<Period>,
    /// FILING-DEADLINE for a wage agreement, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing_period_wage: Option<Period>,
    /// ROUND-MINUTES: who signs the minutes of a round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_signers: Option<Signers>,
}

impl PolicyFile {
    /// `other`'s settings over these, setting by setting: what `other` leaves out stays.
    fn merge(&mut self, other: PolicyFile) {
        fn over<T>(a: &mut Option<T>, b: Option<T>) {
            if b.is_some() {
                *a = b;
            }
        }
        over(&mut self.rep_max, other.rep_max);
        over(&mut self.women_threshold_bp, other.women_threshold_bp);
        over(&mut self.women_concentrated_bp, other.women_concentrated_bp);
        over(&mut self.prereview_required, other.prereview_required);
        over(&mut self.instructor_expected, other.instructor_expected);
        over(&mut self.reply_period, other.reply_period);
        over(&mut self.filing_period, other.filing_period);
        over(&mut self.filing_period_wage, other.filing_period_wage);
        over(&mut self.minutes_signers, other.minutes_signers);
    }
}

/// A period set by local rules: so many days, or working days, and the rule that says so.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub days: u32,
    /// Counted in working days on the holiday calendar, not calendar days.
    #[serde(default)]
    pub working_days: bool,
    /// The local rule, as it is cited (e.g. 《山东省企业工资集体协商条例》第二十六条).
    pub citation: String,
    /// The kinds of contract the rule covers (a 企业工资集体协商条例 covers wage bargaining
    /// only); absent = every kind, as files written before this field meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<ContractKind>>,
}

impl Period {
    /// Whether the rule covers a contract of `kind`.
    pub fn covers(&self, kind: ContractKind) -> bool {
        covers(self.kinds.as_deref(), kind)
    }
}

/// Whether a local rule limited to `kinds` (none = every kind) covers `kind`.
fn covers(kinds: Option<&[ContractKind]>, kind: ContractKind) -> bool {
    kinds.is_none_or(|k| k.contains(&kind))
}

/// Who signs the minutes of a round, with the local rule that says so.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Signers {
    /// `chiefs` (both chief representatives, national) or `all_present` (every representative
    /// present).
    pub who: SignedBy,
    pub citation: String,
    /// The kinds of contract the rule covers; absent = every kind (see [`Period::kinds`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<ContractKind>>,
}

impl Signers {
    /// Whether the rule covers a contract of `kind`.
    pub fn covers(&self, kind: ContractKind) -> bool {
        covers(self.kinds.as_deref(), kind)
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SignedBy {
    Chiefs,
    AllPresent,
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

/// One area as stored. In a file merged over other data only `code` is required: the area's
/// other fields are added or overridden one by one (see [`Regions::merge`]).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    /// Empty when a file gives figures for an area without naming it (the name is kept from
    /// the data it is merged over).
    #[serde(default)]
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
    /// Consumer price growth by year (entered by the user, like the guidelines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpi: Vec<YearRate>,
    /// Labour productivity growth by year.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub productivity: Vec<YearRate>,
    #[serde(default)]
    pub policy: PolicyFile,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Region {
    /// `other` (the same area, from a file read later) over this one, field by field: a
    /// guideline, CPI or productivity figure replaces the one of its year, a minimum wage the one
    /// of its date and tier, a policy setting the same setting; the name, parent, tier and note
    /// only when `other` gives them. Everything `other` does not mention stays.
    fn merge(&mut self, other: Region) {
        if !other.name.trim().is_empty() {
            self.name = other.name;
        }
        if other.parent.is_some() {
            self.parent = other.parent;
        }
        if other.tier.is_some() {
            self.tier = other.tier;
        }
        if other.note.is_some() {
            self.note = other.note;
        }
        for w in other.min_wages {
            match self
                .min_wages
                .iter_mut()
                .find(|x| x.from == w.from && x.tier == w.tier)
            {
                Some(x) => *x = w,
                None => self.min_wages.push(w),
            }
        }
        for g in other.guidelines {
            match self.guidelines.iter_mut().find(|x| x.year == g.year) {
                Some(x) => *x = g,
                None => self.guidelines.push(g),
            }
        }
        for (mine, theirs) in [
            (&mut self.cpi, other.cpi),
            (&mut self.productivity, other.productivity),
        ] {
            for y in theirs {
                match mine.iter_mut().find(|x| x.year == y.year) {
                    Some(x) => *x = y,
                    None => mine.push(y),
                }
            }
        }
        self.policy.merge(other.policy);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    regions: Vec<Region>,
    /// What the file holds and where it comes from, for people reading it.
    #[serde(default, rename = "note")]
    _note: Option<String>,
}

/// All known areas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Regions {
    by_code: BTreeMap<String, Region>,
    /// The union that published the figures marked `published` (region data fetched from the
    /// union one level up), so a message can say whose figure it judged by.
    publisher: Option<String>,
}

/// The national table first, then Liaoning's detail over it (area by area).
const BUILTIN: [&str; 2] = [
    include_str!("../../templates/regions/china-2025.json"),
    include_str!("../../templates/regions/liaoning.json"),
];

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
        let raw: serde_json::Value =
            serde_json::from_str(text).map_err(|e| DataError::Json(e.to_string()))?;
        // A figure must say from when it applies; when that is not known, the file gives the
        // date it assumes and says so (`date_assumed`), as the built-in national table does.
        let undated = raw
            .get("regions")
            .and_then(serde_json::Value::as_array)
            .into_iter()
            .flatten()
            .find_map(|r| {
                let wages = r.get("min_wages")?.as_array()?;
                wages
                    .iter()
                    .any(|w| w.get("from").is_none())
                    .then(|| r.get("code").map(ToString::to_string).unwrap_or_default())
            });
        if let Some(code) = undated {
            return Err(DataError::Inconsistent(format!(
                "{code}: a minimum wage without a date (from): give the date it applies from, with \"date_assumed\": true if that date is assumed"
            )));
        }
        let file: RegionsFile =
            serde_json::from_value(raw).map_err(|e| DataError::Json(e.to_string()))?;
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
            let p = &r.policy;
            let kinds = [
                p.reply_period
                    .as_ref()
                    .map(|x| (x.kinds.as_ref(), "reply_period")),
                p.filing_period
                    .as_ref()
                    .map(|x| (x.kinds.as_ref(), "filing_period")),
                p.filing_period_wage
                    .as_ref()
                    .map(|x| (x.kinds.as_ref(), "filing_period_wage")),
                p.minutes_signers
                    .as_ref()
                    .map(|x| (x.kinds.as_ref(), "minutes_signers")),
            ];
            if let Some((_, field)) = kinds
                .into_iter()
                .flatten()
                .find(|(k, _)| k.is_some_and(Vec::is_empty))
            {
                return Err(DataError::Inconsistent(format!(
                    "{} {field}: \"kinds\" is empty: list the kinds of contract the rule covers, or leave it out for every kind",
                    r.code
                )));
            }
            if let Some(w) = r.min_wages.iter().find(|w| w.monthly_fen <= 0) {
                return Err(DataError::Inconsistent(format!(
                    "{} minimum wage from {} is not positive",
                    r.code, w.from
                )));
            }
            if let Some(y) = r
                .cpi
                .iter()
                .chain(&r.productivity)
                .find(|y| y.bp.abs() > 10_000)
            {
                return Err(DataError::Inconsistent(format!(
                    "{} cpi/productivity {}: {} basis points is not a growth rate (100 = 1%)",
                    r.code, y.year, y.bp
                )));
            }
            match by_code.get_mut(&r.code) {
                Some(old) => Region::merge(old, r),
                None => {
                    by_code.insert(r.code.clone(), r);
                }
            }
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
            for y in r.cpi.iter_mut().chain(&mut r.productivity) {
                y.published = true;
            }
        }
        self.publisher = Some(name.to_string());
    }

    /// Who published the figures marked `published`.
    pub fn publisher(&self) -> Option<&str> {
        self.publisher.as_deref()
    }

    /// Adds areas, and merges an area both hold field by field (see [`Region::merge`]): a
    /// user's file that gives a city's guideline for a year adds that guideline and keeps the
    /// city's minimum wages, tier, parent and local procedure periods.
    pub fn merge(&mut self, other: Regions) {
        if other.publisher.is_some() {
            self.publisher = other.publisher;
        }
        for (code, r) in other.by_code {
            match self.by_code.get_mut(&code) {
                Some(old) => old.merge(r),
                None => {
                    self.by_code.insert(code, r);
                }
            }
        }
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
        Some(Area { chain, tier: None })
    }

    /// [`Regions::area`] with the tier a dossier states, used when the region data assigns the
    /// area none.
    pub fn area_with_tier(&self, code: &str, tier: Option<u8>) -> Option<Area<'_>> {
        let mut a = self.area(code)?;
        a.tier = tier;
        Some(a)
    }

    /// Figures dated after `today` that do not say they were announced ahead: each one names
    /// the area and date. A file with any of them is refused by the store.
    pub fn undeclared_future(&self, today: NaiveDate) -> Vec<String> {
        self.by_code
            .values()
            .flat_map(|r| {
                r.min_wages
                    .iter()
                    .filter(move |w| w.from > today && !w.announced)
                    .map(move |w| format!("{} {}", r.code, w.from))
            })
            .collect()
    }
}

/// An area together with its ancestors, nearest first: the view the rules use.
#[derive(Clone, Debug)]
pub struct Area<'a> {
    chain: Vec<&'a Region>,
    /// The tier the dossier states, for an area the data assigns none.
    tier: Option<u8>,
}

impl Area<'_> {
    pub fn code(&self) -> &str {
        self.chain.first().map_or("", |r| r.code.as_str())
    }

    /// The area's name; its code when no data names it.
    pub fn name(&self) -> &str {
        self.chain
            .first()
            .map_or("", |r| if r.name.is_empty() { &r.code } else { &r.name })
    }

    /// The tier that applies: the nearest one the data states, else the dossier's.
    pub fn tier(&self) -> Option<u8> {
        self.chain.iter().find_map(|r| r.tier).or(self.tier)
    }

    /// The areas from this one up, nearest first (their codes and names, for showing where a
    /// figure comes from).
    pub fn chain(&self) -> impl Iterator<Item = &Region> {
        self.chain.iter().copied()
    }

    /// The minimum wage in force on `date`, and the area whose data gave it. Among the area's own
    /// and inherited figures from on or before that date, the latest date wins; on that date the
    /// area's tier is taken from a tiered table; an area's own figure (no tier) wins over a
    /// table; without a tier (or a tier the table lacks) the lowest tier — the floor that holds
    /// anywhere in the province.
    pub fn min_wage_with_source(&self, date: NaiveDate) -> Option<(MinWage, &Region)> {
        let tier = self.tier();
        let all: Vec<(&MinWage, &Region)> = self
            .chain
            .iter()
            .flat_map(|r| r.min_wages.iter().map(move |w| (w, *r)))
            .filter(|(w, _)| w.from <= date)
            .collect();
        let latest = all.iter().map(|(w, _)| w.from).max()?;
        let on: Vec<&(&MinWage, &Region)> = all.iter().filter(|(w, _)| w.from == latest).collect();
        // Nearest area first (the chain's order is kept by the filter).
        let own = on.iter().find(|(w, _)| w.tier.is_none());
        let tiered = tier.and_then(|t| on.iter().find(|(w, _)| w.tier == Some(t)));
        let lowest = on.iter().min_by_key(|(w, _)| w.monthly_fen);
        own.or(tiered).or(lowest).map(|(w, r)| ((*w).clone(), *r))
    }

    /// The minimum wage in force on `date` (see [`Area::min_wage_with_source`]).
    pub fn min_wage_on(&self, date: NaiveDate) -> Option<MinWage> {
        self.min_wage_with_source(date).map(|(w, _)| w)
    }

    /// Every tier's figure in force on `date` from the nearest tiered table, lowest tier first.
    pub fn tiers_on(&self, date: NaiveDate) -> Vec<MinWage> {
        for r in &self.chain {
            let latest = r
                .min_wages
                .iter()
                .filter(|w| w.tier.is_some() && w.from <= date)
                .map(|w| w.from)
                .max();
            if let Some(l) = latest {
                let mut v: Vec<MinWage> = r
                    .min_wages
                    .iter()
                    .filter(|w| w.tier.is_some() && w.from == l)
                    .cloned()
                    .collect();
                v.sort_by_key(|w| w.tier);
                return v;
            }
        }
        Vec::new()
    }

    /// The local reply period for a request on a contract of `kind`, from the nearest area
    /// with a rule that covers that kind (杭州's wage-only rule gives way to 浙江's for a
    /// comprehensive contract); `None` = the national period.
    pub fn reply_period(&self, kind: ContractKind) -> Option<&Period> {
        self.chain
            .iter()
            .filter_map(|r| r.policy.reply_period.as_ref())
            .find(|p| p.covers(kind))
    }

    /// The local filing period: for a wage agreement the wage period if one is set nearer than
    /// the general one; only a rule that covers `kind`.
    pub fn filing_period(&self, kind: ContractKind) -> Option<&Period> {
        let wage = kind == ContractKind::Wage;
        self.chain.iter().find_map(|r| {
            let general = r.policy.filing_period.as_ref().filter(|p| p.covers(kind));
            if wage {
                r.policy
                    .filing_period_wage
                    .as_ref()
                    .filter(|p| p.covers(kind))
                    .or(general)
            } else {
                general
            }
        })
    }

    /// Who signs the minutes under local rules for a contract of `kind`, from the nearest area
    /// with a rule that covers it.
    pub fn minutes_signers(&self, kind: ContractKind) -> Option<&Signers> {
        self.chain
            .iter()
            .filter_map(|r| r.policy.minutes_signers.as_ref())
            .find(|s| s.covers(kind))
    }

    /// The CPI growth entered for `year`, from the nearest area that has one, with that area.
    pub fn cpi(&self, year: i32) -> Option<(&YearRate, &Region)> {
        self.chain
            .iter()
            .find_map(|r| r.cpi.iter().find(|y| y.year == year).map(|y| (y, *r)))
    }

    /// The labour productivity growth entered for `year`, from the nearest area that has one.
    pub fn productivity(&self, year: i32) -> Option<(&YearRate, &Region)> {
        self.chain.iter().find_map(|r| {
            r.productivity
                .iter()
                .find(|y| y.year == year)
                .map(|y| (y, *r))
        })
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
            (now.monthly_fen, now.hourly_fen, now.sample, now.tier),
            (223_000, 2200, true, Some(1))
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
            193_000
        );
        let province = r.area("210000").unwrap();
        assert_eq!(
            province.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            193_000
        );
        // An unknown Dalian district falls back to Dalian.
        assert_eq!(r.area("210203").unwrap().code(), "210200");
        // An unknown Liaoning city falls back to the province.
        assert_eq!(r.area("211300").unwrap().code(), "210000");
        assert!(r.area("990000").is_none());
        assert_eq!(
            r.area("210100")
                .unwrap()
                .min_wage_on(d("2012-01-01"))
                .unwrap()
                .monthly_fen,
            110_000
        );
    }

    const PROVINCES: [&str; 31] = [
        "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
        "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
        "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
        "620000", "630000", "640000", "650000",
    ];

    #[test]
    fn every_province_resolves_with_a_sourced_unverified_figure() {
        let r = Regions::builtin();
        for code in PROVINCES {
            let a = r.area(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(a.code(), code);
            let w = a
                .min_wage_on(d("2025-07-01"))
                .unwrap_or_else(|| panic!("{code}"));
            assert!(w.sample, "{code}");
            assert!(w.source.as_deref().is_some_and(|s| !s.is_empty()), "{code}");
            // A district of each province falls back to it.
            let district = format!("{}0101", &code[..2]);
            assert!(r.area(&district).is_some(), "{district}");
        }
        let bj = r
            .area("110000")
            .unwrap()
            .min_wage_on(d("2025-07-01"))
            .unwrap();
        assert_eq!(
            (bj.monthly_fen, bj.hourly_fen, bj.date_assumed),
            (242_000, 2640, true)
        );
        let sh = r
            .area("310000")
            .unwrap()
            .min_wage_on(d("2025-07-01"))
            .unwrap();
        assert_eq!(
            (sh.monthly_fen, sh.hourly_fen, sh.date_assumed),
            (274_000, 2500, false)
        );
    }

    #[test]
    fn tier_boundaries_and_dates() {
        let r = Regions::builtin();
        // 山东: no tier in the data — the lowest; a dossier's tier 2 — the second.
        let sd = r.area("370000").unwrap();
        assert_eq!(
            sd.min_wage_on(d("2025-07-01")).unwrap().monthly_fen,
            182_000
        );
        assert!(sd.min_wage_on(d("2025-06-30")).is_none());
        let sd2 = r.area_with_tier("370200", Some(2)).unwrap();
        assert_eq!(
            sd2.min_wage_on(d("2025-07-01")).unwrap().monthly_fen,
            201_000
        );
        let sd1 = r.area_with_tier("370200", Some(1)).unwrap();
        assert_eq!(sd1.min_wage_on(d("2025-07-01")).unwrap().hourly_fen, 2200);
        // A tier the table does not have: the lowest, never an older table's figure.
        let sd4 = r.area_with_tier("370200", Some(4)).unwrap();
        assert_eq!(
            sd4.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            182_000
        );
        // 安徽: four tiers until 2025-08-31, three from 2025-09-01.
        let ah1 = r.area_with_tier("340100", Some(1)).unwrap();
        assert_eq!(
            ah1.min_wage_on(d("2025-08-31")).unwrap().monthly_fen,
            206_000
        );
        assert_eq!(
            ah1.min_wage_on(d("2025-09-01")).unwrap().monthly_fen,
            232_000
        );
        let ah4 = r.area_with_tier("340100", Some(4)).unwrap();
        assert_eq!(
            ah4.min_wage_on(d("2025-08-31")).unwrap().monthly_fen,
            178_000
        );
        assert_eq!(
            ah4.min_wage_on(d("2025-09-01")).unwrap().monthly_fen,
            210_000
        );
        assert_eq!(ah4.tiers_on(d("2025-09-01")).len(), 3);
        // 辽宁: four tiers, three from 2024-05-01, new figures from 2025-12-01.
        let ln1 = r.area("210200").unwrap();
        assert_eq!(
            ln1.min_wage_on(d("2024-04-30")).unwrap().monthly_fen,
            191_000
        );
        assert_eq!(
            ln1.min_wage_on(d("2024-05-01")).unwrap().monthly_fen,
            210_000
        );
        assert_eq!(
            ln1.min_wage_on(d("2025-11-30")).unwrap().monthly_fen,
            210_000
        );
        assert_eq!(
            ln1.min_wage_on(d("2025-12-01")).unwrap().monthly_fen,
            223_000
        );
        // The data's tier wins over a dossier's.
        let dl = r.area_with_tier("210200", Some(3)).unwrap();
        assert_eq!(dl.tier(), Some(1));
        // 深圳 has its own figure from 2025-03-01, above 广东's first tier.
        let sz_area = r.area("440300").unwrap();
        let (sz, from) = sz_area.min_wage_with_source(d("2025-03-01")).unwrap();
        assert_eq!((sz.monthly_fen, from.code.as_str()), (252_000, "440300"));
        assert!(
            r.area("440300")
                .unwrap()
                .min_wage_on(d("2025-02-28"))
                .is_none()
        );
        let gd = r.area_with_tier("440100", Some(1)).unwrap();
        assert_eq!(
            gd.min_wage_on(d("2025-03-01")).unwrap().monthly_fen,
            250_000
        );
    }

    #[test]
    fn local_procedure_periods() {
        use ContractKind::{Comprehensive, Wage};
        let r = Regions::builtin();
        let p = r
            .area("370000")
            .unwrap()
            .reply_period(Wage)
            .cloned()
            .unwrap();
        assert_eq!((p.days, p.working_days), (10, false));
        let p = r
            .area("410100")
            .unwrap()
            .reply_period(Wage)
            .cloned()
            .unwrap();
        assert_eq!((p.days, p.working_days), (10, true));
        let f = r
            .area("410100")
            .unwrap()
            .filing_period(Wage)
            .cloned()
            .unwrap();
        assert_eq!((f.days, f.working_days), (5, true));
        // 上海's 集体合同条例 covers every kind.
        assert_eq!(
            r.area("310000")
                .unwrap()
                .reply_period(Comprehensive)
                .unwrap()
                .days,
            15
        );
        assert_eq!(r.area("330102").unwrap().code(), "330100");
        assert!(
            r.area("330102")
                .unwrap()
                .reply_period(Wage)
                .unwrap()
                .working_days
        );
        assert_eq!(
            r.area("370000").unwrap().minutes_signers(Wage).unwrap().who,
            SignedBy::AllPresent
        );
        // National law only: no local period.
        assert!(r.area("110000").unwrap().reply_period(Wage).is_none());
        assert!(r.area("210200").unwrap().minutes_signers(Wage).is_none());
    }

    /// The 企业工资集体协商条例 of 山东, 河南, 杭州 and 宁波 cover wage bargaining only: a
    /// comprehensive contract there takes the national rule, or the province's own rule where it
    /// covers every kind (浙江's 集体合同条例 for 杭州 and 宁波).
    #[test]
    fn a_wage_bargaining_rule_covers_wage_agreements_only() {
        use ContractKind::{Comprehensive, Safety, Wage, Women};
        let r = Regions::builtin();
        for code in ["370000", "410000", "410100"] {
            let a = r.area(code).unwrap();
            assert_eq!(a.reply_period(Wage).unwrap().days, 10, "{code}");
            assert!(a.minutes_signers(Wage).is_some(), "{code}");
            for k in [Comprehensive, Safety, Women] {
                assert!(a.reply_period(k).is_none(), "{code} {k:?}");
                assert!(a.minutes_signers(k).is_none(), "{code} {k:?}");
                assert!(a.filing_period(k).is_none(), "{code} {k:?}");
            }
        }
        for code in ["330100", "330200"] {
            let a = r.area(code).unwrap();
            assert!(
                a.reply_period(Wage)
                    .unwrap()
                    .citation
                    .contains(if code == "330100" { "杭州" } else { "宁波" })
            );
            let p = a.reply_period(Comprehensive).unwrap();
            assert_eq!(
                (p.days, p.working_days, p.citation.as_str()),
                (10, true, "《浙江省集体合同条例》（2010 年修订）")
            );
        }
    }

    /// A file written before `kinds` existed means every kind; an empty list is refused.
    #[test]
    fn kinds_absent_mean_every_kind_and_an_empty_list_is_refused() {
        use ContractKind::{Comprehensive, Wage};
        let old = r#"{"regions": [{"code": "990000", "name": "测试省",
            "policy": {"reply_period": {"days": 12, "working_days": false, "citation": "《测试省集体合同条例》"},
                       "minutes_signers": {"who": "all_present", "citation": "《测试省集体合同条例》第九条"}}}]}"#;
        let r = Regions::from_json(old).unwrap();
        let a = r.area("990000").unwrap();
        assert_eq!(a.reply_period(Comprehensive).unwrap().days, 12);
        assert_eq!(a.reply_period(Wage).unwrap().days, 12);
        assert!(a.minutes_signers(Comprehensive).is_some());
        let wage_only = old.replace(
            r#""citation": "《测试省集体合同条例》"}"#,
            r#""citation": "《测试省集体合同条例》", "kinds": ["wage", "women"]}"#,
        );
        let r = Regions::from_json(&wage_only).unwrap();
        let a = r.area("990000").unwrap();
        assert_eq!(a.reply_period(ContractKind::Women).unwrap().days, 12);
        assert!(a.reply_period(Comprehensive).is_none());
        let empty = old.replace(
            r#""citation": "《测试省集体合同条例》"}"#,
            r#""citation": "《测试省集体合同条例》", "kinds": []}"#,
        );
        let e = Regions::from_json(&empty).unwrap_err().to_string();
        assert!(
            e.contains("990000 reply_period") && e.contains("kinds"),
            "{e}"
        );
        let unknown = old.replace(
            r#""citation": "《测试省集体合同条例》"}"#,
            r#""citation": "《测试省集体合同条例》", "kinds": ["salary"]}"#,
        );
        let e = Regions::from_json(&unknown).unwrap_err().to_string();
        assert!(e.contains("salary"), "{e}");
    }

    #[test]
    fn a_future_figure_must_say_it_was_announced() {
        let text = |announced: bool| {
            format!(
                r#"{{"regions":[{{"code":"370000","name":"山东省","min_wages":[{{"from":"2027-01-01","monthly_fen":230000,"hourly_fen":2300,"announced":{announced}}}]}}]}}"#
            )
        };
        let r = Regions::from_json(&text(false)).unwrap();
        assert_eq!(
            r.undeclared_future(d("2026-12-02")),
            vec!["370000 2027-01-01".to_string()]
        );
        assert!(r.undeclared_future(d("2027-01-01")).is_empty());
        let r = Regions::from_json(&text(true)).unwrap();
        assert!(r.undeclared_future(d("2026-12-02")).is_empty());
        // A figure without a date is refused: it must give the assumed date and say so.
        let undated = r#"{"regions":[{"code":"1","name":"n","min_wages":[{"monthly_fen":1,"hourly_fen":1}]}]}"#;
        let e = Regions::from_json(undated).unwrap_err().to_string();
        assert!(e.contains("date_assumed"), "{e}");
        let assumed = r#"{"regions":[{"code":"1","name":"n","min_wages":[{"from":"2025-07-01","date_assumed":true,"monthly_fen":1,"hourly_fen":1}]}]}"#;
        assert!(
            Regions::from_json(assumed)
                .unwrap()
                .get("1")
                .unwrap()
                .min_wages[0]
                .date_assumed
        );
    }

    /// Issue #14 audit: a user's guideline for 大连 or 山东 replaced the whole built-in area —
    /// minimum wage, tier, parent and local periods were gone.
    #[test]
    fn a_users_guideline_adds_to_the_built_in_area_field_by_field() {
        use ContractKind::Wage;
        let mut r = Regions::builtin();
        r.merge(
            Regions::from_json(
                r#"{"regions":[{"code":"210200","guidelines":[{"year":2026,"lower_bp":400,"base_bp":700,"upper_bp":1000}]}]}"#,
            )
            .unwrap(),
        );
        r.merge(
            Regions::from_json(
                r#"{"regions":[{"code":"370000","name":"山东省","guidelines":[{"year":2026,"lower_bp":350,"base_bp":650,"upper_bp":950}],
                   "cpi":[{"year":2026,"bp":180,"source":"山东省统计局"}]}]}"#,
            )
            .unwrap(),
        );
        let dl = r.area("210200").unwrap();
        assert_eq!(dl.name(), "大连市");
        assert_eq!(dl.tier(), Some(1));
        assert_eq!(
            dl.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            223_000
        );
        assert_eq!(dl.guideline(2026).unwrap().base_bp, 700);
        // The built-in 2013 guideline stays beside the new year's.
        assert_eq!(dl.guideline(2013).unwrap().base_bp, 1200);
        assert_eq!(dl.policy().rep_max, Some(9));
        assert_eq!(dl.chain().count(), 2);
        let qd = r.area("370200").unwrap();
        assert_eq!(qd.code(), "370000");
        assert_eq!(
            qd.min_wage_on(d("2026-01-01")).unwrap().monthly_fen,
            182_000
        );
        assert_eq!(qd.guideline(2026).unwrap().lower_bp, 350);
        let p = qd.reply_period(Wage).unwrap();
        assert_eq!((p.days, p.working_days), (10, false));
        assert_eq!(qd.minutes_signers(Wage).unwrap().who, SignedBy::AllPresent);
        let (cpi, from) = qd.cpi(2026).unwrap();
        assert_eq!((cpi.bp, from.code.as_str()), (180, "370000"));
        assert!(qd.cpi(2025).is_none() && qd.productivity(2026).is_none());
        // A later figure of the same date and tier replaces the earlier; a setting overrides
        // only itself.
        r.merge(
            Regions::from_json(
                r#"{"regions":[{"code":"370000","min_wages":[{"from":"2025-07-01","monthly_fen":190000,"hourly_fen":1900}],
                   "policy":{"rep_max":7}}]}"#,
            )
            .unwrap(),
        );
        let sd = r.area("370000").unwrap();
        assert_eq!(sd.name(), "山东省");
        assert_eq!(
            sd.min_wage_on(d("2025-07-01")).unwrap().monthly_fen,
            190_000
        );
        assert_eq!(sd.policy().rep_max, Some(7));
        assert_eq!(sd.reply_period(Wage).unwrap().days, 10);
        assert_eq!(sd.guideline(2026).unwrap().lower_bp, 350);
    }

    /// Issue #14 audit: a `"cpi"` key (or any misspelt one) was silently ignored.
    #[test]
    fn unknown_keys_are_refused_with_the_key_named() {
        for (text, key) in [
            (r#"{"regions":[{"code":"1","name":"n","cpl":[]}]}"#, "cpl"),
            (
                r#"{"regions":[{"code":"1","name":"n","guidelines":[{"year":2026,"lower_bp":1,"base_bp":2,"upper_bp":3,"basis":1}]}]}"#,
                "basis",
            ),
            (
                r#"{"regions":[{"code":"1","name":"n","policy":{"reply_days":10}}]}"#,
                "reply_days",
            ),
            (r#"{"regions":[],"region":[]}"#, "region"),
        ] {
            let e = Regions::from_json(text).unwrap_err().to_string();
            assert!(e.contains(key), "{e}");
        }
        let ok = r#"{"note":"n","regions":[{"code":"1","name":"n","cpi":[{"year":2026,"bp":210}],"productivity":[{"year":2026,"bp":500,"source":"s"}]}]}"#;
        let r = Regions::from_json(ok).unwrap();
        assert_eq!(r.area("1").unwrap().productivity(2026).unwrap().0.bp, 500);
        let bad = r#"{"regions":[{"code":"1","name":"n","cpi":[{"year":2026,"bp":21000}]}]}"#;
        assert!(Regions::from_json(bad).is_err());
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

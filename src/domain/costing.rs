//! Costing: what each side's position costs the enterprise, in fen a month and a year.
//!
//! This module owns the preparation data costing reads (`CostingData`: last year's average
//! wage, staff covered, the wage distribution, overtime hours, on-cost rates, CPI, productivity
//! and the wage guideline as entered) and the arithmetic on it. Money is whole fen throughout
//! (`i128` in between, rounded half away from zero once, at the end), so no float ever reaches a
//! result. A figure that cannot be worked out from what was entered is [`Cost::Unknown`] with the
//! reason — never a guessed number and never 0. Pure: the service picks the round and the
//! region's guideline and hands them in.
//!
//! How an issue is costed follows from its name and its unit ([`kind_of`]): the average
//! increase and overtime rates in percent, the enterprise minimum wage in yuan a month, and any
//! other issue in yuan a month or a year as an amount per head (a yearly one a twelfth a month);
//! an allowance in percent is not costed (there is no wage it is a percentage of) and says so. An
//! issue in free text is costed as the term or allowance its name stands for. A position is read
//! by its first number (`8%`, `不低于2100元`, `1.5倍`).
//!
//! One basis for everything per head: with a wage distribution its headcount and wage bill are
//! the staff and the average wage every line is costed on (the increase and the minimum wage
//! band by band, overtime and allowances per head); a staff figure or average wage entered in
//! preparation or the agreed terms that disagrees with the distribution is not used, and is
//! returned as a [`Conflict`] for `cost`, the table's pane and `check` (COSTING-BASIS) to flag.
//! Without a distribution the entered figures are the basis.
//!
//! What a position costs is what it adds to the wage bill: an overtime rate only what it pays
//! over the statutory rate (150 %, 200 %, 300 %, LL 44), the law's own being owed anyway; a
//! summer allowance (高温津贴) only in the months it is paid ([`SUMMER_MONTHS`] a year unless the
//! dossier says otherwise), so its year is that many months, not twelve. Once an issue is agreed
//! the agreed value stands for both sides, in that round and every later one: the sides'
//! packages count it at the agreed value and it adds nothing to the gap.
//!
//! An increase is judged against CPI by subtraction (nominal − CPI, the usual approximation of
//! real growth, which the shells say is approximate) and against productivity growth as a
//! difference in percentage points.

use super::dossier::{Dossier, IssueStatus, Round, RoundIssue};
use super::issue::Unit;
use super::values::{halfwidth, leading_number_centi};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan's target for average wage growth a year (Liaoning: ≥ 10 %), basis points.
pub const TARGET_BP: i32 = 1000;
/// The months a summer allowance (高温津贴) is paid when none were entered: June to September,
/// as most provinces pay it (e.g. 辽宁, 山东); `prep --summer-months` sets the dossier's own.
pub const SUMMER_MONTHS: u8 = 4;
/// Statutory monthly working hours used to turn a monthly wage into an hourly one:
/// 21.75 days × 8 hours (劳社部发〔2008〕3号).
pub const MONTHLY_HOURS_CENTI: i128 = 17_400;

/// One band or grade of the wage distribution: how many earn what a month.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct WageBand {
    pub band: String,
    pub headcount: u32,
    pub monthly_fen: i64,
}

/// The wage guideline as entered for this dossier (basis points of average-wage growth).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuidelineBp {
    pub lower_bp: i32,
    pub base_bp: i32,
    pub upper_bp: i32,
}

/// Preparation data for costing (schema 6). Every field is optional: costing says what is
/// missing instead of assuming it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct CostingData {
    /// Last year's average wage, fen a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_wage_fen: Option<i64>,
    /// Staff covered by the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distribution: Vec<WageBand>,
    /// Overtime hours a month, all staff together, by term key (`overtime`, `overtime_rest`,
    /// `overtime_holiday`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overtime_hours: BTreeMap<String, u32>,
    /// Employer's social insurance rate, basis points of the wage bill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_insurance_bp: Option<u32>,
    /// Employer's housing fund rate, basis points of the wage bill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housing_fund_bp: Option<u32>,
    /// Consumer price index growth, basis points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpi_bp: Option<i32>,
    /// Labour productivity growth, basis points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub productivity_bp: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guideline: Option<GuidelineBp>,
    /// Where the guideline, CPI and productivity figures come from (a notice, a bureau's table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The minimum-wage tier (档次) of the enterprise's area, when the region data does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    /// The months a year a summer allowance (高温津贴) is paid; [`SUMMER_MONTHS`] when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summer_months: Option<u8>,
}

impl CostingData {
    pub fn is_empty(&self) -> bool {
        *self == CostingData::default()
    }
}

/// Why a figure is unknown.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// The side has no position on the issue.
    Position,
    /// The position has no number in it.
    Figure,
    AvgWage,
    Staff,
    /// A minimum wage is costed only from the wage distribution.
    Distribution,
    /// Overtime is costed only when the hours are entered.
    Hours,
    /// The issue is not one costing understands.
    NotCostable,
    /// A percentage allowance: it is a percentage of a wage costing does not know per head.
    Base,
}

impl Missing {
    pub fn key(self) -> &'static str {
        match self {
            Missing::Position => "position",
            Missing::Figure => "figure",
            Missing::AvgWage => "avg_wage",
            Missing::Staff => "staff",
            Missing::Distribution => "distribution",
            Missing::Hours => "hours",
            Missing::NotCostable => "not_costable",
            Missing::Base => "base",
        }
    }
}

/// A cost a month and a year; employer on-costs on their own lines when a rate was entered.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Money {
    pub monthly_fen: i64,
    pub yearly_fen: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_insurance_monthly_fen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub housing_fund_monthly_fen: Option<i64>,
    /// The on-costs a year: twelve months' but for a summer allowance (paid in the hot months).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_insurance_yearly_fen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub housing_fund_yearly_fen: Option<i64>,
}

impl Money {
    /// `monthly_fen` a month for `months` months of the year (12 but for a summer allowance).
    fn new(monthly_fen: i64, months: u8, basis: &Basis) -> Self {
        let on = |rate: Option<u32>, fen: i64| {
            rate.map(|r| round_div(i128::from(fen) * i128::from(r), 10_000))
        };
        let yearly_fen = monthly_fen.saturating_mul(i64::from(months));
        Money {
            monthly_fen,
            yearly_fen,
            social_insurance_monthly_fen: on(basis.social_insurance_bp, monthly_fen),
            housing_fund_monthly_fen: on(basis.housing_fund_bp, monthly_fen),
            social_insurance_yearly_fen: on(basis.social_insurance_bp, yearly_fen),
            housing_fund_yearly_fen: on(basis.housing_fund_bp, yearly_fen),
        }
    }

    /// The on-costs together, a year (`None` when no rate was entered).
    pub fn oncost_yearly_fen(&self) -> Option<i64> {
        match (
            self.social_insurance_yearly_fen,
            self.housing_fund_yearly_fen,
        ) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        }
    }

    /// The on-costs together, a month (0 when no rate was entered).
    pub fn oncost_monthly_fen(&self) -> Option<i64> {
        match (
            self.social_insurance_monthly_fen,
            self.housing_fund_monthly_fen,
        ) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        }
    }

    fn plus(self, other: Money) -> Money {
        let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0).saturating_add(b.unwrap_or(0))),
        };
        Money {
            monthly_fen: self.monthly_fen.saturating_add(other.monthly_fen),
            yearly_fen: self.yearly_fen.saturating_add(other.yearly_fen),
            social_insurance_monthly_fen: add(
                self.social_insurance_monthly_fen,
                other.social_insurance_monthly_fen,
            ),
            housing_fund_monthly_fen: add(
                self.housing_fund_monthly_fen,
                other.housing_fund_monthly_fen,
            ),
            social_insurance_yearly_fen: add(
                self.social_insurance_yearly_fen,
                other.social_insurance_yearly_fen,
            ),
            housing_fund_yearly_fen: add(
                self.housing_fund_yearly_fen,
                other.housing_fund_yearly_fen,
            ),
        }
    }

    fn minus(self, other: Money) -> Money {
        let sub = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(a), Some(b)) => Some(a.saturating_sub(b)),
            _ => None,
        };
        Money {
            monthly_fen: self.monthly_fen.saturating_sub(other.monthly_fen),
            yearly_fen: self.yearly_fen.saturating_sub(other.yearly_fen),
            social_insurance_monthly_fen: sub(
                self.social_insurance_monthly_fen,
                other.social_insurance_monthly_fen,
            ),
            housing_fund_monthly_fen: sub(
                self.housing_fund_monthly_fen,
                other.housing_fund_monthly_fen,
            ),
            social_insurance_yearly_fen: sub(
                self.social_insurance_yearly_fen,
                other.social_insurance_yearly_fen,
            ),
            housing_fund_yearly_fen: sub(
                self.housing_fund_yearly_fen,
                other.housing_fund_yearly_fen,
            ),
        }
    }
}

/// A costed figure, or why there is none.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Cost {
    Known(Money),
    Unknown { missing: Missing },
}

impl Cost {
    pub fn known(&self) -> Option<Money> {
        match self {
            Cost::Known(m) => Some(*m),
            Cost::Unknown { .. } => None,
        }
    }

    fn unknown(missing: Missing) -> Self {
        Cost::Unknown { missing }
    }
}

/// Where a figure costing works from was taken: the preparation data, the agreed terms (last
/// year's average wage, staff covered), the wage distribution, or the enterprise's details.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Preparation,
    Terms,
    Distribution,
    Enterprise,
}

impl Origin {
    pub fn key(self) -> &'static str {
        match self {
            Origin::Preparation => "preparation",
            Origin::Terms => "terms",
            Origin::Distribution => "distribution",
            Origin::Enterprise => "enterprise",
        }
    }
}

/// The average wage and staff costing used, each with where it came from, so a figure taken
/// from the agreed terms is never mistaken for one entered in preparation.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct BasisUsed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avg_wage_fen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avg_wage_from: Option<Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staff_from: Option<Origin>,
    /// True when increases and minimum wages are costed band by band on the distribution.
    pub distribution: bool,
    /// The CPI and productivity growth the increase is judged against, and where each came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpi_bp: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpi_from: Option<RateFrom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub productivity_bp: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub productivity_from: Option<RateFrom>,
    /// Figures entered that disagree with the distribution the costing rests on instead.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The months a year a summer allowance is costed for.
    pub summer_months: u8,
}

/// A staff figure or average wage entered (in preparation or the agreed terms) that the wage
/// distribution contradicts. With a distribution the costing rests on it alone (its headcount
/// and wage bill), so the entered figure is not used — and is flagged, never silently mixed.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// `staff` (people) or `avg_wage` (fen a month).
    pub what: ConflictKind,
    pub entered: i64,
    pub from: Origin,
    /// The distribution's figure, the one used.
    pub used: i64,
}

/// What a [`Conflict`] is about.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    Staff,
    AvgWage,
}

impl ConflictKind {
    pub fn key(self) -> &'static str {
        match self {
            ConflictKind::Staff => "staff",
            ConflictKind::AvgWage => "avg_wage",
        }
    }
}

/// How far an average wage entered may be from the distribution's (fen) before it is flagged: a
/// yuan, as an average is typically entered in whole yuan.
pub const AVG_WAGE_TOLERANCE_FEN: i64 = 100;

/// What costing works from, resolved from the dossier (and the region's guideline) by
/// [`Basis::of`].
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Basis {
    pub avg_wage_fen: Option<i64>,
    pub staff: Option<u32>,
    /// Where `avg_wage_fen` and `staff` came from (`None` when they are not known).
    pub avg_wage_from: Option<Origin>,
    pub staff_from: Option<Origin>,
    pub distribution: Vec<WageBand>,
    pub overtime_hours: BTreeMap<String, u32>,
    pub social_insurance_bp: Option<u32>,
    pub housing_fund_bp: Option<u32>,
    pub cpi_bp: Option<i32>,
    pub productivity_bp: Option<i32>,
    pub guideline: Option<GuidelineBp>,
    /// Where `cpi_bp` and `productivity_bp` came from (`None` when not known).
    pub cpi_from: Option<RateFrom>,
    pub productivity_from: Option<RateFrom>,
    /// Figures entered that the distribution contradicts (see [`Conflict`]).
    pub conflicts: Vec<Conflict>,
    /// The months a year a summer allowance is paid (`None`: [`SUMMER_MONTHS`]).
    pub summer_months: Option<u8>,
}

/// A CPI or productivity figure in the region data: the area whose data gave it and the source
/// the data names.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct RegionRate {
    pub bp: i32,
    pub area: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Where a CPI or productivity figure costing used was taken.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum RateFrom {
    /// Entered for the dossier in preparation.
    Preparation,
    /// The region data's figure for the year: the area that gave it and its source.
    Region {
        area: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
    },
}

/// What the region data gives costing for the year: its guideline, CPI and productivity.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RegionFigures {
    pub guideline: Option<GuidelineBp>,
    pub cpi: Option<RegionRate>,
    pub productivity: Option<RegionRate>,
}

/// The dossier's own rate if entered, else the region's, with where it came from.
fn rate(own: Option<i32>, region: Option<&RegionRate>) -> (Option<i32>, Option<RateFrom>) {
    match (own, region) {
        (Some(v), _) => (Some(v), Some(RateFrom::Preparation)),
        (None, Some(r)) => (
            Some(r.bp),
            Some(RateFrom::Region {
                area: r.area.clone(),
                source: r.source.clone(),
            }),
        ),
        (None, None) => (None, None),
    }
}

impl Basis {
    /// The basis for `d`. With a wage distribution, it alone gives the staff (its headcount)
    /// and the average wage (its wage bill over its headcount), for everything costed per head
    /// (allowances and overtime too); a staff figure or average wage entered in preparation or
    /// the agreed terms that disagrees with it is not used but recorded in `conflicts`, so the
    /// shells flag it. Without one: the preparation data first, else the agreed terms' last-year
    /// average wage and staff covered, else (staff) the enterprise's. The region's guideline,
    /// CPI and productivity are used for each the dossier has none of (the dossier's own entry
    /// wins).
    pub fn of(d: &Dossier, region: &RegionFigures) -> Self {
        let c = &d.preparation.costing;
        let heads: u64 = c.distribution.iter().map(|b| u64::from(b.headcount)).sum();
        let payroll: i128 = c
            .distribution
            .iter()
            .map(|b| i128::from(b.headcount) * i128::from(b.monthly_fen))
            .sum();
        let entered_avg = first(&[
            (c.avg_wage_fen, Origin::Preparation),
            (d.terms.last_year_avg_wage_fen, Origin::Terms),
        ]);
        let entered_staff = first(&[
            (c.staff, Origin::Preparation),
            (d.terms.staff_covered, Origin::Terms),
        ]);
        let mut conflicts = Vec::new();
        let ((avg_wage_fen, avg_wage_from), (staff, staff_from)) = if c.distribution.is_empty() {
            (
                entered_avg,
                first(&[
                    (c.staff, Origin::Preparation),
                    (d.terms.staff_covered, Origin::Terms),
                    (d.enterprise.staff, Origin::Enterprise),
                ]),
            )
        } else {
            let dist_staff = u32::try_from(heads).unwrap_or(u32::MAX);
            let dist_avg = (heads > 0).then(|| round_div(payroll, i128::from(heads)));
            if let (Some(v), Some(from)) = entered_staff
                && v != dist_staff
            {
                conflicts.push(Conflict {
                    what: ConflictKind::Staff,
                    entered: i64::from(v),
                    from,
                    used: i64::from(dist_staff),
                });
            }
            if let ((Some(v), Some(from)), Some(used)) = (entered_avg, dist_avg)
                && (v - used).abs() > AVG_WAGE_TOLERANCE_FEN
            {
                conflicts.push(Conflict {
                    what: ConflictKind::AvgWage,
                    entered: v,
                    from,
                    used,
                });
            }
            (
                (dist_avg, dist_avg.map(|_| Origin::Distribution)),
                (Some(dist_staff), Some(Origin::Distribution)),
            )
        };
        Basis {
            avg_wage_fen,
            staff,
            avg_wage_from,
            staff_from,
            distribution: c.distribution.clone(),
            overtime_hours: c.overtime_hours.clone(),
            social_insurance_bp: c.social_insurance_bp,
            housing_fund_bp: c.housing_fund_bp,
            cpi_bp: rate(c.cpi_bp, region.cpi.as_ref()).0,
            productivity_bp: rate(c.productivity_bp, region.productivity.as_ref()).0,
            guideline: c.guideline.or(region.guideline),
            cpi_from: rate(c.cpi_bp, region.cpi.as_ref()).1,
            productivity_from: rate(c.productivity_bp, region.productivity.as_ref()).1,
            conflicts,
            summer_months: c.summer_months,
        }
    }

    /// The months a year a summer allowance is paid.
    pub fn summer_months(&self) -> u8 {
        self.summer_months.unwrap_or(SUMMER_MONTHS)
    }

    /// The average wage and staff used, with their origins.
    pub fn used(&self) -> BasisUsed {
        BasisUsed {
            avg_wage_fen: self.avg_wage_fen,
            avg_wage_from: self.avg_wage_from,
            staff: self.staff,
            staff_from: self.staff_from,
            distribution: !self.distribution.is_empty(),
            cpi_bp: self.cpi_bp,
            cpi_from: self.cpi_from.clone(),
            productivity_bp: self.productivity_bp,
            productivity_from: self.productivity_from.clone(),
            conflicts: self.conflicts.clone(),
            summer_months: self.summer_months(),
        }
    }

    /// How much of an increase of `increase_bp` and a minimum wage of `min_fen` a month overlap
    /// on the distribution: the people below the new minimum get the increase too, so the
    /// package costs each of them max(raised wage, new minimum) − current wage, not the increase
    /// plus the uplift. Returns the separate costs' sum minus that combined cost (≥ 0 for an
    /// increase ≥ 0), each rounded as the issue lines round it; `None` without a distribution.
    pub fn overlap(&self, increase_bp: i64, min_fen: i64) -> Option<i64> {
        if self.distribution.is_empty() {
            return None;
        }
        let increase = self.monthly(Kind::Increase, increase_bp).ok()?;
        let uplift = self.monthly(Kind::MinWage, min_fen).ok()?;
        let (bp, min) = (i128::from(increase_bp), i128::from(min_fen));
        // In fen × 10 000, so the raised wage is exact before the one rounding.
        let combined: i128 = self
            .distribution
            .iter()
            .map(|b| {
                let w = i128::from(b.monthly_fen);
                let raised = w * (10_000 + bp);
                i128::from(b.headcount) * (raised.max(min * 10_000) - w * 10_000)
            })
            .sum();
        let combined = round_div(combined, 10_000);
        Some(increase.saturating_add(uplift).saturating_sub(combined))
    }

    /// The monthly wage bill an increase applies to: the distribution's when there is one
    /// (exact), else average × staff.
    fn payroll(&self) -> Result<i128, Missing> {
        if !self.distribution.is_empty() {
            return Ok(self
                .distribution
                .iter()
                .map(|b| i128::from(b.headcount) * i128::from(b.monthly_fen))
                .sum());
        }
        let avg = self.avg_wage_fen.ok_or(Missing::AvgWage)?;
        let staff = self.staff.ok_or(Missing::Staff)?;
        Ok(i128::from(avg) * i128::from(staff))
    }

    /// The monthly cost of `value` on an issue costed as `kind` (see [`kind_of`]; `None`: not
    /// costable).
    pub fn cost(&self, kind: Option<Kind>, value: Option<&str>) -> Cost {
        let Some(kind) = kind else {
            return Cost::unknown(Missing::NotCostable);
        };
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            return Cost::unknown(Missing::Position);
        };
        let Some(n) = figure(kind, value) else {
            return Cost::unknown(Missing::Figure);
        };
        let months = if kind == Kind::SummerAllowance {
            self.summer_months()
        } else {
            12
        };
        match self.monthly(kind, n) {
            Ok(m) => Cost::Known(Money::new(m, months, self)),
            Err(missing) => Cost::unknown(missing),
        }
    }

    fn monthly(&self, kind: Kind, n: i64) -> Result<i64, Missing> {
        let n = i128::from(n);
        match kind {
            Kind::Increase => Ok(round_div(self.payroll()? * n, 10_000)),
            Kind::MinWage => {
                if self.distribution.is_empty() {
                    return Err(Missing::Distribution);
                }
                let uplift: i128 = self
                    .distribution
                    .iter()
                    .filter(|b| i128::from(b.monthly_fen) < n)
                    .map(|b| i128::from(b.headcount) * (n - i128::from(b.monthly_fen)))
                    .sum();
                Ok(clamp(uplift))
            }
            Kind::Overtime(key) => {
                let hours = *self.overtime_hours.get(key).ok_or(Missing::Hours)?;
                let avg = self.avg_wage_fen.ok_or(Missing::AvgWage)?;
                // Only what the rate pays over the statutory one: the legal floor is owed
                // whatever is agreed, so it is no cost of a position (and a rate below it costs
                // nothing — CONTENT-OVERTIME flags it).
                let over = (n - i128::from(overtime_floor_bp(key))).max(0);
                // avg / 174 h × hours × rate: one division at the end keeps the fen exact.
                Ok(round_div(
                    i128::from(avg) * i128::from(hours) * over * 100,
                    MONTHLY_HOURS_CENTI * 10_000,
                ))
            }
            Kind::PerHeadMonth | Kind::SummerAllowance => {
                let staff = self.staff.ok_or(Missing::Staff)?;
                Ok(clamp(n * i128::from(staff)))
            }
            // A twelfth of the year's amount a month, rounded once.
            Kind::PerHeadYear => {
                let staff = self.staff.ok_or(Missing::Staff)?;
                Ok(round_div(n * i128::from(staff), 12))
            }
            Kind::PercentAllowance => Err(Missing::Base),
        }
    }

    /// How an increase of `bp` stands against the guideline, prices, productivity and target.
    pub fn judge_increase(&self, bp: i32) -> IncreaseCheck {
        IncreaseCheck {
            increase_bp: bp,
            real_bp: self.cpi_bp.map(|c| bp - c),
            guideline: self.guideline.map(|g| {
                if bp < g.lower_bp {
                    Band::BelowLower
                } else if bp < g.base_bp {
                    Band::LowerToBase
                } else if bp <= g.upper_bp {
                    Band::BaseToUpper
                } else {
                    Band::AboveUpper
                }
            }),
            over_productivity_bp: self.productivity_bp.map(|p| bp - p),
            meets_target: bp >= TARGET_BP,
        }
    }
}

/// The first known value of `options`, with where it came from.
fn first<T: Copy>(options: &[(Option<T>, Origin)]) -> (Option<T>, Option<Origin>) {
    options
        .iter()
        .find_map(|(v, o)| v.map(|v| (Some(v), Some(*o))))
        .unwrap_or((None, None))
}

/// Where an increase falls against the wage guideline.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    BelowLower,
    LowerToBase,
    BaseToUpper,
    AboveUpper,
}

impl Band {
    pub fn key(self) -> &'static str {
        match self {
            Band::BelowLower => "below_lower",
            Band::LowerToBase => "lower_to_base",
            Band::BaseToUpper => "base_to_upper",
            Band::AboveUpper => "above_upper",
        }
    }
}

/// An increase compared with the guideline, CPI (real growth), productivity and the 10 % target.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct IncreaseCheck {
    pub increase_bp: i32,
    /// Nominal minus CPI; `None` without a CPI.
    pub real_bp: Option<i32>,
    pub guideline: Option<Band>,
    /// Increase minus productivity growth.
    pub over_productivity_bp: Option<i32>,
    pub meets_target: bool,
}

/// One issue costed: each side's position, the agreed value and the gap (workers − employer).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct IssueCost {
    pub key: String,
    /// How it was costed (`None`: not costable).
    pub kind: Option<Kind>,
    pub status: IssueStatus,
    /// The positions as typed (sanitised), for showing beside their cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub employer_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_text: Option<String>,
    pub workers: Cost,
    pub employer: Cost,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Cost>,
    pub gap: Cost,
    /// For `increase`: each side's figure judged (workers, employer, agreed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub increase: Vec<(String, IncreaseCheck)>,
}

/// A package: the sum of the known costs, and which issues could not be costed.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Total {
    /// The known costs added up (less the overlap); `None` when no issue of the package could be
    /// costed — unknown, never 0.
    pub money: Option<Money>,
    pub unknown: Vec<String>,
    /// How many issues the package holds (costed or not).
    pub issues: usize,
    /// What `money` has had taken off: the overlap of the average increase and the minimum-wage
    /// uplift (with a distribution, when the package holds both). The issue lines keep the
    /// separate figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap: Option<Money>,
}

/// The costing of one round: its issues, and the packages over every issue up to it (each
/// issue's latest state). Package totals add the issues up, less the overlap of an increase and
/// a minimum wage when the distribution lets it be worked out (see [`Basis::overlap`]).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Costing {
    pub round: Option<u32>,
    /// The average wage and staff the figures rest on, and where each came from.
    pub basis: BasisUsed,
    pub issues: Vec<IssueCost>,
    pub workers: Total,
    pub employer: Total,
    pub agreed: Total,
    /// The workers' package less the employer's, over the issues whose cost is known for both
    /// sides (each side netted as its package is); `None` when there is no such issue.
    pub gap: Option<Money>,
    /// The issues left out of the gap: one side's cost is unknown (or it has no position).
    pub gap_excluded: Vec<String>,
    /// Every issue of the packages costed for both sides: the gap covers the whole package.
    pub complete: bool,
}

/// How an issue is costed: worked out from its name and unit by [`kind_of`].
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The average increase, a percentage of the wage bill.
    Increase,
    /// The enterprise minimum wage, yuan a month: the uplift of everyone below it.
    MinWage,
    /// An overtime rate, by its term key (`overtime`, `overtime_rest`, `overtime_holiday`).
    Overtime(&'static str),
    /// An amount per head a month.
    PerHeadMonth,
    /// A summer allowance (高温津贴, 防暑降温费) per head a month, paid in the hot months only:
    /// a year is [`Basis::summer_months`] months of it.
    SummerAllowance,
    /// An amount per head a year: a twelfth of it a month.
    PerHeadYear,
    /// An allowance as a percentage: of a wage costing does not know per head, so unknown.
    PercentAllowance,
}

/// Costs `issue` (its positions as they stand) on `basis`, as its name and unit say.
pub fn cost_issue(basis: &Basis, issue: &RoundIssue) -> IssueCost {
    let kind = kind_of(&issue.key, issue.unit());
    let workers = basis.cost(kind, issue.workers.as_deref());
    let employer = basis.cost(kind, issue.employer.as_deref());
    let agreed =
        (issue.status == IssueStatus::Agreed).then(|| basis.cost(kind, issue.agreed.as_deref()));
    let gap = match (workers, employer) {
        // Agreed: the agreed value stands for both sides, there is no gap left.
        _ if agreed.is_some() => Cost::Known(Money::new(0, 12, basis)),
        (Cost::Known(w), Cost::Known(e)) => Cost::Known(w.minus(e)),
        (Cost::Unknown { missing }, _) | (_, Cost::Unknown { missing }) => {
            Cost::Unknown { missing }
        }
    };
    let mut increase = Vec::new();
    if kind == Some(Kind::Increase) {
        let sides = [
            ("workers", issue.workers.as_deref()),
            ("employer", issue.employer.as_deref()),
            (
                "agreed",
                issue
                    .agreed
                    .as_deref()
                    .filter(|_| issue.status == IssueStatus::Agreed),
            ),
        ];
        for (who, v) in sides {
            if let Some(bp) = v.and_then(|v| figure(Kind::Increase, v)) {
                increase.push((
                    who.to_string(),
                    basis.judge_increase(i32::try_from(bp).unwrap_or(i32::MAX)),
                ));
            }
        }
    }
    let shown = |v: Option<&String>| v.map(|v| crate::text::sanitize_line(v));
    IssueCost {
        key: issue.key.clone(),
        kind,
        status: issue.status,
        workers_text: shown(issue.workers.as_ref()),
        employer_text: shown(issue.employer.as_ref()),
        agreed_text: shown(
            issue
                .agreed
                .as_ref()
                .filter(|_| issue.status == IssueStatus::Agreed),
        ),
        workers,
        employer,
        agreed,
        gap,
        increase,
    }
}

/// Costs round `round` (its number) of `rounds`, or the last round when `None`.
pub fn cost_round(basis: &Basis, rounds: &[Round], round: Option<u32>) -> Costing {
    let upto: Vec<&Round> = rounds
        .iter()
        .filter(|r| round.is_none_or(|n| r.number <= n))
        .collect();
    let this = upto.last().copied();
    let issues: Vec<IssueCost> = this
        .map(|r| {
            r.issues
                .iter()
                .filter(|i| is_costable(i))
                .map(|i| cost_issue(basis, i))
                .collect()
        })
        .unwrap_or_default();
    // Each issue's latest state across the rounds so far.
    let mut latest: BTreeMap<&str, &RoundIssue> = BTreeMap::new();
    for r in &upto {
        for i in &r.issues {
            latest.insert(i.key.as_str(), i);
        }
    }
    // Each costable issue of the packages: its key, its costs (workers, employer, agreed) and
    // the figures an overlap is worked out from.
    let mut lines: Vec<Line> = Vec::new();
    for (key, i) in latest {
        if !is_costable(i) || i.status == IssueStatus::Withdrawn {
            continue;
        }
        let c = cost_issue(basis, i);
        let kind = kind_of(key, i.unit());
        let agreed_value = i
            .agreed
            .as_deref()
            .filter(|_| i.status == IssueStatus::Agreed);
        let fig = |v: Option<&str>| kind.zip(v).and_then(|(k, v)| figure(k, v));
        // An agreed issue is costed at the agreed value in every package, the sides' too: from
        // the agreement on it is what both stand on (in later rounds as well), so it adds
        // nothing to the gap.
        let (costs, figures) = match c.agreed {
            Some(a) => ([Some(a); 3], [fig(agreed_value); 3]),
            None => (
                [Some(c.workers), Some(c.employer), None],
                [fig(i.workers.as_deref()), fig(i.employer.as_deref()), None],
            ),
        };
        lines.push(Line {
            key,
            kind,
            costs,
            figures,
        });
    }
    let total = |n: usize| package(basis, &lines, n, |_| true);
    let (workers, employer, agreed) = (total(0), total(1), total(2));
    // The gap: both packages over the issues costed on both sides.
    let both = |l: &Line| matches!(l.costs, [Some(Cost::Known(_)), Some(Cost::Known(_)), _]);
    let gap_excluded: Vec<String> = lines
        .iter()
        .filter(|l| !both(l))
        .map(|l| l.key.to_string())
        .collect();
    let (w, e) = (
        package(basis, &lines, 0, both).money,
        package(basis, &lines, 1, both).money,
    );
    let gap = w.zip(e).map(|(w, e)| w.minus(e));
    Costing {
        round: this.map(|r| r.number),
        basis: basis.used(),
        issues,
        workers,
        employer,
        agreed,
        gap,
        complete: gap_excluded.is_empty(),
        gap_excluded,
    }
}

/// One issue of the packages, costed.
struct Line<'a> {
    key: &'a str,
    kind: Option<Kind>,
    /// Workers, employer, agreed (`None`: not agreed).
    costs: [Option<Cost>; 3],
    /// The figure of each position, in the issue's unit.
    figures: [Option<i64>; 3],
}

/// Side `n`'s package (0 workers, 1 employer, 2 agreed) over the lines `keep` takes: the known
/// costs added up, less the overlap of its increase and minimum wage when both are costed.
fn package(basis: &Basis, lines: &[Line<'_>], n: usize, keep: impl Fn(&Line<'_>) -> bool) -> Total {
    let mut t = Total::default();
    let (mut inc, mut min) = (None, None);
    for l in lines.iter().filter(|l| keep(l)) {
        let Some(cost) = l.costs[n] else { continue };
        t.issues += 1;
        match cost {
            Cost::Known(m) => {
                t.money = Some(t.money.map_or(m, |s| s.plus(m)));
                match l.kind {
                    Some(Kind::Increase) if inc.is_none() => inc = l.figures[n],
                    Some(Kind::MinWage) if min.is_none() => min = l.figures[n],
                    _ => {}
                }
            }
            Cost::Unknown { .. } => t.unknown.push(l.key.to_string()),
        }
    }
    if let (Some(inc), Some(min), Some(sum)) = (inc, min, t.money)
        && let Some(o) = basis.overlap(inc, min)
    {
        let o = Money::new(o, 12, basis);
        t.money = Some(sum.minus(o));
        t.overlap = Some(o);
    }
    t
}

/// The statutory overtime rate (LL 44) under an overtime term, basis points.
fn overtime_floor_bp(key: &str) -> u32 {
    let law = match key {
        "overtime_rest" => "rest_day",
        "overtime_holiday" => "holiday",
        _ => "extended",
    };
    super::rules::terms::OVERTIME_FLOORS_BP
        .iter()
        .find(|(k, _)| *k == law)
        .map_or(0, |&(_, bp)| bp)
}

/// Whether an issue named `name` is a summer allowance, paid in the hot months only.
pub fn is_summer(name: &str) -> bool {
    let n = halfwidth(name).to_lowercase();
    [
        "高温",
        "防暑降温",
        "high-temperature",
        "high temperature",
        "heat allowance",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// Whether `issue` can be costed at all (see [`kind_of`]).
pub fn is_costable(issue: &RoundIssue) -> bool {
    kind_of(&issue.key, issue.unit()).is_some()
}

/// How an issue named `key` whose positions are in `unit` is costed, if at all:
/// - percent: the average increase and overtime rates (named after their terms); an allowance
///   (`allowance.…`, `…津贴`, `…补贴`) in percent is [`Kind::PercentAllowance`] — unknown, for
///   want of the wage it is a percentage of; any other percentage is not costable;
/// - yuan a month: the enterprise minimum wage; any other issue (but last year's average wage,
///   which is data, not a position) an amount per head a month;
/// - yuan a year: an amount per head a year (last year's average wage and the minimum wage are
///   not costable so);
/// - days: not costable;
/// - text: the term or allowance its name stands for, read by its first number (an issue
///   recorded before issues had units, or typed as text), the allowance per head a month.
pub fn kind_of(key: &str, unit: Unit) -> Option<Kind> {
    const OVERTIME: [&str; 3] = ["overtime", "overtime_rest", "overtime_holiday"];
    let known =
        |k: &str| matches!(k, "increase" | "min_wage" | "last_avg_wage") || OVERTIME.contains(&k);
    let term = if known(key) {
        Some(key)
    } else {
        super::issue::term_of(key).filter(|t| known(t))
    };
    let overtime = term.and_then(|t| OVERTIME.into_iter().find(|o| *o == t));
    let name = key.trim();
    let allowance = name
        .strip_prefix("allowance.")
        .is_some_and(|n| !n.trim().is_empty())
        || name.ends_with("津贴")
        || name.ends_with("补贴");
    match unit {
        Unit::Percent => match (term, overtime) {
            (Some("increase"), _) => Some(Kind::Increase),
            (_, Some(o)) => Some(Kind::Overtime(o)),
            _ => allowance.then_some(Kind::PercentAllowance),
        },
        Unit::YuanMonth => match term {
            Some("min_wage") => Some(Kind::MinWage),
            Some("last_avg_wage") => None,
            _ if is_summer(name) => Some(Kind::SummerAllowance),
            _ => Some(Kind::PerHeadMonth),
        },
        Unit::YuanYear => match term {
            Some("min_wage" | "last_avg_wage") => None,
            _ => Some(Kind::PerHeadYear),
        },
        Unit::Days => None,
        Unit::Text => match (term, overtime) {
            (Some("increase"), _) => Some(Kind::Increase),
            (Some("min_wage"), _) => Some(Kind::MinWage),
            (_, Some(o)) => Some(Kind::Overtime(o)),
            _ if allowance && is_summer(name) => Some(Kind::SummerAllowance),
            _ => allowance.then_some(Kind::PerHeadMonth),
        },
    }
}

/// The number in a position, in the issue's unit: basis points for rates (`8%` → 800; `1.5倍`
/// → 15000), fen for money (`2100元` → 210000). `None` when there is none, or a negative money
/// figure or rate (only an increase may be negative: a cut).
pub fn figure(kind: Kind, value: &str) -> Option<i64> {
    let centi = leading_number_centi(value)?;
    let times = halfwidth(value).contains('倍');
    let n = if times {
        centi.checked_mul(100)?
    } else {
        centi
    };
    if kind != Kind::Increase && n < 0 {
        return None;
    }
    Some(n)
}

/// `n / d` rounded half away from zero, clamped to `i64` (d > 0).
pub fn round_div(n: i128, d: i128) -> i64 {
    let q = n / d;
    let r = n % d;
    let q = if 2 * r.abs() >= d { q + n.signum() } else { q };
    clamp(q)
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

/// A figure as a spreadsheet may save it, its thousands grouped (`"2,000"`, `"1,234.50"`):
/// the separators taken out when they are every three digits; anything else as it was.
fn ungrouped(v: &str) -> String {
    let t = halfwidth(v).trim().to_string();
    let (int, frac) = t
        .split_once('.')
        .map_or((t.as_str(), None), |(i, f)| (i, Some(f)));
    match super::registry::without_thousands(int) {
        Some(digits) => match frac {
            Some(f) => format!("{digits}.{f}"),
            None => digits,
        },
        None => t,
    }
}

/// What is wrong with a line of a wage distribution. The cell's text is the user's, kept as
/// typed (sanitised where it is shown); the service says the problem in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BandProblem {
    /// A quoted cell is never closed.
    Quote,
    /// The header names no band, headcount or wage column.
    Header,
    /// The band's name is empty.
    Band,
    /// The headcount is not a whole number of people.
    Headcount(String),
    /// The wage is not an amount of money.
    Wage(String),
    /// There are no bands under the header.
    Empty,
}

impl BandProblem {
    /// The locale key of the problem (`costing.csv.<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            BandProblem::Quote => "quote",
            BandProblem::Header => "header",
            BandProblem::Band => "band",
            BandProblem::Headcount(_) => "headcount",
            BandProblem::Wage(_) => "wage",
            BandProblem::Empty => "empty",
        }
    }

    /// The cell the problem is in, if it is one cell's value.
    pub fn value(&self) -> Option<&str> {
        match self {
            BandProblem::Headcount(v) | BandProblem::Wage(v) => Some(v),
            _ => None,
        }
    }
}

/// Parses a wage distribution from CSV text: a header line naming the columns (band/档次/岗级,
/// headcount/人数, wage/月工资), then one line per band. Cells are read as CSV (a quoted cell may
/// hold commas: `"2,000"` is 2000). Every bad line is named, with its number (from 1, the header
/// being line 1).
pub fn parse_distribution(text: &str) -> Result<Vec<WageBand>, Vec<(usize, BandProblem)>> {
    let (records, quoting) = super::registry::records(text);
    if let Some(e) = quoting.kept.first() {
        return Err(vec![(e.row, BandProblem::Quote)]);
    }
    let mut lines = records
        .into_iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .map(|r| (r.row - 1, r.cells));
    let Some((_, header)) = lines.next() else {
        return Err(vec![(1, BandProblem::Empty)]);
    };
    let cols: Vec<String> = header
        .iter()
        .map(|c| halfwidth(c).trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| cols.iter().position(|c| names.contains(&c.as_str()));
    let (Some(bc), Some(hc), Some(wc)) = (
        find(&["band", "grade", "档次", "岗级", "职级", "工资档次"]),
        find(&["headcount", "人数", "职工人数"]),
        find(&["wage", "monthly_wage", "月工资", "工资", "月平均工资"]),
    ) else {
        return Err(vec![(1, BandProblem::Header)]);
    };
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, f) in lines {
        let get = |c: usize| f.get(c).map_or("", |v| v.trim());
        let band = crate::text::sanitize_line(get(bc));
        let heads =
            crate::domain::values::parse_count("headcount", &ungrouped(get(hc)), 10_000_000);
        let wage = crate::domain::values::parse_money_fen("wage", &ungrouped(get(wc)));
        match (band.is_empty(), heads, wage) {
            (false, Ok(headcount), Ok(monthly_fen)) => out.push(WageBand {
                band,
                headcount,
                monthly_fen,
            }),
            (true, _, _) => bad.push((i + 1, BandProblem::Band)),
            (_, Err(_), _) => bad.push((i + 1, BandProblem::Headcount(get(hc).to_string()))),
            (_, _, Err(_)) => bad.push((i + 1, BandProblem::Wage(get(wc).to_string()))),
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    if out.is_empty() {
        return Err(vec![(2, BandProblem::Empty)]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::RoundIssue;

    /// 420 staff in four bands; 37 (12 + 25) earn less than 2300 yuan.
    fn distribution() -> Vec<WageBand> {
        let band = |b: &str, headcount, monthly_fen| WageBand {
            band: b.to_string(),
            headcount,
            monthly_fen,
        };
        vec![
            band("学徒工", 12, 200_000),
            band("普工一级", 25, 215_000),
            band("普工二级", 183, 300_000),
            band("技术岗", 200, 450_000),
        ]
    }

    fn issue(key: &str, w: Option<&str>, e: Option<&str>) -> RoundIssue {
        RoundIssue {
            key: key.to_string(),
            workers: w.map(str::to_string),
            employer: e.map(str::to_string),
            status: IssueStatus::Open,
            agreed: None,
            unit: None,
        }
    }

    /// How an issue recorded without a unit is costed (its unit found from its name).
    fn k(key: &str) -> Option<Kind> {
        kind_of(key, crate::domain::issue::unit_of(key))
    }

    fn monthly(c: Cost) -> Option<i64> {
        c.known().map(|m| m.monthly_fen)
    }

    /// Issues named in words are costed as the terms they name (issue #12's typed issues).
    #[test]
    fn issues_named_after_terms_are_costed_as_them() {
        assert_eq!(k("平均工资增长"), Some(Kind::Increase));
        assert_eq!(k("企业最低工资"), Some(Kind::MinWage));
        // A summer allowance: paid in the hot months only.
        assert_eq!(k("高温津贴"), Some(Kind::SummerAllowance));
        assert_eq!(k("交通补贴"), Some(Kind::PerHeadMonth));
        assert_eq!(k("加班工资基数"), None);
        assert_eq!(k("劳动合同期限"), None);
    }

    fn typed(key: &str, unit: Unit, w: Option<&str>, e: Option<&str>) -> RoundIssue {
        RoundIssue {
            unit: Some(unit),
            ..issue(key, w, e)
        }
    }

    /// Issue #14 audit: the unit an issue was typed in was ignored — a yearly amount was costed
    /// as monthly, a percentage allowance as yuan, a yuan issue not named …津贴 not at all.
    #[test]
    fn costing_follows_the_issue_unit() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(100),
            ..Basis::default()
        };
        // 1200 yuan a year a head: 1200 / 12 × 100 = 10,000 yuan a month, 120,000 a year.
        let c = cost_issue(
            &b,
            &typed("交通补贴", Unit::YuanYear, Some("1200元"), Some("600元")),
        );
        assert_eq!(c.kind, Some(Kind::PerHeadYear));
        assert_eq!(
            c.workers.known().map(|m| (m.monthly_fen, m.yearly_fen)),
            Some((1_000_000, 12_000_000))
        );
        assert_eq!(monthly(c.gap), Some(500_000));
        // A percentage allowance: unknown, and why.
        let c = cost_issue(
            &b,
            &typed("allowance.餐补", Unit::Percent, Some("5%"), None),
        );
        assert_eq!(
            c.workers,
            Cost::Unknown {
                missing: Missing::Base
            }
        );
        // Any issue in yuan a month is an amount per head: 300 × 100 = 30,000 yuan.
        let c = cost_issue(&b, &typed("餐费", Unit::YuanMonth, Some("300元"), None));
        assert_eq!(monthly(c.workers), Some(3_000_000));
        // A yearly amount is rounded to the fen once: 1000.01 × 7 / 12 = 583.339… → 583.34.
        let seven = Basis {
            staff: Some(7),
            ..Basis::default()
        };
        assert_eq!(
            monthly(seven.cost(Some(Kind::PerHeadYear), Some("1000.01元"))),
            Some(58_334)
        );
        // Not costable: days, last year's wage (data, not a position), a percentage of nothing.
        assert_eq!(kind_of("年休假", Unit::Days), None);
        assert_eq!(kind_of("last_avg_wage", Unit::YuanMonth), None);
        assert_eq!(kind_of("绩效比例", Unit::Percent), None);
        assert_eq!(kind_of("平均工资增长", Unit::Percent), Some(Kind::Increase));
        assert_eq!(
            kind_of("企业最低工资", Unit::YuanMonth),
            Some(Kind::MinWage)
        );
        assert_eq!(
            kind_of("overtime_rest", Unit::Percent),
            Some(Kind::Overtime("overtime_rest"))
        );
        // An allowance typed as text (or recorded before units) is read by its first number.
        assert_eq!(kind_of("高温津贴", Unit::Text), Some(Kind::SummerAllowance));
        assert_eq!(kind_of("交通补贴", Unit::Text), Some(Kind::PerHeadMonth));
        assert_eq!(kind_of("餐费", Unit::Text), None);
    }

    /// Issue #14 audit: a side with no position counted as 0 in the package and the gap.
    #[test]
    fn the_package_gap_counts_only_issues_costed_for_both_sides() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(100),
            ..Basis::default()
        };
        // Only the employer has a position (5 %): the workers' package is unknown, and so is
        // the gap — not −25,000.
        let c = cost_round(
            &b,
            &[round_of(vec![issue("increase", None, Some("5%"))])],
            None,
        );
        assert_eq!(c.workers.money, None);
        assert_eq!(c.workers.unknown, vec!["increase".to_string()]);
        assert_eq!(c.employer.money.map(|m| m.monthly_fen), Some(2_500_000));
        assert_eq!(c.gap, None);
        assert_eq!(c.gap_excluded, vec!["increase".to_string()]);
        assert!(!c.complete);
        // With a per-head issue both sides costed, the gap is over that issue only:
        // 300 − 200 = 100 yuan × 100 = 10,000 yuan a month.
        let meal = typed("餐费", Unit::YuanMonth, Some("300"), Some("200"));
        let c = cost_round(
            &b,
            &[round_of(vec![
                issue("increase", None, Some("5%")),
                meal.clone(),
            ])],
            None,
        );
        assert_eq!(c.workers.money.map(|m| m.monthly_fen), Some(3_000_000));
        assert_eq!(c.employer.money.map(|m| m.monthly_fen), Some(4_500_000));
        assert_eq!(
            c.gap.map(|m| (m.monthly_fen, m.yearly_fen)),
            Some((1_000_000, 12_000_000))
        );
        assert_eq!(c.gap_excluded, vec!["increase".to_string()]);
        assert!(!c.complete);
        // Both sides on both issues: 8 % = 40,000 + 30,000 against 25,000 + 20,000.
        let c = cost_round(
            &b,
            &[round_of(vec![
                issue("increase", Some("8%"), Some("5%")),
                meal,
            ])],
            None,
        );
        assert_eq!(c.gap.map(|m| m.monthly_fen), Some(2_500_000));
        assert!(c.complete && c.gap_excluded.is_empty());
    }

    #[test]
    fn a_minimum_wage_lifts_the_37_below_it() {
        let b = Basis {
            distribution: distribution(),
            ..Basis::default()
        };
        // 12 × (2300 − 2000) + 25 × (2300 − 2150) = 3600 + 3750 = 7350 yuan a month.
        let c = cost_issue(&b, &issue("min_wage", Some("2300元"), Some("不低于2200")));
        assert_eq!(
            c.workers,
            Cost::Known(Money {
                monthly_fen: 735_000,
                yearly_fen: 8_820_000,
                social_insurance_monthly_fen: None,
                housing_fund_monthly_fen: None,
                social_insurance_yearly_fen: None,
                housing_fund_yearly_fen: None,
            })
        );
        // 12 × 200 + 25 × 50 = 3650 yuan.
        assert_eq!(monthly(c.employer), Some(365_000));
        assert_eq!(monthly(c.gap), Some(370_000));
        // Nobody below 2000: nothing to lift.
        assert_eq!(monthly(b.cost(k("min_wage"), Some("2000"))), Some(0));
    }

    #[test]
    fn the_increase_on_the_distribution_with_on_costs_on_their_own_lines() {
        let b = Basis {
            distribution: distribution(),
            social_insurance_bp: Some(1600),
            housing_fund_bp: Some(1200),
            ..Basis::default()
        };
        // Wage bill 1,526,750 yuan a month; 8 % = 122,140; 5 % = 76,337.50.
        let c = cost_issue(&b, &issue("increase", Some("8%"), Some("5%")));
        assert_eq!(
            c.workers,
            Cost::Known(Money {
                monthly_fen: 12_214_000,
                yearly_fen: 146_568_000,
                social_insurance_monthly_fen: Some(1_954_240),
                housing_fund_monthly_fen: Some(1_465_680),
                // 146,568,000 × 16 % and × 12 %.
                social_insurance_yearly_fen: Some(23_450_880),
                housing_fund_yearly_fen: Some(17_588_160),
            })
        );
        assert_eq!(monthly(c.employer), Some(7_633_750));
        assert_eq!(c.gap.known().map(|m| m.yearly_fen), Some(54_963_000));
    }

    #[test]
    fn fen_are_rounded_half_away_from_zero_once() {
        let b = Basis {
            avg_wage_fen: Some(543_210),
            staff: Some(3),
            ..Basis::default()
        };
        // 5432.10 × 3 × 3.33 % = 542.66679 yuan → 542.67.
        assert_eq!(monthly(b.cost(k("increase"), Some("3.33%"))), Some(54_267));
        let b = Basis {
            avg_wage_fen: Some(3000),
            staff: Some(1),
            ..Basis::default()
        };
        // 30 yuan × 0.05 % = 1.5 fen → 2; a cut of the same → −2.
        assert_eq!(monthly(b.cost(k("increase"), Some("0.05%"))), Some(2));
        assert_eq!(monthly(b.cost(k("increase"), Some("-0.05%"))), Some(-2));
        let mut hours = BTreeMap::new();
        hours.insert("overtime".to_string(), 10);
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(1),
            overtime_hours: hours,
            ..Basis::default()
        };
        // Only what is paid over the statutory 150 %: 5000 / 174 h × 50 % × 10 h =
        // 143.678… yuan → 143.68; the statutory rate itself (or less) adds nothing.
        assert_eq!(monthly(b.cost(k("overtime"), Some("200%"))), Some(14_368));
        assert_eq!(monthly(b.cost(k("overtime"), Some("2倍"))), Some(14_368));
        assert_eq!(monthly(b.cost(k("overtime"), Some("150%"))), Some(0));
        assert_eq!(monthly(b.cost(k("overtime"), Some("1.5倍"))), Some(0));
        assert_eq!(monthly(b.cost(k("overtime"), Some("120%"))), Some(0));
    }

    #[test]
    fn a_zero_staff_dossier_costs_nothing_and_missing_data_is_unknown() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(0),
            ..Basis::default()
        };
        assert_eq!(monthly(b.cost(k("increase"), Some("8%"))), Some(0));
        assert_eq!(
            monthly(b.cost(k("allowance.高温津贴"), Some("200"))),
            Some(0)
        );
        let none = Basis::default();
        let unknown = |m| Cost::Unknown { missing: m };
        assert_eq!(
            none.cost(k("increase"), Some("8%")),
            unknown(Missing::AvgWage)
        );
        assert_eq!(
            none.cost(k("min_wage"), Some("2300")),
            unknown(Missing::Distribution)
        );
        assert_eq!(
            none.cost(k("overtime"), Some("150%")),
            unknown(Missing::Hours)
        );
        assert_eq!(b.cost(k("increase"), None), unknown(Missing::Position));
        assert_eq!(
            b.cost(k("increase"), Some("维持现状")),
            unknown(Missing::Figure)
        );
        assert_eq!(
            b.cost(k("holidays"), Some("5")),
            unknown(Missing::NotCostable)
        );
        let half = Basis {
            avg_wage_fen: Some(500_000),
            ..Basis::default()
        };
        assert_eq!(
            half.cost(k("increase"), Some("8%")),
            unknown(Missing::Staff)
        );
        // A gap with one side unknown is unknown, never the other side's figure.
        let c = cost_issue(&none, &issue("increase", Some("8%"), Some("5%")));
        assert_eq!(c.gap, unknown(Missing::AvgWage));
    }

    #[test]
    fn the_package_and_the_increase_judged() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(100),
            cpi_bp: Some(210),
            productivity_bp: Some(500),
            guideline: Some(GuidelineBp {
                lower_bp: 400,
                base_bp: 700,
                upper_bp: 1000,
            }),
            ..Basis::default()
        };
        let mut agreed = issue("increase", Some("8%"), Some("6%"));
        agreed.status = IssueStatus::Agreed;
        agreed.agreed = Some("7%".to_string());
        let round = Round {
            number: 2,
            date: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            place: None,
            chair: super::super::dossier::Side::Workers,
            attendance: Vec::new(),
            issues: vec![
                agreed,
                issue("allowance.高温津贴", Some("300"), Some("200")),
                issue("min_wage", Some("2300"), None),
            ],
            notes: String::new(),
            minutes_signed: false,
            state: crate::domain::dossier::RoundState::Open,
        };
        let c = cost_round(&b, &[round], None);
        assert_eq!(c.round, Some(2));
        // The increase is agreed at 7 %: that stands for both sides, 7 % of 5,000 × 100 =
        // 35,000, and the issue has no gap.
        assert_eq!(monthly(c.issues[0].gap), Some(0));
        // Workers: 35,000 + 300 × 100 = 30,000 → 65,000 yuan a month.
        assert_eq!(c.workers.money.unwrap().monthly_fen, 6_500_000);
        // A year: 35,000 × 12 = 420,000 + the summer allowance for 4 months, 120,000.
        assert_eq!(c.workers.money.unwrap().yearly_fen, 54_000_000);
        assert_eq!(c.workers.unknown, vec!["min_wage".to_string()]);
        // Employer: 35,000 + 20,000 = 55,000; the gap is the allowance's alone: 10,000 a
        // month, for 4 months 40,000 a year.
        assert_eq!(c.employer.money.unwrap().monthly_fen, 5_500_000);
        assert_eq!(c.gap.unwrap().monthly_fen, 1_000_000);
        assert_eq!(c.gap.unwrap().yearly_fen, 4_000_000);
        // Agreed: 7 % = 35,000.
        assert_eq!(c.agreed.money.unwrap().monthly_fen, 3_500_000);
        assert_eq!((c.agreed.issues, c.workers.issues), (1, 3));
        let checks = &c.issues[0].increase;
        assert_eq!(
            checks[0],
            (
                "workers".to_string(),
                IncreaseCheck {
                    increase_bp: 800,
                    real_bp: Some(590),
                    guideline: Some(Band::BaseToUpper),
                    over_productivity_bp: Some(300),
                    meets_target: false,
                }
            )
        );
        assert_eq!(checks[1].1.guideline, Some(Band::LowerToBase));
        assert_eq!(checks[2].0, "agreed");
        assert_eq!(b.judge_increase(1100).guideline, Some(Band::AboveUpper));
        assert!(b.judge_increase(1000).meets_target);
        assert_eq!(b.judge_increase(300).guideline, Some(Band::BelowLower));
    }

    #[test]
    fn an_earlier_round_is_costed_with_the_packages_as_they_stood_then() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(10),
            ..Basis::default()
        };
        let round = |n: u32, w: &str, e: &str| Round {
            number: n,
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, n).unwrap(),
            place: None,
            chair: super::super::dossier::Side::Workers,
            attendance: Vec::new(),
            issues: vec![issue("increase", Some(w), Some(e))],
            notes: String::new(),
            minutes_signed: true,
            state: crate::domain::dossier::RoundState::Open,
        };
        let rounds = [round(1, "8%", "3%"), round(2, "7%", "5%")];
        // Round 1: 8 % and 3 % of 50,000 yuan: 4,000 and 1,500; the gap 2,500.
        let c = cost_round(&b, &rounds, Some(1));
        assert_eq!((c.round, c.gap.unwrap().monthly_fen), (Some(1), 250_000));
        // The last round: 3,500 and 2,500; the gap 1,000.
        let c = cost_round(&b, &rounds, None);
        assert_eq!((c.round, c.gap.unwrap().monthly_fen), (Some(2), 100_000));
        assert_eq!(cost_round(&b, &[], None).round, None);
    }

    fn round_of(issues: Vec<RoundIssue>) -> Round {
        Round {
            number: 1,
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            place: None,
            chair: super::super::dossier::Side::Workers,
            attendance: Vec::new(),
            issues,
            notes: String::new(),
            minutes_signed: false,
            state: crate::domain::dossier::RoundState::Open,
        }
    }

    /// The people below the new minimum get the increase too: the package counts each of them
    /// once, at max(raised wage, new minimum) − current wage.
    #[test]
    fn the_package_nets_the_overlap_of_increase_and_minimum_wage() {
        let b = Basis {
            distribution: distribution(),
            ..Basis::default()
        };
        // Workers, 8 % and 2300: 学徒工 2000 → 2160, lifted to 2300: 300 a head, not 160 + 300;
        // 普工一级 2150 → 2322, above 2300: 172 a head, not 172 + 150. Overlap 12 × 160 +
        // 25 × 150 = 1,920 + 3,750 = 5,670 yuan a month.
        assert_eq!(b.overlap(800, 230_000), Some(567_000));
        // Employer, 5 % and 2200: 2000 → 2100 (lifted: 12 × 100 overlap), 2150 → 2257.50
        // (25 × 50 overlap): 1,200 + 1,250 = 2,450 yuan.
        assert_eq!(b.overlap(500, 220_000), Some(245_000));
        // A minimum nobody is below overlaps nothing; without a distribution it is not known.
        assert_eq!(b.overlap(800, 150_000), Some(0));
        assert_eq!(Basis::default().overlap(800, 230_000), None);

        let mut agreed_min = issue("min_wage", Some("2300元"), Some("2200"));
        agreed_min.status = IssueStatus::Agreed;
        agreed_min.agreed = Some("2250".to_string());
        let r = round_of(vec![issue("increase", Some("8%"), Some("5%")), agreed_min]);
        let c = cost_round(&b, &[r], None);
        // Separate lines stay: 122,140 and 7,350 (workers).
        assert_eq!(monthly(c.issues[0].workers), Some(12_214_000));
        assert_eq!(monthly(c.issues[1].workers), Some(735_000));
        // The minimum wage is agreed at 2250: both packages count it so (12 × 250 + 25 × 100 =
        // 5,500). Workers, 8 % and 2250: 2000 → 2160 lifted to 2250 (12 × 160 overlap), 2150 →
        // 2322 (25 × 100 overlap): 1,920 + 2,500 = 4,420. The package: 122,140 + 5,500 −
        // 4,420 = 123,220 a month, 1,478,640 a year.
        assert_eq!(c.workers.money.unwrap().monthly_fen, 12_322_000);
        assert_eq!(c.workers.money.unwrap().yearly_fen, 147_864_000);
        assert_eq!(c.workers.overlap.map(|m| m.monthly_fen), Some(442_000));
        // Employer, 5 % and 2250: 2000 → 2100 lifted (12 × 100), 2150 → 2257.50 (25 × 100):
        // 3,700 overlap; 76,337.50 + 5,500 − 3,700 = 78,137.50.
        assert_eq!(c.employer.money.unwrap().monthly_fen, 7_813_750);
        // The gap between netted packages: 45,082.50 a month.
        assert_eq!(c.gap.unwrap().monthly_fen, 4_508_250);
        // Agreed: only the minimum wage (2250: 12 × 250 + 25 × 100 = 5,500), nothing to net.
        assert_eq!(c.agreed.money.unwrap().monthly_fen, 550_000);
        assert_eq!(c.agreed.overlap, None);
    }

    #[test]
    fn without_a_distribution_nothing_is_netted() {
        let b = Basis {
            avg_wage_fen: Some(500_000),
            staff: Some(100),
            ..Basis::default()
        };
        let r = round_of(vec![
            issue("increase", Some("8%"), Some("5%")),
            issue("min_wage", Some("2300"), Some("2200")),
        ]);
        let c = cost_round(&b, &[r], None);
        // 8 % of 500,000 = 40,000 yuan; the minimum wage is not counted, nothing netted.
        assert_eq!(c.workers.money.unwrap().monthly_fen, 4_000_000);
        assert_eq!(c.workers.overlap, None);
        assert_eq!(c.workers.unknown, vec!["min_wage".to_string()]);
        assert!(!c.basis.distribution);
    }

    /// Preparation first, else the agreed terms, else the distribution (staff: else the
    /// enterprise); each figure says where it came from.
    #[test]
    fn the_basis_says_where_each_figure_comes_from() {
        use super::super::dossier::{ContractKind, Enterprise};
        let mut d = Dossier::new(
            "2026-001".into(),
            ContractKind::Wage,
            Enterprise {
                name: "大连华信精密机械有限公司".into(),
                region: "210200".into(),
                staff: Some(430),
                ..Enterprise::default()
            },
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        let b = Basis::of(&d, &RegionFigures::default());
        assert_eq!(
            b.used(),
            BasisUsed {
                avg_wage_fen: None,
                avg_wage_from: None,
                staff: Some(430),
                staff_from: Some(Origin::Enterprise),
                distribution: false,
                summer_months: SUMMER_MONTHS,
                ..BasisUsed::default()
            }
        );
        d.terms.last_year_avg_wage_fen = Some(685_000);
        d.terms.staff_covered = Some(420);
        let b = Basis::of(&d, &RegionFigures::default());
        assert_eq!(
            (b.avg_wage_fen, b.avg_wage_from, b.staff, b.staff_from),
            (
                Some(685_000),
                Some(Origin::Terms),
                Some(420),
                Some(Origin::Terms)
            )
        );
        // 6,850 × 420 × 6.5 % = 187,005 yuan a month.
        assert_eq!(
            monthly(b.cost(k("increase"), Some("6.5%"))),
            Some(18_700_500)
        );
        d.preparation.costing.avg_wage_fen = Some(700_000);
        let b = Basis::of(&d, &RegionFigures::default());
        assert_eq!(
            (b.avg_wage_from, b.staff_from),
            (Some(Origin::Preparation), Some(Origin::Terms))
        );
        d.terms = super::super::dossier::AgreedTerms::default();
        d.preparation.costing.avg_wage_fen = None;
        d.preparation.costing.distribution = distribution();
        let b = Basis::of(&d, &RegionFigures::default());
        // 1,526,750 / 420 = 3,635.119… → 3,635.12.
        assert_eq!(
            (b.avg_wage_fen, b.avg_wage_from, b.staff, b.staff_from),
            (
                Some(363_512),
                Some(Origin::Distribution),
                Some(420),
                Some(Origin::Distribution)
            )
        );
    }

    /// Costing audit 5: `prep --staff 150` with a distribution of 420 costed the increase on
    /// the 420 and the allowances on the 150. The distribution is the one basis; the entered
    /// figures that disagree with it are returned to be flagged.
    #[test]
    fn a_distribution_is_the_one_basis_and_figures_against_it_are_flagged() {
        use super::super::dossier::{ContractKind, Enterprise};
        let mut d = Dossier::new(
            "2026-001".into(),
            ContractKind::Wage,
            Enterprise::default(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        d.preparation.costing.staff = Some(150);
        d.preparation.costing.avg_wage_fen = Some(500_000);
        d.preparation.costing.distribution = distribution();
        let b = Basis::of(&d, &RegionFigures::default());
        // 1,526,750 yuan over 420 people: 3,635.12 a head.
        assert_eq!(
            (b.staff, b.staff_from, b.avg_wage_fen, b.avg_wage_from),
            (
                Some(420),
                Some(Origin::Distribution),
                Some(363_512),
                Some(Origin::Distribution)
            )
        );
        assert_eq!(
            b.conflicts,
            vec![
                Conflict {
                    what: ConflictKind::Staff,
                    entered: 150,
                    from: Origin::Preparation,
                    used: 420
                },
                Conflict {
                    what: ConflictKind::AvgWage,
                    entered: 500_000,
                    from: Origin::Preparation,
                    used: 363_512
                }
            ]
        );
        // Allowances per head on the 420 too: 300 × 420 = 126,000 yuan a month.
        assert_eq!(
            monthly(b.cost(Some(Kind::PerHeadMonth), Some("300元"))),
            Some(12_600_000)
        );
        // Figures that agree (within a yuan for the average) are no conflict.
        d.preparation.costing.staff = Some(420);
        d.preparation.costing.avg_wage_fen = Some(363_500);
        assert!(
            Basis::of(&d, &RegionFigures::default())
                .conflicts
                .is_empty()
        );
    }

    #[test]
    fn a_distribution_is_read_from_csv_with_every_bad_line_named() {
        let ok = "档次,人数,月工资\n学徒工,12,2000\n普工一级,25,2150.00\n";
        let d = parse_distribution(ok).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].monthly_fen, 215_000);
        let bad = "band,headcount,wage\nA,x,2000\nB,3,-1\n";
        assert_eq!(
            parse_distribution(bad).unwrap_err(),
            vec![
                (2, BandProblem::Headcount("x".to_string())),
                (3, BandProblem::Wage("-1".to_string()))
            ]
        );
        assert!(parse_distribution("a,b,c\n1,2,3\n").is_err());
    }

    /// Issue #14 audit: a quoted `"2,000"` (as a spreadsheet saves a grouped figure) was split at
    /// its comma and refused.
    #[test]
    fn a_distribution_takes_quoted_cells_and_grouped_figures() {
        let text = "档次,人数,月工资\r\n\"学徒工, 一年级\",\"1,200\",\"2,000\"\r\n技术岗,200,\"4,500.50\"\r\n";
        let d = parse_distribution(text).unwrap();
        assert_eq!(d[0].band, "学徒工, 一年级");
        assert_eq!((d[0].headcount, d[0].monthly_fen), (1200, 200_000));
        assert_eq!(d[1].monthly_fen, 450_050);
        // A headcount whose commas are not every three digits is no grouped figure: refused,
        // naming the line.
        let bad = "档次,人数,月工资\nA,\"1,20\",2000\n";
        assert_eq!(
            parse_distribution(bad).unwrap_err(),
            vec![(2, BandProblem::Headcount("1,20".to_string()))]
        );
        assert_eq!(
            parse_distribution("档次,人数,月工资\nA,12,\"2000\n").unwrap_err(),
            vec![(2, BandProblem::Quote)]
        );
    }
}

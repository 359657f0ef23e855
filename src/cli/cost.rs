//! `xieshang cost ID [--round N] [--json]`, the costing options of `prep` (average wage, staff,
//! CPI, guideline, on-cost rates, overtime hours, tier, `--distribution FILE.csv`), and
//! `xieshang region list | show CODE [--on DATE]`.

use super::CliError;
use super::out::outln;
use crate::domain::values::parse_date;
use crate::i18n::trf;
use crate::service::Service;
use crate::service::costing::{
    basis_line, conflict_lines, issue_lines, package_lines, package_notes,
};
use crate::service::{Fact, region as region_view};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// The costing data `prep` records (each becomes a `key=value` pair of the costing fact).
#[derive(Args, Debug, Default)]
pub(crate) struct PrepCostingArgs {
    /// Last year's average monthly wage, yuan.
    #[arg(long)]
    pub avg_wage: Option<String>,
    /// Staff covered by the agreement.
    #[arg(long)]
    pub staff: Option<String>,
    /// CPI growth, percent (e.g. 2.1%).
    #[arg(long, allow_hyphen_values = true)]
    pub cpi: Option<String>,
    /// Labour productivity growth, percent.
    #[arg(long, allow_hyphen_values = true)]
    pub productivity: Option<String>,
    /// The wage guideline LOWER/BASE/UPPER, percent (e.g. 4/7/10).
    #[arg(long, allow_hyphen_values = true)]
    pub guideline: Option<String>,
    /// Where the guideline, CPI and productivity figures come from.
    #[arg(long)]
    pub source: Option<String>,
    /// Employer's social insurance rate, percent of the wage bill.
    #[arg(long)]
    pub social_insurance: Option<String>,
    /// Employer's housing fund rate, percent of the wage bill.
    #[arg(long)]
    pub housing_fund: Option<String>,
    /// Overtime hours a month on extended hours, all staff together.
    #[arg(long)]
    pub overtime_hours: Option<String>,
    /// Overtime hours a month on rest days, all staff together.
    #[arg(long)]
    pub rest_day_hours: Option<String>,
    /// Overtime hours a month on statutory holidays, all staff together.
    #[arg(long)]
    pub holiday_hours: Option<String>,
    /// The minimum-wage tier (档次) of the enterprise's area, when the region data has none.
    #[arg(long)]
    pub tier: Option<String>,
    /// The months a year the summer allowance (高温津贴) is paid (default 4: June to September).
    #[arg(long)]
    pub summer_months: Option<String>,
    /// The wage distribution, CSV: band, headcount, monthly wage (UTF-8 or GBK).
    #[arg(long, value_name = "FILE.csv")]
    pub distribution: Option<PathBuf>,
}

impl PrepCostingArgs {
    fn pairs(&self) -> Vec<(String, String)> {
        let all = [
            ("avg_wage", &self.avg_wage),
            ("staff", &self.staff),
            ("cpi", &self.cpi),
            ("productivity", &self.productivity),
            ("guideline", &self.guideline),
            ("source", &self.source),
            ("social_insurance", &self.social_insurance),
            ("housing_fund", &self.housing_fund),
            ("hours.overtime", &self.overtime_hours),
            ("hours.overtime_rest", &self.rest_day_hours),
            ("hours.overtime_holiday", &self.holiday_hours),
            ("tier", &self.tier),
            ("summer_months", &self.summer_months),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
            .collect()
    }

    /// True when any costing option was given.
    pub(crate) fn any(&self) -> bool {
        self.distribution.is_some() || !self.pairs().is_empty()
    }
}

/// Records the costing options of `prep`: the pairs as one fact, the distribution as another
/// (read and checked before anything is recorded).
pub(crate) fn prep_costing(
    svc: &mut Service,
    id: &str,
    a: &PrepCostingArgs,
) -> Result<(), CliError> {
    let bands = a
        .distribution
        .as_deref()
        .map(|p| svc.read_distribution(p))
        .transpose()?;
    let pairs = a.pairs();
    if !pairs.is_empty() {
        super::procedure::apply(svc, id, &Fact::Costing(pairs))?;
    }
    if let Some(bands) = bands {
        super::procedure::apply(svc, id, &Fact::Distribution(bands))?;
    }
    Ok(())
}

/// `xieshang cost ID [--round N] [--json]`.
pub(crate) fn cost(
    svc: &Service,
    id: &str,
    round: Option<u32>,
    json: bool,
) -> Result<(), CliError> {
    let (d, c) = svc.costing(id, round)?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&c).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let l = svc.lang();
    let mut out = vec![match c.round {
        Some(n) => trf(
            l,
            "costing.title",
            &[("id", &d.id), ("round", &n.to_string())],
        ),
        None => trf(l, "costing.no_round", &[("id", &d.id)]),
    }];
    if c.round.is_some() {
        out.push(basis_line(l, &c.basis));
        out.extend(conflict_lines(l, &c.basis));
    }
    for i in &c.issues {
        out.extend(issue_lines(l, i, c.basis.summer_months));
    }
    if c.round.is_some() {
        out.extend(package_lines(l, &c));
        out.extend(package_notes(l, &c));
    }
    outln!("{}", out.join("\n"))?;
    Ok(())
}

/// `xieshang region …`.
#[derive(Subcommand, Debug)]
pub(crate) enum RegionAction {
    /// Every provincial-level region (and the areas with their own data): the figures in force.
    List {
        /// The date to look up (default: today).
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One area: which minimum wage applies on a date, by tier, and where each figure comes from.
    Show {
        /// Administrative division code, e.g. 370000 or 210200.
        code: String,
        /// The date to look up (default: today).
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn region(svc: &Service, action: &RegionAction) -> Result<(), CliError> {
    let l = svc.lang();
    match action {
        RegionAction::List { on, json } => {
            let on = on.as_deref().map(|s| parse_date("--on", s)).transpose()?;
            let rows = svc.region_list(on)?;
            if *json {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(anyhow::Error::from)?
                )?;
            } else {
                let lines = region_view::list_lines(l, &rows);
                outln!("{}", lines.join("\n"))?;
            }
        }
        RegionAction::Show { code, on, json } => {
            let on = on.as_deref().map(|s| parse_date("--on", s)).transpose()?;
            let shown = svc.region_show(code, on)?;
            if *json {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&shown).map_err(anyhow::Error::from)?
                )?;
            } else {
                outln!("{}", region_view::show_lines(l, &shown).join("\n"))?;
            }
        }
    }
    Ok(())
}

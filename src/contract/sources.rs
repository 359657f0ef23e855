//! Where a template variable's value comes from when a draft is made from a template: the
//! agreed terms first, else the issues agreed at the table (a term issue by the term its name
//! stands for, allowances by name), else the preparation's data (last year's average wage,
//! staff covered), else the enterprise's details (its staff). Pure: the same dossier gives the
//! same values, each with its origin so the user is told which value came from where.

use super::template::{Value, standard_value};
use crate::domain::Dossier;
use crate::domain::dossier::{IssueStatus, RoundIssue};
use crate::domain::issue::{Unit, term_of};
use crate::domain::values::format_fen;
use crate::text::sanitize_line;
use std::collections::BTreeMap;

/// Where a filled value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueFrom {
    /// The agreed terms (`terms ID key=value`).
    Terms,
    /// An issue agreed at the table (its latest round).
    Table,
    /// The preparation's costing data.
    Preparation,
    /// The enterprise's details.
    Enterprise,
}

impl ValueFrom {
    pub const ALL: [ValueFrom; 4] = [
        ValueFrom::Terms,
        ValueFrom::Table,
        ValueFrom::Preparation,
        ValueFrom::Enterprise,
    ];

    /// The key of its name in the locale files (`contract.from.table`).
    pub fn key(self) -> &'static str {
        match self {
            ValueFrom::Terms => "terms",
            ValueFrom::Table => "table",
            ValueFrom::Preparation => "preparation",
            ValueFrom::Enterprise => "enterprise",
        }
    }
}

/// The standard variables the agreed terms hold and the table or the preparation may stand in
/// for; each has an origin worth telling.
const TERM_VARIABLES: &[&str] = &[
    "increase",
    "min_wage",
    "overtime_extended",
    "overtime_rest_day",
    "overtime_holiday",
    "pay_day",
    "last_year_avg_wage",
    "avg_wage_target",
    "staff_covered",
    "allowances",
];

/// The value of standard variable `name` in `d` and, for a variable the agreed terms hold,
/// where it came from (terms, table, preparation, enterprise, in that order).
pub fn dossier_value(name: &str, d: &Dossier) -> Option<(Value, Option<ValueFrom>)> {
    if !TERM_VARIABLES.contains(&name) {
        return standard_value(name, d).map(|v| (v, None));
    }
    let (value, from) = match name {
        "staff_covered" => {
            let count = |n: Option<u32>, f| n.map(|n| (Value::Count(u64::from(n)), f));
            count(d.terms.staff_covered, ValueFrom::Terms)
                .or_else(|| count(d.preparation.costing.staff, ValueFrom::Preparation))
                .or_else(|| count(d.enterprise.staff, ValueFrom::Enterprise))?
        }
        // Worked out from the two values it rests on, wherever they came from; its origin is the
        // later of theirs.
        "avg_wage_target" => {
            let (last, last_from) = dossier_value("last_year_avg_wage", d)?;
            let (inc, inc_from) = dossier_value("increase", d)?;
            let (Value::Fen(last), Value::Bp(inc)) = (last, inc) else {
                return None;
            };
            (
                super::template::wage_target(last, inc)?,
                last_from.max(inc_from)?,
            )
        }
        _ => standard_value(name, d)
            .map(|v| (v, ValueFrom::Terms))
            .or_else(|| table_value(name, d).map(|v| (v, ValueFrom::Table)))
            .or_else(|| {
                (name == "last_year_avg_wage")
                    .then_some(d.preparation.costing.avg_wage_fen)
                    .flatten()
                    .map(|f| (Value::Fen(f), ValueFrom::Preparation))
            })?,
    };
    Some((value, Some(from)))
}

/// Each issue's latest state across the rounds (the last round holding it), when agreed.
fn agreed_at_table(d: &Dossier) -> impl Iterator<Item = (&RoundIssue, &str)> {
    let mut latest: BTreeMap<&str, &RoundIssue> = BTreeMap::new();
    for r in &d.rounds {
        for i in &r.issues {
            latest.insert(i.key.as_str(), i);
        }
    }
    latest.into_values().filter_map(|i| {
        (i.status == IssueStatus::Agreed)
            .then_some(i.agreed.as_deref())
            .flatten()
            .map(|a| (i, a))
    })
}

/// The value the table agreed for variable `name`, read in the unit of the term it stands for.
fn table_value(name: &str, d: &Dossier) -> Option<Value> {
    let term = match name {
        "allowances" => return table_allowances(d),
        "increase" | "min_wage" | "overtime_holiday" | "pay_day" => name,
        "overtime_extended" => "overtime",
        "overtime_rest_day" => "overtime_rest",
        "last_year_avg_wage" => "last_avg_wage",
        _ => return None,
    };
    let (_, agreed) = agreed_at_table(d).find(|(i, _)| term_of(&i.key) == Some(term))?;
    let unit = Unit::of_term(term);
    let figure = unit.check("value", agreed).ok()??;
    match unit {
        Unit::Percent => Some(Value::Bp(figure)),
        Unit::YuanMonth => Some(Value::Fen(figure)),
        Unit::Days => u8::try_from(figure)
            .ok()
            .filter(|n| (1..=31).contains(n))
            .map(|n| Value::Count(u64::from(n))),
        Unit::YuanYear | Unit::Text => None,
    }
}

/// The allowances agreed at the table, as the terms' allowances are written
/// (`交通补贴每月200元`): issues named `allowance.…`, `…津贴` or `…补贴` agreed in yuan a month.
fn table_allowances(d: &Dossier) -> Option<Value> {
    let parts: Vec<String> = agreed_at_table(d)
        .filter_map(|(i, agreed)| {
            let key = i.key.trim();
            let name = key.strip_prefix("allowance.").unwrap_or(key).trim();
            let allowance =
                key.starts_with("allowance.") || key.ends_with("津贴") || key.ends_with("补贴");
            if !allowance || name.is_empty() || !matches!(i.unit(), Unit::YuanMonth | Unit::Text) {
                return None;
            }
            let fen = Unit::YuanMonth.check("value", agreed).ok()??;
            Some(format!("{}每月{}元", sanitize_line(name), format_fen(fen)))
        })
        .collect();
    (!parts.is_empty()).then(|| Value::Text(parts.join("、")))
}

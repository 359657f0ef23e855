//! `show`'s lines for the instructors and the preparation: the tasks done and when, the wage
//! data gathered, the data provided to the workers' side, the agenda, and the costing data (the
//! average wage, staff, CPI, productivity, the guideline, on-cost rates, overtime hours, the
//! source, the tier and a summary of the wage distribution). Every recorded fact is shown;
//! nothing recorded, no line.

use crate::domain::Dossier;
use crate::domain::dossier::{PrepTask, WageFactor};
use crate::domain::values::{format_bp, format_fen_grouped};
use crate::i18n::{Lang, colon, tr, trf};
use crate::text::sanitize_line;

/// A list as the language writes it (`、` or `, `).
fn joined(l: Lang, items: &[String]) -> String {
    items.join(if l == Lang::ZhCn { "、" } else { ", " })
}

/// Money a month as `show` writes it elsewhere (`6,850元`, `¥6,850`).
fn money(l: Lang, fen: i64) -> String {
    match l {
        Lang::ZhCn => format!("{}元", format_fen_grouped(fen)),
        Lang::En => format!("¥{}", format_fen_grouped(fen)),
    }
}

/// The instructors' line, if any is recorded.
pub(super) fn instructors(o: &mut String, d: &Dossier, l: Lang) {
    if d.instructors.is_empty() {
        return;
    }
    let names: Vec<String> = d.instructors.iter().map(|n| sanitize_line(n)).collect();
    o.push_str(&format!(
        "{}{}{}\n",
        tr(l, "cli.field.instructors"),
        colon(l),
        joined(l, &names)
    ));
}

/// The preparation's lines: tasks, wage data, data provided, agenda, costing data.
pub(super) fn preparation(o: &mut String, d: &Dossier, l: Lang) {
    let p = &d.preparation;
    let c = colon(l);
    let line = |o: &mut String, key: &str, value: String| {
        o.push_str(&format!("{}{c}{value}\n", tr(l, key)));
    };
    let dated = |label: String, date: &chrono::NaiveDate| format!("{label} {date}");
    let tasks: Vec<String> = PrepTask::ALL
        .iter()
        .filter_map(|t| {
            p.tasks
                .get(t)
                .map(|date| dated(tr(l, &format!("rules.prep_task.{}", t.key())), date))
        })
        .collect();
    if !tasks.is_empty() {
        line(o, "cli.field.prep_tasks", joined(l, &tasks));
    }
    let data: Vec<String> = WageFactor::ALL
        .iter()
        .filter_map(|f| {
            p.wage_data
                .get(f)
                .map(|date| dated(tr(l, &format!("rules.wage_factor.{}", f.key())), date))
        })
        .collect();
    if !data.is_empty() {
        line(o, "cli.field.wage_data", joined(l, &data));
    }
    if let Some(date) = p.data_provided {
        line(o, "cli.field.data_provided", date.to_string());
    }
    if !p.agenda.is_empty() {
        let items: Vec<String> = p
            .agenda
            .iter()
            .map(|i| crate::domain::issue::label(i, l))
            .collect();
        line(o, "cli.field.agenda", joined(l, &items));
    }
    let k = &p.costing;
    let key = |name: &str| tr(l, &format!("costing.key.{name}"));
    let mut figures: Vec<String> = Vec::new();
    if let Some(v) = k.avg_wage_fen {
        figures.push(format!("{} {}", key("avg_wage"), money(l, v)));
    }
    if let Some(v) = k.staff {
        let n = v.to_string();
        figures.push(format!(
            "{} {}",
            key("staff"),
            trf(l, "unit.staff_after_label", &[("n", &n)])
        ));
    }
    if let Some(v) = k.cpi_bp {
        figures.push(format!("{} {}", key("cpi"), format_bp(i64::from(v))));
    }
    if let Some(v) = k.productivity_bp {
        figures.push(format!(
            "{} {}",
            key("productivity"),
            format_bp(i64::from(v))
        ));
    }
    if let Some(g) = k.guideline {
        figures.push(format!(
            "{} {}/{}/{}",
            key("guideline"),
            format_bp(i64::from(g.lower_bp)),
            format_bp(i64::from(g.base_bp)),
            format_bp(i64::from(g.upper_bp))
        ));
    }
    if let Some(v) = k.social_insurance_bp {
        figures.push(format!(
            "{} {}",
            key("social_insurance"),
            format_bp(i64::from(v))
        ));
    }
    if let Some(v) = k.housing_fund_bp {
        figures.push(format!(
            "{} {}",
            key("housing_fund"),
            format_bp(i64::from(v))
        ));
    }
    for (term, hours) in &k.overtime_hours {
        figures.push(format!("{} {hours}", key(&format!("hours.{term}"))));
    }
    if let Some(t) = k.tier {
        figures.push(format!("{} {t}", key("tier")));
    }
    if let Some(m) = k.summer_months {
        figures.push(format!("{} {m}", key("summer_months")));
    }
    if let Some(s) = &k.source {
        figures.push(format!("{} {}", key("source"), sanitize_line(s)));
    }
    if !figures.is_empty() {
        let sep = if l == Lang::ZhCn { "；" } else { "; " };
        line(o, "cli.field.costing", figures.join(sep));
    }
    if !k.distribution.is_empty() {
        let staff: u64 = k.distribution.iter().map(|b| u64::from(b.headcount)).sum();
        let bill: i128 = k
            .distribution
            .iter()
            .map(|b| i128::from(b.headcount) * i128::from(b.monthly_fen))
            .sum();
        // The average to the fen, rounded half up.
        let avg = (staff > 0)
            .then(|| (bill + i128::from(staff) / 2) / i128::from(staff))
            .and_then(|f| i64::try_from(f).ok());
        line(
            o,
            "cli.field.distribution",
            trf(
                l,
                "cli.distribution_summary",
                &[
                    ("bands", &k.distribution.len().to_string()),
                    ("staff", &staff.to_string()),
                    ("avg", &avg.map_or_else(|| "—".into(), |a| money(l, a))),
                ],
            ),
        );
    }
}

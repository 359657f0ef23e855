//! The rules of procedure.md §3 as values: each has an id, a severity, a step, its citations and
//! a pure function of (dossier, region data, calendar, today) that returns findings. `check` runs
//! them all and derives the deadlines from the same findings, so the checklist, the "next due"
//! line and the calendar can never disagree.
//!
//! This module owns the registry, the shared `Context`, and turning a rule's raw hits into
//! localised findings with citations. The rules themselves live one family per file. Nothing
//! here does I/O or reads the clock: "today" is a parameter. CONTENT-ITEMS and CONTENT-CHAPTERS
//! need the contract text and live with the contract code, not here.

pub mod blanks;
mod congress;
pub mod effect;
mod filing;
mod offer;
pub mod refs;
mod representatives;
mod rounds;
pub(crate) mod terms;

pub use congress::{Majority, adopted, majority, quorum_met, quorum_needed};
pub use filing::{FILED_COPIES, effective_without_objection, review_period_end};

use super::calendar::{HolidayCalendar, period_end};
use super::dossier::{Dossier, Side};
use super::procedure::Step;
use super::region::{Area, Policy, Regions};
use crate::i18n::{Lang, tr, trf};
use chrono::NaiveDate;
use serde::Serialize;

/// How bad a finding is: E unlawful or invalid, W policy or disputed reading, I reminder.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The localised name (错误 / 警告 / 提示).
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("rules.severity.{}", self.key()))
    }
}

/// One judgement about a dossier, in the user's language, with its rule id and citation.
/// A finding with `due` is an obligation still open (pending: Info; overdue: the rule's severity)
/// or met late.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub step: Step,
    pub message: String,
    pub citation: String,
    pub due: Option<NaiveDate>,
}

/// Something that must happen by a date (feeds `list`, the status bar and the calendar).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub what: String,
    pub rule: &'static str,
    pub step: Step,
    pub due: NaiveDate,
    /// Today is after `due` and the obligation is still open.
    pub overdue: bool,
}

/// What `check` returns.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Findings of one rule (handy for the UI and the tests).
    pub fn of(&self, rule: &str) -> impl Iterator<Item = &Finding> {
        let rule = rule.to_string();
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    /// The earliest open deadline, overdue ones included.
    pub fn next_deadline(&self) -> Option<&Deadline> {
        self.deadlines.iter().min_by_key(|d| d.due)
    }
}

/// What the rules may consult besides the dossier.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub regions: &'a Regions,
    pub calendar: &'a HolidayCalendar,
    pub lang: Lang,
}

impl<'a> Context<'a> {
    pub fn new(regions: &'a Regions, calendar: &'a HolidayCalendar, lang: Lang) -> Self {
        Context {
            regions,
            calendar,
            lang,
        }
    }

    /// The dossier's area, if there is data for it.
    pub fn area(&self, d: &Dossier) -> Option<Area<'a>> {
        self.regions
            .area_with_tier(&d.enterprise.region, d.preparation.costing.tier)
    }

    /// The local policy, or national law only when the area is unknown.
    pub fn policy(&self, d: &Dossier) -> Policy {
        self.area(d).map(|a| a.policy()).unwrap_or_default()
    }

    /// `period_end` with this context's calendar.
    pub fn period_end(&self, start: NaiveDate, days: u32) -> NaiveDate {
        period_end(start, days, self.calendar)
    }

    /// The end of a local period: working days counted on the calendar, or calendar days as
    /// [`Context::period_end`].
    pub fn local_period_end(
        &self,
        start: NaiveDate,
        p: &crate::domain::region::Period,
    ) -> NaiveDate {
        if p.working_days {
            crate::domain::calendar::working_days_end(start, p.days, self.calendar)
        } else {
            self.period_end(start, p.days)
        }
    }

    /// For a local period in working days from `start` to `end` that runs into a year the
    /// holiday calendar has no schedule for: a note that the date counts weekends only there and
    /// which file to add; empty otherwise (calendar days need no schedule to count).
    pub fn calendar_note(
        &self,
        start: NaiveDate,
        p: &crate::domain::region::Period,
        end: NaiveDate,
    ) -> String {
        if !p.working_days {
            return String::new();
        }
        let years = self.calendar.unknown_years(start, end);
        let Some(first) = years.first() else {
            return String::new();
        };
        let list: Vec<String> = years.iter().map(ToString::to_string).collect();
        trf(
            self.lang,
            "rules.calendar_unknown",
            &[
                (
                    "years",
                    &list.join(if self.lang == crate::i18n::Lang::ZhCn {
                        "、"
                    } else {
                        ", "
                    }),
                ),
                ("year", &first.to_string()),
            ],
        )
    }

    /// A local period in words, e.g. "10 个工作日", for a message.
    pub fn period_words(&self, p: &crate::domain::region::Period) -> String {
        let unit = if p.working_days {
            "region.working_days"
        } else {
            "region.days"
        };
        format!("{} {}", p.days, tr(self.lang, unit))
    }

    pub fn side(&self, side: Side) -> String {
        tr(self.lang, &format!("rules.side.{}", side.key()))
    }

    /// Where a figure comes from, when it is not plain local data: "(published by 大连市总工会)"
    /// for data fetched from the union one level up, "(sample figure)" for the built-in samples.
    pub fn source(&self, sample: bool, published: bool) -> String {
        let mut out = String::new();
        if published && let Some(p) = self.regions.publisher() {
            out.push_str(&trf(
                self.lang,
                "rules.published",
                &[("union", &crate::text::sanitize_line(p))],
            ));
        }
        if sample {
            out.push_str(&tr(self.lang, "rules.sample"));
        }
        out
    }

    /// Items joined the way the language lists them (、 in Chinese).
    pub fn list(&self, items: &[String]) -> String {
        match self.lang {
            Lang::ZhCn => items.join("、"),
            // English lists end with `and`: `place and content`; `a, b, and c`. Items that
            // hold an `and` of their own (`productivity and results`) are kept apart by `; `.
            Lang::En if items.iter().any(|i| i.contains(" and ")) => items.join("; "),
            Lang::En => match items {
                [a, b] => format!("{a} and {b}"),
                [rest @ .., last] if !rest.is_empty() => {
                    format!("{}, and {last}", rest.join(", "))
                }
                _ => items.join(", "),
            },
        }
    }
}

/// What a rule's function reports: a severity, the message key under `rule.<ID>.`, the
/// message's arguments, and the date an open obligation is due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub severity: Severity,
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    pub due: Option<NaiveDate>,
}

impl Hit {
    pub fn new(severity: Severity, key: &'static str) -> Self {
        Hit {
            severity,
            key,
            args: Vec::new(),
            due: None,
        }
    }

    // Taking the value (numbers, dates, names) keeps call sites short; it is formatted once.
    #[allow(clippy::needless_pass_by_value)]
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn due(mut self, due: NaiveDate) -> Self {
        self.due = Some(due);
        self
    }
}

/// One rule of procedure.md §3.
#[derive(Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    /// The most severe finding the rule gives (a pending deadline is still only Info).
    pub severity: Severity,
    pub step: Step,
    /// Keys under `citation.` in `locales/rules.yml`, e.g. `GR36`.
    pub citations: &'static [&'static str],
    pub check: fn(&Dossier, &Context, NaiveDate) -> Vec<Hit>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("severity", &self.severity)
            .field("step", &self.step)
            .field("citations", &self.citations)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// The rule's findings for this dossier, localised.
    pub fn run(&self, d: &Dossier, ctx: &Context, today: NaiveDate) -> Vec<Finding> {
        let citation = self.citation(ctx.lang);
        (self.check)(d, ctx, today)
            .into_iter()
            .map(|h| {
                let key = format!("rule.{}.{}", self.id, h.key);
                // Names and places come from the dossier, which is untrusted input: neutralise
                // control and bidi characters before they reach a message.
                let clean: Vec<(&str, String)> = h
                    .args
                    .iter()
                    .map(|(k, v)| (*k, crate::text::sanitize_line(v)))
                    .collect();
                let args: Vec<(&str, &str)> = clean.iter().map(|(k, v)| (*k, v.as_str())).collect();
                Finding {
                    rule: self.id,
                    severity: h.severity,
                    step: self.step,
                    message: trf(ctx.lang, &key, &args),
                    citation: citation.clone(),
                    due: h.due,
                }
            })
            .collect()
    }

    /// The citations as text, e.g. 《集体合同规定》第三十六条.
    pub fn citation(&self, lang: Lang) -> String {
        let parts: Vec<String> = self
            .citations
            .iter()
            .map(|c| tr(lang, &format!("citation.{c}")))
            .collect();
        match lang {
            Lang::ZhCn => parts.join("；"),
            Lang::En => parts.join("; "),
        }
    }

    /// The one-line explanation of what the rule asks.
    pub fn explanation(&self, lang: Lang) -> String {
        tr(lang, &format!("rule.{}.explain", self.id))
    }
}

/// The registry: every rule, in procedure.md order.
pub fn all() -> &'static [Rule] {
    static ALL: std::sync::OnceLock<Vec<Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut v = Vec::new();
        v.extend_from_slice(representatives::RULES);
        v.extend_from_slice(offer::RULES);
        v.extend_from_slice(rounds::RULES);
        v.extend_from_slice(terms::RULES);
        v.extend_from_slice(congress::RULES);
        v.extend_from_slice(filing::RULES);
        v
    })
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.id == id)
}

/// The explanation of a rule by id, for the UI's help and `xieshang rules`.
pub fn explain(id: &str, lang: Lang) -> Option<String> {
    rule(id).map(|r| r.explanation(lang))
}

/// A step's name in the user's language (协商要约 / bargaining request …).
pub fn step_label(step: Step, lang: Lang) -> String {
    tr(lang, &format!("step.{}", step.key()))
}

/// Runs every rule. Findings come sorted by step, then severity, then registry order; deadlines
/// are the findings with a due date, earliest first.
pub fn check(d: &Dossier, ctx: &Context, today: NaiveDate) -> Report {
    // An agreement imported into the archive was bargained before xieshang: only what it says
    // (content) and its term (renewal, overlap) can be judged, not a procedure nobody recorded.
    let judged =
        |r: &&Rule| d.imported.is_none() || r.step == Step::Term || r.id.starts_with("CONTENT-");
    let mut findings: Vec<Finding> = all()
        .iter()
        .filter(judged)
        .flat_map(|r| r.run(d, ctx, today))
        .collect();
    // A stable sort keeps registry order within a step and severity.
    findings.sort_by_key(|f| (f.step, f.severity));
    let mut deadlines: Vec<Deadline> = findings
        .iter()
        .filter_map(|f| {
            f.due.map(|due| Deadline {
                what: f.message.clone(),
                rule: f.rule,
                step: f.step,
                due,
                overdue: today > due,
            })
        })
        .collect();
    deadlines.sort_by_key(|x| x.due);
    Report {
        findings,
        deadlines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_texts_in_both_languages() {
        let mut ids = std::collections::BTreeSet::new();
        for r in all() {
            assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
            for lang in [Lang::ZhCn, Lang::En] {
                // rust-i18n answers a missing key with the key itself, prefixed by the locale.
                let e = r.explanation(lang);
                assert!(
                    !e.contains("rule."),
                    "{} lacks explain in {lang:?}: {e}",
                    r.id
                );
                let c = r.citation(lang);
                assert!(!c.contains("citation."), "{} citation missing: {c}", r.id);
            }
        }
        assert_eq!(ids.len(), 42, "{ids:?}");
        for s in Step::ALL {
            for lang in [Lang::ZhCn, Lang::En] {
                assert!(!step_label(s, lang).contains("step."), "{s:?}");
            }
        }
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            assert!(!sev.label(Lang::ZhCn).contains("rules."));
        }
    }
}

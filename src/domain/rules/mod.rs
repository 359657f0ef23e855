//! The rules of procedure.md §3 as values: each has an id, a severity, a citation and a pure
//! function of (dossier, region data, calendar, today) that returns findings. `check` runs them all.

use super::procedure::Step;
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

/// One judgement about a dossier, in the user's language, with its rule id and citation.
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
}

/// What `check` returns.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub deadlines: Vec<Deadline>,
}

//! `Invalid`: input that cannot be true — malformed, impossible or self-contradictory — and is
//! therefore refused before anything is saved. It names the field, the value and the problem,
//! and renders itself in the user's language.
//!
//! A well-formed fact that merely breaks a rule (a 4-year term, 60 of 100 delegates present) is
//! *not* `Invalid`: it is recorded and judged by `rules`.

use crate::i18n::{Lang, tr, trf};

/// What is wrong with a value. Each variant has a message in `locales/validation.yml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a calendar date in `YYYY-MM-DD` form (or no such day, like 2026-02-30).
    NotADate,
    /// Earlier than another date it cannot precede.
    Before {
        other_field: String,
        other_value: String,
    },
    /// Later than another date it cannot follow.
    After {
        other_field: String,
        other_value: String,
    },
    /// Not a whole number.
    NotANumber,
    /// Outside the possible range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Not a percentage like `6.5%`.
    NotAPercent,
    /// More decimal places than the unit allows (fen: 2, basis points: 2).
    TooManyDecimals {
        max: u32,
    },
    /// A money amount that is not a number of yuan like `2100` or `2100.50`.
    NotMoney,
    Empty,
    TooLong {
        max: usize,
    },
    /// Not one of the allowed keys.
    UnknownKey {
        valid: String,
    },
    /// Larger than another count it cannot exceed.
    Exceeds {
        other_field: String,
        other_value: String,
    },
    /// A dossier id must be letters, digits, `-` and `_` (no `/`, `..`, spaces).
    BadId,
    NotFound,
    Duplicate,
    /// The step this needs has not been recorded yet; `what` is a key of `invalid.what.*`.
    Missing {
        what: String,
    },
    /// Not a 6-digit administrative division code.
    BadRegionCode,
    /// Not an 18-character unified social credit code.
    BadCreditCode,
    /// A unified social credit code whose 18th character is not the GB 32100-2015 check
    /// character of the first 17 (`expected`).
    CreditCodeCheck {
        expected: char,
    },
    /// A round is still open: it must be closed or suspended first.
    RoundAlreadyOpen,
    /// A file that is not UTF-8 text.
    NotUtf8,
    /// A file larger than we read, in bytes.
    TooLarge {
        max_bytes: u64,
    },
    /// Not a regular file (a folder, a device, a pipe).
    NotAFile,
    /// Not a PDF, JPEG or PNG file (an attachment must be a scan or a PDF).
    NotAScan,
    /// The dossier is signed: what was signed changes only by a recorded amendment.
    Sealed,
    /// A union code must be ASCII letters, digits, `-` and `_` (it names a folder and a branch).
    BadUnionCode,
    /// A clause the draft does not have (it has `count`).
    NoSuchClause {
        count: usize,
    },
    /// A dossier received from another union: only the pre-review is recorded here.
    NotOwner {
        owner: String,
    },
    /// A region figure dated after today that does not say it was announced ahead.
    UndeclaredFuture {
        today: String,
    },
    /// The fact `what` is already recorded as `old`: a recorded fact changes only by a
    /// correction with a reason (`correct --what WHAT`), which keeps the old value.
    Recorded {
        what: String,
        old: String,
    },
    /// The pre-review of this submission is already decided (`old`, on `date`): a decision is
    /// given once; a returned draft submitted again is reviewed again.
    Decided {
        old: String,
        date: String,
    },
    /// No opinion of that number in the pre-review, which has `count` (numbered from 1).
    NoSuchOpinion {
        count: usize,
    },
    /// An issue an earlier round holds a position on: it can be withdrawn, not removed.
    RaisedEarlier,
    /// The value on record already (a rename to the same name).
    Unchanged,
    /// Another issue at the table (`other`, its name) has the name, or stands for the same term.
    IssueExists {
        other: String,
    },
    /// The issue stands for agreed term `term` (its costing and legal floor come from it): a new
    /// name must name that term too.
    KeepsTerm {
        term: String,
    },
    /// The name stands for agreed term `term`, whose positions are in another unit than the
    /// issue's (`unit`, a [`crate::domain::issue::Unit`] key).
    TermUnit {
        term: String,
        unit: String,
    },
    /// An objection is recorded by its text (what the review opinion says), not as a yes.
    ObjectionText,
    /// The agreement was published as in effect on `date`: an objection is no longer recorded.
    Published {
        date: String,
    },
    /// Something else, already phrased (used sparingly).
    Other(String),
}

/// A refused input: field, value and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} = {value:?}: {problem:?}")]
pub struct Invalid {
    pub field: String,
    pub value: String,
    pub problem: Problem,
}

impl Invalid {
    pub fn new(field: impl Into<String>, value: impl Into<String>, problem: Problem) -> Self {
        Invalid {
            field: field.into(),
            value: value.into(),
            problem,
        }
    }

    /// The message in the user's language, naming field, value and problem.
    pub fn message(&self, lang: Lang) -> String {
        self.message_naming(lang, &field_label(lang, &self.field))
    }

    /// The message naming the field `field` as the screen shows it (a form's `职工方立场` for the
    /// role name `value`).
    pub fn message_naming(&self, lang: Lang, field: &str) -> String {
        let problem = match &self.problem {
            Problem::NotADate => tr(lang, "invalid.not_a_date"),
            Problem::Before {
                other_field,
                other_value,
            } => trf(
                lang,
                "invalid.before",
                &[
                    ("other", &field_label(lang, other_field)),
                    ("other_value", other_value),
                ],
            ),
            Problem::After {
                other_field,
                other_value,
            } => trf(
                lang,
                "invalid.after",
                &[
                    ("other", &field_label(lang, other_field)),
                    ("other_value", other_value),
                ],
            ),
            Problem::NotANumber => tr(lang, "invalid.not_a_number"),
            Problem::OutOfRange { min, max } => trf(
                lang,
                "invalid.out_of_range",
                &[("min", &min.to_string()), ("max", &max.to_string())],
            ),
            Problem::NotAPercent => tr(lang, "invalid.not_a_percent"),
            Problem::TooManyDecimals { max } => trf(
                lang,
                "invalid.too_many_decimals",
                &[("max", &max.to_string())],
            ),
            Problem::NotMoney => tr(lang, "invalid.not_money"),
            Problem::Empty => tr(lang, "invalid.empty"),
            Problem::TooLong { max } => trf(lang, "invalid.too_long", &[("max", &max.to_string())]),
            Problem::UnknownKey { valid } => {
                // The keys are what the user types: in Chinese each is marked as typed input.
                let valid = match lang {
                    Lang::En => valid.clone(),
                    Lang::ZhCn => valid
                        .split(", ")
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join("、"),
                };
                trf(lang, "invalid.unknown_key", &[("valid", &valid)])
            }
            Problem::Exceeds {
                other_field,
                other_value,
            } => trf(
                lang,
                "invalid.exceeds",
                &[
                    ("other", &field_label(lang, other_field)),
                    ("other_value", other_value),
                ],
            ),
            Problem::BadId => tr(lang, "invalid.bad_id"),
            Problem::NotFound => tr(lang, "invalid.not_found"),
            Problem::Duplicate => tr(lang, "invalid.duplicate"),
            Problem::Missing { what } => trf(
                lang,
                "invalid.missing",
                &[("what", &tr(lang, &format!("invalid.what.{what}")))],
            ),
            Problem::BadRegionCode => tr(lang, "invalid.bad_region_code"),
            Problem::BadCreditCode => tr(lang, "invalid.bad_credit_code"),
            Problem::CreditCodeCheck { expected } => trf(
                lang,
                "invalid.credit_code_check",
                &[("expected", &expected.to_string())],
            ),
            Problem::RoundAlreadyOpen => tr(lang, "invalid.round_already_open"),
            Problem::NotUtf8 => tr(lang, "invalid.not_utf8"),
            Problem::TooLarge { max_bytes } => trf(
                lang,
                "invalid.too_large",
                &[("max", &max_bytes.to_string())],
            ),
            Problem::NotAFile => tr(lang, "invalid.not_a_file"),
            Problem::NotAScan => tr(lang, "invalid.not_a_scan"),
            Problem::Sealed => tr(lang, "invalid.sealed"),
            Problem::BadUnionCode => tr(lang, "invalid.bad_union_code"),
            Problem::NoSuchClause { count } => trf(
                lang,
                "invalid.no_such_clause",
                &[("count", &count.to_string())],
            ),
            Problem::NotOwner { owner } => trf(
                lang,
                "invalid.not_owner",
                &[("owner", &crate::text::sanitize_line(owner))],
            ),
            Problem::UndeclaredFuture { today } => {
                trf(lang, "invalid.undeclared_future", &[("today", today)])
            }
            Problem::Recorded { what, old } => trf(
                lang,
                "invalid.recorded",
                &[
                    ("what", &crate::text::visible(what)),
                    ("old", &shown_value(lang, old)),
                ],
            ),
            Problem::Decided { old, date } => trf(
                lang,
                "invalid.decided",
                &[("old", &shown_value(lang, old)), ("date", date)],
            ),
            Problem::NoSuchOpinion { count: 0 } => tr(lang, "invalid.no_opinions"),
            Problem::NoSuchOpinion { count } => trf(
                lang,
                "invalid.no_such_opinion",
                &[("count", &count.to_string())],
            ),
            Problem::RaisedEarlier => tr(lang, "invalid.raised_earlier"),
            Problem::Unchanged => tr(lang, "invalid.unchanged"),
            Problem::IssueExists { other } => trf(
                lang,
                "invalid.issue_exists",
                &[("other", &crate::domain::issue::label(other, lang))],
            ),
            Problem::KeepsTerm { term } => trf(
                lang,
                "invalid.keeps_term",
                &[("term", &crate::domain::issue::label(term, lang))],
            ),
            Problem::TermUnit { term, unit } => trf(
                lang,
                "invalid.term_unit",
                &[
                    ("term", &crate::domain::issue::label(term, lang)),
                    (
                        "unit",
                        &crate::i18n::lookup(lang, &format!("ui.choice.{unit}"))
                            .unwrap_or_else(|| crate::text::visible(unit)),
                    ),
                ],
            ),
            Problem::ObjectionText => tr(lang, "invalid.objection_text"),
            Problem::Published { date } => trf(
                lang,
                "invalid.published",
                &[("date", &crate::text::visible(date))],
            ),
            Problem::Other(s) => crate::text::sanitize_line(s),
        };
        // Something missing has no value to show: `round: needs an open round …`, not `round = ""`.
        if self.value.is_empty() && matches!(self.problem, Problem::Missing { .. }) {
            return trf(
                lang,
                "error.field_only",
                &[("field", field), ("problem", &problem)],
            );
        }
        trf(
            lang,
            "error.field_value",
            &[
                ("field", field),
                ("value", &shown_value(lang, &self.value)),
                ("problem", &problem),
            ],
        )
    }
}

/// The value as typed, every invisible character made visible (`\u{202E}`, `\x1b`) so the
/// message never contradicts the input, and a long value cut with its length said.
pub fn shown_value(lang: Lang, value: &str) -> String {
    const SHOWN: usize = 80;
    let visible = crate::text::visible(value);
    let n = value.chars().count();
    if visible.chars().count() <= SHOWN {
        return visible;
    }
    let head: String = visible.chars().take(SHOWN).collect();
    format!(
        "{head}{}",
        trf(lang, "error.value_cut", &[("n", &n.to_string())])
    )
}

/// A field's name in the user's language: `offer.received` is 要约收到日期. An option name
/// (`--date`) or a file name (`contract.md`) is shown as typed; a name without a translation
/// (from a newer program, or data) as it is, made visible.
pub fn field_label(lang: Lang, field: &str) -> String {
    if field.starts_with('-') {
        return crate::text::visible(field);
    }
    crate::i18n::lookup(lang, &format!("field.{field}"))
        .or_else(|| crate::i18n::lookup(lang, &format!("term.{field}")))
        .or_else(|| crate::i18n::lookup(lang, &format!("costing.key.{field}")))
        .unwrap_or_else(|| crate::domain::record::fact_label(lang, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_missing_step_and_problem_has_words_in_both_languages() {
        let whats = [
            "offer",
            "open_round",
            "signing",
            "filing",
            "filing_received",
            "effect",
            "prereview_submission",
            "dossier",
            "draft",
        ];
        let mut problems: Vec<Problem> = whats
            .iter()
            .map(|w| Problem::Missing { what: (*w).into() })
            .collect();
        problems.extend([
            Problem::BadRegionCode,
            Problem::After {
                other_field: "signing.date".into(),
                other_value: "2026-05-22".into(),
            },
            Problem::BadCreditCode,
            Problem::CreditCodeCheck { expected: 'A' },
            Problem::RoundAlreadyOpen,
            Problem::NotUtf8,
            Problem::TooLarge { max_bytes: 4 },
            Problem::NotAFile,
            Problem::NoSuchClause { count: 38 },
            Problem::BadUnionCode,
            Problem::NotOwner {
                owner: "210211".into(),
            },
            Problem::Unchanged,
            Problem::IssueExists {
                other: "increase".into(),
            },
            Problem::KeepsTerm {
                term: "min_wage".into(),
            },
            Problem::TermUnit {
                term: "increase".into(),
                unit: "yuan_month".into(),
            },
            Problem::ObjectionText,
            Problem::Published {
                date: "2026-07-02".into(),
            },
            Problem::Missing {
                what: "round".into(),
            },
            Problem::Missing {
                what: "review".into(),
            },
        ]);
        for p in problems {
            for lang in [Lang::En, Lang::ZhCn] {
                let m = Invalid::new("--field", "value", p.clone()).message(lang);
                assert!(!m.contains("invalid."), "untranslated: {m}");
                assert!(m.contains("--field") && m.contains("value"), "{m}");
            }
        }
    }

    /// Field names are shown in the user's language; option names as typed.
    #[test]
    fn field_names_are_translated() {
        let e = Invalid::new(
            "date",
            "2026-01-01",
            Problem::Before {
                other_field: "offer.received".into(),
                other_value: "2026-01-06".into(),
            },
        );
        assert_eq!(
            e.message(Lang::ZhCn),
            "日期 = “2026-01-01”：不能早于要约收到日期（2026-01-06）"
        );
        let e = Invalid::new(
            "present",
            "12",
            Problem::Exceeds {
                other_field: "total".into(),
                other_value: "10".into(),
            },
        );
        assert_eq!(
            e.message(Lang::ZhCn),
            "出席人数 = “12”：不能超过应到人数（10）"
        );
        assert!(e.message(Lang::En).starts_with("number present = \"12\""));
        assert_eq!(field_label(Lang::ZhCn, "--sent"), "--sent");
        assert_eq!(field_label(Lang::ZhCn, "term"), "期限");
    }

    /// Regression: the message echoed the cleaned value, contradicting the input
    /// (`--date = "2026-12-01": not a date` for a date with an invisible character in it).
    #[test]
    fn the_value_is_shown_as_typed_with_invisibles_visible() {
        let m = Invalid::new("--date", "2026-12-01\u{202E}", Problem::NotADate).message(Lang::En);
        assert!(m.starts_with("--date = \"2026-12-01\\u{202E}\": "), "{m}");
        let m = Invalid::new("name", "a\u{1b}[31mb", Problem::Empty).message(Lang::En);
        assert!(m.starts_with("name = \"a\\x1b[31mb\""), "{m}");
        let long = "长".repeat(300);
        let m = Invalid::new("name", &long, Problem::TooLong { max: 200 }).message(Lang::ZhCn);
        assert!(m.contains("…（共 300 个字符）"), "{m}");
        assert!(!m.contains(&"长".repeat(81)), "{m}");
    }
}

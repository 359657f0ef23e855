//! Contract templates: parsing the template format (a small line-based front-matter header, then
//! the contract text in canonical form with typed `{{variables}}`), and filling a template from a
//! dossier's agreed terms.
//!
//! This module owns the template format and the mapping from dossier fields to the standard
//! variables. It must not do I/O (the store reads user templates from disk and hands us the text)
//! nor read the clock (the year comes from the dossier). Everything taken from a template or a
//! dossier passes the sanitiser, because a template file is as untrusted as any import. The format
//! is documented in `templates/README.md`; keep the two in step.

use crate::contract::content;
use crate::domain::values::{
    format_bp, format_fen, halfwidth, parse_count, parse_date, parse_money_fen,
};
use crate::domain::{ContractKind, Dossier, values::parse_percent_bp};
use crate::i18n::{Lang, trf};
use crate::text::{sanitize_line, sanitize_text};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::BTreeMap;
use std::fmt;

/// The type of a template variable: how its value is written into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarType {
    /// Free text, one line (names, descriptions).
    Text,
    /// Basis points, written `6.5%`.
    Percent,
    /// Fen, written in yuan without the unit (`2100`, `2100.50`); the template writes `元`.
    Money,
    /// A calendar date, written `2026年1月1日`.
    Date,
    /// A whole number, written in digits (`2026`, `320`).
    Count,
    /// A period in months: `1年`, `2年` when a whole number of years, else `18个月`.
    Months,
    /// A period in whole years, written `2年`.
    Years,
}

impl VarType {
    pub const ALL: [VarType; 7] = [
        VarType::Text,
        VarType::Percent,
        VarType::Money,
        VarType::Date,
        VarType::Count,
        VarType::Months,
        VarType::Years,
    ];

    /// The name used in a template header.
    pub fn key(self) -> &'static str {
        match self {
            VarType::Text => "text",
            VarType::Percent => "percent",
            VarType::Money => "money",
            VarType::Date => "date",
            VarType::Count => "count",
            VarType::Months => "months",
            VarType::Years => "years",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == s)
    }
}

/// A typed value of a variable. Integers only: a figure never passes through a float.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Bp(i64),
    Fen(i64),
    Date(NaiveDate),
    Count(u64),
    Months(u32),
    Years(u32),
}

impl Value {
    /// The value as it is written into the contract text.
    pub fn render(&self) -> String {
        match self {
            Value::Text(s) => sanitize_line(s),
            Value::Bp(bp) => format_bp(*bp),
            Value::Fen(fen) => format_fen(*fen),
            Value::Date(d) => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Value::Count(n) => n.to_string(),
            Value::Months(m) if *m > 0 && m % 12 == 0 => format!("{}年", m / 12),
            Value::Months(m) => format!("{m}个月"),
            Value::Years(y) => format!("{y}年"),
        }
    }

    /// Parses what a person (or a template default) wrote, by type. `None` when it does not fit.
    pub fn parse(ty: VarType, s: &str) -> Option<Value> {
        // Digits typed with a Chinese IME come full-width (`６．５％`).
        let t = halfwidth(s);
        let t = t.trim();
        match ty {
            VarType::Text => {
                let v = sanitize_line(s);
                (!v.is_empty()).then_some(Value::Text(v))
            }
            VarType::Percent => parse_percent_bp("", t, true)
                .ok()
                .map(|v| Value::Bp(i64::from(v))),
            VarType::Money => parse_money_fen("", t).ok().map(Value::Fen),
            VarType::Date => parse_date("", t).ok().map(Value::Date),
            VarType::Count => parse_count("", t, u32::MAX)
                .ok()
                .map(|n| Value::Count(u64::from(n))),
            VarType::Months => parse_count("", t, 1200).ok().map(Value::Months),
            VarType::Years => parse_count("", t, 100).ok().map(Value::Years),
        }
    }
}

/// What opens a blank left for a variable without a value: `【待定：label】`. The draft's
/// DRAFT-BLANKS rule finds blanks by the same marks.
pub const BLANK_OPEN: &str = "【待定：";
/// What closes it.
pub const BLANK_CLOSE: char = '】';

/// A declared variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub name: String,
    pub ty: VarType,
    pub default: Option<Value>,
    /// What the blank says when there is no value: `【待定：{label}】`.
    pub label: String,
    /// The header line that declares it (1-based).
    pub line: usize,
}

/// A chapter title of the template and the content items (procedure.md §3) it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChapterItems {
    pub title: String,
    pub items: Vec<String>,
}

/// One piece of the body: literal text or a reference to a declared variable (by index).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Var(usize),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The file name or path it was parsed from (for messages), e.g. `wage.md`.
    pub name: String,
    pub kind: ContractKind,
    /// What the template is, e.g. `工资专项集体合同`.
    pub title: String,
    pub variables: Vec<Variable>,
    pub chapters: Vec<ChapterItems>,
    body: Vec<Segment>,
}

/// The result of filling a template: the contract text and the variables that had no value
/// (their names, in order of first use), each of which is a visible `【待定：…】` blank in `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    pub missing: Vec<String>,
    /// The variables filled from the dossier's terms, table, preparation or enterprise, each
    /// once, in the order the text first uses them, with where the value came from.
    pub from: Vec<(String, super::sources::ValueFrom)>,
}

/// What is wrong with a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    /// The file does not start with a `---` line.
    MissingHeader,
    /// No closing `---` line.
    UnterminatedHeader,
    /// A header line that is not `key: value`, or sits in no section.
    BadHeaderLine(String),
    /// A header key that is not `kind`, `title`, `variables` or `chapters`.
    UnknownHeaderKey(String),
    /// `kind`, `title` or the body is missing.
    MissingField(&'static str),
    UnknownKind(String),
    UnknownType {
        name: String,
        ty: String,
    },
    BadVariableName(String),
    DuplicateVariable(String),
    /// A default that does not fit the variable's type.
    BadDefault {
        name: String,
        value: String,
    },
    /// A standard variable (filled from the dossier) declared with another type.
    StandardType {
        name: String,
        expected: VarType,
    },
    /// `{{x}}` used in the text but not declared in the header.
    Undeclared(String),
    /// `{{` without `}}` on the same line.
    Unclosed,
    /// A chapter's item list names a content item unknown for the template's kind.
    UnknownItem(String),
    /// A chapter list line that is not `title: [key, key]`.
    BadChapterLine(String),
    /// A chapter declared in the header has no `第X章 title` heading in the text.
    ChapterNotInText(String),
}

/// A template error: which file, which line (1-based), what problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub problem: TemplateProblem,
}

impl TemplateError {
    /// The message in the user's language: `wage.md:12: …`.
    pub fn message(&self, lang: Lang) -> String {
        use TemplateProblem as P;
        let (key, args): (&str, Vec<(&str, String)>) = match &self.problem {
            P::MissingHeader => ("template.error.missing_header", vec![]),
            P::UnterminatedHeader => ("template.error.unterminated_header", vec![]),
            P::BadHeaderLine(l) => ("template.error.bad_header_line", vec![("text", l.clone())]),
            P::UnknownHeaderKey(k) => (
                "template.error.unknown_header_key",
                vec![("key", k.clone())],
            ),
            P::MissingField(f) => ("template.error.missing_field", vec![("field", (*f).into())]),
            P::UnknownKind(k) => (
                "template.error.unknown_kind",
                vec![("kind", k.clone()), ("valid", kind_list())],
            ),
            P::UnknownType { name, ty } => (
                "template.error.unknown_type",
                vec![
                    ("name", name.clone()),
                    ("type", ty.clone()),
                    ("valid", type_list()),
                ],
            ),
            P::BadVariableName(n) => (
                "template.error.bad_variable_name",
                vec![("name", n.clone())],
            ),
            P::DuplicateVariable(n) => (
                "template.error.duplicate_variable",
                vec![("name", n.clone())],
            ),
            P::BadDefault { name, value } => (
                "template.error.bad_default",
                vec![("name", name.clone()), ("value", value.clone())],
            ),
            P::StandardType { name, expected } => (
                "template.error.standard_type",
                vec![("name", name.clone()), ("type", expected.key().into())],
            ),
            P::Undeclared(n) => ("template.error.undeclared", vec![("name", n.clone())]),
            P::Unclosed => ("template.error.unclosed", vec![]),
            P::UnknownItem(k) => ("template.error.unknown_item", vec![("key", k.clone())]),
            P::BadChapterLine(l) => ("template.error.bad_chapter_line", vec![("text", l.clone())]),
            P::ChapterNotInText(t) => (
                "template.error.chapter_not_in_text",
                vec![("title", t.clone())],
            ),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        trf(
            lang,
            "template.error.at",
            &[
                ("file", &self.file),
                ("line", &self.line.to_string()),
                ("problem", &trf(lang, key, &args)),
            ],
        )
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::default()))
    }
}

impl std::error::Error for TemplateError {}

fn kind_list() -> String {
    ContractKind::ALL.map(ContractKind::key).join(", ")
}

fn type_list() -> String {
    VarType::ALL.map(VarType::key).join(", ")
}

/// The standard variables: filled from the dossier, so their types are fixed. A template may
/// use any of them (declaring them with this type) and may declare its own, which are filled
/// from defaults or from values the user types (`fill_with`).
const STANDARD: &[(&str, VarType, &str)] = &[
    ("enterprise", VarType::Text, "企业名称"),
    ("union", VarType::Text, "工会名称"),
    ("union_chair", VarType::Text, "工会主席"),
    ("legal_representative", VarType::Text, "法定代表人"),
    ("year", VarType::Count, "合同年度"),
    ("term", VarType::Months, "合同期限"),
    ("term_years", VarType::Years, "合同期限（年）"),
    ("start", VarType::Date, "合同起始日期"),
    ("end", VarType::Date, "合同终止日期"),
    ("increase", VarType::Percent, "平均工资增长幅度"),
    ("min_wage", VarType::Money, "企业最低工资标准"),
    ("overtime_base", VarType::Text, "加班工资计算基数"),
    (
        "overtime_extended",
        VarType::Percent,
        "延长工作时间加班工资支付比例",
    ),
    (
        "overtime_rest_day",
        VarType::Percent,
        "休息日加班工资支付比例",
    ),
    (
        "overtime_holiday",
        VarType::Percent,
        "法定休假日加班工资支付比例",
    ),
    ("pay_day", VarType::Count, "工资支付日"),
    ("last_year_avg_wage", VarType::Money, "上年度职工月平均工资"),
    ("avg_wage_target", VarType::Money, "本年度职工月平均工资"),
    ("staff_covered", VarType::Count, "合同覆盖职工人数"),
    ("allowances", VarType::Text, "津贴补贴项目及标准"),
    ("women_staff", VarType::Count, "女职工人数"),
];

/// The standard variable `name`: its type and Chinese label.
pub fn standard_variable(name: &str) -> Option<(VarType, &'static str)> {
    STANDARD
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, t, l)| (*t, *l))
}

/// The names of all standard variables, in a stable order.
pub fn standard_variables() -> impl Iterator<Item = &'static str> {
    STANDARD.iter().map(|(n, _, _)| *n)
}

/// The value of standard variable `name` in dossier `d`, if the dossier has it.
pub fn standard_value(name: &str, d: &Dossier) -> Option<Value> {
    let t = &d.terms;
    let e = &d.enterprise;
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(sanitize_line)
            .filter(|s| !s.is_empty())
            .map(Value::Text)
    };
    let bp = |v: Option<u32>| v.map(|v| Value::Bp(i64::from(v)));
    match name {
        "enterprise" => text(&Some(e.name.clone())),
        "union" => text(&e.union_name),
        "union_chair" => text(&e.union_chair),
        "legal_representative" => text(&e.legal_representative),
        // The contract year is the year it starts; before terms are agreed, the year the dossier
        // was opened. Never the clock: the same dossier must fill the same text tomorrow.
        "year" => Some(Value::Count(u64::from(
            t.start.unwrap_or(d.created).year().unsigned_abs(),
        ))),
        "term" => t.term_months.map(Value::Months),
        "term_years" => t
            .term_months
            .filter(|m| *m > 0 && m % 12 == 0)
            .map(|m| Value::Years(m / 12)),
        "start" => t.start.map(Value::Date),
        // A term of 12 months from 1 January ends on 31 December: start + term − 1 day.
        "end" => t.end.map(Value::Date).or_else(|| {
            let end = t
                .start?
                .checked_add_months(Months::new(t.term_months?))?
                .pred_opt()?;
            Some(Value::Date(end))
        }),
        "increase" => t.avg_wage_increase_bp.map(|v| Value::Bp(i64::from(v))),
        "min_wage" => t.min_wage_fen.map(Value::Fen),
        "overtime_base" => text(&t.overtime_base),
        "overtime_extended" => bp(t.overtime_extended_bp),
        "overtime_rest_day" => bp(t.overtime_rest_day_bp),
        "overtime_holiday" => bp(t.overtime_holiday_bp),
        "pay_day" => t.pay_day.map(|v| Value::Count(u64::from(v))),
        "last_year_avg_wage" => t.last_year_avg_wage_fen.map(Value::Fen),
        // last × (1 + increase), rounded half up to the yuan: integer arithmetic throughout.
        "avg_wage_target" => wage_target(
            t.last_year_avg_wage_fen?,
            i64::from(t.avg_wage_increase_bp?),
        ),
        "staff_covered" => t
            .staff_covered
            .or(e.staff)
            .map(|v| Value::Count(u64::from(v))),
        "women_staff" => e.women_staff.map(|v| Value::Count(u64::from(v))),
        "allowances" => {
            let parts: Vec<String> = t
                .allowances
                .iter()
                .map(|(k, v)| format!("{}每月{}元", sanitize_line(k), format_fen(*v)))
                .collect();
            (!parts.is_empty()).then(|| Value::Text(parts.join("、")))
        }
        _ => None,
    }
}

/// This year's average wage: last year's (fen) × (1 + increase), rounded half up to the yuan,
/// in integer arithmetic throughout.
pub(crate) fn wage_target(last_fen: i64, increase_bp: i64) -> Option<Value> {
    let fen = i128::from(last_fen) * (10_000 + i128::from(increase_bp));
    let yuan = (fen + 500_000) / 1_000_000;
    i64::try_from(yuan * 100).ok().map(Value::Fen)
}

/// The four built-in templates, one per contract kind. They are compiled in; the tests make
/// sure each one parses, so none is ever dropped here.
pub fn builtin_templates() -> Vec<Template> {
    BUILTIN
        .iter()
        .filter_map(|(name, text)| Template::parse(name, text).ok())
        .collect()
}

/// The built-in template files: (file name, text).
pub const BUILTIN: [(&str, &str); 4] = [
    ("wage.md", include_str!("../../templates/wage.md")),
    (
        "comprehensive.md",
        include_str!("../../templates/comprehensive.md"),
    ),
    ("safety.md", include_str!("../../templates/safety.md")),
    ("women.md", include_str!("../../templates/women.md")),
];

impl Template {
    /// The built-in template for `kind`.
    pub fn for_kind(kind: ContractKind) -> Option<Template> {
        builtin_templates().into_iter().find(|t| t.kind == kind)
    }

    /// Parses a template. `name_or_path` only names the file in error messages.
    pub fn parse(name_or_path: &str, text: &str) -> Result<Template, TemplateError> {
        let text = sanitize_text(text);
        let err = |line: usize, problem| TemplateError {
            file: name_or_path.to_string(),
            line,
            problem,
        };
        let lines: Vec<&str> = text.split('\n').collect();
        if lines.first().map(|l| l.trim()) != Some("---") {
            return Err(err(1, TemplateProblem::MissingHeader));
        }
        let close = lines
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim() == "---")
            .map(|(i, _)| i)
            .ok_or_else(|| err(lines.len(), TemplateProblem::UnterminatedHeader))?;

        let header = parse_header(&lines[1..close], 2).map_err(|(l, p)| err(l, p))?;
        let kind = header
            .kind
            .ok_or_else(|| err(close + 1, TemplateProblem::MissingField("kind")))?;
        let title = header
            .title
            .ok_or_else(|| err(close + 1, TemplateProblem::MissingField("title")))?;

        // Item keys are checked against the content items of the template's own kind.
        let known = content::items(kind);
        for (line, ch) in &header.chapters {
            if let Some(bad) = ch
                .items
                .iter()
                .find(|k| !known.iter().any(|i| &i.key == *k))
            {
                return Err(err(*line, TemplateProblem::UnknownItem(bad.clone())));
            }
        }

        // The body: from the line after the closing `---`; leading blank lines are not text.
        let first_body = close + 1;
        let mut body = Vec::new();
        let mut headings: Vec<String> = Vec::new();
        let mut any_text = false;
        let mut literal = String::new();
        let body_lines = lines[first_body..]
            .iter()
            .enumerate()
            .skip_while(|(_, l)| l.trim().is_empty());
        for (n, (i, line)) in body_lines.enumerate() {
            let line_no = first_body + i + 1;
            if n > 0 {
                literal.push('\n');
            }
            any_text |= !line.trim().is_empty();
            if let Some(t) = chapter_heading(line) {
                headings.push(t.to_string());
            }
            let mut rest = *line;
            while let Some(open) = rest.find("{{") {
                literal.push_str(&rest[..open]);
                let after = &rest[open + 2..];
                let close = after
                    .find("}}")
                    .ok_or_else(|| err(line_no, TemplateProblem::Unclosed))?;
                let name = after[..close].trim();
                let idx = header
                    .variables
                    .iter()
                    .position(|v| v.name == name)
                    .ok_or_else(|| err(line_no, TemplateProblem::Undeclared(name.to_string())))?;
                if !literal.is_empty() {
                    body.push(Segment::Literal(std::mem::take(&mut literal)));
                }
                body.push(Segment::Var(idx));
                rest = &after[close + 2..];
            }
            literal.push_str(rest);
        }
        // One final newline, however many the file had: the canonical text ends with one.
        let trimmed = literal.trim_end().len();
        literal.truncate(trimmed);
        literal.push('\n');
        body.push(Segment::Literal(literal));
        if !any_text {
            return Err(err(lines.len(), TemplateProblem::MissingField("text")));
        }
        for (line, ch) in &header.chapters {
            if !headings.iter().any(|h| h == &ch.title) {
                return Err(err(
                    *line,
                    TemplateProblem::ChapterNotInText(ch.title.clone()),
                ));
            }
        }
        Ok(Template {
            name: name_or_path.to_string(),
            kind,
            title,
            variables: header.variables,
            chapters: header.chapters.into_iter().map(|(_, c)| c).collect(),
            body,
        })
    }

    /// The declared variable `name`.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    /// The content items the template says chapter `title` covers.
    pub fn chapter_items(&self, title: &str) -> Option<&[String]> {
        self.chapters
            .iter()
            .find(|c| c.title == title)
            .map(|c| c.items.as_slice())
    }

    /// Fills the template from the dossier alone. Pure: the same dossier gives the same text.
    pub fn fill(&self, d: &Dossier) -> Filled {
        self.fill_with(d, &BTreeMap::new())
    }

    /// Fills the template; a variable takes, in order, the dossier's value (agreed terms win,
    /// then the issues agreed at the table, then the preparation's data: `sources`),
    /// the value the user typed in `extra` (parsed by the variable's type; a value that does not
    /// fit counts as missing), the template's default. With none, the text gets a visible blank
    /// `【待定：label】` and the name is listed in `missing` — never an empty string, which would
    /// silently change a clause's meaning.
    pub fn fill_with(&self, d: &Dossier, extra: &BTreeMap<String, String>) -> Filled {
        let mut text = String::new();
        let mut missing: Vec<String> = Vec::new();
        let mut from: Vec<(String, super::sources::ValueFrom)> = Vec::new();
        for seg in &self.body {
            match seg {
                Segment::Literal(s) => text.push_str(s),
                Segment::Var(i) => {
                    let v = &self.variables[*i];
                    let value = super::sources::dossier_value(&v.name, d)
                        .map(|(value, origin)| {
                            if let Some(o) = origin
                                && !from.iter().any(|(n, _)| *n == v.name)
                            {
                                from.push((v.name.clone(), o));
                            }
                            value
                        })
                        .or_else(|| extra.get(&v.name).and_then(|s| Value::parse(v.ty, s)))
                        .or_else(|| v.default.clone());
                    if let Some(value) = value {
                        // The contract is Chinese: its number of copies in Chinese numerals
                        // (本合同一式五份), as official documents write them.
                        match (&value, v.name.as_str()) {
                            (Value::Count(n), "copies") => match u32::try_from(*n) {
                                Ok(n) => text.push_str(&crate::contract::numerals::to_chinese(n)),
                                Err(_) => text.push_str(&value.render()),
                            },
                            _ => text.push_str(&value.render()),
                        }
                    } else {
                        text.push_str(BLANK_OPEN);
                        text.push_str(&v.label);
                        text.push(BLANK_CLOSE);
                        if !missing.contains(&v.name) {
                            missing.push(v.name.clone());
                        }
                    }
                }
            }
        }
        Filled {
            text,
            missing,
            from,
        }
    }
}

/// If `line` is a chapter heading `第X章 title`, its title.
fn chapter_heading(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix('第')?;
    let (num, after) = rest.split_once('章')?;
    let numeral = !num.is_empty()
        && num
            .chars()
            .all(|c| "零〇一二三四五六七八九十百千两".contains(c) || c.is_ascii_digit());
    let title = after.trim_matches(|c: char| c.is_whitespace());
    (numeral && !title.is_empty()).then_some(title)
}

#[derive(Default)]
struct Header {
    kind: Option<ContractKind>,
    title: Option<String>,
    variables: Vec<Variable>,
    chapters: Vec<(usize, ChapterItems)>,
}

#[derive(Clone, Copy)]
enum Section {
    Top,
    Variables,
    Chapters,
}

/// Drops a trailing comment: `#` at the start or after whitespace. A `#` inside a word is kept.
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    let mut prev_space = false;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

fn valid_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The header lines between the `---` lines; `first` is the file line number of `lines[0]`.
fn parse_header(lines: &[&str], first: usize) -> Result<Header, (usize, TemplateProblem)> {
    let mut h = Header::default();
    let mut section = Section::Top;
    for (i, raw) in lines.iter().enumerate() {
        let line_no = first + i;
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\u{3000}');
        let Some((key, value)) = line.trim().split_once(':') else {
            return Err((line_no, TemplateProblem::BadHeaderLine(line.trim().into())));
        };
        let (key, value) = (key.trim(), value.trim());
        if !indented {
            section = Section::Top;
            match key {
                "kind" => {
                    h.kind = Some(ContractKind::from_key(value).ok_or_else(|| {
                        (line_no, TemplateProblem::UnknownKind(value.to_string()))
                    })?);
                }
                "title" if !value.is_empty() => h.title = Some(value.to_string()),
                "variables" if value.is_empty() => section = Section::Variables,
                "chapters" if value.is_empty() => section = Section::Chapters,
                "title" | "variables" | "chapters" => {
                    return Err((line_no, TemplateProblem::BadHeaderLine(line.trim().into())));
                }
                _ => return Err((line_no, TemplateProblem::UnknownHeaderKey(key.into()))),
            }
            continue;
        }
        match section {
            Section::Top => {
                return Err((line_no, TemplateProblem::BadHeaderLine(line.trim().into())));
            }
            Section::Variables => h.variables.push(parse_variable(key, value, line_no)?),
            Section::Chapters => {
                let items = value
                    .strip_prefix('[')
                    .and_then(|v| v.strip_suffix(']'))
                    .ok_or_else(|| {
                        (line_no, TemplateProblem::BadChapterLine(line.trim().into()))
                    })?;
                let items: Vec<String> = items
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                if key.is_empty() {
                    return Err((line_no, TemplateProblem::BadChapterLine(line.trim().into())));
                }
                h.chapters.push((
                    line_no,
                    ChapterItems {
                        title: key.to_string(),
                        items,
                    },
                ));
            }
        }
    }
    // Variables declared twice: the second declaration is the error.
    for (i, v) in h.variables.iter().enumerate() {
        if h.variables[..i].iter().any(|w| w.name == v.name) {
            return Err((v.line, TemplateProblem::DuplicateVariable(v.name.clone())));
        }
    }
    Ok(h)
}

/// `name: type [= default] [| label]`.
fn parse_variable(
    name: &str,
    spec: &str,
    line: usize,
) -> Result<Variable, (usize, TemplateProblem)> {
    if !valid_name(name) {
        return Err((line, TemplateProblem::BadVariableName(name.into())));
    }
    let (spec, label) = match spec.split_once('|') {
        Some((s, l)) => (s.trim(), Some(sanitize_line(l)).filter(|l| !l.is_empty())),
        None => (spec, None),
    };
    let (ty, default) = match spec.split_once('=') {
        Some((t, d)) => (t.trim(), Some(d.trim())),
        None => (spec.trim(), None),
    };
    let ty_parsed = VarType::from_key(ty).ok_or_else(|| {
        (
            line,
            TemplateProblem::UnknownType {
                name: name.into(),
                ty: ty.into(),
            },
        )
    })?;
    let standard = standard_variable(name);
    if let Some((expected, _)) = standard
        && expected != ty_parsed
    {
        return Err((
            line,
            TemplateProblem::StandardType {
                name: name.into(),
                expected,
            },
        ));
    }
    let default = match default {
        Some(d) => Some(Value::parse(ty_parsed, d).ok_or_else(|| {
            (
                line,
                TemplateProblem::BadDefault {
                    name: name.into(),
                    value: d.into(),
                },
            )
        })?),
        None => None,
    };
    let label = label
        .or_else(|| standard.map(|(_, l)| l.to_string()))
        .unwrap_or_else(|| name.to_string());
    Ok(Variable {
        name: name.to_string(),
        ty: ty_parsed,
        default,
        label,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_in_contract_style() {
        assert_eq!(Value::Bp(650).render(), "6.5%");
        assert_eq!(Value::Fen(210_000).render(), "2100");
        assert_eq!(
            Value::Date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()).render(),
            "2026年1月1日"
        );
        assert_eq!(Value::Months(12).render(), "1年");
        assert_eq!(Value::Months(18).render(), "18个月");
        assert_eq!(Value::Years(3).render(), "3年");
    }

    #[test]
    fn comments_are_stripped_only_after_whitespace() {
        assert_eq!(strip_comment("a: text  # note"), "a: text  ");
        assert_eq!(strip_comment("a: text = 1#2"), "a: text = 1#2");
        assert_eq!(strip_comment("  # whole line"), "");
    }

    #[test]
    fn chapter_headings_are_recognised() {
        assert_eq!(chapter_heading("第一章 总则"), Some("总则"));
        assert_eq!(chapter_heading("第十二章\u{3000}附则"), Some("附则"));
        assert_eq!(chapter_heading("第一条 本合同"), None);
        assert_eq!(chapter_heading("第五章"), None);
    }

    #[test]
    fn the_target_wage_is_rounded_half_up_to_the_yuan() {
        let mut d = Dossier::new(
            "x".into(),
            ContractKind::Wage,
            crate::domain::Enterprise::default(),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
        );
        d.terms.last_year_avg_wage_fen = Some(500_000);
        d.terms.avg_wage_increase_bp = Some(650);
        assert_eq!(
            standard_value("avg_wage_target", &d),
            Some(Value::Fen(532_500))
        );
        d.terms.last_year_avg_wage_fen = Some(480_010);
        // 4800.10 × 1.065 = 5112.1065 → 5112
        assert_eq!(
            standard_value("avg_wage_target", &d),
            Some(Value::Fen(511_200))
        );
    }

    #[test]
    fn the_end_date_follows_from_start_and_term() {
        let mut d = Dossier::new(
            "x".into(),
            ContractKind::Wage,
            crate::domain::Enterprise::default(),
            NaiveDate::from_ymd_opt(2025, 12, 5).unwrap_or_default(),
        );
        d.terms.start = NaiveDate::from_ymd_opt(2026, 1, 1);
        d.terms.term_months = Some(12);
        assert_eq!(
            standard_value("end", &d),
            NaiveDate::from_ymd_opt(2026, 12, 31).map(Value::Date)
        );
        assert_eq!(standard_value("year", &d), Some(Value::Count(2026)));
    }
}

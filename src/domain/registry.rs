//! The enterprise registry (企业名录) a district or city union keeps, to report coverage against
//! the provincial plan (wage bargaining in unionised enterprises, special contracts in high-risk
//! and women-concentrated ones).
//!
//! This module owns a registry row and its rules, the columns and the Chinese and English headers
//! that name them, the CSV reader (quoted cells with commas and doubled quotes, CRLF, a BOM), and
//! the matching of the workspace's dossiers to registry rows. It is pure: the store reads and
//! decodes the file and hands the text here. A file is taken whole or not at all, so every bad row
//! is reported at once, with the row number Excel shows (the header is row 1).

use super::dossier::{ContractKind, Dossier};
use super::invalid::{Invalid, Problem};
use super::record::{MAX_COUNT, line};
use super::values::parse_count;
use crate::i18n::{Lang, tr, trf};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// One enterprise of the registry, as imported. Names and codes are sanitised; codes are upper
/// case ASCII.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Enterprise {
    pub name: String,
    /// 统一社会信用代码: 18 ASCII letters and digits, upper case (the registry's key: unique).
    pub credit_code: String,
    /// Administrative division code, 6 digits (e.g. `210211` 甘井子区).
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// 职工人数.
    pub staff: u32,
    /// 女职工人数; `None` when the file has no such column or the cell is empty (unknown is not 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women: Option<u32>,
    /// 已建会: the enterprise has a trade union.
    pub unionised: bool,
    /// 高危: an empty cell counts as no, as registries mark only the high-risk ones.
    pub high_risk: bool,
}

impl Enterprise {
    /// The row with every text run through the sanitiser again: a registry file edited by hand
    /// is as hostile as any other.
    pub(crate) fn sanitised(self) -> Enterprise {
        Enterprise {
            name: sanitize_line(&self.name),
            credit_code: sanitize_line(&self.credit_code),
            region: sanitize_line(&self.region),
            industry: self.industry.as_deref().map(sanitize_line),
            ..self
        }
    }
}

/// The registry as imported: when, from which file (its name only), and its rows in file order.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    pub imported: NaiveDate,
    pub source: String,
    pub enterprises: Vec<Enterprise>,
}

/// A field of a registry row, i.e. a column of the CSV file.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    CreditCode,
    Region,
    Industry,
    Staff,
    Women,
    Unionised,
    HighRisk,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::CreditCode,
        Column::Region,
        Column::Industry,
        Column::Staff,
        Column::Women,
        Column::Unionised,
        Column::HighRisk,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::CreditCode => "credit_code",
            Column::Region => "region",
            Column::Industry => "industry",
            Column::Staff => "staff",
            Column::Women => "women",
            Column::Unionised => "unionised",
            Column::HighRisk => "high_risk",
        }
    }

    /// The column's name in `lang`, as the error messages and the listing say it.
    pub fn label(self, lang: Lang) -> String {
        tr(lang, &format!("registry.column.{}", self.key()))
    }

    /// Whether the header must have this column. Industry is descriptive only, and a registry
    /// without women's numbers still counts enterprises (their women stay unknown). High-risk
    /// is required although an empty cell means no: a file without the column would silently
    /// count no enterprise as high-risk.
    fn required(self) -> bool {
        !matches!(self, Column::Industry | Column::Women)
    }

    /// The header texts that name this column, as [`header_key`] leaves them.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["名称", "企业名称", "单位名称", "name", "enterprise"],
            Column::CreditCode => &["统一社会信用代码", "信用代码", "creditcode"],
            Column::Region => &["地区", "行政区划代码", "区划代码", "地区代码", "region"],
            Column::Industry => &["行业", "所属行业", "industry"],
            Column::Staff => &["职工人数", "职工数", "staff"],
            Column::Women => &["女职工人数", "女职工数", "women"],
            Column::Unionised => &["是否建会", "已建会", "建会", "unionised", "unionized"],
            Column::HighRisk => &["高危", "是否高危", "高危行业", "highrisk"],
        }
    }
}

/// What is wrong with a row (or the header, or the file's quoting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The cell breaks a rule [`Invalid`] has words for (empty, not a number, not a credit code …).
    Cell(Problem),
    /// Excel showed a long number in scientific form (`9.12102E+17`) and saved that: the code is
    /// lost, the column must be formatted as text.
    CodeAsNumber,
    /// The text went through a wrong conversion before it reached us (it holds U+FFFD).
    Garbled,
    /// More women than staff.
    WomenExceedStaff { staff: u32 },
    /// The same credit code as an earlier row.
    DuplicateCode { first_row: usize },
    /// The header names no column for this field.
    MissingColumn,
    /// A second header cell names a field an earlier one already names.
    DuplicateColumn,
    /// More non-empty cells than the header has columns (a comma in a cell not in quotes?).
    ExtraCells { header: usize, found: usize },
    /// A quote opens a cell and never closes: the rest of the file would be one cell.
    UnclosedQuote,
    /// Text after a cell's closing quote (`"abc"def`).
    StrayQuote,
    /// No row under the header.
    NoRows,
    /// Nothing at all in the file.
    EmptyFile,
}

/// A refused row: its number as Excel shows it (header = 1), the column, the value as written
/// and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    /// `None` for what concerns the whole row or file (quoting, extra cells, no rows).
    pub column: Option<Column>,
    pub value: String,
    pub problem: RowProblem,
}

impl RowError {
    fn new(row: usize, column: Option<Column>, value: &str, problem: RowProblem) -> RowError {
        RowError {
            row,
            column,
            value: value.to_string(),
            problem,
        }
    }

    /// The message in `lang`: `row 4 credit_code = "123": not a unified social credit code …`.
    /// The value is shown as written, every invisible character made visible.
    pub fn message(&self, lang: Lang) -> String {
        let row = self.row.to_string();
        let field = match self.column {
            Some(c) => trf(
                lang,
                "registry.row_column",
                &[("row", &row), ("column", &c.label(lang))],
            ),
            None => trf(lang, "registry.row", &[("row", &row)]),
        };
        let phrased = |key: &str, args: &[(&str, &str)]| {
            // `Other` carries words phrased here; `Invalid` adds the field and the value shown
            // safely (escapes visible, long values cut), as every other refusal does.
            Invalid::new(&field, &self.value, Problem::Other(trf(lang, key, args))).message(lang)
        };
        match &self.problem {
            RowProblem::Cell(p) => Invalid::new(&field, &self.value, p.clone()).message(lang),
            RowProblem::CodeAsNumber => phrased("registry.code_as_number", &[]),
            RowProblem::Garbled => phrased("registry.garbled", &[]),
            RowProblem::WomenExceedStaff { staff } => phrased(
                "registry.women_exceed_staff",
                &[
                    ("staff", &staff.to_string()),
                    ("column", &Column::Staff.label(lang)),
                ],
            ),
            RowProblem::DuplicateCode { first_row } => phrased(
                "registry.duplicate_code",
                &[("first", &first_row.to_string())],
            ),
            RowProblem::MissingColumn => trf(
                lang,
                "registry.missing_column",
                &[
                    (
                        "column",
                        &self.column.map(|c| c.label(lang)).unwrap_or_default(),
                    ),
                    ("names", &header_names(lang)),
                ],
            ),
            RowProblem::DuplicateColumn => phrased("registry.duplicate_column", &[]),
            RowProblem::ExtraCells { header, found } => phrased(
                "registry.extra_cells",
                &[
                    ("header", &header.to_string()),
                    ("found", &found.to_string()),
                ],
            ),
            RowProblem::UnclosedQuote => trf(lang, "registry.unclosed_quote", &[("row", &row)]),
            RowProblem::StrayQuote => phrased("registry.stray_quote", &[]),
            RowProblem::NoRows => tr(lang, "registry.no_rows"),
            RowProblem::EmptyFile => tr(lang, "registry.empty_file"),
        }
    }
}

/// Every header a column can have, for the message of a missing column.
fn header_names(lang: Lang) -> String {
    Column::ALL
        .iter()
        .map(|c| {
            let mut s = c.label(lang);
            if !c.required() {
                s.push_str(&tr(lang, "registry.optional"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many refusals a message lists; the rest are counted.
pub const MAX_LISTED: usize = 20;

/// Why a file was refused: the first [`MAX_LISTED`] problems in row order and how many there
/// are in all. Nothing of the file was taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{total} problems, the first in row {}", listed.first().map_or(0, |e| e.row))]
pub struct RowErrors {
    pub listed: Vec<RowError>,
    pub total: usize,
}

/// The problems one pass over the file found, in row order: the first [`MAX_LISTED`] kept, all
/// counted (a 30 MB file of the wrong kind would otherwise hold millions of them).
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) kept: Vec<RowError>,
    pub(crate) total: usize,
}

impl Found {
    fn push(&mut self, e: RowError) {
        self.total += 1;
        if self.kept.len() < MAX_LISTED {
            self.kept.push(e);
        }
    }
}

impl RowErrors {
    /// The problems of passes that each found theirs in row order. The first [`MAX_LISTED`]
    /// of all are among the first of each pass, so nothing listed is lost by keeping few.
    fn merge(passes: impl IntoIterator<Item = Found>) -> RowErrors {
        let mut listed = Vec::new();
        let mut total = 0;
        for f in passes {
            total += f.total;
            listed.extend(f.kept);
        }
        // Stable: the problems of one row stay in column order.
        listed.sort_by_key(|e| e.row);
        listed.truncate(MAX_LISTED);
        RowErrors { listed, total }
    }

    /// One line per listed problem, then how many more there are, if any.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = self.listed.iter().map(|e| e.message(lang)).collect();
        if self.total > self.listed.len() {
            out.push(trf(
                lang,
                "registry.more_errors",
                &[("n", &(self.total - self.listed.len()).to_string())],
            ));
        }
        out
    }
}

/// Reads a registry from CSV text: a header row naming the columns (Chinese or English, any
/// order, unknown columns such as 序号 ignored), then one enterprise per row (blank rows
/// skipped). All or nothing: any bad row refuses the whole file, and every problem is reported.
pub fn parse_csv(text: &str) -> Result<Vec<Enterprise>, RowErrors> {
    let (records, quoting) = records(text);
    let mut records = records.into_iter();
    let mut errors = Found::default();
    let Some(header) = records.next() else {
        // No record at all: an empty file, or a quote in the header that never closes.
        if quoting.total == 0 {
            errors.push(RowError::new(1, None, "", RowProblem::EmptyFile));
        }
        return Err(RowErrors::merge([quoting, errors]));
    };
    let index = header_index(&header, &mut errors);
    if errors.total > 0 || quoting.kept.first().is_some_and(|e| e.row == 1) {
        // Without a sound header no cell can be read as what it is.
        return Err(RowErrors::merge([quoting, errors]));
    }
    let mut rows = Vec::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for rec in records {
        if index.blank(&rec) {
            continue;
        }
        let Some(e) = parse_row(&rec, &index, &mut errors) else {
            continue;
        };
        if let Some(first) = codes.get(&e.credit_code) {
            errors.push(RowError::new(
                rec.row,
                Some(Column::CreditCode),
                &e.credit_code,
                RowProblem::DuplicateCode { first_row: *first },
            ));
            continue;
        }
        codes.insert(e.credit_code.clone(), rec.row);
        rows.push(e);
    }
    if rows.is_empty() && errors.total == 0 && quoting.total == 0 {
        errors.push(RowError::new(2, None, "", RowProblem::NoRows));
    }
    if errors.total == 0 && quoting.total == 0 {
        Ok(rows)
    } else {
        Err(RowErrors::merge([quoting, errors]))
    }
}

/// How many cells up to the last non-empty one.
pub(crate) fn filled_width(cells: &[String]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1)
}

/// A column of a CSV file that a header names by one of its aliases (the registry's, the archive
/// import's facts table): what [`Index::of`] needs to find the columns in a header.
pub(crate) trait HeaderColumn: Copy + Ord + 'static {
    /// Every column, in the order problems are reported.
    fn all() -> &'static [Self];
    /// The header texts that name this column, as [`header_key`] leaves them.
    fn aliases(self) -> &'static [&'static str];
    /// Whether the header must have this column.
    fn required(self) -> bool;
}

impl HeaderColumn for Column {
    fn all() -> &'static [Column] {
        &Column::ALL
    }
    fn aliases(self) -> &'static [&'static str] {
        Column::aliases(self)
    }
    fn required(self) -> bool {
        Column::required(self)
    }
}

/// Where each column is in a file, and how wide its header is.
pub(crate) struct Index<C> {
    pub(crate) at: BTreeMap<C, usize>,
    /// How many cells the header has (its last non-empty one, counted from 1).
    pub(crate) width: usize,
}

impl<C: HeaderColumn> Index<C> {
    /// The columns `header` names, and what is wrong with it: a column named twice (at its
    /// second cell) and each required column missing, as (column, cell, problem).
    pub(crate) fn of(header: &Record) -> (Index<C>, Vec<(C, String, RowProblem)>) {
        let mut at: BTreeMap<C, usize> = BTreeMap::new();
        let mut problems = Vec::new();
        for (i, cell) in header.cells.iter().enumerate() {
            let key = header_key(cell);
            let Some(col) = C::all()
                .iter()
                .copied()
                .find(|c| c.aliases().contains(&key.as_str()))
            else {
                continue;
            };
            match at.entry(col) {
                Entry::Occupied(_) => {
                    problems.push((col, cell.clone(), RowProblem::DuplicateColumn));
                }
                Entry::Vacant(v) => {
                    v.insert(i);
                }
            }
        }
        for col in C::all() {
            if col.required() && !at.contains_key(col) {
                problems.push((*col, String::new(), RowProblem::MissingColumn));
            }
        }
        let width = filled_width(&header.cells);
        (Index { at, width }, problems)
    }

    /// Every cell of a known column of `rec` is empty.
    pub(crate) fn nothing_known(&self, rec: &Record) -> bool {
        self.at.values().all(|i| {
            rec.cells
                .get(*i)
                .is_none_or(|c| sanitize_line(c).is_empty())
        })
    }

    /// A row without anything to read: every cell of a known column empty and nothing past the
    /// header's last column. A template's pre-numbered empty rows (only 序号 filled) are blank.
    pub(crate) fn blank(&self, rec: &Record) -> bool {
        self.nothing_known(rec) && filled_width(&rec.cells) <= self.width
    }

    /// The cells of `rec` past the header's last column, joined, and how wide the row is — when
    /// it is wider than the header.
    pub(crate) fn extra(&self, rec: &Record) -> Option<(String, usize)> {
        let width = filled_width(&rec.cells);
        (width > self.width).then(|| {
            let extra = rec.cells.get(self.width..).unwrap_or_default().join(",");
            (extra, width)
        })
    }
}

fn header_index(header: &Record, errors: &mut Found) -> Index<Column> {
    let (index, problems) = Index::of(header);
    for (col, cell, problem) in problems {
        errors.push(RowError::new(1, Some(col), &cell, problem));
    }
    index
}

/// A header cell as compared with the aliases: sanitised, full-width folded, a trailing unit in
/// brackets (`职工人数（人）`) and a required-marker `*` dropped, no spaces, `_` or `-`, lower case.
pub(crate) fn header_key(cell: &str) -> String {
    let mut s = fold_width(&sanitize_line(cell));
    if s.ends_with(')')
        && let Some(open) = s.rfind('(')
        && open > 0
    {
        s.truncate(open);
    }
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Full-width ASCII forms (as a Chinese IME types them: `９１２１`, `（`) and the ideographic
/// space to their ASCII forms.
fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

fn parse_row(rec: &Record, index: &Index<Column>, errors: &mut Found) -> Option<Enterprise> {
    let before = errors.total;
    if let Some((extra, found)) = index.extra(rec) {
        errors.push(RowError::new(
            rec.row,
            None,
            &extra,
            RowProblem::ExtraCells {
                header: index.width,
                found,
            },
        ));
        if index.nothing_known(rec) {
            // Only the stray cells: "empty" for every column would just repeat it.
            return None;
        }
    }
    let cell = |c: Column| {
        index
            .at
            .get(&c)
            .and_then(|i| rec.cells.get(*i))
            .map_or("", String::as_str)
    };
    let mut check = |c: Column, r: Result<(), RowProblem>| {
        if let Err(p) = r {
            errors.push(RowError::new(rec.row, Some(c), cell(c), p));
        }
    };
    let mut e = Enterprise {
        name: String::new(),
        credit_code: String::new(),
        region: String::new(),
        industry: None,
        staff: 0,
        women: None,
        unionised: false,
        high_risk: false,
    };
    check(Column::Name, text(cell(Column::Name)).map(|v| e.name = v));
    check(
        Column::CreditCode,
        credit_code(cell(Column::CreditCode)).map(|v| e.credit_code = v),
    );
    check(
        Column::Region,
        region(cell(Column::Region)).map(|v| e.region = v),
    );
    check(
        Column::Industry,
        optional(cell(Column::Industry), text).map(|v| e.industry = v),
    );
    let staff = count(cell(Column::Staff));
    let women = optional(cell(Column::Women), count);
    if let (Ok(s), Ok(Some(w))) = (&staff, &women)
        && w > s
    {
        check(
            Column::Women,
            Err(RowProblem::WomenExceedStaff { staff: *s }),
        );
    }
    check(Column::Staff, staff.map(|v| e.staff = v));
    check(Column::Women, women.map(|v| e.women = v));
    check(
        Column::Unionised,
        yes_no(cell(Column::Unionised)).map(|v| e.unionised = v),
    );
    check(
        Column::HighRisk,
        optional(cell(Column::HighRisk), yes_no).map(|v| e.high_risk = v.unwrap_or(false)),
    );
    (errors.total == before).then_some(e)
}

/// U+FFFD in a cell means the text was garbled before it reached us: no name is taken that way.
fn not_garbled(v: &str) -> Result<(), RowProblem> {
    if v.contains('\u{FFFD}') {
        Err(RowProblem::Garbled)
    } else {
        Ok(())
    }
}

/// A one-line text, sanitised and bounded as every name is (see `record::line`).
pub(crate) fn text(v: &str) -> Result<String, RowProblem> {
    not_garbled(v)?;
    line("", v).map_err(|e| RowProblem::Cell(e.problem))
}

/// `None` for an empty cell, else what `f` makes of it.
pub(crate) fn optional<T>(
    v: &str,
    f: fn(&str) -> Result<T, RowProblem>,
) -> Result<Option<T>, RowProblem> {
    if sanitize_line(v).is_empty() {
        Ok(None)
    } else {
        f(v).map(Some)
    }
}

/// A registry's credit code: 18 ASCII letters and digits once sanitised, upper-cased;
/// full-width forms are folded first. Looser than a dossier's (`enterprise ID credit_code`,
/// which also checks the GB 32100-2015 check character): a list is read as it was given, and
/// its rows are matched, not recorded as facts.
pub(crate) fn credit_code(v: &str) -> Result<String, RowProblem> {
    not_garbled(v)?;
    let t = fold_width(&sanitize_line(v)).to_ascii_uppercase();
    if t.is_empty() {
        return Err(RowProblem::Cell(Problem::Empty));
    }
    if looks_like_scientific(&t) {
        return Err(RowProblem::CodeAsNumber);
    }
    if t.len() != 18 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(RowProblem::Cell(Problem::BadCreditCode));
    }
    Ok(t)
}

/// `9.12102E+17`, as Excel writes a long number it shows in scientific form.
fn looks_like_scientific(t: &str) -> bool {
    let Some((mantissa, exp)) = t.split_once("E+") else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    digits(whole) && digits(frac) && digits(exp)
}

/// A 6-digit administrative division code, the rule of a new dossier's `--region`.
pub(crate) fn region(v: &str) -> Result<String, RowProblem> {
    not_garbled(v)?;
    let t = fold_width(&sanitize_line(v));
    if t.is_empty() {
        return Err(RowProblem::Cell(Problem::Empty));
    }
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowProblem::Cell(Problem::BadRegionCode));
    }
    Ok(t)
}

/// A headcount; thousands separators (`1,200`, as Excel may save a formatted number) are taken.
pub(crate) fn count(v: &str) -> Result<u32, RowProblem> {
    not_garbled(v)?;
    let t = fold_width(&sanitize_line(v));
    if t.is_empty() {
        return Err(RowProblem::Cell(Problem::Empty));
    }
    let t = without_thousands(&t).unwrap_or(t);
    parse_count("", &t, MAX_COUNT).map_err(|e| RowProblem::Cell(e.problem))
}

/// `1,234,567` without its separators; `None` when the commas are not every three digits.
pub(crate) fn without_thousands(t: &str) -> Option<String> {
    let mut groups = t.split(',');
    let first = groups.next()?;
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let mut out = first.to_string();
    let mut any = false;
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return None;
        }
        out.push_str(g);
        any = true;
    }
    (any && (1..=3).contains(&first.len()) && digits(first)).then_some(out)
}

/// The yes/no words registries use.
const YES_NO: &str = "是, 否, yes, no, 1, 0, Y, N";

fn yes_no(v: &str) -> Result<bool, RowProblem> {
    not_garbled(v)?;
    let t = fold_width(&sanitize_line(v)).to_lowercase();
    match t.as_str() {
        "" => Err(RowProblem::Cell(Problem::Empty)),
        "是" | "yes" | "y" | "1" | "true" => Ok(true),
        "否" | "no" | "n" | "0" | "false" => Ok(false),
        _ => Err(RowProblem::Cell(Problem::UnknownKey {
            valid: YES_NO.into(),
        })),
    }
}

/// One record of the file: its row number as Excel shows it (a quoted cell may span lines, and
/// is still one row) and its cells as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) row: usize,
    pub(crate) cells: Vec<String>,
}

/// Splits CSV text into records (RFC 4180 as Excel and WPS write it): cells separated by `,`,
/// records by CRLF, LF or a lone CR; a cell that starts with `"` runs to the next lone `"` and
/// `""` inside it is one `"`; a `"` inside an unquoted cell is an ordinary character. A leading
/// BOM is dropped. Quoting problems are returned beside the records.
pub(crate) fn records(text: &str) -> (Vec<Record>, Found) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    let mut errors = Found::default();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut row = 1;
    // True until the current cell has any character: only then does a `"` open quoting.
    let mut fresh = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if fresh => {
                fresh = false;
                let mut closed = false;
                while let Some(q) = chars.next() {
                    if q == '"' {
                        if chars.peek() == Some(&'"') {
                            chars.next();
                            cell.push('"');
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        cell.push(q);
                    }
                }
                if !closed {
                    // The rest of the file is one cell: no row from here on can be read as
                    // meant, so none is (its cells would only add misleading refusals).
                    errors.push(RowError::new(row, None, &cell, RowProblem::UnclosedQuote));
                    return (out, errors);
                }
                if !matches!(chars.peek(), None | Some(',' | '\r' | '\n')) {
                    // What follows is kept (as Excel would show it) but the row is refused.
                    errors.push(RowError::new(row, None, &cell, RowProblem::StrayQuote));
                }
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                fresh = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                cells.push(std::mem::take(&mut cell));
                out.push(Record {
                    row,
                    cells: std::mem::take(&mut cells),
                });
                row += 1;
                fresh = true;
            }
            c => {
                cell.push(c);
                fresh = false;
            }
        }
    }
    if !cells.is_empty() || !fresh {
        cells.push(cell);
        out.push(Record { row, cells });
    }
    (out, errors)
}

/// How a dossier was matched to a registry row.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    CreditCode,
    /// The dossier has no credit code; its enterprise's name is the registry row's (and no
    /// other row's).
    Name,
}

/// A dossier linked to a registry row.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    /// The dossier's key (`ID`, or `CODE/ID` for one received from another union).
    pub key: String,
    pub kind: ContractKind,
    pub by: MatchedBy,
}

/// A registry row with the dossiers of its enterprise (none, one, or several: a wage agreement,
/// a women's special contract, the next year's …).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Match {
    #[serde(flatten)]
    pub enterprise: Enterprise,
    pub dossiers: Vec<Linked>,
}

/// A dossier whose enterprise is not in the registry.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Unregistered {
    pub key: String,
    pub kind: ContractKind,
    /// The enterprise's name as the dossier has it (sanitised).
    pub name: String,
    pub credit_code: Option<String>,
    /// Credit codes of registry rows with the dossier's name: a code that differs (a typo on
    /// one side?), or several rows of that name when the dossier has no code to choose by.
    pub same_name: Vec<String>,
}

/// The registry matched to the dossiers.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Matching {
    /// Every registry row, in registry order, with its dossiers in key order.
    pub matches: Vec<Match>,
    /// The dossiers naming an enterprise not in the registry, in key order.
    pub unregistered: Vec<Unregistered>,
}

/// Matches each dossier to the registry row with its enterprise's credit code, or, when the
/// dossier has no credit code, to the one row with the same name (full- and half-width forms and
/// spaces aside). Area and sector contracts are for many enterprises and are left out.
pub fn match_dossiers<'a>(
    registry: &[Enterprise],
    dossiers: impl IntoIterator<Item = (&'a str, &'a Dossier)>,
) -> Matching {
    let mut matches: Vec<Match> = registry
        .iter()
        .map(|e| Match {
            enterprise: e.clone(),
            dossiers: Vec::new(),
        })
        .collect();
    let by_code: BTreeMap<&str, usize> = registry
        .iter()
        .enumerate()
        .map(|(i, e)| (e.credit_code.as_str(), i))
        .collect();
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in registry.iter().enumerate() {
        by_name.entry(name_key(&e.name)).or_default().push(i);
    }
    let mut unregistered = Vec::new();
    let mut dossiers: Vec<(&str, &Dossier)> = dossiers.into_iter().collect();
    dossiers.sort_by_key(|(k, _)| *k);
    for (key, d) in dossiers {
        if d.area_or_sector {
            continue;
        }
        let code = d
            .enterprise
            .credit_code
            .as_deref()
            .map(|c| sanitize_line(c).to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        let named = by_name
            .get(&name_key(&d.enterprise.name))
            .map_or(&[][..], Vec::as_slice);
        let found = match &code {
            Some(c) => by_code.get(c.as_str()).map(|i| (*i, MatchedBy::CreditCode)),
            None => match named {
                [one] => Some((*one, MatchedBy::Name)),
                _ => None,
            },
        };
        match found.and_then(|(i, by)| matches.get_mut(i).map(|m| (m, by))) {
            Some((m, by)) => m.dossiers.push(Linked {
                key: key.to_string(),
                kind: d.kind,
                by,
            }),
            None => unregistered.push(Unregistered {
                key: key.to_string(),
                kind: d.kind,
                name: sanitize_line(&d.enterprise.name),
                credit_code: code,
                same_name: named
                    .iter()
                    .filter_map(|i| registry.get(*i))
                    .map(|e| e.credit_code.clone())
                    .collect(),
            }),
        }
    }
    Matching {
        matches,
        unregistered,
    }
}

/// A name as compared: sanitised, full-width forms folded (`（集团）` = `(集团)`), no spaces.
fn name_key(name: &str) -> String {
    fold_width(&sanitize_line(name))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::Enterprise as DossierEnterprise;
    use proptest::prelude::*;

    const HEADER: &str = "企业名称,统一社会信用代码,地区,行业,职工人数,女职工人数,是否建会,高危";

    fn csv(rows: &[&str]) -> String {
        let mut s = String::from(HEADER);
        for r in rows {
            s.push_str("\r\n");
            s.push_str(r);
        }
        s.push_str("\r\n");
        s
    }

    const ROW_A: &str = "大连甲机械有限公司,91210211MA0ABCDE12,210211,制造业,320,120,是,否";
    const ROW_B: &str = "大连乙化工有限公司,91210213MA0FGHJK34,210213,化工,80,10,否,是";

    /// Writes records as Excel does: a cell quoted when it holds a separator, a quote or a line
    /// break (or could be mistaken for a BOM or a blank line), quotes doubled; CRLF after each.
    fn write(records: &[Vec<String>]) -> String {
        let mut out = String::new();
        for r in records {
            let lone_empty = r.len() == 1 && r.first().is_some_and(String::is_empty);
            let cells: Vec<String> = r
                .iter()
                .map(|c| {
                    if lone_empty || c.starts_with('\u{FEFF}') || c.contains([',', '"', '\r', '\n'])
                    {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        out
    }

    fn problems(text: &str) -> Vec<(usize, Option<Column>, RowProblem)> {
        parse_csv(text)
            .unwrap_err()
            .listed
            .into_iter()
            .map(|e| (e.row, e.column, e.problem))
            .collect()
    }

    #[test]
    fn a_registry_with_chinese_headers_is_read() {
        let got = parse_csv(&format!("\u{FEFF}{}", csv(&[ROW_A, ROW_B]))).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0],
            Enterprise {
                name: "大连甲机械有限公司".into(),
                credit_code: "91210211MA0ABCDE12".into(),
                region: "210211".into(),
                industry: Some("制造业".into()),
                staff: 320,
                women: Some(120),
                unionised: true,
                high_risk: false,
            }
        );
        assert!(got[1].high_risk && !got[1].unionised);
    }

    #[test]
    fn english_headers_in_another_order_with_units_and_unknown_columns() {
        let text = "No.,high_risk,Staff,Name,Credit Code,unionised,region\n\
                    1,N,\"1,200\",\"Dalian \"\"Bohai\"\" Co., Ltd.\",91210200ma0xyz0001,yes,210200\n";
        let got = parse_csv(text).unwrap();
        assert_eq!(got[0].name, "Dalian \"Bohai\" Co., Ltd.");
        assert_eq!(got[0].credit_code, "91210200MA0XYZ0001");
        assert_eq!(got[0].staff, 1200);
        assert_eq!(got[0].women, None);
        assert_eq!(got[0].industry, None);
        let units = "*企业名称,统一社会信用代码,行政区划代码,职工人数（人）,已建会,高危\n\
                     大连丙公司,９１２１０２００ＭＡ０ＸＹＺ０００２,２１０２００,５０,是,\n";
        let got = parse_csv(units).unwrap();
        assert_eq!(got[0].credit_code, "91210200MA0XYZ0002");
        assert_eq!((got[0].staff, got[0].high_risk), (50, false));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_excel_row_number() {
        let text = csv(&[
            ROW_A,
            "大连丁公司,12345,210211,,10,,是,否",
            "",
            "大连戊公司,91210211MA0ZZZZZ99,21021,,十,,也许,否",
            ROW_B,
        ]);
        assert_eq!(
            problems(&text),
            vec![
                (
                    3,
                    Some(Column::CreditCode),
                    RowProblem::Cell(Problem::BadCreditCode)
                ),
                (
                    5,
                    Some(Column::Region),
                    RowProblem::Cell(Problem::BadRegionCode)
                ),
                (
                    5,
                    Some(Column::Staff),
                    RowProblem::Cell(Problem::NotANumber)
                ),
                (
                    5,
                    Some(Column::Unionised),
                    RowProblem::Cell(Problem::UnknownKey {
                        valid: YES_NO.into()
                    })
                ),
            ]
        );
    }

    #[test]
    fn a_quoted_line_break_is_one_row() {
        let text = csv(&[
            "\"大连甲机械\n有限公司\",91210211MA0ABCDE12,210211,,320,120,是,否",
            "大连丁公司,X,210211,,10,,是,否",
        ]);
        assert_eq!(problems(&text)[0].0, 3);
    }

    #[test]
    fn duplicate_codes_name_both_rows() {
        let again = ROW_A.replace("甲", "己");
        let e = parse_csv(&csv(&[ROW_A, ROW_B, &again])).unwrap_err();
        assert_eq!(e.total, 1);
        assert_eq!(e.listed[0].row, 4);
        assert_eq!(
            e.listed[0].problem,
            RowProblem::DuplicateCode { first_row: 2 }
        );
        let m = e.listed[0].message(Lang::ZhCn);
        assert!(m.contains("第4行") && m.contains("第2行"), "{m}");
    }

    #[test]
    fn header_problems_stop_before_the_rows() {
        let text = "名称,名称,地区\n甲,1,2\n";
        let p = problems(text);
        assert!(p.iter().all(|(row, _, _)| *row == 1), "{p:?}");
        assert!(p.contains(&(1, Some(Column::Name), RowProblem::DuplicateColumn)));
        assert!(p.contains(&(1, Some(Column::CreditCode), RowProblem::MissingColumn)));
        assert!(!p.contains(&(1, Some(Column::Women), RowProblem::MissingColumn)));
        assert_eq!(problems(""), vec![(1, None, RowProblem::EmptyFile)]);
        assert_eq!(
            problems("名称,\"信用代码\n甲,1\n"),
            vec![(1, None, RowProblem::UnclosedQuote)]
        );
        assert_eq!(problems(HEADER), vec![(2, None, RowProblem::NoRows)]);
    }

    #[test]
    fn excel_damage_is_named() {
        let text = csv(&[
            "甲,9.12102E+17,210211,,10,,是,否",
            "乙,91210211MA0ABCDE12,210211,,10,20,是,否",
            "丙,91210211MA0ABCDE13,210211,,10,,是,否,多余",
            "丁\u{FFFD},91210211MA0ABCDE14,210211,,10,,是,否",
            "\"戊\"公司,91210211MA0ABCDE15,210211,,10,,是,否",
        ]);
        let p: Vec<_> = problems(&text)
            .into_iter()
            .map(|(r, _, p)| (r, p))
            .collect();
        assert_eq!(
            p,
            vec![
                (2, RowProblem::CodeAsNumber),
                (3, RowProblem::WomenExceedStaff { staff: 10 }),
                (
                    4,
                    RowProblem::ExtraCells {
                        header: 8,
                        found: 9
                    }
                ),
                (5, RowProblem::Garbled),
                (6, RowProblem::StrayQuote),
            ]
        );
        assert_eq!(
            problems(&format!("{HEADER}\n{ROW_A}\n\"甲,乙\n{ROW_B}\n")),
            vec![(3, None, RowProblem::UnclosedQuote)]
        );
    }

    #[test]
    fn a_templates_numbered_empty_rows_are_blank() {
        let text = format!("序号,{HEADER}\n1,{ROW_A}\n2,,,,,,,,\n3\n\n");
        assert_eq!(parse_csv(&text).unwrap().len(), 1);
        // Something past the header's last column is not blank: a shifted row is named.
        let text = format!("序号,{HEADER}\n1,{ROW_A}\n2,,,,,,,,,x\n");
        assert_eq!(
            problems(&text),
            vec![(
                3,
                None,
                RowProblem::ExtraCells {
                    header: 9,
                    found: 10
                }
            )]
        );
    }

    #[test]
    fn only_the_first_problems_are_listed_and_all_are_counted() {
        let bad: Vec<String> = (0..30)
            .map(|i| format!("甲{i},BAD,210211,,10,,是,否"))
            .collect();
        let rows: Vec<&str> = bad.iter().map(String::as_str).collect();
        let e = parse_csv(&csv(&rows)).unwrap_err();
        assert_eq!((e.listed.len(), e.total), (MAX_LISTED, 30));
        let lines = e.lines(Lang::En);
        assert_eq!(lines.len(), MAX_LISTED + 1);
        assert!(lines[MAX_LISTED].contains("10"), "{lines:?}");
        // Stray quotes (found while splitting) and bad cells (found while reading rows) merge
        // in row order, whichever pass found them.
        let mut rows: Vec<String> = (0..30)
            .map(|i| format!("甲{i},BAD,210211,,10,,是,否"))
            .collect();
        rows[3] = format!("\"乙\"x,{}", ROW_A.split_once(',').unwrap().1);
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let e = parse_csv(&csv(&rows)).unwrap_err();
        assert_eq!(e.total, 30);
        assert_eq!(e.listed[3].row, 5);
        assert_eq!(e.listed[3].problem, RowProblem::StrayQuote);
    }

    #[test]
    fn messages_name_row_column_value_and_rule_in_both_languages() {
        let e = parse_csv(&csv(&["甲\u{1b}[31m,BAD\u{202E},210211,,10,,是,否"])).unwrap_err();
        let en = e.listed[0].message(Lang::En);
        assert!(
            en.starts_with("row 2 credit_code = \"BAD\\u{202E}\""),
            "{en}"
        );
        let zh = e.listed[0].message(Lang::ZhCn);
        assert!(zh.starts_with("第2行 统一社会信用代码"), "{zh}");
        for lang in [Lang::En, Lang::ZhCn] {
            for p in [
                RowProblem::CodeAsNumber,
                RowProblem::Garbled,
                RowProblem::WomenExceedStaff { staff: 3 },
                RowProblem::DuplicateCode { first_row: 2 },
                RowProblem::MissingColumn,
                RowProblem::DuplicateColumn,
                RowProblem::ExtraCells {
                    header: 8,
                    found: 9,
                },
                RowProblem::UnclosedQuote,
                RowProblem::StrayQuote,
                RowProblem::NoRows,
                RowProblem::EmptyFile,
            ] {
                let m = RowError::new(3, Some(Column::Staff), "x", p).message(lang);
                assert!(!m.contains("registry."), "untranslated: {m}");
            }
        }
    }

    fn dossier(id: &str, name: &str, code: Option<&str>) -> Dossier {
        Dossier::new(
            id.into(),
            ContractKind::Wage,
            DossierEnterprise {
                name: name.into(),
                credit_code: code.map(str::to_string),
                region: "210211".into(),
                ..DossierEnterprise::default()
            },
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        )
    }

    #[test]
    fn dossiers_match_by_code_then_by_name() {
        let reg = parse_csv(&csv(&[ROW_A, ROW_B])).unwrap();
        let by_code = dossier("a", "另一个名字", Some("91210211MA0ABCDE12"));
        let by_name = dossier("b", "大连乙化工有限公司", None);
        let wrong_code = dossier("c", "大连乙化工有限公司", Some("91210211MA0ABCDE99"));
        let stranger = dossier("d", "大连庚公司", None);
        let mut area = dossier("e", "甘井子区餐饮行业", None);
        area.area_or_sector = true;
        let m = match_dossiers(
            &reg,
            [
                ("d", &stranger),
                ("a", &by_code),
                ("b", &by_name),
                ("c", &wrong_code),
                ("e", &area),
            ],
        );
        assert_eq!(m.matches[0].dossiers[0].key, "a");
        assert_eq!(m.matches[0].dossiers[0].by, MatchedBy::CreditCode);
        assert_eq!(m.matches[1].dossiers[0].by, MatchedBy::Name);
        assert_eq!(m.matches[1].dossiers.len(), 1);
        let keys: Vec<_> = m.unregistered.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(keys, ["c", "d"]);
        assert_eq!(m.unregistered[0].same_name, ["91210213MA0FGHJK34"]);
        assert!(m.unregistered[1].same_name.is_empty());
    }

    #[test]
    fn names_match_across_full_and_half_width_but_not_when_ambiguous() {
        let reg = parse_csv(&csv(&[
            "大连辛（集团）有限公司,91210211MA0ABCDE12,210211,,10,,是,否",
            "大连壬公司,91210211MA0ABCDE13,210211,,10,,是,否",
            "大连壬公司,91210211MA0ABCDE14,210212,,10,,是,否",
        ]))
        .unwrap();
        let a = dossier("a", "大连辛(集团)有限公司", None);
        let b = dossier("b", "大连壬公司", None);
        let m = match_dossiers(&reg, [("a", &a), ("b", &b)]);
        assert_eq!(m.matches[0].dossiers.len(), 1);
        assert_eq!(m.unregistered[0].key, "b");
        assert_eq!(m.unregistered[0].same_name.len(), 2);
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z,\"\r\n 甲乙]{0,8}".prop_map(String::from),
        ]
    }

    proptest! {
        #[test]
        fn written_records_read_back_the_same(
            records in prop::collection::vec(prop::collection::vec(cell(), 1..5), 0..6)
        ) {
            let text = write(&records);
            let (got, errors) = super::records(&text);
            prop_assert!(errors.total == 0, "{:?}", errors);
            let cells: Vec<Vec<String>> = got.iter().map(|r| r.cells.clone()).collect();
            prop_assert_eq!(cells, records.clone());
            let rows: Vec<usize> = got.iter().map(|r| r.row).collect();
            prop_assert_eq!(rows, (1..=records.len()).collect::<Vec<_>>());
        }

        #[test]
        fn any_text_is_read_or_refused_without_panicking(s in any::<String>()) {
            let _ = parse_csv(&s);
            let _ = parse_csv(&format!("{HEADER}\n{s}"));
        }

        #[test]
        fn any_bytes_are_read_or_refused_without_panicking(
            b in prop::collection::vec(any::<u8>(), 0..256)
        ) {
            let s = String::from_utf8_lossy(&b);
            let _ = parse_csv(&format!("{HEADER}\n{s}"));
        }

        #[test]
        fn a_refusal_lists_at_most_the_limit_in_row_order(
            rows in prop::collection::vec("[甲,0-9A-Z是否\"]{0,30}", 0..40)
        ) {
            if let Err(e) = parse_csv(&csv(&rows.iter().map(String::as_str).collect::<Vec<_>>())) {
                prop_assert!(e.listed.len() <= MAX_LISTED && e.listed.len() <= e.total);
                prop_assert!(e.listed.windows(2).all(|w| w[0].row <= w[1].row));
            }
        }
    }
}

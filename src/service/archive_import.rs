//! `archive import` (issue #10): agreements signed before xieshang, brought into the archive from a
//! folder of their texts and a table of their facts. Each row becomes an archive-only dossier — a
//! dossier folder and repository like any other, the facts in `dossier.json` (marked `imported`),
//! the text as found in `contract.md`, one commit and the sealed `signed` tag — so search, stats,
//! `list` and `verify` treat it as any signed agreement.
//!
//! This module owns the facts table (its columns, their Chinese and English headers, the rules of
//! a row), what an imported dossier records and the order of the action: every row checked, its
//! file read too, before anything is written; all rows or none; a file already imported for the
//! same enterprise skipped, so importing a folder twice adds nothing. The CSV is split and its
//! cells checked by the enterprise registry's reader (`domain::registry`), the file decoded by the
//! store, which also reads the texts and builds the dossiers. It prints nothing.

use super::{Failure, Service};
use crate::domain::event::{Event, commit_message};
use crate::domain::registry::{
    self, HeaderColumn, Record, RowError, RowProblem, count, credit_code, optional, records,
    region, text,
};
use crate::domain::seal::Seal;
use crate::domain::values::{halfwidth, parse_date, parse_percent_bp};
use crate::domain::{ContractKind, Dossier, Enterprise, Imported, Invalid, Problem, Role, Signing};
use crate::i18n::{Lang, tr, trf};
use crate::store::archive_import::{NewArchived, Unreadable, agreements_dir, read_agreement};
use crate::store::registry::{Encoding, ReadError, Undecodable, read_csv};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// How many problems a refusal lists. "Every bad row" for any real archive (hundreds of
/// agreements); a file of the wrong kind, with a problem on each of a million lines, is counted
/// rather than printed.
const MAX_LISTED: usize = 1000;

/// A column of the facts table.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FactColumn {
    File,
    Enterprise,
    CreditCode,
    Region,
    Industry,
    Kind,
    Signed,
    Effective,
    Expiry,
    Staff,
    Increase,
}

impl FactColumn {
    const ALL: [FactColumn; 11] = [
        FactColumn::File,
        FactColumn::Enterprise,
        FactColumn::CreditCode,
        FactColumn::Region,
        FactColumn::Industry,
        FactColumn::Kind,
        FactColumn::Signed,
        FactColumn::Effective,
        FactColumn::Expiry,
        FactColumn::Staff,
        FactColumn::Increase,
    ];

    fn key(self) -> &'static str {
        match self {
            FactColumn::File => "file",
            FactColumn::Enterprise => "enterprise",
            FactColumn::CreditCode => "credit_code",
            FactColumn::Region => "region",
            FactColumn::Industry => "industry",
            FactColumn::Kind => "kind",
            FactColumn::Signed => "signed",
            FactColumn::Effective => "effective",
            FactColumn::Expiry => "expiry",
            FactColumn::Staff => "staff",
            FactColumn::Increase => "increase",
        }
    }

    fn label(self, lang: Lang) -> String {
        tr(lang, &format!("archive_import.column.{}", self.key()))
    }

    /// What every agreement has and the archive cannot do without. A credit code is optional:
    /// agreements from before 2015 were signed by enterprises without one.
    fn required(self) -> bool {
        matches!(
            self,
            FactColumn::File
                | FactColumn::Enterprise
                | FactColumn::Region
                | FactColumn::Kind
                | FactColumn::Signed
        )
    }

    /// The header texts that name this column, as `header_key` leaves them (units in brackets,
    /// spaces, `_`, `-` and `*` dropped, lower case).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            FactColumn::File => &["文件名", "文件", "文件名称", "文本", "file", "filename"],
            FactColumn::Enterprise => {
                &["企业名称", "企业", "单位名称", "名称", "enterprise", "name"]
            }
            FactColumn::CreditCode => &["统一社会信用代码", "信用代码", "creditcode"],
            FactColumn::Region => &["行政区划代码", "区划代码", "地区代码", "地区", "region"],
            FactColumn::Industry => &["行业", "所属行业", "industry"],
            FactColumn::Kind => &["合同类型", "合同种类", "类型", "kind", "type"],
            FactColumn::Signed => &["签订日期", "签字日期", "签订时间", "signed", "signeddate"],
            FactColumn::Effective => &["生效日期", "生效时间", "effective", "effectivedate"],
            FactColumn::Expiry => &[
                "终止日期",
                "到期日期",
                "期满日期",
                "expiry",
                "expires",
                "expirydate",
            ],
            FactColumn::Staff => &[
                "覆盖职工人数",
                "覆盖人数",
                "staffcovered",
                "covered",
                "staff",
            ],
            FactColumn::Increase => &[
                "工资增长幅度",
                "平均工资增长幅度",
                "增长幅度",
                "agreedincrease",
                "increase",
            ],
        }
    }
}

/// What is wrong with a row of the facts table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FactProblem {
    /// A cell, the header or the quoting, in the registry reader's words.
    Row(RowProblem),
    /// A date earlier than the date of another column it cannot precede.
    Before { other: FactColumn, date: NaiveDate },
    /// The named file cannot be taken.
    File(Unreadable),
    /// The same file for the same enterprise as an earlier row.
    Duplicate { first_row: usize },
}

/// A refused row: its number as Excel shows it (header = 1), the column, the value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FactError {
    pub(crate) row: usize,
    pub(crate) column: Option<FactColumn>,
    pub(crate) value: String,
    pub(crate) problem: FactProblem,
}

impl FactError {
    fn new(row: usize, column: Option<FactColumn>, value: &str, problem: FactProblem) -> Self {
        FactError {
            row,
            column,
            value: value.to_string(),
            problem,
        }
    }

    /// `row 3 signed = "2019-02-30": not a calendar date …`, the value shown as written with
    /// every invisible character made visible.
    pub(crate) fn message(&self, lang: Lang) -> String {
        let row = self.row.to_string();
        let field = match self.column {
            Some(c) => trf(
                lang,
                "registry.row_column",
                &[("row", &row), ("column", &c.label(lang))],
            ),
            None => trf(lang, "registry.row", &[("row", &row)]),
        };
        let phrased =
            |words: String| Invalid::new(&field, &self.value, Problem::Other(words)).message(lang);
        match &self.problem {
            FactProblem::Row(RowProblem::Cell(p)) => {
                Invalid::new(&field, &self.value, p.clone()).message(lang)
            }
            FactProblem::Row(RowProblem::CodeAsNumber) => {
                phrased(tr(lang, "registry.code_as_number"))
            }
            FactProblem::Row(RowProblem::Garbled) => phrased(tr(lang, "registry.garbled")),
            FactProblem::Row(RowProblem::DuplicateColumn) => {
                phrased(tr(lang, "registry.duplicate_column"))
            }
            FactProblem::Row(RowProblem::MissingColumn) => trf(
                lang,
                "archive_import.missing_column",
                &[
                    (
                        "column",
                        &self.column.map(|c| c.label(lang)).unwrap_or_default(),
                    ),
                    ("names", &header_names(lang)),
                ],
            ),
            FactProblem::Row(RowProblem::NoRows) => tr(lang, "archive_import.no_rows"),
            // Quoting, stray cells, an empty file: the registry's words fit the facts table.
            FactProblem::Row(p) => RowError {
                row: self.row,
                column: None,
                value: self.value.clone(),
                problem: p.clone(),
            }
            .message(lang),
            FactProblem::Before { other, date } => phrased(trf(
                lang,
                "invalid.before",
                &[
                    ("other", &other.label(lang)),
                    ("other_value", &date.to_string()),
                ],
            )),
            FactProblem::File(u) => phrased(unreadable_words(lang, u)),
            FactProblem::Duplicate { first_row } => phrased(trf(
                lang,
                "archive_import.duplicate_row",
                &[("first", &first_row.to_string())],
            )),
        }
    }
}

/// Every header a column can have, for the message of a missing column.
fn header_names(lang: Lang) -> String {
    FactColumn::ALL
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

/// Why a PDF gave no text, in `lang`.
fn pdf_words(lang: Lang, p: &crate::store::pdf_text::PdfProblem) -> String {
    use crate::store::pdf_text::PdfProblem;
    let key = |k: &str| format!("archive_import.pdf.{k}");
    match p {
        PdfProblem::NoProgram { program } => trf(
            lang,
            &key("no_program"),
            &[("program", &sanitize_line(program))],
        ),
        PdfProblem::TimedOut { seconds } => trf(
            lang,
            &key("timed_out"),
            &[("seconds", &seconds.to_string())],
        ),
        PdfProblem::Failed { detail } => {
            trf(lang, &key("failed"), &[("detail", &sanitize_line(detail))])
        }
        PdfProblem::TooLarge { max_bytes } => trf(
            lang,
            "invalid.too_large",
            &[("max", &max_bytes.to_string())],
        ),
        PdfProblem::NoText => tr(lang, &key("no_text")),
    }
}

/// Why a file (or the folder) is not taken, in `lang`.
pub(crate) fn unreadable_words(lang: Lang, u: &Unreadable) -> String {
    let key = |k: &str| format!("archive_import.file.{k}");
    match u {
        Unreadable::Absolute => tr(lang, &key("absolute")),
        Unreadable::Parent => tr(lang, &key("parent")),
        Unreadable::Invisible => tr(lang, &key("invisible")),
        Unreadable::Outside => tr(lang, &key("outside")),
        Unreadable::Missing => tr(lang, &key("missing")),
        Unreadable::NotAFile => tr(lang, "invalid.not_a_file"),
        Unreadable::NotAFolder => tr(lang, &key("not_a_folder")),
        Unreadable::TooLarge { max_bytes } => trf(
            lang,
            "invalid.too_large",
            &[("max", &max_bytes.to_string())],
        ),
        Unreadable::OutOfScope { format } => trf(lang, &key("out_of_scope"), &[("format", format)]),
        // Documents are recognised by their signature before decoding; a workbook is not a text
        // either.
        Unreadable::NotText | Unreadable::Undecodable(Undecodable::Workbook) => {
            tr(lang, &key("not_text"))
        }
        Unreadable::Undecodable(Undecodable::Utf16) => tr(lang, &key("utf16")),
        Unreadable::Undecodable(Undecodable::Bad { line, byte }) => trf(
            lang,
            &key("undecodable"),
            &[("line", &line.to_string()), ("byte", &byte.to_string())],
        ),
        Unreadable::Empty => tr(lang, &key("empty")),
        Unreadable::Pdf(p) => pdf_words(lang, p),
        Unreadable::DocxFile(e) => super::word_import::file_message(e, lang),
        Unreadable::Docx(e) => e.message(lang),
        Unreadable::Io(detail) => trf(lang, &key("io"), &[("detail", &sanitize_line(detail))]),
    }
}

/// The problems found, in row order: the first [`MAX_LISTED`] kept, all counted.
#[derive(Debug, Default)]
struct Problems {
    kept: Vec<FactError>,
    total: usize,
}

impl Problems {
    fn push(&mut self, e: FactError) {
        self.total += 1;
        if self.kept.len() < MAX_LISTED {
            self.kept.push(e);
        }
    }
}

/// Why an import was refused: the problems in row order (at most [`MAX_LISTED`]) and how many
/// there are in all. Nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FactErrors {
    pub(crate) listed: Vec<FactError>,
    pub(crate) total: usize,
}

/// One good row of the facts table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FactRow {
    row: usize,
    /// As written (trimmed): the store decides whether it may be opened.
    file: String,
    enterprise: String,
    credit_code: Option<String>,
    region: String,
    industry: Option<String>,
    kind: ContractKind,
    signed: NaiveDate,
    effective: Option<NaiveDate>,
    expiry: Option<NaiveDate>,
    staff: Option<u32>,
    increase_bp: Option<i32>,
}

/// The kinds and the words a facts table names them by (as [`kind`] folds a cell).
const KINDS: [(ContractKind, &[&str]); 4] = [
    (
        ContractKind::Wage,
        &[
            "工资专项",
            "工资专项集体合同",
            "工资专项合同",
            "工资集体协议",
            "工资协议",
            "wage",
        ],
    ),
    (
        ContractKind::Comprehensive,
        &[
            "综合",
            "综合集体合同",
            "综合性集体合同",
            "集体合同",
            "comprehensive",
        ],
    ),
    (
        ContractKind::Safety,
        &[
            "劳动安全卫生",
            "劳动安全卫生专项",
            "劳动安全卫生专项集体合同",
            "安全卫生",
            "safety",
        ],
    ),
    (
        ContractKind::Women,
        &[
            "女职工",
            "女职工权益保护",
            "女职工权益保护专项",
            "女职工权益保护专项集体合同",
            "女职工专项",
            "women",
        ],
    ),
];

fn kind(v: &str) -> Result<ContractKind, RowProblem> {
    let t: String = halfwidth(&sanitize_line(v))
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if t.is_empty() {
        return Err(RowProblem::Cell(Problem::Empty));
    }
    KINDS
        .iter()
        .find(|(_, names)| names.contains(&t.as_str()))
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            RowProblem::Cell(Problem::UnknownKey {
                valid: "工资专项, 综合, 劳动安全卫生, 女职工, wage, comprehensive, safety, women"
                    .into(),
            })
        })
}

/// A date as Excel and WPS save it: `2019-03-15`, `2019/3/15`, `2019.3.15` or `2019年3月15日`;
/// the day must exist.
fn date(v: &str) -> Result<NaiveDate, RowProblem> {
    let not_a_date = || RowProblem::Cell(Problem::NotADate);
    let t = halfwidth(&sanitize_line(v));
    if t.is_empty() {
        return Err(RowProblem::Cell(Problem::Empty));
    }
    let t = t
        .strip_suffix('日')
        .unwrap_or(&t)
        .replace(['年', '月', '/', '.'], "-");
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(not_a_date());
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return Err(not_a_date());
    }
    parse_date("", &format!("{y}-{m:0>2}-{d:0>2}")).map_err(|_| not_a_date())
}

fn percent(v: &str) -> Result<i32, RowProblem> {
    parse_percent_bp("", &sanitize_line(v), true).map_err(|e| RowProblem::Cell(e.problem))
}

impl HeaderColumn for FactColumn {
    fn all() -> &'static [FactColumn] {
        &FactColumn::ALL
    }
    fn aliases(self) -> &'static [&'static str] {
        FactColumn::aliases(self)
    }
    fn required(self) -> bool {
        FactColumn::required(self)
    }
}

type Index = registry::Index<FactColumn>;

fn header_index(header: &Record, problems: &mut Problems) -> Index {
    let (index, found) = Index::of(header);
    for (col, cell, problem) in found {
        problems.push(FactError::new(
            1,
            Some(col),
            &cell,
            FactProblem::Row(problem),
        ));
    }
    index
}

/// The rows of the facts table `text` that are good, and the problems of the others (a bad
/// header stops before the rows: no cell can be read as what it is).
fn parse_facts(text: &str) -> (Vec<FactRow>, Problems) {
    let (records, quoting) = records(text);
    let mut problems = Problems::default();
    for e in quoting.kept {
        problems.push(FactError::new(
            e.row,
            None,
            &e.value,
            FactProblem::Row(e.problem),
        ));
    }
    // Quoting problems past the registry reader's own limit are counted, not kept.
    problems.total = quoting.total;
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        if problems.total == 0 {
            problems.push(FactError::new(
                1,
                None,
                "",
                FactProblem::Row(RowProblem::EmptyFile),
            ));
        }
        return (Vec::new(), problems);
    };
    let before = problems.total;
    let index = header_index(&header, &mut problems);
    if problems.total > before || problems.kept.first().is_some_and(|e| e.row == 1) {
        return (Vec::new(), problems);
    }
    let mut rows = Vec::new();
    let mut any = false;
    for rec in records {
        if index.blank(&rec) {
            continue;
        }
        any = true;
        if let Some((extra, found)) = index.extra(&rec) {
            problems.push(FactError::new(
                rec.row,
                None,
                &extra,
                FactProblem::Row(RowProblem::ExtraCells {
                    header: index.width,
                    found,
                }),
            ));
            continue;
        }
        if let Some(r) = parse_row(&rec, &index, &mut problems) {
            rows.push(r);
        }
    }
    if !any && problems.total == 0 {
        problems.push(FactError::new(
            2,
            None,
            "",
            FactProblem::Row(RowProblem::NoRows),
        ));
    }
    (rows, problems)
}

/// One record being checked: its cells by column, and where its problems go.
struct RowCheck<'a> {
    rec: &'a Record,
    index: &'a Index,
    problems: &'a mut Problems,
}

impl<'a> RowCheck<'a> {
    fn cell(&self, c: FactColumn) -> &'a str {
        let (rec, index) = (self.rec, self.index);
        index
            .at
            .get(&c)
            .and_then(|i| rec.cells.get(*i))
            .map_or("", String::as_str)
    }

    fn bad(&mut self, c: FactColumn, p: FactProblem) {
        let value = self.cell(c);
        self.problems
            .push(FactError::new(self.rec.row, Some(c), value, p));
    }

    /// The value, or `None` with the problem noted.
    fn take<T>(&mut self, c: FactColumn, r: Result<T, RowProblem>) -> Option<T> {
        r.map_err(|p| self.bad(c, FactProblem::Row(p))).ok()
    }
}

fn parse_row(rec: &Record, index: &Index, problems: &mut Problems) -> Option<FactRow> {
    use FactColumn as C;
    let before = problems.total;
    let mut k = RowCheck {
        rec,
        index,
        problems,
    };
    let file = k.cell(C::File).trim();
    if sanitize_line(file).is_empty() {
        k.bad(C::File, FactProblem::Row(RowProblem::Cell(Problem::Empty)));
    }
    let enterprise = k.take(C::Enterprise, text(k.cell(C::Enterprise)));
    let credit_code = k.take(C::CreditCode, optional(k.cell(C::CreditCode), credit_code));
    let region = k.take(C::Region, region(k.cell(C::Region)));
    let industry = k.take(C::Industry, optional(k.cell(C::Industry), text));
    let kind = k.take(C::Kind, kind(k.cell(C::Kind)));
    let signed = k.take(C::Signed, date(k.cell(C::Signed)));
    let effective = k.take(C::Effective, optional(k.cell(C::Effective), date));
    let expiry = k.take(C::Expiry, optional(k.cell(C::Expiry), date));
    let staff = k.take(C::Staff, optional(k.cell(C::Staff), count));
    let increase_bp = k.take(C::Increase, optional(k.cell(C::Increase), percent));
    // An agreement ends after it was signed and after it took effect.
    if let Some(Some(end)) = expiry {
        let earlier = [(C::Signed, signed), (C::Effective, effective.flatten())]
            .into_iter()
            .find_map(|(other, d)| d.filter(|d| end < *d).map(|date| (other, date)));
        if let Some((other, date)) = earlier {
            k.bad(C::Expiry, FactProblem::Before { other, date });
        }
    }
    if k.problems.total > before {
        return None;
    }
    Some(FactRow {
        row: rec.row,
        file: file.to_string(),
        enterprise: enterprise?,
        credit_code: credit_code?,
        region: region?,
        industry: industry?,
        kind: kind?,
        signed: signed?,
        effective: effective?,
        expiry: expiry?,
        staff: staff?,
        increase_bp: increase_bp?,
    })
}

/// An agreement imported by this run.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArchivedAgreement {
    pub(crate) row: usize,
    pub(crate) id: String,
    pub(crate) enterprise: String,
    pub(crate) kind: ContractKind,
    pub(crate) signed: NaiveDate,
    pub(crate) file: String,
    pub(crate) encoding: Encoding,
    /// Why the text is not read as clauses (in the user's language), when it is not: it is
    /// kept as found all the same — it is the archive's copy — but search finds no clause in it.
    pub(crate) unparsed: Option<String>,
}

/// A row whose file was already imported for the same enterprise.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct AlreadyThere {
    pub(crate) row: usize,
    pub(crate) file: String,
    pub(crate) enterprise: String,
    /// The dossier that holds it.
    pub(crate) id: String,
}

/// What an import did.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct ArchiveImport {
    /// The facts table's file name (not its folder), sanitised.
    pub(crate) facts: String,
    pub(crate) encoding: Encoding,
    pub(crate) imported: Vec<ArchivedAgreement>,
    pub(crate) already: Vec<AlreadyThere>,
}

/// Why an import was not done. The workspace is as it was.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ArchiveImportFailure {
    /// Rows (or the header) break the rules, or name a file that cannot be taken.
    #[error("{file}: {} problems", errors.total)]
    Rows { file: String, errors: FactErrors },
    #[error("{0}")]
    Failure(#[from] Failure),
}

impl ArchiveImportFailure {
    /// The message in `lang`; for refused rows, a first line saying nothing was imported, then
    /// one line per problem.
    pub(crate) fn message(&self, lang: Lang) -> String {
        match self {
            ArchiveImportFailure::Rows { file, errors } => {
                let mut lines = vec![trf(
                    lang,
                    "archive_import.refused",
                    &[
                        ("file", &sanitize_line(file)),
                        ("n", &errors.total.to_string()),
                    ],
                )];
                lines.extend(
                    errors
                        .listed
                        .iter()
                        .map(|e| format!("  {}", e.message(lang))),
                );
                if errors.total > errors.listed.len() {
                    lines.push(format!(
                        "  {}",
                        trf(
                            lang,
                            "registry.more_errors",
                            &[("n", &(errors.total - errors.listed.len()).to_string())],
                        )
                    ));
                }
                lines.join("\n")
            }
            ArchiveImportFailure::Failure(f) => f.message(lang),
        }
    }
}

/// An agreement already in the workspace by import.
struct Existing {
    id: String,
    sha256: String,
    name: String,
    code: Option<String>,
}

impl Existing {
    fn holds(&self, sha256: &str, r: &FactRow) -> bool {
        self.sha256 == sha256 && same_enterprise(&self.name, self.code.as_deref(), r)
    }
}

/// The same enterprise: by name, or by credit code when both have one (a name corrected in the
/// table since does not import an agreement twice).
fn same_enterprise(name: &str, code: Option<&str>, r: &FactRow) -> bool {
    name == r.enterprise || code.is_some_and(|c| r.credit_code.as_deref() == Some(c))
}

impl Service {
    /// Imports the agreements the facts table `facts` names from the folder `dir`, each as an
    /// archive-only dossier. Nothing is written unless every row is good; a row whose file was
    /// already imported for its enterprise is skipped.
    pub(crate) fn archive_import(
        &self,
        dir: &Path,
        facts: &Path,
    ) -> Result<ArchiveImport, ArchiveImportFailure> {
        let lang = self.lang;
        let field = tr(lang, "archive_import.facts");
        let (table, encoding) =
            read_csv(&field, facts).map_err(|e| read_failure(lang, &field, facts, e))?;
        let source = sanitize_line(&facts.file_name().map_or_else(
            || facts.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ));
        let folder = agreements_dir(dir).map_err(|u| {
            let words = match u {
                Unreadable::Missing => tr(lang, "archive_import.file.no_folder"),
                u => unreadable_words(lang, &u),
            };
            Failure::Invalid(Invalid::new(
                tr(lang, "archive_import.dir"),
                dir.display().to_string(),
                Problem::Other(words),
            ))
        })?;
        let (rows, mut problems) = parse_facts(&table);
        let existing = self.existing_imports();
        let mut plan: Vec<(FactRow, crate::store::archive_import::Agreement)> = Vec::new();
        let mut already = Vec::new();
        for r in rows {
            let a = match read_agreement(&folder, &r.file) {
                Ok(a) => a,
                Err(u) => {
                    problems.push(FactError::new(
                        r.row,
                        Some(FactColumn::File),
                        &r.file,
                        FactProblem::File(u),
                    ));
                    continue;
                }
            };
            if let Some(e) = existing.iter().find(|e| e.holds(&a.sha256, &r)) {
                already.push(AlreadyThere {
                    row: r.row,
                    file: sanitize_line(&r.file),
                    enterprise: r.enterprise.clone(),
                    id: e.id.clone(),
                });
                continue;
            }
            let twin = plan.iter().find(|(p, b)| {
                b.sha256 == a.sha256 && same_enterprise(&p.enterprise, p.credit_code.as_deref(), &r)
            });
            if let Some((first, _)) = twin {
                problems.push(FactError::new(
                    r.row,
                    Some(FactColumn::File),
                    &r.file,
                    FactProblem::Duplicate {
                        first_row: first.row,
                    },
                ));
                continue;
            }
            plan.push((r, a));
        }
        if problems.total > 0 {
            // Stable: a row's problems stay in column order, quoting problems among them.
            problems.kept.sort_by_key(|e| e.row);
            return Err(ArchiveImportFailure::Rows {
                file: source,
                errors: FactErrors {
                    listed: problems.kept,
                    total: problems.total,
                },
            });
        }
        let wanted: Vec<(&str, NaiveDate)> = plan
            .iter()
            .map(|(r, _)| (r.enterprise.as_str(), r.signed))
            .collect();
        let ids = self.ws.new_ids(&wanted);
        let union = self
            .ws
            .identity()
            .filter(|i| i.role != Role::Reviewer)
            .map(|i| i.union.clone());
        let mut made = Vec::with_capacity(plan.len());
        for ((r, a), id) in plan.iter().zip(ids) {
            let (d, text, message) = self.archived_dossier(id, r, a, union.clone());
            made.push((d, text, message));
        }
        let batch: Vec<NewArchived<'_>> = made
            .iter()
            .map(|(d, text, message)| NewArchived {
                dossier: d,
                text,
                message,
            })
            .collect();
        self.ws.create_archived(&batch).map_err(Failure::from)?;
        let imported = plan
            .iter()
            .zip(&made)
            .map(|((r, a), (d, text, _))| ArchivedAgreement {
                row: r.row,
                id: d.id.clone(),
                enterprise: d.enterprise.name.clone(),
                kind: d.kind,
                signed: r.signed,
                file: sanitize_line(&r.file),
                encoding: a.encoding,
                unparsed: crate::contract::parse::parse(text)
                    .err()
                    .map(|e| e.message(lang)),
            })
            .collect();
        Ok(ArchiveImport {
            facts: source,
            encoding,
            imported,
            already,
        })
    }

    /// The dossier of row `r` with the text `a` as `id`: sealed as signed, with its text as
    /// found, and the message of its one commit.
    fn archived_dossier(
        &self,
        id: String,
        r: &FactRow,
        a: &crate::store::archive_import::Agreement,
        union: Option<crate::domain::UnionRef>,
    ) -> (Dossier, String, String) {
        let enterprise = Enterprise {
            name: r.enterprise.clone(),
            credit_code: r.credit_code.clone(),
            industry: r.industry.clone(),
            region: r.region.clone(),
            ..Enterprise::default()
        };
        let mut d = Dossier::new(id, r.kind, enterprise, self.today);
        d.union = union;
        d.signing = Some(Signing {
            date: r.signed,
            workers_chief: None,
            employer_chief: None,
            // Whether the paper bears the parties' seals is not in the facts table.
            seals: false,
        });
        d.effective = r.effective;
        d.terms.start = r.effective;
        d.terms.end = r.expiry;
        d.terms.staff_covered = r.staff;
        d.terms.avg_wage_increase_bp = r.increase_bp;
        d.imported = Some(Imported {
            date: self.today,
            file: r.file.clone(),
            sha256: a.sha256.clone(),
        });
        // The text as found (only what no terminal may show is taken out), sealed as it is
        // stored: `verify` proves it unchanged as it does for an agreement signed here.
        let text = crate::text::sanitize_text(&a.text);
        d.seal = Some(Seal::of(&d, Some(&text)));
        // One commit: the import is the event; the signing it records is a trailer too, so the
        // `signed` tag sits on a commit that records a signing, as `verify` requires.
        let archived = Event::new("archive.imported").arg("file", &r.file);
        let signing = Event::new("signing.recorded").arg("date", r.signed);
        let full = commit_message(&[archived.clone(), signing]);
        let trailers = full.split_once("\n\n").map_or("", |(_, t)| t);
        let message = format!("{}\n\n{trailers}", archived.subject());
        (d, text, message)
    }

    /// The agreements already imported here (a dossier that cannot be read is left out: `list`
    /// and `verify` report it).
    fn existing_imports(&self) -> Vec<Existing> {
        self.ws
            .load_all()
            .into_iter()
            .filter_map(|(id, d)| {
                let d = d.ok()?;
                let i = d.imported?;
                Some(Existing {
                    id,
                    sha256: i.sha256,
                    name: d.enterprise.name,
                    code: d.enterprise.credit_code,
                })
            })
            .collect()
    }
}

/// A facts table that could not be read, in `lang`: an invalid input (exit 1) when its content is
/// the problem, the store's error when the disk is.
fn read_failure(lang: Lang, field: &str, path: &Path, e: ReadError) -> ArchiveImportFailure {
    let shown = path.display().to_string();
    let phrased = |key: &str, args: &[(&str, &str)]| {
        Failure::Invalid(Invalid::new(
            field,
            &shown,
            Problem::Other(trf(lang, key, args)),
        ))
        .into()
    };
    match e {
        ReadError::Invalid(i) => Failure::Invalid(i).into(),
        ReadError::Store(s) => Failure::Store(s).into(),
        ReadError::Undecodable(Undecodable::Utf16) => phrased("registry.utf16", &[]),
        ReadError::Undecodable(Undecodable::Workbook) => phrased("registry.workbook", &[]),
        ReadError::Undecodable(Undecodable::Bad { line, byte }) => phrased(
            "registry.undecodable",
            &[("line", &line.to_string()), ("byte", &byte.to_string())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "文件名,企业名称,统一社会信用代码,行政区划代码,行业,合同类型,签订日期,生效日期,终止日期,覆盖职工人数,工资增长幅度（%）";

    fn table(rows: &[&str]) -> String {
        let mut s = HEADER.to_string();
        for r in rows {
            s.push_str("\r\n");
            s.push_str(r);
        }
        s
    }

    fn problems(text: &str) -> Vec<(usize, Option<FactColumn>, FactProblem)> {
        parse_facts(text)
            .1
            .kept
            .into_iter()
            .map(|e| (e.row, e.column, e.problem))
            .collect()
    }

    #[test]
    fn a_row_with_chinese_headers_and_excel_dates_is_read() {
        let (rows, p) = parse_facts(&table(&[
            "a.txt,大连甲机械有限公司,91210211MA0ABCDE12,210211,通用设备制造业,工资专项,2019/3/15,2019年4月1日,2020.3.31,\"1,200\",6.5%",
        ]));
        assert_eq!(p.total, 0, "{:?}", p.kept);
        let r = &rows[0];
        assert_eq!(r.row, 2);
        assert_eq!(r.kind, ContractKind::Wage);
        assert_eq!(r.signed, NaiveDate::from_ymd_opt(2019, 3, 15).unwrap());
        assert_eq!(r.effective, NaiveDate::from_ymd_opt(2019, 4, 1));
        assert_eq!(r.expiry, NaiveDate::from_ymd_opt(2020, 3, 31));
        assert_eq!(r.staff, Some(1200));
        assert_eq!(r.increase_bp, Some(650));
        assert_eq!(r.credit_code.as_deref(), Some("91210211MA0ABCDE12"));
    }

    #[test]
    fn english_headers_in_another_order_with_optional_columns_left_out() {
        let (rows, p) = parse_facts(
            "kind,signed,file,enterprise,region\nwomen,2018-06-01,sub/b.txt,Dalian B Co.,210200\n",
        );
        assert_eq!(p.total, 0, "{:?}", p.kept);
        assert_eq!(rows[0].kind, ContractKind::Women);
        assert_eq!(rows[0].file, "sub/b.txt");
        assert_eq!(rows[0].expiry, None);
    }

    #[test]
    fn every_bad_cell_is_named_with_its_row_and_column() {
        let p = problems(&table(&[
            "a.txt,甲公司,,210211,,工资专项,2019-03-15,,2020-03-14,,",
            "b.txt,乙公司,123,21021,,计件,2019-02-30,,,-5,abc",
            "c.txt,丙公司,,210211,,综合,2019-03-15,2019-05-01,2019-04-30,,",
        ]));
        let at: Vec<(usize, Option<FactColumn>)> = p.iter().map(|(r, c, _)| (*r, *c)).collect();
        assert_eq!(
            at,
            [
                (3, Some(FactColumn::CreditCode)),
                (3, Some(FactColumn::Region)),
                (3, Some(FactColumn::Kind)),
                (3, Some(FactColumn::Signed)),
                (3, Some(FactColumn::Staff)),
                (3, Some(FactColumn::Increase)),
                (4, Some(FactColumn::Expiry)),
            ]
        );
        assert_eq!(
            p[6].2,
            FactProblem::Before {
                other: FactColumn::Effective,
                date: NaiveDate::from_ymd_opt(2019, 5, 1).unwrap()
            }
        );
    }

    #[test]
    fn a_header_without_a_required_column_stops_before_the_rows() {
        let p = problems("企业名称,签订日期\n甲,2019-01-01\n");
        assert!(p.iter().all(|(r, _, _)| *r == 1), "{p:?}");
        let missing: Vec<_> = p.iter().filter_map(|(_, c, _)| *c).collect();
        assert_eq!(
            missing,
            [FactColumn::File, FactColumn::Region, FactColumn::Kind]
        );
        assert_eq!(problems("")[0].2, FactProblem::Row(RowProblem::EmptyFile));
        assert_eq!(
            problems(&table(&[",,,,,,,,,,"]))[0].2,
            FactProblem::Row(RowProblem::NoRows)
        );
    }

    #[test]
    fn messages_name_row_column_value_and_rule_in_both_languages() {
        let e = FactError::new(
            3,
            Some(FactColumn::Signed),
            "2019-02-30\u{202E}",
            FactProblem::Row(RowProblem::Cell(Problem::NotADate)),
        );
        let en = e.message(Lang::En);
        assert!(
            en.starts_with("row 3 signed = \"2019-02-30\\u{202E}\""),
            "{en}"
        );
        let zh = e.message(Lang::ZhCn);
        assert!(zh.starts_with("第3行 签订日期"), "{zh}");
        let f = FactError::new(
            4,
            Some(FactColumn::File),
            "x.docx",
            FactProblem::File(Unreadable::OutOfScope { format: "docx" }),
        );
        for lang in [Lang::En, Lang::ZhCn] {
            let m = f.message(lang);
            assert!(!m.contains("archive_import."), "untranslated: {m}");
            assert!(m.contains("docx"), "{m}");
        }
    }

    #[test]
    fn kinds_and_dates_as_tables_write_them() {
        assert_eq!(kind("劳动安全卫生专项集体合同"), Ok(ContractKind::Safety));
        assert_eq!(kind(" Comprehensive "), Ok(ContractKind::Comprehensive));
        assert!(kind("计件").is_err());
        assert_eq!(
            date("２０１９年３月１５日"),
            Ok(NaiveDate::from_ymd_opt(2019, 3, 15).unwrap())
        );
        assert!(date("15/3/2019").is_err());
        assert!(date("2019-13-01").is_err());
    }
}

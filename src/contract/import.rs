//! Importing contract text as unions really have it — a file, a paste, and later Word's text —
//! into the canonical model, with what the user must be told.
//!
//! The canonical parser (`parse`) stays line-based; this step first turns what people paste into
//! lines it can read:
//! - **run-on text** (web pages, some Word exports) is split where a chapter, section, clause,
//!   item, parties-block or signature-block heading begins inside a line — only where the
//!   heading follows a sentence end (or directly follows its chapter's title) and its number fits
//!   the sequence, so references such as `依照本合同第五条` or `《劳动法》第四十四条` never split;
//! - **hard-wrapped lines** are joined: a line that does not end a sentence, followed (blank lines
//!   allowed) by a line that is not a heading, belongs to the same paragraph;
//! - **numbering as found**: a `第X条` at the start of a line is a clause heading whatever its
//!   number (restarts and jumps included); gaps, `第X条之一`, full-width digits, `1、`/`（1）`/`①` items and
//!   `一、` sections are read as what they are; clauses are numbered by position from the first
//!   clause's number (a fragment from 第十六条 keeps that start), and every place where that
//!   renumbers what was written is one [`ImportWarning`] — nothing is renumbered silently;
//! - **a table of contents** before the first clause (`目录` and entries ending in page numbers)
//!   is left out and counted (`contract::toc`), its entries not read as headings.
//!
//! Errors name the line *and column* of the input as given. [`import_text`] is the one entry
//! point for every importer. Pure: text in, model and warnings out.

use super::matter::{
    extends_label, is_attachment_line, is_closing_line, is_date_line, is_seal_line, label_at_start,
};
use super::model::Contract;
use super::numerals::{from_chinese, is_numeral_char, to_chinese};
use super::parse::{ParseErrorKind, clean_line, numbered_heading, parse, section_heading};
use crate::i18n::{Lang, trf};
use crate::text::{sanitize_line, sanitize_text};

/// A contract read from untrusted text, and what was renumbered on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub contract: Contract,
    pub warnings: Vec<ImportWarning>,
    /// Lines of a table of contents left out (its `目录` title included); see `contract::toc`.
    pub toc: usize,
}

/// A heading whose number was not the one its place gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// 1-based line and column of the heading in the input.
    pub line: usize,
    pub column: usize,
    /// The heading as written: `第六条`, `第一百二十条之一`, `五、`.
    pub found: String,
    /// The heading before it as written, if any: `第三条`.
    pub after: Option<String>,
    /// What it is numbered now: `第四条`.
    pub now: String,
}

impl ImportWarning {
    /// The warning in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let (line, column) = (self.line.to_string(), self.column.to_string());
        let found = sanitize_line(&self.found);
        match &self.after {
            Some(after) => trf(
                lang,
                "contract_import.renumbered",
                &[
                    ("line", &line),
                    ("column", &column),
                    ("found", &found),
                    ("after", &sanitize_line(after)),
                    ("now", &self.now),
                ],
            ),
            None => trf(
                lang,
                "contract_import.renumbered_first",
                &[
                    ("line", &line),
                    ("column", &column),
                    ("found", &found),
                    ("now", &self.now),
                ],
            ),
        }
    }
}

/// Why a text could not be imported, at a line and column of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {kind}")]
pub struct ImportError {
    pub line: usize,
    pub column: usize,
    pub kind: ParseErrorKind,
}

impl ImportError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let (line, column) = (self.line.to_string(), self.column.to_string());
        match &self.kind {
            ParseErrorKind::Empty => trf(lang, "contract_import.empty", &[]),
            ParseErrorKind::NoClause => trf(
                lang,
                "contract_import.no_clause",
                &[("line", &line), ("column", &column)],
            ),
            ParseErrorKind::OutsideClause(text) => trf(
                lang,
                "contract_import.outside_clause",
                &[
                    ("line", &line),
                    ("column", &column),
                    ("text", &sanitize_line(text)),
                ],
            ),
        }
    }
}

/// What a piece of the input was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Chapter,
    Section,
    Clause,
    Item,
    /// A line of the parties block.
    Front,
    /// Back matter: signature, seal, date, attachments.
    Back,
}

/// One line of the canonical text being built, with where it began in the input.
#[derive(Debug)]
struct Seg {
    text: String,
    line: usize,
    col: usize,
    kind: Kind,
    /// The first piece of its input line (only these can be hard-wrap continuations).
    line_start: bool,
}

/// Where the scan stands in the structure.
#[derive(Default)]
struct Scan {
    last_clause: Option<u32>,
    last_chapter: u32,
    uses_chapters: bool,
    last_section: u32,
    item_next: u32,
    in_back: bool,
    heading_seen: bool,
    /// Char index (in the current line) of a chapter or section heading just read: a clause
    /// may follow its title directly, without a sentence end.
    zone: Option<usize>,
}

/// How many chars after a chapter or section heading its first clause may start.
const TITLE_ZONE: usize = 32;
/// A forward jump in clause numbers larger than this is not a gap but a reference.
const MAX_GAP: u32 = 30;

fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?' | '：' | ':')
}

/// The text before a `第N条` introduces a reference rather than ending a clause.
fn reference_before(before: &str) -> bool {
    const INTRO: [&str; 20] = [
        "》",
        "〉",
        "法",
        "规定",
        "办法",
        "条例",
        "细则",
        "本合同",
        "依照",
        "按照",
        "根据",
        "依据",
        "见",
        "和",
        "及",
        "或",
        "与",
        "至",
        "、",
        "，",
    ];
    let b = before.trim_end();
    INTRO.iter().any(|e| b.ends_with(e))
}

/// The text right after a glued `第N条` reads as a reference (`第五条规定的…`).
fn reference_after(after: &str) -> bool {
    after.starts_with([
        '第', '至', '、', '和', '及', '或', '的', '所', '中', '规', '之', '款', '项',
    ])
}

/// `之一` after a clause number: the sub-clause's ordinal.
fn sub_clause(after: &str) -> Option<(u32, usize)> {
    let rest = after.strip_prefix('之')?;
    let len: usize = rest
        .chars()
        .take_while(|&c| is_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let n = from_chinese(rest.get(..len)?)?;
    Some((n, '之'.len_utf8() + len))
}

/// An item label at the start of `s`: its number and the label's length in bytes.
fn item_label(s: &str) -> Option<(u32, usize)> {
    let first = s.chars().next()?;
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return Some((first as u32 - 0x2460 + 1, first.len_utf8()));
    }
    if let Some(inner) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) {
        let end = inner.find(['）', ')'])?;
        let n = from_chinese(inner.get(..end)?)?;
        let close = inner.get(end..)?.chars().next()?.len_utf8();
        return Some((n, s.len() - inner.len() + end + close));
    }
    let (num, _) = s.split_once('、')?;
    let ascii = num
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if num.is_empty() || num.chars().count() > 4 || (ascii && num.chars().count() > 2) {
        return None;
    }
    Some((from_chinese(num)?, num.len() + '、'.len_utf8()))
}

/// The length in bytes of a date (`2026年3月1日`, `年　月　日`) at the start of `s`.
fn date_len(s: &str) -> Option<usize> {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let ok = is_numeral_char(c)
            || c == '〇'
            || c == '_'
            || c == '＿'
            || c.is_whitespace()
            || matches!(c, '年' | '月' | '日');
        if !ok {
            break;
        }
        end = i + c.len_utf8();
        if c == '日' {
            break;
        }
    }
    let d = s.get(..end)?;
    is_date_line(d).then_some(end)
}

impl Scan {
    /// What starts at `s` (the line from char `i` on), if anything does. `before` is the line
    /// up to `i`, `next` the next non-blank input line (to see that a section heading at the
    /// end of a line is followed by a clause).
    fn candidate(
        &mut self,
        s: &str,
        i: usize,
        before: &str,
        prev_line: &str,
        next: Option<&str>,
    ) -> Option<Kind> {
        let at_start = before.trim().is_empty();
        let prev = before.trim_end().chars().last();
        let after_sentence = prev.is_some_and(sentence_end);
        let in_zone = self.zone.is_some_and(|z| i > z && i - z <= TITLE_ZONE);
        // At a line's start, what the previous line ended with plays the part of `before`:
        // a wrapped `…依照本合同⏎第五条执行` is a reference, not a heading.
        let context_before = if at_start { prev_line } else { before };
        let line_open = at_start && (reference_before(prev_line) || prev_line.ends_with('、'));
        if self.in_back {
            let date_edge = prev.is_none_or(|c| !is_numeral_char(c) && c != '〇' && c != '_');
            let dated = date_len(s).is_some()
                && date_edge
                && !before.contains("日期")
                && !before.contains("时间");
            let label = (label_at_start(s).is_some() && !extends_label(before, s)) || dated;
            return (at_start || label).then_some(Kind::Back);
        }
        if s.starts_with('第') && !line_open {
            let context = (at_start && !line_open) || after_sentence || in_zone;
            if let Some(kind) = self.chapter(s, i, context, context_before) {
                return Some(kind);
            }
            if let Some(kind) = self.clause(s, at_start, context, context_before) {
                return Some(kind);
            }
        }
        if let Some(k) = self.section(s, i, at_start, after_sentence, next) {
            return Some(k);
        }
        if self.last_clause.is_some()
            && let Some((n, _)) = item_label(s)
        {
            let fits = at_start || (n == self.item_next && prev.is_some_and(sentence_end));
            if fits {
                self.item_next = n + 1;
                return Some(Kind::Item);
            }
        }
        let label = label_at_start(s).is_some() && !extends_label(before, s);
        if self.last_clause.is_none() {
            // Front matter: the parties block, wherever a label begins.
            if label && (at_start || !self.heading_seen) {
                return Some(Kind::Front);
            }
        } else if (at_start || prev.is_some_and(sentence_end))
            && (label
                || is_attachment_line(s)
                || is_closing_line(s)
                || (at_start && (is_date_line(s) || is_seal_line(s))))
        {
            self.in_back = true;
            return Some(Kind::Back);
        }
        at_start.then_some(Kind::Text)
    }

    fn chapter(&mut self, s: &str, i: usize, context: bool, before: &str) -> Option<Kind> {
        let (n, after) = numbered_heading(s, '章', 0)?;
        let separated = after.is_empty()
            || after.starts_with(|c: char| c.is_whitespace() || c == '：' || c == ':');
        if !separated && reference_after(after) {
            return None;
        }
        let fits = n == self.last_chapter + 1
            || (n > self.last_chapter && n <= self.last_chapter + 5 && separated);
        let context = context || (!self.heading_seen && n == 1 && !reference_before(before));
        if !(fits && context) {
            return None;
        }
        self.last_chapter = n;
        self.uses_chapters = true;
        self.heading_seen = true;
        self.zone = Some(i);
        Some(Kind::Chapter)
    }

    fn clause(&mut self, s: &str, at_start: bool, context: bool, before: &str) -> Option<Kind> {
        let (n, after) = clause_number(s)?;
        let sub = sub_clause(after);
        let separated = after.is_empty() || after.starts_with(char::is_whitespace);
        if sub.is_none() && !separated && reference_after(after) && !after.starts_with([':', '：'])
        {
            return None;
        }
        let expected = self.last_clause.map_or(1, |l| l + 1);
        let fits = match (sub, self.last_clause) {
            (Some(_), last) => last == Some(n),
            (None, None) => true,
            (None, Some(_)) => n == expected || (n > expected && n <= expected + MAX_GAP),
        };
        let first = !self.heading_seen && n == 1 && !reference_before(before);
        // At the start of a line (the line before not left open by `依照`, `《…》`), `第X条` is a
        // heading whatever its number: numbering that restarts (`第一条` again under each
        // chapter, as Word numbers by default) or jumps is renumbered, with a warning, not
        // read as text and glued to the clause before.
        if !((fits || at_start)
            && (context || first || (at_start && separated && !reference_before(before))))
        {
            return None;
        }
        self.last_clause = Some(n);
        self.heading_seen = true;
        self.item_next = 1;
        self.zone = None;
        Some(Kind::Clause)
    }

    fn section(
        &mut self,
        s: &str,
        i: usize,
        at_start: bool,
        after_sentence: bool,
        next: Option<&str>,
    ) -> Option<Kind> {
        if self.uses_chapters || !(at_start || after_sentence) {
            return None;
        }
        let (num, rest) = s.split_once('、')?;
        if num.is_empty()
            || !num.chars().all(is_numeral_char)
            || num.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let n = from_chinese(num)?;
        // An item list in progress (`三、` after `二、`) stays a list.
        if self.last_clause.is_some() && n == self.item_next && n > 1 {
            return None;
        }
        if n != self.last_section + 1 {
            return None;
        }
        // The title runs to the clause that follows, on this line or the next.
        let title_end = rest.find('第').unwrap_or(rest.len());
        let title = rest.get(..title_end)?;
        let followed = if title_end < rest.len() {
            rest.get(title_end..)
                .and_then(|t| numbered_heading(t, '条', 0))
                .is_some()
        } else {
            next.and_then(|l| numbered_heading(l, '条', 0)).is_some()
        };
        section_heading(&format!("{num}、{title}"))?;
        if !followed {
            return None;
        }
        self.last_section = n;
        self.heading_seen = true;
        self.zone = Some(i);
        Some(Kind::Section)
    }
}

/// Splits the input into pieces, one per heading found, with their input positions.
fn segments(clean: &str) -> Vec<Seg> {
    let lines: Vec<(usize, usize, String)> = clean
        .split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let lead = raw.chars().take_while(|c| c.is_whitespace()).count();
            (i + 1, lead, clean_line(raw))
        })
        .collect();
    let mut scan = Scan::default();
    let mut out: Vec<Seg> = Vec::new();
    let mut prev_line = "";
    for (k, (line_no, lead, line)) in lines.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let next = lines
            .get(k + 1..)
            .and_then(|rest| rest.iter().find(|(_, _, l)| !l.is_empty()))
            .map(|(_, _, l)| l.as_str());
        scan.zone = None;
        let mut cuts: Vec<(usize, usize, Kind)> = Vec::new(); // (byte, char, kind)
        for (ci, (bi, _)) in line.char_indices().enumerate() {
            let (Some(before), Some(rest)) = (line.get(..bi), line.get(bi..)) else {
                continue;
            };
            let seg_before = cuts
                .last()
                .and_then(|&(b, _, _)| line.get(b..bi))
                .unwrap_or(before);
            if let Some(kind) = scan.candidate(rest, ci, seg_before, prev_line, next) {
                cuts.push((bi, ci, kind));
            }
        }
        prev_line = line;
        for (x, &(b, c, kind)) in cuts.iter().enumerate() {
            let end = cuts.get(x + 1).map_or(line.len(), |&(e, _, _)| e);
            let text = line.get(b..end).unwrap_or("").trim().to_string();
            if text.is_empty() {
                continue;
            }
            out.push(Seg {
                text,
                line: *line_no,
                col: lead + c + 1,
                kind,
                line_start: x == 0,
            });
        }
    }
    split_title(&mut out);
    out
}

/// A run-on title glued to the preamble (`…集体合同为了维护…`): cut after the first `合同`.
fn split_title(segs: &mut Vec<Seg>) {
    let Some(first) = segs.first_mut() else {
        return;
    };
    if first.kind != Kind::Text || first.text.chars().count() <= 40 {
        return;
    }
    let Some(at) = first.text.find("合同") else {
        return;
    };
    let cut = at + "合同".len();
    if first.text.get(..cut).is_none_or(|t| t.chars().count() > 40) {
        return;
    }
    let rest = first.text.split_off(cut);
    let col = first.col + first.text.chars().count();
    let line = first.line;
    segs.insert(
        1,
        Seg {
            text: rest.trim().to_string(),
            line,
            col,
            kind: Kind::Text,
            line_start: false,
        },
    );
}

/// True if `text` ends a sentence or a line that is complete on its own.
fn ends_line(text: &str) -> bool {
    text.ends_with(['。', '；', ';', '！', '!', '？', '?', '：', ':', '”', '"'])
}

/// Joins hard-wrapped lines into paragraphs (see the module documentation). The first piece
/// (the title, or a parties line) never takes the next line.
fn join_wrapped(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for seg in segs {
        let joinable = seg.line_start && seg.kind == Kind::Text && out.len() > 1;
        let target = out.last_mut().filter(|prev| {
            joinable
                && matches!(prev.kind, Kind::Text | Kind::Clause | Kind::Item)
                && !ends_line(&prev.text)
        });
        match target {
            Some(prev) => {
                let ascii_edge = prev.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && seg.text.starts_with(|c: char| c.is_ascii_alphanumeric());
                if ascii_edge {
                    prev.text.push(' ');
                }
                prev.text.push_str(&seg.text);
            }
            None => out.push(seg),
        }
    }
    out
}

/// `第N条` at the start of `s`, with no judgement yet: the number and the text after it.
fn clause_number(s: &str) -> Option<(u32, &str)> {
    let rest = s.strip_prefix('第')?;
    let len: usize = rest
        .chars()
        .take_while(|&c| is_numeral_char(c))
        .map(char::len_utf8)
        .sum();
    let n = from_chinese(rest.get(..len)?)?;
    Some((n, rest.get(len..)?.strip_prefix('条')?))
}

/// The heading's label as written, and the text after it, for a clause piece.
fn split_clause(text: &str) -> Option<(String, u32, Option<u32>, String)> {
    let (n, after) = clause_number(text)?;
    let (sub, after) = match sub_clause(after) {
        Some((m, len)) => (Some(m), after.get(len..).unwrap_or("")),
        None => (None, after),
    };
    let label = text.get(..text.len() - after.len())?.to_string();
    let rest = after
        .trim_start_matches(|c: char| c.is_whitespace() || c == '：' || c == ':')
        .to_string();
    Some((label, n, sub, rest))
}

/// Renumbers by position and writes each heading canonically, warning wherever that changes
/// what was written in a way the previous heading did not already explain.
fn canonical(segs: &mut [Seg]) -> Vec<ImportWarning> {
    let mut warnings = Vec::new();
    // Clauses.
    let mut start: Option<u32> = None;
    let mut pos: u32 = 0;
    // The label as written before, and by how much the numbering then differed from it: a new
    // difference is a new renumbering and gets its warning; the same one carries on silently.
    let mut prev: Option<String> = None;
    let mut shift: i64 = 0;
    let mut chapters: u32 = 0;
    let mut prev_chapter: Option<String> = None;
    let mut chapter_shift: i64 = 0;
    let mut item_no: u32 = 0;
    for seg in segs.iter_mut() {
        match seg.kind {
            Kind::Clause => {
                let Some((label, n, sub, rest)) = split_clause(&seg.text) else {
                    continue;
                };
                let first = *start.get_or_insert(if sub.is_some() { 1 } else { n.max(1) });
                let now = first + pos;
                pos += 1;
                item_no = 0;
                let this_shift = i64::from(now) - i64::from(n);
                if this_shift != shift || sub.is_some() {
                    warnings.push(ImportWarning {
                        line: seg.line,
                        column: seg.col,
                        found: label.clone(),
                        after: prev.clone(),
                        now: super::render::clause_label(now as usize),
                    });
                }
                shift = this_shift;
                prev = Some(label);
                seg.text = if rest.is_empty() {
                    super::render::clause_label(now as usize)
                } else {
                    format!("{} {rest}", super::render::clause_label(now as usize))
                };
            }
            Kind::Chapter => {
                let Some((n, after)) = numbered_heading(&seg.text, '章', 0) else {
                    continue;
                };
                chapters += 1;
                let label = seg
                    .text
                    .get(..seg.text.len() - after.len())
                    .unwrap_or("")
                    .to_string();
                let this_shift = i64::from(chapters) - i64::from(n);
                if this_shift != chapter_shift {
                    warnings.push(ImportWarning {
                        line: seg.line,
                        column: seg.col,
                        found: label.clone(),
                        after: prev_chapter.clone(),
                        now: super::render::chapter_label(chapters as usize),
                    });
                }
                chapter_shift = this_shift;
                prev_chapter = Some(label);
                let title =
                    after.trim_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
                seg.text = if title.is_empty() {
                    super::render::chapter_label(chapters as usize)
                } else {
                    format!(
                        "{} {title}",
                        super::render::chapter_label(chapters as usize)
                    )
                };
            }
            Kind::Section => {
                let Some((num, title)) = seg.text.split_once('、') else {
                    continue;
                };
                chapters += 1;
                let n = from_chinese(num).unwrap_or(0);
                let label = format!("{num}、");
                let this_shift = i64::from(chapters) - i64::from(n);
                if this_shift != chapter_shift {
                    warnings.push(ImportWarning {
                        line: seg.line,
                        column: seg.col,
                        found: label.clone(),
                        after: prev_chapter.clone(),
                        now: format!("{}、", to_chinese(chapters)),
                    });
                }
                chapter_shift = this_shift;
                prev_chapter = Some(label);
                seg.text = format!("{}、{}", to_chinese(chapters), title.trim());
            }
            Kind::Item => {
                item_no += 1;
                if let Some((_, len)) = item_label(&seg.text) {
                    let body = seg.text.get(len..).unwrap_or("").trim().to_string();
                    seg.text = format!("（{}）{body}", to_chinese(item_no));
                }
            }
            Kind::Text | Kind::Front | Kind::Back => {}
        }
    }
    warnings
}

/// Reads untrusted contract text — a file, a paste, Word's text — into the model. See the module
/// documentation for what is recognised; errors carry the input's line and column.
pub fn import_text(text: &str) -> Result<Imported, ImportError> {
    import_with(text, true)
}

/// [`import_text`] for text whose lines are paragraphs already (a Word document's): headings in
/// run-on lines, front and back matter and numbering are read the same, but no line is joined to
/// the next — a parties table's rows or a signature block's lines are not hard wraps.
pub fn import_paragraphs(text: &str) -> Result<Imported, ImportError> {
    import_with(text, false)
}

fn import_with(text: &str, join: bool) -> Result<Imported, ImportError> {
    let (clean, toc) = super::toc::leave_out(&sanitize_text(text));
    let mut segs = if join {
        join_wrapped(segments(&clean))
    } else {
        segments(&clean)
    };
    let warnings = canonical(&mut segs);
    let canonical_text: String = segs
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let at = |line: usize| {
        segs.get(line.saturating_sub(1))
            .or_else(|| segs.last())
            .map_or((1, 1), |s| (s.line, s.col))
    };
    match parse(&canonical_text) {
        Ok(contract) => Ok(Imported {
            contract,
            warnings,
            toc,
        }),
        Err(e) => {
            let (line, column) = match e.kind {
                ParseErrorKind::Empty => (1, 1),
                _ => at(e.line),
            };
            Err(ImportError {
                line,
                column,
                kind: e.kind,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_labels() {
        assert_eq!(item_label("（三）奖金"), Some((3, "（三）".len())));
        assert_eq!(item_label("2、津贴"), Some((2, 4)));
        assert_eq!(item_label("②津贴"), Some((2, 3)));
        assert_eq!(item_label("2026、"), None);
        assert_eq!(date_len("2026年3月1日甲方"), Some("2026年3月1日".len()));
        assert_eq!(date_len("年月日"), Some("年月日".len()));
        assert_eq!(date_len("年度工资"), None);
    }

    #[test]
    fn references_do_not_split() {
        let c = import_text(
            "标题\n第一条 工资按月支付。依照本合同第五条执行，加班依《劳动法》第四十四条。第二条 工资不低于最低工资标准。",
        )
        .map(|i| i.contract.clause_count());
        assert_eq!(c, Ok(2));
    }

    /// Regression: a two-column signature line was cut at the label inside each compound label
    /// (`甲方` / `首席代表（签字）：　　乙方` / `首席代表（签字）：`).
    #[test]
    fn a_compound_label_is_not_cut() {
        let i = import_text(
            "标题\n第一条 工资按月支付。\n甲方首席代表（签字）：　乙方首席代表（签字）：\n\
             甲方（盖章）：大连某某公司工会乙方（盖章）：大连某某公司\n",
        )
        .unwrap();
        assert_eq!(
            i.contract.back,
            vec![
                "甲方首席代表（签字）：　乙方首席代表（签字）：".to_string(),
                "甲方（盖章）：大连某某公司工会".to_string(),
                "乙方（盖章）：大连某某公司".to_string(),
            ]
        );
    }
    /// Regression: a third heading `第一条` after `第二条` was read as text and glued to clause
    /// two (`第二条 二第一条 三`), two clauses, no warning.
    #[test]
    fn a_restarting_number_at_a_line_start_is_a_clause_renumbered_with_a_warning() {
        for import in [import_text, import_paragraphs] {
            let i = import("合同\n第一条 一\n第二条 二\n第一条 三\n").unwrap();
            assert_eq!(i.contract.clause_count(), 3);
            assert_eq!(
                crate::contract::render::render(&i.contract),
                "合同\n\n第一条 一\n\n第二条 二\n\n第三条 三\n"
            );
            assert_eq!(
                i.warnings,
                vec![ImportWarning {
                    line: 4,
                    column: 1,
                    found: "第一条".into(),
                    after: Some("第二条".into()),
                    now: "第三条".into(),
                }]
            );
        }
        // Word's default: clause numbers start again under each chapter. One warning where the
        // numbering departs from what was written; the clauses after it follow silently.
        let i = import_paragraphs(
            "合同\n第一章 总则\n第一条 一。\n第二条 二。\n第二章 工资\n第一条 三。\n第二条 四。\n",
        )
        .unwrap();
        assert_eq!(i.contract.clause_count(), 4);
        assert_eq!(
            i.warnings
                .iter()
                .map(|w| w.message(Lang::ZhCn))
                .collect::<Vec<_>>(),
            [
                "第 6 行第 1 列：第一条 接在 第二条 之后，已重新编号为 第三条——引用原编号的地方没有改写，请逐一核对"
            ]
        );
        // A jump back far, or forward beyond any gap, at a line's start: a clause all the same.
        let i = import_text("合同\n第十条 一。\n第二条 二。\n第九十条 三。\n").unwrap();
        assert_eq!(i.contract.clause_count(), 3);
        assert_eq!(i.warnings.len(), 2);
        // Inside a line a non-fitting number is still a reference.
        let i = import_text("合同\n第一条 一。\n第二条 按第一条 办理。\n").unwrap();
        assert_eq!(i.contract.clause_count(), 2);
    }

    proptest::proptest! {
        /// Any sequence of numbered clause lines imports to as many clauses.
        #[test]
        fn every_numbered_clause_line_is_a_clause(
            numbers in proptest::collection::vec(1u32..300, 1..40),
            paragraphs: bool,
        ) {
            let mut text = String::from("工资专项集体合同\n");
            for (k, n) in numbers.iter().enumerate() {
                text.push_str(&format!("第{}条 条款内容{k}\n", to_chinese(*n)));
            }
            let i = if paragraphs { import_paragraphs(&text) } else { import_text(&text) };
            let i = i.map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            proptest::prop_assert_eq!(i.contract.clause_count(), numbers.len());
        }
    }
}

//! Reading contract text into the model: the canonical form [`super::render::render`] prints,
//! and what people paste from Word or WPS (full-width spaces, `第一条　` or `第一条本合同…` with
//! no space at all, Markdown headings and `**bold**`, CRLF, blank-line noise, indentation,
//! `(一)` / `一、` items).
//!
//! Owns structure recognition only: wording inside a clause — cross-references included — is
//! kept as written, and numbers in headings are dropped because the model derives them from
//! position. All input passes [`crate::text::sanitize_text`] first, so nothing hostile reaches
//! the model. Never guesses silently where a line cannot belong anywhere: that is a
//! [`ParseError`] naming the line.

use super::matter::{is_label_line, starts_back};
use super::model::{Block, Chapter, Clause, Contract};
use super::numerals::{from_chinese, is_numeral_char};
use crate::i18n::{Lang, trf};
use crate::text::sanitize_text;

/// Why a text is not a contract, with the 1-based line it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct ParseError {
    pub line: usize,
    pub kind: ParseErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    /// Nothing but blank lines (or nothing at all).
    #[error("the text is empty")]
    Empty,
    /// Text, but not a single `第…条`.
    #[error("no clause (第…条) found")]
    NoClause,
    /// A line after a chapter heading and before that chapter's first clause.
    #[error("text between a chapter heading and its first clause: {0}")]
    OutsideClause(String),
}

impl ParseError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let line = self.line.to_string();
        match &self.kind {
            ParseErrorKind::Empty => trf(lang, "contract.parse.empty", &[("line", &line)]),
            ParseErrorKind::NoClause => trf(lang, "contract.parse.no_clause", &[("line", &line)]),
            ParseErrorKind::OutsideClause(text) => trf(
                lang,
                "contract.parse.outside_clause",
                &[("line", &line), ("text", text)],
            ),
        }
    }
}

/// One recognised line.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    Chapter(Option<String>),
    Section(String),
    Clause(u32, String),
    Item(String),
    Text(String),
}

/// Parses a whole contract. See the module documentation for what is accepted.
///
/// Front matter is every line before the first chapter, section or clause: the first line is
/// the title unless it is a line of the parties block (`甲方（工会）：…`), in which case the
/// contract has no title. Back matter starts at the first line after a clause that reads as a
/// signature, seal, date, attachment or closing line (see `matter`) and runs to the end, kept as
/// written. A first clause numbered other than 一 makes the text a fragment starting there.
pub fn parse(text: &str) -> Result<Contract, ParseError> {
    let clean = sanitize_text(text);
    let lines: Vec<(usize, String)> = clean
        .split('\n')
        .enumerate()
        .map(|(i, raw)| (i + 1, clean_line(raw)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let mut contract = Contract::default();
    let mut title_seen = false;
    let mut chapter_open = false; // an explicit chapter heading has been read
    let mut clause_count: u32 = 0;
    let mut explicit_chapters: u32 = 0;
    let mut in_back = false;
    for (k, (line_no, line)) in lines.iter().enumerate() {
        let line_no = *line_no;
        if in_back {
            contract.back.push(line.clone());
            continue;
        }
        let in_clause = clause_count > 0 && current_clause_open(&contract);
        let next_is_clause = lines
            .get(k + 1)
            .is_some_and(|(_, l)| clause_heading_any(l).is_some());
        let sections_allowed =
            explicit_chapters == 0 || contract.chapters.last().is_some_and(|c| c.section);
        // `三、` after items `一、` `二、` continues the list — unless the text is already divided
        // into sections, where the canonical form prints items as `（三）` and never so.
        let in_sections = contract.chapters.last().is_some_and(|c| c.section);
        let after_item = !in_sections && matches!(last_block(&contract), Some(Block::Item(_)));
        let next_no = contract.start.unwrap_or(1) + clause_count;
        let next_section = u32::try_from(contract.chapters.len() + 1).unwrap_or(u32::MAX);
        let kind = match section_heading(line) {
            Some((n, title))
                if sections_allowed && next_is_clause && !after_item && n == next_section =>
            {
                Line::Section(title)
            }
            _ => classify(line, next_no, explicit_chapters + 1, in_clause),
        };
        match kind {
            Line::Chapter(title) => {
                explicit_chapters += 1;
                chapter_open = true;
                title_seen = true;
                // Clauses read before the first heading form an untitled first chapter.
                contract.chapters.push(Chapter {
                    title,
                    clauses: Vec::new(),
                    section: false,
                });
            }
            Line::Section(title) => {
                explicit_chapters += 1;
                chapter_open = true;
                title_seen = true;
                contract.chapters.push(Chapter {
                    title: Some(title),
                    clauses: Vec::new(),
                    section: true,
                });
            }
            Line::Clause(n, first) => {
                title_seen = true;
                if clause_count == 0 && n > 1 {
                    contract.start = Some(n);
                }
                clause_count += 1;
                if contract.chapters.is_empty() {
                    contract.chapters.push(Chapter::default());
                }
                let blocks = if first.is_empty() {
                    Vec::new()
                } else {
                    vec![Block::Paragraph(first)]
                };
                if let Some(ch) = contract.chapters.last_mut() {
                    ch.clauses.push(Clause { blocks });
                }
            }
            Line::Item(text) => push_block(&mut contract, Block::Item(text)),
            Line::Text(text) => {
                if !title_seen {
                    if is_label_line(&text) {
                        contract.preamble.push(text);
                    } else {
                        contract.title = text;
                    }
                    title_seen = true;
                } else if clause_count == 0 && !chapter_open {
                    contract.preamble.push(text);
                } else if clause_count > 0 && starts_back(&text) {
                    in_back = true;
                    contract.back.push(text);
                } else if in_clause {
                    push_block(&mut contract, Block::Paragraph(text));
                } else {
                    return Err(ParseError {
                        line: line_no,
                        kind: ParseErrorKind::OutsideClause(text),
                    });
                }
            }
        }
    }
    let Some((last_line, _)) = lines.last() else {
        return Err(ParseError {
            line: 1,
            kind: ParseErrorKind::Empty,
        });
    };
    if clause_count == 0 {
        return Err(ParseError {
            line: *last_line,
            kind: ParseErrorKind::NoClause,
        });
    }
    Ok(contract)
}

fn last_block(c: &Contract) -> Option<&Block> {
    c.chapters.last()?.clauses.last()?.blocks.last()
}

/// `五、保险、福利`: a section heading's number and title — a Chinese numeral, `、`, and a short
/// title that is not a sentence. Whether it *is* a heading depends on its place (see [`parse`]).
pub(crate) fn section_heading(line: &str) -> Option<(u32, String)> {
    let (num, title) = line.split_once('、')?;
    if num.is_empty()
        || num
            .chars()
            .any(|c| c.is_ascii_digit() || !is_numeral_char(c))
    {
        return None;
    }
    let n = from_chinese(num)?;
    let title = title.trim_matches(is_space);
    let heading_like = !title.is_empty()
        && title.chars().count() <= 24
        && !title.contains(['。', '；', ';', '，', ',', '：', ':']);
    heading_like.then(|| (n, title.to_string()))
}

/// A clause heading with any number, glued or not — to look ahead for what follows a section
/// heading.
fn clause_heading_any(line: &str) -> Option<(u32, String)> {
    numbered_heading(line, '条', 0).map(|(n, rest)| (n, trim_label_gap(rest)))
}

/// Reads the body of one clause as typed into an editor: like [`clause_from_body`], but a
/// leading `第N条` label followed by a space (`第三条　…`) is dropped, since people paste the
/// clause with its label. Blank lines are ignored; no blocks when the text is blank.
pub fn parse_clause_body(text: &str) -> Clause {
    let clean = sanitize_text(text);
    let trimmed = clean.trim_start_matches(is_space);
    // `u32::MAX` is never the expected number, so only a separated label is dropped: a text
    // that opens with a reference (`第五条规定的…`) keeps it.
    match clause_heading(
        &clean_line(trimmed.lines().next().unwrap_or("")),
        Some(u32::MAX),
    ) {
        Some(rest) => {
            let tail = trimmed.split_once('\n').map_or("", |(_, t)| t);
            clause_from_body(&format!("{rest}\n{tail}"))
        }
        None => clause_from_body(trimmed),
    }
}

/// Reads the body of one clause exactly as [`super::render::clause_body`] prints it: every
/// non-blank line is a block, an item when it opens with `（一）`-style label, else a paragraph
/// (款). Nothing is taken as a clause label.
pub fn clause_from_body(text: &str) -> Clause {
    let clean = sanitize_text(text);
    let blocks = clean
        .split('\n')
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .map(|line| match item(&line) {
            Some(t) => Block::Item(t),
            None => Block::Paragraph(line),
        })
        .collect();
    Clause { blocks }
}

fn current_clause_open(c: &Contract) -> bool {
    c.chapters.last().is_some_and(|ch| !ch.clauses.is_empty())
}

fn push_block(c: &mut Contract, block: Block) {
    if let Some(cl) = c.chapters.last_mut().and_then(|ch| ch.clauses.last_mut()) {
        cl.blocks.push(block);
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Strips what Word, WPS and Markdown wrap around a line: indentation (full-width too), `#`
/// heading markers, `**` bold markers.
pub(crate) fn clean_line(raw: &str) -> String {
    let s = raw.trim_matches(is_space);
    let hashes = s.chars().take_while(|&c| c == '#').count();
    let s = if (1..=6).contains(&hashes) {
        // `#` is one byte, so this slice lands on a character boundary.
        s.get(hashes..).unwrap_or(s).trim_start_matches(is_space)
    } else {
        s
    };
    s.replace("**", "").trim_matches(is_space).to_string()
}

fn classify(line: &str, next_clause: u32, next_chapter: u32, in_clause: bool) -> Line {
    if let Some(rest) = heading(line, '章', next_chapter) {
        let t = rest.trim_matches(|c: char| is_space(c) || c == '：' || c == ':');
        return Line::Chapter((!t.is_empty()).then(|| t.to_string()));
    }
    if let Some((n, rest)) = numbered_heading(line, '条', next_clause) {
        return Line::Clause(n, trim_label_gap(rest));
    }
    if in_clause && let Some(t) = item(line) {
        return Line::Item(t);
    }
    Line::Text(line.to_string())
}

/// `第N条 …`: the text after the label. With `expected`, a label glued to its text
/// (`第一条本合同…`) only counts when N is the expected next number, because running text can
/// open with a reference (`第五条规定的…`); with a space, colon or nothing after it, any number
/// counts.
fn clause_heading(line: &str, expected: Option<u32>) -> Option<String> {
    numbered_heading(line, '条', expected.unwrap_or(0)).map(|(_, rest)| trim_label_gap(rest))
}

fn trim_label_gap(rest: &str) -> String {
    rest.trim_start_matches(|c: char| is_space(c) || c == '：' || c == ':')
        .to_string()
}

/// `第N<unit>` at the start of `line`: the rest, if it is a heading (see [`clause_heading`]).
/// `expected == 0` accepts any number even when glued.
fn heading(line: &str, unit: char, expected: u32) -> Option<&str> {
    numbered_heading(line, unit, expected).map(|(_, rest)| rest)
}

/// [`heading`] with the number as written.
pub(crate) fn numbered_heading(line: &str, unit: char, expected: u32) -> Option<(u32, &str)> {
    let rest = line.strip_prefix('第')?;
    let digits_end = rest
        .char_indices()
        .find(|&(_, c)| !is_numeral_char(c))
        .map_or(rest.len(), |(i, _)| i);
    let (num, after) = rest.split_at(digits_end);
    let n = from_chinese(num)?;
    let after = after.strip_prefix(unit)?;
    let separated =
        after.is_empty() || after.starts_with(|c: char| is_space(c) || c == '：' || c == ':');
    if separated {
        return Some((n, after));
    }
    // Glued: accept only the expected number, and not when the text reads as a reference.
    let reads_as_reference = after.starts_with([
        '第', '至', '、', '和', '及', '或', '的', '所', '中', '规', '之',
    ]);
    (expected == 0 || n == expected)
        .then_some((n, after))
        .filter(|_| !reads_as_reference)
}

/// `（一）…`, `(一)…`, `（1）…` or `一、…`: the item text.
pub(crate) fn item(line: &str) -> Option<String> {
    let paren = line
        .strip_prefix('（')
        .or_else(|| line.strip_prefix('('))
        .and_then(|r| {
            let end = r.find(['）', ')'])?;
            let (num, after) = r.split_at(end);
            from_chinese(num)?;
            let close = after.chars().next()?;
            after.get(close.len_utf8()..)
        });
    // `1、` and `①` items are the import's business (it writes them `（一）`): read here, they
    // would change how contract.md files stored before they were items read back.
    let rest = paren.or_else(|| {
        let (num, after) = line.split_once('、')?;
        (!num.is_empty() && !num.chars().any(|c| c.is_ascii_digit()) && from_chinese(num).is_some())
            .then_some(after)
    })?;
    Some(rest.trim_start_matches(is_space).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_labels_and_items() {
        assert_eq!(
            clause_heading("第一条本合同", Some(1)).as_deref(),
            Some("本合同")
        );
        assert_eq!(clause_heading("第五条规定的", Some(5)), None);
        assert_eq!(clause_heading("第七条本合同", Some(5)), None);
        assert_eq!(
            clause_heading("第七条　本合同", Some(5)).as_deref(),
            Some("本合同")
        );
        assert_eq!(item("（一）基本工资").as_deref(), Some("基本工资"));
        assert_eq!(item("(2) 津贴").as_deref(), Some("津贴"));
        assert_eq!(item("三、奖金").as_deref(), Some("奖金"));
        assert_eq!(item("甲方、乙方"), None);
        assert_eq!(item("1、基本工资"), None);
        assert_eq!(
            section_heading("五、保险、福利"),
            Some((5, "保险、福利".into()))
        );
        assert_eq!(section_heading("三、奖金按季度发放。"), None);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("\n \n").map_err(|e| e.kind),
            Err(ParseErrorKind::Empty)
        );
        let e = parse("标题\n\n只有一行").err();
        assert_eq!(
            e.map(|e| (e.line, e.kind)),
            Some((3, ParseErrorKind::NoClause))
        );
        let e = parse("标题\n第一章 总则\n引言\n第一条 内容").err();
        assert_eq!(
            e.map(|e| (e.line, e.kind)),
            Some((3, ParseErrorKind::OutsideClause("引言".into())))
        );
    }
}

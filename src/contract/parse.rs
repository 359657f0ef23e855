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
    Clause(String),
    Item(String),
    Text(String),
}

/// Parses a whole contract. See the module documentation for what is accepted.
pub fn parse(text: &str) -> Result<Contract, ParseError> {
    let clean = sanitize_text(text);
    let mut contract = Contract::default();
    let mut title_seen = false;
    let mut chapter_open = false; // an explicit chapter heading has been read
    let mut clause_count: u32 = 0;
    let mut explicit_chapters: u32 = 0;
    let mut last_line = 0;
    let mut any_text = false;
    for (i, raw) in clean.split('\n').enumerate() {
        let line_no = i + 1;
        last_line = line_no;
        let line = clean_line(raw);
        if line.is_empty() {
            continue;
        }
        any_text = true;
        let in_clause = clause_count > 0 && current_clause_open(&contract);
        match classify(&line, clause_count + 1, explicit_chapters + 1, in_clause) {
            Line::Chapter(title) => {
                explicit_chapters += 1;
                chapter_open = true;
                title_seen = true;
                // Clauses read before the first heading form an untitled first chapter.
                contract.chapters.push(Chapter {
                    title,
                    clauses: Vec::new(),
                });
            }
            Line::Clause(first) => {
                title_seen = true;
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
                    contract.title = text;
                    title_seen = true;
                } else if clause_count == 0 && !chapter_open {
                    contract.preamble.push(text);
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
    if !any_text {
        return Err(ParseError {
            line: 1,
            kind: ParseErrorKind::Empty,
        });
    }
    if clause_count == 0 {
        return Err(ParseError {
            line: last_line.max(1),
            kind: ParseErrorKind::NoClause,
        });
    }
    Ok(contract)
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
fn clean_line(raw: &str) -> String {
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
    if let Some(rest) = clause_heading(line, Some(next_clause)) {
        return Line::Clause(rest);
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
    heading(line, '条', expected.unwrap_or(0)).map(|rest| {
        rest.trim_start_matches(|c: char| is_space(c) || c == '：' || c == ':')
            .to_string()
    })
}

/// `第N<unit>` at the start of `line`: the rest, if it is a heading (see [`clause_heading`]).
/// `expected == 0` accepts any number even when glued.
fn heading(line: &str, unit: char, expected: u32) -> Option<&str> {
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
        return Some(after);
    }
    // Glued: accept only the expected number, and not when the text reads as a reference.
    let reads_as_reference = after.starts_with([
        '第', '至', '、', '和', '及', '或', '的', '所', '中', '规', '之',
    ]);
    (expected == 0 || n == expected)
        .then_some(after)
        .filter(|_| !reads_as_reference)
}

/// `（一）…`, `(一)…`, `（1）…` or `一、…`: the item text.
fn item(line: &str) -> Option<String> {
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

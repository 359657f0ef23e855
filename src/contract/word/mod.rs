//! Reading a Word document (.docx) into the plain paragraphs a pasted contract would have: bytes
//! of XML in, lines of text and a report of tracked changes out — no I/O (the zip and the files
//! are `store::word`'s). Only three parts are read: `word/document.xml` (the body),
//! `word/numbering.xml` and `word/styles.xml` (to render automatic numbering such as `第%1条`
//! with Chinese counting into the text, where a copy-and-paste would lose it). Headers, footers,
//! comments and footnotes live in other parts and are therefore left out by construction.
//!
//! One line per paragraph, its list label in front; a table row is one line, its cells joined
//! by an ideographic space — so a parties table before the first clause reads as front matter
//! and a table inside a clause stays with that clause. Tracked changes give two views: all
//! accepted and all rejected (see [`revisions`]).

mod document;
pub(crate) mod numbering;
pub mod revisions;
mod xml;

use crate::i18n::{Lang, trf};
use document::{Block, Para};
use numbering::{Counters, Definitions};
pub use revisions::{Revisions, Tally, View};

/// Why a document's XML cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordError {
    /// Not well-formed XML, or an entity XML does not predefine.
    Xml { part: &'static str, detail: String },
    /// A `<!DOCTYPE …>`: refused whatever it declares (external entities, entity expansion).
    Doctype { part: &'static str },
    /// Not one paragraph with text.
    Empty,
}

impl WordError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WordError::Xml { part, detail } => trf(
                lang,
                "word.error.xml",
                &[
                    ("part", part),
                    ("detail", &crate::text::sanitize_line(detail)),
                ],
            ),
            WordError::Doctype { part } => trf(lang, "word.error.doctype", &[("part", part)]),
            WordError::Empty => trf(lang, "word.error.empty", &[]),
        }
    }
}

/// A document read: its paragraphs with every tracked change accepted, the same with every
/// change rejected, and who made how many changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub accepted: Vec<String>,
    pub original: Vec<String>,
    pub revisions: Tally,
}

impl Reading {
    /// The text of `view`, one paragraph a line.
    pub fn text(&self, view: View) -> String {
        let lines = match view {
            View::Accepted => &self.accepted,
            View::Original => &self.original,
        };
        let mut s = lines.join("\n");
        s.push('\n');
        s
    }
}

/// Reads a document from its three parts (`numbering` and `styles` may be missing: a document
/// without lists or styles has none).
pub fn read(
    document: &str,
    numbering: Option<&str>,
    styles: Option<&str>,
) -> Result<Reading, WordError> {
    let defs = Definitions::read(numbering, styles)?;
    let (blocks, revisions) = document::read_body(document)?;
    let accepted = render(&blocks, &defs, View::Accepted);
    if accepted.is_empty() {
        return Err(WordError::Empty);
    }
    let original = render(&blocks, &defs, View::Original);
    Ok(Reading {
        accepted,
        original,
        revisions,
    })
}

/// The lines of the document in `view`.
fn render(blocks: &[Block], defs: &Definitions, view: View) -> Vec<String> {
    let mut counters = Counters::default();
    let mut carry = String::new();
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                if let Some(line) = paragraph(p, defs, view, &mut counters, &mut carry)
                    && !line.is_empty()
                {
                    out.push(line);
                }
            }
            Block::Row(cells) => {
                let mut texts = Vec::new();
                for cell in cells {
                    let parts: Vec<String> = cell
                        .iter()
                        .filter_map(|p| paragraph(p, defs, view, &mut counters, &mut carry))
                        .filter(|l| !l.is_empty())
                        .collect();
                    if !parts.is_empty() {
                        texts.push(parts.join(" "));
                    }
                }
                if !texts.is_empty() {
                    out.push(texts.join("\u{3000}"));
                }
            }
        }
    }
    if !carry.trim().is_empty() {
        out.push(carry.trim().to_string());
    }
    out
}

/// One paragraph's line in `view`, its label in front; `None` when its mark is gone in this
/// view (its text then opens the next paragraph, as Word joins them).
fn paragraph(
    p: &Para,
    defs: &Definitions,
    view: View,
    counters: &mut Counters,
    carry: &mut String,
) -> Option<String> {
    let mut text = std::mem::take(carry);
    for piece in &p.pieces {
        if view.shows(piece.rev) {
            text.push_str(&piece.text);
        }
    }
    if !view.shows(p.mark) {
        *carry = text;
        return None;
    }
    let label = defs
        .resolve(&p.num, p.style.as_deref())
        .and_then(|(num, level)| counters.label(defs, &num, level));
    let text = text.trim();
    if text.is_empty() {
        return Some(String::new());
    }
    Some(match label {
        Some(l) => format!("{l}{text}"),
        None => text.to_string(),
    })
}

#[cfg(test)]
mod tests;

//! Reading a Word document (.docx) into the plain paragraphs a pasted contract would have: bytes
//! of XML in, lines of text and a report of tracked changes out — no I/O (the zip and the files
//! are `store::word`'s). Only three parts are read: `word/document.xml` (the body),
//! `word/numbering.xml` and `word/styles.xml` (to render automatic numbering such as `第%1条`
//! with Chinese counting into the text, where a copy-and-paste would lose it). Headers, footers,
//! comments and footnotes live in other parts and are therefore left out by construction.
//!
//! One line per paragraph, its list label in front; a table row is one line, its cells joined
//! by an ideographic space — so a parties table before the first clause reads as front matter
//! and a table inside a clause stays with that clause; a table inside a cell gives its rows as
//! lines of their own, in order. Tracked changes give two views: all accepted and all rejected,
//! numbering as it was before a tracked change of paragraph properties included (see
//! [`revisions`]).

mod document;
pub(crate) mod numbering;
pub mod revisions;
pub mod rows;
mod xml;

use crate::i18n::{Lang, trf};
use document::{Block, Para, Table};
use numbering::{Counters, Definitions};
pub use revisions::{Revisions, Tally, View};

/// The paragraph style xieshang's own export gives what it makes up around the text — the
/// agreement's title page and its generated signature table — so that reading the export back
/// takes the text and its own front and back matter, not a second title page each round trip.
pub const GENERATED_STYLE: &str = "XieshangGenerated";

/// The paragraph style of the title xieshang's export sets, broken over lines (`<w:br/>`) at
/// whole words as the PDF breaks it: reading it back joins the lines into the one title.
pub const TITLE_STYLE: &str = "XieshangTitle";

/// Why a document's XML cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordError {
    /// Not well-formed XML, or an entity XML does not predefine.
    Xml { part: &'static str, detail: String },
    /// A `<!DOCTYPE …>`: refused whatever it declares (external entities, entity expansion).
    Doctype { part: &'static str },
    /// Not one paragraph with text.
    Empty,
    /// More paragraphs, table rows and cells in `document.xml` than [`MAX_BLOCKS`].
    TooManyBlocks { max: usize },
    /// More list and style definitions in a part than [`MAX_DEFINITIONS`].
    TooManyDefinitions { part: &'static str, max: usize },
    /// More text than [`MAX_TEXT_BYTES`] with the tracked changes accepted, or rejected.
    TooMuchText { max: usize },
}

/// Most paragraphs, table rows and table cells `document.xml` may hold, counted as it is read
/// (empty ones too): a long agreement has a few thousand. Beyond it the file is refused before
/// it costs memory and time — a 24 KB zip can hold millions of empty paragraphs.
pub const MAX_BLOCKS: usize = 50_000;
/// Most list definitions (`w:abstractNum`, `w:num`) and styles (`w:style`) a part may hold: Word
/// writes tens to a few hundred.
pub const MAX_DEFINITIONS: usize = 10_000;
/// Most bytes of text a document may read to, with its tracked changes accepted or rejected,
/// counted as it is read: the bound a plain-text draft has (`store::import::MAX_IMPORT_BYTES`).
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

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
            WordError::TooManyBlocks { max } => trf(
                lang,
                "word.error.too_many_blocks",
                &[("max", &max.to_string())],
            ),
            WordError::TooManyDefinitions { part, max } => trf(
                lang,
                "word.error.too_many_definitions",
                &[("part", part), ("max", &max.to_string())],
            ),
            WordError::TooMuchText { max } => trf(
                lang,
                "word.error.too_much_text",
                &[("max", &max.to_string())],
            ),
        }
    }
}

/// A document read: its paragraphs with every tracked change accepted, the same with every
/// change rejected, which of those lines are table rows, and who made how many changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub accepted: Vec<String>,
    pub original: Vec<String>,
    /// The lines (of either view) that are table rows, their cells joined by an ideographic
    /// space, and the paragraphs whose parts an ideographic space sets apart: a signature
    /// table's row, or a parties line `甲方：…　乙方：…`, is one line of front or back matter, not
    /// a line per part (see [`rows::keep_rows`]).
    pub rows: Vec<String>,
    pub revisions: Tally,
    /// Paragraphs of a table of contents left out (its entries and its title).
    pub toc: usize,
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

    /// True when the two views differ: the tracked changes change the text or a label.
    pub fn revised(&self) -> bool {
        self.accepted != self.original
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
    let accepted = Render::run(&blocks, &defs, View::Accepted);
    if accepted.lines.is_empty() {
        return Err(WordError::Empty);
    }
    let original = Render::run(&blocks, &defs, View::Original);
    let mut rows = accepted.rows;
    let mut seen: std::collections::HashSet<String> = rows.iter().cloned().collect();
    for r in original.rows {
        if seen.insert(r.clone()) {
            rows.push(r);
        }
    }
    Ok(Reading {
        accepted: accepted.lines,
        original: original.lines,
        rows,
        revisions,
        toc: accepted.toc,
    })
}

/// The lines of a document in one view, as a run through it makes them.
struct Render<'a> {
    defs: &'a Definitions,
    view: View,
    counters: Counters,
    /// The text of a paragraph whose mark is gone in this view, opening the next one.
    carry: String,
    lines: Vec<String>,
    rows: Vec<String>,
    /// The rows already in `rows`.
    seen: std::collections::HashSet<String>,
    /// Paragraphs of a table of contents left out.
    toc: usize,
}

impl<'a> Render<'a> {
    fn run(blocks: &[Block], defs: &'a Definitions, view: View) -> Self {
        let mut l = Render {
            defs,
            view,
            counters: Counters::default(),
            carry: String::new(),
            lines: Vec::new(),
            rows: Vec::new(),
            seen: std::collections::HashSet::new(),
            toc: 0,
        };
        for b in blocks {
            match b {
                Block::Para(p) => {
                    if let Some(line) = l.paragraph(p)
                        && !line.is_empty()
                    {
                        l.lines.push(line);
                    }
                }
                Block::Table(t) => l.table(t),
            }
        }
        let rest = std::mem::take(&mut l.carry);
        if !rest.trim().is_empty() {
            l.lines.push(rest.trim().to_string());
        }
        l
    }

    fn table(&mut self, table: &Table) {
        for row in table {
            self.row(row);
        }
    }

    /// A row as one line, its cells joined by an ideographic space (a cell's paragraphs by a
    /// space). A table inside a cell ends the line so far; its rows follow as lines of their own,
    /// in order, and the cells after it make another line.
    fn row(&mut self, row: &[Vec<Block>]) {
        let mut cells: Vec<String> = Vec::new();
        for cell in row {
            let mut parts: Vec<String> = Vec::new();
            for b in cell {
                match b {
                    Block::Para(p) => {
                        if let Some(line) = self.paragraph(p)
                            && !line.is_empty()
                        {
                            parts.push(line);
                        }
                    }
                    Block::Table(inner) => {
                        if !parts.is_empty() {
                            cells.push(parts.join(" "));
                            parts.clear();
                        }
                        self.row_line(&std::mem::take(&mut cells));
                        self.table(inner);
                    }
                }
            }
            if !parts.is_empty() {
                cells.push(parts.join(" "));
            }
        }
        self.row_line(&cells);
    }

    fn row_line(&mut self, cells: &[String]) {
        if cells.is_empty() {
            return;
        }
        let line = cells.join("\u{3000}");
        if self.seen.insert(line.clone()) {
            self.rows.push(line.clone());
        }
        self.lines.push(line);
    }

    /// One paragraph's line, its label in front; `None` when its mark is gone in this view
    /// (its text then opens the next paragraph, as Word joins them).
    fn paragraph(&mut self, p: &Para) -> Option<String> {
        let props = p.props(self.view);
        if p.toc
            || props
                .style
                .as_deref()
                .is_some_and(|s| self.defs.toc_style(s))
        {
            // Its entries repeat the headings with page numbers: read as text they would be
            // chapters and clauses of their own. Its title (`目录`) goes with it.
            self.toc += 1;
            let title = |l: &String| {
                let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
                l == "目录" || l.eq_ignore_ascii_case("contents")
            };
            if self.lines.last().is_some_and(title) {
                self.lines.pop();
                self.toc += 1;
            }
            return Some(String::new());
        }
        let mut text = std::mem::take(&mut self.carry);
        for piece in &p.pieces {
            if self.view.shows(piece.rev) {
                text.push_str(&piece.text);
            }
        }
        if !self.view.shows(p.mark) {
            self.carry = text;
            return None;
        }
        let label = self
            .defs
            .resolve(&props.num, props.style.as_deref())
            .and_then(|(num, level)| self.counters.label(self.defs, &num, level));
        let text = text.trim();
        if text.is_empty() {
            return Some(String::new());
        }
        if let Some(l) = label {
            return Some(format!("{l}{text}"));
        }
        // Parts set apart by an ideographic space, as xieshang's export writes
        // `甲方（企业）：…　乙方（工会）：…`: one line, like a table row.
        if text.contains('\u{3000}') && self.seen.insert(text.to_string()) {
            self.rows.push(text.to_string());
        }
        Some(text.to_string())
    }
}

#[cfg(test)]
mod tests;

//! The body of `document.xml` as paragraphs and table rows, each piece of text marked with the
//! tracked change it belongs to. Owns what counts as text: `w:t` (and `w:delText` inside a
//! deletion), tabs and line breaks; and what does not: field codes, drawings and text boxes
//! (whose content Word also stores as a fallback copy), old run, table and section properties
//! kept by tracked format changes, footnote and comment references (their text lives in parts we
//! never read). The old paragraph properties of a tracked change (`w:pPrChange`) are kept: they
//! are what the paragraph's numbering was before the revision. Tables keep their shape, a table
//! inside a cell included, so that each row can become a line of its own.

use super::WordError;
use super::numbering::NumPr;
use super::revisions::{Rev, Tally};
use super::xml::{Ev, Events};
use super::{MAX_BLOCKS, MAX_TEXT_BYTES};

/// A run of text and the revision it is part of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) rev: Rev,
    pub(crate) text: String,
}

/// The paragraph properties that decide a paragraph's numbering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Props {
    pub(crate) num: NumPr,
    pub(crate) style: Option<String>,
}

/// One paragraph: its list membership and style, what they were before a tracked change of
/// its properties, its text, and whether its mark (the end of the paragraph) was inserted or
/// deleted as a tracked change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    pub(crate) props: Props,
    /// The properties before the revisions: `w:pPrChange` holds the whole old set; numbering
    /// inserted as `w:numPr/w:ins` means there was none.
    pub(crate) old: Option<Props>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) mark: Rev,
    /// An entry of a table of contents: in a table-of-contents block (`w:sdt` of the gallery
    /// `Table of Contents`), in the result of a `TOC` field, or both a link to a `_Toc`
    /// bookmark and a page reference to one (what a TOC entry is made of; either alone can be
    /// a cross-reference in a clause, which stays).
    pub(crate) toc: bool,
}

impl Para {
    /// The properties in force in `view`.
    pub(crate) fn props(&self, view: super::View) -> &Props {
        match (view, &self.old) {
            (super::View::Original, Some(old)) => old,
            _ => &self.props,
        }
    }
}

/// A table: rows of cells, each cell the blocks in it (paragraphs, and tables inside tables).
pub(crate) type Table = Vec<Vec<Vec<Block>>>;

/// A block of the body in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Para(Para),
    Table(Table),
}

/// Elements whose whole content is not document text.
const SKIPPED: [&str; 12] = [
    "rPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "drawing",
    "pict",
    "object",
    "AlternateContent",
    "delInstrText",
    "fldData",
];

/// An open field (`w:fldChar` begin … end): its instruction so far, and whether it is a table
/// of contents (`TOC …`) or a page reference to one of its bookmarks (`PAGEREF _Toc…`).
struct Field {
    instr: String,
    toc: bool,
}

/// Most of a field's instruction kept: enough to tell what field it is.
const MAX_INSTR: usize = 64;

fn toc_instr(instr: &str) -> bool {
    instr
        .split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("TOC"))
}

fn toc_pageref(instr: &str) -> bool {
    let i = instr.trim_start().to_ascii_uppercase();
    i.starts_with("PAGEREF") && i.contains("_TOC")
}

/// Where a block read goes: into the innermost open table's last cell, or the body.
fn place(tables: &mut [Table], blocks: &mut Vec<Block>, block: Block) {
    let Some(table) = tables.last_mut() else {
        blocks.push(block);
        return;
    };
    // A paragraph outside any row or cell (not valid, but seen) opens one.
    if table.is_empty() {
        table.push(Vec::new());
    }
    if let Some(row) = table.last_mut() {
        if row.is_empty() {
            row.push(Vec::new());
        }
        if let Some(cell) = row.last_mut() {
            cell.push(block);
        }
    }
}

/// The properties being read: the old ones inside `w:pPrChange`, else the paragraph's own.
fn props(para: &mut Option<Para>, old: bool) -> Option<&mut Props> {
    let p = para.as_mut()?;
    if old {
        p.old.as_mut()
    } else {
        Some(&mut p.props)
    }
}

/// Tables inside tables kept as tables, this deep: Word itself stops at 63; a document nesting
/// deeper (a hostile one, to make the reading recurse without end) has its deeper tables' text
/// read into the cell they sit in.
const MAX_TABLE_DEPTH: usize = 32;

/// Bytes of text read so far: unchanged, inserted, deleted. The accepted view holds the first
/// two, the rejected view the first and the last.
#[derive(Default)]
struct TextSize {
    same: usize,
    inserted: usize,
    deleted: usize,
}

impl TextSize {
    fn add(&mut self, rev: Rev, bytes: usize) -> Result<(), WordError> {
        let n = match rev {
            Rev::Same => &mut self.same,
            Rev::Inserted => &mut self.inserted,
            Rev::Deleted => &mut self.deleted,
        };
        *n = n.saturating_add(bytes);
        if self.same.saturating_add(self.inserted.max(self.deleted)) > MAX_TEXT_BYTES {
            return Err(WordError::TooMuchText {
                max: MAX_TEXT_BYTES,
            });
        }
        Ok(())
    }
}

/// Reads the body of `document.xml` and tallies its tracked changes. Refused as it reads, before
/// the cost grows: more than [`MAX_BLOCKS`] paragraphs, rows and cells, or more than
/// [`MAX_TEXT_BYTES`] of text in either view.
pub(crate) fn read_body(xml: &str) -> Result<(Vec<Block>, Tally), WordError> {
    let mut ev = Events::new("word/document.xml", xml);
    let mut blocks_read = 0usize;
    let mut size = TextSize::default();
    let mut blocks = Vec::new();
    let mut tally = Tally::default();
    let mut skip = 0usize;
    let mut para: Option<Para> = None;
    let mut in_ppr = false;
    // Inside `w:pPrChange`: the properties read are the old ones.
    let mut in_old = false;
    let mut in_numpr = false;
    // Who changed the paragraph's properties (`w:pPrChange`, `w:numPr/w:ins`).
    let mut changed_by: Option<String> = None;
    let mut in_trpr = false;
    let mut in_text = false;
    let mut deleted_text = false;
    // Open revisions: kind, author, whether any text was read inside.
    let mut revs: Vec<(Rev, String, bool)> = Vec::new();
    // Open tables, innermost last; and how many open ones beyond MAX_TABLE_DEPTH are not kept.
    let mut tables: Vec<Table> = Vec::new();
    let mut too_deep = 0usize;
    // Open content controls (`w:sdt`), innermost last: whether each is a table of contents.
    let mut sdts: Vec<bool> = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let mut in_instr = false;
    // In the paragraph being read: a link to a `_Toc` bookmark, a page reference to one.
    let mut toc_link = false;
    let mut toc_page = false;
    while let Some(e) = ev.next()? {
        let e = &e;
        if let Ev::Start(t) = e
            && matches!(t.name.as_str(), "p" | "tr" | "tc")
        {
            blocks_read += 1;
            if blocks_read > MAX_BLOCKS {
                return Err(WordError::TooManyBlocks { max: MAX_BLOCKS });
            }
        }
        if skip > 0 {
            match e {
                Ev::Start(_) => skip += 1,
                Ev::End(_) => skip -= 1,
                Ev::Text(_) => {}
            }
            continue;
        }
        match e {
            Ev::Start(t) => {
                let name = t.name.as_str();
                if SKIPPED.contains(&name) {
                    skip = 1;
                    continue;
                }
                match name {
                    "tbl" if tables.len() >= MAX_TABLE_DEPTH => too_deep += 1,
                    "tbl" => tables.push(Vec::new()),
                    "tr" | "tc" if too_deep > 0 => {}
                    "tr" => {
                        if let Some(table) = tables.last_mut() {
                            table.push(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                            row.push(Vec::new());
                        }
                    }
                    "trPr" => in_trpr = true,
                    "p" => {
                        toc_link = false;
                        toc_page = false;
                        para = Some(Para {
                            toc: sdts.iter().any(|t| *t) || fields.iter().any(|f| f.toc),
                            ..Para::default()
                        });
                        changed_by = None;
                    }
                    "sdt" => sdts.push(false),
                    "docPartGallery" => {
                        if let Some(last) = sdts.last_mut()
                            && t.attr("val")
                                .is_some_and(|v| v.eq_ignore_ascii_case("Table of Contents"))
                        {
                            *last = true;
                        }
                    }
                    "fldChar" => match t.attr("fldCharType") {
                        Some("begin") => fields.push(Field {
                            instr: String::new(),
                            toc: false,
                        }),
                        Some("end") => {
                            // A table of contents ending in this paragraph: it is an entry.
                            if fields.pop().is_some_and(|f| f.toc)
                                && let Some(p) = para.as_mut()
                            {
                                p.toc = true;
                            }
                        }
                        _ => {}
                    },
                    "instrText" => in_instr = true,
                    "fldSimple" => {
                        if let Some(p) = para.as_mut() {
                            let instr = t.attr("instr").unwrap_or_default();
                            p.toc |= toc_instr(instr);
                            toc_page |= toc_pageref(instr);
                        }
                    }
                    "hyperlink" => {
                        toc_link |= t.attr("anchor").is_some_and(|a| a.starts_with("_Toc"));
                    }
                    "pPr" if !in_old => in_ppr = true,
                    "pPrChange" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            // The whole old set: what it does not name was not set.
                            p.old = Some(Props::default());
                            in_old = true;
                            changed_by = Some(t.attr("author").unwrap_or_default().to_string());
                        } else {
                            skip = 1;
                        }
                    }
                    "numPr" if in_ppr => in_numpr = true,
                    "pStyle" if in_ppr => {
                        if let Some(p) = props(&mut para, in_old) {
                            p.style = t.attr("val").map(str::to_string);
                        }
                    }
                    "numId" if in_ppr => {
                        if let Some(p) = props(&mut para, in_old) {
                            p.num.num_id = t.attr("val").map(str::to_string);
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some(p) = props(&mut para, in_old) {
                            p.num.level = t
                                .attr("val")
                                .and_then(|v| v.trim().parse().ok())
                                .filter(|l| *l < 9);
                        }
                    }
                    // Numbering put on the paragraph as a tracked change (`w:numPr/w:ins`):
                    // before it, the paragraph was in no list.
                    "ins" if in_numpr && !in_old => {
                        if let Some(p) = para.as_mut()
                            && p.old.is_none()
                        {
                            // `w:pStyle` comes first in `w:pPr`: the style is known.
                            p.old = Some(Props {
                                num: NumPr {
                                    num_id: Some("0".into()),
                                    level: None,
                                },
                                style: p.props.style.clone(),
                            });
                            changed_by = Some(t.attr("author").unwrap_or_default().to_string());
                        }
                    }
                    "ins" | "del" | "moveTo" | "moveFrom" => {
                        let rev = if matches!(name, "ins" | "moveTo") {
                            Rev::Inserted
                        } else {
                            Rev::Deleted
                        };
                        if in_ppr {
                            // The paragraph mark itself was inserted or deleted.
                            if let Some(p) = para.as_mut()
                                && !in_old
                            {
                                p.mark = rev;
                            }
                        } else if !in_trpr {
                            let author = t.attr("author").unwrap_or_default().to_string();
                            revs.push((rev, author, false));
                        }
                    }
                    "t" => {
                        in_text = true;
                        deleted_text = false;
                    }
                    "delText" => {
                        in_text = true;
                        deleted_text = true;
                    }
                    "tab" if !in_ppr => push(&mut para, &mut revs, " ", false, &mut size)?,
                    // The export's title is one title, its lines broken for the page only.
                    "br" if para
                        .as_ref()
                        .is_some_and(|p| p.props.style.as_deref() == Some(super::TITLE_STYLE)) => {}
                    "br" if !matches!(t.attr("type"), Some("page" | "column")) => {
                        push(&mut para, &mut revs, "\n", false, &mut size)?;
                    }
                    "cr" => push(&mut para, &mut revs, "\n", false, &mut size)?,
                    "noBreakHyphen" => push(&mut para, &mut revs, "-", false, &mut size)?,
                    _ => {}
                }
            }
            Ev::End(name) => match name.as_str() {
                "tbl" if too_deep > 0 => too_deep -= 1,
                "tbl" => {
                    if let Some(table) = tables.pop() {
                        place(&mut tables, &mut blocks, Block::Table(table));
                    }
                }
                "trPr" => in_trpr = false,
                "sdt" => {
                    sdts.pop();
                }
                "instrText" => in_instr = false,
                "pPrChange" => in_old = false,
                "numPr" => in_numpr = false,
                "pPr" if !in_old => {
                    in_ppr = false;
                    in_numpr = false;
                }
                "p" => {
                    if let Some(mut p) = para.take() {
                        // A table of contents still open at the paragraph's end.
                        if fields.iter().any(|f| f.toc) || (toc_link && toc_page) {
                            p.toc = true;
                        }
                        if let (Some(old), Some(author)) = (&p.old, &changed_by)
                            && *old != p.props
                        {
                            tally.count_formatting(author);
                        }
                        // What xieshang's export made up around the text is not the text.
                        if p.props.style.as_deref() != Some(super::GENERATED_STYLE) {
                            place(&mut tables, &mut blocks, Block::Para(p));
                        }
                    }
                }
                "ins" | "del" | "moveTo" | "moveFrom" if !in_ppr && !in_trpr => {
                    if let Some((rev, author, had_text)) = revs.pop()
                        && had_text
                    {
                        tally.count(&author, rev);
                    }
                }
                "t" | "delText" => in_text = false,
                _ => {}
            },
            Ev::Text(s) if in_instr => {
                if let Some(f) = fields.last_mut()
                    && f.instr.len() < MAX_INSTR
                {
                    f.instr.extend(s.chars().take(MAX_INSTR));
                    if toc_instr(&f.instr) {
                        f.toc = true;
                        if let Some(p) = para.as_mut() {
                            p.toc = true;
                        }
                    }
                    toc_page |= toc_pageref(&f.instr);
                }
            }
            Ev::Text(s) if in_text => push(&mut para, &mut revs, s, deleted_text, &mut size)?,
            Ev::Text(_) => {}
        }
    }
    // Tables left open by a truncated body (the XML reader refuses those, but stay safe).
    while let Some(table) = tables.pop() {
        place(&mut tables, &mut blocks, Block::Table(table));
    }
    Ok((blocks, tally))
}

/// Adds text to the open paragraph under the innermost open revision (`w:delText` is deleted
/// text even when no `w:del` is open around it).
fn push(
    para: &mut Option<Para>,
    revs: &mut [(Rev, String, bool)],
    text: &str,
    deleted: bool,
    size: &mut TextSize,
) -> Result<(), WordError> {
    let Some(p) = para.as_mut() else {
        return Ok(());
    };
    let rev = match revs.last_mut() {
        Some((rev, _, had)) => {
            *had = true;
            *rev
        }
        None => Rev::Same,
    };
    let rev = if deleted { Rev::Deleted } else { rev };
    size.add(rev, text.len())?;
    match p.pieces.last_mut() {
        Some(last) if last.rev == rev => last.text.push_str(text),
        _ => p.pieces.push(Piece {
            rev,
            text: text.to_string(),
        }),
    }
    Ok(())
}

//! The body of `document.xml` as paragraphs and table rows, each piece of text marked with the
//! tracked change it belongs to. Owns what counts as text: `w:t` (and `w:delText` inside a
//! deletion), tabs and line breaks; and what does not: field codes, drawings and text boxes
//! (whose content Word also stores as a fallback copy), old properties kept by tracked format
//! changes, footnote and comment references (their text lives in parts we never read).

use super::WordError;
use super::numbering::NumPr;
use super::revisions::{Rev, Tally};
use super::xml::{Ev, events};

/// A run of text and the revision it is part of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) rev: Rev,
    pub(crate) text: String,
}

/// One paragraph: its list membership, style, text, and whether its mark (the end of the
/// paragraph) was inserted or deleted as a tracked change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    pub(crate) num: NumPr,
    pub(crate) style: Option<String>,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) mark: Rev,
}

/// A block of the body in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Block {
    Para(Para),
    /// A table row: its cells, each a list of paragraphs (nested tables flattened into the cell).
    Row(Vec<Vec<Para>>),
}

/// Elements whose whole content is not document text.
const SKIPPED: [&str; 14] = [
    "pPrChange",
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
    "instrText",
    "delInstrText",
    "fldData",
];

/// Reads the body of `document.xml` and tallies its tracked insertions and deletions.
pub(crate) fn read_body(xml: &str) -> Result<(Vec<Block>, Tally), WordError> {
    let ev = events("word/document.xml", xml)?;
    let mut blocks = Vec::new();
    let mut tally = Tally::default();
    let mut skip = 0usize;
    let mut para: Option<Para> = None;
    let mut in_ppr = false;
    let mut in_trpr = false;
    let mut in_text = false;
    let mut deleted_text = false;
    // Open revisions: kind, author, whether any text was read inside.
    let mut revs: Vec<(Rev, String, bool)> = Vec::new();
    let mut table_depth = 0usize;
    let mut row: Option<Vec<Vec<Para>>> = None;
    for e in &ev {
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
                    "tbl" => table_depth += 1,
                    "tr" if table_depth == 1 => row = Some(Vec::new()),
                    "tc" if table_depth == 1 => {
                        if let Some(r) = row.as_mut() {
                            r.push(Vec::new());
                        }
                    }
                    "trPr" => in_trpr = true,
                    "p" => para = Some(Para::default()),
                    "pPr" => in_ppr = true,
                    "pStyle" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.style = t.attr("val").map(str::to_string);
                        }
                    }
                    "numId" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.num.num_id = t.attr("val").map(str::to_string);
                        }
                    }
                    "ilvl" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.num.level = t
                                .attr("val")
                                .and_then(|v| v.trim().parse().ok())
                                .filter(|l| *l < 9);
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
                            if let Some(p) = para.as_mut() {
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
                    "tab" if !in_ppr => push(&mut para, &mut revs, " ", false),
                    "br" if !matches!(t.attr("type"), Some("page" | "column")) => {
                        push(&mut para, &mut revs, "\n", false);
                    }
                    "cr" => push(&mut para, &mut revs, "\n", false),
                    "noBreakHyphen" => push(&mut para, &mut revs, "-", false),
                    _ => {}
                }
            }
            Ev::End(name) => match name.as_str() {
                "tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    if table_depth == 0 {
                        row = None;
                    }
                }
                "tr" if table_depth == 1 => {
                    if let Some(r) = row.take() {
                        blocks.push(Block::Row(r));
                    }
                }
                "trPr" => in_trpr = false,
                "pPr" => in_ppr = false,
                "p" => {
                    if let Some(p) = para.take() {
                        match row.as_mut() {
                            Some(r) if table_depth > 0 => {
                                if r.is_empty() {
                                    r.push(Vec::new());
                                }
                                if let Some(cell) = r.last_mut() {
                                    cell.push(p);
                                }
                            }
                            _ => blocks.push(Block::Para(p)),
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
            Ev::Text(s) if in_text => push(&mut para, &mut revs, s, deleted_text),
            Ev::Text(_) => {}
        }
    }
    Ok((blocks, tally))
}

/// Adds text to the open paragraph under the innermost open revision (`w:delText` is deleted
/// text even when no `w:del` is open around it).
fn push(para: &mut Option<Para>, revs: &mut [(Rev, String, bool)], text: &str, deleted: bool) {
    let Some(p) = para.as_mut() else { return };
    let rev = match revs.last_mut() {
        Some((rev, _, had)) => {
            *had = true;
            *rev
        }
        None => Rev::Same,
    };
    let rev = if deleted { Rev::Deleted } else { rev };
    match p.pieces.last_mut() {
        Some(last) if last.rev == rev => last.text.push_str(text),
        _ => p.pieces.push(Piece {
            rev,
            text: text.to_string(),
        }),
    }
}

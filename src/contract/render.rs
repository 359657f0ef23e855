//! Canonical text of a contract, and the labels (第五条, 第二章, （三）) derived from position.
//!
//! Owns the one printed form that [`super::parse::parse`] reads back unchanged
//! (`parse(render(c)) == c`); it must not rewrite clause wording — references and numbers inside
//! text are `refs`' business, and sanitising happened when the text entered the model.

use super::model::{Block, Chapter, Clause, Contract};
use super::numerals::to_chinese;

/// `第五条` for clause 5.
pub fn clause_label(n: usize) -> String {
    format!("第{}条", to_chinese(u32::try_from(n).unwrap_or(u32::MAX)))
}

/// `第二章` for chapter 2.
pub fn chapter_label(n: usize) -> String {
    format!("第{}章", to_chinese(u32::try_from(n).unwrap_or(u32::MAX)))
}

/// `（三）` for item 3 of a clause.
pub fn item_label(n: usize) -> String {
    format!("（{}）", to_chinese(u32::try_from(n).unwrap_or(u32::MAX)))
}

/// The heading of chapter `n` (1-based) as printed: `第二章 工资水平`, or `第二章` for a chapter
/// without a title; `None` when the contract has a single untitled chapter, which is printed
/// without any heading at all.
pub fn chapter_heading(c: &Contract, n: usize) -> Option<String> {
    let chapter = c.chapters.get(n.checked_sub(1)?)?;
    if c.chapters.len() == 1 && chapter.title.is_none() {
        return None;
    }
    Some(heading_text(n, chapter))
}

fn heading_text(n: usize, chapter: &Chapter) -> String {
    match chapter.title.as_deref() {
        Some(t) if chapter.section && !t.is_empty() => {
            format!("{}、{t}", to_chinese(u32::try_from(n).unwrap_or(u32::MAX)))
        }
        Some(t) if !t.is_empty() => format!("{} {t}", chapter_label(n)),
        _ => chapter_label(n),
    }
}

/// A clause's text without its `第N条` label: blocks one per line, items with their `（一）`
/// label. This is the unit the diff compares and `parse::parse_clause_body` reads back.
pub fn clause_body(clause: &Clause) -> String {
    let mut out = String::new();
    let mut item_no = 0;
    for (i, block) in clause.blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Paragraph(t) => out.push_str(t),
            Block::Item(t) => {
                item_no += 1;
                out.push_str(&item_label(item_no));
                out.push_str(t);
            }
        }
    }
    out
}

/// One clause as printed, label included: `第五条 …` then its further blocks, one per line.
pub fn render_clause(n: usize, clause: &Clause) -> String {
    let mut out = clause_label(n);
    let body = clause_body(clause);
    match clause.blocks.first() {
        // The opening paragraph shares the label's line; a clause that opens with an item
        // keeps the label alone so the item is still read as an item.
        Some(Block::Paragraph(_)) => out.push(' '),
        Some(Block::Item(_)) => out.push('\n'),
        None => {}
    }
    out.push_str(&body);
    out
}

/// The canonical text: title, blank line, preamble lines, then chapters (`第一章 总则` or a
/// section's `五、保险、福利`) and clauses separated by blank lines, clauses numbered from the
/// fragment's start; then the back matter lines after a blank line. Ends with one newline.
pub fn render(c: &Contract) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !c.title.is_empty() {
        parts.push(c.title.clone());
    }
    if !c.preamble.is_empty() {
        parts.push(c.preamble.join("\n"));
    }
    let mut n = c.offset();
    for (ci, chapter) in c.chapters.iter().enumerate() {
        if let Some(h) = chapter_heading(c, ci + 1) {
            parts.push(h);
        }
        for clause in &chapter.clauses {
            n += 1;
            parts.push(render_clause(n, clause));
        }
    }
    if !c.back.is_empty() {
        parts.push(c.back.join("\n"));
    }
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(clause_label(5), "第五条");
        assert_eq!(clause_label(110), "第一百一十条");
        assert_eq!(chapter_label(2), "第二章");
        assert_eq!(item_label(3), "（三）");
    }

    #[test]
    fn canonical_layout() {
        let c = Contract {
            title: "某某公司工资专项集体合同".into(),
            preamble: vec![],
            back: vec![],
            start: None,
            chapters: vec![Chapter {
                section: false,
                title: Some("总则".into()),
                clauses: vec![
                    Clause {
                        blocks: vec![
                            Block::Paragraph("为维护职工权益，订立本合同。".into()),
                            Block::Item("工资增长；".into()),
                            Block::Paragraph("前款规定适用全体职工。".into()),
                        ],
                    },
                    Clause {
                        blocks: vec![Block::Paragraph("本合同第一条适用于全体职工。".into())],
                    },
                ],
            }],
        };
        assert_eq!(
            render(&c),
            "某某公司工资专项集体合同\n\n第一章 总则\n\n第一条 为维护职工权益，订立本合同。\n（一）工资增长；\n前款规定适用全体职工。\n\n第二条 本合同第一条适用于全体职工。\n"
        );
    }
}

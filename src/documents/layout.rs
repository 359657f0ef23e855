//! Line layout for the PDF: the document's blocks set on A4 pages after GB/T 9704 — margins
//! 37/35/28/26 mm, 22 lines a page (pitch 28.95 pt), body 三号 (16 pt; 28 characters fill the
//! 156 mm line at 15.75 pt, which is what the body is set at), title 二号 (22 pt), tables 四号
//! (14 pt), page numbers `— N —` in 四号 7 mm under the text area, odd pages right and even pages
//! left, one character in. Breaking follows the Chinese rule that closing punctuation never
//! starts a line. Pure: widths come from the caller's font.

use super::model::{Block, Document, Table};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MM: f32 = 72.0 / 25.4;
pub const LEFT: f32 = 28.0 * MM;
pub const TOP: f32 = 37.0 * MM;
pub const BOTTOM: f32 = 35.0 * MM;
pub const TEXT_W: f32 = 156.0 * MM;
const TEXT_H: f32 = 225.0 * MM;
/// 22 lines a page.
pub const PITCH: f32 = TEXT_H / 22.0;
/// 三号 set so that 28 characters fill a line.
pub const BODY: f32 = TEXT_W / 28.0;
pub const TITLE: f32 = 22.0;
pub const TABLE: f32 = 14.0;
const FOOT: f32 = 8.0;

/// Something drawn on a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// Text with its baseline's left end at (x, y), in points from the bottom left.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    /// A rule (table borders).
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
}

/// One page's items, in reading order.
pub type Page = Vec<Item>;

/// Characters that must not begin a line (避头点).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕’”…—,.;:?!)%".contains(c)
}

/// Breaks `text` into lines no wider than `width` at `size`; `first_indent` on the first line.
/// Closing punctuation that falls past the end of a line hangs in the margin (body text) or, in
/// a table cell (`hang` false), takes the character before it down to the next line.
pub fn wrap(
    text: &str,
    size: f32,
    width: f32,
    first_indent: f32,
    hang: bool,
    em: &dyn Fn(char) -> f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = first_indent;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let cw = em(c) * size;
        if w + cw > width + 0.01 && !line.is_empty() && !(hang && no_line_start(c)) {
            // Closing punctuation never starts a line: the character before it goes down with it.
            let carried = if no_line_start(c) && line.chars().count() > 1 {
                line.pop()
            } else {
                None
            };
            lines.push(std::mem::take(&mut line));
            w = 0.0;
            if let Some(p) = carried {
                line.push(p);
                w = em(p) * size;
            }
        }
        line.push(c);
        w += cw;
        i += 1;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn width(text: &str, size: f32, em: &dyn Fn(char) -> f32) -> f32 {
    text.chars().map(|c| em(c) * size).sum()
}

struct Setter<'a> {
    em: &'a dyn Fn(char) -> f32,
    pages: Vec<Page>,
    /// Baseline of the next line.
    y: f32,
}

impl Setter<'_> {
    fn top() -> f32 {
        PAGE_H - TOP - PITCH * 0.78
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = Self::top();
    }

    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM - PITCH * 0.3 {
            self.new_page();
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = self.pages.last_mut() {
            p.push(item);
        }
    }

    fn text_line(&mut self, x: f32, size: f32, bold: bool, text: String) {
        self.ensure(0.0);
        let y = self.y;
        self.push(Item::Text {
            x,
            y,
            size,
            bold,
            text,
        });
        self.y -= PITCH;
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool, indent: f32, align: Align) {
        let em = self.em;
        for (i, l) in wrap(text, size, TEXT_W, indent, true, em)
            .into_iter()
            .enumerate()
        {
            let w = width(&l, size, em);
            let x = match align {
                Align::Left if i == 0 => LEFT + indent,
                Align::Left => LEFT,
                Align::Center => LEFT + (TEXT_W - w) / 2.0,
                Align::Right => LEFT + TEXT_W - 4.0 * BODY - w,
            };
            self.text_line(x.max(LEFT), size, bold, l);
        }
    }

    fn table(&mut self, t: &Table) {
        let em = self.em;
        let total: f32 = t.widths.iter().map(|w| f32::from(*w)).sum::<f32>().max(1.0);
        let cols: Vec<f32> = t
            .widths
            .iter()
            .map(|w| f32::from(*w) / total * TEXT_W)
            .collect();
        let pad = 4.0;
        let lead = TABLE * 1.45;
        // The first row of a table starts on the current line's top.
        self.y += PITCH * 0.78;
        let mut top = self.y;
        for (ri, row) in t.rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(ci, c)| {
                    wrap(
                        c,
                        TABLE,
                        cols.get(ci).copied().unwrap_or(0.0) - 2.0 * pad,
                        0.0,
                        false,
                        em,
                    )
                })
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = n as f32 * lead + 2.0 * pad;
            if top - h < BOTTOM {
                self.new_page();
                top = self.y + PITCH * 0.78;
            }
            let header = t.header && ri == 0;
            let mut x = LEFT;
            for (ci, lines) in cells.iter().enumerate() {
                let cw = cols.get(ci).copied().unwrap_or(0.0);
                for (li, l) in lines.iter().enumerate() {
                    let lw = width(l, TABLE, em);
                    let tx = if header { x + (cw - lw) / 2.0 } else { x + pad };
                    let ty = top - pad - (li as f32 + 1.0) * lead + lead * 0.3;
                    self.push(Item::Text {
                        x: tx,
                        y: ty,
                        size: TABLE,
                        bold: header,
                        text: l.clone(),
                    });
                }
                x += cw;
            }
            // Borders: the row's top and bottom, and every column's sides.
            self.push(Item::Line {
                x1: LEFT,
                y1: top,
                x2: LEFT + TEXT_W,
                y2: top,
            });
            self.push(Item::Line {
                x1: LEFT,
                y1: top - h,
                x2: LEFT + TEXT_W,
                y2: top - h,
            });
            let mut x = LEFT;
            self.push(Item::Line {
                x1: x,
                y1: top,
                x2: x,
                y2: top - h,
            });
            for cw in &cols {
                x += cw;
                self.push(Item::Line {
                    x1: x,
                    y1: top,
                    x2: x,
                    y2: top - h,
                });
            }
            top -= h;
        }
        // Back onto the grid below the table.
        let used = Self::top() + PITCH * 0.78 - top;
        let lines = (used / PITCH).ceil();
        self.y = Self::top() - lines * PITCH;
        if self.y < BOTTOM {
            self.new_page();
        }
    }
}

impl Setter<'_> {
    fn block(&mut self, b: &Block) {
        match b {
            Block::Title(t) => {
                self.lines(t, TITLE, true, 0.0, Align::Center);
                // GB/T 9704: one empty line under the title.
                self.y -= PITCH;
            }
            Block::Subtitle(t) => self.lines(t, BODY, false, 0.0, Align::Center),
            Block::Heading(t) => self.lines(t, BODY, true, 2.0 * BODY, Align::Left),
            Block::Chapter(t) => self.lines(t, BODY, true, 0.0, Align::Center),
            Block::Para(t) => self.lines(t, BODY, false, 2.0 * BODY, Align::Left),
            Block::Plain(t) => self.lines(t, BODY, false, 0.0, Align::Left),
            Block::Right(t) => self.lines(t, BODY, false, 0.0, Align::Right),
            Block::Table(t) => self.table(t),
            Block::Space(n) => self.y -= f32::from(*n) * PITCH,
            Block::PageBreak => self.new_page(),
        }
    }

    /// Whether `blocks` set from here stay on this page (`fresh`: from the top of a new one).
    fn fits(&self, blocks: &[Block], fresh: bool) -> bool {
        let mut trial = Setter {
            em: self.em,
            pages: vec![Vec::new()],
            y: if fresh { Self::top() } else { self.y },
        };
        for b in blocks {
            trial.block(b);
        }
        // Running onto a new page only to leave it empty still fits.
        trial.pages.len() == 1 || trial.pages.iter().skip(1).all(Vec::is_empty)
    }

    /// Before `blocks` that must share a page: when they would not fit on this one but do on
    /// a fresh one, start a new page.
    fn keep_together(&mut self, blocks: &[Block]) {
        if !self.page_is_empty() && !self.fits(blocks, false) && self.fits(blocks, true) {
            self.new_page();
        }
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(Vec::is_empty)
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// The pages of `doc`, with page numbers and the footer; `em` gives a character's advance in ems.
pub fn layout(doc: &Document, em: &dyn Fn(char) -> f32) -> Vec<Page> {
    let mut s = Setter {
        em,
        pages: Vec::new(),
        y: 0.0,
    };
    s.new_page();
    for (i, b) in doc.blocks.iter().enumerate() {
        // The agreement's last clause goes over with the signature block when they would not
        // share a page; a clause taller than a page sends only its last paragraph.
        if let Some(k) = doc.keep {
            let end = k.end.min(doc.blocks.len());
            if (i == k.clause || (i + 1 == k.signature && i >= k.clause))
                && let Some(kept) = doc.blocks.get(i..end)
            {
                s.keep_together(kept);
            }
        }
        s.block(b);
    }
    let mut pages = s.pages;
    // A trailing page break leaves an empty last page: drop it.
    if pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    let footer: Vec<String> = doc
        .footer
        .as_deref()
        .map(|f| f.lines().map(str::to_string).collect())
        .unwrap_or_default();
    for (i, p) in pages.iter_mut().enumerate() {
        let n = format!("— {} —", i + 1);
        let w = width(&n, TABLE, em);
        let odd = i % 2 == 0;
        let x = if odd {
            LEFT + TEXT_W - TABLE - w
        } else {
            LEFT + TABLE
        };
        let y = BOTTOM - 7.0 * MM - TABLE * 0.8;
        for (li, l) in footer.iter().enumerate() {
            let fw = width(l, FOOT, em);
            p.push(Item::Text {
                x: LEFT + (TEXT_W - fw) / 2.0,
                y: y - TABLE - (li as f32) * FOOT * 1.4,
                size: FOOT,
                bold: false,
                text: l.clone(),
            });
        }
        p.push(Item::Text {
            x,
            y,
            size: TABLE,
            bold: false,
            text: n,
        });
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_eight_characters_fill_a_line() {
        let em = |_c: char| 1.0;
        let text: String = std::iter::repeat_n('字', 60).collect();
        let lines = wrap(&text, BODY, TEXT_W, 0.0, true, &em);
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            vec![28, 28, 4]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let em = |_c: char| 1.0;
        let text = format!("{}，后", "字".repeat(28));
        let hung = wrap(&text, BODY, TEXT_W, 0.0, true, &em);
        assert_eq!(hung[1], "后");
        let pushed = wrap(&text, BODY, TEXT_W, 0.0, false, &em);
        assert_eq!(pushed[0].chars().count(), 27);
        assert_eq!(pushed[1], "字，后");
    }
}

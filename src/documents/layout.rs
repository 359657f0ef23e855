//! Line layout for the PDF: the document's blocks set on A4 pages after GB/T 9704 — margins
//! 37/35/28/26 mm, 22 lines a page (pitch 28.95 pt), body 三号 (16 pt; 28 characters fill the
//! 156 mm line at 15.75 pt, which is what the body is set at), title 二号 (22 pt), tables 四号
//! (14 pt), page numbers `— N —` in 四号 7 mm under the text area, odd pages right and even pages
//! left, one character in. Breaking follows the Chinese rules: closing punctuation (and `%`) never
//! starts a line, opening punctuation never ends one, and a number is not split. A title's breaks
//! (`title_breaks`) are the DOCX writer's too. Pure: widths come from the caller's font (a
//! title's breaks from nominal widths, the same for both writers).

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

/// Characters that must not begin a line (避头点): closing punctuation, and `%`.
pub fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〕〉’”…—·,.;:?!)]}%".contains(c)
}

/// Characters that must not end a line (避尾点): opening punctuation.
pub fn no_line_end(c: char) -> bool {
    "（《「『【〔〈‘“([{".contains(c)
}

/// Characters of a number or a Latin word, which a line break must not split.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%')
}

/// Whether a line may break between `before` and `after` (`words`: runs of word characters
/// are kept whole too).
fn may_break(before: char, after: char, words: bool) -> bool {
    let splits_word = words && is_word(before) && is_word(after);
    !(no_line_start(after) || no_line_end(before) || splits_word)
}

/// Breaks `text` into lines no wider than `width` at `size`; `first_indent` on the first line.
/// Closing punctuation never starts a line and opening punctuation never ends one; a number
/// (`86.67%`, `2,150`) or a Latin word is not split unless it is longer than a line. Where a
/// break falls on such a place, as many characters as needed go down to the next line. In body
/// text (`hang`) closing punctuation that falls past the end of a line hangs in the margin
/// instead.
pub fn wrap(
    text: &str,
    size: f32,
    width: f32,
    first_indent: f32,
    hang: bool,
    em: &dyn Fn(char) -> f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line: Vec<char> = Vec::new();
    let mut w = first_indent;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let cw = em(c) * size;
        let over = w + cw > width + 0.01 && !line.is_empty();
        if !over || (hang && no_line_start(c) && !is_word(c)) {
            line.push(c);
            w += cw;
            i += 1;
            continue;
        }
        // Keep `k` characters on this line: the last place that breaks no rule, words kept
        // whole when possible; with none, the line is cut where it is full.
        let after = |k: usize| line.get(k).copied().unwrap_or(c);
        let find = |words: bool| {
            (1..=line.len())
                .rev()
                .find(|&k| may_break(line[k - 1], after(k), words))
        };
        let k = find(true).or_else(|| find(false)).unwrap_or(line.len());
        let rest = line.split_off(k);
        lines.push(line.iter().collect::<String>());
        w = rest.iter().map(|p| em(*p) * size).sum();
        line = rest;
        // `c` is tried again against the carried characters.
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line.iter().collect());
    }
    lines
}

/// The kinds of agreement as titles name them (`documents.kind.*`), longest first: a title of
/// two lines breaks before one.
pub const KIND_WORDS: &[&str] = &[
    "女职工权益保护专项集体合同",
    "劳动安全卫生专项集体合同",
    "工资专项集体合同",
    "专项集体合同",
    "集体合同",
];

/// Where a title's year begins (`2026年`), if not at its start.
fn year_at(text: &str) -> Option<usize> {
    text.char_indices().map(|(i, _)| i).find(|&i| {
        let b = text.as_bytes();
        i > 0
            && b.get(i..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && text.get(i + 4..).is_some_and(|r| r.starts_with('年'))
            && !b.get(i - 1).is_some_and(u8::is_ascii_digit)
    })
}

/// A title's lines (GB/T 9704 7.3.3: broken at whole words, the lines balanced): one line when
/// it fits; else broken before the kind of agreement it names (`…2026年度` / `工资专项集体合同`)
/// when both halves fit, else before its year (`…股份有限公司` / `2026年度工资专项集体合同`: a
/// name too long to share a line with the year is not cut); else as few lines as `wrap` gives,
/// made as even as they can be.
pub fn title_lines(text: &str, size: f32, width: f32, em: &dyn Fn(char) -> f32) -> Vec<String> {
    let total: f32 = text.chars().map(|c| em(c) * size).sum();
    if total <= width + 0.01 {
        return vec![text.to_string()];
    }
    let kind = KIND_WORDS
        .iter()
        .find_map(|word| text.find(word))
        .filter(|at| *at > 0);
    let fits = |t: &str| t.chars().map(|c| em(c) * size).sum::<f32>() <= width + 0.01;
    for at in [kind, year_at(text)].into_iter().flatten() {
        let (a, b) = text.split_at(at);
        if fits(a) && fits(b) && !a.ends_with(no_line_end) {
            return vec![a.to_string(), b.to_string()];
        }
    }
    let lines = wrap(text, size, width, 0.0, false, em);
    let n = lines.len();
    // The narrowest measure that still gives `n` lines: even lines.
    let mut w = total / n as f32;
    while w < width {
        let l = wrap(text, size, w, 0.0, false, em);
        if l.len() <= n {
            return l;
        }
        w += size * 0.25;
    }
    lines
}

/// A character's advance in ems as a title's breaks reckon it, whatever face sets it: a wide
/// (CJK, full-width) character 1; a narrow one 0.6, above the digits of the faces in play (Times
/// New Roman's 0.5 in the DOCX, WenQuanYi's 0.55 in the PDF); the widest Latin letters 1.
/// The PDF's font is whatever the machine has and the DOCX's the reader's: breaking by these
/// puts the breaks at the same places in both, on every machine, and no line overflows.
pub fn title_em(c: char) -> f32 {
    use unicode_width::UnicodeWidthChar;
    match c.width() {
        Some(2) => 1.0,
        Some(0) | None => 0.0,
        _ if matches!(c, 'M' | 'W' | 'm' | 'w') => 1.0,
        _ if c.is_ascii_uppercase() => 0.75,
        _ => 0.6,
    }
}

/// The lines of a title as both writers set them, 小标宋 二号 on the 156 mm line: where
/// [`title_lines`] breaks it by [`title_em`]. The PDF centres each line by its font's widths;
/// the DOCX ends each but the last with a line break in one centred paragraph.
pub fn title_breaks(text: &str) -> Vec<String> {
    title_lines(text, TITLE, TEXT_W, &title_em)
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

    /// How many more lines fit on this page.
    fn lines_left(&self) -> usize {
        let floor = BOTTOM - PITCH * 0.3;
        if self.y < floor {
            0
        } else {
            ((self.y - floor) / PITCH).floor() as usize + 1
        }
    }

    /// Where a paragraph of `n` lines goes to the next page (before which line), when it does:
    /// one of three lines or fewer is kept whole; a longer one never leaves its first line alone
    /// at the foot of a page (orphan) nor its last alone at the head of the next (widow).
    fn page_break_in(&self, n: usize) -> Option<usize> {
        let fit = self.lines_left();
        let at_top = self.y >= Self::top() - 1.0;
        if n <= fit || at_top {
            return None;
        }
        if n <= 3 || fit <= 1 {
            Some(0)
        } else if n - fit == 1 {
            Some(fit - 1)
        } else {
            None
        }
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool, indent: f32, align: Align) {
        let em = self.em;
        let wrapped = wrap(text, size, TEXT_W, indent, true, em);
        let turn = self.page_break_in(wrapped.len());
        for (i, l) in wrapped.into_iter().enumerate() {
            if turn == Some(i) {
                self.new_page();
            }
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
                let em = self.em;
                for l in title_breaks(t) {
                    let x = LEFT + (TEXT_W - width(&l, TITLE, em)) / 2.0;
                    self.text_line(x.max(LEFT), TITLE, true, l);
                }
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
        // A signature block (the run of right-aligned lines: signer, seal, date) shares a
        // page: the date never stands alone at the head of the last page.
        if matches!(b, Block::Right(_))
            && !matches!(
                i.checked_sub(1).and_then(|p| doc.blocks.get(p)),
                Some(Block::Right(_))
            )
        {
            let n = doc
                .blocks
                .iter()
                .skip(i)
                .take_while(|x| matches!(x, Block::Right(_)))
                .count();
            if let Some(run) = doc.blocks.get(i..i + n) {
                s.keep_together(run);
            }
        }
        // A heading is never left alone at the foot of a page: it goes over with what its
        // paragraph must keep (the whole of three lines or fewer, else two).
        if let (Block::Heading(_) | Block::Chapter(_), Some(Block::Para(t) | Block::Plain(t))) =
            (b, doc.blocks.get(i + 1))
        {
            let n = wrap(t, BODY, TEXT_W, 2.0 * BODY, true, em).len();
            let keep = if n <= 3 { n } else { 2 };
            if s.lines_left() < 1 + keep && s.y < Setter::top() - 1.0 {
                s.new_page();
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
    fn a_number_is_never_broken() {
        let em = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
        let text = format!("{}86.67%，后", "字".repeat(26));
        let lines = wrap(&text, BODY, TEXT_W, 0.0, true, &em);
        assert_eq!(lines[0], "字".repeat(26));
        assert_eq!(lines[1], "86.67%，后");
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

    /// The body lines of each page of a document of `blocks`, as (page, line text) pairs.
    fn body_lines(blocks: Vec<Block>) -> Vec<(usize, String)> {
        let doc = Document {
            kind: super::super::model::DocKind::Offer,
            title: String::new(),
            blocks,
            footer: None,
            blanks: Vec::new(),
            keep: None,
            generated: Vec::new(),
        };
        let em = |_c: char| 1.0;
        layout(&doc, &em)
            .iter()
            .enumerate()
            .flat_map(|(p, items)| {
                items.iter().filter_map(move |it| match it {
                    Item::Text { size, text, .. } if (*size - BODY).abs() < 0.01 => {
                        Some((p, text.clone()))
                    }
                    _ => None,
                })
            })
            .collect()
    }

    /// A paragraph of `n` full lines (the first indented two characters).
    fn para(n: usize, c: char) -> Block {
        Block::Para(std::iter::repeat_n(c, 28 * n - 2).collect())
    }

    fn pages_of(lines: &[(usize, String)], c: char) -> Vec<usize> {
        lines
            .iter()
            .filter(|(_, t)| t.starts_with(c))
            .map(|(p, _)| *p)
            .collect()
    }

    #[test]
    fn a_short_paragraph_is_never_split_across_pages() {
        // 21 lines used: one left. The two lines of the registration number go over together
        // (filing.pdf had `0417号` alone on page 3).
        let lines = body_lines(vec![Block::Space(21), para(2, '号')]);
        assert_eq!(pages_of(&lines, '号'), vec![1, 1]);
        let lines = body_lines(vec![Block::Space(20), para(3, '号')]);
        assert_eq!(pages_of(&lines, '号'), vec![1, 1, 1]);
        // It fits: it stays.
        let lines = body_lines(vec![Block::Space(19), para(3, '号')]);
        assert_eq!(pages_of(&lines, '号'), vec![0, 0, 0]);
    }

    #[test]
    fn a_heading_goes_over_with_its_paragraph() {
        let lines = body_lines(vec![
            Block::Space(20),
            Block::Heading("四、会议结果".into()),
            para(2, '甲'),
        ]);
        assert_eq!(pages_of(&lines, '四'), vec![1]);
        assert_eq!(pages_of(&lines, '甲'), vec![1, 1]);
        // Room for the heading and two lines of a long paragraph: it stays.
        let lines = body_lines(vec![
            Block::Space(19),
            Block::Heading("四、会议结果".into()),
            para(5, '乙'),
        ]);
        assert_eq!(pages_of(&lines, '四'), vec![0]);
        assert_eq!(pages_of(&lines, '乙'), vec![0, 0, 1, 1, 1]);
    }

    /// Regression: the note's date stood alone on its last page, its signer on the page before.
    #[test]
    fn a_signature_block_goes_over_whole() {
        // One line left for the signer and the date: both go over.
        let lines = body_lines(vec![
            para(21, '丙'),
            Block::Right("甲工会".into()),
            Block::Right("甲2026年4月30日".into()),
        ]);
        assert_eq!(pages_of(&lines, '甲'), vec![1, 1]);
        // Room for both: they stay.
        let lines = body_lines(vec![
            para(20, '丁'),
            Block::Right("乙工会".into()),
            Block::Right("乙2026年4月30日".into()),
        ]);
        assert_eq!(pages_of(&lines, '乙'), vec![0, 0]);
    }

    #[test]
    fn no_widow_and_no_orphan() {
        // Four lines left for five: one would be a widow, so three stay and two go over.
        let lines = body_lines(vec![Block::Space(18), para(5, '甲')]);
        assert_eq!(pages_of(&lines, '甲'), vec![0, 0, 0, 1, 1]);
        // One line left for five: it would be an orphan; all five go over.
        let lines = body_lines(vec![Block::Space(21), para(5, '乙')]);
        assert_eq!(pages_of(&lines, '乙'), vec![1, 1, 1, 1, 1]);
        // Two left for five: two stay, three go.
        let lines = body_lines(vec![Block::Space(20), para(5, '丙')]);
        assert_eq!(pages_of(&lines, '丙'), vec![0, 0, 1, 1, 1]);
        // Taller than a page from the top: set as it comes.
        let lines = body_lines(vec![para(30, '丁')]);
        assert_eq!(
            pages_of(&lines, '丁').iter().filter(|p| **p == 0).count(),
            22
        );
    }

    #[test]
    fn a_title_breaks_before_the_kind_of_agreement_and_is_balanced() {
        let em = |c: char| if c.is_ascii() { 0.55 } else { 1.0 };
        // At 22 pt the line holds 20 characters: `…工资专` / `项集体合同` was the old break.
        assert_eq!(
            title_lines(
                "大连华信精密机械有限公司2026年度工资专项集体合同",
                TITLE,
                TEXT_W,
                &em
            ),
            vec!["大连华信精密机械有限公司2026年度", "工资专项集体合同"]
        );
        assert_eq!(
            title_lines(
                "大连华信精密机械有限公司2026年度集体合同",
                TITLE,
                TEXT_W,
                &em
            ),
            vec!["大连华信精密机械有限公司2026年度", "集体合同"]
        );
        assert_eq!(
            title_lines("工资集体协商要约书", TITLE, TEXT_W, &em),
            vec!["工资集体协商要约书"]
        );
        // A name too long to share a line with the year: broken before the year, not in the
        // name (`…制造股` / `份有限公司2026年度…` was the balanced break).
        assert_eq!(
            title_lines(
                "大连华信精密机械制造股份有限公司2026年度工资专项集体合同",
                TITLE,
                TEXT_W,
                &em
            ),
            vec![
                "大连华信精密机械制造股份有限公司",
                "2026年度工资专项集体合同"
            ]
        );
        // No kind named: two lines of even length, not 20 and 4.
        let t = "关于某某某某某某某某某某某某某某某某某某某某某某的说明";
        let lines = title_lines(t, TITLE, TEXT_W, &em);
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            vec![14, 13]
        );
    }

    #[test]
    fn every_kind_of_agreement_is_a_title_break() {
        for k in crate::domain::dossier::ContractKind::ALL {
            let name = crate::i18n::tr(
                crate::i18n::Lang::ZhCn,
                &format!("documents.kind.{}", k.key()),
            );
            assert!(KIND_WORDS.contains(&name.as_str()), "{name}");
        }
    }

    fn em(c: char) -> f32 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    /// Lines of `text` in cells `n` ems wide (at 1 pt, so widths are in ems).
    fn cell(text: &str, n: f32) -> Vec<String> {
        wrap(text, 1.0, n, 0.0, false, &em)
    }

    #[test]
    fn several_closing_marks_go_down_with_the_character_before_them() {
        // note.pdf had a line starting `）；加班工资基数`.
        let lines = cell("按月计发（含奖金）；加班工资基数", 8.0);
        assert_eq!(lines, vec!["按月计发（含奖", "金）；加班工资基", "数"]);
    }

    #[test]
    fn a_percentage_in_brackets_stays_whole() {
        // `（6.5` / `%）` split a number in the note and the minutes.
        let lines = cell("达成一致，增长（6.5%）", 10.0);
        assert_eq!(lines, vec!["达成一致，增长", "（6.5%）"]);
        let lines = cell("字字字字字字字字6.5%）后", 10.0);
        assert_eq!(lines, vec!["字字字字字字字字", "6.5%）后"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        // filing.pdf ended a line with `反对【`; the minutes with `职工方首席代表（`.
        assert_eq!(
            cell("赞成票数、反对【待填：反对票数】", 6.0),
            vec!["赞成票数、反", "对【待填：反", "对票数】"]
        );
        assert_eq!(cell("反对【待填：", 3.0), vec!["反对", "【待", "填："]);
        assert_eq!(
            cell("职工方首席代表（签字）", 8.0),
            vec!["职工方首席代表", "（签字）"]
        );
    }

    #[test]
    fn a_run_longer_than_a_line_is_cut_where_the_line_is_full() {
        assert_eq!(cell("ab1234567890", 3.0), vec!["ab1234", "567890"]);
        assert_eq!(cell("））））", 2.0), vec!["））", "））"]);
    }

    use proptest::prelude::*;

    /// Text made of pieces that can always be broken legally in a cell of 8 ems or more: a
    /// hanzi with closing marks after it, opening marks before a hanzi, numbers.
    fn piece() -> impl Strategy<Value = String> {
        let han = prop::sample::select(vec!['工', '资', '协', '商', '元', '月']);
        let close = prop::sample::select(vec!['，', '。', '、', '；', '）', '》', '】', '”', '%']);
        let open = prop::sample::select(vec!['（', '《', '【', '“']);
        prop_oneof![
            (han.clone(), prop::collection::vec(close, 0..3))
                .prop_map(|(h, c)| std::iter::once(h).chain(c).collect()),
            (prop::collection::vec(open, 1..3), han)
                .prop_map(|(o, h)| o.into_iter().chain(std::iter::once(h)).collect()),
            "[0-9]{1,5}(\\.[0-9]{1,2})?%?".prop_map(|n| format!("元{n}")),
        ]
    }

    proptest! {
        #[test]
        fn lines_keep_the_text_and_the_punctuation_rules(
            pieces in prop::collection::vec(piece(), 1..60),
            ems in 8u32..30,
            hang in any::<bool>(),
        ) {
            let text: String = pieces.concat();
            let width = ems as f32;
            let lines = wrap(&text, 1.0, width, 0.0, hang, &em);
            prop_assert_eq!(lines.concat(), text.clone());
            for (n, l) in lines.iter().enumerate() {
                let first = l.chars().next();
                let last = l.chars().last();
                if n > 0 {
                    prop_assert!(first.is_some_and(|c| !no_line_start(c)), "{:?}", lines);
                }
                if n + 1 < lines.len() {
                    prop_assert!(last.is_some_and(|c| !no_line_end(c)), "{:?}", lines);
                    let next = lines[n + 1].chars().next();
                    // Numbers (at most 9 characters, 4.5 ems) are never split.
                    prop_assert!(
                        !(last.is_some_and(is_word) && next.is_some_and(is_word)),
                        "{:?}",
                        lines
                    );
                }
                let hung: f32 = if hang {
                    l.chars().rev().take_while(|c| no_line_start(*c) && !is_word(*c)).map(em).sum()
                } else {
                    0.0
                };
                let w: f32 = l.chars().map(em).sum();
                prop_assert!(w <= width + hung + 0.01, "{:?}", lines);
            }
        }
    }
}

//! The PDF writer: the laid-out pages (`layout`) drawn with CJK TrueType fonts embedded as
//! subsets — only the glyphs the document uses (typst's `subsetter`), each a Type0/CIDFontType2
//! font with Identity-H encoding and a ToUnicode map, so the text can be searched, copied and
//! read back (`pdftotext`). The fonts come in order of preference and each character is set in
//! the first that has it; a character none has is never dropped or misread: it is drawn as `□`
//! with its own text attached (`/ActualText`), and the writer reports it. Bold (titles,
//! headings) is the same face filled and stroked. Streams are deflated. Pure: the fonts' bytes
//! are passed in; the result is the file's bytes.

use super::layout::{self, Item, PAGE_H, PAGE_W};
use super::model::Document;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

fn deflate(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(data)?;
    e.finish()
}

/// What stands in for a character no font has: a white square, which GB 2312 encodes.
pub const SUBSTITUTE: char = '□';

/// A PDF written: its bytes, and the characters no font had (drawn as `□`), in order of first
/// use.
#[derive(Debug)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub missing: Vec<char>,
}

/// The fonts, parsed, and which one sets each character.
struct Fonts<'a> {
    faces: Vec<(&'a [u8], ttf_parser::Face<'a>)>,
}

impl<'a> Fonts<'a> {
    fn parse(fonts: &[&'a [u8]]) -> std::io::Result<Fonts<'a>> {
        let mut faces = Vec::new();
        let mut first_err = None;
        for f in fonts {
            match ttf_parser::Face::parse(f, 0) {
                Ok(face) => faces.push((*f, face)),
                Err(e) => {
                    first_err.get_or_insert(e);
                }
            }
        }
        if faces.is_empty() {
            return Err(std::io::Error::other(
                first_err.map_or_else(|| "no font".to_string(), |e| e.to_string()),
            ));
        }
        Ok(Fonts { faces })
    }

    /// The font that sets `c` and its glyph, or `None` when no font has it.
    fn pick(&self, c: char) -> Option<(usize, u16)> {
        self.faces
            .iter()
            .enumerate()
            .find_map(|(i, (_, f))| f.glyph_index(c).map(|g| (i, g.0)))
    }

    /// The font and glyph that draw `c`: its own, else the substitute (else glyph 0).
    fn draw(&self, c: char) -> (usize, u16, bool) {
        match self.pick(c) {
            Some((i, g)) => (i, g, false),
            None => self
                .pick(SUBSTITUTE)
                .map_or((0, 0, true), |(i, g)| (i, g, true)),
        }
    }

    fn advance(&self, c: char) -> f32 {
        let (i, g, _) = self.draw(c);
        self.faces.get(i).map_or(1.0, |(_, f)| {
            f.glyph_hor_advance(ttf_parser::GlyphId(g))
                .map_or(1.0, |a| f32::from(a) / f32::from(f.units_per_em()))
        })
    }
}

/// The characters of `text` that none of `fonts` has (whitespace aside), each once, in order.
pub fn missing(text: &str, fonts: &[&[u8]]) -> Vec<char> {
    let faces: Vec<ttf_parser::Face<'_>> = fonts
        .iter()
        .filter_map(|f| ttf_parser::Face::parse(f, 0).ok())
        .collect();
    let mut seen = BTreeSet::new();
    text.chars()
        .filter(|c| !c.is_whitespace())
        .filter(|c| faces.iter().all(|f| f.glyph_index(*c).is_none()))
        .filter(|c| seen.insert(*c))
        .collect()
}

/// A piece of a line set in one font: glyph ids, or one character no font has.
enum Run {
    Glyphs(usize, Vec<u16>),
    Missing(usize, u16, char),
}

fn runs(fonts: &Fonts<'_>, text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for c in text.chars() {
        let (i, g, lost) = fonts.draw(c);
        if lost {
            out.push(Run::Missing(i, g, c));
            continue;
        }
        match out.last_mut() {
            Some(Run::Glyphs(j, gs)) if *j == i => gs.push(g),
            _ => out.push(Run::Glyphs(i, vec![g])),
        }
    }
    out
}

fn font_key(i: usize) -> String {
    format!("F{}", i + 1)
}

/// The PDF of `doc`, set in the TrueType fonts `fonts` (`.ttf` or `.ttc`, face 0), the first
/// that has a character setting it.
pub fn write(doc: &Document, fonts: &[&[u8]]) -> std::io::Result<Written> {
    let fonts = Fonts::parse(fonts)?;
    let advance = |c: char| fonts.advance(c);
    let pages = layout::layout(doc, &advance);

    // Every glyph used, per font, in order of the original ids, so the subset keeps their order.
    let mut used: Vec<BTreeMap<u16, char>> = vec![BTreeMap::new(); fonts.faces.len()];
    let mut missing: Vec<char> = Vec::new();
    for p in &pages {
        for it in p {
            if let Item::Text { text, .. } = it {
                for c in text.chars() {
                    let (i, g, lost) = fonts.draw(c);
                    let shown = if lost {
                        if !missing.contains(&c) {
                            missing.push(c);
                        }
                        SUBSTITUTE
                    } else {
                        c
                    };
                    if let Some(m) = used.get_mut(i) {
                        m.entry(g).or_insert(shown);
                    }
                }
            }
        }
    }
    let mut remappers = Vec::new();
    for (i, m) in used.iter().enumerate() {
        if m.is_empty() {
            remappers.push(None);
            continue;
        }
        let gids: Vec<u16> = m.keys().copied().collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        let data = fonts.faces.get(i).map_or(&[][..], |(d, _)| *d);
        let subset = subsetter::subset(data, 0, &remapper)
            .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
        remappers.push(Some((remapper, subset)));
    }
    let new_gid = |i: usize, g: u16| -> u16 {
        remappers
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|(r, _)| r.get(g))
            .unwrap_or(0)
    };

    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    // type0, cid, descriptor, file, cmap for every font used.
    let font_refs: Vec<Option<[Ref; 5]>> = remappers
        .iter()
        .map(|r| {
            r.as_ref()
                .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        })
        .collect();

    pdf.catalog(catalog).pages(tree);
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .creator(TextStr("xieshang"));

    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_refs.len()).unwrap_or(i32::MAX));

    for (page, (pref, cref)) in pages.iter().zip(&page_refs) {
        let mut c = Content::new();
        let mut lines = false;
        for it in page {
            match it {
                Item::Text {
                    x,
                    y,
                    size,
                    bold,
                    text,
                } => {
                    c.begin_text();
                    if *bold {
                        c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                        c.set_line_width(size * 0.03);
                    }
                    c.next_line(*x, *y);
                    let mut current = None;
                    for run in runs(&fonts, text) {
                        let (i, gids) = match &run {
                            Run::Glyphs(i, gs) => (*i, gs.clone()),
                            Run::Missing(i, g, _) => (*i, vec![*g]),
                        };
                        if current != Some(i) {
                            c.set_font(Name(font_key(i).as_bytes()), *size);
                            current = Some(i);
                        }
                        let mut bytes = Vec::with_capacity(gids.len() * 2);
                        for g in gids {
                            bytes.extend_from_slice(&new_gid(i, g).to_be_bytes());
                        }
                        if let Run::Missing(_, _, ch) = run {
                            // The square is drawn; the text it stands for is what is read.
                            let actual = ch.to_string();
                            c.begin_marked_content_with_properties(Name(b"Span"))
                                .properties()
                                .actual_text(TextStr(&actual));
                            c.show(Str(&bytes));
                            c.end_marked_content();
                        } else {
                            c.show(Str(&bytes));
                        }
                    }
                    if *bold {
                        c.set_text_rendering_mode(TextRenderingMode::Fill);
                    }
                    c.end_text();
                }
                Item::Line { x1, y1, x2, y2 } => {
                    if !lines {
                        c.set_line_width(0.6);
                        lines = true;
                    }
                    c.move_to(*x1, *y1);
                    c.line_to(*x2, *y2);
                    c.stroke();
                }
            }
        }
        let data = deflate(&c.finish())?;
        let mut p = pdf.page(*pref);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*cref);
        {
            let mut res = p.resources();
            let mut fs = res.fonts();
            for (i, r) in font_refs.iter().enumerate() {
                if let Some([type0, ..]) = r {
                    fs.pair(Name(font_key(i).as_bytes()), *type0);
                }
            }
        }
        p.finish();
        pdf.stream(*cref, &data).filter(Filter::FlateDecode);
    }

    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    for (i, refs) in font_refs.iter().enumerate() {
        let (
            Some([type0, cid, descriptor, file, cmap]),
            Some(Some((remapper, subset))),
            Some((_, face)),
        ) = (refs, remappers.get(i), fonts.faces.get(i))
        else {
            continue;
        };
        let upem = f32::from(face.units_per_em());
        let tag = format!("XSHAN{}+CJK", char::from(b'A' + (i % 26) as u8));
        let font_name = Name(tag.as_bytes());
        pdf.type0_font(*type0)
            .base_font(font_name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(*cid)
            .to_unicode(*cmap);
        let widths: Vec<f32> = remapper
            .remapped_gids()
            .map(|old| {
                face.glyph_hor_advance(ttf_parser::GlyphId(old))
                    .map_or(1000.0, |a| f32::from(a) / upem * 1000.0)
            })
            .collect();
        let mut cf = pdf.cid_font(*cid);
        cf.subtype(CidFontType::Type2)
            .base_font(font_name)
            .system_info(system)
            .font_descriptor(*descriptor)
            .default_width(1000.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cf.widths().consecutive(0, widths);
        cf.finish();
        let bbox = face.global_bounding_box();
        let scale = |v: i16| f32::from(v) / upem * 1000.0;
        pdf.font_descriptor(*descriptor)
            .name(font_name)
            .flags(FontFlags::SYMBOLIC)
            .bbox(Rect::new(
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(face.ascender()))
            .descent(scale(face.descender()))
            .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
            .stem_v(80.0)
            .font_file2(*file);
        let font_data = deflate(subset)?;
        pdf.stream(*file, &font_data).filter(Filter::FlateDecode);

        let mut uc = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system);
        for (old, ch) in used.get(i).into_iter().flatten() {
            if let Some(new) = remapper.get(*old) {
                uc.pair(new, *ch);
            }
        }
        let uc = uc.finish();
        pdf.cmap(*cmap, uc.as_slice());
    }
    Ok(Written {
        bytes: pdf.finish(),
        missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_font_has_gbk_hanzi_and_names_what_it_lacks() {
        let fonts: &[&[u8]] = &[crate::documents::EMBEDDED_FONT];
        // 喆 and 堃 are outside GB 2312 but in GBK; the emoji, a private-use and an unassigned
        // character are in no font; spaces are never missing.
        assert_eq!(
            missing("李喆 张堃x😀\u{E000}\u{0378}😀□", fonts),
            vec!['😀', '\u{E000}', '\u{0378}']
        );
        assert!(missing("𠀀", fonts) == vec!['𠀀']);
    }
}

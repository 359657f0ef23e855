//! The PDF writer: the laid-out pages (`layout`) drawn with one CJK TrueType font embedded as a
//! subset — only the glyphs the document uses (typst's `subsetter`), as a Type0/CIDFontType2 font
//! with Identity-H encoding and a ToUnicode map, so the text can be searched, copied and read
//! back (`pdftotext`). Bold (titles, headings) is the same face filled and stroked. Streams are
//! deflated. Pure: the font's bytes are passed in; the result is the file's bytes.

use super::layout::{self, Item, PAGE_H, PAGE_W};
use super::model::Document;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use std::io::Write;

fn deflate(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(data)?;
    e.finish()
}

/// The PDF of `doc`, set in the TrueType font `font` (a `.ttf`, face 0).
pub fn write(doc: &Document, font: &[u8]) -> std::io::Result<Vec<u8>> {
    let face = ttf_parser::Face::parse(font, 0).map_err(std::io::Error::other)?;
    let upem = f32::from(face.units_per_em());
    let advance = |c: char| -> f32 {
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(1.0, |a| f32::from(a) / upem)
    };
    let pages = layout::layout(doc, &advance);

    // Every glyph used, in order of the original ids, so the subset keeps their order.
    let mut used: BTreeMap<u16, char> = BTreeMap::new();
    for p in &pages {
        for it in p {
            if let Item::Text { text, .. } = it {
                for c in text.chars() {
                    let g = face.glyph_index(c).map_or(0, |g| g.0);
                    used.entry(g).or_insert(c);
                }
            }
        }
    }
    let gids: Vec<u16> = used.keys().copied().collect();
    let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
    let subset = subsetter::subset(font, 0, &remapper)
        .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
    let new_gid = |c: char| -> u16 {
        let g = face.glyph_index(c).map_or(0, |g| g.0);
        remapper.get(g).unwrap_or(0)
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
    let type0 = alloc();
    let cid = alloc();
    let descriptor = alloc();
    let file = alloc();
    let cmap = alloc();
    let font_name = Name(b"XSHANG+CJK");

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
                    let mut bytes = Vec::with_capacity(text.len() * 2);
                    for ch in text.chars() {
                        bytes.extend_from_slice(&new_gid(ch).to_be_bytes());
                    }
                    c.begin_text();
                    if *bold {
                        c.set_text_rendering_mode(TextRenderingMode::FillStroke);
                        c.set_line_width(size * 0.03);
                    }
                    c.set_font(Name(b"F1"), *size);
                    c.next_line(*x, *y);
                    c.show(Str(&bytes));
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
        p.resources().fonts().pair(Name(b"F1"), type0);
        p.finish();
        pdf.stream(*cref, &data).filter(Filter::FlateDecode);
    }

    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(font_name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let widths: Vec<f32> = remapper
        .remapped_gids()
        .map(|old| {
            face.glyph_hor_advance(ttf_parser::GlyphId(old))
                .map_or(1000.0, |a| f32::from(a) / upem * 1000.0)
        })
        .collect();
    let mut cf = pdf.cid_font(cid);
    cf.subtype(CidFontType::Type2)
        .base_font(font_name)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cf.widths().consecutive(0, widths);
    cf.finish();
    let bbox = face.global_bounding_box();
    let scale = |v: i16| f32::from(v) / upem * 1000.0;
    pdf.font_descriptor(descriptor)
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
        .font_file2(file);
    let font_data = deflate(&subset)?;
    pdf.stream(file, &font_data).filter(Filter::FlateDecode);

    let mut uc = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system);
    for (old, ch) in &used {
        if let Some(new) = remapper.get(*old) {
            uc.pair(new, *ch);
        }
    }
    let uc = uc.finish();
    pdf.cmap(cmap, uc.as_slice());
    Ok(pdf.finish())
}

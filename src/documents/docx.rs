//! The DOCX writer: a document as the few XML parts of an Office Open XML package in a zip,
//! laid out after GB/T 9704 — A4 with 37/35/28/26 mm margins, 22 lines a page (exact line pitch
//! 28.95 pt), body 仿宋_GB2312 三号, title 方正小标宋简体 二号, headings 黑体 三号, page numbers
//! `— 1 —` in 宋体 四号 (odd pages right, even pages left). East Asian font names go in
//! `w:eastAsia`; the font table names a fallback for each (仿宋 → FangSong → Noto Serif CJK SC …)
//! so WPS, Word and LibreOffice all find a Chinese face. Pure: the bytes are returned.
//!
//! Every text passes through `xml_text`: characters XML cannot carry and the sanitiser's
//! forbidden characters are dropped, `<&>"'` escaped.

use super::model::{Block, Document, Table};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Twentieths of a point per millimetre (1440 / 25.4), times 10 to stay in integers.
const TWIP_PER_MM_X10: u32 = 567;

fn mm(x: u32) -> u32 {
    x * TWIP_PER_MM_X10 / 10
}

/// The text area: 156 mm wide.
const TEXT_WIDTH_MM: u32 = 156;
/// 225 mm / 22 lines = 28.95 pt = 579 twips: 22 lines a page.
const LINE_PITCH: u32 = 579;
/// The character grid: 28 characters a line. The text area is 11906 − 1587 − 1474 = 8845 twips
/// (442.25 pt) wide, 28 × 16 pt = 448 pt would not fit (Word set 27); Word's `w:charSpace` is
/// added, in 4096ths of a point, to the pitch of the Normal style's 16 pt: −849 gives 15.793 pt,
/// 28 of which make 442.2 pt.
const CHAR_SPACE: i32 = -849;

pub(crate) const FONT_BODY: &str = "仿宋_GB2312";
pub(crate) const FONT_TITLE: &str = "方正小标宋简体";
pub(crate) const FONT_HEADING: &str = "黑体";
pub(crate) const FONT_SUBTITLE: &str = "楷体_GB2312";
const FONT_PAGE: &str = "宋体";

/// Each named font and the face to use where it is missing, in a chain ending in free fonts.
const FALLBACKS: [(&str, &str); 12] = [
    ("仿宋_GB2312", "仿宋"),
    ("仿宋", "FangSong"),
    ("FangSong", "Noto Serif CJK SC"),
    ("方正小标宋简体", "宋体"),
    ("宋体", "SimSun"),
    ("SimSun", "Noto Serif CJK SC"),
    ("黑体", "SimHei"),
    ("SimHei", "Noto Sans CJK SC"),
    ("楷体_GB2312", "楷体"),
    ("楷体", "KaiTi"),
    ("KaiTi", "Noto Serif CJK SC"),
    ("Times New Roman", "Liberation Serif"),
];

/// Text safe inside an XML element: forbidden and XML-illegal characters dropped, specials escaped.
pub(crate) fn xml_text(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| {
            !crate::text::is_forbidden(*c)
                && !matches!(*c, '\u{FFFE}' | '\u{FFFF}')
                && (*c >= ' ' || *c == '\t')
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

fn fonts(east_asia: &str) -> String {
    format!(
        r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}" w:cs="Times New Roman"/>"#,
        xml_text(east_asia)
    )
}

fn run(text: &str, font: &str, half_points: u32, bold: bool) -> String {
    format!(
        r#"<w:r><w:rPr>{}{}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        fonts(font),
        if bold { "<w:b/>" } else { "" },
        xml_text(text)
    )
}

/// `lines` as one run, a line break (`<w:br/>`) between each.
fn run_lines(lines: &[String], font: &str, half_points: u32, bold: bool) -> String {
    let text = lines
        .iter()
        .map(|l| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, xml_text(l)))
        .collect::<Vec<_>>()
        .join("<w:br/>");
    format!(
        r#"<w:r><w:rPr>{}{}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>{text}</w:r>"#,
        fonts(font),
        if bold { "<w:b/>" } else { "" },
    )
}

fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

const CENTER: &str = r#"<w:jc w:val="center"/>"#;
const INDENT2: &str = r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#;

/// The style of what the export makes up around the agreement's text (see
/// [`crate::contract::word::GENERATED_STYLE`]).
const GENERATED: &str = r#"<w:pStyle w:val="XieshangGenerated"/>"#;

/// The style of a title (see [`crate::contract::word::TITLE_STYLE`]): its line breaks are
/// layout, joined again when the export is read back.
const TITLE: &str = r#"<w:pStyle w:val="XieshangTitle"/>"#;

/// Keeps a paragraph on the page of the next one and its own lines together.
const KEEP_NEXT: &str = "<w:keepNext/><w:keepLines/>";
/// Keeps a paragraph's lines together (the last kept paragraph).
const KEEP_LINES: &str = "<w:keepLines/>";

/// How a block is kept with what follows it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hold {
    Free,
    /// With the next block (and its own lines together).
    Next,
    /// Its own lines (and a table's rows) together: the last kept block.
    Last,
}

impl Hold {
    fn ppr(self) -> &'static str {
        match self {
            Hold::Free => "",
            Hold::Next => KEEP_NEXT,
            Hold::Last => KEEP_LINES,
        }
    }
}

/// `t` as a bordered table; a kept table's rows never split and stay together.
fn table(t: &Table, hold: Hold, style: &str) -> String {
    let total: u32 = t.widths.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let width = mm(TEXT_WIDTH_MM);
    let cols: Vec<u32> = t
        .widths
        .iter()
        .map(|w| u32::from(*w) * width / total)
        .collect();
    let mut x = String::new();
    x.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
    ));
    for c in &cols {
        x.push_str(&format!(r#"<w:gridCol w:w="{c}"/>"#));
    }
    x.push_str("</w:tblGrid>");
    for (ri, row) in t.rows.iter().enumerate() {
        let header = t.header && ri == 0;
        x.push_str("<w:tr>");
        let cant_split = if hold == Hold::Free {
            ""
        } else {
            "<w:cantSplit/>"
        };
        if header || hold != Hold::Free {
            x.push_str(&format!(
                "<w:trPr>{cant_split}{}</w:trPr>",
                if header { "<w:tblHeader/>" } else { "" }
            ));
        }
        // Word keeps a table's rows together by keep-with-next on the rows but the last.
        let keep = if hold == Hold::Next || (hold == Hold::Last && ri + 1 < t.rows.len()) {
            KEEP_NEXT
        } else {
            hold.ppr()
        };
        for (ci, cell) in row.iter().enumerate() {
            let w = cols.get(ci).copied().unwrap_or(0);
            x.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>"#
            ));
            let ppr = format!(
                r#"{style}{keep}<w:spacing w:line="360" w:lineRule="auto" w:before="40" w:after="40"/>{}"#,
                if header { CENTER } else { "" }
            );
            let font = if header { FONT_HEADING } else { FONT_BODY };
            x.push_str(&para(&ppr, &run(cell, font, 28, false)));
            x.push_str("</w:tc>");
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    // A table must be followed by a paragraph before the section ends.
    x.push_str(&para(if hold == Hold::Next { KEEP_NEXT } else { "" }, ""));
    x
}

fn body(doc: &Document) -> String {
    let mut x = String::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let hold = match doc.keep {
            Some(k) if k.holds(i) && i + 1 < k.end => Hold::Next,
            Some(k) if k.holds(i) => Hold::Last,
            // A signature block's lines (signer, seal, date) keep together, as in the PDF.
            _ if matches!(b, Block::Right(_))
                && matches!(doc.blocks.get(i + 1), Some(Block::Right(_))) =>
            {
                Hold::Next
            }
            _ => Hold::Free,
        };
        // `w:pStyle` comes first in `w:pPr`.
        let style = if doc.generated.iter().any(|r| r.contains(&i)) {
            GENERATED
        } else if matches!(b, Block::Title(_)) {
            TITLE
        } else {
            ""
        };
        let k = &format!("{style}{}", hold.ppr());
        match b {
            // Broken where the PDF breaks it (whole words, balanced lines), each line centred;
            // off the character grid, which would give each 22 pt character two 16 pt cells and
            // wrap the lines again wherever they filled.
            Block::Title(t) => x.push_str(&para(
                // In the schema's order: grid, spacing, then justification.
                &format!(r#"{k}<w:snapToGrid w:val="0"/><w:spacing w:line="{LINE_PITCH}" w:lineRule="exact" w:after="{LINE_PITCH}"/>{CENTER}"#),
                &run_lines(&super::layout::title_breaks(t), FONT_TITLE, 44, false),
            )),
            Block::Subtitle(t) => x.push_str(&para(
                &format!("{k}{CENTER}"),
                &run(t, FONT_SUBTITLE, 32, false),
            )),
            Block::Heading(t) => x.push_str(&para(
                &format!("{k}{INDENT2}"),
                &run(t, FONT_HEADING, 32, false),
            )),
            Block::Chapter(t) => x.push_str(&para(
                &format!("{k}{CENTER}"),
                &run(t, FONT_HEADING, 32, false),
            )),
            Block::Para(t) => x.push_str(&para(
                &format!("{k}{INDENT2}"),
                &run(t, FONT_BODY, 32, false),
            )),
            Block::Plain(t) => x.push_str(&para(k, &run(t, FONT_BODY, 32, false))),
            Block::Right(t) => x.push_str(&para(
                &format!(r#"{k}<w:ind w:right="1280"/><w:jc w:val="right"/>"#),
                &run(t, FONT_BODY, 32, false),
            )),
            Block::Table(t) => x.push_str(&table(t, hold, style)),
            Block::Space(n) => {
                for _ in 0..*n {
                    x.push_str(&para(k, ""));
                }
            }
            Block::PageBreak => x.push_str(&format!(
                r#"<w:p><w:pPr>{style}</w:pPr><w:r><w:br w:type="page"/></w:r></w:p>"#
            )),
        }
    }
    x
}

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn document_xml(doc: &Document) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" w:footer="{}" w:gutter="0"/><w:docGrid w:type="linesAndChars" w:linePitch="{LINE_PITCH}" w:charSpace="{CHAR_SPACE}"/></w:sectPr></w:body></w:document>"#,
        body(doc),
        mm(37),
        mm(26),
        mm(35),
        mm(28),
        mm(28) / 2,
    )
}

/// A footer: the seal lines (when any) and the page number `— N —` on the `align` side, one
/// character in from the margin.
fn footer_xml(doc: &Document, align: &str) -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NS}>"#
    );
    if let Some(f) = &doc.footer {
        for line in f.lines() {
            x.push_str(&para(CENTER, &run(line, FONT_BODY, 16, false)));
        }
    }
    let ind = if align == "right" {
        r#"<w:ind w:right="280"/>"#
    } else {
        r#"<w:ind w:left="280"/>"#
    };
    let dash = |t: &str| run(t, FONT_PAGE, 28, false);
    x.push_str(&format!(
        r#"<w:p><w:pPr><w:jc w:val="{align}"/>{ind}</w:pPr>{}<w:r><w:rPr>{}<w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:rPr>{}<w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:rPr>{}<w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr>{}<w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr>{}<w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>{}</w:p></w:ftr>"#,
        dash("— "),
        fonts(FONT_PAGE),
        fonts(FONT_PAGE),
        fonts(FONT_PAGE),
        fonts(FONT_PAGE),
        fonts(FONT_PAGE),
        dash(" —"),
    ));
    x
}

fn styles_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="{LINE_PITCH}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="XieshangGenerated"><w:name w:val="xieshang generated"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="XieshangTitle"><w:name w:val="xieshang title"/><w:basedOn w:val="Normal"/></w:style></w:styles>"#,
        fonts(FONT_BODY)
    )
}

fn font_table_xml() -> String {
    let mut x = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {NS}>"#
    );
    for (name, alt) in FALLBACKS {
        let cjk = name != "Times New Roman";
        x.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}"/>{}<w:family w:val="{}"/><w:pitch w:val="variable"/></w:font>"#,
            xml_text(name),
            xml_text(alt),
            if cjk { r#"<w:charset w:val="86"/>"# } else { "" },
            if name.contains("黑") || name.contains("Hei") || alt.contains("Sans") {
                "modern"
            } else {
                "roman"
            }
        ));
    }
    x.push_str("</w:fonts>");
    x
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>"#;

fn settings_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {NS}><w:evenAndOddHeaders/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

fn core_xml(doc: &Document) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>xieshang</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"#,
        xml_text(&doc.title)
    )
}

/// The parts of the package, in the order they are zipped (tests read them back by name).
pub fn parts(doc: &Document) -> Vec<(&'static str, String)> {
    vec![
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("docProps/core.xml", core_xml(doc)),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/document.xml", document_xml(doc)),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/footer1.xml", footer_xml(doc, "right")),
        ("word/footer2.xml", footer_xml(doc, "left")),
    ]
}

/// The DOCX file's bytes. Deterministic: the same document gives the same bytes (fixed
/// timestamps in the zip).
pub fn write(doc: &Document) -> std::io::Result<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts(doc) {
        z.start_file(name, opts).map_err(std::io::Error::other)?;
        z.write_all(text.as_bytes())?;
    }
    let out = z.finish().map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GB/T 9704: 28 characters of 三号 (16 pt) a line, 22 lines a page.
    #[test]
    fn the_grid_holds_28_characters_by_22_lines() {
        let xml = document_xml(&Document {
            kind: crate::documents::DocKind::Offer,
            title: String::new(),
            blocks: Vec::new(),
            footer: None,
            blanks: Vec::new(),
            keep: None,
            generated: Vec::new(),
        });
        assert!(
            xml.contains(r#"<w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587""#)
        );
        assert!(xml.contains(
            r#"<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-849"/>"#
        ));
        // In 4096ths of a point: 28 pitches fit in 8845 twips, 29 do not.
        let width = i64::from(11906 - 1474 - 1587) * 4096 / 20;
        let pitch = 16 * 4096 + i64::from(CHAR_SPACE);
        assert!(28 * pitch <= width && 29 * pitch > width);
        // 22 lines of 579 twips in the 225 mm text height (12757 twips).
        let height = 16838 - 2097 - 1984;
        assert_eq!((height / i64::from(LINE_PITCH), height), (22, 12757));
    }

    /// The writer marks what it makes up with the style the Word reader leaves out.
    #[test]
    fn the_generated_mark_is_the_readers_style() {
        assert_eq!(
            GENERATED,
            format!(
                r#"<w:pStyle w:val="{}"/>"#,
                crate::contract::word::GENERATED_STYLE
            )
        );
        assert!(styles_xml().contains(r#"w:styleId="XieshangGenerated""#));
        assert_eq!(
            TITLE,
            format!(
                r#"<w:pStyle w:val="{}"/>"#,
                crate::contract::word::TITLE_STYLE
            )
        );
        assert!(styles_xml().contains(r#"w:styleId="XieshangTitle""#));
    }
}

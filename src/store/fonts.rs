//! Finding a CJK font on this machine for the PDF writer. Looked for in the usual places, 仿宋
//! first (what GB/T 9704 prints the body in), then 宋体, then free fonts Linux distributions
//! ship; a font is taken only when it is a TrueType font (the writer embeds `glyf` outlines; face
//! 0 of a collection) that has a character of the document the fonts before it lack, and the
//! search stops once every character is covered. The PDF writer sets each character in the first
//! font that has it, the font compiled into the program last. `XIESHANG_PDF_FONT` names a font
//! file to put first, or `embedded` to skip the search.

use std::path::PathBuf;

const CANDIDATES: &[&str] = &[
    // 仿宋
    "C:\\Windows\\Fonts\\simfang.ttf",
    "/usr/share/fonts/truetype/simfang.ttf",
    "/usr/share/fonts/truetype/windows/simfang.ttf",
    "/usr/local/share/fonts/simfang.ttf",
    "/Library/Fonts/simfang.ttf",
    // 宋体 / 明体
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/usr/share/fonts/truetype/arphic-bsmi00lp/bsmi00lp.ttf",
    // Free sans faces (Droid Sans Fallback has no Latin letters: taken only for text without)
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/// A TrueType face (with `glyf` outlines), parsed.
fn truetype(bytes: &[u8]) -> Option<ttf_parser::Face<'_>> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    face.raw_face()
        .table(ttf_parser::Tag::from_bytes(b"glyf"))
        .is_some()
        .then_some(face)
}

/// The system fonts to set `text` in, as bytes, in order of preference: each has a character of
/// `text` the ones before it lack. Empty when none is found (or `XIESHANG_PDF_FONT=embedded`):
/// the font compiled into the program sets everything.
pub fn cjk_fonts(text: &str) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    match std::env::var("XIESHANG_PDF_FONT").ok().as_deref() {
        Some("embedded") => return Vec::new(),
        Some(p) if !p.is_empty() => paths.push(PathBuf::from(p)),
        _ => {}
    }
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        paths.push(home.join(".fonts/simfang.ttf"));
        paths.push(home.join(".local/share/fonts/simfang.ttf"));
    }
    paths.extend(CANDIDATES.iter().map(PathBuf::from));
    let mut left: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    left.sort_unstable();
    left.dedup();
    let mut found = Vec::new();
    for p in paths {
        if left.is_empty() {
            break;
        }
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let Some(face) = truetype(&bytes) else {
            continue;
        };
        let before = left.len();
        left.retain(|c| face.glyph_index(*c).is_none());
        if left.len() < before {
            found.push(bytes);
        }
    }
    found
}

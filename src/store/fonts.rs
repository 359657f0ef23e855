//! Finding a CJK font on this machine for the PDF writer. Looked for in the usual places, 仿宋
//! first (what GB/T 9704 prints the body in), then 宋体, then free fonts Linux distributions
//! ship; a font is taken only when it is a TrueType font (the writer embeds `glyf` outlines) (face 0 of a collection) that
//! has every character of the document. `XIESHANG_PDF_FONT` names a font file to use instead, or
//! `embedded` to skip the search. `None` means: use the font compiled into the program.

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

fn usable(bytes: &[u8], text: &str) -> bool {
    let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
        return false;
    };
    let glyf = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"glyf"))
        .is_some();
    glyf && text
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| face.glyph_index(c).is_some())
}

/// A system font with every character of `text`, as bytes; `None` for the embedded one.
pub fn cjk_font(text: &str) -> Option<Vec<u8>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    match std::env::var("XIESHANG_PDF_FONT").ok().as_deref() {
        Some("embedded") => return None,
        Some(p) if !p.is_empty() => paths.push(PathBuf::from(p)),
        _ => {}
    }
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        paths.push(home.join(".fonts/simfang.ttf"));
        paths.push(home.join(".local/share/fonts/simfang.ttf"));
    }
    paths.extend(CANDIDATES.iter().map(PathBuf::from));
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(p).ok())
        .find(|b| usable(b, text))
}

//! The sanitiser: every piece of text that comes from a file, an import, a paste, a template or
//! the command line passes through here before it is stored, rendered or exported.
//!
//! Displayed text is hostile (a dossier can arrive on a USB stick from anyone): terminal escape
//! sequences could repaint the screen or retitle the window, bidi overrides can make `8%` read as
//! `%8` or hide a clause's real meaning, zero-width characters make two different names look the
//! same. We drop escape sequences whole, drop C0/C1 controls, bidi controls and zero-width
//! characters, and normalise line ends. What remains is safe to put in a terminal cell.

/// True for characters that must never reach a terminal cell or an exported file.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0000}'..='\u{0008}' | '\u{000B}'..='\u{001F}' | '\u{007F}'..='\u{009F}'
        // bidi embeddings, overrides, isolates and marks
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        // zero-width and invisible format characters
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
        // interlinear annotations, tags
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}'
    )
}

/// `input` with every character that [`is_forbidden`] (and every line break or tab) written out
/// as an escape — `\x1b`, `\u{202E}`, `\n` — so a message can show exactly what was typed
/// without letting it act on the terminal.
pub fn visible(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x100 && (c.is_control() || is_forbidden(c)) => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if is_forbidden(c) || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Multi-line text: keeps `\n`; turns `\r\n`, lone `\r`, U+2028/2029 into `\n`; a tab becomes a
/// space; escape sequences are removed whole; every other forbidden character is removed.
pub(crate) fn sanitize_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS introducers: the sequence that follows is dropped too.
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{98}' | '\u{9E}' | '\u{9F}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One-line text (names, places, values): like [`sanitize_text`], then line breaks become spaces
/// and the ends are trimmed.
pub(crate) fn sanitize_line(input: &str) -> String {
    sanitize_text(input).replace('\n', " ").trim().to_string()
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences (ESC 7, ESC c, ESC ( B …): drop the intermediates and final.
        Some(c) if ('\u{20}'..='\u{2F}').contains(&c) => {
            while chars
                .peek()
                .is_some_and(|c| ('\u{20}'..='\u{2F}').contains(c))
            {
                chars.next();
            }
            chars.next();
        }
        Some(c) if ('\u{30}'..='\u{7E}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes, then one final byte in `@`..`~`.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        chars.next();
        if ('\u{40}'..='\u{7E}').contains(&c) || !(' '..='\u{7E}').contains(&c) {
            break;
        }
    }
}

/// OSC / DCS / PM / APC: up to BEL, ST (`ESC \`) or C1 ST; a newline also ends it so a stray
/// introducer cannot swallow the rest of a document.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' | '\n' => break,
            '\u{1B}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(sanitize_text("工资\u{1b}[31m8%\u{1b}[0m"), "工资8%");
        assert_eq!(sanitize_text("a\u{1b}]0;pwned\u{07}b"), "ab");
        assert_eq!(sanitize_text("a\u{1b}]8;;http://x\u{1b}\\link"), "alink");
        assert_eq!(sanitize_text("x\u{9b}2Jy"), "xy");
    }

    #[test]
    fn bidi_and_zero_width_are_removed() {
        assert_eq!(sanitize_line("增长\u{202E}%8\u{202C}"), "增长%8");
        assert_eq!(sanitize_line("张\u{200B}三\u{2066}"), "张三");
    }

    #[test]
    fn line_ends_are_normalised() {
        assert_eq!(sanitize_text("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        assert_eq!(sanitize_line("  a\nb\t "), "a b");
    }

    #[test]
    fn cjk_and_fullwidth_pass_untouched() {
        let s = "第一条　本合同依据《劳动法》第四十四条订立，工资增长８％。";
        assert_eq!(sanitize_text(s), s);
    }

    proptest! {
        #[test]
        fn output_never_holds_a_forbidden_character(s in any::<String>()) {
            let out = sanitize_text(&s);
            let bad = out.chars().any(|c| is_forbidden(c) || matches!(c, '\r' | '\t'));
            prop_assert!(!bad, "forbidden character left in {:?}", out);
            let line = sanitize_line(&s);
            prop_assert!(!line.contains('\n'));
        }

        #[test]
        fn sanitising_is_idempotent(s in any::<String>()) {
            let once = sanitize_text(&s);
            prop_assert_eq!(sanitize_text(&once), once.clone());
        }

        #[test]
        fn safe_text_is_unchanged(s in "[a-zA-Z0-9 \\n第一二三条款，。、《》（）％%\u{3000}]{0,80}") {
            prop_assert_eq!(sanitize_text(&s), s);
        }
    }
}

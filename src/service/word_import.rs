//! A draft file named for import, whatever people actually send: a .docx (read directly, its
//! automatic numbering and tracked changes included), a .doc, .wps or .odt (converted to .docx
//! by LibreOffice when it is installed), or plain text in UTF-8 or GBK/GB18030. The kind is told by
//! the file's first bytes, not its name; a name that promises a Word file and bytes that are
//! not one is refused. Every refusal names the file and says what to do, and nothing is saved.

use super::Failure;
use crate::contract::import::{ImportError, Imported};
use crate::contract::word::{self, Revisions, View};
use crate::domain::{Invalid, Problem};
use crate::i18n::{Lang, tr, trf};
use crate::store::import::MAX_IMPORT_BYTES;
use crate::store::registry::{Undecodable, decode};
use crate::store::word::{self as files, Kind, WordFileError};
use std::path::Path;

/// A draft file read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DraftFile {
    /// The text, tracked changes accepted, one paragraph a line.
    pub(crate) text: String,
    /// The text with the tracked changes rejected; `None` when there are none, or when
    /// rejecting them gives the same text.
    pub(crate) before: Option<String>,
    /// Tracked changes of the text by author (authors sanitised): the insertions and deletions
    /// people are told of. An author who only changed paragraphs' numbering is not listed (the
    /// message counts insertions and deletions); that change shows in `before`.
    pub(crate) revisions: Vec<Revisions>,
    /// One line is one paragraph (a Word document): no hard wraps to join.
    pub(crate) paragraphs: bool,
    /// The lines that were table rows (a Word document's): each stays one line of front or
    /// back matter.
    pub(crate) rows: Vec<String>,
    /// Paragraphs of a table of contents left out (a Word document's).
    pub(crate) toc: usize,
}

impl DraftFile {
    /// The contract in `text` (this file's `text` or `before`) through the one import step,
    /// each table row of the front and back matter kept as one line.
    pub(crate) fn import(&self, text: &str) -> Result<Imported, ImportError> {
        let mut imported = super::draft::import_contract(text, self.paragraphs)?;
        word::rows::keep_rows(&mut imported.contract, &self.rows);
        Ok(imported)
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Reads the draft file at `path`; `field` names the option it came from.
pub(crate) fn read_draft_file(field: &str, path: &Path, lang: Lang) -> Result<DraftFile, Failure> {
    let shown = path.display().to_string();
    let refuse = |m: String| -> Failure { Invalid::new(field, &shown, Problem::Other(m)).into() };
    let bytes = crate::store::import::read_bytes(field, path, files::MAX_FILE_BYTES)?;
    let ext = extension(path);
    let kind = files::sniff(&bytes);
    let docx = match kind {
        Kind::Zip => bytes,
        Kind::Ole2 if files::is_encrypted(&bytes) => {
            return Err(refuse(tr(lang, "word.error.encrypted")));
        }
        Kind::Ole2 | Kind::Rtf => {
            let as_ext = match (kind, ext.as_str()) {
                (Kind::Rtf, _) => "rtf",
                (_, "wps") => "wps",
                _ => "doc",
            };
            files::convert_to_docx(&bytes, as_ext).map_err(|e| refuse(file_message(&e, lang)))?
        }
        // Web pages and Word 2003 XML saved as .doc (some systems export these): LibreOffice
        // reads them too.
        // … and flat OpenDocument (.fodt), one XML file.
        Kind::Text if matches!(ext.as_str(), "doc" | "wps" | "fodt") && markup(&bytes) => {
            files::convert_to_docx(&bytes, &ext).map_err(|e| refuse(file_message(&e, lang)))?
        }
        Kind::Text => {
            if matches!(
                ext.as_str(),
                "docx" | "docm" | "dotx" | "doc" | "dot" | "wps" | "wpt" | "odt" | "ott" | "fodt"
            ) {
                return Err(refuse(trf(lang, "word.error.not_word", &[("ext", &ext)])));
            }
            return read_text(&bytes, lang).map_err(refuse);
        }
    };
    let parts = match files::docx_parts(&docx) {
        // An OpenDocument text: LibreOffice makes a .docx of it, as of a .doc.
        Err(WordFileError::OpenDocument) => {
            files::convert_to_docx(&docx, "odt").and_then(|converted| files::docx_parts(&converted))
        }
        read => read,
    }
    .map_err(|e| refuse(file_message(&e, lang)))?;
    let reading = word::read(
        &parts.document,
        parts.numbering.as_deref(),
        parts.styles.as_deref(),
    )
    .map_err(|e| refuse(e.message(lang)))?;
    let text = reading.text(View::Accepted);
    let before = reading.revised().then(|| reading.text(View::Original));
    // The bound a plain-text draft has, on the text read out of the document (labels and row
    // joins included), in either view.
    if std::iter::once(&text)
        .chain(before.as_ref())
        .any(|t| t.len() as u64 > MAX_IMPORT_BYTES)
    {
        return Err(refuse(trf(
            lang,
            "word.error.too_much_text",
            &[("max", &MAX_IMPORT_BYTES.to_string())],
        )));
    }
    Ok(DraftFile {
        text,
        before,
        paragraphs: true,
        revisions: reading
            .revisions
            .by_author
            .into_iter()
            .filter(|r| r.insertions + r.deletions + r.formatting > 0)
            .map(|r| Revisions {
                author: crate::text::sanitize_line(&r.author),
                ..r
            })
            .collect(),
        rows: reading.rows,
        toc: reading.toc,
    })
}

/// True when `bytes` open (after a BOM and white space) with `<`: HTML or XML.
fn markup(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    b.iter()
        .find(|c| !c.is_ascii_whitespace())
        .is_some_and(|c| *c == b'<')
}

fn read_text(bytes: &[u8], lang: Lang) -> Result<DraftFile, String> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(trf(
            lang,
            "invalid.too_large",
            &[("max", &MAX_IMPORT_BYTES.to_string())],
        ));
    }
    let (text, _) = decode(bytes).map_err(|e| match e {
        Undecodable::Utf16 => tr(lang, "word.error.utf16"),
        Undecodable::Workbook => tr(lang, "word.error.not_word_zip"),
        Undecodable::Bad { line, byte } => trf(
            lang,
            "word.error.undecodable",
            &[("line", &line.to_string()), ("byte", &byte.to_string())],
        ),
    })?;
    Ok(DraftFile {
        text,
        before: None,
        revisions: Vec::new(),
        paragraphs: false,
        rows: Vec::new(),
        toc: 0,
    })
}

pub(crate) fn file_message(e: &WordFileError, lang: Lang) -> String {
    match e {
        WordFileError::NotZip(detail) => trf(
            lang,
            "word.error.not_zip",
            &[("detail", &crate::text::sanitize_line(detail))],
        ),
        WordFileError::NotWord => tr(lang, "word.error.not_word_zip"),
        WordFileError::OpenDocument => tr(lang, "word.error.open_document"),
        WordFileError::TooManyEntries { max } => {
            trf(lang, "word.error.entries", &[("max", &max.to_string())])
        }
        WordFileError::TooLarge { part, max } => trf(
            lang,
            "word.error.too_large",
            &[("part", part), ("max", &max.to_string())],
        ),
        WordFileError::NotUtf8 { part } => trf(lang, "word.error.part_not_utf8", &[("part", part)]),
        WordFileError::NoConverter { program } => trf(
            lang,
            "word.error.no_soffice",
            &[("program", &crate::text::sanitize_line(program))],
        ),
        WordFileError::Timeout { secs } => {
            trf(lang, "word.error.timeout", &[("secs", &secs.to_string())])
        }
        WordFileError::ConversionFailed { detail } => trf(
            lang,
            "word.error.conversion",
            &[("detail", &crate::text::sanitize_line(detail))],
        ),
        WordFileError::ConverterExited { code, words } => {
            let code = code.map_or_else(|| "-".to_string(), |c| c.to_string());
            let words = crate::text::sanitize_line(words);
            if words.is_empty() {
                trf(lang, "word.error.converter_exited", &[("code", &code)])
            } else {
                trf(
                    lang,
                    "word.error.converter_exited_said",
                    &[("code", &code), ("words", &words)],
                )
            }
        }
        WordFileError::NoOutput { words } => {
            let words = crate::text::sanitize_line(words);
            if words.is_empty() {
                tr(lang, "word.error.no_output")
            } else {
                trf(lang, "word.error.no_output_said", &[("words", &words)])
            }
        }
        WordFileError::OutputNotAFile => tr(lang, "word.error.output_not_a_file"),
        WordFileError::TooLargeUnpacked { max } => {
            trf(lang, "word.error.unpacked", &[("max", &max.to_string())])
        }
        WordFileError::Io { path, kind, os } => trf(
            lang,
            "store.io",
            &[
                ("path", &crate::text::visible(path)),
                (
                    "detail",
                    &crate::i18n::io_detail(lang, &WordFileError::io_error(*kind, *os)),
                ),
            ],
        ),
    }
}

/// One author's tracked changes as both shells report them: insertions and deletions, and the
/// paragraphs whose numbering or style they changed when there are any.
pub(crate) fn revision_line(r: &Revisions, lang: Lang) -> String {
    let mut line = trf(
        lang,
        "word.revisions",
        &[
            ("author", &r.author),
            ("ins", &r.insertions.to_string()),
            ("del", &r.deletions.to_string()),
        ],
    );
    if r.formatting > 0 {
        line.push_str(&trf(
            lang,
            "word.revisions.formatting",
            &[("n", &r.formatting.to_string())],
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use crate::service::Version;

    #[test]
    fn a_conversion_folder_that_cannot_be_made_is_told_in_the_users_language() {
        use super::{Lang, WordFileError, file_message};
        let e = WordFileError::Io {
            path: "/tmp/xieshang-convert-1".into(),
            kind: std::io::ErrorKind::PermissionDenied,
            os: Some(13),
        };
        assert_eq!(
            file_message(&e, Lang::ZhCn),
            "/tmp/xieshang-convert-1：没有权限"
        );
        assert!(file_message(&e, Lang::En).starts_with("/tmp/xieshang-convert-1: "));
        let e = WordFileError::Io {
            path: "/tmp/x".into(),
            kind: std::io::ErrorKind::StorageFull,
            os: None,
        };
        assert_eq!(file_message(&e, Lang::ZhCn), "/tmp/x：磁盘已满");
    }
    use crate::service::versions::default_pair;

    /// Regression: the zip-bomb message named the part `*`, and a converter that exited 0
    /// without writing a .docx (or left a symbolic link) gave `LibreOffice 无法转换该文件（）`.
    #[test]
    fn conversion_and_bomb_messages_say_what_happened() {
        use super::{Lang, WordFileError, file_message};
        let zh = |e: WordFileError| file_message(&e, Lang::ZhCn);
        assert_eq!(
            zh(WordFileError::TooLargeUnpacked { max: 268_435_456 }),
            ".docx 中各条目解压后合计超过 268435456 字节：按 zip 炸弹拒绝"
        );
        assert_eq!(
            zh(WordFileError::NoOutput {
                words: String::new()
            }),
            "LibreOffice 报告转换成功，却没有生成 .docx（可能无法读取此类文件）：请在 Word 或 WPS 中另存为 .docx"
        );
        assert_eq!(
            zh(WordFileError::NoOutput {
                words: "Error: no export filter".into()
            }),
            "LibreOffice 报告转换成功，却没有生成 .docx（其输出：Error: no export filter）：请在 Word 或 WPS 中另存为 .docx"
        );
        assert_eq!(
            zh(WordFileError::OutputNotAFile),
            "LibreOffice 在转换结果的位置留下的不是普通文件（而是符号链接或文件夹）：拒绝读取"
        );
        assert_eq!(
            zh(WordFileError::ConverterExited {
                code: Some(3),
                words: String::new()
            }),
            "LibreOffice 转换失败，退出码 3：请在 Word 或 WPS 中另存为 .docx"
        );
        assert_eq!(
            file_message(
                &WordFileError::TooLargeUnpacked { max: 268_435_456 },
                Lang::En
            ),
            "the entries of the .docx together unpack to more than 268435456 bytes: refused as a zip bomb"
        );
    }

    fn version(message: &str, tags: &[&str]) -> Version {
        Version {
            rev: String::new(),
            short: String::new(),
            time: String::new(),
            message: message.into(),
            text: String::new(),
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            draft: Some(message.into()),
        }
    }

    #[test]
    fn the_diff_screen_opens_on_the_revisions_of_a_draft_imported_with_both() {
        let after = "draft: x\n\nXieshang-Event: draft.revisions_accepted file=a.docx\n";
        let before = "draft: y\n\nXieshang-Event: draft.imported_before file=a.docx\n";
        let created = "created\n";
        assert_eq!(
            default_pair(&[
                version(after, &["draft"]),
                version(before, &[]),
                version(created, &[])
            ]),
            Some((1, 0))
        );
        // Once rounds are tagged, the last round whose draft differs from the current one,
        // against the current one (the latest change).
        assert_eq!(
            default_pair(&[version(after, &[]), version(before, &["round-1"])]),
            Some((1, 0))
        );
        assert_eq!(
            default_pair(&[
                version(after, &[]),
                version(before, &["round-2"]),
                version(created, &["round-1"])
            ]),
            Some((1, 0))
        );
        // The current draft is round 2's: round 1 → round 2.
        assert_eq!(
            default_pair(&[
                version(before, &[]),
                version(before, &["round-2"]),
                version(created, &["round-1"])
            ]),
            Some((2, 1))
        );
        assert_eq!(default_pair(&[version(created, &[])]), None);
    }
}

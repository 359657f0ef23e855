//! Word and WPS files on disk: what kind a file is by its first bytes, the three XML parts of a
//! .docx taken out of its zip within fixed bounds, and .doc/.wps/.odt files converted to .docx by
//! LibreOffice. Reading what the XML says is `contract::word`'s business, not this module's.
//!
//! A file named for import is untrusted. The zip is opened from memory (its size already
//! bounded by the caller), refused when it has too many entries or says it unpacks to too much,
//! and each part is read through a bounded reader, since the sizes a zip declares can lie.
//! Conversion copies the file into a fresh private folder (the original is never opened for
//! writing nor named to LibreOffice), runs `soffice --headless --convert-to docx` there with a
//! profile of its own and a time limit (`store::program`: the whole process group is killed when
//! it runs over), and removes the folder whatever happens.

use super::program::{Output, RunError, run};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Largest Word file read (images make a .docx large; a contract's text is tens of kilobytes).
pub(crate) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Most entries a .docx may have: Word writes a dozen or two, plus one per image.
pub(crate) const MAX_ENTRIES: usize = 2_000;
/// Most a .docx may say it unpacks to, all entries together.
pub(crate) const MAX_UNPACKED: u128 = 256 * 1024 * 1024;
/// Most bytes read out of any one part we use.
pub(crate) const MAX_PART: u64 = 16 * 1024 * 1024;

/// The program run to convert .doc and .wps files (a stand-in in tests).
pub(crate) const SOFFICE_ENV: &str = "XIESHANG_SOFFICE";
/// Seconds a conversion may take (default [`DEFAULT_TIMEOUT`]).
pub(crate) const TIMEOUT_ENV: &str = "XIESHANG_SOFFICE_TIMEOUT";
/// LibreOffice's first start builds its profile, which takes a while on a slow machine.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// What a file is, by its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A zip: .docx (or another Office Open XML or OpenDocument file).
    Zip,
    /// An OLE2 compound file: .doc, .wps, or an encrypted (password-protected) .docx.
    Ole2,
    /// Rich Text Format (Word saves it, often named .doc).
    Rtf,
    /// Anything else: read as text.
    Text,
}

pub(crate) fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") {
        Kind::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Kind::Ole2
    } else if bytes.starts_with(b"{\\rtf") {
        Kind::Rtf
    } else {
        Kind::Text
    }
}

/// True when an OLE2 file is password-protected: an Office Open XML file saved with a password
/// (an `EncryptedPackage` stream; its name is stored in UTF-16LE in the file's directory), or a
/// Word 97–2003 .doc whose File Information Block says `fEncrypted` (RC4 or XOR obfuscation).
///
/// WPS Writer's .wps files of WPS 2005 and later are OLE2 files with a `WordDocument` stream
/// opening with the same Word 97 FIB, and are checked the same way. Older Kingsoft formats keep
/// their text in streams of their own whose encryption marker is not publicly documented: those
/// are not recognised here and go to LibreOffice, which fails on them with its own message.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    sniff(bytes) == Kind::Ole2
        && (bytes.windows(name.len()).any(|w| w == name.as_slice())
            || word_fib_flags(bytes).is_some_and(|flags| flags & FIB_ENCRYPTED != 0))
}

/// `fEncrypted` in the flags of a Word 97 FIB (`FibBase`, bit 8 of the 16 bits at 0x0A).
const FIB_ENCRYPTED: u16 = 0x0100;
/// `wIdent` at the start of a FIB: Word 97 and later, and Word 6/95.
const FIB_IDENTS: [u16; 2] = [0xA5EC, 0xA5DC];
/// Sector numbers at and above this mark free sectors or chain ends, not sectors.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The 16 flag bits of the FIB at the start of the `WordDocument` stream of the compound file
/// `bytes`, if it has one: the header, the sector allocation table it lists (the first 109 of
/// its sectors, and those in the further DIFAT sectors), the directory's chain of sectors,
/// the entry named `WordDocument`, the stream's first sector. Every step bounded; anything
/// malformed is `None`.
fn word_fib_flags(bytes: &[u8]) -> Option<u16> {
    let shift = le16(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let most = bytes.len() / size + 1;
    // The sectors of the allocation table.
    let mut fat: Vec<u32> = (0..109)
        .filter_map(|i| le32(bytes, 0x4C + 4 * i))
        .filter(|s| *s < MAX_SECTOR)
        .collect();
    let mut difat = le32(bytes, 0x44)?;
    let mut steps = 0;
    while difat < MAX_SECTOR && steps < most {
        let s = sector(difat)?;
        let per = size / 4 - 1;
        fat.extend(
            (0..per)
                .filter_map(|i| le32(s, 4 * i))
                .filter(|s| *s < MAX_SECTOR),
        );
        difat = le32(s, 4 * per)?;
        steps += 1;
    }
    let next = |n: u32| -> Option<u32> {
        let per = size / 4;
        let table = sector(*fat.get(n as usize / per)?)?;
        le32(table, 4 * (n as usize % per))
    };
    let cutoff = le32(bytes, 0x38)?;
    let name: Vec<u8> = "WordDocument"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut dir = le32(bytes, 0x30)?;
    let mut steps = 0;
    while dir < MAX_SECTOR && steps < most {
        for entry in sector(dir)?.chunks_exact(128) {
            let len = usize::from(le16(entry, 0x40)?);
            // A stream (type 2) named `WordDocument` (the length counts the closing NUL).
            if entry.get(0x42) == Some(&2) && len == name.len() + 2 && entry.starts_with(&name) {
                // Streams under the cutoff live in the mini stream: Word's never does.
                if le32(entry, 0x78)? < cutoff {
                    return None;
                }
                let fib = sector(le32(entry, 0x74)?)?;
                return FIB_IDENTS
                    .contains(&le16(fib, 0)?)
                    .then(|| le16(fib, 0x0A))
                    .flatten();
            }
        }
        dir = next(dir)?;
        steps += 1;
    }
    None
}

/// The parts of a .docx that `contract::word` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parts {
    pub(crate) document: String,
    pub(crate) numbering: Option<String>,
    pub(crate) styles: Option<String>,
}

/// Why a Word file could not be read or converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordFileError {
    /// Not a readable zip (the zip library's words).
    NotZip(String),
    /// A zip without `word/document.xml`: an .xlsx, .pptx, .ods …
    NotWord,
    /// An OpenDocument text (.odt, what LibreOffice and WPS can save): converted like a .doc.
    OpenDocument,
    TooManyEntries {
        max: usize,
    },
    /// Declares or yields more than the bounds: a zip bomb, or no contract.
    TooLarge {
        part: String,
        max: u64,
    },
    /// A part that is not UTF-8 (Word writes UTF-8).
    NotUtf8 {
        part: String,
    },
    /// The converter is not installed (the program name tried).
    NoConverter {
        program: String,
    },
    /// The converter ran over its time and was stopped.
    Timeout {
        secs: u64,
    },
    /// The converter failed: its last words, if any.
    ConversionFailed {
        detail: String,
    },
    /// The converter exited with an error code (`None`: stopped by a signal); its last words.
    ConverterExited {
        code: Option<i32>,
        words: String,
    },
    /// The converter said it succeeded but wrote no .docx; its last words, if any.
    NoOutput {
        words: String,
    },
    /// What the converter left where the .docx should be is not a plain file (a symbolic link,
    /// a folder): not read.
    OutputNotAFile,
    /// All the entries of a .docx together declare more than this unpacked: a zip bomb.
    TooLargeUnpacked {
        max: u64,
    },
    /// A file or folder of the conversion could not be made or read: its path and the
    /// system's reason (as a kind and error number, so the message can say it in the user's
    /// language).
    Io {
        path: String,
        kind: std::io::ErrorKind,
        os: Option<i32>,
    },
}

impl WordFileError {
    /// [`WordFileError::Io`] for an I/O error `e` on `path`.
    fn io(path: &Path, e: &std::io::Error) -> Self {
        WordFileError::Io {
            path: path.display().to_string(),
            kind: e.kind(),
            os: e.raw_os_error(),
        }
    }

    /// The system's reason of an [`WordFileError::Io`], as an error again (for
    /// `i18n::io_detail`).
    pub(crate) fn io_error(kind: std::io::ErrorKind, os: Option<i32>) -> std::io::Error {
        os.map_or_else(
            || std::io::Error::from(kind),
            std::io::Error::from_raw_os_error,
        )
    }
}

/// The three parts of the .docx in `bytes`.
pub(crate) fn docx_parts(bytes: &[u8]) -> Result<Parts, WordFileError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| WordFileError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(WordFileError::TooManyEntries { max: MAX_ENTRIES });
    }
    if zip.decompressed_size().is_some_and(|n| n > MAX_UNPACKED) {
        return Err(WordFileError::TooLargeUnpacked {
            max: MAX_UNPACKED as u64,
        });
    }
    let Some(document) = part(&mut zip, "word/document.xml")? else {
        return Err(if open_document_text(&mut zip) {
            WordFileError::OpenDocument
        } else {
            WordFileError::NotWord
        });
    };
    Ok(Parts {
        document,
        numbering: part(&mut zip, "word/numbering.xml")?,
        styles: part(&mut zip, "word/styles.xml")?,
    })
}

/// True when the zip's `mimetype` entry names an OpenDocument text (or its template): how
/// OpenDocument says what a package is, whatever the file is called.
fn open_document_text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> bool {
    let Ok(file) = zip.by_name("mimetype") else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(128).read_to_end(&mut head).is_err() {
        return false;
    }
    let kind = String::from_utf8_lossy(&head);
    let kind = kind.trim();
    kind == "application/vnd.oasis.opendocument.text"
        || kind == "application/vnd.oasis.opendocument.text-template"
}

fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, WordFileError> {
    let too_large = || WordFileError::TooLarge {
        part: name.to_string(),
        max: MAX_PART,
    };
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(WordFileError::NotZip(e.to_string())),
    };
    if file.size() > MAX_PART {
        return Err(too_large());
    }
    let mut out = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut out)
        .map_err(|e| WordFileError::NotZip(e.to_string()))?;
    if out.len() as u64 > MAX_PART {
        return Err(too_large());
    }
    let text = String::from_utf8(out).map_err(|_| WordFileError::NotUtf8 {
        part: name.to_string(),
    })?;
    Ok(Some(
        text.strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text),
    ))
}

/// The converter's program name: `$XIESHANG_SOFFICE`, else `soffice`.
pub(crate) fn converter() -> String {
    std::env::var(SOFFICE_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "soffice".to_string())
}

fn time_limit() -> Duration {
    std::env::var(TIMEOUT_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(DEFAULT_TIMEOUT, Duration::from_secs)
}

/// A private folder in the temp directory, removed with everything in it when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self, WordFileError> {
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        let path =
            std::env::temp_dir().join(format!("xieshang-convert-{}", super::scratch::unique()));
        // Not `create_dir_all`: the folder must be new, never one planted there before.
        builder
            .create(&path)
            .map_err(|e| WordFileError::io(&path, &e))?;
        Ok(Scratch(path))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Converts the .doc/.wps/.rtf/.odt file whose bytes are `bytes` (`ext`: the extension to give the
/// copy, which LibreOffice uses as a hint) to .docx and returns the .docx's bytes.
pub(crate) fn convert_to_docx(bytes: &[u8], ext: &str) -> Result<Vec<u8>, WordFileError> {
    let program = converter();
    let io = |p: &Path, e: std::io::Error| WordFileError::io(p, &e);
    let dir = Scratch::new()?;
    let input = dir.0.join(format!("source.{ext}"));
    let outdir = dir.0.join("out");
    let profile = dir.0.join("profile");
    std::fs::write(&input, bytes).map_err(|e| io(&input, e))?;
    std::fs::create_dir(&outdir).map_err(|e| io(&outdir, e))?;
    let mut cmd = Command::new(&program);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args(["--headless", "--convert-to", "docx", "--outdir"])
    .arg(&outdir)
    .arg(&input)
    .current_dir(&dir.0);
    let limit = time_limit();
    // The .docx is written to `outdir`; what LibreOffice prints is only for a failure's message.
    let done = run(cmd, limit, Output::Discard).map_err(|e| match e {
        RunError::NotFound => WordFileError::NoConverter {
            program: program.clone(),
        },
        RunError::TimedOut | RunError::TooMuchOutput => WordFileError::Timeout {
            secs: limit.as_secs(),
        },
        // The converter is there but would not start: a failed conversion, its words kept.
        RunError::Spawn(e) => WordFileError::ConversionFailed {
            detail: format!("{program}: {e}"),
        },
    })?;
    let last_words = || done.last_words(200);
    if !done.status.success() {
        return Err(WordFileError::ConverterExited {
            code: done.status.code(),
            words: last_words(),
        });
    }
    let out = outdir.join("source.docx");
    let meta = std::fs::symlink_metadata(&out).map_err(|_| WordFileError::NoOutput {
        words: last_words(),
    })?;
    if !meta.is_file() {
        return Err(WordFileError::OutputNotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(WordFileError::TooLarge {
            part: "source.docx".into(),
            max: MAX_FILE_BYTES,
        });
    }
    std::fs::read(&out).map_err(|e| io(&out, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// Sets the uncompressed size every header of `zip` declares to `size`.
    fn declare_size(zip: &mut [u8], size: u32) {
        let mut i = 0;
        while i + 4 <= zip.len() {
            let at = match &zip[i..i + 4] {
                b"PK\x03\x04" => Some(i + 22),
                b"PK\x01\x02" => Some(i + 24),
                _ => None,
            };
            if let Some(at) = at {
                zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn a_zip_that_lies_about_its_sizes_is_still_bounded() {
        let big = vec![b' '; (MAX_PART + 1024) as usize];
        let mut z = zip_of(&[("word/document.xml", &big)]);
        // Declared small: the zip library stops at the declared size (and our own bounded
        // reader would stop after MAX_PART + 1 bytes).
        declare_size(&mut z, 100);
        let t = std::time::Instant::now();
        assert!(matches!(
            docx_parts(&z),
            Err(WordFileError::NotZip(_) | WordFileError::TooLarge { .. })
        ));
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
        // Declared huge: refused before anything is inflated.
        declare_size(&mut z, u32::MAX);
        assert_eq!(
            docx_parts(&z),
            Err(WordFileError::TooLargeUnpacked { max: 268_435_456 })
        );
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(sniff(b"PK\x03\x04..."), Kind::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Kind::Ole2
        );
        assert_eq!(sniff(b"{\\rtf1\\ansi"), Kind::Rtf);
        assert_eq!(sniff("第一条".as_bytes()), Kind::Text);
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert!(!is_encrypted(&ole));
        ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(is_encrypted(&ole));
    }

    #[test]
    fn parts_are_read_and_bounded() {
        let z = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", "\u{feff}<w:document/>".as_bytes()),
            ("word/styles.xml", b"<w:styles/>"),
        ]);
        let p = docx_parts(&z).unwrap();
        assert_eq!(p.document, "<w:document/>");
        assert_eq!(p.numbering, None);
        assert_eq!(p.styles.as_deref(), Some("<w:styles/>"));
        assert_eq!(
            docx_parts(&zip_of(&[("xl/workbook.xml", b"<x/>")])),
            Err(WordFileError::NotWord)
        );
        // OpenDocument says what it is in its `mimetype` entry: a text is converted, a
        // spreadsheet is not a Word document.
        assert_eq!(
            docx_parts(&zip_of(&[
                ("mimetype", b"application/vnd.oasis.opendocument.text"),
                ("content.xml", b"<office:document-content/>"),
            ])),
            Err(WordFileError::OpenDocument)
        );
        assert_eq!(
            docx_parts(&zip_of(&[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet"
                ),
                ("content.xml", b"<office:document-content/>"),
            ])),
            Err(WordFileError::NotWord)
        );
        assert!(matches!(
            docx_parts(b"PK\x03\x04 not really"),
            Err(WordFileError::NotZip(_))
        ));
        assert_eq!(
            docx_parts(&zip_of(&[("word/document.xml", b"\xff\xfe<")])),
            Err(WordFileError::NotUtf8 {
                part: "word/document.xml".into()
            })
        );
    }
}

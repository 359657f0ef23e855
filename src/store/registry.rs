//! The enterprise registry on disk: the CSV file a user names for import, and the imported
//! registry, `<workspace>/.xieshang/registry.json`.
//!
//! This module owns reading the CSV file (a regular file, bounded in size) and finding its
//! encoding — UTF-8 with or without a BOM, else GB18030 (which covers GBK, what Excel and WPS save
//! on Chinese Windows) — refusing a file that is neither rather than guessing past a bad byte, so
//! no name is silently garbled. It writes the registry whole and atomically (an import replaces
//! it: the CSV is the authority) and reads it back. What a row must be is `domain::registry`'s
//! business, not this module's.

use super::atomic::write_atomic;
use super::error::StoreError;
use super::workspace::Workspace;
use crate::domain::registry::{Enterprise, Registry};
use crate::domain::{Invalid, Problem};
use encoding_rs::DecoderResult;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::Path;

/// Where the imported registry lives, relative to the workspace.
pub const REGISTRY_FILE: &str = ".xieshang/registry.json";

/// Largest CSV file we import: a city's registry of a hundred thousand enterprises is about
/// 15 MB; more than this is not a registry.
pub const MAX_CSV_BYTES: u64 = 32 * 1024 * 1024;

/// The `schema` this program writes in `registry.json`.
const SCHEMA: u32 = 1;

/// The encoding a CSV file was read in.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" saves it.
    Utf8Bom,
    /// GB18030, a superset of GBK and GB2312: Excel's and WPS's plain "CSV" on Chinese Windows.
    Gb18030,
}

impl Encoding {
    pub fn key(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Utf8Bom => "utf8_bom",
            Encoding::Gb18030 => "gb18030",
        }
    }
}

/// Why the bytes of a CSV file are not text we can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undecodable {
    /// UTF-16 (Excel's "Unicode text" saves it, tab-separated).
    Utf16,
    /// An Excel or WPS workbook (`.xlsx`, `.xls`), not CSV.
    Workbook,
    /// Neither UTF-8 nor GB18030: where the reading that got furthest stopped (line from 1,
    /// byte offset from 0).
    Bad { line: usize, byte: usize },
}

/// Why a CSV file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file, or too large.
    Invalid(Invalid),
    Undecodable(Undecodable),
    Store(StoreError),
}

/// The text of the CSV file at `path` and the encoding it was in; `field` names the file in a
/// refusal. A leading BOM is removed.
pub fn read_csv(field: &str, path: &Path) -> Result<(String, Encoding), ReadError> {
    let shown = path.display().to_string();
    // Checked before opening: opening a FIFO for reading would wait for a writer for ever.
    let meta = fs::metadata(path).map_err(|e| ReadError::Store(StoreError::io(path, e)))?;
    if !meta.is_file() {
        return Err(ReadError::Invalid(Invalid::new(
            field,
            &shown,
            Problem::NotAFile,
        )));
    }
    let too_large = || {
        ReadError::Invalid(Invalid::new(
            field,
            &shown,
            Problem::TooLarge {
                max_bytes: MAX_CSV_BYTES,
            },
        ))
    };
    if meta.len() > MAX_CSV_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    // Bounded again while reading: the file may have grown since it was measured.
    fs::File::open(path)
        .and_then(|f| f.take(MAX_CSV_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| ReadError::Store(StoreError::io(path, e)))?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(too_large());
    }
    decode(&bytes).map_err(ReadError::Undecodable)
}

/// The text in `bytes`: valid UTF-8 is UTF-8 (a BOM says so too, and is dropped); anything else
/// must be valid GB18030 throughout. No replacement character is ever made up: a byte that fits
/// neither refuses the file.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), Undecodable> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Undecodable::Utf16);
    }
    // Zip (xlsx, et) and OLE2 (xls) signatures.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Undecodable::Workbook);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_string(), Encoding::Utf8Bom))
            .map_err(|e| bad_at(bytes, 3 + e.valid_up_to()));
    }
    let utf8_up_to = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((s.to_string(), Encoding::Utf8)),
        Err(e) => e.valid_up_to(),
    };
    gb18030(bytes)
        .map(|s| (s, Encoding::Gb18030))
        // The reading that got further is the likelier one, and its stop the byte to look at.
        .map_err(|gb_up_to| bad_at(bytes, utf8_up_to.max(gb_up_to)))
}

fn bad_at(bytes: &[u8], byte: usize) -> Undecodable {
    // `\n` is never part of a multi-byte character in UTF-8 or GB18030: counting it is exact.
    // One more piece than there are line ends before `byte`: the line it is on.
    let line = bytes
        .get(..byte)
        .unwrap_or(bytes)
        .split(|b| *b == b'\n')
        .count();
    Undecodable::Bad { line, byte }
}

/// `bytes` as GB18030 without replacement, or the offset of the first malformed sequence.
fn gb18030(bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or(0usize)?;
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        // `read` counts the malformed sequence (`bad` bytes) and the `after` bytes read past it.
        DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(usize::from(bad) + usize::from(after)))
        }
        // Cannot happen with the capacity asked for above; refused rather than cut short.
        DecoderResult::OutputFull => Err(read),
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    schema: u32,
    #[serde(flatten)]
    registry: &'a Registry,
}

#[derive(Deserialize)]
struct Head {
    schema: u32,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(flatten)]
    registry: Registry,
}

impl Workspace {
    /// The registry's enterprises, in file order; empty when none was imported.
    pub fn registry(&self) -> Result<Vec<Enterprise>, StoreError> {
        Ok(self
            .registry_file()?
            .map(|r| r.enterprises)
            .unwrap_or_default())
    }

    /// The imported registry with when and from what file it was imported; `None` when none
    /// was. Every text is sanitised again on the way in (the file may have been edited by hand).
    pub fn registry_file(&self) -> Result<Option<Registry>, StoreError> {
        let path = self.root().join(REGISTRY_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let corrupt = |detail: String| StoreError::Corrupt {
            path: path.clone(),
            detail,
        };
        let head: Head = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if head.schema > SCHEMA {
            return Err(corrupt(format!(
                "schema {} is newer than this xieshang reads ({SCHEMA})",
                head.schema
            )));
        }
        let file: FileIn = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        let r = file.registry;
        Ok(Some(Registry {
            imported: r.imported,
            source: crate::text::sanitize_line(&r.source),
            enterprises: r
                .enterprises
                .into_iter()
                .map(Enterprise::sanitised)
                .collect(),
        }))
    }

    /// Replaces the registry with `registry`, atomically: a reader sees the old one or the new
    /// one, never a mix, whatever happens to this process.
    pub fn save_registry(&self, registry: &Registry) -> Result<(), StoreError> {
        let path = self.root().join(REGISTRY_FILE);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        let mut bytes = serde_json::to_vec_pretty(&FileOut {
            schema: SCHEMA,
            registry,
        })
        .map_err(|e| StoreError::io(&path, std::io::Error::other(e)))?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "企业名称,统一社会信用代码\r\n大连甲机械有限公司,91210211MA0ABCDE12\r\n";

    #[test]
    fn utf8_with_and_without_bom_and_gbk_are_read() {
        assert_eq!(
            decode(TEXT.as_bytes()).unwrap(),
            (TEXT.to_string(), Encoding::Utf8)
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (TEXT.to_string(), Encoding::Utf8Bom));
        let (gbk, _, lossy) = encoding_rs::GBK.encode(TEXT);
        assert!(!lossy);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk).unwrap(), (TEXT.to_string(), Encoding::Gb18030));
        assert_eq!(decode(b"").unwrap(), (String::new(), Encoding::Utf8));
    }

    #[test]
    fn a_byte_that_fits_neither_encoding_is_refused_with_its_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode(TEXT);
        let mut bad = gbk.into_owned();
        let at = bad.len() - 2;
        // 0xFF is never part of GB18030, nor of UTF-8.
        bad.insert(at, 0xFF);
        assert_eq!(decode(&bad), Err(Undecodable::Bad { line: 2, byte: at }));
        let mut utf8 = TEXT.as_bytes().to_vec();
        utf8.insert(TEXT.len() - 2, 0xFF);
        assert!(matches!(
            decode(&utf8),
            Err(Undecodable::Bad { line: 2, .. })
        ));
        let bom_bad = [b"\xEF\xBB\xBF".as_slice(), b"a\n\xFF"].concat();
        assert_eq!(decode(&bom_bad), Err(Undecodable::Bad { line: 2, byte: 5 }));
    }

    #[test]
    fn workbooks_and_utf16_are_named() {
        assert_eq!(decode(b"PK\x03\x04rest"), Err(Undecodable::Workbook));
        assert_eq!(
            decode(&[0xD0, 0xCF, 0x11, 0xE0, 0]),
            Err(Undecodable::Workbook)
        );
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0]), Err(Undecodable::Utf16));
    }

    proptest! {
        #[test]
        fn any_bytes_decode_or_are_refused_without_panicking(
            b in prop::collection::vec(any::<u8>(), 0..512)
        ) {
            if let Ok((text, _)) = decode(&b) {
                let _ = crate::domain::registry::parse_csv(&text);
            }
        }

        #[test]
        fn any_text_comes_back_from_utf8_and_from_gb18030(s in any::<String>()) {
            prop_assume!(!s.starts_with('\u{FEFF}') && !s.starts_with("PK\u{3}\u{4}"));
            prop_assume!(!s.as_bytes().starts_with(&[0xD0, 0xCF, 0x11, 0xE0]));
            prop_assert_eq!(decode(s.as_bytes()), Ok((s.clone(), Encoding::Utf8)));
            let (gb, _, lossy) = encoding_rs::GB18030.encode(&s);
            // GB18030 bytes that happen to be valid UTF-8 (`取` is C8 A1, UTF-8 for `ȡ`) read as
            // UTF-8: unavoidable, and vanishingly rare across a whole file of Chinese names.
            if !lossy && std::str::from_utf8(&gb).is_err() {
                prop_assert_eq!(decode(&gb), Ok((s.clone(), Encoding::Gb18030)));
            }
        }
    }
}

//! Reading a text file a user names for import (`draft --from`, `diff --files`): the one place
//! outside the workspace that xieshang reads from. Bounded in size, regular files only, UTF-8
//! (Word/WPS "save as text" gives UTF-8, with or without BOM) or GBK/GB18030 (Notepad on Chinese
//! Windows), told apart by `registry::decode` — anything else is refused rather than guessed at,
//! so no clause is silently garbled. Word files are `service::word_import`'s. The text is returned as read: callers parse
//! it, and parsing sanitises.

use crate::domain::{Invalid, Problem};
use std::path::Path;

/// Largest text file we import (a contract is tens of kilobytes; this is generous).
pub(crate) const MAX_IMPORT_BYTES: u64 = 4 * 1024 * 1024;

/// The text of `path`; `field` names the option it came from, for the error.
// Draft and diff imports now go through `service::word_import` (which reads Word files too);
// kept for text-only callers.
#[allow(dead_code)]
pub(crate) fn read_text(field: &str, path: &Path) -> Result<String, Invalid> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Invalid::new(field, &shown, Problem::Other(e.to_string())))?;
    // Regression: a folder, `/dev/zero` or a FIFO was reported as "not found". Each is a thing
    // that exists and is not a text file; reading a device or a pipe could also never end.
    if !meta.is_file() {
        return Err(Invalid::new(field, &shown, Problem::NotAFile));
    }
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(Invalid::new(
            field,
            &shown,
            Problem::TooLarge {
                max_bytes: MAX_IMPORT_BYTES,
            },
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Invalid::new(field, &shown, Problem::Other(e.to_string())))?;
    // UTF-8 (a BOM dropped) or GBK/GB18030, what Notepad on Chinese Windows saves.
    super::registry::decode(&bytes)
        .map(|(text, _)| text)
        .map_err(|_| Invalid::new(field, &shown, Problem::NotUtf8))
}

/// The bytes of `path`, at most `max` of them (a file that grows while read is still bounded);
/// `field` names the option it came from, for the error.
pub(crate) fn read_bytes(field: &str, path: &Path, max: u64) -> Result<Vec<u8>, Invalid> {
    use std::io::Read;
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| Invalid::new(field, &shown, Problem::Other(e.to_string())))?;
    if !meta.is_file() {
        return Err(Invalid::new(field, &shown, Problem::NotAFile));
    }
    let too_large = || Invalid::new(field, &shown, Problem::TooLarge { max_bytes: max });
    if meta.len() > max {
        return Err(too_large());
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Invalid::new(field, &shown, Problem::Other(e.to_string())))?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Invalid::new(field, &shown, Problem::Other(e.to_string())))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

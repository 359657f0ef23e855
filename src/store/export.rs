//! Writing exported papers: where they may go and how they are written. A paper goes to the
//! path the user named (`--out`), or to `<workspace>/exports/<id>/`; never inside a dossier's
//! repository or a `.git` or `.xieshang` folder (that would dirty the record or the program's
//! own state). Written atomically: a reader never sees half a file, an interrupted export leaves
//! the old file as it was.

use super::StoreError;
use super::atomic::write_atomic;
use super::workspace::DOSSIER_FILE;
use std::fs;
use std::path::{Path, PathBuf};

/// The default folder for dossier `id`'s papers.
pub fn default_dir(root: &Path, id: &str) -> PathBuf {
    root.join("exports").join(id)
}

/// The folder that forbids writing at `path`, if any: a dossier's folder (one holding
/// `dossier.json`), a `.git` or a `.xieshang` folder, at any level above the file.
pub fn forbidden_place(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut dir = abs.parent();
    while let Some(d) = dir {
        let name = d.file_name().map(|n| n.to_string_lossy().into_owned());
        if matches!(name.as_deref(), Some(".git" | ".xieshang")) || d.join(DOSSIER_FILE).is_file() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// Writes `bytes` to `path` atomically, creating its folder when `create_dir` (the default
/// folder; a folder the user named is checked by the caller).
pub fn write_export(path: &Path, bytes: &[u8], create_dir: bool) -> Result<(), StoreError> {
    // A bare file name (`--out c.docx`) has an empty parent, which no folder operation takes:
    // it is the current folder.
    let here;
    let path = if path.parent().is_some_and(|p| p.as_os_str().is_empty()) {
        here = Path::new(".").join(path);
        here.as_path()
    } else {
        path
    };
    if let Some(dir) = path
        .parent()
        .filter(|d| create_dir && !d.as_os_str().is_empty())
    {
        fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    write_atomic(path, bytes)
}

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

/// An exported paper that may carry a seal in its footer, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedPaper {
    /// Its path under the workspace (`exports/2026-001/contract.docx`).
    pub file: String,
    /// Its text where a seal would be (a .docx's footers, a PDF's whole text).
    pub text: Result<String, Unread>,
}

/// Why an exported paper could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// A PDF, and `pdftotext` (named) is not installed.
    NoPdfProgram(String),
    /// Not a readable .docx or PDF (damaged, too large …).
    Damaged,
}

/// The most of one exported paper read back.
const MAX_PAPER: u64 = 64 * 1024 * 1024;

/// The .docx and PDF papers in dossier `id`'s default export folder, sorted by name, with the
/// text that carries their seal: the footers of a .docx (its XML, tags dropped), the text of a
/// PDF (through `pdftotext`, as the archive import reads one). Nothing is written.
pub fn exported_papers(root: &Path, id: &str) -> Vec<ExportedPaper> {
    let dir = default_dir(root, id);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let ext = |e: &str| {
            Path::new(&name)
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case(e))
        };
        let text = if ext("docx") {
            docx_footers(&path).ok_or(Unread::Damaged)
        } else if ext("pdf") {
            super::pdf_text::pdf_text(&path, MAX_PAPER).map_err(|e| match e {
                super::pdf_text::PdfProblem::NoProgram { program } => Unread::NoPdfProgram(program),
                _ => Unread::Damaged,
            })
        } else {
            continue;
        };
        out.push(ExportedPaper {
            file: format!("exports/{id}/{name}"),
            text,
        });
    }
    out
}

/// The text of every footer part of the .docx at `path`, markup dropped.
fn docx_footers(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_PAPER {
        return None;
    }
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut names: Vec<String> = zip
        .file_names()
        .flatten()
        .map(|n| n.to_string())
        .filter(|n| {
            n.starts_with("word/footer")
                && Path::new(n)
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("xml"))
        })
        .collect();
    names.sort();
    let mut text = String::new();
    for n in names {
        let part = zip.by_name(&n).ok()?;
        let mut xml = String::new();
        part.take(MAX_PAPER).read_to_string(&mut xml).ok()?;
        let mut inside = false;
        for c in xml.chars() {
            match c {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    text.push(' ');
                }
                c if !inside => text.push(c),
                _ => {}
            }
        }
        text.push('\n');
    }
    Some(text)
}

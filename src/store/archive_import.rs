//! Agreements signed before xieshang, on disk: the texts a union's facts table names, read from the
//! folder it names, and the archive-only dossiers built from them.
//!
//! This module owns where a text may be read from (a regular file inside the folder: no absolute
//! path, no `..`, no symbolic link leading out), which files are read at all (plain text; Word,
//! WPS and PDF files are named and refused rather than guessed at), decoding (UTF-8 or GB18030,
//! by `store::registry::decode`) and building the dossiers: each in the staging folder with its
//! one commit and its sealed `signed` tag, then all renamed into place — or none. What a row of
//! the table must say and what a dossier records are the service's and the domain's business.

use super::atomic::{sync_dir, write_atomic};
use super::error::StoreError;
use super::import::MAX_IMPORT_BYTES;
use super::registry::{Encoding, Undecodable, decode};
use super::workspace::{
    BRANCH, CONTRACT_FILE, DOSSIER_FILE, STAGING, Workspace, identity_signature, signature,
    signed_message, to_json, validate_id,
};
use crate::domain::Dossier;
use crate::domain::seal::sha256;
use chrono::NaiveDate;
use git2::{Repository, RepositoryInitOptions};
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

/// An agreement's text as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Agreement {
    /// The decoded text (a leading BOM dropped), not yet sanitised.
    pub(crate) text: String,
    pub(crate) encoding: Encoding,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub(crate) sha256: String,
}

/// Why a named file (or the folder) is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// An absolute path (`/…`, `\…`, `C:…`): names are relative to the folder.
    Absolute,
    /// A `..` in the name: it would leave the folder.
    Parent,
    /// Control or invisible characters in the name: what is shown would not be what is opened.
    Invisible,
    /// The name resolves outside the folder (through a symbolic link).
    Outside,
    Missing,
    NotAFile,
    NotAFolder,
    TooLarge {
        max_bytes: u64,
    },
    /// An old Word, WPS or RTF file: not read here (`doc`, `wps`, `odt`, `rtf`).
    OutOfScope {
        format: &'static str,
    },
    /// A PDF whose text could not be had (see `store::pdf_text`).
    Pdf(super::pdf_text::PdfProblem),
    /// A .docx that is not a readable Word file (see `store::word`).
    DocxFile(super::word::WordFileError),
    /// A .docx whose document could not be read (see `contract::word`).
    Docx(crate::contract::word::WordError),
    /// Any other extension than `.txt` or `.md`.
    NotText,
    Undecodable(Undecodable),
    /// Nothing but white space.
    Empty,
    /// The disk's own words.
    Io(String),
}

/// The folder `path` of agreement texts, made absolute with its links resolved: the bound every
/// named file must stay within.
pub(crate) fn agreements_dir(path: &Path) -> Result<PathBuf, Unreadable> {
    let dir = fs::canonicalize(path).map_err(|e| io_problem(&e))?;
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(Unreadable::NotAFolder)
    }
}

fn io_problem(e: &std::io::Error) -> Unreadable {
    if e.kind() == ErrorKind::NotFound {
        Unreadable::Missing
    } else {
        Unreadable::Io(e.to_string())
    }
}

/// The formats refused by name: a Word or PDF file is an agreement too, but one this version
/// cannot read without guessing.
fn out_of_scope(ext: &str) -> Option<&'static str> {
    ["doc", "wps", "odt", "rtf"].into_iter().find(|f| *f == ext)
}

/// The same by content, for a document saved under a `.txt` name.
fn sniffed(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("docx")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("doc")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("rtf")
    } else {
        None
    }
}

/// The parts of `name`, a path relative to the folder (`/` or `\` between parts, as Windows users
/// write them), refusing anything that could leave the folder before the disk is touched.
fn parts(name: &str) -> Result<Vec<&str>, Unreadable> {
    // Line and paragraph separators too: a name must show as one line, as what it is.
    if name.chars().any(|c| {
        c.is_control() || crate::text::is_forbidden(c) || matches!(c, '\u{2028}' | '\u{2029}')
    }) {
        return Err(Unreadable::Invisible);
    }
    let drive = name.as_bytes().get(1) == Some(&b':');
    if name.starts_with(['/', '\\']) || drive {
        return Err(Unreadable::Absolute);
    }
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.contains(&"..") {
        return Err(Unreadable::Parent);
    }
    if parts.is_empty() {
        return Err(Unreadable::Missing);
    }
    Ok(parts)
}

/// The text of the file `name` inside `dir` (as [`agreements_dir`] returned it).
pub(crate) fn read_agreement(dir: &Path, name: &str) -> Result<Agreement, Unreadable> {
    let parts = parts(name.trim())?;
    let path = parts.iter().fold(dir.to_path_buf(), |p, part| p.join(part));
    // Resolved before anything is opened: a link to `/etc/passwd` or to a FIFO is refused here.
    let real = fs::canonicalize(&path).map_err(|e| io_problem(&e))?;
    if !real.starts_with(dir) {
        return Err(Unreadable::Outside);
    }
    let meta = fs::metadata(&real).map_err(|e| io_problem(&e))?;
    if !meta.is_file() {
        return Err(Unreadable::NotAFile);
    }
    let ext = Path::new(parts.last().copied().unwrap_or_default())
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if let Some(format) = out_of_scope(&ext) {
        return Err(Unreadable::OutOfScope { format });
    }
    if ext == "pdf" {
        return read_pdf(&real, meta.len());
    }
    if ext == "docx" {
        return read_docx(&real, meta.len());
    }
    if ext != "txt" && ext != "md" {
        return Err(Unreadable::NotText);
    }
    let bytes = bounded(&real, meta.len(), MAX_IMPORT_BYTES)?;
    match sniffed(&bytes) {
        Some("pdf") => return read_pdf(&real, meta.len()),
        Some("docx") => return read_docx(&real, meta.len()),
        Some(format) => return Err(Unreadable::OutOfScope { format }),
        None => {}
    }
    let (text, encoding) = decode(&bytes).map_err(Unreadable::Undecodable)?;
    if text.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    Ok(Agreement {
        text,
        encoding,
        sha256: sha256(&bytes),
    })
}

/// The bytes of `real` (measured at `len`), at most `max` of them: bounded again while reading,
/// since the file may have grown since it was measured.
fn bounded(real: &Path, len: u64, max: u64) -> Result<Vec<u8>, Unreadable> {
    let too_large = || Unreadable::TooLarge { max_bytes: max };
    if len > max {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    fs::File::open(real)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| io_problem(&e))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The largest PDF read: a scanned agreement of many pages is large, its text is not.
const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;

/// A PDF's text (through `pdftotext`), with the hash of the PDF's own bytes: the file as found
/// is what the import proves, its text is what is searched.
fn read_pdf(real: &Path, len: u64) -> Result<Agreement, Unreadable> {
    let bytes = bounded(real, len, MAX_PDF_BYTES)?;
    let text = super::pdf_text::pdf_text(real, MAX_IMPORT_BYTES).map_err(Unreadable::Pdf)?;
    Ok(Agreement {
        text,
        encoding: Encoding::Utf8,
        sha256: sha256(&bytes),
    })
}

/// A Word document's text (the reader of issue #16: numbering rendered, tracked changes
/// accepted, one paragraph a line), with the hash of the .docx file's own bytes.
fn read_docx(real: &Path, len: u64) -> Result<Agreement, Unreadable> {
    let bytes = bounded(real, len, super::word::MAX_FILE_BYTES)?;
    let parts = super::word::docx_parts(&bytes).map_err(Unreadable::DocxFile)?;
    let reading = crate::contract::word::read(
        &parts.document,
        parts.numbering.as_deref(),
        parts.styles.as_deref(),
    )
    .map_err(Unreadable::Docx)?;
    Ok(Agreement {
        text: reading.text(crate::contract::word::View::Accepted),
        encoding: Encoding::Utf8,
        sha256: sha256(&bytes),
    })
}

/// One archive-only dossier to create: the record (sealed), its `contract.md` and the message of
/// its one commit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewArchived<'a> {
    pub(crate) dossier: &'a Dossier,
    pub(crate) text: &'a str,
    pub(crate) message: &'a str,
}

impl Workspace {
    /// Fresh ids for a batch, in order: each as [`Workspace::new_id`] numbers it, past those
    /// given to earlier entries of the batch (which do not exist on disk yet).
    pub(crate) fn new_ids(&self, wanted: &[(&str, NaiveDate)]) -> Vec<String> {
        let mut given: Vec<String> = Vec::with_capacity(wanted.len());
        for (hint, date) in wanted {
            let mut id = self.new_id(hint, *date);
            while given.contains(&id) || self.root().join(&id).exists() {
                id = next_id(&id);
            }
            given.push(id);
        }
        given
    }

    /// Creates every dossier of `batch`, or none. Each is built in the staging folder (its
    /// repository, both files, one commit, the annotated `signed` tag carrying its seal); only
    /// when all are built are they renamed into place, and if a rename fails those already in
    /// place are taken out again. A process killed while building leaves only staging debris
    /// (cleared on the next start); killed while renaming, the dossiers already in place are
    /// whole, and importing the same table again adds the rest.
    pub(crate) fn create_archived(&self, batch: &[NewArchived<'_>]) -> Result<(), StoreError> {
        // Nothing to do writes nothing: importing a folder again works on read-only storage.
        if batch.is_empty() {
            return Ok(());
        }
        let staging = self.root().join(STAGING);
        let mut built: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(batch.len());
        let result = self.build_all(&staging, batch, &mut built);
        if let Err(e) = result {
            for (tmp, _) in &built {
                let _ = fs::remove_dir_all(tmp);
            }
            return Err(e);
        }
        let mut placed: Vec<&PathBuf> = Vec::with_capacity(built.len());
        for (tmp, dir) in &built {
            // A rename onto an existing, non-empty directory fails: an id taken meanwhile by
            // another program is never overwritten.
            if let Err(e) = fs::rename(tmp, dir) {
                let id = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                let err = if dir.join(".git").exists() {
                    StoreError::Exists {
                        id: id.unwrap_or_default(),
                    }
                } else {
                    StoreError::io(dir, e)
                };
                for d in &placed {
                    take_out(&staging, d);
                }
                for (tmp, _) in &built {
                    let _ = fs::remove_dir_all(tmp);
                }
                return Err(err);
            }
            placed.push(dir);
        }
        super::generation::bump(self.root());
        sync_dir(self.root())?;
        // The seal, witnessed outside the dossier as a received agreement's is: a rewrite of
        // the dossier (text, seal, tag and all) is caught by `verify` with only the dossier and
        // this file, not the derived archive index. An id used before (a dossier deleted since)
        // starts afresh.
        let entries: Vec<_> = batch
            .iter()
            .filter_map(|n| {
                n.dossier.seal.as_ref().map(|seal| {
                    (
                        n.dossier.id.clone(),
                        vec![("signed".to_string(), seal.clone())],
                        n.dossier.created,
                    )
                })
            })
            .collect();
        self.witness_all_afresh(&entries)
    }

    fn build_all(
        &self,
        staging: &Path,
        batch: &[NewArchived<'_>],
        built: &mut Vec<(PathBuf, PathBuf)>,
    ) -> Result<(), StoreError> {
        fs::create_dir_all(staging).map_err(|e| StoreError::io(staging, e))?;
        for n in batch {
            let id = &n.dossier.id;
            validate_id(id)?;
            let dir = self.root().join(id);
            if dir.exists() {
                return Err(StoreError::Exists { id: id.clone() });
            }
            let tmp = staging.join(super::workspace::staging_name(id));
            fs::create_dir(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
            built.push((tmp.clone(), dir));
            build(&tmp, n, self.identity())?;
        }
        Ok(())
    }
}

/// Removes a dossier this run put in place: renamed out first, so it disappears from the
/// workspace in one step even if removing its files fails half-way.
fn take_out(staging: &Path, dir: &Path) {
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = staging.join(super::workspace::staging_name(&format!("{id}-undone")));
    match fs::rename(dir, &out) {
        Ok(()) => {
            let _ = fs::remove_dir_all(&out);
        }
        Err(_) => {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// `2019-003` → `2019-004`; an id without a number gets one.
fn next_id(id: &str) -> String {
    match id
        .rsplit_once('-')
        .and_then(|(p, n)| Some((p, n.parse::<u32>().ok()?)))
    {
        Some((prefix, n)) => format!("{prefix}-{:03}", n + 1),
        None => format!("{id}-002"),
    }
}

/// The repository of one archived dossier in `dir`: both files, one commit, and the annotated
/// `signed` tag with the seal, as signing leaves it for a dossier bargained here; authored, as
/// every save is, by the workspace's person and union when it has them.
fn build(
    dir: &Path,
    n: &NewArchived<'_>,
    identity: Option<&crate::domain::Identity>,
) -> Result<(), StoreError> {
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head(BRANCH).no_reinit(true);
    let repo = Repository::init_opts(dir, &opts)?;
    write_atomic(&dir.join(DOSSIER_FILE), &to_json(n.dossier)?)?;
    write_atomic(&dir.join(CONTRACT_FILE), n.text.as_bytes())?;
    let mut index = repo.index()?;
    for name in [DOSSIER_FILE, CONTRACT_FILE] {
        index.add_path(Path::new(name))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = match identity {
        Some(id) => identity_signature(id)?,
        None => signature(&repo)?,
    };
    let message = signed_message(n.message, identity);
    let oid = repo.commit(Some("HEAD"), &sig, &sig, &message, &tree, &[])?;
    if let Some(seal) = n.dossier.current_seal() {
        let commit = repo.find_commit(oid)?;
        let what = commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or("signed")
            .to_string();
        repo.tag(
            "signed",
            commit.as_object(),
            &sig,
            &seal.tag_message(&what),
            false,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_leave_the_folder_are_refused_before_the_disk_is_touched() {
        assert_eq!(parts("a/b.txt"), Ok(vec!["a", "b.txt"]));
        assert_eq!(parts("a\\.\\b.txt"), Ok(vec!["a", "b.txt"]));
        assert_eq!(parts("../x.txt"), Err(Unreadable::Parent));
        assert_eq!(parts("a/../../x.txt"), Err(Unreadable::Parent));
        assert_eq!(parts("..\\x.txt"), Err(Unreadable::Parent));
        assert_eq!(parts("/etc/passwd"), Err(Unreadable::Absolute));
        assert_eq!(parts("C:\\x.txt"), Err(Unreadable::Absolute));
        assert_eq!(parts("a\u{202E}txt.exe"), Err(Unreadable::Invisible));
        assert_eq!(parts("a\u{1b}[31m.txt"), Err(Unreadable::Invisible));
        assert_eq!(parts("a\u{2028}b.txt"), Err(Unreadable::Invisible));
    }

    #[test]
    fn ids_of_a_batch_follow_each_other() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("2019-002")).unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let d = |y| NaiveDate::from_ymd_opt(y, 3, 1).unwrap();
        let ids = ws.new_ids(&[("甲", d(2019)), ("乙", d(2020)), ("丙", d(2019))]);
        assert_eq!(ids, ["2019-003", "2020-001", "2019-004"]);
        assert_eq!(next_id("x"), "x-002");
    }

    /// Two entries with one id: both are built, the second rename fails, and the first, already
    /// in place, is taken out again.
    #[test]
    fn a_batch_that_fails_half_way_leaves_nothing_behind() {
        use crate::domain::{ContractKind, Enterprise};
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let dossier = |id: &str| {
            Dossier::new(
                id.into(),
                ContractKind::Wage,
                Enterprise {
                    name: "大连甲有限公司".into(),
                    region: "210200".into(),
                    ..Enterprise::default()
                },
                NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            )
        };
        let (a, b) = (dossier("2019-001"), dossier("2019-002"));
        let new = |d| NewArchived {
            dossier: d,
            text: "第一条 甲",
            message: "archive: imported from a.txt",
        };
        let err = ws.create_archived(&[new(&a), new(&a)]).unwrap_err();
        assert!(matches!(err, StoreError::Exists { .. }), "{err:?}");
        assert!(ws.ids().is_empty());
        assert!(!dir.path().join("2019-001").exists());
        let staged = fs::read_dir(dir.path().join(STAGING)).unwrap().count();
        assert_eq!(staged, 0, "no staging debris");
        ws.create_archived(&[new(&a), new(&b)]).unwrap();
        assert_eq!(ws.ids(), ["2019-001", "2019-002"]);
        assert_eq!(ws.load("2019-002").unwrap(), b);
    }

    #[test]
    fn documents_are_named_by_extension_and_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = agreements_dir(dir.path()).unwrap();
        std::fs::write(root.join("a.docx"), b"PK\x03\x04").unwrap();
        std::fs::write(root.join("b.txt"), b"%PDF-1.4").unwrap();
        std::fs::write(root.join("c.csv"), "x").unwrap();
        std::fs::write(root.join("d.txt"), " \n").unwrap();
        std::fs::write(root.join("e.TXT"), "第一条 甲").unwrap();
        // A .docx is read as one (this one is a broken zip).
        assert!(matches!(
            read_agreement(&root, "a.docx"),
            Err(Unreadable::DocxFile(_))
        ));
        // Named .txt but a PDF inside: read as the PDF it is (this one is no real PDF).
        assert!(matches!(
            read_agreement(&root, "b.txt"),
            Err(Unreadable::Pdf(_))
        ));
        assert_eq!(read_agreement(&root, "c.csv"), Err(Unreadable::NotText));
        assert_eq!(read_agreement(&root, "d.txt"), Err(Unreadable::Empty));
        assert_eq!(
            read_agreement(&root, "missing.txt"),
            Err(Unreadable::Missing)
        );
        assert_eq!(read_agreement(&root, "e.TXT").unwrap().text, "第一条 甲");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_refused_and_one_inside_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("in");
        std::fs::create_dir(&inside).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        std::fs::write(inside.join("real.txt"), "第一条 甲").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), inside.join("out.txt")).unwrap();
        std::os::unix::fs::symlink(inside.join("real.txt"), inside.join("alias.txt")).unwrap();
        let root = agreements_dir(&inside).unwrap();
        assert_eq!(read_agreement(&root, "out.txt"), Err(Unreadable::Outside));
        assert!(read_agreement(&root, "alias.txt").is_ok());
        assert_eq!(
            agreements_dir(&inside.join("real.txt")),
            Err(Unreadable::NotAFolder)
        );
    }
}

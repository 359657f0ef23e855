//! Attachments on disk: `attachments.json` (the list, beside `dossier.json`) and the files under
//! `attachments/` of the dossier, committed like every other record; what `verify` needs to know
//! about them (the bytes at `HEAD`, on disk and under each one's tag); and handing one to the
//! system's viewer.
//!
//! An attachment is written once and never changed: its name is made from its kind and number,
//! and the same bytes are never attached twice (the domain refuses it), so a file under
//! `attachments/` that differs from its commit or its tag has been tampered with.

use super::error::StoreError;
use super::workspace::{DossierWriter, Workspace, committed_file};
use crate::domain::Dossier;
use crate::domain::attachment::{Attachment, Attachments};
use crate::domain::event::Event;
use crate::domain::seal::{Seal, sha256};
use git2::Repository;
use std::path::{Path, PathBuf};

/// The list of attachments, in the dossier's folder.
pub const ATTACHMENTS_FILE: &str = "attachments.json";

/// The version of `attachments.json`'s layout.
const SCHEMA: u64 = 1;

/// The bytes xieshang writes for `attachments.json`.
pub(super) fn to_json(list: &[Attachment]) -> Result<Vec<u8>, StoreError> {
    let v = serde_json::json!({ "schema": SCHEMA, "attachments": list });
    let mut bytes = serde_json::to_vec_pretty(&v).map_err(|e| StoreError::Git {
        detail: format!("cannot serialize {ATTACHMENTS_FILE}: {e}"),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Attachment>, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    match v.get("schema").and_then(serde_json::Value::as_u64) {
        Some(SCHEMA) => {}
        Some(n) if n > SCHEMA => {
            return Err(corrupt(format!(
                "schema {n} is newer than this xieshang reads ({SCHEMA})"
            )));
        }
        other => return Err(corrupt(format!("schema {other:?} is not {SCHEMA}"))),
    }
    let list: Attachments =
        serde_json::from_value(v).map_err(|e| corrupt(format!("not an attachment list: {e}")))?;
    // A name from the file must stay inside the dossier's `attachments/` folder whatever the
    // file says: it is joined to a path when the attachment is opened.
    if let Some(bad) = list.attachments.iter().find(|a| !safe_name(&a.file)) {
        return Err(corrupt(format!(
            "attachment path {:?} is not allowed",
            bad.file
        )));
    }
    Ok(list.attachments)
}

/// `attachments/<kind>-<n>.<ext>` and nothing else.
pub(crate) fn safe_name(file: &str) -> bool {
    let Some(name) = file.strip_prefix("attachments/") else {
        return false;
    };
    let Some((stem, ext)) = name.split_once('.') else {
        return false;
    };
    let Some((kind, n)) = stem.split_once('-') else {
        return false;
    };
    crate::domain::attachment::AttachmentKind::from_key(kind).is_some()
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
        && matches!(ext, "pdf" | "jpg" | "png")
}

/// The attachments of the dossier in `dir` (none when it has no list). While a save is under
/// way the committed list is read, like every other file of the dossier.
pub(super) fn read(dir: &Path, saving: bool) -> Result<Vec<Attachment>, StoreError> {
    let path = dir.join(ATTACHMENTS_FILE);
    let bytes = if saving {
        committed_file(dir, ATTACHMENTS_FILE)?
    } else {
        match std::fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::io(&path, e)),
        }
    };
    bytes.map_or(Ok(Vec::new()), |b| parse(&path, &b))
}

impl DossierWriter {
    /// Saves `new` (whose last attachment is `a`) with the file's `bytes`, in one commit tagged
    /// `attach-<kind>-<n>`, the tag carrying the seal in force.
    pub(crate) fn attach(
        &mut self,
        new: &Dossier,
        a: &Attachment,
        bytes: &[u8],
        event: &Event,
    ) -> Result<String, StoreError> {
        if !safe_name(&a.file) {
            return Err(StoreError::Corrupt {
                path: self.dir().join(&a.file),
                detail: "not an attachment path".to_string(),
            });
        }
        let tag = a.tag();
        self.save_with(
            new,
            None,
            &[(a.file.as_str(), bytes)],
            &crate::domain::event::commit_message(std::slice::from_ref(event)),
            &[tag.as_str()],
        )
    }
}

/// What `verify` reads about one attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFact {
    pub file: String,
    pub tag: String,
    /// SHA-256 of the file as committed at `HEAD` (`None`: not committed).
    pub head_sha256: Option<String>,
    /// SHA-256 of the file on disk (`None`: missing).
    pub work_sha256: Option<String>,
    /// Whether the tag exists, and whether the commit it names holds the same file as `HEAD`.
    pub tag_found: bool,
    pub tag_same_file: bool,
    /// The seal the tag carries, if any.
    pub tag_seal: Option<Seal>,
}

impl Workspace {
    /// The path of attachment `a` of dossier `key`, for a viewer.
    pub fn attachment_path(&self, key: &str, a: &Attachment) -> Result<PathBuf, StoreError> {
        if !safe_name(&a.file) {
            return Err(StoreError::NotFound {
                id: key.to_string(),
            });
        }
        Ok(self.dir(key)?.join(&a.file))
    }
}

/// What `verify` reads about each attachment the committed list names (the list at `HEAD`:
/// what was recorded, not what the disk says now).
pub(super) fn facts_at_head(repo: &Repository, dir: &Path) -> Vec<(Attachment, AttachmentFact)> {
    let Ok(head_tree) = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .and_then(|c| c.tree())
    else {
        return Vec::new();
    };
    let list = head_tree
        .get_name(ATTACHMENTS_FILE)
        .and_then(|e| repo.find_blob(e.id()).ok())
        .and_then(|b| parse(&dir.join(ATTACHMENTS_FILE), b.content()).ok())
        .unwrap_or_default();
    let mut out = Vec::new();
    for a in list {
        let path = Path::new(&a.file);
        let head_entry = head_tree.get_path(path).ok();
        let head_sha256 = head_entry
            .as_ref()
            .and_then(|e| repo.find_blob(e.id()).ok())
            .map(|b| sha256(b.content()));
        let work_sha256 = std::fs::read(dir.join(path)).ok().map(|b| sha256(&b));
        let tag = a.tag();
        let (mut tag_found, mut tag_same_file, mut tag_seal) = (false, false, None);
        if let Ok(r) = repo.find_reference(&format!("refs/tags/{tag}")) {
            tag_found = true;
            if let Ok(c) = r.peel_to_commit()
                && let Ok(t) = c.tree()
            {
                tag_same_file = t.get_path(path).ok().map(|e| e.id())
                    == head_entry.as_ref().map(git2::TreeEntry::id);
            }
            tag_seal = r
                .peel(git2::ObjectType::Tag)
                .ok()
                .and_then(|o| o.into_tag().ok())
                .and_then(|t| t.message().ok().flatten().and_then(Seal::from_tag_message));
        }
        let fact = AttachmentFact {
            file: a.file.clone(),
            tag,
            head_sha256,
            work_sha256,
            tag_found,
            tag_same_file,
            tag_seal,
        };
        out.push((a, fact));
    }
    out
}

/// The program that shows a file: `XIESHANG_VIEWER` when set, else the desktop's opener.
fn viewer() -> String {
    if let Ok(v) = std::env::var("XIESHANG_VIEWER")
        && !v.trim().is_empty()
    {
        return v;
    }
    if cfg!(target_os = "macos") {
        "open".to_string()
    } else if cfg!(windows) {
        "explorer".to_string()
    } else {
        "xdg-open".to_string()
    }
}

/// Starts the system's viewer on `path` and returns the viewer's name without waiting for it
/// (a PDF reader stays open as long as the user likes). Its output goes nowhere: a viewer's
/// chatter must not draw over the TUI.
pub fn open_with_viewer(path: &Path) -> Result<String, (String, String)> {
    let program = viewer();
    std::process::Command::new(&program)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| program.clone())
        .map_err(|e| (program, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_names_are_paths() {
        assert!(safe_name("attachments/signed-1.pdf"));
        assert!(safe_name("attachments/receipt-12.png"));
        for bad in [
            "attachments/../../etc/passwd",
            "attachments/signed-1.pdf/../x",
            "/etc/passwd",
            "attachments/other-1.pdf",
            "attachments/signed-.pdf",
            "attachments/signed-1.exe",
            "dossier.json",
        ] {
            assert!(!safe_name(bad), "{bad}");
        }
    }
}

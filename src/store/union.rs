//! Who the workspace is, and where received dossiers live.
//!
//! The workspace's union and the person working (`.xieshang/union.json`) sign every commit: the
//! author is the person and the union, and the message carries `Xieshang-Union: <code>`, so a
//! pre-review file changed by anyone but its union can be told. A reviewer's workspace keeps
//! each grassroots union's dossiers apart, in `<workspace>/<union code>/<id>/`, because every
//! union numbers its dossiers from `2026-001`; a dossier is then named by its key `CODE/ID`, and
//! a bare `ID` is accepted wherever it names exactly one dossier.
//!
//! This module owns the identity file, union folders and key resolution. It decides nothing about
//! the procedure.

use super::atomic::write_atomic;
use super::error::StoreError;
use super::workspace::{DOSSIER_FILE, Workspace, validate_id};
use crate::domain::Identity;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The identity file, inside the workspace's own folder.
pub(crate) const IDENTITY_FILE: &str = ".xieshang/union.json";

/// The commit trailer naming the union that made the commit.
pub const UNION_TRAILER: &str = "Xieshang-Union";

/// Reads the identity of the workspace at `root`, if one was set.
pub(crate) fn read_identity(root: &Path) -> Result<Option<Identity>, StoreError> {
    let path = root.join(IDENTITY_FILE);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(&path, e)),
    };
    let id: Identity = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    // Hand-edited: held to the rules `union set` applies.
    Identity::parse(&id.union.name, &id.union.code, &id.person, id.role.key()).map_err(|e| {
        StoreError::Corrupt {
            path,
            detail: format!("{} = {:?}", e.field, e.value),
        }
    })?;
    Ok(Some(id))
}

/// `Xieshang-Union: <code>` of a commit message, if it has one.
pub fn union_of_message(message: &str) -> Option<&str> {
    message.lines().rev().find_map(|l| {
        l.strip_prefix(UNION_TRAILER)
            .and_then(|r| r.strip_prefix(':'))
            .map(str::trim)
    })
}

impl Workspace {
    /// The workspace's identity, if set.
    pub fn identity(&self) -> Option<&Identity> {
        self.identity_ref()
    }

    /// Sets the workspace's identity (atomic write). Later commits are authored by it.
    pub fn set_identity(&mut self, id: &Identity) -> Result<(), StoreError> {
        let path = self.root().join(IDENTITY_FILE);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        let mut bytes = serde_json::to_vec_pretty(id).map_err(|e| StoreError::Git {
            detail: e.to_string(),
        })?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes)?;
        self.replace_identity(Some(id.clone()));
        Ok(())
    }

    /// The folder of dossier `key`: `ID` at the top, `CODE/ID` in a union folder, or a bare `ID`
    /// that names exactly one received dossier.
    pub(crate) fn resolve(&self, key: &str) -> Result<PathBuf, StoreError> {
        if let Some((code, id)) = key.split_once('/') {
            validate_id(code)?;
            validate_id(id)?;
            return Ok(self.root().join(code).join(id));
        }
        validate_id(key)?;
        let own = self.root().join(key);
        if own.join(DOSSIER_FILE).is_file() {
            return Ok(own);
        }
        let found: Vec<String> = self
            .union_folders()
            .into_iter()
            .filter(|code| {
                self.root()
                    .join(code)
                    .join(key)
                    .join(DOSSIER_FILE)
                    .is_file()
            })
            .collect();
        match found.as_slice() {
            [code] => Ok(self.root().join(code).join(key)),
            [] => Ok(own),
            _ => Err(StoreError::Ambiguous {
                id: key.to_string(),
                keys: found.iter().map(|c| format!("{c}/{key}")).collect(),
            }),
        }
    }

    /// The canonical key of `key` (`CODE/ID` for a received dossier), when it names one.
    pub fn key_of(&self, key: &str) -> Result<String, StoreError> {
        let dir = self.resolve(key)?;
        let rel = dir.strip_prefix(self.root()).unwrap_or(&dir);
        Ok(rel
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/"))
    }

    /// Union folders: a valid name, no `dossier.json` of its own, and at least one dossier in it.
    pub(crate) fn union_folders(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.root()) else {
            return Vec::new();
        };
        let mut out: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| validate_id(name).is_ok())
            .filter(|name| !self.root().join(name).join(DOSSIER_FILE).exists())
            .filter(|name| !self.root().join(name).join(".git").exists())
            .filter(|name| !dossiers_in(&self.root().join(name)).is_empty())
            .collect();
        out.sort();
        out
    }

    /// The keys of the dossiers received from other unions (`CODE/ID`), sorted.
    pub fn received_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for code in self.union_folders() {
            for id in dossiers_in(&self.root().join(&code)) {
                keys.push(format!("{code}/{id}"));
            }
        }
        keys
    }
}

/// The dossier ids directly inside `dir`.
pub(crate) fn dossiers_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| validate_id(name).is_ok())
        .filter(|name| dir.join(name).join(DOSSIER_FILE).is_file())
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_union_trailer_is_read_from_the_last_lines() {
        let m = "round 2: closed\n\nXieshang-Event: round.closed round=2\nXieshang-Union: 210200\n";
        assert_eq!(union_of_message(m), Some("210200"));
        assert_eq!(union_of_message("plain"), None);
    }
}

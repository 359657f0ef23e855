//! Witnesses kept outside the dossier: the seals this workspace saw on dossiers it received,
//! and on the agreements it imported into its archive (`archive import`).
//!
//! A seal stored only in the repository it protects can be recomputed by whoever rewrites that
//! repository. When a signed agreement comes back to the union that pre-reviewed it, the seal it
//! carried is written here (`.xieshang/witnesses.json`, the reviewing union's own file, outside
//! every dossier); `verify` compares the dossier with it later. The first seal seen for a tag is
//! kept: a different one arriving later is the thing to report, not to record over.

use super::atomic::write_atomic;
use super::error::StoreError;
use super::workspace::Workspace;
use crate::domain::seal::Seal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;

const WITNESS_FILE: &str = ".xieshang/witnesses.json";

/// A dossier's key, its seals by tag, and the day they were seen.
pub(crate) type Afresh = (String, Vec<(String, Seal)>, NaiveDate);

/// One seal as seen.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Witnessed {
    /// `signed` or `amend-N`.
    pub tag: String,
    pub seal: Seal,
    pub seen: NaiveDate,
}

#[derive(Serialize, Deserialize, Default)]
struct File {
    schema: u32,
    #[serde(default)]
    dossiers: BTreeMap<String, Vec<Witnessed>>,
}

impl Workspace {
    fn read_witnesses(&self) -> Result<File, StoreError> {
        let path = self.root().join(WITNESS_FILE);
        match fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| StoreError::Corrupt {
                path,
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(File {
                schema: 1,
                ..File::default()
            }),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    /// The seals this workspace saw on dossier `key`.
    pub fn witnesses(&self, key: &str) -> Result<Vec<Witnessed>, StoreError> {
        Ok(self
            .read_witnesses()?
            .dossiers
            .remove(key)
            .unwrap_or_default())
    }

    /// Records, for each dossier key, its seals as the only ones seen on it, dropping whatever an
    /// earlier dossier of that key left (a dossier made here, under an id freed since). One
    /// write of the file for them all: an archive import of hundreds of agreements writes (and
    /// syncs) it once, not twice each.
    pub(crate) fn witness_all_afresh(&self, entries: &[Afresh]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut f = self.read_witnesses()?;
        for (key, seals, seen) in entries {
            let list = seals
                .iter()
                .map(|(tag, seal)| Witnessed {
                    tag: tag.clone(),
                    seal: seal.clone(),
                    seen: *seen,
                })
                .collect();
            f.dossiers.insert(key.clone(), list);
        }
        self.write_witnesses(f)
    }

    fn write_witnesses(&self, mut f: File) -> Result<(), StoreError> {
        f.schema = 1;
        let path = self.root().join(WITNESS_FILE);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        let mut bytes = serde_json::to_vec_pretty(&f).map_err(|e| StoreError::Git {
            detail: e.to_string(),
        })?;
        bytes.push(b'\n');
        write_atomic(&path, &bytes)
    }

    /// Records the seals of `key` not seen before (by tag). Returns the tags newly recorded.
    pub fn witness(
        &self,
        key: &str,
        seals: &[(String, Seal)],
        seen: NaiveDate,
    ) -> Result<Vec<String>, StoreError> {
        let mut f = self.read_witnesses()?;
        let list = f.dossiers.entry(key.to_string()).or_default();
        let mut added = Vec::new();
        for (tag, seal) in seals {
            if list.iter().any(|w| &w.tag == tag) {
                continue;
            }
            list.push(Witnessed {
                tag: tag.clone(),
                seal: seal.clone(),
                seen,
            });
            added.push(tag.clone());
        }
        if added.is_empty() {
            return Ok(added);
        }
        self.write_witnesses(f)?;
        Ok(added)
    }
}

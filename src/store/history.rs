//! Reading a dossier's past: its commits (newest first, with tags), its tags, and any file as it
//! was at a tag, a commit or `HEAD`. This feeds `xieshang log` and the diff between rounds.
//!
//! This module owns revision resolution and history walking. It only reads git objects — never
//! the working tree, never a lock — so it is safe while another xieshang is writing.

use super::error::StoreError;
use super::workspace::Workspace;
use crate::domain::Dossier;
use chrono::{DateTime, FixedOffset};
use git2::{Oid, Repository, Sort};
use serde::Serialize;
use std::collections::BTreeMap;

/// One commit of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Full hex id.
    pub commit: String,
    /// The first 7 hex digits, as `git log --oneline` shows by default.
    pub short: String,
    /// Commit time in the committer's own offset.
    pub time: DateTime<FixedOffset>,
    pub message: String,
    /// Tags on this commit, sorted.
    pub tags: Vec<String>,
}

/// A tag and the commit it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagEntry {
    pub name: String,
    pub commit: String,
}

const SHORT_LEN: usize = 7;

impl Workspace {
    fn repo(&self, id: &str) -> Result<Repository, StoreError> {
        let dir = self.dir(id)?;
        if !dir.join(super::workspace::DOSSIER_FILE).is_file() {
            return Err(StoreError::NotFound { id: id.to_string() });
        }
        Ok(Repository::open(&dir)?)
    }

    /// The commits reachable from `HEAD`, newest first.
    pub fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let repo = self.repo(id)?;
        let mut by_commit: BTreeMap<Oid, Vec<String>> = BTreeMap::new();
        for t in tag_list(&repo)? {
            if let Ok(oid) = Oid::from_str(&t.commit) {
                by_commit.entry(oid).or_default().push(t.name);
            }
        }
        let mut walk = repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push_head()?;
        let mut out = Vec::new();
        for oid in walk {
            let oid = oid?;
            let c = repo.find_commit(oid)?;
            let t = c.time();
            let utc = DateTime::from_timestamp(t.seconds(), 0).unwrap_or_default();
            let time = match FixedOffset::east_opt(t.offset_minutes() * 60) {
                Some(offset) => utc.with_timezone(&offset),
                None => utc.fixed_offset(),
            };
            let commit = oid.to_string();
            out.push(HistoryEntry {
                short: commit[..SHORT_LEN].to_string(),
                commit,
                time,
                message: String::from_utf8_lossy(c.message_bytes())
                    .trim_end()
                    .to_string(),
                tags: by_commit.remove(&oid).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The dossier's tags, sorted by name, each with its commit.
    pub fn tags(&self, id: &str) -> Result<Vec<TagEntry>, StoreError> {
        tag_list(&self.repo(id)?)
    }

    /// The full commit id `rev` names in dossier `id`: a tag (`round-2`, `signed`), a commit id
    /// (full or abbreviated), `HEAD`, or any other git revision expression (`HEAD~1`).
    pub fn resolve_rev(&self, id: &str, rev: &str) -> Result<String, StoreError> {
        let repo = self.repo(id)?;
        Ok(resolve(&repo, id, rev)?.to_string())
    }

    /// `path` (e.g. `contract.md`) as it was at `rev`; `None` when it did not exist then.
    /// Reads git objects only, so the path cannot reach outside the dossier.
    /// The dossier as it stood at `rev`, parsed (and migrated) exactly as `load` does.
    pub(crate) fn dossier_at(&self, id: &str, rev: &str) -> Result<Option<Dossier>, StoreError> {
        let Some(text) = self.file_at(id, rev, super::DOSSIER_FILE)? else {
            return Ok(None);
        };
        let path = self.dir(id)?.join(super::DOSSIER_FILE);
        super::workspace::parse_dossier(id, &path, text.as_bytes()).map(Some)
    }

    /// The text of blob `oid` (hex) in dossier `id`'s history, when it is there and is UTF-8.
    pub fn blob_text(&self, id: &str, oid: &str) -> Result<Option<String>, StoreError> {
        let repo = self.repo(id)?;
        let Ok(oid) = git2::Oid::from_str(oid) else {
            return Ok(None);
        };
        let Ok(blob) = repo.find_blob(oid) else {
            return Ok(None);
        };
        Ok(String::from_utf8(blob.content().to_vec()).ok())
    }

    /// The blob id (hex) of `path` at `rev`, `None` when it did not exist then: which versions
    /// hold the same file, without reading it.
    pub fn file_oid_at(
        &self,
        id: &str,
        rev: &str,
        path: &str,
    ) -> Result<Option<String>, StoreError> {
        let repo = self.repo(id)?;
        let oid = resolve(&repo, id, rev)?;
        let tree = repo.find_commit(oid)?.tree()?;
        Ok(tree
            .get_path(std::path::Path::new(path))
            .ok()
            .map(|e| e.id().to_string()))
    }

    pub fn file_at(&self, id: &str, rev: &str, path: &str) -> Result<Option<String>, StoreError> {
        let repo = self.repo(id)?;
        let oid = resolve(&repo, id, rev)?;
        let tree = repo.find_commit(oid)?.tree()?;
        let Ok(entry) = tree.get_path(std::path::Path::new(path)) else {
            return Ok(None);
        };
        let Ok(blob) = entry.to_object(&repo)?.into_blob() else {
            return Ok(None);
        };
        String::from_utf8(blob.content().to_vec())
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                path: self.root().join(id).join(path),
                detail: format!("at {rev}: not UTF-8 text: {e}"),
            })
    }
}

fn resolve(repo: &Repository, id: &str, rev: &str) -> Result<Oid, StoreError> {
    let unknown = || StoreError::UnknownRev {
        id: id.to_string(),
        rev: rev.to_string(),
    };
    // A tag wins over a hex prefix that happens to look like it (a tag `2026` vs commit `2026…`),
    // because tags are what people type.
    if let Ok(r) = repo.find_reference(&format!("refs/tags/{rev}")) {
        return Ok(r.peel_to_commit()?.id());
    }
    if rev.is_empty() || rev.starts_with('-') {
        return Err(unknown());
    }
    let obj = repo.revparse_single(rev).map_err(|_| unknown())?;
    Ok(obj.peel_to_commit().map_err(|_| unknown())?.id())
}

fn tag_list(repo: &Repository) -> Result<Vec<TagEntry>, StoreError> {
    let mut out = Vec::new();
    for r in repo.references_glob("refs/tags/*")? {
        let r = r?;
        let Ok(name) = r.shorthand().map(str::to_string) else {
            continue;
        };
        if let Ok(c) = r.peel_to_commit() {
            out.push(TagEntry {
                name,
                commit: c.id().to_string(),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The git blob id of `bytes` (what `git hash-object` prints), if libgit2 can hash it.
pub fn blob_id(bytes: &[u8]) -> Option<String> {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .ok()
        .map(|o| o.to_string())
}

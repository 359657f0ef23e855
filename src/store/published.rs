//! Data that flows down: the templates and region data (the year's wage guideline, CPI, local
//! minimum wage, holiday file) that the union one level up publishes in a git repository of its
//! own. A workspace follows one such repository: `xieshang data fetch URL` clones it into
//! `.xieshang/data/` (derived data: refetching replaces it), and the region data and templates
//! there are read between the built-in ones and the workspace's own (`regions/`, `templates/`),
//! each figure marked with the union that published it (`publisher.json`).
//!
//! Only `templates/*.md`, `regions/*.json`, `regions/holidays/*.json` and `publisher.json` are
//! ever read from it; nothing in it is run.

use super::error::StoreError;
use super::exchange::{clone_staged, fetch_plain};
use super::workspace::Workspace;
use crate::domain::UnionRef;
use git2::Repository;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the published data is kept, inside the workspace's own folder.
pub(crate) const DATA_DIR: &str = ".xieshang/data";

/// What the workspace follows, and the version it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub url: String,
    pub publisher: Option<UnionRef>,
    /// The commit fetched, shortened, and its date.
    pub version: String,
    pub date: String,
    pub templates: usize,
    pub region_files: usize,
}

fn count(dir: &Path, ext: &str) -> usize {
    fs::read_dir(dir).map_or(0, |rd| {
        rd.flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == ext))
            .count()
    })
}

impl Workspace {
    /// The folder of the published data, when the workspace follows some.
    pub(crate) fn published_dir(&self) -> Option<PathBuf> {
        let dir = self.root().join(DATA_DIR);
        dir.join(".git").is_dir().then_some(dir)
    }

    /// The publishing union named in `publisher.json` (a broken file names nobody rather than
    /// stopping every check: the figures themselves are validated when read).
    pub(crate) fn publisher(&self) -> Option<UnionRef> {
        let dir = self.published_dir()?;
        let bytes = fs::read(dir.join("publisher.json")).ok()?;
        let u: UnionRef = serde_json::from_slice(&bytes).ok()?;
        let name = crate::text::sanitize_line(&u.name);
        (!name.is_empty()).then(|| UnionRef {
            code: crate::text::sanitize_line(&u.code),
            name,
        })
    }

    /// What the workspace follows, if anything.
    pub fn published(&self) -> Result<Option<Published>, StoreError> {
        let Some(dir) = self.published_dir() else {
            return Ok(None);
        };
        let repo = Repository::open(&dir)?;
        let url = repo
            .find_remote("origin")
            .ok()
            .and_then(|r| r.url().ok().map(str::to_string))
            .unwrap_or_default();
        let head = repo.head()?.peel_to_commit()?;
        let date = chrono::DateTime::from_timestamp(head.time().seconds(), 0)
            .map(|t| t.date_naive().to_string())
            .unwrap_or_default();
        Ok(Some(Published {
            url,
            publisher: self.publisher(),
            version: head.id().to_string()[..7].to_string(),
            date,
            templates: count(&dir.join("templates"), "md"),
            region_files: count(&dir.join("regions"), "json")
                + count(&dir.join("regions/holidays"), "json"),
        }))
    }

    /// Fetches the published data (cloning it from `url` the first time, or when `url` names
    /// another repository), replacing what was there. Read-only in spirit: a local change in
    /// `.xieshang/data/` is overwritten.
    pub fn data_fetch(&self, url: Option<&str>) -> Result<Published, StoreError> {
        let dir = self.root().join(DATA_DIR);
        let current = self.published()?.map(|p| p.url);
        let same = |cur: &String| url.is_none_or(|u| u == cur);
        if let Some(cur) = current.as_ref().filter(|c| same(c)) {
            fetch_plain(&dir, cur)?;
            let repo = Repository::open(&dir)?;
            let oid = repo.refname_to_id("refs/remotes/origin/main")?;
            let commit = repo.find_commit(oid)?;
            repo.reset(commit.as_object(), git2::ResetType::Hard, None)?;
        } else if let Some(u) = url {
            let staged = clone_staged(self, u, "data", true)?;
            if dir.exists() {
                fs::remove_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
            }
            fs::rename(&staged, &dir).map_err(|e| StoreError::io(&dir, e))?;
        } else {
            return Err(StoreError::NoRemote {
                id: DATA_DIR.to_string(),
                name: "origin".to_string(),
            });
        }
        self.published()?.ok_or_else(|| StoreError::NotFound {
            id: DATA_DIR.to_string(),
        })
    }
}

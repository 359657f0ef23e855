//! Dossiers in bundle files, for offline exchange (a USB stick, e-mail): writing a dossier's
//! branch and tags as a standard git bundle, and taking one in.
//!
//! Taking one in never touches a dossier before the bundle has proven itself: it is indexed into
//! a quarantine repository under the workspace's staging folder (borrowing the target dossier's
//! objects, so an incremental bundle's thin pack resolves), every commit it brings is checked to
//! hold dossier files only, its `dossier.json` must parse; only then do its packs move into the
//! dossier (or a new dossier is made from them) and its branch is merged like a fetch. Anything
//! wrong leaves the workspace as it was and the quarantine is removed.

use super::bundle::{self, BundleError, BundleHeader};
use super::error::StoreError;
use super::exchange::only_dossier_files;
use super::workspace::{DOSSIER_FILE, Workspace, parse_dossier};
use crate::domain::Dossier;
use git2::{Oid, Repository};
use std::fs;
use std::path::{Path, PathBuf};

fn bundle_error(path: &Path, e: &BundleError) -> StoreError {
    if matches!(e, BundleError::BadSignature { .. }) {
        return StoreError::NotABundle {
            path: path.to_path_buf(),
        };
    }
    StoreError::Bundle {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// A bundle indexed in quarantine, checked, waiting to be adopted.
pub struct Quarantined {
    dir: PathBuf,
    repo: Repository,
    pub header: BundleHeader,
    /// The dossier as its main (or first) branch's tip commits it.
    pub dossier: Dossier,
    /// The existing dossier the bundle builds on (it holds the prerequisites), if any.
    pub target: Option<String>,
}

impl Drop for Quarantined {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Workspace {
    /// Writes dossier `key`'s `branch` (as `as_ref`, e.g. `refs/heads/main` or
    /// `refs/heads/prereview/<code>`), with its tags when `tags`, to `out`; with `since` (a rev
    /// of the dossier), only what came after it. Returns the header and the file size.
    pub fn write_bundle(
        &self,
        key: &str,
        as_ref: &str,
        tags: bool,
        since: Option<&str>,
        out: &Path,
    ) -> Result<(BundleHeader, u64), StoreError> {
        let repo = Repository::open(self.dir(key)?)?;
        let head = repo.head()?.peel_to_commit()?.id();
        let mut refs = vec![(as_ref.to_string(), head)];
        if as_ref == "refs/heads/main" {
            refs.insert(0, ("HEAD".to_string(), head));
        }
        if tags {
            for r in repo.references_glob("refs/tags/*")?.flatten() {
                if let (Ok(name), Some(t)) = (r.name(), r.target()) {
                    refs.push((name.to_string(), t));
                }
            }
        }
        let since: Vec<Oid> = match since {
            Some(rev) => vec![
                repo.revparse_single(rev)
                    .and_then(|o| o.peel_to_commit())
                    .map_err(|_| StoreError::UnknownRev {
                        id: key.to_string(),
                        rev: rev.to_string(),
                    })?
                    .id(),
            ],
            None => Vec::new(),
        };
        bundle::write_bundle(&repo, &refs, &since, out).map_err(|e| bundle_error(out, &e))
    }

    /// Indexes the bundle at `path` into a quarantine and checks it (see the module comment).
    pub fn quarantine_bundle(&self, path: &Path) -> Result<Quarantined, StoreError> {
        let bytes_head = read_head(path)?;
        let header = bundle::parse_header(&bytes_head).map_err(|e| bundle_error(path, &e))?;
        // An incremental bundle builds on a dossier here: the one holding its prerequisites.
        let mut target = None;
        if !header.prerequisites.is_empty() {
            for key in self.ids() {
                let Ok(repo) = Repository::open(self.dir(&key)?) else {
                    continue;
                };
                if header
                    .prerequisites
                    .iter()
                    .all(|(oid, _)| repo.find_commit(*oid).is_ok())
                {
                    target = Some(key);
                    break;
                }
            }
        }
        let dir = self.staging_path("import")?;
        let real_git = match &target {
            Some(k) => Some(self.dir(k)?.join(".git")),
            None => None,
        };
        let repo = match bundle::quarantine(real_git.as_deref(), &dir) {
            Ok(r) => r,
            Err(e) => {
                let _ = fs::remove_dir_all(&dir);
                return Err(bundle_error(path, &e));
            }
        };
        let mut q = Quarantined {
            dir,
            repo,
            header: header.clone(),
            dossier: Dossier::new(
                String::new(),
                crate::domain::ContractKind::Wage,
                crate::domain::Enterprise::default(),
                chrono::NaiveDate::MIN,
            ),
            target,
        };
        bundle::index_bundle(&q.repo, path).map_err(|e| bundle_error(path, &e))?;
        // Every commit it brings holds dossier files only.
        let mut walk = q.repo.revwalk()?;
        for r in &header.refs {
            if let Ok(c) = q
                .repo
                .find_object(r.oid, None)
                .and_then(|o| o.peel_to_commit())
            {
                walk.push(c.id())?;
            }
        }
        for (oid, _) in &header.prerequisites {
            let _ = walk.hide(*oid);
        }
        for oid in walk {
            let oid = oid?;
            if let Err(odd) = only_dossier_files(&q.repo, oid) {
                return Err(StoreError::BundleForeign {
                    path: path.to_path_buf(),
                    commit: oid.to_string(),
                    files: odd.join(", "),
                });
            }
        }
        let tip = main_tip(&header).ok_or_else(|| StoreError::Bundle {
            path: path.to_path_buf(),
            detail: "no branch of a dossier (main or prereview/…)".into(),
        })?;
        let bytes = {
            let commit = q.repo.find_commit(tip)?;
            let tree = commit.tree()?;
            let entry = tree
                .get_name(DOSSIER_FILE)
                .ok_or_else(|| StoreError::Bundle {
                    path: path.to_path_buf(),
                    detail: format!("no {DOSSIER_FILE}"),
                })?;
            q.repo.find_blob(entry.id())?.content().to_vec()
        };
        q.dossier = parse_dossier("", Path::new(DOSSIER_FILE), &bytes)?;
        super::workspace::validate_id(&q.dossier.id)?;
        Ok(q)
    }

    /// Moves a quarantined bundle's objects into existing dossier `key` and points
    /// `refs/remotes/bundle/<branch>` at its branches (and, when `tags`, its tags at theirs).
    pub fn adopt_into(
        &self,
        q: &Quarantined,
        key: &str,
        tags: bool,
    ) -> Result<Vec<String>, StoreError> {
        let real = Repository::open(self.dir(key)?)?;
        bundle::adopt_packs(&q.repo, &real).map_err(|e| StoreError::Bundle {
            path: q.dir.clone(),
            detail: e.to_string(),
        })?;
        let mut branches = Vec::new();
        for r in &q.header.refs {
            if let Some(b) = r.name.strip_prefix("refs/heads/") {
                let name = format!("refs/remotes/bundle/{b}");
                real.reference(&name, r.oid, true, "xieshang: import bundle")?;
                branches.push(name);
            } else if tags && r.name.starts_with("refs/tags/") {
                real.reference(&r.name, r.oid, true, "xieshang: import bundle")?;
            }
        }
        super::generation::bump(self.root());
        Ok(branches)
    }

    /// Whether quarantined bundle `q` may go into this workspace's own dossier `key`: each of its
    /// branches grows from the dossier's history, and its `main` (the grassroots union's own,
    /// written only here) brings nothing the dossier lacks. Another workspace's dossier that
    /// happens to have the same id is refused here, before anything is touched.
    pub fn check_own_bundle(&self, q: &Quarantined, key: &str) -> Result<(), StoreError> {
        let real = Repository::open(self.dir(key)?)?;
        let head = real.head()?.peel_to_commit()?.id();
        let has = |oid: Oid| real.find_commit(oid).is_ok();
        for r in &q.header.refs {
            let main = r.name == "refs/heads/main" || r.name == "HEAD";
            if !main && !r.name.starts_with("refs/heads/") {
                continue;
            }
            let Ok(tip) = q
                .repo
                .find_object(r.oid, None)
                .and_then(|o| o.peel_to_commit())
                .map(|c| c.id())
            else {
                continue;
            };
            let mut walk = q.repo.revwalk()?;
            walk.push(tip)?;
            if !walk.flatten().any(has) {
                return Err(StoreError::Unrelated {
                    id: q.dossier.id.clone(),
                    key: key.to_string(),
                });
            }
            if main && tip != head && !real.graph_descendant_of(head, tip).unwrap_or(false) {
                return Err(StoreError::OwnMain {
                    key: key.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Makes a new dossier `key` from a quarantined full bundle: its `main` (or only branch) as
    /// `main`, its tags, the files checked out; built in staging and renamed into place.
    pub fn create_from(&self, q: &Quarantined, key: &str) -> Result<(), StoreError> {
        let tip = main_tip(&q.header).ok_or_else(|| StoreError::NotFound { id: key.into() })?;
        let dir = self.staging_path("new")?;
        let result = (|| {
            let mut opts = git2::RepositoryInitOptions::new();
            opts.initial_head("main");
            let repo = Repository::init_opts(&dir, &opts)?;
            bundle::adopt_packs(&q.repo, &repo).map_err(|e| StoreError::Bundle {
                path: q.dir.clone(),
                detail: e.to_string(),
            })?;
            repo.reference("refs/heads/main", tip, true, "xieshang: import bundle")?;
            for r in &q.header.refs {
                if r.name.starts_with("refs/tags/") {
                    repo.reference(&r.name, r.oid, true, "xieshang: import bundle")?;
                }
            }
            super::exchange::checkout_head(&dir)?;
            self.adopt_staged(&dir, key)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&dir);
        } else {
            super::generation::bump(self.root());
        }
        result
    }
}

/// The commit a dossier's state is read from: `refs/heads/main`, else `HEAD`, else the first
/// `prereview/…` branch.
fn main_tip(h: &BundleHeader) -> Option<Oid> {
    let find = |n: &str| h.refs.iter().find(|r| r.name == n).map(|r| r.oid);
    find("refs/heads/main")
        .or_else(|| find("HEAD"))
        .or_else(|| {
            h.refs
                .iter()
                .find(|r| r.name.starts_with("refs/heads/prereview/"))
                .map(|r| r.oid)
        })
}

/// The file, for its header (the pack is read again by the indexer). A file too large to be a
/// dossier's bundle is refused before it is read.
fn read_head(path: &Path) -> Result<Vec<u8>, StoreError> {
    const MAX: u64 = 256 * 1024 * 1024;
    let meta = fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if !meta.is_file() {
        return Err(StoreError::Bundle {
            path: path.to_path_buf(),
            detail: "not a file".into(),
        });
    }
    if meta.len() > MAX {
        return Err(StoreError::Bundle {
            path: path.to_path_buf(),
            detail: format!(
                "{} bytes, more than the {MAX} bytes a dossier's bundle may have",
                meta.len()
            ),
        });
    }
    fs::read(path).map_err(|e| StoreError::io(path, e))
}

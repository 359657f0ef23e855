//! The workspace: a directory of dossiers, each `<root>/<id>/` a git repository holding
//! `dossier.json` and, once a draft exists, `contract.md`.
//!
//! This module owns id validation, creating, listing and loading dossiers, and the locked
//! [`DossierWriter`] that saves (atomic files, then one git commit, then tags). Every function
//! that takes an id validates it before touching the disk, so nothing is read or written outside
//! the workspace. Reading (`load`, `load_all`) never opens git and never locks: it must stay as
//! cheap as reading the files. It must not interpret the dossier beyond parsing and migrating it.

use super::atomic::{clean_temp_files, sync_dir, write_atomic};
use super::error::StoreError;
use super::lock::DossierLock;
use super::migrate::{MigrateError, migrate, schema_version};
use crate::domain::seal::Seal;
use crate::domain::{Dossier, SCHEMA_VERSION};
use chrono::{Datelike, NaiveDate};
use git2::{Oid, Repository, RepositoryInitOptions, Signature};
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The procedure record's file name inside a dossier.
pub const DOSSIER_FILE: &str = "dossier.json";
/// The draft contract's file name inside a dossier.
pub const CONTRACT_FILE: &str = "contract.md";
/// The reviewing union's file: its pre-reviews of the draft (`domain::PreReviews`).
pub const PREREVIEW_FILE: &str = "prereview.json";
/// Every file a dossier commits; nothing else in its folder is ever staged.
pub(crate) const FILES: [&str; 4] = [
    DOSSIER_FILE,
    CONTRACT_FILE,
    PREREVIEW_FILE,
    super::attachments::ATTACHMENTS_FILE,
];
/// The branch a new dossier starts on.
pub(crate) const BRANCH: &str = "main";
/// Used when the repository's git config names nobody.
pub(crate) const FALLBACK_NAME: &str = "xieshang";
pub(crate) const FALLBACK_EMAIL: &str = "xieshang@localhost";

const MAX_ID_LEN: usize = 64;

/// Where `create` builds a new dossier before renaming it into place (inside the workspace's
/// `.xieshang/` folder, which no id can name: ids never start with a dot).
pub(super) const STAGING: &str = ".xieshang/new";

/// Checks that `id` is safe to use as a directory name inside the workspace: 1 to 64 ASCII
/// letters, digits, `-` or `_`, not starting with `-` (an option to git and to shells) or `.`.
/// With that alphabet, `..`, `/`, `\`, spaces and NUL cannot occur.
pub fn validate_id(id: &str) -> Result<(), StoreError> {
    let ok = (1..=MAX_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !id.starts_with('-')
        && !id.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(StoreError::BadId { id: id.to_string() })
    }
}

/// A directory of dossiers.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    /// The union working here (`.xieshang/union.json`), read at open.
    identity: Option<crate::domain::Identity>,
}

impl Workspace {
    /// Opens the workspace at `root`. Creates nothing: a missing folder is
    /// [`StoreError::NoWorkspace`] (a typo in `--workspace` must not leave folders behind), a file
    /// is refused, and so is a folder inside a dossier or a `.git` folder.
    ///
    /// A directory that merely cannot be written opens fine (reading still works) and the error
    /// comes on the first write.
    pub fn open(root: &Path) -> Result<Workspace, StoreError> {
        // Nesting first: "inside a dossier" says more than "no workspace here".
        not_nested(root)?;
        match fs::metadata(root) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(StoreError::NotAFolder {
                    path: root.to_path_buf(),
                });
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(StoreError::NoWorkspace {
                    path: root.to_path_buf(),
                });
            }
            Err(e) => return Err(StoreError::io(root, e)),
        }
        Ok(Workspace {
            root: root.to_path_buf(),
            identity: super::union::read_identity(root)?,
        })
    }

    pub(crate) fn identity_ref(&self) -> Option<&crate::domain::Identity> {
        self.identity.as_ref()
    }

    pub(crate) fn replace_identity(&mut self, id: Option<crate::domain::Identity>) {
        self.identity = id;
    }

    /// Opens the workspace at `root`, creating the folder (and its parents) when it is missing:
    /// for `init` and the TUI's first start only. The nesting rule is checked before anything is
    /// created.
    pub fn init(root: &Path) -> Result<Workspace, StoreError> {
        if fs::metadata(root).is_err() {
            not_nested(root)?;
            fs::create_dir_all(root).map_err(|e| StoreError::io(root, e))?;
        }
        Workspace::open(root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of dossier `id` (validated): `ID`, `CODE/ID`, or a bare `ID` of one
    /// received dossier (see `store::union`).
    pub(crate) fn dir(&self, id: &str) -> Result<PathBuf, StoreError> {
        self.resolve(id)
    }

    /// The keys of the dossiers here, sorted: the workspace's own (`ID`: directories with a
    /// valid id that hold a `dossier.json`), then those received from other unions (`CODE/ID`).
    /// Anything else (a README, a half-created directory) is ignored.
    pub fn ids(&self) -> Vec<String> {
        let mut ids = super::union::dossiers_in(&self.root);
        ids.extend(self.received_keys());
        ids
    }

    /// The keys of the workspace's own dossiers only.
    pub fn own_ids(&self) -> Vec<String> {
        super::union::dossiers_in(&self.root)
    }

    /// A user's own template `<workspace>/templates/<name>.md`, as (path shown in messages, text).
    /// The name is held to the same rule as ids, so it can never reach outside the workspace.
    pub(crate) fn user_template(&self, name: &str) -> Result<Option<(String, String)>, StoreError> {
        validate_id(name)?;
        // The workspace's own template first, then one published by the union one level up.
        let mut places = vec![self.root.join("templates")];
        if let Some(data) = self.published_dir() {
            places.push(data.join("templates"));
        }
        for dir in places {
            let path = dir.join(format!("{name}.md"));
            match fs::read_to_string(&path) {
                Ok(text) => return Ok(Some((path.display().to_string(), text))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(StoreError::Io { path, source }),
            }
        }
        Ok(None)
    }

    pub fn is_empty(&self) -> bool {
        self.ids().is_empty()
    }

    /// A fresh id `<year>-NNN` (or `<year>-<slug>-NNN` when `enterprise_hint` has ASCII letters
    /// or digits; Chinese names contribute nothing because ids are ASCII-only), numbered one past
    /// the highest already in the workspace so a deleted dossier's id is not reused.
    pub fn new_id(&self, enterprise_hint: &str, date: NaiveDate) -> String {
        let slug = slug(enterprise_hint);
        let prefix = if slug.is_empty() {
            format!("{}-", date.year())
        } else {
            format!("{}-{slug}-", date.year())
        };
        let taken: Vec<String> = fs::read_dir(&self.root)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        let highest = taken
            .iter()
            .filter_map(|name| name.strip_prefix(&prefix))
            .filter_map(|rest| rest.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let mut n = highest + 1;
        loop {
            let id = format!("{prefix}{n:03}");
            if !taken.contains(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// Creates dossier `d.id`: its directory, a git repository, `dossier.json`, and a first
    /// commit with `message` — all or nothing. The dossier is built in a staging folder inside
    /// the workspace (`.xieshang/new/`) and renamed into place in one step, so a process killed
    /// half-way leaves no half-made dossier among the others (the next start clears the staging
    /// folder) and the id is not used up. Refuses an id that exists, even as a stray directory.
    pub fn create(&self, d: &Dossier, message: &str) -> Result<(), StoreError> {
        validate_id(&d.id)?;
        let dir = self.root.join(&d.id);
        if dir.exists() {
            return Err(StoreError::Exists { id: d.id.clone() });
        }
        let tmp = self.staging_path(&d.id)?;
        fs::create_dir(&tmp).map_err(|e| self.not_writable(e))?;
        let result = create_in(&tmp, d, message).and_then(|()| {
            // A rename onto an existing, non-empty directory fails: of two concurrent creates of
            // one id, exactly one wins.
            fs::rename(&tmp, &dir).map_err(|e| {
                if dir.join(".git").exists() {
                    StoreError::Exists { id: d.id.clone() }
                } else {
                    StoreError::io(&dir, e)
                }
            })
        });
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        result?;
        super::generation::bump(&self.root);
        sync_dir(&self.root)
    }

    /// A fresh path in the staging folder (created when missing) for work in progress named
    /// `what`: `<pid>-<what>-<nanos>`. The process id comes first because that is what
    /// [`Workspace::clear_staging`] reads to tell a live owner's work from debris.
    pub(crate) fn staging_path(&self, what: &str) -> Result<PathBuf, StoreError> {
        let staging = self.root.join(STAGING);
        fs::create_dir_all(&staging).map_err(|e| self.not_writable(e))?;
        Ok(staging.join(staging_name(what)))
    }

    fn not_writable(&self, e: std::io::Error) -> StoreError {
        if e.kind() == ErrorKind::NotFound {
            StoreError::NotWritable {
                path: self.root.clone(),
            }
        } else {
            StoreError::io(&self.root, e)
        }
    }

    /// The bytes of `name` in dossier `id` as they are on disk (`None` when absent or unreadable).
    pub fn working_file(&self, id: &str, name: &str) -> Option<Vec<u8>> {
        fs::read(self.dir(id).ok()?.join(name)).ok()
    }

    /// Completes or rolls back an interrupted save of dossier `id` (see
    /// `recover_interrupted_save`), taking its lock for the moment; `None` when there was none,
    /// or when another program holds the dossier (it is that writer's to finish).
    pub fn recover(&self, id: &str) -> Result<Option<Recovered>, StoreError> {
        let dir = self.dir(id)?;
        if !dir.join(".git").join(SAVING_MARKER).exists() {
            return Ok(None);
        }
        // Opening for writing is what recovers; the writer is let go at once.
        match self.open_for_write(id) {
            Ok(w) => Ok(w.recovered),
            Err(StoreError::InUse { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Clears what interrupted `create`s left in the staging folder: entries of processes that
    /// are gone (on Linux, no `/proc/<pid>`), or older than ten minutes where that cannot be told.
    /// Best effort: on read-only storage nothing is removed and nothing fails.
    pub fn clear_staging(&self) {
        // The change mark's temporary file of a killed write (`generation.<pid>.tmp`).
        super::generation::clear_leftovers(&self.root, left_behind);
        let staging = self.root.join(STAGING);
        let Ok(entries) = fs::read_dir(&staging) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid = name.split('-').next().unwrap_or_default();
            if left_behind(pid, &e.path()) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }

    /// Reads and parses dossier `id`, migrating an older schema in memory. Never locks, never
    /// opens git, never writes.
    pub fn load(&self, id: &str) -> Result<Dossier, StoreError> {
        let dir = self.dir(id)?;
        let path = dir.join(DOSSIER_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(StoreError::NotFound { id: id.to_string() });
            }
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        // A save is under way or was interrupted: the file may be half of it. Readers see the
        // committed state (the next writer finishes or undoes the save).
        let saving = dir.join(".git").join(SAVING_MARKER).exists();
        let mut d = match committed_file(&dir, DOSSIER_FILE) {
            Ok(Some(committed)) if saving => parse_dossier(id, &path, &committed)?,
            _ => parse_dossier(id, &path, &bytes)?,
        };
        let pr_path = dir.join(PREREVIEW_FILE);
        let pr = if saving {
            committed_file(&dir, PREREVIEW_FILE)?
        } else {
            match fs::read(&pr_path) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(StoreError::io(&pr_path, e)),
            }
        };
        if let Some(b) = pr {
            d.prereviews = parse_prereviews(&pr_path, &b)?;
        }
        d.attachments = super::attachments::read(&dir, saving)?;
        Ok(d)
    }

    /// Every dossier, loaded, in id order; a broken one carries its error instead of hiding
    /// the others.
    pub fn load_all(&self) -> Vec<(String, Result<Dossier, StoreError>)> {
        self.ids()
            .into_iter()
            .map(|id| {
                let d = self.load(&id);
                (id, d)
            })
            .collect()
    }

    /// Opens dossier `id` for writing under its exclusive lock. A second writer gets
    /// [`StoreError::InUse`] at once; the caller can fall back to [`Workspace::load`].
    ///
    /// Holding the lock proves no other xieshang is mid-save, so this is where the debris of a
    /// killed writer is cleared: our temp files, and git's own `*.lock` files (libgit2 leaves
    /// `index.lock` or `refs/heads/main.lock` when killed between creating and renaming them,
    /// and would then refuse every later commit), and the half-done save itself (see
    /// `roll_back_interrupted_save`): afterwards the files on disk are exactly `HEAD`'s.
    pub fn open_for_write(&self, id: &str) -> Result<DossierWriter, StoreError> {
        let dir = self.dir(id)?;
        if !dir.join(DOSSIER_FILE).is_file() {
            return Err(StoreError::NotFound { id: id.to_string() });
        }
        let repo = Repository::open(&dir)?;
        let lock = DossierLock::acquire(id, repo.path())?;
        clean_temp_files(&dir);
        clean_git_locks(repo.path());
        let recovered = recover_interrupted_save(&repo, &dir)?;
        if recovered.is_some() {
            super::generation::bump(&self.root);
        }
        let dossier = self.load(id)?;
        Ok(DossierWriter {
            id: id.to_string(),
            root: self.root.clone(),
            dir,
            repo,
            dossier,
            recovered,
            identity: self.identity.clone(),
            _lock: lock,
        })
    }
}

/// Whether `path`, made by process `pid`, was left behind by a process that is gone (without
/// `/proc`: when it is older than ten minutes).
fn left_behind(pid: &str, path: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.is_dir() {
        !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !proc.join(pid).exists()
    } else {
        fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 600)
    }
}

/// `<pid>-<what>-<nanos>`: a staging name whose owner `clear_staging` can read.
pub(crate) fn staging_name(what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.subsec_nanos());
    format!("{}-{what}-{nanos}", std::process::id())
}

/// Refuses a workspace at `root` that lies inside a dossier's working tree (a folder holding
/// `dossier.json` and `.git`) or inside a git directory (a `.git` folder, or any folder holding
/// `HEAD`, `objects` and `refs`): dossiers written there would be files of another repository.
/// `root` itself may not exist yet; its ancestors decide. The part that exists is resolved first
/// (symbolic links, `..`), so a link to a `.git` is found as what it points at.
fn not_nested(root: &Path) -> Result<(), StoreError> {
    let abs = if root.is_absolute() {
        root.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| StoreError::io(root, e))?
            .join(root)
    };
    let resolved = resolve_existing(&abs);
    let nested = |inside: &Path| StoreError::Nested {
        path: root.to_path_buf(),
        inside: inside.to_path_buf(),
    };
    for path in [&resolved, &abs] {
        for a in path.ancestors() {
            if a.file_name().is_some_and(|n| n == ".git") || is_git_dir(a) {
                return Err(nested(a));
            }
            if a.join(DOSSIER_FILE).is_file() && a.join(".git").exists() {
                return Err(nested(a));
            }
        }
    }
    Ok(())
}

/// `path` with its longest existing ancestor canonicalised and the rest (not there yet) kept.
fn resolve_existing(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A git directory (a `.git` folder under another name, or a bare repository): `HEAD`, `objects`
/// and `refs` side by side.
fn is_git_dir(dir: &Path) -> bool {
    dir.join("HEAD").is_file() && dir.join("objects").is_dir() && dir.join("refs").is_dir()
}

pub(crate) fn hand_edited(repo: &Repository) -> Vec<&'static str> {
    let mut changed = Vec::new();
    for file in FILES {
        let status = repo
            .status_file(Path::new(file))
            .unwrap_or(git2::Status::CURRENT);
        if status.intersects(
            git2::Status::WT_MODIFIED
                | git2::Status::WT_NEW
                | git2::Status::WT_DELETED
                | git2::Status::INDEX_MODIFIED,
        ) {
            changed.push(file);
        }
    }
    changed
}

/// Whether the dossier as committed at `HEAD` is sealed (signed): its files then change only
/// through recorded amendments, never by a hand edit.
fn sealed_at_head(repo: &Repository) -> bool {
    let Ok(tree) = repo.head().and_then(|h| h.peel_to_tree()) else {
        return false;
    };
    let Some(entry) = tree.get_name(DOSSIER_FILE) else {
        return false;
    };
    repo.find_blob(entry.id())
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(b.content()).ok())
        .is_some_and(|v| v.get("signing").is_some_and(|s| !s.is_null()))
}

/// A dossier file changed outside xieshang (and still a valid dossier — `load` checked) is
/// committed on its own, under a message that says so, as the first step of the next save that
/// goes through: the history must never fold a foreign change into an unrelated commit such as
/// `round 2: closed`, and a refused command commits nothing at all. A sealed dossier's files are
/// never committed this way: the save is refused and the edit is reported (`verify`).
fn commit_hand_edits(repo: &Repository, id: &str) -> Result<(), StoreError> {
    let changed = hand_edited(repo);
    if changed.is_empty() {
        return Ok(());
    }
    if sealed_at_head(repo) {
        return Err(StoreError::Tampered {
            id: id.to_string(),
            files: changed.join(", "),
        });
    }
    let mut index = repo.index()?;
    for file in &changed {
        index.add_path(Path::new(file))?;
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let parent = repo.head()?.peel_to_commit()?;
    let sig = signature(repo)?;
    let message =
        crate::domain::event::commit_message(&[
            crate::domain::event::Event::new("hand_edit").arg("files", changed.join(","))
        ]);
    repo.commit(Some("HEAD"), &sig, &sig, &message, &tree, &[&parent])?;
    Ok(())
}

/// Up to 24 lowercase ASCII letters/digits of `hint`, runs of anything else turned into one `-`.
fn slug(hint: &str) -> String {
    let mut s = String::new();
    for c in hint.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let mut s: String = s.chars().take(24).collect();
    while s.ends_with('-') {
        s.pop();
    }
    s
}

fn create_in(dir: &Path, d: &Dossier, message: &str) -> Result<(), StoreError> {
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head(BRANCH).no_reinit(true);
    let repo = Repository::init_opts(dir, &opts)?;
    write_atomic(&dir.join(DOSSIER_FILE), &to_json(d)?)?;
    let mut index = repo.index()?;
    index.add_path(Path::new(DOSSIER_FILE))?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let sig = signature(&repo)?;
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[])?;
    Ok(())
}

/// The bytes xieshang writes for a dossier: pretty JSON, current schema, final newline (so the
/// file diffs cleanly in plain `git`).
pub(super) fn to_json(d: &Dossier) -> Result<Vec<u8>, StoreError> {
    let mut bytes = if d.schema_version == SCHEMA_VERSION {
        serde_json::to_vec_pretty(d)
    } else {
        let mut d = d.clone();
        d.schema_version = SCHEMA_VERSION;
        serde_json::to_vec_pretty(&d)
    }
    .map_err(|e| StoreError::Git {
        detail: format!("cannot serialize dossier {}: {e}", d.id),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The bytes xieshang writes for `prereview.json`: pretty JSON with a schema number and a final
/// newline.
fn prereviews_json(p: &crate::domain::PreReviews) -> Result<Vec<u8>, StoreError> {
    let v = serde_json::json!({ "schema": PREREVIEW_SCHEMA, "reviews": p.reviews });
    let mut bytes = serde_json::to_vec_pretty(&v).map_err(|e| StoreError::Git {
        detail: format!("cannot serialize {PREREVIEW_FILE}: {e}"),
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The version of `prereview.json`'s layout (the file first appeared with dossier schema 4).
const PREREVIEW_SCHEMA: u64 = 1;

/// Parses `prereview.json`; a newer layout is refused rather than misread.
pub(crate) fn parse_prereviews(
    path: &Path,
    bytes: &[u8],
) -> Result<crate::domain::PreReviews, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let v: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not valid JSON: {e}")))?;
    match v.get("schema").and_then(serde_json::Value::as_u64) {
        Some(PREREVIEW_SCHEMA) => {}
        Some(n) if n > PREREVIEW_SCHEMA => {
            return Err(corrupt(format!(
                "schema {n} is newer than this xieshang reads ({PREREVIEW_SCHEMA})"
            )));
        }
        other => {
            return Err(corrupt(format!(
                "schema {other:?} is not {PREREVIEW_SCHEMA}"
            )));
        }
    }
    serde_json::from_value(v).map_err(|e| corrupt(e.to_string()))
}

/// A committed `dossier.json` (bytes from git), parsed and migrated; `None` when it does not parse.
pub fn parse_committed(id: &str, bytes: &[u8]) -> Option<Dossier> {
    parse_dossier(id, Path::new(DOSSIER_FILE), bytes).ok()
}

/// Parses `dossier.json` bytes: the current schema in one pass (the common, fast case); on
/// failure, a second look decides between "not JSON", "newer", "older: migrate" and "wrong
/// shape", keeping serde's line and column for the user.
pub(crate) fn parse_dossier(id: &str, path: &Path, bytes: &[u8]) -> Result<Dossier, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let newer = |found: u64| StoreError::NewerSchema {
        id: id.to_string(),
        found,
        supported: SCHEMA_VERSION,
    };
    let direct = serde_json::from_slice::<Dossier>(bytes);
    if let Ok(d) = &direct
        && d.schema_version == SCHEMA_VERSION
    {
        return direct.map_err(|e| corrupt(e.to_string()));
    }
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        // Not JSON at all: serde's message already says "at line L column C".
        Err(e) => return Err(corrupt(format!("not valid JSON: {e}"))),
    };
    match schema_version(&value) {
        Some(v) if v > u64::from(SCHEMA_VERSION) => return Err(newer(v)),
        Some(v) if v == u64::from(SCHEMA_VERSION) => {
            // The current version, yet it did not deserialize: report the typed error, which
            // carries the line and column of the offending field.
            return match direct {
                Ok(d) => Ok(d),
                Err(e) => Err(corrupt(e.to_string())),
            };
        }
        _ => {}
    }
    migrate(value).map_err(|e| match e {
        MigrateError::Newer { found } => newer(found),
        MigrateError::Invalid(detail) => corrupt(detail),
    })
}

/// `message` with the union trailer appended when the workspace has an identity (in the same
/// trailer block as the events: git reads trailers from the last paragraph).
pub(crate) fn signed_message(message: &str, identity: Option<&crate::domain::Identity>) -> String {
    let Some(id) = identity else {
        return message.to_string();
    };
    let mut m = message.trim_end().to_string();
    if !m.lines().last().is_some_and(|l| l.starts_with("Xieshang-")) {
        m.push('\n');
    }
    m.push_str(&format!(
        "\n{}: {}\n",
        super::union::UNION_TRAILER,
        id.union.code
    ));
    m
}

/// The author of a commit in a workspace with an identity: the person, of the union
/// (`王敏 (大连市总工会)`), with an address made of the union code (`210200@xieshang.invalid`,
/// a reserved domain: it names, it doesn't deliver).
pub(crate) fn identity_signature(
    id: &crate::domain::Identity,
) -> Result<Signature<'static>, StoreError> {
    let name = crate::text::sanitize_line(&format!("{} ({})", id.person, id.union.name));
    Ok(Signature::now(
        &name,
        &format!("{}@xieshang.invalid", id.union.code),
    )?)
}

/// The commit signature: `user.name`/`user.email` from the repository's git configuration
/// (local, then the user's global config, as git does), else `xieshang <xieshang@localhost>` so
/// a machine with no git identity can still record a bargaining.
pub(super) fn signature(repo: &Repository) -> Result<Signature<'static>, StoreError> {
    let (name, email) = match repo.config() {
        Ok(cfg) => (
            cfg.get_string("user.name")
                .ok()
                .filter(|s| !s.trim().is_empty()),
            cfg.get_string("user.email")
                .ok()
                .filter(|s| !s.trim().is_empty()),
        ),
        Err(_) => (None, None),
    };
    Ok(Signature::now(
        name.as_deref().unwrap_or(FALLBACK_NAME),
        email.as_deref().unwrap_or(FALLBACK_EMAIL),
    )?)
}

/// Removes lock files libgit2 leaves behind when its process dies mid-write. Only called while
/// holding our own lock. A user's concurrent command-line `git` in the same dossier could in
/// principle own one of these; that is the price of never wedging a dossier after a crash.
fn clean_git_locks(git_dir: &Path) {
    let mut candidates = vec![
        git_dir.join("index.lock"),
        git_dir.join("HEAD.lock"),
        git_dir.join("packed-refs.lock"),
        git_dir.join("config.lock"),
    ];
    for sub in ["refs/heads", "refs/tags"] {
        if let Ok(rd) = fs::read_dir(git_dir.join(sub)) {
            candidates.extend(
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "lock")),
            );
        }
    }
    for p in candidates {
        let _ = fs::remove_file(p);
    }
}

/// A dossier opened for writing: holds the lock until dropped.
pub struct DossierWriter {
    id: String,
    /// The workspace's folder, whose change mark every save moves (`store::generation`).
    root: PathBuf,
    dir: PathBuf,
    repo: Repository,
    dossier: Dossier,
    /// What opening it did about an interrupted save, if there was one.
    recovered: Option<Recovered>,
    /// Who signs its commits (the workspace's identity).
    identity: Option<crate::domain::Identity>,
    _lock: DossierLock,
}

impl std::fmt::Debug for DossierWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DossierWriter")
            .field("id", &self.id)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// What the working tree and the index looked like before a save, to put back on failure.
struct Snapshot {
    head: Option<Oid>,
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    tags: Vec<(String, Oid)>,
}

impl DossierWriter {
    /// The workspace's identity when it has one, else git's configuration.
    pub(crate) fn signature(&self) -> Result<Signature<'static>, StoreError> {
        match &self.identity {
            Some(id) => identity_signature(id),
            None => signature(&self.repo),
        }
    }

    pub(crate) fn repo(&self) -> &Repository {
        &self.repo
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn identity(&self) -> Option<&crate::domain::Identity> {
        self.identity.as_ref()
    }

    /// Re-reads the dossier from disk (after a merge changed its files).
    pub(crate) fn reload(&mut self, ws: &Workspace) -> Result<(), StoreError> {
        self.dossier = ws.load(&self.id)?;
        Ok(())
    }

    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// The dossier as last loaded or saved.
    pub fn dossier(&self) -> &Dossier {
        &self.dossier
    }

    /// The draft contract on disk, if there is one.
    pub fn contract_text(&self) -> Result<Option<String>, StoreError> {
        let path = self.dir.join(CONTRACT_FILE);
        match fs::read(&path) {
            Ok(b) => String::from_utf8(b)
                .map(Some)
                .map_err(|e| StoreError::Corrupt {
                    path,
                    detail: format!("not UTF-8 text: {e}"),
                }),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::io(&path, e)),
        }
    }

    /// Saves `new` (and the draft, when `contract` is `Some`; `None` leaves `contract.md` as
    /// it is), commits with `message` and tags the commit with each of `tags`. Returns the new
    /// commit id, or `HEAD`'s when nothing changed: then no empty commit is made and no tag
    /// moves — a tag sits on the commit that recorded its event, never on an unrelated one
    /// (`verify` would rightly call that a moved tag).
    ///
    /// Files are replaced atomically first, then committed; if anything fails, files, index,
    /// `HEAD` and tags are put back as they were, so a failed save leaves no trace. If the
    /// process dies mid-save, the next `open_for_write` rolls the files back to `HEAD`.
    ///
    /// Tags: a tag already on this commit is left alone. A tag that exists on *another* commit
    /// is moved here, and its previous target is kept as `<tag>_1` (`_2`, … — the first free
    /// suffix), so nothing ever disappears from history: after a congress rejects the draft and
    /// the bargaining loops, `signed` names the latest signing and `signed_1` the first; a
    /// round closed again after a correction keeps `round-2` on the latest close.
    pub fn save(
        &mut self,
        new: &Dossier,
        contract: Option<&str>,
        message: &str,
        tags: &[&str],
    ) -> Result<String, StoreError> {
        self.save_with(new, contract, &[], message, tags)
    }

    /// [`DossierWriter::save`] with `extra` files (paths inside the dossier, such as an
    /// attachment under `attachments/`) written and committed in the same step.
    pub(crate) fn save_with(
        &mut self,
        new: &Dossier,
        contract: Option<&str>,
        extra: &[(&str, &[u8])],
        message: &str,
        tags: &[&str],
    ) -> Result<String, StoreError> {
        if new.id != self.id && !self.id.ends_with(&format!("/{}", new.id)) {
            return Err(StoreError::IdMismatch {
                id: self.id.clone(),
                found: new.id.clone(),
            });
        }
        for t in tags {
            if t.is_empty() || !git2::Reference::is_valid_name(&format!("refs/tags/{t}")) {
                return Err(StoreError::BadTag {
                    tag: (*t).to_string(),
                });
            }
        }
        commit_hand_edits(&self.repo, &self.id)?;
        let json = to_json(new)?;
        let mut files: Vec<(&str, &[u8])> = vec![(DOSSIER_FILE, json.as_slice())];
        if let Some(c) = contract {
            files.push((CONTRACT_FILE, c.as_bytes()));
        }
        let pr_json;
        if !new.prereviews.is_empty() {
            pr_json = prereviews_json(&new.prereviews)?;
            files.push((PREREVIEW_FILE, pr_json.as_slice()));
        }
        let att_json;
        if !new.attachments.is_empty() {
            att_json = super::attachments::to_json(&new.attachments)?;
            files.push((super::attachments::ATTACHMENTS_FILE, att_json.as_slice()));
        }
        files.extend_from_slice(extra);

        let head_commit = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let unchanged = match &head_commit {
            Some(c) => {
                let tree = c.tree()?;
                let mut same = true;
                for (name, bytes) in &files {
                    let want = Oid::hash_object(git2::ObjectType::Blob, bytes)?;
                    if tree.get_path(Path::new(name)).ok().map(|e| e.id()) != Some(want) {
                        same = false;
                    }
                }
                same
            }
            None => false,
        };
        let snapshot = self.snapshot(&files, head_commit.as_ref().map(git2::Commit::id))?;
        let marker = self.repo.path().join(SAVING_MARKER);
        let intent = Intent {
            head: snapshot.head,
            commit: !unchanged,
            tags: if unchanged {
                Vec::new()
            } else {
                tags.iter().map(|t| (*t).to_string()).collect()
            },
        };
        write_atomic(&marker, intent.to_text().as_bytes())?;
        let result = if unchanged {
            // The content equals HEAD's; rewriting the files is harmless and puts disk back in
            // line with HEAD should someone have edited them by hand.
            self.write_files(&files).and_then(|()| {
                snapshot.head.map(|h| h.to_string()).ok_or(StoreError::Git {
                    detail: "HEAD has no commit".to_string(),
                })
            })
        } else {
            self.write_files(&files)
                .and_then(|()| self.commit(&files, message))
                .and_then(|oid| {
                    self.tag_all(tags, new.current_seal())?;
                    Ok(oid.to_string())
                })
        };
        let id = match result {
            Ok(id) => id,
            Err(e) => {
                // The marker stays: if this best-effort undo fell short, the next
                // `open_for_write` still rolls the files back to HEAD.
                self.restore(&snapshot);
                return Err(e);
            }
        };
        // Removed only once the commit and tags exist: a kill before this point is rolled back
        // to HEAD by the next `open_for_write`, which is right whether or not the commit landed.
        let _ = fs::remove_file(&marker);
        super::generation::bump(&self.root);
        let mut d = new.clone();
        d.schema_version = SCHEMA_VERSION;
        self.dossier = d;
        Ok(id)
    }

    fn snapshot(&self, files: &[(&str, &[u8])], head: Option<Oid>) -> Result<Snapshot, StoreError> {
        let mut saved = Vec::new();
        for (name, _) in files {
            let path = self.dir.join(name);
            let old = match fs::read(&path) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(StoreError::io(&path, e)),
            };
            saved.push((path, old));
        }
        let mut tags = Vec::new();
        for r in self.repo.references_glob("refs/tags/*")?.flatten() {
            if let (Ok(name), Some(target)) = (r.name(), r.target()) {
                tags.push((name.to_string(), target));
            }
        }
        Ok(Snapshot {
            head,
            files: saved,
            tags,
        })
    }

    fn write_files(&self, files: &[(&str, &[u8])]) -> Result<(), StoreError> {
        for (name, bytes) in files {
            let path = self.dir.join(name);
            // An attachment lives one folder down (`attachments/`), made on first use.
            if let Some(parent) = path.parent()
                && parent != self.dir
            {
                fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
            }
            write_atomic(&path, bytes)?;
        }
        Ok(())
    }

    fn commit(&self, files: &[(&str, &[u8])], message: &str) -> Result<Oid, StoreError> {
        let mut index = self.repo.index()?;
        // Only our two files are ever staged: a stray file a user dropped in the folder (or a
        // leftover temp file) never sneaks into the record.
        for (name, _) in files {
            index.add_path(Path::new(name))?;
        }
        index.write()?;
        let tree = self.repo.find_tree(index.write_tree()?)?;
        let sig = self.signature()?;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let message = signed_message(message, self.identity.as_ref());
        Ok(self
            .repo
            .commit(Some("HEAD"), &sig, &sig, &message, &tree, &parents)?)
    }

    /// Puts `tags` on the current HEAD, keeping any previous target of a moved tag under the
    /// first free `<tag>_N`. On failure `restore` puts every tag back from the snapshot.
    fn tag_all(&self, tags: &[&str], seal: Option<&Seal>) -> Result<(), StoreError> {
        let head = self.repo.head()?.peel_to_commit()?;
        for tag in tags {
            tag_keeping_old(&self.repo, tag, &head, seal)?;
        }
        Ok(())
    }

    /// Best-effort undo of a failed save: the files, HEAD's branch, the index and any tag now
    /// pointing at a commit that is no longer on the branch.
    fn restore(&self, snapshot: &Snapshot) {
        for (path, old) in &snapshot.files {
            match old {
                Some(bytes) => {
                    let _ = write_atomic(path, bytes);
                }
                None => {
                    let _ = fs::remove_file(path);
                }
            }
        }
        let Some(old_head) = snapshot.head else {
            return;
        };
        let now = self.repo.head().ok().and_then(|h| h.target());
        if now != Some(old_head)
            && let Ok(mut head) = self.repo.head()
        {
            let _ = head.set_target(old_head, "xieshang: undo failed save");
        }
        // Tags: delete those the failed save created, move back those it moved.
        if let Ok(refs) = self.repo.references_glob("refs/tags/*") {
            let now: Vec<(String, Option<Oid>)> = refs
                .flatten()
                .filter_map(|r| r.name().ok().map(|n| (n.to_string(), r.target())))
                .collect();
            for (name, target) in now {
                match snapshot.tags.iter().find(|(n, _)| *n == name) {
                    None => {
                        if let Ok(mut r) = self.repo.find_reference(&name) {
                            let _ = r.delete();
                        }
                    }
                    Some((_, old)) if target != Some(*old) => {
                        let _ =
                            self.repo
                                .reference(&name, *old, true, "xieshang: undo failed save");
                    }
                    Some(_) => {}
                }
            }
        }
        if let Ok(commit) = self.repo.find_commit(old_head)
            && let Ok(tree) = commit.tree()
            && let Ok(mut index) = self.repo.index()
            && index.read_tree(&tree).is_ok()
        {
            let _ = index.write();
        }
    }
}

/// Puts `tag` on `commit`. A tag already there is left alone; one on another commit is moved, its
/// previous target kept under the first free `<tag>_N`, so nothing disappears from the history.
/// The `signed` tag of a sealed agreement is an annotated tag carrying the seal (a witness that a
/// rewrite of `dossier.json` alone cannot change).
fn tag_keeping_old(
    repo: &Repository,
    tag: &str,
    commit: &git2::Commit<'_>,
    seal: Option<&Seal>,
) -> Result<(), StoreError> {
    let refname = format!("refs/tags/{tag}");
    if let Ok(existing) = repo.find_reference(&refname) {
        let old = existing.peel_to_commit()?;
        if old.id() == commit.id() {
            return Ok(());
        }
        let mut n = 1;
        let keep = loop {
            let name = format!("{tag}_{n}");
            if repo.find_reference(&format!("refs/tags/{name}")).is_err() {
                break name;
            }
            n += 1;
        };
        // The kept one stays what it was: annotated if it was, so its seal is kept too.
        match existing
            .peel(git2::ObjectType::Tag)
            .ok()
            .and_then(|o| o.into_tag().ok())
        {
            Some(t) => {
                let sig = signature(repo)?;
                repo.tag(
                    &keep,
                    old.as_object(),
                    &sig,
                    t.message().ok().flatten().unwrap_or_default(),
                    false,
                )?;
            }
            None => {
                repo.tag_lightweight(&keep, old.as_object(), false)?;
            }
        }
    }
    // An attachment's tag carries the seal in force when it was attached: the scan is bound to
    // the sealed state it belongs to.
    match seal
        .filter(|_| tag == "signed" || tag.starts_with("amend-") || tag.starts_with("attach-"))
    {
        Some(s) => {
            let sig = signature(repo)?;
            let what = commit
                .summary()
                .ok()
                .flatten()
                .unwrap_or("signed")
                .to_string();
            repo.tag(tag, commit.as_object(), &sig, &s.tag_message(&what), true)?;
        }
        None => {
            repo.tag_lightweight(tag, commit.as_object(), true)?;
        }
    }
    Ok(())
}

/// Marks "a save is in progress" (inside `.git`, so never part of the working tree). Written
/// before the first file is replaced and removed once the commit and tags are made; finding it
/// on open means a writer died mid-save. It holds the save's [`Intent`], so the next writer can
/// finish what was promised or undo what was not.
pub(super) const SAVING_MARKER: &str = "xieshang-saving";

/// What an interrupted save meant to do: `HEAD` before it, whether a commit was to be made, and
/// the tags to put on the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Intent {
    pub(super) head: Option<Oid>,
    pub(super) commit: bool,
    pub(super) tags: Vec<String>,
}

impl Intent {
    pub(super) fn to_text(&self) -> String {
        format!(
            "head {}\ncommit {}\ntags {}\n",
            self.head
                .map_or_else(|| "none".to_string(), |h| h.to_string()),
            if self.commit { "yes" } else { "no" },
            self.tags.join(" ")
        )
    }

    /// `None` for a marker written by an older xieshang (empty) or damaged: then the files are
    /// simply put back to `HEAD`, as before.
    fn parse(text: &str) -> Option<Intent> {
        let mut head = None;
        let mut commit = None;
        let mut tags = None;
        for line in text.lines() {
            match line.split_once(' ').unwrap_or((line, "")) {
                ("head", "none") => head = Some(None),
                ("head", h) => head = Some(Some(Oid::from_str(h).ok()?)),
                ("commit", c) => commit = Some(c == "yes"),
                ("tags", t) => tags = Some(t.split_whitespace().map(str::to_string).collect()),
                _ => {}
            }
        }
        Some(Intent {
            head: head?,
            commit: commit?,
            tags: tags?,
        })
    }
}

/// What the next writer did about an interrupted save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// The commit had landed: its missing tags were added.
    Completed { tags: Vec<String> },
    /// The commit had not landed: the files were put back to `HEAD`.
    RolledBack,
}

/// Finishes or undoes a save that was interrupted (its marker is still there). When the
/// commit it promised is in the history, the tags it promised are put on it — so a closed round
/// always has its `round-N` — and nothing else changes. Otherwise the working files and the index
/// are put back to `HEAD`: a save whose `save()` never returned was never promised to anyone, and
/// the two files are only consistent with each other as committed.
/// Without the marker, files that differ from `HEAD` are a person's hand edits: left alone, and
/// committed by the next save.
fn recover_interrupted_save(
    repo: &Repository,
    dir: &Path,
) -> Result<Option<Recovered>, StoreError> {
    let marker = repo.path().join(SAVING_MARKER);
    let Ok(text) = fs::read_to_string(&marker) else {
        return Ok(None);
    };
    let head = repo.head().ok().and_then(|h| h.target());
    let landed = Intent::parse(&text).filter(|i| {
        // Landed: a promised commit moved HEAD, or no commit was due (tags on HEAD only).
        if i.commit {
            head.is_some() && head != i.head
        } else {
            head == i.head
        }
    });
    let outcome = if let Some(intent) = landed {
        let mut added = Vec::new();
        if let Some(h) = head {
            let commit = repo.find_commit(h)?;
            for t in &intent.tags {
                let on_head = repo
                    .find_reference(&format!("refs/tags/{t}"))
                    .ok()
                    .and_then(|r| r.peel_to_commit().ok())
                    .is_some_and(|c| c.id() == h);
                if !on_head {
                    let seal = committed_seal(repo);
                    tag_keeping_old(repo, t, &commit, seal.as_ref())?;
                    added.push(t.clone());
                }
            }
        }
        // A commit that landed before its files were written (a merge from a remote writes the
        // branch first): the files are put in line with it, as they are after any save.
        roll_back_files(repo, dir)?;
        Recovered::Completed { tags: added }
    } else {
        roll_back_files(repo, dir)?;
        Recovered::RolledBack
    };
    fs::remove_file(&marker).map_err(|e| StoreError::io(&marker, e))?;
    Ok(Some(outcome))
}

/// The seal of the dossier as committed at `HEAD`, if it has one.
fn committed_seal(repo: &Repository) -> Option<Seal> {
    let tree = repo.head().ok()?.peel_to_tree().ok()?;
    let blob = repo.find_blob(tree.get_name(DOSSIER_FILE)?.id()).ok()?;
    let d: Dossier = serde_json::from_slice(blob.content()).ok()?;
    d.current_seal().cloned()
}

/// `name` as committed at `HEAD` in the dossier at `dir`.
pub(super) fn committed_file(dir: &Path, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let repo = Repository::open(dir)?;
    let tree = repo.head()?.peel_to_commit()?.tree()?;
    let Some(entry) = tree.get_name(name) else {
        return Ok(None);
    };
    Ok(Some(repo.find_blob(entry.id())?.content().to_vec()))
}

/// Puts the working files and the index back to `HEAD`.
pub(super) fn roll_back_files(repo: &Repository, dir: &Path) -> Result<(), StoreError> {
    let head = repo.head()?.peel_to_commit()?;
    let tree = head.tree()?;
    for name in FILES {
        let path = dir.join(name);
        match tree.get_name(name) {
            Some(entry) => {
                let blob = repo.find_blob(entry.id())?;
                let same = fs::read(&path).is_ok_and(|b| b == blob.content());
                if !same {
                    write_atomic(&path, blob.content())?;
                }
            }
            None => match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::io(&path, e)),
            },
        }
    }
    // Attachments are written once and never change, so only a missing or altered one is put
    // back (a clone checks them out here too).
    if let Some(entry) = tree.get_name("attachments")
        && let Ok(folder) = repo.find_tree(entry.id())
    {
        for f in &folder {
            let name = format!("attachments/{}", f.name().unwrap_or(""));
            if f.kind() != Some(git2::ObjectType::Blob) || !super::attachments::safe_name(&name) {
                continue;
            }
            let blob = repo.find_blob(f.id())?;
            let path = dir.join(&name);
            if !fs::read(&path).is_ok_and(|b| b == blob.content()) {
                fs::create_dir_all(dir.join("attachments"))
                    .map_err(|e| StoreError::io(&dir.join("attachments"), e))?;
                write_atomic(&path, blob.content())?;
            }
        }
    }
    let mut index = repo.index()?;
    index.read_tree(&tree)?;
    index.write()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: clones, bundle imports and published data were staged as `clone-<pid>-…`,
    /// `import-<pid>-…`, `data-<pid>-…`; `clear_staging` reads the owner's pid from the first
    /// part, found no process `clone` and removed another program's work in progress.
    #[test]
    fn every_staging_name_starts_with_its_owners_pid() {
        for what in [
            "2026-001",
            "clone",
            "import",
            "data",
            "new",
            "2019-001-undone",
        ] {
            let name = staging_name(what);
            assert_eq!(
                name.split('-').next(),
                Some(std::process::id().to_string().as_str()),
                "{name}"
            );
        }
    }
}

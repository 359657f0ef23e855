//! Moving dossiers between unions over git: remotes, push, fetch, clone, and merging what came.
//!
//! Transfers run the system `git` (`git push`, `git fetch`, `git clone`): libgit2's ssh support
//! needs OpenSSL (which this build avoids), while the system git speaks every transport a union
//! will meet — a bare repository on a shared drive, `git daemon`, ssh to Gitea/GitLab or a plain
//! sshd — with the user's own ssh keys and configuration. A missing `git` (or `ssh`) is an error
//! that says what to install. Every call shuts out what could run foreign code: hooks, the `ext::`
//! transport, terminal prompts.
//!
//! Merging is ours (libgit2, under the dossier's write lock): what was fetched sits under
//! `refs/remotes/<remote>/…` and is merged into `main` only when it changes nothing but the files
//! its sender owns — a fast-forward, or a merge of disjoint files. A real conflict, or a change to
//! a file the sender does not own, is refused; the fetched state stays under its remote-tracking
//! ref (nothing is lost, `verify` shows it).

use super::atomic::write_atomic;
use super::error::StoreError;
use super::workspace::{
    DossierWriter, FILES, Intent, SAVING_MARKER, Workspace, roll_back_files, signed_message,
};
use git2::{Oid, Repository};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A remote of a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub name: String,
    pub url: String,
}

/// What merging a fetched branch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrated {
    /// Nothing new.
    UpToDate,
    /// `main` moved forward to the fetched commit.
    FastForward { to: String },
    /// A merge commit joins both sides.
    Merged { commit: String },
}

/// The protocols a remote may use; `ext::` (runs a command) and anything unknown are refused.
const PROTOCOLS: &[&str] = &["file", "git", "ssh", "http", "https"];

/// The variables by which git is told which repository, index or object store to use instead of
/// the one it finds from its working folder.
const REPOSITORY_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
];

/// `git` with the safety settings every transfer gets, working in `dir`.
fn git(dir: Option<&Path>) -> Command {
    let mut c = Command::new("git");
    if let Some(d) = dir {
        c.arg("-C").arg(d);
    }
    c.args(["-c", "protocol.allow=never"]);
    for p in PROTOCOLS {
        c.args(["-c", &format!("protocol.{p}.allow=always")]);
    }
    c.args([
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "credential.interactive=never",
    ]);
    c.env("GIT_TERMINAL_PROMPT", "0");
    // The repository is the one `-C` names (or the one a clone creates): an inherited variable
    // that selects another (`GIT_DIR` is set for a git hook and whatever it runs) must not
    // redirect a push or a fetch to it.
    for v in REPOSITORY_VARIABLES {
        c.env_remove(v);
    }
    // ssh must not stop to ask about a host key or a passphrase with nobody to answer; the
    // user's GIT_SSH_COMMAND (keys, ports) is respected.
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        c.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    c
}

/// Runs `cmd`; git's own message on failure.
fn run(mut cmd: Command, action: &str, remote: &str) -> Result<String, StoreError> {
    let out = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            StoreError::MissingProgram {
                program: "git".into(),
                package: "git".into(),
            }
        } else {
            StoreError::Transfer {
                action: action.into(),
                remote: remote.into(),
                detail: e.to_string(),
            }
        }
    })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    if stderr.contains("ssh: not found") || stderr.contains("cannot run ssh") {
        return Err(StoreError::MissingProgram {
            program: "ssh".into(),
            package: "openssh-client".into(),
        });
    }
    // git's last lines say what went wrong; the progress before them does not.
    let detail: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let start = detail.len().saturating_sub(3);
    Err(StoreError::Transfer {
        action: action.into(),
        remote: remote.into(),
        detail: detail[start..].join(" / "),
    })
}

/// A remote name: what git accepts in a ref name, in our id alphabet.
pub(crate) fn validate_remote_name(name: &str) -> Result<(), StoreError> {
    super::workspace::validate_id(name).map_err(|_| StoreError::BadRemoteName {
        name: name.to_string(),
    })
}

/// A remote URL we hand to git: no control characters, nothing git could take for an option,
/// and one of the allowed transports (a path, `file://`, `git://`, `ssh://`, `user@host:path`,
/// `http(s)://`).
pub(crate) fn validate_url(url: &str) -> Result<(), StoreError> {
    let bad = |why: &str| StoreError::Transfer {
        action: "remote".into(),
        remote: url.to_string(),
        detail: why.to_string(),
    };
    if url.is_empty() || url.starts_with('-') || url.chars().any(char::is_control) {
        return Err(bad("not a repository address"));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        if !PROTOCOLS.contains(&scheme) {
            return Err(bad(
                "only file://, git://, ssh://, http:// and https:// are used",
            ));
        }
    } else if url.contains("::") {
        return Err(bad("remote helpers (like ext::) are not used"));
    }
    Ok(())
}

/// A file's bytes before and after a change (`None`: the file did not exist).
pub type FileChange = (Option<Vec<u8>>, Option<Vec<u8>>);

impl Workspace {
    /// The remotes of dossier `key`.
    pub fn remotes(&self, key: &str) -> Result<Vec<Remote>, StoreError> {
        let repo = Repository::open(self.dir(key)?)?;
        let names = repo.remotes()?;
        let mut out = Vec::new();
        for name in names.iter().flatten().flatten() {
            if let Ok(r) = repo.find_remote(name) {
                out.push(Remote {
                    name: name.to_string(),
                    url: r.url().unwrap_or_default().to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The refs of dossier `key` whose names start with `prefix`, sorted.
    pub fn refs_under(&self, key: &str, prefix: &str) -> Result<Vec<String>, StoreError> {
        let repo = Repository::open(self.dir(key)?)?;
        let mut out: Vec<String> = repo
            .references_glob(&format!("{prefix}*"))?
            .flatten()
            .filter_map(|r| r.name().ok().map(str::to_string))
            .collect();
        out.sort();
        Ok(out)
    }

    /// `file` at the merge base of dossier `key`'s `main` and `theirs_ref`, and at `theirs_ref`,
    /// when the two differ (what merging `theirs_ref` would change in `file`); `None` when it
    /// would change nothing there or `theirs_ref` does not exist.
    pub fn change_since_base(
        &self,
        key: &str,
        theirs_ref: &str,
        file: &str,
    ) -> Result<Option<FileChange>, StoreError> {
        let repo = Repository::open(self.dir(key)?)?;
        let Ok(theirs) = repo.refname_to_id(theirs_ref) else {
            return Ok(None);
        };
        let head = repo.head().ok().and_then(|h| h.target());
        let base = head.and_then(|h| repo.merge_base(h, theirs).ok());
        let blob = |commit: Option<Oid>| -> Result<Option<Vec<u8>>, StoreError> {
            let Some(c) = commit else {
                return Ok(None);
            };
            let tree = repo.find_commit(c)?.tree()?;
            Ok(match tree.get_name(file) {
                Some(e) => Some(repo.find_blob(e.id())?.content().to_vec()),
                None => None,
            })
        };
        let before = blob(base)?;
        let after = blob(Some(theirs))?;
        Ok((before != after).then_some((before, after)))
    }

    /// Adds (or re-points) remote `name` of dossier `key`.
    pub fn add_remote(&self, key: &str, name: &str, url: &str) -> Result<(), StoreError> {
        validate_remote_name(name)?;
        validate_url(url)?;
        let repo = Repository::open(self.dir(key)?)?;
        if repo.find_remote(name).is_ok() {
            repo.remote_set_url(name, url)?;
        } else {
            repo.remote(name, url)?;
        }
        Ok(())
    }

    fn remote_url(&self, key: &str, name: &str) -> Result<String, StoreError> {
        validate_remote_name(name)?;
        let repo = Repository::open(self.dir(key)?)?;
        let r = repo.find_remote(name).map_err(|_| StoreError::NoRemote {
            id: key.to_string(),
            name: name.to_string(),
        })?;
        Ok(r.url().unwrap_or_default().to_string())
    }

    /// Pushes `refspecs` of dossier `key` to remote `name` (`git push`). A refused push (the
    /// other side moved on) is an error carrying git's words; nothing here changes.
    pub fn push(&self, key: &str, name: &str, refspecs: &[String]) -> Result<(), StoreError> {
        let url = self.remote_url(key, name)?;
        let mut cmd = git(Some(&self.dir(key)?));
        cmd.args(["push", "--porcelain", "--quiet", "--", name]);
        cmd.args(refspecs);
        run(cmd, "push", &url).map(|_| ())
    }

    /// Fetches `refspecs` from remote `name` into dossier `key` (`git fetch`). Only refs named
    /// by the refspecs change: remote-tracking refs, and tags when asked for.
    pub fn fetch(&self, key: &str, name: &str, refspecs: &[String]) -> Result<(), StoreError> {
        let url = self.remote_url(key, name)?;
        let mut cmd = git(Some(&self.dir(key)?));
        cmd.args([
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--",
            name,
        ]);
        cmd.args(refspecs);
        run(cmd, "fetch", &url).map(|_| ())
    }

    /// Clones `url` into a fresh folder under the workspace's staging area (`git clone`), for
    /// the caller to check and move into place. The folder is the caller's to remove on failure.
    pub fn clone_to_staging(&self, url: &str) -> Result<PathBuf, StoreError> {
        clone_staged(self, url, "clone", false)
    }

    /// Moves a checked dossier from the staging area to `key`'s folder (`CODE/ID`), creating the
    /// union folder; refuses a key that exists.
    pub fn adopt_staged(&self, staged: &Path, key: &str) -> Result<(), StoreError> {
        let dir = self.dir(key)?;
        if dir.exists() {
            return Err(StoreError::Exists {
                id: key.to_string(),
            });
        }
        if let Some(parent) = dir.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
        }
        fs::rename(staged, &dir).map_err(|e| StoreError::io(&dir, e))?;
        super::atomic::sync_dir(self.root())
    }
}

/// Clones branch `main` of `url` into a fresh staging folder named `what` (checked out or
/// not); the caller checks it and moves it into place, or removes it.
pub(crate) fn clone_staged(
    ws: &Workspace,
    url: &str,
    what: &str,
    checkout: bool,
) -> Result<PathBuf, StoreError> {
    validate_url(url)?;
    let dir = ws.staging_path(what)?;
    let mut cmd = git(None);
    cmd.args(["clone", "--quiet", "--branch", "main"]);
    if !checkout {
        cmd.arg("--no-checkout");
    }
    cmd.args(["--", url]).arg(&dir);
    if let Err(e) = run(cmd, "clone", url) {
        let _ = fs::remove_dir_all(&dir);
        return Err(e);
    }
    Ok(dir)
}

/// Fetches `main` of `origin` into `refs/remotes/origin/main` of the repository at `dir`.
pub(crate) fn fetch_plain(dir: &Path, url: &str) -> Result<(), StoreError> {
    let mut cmd = git(Some(dir));
    cmd.args([
        "fetch",
        "--quiet",
        "--no-tags",
        "--",
        "origin",
        "+refs/heads/main:refs/remotes/origin/main",
    ]);
    run(cmd, "fetch", url).map(|_| ())
}

/// Puts the files of `HEAD` into the working folder at `dir` (a fresh clone has none).
pub fn checkout_head(dir: &Path) -> Result<(), StoreError> {
    let repo = Repository::open(dir)?;
    roll_back_files(&repo, dir)
}

/// The committed `dossier.json` of the repository at `dir`, parsed (a staged clone).
pub fn staged_dossier(dir: &Path) -> Result<crate::domain::Dossier, StoreError> {
    let repo = Repository::open(dir)?;
    let head = repo.head()?.peel_to_commit()?;
    if let Err(odd) = only_dossier_files(&repo, head.id()) {
        return Err(StoreError::Foreign {
            id: dir.display().to_string(),
            branch: "HEAD".into(),
            files: odd.join(", "),
        });
    }
    let tree = head.tree()?;
    let entry = tree
        .get_name(super::DOSSIER_FILE)
        .ok_or_else(|| StoreError::NotFound {
            id: dir.display().to_string(),
        })?;
    let blob = repo.find_blob(entry.id())?;
    super::workspace::parse_dossier("", Path::new(super::DOSSIER_FILE), blob.content())
}

/// Files changed between `base` and `theirs` (commits), as paths.
fn changed_files(
    repo: &Repository,
    base: Option<Oid>,
    theirs: Oid,
) -> Result<Vec<String>, StoreError> {
    let new_tree = repo.find_commit(theirs)?.tree()?;
    let old_tree = match base {
        Some(b) => Some(repo.find_commit(b)?.tree()?),
        None => None,
    };
    let diff = repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), None)?;
    let mut out = Vec::new();
    for d in diff.deltas() {
        for f in [d.old_file(), d.new_file()] {
            if let Some(p) = f.path().and_then(Path::to_str)
                && !out.iter().any(|x: &String| x == p)
            {
                out.push(p.to_string());
            }
        }
    }
    Ok(out)
}

/// Checks a commit's tree holds only dossier files (no folders, no links, nothing else).
pub(crate) fn only_dossier_files(repo: &Repository, commit: Oid) -> Result<(), Vec<String>> {
    let Ok(tree) = repo.find_commit(commit).and_then(|c| c.tree()) else {
        return Err(vec![commit.to_string()]);
    };
    let odd: Vec<String> = tree
        .iter()
        .filter(|e| {
            let name = e.name().unwrap_or("");
            let dossier_file = FILES.contains(&name) && e.kind() == Some(git2::ObjectType::Blob);
            // Scans live one folder down; only our own names, only plain files.
            let attachments = name == "attachments"
                && e.kind() == Some(git2::ObjectType::Tree)
                && repo.find_tree(e.id()).is_ok_and(|t| {
                    t.iter().all(|f| {
                        f.kind() == Some(git2::ObjectType::Blob)
                            && f.filemode() != 0o120_000
                            && super::attachments::safe_name(&format!(
                                "attachments/{}",
                                f.name().unwrap_or("")
                            ))
                    })
                });
            !(dossier_file || attachments) || e.filemode() == 0o120_000
        })
        .map(|e| String::from_utf8_lossy(e.name_bytes()).into_owned())
        .collect();
    if odd.is_empty() { Ok(()) } else { Err(odd) }
}

impl DossierWriter {
    /// Merges the fetched ref `theirs_ref` into `main`, when it changes only `allowed` files
    /// since the common ancestor: a fast-forward when `main` has nothing of its own, else a merge
    /// commit (authored by this workspace) of the disjoint changes. A conflict or a change to a
    /// file the sender does not own is refused and nothing changes; the ref stays.
    ///
    /// Crash-safe as a save is: the intent marker is written first, then the branch, then the
    /// files; an interrupted merge is completed (files put in line with the branch) or rolled
    /// back by the next open.
    pub fn integrate(
        &mut self,
        ws: &Workspace,
        theirs_ref: &str,
        allowed: &[&str],
        message: &str,
    ) -> Result<Integrated, StoreError> {
        let repo = self.repo();
        let Some(theirs) = repo.refname_to_id(theirs_ref).ok() else {
            return Ok(Integrated::UpToDate);
        };
        let head = repo.head().ok().and_then(|h| h.target());
        if head == Some(theirs)
            || head.is_some_and(|h| repo.graph_descendant_of(h, theirs).unwrap_or(false))
        {
            return Ok(Integrated::UpToDate);
        }
        let branch = theirs_ref
            .strip_prefix("refs/remotes/")
            .unwrap_or(theirs_ref)
            .to_string();
        if let Err(odd) = only_dossier_files(repo, theirs) {
            return Err(StoreError::Foreign {
                id: self.id().to_string(),
                branch,
                files: odd.join(", "),
            });
        }
        let base = match head {
            Some(h) => repo.merge_base(h, theirs).ok(),
            None => None,
        };
        let foreign: Vec<String> = changed_files(repo, base, theirs)?
            .into_iter()
            .filter(|f| {
                // The scans under `attachments/` belong to whoever owns their list.
                let owner_file = if f.starts_with("attachments/") {
                    super::attachments::ATTACHMENTS_FILE
                } else {
                    f.as_str()
                };
                !allowed.contains(&owner_file)
            })
            .collect();
        if !foreign.is_empty() {
            return Err(StoreError::Foreign {
                id: self.id().to_string(),
                branch,
                files: foreign.join(", "),
            });
        }
        // Hand edits are committed first, as a save does: the merge must not fold them in.
        if !super::workspace::hand_edited(repo).is_empty() {
            return Err(StoreError::Conflict {
                id: self.id().to_string(),
                branch,
                files: super::workspace::hand_edited(repo).join(", "),
            });
        }
        let fast_forward = base == head;
        let new_head = if fast_forward {
            theirs
        } else {
            let ours_c = repo.find_commit(head.unwrap_or(theirs))?;
            let theirs_c = repo.find_commit(theirs)?;
            let mut index = repo.merge_commits(&ours_c, &theirs_c, None)?;
            if index.has_conflicts() {
                let mut files = Vec::new();
                for c in index.conflicts()?.flatten() {
                    if let Some(e) = c.our.or(c.their).or(c.ancestor) {
                        files.push(String::from_utf8_lossy(&e.path).into_owned());
                    }
                }
                return Err(StoreError::Conflict {
                    id: self.id().to_string(),
                    branch,
                    files: files.join(", "),
                });
            }
            let tree_id = index.write_tree_to(repo)?;
            let tree = repo.find_tree(tree_id)?;
            let sig = self.signature()?;
            let message = signed_message(message, self.identity());
            repo.commit(None, &sig, &sig, &message, &tree, &[&ours_c, &theirs_c])?
        };
        let marker = repo.path().join(SAVING_MARKER);
        let intent = Intent {
            head,
            commit: true,
            tags: Vec::new(),
        };
        write_atomic(&marker, intent.to_text().as_bytes())?;
        let reflog = if fast_forward {
            format!("xieshang: fast-forward from {branch}")
        } else {
            format!("xieshang: merge {branch}")
        };
        let moved = repo
            .find_reference("HEAD")
            .and_then(|h| h.resolve())
            .and_then(|mut r| r.set_target(new_head, &reflog).map(|_| ()));
        if let Err(e) = moved {
            let _ = fs::remove_file(&marker);
            return Err(e.into());
        }
        roll_back_files(repo, self.dir())?;
        let _ = fs::remove_file(&marker);
        super::generation::bump(ws.root());
        self.reload(ws)?;
        Ok(if fast_forward {
            Integrated::FastForward {
                to: new_head.to_string(),
            }
        } else {
            Integrated::Merged {
                commit: new_head.to_string(),
            }
        })
    }
}

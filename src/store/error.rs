//! `StoreError`: everything that can go wrong between xieshang and the disk or git, each variant
//! naming the path, id or value involved so the message can tell the user what to do.
//!
//! This module owns the error type, its bilingual messages (`locales/store.yml`) and its exit
//! code. It must not do I/O itself and must not lose the underlying cause: I/O errors keep their
//! `source`, git errors their libgit2 text.

use crate::i18n::{Lang, trf};
use std::path::{Path, PathBuf};

/// A failure of the store. `Display` is a short English line for logs; [`StoreError::message`]
/// is what a user sees.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No dossier with this id in the workspace (no directory, or no `dossier.json` in it).
    #[error("dossier {id} not found")]
    NotFound { id: String },
    /// The id could escape the workspace or is otherwise not allowed.
    #[error("bad dossier id {id:?}")]
    BadId { id: String },
    /// Another xieshang holds the write lock.
    #[error("dossier {id} is in use by another xieshang")]
    InUse { id: String },
    /// `dossier.json` was written by a newer xieshang; it is refused and never overwritten.
    #[error("dossier {id} has schema_version {found}, newer than supported {supported}")]
    NewerSchema {
        id: String,
        found: u64,
        supported: u32,
    },
    /// A file that is not what it must be (not JSON, wrong shape).
    #[error("{}: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },
    /// The workspace (or a dossier in it) cannot be written.
    #[error("{} is not writable", path.display())]
    NotWritable { path: PathBuf },
    /// `create` of an id that already exists.
    #[error("dossier {id} already exists")]
    Exists { id: String },
    /// The dossier handed to `save` carries another id than the one opened.
    #[error("dossier {id}: the record says id {found:?}")]
    IdMismatch { id: String, found: String },
    /// A tag, commit or `HEAD` that does not resolve in this dossier.
    #[error("dossier {id}: no version {rev:?}")]
    UnknownRev { id: String, rev: String },
    /// No workspace at this path (only `init` and the TUI's first start create one).
    #[error("no workspace at {}", path.display())]
    NoWorkspace { path: PathBuf },
    /// The path names a file, not a folder.
    #[error("{} is a file, not a workspace folder", path.display())]
    NotAFolder { path: PathBuf },
    /// A workspace inside a dossier's working tree or inside a `.git` folder.
    #[error("{} is inside {}", path.display(), inside.display())]
    Nested { path: PathBuf, inside: PathBuf },
    /// A sealed (signed) dossier's files were changed outside xieshang: nothing is saved on top.
    #[error("dossier {id}: {files} changed outside xieshang after signing")]
    Tampered { id: String, files: String },
    /// A tag name git would not accept.
    #[error("bad tag name {tag:?}")]
    BadTag { tag: String },
    /// A bare id that names dossiers of several unions: `CODE/ID` says which.
    #[error("dossier {id} is ambiguous: {keys:?}")]
    Ambiguous { id: String, keys: Vec<String> },
    /// A program the exchange needs (`git` for transfers, `ssh` for ssh remotes) is missing.
    #[error("{program} not found")]
    MissingProgram { program: String, package: String },
    /// A transfer (`git push`/`git fetch`/`git clone`) failed; `detail` is git's own words.
    #[error("{action} {remote}: {detail}")]
    Transfer {
        action: String,
        remote: String,
        detail: String,
    },
    /// No such remote in this dossier.
    #[error("dossier {id}: no remote {name:?}")]
    NoRemote { id: String, name: String },
    /// What was fetched conflicts with what is here: kept under `refs/remotes/...`, not merged.
    #[error("dossier {id}: {branch} conflicts in {files}")]
    Conflict {
        id: String,
        branch: String,
        files: String,
    },
    /// What was fetched or imported changes files its sender does not own.
    #[error("dossier {id}: {branch} changes {files}, which its sender does not own")]
    Foreign {
        id: String,
        branch: String,
        files: String,
    },
    /// A bundle file that cannot be taken in.
    #[error("{}: {detail}", path.display())]
    Bundle { path: PathBuf, detail: String },
    /// A file given as a bundle that is not one at all (its first line is not a bundle's).
    #[error("{}: not a git bundle", path.display())]
    NotABundle { path: PathBuf },
    /// A dossier received under an id this workspace already holds for another enterprise.
    #[error("dossier {id} here is {have}, the one received is {got}")]
    OtherEnterprise {
        id: String,
        have: String,
        got: String,
    },
    /// A received dossier names no union and none was given.
    #[error("dossier {id} names no union")]
    NoUnion { id: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("git: {detail}")]
    Git { detail: String },
}

/// Why a transfer failed, in `lang`. git speaks English (and the tool's own refusals of an
/// address are English text too); in zh-CN the usual reasons are said in Chinese and git's own
/// words are left out, an unusual one is shown as git said it. English keeps git's words.
fn transfer_detail(lang: Lang, detail: &str) -> String {
    const REASONS: &[(&str, &[&str])] = &[
        (
            "no_repository",
            &[
                "does not exist",
                "does not appear to be a git repository",
                "not a git repository",
                "Could not read from remote repository",
                "repository not found",
                "Repository not found",
            ],
        ),
        (
            "denied",
            &["Permission denied", "Authentication failed", "403"],
        ),
        (
            "unreachable",
            &[
                "Could not resolve host",
                "Connection refused",
                "timed out",
                "unable to access",
                "Network is unreachable",
                "Connection reset",
            ],
        ),
        (
            "rejected",
            &["[rejected]", "non-fast-forward", "failed to push some refs"],
        ),
        ("bad_address", &["not a repository address"]),
        ("bad_scheme", &["only file://", "remote helpers"]),
    ];
    if lang == Lang::ZhCn
        && let Some((key, _)) = REASONS
            .iter()
            .find(|(_, says)| says.iter().any(|s| detail.contains(s)))
    {
        return crate::i18n::tr(lang, &format!("store.transfer_why.{key}"));
    }
    crate::text::sanitize_line(detail)
}

impl From<git2::Error> for StoreError {
    fn from(e: git2::Error) -> Self {
        StoreError::Git {
            detail: e.message().to_string(),
        }
    }
}

impl StoreError {
    /// Wraps an I/O error with the path it happened on. A permission problem becomes
    /// [`StoreError::NotWritable`] because that is what the user has to fix.
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::PermissionDenied
            || source.kind() == std::io::ErrorKind::ReadOnlyFilesystem
        {
            StoreError::NotWritable {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }

    /// The message in the user's language: what happened, to which id/path/value, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        // A path comes from the user or the disk: its invisible characters are shown, not sent.
        let p = |path: &Path| crate::text::visible(&path.display().to_string());
        match self {
            StoreError::NotFound { id } => trf(lang, "store.not_found", &[("id", id)]),
            StoreError::BadId { id } => trf(
                lang,
                "store.bad_id",
                &[("id", &crate::text::sanitize_line(id))],
            ),
            StoreError::InUse { id } => trf(lang, "store.in_use", &[("id", id)]),
            StoreError::NewerSchema {
                id,
                found,
                supported,
            } => trf(
                lang,
                "store.newer_schema",
                &[
                    ("id", id),
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            StoreError::Corrupt { path, detail } => trf(
                lang,
                "store.corrupt",
                &[
                    ("path", &p(path)),
                    ("detail", &crate::text::sanitize_line(detail)),
                ],
            ),
            StoreError::NotWritable { path } => {
                trf(lang, "store.not_writable", &[("path", &p(path))])
            }
            StoreError::Exists { id } => trf(lang, "store.exists", &[("id", id)]),
            StoreError::IdMismatch { id, found } => trf(
                lang,
                "store.id_mismatch",
                &[("id", id), ("found", &crate::text::sanitize_line(found))],
            ),
            StoreError::UnknownRev { id, rev } => trf(
                lang,
                "store.unknown_rev",
                &[("id", id), ("rev", &crate::text::sanitize_line(rev))],
            ),
            StoreError::NoWorkspace { path } => {
                trf(lang, "store.no_workspace", &[("path", &p(path))])
            }
            StoreError::NotAFolder { path } => {
                trf(lang, "store.not_a_folder", &[("path", &p(path))])
            }
            StoreError::Nested { path, inside } => trf(
                lang,
                "store.nested",
                &[("path", &p(path)), ("inside", &p(inside))],
            ),
            StoreError::Tampered { id, files } => {
                trf(lang, "store.tampered", &[("id", id), ("files", files)])
            }
            StoreError::BadTag { tag } => trf(
                lang,
                "store.bad_tag",
                &[("tag", &crate::text::sanitize_line(tag))],
            ),
            StoreError::Ambiguous { id, keys } => trf(
                lang,
                "store.ambiguous",
                &[("id", id), ("keys", &keys.join(", "))],
            ),
            StoreError::MissingProgram { program, package } => trf(
                lang,
                "store.missing_program",
                &[("program", program), ("package", package)],
            ),
            StoreError::Transfer {
                action,
                remote,
                detail,
            } => trf(
                lang,
                "store.transfer",
                &[
                    ("action", action),
                    ("remote", &crate::text::sanitize_line(remote)),
                    ("detail", &transfer_detail(lang, detail)),
                ],
            ),
            StoreError::NoRemote { id, name } => trf(
                lang,
                "store.no_remote",
                &[("id", id), ("name", &crate::text::sanitize_line(name))],
            ),
            StoreError::Conflict { id, branch, files } => trf(
                lang,
                "store.conflict",
                &[
                    ("id", id),
                    ("branch", &crate::text::sanitize_line(branch)),
                    ("files", &crate::text::sanitize_line(files)),
                ],
            ),
            StoreError::Foreign { id, branch, files } => trf(
                lang,
                "store.foreign",
                &[
                    ("id", id),
                    ("branch", &crate::text::sanitize_line(branch)),
                    ("files", &crate::text::sanitize_line(files)),
                ],
            ),
            StoreError::Bundle { path, detail } => trf(
                lang,
                "store.bundle",
                &[
                    ("path", &p(path)),
                    ("detail", &crate::text::sanitize_line(detail)),
                ],
            ),
            StoreError::NotABundle { path } => {
                trf(lang, "store.not_a_bundle", &[("path", &p(path))])
            }
            StoreError::OtherEnterprise { id, have, got } => trf(
                lang,
                "store.other_enterprise",
                &[
                    ("id", id),
                    ("have", &crate::text::sanitize_line(have)),
                    ("got", &crate::text::sanitize_line(got)),
                ],
            ),
            StoreError::NoUnion { id } => trf(lang, "store.no_union", &[("id", id)]),
            StoreError::Io { path, source } => trf(
                lang,
                "store.io",
                &[
                    ("path", &p(path)),
                    ("detail", &crate::i18n::io_detail(lang, source)),
                ],
            ),
            StoreError::Git { detail } => trf(
                lang,
                "store.git",
                &[("detail", &crate::text::sanitize_line(detail))],
            ),
        }
    }

    /// The process exit code for this error: 1 when the *data* is the problem (a corrupt or
    /// too-new file, a record that contradicts its place), 2 when the invocation or the
    /// environment is (bad id, missing dossier, unknown version, lock held, I/O, git).
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Corrupt { .. }
            | StoreError::Tampered { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::IdMismatch { .. }
            | StoreError::Conflict { .. }
            | StoreError::Foreign { .. }
            | StoreError::Bundle { .. }
            | StoreError::NotABundle { .. }
            | StoreError::OtherEnterprise { .. } => 1,
            StoreError::NotFound { .. }
            | StoreError::Ambiguous { .. }
            | StoreError::MissingProgram { .. }
            | StoreError::Transfer { .. }
            | StoreError::NoRemote { .. }
            | StoreError::NoUnion { .. }
            | StoreError::BadId { .. }
            | StoreError::InUse { .. }
            | StoreError::NotWritable { .. }
            | StoreError::Exists { .. }
            | StoreError::UnknownRev { .. }
            | StoreError::BadTag { .. }
            | StoreError::NoWorkspace { .. }
            | StoreError::NotAFolder { .. }
            | StoreError::Nested { .. }
            | StoreError::Io { .. }
            | StoreError::Git { .. } => 2,
        }
    }
}

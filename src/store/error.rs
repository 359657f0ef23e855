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
    /// A remote name git would not accept (or outside the id alphabet).
    #[error("bad remote name {name:?}")]
    BadRemoteName { name: String },
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
    /// A bundle with a commit that holds files besides a dossier's.
    #[error("{}: commit {commit} holds {files}, not only dossier files", path.display())]
    BundleForeign {
        path: PathBuf,
        commit: String,
        files: String,
    },
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
    /// A bundle of a dossier with the id of one of this workspace's own, which does not grow
    /// from it (another workspace's dossier of the same id, naming no union or this one).
    #[error("bundle holds dossier {id} with a history unrelated to dossier {key} here")]
    Unrelated { id: String, key: String },
    /// A bundle whose `main` brings commits into this workspace's own dossier: `main` is
    /// changed only here.
    #[error("bundle brings commits to the main of dossier {key}, which only this workspace writes")]
    OwnMain { key: String },
    /// A bundle naming this workspace's union for an id that here is only a received dossier.
    #[error("bundle holds dossier {id} of this union; here {id} is only {key}, received")]
    OwnIdReceived { id: String, key: String },
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
    crate::i18n::with_original(lang, "store.transfer_why.other", detail)
}

/// The words of serde_json's syntax errors: the file is not JSON at all.
const JSON_SYNTAX: &[&str] = &[
    "not valid JSON",
    "expected value",
    "EOF while parsing",
    "trailing characters",
    "trailing comma",
    "key must be a string",
    "expected `",
    "control character",
    "invalid escape",
    "invalid number",
];

/// The usual failures of libgit2, by the words it uses.
const GIT_REASONS: &[(&str, &[&str])] = &[
    ("locked", &[".lock", "is locked"]),
    (
        "no_commit",
        &["HEAD has no commit", "unborn", "reference 'refs/heads"],
    ),
    (
        "not_found",
        &["not found", "does not exist", "could not find"],
    ),
    (
        "corrupt",
        &["corrupt", "failed to parse", "invalid object", "header"],
    ),
    ("serialize", &["cannot serialize"]),
    ("permission", &["Permission denied", "permission denied"]),
];

/// What is wrong with a damaged file, in `lang`. The reasons are made in English by the
/// parsers (serde's "expected value at line 3 column 5", "not valid JSON: …", "schema 9 is
/// newer …"); in zh-CN the known ones are said in Chinese with the field and the place kept,
/// an unknown one in Chinese with the parser's words quoted at the end. English keeps them.
fn corrupt_detail(lang: Lang, detail: &str) -> String {
    if lang != Lang::ZhCn {
        return crate::text::sanitize_line(detail);
    }
    let tr =
        |key: &str, args: &[(&str, &str)]| trf(lang, &format!("store.corrupt_why.{key}"), args);
    // `at REV: …` (a file read from a version in the history).
    let (rev, rest) = match detail.strip_prefix("at ").and_then(|r| r.split_once(": ")) {
        Some((rev, rest)) => (Some(rev), rest),
        None => (None, detail),
    };
    let quoted = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let len = s[start..].find('`')?;
        Some(crate::text::sanitize_line(&s[start..start + len]))
    };
    let number_after = |s: &str, word: &str| -> Option<String> {
        let at = s.find(word)? + word.len();
        let n: String = s[at..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        (!n.is_empty()).then_some(n)
    };
    let field = quoted(rest);
    let mut said = if rest.contains("not UTF-8") {
        tr("not_utf8", &[])
    } else if let (true, Some(f)) = (rest.contains("missing field"), &field) {
        tr("missing_field", &[("field", f)])
    } else if let (true, Some(f)) = (rest.contains("unknown field"), &field) {
        tr("unknown_field", &[("field", f)])
    } else if let (true, Some(v)) = (rest.contains("unknown variant"), &field) {
        tr("unknown_variant", &[("value", v)])
    } else if rest.contains("invalid type")
        || rest.contains("invalid value")
        || rest.contains("invalid length")
    {
        tr("invalid_value", &[])
    } else if JSON_SYNTAX.iter().any(|s| rest.contains(s)) {
        tr("not_json", &[])
    } else if rest.contains("is newer than") {
        let n = number_after(rest, "schema").unwrap_or_default();
        tr("newer", &[("n", &n)])
    } else if rest.contains("schema") {
        tr("schema", &[])
    } else if rest.contains("not a JSON object") {
        tr("not_object", &[])
    } else {
        crate::i18n::with_original(lang, "store.corrupt_why.other", rest)
    };
    if let (Some(line), Some(column)) = (number_after(rest, " line"), number_after(rest, " column"))
    {
        said.push_str(&tr("at", &[("line", &line), ("column", &column)]));
    }
    match rev {
        Some(rev) => tr(
            "in_version",
            &[("rev", &crate::text::sanitize_line(rev)), ("said", &said)],
        ),
        None => said,
    }
}

/// What went wrong inside git, in `lang`. libgit2 speaks
/// English; in zh-CN the usual failures are said in Chinese, and any other says in Chinese
/// what failed with the library's own words quoted at the end. English keeps them.
fn git_detail(lang: Lang, detail: &str) -> String {
    if lang != Lang::ZhCn {
        return crate::text::sanitize_line(detail);
    }
    let key = GIT_REASONS
        .iter()
        .find(|(_, says)| says.iter().any(|s| detail.contains(s)))
        .map_or("other", |(key, _)| key);
    crate::i18n::with_original(lang, &format!("store.git_why.{key}"), detail)
}

/// Why a bundle cannot be taken in, in `lang`. The bundle reader's reasons are technical English
/// (a header line, a pack, an object id); in zh-CN they are said in Chinese by kind, and git's
/// and the reader's own words are left out. English keeps them.
fn bundle_detail(lang: Lang, detail: &str) -> String {
    const REASONS: &[(&str, &[&str])] = &[
        ("no_branch", &["no branch of a dossier"]),
        ("no_dossier", &["no dossier.json"]),
        ("not_a_file", &["not a file"]),
        ("too_large", &["more than the", "over the"]),
        ("prerequisite", &["prerequisite"]),
        ("truncated", &["cut short"]),
        ("nothing", &["nothing to bundle"]),
    ];
    if lang != Lang::ZhCn {
        return crate::text::sanitize_line(detail);
    }
    let key = REASONS
        .iter()
        .find(|(_, says)| says.iter().any(|s| detail.contains(s)))
        .map_or("damaged", |(key, _)| key);
    crate::i18n::tr(lang, &format!("store.bundle_why.{key}"))
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
                &[("id", &crate::domain::invalid::shown_value(lang, id))],
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
                    ("detail", &corrupt_detail(lang, detail)),
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
                &[("tag", &crate::domain::invalid::shown_value(lang, tag))],
            ),
            StoreError::BadRemoteName { name } => trf(
                lang,
                "store.bad_remote_name",
                &[("name", &crate::domain::invalid::shown_value(lang, name))],
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
                    // git's verb, in the user's language (获取, not fetch).
                    (
                        "action",
                        &crate::i18n::lookup(lang, &format!("store.action.{action}"))
                            .unwrap_or_else(|| crate::text::sanitize_line(action)),
                    ),
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
                &[("path", &p(path)), ("detail", &bundle_detail(lang, detail))],
            ),
            StoreError::BundleForeign {
                path,
                commit,
                files,
            } => trf(
                lang,
                "store.bundle",
                &[
                    ("path", &p(path)),
                    (
                        "detail",
                        &trf(
                            lang,
                            "store.bundle_why.foreign_files",
                            &[
                                ("commit", commit),
                                ("files", &crate::text::sanitize_line(files)),
                            ],
                        ),
                    ),
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
            StoreError::Unrelated { id, key } => trf(
                lang,
                "store.unrelated",
                &[("id", &crate::text::sanitize_line(id)), ("key", key)],
            ),
            StoreError::OwnMain { key } => trf(lang, "store.own_main", &[("key", key)]),
            StoreError::OwnIdReceived { id, key } => trf(
                lang,
                "store.own_id_received",
                &[("id", &crate::text::sanitize_line(id)), ("key", key)],
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
            // The archive index (SQLite) shares the variant; it is not git's and says so.
            StoreError::Git { detail } => match detail.strip_prefix("archive index: ") {
                Some(rest) => trf(
                    lang,
                    "store.archive_index",
                    &[("detail", &crate::text::sanitize_line(rest))],
                ),
                None => trf(lang, "store.git", &[("detail", &git_detail(lang, detail))]),
            },
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
            | StoreError::BundleForeign { .. }
            | StoreError::NotABundle { .. }
            | StoreError::OtherEnterprise { .. }
            | StoreError::Unrelated { .. }
            | StoreError::OwnMain { .. }
            | StoreError::OwnIdReceived { .. } => 1,
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
            | StoreError::BadRemoteName { .. }
            | StoreError::NoWorkspace { .. }
            | StoreError::NotAFolder { .. }
            | StoreError::Nested { .. }
            | StoreError::Io { .. }
            | StoreError::Git { .. } => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_and_bundle_reasons_are_said_in_chinese_and_kept_in_english() {
        let git = "fatal: repository '/srv/x.git' does not exist";
        assert_eq!(
            transfer_detail(Lang::ZhCn, git),
            "该地址没有仓库，或无法读取"
        );
        assert_eq!(transfer_detail(Lang::En, git), git);
        // An unusual reason is shown as git said it rather than lost.
        assert_eq!(
            transfer_detail(Lang::ZhCn, "fatal: something new"),
            "git 未能完成传输（原文：“fatal: something new”）"
        );
        assert_eq!(
            transfer_detail(Lang::En, "fatal: something new"),
            "fatal: something new"
        );
        let cut = "bundle cut short: incomplete pack";
        assert_eq!(bundle_detail(Lang::ZhCn, cut), "文件不完整（被截断）");
        assert_eq!(bundle_detail(Lang::En, cut), cut);
        assert_eq!(
            bundle_detail(Lang::ZhCn, "bad pack in bundle: inflate failed"),
            "文件已损坏"
        );
    }

    #[test]
    fn damaged_files_are_described_in_chinese_with_the_place_kept() {
        let zh = |d: &str| corrupt_detail(Lang::ZhCn, d);
        assert_eq!(
            zh("not valid JSON: expected value at line 3 column 5"),
            "不是有效的 JSON（第 3 行第 5 列）"
        );
        assert_eq!(
            zh("missing field `rounds` at line 1 column 40"),
            "缺少字段 `rounds`（第 1 行第 40 列）"
        );
        assert_eq!(
            zh("unknown variant `boss`, expected `worker` or `employer` at line 7 column 2"),
            "取值 `boss` 不在允许的取值之中（第 7 行第 2 列）"
        );
        assert_eq!(
            zh("invalid type: string \"x\", expected u64 at line 2 column 9"),
            "有一项的类型或取值不对（第 2 行第 9 列）"
        );
        assert_eq!(
            zh("schema 9 is newer than this xieshang reads (1)"),
            "其格式版本（schema 9）比本程序能读的更新，请升级 xieshang"
        );
        assert_eq!(
            zh("at round-2: not UTF-8 text: invalid utf-8 sequence"),
            "版本 round-2 中的文件不是 UTF-8 文本"
        );
        // Unknown words: said in Chinese, the parser's words quoted at the end.
        assert_eq!(
            zh("code = \"x y\""),
            "内容不符合要求（原文：“code = \"x y\"”）"
        );
        let en = "not valid JSON: expected value at line 3 column 5";
        assert_eq!(corrupt_detail(Lang::En, en), en);
    }

    #[test]
    fn git_and_index_failures_say_what_failed_and_quote_the_tool() {
        let e = StoreError::Git {
            detail: "archive index: database disk image is malformed".into(),
        };
        assert_eq!(
            e.message(Lang::ZhCn),
            "归档检索索引出错（原文：“database disk image is malformed”）"
        );
        assert_eq!(
            e.message(Lang::En),
            "archive index error: database disk image is malformed"
        );
        let e = StoreError::Git {
            detail: "something unheard of happened".into(),
        };
        assert_eq!(
            e.message(Lang::ZhCn),
            "git 仓库出错：git 操作失败（原文：“something unheard of happened”）"
        );
        assert_eq!(
            git_detail(
                Lang::ZhCn,
                "failed to lock file '/w/.git/index.lock' for writing"
            ),
            "仓库正被另一程序锁定（稍后再试）（原文：“failed to lock file '/w/.git/index.lock' for writing”）"
        );
        let e = StoreError::BadRemoteName {
            name: "bad:name".into(),
        };
        assert!(
            e.message(Lang::ZhCn)
                .starts_with("远程仓库名称 = “bad:name”：")
        );
        assert!(
            e.message(Lang::En)
                .starts_with("remote name = \"bad:name\":")
        );
    }
}

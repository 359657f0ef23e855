//! Git bundle files: a dossier's history as one file, written with libgit2's `PackBuilder` and
//! read back without trusting a byte of it.
//!
//! This module owns the bundle header format (v2 written; v2 and v3-with-SHA-1 read), the limits
//! an untrusted bundle must keep (file size, header size, ref count, object count and object
//! size), writing a bundle atomically, and bringing a bundle's objects into a repository only
//! after every object has been checked: indexed in a staging directory, sizes and hashes verified,
//! every reference from a new object resolved, every ref tip present. It also creates quarantine
//! repositories and moves their packs into the real one. It must never update a ref or decide
//! which refs to take (the caller checks the tips and trees and decides), and must never touch a
//! file outside the repositories and paths it is handed.

use git2::{ErrorClass, ErrorCode, Indexer, ObjectType, Odb, Oid, Repository, Sort};
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::atomic::TEMP_PREFIX;

/// A bundle file larger than this is refused before a byte of it is read.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;
/// The header (signature, prerequisites, refs, empty line) may not be longer than this.
pub const MAX_HEADER_BYTES: usize = 1 << 20;
/// At most this many refs, and at most this many prerequisites, in one bundle.
pub const MAX_REFS: usize = 10_000;
/// No object in an accepted bundle may declare more bytes than this. A dossier holds two small
/// text files; a quarter of a gigabyte is already absurd, and it bounds what one read allocates.
pub const MAX_OBJECT_BYTES: u64 = 256 << 20;

const SIGNATURE_V2: &[u8] = b"# v2 git bundle\n";
const SIGNATURE_V3: &[u8] = b"# v3 git bundle\n";
const SHA1_CAPABILITY: &[u8] = b"object-format=sha1";
const OID_HEX: usize = 40;
/// "PACK", version, object count.
const PACK_HEADER_BYTES: usize = 12;
/// The SHA-1 of everything before it.
const PACK_TRAILER_BYTES: u64 = 20;
/// The fewest bytes any object in a valid pack takes: a one-byte type-and-size header and a zlib
/// stream of at least 8 bytes (2 header, 2 for the shortest deflate block, 4 Adler-32); deltas
/// take more. A pack declaring more objects than its bytes could hold is refused before libgit2
/// sizes its tables by the declared count.
const MIN_PACK_OBJECT_BYTES: u64 = 9;
/// Annotated tags pointing at tags: git itself never nests deeply; this only stops a walk.
const MAX_TAG_DEPTH: usize = 32;
/// How much of the bundle is fed to the indexer at a time.
const CHUNK_BYTES: usize = 64 * 1024;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// One ref line of a bundle: `<oid> <name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleRef {
    pub name: String,
    pub oid: Oid,
}

/// A bundle's header as read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleHeader {
    /// 2 or 3 (3 only with SHA-1 objects).
    pub version: u8,
    /// Commits the receiver must already have, with the one-line comment git writes after each
    /// (the commit's subject). The comment is untrusted text: sanitise it before showing it.
    pub prerequisites: Vec<(Oid, String)>,
    pub refs: Vec<BundleRef>,
    /// Where the pack starts: the length of the header in bytes.
    pub pack_offset: usize,
}

/// A failure to write, parse, check or index a bundle. Each variant names the file or value and
/// the rule it broke.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The bundle file is over [`MAX_BUNDLE_BYTES`]; nothing of it was read.
    #[error("{}: {size} bytes, over the {limit}-byte limit for a bundle", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// The first line is not `# v2 git bundle` or `# v3 git bundle`.
    #[error("not a git bundle: first line {found:?}")]
    BadSignature { found: String },
    /// A v3 capability other than `@object-format=sha1` (SHA-256 objects, partial bundles).
    #[error("unsupported bundle capability {capability:?} (only @object-format=sha1 is)")]
    UnsupportedCapability { capability: String },
    /// A header line that is neither a prerequisite, a ref, a capability nor the empty line.
    #[error("bundle header line {line}: {rule}: {text:?}")]
    BadLine {
        line: usize,
        text: String,
        rule: &'static str,
    },
    #[error("bad ref name {name:?}: {rule}")]
    BadRefName { name: String, rule: &'static str },
    #[error("ref {name:?} is listed twice")]
    DuplicateRef { name: String },
    #[error("more than {limit} {what} in one bundle")]
    TooMany { what: &'static str, limit: usize },
    #[error("bundle header longer than {limit} bytes")]
    HeaderTooLong { limit: usize },
    /// The bytes end before the named part does.
    #[error("bundle cut short: incomplete {what}")]
    Truncated { what: &'static str },
    #[error("bundle lists no refs")]
    NoRefs,
    /// The pack header declares more objects than the bytes that follow could hold.
    #[error("pack declares {count} objects but only {bytes} bytes follow")]
    ImplausiblePack { count: u32, bytes: u64 },
    /// The pack is not a pack, or libgit2 found it corrupt, or an object in it is.
    #[error("bad pack in bundle: {detail}")]
    BadPack { detail: String },
    /// The receiving repository lacks commits the bundle builds on.
    #[error("repository lacks the bundle's prerequisite commits {}", oid_list(.oids))]
    MissingPrerequisites { oids: Vec<Oid> },
    /// A ref tip that is neither in the bundle's pack nor in the repository.
    #[error("ref {name} points at {oid}, which is neither in the bundle nor in the repository")]
    MissingTip { name: String, oid: Oid },
    /// An object in the pack declares more than [`MAX_OBJECT_BYTES`].
    #[error("object {oid} declares {size} bytes, over the {limit}-byte limit")]
    ObjectTooLarge { oid: Oid, size: u64, limit: u64 },
    /// An object in the pack refers to one that is neither in the pack nor in the repository.
    #[error(
        "object {oid} refers to {missing}, which is neither in the bundle nor in the repository"
    )]
    Incomplete { oid: Oid, missing: Oid },
    /// A `since` commit (or a ref target) that is not in the repository.
    #[error("{oid} is not a commit in this repository")]
    NotACommit { oid: Oid },
    #[error("no object {oid} in this repository")]
    UnknownObject { oid: Oid },
    /// Every ref given to `write_bundle` is already reachable from `since`.
    #[error("nothing to bundle: every ref is reachable from the excluded commits")]
    NothingToBundle,
    /// A path this module cannot use (not UTF-8, a newline in it, not a repository).
    #[error("{}: {rule}", path.display())]
    BadPath { path: PathBuf, rule: &'static str },
    #[error("git: {detail}")]
    Git { detail: String },
}

impl From<git2::Error> for BundleError {
    fn from(e: git2::Error) -> Self {
        BundleError::Git {
            detail: e.message().to_string(),
        }
    }
}

fn oid_list(oids: &[Oid]) -> String {
    oids.iter()
        .map(Oid::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A libgit2 error met while reading the bundle's pack: an OS failure (disk full, permission)
/// is the environment's problem; anything else means the bundle's bytes are bad.
fn pack_err(e: &git2::Error) -> BundleError {
    if e.class() == ErrorClass::Os {
        BundleError::Git {
            detail: e.message().to_string(),
        }
    } else {
        BundleError::BadPack {
            detail: e.message().to_string(),
        }
    }
}

/// A header line shown in an error: lossy, and short enough for one line of a log.
fn shown(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).chars().take(80).collect()
}

// ------------------------------------------------------------------------------------------
// Header
// ------------------------------------------------------------------------------------------

/// Parses and checks a bundle's header and the pack header after it. Pure: `bytes` is the whole
/// bundle (or at least its start — but then the object-count check measures only what is given).
pub fn parse_header(bytes: &[u8]) -> Result<BundleHeader, BundleError> {
    parse_prefix(bytes, bytes.len() as u64)
}

/// [`parse_header`] over the first bytes of a file of `total_len` bytes, so a large bundle is
/// checked without being read whole. `prefix` must hold [`MAX_HEADER_BYTES`] + 12 bytes, or the
/// whole file if shorter.
fn parse_prefix(prefix: &[u8], total_len: u64) -> Result<BundleHeader, BundleError> {
    let window = &prefix[..prefix.len().min(MAX_HEADER_BYTES)];
    let (version, mut pos) = if window.starts_with(SIGNATURE_V2) {
        (2u8, SIGNATURE_V2.len())
    } else if window.starts_with(SIGNATURE_V3) {
        (3u8, SIGNATURE_V3.len())
    } else if SIGNATURE_V2.starts_with(window) || SIGNATURE_V3.starts_with(window) {
        return Err(BundleError::Truncated {
            what: "signature line",
        });
    } else {
        let end = window
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(window.len());
        return Err(BundleError::BadSignature {
            found: shown(&window[..end]),
        });
    };

    let mut prerequisites: Vec<(Oid, String)> = Vec::new();
    let mut refs: Vec<BundleRef> = Vec::new();
    let mut names: HashSet<String> = HashSet::new();
    let mut line_no = 1;
    let pack_offset = loop {
        let Some(len) = window[pos..].iter().position(|&b| b == b'\n') else {
            // No end of line within the window: either the header really is too long, or the
            // bytes stop inside it.
            return Err(if window.len() >= MAX_HEADER_BYTES {
                BundleError::HeaderTooLong {
                    limit: MAX_HEADER_BYTES,
                }
            } else {
                BundleError::Truncated { what: "header" }
            });
        };
        let line = &window[pos..pos + len];
        pos += len + 1;
        line_no += 1;
        let bad = |rule| BundleError::BadLine {
            line: line_no,
            text: shown(line),
            rule,
        };
        match line.first() {
            None => break pos,
            Some(b'@') => {
                if version < 3 {
                    return Err(bad("capabilities need a v3 bundle"));
                }
                if &line[1..] != SHA1_CAPABILITY {
                    return Err(BundleError::UnsupportedCapability {
                        capability: shown(&line[1..]),
                    });
                }
            }
            Some(b'-') => {
                let oid = parse_oid(&line[1..]).ok_or_else(|| bad("no object id after '-'"))?;
                let comment = match &line[1 + OID_HEX..] {
                    [] => String::new(),
                    [b' ', rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
                    _ => return Err(bad("no space after the object id")),
                };
                if prerequisites.len() == MAX_REFS {
                    return Err(BundleError::TooMany {
                        what: "prerequisites",
                        limit: MAX_REFS,
                    });
                }
                prerequisites.push((oid, comment));
            }
            Some(_) => {
                let oid = parse_oid(line).ok_or_else(|| bad("no object id"))?;
                let name = match &line[OID_HEX..] {
                    [b' ', rest @ ..] if !rest.is_empty() => rest,
                    _ => return Err(bad("no ref name after the object id")),
                };
                let name = std::str::from_utf8(name).map_err(|_| BundleError::BadRefName {
                    name: shown(name),
                    rule: "not UTF-8",
                })?;
                check_ref_name(name)?;
                if !names.insert(name.to_string()) {
                    return Err(BundleError::DuplicateRef {
                        name: name.to_string(),
                    });
                }
                if refs.len() == MAX_REFS {
                    return Err(BundleError::TooMany {
                        what: "refs",
                        limit: MAX_REFS,
                    });
                }
                refs.push(BundleRef {
                    name: name.to_string(),
                    oid,
                });
            }
        }
    };
    if refs.is_empty() {
        return Err(BundleError::NoRefs);
    }
    check_pack_header(prefix, pack_offset, total_len)?;
    Ok(BundleHeader {
        version,
        prerequisites,
        refs,
        pack_offset,
    })
}

/// Exactly 40 hex digits at the start of `bytes` (git accepts either case).
fn parse_oid(bytes: &[u8]) -> Option<Oid> {
    let hex = bytes.get(..OID_HEX)?;
    let mut raw = [0u8; OID_HEX / 2];
    for (i, pair) in hex.chunks_exact(2).enumerate() {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        raw[i] = (hi * 16 + lo) as u8;
    }
    Oid::from_bytes(&raw).ok()
}

/// The rules for a ref name in a bundle, read or written: git's own (via libgit2), plus `HEAD`
/// or under `refs/` (nothing else is a ref a bundle may carry), no `..` and no control character
/// (checked here first, so the message says which rule).
fn check_ref_name(name: &str) -> Result<(), BundleError> {
    let bad = |rule| {
        Err(BundleError::BadRefName {
            name: name.to_string(),
            rule,
        })
    };
    if name.chars().any(char::is_control) {
        return bad("control character");
    }
    if name.contains("..") {
        return bad("contains \"..\"");
    }
    if name != "HEAD" && !name.starts_with("refs/") {
        return bad("neither HEAD nor under refs/");
    }
    if !git2::Reference::is_valid_name(name) {
        return bad("not a valid git ref name");
    }
    Ok(())
}

fn check_pack_header(prefix: &[u8], offset: usize, total_len: u64) -> Result<(), BundleError> {
    let Some(head) = prefix.get(offset..offset + PACK_HEADER_BYTES) else {
        return Err(BundleError::Truncated {
            what: "pack header",
        });
    };
    if &head[..4] != b"PACK" {
        return Err(BundleError::BadPack {
            detail: "does not start with PACK".to_string(),
        });
    }
    let version = u32::from_be_bytes([head[4], head[5], head[6], head[7]]);
    if version != 2 && version != 3 {
        return Err(BundleError::BadPack {
            detail: format!("pack version {version}, expected 2 or 3"),
        });
    }
    let count = u32::from_be_bytes([head[8], head[9], head[10], head[11]]);
    let bytes = total_len.saturating_sub(offset as u64);
    let Some(body) = bytes.checked_sub(PACK_HEADER_BYTES as u64 + PACK_TRAILER_BYTES) else {
        return Err(BundleError::Truncated { what: "pack" });
    };
    if u64::from(count) * MIN_PACK_OBJECT_BYTES > body {
        return Err(BundleError::ImplausiblePack { count, bytes });
    }
    Ok(())
}

/// The header bytes for `header` (its `pack_offset` is ignored: it is what this returns' length
/// is). Comments lose their control characters: a newline would end the line.
pub(crate) fn format_header(header: &BundleHeader) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        64 + 48 * (header.prerequisites.len() + header.refs.len())
            + header.refs.iter().map(|r| r.name.len()).sum::<usize>(),
    );
    if header.version == 3 {
        out.extend_from_slice(SIGNATURE_V3);
        out.push(b'@');
        out.extend_from_slice(SHA1_CAPABILITY);
        out.push(b'\n');
    } else {
        out.extend_from_slice(SIGNATURE_V2);
    }
    for (oid, comment) in &header.prerequisites {
        // Like git: "-<oid> <subject>", the space even when the subject is empty.
        let comment: String = comment
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        out.extend_from_slice(format!("-{oid} {comment}\n").as_bytes());
    }
    for r in &header.refs {
        out.extend_from_slice(format!("{} {}\n", r.oid, r.name).as_bytes());
    }
    out.push(b'\n');
    out
}

// ------------------------------------------------------------------------------------------
// Writing
// ------------------------------------------------------------------------------------------

/// Writes a standard v2 bundle of `refs` to `out`: every commit reachable from the refs but not
/// from `since` (commits the receiver has, with their ancestors), with the boundary commits as
/// prerequisites, as `git bundle create out since..refs` writes it, and every tree, blob and tag
/// those need that the prerequisites' trees do not hold. (Only the prerequisites are assumed on
/// the other side, not `since` itself: a `since` on a side branch costs a few more objects, never
/// a missing one.)
///
/// Refs may point at annotated tags (the tag objects go in the pack). Like git, a ref whose
/// commit is itself excluded by `since` is left out; unlike git, also when the ref is an
/// annotated tag (git keeps those, naming a commit the receiver is not known to have — only the
/// prerequisites are). The returned header says which refs were written.
///
/// The file appears whole or not at all: it is written to a temp file beside `out`, fsynced and
/// renamed. Returns the header written and the file's size.
pub fn write_bundle(
    repo: &Repository,
    refs: &[(String, Oid)],
    since: &[Oid],
    out: &Path,
) -> Result<(BundleHeader, u64), BundleError> {
    if refs.is_empty() {
        return Err(BundleError::NoRefs);
    }
    if refs.len() > MAX_REFS {
        return Err(BundleError::TooMany {
            what: "refs",
            limit: MAX_REFS,
        });
    }
    let mut names = HashSet::new();
    for (name, _) in refs {
        check_ref_name(name)?;
        if !names.insert(name.as_str()) {
            return Err(BundleError::DuplicateRef { name: name.clone() });
        }
    }

    let tips = refs
        .iter()
        .map(|(_, oid)| peel(repo, *oid))
        .collect::<Result<Vec<_>, _>>()?;
    let (included, boundary) = if since.is_empty() {
        (None, Vec::new())
    } else {
        let (inc, b) = boundary(repo, &tips, since)?;
        (Some(inc), b)
    };
    let excluded = |tip: &Tip| match (&included, tip.kind) {
        (Some(inc), ObjectType::Commit) => !inc.contains(&tip.end),
        _ => false,
    };

    let mut pb = repo.packbuilder()?;
    // One delta-search thread (libgit2's default, said out loud). Measured on the 500-commit
    // history of `benches/bundle.rs` on two cores: a thread per CPU (0) was no faster (about
    // 170-215 ms a bundle against 160-180 ms), and a dossier's history is that small.
    pb.set_threads(1);
    // Commits: one walk from the kept tips that stops at the boundary commits. Hiding the
    // boundary (not `since`) matters: insert_walk leaves out every object in a hidden commit's
    // tree, and the receiver is only known to have the prerequisites, not `since` itself.
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TIME)?;
    let mut any_commit = false;
    for tip in tips.iter().filter(|t| !excluded(t)) {
        match tip.kind {
            ObjectType::Commit => {
                walk.push(tip.end)?;
                any_commit = true;
            }
            ObjectType::Tree => pb.insert_tree(tip.end)?,
            _ => pb.insert_object(tip.end, None)?,
        }
        for tag in &tip.tags {
            pb.insert_object(*tag, None)?;
        }
    }
    if any_commit {
        for b in &boundary {
            walk.hide(*b)?;
        }
        pb.insert_walk(&mut walk)?;
    }
    if pb.object_count() == 0 {
        return Err(BundleError::NothingToBundle);
    }

    let mut prerequisites = Vec::with_capacity(boundary.len());
    for oid in &boundary {
        let commit = repo.find_commit(*oid)?;
        let subject = commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        prerequisites.push((*oid, subject));
    }
    let mut header = BundleHeader {
        version: 2,
        prerequisites,
        refs: refs
            .iter()
            .zip(&tips)
            .filter(|(_, tip)| !excluded(tip))
            .map(|((name, oid), _)| BundleRef {
                name: name.clone(),
                oid: *oid,
            })
            .collect(),
        pack_offset: 0,
    };
    let head_bytes = format_header(&header);
    header.pack_offset = head_bytes.len();

    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = temp_path(dir, out.file_name().map(Path::new));
    let result = write_file(&tmp, &head_bytes, &mut pb).and_then(|size| {
        fs::rename(&tmp, out).map_err(io_err(out))?;
        Ok(size)
    });
    let size = match result {
        Ok(size) => size,
        Err(e) => {
            // Best effort: the temp file is garbage now, and named so it is recognisably ours.
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    sync_dir(dir)?;
    Ok((header, size))
}

/// A ref's target followed through annotated tags.
struct Tip {
    /// The tag objects passed through, outermost first.
    tags: Vec<Oid>,
    /// The object at the end, and its kind.
    end: Oid,
    kind: ObjectType,
}

fn peel(repo: &Repository, oid: Oid) -> Result<Tip, BundleError> {
    let find = |oid| {
        repo.find_object(oid, None).map_err(|e| {
            if e.code() == ErrorCode::NotFound {
                BundleError::UnknownObject { oid }
            } else {
                e.into()
            }
        })
    };
    let mut tags = Vec::new();
    let mut obj = find(oid)?;
    for _ in 0..MAX_TAG_DEPTH {
        let Some(target) = obj.as_tag().map(git2::Tag::target_id) else {
            return Ok(Tip {
                tags,
                end: obj.id(),
                kind: obj.kind().unwrap_or(ObjectType::Any),
            });
        };
        tags.push(obj.id());
        obj = find(target)?;
    }
    Err(BundleError::Git {
        detail: format!("{oid}: tags nested more than {MAX_TAG_DEPTH} deep"),
    })
}

/// The commits reachable from the commit tips but not from `since`, and the boundary: commits
/// outside that set that are parents of commits in it — what `git rev-list --boundary` marks
/// and `git bundle` writes as prerequisites — sorted by id.
fn boundary(
    repo: &Repository,
    tips: &[Tip],
    since: &[Oid],
) -> Result<(HashSet<Oid>, Vec<Oid>), BundleError> {
    let mut walk = repo.revwalk()?;
    let mut any = false;
    for tip in tips.iter().filter(|t| t.kind == ObjectType::Commit) {
        walk.push(tip.end)?;
        any = true;
    }
    if !any {
        return Ok((HashSet::new(), Vec::new()));
    }
    for oid in since {
        let commit = repo
            .find_object(*oid, None)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| BundleError::NotACommit { oid: *oid })?;
        walk.hide(commit.id())?;
    }
    let included = walk.collect::<Result<HashSet<Oid>, _>>()?;
    let mut seen = HashSet::new();
    let mut edges = Vec::new();
    for oid in &included {
        for parent in repo.find_commit(*oid)?.parent_ids() {
            if !included.contains(&parent) && seen.insert(parent) {
                edges.push(parent);
            }
        }
    }
    // HashSet order is arbitrary; a stable order makes the same history give the same file.
    edges.sort();
    Ok((included, edges))
}

fn temp_path(dir: &Path, name: Option<&Path>) -> PathBuf {
    let name = name
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(
        "{TEMP_PREFIX}{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Header, then the pack streamed from the builder, then fsync. Returns the bytes written.
fn write_file(
    tmp: &Path,
    header: &[u8],
    pb: &mut git2::PackBuilder<'_>,
) -> Result<u64, BundleError> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(io_err(tmp))?;
    let mut w = BufWriter::with_capacity(CHUNK_BYTES, file);
    w.write_all(header).map_err(io_err(tmp))?;
    let mut size = header.len() as u64;
    let mut failed: Option<io::Error> = None;
    let built = pb.foreach(|chunk| match w.write_all(chunk) {
        Ok(()) => {
            size += chunk.len() as u64;
            true
        }
        Err(e) => {
            failed = Some(e);
            false
        }
    });
    // The I/O error, when there is one, is the cause; libgit2 only reports the stopped callback.
    if let Some(e) = failed {
        return Err(io_err(tmp)(e));
    }
    built?;
    let file = w.into_inner().map_err(|e| io_err(tmp)(e.into_error()))?;
    file.sync_all().map_err(io_err(tmp))?;
    Ok(size)
}

fn sync_dir(dir: &Path) -> Result<(), BundleError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

fn sync_file(path: &Path) -> Result<(), BundleError> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io_err(path))
}

// ------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------

/// Brings the objects of the bundle at `path` into `repo`, after checking all of them; updates
/// no ref. Returns the header.
///
/// Order of checks: a regular file, its size (both before reading), the header ([`parse_header`]'s rules),
/// the prerequisites (all present in `repo`, else one error naming every missing commit). The
/// pack is then indexed by libgit2 into a staging directory inside `repo`'s objects directory —
/// with `repo`'s object database at hand, so thin packs (`git bundle create A..B` writes them)
/// get their delta bases appended — and checked there: every object's declared size at most
/// [`MAX_OBJECT_BYTES`] (read from headers, before any object is inflated whole), every object
/// read back whole (libgit2 verifies its hash and size), every object a new commit, tree or tag
/// names present in the pack or in `repo`, every ref tip present. Only then are the pack and
/// its index moved into `objects/pack/`; on any error the staging directory is removed and
/// `repo` is as it was, and the caller's `repo` handle never sees an unchecked object.
pub fn index_bundle(repo: &Repository, path: &Path) -> Result<BundleHeader, BundleError> {
    let not_a_file = || BundleError::BadPath {
        path: path.to_path_buf(),
        rule: "not a regular file",
    };
    // Checked before opening too: opening a FIFO would wait for a writer.
    if !fs::metadata(path).map_err(io_err(path))?.is_file() {
        return Err(not_a_file());
    }
    let mut file = File::open(path).map_err(io_err(path))?;
    let meta = file.metadata().map_err(io_err(path))?;
    if !meta.is_file() {
        return Err(not_a_file());
    }
    let size = meta.len();
    if size > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_BUNDLE_BYTES,
        });
    }
    let mut prefix = Vec::new();
    (&mut file)
        .take((MAX_HEADER_BYTES + PACK_HEADER_BYTES) as u64)
        .read_to_end(&mut prefix)
        .map_err(io_err(path))?;
    let header = parse_prefix(&prefix, size)?;
    drop(prefix);

    let missing: Vec<Oid> = header
        .prerequisites
        .iter()
        .map(|(oid, _)| *oid)
        .filter(|oid| repo.find_commit(*oid).is_err())
        .collect();
    if !missing.is_empty() {
        return Err(BundleError::MissingPrerequisites { oids: missing });
    }

    let objects = repo.commondir().join("objects");
    let staging = Staging::create(&objects)?;
    {
        let odb = repo.odb()?;
        let mut indexer = Indexer::new(Some(&odb), &staging.pack_dir, 0, false)?;
        file.seek(SeekFrom::Start(header.pack_offset as u64))
            .map_err(io_err(path))?;
        let mut body = file.take(size - header.pack_offset as u64);
        let mut buf = vec![0u8; CHUNK_BYTES];
        loop {
            let n = body.read(&mut buf).map_err(io_err(path))?;
            if n == 0 {
                break;
            }
            indexer
                .write_all(&buf[..n])
                .map_err(|e| indexer_err(e, path))?;
        }
        indexer.commit().map_err(|e| pack_err(&e))?;
    }
    check_staged(repo, &staging, &header)?;
    let pack_dir = objects.join("pack");
    fs::create_dir_all(&pack_dir).map_err(io_err(&pack_dir))?;
    move_packs(&staging.pack_dir, &pack_dir)?;
    repo.odb()?.refresh()?;
    Ok(header)
}

/// git2's `Indexer` reports libgit2's error inside an `io::Error`; take it back out.
fn indexer_err(e: io::Error, path: &Path) -> BundleError {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<git2::Error>())
    {
        Some(g) => pack_err(g),
        None => io_err(path)(e),
    }
}

/// A directory `objects/<temp>/pack/` the indexer writes into: in the same file system as
/// `objects/pack/` (so the move is a rename) but not where any reader looks. Removed on drop.
struct Staging {
    dir: PathBuf,
    pack_dir: PathBuf,
}

impl Staging {
    fn create(objects: &Path) -> Result<Staging, BundleError> {
        let mut attempts = 0;
        loop {
            let dir = temp_path(objects, Some(Path::new("bundle")));
            match fs::create_dir(&dir) {
                Ok(()) => {
                    let staging = Staging {
                        pack_dir: dir.join("pack"),
                        dir,
                    };
                    fs::create_dir(&staging.pack_dir).map_err(io_err(&staging.pack_dir))?;
                    return Ok(staging);
                }
                // A leftover of a killed process that had the same pid: take the next name.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 16 => {
                    attempts += 1;
                }
                Err(e) => return Err(io_err(&dir)(e)),
            }
        }
    }

    fn dir_str(&self) -> Result<&str, BundleError> {
        self.dir.to_str().ok_or_else(|| BundleError::BadPath {
            path: self.dir.clone(),
            rule: "not UTF-8",
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // Best effort: what is left is ignored by git and libgit2 (not a two-hex-digit folder,
        // not `pack/`) and carries the temp prefix.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The checks on the staged pack (see [`index_bundle`]).
fn check_staged(
    repo: &Repository,
    staging: &Staging,
    header: &BundleHeader,
) -> Result<(), BundleError> {
    // The pack alone, to list what the bundle brought (with appended thin-pack bases).
    let staged = Odb::new()?;
    staged.add_disk_alternate(staging.dir_str()?)?;
    let mut oids = Vec::new();
    staged.foreach(|oid| {
        oids.push(*oid);
        true
    })?;
    // Sizes first, from headers only: nothing is inflated whole before its size is known to be
    // sane (libgit2 trusts a declared size and allocates it).
    let mut kinds = Vec::with_capacity(oids.len());
    for oid in &oids {
        let (size, kind) = staged.read_header(*oid).map_err(|e| pack_err(&e))?;
        if size as u64 > MAX_OBJECT_BYTES {
            return Err(BundleError::ObjectTooLarge {
                oid: *oid,
                size: size as u64,
                limit: MAX_OBJECT_BYTES,
            });
        }
        kinds.push(kind);
    }
    // The repository plus the pack, through a handle of its own: the caller's handle must not
    // cache or see any object of a pack that may yet be refused.
    let view = Repository::open(repo.path())?;
    let view_odb = view.odb()?;
    view_odb.add_disk_alternate(staging.dir_str()?)?;
    let need = |oid: Oid, missing: Oid| {
        if view_odb.exists(missing) {
            Ok(())
        } else {
            Err(BundleError::Incomplete { oid, missing })
        }
    };
    for (oid, kind) in oids.iter().copied().zip(kinds) {
        match kind {
            ObjectType::Commit => {
                let c = view.find_commit(oid).map_err(|e| pack_err(&e))?;
                need(oid, c.tree_id())?;
                for p in c.parent_ids() {
                    need(oid, p)?;
                }
            }
            ObjectType::Tree => {
                let t = view.find_tree(oid).map_err(|e| pack_err(&e))?;
                for entry in &t {
                    // A commit in a tree is a submodule's: not ours to have.
                    if entry.kind() != Some(ObjectType::Commit) {
                        need(oid, entry.id())?;
                    }
                }
            }
            ObjectType::Tag => {
                let t = view.find_tag(oid).map_err(|e| pack_err(&e))?;
                need(oid, t.target_id())?;
            }
            // Read whole and dropped: libgit2 checks the hash and the declared size.
            ObjectType::Blob => drop(staged.read(oid).map_err(|e| pack_err(&e))?),
            other @ ObjectType::Any => {
                return Err(BundleError::BadPack {
                    detail: format!("object {oid} has type {other}"),
                });
            }
        }
    }
    for r in &header.refs {
        if !view_odb.exists(r.oid) {
            return Err(BundleError::MissingTip {
                name: r.name.clone(),
                oid: r.oid,
            });
        }
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Quarantine
// ------------------------------------------------------------------------------------------

/// Creates a bare repository at `at` whose object database also reads `real_git_dir`'s objects
/// (through `objects/info/alternates`), so a bundle can be indexed and checked there while the
/// real repository stays untouched. `None`: a plain empty bare repository.
pub fn quarantine(real_git_dir: Option<&Path>, at: &Path) -> Result<Repository, BundleError> {
    let alternate = match real_git_dir {
        Some(real) => {
            // Opened, not just joined: it must be a repository, and a linked worktree's objects
            // live in its common dir.
            let real_repo = Repository::open(real)?;
            let objects = real_repo.commondir().join("objects");
            let objects = fs::canonicalize(&objects).map_err(io_err(&objects))?;
            let text = objects.to_str().ok_or_else(|| BundleError::BadPath {
                path: objects.clone(),
                rule: "not UTF-8",
            })?;
            // One path per line is the file's format: a line break would split it.
            if text.contains(['\n', '\r']) {
                return Err(BundleError::BadPath {
                    path: objects.clone(),
                    rule: "contains a line break",
                });
            }
            Some(format!("{text}\n"))
        }
        None => None,
    };
    let repo = Repository::init_bare(at)?;
    let Some(line) = alternate else {
        return Ok(repo);
    };
    let info = repo.path().join("objects").join("info");
    drop(repo);
    fs::create_dir_all(&info).map_err(io_err(&info))?;
    let file = info.join("alternates");
    fs::write(&file, line).map_err(io_err(&file))?;
    // Reopened so the object database is loaded with the alternate in it.
    Ok(Repository::open_bare(at)?)
}

/// Moves every pack (`.pack`, `.rev` if any, `.idx`) of `quarantine` into `real`'s
/// `objects/pack/`: a rename when both are on one file system, else a copy that is fsynced
/// before it takes its final name. The `.idx` goes last, because readers find packs by their
/// index. Loose objects are not moved ([`index_bundle`] writes none).
pub fn adopt_packs(quarantine: &Repository, real: &Repository) -> Result<(), BundleError> {
    let from = quarantine.commondir().join("objects").join("pack");
    let to = real.commondir().join("objects").join("pack");
    fs::create_dir_all(&to).map_err(io_err(&to))?;
    move_packs(&from, &to)?;
    real.odb()?.refresh()?;
    Ok(())
}

/// Moves the complete packs (a `pack-*.pack` with its `.idx`) of `from` into `to`, then fsyncs
/// `to`.
fn move_packs(from: &Path, to: &Path) -> Result<(), BundleError> {
    let mut stems = Vec::new();
    for entry in fs::read_dir(from).map_err(io_err(from))? {
        let name = entry.map_err(io_err(from))?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".pack")
            && stem.starts_with("pack-")
            && from.join(format!("{stem}.idx")).is_file()
        {
            stems.push(stem.to_string());
        }
    }
    stems.sort();
    for stem in &stems {
        for ext in ["pack", "rev", "idx"] {
            let src = from.join(format!("{stem}.{ext}"));
            if ext == "rev" && !src.exists() {
                continue;
            }
            move_file(&src, &to.join(format!("{stem}.{ext}")))?;
        }
    }
    sync_dir(to)
}

/// Moves one file, durably. A pack is named by its checksum, so one already at `dst` is the
/// same bytes and is kept.
fn move_file(src: &Path, dst: &Path) -> Result<(), BundleError> {
    if dst.exists() {
        return fs::remove_file(src).map_err(io_err(src));
    }
    // libgit2 does not fsync what it writes unless told to; the file must be on disk before
    // its name is.
    sync_file(src)?;
    match fs::rename(src, dst) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => copy_across(src, dst),
        Err(e) => Err(io_err(dst)(e)),
    }
}

fn copy_across(src: &Path, dst: &Path) -> Result<(), BundleError> {
    let dir = dst.parent().unwrap_or(Path::new("."));
    let tmp = temp_path(dir, dst.file_name().map(Path::new));
    let copied = fs::copy(src, &tmp)
        .map_err(io_err(&tmp))
        .and_then(|_| sync_file(&tmp))
        .and_then(|()| fs::rename(&tmp, dst).map_err(io_err(dst)));
    if let Err(e) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::remove_file(src).map_err(io_err(src))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    /// An empty pack: header with count 0 and a (fake) trailer.
    fn empty_pack() -> Vec<u8> {
        let mut p = b"PACK\0\0\0\x02\0\0\0\0".to_vec();
        p.extend_from_slice(&[0u8; 20]);
        p
    }

    fn bundle(header: &[u8], pack: &[u8]) -> Vec<u8> {
        let mut b = header.to_vec();
        b.extend_from_slice(pack);
        b
    }

    fn one_ref() -> Vec<u8> {
        format!("# v2 git bundle\n{} refs/heads/main\n\n", oid(1)).into_bytes()
    }

    #[test]
    fn parses_a_plain_header() {
        let text = format!(
            "# v2 git bundle\n-{} first line of a subject\n{} HEAD\n{} refs/heads/main\n\n",
            oid(9),
            oid(1),
            oid(1)
        );
        let h = parse_header(&bundle(text.as_bytes(), &empty_pack())).unwrap();
        assert_eq!(h.version, 2);
        assert_eq!(
            h.prerequisites,
            vec![(oid(9), "first line of a subject".to_string())]
        );
        assert_eq!(h.refs.len(), 2);
        assert_eq!(h.refs[0].name, "HEAD");
        assert_eq!(h.pack_offset, text.len());
    }

    #[test]
    fn v3_only_with_sha1() {
        let ok = format!(
            "# v3 git bundle\n@object-format=sha1\n{} refs/heads/main\n\n",
            oid(1)
        );
        assert_eq!(
            parse_header(&bundle(ok.as_bytes(), &empty_pack()))
                .unwrap()
                .version,
            3
        );
        let bare = format!("# v3 git bundle\n{} refs/heads/main\n\n", oid(1));
        assert!(parse_header(&bundle(bare.as_bytes(), &empty_pack())).is_ok());
        for cap in ["@object-format=sha256", "@filter=blob:none"] {
            let text = format!("# v3 git bundle\n{cap}\n{} refs/heads/main\n\n", oid(1));
            assert!(matches!(
                parse_header(&bundle(text.as_bytes(), &empty_pack())),
                Err(BundleError::UnsupportedCapability { .. })
            ));
        }
        let v2cap = format!(
            "# v2 git bundle\n@object-format=sha1\n{} refs/heads/main\n\n",
            oid(1)
        );
        assert!(matches!(
            parse_header(&bundle(v2cap.as_bytes(), &empty_pack())),
            Err(BundleError::BadLine { line: 2, .. })
        ));
    }

    #[test]
    fn refuses_bad_lines_and_names() {
        let err = |text: &str| parse_header(&bundle(text.as_bytes(), &empty_pack())).unwrap_err();
        assert!(matches!(
            err("# v4 git bundle\n"),
            BundleError::BadSignature { .. }
        ));
        assert!(matches!(err("PACK"), BundleError::BadSignature { .. }));
        assert!(matches!(
            err("# v2 git bundle\nabc refs/heads/x\n\n"),
            BundleError::BadLine { line: 2, .. }
        ));
        assert!(matches!(err("# v2 git bundle\n\n"), BundleError::NoRefs));
        assert!(matches!(
            parse_header(b"# v2 git bun"),
            Err(BundleError::Truncated { .. })
        ));
        let names = [
            "refs/heads/../x",
            "refs/heads/a\tb",
            "refs/heads/a\u{7f}",
            "main",
            "refs/heads/x.lock",
            "refs/heads/a b",
        ];
        for name in names {
            let text = format!("# v2 git bundle\n{} {name}\n\n", oid(1));
            let e = parse_header(&bundle(text.as_bytes(), &empty_pack())).unwrap_err();
            assert!(
                matches!(
                    e,
                    BundleError::BadRefName { .. } | BundleError::BadLine { .. }
                ),
                "{name:?}: {e:?}"
            );
        }
        let dup = format!(
            "# v2 git bundle\n{} refs/heads/a\n{} refs/heads/a\n\n",
            oid(1),
            oid(2)
        );
        assert!(matches!(
            parse_header(&bundle(dup.as_bytes(), &empty_pack())),
            Err(BundleError::DuplicateRef { .. })
        ));
        // Short object ids (which `Oid::from_str` would pad) are refused.
        let short = "# v2 git bundle\n0123abcd refs/heads/a\n\n";
        assert!(matches!(
            parse_header(&bundle(short.as_bytes(), &empty_pack())),
            Err(BundleError::BadLine { .. })
        ));
    }

    #[test]
    fn checks_the_pack_header() {
        let head = one_ref();
        let mut wrong_magic = empty_pack();
        wrong_magic[0] = b'J';
        assert!(matches!(
            parse_header(&bundle(&head, &wrong_magic)),
            Err(BundleError::BadPack { .. })
        ));
        let mut v4 = empty_pack();
        v4[7] = 4;
        assert!(matches!(
            parse_header(&bundle(&head, &v4)),
            Err(BundleError::BadPack { .. })
        ));
        let mut huge = empty_pack();
        huge[8..12].copy_from_slice(&4_000_000_000u32.to_be_bytes());
        huge.extend_from_slice(&[0u8; 1000]);
        assert!(matches!(
            parse_header(&bundle(&head, &huge)),
            Err(BundleError::ImplausiblePack {
                count: 4_000_000_000,
                ..
            })
        ));
        assert!(matches!(
            parse_header(&bundle(&head, b"PAC")),
            Err(BundleError::Truncated { .. })
        ));
        assert!(matches!(
            parse_header(&bundle(&head, &empty_pack()[..20])),
            Err(BundleError::Truncated { .. })
        ));
    }

    #[test]
    fn header_limits() {
        let mut text = b"# v2 git bundle\n".to_vec();
        for i in 0..=MAX_REFS {
            text.extend_from_slice(format!("{} refs/tags/t{i}\n", oid(1)).as_bytes());
        }
        text.extend_from_slice(b"\n");
        assert!(matches!(
            parse_header(&bundle(&text, &empty_pack())),
            Err(BundleError::TooMany { what: "refs", .. })
        ));
        let mut long = b"# v2 git bundle\n-".to_vec();
        long.resize(MAX_HEADER_BYTES + 10, b'a');
        assert!(matches!(
            parse_header(&long),
            Err(BundleError::HeaderTooLong { .. })
        ));
    }

    fn arb_oid() -> impl Strategy<Value = Oid> {
        any::<[u8; 20]>().prop_map(|b| Oid::from_bytes(&b).unwrap())
    }

    fn arb_ref_name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("HEAD".to_string()),
            "(heads|tags)/[a-z0-9_-]{1,12}(/[a-z0-9\u{4e00}-\u{4e0f}]{1,8})?"
                .prop_map(|s| format!("refs/{s}")),
        ]
    }

    fn arb_header() -> impl Strategy<Value = BundleHeader> {
        (
            prop_oneof![Just(2u8), Just(3u8)],
            prop::collection::vec((arb_oid(), "[^\\p{Cc}]{0,30}"), 0..5),
            prop::collection::btree_map(arb_ref_name(), arb_oid(), 1..8),
        )
            .prop_map(|(version, prerequisites, refs)| BundleHeader {
                version,
                prerequisites,
                refs: refs
                    .into_iter()
                    .map(|(name, oid)| BundleRef { name, oid })
                    .collect(),
                pack_offset: 0,
            })
    }

    proptest! {
        #[test]
        fn written_headers_round_trip(mut h in arb_header()) {
            let head = format_header(&h);
            h.pack_offset = head.len();
            let parsed = parse_header(&bundle(&head, &empty_pack())).unwrap();
            prop_assert_eq!(parsed, h);
        }

        #[test]
        fn truncated_headers_are_errors(h in arb_header(), cut in any::<prop::sample::Index>()) {
            let whole = bundle(&format_header(&h), &empty_pack());
            let at = cut.index(whole.len());
            prop_assert!(parse_header(&whole[..at]).is_err());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_header(&bytes);
            let mut with_sig = SIGNATURE_V2.to_vec();
            with_sig.extend_from_slice(&bytes);
            let _ = parse_header(&with_sig);
        }

        #[test]
        fn mutated_headers_never_panic(
            h in arb_header(),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
        ) {
            let mut whole = bundle(&format_header(&h), &empty_pack());
            let i = at.index(whole.len());
            whole[i] = byte;
            let _ = parse_header(&whole);
        }
    }
}

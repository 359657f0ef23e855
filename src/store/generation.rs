//! The workspace's change mark: what lets the archive skip its sweep over every dossier.
//!
//! A refresh of the archive index must know which dossiers moved. Asking every dossier (three
//! `stat` calls each) costs about 90 ms at 10,000 dossiers — more than the search it precedes.
//! So every xieshang write also rewrites `.xieshang/generation` (when its dossier's writer is
//! dropped, when dossiers are created or adopted), and a new or removed dossier changes the
//! modification time of the workspace folder or of a union's folder. The mark is those three
//! things together: read in a few microseconds, and unchanged exactly when xieshang wrote
//! nothing and no dossier folder came or went.
//!
//! A change made by another program (a `git commit` by hand inside a dossier) does not move the
//! mark; the archive therefore also sweeps whenever its last sweep is older than
//! [`SWEEP_EVERY`], and `archive reindex` always does.
//!
//! This module owns the file and the mark; the archive decides when to trust it.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The file every write rewrites, inside the workspace's own folder.
pub(crate) const FILE: &str = ".xieshang/generation";

/// How old a sweep may be before the archive sweeps again whatever the mark says: the delay
/// after which a change made outside xieshang shows in a search.
pub(crate) const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Records that something in the workspace at `root` changed. Best effort: a workspace that
/// cannot be written has nothing to record, and a failure here must not undo the save it follows
/// (the worst case is a search that sweeps).
pub(crate) fn bump(root: &Path) {
    let dir = root.join(".xieshang");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // The content differs on every bump (pid and time), so two bumps within the file system's
    // time granularity still change the mark.
    let text = format!("{}-{nanos}\n", std::process::id());
    // Renamed into place so a reader never sees half a mark; not synced to disk: a bump lost in
    // a power cut costs one sweep at most, while a sync would cost every save milliseconds.
    let tmp = dir.join(format!("generation.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, root.join(FILE)).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Removes the temporary files of bumps whose process is gone (`gone(pid, path)`): a write
/// killed between writing `generation.<pid>.tmp` and renaming it leaves one behind.
pub(crate) fn clear_leftovers(root: &Path, gone: impl Fn(&str, &Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(root.join(".xieshang")) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("generation.")
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        if gone(pid, &e.path()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn mtime(path: &Path) -> String {
    std::fs::metadata(path)
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or_else(|| "-".to_string(), |d| d.as_nanos().to_string())
}

/// The mark of the workspace at `root` whose union folders are `union_folders` (as of the last
/// sweep: a new union folder changes the workspace folder's time, so it is seen anyway).
pub(crate) fn mark(root: &Path, union_folders: &[String]) -> String {
    let generation = std::fs::read_to_string(root.join(FILE)).unwrap_or_default();
    let mut mark = format!("{};{}", generation.trim(), mtime(root));
    for code in union_folders {
        mark.push(';');
        mark.push_str(&mtime(&root.join(code)));
    }
    mark
}

/// Seconds since the epoch now, for the age of a sweep.
pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bump_changes_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let before = mark(dir.path(), &[]);
        bump(dir.path());
        let once = mark(dir.path(), &[]);
        assert_ne!(before, once);
        bump(dir.path());
        assert_ne!(once, mark(dir.path(), &[]));
        // Reading it changes nothing.
        let now = mark(dir.path(), &[]);
        assert_eq!(now, mark(dir.path(), &[]));
    }

    #[test]
    fn a_new_folder_in_a_union_folder_changes_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("U1")).unwrap();
        let before = mark(dir.path(), &["U1".to_string()]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::create_dir(dir.path().join("U1").join("2026-001")).unwrap();
        assert_ne!(before, mark(dir.path(), &["U1".to_string()]));
    }
}

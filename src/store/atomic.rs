//! Atomic file replacement: a file is either entirely the old version or entirely the new one,
//! whatever happens to the process (SIGKILL, panic, full disk).
//!
//! This module owns the temp-file naming and the write → fsync → rename → fsync-directory dance,
//! and the clean-up of temp files a killed writer left behind. It knows nothing about dossiers
//! or git and must only ever be called with paths the caller has already confined to a dossier.

use super::error::StoreError;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Every temp file starts with this, so a later writer can recognise and remove leftovers and
/// nothing else (`ids()` and git never look at them: they are not `dossier.json`/`contract.md`).
pub(crate) const TEMP_PREFIX: &str = ".xieshang-tmp-";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Replaces `path` with `bytes` atomically and durably.
///
/// The temp file lives in the same directory (a rename is only atomic within one file system),
/// its name carries the pid and a counter so concurrent writers in one process never collide.
/// The directory is fsynced after the rename so the new name itself survives a power cut.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    // A bare file name (`out.csv`) has the empty path as its parent: that is the current folder.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        "{TEMP_PREFIX}{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = write_then_rename(&tmp, path, bytes);
    if result.is_err() {
        // Best effort: the temp file is garbage now; if removal fails too, the next writer's
        // `clean_temp_files` gets it.
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir)
}

fn write_then_rename(tmp: &Path, path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(|e| StoreError::io(tmp, e))?;
    f.write_all(bytes).map_err(|e| StoreError::io(tmp, e))?;
    f.sync_all().map_err(|e| StoreError::io(tmp, e))?;
    drop(f);
    fs::rename(tmp, path).map_err(|e| StoreError::io(path, e))
}

/// fsync a directory so renames and creations in it are durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io(dir, e))
}

/// Removes temp files left in `dir` by a writer that died between creating and renaming them.
/// Only call this while holding the dossier's write lock: then no live writer owns any of them.
/// Returns the paths removed.
pub(crate) fn clean_temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failed_write_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        // A directory cannot be replaced by a file: the rename fails after the temp is written.
        let d = dir.path().join("sub");
        fs::create_dir(&d).unwrap();
        fs::write(d.join("x"), b"x").unwrap();
        assert!(write_atomic(&d, b"new").is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn cleans_only_its_own_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(format!("{TEMP_PREFIX}1-0-a")), b"x").unwrap();
        fs::write(dir.path().join("keep"), b"x").unwrap();
        assert_eq!(clean_temp_files(dir.path()).len(), 1);
        assert!(dir.path().join("keep").exists());
    }
}

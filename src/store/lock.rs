//! The per-dossier write lock: one writer at a time, readers never wait.
//!
//! This module owns the lock file (`<dossier>/.git/xieshang.lock`) and the OS advisory lock on it
//! (`File::try_lock`, i.e. `flock` on Unix). The OS releases the lock when the holder dies, even
//! by SIGKILL, so a lock file left on disk is harmless and is never deleted. It must not block:
//! a second writer is told at once that the dossier is in use.

use super::error::StoreError;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// The lock file's name inside the dossier's `.git` directory (kept there so it is never part of
/// the working tree a user or `git status` sees).
pub(crate) const LOCK_FILE: &str = "xieshang.lock";

/// A held write lock. Dropping it releases the lock (the `File` closes).
#[derive(Debug)]
pub(crate) struct DossierLock {
    // Held only for its lock; never read or written.
    _file: File,
}

impl DossierLock {
    /// Takes the lock for the dossier `id` whose git directory is `git_dir`, or fails with
    /// [`StoreError::InUse`] within a tenth of a second.
    ///
    /// Why not at once: a lock is held by an open file description, and a process that spawns a
    /// program (the TUI's `$EDITOR`, a test runner's children) lends a copy of every descriptor
    /// to the child between its fork and its exec. A lock released just then looks taken for a
    /// few microseconds; a short retry tells that apart from another xieshang really holding it.
    pub(crate) fn acquire(id: &str, git_dir: &Path) -> Result<DossierLock, StoreError> {
        let path = git_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DossierLock { _file: file }),
                Err(TryLockError::WouldBlock)
                    if start.elapsed() < std::time::Duration::from_millis(100) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::InUse { id: id.to_string() });
                }
                Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
        }
    }
}

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
    /// Takes the lock for the dossier `id` whose git directory is `git_dir`, or fails at once
    /// with [`StoreError::InUse`].
    pub(crate) fn acquire(id: &str, git_dir: &Path) -> Result<DossierLock, StoreError> {
        let path = git_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        let locked = file.try_lock();
        match locked {
            Ok(()) => Ok(DossierLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse { id: id.to_string() }),
            Err(TryLockError::Error(e)) => Err(StoreError::io(&path, e)),
        }
    }
}

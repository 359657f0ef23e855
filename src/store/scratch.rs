//! Scratch files outside the workspace, for handing text to another program (the TUI's
//! `$EDITOR`). The temp directory is shared with other users, so a file there is created fresh
//! (`create_new`: never following a planted symlink or reusing someone else's file), readable
//! only by its owner, and under a name that cannot be guessed ahead of time from the pid alone.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Tells apart files created by one process within the same clock tick.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// How many names to try before giving up: each clash means someone else made that name.
const ATTEMPTS: u32 = 64;

/// Creates a new file holding `text` in the temp directory, named `<prefix>-<unique>.<ext>`,
/// mode 0600. Returns its path; the caller removes it with [`remove`].
pub fn create(prefix: &str, ext: &str, text: &str) -> io::Result<PathBuf> {
    create_in(&std::env::temp_dir(), prefix, ext, text)
}

/// [`create`] in `dir` (tests use their own directory).
pub fn create_in(dir: &Path, prefix: &str, ext: &str, text: &str) -> io::Result<PathBuf> {
    for _ in 0..ATTEMPTS {
        let path = dir.join(format!("{prefix}-{}.{ext}", unique()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&path) {
            Ok(mut f) => {
                if let Err(e) = f.write_all(text.as_bytes()).and_then(|()| f.sync_all()) {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            // Taken (by chance or on purpose): try another name rather than touch it.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no unused scratch file name",
    ))
}

/// The file's text as the other program left it.
pub fn read(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path)
}

/// Removes the file; a file already gone is not an error.
pub fn remove(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// pid, nanoseconds and a per-process counter: unique among this user's runs and not
/// predictable from the pid alone.
pub(crate) fn unique() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{}-{nanos:x}-{n}", std::process::id())
}

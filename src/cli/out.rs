//! Writing to the terminal or a pipe. A closed pipe (`xieshang list --json | head -1`) is a
//! normal end, as in ripgrep: the program stops quietly with exit 0 instead of panicking, which
//! is what `println!` does when stdout is gone. Messages on stderr are best effort: a closed
//! stderr never turns a success into a failure.

use super::CliError;
use std::io::{ErrorKind, Write};

/// Writes `s` to stdout; a closed pipe becomes [`CliError::Closed`].
pub(crate) fn write(s: &str) -> Result<(), CliError> {
    let mut o = std::io::stdout().lock();
    match o.write_all(s.as_bytes()).and_then(|()| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Err(CliError::Closed),
        Err(e) => Err(CliError::Io(e)),
    }
}

/// Writes `s` and a newline to stderr, ignoring failure. stderr carries messages only (never
/// JSON or a document), so a control or invisible character that slipped into one — a path, a
/// value quoted back — is written out as its escape (`\x1b`, `\u{202E}`) as the last guard.
pub(crate) fn warn(s: &str) {
    let shown: String = if s.chars().any(crate::text::is_forbidden) {
        s.chars()
            .map(|c| {
                if crate::text::is_forbidden(c) {
                    crate::text::visible(&c.to_string())
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        s.to_string()
    };
    let mut e = std::io::stderr().lock();
    let _ = e
        .write_all(shown.as_bytes())
        .and_then(|()| e.write_all(b"\n"));
}

/// `println!` that returns `Err(CliError::Closed)` on a closed pipe instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::cli::out::write(&format!("{}\n", format_args!($($t)*)))
    };
}

/// `print!` that returns `Err(CliError::Closed)` on a closed pipe instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {
        $crate::cli::out::write(&format!($($t)*))
    };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($t:tt)*) => {
        $crate::cli::out::warn(&format!($($t)*))
    };
}

pub(crate) use {errln, out, outln};

//! Running an outside program on an untrusted file — `pdftotext` on a PDF, LibreOffice on a
//! .doc — so that the file cannot make it hang us or flood us: a time limit, standard output
//! kept up to a bound (the program is stopped as soon as it writes more), the end of standard
//! error kept for the message, no standard input. The program runs in a process group of its
//! own and the whole group is killed when it is stopped: LibreOffice's `soffice` starts
//! `soffice.bin` as a child, and a limit that killed only the parent would leave the child
//! running.
//!
//! Both pipes are read on threads of their own while the program runs (a full pipe would
//! stall it), and their results are awaited only until the time limit: a grandchild that
//! escaped the group and still holds a pipe cannot keep us waiting.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How much of the end of standard error is kept: enough for the last lines of a complaint.
pub(crate) const STDERR_TAIL: usize = 8 * 1024;

/// How often the program is looked at while it runs.
const POLL: Duration = Duration::from_millis(10);

/// What standard output is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// Not read: the program writes its result to a file.
    Discard,
    /// Kept, at most this many bytes; one more and the program is stopped.
    Keep(u64),
}

/// A program that ran to its end (successfully or not).
#[derive(Debug)]
pub(crate) struct Finished {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: Vec<u8>,
    /// The last [`STDERR_TAIL`] bytes of standard error.
    pub(crate) stderr: Vec<u8>,
}

impl Finished {
    /// The last line of standard error that says something, at most `max` characters.
    pub(crate) fn last_words(&self, max: usize) -> String {
        String::from_utf8_lossy(&self.stderr)
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .trim()
            .chars()
            .take(max)
            .collect()
    }
}

/// Why a program gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunError {
    /// It is not installed (or may not be run).
    NotFound,
    /// It could not be started for another reason: the system's words.
    Spawn(String),
    /// It ran past the time limit and was stopped.
    TimedOut,
    /// It wrote more than the bound on standard output and was stopped.
    TooMuchOutput,
}

/// Runs `cmd` (its program, arguments and folder set by the caller) within `limit`, its
/// standard output as `output` says.
pub(crate) fn run(mut cmd: Command, limit: Duration, output: Output) -> Result<Finished, RunError> {
    cmd.stdin(Stdio::null()).stderr(Stdio::piped());
    match output {
        Output::Discard => cmd.stdout(Stdio::null()),
        Output::Keep(_) => cmd.stdout(Stdio::piped()),
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => RunError::NotFound,
        _ => RunError::Spawn(e.to_string()),
    })?;
    let overflow = Arc::new(AtomicBool::new(false));
    let stdout = match (output, child.stdout.take()) {
        (Output::Keep(max), Some(pipe)) => Some(read_bounded(pipe, max, Arc::clone(&overflow))),
        _ => None,
    };
    let stderr = child.stderr.take().map(read_tail);
    let stop = |child: &mut std::process::Child, why: RunError| -> Result<Finished, RunError> {
        kill_group(child.id());
        let _ = child.kill();
        let _ = child.wait();
        Err(why)
    };
    let status = loop {
        if overflow.load(Ordering::Relaxed) {
            return stop(&mut child, RunError::TooMuchOutput);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                return stop(&mut child, RunError::TimedOut);
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return stop(&mut child, RunError::Spawn(e.to_string())),
        }
    };
    // The pipes close when the last process holding them ends; wait for that only as long as
    // the time limit still allows (at least a moment, to read what a quick program wrote), and
    // for standard error, which only words a failure, a second at most. Whatever still holds a
    // pipe then is a leftover of the program's group: it is stopped.
    let left = limit.saturating_sub(started.elapsed()).max(POLL * 50);
    let stdout = match stdout {
        Some(rx) => match rx.recv_timeout(left) {
            Ok(out) => out,
            Err(_) => return stop(&mut child, RunError::TimedOut),
        },
        None => Vec::new(),
    };
    if overflow.load(Ordering::Relaxed) {
        return Err(RunError::TooMuchOutput);
    }
    let stderr = match stderr.map(|rx| rx.recv_timeout(left.min(Duration::from_secs(1)))) {
        Some(Ok(tail)) => tail,
        Some(Err(_)) => {
            kill_group(child.id());
            Vec::new()
        }
        None => Vec::new(),
    };
    Ok(Finished {
        status,
        stdout,
        stderr,
    })
}

/// Reads `pipe` on a thread: at most `max` bytes; one more sets `overflow` and stops reading.
fn read_bounded(
    pipe: impl Read + Send + 'static,
    max: u64,
    overflow: Arc<AtomicBool>,
) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = pipe.take(max.saturating_add(1)).read_to_end(&mut out);
        if out.len() as u64 > max {
            overflow.store(true, Ordering::Relaxed);
        }
        let _ = tx.send(out);
    });
    rx
}

/// Reads `pipe` to its end on a thread, keeping the last [`STDERR_TAIL`] bytes.
fn read_tail(mut pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tail: Vec<u8> = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    tail.extend_from_slice(buf.get(..n).unwrap_or_default());
                    if tail.len() > STDERR_TAIL {
                        tail.drain(..tail.len() - STDERR_TAIL);
                    }
                }
            }
        }
        let _ = tx.send(tail);
    });
    rx
}

/// Kills the process group `pgid` (the program and whatever it started).
fn kill_group(pgid: u32) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    }

    #[test]
    fn output_status_and_the_end_of_stderr() {
        let f = run(
            sh("printf 'text'; echo first >&2; echo last >&2; exit 3"),
            Duration::from_secs(10),
            Output::Keep(100),
        )
        .unwrap();
        assert_eq!(f.stdout, b"text");
        assert_eq!(f.status.code(), Some(3));
        assert_eq!(f.last_words(200), "last");
        // Standard error keeps its end only, however much is written.
        let f = run(
            sh("i=0; while [ $i -lt 3000 ]; do echo 'noise noise noise' >&2; i=$((i+1)); done; echo end >&2"),
            Duration::from_secs(20),
            Output::Discard,
        )
        .unwrap();
        assert!(f.stderr.len() <= STDERR_TAIL);
        assert_eq!(f.last_words(200), "end");
    }

    #[test]
    fn too_slow_too_much_and_missing() {
        // Stopped at the limit, the sleeping grandchild too (it holds the pipe: were it left
        // running, reading would wait for it).
        let t = Instant::now();
        let e = run(
            sh("sleep 30 & sleep 30"),
            Duration::from_millis(300),
            Output::Keep(10),
        );
        assert_eq!(e.unwrap_err(), RunError::TimedOut);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        // More output than the bound: stopped at once, not at the time limit.
        let t = Instant::now();
        let e = run(sh("yes"), Duration::from_secs(30), Output::Keep(1000));
        assert_eq!(e.unwrap_err(), RunError::TooMuchOutput);
        assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
        // Exactly the bound is fine.
        let f = run(sh("printf 12345"), Duration::from_secs(10), Output::Keep(5)).unwrap();
        assert_eq!(f.stdout, b"12345");
        let e = run(
            Command::new("/no/such/program"),
            Duration::from_secs(1),
            Output::Discard,
        );
        assert_eq!(e.unwrap_err(), RunError::NotFound);
    }
}

//! The text of a PDF, through poppler's `pdftotext` (Debian's `poppler-utils`): agreements signed
//! before xieshang often survive only as the PDF that was filed. A text PDF gives its words; a
//! scanned one (images only) gives none, and says so rather than importing an empty agreement.
//!
//! The program runs with a time limit and bounded output, reading the original in place (it
//! never writes next to it: the text comes back on its standard output). `XIESHANG_PDFTOTEXT`
//! names another program (tests use a stand-in).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a PDF may take: a 60-page agreement takes well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Why no text came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PdfProblem {
    /// `pdftotext` is not installed (or cannot be started).
    NoProgram { program: String },
    /// It ran past the time limit and was stopped.
    TimedOut { seconds: u64 },
    /// It failed: its exit code and first line of complaint.
    Failed { detail: String },
    /// More text than any agreement has.
    TooLarge { max_bytes: u64 },
    /// A scan: pages with no text on them.
    NoText,
}

fn program() -> String {
    std::env::var("XIESHANG_PDFTOTEXT")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "pdftotext".to_string())
}

/// The text of the PDF at `path`, at most `max_bytes` of it, as UTF-8.
pub(crate) fn pdf_text(path: &Path, max_bytes: u64) -> Result<String, PdfProblem> {
    let program = program();
    let mut child = Command::new(&program)
        .args(["-enc", "UTF-8", "-nopgbrk", "-q"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| PdfProblem::NoProgram {
            program: program.clone(),
        })?;
    // Read while it runs (a full pipe would stall it), bounded, on a thread of its own so the
    // time limit holds even when the program writes nothing and never ends.
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(max_bytes + 1).read_to_end(&mut out);
        }
        out
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() < TIME_LIMIT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfProblem::TimedOut {
                    seconds: TIME_LIMIT.as_secs(),
                });
            }
        }
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = (&mut e).take(4096).read_to_string(&mut err);
        }
        let first = err.lines().next().unwrap_or_default().trim().to_string();
        return Err(PdfProblem::Failed {
            detail: format!(
                "{} {}",
                status
                    .code()
                    .map_or_else(|| "-".to_string(), |c| c.to_string()),
                crate::text::sanitize_line(&first)
            )
            .trim()
            .to_string(),
        });
    }
    if out.len() as u64 > max_bytes {
        return Err(PdfProblem::TooLarge { max_bytes });
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    if text.trim().is_empty() {
        return Err(PdfProblem::NoText);
    }
    Ok(text)
}

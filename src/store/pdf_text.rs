//! The text of a PDF, through poppler's `pdftotext` (Debian's `poppler-utils`): agreements signed
//! before xieshang often survive only as the PDF that was filed. A text PDF gives its words; a
//! scanned one (images only) gives none, and says so rather than importing an empty agreement.
//!
//! The program runs with a time limit and bounded output (`store::program`), reading the
//! original in place (it never writes next to it: the text comes back on its standard output). `XIESHANG_PDFTOTEXT`
//! names another program (tests use a stand-in).

use super::program::{Output, RunError, run};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

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
    let mut cmd = Command::new(&program);
    cmd.args(["-enc", "UTF-8", "-nopgbrk", "-q"])
        .arg(path)
        .arg("-");
    let done = run(cmd, TIME_LIMIT, Output::Keep(max_bytes)).map_err(|e| match e {
        RunError::NotFound | RunError::Spawn(_) => PdfProblem::NoProgram {
            program: program.clone(),
        },
        RunError::TimedOut => PdfProblem::TimedOut {
            seconds: TIME_LIMIT.as_secs(),
        },
        RunError::TooMuchOutput => PdfProblem::TooLarge { max_bytes },
    })?;
    if !done.status.success() {
        let said = done.last_words(200);
        return Err(PdfProblem::Failed {
            detail: format!(
                "{} {}",
                done.status
                    .code()
                    .map_or_else(|| "-".to_string(), |c| c.to_string()),
                crate::text::sanitize_line(&said)
            )
            .trim()
            .to_string(),
        });
    }
    let text = String::from_utf8_lossy(&done.stdout).into_owned();
    if text.trim().is_empty() {
        return Err(PdfProblem::NoText);
    }
    Ok(text)
}

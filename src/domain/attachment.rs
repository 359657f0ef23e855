//! Attachments: the originals the archive keeps beside the record — the scan of the signed and
//! stamped agreement, of the congress resolution and of the labour administration's filing
//! receipt (备案回执). The law cares about these papers, not about our record of them.
//!
//! This module owns what an attachment is, which kinds there are and when each may be added
//! (a scan of the signed agreement once the signing is recorded, and so on), how a file is
//! recognised (PDF, JPEG or PNG by its first bytes, never by its name) and the size limit.
//! Attachments are stored in `attachments.json` and `attachments/` of the dossier (the store's
//! business) and each is bound by an annotated tag to the seal of the state it belongs to
//! (`verify` checks the bytes against both). Pure: no I/O.

use super::dossier::Dossier;
use super::event::Event;
use super::invalid::{Invalid, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The largest file taken: a scan of a 40-page agreement at 300 dpi in greyscale fits easily.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// What a scan shows.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// The signed and stamped agreement (双方签字盖章的合同文本).
    Signed,
    /// The congress resolution (职代会决议).
    Resolution,
    /// The labour administration's filing receipt (备案回执).
    Receipt,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 3] = [Self::Signed, Self::Resolution, Self::Receipt];

    pub fn key(self) -> &'static str {
        match self {
            Self::Signed => "signed",
            Self::Resolution => "resolution",
            Self::Receipt => "receipt",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The record that must exist before this paper can: a key of `invalid.what.*`.
    fn needs(self) -> &'static str {
        match self {
            Self::Signed => "signing",
            Self::Resolution => "congress",
            Self::Receipt => "filing",
        }
    }

    fn reached(self, d: &Dossier) -> bool {
        // An agreement imported into the archive was signed (and usually filed) before
        // xieshang: its papers may be attached although no step was recorded here.
        d.imported.is_some()
            || match self {
                Self::Signed => d.signing.is_some(),
                Self::Resolution => d.congress.is_some(),
                Self::Receipt => d.filing.is_some(),
            }
    }
}

/// The kinds of file taken, recognised by their first bytes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    Pdf,
    Jpeg,
    Png,
}

impl FileFormat {
    /// The format `bytes` start like, if any of ours.
    pub fn detect(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else {
            None
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
        }
    }
}

/// One attached file.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub kind: AttachmentKind,
    /// Its path inside the dossier: `attachments/<kind>-<n>.<ext>`.
    pub file: String,
    pub format: FileFormat,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    pub bytes: u64,
    /// When it was attached.
    pub added: NaiveDate,
    /// The file's name as it was given (sanitised), to recognise it by.
    pub name: String,
}

impl Attachment {
    /// The tag that binds it to its state's seal: `attach-<kind>-<n>`.
    pub fn tag(&self) -> String {
        let stem = self
            .file
            .rsplit('/')
            .next()
            .and_then(|f| f.split('.').next())
            .unwrap_or_default();
        format!("attach-{stem}")
    }
}

/// The attachments file: every attachment, in the order added.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Attachments {
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file offered for attaching, as read.
#[derive(Debug, Clone, Copy)]
pub struct Offered<'a> {
    pub kind: AttachmentKind,
    /// Its name as given (a display name only; sanitised here).
    pub name: &'a str,
    pub bytes: &'a [u8],
    /// SHA-256 of `bytes`, lowercase hex.
    pub sha256: &'a str,
    pub today: NaiveDate,
}

/// A file name a user can recognise, without anything a terminal or a commit would act on.
fn display_name(name: &str) -> String {
    let clean: String = crate::text::sanitize_line(name);
    clean.chars().take(120).collect()
}

/// Checks an offered file and returns the attachment to record and the event that records it.
/// Refused: a kind whose step is not recorded yet, a file that is empty, too large or not a
/// PDF/JPEG/PNG, the same bytes attached already.
pub fn attach(d: &Dossier, o: &Offered<'_>) -> Result<(Attachment, Event), Invalid> {
    let field = "attachment";
    if !o.kind.reached(d) {
        return Err(Invalid::new(
            "kind",
            o.kind.key(),
            Problem::Missing {
                what: o.kind.needs().to_string(),
            },
        ));
    }
    let name = display_name(o.name);
    let len = o.bytes.len() as u64;
    if len == 0 {
        return Err(Invalid::new(field, &name, Problem::Empty));
    }
    if len > MAX_BYTES {
        return Err(Invalid::new(
            field,
            &name,
            Problem::TooLarge {
                max_bytes: MAX_BYTES,
            },
        ));
    }
    let Some(format) = FileFormat::detect(o.bytes) else {
        return Err(Invalid::new(field, &name, Problem::NotAScan));
    };
    if d.attachments.iter().any(|a| a.sha256 == o.sha256) {
        return Err(Invalid::new(field, &name, Problem::Duplicate));
    }
    let n = d.attachments.iter().filter(|a| a.kind == o.kind).count() + 1;
    let a = Attachment {
        kind: o.kind,
        file: format!("attachments/{}-{n}.{}", o.kind.key(), format.ext()),
        format,
        sha256: o.sha256.to_string(),
        bytes: len,
        added: o.today,
        name,
    };
    let event = Event::new("attachment.added")
        .arg("scan", o.kind.key())
        .arg("file", &a.file)
        .arg("sha256", &a.sha256);
    Ok((a, event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dossier::{ContractKind, Enterprise, Signing};

    fn signed() -> Dossier {
        let mut d = Dossier::new(
            "2026-001".into(),
            ContractKind::Wage,
            Enterprise::default(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        d.signing = Some(Signing {
            date: NaiveDate::from_ymd_opt(2026, 5, 22).unwrap(),
            workers_chief: None,
            employer_chief: None,
            seals: true,
        });
        d
    }

    fn offered<'a>(kind: AttachmentKind, bytes: &'a [u8], sha: &'a str) -> Offered<'a> {
        Offered {
            kind,
            name: "扫描件.pdf",
            bytes,
            sha256: sha,
            today: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        }
    }

    #[test]
    fn formats_are_known_by_their_first_bytes() {
        assert_eq!(FileFormat::detect(b"%PDF-1.7\n"), Some(FileFormat::Pdf));
        assert_eq!(
            FileFormat::detect(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileFormat::Jpeg)
        );
        assert_eq!(
            FileFormat::detect(b"\x89PNG\r\n\x1a\n...."),
            Some(FileFormat::Png)
        );
        // A name says nothing: a text file called .pdf is not a PDF.
        assert_eq!(FileFormat::detect(b"PDF-1.7"), None);
        assert_eq!(FileFormat::detect(b""), None);
    }

    #[test]
    fn a_signed_scan_waits_for_the_signing() {
        let mut d = signed();
        d.signing = None;
        let e = attach(&d, &offered(AttachmentKind::Signed, b"%PDF-1.4", "aa")).unwrap_err();
        assert_eq!(e.field, "kind");
        assert_eq!(
            e.problem,
            Problem::Missing {
                what: "signing".into()
            }
        );
    }

    #[test]
    fn attachments_are_numbered_per_kind_and_never_twice() {
        let mut d = signed();
        let (a, ev) = attach(&d, &offered(AttachmentKind::Signed, b"%PDF-1.4", "aa")).unwrap();
        assert_eq!(a.file, "attachments/signed-1.pdf");
        assert_eq!(a.tag(), "attach-signed-1");
        assert_eq!(a.bytes, 8);
        assert_eq!(ev.kind, "attachment.added");
        d.attachments.push(a);
        let (b, _) = attach(
            &d,
            &offered(AttachmentKind::Signed, b"\x89PNG\r\n\x1a\nxx", "bb"),
        )
        .unwrap();
        assert_eq!(b.file, "attachments/signed-2.png");
        let again = attach(&d, &offered(AttachmentKind::Signed, b"%PDF-1.4", "aa")).unwrap_err();
        assert_eq!(again.problem, Problem::Duplicate);
    }

    #[test]
    fn empty_large_and_unknown_files_are_refused() {
        let d = signed();
        let empty = attach(&d, &offered(AttachmentKind::Signed, b"", "e")).unwrap_err();
        assert_eq!(empty.problem, Problem::Empty);
        let text = attach(&d, &offered(AttachmentKind::Signed, b"hello", "t")).unwrap_err();
        assert_eq!(text.problem, Problem::NotAScan);
        let big = vec![b'%'; 20 * 1024 * 1024 + 1];
        let large = attach(&d, &offered(AttachmentKind::Signed, &big, "b")).unwrap_err();
        assert_eq!(
            large.problem,
            Problem::TooLarge {
                max_bytes: 20_971_520
            }
        );
    }

    #[test]
    fn hostile_names_are_cleaned() {
        let d = signed();
        let mut o = offered(AttachmentKind::Signed, b"%PDF-1.4", "aa");
        o.name = "scan\u{1b}]0;PWNED\u{7}\u{202e}fdp.exe";
        let (a, _) = attach(&d, &o).unwrap();
        assert!(!a.name.contains('\u{1b}'));
        assert!(!a.name.contains('\u{202e}'));
    }
}

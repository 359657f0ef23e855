//! Attaching scans to a dossier and showing them: the one path both shells take (`xieshang
//! attach`, `xieshang attachments`, the Archive screen's `o`). The domain decides whether a file
//! may be attached, the store keeps it; here they meet.

use super::{Failure, Service};
use crate::domain::Problem;
use crate::domain::attachment::{self, Attachment, AttachmentKind, Offered};
use crate::i18n::trf;
use std::path::{Path, PathBuf};

/// What attaching did.
#[derive(Debug, Clone)]
pub struct Attached {
    pub attachment: Attachment,
    pub commit: String,
}

impl Service {
    /// Attaches the file at `path` to dossier `id` as `kind`: one commit tagged
    /// `attach-<kind>-<n>`, or nothing when refused.
    pub(crate) fn attach(
        &mut self,
        id: &str,
        kind: AttachmentKind,
        path: &Path,
    ) -> Result<Attached, Failure> {
        let bytes = crate::store::import::read_bytes("FILE", path, attachment::MAX_BYTES)?;
        let sha = crate::domain::seal::sha256(&bytes);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let before = self.writer(id)?.dossier().clone();
        self.seal_holds(id)?;
        let standing = self.standing(id, &before, None);
        if let Some(owner) = standing.received_from {
            return Err(
                crate::domain::Invalid::new("dossier", id, Problem::NotOwner { owner }).into(),
            );
        }
        let (a, event) = attachment::attach(
            &before,
            &Offered {
                kind,
                name: &name,
                bytes: &bytes,
                sha256: &sha,
                today: self.today,
            },
        )?;
        let mut new = before.clone();
        new.attachments.push(a.clone());
        let commit = self.writer(id)?.attach(&new, &a, &bytes, &event)?;
        Ok(Attached {
            attachment: a,
            commit,
        })
    }

    /// The attachments of dossier `id`, in the order added.
    pub(crate) fn attachments(&self, id: &str) -> Result<Vec<Attachment>, Failure> {
        Ok(self.ws.load(id)?.attachments)
    }

    /// Opens attachment `n` (1-based, as listed) of dossier `id` with the system viewer; returns
    /// the file and the viewer started.
    pub(crate) fn open_attachment(&self, id: &str, n: usize) -> Result<(PathBuf, String), Failure> {
        let list = self.attachments(id)?;
        if list.is_empty() {
            return Err(Failure::Refused(trf(
                self.lang,
                "attachment.none",
                &[("id", &crate::text::sanitize_line(id))],
            )));
        }
        let Some(a) = n.checked_sub(1).and_then(|i| list.get(i)) else {
            return Err(crate::domain::Invalid::new(
                "--open",
                n.to_string(),
                Problem::OutOfRange {
                    min: 1,
                    max: list.len() as i64,
                },
            )
            .into());
        };
        let path = self.ws.attachment_path(id, a)?;
        match crate::store::attachments::open_with_viewer(&path) {
            Ok(viewer) => Ok((path, viewer)),
            Err((_, detail)) => Err(Failure::Refused(trf(
                self.lang,
                "attachment.no_viewer",
                &[("file", &a.file), ("detail", &detail)],
            ))),
        }
    }
}

/// A size the way people say it: bytes, KB or MB (one decimal).
pub(crate) fn size_text(bytes: u64, lang: crate::i18n::Lang) -> String {
    if bytes < 1024 {
        trf(lang, "attachment.bytes", &[("n", &bytes.to_string())])
    } else if bytes < 1024 * 1024 {
        let tenths = bytes * 10 / 1024;
        trf(
            lang,
            "attachment.kib",
            &[("n", &format!("{}.{}", tenths / 10, tenths % 10))],
        )
    } else {
        let tenths = bytes * 10 / (1024 * 1024);
        trf(
            lang,
            "attachment.mib",
            &[("n", &format!("{}.{}", tenths / 10, tenths % 10))],
        )
    }
}

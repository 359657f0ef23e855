//! `xieshang attach` and `xieshang attachments`: scans kept with the record — thin calls into
//! `service::attachments`, words from `locales/attachments.yml`.

use super::CliError;
use super::out::outln;
use crate::domain::attachment::AttachmentKind;
use crate::domain::{Invalid, Problem};
use crate::i18n::{tr, trf};
use crate::service::Service;
use crate::service::attachments::size_text;
use crate::text::sanitize_line;
use clap::Args;

#[derive(Args, Debug)]
pub(crate) struct AttachArgs {
    /// The dossier.
    pub id: String,
    /// The scan (PDF, JPEG or PNG).
    pub file: std::path::PathBuf,
    /// signed, resolution or receipt.
    #[arg(long)]
    pub kind: String,
}

#[derive(Args, Debug)]
pub(crate) struct AttachmentsArgs {
    /// The dossier.
    pub id: String,
    /// Open attachment N with the system viewer.
    #[arg(long, value_name = "N")]
    pub open: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn kind(s: &str) -> Result<AttachmentKind, Invalid> {
    AttachmentKind::from_key(s.trim()).ok_or_else(|| {
        Invalid::new(
            "--kind",
            s,
            Problem::UnknownKey {
                valid: "signed, resolution, receipt".to_string(),
            },
        )
    })
}

pub(crate) fn attach(svc: &mut Service, a: &AttachArgs) -> Result<(), CliError> {
    let lang = svc.lang();
    let k = kind(&a.kind)?;
    let done = svc.attach(&a.id, k, &a.file)?;
    let at = &done.attachment;
    outln!(
        "{}",
        trf(
            lang,
            "attachment.added",
            &[
                ("id", &sanitize_line(&a.id)),
                ("kind", &tr(lang, &format!("attachment.kind.{}", k.key()))),
                ("file", &at.file),
                ("format", at.format.label()),
                ("size", &size_text(at.bytes, lang)),
                ("tag", &at.tag()),
                ("commit", done.commit.get(..7).unwrap_or(&done.commit)),
            ],
        )
    )
}

pub(crate) fn attachments(svc: &mut Service, a: &AttachmentsArgs) -> Result<(), CliError> {
    let lang = svc.lang();
    if let Some(n) = &a.open {
        let n: usize = n
            .trim()
            .parse()
            .map_err(|_| Invalid::new("--open", n, Problem::NotANumber))?;
        let (path, viewer) = svc.open_attachment(&a.id, n)?;
        return outln!(
            "{}",
            trf(
                lang,
                "attachment.opening",
                &[
                    ("file", &path.display().to_string()),
                    ("viewer", &sanitize_line(&viewer))
                ],
            )
        );
    }
    let list = svc.attachments(&a.id)?;
    if a.json {
        let v = serde_json::json!({ "id": a.id, "attachments": list });
        return outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    if list.is_empty() {
        return outln!(
            "{}",
            trf(lang, "attachment.none", &[("id", &sanitize_line(&a.id))])
        );
    }
    for (i, at) in list.iter().enumerate() {
        outln!(
            "{}",
            trf(
                lang,
                "attachment.line",
                &[
                    ("n", &(i + 1).to_string()),
                    (
                        "kind",
                        &tr(lang, &format!("attachment.kind.{}", at.kind.key()))
                    ),
                    ("file", &at.file),
                    ("format", at.format.label()),
                    ("size", &size_text(at.bytes, lang)),
                    ("added", &at.added.to_string()),
                    ("name", &sanitize_line(&at.name)),
                    ("short", at.sha256.get(..12).unwrap_or(&at.sha256)),
                ],
            )
        )?;
    }
    Ok(())
}

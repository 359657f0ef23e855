//! `xieshang export ID DOC|--all`: the procedure's papers as DOCX or PDF — a thin call into
//! `service::export`. The facts printed as blanks are listed on stderr before the file is
//! written, so nothing is left out silently.

use super::CliError;
use super::out::{errln, outln};
use crate::documents::{DocKind, Format};
use crate::i18n::trf;
use crate::service::Service;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// The dossier.
    pub id: String,
    /// offer, reply, minutes, resolution, contract, opinion, filing or note.
    pub doc: Option<String>,
    /// Every paper of the dossier (with --out: the folder to write them to).
    #[arg(long)]
    pub all: bool,
    /// The round whose minutes to export (minutes only; default 1).
    #[arg(long, value_name = "N")]
    pub round: Option<String>,
    /// docx or pdf (default: the --out file's extension, else docx).
    #[arg(long)]
    pub format: Option<String>,
    /// The file to write (with --all: the folder); default <workspace>/exports/<id>/.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

fn usage(svc: &Service, key: &str, args: &[(&str, &str)]) -> CliError {
    CliError::Usage(trf(svc.lang(), key, args))
}

/// The format asked for with `--format`, else the one the `--out` file's extension names
/// (`.pdf`, `.docx`), else DOCX; `--format` naming the other one than the extension is refused.
fn format_of(svc: &Service, a: &ExportArgs) -> Result<Format, CliError> {
    let from_ext = a
        .out
        .as_deref()
        .filter(|_| !a.all)
        .and_then(|p| p.extension())
        .and_then(|e| Format::from_key(&e.to_string_lossy().to_ascii_lowercase()));
    let Some(asked) = &a.format else {
        return Ok(from_ext.unwrap_or(Format::Docx));
    };
    let format = Format::from_key(asked).ok_or_else(|| {
        usage(
            svc,
            "export.bad_format",
            &[("value", &crate::text::visible(asked))],
        )
    })?;
    match (from_ext, &a.out) {
        (Some(ext), Some(out)) if ext != format => Err(usage(
            svc,
            "export.format_conflict",
            &[
                ("format", format.key()),
                ("path", &crate::text::visible(&out.display().to_string())),
                ("ext", ext.key()),
            ],
        )),
        _ => Ok(format),
    }
}

pub(crate) fn run(svc: &Service, a: &ExportArgs) -> Result<(), CliError> {
    let lang = svc.lang();
    let format = format_of(svc, a)?;
    let round = match &a.round {
        None => None,
        Some(r) => {
            Some(crate::domain::values::parse_count("--round", r, 999).map_err(CliError::Invalid)?)
        }
    };
    let kinds: Vec<DocKind> = if a.all {
        if a.doc.is_some() {
            return Err(usage(svc, "export.doc_and_all", &[]));
        }
        crate::service::export::all_kinds(&svc.load(&a.id)?)
    } else {
        let key = a
            .doc
            .as_deref()
            .ok_or_else(|| usage(svc, "export.no_doc", &[("docs", &DocKind::KEYS.join(", "))]))?;
        let kind = DocKind::from_key(key, round).ok_or_else(|| {
            usage(
                svc,
                "export.bad_doc",
                &[
                    ("value", &crate::text::visible(key)),
                    ("docs", &DocKind::KEYS.join(", ")),
                ],
            )
        })?;
        if round.is_some() && !matches!(kind, DocKind::Minutes(_)) {
            return Err(usage(svc, "export.round_only_minutes", &[]));
        }
        if round == Some(0) {
            return Err(usage(svc, "export.bad_round", &[]));
        }
        vec![kind]
    };
    for kind in kinds {
        let doc = svc.document(&a.id, kind)?;
        if !doc.blanks.is_empty() {
            errln!(
                "{}",
                trf(
                    lang,
                    "export.blanks",
                    &[
                        ("doc", &svc.paper_name(kind)),
                        ("list", &doc.blank_list(lang))
                    ]
                )
            );
        }
        if format == Format::Pdf {
            let lost = svc.unprintable(&doc);
            if !lost.is_empty() {
                errln!(
                    "{}",
                    trf(
                        lang,
                        "export.unprintable",
                        &[
                            ("doc", &svc.paper_name(kind)),
                            ("list", &crate::service::export::char_list(lang, &lost))
                        ]
                    )
                );
            }
        }
        let path = svc.write_document(&a.id, &doc, format, a.out.as_deref(), a.all)?;
        outln!(
            "{}",
            trf(
                lang,
                "export.written",
                &[
                    ("doc", &svc.paper_name(kind)),
                    ("path", &crate::text::visible(&path.display().to_string()))
                ]
            )
        )?;
    }
    Ok(())
}

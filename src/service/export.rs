//! Exporting the procedure's papers: builds a document from the dossier (the workspace's own
//! template `templates/doc-<key>.md` when there is one), writes it as DOCX or PDF, and hands the
//! bytes to the store. The papers of the current step (`papers_for`) are what the Dossier
//! screen offers. The PDF embeds the system's CJK font when one is found, else the one compiled
//! into the program.

use super::{Failure, Service};
use crate::documents::vars::Costed;
use crate::documents::{self, DocKind, DocTemplate, Document, Format, Input};
use crate::domain::Dossier;
use crate::i18n::{tr, trf};
use std::path::{Path, PathBuf};

/// One paper written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub kind: DocKind,
    pub path: PathBuf,
    /// The facts printed as blanks, by label in the user's language.
    pub blanks: Vec<String>,
}

/// A paper built for the TUI's question: which, its name, its blanks (labels in the user's
/// language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    pub kind: DocKind,
    pub name: String,
    pub blanks: Vec<String>,
    /// The characters no font has, which the PDF draws as `□` (`喆 (U+5586)`).
    pub unprintable: Vec<String>,
}

/// Every paper of a dossier, in the order of the procedure (the minutes once per round held,
/// or once as a blank form when none was).
pub fn all_kinds(d: &crate::domain::Dossier) -> Vec<DocKind> {
    let mut v = vec![DocKind::Offer, DocKind::Reply];
    let rounds: Vec<u32> = d.rounds.iter().map(|r| r.number).collect();
    if rounds.is_empty() {
        v.push(DocKind::Minutes(1));
    } else {
        v.extend(rounds.into_iter().map(DocKind::Minutes));
    }
    v.extend([
        DocKind::Opinion,
        DocKind::Resolution,
        DocKind::Contract,
        DocKind::Note,
        DocKind::Filing,
    ]);
    v
}

/// The papers that belong to procedure step `step` (a `domain::procedure::Step` key).
pub fn papers_for(step: &str, d: &crate::domain::Dossier) -> Vec<DocKind> {
    match step {
        "representatives" | "offer" => vec![DocKind::Offer, DocKind::Reply],
        "rounds" | "preparation" => {
            let mut v: Vec<DocKind> = d
                .rounds
                .iter()
                .map(|r| DocKind::Minutes(r.number))
                .collect();
            let next = d
                .rounds
                .last()
                .map_or(1, |r| r.number + u32::from(!r.is_open()));
            if !v.contains(&DocKind::Minutes(next)) {
                v.push(DocKind::Minutes(next));
            }
            v
        }
        "draft" | "prereview" => vec![DocKind::Contract, DocKind::Opinion],
        "congress" => vec![DocKind::Resolution, DocKind::Contract],
        "signing" => vec![DocKind::Contract],
        "filing" | "effect" | "term" => {
            vec![DocKind::Filing, DocKind::Note, DocKind::Contract]
        }
        _ => all_kinds(d),
    }
}

impl Service {
    /// The template of document `kind`: the workspace's `templates/doc-<key>.md`, else built in.
    fn doc_template(&self, kind: DocKind) -> Result<DocTemplate, Failure> {
        let name = format!("doc-{}", kind.key());
        if let Some((path, text)) = self.ws.user_template(&name)? {
            return DocTemplate::parse(&path, &text)
                .map_err(|e| Failure::Refused(e.message(self.lang)));
        }
        DocTemplate::builtin(kind.key()).ok_or_else(|| {
            Failure::Refused(trf(self.lang, "export.no_template", &[("doc", kind.key())]))
        })
    }

    /// Document `kind` of dossier `id`, built (nothing written): its text and its blanks.
    pub fn document(&self, id: &str, kind: DocKind) -> Result<Document, Failure> {
        let mut d = self.load(id)?;
        if kind == DocKind::Note {
            self.others().fill(id, &mut d);
        }
        let contract = match kind {
            DocKind::Contract | DocKind::Note | DocKind::Filing | DocKind::Resolution => {
                self.contract(id).ok()
            }
            _ => None,
        };
        let template = self.doc_template(kind)?;
        let costed = match kind {
            DocKind::Note => Some(self.costed(&d)?),
            _ => None,
        };
        Ok(documents::build(
            kind,
            &Input {
                dossier: &d,
                contract: contract.as_ref(),
                template: &template,
                costed: costed.as_ref(),
            },
        ))
    }

    /// The agreed package costed as `xieshang cost` costs it (`service::costing::costing_of`,
    /// the last round), and the agreed increase judged on the same basis: the increase of the
    /// agreed terms, else the one agreed at the table (as `cost` shows it), against the
    /// guideline entered in the preparation, else the region's for the year of the last round.
    fn costed(&self, d: &Dossier) -> Result<Costed, Failure> {
        let data = self.data()?;
        let costing = super::costing::costing_of(d, &data.regions, None, self.today);
        let basis = super::costing::basis_of(d, &data.regions, None, self.today);
        let agreed = costing
            .issues
            .iter()
            .flat_map(|i| i.increase.iter())
            .find(|(who, _)| who == "agreed")
            .map(|(_, k)| *k);
        Ok(Costed {
            increase: d
                .terms
                .avg_wage_increase_bp
                .map(|bp| basis.judge_increase(bp))
                .or(agreed),
            guideline: basis.guideline,
            cpi_bp: basis.cpi_bp,
            productivity_bp: basis.productivity_bp,
            costing,
        })
    }

    /// The characters of `doc` that neither the system's fonts nor the one compiled into the
    /// program have: its PDF draws each as `□` (the text layer keeps the character), and they
    /// are named before the paper is written, never left out silently.
    pub fn unprintable(&self, doc: &Document) -> Vec<char> {
        let text = pdf_text(doc);
        let system = crate::store::fonts::cjk_fonts(&text);
        let mut fonts: Vec<&[u8]> = system.iter().map(Vec::as_slice).collect();
        fonts.push(documents::EMBEDDED_FONT);
        documents::pdf::missing(&text, &fonts)
    }

    /// The bytes of `doc` in `format`.
    pub fn document_bytes(&self, doc: &Document, format: Format) -> Result<Vec<u8>, Failure> {
        let bytes = match format {
            Format::Docx => documents::docx::write(doc),
            Format::Pdf => {
                let system = crate::store::fonts::cjk_fonts(&pdf_text(doc));
                let mut fonts: Vec<&[u8]> = system.iter().map(Vec::as_slice).collect();
                fonts.push(documents::EMBEDDED_FONT);
                documents::pdf::write(doc, &fonts).map(|w| w.bytes)
            }
        };
        bytes.map_err(|e| {
            Failure::Refused(trf(
                self.lang,
                "export.write_failed",
                &[("detail", &write_detail(self.lang, &e))],
            ))
        })
    }

    /// Where a paper goes: `out` as named (refused inside a dossier, `.git` or `.xieshang`, or
    /// in a folder that does not exist), else `<workspace>/exports/<id>/<stem>.<ext>`.
    fn target(
        &self,
        id: &str,
        kind: DocKind,
        format: Format,
        out: Option<&Path>,
        dir: bool,
    ) -> Result<(PathBuf, bool), Failure> {
        let file = format!("{}.{}", kind.file_stem(), format.key());
        let (path, create) = match out {
            Some(o) if dir => (o.join(file), true),
            Some(o) => (o.to_path_buf(), false),
            None => (
                crate::store::export::default_dir(self.ws.root(), id).join(file),
                true,
            ),
        };
        if let Some(inside) = crate::store::export::forbidden_place(&path) {
            return Err(Failure::Refused(trf(
                self.lang,
                "export.forbidden_place",
                &[
                    ("path", &crate::text::visible(&path.display().to_string())),
                    (
                        "inside",
                        &crate::text::visible(&inside.display().to_string()),
                    ),
                ],
            )));
        }
        if !create {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            if parent.is_some_and(|p| !p.is_dir()) {
                return Err(Failure::Refused(trf(
                    self.lang,
                    "export.no_folder",
                    &[("path", &crate::text::visible(&path.display().to_string()))],
                )));
            }
        }
        Ok((path, create))
    }

    /// Writes the built paper `doc` of dossier `id` as `format` to `out` (a file; with `dir`, a
    /// folder to put it in), or to the default folder; returns where.
    pub fn write_document(
        &self,
        id: &str,
        doc: &Document,
        format: Format,
        out: Option<&Path>,
        dir: bool,
    ) -> Result<PathBuf, Failure> {
        let (path, create) = self.target(id, doc.kind, format, out, dir)?;
        let bytes = self.document_bytes(doc, format)?;
        crate::store::export::write_export(&path, &bytes, create)?;
        Ok(path)
    }

    /// Exports document `kind` of dossier `id` to `out` (or the default folder).
    pub fn export(
        &self,
        id: &str,
        kind: DocKind,
        format: Format,
        out: Option<&Path>,
    ) -> Result<Exported, Failure> {
        let doc = self.document(id, kind)?;
        let path = self.write_document(id, &doc, format, out, false)?;
        Ok(Exported {
            kind,
            path,
            blanks: doc.blank_labels(self.lang),
        })
    }

    /// Exports every paper of dossier `id` into folder `dir` (created when missing; the
    /// default folder when `None`).
    pub fn export_all(
        &self,
        id: &str,
        format: Format,
        dir: Option<&Path>,
    ) -> Result<Vec<Exported>, Failure> {
        let d = self.load(id)?;
        let mut done = Vec::new();
        for kind in all_kinds(&d) {
            let doc = self.document(id, kind)?;
            let path = self.write_document(id, &doc, format, dir, dir.is_some())?;
            done.push(Exported {
                kind,
                path,
                blanks: doc.blank_labels(self.lang),
            });
        }
        Ok(done)
    }

    /// Papers `kinds` of dossier `id`, built, with their blanks (nothing written).
    pub fn papers(&self, id: &str, kinds: &[DocKind]) -> Result<Vec<Paper>, Failure> {
        kinds
            .iter()
            .map(|k| {
                let doc = self.document(id, *k)?;
                Ok(Paper {
                    kind: *k,
                    name: self.paper_name(*k),
                    blanks: doc.blank_labels(self.lang),
                    unprintable: self
                        .unprintable(&doc)
                        .into_iter()
                        .map(|c| char_name(self.lang, c))
                        .collect(),
                })
            })
            .collect()
    }

    /// Writes papers `kinds` of dossier `id` as DOCX and PDF to the default folder; the folder.
    pub fn export_papers(&self, id: &str, kinds: &[DocKind]) -> Result<PathBuf, Failure> {
        for k in kinds {
            let doc = self.document(id, *k)?;
            for f in [Format::Docx, Format::Pdf] {
                self.write_document(id, &doc, f, None, false)?;
            }
        }
        Ok(crate::store::export::default_dir(self.ws.root(), id))
    }

    /// The paper's name in the user's language (`要约书`).
    pub fn paper_name(&self, kind: DocKind) -> String {
        match kind {
            DocKind::Minutes(n) => trf(self.lang, "export.paper.minutes", &[("n", &n.to_string())]),
            k => tr(self.lang, &format!("export.paper.{}", k.key())),
        }
    }
}

/// Everything a PDF of `doc` prints: its text, title and footer.
fn pdf_text(doc: &Document) -> String {
    let mut t = doc.plain_text();
    t.push_str(&doc.title);
    t.push_str(doc.footer.as_deref().unwrap_or_default());
    t
}

/// A character named so that it can be found even when it does not show: `喆（U+5586）`.
pub fn char_name(lang: crate::i18n::Lang, c: char) -> String {
    let shown = crate::text::visible(&c.to_string());
    let code = format!("U+{:04X}", u32::from(c));
    match lang {
        crate::i18n::Lang::ZhCn => format!("{shown}（{code}）"),
        crate::i18n::Lang::En => format!("{shown} ({code})"),
    }
}

/// The characters `chars` as one list in `lang`.
pub fn char_list(lang: crate::i18n::Lang, chars: &[char]) -> String {
    let sep = match lang {
        crate::i18n::Lang::ZhCn => "、",
        crate::i18n::Lang::En => ", ",
    };
    let names: Vec<String> = chars.iter().map(|c| char_name(lang, *c)).collect();
    names.join(sep)
}

/// Why a paper could not be written, in `lang`: a system reason in the user's words; a
/// failure of the font or zip library (English words of its own) said in the user's language
/// with the library's words quoted at the end.
fn write_detail(lang: crate::i18n::Lang, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::Other && e.raw_os_error().is_none() {
        crate::i18n::with_original(lang, "export.write_why", &e.to_string())
    } else {
        crate::i18n::io_detail(lang, e)
    }
}

#[cfg(test)]
mod write_detail_tests {
    use super::write_detail;
    use crate::i18n::Lang;

    #[test]
    fn a_library_failure_is_said_in_chinese_with_its_words_quoted() {
        let e = std::io::Error::other("font has no glyph table");
        assert_eq!(
            write_detail(Lang::ZhCn, &e),
            "字体或文件格式处理出错（原文：“font has no glyph table”）"
        );
        assert_eq!(write_detail(Lang::En, &e), "font has no glyph table");
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(write_detail(Lang::ZhCn, &e), "文件或文件夹不存在");
    }
}

//! The draft: making it (from a template filled with the agreed terms, or imported from a text
//! file) and changing it clause by clause (edit, insert, delete, move — renumbering and rewriting
//! cross-references through `contract::edit`). Each action is one commit whose events say what
//! changed, and returns what the user must be told: references left dangling by a deletion,
//! template variables left unfilled, the draft's content findings.

use super::{Event, Failure, Service};
use crate::contract::edit::{self, Place};
use crate::contract::parse::ParseErrorKind;
use crate::contract::{Contract, content, parse, render, template};
use crate::domain::rules::Finding;
use crate::domain::{Dossier, Invalid, Problem};
use crate::i18n::{Lang, tr, trf};
use std::path::PathBuf;

/// A change to the draft. Clause numbers are 1-based; `after: 0` means "at the start".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftOp {
    /// Replace clause `number` with `text`.
    Edit {
        number: usize,
        text: String,
    },
    /// Insert a clause with `text` after clause `after`.
    Insert {
        after: usize,
        text: String,
    },
    Delete {
        number: usize,
    },
    /// Move clause `number` to just after clause `after`.
    Move {
        number: usize,
        after: usize,
    },
}

impl DraftOp {
    /// The event a commit of this operation carries; `offset` shifts positions to the numbers
    /// a fragment prints (15 for a part from 第十六条).
    fn event(&self, offset: usize) -> Event {
        let label = |n: usize| render::clause_label(n + offset);
        match self {
            DraftOp::Edit { number, .. } => {
                Event::new("clause.modified").arg("clause", label(*number))
            }
            DraftOp::Insert { after: 0, .. } => Event::new("clause.inserted_first"),
            DraftOp::Insert { after, .. } => {
                Event::new("clause.inserted").arg("after", label(*after))
            }
            DraftOp::Delete { number } => {
                Event::new("clause.deleted").arg("clause", label(*number))
            }
            DraftOp::Move { number, after: 0 } => {
                Event::new("clause.moved_first").arg("clause", label(*number))
            }
            DraftOp::Move { number, after } => Event::new("clause.moved")
                .arg("clause", label(*number))
                .arg("after", label(*after)),
        }
    }

    fn apply(&self, c: &Contract) -> Result<edit::EditOutcome, edit::EditError> {
        match self {
            DraftOp::Edit { number, text } => edit::edit_clause(c, *number, text),
            DraftOp::Insert { after, text } => edit::insert_clause(c, Place::After(*after), text),
            DraftOp::Delete { number } => edit::delete_clause(c, *number),
            DraftOp::Move { number, after } => edit::move_clause(c, *number, Place::After(*after)),
        }
    }
}

/// Where a new draft comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftSource {
    /// A built-in template by name or kind key, or the user's `<workspace>/templates/NAME.md`;
    /// `None`: the dossier's kind.
    Template(Option<String>),
    /// A contract file: .docx, .doc, .wps or text (UTF-8 or GBK), tracked changes accepted.
    Import(PathBuf),
    /// A contract file whose tracked changes are recorded as two successive versions: the text
    /// before the revisions, then the text with them accepted (`--tracked both`).
    ImportTracked(PathBuf),
}

/// A reference into a deleted clause, left as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    /// `第七条`: the clause (after the edit) holding the reference.
    pub clause: String,
    /// The reference as written.
    pub text: String,
}

/// A clause operation committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub commit: String,
    pub events: Vec<Event>,
    pub dangling: Vec<Dangling>,
    pub findings: Vec<Finding>,
}

/// A draft made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drafted {
    pub commit: String,
    pub events: Vec<Event>,
    pub clauses: usize,
    /// Template variables with no value yet (visible `【待定：…】` blanks in the text).
    pub missing: Vec<String>,
    /// The template's values taken from the dossier, by origin (agreed terms, the table, the
    /// preparation, the enterprise): each as its label and value (`平均工资增长幅度`, `6.5%`).
    pub from: Vec<(crate::contract::sources::ValueFrom, Vec<(String, String)>)>,
    pub findings: Vec<Finding>,
    /// What the import left out (a table of contents) and renumbered, one message each, in the
    /// user's language.
    pub warnings: Vec<String>,
    /// An imported Word file's tracked changes by author (accepted in the draft).
    pub revisions: Vec<crate::contract::word::Revisions>,
    /// With [`DraftSource::ImportTracked`] and tracked changes: the commit holding the text
    /// before them (the parent of `commit`).
    pub before: Option<String>,
    /// With [`DraftSource::Import`] of a file with tracked changes: whether `--tracked both`
    /// would record the text before them (it has clauses; not when every clause was inserted).
    pub both_possible: bool,
}

impl Drafted {
    /// `missing` as both shells say it: the template's blanks left unfilled, if any.
    pub fn missing_line(&self, lang: Lang) -> Option<String> {
        let sep = match lang {
            Lang::ZhCn => "、",
            Lang::En => ", ",
        };
        (!self.missing.is_empty()).then(|| {
            trf(
                lang,
                "cli.template_missing",
                &[("vars", &self.missing.join(sep))],
            )
        })
    }

    /// Where the template's values came from, one line per origin
    /// (`取自谈判桌上一致的议题：平均工资增长幅度（6.5%）`).
    pub fn from_lines(&self, lang: Lang) -> Vec<String> {
        let sep = match lang {
            Lang::ZhCn => "、",
            Lang::En => ", ",
        };
        self.from
            .iter()
            .map(|(origin, vars)| {
                let vars: Vec<String> = vars
                    .iter()
                    .map(|(label, value)| format!("{label}{}", crate::i18n::parens(lang, value)))
                    .collect();
                trf(
                    lang,
                    "contract.filled_from",
                    &[
                        (
                            "from",
                            &tr(lang, &format!("contract.from.{}", origin.key())),
                        ),
                        ("vars", &vars.join(sep)),
                    ],
                )
            })
            .collect()
    }

    /// What the user must read after the draft is made, one message each, in the user's
    /// language: where the template's values came from, each author's tracked changes
    /// (accepted), the template's blanks, the table of
    /// contents left out and every renumbering. The CLI prints them and the TUI lists them in a
    /// window, from this one list; only the hint about the tracked changes' two versions is each
    /// shell's own (it names a flag or a form field).
    pub fn notes(&self, lang: Lang) -> Vec<String> {
        self.from_lines(lang)
            .into_iter()
            .chain(
                self.revisions
                    .iter()
                    .map(|r| super::word_import::revision_line(r, lang)),
            )
            .chain(self.missing_line(lang))
            .chain(self.warnings.iter().cloned())
            .collect()
    }
}

/// The one hand-over from an imported file's text to the contract model: Word paragraphs and
/// pasted text alike go through the import step (`contract::import`: headings in run-on text,
/// hard wraps joined, front and back matter, numbering as found, with a warning per renumbering).
pub(crate) fn import_contract(
    text: &str,
    paragraphs: bool,
) -> Result<crate::contract::import::Imported, crate::contract::import::ImportError> {
    if paragraphs {
        crate::contract::import::import_paragraphs(text)
    } else {
        crate::contract::import::import_text(text)
    }
}

fn sealed(d: &Dossier) -> Result<(), Failure> {
    if d.is_sealed() {
        return Err(Invalid::new("dossier", &d.id, Problem::Sealed).into());
    }
    Ok(())
}

fn content_findings(d: &Dossier, c: &Contract, lang: crate::i18n::Lang) -> Vec<Finding> {
    let tpl = template::Template::for_kind(d.kind);
    content::check(d.kind, c, tpl.as_ref(), lang)
}

/// `text` with the amended `clauses` (number, new text) rewritten in place, canonically rendered.
/// Clause edits keep the structure (see `contract::edit`), so an amendment cannot add headings.
pub(crate) fn amended(
    id: &str,
    text: &str,
    clauses: &[(usize, String)],
    lang: crate::i18n::Lang,
) -> Result<String, Failure> {
    let mut c = parse::parse(text)
        .map_err(|e| Invalid::new("contract.md", id, Problem::Other(e.message(lang))))?;
    for (n, t) in clauses {
        c = edit::edit_clause(&c, *n, t)
            .map_err(|e| Invalid::new("clause", n.to_string(), Problem::Other(e.message(lang))))?
            .contract;
    }
    Ok(render::render(&c))
}

impl Service {
    /// The current draft, parsed; refused when there is none or it does not parse.
    pub(crate) fn contract(&self, id: &str) -> Result<Contract, Failure> {
        let text = self
            .ws
            .file_at(id, "HEAD", crate::store::CONTRACT_FILE)?
            .ok_or_else(|| {
                Invalid::new(
                    "draft",
                    id,
                    Problem::Missing {
                        what: "draft".into(),
                    },
                )
            })?;
        parse::parse(&text).map_err(|e| {
            Invalid::new("contract.md", id, Problem::Other(e.message(self.lang))).into()
        })
    }

    /// Changes the draft of dossier `id` by `op`: one commit, or nothing when refused.
    pub(crate) fn edit_draft(&mut self, id: &str, op: &DraftOp) -> Result<Edited, Failure> {
        let lang = self.lang;
        let w = self.writer(id)?;
        let d = w.dossier().clone();
        sealed(&d)?;
        // No draft yet: refuse rather than edit an empty contract, whose rendering would be
        // saved as a contract.md that does not parse back.
        let text = w
            .contract_text()?
            .ok_or_else(|| Failure::Refused(tr(lang, "ui.flash.no_draft")))?;
        let c = parse::parse(&text)
            .map_err(|e| Invalid::new("contract.md", id, Problem::Other(e.message(lang))))?;
        // A refusal names the clause the operation was given, as the contract prints it.
        let clause = match op {
            DraftOp::Edit { number, .. }
            | DraftOp::Delete { number }
            | DraftOp::Move { number, .. } => *number,
            DraftOp::Insert { after, .. } => *after,
        } + c.offset();
        let outcome = op.apply(&c).map_err(|e| {
            Invalid::new(
                "clause",
                clause.to_string(),
                Problem::Other(e.message(lang)),
            )
        })?;
        let events = vec![op.event(c.offset())];
        let rendered = render::render(&outcome.contract);
        let commit = w.save(
            &d,
            Some(&rendered),
            &crate::domain::event::commit_message(&events),
            &[],
        )?;
        Ok(Edited {
            commit,
            events,
            dangling: outcome
                .dangling
                .iter()
                .map(|r| Dangling {
                    clause: render::clause_label(outcome.contract.number_of(r.in_clause)),
                    text: r.text.clone(),
                })
                .collect(),
            findings: content_findings(&d, &outcome.contract, lang),
        })
    }

    /// Makes the draft of dossier `id` from `source`, tagged `draft`. An existing draft is
    /// replaced only with `force` (the TUI asks first; the CLI wants `--force`).
    pub(crate) fn make_draft(
        &mut self,
        id: &str,
        source: &DraftSource,
        force: bool,
    ) -> Result<Drafted, Failure> {
        let lang = self.lang;
        let d = self.writer(id)?.dossier().clone();
        sealed(&d)?;
        if !force && self.writer(id)?.contract_text()?.is_some() {
            return Err(Failure::Refused(tr(lang, "cli.draft_exists")));
        }
        let mut warnings = Vec::new();
        let mut revisions = Vec::new();
        let mut before: Option<(Contract, Vec<Event>)> = None;
        let mut both_possible = false;
        let mut from = Vec::new();
        let (contract, event, missing) = match source {
            DraftSource::Import(path) | DraftSource::ImportTracked(path) => {
                let file = super::word_import::read_draft_file("--from", path, lang)?;
                let refuse = |e: crate::contract::import::ImportError| -> Failure {
                    Invalid::new(
                        "--from",
                        path.display().to_string(),
                        Problem::Other(e.message(lang)),
                    )
                    .into()
                };
                let imported = file.import(&file.text).map_err(refuse)?;
                // Left out by the Word reader (a Word table of contents) or by the import step
                // (one typed into the text).
                let toc = file.toc + imported.toc;
                if toc > 0 {
                    warnings.push(trf(lang, "word.toc_left_out", &[("n", &toc.to_string())]));
                }
                warnings.extend(imported.warnings.iter().map(|w| w.message(lang)));
                let c = imported.contract;
                let name = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match (source, &file.before) {
                    (DraftSource::ImportTracked(_), Some(text)) => {
                        let old = file.import(text).map_err(|e| match e.kind {
                            // Every clause was inserted as a tracked change: there is no
                            // earlier version to record.
                            ParseErrorKind::Empty | ParseErrorKind::NoClause => Invalid::new(
                                "--tracked",
                                "both",
                                Problem::Other(tr(lang, "word.error.before_no_clause")),
                            )
                            .into(),
                            ParseErrorKind::OutsideClause(_) => refuse(e),
                        })?;
                        before = Some((
                            old.contract,
                            vec![Event::new("draft.imported_before").arg("file", name.clone())],
                        ));
                    }
                    (DraftSource::Import(_), Some(text)) => {
                        both_possible = file.import(text).is_ok();
                    }
                    _ => {}
                }
                revisions = file.revisions;
                let event = if before.is_some() {
                    Event::new("draft.revisions_accepted").arg("file", name)
                } else {
                    Event::new("draft.imported").arg("file", name)
                };
                (c, event, Vec::new())
            }
            DraftSource::Template(name) => {
                let name = name.as_deref().unwrap_or(d.kind.key());
                let tpl = self.template(name)?;
                let filled = tpl.fill(&d);
                let c = parse::parse(&filled.text).map_err(|e| {
                    Invalid::new("--template", name, Problem::Other(e.message(lang)))
                })?;
                // What each blank asks for, as the template words it (工资支付日), not the
                // variable's name (pay_day).
                let missing = filled
                    .missing
                    .iter()
                    .map(|n| {
                        tpl.variables
                            .iter()
                            .find(|v| v.name == *n)
                            .map_or_else(|| n.clone(), |v| v.label.clone())
                    })
                    .collect();
                from = crate::contract::sources::ValueFrom::ALL
                    .into_iter()
                    .filter_map(|origin| {
                        let vars: Vec<(String, String)> = filled
                            .from
                            .iter()
                            .filter(|(_, o)| *o == origin)
                            .filter_map(|(n, _)| {
                                let (value, _) = crate::contract::sources::dossier_value(n, &d)?;
                                // The variable's name in the user's language; a user's
                                // template's own label where there is none.
                                let label = crate::i18n::lookup(lang, &format!("contract.var.{n}"))
                                    .or_else(|| tpl.variable(n).map(|v| v.label.clone()))
                                    .unwrap_or_else(|| n.clone());
                                // Money with its unit, as the contract's text writes it after
                                // the blank (`2300元`).
                                let shown = match value {
                                    crate::contract::template::Value::Fen(_) => match lang {
                                        Lang::ZhCn => format!("{}元", value.render()),
                                        Lang::En => format!("¥{}", value.render()),
                                    },
                                    _ => value.render(),
                                };
                                Some((label, shown))
                            })
                            .collect();
                        (!vars.is_empty()).then_some((origin, vars))
                    })
                    .collect();
                (
                    c,
                    Event::new("draft.template").arg("template", name),
                    missing,
                )
            }
        };
        let before = match before {
            Some((old, events)) => Some(self.writer(id)?.save(
                &d,
                Some(&render::render(&old)),
                &crate::domain::event::commit_message(&events),
                &[],
            )?),
            None => None,
        };
        let text = render::render(&contract);
        let events = vec![event];
        let commit = self.writer(id)?.save(
            &d,
            Some(&text),
            &crate::domain::event::commit_message(&events),
            &["draft"],
        )?;
        Ok(Drafted {
            commit,
            events,
            clauses: contract.clause_count(),
            missing,
            from,
            findings: content_findings(&d, &contract, lang),
            warnings,
            revisions,
            before,
            both_possible,
        })
    }

    /// A template by name: built-in (by name or kind key) first, then the workspace's own.
    pub(crate) fn template(&self, name: &str) -> Result<template::Template, Failure> {
        if let Some(t) = template::builtin_templates()
            .into_iter()
            .find(|t| t.name == name || t.kind.key() == name)
        {
            return Ok(t);
        }
        match self.ws.user_template(name)? {
            Some((path, text)) => Ok(template::Template::parse(&path, &text).map_err(|e| {
                Invalid::new("--template", name, Problem::Other(e.message(self.lang)))
            })?),
            None => Err(Invalid::new(
                "--template",
                name,
                Problem::UnknownKey {
                    valid: "wage, comprehensive, safety, women".into(),
                },
            )
            .into()),
        }
    }
}

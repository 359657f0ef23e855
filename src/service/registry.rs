//! The enterprise registry's actions: importing a CSV file as the new registry (whole or not at
//! all), and the registry matched to the workspace's dossiers — what `xieshang enterprises`
//! prints and what coverage figures count.
//!
//! Reading and decoding the file is the store's, the rows' rules and the matching are the
//! domain's; this module runs them in order, puts refusals in the user's language and prints
//! nothing.

use super::{Failure, Service};
use crate::domain::Invalid;
use crate::domain::registry::{match_dossiers, parse_csv};
use crate::i18n::{Lang, tr, trf};
use crate::store::StoreError;
use crate::store::registry::{ReadError, Undecodable, read_csv};
use crate::text::sanitize_line;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

pub use crate::domain::registry::{
    Column, Enterprise, Linked, MAX_LISTED, Match, MatchedBy, Matching, Registry, RowError,
    RowErrors, RowProblem, Unregistered,
};
pub use crate::store::registry::{Encoding, MAX_CSV_BYTES};

/// A dossier that could not be read while matching (it is neither matched nor unmatched).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub key: String,
    /// Why, in the user's language.
    pub problem: String,
}

/// What an import did: how many rows were taken from which file, and how the new registry meets
/// the dossiers.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct RegistryReport {
    pub imported: usize,
    /// The file's name (not its folder), sanitised.
    pub source: String,
    pub encoding: Encoding,
    /// How many enterprises the registry it replaced had (`None`: there was none, or it could
    /// not be read).
    pub replaced: Option<usize>,
    /// Registry rows with at least one dossier, in registry order.
    pub with_dossier: Vec<Match>,
    /// Registry rows without a dossier, in registry order.
    pub without_dossier: Vec<Enterprise>,
    /// Dossiers naming an enterprise not in the registry, in key order.
    pub unregistered: Vec<Unregistered>,
    pub unreadable: Vec<Unreadable>,
}

/// The registry as listed: when and from what it was imported (`None` before the first
/// import), every row with its dossiers, and the dossiers it does not cover.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Listing {
    pub imported: Option<NaiveDate>,
    pub source: Option<String>,
    pub enterprises: Vec<Match>,
    pub unregistered: Vec<Unregistered>,
    pub unreadable: Vec<Unreadable>,
}

/// Why an import was not done. The registry is as it was.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// Rows (or the header) break the rules: every problem, up to [`MAX_LISTED`], by row.
    #[error("{file}: {errors}")]
    Rows { file: String, errors: RowErrors },
    #[error("{0}")]
    Failure(#[from] Failure),
}

impl From<StoreError> for ImportFailure {
    fn from(e: StoreError) -> Self {
        ImportFailure::Failure(e.into())
    }
}

impl From<Invalid> for ImportFailure {
    fn from(e: Invalid) -> Self {
        ImportFailure::Failure(e.into())
    }
}

impl ImportFailure {
    /// The message in `lang`; for refused rows, a first line saying nothing was imported, then
    /// one line per problem.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ImportFailure::Rows { file, errors } => {
                let mut lines = vec![trf(
                    lang,
                    "registry.refused",
                    &[("file", file), ("n", &errors.total.to_string())],
                )];
                lines.extend(errors.lines(lang).into_iter().map(|l| format!("  {l}")));
                lines.join("\n")
            }
            ImportFailure::Failure(f) => f.message(lang),
        }
    }

    /// 1 for a file whose content is refused, else as the failure says.
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportFailure::Rows { .. } => 1,
            ImportFailure::Failure(f) => f.exit_code(),
        }
    }
}

impl Service {
    /// Imports the CSV file at `path` as the workspace's registry, replacing the one there: the
    /// file is the authority. Nothing is written unless every row is good.
    pub fn import_registry(&self, path: &Path) -> Result<RegistryReport, ImportFailure> {
        let lang = self.lang;
        let field = tr(lang, "registry.file");
        let (text, encoding) =
            read_csv(&field, path).map_err(|e| read_failure(lang, &field, path, e))?;
        let source = sanitize_line(&path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ));
        let enterprises = parse_csv(&text).map_err(|errors| ImportFailure::Rows {
            file: source.clone(),
            errors,
        })?;
        // An unreadable old registry is exactly what a new import repairs: not a reason to stop.
        let replaced = self
            .ws
            .registry_file()
            .ok()
            .flatten()
            .map(|r| r.enterprises.len());
        let registry = Registry {
            imported: self.today,
            source: source.clone(),
            enterprises,
        };
        self.ws.save_registry(&registry)?;
        let (matching, unreadable) = self.matching(&registry.enterprises);
        let (with_dossier, without): (Vec<Match>, Vec<Match>) = matching
            .matches
            .into_iter()
            .partition(|m| !m.dossiers.is_empty());
        Ok(RegistryReport {
            imported: registry.enterprises.len(),
            source,
            encoding,
            replaced,
            with_dossier,
            without_dossier: without.into_iter().map(|m| m.enterprise).collect(),
            unregistered: matching.unregistered,
            unreadable,
        })
    }

    /// The imported registry, `None` before the first import.
    pub fn registry(&self) -> Result<Option<Registry>, Failure> {
        self.ws.registry_file().map_err(|e| match e {
            // The store's words for a damaged file point at a dossier's git; this one is
            // repaired by importing again.
            StoreError::Corrupt { path, detail } => Failure::Refused(trf(
                self.lang,
                "registry.corrupt",
                &[
                    ("path", &path.display().to_string()),
                    ("detail", &sanitize_line(&detail)),
                ],
            )),
            e => e.into(),
        })
    }

    /// Every registry row, in registry order, with the dossiers of its enterprise; empty before
    /// the first import.
    pub fn registry_matches(&self) -> Result<Vec<Match>, Failure> {
        Ok(self.registry_listing()?.enterprises)
    }

    /// The registry with its dossiers, and the dossiers it does not cover.
    pub fn registry_listing(&self) -> Result<Listing, Failure> {
        let Some(registry) = self.registry()? else {
            return Ok(Listing::default());
        };
        let (matching, unreadable) = self.matching(&registry.enterprises);
        Ok(Listing {
            imported: Some(registry.imported),
            source: Some(registry.source),
            enterprises: matching.matches,
            unregistered: matching.unregistered,
            unreadable,
        })
    }

    /// `registry` matched to every dossier here (own and received); a dossier that cannot be
    /// read is set aside with the reason.
    fn matching(&self, registry: &[Enterprise]) -> (Matching, Vec<Unreadable>) {
        let mut loaded = Vec::new();
        let mut unreadable = Vec::new();
        for key in self.ws.ids() {
            match self.ws.load(&key) {
                Ok(d) => loaded.push((key, d)),
                Err(e) => unreadable.push(Unreadable {
                    problem: e.message(self.lang),
                    key,
                }),
            }
        }
        let matching = match_dossiers(registry, loaded.iter().map(|(k, d)| (k.as_str(), d)));
        (matching, unreadable)
    }
}

/// A file that could not be read, in `lang`: an invalid input (exit 1) when its content is the
/// problem, the store's error when the disk is.
fn read_failure(lang: Lang, field: &str, path: &Path, e: ReadError) -> ImportFailure {
    let shown = path.display().to_string();
    let phrased = |key: &str, args: &[(&str, &str)]| {
        Invalid::new(
            field,
            &shown,
            crate::domain::Problem::Other(trf(lang, key, args)),
        )
        .into()
    };
    match e {
        ReadError::Invalid(i) => i.into(),
        ReadError::Store(s) => s.into(),
        ReadError::Undecodable(Undecodable::Utf16) => phrased("registry.utf16", &[]),
        ReadError::Undecodable(Undecodable::Workbook) => phrased("registry.workbook", &[]),
        ReadError::Undecodable(Undecodable::Bad { line, byte }) => phrased(
            "registry.undecodable",
            &[("line", &line.to_string()), ("byte", &byte.to_string())],
        ),
    }
}

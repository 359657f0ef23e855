//! The store: the only code in xieshang that touches the filesystem and git2.
//!
//! A workspace is a directory of dossiers; each dossier `<workspace>/<id>/` is an ordinary git
//! repository holding `dossier.json` and, once drafted, `contract.md`, so plain `git log` tells
//! the story of the bargaining. This module owns ids, atomic files, the write lock, schema
//! migration, commits, tags and history, as plain synchronous functions (gitui-style). It must
//! not decide anything about the procedure — it stores what `domain` and `app` hand it — and
//! must never read or write outside the workspace.

pub mod archive;
pub(crate) mod archive_import;
pub(crate) mod atomic;
pub mod attachments;
pub mod bundle;
pub mod bundles;
pub(crate) mod error;
pub mod exchange;
pub mod export;
pub mod fonts;
pub(crate) mod generation;
pub mod history;
pub(crate) mod import;
pub mod integrity;
pub(crate) mod lock;
pub mod migrate;
pub(crate) mod pdf_text;
pub(crate) mod program;
pub mod published;
pub(crate) mod region_data;
pub mod registry;
pub mod scratch;
pub mod union;
pub mod witness;
pub(crate) mod word;
pub(crate) mod workspace;

pub use error::StoreError;
pub use history::{HistoryEntry, TagEntry, blob_id};
pub use migrate::{MigrateError, migrate};
pub use region_data::{RegionData, RegionDataError};
pub use workspace::{
    CONTRACT_FILE, DOSSIER_FILE, DossierWriter, PREREVIEW_FILE, Recovered, Workspace,
    parse_committed, validate_id,
};

//! `xieshang archive …`: search, due, stats over the archive index.

use super::CliError;
use crate::service::Service;
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub(crate) struct ArchiveArgs {
    #[command(subcommand)]
    pub action: ArchiveAction,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ArchiveAction {
    /// Rebuild the index from the dossiers.
    Reindex,
}

pub(crate) fn run(_svc: &mut Service, _a: &ArchiveArgs) -> Result<(), CliError> {
    Err(CliError::Usage("not yet".into()))
}

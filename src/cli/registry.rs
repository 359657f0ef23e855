//! `xieshang enterprises …`: the enterprise registry (imported from CSV), matched to dossiers.

use super::CliError;
use crate::service::Service;
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub(crate) struct EnterprisesArgs {
    #[command(subcommand)]
    pub action: Option<EnterprisesAction>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum EnterprisesAction {
    /// Import the registry from a CSV file (UTF-8 or GBK, as Excel saves it).
    Import { file: std::path::PathBuf },
}

pub(crate) fn run(_svc: &mut Service, _a: &EnterprisesArgs) -> Result<(), CliError> {
    Err(CliError::Usage("not yet".into()))
}

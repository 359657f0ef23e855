//! The command line: parse arguments (clap), run one verb as a thin call into the library, print a
//! short human line or JSON, and map failures to exit codes — 1 for a rule or validation error,
//! 2 for usage or I/O. With no subcommand it opens the TUI.
//!
//! Values arrive as strings and are parsed by `domain::values` / `domain::record`, not by clap, so
//! every error names the field, the value and the rule in the user's language.

mod args;
mod contract;
mod output;
mod procedure;

use crate::domain::Invalid;
use crate::i18n::{Lang, tr, trf};
use crate::store::{StoreError, Workspace};
use args::{Cli, Command};
use chrono::NaiveDate;
use clap::Parser;
use std::path::PathBuf;

pub use output::{Row, judge_with, rows};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Store(#[from] StoreError),
    /// Already phrased in the user's language.
    #[error("{0}")]
    Usage(String),
    /// `check` found error-severity findings: already printed, exit 1.
    #[error("rule errors")]
    RuleErrors,
    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

impl CliError {
    fn exit_code(&self) -> i32 {
        match self {
            CliError::Invalid(_) | CliError::RuleErrors => 1,
            CliError::Store(e) => e.exit_code(),
            CliError::Usage(_) | CliError::Io(_) | CliError::Other(_) => 2,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CliError::Invalid(e) => e.message(lang),
            CliError::Store(e) => e.message(lang),
            CliError::Usage(s) => s.clone(),
            CliError::RuleErrors => tr(lang, "cli.check_failed"),
            CliError::Io(e) => trf(lang, "cli.io_error", &[("detail", &e.to_string())]),
            CliError::Other(e) => format!("{e:#}"),
        }
    }
}

impl From<crate::store::RegionDataError> for CliError {
    fn from(e: crate::store::RegionDataError) -> Self {
        match e {
            crate::store::RegionDataError::Invalid(i) => CliError::Invalid(i),
            crate::store::RegionDataError::Store(s) => CliError::Store(s),
        }
    }
}

impl From<crate::demo::DemoError> for CliError {
    fn from(e: crate::demo::DemoError) -> Self {
        match e {
            crate::demo::DemoError::Invalid(i) => CliError::Invalid(i),
            crate::demo::DemoError::Store(s) => CliError::Store(s),
        }
    }
}

/// What every verb needs: where the workspace is, the language, today, output mode.
pub struct Ctx {
    pub workspace: PathBuf,
    pub lang: Lang,
    pub today: NaiveDate,
    /// Region data (built-in merged with the workspace's own), read on first use.
    data: std::cell::OnceCell<crate::store::RegionData>,
}

impl Ctx {
    pub fn open(&self) -> Result<Workspace, CliError> {
        Ok(Workspace::open(&self.workspace)?)
    }

    /// The region data in force: read once, only by the verbs that judge.
    pub fn data(&self) -> Result<&crate::store::RegionData, CliError> {
        if let Some(d) = self.data.get() {
            return Ok(d);
        }
        let d = self.open()?.region_data()?;
        Ok(self.data.get_or_init(|| d))
    }
}

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let lang = match cli.lang.as_deref().map(|l| (l, Lang::from_code(l))) {
        None => Lang::default(),
        Some((_, Some(l))) => l,
        Some((l, None)) => {
            eprintln!("{}", trf(Lang::default(), "cli.bad_lang", &[("value", l)]));
            return 2;
        }
    };
    let today = match cli
        .today
        .as_deref()
        .map(|t| crate::domain::values::parse_date("--today", t))
    {
        None => chrono::Local::now().date_naive(),
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            eprintln!("{}", e.message(lang));
            return 1;
        }
    };
    let workspace = cli
        .workspace
        .clone()
        .or_else(|| std::env::var_os("XIESHANG_WORKSPACE").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("sessions"));
    let ctx = Ctx {
        workspace,
        lang,
        today,
        data: std::cell::OnceCell::new(),
    };
    match run(&ctx, cli.command) {
        Ok(()) => 0,
        Err(e) => {
            if !matches!(e, CliError::RuleErrors) {
                eprintln!("{}: {}", tr(lang, "cli.error"), e.message(lang));
            }
            e.exit_code()
        }
    }
}

fn run(ctx: &Ctx, command: Option<Command>) -> Result<(), CliError> {
    let Some(command) = command else {
        let ws = ctx.open()?;
        if ws.is_empty() {
            crate::demo::build(&ws, ctx.today)?;
        }
        return crate::ui::run(ctx.workspace.clone(), ctx.lang, ctx.today).map_err(CliError::Other);
    };
    match command {
        Command::Init => procedure::init(ctx),
        Command::Demo => procedure::demo(ctx),
        Command::New(a) => procedure::new(ctx, &a),
        Command::List { json } => output::list(ctx, json),
        Command::Show { id, json } => output::show(ctx, &id, json),
        Command::Log { id, json } => output::log(ctx, &id, json),
        Command::Check { id, json } => output::check(ctx, &id, json),
        Command::Enterprise { id, key, value } => procedure::enterprise(ctx, &id, &key, &value),
        Command::Rep(a) => procedure::rep(ctx, &a),
        Command::Recorder { id, name } => procedure::recorder(ctx, &id, &name),
        Command::Instructor { id, name } => procedure::instructor(ctx, &id, &name),
        Command::Offer(a) => procedure::offer(ctx, &a),
        Command::Reply { id, date, refuse } => procedure::reply(ctx, &id, &date, refuse.as_deref()),
        Command::Prep(a) => procedure::prep(ctx, &a),
        Command::Round { id, action } => procedure::round(ctx, &id, action),
        Command::Terms { id, pairs } => procedure::terms(ctx, &id, &pairs),
        Command::DraftSigned { id, date } => procedure::draft_signed(ctx, &id, &date),
        Command::Prereview(a) => procedure::prereview(ctx, &a),
        Command::Congress(a) => procedure::congress(ctx, &a),
        Command::Sign { id, date, no_seals } => procedure::sign(ctx, &id, &date, !no_seals),
        Command::File(a) => procedure::file(ctx, &a),
        Command::Review(a) => procedure::review(ctx, &a),
        Command::Publish { id, date } => procedure::publish(ctx, &id, &date),
        Command::Amend { id, date, text } => procedure::amend(ctx, &id, &date, &text),
        Command::Draft(a) => contract::draft(ctx, &a),
        Command::Clause { id, action } => contract::clause(ctx, &id, &action),
        Command::Diff(a) => contract::diff(ctx, &a),
    }
}

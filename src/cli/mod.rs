//! The command line: parse arguments (clap), run one verb as a thin call into the service layer, print a
//! short human line or JSON, and map failures to exit codes — 1 for a rule or validation error,
//! 2 for usage or I/O. With no subcommand it opens the TUI.
//!
//! Values arrive as strings and are parsed by `domain::values` and the service, not by clap, so
//! every error names the field, the value and the rule in the user's language.

mod archive;
mod args;
mod attach;
mod contract;
mod cost;
mod diff_text;
mod exchange;
mod export;
mod help;
mod out;
mod output;
mod procedure;
mod registry;
mod show_prep;

use crate::domain::Invalid;
use crate::i18n::{Lang, tr, trf};
use crate::service::{Failure, Service};
use args::{Cli, Command};
use clap::FromArgMatches;
use out::errln;
use std::path::PathBuf;

pub use output::{Row, judge_with, rows};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("{0}")]
    Service(#[from] Failure),
    /// Already phrased in the user's language.
    #[error("{0}")]
    Usage(String),
    /// `check` found error-severity findings: already printed, exit 1.
    #[error("rule errors")]
    RuleErrors,
    /// Standard output was closed (the reader of a pipe stopped): a normal end, exit 0.
    #[error("output closed")]
    Closed,
    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error("{0}")]
    Other(#[from] anyhow::Error),
}

impl CliError {
    fn exit_code(&self) -> i32 {
        match self {
            CliError::Closed => 0,
            CliError::Invalid(_) | CliError::RuleErrors => 1,
            CliError::Service(e) => e.exit_code(),
            CliError::Usage(_) | CliError::Io(_) | CliError::Other(_) => 2,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CliError::Invalid(e) => e.message(lang),
            CliError::Service(e) => e.message(lang),
            CliError::Usage(s) => s.clone(),
            CliError::RuleErrors => tr(lang, "cli.check_failed"),
            CliError::Closed => String::new(),
            CliError::Io(e) => trf(
                lang,
                "cli.io_error",
                &[("detail", &crate::i18n::io_detail(lang, e))],
            ),
            CliError::Other(e) => format!("{e:#}"),
        }
    }
}

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let lang = match help::requested_lang(&argv).map(|l| (Lang::from_code(&l), l)) {
        None => Lang::default(),
        Some((Some(l), _)) => l,
        Some((None, l)) => {
            let shown = crate::text::visible(&l);
            // Named where it came from: the option, or the environment.
            let flag = argv
                .iter()
                .skip(1)
                .take_while(|a| *a != "--")
                .any(|a| a == "--lang" || a.starts_with("--lang="));
            let field = if flag { "--lang" } else { "XIESHANG_LANG" };
            let l = Lang::default();
            errln!(
                "{}{}{}",
                tr(l, "cli.error"),
                crate::i18n::colon(l),
                trf(l, "cli.bad_lang", &[("field", field), ("value", &shown)])
            );
            return 2;
        }
    };
    // clap's own `help` verb is English only, so it is off; `xieshang help VERB` still works,
    // as `xieshang VERB --help`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut verb = 1;
    while let Some(a) = args.get(verb).and_then(|a| a.to_str()) {
        match a {
            "--workspace" | "--lang" | "--today" => verb += 2,
            _ if a.starts_with("--workspace=")
                || a.starts_with("--lang=")
                || a.starts_with("--today=") =>
            {
                verb += 1;
            }
            _ => break,
        }
    }
    if args.get(verb).is_some_and(|a| a == "help") {
        args.remove(verb);
        args.push("--help".into());
    }
    let cli = match help::command(lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    0
                }
                _ => {
                    errln!("{}", help::usage_error(&e, lang));
                    2
                }
            };
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
            errln!(
                "{}{}{}",
                tr(lang, "cli.error"),
                crate::i18n::colon(lang),
                e.message(lang)
            );
            return 1;
        }
    };
    let named = cli
        .workspace
        .clone()
        .or_else(|| std::env::var_os("XIESHANG_WORKSPACE").map(PathBuf::from));
    // Only `init`, and the TUI's first start on the default ./sessions, create a workspace.
    let creates =
        matches!(cli.command, Some(Command::Init)) || (cli.command.is_none() && named.is_none());
    let workspace = named.unwrap_or_else(|| PathBuf::from("sessions"));
    let opened = if creates {
        Service::init(&workspace, lang, today)
    } else {
        Service::open(&workspace, lang, today)
    };
    let mut svc = match opened {
        Ok(s) => s,
        Err(e) => {
            errln!(
                "{}{}{}",
                tr(lang, "cli.error"),
                crate::i18n::colon(lang),
                e.message(lang)
            );
            return e.exit_code();
        }
    };
    match run(&mut svc, cli.command) {
        Ok(()) => 0,
        Err(e) => {
            if !matches!(e, CliError::RuleErrors | CliError::Closed) {
                errln!(
                    "{}{}{}",
                    tr(lang, "cli.error"),
                    crate::i18n::colon(lang),
                    e.message(lang)
                );
            }
            e.exit_code()
        }
    }
}

fn run(svc: &mut Service, command: Option<Command>) -> Result<(), CliError> {
    let Some(command) = command else {
        if svc.is_empty() {
            crate::demo::build(svc.root(), svc.lang())?;
        }
        return crate::ui::run(svc.root().to_path_buf(), svc.lang(), svc.today())
            .map_err(CliError::Other);
    };
    match command {
        Command::Init => procedure::init(svc),
        Command::Union { action } => exchange::union(svc, action),
        Command::Remote { id, action } => exchange::remote(svc, &id, action),
        Command::Push { id, remote } => exchange::push(svc, &id, remote.as_deref()),
        Command::Fetch { id, remote } => exchange::fetch(svc, &id, remote.as_deref()),
        Command::Data { action } => exchange::data(svc, action),
        Command::Enterprises(a) => registry::run(svc, &a),
        Command::Archive(a) => archive::run(svc, &a),
        Command::Attach(a) => attach::attach(svc, &a),
        Command::Attachments(a) => attach::attachments(svc, &a),
        Command::Export(a) => export::run(svc, &a),
        Command::Inbox {
            json,
            union,
            state,
            sort,
        } => exchange::inbox(svc, json, union.as_deref(), &state, &sort),
        Command::Bundle { id, file, since } => exchange::bundle(svc, &id, &file, since.as_deref()),
        Command::Import { file } => exchange::import(svc, &file),
        Command::Clone { url, union } => exchange::clone(svc, &url, union.as_deref()),
        Command::Demo => procedure::demo(svc),
        Command::New(a) => procedure::new(svc, &a),
        Command::List { json } => output::list(svc, json),
        Command::Show { id, json } => output::show(svc, &id, json),
        Command::Log { id, json } => output::log(svc, &id, json),
        Command::Check { id, json } => output::check(svc, &id, json),
        Command::Verify { id, all, json } => output::verify(svc, id.as_deref(), all, json),
        Command::Enterprise { id, key, value } => procedure::enterprise(svc, &id, &key, &value),
        Command::Rep(a) => procedure::rep(svc, &a),
        Command::Recorder { id, name } => procedure::recorder(svc, &id, &name),
        Command::Instructor { id, name } => procedure::instructor(svc, &id, &name),
        Command::Offer(a) => procedure::offer(svc, &a),
        Command::Reply { id, date, refuse } => procedure::reply(svc, &id, &date, refuse.as_deref()),
        Command::Prep(a) => procedure::prep(svc, &a),
        Command::Cost { id, round, json } => cost::cost(svc, &id, round, json),
        Command::Region { action } => cost::region(svc, &action),
        Command::Round { id, action } => procedure::round(svc, &id, action),
        Command::Terms { id, pairs } => procedure::terms(svc, &id, &pairs),
        Command::DraftSigned { id, date } => procedure::draft_signed(svc, &id, &date),
        Command::Prereview(a) => procedure::prereview(svc, &a),
        Command::Answer(a) => procedure::answer(svc, &a),
        Command::Congress(a) => procedure::congress(svc, &a),
        Command::Sign { id, date, no_seals } => procedure::sign(svc, &id, &date, !no_seals),
        Command::File(a) => procedure::file(svc, &a),
        Command::Review(a) => procedure::review(svc, &a),
        Command::Publish { id, date } => procedure::publish(svc, &id, &date),
        Command::Amend {
            id,
            date,
            text,
            clauses,
            approved,
        } => procedure::amend(svc, &id, &date, &text, &clauses, approved.as_deref()),
        Command::Correct {
            id,
            what,
            value,
            reason,
        } => procedure::correct(svc, &id, what, value, reason),
        Command::Draft(a) => contract::draft(svc, &a),
        Command::Clause { id, action } => contract::clause(svc, &id, &action),
        Command::Diff(a) => contract::diff(svc, &a),
    }
}

//! clap's help and usage errors in the user's language. The grammar stays in `args.rs` (clap
//! derive, with English doc comments for the reader of the code); at run time this module walks
//! the command tree and replaces every `about` and every argument's `help` with the text under
//! `help.xieshang.<path>._about` and `help.xieshang.<path>.<arg id>` (path: the subcommand names
//! from the root joined by '.'; global arguments are looked up at the root), and replaces clap's
//! own English — the headings, `[OPTIONS]`, `Print help`, `[default: …]` and the usage errors —
//! with text from `locales/help.yml`. A key that is missing in either language fails
//! `every_command_and_argument_has_help` so a new verb cannot slip through untranslated.

use super::args::Cli;
use crate::i18n::{Lang, lookup, tr, trf};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

/// The root of every help key.
const ROOT: &str = "xieshang";

/// The command tree with help, headings and usage in `lang`, built (ready to parse).
pub(crate) fn command(lang: Lang) -> Command {
    let mut cmd = localise(Cli::command(), lang, ROOT, true);
    cmd.build();
    usages(cmd, lang)
}

/// The language asked for before the arguments are parsed (the help must be built in it):
/// `--lang X` or `--lang=X` on the command line, else `XIESHANG_LANG`. `LANG` is not read: a
/// Chinese user on an English system still gets Chinese. `None` when nothing asks for one; the
/// raw value when it names no language (the caller reports it).
pub(crate) fn requested_lang(args: &[String]) -> Option<String> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().cloned();
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v.to_string());
        }
    }
    std::env::var("XIESHANG_LANG")
        .ok()
        .filter(|v| !v.trim().is_empty())
}

fn key(path: &str, id: &str) -> String {
    format!("help.{path}.{id}")
}

/// The text under `key`, or the key itself so a gap shows (and the test names it).
fn text(lang: Lang, key: &str) -> String {
    lookup(lang, key).unwrap_or_else(|| key.to_string())
}

fn localise(cmd: Command, lang: Lang, path: &str, root: bool) -> Command {
    let mut cmd = cmd
        .about(text(lang, &key(path, "_about")))
        .long_about(None)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_value_name(tr(lang, "help.value.command"))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(1000)
                .help(tr(lang, "help.flag.help")),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(1001)
                .help(tr(lang, "help.flag.version")),
        );
    }
    // The command's own arguments first, in the order declared; the global ones after them
    // (900…, set once at the root and copied down), help and version last.
    let first = if root { 901 } else { 1 };
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for (order, id) in (first..).zip(ids) {
        let help = text(lang, &key(path, &id));
        cmd = cmd.mut_arg(id, |a| {
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            // A flag's implicit "false" is no default worth showing.
            let takes_values = a.get_action().takes_values();
            let help = if defaults.is_empty() || !takes_values {
                help
            } else {
                trf(
                    lang,
                    "help.default",
                    &[("help", &help), ("value", &defaults.join(","))],
                )
            };
            a.help(help)
                .long_help(None)
                .hide_default_value(takes_values)
                .display_order(order)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let sub_path = format!("{path}.{name}");
        cmd = cmd.mut_subcommand(&name, |s| localise(s, lang, &sub_path, false));
    }
    let template = template(&cmd, lang);
    cmd.help_template(template)
}

/// The help layout with headings in `lang`, only those sections the command has.
fn template(cmd: &Command, lang: Lang) -> String {
    let mut t = String::from("{about-with-newline}\n");
    t.push_str(&tr(lang, "help.heading.usage"));
    t.push_str("{usage}\n");
    let section = |t: &mut String, heading: &str, tag: &str| {
        t.push('\n');
        t.push_str(&tr(lang, heading));
        t.push('\n');
        t.push_str(tag);
        t.push('\n');
    };
    if cmd.has_subcommands() {
        section(&mut t, "help.heading.commands", "{subcommands}");
    }
    if cmd.get_positionals().any(|a| !a.is_hide_set()) {
        section(&mut t, "help.heading.arguments", "{positionals}");
    }
    section(&mut t, "help.heading.options", "{options}");
    t
}

/// Each command's usage line with clap's `[OPTIONS]`/`<COMMAND>` words in `lang`. Run on the
/// built tree, where the global arguments and the full `xieshang verb` names are in place.
fn usages(mut cmd: Command, lang: Lang) -> Command {
    let rendered = cmd.render_usage().to_string();
    let usage = rendered
        .split_once(':')
        .map_or(rendered.as_str(), |(_, u)| u)
        .trim()
        .replace("[OPTIONS]", &tr(lang, "help.value.options"))
        .replace(
            "<COMMAND>",
            &format!("<{}>", tr(lang, "help.value.command")),
        )
        .replace(
            "[COMMAND]",
            &format!("[{}]", tr(lang, "help.value.command")),
        );
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(&name, |s| usages(s, lang));
    }
    cmd.override_usage(usage)
}

/// A usage error in `lang`, with the usage line and the hint to `--help`.
pub(crate) fn usage_error(e: &clap::Error, lang: Lang) -> String {
    let arg = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => crate::text::visible(s),
        Some(ContextValue::Strings(v)) => v
            .iter()
            .map(|s| crate::text::visible(s))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let (k, args): (&str, Vec<(&str, String)>) = match e.kind() {
        ErrorKind::UnknownArgument => (
            "help.error.unknown_argument",
            vec![("arg", arg(ContextKind::InvalidArg))],
        ),
        ErrorKind::InvalidSubcommand => (
            "help.error.invalid_subcommand",
            vec![("arg", arg(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => (
            "help.error.missing_argument",
            vec![("arg", arg(ContextKind::InvalidArg))],
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ("help.error.missing_subcommand", vec![])
        }
        ErrorKind::ArgumentConflict => (
            "help.error.conflict",
            vec![
                ("arg", arg(ContextKind::InvalidArg)),
                ("other", arg(ContextKind::PriorArg)),
            ],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::InvalidUtf8 => (
            "help.error.invalid_value",
            vec![
                ("arg", arg(ContextKind::InvalidArg)),
                ("value", arg(ContextKind::InvalidValue)),
            ],
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => (
            "help.error.values",
            vec![("arg", arg(ContextKind::InvalidArg))],
        ),
        _ => (
            "help.error.other",
            vec![("arg", arg(ContextKind::InvalidArg))],
        ),
    };
    let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        _ => String::new(),
    };
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, u)| u)
        .trim();
    let mut out = format!(
        "{}{}{}",
        tr(lang, "cli.error"),
        crate::i18n::colon(lang),
        trf(lang, k, &args)
    );
    if !usage.is_empty() {
        out.push_str(&format!("\n\n{}{usage}", tr(lang, "help.heading.usage")));
    }
    out.push_str("\n\n");
    out.push_str(&tr(lang, "help.error.try_help"));
    out
}

/// Every help key the command tree needs that `lang` lacks.
#[cfg(test)]
pub(crate) fn missing_keys(lang: Lang) -> Vec<String> {
    let mut missing = Vec::new();
    walk(&Cli::command(), ROOT, &mut |k| {
        if lookup(lang, k).is_none() {
            missing.push(k.to_string());
        }
    });
    missing
}

#[cfg(test)]
fn walk(cmd: &Command, path: &str, f: &mut dyn FnMut(&str)) {
    f(&key(path, "_about"));
    for a in cmd.get_arguments() {
        let id = a.get_id().as_str();
        if id != "help" && id != "version" {
            f(&key(path, id));
        }
    }
    for s in cmd.get_subcommands() {
        walk(s, &format!("{path}.{}", s.get_name()), f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore = "dev dump"]
    fn dump() {
        fn go(cmd: &Command, path: &str) {
            println!(
                "DUMP\t{path}\t_about\t{}",
                cmd.get_about()
                    .map(ToString::to_string)
                    .unwrap_or_default()
                    .replace('\n', " ")
            );
            for a in cmd.get_arguments() {
                println!(
                    "DUMP\t{path}\t{}\t{}",
                    a.get_id(),
                    a.get_help()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                        .replace('\n', " ")
                );
            }
            for s in cmd.get_subcommands() {
                go(s, &format!("{path}.{}", s.get_name()));
            }
        }
        go(&Cli::command(), ROOT);
    }

    #[test]
    fn every_command_and_argument_has_help() {
        for lang in [Lang::ZhCn, Lang::En] {
            let missing = missing_keys(lang);
            assert!(
                missing.is_empty(),
                "{lang:?} lacks help for {} keys (add them to locales/help.yml or your \
                 own locale file):\n{}",
                missing.len(),
                missing.join("\n")
            );
        }
    }

    #[test]
    fn the_language_comes_from_the_flag() {
        let args = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            requested_lang(&args(&["xieshang", "show", "--lang", "en", "x"])).as_deref(),
            Some("en")
        );
        assert_eq!(
            requested_lang(&args(&["xieshang", "--lang=zh-CN", "list"])).as_deref(),
            Some("zh-CN")
        );
    }

    #[test]
    fn help_is_rendered_in_each_language() {
        let mut zh = command(Lang::ZhCn);
        let help = zh.render_help().to_string();
        assert!(help.contains("用法："), "{help}");
        assert!(!help.contains("Usage"), "{help}");
        assert!(!help.contains("Print help"), "{help}");
        let mut en = command(Lang::En);
        let help = en.render_help().to_string();
        assert!(help.contains("Usage:"), "{help}");
    }
}

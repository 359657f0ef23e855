//! `xieshang archive …`: search, due, reindex and export over the archive index — thin calls
//! into `service::archive`, words from `locales/archive.yml`.

use super::CliError;
use super::out::{errln, outln};
use crate::domain::values::{format_bp, format_fen, parse_money_fen, parse_percent_bp};
use crate::domain::{Invalid, Problem};
use crate::i18n::{Lang, tr, trf};
use crate::service::Service;
use crate::service::archive::{AgreementHit, Query};
use crate::text::sanitize_line;
use clap::{Args, Subcommand};
use std::io::IsTerminal;

#[derive(Args, Debug)]
pub(crate) struct ArchiveArgs {
    #[command(subcommand)]
    pub action: ArchiveAction,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ArchiveAction {
    /// Rebuild the index from the dossiers (it is derived data: deleting it loses nothing).
    Reindex,
    /// Search agreements and their clauses: a phrase (any length, 津贴 too) and/or filters.
    Search(Box<SearchArgs>),
    /// Coverage against the Liaoning plan's targets, with who falls short.
    Stats {
        /// all (default), region, industry or year.
        #[arg(long, default_value = "all")]
        by: String,
        /// List the enterprises behind each shortfall.
        #[arg(long)]
        list: bool,
        /// Write the figures as CSV (UTF-8 with BOM, for Excel and WPS) to FILE.
        #[arg(long, value_name = "FILE")]
        csv: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Import agreements signed before xieshang: a folder of their texts (.txt, UTF-8 or GBK)
    /// and a CSV table of their facts, one archive-only dossier per row. All rows or none; a file
    /// already imported for its enterprise is skipped.
    Import {
        /// The folder of agreement texts; the table names files relative to it.
        dir: std::path::PathBuf,
        /// The facts table (CSV, UTF-8 or GBK; Chinese or English headers, any order).
        #[arg(long, value_name = "FILE.csv")]
        facts: std::path::PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Export a search or the coverage figures as CSV (UTF-8 with BOM, for Excel and WPS); with
    /// filters, use `archive search … --csv FILE`.
    Export {
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        csv: std::path::PathBuf,
        /// The coverage figures instead of a search.
        #[arg(long)]
        stats: bool,
        /// With --stats: all (default), region, industry or year.
        #[arg(long, default_value = "all")]
        by: String,
        /// Words to find (every agreement when left out).
        query: Option<String>,
    },
    /// What is due: expiries and renewal windows, reviews, filings (overdue first).
    Due {
        /// Days ahead (default 90).
        #[arg(long, default_value = "90")]
        within: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Default)]
pub(crate) struct SearchArgs {
    /// Words to find in the clauses (optional with filters).
    pub query: Option<String>,
    /// An area code: the area and all below it (210200: Dalian and its districts).
    #[arg(long)]
    pub region: Option<String>,
    #[arg(long)]
    pub industry: Option<String>,
    /// wage, comprehensive, safety, women.
    #[arg(long)]
    pub kind: Option<String>,
    /// The year signed.
    #[arg(long)]
    pub year: Option<String>,
    /// effective, expired, expiring (within 90 days), draft.
    #[arg(long)]
    pub status: Option<String>,
    /// Agreed enterprise minimum wage below this many yuan a month.
    #[arg(long)]
    pub min_wage_below: Option<String>,
    /// Agreed average increase below this (e.g. 5%).
    #[arg(long, allow_hyphen_values = true)]
    pub increase_below: Option<String>,
    /// An allowance above an amount in yuan: 高温津贴>150.
    #[arg(long)]
    pub allowance: Option<String>,
    /// At most this many agreements (default 50, all with --csv; 0: all).
    #[arg(long)]
    pub limit: Option<String>,
    /// Write the agreements found as CSV (UTF-8 with BOM, for Excel and WPS) to FILE.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<std::path::PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub(crate) fn run(svc: &mut Service, a: &ArchiveArgs) -> Result<(), CliError> {
    match &a.action {
        ArchiveAction::Export {
            csv,
            stats,
            by,
            query,
        } => export(svc, csv, *stats, by, query.as_deref()),
        ArchiveAction::Reindex => reindex(svc),
        ArchiveAction::Search(s) => search(svc, s),
        ArchiveAction::Due { within, json } => due(svc, within, *json),
        ArchiveAction::Stats {
            by,
            list,
            csv,
            json,
        } => stats(svc, by, *list, csv.as_deref(), *json),
        ArchiveAction::Import { dir, facts, json } => import(svc, dir, facts, *json),
    }
}

/// `archive import`: what was imported, what was already there; every refused row on its own
/// line (exit 1, as `check` does for the data). Every name came from a file: sanitised again.
fn import(
    svc: &Service,
    dir: &std::path::Path,
    facts: &std::path::Path,
    json: bool,
) -> Result<(), CliError> {
    use crate::service::archive_import::ArchiveImportFailure;
    let lang = svc.lang();
    let r = match svc.archive_import(dir, facts) {
        Ok(r) => r,
        Err(ArchiveImportFailure::Failure(f)) => return Err(f.into()),
        Err(e @ ArchiveImportFailure::Rows { .. }) => {
            errln!(
                "{}{}{}",
                tr(lang, "cli.error"),
                crate::i18n::colon(lang),
                e.message(lang)
            );
            return Err(CliError::RuleErrors);
        }
    };
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let encoding = |key: &str| tr(lang, &format!("registry.encoding.{key}"));
    let mut lines = vec![trf(
        lang,
        "archive_import.imported",
        &[
            ("n", &r.imported.len().to_string()),
            ("facts", &sanitize_line(&r.facts)),
            ("encoding", &encoding(r.encoding.key())),
            ("already", &r.already.len().to_string()),
        ],
    )];
    for a in &r.imported {
        lines.push(format!(
            "  {}",
            trf(
                lang,
                "archive_import.line",
                &[
                    ("id", &a.id),
                    ("enterprise", &sanitize_line(&a.enterprise)),
                    ("kind", &tr(lang, &format!("archive.kind.{}", a.kind.key()))),
                    ("signed", &a.signed.to_string()),
                    ("file", &sanitize_line(&a.file)),
                    ("encoding", &encoding(a.encoding.key())),
                ],
            )
        ));
        if let Some(why) = &a.unparsed {
            lines.push(format!(
                "    {}",
                trf(
                    lang,
                    "archive_import.unparsed",
                    &[("why", &sanitize_line(why))]
                )
            ));
        }
    }
    if !r.already.is_empty() {
        lines.push(tr(lang, "archive_import.already_heading"));
        for a in &r.already {
            lines.push(format!(
                "  {}",
                trf(
                    lang,
                    "archive_import.already",
                    &[
                        ("row", &a.row.to_string()),
                        ("file", &sanitize_line(&a.file)),
                        ("enterprise", &sanitize_line(&a.enterprise)),
                        ("id", &a.id),
                    ],
                )
            ));
        }
    }
    outln!("{}", lines.join("\n"))?;
    Ok(())
}

/// A progress line on a terminal's standard error when more than a few dossiers are read.
fn progress(lang: Lang) -> impl FnMut(usize, usize) {
    let tty = std::io::stderr().is_terminal();
    move |done, of| {
        if tty && of > 20 && (done % 10 == 0 || done == of) {
            eprint!(
                "\r{}",
                trf(
                    lang,
                    "archive.progress",
                    &[("done", &done.to_string()), ("of", &of.to_string())]
                )
            );
            if done == of {
                eprintln!();
            }
        }
    }
}

fn reindex(svc: &mut Service) -> Result<(), CliError> {
    let lang = svc.lang();
    let r = svc.archive_reindex(&mut progress(lang))?;
    outln!(
        "{}",
        trf(
            lang,
            if r.in_memory {
                "archive.reindexed_memory"
            } else {
                "archive.reindexed"
            },
            &[
                ("n", &r.updated.to_string()),
                ("of", &r.dossiers.to_string())
            ]
        )
    )?;
    Ok(())
}

fn query(a: &SearchArgs) -> Result<Query, Invalid> {
    let allowance = match a.allowance.as_deref() {
        None => None,
        Some(s) => {
            let (name, amount) = s.split_once('>').ok_or_else(|| {
                Invalid::new(
                    "--allowance",
                    s,
                    Problem::Other("NAME>AMOUNT, e.g. 高温津贴>150".into()),
                )
            })?;
            Some((
                crate::text::sanitize_line(name.trim()),
                parse_money_fen("--allowance", amount.trim())?,
            ))
        }
    };
    // One of a fixed set of keys, or an error listing them.
    let one_of = |field: &str, v: Option<&str>, keys: &[&str]| {
        v.map(|k| {
            if keys.contains(&k) {
                Ok(k.to_string())
            } else {
                Err(Invalid::new(
                    field,
                    k,
                    Problem::UnknownKey {
                        valid: keys.join(", "),
                    },
                ))
            }
        })
        .transpose()
    };
    let kind = one_of(
        "--kind",
        a.kind.as_deref(),
        &["wage", "comprehensive", "safety", "women"],
    )?;
    let status = one_of(
        "--status",
        a.status.as_deref(),
        &["effective", "expired", "expiring", "draft"],
    )?;
    let count = |field: &str, v: &str, max: u32| crate::domain::values::parse_count(field, v, max);
    Ok(Query {
        text: a.query.clone(),
        region: a
            .region
            .as_deref()
            .map(|r| {
                if r.len() == 6 && r.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(r.to_string())
                } else {
                    Err(Invalid::new("--region", r, Problem::BadRegionCode))
                }
            })
            .transpose()?,
        industry: a.industry.clone(),
        kind,
        year: a
            .year
            .as_deref()
            .map(|y| count("--year", y, 9999).map(|n| i32::try_from(n).unwrap_or(0)))
            .transpose()?,
        status,
        min_wage_below_fen: a
            .min_wage_below
            .as_deref()
            .map(|m| parse_money_fen("--min-wage-below", m))
            .transpose()?,
        increase_below_bp: a
            .increase_below
            .as_deref()
            .map(|p| parse_percent_bp("--increase-below", p, true).map(i64::from))
            .transpose()?,
        allowance_above: allowance,
        // Listed on the screen, 50 unless asked; an export (--csv) is the whole answer.
        limit: match &a.limit {
            Some(l) => usize::try_from(count("--limit", l, 1_000_000)?).unwrap_or(DEFAULT_LIMIT),
            None if a.csv.is_some() => 0,
            None => DEFAULT_LIMIT,
        },
        ..Query::default()
    })
}

/// `text` with every occurrence of `needle` marked 【…】 (or in bold on a terminal), cut to a
/// window around the first one.
fn in_context(text: &str, needle: Option<&str>, color: bool) -> String {
    let text = sanitize_line(text);
    let Some(n) = needle.filter(|n| !n.is_empty()) else {
        return text.chars().take(80).collect();
    };
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    let chars: Vec<char> = text.chars().collect();
    let first = text.find(n).map_or(0, |byte| text[..byte].chars().count());
    let start = first.saturating_sub(30);
    let end = (first + n.chars().count() + 50).min(chars.len());
    let window: String = chars[start..end].iter().collect();
    let mut s = String::new();
    if start > 0 {
        s.push('…');
    }
    s.push_str(&window.replace(n, &format!("{open}{n}{close}")));
    if end < chars.len() {
        s.push('…');
    }
    s
}

fn status_of(svc: &Service, h: &AgreementHit) -> String {
    let key = crate::service::tui_archive::status(h, svc.archive_today());
    tr(svc.lang(), &format!("archive.status.{key}"))
}

/// How many agreements a search lists unless asked (`--limit`); `--csv` writes them all.
const DEFAULT_LIMIT: usize = 50;

fn search(svc: &mut Service, a: &SearchArgs) -> Result<(), CliError> {
    let lang = svc.lang();
    let q = query(a)?;
    let needle = q.text.clone().map(|t| sanitize_line(t.trim()));
    let found = svc.archive_search_noting(q)?;
    let hits = &found.hits;
    if found.in_memory {
        errln!("{}", tr(lang, "archive.memory_only"));
    }
    if let Some(path) = &a.csv {
        let n = svc.archive_csv(hits, path)?;
        errln!(
            "{}",
            trf(
                lang,
                "archive.csv_written",
                &[("n", &n.to_string()), ("file", &path.display().to_string())]
            )
        );
    }
    if a.json {
        let v: Vec<_> = hits
            .iter()
            .map(|h| {
                let r = &h.row;
                serde_json::json!({
                    "key": r.key, "enterprise": r.enterprise, "credit_code": r.credit_code,
                    "status": crate::service::tui_archive::status(h, svc.archive_today()),
                    "region": r.region, "industry": r.industry, "kind": r.kind,
                    "signed": r.signed, "effective": r.effective, "expiry": r.expiry,
                    "staff": r.staff, "increase_bp": r.increase_bp, "min_wage_fen": r.min_wage_fen,
                    "allowances": r.allowances.iter().map(|(k, v)| serde_json::json!({"name": k, "fen": v})).collect::<Vec<_>>(),
                    "attachments": r.attachments,
                    "instructor": r.instructor, "seal": r.seal, "seal_ok": r.seal_ok,
                    "clauses": h.clauses.iter().map(|c| serde_json::json!({
                        "version": c.version, "no": c.no, "label": c.label,
                        "chapter": c.chapter, "text": c.text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let v = serde_json::json!({
            "matched": found.matched,
            "listed": hits.len(),
            "cut": found.cut(),
            "agreements": v,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    if hits.is_empty() {
        outln!("{}", tr(lang, "archive.none"))?;
        return Ok(());
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for h in hits {
        let r = &h.row;
        let mut line = format!(
            "{}  {}  {}  {}",
            r.key,
            sanitize_line(&r.enterprise),
            tr(lang, &format!("archive.kind.{}", r.kind)),
            status_of(svc, h)
        );
        if let Some(s) = &r.signed {
            line.push_str(&format!(
                "  {}",
                trf(lang, "archive.signed", &[("date", s)])
            ));
        }
        if let Some(e) = &r.expiry {
            line.push_str(&format!(
                "  {}",
                trf(lang, "archive.expiry", &[("date", e)])
            ));
        }
        if let Some(i) = r.increase_bp {
            line.push_str(&format!(
                "  {}",
                trf(lang, "archive.increase", &[("v", &format_bp(i))])
            ));
        }
        if let Some(m) = r.min_wage_fen {
            line.push_str(&format!(
                "  {}",
                trf(lang, "archive.min_wage", &[("v", &format_fen(m))])
            ));
        }
        for (name, fen) in &r.allowances {
            line.push_str(&format!("  {}={}", sanitize_line(name), format_fen(*fen)));
        }
        if r.seal_ok == Some(false) {
            line.push_str(&format!("  ✗ {}", tr(lang, "archive.seal_broken")));
        }
        outln!("{line}")?;
        for c in h.clauses.iter().take(5) {
            outln!(
                "    {} [{}] {}",
                c.label,
                tr(lang, &format!("archive.version.{}", c.version)),
                in_context(&c.text, needle.as_deref(), color)
            )?;
        }
        if h.clauses.len() > 5 {
            outln!(
                "    {}",
                trf(
                    lang,
                    "archive.more_clauses",
                    &[("n", &(h.clauses.len() - 5).to_string())]
                )
            )?;
        }
    }
    if found.cut() {
        errln!(
            "{}",
            trf(
                lang,
                "archive.cut",
                &[
                    ("n", &hits.len().to_string()),
                    ("of", &found.matched.to_string())
                ]
            )
        );
    }
    Ok(())
}

fn due(svc: &mut Service, within: &str, json: bool) -> Result<(), CliError> {
    let lang = svc.lang();
    let days = crate::domain::values::parse_count("--within", within, 3650)?;
    let rows = svc.archive_due(u64::from(days))?;
    if json {
        let v: Vec<_> = rows
            .iter()
            .map(|(key, ent, d)| {
                serde_json::json!({"key": key, "enterprise": ent, "rule": d.rule,
                    "what": d.what, "due": d.due, "overdue": d.overdue})
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    if rows.is_empty() {
        outln!(
            "{}",
            trf(lang, "archive.due_none", &[("days", &days.to_string())])
        )?;
    }
    for (key, ent, d) in &rows {
        let mark = if d.overdue { "!" } else { " " };
        outln!(
            "{mark} {}  {}  {}  {}  {}",
            d.due,
            key,
            sanitize_line(ent),
            d.rule,
            sanitize_line(&d.what)
        )?;
    }
    Ok(())
}

/// `archive export --csv FILE [--stats [--by …]] [QUERY]`: the same files as `search --csv` and
/// `stats --csv`, without printing the results.
fn export(
    svc: &mut Service,
    csv: &std::path::Path,
    stats: bool,
    by: &str,
    text: Option<&str>,
) -> Result<(), CliError> {
    use crate::service::coverage::GroupBy;
    let n = if stats {
        let group = GroupBy::parse(by).ok_or_else(|| {
            Invalid::new(
                "--by",
                by,
                Problem::UnknownKey {
                    valid: "all, region, industry, year".into(),
                },
            )
        })?;
        let c = svc.coverage_report(group)?;
        svc.coverage_csv(&c, csv)?
    } else {
        let args = SearchArgs {
            query: text.map(str::to_string),
            limit: Some("0".into()),
            ..SearchArgs::default()
        };
        let hits = svc.archive_search(query(&args)?)?;
        svc.archive_csv(&hits, csv)?
    };
    errln!(
        "{}",
        trf(
            svc.lang(),
            "archive.csv_written",
            &[("n", &n.to_string()), ("file", &csv.display().to_string())]
        )
    );
    Ok(())
}

fn stats(
    svc: &mut Service,
    by: &str,
    list: bool,
    csv: Option<&std::path::Path>,
    json: bool,
) -> Result<(), CliError> {
    use crate::service::coverage::GroupBy;
    let lang = svc.lang();
    let group = GroupBy::parse(by).ok_or_else(|| {
        Invalid::new(
            "--by",
            by,
            Problem::UnknownKey {
                valid: "all, region, industry, year".into(),
            },
        )
    })?;
    let c = svc.coverage_report(group)?;
    if let Some(path) = csv {
        let n = svc.coverage_csv(&c, path)?;
        errln!(
            "{}",
            trf(
                lang,
                "archive.csv_written",
                &[("n", &n.to_string()), ("file", &path.display().to_string())]
            )
        );
    }
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&c).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    outln!(
        "{}",
        tr(
            lang,
            if c.registry {
                "archive.stats.registry"
            } else {
                "archive.stats.no_registry"
            }
        )
    )?;
    if group == GroupBy::Year {
        outln!("{}", tr(lang, "archive.stats.by_year"))?;
    }
    for g in &c.groups {
        if !g.group.is_empty() {
            outln!("{}", sanitize_line(&g.group))?;
        }
        for f in &g.figures {
            let mark = match f.met {
                Some(true) => "✓",
                Some(false) => "✗",
                None => " ",
            };
            let line = f.sentence(lang);
            outln!("  {mark} {line}")?;
            if list {
                for name in &f.short {
                    outln!("      {}", sanitize_line(name))?;
                }
            }
        }
    }
    Ok(())
}

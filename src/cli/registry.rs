//! `xieshang enterprises …`: the enterprise registry (imported from CSV), matched to dossiers —
//! thin calls into `service::registry`. Every name and code came from a file: each is sanitised
//! before it is printed.

use super::CliError;
use super::out::{errln, outln};
use crate::i18n::{Lang, tr, trf};
use crate::service::Service;
use crate::service::registry::{
    Enterprise, ImportFailure, Linked, MatchedBy, Unreadable, Unregistered,
};
use crate::text::sanitize_line;
use clap::{Args, Subcommand};
use std::path::Path;

#[derive(Args, Debug)]
pub(crate) struct EnterprisesArgs {
    #[command(subcommand)]
    pub action: Option<EnterprisesAction>,
    /// List the registry as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum EnterprisesAction {
    /// Import the registry from a CSV file (UTF-8 or GBK, as Excel saves it). It replaces the
    /// registry as a whole, and only when every row is good.
    Import { file: std::path::PathBuf },
}

pub(crate) fn run(svc: &mut Service, a: &EnterprisesArgs) -> Result<(), CliError> {
    match &a.action {
        Some(EnterprisesAction::Import { file }) => import(svc, file),
        None => list(svc, a.json),
    }
}

fn import(svc: &Service, file: &Path) -> Result<(), CliError> {
    let lang = svc.lang();
    let r = match svc.import_registry(file) {
        Ok(r) => r,
        Err(ImportFailure::Failure(f)) => return Err(f.into()),
        Err(e @ ImportFailure::Rows { .. }) => {
            // Every refused row on its own line; the exit code says "the data", as `check` does.
            errln!(
                "{}{}{}",
                tr(lang, "cli.error"),
                crate::i18n::colon(lang),
                e.message(lang)
            );
            return Err(CliError::RuleErrors);
        }
    };
    let n = r.imported.to_string();
    let source = sanitize_line(&r.source);
    let encoding = tr(lang, &format!("registry.encoding.{}", r.encoding.key()));
    let mut args = vec![
        ("n", n.as_str()),
        ("file", source.as_str()),
        ("encoding", encoding.as_str()),
    ];
    let old = r.replaced.map(|o| o.to_string());
    let mut lines = vec![match &old {
        Some(o) => {
            args.push(("old", o));
            trf(lang, "registry.imported_replacing", &args)
        }
        None => trf(lang, "registry.imported", &args),
    }];
    lines.push(trf(
        lang,
        "registry.counts",
        &[
            ("with", &r.with_dossier.len().to_string()),
            ("without", &r.without_dossier.len().to_string()),
            ("unregistered", &r.unregistered.len().to_string()),
        ],
    ));
    if !r.without_dossier.is_empty() {
        lines.push(tr(lang, "registry.without_heading"));
        for e in &r.without_dossier {
            lines.push(format!(
                "  {}  {}",
                sanitize_line(&e.credit_code),
                sanitize_line(&e.name)
            ));
        }
    }
    let by_name: Vec<(&Enterprise, &Linked)> = r
        .with_dossier
        .iter()
        .flat_map(|m| {
            m.dossiers
                .iter()
                .filter(|l| l.by == MatchedBy::Name)
                .map(move |l| (&m.enterprise, l))
        })
        .collect();
    if !by_name.is_empty() {
        lines.push(tr(lang, "registry.by_name_heading"));
        for (e, l) in by_name {
            lines.push(format!(
                "  {}  {}  {}",
                l.key,
                sanitize_line(&e.name),
                sanitize_line(&e.credit_code)
            ));
        }
    }
    others(lang, &r.unregistered, &r.unreadable, &mut lines);
    outln!("{}", lines.join("\n"))?;
    Ok(())
}

fn list(svc: &Service, json: bool) -> Result<(), CliError> {
    let lang = svc.lang();
    let l = svc.registry_listing()?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&l).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let Some(date) = l.imported else {
        outln!("{}", tr(lang, "registry.none"))?;
        return Ok(());
    };
    let mut lines = vec![trf(
        lang,
        "registry.summary",
        &[
            ("n", &l.enterprises.len().to_string()),
            ("date", &date.to_string()),
            (
                "file",
                &sanitize_line(l.source.as_deref().unwrap_or_default()),
            ),
        ],
    )];
    for m in &l.enterprises {
        lines.push(enterprise_line(lang, &m.enterprise));
        if m.dossiers.is_empty() {
            lines.push(format!("    ↳ {}", tr(lang, "registry.no_dossier")));
        }
        for d in &m.dossiers {
            let mut line = format!(
                "    ↳ {}  {}",
                d.key,
                tr(lang, &format!("kind.{}", d.kind.key()))
            );
            if d.by == MatchedBy::Name {
                line.push_str(&format!(
                    "  {}",
                    crate::i18n::parens(lang, &tr(lang, "registry.by_name")).trim_start()
                ));
            }
            lines.push(line);
        }
    }
    others(lang, &l.unregistered, &l.unreadable, &mut lines);
    outln!("{}", lines.join("\n"))?;
    Ok(())
}

/// `91210211MA0…  大连某某机械有限公司  210211  制造业  职工 320 人（女 120 人）  已建会  高危`
fn enterprise_line(lang: Lang, e: &Enterprise) -> String {
    let staff = e.staff.to_string();
    let people = match e.women {
        Some(w) => trf(
            lang,
            "registry.staff_women",
            &[("staff", &staff), ("women", &w.to_string())],
        ),
        None => trf(lang, "registry.staff", &[("staff", &staff)]),
    };
    let mut parts = vec![
        sanitize_line(&e.credit_code),
        sanitize_line(&e.name),
        sanitize_line(&e.region),
    ];
    if let Some(i) = &e.industry {
        parts.push(sanitize_line(i));
    }
    parts.push(people);
    parts.push(tr(
        lang,
        if e.unionised {
            "registry.unionised"
        } else {
            "registry.not_unionised"
        },
    ));
    if e.high_risk {
        parts.push(tr(lang, "registry.high_risk"));
    }
    parts.join("  ")
}

/// The dossiers the registry does not cover, and those that could not be read.
fn others(
    lang: Lang,
    unregistered: &[Unregistered],
    unreadable: &[Unreadable],
    lines: &mut Vec<String>,
) {
    if !unregistered.is_empty() {
        lines.push(tr(lang, "registry.unregistered_heading"));
    }
    for u in unregistered {
        let code = u
            .credit_code
            .as_deref()
            .map_or_else(|| tr(lang, "registry.no_code"), sanitize_line);
        let mut line = format!("  {}  {}  {code}", u.key, sanitize_line(&u.name));
        if !u.same_name.is_empty() {
            let codes: Vec<String> = u.same_name.iter().map(|c| sanitize_line(c)).collect();
            let note = trf(lang, "registry.same_name", &[("codes", &codes.join(", "))]);
            line.push_str(&format!(
                "  {}",
                crate::i18n::parens(lang, &note).trim_start()
            ));
        }
        lines.push(line);
    }
    if !unreadable.is_empty() {
        lines.push(tr(lang, "registry.unreadable_heading"));
    }
    for u in unreadable {
        lines.push(format!(
            "  {}{}{}",
            u.key,
            crate::i18n::colon(lang),
            sanitize_line(&u.problem)
        ));
    }
}

//! The verbs on the draft: `draft` (from a template or an imported file, or print it), `clause`
//! (edit/insert/delete/move with renumbering), and `diff` (clause by clause, between versions of a
//! dossier or any two files), with the changed agreed terms listed first.

use super::args::{ClauseAction, DiffArgs, DraftArgs};
use super::{CliError, Ctx};
use crate::contract::diff::{self, ContractDiff};
use crate::contract::{Contract, edit, parse, render, template};
use crate::domain::record;
use crate::domain::values::parse_count;
use crate::domain::{Dossier, Invalid, Problem};
use crate::i18n::{Lang, tr, trf};
use crate::store::Workspace;
use std::io::IsTerminal;
use std::path::Path;

fn read_text_file(field: &str, path: &Path) -> Result<String, CliError> {
    Ok(crate::store::import::read_text(field, path)?)
}

fn parse_contract(lang: Lang, field: &str, value: &str, text: &str) -> Result<Contract, CliError> {
    parse::parse(text)
        .map_err(|e| Invalid::new(field, value, Problem::Other(e.message(lang))).into())
}

fn current_contract(ctx: &Ctx, ws: &Workspace, d: &Dossier) -> Result<Contract, CliError> {
    let text = ws.file_at(&d.id, "HEAD", "contract.md")?.ok_or_else(|| {
        Invalid::new(
            "draft",
            &d.id,
            Problem::Missing {
                what: "draft".into(),
            },
        )
    })?;
    parse_contract(ctx.lang, "contract.md", &d.id, &text)
}

pub fn draft(ctx: &Ctx, a: &DraftArgs) -> Result<(), CliError> {
    let ws = ctx.open()?;
    if a.show || (a.template.is_none() && a.from.is_none()) {
        let d = ws.load(&a.id)?;
        print!("{}", render::render(&current_contract(ctx, &ws, &d)?));
        return Ok(());
    }
    let mut writer = ws.open_for_write(&a.id)?;
    let d = writer.dossier().clone();
    if d.is_sealed() {
        return Err(Invalid::new("draft", &d.id, Problem::Sealed).into());
    }
    // Replacing a draft is destructive: it asks, as the TUI does, by wanting --force.
    if !a.force && writer.contract_text()?.is_some() {
        return Err(CliError::Usage(tr(ctx.lang, "cli.draft_exists")));
    }
    let (contract, message, missing) = if let Some(path) = &a.from {
        let text = read_text_file("--from", path)?;
        let c = parse_contract(ctx.lang, "--from", &path.display().to_string(), &text)?;
        (
            c,
            format!(
                "draft: imported from {}",
                path.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ),
            Vec::new(),
        )
    } else {
        let name = a.template.as_deref().unwrap_or(d.kind.key());
        let tpl = find_template(ctx, &ws, name)?;
        let filled = tpl.fill(&d);
        let c = parse_contract(ctx.lang, "--template", name, &filled.text)?;
        (
            c,
            format!("draft: created from template {name}"),
            filled.missing,
        )
    };
    let text = render::render(&contract);
    writer.save(&d, Some(&text), &message, &["draft"])?;
    println!(
        "{}: {message} ({})",
        d.id,
        trf(
            ctx.lang,
            "cli.clauses",
            &[("n", &contract.clause_count().to_string())]
        )
    );
    if !missing.is_empty() {
        eprintln!(
            "{}",
            trf(
                ctx.lang,
                "cli.template_missing",
                &[("vars", &missing.join("、"))]
            )
        );
    }
    print_content_findings(ctx, &d, &contract);
    Ok(())
}

fn find_template(ctx: &Ctx, ws: &Workspace, name: &str) -> Result<template::Template, CliError> {
    if let Some(t) = template::builtin_templates()
        .into_iter()
        .find(|t| t.name == name || t.kind.key() == name)
    {
        return Ok(t);
    }
    match ws.user_template(name)? {
        Some((path, text)) => Ok(template::Template::parse(&path, &text)
            .map_err(|e| Invalid::new("--template", name, Problem::Other(e.message(ctx.lang))))?),
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

fn print_content_findings(ctx: &Ctx, d: &Dossier, c: &Contract) {
    let tpl = template::Template::for_kind(d.kind);
    for f in crate::contract::content::check(d.kind, c, tpl.as_ref(), ctx.lang) {
        eprintln!("{} {} — {}", f.rule, f.message, f.citation);
    }
}

fn clause_no(field: &str, s: &str, max: usize) -> Result<usize, Invalid> {
    let n = parse_count(field, s, u32::try_from(max).unwrap_or(u32::MAX))? as usize;
    Ok(n)
}

pub fn clause(ctx: &Ctx, id: &str, action: &ClauseAction) -> Result<(), CliError> {
    let ws = ctx.open()?;
    let mut writer = ws.open_for_write(id)?;
    let d = writer.dossier().clone();
    if d.is_sealed() {
        return Err(Invalid::new("clause", id, Problem::Sealed).into());
    }
    let c = current_contract(ctx, &ws, &d)?;
    let max = c.clause_count();
    let (outcome, message) = match action {
        ClauseAction::Edit { n, text } => {
            let n = clause_no("N", n, max)?;
            (
                edit::edit_clause(&c, n, text),
                format!("draft: {} modified", render::clause_label(n)),
            )
        }
        ClauseAction::Insert { after, text } => {
            let after = clause_no("--after", after, max)?;
            (
                edit::insert_clause(&c, edit::Place::After(after), text),
                format!(
                    "draft: clause inserted after {}",
                    render::clause_label(after)
                ),
            )
        }
        ClauseAction::Delete { n } => {
            let n = clause_no("N", n, max)?;
            (
                edit::delete_clause(&c, n),
                format!("draft: {} deleted", render::clause_label(n)),
            )
        }
        ClauseAction::Move { n, after } => {
            let n = clause_no("N", n, max)?;
            let after = clause_no("--after", after, max)?;
            (
                edit::move_clause(&c, n, edit::Place::After(after)),
                format!(
                    "draft: {} moved after {}",
                    render::clause_label(n),
                    render::clause_label(after)
                ),
            )
        }
    };
    let outcome =
        outcome.map_err(|e| Invalid::new("clause", id, Problem::Other(e.message(ctx.lang))))?;
    let text = render::render(&outcome.contract);
    writer.save(&d, Some(&text), &message, &[])?;
    println!("{id}: {message}");
    for dr in &outcome.dangling {
        eprintln!(
            "{}",
            trf(
                ctx.lang,
                "cli.dangling",
                &[
                    ("clause", &render::clause_label(dr.in_clause)),
                    ("text", &dr.text)
                ]
            )
        );
    }
    print_content_findings(ctx, &d, &outcome.contract);
    Ok(())
}

/// The changed agreed terms between two dossier versions: `平均工资增长 6.0% → 6.5%`.
fn term_changes(
    lang: Lang,
    old: Option<&Dossier>,
    new: Option<&Dossier>,
) -> Vec<(String, String, String)> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    record::term_changes(&old.terms, &new.terms)
        .into_iter()
        .map(|c| {
            let dash = || "—".to_string();
            (
                record::term_label(&c.key, lang),
                c.old.unwrap_or_else(dash),
                c.new.unwrap_or_else(dash),
            )
        })
        .collect()
}

pub fn diff(ctx: &Ctx, a: &DiffArgs) -> Result<(), CliError> {
    let color =
        !a.json && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (old, new, terms) = if let Some(files) = &a.files {
        let (Some(o), Some(n)) = (files.first(), files.get(1)) else {
            return Err(CliError::Usage(tr(ctx.lang, "cli.diff_two_files")));
        };
        let old = parse_contract(
            ctx.lang,
            "OLD",
            &o.display().to_string(),
            &read_text_file("OLD", o)?,
        )?;
        let new = parse_contract(
            ctx.lang,
            "NEW",
            &n.display().to_string(),
            &read_text_file("NEW", n)?,
        )?;
        (old, new, Vec::new())
    } else {
        let id = a.id.as_deref().unwrap_or_default();
        let ws = ctx.open()?;
        let (from, to) = default_revs(ctx, &ws, id, a.from.as_deref(), a.to.as_deref())?;
        let text_at = |rev: &str| -> Result<Contract, CliError> {
            let t = ws.file_at(id, rev, "contract.md")?.ok_or_else(|| {
                Invalid::new(
                    "rev",
                    rev,
                    Problem::Missing {
                        what: "draft".into(),
                    },
                )
            })?;
            parse_contract(ctx.lang, "contract.md", rev, &t)
        };
        let dossier_at = |rev: &str| -> Option<Dossier> { ws.dossier_at(id, rev).ok().flatten() };
        let terms = term_changes(
            ctx.lang,
            dossier_at(&from).as_ref(),
            dossier_at(&to).as_ref(),
        );
        (text_at(&from)?, text_at(&to)?, terms)
    };
    let d = diff::diff(&old, &new);
    if a.json {
        let mut v = serde_json::to_value(&d).map_err(anyhow::Error::from)?;
        if !terms.is_empty()
            && let Some(obj) = v.as_object_mut()
        {
            let t: Vec<_> = terms
                .iter()
                .map(|(k, o, n)| serde_json::json!({"term": k, "old": o, "new": n}))
                .collect();
            obj.insert("terms".into(), serde_json::Value::Array(t));
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        );
        return Ok(());
    }
    let mut out = String::new();
    for (k, o, n) in &terms {
        out.push_str(&format!("{k} {o} → {n}\n"));
    }
    out.push_str(&render_diff(&d, &old, &new, ctx.lang, color));
    print!("{out}");
    Ok(())
}

fn render_diff(
    d: &ContractDiff,
    old: &Contract,
    new: &Contract,
    lang: Lang,
    color: bool,
) -> String {
    diff::render_text(d, old, new, lang, color)
}

/// FROM/TO defaults: the last two round tags; TO alone defaults to the current draft (HEAD).
fn default_revs(
    ctx: &Ctx,
    ws: &Workspace,
    id: &str,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(String, String), CliError> {
    if let Some(f) = from {
        return Ok((f.to_string(), to.unwrap_or("HEAD").to_string()));
    }
    let mut rounds: Vec<u32> = ws
        .tags(id)?
        .iter()
        .filter_map(|t| t.name.strip_prefix("round-")?.parse().ok())
        .collect();
    rounds.sort_unstable();
    match rounds.as_slice() {
        [.., a, b] => Ok((format!("round-{a}"), format!("round-{b}"))),
        [a] => Ok((format!("round-{a}"), "HEAD".into())),
        [] => Err(CliError::Usage(tr(ctx.lang, "cli.diff_no_rounds"))),
    }
}

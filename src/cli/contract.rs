//! The verbs on the draft: `draft` (from a template or an imported file, or print it), `clause`
//! (edit/insert/delete/move with renumbering), and `diff` (clause by clause, between versions of a
//! dossier or any two files), with the changed agreed terms listed first.

use super::args::{ClauseAction, DiffArgs, DraftArgs};
use super::out::{errln, out, outln};
use super::{CliError, output};
use crate::contract::render;
use crate::domain::Invalid;
use crate::domain::values::parse_count;
use crate::i18n::{Lang, tr, trf};
use crate::service::{DraftOp, DraftSource, Service};
use std::io::IsTerminal;

pub(crate) fn draft(svc: &mut Service, a: &DraftArgs) -> Result<(), CliError> {
    let id = a.id.as_str();
    if a.show || (a.template.is_none() && a.from.is_none()) {
        out!("{}", render::render(&svc.contract(id)?))?;
        return Ok(());
    }
    let both = match a.tracked.as_deref() {
        None | Some("accept") => false,
        Some("both") => true,
        Some(other) => {
            return Err(Invalid::new(
                "--tracked",
                other,
                crate::domain::Problem::UnknownKey {
                    valid: "accept, both".into(),
                },
            )
            .into());
        }
    };
    let source = match &a.from {
        Some(path) if both => DraftSource::ImportTracked(path.clone()),
        Some(path) => DraftSource::Import(path.clone()),
        None => DraftSource::Template(a.template.clone()),
    };
    let done = svc.make_draft(id, &source, a.force)?;
    let lang = svc.lang();
    outln!(
        "{id}{}{}{}",
        crate::i18n::colon(lang),
        output::events_text(lang, &done.events),
        crate::i18n::parens(
            lang,
            &trf(lang, "cli.clauses", &[("n", &done.clauses.to_string())])
        )
    )?;
    // The same notes the TUI lists after an import, from the one service result.
    for note in done.notes(lang) {
        errln!("{note}");
    }
    if done.before.is_some() {
        errln!("{}", trf(lang, "word.both_recorded", &[("id", id)]));
    } else if done.both_possible {
        errln!("{}", tr(lang, "word.accepted_hint"));
    }
    print_content_findings(&done.findings);
    Ok(())
}

fn print_content_findings(findings: &[crate::domain::rules::Finding]) {
    for f in findings {
        errln!("{} {} — {}", f.rule, f.message, f.citation);
    }
}

fn clause_no(field: &str, s: &str) -> Result<usize, Invalid> {
    Ok(parse_count(field, s, u32::MAX)? as usize)
}

pub(crate) fn clause(svc: &mut Service, id: &str, action: &ClauseAction) -> Result<(), CliError> {
    let op = match action {
        ClauseAction::Edit { n, text } => DraftOp::Edit {
            number: clause_no("N", n)?,
            text: text.clone(),
        },
        ClauseAction::Insert { after, text } => DraftOp::Insert {
            after: clause_no("--after", after)?,
            text: text.clone(),
        },
        ClauseAction::Delete { n } => DraftOp::Delete {
            number: clause_no("N", n)?,
        },
        ClauseAction::Move { n, after } => DraftOp::Move {
            number: clause_no("N", n)?,
            after: clause_no("--after", after)?,
        },
    };
    let done = svc.edit_draft(id, &op)?;
    let lang = svc.lang();
    outln!(
        "{id}{}{}",
        crate::i18n::colon(lang),
        output::events_text(lang, &done.events)
    )?;
    for dr in &done.dangling {
        errln!(
            "{}",
            trf(
                lang,
                "cli.dangling",
                &[("clause", &dr.clause), ("text", &dr.text)]
            )
        );
    }
    print_content_findings(&done.findings);
    Ok(())
}

pub(crate) fn diff(svc: &Service, a: &DiffArgs) -> Result<(), CliError> {
    let lang: Lang = svc.lang();
    let color =
        !a.json && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let cmp = if let Some(files) = &a.files {
        let (Some(o), Some(n)) = (files.first(), files.get(1)) else {
            return Err(CliError::Usage(tr(lang, "cli.diff_two_files")));
        };
        svc.compare_files(o, n)?
    } else if let Some(against) = a.against.as_deref() {
        let id = a.id.as_deref().unwrap_or_default();
        let which = crate::service::against::Against::parse(against).ok_or_else(|| {
            crate::domain::Invalid::new(
                "--against",
                against,
                crate::domain::Problem::UnknownKey {
                    valid: "template, previous".into(),
                },
            )
        })?;
        svc.compare_against(id, which)?
    } else {
        let id = a.id.as_deref().unwrap_or_default();
        let (from, to) = match (a.from.as_deref(), a.to.as_deref()) {
            (Some(f), t) => (f.to_string(), t.unwrap_or("HEAD").to_string()),
            (None, _) => svc.default_revs(id)?,
        };
        svc.compare(id, &from, &to)?
    };
    let terms: Vec<(String, String, String)> = cmp
        .terms
        .iter()
        .map(|c| {
            let dash = || "—".to_string();
            (
                crate::service::fact::term_label(&c.key, lang),
                c.old.as_deref().map_or_else(dash, |v| {
                    crate::service::fact::term_display(&c.key, v, lang)
                }),
                c.new.as_deref().map_or_else(dash, |v| {
                    crate::service::fact::term_display(&c.key, v, lang)
                }),
            )
        })
        .collect();
    if a.json {
        let mut v = serde_json::to_value(&cmp.diff).map_err(anyhow::Error::from)?;
        if !terms.is_empty()
            && let Some(obj) = v.as_object_mut()
        {
            let t: Vec<_> = terms
                .iter()
                .map(|(k, o, n)| serde_json::json!({"term": k, "old": o, "new": n}))
                .collect();
            obj.insert("terms".into(), serde_json::Value::Array(t));
        }
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    let mut out = String::new();
    for (k, o, n) in &terms {
        out.push_str(&format!("{k} {o} → {n}\n"));
    }
    out.push_str(&super::diff_text::render_text(
        &cmp.diff, &cmp.old, &cmp.new, lang, color,
    ));
    out!("{out}")?;
    Ok(())
}

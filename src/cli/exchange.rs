//! The exchange verbs: `union`, `remote`, `push`, `fetch`, `clone`, `inbox` — thin calls into
//! `service::exchange`, one line of words each.

use super::CliError;
use super::args::{RemoteAction, UnionAction};
use super::out::outln;
use crate::i18n::{tr, trf};
use crate::service::Service;
use crate::service::exchange::Integrated;
use crate::text::sanitize_line;

pub(crate) fn union(svc: &mut Service, action: Option<UnionAction>) -> Result<(), CliError> {
    let lang = svc.lang();
    if let Some(UnionAction::Set {
        name,
        code,
        person,
        role,
    }) = action
    {
        svc.set_identity(&name, &code, &person, &role)?;
    }
    match svc.identity() {
        Some(i) => outln!(
            "{}",
            trf(
                lang,
                "exchange.union_set",
                &[
                    ("name", &sanitize_line(&i.union.name)),
                    ("code", &i.union.code),
                    ("person", &sanitize_line(&i.person)),
                    (
                        "role",
                        &tr(lang, &format!("exchange.role.{}", i.role.key()))
                    ),
                ],
            )
        )?,
        None => outln!("{}", tr(lang, "exchange.union_none"))?,
    }
    Ok(())
}

pub(crate) fn remote(
    svc: &mut Service,
    id: &str,
    action: Option<RemoteAction>,
) -> Result<(), CliError> {
    let lang = svc.lang();
    if let Some(RemoteAction::Add { name, url }) = action {
        svc.add_remote(id, &name, &url)?;
    }
    let all = svc.remotes(id)?;
    if all.is_empty() {
        outln!("{}", trf(lang, "exchange.no_remotes", &[("id", id)]))?;
    }
    for r in all {
        outln!(
            "{}",
            trf(
                lang,
                "exchange.remote_added",
                &[
                    ("id", id),
                    ("name", &sanitize_line(&r.name)),
                    ("url", &sanitize_line(&r.url)),
                ],
            )
        )?;
    }
    Ok(())
}

pub(crate) fn push(svc: &mut Service, id: &str, remote: Option<&str>) -> Result<(), CliError> {
    let to = svc.push(id, remote)?;
    outln!(
        "{}",
        trf(
            svc.lang(),
            "exchange.pushed",
            &[("id", id), ("remote", &sanitize_line(&to))],
        )
    )?;
    Ok(())
}

pub(crate) fn fetch(svc: &mut Service, id: &str, remote: Option<&str>) -> Result<(), CliError> {
    let lang = svc.lang();
    let got = svc.fetch(id, remote)?;
    if got.merged.is_empty() {
        outln!(
            "{}",
            trf(
                lang,
                "exchange.fetched_nothing",
                &[
                    ("id", id),
                    ("remote", &sanitize_line(remote.unwrap_or("origin")))
                ],
            )
        )?;
    }
    for (branch, outcome) in got.merged {
        let key = match outcome {
            Integrated::UpToDate => "exchange.up_to_date",
            Integrated::FastForward { .. } => "exchange.fast_forward",
            Integrated::Merged { .. } => "exchange.merged",
        };
        outln!(
            "{}",
            trf(
                lang,
                key,
                &[("id", id), ("branch", &sanitize_line(&branch))]
            )
        )?;
    }
    Ok(())
}

pub(crate) fn clone(svc: &mut Service, url: &str, union: Option<&str>) -> Result<(), CliError> {
    let got = svc.clone_dossier(url, union)?;
    outln!(
        "{}",
        trf(
            svc.lang(),
            "exchange.received",
            &[
                ("key", &got.key),
                ("enterprise", &sanitize_line(&got.enterprise)),
                ("union", &sanitize_line(&got.union.code)),
            ],
        )
    )?;
    Ok(())
}

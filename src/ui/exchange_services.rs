//! The worker's exchange services: send, receive, add a remote, write and take in bundle files,
//! each through the service verb the CLI calls, and what it did said in the user's language with
//! the same `exchange.*` sentences the CLI prints (one line, joined with ` · `).
//!
//! A transfer started from the inbox takes the row's lock only while it runs: the dossier held
//! open before (if any) is the one still held after.

use crate::app::Event;
use crate::i18n::{Lang, trf};
use crate::service::exchange::Integrated;
use crate::service::{Failure, Service};
use std::path::Path;

/// Runs `f` on dossier `id`, letting go of its lock afterwards unless it was held open before.
fn on<T>(
    svc: &mut Service,
    id: &str,
    f: impl FnOnce(&mut Service) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let held = svc.holds(id);
    let result = f(svc);
    if !held {
        svc.release();
    }
    result
}

/// True when a merge outcome changed the dossier here.
fn moved(merged: &[(String, Integrated)]) -> bool {
    merged
        .iter()
        .any(|(_, i)| !matches!(i, Integrated::UpToDate))
}

/// One sentence per merged branch, as the CLI prints them.
fn merged_lines(lang: Lang, id: &str, merged: &[(String, Integrated)]) -> Vec<String> {
    merged
        .iter()
        .map(|(branch, outcome)| {
            let key = match outcome {
                Integrated::UpToDate => "exchange.up_to_date",
                Integrated::FastForward { .. } => "exchange.fast_forward",
                Integrated::Merged { .. } => "exchange.merged",
            };
            trf(lang, key, &[("id", id), ("branch", branch)])
        })
        .collect()
}

pub(super) fn push(svc: &mut Service, lang: Lang, id: &str) -> Result<Event, Failure> {
    let remote = on(svc, id, |s| s.push(id, None))?;
    Ok(Event::Exchanged {
        message: trf(lang, "exchange.pushed", &[("id", id), ("remote", &remote)]),
        changed: false,
    })
}

pub(super) fn fetch(svc: &mut Service, lang: Lang, id: &str) -> Result<Event, Failure> {
    let (remote, got) = on(svc, id, |s| {
        let remote = s.default_remote(id, None)?;
        let got = s.fetch(id, Some(&remote))?;
        Ok((remote, got))
    })?;
    let message = if got.merged.is_empty() {
        trf(
            lang,
            "exchange.fetched_nothing",
            &[("id", id), ("remote", &remote)],
        )
    } else {
        merged_lines(lang, id, &got.merged).join(" · ")
    };
    Ok(Event::Exchanged {
        message,
        changed: moved(&got.merged),
    })
}

pub(super) fn add_remote(
    svc: &Service,
    lang: Lang,
    id: &str,
    name: &str,
    url: &str,
) -> Result<Event, Failure> {
    svc.add_remote(id, name, url)?;
    Ok(Event::Exchanged {
        message: trf(
            lang,
            "exchange.remote_added",
            &[("id", id), ("name", name), ("url", url)],
        ),
        changed: false,
    })
}

pub(super) fn bundle(
    svc: &mut Service,
    lang: Lang,
    id: &str,
    file: &Path,
) -> Result<Event, Failure> {
    let bytes = on(svc, id, |s| s.bundle(id, file, None))?;
    Ok(Event::Exchanged {
        message: trf(
            lang,
            "exchange.bundled",
            &[
                ("id", id),
                ("file", &file.display().to_string()),
                ("bytes", &bytes.to_string()),
            ],
        ),
        changed: false,
    })
}

/// Takes in `file` (from Home or the inbox, where nothing is held: the lock is let go after).
pub(super) fn import(svc: &mut Service, lang: Lang, file: &Path) -> Result<Event, Failure> {
    let result = svc.import(file);
    svc.release();
    let got = result?;
    let key = if got.created {
        "exchange.imported_new"
    } else {
        "exchange.imported"
    };
    let mut lines = vec![trf(
        lang,
        key,
        &[("key", &got.key), ("enterprise", &got.enterprise)],
    )];
    lines.extend(merged_lines(lang, &got.key, &got.merged));
    Ok(Event::Exchanged {
        message: lines.join(" · "),
        changed: got.created || moved(&got.merged),
    })
}

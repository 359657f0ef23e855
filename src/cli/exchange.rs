//! The exchange verbs: `union`, `remote`, `push`, `fetch`, `clone`, `inbox` — thin calls into
//! `service::exchange`, one line of words each.

use super::CliError;
use super::args::{DataAction, RemoteAction, UnionAction};
use super::out::outln;
use crate::domain::{Invalid, Problem};
use crate::i18n::{tr, trf};
use crate::service::Service;
use crate::service::exchange::Integrated;
use crate::service::inbox::{InboxSort, InboxState, sort as sort_rows};
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

pub(crate) fn bundle(
    svc: &mut Service,
    id: &str,
    file: &std::path::Path,
    since: Option<&str>,
) -> Result<(), CliError> {
    let size = svc.bundle(id, file, since)?;
    outln!(
        "{}",
        trf(
            svc.lang(),
            "exchange.bundled",
            &[
                ("id", id),
                ("file", &sanitize_line(&file.display().to_string())),
                ("bytes", &size.to_string()),
            ],
        )
    )?;
    Ok(())
}

pub(crate) fn import(svc: &mut Service, file: &std::path::Path) -> Result<(), CliError> {
    let lang = svc.lang();
    let got = svc.import(file)?;
    let key = if got.created {
        "exchange.imported_new"
    } else {
        "exchange.imported"
    };
    outln!(
        "{}",
        trf(
            lang,
            key,
            &[
                ("key", &got.key),
                ("enterprise", &sanitize_line(&got.enterprise)),
            ],
        )
    )?;
    for (branch, outcome) in got.merged {
        let k = match outcome {
            Integrated::UpToDate => "exchange.up_to_date",
            Integrated::FastForward { .. } => "exchange.fast_forward",
            Integrated::Merged { .. } => "exchange.merged",
        };
        outln!(
            "{}",
            trf(
                lang,
                k,
                &[("id", &got.key), ("branch", &sanitize_line(&branch))]
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

pub(crate) fn inbox(
    svc: &mut Service,
    json: bool,
    union: Option<&str>,
    state: &str,
    sort: &str,
) -> Result<(), CliError> {
    let lang = svc.lang();
    let by = InboxSort::parse(sort).ok_or_else(|| {
        Invalid::new(
            "--sort",
            sort,
            Problem::UnknownKey {
                valid: InboxSort::KEYS.into(),
            },
        )
    })?;
    let keep: fn(InboxState) -> bool = match state {
        "all" => |_| true,
        "pending" => |s| !s.decided(),
        "decided" => InboxState::decided,
        _ => {
            return Err(Invalid::new(
                "--state",
                state,
                Problem::UnknownKey {
                    valid: "pending, decided, all".into(),
                },
            )
            .into());
        }
    };
    let mut rows: Vec<_> = svc
        .inbox()?
        .into_iter()
        .filter(|r| union.is_none_or(|u| r.union_code == u))
        .filter(|r| keep(r.state))
        .collect();
    sort_rows(&mut rows, by);
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(anyhow::Error::from)?
        )?;
        return Ok(());
    }
    if rows.is_empty() {
        outln!("{}", tr(lang, "inbox.empty"))?;
        return Ok(());
    }
    for r in &rows {
        let mut line = format!(
            "{}  {}  {}",
            r.key,
            sanitize_line(&r.enterprise),
            tr(lang, &format!("inbox.state.{}", r.state.key()))
        );
        if let Some(days) = r.waiting_days {
            line.push_str(&format!(
                "  {}",
                trf(lang, "inbox.waiting", &[("days", &days.to_string())])
            ));
        }
        if let Some(rec) = r.received {
            line.push_str(&format!(
                "  {}",
                trf(lang, "inbox.received", &[("date", &rec.to_string())])
            ));
        }
        if let Some(draft) = &r.draft {
            line.push_str(&format!(
                "  {}",
                trf(
                    lang,
                    "inbox.draft",
                    &[("draft", draft), ("clauses", &r.clauses.to_string())]
                )
            ));
        }
        line.push_str(&format!(
            "  {}",
            trf(
                lang,
                "inbox.checks",
                &[
                    ("errors", &r.errors.to_string()),
                    ("warnings", &r.warnings.to_string())
                ]
            )
        ));
        if r.opinions > 0 {
            line.push_str(&format!(
                "  {}",
                trf(
                    lang,
                    "inbox.opinions",
                    &[
                        ("n", &r.opinions.to_string()),
                        ("changed", &r.changed.to_string()),
                        ("unchanged", &r.unchanged.to_string()),
                        ("deleted", &r.deleted.to_string()),
                        ("answered", &r.answered.to_string()),
                    ]
                )
            ));
        }
        if let Some(p) = &r.problem {
            line.push_str(&format!("  ✗ {}", sanitize_line(p)));
        }
        outln!("{line}")?;
    }
    Ok(())
}

pub(crate) fn data(svc: &mut Service, action: Option<DataAction>) -> Result<(), CliError> {
    let lang = svc.lang();
    let p = match action {
        Some(DataAction::Fetch { url }) => Some(svc.data_fetch(url.as_deref())?),
        None => svc.published()?,
    };
    match p {
        None => outln!("{}", tr(lang, "data.none"))?,
        Some(p) => outln!(
            "{}",
            trf(
                lang,
                "data.followed",
                &[
                    ("url", &sanitize_line(&p.url)),
                    (
                        "publisher",
                        &p.publisher
                            .map_or_else(|| tr(lang, "data.unnamed"), |u| sanitize_line(&u.name)),
                    ),
                    ("version", &p.version),
                    ("date", &p.date),
                    ("templates", &p.templates.to_string()),
                    ("regions", &p.region_files.to_string()),
                ],
            )
        )?,
    }
    Ok(())
}

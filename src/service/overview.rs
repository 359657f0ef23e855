//! The workspace overview: one row per dossier with its kind, current step and next deadline —
//! what `xieshang list` prints and what the TUI's Home shows. One function below both shells, so
//! the two can never disagree about where a dossier stands. It reads through `Workspace` and
//! judges with the pure rules; it renders nothing.

use crate::domain::procedure::Step;
use crate::domain::rules::Deadline;
use crate::domain::{procedure, rules};
use crate::i18n::Lang;
use crate::store::Workspace;
use chrono::NaiveDate;

/// One row of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub enterprise: String,
    pub kind: crate::domain::ContractKind,
    pub step: Option<Step>,
    pub next: Option<Deadline>,
    /// The dossier could not be read (message already in the user's language).
    pub error: Option<String>,
    /// Integrity findings (`RULE message`, in the user's language): the cheap part of `verify`
    /// (working tree, seal in force, tags, id, lost commits); the object walk is `verify`'s.
    pub integrity: Vec<String>,
    /// In effect by law (LCL 54) though no review is recorded yet.
    pub effect: Option<rules::effect::EffectByLaw>,
}

/// Every dossier in `ws`, judged as of `today` with the given region data. A dossier that cannot
/// be read still gets a row, with the reason in the user's language.
///
/// Reading and judging a thousand dossiers is independent work per dossier, so it is split over
/// the machine's cores (scoped threads, rows kept in id order): `list` and Home's first frame are
/// bounded by parsing JSON, not by waiting.
pub fn summaries(ws: &Workspace, ctx: &rules::Context<'_>, today: NaiveDate) -> Vec<Summary> {
    let ids = ws.ids();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Below a few dozen dossiers a thread costs more than it saves.
    if threads < 2 || ids.len() < 64 {
        let loaded = ids
            .into_iter()
            .map(|id| {
                let d = ws.load(&id);
                (id, d)
            })
            .collect();
        return summarise(ws, loaded, ctx, ctx.lang, today);
    }
    let chunk = ids.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let loaded = part.iter().map(|id| (id.clone(), ws.load(id))).collect();
                    summarise(ws, loaded, ctx, ctx.lang, today)
                })
            })
            .collect();
        // A thread that panicked (it cannot: no panics outside tests) would lose its rows;
        // `unwrap_or_default` keeps the rest of the overview rather than aborting it.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn summarise(
    ws: &Workspace,
    loaded: Vec<(
        String,
        Result<crate::domain::Dossier, crate::store::StoreError>,
    )>,
    ctx: &rules::Context<'_>,
    lang: Lang,
    today: NaiveDate,
) -> Vec<Summary> {
    loaded
        .into_iter()
        .map(|(id, loaded)| match loaded {
            Ok(d) => {
                let by_law = rules::effect::effective_from(&d, ctx.calendar);
                let status = procedure::status_with_effect(&d, &ctx.policy(&d), today, by_law);
                let report = rules::check(&d, ctx, today);
                let integrity = integrity(ws, &id, lang);
                let effect = rules::effect::by_law(&d, ctx.calendar, lang, today);
                Summary {
                    effect,
                    integrity,
                    id,
                    enterprise: d.enterprise.name,
                    kind: d.kind,
                    step: status.current,
                    next: report.deadlines.into_iter().min_by_key(|x| x.due),
                    error: None,
                }
            }
            Err(e) => Summary {
                id,
                enterprise: String::new(),
                kind: crate::domain::ContractKind::Wage,
                step: None,
                next: None,
                error: Some(e.message(lang)),
                integrity: Vec::new(),
                effect: None,
            },
        })
        .collect()
}

/// The cheap part of `verify`, for every row: a status of the sealed files, the tags and the
/// branch's log, and the seal in force (no walk over the history's objects, which `verify` and
/// `check` do). Errors only: a fetched branch kept unmerged is `check`'s warning.
fn integrity(ws: &Workspace, id: &str, lang: Lang) -> Vec<String> {
    let Ok(facts) = ws.repo_facts(id, false) else {
        return Vec::new();
    };
    super::verify::judge(id, &facts, lang)
        .into_iter()
        .filter(|f| f.severity == rules::Severity::Error)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

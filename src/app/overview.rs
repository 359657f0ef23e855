//! The workspace overview: one row per dossier with its kind, current step and next deadline —
//! what `xieshang list` prints and what the TUI's Home shows. One function, so the two can never
//! disagree about where a dossier stands.

use super::view::Summary;
use crate::domain::{procedure, rules};
use crate::i18n::Lang;
use crate::store::Workspace;
use chrono::NaiveDate;

/// Every dossier in `ws`, judged as of `today` with the given region data. A dossier that cannot
/// be read still gets a row, with the reason in the user's language.
pub fn summaries(ws: &Workspace, ctx: &rules::Context<'_>, today: NaiveDate) -> Vec<Summary> {
    summarise(ws.load_all(), ctx, ctx.lang, today)
}

fn summarise(
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
                let status = procedure::status_with_policy(&d, &ctx.policy(&d), today);
                let report = rules::check(&d, ctx, today);
                Summary {
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
            },
        })
        .collect()
}

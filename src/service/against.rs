//! The draft against what it should be read with at pre-review: the template it was made from
//! (filled with today's record, so only what the parties wrote differently shows), and the
//! enterprise's previous agreement when the workspace holds it (its signed text).

use super::versions::Comparison;
use super::{Failure, Service};
use crate::contract::{diff, parse};
use crate::domain::event::parse_events;
use crate::domain::{Invalid, Problem};
use crate::i18n::tr;

/// What to compare the current draft with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    Template,
    Previous,
}

impl Against {
    pub fn parse(s: &str) -> Option<Against> {
        match s {
            "template" => Some(Against::Template),
            "previous" => Some(Against::Previous),
            _ => None,
        }
    }
}

impl Service {
    /// The current draft of `id` against the template it came from, or against the
    /// enterprise's previous signed agreement in this workspace.
    pub(crate) fn compare_against(
        &self,
        id: &str,
        against: Against,
    ) -> Result<Comparison, Failure> {
        let d = self.ws.load(id)?;
        let text = self
            .ws
            .file_at(id, "HEAD", crate::store::CONTRACT_FILE)?
            .ok_or_else(|| {
                Invalid::new(
                    "draft",
                    id,
                    Problem::Missing {
                        what: "draft".into(),
                    },
                )
            })?;
        let new = parse::parse(&text).map_err(|e| Failure::Refused(e.message(self.lang)))?;
        let (label, old_text) = match against {
            Against::Template => {
                // The template named by the last `draft.template` event, else the kind's.
                let name = self
                    .ws
                    .history(id)?
                    .iter()
                    .find_map(|h| {
                        parse_events(&h.message)
                            .into_iter()
                            .find(|e| e.kind == "draft.template")
                            .and_then(|e| e.get("template").map(str::to_string))
                    })
                    .unwrap_or_else(|| d.kind.key().to_string());
                let tpl = self.template(&name)?;
                (format!("template {name}"), tpl.fill(&d).text)
            }
            Against::Previous => {
                let (other, t) = self
                    .previous_agreement(id, &d)?
                    .ok_or_else(|| Failure::Refused(tr(self.lang, "against.no_previous")))?;
                (format!("{other} signed"), t)
            }
        };
        let old = parse::parse(&old_text).map_err(|e| Failure::Refused(e.message(self.lang)))?;
        Ok(Comparison {
            diff: diff::diff(&old, &new),
            from: label,
            to: "HEAD".to_string(),
            old,
            new,
            terms: Vec::new(),
        })
    }

    /// The latest other signed dossier of the same enterprise (same credit code, else the same
    /// name) among this union's dossiers (the same union folder for a received one), with its
    /// text as signed.
    fn previous_agreement(
        &self,
        id: &str,
        d: &crate::domain::Dossier,
    ) -> Result<Option<(String, String)>, Failure> {
        let key = self.ws.key_of(id)?;
        let folder = key.rsplit_once('/').map(|(c, _)| c.to_string());
        let same = |o: &crate::domain::Dossier| match (
            &d.enterprise.credit_code,
            &o.enterprise.credit_code,
        ) {
            (Some(a), Some(b)) => a == b,
            _ => o.enterprise.name == d.enterprise.name,
        };
        let mut best: Option<(chrono::NaiveDate, String)> = None;
        for k in self.ws.ids() {
            if k == key || k.rsplit_once('/').map(|(c, _)| c.to_string()) != folder {
                continue;
            }
            let Ok(o) = self.ws.load(&k) else { continue };
            let Some(s) = &o.signing else { continue };
            if same(&o) && best.as_ref().is_none_or(|(date, _)| s.date > *date) {
                best = Some((s.date, k));
            }
        }
        let Some((_, k)) = best else {
            return Ok(None);
        };
        Ok(self
            .ws
            .file_at(&k, "signed", crate::store::CONTRACT_FILE)?
            .map(|t| (k, t)))
    }
}

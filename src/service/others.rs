//! The enterprise's other agreements, for the rules that look across dossiers (CONTENT-SPECIAL,
//! RENEWAL-NEW, AGREEMENT-OVERLAP): the service fills `Dossier::others` before judging. An
//! enterprise is its credit code, else its name, within one union's dossiers (a reviewer's
//! folder per grassroots union keeps two unions' numbering apart).

use super::Service;
use crate::domain::{Dossier, OtherAgreement};
use std::collections::HashMap;

/// Who an enterprise is, across dossiers.
fn enterprise_key(key: &str, d: &Dossier) -> String {
    let folder = key.rsplit_once('/').map_or("", |(f, _)| f);
    match d
        .enterprise
        .credit_code
        .as_deref()
        .filter(|c| !c.is_empty())
    {
        Some(c) => format!("{folder}|code:{}", c.to_uppercase()),
        None => format!("{folder}|name:{}", d.enterprise.name),
    }
}

fn other(key: &str, d: &Dossier) -> OtherAgreement {
    OtherAgreement {
        key: key.to_string(),
        kind: d.kind,
        created: d.created,
        signed: d.signing.as_ref().map(|s| s.date),
        start: d.terms.start,
        end: d.terms.end,
    }
}

/// Every dossier of the workspace by enterprise.
pub(crate) struct Others(HashMap<String, Vec<OtherAgreement>>);

impl Others {
    /// `d`'s enterprise's other dossiers (not `key` itself) put into `d.others`.
    pub(crate) fn fill(&self, key: &str, d: &mut Dossier) {
        d.others = self
            .0
            .get(&enterprise_key(key, d))
            .map(|v| v.iter().filter(|o| o.key != key).cloned().collect())
            .unwrap_or_default();
    }
}

impl Service {
    /// The workspace's dossiers grouped by enterprise (one read of every `dossier.json`).
    pub(crate) fn others(&self) -> Others {
        let mut map: HashMap<String, Vec<OtherAgreement>> = HashMap::new();
        for key in self.ws.ids() {
            if let Ok(d) = self.ws.load(&key) {
                map.entry(enterprise_key(&key, &d))
                    .or_default()
                    .push(other(&key, &d));
            }
        }
        Others(map)
    }

    /// `d` (dossier `key`) with its enterprise's other dossiers filled in.
    pub(crate) fn with_others(&self, key: &str, mut d: Dossier) -> Dossier {
        self.others().fill(key, &mut d);
        d
    }
}

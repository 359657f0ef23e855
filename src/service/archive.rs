//! The archive of agreements, for the district or city union that keeps them: the index kept
//! fresh (only the dossiers whose `HEAD` or tags moved are read again), search with filters and
//! figures, the digest of what is due, and coverage statistics.
//!
//! What goes into the index is decided here (the facts a search filters on, the clauses of the
//! signed text and of the current draft); the SQL is `store::archive`'s.

use super::{Failure, Service};
use crate::contract::numerals::to_chinese;
use crate::contract::{parse, render};
use crate::domain::rules::{self, Deadline};
use crate::domain::{Dossier, seal};
pub use crate::store::archive::{AgreementHit, ClauseHit, Query};
use crate::store::archive::{AgreementRow, ClauseRow};
use chrono::NaiveDate;

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Refreshed {
    pub dossiers: usize,
    pub updated: usize,
    pub removed: usize,
    /// The index lives in memory only (read-only storage).
    pub in_memory: bool,
}

/// The clauses of `text`, as index rows of `version`.
fn clause_rows(text: &str, version: &str) -> Vec<ClauseRow> {
    let Ok(c) = parse::parse(text) else {
        return Vec::new();
    };
    c.clauses()
        .map(|(no, ci, cl)| {
            let chapter = c.chapters.get(ci).and_then(|ch| {
                ch.title
                    .as_ref()
                    .map(|t| format!("第{}章 {t}", to_chinese(u32::try_from(ci + 1).unwrap_or(0))))
            });
            ClauseRow {
                version: version.to_string(),
                no: i64::try_from(no).unwrap_or(0),
                label: format!("第{}条", to_chinese(u32::try_from(no).unwrap_or(0))),
                chapter,
                text: render::render_clause(no, cl),
            }
        })
        .collect()
}

impl Service {
    /// The tag of the sealed state in force: the last sealed amendment's, else `signed`.
    fn sealed_tag(d: &Dossier) -> Option<String> {
        d.signing.as_ref()?;
        let amended = d.amendments.iter().filter(|a| a.seal.is_some()).count();
        Some(if amended > 0 {
            format!("amend-{amended}")
        } else {
            "signed".to_string()
        })
    }

    /// The index row of dossier `key` with stamp `stamp`.
    fn agreement_row(&self, key: &str, stamp: String) -> Result<AgreementRow, Failure> {
        let d = self.ws.load(key)?;
        let current = self.ws.file_at(key, "HEAD", crate::store::CONTRACT_FILE)?;
        let signed_text = match Self::sealed_tag(&d) {
            Some(tag) => self
                .ws
                .file_at(key, &tag, crate::store::CONTRACT_FILE)
                .ok()
                .flatten(),
            None => None,
        };
        let mut clauses = Vec::new();
        if let Some(t) = &signed_text {
            clauses.extend(clause_rows(t, "signed"));
        }
        if let Some(t) = current
            .as_ref()
            .filter(|t| Some(*t) != signed_text.as_ref())
        {
            clauses.extend(clause_rows(t, "current"));
        }
        let seal = d.current_seal();
        let t = &d.terms;
        Ok(AgreementRow {
            key: key.to_string(),
            stamp,
            enterprise: d.enterprise.name.clone(),
            credit_code: d.enterprise.credit_code.clone(),
            region: d.enterprise.region.clone(),
            industry: d.enterprise.industry.clone(),
            kind: d.kind.key().to_string(),
            union_code: d.union.as_ref().map(|u| u.code.clone()),
            signed: d.signing.as_ref().map(|s| s.date.to_string()),
            // In effect as recorded, or by law; a contract signed and never filed is not.
            effective: crate::domain::rules::effect::effective_from(&d, self.rules()?.calendar)
                .map(|x| x.to_string()),
            expiry: t.end.map(|x| x.to_string()),
            staff: t.staff_covered.or(d.enterprise.staff).map(i64::from),
            increase_bp: t.avg_wage_increase_bp.map(i64::from),
            min_wage_fen: t.min_wage_fen,
            instructor: (!d.instructors.is_empty()).then(|| d.instructors.join("、")),
            seal: seal.map(|s| s.text_sha256.clone()),
            seal_ok: seal.map(|s| {
                s.text_sha256 == seal::sha256(signed_text.as_deref().unwrap_or_default().as_bytes())
            }),
            allowances: t.allowances.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            attachments: d
                .attachments
                .iter()
                .map(|a| a.kind.key().to_string())
                .collect(),
            clauses,
        })
    }

    /// Brings the index up to date: reads again only the dossiers whose stamp changed, drops
    /// the ones gone. `progress(done, of)` is called as dossiers are read (for a progress bar).
    pub fn archive_refresh(
        &self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<(crate::store::archive::ArchiveIndex, Refreshed), Failure> {
        let mut idx = self.ws.archive_index()?;
        let (needed, mark) = idx.sweep_needed(&self.ws)?;
        if !needed {
            let r = Refreshed {
                dossiers: idx.count()?,
                updated: 0,
                removed: 0,
                in_memory: idx.path.is_none(),
            };
            return Ok((idx, r));
        }
        let known = idx.indexed_stamps()?;
        let now = self.ws.stamps();
        let mut changed = Vec::new();
        for (key, stamp) in &now {
            if known.get(key) != Some(stamp) {
                changed.push((key.clone(), stamp.clone()));
            }
        }
        let present: std::collections::HashSet<&str> =
            now.iter().map(|(k, _)| k.as_str()).collect();
        let gone: Vec<String> = known
            .keys()
            .filter(|k| !present.contains(k.as_str()))
            .cloned()
            .collect();
        let keys = now;
        let mut rows = Vec::with_capacity(changed.len());
        let of = changed.len();
        for (i, (key, stamp)) in changed.into_iter().enumerate() {
            // A dossier that cannot be read is left out (list and verify report it), not a
            // reason to refuse the whole archive.
            if let Ok(r) = self.agreement_row(&key, stamp) {
                rows.push(r);
            }
            progress(i + 1, of);
        }
        let r = Refreshed {
            dossiers: keys.len(),
            updated: rows.len(),
            removed: gone.len(),
            in_memory: idx.path.is_none(),
        };
        if !rows.is_empty() || !gone.is_empty() {
            idx.apply(&rows, &gone)?;
        }
        idx.record_sweep(&mark, &keys)?;
        Ok((idx, r))
    }

    /// Empties the index and builds it again from every dossier.
    pub fn archive_reindex(
        &self,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Refreshed, Failure> {
        let mut idx = self.ws.archive_index()?;
        idx.clear()?;
        drop(idx);
        Ok(self.archive_refresh(progress)?.1)
    }

    /// Searches the archive (refreshing it first). `q.today` is filled in here.
    pub fn archive_search(&self, q: Query) -> Result<Vec<AgreementHit>, Failure> {
        Ok(self.archive_search_noting(q)?.hits)
    }

    /// [`Service::archive_search`], with how many agreements matched before the limit cut the
    /// list and whether the index lives in memory only (read-only storage: nothing of it was
    /// saved).
    pub fn archive_search_noting(&self, mut q: Query) -> Result<Searched, Failure> {
        let (idx, r) = self.archive_refresh(&mut |_, _| {})?;
        q.today = self.today.to_string();
        q.expiring_until = (self.today + chrono::Days::new(90)).to_string();
        let (hits, matched) = idx.search_counted(&q)?;
        Ok(Searched {
            hits,
            matched,
            in_memory: r.in_memory,
        })
    }

    /// What is due across the workspace within `days`: expiries and renewal windows, reviews,
    /// filings, every deadline the rules compute, overdue ones first. One item per agreement
    /// for its expiry: where RENEWAL-NEW says that no new bargaining was opened, the plain
    /// RENEWAL reminder of the same expiry is left out (the warning is the more pressing).
    pub fn archive_due(&self, days: u64) -> Result<Vec<(String, String, Deadline)>, Failure> {
        let ctx = self.rules()?;
        let until = self.today + chrono::Days::new(days);
        let others = self.others();
        let mut out = Vec::new();
        for key in self.ws.ids() {
            let Ok(mut d) = self.ws.load(&key) else {
                continue;
            };
            others.fill(&key, &mut d);
            let deadlines = rules::check(&d, &ctx, self.today).deadlines;
            let unopened: Vec<NaiveDate> = deadlines
                .iter()
                .filter(|dl| dl.rule == "RENEWAL-NEW")
                .map(|dl| dl.due)
                .collect();
            for dl in deadlines {
                if dl.rule == "RENEWAL" && unopened.contains(&dl.due) {
                    continue;
                }
                if dl.overdue || dl.due <= until {
                    out.push((key.clone(), d.enterprise.name.clone(), dl));
                }
            }
        }
        out.sort_by(|a, b| {
            b.2.overdue
                .cmp(&a.2.overdue)
                .then(a.2.due.cmp(&b.2.due))
                .then(a.0.cmp(&b.0))
        });
        Ok(out)
    }

    /// Writes `hits` as CSV (UTF-8 with a BOM: Excel and WPS read it as UTF-8) to `path`;
    /// returns how many rows.
    pub fn archive_csv(
        &self,
        hits: &[AgreementHit],
        path: &std::path::Path,
    ) -> Result<usize, Failure> {
        let l = self.lang;
        let header: Vec<String> = [
            "key",
            "enterprise",
            "credit_code",
            "region",
            "industry",
            "kind",
            "signed",
            "effective",
            "expiry",
            "staff",
            "increase",
            "min_wage",
            "allowances",
            "instructor",
            "clauses",
        ]
        .iter()
        .map(|k| crate::i18n::tr(l, &format!("archive.csv.{k}")))
        .collect();
        let mut rows = vec![header];
        for h in hits {
            let r = &h.row;
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            rows.push(vec![
                r.key.clone(),
                r.enterprise.clone(),
                opt(&r.credit_code),
                r.region.clone(),
                opt(&r.industry),
                crate::i18n::tr(l, &format!("archive.kind.{}", r.kind)),
                opt(&r.signed),
                opt(&r.effective),
                opt(&r.expiry),
                r.staff.map(|s| s.to_string()).unwrap_or_default(),
                r.increase_bp
                    .map(crate::domain::values::format_bp)
                    .unwrap_or_default(),
                r.min_wage_fen
                    .map(crate::domain::values::format_fen)
                    .unwrap_or_default(),
                r.allowances
                    .iter()
                    .map(|(k, v)| format!("{k}={}", crate::domain::values::format_fen(*v)))
                    .collect::<Vec<_>>()
                    .join("；"),
                opt(&r.instructor),
                h.clauses
                    .iter()
                    .map(|c| c.label.clone())
                    .collect::<Vec<_>>()
                    .join("、"),
            ]);
        }
        crate::store::archive::write_csv(path, &rows)?;
        Ok(hits.len())
    }

    /// The date the figures are judged on.
    pub fn archive_today(&self) -> NaiveDate {
        self.today
    }
}

/// A search's answer: the agreements listed and how many matched in all — more than listed
/// when the query's limit cut the list, which a listing must then say.
#[derive(Debug, Clone, Default)]
pub struct Searched {
    pub hits: Vec<AgreementHit>,
    pub matched: usize,
    /// The index lives in memory only (read-only storage).
    pub in_memory: bool,
}

impl Searched {
    /// The list was cut: fewer listed than matched.
    pub fn cut(&self) -> bool {
        self.matched > self.hits.len()
    }
}

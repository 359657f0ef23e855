//! The archive index: an embedded SQLite database (bundled SQLite, FTS5 with the `trigram`
//! tokenizer) in `.xieshang/archive.sqlite`, derived from the dossiers and nothing else — delete
//! it and the next use (or `archive reindex`) rebuilds it. On storage that cannot be written it
//! lives in memory for the one run.
//!
//! It holds one row per agreement (the facts a search filters on, and the seal as a witness) and
//! one row per clause of the signed text and of the current draft, with its chapter and label.
//! Each agreement's row carries a stamp (its `HEAD` and tags): a refresh rebuilds only what
//! changed. FTS5's trigram index cannot match a query under three characters (`津贴`, `加班`),
//! so those are found by scanning the clause texts with `instr` — measured fast enough at 10,000
//! agreements (docs/design.md).
//!
//! This module owns the schema and the SQL. What goes into a row is the service's to say.

use super::error::StoreError;
use super::workspace::Workspace;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::PathBuf;

/// Bumped when the schema changes: an index of another version is rebuilt, not migrated (it is
/// derived data). 5: `effective` is the day in effect by law when none is recorded, and empty
/// for a contract signed but not filed.
const SCHEMA: i64 = 5;
const FILE: &str = ".xieshang/archive.sqlite";

/// One agreement as indexed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgreementRow {
    pub key: String,
    pub stamp: String,
    pub enterprise: String,
    pub credit_code: Option<String>,
    pub region: String,
    pub industry: Option<String>,
    pub kind: String,
    pub union_code: Option<String>,
    pub signed: Option<String>,
    pub effective: Option<String>,
    pub expiry: Option<String>,
    pub staff: Option<i64>,
    pub increase_bp: Option<i64>,
    pub min_wage_fen: Option<i64>,
    pub instructor: Option<String>,
    /// The seal's text hash (a witness) and whether the signed text still matches it.
    pub seal: Option<String>,
    pub seal_ok: Option<bool>,
    pub allowances: Vec<(String, i64)>,
    /// The kinds of its attached scans (`signed`, `resolution`, `receipt`), in the order added.
    pub attachments: Vec<String>,
    pub clauses: Vec<ClauseRow>,
}

/// One clause of one version of an agreement's text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClauseRow {
    /// `signed` or `current`.
    pub version: String,
    pub no: i64,
    pub label: String,
    pub chapter: Option<String>,
    pub text: String,
}

/// What to look for. Every part optional; dates as `YYYY-MM-DD` text compare correctly.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub text: Option<String>,
    /// A division code: the area and everything below it (`210200` → `2102…`).
    pub region: Option<String>,
    pub industry: Option<String>,
    pub kind: Option<String>,
    pub year: Option<i32>,
    /// `effective`, `expired`, `expiring` (within 90 days), `draft` — as of `today`.
    pub status: Option<String>,
    pub today: String,
    pub expiring_until: String,
    pub min_wage_below_fen: Option<i64>,
    pub increase_below_bp: Option<i64>,
    /// An allowance and the amount (fen) it must exceed.
    pub allowance_above: Option<(String, i64)>,
    pub limit: usize,
}

/// A clause that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseHit {
    pub version: String,
    pub no: i64,
    pub label: String,
    pub chapter: Option<String>,
    pub text: String,
}

/// An agreement that matched, with its matching clauses (none for a filter-only search).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementHit {
    pub row: AgreementRow,
    pub clauses: Vec<ClauseHit>,
}

/// The index, open.
pub struct ArchiveIndex {
    conn: Connection,
    /// Where it lives; `None` in memory (read-only storage).
    pub path: Option<PathBuf>,
}

fn db(e: &rusqlite::Error) -> StoreError {
    StoreError::Git {
        detail: format!("archive index: {e}"),
    }
}

impl Workspace {
    /// Opens (creating when needed) the archive index; in memory when the workspace cannot be
    /// written. An index of another schema, or one that does not open, is rebuilt.
    pub fn archive_index(&self) -> Result<ArchiveIndex, StoreError> {
        let path = self.root().join(FILE);
        let on_disk = path
            .parent()
            .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
            .then(|| Connection::open(&path).ok())
            .flatten();
        let (conn, path) = match on_disk {
            Some(c) if c.execute_batch("PRAGMA user_version").is_ok() => (c, Some(path)),
            _ => (Connection::open_in_memory().map_err(|e| db(&e))?, None),
        };
        let mut idx = ArchiveIndex { conn, path };
        if idx.init().is_err() {
            // Broken or read-only after all: in memory, rebuilt from the dossiers.
            idx = ArchiveIndex {
                conn: Connection::open_in_memory().map_err(|e| db(&e))?,
                path: None,
            };
            idx.init().map_err(|e| db(&e))?;
        }
        Ok(idx)
    }

    /// The stamp of every dossier of the workspace (its own and those received), by key: the
    /// modification times of its `.git` folder and of its branch and tag folders. Every save
    /// renames a file in one of them (the index and `HEAD`'s branch through their lock files,
    /// `packed-refs` likewise, a tag added, moved or deleted), so a changed stamp means "read it
    /// again" and an unchanged one means nothing moved. Three `stat` calls a dossier instead of
    /// opening its repository, spread over the cores: the refresh before every search must cost
    /// less than the search.
    pub fn stamps(&self) -> Vec<(String, String)> {
        // One listing of the workspace, stamped as it goes: a folder whose `.git` has no stamp is
        // not a dossier and may be a union's folder of received dossiers, listed in turn (no
        // separate pass to find them, no stat beyond the stamp's three).
        let stamp = |dir: &PathBuf| -> Option<String> {
            let git = dir.join(".git");
            let mut s = String::new();
            for (i, p) in [git.clone(), git.join("refs/heads"), git.join("refs/tags")]
                .iter()
                .enumerate()
            {
                match std::fs::metadata(p) {
                    Ok(m) => {
                        let t = m
                            .modified()
                            .ok()
                            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                            .map_or(0, |d| d.as_nanos());
                        s.push_str(&format!("{t};"));
                    }
                    // No `.git`: not a dossier (a README, a union folder).
                    Err(_) if i == 0 => return None,
                    Err(_) => s.push_str("-;"),
                }
            }
            Some(s)
        };
        let list = |dir: &std::path::Path, prefix: &str| -> Vec<(String, PathBuf)> {
            std::fs::read_dir(dir)
                .map(|rd| {
                    rd.flatten()
                        .filter_map(|e| {
                            let name = e.file_name().into_string().ok()?;
                            super::workspace::validate_id(&name).ok()?;
                            Some((format!("{prefix}{name}"), e.path()))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let stamp_all = |keys: &[(String, PathBuf)]| -> Vec<(String, PathBuf, Option<String>)> {
            let threads =
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
            let chunk = keys.len().div_ceil(threads.max(1)).max(256);
            std::thread::scope(|scope| {
                let handles: Vec<_> = keys
                    .chunks(chunk)
                    .map(|part| {
                        scope.spawn(move || {
                            part.iter()
                                .map(|(k, d)| (k.clone(), d.clone(), stamp(d)))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        };
        let mut out = Vec::new();
        let mut union_folders = Vec::new();
        for (key, dir, st) in stamp_all(&list(self.root(), "")) {
            match st {
                Some(s) => out.push((key, s)),
                None => union_folders.push((key, dir)),
            }
        }
        for (code, dir) in union_folders {
            let inside = list(&dir, &format!("{code}/"));
            out.extend(
                stamp_all(&inside)
                    .into_iter()
                    .filter_map(|(k, _, s)| s.map(|s| (k, s))),
            );
        }
        out.sort();
        out
    }
}

impl ArchiveIndex {
    fn init(&mut self) -> Result<(), rusqlite::Error> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v != SCHEMA {
            self.conn.execute_batch(
                "PRAGMA journal_mode=WAL;
                 DROP TABLE IF EXISTS clauses_fts;
                 DROP TABLE IF EXISTS clauses_bi;
                 DROP TABLE IF EXISTS clauses;
                 DROP TABLE IF EXISTS allowances;
                 DROP TABLE IF EXISTS agreements;
                 DROP TABLE IF EXISTS meta;",
            )?;
        }
        self.conn.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS agreements(
                key TEXT PRIMARY KEY, stamp TEXT NOT NULL, enterprise TEXT NOT NULL,
                credit_code TEXT, region TEXT NOT NULL, industry TEXT, kind TEXT NOT NULL,
                union_code TEXT, signed TEXT, effective TEXT, expiry TEXT, staff INTEGER,
                increase_bp INTEGER, min_wage_fen INTEGER, instructor TEXT, seal TEXT,
                seal_ok INTEGER, attachments TEXT NOT NULL DEFAULT '');
             CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS witnessed(
                key TEXT PRIMARY KEY, seal TEXT NOT NULL, seen TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS allowances(
                key TEXT NOT NULL, name TEXT NOT NULL, fen INTEGER NOT NULL);
             CREATE INDEX IF NOT EXISTS allowances_key ON allowances(key);
             CREATE TABLE IF NOT EXISTS clauses(
                id INTEGER PRIMARY KEY, key TEXT NOT NULL, version TEXT NOT NULL,
                no INTEGER NOT NULL, label TEXT NOT NULL, chapter TEXT, text TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS clauses_key ON clauses(key);
             CREATE VIRTUAL TABLE IF NOT EXISTS clauses_fts USING fts5(
                text, content='clauses', content_rowid='id', tokenize='trigram');
             CREATE VIRTUAL TABLE IF NOT EXISTS clauses_bi USING fts5(
                grams, content='', contentless_delete=1, tokenize='unicode61');
             PRAGMA user_version = {SCHEMA};"
        ))?;
        Ok(())
    }

    fn meta(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| db(&e))
    }

    /// Whether the dossiers must be swept for changes, and the workspace's change mark to record
    /// once they have been (see `store::generation`): they need not when the mark is the one
    /// recorded at the last sweep and that sweep is recent.
    pub fn sweep_needed(&self, ws: &Workspace) -> Result<(bool, String), StoreError> {
        let unions: Vec<String> = self
            .meta("unions")?
            .map(|u| {
                u.split('/')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mark = super::generation::mark(ws.root(), &unions);
        let recent = self
            .meta("swept_at")?
            .and_then(|t| t.parse::<u64>().ok())
            .is_some_and(|t| {
                super::generation::now_secs().saturating_sub(t)
                    < super::generation::SWEEP_EVERY.as_secs()
            });
        let same = self.meta("mark")?.as_deref() == Some(mark.as_str());
        Ok((!(same && recent), mark))
    }

    /// Records a sweep that started when the workspace's mark was `mark`, over the dossiers
    /// `keys` (whose `CODE/` prefixes name the union folders the next mark watches).
    pub fn record_sweep(&self, mark: &str, keys: &[(String, String)]) -> Result<(), StoreError> {
        let mut unions: Vec<&str> = keys
            .iter()
            .filter_map(|(k, _)| k.split_once('/').map(|(code, _)| code))
            .collect();
        unions.dedup();
        let now = super::generation::now_secs().to_string();
        for (name, value) in [
            ("mark", mark.to_string()),
            ("swept_at", now),
            ("unions", unions.join("/")),
        ] {
            self.conn
                .execute(
                    "INSERT INTO meta(name, value) VALUES (?1, ?2)
                     ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    params![name, value],
                )
                .map_err(|e| db(&e))?;
        }
        Ok(())
    }

    /// How many agreements the index holds.
    pub fn count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM agreements", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|e| db(&e))
    }

    /// Every indexed agreement's stamp.
    pub fn indexed_stamps(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT key, stamp FROM agreements")
            .map_err(|e| db(&e))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(|e| db(&e))?;
        rows.collect::<Result<_, _>>().map_err(|e| db(&e))
    }

    /// Replaces the rows of the given agreements and removes those of `gone`, in one
    /// transaction (a refresh is all or nothing).
    pub fn apply(&mut self, rows: &[AgreementRow], gone: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction().map_err(|e| db(&e))?;
        {
            let mut del_fts = tx
                .prepare(
                    "INSERT INTO clauses_fts(clauses_fts, rowid, text)
                     SELECT 'delete', id, text FROM clauses WHERE key = ?1",
                )
                .map_err(|e| db(&e))?;
            let keys = rows
                .iter()
                .map(|r| r.key.as_str())
                .chain(gone.iter().map(String::as_str));
            let mut del_bi = tx
                .prepare(
                    "DELETE FROM clauses_bi WHERE rowid IN (SELECT id FROM clauses WHERE key = ?1)",
                )
                .map_err(|e| db(&e))?;
            for key in keys {
                del_fts.execute([key]).map_err(|e| db(&e))?;
                del_bi.execute([key]).map_err(|e| db(&e))?;
                for table in ["clauses", "allowances", "agreements"] {
                    tx.execute(&format!("DELETE FROM {table} WHERE key = ?1"), [key])
                        .map_err(|e| db(&e))?;
                }
            }
            let mut ins = tx
                .prepare(
                    "INSERT INTO agreements VALUES
                     (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)",
                )
                .map_err(|e| db(&e))?;
            let mut ins_allow = tx
                .prepare("INSERT INTO allowances VALUES (?1, ?2, ?3)")
                .map_err(|e| db(&e))?;
            let mut ins_clause = tx
                .prepare(
                    "INSERT INTO clauses(key, version, no, label, chapter, text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(|e| db(&e))?;
            let mut ins_fts = tx
                .prepare("INSERT INTO clauses_fts(rowid, text) VALUES (?1, ?2)")
                .map_err(|e| db(&e))?;
            let mut ins_bi = tx
                .prepare("INSERT INTO clauses_bi(rowid, grams) VALUES (?1, ?2)")
                .map_err(|e| db(&e))?;
            // The first seal seen for an agreement is kept through every refresh: a witness
            // that a later rewrite of the dossier cannot take back (only deleting the index does).
            let mut witness = tx
                .prepare("INSERT OR IGNORE INTO witnessed(key, seal, seen) VALUES (?1, ?2, ?3)")
                .map_err(|e| db(&e))?;
            for r in rows {
                if let Some(seal) = &r.seal {
                    witness
                        .execute(params![r.key, seal, r.stamp])
                        .map_err(|e| db(&e))?;
                }
                ins.execute(params![
                    r.key,
                    r.stamp,
                    r.enterprise,
                    r.credit_code,
                    r.region,
                    r.industry,
                    r.kind,
                    r.union_code,
                    r.signed,
                    r.effective,
                    r.expiry,
                    r.staff,
                    r.increase_bp,
                    r.min_wage_fen,
                    r.instructor,
                    r.seal,
                    r.seal_ok,
                    r.attachments.join(",")
                ])
                .map_err(|e| db(&e))?;
                for (name, fen) in &r.allowances {
                    ins_allow
                        .execute(params![r.key, name, fen])
                        .map_err(|e| db(&e))?;
                }
                for c in &r.clauses {
                    ins_clause
                        .execute(params![r.key, c.version, c.no, c.label, c.chapter, c.text])
                        .map_err(|e| db(&e))?;
                    let id = tx.last_insert_rowid();
                    ins_fts.execute(params![id, c.text]).map_err(|e| db(&e))?;
                    ins_bi
                        .execute(params![id, bigrams(&c.text)])
                        .map_err(|e| db(&e))?;
                }
            }
        }
        tx.commit().map_err(|e| db(&e))
    }

    /// The first seal (signed text's hash) the index saw for `key`, if any.
    pub fn witnessed(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT seal FROM witnessed WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| db(&e))
    }

    /// Empties the index (for `archive reindex`; the witnessed seals stay).
    pub fn clear(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(
                "DELETE FROM clauses; DELETE FROM allowances; DELETE FROM agreements;
                 DELETE FROM meta;
                 INSERT INTO clauses_fts(clauses_fts) VALUES('rebuild');
                 DELETE FROM clauses_bi;",
            )
            .map_err(|e| db(&e))
    }

    /// The agreements matching `q`, with their matching clauses, best first (most hits).
    pub fn search(&self, q: &Query) -> Result<Vec<AgreementHit>, StoreError> {
        Ok(self.search_counted(q)?.0)
    }

    /// [`Index::search`], and how many agreements matched before `q.limit` cut the list.
    pub fn search_counted(&self, q: &Query) -> Result<(Vec<AgreementHit>, usize), StoreError> {
        let mut wh: Vec<String> = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |v: rusqlite::types::Value| {
            args.push(v);
            format!("?{}", args.len())
        };
        if let Some(r) = &q.region {
            let prefix = r.trim_end_matches("00");
            let prefix = if prefix.is_empty() {
                r.as_str()
            } else {
                prefix
            };
            wh.push(format!(
                "a.region LIKE {} || '%'",
                arg(prefix.to_string().into())
            ));
        }
        if let Some(i) = &q.industry {
            wh.push(format!("instr(a.industry, {}) > 0", arg(i.clone().into())));
        }
        if let Some(k) = &q.kind {
            wh.push(format!("a.kind = {}", arg(k.clone().into())));
        }
        if let Some(y) = q.year {
            wh.push(format!(
                "substr(a.signed, 1, 4) = {}",
                arg(y.to_string().into())
            ));
        }
        if let Some(s) = &q.status {
            let cond = match s.as_str() {
                "draft" => "a.signed IS NULL".to_string(),
                "expired" => {
                    let today = arg(q.today.clone().into());
                    format!("a.expiry IS NOT NULL AND a.expiry < {today}")
                }
                "expiring" => {
                    let today = arg(q.today.clone().into());
                    let until = arg(q.expiring_until.clone().into());
                    format!(
                        "a.signed IS NOT NULL AND a.expiry IS NOT NULL AND a.expiry >= {today} AND a.expiry <= {until}"
                    )
                }
                _ => {
                    let today = arg(q.today.clone().into());
                    format!(
                        "a.signed IS NOT NULL AND a.effective IS NOT NULL AND a.effective <= {today} AND (a.expiry IS NULL OR a.expiry >= {today})"
                    )
                }
            };
            wh.push(cond);
        }
        if let Some(m) = q.min_wage_below_fen {
            wh.push(format!("a.min_wage_fen < {}", arg(m.into())));
        }
        if let Some(i) = q.increase_below_bp {
            wh.push(format!("a.increase_bp < {}", arg(i.into())));
        }
        if let Some((name, fen)) = &q.allowance_above {
            let n = arg(name.clone().into());
            let f = arg((*fen).into());
            wh.push(format!(
                "EXISTS (SELECT 1 FROM allowances x WHERE x.key = a.key AND x.name = {n} AND x.fen > {f})"
            ));
        }
        let text = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let mut hits_by_key: HashMap<String, Vec<ClauseHit>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        if let Some(t) = text {
            // Three characters or more: the trigram index (the phrase quoted, quotes doubled);
            // two letters or digits: the bigram index; anything shorter: a scan of the texts.
            let n = t.chars().count();
            let clause_sql = if n >= 3 {
                let phrase = format!("\"{}\"", t.replace('"', "\"\""));
                format!(
                    "SELECT c.key, c.version, c.no, c.label, c.chapter, c.text
                     FROM clauses_fts f JOIN clauses c ON c.id = f.rowid
                     WHERE clauses_fts MATCH {}",
                    arg(phrase.into())
                )
            } else if n == 2 && t.chars().all(char::is_alphanumeric) {
                let gram = format!("\"{}\"", t.to_lowercase());
                format!(
                    "SELECT c.key, c.version, c.no, c.label, c.chapter, c.text
                     FROM clauses c WHERE c.id IN (
                        SELECT rowid FROM clauses_bi WHERE clauses_bi MATCH {})",
                    arg(gram.into())
                )
            } else {
                format!(
                    "SELECT c.key, c.version, c.no, c.label, c.chapter, c.text
                     FROM clauses c WHERE instr(c.text, {}) > 0",
                    arg(t.to_string().into())
                )
            };
            let filter = if wh.is_empty() {
                String::new()
            } else {
                format!(
                    " AND c.key IN (SELECT a.key FROM agreements a WHERE {})",
                    wh.join(" AND ")
                )
            };
            let sql = format!("{clause_sql}{filter} ORDER BY c.key, c.version DESC, c.no");
            let mut st = self.conn.prepare(&sql).map_err(|e| db(&e))?;
            let rows = st
                .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        ClauseHit {
                            version: r.get(1)?,
                            no: r.get(2)?,
                            label: r.get(3)?,
                            chapter: r.get(4)?,
                            text: r.get(5)?,
                        },
                    ))
                })
                .map_err(|e| db(&e))?;
            for row in rows {
                let (key, hit) = row.map_err(|e| db(&e))?;
                if !hits_by_key.contains_key(&key) {
                    order.push(key.clone());
                }
                hits_by_key.entry(key).or_default().push(hit);
            }
            // Most matching clauses first; ties by key.
            order.sort_by(|a, b| {
                hits_by_key[b]
                    .len()
                    .cmp(&hits_by_key[a].len())
                    .then(a.cmp(b))
            });
        } else {
            let sql = format!(
                "SELECT a.key FROM agreements a {} ORDER BY a.key",
                if wh.is_empty() {
                    String::new()
                } else {
                    format!("WHERE {}", wh.join(" AND "))
                }
            );
            let mut st = self.conn.prepare(&sql).map_err(|e| db(&e))?;
            let rows = st
                .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                    r.get::<_, String>(0)
                })
                .map_err(|e| db(&e))?;
            for k in rows {
                order.push(k.map_err(|e| db(&e))?);
            }
        }
        let matched = order.len();
        if q.limit > 0 {
            order.truncate(q.limit);
        }
        let mut out = Vec::with_capacity(order.len());
        for key in order {
            if let Some(row) = self.agreement(&key)? {
                let clauses = hits_by_key.remove(&key).unwrap_or_default();
                out.push(AgreementHit { row, clauses });
            }
        }
        Ok((out, matched))
    }

    /// One agreement's row (without its clauses).
    pub fn agreement(&self, key: &str) -> Result<Option<AgreementRow>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT key, stamp, enterprise, credit_code, region, industry, kind, union_code,
                        signed, effective, expiry, staff, increase_bp, min_wage_fen, instructor,
                        seal, seal_ok, attachments
                 FROM agreements WHERE key = ?1",
                [key],
                |r| {
                    Ok(AgreementRow {
                        key: r.get(0)?,
                        stamp: r.get(1)?,
                        enterprise: r.get(2)?,
                        credit_code: r.get(3)?,
                        region: r.get(4)?,
                        industry: r.get(5)?,
                        kind: r.get(6)?,
                        union_code: r.get(7)?,
                        signed: r.get(8)?,
                        effective: r.get(9)?,
                        expiry: r.get(10)?,
                        staff: r.get(11)?,
                        increase_bp: r.get(12)?,
                        min_wage_fen: r.get(13)?,
                        instructor: r.get(14)?,
                        seal: r.get(15)?,
                        seal_ok: r.get(16)?,
                        allowances: Vec::new(),
                        attachments: r
                            .get::<_, String>(17)?
                            .split(',')
                            .filter(|k| !k.is_empty())
                            .map(str::to_string)
                            .collect(),
                        clauses: Vec::new(),
                    })
                },
            )
            .optional()
            .map_err(|e| db(&e))?;
        let Some(mut row) = row else {
            return Ok(None);
        };
        let mut st = self
            .conn
            .prepare("SELECT name, fen FROM allowances WHERE key = ?1 ORDER BY name")
            .map_err(|e| db(&e))?;
        row.allowances = st
            .query_map([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| db(&e))?
            .collect::<Result<_, _>>()
            .map_err(|e| db(&e))?;
        Ok(Some(row))
    }

    /// Every indexed agreement's row (for statistics).
    pub fn all(&self) -> Result<Vec<AgreementRow>, StoreError> {
        let keys: Vec<String> = {
            let mut st = self
                .conn
                .prepare("SELECT key FROM agreements ORDER BY key")
                .map_err(|e| db(&e))?;
            st.query_map([], |r| r.get(0))
                .map_err(|e| db(&e))?
                .collect::<Result<_, _>>()
                .map_err(|e| db(&e))?
        };
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            if let Some(r) = self.agreement(&k)? {
                out.push(r);
            }
        }
        Ok(out)
    }
}

/// `text` as the bigram index stores it: every two adjacent letters or digits as one token
/// (`津贴和补贴` → `津贴 贴和 和补 补贴`), lower-cased, so a two-character query is one index
/// look-up. Pairs across punctuation or spaces are not words and are left out.
fn bigrams(text: &str) -> String {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(text.len() * 2);
    for w in chars.windows(2) {
        if w[0].is_alphanumeric() && w[1].is_alphanumeric() {
            out.push(w[0]);
            out.push(w[1]);
            out.push(' ');
        }
    }
    out
}

/// Writes `rows` as CSV to `path`: UTF-8 with a byte-order mark (what Excel and WPS need to
/// read it as UTF-8), CRLF line ends, fields quoted where they hold a comma, quote or line
/// break. Text is sanitised: a formula-looking cell (`=`, `+`, `-`, `@` first) is prefixed with
/// `'` so a spreadsheet shows it instead of running it.
pub fn write_csv(path: &std::path::Path, rows: &[Vec<String>]) -> Result<(), StoreError> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let mut c = crate::text::sanitize_line(c);
                if c.starts_with(['=', '+', '-', '@']) {
                    c.insert(0, '\'');
                }
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    super::atomic::write_atomic(path, out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The sweep over every dossier is skipped only while nothing was written (the mark) and
    /// the last sweep is recent; a write, a dossier folder added or an old sweep bring it back.
    #[test]
    fn the_sweep_is_skipped_only_while_the_mark_holds_and_is_recent() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let idx = ws.archive_index().unwrap();
        let (needed, mark) = idx.sweep_needed(&ws).unwrap();
        assert!(needed, "never swept");
        idx.record_sweep(&mark, &[]).unwrap();
        assert!(!idx.sweep_needed(&ws).unwrap().0);
        super::super::generation::bump(dir.path());
        let (needed, mark) = idx.sweep_needed(&ws).unwrap();
        assert!(needed, "a write moved the mark");
        idx.record_sweep(&mark, &[]).unwrap();
        assert!(!idx.sweep_needed(&ws).unwrap().0);
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::create_dir(dir.path().join("2026-009")).unwrap();
        let (needed, mark) = idx.sweep_needed(&ws).unwrap();
        assert!(needed, "a folder came");
        idx.record_sweep(&mark, &[("U1/2026-001".into(), "s".into())])
            .unwrap();
        // The union folder now watched is not there: its mark part changed, so sweep once more.
        assert!(idx.sweep_needed(&ws).unwrap().0);
        let (_, mark) = idx.sweep_needed(&ws).unwrap();
        idx.record_sweep(&mark, &[("U1/2026-001".into(), "s".into())])
            .unwrap();
        assert!(!idx.sweep_needed(&ws).unwrap().0);
        // A sweep older than a minute is done again, whatever the mark says (a change made by
        // another program does not move it).
        let old = (super::super::generation::now_secs() - 61).to_string();
        idx.conn
            .execute("UPDATE meta SET value = ?1 WHERE name = 'swept_at'", [old])
            .unwrap();
        assert!(idx.sweep_needed(&ws).unwrap().0);
        // Emptied for a rebuild: swept again.
        let mut idx = idx;
        let (_, mark) = idx.sweep_needed(&ws).unwrap();
        idx.record_sweep(&mark, &[]).unwrap();
        idx.clear().unwrap();
        assert!(idx.sweep_needed(&ws).unwrap().0);
    }

    fn index(texts: &[String]) -> ArchiveIndex {
        let mut idx = ArchiveIndex {
            conn: Connection::open_in_memory().unwrap(),
            path: None,
        };
        idx.init().unwrap();
        let rows: Vec<AgreementRow> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| AgreementRow {
                key: format!("k{i}"),
                stamp: "s".into(),
                kind: "wage".into(),
                clauses: vec![ClauseRow {
                    version: "signed".into(),
                    no: 1,
                    label: "第一条".into(),
                    chapter: None,
                    text: t.clone(),
                }],
                ..AgreementRow::default()
            })
            .collect();
        idx.apply(&rows, &[]).unwrap();
        idx
    }

    fn found(idx: &ArchiveIndex, q: &str) -> Vec<String> {
        let mut keys: Vec<String> = idx
            .search(&Query {
                text: Some(q.into()),
                ..Query::default()
            })
            .unwrap()
            .into_iter()
            .map(|h| h.row.key)
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn bigrams_skip_pairs_across_punctuation() {
        assert_eq!(bigrams("津贴和补贴，A1"), "津贴 贴和 和补 补贴 a1 ");
        assert_eq!(bigrams("加"), "");
    }

    #[test]
    fn one_two_and_three_characters_are_all_found() {
        let idx = index(&["高温津贴每月150元".into(), "加班工资".into(), "夜班".into()]);
        assert_eq!(found(&idx, "津贴"), ["k0"]);
        assert_eq!(found(&idx, "班"), ["k1", "k2"]);
        assert_eq!(found(&idx, "150"), ["k0"]);
        assert_eq!(found(&idx, "加班工资"), ["k1"]);
        assert!(found(&idx, "月1").contains(&"k0".to_string()));
        assert!(found(&idx, "\"").is_empty());
    }

    proptest! {
        /// Whatever route a query takes (trigram index, bigram index, scan), it finds exactly
        /// the texts that contain it.
        #[test]
        fn every_route_agrees_with_contains(
            texts in proptest::collection::vec("[津贴加班工资元1a，\" ]{0,12}", 1..6),
            q in "[津贴加班工资元1a，\"]{1,4}",
        ) {
            let idx = index(&texts);
            let mut want: Vec<String> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(q.as_str()))
                .map(|(i, _)| format!("k{i}"))
                .collect();
            want.sort();
            prop_assert_eq!(found(&idx, &q), want);
        }
    }
}

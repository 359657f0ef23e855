//! The diff's result as data: what `xieshang diff --json` prints, what the TUI and the CLI
//! listing read, and what `apply` replays. Field names and their order are the documented JSON
//! shape, so they change only together with `docs`. Besides the types, only the two questions
//! every caller asks of a whole diff: is anything different, and the one-line summary.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, tr, trf};

/// The whole diff. Serialises exactly as documented in `docs`: `summary`, `clauses`, and the
/// optional `chapters` / `title` only when something changed there.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct ContractDiff {
    pub summary: Summary,
    pub clauses: Vec<ClauseDiff>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<ChapterChange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<TitleChange>,
    /// Changed lines of the front matter (parties block, preamble) — never a clause change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub front: Vec<LineChange>,
    /// Changed lines of the back matter (signature and seal block, date, attachments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub back: Vec<LineChange>,
}

/// One line of front or back matter that changed: `modified` (with inline ops), `inserted` or
/// `deleted`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LineChange {
    pub change: Change,
    pub old: Option<String>,
    pub new: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline: Vec<InlineOp>,
}

/// A reference the new version left at its old number although the clause it named was
/// renumbered or deleted: it now names another clause (or none).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StaleRef {
    /// The reference as the new version writes it: `第四条`.
    pub text: String,
    /// The number the new version writes it with, which is not the clause it meant.
    pub target: u32,
    /// That clause's label now: `第三条`; `null` when it was deleted, so the reference names
    /// another clause or none.
    pub now: Option<String>,
    /// Which internal reference of the clause's old text it is (0-based, in order): a clause
    /// can write the same number twice and update only one of them.
    #[serde(default)]
    pub index: usize,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub unchanged: usize,
    pub renumbered: usize,
    pub moved: usize,
    pub modified: usize,
    pub inserted: usize,
    pub deleted: usize,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Unchanged,
    Renumbered,
    Moved,
    Modified,
    Inserted,
    Deleted,
}

/// One clause of either version. `inline` is non-empty only for `modified`; every other entry
/// carries `inline: []`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClauseDiff {
    pub change: Change,
    pub old_no: Option<usize>,
    pub new_no: Option<usize>,
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    /// The new chapter's full heading for present clauses, the old one for deleted clauses;
    /// `null` when the contract has a single untitled chapter.
    pub chapter: Option<String>,
    /// The clause's cross-references were rewritten to follow renumbering — and the new text
    /// has them pointing at the same clauses as before (all but those in `stale_refs`).
    pub refs_updated: bool,
    /// References left at their old numbers although their clause was renumbered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale_refs: Vec<StaleRef>,
    /// For `modified`: equal + delete spell the old text with references already renumbered;
    /// equal + insert spell the new text.
    pub inline: Vec<InlineOp>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InlineOp {
    pub op: Op,
    pub text: String,
}

/// A chapter whose heading changed, appeared or disappeared.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ChapterChange {
    /// `retitled`, `inserted` or `deleted`.
    pub change: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TitleChange {
    pub old: String,
    pub new: String,
}

impl ContractDiff {
    /// True when no clause changed in any way and neither chapters nor title changed.
    pub fn is_empty(&self) -> bool {
        self.summary.unchanged == self.clauses.len()
            && self.chapters.is_empty()
            && self.title.is_none()
            && self.front.is_empty()
            && self.back.is_empty()
            && self.clauses.iter().all(|c| c.stale_refs.is_empty())
    }

    /// `2 modified, 1 inserted, 3 renumbered` / `修改 2 条，新增 1 条，重新编号 3 条`.
    pub fn summary_line(&self, lang: Lang) -> String {
        let s = &self.summary;
        let parts: Vec<String> = [
            ("modified", s.modified),
            ("inserted", s.inserted),
            ("deleted", s.deleted),
            ("moved", s.moved),
            ("renumbered", s.renumbered),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| {
            trf(
                lang,
                &format!("contract.diff.count.{k}"),
                &[("n", &n.to_string())],
            )
        })
        .collect();
        let mut parts = parts;
        let stale: usize = self.clauses.iter().map(|c| c.stale_refs.len()).sum();
        if stale > 0 {
            parts.push(trf(
                lang,
                "contract_import.diff.stale",
                &[("n", &stale.to_string())],
            ));
        }
        if !self.front.is_empty() {
            parts.push(tr(lang, "contract_import.diff.front_changed"));
        }
        if !self.back.is_empty() {
            parts.push(tr(lang, "contract_import.diff.back_changed"));
        }
        if parts.is_empty() {
            return tr(lang, "contract.diff.no_changes");
        }
        parts.join(&tr(lang, "contract.diff.separator"))
    }
}

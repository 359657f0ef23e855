//! The contract as structure: a title, chapters, clauses (条), paragraphs (款) and items (项).
//!
//! Numbers are *not* stored: 第几章, 第几条 and （几） are rendered from position, so inserting,
//! deleting or moving a clause renumbers what follows by construction. Cross-references inside
//! clause text are stored as written and rewritten by `refs` when the structure changes.

use serde::{Deserialize, Serialize};

/// A whole contract text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Contract {
    /// The title line, e.g. `大连某某机械有限公司2026年度工资专项集体合同`.
    pub title: String,
    /// Lines between the title and the first chapter or clause (e.g. a preamble), if any.
    #[serde(default)]
    pub preamble: Vec<String>,
    /// At least one chapter; a contract without chapter headings has one chapter with no title.
    pub chapters: Vec<Chapter>,
}

/// A chapter (章). `title` is the text after the number: `总则`, not `第一章 总则`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Chapter {
    pub title: Option<String>,
    pub clauses: Vec<Clause>,
}

/// A clause (条): numbered continuously across the whole contract.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Clause {
    /// In order: paragraphs (款) and items (项). The first block is the clause's opening text.
    pub blocks: Vec<Block>,
}

/// One block of a clause.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph (款) — a new paragraph of the clause starts a new 款 for references (第五条第二款).
    Paragraph(String),
    /// An item (项), rendered `（一）…`, numbered within its clause.
    Item(String),
}

impl Contract {
    /// All clauses in order, with their 1-based number and the index of their chapter.
    pub fn clauses(&self) -> impl Iterator<Item = (usize, usize, &Clause)> {
        self.chapters
            .iter()
            .enumerate()
            .flat_map(|(ci, ch)| ch.clauses.iter().map(move |cl| (ci, cl)))
            .enumerate()
            .map(|(i, (ci, cl))| (i + 1, ci, cl))
    }

    /// Clause `n` (1-based), if there is one.
    pub fn clause(&self, n: usize) -> Option<&Clause> {
        self.chapters
            .iter()
            .flat_map(|ch| ch.clauses.iter())
            .nth(n.checked_sub(1)?)
    }

    pub fn clause_count(&self) -> usize {
        self.chapters.iter().map(|c| c.clauses.len()).sum()
    }
}

//! The contract as structure: front matter (title, parties block, preamble), chapters or
//! sections, clauses (条), paragraphs (款) and items (项), and back matter (signature and seal
//! block, date, attachments).
//!
//! Numbers are *not* stored: 第几章, 第几条 and （几） are rendered from position, so inserting,
//! deleting or moving a clause renumbers what follows by construction. The one exception is
//! [`Contract::start`], the number of the first clause of a fragment (a part that begins at
//! 第十六条). Cross-references inside clause text are stored as written and rewritten by `refs`
//! when the structure changes. Front and back matter are kept line by line as written: they are
//! the parts people fill in (员工人数、签订日期), so the diff reports them, never as a clause.

use serde::{Deserialize, Serialize};

/// A whole contract text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Contract {
    /// The title line, e.g. `大连某某机械有限公司2026年度工资专项集体合同`.
    pub title: String,
    /// Lines between the title and the first chapter or clause — the parties block (甲方、
    /// 乙方、企业名称、员工人数 …) and any preamble paragraph — one entry per line.
    #[serde(default)]
    pub preamble: Vec<String>,
    /// At least one chapter; a contract without chapter headings has one chapter with no title.
    pub chapters: Vec<Chapter>,
    /// Lines after the last clause: the signature and seal block, the signing date and any
    /// attachments (附件), one entry per line, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub back: Vec<String>,
    /// The number of the first clause when the text is a fragment that does not start at
    /// 第一条; `None` for a whole contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
}

/// A chapter (章). `title` is the text after the number: `总则`, not `第一章 总则`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Chapter {
    pub title: Option<String>,
    pub clauses: Vec<Clause>,
    /// A section headed `五、保险、福利` rather than `第五章 …`: a chapter-level division
    /// numbered by position like a chapter, printed in the style it was found in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub section: bool,
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

    /// The number clause `n` (1-based position) is printed with: `n` itself, shifted for a
    /// fragment that starts at [`Contract::start`].
    pub fn number_of(&self, n: usize) -> usize {
        n + self.offset()
    }

    /// How far printed numbers are ahead of positions: 15 for a fragment from 第十六条.
    pub fn offset(&self) -> usize {
        self.start.map_or(0, |s| (s as usize).saturating_sub(1))
    }

    /// The attachment lines of the back matter: from the first line that opens with 附件 on.
    pub fn attachments(&self) -> &[String] {
        let at = self
            .back
            .iter()
            .position(|l| l.starts_with("附件") || l.starts_with("附表"))
            .unwrap_or(self.back.len());
        self.back.get(at..).unwrap_or(&[])
    }

    pub fn clause_count(&self) -> usize {
        self.chapters.iter().map(|c| c.clauses.len()).sum()
    }
}

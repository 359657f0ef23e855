//! Tracked changes (修订): which text a revision inserted or deleted, whose paragraph
//! properties (numbering) a revision changed, who made how many, and the two views of a document
//! they define — every change accepted (what the other side proposes) and every change rejected
//! (the text they started from).

/// Which revision a piece of text (or a paragraph mark) belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Rev {
    #[default]
    Same,
    Inserted,
    Deleted,
}

/// A view of a document with revisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// All changes accepted.
    Accepted,
    /// All changes rejected: the text before the revisions.
    Original,
}

impl View {
    /// Whether text of revision `rev` is part of this view.
    pub(crate) fn shows(self, rev: Rev) -> bool {
        match rev {
            Rev::Same => true,
            Rev::Inserted => self == View::Accepted,
            Rev::Deleted => self == View::Original,
        }
    }
}

/// The tracked changes of one author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revisions {
    /// As the document names them (`w:author`), not sanitised; may be empty.
    pub author: String,
    pub insertions: usize,
    pub deletions: usize,
    /// Paragraphs whose style or numbering was changed (`w:pPrChange`): numbering turned on
    /// or off changes a clause's label, not its text.
    pub formatting: usize,
}

/// Revisions by author, in the order authors first appear.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub by_author: Vec<Revisions>,
}

impl Tally {
    fn author(&mut self, author: &str) -> Option<&mut Revisions> {
        let i = if let Some(i) = self.by_author.iter().position(|r| r.author == author) {
            i
        } else {
            self.by_author.push(Revisions {
                author: author.to_string(),
                insertions: 0,
                deletions: 0,
                formatting: 0,
            });
            self.by_author.len() - 1
        };
        self.by_author.get_mut(i)
    }

    pub(crate) fn count(&mut self, author: &str, rev: Rev) {
        if let Some(r) = self.author(author) {
            match rev {
                Rev::Inserted => r.insertions += 1,
                Rev::Deleted => r.deletions += 1,
                Rev::Same => {}
            }
        }
    }

    /// One paragraph whose style or numbering `author` changed.
    pub(crate) fn count_formatting(&mut self, author: &str) {
        if let Some(r) = self.author(author) {
            r.formatting += 1;
        }
    }

    /// True when the document has tracked changes with text, or of paragraphs' numbering.
    pub fn any(&self) -> bool {
        self.by_author
            .iter()
            .any(|r| r.insertions + r.deletions + r.formatting > 0)
    }
}

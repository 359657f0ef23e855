//! The document model: what a printed paper is made of — a title, headings, paragraphs, tables,
//! right-aligned signature lines, page breaks — independent of DOCX or PDF. The writers read it;
//! the builders (`build`, `blocks`) fill it from the dossier. Text in it is already sanitised and
//! has its blanks (`【待填：…】`) in place.

/// Which paper, and for the minutes, of which round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// 要约书
    Offer,
    /// 要约回应书
    Reply,
    /// 协商会议记录 of round N (1-based).
    Minutes(u32),
    /// 职代会决议
    Resolution,
    /// 集体合同文本
    Contract,
    /// 上级工会审查意见书
    Opinion,
    /// 报送备案材料清单及登记表
    Filing,
    /// 协商情况说明
    Note,
}

impl DocKind {
    /// The document keys the command line takes, in the order of the procedure.
    pub const KEYS: [&'static str; 8] = [
        "offer",
        "reply",
        "minutes",
        "resolution",
        "opinion",
        "contract",
        "note",
        "filing",
    ];

    pub fn key(self) -> &'static str {
        match self {
            DocKind::Offer => "offer",
            DocKind::Reply => "reply",
            DocKind::Minutes(_) => "minutes",
            DocKind::Resolution => "resolution",
            DocKind::Contract => "contract",
            DocKind::Opinion => "opinion",
            DocKind::Filing => "filing",
            DocKind::Note => "note",
        }
    }

    /// The kind for `key`; the minutes need the round (default 1).
    pub fn from_key(key: &str, round: Option<u32>) -> Option<DocKind> {
        Some(match key {
            "offer" => DocKind::Offer,
            "reply" => DocKind::Reply,
            "minutes" => DocKind::Minutes(round.unwrap_or(1)),
            "resolution" => DocKind::Resolution,
            "contract" => DocKind::Contract,
            "opinion" => DocKind::Opinion,
            "filing" => DocKind::Filing,
            "note" => DocKind::Note,
            _ => return None,
        })
    }

    /// The file name without extension: `offer`, `minutes-2` …
    pub fn file_stem(self) -> String {
        match self {
            DocKind::Minutes(n) => format!("minutes-{n}"),
            k => k.key().to_string(),
        }
    }
}

/// One block of a document, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// The document's title: centred, 小标宋 二号.
    Title(String),
    /// A centred line under the title (楷体 三号): `（第2次协商会议）`.
    Subtitle(String),
    /// A first-level heading (黑体 三号, indented like the body): `一、出席人员`.
    Heading(String),
    /// A centred heading inside the text: `第一章 总则`.
    Chapter(String),
    /// A body paragraph, first line indented by two characters.
    Para(String),
    /// A body line without indent (the addressee, `报送单位：…`).
    Plain(String),
    /// A right-aligned line (the signing body, the date).
    Right(String),
    /// A table with borders.
    Table(Table),
    /// Vertical space of `n` empty lines (the title page).
    Space(u8),
    PageBreak,
}

/// A bordered table: rows of cells; column widths in characters (they add up to the 28 of a line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub widths: Vec<u16>,
    pub rows: Vec<Vec<String>>,
    /// The first row is a header (bold).
    pub header: bool,
}

/// Blocks that must share a page: the agreement's last clause and the signature block after
/// it (block indices into [`Document::blocks`]), so a page never starts with the signature
/// block alone. When the whole clause is taller than a page, only its last paragraph goes
/// with the signature (`signature - 1 .. end`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    /// The last clause's first block.
    pub clause: usize,
    /// The signature block's first block.
    pub signature: usize,
    /// One past the signature block's last block.
    pub end: usize,
}

impl Keep {
    /// Whether block `i` is one of the kept blocks.
    pub fn holds(&self, i: usize) -> bool {
        i >= self.clause && i < self.end
    }
}

/// A whole paper, ready for a writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub kind: DocKind,
    /// The document's title (file properties, the PDF's /Title).
    pub title: String,
    pub blocks: Vec<Block>,
    /// A line printed at the foot of every page above the page number (the agreement's seal).
    pub footer: Option<String>,
    /// The facts still missing (variable names), in order of first appearance.
    pub blanks: Vec<String>,
    /// The blocks kept on one page (the agreement's last clause and signature block).
    pub keep: Option<Keep>,
}

impl Document {
    /// The missing facts by their labels in `lang` (the paper itself prints them in Chinese).
    pub fn blank_labels(&self, lang: crate::i18n::Lang) -> Vec<String> {
        self.blanks
            .iter()
            .map(|n| super::vars::blank_label(lang, n))
            .collect()
    }

    /// The missing facts as one list in `lang`: `回应日期、审查人` or `reply date, reviewer`.
    pub fn blank_list(&self, lang: crate::i18n::Lang) -> String {
        let sep = match lang {
            crate::i18n::Lang::ZhCn => "、",
            crate::i18n::Lang::En => ", ",
        };
        self.blank_labels(lang).join(sep)
    }

    /// All text of the document in reading order, one block or table row per line (tests,
    /// the PDF's and DOCX's text compared with it).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Title(t)
                | Block::Subtitle(t)
                | Block::Heading(t)
                | Block::Chapter(t)
                | Block::Para(t)
                | Block::Plain(t)
                | Block::Right(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
                Block::Table(t) => {
                    for row in &t.rows {
                        out.push_str(&row.join(" | "));
                        out.push('\n');
                    }
                }
                Block::Space(_) | Block::PageBreak => {}
            }
        }
        if let Some(f) = &self.footer {
            out.push_str(f);
            out.push('\n');
        }
        out
    }
}

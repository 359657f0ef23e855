//! The procedure's papers (要约书, 回应书, 会议记录, 职代会决议, 合同文本, 审查意见书, 备案材料, 情况说明)
//! as documents: a small model (`model`), built purely from the dossier and a template that is
//! data (`template`, `vars`, `build`), and two writers that turn it into bytes — DOCX (`docx`) and
//! PDF (`pdf`, with its own line layout in `layout`) — laid out after GB/T 9704 (A4, 仿宋 三号
//! body, 小标宋 二号 title, 22 lines of 28 characters, page numbers `— 1 —`).
//!
//! Pure: no files, no clock. The service reads the dossier and the templates and hands the
//! bytes to the store; the fonts the PDF embeds are passed in (the system's, and the one compiled
//! into the program).

pub mod build;
pub mod docx;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod template;
pub mod vars;

pub use build::{Input, build};
pub use model::{Block, DocKind, Document, Keep, Table};
pub use template::{DocTemplate, DocTemplateError};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    pub fn key(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    pub fn from_key(s: &str) -> Option<Format> {
        match s {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// The CJK font compiled into the program: a GBK subset of WenQuanYi Micro Hei (Apache-2.0, see
/// `assets/fonts/README.md`), which sets the characters no system font has.
pub const EMBEDDED_FONT: &[u8] = include_bytes!("../../assets/fonts/WenQuanYiMicroHei-GBK.ttf");

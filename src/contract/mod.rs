//! The contract text, pure: model, parsing (canonical and pasted from Word/WPS), Chinese numerals,
//! rendering and renumbering, cross-references, editing, templates and the clause-aware diff.
//! No I/O: callers pass text in and get values back.

pub mod content;
pub mod diff;
pub mod edit;
pub mod import;
pub mod matter;
pub mod model;
pub mod numerals;
pub mod parse;
pub mod refs;
pub mod render;
pub mod sources;
pub mod template;
mod toc;
pub mod word;

pub use model::{Block, Chapter, Clause, Contract};

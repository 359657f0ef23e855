//! The contract text, pure: model, parsing (canonical and pasted from Word/WPS), Chinese numerals,
//! rendering and renumbering, cross-references, editing, templates and the clause-aware diff.
//! No I/O: callers pass text in and get values back.

pub mod model;

pub use model::{Block, Chapter, Clause, Contract};

//! The procedure, pure: the dossier model, recording facts with validation, the procedure's
//! steps, the rules with their citations, the calendar and region data, wage money.
//! Nothing here does I/O or reads the clock — "today" is always a parameter.

pub mod attachment;
pub mod calendar;
pub mod costing;
pub mod dossier;
pub mod event;
pub mod invalid;
pub mod issue;
pub mod prereview;
pub mod procedure;
pub mod record;
pub mod region;
pub mod registry;
pub mod rules;
pub mod seal;
pub mod values;

pub use dossier::*;
pub use invalid::{Invalid, Problem};

//! CONTENT-REFS: references between the clauses of the draft must name the clause they mean.
//!
//! Two findings, of different severity on purpose:
//! - a reference to a clause the contract does not have (第四十条 in a text of 39 clauses) is an
//!   **error**: the text the congress votes on and the chiefs sign (GR 36, 37) would be invalid
//!   on its face, and the draft alone proves it — like a blank DRAFT-BLANKS finds.
//! - a *stale* reference — left at its old number when its clause was renumbered — is a
//!   **warning**, before and after signing. It is inferred from the history (what the number
//!   named when it was written), and the number may be meant: a drafter can deliberately point
//!   at the clause that now has it, and nothing but rewriting the reference could clear an
//!   error, so an error would block a correct contract. What an error would buy — not signing
//!   it unseen — the warning gives as well, because it no longer fades: it stays until the
//!   reference's own number is changed (see `service::stale`), so it is on the checklist at the
//!   congress and at signing.
//!
//! Nothing here reads files or the history: the caller finds the references and passes them in.

use super::{Finding, Severity};
use crate::domain::procedure::Step;
use crate::i18n::{Lang, tr, trf};

/// The rule's id.
pub const ID: &str = "CONTENT-REFS";

/// The warning for a stale reference: clause `at` writes `text`, but the clause it meant is now
/// labelled `now` — or was deleted (`None`).
pub fn stale(at: &str, text: &str, now: Option<&str>, lang: Lang) -> Finding {
    let text = crate::text::sanitize_line(text);
    let message = match now {
        Some(now) => trf(
            lang,
            "contract_import.rule.stale",
            &[("clause", at), ("text", &text), ("now", now)],
        ),
        None => trf(
            lang,
            "rule.CONTENT-REFS.deleted",
            &[("clause", at), ("text", &text)],
        ),
    };
    Finding {
        rule: ID,
        severity: Severity::Warning,
        step: Step::Draft,
        message,
        citation: tr(lang, "contract_import.rule.citation"),
        due: None,
    }
}

/// The error for a reference to a clause the contract does not have: clause `at` writes `text`,
/// and the contract's last clause is `last`.
pub fn missing(at: &str, text: &str, last: &str, lang: Lang) -> Finding {
    Finding {
        rule: ID,
        severity: Severity::Error,
        step: Step::Draft,
        message: trf(
            lang,
            "rule.CONTENT-REFS.missing",
            &[
                ("clause", at),
                ("text", &crate::text::sanitize_line(text)),
                ("last", last),
            ],
        ),
        citation: tr(lang, "contract_import.rule.citation"),
        due: None,
    }
}

//! The procedure's steps (procedure.md §2) and where a dossier stands among them.

use serde::{Deserialize, Serialize};

/// The eleven steps, in order.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Representatives,
    Offer,
    Preparation,
    Rounds,
    Draft,
    PreReview,
    Congress,
    Signing,
    Filing,
    Effect,
    Term,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Representatives,
        Step::Offer,
        Step::Preparation,
        Step::Rounds,
        Step::Draft,
        Step::PreReview,
        Step::Congress,
        Step::Signing,
        Step::Filing,
        Step::Effect,
        Step::Term,
    ];

    /// The stable key used in JSON and locale files (`step.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Step::Representatives => "representatives",
            Step::Offer => "offer",
            Step::Preparation => "preparation",
            Step::Rounds => "rounds",
            Step::Draft => "draft",
            Step::PreReview => "prereview",
            Step::Congress => "congress",
            Step::Signing => "signing",
            Step::Filing => "filing",
            Step::Effect => "effect",
            Step::Term => "term",
        }
    }
}

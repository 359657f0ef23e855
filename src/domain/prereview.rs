//! The pre-review by the union one level up (上级工会预审, LN plan "下审一级"), as data.
//!
//! Ownership decides the shape. The grassroots union owns `dossier.json` (it records *when* the
//! draft was submitted and how it answered each opinion); the reviewing union owns
//! `prereview.json` ([`PreReviews`]: who reviewed, when the dossier was received, the opinions
//! per clause, the decision). Because each side writes only its own file, both sides' commits
//! merge without conflict. An opinion that came on paper and was typed in by the grassroots side
//! is kept, marked [`EnteredBy::Grassroots`], so nobody mistakes it for the reviewer's own record.
//! Pure: no I/O.

use super::invalid::{Invalid, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A union, as the exchange names it: a code (what folders and branches are named by) and a name.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct UnionRef {
    pub code: String,
    pub name: String,
}

/// Who typed a pre-review into the record.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum EnteredBy {
    /// The reviewing union, in its own workspace.
    #[default]
    Reviewer,
    /// The grassroots union, from the reviewer's paper opinion.
    Grassroots,
}

/// The reviewing union's decision (上级工会预审意见).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PreReviewDecision {
    Pass,
    PassWithChanges,
    Return,
}

impl PreReviewDecision {
    /// The key used in events, `--decision` and the locale files.
    pub fn key(self) -> &'static str {
        match self {
            PreReviewDecision::Pass => "pass",
            PreReviewDecision::PassWithChanges => "pass_with_changes",
            PreReviewDecision::Return => "return",
        }
    }
}

/// One opinion on one clause.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ClauseOpinion {
    /// 1-based, unique within its pre-review; answers and withdrawals name it.
    #[serde(default)]
    pub no: u32,
    /// The clause label as it stood in the draft reviewed, e.g. `第五条`.
    pub clause: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The git blob id of the `contract.md` the opinion was made on, so that a later draft can
    /// be compared with it clause by clause (follow-through).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<NaiveDate>,
}

/// The pre-review of one submission.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PreReview {
    /// The submission this answers (the grassroots side's `prereview_submitted`).
    pub submitted: NaiveDate,
    /// The reviewing union, when known (a paper opinion typed in may not name it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub union: Option<UnionRef>,
    #[serde(default)]
    pub entered_by: EnteredBy,
    /// The person who reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// When the reviewing union received the dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<PreReviewDecision>,
    #[serde(default)]
    pub opinions: Vec<ClauseOpinion>,
}

impl PreReview {
    /// A pre-review of the submission of `submitted` with nothing in it yet.
    pub fn new(submitted: NaiveDate, union: Option<UnionRef>, entered_by: EnteredBy) -> Self {
        PreReview {
            submitted,
            union,
            entered_by,
            reviewer: None,
            received: None,
            decided: None,
            decision: None,
            opinions: Vec::new(),
        }
    }

    /// The opinions still standing (not withdrawn).
    pub fn standing(&self) -> impl Iterator<Item = &ClauseOpinion> {
        self.opinions.iter().filter(|o| o.withdrawn.is_none())
    }

    pub fn opinion(&self, no: u32) -> Option<&ClauseOpinion> {
        self.opinions.iter().find(|o| o.no == no)
    }
}

/// The content of `prereview.json`: every pre-review of this dossier, oldest first (a draft
/// returned and submitted again is reviewed again).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct PreReviews {
    #[serde(default)]
    pub reviews: Vec<PreReview>,
}

impl PreReviews {
    pub fn is_empty(&self) -> bool {
        self.reviews.is_empty()
    }
}

/// The grassroots union's answer to one opinion (kept in `dossier.json`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OpinionAnswer {
    /// The submission whose pre-review holds the opinion.
    pub submitted: NaiveDate,
    /// The opinion's number.
    pub opinion: u32,
    pub text: String,
    pub date: NaiveDate,
}

/// What a workspace does in the exchange.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// It bargains: owns its dossiers, sends them up for pre-review.
    #[default]
    Grassroots,
    /// It pre-reviews the dossiers of the unions below it.
    Reviewer,
    /// Both (a district union bargaining a regional agreement and reviewing its enterprises).
    Both,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Grassroots => "grassroots",
            Role::Reviewer => "reviewer",
            Role::Both => "both",
        }
    }

    pub fn reviews(self) -> bool {
        matches!(self, Role::Reviewer | Role::Both)
    }
}

/// The workspace's union and the person working in it (`.xieshang/union.json`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct Identity {
    pub union: UnionRef,
    pub person: String,
    #[serde(default)]
    pub role: Role,
}

impl Identity {
    /// The longest union code: it names a folder and a branch.
    pub const MAX_CODE: usize = 32;

    /// The identity as typed, checked: a name and a person (one line each), a code of ASCII
    /// letters, digits, `-` and `_` (it becomes a folder `<workspace>/<code>/` and a branch
    /// `prereview/<code>`), a role key.
    pub fn parse(name: &str, code: &str, person: &str, role: &str) -> Result<Identity, Invalid> {
        let name = super::record::checked_line("name", name)?;
        let person = super::record::checked_line("person", person)?;
        let code_ok = (1..=Self::MAX_CODE).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !code.starts_with(['-', '.']);
        if !code_ok {
            return Err(Invalid::new("code", code, Problem::BadUnionCode));
        }
        let role = match role {
            "grassroots" => Role::Grassroots,
            "reviewer" => Role::Reviewer,
            "both" => Role::Both,
            _ => {
                return Err(Invalid::new(
                    "role",
                    role,
                    Problem::UnknownKey {
                        valid: "grassroots, reviewer, both".into(),
                    },
                ));
            }
        };
        Ok(Identity {
            union: UnionRef {
                code: code.to_string(),
                name,
            },
            person,
            role,
        })
    }
}

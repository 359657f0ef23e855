//! The typed variables a document template may use, and their values in a dossier. Each has a
//! type (how it is written: `2026年5月22日`, `2,150元`, `6.5%`) and a label (what its blank
//! says: `【待填：回应日期】`, from `locales/documents.yml`). Values come only from the record;
//! a value that is not there is a blank, never an empty string. Pure.

use crate::contract::template::{Value, VarType, standard_value};
use crate::domain::costing::{Costing, GuidelineBp, IncreaseCheck, Money};
use crate::domain::dossier::{CongressBody, Dossier, IssueStatus, Round, RoundState, Side};
use crate::domain::record::term_label;
use crate::domain::values::format_bp;
use crate::i18n::{Lang, tr, trf};
use crate::text::sanitize_line;
use chrono::Datelike;

/// The language documents are printed in: the papers are Chinese whatever the interface says.
pub(crate) const PAPER: Lang = Lang::ZhCn;

/// Every variable a document template may declare, with its type.
pub const VARIABLES: &[(&str, VarType)] = &[
    ("enterprise", VarType::Text),
    ("union", VarType::Text),
    ("union_chair", VarType::Text),
    ("legal_representative", VarType::Text),
    ("credit_code", VarType::Text),
    ("year", VarType::Count),
    ("kind_title", VarType::Text),
    ("contract_title", VarType::Text),
    ("workers_chief", VarType::Text),
    ("employer_chief", VarType::Text),
    ("workers_reps", VarType::Text),
    ("employer_reps", VarType::Text),
    ("recorder", VarType::Text),
    ("offer_from", VarType::Text),
    ("offer_to", VarType::Text),
    ("offer_topics", VarType::Text),
    ("offer_sent", VarType::Date),
    ("offer_received", VarType::Date),
    ("reply_answer", VarType::Text),
    ("reply_date", VarType::Date),
    ("round", VarType::Count),
    ("round_date", VarType::Date),
    ("round_place", VarType::Text),
    ("round_chair", VarType::Text),
    ("round_attendance", VarType::Text),
    ("round_notes", VarType::Text),
    ("round_outcome", VarType::Text),
    ("rounds_count", VarType::Count),
    ("rounds_first", VarType::Date),
    ("rounds_last", VarType::Date),
    ("congress_body", VarType::Text),
    ("congress_date", VarType::Date),
    ("congress_total", VarType::Count),
    ("congress_present", VarType::Count),
    ("votes_for", VarType::Count),
    ("votes_against", VarType::Count),
    ("votes_abstain", VarType::Count),
    ("congress_result", VarType::Text),
    ("term", VarType::Months),
    ("start", VarType::Date),
    ("end", VarType::Date),
    ("increase", VarType::Percent),
    ("min_wage", VarType::Money),
    ("last_year_avg_wage", VarType::Money),
    ("staff_covered", VarType::Count),
    ("draft_signed", VarType::Date),
    ("signing_date", VarType::Date),
    ("prereview_union", VarType::Text),
    ("prereview_submitted", VarType::Date),
    ("prereview_received", VarType::Date),
    ("prereview_decided", VarType::Date),
    ("prereview_decision", VarType::Text),
    ("reviewer", VarType::Text),
    ("filing_sent", VarType::Date),
    ("filing_received", VarType::Date),
    ("registration_no", VarType::Text),
    ("previous_performance", VarType::Text),
    ("package_monthly", VarType::Money),
    ("package_yearly", VarType::Money),
    ("package_not_counted", VarType::Text),
    ("increase_guideline", VarType::Text),
    ("cpi", VarType::Percent),
    ("real_increase", VarType::Percent),
    ("productivity", VarType::Percent),
    ("increase_productivity", VarType::Text),
    ("increase_target", VarType::Text),
    ("attendance_rate", VarType::Percent),
    ("votes_for_rate", VarType::Percent),
];

/// The type of document variable `name`, if it is one.
pub fn variable_type(name: &str) -> Option<VarType> {
    VARIABLES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The label of variable (or table field) `name`: what its blank says.
pub(crate) fn label(name: &str) -> String {
    tr(PAPER, &format!("documents.var.{name}"))
}

/// `2026年5月22日`.
pub fn date_zh(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// `2,150元`, `6,850.50元`: yuan with thousands separated, fen only when there are any.
pub fn money_zh(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let a = fen.unsigned_abs();
    let digits = (a / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let cents = if a.is_multiple_of(100) {
        String::new()
    } else {
        format!(".{:02}", a % 100)
    };
    format!("{sign}{grouped}{cents}{}", tr(PAPER, "documents.word.yuan"))
}

/// A value as a paper writes it.
pub fn render(v: &Value) -> String {
    match v {
        Value::Fen(f) => money_zh(*f),
        Value::Date(d) => date_zh(*d),
        Value::Bp(bp) => format_bp(*bp),
        other => other.render(),
    }
}

/// The costing of the agreed package as the service worked it out (`service::costing`): the
/// papers print it, they never compute it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Costed {
    /// The costing of the dossier's rounds (its `agreed` total is the agreed package).
    pub costing: Costing,
    /// The agreed increase judged against the guideline, prices and productivity.
    pub increase: Option<IncreaseCheck>,
    /// The guideline the increase was judged against (entered, else the region's).
    pub guideline: Option<GuidelineBp>,
    /// Consumer price growth, as entered in the preparation.
    pub cpi_bp: Option<i32>,
    /// Labour productivity growth, as entered in the preparation.
    pub productivity_bp: Option<i32>,
}

/// What the variables are read from: the dossier, the round the minutes are of, the contract's
/// title when there is a draft, the costing when the paper shows it.
pub struct Sources<'a> {
    pub dossier: &'a Dossier,
    pub round: Option<&'a Round>,
    pub contract_title: Option<&'a str>,
    pub costed: Option<&'a Costed>,
}

/// The agreed package's cost, when at least one of its issues could be costed.
fn package(s: &Sources<'_>) -> Option<Money> {
    s.costed?.costing.agreed.money
}

/// `介于下线与基准线之间（工资指导线下线4%、基准线7%、上线10%）`.
fn increase_guideline(s: &Sources<'_>) -> Option<Value> {
    let c = s.costed?;
    let band = c.increase?.guideline?;
    let g = c.guideline?;
    let bp = |v: i32| format_bp(i64::from(v));
    Some(Value::Text(trf(
        PAPER,
        "documents.word.guideline",
        &[
            ("band", &tr(PAPER, &format!("costing.band.{}", band.key()))),
            ("lower", &bp(g.lower_bp)),
            ("base", &bp(g.base_bp)),
            ("upper", &bp(g.upper_bp)),
        ],
    )))
}

/// The agreed increase against productivity growth: `工资增长低于劳动生产率增长1.5个百分点`.
fn increase_productivity(s: &Sources<'_>) -> Option<Value> {
    let diff = s.costed?.increase?.over_productivity_bp?;
    let points = format_bp(i64::from(diff.unsigned_abs())).replace('%', "");
    let key = match diff.signum() {
        1 => "documents.word.above_productivity",
        -1 => "documents.word.below_productivity",
        _ => "documents.word.with_productivity",
    };
    Some(Value::Text(trf(PAPER, key, &[("points", &points)])))
}

fn text(s: &str) -> Option<Value> {
    let s = sanitize_line(s);
    (!s.trim().is_empty()).then_some(Value::Text(s))
}

fn side_word(side: Side) -> String {
    tr(PAPER, &format!("documents.side.{}", side.key()))
}

/// The party a side speaks for: the union for the workers, the enterprise for the employer.
fn party(d: &Dossier, side: Side) -> Option<Value> {
    match side {
        Side::Workers => d.enterprise.union_name.as_deref().and_then(text),
        Side::Employer => text(&d.enterprise.name),
    }
}

fn names(d: &Dossier, side: Side) -> Option<Value> {
    let list: Vec<String> = d
        .side(side)
        .map(|r| match r.post.as_deref().map(sanitize_line) {
            Some(p) if !p.is_empty() => format!("{}（{p}）", sanitize_line(&r.name)),
            _ => sanitize_line(&r.name),
        })
        .collect();
    (!list.is_empty()).then(|| Value::Text(list.join("、")))
}

/// `part` of `whole` in basis points, rounded half up (`104` of `120` → 8667, `86.67%`).
fn share(part: u32, whole: u32) -> Option<Value> {
    (whole > 0).then(|| {
        let (p, w) = (u64::from(part), u64::from(whole));
        let bp = (p * 20_000 + w) / (2 * w);
        Value::Bp(i64::try_from(bp).unwrap_or(i64::MAX))
    })
}

fn count(n: u32) -> Value {
    Value::Count(u64::from(n))
}

/// The closed (or suspended) rounds, in order.
pub(crate) fn held_rounds(d: &Dossier) -> impl Iterator<Item = &Round> {
    d.rounds.iter().filter(|r| !r.is_open())
}

/// An issue's name as a paper prints it: a term key by the term's full name without its unit
/// aside (`overtime` → 延时加班工资比例, `min_wage` → 企业最低工资), an allowance by its name
/// (`allowance.高温津贴` → 高温津贴), a name the user wrote as written — never the stored key.
pub(crate) fn issue_name(key: &str) -> String {
    use crate::domain::issue::{label, term_of};
    let name = key.trim();
    match term_of(name) {
        Some(t) if t == name => {
            let full = tr(PAPER, &format!("term.{t}"));
            match full
                .strip_suffix('）')
                .and_then(|f| f.rfind('（').map(|at| &f[..at]))
            {
                Some(bare) if !bare.is_empty() => bare.to_string(),
                _ => full,
            }
        }
        _ => label(key, PAPER),
    }
}

/// A position of issue `i` as a paper prints it: money in yuan as `2,300元` (like every other
/// sum on the papers), anything else as typed.
pub(crate) fn position_text(i: &crate::domain::dossier::RoundIssue, v: &str) -> String {
    use crate::domain::issue::{Unit, unit_of};
    let unit = i.unit.unwrap_or_else(|| unit_of(&i.key));
    match (unit, unit.check("value", v)) {
        (Unit::YuanMonth | Unit::YuanYear, Ok(Some(fen))) => money_zh(fen),
        _ => sanitize_line(v),
    }
}

/// What a round came to, one issue after another: `平均工资增长：达成一致，6.5%`.
pub(crate) fn issue_result(i: &crate::domain::dossier::RoundIssue) -> String {
    match i.status {
        IssueStatus::Agreed => trf(
            PAPER,
            "documents.word.agreed",
            &[(
                "value",
                &position_text(i, i.agreed.as_deref().unwrap_or_default()),
            )],
        ),
        IssueStatus::Withdrawn => tr(PAPER, "documents.word.withdrawn"),
        IssueStatus::Open => tr(PAPER, "documents.word.open"),
    }
}

fn round_outcome(r: &Round) -> Option<Value> {
    let mut parts: Vec<String> = r
        .issues
        .iter()
        .map(|i| format!("{}：{}", issue_name(&i.key), issue_result(i)))
        .collect();
    // GR 35: the date, place and content of the next meeting are agreed; the minutes say all
    // that is recorded.
    if let RoundState::Suspended {
        until,
        place,
        content,
    } = &r.state
    {
        let date = date_zh(*until);
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(|t| sanitize_line(t).trim().trim_end_matches('。').to_string())
                .filter(|t| !t.is_empty())
        };
        let mut said = match given(place) {
            Some(place) => trf(
                PAPER,
                "documents.word.suspended_at",
                &[("date", &date), ("place", &place)],
            ),
            None => trf(PAPER, "documents.word.suspended", &[("date", &date)]),
        };
        if let Some(content) = given(content) {
            said.push_str(&trf(
                PAPER,
                "documents.word.suspended_content",
                &[("content", &content)],
            ));
        }
        parts.push(said);
    }
    (!parts.is_empty()).then(|| Value::Text(parts.join("；")))
}

/// Who sat at the table, as the round recorded it, by side where a name is a representative on
/// record (`职工方：王秀兰、刘建军；企业方：陈国栋`), other names after them as recorded. Not
/// recorded, it is a blank to fill: the representatives on record are not necessarily those who
/// came (the recorder is printed as recorder in the round's facts).
fn attendance(d: &Dossier, r: &Round) -> Option<Value> {
    let names: Vec<&str> = r
        .attendance
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return None;
    }
    let side_of = |n: &str| {
        d.representatives
            .iter()
            .find(|r| r.name.trim() == n)
            .map(|r| r.side)
    };
    let mut parts = Vec::new();
    for side in Side::ALL {
        let l: Vec<String> = names
            .iter()
            .filter(|n| side_of(n) == Some(side))
            .map(|n| sanitize_line(n))
            .collect();
        if !l.is_empty() {
            parts.push(format!("{}：{}", side_word(side), l.join("、")));
        }
    }
    let others: Vec<String> = names
        .iter()
        .filter(|n| side_of(n).is_none())
        .map(|n| sanitize_line(n))
        .collect();
    if !others.is_empty() {
        parts.push(others.join("、"));
    }
    Some(Value::Text(parts.join("；")))
}

/// The value of variable `name`, when the record has it.
pub fn value(name: &str, s: &Sources<'_>) -> Option<Value> {
    let d = s.dossier;
    let pre = d.prereview().or_else(|| d.prereviews.reviews.last());
    let held: Vec<&Round> = held_rounds(d).collect();
    let congress = d.congress.as_ref();
    match name {
        "credit_code" => d.enterprise.credit_code.as_deref().and_then(text),
        "kind_title" => Some(Value::Text(tr(
            PAPER,
            &format!("documents.kind.{}", d.kind.key()),
        ))),
        "contract_title" => s.contract_title.and_then(text).or_else(|| {
            let year = standard_value("year", d)?.render();
            Some(Value::Text(trf(
                PAPER,
                "documents.word.contract_title",
                &[
                    ("enterprise", &sanitize_line(&d.enterprise.name)),
                    ("year", &year),
                    (
                        "kind",
                        &tr(PAPER, &format!("documents.kind.{}", d.kind.key())),
                    ),
                ],
            )))
        }),
        "workers_chief" => d.chief(Side::Workers).and_then(|r| text(&r.name)),
        "employer_chief" => d.chief(Side::Employer).and_then(|r| text(&r.name)),
        "workers_reps" => names(d, Side::Workers),
        "employer_reps" => names(d, Side::Employer),
        "recorder" => d.recorder.as_deref().and_then(text),
        "offer_from" => d.offer.as_ref().and_then(|o| party(d, o.by)),
        "offer_to" => d.offer.as_ref().and_then(|o| party(d, o.by.other())),
        "offer_topics" => d.offer.as_ref().and_then(|o| {
            let t: Vec<String> = o.topics.iter().map(|t| sanitize_line(t)).collect();
            text(&t.join("，"))
        }),
        "offer_sent" => d.offer.as_ref().map(|o| Value::Date(o.sent)),
        "offer_received" => d.offer.as_ref().map(|o| Value::Date(o.received)),
        "reply_answer" => d.reply.as_ref().map(|r| {
            if r.accepted {
                Value::Text(tr(PAPER, "documents.word.reply_accepted"))
            } else {
                Value::Text(trf(
                    PAPER,
                    "documents.word.reply_refused",
                    &[("reason", &sanitize_line(r.reason.as_deref().unwrap_or("")))],
                ))
            }
        }),
        "reply_date" => d.reply.as_ref().map(|r| Value::Date(r.date)),
        "round" => s.round.map(|r| count(r.number)),
        "round_date" => s.round.map(|r| Value::Date(r.date)),
        "round_place" => s.round.and_then(|r| r.place.as_deref()).and_then(text),
        "round_chair" => s.round.map(|r| Value::Text(side_word(r.chair))),
        "round_attendance" => s.round.and_then(|r| attendance(d, r)),
        "round_notes" => s.round.and_then(|r| text(&r.notes)),
        "round_outcome" => s.round.and_then(round_outcome),
        "rounds_count" => (!held.is_empty()).then_some(Value::Count(held.len() as u64)),
        "rounds_first" => held.first().map(|r| Value::Date(r.date)),
        "rounds_last" => held.last().map(|r| Value::Date(r.date)),
        "congress_body" => Some(Value::Text(tr(
            PAPER,
            match congress.map(|c| c.body) {
                Some(CongressBody::AllStaff) => "documents.word.all_staff",
                _ => "documents.word.delegates",
            },
        ))),
        "congress_date" => congress.map(|c| Value::Date(c.date)),
        "congress_total" => congress.map(|c| count(c.total)),
        "congress_present" => congress.map(|c| count(c.present)),
        "votes_for" => congress.map(|c| count(c.votes_for)),
        "votes_against" => congress.map(|c| count(c.against)),
        "votes_abstain" => congress.map(|c| count(c.abstain)),
        "attendance_rate" => congress.and_then(|c| share(c.present, c.total)),
        // GR 36 counts the votes for against all the delegates, not those present.
        "votes_for_rate" => congress.and_then(|c| share(c.votes_for, c.total)),
        // GR 36: adopted when more than half of all the delegates (or staff) vote for it.
        "congress_result" => congress.map(|c| {
            // The rules' one test of adoption, so the paper and the checks cannot disagree.
            // A draft not adopted says why: too few present (two thirds of all, GR 36), or too
            // few for it; counts that do not add up are refused when recorded.
            use crate::domain::rules::{Majority, adopted, majority, quorum_met};
            let key = if !quorum_met(c) {
                "documents.word.rejected_quorum"
            } else if !adopted(c) {
                "documents.word.rejected"
            } else if majority(c) == Majority::Clear {
                "documents.word.adopted"
            } else {
                // Exactly half: adopted on the literal reading, and the paper says which.
                "documents.word.adopted_half"
            };
            // 职工代表大会 counts its delegates, 职工大会 all the staff.
            let whole = match c.body {
                CongressBody::Delegates => "documents.word.all_delegates",
                CongressBody::AllStaff => "documents.word.all_staff",
            };
            Value::Text(trf(PAPER, key, &[("whole", &tr(PAPER, whole))]))
        }),
        "draft_signed" => d.draft_signed.map(Value::Date),
        "signing_date" => d.signing.as_ref().map(|x| Value::Date(x.date)),
        "prereview_union" => pre
            .and_then(|p| p.union.as_ref())
            .and_then(|u| text(&u.name)),
        "prereview_submitted" => d
            .prereview_submitted
            .or(pre.map(|p| p.submitted))
            .map(Value::Date),
        "prereview_received" => pre.and_then(|p| p.received).map(Value::Date),
        "prereview_decided" => pre.and_then(|p| p.decided).map(Value::Date),
        "prereview_decision" => pre
            .and_then(|p| p.decision)
            .map(|k| Value::Text(tr(PAPER, &format!("documents.decision.{}", k.key())))),
        "reviewer" => pre.and_then(|p| p.reviewer.as_deref()).and_then(text),
        "filing_sent" => d.filing.as_ref().map(|f| Value::Date(f.sent)),
        "filing_received" => d.filing.as_ref().and_then(|f| f.received).map(Value::Date),
        "registration_no" => d
            .filing
            .as_ref()
            .and_then(|f| f.registration_no.as_deref())
            .and_then(text),
        // The performance of an earlier agreement is the union's own account: a blank to fill,
        // unless there was none.
        "previous_performance" => d
            .others
            .iter()
            .all(|o| o.signed.is_none() || o.created >= d.created)
            .then(|| Value::Text(tr(PAPER, "documents.word.first_agreement"))),
        "package_monthly" => package(s).map(|m| Value::Fen(m.monthly_fen)),
        "package_yearly" => package(s).map(|m| Value::Fen(m.yearly_fen)),
        // What the package total leaves out; nothing to say (not a blank) when all was costed.
        "package_not_counted" => {
            let unknown = package(s)
                .and(s.costed)
                .map_or(&[][..], |c| c.costing.agreed.unknown.as_slice());
            let names: Vec<String> = unknown.iter().map(|k| term_label(k, PAPER)).collect();
            Some(Value::Text(if names.is_empty() {
                String::new()
            } else {
                trf(
                    PAPER,
                    "costing.not_counted",
                    &[("issues", &sanitize_line(&names.join("、")))],
                )
            }))
        }
        // The agreed terms' increase, else (the note) the one agreed at the table, as `cost`
        // judges it.
        "increase" => standard_value(name, d).or_else(|| {
            s.costed?
                .increase
                .map(|k| Value::Bp(i64::from(k.increase_bp)))
        }),
        // The note states the average wage and staff the costing rests on (`cost`'s basis:
        // the preparation's data, else the agreed terms); other papers the agreed terms.
        "last_year_avg_wage" => s
            .costed
            .and_then(|c| c.costing.basis.avg_wage_fen)
            .map(Value::Fen)
            .or_else(|| standard_value(name, d)),
        "staff_covered" => s
            .costed
            .and_then(|c| c.costing.basis.staff)
            .map(|n| Value::Count(u64::from(n)))
            .or_else(|| standard_value(name, d)),
        "productivity" => s
            .costed
            .and_then(|c| c.productivity_bp)
            .map(|v| Value::Bp(i64::from(v))),
        "increase_productivity" => increase_productivity(s),
        "increase_target" => s.costed.and_then(|c| c.increase).map(|k| {
            Value::Text(trf(
                PAPER,
                if k.meets_target {
                    "documents.word.target_met"
                } else {
                    "documents.word.target_missed"
                },
                &[(
                    "target",
                    &format_bp(i64::from(crate::domain::costing::TARGET_BP)),
                )],
            ))
        }),
        "increase_guideline" => increase_guideline(s),
        "cpi" => s
            .costed
            .and_then(|c| c.cpi_bp)
            .map(|v| Value::Bp(i64::from(v))),
        "real_increase" => s
            .costed
            .and_then(|c| c.increase?.real_bp)
            .map(|v| Value::Bp(i64::from(v))),
        other => standard_value(other, d),
    }
}

/// The label of blank `name` in the user's language: the paper prints its blanks in Chinese,
/// the lists of them on stderr and in the TUI speak the user's language.
pub fn blank_label(lang: Lang, name: &str) -> String {
    tr(lang, &format!("documents.var.{name}"))
}

/// Fills the blanks: renders values and collects the names of the missing ones.
#[derive(Default)]
pub(crate) struct Blanks {
    /// Variable names, in order of first appearance; two names with the same printed label
    /// count once.
    pub names: Vec<String>,
}

impl Blanks {
    /// `【待填：label】`, noting the variable.
    pub fn blank(&mut self, name: &str) -> String {
        let l = label(name);
        let shown = trf(PAPER, "documents.word.blank", &[("label", &l)]);
        if !self.names.iter().any(|n| n == name || label(n) == l) {
            self.names.push(name.to_string());
        }
        shown
    }

    /// The value of `name` as printed, or the blank of the fact that is missing.
    pub fn get(&mut self, name: &str, s: &Sources<'_>) -> String {
        match value(name, s) {
            Some(v) => render(&v),
            None => self.blank(missing_fact(name, s).unwrap_or(name)),
        }
    }
}

/// The fact missing behind variable `name`, when it is not the variable itself: a recorded
/// offer's party without a name lacks the union's (or the enterprise's) name, not the party —
/// the side that made the offer is on record.
fn missing_fact(name: &str, s: &Sources<'_>) -> Option<&'static str> {
    let o = s.dossier.offer.as_ref()?;
    let side = match name {
        "offer_from" => o.by,
        "offer_to" => o.by.other(),
        _ => return None,
    };
    Some(match side {
        Side::Workers => "union",
        Side::Employer => "enterprise",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_by_thousands() {
        assert_eq!(money_zh(215_000), "2,150元");
        assert_eq!(money_zh(685_050), "6,850.50元");
        assert_eq!(money_zh(12_345_678_900), "123,456,789元");
        assert_eq!(money_zh(50_000), "500元");
    }

    #[test]
    fn shares_are_rounded_half_up_to_a_hundredth_of_a_percent() {
        let r = |p, w| share(p, w).map(|v| render(&v));
        assert_eq!(r(104, 120).as_deref(), Some("86.67%"));
        assert_eq!(r(97, 120).as_deref(), Some("80.83%"));
        assert_eq!(r(1, 8).as_deref(), Some("12.5%"));
        assert_eq!(r(1, 0), None);
    }

    #[test]
    fn every_variable_has_a_label_in_both_languages() {
        for (name, _) in VARIABLES {
            let zh = blank_label(Lang::ZhCn, name);
            let en = blank_label(Lang::En, name);
            assert!(!zh.contains("documents.var"), "{name}: {zh}");
            assert!(!en.contains("documents.var"), "{name}: {en}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{name}: {zh}"
            );
            assert!(en.is_ascii(), "{name}: {en}");
        }
        assert_eq!(label("attendance_rate"), "到会率");
        assert_eq!(
            blank_label(Lang::En, "votes_for_rate"),
            "votes for as a share of all delegates"
        );
    }

    #[test]
    fn dates_are_written_the_chinese_way() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 5, 22).unwrap_or_default();
        assert_eq!(date_zh(d), "2026年5月22日");
    }
}

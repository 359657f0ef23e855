//! One descriptor per procedure step: what each key does on that step of the Dossier screen (the
//! form it opens, the list entry it removes or ticks), the key hints drawn in the step's title
//! (generated from those uses and the keymap, so help can never disagree with the keys), and the
//! lines of the step's record in the right pane, as data the UI styles.
//!
//! Pure: the record comes in, values and locale keys go out; nothing is drawn here.

use super::form::FormKind;
use super::keymap::{self, Command, Scope};
use super::view::Loaded;
use crate::domain::procedure::Step;
use crate::domain::{
    ClauseOpinion, Dossier, IssueStatus, PreReviewDecision, ReviewOutcome, RoundState, Side,
};
use crate::i18n::Lang;
use crate::service::followthrough::Followed;
use chrono::NaiveDate;

/// What a key does on a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Does {
    /// Opens this form (on the representatives step, `e` on a selected entry edits it instead).
    Form(FormKind),
    /// Opens the rounds: at the table when a round is open, else the form that opens one.
    Rounds,
    /// Goes to the At-the-table screen.
    Table,
    /// Goes to the Draft screen.
    Draft,
    /// Removes the selected entry (asks first).
    Remove,
    /// Ticks the selected checklist entry.
    Toggle,
}

/// One key's use on a step, and the locale key of its hint (none: an alias, not shown).
#[derive(Debug, Clone)]
pub(crate) struct KeyUse {
    pub command: Command,
    pub does: Does,
    pub hint: Option<&'static str>,
}

/// Selectable entries of a step's record (the rest is [`StepLine`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Items {
    None,
    Representatives,
    Preparation,
}

/// A value shown in a record line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// Text from the record (untrusted: the UI sanitises it).
    Text(String),
    /// A locale key.
    Key(&'static str),
    /// A locale key with placeholders.
    KeyArgs(&'static str, Vec<(&'static str, String)>),
    /// Pieces of a line from the record, each a locale key with its arguments (see
    /// `service::sealed`).
    Pieces(Vec<crate::service::sealed::Piece>),
    /// Nothing recorded yet.
    Nothing,
    /// Several values, separated by a space.
    Both(Box<Value>, Box<Value>),
    /// Items from the record, listed the way the language lists them (、 in Chinese).
    List(Vec<String>),
    /// Locale keys, each shown in the user's language and listed as the language lists them.
    KeyList(Vec<String>),
    /// An agreed term's value (key, value as recorded), shown with its unit in the user's
    /// language (`service::fact::term_display`: 2300元 / ¥2300, 每月15日).
    Term(String, String),
}

impl Value {
    fn date(d: NaiveDate) -> Value {
        Value::Text(d.to_string())
    }

    fn opt_date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Nothing, Value::date)
    }

    fn opt_text(t: Option<&str>) -> Value {
        t.map_or(Value::Nothing, |t| Value::Text(t.to_string()))
    }

    fn side(s: Side) -> Value {
        Value::Key(match s {
            Side::Workers => "ui.side.workers",
            Side::Employer => "ui.side.employer",
        })
    }
}

/// One line of a step's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StepLine {
    /// `label: value`.
    Field(&'static str, Value),
    /// A dim note (`nothing yet`).
    Note(&'static str),
    Blank,
    /// The draft does not parse: why.
    Error(String),
    /// A round: number, date, place, state, agreed of all issues.
    Round {
        number: u32,
        date: NaiveDate,
        place: Option<String>,
        state: Value,
        agreed: usize,
        issues: usize,
    },
    /// A pre-review opinion on a clause, and what became of it.
    Opinion(OpinionLine),
}

/// One opinion of a pre-review as the Pre-review step lists it (texts untrusted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpinionLine {
    pub no: u32,
    /// The clause as the opinion named it.
    pub clause: String,
    /// Its label in the current draft, when follow-through found it under another number.
    pub now: Option<String>,
    pub text: String,
    /// What became of the clause (none: not followed, e.g. no draft).
    pub status: Option<Followed>,
    pub withdrawn: bool,
    pub answer: Option<String>,
}

/// A step's descriptor.
#[derive(Debug, Clone)]
pub(crate) struct StepSpec {
    pub keys: Vec<KeyUse>,
    pub items: Items,
    pub lines: LinesFn,
}

/// How a step's record becomes lines.
pub(crate) type LinesFn = fn(&Loaded) -> Vec<StepLine>;

fn k(command: Command, does: Does, hint: &'static str) -> KeyUse {
    KeyUse {
        command,
        does,
        hint: Some(hint),
    }
}

fn alias(command: Command, does: Does) -> KeyUse {
    KeyUse {
        command,
        does,
        hint: None,
    }
}

/// The descriptor of `step`.
pub(crate) fn spec(step: Step) -> StepSpec {
    use Command as C;
    use Does::Form as F;
    let (keys, items, lines): (Vec<KeyUse>, Items, LinesFn) = match step {
        Step::Representatives => (
            vec![
                k(C::Add, F(FormKind::Representative), "ui.act.add"),
                k(C::Remove, Does::Remove, "ui.act.remove"),
                alias(C::Record, F(FormKind::Representative)),
                k(C::RecordMore, F(FormKind::Recorder), "ui.act.recorder"),
                k(C::Instructor, F(FormKind::Instructor), "ui.act.instructor"),
            ],
            Items::Representatives,
            representatives,
        ),
        Step::Offer => (
            vec![
                k(C::Record, F(FormKind::Offer), "ui.act.request"),
                alias(C::Add, F(FormKind::Offer)),
                k(C::RecordMore, F(FormKind::Reply), "ui.act.reply"),
            ],
            Items::None,
            offer,
        ),
        Step::Preparation => (
            vec![
                k(C::Toggle, Does::Toggle, "ui.act.tick"),
                k(C::Add, F(FormKind::Agenda), "ui.act.agenda"),
                k(C::Record, F(FormKind::Preparation), "ui.act.data"),
                k(C::RecordMore, F(FormKind::Costing), "costing.act"),
            ],
            Items::Preparation,
            preparation,
        ),
        Step::Rounds => (
            vec![
                k(C::Open, Does::Table, "ui.act.at_table"),
                k(C::Add, Does::Rounds, "ui.act.open_round"),
                alias(C::Record, Does::Rounds),
            ],
            Items::None,
            rounds,
        ),
        Step::Draft => (
            vec![
                k(C::Open, Does::Draft, "ui.act.draft"),
                k(C::Record, F(FormKind::Terms), "ui.act.terms"),
                alias(C::Add, F(FormKind::Terms)),
                k(C::RecordMore, F(FormKind::DraftSigned), "ui.act.signed"),
            ],
            Items::None,
            draft,
        ),
        Step::PreReview => (
            vec![
                k(C::Record, F(FormKind::PreReview), "ui.act.record"),
                k(C::Opinion, F(FormKind::Opinion), "ui.act.opinion"),
                k(C::Add, F(FormKind::Answer), "ui.act.answer"),
            ],
            Items::None,
            prereview,
        ),
        Step::Congress => (
            vec![
                k(C::Record, F(FormKind::Congress), "ui.act.vote"),
                alias(C::Add, F(FormKind::Congress)),
            ],
            Items::None,
            congress,
        ),
        Step::Signing => (
            vec![
                k(C::Record, F(FormKind::Signing), "ui.act.record"),
                alias(C::Add, F(FormKind::Signing)),
            ],
            Items::None,
            signing,
        ),
        Step::Filing => (
            vec![
                k(C::Record, F(FormKind::Filing), "ui.act.record"),
                alias(C::Add, F(FormKind::Filing)),
            ],
            Items::None,
            filing,
        ),
        Step::Effect => (
            vec![
                k(C::Record, F(FormKind::Review), "ui.act.review"),
                alias(C::Add, F(FormKind::Review)),
                k(
                    C::RecordMore,
                    F(FormKind::Publication),
                    "ui.act.publication",
                ),
            ],
            Items::None,
            effect,
        ),
        Step::Term => (
            vec![
                k(C::Record, F(FormKind::Terms), "ui.act.terms"),
                alias(C::Add, F(FormKind::Terms)),
            ],
            Items::None,
            term,
        ),
    };
    StepSpec { keys, items, lines }
}

/// A step's record lines, then the corrections of its facts ("corrected on … because …").
pub(crate) fn record_lines(spec: &StepSpec, step: Step, l: &Loaded) -> Vec<StepLine> {
    let mut out = (spec.lines)(l);
    let corrections: Vec<StepLine> = l
        .dossier
        .corrections
        .iter()
        .filter(|c| crate::service::fact::correction_step(&c.what) == Some(step))
        .map(|c| {
            StepLine::Field(
                "ui.corrected",
                Value::Pieces(crate::service::sealed::correction(c)),
            )
        })
        .collect();
    if !corrections.is_empty() {
        out.push(StepLine::Blank);
        out.extend(corrections);
    }
    if step == Step::Signing && !l.dossier.amendments.is_empty() {
        out.push(StepLine::Blank);
        out.extend(
            crate::service::sealed::sealed_states(&l.dossier)
                .into_iter()
                .map(|p| StepLine::Field("ui.field.sealed_states", Value::Pieces(p))),
        );
    }
    out
}

impl StepSpec {
    /// What `command` does on this step, if anything.
    pub(crate) fn does(&self, command: Command) -> Option<&Does> {
        self.keys
            .iter()
            .find(|u| u.command == command)
            .map(|u| &u.does)
    }

    /// The key hints: `e 要约 · E 回应`, from the keymap's own labels.
    pub(crate) fn hints(&self, lang: Lang) -> String {
        let uses: Vec<(Command, &str)> = self
            .keys
            .iter()
            .filter_map(|u| Some((u.command, u.hint?)))
            .collect();
        keymap::hints(lang, Scope::Dossier, &uses)
    }
}

fn nothing_yet() -> Vec<StepLine> {
    vec![StepLine::Note("ui.nothing_yet")]
}

fn representatives(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    let count = |s| d.side(s).count();
    let mut out = vec![
        StepLine::Blank,
        StepLine::Field(
            "ui.rep.count",
            Value::KeyArgs(
                "ui.rep.count_line",
                vec![
                    ("workers", count(Side::Workers).to_string()),
                    ("employer", count(Side::Employer).to_string()),
                ],
            ),
        ),
        StepLine::Field("ui.field.recorder", Value::opt_text(d.recorder.as_deref())),
    ];
    if !d.instructors.is_empty() {
        out.push(StepLine::Field(
            "ui.instructors",
            Value::List(d.instructors.clone()),
        ));
    }
    out
}

fn offer(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    let mut out = match &d.offer {
        Some(o) => vec![
            StepLine::Field("ui.field.by", Value::side(o.by)),
            StepLine::Field("ui.field.sent", Value::date(o.sent)),
            StepLine::Field("ui.field.received", Value::date(o.received)),
            StepLine::Field("ui.field.topics", Value::List(o.topics.clone())),
        ],
        None => vec![StepLine::Note("ui.offer.none")],
    };
    out.push(StepLine::Blank);
    match &d.reply {
        Some(r) => {
            let what = Value::Key(if r.accepted {
                "ui.reply.accepted"
            } else {
                "ui.reply.refused"
            });
            out.push(StepLine::Field(
                "ui.form.reply",
                Value::Both(Box::new(Value::date(r.date)), Box::new(what)),
            ));
            if let Some(reason) = &r.reason {
                out.push(StepLine::Field(
                    "ui.field.refuse",
                    Value::Text(reason.clone()),
                ));
            }
        }
        None => out.push(StepLine::Field("ui.form.reply", Value::Nothing)),
    }
    out
}

fn preparation(l: &Loaded) -> Vec<StepLine> {
    let p = &l.dossier.preparation;
    vec![
        StepLine::Blank,
        StepLine::Field(
            "ui.field.agenda",
            if p.agenda.is_empty() {
                Value::Nothing
            } else {
                Value::List(p.agenda.clone())
            },
        ),
        StepLine::Field("ui.field.data_provided", Value::opt_date(p.data_provided)),
    ]
}

fn rounds(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    if d.rounds.is_empty() {
        return vec![StepLine::Note("ui.round.none")];
    }
    d.rounds
        .iter()
        .map(|r| StepLine::Round {
            number: r.number,
            date: r.date,
            place: r.place.clone(),
            state: match &r.state {
                RoundState::Open => Value::Key("ui.round.open"),
                RoundState::Closed { .. } => Value::Key("ui.round.closed"),
                RoundState::Suspended { until, .. } => {
                    Value::KeyArgs("ui.round.suspended", vec![("until", until.to_string())])
                }
            },
            agreed: r
                .issues
                .iter()
                .filter(|i| i.status == IssueStatus::Agreed)
                .count(),
            // A withdrawn issue is off the table: `2/6项一致`, not `2/7`.
            issues: r
                .issues
                .iter()
                .filter(|i| i.status != IssueStatus::Withdrawn)
                .count(),
        })
        .collect()
}

fn terms_lines(d: &Dossier) -> Vec<StepLine> {
    let mut out: Vec<StepLine> = crate::service::fact::term_values(&d.terms)
        .into_iter()
        .filter_map(|(k, v)| term_label_key(&k).map(|key| StepLine::Field(key, Value::Term(k, v))))
        .collect();
    for (name, fen) in &d.terms.allowances {
        out.push(StepLine::Field(
            "ui.term.allowance",
            Value::Both(
                Box::new(Value::Text(name.clone())),
                Box::new(Value::Term(
                    format!("allowance.{name}"),
                    crate::domain::values::format_fen(*fen),
                )),
            ),
        ));
    }
    if d.terms == crate::domain::AgreedTerms::default() {
        out.push(StepLine::Note("ui.terms.none"));
    }
    out
}

/// The label of a term key (`ui.term.<key>`); allowances are listed on their own.
fn term_label_key(key: &str) -> Option<&'static str> {
    Some(match key {
        "increase" => "ui.term.increase",
        "min_wage" => "ui.term.min_wage",
        "overtime" => "ui.term.overtime",
        "overtime_rest" => "ui.term.overtime_rest",
        "overtime_holiday" => "ui.term.overtime_holiday",
        "overtime_base" => "ui.term.overtime_base",
        "term" => "ui.term.term",
        "start" => "ui.term.start",
        "end" => "ui.term.end",
        "last_avg_wage" => "ui.term.last_avg_wage",
        "staff_covered" => "ui.term.staff_covered",
        "pay_day" => "ui.term.pay_day",
        _ => return None,
    })
}

fn draft(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    let mut out = terms_lines(d);
    out.push(StepLine::Blank);
    let clauses = l
        .contract
        .as_ref()
        .map_or(0, crate::contract::Contract::clause_count);
    out.push(StepLine::Field(
        "ui.draft.clauses",
        Value::Text(clauses.to_string()),
    ));
    out.push(StepLine::Field(
        "ui.form.draft_signed",
        Value::opt_date(d.draft_signed),
    ));
    if let Some(e) = &l.contract_error {
        out.push(StepLine::Error(e.clone()));
    }
    out
}

fn term(l: &Loaded) -> Vec<StepLine> {
    terms_lines(&l.dossier)
}

/// The pre-review of the current submission: when it was submitted, who reviews it, the
/// decision, and each opinion with what became of its clause and the answer to it. When the
/// current submission has no opinions yet, those of the review followed (an earlier submission's)
/// are listed under their submission date.
fn prereview(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    let Some(submitted) = d.prereview_submitted else {
        return nothing_yet();
    };
    let p = d.prereview();
    let mut out = vec![StepLine::Field(
        "ui.field.submitted",
        Value::date(submitted),
    )];
    out.push(StepLine::Field(
        "ui.field.reviewing_union",
        p.and_then(|p| p.union.as_ref())
            .map_or(Value::Nothing, |u| {
                Value::KeyArgs(
                    "ui.union.name_code",
                    vec![("name", u.name.clone()), ("code", u.code.clone())],
                )
            }),
    ));
    out.push(StepLine::Field(
        "ui.field.reviewer",
        Value::opt_text(p.and_then(|p| p.reviewer.as_deref())),
    ));
    if let Some(r) = p.and_then(|p| p.received) {
        out.push(StepLine::Field("ui.field.received", Value::date(r)));
    }
    out.push(StepLine::Field(
        "ui.field.decision",
        p.and_then(|p| p.decision).map_or(Value::Nothing, |x| {
            Value::Key(match x {
                PreReviewDecision::Pass => "ui.choice.pass",
                PreReviewDecision::PassWithChanges => "ui.choice.pass_with_changes",
                PreReviewDecision::Return => "ui.choice.return",
            })
        }),
    ));
    if let Some(x) = p.and_then(|p| p.decided) {
        out.push(StepLine::Field("ui.field.decided", Value::date(x)));
    }
    let current: Vec<&ClauseOpinion> = p.map(|p| p.opinions.iter().collect()).unwrap_or_default();
    if current.is_empty() {
        // A returned draft submitted again: the earlier review's opinions still stand to be
        // followed through until the new review says otherwise.
        if let Some(first) = l.followthrough.first() {
            out.push(StepLine::Blank);
            out.push(StepLine::Field(
                "ui.prereview.earlier",
                Value::date(first.submitted),
            ));
            out.extend(l.followthrough.iter().map(|f| {
                StepLine::Opinion(OpinionLine {
                    no: f.no,
                    clause: f.clause.clone(),
                    now: f.now.clone().filter(|n| *n != f.clause),
                    text: f.opinion.clone(),
                    status: Some(f.status),
                    withdrawn: f.withdrawn,
                    answer: f.answer.clone(),
                })
            }));
        }
        return out;
    }
    out.push(StepLine::Blank);
    out.extend(current.into_iter().map(|o| {
        let follow = l
            .followthrough
            .iter()
            .find(|f| f.submitted == submitted && f.no == o.no);
        let answer = follow.and_then(|f| f.answer.clone()).or_else(|| {
            d.answers
                .iter()
                .find(|a| a.submitted == submitted && a.opinion == o.no)
                .map(|a| a.text.clone())
        });
        StepLine::Opinion(OpinionLine {
            no: o.no,
            clause: o.clause.clone(),
            now: follow
                .and_then(|f| f.now.clone())
                .filter(|n| *n != o.clause),
            text: o.text.clone(),
            status: follow.map(|f| f.status),
            withdrawn: o.withdrawn.is_some(),
            answer,
        })
    }));
    out
}

fn congress(l: &Loaded) -> Vec<StepLine> {
    let Some(c) = &l.dossier.congress else {
        return nothing_yet();
    };
    vec![
        StepLine::Field("ui.field.date", Value::date(c.date)),
        StepLine::Field(
            "ui.congress.votes",
            Value::KeyArgs(
                "ui.congress.line",
                vec![
                    ("total", c.total.to_string()),
                    ("present", c.present.to_string()),
                    ("for", c.votes_for.to_string()),
                    ("against", c.against.to_string()),
                    ("abstain", c.abstain.to_string()),
                ],
            ),
        ),
    ]
}

fn signing(l: &Loaded) -> Vec<StepLine> {
    let Some(s) = &l.dossier.signing else {
        return nothing_yet();
    };
    vec![
        StepLine::Field("ui.field.date", Value::date(s.date)),
        StepLine::Field(
            "ui.side.workers",
            Value::opt_text(s.workers_chief.as_deref()),
        ),
        StepLine::Field(
            "ui.side.employer",
            Value::opt_text(s.employer_chief.as_deref()),
        ),
        StepLine::Field(
            "ui.field.seals",
            Value::Key(if s.seals { "ui.yes" } else { "ui.no" }),
        ),
    ]
}

fn filing(l: &Loaded) -> Vec<StepLine> {
    let Some(x) = &l.dossier.filing else {
        return nothing_yet();
    };
    // Each item by its name in the user's language (文本, 协商说明), not its key.
    let pkg: Vec<String> = x
        .package
        .iter()
        .map(|p| format!("rules.filing_item.{}", p.key()))
        .collect();
    vec![
        StepLine::Field("ui.field.sent", Value::date(x.sent)),
        StepLine::Field("ui.field.received", Value::opt_date(x.received)),
        StepLine::Field(
            "ui.field.registration_no",
            Value::opt_text(x.registration_no.as_deref()),
        ),
        StepLine::Field("ui.field.package", Value::KeyList(pkg)),
    ]
}

fn effect(l: &Loaded) -> Vec<StepLine> {
    let d = &l.dossier;
    let review = match &d.review {
        Some(r) => Value::Both(
            Box::new(Value::date(r.date)),
            Box::new(match &r.outcome {
                ReviewOutcome::NoObjection => Value::Key("ui.review.no_objection"),
                ReviewOutcome::Objection { text } => Value::Text(text.clone()),
            }),
        ),
        None => Value::Nothing,
    };
    vec![
        StepLine::Field("ui.form.review", review),
        StepLine::Field(
            "ui.field.effective",
            // None recorded: the day in effect by law once the review period passes with no
            // objection, said as such.
            match (
                d.effective,
                crate::domain::rules::effect::effective_from(d, &l.calendar),
            ) {
                (Some(e), _) => Value::date(e),
                (None, Some(by_law)) => {
                    Value::KeyArgs("ui.effect.by_law_date", vec![("date", by_law.to_string())])
                }
                (None, None) => Value::Nothing,
            },
        ),
        StepLine::Field(
            "ui.form.publication",
            Value::opt_date(d.publication.as_ref().map(|p| p.date)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{BINDINGS, lookup};

    /// Every hint names a key that really does that on the Dossier screen.
    #[test]
    fn hints_come_from_the_keymap() {
        for step in Step::ALL {
            let spec = spec(step);
            for u in spec.keys.iter().filter(|u| u.hint.is_some()) {
                let b = BINDINGS
                    .iter()
                    .find(|b| {
                        b.command == u.command && matches!(b.scope, Scope::Dossier | Scope::Global)
                    })
                    .unwrap_or_else(|| panic!("{step:?}: no key for {:?}", u.command));
                assert_eq!(lookup(Scope::Dossier, b.key), Some(u.command), "{step:?}");
            }
        }
        assert_eq!(spec(Step::Offer).hints(Lang::ZhCn), "e 要约 · E 回应");
        assert_eq!(
            spec(Step::Preparation).hints(Lang::En),
            "Space tick · a agenda · e data · E costing data"
        );
        assert_eq!(
            spec(Step::Representatives).hints(Lang::ZhCn),
            "a 添加 · x 移除 · E 记录员 · i 指导员"
        );
        assert_eq!(
            spec(Step::PreReview).hints(Lang::ZhCn),
            "e 记录 · o 意见 · a 答复"
        );
    }

    /// A draft returned and submitted again, not reviewed yet: the earlier review's opinions
    /// are still listed, under the date of the submission they answered.
    #[test]
    fn a_resubmission_lists_the_earlier_reviews_opinions() {
        use crate::service::followthrough::FollowThrough;
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let mut d = Dossier::new(
            "x".into(),
            crate::domain::ContractKind::Wage,
            crate::domain::Enterprise::default(),
            day("2026-01-05"),
        );
        d.prereview_submitted = Some(day("2026-04-20"));
        let l = Loaded {
            dossier: d,
            contract: None,
            contract_error: None,
            analysis: crate::service::view::Analysis::default(),
            read_only: false,
            read_only_storage: false,
            calendar: crate::domain::calendar::HolidayCalendar::default(),
            regions: crate::domain::region::Regions::default(),
            standing: crate::service::fact::Standing::default(),
            followthrough: vec![FollowThrough {
                submitted: day("2026-04-01"),
                no: 1,
                clause: "第五条".into(),
                now: Some("第六条".into()),
                opinion: "应明确基数".into(),
                status: Followed::Unchanged,
                withdrawn: false,
                answer: None,
            }],
        };
        let lines = (spec(Step::PreReview).lines)(&l);
        assert_eq!(
            lines.first(),
            Some(&StepLine::Field(
                "ui.field.submitted",
                Value::Text("2026-04-20".into())
            ))
        );
        assert!(lines.contains(&StepLine::Field(
            "ui.prereview.earlier",
            Value::Text("2026-04-01".into())
        )));
        assert_eq!(
            lines.last(),
            Some(&StepLine::Opinion(OpinionLine {
                no: 1,
                clause: "第五条".into(),
                now: Some("第六条".into()),
                text: "应明确基数".into(),
                status: Some(Followed::Unchanged),
                withdrawn: false,
                answer: None,
            }))
        );
    }

    /// Regression: an allowance showed as a raw locale key (`zh-CN.ui.term.allowance.高温津贴`).
    #[test]
    fn allowances_are_listed_by_name_not_as_keys() {
        let mut d = Dossier::new(
            "x".into(),
            crate::domain::ContractKind::Wage,
            crate::domain::Enterprise::default(),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
        );
        d.terms.allowances.insert("高温津贴".into(), 15_000);
        let l = Loaded {
            dossier: d,
            contract: None,
            contract_error: None,
            analysis: crate::service::view::Analysis::default(),
            read_only: false,
            read_only_storage: false,
            calendar: crate::domain::calendar::HolidayCalendar::default(),
            regions: crate::domain::region::Regions::default(),
            standing: crate::service::fact::Standing::default(),
            followthrough: Vec::new(),
        };
        let lines = (spec(Step::Term).lines)(&l);
        assert_eq!(
            lines,
            vec![StepLine::Field(
                "ui.term.allowance",
                Value::Both(
                    Box::new(Value::Text("高温津贴".into())),
                    Box::new(Value::Term("allowance.高温津贴".into(), "150".into()))
                )
            )]
        );
    }
}

//! Forms: the fields a user types into (the new-dossier wizard, a representative, a request, a
//! vote …) as plain data, and what submitting each one means — a `service::Fact`.
//!
//! A form never validates on its own: it builds the same [`Fact`] the CLI builds, applies it
//! through the service layer's pure [`Fact::apply`] and, when that refuses it, keeps the `Invalid`
//! so the UI can show its message next to the field it names. It must not save anything; a
//! successful submit returns the fact (and the record it gives) for the app to send to the worker.

use super::keymap::Key;
use crate::domain::issue::Unit;
use crate::domain::values::{parse_count, parse_date};
use crate::domain::{Dossier, Identity, Invalid, Representative, Side};
use crate::service::fact::{self, Env, Fact, MAX_COUNT, NewDossier, Vote};
use chrono::NaiveDate;

/// How a field is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A yes/no box toggled with Space.
    Flag,
    /// One of fixed keys, cycled with Space or ←/→; labels are `choice.<key>` in the locale file.
    Choice(&'static [&'static str]),
    /// One of the field's `options` (known only when the form opens: the facts of a step that
    /// can be corrected), picked with Space or ←/→; the value is the option's key.
    Pick,
    /// The issue a form is about, read only: the value is the issue's key as recorded
    /// (`increase`), shown by its name in the user's language (`平均工资增长`). Focus passes it by:
    /// the row picked in the table says which issue, and typing belongs to the value.
    Issue,
}

/// One input field. `id` is the name `record` uses for it in an `Invalid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    /// The value the form opened with: a form that edits (the agreed terms) says only what the
    /// user changed.
    pub initial: String,
    /// Cursor position in characters.
    pub cursor: usize,
    /// A prefilled value shown selected: the first character typed replaces it (so a value
    /// typed over a suggestion is not appended to it); any other key keeps it.
    pub fresh: bool,
    /// What the field's default is (a locale key and its placeholders), shown beside it: a date
    /// that opens on the step's natural date says which date that is.
    pub hint: Option<Hint>,
    /// A pick field's options: key and the value it stands for now (shown beside it).
    pub options: Vec<(String, String)>,
}

/// A locale key with its placeholders, translated when drawn.
pub type Hint = (&'static str, Vec<(&'static str, String)>);

/// A step's natural date: the date a form's date field opens on when nothing is recorded, the
/// hint saying what it is, and the recorded date it comes from (`%{from}` in the hint).
#[derive(Debug, Clone, Copy)]
struct Natural {
    date: NaiveDate,
    hint: &'static str,
    from: NaiveDate,
}

impl Natural {
    /// The natural date is the recorded date `from` itself.
    fn on(from: Option<NaiveDate>, hint: &'static str) -> Option<Natural> {
        from.map(|from| Natural {
            date: from,
            hint,
            from,
        })
    }
}

impl Field {
    fn new(id: &'static str, label: &'static str, kind: FieldKind, value: &str) -> Self {
        Field {
            id,
            label,
            kind,
            value: value.to_string(),
            initial: value.to_string(),
            cursor: value.chars().count(),
            fresh: false,
            hint: None,
            options: Vec::new(),
        }
    }

    /// The field with `hint` shown beside it.
    fn hint(mut self, key: &'static str, args: &[(&'static str, String)]) -> Self {
        self.hint = Some((key, args.to_vec()));
        self
    }

    /// A date field: the date on record if there is one, else the step's natural date (a
    /// [`Natural`], its hint saying where it comes from), else empty with the hint `empty`
    /// saying what date to type.
    fn date(
        id: &'static str,
        label: &'static str,
        recorded: Option<NaiveDate>,
        natural: Option<Natural>,
        empty: &'static str,
    ) -> Self {
        match (recorded, natural) {
            (Some(d), _) => Self::text(id, label, &d.to_string()).hint("forms2.hint.recorded", &[]),
            (None, Some(n)) => Self::text(id, label, &n.date.to_string())
                .hint(n.hint, &[("from", n.from.to_string())]),
            (None, None) => Self::text(id, label, "").hint(empty, &[]),
        }
    }

    pub(super) fn text(id: &'static str, label: &'static str, value: &str) -> Self {
        Self::new(id, label, FieldKind::Text, value)
    }

    /// The issue `key` a form is about, read only (see [`FieldKind::Issue`]).
    fn issue(key: &str) -> Self {
        Self::new("issue", "ui.field.issue", FieldKind::Issue, key)
    }

    fn flag(id: &'static str, label: &'static str, on: bool) -> Self {
        Self::new(id, label, FieldKind::Flag, if on { "y" } else { "" })
    }

    fn choice(
        id: &'static str,
        label: &'static str,
        keys: &'static [&'static str],
        value: &str,
    ) -> Self {
        Self::new(id, label, FieldKind::Choice(keys), value)
    }

    pub(crate) fn is_on(&self) -> bool {
        !self.value.is_empty()
    }

    /// Feeds a key to the field; true when the field used it.
    pub(crate) fn input(&mut self, key: Key) -> bool {
        match self.kind {
            FieldKind::Flag => match key {
                Key::Char(' ' | 'y' | 'n' | 'x') => {
                    self.value = if self.is_on() {
                        String::new()
                    } else {
                        "y".into()
                    };
                    true
                }
                _ => false,
            },
            FieldKind::Choice(keys) => {
                let pos = keys.iter().position(|k| *k == self.value).unwrap_or(0);
                let n = keys.len().max(1);
                let next = match key {
                    Key::Char(' ') | Key::Right => (pos + 1) % n,
                    Key::Left => (pos + n - 1) % n,
                    // A first letter picks the next choice starting with it (`p` percent, `y`
                    // yuan a month, again `y` yuan a year); any other key is not the field's.
                    Key::Char(c) => match (1..=n).map(|d| (pos + d) % n).find(|&i| {
                        keys.get(i)
                            .is_some_and(|k| k.starts_with(c.to_ascii_lowercase()))
                    }) {
                        Some(i) => i,
                        None => return false,
                    },
                    _ => return false,
                };
                if let Some(k) = keys.get(next) {
                    self.value = (*k).to_string();
                }
                true
            }
            FieldKind::Pick => {
                let n = self.options.len();
                if n == 0 {
                    return false;
                }
                let pos = self
                    .options
                    .iter()
                    .position(|(k, _)| *k == self.value)
                    .unwrap_or(0);
                let next = match key {
                    Key::Char(' ') | Key::Right => (pos + 1) % n,
                    Key::Left => (pos + n - 1) % n,
                    _ => return false,
                };
                if let Some((k, _)) = self.options.get(next) {
                    self.value.clone_from(k);
                }
                true
            }
            FieldKind::Text => self.edit(key),
            FieldKind::Issue => false,
        }
    }

    /// The picked option's current value (a pick field).
    pub(crate) fn picked(&self) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| *k == self.value)
            .map(|(_, v)| v.as_str())
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    fn edit(&mut self, key: Key) -> bool {
        if std::mem::take(&mut self.fresh) && matches!(key, Key::Char(_)) {
            self.value.clear();
            self.cursor = 0;
        }
        let len = self.value.chars().count();
        match key {
            Key::Char(c) => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            Key::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
            }
            Key::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(len),
            Key::Home | Key::Ctrl('a') => self.cursor = 0,
            Key::End | Key::Ctrl('e') => self.cursor = len,
            Key::Ctrl('u') => {
                self.value.clear();
                self.cursor = 0;
            }
            Key::Backspace | Key::Delete => {}
            _ => return false,
        }
        true
    }

    /// Inserts pasted text at the cursor; line breaks become spaces (fields are one line).
    pub(crate) fn paste(&mut self, s: &str) {
        let clean = crate::text::sanitize_line(s);
        if self.kind != FieldKind::Text {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.value.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }
}

/// What a form records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    NewDossier,
    Representative,
    /// The day representative `name` of `side` left (their seat is vacant from then).
    RepresentativeLeft {
        side: Side,
        name: String,
    },
    Recorder,
    /// A labour-administration or union instructor (指导员) at the bargaining.
    Instructor,
    Offer,
    Reply,
    Agenda,
    Preparation,
    /// Costing data for the dossier: average wage, staff, CPI, productivity, guideline and its
    /// source, on-cost rates, the area's tier.
    Costing,
    OpenRound,
    Position(Side),
    NewIssue,
    /// The selected issue renamed: its new name (opening on the current one) and why.
    RenameIssue,
    Agree,
    Suspend,
    /// Closing the open round: whether both chiefs signed the minutes.
    CloseRound,
    Notes,
    Terms,
    DraftSigned,
    PreReview,
    /// The pre-reviewer's opinion on one clause.
    Opinion,
    /// The grassroots union's answer to one opinion of the pre-review.
    Answer,
    /// The workspace's union, person and role.
    Union,
    Congress,
    Signing,
    Filing,
    Review,
    Publication,
    /// A remote (name and address) for the dossier with this key.
    Remote(String),
    /// The bundle file to write the dossier with this key to.
    Bundle(String),
    /// The bundle file to take in.
    Import,
    /// A recorded fact of this step corrected with a reason.
    Correct(crate::domain::procedure::Step),
    /// An amendment of the signed agreement (the `amend` verb).
    Amendment,
    /// The enterprise's union chair, legal representative and credit code.
    Enterprise,
    /// The date preparation entry N (of `prep_entries`) was done.
    Tick(usize),
    /// A contract file (.docx, .doc, .wps, text) to import as the draft of the dossier with this
    /// key, and what to do with its tracked changes.
    DraftImport(String),
}

impl FormKind {
    /// Locale key of the form's title.
    pub(crate) fn title(&self) -> &'static str {
        match self {
            FormKind::NewDossier => "ui.form.new_dossier",
            FormKind::Representative => "ui.form.representative",
            FormKind::RepresentativeLeft { .. } => "ui.form.rep_left",
            FormKind::Recorder => "ui.form.recorder",
            FormKind::Instructor => "ui.form.instructor",
            FormKind::Offer => "ui.form.offer",
            FormKind::Reply => "ui.form.reply",
            FormKind::Agenda => "ui.form.agenda",
            FormKind::Preparation => "ui.form.preparation",
            FormKind::Costing => "costing.form",
            FormKind::OpenRound => "ui.form.open_round",
            FormKind::Position(Side::Workers) => "ui.form.position_workers",
            FormKind::Position(Side::Employer) => "ui.form.position_employer",
            FormKind::NewIssue => "ui.form.new_issue",
            FormKind::RenameIssue => "ui.form.rename_issue",
            FormKind::Agree => "ui.form.agree",
            FormKind::Suspend => "ui.form.suspend",
            FormKind::CloseRound => "ui.form.close_round",
            FormKind::Notes => "ui.form.notes",
            FormKind::Terms => "ui.form.terms",
            FormKind::DraftSigned => "ui.form.draft_signed",
            FormKind::PreReview => "ui.form.prereview",
            FormKind::Opinion => "ui.form.opinion",
            FormKind::Answer => "ui.form.answer",
            FormKind::Union => "ui.form.union",
            FormKind::Congress => "ui.form.congress",
            FormKind::Signing => "ui.form.signing",
            FormKind::Filing => "ui.form.filing",
            FormKind::Review => "ui.form.review",
            FormKind::Publication => "ui.form.publication",
            FormKind::Remote(_) => "ui.form.remote",
            FormKind::Bundle(_) => "ui.form.bundle",
            FormKind::Import => "ui.form.import",
            FormKind::Correct(_) => "ui.form.correct",
            FormKind::Amendment => "ui.form.amendment",
            FormKind::Enterprise => "ui.form.enterprise",
            FormKind::Tick(_) => "ui.form.tick",
            FormKind::DraftImport(_) => "word.form.title",
        }
    }
}

/// A form being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The last refusal: the message in the user's language and the field it names, if shown.
    pub error: Option<(Option<usize>, String)>,
    /// The day the form was opened: relative dates (`+3`, `-1`, `03-17`) count from it.
    pub today: NaiveDate,
    /// A date after today was shown to the user once; the next submit takes it.
    pub future_ok: bool,
}

const SIDES: &[&str] = &["workers", "employer"];
/// The filing package's documents: key and label.
const PACKAGE: &[(&str, &str)] = &[
    ("text", "rules.filing_item.text"),
    ("explanation", "rules.filing_item.explanation"),
    ("wage_figures", "rules.filing_item.wage_figures"),
    ("parties", "rules.filing_item.parties"),
    (
        "congress_resolution",
        "rules.filing_item.congress_resolution",
    ),
    ("representatives", "rules.filing_item.representatives"),
    ("minutes", "rules.filing_item.minutes"),
];
/// A new issue's unit: from its name (`auto`: 平均工资增长 is a percent), or one of the five.
const UNIT_CHOICES: &[&str] = &["auto", "percent", "yuan_month", "yuan_year", "days", "text"];
const KINDS: &[&str] = &["wage", "comprehensive", "safety", "women"];
const DECISIONS: &[&str] = &["", "pass", "pass_with_changes", "return"];
const ROLES: &[&str] = &["grassroots", "reviewer", "both"];

/// Something a submitted form produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A fact about the open dossier, and the record it gives (shown until the save answers).
    Fact {
        fact: Box<Fact>,
        preview: Box<Dossier>,
    },
    /// A brand-new dossier (its id is assigned by the store).
    Created(Box<NewDossier>),
    /// The workspace's union as typed, already accepted by the same check the service makes.
    Identity {
        name: String,
        code: String,
        person: String,
        role: String,
    },
    /// A remote to add to dossier `id`, as typed (the app checks it as the store will).
    Remote {
        id: String,
        name: String,
        url: String,
    },
    /// The costing figures changed (if any) and the wage distribution's file to read.
    Costing {
        fact: Option<Box<Fact>>,
        preview: Box<Dossier>,
        file: String,
    },
    /// Write dossier `id` to `file`.
    Bundle { id: String, file: String },
    /// Take in `file`.
    Import { file: String },
    /// Import `file` as the draft of dossier `id`; `both`: its tracked changes as two versions.
    DraftImport {
        id: String,
        file: String,
        both: bool,
    },
}

impl Form {
    fn new(kind: FormKind, fields: Vec<Field>) -> Self {
        Form {
            kind,
            fields,
            focus: 0,
            error: None,
            today: NaiveDate::MIN,
            future_ok: false,
        }
    }

    /// A form of `kind` prefilled from the dossier and today's date.
    ///
    /// Dates. A date on record opens as recorded (the form corrects it, not retypes it). Else
    /// the field opens on the step's natural date — the recorded date this one usually equals
    /// or follows from — with a hint naming it, so Enter takes it and `+1` / `03-17` adjust it:
    /// the reply on the request's receipt; the draft agreed at the last round; the pre-review
    /// submitted the day the draft was agreed; the congress on the pre-review's decision; the
    /// signing on the congress's day; the filing sent on the signing day; the review at the end
    /// of the 15-day review period from the receipt (GR 47); the publication on the effective
    /// date; a round opened today (rounds are recorded at the table as they open) or on the date
    /// agreed at a suspension; a preparation tick today. Where no recorded date says it, the
    /// field opens empty with a hint saying what to type, rather than on today, which is rarely
    /// right and costs ten backspaces: the request's dates (an empty receipt is the sending
    /// day), the data handed over, a suspension's next meeting, the filing receipt, a
    /// pre-review decision, the effective date (empty: computed), an amendment's dates.
    pub fn open(
        kind: FormKind,
        d: Option<&Dossier>,
        today: NaiveDate,
        issue: Option<&str>,
    ) -> Self {
        let issue = issue.unwrap_or("");
        let fields = match &kind {
            FormKind::NewDossier => vec![
                Field::text("enterprise", "ui.field.enterprise", ""),
                Field::choice("kind", "ui.field.kind", KINDS, "wage"),
                Field::text("region", "ui.field.region", fact::DEFAULT_REGION),
                Field::text("staff", "ui.field.staff", ""),
                Field::text("women", "ui.field.women", ""),
            ],
            FormKind::Representative => vec![
                Field::text("name", "ui.field.name", ""),
                Field::choice("side", "ui.field.side", SIDES, "workers"),
                Field::text("post", "ui.field.post", ""),
                Field::flag("chief", "ui.field.chief", false),
                Field::flag("outsider", "ui.field.outsider", false),
                Field::flag("female", "ui.field.female", false),
                Field::flag("delegated", "ui.field.delegated", false),
            ],
            // The seat is vacant from the day they left: today unless said otherwise.
            FormKind::RepresentativeLeft { .. } => vec![Field::date(
                "date",
                "ui.field.left_on",
                None,
                Natural::on(Some(today), "ui.hint.left_today"),
                "",
            )],
            FormKind::Recorder => vec![Field::text(
                "recorder",
                "ui.field.recorder",
                d.and_then(|d| d.recorder.as_deref()).unwrap_or(""),
            )],
            FormKind::Instructor => vec![Field::text("instructor", "ui.field.instructor", "")],
            // A form on a fact already recorded opens with it (to correct it, not retype it).
            FormKind::Offer => {
                let o = d.and_then(|d| d.offer.as_ref());
                vec![
                    Field::choice(
                        "by",
                        "ui.field.by",
                        SIDES,
                        o.map_or("workers", |o| o.by.key()),
                    ),
                    Field::date(
                        "sent",
                        "ui.field.sent",
                        o.map(|o| o.sent),
                        None,
                        "forms2.hint.offer_sent",
                    ),
                    Field::date(
                        "received",
                        "ui.field.received",
                        o.map(|o| o.received),
                        None,
                        "forms2.hint.offer_received",
                    ),
                    Field::text(
                        "topics",
                        "ui.field.topics",
                        &o.map(|o| o.topics.join(", ")).unwrap_or_default(),
                    ),
                ]
            }
            FormKind::Reply => {
                let r = d.and_then(|d| d.reply.as_ref());
                vec![
                    Field::date(
                        "date",
                        "ui.field.date",
                        r.map(|r| r.date),
                        Natural::on(
                            d.and_then(|d| d.offer.as_ref()).map(|o| o.received),
                            "forms2.hint.reply",
                        ),
                        "forms2.hint.reply_empty",
                    ),
                    Field::text(
                        "refuse",
                        "ui.field.refuse",
                        r.and_then(|r| r.reason.as_deref()).unwrap_or(""),
                    ),
                ]
            }
            FormKind::Agenda => vec![Field::text("agenda", "ui.field.agenda", "")],
            FormKind::Preparation => vec![Field::date(
                "data_provided",
                "ui.field.data_provided",
                d.and_then(|d| d.preparation.data_provided),
                None,
                "forms2.hint.data_provided",
            )],
            // After a suspension, the date and place agreed then; else today and the last
            // round's place (the chair alternates).
            FormKind::OpenRound => {
                let last = d.and_then(|d| d.rounds.last());
                let (date, place) = match last.map(|r| (&r.state, r)) {
                    Some((crate::domain::RoundState::Suspended { until, place, .. }, r)) => (
                        Natural::on(Some(*until), "forms2.hint.round_agreed"),
                        place
                            .clone()
                            .or_else(|| r.place.clone())
                            .unwrap_or_default(),
                    ),
                    Some((_, r)) => (
                        Natural::on(Some(today), "forms2.hint.round_today"),
                        r.place.clone().unwrap_or_default(),
                    ),
                    None => (
                        Natural::on(Some(today), "forms2.hint.round_today"),
                        String::new(),
                    ),
                };
                let chair = match last.map(|r| r.chair) {
                    Some(Side::Workers) => "employer",
                    _ => "workers",
                };
                vec![
                    Field::date("date", "ui.field.date", None, date, ""),
                    Field::choice("chair", "ui.field.chair", SIDES, chair),
                    Field::text("place", "ui.field.place", &place),
                ]
            }
            FormKind::Position(side) => {
                // The side's last value, shown selected: typing replaces it, ←/→ edit it.
                let last = d
                    .and_then(|d| d.rounds.last())
                    .and_then(|r| r.issue(issue))
                    .and_then(|i| i.position(*side))
                    .unwrap_or("");
                let label = match side {
                    Side::Workers => "ui.field.workers_value",
                    Side::Employer => "ui.field.employer_value",
                };
                let mut value = Field::text("value", label, last);
                value.fresh = !last.is_empty();
                vec![Field::issue(issue), value]
            }
            FormKind::NewIssue => vec![
                Field::text("issue", "ui.field.issue", ""),
                Field::choice("unit", "ui.field.unit", UNIT_CHOICES, "auto"),
                Field::text("value", "ui.field.workers_value", ""),
            ],
            // The current name, to be edited where it is wrong (not typed over): in the user's
            // language, as the table shows it (see `localize`).
            FormKind::RenameIssue => vec![
                Field::issue(issue),
                Field::text("new_name", "ui.field.new_name", issue),
                Field::text("reason", "ui.field.rename_reason", ""),
            ],
            FormKind::Agree => {
                let proposal = d
                    .and_then(Dossier::current_round)
                    .and_then(|r| r.issue(issue))
                    .and_then(|i| i.workers.clone().filter(|w| Some(w) == i.employer.as_ref()))
                    .unwrap_or_default();
                let mut value = Field::text("value", "ui.field.value", &proposal);
                value.fresh = !proposal.is_empty();
                vec![Field::issue(issue), value]
            }
            FormKind::Suspend => vec![
                Field::date(
                    "suspend_until",
                    "ui.field.suspend_until",
                    None,
                    None,
                    "forms2.hint.suspend_until",
                ),
                Field::text("place", "ui.field.place", ""),
                Field::text("content", "ui.field.content", ""),
                Field::flag("minutes_signed", "ui.field.minutes_signed", false),
            ],
            FormKind::CloseRound => {
                vec![Field::flag(
                    "minutes_signed",
                    "ui.field.minutes_signed",
                    false,
                )]
            }
            FormKind::Notes => {
                let round = d.and_then(Dossier::current_round);
                vec![
                    Field::text(
                        "notes",
                        "ui.field.notes",
                        round.map_or("", |r| r.notes.as_str()),
                    ),
                    Field::text(
                        "present",
                        "ui.field.attendance",
                        &round.map(|r| r.attendance.join(", ")).unwrap_or_default(),
                    ),
                ]
            }
            FormKind::Costing => [costing_fields(d), super::costing_form::fields(d)].concat(),
            FormKind::Terms => {
                let values = d.map(|d| fact::term_values(&d.terms)).unwrap_or_default();
                let get = |k: &str| {
                    values
                        .iter()
                        .find(|(key, _)| *key == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                // Whole years as a bare number (read as years in either language), else months.
                let term = d
                    .and_then(|d| d.terms.term_months)
                    .map(|m| {
                        if m % 12 == 0 {
                            (m / 12).to_string()
                        } else {
                            format!("{m}m")
                        }
                    })
                    .unwrap_or_default();
                vec![
                    Field::text("increase", "ui.field.increase", &get("increase")),
                    Field::text("min_wage", "ui.field.min_wage", &get("min_wage")),
                    Field::text("term", "ui.field.term", &term),
                    Field::date(
                        "start",
                        "ui.field.start",
                        d.and_then(|d| d.terms.start),
                        None,
                        "forms2.hint.term_start",
                    ),
                    Field::text("overtime", "term.overtime", &get("overtime")),
                    Field::text("overtime_rest", "term.overtime_rest", &get("overtime_rest")),
                    Field::text(
                        "overtime_holiday",
                        "term.overtime_holiday",
                        &get("overtime_holiday"),
                    ),
                    Field::text("overtime_base", "term.overtime_base", &get("overtime_base")),
                    Field::text("last_avg_wage", "term.last_avg_wage", &get("last_avg_wage")),
                    Field::text("pay_day", "term.pay_day", &get("pay_day")),
                    // The allowances on record, `名称=金额` each, as they are typed.
                    Field::text(
                        "allowance",
                        "ui.field.allowance",
                        &values
                            .iter()
                            .filter_map(|(k, v)| {
                                Some(format!("{}={v}", k.strip_prefix("allowance.")?))
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ]
            }
            FormKind::DraftSigned => vec![Field::date(
                "date",
                "ui.field.date",
                d.and_then(|d| d.draft_signed),
                Natural::on(
                    d.and_then(|d| d.rounds.last()).map(|r| r.date),
                    "forms2.hint.draft_signed",
                ),
                "forms2.hint.draft_signed_empty",
            )],
            FormKind::Publication => vec![Field::date(
                "date",
                "ui.field.date",
                d.and_then(|d| d.publication.as_ref()).map(|p| p.date),
                Natural::on(d.and_then(|d| d.effective), "forms2.hint.publication"),
                "forms2.hint.publication_empty",
            )],
            FormKind::PreReview => prereview_fields(d),
            FormKind::Opinion => vec![
                Field::text("clause", "ui.field.clause", ""),
                Field::text("opinion", "ui.field.opinion", ""),
            ],
            FormKind::Answer => vec![
                Field::text(
                    "opinion",
                    "ui.field.opinion_no",
                    &d.and_then(unanswered_opinion)
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
                Field::text("answer", "ui.field.answer", ""),
            ],
            FormKind::Union => vec![
                Field::text("name", "ui.field.union_name", ""),
                Field::text("code", "ui.field.union_code", ""),
                Field::text("person", "ui.field.person", ""),
                Field::choice("role", "ui.field.role", ROLES, "grassroots"),
            ],
            FormKind::Congress => {
                let c = d.and_then(|d| d.congress.as_ref());
                let n = |f: fn(&crate::domain::Congress) -> u32, none: &str| {
                    c.map_or(none.to_string(), |c| f(c).to_string())
                };
                vec![
                    Field::date(
                        "date",
                        "ui.field.date",
                        c.map(|c| c.date),
                        Natural::on(
                            d.and_then(Dossier::prereview).and_then(|p| p.decided),
                            "forms2.hint.congress",
                        ),
                        "forms2.hint.congress_empty",
                    ),
                    Field::text("total", "ui.field.total", &n(|c| c.total, "")),
                    Field::text("present", "ui.field.present", &n(|c| c.present, "")),
                    Field::text("for", "ui.field.for", &n(|c| c.votes_for, "")),
                    Field::text("against", "ui.field.against", &n(|c| c.against, "0")),
                    Field::text("abstain", "ui.field.abstain", &n(|c| c.abstain, "0")),
                    Field::flag(
                        "all_staff",
                        "ui.field.all_staff",
                        c.is_some_and(|c| c.body == crate::domain::CongressBody::AllStaff),
                    ),
                ]
            }
            FormKind::Signing => {
                let s = d.and_then(|d| d.signing.as_ref());
                vec![
                    Field::date(
                        "date",
                        "ui.field.date",
                        s.map(|s| s.date),
                        Natural::on(
                            d.and_then(|d| d.congress.as_ref()).map(|c| c.date),
                            "forms2.hint.signing",
                        ),
                        "forms2.hint.signing_empty",
                    ),
                    Field::flag("seals", "ui.field.seals", s.is_none_or(|s| s.seals)),
                ]
            }
            // The documents are ticked from a list in the user's language (they were typed as
            // English codes); a filing on record opens as recorded.
            FormKind::Filing => {
                let f = d.and_then(|d| d.filing.as_ref());
                let mut fields = vec![
                    Field::date(
                        "sent",
                        "ui.field.sent",
                        f.map(|f| f.sent),
                        Natural::on(
                            d.and_then(|d| d.signing.as_ref()).map(|s| s.date),
                            "forms2.hint.filing_sent",
                        ),
                        "forms2.hint.filing_sent_empty",
                    ),
                    Field::date(
                        "received",
                        "ui.field.received",
                        f.and_then(|f| f.received),
                        None,
                        "forms2.hint.filing_received",
                    ),
                    Field::text(
                        "registration_no",
                        "ui.field.registration_no",
                        f.and_then(|f| f.registration_no.as_deref()).unwrap_or(""),
                    ),
                ];
                for (key, label) in PACKAGE {
                    let on = f.is_some_and(|f| f.package.iter().any(|p| p.key() == *key));
                    fields.push(Field::flag(key, label, on));
                }
                fields
            }
            FormKind::Review => {
                let r = d.and_then(|d| d.review.as_ref());
                let objection = match r.map(|r| &r.outcome) {
                    Some(crate::domain::ReviewOutcome::Objection { text }) => text.as_str(),
                    _ => "",
                };
                // The administration answers by the end of its review period (GR 47: 15 days
                // from receipt), which is also when silence means no objection.
                let end = d
                    .and_then(|d| d.filing.as_ref())
                    .and_then(|f| f.received)
                    .map(|from| Natural {
                        date: crate::domain::rules::review_period_end(
                            from,
                            crate::domain::calendar::HolidayCalendar::shared(),
                        ),
                        hint: "forms2.hint.review",
                        from,
                    });
                vec![
                    Field::date(
                        "date",
                        "ui.field.date",
                        r.map(|r| r.date),
                        end,
                        "forms2.hint.review_empty",
                    ),
                    Field::text("objection", "ui.field.objection", objection),
                    Field::date(
                        "effective",
                        "ui.field.effective",
                        d.and_then(|d| d.effective),
                        None,
                        "forms2.hint.effective",
                    ),
                ]
            }
            FormKind::Remote(_) => vec![
                Field::text("name", "ui.field.remote_name", "origin"),
                Field::text("url", "ui.field.url", ""),
            ],
            // In the current directory, named after the dossier (`CODE-ID` when received).
            FormKind::Bundle(key) => vec![Field::text(
                "file",
                "ui.field.file",
                &format!("{}.bundle", key.replace('/', "-")),
            )],
            FormKind::Import => vec![Field::text("file", "ui.field.file", "")],
            FormKind::Enterprise => {
                let e = d.map(|d| d.enterprise.clone()).unwrap_or_default();
                vec![
                    holder_field(
                        d,
                        "union_chair",
                        "ui.field.union_chair",
                        e.union_chair.as_deref(),
                        Side::Workers,
                    ),
                    holder_field(
                        d,
                        "legal_representative",
                        "ui.field.legal_representative",
                        e.legal_representative.as_deref(),
                        Side::Employer,
                    ),
                    Field::text(
                        "credit_code",
                        "ui.field.credit_code",
                        e.credit_code.as_deref().unwrap_or(""),
                    ),
                ]
            }
            FormKind::Tick(_) => vec![Field::date(
                "date",
                "ui.field.done_on",
                None,
                Natural::on(Some(today), "forms2.hint.tick"),
                "",
            )],
            FormKind::Amendment => vec![
                Field::date(
                    "date",
                    "ui.field.date",
                    None,
                    None,
                    "forms2.hint.amend_date",
                ),
                Field::text("amendment", "ui.field.amend_text", ""),
                Field::text("clause", "ui.field.amend_clause", ""),
                Field::date(
                    "approved",
                    "ui.field.approved",
                    None,
                    None,
                    "forms2.hint.approved",
                ),
            ],
            // The step's correctable facts picked from a list, each with the value it holds now
            // (their keys were typed); the value opens on the picked fact's, shown selected.
            FormKind::Correct(step) => {
                let options: Vec<(String, String)> = d
                    .map(|d| {
                        crate::service::fact::correctable(d, *step)
                            .into_iter()
                            .map(|k| {
                                let now =
                                    crate::service::fact::current_fact(d, &k).unwrap_or_default();
                                (k, now)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let (what, now) = options.first().cloned().unwrap_or_default();
                let mut pick = Field::new("what", "ui.field.what", FieldKind::Pick, &what);
                pick.hint = Some(if options.is_empty() {
                    ("forms2.hint.nothing_to_correct", Vec::new())
                } else {
                    ("forms2.hint.pick", Vec::new())
                });
                pick.options = options;
                let mut value = Field::text("value", "ui.field.correct_value", &now);
                value.fresh = !now.is_empty();
                if fact::is_date_fact(&what) {
                    value.hint = Some(("forms2.hint.correct_date", Vec::new()));
                }
                vec![pick, value, Field::text("reason", "ui.field.reason", "")]
            }
            FormKind::DraftImport(_) => vec![
                Field::text("file", "ui.field.file", ""),
                Field::choice(
                    "tracked",
                    "word.form.tracked",
                    &["accept", "versions"],
                    "accept",
                ),
            ],
        };
        let mut form = Form::new(kind, fields);
        form.today = today;
        // Start where typing is needed: the first empty text field — except when agreeing, where
        // the issue is the selected row and the value (even prefilled) is what may be typed.
        form.focus = if matches!(
            form.kind,
            FormKind::Agree | FormKind::Position(_) | FormKind::RenameIssue
        ) {
            1
        } else {
            form.fields
                .iter()
                .position(|f| f.kind == FieldKind::Text && f.value.is_empty())
                .unwrap_or(0)
        };
        form
    }

    /// Moves the focus to the next field (`forward`) or the previous one, passing read-only
    /// fields by.
    pub(crate) fn move_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        if n == 0 {
            return;
        }
        let step = if forward { 1 } else { n - 1 };
        let mut at = self.focus;
        for _ in 0..n {
            at = (at + step) % n;
            if self.fields[at].kind != FieldKind::Issue {
                self.focus = at;
                return;
            }
        }
    }

    /// Feeds a key to the focused field; true when it used it. Picking another fact to correct
    /// puts that fact's current value in the value field, shown selected (typing replaces it).
    pub(crate) fn input(&mut self, key: Key) -> bool {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let used = field.input(key);
        if used && field.kind == FieldKind::Pick {
            self.picked_changed();
        }
        used
    }

    /// A correction form's values in `lang` (a yes/no as 是/否, a side by its name), as
    /// shown and as typed back (the correction takes either); a renamed issue's name as the
    /// table shows it (a term key typed as the name, `increase`, by the term's name).
    pub(crate) fn localize(&mut self, lang: crate::i18n::Lang) {
        if self.kind == FormKind::RenameIssue {
            let name = crate::domain::issue::label(self.value("issue"), lang);
            if let Some(f) = self.fields.iter_mut().find(|f| f.id == "new_name") {
                f.value.clone_from(&name);
                f.cursor = name.chars().count();
                f.initial = name;
            }
            return;
        }
        if !matches!(self.kind, FormKind::Correct(_)) {
            return;
        }
        for f in &mut self.fields {
            for (k, v) in &mut f.options {
                *v = fact::shown_fact(lang, k, v);
            }
        }
        self.picked_changed();
    }

    /// Picks fact `what` in a correction form (if the step has it), as ←/→ would.
    pub(crate) fn pick(&mut self, what: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.kind == FieldKind::Pick)
            && f.options.iter().any(|(k, _)| k == what)
        {
            f.value = what.to_string();
            f.initial = what.to_string();
            self.picked_changed();
        }
    }

    /// The picked fact's current value in the value field, shown selected (typing replaces it);
    /// a date fact's value is a date field (`+3`, `-1`, `MM-DD`, asked about when after today).
    fn picked_changed(&mut self) {
        let Some(what) = self
            .fields
            .iter()
            .find(|f| f.kind == FieldKind::Pick)
            .map(|f| f.value.clone())
        else {
            return;
        };
        let now = self
            .fields
            .iter()
            .find(|f| f.kind == FieldKind::Pick)
            .and_then(Field::picked)
            .unwrap_or_default()
            .to_string();
        if let Some(v) = self.fields.iter_mut().find(|f| f.id == "value") {
            v.value.clone_from(&now);
            v.initial = now;
            v.cursor = v.value.chars().count();
            v.fresh = !v.value.is_empty();
            v.hint = fact::is_date_fact(&what).then(|| ("forms2.hint.correct_date", Vec::new()));
        }
    }

    /// Whether field `i` holds a date: a date field, or a correction's value when the fact
    /// corrected is a date.
    fn is_date_field(&self, i: usize) -> bool {
        let Some(f) = self.fields.get(i) else {
            return false;
        };
        if let FormKind::Correct(_) = self.kind {
            return f.id == "value" && fact::is_date_fact(self.value("what"));
        }
        DATE_FIELDS.contains(&f.id)
    }

    /// The union form prefilled with the workspace's union, if set.
    pub fn union(current: Option<&Identity>, today: NaiveDate) -> Self {
        let mut f = Form::open(FormKind::Union, None, today, None);
        if let Some(i) = current {
            f.set("name", &i.union.name);
            f.set("code", &i.union.code);
            f.set("person", &i.person);
            f.set("role", i.role.key());
        }
        f
    }

    /// Puts `value` in field `id` (as if it had opened with it) and starts at the first empty
    /// text field left.
    pub(crate) fn set(&mut self, id: &str, value: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.id == id) {
            field.value = value.to_string();
            field.initial = value.to_string();
            field.cursor = value.chars().count();
        }
        self.focus = self
            .fields
            .iter()
            .position(|f| f.kind == FieldKind::Text && f.value.is_empty())
            .unwrap_or(0);
    }

    /// The representative form prefilled with `r`, to change a recorded representative.
    pub(crate) fn edit_representative(r: &Representative, today: NaiveDate) -> Self {
        let mut f = Form::open(FormKind::Representative, None, today, None);
        for field in &mut f.fields {
            let on = |b: bool| if b { "y".to_string() } else { String::new() };
            field.value = match field.id {
                "name" => r.name.clone(),
                "side" => r.side.key().to_string(),
                "post" => r.post.clone().unwrap_or_default(),
                "chief" => on(r.chief),
                "outsider" => on(r.outsider),
                "female" => on(r.female),
                "delegated" => on(r.delegated),
                _ => continue,
            };
            field.cursor = field.value.chars().count();
        }
        f.focus = 2;
        f
    }

    pub fn value(&self, id: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map_or("", |f| f.value.as_str())
    }

    fn opt(&self, id: &str) -> Option<&str> {
        Some(self.value(id).trim()).filter(|v| !v.is_empty())
    }

    /// The text fields changed since the form opened, as `(id, value)`.
    fn changed(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter(|f| f.value.trim() != f.initial.trim())
            .filter_map(|f| self.opt(f.id).map(|v| (f.id.to_string(), v.to_string())))
            .collect()
    }

    fn flag(&self, id: &str) -> bool {
        !self.value(id).is_empty()
    }

    /// The date typed in field `id`; an empty field is refused as empty (a date field may open
    /// empty, its hint saying what to type).
    fn date(&self, id: &str) -> Result<NaiveDate, Invalid> {
        match self.opt(id) {
            Some(v) => parse_date_near(id, v, self.today),
            None => Err(Invalid::new(id, "", crate::domain::Problem::Empty)),
        }
    }

    fn opt_date(&self, id: &str) -> Result<Option<NaiveDate>, Invalid> {
        self.opt(id)
            .map(|v| parse_date_near(id, v, self.today))
            .transpose()
    }

    /// The first date field holding a date after the day the form was opened (asked about once
    /// before it is saved: a date in the future is usually a typo).
    pub fn future_date(&self) -> Option<usize> {
        self.fields.iter().enumerate().position(|(i, f)| {
            self.is_date_field(i)
                && parse_date_near(f.id, f.value.trim(), self.today).is_ok_and(|d| d > self.today)
        })
    }

    fn count(&self, id: &str) -> Result<u32, Invalid> {
        count_of(id, self.value(id))
    }

    fn side(&self, id: &str) -> Side {
        if self.value(id) == "employer" {
            Side::Employer
        } else {
            Side::Workers
        }
    }

    /// The fact this form says, checked against the open dossier. Refusals come back as
    /// `Invalid`.
    pub(crate) fn submit(&self, d: Option<&Dossier>, env: &Env<'_>) -> Result<Outcome, Invalid> {
        if let FormKind::NewDossier = self.kind {
            let input = NewDossier {
                kind: self.value("kind").to_string(),
                enterprise: self.value("enterprise").to_string(),
                region: self.opt("region").map(str::to_string),
                staff: self.opt("staff").map(str::to_string),
                women: self.opt("women").map(str::to_string),
                ..NewDossier::default()
            };
            input.build(env.today)?;
            return Ok(Outcome::Created(Box::new(input)));
        }
        if let FormKind::Union = self.kind {
            let (name, code, person, role) = (
                self.value("name").trim(),
                self.value("code").trim(),
                self.value("person").trim(),
                self.value("role"),
            );
            Identity::parse(name, code, person, role)?;
            return Ok(Outcome::Identity {
                name: name.to_string(),
                code: code.to_string(),
                person: person.to_string(),
                role: role.to_string(),
            });
        }
        if let Some(outcome) = self.exchange()? {
            return Ok(outcome);
        }
        if let Some(outcome) = super::costing_form::with_distribution(self, d, env)? {
            return Ok(outcome);
        }
        let Some(d) = d else {
            return Err(Invalid::new(
                "dossier",
                "",
                crate::domain::Problem::Missing {
                    what: "dossier".into(),
                },
            ));
        };
        let fact = self.fact(d, env)?;
        let change = fact.apply(d, env)?;
        Ok(Outcome::Fact {
            fact: Box::new(fact),
            preview: Box::new(change.dossier),
        })
    }

    /// The fact typed into this form.
    fn fact(&self, d: &Dossier, env: &Env<'_>) -> Result<Fact, Invalid> {
        let today = env.today;
        let list = |id: &str, seps: &[char]| -> Vec<String> {
            self.value(id)
                .split(seps)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let owned = |id: &str| self.value(id).to_string();
        let opt = |id: &str| self.opt(id).map(str::to_string);
        Ok(match &self.kind {
            FormKind::NewDossier
            | FormKind::Union
            | FormKind::Remote(_)
            | FormKind::Bundle(_)
            | FormKind::Import
            | FormKind::DraftImport(_) => {
                return Err(Invalid::new("kind", "", crate::domain::Problem::Empty));
            }
            // Only what was changed, as the terms form.
            FormKind::Enterprise => Fact::EnterpriseDetails(self.changed()),
            FormKind::Tick(item) => super::dossier::tick_fact(*item, self.date("date")?)
                .ok_or_else(|| {
                    Invalid::new("item", item.to_string(), crate::domain::Problem::NotFound)
                })?,
            FormKind::Amendment => {
                // `N=TEXT`, as the CLI's --clause takes it; empty: the amendment rewrites none.
                let clauses = match self.opt("clause") {
                    None => Vec::new(),
                    Some(c) => {
                        let (n, t) = c.split_once('=').ok_or_else(|| {
                            Invalid::new(
                                "clause",
                                c,
                                crate::domain::Problem::UnknownKey {
                                    valid: "N=TEXT".into(),
                                },
                            )
                        })?;
                        vec![(count_of("clause", n)? as usize, t.trim().to_string())]
                    }
                };
                Fact::Amendment {
                    date: self.date("date")?,
                    text: owned("amendment"),
                    clauses,
                    approved: self.opt_date("approved")?,
                }
            }
            // A date is typed as in any date field (`+3`, `-1`, `05-21`) and corrected to the
            // date it stands for.
            FormKind::Correct(_) => Fact::Correct {
                what: owned("what"),
                value: if fact::is_date_fact(self.value("what")) {
                    self.date("value")?.to_string()
                } else {
                    owned("value")
                },
                reason: owned("reason"),
                date: today,
            },
            FormKind::Representative => Fact::Representative {
                rep: Representative {
                    name: owned("name"),
                    side: self.side("side"),
                    post: opt("post"),
                    chief: self.flag("chief"),
                    outsider: self.flag("outsider"),
                    female: self.flag("female"),
                    delegated: self.flag("delegated"),
                },
                date: today,
            },
            // The name as it opened is the issue's own (its key, maybe a term's shown by name).
            FormKind::RenameIssue => Fact::RenameIssue {
                issue: owned("issue"),
                to: self
                    .fields
                    .iter()
                    .find(|f| f.id == "new_name" && f.value.trim() != f.initial.trim())
                    .map_or_else(|| owned("issue"), |f| f.value.clone()),
                reason: opt("reason"),
            },
            FormKind::Recorder => Fact::Recorder(owned("recorder")),
            FormKind::RepresentativeLeft { side, name } => Fact::RemoveRepresentative {
                side: *side,
                name: name.clone(),
                date: self.date("date")?,
                mistake: false,
            },
            FormKind::Instructor => Fact::Instructor(owned("instructor")),
            // A request handed over in person is received the day it is sent: an empty receipt
            // date is the sending date (the field's hint says so).
            FormKind::Offer => Fact::Offer {
                by: self.side("by"),
                sent: self.date("sent")?,
                received: match self.opt_date("received")? {
                    Some(r) => r,
                    None => self.date("sent")?,
                },
                topics: vec![owned("topics")],
            },
            FormKind::Reply => Fact::Reply {
                date: self.date("date")?,
                refusal: opt("refuse"),
            },
            FormKind::Agenda => {
                let agenda = list("agenda", &[',', '，', '、', ';', '；']);
                Fact::Preparation {
                    tasks: Vec::new(),
                    wage_data: Vec::new(),
                    data_provided: None,
                    agenda: if agenda.is_empty() {
                        vec![String::new()]
                    } else {
                        agenda
                    },
                    date: today,
                }
            }
            FormKind::Preparation => Fact::Preparation {
                tasks: Vec::new(),
                wage_data: Vec::new(),
                data_provided: Some(self.date("data_provided")?),
                agenda: Vec::new(),
                date: today,
            },
            FormKind::OpenRound => Fact::OpenRound {
                date: self.date("date")?,
                chair: self.side("chair"),
                place: opt("place"),
            },
            FormKind::Position(side) => Fact::Position {
                issue: owned("issue"),
                side: *side,
                value: owned("value"),
                unit: None,
            },
            FormKind::NewIssue => Fact::Position {
                issue: owned("issue"),
                side: Side::Workers,
                value: owned("value"),
                unit: match self.value("unit") {
                    "auto" => None,
                    u => Some(Unit::parse("unit", u)?),
                },
            },
            FormKind::Agree => Fact::Agree {
                issue: owned("issue"),
                value: owned("value"),
            },
            FormKind::Suspend => Fact::CloseRound {
                suspend_until: Some(self.date("suspend_until")?),
                next_place: opt("place"),
                next_content: opt("content"),
                minutes_signed: self.flag("minutes_signed"),
            },
            FormKind::CloseRound => Fact::CloseRound {
                suspend_until: None,
                next_place: None,
                next_content: None,
                minutes_signed: self.flag("minutes_signed"),
            },
            FormKind::Notes => Fact::Notes {
                text: Some(owned("notes")),
                present: list("present", &[',', '，', '、', ';', '；']),
            },
            // Only what was changed: the form opens with the terms on record, and re-stating them
            // would record (and commit) values nobody typed.
            FormKind::Costing => Fact::Costing(
                self.fields
                    .iter()
                    .filter(|f| f.value.trim() != f.initial.trim())
                    .filter_map(|f| self.opt(f.id).map(|v| (f.id.to_string(), v.to_string())))
                    .collect(),
            ),
            // An allowance is typed `名称=金额` and set as `allowance.名称`.
            // Several allowances are separated by commas (`高温津贴=150, 夜班津贴=50`).
            FormKind::Terms => Fact::Terms(
                self.changed()
                    .into_iter()
                    .flat_map(|(k, v)| {
                        if k != "allowance" {
                            return vec![(k, v)];
                        }
                        v.split([',', '，', '、', ';', '；'])
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .map(|a| match a.split_once('=') {
                                Some((name, amount)) => (
                                    format!("allowance.{}", name.trim()),
                                    amount.trim().to_string(),
                                ),
                                None => (k.clone(), a.to_string()),
                            })
                            .collect()
                    })
                    .collect(),
            ),
            FormKind::DraftSigned => Fact::DraftSigned(self.date("date")?),
            FormKind::PreReview => {
                // The decision's date is asked for only with a decision.
                let decision = match opt("decision") {
                    Some(k) => Some((k, self.date("decided")?)),
                    None => None,
                };
                // The submission is the grassroots side's; a reviewer (or a decision on a
                // submission already recorded) records only the decision.
                let submitted = if (d.prereview_submitted.is_some() && decision.is_some())
                    || env.standing.received_from.is_some()
                {
                    None
                } else {
                    Some(self.date("submitted")?)
                };
                Fact::PreReview {
                    submitted,
                    received: None,
                    decision,
                    opinion: None,
                    withdraw: None,
                }
            }
            FormKind::Opinion => Fact::PreReview {
                submitted: None,
                received: None,
                decision: None,
                opinion: Some((owned("clause"), owned("opinion"))),
                withdraw: None,
            },
            FormKind::Answer => Fact::Answer {
                opinion: self.count("opinion")?,
                text: owned("answer"),
            },
            FormKind::Congress => Fact::Congress {
                date: self.date("date")?,
                vote: Vote {
                    total: self.count("total")?,
                    present: self.count("present")?,
                    votes_for: self.count("for")?,
                    against: self.count("against")?,
                    abstain: self.count("abstain")?,
                    all_staff: self.flag("all_staff"),
                },
            },
            FormKind::Signing => Fact::Signing {
                date: self.date("date")?,
                seals: self.flag("seals"),
            },
            FormKind::Filing => Fact::Filing {
                sent: self.date("sent")?,
                received: self.opt_date("received")?,
                registration_no: opt("registration_no"),
                package: PACKAGE
                    .iter()
                    .filter(|(key, _)| self.flag(key))
                    .map(|(key, _)| (*key).to_string())
                    .collect(),
            },
            FormKind::Review => Fact::Review {
                date: self.date("date")?,
                objection: opt("objection"),
                effective: self.opt_date("effective")?,
            },
            FormKind::Publication => Fact::Publication(self.date("date")?),
        })
    }

    /// What an exchange form asks for (`None` for the other forms); a field left empty is
    /// refused at that field.
    fn exchange(&self) -> Result<Option<Outcome>, Invalid> {
        let required = |id: &str| {
            self.opt(id)
                .map(str::to_string)
                .ok_or_else(|| Invalid::new(id, "", crate::domain::Problem::Empty))
        };
        Ok(Some(match &self.kind {
            FormKind::Remote(id) => Outcome::Remote {
                id: id.clone(),
                name: required("name")?,
                url: required("url")?,
            },
            FormKind::Bundle(id) => Outcome::Bundle {
                id: id.clone(),
                file: required("file")?,
            },
            FormKind::Import => Outcome::Import {
                file: required("file")?,
            },
            FormKind::DraftImport(id) => Outcome::DraftImport {
                id: id.clone(),
                file: required("file")?,
                both: self.value("tracked") == "versions",
            },
            _ => return Ok(None),
        }))
    }

    /// The field an `Invalid` names, if this form has it.
    pub(crate) fn field_of(&self, invalid: &Invalid) -> Option<usize> {
        let name = invalid.field.as_str();
        self.fields.iter().position(|f| f.id == name).or_else(|| {
            // `record` names some fields by their role ("value" for a position or term).
            match name {
                "increase" | "min_wage" | "term" | "start" | "end" => {
                    self.fields.iter().position(|f| f.id == name)
                }
                n if n.starts_with("allowance") => {
                    self.fields.iter().position(|f| f.id == "allowance")
                }
                "attendance" => self.fields.iter().position(|f| f.id == "present"),
                _ => None,
            }
        })
    }
}

fn count_of(id: &str, s: &str) -> Result<u32, Invalid> {
    parse_count(id, s.trim(), MAX_COUNT)
}

/// The fields that hold a date (a future date in them is asked about).
const DATE_FIELDS: &[&str] = &[
    "date",
    "sent",
    "received",
    "data_provided",
    "submitted",
    "decided",
    "effective",
    "approved",
];

/// A date as typed in a form: `YYYY-MM-DD`, or relative to `today` — `+3` / `-1` days, or
/// `MM-DD` in today's year — so a date near today is a few keys, not ten backspaces.
pub(crate) fn parse_date_near(
    field: &str,
    s: &str,
    today: NaiveDate,
) -> Result<NaiveDate, Invalid> {
    let t = s.trim();
    let days = |n: &str| n.parse::<u64>().ok().map(chrono::Days::new);
    if let Some(n) = t.strip_prefix('+').and_then(days) {
        if let Some(d) = today.checked_add_days(n) {
            return Ok(d);
        }
    } else if let Some(n) = t.strip_prefix('-').and_then(days) {
        if let Some(d) = today.checked_sub_days(n) {
            return Ok(d);
        }
    } else if t.len() <= 5 && t.contains('-') {
        let mut p = t.split('-').map(str::parse::<u32>);
        if let (Some(Ok(m)), Some(Ok(d)), None) = (p.next(), p.next(), p.next()) {
            use chrono::Datelike;
            if let Some(x) = NaiveDate::from_ymd_opt(today.year(), m, d) {
                return Ok(x);
            }
        }
    }
    parse_date(field, t)
}

/// The number of the current pre-review's first standing opinion not answered yet (what the
/// answer form offers first).
fn unanswered_opinion(d: &Dossier) -> Option<u32> {
    let p = d.prereview()?;
    p.standing()
        .find(|o| {
            !d.answers
                .iter()
                .any(|a| a.submitted == p.submitted && a.opinion == o.no)
        })
        .map(|o| o.no)
}

/// The enterprise's union chair (`side` workers) or legal representative (employer): as recorded,
/// else suggested from the representative of that side whose post says so (`工会主席`, `union
/// chair`; `法定代表人`, `legal representative`) — a chief who holds the post needs no delegation
/// (GR 20–21), and REP-CHIEF-DELEGATION warned about a chief whose post was 工会主席 because the
/// enterprise's union chair had nowhere to be typed. A suggestion is sent when the form is saved.
fn holder_field(
    d: Option<&Dossier>,
    id: &'static str,
    label: &'static str,
    recorded: Option<&str>,
    side: Side,
) -> Field {
    if let Some(r) = recorded.filter(|r| !r.trim().is_empty()) {
        return Field::text(id, label, r);
    }
    let holder = d.and_then(|d| d.side(side).find(|r| r.holds_office(side)));
    let mut f = Field::text(id, label, "");
    if let Some(r) = holder {
        f.value.clone_from(&r.name);
        f.cursor = f.value.chars().count();
        f = f.hint(
            "forms2.hint.from_post",
            &[("post", r.post.clone().unwrap_or_default())],
        );
    }
    f
}

/// The pre-review form: the submission on record (or, for a first submission, the day the draft
/// was agreed — it goes up as soon as it is agreed); a draft returned goes up again on a date to
/// type. The decision's date is the one on record, else typed.
fn prereview_fields(d: Option<&Dossier>) -> Vec<Field> {
    let p = d.and_then(Dossier::prereview);
    let returned = p.and_then(|p| p.decision) == Some(crate::domain::PreReviewDecision::Return);
    let submitted = d.and_then(|d| d.prereview_submitted);
    let submitted = if returned {
        Field::date(
            "submitted",
            "ui.field.submitted",
            None,
            None,
            "forms2.hint.resubmitted",
        )
    } else {
        Field::date(
            "submitted",
            "ui.field.submitted",
            submitted,
            Natural::on(
                d.and_then(|d| d.draft_signed),
                "forms2.hint.prereview_submitted",
            ),
            "forms2.hint.prereview_submitted_empty",
        )
    };
    vec![
        submitted,
        Field::choice("decision", "ui.field.decision", DECISIONS, ""),
        Field::date(
            "decided",
            "ui.field.decided",
            p.and_then(|p| p.decided).filter(|_| !returned),
            None,
            "forms2.hint.decided",
        ),
    ]
}

/// The costing form's fields, filled with what is on file (a field left as it was is not sent).
fn costing_fields(d: Option<&Dossier>) -> Vec<Field> {
    use crate::domain::values::{format_bp, format_fen};
    let c = d.map(|d| d.preparation.costing.clone()).unwrap_or_default();
    let bp = |v: Option<i32>| v.map(|v| format_bp(i64::from(v))).unwrap_or_default();
    let rate = |v: Option<u32>| v.map(|v| format_bp(i64::from(v))).unwrap_or_default();
    let guideline = c
        .guideline
        .map(|g| {
            format!(
                "{}/{}/{}",
                format_bp(i64::from(g.lower_bp)),
                format_bp(i64::from(g.base_bp)),
                format_bp(i64::from(g.upper_bp))
            )
        })
        .unwrap_or_default();
    vec![
        Field::text(
            "avg_wage",
            "costing.key.avg_wage",
            &c.avg_wage_fen.map(format_fen).unwrap_or_default(),
        ),
        Field::text(
            "staff",
            "costing.key.staff",
            &c.staff.map(|s| s.to_string()).unwrap_or_default(),
        ),
        // Labels short enough to be read whole; the guideline's format as a hint beside it.
        Field::text("guideline", "costing4.field.guideline", &guideline)
            .hint("costing4.hint.guideline", &[]),
        Field::text("cpi", "costing.key.cpi", &bp(c.cpi_bp)),
        Field::text(
            "productivity",
            "costing.key.productivity",
            &bp(c.productivity_bp),
        ),
        Field::text(
            "source",
            "costing.key.source",
            c.source.as_deref().unwrap_or(""),
        ),
        Field::text(
            "social_insurance",
            "costing4.field.social_insurance",
            &rate(c.social_insurance_bp),
        ),
        Field::text(
            "housing_fund",
            "costing.key.housing_fund",
            &rate(c.housing_fund_bp),
        ),
        Field::text(
            "tier",
            "costing.key.tier",
            &c.tier.map(|t| t.to_string()).unwrap_or_default(),
        ),
    ]
}

//! Forms: the fields a user types into (the new-dossier wizard, a representative, a request, a
//! vote …) as plain data, and what submitting each one means — a call into `domain::record`.
//!
//! A form never validates on its own: it hands the typed strings to the `record` function and,
//! when that refuses them, keeps the `Invalid` so the UI can show its message next to the field
//! it names. It must not save anything; a successful submit returns a `Change` for the app to save.

use super::keymap::Key;
use crate::domain::record::{self, Change, CloseRound, NewDossier, PrepInput, Vote};
use crate::domain::values::{parse_count, parse_date};
use crate::domain::{Dossier, Invalid, Representative, Side};
use chrono::NaiveDate;

/// How a field is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// A yes/no box toggled with Space.
    Flag,
    /// One of fixed keys, cycled with Space or ←/→; labels are `choice.<key>` in the locale file.
    Choice(&'static [&'static str]),
}

/// One input field. `id` is the name `record` uses for it in an `Invalid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    /// Cursor position in characters.
    pub cursor: usize,
}

impl Field {
    fn new(id: &'static str, label: &'static str, kind: FieldKind, value: &str) -> Self {
        Field {
            id,
            label,
            kind,
            value: value.to_string(),
            cursor: value.chars().count(),
        }
    }

    fn text(id: &'static str, label: &'static str, value: &str) -> Self {
        Self::new(id, label, FieldKind::Text, value)
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

    pub fn is_on(&self) -> bool {
        !self.value.is_empty()
    }

    /// Feeds a key to the field; true when the field used it.
    pub fn input(&mut self, key: Key) -> bool {
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
                let next = match key {
                    Key::Char(' ') | Key::Right => (pos + 1) % keys.len().max(1),
                    Key::Left => (pos + keys.len().max(1) - 1) % keys.len().max(1),
                    _ => return false,
                };
                if let Some(k) = keys.get(next) {
                    self.value = (*k).to_string();
                }
                true
            }
            FieldKind::Text => self.edit(key),
        }
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    fn edit(&mut self, key: Key) -> bool {
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
    pub fn paste(&mut self, s: &str) {
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
    Recorder,
    /// A labour-administration or union instructor (指导员) at the bargaining.
    Instructor,
    Offer,
    Reply,
    Agenda,
    Preparation,
    OpenRound,
    Position(Side),
    NewIssue,
    Agree,
    Suspend,
    Notes,
    Terms,
    DraftSigned,
    PreReview,
    /// The pre-reviewer's opinion on one clause.
    Opinion,
    Congress,
    Signing,
    Filing,
    Review,
    Publication,
}

impl FormKind {
    /// Locale key of the form's title.
    pub fn title(&self) -> &'static str {
        match self {
            FormKind::NewDossier => "ui.form.new_dossier",
            FormKind::Representative => "ui.form.representative",
            FormKind::Recorder => "ui.form.recorder",
            FormKind::Instructor => "ui.form.instructor",
            FormKind::Offer => "ui.form.offer",
            FormKind::Reply => "ui.form.reply",
            FormKind::Agenda => "ui.form.agenda",
            FormKind::Preparation => "ui.form.preparation",
            FormKind::OpenRound => "ui.form.open_round",
            FormKind::Position(Side::Workers) => "ui.form.position_workers",
            FormKind::Position(Side::Employer) => "ui.form.position_employer",
            FormKind::NewIssue => "ui.form.new_issue",
            FormKind::Agree => "ui.form.agree",
            FormKind::Suspend => "ui.form.suspend",
            FormKind::Notes => "ui.form.notes",
            FormKind::Terms => "ui.form.terms",
            FormKind::DraftSigned => "ui.form.draft_signed",
            FormKind::PreReview => "ui.form.prereview",
            FormKind::Opinion => "ui.form.opinion",
            FormKind::Congress => "ui.form.congress",
            FormKind::Signing => "ui.form.signing",
            FormKind::Filing => "ui.form.filing",
            FormKind::Review => "ui.form.review",
            FormKind::Publication => "ui.form.publication",
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
}

const SIDES: &[&str] = &["workers", "employer"];
const KINDS: &[&str] = &["wage", "comprehensive", "safety", "women"];
const DECISIONS: &[&str] = &["", "pass", "pass_with_changes", "return"];

/// Something a submitted form produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new version of the open dossier.
    Change(Box<Change>),
    /// A brand-new dossier (its id is assigned by the store).
    Created(Box<Dossier>),
}

impl Form {
    fn new(kind: FormKind, fields: Vec<Field>) -> Self {
        Form {
            kind,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// A form of `kind` prefilled from the dossier and today's date.
    pub fn open(
        kind: FormKind,
        d: Option<&Dossier>,
        today: NaiveDate,
        issue: Option<&str>,
    ) -> Self {
        let t = today.to_string();
        let t = t.as_str();
        let issue = issue.unwrap_or("");
        let fields = match &kind {
            FormKind::NewDossier => vec![
                Field::text("enterprise", "ui.field.enterprise", ""),
                Field::choice("kind", "ui.field.kind", KINDS, "wage"),
                Field::text("region", "ui.field.region", record::DEFAULT_REGION),
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
            FormKind::Recorder => vec![Field::text(
                "recorder",
                "ui.field.recorder",
                d.and_then(|d| d.recorder.as_deref()).unwrap_or(""),
            )],
            FormKind::Instructor => vec![Field::text("instructor", "ui.field.instructor", "")],
            FormKind::Offer => vec![
                Field::choice("by", "ui.field.by", SIDES, "workers"),
                Field::text("sent", "ui.field.sent", t),
                Field::text("received", "ui.field.received", t),
                Field::text("topics", "ui.field.topics", ""),
            ],
            FormKind::Reply => vec![
                Field::text("date", "ui.field.date", t),
                Field::text("refuse", "ui.field.refuse", ""),
            ],
            FormKind::Agenda => vec![Field::text("agenda", "ui.field.agenda", "")],
            FormKind::Preparation => {
                vec![Field::text("data_provided", "ui.field.data_provided", t)]
            }
            FormKind::OpenRound => vec![
                Field::text("date", "ui.field.date", t),
                Field::choice("chair", "ui.field.chair", SIDES, "workers"),
                Field::text("place", "ui.field.place", ""),
            ],
            FormKind::Position(_) => vec![
                Field::text("issue", "ui.field.issue", issue),
                Field::text("value", "ui.field.value", ""),
            ],
            FormKind::NewIssue => vec![
                Field::text("issue", "ui.field.issue", ""),
                Field::text("value", "ui.field.workers_value", ""),
            ],
            FormKind::Agree => {
                let proposal = d
                    .and_then(Dossier::current_round)
                    .and_then(|r| r.issue(issue))
                    .and_then(|i| i.workers.clone().filter(|w| Some(w) == i.employer.as_ref()))
                    .unwrap_or_default();
                vec![
                    Field::text("issue", "ui.field.issue", issue),
                    Field::text("value", "ui.field.value", &proposal),
                ]
            }
            FormKind::Suspend => vec![
                Field::text("suspend_until", "ui.field.suspend_until", t),
                Field::text("place", "ui.field.place", ""),
                Field::text("content", "ui.field.content", ""),
            ],
            FormKind::Notes => vec![Field::text(
                "notes",
                "ui.field.notes",
                d.and_then(Dossier::current_round)
                    .map_or("", |r| r.notes.as_str()),
            )],
            FormKind::Terms => {
                let values = d.map(|d| record::term_values(&d.terms)).unwrap_or_default();
                let get = |k: &str| {
                    values
                        .iter()
                        .find(|(key, _)| *key == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let term = d
                    .and_then(|d| d.terms.term_months)
                    .map(|m| format!("{m}m"))
                    .unwrap_or_default();
                vec![
                    Field::text("increase", "ui.field.increase", &get("increase")),
                    Field::text("min_wage", "ui.field.min_wage", &get("min_wage")),
                    Field::text("term", "ui.field.term", &term),
                    Field::text("start", "ui.field.start", &get("start")),
                ]
            }
            FormKind::DraftSigned | FormKind::Publication => {
                vec![Field::text("date", "ui.field.date", t)]
            }
            FormKind::PreReview => vec![
                Field::text("submitted", "ui.field.submitted", t),
                Field::choice("decision", "ui.field.decision", DECISIONS, ""),
                Field::text("decided", "ui.field.decided", t),
            ],
            FormKind::Opinion => vec![
                Field::text("clause", "ui.field.clause", ""),
                Field::text("opinion", "ui.field.opinion", ""),
            ],
            FormKind::Congress => vec![
                Field::text("date", "ui.field.date", t),
                Field::text("total", "ui.field.total", ""),
                Field::text("present", "ui.field.present", ""),
                Field::text("for", "ui.field.for", ""),
                Field::text("against", "ui.field.against", "0"),
                Field::text("abstain", "ui.field.abstain", "0"),
                Field::flag("all_staff", "ui.field.all_staff", false),
            ],
            FormKind::Signing => vec![
                Field::text("date", "ui.field.date", t),
                Field::flag("seals", "ui.field.seals", true),
            ],
            FormKind::Filing => vec![
                Field::text("sent", "ui.field.sent", t),
                Field::text("received", "ui.field.received", ""),
                Field::text("registration_no", "ui.field.registration_no", ""),
                Field::text("package", "ui.field.package", ""),
            ],
            FormKind::Review => vec![
                Field::text("date", "ui.field.date", t),
                Field::text("objection", "ui.field.objection", ""),
                Field::text("effective", "ui.field.effective", ""),
            ],
        };
        let mut form = Form::new(kind, fields);
        // Start where typing is needed: the first empty text field.
        form.focus = form
            .fields
            .iter()
            .position(|f| f.kind == FieldKind::Text && f.value.is_empty())
            .unwrap_or(0);
        form
    }

    /// The representative form prefilled with `r`, to change a recorded representative.
    pub fn edit_representative(r: &Representative, today: NaiveDate) -> Self {
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

    fn flag(&self, id: &str) -> bool {
        !self.value(id).is_empty()
    }

    fn date(&self, id: &str) -> Result<NaiveDate, Invalid> {
        parse_date(id, self.value(id).trim())
    }

    fn opt_date(&self, id: &str) -> Result<Option<NaiveDate>, Invalid> {
        self.opt(id).map(|v| parse_date(id, v)).transpose()
    }

    fn count(&self, id: &str) -> Result<u32, Invalid> {
        parse_count(id, self.value(id).trim(), record::MAX_COUNT)
    }

    fn side(&self, id: &str) -> Side {
        if self.value(id) == "employer" {
            Side::Employer
        } else {
            Side::Workers
        }
    }

    /// Records what was typed through `domain::record`. Refusals come back as `Invalid`.
    pub fn submit(&self, d: Option<&Dossier>, today: NaiveDate) -> Result<Outcome, Invalid> {
        if let FormKind::NewDossier = self.kind {
            let input = NewDossier {
                kind: self.value("kind"),
                enterprise: self.value("enterprise"),
                region: self.opt("region"),
                staff: self.opt("staff"),
                women: self.opt("women"),
                ..NewDossier::default()
            };
            // The store assigns the real id when it creates the repository.
            return record::new_dossier(String::new(), &input, today)
                .map(|d| Outcome::Created(Box::new(d)));
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
        let change = match &self.kind {
            FormKind::NewDossier => unreachable_new(),
            FormKind::Representative => record::set_representative(
                d,
                &Representative {
                    name: self.value("name").to_string(),
                    side: self.side("side"),
                    post: self.opt("post").map(str::to_string),
                    chief: self.flag("chief"),
                    outsider: self.flag("outsider"),
                    female: self.flag("female"),
                    delegated: self.flag("delegated"),
                },
                today,
            ),
            FormKind::Recorder => record::set_recorder(d, self.value("recorder")),
            FormKind::Instructor => record::add_instructor(d, self.value("instructor")),
            FormKind::Offer => {
                let topics = vec![self.value("topics").to_string()];
                record::record_offer(
                    d,
                    self.side("by"),
                    self.date("sent")?,
                    self.date("received")?,
                    &topics,
                )
            }
            FormKind::Reply => record::record_reply(d, self.date("date")?, self.opt("refuse")),
            FormKind::Agenda => {
                let agenda: Vec<&str> = self
                    .value("agenda")
                    .split([',', '，', '、', ';', '；'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let agenda = if agenda.is_empty() { vec![""] } else { agenda };
                record::record_preparation(
                    d,
                    &PrepInput {
                        agenda,
                        ..PrepInput::default()
                    },
                    today,
                )
            }
            FormKind::Preparation => record::record_preparation(
                d,
                &PrepInput {
                    data_provided: Some(self.date("data_provided")?),
                    ..PrepInput::default()
                },
                today,
            ),
            FormKind::OpenRound => {
                record::open_round(d, self.date("date")?, self.side("chair"), self.opt("place"))
            }
            FormKind::Position(side) => {
                record::record_position(d, self.value("issue"), *side, self.value("value"))
            }
            FormKind::NewIssue => {
                record::record_position(d, self.value("issue"), Side::Workers, self.value("value"))
            }
            FormKind::Agree => {
                record::record_agreement(d, self.value("issue"), self.value("value"))
            }
            FormKind::Suspend => record::close_round(
                d,
                &CloseRound {
                    suspend_until: Some(self.date("suspend_until")?),
                    next_place: self.opt("place"),
                    next_content: self.opt("content"),
                    minutes_signed: false,
                },
            ),
            FormKind::Notes => record::round_notes(d, Some(self.value("notes")), &[]),
            FormKind::Terms => {
                let pairs: Vec<(&str, &str)> = ["increase", "min_wage", "term", "start"]
                    .into_iter()
                    .filter_map(|k| self.opt(k).map(|v| (k, v)))
                    .collect();
                record::set_terms(d, &pairs)
            }
            FormKind::DraftSigned => record::record_draft_signed(d, self.date("date")?),
            FormKind::PreReview => {
                let decided = self.date("decided")?;
                let decision = self.opt("decision").map(|k| (k, decided));
                let submitted = if d.prereview.is_some() && decision.is_some() {
                    None
                } else {
                    Some(self.date("submitted")?)
                };
                record::record_prereview(d, submitted, decision, None)
            }
            FormKind::Opinion => record::record_prereview(
                d,
                None,
                None,
                Some((self.value("clause"), self.value("opinion"))),
            ),
            FormKind::Congress => record::record_congress(
                d,
                self.date("date")?,
                &Vote {
                    total: self.count("total")?,
                    present: self.count("present")?,
                    votes_for: self.count("for")?,
                    against: self.count("against")?,
                    abstain: self.count("abstain")?,
                    all_staff: self.flag("all_staff"),
                },
            ),
            FormKind::Signing => record::record_signing(d, self.date("date")?, self.flag("seals")),
            FormKind::Filing => {
                let package: Vec<&str> = self
                    .value("package")
                    .split([',', '，', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                record::record_filing(
                    d,
                    self.date("sent")?,
                    self.opt_date("received")?,
                    self.opt("registration_no"),
                    &package,
                )
            }
            FormKind::Review => record::record_review(
                d,
                self.date("date")?,
                self.opt("objection"),
                self.opt_date("effective")?,
                crate::domain::calendar::HolidayCalendar::shared(),
            ),
            FormKind::Publication => record::record_publication(d, self.date("date")?),
        }?;
        Ok(Outcome::Change(Box::new(change)))
    }

    /// The field an `Invalid` names, if this form has it.
    pub fn field_of(&self, invalid: &Invalid) -> Option<usize> {
        let name = invalid.field.as_str();
        self.fields.iter().position(|f| f.id == name).or_else(|| {
            // `record` names some fields by their role ("value" for a position or term).
            match name {
                "increase" | "min_wage" | "term" | "start" | "end" => {
                    self.fields.iter().position(|f| f.id == name)
                }
                _ => None,
            }
        })
    }
}

/// `NewDossier` returns before the match; this keeps the match exhaustive without a panic.
fn unreachable_new() -> Result<Change, Invalid> {
    Err(Invalid::new("kind", "", crate::domain::Problem::Empty))
}

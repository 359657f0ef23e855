//! Forms: the fields a user types into (the new-dossier wizard, a representative, a request, a
//! vote …) as plain data, and what submitting each one means — a `service::Fact`.
//!
//! A form never validates on its own: it builds the same [`Fact`] the CLI builds, applies it
//! through the service layer's pure [`Fact::apply`] and, when that refuses it, keeps the `Invalid`
//! so the UI can show its message next to the field it names. It must not save anything; a
//! successful submit returns the fact (and the record it gives) for the app to send to the worker.

use super::keymap::Key;
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
}

const SIDES: &[&str] = &["workers", "employer"];
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
                let values = d.map(|d| fact::term_values(&d.terms)).unwrap_or_default();
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
        // Start where typing is needed: the first empty text field.
        form.focus = form
            .fields
            .iter()
            .position(|f| f.kind == FieldKind::Text && f.value.is_empty())
            .unwrap_or(0);
        form
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
        parse_count(id, self.value(id).trim(), MAX_COUNT)
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
            FormKind::Recorder => Fact::Recorder(owned("recorder")),
            FormKind::Instructor => Fact::Instructor(owned("instructor")),
            FormKind::Offer => Fact::Offer {
                by: self.side("by"),
                sent: self.date("sent")?,
                received: self.date("received")?,
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
            },
            FormKind::NewIssue => Fact::Position {
                issue: owned("issue"),
                side: Side::Workers,
                value: owned("value"),
            },
            FormKind::Agree => Fact::Agree {
                issue: owned("issue"),
                value: owned("value"),
            },
            FormKind::Suspend => Fact::CloseRound {
                suspend_until: Some(self.date("suspend_until")?),
                next_place: opt("place"),
                next_content: opt("content"),
                minutes_signed: false,
            },
            FormKind::Notes => Fact::Notes {
                text: Some(owned("notes")),
                present: Vec::new(),
            },
            // Only what was changed: the form opens with the terms on record, and re-stating them
            // would record (and commit) values nobody typed.
            FormKind::Terms => Fact::Terms(
                self.fields
                    .iter()
                    .filter(|f| f.value.trim() != f.initial.trim())
                    .filter_map(|f| self.opt(f.id).map(|v| (f.id.to_string(), v.to_string())))
                    .collect(),
            ),
            FormKind::DraftSigned => Fact::DraftSigned(self.date("date")?),
            FormKind::PreReview => {
                let decided = self.date("decided")?;
                let decision = opt("decision").map(|k| (k, decided));
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
                package: list("package", &[',', '，', ' ']),
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
                _ => None,
            }
        })
    }
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

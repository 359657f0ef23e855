//! Modals: the windows over a screen that take the keys while open — help, a form, a "really?"
//! question, the clause editor. They form a stack (a "discard changes?" question sits on the
//! editor it guards), and the top one answers the key: `modal_key` says what it did with it.

use super::draft::{draft_op, finish_edit, from_template};
use super::form::{FieldKind, Form, FormKind, Outcome};
use super::keymap::Key;
use super::{App, DraftOp, EditTarget, Effect, Screen, record_fact, save};
use crate::contract::Clause;
use crate::domain::Side;
use crate::i18n::trf;
use crate::service::Fact;
use crate::service::fact::Env;
use ratatui_textarea::TextArea;

/// A question asked before something destructive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// `mistake`: entered by mistake (no vacancy); else the representative left.
    RemoveRepresentative {
        side: Side,
        name: String,
        mistake: bool,
    },
    Withdraw(String),
    /// Remove an issue added by mistake (asked together with withdrawing it: `d`).
    RemoveIssue(String),
    DeleteClause(usize),
    FromTemplate,
    DiscardEdit,
    /// Write these papers of this dossier (the Dossier screen's `p`).
    Export {
        id: String,
        kinds: Vec<crate::documents::DocKind>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub message: String,
    pub pending: Pending,
}

/// Lines the user must read, listed in a window that stays until dismissed (an import's
/// warnings): a flash would show one and be gone at the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
    /// The first line shown: a list longer than the window scrolls.
    pub top: usize,
}

impl Notice {
    pub fn new(title: String, lines: Vec<String>) -> Self {
        Notice {
            title,
            lines,
            top: 0,
        }
    }

    /// Moves the first line shown by `delta`, within the list.
    pub(crate) fn scroll(&mut self, delta: isize) {
        self.top = self
            .top
            .saturating_add_signed(delta)
            .min(self.lines.len().saturating_sub(1));
    }
}

/// The in-place clause editor.
#[derive(Debug, Clone)]
pub struct Editor {
    pub target: EditTarget,
    pub area: TextArea<'static>,
    pub original: String,
}

impl Editor {
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

/// A window over the screen, taking the keys while open.
#[derive(Debug, Clone)]
pub enum Modal {
    Help,
    Form(Form),
    Confirm(Confirm),
    Editor(Box<Editor>),
    Notice(Notice),
}

pub(super) fn modal_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(modal) = app.modals.pop() else {
        return Vec::new();
    };
    match modal {
        Modal::Help => Vec::new(),
        Modal::Notice(mut n) => {
            let step = match key {
                Key::Up | Key::Char('k') => -1,
                Key::Down | Key::Char('j') => 1,
                Key::PageUp => -10,
                Key::PageDown => 10,
                Key::Home => isize::MIN / 2,
                Key::End => isize::MAX / 2,
                // Read: closed.
                Key::Enter | Key::Esc | Key::Char('q' | ' ') => return Vec::new(),
                // Any other key keeps it open: the notes are not lost to a stray key.
                _ => 0,
            };
            n.scroll(step);
            app.push_modal(Modal::Notice(n));
            Vec::new()
        }
        Modal::Confirm(c) => match (key, c.pending) {
            // Removing a representative: `l` (or yes) they left, `m` entered by mistake.
            (Key::Char('m' | 'M'), Pending::RemoveRepresentative { side, name, .. }) => confirmed(
                app,
                Pending::RemoveRepresentative {
                    side,
                    name,
                    mistake: true,
                },
            ),
            // Withdrawing an issue added by mistake: `d` removes it instead.
            (Key::Char('d' | 'D'), Pending::Withdraw(issue))
                if app
                    .open
                    .as_ref()
                    .is_some_and(|l| crate::service::fact::issue_removable(&l.dossier, &issue)) =>
            {
                confirmed(app, Pending::RemoveIssue(issue))
            }
            (Key::Char('y' | 'Y' | 'l' | 'L') | Key::Enter, pending) => confirmed(app, pending),
            // "No": the question closes and whatever it guarded (the editor) is back on top.
            (Key::Char('n' | 'N' | 'q') | Key::Esc, _) => Vec::new(),
            (_, pending) => {
                app.push_modal(Modal::Confirm(Confirm {
                    message: c.message,
                    pending,
                }));
                Vec::new()
            }
        },
        Modal::Form(mut f) => match key {
            Key::Esc => Vec::new(),
            Key::Enter => submit(app, f),
            Key::Tab | Key::Down => {
                f.move_focus(true);
                app.push_modal(Modal::Form(f));
                Vec::new()
            }
            Key::BackTab | Key::Up => {
                f.move_focus(false);
                app.push_modal(Modal::Form(f));
                Vec::new()
            }
            k => {
                let used = f.input(k);
                // Text typed on a choice or a box is never dropped: it goes to the next text
                // field (a round's place typed while on the chair).
                if !used && matches!(k, Key::Char(_)) {
                    let n = f.fields.len();
                    if let Some(i) = (1..n)
                        .map(|d| (f.focus + d) % n)
                        .find(|&i| f.fields[i].kind == FieldKind::Text)
                    {
                        f.focus = i;
                        f.fields[i].input(k);
                    }
                }
                app.push_modal(Modal::Form(f));
                Vec::new()
            }
        },
        Modal::Editor(mut e) => match key {
            Key::Ctrl('s') => finish_edit(app, e.target, &e.text()),
            Key::Esc => {
                if e.text() == e.original {
                    Vec::new()
                } else {
                    // The question goes on top of the editor, which stays to come back to.
                    let message = app.t("ui.confirm.discard");
                    app.push_modal(Modal::Editor(e));
                    app.push_modal(Modal::Confirm(Confirm {
                        message,
                        pending: Pending::DiscardEdit,
                    }));
                    Vec::new()
                }
            }
            k => {
                e.area.input(to_textarea(k));
                app.push_modal(Modal::Editor(e));
                Vec::new()
            }
        },
    }
}

fn to_textarea(k: Key) -> ratatui_textarea::Input {
    use ratatui_textarea::{Input, Key as TK};
    let (key, ctrl, alt) = match k {
        Key::Char(c) => (TK::Char(c), false, false),
        Key::Ctrl(c) => (TK::Char(c), true, false),
        Key::Alt(c) => (TK::Char(c), false, true),
        Key::Enter => (TK::Enter, false, false),
        Key::Esc => (TK::Esc, false, false),
        Key::Tab | Key::BackTab => (TK::Tab, false, false),
        Key::Up => (TK::Up, false, false),
        Key::Down => (TK::Down, false, false),
        Key::Left => (TK::Left, false, false),
        Key::Right => (TK::Right, false, false),
        Key::PageUp => (TK::PageUp, false, false),
        Key::PageDown => (TK::PageDown, false, false),
        Key::Home => (TK::Home, false, false),
        Key::End => (TK::End, false, false),
        Key::Backspace => (TK::Backspace, false, false),
        Key::Delete => (TK::Delete, false, false),
    };
    Input {
        key,
        ctrl,
        alt,
        shift: false,
    }
}

pub(super) fn submit(app: &mut App, mut form: Form) -> Vec<Effect> {
    // A date after today is asked about once: Enter again saves it.
    if !form.future_ok
        && let Some(at) = form.future_date()
    {
        form.future_ok = true;
        form.focus = at;
        form.error = Some((Some(at), app.t("ui.form.future_date")));
        app.push_modal(Modal::Form(form));
        return Vec::new();
    }
    let d = app.open.as_ref().map(|l| &l.dossier);
    let builtin = crate::domain::calendar::HolidayCalendar::shared();
    let nowhere = crate::service::fact::Standing::default();
    let env = Env {
        today: app.today,
        calendar: app.open.as_ref().map_or(builtin, |l| &l.calendar),
        standing: app.open.as_ref().map_or(&nowhere, |l| &l.standing),
    };
    match form.submit(d, &env) {
        Err(invalid) => {
            let at = form.field_of(&invalid);
            if let Some(i) = at {
                form.focus = i;
            }
            // A value the form asked for is named as the form shows it (职工方立场), not by
            // its role in the record (`value`, 取值).
            let message = match at.map(|i| &form.fields[i]) {
                Some(f) if invalid.field == "value" && f.id == "value" => {
                    invalid.message_naming(app.lang, &app.t(f.label))
                }
                _ => invalid.message(app.lang),
            };
            form.error = Some((at, message));
            app.push_modal(Modal::Form(form));
            Vec::new()
        }
        Ok(Outcome::Created(d)) => vec![Effect::Create(d)],
        Ok(Outcome::Identity {
            name,
            code,
            person,
            role,
        }) => vec![Effect::SetIdentity {
            name,
            code,
            person,
            role,
        }],
        Ok(Outcome::Remote { id, name, url }) => {
            super::exchange::submit_remote(app, form, id, name, url)
        }
        Ok(Outcome::Bundle { id, file }) => vec![Effect::WriteBundle {
            id,
            file: file.into(),
        }],
        Ok(Outcome::Import { file }) => vec![Effect::ImportBundle(file.into())],
        Ok(Outcome::Costing {
            fact,
            preview,
            file,
        }) => super::costing_form::submitted(app, fact, *preview, file),
        Ok(Outcome::DraftImport { id, file, both }) => {
            app.saves_pending += 1;
            app.draft.clause = 0;
            vec![Effect::ImportDraft {
                id,
                file: file.into(),
                both,
            }]
        }
        Ok(Outcome::Fact { fact, preview }) => {
            let opened_round = form.kind == FormKind::OpenRound;
            let new_issue =
                (form.kind == FormKind::NewIssue).then(|| form.value("issue").trim().to_string());
            let effects = save(app, *fact, *preview);
            if opened_round && !effects.is_empty() {
                app.screen = Screen::Table;
                app.pane = 0;
                app.table.issue = 0;
            }
            // The cursor follows the issue just added, so the next `e` is about it.
            if let (Some(key), false) = (new_issue, effects.is_empty())
                && let Some(i) = app
                    .shown_round()
                    .and_then(|r| r.issues.iter().position(|i| i.key == key))
            {
                app.table.issue = i;
            }
            effects
        }
    }
}

pub(super) fn confirmed(app: &mut App, pending: Pending) -> Vec<Effect> {
    if app.open.is_none() {
        return Vec::new();
    }
    let fact = match pending {
        // They left: on which day is asked (the vacancy's 15 days count from it).
        Pending::RemoveRepresentative {
            side,
            name,
            mistake: false,
        } => {
            open_form(app, FormKind::RepresentativeLeft { side, name });
            return Vec::new();
        }
        Pending::RemoveRepresentative {
            side,
            name,
            mistake: true,
        } => Fact::RemoveRepresentative {
            side,
            name,
            date: app.today,
            mistake: true,
        },
        Pending::Withdraw(issue) => Fact::Withdraw { issue },
        Pending::RemoveIssue(issue) => Fact::RemoveIssue { issue },
        Pending::DeleteClause(i) => {
            app.draft.clause = i.saturating_sub(1);
            return draft_op(app, DraftOp::Delete { number: i + 1 });
        }
        Pending::DiscardEdit => {
            // The editor the question sat on goes too.
            if matches!(app.modal(), Some(Modal::Editor(_))) {
                app.modals.pop();
            }
            return Vec::new();
        }
        Pending::FromTemplate => return from_template(app),
        Pending::Export { id, kinds } => return vec![Effect::Export { id, kinds }],
    };
    record_fact(app, fact)
}

pub(super) fn ask(app: &mut App, key: &str, args: &[(&str, &str)], pending: Pending) {
    let message = trf(app.lang, key, args);
    app.push_modal(Modal::Confirm(Confirm { message, pending }));
}

pub(super) fn open_form(app: &mut App, kind: FormKind) {
    open_form_with(app, kind, &[]);
}

/// Opens a form of `kind` with some fields already filled (`(field id, value)`).
pub(super) fn open_form_with(app: &mut App, kind: FormKind, values: &[(&str, &str)]) {
    let issue = app.selected_issue().map(str::to_string);
    let d = app.open.as_ref().map(|l| &l.dossier);
    let mut form = Form::open(kind, d, app.today, issue.as_deref());
    form.localize(app.lang);
    for (id, value) in values {
        form.set(id, value);
    }
    app.push_modal(Modal::Form(form));
}

/// A clause's text as the user edits it: paragraphs as lines, items with their （一） numbers —
/// the contract engine's own rendering, so what is edited is what `edit_clause` parses back.
pub fn clause_body(clause: &Clause) -> String {
    crate::contract::render::clause_body(clause)
}

/// An editor on `text`. The text is sanitised first: the textarea draws its lines as they are.
pub fn new_editor(target: EditTarget, text: &str) -> Box<Editor> {
    let text = crate::text::sanitize_text(text);
    let mut area = TextArea::new(text.lines().map(str::to_string).collect());
    area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    Box::new(Editor {
        target,
        area,
        original: text.clone(),
    })
}

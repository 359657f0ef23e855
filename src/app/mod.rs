//! The application state, independent of any terminal: what screen is shown, what is selected,
//! what is being typed, and what the dossier says. `update(&mut App, Action) -> Vec<Effect>` is
//! the only way it changes.
//!
//! This module must not draw, read the clock, touch files or git, or block: slow work (saving,
//! history, diffs, listing) is asked for as an [`Effect`] and its result comes back as an
//! [`Event`] inside an [`Action`]. A fact is checked through the service layer's pure
//! `Fact::apply` before it leaves (forms, confirmations), so nothing invalid ever becomes an
//! `Effect::Record`; the worker records it through the same service call the CLI makes.

pub mod form;
pub mod keymap;

pub use crate::service::DraftOp;
pub use crate::service::view;

use crate::contract::{Clause, Contract};
use crate::domain::procedure::Step;
use crate::domain::{PrepTask, Side, WageFactor};
use crate::i18n::{Lang, tr, trf};
use crate::service::fact::Env;
use crate::service::{Fact, NewDossier};
use chrono::NaiveDate;
use form::{Form, FormKind, Outcome};
use keymap::{Command, Key, Scope};
use ratatui_textarea::TextArea;
use view::{DiffView, Loaded, Summary, Version};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Dossier,
    Table,
    Draft,
    Diff,
}

impl Screen {
    pub fn scope(self) -> Scope {
        match self {
            Screen::Home => Scope::Home,
            Screen::Dossier => Scope::Dossier,
            Screen::Table => Scope::Table,
            Screen::Draft => Scope::Draft,
            Screen::Diff => Scope::Diff,
        }
    }

    /// How many panes `Tab` cycles through.
    fn panes(self) -> usize {
        match self {
            Screen::Home => 1,
            _ => 2,
        }
    }
}

/// What the in-place editor is editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    Clause(usize),
    Insert { after: usize },
}

/// Work the app asks the runtime to do; results come back as [`Event`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    ListDossiers,
    OpenDossier(String),
    Create(Box<NewDossier>),
    /// Record a fact on the open dossier (one commit).
    Record {
        id: String,
        fact: Box<Fact>,
    },
    EditDraft {
        id: String,
        op: DraftOp,
    },
    /// Create the draft from the kind's template filled with the agreed terms (replacing any
    /// draft: the user was asked first).
    DraftFromTemplate {
        id: String,
    },
    LoadHistory(String),
    ComputeDiff {
        id: String,
        old: String,
        new: String,
    },
    /// Suspend the screen and edit `text` in `$EDITOR`.
    ExternalEdit {
        target: EditTarget,
        text: String,
    },
    Quit,
}

/// Results of effects, reported by the worker or the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Listed(Vec<Summary>),
    Opened(Box<Loaded>),
    /// A save (or a draft edit) was committed; `loaded` is the dossier as now stored.
    Saved {
        loaded: Box<Loaded>,
        message: String,
    },
    Created {
        id: String,
    },
    History(Vec<Version>),
    Diff(Box<DiffView>),
    /// Something failed; the message is already in the user's language.
    Failed(String),
    /// `$EDITOR` returned (None: cancelled or unchanged).
    Edited {
        target: EditTarget,
        text: Option<String>,
    },
}

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Key(Key),
    Command(Command),
    Paste(String),
    /// Mouse wheel: negative up, positive down.
    Scroll(i32),
    /// A click landed on row `index` of pane `pane` of the current screen.
    Select {
        pane: usize,
        index: usize,
    },
    Worker(Event),
}

/// A question asked before something destructive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    RemoveRepresentative { side: Side, name: String },
    Withdraw(String),
    CloseRound,
    DeleteClause(usize),
    FromTemplate,
    DiscardEdit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub message: String,
    pub pending: Pending,
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
}

/// A one-line message under the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub error: bool,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct HomeState {
    pub rows: Vec<Summary>,
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub loaded: bool,
}

impl HomeState {
    /// Rows matching the filter (enterprise, id or kind contain it, case-insensitively).
    pub fn visible(&self) -> Vec<&Summary> {
        let f = self.filter.trim().to_lowercase();
        self.rows
            .iter()
            .filter(|r| {
                f.is_empty()
                    || r.enterprise.to_lowercase().contains(&f)
                    || r.id.to_lowercase().contains(&f)
                    || r.kind.key().contains(&f)
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct DossierState {
    pub step: usize,
    pub item: usize,
}

#[derive(Debug, Clone, Default)]
pub struct TableState {
    pub issue: usize,
}

#[derive(Debug, Clone, Default)]
pub struct DraftState {
    /// Selected clause, 0-based in reading order.
    pub clause: usize,
}

#[derive(Debug, Clone, Default)]
pub struct DiffState {
    pub versions: Vec<Version>,
    pub version: usize,
    pub base: Option<usize>,
    pub target: Option<usize>,
    pub view: Option<DiffView>,
    pub clause: usize,
    pub side_by_side: bool,
    pub loading: bool,
}

/// The whole state of the UI.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    pub screen: Screen,
    pub pane: usize,
    pub modal: Option<Modal>,
    pub home: HomeState,
    pub open: Option<Loaded>,
    pub dossier: DossierState,
    pub table: TableState,
    pub draft: DraftState,
    pub diff: DiffState,
    pub flash: Option<Flash>,
    /// The editor hidden behind a "discard changes?" question.
    pub editor_backup: Option<Box<Editor>>,
    /// Effects sent to the worker whose results have not come back.
    pub busy: usize,
    /// Saves and draft edits of the open dossier not yet answered. While any is outstanding,
    /// a `Saved` reload reflects only the earlier ones and would overwrite the optimistic state
    /// of the later ones, so it is adopted only when this reaches 0.
    pub saves_pending: usize,
    pub quit: bool,
}

/// The entries of the Preparation checklist, in order: the GR 33 tasks, then the WM 8 factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrepEntry {
    Task(PrepTask),
    Factor(WageFactor),
}

pub fn prep_entries() -> Vec<PrepEntry> {
    PrepTask::ALL
        .into_iter()
        .map(PrepEntry::Task)
        .chain(WageFactor::ALL.into_iter().map(PrepEntry::Factor))
        .collect()
}

impl App {
    pub fn new(lang: Lang, today: NaiveDate) -> Self {
        App {
            lang,
            today,
            screen: Screen::Home,
            pane: 0,
            modal: None,
            home: HomeState::default(),
            open: None,
            dossier: DossierState::default(),
            table: TableState::default(),
            draft: DraftState::default(),
            diff: DiffState::default(),
            flash: None,
            editor_backup: None,
            busy: 0,
            saves_pending: 0,
            quit: false,
        }
    }

    /// The effects to run at start.
    pub fn start(&mut self) -> Vec<Effect> {
        self.busy += 1;
        vec![Effect::ListDossiers]
    }

    pub fn scope(&self) -> Scope {
        self.screen.scope()
    }

    fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }

    fn flash(&mut self, error: bool, text: String) {
        self.flash = Some(Flash { error, text });
    }

    pub fn selected_step(&self) -> Step {
        Step::ALL
            .get(self.dossier.step)
            .copied()
            .unwrap_or(Step::Representatives)
    }

    /// The round shown at the table: the open one, else the last.
    pub fn shown_round(&self) -> Option<&crate::domain::Round> {
        self.open.as_ref().and_then(|l| l.dossier.rounds.last())
    }

    pub fn selected_issue(&self) -> Option<&str> {
        self.shown_round()
            .and_then(|r| r.issues.get(self.table.issue))
            .map(|i| i.key.as_str())
    }

    /// Number of clauses in the draft.
    pub fn clause_count(&self) -> usize {
        self.open
            .as_ref()
            .and_then(|l| l.contract.as_ref())
            .map_or(0, Contract::clause_count)
    }

    pub fn selected_clause(&self) -> Option<&Clause> {
        self.open
            .as_ref()
            .and_then(|l| l.contract.as_ref())
            .and_then(|c| c.clauses().nth(self.draft.clause))
            .map(|(_, _, cl)| cl)
    }

    /// Entries of the right pane of the Dossier screen that can be selected.
    pub fn step_items(&self) -> usize {
        let Some(l) = &self.open else { return 0 };
        match self.selected_step() {
            Step::Representatives => l.dossier.representatives.len(),
            Step::Preparation => prep_entries().len(),
            _ => 0,
        }
    }

    fn list_len(&self) -> usize {
        match (self.screen, self.pane) {
            (Screen::Home, _) => self.home.visible().len(),
            (Screen::Dossier, 0) => Step::ALL.len(),
            (Screen::Dossier, _) => self.step_items(),
            (Screen::Table, _) => self.shown_round().map_or(0, |r| r.issues.len()),
            (Screen::Draft, _) => self.clause_count(),
            (Screen::Diff, 0) => self.diff.versions.len(),
            (Screen::Diff, _) => self.diff.view.as_ref().map_or(0, |v| v.clauses.len()),
        }
    }

    fn cursor_mut(&mut self) -> &mut usize {
        match (self.screen, self.pane) {
            (Screen::Home, _) => &mut self.home.selected,
            (Screen::Dossier, 0) => &mut self.dossier.step,
            (Screen::Dossier, _) => &mut self.dossier.item,
            (Screen::Table, _) => &mut self.table.issue,
            (Screen::Draft, _) => &mut self.draft.clause,
            (Screen::Diff, 0) => &mut self.diff.version,
            (Screen::Diff, _) => &mut self.diff.clause,
        }
    }

    fn move_cursor(&mut self, delta: isize) {
        let len = self.list_len();
        let before = (self.screen, self.pane);
        let cur = self.cursor_mut();
        *cur = if len == 0 {
            0
        } else {
            cur.saturating_add_signed(delta).min(len - 1)
        };
        if before == (Screen::Dossier, 0) {
            self.dossier.item = 0;
        }
    }
}

/// Applies one action; returns the slow work it needs.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => on_key(app, key),
        Action::Command(c) => command(app, c),
        Action::Paste(text) => {
            paste(app, &text);
            Vec::new()
        }
        Action::Scroll(n) => {
            if app.modal.is_none() {
                app.move_cursor(n as isize);
            }
            Vec::new()
        }
        Action::Select { pane, index } => {
            if app.modal.is_none() && pane < app.screen.panes() {
                app.pane = pane;
                let len = app.list_len();
                if index < len {
                    *app.cursor_mut() = index;
                    if (app.screen, pane) == (Screen::Dossier, 0) {
                        app.dossier.item = 0;
                    }
                }
            }
            Vec::new()
        }
        Action::Worker(event) => on_event(app, event),
    }
}

fn paste(app: &mut App, text: &str) {
    match &mut app.modal {
        Some(Modal::Form(f)) => {
            if let Some(field) = f.fields.get_mut(f.focus) {
                field.paste(text);
            }
        }
        Some(Modal::Editor(e)) => {
            e.area.insert_str(crate::text::sanitize_text(text));
        }
        _ if app.home.filtering => {
            app.home.filter.push_str(&crate::text::sanitize_line(text));
        }
        _ => {}
    }
}

fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    // A control character typed or injected as a key never becomes text.
    if let Key::Char(c) = key
        && (crate::text::is_forbidden(c) || c.is_control())
    {
        return Vec::new();
    }
    if app.modal.is_some() {
        return modal_key(app, key);
    }
    if app.screen == Screen::Home && app.home.filtering {
        match key {
            Key::Enter => app.home.filtering = false,
            Key::Esc => {
                app.home.filtering = false;
                app.home.filter.clear();
            }
            Key::Backspace => {
                app.home.filter.pop();
            }
            Key::Char(c) => app.home.filter.push(c),
            Key::Up | Key::Down => {
                app.move_cursor(if key == Key::Up { -1 } else { 1 });
                return Vec::new();
            }
            _ => {}
        }
        app.home.selected = 0;
        return Vec::new();
    }
    match keymap::lookup(app.scope(), key) {
        Some(c) => command(app, c),
        None => Vec::new(),
    }
}

fn modal_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(modal) = app.modal.take() else {
        return Vec::new();
    };
    match modal {
        Modal::Help => Vec::new(),
        Modal::Confirm(c) => match key {
            Key::Char('y' | 'Y') | Key::Enter => confirmed(app, c.pending),
            Key::Char('n' | 'N' | 'q') | Key::Esc => {
                if c.pending == Pending::DiscardEdit {
                    app.modal = app.editor_backup.take().map(Modal::Editor);
                }
                Vec::new()
            }
            _ => {
                app.modal = Some(Modal::Confirm(c));
                Vec::new()
            }
        },
        Modal::Form(mut f) => match key {
            Key::Esc => Vec::new(),
            Key::Enter => submit(app, f),
            Key::Tab | Key::Down => {
                f.focus = (f.focus + 1) % f.fields.len().max(1);
                app.modal = Some(Modal::Form(f));
                Vec::new()
            }
            Key::BackTab | Key::Up => {
                let n = f.fields.len().max(1);
                f.focus = (f.focus + n - 1) % n;
                app.modal = Some(Modal::Form(f));
                Vec::new()
            }
            k => {
                if let Some(field) = f.fields.get_mut(f.focus) {
                    field.input(k);
                }
                app.modal = Some(Modal::Form(f));
                Vec::new()
            }
        },
        Modal::Editor(mut e) => match key {
            Key::Ctrl('s') => finish_edit(app, e.target, &e.text()),
            Key::Esc => {
                if e.text() == e.original {
                    Vec::new()
                } else {
                    let message = app.t("ui.confirm.discard");
                    app.modal = Some(Modal::Confirm(Confirm {
                        message,
                        pending: Pending::DiscardEdit,
                    }));
                    // Keep the editor to come back to if the user says no.
                    app.editor_backup = Some(e);
                    Vec::new()
                }
            }
            k => {
                e.area.input(to_textarea(k));
                app.modal = Some(Modal::Editor(e));
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

fn submit(app: &mut App, mut form: Form) -> Vec<Effect> {
    let d = app.open.as_ref().map(|l| &l.dossier);
    let builtin = crate::domain::calendar::HolidayCalendar::shared();
    let env = Env {
        today: app.today,
        calendar: app.open.as_ref().map_or(builtin, |l| &l.calendar),
    };
    match form.submit(d, &env) {
        Err(invalid) => {
            let at = form.field_of(&invalid);
            if let Some(i) = at {
                form.focus = i;
            }
            form.error = Some((at, invalid.message(app.lang)));
            app.modal = Some(Modal::Form(form));
            Vec::new()
        }
        Ok(Outcome::Created(d)) => {
            app.busy += 1;
            vec![Effect::Create(d)]
        }
        Ok(Outcome::Fact { fact, preview }) => {
            let opened_round = form.kind == FormKind::OpenRound;
            let effects = save(app, *fact, *preview);
            if opened_round && !effects.is_empty() {
                app.screen = Screen::Table;
                app.pane = 0;
                app.table.issue = 0;
            }
            effects
        }
    }
}

/// Shows the fact's record at once and asks the worker to commit the fact.
fn save(app: &mut App, fact: Fact, preview: crate::domain::Dossier) -> Vec<Effect> {
    let Some(l) = app.open.as_mut() else {
        return Vec::new();
    };
    if l.read_only {
        let m = app.t("ui.flash.read_only");
        app.flash(true, m);
        return Vec::new();
    }
    l.dossier = preview;
    let id = l.dossier.id.clone();
    app.busy += 1;
    app.saves_pending += 1;
    app.flash = None;
    vec![Effect::Record {
        id,
        fact: Box::new(fact),
    }]
}

/// Checks `fact` against the open dossier (as the worker will) and saves it, or says why not.
fn record_fact(app: &mut App, fact: Fact) -> Vec<Effect> {
    let Some(l) = app.open.as_ref() else {
        return Vec::new();
    };
    let env = Env {
        today: app.today,
        calendar: &l.calendar,
    };
    match fact.apply(&l.dossier, &env) {
        Ok(change) => save(app, fact, change.dossier),
        Err(invalid) => {
            let m = invalid.message(app.lang);
            app.flash(true, m);
            Vec::new()
        }
    }
}

fn draft_op(app: &mut App, op: DraftOp) -> Vec<Effect> {
    let Some(l) = app.open.as_ref() else {
        return Vec::new();
    };
    if l.read_only || l.dossier.is_sealed() {
        let m = app.t(if l.read_only {
            "ui.flash.read_only"
        } else {
            "ui.flash.sealed"
        });
        app.flash(true, m);
        return Vec::new();
    }
    let id = l.dossier.id.clone();
    app.busy += 1;
    app.saves_pending += 1;
    vec![Effect::EditDraft { id, op }]
}

fn from_template(app: &mut App) -> Vec<Effect> {
    let Some(l) = app.open.as_ref() else {
        return Vec::new();
    };
    if l.read_only || l.dossier.is_sealed() {
        let m = app.t(if l.read_only {
            "ui.flash.read_only"
        } else {
            "ui.flash.sealed"
        });
        app.flash(true, m);
        return Vec::new();
    }
    let id = l.dossier.id.clone();
    app.busy += 1;
    app.saves_pending += 1;
    app.draft.clause = 0;
    vec![Effect::DraftFromTemplate { id }]
}

fn finish_edit(app: &mut App, target: EditTarget, text: &str) -> Vec<Effect> {
    let text = crate::text::sanitize_text(text).trim().to_string();
    if text.is_empty() {
        let m = app.t("ui.flash.empty_clause");
        app.flash(true, m);
        return Vec::new();
    }
    let op = match target {
        EditTarget::Clause(i) => DraftOp::Edit {
            number: i + 1,
            text,
        },
        EditTarget::Insert { after } => {
            app.draft.clause = after;
            DraftOp::Insert { after, text }
        }
    };
    draft_op(app, op)
}

fn confirmed(app: &mut App, pending: Pending) -> Vec<Effect> {
    if app.open.is_none() {
        return Vec::new();
    }
    let fact = match pending {
        Pending::RemoveRepresentative { side, name } => Fact::RemoveRepresentative {
            side,
            name,
            date: app.today,
        },
        Pending::Withdraw(issue) => Fact::Withdraw { issue },
        Pending::CloseRound => Fact::CloseRound {
            suspend_until: None,
            next_place: None,
            next_content: None,
            minutes_signed: true,
        },
        Pending::DeleteClause(i) => {
            app.draft.clause = i.saturating_sub(1);
            return draft_op(app, DraftOp::Delete { number: i + 1 });
        }
        Pending::DiscardEdit => {
            app.editor_backup = None;
            return Vec::new();
        }
        Pending::FromTemplate => return from_template(app),
    };
    record_fact(app, fact)
}

fn ask(app: &mut App, key: &str, args: &[(&str, &str)], pending: Pending) {
    let message = trf(app.lang, key, args);
    app.modal = Some(Modal::Confirm(Confirm { message, pending }));
}

fn open_form(app: &mut App, kind: FormKind) {
    let issue = app.selected_issue().map(str::to_string);
    let d = app.open.as_ref().map(|l| &l.dossier);
    app.modal = Some(Modal::Form(Form::open(
        kind,
        d,
        app.today,
        issue.as_deref(),
    )));
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

fn command(app: &mut App, c: Command) -> Vec<Effect> {
    app.flash = None;
    match c {
        Command::Quit => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Command::Back => back(app),
        Command::Help => {
            app.modal = Some(Modal::Help);
            Vec::new()
        }
        Command::Up => {
            app.move_cursor(-1);
            Vec::new()
        }
        Command::Down => {
            app.move_cursor(1);
            Vec::new()
        }
        Command::PageUp => {
            app.move_cursor(-10);
            Vec::new()
        }
        Command::PageDown => {
            app.move_cursor(10);
            Vec::new()
        }
        Command::Top => {
            app.move_cursor(isize::MIN / 2);
            Vec::new()
        }
        Command::Bottom => {
            app.move_cursor(isize::MAX / 2);
            Vec::new()
        }
        Command::NextPane => {
            app.pane = (app.pane + 1) % app.screen.panes();
            Vec::new()
        }
        Command::PrevPane => {
            let n = app.screen.panes();
            app.pane = (app.pane + n - 1) % n;
            Vec::new()
        }
        Command::Filter => {
            app.home.filtering = true;
            Vec::new()
        }
        Command::NewDossier => {
            open_form(app, FormKind::NewDossier);
            Vec::new()
        }
        Command::Refresh => {
            app.busy += 1;
            vec![Effect::ListDossiers]
        }
        Command::Open => open(app),
        Command::GoTable | Command::GoDraft | Command::GoDiff => go(app, c),
        _ if app.open.is_none() => Vec::new(),
        _ => match app.screen {
            Screen::Dossier => dossier_command(app, c),
            Screen::Table => table_command(app, c),
            Screen::Draft => draft_command(app, c),
            Screen::Diff => diff_command(app, c),
            Screen::Home => Vec::new(),
        },
    }
}

fn back(app: &mut App) -> Vec<Effect> {
    app.pane = 0;
    match app.screen {
        Screen::Home => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Screen::Dossier => {
            app.screen = Screen::Home;
            app.busy += 1;
            vec![Effect::ListDossiers]
        }
        Screen::Table | Screen::Draft | Screen::Diff => {
            app.screen = Screen::Dossier;
            Vec::new()
        }
    }
}

fn open(app: &mut App) -> Vec<Effect> {
    match app.screen {
        Screen::Home => {
            let id = app
                .home
                .visible()
                .get(app.home.selected)
                .map(|s| s.id.clone());
            match id {
                Some(id) => {
                    app.busy += 1;
                    vec![Effect::OpenDossier(id)]
                }
                None => Vec::new(),
            }
        }
        Screen::Dossier if app.pane == 0 => match app.selected_step() {
            Step::Rounds => go(app, Command::GoTable),
            Step::Draft => go(app, Command::GoDraft),
            _ => {
                app.pane = 1;
                Vec::new()
            }
        },
        Screen::Dossier => dossier_command(app, Command::Record),
        _ => Vec::new(),
    }
}

fn go(app: &mut App, c: Command) -> Vec<Effect> {
    let Some(id) = app.open.as_ref().map(|l| l.dossier.id.clone()) else {
        return Vec::new();
    };
    app.pane = 0;
    match c {
        Command::GoTable => {
            app.screen = Screen::Table;
            app.table.issue = 0;
            Vec::new()
        }
        Command::GoDraft => {
            app.screen = Screen::Draft;
            Vec::new()
        }
        _ => {
            app.screen = Screen::Diff;
            app.diff = DiffState {
                side_by_side: app.diff.side_by_side,
                loading: true,
                ..DiffState::default()
            };
            app.busy += 1;
            vec![Effect::LoadHistory(id)]
        }
    }
}

fn dossier_command(app: &mut App, c: Command) -> Vec<Effect> {
    let step = app.selected_step();
    if (c, step, app.pane) == (Command::Record, Step::Representatives, 1)
        && let Some(r) = app
            .open
            .as_ref()
            .and_then(|l| l.dossier.representatives.get(app.dossier.item))
    {
        app.modal = Some(Modal::Form(Form::edit_representative(r, app.today)));
        return Vec::new();
    }
    let kind = match (c, step) {
        (Command::Add | Command::Record, Step::Representatives) => Some(FormKind::Representative),
        (Command::RecordMore, Step::Representatives) => Some(FormKind::Recorder),
        (Command::Instructor, Step::Representatives) => Some(FormKind::Instructor),
        (Command::Opinion, Step::PreReview) => Some(FormKind::Opinion),
        (Command::Add | Command::Record, Step::Offer) => Some(FormKind::Offer),
        (Command::RecordMore, Step::Offer) => Some(FormKind::Reply),
        (Command::Add, Step::Preparation) => Some(FormKind::Agenda),
        (Command::Record | Command::RecordMore, Step::Preparation) => Some(FormKind::Preparation),
        (Command::Add | Command::Record, Step::Rounds) => {
            if app
                .open
                .as_ref()
                .and_then(|l| l.dossier.current_round())
                .is_some()
            {
                return go(app, Command::GoTable);
            }
            Some(FormKind::OpenRound)
        }
        (Command::Add | Command::Record, Step::Draft | Step::Term) => Some(FormKind::Terms),
        (Command::RecordMore, Step::Draft) => Some(FormKind::DraftSigned),
        (Command::Add | Command::Record, Step::PreReview) => Some(FormKind::PreReview),
        (Command::Add | Command::Record, Step::Congress) => Some(FormKind::Congress),
        (Command::Add | Command::Record, Step::Signing) => Some(FormKind::Signing),
        (Command::Add | Command::Record, Step::Filing) => Some(FormKind::Filing),
        (Command::Add | Command::Record, Step::Effect) => Some(FormKind::Review),
        (Command::RecordMore, Step::Effect) => Some(FormKind::Publication),
        (Command::Remove, Step::Representatives) => {
            let rep = app
                .open
                .as_ref()
                .and_then(|l| l.dossier.representatives.get(app.dossier.item))
                .map(|r| (r.side, r.name.clone()));
            if let Some((side, name)) = rep.filter(|_| app.pane == 1) {
                let shown = name.clone();
                ask(
                    app,
                    "ui.confirm.remove_representative",
                    &[("name", &shown)],
                    Pending::RemoveRepresentative { side, name },
                );
            }
            return Vec::new();
        }
        (Command::Toggle, Step::Preparation) if app.pane == 1 => {
            return toggle_prep(app);
        }
        _ => None,
    };
    if let Some(kind) = kind {
        open_form(app, kind);
    }
    Vec::new()
}

fn toggle_prep(app: &mut App) -> Vec<Effect> {
    let Some(d) = app.open.as_ref().map(|l| &l.dossier) else {
        return Vec::new();
    };
    let Some(entry) = prep_entries().get(app.dossier.item).copied() else {
        return Vec::new();
    };
    let (done, tasks, wage_data) = match entry {
        PrepEntry::Task(t) => (
            d.preparation.tasks.contains_key(&t),
            vec![t.key().to_string()],
            Vec::new(),
        ),
        PrepEntry::Factor(f) => (
            d.preparation.wage_data.contains_key(&f),
            Vec::new(),
            vec![f.key().to_string()],
        ),
    };
    if done {
        // The record keeps the date a task was done; undoing it is not a fact to record.
        let m = app.t("ui.flash.already_done");
        app.flash(false, m);
        return Vec::new();
    }
    let fact = Fact::Preparation {
        tasks,
        wage_data,
        data_provided: None,
        agenda: Vec::new(),
        date: app.today,
    };
    record_fact(app, fact)
}

fn table_command(app: &mut App, c: Command) -> Vec<Effect> {
    let has_open = app
        .open
        .as_ref()
        .and_then(|l| l.dossier.current_round())
        .is_some();
    let needs_open = matches!(
        c,
        Command::PositionWorkers
            | Command::PositionEmployer
            | Command::Agree
            | Command::Withdraw
            | Command::NewIssue
            | Command::CloseRound
            | Command::SuspendRound
            | Command::Notes
    );
    if needs_open && !has_open {
        let m = app.t("ui.flash.no_open_round");
        app.flash(true, m);
        return Vec::new();
    }
    let issue = app.selected_issue().map(str::to_string);
    match c {
        Command::PositionWorkers => open_form(app, FormKind::Position(Side::Workers)),
        Command::PositionEmployer => open_form(app, FormKind::Position(Side::Employer)),
        Command::Agree => open_form(app, FormKind::Agree),
        Command::NewIssue => open_form(app, FormKind::NewIssue),
        Command::Notes => open_form(app, FormKind::Notes),
        Command::SuspendRound => open_form(app, FormKind::Suspend),
        Command::OpenRound => open_form(app, FormKind::OpenRound),
        Command::Withdraw => {
            if let Some(issue) = issue {
                ask(
                    app,
                    "ui.confirm.withdraw",
                    &[("issue", &issue)],
                    Pending::Withdraw(issue.clone()),
                );
            }
        }
        Command::CloseRound => {
            let n = app.shown_round().map_or(0, |r| r.number).to_string();
            ask(
                app,
                "ui.confirm.close_round",
                &[("n", &n)],
                Pending::CloseRound,
            );
        }
        _ => {}
    }
    Vec::new()
}

fn draft_command(app: &mut App, c: Command) -> Vec<Effect> {
    let n = app.clause_count();
    let i = app.draft.clause;
    let edits = matches!(
        c,
        Command::EditClause
            | Command::ExternalEdit
            | Command::InsertClause
            | Command::DeleteClause
            | Command::MoveUp
            | Command::MoveDown
            | Command::FromTemplate
    );
    // Say so before any typing: a sealed or locked draft cannot change.
    if edits
        && let Some(l) = app.open.as_ref()
        && (l.read_only || l.dossier.is_sealed())
    {
        let m = app.t(if l.read_only {
            "ui.flash.read_only"
        } else {
            "ui.flash.sealed"
        });
        app.flash(true, m);
        return Vec::new();
    }
    match c {
        Command::EditClause => {
            if let Some(text) = app.selected_clause().map(clause_body) {
                app.modal = Some(Modal::Editor(new_editor(EditTarget::Clause(i), &text)));
            }
            Vec::new()
        }
        Command::ExternalEdit => {
            let text = app.selected_clause().map(clause_body);
            match text {
                Some(text) => vec![Effect::ExternalEdit {
                    target: EditTarget::Clause(i),
                    text,
                }],
                None => Vec::new(),
            }
        }
        // Without a parsed draft there is nothing to insert into: the worker would have to
        // invent an empty contract, and the saved result would not parse back.
        Command::InsertClause if app.open.as_ref().is_none_or(|l| l.contract.is_none()) => {
            let m = app.t("ui.flash.no_draft");
            app.flash(true, m);
            Vec::new()
        }
        Command::InsertClause => {
            let after = if n == 0 { 0 } else { i + 1 };
            app.modal = Some(Modal::Editor(new_editor(EditTarget::Insert { after }, "")));
            Vec::new()
        }
        Command::FromTemplate if n > 0 => {
            ask(app, "ui.confirm.from_template", &[], Pending::FromTemplate);
            Vec::new()
        }
        Command::FromTemplate => from_template(app),
        Command::DeleteClause if n > 0 => {
            let label = clause_label(i + 1);
            ask(
                app,
                "ui.confirm.delete_clause",
                &[("clause", &label)],
                Pending::DeleteClause(i),
            );
            Vec::new()
        }
        Command::MoveUp if i > 0 && n > 0 => {
            app.draft.clause = i - 1;
            draft_op(
                app,
                DraftOp::Move {
                    number: i + 1,
                    after: i - 1,
                },
            )
        }
        Command::MoveDown if i + 1 < n => {
            app.draft.clause = i + 1;
            draft_op(
                app,
                DraftOp::Move {
                    number: i + 1,
                    after: i + 2,
                },
            )
        }
        _ => Vec::new(),
    }
}

/// `第五条` for 5.
pub fn clause_label(number: usize) -> String {
    crate::contract::render::clause_label(number)
}

fn diff_command(app: &mut App, c: Command) -> Vec<Effect> {
    match c {
        Command::SideBySide => {
            app.diff.side_by_side = !app.diff.side_by_side;
            Vec::new()
        }
        Command::SetBase if app.pane == 0 => {
            app.diff.base = Some(app.diff.version);
            compute_diff(app)
        }
        Command::SetTarget if app.pane == 0 => {
            app.diff.target = Some(app.diff.version);
            compute_diff(app)
        }
        Command::SetTarget => {
            app.pane = 0;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn compute_diff(app: &mut App) -> Vec<Effect> {
    let (Some(b), Some(t)) = (app.diff.base, app.diff.target) else {
        return Vec::new();
    };
    let (Some(old), Some(new)) = (app.diff.versions.get(b), app.diff.versions.get(t)) else {
        return Vec::new();
    };
    let Some(id) = app.open.as_ref().map(|l| l.dossier.id.clone()) else {
        return Vec::new();
    };
    let effect = Effect::ComputeDiff {
        id,
        old: old.rev.clone(),
        new: new.rev.clone(),
    };
    app.diff.loading = true;
    app.diff.clause = 0;
    app.busy += 1;
    vec![effect]
}

fn on_event(app: &mut App, event: Event) -> Vec<Effect> {
    app.busy = app.busy.saturating_sub(1);
    match event {
        Event::Listed(rows) => {
            app.home.rows = rows;
            app.home.loaded = true;
            app.home.selected = app
                .home
                .selected
                .min(app.home.visible().len().saturating_sub(1));
            Vec::new()
        }
        Event::Opened(loaded) => {
            let current = loaded.analysis.current();
            app.dossier = DossierState {
                step: current
                    .and_then(|s| Step::ALL.iter().position(|x| *x == s))
                    .unwrap_or(0),
                item: 0,
            };
            app.table = TableState::default();
            app.draft = DraftState::default();
            if loaded.read_only {
                app.flash(true, tr(app.lang, "ui.flash.read_only"));
            }
            // A fresh load is the truth; earlier saves' answers no longer hold anything back.
            app.saves_pending = 0;
            app.open = Some(*loaded);
            app.screen = Screen::Dossier;
            app.pane = 0;
            Vec::new()
        }
        Event::Saved { loaded, message } => {
            let same = app
                .open
                .as_ref()
                .is_some_and(|l| l.dossier.id == loaded.dossier.id);
            if same {
                app.saves_pending = app.saves_pending.saturating_sub(1);
                // Later saves are still queued: the shown state is ahead of this reload.
                if app.saves_pending == 0 {
                    app.open = Some(*loaded);
                }
                app.draft.clause = app.draft.clause.min(app.clause_count().saturating_sub(1));
                let text = trf(app.lang, "ui.flash.saved", &[("what", &message)]);
                app.flash(false, crate::text::sanitize_line(&text));
            }
            Vec::new()
        }
        Event::Created { id } => {
            app.busy += 1;
            vec![Effect::OpenDossier(id)]
        }
        Event::History(versions) => {
            app.diff.versions = versions;
            app.diff.loading = false;
            if let Some((b, t)) = crate::service::versions::default_pair(&app.diff.versions) {
                app.diff.base = Some(b);
                app.diff.target = Some(t);
                return compute_diff(app);
            }
            Vec::new()
        }
        Event::Diff(view) => {
            app.diff.view = Some(*view);
            app.diff.loading = false;
            app.diff.clause = 0;
            Vec::new()
        }
        Event::Failed(message) => {
            app.diff.loading = false;
            app.flash(true, crate::text::sanitize_line(&message));
            // What is shown may be ahead of what is stored: reload the truth. The reload is
            // queued behind any outstanding saves, and its `Opened` resets the save count (the
            // failed save's answer will not come).
            match app.open.as_ref().map(|l| l.dossier.id.clone()) {
                Some(id) if app.screen != Screen::Home => {
                    app.busy += 1;
                    vec![Effect::OpenDossier(id)]
                }
                _ => {
                    app.saves_pending = 0;
                    Vec::new()
                }
            }
        }
        Event::Edited { target, text } => match text {
            Some(t) => finish_edit(app, target, &t),
            None => Vec::new(),
        },
    }
}

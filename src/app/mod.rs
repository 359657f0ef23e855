//! The application state, independent of any terminal: what screen is shown, what is selected,
//! what is being typed, and what the dossier says. `update(&mut App, Action) -> Vec<Effect>` is
//! the only way it changes.
//!
//! This module must not draw, read the clock, touch files or git, or block: slow work (saving,
//! history, diffs, listing) is asked for as an [`Effect`] and its result comes back as an
//! [`Event`] inside an [`Action`]. A fact is checked through the service layer's pure
//! `Fact::apply` before it leaves (forms, confirmations), so nothing invalid ever becomes an
//! `Effect::Record`; the worker records it through the same service call the CLI makes.

mod archive;
mod costing_form;
mod diff;
mod dossier;
mod draft;
mod events;
mod exchange;
mod export;
pub mod form;
mod inbox;
pub mod keymap;
mod modal;
pub(crate) mod requests;
pub(crate) mod steps;
mod table;

pub use crate::service::DraftOp;
pub use crate::service::view;

pub use archive::{
    ArchiveState, ArchiveTab, DueState, SearchState, StatsState, group_key as archive_group_key,
};
pub use dossier::{PrepEntry, prep_entries};
pub use draft::{clause_label, clause_opinions};
pub use inbox::{InboxFilter, InboxList};
pub use modal::{Confirm, Editor, Modal, Notice, Pending, clause_body, new_editor};
pub use requests::{Request, RequestId, Requests, dispatch};

use crate::contract::{Clause, Contract};
use crate::domain::Identity;
use crate::domain::procedure::Step;
use crate::i18n::{Lang, tr};
use crate::service::against::Against;
use crate::service::archive::AgreementHit;
use crate::service::coverage::{Coverage, GroupBy};
use crate::service::fact::Env;
use crate::service::inbox::InboxRow;
use crate::service::tui_archive::{DueItem, Search};
use crate::service::{Fact, NewDossier};
use chrono::NaiveDate;
use form::FormKind;
use keymap::{Command, Key, Scope};
use std::path::PathBuf;
use view::{DiffView, Loaded, Summary, Version};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    /// The dossiers received from other unions for pre-review.
    Inbox,
    Dossier,
    Table,
    Draft,
    Diff,
    /// The archive of agreements: search, the due digest, coverage.
    Archive,
}

impl Screen {
    pub(crate) fn scope(self) -> Scope {
        match self {
            Screen::Home => Scope::Home,
            Screen::Inbox => Scope::Inbox,
            Screen::Dossier => Scope::Dossier,
            Screen::Table => Scope::Table,
            Screen::Draft => Scope::Draft,
            Screen::Diff => Scope::Diff,
            Screen::Archive => Scope::ArchiveSearch,
        }
    }

    /// How many panes `Tab` cycles through.
    fn panes(self) -> usize {
        match self {
            Screen::Home | Screen::Inbox | Screen::Archive => 1,
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
    /// The dossiers received from other unions (`Service::inbox`).
    ListInbox,
    /// The workspace's union, as set.
    LoadIdentity,
    /// Set the workspace's union (checked by the form first, as the service will).
    SetIdentity {
        name: String,
        code: String,
        person: String,
        role: String,
    },
    OpenDossier(String),
    Create(Box<NewDossier>),
    /// Record a fact on the open dossier (one commit).
    Record {
        id: String,
        fact: Box<Fact>,
    },
    /// Record the costing figures typed (if any) and the wage distribution read from
    /// `distribution` (a CSV file), the file read first: a bad file records nothing.
    RecordCosting {
        id: String,
        fact: Option<Box<Fact>>,
        distribution: PathBuf,
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
    /// Import the draft from a file (`draft --from`), replacing any draft (it stays in the
    /// history); `both`: tracked changes recorded as two versions (`--tracked both`).
    ImportDraft {
        id: String,
        file: PathBuf,
        both: bool,
    },
    LoadHistory(String),
    ComputeDiff {
        id: String,
        old: String,
        new: String,
    },
    /// The open dossier's draft against its template or its previous agreement (Diff).
    CompareAgainst {
        id: String,
        against: Against,
    },
    /// Send dossier `id` (a key) to its remote.
    Push(String),
    /// Receive dossier `id` from its remote and merge what the other side owns.
    Fetch(String),
    /// Add (or re-point) remote `name` of dossier `id`.
    AddRemote {
        id: String,
        name: String,
        url: String,
    },
    /// Write dossier `id` to the bundle file `file`.
    WriteBundle {
        id: String,
        file: PathBuf,
    },
    /// Take in the bundle file `file`.
    ImportBundle(PathBuf),
    /// Build the papers `kinds` of dossier `id` and say which facts they leave blank.
    PrepareExport {
        id: String,
        kinds: Vec<crate::documents::DocKind>,
    },
    /// Write the papers `kinds` of dossier `id` as DOCX and PDF to the default folder.
    Export {
        id: String,
        kinds: Vec<crate::documents::DocKind>,
    },
    /// Search the archive; only the newest search's answer is shown.
    ArchiveSearch(Search),
    /// The due digest (Home's count, the Archive's Due tab).
    LoadDue,
    /// The coverage figures, grouped.
    LoadCoverage(GroupBy),
    /// Open agreement `key` (`CODE/ID` when received) read-only, at clause `clause` (0-based)
    /// of its draft when given.
    ViewAgreement {
        key: String,
        clause: Option<usize>,
    },
    /// Open scan `n` (1-based) of agreement `key` with the system viewer.
    OpenAttachment {
        key: String,
        n: usize,
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
    Inbox(Vec<InboxRow>),
    /// The workspace's union (`None`: not set); `changed` when it was just set.
    Identity {
        identity: Option<Identity>,
        changed: bool,
    },
    Opened(Box<Loaded>),
    /// A save (or a draft edit) was committed; `loaded` is the dossier as now stored.
    /// `message` is the flash; `notes` what the user must read besides, one a line (an
    /// import's warnings), shown in a window until dismissed.
    Saved {
        loaded: Box<Loaded>,
        message: String,
        notes: Vec<String>,
    },
    Created {
        id: String,
    },
    History(Vec<Version>),
    Diff(Box<DiffView>),
    /// An exchange was done (sent, received, a remote added, a bundle written or taken in): what
    /// to say, in the user's language, and whether dossiers here changed (the screen showing
    /// them then reloads).
    Exchanged {
        message: String,
        changed: bool,
    },
    /// Something was done that changes nothing shown (a viewer started): said, no reload.
    Said(String),
    /// The papers of a step, built: their names and blanks (the question before writing them).
    ExportReady {
        id: String,
        papers: Vec<crate::service::export::Paper>,
    },
    /// Something failed; the message is already in the user's language.
    Failed(String),
    /// Something was refused and nothing shown changed (a comparison that cannot be made, a push
    /// with no remote): said, with no reload.
    Refused(String),
    /// `$EDITOR` returned (None: cancelled or unchanged).
    Edited {
        target: EditTarget,
        text: Option<String>,
    },
    /// The agreements the newest archive search found (at most the screen's limit), and how
    /// many matched in all.
    ArchiveHits(Vec<AgreementHit>, usize),
    /// The due digest, overdue first.
    Due(Vec<DueItem>),
    Coverage(Box<Coverage>),
    /// An agreement opened read-only from the archive, to be shown at `clause`.
    Viewed {
        loaded: Box<Loaded>,
        clause: Option<usize>,
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
    /// The worker's answer to request `id` (dropped when a newer request made it stale).
    Reply {
        id: RequestId,
        event: Event,
    },
    /// An event not answering a request (the runtime's `$EDITOR` hand-over, tests).
    Worker(Event),
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
    /// The shown view compares the draft with its template or previous agreement, not two
    /// versions (`base` and `target` stay, for when a version is picked again).
    pub against: Option<Against>,
    /// What the newest comparison asked for compares the draft with: the view's `against` once
    /// its answer comes (an older answer is dropped as stale, so the two always match).
    pub asked: Option<Against>,
}

/// The whole state of the UI.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    pub screen: Screen,
    pub pane: usize,
    /// Open modals, the top one last: it takes the keys.
    pub modals: Vec<Modal>,
    pub home: HomeState,
    pub inbox: InboxList,
    pub archive: ArchiveState,
    /// The workspace's union, once the worker has said (`identity_known`).
    pub identity: Option<Identity>,
    pub identity_known: bool,
    /// The screen the open dossier was opened from: Back returns there.
    pub opened_from: Screen,
    pub open: Option<Loaded>,
    pub dossier: DossierState,
    pub table: TableState,
    pub draft: DraftState,
    pub diff: DiffState,
    pub flash: Option<Flash>,
    /// Requests sent to the worker and not answered yet.
    pub requests: Requests,
    /// Saves and draft edits of the open dossier not yet answered. While any is outstanding,
    /// a `Saved` reload reflects only the earlier ones and would overwrite the optimistic state
    /// of the later ones, so it is adopted only when this reaches 0.
    pub saves_pending: usize,
    pub quit: bool,
}

impl App {
    pub fn new(lang: Lang, today: NaiveDate) -> Self {
        App {
            lang,
            today,
            screen: Screen::Home,
            pane: 0,
            modals: Vec::new(),
            home: HomeState::default(),
            inbox: InboxList::default(),
            archive: ArchiveState::default(),
            identity: None,
            identity_known: false,
            opened_from: Screen::Home,
            open: None,
            dossier: DossierState::default(),
            table: TableState::default(),
            draft: DraftState::default(),
            diff: DiffState::default(),
            flash: None,
            requests: Requests::default(),
            saves_pending: 0,
            quit: false,
        }
    }

    /// The effects to run at start.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![Effect::ListDossiers, Effect::LoadIdentity, Effect::LoadDue]
    }

    /// The modal taking the keys, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modals.last()
    }

    /// Opens `m` over whatever is shown (and over any open modal).
    pub fn push_modal(&mut self, m: Modal) {
        self.modals.push(m);
    }

    /// Requests in flight: while any, the status line says the app is working.
    pub fn busy(&self) -> usize {
        self.requests.in_flight()
    }

    pub(crate) fn scope(&self) -> Scope {
        match self.screen {
            Screen::Archive => self.archive.tab.scope(),
            s => s.scope(),
        }
    }

    fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }

    fn flash(&mut self, error: bool, text: String) {
        self.flash = Some(Flash { error, text });
    }

    /// The open dossier's key in the workspace (`CODE/ID` when received from another union), as
    /// the worker's services name it.
    pub(crate) fn open_key(&self) -> Option<String> {
        let l = self.open.as_ref()?;
        Some(match &l.standing.received_from {
            Some(code) => format!("{code}/{}", l.dossier.id),
            None => l.dossier.id.clone(),
        })
    }

    /// The union the open dossier was received from, when it is not this workspace's own.
    pub(crate) fn received_from(&self) -> Option<&str> {
        self.open
            .as_ref()
            .and_then(|l| l.standing.received_from.as_deref())
    }

    /// On a dossier received from another union only the pre-review is recorded: says so and
    /// gives true when the open dossier is such a one.
    pub(crate) fn refuse_received(&mut self) -> bool {
        let Some(union) = self.received_from().map(str::to_string) else {
            return false;
        };
        let m = crate::i18n::trf(
            self.lang,
            "ui.flash.received_prereview_only",
            &[("union", &union)],
        );
        self.flash(true, m);
        true
    }

    pub(crate) fn selected_step(&self) -> Step {
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
    pub(crate) fn clause_count(&self) -> usize {
        self.open
            .as_ref()
            .and_then(|l| l.contract.as_ref())
            .map_or(0, Contract::clause_count)
    }

    pub(crate) fn selected_clause(&self) -> Option<&Clause> {
        self.open
            .as_ref()
            .and_then(|l| l.contract.as_ref())
            .and_then(|c| c.clauses().nth(self.draft.clause))
            .map(|(_, _, cl)| cl)
    }

    /// Entries of the right pane of the Dossier screen that can be selected.
    pub(crate) fn step_items(&self) -> usize {
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
            (Screen::Inbox, _) => self.inbox.visible().len(),
            (Screen::Dossier, 0) => Step::ALL.len(),
            (Screen::Dossier, _) => self.step_items(),
            (Screen::Table, _) => self.shown_round().map_or(0, |r| r.issues.len()),
            (Screen::Draft, _) => self.clause_count(),
            (Screen::Diff, 0) => self.diff.versions.len(),
            (Screen::Diff, _) => self.diff.view.as_ref().map_or(0, |v| v.clauses.len()),
            (Screen::Archive, _) => archive::list_len(self),
        }
    }

    fn cursor_mut(&mut self) -> &mut usize {
        match (self.screen, self.pane) {
            (Screen::Home, _) => &mut self.home.selected,
            (Screen::Inbox, _) => &mut self.inbox.selected,
            (Screen::Dossier, 0) => &mut self.dossier.step,
            (Screen::Dossier, _) => &mut self.dossier.item,
            (Screen::Table, _) => &mut self.table.issue,
            (Screen::Draft, _) => &mut self.draft.clause,
            (Screen::Diff, 0) => &mut self.diff.version,
            (Screen::Diff, _) => &mut self.diff.clause,
            (Screen::Archive, _) => archive::cursor_mut(self),
        }
    }

    fn move_cursor(&mut self, delta: isize) {
        let len = self.list_len();
        let before = (self.screen, self.pane);
        let hit = self.archive.search.selected;
        let cur = self.cursor_mut();
        *cur = if len == 0 {
            0
        } else {
            cur.saturating_add_signed(delta).min(len - 1)
        };
        if before == (Screen::Dossier, 0) {
            self.dossier.item = 0;
        }
        // Another agreement: its first matching clause.
        if self.archive.search.selected != hit {
            self.archive.search.clause = 0;
        }
    }
}

/// Applies one action; returns the slow work it needs.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => on_key(app, key),
        Action::Command(c) => command(app, c),
        Action::Paste(text) => paste(app, &text),
        Action::Scroll(n) => {
            match app.modals.last_mut() {
                None => app.move_cursor(n as isize),
                Some(Modal::Notice(notice)) => notice.scroll(n as isize),
                Some(_) => {}
            }
            Vec::new()
        }
        Action::Select { pane, index } => {
            if app.modals.is_empty() && pane < app.screen.panes() {
                app.pane = pane;
                let len = app.list_len();
                if index < len {
                    let hit = app.archive.search.selected;
                    *app.cursor_mut() = index;
                    if (app.screen, pane) == (Screen::Dossier, 0) {
                        app.dossier.item = 0;
                    }
                    if app.archive.search.selected != hit {
                        app.archive.search.clause = 0;
                    }
                }
            }
            Vec::new()
        }
        Action::Reply { id, event } => requests::reply(app, id, event),
        Action::Worker(event) => events::on_event(app, event),
    }
}

fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    if app.modals.is_empty() && app.screen == Screen::Archive && app.archive.typing() {
        return archive::paste(app, text);
    }
    match app.modals.last_mut() {
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
    Vec::new()
}

fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    // A control character typed or injected as a key never becomes text.
    if let Key::Char(c) = key
        && (crate::text::is_forbidden(c) || c.is_control())
    {
        return Vec::new();
    }
    if !app.modals.is_empty() {
        return modal::modal_key(app, key);
    }
    if app.screen == Screen::Archive
        && app.archive.typing()
        && let Some(effects) = archive::typed(app, key)
    {
        return effects;
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

/// Shows the fact's record at once and asks the worker to commit the fact.
pub fn save(app: &mut App, fact: Fact, preview: crate::domain::Dossier) -> Vec<Effect> {
    save_with(app, preview, |id| Effect::Record {
        id,
        fact: Box::new(fact),
    })
}

/// Shows `preview` at once and sends the worker the request `effect` makes for the open
/// dossier's key — unless it is open read-only, which is said instead.
pub(crate) fn save_with(
    app: &mut App,
    preview: crate::domain::Dossier,
    effect: impl FnOnce(String) -> Effect,
) -> Vec<Effect> {
    let Some(id) = app.open_key() else {
        return Vec::new();
    };
    let Some(l) = app.open.as_mut() else {
        return Vec::new();
    };
    if l.read_only {
        let m = app.t("ui.flash.read_only");
        app.flash(true, m);
        return Vec::new();
    }
    l.dossier = preview;
    app.saves_pending += 1;
    app.flash = None;
    vec![effect(id)]
}

/// Checks `fact` against the open dossier (as the worker will) and saves it, or says why not.
pub(crate) fn record_fact(app: &mut App, fact: Fact) -> Vec<Effect> {
    let Some(l) = app.open.as_ref() else {
        return Vec::new();
    };
    let env = Env {
        today: app.today,
        calendar: &l.calendar,
        standing: &l.standing,
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

fn command(app: &mut App, c: Command) -> Vec<Effect> {
    app.flash = None;
    match c {
        c if app.screen == Screen::Archive && archive::owns(c) => archive::archive_command(app, c),
        Command::Archive => archive::go_archive(app),
        Command::Quit => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Command::Back => back(app),
        Command::Help => {
            app.push_modal(Modal::Help);
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
            modal::open_form(app, FormKind::NewDossier);
            Vec::new()
        }
        Command::Refresh if app.screen == Screen::Inbox => vec![Effect::ListInbox],
        Command::Refresh => home_listing(),
        Command::Inbox => inbox::go_inbox(app),
        Command::Union => {
            let form = form::Form::union(app.identity.as_ref(), app.today);
            app.push_modal(Modal::Form(form));
            Vec::new()
        }
        Command::Sort => {
            app.inbox.next_sort();
            Vec::new()
        }
        Command::FilterState => {
            app.inbox.next_filter();
            Vec::new()
        }
        Command::Open => open(app),
        Command::Push
        | Command::Fetch
        | Command::AddRemote
        | Command::WriteBundle
        | Command::ImportBundle => exchange::exchange_command(app, c),
        Command::Export => export::export_command(app),
        Command::GoTable | Command::GoDraft | Command::GoDiff => go(app, c),
        _ if app.open.is_none() => Vec::new(),
        _ => match app.screen {
            Screen::Dossier => dossier::dossier_command(app, c),
            Screen::Table => table::table_command(app, c),
            Screen::Draft => draft::draft_command(app, c),
            Screen::Diff => diff::diff_command(app, c),
            Screen::Home | Screen::Inbox | Screen::Archive => Vec::new(),
        },
    }
}

/// What Home shows, listed afresh: the dossiers and the due digest's count.
pub(crate) fn home_listing() -> Vec<Effect> {
    vec![Effect::ListDossiers, Effect::LoadDue]
}

fn back(app: &mut App) -> Vec<Effect> {
    app.pane = 0;
    // The Archive's query line lets go of the typing first.
    if app.screen == Screen::Archive && archive::stop_typing(app) {
        return Vec::new();
    }
    match app.screen {
        Screen::Home => {
            app.quit = true;
            vec![Effect::Quit]
        }
        // Leaving a dossier lists again what it was opened from (and lets go of its lock).
        Screen::Dossier if app.opened_from == Screen::Inbox => {
            app.screen = Screen::Inbox;
            vec![Effect::ListInbox]
        }
        Screen::Dossier if app.opened_from == Screen::Archive => {
            app.screen = Screen::Archive;
            archive::load(app)
        }
        Screen::Dossier | Screen::Inbox | Screen::Archive => {
            app.screen = Screen::Home;
            home_listing()
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
                    app.opened_from = Screen::Home;
                    vec![Effect::OpenDossier(id)]
                }
                None => Vec::new(),
            }
        }
        Screen::Inbox => inbox::open_selected(app),
        // Enter on a step: what its descriptor says (the table, the draft), else its record.
        Screen::Dossier if app.pane == 0 => {
            if steps::spec(app.selected_step())
                .does(Command::Open)
                .is_some()
            {
                dossier::dossier_command(app, Command::Open)
            } else {
                app.pane = 1;
                Vec::new()
            }
        }
        Screen::Dossier => dossier::dossier_command(app, Command::Record),
        _ => Vec::new(),
    }
}

pub(crate) fn go(app: &mut App, c: Command) -> Vec<Effect> {
    let Some(id) = app.open_key() else {
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
            vec![Effect::LoadHistory(id)]
        }
    }
}

//! The Archive screen's state and commands, for the union that keeps the agreements: three tabs
//! — a search typed into a query line (each change asks the worker for a search; only the
//! newest answer is shown, see `requests`), narrowed by status and kind chips; the due digest
//! (also counted on Home); the coverage figures against the plan, grouped in turn by region,
//! industry and year.
//!
//! Pure: searches, the digest and the figures come in as [`Event`](super::Event)s; Enter asks
//! for the agreement read-only at the selected clause, or for the due row's dossier.

use super::keymap::{Command, Key, Scope};
use super::{App, Effect, Screen};
use crate::domain::ContractKind;
use crate::service::archive::AgreementHit;
use crate::service::coverage::{Coverage, Figure, GroupBy};
use crate::service::tui_archive::{DueItem, STATUSES, Search};

/// The Archive's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArchiveTab {
    #[default]
    Search,
    Due,
    Stats,
}

impl ArchiveTab {
    pub const ALL: [ArchiveTab; 3] = [ArchiveTab::Search, ArchiveTab::Due, ArchiveTab::Stats];

    pub fn key(self) -> &'static str {
        match self {
            ArchiveTab::Search => "search",
            ArchiveTab::Due => "due",
            ArchiveTab::Stats => "stats",
        }
    }

    pub(crate) fn scope(self) -> Scope {
        match self {
            ArchiveTab::Search => Scope::ArchiveSearch,
            ArchiveTab::Due => Scope::ArchiveDue,
            ArchiveTab::Stats => Scope::ArchiveStats,
        }
    }

    fn index(self) -> usize {
        match self {
            ArchiveTab::Search => 0,
            ArchiveTab::Due => 1,
            ArchiveTab::Stats => 2,
        }
    }

    fn nth(i: usize) -> ArchiveTab {
        Self::ALL[i % Self::ALL.len()]
    }
}

/// The search tab.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The phrase typed.
    pub query: String,
    /// The query line takes the typing: letters are text, not commands.
    pub typing: bool,
    /// The status chip: one of the service's statuses, `None` for all.
    pub status: Option<&'static str>,
    /// The kind chip: a contract kind's key, `None` for all.
    pub kind: Option<&'static str>,
    pub hits: Vec<AgreementHit>,
    /// How many agreements matched in all: more than `hits` when the list was capped.
    pub matched: usize,
    pub selected: usize,
    /// The selected matching clause of the selected agreement.
    pub clause: usize,
    /// The phrase the shown hits answer: what is marked in them (the query line may be ahead).
    pub shown: String,
    /// What the newest search asked for.
    pub asked: Search,
    /// A search is on its way.
    pub searching: bool,
    pub loaded: bool,
}

impl SearchState {
    pub fn selected_hit(&self) -> Option<&AgreementHit> {
        self.hits.get(self.selected)
    }

    /// The search the query line and the chips make.
    fn search(&self) -> Search {
        Search {
            text: self.query.trim().to_string(),
            status: self.status.map(str::to_string),
            kind: self.kind.map(str::to_string),
        }
    }
}

/// The due digest: Home counts it, the Due tab lists it.
#[derive(Debug, Clone, Default)]
pub struct DueState {
    pub rows: Vec<DueItem>,
    pub selected: usize,
    pub loaded: bool,
}

impl DueState {
    pub fn overdue(&self) -> usize {
        self.rows.iter().filter(|r| r.deadline.overdue).count()
    }
}

/// The coverage tab.
#[derive(Debug, Clone)]
pub struct StatsState {
    pub coverage: Option<Coverage>,
    pub by: GroupBy,
    /// The selected figure, counted across the groups.
    pub selected: usize,
    /// Who falls short of the selected figure is listed under it.
    pub short: bool,
    pub loading: bool,
}

impl Default for StatsState {
    fn default() -> Self {
        StatsState {
            coverage: None,
            by: GroupBy::All,
            selected: 0,
            short: false,
            loading: false,
        }
    }
}

impl StatsState {
    /// Every figure in order, with the index of its group.
    pub fn figures(&self) -> Vec<(usize, &Figure)> {
        self.coverage
            .iter()
            .flat_map(|c| c.groups.iter().enumerate())
            .flat_map(|(g, group)| group.figures.iter().map(move |f| (g, f)))
            .collect()
    }
}

/// The key of a grouping (`ui.archive.by.*`).
pub fn group_key(by: GroupBy) -> &'static str {
    match by {
        GroupBy::All => "all",
        GroupBy::Region => "region",
        GroupBy::Industry => "industry",
        GroupBy::Year => "year",
    }
}

fn next_group(by: GroupBy) -> GroupBy {
    match by {
        GroupBy::All => GroupBy::Region,
        GroupBy::Region => GroupBy::Industry,
        GroupBy::Industry => GroupBy::Year,
        GroupBy::Year => GroupBy::All,
    }
}

/// `current` followed by the next of `all` (after the last: none, then the first).
fn next_chip(current: Option<&'static str>, all: &[&'static str]) -> Option<&'static str> {
    match current.and_then(|c| all.iter().position(|x| *x == c)) {
        None => all.first().copied(),
        Some(i) => all.get(i + 1).copied(),
    }
}

/// Everything the Archive screen shows.
#[derive(Debug, Clone, Default)]
pub struct ArchiveState {
    pub tab: ArchiveTab,
    pub search: SearchState,
    pub due: DueState,
    pub stats: StatsState,
}

impl ArchiveState {
    /// The query line takes the typing.
    pub fn typing(&self) -> bool {
        self.tab == ArchiveTab::Search && self.search.typing
    }
}

/// Asks for the search the query line and chips make now.
fn search(app: &mut App) -> Vec<Effect> {
    let s = app.archive.search.search();
    app.archive.search.asked = s.clone();
    app.archive.search.searching = true;
    vec![Effect::ArchiveSearch(s)]
}

/// What the tab shows, asked for afresh.
pub(super) fn load(app: &mut App) -> Vec<Effect> {
    match app.archive.tab {
        ArchiveTab::Search => search(app),
        ArchiveTab::Due => vec![Effect::LoadDue],
        ArchiveTab::Stats => {
            app.archive.stats.loading = true;
            vec![Effect::LoadCoverage(app.archive.stats.by)]
        }
    }
}

fn show_tab(app: &mut App, tab: ArchiveTab) -> Vec<Effect> {
    app.archive.tab = tab;
    if tab == ArchiveTab::Search {
        app.archive.search.typing = true;
    }
    load(app)
}

/// Home's `A`: the archive, on the tab last shown (the search takes the typing).
pub(super) fn go_archive(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Archive;
    app.pane = 0;
    let tab = app.archive.tab;
    show_tab(app, tab)
}

/// A key while the query line takes the typing: a letter or Backspace changes the query and
/// asks for a search; any other key is left to the keymap (`None`).
pub(super) fn typed(app: &mut App, key: Key) -> Option<Vec<Effect>> {
    let q = &mut app.archive.search.query;
    match key {
        Key::Char(c) => q.push(c),
        Key::Backspace => {
            q.pop()?;
        }
        _ => return None,
    }
    Some(search(app))
}

/// Pasted text goes into the query line (one line, sanitised).
pub(super) fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    let text = crate::text::sanitize_line(text);
    if text.is_empty() {
        return Vec::new();
    }
    app.archive.search.query.push_str(&text);
    search(app)
}

/// The commands the Archive screen answers itself.
pub(super) fn owns(c: Command) -> bool {
    matches!(
        c,
        Command::NextTab
            | Command::PrevTab
            | Command::ShowSearch
            | Command::ShowDue
            | Command::ShowStats
            | Command::Filter
            | Command::ClearQuery
            | Command::CycleStatus
            | Command::CycleKind
            | Command::PrevClause
            | Command::NextClause
            | Command::ToggleShort
            | Command::GroupBy
            | Command::Refresh
            | Command::Open
            | Command::OpenAttachment
    )
}

pub(super) fn archive_command(app: &mut App, c: Command) -> Vec<Effect> {
    let s = &mut app.archive.search;
    match c {
        Command::NextTab => show_tab(app, ArchiveTab::nth(app.archive.tab.index() + 1)),
        Command::PrevTab => show_tab(app, ArchiveTab::nth(app.archive.tab.index() + 2)),
        Command::ShowSearch => show_tab(app, ArchiveTab::Search),
        Command::ShowDue => show_tab(app, ArchiveTab::Due),
        Command::ShowStats => show_tab(app, ArchiveTab::Stats),
        Command::Filter => {
            s.typing = true;
            Vec::new()
        }
        Command::ClearQuery if s.query.is_empty() => Vec::new(),
        Command::ClearQuery => {
            s.query.clear();
            search(app)
        }
        Command::CycleStatus => {
            s.status = next_chip(s.status, &STATUSES);
            search(app)
        }
        Command::CycleKind => {
            let kinds = ContractKind::ALL.map(ContractKind::key);
            s.kind = next_chip(s.kind, &kinds);
            search(app)
        }
        Command::PrevClause => {
            s.clause = s.clause.saturating_sub(1);
            Vec::new()
        }
        Command::NextClause => {
            let n = s.selected_hit().map_or(0, |h| h.clauses.len());
            s.clause = (s.clause + 1).min(n.saturating_sub(1));
            Vec::new()
        }
        Command::ToggleShort => {
            app.archive.stats.short = !app.archive.stats.short;
            Vec::new()
        }
        Command::GroupBy => {
            let st = &mut app.archive.stats;
            st.by = next_group(st.by);
            st.selected = 0;
            load(app)
        }
        Command::Refresh => load(app),
        Command::Open => open_selected(app),
        Command::OpenAttachment => match app.archive.search.selected_hit() {
            Some(h) if !h.row.attachments.is_empty() => vec![Effect::OpenAttachment {
                key: h.row.key.clone(),
                n: scan_to_open(&h.row.attachments),
            }],
            // Said, not silently ignored: the key did something, there was nothing to open.
            Some(_) => {
                let m = app.t("ui.flash.no_scan");
                app.flash(true, m);
                Vec::new()
            }
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Which scan `o` opens (1-based, as `xieshang attachments` lists them): the signed agreement's
/// when there is one — what a reader of the archive wants to see — else the first.
pub(crate) fn scan_to_open(kinds: &[String]) -> usize {
    kinds
        .iter()
        .position(|k| k == "signed")
        .map_or(1, |i| i + 1)
}

/// Esc: the query line lets go of the typing first; then the screen is left (`false`).
pub(super) fn stop_typing(app: &mut App) -> bool {
    if app.archive.typing() {
        app.archive.search.typing = false;
        true
    } else {
        false
    }
}

/// Enter: the selected agreement read-only at its selected matching clause (at the dossier
/// when the search had no phrase); on the Due tab, the row's dossier.
fn open_selected(app: &mut App) -> Vec<Effect> {
    let effect = match app.archive.tab {
        ArchiveTab::Search => {
            let s = &app.archive.search;
            s.selected_hit().map(|h| Effect::ViewAgreement {
                key: h.row.key.clone(),
                clause: h
                    .clauses
                    .get(s.clause)
                    .and_then(|c| usize::try_from(c.no).ok())
                    .and_then(|no| no.checked_sub(1)),
            })
        }
        ArchiveTab::Due => app
            .archive
            .due
            .rows
            .get(app.archive.due.selected)
            .map(|r| Effect::OpenDossier(r.key.clone())),
        ArchiveTab::Stats => None,
    };
    match effect {
        Some(e) => {
            app.opened_from = Screen::Archive;
            vec![e]
        }
        None => Vec::new(),
    }
}

/// The newest search's answer: shown, the selection kept on the same agreement when it is
/// still found (and on its clause when that is still there).
pub(super) fn adopt_hits(app: &mut App, hits: Vec<AgreementHit>, matched: usize) {
    let s = &mut app.archive.search;
    let key = s.selected_hit().map(|h| h.row.key.clone());
    let at = key.and_then(|k| hits.iter().position(|h| h.row.key == k));
    s.matched = matched.max(hits.len());
    s.hits = hits;
    s.shown = s.asked.text.clone();
    s.searching = false;
    s.loaded = true;
    if let Some(i) = at {
        s.selected = i;
        let n = s.hits.get(i).map_or(0, |h| h.clauses.len());
        s.clause = s.clause.min(n.saturating_sub(1));
    } else {
        s.selected = 0;
        s.clause = 0;
    }
}

pub(super) fn adopt_due(app: &mut App, rows: Vec<DueItem>) {
    let d = &mut app.archive.due;
    d.rows = rows;
    d.loaded = true;
    d.selected = d.selected.min(d.rows.len().saturating_sub(1));
}

pub(super) fn adopt_coverage(app: &mut App, c: Coverage) {
    let st = &mut app.archive.stats;
    st.coverage = Some(c);
    st.loading = false;
    let n = st.figures().len();
    st.selected = st.selected.min(n.saturating_sub(1));
}

/// A failed answer is not still loading (the flash says why the tab is empty).
pub(super) fn failed(app: &mut App) {
    app.archive.search.searching = false;
    app.archive.stats.loading = false;
    if app.screen == Screen::Archive && app.archive.tab == ArchiveTab::Due {
        app.archive.due.loaded = true;
    }
}

/// How many rows the tab's list has, for the cursor.
pub(super) fn list_len(app: &App) -> usize {
    match app.archive.tab {
        ArchiveTab::Search => app.archive.search.hits.len(),
        ArchiveTab::Due => app.archive.due.rows.len(),
        ArchiveTab::Stats => app.archive.stats.figures().len(),
    }
}

pub(super) fn cursor_mut(app: &mut App) -> &mut usize {
    match app.archive.tab {
        ArchiveTab::Search => &mut app.archive.search.selected,
        ArchiveTab::Due => &mut app.archive.due.selected,
        ArchiveTab::Stats => &mut app.archive.stats.selected,
    }
}

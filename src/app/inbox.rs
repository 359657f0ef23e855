//! The Inbox screen's state and commands: the dossiers received from the unions below, as the
//! service lists them, ordered by one of the service's sorts and narrowed to the undecided or the
//! decided ones; Enter opens one through the same path as Home.
//!
//! Pure: the rows come in through an [`Event`](super::Event); sorting is the service's own
//! [`sort`], so the CLI's `inbox --sort` and this screen order alike.

use super::{App, Effect, Screen};
use crate::service::inbox::{InboxRow, InboxSort, sort};

/// Which received dossiers the Inbox shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InboxFilter {
    #[default]
    All,
    /// No decision on the current submission (awaiting one, or not submitted yet).
    Pending,
    /// Passed, passed with changes or returned.
    Decided,
}

impl InboxFilter {
    /// The next filter `f` switches to.
    pub fn next(self) -> InboxFilter {
        match self {
            InboxFilter::All => InboxFilter::Pending,
            InboxFilter::Pending => InboxFilter::Decided,
            InboxFilter::Decided => InboxFilter::All,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            InboxFilter::All => "all",
            InboxFilter::Pending => "pending",
            InboxFilter::Decided => "decided",
        }
    }

    fn keeps(self, row: &InboxRow) -> bool {
        match self {
            InboxFilter::All => true,
            InboxFilter::Pending => !row.state.decided(),
            InboxFilter::Decided => row.state.decided(),
        }
    }
}

/// What the Inbox screen shows.
#[derive(Debug, Clone, Default)]
pub struct InboxList {
    /// Every received dossier, in `sort` order.
    pub rows: Vec<InboxRow>,
    pub selected: usize,
    pub sort: InboxSort,
    pub filter: InboxFilter,
    pub loaded: bool,
}

impl InboxList {
    /// The rows the filter keeps, in order.
    pub fn visible(&self) -> Vec<&InboxRow> {
        self.rows.iter().filter(|r| self.filter.keeps(r)).collect()
    }

    pub(super) fn selected_key(&self) -> Option<String> {
        self.visible().get(self.selected).map(|r| r.key.clone())
    }

    /// Keeps the selection on the dossier `key` when it is still shown, else on the nearest row.
    fn select(&mut self, key: Option<&str>) {
        let visible = self.visible();
        self.selected = key
            .and_then(|k| visible.iter().position(|r| r.key == k))
            .unwrap_or(self.selected)
            .min(visible.len().saturating_sub(1));
    }

    /// Takes a fresh listing, in the current order.
    pub(super) fn adopt(&mut self, mut rows: Vec<InboxRow>) {
        let key = self.selected_key();
        sort(&mut rows, self.sort);
        self.rows = rows;
        self.loaded = true;
        self.select(key.as_deref());
    }

    /// `s`: the next order; the selected dossier stays selected.
    pub(super) fn next_sort(&mut self) {
        let key = self.selected_key();
        self.sort = self.sort.next();
        sort(&mut self.rows, self.sort);
        self.select(key.as_deref());
    }

    /// `f`: the next filter; the selected dossier stays selected when it is still shown.
    pub(super) fn next_filter(&mut self) {
        let key = self.selected_key();
        self.filter = self.filter.next();
        self.select(key.as_deref());
    }
}

/// Home's `I`: the Inbox, listed afresh.
pub(super) fn go_inbox(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Inbox;
    app.pane = 0;
    vec![Effect::ListInbox]
}

/// Enter on a row: the dossier, opened by its `CODE/ID` key like any other.
pub(super) fn open_selected(app: &mut App) -> Vec<Effect> {
    match app.inbox.selected_key() {
        Some(key) => {
            app.opened_from = Screen::Inbox;
            vec![Effect::OpenDossier(key)]
        }
        None => Vec::new(),
    }
}

//! Keybindings as data: one table of (screen, key, command, help text key), used both to
//! dispatch a key press and to list the current screen's keys in the `?` overlay, so the help
//! can never disagree with what the keys do.
//!
//! Owns the terminal-independent [`Key`] and the [`Command`]s a key can trigger. It must not know
//! about crossterm (the UI translates its events into `Key`) nor do anything itself.

use crate::i18n::{Lang, tr};

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Alt(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Backspace,
    Delete,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    /// Every screen (unless a screen binds the same key).
    Global,
    Home,
    Inbox,
    Dossier,
    Table,
    Draft,
    Diff,
    /// The Archive screen's tabs: the search, the due digest, the coverage figures.
    ArchiveSearch,
    ArchiveDue,
    ArchiveStats,
}

/// What a bound key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    /// Open the selected agreement's scan with the system viewer (Archive).
    OpenAttachment,
    Filter,
    NewDossier,
    Refresh,
    /// Go to the reviewer's inbox (Home).
    Inbox,
    /// Set the workspace's union (Home).
    Union,
    /// Order the inbox by the next key (waiting, received, union, enterprise).
    Sort,
    /// Show the inbox's undecided, decided or all dossiers, in turn.
    FilterState,
    /// Add an entry to the selected step (a representative, an agenda item …).
    Add,
    /// Remove the selected entry (asks first).
    Remove,
    /// Record or change the selected step's main fact.
    Record,
    /// Record the step's secondary fact (the reply to a request, the recorder, the review …).
    RecordMore,
    /// Toggle the selected checklist entry.
    Toggle,
    /// Add an instructor (Representatives step).
    Instructor,
    /// Record a pre-review opinion on a clause (Pre-review step).
    Opinion,
    /// Correct a recorded fact of the selected step with a reason (Dossier).
    Correct,
    /// Record an amendment of the signed agreement (Dossier).
    Amend,
    /// The enterprise's details: union chair, legal representative, credit code (Dossier).
    Enterprise,
    GoTable,
    GoDraft,
    GoDiff,
    PositionWorkers,
    PositionEmployer,
    Agree,
    Withdraw,
    NewIssue,
    /// Rename the selected issue (its positions in every round go with it).
    RenameIssue,
    OpenRound,
    CloseRound,
    SuspendRound,
    Notes,
    EditClause,
    ExternalEdit,
    InsertClause,
    DeleteClause,
    MoveUp,
    MoveDown,
    /// Replace the draft with the kind's template, filled from the agreed terms.
    FromTemplate,
    /// Import the draft from a file (.docx, .doc, .wps, text): `draft --from`.
    ImportDraft,
    SetBase,
    SetTarget,
    SideBySide,
    /// Compare the draft with the template it came from (Diff).
    AgainstTemplate,
    /// Compare the draft with the enterprise's previous signed agreement (Diff).
    AgainstPrevious,
    /// Send the dossier (the open one, or the inbox's selected row) to its remote.
    Push,
    /// Receive from the dossier's remote and merge what the other side owns.
    Fetch,
    /// Export the papers of the selected step (DOCX and PDF), after listing their blanks.
    Export,
    /// Add a remote (name and address) to the open dossier.
    AddRemote,
    /// Write the open dossier to a bundle file.
    WriteBundle,
    /// Take in a bundle file.
    ImportBundle,
    /// Go to the archive of agreements (Home).
    Archive,
    /// The Archive's next or previous tab, or one by its number.
    NextTab,
    PrevTab,
    ShowSearch,
    ShowDue,
    ShowStats,
    /// Empty the search's query line.
    ClearQuery,
    /// Narrow the search to the next status (all, in effect, expiring, expired, not signed).
    CycleStatus,
    /// Narrow the search to the next contract kind.
    CycleKind,
    /// Select the previous or next matching clause of the selected agreement.
    PrevClause,
    NextClause,
    /// Show or hide who falls short of the selected coverage figure.
    ToggleShort,
    /// Group the coverage figures by the next grouping (all, region, industry, year).
    GroupBy,
}

/// One binding: in `scope`, `key` triggers `command`; `help` is the locale key of its description.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binding {
    pub scope: Scope,
    pub key: Key,
    pub label: &'static str,
    pub command: Command,
    pub help: &'static str,
}

const fn b(
    scope: Scope,
    key: Key,
    label: &'static str,
    command: Command,
    help: &'static str,
) -> Binding {
    Binding {
        scope,
        key,
        label,
        command,
        help,
    }
}

use Command as C;
use Key as K;
use Scope as S;

/// The table. Screen bindings come before global ones so a screen can take over a key.
pub(crate) const BINDINGS: &[Binding] = &[
    // Home
    b(S::Home, K::Char('/'), "/", C::Filter, "ui.help.filter"),
    b(
        S::Home,
        K::Char('n'),
        "n",
        C::NewDossier,
        "ui.help.new_dossier",
    ),
    b(S::Home, K::Char('r'), "r", C::Refresh, "ui.help.refresh"),
    b(S::Home, K::Enter, "Enter", C::Open, "ui.help.open_dossier"),
    b(S::Home, K::Char('I'), "I", C::Inbox, "ui.help.inbox"),
    b(S::Home, K::Char('U'), "U", C::Union, "ui.help.union"),
    b(
        S::Home,
        K::Char('B'),
        "B",
        C::ImportBundle,
        "ui.help.import_bundle",
    ),
    b(S::Home, K::Char('A'), "A", C::Archive, "ui.help.archive"),
    // Inbox
    b(S::Inbox, K::Enter, "Enter", C::Open, "ui.help.open_dossier"),
    b(S::Inbox, K::Char('s'), "s", C::Sort, "ui.help.sort"),
    b(
        S::Inbox,
        K::Char('f'),
        "f",
        C::FilterState,
        "ui.help.filter_state",
    ),
    b(S::Inbox, K::Char('r'), "r", C::Refresh, "ui.help.refresh"),
    b(S::Inbox, K::Char('P'), "P", C::Push, "ui.help.push_row"),
    b(S::Inbox, K::Char('F'), "F", C::Fetch, "ui.help.fetch_row"),
    b(
        S::Inbox,
        K::Char('B'),
        "B",
        C::ImportBundle,
        "ui.help.import_bundle",
    ),
    // Dossier
    b(S::Dossier, K::Enter, "Enter", C::Open, "ui.help.open_step"),
    b(S::Dossier, K::Char('a'), "a", C::Add, "ui.help.add"),
    b(S::Dossier, K::Char('x'), "x", C::Remove, "ui.help.remove"),
    b(S::Dossier, K::Char('e'), "e", C::Record, "ui.help.record"),
    b(
        S::Dossier,
        K::Char('E'),
        "E",
        C::RecordMore,
        "ui.help.record_more",
    ),
    b(
        S::Dossier,
        K::Char(' '),
        "Space",
        C::Toggle,
        "ui.help.toggle",
    ),
    b(
        S::Dossier,
        K::Char('t'),
        "t",
        C::GoTable,
        "ui.help.go_table",
    ),
    b(
        S::Dossier,
        K::Char('d'),
        "d",
        C::GoDraft,
        "ui.help.go_draft",
    ),
    b(S::Dossier, K::Char('v'), "v", C::GoDiff, "ui.help.go_diff"),
    b(
        S::Dossier,
        K::Char('i'),
        "i",
        C::Instructor,
        "ui.help.instructor",
    ),
    b(S::Dossier, K::Char('o'), "o", C::Opinion, "ui.help.opinion"),
    b(S::Dossier, K::Char('C'), "C", C::Correct, "ui.help.correct"),
    b(S::Dossier, K::Char('M'), "M", C::Amend, "ui.help.amend"),
    b(
        S::Dossier,
        K::Char('N'),
        "N",
        C::Enterprise,
        "ui.help.enterprise",
    ),
    b(S::Dossier, K::Char('P'), "P", C::Push, "ui.help.push"),
    b(S::Dossier, K::Char('p'), "p", C::Export, "ui.help.export"),
    b(S::Dossier, K::Char('F'), "F", C::Fetch, "ui.help.fetch"),
    b(
        S::Dossier,
        K::Char('R'),
        "R",
        C::AddRemote,
        "ui.help.add_remote",
    ),
    b(
        S::Dossier,
        K::Char('B'),
        "B",
        C::WriteBundle,
        "ui.help.write_bundle",
    ),
    // At the table
    b(
        S::Table,
        K::Char('w'),
        "w",
        C::PositionWorkers,
        "ui.help.position_workers",
    ),
    b(
        S::Table,
        K::Char('e'),
        "e",
        C::PositionEmployer,
        "ui.help.position_employer",
    ),
    b(S::Table, K::Char('a'), "a", C::Agree, "ui.help.agree"),
    b(S::Table, K::Char('x'), "x", C::Withdraw, "ui.help.withdraw"),
    b(
        S::Table,
        K::Char('i'),
        "i",
        C::NewIssue,
        "ui.help.new_issue",
    ),
    b(
        S::Table,
        K::Char('r'),
        "r",
        C::RenameIssue,
        "ui.help.rename_issue",
    ),
    b(
        S::Table,
        K::Char('o'),
        "o",
        C::OpenRound,
        "ui.help.open_round",
    ),
    b(
        S::Table,
        K::Char('c'),
        "c",
        C::CloseRound,
        "ui.help.close_round",
    ),
    b(
        S::Table,
        K::Char('s'),
        "s",
        C::SuspendRound,
        "ui.help.suspend_round",
    ),
    b(S::Table, K::Char('N'), "N", C::Notes, "ui.help.notes"),
    b(S::Table, K::Char('d'), "d", C::GoDraft, "ui.help.go_draft"),
    b(S::Table, K::Char('v'), "v", C::GoDiff, "ui.help.go_diff"),
    // Draft
    b(
        S::Draft,
        K::Enter,
        "Enter",
        C::EditClause,
        "ui.help.edit_clause",
    ),
    b(
        S::Draft,
        K::Char('e'),
        "e",
        C::EditClause,
        "ui.help.edit_clause",
    ),
    b(
        S::Draft,
        K::Char('E'),
        "E",
        C::ExternalEdit,
        "ui.help.external_edit",
    ),
    b(
        S::Draft,
        K::Char('i'),
        "i",
        C::InsertClause,
        "ui.help.insert_clause",
    ),
    b(
        S::Draft,
        K::Char('x'),
        "x",
        C::DeleteClause,
        "ui.help.delete_clause",
    ),
    b(S::Draft, K::Char('K'), "K", C::MoveUp, "ui.help.move_up"),
    b(
        S::Draft,
        K::Char('J'),
        "J",
        C::MoveDown,
        "ui.help.move_down",
    ),
    b(
        S::Draft,
        K::Char('t'),
        "t",
        C::FromTemplate,
        "ui.help.from_template",
    ),
    b(
        S::Draft,
        K::Char('I'),
        "I",
        C::ImportDraft,
        "word.help.import_draft",
    ),
    b(S::Draft, K::Char('v'), "v", C::GoDiff, "ui.help.go_diff"),
    b(
        S::Draft,
        K::Char('o'),
        "o",
        C::Opinion,
        "ui.help.opinion_clause",
    ),
    // Diff
    b(S::Diff, K::Char('b'), "b", C::SetBase, "ui.help.set_base"),
    b(
        S::Diff,
        K::Enter,
        "Enter",
        C::SetTarget,
        "ui.help.set_target",
    ),
    b(
        S::Diff,
        K::Char('s'),
        "s",
        C::SideBySide,
        "ui.help.side_by_side",
    ),
    b(
        S::Diff,
        K::Char('T'),
        "T",
        C::AgainstTemplate,
        "ui.help.against_template",
    ),
    b(
        S::Diff,
        K::Char('A'),
        "A",
        C::AgainstPrevious,
        "ui.help.against_previous",
    ),
    // Archive: the search (while the query line takes the typing, a letter is text and only
    // the keys below that are not letters act), the due digest, the coverage figures.
    b(
        S::ArchiveSearch,
        K::Enter,
        "Enter",
        C::Open,
        "ui.help.open_at_clause",
    ),
    b(
        S::ArchiveSearch,
        K::Char('/'),
        "/",
        C::Filter,
        "ui.help.type_query",
    ),
    b(
        S::ArchiveSearch,
        K::Ctrl('u'),
        "Ctrl-U",
        C::ClearQuery,
        "ui.help.clear_query",
    ),
    b(
        S::ArchiveSearch,
        K::Ctrl('s'),
        "Ctrl-S",
        C::CycleStatus,
        "ui.help.cycle_status",
    ),
    b(
        S::ArchiveSearch,
        K::Ctrl('t'),
        "Ctrl-T",
        C::CycleKind,
        "ui.help.cycle_kind",
    ),
    b(
        S::ArchiveSearch,
        K::Left,
        "←/→",
        C::PrevClause,
        "ui.help.pick_clause",
    ),
    b(S::ArchiveSearch, K::Right, "→", C::NextClause, ""),
    b(
        S::ArchiveSearch,
        K::Esc,
        "Esc",
        C::Back,
        "ui.help.archive_back",
    ),
    b(
        S::ArchiveSearch,
        K::Char('r'),
        "r",
        C::Refresh,
        "ui.help.refresh",
    ),
    b(
        S::ArchiveSearch,
        K::Char('o'),
        "o",
        C::OpenAttachment,
        "ui.help.open_attachment",
    ),
    b(
        S::ArchiveDue,
        K::Enter,
        "Enter",
        C::Open,
        "ui.help.open_dossier",
    ),
    b(
        S::ArchiveDue,
        K::Char('r'),
        "r",
        C::Refresh,
        "ui.help.refresh",
    ),
    b(
        S::ArchiveStats,
        K::Char('l'),
        "l",
        C::ToggleShort,
        "ui.help.toggle_short",
    ),
    b(S::ArchiveStats, K::Enter, "Enter", C::ToggleShort, ""),
    b(
        S::ArchiveStats,
        K::Char('b'),
        "b",
        C::GroupBy,
        "ui.help.group_by",
    ),
    b(
        S::ArchiveStats,
        K::Char('r'),
        "r",
        C::Refresh,
        "ui.help.refresh",
    ),
    b(
        S::ArchiveSearch,
        K::Tab,
        "Tab",
        C::NextTab,
        "ui.help.next_tab",
    ),
    b(
        S::ArchiveSearch,
        K::BackTab,
        "S-Tab",
        C::PrevTab,
        "ui.help.prev_tab",
    ),
    b(
        S::ArchiveSearch,
        K::Char('1'),
        "1",
        C::ShowSearch,
        "ui.help.show_search",
    ),
    b(
        S::ArchiveSearch,
        K::Char('2'),
        "2",
        C::ShowDue,
        "ui.help.show_due",
    ),
    b(
        S::ArchiveSearch,
        K::Char('3'),
        "3",
        C::ShowStats,
        "ui.help.show_stats",
    ),
    b(S::ArchiveDue, K::Tab, "Tab", C::NextTab, "ui.help.next_tab"),
    b(
        S::ArchiveDue,
        K::BackTab,
        "S-Tab",
        C::PrevTab,
        "ui.help.prev_tab",
    ),
    b(
        S::ArchiveDue,
        K::Char('1'),
        "1",
        C::ShowSearch,
        "ui.help.show_search",
    ),
    b(
        S::ArchiveDue,
        K::Char('2'),
        "2",
        C::ShowDue,
        "ui.help.show_due",
    ),
    b(
        S::ArchiveDue,
        K::Char('3'),
        "3",
        C::ShowStats,
        "ui.help.show_stats",
    ),
    b(
        S::ArchiveStats,
        K::Tab,
        "Tab",
        C::NextTab,
        "ui.help.next_tab",
    ),
    b(
        S::ArchiveStats,
        K::BackTab,
        "S-Tab",
        C::PrevTab,
        "ui.help.prev_tab",
    ),
    b(
        S::ArchiveStats,
        K::Char('1'),
        "1",
        C::ShowSearch,
        "ui.help.show_search",
    ),
    b(
        S::ArchiveStats,
        K::Char('2'),
        "2",
        C::ShowDue,
        "ui.help.show_due",
    ),
    b(
        S::ArchiveStats,
        K::Char('3'),
        "3",
        C::ShowStats,
        "ui.help.show_stats",
    ),
    // Everywhere
    b(S::Global, K::Char('?'), "?", C::Help, "ui.help.help"),
    b(S::Global, K::Char('q'), "q", C::Back, "ui.help.back"),
    b(S::Global, K::Esc, "Esc", C::Back, "ui.help.back"),
    b(S::Global, K::Ctrl('c'), "Ctrl-C", C::Quit, "ui.help.quit"),
    b(S::Global, K::Tab, "Tab", C::NextPane, "ui.help.next_pane"),
    b(
        S::Global,
        K::BackTab,
        "S-Tab",
        C::PrevPane,
        "ui.help.prev_pane",
    ),
    b(S::Global, K::Up, "↑/k", C::Up, "ui.help.up"),
    b(S::Global, K::Char('k'), "k", C::Up, ""),
    b(S::Global, K::Down, "↓/j", C::Down, "ui.help.down"),
    b(S::Global, K::Char('j'), "j", C::Down, ""),
    b(S::Global, K::PageUp, "PgUp", C::PageUp, "ui.help.page_up"),
    b(
        S::Global,
        K::PageDown,
        "PgDn",
        C::PageDown,
        "ui.help.page_down",
    ),
    b(S::Global, K::Home, "Home/g", C::Top, "ui.help.top"),
    b(S::Global, K::Char('g'), "g", C::Top, ""),
    b(S::Global, K::End, "End/G", C::Bottom, "ui.help.bottom"),
    b(S::Global, K::Char('G'), "G", C::Bottom, ""),
];

/// The command `key` triggers on a screen with `scope`, if any.
pub(crate) fn lookup(scope: Scope, key: Key) -> Option<Command> {
    BINDINGS
        .iter()
        .find(|b| b.scope == scope && b.key == key)
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.scope == Scope::Global && b.key == key)
        })
        .map(|b| b.command)
}

/// The label of the key bound to `command` in `scope` (a screen binding before a global one).
pub(crate) fn label(scope: Scope, command: Command) -> Option<&'static str> {
    BINDINGS
        .iter()
        .find(|b| b.scope == scope && b.command == command)
        .or_else(|| {
            BINDINGS
                .iter()
                .find(|b| b.scope == Scope::Global && b.command == command)
        })
        .map(|b| b.label)
}

/// Key hints such as `s sort · f show`: for each (command, locale key of its short text), the
/// label of the key the table binds to it in `scope` (a named key such as Space in the user's
/// language). A command with no key in `scope` is left out, so a hint never names a dead key.
pub(crate) fn hints(lang: Lang, scope: Scope, uses: &[(Command, &str)]) -> String {
    uses.iter()
        .filter_map(|(command, text)| {
            let key = label(scope, *command)?;
            let key = crate::i18n::lookup(lang, &format!("ui.key.{key}"))
                .unwrap_or_else(|| key.to_string());
            Some(format!("{key} {}", tr(lang, text)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The bindings to list in the help overlay for `scope`: the screen's own, then the global ones
/// it does not shadow; aliases (empty help) are folded into their main entry's label.
pub(crate) fn help(scope: Scope) -> Vec<&'static Binding> {
    let own = BINDINGS.iter().filter(|b| b.scope == scope);
    let global = BINDINGS.iter().filter(|g| {
        g.scope == Scope::Global && !BINDINGS.iter().any(|b| b.scope == scope && b.key == g.key)
    });
    let mut out: Vec<&Binding> = Vec::new();
    for b in own.chain(global) {
        if b.help.is_empty()
            || out
                .iter()
                .any(|o| o.help == b.help && o.command == b.command)
        {
            continue;
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_bindings_shadow_global_ones() {
        assert_eq!(
            lookup(Scope::Table, Key::Char('e')),
            Some(Command::PositionEmployer)
        );
        assert_eq!(lookup(Scope::Home, Key::Char('q')), Some(Command::Back));
        assert_eq!(lookup(Scope::Home, Key::Char('z')), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.scope == b.scope && a.key == b.key),
                    "{:?} {:?} bound twice",
                    a.scope,
                    a.key
                );
            }
        }
    }

    #[test]
    fn the_inbox_and_the_union_are_reached_from_home() {
        assert_eq!(lookup(Scope::Home, Key::Char('I')), Some(Command::Inbox));
        assert_eq!(lookup(Scope::Home, Key::Char('U')), Some(Command::Union));
        assert_eq!(lookup(Scope::Inbox, Key::Char('s')), Some(Command::Sort));
        assert_eq!(lookup(Scope::Inbox, Key::Esc), Some(Command::Back));
        assert_eq!(
            hints(Lang::En, Scope::Inbox, &[(Command::Sort, "ui.act.sort")]),
            "s sort"
        );
        // A command the scope does not bind is not hinted.
        assert_eq!(
            hints(Lang::En, Scope::Inbox, &[(Command::Union, "ui.act.union")]),
            ""
        );
    }

    #[test]
    fn help_lists_each_command_once() {
        let h = help(Scope::Draft);
        assert_eq!(
            h.iter()
                .filter(|b| b.command == Command::EditClause)
                .count(),
            1
        );
        assert!(h.iter().any(|b| b.command == Command::Help));
    }
}
